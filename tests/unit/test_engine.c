/*
 * test_engine.c - the pipeline around the analyzers: the deterministic
 * 1-in-N sampler and its scaled estimates, the capture time span, decode
 * error counting and per-input outcomes, read back from engine_report().
 *
 * Frames are built here; the sampler test gives each offered position a
 * different ethertype so the report shows exactly which positions were
 * analysed (0, N, 2N...), not just how many.
 */
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

/*
 * N = 3 over 11 frames: positions 0, 3, 6, 9 are analysed.  Each of those
 * carries its own ethertype and every other position is IPv4, so a sampler
 * that kept 1, 4, 7, 10 (or 2, 5, 8) would report only IPv4.
 */
static void test_sampler_positions(void **state)
{
	struct engine *e = engine_new(3);
	json_t *r;
	int i;

	(void)state;
	for (i = 0; i < 11; i++) {
		const uint8_t *p = f_ipv4;
		uint32_t len = 60;

		if (i == 0)
			p = f_arp;
		else if (i == 3)
			p = f_ipv4;
		else if (i == 6)
			p = f_ipv6_full, len = 54;
		else if (i == 9)
			p = f_lldp;
		else
			len = 59; /* never analysed: would show as 59-byte IPv4 */
		offer(e, p, len, T0 + i, 0);
	}
	r = engine_report(e);
	assert_int_equal(jint(r, "input.frames"), 11);
	assert_int_equal(jint(r, "input.analysed"), 4);
	assert_int_equal(jint(r, "input.sample_rate"), 3);
	/* estimates: each analysed frame stands for 3 */
	assert_int_equal(jint(r, "ethertype.arp.frames"), 3);
	assert_int_equal(jint(r, "ethertype.arp.bytes"), 180);
	assert_int_equal(jint(r, "ethertype.ipv4.frames"), 3);
	assert_int_equal(jint(r, "ethertype.ipv4.bytes"), 180);
	assert_int_equal(jint(r, "ethertype.ipv6.frames"), 3);
	assert_int_equal(jint(r, "ethertype.ipv6.bytes"), 162);
	assert_int_equal(jint(r, "ethertype.other.frames"), 3);
	assert_int_equal(jint(r, "ethertype.other.bytes"), 180);
	json_decref(r);
	engine_free(e);
}

static void test_sampler_counts(void **state)
{
	static const struct {
		uint32_t n, frames, analysed;
	} cases[] = {
		{0, 7, 7}, /* 0 means no sampling */
		{1, 7, 7},
		{2, 7, 4},
		{7, 7, 1},
		{7, 8, 2},
		{100, 1, 1},
		{100, 0, 0},
	};
	size_t i;
	uint32_t k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct engine *e = engine_new(cases[i].n);
		json_t *r;

		for (k = 0; k < cases[i].frames; k++)
			offer(e, f_ipv4, 60, T0, k);
		r = engine_report(e);
		assert_int_equal(jint(r, "input.frames"), cases[i].frames);
		assert_int_equal(jint(r, "input.analysed"), cases[i].analysed);
		assert_int_equal(jint(r, "input.sample_rate"),
		    cases[i].n ? cases[i].n : 1);
		assert_int_equal(jint(r, "ethertype.ipv4.frames"),
		    (long long)cases[i].analysed * (cases[i].n ? cases[i].n : 1));
		json_decref(r);
		engine_free(e);
	}
}

/* sFlow-style weight multiplies with the sampler's N. */
static void test_weight(void **state)
{
	struct engine *e = engine_new(2);
	json_t *r;

	(void)state;
	engine_offer(e, DEC_LINKTYPE_ETHERNET, T0, 0, f_ipv4, 60, 1500, 10);
	engine_offer(e, DEC_LINKTYPE_ETHERNET, T0, 0, f_ipv4, 60, 1500, 10);
	r = engine_report(e);
	assert_int_equal(jint(r, "input.analysed"), 1);
	assert_int_equal(jint(r, "ethertype.ipv4.frames"), 20);
	assert_int_equal(jint(r, "ethertype.ipv4.bytes"), 20 * 1500);
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
	offer(e, f_ipv4, 60, T0, 0);
	offer(e, f_ipv4, 10, T0, 0);
	offer(e, f_ipv4, 10, T0, 0);
	r = engine_report(e);
	assert_int_equal(jint(r, "input.decode_errors.truncated"), 1);
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
		cmocka_unit_test(test_sampler_positions),
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
