/*
 * an_nd.c - rogue and noisy Neighbor Discovery, MLD and ARP.
 *
 * RFC 4861 (ND), RFC 3810 (MLDv2), RFC 826 (ARP).  On a peering LAN:
 *  - a Router Advertisement is always wrong (rogue_ra): members' hosts do
 *    not autoconfigure there, and a router lifetime > 0 invites every
 *    listening stack to route through the sender;
 *  - an NA, or an NS's source, *claims* an address for a MAC, as ARP
 *    replies and requests claim their sender address.  Claims on a
 *    member's registered address are an_identity.c's to judge (a router
 *    swap or a spoof, by time).  Here: a claim on an address registered to
 *    nobody but already held by another MAC is nd_spoof / arp_spoof.  The
 *    owner of an unregistered address is, in order of trust: the MAC its
 *    EUI-64 interface id was made from, else the first MAC seen claiming
 *    it.  An NA answering someone else's duplicate address detection probe
 *    (NS from ::) is nd_spoof too: that is how dos-new-ip6 keeps hosts off
 *    the LAN;
 *  - ND from a global source the sending member does not own is
 *    nd_foreign_source (one router brand did exactly that);
 *  - ND, MLD and ARP rates above thresholds per source MAC and LAN-wide
 *    (floods with random source MACs stay below any per-MAC threshold);
 *  - ARP/ND about addresses outside the LAN prefixes is ip_outside_lan.
 * Only frames native to the LAN are judged; IPv6 inside tunnels is payload.
 * Every table is an lru (bounded; evictions reported).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lru.h"
#include "capture/decode.h"
#include "common/fmt.h"
#include "common/log.h"

#define DAD_WINDOW 5 /* seconds an NA may answer a DAD probe */

enum nd_count {
	NC_RS, NC_RA, NC_NS, NC_NA, NC_REDIRECT, NC_NS_DAD,
	NC_MLD_QUERY, NC_MLD_REPORT, NC_MLD_DONE,
	NC_ARP_REQUEST, NC_ARP_REPLY, NC_ARP_OTHER, NC_MAX,
};

static const char *const nc_names[NC_MAX] = {"rs", "ra", "ns", "na",
    "redirect", "ns_dad", "mld_query", "mld_report", "mld_done",
    "arp_request", "arp_reply", "arp_other"};

struct owner {
	uint8_t mac[6];
};

struct dad_probe {
	uint8_t mac[6];
	int64_t at;
};

struct mac_rates {
	struct an_rate nd, mld, arp;
};

struct an_nd {
	const struct an_env *env;
	uint64_t counts[NC_MAX];
	struct lru *owners_v6; /* IPv6 address -> claiming MAC */
	struct lru *owners_v4; /* IPv4 address -> claiming MAC */
	struct lru *dad;       /* target of a DAD probe -> prober */
	struct lru *rates;     /* source MAC -> rates */
	struct an_rate lan_nd, lan_mld, lan_arp;
};

static void *nd_init(const struct an_env *env)
{
	struct an_nd *a = xcalloc(1, sizeof(*a));

	a->env = env;
	a->owners_v6 = lru_new(env->cfg->max_nd, 16, sizeof(struct owner));
	a->owners_v4 = lru_new(env->cfg->max_nd, 4, sizeof(struct owner));
	a->dad = lru_new(4096, 16, sizeof(struct dad_probe));
	a->rates = lru_new(env->cfg->max_trackers, 6, sizeof(struct mac_rates));
	return a;
}

static void nd_free(void *st)
{
	struct an_nd *a = st;

	lru_free(a->owners_v6);
	lru_free(a->owners_v4);
	lru_free(a->dad);
	lru_free(a->rates);
	free(a);
}

/* Is `a` an EUI-64 interface id (RFC 4291 2.5.1) made from `mac`? */
static int eui64_of(const uint8_t a[16], const uint8_t mac[6])
{
	return a[8] == (mac[0] ^ 0x02) && a[9] == mac[1] && a[10] == mac[2] &&
	    a[11] == 0xff && a[12] == 0xfe && a[13] == mac[3] && a[14] == mac[4] &&
	    a[15] == mac[5];
}

/*
 * Does `mac` rightfully hold IPv6 `addr`: registered to its member, made
 * from it (EUI-64), or held by it first?  An owner defending its address
 * against someone's duplicate address detection is doing the right thing.
 */
static int owns(struct an_nd *a, const uint8_t addr[16], const uint8_t mac[6])
{
	const struct reg_member *owner = a->env->reg ? reg_by_v6(a->env->reg, addr) : NULL;
	const struct owner *o;

	if (owner)
		return an_member_of_mac(a->env, mac) == owner;
	if (eui64_of(addr, mac))
		return 1;
	o = lru_find(a->owners_v6, addr);
	return o && memcmp(o->mac, mac, 6) == 0;
}

static void flood_check(struct an_nd *a, const struct dec_frame *f,
    const struct frame_meta *m, enum alert_type type, const char *what,
    struct an_rate *mine, uint32_t per_mac, struct an_rate *lan, uint32_t per_lan)
{
	char label[AN_LABEL_LEN];
	struct alert_key k;

	if (mine && an_rate_add(mine, m->ts_sec, m->weight) > per_mac) {
		alert_key_init(&k, type);
		an_key_source(&k, a->env, f);
		ALERT_RAISE(a->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
		    m->weight,
		    "more than %u %s per minute from %s (thresholds.%s_per_minute_per_mac)",
		    per_mac, what, an_mac_label(a->env, f->src_mac, label),
		    type == ALERT_ND_FLOOD ? "nd" : type == ALERT_MLD_FLOOD ? "mld" : "arp");
	}
	if (an_rate_add(lan, m->ts_sec, m->weight) > per_lan) {
		alert_key_init(&k, type);
		alert_key_subject(&k, "lan-wide");
		ALERT_RAISE(a->env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec,
		    m->weight,
		    "more than %u %s per minute on the whole LAN (thresholds.%s_per_minute_lan): a flood, possibly from spoofed or random source MACs",
		    per_lan, what,
		    type == ALERT_ND_FLOOD ? "nd" : type == ALERT_MLD_FLOOD ? "mld" : "arp");
	}
}

static void outside_lan(struct an_nd *a, const struct dec_frame *f,
    const struct frame_meta *m, int version, const uint8_t *addr,
    const char *role)
{
	char ip[FMT_IP_LEN], label[AN_LABEL_LEN];
	struct alert_key k;

	/* Link-local, multicast and :: are on every LAN by definition. */
	if (version == 6 && (an_v6_is_linklocal(addr) || an_v6_is_multicast(addr) ||
	    an_v6_is_unspecified(addr)))
		return;
	if (an_in_lan(a->env, version, addr) != 0)
		return;
	/*
	 * One alert per source and protocol, not per address: a sender that
	 * sweeps foreign addresses would otherwise fill the alert table.
	 */
	alert_key_init(&k, ALERT_IP_OUTSIDE_LAN);
	alert_key_subject(&k, version == 4 ? "ARP" : "ND");
	an_key_source(&k, a->env, f);
	ALERT_RAISE(a->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
	    m->weight, "%s sends %s about addresses outside the peering LAN prefix (first: %s %s)",
	    an_mac_label(a->env, f->src_mac, label), version == 4 ? "ARP" : "ND",
	    role, fmt_ip(ip, version, addr));
}

/*
 * `mac` claims `addr` (version 4 or 6).  Decide whether it may, and raise
 * nd_spoof / arp_spoof when not.  `how` describes the message.
 */
static void claim(struct an_nd *a, const struct frame_meta *m, int version, const uint8_t *addr,
    const uint8_t mac[6], const char *how)
{
	char ip[FMT_IP_LEN];
	char slabel[AN_LABEL_LEN], olabel[AN_LABEL_LEN];
	const enum alert_type type = version == 4 ? ALERT_ARP_SPOOF : ALERT_ND_SPOOF;
	struct alert_key k;
	struct owner *o;
	int created;

	if (a->env->reg && (version == 4 ? reg_by_v4(a->env->reg, addr)
					 : reg_by_v6(a->env->reg, addr)))
		return; /* a member's address: an_identity.c judges */
	alert_key_init(&k, type);
	an_key_mac(&k, a->env, mac);
	alert_key_ip(&k, version, addr);
	o = lru_get(version == 4 ? a->owners_v4 : a->owners_v6, addr, m->ts_sec,
	    &created);
	if (created || (version == 6 && eui64_of(addr, mac))) {
		/* First claim, or the MAC the address was built from: the owner. */
		memcpy(o->mac, mac, 6);
		return;
	}
	if (memcmp(o->mac, mac, 6) == 0)
		return;
	ALERT_RAISE(a->env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec,
	    m->weight, "%s from %s claims %s, which %s %s",
	    how, an_mac_label(a->env, mac, slabel), fmt_ip(ip, version, addr),
	    version == 6 && eui64_of(addr, o->mac) ? "was derived from and belongs to"
						 : "was used first by",
	    an_mac_label(a->env, o->mac, olabel));
}

static void nd_foreign(struct an_nd *a, const struct dec_frame *f,
    const struct frame_meta *m)
{
	const uint8_t *src = f->ip.src;
	const struct reg_member *sender, *owner;
	char ip[FMT_IP_LEN], label[AN_LABEL_LEN];
	struct alert_key k;
	int i;

	if (an_v6_is_linklocal(src) || an_v6_is_unspecified(src) ||
	    an_v6_is_multicast(src))
		return;
	sender = an_member_of_mac(a->env, f->src_mac);
	if (sender == NULL)
		return; /* an unknown MAC is mac_unknown's business */
	for (i = 0; i < sender->n_v6; i++)
		if (memcmp(sender->v6[i], src, 16) == 0)
			return;
	owner = reg_by_v6(a->env->reg, src);
	if (owner && owner != sender)
		return; /* a claim on another member's address: nd_spoof */
	alert_key_init(&k, ALERT_ND_FOREIGN_SOURCE);
	an_key_source(&k, a->env, f);
	alert_key_ip(&k, 6, src);
	ALERT_RAISE(a->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
	    m->weight,
	    "%s sends Neighbor Discovery from %s, which is not its registered address",
	    an_member_label(sender, label), fmt_ip(ip, 6, src));
}

static void rogue_ra(struct an_nd *a, const struct dec_frame *f,
    const struct frame_meta *m)
{
	char ip[FMT_IP_LEN], pfx[FMT_IP_LEN], label[AN_LABEL_LEN], extra[96] = "";
	struct alert_key k;

	alert_key_init(&k, ALERT_ROGUE_RA);
	an_key_source(&k, a->env, f);
	alert_key_ip(&k, 6, f->ip.src);
	if (f->nd.opts & DEC_ND_OPT_PREFIX)
		snprintf(extra, sizeof(extra), ", prefix %s/%u",
		    fmt_ip(pfx, 6, f->nd.prefix), f->nd.prefix_len);
	ALERT_RAISE(a->env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec,
	    m->weight,
	    "router advertisement from %s sent by %s (router lifetime %u s%s): router advertisements never belong on a peering LAN",
	    fmt_ip(ip, 6, f->ip.src), an_mac_label(a->env, f->src_mac, label),
	    f->nd.ra_lifetime, extra);
}

static void nd_msg(struct an_nd *a, const struct dec_frame *f,
    const struct frame_meta *m, struct mac_rates *r)
{
	const struct ixm_config *cfg = a->env->cfg;
	const struct dec_nd *nd = &f->nd;
	const uint8_t *mac;
	struct dad_probe *p;
	int created;

	flood_check(a, f, m, ALERT_ND_FLOOD, "ND messages", r ? &r->nd : NULL,
	    cfg->nd_per_minute_per_mac, &a->lan_nd, cfg->nd_per_minute_lan);
	switch (f->icmp_type) {
	case 133:
		a->counts[NC_RS] += m->weight;
		break;
	case 134:
		a->counts[NC_RA] += m->weight;
		rogue_ra(a, f, m);
		break;
	case 135:
		a->counts[NC_NS] += m->weight;
		outside_lan(a, f, m, 6, nd->target, "target");
		if (an_v6_is_unspecified(f->ip.src)) {
			/* DAD probe: remember who probes so a stolen answer shows. */
			a->counts[NC_NS_DAD] += m->weight;
			p = lru_get(a->dad, nd->target, m->ts_sec, &created);
			memcpy(p->mac, f->src_mac, 6);
			p->at = m->ts_sec;
			break;
		}
		mac = nd->opts & DEC_ND_OPT_SLL ? nd->sll : f->src_mac;
		claim(a, m, 6, f->ip.src, mac, "neighbor solicitation");
		break;
	case 136:
		a->counts[NC_NA] += m->weight;
		outside_lan(a, f, m, 6, nd->target, "target");
		mac = nd->opts & DEC_ND_OPT_TLL ? nd->tll : f->src_mac;
		p = lru_find(a->dad, nd->target);
		if (p && m->ts_sec - p->at <= DAD_WINDOW && memcmp(p->mac, mac, 6) != 0 &&
		    !owns(a, nd->target, mac)) {
			char ip[FMT_IP_LEN], plabel[AN_LABEL_LEN];
			char label[AN_LABEL_LEN];
			struct alert_key k;

			alert_key_init(&k, ALERT_ND_SPOOF);
			an_key_mac(&k, a->env, mac);
			alert_key_ip(&k, 6, nd->target);
			ALERT_RAISE(a->env->alerts, &k, ALERT_CRITICAL, m->ts_sec,
			    m->ts_nsec, m->weight,
			    "%s answered the duplicate address detection of %s for %s: the prober can never use that address",
			    an_mac_label(a->env, mac, label),
			    an_mac_label(a->env, p->mac, plabel), fmt_ip(ip, 6, nd->target));
			break;
		}
		claim(a, m, 6, nd->target, mac,
		    nd->flags & DEC_NA_OVERRIDE ? "neighbor advertisement (override)"
						: "neighbor advertisement");
		break;
	default:
		a->counts[NC_REDIRECT] += m->weight;
		break;
	}
	outside_lan(a, f, m, 6, f->ip.src, "source");
	if (a->env->reg)
		nd_foreign(a, f, m);
}

static void arp_msg(struct an_nd *a, const struct dec_frame *f,
    const struct frame_meta *m, struct mac_rates *r)
{
	const struct ixm_config *cfg = a->env->cfg;
	static const uint8_t zero[4];

	flood_check(a, f, m, ALERT_ARP_FLOOD, "ARP packets", r ? &r->arp : NULL,
	    cfg->arp_per_minute_per_mac, &a->lan_arp, cfg->arp_per_minute_lan);
	a->counts[f->arp.op == 1 ? NC_ARP_REQUEST
	    : f->arp.op == 2 ? NC_ARP_REPLY : NC_ARP_OTHER] += m->weight;
	outside_lan(a, f, m, 4, f->arp.tpa, "target");
	if (memcmp(f->arp.spa, zero, 4) == 0)
		return; /* ARP probe (RFC 5227): claims nothing yet */
	outside_lan(a, f, m, 4, f->arp.spa, "sender");
	claim(a, m, 4, f->arp.spa, f->arp.sha,
	    f->arp.op == 2 ? "ARP reply" : "ARP request");
}

static void nd_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	struct an_nd *a = st;
	const struct ixm_config *cfg = a->env->cfg;
	struct mac_rates *r = NULL;
	int created;

	if (f->tunnel != DEC_TUN_NONE)
		return;
	if (!(f->layers & (DEC_HAS_ND | DEC_HAS_MLD | DEC_HAS_ARP)))
		return;
	if (f->layers & DEC_HAS_SRCMAC)
		r = lru_get(a->rates, f->src_mac, m->ts_sec, &created);
	if (f->layers & DEC_HAS_ARP) {
		arp_msg(a, f, m, r);
	} else if (f->layers & DEC_HAS_ND) {
		nd_msg(a, f, m, r);
	} else {
		a->counts[f->icmp_type == 130 ? NC_MLD_QUERY
		    : f->icmp_type == 132 ? NC_MLD_DONE : NC_MLD_REPORT] += m->weight;
		flood_check(a, f, m, ALERT_MLD_FLOOD, "MLD messages",
		    r ? &r->mld : NULL, cfg->mld_per_minute_per_mac, &a->lan_mld,
		    cfg->mld_per_minute_lan);
	}
}

static void nd_report(void *st, json_t *root)
{
	struct an_nd *a = st;
	json_t *o = json_object();
	int i;

	for (i = 0; i < NC_MAX; i++)
		json_object_set_new(o, nc_names[i], json_integer((json_int_t)a->counts[i]));
	json_object_set_new(o, "tables",
	    json_pack("{s:{s:I,s:I},s:{s:I,s:I},s:{s:I,s:I}}",
		"owners_v6", "entries", (json_int_t)lru_count(a->owners_v6),
		"evicted", (json_int_t)lru_evicted(a->owners_v6),
		"owners_v4", "entries", (json_int_t)lru_count(a->owners_v4),
		"evicted", (json_int_t)lru_evicted(a->owners_v4),
		"rate_trackers", "entries", (json_int_t)lru_count(a->rates),
		"evicted", (json_int_t)lru_evicted(a->rates)));
	json_object_set_new(root, "nd_arp", o);
}

static void nd_restore(void *st, const json_t *root)
{
	struct an_nd *a = st;
	const json_t *o = json_object_get(root, "nd_arp");
	int i;

	for (i = 0; i < NC_MAX; i++)
		a->counts[i] = an_json_u64(o, nc_names[i]);
}

const struct analyzer_ops an_nd_ops = {
	.name = "nd",
	.init = nd_init,
	.frame = nd_frame,
	.report = nd_report,
	.free = nd_free,
	.restore = nd_restore,
};
