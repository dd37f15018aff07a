/*
 * test_rrd_store.c - the RRD store (graphs/rrd_store.c) on direct writes.
 *
 * From crafted state JSON: begin() gives the first interval a rate (files
 * start at zero), rates are the counters' differences per second, alert
 * counts are summed per type (port_security_violation lands in the
 * 19-character DS "port_security"), a member with two ports is one file
 * summed by AS number (what it received in a file of its own), an update
 * not newer than the last is skipped and counted, an update meeting a
 * reader's lock waits for it, and the stats say what happened.  Values are
 * read back with librrd's own rrd_fetch_r.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <rrd.h>

#include "graphs/rrd_store.h"
#include "lock_holder.h"

#define T0 1793613600 /* 2026-11-02T10:00:00Z, a step boundary */

static json_t *state(json_int_t k)
{
	json_t *st = json_pack("{s:{s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I}},"
	    "s:[{s:s,s:I},{s:s,s:I},{s:s,s:I}],"
	    "s:[{s:I,s:{s:{s:I,s:I},s:{s:I,s:I}}},{s:I,s:{s:{s:I,s:I},s:{s:I,s:I}}}]}",
	    "ethertype", "ipv4", "frames", 60 * k, "bytes", 6000 * k, "ipv6",
	    "frames", 120 * k, "bytes", 12000 * k, "arp", "frames", 0, "bytes", 0,
	    "other", "frames", 0, "bytes", 0,
	    "alerts", "type", "rogue_ra", "count", 60 * k, "type",
	    "port_security_violation", "count", 120 * k, "type", "rogue_ra",
	    "count", 60 * k,
	    "members", "asnum", 64500, "traffic", "ipv4", "frames", 60 * k,
	    "bytes", 600 * k, "ipv6", "frames", 0, "bytes", 0, "asnum", 64500,
	    "traffic", "ipv4", "frames", 60 * k, "bytes", 600 * k, "ipv6",
	    "frames", 0, "bytes", 0);
	/* both ports serve IPv6: one member active, by AS number */
	json_object_set_new(json_array_get(json_object_get(st, "members"), 0),
	    "ipv6", json_pack("{s:s,s:b}", "status", "active", "went_dark", 0));
	json_object_set_new(json_array_get(json_object_get(st, "members"), 1),
	    "ipv6", json_pack("{s:s,s:b}", "status", "active", "went_dark", 0));
	/* the second port received 300 bytes of IPv6 a minute: 5 B/s */
	json_object_set_new(json_array_get(json_object_get(st, "members"), 1),
	    "traffic_in", json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "ipv4", "frames",
	    0, "bytes", 0, "ipv6", "frames", 3 * k, "bytes", 300 * k));
	return st;
}

/* The AVERAGE of data source `ds` for the step ending at `end`. */
static double value_at(const char *file, const char *ds, time_t end)
{
	time_t start = end - 60, stop = end;
	unsigned long step, n, i;
	char **names;
	rrd_value_t *data;
	double v = -1;

	rrd_clear_error();
	assert_int_equal(rrd_fetch_r(file, "AVERAGE", &start, &stop, &step, &n,
	    &names, &data), 0);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], ds) == 0)
			v = data[i]; /* the first row: the step ending at `end` */
		free(names[i]);
	}
	free(names);
	free(data);
	return v;
}

/* A store in the fresh directory `dir` (a mkdtemp template), fed steps 1..n. */
static struct rrd_store *store_with_steps(char *dir, int n)
{
	struct rrd_store *s;
	char err[256];
	json_t *st;
	int k;

	assert_non_null(mkdtemp(dir));
	s = rrd_store_open(dir, 60, NULL, err, sizeof(err));
	assert_non_null(s);
	rrd_store_begin(s, T0);
	for (k = 1; k <= n; k++) {
		st = state(k);
		assert_int_equal(rrd_store_update(s, st, T0 + 60 * k), 0);
		json_decref(st);
	}
	return s;
}

static void test_rates(void **unused)
{
	char dir[] = "/tmp/ixmon-test-rrd.XXXXXX", err[256], path[256];
	struct rrd_store *s;
	json_t *st, *stats;

	(void)unused;
	s = store_with_steps(dir, 3);
	/* not newer: skipped, counted */
	st = state(9);
	assert_int_equal(rrd_store_update(s, st, T0 + 180), 0);
	json_decref(st);
	/* the writer thread has written all of it after a flush */
	assert_int_equal(rrd_store_flush(s), 0);
	assert_true(rrd_store_idle(s));

	snprintf(path, sizeof(path), "%s/rrd/lan.rrd", dir);
	/* the first interval has a rate: the file started at zero */
	assert_float_equal(value_at(path, "ipv4_frames", T0 + 60), 1.0, 1e-9);
	assert_float_equal(value_at(path, "ipv6_bytes", T0 + 120), 200.0, 1e-9);
	assert_float_equal(value_at(path, "arp_frames", T0 + 180), 0.0, 1e-9);
	snprintf(path, sizeof(path), "%s/rrd/alerts.rrd", dir);
	assert_float_equal(value_at(path, "rogue_ra", T0 + 120), 2.0, 1e-9);
	assert_float_equal(value_at(path, "port_security", T0 + 120), 2.0, 1e-9);
	/* two ports of AS64500, one file; first seen after begin: from zero */
	snprintf(path, sizeof(path), "%s/rrd/member-64500.rrd", dir);
	assert_float_equal(value_at(path, "ipv4_frames", T0 + 60), 2.0, 1e-9);
	assert_float_equal(value_at(path, "ipv4_bytes", T0 + 180), 20.0, 1e-9);

	/* members by IPv6 status: a level (GAUGE), AS64500 counted once */
	snprintf(path, sizeof(path), "%s/rrd/v6members.rrd", dir);
	assert_float_equal(value_at(path, "active", T0 + 120), 1.0, 1e-9);
	assert_float_equal(value_at(path, "dark", T0 + 120), 0.0, 1e-9);
	/* what a member received: its own file, the same sources */
	snprintf(path, sizeof(path), "%s/rrd/member-64500-in.rrd", dir);
	assert_float_equal(value_at(path, "ipv6_bytes", T0 + 120), 5.0, 1e-9);
	assert_float_equal(value_at(path, "ipv4_frames", T0 + 120), 0.0, 1e-9);

	stats = rrd_store_stats(s);
	assert_int_equal(json_integer_value(json_object_get(stats, "errors")), 0);
	assert_int_equal(json_integer_value(json_object_get(stats, "skipped")), 1);
	/* 6 LAN files + 1 member, sent and received */
	assert_int_equal(json_integer_value(json_object_get(stats, "created")), 8);
	assert_null(json_object_get(stats, "rrdcached"));
	json_decref(stats);
	rrd_store_close(s);

	/* a reopened store continues the same files */
	s = rrd_store_open(dir, 60, NULL, err, sizeof(err));
	st = state(4);
	assert_int_equal(rrd_store_update(s, st, T0 + 240), 0);
	json_decref(st);
	assert_int_equal(rrd_store_flush(s), 0);
	snprintf(path, sizeof(path), "%s/rrd/lan.rrd", dir);
	assert_float_equal(value_at(path, "ipv4_frames", T0 + 240), 1.0, 1e-9);
	rrd_store_close(s);
	assert_int_equal(system((snprintf(path, sizeof(path), "rm -rf %s", dir), path)), 0);
}

/*
 * A replayed capture (data older than the clock) queues lines faster than
 * librrd writes them: 1000 intervals of 8 files are 8000 lines, more than
 * the queue holds.  Nothing may be dropped: the graphs of a two-day
 * replay were mostly gaps.
 */
static void test_replay_keeps_every_line(void **unused)
{
	char dir[] = "/tmp/ixmon-test-rrd.XXXXXX", path[256];
	struct rrd_store *s;
	json_t *stats;

	(void)unused;
	s = store_with_steps(dir, 1000);
	assert_int_equal(rrd_store_flush(s), 0);
	stats = rrd_store_stats(s);
	assert_int_equal(json_integer_value(json_object_get(stats, "dropped")), 0);
	assert_int_equal(json_integer_value(json_object_get(stats, "updates")),
	    8 + 8 * 1000); /* a zero point per file, then 8 files a step */
	json_decref(stats);
	snprintf(path, sizeof(path), "%s/rrd/lan.rrd", dir);
	assert_float_equal(value_at(path, "ipv4_frames", T0 + 60 * 500), 1.0, 1e-9);
	rrd_store_close(s);
	assert_int_equal(system((snprintf(path, sizeof(path), "rm -rf %s", dir), path)), 0);
}

/*
 * A render pass is another process reading the files (rrd_graph takes a
 * read lock on each); librrd's update does not wait for a lock, it fails.
 * An update that meets a reader must wait, not lose the interval: the
 * graphs of a busy dashboard had a hole wherever a render ran.
 */
static void test_update_waits_for_a_reader(void **unused)
{
	char dir[] = "/tmp/ixmon-test-rrd.XXXXXX", path[256];
	struct rrd_store *s;
	json_t *st, *stats;
	pid_t pid;

	(void)unused;
	s = store_with_steps(dir, 1);
	assert_int_equal(rrd_store_flush(s), 0);
	snprintf(path, sizeof(path), "%s/rrd/lan.rrd", dir);
	pid = lock_hold(path, F_RDLCK, 300);
	st = state(2);
	assert_int_equal(rrd_store_update(s, st, T0 + 120), 0);
	json_decref(st);
	assert_int_equal(rrd_store_flush(s), 0);
	lock_holder_done(pid);
	stats = rrd_store_stats(s);
	assert_int_equal(json_integer_value(json_object_get(stats, "errors")), 0);
	assert_int_equal(json_integer_value(json_object_get(stats, "updates")), 8 + 8 * 2);
	json_decref(stats);
	assert_float_equal(value_at(path, "ipv4_frames", T0 + 120), 1.0, 1e-9);
	rrd_store_close(s);
	assert_int_equal(system((snprintf(path, sizeof(path), "rm -rf %s", dir), path)), 0);
}

static void test_bad_dir(void **unused)
{
	char err[256];

	(void)unused;
	assert_null(rrd_store_open("/proc/no/such/dir", 60, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "/proc/no/such/dir/rrd"));
	assert_null(rrd_store_open("/tmp", 0, NULL, err, sizeof(err)));
}

/* A daemon that is not there: queued and reported, nothing fatal. */
static void test_missing_daemon(void **unused)
{
	char dir[] = "/tmp/ixmon-test-rrd.XXXXXX", err[256], cmd[128];
	struct rrd_store *s;
	json_t *st, *stats, *c;

	(void)unused;
	assert_non_null(mkdtemp(dir));
	s = rrd_store_open(dir, 60, "unix:/nonexistent/rrdcached.sock", err,
	    sizeof(err));
	assert_non_null(s);
	st = state(1);
	assert_int_equal(rrd_store_update(s, st, T0 + 60), 0);
	json_decref(st);
	/* one more try, then the lines wait for the daemon */
	assert_int_equal(rrd_store_flush(s), -1);
	assert_true(rrd_store_idle(s));
	stats = rrd_store_stats(s);
	c = json_object_get(stats, "rrdcached");
	assert_true(json_is_false(json_object_get(c, "connected")));
	assert_true(json_integer_value(json_object_get(c, "failures")) >= 1);
	assert_int_equal(json_integer_value(json_object_get(c, "queued")), 8);
	assert_non_null(strstr(json_string_value(json_object_get(stats,
	    "last_error")), "rrdcached"));
	json_decref(stats);
	rrd_store_close(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_replay_keeps_every_line),
		cmocka_unit_test(test_update_waits_for_a_reader),
		cmocka_unit_test(test_bad_dir),
		cmocka_unit_test(test_missing_daemon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
