/*
 * inspector.h - nDPI's packet inspection on a thread of its own.
 *
 * nDPI costs 1.5-2.5 us a packet on a flow's first packets, more than the
 * rest of the analysis of a frame, and the caller needs its answer only
 * later: before the flow's next frame, when the flow retires, or in a
 * report.  So the application view (an_app.c) hands each packet to the
 * inspector as a job and goes on; a worker thread runs the jobs in the
 * order given, on the one nDPI module, and writes each answer into the
 * job's result.  The caller waits for a job (insp_wait) only where it
 * needs that answer; every nDPI call on the module goes through a job, so
 * the module is touched by one thread at a time, in the same order as
 * without the thread, and the answers are the same.
 *
 * Without a thread (insp_new(..., 0), or one CPU) a job runs at once in
 * the caller's thread: the same code, for the same answers.
 */
#ifndef IXMON_INSPECTOR_H
#define IXMON_INSPECTOR_H

#include <stdint.h>

#include "analyze/ndpi_shim.h"

enum insp_outcome {
	INSP_DETECTING = 0, /* still unknown: feed the next packet */
	INSP_DETECTED,      /* nDPI named the flow */
	INSP_GAVE_UP,       /* given up; `proto` is nDPI's guess or 0 */
};

/*
 * Written by the jobs, read by the caller once insp_wait() returned.  The
 * flow's first job (INSP_NEW_FLOW) clears it with nDPI's state, in the
 * worker, where both are used next; once a job decided, later jobs on the
 * flow leave it alone.
 */
struct insp_result {
	uint16_t proto;
	uint8_t outcome; /* enum insp_outcome */
	uint8_t guessed; /* a GAVE_UP proto is nDPI's guess by ports */
};

/* Job flags. */
#define INSP_GIVEUP_IF_UNKNOWN 1u /* no name after this packet: give up */
#define INSP_NEW_FLOW          2u /* the flow's first job: set up `nflow` and `res` */

struct inspector;

/* `threaded` 0: run jobs inline.  `nd` is borrowed; fatal on ENOMEM. */
struct inspector *insp_new(struct nshim *nd, int threaded);
/* Runs what is queued, stops the worker. */
void insp_free(struct inspector *in);

/*
 * Inspect `len` bytes from the IP header (copied: the caller's buffer may
 * be reused) on the nDPI flow state `nflow`, at capture time `ms`; with
 * `l3` NULL, only give up.  When nDPI names the flow or it gives up, the
 * state's own allocations are released (the buffer stays the caller's).
 * Returns the job's ticket for insp_wait().  The caller must not touch
 * `nflow` or `res` until then.
 */
uint64_t insp_submit(struct inspector *in, void *nflow, struct insp_result *res,
    const uint8_t *l3, uint32_t len, uint64_t ms, unsigned flags);
/* Wait until the job of `ticket` (and every one before it) has run. */
void insp_wait(struct inspector *in, uint64_t ticket);
/* Wait until every job submitted has run. */
void insp_drain(struct inspector *in);
/*
 * Run jobs in the caller's thread from now on (after the worker finished
 * what it has), or on the worker again.  The inspector does this itself
 * when waiting for the worker costs more than it saves (a busy machine);
 * tests use it to switch at will.
 */
void insp_set_inline(struct inspector *in, int on);

#endif
