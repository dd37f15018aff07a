/*
 * test_engine.c - the pipeline around the analyzers: the deterministic
 * 1-in-N sampler and its scaled estimates, the capture time span, decode
 * error counting and per-input outcomes, read back from engine_report().
 *
 * Frames are built here; the sampler test gives each offered position a
 * different ethertype so the report shows exactly which positions were
 * analysed (0, N, 2N...), not just how many.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/engine.h"
#include "capture/decode.h"
#include "common/jget.h"

#define T0 1793613600 /* 2026-11-02T10:00:00Z */

/* 60-byte Ethernet frames, padded with zeros */
static uint8_t f_ipv4[60] = {
	0x02, 0, 0, 0, 0, 0x0b, /* destination */
	0x02, 0, 0, 0, 0, 0x0a, /* source */
	0x08, 0x00,             /* IPv4 */
	0x45, 0x00, 0x00, 0x1c, /* version, IHL, TOS, total length 28 */
	0x00, 0x00, 0x00, 0x00, /* id, flags, offset */
	0x40, 0x11, 0x00, 0x00, /* TTL 64, UDP, checksum */
	192, 0, 2, 1,           /* source */
	192, 0, 2, 2,           /* destination */
	0x00, 0x35, 0x00, 0x35, /* ports 53 -> 53 */
	0x00, 0x08, 0x00, 0x00, /* UDP length, checksum */
};
static uint8_t f_ipv6[60] = {
	0x02, 0, 0, 0, 0, 0x0b,
	0x02, 0, 0, 0, 0, 0x0a,
	0x86, 0xdd,             /* IPv6 */
	0x60, 0, 0, 0,          /* version 6 */
	0x00, 0x00,             /* payload length 0 */
	59,                     /* no next header */
	64,                     /* hop limit */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	/* the destination runs past 60 bytes: see setup */
};
static uint8_t f_ipv6_full[14 + 40];
static uint8_t f_arp[60] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x02, 0, 0, 0, 0, 0x0a,
	0x08, 0x06,             /* ARP */
	0x00, 0x01, 0x08, 0x00, /* Ethernet, IPv4 */
	6, 4, 0x00, 0x01,       /* hlen, plen, request */
	0x02, 0, 0, 0, 0, 0x0a, 192, 0, 2, 1, /* sender */
	0, 0, 0, 0, 0, 0, 192, 0, 2, 2,       /* target */
};
static uint8_t f_lldp[60] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e,
	0x02, 0, 0, 0, 0, 0x0a,
	0x88, 0xcc,             /* LLDP: counted as "other" */
};

static int setup(void **state)
{
	(void)state;
	/* IPv6 frame of exactly 54 bytes: header complete, no payload */
	memcpy(f_ipv6_full, f_ipv6, 14 + 24);
	memcpy(f_ipv6_full + 14 + 24,
	    (const uint8_t[16]){0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 2}, 16);
	return 0;
}

static long long jint(json_t *root, const char *path)
{
	json_t *v = jget(root, path);

	if (!json_is_integer(v))
		fail_msg("%s: not an integer", path);
	return (long long)json_integer_value(v);
}

static const char *jstr(json_t *root, const char *path)
{
	json_t *v = jget(root, path);

	if (!json_is_string(v))
		fail_msg("%s: not a string", path);
	return json_string_value(v);
}

static void offer(struct engine *e, const uint8_t *p, uint32_t len,
    int64_t sec, uint32_t nsec)
{
	engine_offer(e, DEC_LINKTYPE_ETHERNET, sec, nsec, p, len, len, 1);
}

static void test_no_sampling(void **state)
{
	struct engine *e = engine_new(1);
	json_t *r;

	(void)state;
	offer(e, f_ipv4, 60, T0, 0);
	offer(e, f_ipv6_full, 54, T0 + 1, 0);
	offer(e, f_arp, 60, T0 + 2, 0);
	offer(e, f_lldp, 60, T0 + 3, 0);
	offer(e, f_ipv4, 60, T0 + 4, 0);
	assert_int_equal(engine_frames_seen(e), 5);
	r = engine_report(e);
	assert_int_equal(jint(r, "input.frames"), 5);
	assert_int_equal(jint(r, "input.analysed"), 5);
	assert_int_equal(jint(r, "input.sample_rate"), 1);
	assert_int_equal(jint(r, "ethertype.ipv4.frames"), 2);
	assert_int_equal(jint(r, "ethertype.ipv4.bytes"), 120);
	assert_int_equal(jint(r, "ethertype.ipv6.frames"), 1);
	assert_int_equal(jint(r, "ethertype.ipv6.bytes"), 54);
	assert_int_equal(jint(r, "ethertype.arp.frames"), 1);
	assert_int_equal(jint(r, "ethertype.other.frames"), 1);
	assert_int_equal(jint(r, "input.decode_errors.truncated"), 0);
	assert_int_equal(jint(r, "input.decode_errors.invalid"), 0);
	assert_int_equal(jint(r, "input.decode_errors.unsupported"), 0);
	json_decref(r);
	engine_free(e);
}

/* A number at a dotted path ("ipv6_share.ci95.frames"); it must be there. */
static double jreal(json_t *root, const char *path)
{
	json_t *v = jget(root, path);

	assert_true(json_is_number(v));
	return json_number_value(v);
}

/*
 * Strongly periodic traffic: every 10th frame is IPv6 (a true share of
 * 10 %).  A sampler with a fixed gap of 10 sees one phase only and reports
 * 0 % or 100 %; one with random gaps (mean 10) must land within its own
 * confidence interval of the truth, for every seed tried.
 */
static void test_sampler_periodic(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 5; seed++) {
		struct engine *e = engine_new(10);
		char want[24];
		double share, ci;
		json_t *r;
		int i;

		engine_set_sample_seed(e, seed);
		for (i = 0; i < 100000; i++) {
			if (i % 10 == 0)
				offer(e, f_ipv6_full, 54, T0 + i / 1000, 0);
			else
				offer(e, f_ipv4, 60, T0 + i / 1000, 0);
		}
		r = engine_report(e);
		share = jreal(r, "ipv6_share.frames");
		ci = jreal(r, "ipv6_share.ci95.frames");
		/* 10,000 samples: p(1-p)/n gives about 0.6 points */
		assert_true(ci > 0.004 && ci < 0.008);
		assert_true(fabs(share - 0.10) < ci);
		assert_true(jint(r, "input.analysed") > 9500 && jint(r, "input.analysed") < 10500);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)seed);
		assert_string_equal(json_string_value(json_object_get(
		    json_object_get(r, "input"), "sample_seed")), want);
		json_decref(r);
		engine_free(e);
	}
}

/* The same seed samples the same frames; another seed others. */
static void test_sampler_seed(void **state)
{
	long long analysed[3];
	uint64_t seeds[3] = {7, 7, 8};
	int k, i;

	(void)state;
	for (k = 0; k < 3; k++) {
		struct engine *e = engine_new(7);
		json_t *r;

		engine_set_sample_seed(e, seeds[k]);
		for (i = 0; i < 1000; i++)
			offer(e, i % 3 ? f_ipv4 : f_arp, 60, T0, (uint32_t)i);
		r = engine_report(e);
		analysed[k] = jint(r, "input.analysed") * 1000 + jint(r, "ethertype.arp.frames");
		json_decref(r);
		engine_free(e);
	}
	assert_int_equal(analysed[0], analysed[1]);
	assert_int_not_equal(analysed[0], analysed[2]);
}

/* Unsampled figures are exact: no confidence interval in the report. */
static void test_exact_has_no_ci(void **state)
{
	struct engine *e = engine_new(1);
	json_t *r;

	(void)state;
	offer(e, f_ipv4, 60, T0, 0);
	offer(e, f_ipv6_full, 54, T0, 0);
	r = engine_report(e);
	assert_null(json_object_get(json_object_get(r, "ipv6_share"), "ci95"));
	assert_null(json_object_get(json_object_get(r, "input"), "sample_seed"));
	json_decref(r);
	engine_free(e);
}

static void test_sampler_counts(void **state)
{
	static const struct {
		uint32_t n, frames;
		long long lo, hi; /* analysed frames expected */
	} cases[] = {
		{0, 7, 7, 7}, /* 0 means no sampling */
		{1, 7, 7, 7},
		{2, 100000, 49000, 51000},
		{7, 100000, 13900, 14700},
		{1000, 1000000, 900, 1100},
		{100, 0, 0, 0},
	};
	size_t i;
	uint32_t k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct engine *e = engine_new(cases[i].n);
		uint32_t n = cases[i].n ? cases[i].n : 1;
		json_t *r;

		for (k = 0; k < cases[i].frames; k++)
			offer(e, f_ipv4, 60, T0, k);
		r = engine_report(e);
		assert_int_equal(jint(r, "input.frames"), cases[i].frames);
		assert_in_range(jint(r, "input.analysed"), cases[i].lo, cases[i].hi);
		assert_int_equal(jint(r, "input.sample_rate"), n);
		/* each sample stands for N frames */
		assert_int_equal(jint(r, "ethertype.ipv4.frames"),
		    jint(r, "input.analysed") * n);
		json_decref(r);
		engine_free(e);
	}
}

/* sFlow-style weight multiplies with the sampler's N. */
static void test_weight(void **state)
{
	struct engine *e = engine_new(2);
	json_t *r;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		engine_offer(e, DEC_LINKTYPE_ETHERNET, T0, 0, f_ipv4, 60, 1500, 10);
	r = engine_report(e);
	assert_in_range(jint(r, "input.analysed"), 400, 600);
	assert_int_equal(jint(r, "ethertype.ipv4.frames"), jint(r, "input.analysed") * 20);
	assert_int_equal(jint(r, "ethertype.ipv4.bytes"), jint(r, "input.analysed") * 20 * 1500);
	json_decref(r);
	engine_free(e);
}

/* The span covers every frame offered, analysed or not, in any order. */
static void test_timestamps(void **state)
{
	struct engine *e = engine_new(2);
	json_t *r;

	(void)state;
	offer(e, f_ipv4, 60, T0 + 100, 500000000);   /* analysed */
	offer(e, f_ipv4, 60, T0 + 50, 250000000);    /* skipped: the first */
	offer(e, f_ipv4, 60, T0 + 100, 1);           /* analysed */
	offer(e, f_ipv4, 60, T0 + 200, 1);           /* skipped: the last */
	offer(e, f_ipv4, 60, T0 + 50, 250000001);    /* analysed */
	r = engine_report(e);
	assert_string_equal(jstr(r, "input.first_ts"),
	    "2026-11-02T10:00:50.250Z");
	assert_string_equal(jstr(r, "input.last_ts"),
	    "2026-11-02T10:03:20.000000001Z");
	json_decref(r);
	engine_free(e);

	/* same second: nanoseconds decide */
	e = engine_new(1);
	offer(e, f_ipv4, 60, T0, 7000);
	offer(e, f_ipv4, 60, T0, 6000);
	offer(e, f_ipv4, 60, T0, 8000);
	r = engine_report(e);
	assert_string_equal(jstr(r, "input.first_ts"), "2026-11-02T10:00:00.000006Z");
	assert_string_equal(jstr(r, "input.last_ts"), "2026-11-02T10:00:00.000008Z");
	json_decref(r);
	engine_free(e);

	/* no frames: null, not the epoch */
	e = engine_new(1);
	r = engine_report(e);
	assert_true(json_is_null(jget(r, "input.first_ts")));
	assert_true(json_is_null(jget(r, "input.last_ts")));
	assert_int_equal(jint(r, "input.frames"), 0);
	json_decref(r);
	engine_free(e);
}

static void test_decode_errors(void **state)
{
	uint8_t bad_ver[60], bad_tcp[60];
	struct engine *e = engine_new(1);
	json_t *r;
	int i;

	(void)state;
	memcpy(bad_ver, f_ipv4, 60);
	bad_ver[14] = 0x55;   /* IP version 5 */
	memcpy(bad_tcp, f_ipv4, 60);
	bad_tcp[23] = 6;      /* TCP: its data offset is 0 */
	bad_tcp[17] = 0x28;   /* total length 40 */

	offer(e, f_ipv4, 20, T0, 0);     /* truncated */
	offer(e, f_ipv4, 0, T0, 0);      /* truncated: nothing at all */
	offer(e, bad_ver, 60, T0, 0);    /* invalid */
	offer(e, bad_tcp, 60, T0, 0);    /* invalid */
	offer(e, f_ipv6, 40, T0, 0);     /* truncated: IPv6 header cut */
	engine_offer(e, 105, T0, 0, f_ipv4, 60, 60, 1); /* 802.11: unsupported */
	offer(e, f_ipv4, 60, T0, 0);     /* fine */
	r = engine_report(e);
	assert_int_equal(jint(r, "input.frames"), 7);
	assert_int_equal(jint(r, "input.decode_errors.truncated"), 3);
	assert_int_equal(jint(r, "input.decode_errors.invalid"), 2);
	assert_int_equal(jint(r, "input.decode_errors.unsupported"), 1);
	/* broken frames still count by what was decoded before the break */
	assert_int_equal(jint(r, "ethertype.ipv4.frames"), 4);
	assert_int_equal(jint(r, "ethertype.ipv6.frames"), 1);
	assert_int_equal(jint(r, "ethertype.other.frames"), 2);
	json_decref(r);
	engine_free(e);

	/* cut by the snap length: counted as snapped, never as an error */
	e = engine_new(1);
	engine_offer(e, DEC_LINKTYPE_ETHERNET, T0, 0, f_ipv6_full, 40, 54, 1);
	engine_offer(e, DEC_LINKTYPE_ETHERNET, T0, 0, f_ipv4, 36, 60, 1);
	engine_offer(e, DEC_LINKTYPE_ETHERNET, T0, 0, f_ipv4, 36, 36, 1);
	r = engine_report(e);
	assert_int_equal(jint(r, "input.snapped"), 2);
	assert_int_equal(jint(r, "input.decode_errors.truncated"), 1);
	assert_int_equal(jint(r, "ethertype.ipv6.bytes"), 54); /* wire length */
	json_decref(r);
	engine_free(e);

	/* only analysed frames are decoded, so only they can fail */
	e = engine_new(2);
	for (i = 0; i < 100; i++)
		offer(e, f_ipv4, 10, T0, 0);
	r = engine_report(e);
	assert_int_equal(jint(r, "input.decode_errors.truncated"),
	    jint(r, "input.analysed"));
	assert_true(jint(r, "input.analysed") < 100);
	json_decref(r);
	engine_free(e);
}

static void test_inputs(void **state)
{
	struct engine *e = engine_new(1);
	json_t *r, *d, *errs;

	(void)state;
	engine_input_done(e, "a.pcap", "pcap", DEC_LINKTYPE_ETHERNET, 12, NULL);
	engine_input_done(e, "b.pcapng", "pcapng", DEC_LINKTYPE_LINUX_SLL2, 3,
	    "after 3 frames: truncated dump file");
	engine_input_done(e, "missing.pcap", NULL, -1, 0,
	    "cannot open: No such file or directory");
	r = engine_report(e);

	assert_int_equal(json_array_size(jget(r, "input.files")), 3);
	assert_string_equal(json_string_value(json_array_get(jget(r,
	    "input.files"), 1)), "b.pcapng");

	d = jget(r, "input.details");
	assert_int_equal(json_array_size(d), 3);
	assert_string_equal(jstr(json_array_get(d, 0), "file"), "a.pcap");
	assert_string_equal(jstr(json_array_get(d, 0), "format"), "pcap");
	assert_string_equal(jstr(json_array_get(d, 0), "linktype"), "EN10MB");
	assert_int_equal(jint(json_array_get(d, 0), "frames"), 12);
	assert_true(json_is_null(jget(json_array_get(d, 0), "error")));
	assert_string_equal(jstr(json_array_get(d, 1), "linktype"),
	    "LINUX_SLL2");
	assert_string_equal(jstr(json_array_get(d, 1), "error"),
	    "after 3 frames: truncated dump file");
	assert_true(json_is_null(jget(json_array_get(d, 2), "format")));
	assert_true(json_is_null(jget(json_array_get(d, 2), "linktype")));

	errs = jget(r, "input.errors");
	assert_int_equal(json_array_size(errs), 2);
	assert_string_equal(jstr(json_array_get(errs, 0), "file"), "b.pcapng");
	assert_string_equal(jstr(json_array_get(errs, 1), "file"),
	    "missing.pcap");
	assert_string_equal(jstr(json_array_get(errs, 1), "error"),
	    "cannot open: No such file or directory");
	json_decref(r);
	engine_free(e);
}

/* The report can be asked for twice and says the same. */
/*
 * Load shedding divides nDPI's new-flow budget (20,000 a second by
 * default): at 1/16, 2,000 new UDP flows in one second give 1,250 flow
 * entries and 750 frames counted uninspected; at 1 again, all get one.
 */
static void test_app_shedding(void **state)
{
	struct engine *e = engine_new(1);
	uint8_t f[60];
	json_t *r;
	int i;

	(void)state;
	engine_set_app_shedding(e, 16);
	memcpy(f, f_ipv4, sizeof(f));
	for (i = 0; i < 2000; i++) {
		f[34] = (uint8_t)(i >> 8), f[35] = (uint8_t)i; /* source port */
		offer(e, f, sizeof(f), T0, (uint32_t)i);
	}
	engine_set_app_shedding(e, 1);
	for (i = 0; i < 2000; i++) {
		f[34] = (uint8_t)(i >> 8), f[35] = (uint8_t)i;
		f[36] = 0x01; /* other destination port: other flows */
		offer(e, f, sizeof(f), T0 + 1, (uint32_t)i);
	}
	r = engine_report(e);
	assert_int_equal(jint(r, "flows.created"), 1250 + 2000);
	assert_int_equal(jint(r, "flows.uninspected"), 750);
	json_decref(r);
	/* paused: no flow entry at all, every frame counted uninspected */
	engine_set_app_shedding(e, ENGINE_APP_PAUSED);
	for (i = 0; i < 2000; i++) {
		f[34] = (uint8_t)(i >> 8), f[35] = (uint8_t)i;
		f[36] = 0x02;
		offer(e, f, sizeof(f), T0 + 2, (uint32_t)i);
	}
	r = engine_report(e);
	assert_int_equal(jint(r, "flows.created"), 1250 + 2000);
	assert_int_equal(jint(r, "flows.uninspected"), 750 + 2000);
	json_decref(r);
	engine_free(e);
}

static void test_report_twice(void **state)
{
	struct engine *e = engine_new(1);
	json_t *r1, *r2;

	(void)state;
	offer(e, f_ipv4, 60, T0, 0);
	engine_input_done(e, "x.pcap", "pcap", 1, 1, NULL);
	r1 = engine_report(e);
	r2 = engine_report(e);
	assert_true(json_equal(r1, r2));
	assert_non_null(jget(r1, "members"));
	assert_non_null(jget(r1, "alerts"));
	json_decref(r1);
	json_decref(r2);
	engine_free(e);
	engine_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_sampling),
		cmocka_unit_test(test_sampler_periodic),
		cmocka_unit_test(test_sampler_seed),
		cmocka_unit_test(test_exact_has_no_ci),
		cmocka_unit_test(test_sampler_counts),
		cmocka_unit_test(test_weight),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_inputs),
		cmocka_unit_test(test_report_twice),
		cmocka_unit_test(test_app_shedding),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
