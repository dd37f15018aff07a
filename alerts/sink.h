/*
 * sink.h - where alerts go in `ixmon run`: lifecycle, grouping, rate
 * limits, and the sinks (JSON lines file, local syslog, remote RFC 5424
 * syslog over UDP or TCP, an exec hook).  docs/alerts.md is the user's
 * view.
 *
 * The alert table (alert.h) only aggregates: a count and first/last seen
 * per (type, source).  sinks_flush() compares it, once per interval, with
 * what was already sent and turns the difference into events:
 *
 *   raise   an entry seen for the first time (or again after a clear);
 *   repeat  its count went up, at most once per alerts.repeat_every
 *           seconds per alert (hold-down: a flood raises once, then
 *           repeats rarely, each repeat carrying the occurrences held);
 *   clear   "back to normal": a raised alert that has not counted up for
 *           alerts.clear_after seconds.
 *
 *   ack     an operator acknowledged the alert (sinks_take_acks): its own
 *           message, not rate-limited differently from the others.
 *
 * That is the lifecycle of an *event* alert.  A *condition* alert
 * (alert_type_is_condition(), set and closed by its detector through the
 * entry's `open` flag) is raised at the first flush that sees it open,
 * repeats like an event while open (its count is absolute, recomputed at
 * every report), never clears because time passed, and clears at the
 * first flush after it was closed; it is raised again if it reopens.  A
 * condition entry never seen open (raised with alert_raise, or restored
 * from an older state) is handled as an event.  An entry merged into a
 * folded flood entry (`folded`) is never reported again, not even
 * cleared: it lives on in the folded entry, whose messages list its
 * sample of source MACs.
 *
 * Events of one kind in one flush about the same member (same ASN, or the
 * same MAC when no member is known) are one message: arp_spoof + nd_spoof
 * of one router is one syslog line listing both types, not two pages.
 * Each rate-limited sink sends at most alerts.max_per_minute messages a
 * minute; the rest are counted and summarised in one line
 * ("N alert messages suppressed by the rate limit") when the limit allows
 * again.  The JSON lines file is the complete record and is not limited.
 *
 * Nothing here blocks the appliance: sockets are non-blocking (a message
 * that cannot be sent now is dropped and counted), hooks are spawned and
 * reaped with waitpid(WNOHANG).  Times are the caller's `now` (capture time
 * on replay), never read from the clock here.
 */
#ifndef IXMON_SINK_H
#define IXMON_SINK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/alert.h"
#include "common/config.h"
#include "members/registry.h"

struct sinks;

/*
 * Open every configured sink.  `state_dir` holds alerts.jsonl.  NULL with
 * a one-line reason in `err` when a configured sink cannot be opened (bad
 * remote address, unwritable alerts.jsonl, hook not executable).  A remote
 * TCP collector that is down is not an error: it is retried with a
 * back-off.  The configuration is copied; the caller keeps `cfg`.
 */
struct sinks *sinks_new(const struct ixm_config *cfg, const char *state_dir,
    char *err, size_t errlen);

/*
 * Each interval: compare the alert table with what was sent and emit
 * raise / repeat / clear events to every sink.  A raise of an alert that
 * carries an acknowledgement (an event back after its clear) spends it
 * (alert_unack): the new episode needs a new one.  `reg` (may be NULL) names
 * the members.  Entries are tracked by table index (they never move); a
 * table with fewer entries than last time is taken as a new table.
 */
void sinks_flush(struct sinks *s, struct alert_table *t,
    const struct registry *reg, int64_t now);
/* (Each flush also sets the alerts' `cleared` flag: set by a clear,
 * reset by a raise.) */

/*
 * The last flush (EOF of a replay, SIGTERM): like sinks_flush, but every
 * occurrence still held down by the repeat hold-down is sent as a repeat,
 * so alerts.jsonl sums to the table's counts.
 */
void sinks_flush_final(struct sinks *s, struct alert_table *t,
    const struct registry *reg, int64_t now);

/*
 * Take everything in `t` as already raised and sent, at `now`: after a
 * restart restored the table from state.json, or after a reload rebuilt it
 * in another order.  Nothing is re-raised; an alert that keeps counting
 * repeats after the hold-down, one already quiet (last seen, capture time,
 * clear_after before `now`) is cleared at the next flush, unless its clear
 * was sent before (`cleared`: it stays cleared until it counts up).  An open
 * condition is taken as raised (cleared when it closes); a closed one as
 * already cleared; a folded entry as nothing to report.
 */
void sinks_mark_sent(struct sinks *s, const struct alert_table *t,
    int64_t now);

/*
 * Acknowledgements.  The dashboard (another thread, or `ixmon serve`, a
 * process of its own) never touches the alert table: it drops each
 * acknowledgement as a file into the spool STATE_DIR/acks/
 * (alerts/ack_spool.h), and the appliance's loop calls this at every turn;
 * the spool is looked at once per second of `now` (a busy loop turns
 * thousands of times a second, a directory scan each time would cost).  Each one is applied to its alert in `t` (alert_ack) and sent to
 * every sink as an `ack` message; the file is removed.  One for no alert
 * (it cleared and was folded, or the table was rebuilt) or that cannot be
 * read is logged and removed.  At most ACK_SPOOL_BATCH per call.  Returns
 * how many were applied (the caller then writes the state again, so the
 * dashboard shows it without waiting for the interval).
 */
int sinks_take_acks(struct sinks *s, struct alert_table *t,
    const struct registry *reg, int64_t now);

/*
 * {"jsonl": {"sent": N, "suppressed": N, "dropped": N, "errors": N}, ...}
 * per open sink, plus "events": {"raise","repeat","clear"} and "groups";
 * a new reference.  suppressed = held back by the rate limit (and, for
 * exec, by exec_max_running); dropped = could not be sent without blocking
 * (TCP not connected or its queue full, UDP socket full).
 */
json_t *sinks_stats(const struct sinks *s);
void sinks_free(struct sinks *s);

/*
 * Tests: a fixed hostname and PROCID for the RFC 5424 header instead of
 * gethostname() and getpid().
 */
void sinks_set_identity(struct sinks *s, const char *hostname, int pid);

/*
 * RFC 5424 6.3.3: '"', '\' and ']' in a PARAM-VALUE are escaped with a
 * backslash.  Writes at most `len` bytes including the NUL, never cutting
 * an escape in half; returns the length written.
 */
size_t sink_sd_escape(char *out, size_t len, const char *in);

/* ---- for sink implementations (alerts/sink_*.c) ------------------------ */

enum sink_event {
	SINK_RAISE = 0,
	SINK_REPEAT,
	SINK_CLEAR,
	SINK_SUPPRESSED, /* the rate limit's summary line */
	SINK_ACK,        /* an operator acknowledged the alert */
};

struct sink_item {
	const struct alert *a;
	uint64_t new_count; /* occurrences since the previous event */
};

#define SINK_TYPES_LEN 512
#define SINK_LIST_LEN  512
#define SINK_TEXT_LEN  4096

/* One message: one event about one member (a group of alerts). */
struct sink_msg {
	enum sink_event event;
	uint64_t group;   /* id shared by the lines of one message */
	int64_t now;      /* flush time */
	int severity;     /* enum alert_severity: the group's most severe */
	const struct sink_item *items;
	size_t n;
	const struct reg_member *member; /* NULL when not known */
	int has_asn;
	uint32_t asnum;
	uint64_t count;      /* sum of the alerts' counts */
	uint64_t suppressed; /* SINK_SUPPRESSED: messages held back */
	/* prepared once for every sink */
	char types[SINK_TYPES_LEN]; /* "arp_spoof,nd_spoof" (distinct) */
	char macs[SINK_LIST_LEN];   /* distinct MACs, space-separated */
	char ips[SINK_LIST_LEN];    /* distinct IPs, space-separated */
	char ids[SINK_LIST_LEN];    /* the alerts' ids, space-separated */
	char text[SINK_TEXT_LEN];   /* the one human line */
};

/*
 * Per message (per line for alerts.jsonl): sent = delivered (the whole
 * line written to the file, the datagram handed to the kernel and not
 * refused, the TCP frame written whole to the socket, the hook started
 * with all of its input); errors = it failed and is lost; dropped = not
 * sent so as not to block; suppressed = held back by a rate limit.  A
 * message is counted once, in one of them, never as sent when it was not
 * written.  Two errors are not messages: a TCP connection that failed
 * (its queued messages wait and are counted when they leave the queue)
 * and a hook that exited non-zero (already counted as sent).
 */
struct sink_counters {
	uint64_t sent, suppressed, dropped, errors;
};

/*
 * A sink's error log, rate-limited: the first error with a given errno
 * is logged at once (log_warnx, the message and strerror of that errno);
 * more with the same errno within SINK_ERRLOG_WINDOW seconds of `now` are
 * counted, and the count is logged with the message at the first
 * sink_errlog_tick (or error) after the window, or by sink_errlog_flush:
 *
 *   alert sink jsonl: /var/.../alerts.jsonl: write: No space left on device
 *   alert sink jsonl: /var/.../alerts.jsonl: write: No space left on device
 *       (1234 more since the last report)
 *
 * `err` is the errno of the failing call, saved by the caller right
 * after it (0: no errno, the message says what went wrong).
 */
#define SINK_ERRLOG_WINDOW 60
#define SINK_ERRLOG_SLOTS  4
#define SINK_ERRLOG_LEN    512

struct sink_errlog {
	struct {
		int used, err;
		int64_t since;       /* when this errno was last logged */
		uint64_t suppressed; /* since then */
		char text[SINK_ERRLOG_LEN];
	} slot[SINK_ERRLOG_SLOTS];
};

void sink_errlog(struct sink_errlog *l, int64_t now, int err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void sink_errlog_tick(struct sink_errlog *l, int64_t now);
/* At close: log every count still held back, whatever the time. */
void sink_errlog_flush(struct sink_errlog *l);

/* What every sink gets at open: the settings and identity. */
struct sink_env {
	const struct ixm_config *cfg;
	const char *state_dir;
	const char *hostname;
	int pid;
};

struct sink_ops {
	const char *name;
	int rate_limited; /* subject to alerts.max_per_minute */
	/* 1 = configured (open it), 0 = off */
	int (*enabled)(const struct ixm_config *cfg);
	/* state into *priv; 0, or -1 with a reason */
	int (*open)(void **priv, const struct sink_env *env,
	    struct sink_counters *c, char *err, size_t errlen);
	void (*emit)(void *priv, const struct sink_env *env,
	    const struct sink_msg *m);
	/* once per flush, before and after the messages (may be NULL) */
	void (*tick)(void *priv, const struct sink_env *env, int64_t now);
	void (*close)(void *priv);
};

extern const struct sink_ops sink_jsonl_ops, sink_syslog_ops,
    sink_remote_ops, sink_exec_ops;

const char *sink_event_name(enum sink_event ev);
/*
 * The message's own severity: a clear or an acknowledgement says that
 * something is back to normal or being handled, so it is a notice whatever
 * the alert's severity (a cleared critical must not page anyone); else the
 * group's most severe alert's.  The suppressed summary is a warning.
 */
enum alert_severity sink_msg_severity(const struct sink_msg *m);
/* syslog(3) severity of a message: sink_msg_severity() as LOG_CRIT,
 * LOG_WARNING, LOG_NOTICE. */
int sink_msg_priority(const struct sink_msg *m);
/*
 * The dashboard page about the message (alerts.dashboard_url): the
 * member's page when it is about a member, else the NOC page; "" when no
 * URL is configured.
 */
#define SINK_URL_LEN 320
const char *sink_msg_url(const struct sink_msg *m, const struct ixm_config *cfg,
    char buf[SINK_URL_LEN]);
/* One alert line of a message as JSON (alert_json + event, new_count,
 * group, member); a new reference. */
json_t *sink_item_json(const struct sink_msg *m, size_t i);
/* The whole message as JSON (the exec hook's stdin); a new reference. */
json_t *sink_msg_json(const struct sink_msg *m);
/*
 * The RFC 5424 message (no framing) into buf: facility from the config,
 * timestamp `now`, msgid the most severe alert's type.  Returns the length
 * (truncated to len - 1: the MSG text is cut, never the header or SD).
 */
size_t sink_rfc5424(char *buf, size_t len, const struct sink_env *env,
    const struct sink_msg *m);

#endif
