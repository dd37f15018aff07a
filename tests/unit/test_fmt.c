/*
 * test_fmt.c - the text forms reports carry (common/fmt.c): RFC 3339 UTC
 * timestamps with the fraction trimmed to what the value needs, MAC
 * addresses, IPv4/IPv6 addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/fmt.h"

#define T0 1793613600 /* 2026-11-02T10:00:00Z */

static void test_rfc3339(void **state)
{
	char buf[FMT_TS_LEN];

	(void)state;
	assert_string_equal(fmt_rfc3339(buf, 0, 0), "1970-01-01T00:00:00Z");
	assert_ptr_equal(fmt_rfc3339(buf, 0, 0), buf);
	assert_string_equal(fmt_rfc3339(buf, T0, 0), "2026-11-02T10:00:00Z");
	/* whole milliseconds: three digits */
	assert_string_equal(fmt_rfc3339(buf, T0, 123000000),
	    "2026-11-02T10:00:00.123Z");
	assert_string_equal(fmt_rfc3339(buf, T0, 1000000),
	    "2026-11-02T10:00:00.001Z");
	assert_string_equal(fmt_rfc3339(buf, T0, 500000000),
	    "2026-11-02T10:00:00.500Z");
	/* whole microseconds: six */
	assert_string_equal(fmt_rfc3339(buf, T0, 123456000),
	    "2026-11-02T10:00:00.123456Z");
	assert_string_equal(fmt_rfc3339(buf, T0, 1000),
	    "2026-11-02T10:00:00.000001Z");
	/* anything else: nine */
	assert_string_equal(fmt_rfc3339(buf, T0, 123456789),
	    "2026-11-02T10:00:00.123456789Z");
	assert_string_equal(fmt_rfc3339(buf, T0, 1),
	    "2026-11-02T10:00:00.000000001Z");
	assert_string_equal(fmt_rfc3339(buf, T0 + 59, 999999999),
	    "2026-11-02T10:00:59.999999999Z");
	/* epoch with a fraction, the day before, leap day, 32-bit edge */
	assert_string_equal(fmt_rfc3339(buf, 0, 1000000),
	    "1970-01-01T00:00:00.001Z");
	assert_string_equal(fmt_rfc3339(buf, -1, 0), "1969-12-31T23:59:59Z");
	assert_string_equal(fmt_rfc3339(buf, 951782400, 0),
	    "2000-02-29T00:00:00Z");
	assert_string_equal(fmt_rfc3339(buf, 4294967295LL, 0),
	    "2106-02-07T06:28:15Z");
	assert_true(strlen(fmt_rfc3339(buf, T0, 123456789)) < FMT_TS_LEN);
}

static void test_mac(void **state)
{
	static const uint8_t a[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};
	static const uint8_t b[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t c[6] = {0x00, 0x00, 0x0c, 0x9f, 0xf0, 0x01};
	char buf[FMT_MAC_LEN];

	(void)state;
	assert_string_equal(fmt_mac(buf, a), "02:00:00:00:00:0a");
	assert_string_equal(fmt_mac(buf, b), "ff:ff:ff:ff:ff:ff");
	assert_string_equal(fmt_mac(buf, c), "00:00:0c:9f:f0:01");
	assert_ptr_equal(fmt_mac(buf, c), buf);
	assert_int_equal(strlen(buf), FMT_MAC_LEN - 1);
}

static void test_ip(void **state)
{
	static const uint8_t v4[4] = {192, 0, 2, 1};
	static const uint8_t v4z[4] = {0, 0, 0, 0};
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 1};
	static const uint8_t v6ll[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x00,
	    0x00, 0xff, 0xfe, 0x00, 0x00, 0x0a};
	static const uint8_t v6z[16] = {0};
	static const uint8_t v6mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	    0xff, 192, 0, 2, 1};
	uint8_t v6max[16];
	char buf[FMT_IP_LEN];

	(void)state;
	memset(v6max, 0xff, sizeof(v6max));
	assert_string_equal(fmt_ip(buf, 4, v4), "192.0.2.1");
	assert_string_equal(fmt_ip(buf, 4, v4z), "0.0.0.0");
	assert_string_equal(fmt_ip(buf, 6, v6), "2001:db8::1");
	assert_string_equal(fmt_ip(buf, 6, v6ll), "fe80::200:ff:fe00:a");
	assert_string_equal(fmt_ip(buf, 6, v6z), "::");
	assert_string_equal(fmt_ip(buf, 6, v6mapped), "::ffff:192.0.2.1");
	assert_string_equal(fmt_ip(buf, 6, v6max),
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	assert_ptr_equal(fmt_ip(buf, 4, v4), buf);
}

/* A member name or key with a newline must not make a second log line. */
static void test_printable(void **state)
{
	char s[] = "Evil\nixmon: fake\x1b[2J\x7f ok \xc3\xa9";

	(void)state;
	assert_string_equal(fmt_printable(s), "Evil?ixmon: fake?[2J? ok \xc3\xa9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_ip),
		cmocka_unit_test(test_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
