/*
 * test_source_file.c - the capture file reader (capture/source_file.c),
 * with and without its read-ahead thread: a file over 4 MiB is read ahead
 * by a thread, a small one and a memory stream inline.  Either way every
 * frame arrives once, in order, with its time and lengths; a hook that
 * says stop stops at that frame; a record cut short at the end is the
 * file's error after the frames before it, which were all delivered.
 */
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
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
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
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
