/*
 * rrd_store.h - the appliance's time series: RRD files under DIR/rrd.
 *
 * Every counter comes from the state JSON the appliance writes each
 * interval (cumulative counters, as the report holds them), so the store needs no
 * hook into the analyzers: it turns one state into one update per file at
 * the data's own time.  Files and data-source names are a public contract
 * (docs/graphs.md) for other RRD readers (Cacti, LibreNMS, IXP Manager
 * style setups).
 *
 * A writer thread of the store's own does the librrd calls, in order, from
 * a bounded queue: creating a member's 1.5 MB file or waiting for a slow
 * rrdcached must not stall the capture loop that queued the update.
 *
 * Writes go straight to the files (rrd_update_r) or all through rrdcached
 * (--rrdcached ADDR), never both for one store: librrd refuses an update
 * older than the file's last one, and a daemon's cached values are newer
 * than the file until it flushes.
 */
#ifndef IXMON_RRD_STORE_H
#define IXMON_RRD_STORE_H

#include <jansson.h>
#include <stdint.h>

struct rrd_store;

/* One RRD file's layout: name (DIR/rrd/NAME.rrd) and data sources. */
#define RRD_MAX_DS 24
struct rrd_file_def {
	const char *name;
	const char *title; /* for docs and graphs */
	int n_ds;
	const char *ds[RRD_MAX_DS];
	const char *type; /* "DERIVE" (counters, the default: NULL) or "GAUGE" */
};

/* The LAN-wide files, in a fixed order (members are member-ASN.rrd). */
extern const struct rrd_file_def rrd_lan_files[];
extern const int rrd_n_lan_files;

/*
 * librrd takes a file's lock without waiting (F_SETLK): an update fails
 * while a render pass, another process, reads the file, and a render fails
 * while the writer updates it; either holds a file for milliseconds.  Both
 * retry RRD_LOCK_WAIT_MS apart, RRD_LOCK_TRIES times (2 s) before the
 * failure is an error.  rrd_lock_refused: librrd's last error in this
 * thread was such a lock.
 */
#define RRD_LOCK_WAIT_MS 20
#define RRD_LOCK_TRIES 100
int rrd_lock_refused(void);
void rrd_lock_wait(void);

/*
 * `dir`: the state directory (files go to DIR/rrd); `step`: the interval
 * in seconds; `daemon`: rrdcached address ("unix:/path", "host:port") or
 * NULL for direct writes.  NULL with `err` set when DIR/rrd cannot be made.
 */
struct rrd_store *rrd_store_open(const char *dir, unsigned step,
    const char *daemon, char *err, size_t errlen);
/* Write what is queued (what a daemon will take), then stop the writer. */
void rrd_store_close(struct rrd_store *s);

/*
 * The counters were all zero at `ts` (a fresh run starts): files that do
 * not exist yet are created with that first point, so the first interval
 * gets a rate too.
 */
void rrd_store_begin(struct rrd_store *s, int64_t ts);

/*
 * Queue one update per file from `state` at capture/wall time `ts` for the
 * store's writer thread, and return: the caller (the capture loop) never
 * waits for a disk or for rrdcached.  Updates not newer than the last are
 * skipped (counted).  With rrdcached, lines the daemon did not take stay
 * queued (bounded, oldest dropped and counted) and go first when it
 * answers again, retried once an interval; never fatal.  Returns 0.
 */
int rrd_store_update(struct rrd_store *s, const json_t *state, int64_t ts);

/* Has the writer written everything it can (a render may start)? */
int rrd_store_idle(struct rrd_store *s);

/*
 * Wait until the writer has written what is queued, then ask rrdcached to
 * write everything it holds.  0, or -1 when the daemon could not be
 * reached or refused a FLUSH.
 */
int rrd_store_flush(struct rrd_store *s);

/*
 * FLUSH every RRD file of `rrd_dir` through rrdcached at `daemon`; the
 * number that failed, the last of them in `failed`.
 */
int rrd_flush_dir(const char *rrd_dir, const char *daemon, char *failed,
    size_t len);

/* {"dir","step","created","updates","skipped","errors","pending","dropped",
 * "last_error", "rrdcached": {...}}; safe from any thread. */
json_t *rrd_store_stats(struct rrd_store *s);

#endif
