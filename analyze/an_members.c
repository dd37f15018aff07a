/*
 * an_members.c - per-member accounting, IPv6 status and reconciliation
 * against the registry.
 *
 * Frames belong to the member an_identity.c names (by MAC, else by the
 * member's registered address in the frame), so a member whose router was
 * swapped keeps its traffic, its last_seen and its status.  Per member we
 * keep IPv4 and IPv6 frames and bytes it sent and received (unicast to
 * its MACs), how the sent frames were attributed (by MAC or by address),
 * whether it spoke IPv4 (ARP or traffic), and the LAN
 * addresses it sourced (link-local, or inside the LAN prefix; transit
 * sources are the Internet's addresses, not the member's) with first and
 * last time.
 *
 * IPv6 service (docs/detectors.md) is a global source address (RFC 4291
 * 2.5.4: not link-local, not ::, not multicast) or an IPv6 BGP session:
 * every interface with IPv6 enabled sends DAD from :: (RFC 4862 5.4), MLD
 * reports (RFC 3810) and link-local ND, and that is not a member running
 * IPv6 on the exchange.  Status (docs/detectors.md): active = registered
 * and serving IPv6; silent = registered, not serving (link_local_only
 * says when it only did link-local); unregistered = serving, not
 * registered; none = neither.  When an active member kept sending IPv4 for
 * more than thresholds.went_dark_after seconds (capture time) after its
 * last IPv6, its IPv6 went dark; after a router swap the alert names it.
 *
 * History: each member's IPv6 status transitions with their times, in
 * ipv6.history (oldest first, at most MEMBER_MAX_HISTORY: the first entry
 * and the latest ones): "active" (first seen serving IPv6, or back after
 * "dark"), "silent" (registered, judged silent: at the end of the input,
 * or live after went_dark_after), "unregistered", "dark" (went dark:
 * since its last IPv6).  A return is recorded when its frame arrives, so
 * a dark spell inside one report interval is not lost.  The history comes
 * back from state.json after a restart like the counters.
 *
 * Findings here are conditions (alerts/alert.h): set at every report with
 * absolute counts and times, closed when they end, so a run reporting
 * every minute and one reporting at the end agree.
 *
 * Addressing schemes (policy.scheme) are judged on the addresses in use,
 * else the registered ones: "asn" checks the AS-number scheme where AS
 * 6939 becomes prefix::a500:6939:1 - the decimal digits of the ASN
 * written as hex nibbles after "a5", right-aligned before the last group;
 * "ipv4-suffix" checks that the address ends in the member's IPv4 address
 * (as 32 bits, or as four groups spelled in decimal, ::80:249:208:5).
 *
 * Reconciliation: the exchange's own table ("113 registered, 117 seen, 9
 * silent") - addresses seen and not registered, registered and never
 * seen, router swaps, and one suggested correction per finding.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/estimate.h"
#include "capture/decode.h"
#include "common/fmt.h"
#include "common/log.h"
#include "common/oui.h"

#define MEMBER_MAX_V6 16
#define MEMBER_MAX_V4 4
#define MEMBER_MAX_HISTORY 16

/* ipv6.history statuses; the index is what a member keeps. */
enum { HIST_ACTIVE, HIST_SILENT, HIST_UNREGISTERED, HIST_DARK };
static const char *const hist_names[] = {"active", "silent", "unregistered",
    "dark", NULL};

struct hist_entry {
	uint8_t status; /* HIST_* */
	int64_t sec;
	uint32_t nsec;
};

struct seen_addr {
	uint8_t addr[16]; /* IPv4 in the first 4 bytes */
	int64_t first_sec, last_sec;
	uint32_t first_nsec, last_nsec;
};

struct member_state {
	uint64_t v4_frames, v4_bytes, v6_frames, v6_bytes; /* sent */
	uint64_t in_v4_frames, in_v4_bytes, in_v6_frames, in_v6_bytes; /* received */
	struct est_var var_frames, var_bytes; /* behind ipv6_share, when sampled */
	uint64_t by_mac, by_address; /* frames attributed each way */
	uint64_t v6g_frames;         /* IPv6 frames from global sources */
	int64_t first_sec, last_v4_sec, first_v6_sec, last_v6_sec;
	uint32_t first_nsec, first_v6_nsec, last_v6_nsec;
	uint8_t seen, seen_v4, seen_v6, seen_ll;
	uint8_t n_v6, n_v4;
	struct seen_addr v6[MEMBER_MAX_V6];
	struct seen_addr v4[MEMBER_MAX_V4];
	uint32_t addrs_dropped;
	const char *status;
	const char *scheme;
	int went_dark, link_local_only;
	uint8_t n_hist;
	struct hist_entry hist[MEMBER_MAX_HISTORY];
};

struct an_members {
	const struct an_env *env;
	size_t n;
	struct member_state *ms;
	int64_t now;
	int64_t first_sec; /* capture time of the first frame */
	int have_first;
	struct oui_table *oui; /* vendor names, read at the first report */
	int oui_tried;
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
	oui_free(a->oui);
	free(a);
}

static struct member_state *state_of(struct an_members *a,
    const struct reg_member *m)
{
	return &a->ms[reg_member_index(a->env->reg, m)];
}

/* Remember LAN address `addr` (4 or 16 bytes) as used at sec.nsec. */
static void note_addr(struct member_state *s, int version, const uint8_t *addr,
    int64_t sec, uint32_t nsec)
{
	struct seen_addr *list = version == 4 ? s->v4 : s->v6;
	uint8_t *n = version == 4 ? &s->n_v4 : &s->n_v6;
	const int max = version == 4 ? MEMBER_MAX_V4 : MEMBER_MAX_V6;
	const size_t len = version == 4 ? 4 : 16;
	struct seen_addr *e;
	int i;

	for (i = 0; i < *n; i++)
		if (memcmp(list[i].addr, addr, len) == 0) {
			list[i].last_sec = sec;
			list[i].last_nsec = nsec;
			return;
		}
	if (*n == max) {
		s->addrs_dropped++;
		return;
	}
	e = &list[(*n)++];
	memset(e->addr, 0, sizeof(e->addr));
	memcpy(e->addr, addr, len);
	e->first_sec = e->last_sec = sec;
	e->first_nsec = e->last_nsec = nsec;
}

/*
 * Record `status` since sec.nsec unless it is the member's latest already.
 * A full history keeps its first entry (since when the member has IPv6)
 * and drops the oldest after it.
 */
static void hist_note(struct member_state *s, uint8_t status, int64_t sec,
    uint32_t nsec)
{
	struct hist_entry *e;

	if (s->n_hist && s->hist[s->n_hist - 1].status == status)
		return;
	if (s->n_hist == MEMBER_MAX_HISTORY) {
		memmove(&s->hist[1], &s->hist[2],
		    (MEMBER_MAX_HISTORY - 2) * sizeof(s->hist[0]));
		s->n_hist--;
	}
	e = &s->hist[s->n_hist++];
	e->status = status;
	e->sec = sec;
	e->nsec = nsec;
}

static int v6_global(const uint8_t a[16])
{
	return !an_v6_is_linklocal(a) && !an_v6_is_unspecified(a) &&
	    !an_v6_is_multicast(a);
}

/* An IPv6 frame from the member; reg6: it has an IPv6 address registered. */
static void v6_frame(struct an_members *a, struct member_state *s, int reg6,
    const struct dec_frame *f, const struct frame_meta *m)
{
	an_add_sat(&s->v6_frames, m->weight);
	an_add_sat(&s->v6_bytes, (uint64_t)f->wirelen * m->weight);
	if (!(f->layers & DEC_HAS_IP) || f->tunnel != DEC_TUN_NONE)
		return;
	if (an_v6_is_linklocal(f->ip.src)) {
		s->seen_ll = 1;
		note_addr(s, 6, f->ip.src, m->ts_sec, m->ts_nsec);
	} else if (v6_global(f->ip.src)) {
		if (!s->seen_v6) {
			s->first_v6_sec = m->ts_sec;
			s->first_v6_nsec = m->ts_nsec;
		} else if (s->last_v4_sec - s->last_v6_sec >
		    (int64_t)a->env->cfg->went_dark_after) {
			/* back after going dark (members_finish's test) */
			if (s->n_hist == 0)
				hist_note(s, reg6 ? HIST_ACTIVE : HIST_UNREGISTERED,
				    s->first_v6_sec, s->first_v6_nsec);
			hist_note(s, HIST_DARK, s->last_v6_sec, s->last_v6_nsec);
			hist_note(s, reg6 ? HIST_ACTIVE : HIST_UNREGISTERED, m->ts_sec,
			    m->ts_nsec);
		}
		s->seen_v6 = 1;
		an_add_sat(&s->v6g_frames, m->weight);
		s->last_v6_sec = m->ts_sec;
		s->last_v6_nsec = m->ts_nsec;
		if (an_in_lan(a->env, 6, f->ip.src) == 1)
			note_addr(s, 6, f->ip.src, m->ts_sec, m->ts_nsec);
	} else if (an_v6_is_unspecified(f->ip.src)) {
		s->seen_ll = 1; /* DAD or an MLD report before an address */
	}
}

/*
 * A unicast frame to a member's MAC (registered or learned, the lookup
 * an_identity.c keeps) is what the member receives: the frame leaves the
 * fabric on that member's port.  Broadcast and multicast (ARP requests,
 * ND, MLD) go to every port and are nobody's inbound traffic.
 */
static void received(struct an_members *a, const struct dec_frame *f,
    const struct frame_meta *m)
{
	const struct reg_member *to;
	struct member_state *s;

	if (!(f->layers & DEC_HAS_SRCMAC) || (f->dst_mac[0] & 1) ||
	    (f->eclass != DEC_EC_IPV4 && f->eclass != DEC_EC_IPV6))
		return;
	if ((to = an_member_of_mac(a->env, f->dst_mac)) == NULL)
		return;
	s = state_of(a, to);
	if (f->eclass == DEC_EC_IPV4) {
		an_add_sat(&s->in_v4_frames, m->weight);
		an_add_sat(&s->in_v4_bytes, (uint64_t)f->wirelen * m->weight);
	} else {
		an_add_sat(&s->in_v6_frames, m->weight);
		an_add_sat(&s->in_v6_bytes, (uint64_t)f->wirelen * m->weight);
	}
}

static void members_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	struct an_members *a = st;
	const struct reg_member *mem = a->env->shared->sender;
	struct member_state *s;

	if (!a->have_first) {
		a->first_sec = m->ts_sec;
		a->have_first = 1;
	}
	received(a, f, m);
	if (mem == NULL)
		return;
	s = state_of(a, mem);
	if (!s->seen) {
		s->seen = 1;
		s->first_sec = m->ts_sec;
		s->first_nsec = m->ts_nsec;
	}
	if (a->env->shared->sender_how == AN_BY_ADDRESS)
		an_add_sat(&s->by_address, m->weight);
	else
		an_add_sat(&s->by_mac, m->weight);
	if (m->weight > 1 && (f->eclass == DEC_EC_IPV4 || f->eclass == DEC_EC_IPV6)) {
		est_var_add(&s->var_frames, m->weight, 1, f->eclass == DEC_EC_IPV6);
		est_var_add(&s->var_bytes, m->weight, f->wirelen,
		    f->eclass == DEC_EC_IPV6);
	}
	switch (f->eclass) {
	case DEC_EC_IPV4:
		an_add_sat(&s->v4_frames, m->weight);
		an_add_sat(&s->v4_bytes, (uint64_t)f->wirelen * m->weight);
		s->seen_v4 = 1;
		s->last_v4_sec = m->ts_sec;
		if ((f->layers & DEC_HAS_IP) && f->tunnel == DEC_TUN_NONE &&
		    an_in_lan(a->env, 4, f->ip.src) == 1)
			note_addr(s, 4, f->ip.src, m->ts_sec, m->ts_nsec);
		break;
	case DEC_EC_ARP:
		s->seen_v4 = 1;
		s->last_v4_sec = m->ts_sec;
		if ((f->layers & DEC_HAS_ARP) && an_in_lan(a->env, 4, f->arp.spa) == 1)
			note_addr(s, 4, f->arp.spa, m->ts_sec, m->ts_nsec);
		break;
	case DEC_EC_IPV6:
		v6_frame(a, s, mem->n_v6 > 0, f, m);
		break;
	default:
		break;
	}
}

/* "a5" + the ASN's decimal digits as nibbles, right-aligned in bits 64..111. */
static int asn_scheme_ok(const uint8_t a[16], const struct addr_prefix *lan,
    uint32_t asnum, uint32_t suffix)
{
	char digits[16];
	uint8_t want[16] = {0};
	uint64_t nib = 0xa5;
	int len, i;

	if (lan && lan->len && !addr_prefix_contains(lan, 6, a))
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

/*
 * Does IPv6 `addr` fit policy.scheme for member m (state s)?  1 yes, 0
 * no (also ipv4-suffix for a member without any IPv4 address), -1 no
 * scheme.
 */
static int fits_scheme(const struct an_members *a, const struct reg_member *m,
    const struct member_state *s, const uint8_t addr[16])
{
	const struct ixm_config *cfg = a->env->cfg;
	const struct addr_prefix *lan = cfg->n_lan_v6 ? &cfg->lan_v6[0] : reg_lan_v6(a->env->reg);

	if (cfg->scheme == CFG_SCHEME_ASN)
		return asn_scheme_ok(addr, lan, m->asnum, cfg->scheme_suffix);
	if (cfg->scheme != CFG_SCHEME_IPV4_SUFFIX)
		return -1;
	if (m->n_v4)
		return v4_suffix_ok(addr, m->v4[0]);
	return s->n_v4 ? v4_suffix_ok(addr, s->v4[0].addr) : 0;
}

/* The scheme verdict on the global addresses in use, else the registered. */
static const char *scheme_of(const struct an_members *a,
    const struct reg_member *m, const struct member_state *s)
{
	int i, n = 0, ok = 1, r;

	for (i = 0; i < s->n_v6; i++) {
		if (an_v6_is_linklocal(s->v6[i].addr))
			continue;
		if ((r = fits_scheme(a, m, s, s->v6[i].addr)) < 0)
			return NULL;
		n++;
		ok &= r;
	}
	for (i = 0; n == 0 && i < m->n_v6; i++) {
		if ((r = fits_scheme(a, m, s, m->v6[i])) < 0)
			return NULL;
		ok &= r;
	}
	if (n == 0 && m->n_v6 == 0)
		return NULL;
	return ok ? "ok" : "off-scheme";
}

/* The swap of member idx after capture time `sec`, or NULL. */
static const struct an_swap *swap_after(const struct an_members *a, size_t idx,
    int64_t sec)
{
	const struct an_member_macs *mm = an_identity_macs(a->env, idx);
	int i;

	for (i = mm ? mm->n_swaps - 1 : -1; i >= 0; i--)
		if (mm->swap[i].sec >= sec)
			return &mm->swap[i];
	return NULL;
}

/* The first global LAN address member state s used, or NULL. */
static const struct seen_addr *first_global(const struct member_state *s)
{
	int i;

	for (i = 0; i < s->n_v6; i++)
		if (!an_v6_is_linklocal(s->v6[i].addr))
			return &s->v6[i];
	return NULL;
}

/*
 * Since when the member last had IPv6 up (its history's latest active
 * entry, else its first IPv6), for the went-dark alert's context.
 */
static const char *v6_up_since(const struct member_state *s, char *buf)
{
	int i;

	for (i = s->n_hist - 1; i >= 0; i--)
		if (s->hist[i].status == HIST_ACTIVE || s->hist[i].status == HIST_UNREGISTERED)
			return fmt_rfc3339(buf, s->hist[i].sec, s->hist[i].nsec);
	return fmt_rfc3339(buf, s->first_v6_sec, s->first_v6_nsec);
}

static void members_finish(void *st, int64_t now, int final)
{
	struct an_members *a = st;
	const struct ixm_config *cfg = a->env->cfg;
	const int64_t dark = (int64_t)cfg->went_dark_after;
	char label[AN_LABEL_LEN], ts[FMT_TS_LEN], since[FMT_TS_LEN], ip[FMT_IP_LEN];
	char mo[FMT_MAC_LEN], mn[FMT_MAC_LEN], why[160];
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
		const int v6 = s->seen_v6 || bgp6;
		const struct seen_addr *g = first_global(s);
		const struct an_swap *sw;
		int fits;

		s->status = reg6 ? (v6 ? "active" : "silent")
				 : (v6 ? "unregistered" : "none");
		s->link_local_only = !v6 && s->seen_ll;
		s->scheme = scheme_of(a, m, s);
		an_member_label(m, label);

		alert_key_init(&k, ALERT_V6_SILENT);
		alert_key_asn(&k, m->asnum);
		alert_key_ip(&k, 6, m->v6[0]);
		/* Live, give a member went_dark_after seconds to speak. */
		/* the same test as went_dark below */
		if (reg6 && !v6 && (final || now - a->first_sec >= dark))
			hist_note(s, HIST_SILENT, a->first_sec, 0);
		else if (s->seen_v6 && s->last_v4_sec - s->last_v6_sec > dark) {
			if (s->n_hist == 0) /* dark before any report saw it */
				hist_note(s, reg6 ? HIST_ACTIVE : HIST_UNREGISTERED,
				    s->first_v6_sec, s->first_v6_nsec);
			hist_note(s, HIST_DARK, s->last_v6_sec, s->last_v6_nsec);
		}
		else if (v6)
			hist_note(s, reg6 ? HIST_ACTIVE : HIST_UNREGISTERED,
			    s->seen_v6 ? s->first_v6_sec : now,
			    s->seen_v6 ? s->first_v6_nsec : 0);
		if (reg6 && !v6 && (final || now - a->first_sec >= dark))
			alert_set(a->env->alerts, &k, ALERT_NOTICE, a->first_sec, 0,
			    now, 0, 1,
			    "%s has IPv6 address %s registered but sent no IPv6 from a global address%s",
			    label, fmt_ip(ip, 6, m->v6[0]),
			    s->link_local_only ? " (only link-local ND/MLD: IPv6 is on, but not configured for the exchange)" : "");
		else if (reg6)
			alert_close(a->env->alerts, &k);

		alert_key_init(&k, ALERT_V6_UNREGISTERED);
		alert_key_asn(&k, m->asnum);
		if (!reg6 && s->seen_v6 && now - s->last_v6_sec <= dark) {
			fits = g ? fits_scheme(a, m, s, g->addr) : -1;
			alert_set(a->env->alerts, &k, ALERT_WARNING, s->first_v6_sec,
			    s->first_v6_nsec, s->last_v6_sec, s->last_v6_nsec,
			    s->v6g_frames,
			    "%s sends IPv6%s%s but has no IPv6 address registered in the member list%s",
			    label, g ? " from " : "", g ? fmt_ip(ip, 6, g->addr) : "",
			    fits == 1 ? "; the address fits the addressing scheme: register it" :
			    fits == 0 ? "; the address is off the addressing scheme" : "");
		} else {
			alert_close(a->env->alerts, &k);
		}

		/*
		 * Dark on IPv6 while IPv4 went on: a member that vanished on
		 * both is down, not an IPv6 finding.
		 */
		alert_key_init(&k, ALERT_V6_WENT_DARK);
		alert_key_asn(&k, m->asnum);
		s->went_dark = s->seen_v6 && s->last_v4_sec - s->last_v6_sec > dark;
		if (!s->went_dark) {
			alert_close(a->env->alerts, &k);
			continue;
		}
		why[0] = '\0';
		if ((sw = swap_after(a, i, s->last_v6_sec - dark)) != NULL)
			snprintf(why, sizeof(why),
			    " after its router swap from MAC %s to %s at %s",
			    fmt_mac(mo, sw->old_mac), fmt_mac(mn, sw->new_mac),
			    fmt_rfc3339(ts, sw->sec, sw->nsec));
		alert_set(a->env->alerts, &k, ALERT_WARNING, s->last_v6_sec,
		    s->last_v6_nsec, s->last_v6_sec, s->last_v6_nsec, 1,
		    "%s spoke IPv6 from %s until %s, then only IPv4 for more than %u s%s",
		    label, v6_up_since(s, since),
		    fmt_rfc3339(ts, s->last_v6_sec, s->last_v6_nsec),
		    cfg->went_dark_after, why);
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

static json_t *ts_json(int64_t sec, uint32_t nsec)
{
	char ts[FMT_TS_LEN];

	return json_string(fmt_rfc3339(ts, sec, nsec));
}

/*
 * What a member sent in one family; when sampled, with the 95% interval
 * of each count (the share's variance sums: IPv6 is its class, IPv4 the
 * rest).
 */
static json_t *sent_json(uint64_t frames, uint64_t bytes, double var_frames,
    double var_bytes)
{
	json_t *o = an_count_json(frames, bytes);

	if (var_frames > 0)
		json_object_set_new(o, "ci95", json_pack("{s:f,s:f}", "frames",
		    est_total_ci95(var_frames), "bytes", est_total_ci95(var_bytes)));
	return o;
}

static json_t *member_json(struct an_members *a, size_t i, const char *vendor)
{
	const struct reg_member *m = reg_member_at(a->env->reg, i);
	const struct an_member_macs *mm = an_identity_macs(a->env, i);
	struct member_state *s = &a->ms[i];
	char ip[FMT_IP_LEN];
	json_t *v6seen = json_array(), *v4, *v6, *hist;
	int j;

	for (j = 0; j < s->n_v6; j++)
		json_array_append_new(v6seen, json_string(fmt_ip(ip, 6, s->v6[j].addr)));
	v4 = json_pack("{s:o,s:b,s:o}", "registered",
	    m->n_v4 ? json_string(fmt_ip(ip, 4, m->v4[0])) : json_null(),
	    "seen", s->seen_v4, "last_seen",
	    s->seen_v4 ? ts_json(s->last_v4_sec, 0) : json_null());
	hist = json_array();
	for (j = 0; j < s->n_hist; j++)
		json_array_append_new(hist, json_pack("{s:s,s:o}", "status",
		    hist_names[s->hist[j].status], "since",
		    ts_json(s->hist[j].sec, s->hist[j].nsec)));
	v6 = json_pack("{s:o,s:o,s:s,s:o,s:b,s:b,s:o,s:o,s:I,s:o}", "registered",
	    m->n_v6 ? json_string(fmt_ip(ip, 6, m->v6[0])) : json_null(),
	    "seen_addresses", v6seen, "status", s->status, "scheme",
	    s->scheme ? json_string(s->scheme) : json_null(), "went_dark",
	    s->went_dark, "link_local_only", s->link_local_only, "first_seen",
	    s->seen_v6 ? ts_json(s->first_v6_sec, s->first_v6_nsec) : json_null(),
	    "last_seen",
	    s->seen_v6 ? ts_json(s->last_v6_sec, s->last_v6_nsec) : json_null(),
	    "global_frames", (json_int_t)s->v6g_frames, "history", hist);
	return json_pack("{s:I,s:s,s:{s:o,s:o},s:o,s:o,s:{s:o,s:o},s:o,s:{s:o,s:o},"
	    "s:{s:I,s:I},s:o}",
	    "asnum", (json_int_t)m->asnum, "name", m->name, "macs",
	    "registered", mac_list((const uint8_t (*)[6])m->macs, m->n_macs),
	    "seen", mac_list((const uint8_t (*)[6])mm->mac, mm->n),
	    "ipv4", v4, "ipv6", v6, "traffic", "ipv4",
	    sent_json(s->v4_frames, s->v4_bytes, s->var_frames.out, s->var_bytes.out),
	    "ipv6",
	    sent_json(s->v6_frames, s->v6_bytes, s->var_frames.in, s->var_bytes.in),
	    "ipv6_share",
	    est_share_json(s->v6_frames, s->v4_frames + s->v6_frames,
		&s->var_frames, s->v6_bytes, s->v4_bytes + s->v6_bytes,
		&s->var_bytes),
	    "traffic_in", "ipv4",
	    an_count_json(s->in_v4_frames, s->in_v4_bytes), "ipv6",
	    an_count_json(s->in_v6_frames, s->in_v6_bytes), "attribution",
	    "by_mac", (json_int_t)s->by_mac, "by_address", (json_int_t)s->by_address,
	    "vendor", vendor[0] ? json_string(vendor) : json_null());
}

/* One suggested correction. */
static void suggest(json_t *arr, const struct reg_member *m, const char *action,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void suggest(json_t *arr, const struct reg_member *m, const char *action,
    const char *fmt, ...)
{
	char detail[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s}", "asnum",
	    (json_int_t)m->asnum, "name", m->name, "action", action, "detail", detail));
}

static int registered_addr(const struct reg_member *m, int version,
    const uint8_t *addr)
{
	int i;

	for (i = 0; version == 6 && i < m->n_v6; i++)
		if (memcmp(m->v6[i], addr, 16) == 0)
			return 1;
	for (i = 0; version == 4 && i < m->n_v4; i++)
		if (memcmp(m->v4[i], addr, 4) == 0)
			return 1;
	return 0;
}

static int addr_seen(const struct member_state *s, int version, const uint8_t *addr)
{
	const struct seen_addr *list = version == 4 ? s->v4 : s->v6;
	int i, n = version == 4 ? s->n_v4 : s->n_v6;

	for (i = 0; i < n; i++)
		if (memcmp(list[i].addr, addr, version == 4 ? 4 : 16) == 0)
			return 1;
	return 0;
}

/* The reconciliation section (docs/detectors.md). */
static json_t *reconciliation(struct an_members *a)
{
	json_t *unreg = json_array(), *silent = json_array(), *changes = json_array();
	json_t *sugg = json_array();
	size_t i, seen = 0, reg6 = 0, act = 0, sil = 0, unr = 0, ll = 0, off = 0, absent = 0;
	char ip[FMT_IP_LEN], mac[FMT_MAC_LEN], mac2[FMT_MAC_LEN];
	int j, v;

	for (i = 0; i < a->n; i++) {
		const struct reg_member *m = reg_member_at(a->env->reg, i);
		const struct an_member_macs *mm = an_identity_macs(a->env, i);
		const struct member_state *s = &a->ms[i];

		seen += s->seen;
		absent += !s->seen;
		reg6 += m->n_v6 > 0;
		act += !strcmp(s->status, "active");
		sil += !strcmp(s->status, "silent");
		unr += !strcmp(s->status, "unregistered");
		ll += s->link_local_only;
		off += s->scheme && !strcmp(s->scheme, "off-scheme");
		for (v = 4; v <= 6; v += 2) {
			const struct seen_addr *list = v == 4 ? s->v4 : s->v6;
			int n = v == 4 ? s->n_v4 : s->n_v6;

			for (j = 0; j < n; j++) {
				int fits = v == 6 ? fits_scheme(a, m, s, list[j].addr) : -1;

				if ((v == 6 && an_v6_is_linklocal(list[j].addr)) ||
				    registered_addr(m, v, list[j].addr))
					continue;
				json_array_append_new(unreg, json_pack(
				    "{s:s,s:i,s:I,s:s,s:o,s:o,s:o,s:o}", "ip",
				    fmt_ip(ip, v, list[j].addr), "family", v, "asnum",
				    (json_int_t)m->asnum, "name", m->name, "mac",
				    mm && mm->n ? json_string(fmt_mac(mac, mm->mac[mm->n - 1])) : json_null(),
				    "scheme", fits < 0 ? json_null() : json_string(fits ? "ok" : "off-scheme"),
				    "first_seen", ts_json(list[j].first_sec, list[j].first_nsec),
				    "last_seen", ts_json(list[j].last_sec, list[j].last_nsec)));
				if (v == 6 && m->n_v6 == 0 && fits != 0)
					suggest(sugg, m, "register_ipv6",
					    "AS%u uses %s%s: register it as the member's IPv6 address",
					    m->asnum, ip, fits == 1 ? ", which fits the addressing scheme" : "");
				else if (v == 6 && fits == 0)
					suggest(sugg, m, "fix_scheme",
					    "AS%u uses %s, which is off the addressing scheme: ask the member to renumber, or register it",
					    m->asnum, ip);
				else
					suggest(sugg, m, "check_member",
					    "AS%u uses %s besides its registered address: ask the member why",
					    m->asnum, ip);
			}
		}
		for (v = 4; v <= 6; v += 2) {
			int n = v == 4 ? m->n_v4 : m->n_v6;

			for (j = 0; j < n; j++) {
				const uint8_t *addr = v == 4 ? m->v4[j] : m->v6[j];

				if (addr_seen(s, v, addr) || (v == 6 && !strcmp(s->status, "active")))
					continue;
				json_array_append_new(silent, json_pack("{s:s,s:i,s:I,s:s}",
				    "ip", fmt_ip(ip, v, addr), "family", v, "asnum",
				    (json_int_t)m->asnum, "name", m->name));
				if (v == 6 && s->seen)
					suggest(sugg, m, s->went_dark ? "check_member" : "remove_ipv6",
					    "AS%u has %s registered but sends no IPv6 from it%s",
					    m->asnum, ip, s->link_local_only ?
					    " (IPv6 is on, link-local only): ask the member to configure it, or remove it from the list" :
					    ": ask the member to enable it, or remove it from the list");
			}
		}
		if (!s->seen)
			suggest(sugg, m, "check_member",
			    "AS%u was not heard at all: is its port down, or has it left?", m->asnum);
		for (j = 0; mm && j < mm->n_swaps; j++) {
			json_array_append_new(changes, json_pack("{s:I,s:s,s:s,s:s,s:o}",
			    "asnum", (json_int_t)m->asnum, "name", m->name, "old_mac",
			    fmt_mac(mac, mm->swap[j].old_mac), "new_mac",
			    fmt_mac(mac2, mm->swap[j].new_mac), "at",
			    ts_json(mm->swap[j].sec, mm->swap[j].nsec)));
			if (j == mm->n_swaps - 1)
				suggest(sugg, m, "register_mac",
				    "AS%u changed its router: register MAC %s in place of %s",
				    m->asnum, mac2, mac);
		}
	}
	return json_pack("{s:{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I},s:o,s:o,s:o,s:o}",
	    "members", "registered", (json_int_t)a->n, "seen", (json_int_t)seen,
	    "ipv6_registered", (json_int_t)reg6, "ipv6_active", (json_int_t)act,
	    "ipv6_silent", (json_int_t)sil, "ipv6_unregistered", (json_int_t)unr,
	    "link_local_only", (json_int_t)ll, "off_scheme", (json_int_t)off,
	    "absent", (json_int_t)absent,
	    "unregistered_addresses", unreg, "silent_addresses", silent,
	    "mac_changes", changes, "suggestions", sugg);
}

static void members_report(void *st, json_t *root)
{
	struct an_members *a = st;
	json_t *arr = json_array();
	size_t i;

	if (a->env->reg == NULL) {
		json_object_set_new(root, "members", arr);
		return;
	}
	if (!a->oui_tried) {
		a->oui = oui_load(OUI_DEFAULT_FILE);
		a->oui_tried = 1;
	}
	/* Vendor by the last MAC seen (the router now), else the first registered. */
	for (i = 0; i < a->n; i++) {
		const struct reg_member *m = reg_member_at(a->env->reg, i);
		const struct an_member_macs *mm = an_identity_macs(a->env, i);
		const uint8_t *mac = mm->n ? mm->mac[mm->n - 1] : m->n_macs ? m->macs[0] : NULL;

		json_array_append_new(arr, member_json(a, i, mac ? oui_name(a->oui, mac) : ""));
	}
	json_object_set_new(root, "members", arr);
	json_object_set_new(root, "registry", reg_describe(a->env->reg));
	json_object_set_new(root, "reconciliation", reconciliation(a));
}

static int read_ts(const json_t *o, const char *key, int64_t *sec, uint32_t *nsec)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? fmt_parse_rfc3339(v, sec, nsec) : -1;
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
		const json_t *by = json_object_get(o, "attribution");
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
		est_share_restore(json_object_get(o, "ipv6_share"), &s->var_frames,
		    &s->var_bytes);
		tr = json_object_get(o, "traffic_in");
		an_count_read(json_object_get(tr, "ipv4"), &s->in_v4_frames,
		    &s->in_v4_bytes);
		an_count_read(json_object_get(tr, "ipv6"), &s->in_v6_frames,
		    &s->in_v6_bytes);
		s->by_mac = an_json_u64(by, "by_mac");
		s->by_address = an_json_u64(by, "by_address");
		s->seen = s->v4_frames || s->v6_frames || s->by_mac || s->by_address;
		s->seen_v4 = json_is_true(json_object_get(v4, "seen"));
		s->seen_ll = json_is_true(json_object_get(v6, "link_local_only"));
		if (read_ts(v4, "last_seen", &t, &ns) == 0)
			s->last_v4_sec = t;
		if (read_ts(v6, "last_seen", &t, &ns) == 0) {
			s->seen_v6 = 1;
			s->first_v6_sec = s->last_v6_sec = t;
			s->first_v6_nsec = s->last_v6_nsec = ns;
			s->v6g_frames = an_json_u64(v6, "global_frames");
		}
		if (read_ts(v6, "first_seen", &t, &ns) == 0) {
			s->first_v6_sec = t;
			s->first_v6_nsec = ns;
		}
		/* the history, oldest first; an entry it cannot read is skipped */
		s->n_hist = 0;
		json_array_foreach(json_object_get(v6, "history"), j, x) {
			const char *st_name = json_string_value(json_object_get(x, "status"));
			int h;

			for (h = 0; st_name && hist_names[h]; h++)
				if (!strcmp(hist_names[h], st_name))
					break;
			if (st_name && hist_names[h] && read_ts(x, "since", &t, &ns) == 0)
				hist_note(s, (uint8_t)h, t, ns);
		}
		json_array_foreach(json_object_get(v6, "seen_addresses"), j, x) {
			uint8_t addr[16];

			if (json_string_value(x) &&
			    inet_pton(AF_INET6, json_string_value(x), addr) == 1)
				note_addr(s, 6, addr, s->last_v6_sec, s->last_v6_nsec);
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
