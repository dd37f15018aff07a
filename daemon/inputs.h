/*
 * inputs.h - the appliance's inputs as a table, as analyzers and alert
 * sinks are: a live interface (libpcap), an sFlow v5 collector socket, a
 * switch-syslog socket and a replayed capture file are rows with the same
 * operations.  Every row feeds the one engine (engine_offer, engine_sflow,
 * engine_syslog), so what it brings is counted in the engine's report and
 * survives a restart with the rest of state.json; its own counters (frames
 * read, kernel drops, receive errors) are in run.inputs and are taken back
 * by restore().  No globals: libpcap's callback gets the input, the input
 * carries the engine it feeds.
 *
 * The sFlow collector's socket is read by a thread of its own into a
 * bounded queue (dgram_queue.h), so an analysis slowed down by a burst of
 * new flows fills the queue, not the socket; what is lost anyway is
 * counted where it was lost: kernel_drops (the socket's buffer was full:
 * the receive thread itself fell behind) and queue_drops (the queue was:
 * the analysis fell behind by more than INPUT_QUEUE_BYTES).
 */
#ifndef IXMON_DAEMON_INPUTS_H
#define IXMON_DAEMON_INPUTS_H

#include <jansson.h>
#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "capture/source_file.h"
#include "capture/source_live.h"

struct dgram_queue;
struct engine;
struct input;

#define INPUT_BATCH      1024 /* frames or datagrams per input per wakeup */
#define INPUT_RETRY_SECS 5    /* reopen a vanished interface this often */

/*
 * The sFlow queue's bound, in bytes.  64 MiB holds about 40,000 datagrams
 * of the usual 1,400-1,600 bytes: some 4 s of a large exchange's sFlow
 * (10,000 datagrams a second, 1 in 16,384 sampled on 10 Tb/s) while the
 * analysis falls behind (a burst of new flows through nDPI, a slow
 * state.json or RRD write), on top of the 32 MiB socket buffer.  An
 * analysis behind for longer is too slow for the rate, not late: a larger
 * queue would only add memory and delay, so the rest is dropped and
 * counted (queue_drops).  The ring turns through all of it, so count it
 * as resident memory once 64 MiB of sFlow went through.
 */
#define INPUT_QUEUE_BYTES (64u << 20)
/*
 * The sFlow socket's receive buffer: what arrives while the receive thread
 * is not scheduled.  32 MiB (the kernel reports twice that, counting its
 * bookkeeping); past net.core.rmem_max only as root (SO_RCVBUFFORCE).
 */
#define INPUT_SFLOW_RCVBUF (32 << 20)

struct input_ops {
	const char *kind; /* "interface", "sflow", "syslog", "replay" */
	/* Open it; -1 with the reason in `err`. */
	int (*open)(struct input *in, char *err, size_t errlen);
	/* The descriptor to poll, or -1 (not open, or a replay). */
	int (*fd)(const struct input *in);
	/*
	 * Feed `e` with what is ready, at most a batch (a replay: the whole
	 * file).  -1 when the input failed (it is closed; see retry).
	 */
	int (*read)(struct input *in, struct engine *e);
	/* Its counters for state.json's run.inputs (a new reference). */
	json_t *(*stats)(const struct input *in);
	/* Take the counters back from an earlier stats() object. */
	void (*restore)(struct input *in, const json_t *stats);
	void (*close)(struct input *in);
	/*
	 * At the end of a run, before the final state: feed `e` what was
	 * received and is still waiting (NULL: nothing ever waits).
	 */
	void (*drain)(struct input *in, struct engine *e);
};

struct input {
	const struct input_ops *ops;
	const char *name;  /* interface, [ADDR:]PORT or file; the caller's */
	char error[256];   /* why it last failed, "" when fine */
	/* interface */
	const struct live_opts *live;
	pcap_t *p;
	int linktype;
	time_t retry_at;
	struct engine *feeding; /* during read(): libpcap's callback needs it */
	uint64_t drops, if_drops, reopens;
	/* sockets */
	int fd;
	uint8_t *buf; /* one datagram, the largest the kind takes */
	size_t buflen;
	/* sFlow: the receive thread and its queue; NULL reads in the loop */
	struct dgram_queue *q;
	size_t queue_bytes;   /* the queue's bound; 0: INPUT_QUEUE_BYTES */
	uint32_t shedding;    /* nDPI's new-flow budget divided by this (1: none) */
	uint64_t shed_turns;  /* reads that found the queue over a quarter full */
	int rcvbuf;           /* the socket's buffer as the kernel reports it */
	uint64_t kernel_drops; /* of earlier runs and sockets (restore) */
	uint64_t queue_drops;  /* likewise */
	uint64_t q_errors;     /* the queue's errors already in `errors` */
	/* replay */
	const struct src_hooks *hooks;
	/* every kind */
	uint64_t frames;   /* frames or datagrams read */
	uint64_t errors;   /* receive errors */
};

extern const struct input_ops input_interface_ops;
extern const struct input_ops input_sflow_ops;
extern const struct input_ops input_syslog_ops;
extern const struct input_ops input_replay_ops;

/* A fresh input of `ops` on `name` (fd -1). */
void input_init(struct input *in, const struct input_ops *ops, const char *name);

/* "[ADDR:]PORT", "[v6addr]:PORT" -> a bound, non-blocking UDP socket, or -1. */
int input_udp_listen(const char *spec, char *err, size_t errlen);

#endif
