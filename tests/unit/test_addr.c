/*
 * test_addr.c - the one prefix and the one MAC parser (common/addr.h).
 *
 * MACs: every spelling a switch or an IX-F export writes (colon and dash
 * pairs, Cisco dotted quads, HP 6-6, bare hex) in any case, and the
 * near misses that must be refused rather than guessed at: wrong length,
 * bad digits, mixed or misplaced separators, whitespace.  The parser works
 * on a length, so a MAC inside a longer buffer is read without its tail.
 * Prefixes: masking of host bits (reported, not refused), the reason codes
 * the configuration turns into messages, and containment at every
 * boundary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "common/addr.h"

static int mac_str(const char *s, uint8_t mac[6])
{
	return addr_mac_parse(s, s ? strlen(s) : 12, mac);
}

static const uint8_t *v4(const char *s)
{
	static uint8_t a[4];

	assert_int_equal(inet_pton(AF_INET, s, a), 1);
	return a;
}

static const uint8_t *v6(const char *s)
{
	static uint8_t a[16];

	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
	return a;
}

/* ---- MACs ----------------------------------------------------------- */

static void test_mac_forms(void **state)
{
	static const uint8_t want[6] = {0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc};
	static const char *const ok[] = {
		"00:1b:21:aa:bb:cc", "00:1B:21:AA:BB:CC", "00:1b:21:Aa:bB:cc",
		"00-1b-21-aa-bb-cc", "00-1B-21-AA-BB-CC", "001b.21aa.bbcc",
		"001B.21AA.BBCC", "001b21-aabbcc", "001B21-AABBCC",
		"001b21aabbcc", "001B21AABBCC", NULL,
	};
	uint8_t m[6];
	size_t i;

	(void)state;
	for (i = 0; ok[i] != NULL; i++) {
		memset(m, 0xee, sizeof(m));
		if (mac_str(ok[i], m) != 0)
			fail_msg("refused \"%s\"", ok[i]);
		assert_memory_equal(m, want, 6);
	}
	assert_int_equal(mac_str("ff:ff:ff:ff:ff:ff", m), 0);
	assert_memory_equal(m, "\xff\xff\xff\xff\xff\xff", 6);
	assert_int_equal(mac_str("AABB.CCDD.EEFF", m), 0);
	assert_memory_equal(m, "\xaa\xbb\xcc\xdd\xee\xff", 6);
}

/* The length bounds the read: the rest of a syslog line is not looked at. */
static void test_mac_bounded(void **state)
{
	static const char line[] = "0011.2233.4455 on port Gi1/0/1";
	uint8_t m[6];

	(void)state;
	assert_int_equal(addr_mac_parse(line, 14, m), 0);
	assert_memory_equal(m, "\x00\x11\x22\x33\x44\x55", 6);
	assert_int_equal(addr_mac_parse(line, 15, m), -1);
	assert_int_equal(addr_mac_parse(line, 13, m), -1);
	assert_int_equal(addr_mac_parse("00:11:22:33:44:55", 0, m), -1);
}

static void test_mac_rejects(void **state)
{
	static const char *const bad[] = {
		/* too short / too long */
		"", "0", "00:1b:21:aa:bb", "00:1b:21:aa:bb:cc:dd",
		"001b.21aa.bbc", "001b.21aa.bbcc.", "001b21aabbc",
		"001b21aabbccd", "001b21-aabbc", "001b21-aabbccd",
		"00:1b:21:aa:bb:c", "0:1b:21:aa:bb:cc:",
		/* bad digits */
		"00:1b:21:aa:bb:gg", "001b.21aa.bbcg", "00112233445g",
		"0x1b:21:aa:bb:cc:d", "00:1b:21:aa:bb:c ", "001b21-aabbc\xc3",
		/* mixed or misplaced separators */
		"00:1b-21:aa:bb:cc", "00:11:22:33:44-55", "001b:21aa:bbcc",
		"001b-21aa-bbcc", "0011.2233-4455", "00.1b.21.aa.bb.cc",
		"00::1b:21:aa:bb:c", "001b..21aabbcc", "001b21:aabbcc",
		"001b2-1aabbcc", "001b21.aabbcc",
		/* whitespace */
		"00:1b:21:aa:bb:cc ", " 00:1b:21:aa:bb:cc", "001122 334455",
		NULL,
	};
	uint8_t m[6] = {1, 2, 3, 4, 5, 6};
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		if (mac_str(bad[i], m) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		/* A failed parse leaves the output alone. */
		assert_memory_equal(m, "\x01\x02\x03\x04\x05\x06", 6);
	}
	assert_int_equal(mac_str(NULL, m), -1);
}

/* ---- prefixes ------------------------------------------------------- */

static void test_prefix_parse(void **state)
{
	struct addr_prefix p;
	int hb = -1;

	(void)state;
	assert_int_equal(addr_prefix_parse("80.249.208.0/21", 4, &p, &hb), 0);
	assert_int_equal(p.len, 21);
	assert_int_equal(hb, 0);
	assert_memory_equal(p.addr, v4("80.249.208.0"), 4);
	/* Host bits are masked off and reported, not refused. */
	assert_int_equal(addr_prefix_parse("80.249.215.77/21", 4, &p, &hb), 0);
	assert_int_equal(hb, 1);
	assert_memory_equal(p.addr, v4("80.249.208.0"), 4);
	assert_int_equal(addr_prefix_parse("2001:db8:0:f::1/61", 6, &p, &hb), 0);
	assert_int_equal(hb, 1);
	assert_int_equal(p.len, 61);
	assert_memory_equal(p.addr, v6("2001:db8:0:8::"), 16);
	assert_int_equal(addr_prefix_parse("2001:7f8:1::/64", 6, &p, &hb), 0);
	assert_int_equal(hb, 0);
	assert_memory_equal(p.addr, v6("2001:7f8:1::"), 16);
	assert_int_equal(addr_prefix_parse("0.0.0.0/0", 4, &p, NULL), 0);
	assert_int_equal(p.len, 0);
	assert_int_equal(addr_prefix_parse("192.0.2.1/0", 4, &p, &hb), 0);
	assert_int_equal(hb, 1);
	assert_memory_equal(p.addr, "\0\0\0\0", 4);
	assert_int_equal(addr_prefix_parse("192.0.2.1/32", 4, &p, &hb), 0);
	assert_int_equal(hb, 0);
	assert_int_equal(p.len, 32);
	assert_int_equal(addr_prefix_parse("192.0.2.0/024", 4, &p, NULL), 0);
	assert_int_equal(p.len, 24);
	assert_int_equal(addr_prefix_parse("::/0", 6, &p, NULL), 0);
	assert_int_equal(addr_prefix_parse("2001:db8::1/128", 6, &p, &hb), 0);
	assert_int_equal(hb, 0);
	assert_int_equal(p.len, 128);
	assert_memory_equal(p.addr, v6("2001:db8::1"), 16);
	/* Only the prefix length changes the bytes: the rest stays zero. */
	assert_int_equal(addr_prefix_parse("255.255.255.255/1", 4, &p, NULL), 0);
	assert_memory_equal(p.addr, "\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
}

static void test_prefix_rejects(void **state)
{
	static const struct {
		const char *s;
		int version;
		int why;
	} bad[] = {
		{"192.0.2.0/33", 4, ADDR_PFX_LEN_RANGE},
		{"2001:db8::/129", 6, ADDR_PFX_LEN_RANGE},
		{"192.0.2.0", 4, ADDR_PFX_NO_LEN},
		{"192.0.2.0/", 4, ADDR_PFX_LEN_NAN},
		{"/24", 4, ADDR_PFX_BAD_ADDR},
		{"192.0.2.0/24x", 4, ADDR_PFX_LEN_RANGE},
		{"192.0.2.0/-1", 4, ADDR_PFX_LEN_NAN},
		{"192.0.2.0/+8", 4, ADDR_PFX_LEN_NAN},
		{"192.0.2.0/ 8", 4, ADDR_PFX_LEN_NAN},
		{"2001:db8::/64", 4, ADDR_PFX_BAD_ADDR},
		{"192.0.2.0/24", 6, ADDR_PFX_BAD_ADDR},
		{"192.0.2.0/24", 5, ADDR_PFX_BAD_ADDR},
		{"192.0.2.0/0024", 4, ADDR_PFX_LEN_RANGE},
		{"192.0.2.0/99999999999", 4, ADDR_PFX_LEN_RANGE},
		{" 192.0.2.0/24", 4, ADDR_PFX_BAD_ADDR},
		{"192.0.2.0 /24", 4, ADDR_PFX_BAD_ADDR},
		{"192.0.2/24", 4, ADDR_PFX_BAD_ADDR},
		{"2001:db8::/6 4", 6, ADDR_PFX_LEN_RANGE},
		{"2001:db8::g/64", 6, ADDR_PFX_BAD_ADDR},
		{"192.0.2.0/24/24", 4, ADDR_PFX_LEN_RANGE},
		{"", 4, ADDR_PFX_NO_LEN},
		{NULL, 0, 0},
	};
	struct addr_prefix p, keep;
	size_t i;
	int rc;

	(void)state;
	memset(&keep, 0x5a, sizeof(keep));
	for (i = 0; bad[i].s != NULL; i++) {
		p = keep;
		rc = addr_prefix_parse(bad[i].s, bad[i].version, &p, NULL);
		if (rc != bad[i].why)
			fail_msg("\"%s\" as v%d: %d, want %d", bad[i].s,
			    bad[i].version, rc, bad[i].why);
		assert_memory_equal(&p, &keep, sizeof(p));
	}
	assert_true(addr_prefix_parse(NULL, 4, &p, NULL) < 0);
	assert_true(addr_prefix_parse("192.0.2.0/24", 4, NULL, NULL) < 0);
}

static void test_prefix_contains(void **state)
{
	struct addr_prefix p;

	(void)state;
	assert_int_equal(addr_prefix_parse("0.0.0.0/0", 4, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 4, v4("255.255.255.255")));
	assert_true(addr_prefix_contains(&p, 4, v4("0.0.0.0")));

	assert_int_equal(addr_prefix_parse("192.0.2.1/32", 4, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 4, v4("192.0.2.1")));
	assert_false(addr_prefix_contains(&p, 4, v4("192.0.2.0")));
	assert_false(addr_prefix_contains(&p, 4, v4("192.0.2.129")));

	assert_int_equal(addr_prefix_parse("80.249.208.0/21", 4, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 4, v4("80.249.208.0")));
	assert_true(addr_prefix_contains(&p, 4, v4("80.249.215.255")));
	assert_false(addr_prefix_contains(&p, 4, v4("80.249.216.0")));
	assert_false(addr_prefix_contains(&p, 4, v4("80.249.207.255")));

	assert_int_equal(addr_prefix_parse("::/0", 6, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 6, v6("ffff::1")));

	assert_int_equal(addr_prefix_parse("2001:db8::1/128", 6, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 6, v6("2001:db8::1")));
	assert_false(addr_prefix_contains(&p, 6, v6("2001:db8::")));
	assert_false(addr_prefix_contains(&p, 6, v6("2001:db8::3")));

	assert_int_equal(addr_prefix_parse("2001:db8::/127", 6, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 6, v6("2001:db8::")));
	assert_true(addr_prefix_contains(&p, 6, v6("2001:db8::1")));
	assert_false(addr_prefix_contains(&p, 6, v6("2001:db8::2")));

	assert_int_equal(addr_prefix_parse("2001:db8:0:8::/61", 6, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 6, v6("2001:db8:0:8::")));
	assert_true(addr_prefix_contains(&p, 6,
	    v6("2001:db8:0:f:ffff:ffff:ffff:ffff")));
	assert_false(addr_prefix_contains(&p, 6, v6("2001:db8:0:10::")));
	assert_false(addr_prefix_contains(&p, 6, v6("2001:db8:0:7::1")));

	assert_int_equal(addr_prefix_parse("2001:7f8:1::/64", 6, &p, NULL), 0);
	assert_true(addr_prefix_contains(&p, 6, v6("2001:7f8:1::a500:6939:1")));
	assert_false(addr_prefix_contains(&p, 6, v6("2001:7f8:1:1::1")));

	/* A v6-length prefix asked about a v4 address is never a match. */
	assert_int_equal(addr_prefix_parse("2001:db8::/64", 6, &p, NULL), 0);
	assert_false(addr_prefix_contains(&p, 4, v4("32.1.13.184")));
	assert_false(addr_prefix_contains(&p, 7, v4("32.1.13.184")));
	assert_false(addr_prefix_contains(NULL, 4, v4("1.2.3.4")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_forms),
		cmocka_unit_test(test_mac_bounded),
		cmocka_unit_test(test_mac_rejects),
		cmocka_unit_test(test_prefix_parse),
		cmocka_unit_test(test_prefix_rejects),
		cmocka_unit_test(test_prefix_contains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
