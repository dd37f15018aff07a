/*
 * an_identity.c - who sent this frame: the member by MAC, else by address.
 *
 * An address is a stronger identity than a MAC (docs/detectors.md): routers
 * get swapped, and the new one keeps the member's registered IPv4/IPv6
 * addresses; public member lists (IXP Manager's public IX-F export) carry
 * no MACs at all.  So a frame belongs to the member whose MAC sent it -
 * a MAC registered to it, or one bound to it from its addresses, as
 * arpwatch binds them - and failing that to the member whose registered
 * LAN address it carries: the IPv4 or IPv6 source, the ARP sender (RFC
 * 826), the NS source or NA target (RFC 4861 4.3, 4.4).  The other
 * analyzers read the verdict from an_shared.sender.
 *
 * Claims.  A frame carrying member X's address from a MAC that is not X's
 * is a *claim*.  What it means depends on time (thresholds.claim_window,
 * W seconds):
 *  - X has no MAC yet (none registered, none learned): the MAC is learned
 *    as X's, silently (a MAC-less member list, the first sighting); so is
 *    a MAC on an address none of X's MACs held yet when X registered more
 *    connections than it has MACs (a second router on a second port);
 *  - one of X's own MACs is heard after the claim began, within W of the
 *    claimant's last claim: two MACs hold one address at the same time,
 *    or a stranger holds a live member's address: a spoof (arp_spoof,
 *    nd_spoof, or a critical mac_mismatch for plain IP traffic), keyed on
 *    the claimant's MAC;
 *  - X's MACs stay quiet for W after the claim began (or until the end of
 *    the input): X swapped its router.  The claimant becomes X's MAC, the
 *    old ones are retired, and one mac_changed warning names old MAC, new
 *    MAC and the time.  A retired MAC that comes back is a claimant again
 *    (flip-flop: a spoof if both talk, a swap back if not).
 *  - the MAC is bound to another member Y: Y uses X's address, a
 *    mac_mismatch condition naming Y's MAC and X's address.
 * Until a claim is judged, only the frames carrying X's address are X's.
 * The random sources of a MAC flood (an_flood_mac) claim nothing: a flood
 * that forges members' addresses is the flood's alert, not a thousand
 * spoofs or swaps.
 *
 * Bounds.  Bindings live in an lru sized for the members (random MACs
 * never bind: they carry no member's address), mismatches in another; a
 * member keeps at most AN_MEMBER_MAX_MACS MACs, the rest is counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lru.h"
#include "capture/decode.h"
#include "common/addr.h"
#include "common/fmt.h"
#include "common/jget.h"
#include "common/log.h"

#define ID_MAX_RIVALS 4

enum id_evidence { ID_EV_IP = 0, ID_EV_ARP, ID_EV_ND };

struct id_bind {           /* lru value, keyed by MAC */
	uint32_t member;   /* index + 1 */
	uint8_t how;       /* AN_BY_REGISTERED_MAC or AN_BY_LEARNED_MAC */
	uint8_t retired;   /* replaced in a router swap */
};

struct id_member {
	int64_t last_sec;  /* last frame from one of its (unretired) MACs */
	uint32_t last_nsec;
	uint8_t have_mac;  /* it has a bound MAC (registered ones count once seen) */
	uint8_t n_live;    /* bound MACs not retired */
	uint16_t held;     /* registered addresses its MACs claimed: v4 bits 0-7, v6 8-15 */
	/* a claim on its address, not judged yet */
	uint8_t have_cand, cand_ev, cand_ver;
	uint8_t cand[6];
	uint8_t cand_addr[16];
	int64_t cand_sec, cand_last;
	uint32_t cand_nsec;
	uint64_t cand_count; /* weighted frames of the claim so far */
	/* MACs caught holding its address while its own MAC talked */
	uint8_t n_rivals;
	uint8_t rivals[ID_MAX_RIVALS][6];
	struct an_member_macs macs;
};

struct id_mismatch {        /* lru value, keyed by MAC + address */
	uint32_t sender, owner; /* member index + 1; sender 0: a stranger spoofing */
	int version;
	int64_t first_sec, last_sec;
	uint32_t first_nsec, last_nsec;
	uint64_t count;
};

struct an_identity {
	const struct an_env *env;
	size_t n;
	struct id_member *ms;
	struct lru *binds;
	struct lru *mismatches;
	int64_t now;     /* of the report being finished */
	uint32_t epoch;  /* bumped whenever a binding is made or retired */
	/*
	 * The last binding() answer: a frame's source is looked up, then
	 * usually claims an address from the same MAC.  Valid while `epoch`
	 * is unchanged (lru_get() is only called where epoch is bumped).
	 */
	uint8_t look_mac[6];
	struct id_bind *look;
	uint32_t look_epoch;
	int have_look;
};

static void *id_init(const struct an_env *env)
{
	struct an_identity *a = xcalloc(1, sizeof(*a));
	size_t i;

	a->env = env;
	env->shared->identity = a;
	if (env->reg == NULL)
		return a;
	a->n = reg_count(env->reg);
	a->ms = xcalloc(a->n ? a->n : 1, sizeof(*a->ms));
	/*
	 * Sixteen ways per member: a set of the 8-way lru overflowing (and a
	 * learned binding lost) stays out of reach for a member's few MACs.
	 */
	a->binds = lru_new((uint32_t)(a->n * 16 + 64), 6, sizeof(struct id_bind));
	a->mismatches = lru_new(4096, 22, sizeof(struct id_mismatch));
	for (i = 0; i < a->n; i++)
		if (reg_member_at(env->reg, i)->n_macs == 0)
			env->shared->unbound_members++;
	return a;
}

static void id_free(void *st)
{
	struct an_identity *a = st;

	if (a->env->shared->identity == a)
		a->env->shared->identity = NULL;
	lru_free(a->binds);
	lru_free(a->mismatches);
	free(a->ms);
	free(a);
}

static void add_mac(struct an_member_macs *mm, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < mm->n; i++)
		if (memcmp(mm->mac[i], mac, 6) == 0)
			return;
	if (mm->n == AN_MEMBER_MAX_MACS) {
		mm->dropped++;
		return;
	}
	memcpy(mm->mac[mm->n++], mac, 6);
}

/* The binding of `mac`, creating it for a registered MAC; NULL: unbound. */
static struct id_bind *binding(struct an_identity *a, const uint8_t mac[6],
    int64_t now)
{
	const struct reg_member *m;
	struct id_bind *b;
	int created;

	if (a->have_look && a->look_epoch == a->epoch && lru_eq6(a->look_mac, mac))
		return a->look;
	b = lru_find(a->binds, mac);
	if (b == NULL && (m = reg_by_mac(a->env->reg, mac)) != NULL) {
		b = lru_get(a->binds, mac, now, &created);
		b->member = (uint32_t)reg_member_index(a->env->reg, m) + 1;
		b->how = AN_BY_REGISTERED_MAC;
		a->epoch++; /* lru_get() may have reused another entry's slot */
		a->ms[b->member - 1].have_mac = 1;
		a->ms[b->member - 1].n_live++;
		add_mac(&a->ms[b->member - 1].macs, mac);
	}
	memcpy(a->look_mac, mac, 6);
	a->look = b;
	a->look_epoch = a->epoch;
	a->have_look = 1;
	return b;
}

static void bind_mac(struct an_identity *a, size_t idx, const uint8_t mac[6],
    int64_t now)
{
	struct id_bind *b;
	int created;

	b = lru_get(a->binds, mac, now, &created);
	if (created || b->retired || b->member != idx + 1)
		a->ms[idx].n_live++;
	b->member = (uint32_t)idx + 1;
	b->how = reg_member_has_mac(reg_member_at(a->env->reg, idx), mac)
	    ? AN_BY_REGISTERED_MAC : AN_BY_LEARNED_MAC;
	b->retired = 0;
	a->epoch++;
	if (!a->ms[idx].have_mac && reg_member_at(a->env->reg, idx)->n_macs == 0 &&
	    a->env->shared->unbound_members > 0)
		a->env->shared->unbound_members--;
	a->ms[idx].have_mac = 1;
	add_mac(&a->ms[idx].macs, mac);
}

static const char *const ev_names[] = {"IP traffic", "ARP", "Neighbor Discovery"};

static enum alert_type spoof_type(uint8_t ev)
{
	return ev == ID_EV_ARP ? ALERT_ARP_SPOOF : ALERT_ND_SPOOF;
}

static void mismatch(struct an_identity *a, size_t sender_idx, size_t owner_idx,
    const uint8_t mac[6], int version, const uint8_t *addr,
    const struct frame_meta *m);

static int is_rival(const struct id_member *s, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < s->n_rivals; i++)
		if (memcmp(s->rivals[i], mac, 6) == 0)
			return 1;
	return 0;
}

/* `mac` holds member idx's address while idx's own MAC talks: a spoof. */
static void spoof(struct an_identity *a, size_t idx, const uint8_t mac[6],
    uint8_t ev, int version, const uint8_t *addr, const struct frame_meta *m,
    uint64_t count)
{
	const struct reg_member *x = reg_member_at(a->env->reg, idx);
	struct id_member *s = &a->ms[idx];
	char ms[FMT_MAC_LEN], own[FMT_MAC_LEN], ip[FMT_IP_LEN], label[AN_LABEL_LEN];
	struct alert_key k;

	if (!is_rival(s, mac) && s->n_rivals < ID_MAX_RIVALS)
		memcpy(s->rivals[s->n_rivals++], mac, 6);
	if (ev == ID_EV_IP) {
		/* mac_mismatch is a condition: it lives in the mismatch table */
		mismatch(a, SIZE_MAX, idx, mac, version, addr, m);
		return;
	}
	alert_key_init(&k, spoof_type(ev));
	an_key_mac(&k, a->env, mac);
	alert_key_ip(&k, version, addr);
	ALERT_RAISE(a->env->alerts, &k, ALERT_CRITICAL, m->ts_sec, m->ts_nsec, count,
	    "%s from %s claims %s, the address of %s, while %s's own MAC %s is active: two MACs hold one address",
	    ev_names[ev], fmt_mac(ms, mac), fmt_ip(ip, version, addr),
	    an_member_label(x, label), label,
	    s->macs.n ? fmt_mac(own, s->macs.mac[s->macs.n - 1]) : "?");
}

static void note_swap(struct id_member *s, const uint8_t old[6])
{
	struct an_member_macs *mm = &s->macs;

	if (mm->n_swaps == AN_MEMBER_MAX_SWAPS)
		return;
	memcpy(mm->swap[mm->n_swaps].old_mac, old, 6);
	memcpy(mm->swap[mm->n_swaps].new_mac, s->cand, 6);
	mm->swap[mm->n_swaps].sec = s->cand_sec;
	mm->swap[mm->n_swaps].nsec = s->cand_nsec;
	mm->n_swaps++;
}

/* The claim on member idx held for W quiet seconds: a router swap. */
static void swap(struct an_identity *a, size_t idx)
{
	const struct reg_member *x = reg_member_at(a->env->reg, idx);
	struct id_member *s = &a->ms[idx];
	int i;

	for (i = 0; i < s->macs.n; i++) {
		struct id_bind *b = lru_find(a->binds, s->macs.mac[i]);

		if (b && b->member == idx + 1 && !b->retired) {
			b->retired = 1;
			s->n_live--;
			a->epoch++;
			note_swap(s, s->macs.mac[i]);
		}
	}
	/* A registered MAC never heard still was the member's router. */
	if (s->macs.n == 0 && x->n_macs)
		note_swap(s, x->macs[0]);
	bind_mac(a, idx, s->cand, s->cand_last);
	s->have_cand = 0;
	s->last_sec = s->cand_last;
}

/* A frame from one of member idx's own MACs: a pending claim is a spoof. */
static void own_frame(struct an_identity *a, size_t idx,
    const struct frame_meta *m)
{
	struct id_member *s = &a->ms[idx];

	if (s->have_cand && m->ts_sec - s->cand_last <= (int64_t)a->env->cfg->claim_window) {
		/* The spoof began with the claim, not with the owner's frame. */
		struct frame_meta cm = {s->cand_sec, s->cand_nsec,
		    s->cand_count > UINT32_MAX ? UINT32_MAX : (uint32_t)s->cand_count};

		spoof(a, idx, s->cand, s->cand_ev, s->cand_ver, s->cand_addr, &cm,
		    s->cand_count);
		s->have_cand = 0;
	} else if (s->have_cand) {
		s->have_cand = 0; /* the claimant went away before the owner spoke */
	}
	s->last_sec = m->ts_sec;
	s->last_nsec = m->ts_nsec;
}

/*
 * `mac` of member sender_idx (SIZE_MAX: a stranger's, while the owner's
 * own MAC talks) carries member owner_idx's address.
 */
static void mismatch(struct an_identity *a, size_t sender_idx, size_t owner_idx,
    const uint8_t mac[6], int version, const uint8_t *addr,
    const struct frame_meta *m)
{
	uint8_t key[22];
	struct id_mismatch *x;
	int created;

	memcpy(key, mac, 6);
	memset(key + 6, 0, 16);
	memcpy(key + 6, addr, version == 6 ? 16 : 4);
	x = lru_get(a->mismatches, key, m->ts_sec, &created);
	if (created) {
		x->version = version;
		x->sender = sender_idx == SIZE_MAX ? 0 : (uint32_t)sender_idx + 1;
		x->owner = (uint32_t)owner_idx + 1;
		x->first_sec = m->ts_sec;
		x->first_nsec = m->ts_nsec;
	}
	x->last_sec = m->ts_sec;
	x->last_nsec = m->ts_nsec;
	x->count += m->weight;
}

/* The bit of registered address `addr` in id_member.held. */
static uint16_t addr_bit(const struct reg_member *x, int version,
    const uint8_t *addr)
{
	int i;

	for (i = 0; version == 4 && i < x->n_v4 && i < 8; i++)
		if (memcmp(x->v4[i], addr, 4) == 0)
			return (uint16_t)(1u << i);
	for (i = 0; version == 6 && i < x->n_v6 && i < 8; i++)
		if (memcmp(x->v6[i], addr, 16) == 0)
			return (uint16_t)(1u << (8 + i));
	return 0;
}

/*
 * `mac` sends (or claims) `addr`; returns the member the frame belongs to
 * by this evidence, or SIZE_MAX.
 */
static size_t claim(struct an_identity *a, const uint8_t mac[6], uint8_t ev,
    int version, const uint8_t *addr, const struct frame_meta *m)
{
	const struct reg_member *x = version == 4 ? reg_by_v4(a->env->reg, addr)
						  : reg_by_v6(a->env->reg, addr);
	const int64_t w = (int64_t)a->env->cfg->claim_window;
	struct id_member *s;
	int conns;
	struct id_bind *b;
	uint16_t bit;
	size_t idx;

	if (x == NULL)
		return SIZE_MAX;
	idx = reg_member_index(a->env->reg, x);
	s = &a->ms[idx];
	bit = addr_bit(x, version, addr);
	conns = x->n_v4 > x->n_v6 ? x->n_v4 : x->n_v6;
	b = binding(a, mac, m->ts_sec);
	if (b && !b->retired) {
		if (b->member != idx + 1)
			mismatch(a, b->member - 1, idx, mac, version, addr, m);
		else
			s->held |= bit;
		return idx;
	}
	if (an_flood_source(a->env, mac))
		return SIZE_MAX; /* a flood's random source: mac_flood tells */
	if (is_rival(s, mac)) {
		if (m->ts_sec - s->last_sec <= w) {
			spoof(a, idx, mac, ev, version, addr, m, m->weight);
			return SIZE_MAX; /* a spoofer's frames are not the member's */
		}
		/* the owner is gone: the rival may be its new router after all */
	}
	if (x->n_macs == 0 && (!s->have_mac || (!(s->held & bit) && s->n_live < conns))) {
		/* First sighting (on this connection), no MAC registered. */
		bind_mac(a, idx, mac, m->ts_sec);
		s->held |= bit;
		return idx;
	}
	if (s->have_cand && memcmp(s->cand, mac, 6) != 0) {
		if (m->ts_sec - s->cand_last <= w) {
			/* Two strangers on one address at once: the newer one spoofs. */
			spoof(a, idx, mac, ev, version, addr, m, m->weight);
			return SIZE_MAX;
		}
		s->have_cand = 0;
	}
	if (!s->have_cand) {
		s->have_cand = 1;
		memcpy(s->cand, mac, 6);
		s->cand_ev = ev;
		s->cand_ver = (uint8_t)version;
		memset(s->cand_addr, 0, sizeof(s->cand_addr));
		memcpy(s->cand_addr, addr, version == 6 ? 16 : 4);
		s->cand_sec = m->ts_sec;
		s->cand_nsec = m->ts_nsec;
		s->cand_count = 0;
	}
	s->cand_last = m->ts_sec;
	s->cand_count += m->weight;
	if (m->ts_sec - s->cand_sec >= w && (!s->have_mac || s->last_sec < s->cand_sec))
		swap(a, idx);
	return idx;
}

static void id_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	struct an_identity *a = st;
	struct an_shared *sh = a->env->shared;
	struct id_bind *b;
	size_t by_addr = SIZE_MAX;
	uint32_t epoch = a->epoch;

	sh->sender = NULL;
	sh->sender_how = AN_BY_NONE;
	if (a->env->reg == NULL || !(f->layers & DEC_HAS_SRCMAC))
		return;
	b = binding(a, f->src_mac, m->ts_sec);
	if (b && !b->retired)
		own_frame(a, b->member - 1, m);
	/* Address evidence, on native frames only: tunnels carry the Internet's. */
	if (f->tunnel == DEC_TUN_NONE) {
		if (f->layers & DEC_HAS_ARP) {
			static const uint8_t zero[4];

			if (memcmp(f->arp.spa, zero, 4) != 0)
				by_addr = claim(a, f->arp.sha, ID_EV_ARP, 4, f->arp.spa, m);
		} else if ((f->layers & DEC_HAS_ND) && f->icmp_type == 136) {
			by_addr = claim(a, f->nd.opts & DEC_ND_OPT_TLL ? f->nd.tll : f->src_mac,
			    ID_EV_ND, 6, f->nd.target, m);
		} else if ((f->layers & DEC_HAS_ND) && f->icmp_type == 135 &&
		    !an_v6_is_unspecified(f->ip.src)) {
			by_addr = claim(a, f->nd.opts & DEC_ND_OPT_SLL ? f->nd.sll : f->src_mac,
			    ID_EV_ND, 6, f->ip.src, m);
		} else if (f->layers & DEC_HAS_IP) {
			by_addr = claim(a, f->src_mac, ID_EV_IP, f->ip.version, f->ip.src, m);
		}
	}
	/* claim() bound or retired a MAC, or its lru_get() reused a slot. */
	if (a->epoch != epoch)
		b = binding(a, f->src_mac, m->ts_sec);
	if (b && !b->retired) {
		sh->sender = reg_member_at(a->env->reg, b->member - 1);
		sh->sender_how = b->how;
	} else if (by_addr != SIZE_MAX) {
		sh->sender = reg_member_at(a->env->reg, by_addr);
		sh->sender_how = AN_BY_ADDRESS;
	}
}

static void mismatch_alert(void *ctx, const void *key, void *val)
{
	struct an_identity *a = ctx;
	const struct id_mismatch *x = val;
	const uint8_t *mac = key, *addr = (const uint8_t *)key + 6;
	const struct reg_member *snd = x->sender ? reg_member_at(a->env->reg, x->sender - 1) : NULL;
	const struct reg_member *own = reg_member_at(a->env->reg, x->owner - 1);
	const int version = x->version;
	char ms[FMT_MAC_LEN], ip[FMT_IP_LEN], sl[AN_LABEL_LEN], ol[AN_LABEL_LEN];
	struct alert_key k;

	alert_key_init(&k, ALERT_MAC_MISMATCH);
	alert_key_mac(&k, mac);
	alert_key_ip(&k, version, addr);
	if (snd)
		alert_key_asn(&k, snd->asnum);
	/* a flood's random source, found out after its claim */
	if (a->now - x->last_sec > (int64_t)a->env->cfg->claim_window ||
	    (snd == NULL && an_flood_mac(a->env, mac))) {
		alert_close(a->env->alerts, &k);
		return;
	}
	if (snd)
		alert_set(a->env->alerts, &k, ALERT_WARNING, x->first_sec, x->first_nsec,
		    x->last_sec, x->last_nsec, x->count,
		    "%s's MAC %s uses %s, the address of %s: one MAC with two members' addresses",
		    an_member_label(snd, sl), fmt_mac(ms, mac), fmt_ip(ip, version, addr),
		    an_member_label(own, ol));
	else
		alert_set(a->env->alerts, &k, ALERT_CRITICAL, x->first_sec, x->first_nsec,
		    x->last_sec, x->last_nsec, x->count,
		    "MAC %s, of no member, sends from %s, the address of %s, while %s's own MAC is active: two MACs hold one address",
		    fmt_mac(ms, mac), fmt_ip(ip, version, addr),
		    an_member_label(own, ol), ol);
}

/* alert_table_attribute(): the member a MAC was learned for since. */
static int owner_of(void *ctx, const uint8_t mac[6], const char *detail,
    uint32_t *asnum, char *out, size_t outlen)
{
	const struct an_identity *a = ctx;
	const struct reg_member *m = an_member_of_mac(a->env, mac);

	if (m == NULL || !an_relabel(a->env, mac, detail, out, outlen))
		return 0;
	*asnum = m->asnum;
	return 1;
}

static void id_finish(void *st, int64_t now, int final)
{
	struct an_identity *a = st;
	const struct ixm_config *cfg = a->env->cfg;
	char label[AN_LABEL_LEN], o[FMT_MAC_LEN], nw[FMT_MAC_LEN], ts[FMT_TS_LEN];
	struct alert_key k;
	size_t i;
	int j;

	if (a->env->reg == NULL)
		return;
	a->now = now;
	for (i = 0; i < a->n; i++) {
		const struct reg_member *m = reg_member_at(a->env->reg, i);
		struct id_member *s = &a->ms[i];
		uint32_t allowed = cfg->macs_per_member, live = 0;

		/* The input ended with a claim nobody disputed: a swap. */
		if (final && s->have_cand && (!s->have_mac || s->last_sec < s->cand_sec) &&
		    !an_flood_mac(a->env, s->cand))
			swap(a, i);
		an_member_label(m, label);
		for (j = 0; j < s->macs.n_swaps; j++) {
			const struct an_swap *sw = &s->macs.swap[j];

			alert_key_init(&k, ALERT_MAC_CHANGED);
			alert_key_mac(&k, sw->new_mac);
			alert_key_asn(&k, m->asnum);
			alert_set(a->env->alerts, &k, ALERT_WARNING, sw->sec, sw->nsec,
			    sw->sec, sw->nsec, 1,
			    "%s changed its router: MAC %s went quiet and %s took over its addresses at %s (register the new MAC)",
			    label, fmt_mac(o, sw->old_mac), fmt_mac(nw, sw->new_mac),
			    fmt_rfc3339(ts, sw->sec, sw->nsec));
		}
		for (j = 0; j < s->macs.n; j++) {
			const struct id_bind *b = lru_find(a->binds, s->macs.mac[j]);

			live += b && b->member == i + 1 && !b->retired;
		}
		/* One MAC per port: as many as it registered, or has connections. */
		if (allowed == 0)
			allowed = m->n_macs > m->n_v4 ? m->n_macs : m->n_v4;
		if (allowed < m->n_v6)
			allowed = m->n_v6;
		if (allowed == 0)
			allowed = 1;
		alert_key_init(&k, ALERT_MAC_MULTIPLE);
		alert_key_asn(&k, m->asnum);
		if (live > allowed) {
			char macs[AN_MEMBER_MAX_MACS * 19 + 1] = "", one[FMT_MAC_LEN];

			for (j = 0; j < s->macs.n; j++) {
				strcat(macs, j ? ", " : "");
				strcat(macs, fmt_mac(one, s->macs.mac[j]));
			}
			alert_set(a->env->alerts, &k, ALERT_WARNING, s->last_sec,
			    s->last_nsec, s->last_sec, s->last_nsec, live,
			    "%s is on %u MACs at once (%s), more than the %u its policy allows",
			    label, live, macs, allowed);
		} else {
			alert_close(a->env->alerts, &k);
		}
	}
	lru_foreach(a->mismatches, mismatch_alert, a);
	/* What a MAC did before it was learned as a member's is the member's. */
	alert_table_attribute(a->env->alerts, owner_of, a);
}

/*
 * After a restart: the router swaps the state recorded stand (the new MAC
 * is the member's, the old one retired), so a MAC-less list does not take
 * the old router back, and the reconciliation keeps them.  Other bindings
 * are learned again from traffic.
 */
static void id_restore(void *st, const json_t *root)
{
	struct an_identity *a = st;
	const json_t *c;
	size_t i;

	if (a->env->reg == NULL)
		return;
	json_array_foreach(jget(root, "reconciliation.mac_changes"), i, c) {
		const struct reg_member *m = reg_by_asn(a->env->reg,
		    (uint32_t)an_json_u64(c, "asnum"));
		const char *o = json_string_value(json_object_get(c, "old_mac"));
		const char *n = json_string_value(json_object_get(c, "new_mac"));
		const char *at = json_string_value(json_object_get(c, "at"));
		struct id_member *s;
		struct id_bind *b;
		uint8_t old[6];
		size_t idx;
		int created;

		if (m == NULL || o == NULL || n == NULL || at == NULL ||
		    addr_mac_parse(o, strlen(o), old) < 0)
			continue;
		idx = reg_member_index(a->env->reg, m);
		s = &a->ms[idx];
		if (addr_mac_parse(n, strlen(n), s->cand) < 0 ||
		    fmt_parse_rfc3339(at, &s->cand_sec, &s->cand_nsec) < 0)
			continue;
		note_swap(s, old);
		b = lru_get(a->binds, old, s->cand_sec, &created);
		if (!created && !b->retired && b->member == idx + 1)
			s->n_live--;
		b->member = (uint32_t)idx + 1;
		b->how = AN_BY_LEARNED_MAC;
		b->retired = 1;
		a->epoch++;
		add_mac(&s->macs, old);
		bind_mac(a, idx, s->cand, s->cand_sec);
	}
}

const struct an_member_macs *an_identity_macs(const struct an_env *env,
    size_t idx)
{
	const struct an_identity *a = env->shared->identity;

	return a && idx < a->n ? &a->ms[idx].macs : NULL;
}

const struct reg_member *an_member_of_mac(const struct an_env *env,
    const uint8_t mac[6])
{
	struct an_identity *a = env->shared->identity;
	const struct id_bind *b;

	if (env->reg == NULL || a == NULL)
		return NULL;
	b = lru_find(a->binds, mac);
	if (b)
		return b->retired ? NULL : reg_member_at(env->reg, b->member - 1);
	return reg_by_mac(env->reg, mac);
}

int an_identity_pending(const struct an_env *env, const uint8_t mac[6])
{
	const struct an_identity *a = env->shared->identity;
	size_t i;

	for (i = 0; a && i < a->n; i++)
		if (a->ms[i].have_cand && memcmp(a->ms[i].cand, mac, 6) == 0)
			return 1;
	return 0;
}

const struct analyzer_ops an_identity_ops = {
	.name = "identity",
	.init = id_init,
	.frame = id_frame,
	.finish = id_finish,
	.free = id_free,
	.restore = id_restore,
};
