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
 *  - mac_unknown: a source MAC bound to no member (an_identity.c: not
 *    registered, and no member's address came from it).  A new router's
 *    MAC is unknown until its first frame with the member's address, so
 *    the verdict waits thresholds.claim_window seconds (or the end of the
 *    input); the alert still starts at the MAC's first frame;
 *  - mac_flood: more new unbound source MACs per minute than the
 *    threshold (plus one per member still to be bound, for MAC-less member
 *    lists where every router is new at start).  The unbound MACs first
 *    seen in the burst that made the flood (new MACs less than a second
 *    apart) and after, that sent at most FLOOD_MAC_FRAMES frames, are its
 *    random sources: their per-MAC alerts (of every analyzer) fold into
 *    one per type with a sample of MACs (alert_key_fold), from the moment
 *    the flood is recognised, and
 *    the ones raised before are folded after the fact (alert_table_fold),
 *    so a 20,000-MAC attack is a handful of alerts.  A MAC that was there
 *    before, or keeps talking (the attacker's own), keeps its alerts.
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
/* A flood's random source sends one frame or two (thc-ipv6: one). */
#define FLOOD_MAC_FRAMES 3

struct mac_entry {
	int64_t first_seen, last_seen;
	uint32_t first_nsec, last_nsec;
	uint64_t frames;    /* weighted */
	uint32_t raw;       /* frames as captured */
	uint8_t unknown;    /* bound to no member when first seen */
	uint8_t flood;      /* first seen in a flood's burst or during it */
	uint8_t reported;   /* mac_unknown raised */
};

struct an_mac {
	const struct an_env *env;
	struct lru *macs;
	/* The previous frame's source (most frames come in runs): no lookup. */
	struct mac_entry *last;
	uint8_t last_mac[6];
	struct an_rate new_macs;
	/*
	 * The burst: new unbound MACs with less than a second between them.
	 * A flood's random MACs are the burst's, not the ones seen before it
	 * in the same minute (the attacker's own, say).
	 */
	int64_t burst_sec, last_new_sec;
	uint32_t burst_nsec, last_new_nsec;
	int64_t flood_window; /* window in which the flood was last above threshold */
	int flooding;
	int64_t now;    /* of the report being finished */
	int final;      /* ... and whether it is the last */
	uint64_t unknown_frames, unknown_bytes;
	uint64_t flood_macs; /* random sources of floods */
};

static void *mac_init(const struct an_env *env)
{
	struct an_mac *a = xcalloc(1, sizeof(*a));

	a->env = env;
	a->macs = lru_new(env->cfg->max_macs, 6, sizeof(struct mac_entry));
	a->flood_window = -1;
	env->shared->mac = a;
	return a;
}

static void mac_free(void *st)
{
	struct an_mac *a = st;

	if (a->env->shared->mac == a)
		a->env->shared->mac = NULL;
	lru_free(a->macs);
	free(a);
}

int an_flood_source(const struct an_env *env, const uint8_t mac[6])
{
	const struct an_mac *a = env->shared->mac;
	const struct mac_entry *e;

	if (a == NULL)
		return 0;
	e = lru_find(a->macs, mac);
	/* Not in the table yet (an_identity asks first): new during a flood. */
	if (e == NULL)
		return a->flooding;
	return e->flood && e->raw <= FLOOD_MAC_FRAMES;
}

int an_flood_mac(const struct an_env *env, const uint8_t mac[6])
{
	return an_flood_source(env, mac) && an_member_of_mac(env, mac) == NULL;
}

static int is_flood_cb(void *ctx, const uint8_t mac[6])
{
	const struct an_mac *a = ctx;

	return an_flood_mac(a->env, mac);
}

static void unknown(struct an_mac *a, const uint8_t mac[6], struct mac_entry *e,
    int unbound);

/* an_key_mac() for a MAC known to be no member's: no member lookup. */
static void key_unbound(struct alert_key *k, const struct an_env *env,
    const uint8_t mac[6])
{
	alert_key_mac(k, mac);
	if (an_flood_source(env, mac))
		alert_key_fold(k);
}

/* At recognition: the unbound MACs new in this burst are the flood's. */
static void mark_flood(void *ctx, const void *key, void *val)
{
	struct an_mac *a = ctx;
	struct mac_entry *e = val;

	if (!e->unknown || e->flood || e->first_seen < a->burst_sec ||
	    (e->first_seen == a->burst_sec && e->first_nsec < a->burst_nsec))
		return;
	e->flood = 1;
	a->flood_macs++;
	/* folded at once: no need to wait for an address that never comes */
	if (!e->reported && a->env->reg)
		unknown(a, key, e, 0);
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

/*
 * mac_unknown for `e`, once: from its first frame, with all its frames so
 * far, when it is still bound to no member (`unbound`: the caller knows)
 * and claims no one's address.
 */
static void unknown(struct an_mac *a, const uint8_t mac[6], struct mac_entry *e,
    int unbound)
{
	const struct an_env *env = a->env;
	char ms[FMT_MAC_LEN];
	struct alert_key k;

	if (!unbound && an_member_of_mac(env, mac))
		return;
	/* A flood's random source claims no member's address (an_identity.c). */
	if (!e->flood && an_identity_pending(env, mac))
		return;
	e->reported = 1;
	alert_key_init(&k, ALERT_MAC_UNKNOWN);
	key_unbound(&k, env, mac);
	/* Folded, the alert is there already: nothing to format. */
	if (alert_bump(env->alerts, &k, ALERT_WARNING, e->first_seen, e->first_nsec,
	    e->frames) == NULL)
		alert_raise(env->alerts, &k, ALERT_WARNING, e->first_seen, e->first_nsec,
		    e->frames, "source MAC %s is not registered to any member, and no member's address came from it",
		    fmt_mac(ms, mac));
	alert_bump(env->alerts, &k, ALERT_WARNING, e->last_seen, e->last_nsec, 0);
}

static void flood_check(struct an_mac *a, const uint8_t mac[6],
    const struct frame_meta *m)
{
	const struct an_env *env = a->env;
	uint64_t n, limit = env->cfg->new_macs_per_minute + env->shared->unbound_members;
	struct alert_key k;

	if (m->ts_sec - a->last_new_sec > 1 || (m->ts_sec - a->last_new_sec == 1 &&
	    m->ts_nsec >= a->last_new_nsec)) {
		a->burst_sec = m->ts_sec;
		a->burst_nsec = m->ts_nsec;
	}
	a->last_new_sec = m->ts_sec;
	a->last_new_nsec = m->ts_nsec;
	n = an_rate_add(&a->new_macs, m->ts_sec, 1);
	if (n > limit) {
		alert_key_init(&k, ALERT_MAC_FLOOD);
		alert_key_subject(&k, "lan-wide");
		alert_key_mac(&k, mac);
		alert_key_fold(&k);
		if (a->flooding && a->flood_window == a->new_macs.window) {
			alert_bump(env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec, 1);
			return;
		}
		/* Recognised (again): the burst's new MACs were the flood's. */
		a->flooding = 1;
		a->flood_window = a->new_macs.window;
		lru_foreach(a->macs, mark_flood, a);
		alert_table_fold(env->alerts, is_flood_cb, a);
		if (alert_bump(env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec, n) == NULL) {
			alert_raise(env->alerts, &k, ALERT_CRITICAL, a->burst_sec, a->burst_nsec, n,
			    "more than %llu new source MACs within a minute (thresholds.new_macs_per_minute%s): a MAC flood; the per-MAC alerts of its random MACs are folded, one per type, with a sample of MACs",
			    (unsigned long long)limit,
			    env->shared->unbound_members ? ", plus the members whose MAC is not known yet" : "");
			alert_bump(env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec, 0);
		}
	} else if (a->flooding && a->new_macs.window > a->flood_window + AN_RATE_WINDOW) {
		/* A whole quiet window has passed: the flood is over. */
		a->flooding = 0;
	}
}

static void mac_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	static const uint8_t zero[6];
	struct an_mac *a = st;
	const struct an_env *env = a->env;
	const int bound = env->shared->sender_how == AN_BY_REGISTERED_MAC ||
	    env->shared->sender_how == AN_BY_LEARNED_MAC;
	char mac[FMT_MAC_LEN];
	struct mac_entry *e;
	struct alert_key k;
	int created;

	if (!(f->layers & DEC_HAS_SRCMAC))
		return;
	if (a->last && lru_eq6(f->src_mac, a->last_mac)) {
		/* Valid: only lru_get() below can reuse the entry's slot. */
		e = a->last;
		created = 0;
		goto seen;
	}
	/*
	 * Misalignment first: IPv6 header bytes read as a MAC have the group
	 * bit set whenever the next header is odd (UDP is 17).
	 */
	if (!bound && check_misaligned(a, f, m))
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
	memcpy(a->last_mac, f->src_mac, 6);
	if (created) {
		e->first_seen = e->last_seen = m->ts_sec;
		e->first_nsec = e->last_nsec = m->ts_nsec;
		/*
		 * With a member list only unbound MACs count towards a flood:
		 * every member's MAC is new in the first minute of any capture.
		 */
		e->unknown = !bound; /* without a member list, every MAC */
		if (e->unknown) {
			if (a->flooding) {
				e->flood = 1;
				a->flood_macs++;
			}
			flood_check(a, f->src_mac, m);
		}
	}
seen:
	an_add_sat(&e->frames, m->weight);
	e->raw++;
	e->last_seen = m->ts_sec;
	e->last_nsec = m->ts_nsec;
	if (env->reg == NULL || !e->unknown || bound)
		return;
	an_add_sat(&a->unknown_frames, m->weight);
	an_add_sat(&a->unknown_bytes, (uint64_t)f->wirelen * m->weight);
	if (e->reported) {
		alert_key_init(&k, ALERT_MAC_UNKNOWN);
		key_unbound(&k, env, f->src_mac);
		alert_bump(env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec, m->weight);
	} else if (e->flood || m->ts_sec - e->first_seen >= (int64_t)env->cfg->claim_window) {
		unknown(a, f->src_mac, e, 1);
	}
}

static void unknown_due(void *ctx, const void *key, void *val)
{
	struct an_mac *a = ctx;
	struct mac_entry *e = val;

	if (e->unknown && !e->reported &&
	    (a->final || a->now - e->first_seen >= (int64_t)a->env->cfg->claim_window))
		unknown(a, key, e, 0);
}

static void mac_finish(void *st, int64_t now, int final)
{
	struct an_mac *a = st;

	if (a->env->reg == NULL)
		return;
	a->now = now;
	a->final = final; /* every MAC is due at the end */
	lru_foreach(a->macs, unknown_due, a);
	a->last = NULL; /* unknown() may have folded: keep lookups honest */
	alert_table_fold(a->env->alerts, is_flood_cb, a);
}

static void mac_report(void *st, json_t *root)
{
	struct an_mac *a = st;

	json_object_set_new(root, "mac_table",
	    json_pack("{s:I,s:I,s:I,s:o}", "entries", (json_int_t)lru_count(a->macs),
		"evicted", (json_int_t)lru_evicted(a->macs), "flood_macs",
		(json_int_t)a->flood_macs, "unknown_traffic",
		an_count_json(a->unknown_frames, a->unknown_bytes)));
}

static void mac_restore(void *st, const json_t *root)
{
	struct an_mac *a = st;
	const json_t *o = json_object_get(root, "mac_table");

	a->flood_macs = an_json_u64(o, "flood_macs");
	an_count_read(json_object_get(o, "unknown_traffic"), &a->unknown_frames,
	    &a->unknown_bytes);
}

const struct analyzer_ops an_mac_ops = {
	.name = "mac",
	.init = mac_init,
	.frame = mac_frame,
	.finish = mac_finish,
	.report = mac_report,
	.free = mac_free,
	.restore = mac_restore,
};
