/*
 * an_mac.c - MAC port-security anomalies, as the switch's port security
 * would see them and better explained.
 *
 *  - mac_invalid_source: a source MAC with the group bit set, or all zero
 *    (IEEE 802-2014 8.2: never a valid source);
 *  - mac_misaligned: the source MAC's bytes are the peering LAN's IPv6 (or
 *    IPv4) prefix.  A router that sends a frame without its Ethernet (+
 *    802.1Q) header makes the switch read the IP header as MACs: bytes 6-11
 *    of an IPv6 header are next-header, hop-limit and the first four bytes
 *    of the source address, hence "MACs" like 06:40:20:01:07:f8.  We find
 *    where the prefix sits, re-read the bytes from there as the IPv6 header
 *    they are, and put what it was (addresses, ports, BGP) and the member
 *    owning the source address into the alert, instead of a hex dump;
 *  - mac_unknown: a source MAC that is in no member's registration;
 *  - mac_flood: more new source MACs per minute than the threshold.  While
 *    a flood lasts, single mac_unknown alerts are suppressed (counted in the
 *    flood), so 10,000 random MACs are one alert, not 10,000;
 *  - mac_mismatch: IP traffic from a member's registered address sent from
 *    a MAC not registered to that member.
 * The MAC table is an lru: bounded, evictions reported.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lru.h"
#include "capture/decode.h"
#include "common/fmt.h"
#include "common/log.h"

#define MISALIGN_MAX 256 /* bytes of a frame re-read as IP */

struct mac_entry {
	int64_t first_seen;
	uint64_t frames;
	uint8_t unknown;    /* not in the registry */
	uint8_t suppressed; /* first seen during a MAC flood */
};

struct an_mac {
	const struct an_env *env;
	struct lru *macs;
	/* The previous frame's source (most frames come in runs): no lookup. */
	struct mac_entry *last;
	const struct reg_member *last_sender;
	uint8_t last_mac[6];
	struct an_rate new_macs;
	int64_t flood_window; /* window in which the flood was last above threshold */
	int flooding;
	uint64_t unknown_frames, unknown_bytes;
	uint64_t suppressed; /* mac_unknown folded into mac_flood */
};

static void *mac_init(const struct an_env *env)
{
	struct an_mac *a = xcalloc(1, sizeof(*a));

	a->env = env;
	a->macs = lru_new(env->cfg->max_macs, 6, sizeof(struct mac_entry));
	a->flood_window = -1;
	return a;
}

static void mac_free(void *st)
{
	struct an_mac *a = st;

	lru_free(a->macs);
	free(a);
}

static const char *well_known_port(uint16_t s, uint16_t d)
{
	if (s == 179 || d == 179)
		return " (BGP)";
	if (s == 3784 || d == 3784 || s == 4784 || d == 4784)
		return " (BFD)";
	return "";
}

/*
 * Re-read a frame that is really an IP packet starting at frame byte
 * `start`.  Its first 12 bytes are the packet's; a switch on the way may
 * have inserted 802.1Q tags after them, which we take out again.
 */
static void explain(struct an_mac *a, const struct dec_frame *f, int version,
    int start, char *out, size_t outlen, const struct reg_member **who)
{
	uint8_t buf[MISALIGN_MAX];
	size_t n = 0, tags = (size_t)f->n_tags * 4, skip;
	struct dec_frame g;
	char src[FMT_IP_LEN], dst[FMT_IP_LEN], l4[64] = "";
	char slabel[AN_LABEL_LEN], dlabel[AN_LABEL_LEN];
	const struct reg_member *dm = NULL;

	*who = NULL;
	if (start < 0 || f->pkt == NULL || f->caplen < 12) {
		snprintf(out, outlen, "The IPv%d header began before the frame; it cannot be re-read.", version);
		return;
	}
	memcpy(buf, f->pkt, 12);
	n = 12;
	skip = 12 + tags;
	if (f->caplen > skip) {
		size_t more = f->caplen - skip;

		if (more > sizeof(buf) - n)
			more = sizeof(buf) - n;
		memcpy(buf + n, f->pkt + skip, more);
		n += more;
	}
	memset(&g, 0, sizeof(g));
	g.caplen = (uint32_t)(n - (size_t)start);
	g.wirelen = f->wirelen > tags + (uint32_t)start ? f->wirelen - (uint32_t)tags - (uint32_t)start : g.caplen;
	if (g.wirelen < g.caplen)
		g.wirelen = g.caplen;
	if (version == 6)
		dec_ipv6(cur_make(buf + start, n - (size_t)start), &g, &g.ip);
	else
		dec_ipv4(cur_make(buf + start, n - (size_t)start), &g);
	if (!(g.layers & DEC_HAS_IP)) {
		snprintf(out, outlen, "The bytes at frame offset %d do not read as an IPv%d header.", start, version);
		return;
	}
	if (a->env->reg) {
		*who = version == 6 ? reg_by_v6(a->env->reg, g.ip.src) : reg_by_v4(a->env->reg, g.ip.src);
		dm = version == 6 ? reg_by_v6(a->env->reg, g.ip.dst) : reg_by_v4(a->env->reg, g.ip.dst);
	}
	if (g.layers & DEC_HAS_L4)
		snprintf(l4, sizeof(l4), " %s %u -> %u%s",
		    g.l4_proto == IPPROTO_V_TCP ? "TCP" : "UDP", g.sport, g.dport,
		    well_known_port(g.sport, g.dport));
	else
		snprintf(l4, sizeof(l4), " protocol %u", g.ip.proto);
	snprintf(out, outlen,
	    "Re-read as IPv%d from frame byte %d: %s -> %s%s, from %s to %s",
	    version, start, fmt_ip(src, version, g.ip.src),
	    fmt_ip(dst, version, g.ip.dst), l4,
	    *who ? an_member_label(*who, slabel) : "an unregistered address",
	    dm ? an_member_label(dm, dlabel) : "an unregistered address");
}

static int check_misaligned(struct an_mac *a, const struct dec_frame *f,
    const struct frame_meta *m)
{
	const struct reg_member *who = NULL;
	char mac[FMT_MAC_LEN], why[320];
	struct alert_key k;
	int start, version;

	start = an_misaligned(a->env, f, &version);
	if (start == INT_MIN)
		return 0;
	explain(a, f, version, start, why, sizeof(why), &who);
	alert_key_init(&k, ALERT_MAC_MISALIGNED);
	alert_key_mac(&k, f->src_mac);
	if (who)
		alert_key_asn(&k, who->asnum);
	ALERT_RAISE(a->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
	    m->weight,
	    "frames from %s%s are IPv%d packets sent without their L2 header. %s",
	    fmt_mac(mac, f->src_mac),
	    version == 6 ? " (the peering LAN's IPv6 prefix read as a MAC)" : "",
	    version, why);
	return 1;
}

static void check_mismatch(struct an_mac *a, const struct dec_frame *f,
    const struct frame_meta *m, const struct reg_member *sender)
{
	const struct reg_member *owner;
	const int v = f->ip.version;
	char ip[FMT_IP_LEN], olabel[AN_LABEL_LEN], slabel[AN_LABEL_LEN];
	struct alert_key k;

	owner = v == 4 ? reg_by_v4(a->env->reg, f->ip.src) : reg_by_v6(a->env->reg, f->ip.src);
	if (owner == NULL || owner == sender)
		return;
	if (reg_member_has_mac(owner, f->src_mac))
		return;
	/*
	 * Keyed on the address, not the MAC: one alert per misused address
	 * however many MACs (a flood) use it; the first MAC is in the detail.
	 */
	alert_key_init(&k, ALERT_MAC_MISMATCH);
	alert_key_ip(&k, v, f->ip.src);
	alert_key_asn(&k, owner->asnum);
	ALERT_RAISE(a->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
	    m->weight, "%s's address %s is used from %s, which is not registered to it",
	    an_member_label(owner, olabel), fmt_ip(ip, v, f->ip.src),
	    an_mac_label(a->env, f->src_mac, slabel));
}

static void mac_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	static const uint8_t zero[6];
	struct an_mac *a = st;
	const struct an_env *env = a->env;
	const struct reg_member *sender;
	char mac[FMT_MAC_LEN];
	struct mac_entry *e;
	struct alert_key k;
	int created;

	if (!(f->layers & DEC_HAS_SRCMAC))
		return;
	if (a->last && lru_eq6(f->src_mac, a->last_mac)) {
		/* Valid: only lru_get() below can reuse the entry's slot. */
		a->last->frames += m->weight;
		e = a->last;
		sender = a->last_sender;
		created = 0;
		goto seen;
	}
	/*
	 * Misalignment first: IPv6 header bytes read as a MAC have the group
	 * bit set whenever the next header is odd (UDP is 17).
	 */
	sender = an_member_of_mac(env, f->src_mac);
	if (sender == NULL && check_misaligned(a, f, m))
		return;
	if ((f->src_mac[0] & 1) || memcmp(f->src_mac, zero, 6) == 0) {
		alert_key_init(&k, ALERT_MAC_INVALID_SOURCE);
		an_key_source(&k, env, f);
		ALERT_RAISE(env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
		    m->weight, "source MAC %s is %s, which no station may send from",
		    fmt_mac(mac, f->src_mac),
		    f->src_mac[0] & 1 ? "a group (multicast/broadcast) address" : "all zero");
		return;
	}
	e = lru_get(a->macs, f->src_mac, m->ts_sec, &created);
	a->last = e;
	a->last_sender = sender;
	memcpy(a->last_mac, f->src_mac, 6);
	e->frames += m->weight;
	/*
	 * With a member list only unregistered MACs count towards a flood:
	 * every member's MAC is new in the first minute of any capture.
	 */
	if (created && (env->reg == NULL || sender == NULL)) {
		e->first_seen = m->ts_sec;
		e->unknown = env->reg != NULL;
		if (an_rate_add(&a->new_macs, m->ts_sec, 1) > env->cfg->new_macs_per_minute) {
			a->flooding = 1;
			a->flood_window = a->new_macs.window;
			alert_key_init(&k, ALERT_MAC_FLOOD);
			alert_key_subject(&k, "lan-wide");
			ALERT_RAISE(env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec, 1,
			    "more than %u new source MACs within a minute (thresholds.new_macs_per_minute): a MAC flood; single unknown-MAC alerts are folded into this one while it lasts",
			    env->cfg->new_macs_per_minute);
		} else if (a->flooding && a->new_macs.window > a->flood_window + AN_RATE_WINDOW) {
			/* A whole quiet window has passed: the flood is over. */
			a->flooding = 0;
		}
		env->shared->mac_flood = a->flooding;
	} else if (created) {
		e->first_seen = m->ts_sec;
	}
seen:
	if (e->unknown) {
		a->unknown_frames += m->weight;
		a->unknown_bytes += (uint64_t)f->wirelen * m->weight;
		if (created && a->flooding) {
			/* Folded into mac_flood for good: no alert per random MAC. */
			e->suppressed = 1;
			a->suppressed++;
		} else if (!e->suppressed) {
			alert_key_init(&k, ALERT_MAC_UNKNOWN);
			alert_key_mac(&k, f->src_mac);
			ALERT_RAISE(env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
			    m->weight, "source MAC %s is not registered to any member",
			    fmt_mac(mac, f->src_mac));
		}
	}
	if (env->reg && (f->layers & DEC_HAS_IP) && f->tunnel == DEC_TUN_NONE &&
	    !(f->layers & DEC_HAS_ND))
		check_mismatch(a, f, m, sender);
}

static void mac_report(void *st, json_t *root)
{
	struct an_mac *a = st;

	json_object_set_new(root, "mac_table",
	    json_pack("{s:I,s:I,s:I,s:o}", "entries", (json_int_t)lru_count(a->macs),
		"evicted", (json_int_t)lru_evicted(a->macs), "unknown_suppressed",
		(json_int_t)a->suppressed, "unknown_traffic",
		an_count_json(a->unknown_frames, a->unknown_bytes)));
}

static void mac_restore(void *st, const json_t *root)
{
	struct an_mac *a = st;
	const json_t *o = json_object_get(root, "mac_table");

	a->suppressed = an_json_u64(o, "unknown_suppressed");
	an_count_read(json_object_get(o, "unknown_traffic"), &a->unknown_frames,
	    &a->unknown_bytes);
}

const struct analyzer_ops an_mac_ops = {
	.name = "mac",
	.init = mac_init,
	.frame = mac_frame,
	.report = mac_report,
	.free = mac_free,
	.restore = mac_restore,
};
