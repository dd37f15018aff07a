/*
 * analyzer.h - the analyzer table.
 *
 * An analyzer is a small module with one concern (ethertype counting,
 * tunnels, later MAC security, ND/MLD, members...).  They sit in a static
 * table (analyzers.c); the engine calls each in order for every analysed
 * frame and asks each to add its section to the report.  No dlopen, no
 * registration at run time: the table is the architecture diagram.
 *
 * Time is a parameter: `meta->ts_sec` is the frame's capture time, so a
 * replayed capture gives the same result every time.  `meta->weight` is how
 * many wire frames this one stands for (our 1:N sampler times the sFlow
 * sampling rate); counters add `weight`, not 1, so totals are estimates.
 */
#ifndef IXMON_ANALYZER_H
#define IXMON_ANALYZER_H

#include <jansson.h>
#include <stdint.h>

#include "capture/frame.h"

struct frame_meta {
	int64_t ts_sec;
	uint32_t ts_nsec;
	uint32_t weight;
};

struct analyzer_ops {
	const char *name;
	/* Allocate state; fatal on allocation failure, never NULL. */
	void *(*init)(void);
	void (*frame)(void *st, const struct dec_frame *f,
	    const struct frame_meta *meta);
	/* Add this analyzer's sections to the report object `root`. */
	void (*report)(void *st, json_t *root);
	void (*free)(void *st);
};

extern const struct analyzer_ops *const analyzer_table[];

/* The table's entries, one per analyze/<name>.c */
extern const struct analyzer_ops an_ethertype_ops;

/* Build {"frames": N, "bytes": N}; owned by the caller. */
json_t *an_count_json(uint64_t frames, uint64_t bytes);

#endif
