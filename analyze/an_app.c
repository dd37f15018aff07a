/*
 * an_app.c - the application view: what each family carries, the BGP
 * peering matrix, and host protocols leaking onto the peering LAN.
 *
 * Our decoders stop at the transport header; nDPI (through ndpi_shim.c)
 * names the application.  Every analysed TCP/UDP frame, native or IPv6
 * tunnelled in IPv4 (6in4/6to4 RFC 4213/3056, Teredo RFC 4380; the inner
 * packet is the flow), is looked up in a bounded flow table (flows.c).  A
 * flow is fed to nDPI until nDPI names it, or for at most 80 TCP / 24 UDP
 * packets (ndpiReader's defaults) before giving up with a port-based
 * guess, at once when the snap length cut its TLS or QUIC handshake
 * (`handshakes_cut`) or the capture began after it (`handshakes_unseen`);
 * after that a frame costs one lookup.  ICMP, ND and MLD are ours
 * (an_nd.c) and never fed.  Frames and bytes are kept per flow and
 * credited to the flow's final protocol when the flow retires (idle,
 * evicted, or at the end), the way ndpiReader counts: the first packets
 * of a flow count as what the flow turned out to be.  Reports add the
 * live flows on top, so a periodic report is complete too.
 *
 * Sections: "protocols" per family sorted by bytes; "flows" (table
 * counters); per member "protocols" (top N by bytes, credited to the
 * member whose MAC - else registered address - sent each direction) and
 * "bgp" (which families it has BGP sessions in); "bgp_sessions".
 *
 * BGP (RFC 4271) runs over TCP port 179.  A session is an address pair
 * per family (reconnections are new TCP flows, the same session), keyed
 * with IPv4 as ::ffff:a.b.c.d so both families share one 32-byte key.
 * `detected_by` is "ndpi" once nDPI named a flow of it BGP (it parses the
 * 16-byte marker and message header), "port" while only the port says so
 * (a session seen only as keepalives after detection gave up, or sampled
 * frames that never showed nDPI a whole message).  Tunnelled BGP is
 * customers' traffic, not a peering session; ends outside the LAN prefix
 * (when known) are multihop sessions crossing the LAN, left out too.  A
 * member that sent IPv6 BGP has IPv6 up whatever its ND does: the bit in
 * an_shared.member_bgp tells an_members.c.
 *
 * Leaks: a flow nDPI names in policy.forbidden_app_protocols raises
 * `forbidden_protocol` (subject: nDPI's name) keyed on the source MAC and
 * member, when the frame stays on the LAN: to a multicast or broadcast
 * address, from a link-local one, or with an end inside the LAN prefix.
 * Transit traffic between members' customers is payload and never judged.
 * DHCP/DHCPv6 ports are left to an_policy.c, which names them without
 * nDPI, so one frame is never counted twice.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/flows.h"
#include "analyze/lru.h"
#include "analyze/ndpi_shim.h"
#include "capture/decode.h"
#include "common/fmt.h"
#include "common/log.h"

#define APP_MAX_PROTO    1024 /* protocol ids counted; larger fold into 0 */
#define APP_MEMBER_SLOTS 32   /* (protocol, family) counters per member */
#define APP_FEED_TCP     80   /* ndpiReader -T default */
#define APP_FEED_UDP     24   /* ndpiReader -U default */
#define APP_SCRATCH      65536
#define APP_TCP_SYN      0x02 /* RFC 9293 3.1 */

static const char *const family_name[FLOW_FAMILIES] = {
	"ipv4", "ipv6", "tunneled_ipv6",
};

struct app_count {
	uint64_t frames, bytes;
};

struct member_slot {
	uint16_t proto;
	uint8_t family;
	uint8_t used;
	struct app_count c;
};

struct bgp_key {
	uint8_t a[16], b[16]; /* IPv4 as ::ffff:a.b.c.d; a < b */
};

struct bgp_session {
	uint8_t family; /* 4 or 6 */
	uint8_t by_ndpi;
	uint32_t first_nsec, last_nsec;
	int64_t first_sec, last_sec;
	uint64_t frames, bytes;
};

struct an_app {
	const struct an_env *env;
	struct nshim *nd;        /* NULL: application view off */
	struct flow_table *flows;
	uint16_t max_id, bgp_id;
	struct app_count total[FLOW_FAMILIES][APP_MAX_PROTO]; /* retired flows */
	size_t n_members;
	struct member_slot *ms; /* n_members * APP_MEMBER_SLOTS */
	uint64_t member_dropped;
	struct lru *bgp;
	uint64_t bgp_restored;
	uint64_t undetected;     /* retired flows nDPI could not name */
	uint64_t uninspected;    /* frames of new flows over the budget (weighted) */
	uint64_t handshakes_cut; /* flows given up at once: the snap cut their handshake */
	uint64_t handshakes_unseen; /* ... the capture began after their handshake */
	int64_t new_window;      /* capture second of new_count */
	uint32_t new_count;      /* flows handed to nDPI in that second */
	uint64_t base_created, base_evicted, base_expired; /* restored */
	uint8_t forbidden[APP_MAX_PROTO / 8];
	uint8_t *scratch;        /* a snapped packet with its lengths fixed */
	uint8_t *member_bgp;     /* published as an_shared.member_bgp */
};

static int is_forbidden(const struct an_app *a, uint16_t id)
{
	return id && id < APP_MAX_PROTO && (a->forbidden[id >> 3] & (1u << (id & 7)));
}

static void count_member(struct an_app *a, uint32_t m, uint16_t proto,
    uint8_t family, uint64_t frames, uint64_t bytes)
{
	struct member_slot *s, *free_slot = NULL;
	int i;

	if (m == FLOW_NO_MEMBER || m >= a->n_members || (frames == 0 && bytes == 0))
		return;
	s = &a->ms[(size_t)m * APP_MEMBER_SLOTS];
	for (i = 0; i < APP_MEMBER_SLOTS; i++) {
		if (s[i].used && s[i].proto == proto && s[i].family == family) {
			an_add_sat(&s[i].c.frames, frames);
			an_add_sat(&s[i].c.bytes, bytes);
			return;
		}
		if (!s[i].used && free_slot == NULL)
			free_slot = &s[i];
	}
	if (free_slot == NULL) {
		a->member_dropped++;
		return;
	}
	free_slot->used = 1;
	free_slot->proto = proto;
	free_slot->family = family;
	free_slot->c.frames = frames;
	free_slot->c.bytes = bytes;
}

/* Credit a flow's counters to its protocol, family and members. */
static void credit(struct an_app *a, struct app_count (*total)[APP_MAX_PROTO],
    const struct flow *f, int members)
{
	uint16_t p = f->proto < APP_MAX_PROTO ? f->proto : 0;
	struct app_count *c = &total[f->key.family][p];
	int d;

	for (d = 0; d < 2; d++) {
		an_add_sat(&c->frames, f->frames[d]);
		an_add_sat(&c->bytes, f->bytes[d]);
	}
	if (members)
		for (d = 0; d < 2; d++)
			count_member(a, f->member[d], p, f->key.family,
			    f->frames[d], f->bytes[d]);
}

/* Detection is over: nDPI's own allocations, then the buffer, go back. */
static void release(struct an_app *a, struct flow *f)
{
	if (f->aux) {
		nshim_flow_release(f->aux);
		flow_aux_put(a->flows, f);
	}
}

/* Stop detection with nDPI's guess by ports, as ndpiReader does at the end. */
static void give_up(struct an_app *a, struct flow *f)
{
	int guessed = 0;

	if (f->state != FLOW_DETECTING)
		return;
	if (f->aux)
		f->proto = nshim_giveup(a->nd, f->aux, &guessed);
	f->guessed = (uint8_t)(guessed && f->proto);
	f->state = FLOW_GAVE_UP;
	release(a, f);
}

static void retire_cb(void *ctx, struct flow *f, int why)
{
	struct an_app *a = ctx;

	(void)why;
	give_up(a, f);
	if (f->proto == 0)
		a->undetected++;
	credit(a, a->total, f, 1);
	release(a, f);
}

static void *app_init(const struct an_env *env)
{
	struct an_app *a = xcalloc(1, sizeof(*a));
	const struct ixm_config *cfg = env->cfg;
	char tok[CFG_APP_NAME_LEN];
	const char *s = cfg->forbidden_apps;
	int id;

	a->env = env;
	if (env->reg) {
		a->n_members = reg_count(env->reg);
		a->ms = xcalloc(a->n_members ? a->n_members : 1,
		    APP_MEMBER_SLOTS * sizeof(*a->ms));
		a->member_bgp = xcalloc(a->n_members ? a->n_members : 1, 1);
		env->shared->member_bgp = a->member_bgp;
	}
	a->bgp = lru_new(cfg->max_bgp_sessions, sizeof(struct bgp_key),
	    sizeof(struct bgp_session));
	if (!cfg->app_detection)
		return a;
	if ((a->nd = nshim_new()) == NULL) {
		log_warnx("nDPI could not be initialised: the application view is off");
		return a;
	}
	a->max_id = nshim_max_id(a->nd);
	a->bgp_id = nshim_bgp_id();
	while (cfg_app_next(&s, tok)) {
		id = nshim_id(a->nd, tok);
		if (id < 0)
			log_warnx("policy.forbidden_app_protocols: nDPI %s knows no "
			    "protocol \"%s\" (ndpiReader -a 0 lists them)",
			    nshim_version(), tok);
		else if (id < APP_MAX_PROTO)
			a->forbidden[id >> 3] |= (uint8_t)(1u << (id & 7));
	}
	a->scratch = xcalloc(1, APP_SCRATCH);
	a->flows = flow_table_new(cfg->max_flows, cfg->flow_idle,
	    nshim_flow_size(), retire_cb, a);
	return a;
}

static void app_free(void *st)
{
	struct an_app *a = st;

	flow_table_free(a->flows); /* retires into totals: a and nd still live */
	nshim_free(a->nd);
	lru_free(a->bgp);
	if (a->env->shared->member_bgp == a->member_bgp)
		a->env->shared->member_bgp = NULL;
	free(a->member_bgp);
	free(a->ms);
	free(a->scratch);
	free(a);
}

static uint32_t member_of(const struct an_app *a)
{
	const struct registry *reg = a->env->reg;
	/* an_identity.c: by MAC (registered or learned), else by address */
	const struct reg_member *m = a->env->shared->sender;
	size_t i;

	if (reg == NULL || m == NULL)
		return FLOW_NO_MEMBER;
	i = reg_member_index(reg, m);
	return i < a->n_members ? (uint32_t)i : FLOW_NO_MEMBER;
}

/*
 * nDPI drops a packet whose header promises more than the buffer holds,
 * which every snapped frame and sFlow's 128-byte samples do: hand it a
 * copy whose length field says what we have (the payload nDPI looks at
 * is still the real one).
 */
static uint16_t inspect(struct an_app *a, struct flow *fl,
    const struct dec_frame *f, const struct dec_ip *ip,
    const struct frame_meta *m)
{
	const uint8_t *p = f->l3;
	uint32_t len = f->l3_len;
	uint64_t ms = (uint64_t)m->ts_sec * 1000 + m->ts_nsec / 1000000;

	if (len > APP_SCRATCH - 1)
		len = APP_SCRATCH - 1;
	if (ip->flags & DEC_IP_SNAPPED) {
		memcpy(a->scratch, p, len);
		if (ip->version == 4 && len >= 20) {
			a->scratch[2] = (uint8_t)(len >> 8);
			a->scratch[3] = (uint8_t)len;
		} else if (ip->version == 6 && len >= 40) {
			a->scratch[4] = (uint8_t)((len - 40) >> 8);
			a->scratch[5] = (uint8_t)(len - 40);
		}
		p = a->scratch;
	}
	return nshim_process(a->nd, flow_aux(a->flows, fl), p, len, ms);
}

/*
 * The flow's first payload is a handshake the snap length cut: a TLS
 * record (RFC 8446 5.1: type 22 handshake, version 3.x, a length) longer
 * than what was captured, or a QUIC long-header packet (RFC 9000 17.2,
 * whose Initial nDPI must decrypt whole).  nDPI cannot complete it, and
 * the packets after it carry no more of it: the flow gets nDPI's port
 * guess now instead of after 80 (24) more calls.  At snaplen 128 on the
 * exchange bench that is most TLS and all QUIC flows.
 */
static int handshake_cut(const struct dec_frame *f)
{
	const uint8_t *p = f->payload;
	uint32_t n = f->payload_len;

	if (p == NULL || n == 0 || f->caplen >= f->wirelen)
		return 0; /* not snapped: nDPI has all of it */
	if (f->l4_proto == IPPROTO_V_TCP)
		return n >= 5 && p[0] == 22 && p[1] == 3 &&
		    5u + ((uint32_t)p[3] << 8 | p[4]) > n;
	return (f->sport == 443 || f->dport == 443) && (p[0] & 0xc0) == 0xc0;
}

/*
 * The flow's first payload comes after a handshake the capture did not
 * see: mid-stream TCP (no SYN before it) carrying a TLS record other
 * than a handshake (RFC 8446 5.1: change_cipher_spec 20, alert 21,
 * application_data 23), or UDP/443 carrying a QUIC short header (RFC
 * 9000 17.3: form bit 0, fixed bit 1; 1-RTT packets, encrypted).  nDPI
 * names TLS and QUIC from their handshakes; what follows is encrypted and
 * gets the same port guess after 80 (24) more calls.  These are the flows
 * already running when a capture starts: on the exchange bench, giving
 * them up at once took nDPI from 166,461 calls to 93,409, the report the
 * same.
 */
static int handshake_unseen(const struct flow *fl, const struct dec_frame *f)
{
	const uint8_t *p = f->payload;
	uint32_t n = f->payload_len;

	if (p == NULL || n == 0)
		return 0;
	if (f->l4_proto == IPPROTO_V_TCP)
		return !fl->opened && n >= 5 && (p[0] == 20 || p[0] == 21 ||
		    p[0] == 23) && p[1] == 3;
	return (f->sport == 443 || f->dport == 443) && (p[0] & 0xc0) == 0x40;
}

static void feed(struct an_app *a, struct flow *fl, const struct dec_frame *f,
    const struct dec_ip *ip, const struct frame_meta *m)
{
	uint16_t proto = 0;
	int cut = 0, unseen = 0;

	/*
	 * A bare ACK or FIN once data has flowed has nothing for a
	 * dissector, and on a bulk transfer every other segment is one: it
	 * is not inspected, but counts towards the packet budget as nDPI's
	 * own per-flow packet limit counts every packet.  The handshake
	 * before any data still goes in (nDPI tracks TCP state from it).
	 */
	fl->fed++;
	if (f->l4_proto == IPPROTO_V_TCP && (f->tcp_flags & APP_TCP_SYN))
		fl->opened = 1;
	if (f->l4_proto != IPPROTO_V_TCP || f->payload_len > 0 || !fl->payload_seen) {
		if (!fl->payload_seen) {
			cut = handshake_cut(f);
			unseen = !cut && handshake_unseen(fl, f);
		}
		fl->payload_seen |= f->payload_len > 0;
		proto = inspect(a, fl, f, ip, m);
	}
	if (proto) {
		fl->proto = proto;
		fl->state = FLOW_DETECTED;
		release(a, fl);
	} else if (cut || unseen ||
	    fl->fed >= (f->l4_proto == IPPROTO_V_TCP ? APP_FEED_TCP : APP_FEED_UDP)) {
		a->handshakes_cut += cut;
		a->handshakes_unseen += unseen;
		give_up(a, fl);
	}
}

static int v4_multicast(const uint8_t *d)
{
	return (d[0] & 0xf0) == 0xe0 || (d[0] == 255 && d[1] == 255 && d[2] == 255 && d[3] == 255);
}

/* The frame stays on the LAN (leaks), as opposed to transit payload. */
static int lan_local(const struct an_app *a, const struct dec_frame *f)
{
	const struct dec_ip *ip = &f->ip;

	if (ip->version == 4) {
		if (v4_multicast(ip->dst) || (ip->src[0] == 169 && ip->src[1] == 254))
			return 1;
	} else if (an_v6_is_multicast(ip->dst) || an_v6_is_linklocal(ip->src)) {
		return 1;
	}
	if ((f->layers & DEC_HAS_ETH) && (f->dst_mac[0] & 1))
		return 1; /* broadcast / multicast MAC, directed broadcast */
	return an_in_lan(a->env, ip->version, ip->src) == 1 ||
	    an_in_lan(a->env, ip->version, ip->dst) == 1;
}

static void leak_alert(struct an_app *a, struct flow *fl, int dir,
    const struct dec_frame *f, const struct frame_meta *m)
{
	const char *name = nshim_name(a->nd, fl->proto);
	char label[AN_LABEL_LEN], src[FMT_IP_LEN], dst[FMT_IP_LEN];
	struct alert_key k;
	uint64_t count = m->weight;

	if (f->l4_proto == IPPROTO_V_UDP &&
	    (f->sport == 67 || f->sport == 68 || f->dport == 67 || f->dport == 68 ||
		f->dport == 546 || f->dport == 547))
		return; /* an_policy.c names DHCP and DHCPv6 by port */
	if (!lan_local(a, f))
		return;
	/* The flow's first alert carries the frames before nDPI named it. */
	if (!(fl->alerted & (1u << dir))) {
		fl->alerted |= (uint8_t)(1u << dir);
		count = fl->frames[dir];
	}
	alert_key_init(&k, ALERT_FORBIDDEN_PROTOCOL);
	alert_key_subject(&k, name);
	an_key_source(&k, a->env, f);
	an_mac_label(a->env, f->src_mac, label);
	ALERT_RAISE(a->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
	    count > UINT32_MAX ? UINT32_MAX : (uint32_t)count,
	    "%s (%s) from %s, %s port %u to %s port %u: host and CPE "
	    "protocols do not belong on a peering LAN", name, fl->guessed ?
	    "guessed by nDPI from the ports" : "named by nDPI",
	    label, fmt_ip(src, f->ip.version, f->ip.src), f->sport,
	    fmt_ip(dst, f->ip.version, f->ip.dst), f->dport);
}

static void bgp_addr(uint8_t out[16], int version, const uint8_t *addr)
{
	if (version == 6) {
		memcpy(out, addr, 16);
		return;
	}
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, addr, 4);
}

static int bgp_end_ok(const struct an_app *a, int version, const uint8_t *addr)
{
	if (version == 4 ? v4_multicast(addr) || addr[0] == 0
			 : an_v6_is_multicast(addr) || an_v6_is_unspecified(addr))
		return 0;
	if (version == 6 && an_v6_is_linklocal(addr))
		return 1;
	return an_in_lan(a->env, version, addr) != 0;
}

static void bgp_note(struct an_app *a, const struct flow *fl,
    const struct dec_frame *f, const struct frame_meta *m)
{
	const struct dec_ip *ip = &f->ip;
	struct bgp_key k;
	struct bgp_session *s;
	uint8_t x[16], y[16];
	const struct reg_member *owner;
	size_t i;
	int created;

	if (!bgp_end_ok(a, ip->version, ip->src) || !bgp_end_ok(a, ip->version, ip->dst))
		return;
	bgp_addr(x, ip->version, ip->src);
	bgp_addr(y, ip->version, ip->dst);
	if (memcmp(x, y, 16) < 0) {
		memcpy(k.a, x, 16);
		memcpy(k.b, y, 16);
	} else {
		memcpy(k.a, y, 16);
		memcpy(k.b, x, 16);
	}
	s = lru_get(a->bgp, &k, m->ts_sec, &created);
	if (created) {
		s->family = ip->version;
		s->first_sec = m->ts_sec;
		s->first_nsec = m->ts_nsec;
	}
	an_add_sat(&s->frames, m->weight);
	an_add_sat(&s->bytes, (uint64_t)f->wirelen * m->weight);
	s->last_sec = m->ts_sec;
	s->last_nsec = m->ts_nsec;
	if (fl && fl->proto == a->bgp_id && fl->state == FLOW_DETECTED)
		s->by_ndpi = 1;
	/* The member that *sent* BGP has that family up. */
	if (a->env->reg == NULL)
		return;
	owner = ip->version == 4 ? reg_by_v4(a->env->reg, ip->src)
				 : reg_by_v6(a->env->reg, ip->src);
	if (owner == NULL)
		owner = a->env->shared->sender;
	if (owner && (i = reg_member_index(a->env->reg, owner)) < a->n_members)
		a->member_bgp[i] |= ip->version == 6 ? 2 : 1;
}

/*
 * A frame of a flow over the inspection budget, or of any flow while load
 * shedding pauses the view: Unknown, no flow entry.
 */
static void uncounted(struct an_app *a, const struct dec_frame *f, int family,
    const struct frame_meta *m)
{
	uint64_t bytes = (uint64_t)f->wirelen * m->weight;

	an_add_sat(&a->uninspected, m->weight);
	an_add_sat(&a->total[family][0].frames, m->weight);
	an_add_sat(&a->total[family][0].bytes, bytes);
	count_member(a, member_of(a), 0, (uint8_t)family, m->weight, bytes);
	if (family != FLOW_TUNNELED_IPV6 && f->l4_proto == IPPROTO_V_TCP &&
	    (f->sport == 179 || f->dport == 179))
		bgp_note(a, NULL, f, m);
}

static void app_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	struct an_app *a = st;
	const struct dec_ip *ip;
	struct flow_key k;
	struct flow *fl;
	int family, dir, created;

	if (a->nd == NULL || !(f->layers & DEC_HAS_L4) || f->l3 == NULL ||
	    (f->l4_proto != IPPROTO_V_TCP && f->l4_proto != IPPROTO_V_UDP))
		return;
	if (f->tunnel != DEC_TUN_NONE) {
		if (!(f->layers & DEC_HAS_INNER))
			return;
		ip = &f->inner;
		family = FLOW_TUNNELED_IPV6;
	} else {
		if (!(f->layers & DEC_HAS_IP))
			return;
		ip = &f->ip;
		family = ip->version == 4 ? FLOW_IPV4 : FLOW_IPV6;
	}
	if (a->env->cfg->new_flows_per_second == 0) {
		/* paused by load shedding (engine.h): not even a lookup */
		uncounted(a, f, family, m);
		return;
	}
	dir = flow_key_make(&k, family, f->l4_proto, ip->src, ip->dst,
	    ip->version == 4 ? 4 : 16, f->sport, f->dport);
	if ((fl = flow_lookup(a->flows, &k, m->ts_sec)) == NULL) {
		/*
		 * A 5-tuple flood must buy neither nDPI's first-packet cost nor
		 * an eviction per frame: over the budget a new flow's frame is
		 * counted as Unknown and gets no entry.
		 */
		if (m->ts_sec != a->new_window) {
			a->new_window = m->ts_sec;
			a->new_count = 0;
		}
		if (++a->new_count > a->env->cfg->new_flows_per_second) {
			uncounted(a, f, family, m);
			return;
		}
		fl = flow_get(a->flows, &k, m->ts_sec, &created);
	}
	an_add_sat(&fl->frames[dir], m->weight);
	an_add_sat(&fl->bytes[dir], (uint64_t)f->wirelen * m->weight);
	if (!(fl->seen_dir & (1u << dir))) {
		fl->seen_dir |= (uint8_t)(1u << dir);
		fl->member[dir] = member_of(a);
	}
	if (fl->state == FLOW_DETECTING)
		feed(a, fl, f, ip, m);
	if (family == FLOW_TUNNELED_IPV6)
		return; /* customers' payload: no sessions, no policy */
	if (f->l4_proto == IPPROTO_V_TCP && (f->sport == 179 || f->dport == 179))
		bgp_note(a, fl, f, m);
	if (is_forbidden(a, fl->proto))
		leak_alert(a, fl, dir, f, m);
}

static void giveup_cb(void *ctx, struct flow *f) { give_up(ctx, f); }

static void app_finish(void *st, int64_t now, int final)
{
	struct an_app *a = st;

	if (a->flows == NULL)
		return;
	flow_expire(a->flows, now);
	/* At the end, undetected flows get nDPI's guess, as in ndpiReader. */
	if (final)
		flow_foreach(a->flows, giveup_cb, a);
}

/* Report-time totals: retired flows plus the live ones. */
struct live_ctx {
	struct an_app *a;
	struct app_count (*total)[APP_MAX_PROTO];
	uint64_t undetected;
};

static void live_cb(void *ctx, struct flow *f)
{
	struct live_ctx *c = ctx;

	if (f->proto == 0)
		c->undetected++;
	/* Into the copy of the totals; members are put back after the report. */
	credit(c->a, c->total, f, 1);
}

struct proto_row {
	const char *name;
	int family;
	uint64_t frames, bytes;
};

static int row_cmp(const void *x, const void *y)
{
	const struct proto_row *p = x, *q = y;
	int c;

	if (p->bytes != q->bytes)
		return p->bytes < q->bytes ? 1 : -1;
	if (p->frames != q->frames)
		return p->frames < q->frames ? 1 : -1;
	if ((c = strcmp(p->name, q->name)) != 0)
		return c;
	return p->family - q->family;
}

static json_t *rows_json(struct proto_row *rows, size_t n, size_t limit,
    int with_family)
{
	json_t *arr = json_array();
	size_t i;

	qsort(rows, n, sizeof(*rows), row_cmp);
	for (i = 0; i < n && i < limit; i++) {
		json_t *o = json_pack("{s:s}", "protocol", rows[i].name);

		if (with_family)
			json_object_set_new(o, "family", json_string(family_name[rows[i].family]));
		json_object_set_new(o, "frames", json_integer((json_int_t)rows[i].frames));
		json_object_set_new(o, "bytes", json_integer((json_int_t)rows[i].bytes));
		json_array_append_new(arr, o);
	}
	return arr;
}

static const char *proto_name(const struct an_app *a, uint16_t id)
{
	return a->nd ? nshim_name(a->nd, id) : "Unknown";
}

struct bgp_row {
	struct bgp_key key;
	const struct bgp_session *val;
};

struct bgp_rows {
	struct bgp_row *rows;
	size_t n, cap;
};

static void bgp_collect(void *ctx, const void *key, void *val)
{
	struct bgp_rows *r = ctx;

	if (r->n == r->cap)
		return;
	memcpy(&r->rows[r->n].key, key, sizeof(struct bgp_key));
	r->rows[r->n++].val = val;
}

/* By family, then by the two addresses: a stable matrix for diffs. */
static int bgp_order(const void *x, const void *y)
{
	const struct bgp_row *p = x, *q = y;

	if (p->val->family != q->val->family)
		return p->val->family < q->val->family ? -1 : 1;
	return memcmp(&p->key, &q->key, sizeof(p->key));
}

static json_t *bgp_end(const struct an_app *a, int family, const uint8_t *mapped)
{
	char ip[FMT_IP_LEN];
	const uint8_t *addr = family == 4 ? mapped + 12 : mapped;
	const struct reg_member *m = NULL;

	if (a->env->reg)
		m = family == 4 ? reg_by_v4(a->env->reg, addr) : reg_by_v6(a->env->reg, addr);
	return json_pack("{s:s,s:o,s:o}", "ip", fmt_ip(ip, family, addr), "asnum",
	    m ? json_integer(m->asnum) : json_null(), "name",
	    m && m->name[0] ? json_string(m->name) : json_null());
}

static json_t *bgp_json(struct an_app *a)
{
	struct bgp_rows r = {NULL, 0, lru_count(a->bgp)};
	json_t *arr = json_array();
	char ts[FMT_TS_LEN];
	size_t i;

	r.rows = xcalloc(r.cap ? r.cap : 1, sizeof(*r.rows));
	lru_foreach(a->bgp, bgp_collect, &r);
	qsort(r.rows, r.n, sizeof(*r.rows), bgp_order);
	for (i = 0; i < r.n; i++) {
		const struct bgp_session *s = r.rows[i].val;
		json_t *o = json_object();

		json_object_set_new(o, "a", bgp_end(a, s->family, r.rows[i].key.a));
		json_object_set_new(o, "b", bgp_end(a, s->family, r.rows[i].key.b));
		json_object_set_new(o, "family", json_string(s->family == 4 ? "ipv4" : "ipv6"));
		json_object_set_new(o, "frames", json_integer((json_int_t)s->frames));
		json_object_set_new(o, "bytes", json_integer((json_int_t)s->bytes));
		json_object_set_new(o, "first_seen",
		    json_string(fmt_rfc3339(ts, s->first_sec, s->first_nsec)));
		json_object_set_new(o, "last_seen",
		    json_string(fmt_rfc3339(ts, s->last_sec, s->last_nsec)));
		json_object_set_new(o, "detected_by", json_string(s->by_ndpi ? "ndpi" : "port"));
		json_array_append_new(arr, o);
	}
	free(r.rows);
	return arr;
}

static void member_sections(struct an_app *a, json_t *root)
{
	json_t *members = json_object_get(root, "members"), *o;
	struct proto_row rows[APP_MEMBER_SLOTS];
	size_t i;

	json_array_foreach(members, i, o) {
		const struct reg_member *m = reg_by_asn(a->env->reg,
		    (uint32_t)an_json_u64(o, "asnum"));
		size_t idx = m ? reg_member_index(a->env->reg, m) : SIZE_MAX, n = 0;
		const struct member_slot *s;
		int j;

		if (idx >= a->n_members) {
			json_object_set_new(o, "protocols", json_array());
			continue;
		}
		s = &a->ms[idx * APP_MEMBER_SLOTS];
		for (j = 0; j < APP_MEMBER_SLOTS; j++)
			if (s[j].used) {
				rows[n].name = proto_name(a, s[j].proto);
				rows[n].family = s[j].family;
				rows[n].frames = s[j].c.frames;
				rows[n].bytes = s[j].c.bytes;
				n++;
			}
		json_object_set_new(o, "protocols",
		    rows_json(rows, n, a->env->cfg->member_protocols, 1));
		json_object_set_new(o, "bgp", json_pack("{s:b,s:b}", "ipv4",
		    (a->member_bgp[idx] & 1) != 0, "ipv6", (a->member_bgp[idx] & 2) != 0));
	}
}

static void app_report(void *st, json_t *root)
{
	struct an_app *a = st;
	struct live_ctx c = {a, NULL, 0};
	struct member_slot *saved = NULL;
	struct proto_row *rows;
	struct flow_stats fs = {0, 0, 0, 0, 0, 0};
	json_t *prot = json_object();
	size_t msz = a->n_members * APP_MEMBER_SLOTS * sizeof(*a->ms);
	int fam;
	uint16_t id;

	/* Totals of the live flows go on a copy: they are not retired yet. */
	c.total = xcalloc(FLOW_FAMILIES, sizeof(a->total[0]));
	memcpy(c.total, a->total, sizeof(a->total));
	if (msz) {
		saved = xcalloc(1, msz);
		memcpy(saved, a->ms, msz);
	}
	if (a->flows) {
		flow_foreach(a->flows, live_cb, &c);
		flow_table_stats(a->flows, &fs);
	}
	rows = xcalloc(APP_MAX_PROTO, sizeof(*rows));
	for (fam = 0; fam < FLOW_FAMILIES; fam++) {
		size_t n = 0;

		for (id = 0; id < APP_MAX_PROTO; id++)
			if (c.total[fam][id].frames || c.total[fam][id].bytes) {
				rows[n].name = proto_name(a, id);
				rows[n].family = fam;
				rows[n].frames = c.total[fam][id].frames;
				rows[n].bytes = c.total[fam][id].bytes;
				n++;
			}
		json_object_set_new(prot, family_name[fam], rows_json(rows, n, n, 0));
	}
	free(rows);
	json_object_set_new(root, "protocols", prot);
	json_object_set_new(root, "flows", json_pack(
	    "{s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "enabled", a->nd != NULL,
	    "entries", (json_int_t)fs.entries, "capacity", (json_int_t)fs.capacity,
	    "created", (json_int_t)(a->base_created + fs.created),
	    "evicted", (json_int_t)(a->base_evicted + fs.evicted),
	    "expired", (json_int_t)(a->base_expired + fs.expired),
	    "undetected", (json_int_t)(a->undetected + c.undetected),
	    "uninspected", (json_int_t)a->uninspected,
	    "handshakes_cut", (json_int_t)a->handshakes_cut,
	    "handshakes_unseen", (json_int_t)a->handshakes_unseen,
	    "bgp_sessions", (json_int_t)lru_count(a->bgp),
	    "bgp_sessions_evicted", (json_int_t)lru_evicted(a->bgp)));
	json_object_set_new(root, "bgp_sessions", bgp_json(a));
	if (a->env->reg)
		member_sections(a, root);
	/* Back to the retired-only member counters. */
	if (msz)
		memcpy(a->ms, saved, msz);
	free(saved);
	free(c.total);
}

static int family_of(const char *s)
{
	int f;

	for (f = 0; f < FLOW_FAMILIES; f++)
		if (s && strcmp(s, family_name[f]) == 0)
			return f;
	return -1;
}

static int id_of(const struct an_app *a, const char *name)
{
	int id;

	if (name == NULL || a->nd == NULL)
		return -1;
	if (strcmp(name, "Unknown") == 0)
		return 0;
	id = nshim_id(a->nd, name);
	return id < APP_MAX_PROTO ? id : -1;
}

static int parse_end(const json_t *o, int family, uint8_t out[16])
{
	const char *s = json_string_value(json_object_get(o, "ip"));
	uint8_t addr[16];

	if (s == NULL || inet_pton(family == 4 ? AF_INET : AF_INET6, s, addr) != 1)
		return -1;
	bgp_addr(out, family, addr);
	return 0;
}

static void restore_bgp(struct an_app *a, const json_t *arr)
{
	const json_t *o;
	size_t i;

	json_array_foreach(arr, i, o) {
		const char *fam = json_string_value(json_object_get(o, "family"));
		const char *fs = json_string_value(json_object_get(o, "first_seen"));
		const char *ls = json_string_value(json_object_get(o, "last_seen"));
		const char *by = json_string_value(json_object_get(o, "detected_by"));
		int family = fam && !strcmp(fam, "ipv6") ? 6 : 4, created, e;
		struct bgp_session *s;
		struct bgp_key k;
		int64_t t1, t2;
		uint32_t n1, n2;

		if (parse_end(json_object_get(o, "a"), family, k.a) < 0 ||
		    parse_end(json_object_get(o, "b"), family, k.b) < 0 ||
		    fs == NULL || ls == NULL || fmt_parse_rfc3339(fs, &t1, &n1) < 0 ||
		    fmt_parse_rfc3339(ls, &t2, &n2) < 0)
			continue;
		s = lru_get(a->bgp, &k, t2, &created);
		s->family = (uint8_t)family;
		s->by_ndpi = by && !strcmp(by, "ndpi");
		s->first_sec = t1;
		s->first_nsec = n1;
		s->last_sec = t2;
		s->last_nsec = n2;
		s->frames = an_json_u64(o, "frames");
		s->bytes = an_json_u64(o, "bytes");
		/* Which end sent is not in the report: both had the session up. */
		for (e = 0; e < 2 && a->env->reg; e++) {
			const uint8_t *ad = e ? k.b : k.a;
			const struct reg_member *m = family == 4
			    ? reg_by_v4(a->env->reg, ad + 12) : reg_by_v6(a->env->reg, ad);
			size_t idx = m ? reg_member_index(a->env->reg, m) : SIZE_MAX;

			if (idx < a->n_members)
				a->member_bgp[idx] |= family == 6 ? 2 : 1;
		}
	}
}

static void app_restore(void *st, const json_t *root)
{
	struct an_app *a = st;
	const json_t *prot = json_object_get(root, "protocols"), *fl, *o, *p;
	size_t i, j;
	int fam, id;

	restore_bgp(a, json_object_get(root, "bgp_sessions"));
	if (a->nd == NULL)
		return; /* names need nDPI; without it there is nothing to add to */
	for (fam = 0; fam < FLOW_FAMILIES; fam++) {
		fl = json_object_get(prot, family_name[fam]);
		json_array_foreach(fl, i, o) {
			if ((id = id_of(a, json_string_value(json_object_get(o, "protocol")))) < 0)
				continue;
			a->total[fam][id].frames = an_json_u64(o, "frames");
			a->total[fam][id].bytes = an_json_u64(o, "bytes");
		}
	}
	fl = json_object_get(root, "flows");
	a->base_created = an_json_u64(fl, "created");
	a->base_evicted = an_json_u64(fl, "evicted");
	a->base_expired = an_json_u64(fl, "expired");
	a->undetected = an_json_u64(fl, "undetected");
	a->uninspected = an_json_u64(fl, "uninspected");
	a->handshakes_cut = an_json_u64(fl, "handshakes_cut");
	a->handshakes_unseen = an_json_u64(fl, "handshakes_unseen");
	if (a->env->reg == NULL)
		return;
	json_array_foreach(json_object_get(root, "members"), i, o) {
		const struct reg_member *m = reg_by_asn(a->env->reg,
		    (uint32_t)an_json_u64(o, "asnum"));
		size_t idx = m ? reg_member_index(a->env->reg, m) : SIZE_MAX;

		if (idx >= a->n_members)
			continue;
		json_array_foreach(json_object_get(o, "protocols"), j, p) {
			id = id_of(a, json_string_value(json_object_get(p, "protocol")));
			fam = family_of(json_string_value(json_object_get(p, "family")));
			if (id >= 0 && fam >= 0)
				count_member(a, (uint32_t)idx, (uint16_t)id, (uint8_t)fam,
				    an_json_u64(p, "frames"), an_json_u64(p, "bytes"));
		}
	}
}

const struct analyzer_ops an_app_ops = {
	.name = "app",
	.init = app_init,
	.frame = app_frame,
	.finish = app_finish,
	.report = app_report,
	.free = app_free,
	.restore = app_restore,
};
