/*
 * test_syslog.c - the switch-syslog parser and port-security matcher
 * (capture/syslog.h).
 *
 * The parser: RFC 3164 with and without PRI, with the oddities real
 * switches send (Cisco "*" clocks, fractions, a year, no hostname, doubled
 * spaces); RFC 5424 with NIL fields, offsets, fractions, the BOM and
 * structured data whose values escape '"', '\' and ']'; garbage (NUL
 * bytes, bad PRI, broken 5424 headers), empty and overlong input.  Every
 * piece returned must point inside the input.  The matcher: every built-in
 * vendor message, configured patterns with their group-to-field mapping,
 * bad patterns reported at load with their index, patterns that could make
 * matching slow refused by name, lines cut to SYSLOG_MATCH_LEN for them.  The MAC spellings
 * themselves are tests/unit/test_addr.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "capture/syslog.h"

#define YEAR 2026

static const uint8_t MAC_EX[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};

/* A piece equals `want` (NULL: absent). */
static void str_is(struct syslog_str s, const char *want)
{
	if (want == NULL) {
		assert_int_equal(s.len, 0);
		return;
	}
	if (s.len != strlen(want) || memcmp(s.p, want, s.len) != 0)
		print_message("got \"%.*s\", want \"%s\"\n", (int)s.len,
		    s.p ? s.p : "", want);
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.p, want, s.len);
}

static void inside(struct syslog_str s, const char *buf, size_t len)
{
	if (s.len == 0)
		return;
	assert_true(s.p >= buf && s.p + s.len <= buf + len);
}

static int parse(const char *line, struct syslog_msg *m)
{
	size_t len = strlen(line);
	int rc = syslog_parse((const uint8_t *)line, len, YEAR, m);

	inside(m->timestamp, line, len);
	inside(m->hostname, line, len);
	inside(m->app_name, line, len);
	inside(m->procid, line, len);
	inside(m->msgid, line, len);
	inside(m->sd, line, len);
	inside(m->msg, line, len);
	inside(m->content, line, len);
	return rc;
}

/* ---- RFC 3164 ---------------------------------------------------------- */

static void test_3164_basic(void **state)
{
	struct syslog_msg m;

	(void)state;
	assert_int_equal(parse("<149>Jun 21 14:03:12  vmx01 l2ald[2902]: "
	    "L2ALD_MAC_LIMIT_REACHED_IF: Limit on learned MAC addresses reached "
	    "for ge-1/0/23.0; current count is 3", &m), 0);
	assert_int_equal(m.format, SYSLOG_FMT_3164);
	assert_int_equal(m.pri, 149);
	assert_int_equal(m.facility, 18);
	assert_int_equal(m.severity, 5);
	str_is(m.timestamp, "Jun 21 14:03:12");
	assert_true(m.has_time);
	assert_int_equal(m.sec, 1782050592); /* 2026-06-21T14:03:12Z */
	str_is(m.hostname, "vmx01");
	str_is(m.app_name, "l2ald");
	str_is(m.procid, "2902");
	str_is(m.msg, "L2ALD_MAC_LIMIT_REACHED_IF: Limit on learned MAC "
	    "addresses reached for ge-1/0/23.0; current count is 3");
}

static void test_3164_no_pri(void **state)
{
	struct syslog_msg m;

	(void)state;
	assert_int_equal(parse("Mar  1 00:09:18 sw1 sshd: hello", &m), 0);
	assert_int_equal(m.pri, -1);
	assert_int_equal(m.facility, -1);
	assert_int_equal(m.severity, -1);
	str_is(m.timestamp, "Mar  1 00:09:18");
	str_is(m.hostname, "sw1");
	str_is(m.app_name, "sshd");
	str_is(m.msg, "hello");
}

static void test_3164_cisco_forms(void **state)
{
	struct syslog_msg m;

	(void)state;
	/* Cisco's own: unsynced clock, fraction, no hostname. */
	assert_int_equal(parse("<186>*Mar  1 00:09:18.123: %PORT_SECURITY-2-"
	    "PSECURE_VIOLATION: Security violation occurred, caused by MAC "
	    "address 0011.2233.4455 on port GigabitEthernet1/0/1.", &m), 0);
	str_is(m.timestamp, "*Mar  1 00:09:18.123");
	assert_int_equal(m.nsec, 123000000);
	str_is(m.hostname, NULL);
	str_is(m.app_name, "%PORT_SECURITY-2-PSECURE_VIOLATION");
	/* With a year and a hostname. */
	assert_int_equal(parse("<186>Feb 23 2025 13:51:36 sw2.ix.example "
	    "%PM-4-ERR_DISABLE: psecure-violation error detected on Gi4/13, "
	    "putting Gi4/13 in err-disable state", &m), 0);
	assert_int_equal(m.sec, 1740318696); /* 2025-02-23T13:51:36Z */
	str_is(m.hostname, "sw2.ix.example");
	/* A sequence number first: no date, no hostname, message whole. */
	assert_int_equal(parse("<189>123: sw1: *Mar  1 00:09:18: %LINK-3-UPDOWN: x",
	    &m), 0);
	assert_false(m.has_time);
	str_is(m.hostname, NULL);
	str_is(m.content, "123: sw1: *Mar  1 00:09:18: %LINK-3-UPDOWN: x");
	/* A date that is not a date: Feb 30. Text kept, no epoch. */
	assert_int_equal(parse("<13>Feb 30 10:00:00 h t: x", &m), 0);
	str_is(m.timestamp, "Feb 30 10:00:00");
	assert_false(m.has_time);
	/* Only a message. */
	assert_int_equal(parse("<13>just words", &m), 0);
	str_is(m.msg, "just words");
	str_is(m.hostname, NULL);
	/* Trailing line end stripped. */
	assert_int_equal(parse("<13>Jan  2 03:04:05 h app: m\r\n", &m), 0);
	str_is(m.msg, "m");
}

/* ---- RFC 5424 ---------------------------------------------------------- */

static void test_5424_full(void **state)
{
	struct syslog_msg m;

	(void)state;
	assert_int_equal(parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com "
	    "evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" "
	    "eventID=\"1011\"] An application event", &m), 0);
	assert_int_equal(m.format, SYSLOG_FMT_5424);
	assert_int_equal(m.pri, 165);
	assert_int_equal(m.sec, 1065910455);
	assert_int_equal(m.nsec, 3000000);
	str_is(m.hostname, "mymachine.example.com");
	str_is(m.app_name, "evntslog");
	str_is(m.procid, NULL);
	str_is(m.msgid, "ID47");
	str_is(m.sd, "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" "
	    "eventID=\"1011\"]");
	str_is(m.msg, "An application event");
}

static void test_5424_offset_nil_bom(void **state)
{
	struct syslog_msg m;
	const char *line = "<34>1 2003-08-24T05:14:15.000003-07:00 - - - - - "
	    "\xef\xbb\xbfhello";

	(void)state;
	assert_int_equal(parse(line, &m), 0);
	assert_int_equal(m.sec, 1061727255); /* 12:14:15Z */
	assert_int_equal(m.nsec, 3000);
	str_is(m.hostname, NULL);
	str_is(m.app_name, NULL);
	str_is(m.sd, NULL);
	assert_true(m.has_bom);
	str_is(m.msg, "hello");
	/* NIL timestamp, no MSG at all */
	assert_int_equal(parse("<34>1 - host app 12 - -", &m), 0);
	assert_false(m.has_time);
	str_is(m.msg, NULL);
	str_is(m.procid, "12");
}

static void test_5424_sd_escapes(void **state)
{
	struct syslog_msg m;

	(void)state;
	assert_int_equal(parse("<14>1 2026-01-01T00:00:00Z h a - - "
	    "[x@1 a=\"q\\\"uote\" b=\"br]ack\\]et\" c=\"back\\\\\"][y@2] tail ] text",
	    &m), 0);
	str_is(m.sd, "[x@1 a=\"q\\\"uote\" b=\"br]ack\\]et\" c=\"back\\\\\"][y@2]");
	str_is(m.msg, "tail ] text");
	/* unterminated value, missing ], bad name, no space before MSG */
	assert_int_equal(parse("<14>1 - h a - - [x@1 a=\"open] m", &m), -1);
	assert_int_equal(m.status, SYSLOG_MALFORMED);
	assert_int_equal(parse("<14>1 - h a - - [x@1 a=\"v\"", &m), -1);
	assert_int_equal(parse("<14>1 - h a - - [x@1 =\"v\"] m", &m), -1);
	assert_int_equal(parse("<14>1 - h a - - [x@1]m", &m), -1);
	assert_int_equal(parse("<14>1 - h a - - nosd", &m), -1);
}

static void test_5424_bad_header(void **state)
{
	struct syslog_msg m;

	(void)state;
	assert_int_equal(parse("<14>1 2026-13-01T00:00:00Z h a - - - m", &m), -1);
	assert_int_equal(parse("<14>1 2026-01-01T00:00:00 h a - - - m", &m), -1);
	assert_int_equal(parse("<14>1 2026-01-01T25:00:00Z h a - - - m", &m), -1);
	assert_int_equal(parse("<14>1 - h", &m), -1);
	assert_int_equal(parse("<14>1 - h a p mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm - m",
	    &m), -1); /* MSGID over 32 */
	assert_non_null(m.why);
}

/* ---- garbage ----------------------------------------------------------- */

static void test_garbage(void **state)
{
	static const uint8_t bin[] = {'<', '1', '3', '>', 'a', 0, 'b', 0xff, 0x80};
	static char big[SYSLOG_MAX_LEN * 2];
	struct syslog_msg m;
	struct syslog_violation v;
	struct syslog_matcher *sm = syslog_matcher_new(NULL, 0, NULL, NULL, NULL);

	(void)state;
	assert_non_null(sm);
	assert_int_equal(syslog_parse(bin, sizeof(bin), YEAR, &m), -1);
	assert_int_equal(m.status, SYSLOG_MALFORMED);
	assert_int_equal(syslog_process(sm, bin, sizeof(bin), YEAR, &m, &v),
	    SYSLOG_R_MALFORMED);
	assert_int_equal(syslog_process(sm, (const uint8_t *)"", 0, YEAR, &m, &v),
	    SYSLOG_R_EMPTY);
	assert_int_equal(syslog_process(sm, NULL, 0, YEAR, &m, &v), SYSLOG_R_EMPTY);
	assert_int_equal(syslog_process(sm, (const uint8_t *)"\r\n\0", 3, YEAR,
	    &m, &v), SYSLOG_R_EMPTY);
	assert_int_equal(parse("<192>x", &m), -1);  /* PRI > 191 */
	assert_int_equal(parse("<>x", &m), -1);
	assert_int_equal(parse("<1234>x", &m), -1);
	assert_int_equal(parse("<13", &m), -1);
	assert_int_equal(parse("<13x", &m), -1);
	/* high bytes without NUL: a line, just not port security */
	assert_int_equal(syslog_process(sm, bin + 7, 2, YEAR, &m, &v), SYSLOG_R_OTHER);
	assert_int_equal(syslog_process(sm, (const uint8_t *)"<13>hello", 9, YEAR,
	    &m, &v), SYSLOG_R_OTHER);
	/* overlong: parsed up to the limit, flagged */
	memset(big, 'A', sizeof(big));
	memcpy(big, "<13>Jan  1 00:00:00 h t: ", 25);
	assert_int_equal(syslog_parse((const uint8_t *)big, sizeof(big), YEAR, &m), 0);
	assert_true(m.truncated);
	assert_true(m.msg.p + m.msg.len <= big + SYSLOG_MAX_LEN);
	assert_int_equal(syslog_process(sm, (const uint8_t *)big, sizeof(big), YEAR,
	    &m, &v), SYSLOG_R_OTHER);
	syslog_matcher_free(sm);
}

/* ---- built-in vendor messages ------------------------------------------ */

struct want {
	const char *line;
	const char *pattern;
	const char *sw;
	const char *port;
	int has_mac;
	int vlan;
	int shutdown;
};

static void check_line(const struct syslog_matcher *sm, const struct want *w)
{
	struct syslog_msg m;
	struct syslog_violation v;
	enum syslog_result r;

	r = syslog_process(sm, (const uint8_t *)w->line, strlen(w->line), YEAR, &m, &v);
	if (r != SYSLOG_R_VIOLATION)
		print_message("no match: %s (%s)\n", w->line, syslog_result_name(r));
	assert_int_equal(r, SYSLOG_R_VIOLATION);
	assert_string_equal(v.pattern_name, w->pattern);
	assert_string_equal(v.sw, w->sw);
	assert_string_equal(v.port, w->port);
	assert_int_equal(v.has_mac, w->has_mac);
	if (w->has_mac)
		assert_memory_equal(v.mac, MAC_EX, 6);
	assert_int_equal(v.vlan, w->vlan);
	assert_int_equal(v.shutdown, w->shutdown);
}

static void test_builtin_vendors(void **state)
{
	static const struct want wants[] = {
		{"<186>Mar  1 00:09:18 sw1 %PORT_SECURITY-2-PSECURE_VIOLATION: "
		    "Security violation occurred, caused by MAC address 0011.2233.4455 "
		    "on port GigabitEthernet1/0/1.",
		    "cisco-ios-psecure-violation", "sw1", "GigabitEthernet1/0/1", 1, -1, 0},
		/* Cisco's own format via a relay, sequence number and all */
		{"<186>Mar  1 00:09:18 sw1 412: *Mar  1 00:09:18.123: "
		    "%PORT_SECURITY-2-PSECURE_VIOLATION: Security violation occurred, "
		    "caused by MAC address 0011.2233.4455 on port Gi1/0/1.",
		    "cisco-ios-psecure-violation", "sw1", "Gi1/0/1", 1, -1, 0},
		{"<186>*Mar  1 00:09:18.123: %PORT_SECURITY-2-PSECURE_VIOLATION_VLAN: "
		    "Security violation on port GigabitEthernet1/0/2 due to MAC address "
		    "0011.2233.4455 on VLAN 10",
		    "cisco-ios-psecure-violation-vlan", "", "GigabitEthernet1/0/2", 1, 10, 1},
		/* the wording the brief gives: "in vlan" */
		{"<186>Mar  1 00:09:18 sw1 %PORT_SECURITY-2-PSECURE_VIOLATION_VLAN: "
		    "Security violation occurred, caused by MAC address 0011.2233.4455 "
		    "on port Gi1/0/3 in vlan 200.",
		    "cisco-ios-psecure-violation-vlan", "sw1", "Gi1/0/3", 1, 200, 1},
		{"<188>Feb 23 13:51:36 sw1 %PM-4-ERR_DISABLE: psecure-violation error "
		    "detected on Gi4/13, putting Gi4/13 in err-disable state",
		    "cisco-ios-errdisable-psecure", "sw1", "Gi4/13", 0, -1, 1},
		{"<186>2026 Mar  1 00:09:18 UTC: %ETH_PORT_SEC-2-ETH_PORT_SEC_SECURITY_"
		    "VIOLATION_MAX_MAC_VLAN: Port Ethernet1/1 moved to SECURE-SHUTDOWN "
		    "state as host 0011.2233.4455 is trying to access the port in vlan 10",
		    "cisco-nxos-eth-port-sec", "", "Ethernet1/1", 1, 10, 1},
		{"<186>Mar  1 00:09:18 nx1 %ETH_PORT_SEC-2-ETH_PORT_SEC_SECURITY_"
		    "VIOLATION_MAX_MAC_VLAN: Port Ethernet1/1 moved to SECURE-RESTRICT "
		    "state as host 00:11:22:33:44:55 is trying to access the port in "
		    "vlan 10",
		    "cisco-nxos-eth-port-sec", "nx1", "Ethernet1/1", 1, 10, 0},
		{"<186>1 2026-03-01T00:09:18Z nx2 - - - - %ETH_PORT_SEC-2-"
		    "ETH_PORT_SEC_SECURITY_VIOLATION_MAC_MOVE: Port Ethernet2/3 moved "
		    "to err-disabled state as host 0011.2233.4455 is trying to access "
		    "the port in vlan 4094",
		    "cisco-nxos-eth-port-sec", "nx2", "Ethernet2/3", 1, 4094, 1},
		{"<149>Jun 21 14:03:12  vmx01 l2ald[2902]: L2ALD_MAC_LIMIT_REACHED_IF: "
		    "Limit on learned MAC addresses reached for ge-1/0/23.0; current "
		    "count is 3",
		    "juniper-l2ald-mac-limit-if", "vmx01", "ge-1/0/23.0", 0, -1, 0},
		/* the same over RFC 5424 with the Junos tag as MSGID */
		{"<149>1 2026-06-21T14:03:12.123+02:00 vmx01 l2ald 2902 "
		    "L2ALD_MAC_LIMIT_REACHED_IF [junos@2636.1.1.1.2.18 "
		    "interface-name=\"ge-1/0/23.0\"] Limit on learned MAC addresses "
		    "reached for ge-1/0/23.0; current count is 3",
		    "juniper-l2ald-mac-limit-if", "vmx01", "ge-1/0/23.0", 0, -1, 0},
		{"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_MAC_LIMIT_EXCEEDED: MAC "
		    "limit (1) exceeded at ge-0/0/1.0",
		    "juniper-eswd-mac-limit", "ex1", "ge-0/0/1.0", 0, -1, 0},
		{"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_MAC_LIMIT_BLOCK: MAC "
		    "limit (1) exceeded at ge-0/0/2.0: shutting down the interface",
		    "juniper-eswd-mac-limit", "ex1", "ge-0/0/2.0", 0, -1, 1},
		{"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_MAC_LIMIT_DROP: MAC "
		    "limit (1) exceeded at xe-0/0/3.0: dropping the packet",
		    "juniper-eswd-mac-limit", "ex1", "xe-0/0/3.0", 0, -1, 0},
		{"<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_INVALID_MAC_ADDRESS: Invalid "
		    "MAC address 00:11:22:33:44:55 received on ge-0/0/4.0",
		    "juniper-eswd-invalid-mac", "ex1", "ge-0/0/4.0", 1, -1, 0},
	};
	struct syslog_matcher *sm;
	size_t i;

	(void)state;
	sm = syslog_matcher_new(NULL, 0, NULL, NULL, NULL);
	assert_non_null(sm);
	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		check_line(sm, &wants[i]);
	syslog_matcher_free(sm);
}

static void test_builtin_near_misses(void **state)
{
	static const char *const lines[] = {
		"<189>Mar  1 00:09:18 sw1 %LINK-3-UPDOWN: Interface Gi1/0/1, changed "
		    "state to down",
		"<186>Mar  1 00:09:18 sw1 %PORT_SECURITY-2-PSECURE_VIOLATION: Security "
		    "violation occurred",  /* neither MAC nor port */
		"<189>Mar  1 00:09:18 sw1 %PM-4-ERR_DISABLE: bpduguard error detected "
		    "on Gi1/0/1, putting Gi1/0/1 in err-disable state",
		"<149>Jun 21 14:03:12 vmx01 l2ald[2902]: L2ALD_MAC_LIMIT_RESET_IF: "
		    "Resumed adding MAC addresses learned by ge-1/0/23.0; current count is 0",
		"<13>PORT_SECURITY PSECURE_VIOLATION MAC address 0011.2233.4455 on port x",
		NULL,
	};
	static const char garbled[] = "<186>Mar  1 00:09:18 sw1 "
	    "%PORT_SECURITY-2-PSECURE_VIOLATION: Security violation occurred, "
	    "caused by MAC address 0011.2233.44zz on port Gi1/0/1.";
	struct syslog_matcher *sm = syslog_matcher_new(NULL, 0, NULL, NULL, NULL);
	struct syslog_msg m;
	struct syslog_violation v;
	int i;

	(void)state;
	for (i = 0; lines[i]; i++) {
		enum syslog_result r = syslog_process(sm, (const uint8_t *)lines[i],
		    strlen(lines[i]), YEAR, &m, &v);

		if (r != SYSLOG_R_OTHER)
			print_message("unexpected match: %s\n", lines[i]);
		assert_int_equal(r, SYSLOG_R_OTHER);
	}
	/* A garbled MAC in a real message: port still reported, no MAC. */
	assert_int_equal(syslog_process(sm, (const uint8_t *)garbled,
	    strlen(garbled), YEAR, &m, &v), SYSLOG_R_VIOLATION);
	assert_false(v.has_mac);
	assert_string_equal(v.port, "Gi1/0/1");
	syslog_matcher_free(sm);
}

/* ---- configured patterns ----------------------------------------------- */

struct errlog {
	int n;
	size_t index[40];
	char what[40][256];
};

static void collect(void *ctx, size_t index, const char *what)
{
	struct errlog *e = ctx;

	if (e->n < 40) {
		e->index[e->n] = index;
		snprintf(e->what[e->n], sizeof(e->what[0]), "%s", what);
	}
	e->n++;
}

static void test_custom_patterns(void **state)
{
	/* Arista-style and a made-up vendor, fields in any order. */
	static const struct syslog_pattern_spec specs[] = {
		{"vendor-x", "MACSEC-VIOL: switch=([^ ]+) mac=([^ ]+) vlan=([0-9]+) "
		    "if=([^ ]+)", {[SYSLOG_F_SWITCH] = 1, [SYSLOG_F_MAC] = 2,
		    [SYSLOG_F_VLAN] = 3, [SYSLOG_F_PORT] = 4}, 0},
		{NULL, "PORTSEC_SHUT: (port|intf) ([^ ,]+), (source )?([0-9a-fA-F.:-]+)",
		    {[SYSLOG_F_PORT] = 2, [SYSLOG_F_MAC] = 4}, 1},
	};
	struct errlog e;
	struct syslog_matcher *sm;
	struct syslog_msg m;
	struct syslog_violation v;
	const char *l1 = "<132>Mar  1 00:09:18 relay vx: MACSEC-VIOL: switch=edge7 "
	    "mac=00-11-22-33-44-55 vlan=99 if=et-1/2/3";
	const char *l2 = "<132>1 2026-03-01T00:09:18Z sw9 - - - - PORTSEC_SHUT: "
	    "intf Ethernet7, source 001122334455";
	const char *l3 = "<132>Mar  1 00:09:18 relay vx: MACSEC-VIOL: switch=edge7 "
	    "mac=nonsense vlan=99 if=et-1";
	int nerr = -1;

	(void)state;
	memset(&e, 0, sizeof(e));
	sm = syslog_matcher_new(specs, 2, collect, &e, &nerr);
	assert_non_null(sm);
	assert_int_equal(nerr, 0);
	assert_int_equal(syslog_matcher_count(sm), 2);

	assert_int_equal(syslog_process(sm, (const uint8_t *)l1, strlen(l1), YEAR,
	    &m, &v), SYSLOG_R_VIOLATION);
	assert_false(v.builtin);
	assert_int_equal(v.pattern, 0);
	assert_string_equal(v.pattern_name, "vendor-x");
	assert_string_equal(v.sw, "edge7"); /* the field beats the hostname */
	assert_string_equal(v.port, "et-1/2/3");
	assert_memory_equal(v.mac, MAC_EX, 6);
	assert_int_equal(v.vlan, 99);
	assert_false(v.shutdown);

	assert_int_equal(syslog_process(sm, (const uint8_t *)l2, strlen(l2), YEAR,
	    &m, &v), SYSLOG_R_VIOLATION);
	assert_int_equal(v.pattern, 1);
	assert_string_equal(v.pattern_name, "pattern 1");
	assert_string_equal(v.sw, "sw9");
	assert_string_equal(v.port, "Ethernet7");
	assert_memory_equal(v.mac, MAC_EX, 6);
	assert_int_equal(v.vlan, -1);
	assert_true(v.shutdown);
	assert_true(v.has_time);

	/* the MAC group holds no MAC: not a violation */
	assert_int_equal(syslog_process(sm, (const uint8_t *)l3, strlen(l3), YEAR,
	    &m, &v), SYSLOG_R_OTHER);
	syslog_matcher_free(sm);
}

static void test_custom_before_builtin(void **state)
{
	static const struct syslog_pattern_spec spec = {"mine",
	    "PSECURE_VIOLATION: .* MAC address ([0-9a-f.]+) on port ([^ ]+)\\.$",
	    {[SYSLOG_F_MAC] = 1, [SYSLOG_F_PORT] = 2}, 1};
	struct syslog_matcher *sm = syslog_matcher_new(&spec, 1, NULL, NULL, NULL);
	struct syslog_msg m;
	struct syslog_violation v;
	const char *l = "<186>Mar  1 00:09:18 sw1 %PORT_SECURITY-2-PSECURE_VIOLATION: "
	    "Security violation occurred, caused by MAC address 0011.2233.4455 on "
	    "port Gi1/0/1.";

	(void)state;
	assert_int_equal(syslog_process(sm, (const uint8_t *)l, strlen(l), YEAR,
	    &m, &v), SYSLOG_R_VIOLATION);
	assert_string_equal(v.pattern_name, "mine");
	assert_true(v.shutdown);
	syslog_matcher_free(sm);
}

static void test_bad_patterns(void **state)
{
	struct syslog_pattern_spec specs[40];
	struct errlog e;
	struct syslog_matcher *sm;
	int nerr = 0, i;

	(void)state;
	memset(specs, 0, sizeof(specs));
	for (i = 0; i < 40; i++) {
		specs[i].regex = "ok (x)";
		specs[i].group[SYSLOG_F_PORT] = 1;
	}
	specs[1].regex = "unbalanced (";
	specs[3].regex = "one (group)";
	specs[3].group[SYSLOG_F_MAC] = 2;             /* beyond the regex */
	specs[5].group[SYSLOG_F_PORT] = 0;            /* neither port nor mac */
	specs[6].regex = "";
	specs[7].group[SYSLOG_F_VLAN] = SYSLOG_MAX_GROUP + 1;
	specs[8].regex = NULL;
	memset(&e, 0, sizeof(e));
	sm = syslog_matcher_new(specs, 40, collect, &e, &nerr);
	assert_non_null(sm);
	/* 6 bad ones, then 34 good: 32 kept, the last 2 over the limit */
	assert_int_equal(syslog_matcher_count(sm), SYSLOG_MAX_PATTERNS);
	assert_int_equal(nerr, 6 + 2);
	assert_int_equal(e.n, nerr);
	assert_int_equal(e.index[0], 1);
	assert_non_null(strstr(e.what[0], "does not compile"));
	assert_int_equal(e.index[1], 3);
	assert_non_null(strstr(e.what[1], "mac"));
	assert_int_equal(e.index[2], 5);
	assert_int_equal(e.index[3], 6);
	assert_int_equal(e.index[4], 7);
	assert_int_equal(e.index[5], 8);
	assert_int_equal(e.index[6], 38);
	assert_non_null(strstr(e.what[6], "too many"));
	assert_int_equal(e.index[7], 39);
	syslog_matcher_free(sm);
	/* no callback, no counter: still fine */
	sm = syslog_matcher_new(specs, 10, NULL, NULL, NULL);
	assert_non_null(sm);
	assert_int_equal(syslog_matcher_count(sm), 4);
	syslog_matcher_free(sm);
	syslog_matcher_free(NULL);
	assert_string_equal(syslog_field_name(SYSLOG_F_VLAN), "vlan");
	assert_string_equal(syslog_result_name(SYSLOG_R_MALFORMED), "malformed");
}

/*
 * Patterns that could hold the loop in regexec() are refused at load, each
 * reported with its index and name; the ordinary ones load.
 */
static void test_slow_patterns(void **state)
{
	static const struct syslog_pattern_spec specs[] = {
		{"bref", "PSEC: port ([^ ]+) again (\\1)", {[SYSLOG_F_PORT] = 1}, 0},
		{"nested", "PSEC: (([a-z]+)+) port ([^ ]+)", {[SYSLOG_F_PORT] = 3}, 0},
		{"arista-example", "PORTSEC[A-Z_]*: .*[Ii]nterface ([^ ,]+).* "
		    "([0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4})( vlan ([0-9]+))?",
		    {[SYSLOG_F_PORT] = 1, [SYSLOG_F_MAC] = 2, [SYSLOG_F_VLAN] = 4}, 0},
		{"dotstar", "(.*)*port ([^ ]+)", {[SYSLOG_F_PORT] = 2}, 0},
		{"huge", "port ([^ ]+)x{0,1000}", {[SYSLOG_F_PORT] = 1}, 0},
		{"copies", "port ([^ ]+)(.{0,60})(.{0,60})", {[SYSLOG_F_PORT] = 1}, 0},
		{"wild", "a.*b.*c.*d.*port ([^ ]+)", {[SYSLOG_F_PORT] = 1}, 0},
		{"mac-pairs", "port ([^ ]+) mac ([0-9a-f]{2}(:[0-9a-f]{2}){5})",
		    {[SYSLOG_F_PORT] = 1, [SYSLOG_F_MAC] = 2}, 0},
		{NULL, "x([a-z]*)*(y)", {[SYSLOG_F_PORT] = 2}, 0},
	};
	struct errlog e;
	struct syslog_matcher *sm;
	struct syslog_msg m;
	struct syslog_violation v;
	const char *l = "<188>Nov 22 10:00:04 sw3 %ETHSEC-4-PORTSEC_VIOLATION: "
	    "interface Ethernet7 saw 0011.2233.4499 vlan 12";
	int nerr = -1;

	(void)state;
	memset(&e, 0, sizeof(e));
	sm = syslog_matcher_new(specs, sizeof(specs) / sizeof(specs[0]), collect,
	    &e, &nerr);
	assert_non_null(sm);
	assert_int_equal(nerr, 7);
	assert_int_equal(e.n, 7);
	assert_int_equal(syslog_matcher_count(sm), 2); /* arista, mac-pairs */
	assert_int_equal(e.index[0], 0);
	assert_non_null(strstr(e.what[0], "\"bref\": "));
	assert_non_null(strstr(e.what[0], "backreference \\1"));
	assert_int_equal(e.index[1], 1);
	assert_non_null(strstr(e.what[1], "\"nested\": "));
	assert_non_null(strstr(e.what[1], "nested quantifier"));
	assert_int_equal(e.index[2], 3);
	assert_non_null(strstr(e.what[2], "nested quantifier"));
	assert_int_equal(e.index[3], 4);
	assert_non_null(strstr(e.what[3], "{0,1000}"));
	assert_int_equal(e.index[4], 5);
	assert_non_null(strstr(e.what[4], "copies"));
	assert_int_equal(e.index[5], 6);
	assert_non_null(strstr(e.what[5], "wildcards"));
	assert_int_equal(e.index[6], 8);
	assert_ptr_equal(strchr(e.what[6], '"'), NULL); /* no name, no quotes */
	assert_non_null(strstr(e.what[6], "nested quantifier"));

	assert_int_equal(syslog_process(sm, (const uint8_t *)l, strlen(l), YEAR,
	    &m, &v), SYSLOG_R_VIOLATION);
	assert_string_equal(v.pattern_name, "arista-example");
	assert_int_equal(v.pattern, 2);
	assert_string_equal(v.port, "Ethernet7");
	assert_int_equal(v.vlan, 12);
	syslog_matcher_free(sm);
}

/* Patterns see at most SYSLOG_MATCH_LEN bytes of a line, whatever its length. */
static void test_match_cut(void **state)
{
	static const struct syslog_pattern_spec spec = {"marker",
	    "MARK port=([^ ]+)", {[SYSLOG_F_PORT] = 1}, 0};
	struct syslog_matcher *sm = syslog_matcher_new(&spec, 1, NULL, NULL, NULL);
	static char line[SYSLOG_MAX_LEN + 1];
	const char *head = "<13>Jan  2 03:04:05 sw1 tag: ";
	const char *mark = "MARK port=Gi1/0/9";
	struct syslog_msg m;
	struct syslog_violation v;
	size_t hl = strlen(head), ml = strlen(mark), tl = strlen("tag: "), n;

	(void)state;
	assert_non_null(sm);
	/* the marker ends on the last byte patterns see: a match */
	n = hl + SYSLOG_MATCH_LEN - tl;
	memset(line, 'x', sizeof(line));
	memcpy(line, head, hl);
	memcpy(line + n - ml, mark, ml);
	line[n - ml - 1] = ' ';
	assert_int_equal(syslog_process(sm, (const uint8_t *)line, n, YEAR, &m, &v),
	    SYSLOG_R_VIOLATION);
	assert_string_equal(v.port, "Gi1/0/9");
	/* one byte further: cut off, the port reads "Gi1/0/" */
	memmove(line + n - ml + 1, line + n - ml, ml);
	line[n - ml] = ' ';
	assert_int_equal(syslog_process(sm, (const uint8_t *)line, n + 1, YEAR, &m,
	    &v), SYSLOG_R_VIOLATION);
	assert_string_equal(v.port, "Gi1/0/");
	/* past byte 1024 of a 4 KB line: never seen */
	memset(line, 'x', sizeof(line));
	memcpy(line, head, hl);
	memcpy(line + 1100, " MARK port=Gi1/0/9 ", ml + 2);
	memcpy(line + SYSLOG_MAX_LEN - ml - 1, " MARK port=Gi1/0/9", ml + 1);
	assert_int_equal(syslog_process(sm, (const uint8_t *)line, SYSLOG_MAX_LEN,
	    YEAR, &m, &v), SYSLOG_R_OTHER);
	assert_int_equal(syslog_process(sm, (const uint8_t *)line, 1100 + ml + 1,
	    YEAR, &m, &v), SYSLOG_R_OTHER);
	/* the same marker early in the line matches */
	memcpy(line + 100, " MARK port=Gi1/0/9 ", ml + 2);
	assert_int_equal(syslog_process(sm, (const uint8_t *)line, SYSLOG_MAX_LEN,
	    YEAR, &m, &v), SYSLOG_R_VIOLATION);
	assert_string_equal(v.port, "Gi1/0/9");
	syslog_matcher_free(sm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_3164_basic),
		cmocka_unit_test(test_3164_no_pri),
		cmocka_unit_test(test_3164_cisco_forms),
		cmocka_unit_test(test_5424_full),
		cmocka_unit_test(test_5424_offset_nil_bom),
		cmocka_unit_test(test_5424_sd_escapes),
		cmocka_unit_test(test_5424_bad_header),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_builtin_vendors),
		cmocka_unit_test(test_builtin_near_misses),
		cmocka_unit_test(test_custom_patterns),
		cmocka_unit_test(test_custom_before_builtin),
		cmocka_unit_test(test_bad_patterns),
		cmocka_unit_test(test_slow_patterns),
		cmocka_unit_test(test_match_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
