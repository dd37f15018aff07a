/*
 * test_alert.c - the alert aggregation table (alerts/alert.c).
 *
 * Repeats of one key fold into one entry (count summed, first/last seen
 * widened whatever order the times come in, detail from the first raise,
 * severity escalated but never lowered); every part of the key separates
 * entries; a full table drops new keys, counting their occurrences, while
 * known keys still aggregate; the JSON is ordered by severity, then first
 * seen; every entry has a stable id (the FNV-1a of its key's text, the
 * same after a restore); an acknowledgement is reported, survives a
 * restore, moves with a merge and is spent when a condition reopens; and
 * the type names are exactly those of the alert-type tables in
 * docs/detectors.md (run from the top of the tree; IXMON_DETECTORS_DOC
 * overrides).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "alerts/alert.h"

#define T0 1793613600 /* 2026-11-02T10:00:00Z */

static const uint8_t MAC1[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t MAC2[6] = {0x02, 0, 0, 0, 0, 0x02};

static void key(struct alert_key *k, enum alert_type type)
{
	alert_key_init(k, type);
	alert_key_mac(k, MAC1);
}

static void test_aggregation(void **state)
{
	struct alert_table *t = alert_table_new(64);
	struct alert_key k;
	struct alert *a, *b;
	json_t *arr, *o;

	(void)state;
	key(&k, ALERT_ND_SPOOF);
	a = alert_raise(t, &k, ALERT_WARNING, T0 + 10, 500, 1, "first %d", 1);
	assert_non_null(a);
	b = alert_raise(t, &k, ALERT_WARNING, T0 + 5, 0, 2, "second %d", 2);
	assert_ptr_equal(a, b);
	b = alert_raise(t, &k, ALERT_WARNING, T0 + 20, 0, 3, "third");
	assert_ptr_equal(a, b);
	/* same second, earlier / later nanoseconds */
	alert_raise(t, &k, ALERT_WARNING, T0 + 5, 0, 4, "x");
	alert_raise(t, &k, ALERT_WARNING, T0 + 20, 999, 0, "x");
	alert_raise(t, &k, ALERT_WARNING, T0 + 20, 100, 1, "x");
	assert_int_equal(alert_table_count(t), 1);
	assert_int_equal(a->count, 11);
	assert_int_equal(a->first_sec, T0 + 5);
	assert_int_equal(a->first_nsec, 0);
	assert_int_equal(a->last_sec, T0 + 20);
	assert_int_equal(a->last_nsec, 999);
	assert_string_equal(a->detail, "first 1");
	assert_ptr_equal(alert_find(t, &k), a);

	arr = alert_table_json(t);
	assert_int_equal(json_array_size(arr), 1);
	o = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(o, "type")), "nd_spoof");
	assert_string_equal(json_string_value(json_object_get(o, "severity")), "warning");
	assert_string_equal(json_string_value(json_object_get(o, "mac")), "02:00:00:00:00:01");
	assert_true(json_is_null(json_object_get(o, "ip")));
	assert_true(json_is_null(json_object_get(o, "asnum")));
	assert_null(json_object_get(o, "subject"));
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 11);
	assert_string_equal(json_string_value(json_object_get(o, "first_seen")),
	    "2026-11-02T10:00:05Z");
	assert_non_null(strstr(json_string_value(json_object_get(o, "last_seen")),
	    "2026-11-02T10:00:20"));
	assert_string_equal(json_string_value(json_object_get(o, "detail")), "first 1");
	json_decref(arr);
	alert_table_free(t);
}

/* Each part of the key makes a different alert. */
static void test_key_parts(void **state)
{
	struct alert_table *t = alert_table_new(64);
	struct alert_key k;
	const uint8_t ip4a[4] = {192, 0, 2, 1}, ip4b[4] = {192, 0, 2, 2};
	uint8_t ip6[16] = {0x20, 0x01, 0x0d, 0xb8};
	json_t *arr, *o;
	size_t i;
	int with_subject = 0;

	(void)state;
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "bare");
	alert_key_init(&k, ALERT_MAC_FLOOD);             /* type */
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "type");
	key(&k, ALERT_MAC_UNKNOWN);                      /* mac */
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "mac1");
	alert_key_mac(&k, MAC2);
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "mac2");
	alert_key_ip(&k, 4, ip4a);                       /* ip */
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "ip4a");
	alert_key_ip(&k, 4, ip4b);
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "ip4b");
	alert_key_ip(&k, 6, ip6);                        /* ip version */
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "ip6");
	alert_key_asn(&k, 64500);                        /* asn */
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "asn");
	alert_key_asn(&k, 64501);
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "asn2");
	alert_key_subject(&k, "CDP");                    /* subject */
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "cdp");
	alert_key_subject(&k, "LLDP");
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "lldp");
	assert_int_equal(alert_table_count(t), 11);

	/* and building the same key again finds it */
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_key_mac(&k, MAC2);
	alert_key_ip(&k, 6, ip6);
	alert_key_asn(&k, 64501);
	alert_key_subject(&k, "LLDP");
	assert_non_null(alert_find(t, &k));
	assert_string_equal(alert_find(t, &k)->detail, "lldp");
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "again");
	assert_int_equal(alert_table_count(t), 11);
	/* a subject that overflows the key is cut, not overrun */
	alert_key_subject(&k, "a subject far longer than the key can hold");
	assert_int_equal(strlen(k.subject), ALERT_SUBJECT_LEN - 1);

	arr = alert_table_json(t);
	assert_int_equal(json_array_size(arr), 11);
	json_array_foreach(arr, i, o) {
		json_t *v = json_object_get(o, "asnum");

		if (json_is_integer(v))
			assert_true(json_integer_value(v) == 64500 ||
			    json_integer_value(v) == 64501);
		if (json_object_get(o, "subject"))
			with_subject++;
		if (strcmp(json_string_value(json_object_get(o, "detail")), "ip6") == 0)
			assert_string_equal(json_string_value(json_object_get(o, "ip")),
			    "2001:db8::");
		if (strcmp(json_string_value(json_object_get(o, "detail")), "ip4b") == 0)
			assert_string_equal(json_string_value(json_object_get(o, "ip")),
			    "192.0.2.2");
	}
	assert_int_equal(with_subject, 2);
	json_decref(arr);
	alert_table_free(t);
}

static void test_severity_escalation(void **state)
{
	struct alert_table *t = alert_table_new(16);
	struct alert_key k;
	struct alert *a;

	(void)state;
	key(&k, ALERT_ARP_FLOOD);
	a = alert_raise(t, &k, ALERT_NOTICE, T0, 0, 1, "x");
	assert_int_equal(a->severity, ALERT_NOTICE);
	alert_raise(t, &k, ALERT_WARNING, T0 + 1, 0, 1, "x");
	assert_int_equal(a->severity, ALERT_WARNING);
	alert_raise(t, &k, ALERT_NOTICE, T0 + 2, 0, 1, "x"); /* never lowered */
	assert_int_equal(a->severity, ALERT_WARNING);
	alert_raise(t, &k, ALERT_CRITICAL, T0 + 3, 0, 1, "x");
	assert_int_equal(a->severity, ALERT_CRITICAL);
	alert_raise(t, &k, ALERT_WARNING, T0 + 4, 0, 1, "x");
	assert_int_equal(a->severity, ALERT_CRITICAL);
	assert_int_equal(a->count, 5);
	assert_int_equal(alert_table_count(t), 1);
	alert_table_free(t);
}

static void test_capacity(void **state)
{
	struct alert_table *t = alert_table_new(16);
	struct alert_key k;
	struct alert *a;
	uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0};
	json_t *arr;
	int i;

	(void)state;
	for (i = 0; i < 16; i++) {
		mac[5] = (uint8_t)i;
		alert_key_init(&k, ALERT_MAC_UNKNOWN);
		alert_key_mac(&k, mac);
		assert_non_null(alert_raise(t, &k, ALERT_WARNING, T0 + i, 0, 1, "m%d", i));
	}
	assert_int_equal(alert_table_count(t), 16);
	assert_int_equal(alert_table_dropped(t), 0);
	for (i = 16; i < 26; i++) {
		mac[5] = (uint8_t)i;
		alert_key_init(&k, ALERT_MAC_UNKNOWN);
		alert_key_mac(&k, mac);
		assert_null(alert_raise(t, &k, ALERT_WARNING, T0 + i, 0, 3, "m%d", i));
		assert_null(alert_find(t, &k));
	}
	assert_int_equal(alert_table_count(t), 16);
	assert_int_equal(alert_table_dropped(t), 30); /* occurrences, not keys */
	/* known keys still aggregate when the table is full */
	mac[5] = 3;
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_key_mac(&k, mac);
	a = alert_raise(t, &k, ALERT_WARNING, T0 + 100, 0, 5, "again");
	assert_non_null(a);
	assert_int_equal(a->count, 6);
	assert_string_equal(a->detail, "m3");
	assert_int_equal(alert_table_dropped(t), 30);
	arr = alert_table_json(t);
	assert_int_equal(json_array_size(arr), 16);
	json_decref(arr);
	alert_table_free(t);

	/* a capacity of 0 still stores one */
	t = alert_table_new(0);
	alert_key_init(&k, ALERT_ROGUE_RA);
	assert_non_null(alert_raise(t, &k, ALERT_CRITICAL, T0, 0, 1, "one"));
	alert_key_init(&k, ALERT_ND_SPOOF);
	assert_null(alert_raise(t, &k, ALERT_CRITICAL, T0, 0, 1, "two"));
	assert_int_equal(alert_table_count(t), 1);
	assert_int_equal(alert_table_dropped(t), 1);
	alert_table_free(t);
}

/* Severity first, then first seen (seconds, then nanoseconds), then type. */
static void test_json_order(void **state)
{
	static const struct {
		enum alert_type type;
		enum alert_severity sev;
		int64_t sec;
		uint32_t nsec;
		const char *detail;
	} in[] = {
		{ALERT_V6_SILENT, ALERT_NOTICE, T0 + 1, 0, "n1"},
		{ALERT_MAC_UNKNOWN, ALERT_WARNING, T0 + 5, 0, "w5"},
		{ALERT_ROGUE_RA, ALERT_CRITICAL, T0 + 9, 0, "c9"},
		{ALERT_MAC_MISMATCH, ALERT_WARNING, T0 + 2, 0, "w2"},
		{ALERT_ND_SPOOF, ALERT_CRITICAL, T0 + 3, 500, "c3.5"},
		{ALERT_ARP_SPOOF, ALERT_CRITICAL, T0 + 3, 100, "c3.1"},
		{ALERT_V6_WENT_DARK, ALERT_WARNING, T0 + 2, 0, "w2b"},
		{ALERT_FORBIDDEN_PROTOCOL, ALERT_NOTICE, T0 + 0, 0, "n0"},
	};
	/* "w5" was first raised at T0+5, but a repeat at T0+1 moved it up */
	static const char *const want[] = {"c3.1", "c3.5", "c9", "w5", "w2",
	    "w2b", "n0", "n1"};
	struct alert_table *t = alert_table_new(64);
	struct alert_key k;
	json_t *arr;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		alert_key_init(&k, in[i].type);
		alert_raise(t, &k, in[i].sev, in[i].sec, in[i].nsec, 1, "%s", in[i].detail);
	}
	/* a later repeat moves an alert's first seen earlier: it moves up */
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_raise(t, &k, ALERT_WARNING, T0 + 1, 0, 1, "ignored");
	arr = alert_table_json(t);
	assert_int_equal(json_array_size(arr), 8);
	for (i = 0; i < 8; i++) {
		const char *d = json_string_value(json_object_get(json_array_get(arr, i), "detail"));

		if (strcmp(d, want[i]) != 0) {
			char *s = json_dumps(arr, JSON_INDENT(1));

			print_message("%s\n", s);
			free(s);
			fail_msg("alert %zu is \"%s\", want \"%s\"", i, d, want[i]);
		}
	}
	/* a table with nothing in it is an empty array */
	json_decref(arr);
	alert_table_free(t);
	t = alert_table_new(16);
	arr = alert_table_json(t);
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 0);
	json_decref(arr);
	alert_table_free(t);
}

/* ------------------------------------------------------------------ */
/* Conditions, folding, moving to a member                             */

static json_t *only(struct alert_table *t)
{
	json_t *arr = alert_table_json(t), *a;

	assert_int_equal(json_array_size(arr), 1);
	a = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return a;
}

/* alert_set() sets absolute values; alert_close() ends it; both survive a restore. */
static void test_condition(void **state)
{
	struct alert_table *t = alert_table_new(16), *u;
	struct alert_key k;
	json_t *a, *arr;

	(void)state;
	alert_key_init(&k, ALERT_V6_UNREGISTERED);
	alert_key_asn(&k, 64501);
	assert_true(alert_type_is_condition(ALERT_V6_UNREGISTERED));
	assert_false(alert_type_is_condition(ALERT_ROGUE_RA));
	assert_non_null(alert_set(t, &k, ALERT_WARNING, T0, 0, T0 + 60, 0, 5, "five"));
	/* recomputed at the next report: replaced, not added */
	alert_set(t, &k, ALERT_WARNING, T0, 0, T0 + 120, 0, 9, "nine");
	a = only(t);
	assert_int_equal(json_integer_value(json_object_get(a, "count")), 9);
	assert_string_equal(json_string_value(json_object_get(a, "detail")), "nine");
	assert_string_equal(json_string_value(json_object_get(a, "kind")), "condition");
	assert_true(json_object_get(a, "open") == json_true());
	json_decref(a);
	alert_close(t, &k);
	a = only(t);
	assert_true(json_object_get(a, "open") == json_false());
	json_decref(a);
	/* an event has no "open" */
	alert_key_init(&k, ALERT_ROGUE_RA);
	alert_raise(t, &k, ALERT_CRITICAL, T0, 0, 1, "ra");
	arr = alert_table_json(t);
	u = alert_table_new(16);
	assert_int_equal(alert_table_restore(u, arr), 2);
	json_decref(arr);
	arr = alert_table_json(u);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "kind")), "event");
	assert_null(json_object_get(json_array_get(arr, 0), "open"));
	assert_true(json_object_get(json_array_get(arr, 1), "open") == json_false());
	json_decref(arr);
	alert_table_free(u);
	alert_table_free(t);
}

static json_t *folded_one(json_t *arr)
{
	json_t *a;
	size_t i;

	json_array_foreach(arr, i, a)
		if (json_object_get(a, "folded") == json_true())
			return a;
	fail_msg("no folded alert");
	return NULL;
}

static int odd_mac(void *ctx, const uint8_t mac[6])
{
	(void)ctx;
	return mac[5] & 1;
}

/* Folded keys, live and after the fact, keep a bounded sample of MACs. */
static void test_fold(void **state)
{
	struct alert_table *t = alert_table_new(64), *u;
	struct alert_key k;
	uint8_t mac[6] = {0x00, 0x18, 0, 0, 0, 0};
	json_t *arr, *a;
	int i;

	(void)state;
	/* before the flood was recognised: one alert per MAC, each with an address */
	for (i = 0; i < 20; i++) {
		mac[5] = (uint8_t)i;
		alert_key_init(&k, ALERT_ROGUE_RA);
		alert_key_mac(&k, mac);
		alert_key_ip(&k, 4, (const uint8_t *)"\xc0\x00\x02\x01");
		alert_raise(t, &k, ALERT_CRITICAL, T0 + i, 0, 1, "ra %d", i);
	}
	/* then folded as they come */
	for (i = 20; i < 40; i++) {
		mac[5] = (uint8_t)i;
		alert_key_init(&k, ALERT_ROGUE_RA);
		alert_key_mac(&k, mac);
		alert_key_fold(&k);
		alert_raise(t, &k, ALERT_CRITICAL, T0 + i, 0, 1, "ra %d", i);
	}
	assert_int_equal(alert_table_fold(t, odd_mac, NULL), 10);
	arr = alert_table_json(t);
	/* 10 even MACs kept, the folded one */
	assert_int_equal(json_array_size(arr), 11);
	a = folded_one(arr);
	assert_true(json_is_null(json_object_get(a, "mac")));
	assert_true(json_is_null(json_object_get(a, "ip"))); /* the sender's own */
	assert_int_equal(json_integer_value(json_object_get(a, "count")), 30);
	assert_int_equal(json_array_size(json_object_get(a, "sample_macs")), ALERT_SAMPLE_MACS);
	assert_non_null(strstr(json_string_value(json_object_get(a, "detail")), "MAC flood"));
	/* restored with its sample */
	u = alert_table_new(64);
	assert_int_equal(alert_table_restore(u, arr), 11);
	json_decref(arr);
	arr = alert_table_json(u);
	a = folded_one(arr);
	assert_int_equal(json_array_size(json_object_get(a, "sample_macs")), ALERT_SAMPLE_MACS);
	json_decref(arr);
	alert_table_free(u);
	alert_table_free(t);
}

static int mac2_is_64502(void *ctx, const uint8_t mac[6], const char *detail,
    uint32_t *asnum, char *out, size_t outlen)
{
	(void)ctx;
	if (memcmp(mac, MAC2, 6) != 0)
		return 0;
	*asnum = 64502;
	snprintf(out, outlen, "%s, of AS64502", detail);
	return 1;
}

/* A MAC learned later: its alerts move under its member, merged. */
static void test_attribute(void **state)
{
	struct alert_table *t = alert_table_new(16);
	struct alert_key k;
	json_t *a;

	(void)state;
	alert_key_init(&k, ALERT_FORBIDDEN_PROTOCOL);
	alert_key_subject(&k, "MLDv2");
	alert_key_mac(&k, MAC2);
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 2, "MLDv2");
	assert_int_equal(alert_table_attribute(t, mac2_is_64502, NULL), 1);
	alert_key_asn(&k, 64502);
	alert_raise(t, &k, ALERT_WARNING, T0 + 9, 0, 1, "later");
	assert_int_equal(alert_table_attribute(t, mac2_is_64502, NULL), 0);
	a = only(t);
	assert_int_equal(json_integer_value(json_object_get(a, "asnum")), 64502);
	assert_int_equal(json_integer_value(json_object_get(a, "count")), 3);
	assert_string_equal(json_string_value(json_object_get(a, "detail")), "MLDv2, of AS64502");
	json_decref(a);
	alert_table_free(t);
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

static const char *const contract_order[ALERT_TYPE_MAX] = {
	"rogue_ra", "nd_spoof", "arp_spoof", "nd_flood", "mld_flood",
	"arp_flood", "nd_foreign_source", "mac_unknown", "mac_mismatch",
	"mac_multiple", "mac_flood", "mac_invalid_source", "mac_misaligned",
	"forbidden_ethertype", "forbidden_protocol", "ip_outside_lan",
	"v6_unregistered", "v6_silent", "v6_went_dark",
	"port_security_violation",
	/* added later (docs/detectors.md, "Further alert types") */
	"capture_down", "mac_changed",
};

#define MAX_NAMES 64

/*
 * The distinct names in the first cell of the tables under the "Alert
 * types" headings of docs/detectors.md ($IXMON_DETECTORS_DOC), where
 * operators look them up; -1 when the file cannot be read.
 */
static int documented_names(char names[MAX_NAMES][48])
{
	const char *file = getenv("IXMON_DETECTORS_DOC");
	char line[4096];
	int n = 0, in_table = 0, i, dup;
	FILE *f;

	if ((f = fopen(file ? file : "docs/detectors.md", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p, *cell_end;

		if (strncmp(line, "## ", 3) == 0) {
			in_table = strstr(line, "alert types") != NULL ||
			    strstr(line, "Alert types") != NULL;
			continue;
		}
		if (!in_table || strncmp(line, "| `", 3) != 0)
			continue;
		/* first cell: one or more `name`s separated by commas */
		cell_end = strchr(line + 1, '|');
		if (cell_end)
			*cell_end = '\0';
		for (p = strchr(line, '`'); p; p = strchr(p, '`')) {
			char *e = strchr(p + 1, '`');

			if (e == NULL)
				break;
			assert_true(n < MAX_NAMES);
			assert_true((size_t)(e - p - 1) < 48);
			memcpy(names[n], p + 1, (size_t)(e - p - 1));
			names[n][e - p - 1] = '\0';
			for (dup = 0, i = 0; i < n; i++)
				dup |= strcmp(names[i], names[n]) == 0;
			n += !dup; /* forbidden_protocol has two rows */
			p = e + 1;
		}
	}
	fclose(f);
	return n;
}

static void test_names_match_contract(void **state)
{
	char names[MAX_NAMES][48];
	int n, i, j, found;

	(void)state;
	for (i = 0; i < ALERT_TYPE_MAX; i++)
		assert_string_equal(alert_type_name((enum alert_type)i), contract_order[i]);
	n = documented_names(names);
	if (n < 0)
		fail_msg("docs/detectors.md cannot be read: run from the top of the tree");
	assert_int_equal(n, ALERT_TYPE_MAX);
	for (i = 0; i < ALERT_TYPE_MAX; i++) {
		const char *name = alert_type_name((enum alert_type)i);

		found = 0;
		for (j = 0; j < n; j++)
			found += strcmp(names[j], name) == 0;
		if (found != 1)
			fail_msg("alert type %d \"%s\" is not in docs/detectors.md", i, name);
	}
	assert_string_equal(alert_type_name(ALERT_TYPE_MAX), "unknown");
	assert_string_equal(alert_severity_name(ALERT_CRITICAL), "critical");
	assert_string_equal(alert_severity_name(ALERT_WARNING), "warning");
	assert_string_equal(alert_severity_name(ALERT_NOTICE), "notice");
}

/* Every type's name appears in the JSON as-is. */
static void test_json_type_names(void **state)
{
	struct alert_table *t = alert_table_new(64);
	struct alert_key k;
	json_t *arr, *o;
	size_t i;
	int seen[ALERT_TYPE_MAX] = {0};

	(void)state;
	for (i = 0; i < ALERT_TYPE_MAX; i++) {
		alert_key_init(&k, (enum alert_type)i);
		alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "t");
	}
	arr = alert_table_json(t);
	assert_int_equal(json_array_size(arr), ALERT_TYPE_MAX);
	json_array_foreach(arr, i, o) {
		const char *name = json_string_value(json_object_get(o, "type"));
		int j;

		for (j = 0; j < ALERT_TYPE_MAX; j++)
			if (strcmp(name, contract_order[j]) == 0)
				seen[j]++;
	}
	for (i = 0; i < ALERT_TYPE_MAX; i++)
		assert_int_equal(seen[i], 1);
	/* same severity and time: ordered by type */
	json_array_foreach(arr, i, o)
		assert_string_equal(json_string_value(json_object_get(o, "type")),
		    contract_order[i]);
	json_decref(arr);
	alert_table_free(t);
}

/* ------------------------------------------------------------------ */
/* Ids and acknowledgements                                            */

static const uint8_t LL1[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

/*
 * The id is FNV-1a 64 of the key's text: values computed apart (Python,
 * from the published offset basis and prime), so a change of the text or
 * of the hash, which would orphan every stored acknowledgement, fails.
 */
static void test_id(void **state)
{
	struct alert_table *t = alert_table_new(16), *u;
	char text[ALERT_KEY_TEXT_LEN], id[ALERT_ID_LEN];
	struct alert_key k;
	struct alert *a;
	uint64_t v;
	json_t *arr;
	size_t i;

	(void)state;
	alert_key_init(&k, ALERT_ROGUE_RA);
	alert_key_mac(&k, MAC1);
	alert_key_ip(&k, 6, LL1);
	assert_string_equal(alert_key_text(&k, text),
	    "rogue_ra|02:00:00:00:00:01|fe80::1|-|-|0");
	assert_string_equal(alert_id_str(alert_key_id(&k), id), "c5430c30811077dc");
	a = alert_raise(t, &k, ALERT_CRITICAL, T0, 0, 1, "RA");
	assert_true(a->id == alert_key_id(&k));
	assert_ptr_equal(alert_find_id(t, a->id), a);
	alert_key_init(&k, ALERT_V6_UNREGISTERED);
	alert_key_asn(&k, 64501);
	assert_string_equal(alert_id_str(alert_key_id(&k), id), "6466b894cd6fcafc");
	alert_set(t, &k, ALERT_WARNING, T0, 0, T0, 0, 1, "unregistered");
	/* a folded flood entry: no MAC in its key */
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	alert_key_mac(&k, MAC2);
	alert_key_fold(&k);
	alert_raise(t, &k, ALERT_WARNING, T0, 0, 1, "flood");
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	k.fold = 1;
	assert_string_equal(alert_key_text(&k, text), "mac_unknown|-|-|-|-|1");
	assert_string_equal(alert_id_str(alert_key_id(&k), id), "595cd0abb02061fa");
	assert_non_null(alert_find_id(t, alert_key_id(&k)));

	/* the report carries it; a restore gives every entry the same id */
	arr = alert_table_json(t);
	u = alert_table_new(16);
	assert_int_equal(alert_table_restore(u, arr), 3);
	for (i = 0; i < 3; i++) {
		const char *s = json_string_value(json_object_get(json_array_get(arr, i), "id"));

		assert_int_equal(alert_id_parse(s, &v), 0);
		assert_non_null(alert_find_id(t, v));
		assert_non_null(alert_find_id(u, v));
	}
	json_decref(arr);
	assert_null(alert_find_id(t, 0x0123456789abcdefull));
	/* parsing: 16 hex digits, either case, nothing else */
	assert_int_equal(alert_id_parse("C5430C30811077DC", &v), 0);
	assert_true(v == 0xc5430c30811077dcull);
	assert_int_equal(alert_id_parse("c5430c30811077d", &v), -1);
	assert_int_equal(alert_id_parse("c5430c30811077dcc", &v), -1);
	assert_int_equal(alert_id_parse("c5430c30811077dg", &v), -1);
	assert_int_equal(alert_id_parse(NULL, &v), -1);
	alert_table_free(u);
	alert_table_free(t);
}

static const char *ack_note_of(const json_t *a)
{
	return json_string_value(json_object_get(json_object_get(a, "acknowledged"), "note"));
}

static void test_ack(void **state)
{
	struct alert_table *t = alert_table_new(16), *u;
	char longnote[700];
	struct alert_key k, c;
	struct alert *a;
	json_t *j, *arr;

	(void)state;
	alert_key_init(&k, ALERT_ROGUE_RA);
	alert_key_mac(&k, MAC1);
	a = alert_raise(t, &k, ALERT_CRITICAL, T0, 0, 1, "RA");
	j = only(t);
	assert_true(json_is_null(json_object_get(j, "acknowledged")));
	json_decref(j);
	alert_ack(a, T0 + 90, "ticket 4711");
	j = only(t);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j,
	    "acknowledged"), "time")), "2026-11-02T10:01:30Z");
	assert_string_equal(ack_note_of(j), "ticket 4711");
	json_decref(j);
	/* more occurrences of the same episode keep it */
	alert_raise(t, &k, ALERT_CRITICAL, T0 + 100, 0, 5, "RA");
	assert_true(a->acked);

	/* a restart: state.json's alerts back into a new table */
	alert_key_init(&c, ALERT_V6_SILENT);
	alert_key_asn(&c, 64502);
	alert_ack(alert_set(t, &c, ALERT_WARNING, T0, 0, T0, 0, 1, "silent"),
	    T0 + 5, "member says: router swap tonight");
	arr = alert_table_json(t);
	u = alert_table_new(16);
	assert_int_equal(alert_table_restore(u, arr), 2);
	json_decref(arr);
	a = alert_find(u, &k);
	assert_non_null(a);
	assert_true(a->acked);
	assert_true(a->ack_sec == T0 + 90);
	assert_string_equal(a->ack_note, "ticket 4711");
	a = alert_find(u, &c);
	assert_true(a->acked && a->open);

	/* recomputed while open: still acknowledged; closed and reopened: spent */
	alert_set(u, &c, ALERT_WARNING, T0, 0, T0 + 60, 0, 2, "silent");
	assert_true(a->acked);
	alert_close(u, &c);
	assert_true(a->acked);
	alert_set(u, &c, ALERT_WARNING, T0, 0, T0 + 120, 0, 3, "silent again");
	assert_false(a->acked);
	assert_string_equal(a->ack_note, "");

	/* a note longer than kept is cut before a UTF-8 sequence, never inside */
	memset(longnote, 'x', sizeof(longnote));
	memcpy(longnote + ALERT_NOTE_LEN - 2, "\xc3\xa9", 2); /* é across the cut */
	longnote[sizeof(longnote) - 1] = '\0';
	alert_ack(a, T0, longnote);
	assert_int_equal(strlen(a->ack_note), ALERT_NOTE_LEN - 2);
	arr = alert_table_json(u);
	assert_non_null(json_object_get(json_array_get(arr, 1), "acknowledged"));
	assert_false(json_is_null(json_object_get(json_array_get(arr, 1), "acknowledged")));
	json_decref(arr);
	alert_unack(a);
	assert_false(a->acked);
	alert_table_free(u);
	alert_table_free(t);
}

/* An alert moved to its member keeps its acknowledgement. */
static int owner_64500(void *ctx, const uint8_t mac[6], const char *detail,
    uint32_t *asnum, char *out, size_t outlen)
{
	(void)ctx;
	(void)mac;
	*asnum = 64500;
	snprintf(out, outlen, "%s (AS64500)", detail);
	return 1;
}

static void test_ack_moves(void **state)
{
	struct alert_table *t = alert_table_new(16);
	struct alert_key k;
	struct alert *a;

	(void)state;
	alert_key_init(&k, ALERT_ROGUE_RA);
	alert_key_mac(&k, MAC1);
	alert_ack(alert_raise(t, &k, ALERT_CRITICAL, T0, 0, 1, "RA"), T0, "seen");
	assert_int_equal(alert_table_attribute(t, owner_64500, NULL), 1);
	alert_key_asn(&k, 64500);
	a = alert_find(t, &k);
	assert_non_null(a);
	assert_true(a->acked);
	assert_string_equal(a->ack_note, "seen");
	alert_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aggregation),
		cmocka_unit_test(test_key_parts),
		cmocka_unit_test(test_severity_escalation),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_json_order),
		cmocka_unit_test(test_condition),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_attribute),
		cmocka_unit_test(test_names_match_contract),
		cmocka_unit_test(test_json_type_names),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_ack),
		cmocka_unit_test(test_ack_moves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
