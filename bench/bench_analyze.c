/*
 * bench_analyze.c - frame rate of the ixmon pipeline against a bare libpcap
 * loop over the same file, in one process (bench/README.md).
 *
 *   bench_analyze [-m MEMBERS.json] FILE.pcap [REPS]   (REPS defaults to 3)
 *
 * With -m every engine is given that IX-F member list, as `ixmon analyze
 * -m` does (bench/gen-exchange writes one beside its capture), so member
 * attribution, the BGP matrix's member names and the LAN prefixes are part
 * of the measured work.
 *
 * Passes, each run REPS times after one warm-up pass (which leaves the file
 * in the page cache), interleaved so drift hits them alike; the best time
 * of each is kept:
 *
 *   bare       pcap_open_offline + pcap_next_ex, counting frames and summing
 *              h->len: the ceiling, libpcap's own cost of reading the file
 *   engine     the same loop calling engine_offer() for every frame
 *              (engine_new(1): every frame decoded and analysed)
 *              (nDPI's application view on, the default)
 *   no-app     the same with policy.app_detection false: the pipeline of
 *              our own decoders and analyzers alone
 *   engine/100 the same with engine_new(100), as `ixmon analyze --sample 100`
 *   src_file   src_file_read(): the library's reader that `ixmon analyze`
 *              uses (nanosecond timestamps, progress hook, input record)
 *   bare+buf   the bare loop over a FILE given a 1 MiB stdio buffer
 *              (setvbuf, then pcap_fopen_offline): not a target, it shows
 *              what libpcap's default 4 KiB reads cost (bench/README.md)
 *
 * then engine_report() once, and json_dumps() of the report, timed apart.
 *
 * Each pass also counts heap allocations (malloc/calloc/realloc, through
 * wrappers below) and read syscalls (/proc/self/io syscr), so "no per-frame
 * malloc, no per-frame syscalls" is measured rather than assumed.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/engine.h"
#include "capture/source_file.h"
#include "members/registry.h"

/*
 * ---- allocation counting: interpose the glibc entry points ----
 * Not under a sanitizer, whose runtime owns malloc (`make check` builds the
 * bench tools with ASan too); the column then reads "n/a".
 */
#if defined(__SANITIZE_ADDRESS__)
#define NO_ALLOC_COUNT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define NO_ALLOC_COUNT 1
#endif
#endif

static uint64_t n_alloc;

#ifndef NO_ALLOC_COUNT
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t sz);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

void *malloc(size_t n)
{
	n_alloc++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t sz)
{
	n_alloc++;
	return __libc_calloc(n, sz);
}

void *realloc(void *p, size_t n)
{
	n_alloc++;
	return __libc_realloc(p, n);
}

void free(void *p) { __libc_free(p); }
#endif

/* ---- helpers ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Read syscalls so far (/proc/self/io), or 0 when unavailable. */
static uint64_t read_syscalls(void)
{
	char line[128];
	uint64_t v = 0;
	FILE *fp = fopen("/proc/self/io", "r");

	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "syscr: %llu", (unsigned long long *)&v) == 1)
			break;
	fclose(fp);
	return v;
}

/* An allocation count for the table, or "n/a" when not counted. */
static const char *acount(uint64_t n, char *buf, size_t len)
{
#ifdef NO_ALLOC_COUNT
	(void)n;
	snprintf(buf, len, "n/a");
#else
	snprintf(buf, len, "%llu", (unsigned long long)n);
#endif
	return buf;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench_analyze: %s: %s\n", what, why);
	exit(1);
}

enum pass { P_BARE, P_ENGINE, P_NOAPP, P_SAMPLE, P_SRCFILE, P_BIGBUF, P_MAX };

static const char *const pass_name[P_MAX] = {
	"bare libpcap loop", "engine_offer (all)", "engine_offer, nDPI off",
	"engine_offer 1:100",
	"src_file_read + engine", "bare, 1 MiB stdio buf",
};

struct result {
	double best;
	uint64_t frames;
	uint64_t allocs, syscr; /* of the best run */
};

static volatile uint64_t sink;

/* The member list of -m, or NULL: every engine gets it. */
static const struct registry *members;

static void member_problem(void *ctx, const char *where, const char *what)
{
	(void)ctx;
	fprintf(stderr, "bench_analyze: members: %s: %s\n", where, what);
}

/*
 * One run of a pass.  The engine is made before the clock starts and freed
 * after it stops (engine_new/free are per run, not per frame); its pages are
 * touched on the clock, as in the CLI.
 */
static double run(enum pass p, const char *path, uint64_t *frames,
    uint64_t *allocs, uint64_t *syscr, struct engine **keep)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	struct engine *e = NULL;
	uint64_t n = 0, bytes = 0, a0, s0;
	double t0, t1;
	pcap_t *pc;
	int rc, lt;

	if (p != P_BARE && p != P_BIGBUF) {
		struct ixm_config cfg;

		cfg_defaults(&cfg);
		if (p == P_NOAPP)
			cfg.app_detection = 0;
		e = engine_new_env(p == P_SAMPLE ? 100 : 1, &cfg, members);
	}
	a0 = n_alloc;
	s0 = read_syscalls();
	t0 = now();
	if (p == P_SRCFILE) {
		const struct src_sink to = engine_sink(e);
		char msg[512];

		if (src_file_read(path, &to, NULL, NULL, msg, sizeof(msg)) < 0)
			die(path, msg);
		n = engine_frames_seen(e);
	} else {
		if (p == P_BARE) {
			pc = pcap_open_offline(path, err);
		} else if (p == P_BIGBUF) {
			static char vbuf[1 << 20];
			FILE *fp = fopen(path, "rb");

			if (fp == NULL)
				die(path, "cannot open");
			setvbuf(fp, vbuf, _IOFBF, sizeof(vbuf));
			pc = pcap_fopen_offline(fp, err);
			if (pc == NULL)
				fclose(fp);
		} else
			pc = pcap_open_offline_with_tstamp_precision(path,
			    PCAP_TSTAMP_PRECISION_NANO, err);
		if (pc == NULL)
			die(path, err);
		lt = pcap_datalink(pc);
		if (p == P_BARE || p == P_BIGBUF) {
			while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
				n++;
				bytes += h->len;
			}
		} else {
			while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
				n++;
				engine_offer(e, lt, h->ts.tv_sec, (uint32_t)h->ts.tv_usec,
				    data, h->caplen, h->len, 1);
			}
		}
		if (rc == PCAP_ERROR)
			die(path, pcap_geterr(pc));
		pcap_close(pc);
	}
	t1 = now();
	*allocs = n_alloc - a0;
	*syscr = read_syscalls() - s0;
	sink += bytes;
	*frames = n;
	if (keep != NULL && *keep == NULL && p == P_ENGINE)
		*keep = e;
	else
		engine_free(e);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	struct result res[P_MAX];
	struct engine *kept = NULL;
	uint64_t fr, al, sc, a0;
	double t, t_rep, t_dump, bare_mpps;
	json_t *report;
	char *text, abuf[24], err[512];
	struct registry *reg = NULL;
	int reps = 3, r, i;

	if (argc >= 3 && strcmp(argv[1], "-m") == 0) {
		struct ixm_config cfg;
		struct reg_opts opts;

		cfg_defaults(&cfg);
		memset(&opts, 0, sizeof(opts));
		opts.vlan_id = cfg.vlan_id;
		reg = reg_load(argv[2], &opts, member_problem, NULL, err, sizeof(err));
		if (reg == NULL)
			die(argv[2], err);
		members = reg;
		argv += 2;
		argc -= 2;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_analyze [-m MEMBERS.json] FILE.pcap [REPS]\n");
		return 2;
	}
	if (argc == 3 && (reps = atoi(argv[2])) < 1)
		die("REPS", "must be at least 1");

	/* Warm-up: pull the file into the page cache, fault in libpcap. */
	run(P_BARE, argv[1], &fr, &al, &sc, NULL);
	memset(res, 0, sizeof(res));
	for (r = 0; r < reps; r++)
		for (i = 0; i < P_MAX; i++) {
			t = run((enum pass)i, argv[1], &fr, &al, &sc,
			    r == reps - 1 ? &kept : NULL);
			if (r == 0 || t < res[i].best) {
				res[i].best = t;
				res[i].allocs = al;
				res[i].syscr = sc;
			}
			if (r > 0 && fr != res[i].frames)
				die(argv[1], "frame count changed between runs");
			res[i].frames = fr;
		}
	for (i = 1; i < P_MAX; i++)
		if (res[i].frames != res[P_BARE].frames)
			die(argv[1], "passes disagree on the frame count");

	/* The report, once, from the last full engine run. */
	a0 = n_alloc;
	t = now();
	report = engine_report(kept);
	t_rep = now() - t;
	al = n_alloc - a0;
	t = now();
	text = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	t_dump = now() - t;
	if (text == NULL)
		die("json_dumps", "failed");

	printf("bench_analyze: %s, %llu frames, best of %d after 1 warm-up%s%s\n\n",
	    argv[1], (unsigned long long)res[P_BARE].frames, reps,
	    members ? ", members " : "", members ? argv[0] : "");
	printf("%-24s %10s %9s %8s %9s %8s %10s\n", "pass", "frames", "seconds",
	    "Mpps", "vs bare", "allocs", "read sysc");
	bare_mpps = (double)res[P_BARE].frames / res[P_BARE].best / 1e6;
	for (i = 0; i < P_MAX; i++) {
		double mpps = (double)res[i].frames / res[i].best / 1e6;

		printf("%-24s %10llu %9.4f %8.2f %8.3fx %8s %10llu\n", pass_name[i],
		    (unsigned long long)res[i].frames, res[i].best, mpps,
		    mpps / bare_mpps, acount(res[i].allocs, abuf, sizeof(abuf)),
		    (unsigned long long)res[i].syscr);
	}
	printf("%-24s %10s %9.4f %8s %9s %8s\n", "engine_report (once)", "-",
	    t_rep, "-", "-", acount(al, abuf, sizeof(abuf)));
	printf("%-24s %10s %9.4f %8s %9s   (%zu bytes of JSON)\n",
	    "json_dumps (once)", "-", t_dump, "-", "-", strlen(text));
	printf("\nper frame (engine, all): %.1f ns; bare loop %.1f ns; added %.1f ns\n",
	    res[P_ENGINE].best / (double)res[P_ENGINE].frames * 1e9,
	    res[P_BARE].best / (double)res[P_BARE].frames * 1e9,
	    (res[P_ENGINE].best - res[P_BARE].best) / (double)res[P_ENGINE].frames * 1e9);
#ifndef NO_ALLOC_COUNT
	printf("allocations per frame (engine, all): %.6f\n",
	    (double)res[P_ENGINE].allocs / (double)res[P_ENGINE].frames);
#endif
	printf("read syscalls per frame (engine, all): %.6f\n",
	    (double)res[P_ENGINE].syscr / (double)res[P_ENGINE].frames);
	printf("RESULT ixmon/bare = %.2f (target >= 0.5)\n",
	    res[P_BARE].best / res[P_ENGINE].best);
	printf("RESULT ixmon-src_file/bare = %.2f (target >= 0.5)\n",
	    res[P_BARE].best / res[P_SRCFILE].best);
	printf("RESULT ixmon-ndpi-off/bare = %.2f (policy.app_detection false)\n",
	    res[P_BARE].best / res[P_NOAPP].best);
	printf("RESULT ixmon-sample100/bare = %.2f\n",
	    res[P_BARE].best / res[P_SAMPLE].best);

	free(text);
	json_decref(report);
	engine_free(kept);
	reg_free(reg);
	return 0;
}
