/*
 * test_source_file.c - the capture file reader (capture/source_file.c)
 * on both of its paths: a classic pcap file mapped and walked in the
 * caller's thread, and libpcap's reader with its read-ahead thread (a
 * file over 4 MiB is read ahead by a thread, a small one inline).
 *
 * Either way every frame arrives once, in order, with its time and
 * lengths; a hook that says stop stops at that frame; a record cut short
 * at the end is the file's error after the frames before it, which were
 * all delivered.  Then the two paths are compared on hand-written files
 * (both byte orders, micro- and nanoseconds, every record check libpcap
 * makes): the same frames (time, lengths, bytes), the same hooks, the
 * same done() and the same error text; and the mapped path must really
 * be the one taken (the first frame points into a mapping of the file).
 *
 *   test_source_file --compare FILE...
 *
 * compares the two paths on existing captures instead, one PASS or FAIL
 * line each (tests/run-tests runs it over the fixtures and the tcpdump
 * test captures).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "capture/source_file.h"

struct got {
	uint64_t frames, bad_order;
	uint32_t next;         /* the sequence number expected in the next frame */
	const char *error;     /* from done() */
	char error_buf[256];
	uint64_t done_frames;
	int done_calls;
	uint64_t stop_at;      /* before() says stop at this frame number (0: never) */
	uint64_t progress;
};

static void on_frame(void *ctx, int linktype, int64_t sec, uint32_t nsec,
    const uint8_t *pkt, uint32_t caplen, uint32_t wirelen)
{
	struct got *g = ctx;
	uint32_t seq;

	(void)linktype;
	memcpy(&seq, pkt + 14, 4);
	if (seq != g->next || sec != 1793613600 + seq / 1000 ||
	    nsec != (seq % 1000) * 1000 || caplen != 64 + seq % 100 || wirelen != caplen + 10)
		g->bad_order++;
	g->next = seq + 1;
	g->frames++;
}

static void on_done(void *ctx, const char *name, const char *format, int linktype,
    uint64_t frames, const char *error)
{
	struct got *g = ctx;

	(void)name;
	(void)format;
	(void)linktype;
	g->done_calls++;
	g->done_frames = frames;
	if (error) {
		snprintf(g->error_buf, sizeof(g->error_buf), "%s", error);
		g->error = g->error_buf;
	}
}

static int before(void *ctx, int64_t sec)
{
	struct got *g = ctx;

	(void)sec;
	return g->stop_at && g->frames + 1 == g->stop_at;
}

static void progress(void *ctx, uint64_t off)
{
	((struct got *)ctx)->progress = off;
}

/* n frames of 64..163 bytes, frame i carrying i after the MACs. */
static void write_capture(const char *path, uint32_t n)
{
	pcap_t *p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262144,
	    PCAP_TSTAMP_PRECISION_MICRO);
	pcap_dumper_t *d = pcap_dump_open(p, path);
	uint8_t pkt[200] = {0};
	uint32_t i;

	assert_non_null(d);
	for (i = 0; i < n; i++) {
		struct pcap_pkthdr h;

		memcpy(pkt + 14, &i, 4);
		h.ts.tv_sec = 1793613600 + i / 1000;
		h.ts.tv_usec = i % 1000;
		h.caplen = 64 + i % 100;
		h.len = h.caplen + 10;
		pcap_dump((u_char *)d, &h, pkt);
	}
	pcap_dump_close(d);
	pcap_close(p);
}

static void read_it(const char *path, struct got *g, int rc_want)
{
	const struct src_sink to = {on_frame, on_done, g};
	const struct src_hooks hooks = {progress, before, g};
	char err[256];

	assert_int_equal(src_file_read_ex(path, &to, &hooks, err, sizeof(err)), rc_want);
	assert_int_equal(g->done_calls, 1);
	assert_int_equal(g->done_frames, g->frames);
	assert_int_equal(g->bad_order, 0);
}

static void test_sizes(void **state)
{
	/* 200 frames (inline) and 100,000 (~12 MB, read ahead) */
	static const uint32_t sizes[] = {200, 100000};
	char path[] = "/tmp/test_source_file.XXXXXX";
	size_t k;
	int fd, mapped;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (mapped = 1; mapped >= 0; mapped--) {
		src_file_set_mmap(mapped);
		for (k = 0; k < 2; k++) {
			struct got g = {0};
			struct stat sb;

			write_capture(path, sizes[k]);
			read_it(path, &g, 0);
			assert_int_equal(g.frames, sizes[k]);
			assert_null(g.error);
			assert_int_equal(stat(path, &sb), 0);
			if (sizes[k] > 65536)
				assert_true(g.progress > 0 && g.progress <= (uint64_t)sb.st_size);

			/* stop before frame 70,001 (or 101): exactly the ones before */
			memset(&g, 0, sizeof(g));
			g.stop_at = sizes[k] > 1000 ? 70001 : 101;
			read_it(path, &g, 0);
			assert_int_equal(g.frames, g.stop_at - 1);

			/* cut inside the last record: an error after every frame before it */
			write_capture(path, sizes[k]);
			assert_int_equal(stat(path, &sb), 0);
			assert_int_equal(truncate(path, sb.st_size - 20), 0);
			memset(&g, 0, sizeof(g));
			read_it(path, &g, -1);
			assert_int_equal(g.frames, sizes[k] - 1);
			assert_non_null(g.error);
			assert_non_null(strstr(g.error, "truncated"));
		}
	}
	src_file_set_mmap(1);
	unlink(path);
}

/* ---- the two paths compared ---------------------------------------------- */

/* What one read of a file showed the sink and the hooks. */
struct seen {
	int rc, done_calls, linktype;
	uint64_t frames, done_frames, hash;
	uint64_t befores, progress_calls, last_progress;
	uint64_t bad_progress;   /* offsets going back, or past the file */
	char format[16], error[256], err[256];
	int mapped;              /* the first frame lies in a mapping of the file */
	const char *real;        /* the file's real path, for that */
	uint64_t size;
};

static void hash_bytes(uint64_t *h, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		*h ^= b[i];
		*h *= 0x100000001b3ull;
	}
}

/* Whether `p` lies in a mapping of the file `real` (/proc/self/maps). */
static int in_mapping_of(const void *p, const char *real)
{
	char line[PATH_MAX + 128];
	FILE *fp = fopen("/proc/self/maps", "r");
	int found = 0;

	if (fp == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), fp)) {
		unsigned long lo, hi;
		int path_at = 0;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &lo, &hi, &path_at) < 2 ||
		    path_at == 0)
			continue;
		found = (uintptr_t)p >= lo && (uintptr_t)p < hi &&
		    strcmp(line + path_at, real) == 0;
	}
	fclose(fp);
	return found;
}

static void seen_frame(void *ctx, int linktype, int64_t sec, uint32_t nsec,
    const uint8_t *pkt, uint32_t caplen, uint32_t wirelen)
{
	struct seen *s = ctx;

	if (s->frames == 0)
		s->mapped = in_mapping_of(pkt, s->real);
	hash_bytes(&s->hash, &linktype, sizeof(linktype));
	hash_bytes(&s->hash, &sec, sizeof(sec));
	hash_bytes(&s->hash, &nsec, sizeof(nsec));
	hash_bytes(&s->hash, &caplen, sizeof(caplen));
	hash_bytes(&s->hash, &wirelen, sizeof(wirelen));
	hash_bytes(&s->hash, pkt, caplen);
	s->frames++;
}

static void seen_done(void *ctx, const char *name, const char *format,
    int linktype, uint64_t frames, const char *error)
{
	struct seen *s = ctx;

	(void)name;
	s->done_calls++;
	snprintf(s->format, sizeof(s->format), "%s", format ? format : "(none)");
	s->linktype = linktype;
	s->done_frames = frames;
	snprintf(s->error, sizeof(s->error), "%s", error ? error : "(none)");
}

static int seen_before(void *ctx, int64_t sec)
{
	struct seen *s = ctx;

	hash_bytes(&s->hash, &sec, sizeof(sec));
	s->befores++;
	return 0;
}

static void seen_progress(void *ctx, uint64_t off)
{
	struct seen *s = ctx;

	if (off < s->last_progress || off > s->size)
		s->bad_progress++;
	s->last_progress = off;
	s->progress_calls++;
}

static void read_seen(const char *path, int mapped, struct seen *s)
{
	const struct src_sink to = {seen_frame, seen_done, s};
	const struct src_hooks hooks = {seen_progress, seen_before, s};
	static char real[PATH_MAX];
	struct stat sb;

	memset(s, 0, sizeof(*s));
	s->hash = 0xcbf29ce484222325ull;
	if (realpath(path, real) == NULL)
		snprintf(real, sizeof(real), "%s", path);
	s->real = real;
	s->size = stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	src_file_set_mmap(mapped);
	s->rc = src_file_read_ex(path, &to, &hooks, s->err, sizeof(s->err));
	src_file_set_mmap(1);
	if (s->rc == 0)
		s->err[0] = '\0';
}

/* The first difference between the two reads, or NULL. */
static const char *differ(const struct seen *a, const struct seen *b,
    char *why, size_t whylen)
{
	if (a->rc != b->rc || strcmp(a->err, b->err) != 0 || strcmp(a->error, b->error) != 0)
		snprintf(why, whylen, "outcome: mapped %d '%s', libpcap %d '%s'",
		    a->rc, a->err, b->rc, b->err);
	else if (a->frames != b->frames || a->hash != b->hash)
		snprintf(why, whylen, "frames: mapped %llu (hash %016llx), libpcap %llu (hash %016llx)",
		    (unsigned long long)a->frames, (unsigned long long)a->hash,
		    (unsigned long long)b->frames, (unsigned long long)b->hash);
	else if (a->done_calls != 1 || b->done_calls != 1 ||
	    a->done_frames != a->frames || b->done_frames != b->frames ||
	    strcmp(a->format, b->format) != 0 || a->linktype != b->linktype)
		snprintf(why, whylen, "done(): mapped %d call(s) %s/%d/%llu, libpcap %d call(s) %s/%d/%llu",
		    a->done_calls, a->format, a->linktype, (unsigned long long)a->done_frames,
		    b->done_calls, b->format, b->linktype, (unsigned long long)b->done_frames);
	else if (a->befores != a->frames || b->befores != b->frames ||
	    a->progress_calls != b->progress_calls || a->bad_progress || b->bad_progress)
		snprintf(why, whylen, "hooks: mapped %llu before, %llu progress; libpcap %llu, %llu",
		    (unsigned long long)a->befores, (unsigned long long)a->progress_calls,
		    (unsigned long long)b->befores, (unsigned long long)b->progress_calls);
	else
		return NULL;
	return why;
}

/* ---- hand-written pcap files --------------------------------------------- */

struct fx_rec {
	uint32_t sec, frac, caplen, len;
	uint32_t bytes;          /* of data written: caplen unless cut short */
};

struct fx {
	const char *name;
	int big;                 /* written big-endian */
	uint32_t magic;
	uint16_t major, minor;
	uint32_t snaplen, linktype;
	struct fx_rec rec[4];
	int n;
	uint32_t tail;           /* bytes of one more record header (cut short) */
	uint64_t frames;         /* expected on both paths */
	const char *error;       /* a part of the expected error, or NULL */
	int mapped;              /* 1 mapped, 0 libpcap, -1 no frame to tell */
};

#define USEC 0xa1b2c3d4u /* the magics: microseconds, nanoseconds */
#define NSEC 0xa1b23c4du
#define T0 1793613600u
/* Three ordinary frames. */
#define THREE {{T0, 1, 60, 60, 60}, {T0, 999999, 64, 1514, 64}, {T0 + 1, 0, 61, 61, 61}}, 3

static const struct fx fixtures[] = {
	{"le-usec", 0, USEC, 2, 4, 65535, 1, THREE, 0, 3, NULL, 1},
	{"be-usec", 1, USEC, 2, 4, 65535, 1, THREE, 0, 3, NULL, 1},
	{"le-nsec", 0, NSEC, 2, 4, 65535, 1, THREE, 0, 3, NULL, 1},
	{"be-nsec", 1, NSEC, 2, 4, 65535, 1, THREE, 0, 3, NULL, 1},
	{"zero-frames", 0, USEC, 2, 4, 65535, 1, {{0}}, 0, 0, 0, NULL, -1},
	{"zero-frames-be", 1, NSEC, 2, 4, 65535, 1, {{0}}, 0, 0, 0, NULL, -1},
	{"truncated-header", 0, USEC, 2, 4, 65535, 1, THREE, 7, 3, "tried to read 16 header bytes, only got 7", 1},
	{"truncated-header-be", 1, USEC, 2, 4, 65535, 1, THREE, 15, 3, "only got 15", 1},
	{"truncated-record", 0, USEC, 2, 4, 65535, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 100, 100, 40}}, 2, 0, 1,
	 "tried to read 100 captured bytes, only got 40", 1},
	{"truncated-record-empty", 1, NSEC, 2, 4, 65535, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 100, 100, 0}}, 2, 0, 1, "only got 0", 1},
	/* over the snaplen (64): cut to it, the rest skipped, reading goes on */
	{"caplen-over-snaplen", 0, USEC, 2, 4, 64, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 100, 120, 100}, {T0, 2, 64, 64, 64}}, 3, 0, 3, NULL, 1},
	{"caplen-over-snaplen-be", 1, NSEC, 2, 4, 64, 1,
	 {{T0, 0, 100, 100, 100}, {T0, 1, 65, 65, 65}}, 2, 0, 2, NULL, 1},
	{"over-snaplen-short-of-snaplen", 0, USEC, 2, 4, 64, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 100, 100, 50}}, 2, 0, 1,
	 "tried to read 64 captured bytes, only got 50", 1},
	{"over-snaplen-short-of-caplen", 0, USEC, 2, 4, 64, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 100, 100, 80}}, 2, 0, 1,
	 "tried to read 100 captured bytes, only got 80", 1},
	/* over libpcap's 256 KiB maximum: an error, whatever the snaplen */
	{"oversize-caplen", 0, USEC, 2, 4, 65535, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 262145, 262145, 262145}}, 2, 0, 1,
	 "invalid packet capture length 262145, bigger than snaplen of 65535", 1},
	{"oversize-caplen-huge-snaplen", 1, USEC, 2, 4, 0x7fffffff, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 262145, 60, 60}}, 2, 0, 1,
	 "bigger than maximum of 262144", 1},
	{"caplen-ffffffff", 1, NSEC, 2, 4, 65535, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 0xffffffff, 60, 60}}, 2, 0, 1,
	 "invalid packet capture length 4294967295, bigger than snaplen of 65535", 1},
	{"oversize-caplen-snaplen-0", 0, NSEC, 2, 4, 0, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 262145, 60, 60}}, 2, 0, 1, "invalid packet capture length", 1},
	{"largest-caplen", 0, USEC, 2, 4, 262144, 1,
	 {{T0, 0, 262144, 262144, 262144}, {T0, 1, 0, 0, 0}, {T0, 2, 60, 60, 60}}, 3, 0, 3, NULL, 1},
	{"snaplen-0", 1, USEC, 2, 4, 0, 1, THREE, 0, 3, NULL, 1},
	/* fractions of 1 s or more, negative ones, seconds past 2^31 */
	{"odd-times-le-usec", 0, USEC, 2, 4, 65535, 1,
	 {{T0, 1500000, 60, 60, 60}, {0x80000001u, 0xffffffffu, 60, 60, 60},
	  {0xffffffffu, 0x80000000u, 60, 60, 60}, {0, 0, 60, 60, 60}}, 4, 0, 4, NULL, 1},
	{"odd-times-be-usec", 1, USEC, 2, 4, 65535, 1,
	 {{T0, 1500000, 60, 60, 60}, {0x80000001u, 0xffffffffu, 60, 60, 60},
	  {0xffffffffu, 0x80000000u, 60, 60, 60}, {0, 0, 60, 60, 60}}, 4, 0, 4, NULL, 1},
	{"odd-times-le-nsec", 0, NSEC, 2, 4, 65535, 1,
	 {{T0, 2999999999u, 60, 60, 60}, {0x80000001u, 0xffffffffu, 60, 60, 60},
	  {T0, 1000000000u, 60, 60, 60}}, 3, 0, 3, NULL, 1},
	{"odd-times-be-nsec", 1, NSEC, 2, 4, 65535, 1,
	 {{T0, 2999999999u, 60, 60, 60}, {0x80000001u, 0xffffffffu, 60, 60, 60},
	  {T0, 1000000000u, 60, 60, 60}}, 3, 0, 3, NULL, 1},
	/* cooked captures: mapped, unless byte-swapped (libpcap may rewrite them) */
	{"sll-le", 0, USEC, 2, 4, 65535, 113, THREE, 0, 3, NULL, 1},
	{"sll-be", 1, USEC, 2, 4, 65535, 113, THREE, 0, 3, NULL, 0},
	{"sll2-le", 0, NSEC, 2, 4, 65535, 276, THREE, 0, 3, NULL, 1},
	/* left to libpcap: old versions (caplen and len may be interchanged) */
	{"version-2.3", 0, USEC, 2, 3,
	 65535, 1, {{T0, 0, 100, 60, 60}, {T0, 1, 40, 60, 40}}, 2, 0, 2, NULL, 0},
	{"version-2.2", 1, USEC, 2, 2, 65535, 1,
	 {{T0, 0, 60, 60, 60}, {T0, 1, 1514, 64, 64}}, 2, 0, 2, NULL, 0},
	/* the header's own errors, from libpcap on both paths */
	{"unsupported-linktype", 0, USEC, 2, 4, 65535, 105, THREE, 0, 0, "unsupported link type", -1},
	{"bad-version", 0, USEC, 3, 0, 65535, 1, THREE, 0, 0, "unsupported pcap savefile version", -1},
};

static void put32(uint8_t *p, uint32_t v, int big)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(big ? v >> (24 - 8 * i) : v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v, int big)
{
	p[0] = (uint8_t)(big ? v >> 8 : v);
	p[1] = (uint8_t)(big ? v : v >> 8);
}

static void write_fx(const char *path, const struct fx *f)
{
	uint8_t h[24] = {0}, r[16] = {0};
	FILE *fp = fopen(path, "wb");
	int i;

	assert_non_null(fp);
	put32(h, f->magic, f->big);
	put16(h + 4, f->major, f->big);
	put16(h + 6, f->minor, f->big);
	put32(h + 16, f->snaplen, f->big);
	put32(h + 20, f->linktype, f->big);
	assert_int_equal(fwrite(h, 1, 24, fp), 24);
	for (i = 0; i < f->n; i++) {
		const struct fx_rec *x = &f->rec[i];
		uint32_t j;

		put32(r, x->sec, f->big);
		put32(r + 4, x->frac, f->big);
		put32(r + 8, x->caplen, f->big);
		put32(r + 12, x->len, f->big);
		assert_int_equal(fwrite(r, 1, 16, fp), 16);
		for (j = 0; j < x->bytes; j++)
			fputc((int)((i * 31 + j * 7) & 0xff), fp);
	}
	memset(r, 0x5a, sizeof(r));
	assert_int_equal(fwrite(r, 1, f->tail, fp), f->tail);
	assert_int_equal(fclose(fp), 0);
}

static void test_paths_agree(void **state)
{
	char path[] = "/tmp/test_source_file.XXXXXX", why[1024];
	size_t k;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (k = 0; k < sizeof(fixtures) / sizeof(fixtures[0]); k++) {
		const struct fx *f = &fixtures[k];
		struct seen a, b;

		write_fx(path, f);
		read_seen(path, 1, &a);
		read_seen(path, 0, &b);
		if (differ(&a, &b, why, sizeof(why)))
			fail_msg("%s: %s", f->name, why);
		if (a.frames != f->frames)
			fail_msg("%s: %llu frames, expected %llu", f->name,
			    (unsigned long long)a.frames, (unsigned long long)f->frames);
		if (f->error ? strstr(a.err, f->error) == NULL : a.rc != 0)
			fail_msg("%s: error '%s', expected '%s'", f->name, a.err,
			    f->error ? f->error : "none");
		if (f->mapped >= 0 && (a.mapped != f->mapped || b.mapped != 0))
			fail_msg("%s: mapped %d (forced off: %d), expected %d", f->name,
			    a.mapped, b.mapped, f->mapped);
	}
	/* 140,000 frames: read ahead by the thread, two progress calls each */
	{
		struct seen a, b;

		write_capture(path, 140000);
		read_seen(path, 1, &a);
		read_seen(path, 0, &b);
		if (differ(&a, &b, why, sizeof(why)))
			fail_msg("140,000 frames: %s", why);
		assert_int_equal(a.frames, 140000);
		assert_int_equal(a.progress_calls, 2);
		assert_true(a.mapped && !b.mapped);
	}
	unlink(path);
}

/* Files that are not classic pcap, or not files: the same either way. */
static void test_paths_agree_other(void **state)
{
	static const char *const paths[] = {
		"tests/captures/pcapng.pcapng", "tests/captures/bad/empty.pcap",
		"tests/captures/bad/not-a-capture.txt", "tests/captures/bad/no-such-file",
		"tests/captures", "/dev/null",
	};
	char why[1024];
	size_t k;

	(void)state;
	if (access("tests/captures", F_OK) != 0)
		skip(); /* run from the repository root */
	for (k = 0; k < sizeof(paths) / sizeof(paths[0]); k++) {
		struct seen a, b;

		read_seen(paths[k], 1, &a);
		read_seen(paths[k], 0, &b);
		if (differ(&a, &b, why, sizeof(why)))
			fail_msg("%s: %s", paths[k], why);
		assert_int_equal(a.mapped, 0);
	}
}

/* --compare FILE...: one PASS or FAIL line a file; exit 1 on a FAIL. */
static int compare_main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 2; i < argc; i++) {
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		struct seen a, b;
		char why[1024];

		read_seen(argv[i], 1, &a);
		read_seen(argv[i], 0, &b);
		if (differ(&a, &b, why, sizeof(why))) {
			printf("FAIL readers/%s: %s\n", base, why);
			failed = 1;
		} else {
			printf("PASS readers/%s: %llu frames%s%s%s\n", base,
			    (unsigned long long)a.frames,
			    a.mapped ? ", mapped" : "", a.rc ? ", error: " : "", a.err);
		}
	}
	return failed;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_paths_agree),
		cmocka_unit_test(test_paths_agree_other),
	};

	if (argc > 1 && strcmp(argv[1], "--compare") == 0)
		return compare_main(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
