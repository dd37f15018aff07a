/*
 * portsec.c - port-security violations from switch syslog, explained.
 *
 * Design notes in portsec.h.  The one piece of real analysis is the
 * misaligned-frame check, the same idea as an_misaligned() on the capture
 * path but from the six bytes the switch printed: an IPv6 header (RFC
 * 8200 3) is version/class/flow (4 bytes), payload length (2), next
 * header (1), hop limit (1), source address (16).  A router that sends
 * the packet without its 14-byte Ethernet header (18 with 802.1Q) makes
 * the switch read header bytes 6..11 (next header, hop limit, the first
 * four bytes of the source address) as the source MAC; since every member
 * sources from the LAN prefix, those four bytes are the prefix's first
 * four.  Other shifts put the prefix at offset 0 or 1.  The MAC then
 * belongs to nobody, and the member is the one on the port, not a MAC
 * owner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze/analyzer.h"
#include "common/log.h"
#include "analyze/portsec.h"
#include "common/fmt.h"

#define PORTSEC_SUBJECT_MAX (SYSLOG_SWITCH_LEN + SYSLOG_PORT_LEN + 2)

int portsec_mac_misaligned(const struct addr_prefix *lan_v6, const uint8_t mac[6])
{
	int i;

	if (lan_v6 == NULL || lan_v6->len < 32)
		return -1;
	for (i = 0; i + 4 <= 6; i++)
		if (memcmp(mac + i, lan_v6->addr, 4) == 0)
			return i;
	return -1;
}

static int lc(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Length of the interface-type part: leading letters and dashes. */
static size_t type_len(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	    (n > 0 && s[n] == '-'))
		n++;
	return n;
}

static int prefix_ci(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i;

	if (na > nb)
		return 0;
	for (i = 0; i < na; i++)
		if (lc(a[i]) != lc(b[i]))
			return 0;
	return 1;
}

/* `msg` equals `tab`, or is `tab` plus a Junos logical unit ".N". */
static int rest_match(const char *msg, const char *tab)
{
	size_t n = strlen(tab), i;

	if (strncasecmp(msg, tab, n) != 0)
		return 0;
	if (msg[n] == '\0')
		return 1;
	if (msg[n] != '.' || msg[n + 1] == '\0')
		return 0;
	for (i = n + 1; msg[i]; i++)
		if (msg[i] < '0' || msg[i] > '9')
			return 0;
	return 1;
}

static int port_match(const char *msg, const char *tab)
{
	size_t tm = type_len(msg), tt = type_len(tab);

	if (!rest_match(msg + tm, tab + tt))
		return 0;
	if (tm == tt)
		return prefix_ci(msg, tm, tab, tt);
	if (tm < 2 || tt < 2) /* "e1" is no abbreviation we trust */
		return 0;
	return tm < tt ? prefix_ci(msg, tm, tab, tt) : prefix_ci(tab, tt, msg, tm);
}

static int switch_match(const char *msg, const char *tab)
{
	const char *dm, *dt;

	if (tab[0] == '\0' || strcmp(tab, "*") == 0)
		return 1;
	if (strcasecmp(msg, tab) == 0)
		return 1;
	dm = strchr(msg, '.');
	dt = strchr(tab, '.');
	if (dm && !dt)
		return (size_t)(dm - msg) == strlen(tab) &&
		    strncasecmp(msg, tab, strlen(tab)) == 0;
	if (dt && !dm)
		return (size_t)(dt - tab) == strlen(msg) &&
		    strncasecmp(msg, tab, strlen(msg)) == 0;
	return 0;
}

const struct portsec_port *portsec_port_lookup(const struct portsec_port *ports,
    size_t n, const char *sw, const char *port)
{
	size_t i;

	if (ports == NULL || port == NULL || port[0] == '\0')
		return NULL;
	if (sw == NULL)
		sw = "";
	for (i = 0; i < n; i++)
		if (switch_match(sw, ports[i].sw) && port_match(port, ports[i].port))
			return &ports[i];
	return NULL;
}

static const char *next_header_name(uint8_t nh)
{
	switch (nh) {
	case 0: return "hop-by-hop options";
	case 6: return "TCP, as BGP sessions use";
	case 17: return "UDP, as BFD uses";
	case 44: return "fragment";
	case 58: return "ICMPv6";
	}
	return "an unusual protocol";
}

/* "AS64500 (Alpha Net)" for an ASN, with the name when registered. */
static const char *asn_label(const struct portsec_env *env, uint32_t asnum,
    char buf[AN_LABEL_LEN])
{
	const struct reg_member *m = env->reg ? reg_by_asn(env->reg, asnum) : NULL;

	if (m)
		return an_member_label(m, buf);
	snprintf(buf, AN_LABEL_LEN, "AS%u", asnum);
	return buf;
}

static void explain_misaligned(const struct portsec_env *env,
    const struct syslog_violation *v, int at, const struct portsec_port *row,
    char *out, size_t size)
{
	char pfx[FMT_IP_LEN], who[AN_LABEL_LEN], fields[160];
	uint8_t src4[16];

	memset(src4, 0, sizeof(src4));
	memcpy(src4, env->lan_v6.addr, 4);
	fmt_ip(pfx, 6, env->lan_v6.addr);
	if (at == 2)
		snprintf(fields, sizeof(fields),
		    "next header %u (%s), hop limit %u, then the first 4 bytes "
		    "of the source address", v->mac[0], next_header_name(v->mac[0]),
		    v->mac[1]);
	else if (at == 1)
		snprintf(fields, sizeof(fields),
		    "hop limit %u, then the first 5 bytes of the source address",
		    v->mac[0]);
	else
		snprintf(fields, sizeof(fields),
		    "the first 6 bytes of the source address");
	snprintf(out, size,
	    "is not a MAC but an IPv6 header read as one (%s, which hold the "
	    "peering LAN's prefix %s/%u): a misaligned frame, an IPv6 packet "
	    "sent without its L2 header, from %s",
	    fields, pfx, env->lan_v6.len,
	    row ? asn_label(env, row->asnum, who) :
	    "the router on that port (no member mapped to it in syslog.ports)");
}

struct alert *portsec_raise(const struct portsec_env *env,
    const struct syslog_violation *v, const char *origin, int64_t now)
{
	const struct portsec_port *row;
	const struct reg_member *owner = NULL;
	char sw[SYSLOG_SWITCH_LEN], where[SYSLOG_SWITCH_LEN + SYSLOG_PORT_LEN + 40];
	char subject[PORTSEC_SUBJECT_MAX], mac[FMT_MAC_LEN], body[ALERT_DETAIL_LEN + 64];
	char a[AN_LABEL_LEN], b[AN_LABEL_LEN];
	struct alert_key k;
	int at = -1, has_asn = 0;
	uint32_t asnum = 0;

	snprintf(sw, sizeof(sw), "%s", v->sw[0] ? v->sw :
	    (origin && origin[0] ? origin : "?"));
	row = portsec_port_lookup(env->ports, env->n_ports, sw, v->port);
	if (v->has_mac) {
		fmt_mac(mac, v->mac);
		at = portsec_mac_misaligned(&env->lan_v6, v->mac);
		if (at < 0 && env->reg)
			owner = reg_by_mac(env->reg, v->mac);
	}
	if (row) {
		has_asn = 1;
		asnum = row->asnum;
	} else if (owner) {
		has_asn = 1;
		asnum = owner->asnum;
	}

	if (v->vlan >= 0)
		snprintf(where, sizeof(where), "switch %s port %s vlan %d", sw,
		    v->port[0] ? v->port : "?", v->vlan);
	else
		snprintf(where, sizeof(where), "switch %s port %s", sw,
		    v->port[0] ? v->port : "?");

	if (!v->has_mac) {
		snprintf(body, sizeof(body),
		    "more MACs than the port allows (the message names none)%s%s",
		    row ? " on the port of " : "", row ? asn_label(env, asnum, a) : "");
	} else if (at >= 0) {
		char why[ALERT_DETAIL_LEN];

		explain_misaligned(env, v, at, row, why, sizeof(why));
		snprintf(body, sizeof(body), "MAC %s %s", mac, why);
	} else if (owner && row && owner->asnum == row->asnum) {
		snprintf(body, sizeof(body),
		    "MAC %s is registered to %s, the member on that port, but is "
		    "not the MAC the port allows: a second MAC of the member "
		    "(router replaced or added?)", mac, an_member_label(owner, a));
	} else if (owner && row) {
		snprintf(body, sizeof(body),
		    "MAC %s is registered to %s but was seen on the port of %s",
		    mac, an_member_label(owner, a), asn_label(env, row->asnum, b));
	} else if (owner) {
		snprintf(body, sizeof(body),
		    "MAC %s is registered to %s: a second MAC of that member on "
		    "one port (router replaced or added?)", mac,
		    an_member_label(owner, a));
	} else if (env->reg) {
		snprintf(body, sizeof(body),
		    "MAC %s is not registered to any member%s%s%s", mac,
		    row ? " (on the port of " : "", row ? asn_label(env, asnum, a) : "",
		    row ? ")" : "");
	} else {
		snprintf(body, sizeof(body),
		    "MAC %s (no member list loaded)%s%s%s", mac,
		    row ? " on the port of " : "", row ? asn_label(env, asnum, a) : "",
		    "");
	}

	alert_key_init(&k, ALERT_PORT_SECURITY_VIOLATION);
	if (v->has_mac)
		alert_key_mac(&k, v->mac);
	if (has_asn)
		alert_key_asn(&k, asnum);
	snprintf(subject, sizeof(subject), "%s %s", sw, v->port);
	alert_key_subject(&k, subject); /* cut to ALERT_SUBJECT_LEN */
	return alert_raise(env->alerts, &k,
	    v->shutdown ? ALERT_CRITICAL : ALERT_WARNING,
	    v->has_time ? v->sec : now, v->has_time ? v->nsec : 0, 1,
	    "port-security violation on %s: %s%s [%s]", where, body,
	    v->shutdown ? "; the switch shut the port" : "", v->pattern_name);
}

/* ---- the switch-port table and custom patterns from a file ------------ */

static const char *const field_names[SYSLOG_F_MAX] = {"switch", "port", "mac",
    "vlan"};

static void map_ports(struct portsec_map *m, const json_t *ports,
    void (*err)(void *, const char *, const char *), void *ctx)
{
	const json_t *o;
	char where[64];
	size_t i;

	m->ports = xcalloc(json_array_size(ports) + 1, sizeof(*m->ports));
	json_array_foreach(ports, i, o) {
		const char *sw = json_string_value(json_object_get(o, "switch"));
		const char *port = json_string_value(json_object_get(o, "port"));
		json_int_t asn = json_integer_value(json_object_get(o, "asnum"));
		struct portsec_port *p = &m->ports[m->n_ports];

		snprintf(where, sizeof(where), "ports[%zu]", i);
		if (port == NULL || asn <= 0 || asn > UINT32_MAX ||
		    (json_object_get(o, "switch") && sw == NULL)) {
			err(ctx, where, "want {\"switch\": STRING, \"port\": STRING, \"asnum\": N}; skipped");
			continue;
		}
		if (strlen(port) >= sizeof(p->port) || (sw && strlen(sw) >= sizeof(p->sw))) {
			err(ctx, where, "switch or port name too long; skipped");
			continue;
		}
		snprintf(p->sw, sizeof(p->sw), "%s", sw ? sw : "*");
		snprintf(p->port, sizeof(p->port), "%s", port);
		p->asnum = (uint32_t)asn;
		m->n_ports++;
	}
}

static void map_patterns(struct portsec_map *m, const json_t *pats,
    void (*err)(void *, const char *, const char *), void *ctx)
{
	const json_t *o;
	char where[64];
	size_t i;

	m->specs = xcalloc(json_array_size(pats) + 1, sizeof(*m->specs));
	json_array_foreach(pats, i, o) {
		struct syslog_pattern_spec *sp = &m->specs[m->n_specs];
		const json_t *fields = json_object_get(o, "fields");
		int f, ok = 1;

		snprintf(where, sizeof(where), "patterns[%zu]", i);
		sp->regex = json_string_value(json_object_get(o, "regex"));
		sp->name = json_string_value(json_object_get(o, "name"));
		sp->shutdown = json_is_true(json_object_get(o, "shutdown"));
		if (sp->regex == NULL || !json_is_object(fields)) {
			err(ctx, where, "want {\"regex\": STRING, \"fields\": {...}}; skipped");
			continue;
		}
		for (f = 0; f < SYSLOG_F_MAX; f++) {
			const json_t *g = json_object_get(fields, field_names[f]);

			if (g == NULL)
				continue;
			if (!json_is_integer(g) || json_integer_value(g) < 1 ||
			    json_integer_value(g) > 9) {
				err(ctx, where, "fields: a group number is not 1..9; skipped");
				ok = 0;
				break;
			}
			sp->group[f] = (uint8_t)json_integer_value(g);
		}
		if (ok)
			m->n_specs++;
	}
}

struct portsec_map *portsec_map_load(const char *path,
    void (*err)(void *ctx, const char *where, const char *what), void *ctx,
    char *msg, size_t msglen)
{
	struct portsec_map *m;
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	const char *key;
	json_t *v;

	if (root == NULL) {
		snprintf(msg, msglen, "%s: %s (line %d, column %d)", path, jerr.text,
		    jerr.line, jerr.column);
		fmt_printable(msg); /* jansson quotes the bytes near the error */
		return NULL;
	}
	if (!json_is_object(root)) {
		snprintf(msg, msglen, "%s: not a JSON object", path);
		json_decref(root);
		return NULL;
	}
	json_object_foreach(root, key, v) {
		char where[64];

		if (strcmp(key, "ports") == 0 || strcmp(key, "patterns") == 0 || key[0] == '_')
			continue;
		snprintf(where, sizeof(where), "%s", key);
		err(ctx, fmt_printable(where), "unknown key (want ports, patterns)");
	}
	m = xcalloc(1, sizeof(*m));
	m->json = root;
	map_ports(m, json_object_get(root, "ports"), err, ctx);
	map_patterns(m, json_object_get(root, "patterns"), err, ctx);
	return m;
}

void portsec_map_free(struct portsec_map *m)
{
	if (m == NULL)
		return;
	free(m->ports);
	free(m->specs);
	json_decref(m->json);
	free(m);
}
