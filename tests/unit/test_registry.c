/*
 * test_registry.c - the member registry (members/registry.h) against small
 * IX-F exports in tests/registry/ and a few generated here.
 *
 * Each fixture isolates one concern: VLAN choice and connection merging
 * (two-vlans-1.0), the pre-0.7 `mac_address` forms (v06-mac-address),
 * members claiming the same MAC or address (duplicates), every per-entry
 * problem the loader warns about (malformed), files that are not usable at
 * all (not-json, empty-object), and an export without VLANs (no-vlans).
 * Warnings are checked by count and by `where` naming the right member,
 * since operators find the faulty line of the export from it.  Tests run
 * from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "members/registry.h"

#define FIX "tests/registry/"
#define EXAMPLE "tests/registry/example-1.0.json"

#define WLOG_MAX 64

struct wlog {
	int n;
	char where[WLOG_MAX][320];
	char what[WLOG_MAX][640];
};

static void collect(void *ctx, const char *where, const char *what)
{
	struct wlog *w = ctx;

	if (w->n < WLOG_MAX) {
		snprintf(w->where[w->n], sizeof(w->where[0]), "%s", where);
		snprintf(w->what[w->n], sizeof(w->what[0]), "%s", what);
	}
	w->n++;
}

/* How many warnings have `where` containing wsub and `what` containing
 * tsub (NULL matches anything). */
static int count_warn(const struct wlog *w, const char *wsub, const char *tsub)
{
	int i, n = 0;

	for (i = 0; i < w->n && i < WLOG_MAX; i++)
		if ((wsub == NULL || strstr(w->where[i], wsub) != NULL) &&
		    (tsub == NULL || strstr(w->what[i], tsub) != NULL))
			n++;
	return n;
}

static void dump_warn(const struct wlog *w)
{
	int i;

	for (i = 0; i < w->n && i < WLOG_MAX; i++)
		print_message("  warn: %s: %s\n", w->where[i], w->what[i]);
}

static struct reg_opts auto_opts(void)
{
	struct reg_opts o;

	memset(&o, 0, sizeof(o));
	o.vlan_id = -1;
	return o;
}

static struct registry *load(const char *path, const struct reg_opts *o,
    struct wlog *w)
{
	char err[256];
	struct registry *r;

	memset(w, 0, sizeof(*w));
	r = reg_load(path, o, collect, w, err, sizeof(err));
	if (r == NULL)
		print_message("reg_load(%s): %s\n", path, err);
	assert_non_null(r);
	/* every warning went through the callback, and the MAC-less note */
	assert_int_equal(reg_warnings(r) + (reg_without_macs(r) > 0), (size_t)w->n);
	return r;
}

static void mac(const char *s, uint8_t out[6])
{
	assert_int_equal(addr_mac_parse(s, strlen(s), out), 0);
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

static const struct reg_member *by_mac_str(const struct registry *r,
    const char *s)
{
	uint8_t m[6];

	mac(s, m);
	return reg_by_mac(r, m);
}

static uint32_t asn_of(const struct reg_member *m)
{
	return m ? m->asnum : 0;
}

/* ---- loading -------------------------------------------------------- */

static void test_two_vlans_auto(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r = load(FIX "two-vlans-1.0.json", &o, &w);
	const struct reg_member *m;
	json_t *d;

	(void)state;
	if (w.n != 0)
		dump_warn(&w);
	assert_int_equal(w.n, 0);
	/* VLAN 10 has four members, VLAN 20 three: 10 wins. */
	assert_int_equal(reg_count(r), 4);
	assert_int_equal(reg_lan_v4(r)->len, 24);
	assert_memory_equal(reg_lan_v4(r)->addr, v4("192.0.2.0"), 4);
	assert_int_equal(reg_lan_v6(r)->len, 64);

	/* Two connections, merged into one member. */
	m = reg_by_asn(r, 64500);
	assert_non_null(m);
	assert_string_equal(m->name, "Alpha Net");
	assert_int_equal(m->n_v4, 2);
	assert_int_equal(m->n_v6, 2);
	assert_int_equal(m->n_macs, 2);
	assert_int_equal(m->n_macs_v4, 2);
	assert_int_equal(m->n_macs_v6, 2);
	assert_ptr_equal(reg_by_v4(r, v4("192.0.2.11")), m);
	assert_ptr_equal(reg_by_v6(r, v6("2001:db8:1::b")), m);
	assert_ptr_equal(by_mac_str(r, "00:00:5e:00:53:02"), m);
	assert_ptr_equal(reg_member_at(r, 0), m);
	assert_int_equal(reg_member_index(r, m), 0);
	assert_int_equal(reg_member_index(r, reg_member_at(r, 3)), 3);
	assert_int_equal(reg_member_index(r, NULL), SIZE_MAX);
	{
		struct reg_member copy = *m;

		assert_int_equal(reg_member_index(r, &copy), SIZE_MAX);
		assert_int_equal(reg_member_index(NULL, m), SIZE_MAX);
	}

	/* Only its VLAN 10 entry counts. */
	m = reg_by_asn(r, 64501);
	assert_non_null(m);
	assert_int_equal(m->n_v4, 1);
	assert_int_equal(m->n_v6, 0);
	assert_int_equal(m->n_macs, 1);
	assert_int_equal(m->n_macs_v4, 1);
	assert_int_equal(m->n_macs_v6, 0);
	assert_null(reg_by_v4(r, v4("198.51.100.20")));
	assert_null(by_mac_str(r, "02:00:00:00:00:21"));

	/* MACs on the vlan_list entry serve both families. */
	m = reg_by_asn(r, 64503);
	assert_non_null(m);
	assert_int_equal(m->n_macs, 2);
	assert_int_equal(m->n_macs_v4, 2);
	assert_int_equal(m->n_macs_v6, 2);
	assert_ptr_equal(by_mac_str(r, "02:00:00:00:00:41"), m);

	/* 4-byte ASN. */
	m = reg_by_asn(r, 4200000001u);
	assert_non_null(m);
	assert_int_equal(m->asnum, 4200000001u);
	assert_int_equal(m->n_v4, 0);
	assert_int_equal(m->n_macs_v4, 0);
	assert_int_equal(m->n_macs_v6, 1);
	assert_ptr_equal(reg_by_v6(r, v6("2001:db8:1::4200:0:1")), m);

	/* Members of VLAN 20 only are not there; misses are NULL. */
	assert_null(reg_by_asn(r, 64502));
	assert_null(reg_by_asn(r, 64504));
	assert_null(reg_by_asn(r, 0));
	assert_null(reg_by_v4(r, v4("192.0.2.99")));
	assert_null(reg_by_v6(r, v6("2001:db8:1::99")));
	assert_null(by_mac_str(r, "02:00:00:00:00:99"));
	assert_null(reg_member_at(r, 4));

	d = reg_describe(r);
	assert_non_null(d);
	assert_string_equal(json_string_value(json_object_get(d, "ixp")),
	    "TEST-IX");
	assert_string_equal(json_string_value(json_object_get(d, "version")),
	    "1.0");
	assert_string_equal(json_string_value(json_object_get(d, "file")),
	    FIX "two-vlans-1.0.json");
	assert_int_equal(json_integer_value(json_object_get(d, "members")), 4);
	assert_int_equal(json_integer_value(json_object_get(d, "warnings")), 0);
	{
		json_t *v = json_object_get(d, "vlan");

		assert_int_equal(json_integer_value(json_object_get(v, "id")),
		    10);
		assert_string_equal(json_string_value(json_object_get(v,
		    "name")), "ISP");
		assert_string_equal(json_string_value(json_object_get(v,
		    "ipv4_prefix")), "192.0.2.0/24");
		assert_string_equal(json_string_value(json_object_get(v,
		    "ipv6_prefix")), "2001:db8:1::/64");
	}
	json_decref(d);
	reg_free(r);
}

static void test_two_vlans_by_id(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r;
	const struct reg_member *m;

	(void)state;
	o.vlan_id = 20;
	r = load(FIX "two-vlans-1.0.json", &o, &w);
	assert_int_equal(w.n, 0);
	assert_int_equal(reg_count(r), 3);
	assert_memory_equal(reg_lan_v4(r)->addr, v4("198.51.100.0"), 4);
	m = reg_by_asn(r, 64501);
	assert_non_null(m);
	assert_int_equal(m->n_v4, 1);
	assert_int_equal(m->n_v6, 1);
	assert_int_equal(m->n_macs_v6, 1);
	assert_ptr_equal(by_mac_str(r, "02:00:00:00:00:21"), m);
	assert_null(by_mac_str(r, "02:00:00:00:00:20"));
	assert_int_equal(asn_of(reg_by_v4(r, v4("198.51.100.30"))), 64502);
	assert_int_equal(asn_of(reg_by_v4(r, v4("198.51.100.40"))), 64504);
	assert_null(reg_by_asn(r, 64500));
	reg_free(r);

	/* An id the export does not have: warn, then choose automatically. */
	o.vlan_id = 99;
	r = load(FIX "two-vlans-1.0.json", &o, &w);
	assert_int_equal(w.n, 1);
	assert_int_equal(count_warn(&w, "ixp_list", "99"), 1);
	assert_int_equal(reg_count(r), 4);
	assert_non_null(reg_by_asn(r, 64500));
	reg_free(r);

	/* NULL opts: automatic. */
	r = load(FIX "two-vlans-1.0.json", NULL, &w);
	assert_int_equal(w.n, 0);
	assert_int_equal(reg_count(r), 4);
	reg_free(r);
}

static void test_two_vlans_by_prefix(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r;

	(void)state;
	assert_int_equal(addr_prefix_parse("198.51.100.0/24", 4, &o.want_v4, NULL), 0);
	r = load(FIX "two-vlans-1.0.json", &o, &w);
	assert_int_equal(w.n, 0);
	assert_int_equal(reg_count(r), 3);
	assert_non_null(reg_by_asn(r, 64502));
	reg_free(r);

	/* A broader or narrower v6 prefix still picks the VLAN. */
	o = auto_opts();
	assert_int_equal(addr_prefix_parse("2001:db8:2::/48", 6, &o.want_v6, NULL), 0);
	r = load(FIX "two-vlans-1.0.json", &o, &w);
	assert_int_equal(reg_count(r), 3);
	reg_free(r);
	assert_int_equal(addr_prefix_parse("2001:db8:2::/96", 6, &o.want_v6, NULL), 0);
	r = load(FIX "two-vlans-1.0.json", &o, &w);
	assert_int_equal(reg_count(r), 3);
	reg_free(r);

	/* v4 of one VLAN, v6 of the other: no match, warn, auto (VLAN 10). */
	o = auto_opts();
	assert_int_equal(addr_prefix_parse("192.0.2.0/24", 4, &o.want_v4, NULL), 0);
	assert_int_equal(addr_prefix_parse("2001:db8:2::/64", 6, &o.want_v6, NULL), 0);
	r = load(FIX "two-vlans-1.0.json", &o, &w);
	assert_int_equal(w.n, 1);
	assert_int_equal(count_warn(&w, NULL, "prefix"), 1);
	assert_int_equal(reg_count(r), 4);
	reg_free(r);
}

static void test_v06_mac_address(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r = load(FIX "v06-mac-address.json", &o, &w);
	const struct reg_member *m;
	json_t *d;

	(void)state;
	if (w.n != 0)
		dump_warn(&w);
	assert_int_equal(w.n, 0);
	assert_int_equal(reg_count(r), 3);

	/* Same MAC written two ways for two families: one MAC. */
	m = reg_by_asn(r, 64510);
	assert_non_null(m);
	assert_int_equal(m->n_macs, 1);
	assert_int_equal(m->n_macs_v4, 1);
	assert_int_equal(m->n_macs_v6, 1);
	assert_ptr_equal(by_mac_str(r, "00:1b:21:aa:bb:cc"), m);
	assert_ptr_equal(reg_by_v6(r, v6("2001:db8:6::10")), m);

	/* `mac_address` on the entry, which has only IPv4. */
	m = reg_by_asn(r, 64511);
	assert_non_null(m);
	assert_int_equal(m->n_macs, 1);
	assert_int_equal(m->n_macs_v4, 1);
	assert_int_equal(m->n_macs_v6, 0);
	assert_ptr_equal(by_mac_str(r, "00:1b:21:aa:bb:dd"), m);

	/* `mac_addresses` as a lone string; "ipv6": null is no IPv6. */
	m = reg_by_asn(r, 64512);
	assert_non_null(m);
	assert_int_equal(m->n_macs, 1);
	assert_int_equal(m->n_v6, 0);

	d = reg_describe(r);
	assert_string_equal(json_string_value(json_object_get(d, "version")),
	    "0.6");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d,
	    "vlan"), "id")), 0);
	json_decref(d);
	reg_free(r);
}

static void test_duplicates(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r = load(FIX "duplicates.json", &o, &w);
	const struct reg_member *first, *second;

	(void)state;
	dump_warn(&w);
	assert_int_equal(reg_count(r), 2);
	first = reg_by_asn(r, 64520);
	second = reg_by_asn(r, 64521);
	assert_non_null(first);
	assert_non_null(second);

	/* Contested entries stay with the first member. */
	assert_ptr_equal(reg_by_v4(r, v4("192.0.2.1")), first);
	assert_ptr_equal(reg_by_v6(r, v6("2001:db8::1")), first);
	assert_ptr_equal(by_mac_str(r, "02:00:00:00:01:01"), first);
	assert_ptr_equal(by_mac_str(r, "02:00:00:00:01:02"), second);
	assert_ptr_equal(reg_by_v4(r, v4("192.0.2.2")), second);
	assert_int_equal(second->n_v4, 1);
	assert_int_equal(second->n_v6, 0);
	assert_int_equal(second->n_macs, 1);

	/* The second listing of AS64520 is merged into the first. */
	assert_string_equal(first->name, "First");
	assert_int_equal(first->n_v4, 2);
	assert_int_equal(first->n_macs, 2);
	assert_ptr_equal(reg_by_v4(r, v4("192.0.2.3")), first);
	assert_ptr_equal(by_mac_str(r, "02:00:00:00:01:03"), first);

	assert_int_equal(w.n, 4);
	assert_int_equal(count_warn(&w, "member AS64521 (Second) connection 0 "
	    "vlan_list 0 ipv4.address", "AS64520"), 1);
	assert_int_equal(count_warn(&w, "member AS64521 (Second) connection 0 "
	    "vlan_list 0 ipv6.address", "AS64520"), 1);
	assert_int_equal(count_warn(&w, "member AS64521 (Second) connection 0 "
	    "vlan_list 0 ipv4.mac_addresses[0]", "AS64520"), 1);
	assert_int_equal(count_warn(&w, "member AS64520", "merged"), 1);
	reg_free(r);
}

static void test_malformed(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r = load(FIX "malformed.json", &o, &w);
	const struct reg_member *m;
	json_t *d;

	(void)state;
	dump_warn(&w);
	assert_int_equal(reg_count(r), 3);

	assert_int_equal(count_warn(&w, "version", "2.0"), 1);

	/* Three bad MACs skipped, the good one kept. */
	m = reg_by_asn(r, 64530);
	assert_non_null(m);
	assert_int_equal(m->n_macs, 1);
	assert_ptr_equal(by_mac_str(r, "02:00:00:00:02:01"), m);
	assert_null(by_mac_str(r, "01:00:5e:00:00:01"));
	assert_int_equal(count_warn(&w, "member AS64530 (Bad MAC)",
	    "MAC"), 3);
	assert_int_equal(count_warn(&w,
	    "member AS64530 (Bad MAC) connection 0 vlan_list 0 "
	    "ipv4.mac_addresses[2]", "multicast"), 1);

	/* Bad addresses skipped, the good one of connection 1 kept. */
	m = reg_by_asn(r, 64531);
	assert_non_null(m);
	assert_int_equal(m->n_v4, 1);
	assert_int_equal(m->n_v6, 0);
	assert_ptr_equal(reg_by_v4(r, v4("192.0.2.31")), m);
	assert_int_equal(count_warn(&w, "member AS64531 (Bad Addr) connection "
	    "0 vlan_list 0 ipv4.address", "192.0.2.300"), 1);
	assert_int_equal(count_warn(&w, "member AS64531 (Bad Addr) connection "
	    "0 vlan_list 0 ipv6.address", "2001:db8::zz"), 1);

	/* Outside the prefix: kept, warned. */
	m = reg_by_asn(r, 64532);
	assert_non_null(m);
	assert_ptr_equal(reg_by_v4(r, v4("198.51.100.1")), m);
	assert_ptr_equal(reg_by_v6(r, v6("2001:db8:ffff::1")), m);
	assert_int_equal(count_warn(&w, "member AS64532 (Outside)",
	    "outside"), 2);

	/* Members without a usable asnum are skipped. */
	assert_int_equal(count_warn(&w, "member_list 3 (No ASN)", "asnum"), 1);
	assert_int_equal(count_warn(&w, "member_list 4 (String ASN)",
	    "not an integer"), 1);
	assert_int_equal(count_warn(&w, "member_list 5 (Negative ASN)",
	    "-5"), 1);
	assert_null(reg_by_v4(r, v4("192.0.2.33")));
	assert_null(reg_by_v4(r, v4("192.0.2.34")));
	assert_null(reg_by_asn(r, 64534));

	/* A vlan_id ixp_list does not define. */
	assert_int_equal(count_warn(&w, "member AS64535 (Wrong VLAN) "
	    "connection 0 vlan_list 0", "vlan_id 99"), 1);
	assert_null(reg_by_asn(r, 64535));

	/* Two of the three kept have no MACs: said once, not a problem. */
	assert_int_equal(count_warn(&w, "member_list",
	    "2 of 3 members have no mac_addresses"), 1);
	assert_int_equal(w.n, 13);
	d = reg_describe(r);
	assert_int_equal(json_integer_value(json_object_get(d, "warnings")), 12);
	assert_int_equal(json_integer_value(json_object_get(d,
	    "members_without_macs")), 2);
	assert_int_equal(json_integer_value(json_object_get(d,
	    "members_other_vlans")), 1);
	json_decref(d);
	reg_free(r);
}

static void test_no_vlans(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r = load(FIX "no-vlans.json", &o, &w);
	const struct reg_member *m;
	json_t *d;

	(void)state;
	assert_int_equal(w.n, 1);
	assert_int_equal(count_warn(&w, "member_list",
	    "1 of 2 members have no mac_addresses"), 1);
	assert_int_equal(reg_count(r), 2);
	m = reg_by_asn(r, 64540);
	assert_non_null(m);
	/* Every vlan_list entry counts when there is nothing to choose. */
	assert_int_equal(m->n_v4, 1);
	assert_int_equal(m->n_v6, 1);
	assert_int_equal(m->n_macs, 2);
	assert_int_equal(m->n_macs_v4, 1);
	assert_int_equal(m->n_macs_v6, 1);
	assert_string_equal(m->name, "Anywhere");
	/* No name in the export: an empty one. */
	assert_string_equal(reg_by_asn(r, 64541)->name, "");
	assert_int_equal(reg_lan_v4(r)->len, 0);
	assert_int_equal(reg_lan_v6(r)->len, 0);
	assert_int_equal(asn_of(reg_by_v4(r, v4("10.0.0.2"))), 64541);
	d = reg_describe(r);
	assert_true(json_is_null(json_object_get(d, "vlan")));
	assert_string_equal(json_string_value(json_object_get(d, "ixp")),
	    "FLAT-IX");
	json_decref(d);
	reg_free(r);
}

/* Wrong JSON types everywhere: warnings, never a crash, the rest read. */
static void test_odd_types(void **state)
{
	struct wlog w;
	struct registry *r = load(FIX "odd-types.json", NULL, &w);
	const struct reg_member *m;

	(void)state;
	dump_warn(&w);
	assert_int_equal(reg_count(r), 1);
	m = reg_by_asn(r, 64550);
	assert_non_null(m);
	assert_int_equal(m->n_v4, 0);
	assert_int_equal(m->n_v6, 0);
	assert_int_equal(m->n_macs, 1);
	assert_int_equal(m->n_macs_v4, 0);
	assert_int_equal(m->n_macs_v6, 1);
	/* "prefix": "a.b.c.d/len" is accepted; a bad mask_length is not. */
	assert_int_equal(reg_lan_v4(r)->len, 24);
	assert_int_equal(reg_lan_v6(r)->len, 0);
	assert_int_equal(count_warn(&w, "version", "not a string"), 1);
	assert_int_equal(count_warn(&w, "ixp_list 0 vlan 0 (LAN) ipv6.prefix",
	    NULL), 1);
	assert_int_equal(count_warn(&w, "ixp_list 0 vlan 1", "id"), 1);
	assert_int_equal(count_warn(&w, "ixp_list 0 vlan 2 (Other) ipv4.prefix",
	    "mask_length"), 1);
	assert_int_equal(count_warn(&w, "member_list 0", "not an object"), 1);
	assert_int_equal(count_warn(&w, "member AS64550 (Odd) connection 2 "
	    "vlan_list 0", "not an object"), 1);
	assert_int_equal(count_warn(&w, "member AS64550 (Odd) connection 2 "
	    "vlan_list 1", "vlan_id"), 1);
	assert_int_equal(count_warn(&w, "member AS64550 (Odd) connection 2 "
	    "vlan_list 2 ipv4", "not an object"), 1);
	assert_int_equal(count_warn(&w, "member AS64550 (Odd) connection 2 "
	    "vlan_list 2 ipv6.address", "not a string"), 1);
	assert_int_equal(count_warn(&w, "member AS64550 (Odd) connection 2 "
	    "vlan_list 2 ipv6.mac_addresses", "not a string"), 2);
	assert_int_equal(count_warn(&w, "member AS64550 (Odd) connection 2 "
	    "vlan_list 2 mac_address", "zero"), 1);
	assert_int_equal(count_warn(&w, "member AS64551 (No connections) "
	    "connection_list", "not an array"), 1);
	assert_int_equal(count_warn(&w, "member_list 3 (Real ASN)",
	    "not an integer"), 1);
	assert_int_equal(count_warn(&w, "member_list 4 (Too big)",
	    "4294967296"), 1);
	assert_int_equal(w.n, 15);
	reg_free(r);
}

static void test_unusable(void **state)
{
	char err[256];
	struct wlog w;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_null(reg_load(FIX "does-not-exist.json", NULL, collect, &w,
	    err, sizeof(err)));
	assert_non_null(strstr(err, "does-not-exist.json"));
	assert_non_null(strstr(err, "No such file"));
	assert_null(strchr(err, '\n'));

	assert_null(reg_load(FIX "not-json.json", NULL, collect, &w, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "not-json.json"));
	assert_non_null(strstr(err, "line 2"));
	assert_non_null(strstr(err, "column"));
	assert_null(strchr(err, '\n'));

	assert_null(reg_load(FIX "empty-object.json", NULL, collect, &w, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "member_list"));
	assert_int_equal(w.n, 0);

	/* A NULL err buffer is allowed. */
	assert_null(reg_load(FIX "empty-object.json", NULL, NULL, NULL, NULL,
	    0));
	/* NULL registries answer lookups with NULL / 0. */
	assert_int_equal(reg_count(NULL), 0);
	assert_null(reg_by_asn(NULL, 1));
	assert_null(reg_by_mac(NULL, (const uint8_t *)"\0\0\0\0\0\1"));
	reg_free(NULL);
}

/* ---- generated exports ---------------------------------------------- */

static char tmpdir[64];

static int setup_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_registry.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int teardown_tmp(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, json_t *root)
{
	assert_int_equal(json_dump_file(root, path, JSON_COMPACT), 0);
	json_decref(root);
}

static json_t *entry(json_t *v4a, json_t *v6a, json_t *macs)
{
	json_t *it = json_object();

	json_object_set_new(it, "vlan_id", json_integer(1));
	if (v4a != NULL)
		json_object_set_new(it, "ipv4", json_pack("{s:o,s:O}", "address",
		    v4a, "mac_addresses", macs));
	if (v6a != NULL)
		json_object_set_new(it, "ipv6", json_pack("{s:o,s:O}", "address",
		    v6a, "mac_addresses", macs));
	json_decref(macs);
	return it;
}

static json_t *one_vlan_export(void)
{
	return json_pack("{s:s,s:[{s:i,s:i,s:s,s:[{s:i,s:s,s:{s:s,s:i},"
	    "s:{s:s,s:i}}]}],s:[]}", "version", "1.0", "ixp_list", "ixp_id", 1,
	    "ixf_id", 1, "shortname", "GEN-IX", "vlan", "id", 1, "name", "LAN",
	    "ipv4", "prefix", "10.0.0.0", "mask_length", 8, "ipv6", "prefix",
	    "2001:db8::", "mask_length", 32, "member_list");
}

static void test_limits(void **state)
{
	json_t *root = one_vlan_export(), *members, *conns, *m;
	char path[128], buf[64];
	struct wlog w;
	struct registry *r;
	const struct reg_member *mm;
	int i;

	(void)state;
	members = json_object_get(root, "member_list");
	conns = json_array();
	/* 20 connections, 20 addresses and MACs: over both limits. */
	for (i = 0; i < 20; i++) {
		json_t *vl = json_array(), *c = json_object();

		snprintf(buf, sizeof(buf), "02:00:00:00:00:%02x", i);
		json_t *macs = json_pack("[s]", buf);
		snprintf(buf, sizeof(buf), "10.0.0.%d", i + 1);
		json_array_append_new(vl, entry(json_string(buf), NULL, macs));
		json_object_set_new(c, "vlan_list", vl);
		json_array_append_new(conns, c);
	}
	m = json_pack("{s:i,s:s,s:o}", "asnum", 1, "name", "Big",
	    "connection_list", conns);
	json_array_append_new(members, m);
	/* A second member claims a MAC the first had to drop. */
	m = json_pack("{s:i,s:[{s:[o]}]}", "asnum", 2, "connection_list",
	    "vlan_list", entry(json_string("10.0.1.1"), NULL,
	    json_pack("[s]", "02:00:00:00:00:13")));
	json_array_append_new(members, m);
	snprintf(path, sizeof(path), "%s/limits.json", tmpdir);
	write_file(path, root);

	r = load(path, NULL, &w);
	dump_warn(&w);
	mm = reg_by_asn(r, 1);
	assert_non_null(mm);
	assert_int_equal(mm->n_v4, REG_MAX_ADDRS);
	assert_int_equal(mm->n_macs, REG_MAX_MACS);
	assert_int_equal(mm->n_macs_v4, REG_MAX_MACS);
	/* The first ones are kept. */
	assert_ptr_equal(reg_by_v4(r, v4("10.0.0.1")), mm);
	assert_null(reg_by_v4(r, v4("10.0.0.20")));
	assert_ptr_equal(by_mac_str(r, "02:00:00:00:00:00"), mm);
	assert_null(by_mac_str(r, "02:00:00:00:00:13"));
	assert_int_equal(count_warn(&w, "member AS1 (Big) ipv4.address",
	    "12 more"), 1);
	assert_int_equal(count_warn(&w, "member AS1 (Big) mac_addresses",
	    "4 more"), 1);
	assert_int_equal(count_warn(&w, "member AS2 connection 0", "AS1"), 1);
	assert_int_equal(count_warn(&w, "member_list", "1 of 2 members"), 1);
	assert_int_equal(w.n, 4);
	reg_free(r);
}

/* 2,000 members, built and looked up in full; not timed, only exercised. */
static void test_large(void **state)
{
	json_t *root = one_vlan_export(), *members;
	char path[128], a4[32], a6[64], mc[32];
	struct wlog w;
	struct registry *r;
	uint8_t key[16];
	int i, n = 2000;

	(void)state;
	members = json_object_get(root, "member_list");
	for (i = 0; i < n; i++) {
		json_t *m;

		snprintf(a4, sizeof(a4), "10.%d.%d.1", i / 256, i % 256);
		snprintf(a6, sizeof(a6), "2001:db8::%x:1", i);
		snprintf(mc, sizeof(mc), "02:00:00:00:%02x:%02x", i / 256,
		    i % 256);
		m = json_pack("{s:i,s:s,s:[{s:[o]}]}", "asnum", 64512 + i,
		    "name", "Gen", "connection_list", "vlan_list",
		    entry(json_string(a4), json_string(a6),
		    json_pack("[s]", mc)));
		json_array_append_new(members, m);
	}
	snprintf(path, sizeof(path), "%s/large.json", tmpdir);
	write_file(path, root);

	r = load(path, NULL, &w);
	assert_int_equal(w.n, 0);
	assert_int_equal(reg_count(r), (size_t)n);
	for (i = 0; i < n; i++) {
		const struct reg_member *m = reg_member_at(r, (size_t)i);

		assert_int_equal(m->asnum, 64512 + i);
		assert_ptr_equal(reg_by_asn(r, (uint32_t)(64512 + i)), m);
		key[0] = 10, key[1] = (uint8_t)(i / 256),
		key[2] = (uint8_t)(i % 256), key[3] = 1;
		assert_ptr_equal(reg_by_v4(r, key), m);
		key[3] = 2;
		assert_null(reg_by_v4(r, key));
		assert_ptr_equal(reg_by_v6(r, m->v6[0]), m);
		assert_ptr_equal(reg_by_mac(r, m->macs[0]), m);
		memcpy(key, m->macs[0], 6);
		key[0] = 0x06;
		assert_null(reg_by_mac(r, key));
	}
	assert_null(reg_by_asn(r, 64512 + n));
	reg_free(r);
}

/* An export shaped like the schema's own example (two VLANs, one member on
 * two connections, the IXP's own entry): VLAN 0 auto-chosen, the member's
 * 192.0.2.x / 2001:db8:: addresses lie outside 198.51.100.0/24 and
 * 2001:db8:100::/64, and the IXP's entry names vlan_id 2, which its
 * ixp_list does not define. */
static void test_reference_example(void **state)
{
	struct reg_opts o = auto_opts();
	struct wlog w;
	struct registry *r;
	const struct reg_member *m;
	json_t *d;

	(void)state;
	r = load(EXAMPLE, &o, &w);
	dump_warn(&w);
	assert_int_equal(reg_count(r), 1);
	m = reg_by_asn(r, 65505);
	assert_non_null(m);
	assert_string_equal(m->name, "Example Content");
	assert_int_equal(m->n_v4, 2);
	assert_int_equal(m->n_v6, 2);
	assert_int_equal(m->n_macs, 2);
	assert_int_equal(m->n_macs_v4, 2);
	assert_int_equal(m->n_macs_v6, 2);
	assert_ptr_equal(by_mac_str(r, "02:00:5e:10:00:17"), m);
	assert_ptr_equal(reg_by_v6(r, v6("2001:db8::100")), m);
	assert_null(reg_by_asn(r, 65500));
	assert_int_equal(count_warn(&w, "member AS65505 (Example Content)",
	    "outside"), 4);
	assert_int_equal(count_warn(&w, "member AS65500 (Example IXP)",
	    "vlan_id 2"), 1);
	assert_int_equal(w.n, 5);
	d = reg_describe(r);
	assert_string_equal(json_string_value(json_object_get(d, "ixp")),
	    "EX-IX");
	assert_string_equal(json_string_value(json_object_get(json_object_get(d,
	    "vlan"), "ipv4_prefix")), "198.51.100.0/24");
	json_decref(d);
	reg_free(r);

	/* By id: "Private" has no IPv6 prefix and nobody on it. */
	o.vlan_id = 1;
	r = load(EXAMPLE, &o, &w);
	assert_int_equal(reg_count(r), 0);
	assert_int_equal(reg_lan_v6(r)->len, 0);
	d = reg_describe(r);
	assert_true(json_is_null(json_object_get(json_object_get(d, "vlan"),
	    "ipv6_prefix")));
	json_decref(d);
	reg_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_vlans_auto),
		cmocka_unit_test(test_two_vlans_by_id),
		cmocka_unit_test(test_two_vlans_by_prefix),
		cmocka_unit_test(test_v06_mac_address),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_no_vlans),
		cmocka_unit_test(test_odd_types),
		cmocka_unit_test(test_unusable),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_reference_example),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
