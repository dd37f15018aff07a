/*
 * jget.h - tolerant dotted-path reads from a state/report json_t.
 *
 * The one path reader: the dashboard and metrics (web/), the RRD store's
 * data sources (graphs/rrd_store.c) and the tests read reports through it.
 * The state file is ours, but its readers must survive any JSON (an old
 * or newer ixmon, a hand-edited file, the fuzzer): every getter takes a
 * dotted path, returns a default when a step is missing or of another type,
 * and never asserts.  Counters are clamped to >= 0.
 */
#ifndef IXMON_JGET_H
#define IXMON_JGET_H

#include <jansson.h>
#include <stdint.h>

/* "a.b.c" under `root`, or NULL.  Path at most 127 bytes. */
json_t *jget(const json_t *root, const char *path);
/* Integer (reals truncated) at path, >= 0, else 0. */
uint64_t jget_u64(const json_t *root, const char *path);
/* Number at path, else `def`. */
double jget_num(const json_t *root, const char *path, double def);
/* String at path, else NULL (owned by the json_t). */
const char *jget_str(const json_t *root, const char *path);
/* 1 if the path holds a number. */
int jget_has_num(const json_t *root, const char *path);

#endif
