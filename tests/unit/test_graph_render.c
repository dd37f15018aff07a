/*
 * test_graph_render.c - the numbers the graphs write (graphs/graph_format.c,
 * graph_legend in graphs/graph_render.c), as an operator reads them.
 *
 * RRD files are written by the store (graphs/rrd_store.c) from state JSON
 * with known counters: a 1 Gbit/s IPv4 LAN with 0.8 bit/s of IPv6, 6to4 at
 * 0.8 bit/s, 2 NS and 120 NA a minute, a member that sent nothing.  The
 * legends must say "1.00 Gbit/s", "0.800 bit/s" (never "800 mbit/s", which
 * reads as megabits), "120 /min", the IPv6 share as the ratio of the
 * period's totals (the report's ipv6_share), and "no data", never "nan",
 * for a member with no traffic.  A file the writer holds is read once it
 * is done, not given up.
 */
#include <math.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "graphs/graph_format.h"
#include "graphs/graph_render.h"
#include "graphs/rrd_store.h"
#include "lock_holder.h"

/*
 * librrd's graph code sets up fontconfig even when it only PRINTs, and
 * fontconfig keeps its caches to the end of the process by design; the
 * appliance renders in a child that exits.  LeakSanitizer (sanitizer
 * builds) is told so; other builds never call this.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

#define T0 1793613600 /* 2026-11-02T10:00:00Z, a step boundary */
#define STEPS 120     /* two hours of one-minute steps */

static void test_format(void **unused)
{
	char b[64];

	(void)unused;
	assert_string_equal(graph_fmt_value(b, sizeof(b), 0.92, "bit/s"), "0.920 bit/s");
	assert_string_equal(graph_fmt_value(b, sizeof(b), 0.0004, "bit/s"), "0.000 bit/s");
	assert_string_equal(graph_fmt_value(b, sizeof(b), 2840, "bit/s"), "2.84 kbit/s");
	assert_string_equal(graph_fmt_value(b, sizeof(b), 999.7, "bit/s"), "1.00 kbit/s");
	assert_string_equal(graph_fmt_value(b, sizeof(b), 1e9, "bit/s"), "1.00 Gbit/s");
	assert_string_equal(graph_fmt_value(b, sizeof(b), 4.2e12, "bit/s"), "4.20 Tbit/s");
	assert_string_equal(graph_fmt_value(b, sizeof(b), 120, "/min"), "120 /min");
	assert_string_equal(graph_fmt_value(b, sizeof(b), NAN, "bit/s"), "no data");
	assert_string_equal(graph_fmt_value(b, sizeof(b), -NAN, "bit/s"), "no data");
	assert_string_equal(graph_fmt_count(b, sizeof(b), 17), "17");
	assert_string_equal(graph_fmt_count(b, sizeof(b), 4200), "4.20 k");
	assert_string_equal(graph_fmt_share(b, sizeof(b), 275, 1000), "27.5 %");
	assert_string_equal(graph_fmt_share(b, sizeof(b), 0, 0), "no data");
	assert_string_equal(graph_fmt_share(b, sizeof(b), NAN, 10), "no data");
	/* the axis scales up like the legend, never down to milli */
	assert_int_equal(graph_axis_exponent(0.5), 0);
	assert_int_equal(graph_axis_exponent(999), 0);
	assert_int_equal(graph_axis_exponent(4700), 3);
	assert_int_equal(graph_axis_exponent(1.2e9), 9);
	assert_int_equal(graph_axis_exponent(NAN), 0);
}

/* The state after `k` steps: counters growing by a fixed amount a step. */
static json_t *state(json_int_t k)
{
	return json_pack("{s:{s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I}},"
	    "s:{s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I}},"
	    "s:{s:I,s:I},"
	    "s:[{s:I,s:{s:{s:I,s:I},s:{s:I,s:I}}}]}",
	    "ethertype",
	    "ipv4", "frames", 10000 * k, "bytes", 7500000000LL * k, /* 1 Gbit/s */
	    "ipv6", "frames", k, "bytes", 6 * k,                    /* 0.8 bit/s */
	    "arp", "frames", 0, "bytes", 0, "other", "frames", 0, "bytes", 0,
	    "tunneled_ipv6", "6in4", "frames", 0, "bytes", 0, "6to4", "frames", k,
	    "bytes", 6 * k, "teredo", "frames", 0, "bytes", 0,
	    "nd_arp", "ns", 2 * k, "na", 120 * k,
	    "members", "asnum", 64509, "traffic", "ipv4", "frames", 0, "bytes", 0,
	    "ipv6", "frames", 0, "bytes", 0);
}

/* A state directory whose RRDs hold STEPS steps of state(). */
static void fill(const char *dir)
{
	struct rrd_store *s;
	char err[256];
	json_t *st;
	int k;

	s = rrd_store_open(dir, 60, NULL, err, sizeof(err));
	assert_non_null(s);
	rrd_store_begin(s, T0);
	for (k = 1; k <= STEPS; k++) {
		st = state(k);
		rrd_store_update(s, st, T0 + 60 * k);
		json_decref(st);
	}
	assert_int_equal(rrd_store_flush(s), 0);
	rrd_store_close(s);
}

/* A number followed by a downward SI prefix: "920.00 mbit/s", "120 m". */
static int has_small_prefix(const char *text)
{
	regex_t re;
	int m;

	assert_int_equal(regcomp(&re, "[0-9] *[mu]([a-z/ ]|$)", REG_EXTENDED | REG_NEWLINE), 0);
	m = regexec(&re, text, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

static void legend(const char *dir, const char *name, char *out, size_t len)
{
	struct graph_opts o = {.state_dir = dir, .formats = GRAPH_PNG,
	    .end = T0 + 60 * STEPS};
	char err[256];

	char *r, *w;

	assert_int_equal(graph_legend(&o, name, 0, out, len, err, sizeof(err)), 0);
	/* runs of spaces (column padding) as one */
	for (r = w = out; *r; r++)
		if (*r != ' ' || (w > out && w[-1] != ' '))
			*w++ = *r;
	*w = 0;
	assert_false(has_small_prefix(out));
	assert_null(strstr(out, "nan"));
}

static void test_legends(void **unused)
{
	char dir[] = "/tmp/ixmon-test-graph.XXXXXX", text[4096], cmd[128];
	struct graph_opts o = {.formats = GRAPH_PNG};
	char err[256];
	const char *names[] = {"lan", "ipv6share", "tunnels", "ndarp", "alerts",
	    "health", "v6members", "member-64509", "member-64509-ipv6share", NULL};
	int i;

	(void)unused;
	assert_non_null(mkdtemp(dir));
	fill(dir);
	for (i = 0; names[i]; i++)
		legend(dir, names[i], text, sizeof(text));

	legend(dir, "lan", text, sizeof(text));
	/* IPv4 avg, max, last; IPv6 the same */
	assert_non_null(strstr(text, "avg 1.00 Gbit/s\nmax 1.00 Gbit/s\nlast 1.00 Gbit/s\n"
	    "avg 0.800 bit/s\nmax 0.800 bit/s\nlast 0.800 bit/s\n"));
	/* 6 / 7,500,000,006 of the bytes: the period's totals, one definition */
	assert_non_null(strstr(text,
	    "IPv6 share of bytes (IPv6 / all ethertypes, period totals) 0.0 %"));
	legend(dir, "tunnels", text, sizeof(text));
	assert_non_null(strstr(text, "avg 0.000 bit/s\nmax 0.000 bit/s\n" /* 6in4 */
	    "avg 0.800 bit/s\nmax 0.800 bit/s\n"));                       /* 6to4 */
	legend(dir, "ndarp", text, sizeof(text));
	assert_non_null(strstr(text, "max 2.00 /min\nmax 120 /min\n")); /* NS, NA */
	legend(dir, "member-64509", text, sizeof(text));
	assert_non_null(strstr(text, "avg 0.000 bit/s"));
	legend(dir, "member-64509-ipv6share", text, sizeof(text));
	assert_non_null(strstr(text, "period no data\n"));

	/* a graph that does not exist is named */
	o.state_dir = dir;
	assert_int_equal(graph_legend(&o, "member-x", 0, text, sizeof(text), err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "member-x"));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/*
 * The store's writer is another process's lock to a render pass: rrd_graph
 * does not wait for it, it fails.  A render that meets the writer must
 * wait (it holds a file for milliseconds), not lose the graph.
 */
static void test_render_waits_for_the_writer(void **unused)
{
	char dir[] = "/tmp/ixmon-test-graph.XXXXXX", text[4096], path[256];
	pid_t pid;

	(void)unused;
	assert_non_null(mkdtemp(dir));
	fill(dir);
	snprintf(path, sizeof(path), "%s/rrd/lan.rrd", dir);
	pid = lock_hold(path, F_WRLCK, 300);
	legend(dir, "lan", text, sizeof(text));
	assert_non_null(strstr(text, "avg 1.00 Gbit/s"));
	lock_holder_done(pid);
	assert_int_equal(system((snprintf(path, sizeof(path), "rm -rf %s", dir), path)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_legends),
	    cmocka_unit_test(test_render_waits_for_the_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
