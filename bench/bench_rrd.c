/*
 * bench_rrd.c - what the RRD store and the graph pass cost per interval
 * for an exchange of N members (bench/README.md).
 *
 *   bench_rrd DIR [MEMBERS [INTERVALS]]
 *
 * Builds a state JSON with MEMBERS members (default 700), then in one
 * process:
 *   baseline: the same number of rrd_update_r calls with the update lines
 *             already formatted (librrd's own cost);
 *   store:    rrd_store_update from the state (JSON walk + formatting),
 *             then rrd_store_flush until the writer thread has made the
 *             same librrd calls; the queueing alone is what the capture
 *             thread pays;
 * and prints both per interval and their ratio, then the time of one full
 * render pass (LAN + every member, PNG and SVG) in a child process.
 */
#include <inttypes.h>
#include <jansson.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "graphs/graph_render.h"
#include "graphs/rrd_store.h"

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static json_t *make_state(int members, int k)
{
	json_t *s = json_object(), *arr = json_array();
	int i;

	json_object_set_new(s, "ethertype",
	    json_pack("{s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I}}", "ipv4",
		"frames", (json_int_t)k * 1000, "bytes", (json_int_t)k * 900000,
		"ipv6", "frames", (json_int_t)k * 400, "bytes", (json_int_t)k * 300000,
		"arp", "frames", (json_int_t)k * 10, "bytes", (json_int_t)k * 600,
		"other", "frames", (json_int_t)k, "bytes", (json_int_t)k * 60));
	for (i = 0; i < members; i++)
		json_array_append_new(arr,
		    json_pack("{s:I,s:s,s:{s:{s:I,s:I},s:{s:I,s:I}}}", "asnum",
			(json_int_t)(64500 + i), "name", "member", "traffic", "ipv4",
			"frames", (json_int_t)k * (i + 1), "bytes",
			(json_int_t)k * (i + 1) * 700, "ipv6", "frames",
			(json_int_t)k * (i + 1) / 2, "bytes",
			(json_int_t)k * (i + 1) * 300));
	json_object_set_new(s, "members", arr);
	return s;
}

int main(int argc, char **argv)
{
	const char *dir;
	int members = 700, intervals = 20, i, f;
	int64_t t0 = 1793613600;
	char err[256], path[1200], line[512];
	struct rrd_store *st;
	double ms_store = 0, ms_base = 0, ms_queue = 0, t;
	struct graph_opts go = {0};
	struct graph_stats gs;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_rrd DIR [MEMBERS [INTERVALS]]\n");
		return 2;
	}
	dir = argv[1];
	if (argc > 2)
		members = atoi(argv[2]);
	if (argc > 3)
		intervals = atoi(argv[3]);
	st = rrd_store_open(dir, 60, NULL, err, sizeof(err));
	if (st == NULL) {
		fprintf(stderr, "bench_rrd: %s\n", err);
		return 1;
	}
	rrd_store_begin(st, t0);
	{
		json_t *s = make_state(members, 0);

		rrd_store_update(st, s, t0 + 1); /* creates every member file */
		rrd_store_flush(st);
		json_decref(s);
	}
	for (i = 1; i <= intervals; i++) {
		json_t *s = make_state(members, i);
		int64_t ts = t0 + 60 * i;

		/* queue (the capture thread's part) + the writer's librrd calls */
		t = now_ms();
		rrd_store_update(st, s, ts);
		ms_queue += now_ms() - t;
		rrd_store_flush(st);
		ms_store += now_ms() - t;
		json_decref(s);

		/* the same librrd updates (30 s later), lines pre-formatted */
		t = now_ms();
		for (f = 0; f < rrd_n_lan_files + members; f++) {
			const char *args[1] = {line};
			int d, n;

			if (f < rrd_n_lan_files) {
				snprintf(path, sizeof(path), "%s/rrd/%s.rrd", dir,
				    rrd_lan_files[f].name);
				n = rrd_lan_files[f].n_ds;
			} else {
				snprintf(path, sizeof(path), "%s/rrd/member-%d.rrd", dir,
				    64500 + f - rrd_n_lan_files);
				n = 4;
			}
			snprintf(line, sizeof(line), "%" PRId64, ts + 30);
			for (d = 0; d < n; d++)
				strcat(line, ":123456789");
			rrd_update_r(path, NULL, 1, args);
		}
		ms_base += now_ms() - t;
	}
	printf("rrd update, %d members + %d LAN files, %d intervals:\n", members,
	    rrd_n_lan_files, intervals);
	printf("  librrd alone (pre-formatted lines): %8.1f ms per interval\n",
	    ms_base / intervals);
	printf("  rrd_store_update from the state:    %8.1f ms per interval\n",
	    ms_store / intervals);
	printf("  ratio store/librrd:                 %8.2f\n", ms_store / ms_base);
	printf("  of which the capture thread (queue):%8.2f ms per interval\n",
	    ms_queue / intervals);
	rrd_store_close(st);

	go.state_dir = dir;
	go.formats = GRAPH_PNG | GRAPH_SVG;
	go.force = 1;
	t = now_ms();
	graph_render_process(&go, NULL, &gs);
	printf("render pass (all graphs, PNG+SVG): %u graphs in %.0f ms "
	       "(%.1f ms per graph), %u failed\n", gs.rendered, now_ms() - t,
	    (now_ms() - t) / (gs.rendered ? gs.rendered : 1), gs.failed);
	/* The appliance's next pass: recent week/month/year graphs are kept. */
	go.force = 0;
	t = now_ms();
	graph_render_process(&go, NULL, &gs);
	printf("next live pass (day graphs; week/month/year still fresh): %u "
	       "graphs in %.0f ms, %u kept\n", gs.rendered, now_ms() - t, gs.fresh);
	return 0;
}
