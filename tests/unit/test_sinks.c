/*
 * test_sinks.c - alert lifecycle, grouping, rate limits and the sinks
 * (alerts/sinks.c, alerts/sink_*.c).
 *
 * The table is built with alert_raise at chosen capture times and flushed
 * at chosen `now`s; what the sinks wrote is read back: alerts.jsonl from
 * a temporary state directory, RFC 5424 datagrams and TCP frames from
 * sockets the test binds on 127.0.0.1, exec hooks through the files a
 * small hook script writes.  The local syslog sink is off (it would write
 * to the host's log); tests/sinks-check covers it against rsyslog.
 * Failures (a full disk under RLIMIT_FSIZE, a state directory gone, a
 * collector that refuses) run in a forked child whose stderr, where the
 * sinks' warnings go, the parent reads.
 *
 *   test_sinks --send TARGET [--members FILE] [--flood N]
 *              [--max-per-minute M] [--lifecycle]
 *       the driver of tests/sinks-check: one grouped dual-stack alert,
 *       then a flood of N alerts one minute later, then a quiet minute
 *       (the suppressed summary), all through the remote sink (and the
 *       local syslog when IXMON_SINKS_LOCAL=1) to TARGET; prints the
 *       sink statistics as JSON.  --lifecycle instead: the group raised,
 *       acknowledged ten seconds later, cleared ten minutes later.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <fcntl.h>

#include <cmocka.h>
#include <jansson.h>

#include "alerts/ack_spool.h"
#include "alerts/alert.h"
#include "alerts/sink.h"
#include "members/registry.h"
#include "common/config.h"

#define T0 1793613600 /* 2026-11-02T10:00:00Z */

static const uint8_t MAC1[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t MAC2[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t IP4[4] = {192, 0, 2, 10};
static const uint8_t IP6[16] = {0x20, 0x01, 0x0d, 0xb8, 0x07, 0xf8, 0, 0, 0,
	0, 0xa5, 0, 0x64, 0x50, 0, 1};

/* ---- fixtures ---------------------------------------------------------- */

struct fx {
	char dir[64];
	char jsonl[128];
	long jsonl_off;
	struct ixm_config cfg;
	struct alert_table *t;
	struct sinks *s;
	int udp, udp_port; /* a collector on 127.0.0.1 */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_sinks.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->jsonl, sizeof(f->jsonl), "%s/alerts.jsonl", f->dir);
	cfg_defaults(&f->cfg);
	f->cfg.alert_syslog = 0;
	f->t = alert_table_new(20000);
	f->udp = -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	sinks_free(f->s);
	alert_table_free(f->t);
	if (f->udp >= 0)
		close(f->udp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", f->dir);
	free(f);
	return 0;
}

/* A socket bound to 127.0.0.1 on a free port. */
static int bind_local(int type, int *port)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, type, 0), one = 1;

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &sl), 0);
	*port = ntohs(sin.sin_port);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(fd, 4), 0);
	return fd;
}

/* Open the sinks; with a UDP collector when `udp`. */
static void open_sinks(struct fx *f, int udp)
{
	char err[256] = "";

	if (udp) {
		f->udp = bind_local(SOCK_DGRAM, &f->udp_port);
		snprintf(f->cfg.alert_remote_syslog,
		    sizeof(f->cfg.alert_remote_syslog), "udp://127.0.0.1:%d",
		    f->udp_port);
	}
	f->s = sinks_new(&f->cfg, f->dir, err, sizeof(err));
	if (f->s == NULL)
		fail_msg("sinks_new: %s", err);
	sinks_set_identity(f->s, "test-host", 4242);
}

/* The next datagram within 200 ms into buf, or -1. */
static int recv_dgram(int fd, char *buf, size_t len)
{
	struct pollfd p = {fd, POLLIN, 0};
	ssize_t n;

	if (poll(&p, 1, 200) <= 0)
		return -1;
	n = recv(fd, buf, len - 1, 0);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static int count_dgrams(int fd)
{
	char buf[4096];
	int n = 0;

	while (recv_dgram(fd, buf, sizeof(buf)) >= 0)
		n++;
	return n;
}

/* alerts.jsonl lines written since the last call, as a JSON array. */
static json_t *new_lines(struct fx *f)
{
	json_t *arr = json_array();
	char line[8192];
	FILE *fp = fopen(f->jsonl, "r");

	if (fp == NULL)
		return arr;
	fseek(fp, f->jsonl_off, SEEK_SET);
	while (fgets(line, sizeof(line), fp) != NULL) {
		json_error_t e;
		json_t *o = json_loads(line, 0, &e);

		if (o == NULL)
			fail_msg("alerts.jsonl: %s: %s", e.text, line);
		json_array_append_new(arr, o);
	}
	f->jsonl_off = ftell(fp);
	fclose(fp);
	return arr;
}

static const char *sget(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : "";
}

static long long iget(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static long long stat_of(struct sinks *s, const char *sink, const char *what)
{
	json_t *st = sinks_stats(s);
	long long v = iget(json_object_get(st, sink), what);

	json_decref(st);
	return v;
}

static struct alert *raise_spoof(struct fx *f, int version, int64_t sec,
    uint64_t count)
{
	struct alert_key k;

	alert_key_init(&k, version == 4 ? ALERT_ARP_SPOOF : ALERT_ND_SPOOF);
	alert_key_mac(&k, MAC1);
	alert_key_ip(&k, version, version == 4 ? IP4 : IP6);
	alert_key_asn(&k, 64500);
	return alert_raise(f->t, &k, ALERT_CRITICAL, sec, 0, count,
	    "IPv%d address claimed by the wrong router", version);
}

/* ---- lifecycle ---------------------------------------------------------- */

static void test_lifecycle(void **state)
{
	struct fx *f = *state;
	json_t *l;

	open_sinks(f, 0);
	/* raise when first seen */
	raise_spoof(f, 4, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "raise");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 1);
	assert_int_equal(iget(json_array_get(l, 0), "count"), 1);
	assert_string_equal(sget(json_array_get(l, 0), "type"), "arp_spoof");
	assert_string_equal(sget(json_array_get(l, 0), "time"),
	    "2026-11-02T10:00:00Z");
	json_decref(l);

	/* counting up inside the hold-down: nothing */
	raise_spoof(f, 4, T0 + 30, 100);
	sinks_flush(f->s, f->t, NULL, T0 + 60);
	raise_spoof(f, 4, T0 + 90, 100);
	sinks_flush(f->s, f->t, NULL, T0 + 120);
	sinks_flush(f->s, f->t, NULL, T0 + 299);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);

	/* 300 s after the raise: one repeat with everything held */
	sinks_flush(f->s, f->t, NULL, T0 + 300);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "repeat");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 200);
	assert_int_equal(iget(json_array_get(l, 0), "count"), 201);
	json_decref(l);

	/* quiet: last counted up at the flush of T0+120, clear 600 s later */
	sinks_flush(f->s, f->t, NULL, T0 + 719);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	sinks_flush(f->s, f->t, NULL, T0 + 720);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "clear");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 0);
	json_decref(l);
	sinks_flush(f->s, f->t, NULL, T0 + 2000);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);

	/* it comes back: raised again, at once */
	raise_spoof(f, 4, T0 + 2010, 5);
	sinks_flush(f->s, f->t, NULL, T0 + 2020);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "raise");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 5);
	assert_int_equal(iget(json_array_get(l, 0), "count"), 206);
	json_decref(l);

	l = sinks_stats(f->s);
	assert_int_equal(iget(json_object_get(l, "events"), "raise"), 2);
	assert_int_equal(iget(json_object_get(l, "events"), "repeat"), 1);
	assert_int_equal(iget(json_object_get(l, "events"), "clear"), 1);
	assert_int_equal(iget(json_object_get(l, "jsonl"), "sent"), 4);
	assert_null(json_object_get(l, "syslog"));
	json_decref(l);
}

/* repeat_every 0: a repeat at every flush that saw new occurrences */
static void test_no_holddown_and_final(void **state)
{
	struct fx *f = *state;
	long long sum = 0;
	json_t *l, *o;
	size_t i;

	f->cfg.alert_repeat_every = 0;
	open_sinks(f, 0);
	raise_spoof(f, 6, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	raise_spoof(f, 6, T0 + 1, 2);
	sinks_flush(f->s, f->t, NULL, T0 + 10);
	sinks_flush(f->s, f->t, NULL, T0 + 20);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(sget(json_array_get(l, 1), "event"), "repeat");
	assert_int_equal(iget(json_array_get(l, 1), "new_count"), 2);
	json_decref(l);
	sinks_free(f->s);
	f->s = NULL;

	/* the final flush sends what the hold-down still holds */
	f->cfg.alert_repeat_every = 300;
	open_sinks(f, 0);
	sinks_flush(f->s, f->t, NULL, T0 + 30); /* a new sinks: raise 3 */
	raise_spoof(f, 6, T0 + 40, 7);
	sinks_flush(f->s, f->t, NULL, T0 + 60);
	sinks_flush_final(f->s, f->t, NULL, T0 + 61);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 2);
	json_array_foreach(l, i, o)
		sum += iget(o, "new_count");
	assert_int_equal(sum, 10);
	assert_string_equal(sget(json_array_get(l, 1), "event"), "repeat");
	json_decref(l);
}

/* A smaller table is a new table (e.g. after a reload): start over. */
static void test_new_table(void **state)
{
	struct fx *f = *state;
	json_t *l;

	open_sinks(f, 0);
	raise_spoof(f, 4, T0, 1);
	raise_spoof(f, 6, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	json_decref(new_lines(f));
	alert_table_free(f->t);
	f->t = alert_table_new(16);
	raise_spoof(f, 4, T0 + 5, 1);
	sinks_flush(f->s, f->t, NULL, T0 + 10);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "raise");
	json_decref(l);
}

/* After a restart or reload: nothing re-raised, timers go on. */
static void test_mark_sent(void **state)
{
	struct fx *f = *state;
	json_t *l;

	open_sinks(f, 0);
	raise_spoof(f, 4, T0, 1);         /* quiet since T0 */
	raise_spoof(f, 6, T0 + 1000, 1);  /* recent */
	sinks_mark_sent(f->s, f->t, T0 + 1000);
	sinks_flush(f->s, f->t, NULL, T0 + 1000);
	l = new_lines(f);
	/* the old one clears at once, the recent one is not re-raised */
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "clear");
	assert_string_equal(sget(json_array_get(l, 0), "type"), "arp_spoof");
	json_decref(l);
	raise_spoof(f, 6, T0 + 1100, 1);
	sinks_flush(f->s, f->t, NULL, T0 + 1200);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0); /* hold-down from the mark */
	json_decref(l);
	sinks_flush(f->s, f->t, NULL, T0 + 1300);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "repeat");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 1);
	json_decref(l);
}

/*
 * A restart after a clear: the state says the alert was cleared, so the
 * clear is not sent a second time (it was, for every quiet alert of the
 * state, at the first flush after each restart); it is raised again only
 * when it counts up.
 */
static void test_mark_sent_cleared(void **state)
{
	struct fx *f = *state;
	struct alert_table *u;
	struct alert *a;
	json_t *l, *arr;

	open_sinks(f, 0);
	a = raise_spoof(f, 4, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	assert_false(a->cleared);
	sinks_flush(f->s, f->t, NULL, T0 + 600);
	assert_true(a->cleared);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(sget(json_array_get(l, 1), "event"), "clear");
	json_decref(l);
	/* the state as the restart reads it */
	arr = alert_table_json(f->t);
	assert_true(json_object_get(json_array_get(arr, 0), "cleared") == json_true());
	u = alert_table_new(16);
	assert_int_equal(alert_table_restore(u, arr), 1);
	json_decref(arr);
	alert_table_free(f->t);
	f->t = u;
	sinks_free(f->s);
	open_sinks(f, 0);
	sinks_mark_sent(f->s, f->t, T0 + 5000);
	sinks_flush(f->s, f->t, NULL, T0 + 5000);
	sinks_flush(f->s, f->t, NULL, T0 + 6000);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	/* back: raised, no longer cleared */
	a = raise_spoof(f, 4, T0 + 6100, 1);
	sinks_flush(f->s, f->t, NULL, T0 + 6100);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "raise");
	assert_null(json_object_get(json_array_get(l, 0), "cleared"));
	json_decref(l);
	assert_false(a->cleared);
}

/* ---- condition and folded alerts --------------------------------------- */

/* The detector's report: v6_unregistered of MAC1/IP6 holds, absolute. */
static void set_unregistered(struct fx *f, int64_t last, uint64_t count)
{
	struct alert_key k;

	alert_key_init(&k, ALERT_V6_UNREGISTERED);
	alert_key_mac(&k, MAC1);
	alert_key_ip(&k, 6, IP6);
	alert_key_asn(&k, 64500);
	assert_non_null(alert_set(f->t, &k, ALERT_WARNING, T0, 0, last, 0,
	    count, "IPv6 address not in the member list"));
}

static void close_unregistered(struct fx *f)
{
	struct alert_key k;

	alert_key_init(&k, ALERT_V6_UNREGISTERED);
	alert_key_mac(&k, MAC1);
	alert_key_ip(&k, 6, IP6);
	alert_key_asn(&k, 64500);
	alert_close(f->t, &k);
}

/* Events of `type` among `l`, as "raise,clear,..." in order. */
static void events_of(json_t *l, const char *type, char *out, size_t len)
{
	json_t *o;
	size_t i, off = 0;

	out[0] = '\0';
	json_array_foreach(l, i, o) {
		if (strcmp(sget(o, "type"), type) != 0)
			continue;
		off += (size_t)snprintf(out + off, len - off, "%s%s",
		    off ? "," : "", sget(o, "event"));
		if (off >= len)
			break;
	}
}

/*
 * A condition is not cleared because time passed while it holds, is
 * cleared once when it closes and raised again when it reopens; an event
 * in the same table still clears after clear_after quiet.
 */
static void test_condition(void **state)
{
	struct fx *f = *state;
	char ev[256], buf[4096];
	json_t *l;
	int64_t t;

	open_sinks(f, 1);
	set_unregistered(f, T0, 10);
	raise_spoof(f, 4, T0, 1); /* an event beside it */
	sinks_flush(f->s, f->t, NULL, T0);
	l = new_lines(f);
	events_of(l, "v6_unregistered", ev, sizeof(ev));
	assert_string_equal(ev, "raise");
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(sget(json_array_get(l, 0), "type"),
	    "v6_unregistered");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 10);
	assert_string_equal(sget(json_array_get(l, 0), "kind"), "condition");
	assert_true(json_is_true(json_object_get(json_array_get(l, 0), "open")));
	events_of(l, "arp_spoof", ev, sizeof(ev));
	assert_string_equal(ev, "raise");
	json_decref(l);
	(void)count_dgrams(f->udp);

	/*
	 * Still sending unregistered IPv6: the detector sets it at every
	 * report, the count sometimes unchanged, for well past clear_after.
	 * No clear; a repeat only when it counted up and repeat_every passed.
	 */
	for (t = T0 + 60; t <= T0 + 3000; t += 60) {
		set_unregistered(f, t, t < T0 + 1200 ? 10 : 10 + (uint64_t)(t - T0));
		sinks_flush(f->s, f->t, NULL, t);
	}
	l = new_lines(f);
	events_of(l, "v6_unregistered", ev, sizeof(ev));
	/* counts up from T0+1200: repeats at T0+1200, +1500, .., +3000 */
	assert_string_equal(ev,
	    "repeat,repeat,repeat,repeat,repeat,repeat,repeat");
	/* the event was quiet since T0: cleared 600 s later, once */
	events_of(l, "arp_spoof", ev, sizeof(ev));
	assert_string_equal(ev, "clear");
	json_decref(l);
	(void)count_dgrams(f->udp);

	/* it holds, unchanged, for another hour: nothing at all */
	for (t = T0 + 3060; t <= T0 + 6600; t += 60) {
		set_unregistered(f, T0 + 3000, 3010);
		sinks_flush(f->s, f->t, NULL, t);
	}
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);

	/* closed: exactly one clear, at the next flush, saying why */
	close_unregistered(f);
	sinks_flush(f->s, f->t, NULL, T0 + 6660);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "clear");
	assert_string_equal(sget(json_array_get(l, 0), "type"),
	    "v6_unregistered");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 0);
	assert_true(json_is_false(json_object_get(json_array_get(l, 0), "open")));
	json_decref(l);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, " event=\"clear\" "));
	assert_non_null(strstr(buf,
	    ": back to normal, the condition no longer holds (count 3010)"));
	assert_int_equal(count_dgrams(f->udp), 0);
	for (t = T0 + 6720; t <= T0 + 9000; t += 60)
		sinks_flush(f->s, f->t, NULL, t);
	sinks_flush_final(f->s, f->t, NULL, T0 + 9000);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);

	/* it opens again, the count unchanged: raised again at once */
	set_unregistered(f, T0 + 9000, 3010);
	sinks_flush(f->s, f->t, NULL, T0 + 9060);
	l = new_lines(f);
	events_of(l, "v6_unregistered", ev, sizeof(ev));
	assert_string_equal(ev, "raise");
	assert_int_equal(json_array_size(l), 1);
	json_decref(l);

	/* the final flush sends what the hold-down holds, as for events */
	set_unregistered(f, T0 + 9100, 3020);
	sinks_flush_final(f->s, f->t, NULL, T0 + 9120);
	l = new_lines(f);
	events_of(l, "v6_unregistered", ev, sizeof(ev));
	assert_string_equal(ev, "repeat");
	assert_int_equal(iget(json_array_get(l, 0), "new_count"), 10);
	json_decref(l);

	l = sinks_stats(f->s);
	assert_int_equal(iget(json_object_get(l, "events"), "clear"), 2);
	json_decref(l);
}

/* A condition closed, and opened again, between two flushes. */
static void test_condition_every_kind(void **state)
{
	static const enum alert_type types[] = {ALERT_V6_SILENT,
		ALERT_V6_UNREGISTERED, ALERT_V6_WENT_DARK, ALERT_MAC_MISMATCH,
		ALERT_MAC_MULTIPLE, ALERT_MAC_CHANGED};
	struct fx *f = *state;
	struct alert_key k;
	json_t *l, *o;
	size_t i;
	int64_t t;

	open_sinks(f, 0);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		assert_true(alert_type_is_condition(types[i]));
		alert_key_init(&k, types[i]);
		alert_key_asn(&k, 64500 + (uint32_t)i);
		assert_non_null(alert_set(f->t, &k, ALERT_NOTICE, T0, 0, T0, 0,
		    1, "condition %zu", i));
	}
	for (t = T0; t <= T0 + 7200; t += 300)
		sinks_flush(f->s, f->t, NULL, t);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 6);
	json_array_foreach(l, i, o)
		assert_string_equal(sget(o, "event"), "raise");
	json_decref(l);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		alert_key_init(&k, types[i]);
		alert_key_asn(&k, 64500 + (uint32_t)i);
		alert_close(f->t, &k);
	}
	sinks_flush(f->s, f->t, NULL, T0 + 7500);
	sinks_flush(f->s, f->t, NULL, T0 + 7800);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 6);
	json_array_foreach(l, i, o)
		assert_string_equal(sget(o, "event"), "clear");
	json_decref(l);
}

/* After a restart: an open condition stays raised, a closed one quiet. */
static void test_condition_mark_sent(void **state)
{
	struct fx *f = *state;
	struct alert_key k;
	json_t *l;

	open_sinks(f, 0);
	set_unregistered(f, T0, 5);
	alert_key_init(&k, ALERT_MAC_MISMATCH);
	alert_key_mac(&k, MAC2);
	alert_key_asn(&k, 64501);
	assert_non_null(alert_set(f->t, &k, ALERT_WARNING, T0, 0, T0, 0, 2,
	    "MAC of another member"));
	alert_close(f->t, &k);
	sinks_mark_sent(f->s, f->t, T0 + 5000);
	sinks_flush(f->s, f->t, NULL, T0 + 5000);
	sinks_flush(f->s, f->t, NULL, T0 + 9000);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 0); /* no raise, no clear */
	json_decref(l);
	close_unregistered(f);
	sinks_flush(f->s, f->t, NULL, T0 + 9060);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "clear");
	assert_string_equal(sget(json_array_get(l, 0), "type"),
	    "v6_unregistered");
	json_decref(l);
}

/*
 * A condition entry never set open (alert_raise by a detector not yet on
 * alert_set, or restored from an older state): handled as an event.
 */
static void test_condition_never_open(void **state)
{
	struct fx *f = *state;
	struct alert_key k;
	json_t *l;

	open_sinks(f, 0);
	alert_key_init(&k, ALERT_MAC_MULTIPLE);
	alert_key_asn(&k, 64500);
	assert_non_null(alert_raise(f->t, &k, ALERT_NOTICE, T0, 0, 1,
	    "two MACs"));
	sinks_flush(f->s, f->t, NULL, T0);
	sinks_flush(f->s, f->t, NULL, T0 + 599);
	sinks_flush(f->s, f->t, NULL, T0 + 600);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "raise");
	assert_string_equal(sget(json_array_get(l, 1), "event"), "clear");
	json_decref(l);
}

static int flood_macs(void *ctx, const uint8_t mac[6])
{
	(void)ctx;
	return mac[0] == 0x0a; /* the "random" sources of the test flood */
}

/* mac_unknown of one flood source MAC */
static void raise_source(struct fx *f, uint8_t n, int fold, int64_t sec)
{
	uint8_t mac[6] = {0x0a, 0, 0, 0, 0, n};
	struct alert_key k;

	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_key_mac(&k, mac);
	if (fold)
		alert_key_fold(&k);
	assert_non_null(alert_raise(f->t, &k, ALERT_WARNING, sec, 0, 1,
	    "unknown MAC %u", n));
}

/*
 * Entries folded after the fact: nothing more about them (no repeat, no
 * clear), the folded entry is an ordinary event whose messages carry the
 * sample MACs.
 */
static void test_folded(void **state)
{
	struct fx *f = *state;
	char ev[256], buf[4096];
	json_t *l, *o, *smp;
	int64_t t;

	f->cfg.alert_repeat_every = 0;
	open_sinks(f, 1);
	raise_source(f, 1, 0, T0);
	raise_source(f, 2, 0, T0);
	sinks_flush(f->s, f->t, NULL, T0);
	l = new_lines(f);
	events_of(l, "mac_unknown", ev, sizeof(ev));
	assert_string_equal(ev, "raise,raise");
	json_decref(l);
	(void)count_dgrams(f->udp);

	/* a third one, never sent, then the flood is recognised */
	raise_source(f, 3, 0, T0 + 10);
	raise_source(f, 1, 0, T0 + 10); /* counted up, held: never sent */
	assert_int_equal(alert_table_fold(f->t, flood_macs, NULL), 3);
	raise_source(f, 4, 1, T0 + 20); /* from now on stored folded */
	sinks_flush(f->s, f->t, NULL, T0 + 60);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	o = json_array_get(l, 0);
	assert_string_equal(sget(o, "event"), "raise");
	assert_true(json_is_null(json_object_get(o, "mac")));
	assert_true(json_is_true(json_object_get(o, "folded")));
	assert_int_equal(iget(o, "count"), 5);
	smp = json_object_get(o, "sample_macs");
	assert_int_equal(json_array_size(smp), 4);
	assert_string_equal(json_string_value(json_array_get(smp, 0)),
	    "0a:00:00:00:00:01");
	json_decref(l);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, " (sample MACs: 0a:00:00:00:00:01, "
	    "0a:00:00:00:00:02, 0a:00:00:00:00:03, 0a:00:00:00:00:04)"));
	assert_int_equal(count_dgrams(f->udp), 0);

	/* quiet well past clear_after: only the folded entry clears */
	for (t = T0 + 120; t <= T0 + 3000; t += 60)
		sinks_flush(f->s, f->t, NULL, t);
	sinks_flush_final(f->s, f->t, NULL, T0 + 3000);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	o = json_array_get(l, 0);
	assert_string_equal(sget(o, "event"), "clear");
	assert_true(json_is_true(json_object_get(o, "folded")));
	json_decref(l);
	l = sinks_stats(f->s);
	assert_int_equal(iget(json_object_get(l, "events"), "raise"), 3);
	assert_int_equal(iget(json_object_get(l, "events"), "repeat"), 0);
	assert_int_equal(iget(json_object_get(l, "events"), "clear"), 1);
	json_decref(l);
}

/* ---- grouping ----------------------------------------------------------- */

static void write_members(const char *path, const char *name)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fprintf(fp,
	    "{\"version\": \"1.0\", \"timestamp\": \"2026-01-01T00:00:00Z\","
	    " \"ixp_list\": [{\"ixp_id\": 1, \"ixf_id\": 999, \"shortname\":"
	    " \"T-IX\", \"vlan\": [{\"id\": 10, \"name\": \"ISP\", \"ipv4\":"
	    " {\"prefix\": \"192.0.2.0\", \"mask_length\": 24}, \"ipv6\":"
	    " {\"prefix\": \"2001:db8:7f8::\", \"mask_length\": 64}}]}],"
	    " \"member_list\": [{\"asnum\": 64500, \"name\": \"%s\","
	    " \"connection_list\": [{\"ixp_id\": 1, \"vlan_list\": [{"
	    "\"vlan_id\": 10, \"ipv4\": {\"address\": \"192.0.2.10\","
	    " \"mac_addresses\": [\"02:00:00:00:00:01\"]}, \"ipv6\":"
	    " {\"address\": \"2001:db8:7f8::a500:6450:1\","
	    " \"mac_addresses\": [\"02:00:00:00:00:01\"]}}]}]}]}\n",
	    name);
	fclose(fp);
}

static void no_warn(void *ctx, const char *where, const char *what)
{
	(void)ctx;
	(void)where;
	(void)what;
}

static struct registry *load_members(struct fx *f, const char *name)
{
	char path[160], err[256];
	struct registry *r;

	snprintf(path, sizeof(path), "%s/members.json", f->dir);
	write_members(path, name);
	r = reg_load(path, NULL, no_warn, NULL, err, sizeof(err));
	if (r == NULL)
		fail_msg("reg_load: %s", err);
	return r;
}

static void test_grouping(void **state)
{
	struct fx *f = *state;
	struct registry *reg = load_members(f, "Alpha Net");
	struct alert_key k;
	char buf[4096];
	json_t *l;

	open_sinks(f, 1);
	/* arp_spoof + nd_spoof of AS64500 in one flush: one message */
	raise_spoof(f, 4, T0, 1);
	raise_spoof(f, 6, T0, 1);
	/* an unknown MAC with two findings: grouped by MAC */
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_key_mac(&k, MAC2);
	alert_raise(f->t, &k, ALERT_WARNING, T0, 0, 1, "unknown MAC");
	alert_key_init(&k, ALERT_ROGUE_RA);
	alert_key_mac(&k, MAC2);
	alert_raise(f->t, &k, ALERT_CRITICAL, T0, 0, 3, "RA from a member");
	/* no MAC, no ASN: alone */
	alert_key_init(&k, ALERT_MAC_FLOOD);
	alert_raise(f->t, &k, ALERT_WARNING, T0, 0, 1, "many new MACs");
	sinks_flush(f->s, f->t, reg, T0);

	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	    "<26>1 2026-11-02T10:00:00Z test-host ixmon 4242 arp_spoof "
	    "[ixmon@32473 type=\"arp_spoof,nd_spoof\" severity=\"critical\" "
	    "asnum=\"64500\" member=\"Alpha Net\" mac=\"02:00:00:00:00:01\" "
	    "ip=\"192.0.2.10 2001:db8:7f8::a500:6450:1\" event=\"raise\" "
	    "count=\"2\" new_count=\"2\" group=\"1\" "
	    "id=\"583bc8049e425e8a 965dee072bb887a2\"] raise critical "
	    "arp_spoof,nd_spoof AS64500 \"Alpha Net\" mac 02:00:00:00:00:01 "
	    "ip 192.0.2.10 2001:db8:7f8::a500:6450:1 count 2: IPv4 address "
	    "claimed by the wrong router; IPv6 address claimed by the wrong "
	    "router");
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	/* the group's severity and msgid are its most severe alert's */
	assert_string_equal(buf,
	    "<26>1 2026-11-02T10:00:00Z test-host ixmon 4242 rogue_ra "
	    "[ixmon@32473 type=\"mac_unknown,rogue_ra\" severity=\"critical\" "
	    "mac=\"02:00:00:00:00:02\" event=\"raise\" count=\"4\" "
	    "new_count=\"4\" group=\"2\" id=\"6f865a30e51c4420 41d7dad2b3d79b4a\"] "
	    "raise critical mac_unknown,rogue_ra "
	    "mac 02:00:00:00:00:02 count 4: unknown MAC; RA from a member");
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	    "<28>1 2026-11-02T10:00:00Z test-host ixmon 4242 mac_flood "
	    "[ixmon@32473 type=\"mac_flood\" severity=\"warning\" "
	    "event=\"raise\" count=\"1\" new_count=\"1\" group=\"3\" "
	    "id=\"f05cb1c0fef333ef\"] raise "
	    "warning mac_flood count 1: many new MACs");
	assert_int_equal(recv_dgram(f->udp, buf, sizeof(buf)), -1);

	/* the JSON lines: one per alert, with its group and member */
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 5);
	assert_int_equal(iget(json_array_get(l, 0), "group"), 1);
	assert_int_equal(iget(json_array_get(l, 1), "group"), 1);
	assert_string_equal(sget(json_array_get(l, 1), "type"), "nd_spoof");
	assert_string_equal(sget(json_array_get(l, 1), "member"), "Alpha Net");
	assert_int_equal(iget(json_array_get(l, 2), "group"), 2);
	assert_int_equal(iget(json_array_get(l, 3), "group"), 2);
	assert_int_equal(iget(json_array_get(l, 4), "group"), 3);
	assert_null(json_object_get(json_array_get(l, 4), "member"));
	json_decref(l);

	/*
	 * both clear in one flush: one "back to normal" line, a notice
	 * (PRI 29 = daemon.notice): not critical, which would page the
	 * on-call for good news, nor informational, which the usual
	 * "notice and above" routing to the NOC drops; the SD says which
	 * severity cleared.
	 */
	sinks_flush(f->s, f->t, reg, T0 + 600);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	    "<29>1 2026-11-02T10:10:00Z test-host ixmon 4242 arp_spoof "
	    "[ixmon@32473 type=\"arp_spoof,nd_spoof\" severity=\"notice\" "
	    "alert_severity=\"critical\" "
	    "asnum=\"64500\" member=\"Alpha Net\" mac=\"02:00:00:00:00:01\" "
	    "ip=\"192.0.2.10 2001:db8:7f8::a500:6450:1\" event=\"clear\" "
	    "count=\"2\" new_count=\"0\" group=\"4\" "
	    "id=\"583bc8049e425e8a 965dee072bb887a2\"] clear "
	    "arp_spoof,nd_spoof AS64500 \"Alpha Net\" mac 02:00:00:00:00:01 "
	    "ip 192.0.2.10 2001:db8:7f8::a500:6450:1: back to normal, no new "
	    "occurrence for 600 s (count 2)");
	assert_int_equal(count_dgrams(f->udp), 2);
	assert_int_equal(stat_of(f->s, "remote_syslog", "sent"), 6);
	assert_int_equal(stat_of(f->s, "jsonl", "sent"), 10);
	reg_free(reg);
}

/* ---- RFC 5424 ---------------------------------------------------------- */

static void test_sd_escape(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(sink_sd_escape(out, sizeof(out), "plain"), 5);
	assert_string_equal(out, "plain");
	sink_sd_escape(out, sizeof(out), "a\"b\\c]d[e=f");
	assert_string_equal(out, "a\\\"b\\\\c\\]d[e=f");
	/* never half an escape */
	assert_int_equal(sink_sd_escape(out, 4, "ab]"), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(sink_sd_escape(out, 5, "ab]"), 4);
	assert_string_equal(out, "ab\\]");
	assert_int_equal(sink_sd_escape(out, 1, "x"), 0);
	assert_string_equal(out, "");
}

static void test_rfc5424_member_escaped(void **state)
{
	struct fx *f = *state;
	struct registry *reg = load_members(f, "Q\\\"uote\\\\d] Net");
	char buf[4096];

	f->cfg.alert_syslog_facility = 19 << 3; /* local3 */
	open_sinks(f, 1);
	sinks_set_identity(f->s, "bad host\x01", 7);
	raise_spoof(f, 4, T0, 1);
	sinks_flush(f->s, f->t, reg, T0 + 1);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	    "<154>1 2026-11-02T10:00:01Z bad_host_ ixmon 7 arp_spoof "
	    "[ixmon@32473 type=\"arp_spoof\" severity=\"critical\" "
	    "asnum=\"64500\" member=\"Q\\\"uote\\\\d\\] Net\" "
	    "mac=\"02:00:00:00:00:01\" ip=\"192.0.2.10\" event=\"raise\" "
	    "count=\"1\" new_count=\"1\" group=\"1\" id=\"583bc8049e425e8a\"] "
	    "raise critical "
	    "arp_spoof AS64500 \"Q\"uote\\d] Net\" mac 02:00:00:00:00:01 ip "
	    "192.0.2.10 count 1: IPv4 address claimed by the wrong router");
	reg_free(reg);
}

/* A long detail is cut to the datagram size; the SD stays whole. */
static void test_rfc5424_truncated(void **state)
{
	struct fx *f = *state;
	char buf[8192], detail[ALERT_DETAIL_LEN];
	struct alert_key k;
	int i, n;

	memset(detail, 'x', sizeof(detail) - 1);
	detail[sizeof(detail) - 1] = '\0';
	open_sinks(f, 1);
	for (i = 0; i < 8; i++) {
		uint8_t ip[4] = {192, 0, 2, (uint8_t)(100 + i)};

		alert_key_init(&k, ALERT_ARP_SPOOF);
		alert_key_ip(&k, 4, ip);
		alert_key_asn(&k, 64501);
		alert_raise(f->t, &k, ALERT_CRITICAL, T0, 0, 1, "%s", detail);
	}
	sinks_flush(f->s, f->t, NULL, T0);
	n = recv_dgram(f->udp, buf, sizeof(buf));
	assert_int_equal(n, 2048);
	/* the ids, like the IPs, as many as SINK_LIST_LEN holds */
	assert_non_null(strstr(buf, "group=\"1\" id=\""));
	assert_non_null(strstr(buf, "\"] raise critical arp_spoof "
				    "AS64501 ip 192.0.2.100 192.0.2.101"));
}

/* ---- rate limit --------------------------------------------------------- */

/* n distinct unknown MACs, numbered from `first`: n messages. */
static void raise_range(struct fx *f, int first, int n, int64_t sec)
{
	struct alert_key k;
	int i;

	for (i = first; i < first + n; i++) {
		uint8_t mac[6] = {0x02, 0x55, (uint8_t)(i >> 16),
			(uint8_t)(i >> 8), (uint8_t)i, 0};

		alert_key_init(&k, ALERT_MAC_UNKNOWN);
		alert_key_mac(&k, mac);
		alert_raise(f->t, &k, ALERT_WARNING, sec, 0, 1, "unknown MAC");
	}
}

static void raise_many(struct fx *f, int n, int64_t sec)
{
	raise_range(f, 0, n, sec);
}

static void test_rate_limit(void **state)
{
	struct fx *f = *state;
	char buf[4096];
	json_t *l;

	f->cfg.alert_max_per_minute = 5;
	open_sinks(f, 1);
	raise_many(f, 20, T0);
	sinks_flush(f->s, f->t, NULL, T0);
	assert_int_equal(count_dgrams(f->udp), 5);
	assert_int_equal(stat_of(f->s, "remote_syslog", "suppressed"), 15);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 20); /* the record is complete */
	json_decref(l);

	/* within the same minute: still nothing, not even the summary */
	sinks_flush(f->s, f->t, NULL, T0 + 59);
	assert_int_equal(count_dgrams(f->udp), 0);

	/* the next minute: the summary first, in the new window */
	raise_many(f, 30, T0 + 60); /* 20 repeats held down + 10 new */
	sinks_flush(f->s, f->t, NULL, T0 + 60);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	    "<28>1 2026-11-02T10:01:00Z test-host ixmon 4242 suppressed "
	    "[ixmon@32473 event=\"suppressed\" count=\"15\"] 15 alert "
	    "messages suppressed by the rate limit");
	assert_int_equal(count_dgrams(f->udp), 4);
	assert_int_equal(stat_of(f->s, "remote_syslog", "suppressed"), 21);
	assert_int_equal(stat_of(f->s, "remote_syslog", "sent"), 10);
	sinks_flush(f->s, f->t, NULL, T0 + 120);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "] 6 alert messages suppressed"));
}

/* 10,000 alerts at once: the syslog output stays at the limit. */
static void test_flood(void **state)
{
	struct fx *f = *state;
	int64_t t;
	int got = 0;

	open_sinks(f, 1); /* default: 60 a minute */
	raise_many(f, 10000, T0);
	for (t = T0; t <= T0 + 180; t += 60) {
		sinks_flush(f->s, f->t, NULL, t);
		got += count_dgrams(f->udp);
	}
	/* 60 + summary; then quiet minutes: nothing more */
	assert_int_equal(got, 61);
	assert_int_equal(stat_of(f->s, "remote_syslog", "suppressed"), 9940);
	assert_int_equal(stat_of(f->s, "jsonl", "sent"), 10000);
}

/* ---- TCP ---------------------------------------------------------------- */

/* Read one octet-counted frame (RFC 6587 3.4.1) within 500 ms. */
static int read_frame(int fd, char *buf, size_t len)
{
	struct pollfd p = {fd, POLLIN, 0};
	size_t want = 0, got = 0;
	char c;

	for (;;) {
		if (poll(&p, 1, 500) <= 0 || recv(fd, &c, 1, 0) != 1)
			return -1;
		if (c == ' ')
			break;
		if (c < '0' || c > '9')
			return -1;
		want = want * 10 + (size_t)(c - '0');
	}
	if (want >= len)
		return -1;
	while (got < want) {
		ssize_t n;

		if (poll(&p, 1, 500) <= 0)
			return -1;
		n = recv(fd, buf + got, want - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	buf[got] = '\0';
	return (int)got;
}

static int accept_within(int lfd, int ms)
{
	struct pollfd p = {lfd, POLLIN, 0};

	if (poll(&p, 1, ms) <= 0)
		return -1;
	return accept(lfd, NULL, NULL);
}

static void test_tcp(void **state)
{
	struct fx *f = *state;
	char buf[4096], err[256];
	int lfd, port, c;

	lfd = bind_local(SOCK_STREAM, &port);
	snprintf(f->cfg.alert_remote_syslog, sizeof(f->cfg.alert_remote_syslog),
	    "tcp://127.0.0.1:%d", port);
	f->s = sinks_new(&f->cfg, f->dir, err, sizeof(err));
	assert_non_null(f->s);
	sinks_set_identity(f->s, "test-host", 4242);
	c = accept_within(lfd, 500);
	assert_true(c >= 0);
	raise_spoof(f, 4, T0, 1);
	raise_spoof(f, 6, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	assert_true(read_frame(c, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "<26>1 2026-11-02T10:00:00Z test-host "
				    "ixmon 4242 arp_spoof [ixmon@32473 "
				    "type=\"arp_spoof,nd_spoof\""));
	assert_int_equal(stat_of(f->s, "remote_syslog", "sent"), 1);

	/* the collector goes away: the error is seen, the message queued */
	close(c);
	usleep(20000);
	raise_spoof(f, 4, T0 + 400, 1);
	sinks_flush(f->s, f->t, NULL, T0 + 400); /* repeat */
	assert_int_equal(stat_of(f->s, "remote_syslog", "errors"), 1);
	/* back-off 1 s: reconnects at the next flush, sends the queue */
	sinks_flush(f->s, f->t, NULL, T0 + 401);
	c = accept_within(lfd, 500);
	assert_true(c >= 0);
	sinks_flush(f->s, f->t, NULL, T0 + 402);
	assert_true(read_frame(c, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, " event=\"repeat\" count=\"2\" "
				    "new_count=\"1\""));
	assert_int_equal(stat_of(f->s, "remote_syslog", "sent"), 2);
	assert_int_equal(stat_of(f->s, "remote_syslog", "dropped"), 0);
	close(c);
	close(lfd);
}

/* Nobody listening: nothing blocks, the queue fills, then drops. */
static void test_tcp_down(void **state)
{
	struct fx *f = *state;
	char err[256];
	struct timespec a, b;
	int lfd, port;
	double ms;

	lfd = bind_local(SOCK_STREAM, &port);
	close(lfd); /* a port nobody listens on */
	snprintf(f->cfg.alert_remote_syslog, sizeof(f->cfg.alert_remote_syslog),
	    "tcp://127.0.0.1:%d", port);
	f->cfg.alert_max_per_minute = 1000000;
	f->s = sinks_new(&f->cfg, f->dir, err, sizeof(err));
	assert_non_null(f->s);
	raise_many(f, 2000, T0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	sinks_flush(f->s, f->t, NULL, T0);
	sinks_flush(f->s, f->t, NULL, T0 + 1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	     (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	assert_true(ms < 500);
	assert_true(stat_of(f->s, "remote_syslog", "dropped") > 1000);
	assert_true(stat_of(f->s, "remote_syslog", "errors") >= 1);
	assert_int_equal(stat_of(f->s, "remote_syslog", "sent"), 0);
}

/* ---- exec hook ---------------------------------------------------------- */

static void write_hook(struct fx *f, const char *body)
{
	char path[160];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/hook", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\nD='%s'\n%s\n", f->dir, body);
	fclose(fp);
	chmod(path, 0755);
	snprintf(f->cfg.alert_exec, sizeof(f->cfg.alert_exec), "%s", path);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		n = 0;
	fclose(fp);
	return buf;
}

static void test_exec(void **state)
{
	struct fx *f = *state;
	struct registry *reg = load_members(f, "Alpha Net");
	char path[160], *env, *in;
	json_t *o;
	int i;

	write_hook(f, "cat > \"$D/in.tmp\"; env | grep ^IXMON_ | sort > "
		      "\"$D/env.tmp\"; mv \"$D/env.tmp\" \"$D/env\"; "
		      "mv \"$D/in.tmp\" \"$D/in\"");
	setenv("IXMON_STALE", "from the parent", 1);
	open_sinks(f, 0);
	raise_spoof(f, 4, T0, 1);
	raise_spoof(f, 6, T0, 2);
	sinks_flush(f->s, f->t, reg, T0);
	unsetenv("IXMON_STALE");
	snprintf(path, sizeof(path), "%s/in", f->dir);
	for (i = 0; i < 200 && access(path, F_OK) != 0; i++)
		usleep(10000);
	in = slurp(path);
	assert_non_null(in);
	o = json_loads(in, 0, NULL);
	assert_non_null(o);
	assert_string_equal(sget(o, "event"), "raise");
	assert_string_equal(sget(o, "member"), "Alpha Net");
	assert_int_equal(iget(o, "asnum"), 64500);
	assert_int_equal(iget(o, "count"), 3);
	assert_int_equal(json_array_size(json_object_get(o, "alerts")), 2);
	assert_int_equal(json_array_size(json_object_get(o, "types")), 2);
	json_decref(o);
	free(in);
	snprintf(path, sizeof(path), "%s/env", f->dir);
	env = slurp(path);
	assert_non_null(env);
	assert_non_null(strstr(env, "IXMON_EVENT=raise\n"));
	assert_non_null(strstr(env, "IXMON_TYPE=arp_spoof,nd_spoof\n"));
	assert_non_null(strstr(env, "IXMON_SEVERITY=critical\n"));
	assert_non_null(strstr(env, "IXMON_ASNUM=64500\n"));
	assert_non_null(strstr(env, "IXMON_MAC=02:00:00:00:00:01\n"));
	assert_non_null(strstr(env, "IXMON_IP=192.0.2.10 "
				    "2001:db8:7f8::a500:6450:1\n"));
	assert_non_null(strstr(env, "IXMON_MEMBER=Alpha Net\n"));
	assert_null(strstr(env, "IXMON_STALE"));
	free(env);
	/* reaped at a later flush, exit 0: no error */
	for (i = 0; i < 100; i++) {
		sinks_flush(f->s, f->t, reg, T0 + 1);
		usleep(5000);
	}
	assert_int_equal(stat_of(f->s, "exec", "sent"), 1);
	assert_int_equal(stat_of(f->s, "exec", "errors"), 0);
	/*
	 * The clear: a notice for a hook that pages on IXMON_SEVERITY, the
	 * alerts' own severity apart.
	 */
	unlink(path);
	sinks_flush(f->s, f->t, reg, T0 + 601);
	for (i = 0; i < 200 && access(path, F_OK) != 0; i++)
		usleep(10000);
	env = slurp(path);
	assert_non_null(env);
	assert_non_null(strstr(env, "IXMON_EVENT=clear\n"));
	assert_non_null(strstr(env, "IXMON_SEVERITY=notice\n"));
	assert_non_null(strstr(env, "IXMON_ALERT_SEVERITY=critical\n"));
	assert_non_null(strstr(env, "IXMON_URL=\n"));
	free(env);
	reg_free(reg);
}

/* More messages than hooks may run: the rest are suppressed. */
static void test_exec_busy(void **state)
{
	struct fx *f = *state;
	int i;

	write_hook(f, "sleep 0.3; exit 3");
	f->cfg.alert_exec_max_running = 2;
	open_sinks(f, 0);
	raise_many(f, 5, T0);
	sinks_flush(f->s, f->t, NULL, T0);
	assert_int_equal(stat_of(f->s, "exec", "sent"), 2);
	assert_int_equal(stat_of(f->s, "exec", "suppressed"), 3);
	for (i = 0; i < 200 && stat_of(f->s, "exec", "errors") < 2; i++) {
		usleep(10000);
		sinks_flush(f->s, f->t, NULL, T0 + 1);
	}
	assert_int_equal(stat_of(f->s, "exec", "errors"), 2); /* exit 3 */
}

/* ---- failures: whole lines, honest counters, the real cause ------------ */

#define CHILD_NV 8

typedef void (*child_fn)(struct fx *f, long long *v);

/*
 * Run fn(f, v) in a forked child with its stderr (the sinks' warnings:
 * log.c writes there until log_to_syslog) into a pipe.  Returns what it
 * logged (free it) and copies the child's v[] into `v`.  The child uses
 * no cmocka assertion (a failure would unwind into its copy of the test
 * runner); the parent checks what it reports.
 */
static char *in_child(struct fx *f, child_fn fn, long long *v)
{
	long long *sv = mmap(NULL, CHILD_NV * sizeof(*sv),
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	size_t cap = 4096, len = 0;
	char *out = calloc(1, cap);
	int p[2], st;
	ssize_t n;
	pid_t pid;

	assert_true(sv != MAP_FAILED);
	memset(sv, 0, CHILD_NV * sizeof(*sv));
	assert_int_equal(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 2);
		close(p[1]);
		fn(f, sv);
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], out + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 512)
			out = realloc(out, cap *= 2);
	}
	out[len] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("child: status 0x%x, stderr: %s", st, out);
	memcpy(v, sv, CHILD_NV * sizeof(*sv));
	munmap(sv, CHILD_NV * sizeof(*sv));
	return out;
}

/* Lines of `log` containing `what`. */
static int count_in(const char *log, const char *what)
{
	int n = 0;

	for (; (log = strstr(log, what)) != NULL; log += strlen(what))
		n++;
	return n;
}

/* alerts.jsonl's size under RLIMIT_FSIZE: a dozen lines fit, then full */
#define FULL_LIMIT 4000

static void full_disk_child(struct fx *f, long long *v)
{
	struct rlimit rl = {FULL_LIMIT, FULL_LIMIT};
	char err[256];

	/* past the limit write(2) fails with EFBIG instead of a signal */
	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		_exit(3);
	if ((f->s = sinks_new(&f->cfg, f->dir, err, sizeof(err))) == NULL)
		_exit(4);
	raise_range(f, 0, 40, T0); /* 40 lines: the disk fills */
	sinks_flush(f->s, f->t, NULL, T0);
	v[0] = stat_of(f->s, "jsonl", "sent");
	v[1] = stat_of(f->s, "jsonl", "errors");
	raise_range(f, 40, 40, T0 + 30); /* still full, same minute */
	sinks_flush(f->s, f->t, NULL, T0 + 30);
	v[2] = stat_of(f->s, "jsonl", "sent");
	v[3] = stat_of(f->s, "jsonl", "errors");
	sinks_flush(f->s, f->t, NULL, T0 + 60); /* a minute on: the summary */
	v[4] = stat_of(f->s, "jsonl", "sent");
	v[5] = stat_of(f->s, "jsonl", "errors");
	v[6] = stat_of(f->s, "jsonl", "dropped");
	sinks_free(f->s);
	f->s = NULL;
}

/*
 * A full disk (RLIMIT_FSIZE: write(2) fails with EFBIG, after a short
 * write for the line that crosses the limit): every line in the file is
 * whole, sent counts exactly the lines on disk, sent + errors = lines
 * attempted, and the log names EFBIG once a minute with a count.
 */
static void test_jsonl_full_disk(void **state)
{
	struct fx *f = *state;
	long long v[CHILD_NV];
	char *log = in_child(f, full_disk_child, v), *data, *p, *nl, want[64];
	long long lines = 0;
	size_t len;

	assert_true(v[0] > 0);
	assert_true(v[1] > 0);
	assert_int_equal(v[0] + v[1], 40);
	assert_int_equal(v[2], v[0]); /* nothing fitted any more */
	assert_int_equal(v[2] + v[3], 80);
	assert_int_equal(v[4] + v[5], 80);
	assert_int_equal(v[6], 0);

	data = slurp(f->jsonl);
	assert_non_null(data);
	len = strlen(data);
	assert_true(len > 0 && len <= FULL_LIMIT);
	assert_int_equal(data[len - 1], '\n'); /* no torn last line */
	for (p = data; *p != '\0'; p = nl + 1) {
		json_error_t e;
		json_t *o;

		nl = strchr(p, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if ((o = json_loads(p, 0, &e)) == NULL)
			fail_msg("alerts.jsonl line %lld: %s: %s", lines + 1,
			    e.text, p);
		assert_string_equal(sget(o, "event"), "raise");
		json_decref(o);
		lines++;
	}
	assert_int_equal(lines, v[4]); /* sent = what is on disk */
	free(data);

	/* the real cause, named once, then the count of the others */
	if (count_in(log, "alerts.jsonl: write: File too large") != 2)
		fail_msg("want two EFBIG lines, got: %s", log);
	snprintf(want, sizeof(want), "File too large (%lld more since the",
	    v[5] - 1);
	if (strstr(log, want) == NULL)
		fail_msg("want \"%s\" in: %s", want, log);
	assert_null(strstr(log, "No such file"));
	assert_int_equal(count_in(log, "\n"), 2);
	free(log);
}

static void gone_child(struct fx *f, long long *v)
{
	char away[128], err[256];
	struct alert_key k;
	int i;

	snprintf(away, sizeof(away), "%s.away", f->dir);
	if ((f->s = sinks_new(&f->cfg, f->dir, err, sizeof(err))) == NULL)
		_exit(4);
	raise_spoof(f, 4, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	v[0] = stat_of(f->s, "jsonl", "sent");
	/* the state directory goes away: one message of two lines fails */
	if (rename(f->dir, away) != 0)
		_exit(5);
	for (i = 0; i < 2; i++) {
		alert_key_init(&k, ALERT_MAC_UNKNOWN);
		alert_key_mac(&k, MAC2);
		alert_key_ip(&k, i ? 6 : 4, i ? IP6 : IP4);
		alert_key_asn(&k, 64501);
		alert_raise(f->t, &k, ALERT_WARNING, T0 + 400, 0, 1, "x");
	}
	sinks_flush(f->s, f->t, NULL, T0 + 400);
	v[1] = stat_of(f->s, "jsonl", "sent");
	v[2] = stat_of(f->s, "jsonl", "errors");
	/* and comes back: the next lines are written again */
	if (rename(away, f->dir) != 0)
		_exit(6);
	raise_range(f, 0, 1, T0 + 410);
	sinks_flush(f->s, f->t, NULL, T0 + 410);
	v[3] = stat_of(f->s, "jsonl", "sent");
	v[4] = stat_of(f->s, "jsonl", "errors");
	sinks_free(f->s);
	f->s = NULL;
}

/* alerts.jsonl opened at each flush: an open error is counted per line
 * and logged with its own errno. */
static void test_jsonl_reopen_error(void **state)
{
	struct fx *f = *state;
	long long v[CHILD_NV];
	char *log = in_child(f, gone_child, v);
	json_t *l;

	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 1); /* nothing more sent */
	assert_int_equal(v[2], 2); /* both lines of the message failed */
	assert_int_equal(v[3], 2);
	assert_int_equal(v[4], 2);
	if (count_in(log, "alerts.jsonl: open: No such file or directory\n") !=
		1 ||
	    count_in(log, "\n") != 1)
		fail_msg("want one ENOENT line, got: %s", log);
	free(log);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(sget(json_array_get(l, 1), "type"), "mac_unknown");
	json_decref(l);
}

/* A last line torn by an older writer (a crash, a full disk before this
 * fix) is ended before the next line, which stays parseable. */
static void test_jsonl_torn_tail(void **state)
{
	struct fx *f = *state;
	FILE *fp = fopen(f->jsonl, "w");
	char *data, *nl;
	json_t *o;

	assert_non_null(fp);
	fputs("{\"type\":\"arp_spoof\",\"cou", fp);
	fclose(fp);
	open_sinks(f, 0);
	raise_spoof(f, 4, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	data = slurp(f->jsonl);
	assert_non_null(data);
	nl = strchr(data, '\n');
	assert_non_null(nl);
	*nl = '\0';
	assert_string_equal(data, "{\"type\":\"arp_spoof\",\"cou");
	o = json_loads(nl + 1, 0, NULL);
	assert_non_null(o);
	assert_string_equal(sget(o, "event"), "raise");
	json_decref(o);
	free(data);
	assert_int_equal(stat_of(f->s, "jsonl", "sent"), 1);
}

static void refused_child(struct fx *f, long long *v)
{
	char err[256];
	int i;

	if ((f->s = sinks_new(&f->cfg, f->dir, err, sizeof(err))) == NULL)
		_exit(4);
	for (i = 0; i < 3; i++) {
		raise_range(f, i, 1, T0 + i);
		sinks_flush(f->s, f->t, NULL, T0 + i);
		usleep(20000); /* the ICMP port unreachable comes back */
	}
	v[0] = stat_of(f->s, "remote_syslog", "sent");
	v[1] = stat_of(f->s, "remote_syslog", "errors");
	v[2] = stat_of(f->s, "remote_syslog", "dropped");
	sinks_free(f->s);
	f->s = NULL;
}

/*
 * UDP to a port nobody listens on: the kernel reports the refusal of a
 * datagram at the next send (ECONNREFUSED).  That datagram did not reach
 * a collector: it is an error, not sent.
 */
static void test_udp_refused(void **state)
{
	struct fx *f = *state;
	long long v[CHILD_NV];
	char *log;
	int fd, port;

	fd = bind_local(SOCK_DGRAM, &port);
	close(fd);
	snprintf(f->cfg.alert_remote_syslog, sizeof(f->cfg.alert_remote_syslog),
	    "udp://127.0.0.1:%d", port);
	log = in_child(f, refused_child, v);
	assert_int_equal(v[0] + v[1] + v[2], 3);
	assert_int_equal(v[1], 2); /* the first two were refused */
	assert_int_equal(v[0], 1); /* the last one: not known yet */
	/* said once, and the second refusal counted (at close) */
	if (count_in(log, ": send: Connection refused\n") != 1 ||
	    count_in(log, ": send: Connection refused (1 more since the last "
			  "report)\n") != 1 ||
	    count_in(log, "\n") != 2)
		fail_msg("want one ECONNREFUSED line and its count, got: %s",
		    log);
	free(log);
}

/* A message larger than a pipe (64 KiB): the hook gets all of it. */
static void test_exec_large(void **state)
{
	struct fx *f = *state;
	struct alert_key k;
	char path[160], *in;
	json_t *o;
	int i;

	write_hook(f, "cat > \"$D/in.tmp\"; mv \"$D/in.tmp\" \"$D/in\"");
	open_sinks(f, 0);
	/* 600 alerts of one member: one message of ~150 KB */
	for (i = 0; i < 600; i++) {
		uint8_t mac[6] = {0x02, 0x66, 0, (uint8_t)(i >> 8), (uint8_t)i,
			1};

		alert_key_init(&k, ALERT_ARP_SPOOF);
		alert_key_mac(&k, mac);
		alert_key_ip(&k, 4, IP4);
		alert_key_asn(&k, 64500);
		alert_raise(f->t, &k, ALERT_CRITICAL, T0, 0, 1,
		    "IPv4 address claimed by the wrong router, number %d", i);
	}
	sinks_flush(f->s, f->t, NULL, T0);
	snprintf(path, sizeof(path), "%s/in", f->dir);
	for (i = 0; i < 300 && access(path, F_OK) != 0; i++)
		usleep(10000);
	in = slurp(path);
	assert_non_null(in);
	assert_true(strlen(in) > 65536);
	o = json_loads(in, 0, NULL);
	assert_non_null(o);
	assert_int_equal(json_array_size(json_object_get(o, "alerts")), 600);
	json_decref(o);
	free(in);
	for (i = 0; i < 100; i++) {
		sinks_flush(f->s, f->t, NULL, T0 + 1);
		usleep(5000);
	}
	assert_int_equal(stat_of(f->s, "exec", "sent"), 1);
	assert_int_equal(stat_of(f->s, "exec", "errors"), 0);
}


/* ---- acknowledgements --------------------------------------------------- */

/* Drop an acknowledgement into the spool as the dashboard does. */
static void spool_ack(struct fx *f, uint64_t id, int64_t sec, const char *note)
{
	struct ack_req r;
	char err[256];
	int dfd = open(f->dir, O_RDONLY | O_DIRECTORY);

	assert_true(dfd >= 0);
	memset(&r, 0, sizeof(r));
	r.id = id;
	r.sec = sec;
	snprintf(r.note, sizeof(r.note), "%s", note);
	if (ack_spool_put(dfd, &r, err, sizeof(err)) < 0)
		fail_msg("ack_spool_put: %s", err);
	close(dfd);
}

static int spool_files(struct fx *f)
{
	char path[128];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", f->dir, ACK_SPOOL_DIR);
	assert_non_null(d = opendir(path));
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/*
 * An acknowledgement from the spool: applied to its alert, one `ack`
 * line in alerts.jsonl carrying it, one syslog message of its own (a
 * notice, with the note and the id in the structured data); the spool
 * file is gone.  One for no alert and a broken file are removed and
 * counted, and change nothing.
 */
static void test_ack(void **state)
{
	struct fx *f = *state;
	struct registry *reg = load_members(f, "Alpha Net");
	struct alert *a;
	char buf[4096], path[160];
	json_t *l, *st;
	FILE *fp;

	open_sinks(f, 1);
	a = raise_spoof(f, 4, T0, 1);
	sinks_flush(f->s, f->t, reg, T0);
	assert_int_equal(count_dgrams(f->udp), 1);
	json_decref(new_lines(f));

	spool_ack(f, a->id, T0 + 42, "ticket 4711: \"called\" AS64500");
	spool_ack(f, 0x0123456789abcdefull, T0 + 43, "no such alert");
	snprintf(path, sizeof(path), "%s/%s/000000000001.0-1-1.json", f->dir,
	    ACK_SPOOL_DIR);
	assert_non_null(fp = fopen(path, "w"));
	fputs("{\"id\": 12}", fp);
	fclose(fp);
	assert_int_equal(spool_files(f), 3);
	assert_int_equal(sinks_take_acks(f->s, f->t, reg, T0 + 50), 1);
	assert_int_equal(spool_files(f), 0);
	assert_true(a->acked);
	assert_true(a->ack_sec == T0 + 42);

	l = new_lines(f);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "ack");
	assert_string_equal(sget(json_array_get(l, 0), "time"), "2026-11-02T10:00:42Z");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(l, 0), "acknowledged"), "note")),
	    "ticket 4711: \"called\" AS64500");
	json_decref(l);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	    "<29>1 2026-11-02T10:00:42Z test-host ixmon 4242 arp_spoof "
	    "[ixmon@32473 type=\"arp_spoof\" severity=\"notice\" "
	    "alert_severity=\"critical\" asnum=\"64500\" member=\"Alpha Net\" "
	    "mac=\"02:00:00:00:00:01\" ip=\"192.0.2.10\" event=\"ack\" "
	    "count=\"1\" new_count=\"0\" group=\"2\" id=\"583bc8049e425e8a\" "
	    "note=\"ticket 4711: \\\"called\\\" AS64500\"] ack arp_spoof "
	    "AS64500 \"Alpha Net\" mac 02:00:00:00:00:01 ip 192.0.2.10: "
	    "acknowledged at 2026-11-02T10:00:42Z: ticket 4711: \"called\" "
	    "AS64500 (count 1)");
	assert_int_equal(recv_dgram(f->udp, buf, sizeof(buf)), -1);
	st = sinks_stats(f->s);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(st,
	    "events"), "ack")), 1);
	assert_int_equal(json_integer_value(json_object_get(st, "acks_refused")), 2);
	json_decref(st);
	/* an empty spool is nothing to do; the spool is read once a second */
	assert_int_equal(sinks_take_acks(f->s, f->t, reg, T0 + 51), 0);
	spool_ack(f, a->id, T0 + 52, "second look");
	assert_int_equal(sinks_take_acks(f->s, f->t, reg, T0 + 51), 0);
	assert_int_equal(spool_files(f), 1);
	assert_int_equal(sinks_take_acks(f->s, f->t, reg, T0 + 52), 1);
	assert_string_equal(a->ack_note, "second look");
	reg_free(reg);
}

/*
 * One acknowledgement per episode: an event that cleared and comes back,
 * and a condition that closed and reopens, are raised again without it.
 */
static void test_ack_spent_on_raise(void **state)
{
	struct fx *f = *state;
	struct alert_key k;
	struct alert *a, *c;
	json_t *l;

	open_sinks(f, 0);
	a = raise_spoof(f, 4, T0, 1);
	alert_key_init(&k, ALERT_V6_UNREGISTERED);
	alert_key_asn(&k, 64501);
	c = alert_set(f->t, &k, ALERT_WARNING, T0, 0, T0, 0, 1, "unregistered");
	sinks_flush(f->s, f->t, NULL, T0);
	alert_ack(a, T0 + 10, "known");
	alert_ack(c, T0 + 10, "known too");
	/* more of the same episode: a repeat, still acknowledged */
	raise_spoof(f, 4, T0 + 300, 1);
	sinks_flush(f->s, f->t, NULL, T0 + 300);
	assert_true(a->acked && c->acked);
	/* the event clears, the condition closes: the acknowledgement stays on record */
	alert_close(f->t, &k);
	sinks_flush(f->s, f->t, NULL, T0 + 900);
	assert_true(a->acked && c->acked);
	json_decref(new_lines(f));
	/* back again: raised, open, not acknowledged */
	raise_spoof(f, 4, T0 + 1000, 1);
	alert_set(f->t, &k, ALERT_WARNING, T0, 0, T0 + 1000, 0, 2, "unregistered");
	sinks_flush(f->s, f->t, NULL, T0 + 1000);
	l = new_lines(f);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(sget(json_array_get(l, 0), "event"), "raise");
	assert_true(json_is_null(json_object_get(json_array_get(l, 0), "acknowledged")));
	assert_true(json_is_null(json_object_get(json_array_get(l, 1), "acknowledged")));
	json_decref(l);
	assert_false(a->acked);
	assert_false(c->acked);
}

/* ---- syslog for the NOC ------------------------------------------------- */

/*
 * alerts.dashboard_url: each message links to the member's page (or the
 * NOC page when it is about no member), in the text before the details
 * (which a long message loses first) and as url= in the structured data;
 * alerts.syslog_sd_id names the structured data.
 */
static void test_dashboard_url_sd_id(void **state)
{
	struct fx *f = *state;
	struct alert_key k;
	char buf[4096];

	snprintf(f->cfg.alert_dashboard_url, sizeof(f->cfg.alert_dashboard_url),
	    "https://noc.example.net/ixmon/");
	snprintf(f->cfg.alert_syslog_sd_id, sizeof(f->cfg.alert_syslog_sd_id),
	    "acme@99999");
	open_sinks(f, 1);
	raise_spoof(f, 4, T0, 1);
	alert_key_init(&k, ALERT_MAC_FLOOD);
	alert_raise(f->t, &k, ALERT_WARNING, T0, 0, 1, "many new MACs");
	sinks_flush(f->s, f->t, NULL, T0);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
	    "<26>1 2026-11-02T10:00:00Z test-host ixmon 4242 arp_spoof "
	    "[acme@99999 type=\"arp_spoof\" severity=\"critical\" "
	    "asnum=\"64500\" mac=\"02:00:00:00:00:01\" ip=\"192.0.2.10\" "
	    "event=\"raise\" count=\"1\" new_count=\"1\" group=\"1\" "
	    "id=\"583bc8049e425e8a\" "
	    "url=\"https://noc.example.net/ixmon/members/64500\"] raise "
	    "critical arp_spoof AS64500 mac 02:00:00:00:00:01 ip 192.0.2.10 "
	    "<https://noc.example.net/ixmon/members/64500> count 1: IPv4 "
	    "address claimed by the wrong router");
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "[acme@99999 type=\"mac_flood\""));
	assert_non_null(strstr(buf, " url=\"https://noc.example.net/ixmon/\"]"));
	assert_non_null(strstr(buf, "raise warning mac_flood "
				    "<https://noc.example.net/ixmon/> count 1"));
	/* the clear too; and the summary of the rate limit names its SD-ID */
	sinks_flush(f->s, f->t, NULL, T0 + 600);
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "<29>1 "));
	assert_non_null(strstr(buf, "clear arp_spoof AS64500 mac "
				    "02:00:00:00:00:01 ip 192.0.2.10 "
				    "<https://noc.example.net/ixmon/members/64500>: "
				    "back to normal"));
}

/* The severity of each event as the log pipeline sees it (PRI). */
static void test_event_priorities(void **state)
{
	struct fx *f = *state;
	struct alert_key k;
	char buf[4096];
	int n;

	open_sinks(f, 1);
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_key_mac(&k, MAC2);
	alert_raise(f->t, &k, ALERT_WARNING, T0, 0, 1, "unknown MAC");
	alert_key_init(&k, ALERT_MAC_FLOOD);
	alert_raise(f->t, &k, ALERT_NOTICE, T0, 0, 1, "notice");
	raise_spoof(f, 4, T0, 1);
	sinks_flush(f->s, f->t, NULL, T0);
	/* raise: the alert's severity; daemon = 3, so 24 + severity */
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_memory_equal(buf, "<28>1 ", 6); /* warning */
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_memory_equal(buf, "<29>1 ", 6); /* notice */
	assert_true(recv_dgram(f->udp, buf, sizeof(buf)) > 0);
	assert_memory_equal(buf, "<26>1 ", 6); /* critical */
	/* every clear, the critical one too, is a notice, never info nor crit */
	sinks_flush(f->s, f->t, NULL, T0 + 600);
	for (n = 0; recv_dgram(f->udp, buf, sizeof(buf)) > 0; n++) {
		assert_memory_equal(buf, "<29>1 ", 6);
		assert_non_null(strstr(buf, "severity=\"notice\""));
		assert_non_null(strstr(buf, "event=\"clear\""));
	}
	assert_int_equal(n, 3);
}

/* ---- configuration and opening ----------------------------------------- */

static void collect(void *ctx, const char *path, const char *what)
{
	snprintf(ctx, 512, "%s: %s", path, what);
}

static void check_bad(const char *json, const char *want)
{
	struct ixm_config c;
	char got[512] = "";
	json_t *root = json_loads(json, 0, NULL);

	assert_non_null(root);
	cfg_defaults(&c);
	assert_int_equal(cfg_apply_json(root, &c, collect, got), 1);
	json_decref(root);
	if (strstr(got, want) == NULL)
		fail_msg("want \"%s\" in \"%s\"", want, got);
	assert_string_equal(c.alert_remote_syslog, "");
	assert_string_equal(c.alert_exec, "");
}

static void test_config_keys(void **state)
{
	struct ixm_config c;
	struct cfg_target t;
	char why[256];
	json_t *root;

	(void)state;
	cfg_defaults(&c);
	assert_int_equal(c.alert_repeat_every, 300);
	assert_int_equal(c.alert_clear_after, 600);
	assert_int_equal(c.alert_max_per_minute, 60);
	assert_int_equal(c.alert_syslog, 1);
	assert_string_equal(cfg_facility_name(c.alert_syslog_facility),
	    "daemon");
	assert_string_equal(c.alert_remote_syslog, "");
	assert_string_equal(c.alert_exec, "");
	assert_int_equal(c.alert_exec_max_running, 4);
	assert_string_equal(c.alert_dashboard_url, "");
	assert_string_equal(c.alert_syslog_sd_id, "ixmon@32473");

	root = json_loads("{\"alerts\": {\"repeat_every\": 0, \"clear_after\":"
			  " 60, \"max_per_minute\": 10, \"syslog\": false, "
			  "\"syslog_facility\": \"local7\", \"remote_syslog\":"
			  " \"tcp://[2001:db8::1]:6514\", \"exec\": "
			  "\"/bin/true\", \"exec_max_running\": 1}}",
	    0, NULL);
	assert_int_equal(cfg_apply_json(root, &c, NULL, NULL), 0);
	json_decref(root);
	assert_int_equal(c.alert_repeat_every, 0);
	assert_int_equal(c.alert_syslog, 0);
	assert_string_equal(cfg_facility_name(c.alert_syslog_facility),
	    "local7");
	assert_string_equal(c.alert_remote_syslog, "tcp://[2001:db8::1]:6514");

	check_bad("{\"alerts\": {\"remote_syslog\": \"syslog.example.net:514\"}}",
	    "alerts.remote_syslog: want udp://HOST:PORT or tcp://HOST:PORT");
	check_bad("{\"alerts\": {\"remote_syslog\": \"udp://loghost:514\"}}",
	    "must be an IPv4 literal (names are not resolved)");
	check_bad("{\"alerts\": {\"remote_syslog\": \"udp://2001:db8::1:514\"}}",
	    "write an IPv6 host in brackets");
	check_bad("{\"alerts\": {\"remote_syslog\": \"udp://[2001:db8::1:514\"}}",
	    "closing ]");
	check_bad("{\"alerts\": {\"remote_syslog\": \"udp://127.0.0.1:65536\"}}",
	    "want a port from 1 to 65535");
	check_bad("{\"alerts\": {\"remote_syslog\": \"udp://127.0.0.1:\"}}",
	    "want a port");
	check_bad("{\"alerts\": {\"remote_syslog\": \"udp://[::1]x\"}}",
	    "want a port");
	check_bad("{\"alerts\": {\"remote_syslog\": 514}}",
	    "alerts.remote_syslog: want a string, got a whole number");
	check_bad("{\"alerts\": {\"exec\": \"page-oncall\"}}",
	    "alerts.exec: want an absolute path");
	check_bad("{\"alerts\": {\"syslog_facility\": \"kern\"}}",
	    "want one of \"daemon\", \"local0\"");
	check_bad("{\"alerts\": {\"max_per_minute\": 0}}", "out of bounds");
	check_bad("{\"alerts\": {\"dashboard_url\": \"noc.example.net\"}}",
	    "alerts.dashboard_url: want an http:// or https:// URL");
	check_bad("{\"alerts\": {\"dashboard_url\": \"https://noc/a b\"}}",
	    "alerts.dashboard_url: a URL of printable ASCII without spaces");
	check_bad("{\"alerts\": {\"dashboard_url\": \"https://noc/\\\"x\"}}",
	    "alerts.dashboard_url: a URL of printable ASCII");
	check_bad("{\"alerts\": {\"syslog_sd_id\": \"ixmon\"}}",
	    "alerts.syslog_sd_id: want an RFC 5424 SD-ID NAME@NUMBER");
	check_bad("{\"alerts\": {\"syslog_sd_id\": \"ix mon@1\"}}",
	    "alerts.syslog_sd_id: want an RFC 5424 SD-ID");
	check_bad("{\"alerts\": {\"syslog_sd_id\": \"ixmon@x1\"}}",
	    "alerts.syslog_sd_id: want an RFC 5424 SD-ID");
	check_bad("{\"alerts\": {\"syslog_sd_id\": \"a=b@1\"}}",
	    "alerts.syslog_sd_id: want an RFC 5424 SD-ID");
	check_bad("{\"alerts\": {\"syslog_sd_id\": "
		  "\"a-very-long-structured-data-id@32473\"}}",
	    "alerts.syslog_sd_id: the string is");

	assert_int_equal(cfg_parse_target("udp://192.0.2.1", &t, why,
			     sizeof(why)), 0);
	assert_int_equal(t.port, 514);
	assert_int_equal(t.tcp, 0);
	assert_int_equal(t.family, 4);
	assert_int_equal(cfg_parse_target("tcp://[::1]:601", &t, why,
			     sizeof(why)), 0);
	assert_int_equal(t.port, 601);
	assert_int_equal(t.tcp, 1);
	assert_int_equal(t.family, 6);
	assert_int_equal(t.addr[15], 1);
}

static void test_open_errors(void **state)
{
	struct fx *f = *state;
	char err[256], dir[160];

	snprintf(dir, sizeof(dir), "%s/no/such/dir", f->dir);
	assert_null(sinks_new(&f->cfg, dir, err, sizeof(err)));
	assert_non_null(strstr(err, "alert sink jsonl: "));
	assert_non_null(strstr(err, "alerts.jsonl: No such file"));

	snprintf(f->cfg.alert_exec, sizeof(f->cfg.alert_exec), "%s/nohook",
	    f->dir);
	assert_null(sinks_new(&f->cfg, f->dir, err, sizeof(err)));
	assert_non_null(strstr(err, "alert sink exec: "));
	f->cfg.alert_exec[0] = '\0';

	snprintf(f->cfg.alert_remote_syslog, sizeof(f->cfg.alert_remote_syslog),
	    "udp://host:1");
	assert_null(sinks_new(&f->cfg, f->dir, err, sizeof(err)));
	assert_non_null(strstr(err, "alert sink remote_syslog: "));
	/* IPv6 UDP to a closed port opens fine (datagrams just get lost) */
	snprintf(f->cfg.alert_remote_syslog, sizeof(f->cfg.alert_remote_syslog),
	    "udp://[::1]:9");
	f->s = sinks_new(&f->cfg, f->dir, err, sizeof(err));
	if (f->s == NULL) /* hosts without IPv6 on lo */
		assert_non_null(strstr(err, "udp://[::1]:9"));
}

/* ---- the sinks-check driver -------------------------------------------- */

static int send_main(int argc, char **argv)
{
	const char *target = NULL, *members = NULL;
	struct ixm_config cfg;
	struct registry *reg = NULL;
	struct alert_table *t;
	struct sinks *s;
	char dir[] = "/tmp/test_sinks_send.XXXXXX", err[256], cmd[128];
	long flood = 10000;
	int64_t now = (int64_t)time(NULL);
	int lifecycle = 0;
	json_t *st;
	int i;

	cfg_defaults(&cfg);
	cfg.alert_syslog = getenv("IXMON_SINKS_LOCAL") != NULL;
	cfg.alert_syslog_facility = 16 << 3; /* local0 */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--send") == 0 && i + 1 < argc)
			target = argv[++i];
		else if (strcmp(argv[i], "--members") == 0 && i + 1 < argc)
			members = argv[++i];
		else if (strcmp(argv[i], "--flood") == 0 && i + 1 < argc)
			flood = atol(argv[++i]);
		else if (strcmp(argv[i], "--max-per-minute") == 0 &&
		    i + 1 < argc)
			cfg.alert_max_per_minute = (uint32_t)atol(argv[++i]);
		else if (strcmp(argv[i], "--lifecycle") == 0)
			lifecycle = 1;
	}
	if (target == NULL || mkdtemp(dir) == NULL) {
		fprintf(stderr, "usage: test_sinks --send TARGET [--members "
				"FILE] [--flood N] [--max-per-minute M]\n");
		return 2;
	}
	snprintf(cfg.alert_remote_syslog, sizeof(cfg.alert_remote_syslog), "%s",
	    target);
	if (members != NULL &&
	    (reg = reg_load(members, NULL, no_warn, NULL, err, sizeof(err))) ==
		NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if ((s = sinks_new(&cfg, dir, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	t = alert_table_new((uint32_t)flood + 16);
	{
		struct fx f;

		memset(&f, 0, sizeof(f));
		f.t = t;
		snprintf(f.dir, sizeof(f.dir), "%s", dir);
		usleep(100000); /* TCP: let the connection complete */
		if (lifecycle) {
			struct alert *a = raise_spoof(&f, 4, now, 1);

			raise_spoof(&f, 6, now, 1);
			sinks_flush(s, t, reg, now);
			spool_ack(&f, a->id, now + 10, "ticket 4711");
			sinks_take_acks(s, t, reg, now + 10);
			sinks_flush(s, t, reg, now + 600);
			goto sent;
		}
		raise_spoof(&f, 4, now, 1);
		raise_spoof(&f, 6, now, 1);
		sinks_flush(s, t, reg, now);
		raise_many(&f, (int)flood, now + 60);
		sinks_flush(s, t, reg, now + 60);
		sinks_flush(s, t, reg, now + 120);
	}
sent:
	/* TCP: give the queue time to drain, without new events */
	for (i = 0; i < 100; i++) {
		usleep(10000);
		sinks_flush(s, t, reg, now + 120);
	}
	st = sinks_stats(s);
	json_dumpf(st, stdout, JSON_COMPACT | JSON_SORT_KEYS);
	putchar('\n');
	json_decref(st);
	sinks_free(s);
	alert_table_free(t);
	reg_free(reg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_holddown_and_final,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_sent_cleared, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_condition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_condition_every_kind,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_condition_mark_sent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_condition_never_open,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_folded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grouping, setup, teardown),
		cmocka_unit_test(test_sd_escape),
		cmocka_unit_test_setup_teardown(test_rfc5424_member_escaped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rfc5424_truncated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flood, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_busy, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_jsonl_full_disk, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_jsonl_reopen_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_jsonl_torn_tail, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_udp_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_exec_large, setup,
		    teardown),
		cmocka_unit_test(test_config_keys),
		cmocka_unit_test_setup_teardown(test_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ack_spent_on_raise, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_url_sd_id, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_event_priorities, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup,
		    teardown),
	};

	if (argc > 1 && strcmp(argv[1], "--send") == 0)
		return send_main(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
