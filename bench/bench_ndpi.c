/*
 * bench_ndpi.c - what the application view (an_app.c + nDPI 4.2) costs.
 *
 *   bench_ndpi FILE.pcap [REPS [LOOPS]] ratios, nDPI on vs off, one process;
 *                                       LOOPS replays of FILE per pass (a
 *                                       small file made long enough to time)
 *   bench_ndpi --flood N FLOWS [off|nobudget]
 *                                       N frames of random 5-tuples into an
 *                                       engine with limits.flows = FLOWS;
 *                                       prints flow-table figures and peak RSS
 *
 * Ratios: four passes over the same file (read with pcap_next_ex each
 * time, so the page cache serves them alike), interleaved REPS times after
 * a warm-up, best time of each kept: engine at 1:1 with
 * policy.app_detection off and on, and at 1:100 off and on.  The figure
 * that matters is on/off at the same sampling: the share of the pipeline
 * nDPI adds.  A pass is timed from its first frame to its report; the
 * engine's creation (nDPI's start-up, ~40 ms, once per process) is timed
 * apart.
 *
 * Flood: random IPv4 UDP/TCP 5-tuples between random addresses (every
 * frame a new flow, the worst case for the table: each one allocates nDPI
 * state until the table is full, then evicts).  Peak RSS (getrusage) after
 * the flood against the same run with nDPI off shows the table's bound.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "analyze/engine.h"
#include "common/config.h"
#include "bench/rng.h"

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int loops = 1;

/* One pass over FILE (loops times) through a fresh engine; seconds, frames in *n. */
static double pass(const char *file, uint32_t sample, int app, uint64_t *n)
{
	char err[PCAP_ERRBUF_SIZE];
	struct ixm_config cfg;
	struct pcap_pkthdr *h;
	const u_char *d;
	struct engine *e;
	json_t *r;
	pcap_t *p;
	double t0, t;
	int l;

	cfg_defaults(&cfg);
	cfg.app_detection = (uint8_t)app;
	e = engine_new_env(sample, &cfg, NULL);
	*n = 0;
	t0 = now_s();
	for (l = 0; l < loops; l++) {
		p = pcap_open_offline(file, err);
		if (p == NULL) {
			fprintf(stderr, "bench_ndpi: %s\n", err);
			exit(1);
		}
		/* Each replay an hour later: the flows of one replay expire. */
		while (pcap_next_ex(p, &h, &d) == 1) {
			engine_offer(e, pcap_datalink(p), h->ts.tv_sec + 3600 * l,
			    (uint32_t)h->ts.tv_usec * 1000, d, h->caplen, h->len, 1);
			(*n)++;
		}
		pcap_close(p);
	}
	r = engine_report(e); /* nDPI's end-of-input give-up is part of the cost */
	t = now_s() - t0;
	json_decref(r);
	engine_free(e);
	return t;
}

/* Best-of-3 seconds to create and free an engine: nDPI's start-up. */
static double startup(int app)
{
	struct ixm_config cfg;
	double best = 0, t0, t;
	int i;

	cfg_defaults(&cfg);
	cfg.app_detection = (uint8_t)app;
	for (i = 0; i < 3; i++) {
		t0 = now_s();
		engine_free(engine_new_env(1, &cfg, NULL));
		t = now_s() - t0;
		if (best == 0 || t < best)
			best = t;
	}
	return best;
}

static int ratios(const char *file, int reps)
{
	static const struct {
		const char *name;
		uint32_t sample;
		int app;
	} runs[4] = {{"1:1 off", 1, 0}, {"1:1 on", 1, 1}, {"1:100 off", 100, 0},
		{"1:100 on", 100, 1}};
	double best[4] = {0, 0, 0, 0};
	uint64_t n = 0;
	int i, r;

	for (i = 0; i < 4; i++)
		pass(file, runs[i].sample, runs[i].app, &n); /* warm-up */
	for (r = 0; r < reps; r++)
		for (i = 0; i < 4; i++) {
			double t = pass(file, runs[i].sample, runs[i].app, &n);

			if (best[i] == 0 || t < best[i])
				best[i] = t;
		}
	printf("frames: %llu (best of %d)\n", (unsigned long long)n, reps);
	for (i = 0; i < 4; i++)
		printf("  %-10s %8.3f s  %6.2f Mfps\n", runs[i].name, best[i],
		    (double)n / best[i] / 1e6);
	printf("ratio 1:1   nDPI on/off throughput: %.2f\n", best[0] / best[1]);
	printf("ratio 1:100 nDPI on/off throughput: %.2f\n", best[2] / best[3]);
	/* Not in the passes above (timed from the first frame to the report). */
	printf("engine start-up + free: %.1f ms with nDPI, %.1f ms without "
	       "(once per process)\n", startup(1) * 1e3, startup(0) * 1e3);
	return 0;
}

static uint64_t rng_s = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void) { return xorshift64s(&rng_s); }

static int flood(uint64_t n, uint32_t flows, int app, int nobudget)
{
	struct ixm_config cfg;
	struct engine *e;
	struct rusage ru;
	uint8_t f[64];
	json_t *r, *fl;
	uint64_t i;
	double t0, t;

	cfg_defaults(&cfg);
	cfg.app_detection = (uint8_t)app;
	cfg.max_flows = flows;
	if (nobudget)
		cfg.new_flows_per_second = 16777216; /* every flow inspected: the table's bound */
	e = engine_new_env(1, &cfg, NULL);
	memset(f, 0, sizeof(f));
	memcpy(f, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00", 14);
	f[14] = 0x45;
	f[17] = 46; /* total length: 20 + 8/20 + payload up to 60 bytes */
	f[22] = 64;
	t0 = now_s();
	for (i = 0; i < n; i++) {
		uint64_t a = rnd(), b = rnd();

		f[23] = (a & 1) ? 6 : 17;
		memcpy(f + 26, &a, 4);  /* source address */
		memcpy(f + 30, &b, 4);  /* destination address */
		memcpy(f + 34, (uint8_t *)&a + 4, 4); /* ports */
		if (f[23] == 6)
			f[46] = 0x50; /* TCP data offset 5 */
		else {
			f[38] = 0;
			f[39] = 26;
		}
		engine_offer(e, DLT_EN10MB, 1705320000 + (int64_t)(i / 1000000),
		    (uint32_t)(i % 1000000) * 1000, f, 60, 60, 1);
	}
	r = engine_report(e);
	t = now_s() - t0;
	getrusage(RUSAGE_SELF, &ru);
	fl = json_object_get(r, "flows");
	printf("flood %llu frames, limits.flows %u, nDPI %s%s: %.2f Mfps, entries %lld, "
	       "evicted %lld, uninspected %lld, peak RSS %ld MiB\n",
	    (unsigned long long)n, flows, app ? "on" : "off",
	    nobudget ? " (no new-flow budget)" : "", (double)n / t / 1e6,
	    (long long)json_integer_value(json_object_get(fl, "entries")),
	    (long long)json_integer_value(json_object_get(fl, "evicted")),
	    (long long)json_integer_value(json_object_get(fl, "uninspected")),
	    ru.ru_maxrss / 1024);
	json_decref(r);
	engine_free(e);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "--flood") == 0)
		return flood(strtoull(argv[2], NULL, 10), (uint32_t)strtoul(argv[3], NULL, 10),
		    !(argc == 5 && strcmp(argv[4], "off") == 0),
		    argc == 5 && strcmp(argv[4], "nobudget") == 0);
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: bench_ndpi FILE.pcap [REPS [LOOPS]]\n"
				"       bench_ndpi --flood N FLOWS [off|nobudget]\n");
		return 2;
	}
	if (argc == 4 && (loops = atoi(argv[3])) < 1)
		loops = 1;
	return ratios(argv[1], argc >= 3 ? atoi(argv[2]) : 3);
}
