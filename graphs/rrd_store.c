/*
 * rrd_store.c - see rrd_store.h.
 *
 * Data sources are DERIVE with a minimum of 0: the state holds cumulative
 * counters, RRD turns them into per-second rates, and a counter that goes
 * back (a state lost, an alert evicted from the aggregation table) becomes
 * one unknown point rather than a spike of 2^64.  The heartbeat is three
 * steps, so one late or lost update leaves no hole.
 *
 * Retention follows MRTG/Cacti-style IXP tools: the step (one minute by
 * default) for 3 days (4320 rows at most), 5 minutes for 3 weeks, 1 hour
 * for 13 months, 1 day for 10 years; AVERAGE and MAX for each.  A member
 * file is 1.5 MB, two a member (sent, received), so 700 members take
 * about 2 GB.
 *
 * The rrdcached path (rrdcached(1), its text protocol over a unix or TCP
 * socket) uses librrd's rrdc_* calls: Debian's librrd 1.7.2 exports only
 * that one global connection (behind librrd's own lock), not the
 * per-object rrd_client API its header declares.  Only the writer thread
 * (and rrd_store_flush, while the writer is idle) uses it.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <rrd.h>
#include <rrd_client.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alerts/alert.h"
#include "common/jget.h"
#include "common/log.h"
#include "graphs/rrd_store.h"

/* Where a data source's value comes from in the state JSON. */
struct ds_src {
	const char *path; /* dot path to an integer; or: */
	const char *alert_type; /* sum of alerts[].count of this type */
	const char *capture;    /* sum of run.capture[].<field> */
	const char *v6_status;  /* members (AS numbers) in this IPv6 state */
};

#define DS_PATH(p) {.path = (p)}
#define DS_ALERT(t) {.alert_type = (t)}

const struct rrd_file_def rrd_lan_files[] = {
	{"lan", "LAN traffic by ethertype", 8,
	    {"ipv4_frames", "ipv4_bytes", "ipv6_frames", "ipv6_bytes", "arp_frames",
		"arp_bytes", "other_frames", "other_bytes"}, NULL},
	{"tunnels", "IPv6 tunnelled in IPv4", 6,
	    {"6in4_frames", "6in4_bytes", "6to4_frames", "6to4_bytes",
		"teredo_frames", "teredo_bytes"}, NULL},
	{"ndarp", "ND, MLD and ARP messages", 12,
	    {"rs", "ra", "ns", "na", "redirect", "ns_dad", "mld_query",
		"mld_report", "mld_done", "arp_request", "arp_reply", "arp_other"},
	    NULL},
	{"alerts", "alert occurrences by type", 21,
	    {"rogue_ra", "nd_spoof", "arp_spoof", "nd_flood", "mld_flood",
		"arp_flood", "nd_foreign_source", "mac_unknown", "mac_mismatch",
		"mac_multiple", "mac_flood", "mac_invalid_source", "mac_misaligned",
		"forbidden_ethertype", "forbidden_protocol", "ip_outside_lan",
		"v6_unregistered", "v6_silent", "v6_went_dark", "port_security",
		"capture_down"}, NULL},
	{"health", "decode errors, drops, lost samples", 10,
	    {"frames", "dec_truncated", "dec_invalid", "dec_unsupported",
		"snapped", "kernel_dropped", "if_dropped", "sflow_datagrams",
		"sflow_lost_samples", "alerts_dropped"}, NULL},
	/*
	 * How many members serve IPv6 (ipv6.status active and not gone
	 * dark), are registered and silent, or went dark: levels, not
	 * counters, so GAUGE.
	 */
	{"v6members", "members by IPv6 status", 3, {"active", "silent", "dark"},
	    "GAUGE"},
};
const int rrd_n_lan_files = sizeof(rrd_lan_files) / sizeof(rrd_lan_files[0]);

static const struct ds_src lan_src[][RRD_MAX_DS] = {
	{DS_PATH("ethertype.ipv4.frames"), DS_PATH("ethertype.ipv4.bytes"),
	    DS_PATH("ethertype.ipv6.frames"), DS_PATH("ethertype.ipv6.bytes"),
	    DS_PATH("ethertype.arp.frames"), DS_PATH("ethertype.arp.bytes"),
	    DS_PATH("ethertype.other.frames"), DS_PATH("ethertype.other.bytes")},
	{DS_PATH("tunneled_ipv6.6in4.frames"), DS_PATH("tunneled_ipv6.6in4.bytes"),
	    DS_PATH("tunneled_ipv6.6to4.frames"), DS_PATH("tunneled_ipv6.6to4.bytes"),
	    DS_PATH("tunneled_ipv6.teredo.frames"),
	    DS_PATH("tunneled_ipv6.teredo.bytes")},
	{DS_PATH("nd_arp.rs"), DS_PATH("nd_arp.ra"), DS_PATH("nd_arp.ns"),
	    DS_PATH("nd_arp.na"), DS_PATH("nd_arp.redirect"),
	    DS_PATH("nd_arp.ns_dad"), DS_PATH("nd_arp.mld_query"),
	    DS_PATH("nd_arp.mld_report"), DS_PATH("nd_arp.mld_done"),
	    DS_PATH("nd_arp.arp_request"), DS_PATH("nd_arp.arp_reply"),
	    DS_PATH("nd_arp.arp_other")},
	{DS_ALERT("rogue_ra"), DS_ALERT("nd_spoof"), DS_ALERT("arp_spoof"),
	    DS_ALERT("nd_flood"), DS_ALERT("mld_flood"), DS_ALERT("arp_flood"),
	    DS_ALERT("nd_foreign_source"), DS_ALERT("mac_unknown"),
	    DS_ALERT("mac_mismatch"), DS_ALERT("mac_multiple"),
	    DS_ALERT("mac_flood"), DS_ALERT("mac_invalid_source"),
	    DS_ALERT("mac_misaligned"), DS_ALERT("forbidden_ethertype"),
	    DS_ALERT("forbidden_protocol"), DS_ALERT("ip_outside_lan"),
	    DS_ALERT("v6_unregistered"), DS_ALERT("v6_silent"),
	    DS_ALERT("v6_went_dark"), DS_ALERT("port_security_violation"),
	    DS_ALERT("capture_down")},
	{DS_PATH("input.frames"), DS_PATH("input.decode_errors.truncated"),
	    DS_PATH("input.decode_errors.invalid"),
	    DS_PATH("input.decode_errors.unsupported"), DS_PATH("input.snapped"),
	    {.capture = "kernel_dropped"}, {.capture = "interface_dropped"},
	    DS_PATH("sflow.datagrams"), DS_PATH("sflow.lost_samples"),
	    DS_PATH("alerts_dropped")},
	{{.v6_status = "active"}, {.v6_status = "silent"}, {.v6_status = "dark"}},
};

/*
 * A member's traffic: what it sent (frames from its MACs) in member-ASN,
 * what it received (unicast frames to its MACs) in member-ASN-in, with the
 * same data sources.  Two files rather than more sources in one: RRD
 * files already written keep their layout, and a reader of member-ASN.rrd
 * sees the same four sources as before.
 */
static const struct rrd_file_def rrd_member_file = {"member-ASN",
    "a member's IPv4 and IPv6 traffic, sent", 4,
    {"ipv4_frames", "ipv4_bytes", "ipv6_frames", "ipv6_bytes"}, NULL};
static const struct rrd_file_def rrd_member_in_file = {"member-ASN-in",
    "a member's IPv4 and IPv6 traffic, received", 4,
    {"ipv4_frames", "ipv4_bytes", "ipv6_frames", "ipv6_bytes"}, NULL};

/*
 * Lines waiting for the writer thread (and, with rrdcached, for the daemon
 * to answer again): one line per file and step, oldest first.
 */
#define RRD_QUEUE_MAX 4096
struct pending {
	const struct rrd_file_def *def;
	int64_t ts; /* of the line */
	char file[64];
	char line[RRD_MAX_DS * 21 + 24];
};

struct rrd_store {
	char dir[1024]; /* DIR/rrd */
	unsigned step;
	char *daemon;
	int client; /* writes go through rrdcached */
	pthread_t writer;
	pthread_mutex_t mu; /* the queue and the counters; never held over I/O */
	pthread_cond_t work, idle, room; /* room: a line left a full queue */
	struct pending *queue; /* ring */
	size_t q_head, q_len;
	uint64_t q_removed; /* lines taken off the head so far (by write or drop) */
	int stalled;        /* the daemon is down: wait for the next interval */
	int busy, stop;
	/* main thread only */
	int replay; /* the data is older than the clock: wait, never drop */
	int64_t last_ts;
	int64_t begin_ts; /* counters were zero then (0: unknown) */
	int64_t *known;   /* member ASNs already queued, sorted */
	size_t n_known, cap_known;
	/* counters, under mu */
	int daemon_up;
	uint64_t updates, skipped, errors, created, queued_dropped,
	    daemon_failures;
	char last_error[256];
	char last_logged[256]; /* the cause set_error() last logged */
	uint64_t repeats;      /* ... and how often it came back since */
};

/*
 * fork() (a render pass, an exec hook) waits for the writer's librrd call
 * in progress: a child must not inherit librrd's rrdcached client lock
 * held by a thread it does not have.
 */
static pthread_mutex_t rrd_io = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void io_lock(void) { pthread_mutex_lock(&rrd_io); }
static void io_unlock(void) { pthread_mutex_unlock(&rrd_io); }
static void register_atfork(void) { pthread_atfork(io_lock, io_unlock, io_unlock); }

static const char *file_path(const struct rrd_store *s, const char *name,
    char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s.rrd", s->dir, name);
	return buf;
}

/* Say how often the last logged error came back since it was logged. */
static void log_repeats(struct rrd_store *s)
{
	if (s->repeats)
		log_warnx("rrd: the error above came back %llu more times",
		    (unsigned long long)s->repeats);
	s->repeats = 0;
}

/*
 * A failed librrd call: counted, kept for state.json, logged with its
 * cause (librrd's message, else errno's) - once while it repeats, so a
 * full disk is one line and a count, not one line per file per interval.
 */
static void set_error(struct rrd_store *s, const char *what, const char *file)
{
	const char *e = rrd_get_error();
	char why[256];

	snprintf(why, sizeof(why), "%s", e && e[0] ? e : errno ? strerror(errno) :
	    "failed, no cause given");
	pthread_mutex_lock(&s->mu);
	s->errors++;
	snprintf(s->last_error, sizeof(s->last_error), "%s %.120s: %.120s", what, file, why);
	pthread_mutex_unlock(&s->mu);
	/* The same failure on another file is the same failure. */
	if (strcmp(s->last_logged, why) == 0) {
		s->repeats++;
		return;
	}
	log_repeats(s);
	snprintf(s->last_logged, sizeof(s->last_logged), "%s", why);
	log_warnx("rrd: %s %s: %s", what, file, why);
}

/* Connected to rrdcached, reconnecting after a failure; 0 or -1. */
static int daemon_ready(struct rrd_store *s)
{
	const char *e;
	int first;

	if (rrdc_is_connected(s->daemon))
		return 0;
	rrd_clear_error();
	if (rrdc_connect(s->daemon) != 0) {
		e = rrd_get_error()[0] ? rrd_get_error() : "unreachable";
		pthread_mutex_lock(&s->mu);
		first = s->daemon_up || s->daemon_failures == 0;
		s->daemon_up = 0;
		s->daemon_failures++;
		snprintf(s->last_error, sizeof(s->last_error), "rrdcached %s: %s",
		    s->daemon, e);
		pthread_mutex_unlock(&s->mu);
		if (first)
			log_warnx("rrdcached %s: %s; updates are queued and retried",
			    s->daemon, e);
		return -1;
	}
	pthread_mutex_lock(&s->mu);
	first = !s->daemon_up && s->daemon_failures;
	s->daemon_up = 1;
	pthread_mutex_unlock(&s->mu);
	if (first)
		log_info("rrdcached %s: connected again", s->daemon);
	return 0;
}

static void make_rras(unsigned step, char rra[8][64])
{
	/* resolution (s), kept for (s) */
	static const long tiers[4][2] = {
	    {0, 3 * 86400}, {300, 21 * 86400}, {3600, 396 * 86400},
	    {86400, 3660L * 86400}};
	int i, n = 0;

	for (i = 0; i < 4; i++) {
		long res = tiers[i][0] > (long)step ? tiers[i][0] : (long)step;
		long pdp = res / (long)step, rows = tiers[i][1] / (pdp * (long)step);

		/* Sub-minute steps (tests, labs) keep 4320 raw rows, not 3 days. */
		if (i == 0 && rows > 4320)
			rows = 4320;

		snprintf(rra[n++], 64, "RRA:AVERAGE:0.5:%ld:%ld", pdp, rows);
		snprintf(rra[n++], 64, "RRA:MAX:0.5:%ld:%ld", pdp, rows);
	}
}

/* Create `name` unless it exists; last_up is before its first line. */
static int ensure_file(struct rrd_store *s, const struct rrd_file_def *def,
    const char *name, int64_t last_up)
{
	char path[1200], ds[RRD_MAX_DS][48], rra[8][64];
	const char *argv[RRD_MAX_DS + 8];
	int i, argc = 0, rc;

	if (access(file_path(s, name, path, sizeof(path)), F_OK) == 0)
		return 0;
	for (i = 0; i < def->n_ds; i++) {
		snprintf(ds[i], sizeof(ds[i]), "DS:%s:%s:%u:0:U", def->ds[i],
		    def->type ? def->type : "DERIVE", 3 * s->step);
		argv[argc++] = ds[i];
	}
	make_rras(s->step, rra);
	for (i = 0; i < 8; i++)
		argv[argc++] = rra[i];
	rrd_clear_error();
	if (s->client) {
		if (daemon_ready(s) < 0)
			return -2;
		rc = rrdc_create(path, s->step, (time_t)last_up, 1, argc, argv);
	} else {
		rc = rrd_create_r2(path, s->step, (time_t)last_up, 1, NULL, NULL,
		    argc, argv);
	}
	if (rc != 0) {
		/* Another writer may have made it meanwhile: that is fine. */
		if (access(path, F_OK) == 0)
			return 0;
		if (s->client && !rrdc_is_connected(s->daemon))
			return -2;
		set_error(s, "create", path);
		return -1;
	}
	pthread_mutex_lock(&s->mu);
	s->created++;
	pthread_mutex_unlock(&s->mu);
	return 0;
}

int rrd_lock_refused(void)
{
	const char *e = rrd_get_error();

	return e != NULL && strstr(e, "could not lock RRD") != NULL;
}

void rrd_lock_wait(void)
{
	struct timespec t = {0, RRD_LOCK_WAIT_MS * 1000L * 1000L};

	nanosleep(&t, NULL);
}

/*
 * One line into its file: 0 done (or skipped), -1 refused, -2 daemon down,
 * -3 a reader holds the file (never on `last_try`: then it is an error).
 */
static int write_line(struct rrd_store *s, const struct pending *p, int last_try)
{
	char path[1200];
	const char *argv[1] = {p->line};
	int rc;

	rc = ensure_file(s, p->def, p->file, p->ts - 1);
	if (rc < 0)
		return rc;
	file_path(s, p->file, path, sizeof(path));
	rrd_clear_error();
	if (s->client) {
		if (daemon_ready(s) < 0)
			return -2;
		rc = rrdc_update(path, 1, argv);
		if (rc != 0 && !rrdc_is_connected(s->daemon))
			return -2; /* the daemon went away: keep the line, retry */
	} else {
		rc = rrd_update_r(path, NULL, 1, argv);
	}
	if (rc != 0) {
		/* "illegal attempt to update using time X" is a replayed
		 * interval already stored: skipped, not an error. */
		const char *e = rrd_get_error();

		if (e && strstr(e, "illegal attempt to update")) {
			pthread_mutex_lock(&s->mu);
			s->skipped++;
			pthread_mutex_unlock(&s->mu);
			return 0;
		}
		/* A render pass reads the file: the caller waits and retries. */
		if (!s->client && !last_try && rrd_lock_refused())
			return -3;
		set_error(s, "update", path);
		return -1;
	}
	pthread_mutex_lock(&s->mu);
	s->updates++;
	pthread_mutex_unlock(&s->mu);
	return 0;
}

/*
 * The writer: takes lines off the queue in order, so disk and rrdcached
 * latency (a 1.5 MB file created for a new member, a slow daemon) never
 * stalls the capture loop that queued them.
 */
static void *writer_main(void *arg)
{
	struct rrd_store *s = arg;
	struct pending p;
	uint64_t seq;
	int rc, tries;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->stop && (s->q_len == 0 || s->stalled)) {
			s->busy = 0;
			pthread_cond_broadcast(&s->idle);
			pthread_cond_wait(&s->work, &s->mu);
		}
		if (s->q_len == 0 || s->stalled) /* stopping, nothing it can do */
			break;
		s->busy = 1;
		p = s->queue[s->q_head];
		seq = s->q_removed;
		pthread_mutex_unlock(&s->mu);

		for (tries = 1;; tries++) {
			io_lock();
			rc = write_line(s, &p, tries == RRD_LOCK_TRIES);
			io_unlock();
			if (rc != -3)
				break;
			rrd_lock_wait();
		}

		pthread_mutex_lock(&s->mu);
		if (rc == -2) {
			s->stalled = 1; /* keep it; the next interval retries */
			pthread_cond_broadcast(&s->room);
			continue;
		}
		if (s->q_removed == seq) { /* not dropped meanwhile */
			s->q_head = (s->q_head + 1) % RRD_QUEUE_MAX;
			s->q_len--;
			s->q_removed++;
			pthread_cond_broadcast(&s->room);
		}
	}
	s->busy = 0;
	pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

struct rrd_store *rrd_store_open(const char *dir, unsigned step,
    const char *daemon, char *err, size_t errlen)
{
	struct rrd_store *s;

	if (step < 1) {
		snprintf(err, errlen, "step must be at least 1 s");
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "%s/rrd", dir);
	if (mkdir(s->dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", s->dir, strerror(errno));
		free(s);
		return NULL;
	}
	s->step = step;
	if (daemon && daemon[0]) {
		s->daemon = strdup(daemon);
		if (s->daemon == NULL)
			fatalx("rrd store: out of memory");
		s->client = 1;
	}
	s->queue = xcalloc(RRD_QUEUE_MAX, sizeof(*s->queue));
	pthread_once(&atfork_once, register_atfork);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->idle, NULL);
	pthread_cond_init(&s->room, NULL);
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0)
		fatalx("rrd store: cannot start the writer thread");
	return s;
}

/* Until the writer has written all it can (queue empty, or daemon down). */
static void wait_idle(struct rrd_store *s)
{
	pthread_mutex_lock(&s->mu);
	s->stalled = 0; /* one more try for what waits on the daemon */
	pthread_cond_signal(&s->work);
	while (s->busy || (s->q_len && !s->stalled))
		pthread_cond_wait(&s->idle, &s->mu);
	pthread_mutex_unlock(&s->mu);
}

void rrd_store_close(struct rrd_store *s)
{
	if (s == NULL)
		return;
	wait_idle(s);
	pthread_mutex_lock(&s->mu);
	/*
	 * Lines still queued wait on an rrdcached that is down.  Writing
	 * them directly would mix with the daemon's own updates of the same
	 * files (librrd's "illegal attempt to update"): they are lost, and
	 * the log says how many.
	 */
	if (s->q_len)
		log_warnx("rrd: %u updates for rrdcached %s could not be delivered "
		    "before exit: lost", (unsigned)s->q_len,
		    s->daemon ? s->daemon : "");
	s->stop = 1;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->writer, NULL);
	log_repeats(s);
	if (s->client)
		rrdc_disconnect();
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->idle);
	pthread_cond_destroy(&s->room);
	free(s->queue);
	free(s->known);
	free(s->daemon);
	free(s);
}

/*
 * Queue one line (main thread); the oldest goes when the queue is full.
 * Live, dropping a graph point is better than stalling the capture loop
 * into kernel drops.  A replayed file has no capture to protect, and
 * replays faster than librrd writes (two days of a 13-member sample made
 * 89,000 lines in 10 s; 80,000 were dropped, the graphs were mostly
 * gaps): it waits for room, unless rrdcached is down (stalled), where
 * waiting would never end.
 */
static void enqueue(struct rrd_store *s, const struct rrd_file_def *def,
    const char *name, int64_t ts, const char *line)
{
	struct pending *p;

	pthread_mutex_lock(&s->mu);
	while (s->replay && s->q_len == RRD_QUEUE_MAX && !s->stalled) {
		pthread_cond_signal(&s->work);
		pthread_cond_wait(&s->room, &s->mu);
	}
	if (s->q_len == RRD_QUEUE_MAX) {
		/* Oldest first: the newest counters carry the totals. */
		s->q_head = (s->q_head + 1) % RRD_QUEUE_MAX;
		s->q_len--;
		s->q_removed++;
		s->queued_dropped++;
	}
	p = &s->queue[(s->q_head + s->q_len) % RRD_QUEUE_MAX];
	p->def = def;
	p->ts = ts;
	snprintf(p->file, sizeof(p->file), "%s", name);
	snprintf(p->line, sizeof(p->line), "%s", line);
	s->q_len++;
	pthread_mutex_unlock(&s->mu);
}

static void enqueue_zero(struct rrd_store *s, const struct rrd_file_def *def,
    const char *name, int64_t ts)
{
	char zero[RRD_MAX_DS * 2 + 24];
	int d;

	snprintf(zero, sizeof(zero), "%" PRId64, ts);
	for (d = 0; d < def->n_ds; d++)
		strcat(zero, ":0");
	enqueue(s, def, name, ts, zero);
}

/* First time this process sees member `asn`?  Remembers it. */
static int member_new(struct rrd_store *s, int64_t asn)
{
	size_t lo = 0, hi = s->n_known;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->known[mid] == asn)
			return 0;
		if (s->known[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n_known == s->cap_known) {
		s->cap_known = s->cap_known ? 2 * s->cap_known : 64;
		s->known = realloc(s->known, s->cap_known * sizeof(*s->known));
		if (s->known == NULL)
			fatalx("rrd store: out of memory");
	}
	memmove(&s->known[lo + 1], &s->known[lo], (s->n_known - lo) * sizeof(*s->known));
	s->known[lo] = asn;
	s->n_known++;
	return 1;
}

/* a + b, stopping at UINT64_MAX: a sum of counters never wraps to small. */
static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Members whose IPv6 is `what`: "active" (status active, not gone dark),
 * "silent" or "dark" (went_dark); counted by AS number, as a member with
 * two ports is one member.
 */
static uint64_t v6_status_count(const json_t *state, const char *what)
{
	const json_t *members = json_object_get(state, "members"), *m;
	int64_t *asn;
	size_t i, n = 0, distinct = 0;

	asn = xcalloc(json_array_size(members) + 1, sizeof(*asn));
	json_array_foreach(members, i, m) {
		const char *st = jget_str(m, "ipv6.status");
		int dark = json_is_true(jget(m, "ipv6.went_dark"));
		int match = !strcmp(what, "dark") ? dark :
		    st && !strcmp(st, what) && !dark;

		if (match)
			asn[n++] = json_integer_value(json_object_get(m, "asnum"));
	}
	qsort(asn, n, sizeof(*asn), cmp_i64);
	for (i = 0; i < n; i++)
		distinct += i == 0 || asn[i] != asn[i - 1];
	free(asn);
	return distinct;
}

static uint64_t src_value(const struct ds_src *src, const json_t *state)
{
	const json_t *a;
	uint64_t sum = 0;
	size_t i;

	if (src->path)
		return jget_u64(state, src->path);
	if (src->v6_status)
		return v6_status_count(state, src->v6_status);
	if (src->alert_type) {
		json_array_foreach(json_object_get(state, "alerts"), i, a)
			if (!strcmp(json_string_value(json_object_get(a, "type")) ?
				json_string_value(json_object_get(a, "type")) : "",
				src->alert_type))
				sum = add_sat(sum, jget_u64(a, "count"));
		return sum;
	}
	json_array_foreach(jget(state, "run.capture"), i, a)
		sum = add_sat(sum, jget_u64(a, src->capture));
	return sum;
}

static void line_append(char *line, size_t len, uint64_t v)
{
	size_t n = strlen(line);

	snprintf(line + n, len - n, ":%" PRIu64, v);
}

/* Per member: traffic summed by AS number (a member may have two ports). */
struct member_sum {
	int64_t asn;
	uint64_t v[4];  /* sent: ipv4 frames, bytes, ipv6 frames, bytes */
	uint64_t in[4]; /* received, the same */
};

static int cmp_asn(const void *a, const void *b)
{
	const struct member_sum *x = a, *y = b;

	return (x->asn > y->asn) - (x->asn < y->asn);
}

static size_t member_sums(const json_t *state, struct member_sum **out)
{
	const json_t *members = json_object_get(state, "members"), *m;
	size_t i, n = 0, k;
	struct member_sum *v;

	v = xcalloc(json_array_size(members) + 1, sizeof(*v));
	json_array_foreach(members, i, m) {
		const json_t *t = json_object_get(m, "traffic");
		const json_t *ti = json_object_get(m, "traffic_in");
		int64_t asn = json_integer_value(json_object_get(m, "asnum"));

		if (asn <= 0)
			continue;
		for (k = 0; k < n && v[k].asn != asn; k++)
			;
		if (k == n)
			v[n++].asn = asn;
		v[k].v[0] = add_sat(v[k].v[0], jget_u64(t, "ipv4.frames"));
		v[k].v[1] = add_sat(v[k].v[1], jget_u64(t, "ipv4.bytes"));
		v[k].v[2] = add_sat(v[k].v[2], jget_u64(t, "ipv6.frames"));
		v[k].v[3] = add_sat(v[k].v[3], jget_u64(t, "ipv6.bytes"));
		v[k].in[0] = add_sat(v[k].in[0], jget_u64(ti, "ipv4.frames"));
		v[k].in[1] = add_sat(v[k].in[1], jget_u64(ti, "ipv4.bytes"));
		v[k].in[2] = add_sat(v[k].in[2], jget_u64(ti, "ipv6.frames"));
		v[k].in[3] = add_sat(v[k].in[3], jget_u64(ti, "ipv6.bytes"));
	}
	qsort(v, n, sizeof(*v), cmp_asn);
	*out = v;
	return n;
}

void rrd_store_begin(struct rrd_store *s, int64_t ts)
{
	char path[1200];
	int f;

	s->begin_ts = ts;
	for (f = 0; f < rrd_n_lan_files; f++)
		if (access(file_path(s, rrd_lan_files[f].name, path, sizeof(path)),
		    F_OK) != 0)
			enqueue_zero(s, &rrd_lan_files[f], rrd_lan_files[f].name, ts);
	pthread_mutex_lock(&s->mu);
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->mu);
}

int rrd_store_update(struct rrd_store *s, const json_t *state, int64_t ts)
{
	char line[RRD_MAX_DS * 21 + 24], name[64], path[1200];
	struct member_sum *ms = NULL;
	size_t i, n;
	int f, d;

	if (ts <= s->last_ts) {
		pthread_mutex_lock(&s->mu);
		s->skipped++;
		pthread_mutex_unlock(&s->mu);
		return 0;
	}
	s->last_ts = ts;
	/*
	 * Live data is stamped with the clock; data three steps older than
	 * the clock is a capture file being replayed.
	 */
	s->replay = ts < (int64_t)time(NULL) - 3 * (int64_t)s->step;
	for (f = 0; f < rrd_n_lan_files; f++) {
		const struct rrd_file_def *def = &rrd_lan_files[f];

		snprintf(line, sizeof(line), "%" PRId64, ts);
		for (d = 0; d < def->n_ds; d++)
			line_append(line, sizeof(line), src_value(&lan_src[f][d], state));
		enqueue(s, def, def->name, ts, line);
	}
	n = member_sums(state, &ms);
	for (i = 0; i < n; i++) {
		int fresh = member_new(s, ms[i].asn) && s->begin_ts && s->begin_ts < ts;
		int dir;

		for (dir = 0; dir < 2; dir++) {
			const struct rrd_file_def *def = dir ? &rrd_member_in_file :
			    &rrd_member_file;
			const uint64_t *v = dir ? ms[i].in : ms[i].v;

			snprintf(name, sizeof(name), "member-%" PRId64 "%s", ms[i].asn,
			    dir ? "-in" : "");
			/*
			 * A member first seen since a fresh start starts from zero
			 * at that start, so its first interval has a rate too.
			 */
			if (fresh && access(file_path(s, name, path, sizeof(path)),
			    F_OK) != 0)
				enqueue_zero(s, def, name, s->begin_ts);
			snprintf(line, sizeof(line), "%" PRId64 ":%" PRIu64 ":%" PRIu64
			    ":%" PRIu64 ":%" PRIu64, ts, v[0], v[1], v[2], v[3]);
			enqueue(s, def, name, ts, line);
		}
	}
	free(ms);
	/* The writer goes; a daemon that was down gets one try this interval. */
	pthread_mutex_lock(&s->mu);
	s->stalled = 0;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->mu);
	return 0;
}

int rrd_store_idle(struct rrd_store *s)
{
	int idle;

	pthread_mutex_lock(&s->mu);
	idle = !s->busy && (s->q_len == 0 || s->stalled);
	pthread_mutex_unlock(&s->mu);
	return idle;
}

int rrd_flush_dir(const char *rrd_dir, const char *daemon, char *failed,
    size_t len)
{
	char path[1300];
	DIR *d = opendir(rrd_dir);
	struct dirent *de;
	int n_failed = 0;

	/* FLUSH per file: librrd 1.7.2 does not export rrdc_flushall. */
	while (d && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 4, ".rrd"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", rrd_dir, de->d_name);
		rrd_clear_error();
		if (rrdc_flush_if_daemon(daemon, path) != 0) {
			n_failed++;
			snprintf(failed, len, "%.1000s: %s", path,
			    rrd_get_error()[0] ? rrd_get_error() : "failed");
		}
	}
	if (d)
		closedir(d);
	return n_failed;
}

int rrd_store_flush(struct rrd_store *s)
{
	char failed[1300];
	int rc;

	wait_idle(s);
	if (!s->client)
		return 0;
	pthread_mutex_lock(&s->mu);
	rc = s->q_len ? -1 : 0; /* the daemon is down: nothing to flush */
	pthread_mutex_unlock(&s->mu);
	if (rc < 0)
		return -1;
	/* The writer is idle now. */
	io_lock();
	rc = rrd_flush_dir(s->dir, s->daemon, failed, sizeof(failed));
	io_unlock();
	if (rc == 0)
		return 0;
	pthread_mutex_lock(&s->mu);
	s->errors += (uint64_t)rc;
	snprintf(s->last_error, sizeof(s->last_error), "flush %.200s", failed);
	pthread_mutex_unlock(&s->mu);
	log_warnx("rrd: flush %s (%d files)", failed, rc);
	return -1;
}

json_t *rrd_store_stats(struct rrd_store *s)
{
	json_t *o;

	pthread_mutex_lock(&s->mu);
	o = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s?}", "dir", s->dir,
	    "step", (json_int_t)s->step, "created", (json_int_t)s->created,
	    "updates", (json_int_t)s->updates, "skipped", (json_int_t)s->skipped,
	    "errors", (json_int_t)s->errors, "pending", (json_int_t)s->q_len,
	    "dropped", (json_int_t)s->queued_dropped, "last_error",
	    s->last_error[0] ? s->last_error : NULL);
	if (s->daemon)
		json_object_set_new(o, "rrdcached",
		    json_pack("{s:s,s:b,s:I,s:I,s:I}", "address", s->daemon,
			"connected", s->daemon_up, "failures",
			(json_int_t)s->daemon_failures, "queued", (json_int_t)s->q_len,
			"queue_dropped", (json_int_t)s->queued_dropped));
	pthread_mutex_unlock(&s->mu);
	return o;
}
