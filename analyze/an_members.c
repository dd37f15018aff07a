/*
 * an_members.c - per-member accounting and IPv6 status against the registry.
 *
 * Frames are attributed to a member by source MAC (the registry's MACs);
 * unknown MACs are accounted apart (an_mac.c).  Per member we keep IPv4 and
 * IPv6 frames and bytes, the MACs it was seen on (its registered ones, and
 * any other MAC sending from its registered addresses), whether it spoke
 * IPv4 (ARP or traffic) and the IPv6 addresses it sourced that belong to the
 * LAN (link-local, or inside the LAN prefix; transit sources are not
 * collected, they are the Internet's addresses, not the member's).
 *
 * IPv6 status (docs/contract.md): active = registered and seen sourcing
 * IPv6 (ND or traffic); silent = registered, never seen; unregistered =
 * seen, not registered; none = neither.  Exchanges report exactly these
 * gaps: members enable and disable IPv6 without telling anyone.  When an
 * active member kept sending IPv4 for more than thresholds.went_dark_after
 * seconds (capture time) after its last IPv6 frame, its IPv6 "went dark".
 *
 * Addressing schemes (policy.scheme): "asn" checks the AS-number scheme
 * where AS 6939 becomes prefix::a500:6939:1 - the decimal digits of the ASN
 * written as hex nibbles after "a5", right-aligned before the last group;
 * "ipv4-suffix" checks that the address ends in the member's IPv4 address
 * (as 32 bits, or as four groups spelled in decimal, ::80:249:208:5).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "capture/decode.h"
#include "common/fmt.h"
#include "common/log.h"
#include "common/oui.h"

#define MEMBER_MAX_MACS 8
#define MEMBER_MAX_V6   16

struct member_state {
	uint64_t v4_frames, v4_bytes, v6_frames, v6_bytes;
	int64_t last_v6_sec, last_v4_sec;
	uint32_t last_v6_nsec;
	uint8_t seen_v4, seen_v6;
	uint8_t n_macs, n_v6;
	uint8_t macs[MEMBER_MAX_MACS][6];
	uint8_t v6[MEMBER_MAX_V6][16];
	uint32_t macs_dropped, v6_dropped;
	const char *status;
	const char *scheme;
	int went_dark;
};

struct an_members {
	const struct an_env *env;
	size_t n;
	struct member_state *ms;
	int64_t now;
	int64_t first_sec; /* capture time of the first frame */
	int have_first;
};

static void *members_init(const struct an_env *env)
{
	struct an_members *a = xcalloc(1, sizeof(*a));

	a->env = env;
	if (env->reg) {
		a->n = reg_count(env->reg);
		a->ms = xcalloc(a->n ? a->n : 1, sizeof(*a->ms));
	}
	return a;
}

static void members_free(void *st)
{
	struct an_members *a = st;

	free(a->ms);
	free(a);
}

static struct member_state *state_of(struct an_members *a,
    const struct reg_member *m)
{
	return &a->ms[reg_member_index(a->env->reg, m)];
}

/* Record `mac` on member `m`; mac_multiple when over its policy. */
static void note_mac(struct an_members *a, const struct reg_member *m,
    const uint8_t mac[6], const struct frame_meta *meta)
{
	struct member_state *s = state_of(a, m);
	uint32_t allowed = a->env->cfg->macs_per_member;
	char label[AN_LABEL_LEN], macs[MEMBER_MAX_MACS * 19 + 1] = "";
	struct alert_key k;
	int i;

	for (i = 0; i < s->n_macs; i++)
		if (memcmp(s->macs[i], mac, 6) == 0)
			return;
	if (s->n_macs == MEMBER_MAX_MACS) {
		s->macs_dropped++;
		return;
	}
	memcpy(s->macs[s->n_macs++], mac, 6);
	if (allowed == 0)
		allowed = m->n_macs ? m->n_macs : 1;
	if (s->n_macs <= allowed)
		return;
	for (i = 0; i < s->n_macs; i++) {
		char one[FMT_MAC_LEN];

		strcat(macs, i ? ", " : "");
		strcat(macs, fmt_mac(one, s->macs[i]));
	}
	alert_key_init(&k, ALERT_MAC_MULTIPLE);
	alert_key_asn(&k, m->asnum);
	ALERT_RAISE(a->env->alerts, &k, ALERT_WARNING, meta->ts_sec, meta->ts_nsec, 1,
	    "%s was seen on %u MACs (%s), more than the %u its policy allows",
	    an_member_label(m, label), s->n_macs, macs, allowed);
}

static void note_v6(struct member_state *s, const uint8_t addr[16])
{
	int i;

	if (an_v6_is_unspecified(addr) || an_v6_is_multicast(addr))
		return;
	for (i = 0; i < s->n_v6; i++)
		if (memcmp(s->v6[i], addr, 16) == 0)
			return;
	if (s->n_v6 == MEMBER_MAX_V6) {
		s->v6_dropped++;
		return;
	}
	memcpy(s->v6[s->n_v6++], addr, 16);
}

static void members_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	struct an_members *a = st;
	const struct registry *reg = a->env->reg;
	const struct reg_member *mem, *owner = NULL;
	struct member_state *s;

	if (!a->have_first) {
		a->first_sec = m->ts_sec;
		a->have_first = 1;
	}
	if (reg == NULL || !(f->layers & DEC_HAS_SRCMAC))
		return;
	/*
	 * Whoever sends IP traffic from a member's registered address is one
	 * of its MACs.  ARP and ND are left out: spoofing them is what
	 * parasite6 does, and must not put the attacker on the victim's list
	 * (an_nd.c reports it as arp_spoof / nd_spoof).
	 */
	if ((f->layers & DEC_HAS_IP) && !(f->layers & DEC_HAS_ND) &&
	    f->tunnel == DEC_TUN_NONE)
		owner = f->ip.version == 4 ? reg_by_v4(reg, f->ip.src)
					   : reg_by_v6(reg, f->ip.src);
	if (owner)
		note_mac(a, owner, f->src_mac, m);

	mem = reg_by_mac(reg, f->src_mac);
	if (mem == NULL)
		return;
	s = state_of(a, mem);
	if (owner == NULL || owner != mem)
		note_mac(a, mem, f->src_mac, m);
	switch (f->eclass) {
	case DEC_EC_IPV4:
		s->v4_frames += m->weight;
		s->v4_bytes += (uint64_t)f->wirelen * m->weight;
		s->seen_v4 = 1;
		s->last_v4_sec = m->ts_sec;
		break;
	case DEC_EC_ARP:
		s->seen_v4 = 1;
		s->last_v4_sec = m->ts_sec;
		break;
	case DEC_EC_IPV6:
		s->v6_frames += m->weight;
		s->v6_bytes += (uint64_t)f->wirelen * m->weight;
		s->seen_v6 = 1;
		s->last_v6_sec = m->ts_sec;
		s->last_v6_nsec = m->ts_nsec;
		if (f->layers & DEC_HAS_IP) {
			if (an_v6_is_linklocal(f->ip.src) || an_in_lan(a->env, 6, f->ip.src) == 1)
				note_v6(s, f->ip.src);
			if ((f->layers & DEC_HAS_ND) && f->icmp_type == 136)
				note_v6(s, f->nd.target);
		}
		break;
	default:
		break;
	}
}

/* "a5" + the ASN's decimal digits as nibbles, right-aligned in bits 64..111. */
static int asn_scheme_ok(const uint8_t a[16], const struct reg_prefix *lan,
    uint32_t asnum, uint32_t suffix)
{
	char digits[16];
	uint8_t want[16] = {0};
	uint64_t nib = 0xa5;
	int len, i;

	if (lan && lan->len && !reg_prefix_contains(lan, 6, a))
		return 0;
	len = snprintf(digits, sizeof(digits), asnum <= 999999 ? "%06u" : "%010u", asnum);
	for (i = 0; i < len; i++)
		nib = nib << 4 | (uint64_t)(digits[i] - '0');
	for (i = 0; i < 6; i++) /* bytes 8..13 hold 48 bits */
		want[13 - i] = (uint8_t)(nib >> (8 * i));
	want[14] = (uint8_t)(suffix >> 8);
	want[15] = (uint8_t)suffix;
	return memcmp(a + 8, want + 8, 8) == 0;
}

/* Last 32 bits = IPv4, or the last four groups read as decimal = IPv4. */
static int v4_suffix_ok(const uint8_t a[16], const uint8_t v4[4])
{
	int i;

	if (memcmp(a + 12, v4, 4) == 0)
		return 1;
	for (i = 0; i < 4; i++) {
		unsigned g = (unsigned)a[8 + 2 * i] << 8 | a[9 + 2 * i];
		unsigned dec = (g >> 12) * 1000 + ((g >> 8) & 15) * 100 +
		    ((g >> 4) & 15) * 10 + (g & 15);

		if ((g >> 12) > 9 || ((g >> 8) & 15) > 9 || ((g >> 4) & 15) > 9 ||
		    (g & 15) > 9 || dec != v4[i])
			return 0;
	}
	return 1;
}

static const char *scheme_of(const struct an_members *a, const struct reg_member *m)
{
	const struct ixm_config *cfg = a->env->cfg;
	const struct reg_prefix *lan = cfg->n_lan_v6 ? &cfg->lan_v6[0] : reg_lan_v6(a->env->reg);
	int i;

	if (cfg->scheme == CFG_SCHEME_NONE || m->n_v6 == 0)
		return NULL;
	for (i = 0; i < m->n_v6; i++) {
		int ok;

		if (cfg->scheme == CFG_SCHEME_ASN)
			ok = asn_scheme_ok(m->v6[i], lan, m->asnum, cfg->scheme_suffix);
		else
			ok = m->n_v4 > 0 && v4_suffix_ok(m->v6[i], m->v4[0]);
		if (!ok)
			return "off-scheme";
	}
	return "ok";
}

/* Raise `k` once: a finding at every periodic report is still one finding. */
static int first_time(struct an_members *a, const struct alert_key *k)
{
	return alert_find(a->env->alerts, k) == NULL;
}

static void members_finish(void *st, int64_t now, int final)
{
	struct an_members *a = st;
	const struct ixm_config *cfg = a->env->cfg;
	char label[AN_LABEL_LEN], ts[FMT_TS_LEN], ip[FMT_IP_LEN];
	struct alert_key k;
	size_t i;

	a->now = now;
	for (i = 0; i < a->n; i++) {
		const struct reg_member *m = reg_member_at(a->env->reg, i);
		struct member_state *s = &a->ms[i];
		const int reg6 = m->n_v6 > 0;
		/* IPv6 BGP sessions (an_app.c) are IPv6 up, even with ND quiet. */
		const int bgp6 = a->env->shared->member_bgp &&
		    (a->env->shared->member_bgp[i] & 2);

		s->status = reg6 ? (s->seen_v6 || bgp6 ? "active" : "silent")
				 : (s->seen_v6 ? "unregistered" : "none");
		s->scheme = scheme_of(a, m);
		an_member_label(m, label);
		alert_key_init(&k, ALERT_V6_SILENT);
		alert_key_asn(&k, m->asnum);
		if (!strcmp(s->status, "silent")) {
			alert_key_ip(&k, 6, m->v6[0]);
			/* Live, give a member went_dark_after seconds to speak. */
			if (!first_time(a, &k) ||
			    (!final && now - a->first_sec < (int64_t)cfg->went_dark_after))
				continue;
			alert_raise(a->env->alerts, &k, ALERT_NOTICE, now, 0, 1,
			    "%s has IPv6 address %s registered but sent no IPv6 at all",
			    label, fmt_ip(ip, 6, m->v6[0]));
		} else if (!strcmp(s->status, "unregistered")) {
			k.type = ALERT_V6_UNREGISTERED;
			if (!first_time(a, &k))
				continue;
			alert_raise(a->env->alerts, &k, ALERT_WARNING, s->last_v6_sec,
			    s->last_v6_nsec, s->v6_frames,
			    "%s sends IPv6 but has no IPv6 address registered in the member list",
			    label);
		} else if (!strcmp(s->status, "active") &&
		    s->last_v4_sec - s->last_v6_sec > (int64_t)cfg->went_dark_after) {
			/*
			 * Dark on IPv6 while IPv4 went on: a member that
			 * vanished on both is down, not an IPv6 finding.
			 */
			s->went_dark = 1;
			k.type = ALERT_V6_WENT_DARK;
			if (!first_time(a, &k))
				continue;
			alert_raise(a->env->alerts, &k, ALERT_WARNING, s->last_v6_sec,
			    s->last_v6_nsec, 1,
			    "%s spoke IPv6 until %s, then only IPv4 for more than %u s",
			    label, fmt_rfc3339(ts, s->last_v6_sec, s->last_v6_nsec),
			    cfg->went_dark_after);
		}
	}
}

static json_t *mac_list(const uint8_t (*macs)[6], int n)
{
	json_t *arr = json_array();
	char buf[FMT_MAC_LEN];
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_string(fmt_mac(buf, macs[i])));
	return arr;
}

static void members_report(void *st, json_t *root)
{
	struct an_members *a = st;
	char ip[FMT_IP_LEN], ts[FMT_TS_LEN];
	uint8_t (*vmacs)[6];
	char (*vendors)[OUI_NAME_LEN];
	json_t *arr = json_array();
	size_t i;

	if (a->env->reg == NULL) {
		json_object_set_new(root, "members", arr);
		return;
	}
	/* Vendor by the first MAC seen, else the first registered. */
	vmacs = xcalloc(a->n ? a->n : 1, sizeof(*vmacs));
	vendors = xcalloc(a->n ? a->n : 1, sizeof(*vendors));
	for (i = 0; i < a->n; i++) {
		const struct reg_member *m = reg_member_at(a->env->reg, i);

		if (a->ms[i].n_macs)
			memcpy(vmacs[i], a->ms[i].macs[0], 6);
		else if (m->n_macs)
			memcpy(vmacs[i], m->macs[0], 6);
	}
	oui_lookup(OUI_DEFAULT_FILE, (const uint8_t (*)[6])vmacs, a->n, vendors);
	for (i = 0; i < a->n; i++) {
		const struct reg_member *m = reg_member_at(a->env->reg, i);
		struct member_state *s = &a->ms[i];
		json_t *o, *v6seen = json_array(), *v4, *v6;
		int j;

		for (j = 0; j < s->n_v6; j++)
			json_array_append_new(v6seen, json_string(fmt_ip(ip, 6, s->v6[j])));
		v4 = json_pack("{s:o,s:b,s:o}", "registered",
		    m->n_v4 ? json_string(fmt_ip(ip, 4, m->v4[0])) : json_null(),
		    "seen", s->seen_v4, "last_seen",
		    s->seen_v4 ? json_string(fmt_rfc3339(ts, s->last_v4_sec, 0)) : json_null());
		v6 = json_pack("{s:o,s:o,s:s,s:o,s:b,s:o}", "registered",
		    m->n_v6 ? json_string(fmt_ip(ip, 6, m->v6[0])) : json_null(),
		    "seen_addresses", v6seen, "status", s->status, "scheme",
		    s->scheme ? json_string(s->scheme) : json_null(), "went_dark",
		    s->went_dark, "last_seen",
		    s->seen_v6 ? json_string(fmt_rfc3339(ts, s->last_v6_sec, s->last_v6_nsec))
			       : json_null());
		o = json_pack("{s:I,s:s,s:{s:o,s:o},s:o,s:o,s:{s:o,s:o},s:o}",
		    "asnum", (json_int_t)m->asnum, "name", m->name, "macs",
		    "registered", mac_list((const uint8_t (*)[6])m->macs, m->n_macs),
		    "seen", mac_list((const uint8_t (*)[6])s->macs, s->n_macs),
		    "ipv4", v4, "ipv6", v6, "traffic", "ipv4",
		    an_count_json(s->v4_frames, s->v4_bytes), "ipv6",
		    an_count_json(s->v6_frames, s->v6_bytes), "vendor",
		    vendors[i][0] ? json_string(vendors[i]) : json_null());
		json_array_append_new(arr, o);
	}
	free(vmacs);
	free(vendors);
	json_object_set_new(root, "members", arr);
	json_object_set_new(root, "registry", reg_describe(a->env->reg));
}

static void members_restore(void *st, const json_t *root)
{
	struct an_members *a = st;
	const json_t *o;
	size_t i;

	if (a->env->reg == NULL)
		return;
	json_array_foreach(json_object_get(root, "members"), i, o) {
		const json_t *v4 = json_object_get(o, "ipv4"), *v6 = json_object_get(o, "ipv6");
		const json_t *tr = json_object_get(o, "traffic"), *x;
		const struct reg_member *m = reg_by_asn(a->env->reg,
		    (uint32_t)an_json_u64(o, "asnum"));
		struct member_state *s;
		uint32_t ns;
		int64_t t;
		size_t j;

		if (m == NULL)
			continue; /* left the member list since */
		s = state_of(a, m);
		an_count_read(json_object_get(tr, "ipv4"), &s->v4_frames, &s->v4_bytes);
		an_count_read(json_object_get(tr, "ipv6"), &s->v6_frames, &s->v6_bytes);
		s->seen_v4 = json_is_true(json_object_get(v4, "seen"));
		if (fmt_parse_rfc3339(json_string_value(json_object_get(v4, "last_seen")) ?
		    json_string_value(json_object_get(v4, "last_seen")) : "", &t, &ns) == 0)
			s->last_v4_sec = t;
		if (fmt_parse_rfc3339(json_string_value(json_object_get(v6, "last_seen")) ?
		    json_string_value(json_object_get(v6, "last_seen")) : "", &t, &ns) == 0) {
			s->seen_v6 = 1;
			s->last_v6_sec = t;
			s->last_v6_nsec = ns;
		}
		json_array_foreach(json_object_get(json_object_get(o, "macs"), "seen"), j, x) {
			uint8_t mac[6];

			if (json_string_value(x) && reg_mac_parse(json_string_value(x), mac) == 0 &&
			    s->n_macs < MEMBER_MAX_MACS)
				memcpy(s->macs[s->n_macs++], mac, 6);
		}
		json_array_foreach(json_object_get(v6, "seen_addresses"), j, x) {
			uint8_t addr[16];

			if (json_string_value(x) &&
			    inet_pton(AF_INET6, json_string_value(x), addr) == 1)
				note_v6(s, addr);
		}
	}
}

const struct analyzer_ops an_members_ops = {
	.name = "members",
	.init = members_init,
	.frame = members_frame,
	.finish = members_finish,
	.report = members_report,
	.free = members_free,
	.restore = members_restore,
};
