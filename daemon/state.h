/*
 * state.h - the appliance's state file, DIR/state.json, and its windows.
 *
 * state.json is the engine's report plus the daemon's own sections (run,
 * alert_sinks, window, graphs): what `ixmon serve`, the graphs and a
 * restart read.  It is written whole or not at all: a temporary file in
 * the same directory, fsync, rename (POSIX rename(2) replaces atomically),
 * so a reader or a crash never sees half a file.
 *
 * A restart takes it back.  A file that cannot be taken back whole - not
 * JSON, or not an ixmon state, or with a counter section of the wrong type
 * - is never overwritten with zeros nor half-resumed: it is renamed aside
 * as state.json.bad-YYYYMMDDTHHMMSSZ, said in one log line and in the new
 * state (run.state_set_aside), and the run starts from zero.
 */
#ifndef IXMON_DAEMON_STATE_H
#define IXMON_DAEMON_STATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Write `text` to DIR/NAME atomically, mode 0640.  0, or -1 with errno
 * set by the call that failed (the temporary file is removed).
 */
int state_write_atomic(const char *dir, const char *name, const char *text);

/*
 * Read DIR/state.json for a restart.  Returns the state (owned by the
 * caller), or NULL: absent (`aside` empty), or bad and renamed to the
 * file named in `aside` (why in `why`).
 */
json_t *state_load(const char *dir, int64_t now, char *aside, size_t asidelen,
    char *why, size_t whylen);

/*
 * Is `state` a report ixmon can continue from?  0, or -1 with the first
 * problem (a section missing or of the wrong type) in `why`.
 */
int state_check(const json_t *state, char *why, size_t whylen);

/*
 * Counters of `cur` minus those of `prev`: integers subtract, objects
 * recurse, anything else is left out; a smaller value (a baseline that
 * restarted) gives `cur`.  A new reference, or NULL for a non-counter.
 */
json_t *state_delta(const json_t *cur, const json_t *prev);

/*
 * The window: what the interval from `start` (0: none) to `end` added,
 * for the counter sections, the IPv6 share and each member's traffic.
 */
json_t *state_window(const json_t *cur, const json_t *prev, int64_t start,
    int64_t end);

#endif
