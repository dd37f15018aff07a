/*
 * metrics.h - the Prometheus text exposition of a state json_t (/metrics).
 * Names, labels and meanings: docs/dashboard.md.
 */
#ifndef IXMON_METRICS_H
#define IXMON_METRICS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "web/wbuf.h"

/*
 * The whole exposition for `state` (any JSON: missing parts are left out).
 * `mtime` is state.json's modification time for ixmon_state_timestamp_seconds
 * (0 leaves it out: time is a parameter, the function stays pure).
 * Returns a malloc'ed NUL-terminated text, or NULL past WBUF_MAX / on ENOMEM.
 */
char *metrics_text(const json_t *state, int64_t mtime, size_t *len);

/* A label value escaped per the exposition format: \\, \", \n. */
void metrics_label_value(struct wbuf *b, const char *s);

#endif
