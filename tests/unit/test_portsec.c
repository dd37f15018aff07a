/*
 * test_portsec.c - port-security violations turned into alerts
 * (analyze/portsec.h) against the tiny IX-F export tests/syslog/members.json
 * (LAN 2001:db8:7f8::/64; AS64500 Alpha Net with 00:00:5e:00:53:01, AS64501
 * Beta with 02:00:00:00:00:20 and :21).
 *
 * Member mapping by the port table (long/short interface names, Junos
 * units, FQDN switches, wildcard switch) and by the registry; the
 * classification: a MAC that is the LAN's IPv6 prefix read as a MAC
 * (06xx.2001.07f8 in an exchange's logs, here 0640.2001.0db8) is a misaligned
 * frame from the port's member, an unknown MAC is "not registered to any
 * member", a member's second MAC says so; severity, key, subject and time.
 * Lines go through the real parser and matcher, as the listener will.
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
#include "analyze/portsec.h"
#include "capture/syslog.h"
#include "common/addr.h"

#define MEMBERS "tests/syslog/members.json"
#define NOW 1793613600 /* 2026-11-02T10:00:00Z */

static const struct portsec_port PORTS[] = {
	{"sw1", "Gi1/0/1", 64500},
	{"sw1", "Gi1/0/2", 64501},
	{"nx1.ix.example", "Ethernet1/1", 64501},
	{"ex1", "ge-0/0/1", 64500},
	{"*", "Te9/9", 64511},
};
#define N_PORTS (sizeof(PORTS) / sizeof(PORTS[0]))

struct fix {
	struct registry *reg;
	struct syslog_matcher *sm;
	struct alert_table *alerts;
	struct portsec_env env;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct reg_opts o;
	char err[256];

	memset(&o, 0, sizeof(o));
	o.vlan_id = -1;
	f->reg = reg_load(MEMBERS, &o, NULL, NULL, err, sizeof(err));
	if (f->reg == NULL)
		print_message("reg_load: %s\n", err);
	assert_non_null(f->reg);
	f->sm = syslog_matcher_new(NULL, 0, NULL, NULL, NULL);
	f->alerts = alert_table_new(64);
	f->env.reg = f->reg;
	f->env.ports = PORTS;
	f->env.n_ports = N_PORTS;
	f->env.lan_v6 = *reg_lan_v6(f->reg);
	f->env.alerts = f->alerts;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	alert_table_free(f->alerts);
	syslog_matcher_free(f->sm);
	reg_free(f->reg);
	free(f);
	return 0;
}

/* One line through parser, matcher and portsec_raise. */
static struct alert *feed(struct fix *f, const char *line, const char *origin)
{
	struct syslog_msg m;
	struct syslog_violation v;
	struct alert *a;

	assert_int_equal(syslog_process(f->sm, (const uint8_t *)line, strlen(line),
	    2026, &m, &v), SYSLOG_R_VIOLATION);
	a = portsec_raise(&f->env, &v, origin, NOW);
	assert_non_null(a);
	print_message("  %s: %s\n", alert_severity_name(a->severity), a->detail);
	return a;
}

static char *ios(const char *host, const char *mac, const char *port)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "<186>Mar  1 00:09:18 %s %%PORT_SECURITY-2-"
	    "PSECURE_VIOLATION: Security violation occurred, caused by MAC "
	    "address %s on port %s.", host, mac, port);
	return buf;
}

static void mac_is(const struct alert *a, const char *s)
{
	uint8_t want[6];

	assert_int_equal(addr_mac_parse(s, strlen(s), want), 0);
	assert_true(a->key.has_mac);
	assert_memory_equal(a->key.mac, want, 6);
}

static void has(const struct alert *a, const char *sub)
{
	if (strstr(a->detail, sub) == NULL)
		print_message("missing \"%s\" in: %s\n", sub, a->detail);
	assert_non_null(strstr(a->detail, sub));
}

/* ---- the port table ---------------------------------------------------- */

static void test_port_lookup(void **state)
{
	const struct portsec_port *p;

	(void)state;
	p = portsec_port_lookup(PORTS, N_PORTS, "sw1", "GigabitEthernet1/0/1");
	assert_non_null(p);
	assert_int_equal(p->asnum, 64500);
	p = portsec_port_lookup(PORTS, N_PORTS, "SW1", "gi1/0/2");
	assert_non_null(p);
	assert_int_equal(p->asnum, 64501);
	p = portsec_port_lookup(PORTS, N_PORTS, "sw1.ix.example", "Gi1/0/1");
	assert_non_null(p); /* FQDN in the log, short name in the table */
	p = portsec_port_lookup(PORTS, N_PORTS, "nx1", "Eth1/1");
	assert_non_null(p); /* and the other way round, abbreviated port */
	assert_int_equal(p->asnum, 64501);
	p = portsec_port_lookup(PORTS, N_PORTS, "ex1", "ge-0/0/1.0");
	assert_non_null(p); /* Junos logical unit */
	assert_int_equal(p->asnum, 64500);
	p = portsec_port_lookup(PORTS, N_PORTS, "anything", "TenGigabitEthernet9/9");
	assert_non_null(p); /* wildcard switch */
	assert_int_equal(p->asnum, 64511);

	assert_null(portsec_port_lookup(PORTS, N_PORTS, "sw1", "Gi1/0/10"));
	assert_null(portsec_port_lookup(PORTS, N_PORTS, "sw1", "Te1/0/1"));
	assert_null(portsec_port_lookup(PORTS, N_PORTS, "sw2", "Gi1/0/1"));
	assert_null(portsec_port_lookup(PORTS, N_PORTS, "sw1x", "Gi1/0/1"));
	assert_null(portsec_port_lookup(PORTS, N_PORTS, "ex1", "ge-0/0/1.x"));
	assert_null(portsec_port_lookup(PORTS, N_PORTS, "ex1", "ge-0/0/10"));
	assert_null(portsec_port_lookup(PORTS, N_PORTS, "sw1", "G1/0/1"));
	assert_null(portsec_port_lookup(PORTS, N_PORTS, "sw1", ""));
	assert_null(portsec_port_lookup(NULL, 0, "sw1", "Gi1/0/1"));
}

static void test_misaligned_offsets(void **state)
{
	struct addr_prefix p;
	static const uint8_t at2[6] = {0x06, 0x40, 0x20, 0x01, 0x0d, 0xb8};
	static const uint8_t at1[6] = {0x40, 0x20, 0x01, 0x0d, 0xb8, 0x07};
	static const uint8_t at0[6] = {0x20, 0x01, 0x0d, 0xb8, 0x07, 0xf8};
	static const uint8_t none[6] = {0x20, 0x01, 0x0d, 0xb9, 0x07, 0xf8};

	(void)state;
	assert_int_equal(addr_prefix_parse("2001:db8:7f8::/64", 6, &p, NULL), 0);
	assert_int_equal(portsec_mac_misaligned(&p, at2), 2);
	assert_int_equal(portsec_mac_misaligned(&p, at1), 1);
	assert_int_equal(portsec_mac_misaligned(&p, at0), 0);
	assert_int_equal(portsec_mac_misaligned(&p, none), -1);
	assert_int_equal(addr_prefix_parse("2001:db8::/29", 6, &p, NULL), 0);
	assert_int_equal(portsec_mac_misaligned(&p, at2), -1); /* shorter than /32 */
	assert_int_equal(portsec_mac_misaligned(NULL, at2), -1);
}

/* ---- alerts ------------------------------------------------------------ */

static void test_unknown_mac_by_port(void **state)
{
	struct fix *f = *state;
	struct alert *a;

	a = feed(f, ios("sw1", "0011.2233.4455", "GigabitEthernet1/0/1"), NULL);
	assert_int_equal(a->key.type, ALERT_PORT_SECURITY_VIOLATION);
	assert_int_equal(a->severity, ALERT_WARNING);
	mac_is(a, "00:11:22:33:44:55");
	assert_true(a->key.has_asn);
	assert_int_equal(a->key.asnum, 64500);
	assert_string_equal(a->key.subject, "sw1 GigabitEthernet1/0/");
	assert_int_equal(strlen(a->key.subject), ALERT_SUBJECT_LEN - 1);
	has(a, "not registered to any member");
	has(a, "AS64500 (Alpha Net)");
	has(a, "switch sw1 port GigabitEthernet1/0/1");
	has(a, "[cisco-ios-psecure-violation]");
	/* the syslog time: 2026-03-01T00:09:18Z */
	assert_int_equal(a->first_sec, 1772323758);
	/* the same again folds into one alert */
	a = feed(f, ios("sw1", "0011.2233.4455", "GigabitEthernet1/0/1"), NULL);
	assert_int_equal(a->count, 2);
	assert_int_equal(alert_table_count(f->alerts), 1);
}

static void test_member_by_registry(void **state)
{
	struct fix *f = *state;
	struct alert *a;

	/* a port nobody mapped: the MAC's owner is the member */
	a = feed(f, ios("sw7", "0000.5e00.5301", "Gi2/0/9"), NULL);
	assert_true(a->key.has_asn);
	assert_int_equal(a->key.asnum, 64500);
	has(a, "registered to AS64500 (Alpha Net)");
	has(a, "second MAC");
	/* unknown MAC, unknown port: no ASN */
	a = feed(f, ios("sw7", "02aa.bbcc.ddee", "Gi2/0/9"), NULL);
	assert_false(a->key.has_asn);
	has(a, "not registered to any member");
}

static void test_second_mac_on_own_port(void **state)
{
	struct fix *f = *state;
	struct alert *a;

	a = feed(f, ios("sw1", "0200.0000.0021", "Gi1/0/2"), NULL);
	assert_int_equal(a->key.asnum, 64501);
	has(a, "registered to AS64501 (Beta), the member on that port");
	has(a, "second MAC of the member");
	/* a MAC of another member on Beta's port */
	a = feed(f, ios("sw1", "0000.5e00.5301", "Gi1/0/2"), NULL);
	assert_int_equal(a->key.asnum, 64501); /* the port's member */
	has(a, "registered to AS64500 (Alpha Net) but was seen on the port of "
	    "AS64501 (Beta)");
}

static void test_misaligned_from_port_member(void **state)
{
	struct fix *f = *state;
	struct alert *a;
	const char *nx = "<186>Mar  1 00:09:18 nx1 %ETH_PORT_SEC-2-ETH_PORT_SEC_"
	    "SECURITY_VIOLATION_MAX_MAC_VLAN: Port Ethernet1/1 moved to "
	    "SECURE-SHUTDOWN state as host 0640.2001.0db8 is trying to access "
	    "the port in vlan 10";

	a = feed(f, nx, NULL);
	assert_int_equal(a->severity, ALERT_CRITICAL);
	mac_is(a, "06:40:20:01:0d:b8");
	assert_int_equal(a->key.asnum, 64501);
	has(a, "MAC 06:40:20:01:0d:b8 is not a MAC");
	has(a, "next header 6 (TCP");
	has(a, "hop limit 64");
	has(a, "2001:db8:7f8::/64");
	has(a, "misaligned frame");
	has(a, "from AS64501 (Beta)");
	has(a, "vlan 10");
	has(a, "the switch shut the port");
	/* the same bytes from a port nobody mapped */
	a = feed(f, ios("sw9", "0640.2001.0db8", "Gi1/0/1"), NULL);
	assert_false(a->key.has_asn);
	has(a, "misaligned frame");
	has(a, "the router on that port");
	/* shifted by one: hop limit first */
	a = feed(f, ios("sw1", "4020.010d.b807", "Gi1/0/1"), NULL);
	assert_int_equal(a->key.asnum, 64500);
	has(a, "hop limit 64, then the first 5 bytes");
	/* without a LAN prefix there is nothing to compare with */
	f->env.lan_v6.len = 0;
	a = feed(f, ios("sw1", "0640.2001.0db8", "Gi1/0/1"), NULL);
	f->env.lan_v6 = *reg_lan_v6(f->reg);
	has(a, "not registered to any member");
}

static void test_no_mac_and_origin(void **state)
{
	struct fix *f = *state;
	struct alert *a;
	struct syslog_violation v;
	const char *jun = "<9>Jun 21 14:03:12 ex1 eswd[1201]: ESWD_MAC_LIMIT_BLOCK: "
	    "MAC limit (1) exceeded at ge-0/0/1.0: shutting down the interface";
	const char *cisco = "<188>*Mar  1 00:09:18.123: %PM-4-ERR_DISABLE: "
	    "psecure-violation error detected on Gi1/0/2, putting Gi1/0/2 in "
	    "err-disable state";

	a = feed(f, jun, NULL);
	assert_false(a->key.has_mac);
	assert_int_equal(a->severity, ALERT_CRITICAL);
	assert_int_equal(a->key.asnum, 64500);
	assert_string_equal(a->key.subject, "ex1 ge-0/0/1.0");
	has(a, "names none");
	/* no hostname in the line: the sender's name maps it */
	a = feed(f, cisco, "sw1");
	assert_int_equal(a->key.asnum, 64501);
	assert_string_equal(a->key.subject, "sw1 Gi1/0/2");
	/* no time in the header: `now` */
	memset(&v, 0, sizeof(v));
	v.vlan = -1;
	snprintf(v.port, sizeof(v.port), "Gi1/0/1");
	v.has_mac = 1;
	memcpy(v.mac, "\x02\x00\x00\x00\x00\x99", 6);
	a = portsec_raise(&f->env, &v, NULL, NOW);
	assert_non_null(a);
	assert_int_equal(a->first_sec, NOW);
	assert_string_equal(a->key.subject, "? Gi1/0/1");
}

static void test_no_registry(void **state)
{
	struct fix *f = *state;
	struct portsec_env env = f->env;
	struct syslog_msg m;
	struct syslog_violation v;
	struct alert *a;
	const char *l = ios("sw1", "00-00-5e-00-53-01", "Gi1/0/1");
	json_t *j, *e;

	env.reg = NULL;
	env.ports = NULL;
	env.n_ports = 0;
	assert_int_equal(syslog_process(f->sm, (const uint8_t *)l, strlen(l), 2026,
	    &m, &v), SYSLOG_R_VIOLATION);
	a = portsec_raise(&env, &v, NULL, NOW);
	assert_non_null(a);
	assert_false(a->key.has_asn);
	has(a, "no member list loaded");
	j = alert_table_json(f->alerts);
	e = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(e, "type")),
	    "port_security_violation");
	assert_string_equal(json_string_value(json_object_get(e, "mac")),
	    "00:00:5e:00:53:01");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_lookup),
		cmocka_unit_test(test_misaligned_offsets),
		cmocka_unit_test_setup_teardown(test_unknown_mac_by_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_by_registry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_mac_on_own_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misaligned_from_port_member, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_mac_and_origin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_registry, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
