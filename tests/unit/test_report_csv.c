/*
 * test_report_csv.c - the report's tables as CSV (common/report_csv.c):
 * RFC 4180 quoting (a comma, a quote, CR or LF quote the field, quotes
 * are doubled, rows end in CRLF), the member table's columns and its row
 * filter, the reconciliation's rows and a wrong type reported by path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/report_csv.h"

struct out {
	char buf[4096];
	size_t len;
};

static void put(void *ctx, const char *s, size_t n)
{
	struct out *o = ctx;

	assert_true(o->len + n < sizeof(o->buf));
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void test_quoting(void **state)
{
	const char *v[] = {"plain", "a,b", "say \"hi\"", NULL, "two\r\nlines", ""};
	struct out o = {{0}, 0};

	(void)state;
	csv_row(put, &o, v, 6);
	assert_string_equal(o.buf,
	    "plain,\"a,b\",\"say \"\"hi\"\"\",,\"two\r\nlines\",\r\n");
}

static int only_64501(void *kctx, uint64_t asn)
{
	(void)kctx;
	return asn == 64501;
}

static void test_members(void **state)
{
	json_t *r = json_pack("{s:[{s:i,s:s,s:{s:s,s:b},s:{s:s,s:s},s:{s:{s:i},s:{s:i}},"
	    "s:{s:f,s:{s:f}},s:s,s:{s:[s,s]}},{s:i,s:s}]}",
	    "members", "asnum", 64500, "name", "Alpha, Inc", "ipv4", "registered",
	    "192.0.2.10", "seen", 1, "ipv6", "registered", "2001:db8::1", "status",
	    "active", "traffic", "ipv4", "bytes", 300, "ipv6", "bytes", 100,
	    "ipv6_share", "bytes", 0.25, "ci95", "bytes", 0.05, "vendor", "Cisco",
	    "macs", "registered", "00:00:5e:00:53:01", "00:00:5e:00:53:02",
	    "asnum", 64501, "name", "Bravo");
	struct out o = {{0}, 0};
	char *second;

	(void)state;
	csv_members(r, NULL, NULL, put, &o);
	assert_non_null(strstr(o.buf, "asnum,name,ipv4_registered,"));
	assert_non_null(strstr(o.buf, "\r\n64500,\"Alpha, Inc\",192.0.2.10,true,"
	    "2001:db8::1,active,,300,100,,,0.250000,0.050000,Cisco,"
	    "00:00:5e:00:53:01 00:00:5e:00:53:02,,,\r\n"));
	second = strstr(o.buf, "\r\n64501,Bravo,");
	assert_non_null(second);
	o.len = 0;
	csv_members(r, only_64501, NULL, put, &o);
	assert_null(strstr(o.buf, "64500"));
	assert_non_null(strstr(o.buf, "\r\n64501,Bravo,"));
	json_decref(r);
}

static int bad_calls;
static char bad_path[128];

static void on_bad(void *bctx, const char *path, const char *what)
{
	(void)bctx;
	(void)what;
	bad_calls++;
	strncpy(bad_path, path, sizeof(bad_path) - 1);
}

static void test_reconciliation(void **state)
{
	json_t *r = json_pack("{s:{s:[{s:i,s:s,s:s,s:s}],s:[{s:s,s:s}]}}",
	    "reconciliation", "suggestions", "asnum", 64500, "name", "Alpha",
	    "action", "register", "detail", "add 2001:db8::1",
	    "silent_addresses", "asnum", "not a number", "ip", "192.0.2.99");
	struct out o = {{0}, 0};
	struct recon_row *rows;
	size_t n;

	(void)state;
	assert_int_equal(csv_reconciliation(r, put, &o), 0);
	assert_non_null(strstr(o.buf, "kind,asnum,name,ip,mac,"));
	assert_non_null(strstr(o.buf, "\r\nsuggestion,64500,Alpha,,,,,,register,add 2001:db8::1,,\r\n"));
	assert_non_null(strstr(o.buf, "\r\nsilent_address,,,192.0.2.99,"));
	rows = recon_read_list(json_object_get(r, "reconciliation"), &recon_lists[1], &n,
	    on_bad, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(bad_calls, 1);
	assert_string_equal(bad_path, "reconciliation.silent_addresses[0].asnum");
	free(rows);
	o.len = 0;
	json_decref(r);
	r = json_object();
	assert_int_equal(csv_reconciliation(r, put, &o), -1);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_reconciliation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
