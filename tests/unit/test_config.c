/*
 * test_config.c - the configuration table (common/config.c).
 *
 * Every type is fed valid and invalid values, every bound is tried at
 * min-1, min, max and max+1, unknown keys at both nesting levels must be
 * named by their full path (with a suggestion when one is close), and a
 * file with several mistakes must report all of them while applying the
 * good keys.  The round trip cfg_to_json -> file -> cfg_load_file must
 * give back the same bytes.  Fixtures and goldens live in tests/config/;
 * the test runs from the top of the tree (IXMON_CONFIG_DIR overrides).
 *
 *   test_config --reference   print the key table for docs/config.md
 *   IXMON_REGEN=1 test_config rewrite the goldens in tests/config/
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/config.h"

#define MAX_ERRS 64

/* Every problem reported, as "path: what". */
struct errs {
	int n;
	char line[MAX_ERRS][600];
};

static void collect(void *ctx, const char *path, const char *what)
{
	struct errs *e = ctx;

	if (e->n < MAX_ERRS)
		snprintf(e->line[e->n], sizeof(e->line[0]), "%s: %s", path,
		    what);
	e->n++;
}

static const char *cfg_dir(void)
{
	const char *d = getenv("IXMON_CONFIG_DIR");

	return d ? d : "tests/config";
}

static void fixture(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", cfg_dir(), name);
}

/* Apply a JSON text onto defaults; returns what cfg_apply_json returned. */
static int apply_text(const char *text, struct ixm_config *cfg,
    struct errs *e)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_ALLOW_NUL, &jerr);
	int r;

	if (root == NULL)
		fail_msg("test JSON does not parse: %s: %s", text, jerr.text);
	memset(e, 0, sizeof(*e));
	cfg_defaults(cfg);
	r = cfg_apply_json(root, cfg, collect, e);
	json_decref(root);
	assert_int_equal(r, e->n);
	return r;
}

/* One problem, and its text contains `want`. */
static void expect_one(const struct errs *e, const char *want)
{
	if (e->n != 1)
		fail_msg("want 1 problem (%s), got %d: %s", want, e->n,
		    e->n ? e->line[0] : "");
	if (strstr(e->line[0], want) == NULL)
		fail_msg("want \"%s\" in \"%s\"", want, e->line[0]);
}

static void expect_none(const struct errs *e)
{
	if (e->n != 0)
		fail_msg("want no problem, got %d: %s", e->n, e->line[0]);
}

static void expect_defaults(const struct ixm_config *cfg)
{
	struct ixm_config d;

	cfg_defaults(&d);
	assert_memory_equal(cfg, &d, sizeof(d));
}

static void test_defaults(void **state)
{
	struct ixm_config c;

	(void)state;
	memset(&c, 0xa5, sizeof(c));
	cfg_defaults(&c);
	assert_int_equal(c.vlan_id, -1);
	assert_int_equal(c.n_lan_v4, 0);
	assert_int_equal(c.n_lan_v6, 0);
	assert_string_equal(c.members_file, "");
	assert_int_equal(c.n_allowed_ethertypes, 3);
	assert_int_equal(c.allowed_ethertypes[0], 0x0800);
	assert_int_equal(c.allowed_ethertypes[1], 0x0806);
	assert_int_equal(c.allowed_ethertypes[2], 0x86dd);
	assert_int_equal(c.allowed_ethertypes[3], 0);
	assert_int_equal(c.allow_lacp, 0);
	assert_int_equal(c.allow_mld, 0);
	assert_int_equal(c.allow_lldp, 0);
	assert_int_equal(c.macs_per_member, 0);
	assert_int_equal(c.scheme, CFG_SCHEME_NONE);
	assert_int_equal(c.scheme_suffix, 1);
	assert_int_equal(c.nd_per_minute_per_mac, 600);
	assert_int_equal(c.nd_per_minute_lan, 6000);
	assert_int_equal(c.mld_per_minute_per_mac, 60);
	assert_int_equal(c.mld_per_minute_lan, 600);
	assert_int_equal(c.arp_per_minute_per_mac, 600);
	assert_int_equal(c.arp_per_minute_lan, 4000);
	assert_int_equal(c.new_macs_per_minute, 100);
	assert_int_equal(c.went_dark_after, 3600);
	assert_int_equal(c.max_macs, 65536);
	assert_int_equal(c.max_nd, 65536);
	assert_int_equal(c.max_trackers, 65536);
	assert_int_equal(c.max_alerts, 4096);
}

static void test_empty_object(void **state)
{
	struct ixm_config c;
	struct errs e;

	(void)state;
	assert_int_equal(apply_text("{}", &c, &e), 0);
	expect_defaults(&c);
	assert_int_equal(apply_text("{\"lan\": {}, \"policy\": {}, "
				    "\"thresholds\": {}, \"limits\": {}}",
			     &c, &e),
	    0);
	expect_defaults(&c);
}

/*
 * A uint32 key at min-1, min, max, max+1.  Reads the value back through
 * cfg_to_json, which is itself table-driven: no offsets in the test.
 */
static void check_bounds(const char *section, const char *key, long long min,
    long long max)
{
	long long tries[4] = {min - 1, min, max, max + 1};
	char text[256], path[128];
	struct ixm_config c;
	struct errs e;
	json_t *j;
	int i;

	snprintf(path, sizeof(path), "%s.%s", section, key);
	for (i = 0; i < 4; i++) {
		snprintf(text, sizeof(text), "{\"%s\": {\"%s\": %lld}}",
		    section, key, tries[i]);
		apply_text(text, &c, &e);
		j = cfg_to_json(&c);
		assert_non_null(j);
		if (i == 0 || i == 3) {
			expect_one(&e, path);
			expect_one(&e, "out of bounds");
			expect_defaults(&c);
		} else {
			expect_none(&e);
			assert_int_equal(json_integer_value(json_object_get(
					     json_object_get(j, section), key)),
			    tries[i]);
		}
		json_decref(j);
	}
}

static void test_bounds(void **state)
{
	static const char *const thresholds[] = {"nd_per_minute_per_mac",
		"nd_per_minute_lan", "mld_per_minute_per_mac",
		"mld_per_minute_lan", "arp_per_minute_per_mac",
		"arp_per_minute_lan", "new_macs_per_minute", NULL};
	static const char *const limits[] = {"max_macs", "max_nd",
		"max_trackers", NULL};
	int i;

	(void)state;
	for (i = 0; thresholds[i] != NULL; i++)
		check_bounds("thresholds", thresholds[i], 1, 10000000);
	check_bounds("thresholds", "went_dark_after", 1, 2592000);
	for (i = 0; limits[i] != NULL; i++)
		check_bounds("limits", limits[i], 16, 16777216);
	check_bounds("limits", "max_alerts", 16, 1048576);
	check_bounds("policy", "macs_per_member", 0, 256);
	check_bounds("policy", "scheme_suffix", 0, 65535);
	check_bounds("lan", "vlan_id", -1, INT_MAX);
}

static void test_bound_messages(void **state)
{
	struct ixm_config c;
	struct errs e;

	(void)state;
	apply_text("{\"thresholds\": {\"nd_per_minute_per_mac\": \"600\"}}", &c,
	    &e);
	expect_one(&e, "thresholds.nd_per_minute_per_mac: want a whole number "
		       "from 1 to 10000000, got a string");
	apply_text("{\"thresholds\": {\"arp_per_minute_lan\": 0}}", &c, &e);
	expect_one(&e, "thresholds.arp_per_minute_lan: 0 is out of bounds: "
		       "want a whole number from 1 to 10000000");
	apply_text("{\"lan\": {\"vlan_id\": -2}}", &c, &e);
	expect_one(&e, "lan.vlan_id: -2 is out of bounds: want -1 (auto) or "
		       "a whole number from 0 to 2147483647");
	/* far outside 32 bits must not wrap into range */
	apply_text("{\"limits\": {\"max_macs\": 4294967312}}", &c, &e);
	expect_one(&e, "out of bounds");
	apply_text("{\"limits\": {\"max_macs\": -4294967280}}", &c, &e);
	expect_one(&e, "out of bounds");
	expect_defaults(&c);
}

static void test_wrong_types(void **state)
{
	static const struct {
		const char *text, *want;
	} t[] = {
		{"{\"thresholds\": {\"went_dark_after\": 3600.5}}",
		    "thresholds.went_dark_after: want a whole number from 1 "
		    "to 2592000, got a number with a fraction"},
		{"{\"thresholds\": {\"went_dark_after\": 3600.0}}",
		    "got a number with a fraction"},
		{"{\"thresholds\": {\"went_dark_after\": true}}", "got true"},
		{"{\"thresholds\": {\"went_dark_after\": null}}", "got null"},
		{"{\"thresholds\": {\"went_dark_after\": {}}}",
		    "got an object"},
		{"{\"thresholds\": {\"went_dark_after\": [1]}}", "got a list"},
		{"{\"lan\": {\"vlan_id\": \"auto\"}}",
		    "lan.vlan_id: want -1 (auto) or a whole number from 0 to "
		    "2147483647, got a string"},
		{"{\"policy\": {\"allow_mld\": 1}}",
		    "policy.allow_mld: want true or false, got a whole number"},
		{"{\"policy\": {\"allow_lacp\": \"true\"}}",
		    "policy.allow_lacp: want true or false, got a string"},
		{"{\"policy\": {\"allow_lldp\": null}}",
		    "policy.allow_lldp: want true or false, got null"},
		{"{\"policy\": {\"scheme\": \"ASN\"}}",
		    "policy.scheme: want one of \"none\", \"asn\", "
		    "\"ipv4-suffix\", got \"ASN\""},
		{"{\"policy\": {\"scheme\": 1}}",
		    "policy.scheme: want one of \"none\", \"asn\", "
		    "\"ipv4-suffix\", got a whole number"},
		{"{\"lan\": {\"members_file\": 5}}",
		    "lan.members_file: want a file path (a string), got a "
		    "whole number"},
		{"{\"lan\": {\"members_file\": \"a\\u0000b\"}}",
		    "lan.members_file: the path contains a NUL character"},
		{"{\"policy\": {\"allowed_ethertypes\": \"0x0800\"}}",
		    "policy.allowed_ethertypes: want a list, got a string"},
		{"{\"lan\": {\"ipv4_prefixes\": \"192.0.2.0/24\"}}",
		    "lan.ipv4_prefixes: want a list, got a string"},
		{"{\"lan\": {\"ipv6_prefixes\": {}}}",
		    "lan.ipv6_prefixes: want a list, got an object"},
	};
	struct ixm_config c;
	struct errs e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		apply_text(t[i].text, &c, &e);
		expect_one(&e, t[i].want);
		expect_defaults(&c); /* the bad key kept its value */
	}
}

static void test_valid_scalars(void **state)
{
	struct ixm_config c;
	struct errs e;

	(void)state;
	apply_text("{\"lan\": {\"vlan_id\": 7, \"members_file\": "
		   "\"/var/lib/ixmon/ixf.json\"}, \"policy\": {\"allow_lacp\": "
		   "true, \"allow_mld\": true, \"allow_lldp\": true, "
		   "\"scheme\": \"ipv4-suffix\", \"scheme_suffix\": 2}}",
	    &c, &e);
	expect_none(&e);
	assert_int_equal(c.vlan_id, 7);
	assert_string_equal(c.members_file, "/var/lib/ixmon/ixf.json");
	assert_int_equal(c.allow_lacp, 1);
	assert_int_equal(c.allow_mld, 1);
	assert_int_equal(c.allow_lldp, 1);
	assert_int_equal(c.scheme, CFG_SCHEME_IPV4_SUFFIX);
	assert_int_equal(c.scheme_suffix, 2);
	apply_text("{\"policy\": {\"scheme\": \"asn\", \"allow_mld\": false}}",
	    &c, &e);
	expect_none(&e);
	assert_int_equal(c.scheme, CFG_SCHEME_ASN);
	assert_int_equal(c.allow_mld, 0);
	apply_text("{\"policy\": {\"scheme\": \"none\"}}", &c, &e);
	expect_none(&e);
	assert_int_equal(c.scheme, CFG_SCHEME_NONE);
	/* "" is "no members file" and is valid */
	apply_text("{\"lan\": {\"members_file\": \"\"}}", &c, &e);
	expect_none(&e);
	assert_string_equal(c.members_file, "");
}

static void test_path_length(void **state)
{
	char path[CFG_PATH_LEN + 1], text[CFG_PATH_LEN + 64];
	struct ixm_config c;
	struct errs e;

	(void)state;
	memset(path, 'a', sizeof(path));
	path[CFG_PATH_LEN - 1] = '\0'; /* 511 bytes: fits */
	snprintf(text, sizeof(text), "{\"lan\": {\"members_file\": \"%s\"}}",
	    path);
	apply_text(text, &c, &e);
	expect_none(&e);
	assert_int_equal(strlen(c.members_file), CFG_PATH_LEN - 1);
	path[CFG_PATH_LEN - 1] = 'a';
	path[CFG_PATH_LEN] = '\0'; /* 512 bytes: one too many */
	snprintf(text, sizeof(text), "{\"lan\": {\"members_file\": \"%s\"}}",
	    path);
	apply_text(text, &c, &e);
	expect_one(&e, "lan.members_file: the path is 512 bytes long, at most "
		       "511 are allowed");
	expect_defaults(&c);
}

static void test_ethertypes(void **state)
{
	char text[1024];
	size_t off;
	struct ixm_config c;
	struct errs e;
	int i;

	(void)state;
	apply_text("{\"policy\": {\"allowed_ethertypes\": [\"0x0800\", "
		   "\"0X86DD\", 2054, \"0x600\", \"0xffff\", 34825]}}",
	    &c, &e);
	expect_none(&e);
	assert_int_equal(c.n_allowed_ethertypes, 6);
	assert_int_equal(c.allowed_ethertypes[0], 0x0800);
	assert_int_equal(c.allowed_ethertypes[1], 0x86dd);
	assert_int_equal(c.allowed_ethertypes[2], 0x0806);
	assert_int_equal(c.allowed_ethertypes[3], 0x0600);
	assert_int_equal(c.allowed_ethertypes[4], 0xffff);
	assert_int_equal(c.allowed_ethertypes[5], 0x8809);

	/* the list replaces the default, it is not merged */
	apply_text("{\"policy\": {\"allowed_ethertypes\": [\"0x86dd\"]}}", &c,
	    &e);
	expect_none(&e);
	assert_int_equal(c.n_allowed_ethertypes, 1);
	assert_int_equal(c.allowed_ethertypes[0], 0x86dd);
	assert_int_equal(c.allowed_ethertypes[1], 0);
	apply_text("{\"policy\": {\"allowed_ethertypes\": []}}", &c, &e);
	expect_none(&e);
	assert_int_equal(c.n_allowed_ethertypes, 0);

	/* bad entries are skipped with their index, good ones kept */
	apply_text("{\"policy\": {\"allowed_ethertypes\": [\"86dd\", "
		   "\"0x0800\", \"0x\", \"0x12345\", \"0xzz00\", 1535, 65536, "
		   "-1, true, \"0x0800\", \"0x05ff\", \"0x0806 \"]}}",
	    &c, &e);
	assert_int_equal(e.n, 11);
	assert_string_equal(e.line[0],
	    "policy.allowed_ethertypes[0]: want a hex string such as "
	    "\"0x86dd\", got \"86dd\"");
	assert_non_null(strstr(e.line[2], "allowed_ethertypes[3]: want a hex"));
	assert_non_null(strstr(e.line[4], "allowed_ethertypes[5]: 1535 is not "
					  "an ethertype: want 0x0600 to 0xffff"));
	assert_non_null(strstr(e.line[5], "allowed_ethertypes[6]: 65536 is not"));
	assert_non_null(strstr(e.line[6], "allowed_ethertypes[7]: -1 is not"));
	assert_string_equal(e.line[7],
	    "policy.allowed_ethertypes[8]: want an ethertype such as "
	    "\"0x86dd\" or a number, got true");
	assert_string_equal(e.line[8],
	    "policy.allowed_ethertypes[9]: 0x0800 is listed twice");
	assert_non_null(strstr(e.line[9], "allowed_ethertypes[10]: 1535 is"));
	assert_non_null(strstr(e.line[10], "allowed_ethertypes[11]: want a hex"));
	assert_int_equal(c.n_allowed_ethertypes, 1);
	assert_int_equal(c.allowed_ethertypes[0], 0x0800);

	/* CFG_MAX_ETHERTYPES fit; one more is reported, the first kept */
	for (i = 32; i <= 33; i++) {
		int j;

		off = (size_t)snprintf(text, sizeof(text),
		    "{\"policy\": {\"allowed_ethertypes\": [");
		for (j = 0; j < i; j++)
			off += (size_t)snprintf(text + off, sizeof(text) - off,
			    "%s%d", j ? ", " : "", 0x0800 + j);
		snprintf(text + off, sizeof(text) - off, "]}}");
		apply_text(text, &c, &e);
		if (i == CFG_MAX_ETHERTYPES) {
			expect_none(&e);
		} else {
			expect_one(&e, "policy.allowed_ethertypes: 33 entries, "
				       "at most 32 are allowed; the first 32 "
				       "are used");
		}
		assert_int_equal(c.n_allowed_ethertypes, CFG_MAX_ETHERTYPES);
		assert_int_equal(c.allowed_ethertypes[31], 0x0800 + 31);
	}
}

static void test_prefixes(void **state)
{
	struct ixm_config c;
	struct errs e;
	static const uint8_t v6[16] = {0x20, 0x01, 0x07, 0xf8, 0x00, 0x01};

	(void)state;
	apply_text("{\"lan\": {\"ipv4_prefixes\": [\"80.249.208.0/21\", "
		   "\"193.105.100.0/23\", \"0.0.0.0/0\", \"192.0.2.1/32\"], "
		   "\"ipv6_prefixes\": [\"2001:7f8:1::/64\", \"::/0\", "
		   "\"2001:db8::1/128\"]}}",
	    &c, &e);
	expect_none(&e);
	assert_int_equal(c.n_lan_v4, 4);
	assert_int_equal(c.lan_v4[0].len, 21);
	assert_memory_equal(c.lan_v4[0].addr, "\x50\xf9\xd0\x00", 4);
	assert_int_equal(c.lan_v4[1].len, 23);
	assert_int_equal(c.lan_v4[2].len, 0);
	assert_int_equal(c.lan_v4[3].len, 32);
	assert_int_equal(c.n_lan_v6, 3);
	assert_int_equal(c.lan_v6[0].len, 64);
	assert_memory_equal(c.lan_v6[0].addr, v6, 16);
	assert_int_equal(c.lan_v6[2].len, 128);

	apply_text("{\"lan\": {\"ipv4_prefixes\": [\"192.0.2.0\", "
		   "\"192.0.2.0/33\", \"192.0.2.1/24\", \"2001:db8::/32\", "
		   "\"192.0.2.0/\", \"192.0.2.0/24x\", \"192.0.2.0/-1\", "
		   "24, \"192.0.2.0/24\"]}}",
	    &c, &e);
	assert_int_equal(e.n, 8);
	assert_string_equal(e.line[0], "lan.ipv4_prefixes[0]: bad IPv4 prefix "
				       "\"192.0.2.0\": no /length");
	assert_string_equal(e.line[1], "lan.ipv4_prefixes[1]: bad IPv4 prefix "
				       "\"192.0.2.0/33\": the length is not a "
				       "number from 0 to 32");
	assert_string_equal(e.line[2], "lan.ipv4_prefixes[2]: bad IPv4 prefix "
				       "\"192.0.2.1/24\": host bits are set; "
				       "did you mean 192.0.2.0/24?");
	assert_string_equal(e.line[3], "lan.ipv4_prefixes[3]: bad IPv4 prefix "
				       "\"2001:db8::/32\": not an IPv4 address");
	assert_non_null(strstr(e.line[4], "[4]: bad IPv4 prefix"));
	assert_non_null(strstr(e.line[5], "[5]: bad IPv4 prefix"));
	assert_non_null(strstr(e.line[6], "[6]: bad IPv4 prefix"));
	assert_string_equal(e.line[7], "lan.ipv4_prefixes[7]: want an IPv4 "
				       "prefix such as \"192.0.2.0/24\", got a "
				       "whole number");
	assert_int_equal(c.n_lan_v4, 1);
	assert_int_equal(c.lan_v4[0].len, 24);

	apply_text("{\"lan\": {\"ipv6_prefixes\": [\"2001:7f8:1::/129\", "
		   "\"2001:7f8:1::1/64\", \"192.0.2.0/24\", \"2001:7f8:1::/64\", "
		   "\"2001:7f8:1:0::/64\"]}}",
	    &c, &e);
	assert_int_equal(e.n, 4);
	assert_non_null(strstr(e.line[0], "number from 0 to 128"));
	assert_non_null(strstr(e.line[1], "host bits are set; did you mean "
					  "2001:7f8:1::/64?"));
	assert_non_null(strstr(e.line[2], "not an IPv6 address"));
	assert_string_equal(e.line[3], "lan.ipv6_prefixes[4]: 2001:7f8:1::/64 "
				       "is listed twice");
	assert_int_equal(c.n_lan_v6, 1);

	/* host bits inside the last partial byte */
	apply_text("{\"lan\": {\"ipv4_prefixes\": [\"192.0.2.128/25\", "
		   "\"192.0.2.64/25\"]}}",
	    &c, &e);
	expect_one(&e, "lan.ipv4_prefixes[1]: bad IPv4 prefix "
		       "\"192.0.2.64/25\": host bits are set; did you mean "
		       "192.0.2.0/25?");

	/* CFG_MAX_PREFIXES fit, a fifth is reported */
	apply_text("{\"lan\": {\"ipv4_prefixes\": [\"10.0.0.0/8\", "
		   "\"10.1.0.0/16\", \"10.2.0.0/16\", \"10.3.0.0/16\", "
		   "\"10.4.0.0/16\"]}}",
	    &c, &e);
	expect_one(&e, "lan.ipv4_prefixes: 5 entries, at most 4 are allowed");
	assert_int_equal(c.n_lan_v4, CFG_MAX_PREFIXES);
}

static void test_unknown_keys(void **state)
{
	static const struct {
		const char *text, *want;
	} t[] = {
		{"{\"policy\": {\"alow_mld\": true}}",
		    "policy.alow_mld: unknown key; did you mean "
		    "policy.allow_mld?"},
		{"{\"thresholds\": {\"nd_per_min_per_mac\": 5}}",
		    "thresholds.nd_per_min_per_mac: unknown key; did you mean "
		    "thresholds.nd_per_minute_per_mac?"},
		{"{\"policy\": {\"max_macs\": 5}}",
		    "policy.max_macs: unknown key; did you mean "
		    "limits.max_macs?"},
		{"{\"lan\": {\"frobnicate\": 1}}", "lan.frobnicate: unknown key"},
		{"{\"polcy\": {\"allow_mld\": true}}",
		    "polcy: unknown section; did you mean policy?"},
		{"{\"threshold\": {}}",
		    "threshold: unknown section; did you mean thresholds?"},
		{"{\"allow_mld\": true}",
		    "allow_mld: unknown section; did you mean policy.allow_mld?"},
		{"{\"policy.allow_mld\": true}",
		    "policy.allow_mld: unknown section; dotted paths are "
		    "written nested: {\"policy\": {\"allow_mld\": ...}}"},
		{"{\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
		 "zzzzzzzzzzzzzzzzzzzzzzzzzz\": 1}",
		    "zzzzzzzzzzzz"},
		{"{\"policy\": []}",
		    "policy: want an object of policy keys, got a list"},
		{"{\"lan\": 3}", "lan: want an object of lan keys, got a whole "
				 "number"},
		{"{\"limits\": null}", "limits: want an object of limits keys, "
				       "got null"},
	};
	struct ixm_config c;
	struct errs e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		apply_text(t[i].text, &c, &e);
		expect_one(&e, t[i].want);
		if (strstr(t[i].want, "did you mean") == NULL &&
		    strstr(t[i].want, "unknown") != NULL)
			assert_null(strstr(e.line[0], "did you mean"));
		expect_defaults(&c);
	}
	/* a wrong-section key is not applied in either section */
	apply_text("{\"policy\": {\"max_macs\": 5}}", &c, &e);
	assert_int_equal(c.max_macs, 65536);
}

static void test_comments(void **state)
{
	struct ixm_config c;
	struct errs e;

	(void)state;
	apply_text("{\"_comment\": \"top\", \"_\": [1], \"policy\": "
		   "{\"_comment\": {\"x\": 1}, \"allow_mld\": true}}",
	    &c, &e);
	expect_none(&e);
	assert_int_equal(c.allow_mld, 1);
}

/*
 * Several mistakes in one file: every one reported, in file order, and
 * every good key still applied.
 */
static void test_several_errors(void **state)
{
	static const char *const want[] = {
		"lan.vlan_id: want -1 (auto) or a whole number from 0 to "
		"2147483647, got a string",
		"lan.ipv4_prefixes[1]: bad IPv4 prefix \"185.1.36.1/22\": host "
		"bits are set; did you mean 185.1.36.0/22?",
		"lan.ipv4_prefixes[2]: bad IPv4 prefix \"2001:7f8:1::/64\": not "
		"an IPv4 address",
		"policy.alow_mld: unknown key; did you mean policy.allow_mld?",
		"policy.allow_lldp: want true or false, got a string",
		"policy.allowed_ethertypes[3]: want a hex string such as "
		"\"0x86dd\", got \"0x8100x\"",
		"policy.allowed_ethertypes[4]: 1500 is not an ethertype: want "
		"0x0600 to 0xffff (below are 802.3 lengths)",
		"policy.scheme: want one of \"none\", \"asn\", \"ipv4-suffix\", "
		"got \"ASN\"",
		"thresholds.nd_per_minute_per_mac: want a whole number from 1 "
		"to 10000000, got a string",
		"thresholds.arp_per_minute_lan: 0 is out of bounds: want a "
		"whole number from 1 to 10000000",
		"thresholds.max_macs: unknown key; did you mean "
		"limits.max_macs?",
		"limits: want an object of limits keys, got a list",
		"treshold: unknown section; did you mean thresholds?",
	};
	char path[512];
	struct ixm_config c;
	struct errs e;
	size_t i;

	(void)state;
	fixture(path, sizeof(path), "several-errors.json");
	memset(&e, 0, sizeof(e));
	cfg_defaults(&c);
	assert_int_equal(cfg_load_file(path, &c, collect, &e),
	    (int)(sizeof(want) / sizeof(want[0])));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(e.line[i], want[i]);
	/* the good keys */
	assert_int_equal(c.n_lan_v4, 1);
	assert_int_equal(c.lan_v4[0].len, 22);
	assert_int_equal(c.n_lan_v6, 1);
	assert_int_equal(c.n_allowed_ethertypes, 3);
	assert_int_equal(c.macs_per_member, 2);
	assert_int_equal(c.new_macs_per_minute, 20);
	/* the bad ones kept their defaults */
	assert_int_equal(c.vlan_id, -1);
	assert_int_equal(c.allow_mld, 0);
	assert_int_equal(c.allow_lldp, 0);
	assert_int_equal(c.scheme, CFG_SCHEME_NONE);
	assert_int_equal(c.nd_per_minute_per_mac, 600);
	assert_int_equal(c.arp_per_minute_lan, 4000);
	assert_int_equal(c.max_macs, 65536);
}

/* The file loads on top of what `c` holds and leaves it alone on -1. */
static void expect_refused(const char *name, const char *want)
{
	struct ixm_config c, before;
	char path[512];
	struct errs e;

	fixture(path, sizeof(path), name);
	memset(&e, 0, sizeof(e));
	cfg_defaults(&c);
	c.max_alerts = 77; /* not a default: must survive */
	before = c;
	assert_int_equal(cfg_load_file(path, &c, collect, &e), -1);
	assert_int_equal(e.n, 1);
	assert_memory_equal(&c, &before, sizeof(c));
	if (strncmp(e.line[0], path, strlen(path)) != 0 ||
	    strstr(e.line[0], want) == NULL)
		fail_msg("want \"%s: ...%s...\", got \"%s\"", path, want,
		    e.line[0]);
}

static void test_refused_files(void **state)
{
	(void)state;
	expect_refused("not-json.json", ": line 4, column 3: ");
	expect_refused("top-array.json", ": want a JSON object at the top, got "
					 "a list");
	expect_refused("duplicate-key.json", "duplicate object key");
	expect_refused("does-not-exist.json", "unable to open");
}

static void test_apply_not_object(void **state)
{
	struct ixm_config c, before;
	struct errs e;
	json_t *j = json_array();

	(void)state;
	memset(&e, 0, sizeof(e));
	cfg_defaults(&c);
	before = c;
	assert_int_equal(cfg_apply_json(j, &c, collect, &e), -1);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.line[0], "(top level): want a JSON object, got "
				       "a list");
	assert_int_equal(cfg_apply_json(NULL, &c, NULL, NULL), -1);
	assert_memory_equal(&c, &before, sizeof(c));
	json_decref(j);
}

static void test_null_callback(void **state)
{
	struct ixm_config c;
	char path[512];
	json_t *j = json_loads("{\"polcy\": 1, \"policy\": {\"scheme\": 3}}",
	    0, NULL);

	(void)state;
	cfg_defaults(&c);
	assert_int_equal(cfg_apply_json(j, &c, NULL, NULL), 2);
	json_decref(j);
	fixture(path, sizeof(path), "several-errors.json");
	assert_int_equal(cfg_load_file(path, &c, NULL, NULL), 13);
}

/* cfg_to_json -> file -> cfg_load_file onto defaults gives the same bytes. */
static void round_trip(const struct ixm_config *in)
{
	char tmp[] = "/tmp/test_config.XXXXXX";
	struct ixm_config out;
	struct errs e;
	json_t *j;
	int fd;

	j = cfg_to_json(in);
	assert_non_null(j);
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(json_dump_file(j, tmp, JSON_INDENT(2)), 0);
	json_decref(j);
	memset(&e, 0, sizeof(e));
	cfg_defaults(&out);
	assert_int_equal(cfg_load_file(tmp, &out, collect, &e), 0);
	unlink(tmp);
	assert_memory_equal(in, &out, sizeof(out));
}

static void test_round_trip(void **state)
{
	struct ixm_config c;
	struct errs e;
	char path[512];

	(void)state;
	cfg_defaults(&c);
	round_trip(&c);

	fixture(path, sizeof(path), "example.json");
	memset(&e, 0, sizeof(e));
	cfg_defaults(&c);
	assert_int_equal(cfg_load_file(path, &c, collect, &e), 0);
	round_trip(&c);

	/* every key away from its default, lists full */
	apply_text("{\"lan\": {\"vlan_id\": 2147483647, \"ipv4_prefixes\": "
		   "[\"0.0.0.0/0\", \"10.0.0.0/8\", \"192.0.2.0/24\", "
		   "\"198.51.100.7/32\"], \"ipv6_prefixes\": [\"::/0\", "
		   "\"2001:db8::/32\", \"2001:7f8:1::/64\", \"fe80::1/128\"], "
		   "\"members_file\": \"m \\\"q\\\" \\u00e9.json\"}, "
		   "\"policy\": {\"allowed_ethertypes\": [1536, 65535, "
		   "\"0x8809\"], \"allow_lacp\": true, \"allow_mld\": true, "
		   "\"allow_lldp\": true, \"macs_per_member\": 256, \"scheme\": "
		   "\"ipv4-suffix\", \"scheme_suffix\": 65535}, \"thresholds\": "
		   "{\"nd_per_minute_per_mac\": 1, \"nd_per_minute_lan\": 2, "
		   "\"mld_per_minute_per_mac\": 3, \"mld_per_minute_lan\": 4, "
		   "\"arp_per_minute_per_mac\": 5, \"arp_per_minute_lan\": 6, "
		   "\"new_macs_per_minute\": 10000000, \"went_dark_after\": "
		   "60}, \"limits\": {\"max_macs\": 16, \"max_nd\": 17, "
		   "\"max_trackers\": 16777216, \"max_alerts\": 1048576}}",
	    &c, &e);
	expect_none(&e);
	round_trip(&c);

	apply_text("{\"policy\": {\"allowed_ethertypes\": []}, \"lan\": "
		   "{\"vlan_id\": 0}}",
	    &c, &e);
	expect_none(&e);
	round_trip(&c);
}

/* Compare (or with IXMON_REGEN=1 rewrite) a golden file. */
static void golden(const char *name, const char *got)
{
	char path[512], *want;
	FILE *f;
	long len;
	int same;

	fixture(path, sizeof(path), name);
	if (getenv("IXMON_REGEN") != NULL) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		return;
	}
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("%s: missing golden (IXMON_REGEN=1 writes it)", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	want = calloc(1, (size_t)len + 1);
	assert_non_null(want);
	assert_int_equal(fread(want, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	same = strcmp(want, got) == 0;
	free(want);
	if (!same)
		fail_msg("%s differs from the output:\n%s", path, got);
}

/* check-config's output for the example and for the defaults. */
static void test_goldens(void **state)
{
	struct ixm_config c;
	struct errs e;
	char path[512], *s;
	size_t n;
	json_t *j;

	(void)state;
	cfg_defaults(&c);
	j = cfg_to_json(&c);
	s = json_dumps(j, JSON_INDENT(2));
	n = strlen(s);
	s = realloc(s, n + 2);
	strcpy(s + n, "\n");
	golden("defaults.golden.json", s);
	free(s);
	json_decref(j);

	fixture(path, sizeof(path), "example.json");
	memset(&e, 0, sizeof(e));
	assert_int_equal(cfg_load_file(path, &c, collect, &e), 0);
	j = cfg_to_json(&c);
	s = json_dumps(j, JSON_INDENT(2));
	n = strlen(s);
	s = realloc(s, n + 2);
	strcpy(s + n, "\n");
	golden("example.golden.json", s);
	free(s);
	json_decref(j);
}

/* The example sets every key of the table (it documents them all). */
static void test_example_complete(void **state)
{
	struct ixm_config c;
	json_t *all, *ex, *sec, *v;
	const char *sname, *kname;
	char path[512];

	(void)state;
	cfg_defaults(&c);
	all = cfg_to_json(&c);
	fixture(path, sizeof(path), "example.json");
	ex = json_load_file(path, 0, NULL);
	assert_non_null(ex);
	json_object_foreach(all, sname, sec) {
		json_object_foreach(sec, kname, v) {
			if (json_object_get(json_object_get(ex, sname),
				kname) == NULL)
				fail_msg("example.json lacks %s.%s", sname,
				    kname);
		}
	}
	json_decref(all);
	json_decref(ex);
}

static char *reference_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cfg_print_reference(f);
	fclose(f);
	return buf;
}

/* One row per key, and docs/config.md carries the current table. */
static void test_reference(void **state)
{
	char *ref = reference_text(), *doc, *p, path[512];
	struct ixm_config c;
	json_t *j, *sec, *v;
	const char *sname, *kname, *docdir = getenv("IXMON_DOCS_DIR");
	int rows = 0, keys = 0, in_sync;
	FILE *f;
	long len;

	(void)state;
	for (p = ref; (p = strstr(p, "\n| `")) != NULL; p++)
		rows++;
	cfg_defaults(&c);
	j = cfg_to_json(&c);
	json_object_foreach(j, sname, sec) {
		json_object_foreach(sec, kname, v) {
			char cell[128];

			snprintf(cell, sizeof(cell), "| `%s.%s` |", sname,
			    kname);
			if (strstr(ref, cell) == NULL)
				fail_msg("reference lacks %s", cell);
			keys++;
		}
	}
	json_decref(j);
	assert_int_equal(rows, keys);
	assert_non_null(strstr(ref, "| `thresholds.arp_per_minute_lan` | "
				    "integer | `4000` | 1 to 10000000 |"));
	assert_non_null(strstr(ref, "| `policy.allowed_ethertypes` | list of "
				    "ethertypes | `[\"0x0800\",\"0x0806\","
				    "\"0x86dd\"]` |"));

	snprintf(path, sizeof(path), "%s/config.md", docdir ? docdir : "docs");
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("%s: cannot open", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	doc = calloc(1, (size_t)len + 1);
	assert_non_null(doc);
	assert_int_equal(fread(doc, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	in_sync = strstr(doc, ref) != NULL;
	free(doc);
	free(ref);
	if (!in_sync)
		fail_msg("%s is out of date: paste the output of "
			 "`test_config --reference` into it",
		    path);
}

static void test_helpers(void **state)
{
	struct ixm_config c;

	(void)state;
	assert_string_equal(cfg_scheme_name(CFG_SCHEME_NONE), "none");
	assert_string_equal(cfg_scheme_name(CFG_SCHEME_ASN), "asn");
	assert_string_equal(cfg_scheme_name(CFG_SCHEME_IPV4_SUFFIX),
	    "ipv4-suffix");
	assert_string_equal(cfg_scheme_name((enum cfg_scheme)42), "?");
	cfg_defaults(&c);
	assert_true(cfg_ethertype_allowed(&c, 0x0800));
	assert_true(cfg_ethertype_allowed(&c, 0x0806));
	assert_true(cfg_ethertype_allowed(&c, 0x86dd));
	assert_false(cfg_ethertype_allowed(&c, 0x8809));
	assert_false(cfg_ethertype_allowed(&c, 0x88cc));
	assert_false(cfg_ethertype_allowed(&c, 0x8100));
	c.allow_lacp = 1;
	c.allow_lldp = 1;
	assert_true(cfg_ethertype_allowed(&c, 0x8809));
	assert_true(cfg_ethertype_allowed(&c, 0x88cc));
	c.n_allowed_ethertypes = 0;
	assert_false(cfg_ethertype_allowed(&c, 0x0800));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_empty_object),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_bound_messages),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_valid_scalars),
		cmocka_unit_test(test_path_length),
		cmocka_unit_test(test_ethertypes),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_refused_files),
		cmocka_unit_test(test_apply_not_object),
		cmocka_unit_test(test_null_callback),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_goldens),
		cmocka_unit_test(test_example_complete),
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_helpers),
	};

	if (argc == 2 && strcmp(argv[1], "--reference") == 0) {
		cfg_print_reference(stdout);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
