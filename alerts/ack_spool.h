/*
 * ack_spool.h - acknowledgements on their way from the dashboard to the
 * alert table: the spool directory STATE_DIR/acks/.
 *
 * The dashboard shares nothing with the capture loop but the state
 * directory (web/web.h): `ixmon serve` may be another process, and even
 * `ixmon run --http` answers on its own thread.  So an acknowledgement
 * travels as a file, like mail through a maildir: the writer creates
 * ".NAME.tmp" in STATE_DIR/acks/, fsyncs it and renames it to "NAME.json"
 * (rename(2) is atomic: the reader sees a whole file or none); the reader,
 * the appliance's loop, takes the files in name order, applies them and
 * removes them.  NAME is the receive time (zero-padded seconds and
 * nanoseconds) and the writer's pid and a counter, so names sort in
 * arrival order and never collide.
 *
 * One file is one JSON object, at most ACK_SPOOL_FILE_MAX bytes:
 *
 *   {"id": "9f0c2a51d7e3b864", "time": "2026-11-02T10:00:00Z",
 *    "note": "ticket 4711: AS64500 asked to disable RA on the LAN port"}
 *
 * Everything is bounded: a writer refuses when ACK_SPOOL_MAX files wait
 * (no appliance is taking them), a reader takes at most ACK_SPOOL_BATCH
 * per call, and a file larger than ACK_SPOOL_FILE_MAX is not read.
 */
#ifndef IXMON_ACK_SPOOL_H
#define IXMON_ACK_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "alerts/alert.h"

#define ACK_SPOOL_DIR      "acks"
#define ACK_SPOOL_MAX      256  /* files waiting at most */
#define ACK_SPOOL_BATCH    64   /* taken per call */
#define ACK_SPOOL_FILE_MAX 4096 /* bytes per file */

struct ack_req {
	uint64_t id;
	int64_t sec; /* when the dashboard received it */
	char note[ALERT_NOTE_LEN];
};

/*
 * Create STATE_DIR/acks (mode 0750 under the appliance's umask) if it is
 * not there: 0, or -1 with errno.
 */
int ack_spool_create(const char *state_dir);

/*
 * Drop `r` into the spool under the state directory open as `state_dirfd`.
 * 0, or -1 with a one-line reason in `err`: the spool is missing (no
 * appliance writes this directory), full (none is taking them) or cannot
 * be written.
 */
int ack_spool_put(int state_dirfd, const struct ack_req *r, char *err,
    size_t errlen);

/*
 * Take up to ACK_SPOOL_BATCH files from STATE_DIR/acks in name order: for
 * each, `fn` gets the request (or NULL and why it could not be read) and
 * the file is removed.  Returns how many files were taken, -1 when the
 * spool cannot be opened (errno; ENOENT: there is none).
 */
int ack_spool_take(const char *state_dir,
    void (*fn)(void *ctx, const struct ack_req *r, const char *file,
	const char *why),
    void *ctx);

/* The file's JSON for `r`; a malloc'ed string, or NULL (out of memory). */
char *ack_spool_format(const struct ack_req *r);
/* Parse one file's text: 0, or -1 with what is wrong in `why`. */
int ack_spool_parse(const char *text, size_t len, struct ack_req *r,
    char *why, size_t whylen);

#endif
