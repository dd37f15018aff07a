/*
 * fuzz_syslog.c - the syslog parser, the port-security matcher and the
 * alert explanation on arbitrary bytes.
 *
 * The whole input is one datagram.  It is parsed, every piece the parser
 * returns is checked to lie inside the input (abort otherwise), then it
 * goes through a long-lived matcher holding two configured patterns
 * besides the built-ins, and a match is raised through portsec_raise()
 * with a port table and the documentation LAN prefix, so the
 * misaligned-MAC explainer sees hostile MACs too.  No registry: the
 * registry has its own tests; this is about the syslog path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alert.h"
#include "analyze/portsec.h"
#include "capture/syslog.h"
#include "common/addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct syslog_pattern_spec specs[] = {
	{"kv", "switch=([^ ]+) mac=([^ ]+) vlan=([0-9]+) if=([^ ]+)",
	    {[SYSLOG_F_SWITCH] = 1, [SYSLOG_F_MAC] = 2, [SYSLOG_F_VLAN] = 3,
	    [SYSLOG_F_PORT] = 4}, 0},
	{"shut", "PORTSEC_SHUT: (port|intf) ([^ ,]+), (source )?([0-9a-fA-F.:-]+)",
	    {[SYSLOG_F_PORT] = 2, [SYSLOG_F_MAC] = 4}, 1},
};

static const struct portsec_port ports[] = {
	{"sw1", "Gi1/0/1", 64500},
	{"*", "Ethernet1/1", 64501},
};

static void inside(struct syslog_str s, const uint8_t *p, size_t n)
{
	const char *b = (const char *)p;

	if (s.len == 0)
		return;
	if (s.p < b || s.len > n || (size_t)(s.p - b) > n - s.len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct syslog_matcher *sm;
	static struct alert_table *alerts;
	static struct portsec_env env;
	struct syslog_msg m;
	struct syslog_violation v;
	enum syslog_result r;
	size_t n = size < SYSLOG_MAX_LEN ? size : SYSLOG_MAX_LEN;

	if (sm == NULL) {
		sm = syslog_matcher_new(specs, 2, NULL, NULL, NULL);
		alerts = alert_table_new(256); /* full tables drop: bounded */
		if (sm == NULL || alerts == NULL ||
		    addr_prefix_parse("2001:db8:7f8::/64", 6, &env.lan_v6, NULL) < 0)
			abort();
		env.ports = ports;
		env.n_ports = 2;
		env.alerts = alerts;
	}
	r = syslog_process(sm, data, size, 2026, &m, &v);
	inside(m.timestamp, data, n);
	inside(m.hostname, data, n);
	inside(m.app_name, data, n);
	inside(m.procid, data, n);
	inside(m.msgid, data, n);
	inside(m.sd, data, n);
	inside(m.msg, data, n);
	inside(m.content, data, n);
	if ((m.status == SYSLOG_OK) != (r == SYSLOG_R_VIOLATION || r == SYSLOG_R_OTHER))
		abort();
	if (m.pri > 191 || (m.pri >= 0 && (m.facility != m.pri / 8 ||
	    m.severity != m.pri % 8)))
		abort();
	if (r == SYSLOG_R_VIOLATION) {
		if (v.vlan < -1 || v.vlan > 4095 || memchr(v.sw, 0, sizeof(v.sw)) == NULL ||
		    memchr(v.port, 0, sizeof(v.port)) == NULL ||
		    (v.port[0] == '\0' && !v.has_mac))
			abort();
		portsec_raise(&env, &v, "192.0.2.1", 1793613600);
	}
	return 0;
}
