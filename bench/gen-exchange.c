/*
 * gen-exchange.c - a deterministic capture of a realistic exchange mix, and
 * the IX-F member list that goes with it (bench/README.md).
 *
 *   gen-exchange OUT.pcap [N]       N frames (default 2,000,000), snaplen 128,
 *                                   and OUT.members.json beside it
 *   gen-exchange --members OUT.json the member list alone
 *
 * Why a second generator.  gen-capture draws every frame on its own: random
 * ports and addresses, so almost every frame is a new flow, and no payload.
 * That is the worst case for the flow table and nDPI, and it says nothing
 * about what an exchange costs.  Here the traffic is made of conversations
 * between members, with the shape usually reported for exchanges and
 * backbone links: many small flows, a few very large ones, mostly web
 * traffic, thousands of BGP sessions, and a little ARP/ND/MLD.
 *
 * The exchange:
 *   - 600 members on one peering LAN (185.1.32.0/22, 2001:7f8:a0::/64), one
 *     router MAC each (router vendors' OUIs) and one address per family;
 *     members 0 and 1 are the route servers.  How much a member sends or
 *     receives follows Zipf (weight 1/rank), ranked apart for the content
 *     side (servers) and the eyeball side (clients).
 *   - Flows start as a Poisson process.  Size in packets: bounded Pareto
 *     (web: minimum 3, alpha 1.05, at most 40,000), so the median web flow
 *     is 5 packets, the mean about 25, and about a hundred flows in each
 *     second have thousands.  A flow lasts 10 ms to 4 s (log-uniform), at
 *     most 20,000 packets/s; its packets are spaced exponentially.  With
 *     DNS, NTP and STUN flows of one or two exchanges, that is about 57,000
 *     new flows a second at 1 Mpps.  70% of the flows are IPv4, 30% IPv6.
 *   - TCP flows open with SYN, SYN-ACK, a request, a response, then bulk
 *     data one way (mostly server to client, MSS-sized) with an ACK for
 *     every two segments, and a FIN.  Sequence numbers advance by the
 *     payload, 2 in 3 TCP flows use timestamps (Linux, macOS), the rest not
 *     (Windows).
 *   - Share of the frames: TCP/443 ~55% (TLS), UDP/443 ~20% (QUIC),
 *     HTTP/80 ~8%, DNS ~2%, the rest NTP, SSH, SMTP, IMAPS, RTMP, STUN,
 *     IPsec NAT-T, WireGuard and unknown high ports; BGP ~1%, ARP/ND/MLD
 *     ~1.5%.
 *   - TLS: the client's first payload is a ClientHello.  A browser's (517
 *     bytes here, with padding) is cut by a 128-byte snap, as it would be on
 *     a real exchange, so nDPI cannot parse it and names the flow by port
 *     when it gives up.  Where the headers leave room (no TCP timestamps)
 *     the hello is a compact one (one cipher suite; IPv4: the SNI), which
 *     fits the snap and which nDPI names TLS, or the service of its SNI.
 *   - QUIC: the client's first datagram is a v1 Initial (long header, 8-byte
 *     connection ids, padded to 1232-1357 bytes), the server answers with an
 *     Initial and a Handshake packet, then short-header packets.  The
 *     encrypted parts are random bytes: nothing here derives QUIC keys.
 *   - BGP: about 6,300 sessions, each a long-lived TCP connection between
 *     two members' LAN addresses, port 179 on one end: every member with
 *     both route servers over IPv4 (and IPv6 for 3 in 4 members), plus
 *     3,000 IPv4 and 1,200 IPv6 bilateral sessions (one end drawn by size).
 *     Each side sends a KEEPALIVE every 1.5-2 s (1 in 8 an UPDATE instead),
 *     half of them acknowledged by a bare ACK.  Real keepalives come every
 *     30-60 s; they are compressed so that a 2 s capture shows every
 *     session, as a long one would.
 *   - Background: ARP who-has (broadcast) for members' addresses with
 *     unicast replies (2% for an unused address, unanswered), ND NS to
 *     solicited-node groups with NA replies, MLDv2 reports to ff02::16 from
 *     link-local addresses (hop-by-hop Router Alert).  Also compressed.
 *   - Timestamps increase, ~1 Mpps on average.  Writing starts after 4 s of
 *     simulated traffic, so the capture begins mid-stream, as a real one
 *     does, and the rates are steady from the first frame.
 *
 * Determinism: two xorshift64* streams with fixed seeds, one for decisions
 * (who talks, how much, when) and one for bytes (payload, IP ids), so
 * skipping the bytes during the warm-up changes nothing.  The distributions
 * use libm (log, pow, exp): the same bytes on every run, and on every
 * machine with the same libm.  Nothing depends on N: a shorter file is a
 * byte-for-byte prefix of a longer one.  IPv4 header and ICMPv6 checksums
 * are right; TCP/UDP checksums are right when the whole segment is
 * captured, random otherwise (the rest of the payload is not in the file).
 */
#include <math.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/rng.h"

#define SNAP         128
#define MEMBERS      600
#define N_RS         2              /* members 0 and 1 */
#define RATE         1000000.0      /* frames per second, on average */
#define WARMUP_NS    4000000000ull  /* simulated before the first frame */
#define DUR_MIN      0.010          /* flow duration, seconds */
#define DUR_MAX      4.0
#define FLOW_PPS_MAX 20000.0
#define BILATERAL_V4 3000
#define BILATERAL_V6 1200
#define BG_EVENTS    8000.0         /* ARP/NS/MLD started per second */
#define BGP_IVL_MIN  1.5            /* keepalive interval, seconds */
#define BGP_IVL_MAX  2.0

/* ---- random numbers ---- */

static uint64_t rng_d = 0x243f6a8885a308d3ull; /* decisions */
static uint64_t rng_b = 0x13198a2e03707344ull; /* bytes */

static uint64_t rd(void) { return xorshift64s(&rng_d); }
static uint64_t rb(void) { return xorshift64s(&rng_b); }

/* Uniform in [0, n). */
static uint32_t dn(uint32_t n) { return (uint32_t)((rd() >> 32) * n >> 32); }
static uint32_t bn(uint32_t n) { return (uint32_t)((rb() >> 32) * n >> 32); }

/* Uniform in (0, 1]. */
static double du(void) { return (double)((rd() >> 11) + 1) * 0x1.0p-53; }

static double expo(double mean) { return -log(du()) * mean; }

static double loguni(double lo, double hi)
{
	return exp(log(lo) + (1.0 - du()) * (log(hi) - log(lo)));
}

/* Bounded Pareto in packets: xm / U^(1/alpha), at most cap. */
static uint32_t pareto(double xm, double alpha, double cap)
{
	double x = xm / pow(du(), 1.0 / alpha);

	return (uint32_t)(x < cap ? x : cap);
}

/* Its mean (continuous, less half a packet for the truncation). */
static double pareto_mean(double xm, double alpha, double cap)
{
	if (alpha == 1.0)
		return xm + xm * log(cap / xm) - 0.5;
	return xm + pow(xm, alpha) * (pow(xm, 1 - alpha) - pow(cap, 1 - alpha)) /
	    (alpha - 1) - 0.5;
}

/* n bytes from the byte stream, the same on any byte order. */
static void fill(uint8_t *p, uint32_t n)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if ((i & 7) == 0)
			v = rb();
		p[i] = (uint8_t)(v >> (8 * (i & 7)));
	}
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

/* ---- the members ---- */

struct member {
	uint32_t asn;
	uint8_t mac[6];
	uint8_t v4[4], v6[16], ll[16]; /* LAN addresses, link-local (EUI-64) */
	uint8_t c4[2];                 /* customers' IPv4 /16 */
	uint8_t c6[6];                 /* customers' IPv6 /48 */
	uint8_t rs_v6;                 /* IPv6 sessions with the route servers */
	uint8_t ttl;                   /* hop limit its customers' packets arrive with */
};

static struct member mem[MEMBERS];
static double content_cdf[MEMBERS], eyeball_cdf[MEMBERS];

static const uint8_t lan4[4] = {185, 1, 32, 0};
static const uint8_t lan6[8] = {0x20, 0x01, 0x07, 0xf8, 0x00, 0xa0, 0, 0};

/* Zipf weights 1/rank over a random order of the members; none for the RS. */
static void zipf_cdf(double *cdf)
{
	int order[MEMBERS], i, j, t;
	double w[MEMBERS], s = 0;

	for (i = 0; i < MEMBERS; i++)
		order[i] = i;
	for (i = MEMBERS - 1; i > N_RS; i--) { /* Fisher-Yates over N_RS.. */
		j = N_RS + (int)dn((uint32_t)(i - N_RS + 1));
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < MEMBERS; i++)
		w[order[i]] = i < N_RS ? 0 : 1.0 / (i - N_RS + 1);
	for (i = 0; i < MEMBERS; i++) {
		s += w[i];
		cdf[i] = s;
	}
}

static uint16_t pick(const double *cdf)
{
	double u = du() * cdf[MEMBERS - 1];
	int lo = 0, hi = MEMBERS - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint16_t)lo;
}

static uint16_t pick_peer(void) { return (uint16_t)(N_RS + dn(MEMBERS - N_RS)); }

static void init_members(void)
{
	static const uint8_t oui[][3] = {
		{0x00, 0x1c, 0x73}, /* Arista */
		{0x3c, 0x61, 0x04}, /* Juniper */
		{0x00, 0x05, 0x86}, /* Lucent (Nokia) */
		{0x84, 0xb8, 0x02}, /* Cisco */
		{0xf8, 0x66, 0xf2}, /* Cisco */
		{0x40, 0x55, 0x82}, /* Nokia */
		{0x0c, 0x42, 0xa1}, /* Mellanox */
		{0x00, 0x1b, 0x21}, /* Intel (a server running BIRD) */
	};
	int i, j;

	for (i = 0; i < MEMBERS; i++) {
		struct member *m = &mem[i];
		const uint8_t *o = oui[i < N_RS ? 7 : dn(7)];
		uint32_t lan = (uint32_t)i + 2, a;

	again: /* ASNs and MACs are unique */
		m->asn = i < N_RS ? 64700 + (uint32_t)i : 1000 + dn(398000);
		memcpy(m->mac, o, 3);
		a = (uint32_t)rd();
		m->mac[3] = (uint8_t)(a >> 16);
		m->mac[4] = (uint8_t)(a >> 8);
		m->mac[5] = (uint8_t)a;
		for (j = 0; j < i; j++)
			if (mem[j].asn == m->asn || memcmp(mem[j].mac, m->mac, 6) == 0)
				goto again;
		memcpy(m->v4, lan4, 4);
		m->v4[2] = (uint8_t)(lan4[2] + lan / 256);
		m->v4[3] = (uint8_t)(lan % 256);
		/* 2001:7f8:a0::<asn>:1, the usual IX scheme */
		memset(m->v6, 0, 16);
		memcpy(m->v6, lan6, 8);
		put16(m->v6 + 10, m->asn >> 16);
		put16(m->v6 + 12, m->asn & 0xffff);
		put16(m->v6 + 14, 1);
		memset(m->ll, 0, 16);
		m->ll[0] = 0xfe;
		m->ll[1] = 0x80;
		m->ll[8] = m->mac[0] ^ 0x02;
		m->ll[9] = m->mac[1];
		m->ll[10] = m->mac[2];
		m->ll[11] = 0xff;
		m->ll[12] = 0xfe;
		memcpy(m->ll + 13, m->mac + 3, 3);
		do
			a = (uint32_t)rd();
		while ((a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
		    (a >> 24) >= 224 || (a >> 24) == 185);
		m->c4[0] = (uint8_t)(a >> 24);
		m->c4[1] = (uint8_t)(a >> 16);
		put16(m->c6, 0x2a00 | (a & 0x0f)); /* 2a0x:xxxx:xxxx::/48 */
		put32(m->c6 + 2, (uint32_t)rd());
		m->rs_v6 = dn(4) != 0;
		m->ttl = (uint8_t)(48 + dn(16));
	}
	zipf_cdf(content_cdf);
	zipf_cdf(eyeball_cdf);
}

/* ---- traffic classes ---- */

enum cls {
	C_TLS, C_QUIC, C_HTTP, C_DNS, C_NTP, C_SSH, C_SMTP, C_IMAPS, C_RTMP,
	C_TCP, C_STUN, C_IPSEC, C_WG, C_UDP, C_N
};

static const struct cls_def {
	const char *name;
	uint8_t proto;         /* 6 TCP, 17 UDP */
	uint16_t port;         /* the server's; 0: a random high port */
	double share;          /* % of the flows' frames */
	double xm, alpha, cap; /* size in packets (alpha 0: see flow_size) */
	uint8_t download;      /* % of flows whose bulk goes to the client */
} cls_def[C_N] = {
	[C_TLS] = {"tcp/443 (TLS)", 6, 443, 56.5, 3, 1.05, 40000, 85},
	[C_QUIC] = {"udp/443 (QUIC)", 17, 443, 20.5, 3, 1.05, 40000, 85},
	[C_HTTP] = {"tcp/80 (HTTP)", 6, 80, 8.0, 3, 1.1, 20000, 90},
	[C_DNS] = {"udp/53 (DNS)", 17, 53, 2.0, 0, 0, 0, 50},
	[C_NTP] = {"udp/123 (NTP)", 17, 123, 0.5, 0, 0, 0, 50},
	[C_SSH] = {"tcp/22 (SSH)", 6, 22, 0.5, 10, 1.2, 5000, 50},
	[C_SMTP] = {"tcp/25 (SMTP)", 6, 25, 0.5, 8, 1.3, 2000, 20},
	[C_IMAPS] = {"tcp/993 (IMAPS)", 6, 993, 1.0, 6, 1.2, 2000, 70},
	[C_RTMP] = {"tcp/1935 (RTMP)", 6, 1935, 1.0, 20, 1.0, 20000, 10},
	[C_TCP] = {"tcp/high (other)", 6, 0, 4.0, 1, 1.0, 20000, 50},
	[C_STUN] = {"udp/3478 (STUN)", 17, 3478, 1.0, 1, 1.5, 50, 50},
	[C_IPSEC] = {"udp/4500 (IPsec)", 17, 4500, 1.0, 4, 1.0, 10000, 50},
	[C_WG] = {"udp/51820 (WireGuard)", 17, 51820, 1.5, 4, 1.0, 20000, 50},
	[C_UDP] = {"udp/high (other)", 17, 0, 2.0, 1, 1.1, 5000, 50},
};

static double cls_cdf[C_N];

static double flow_mean(int c)
{
	if (c == C_DNS)
		return 0.05 * 1 + 0.75 * 2 + 0.20 * 4;
	if (c == C_NTP)
		return 0.05 * 1 + 0.95 * 2;
	return pareto_mean(cls_def[c].xm, cls_def[c].alpha, cls_def[c].cap);
}

static uint32_t flow_size(int c)
{
	uint32_t r;

	if (c == C_DNS) { /* A (and AAAA): one or two exchanges */
		r = dn(100);
		return r < 5 ? 1 : r < 80 ? 2 : 4;
	}
	if (c == C_NTP)
		return dn(100) < 5 ? 1 : 2;
	return pareto(cls_def[c].xm, cls_def[c].alpha, cls_def[c].cap);
}

/* Flows a second for the classes' frame shares; fills cls_cdf. */
static double init_classes(double frames_per_s)
{
	double s = 0, per_flow;
	int c;

	for (c = 0; c < C_N; c++) {
		s += cls_def[c].share / flow_mean(c);
		cls_cdf[c] = s;
	}
	per_flow = 100.0 / s; /* frames in the mean flow */
	return frames_per_s / per_flow;
}

static int pick_class(void)
{
	double u = du() * cls_cdf[C_N - 1];
	int c = 0;

	while (c < C_N - 1 && cls_cdf[c] < u)
		c++;
	return c;
}

/* ---- actors: flows, BGP speakers, background, replies, on one clock ---- */

enum kind { K_ARRIVAL, K_BACKGROUND, K_FLOW, K_BGP, K_REPLY };
enum reply { R_ARP, R_NA, R_BGP_ACK };

struct flow {
	uint8_t cls, v6, ts, dl;  /* class, IPv6, TCP timestamps, bulk to client */
	uint8_t hello;            /* TLS: a compact ClientHello that fits the snap */
	uint8_t name;             /* its SNI, a host name, a banner */
	uint8_t live;             /* seen in the written part */
	uint16_t cm, sm;          /* client and server member */
	uint16_t cport, sport, mss;
	uint8_t ca[16], sa[16];   /* client and server address */
	uint32_t size, sent;
	uint32_t cseq, sseq;
	uint32_t tsoff;
	double gap;               /* mean ns between packets */
	uint64_t cid[2];          /* QUIC connection ids: client's, server's */
};

struct session {
	uint16_t m[2];
	uint16_t port[2];
	uint8_t v6, ts;
	uint32_t seq[2];
	double ivl[2];            /* keepalive interval of each side, ns */
};

struct actor {
	uint64_t t, tie;
	uint8_t kind;
	union {
		struct flow f;
		struct {
			uint32_t s;
			uint8_t side;
		} bgp;
		struct {
			uint8_t what, from_ll;
			uint16_t a, b; /* a asked, b answers */
			uint32_t s;
			uint8_t side;
		} rep;
	} u;
};

static struct actor *pool;
static uint32_t pool_n, pool_cap, *free_ids, free_n;
static uint32_t *heap, heap_n;
static uint64_t ticker;

static struct session *sess;
static uint32_t n_sess;

static uint32_t actor_new(uint8_t kind)
{
	uint32_t id;

	if (free_n > 0) {
		id = free_ids[--free_n];
	} else {
		if (pool_n == pool_cap) {
			pool_cap = pool_cap ? pool_cap * 2 : 65536;
			pool = realloc(pool, pool_cap * sizeof(*pool));
			free_ids = realloc(free_ids, pool_cap * sizeof(*free_ids));
			heap = realloc(heap, pool_cap * sizeof(*heap));
			if (pool == NULL || free_ids == NULL || heap == NULL) {
				fprintf(stderr, "gen-exchange: out of memory\n");
				exit(1);
			}
		}
		id = pool_n++;
	}
	memset(&pool[id], 0, sizeof(pool[id]));
	pool[id].kind = kind;
	return id;
}

static void actor_free(uint32_t id) { free_ids[free_n++] = id; }

static int before(uint32_t a, uint32_t b)
{
	return pool[a].t < pool[b].t || (pool[a].t == pool[b].t && pool[a].tie < pool[b].tie);
}

/* Schedule actor id at time t (ns of simulated time). */
static void at(uint32_t id, uint64_t t)
{
	uint32_t i = heap_n++;

	pool[id].t = t;
	pool[id].tie = ticker++;
	while (i > 0 && before(id, heap[(i - 1) / 2])) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = id;
}

static uint32_t pop(void)
{
	uint32_t top = heap[0], last = heap[--heap_n], i = 0, c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= heap_n)
			break;
		if (c + 1 < heap_n && before(heap[c + 1], heap[c]))
			c++;
		if (!before(heap[c], last))
			break;
		heap[i] = heap[c];
		i = c;
	}
	heap[i] = last;
	return top;
}

/* ---- output ---- */

static pcap_dumper_t *dump;
static uint64_t n_want, n_written;
static int live; /* the current event is past the warm-up: build and write */
static uint8_t fb[512];

enum { S_BGP = C_N, S_ARP, S_ND, S_MLD, S_MAX };
static const char *const stat_name[S_MAX] = {
	[S_BGP] = "tcp/179 (BGP)", [S_ARP] = "ARP", [S_ND] = "ICMPv6 ND", [S_MLD] = "MLDv2",
};
static uint64_t st_frames[S_MAX], st_v4, st_v6;
static uint64_t st_new_flows, st_mid_flows, st_big_flows, st_hello_compact, st_hello_full;
static uint8_t *sess_seen;

static void emit(uint64_t t, uint32_t wire, int stat)
{
	struct pcap_pkthdr h;
	uint64_t ns = 1705320000ull * 1000000000ull + (t - WARMUP_NS);

	h.ts.tv_sec = (time_t)(ns / 1000000000ull);
	h.ts.tv_usec = (suseconds_t)(ns % 1000000000ull / 1000);
	h.len = wire;
	h.caplen = wire < SNAP ? wire : SNAP;
	pcap_dump((u_char *)dump, &h, fb);
	n_written++;
	st_frames[stat]++;
}

/* ---- headers ---- */

static uint32_t sum16(const uint8_t *p, uint32_t n, uint32_t s)
{
	uint32_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Ethernet + IPv4/IPv6 header; returns its length (34 or 54). */
static uint32_t l3(uint8_t *p, const uint8_t *dmac, const uint8_t *smac, int v6,
    uint8_t proto, const uint8_t *src, const uint8_t *dst, uint32_t l4_len, uint8_t hlim)
{
	memcpy(p, dmac, 6);
	memcpy(p + 6, smac, 6);
	p += 12;
	if (v6) {
		put16(p, 0x86dd);
		put32(p + 2, 0x60000000u | (uint32_t)(rb() & 0xfffff));
		put16(p + 6, l4_len);
		p[8] = proto;
		p[9] = hlim;
		memcpy(p + 10, src, 16);
		memcpy(p + 26, dst, 16);
		return 54;
	}
	put16(p, 0x0800);
	p[2] = 0x45;
	p[3] = 0;
	put16(p + 4, 20 + l4_len);
	put16(p + 6, (uint32_t)rb() & 0xffff);
	put16(p + 8, 0x4000); /* DF */
	p[10] = hlim;
	p[11] = proto;
	put16(p + 12, 0);
	memcpy(p + 14, src, 4);
	memcpy(p + 18, dst, 4);
	put16(p + 12, fold(sum16(p + 2, 20, 0)));
	return 34;
}

/* The TCP/UDP/ICMPv6 checksum at l4 + off when the segment is all there. */
static void l4_csum(uint8_t *l4, uint32_t len, uint32_t off, int v6, uint8_t proto,
    const uint8_t *src, const uint8_t *dst, uint32_t wire)
{
	uint32_t s;

	if (wire > SNAP) {
		put16(l4 + off, 1 + bn(65535));
		return;
	}
	s = sum16(src, v6 ? 16 : 4, 0);
	s = sum16(dst, v6 ? 16 : 4, s);
	s += proto + len;
	put16(l4 + off, 0);
	put16(l4 + off, fold(sum16(l4, len, s)));
	if (proto == 17 && l4[off] == 0 && l4[off + 1] == 0)
		put16(l4 + off, 0xffff);
}

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_PSH = 0x08, TH_ACK = 0x10 };

/* A TCP header with the options of a SYN or timestamps; returns its length. */
static uint32_t tcp(uint8_t *p, uint16_t sp, uint16_t dp, uint32_t seq, uint32_t ack,
    int flags, int ts, uint16_t mss, uint32_t tsval)
{
	uint32_t hl = 20;

	put16(p, sp);
	put16(p + 2, dp);
	put32(p + 4, seq);
	put32(p + 8, flags & TH_ACK ? ack : 0);
	p[13] = (uint8_t)flags;
	put16(p + 14, flags & TH_SYN ? 64240 : 500 + bn(2000));
	put32(p + 16, 0);
	if (flags & TH_SYN) {
		uint8_t *o = p + 20;

		o[0] = 2; /* MSS */
		o[1] = 4;
		put16(o + 2, mss);
		o[4] = 1;
		o[5] = 3; /* window scale 7 */
		o[6] = 3;
		o[7] = 7;
		hl += 8;
		if (ts) {
			o[8] = 4; /* SACK permitted */
			o[9] = 2;
			o[10] = 8;
			o[11] = 10;
			put32(o + 12, tsval);
			put32(o + 16, flags & TH_ACK ? tsval - 20 : 0);
			hl += 12;
		}
	} else if (ts) {
		p[20] = 1;
		p[21] = 1;
		p[22] = 8;
		p[23] = 10;
		put32(p + 24, tsval);
		put32(p + 28, tsval - 1 - bn(30));
		hl += 12;
	}
	p[12] = (uint8_t)(hl / 4 << 4);
	return hl;
}

/* ---- payloads: what the first bytes of each kind of packet look like ---- */

static const char *const sni_short[] = {
	"www.bbc.co.uk", "i.ytimg.com", "api.x.com", "gstatic.com",
	"fbcdn.net", "wikipedia.org", "cdn.example", "img.example",
	"api.example", "www.example", "m.example", "cdn2.example",
};
static const char *const hosts[] = {
	"www.example.com", "cdn.example.net", "img.example.org", "video.example.com",
	"update.example.net", "api.example.io", "static.example.de", "www.example.co.uk",
};

/*
 * A TLS ClientHello record.  Compact: one cipher suite, no session id, the
 * SNI when `sni` is not NULL (61 bytes + name; 50 without).  Otherwise the
 * head of a browser's 517-byte hello (session id, 16 suites, ...).
 */
static uint32_t client_hello(uint8_t *p, int compact, const char *sni)
{
	uint32_t n = 0, sl = sni ? (uint32_t)strlen(sni) : 0, body;

	if (!compact) {
		static const uint8_t suites[] = {0x13, 0x01, 0x13, 0x02, 0x13, 0x03,
		    0xc0, 0x2b, 0xc0, 0x2f, 0xc0, 0x2c, 0xc0, 0x30, 0xcc, 0xa9};

		memcpy(p, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
		fill(p + 11, 32); /* random */
		p[43] = 32;
		fill(p + 44, 32); /* session id */
		put16(p + 76, 32);
		memcpy(p + 78, suites, sizeof(suites));
		return 517;
	}
	body = 2 + 32 + 1 + 2 + 2 + 1 + 1 + (sni ? 2 + 9 + sl : 0);
	p[n++] = 0x16; /* handshake */
	p[n++] = 0x03;
	p[n++] = 0x01;
	put16(p + n, body + 4);
	n += 2;
	p[n++] = 0x01; /* ClientHello */
	p[n++] = 0;
	put16(p + n, body);
	n += 2;
	p[n++] = 0x03; /* TLS 1.2 */
	p[n++] = 0x03;
	fill(p + n, 32);
	n += 32;
	p[n++] = 0;    /* no session id */
	put16(p + n, 2);
	put16(p + n + 2, 0xc02f); /* ECDHE-RSA-AES128-GCM-SHA256 */
	n += 4;
	p[n++] = 1;    /* compression: null */
	p[n++] = 0;
	if (sni) {
		put16(p + n, 9 + sl); /* extensions */
		put16(p + n + 2, 0);  /* server_name */
		put16(p + n + 4, 5 + sl);
		put16(p + n + 6, 3 + sl);
		p[n + 8] = 0;         /* host_name */
		put16(p + n + 9, sl);
		memcpy(p + n + 11, sni, sl);
		n += 11 + sl;
	}
	return n;
}

/* ServerHello (cut), or an application data record. */
static void tls_server(uint8_t *p, int first)
{
	if (first) {
		memcpy(p, "\x16\x03\x03\x00\x7a\x02\x00\x00\x76\x03\x03", 11);
		fill(p + 11, 32);
		p[43] = 32;
		fill(p + 44, 32);
		put16(p + 76, 0x1301);
		return;
	}
	p[0] = 0x17;
	p[1] = 0x03;
	p[2] = 0x03;
	put16(p + 3, 0x3ff0 + bn(16));
}

static uint32_t dns_name(uint8_t *p, const char *name)
{
	uint32_t n = 0;

	while (*name) {
		const char *dot = strchr(name, '.');
		uint32_t l = dot ? (uint32_t)(dot - name) : (uint32_t)strlen(name);

		p[n++] = (uint8_t)l;
		memcpy(p + n, name, l);
		n += l;
		name += l + (dot != NULL);
	}
	p[n++] = 0;
	return n;
}

/*
 * A DNS query from a resolver to an authoritative server (no RD, EDNS with
 * DO), or its answer with 1-4 records; returns the length.
 */
static uint32_t dns(uint8_t *p, int answer, uint16_t id, const char *name, int aaaa)
{
	uint32_t n = 12, an = answer ? 1 + bn(4) : 0, i, rdlen = aaaa ? 16 : 4;

	put16(p, id);
	put16(p + 2, answer ? 0x8400 : 0x0000); /* QR AA / a plain query */
	put16(p + 4, 1);
	put16(p + 6, an);
	put16(p + 8, 0);
	put16(p + 10, 1);
	n += dns_name(p + n, name);
	put16(p + n, aaaa ? 28 : 1);
	put16(p + n + 2, 1);
	n += 4;
	for (i = 0; i < an; i++) {
		put16(p + n, 0xc00c); /* the question's name */
		put16(p + n + 2, aaaa ? 28 : 1);
		put16(p + n + 4, 1);
		put32(p + n + 6, 300);
		put16(p + n + 10, rdlen);
		fill(p + n + 12, rdlen);
		n += 12 + rdlen;
	}
	p[n] = 0; /* OPT */
	put16(p + n + 1, 41);
	put16(p + n + 3, 1232);
	put32(p + n + 5, 0x00008000); /* DO */
	put16(p + n + 9, 0);
	return n + 11;
}

/* ---- flows ---- */

static void customer_addr(uint8_t *a, const struct member *m, int v6, int server)
{
	if (v6) {
		memcpy(a, m->c6, 6);
		memset(a + 6, 0, 10);
		if (server) {
			put16(a + 14, 1 + dn(64));
		} else {
			put64(a + 6, rd());
			put16(a + 14, (uint32_t)rd() & 0xffff);
		}
		return;
	}
	a[0] = m->c4[0];
	a[1] = m->c4[1];
	if (server) {
		a[2] = 0;
		a[3] = (uint8_t)(1 + dn(64));
	} else {
		a[2] = (uint8_t)dn(256);
		a[3] = (uint8_t)(1 + dn(254));
	}
}

static void new_flow(uint64_t t)
{
	uint32_t id = actor_new(K_FLOW);
	struct flow *f = &pool[id].u.f;
	const struct cls_def *c;
	double dur;

	f->cls = (uint8_t)pick_class();
	c = &cls_def[f->cls];
	f->v6 = dn(100) < 30;
	f->cm = pick(eyeball_cdf);
	do
		f->sm = pick(content_cdf);
	while (f->sm == f->cm);
	customer_addr(f->ca, &mem[f->cm], f->v6, 0);
	customer_addr(f->sa, &mem[f->sm], f->v6, 1);
	f->cport = (uint16_t)(32768 + dn(28232));
	f->sport = c->port ? c->port : (uint16_t)(1024 + dn(64000));
	f->size = flow_size(f->cls);
	if (f->size == 0)
		f->size = 1;
	dur = loguni(DUR_MIN, DUR_MAX);
	if (dur < f->size / FLOW_PPS_MAX)
		dur = f->size / FLOW_PPS_MAX;
	f->gap = dur * 1e9 / f->size;
	f->ts = c->proto == 6 && dn(3) != 0;
	f->dl = dn(100) < c->download;
	f->mss = (uint16_t)((dn(10) < 8 ? 1460 : dn(2) ? 1400 : 1380) - (f->v6 ? 20 : 0));
	f->cseq = (uint32_t)rd();
	f->sseq = (uint32_t)rd();
	f->tsoff = (uint32_t)rd();
	f->cid[0] = rd();
	f->cid[1] = rd();
	/* A compact ClientHello only where it fits: no TCP timestamps. */
	f->hello = f->cls == C_TLS && !f->ts;
	f->name = (uint8_t)dn(12);
	at(id, t);
}

static const char *const banner[2][2] = { /* [SMTP][to the server] */
	{"SSH-2.0-OpenSSH_8.4p1\r\n", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"},
	{"220 mx1.example.net ESMTP Postfix\r\n", "EHLO mail.example.org\r\n"},
};

static const char http_ok[] = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: "
			      "application/javascript\r\nContent-Length: 48213\r\n";

/* The compact ClientHello's length: 61 + the SNI; 50 without (IPv6). */
static uint32_t hello_len(const struct flow *f)
{
	return f->v6 ? 50 : 61 + (uint32_t)strlen(sni_short[f->name]);
}

/* What the k-th packet of a TCP flow is: direction, flags, payload length. */
static void tcp_plan(const struct flow *f, uint32_t k, int *c2s, int *flags, uint32_t *pl)
{
	int srv_first = f->cls == C_SMTP; /* the server's banner comes first */
	uint32_t seg = (uint32_t)f->mss - (f->ts ? 12u : 0u);

	*pl = 0;
	if (k == 0) {
		*c2s = 1;
		*flags = TH_SYN;
	} else if (k == 1) {
		*c2s = 0;
		*flags = TH_SYN | TH_ACK;
	} else if (k == 2 || k == 3) { /* request and response */
		*c2s = (k == 2) != srv_first;
		*flags = TH_PSH | TH_ACK;
		switch (f->cls) {
		case C_TLS:
		case C_IMAPS:
			*pl = !*c2s ? seg : f->hello ? hello_len(f) : 517;
			break;
		case C_HTTP:
			*pl = *c2s ? 300 + dn(500) : seg;
			break;
		case C_SSH:
		case C_SMTP:
			*pl = (uint32_t)strlen(banner[f->cls == C_SMTP][*c2s]);
			break;
		case C_RTMP: /* C0+C1: 1537 bytes */
			*pl = *c2s && seg > 1537 ? 1537 : seg;
			break;
		default:
			*pl = 20 + dn(400);
		}
	} else if (k + 1 == f->size && k >= 4) {
		*c2s = 1;
		*flags = TH_FIN | TH_ACK;
	} else if (dn(3) == 0) {
		*c2s = f->dl; /* the receiver's ACK */
		*flags = TH_ACK;
	} else {
		*c2s = !f->dl;
		*flags = dn(4) == 0 ? TH_PSH | TH_ACK : TH_ACK;
		*pl = dn(8) ? seg : 1 + dn(seg);
	}
}

/* The first bytes of the payload (the rest is random); pl is the plan's. */
static void tcp_payload(const struct flow *f, uint32_t k, int c2s, uint8_t *p)
{
	const char *b;

	switch (f->cls) {
	case C_TLS:
	case C_IMAPS:
		if (k == 2 && c2s) {
			int compact = f->cls == C_TLS && f->hello;

			client_hello(p, compact, compact && !f->v6 ? sni_short[f->name] : NULL);
			if (compact)
				st_hello_compact++;
			else if (f->cls == C_TLS)
				st_hello_full++;
		} else {
			tls_server(p, k == 3);
		}
		break;
	case C_HTTP:
		if (k == 2)
			snprintf((char *)p, 200, "GET /%08x/%u.js HTTP/1.1\r\nHost: %s\r\n"
			    "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n", (uint32_t)rb(),
			    bn(1000), hosts[f->name % (sizeof(hosts) / sizeof(hosts[0]))]);
		else if (k == 3)
			memcpy(p, http_ok, sizeof(http_ok) - 1);
		break;
	case C_SSH:
	case C_SMTP:
		if (k == 2 || k == 3) {
			b = banner[f->cls == C_SMTP][c2s];
			memcpy(p, b, strlen(b));
		}
		break;
	case C_RTMP:
		if (k == 2 && c2s)
			p[0] = 3; /* C0: version 3, then C1 */
		break;
	}
}

/* Counts for the summary, at a flow's first frame in the file. */
static void flow_seen(struct flow *f, uint32_t k)
{
	if (f->live)
		return;
	f->live = 1;
	if (k == 0)
		st_new_flows++;
	else
		st_mid_flows++;
	if (f->size >= 1000)
		st_big_flows++;
	if (f->v6)
		st_v6++;
	else
		st_v4++;
}

static uint64_t flow_step(uint32_t id, uint64_t t)
{
	struct flow *f = &pool[id].u.f;
	const struct member *cm = &mem[f->cm], *sm = &mem[f->sm];
	uint32_t k = f->sent, pl = 0, hl, wire, l4len;
	int c2s = 1, flags = 0;
	uint8_t *l4;

	if (cls_def[f->cls].proto == 6) {
		uint32_t *seq, *ack;

		tcp_plan(f, k, &c2s, &flags, &pl);
		seq = c2s ? &f->cseq : &f->sseq;
		ack = c2s ? &f->sseq : &f->cseq;
		if (live) {
			const uint8_t *src = c2s ? f->ca : f->sa, *dst = c2s ? f->sa : f->ca;
			uint32_t tsval = f->tsoff + (uint32_t)(t / 1000000);

			hl = l3(fb, (c2s ? sm : cm)->mac, (c2s ? cm : sm)->mac, f->v6, 6, src,
			    dst, 0, c2s ? cm->ttl : sm->ttl);
			l4 = fb + hl;
			hl = tcp(l4, c2s ? f->cport : f->sport, c2s ? f->sport : f->cport, *seq,
			    *ack, flags, f->ts, f->mss, tsval);
			if (pl > 0) {
				fill(l4 + hl, SNAP);
				tcp_payload(f, k, c2s, l4 + hl);
			}
			l4len = hl + pl;
			wire = (f->v6 ? 54 : 34) + l4len;
			/* the IP length, now that the payload is known */
			if (f->v6)
				put16(fb + 18, l4len);
			else {
				put16(fb + 16, 20 + l4len);
				put16(fb + 24, 0);
				put16(fb + 24, fold(sum16(fb + 14, 20, 0)));
			}
			l4_csum(l4, l4len, 16, f->v6, 6, src, dst, wire);
			flow_seen(f, k);
			emit(t, wire, f->cls);
		}
		*seq += pl + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
	} else {
		/* UDP: QUIC, DNS, NTP, STUN, IPsec, WireGuard, other */
		uint32_t room;

		c2s = k == 0 ? 1 : dn(3) == 0 ? f->dl : !f->dl;
		switch (f->cls) {
		case C_QUIC:
			if (k == 0) {
				pl = f->v6 ? (dn(2) ? 1232 : 1250) : (dn(2) ? 1250 : 1357);
			} else if (k <= 2) {
				c2s = 0;
				pl = 1200 + dn(53);
			} else {
				pl = c2s == f->dl ? 25 + dn(40) : 1200 + dn(150);
			}
			break;
		case C_DNS:
		case C_NTP:
		case C_STUN:
			c2s = (k & 1) == 0;
			/* STUN: a binding request, the answer with XOR-MAPPED-ADDRESS */
			pl = f->cls == C_NTP ? 48 : f->cls == C_DNS ? 0 : c2s ? 20 : f->v6 ? 44 : 32;
			break;
		case C_WG: /* handshake initiation, response, then data */
			if (k == 1)
				c2s = 0;
			pl = k == 0 ? 148 : k == 1 ? 92 : dn(10) == 0 ? 32 : 80 + dn(1340);
			break;
		default:
			pl = dn(2) ? 40 + dn(200) : 600 + dn(800);
		}
		if (live) {
			const uint8_t *src = c2s ? f->ca : f->sa, *dst = c2s ? f->sa : f->ca;
			uint8_t *p;

			hl = l3(fb, (c2s ? sm : cm)->mac, (c2s ? cm : sm)->mac, f->v6, 17, src,
			    dst, 0, c2s ? cm->ttl : sm->ttl);
			l4 = fb + hl;
			p = l4 + 8;
			room = SNAP;
			fill(p, room);
			switch (f->cls) {
			case C_QUIC:
				if (k <= 2) { /* long header: Initial, Initial, Handshake */
					p[0] = k == 2 ? 0xe1 : 0xc1;
					put32(p + 1, 1); /* QUIC v1 */
					p[5] = 8;
					put64(p + 6, f->cid[k == 0 ? 1 : 0]); /* DCID */
					p[14] = 8;
					put64(p + 15, f->cid[k == 0 ? 0 : 1]); /* SCID */
					if (k == 2) {
						put16(p + 23, 0x4000 | (pl - 25));
					} else {
						p[23] = 0; /* no token */
						put16(p + 24, 0x4000 | (pl - 26));
					}
				} else {
					p[0] = (uint8_t)(0x40 | (p[0] & 0x3f));
					put64(p + 1, f->cid[c2s ? 1 : 0]);
				}
				break;
			case C_DNS: {
				const char *h = hosts[f->name % (sizeof(hosts) / sizeof(hosts[0]))];

				pl = dns(p, !c2s, (uint16_t)(f->cid[0] + k / 2), h, k >= 2);
				break;
			}
			case C_NTP:
				p[0] = c2s ? 0x23 : 0x24; /* v4, client / server */
				p[1] = c2s ? 0 : 2;
				p[2] = 6;
				p[3] = 0xe9;
				break;
			case C_STUN:
				put16(p, c2s ? 0x0001 : 0x0101);
				put16(p + 2, pl - 20);
				put32(p + 4, 0x2112a442);
				if (!c2s) {
					put16(p + 20, 0x0020);
					put16(p + 22, pl - 24);
					p[24] = 0;
					p[25] = f->v6 ? 2 : 1;
				}
				break;
			case C_IPSEC:
				put32(p, (uint32_t)f->cid[c2s]); /* SPI */
				put32(p + 4, f->sent);
				break;
			case C_WG:
				put32(p, k == 0 ? 0x01000000 : k == 1 ? 0x02000000 : 0x04000000);
				break;
			}
			l4len = 8 + pl;
			put16(l4, c2s ? f->cport : f->sport);
			put16(l4 + 2, c2s ? f->sport : f->cport);
			put16(l4 + 4, l4len);
			wire = (f->v6 ? 54 : 34) + l4len;
			if (f->v6)
				put16(fb + 18, l4len);
			else {
				put16(fb + 16, 20 + l4len);
				put16(fb + 24, 0);
				put16(fb + 24, fold(sum16(fb + 14, 20, 0)));
			}
			l4_csum(l4, l4len, 6, f->v6, 17, src, dst, wire);
			flow_seen(f, k);
			emit(t, wire, f->cls);
		}
	}
	if (++f->sent >= f->size) {
		actor_free(id);
		return 0;
	}
	return t + 1 + (uint64_t)expo(f->gap);
}

/* ---- BGP ---- */

static void init_sessions(void)
{
	uint8_t *pairs = calloc((size_t)MEMBERS * MEMBERS * 2, 1);
	uint32_t cap = 2 * MEMBERS * 2 + BILATERAL_V4 + BILATERAL_V6, i, r;
	int fam;

	sess = calloc(cap, sizeof(*sess));
	sess_seen = calloc(cap, 1);
	if (pairs == NULL || sess == NULL || sess_seen == NULL) {
		fprintf(stderr, "gen-exchange: out of memory\n");
		exit(1);
	}
	for (i = N_RS; i < MEMBERS; i++)
		for (r = 0; r < N_RS; r++)
			for (fam = 0; fam < 2; fam++)
				if (fam == 0 || mem[i].rs_v6) {
					sess[n_sess].m[0] = (uint16_t)r;
					sess[n_sess].m[1] = (uint16_t)i;
					sess[n_sess++].v6 = (uint8_t)fam;
				}
	for (fam = 0; fam < 2; fam++)
		for (r = 0; r < (fam ? BILATERAL_V6 : BILATERAL_V4);) {
			uint16_t a = pick(content_cdf), b = pick_peer();
			size_t key = ((size_t)(a < b ? a : b) * MEMBERS + (a < b ? b : a)) * 2 + (size_t)fam;

			if (a == b || pairs[key])
				continue;
			pairs[key] = 1;
			sess[n_sess].m[0] = a;
			sess[n_sess].m[1] = b;
			sess[n_sess++].v6 = (uint8_t)fam;
			r++;
		}
	free(pairs);
	for (i = 0; i < n_sess; i++) {
		struct session *s = &sess[i];
		int side;

		side = (int)dn(2); /* which end listens on 179 */
		s->port[side] = 179;
		s->port[!side] = (uint16_t)(32768 + dn(28232));
		s->ts = dn(3) == 0; /* BIRD and some Junipers: timestamps */
		for (side = 0; side < 2; side++) {
			uint32_t id = actor_new(K_BGP);

			s->seq[side] = (uint32_t)rd();
			s->ivl[side] = (BGP_IVL_MIN + du() * (BGP_IVL_MAX - BGP_IVL_MIN)) * 1e9;
			pool[id].u.bgp.s = i;
			pool[id].u.bgp.side = (uint8_t)side;
			at(id, (uint64_t)(du() * s->ivl[side]));
		}
	}
}

/*
 * An UPDATE announcing `np` prefixes with an AS path of `n_as` ASNs from
 * `from`: IPv4 /24s with NEXT_HOP, or IPv6 /48s in MP_REACH_NLRI (RFC 4760).
 * Returns its length; bgp_len() says it without writing.
 */
static uint32_t bgp_len(int v6, uint32_t n_as, uint32_t np)
{
	return 19 + 2 + 2 + 4 + 4 + 2 + 4 * n_as + (v6 ? 4 + 4 + 16 + 1 + 7 * np : 7 + 4 * np);
}

static uint32_t bgp_update(uint8_t *p, const struct member *from, int v6, uint32_t n_as,
    uint32_t np)
{
	uint32_t len = bgp_len(v6, n_as, np), n = 23, i;

	memset(p, 0xff, 16);
	put16(p + 16, len);
	p[18] = 2;
	put16(p + 19, 0); /* no withdrawn routes */
	memcpy(p + n, "\x40\x01\x01\x00", 4); /* ORIGIN IGP */
	n += 4;
	p[n] = 0x50; /* AS_PATH, extended length */
	p[n + 1] = 2;
	put16(p + n + 2, 2 + 4 * n_as);
	p[n + 4] = 2; /* AS_SEQUENCE */
	p[n + 5] = (uint8_t)n_as;
	n += 6;
	put32(p + n, from->asn);
	for (i = 1; i < n_as; i++)
		put32(p + n + 4 * i, 1000 + bn(398000));
	n += 4 * n_as;
	if (v6) {
		p[n] = 0x90; /* MP_REACH_NLRI, extended length */
		p[n + 1] = 14;
		put16(p + n + 2, 4 + 16 + 1 + 7 * np);
		put16(p + n + 4, 2); /* AFI IPv6 */
		p[n + 6] = 1;        /* SAFI unicast */
		p[n + 7] = 16;
		memcpy(p + n + 8, from->v6, 16);
		p[n + 24] = 0;
		n += 25;
		for (i = 0; i < np; i++, n += 7) {
			p[n] = 48;
			put16(p + n + 1, 0x2a00 | bn(16));
			put32(p + n + 3, (uint32_t)rb());
		}
	} else {
		memcpy(p + n, "\x40\x03\x04", 3); /* NEXT_HOP */
		memcpy(p + n + 3, from->v4, 4);
		n += 7;
		for (i = 0; i < np; i++, n += 4) {
			p[n] = 24;
			p[n + 1] = (uint8_t)(1 + bn(223));
			p[n + 2] = (uint8_t)rb();
			p[n + 3] = (uint8_t)rb();
		}
	}
	put16(p + 21, n - 23 - (v6 ? 0 : 4 * np)); /* path attributes */
	return len;
}

/* A KEEPALIVE, an UPDATE or a bare ACK from one side of a session. */
static void bgp_frame(uint64_t t, uint32_t si, int side, int ack_only)
{
	struct session *s = &sess[si];
	const struct member *a = &mem[s->m[side]], *b = &mem[s->m[!side]];
	const uint8_t *src = s->v6 ? a->v6 : a->v4, *dst = s->v6 ? b->v6 : b->v4;
	uint32_t pl = 0, hl, l4len, wire, n_as = 0, np = 0;
	uint8_t *l4, *p;

	if (!ack_only && dn(8) == 0) { /* an UPDATE */
		n_as = 1 + dn(5);
		np = pareto(1, 1.2, s->v6 ? 180 : 320);
		pl = bgp_len(s->v6, n_as, np);
	} else if (!ack_only) {
		pl = 19; /* KEEPALIVE */
	}
	if (live) {
		hl = l3(fb, b->mac, a->mac, s->v6, 6, src, dst, 0, s->v6 ? 255 : 1);
		l4 = fb + hl;
		hl = tcp(l4, s->port[side], s->port[!side], s->seq[side], s->seq[!side],
		    pl ? TH_PSH | TH_ACK : TH_ACK, s->ts, 0, (uint32_t)(t / 1000000) + si);
		p = l4 + hl;
		if (np > 0) {
			static uint8_t upd[2048];

			bgp_update(upd, a, s->v6, n_as, np);
			memcpy(p, upd, SNAP);
		} else if (pl > 0) {
			memset(p, 0xff, 16);
			put16(p + 16, 19);
			p[18] = 4;
		}
		l4len = hl + pl;
		wire = (s->v6 ? 54 : 34) + l4len;
		if (s->v6)
			put16(fb + 18, l4len);
		else {
			put16(fb + 16, 20 + l4len);
			put16(fb + 24, 0);
			put16(fb + 24, fold(sum16(fb + 14, 20, 0)));
		}
		l4_csum(l4, l4len, 16, s->v6, 6, src, dst, wire);
		sess_seen[si] = 1;
		emit(t, wire, S_BGP);
	}
	s->seq[side] += pl;
}

/* ---- background: ARP, ND, MLD ---- */

static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static void arp(uint64_t t, const struct member *from, const struct member *to,
    int reply, const uint8_t *target_ip)
{
	uint8_t *p = fb + 14;

	memcpy(fb, reply ? to->mac : bcast, 6);
	memcpy(fb + 6, from->mac, 6);
	put16(fb + 12, 0x0806);
	put16(p, 1);
	put16(p + 2, 0x0800);
	p[4] = 6;
	p[5] = 4;
	put16(p + 6, reply ? 2 : 1);
	memcpy(p + 8, from->mac, 6);
	memcpy(p + 14, from->v4, 4);
	if (reply)
		memcpy(p + 18, to->mac, 6);
	else
		memset(p + 18, 0, 6);
	memcpy(p + 24, reply ? to->v4 : target_ip, 4);
	memset(p + 28, 0, 60 - 14 - 28); /* padding */
	emit(t, 60, S_ARP);
}

/* NS from `from` for `to`'s address, or the NA back; ICMPv6 with an lladdr. */
static void nd(uint64_t t, const struct member *from, const struct member *to,
    int na, int from_ll)
{
	uint8_t dmac[6], dst[16], *p;
	const uint8_t *src;

	if (na) {
		memcpy(dmac, to->mac, 6);
		memcpy(dst, from_ll ? to->ll : to->v6, 16);
		src = from->v6;
	} else {
		dmac[0] = dmac[1] = 0x33;
		dmac[2] = 0xff;
		memcpy(dmac + 3, to->v6 + 13, 3);
		memset(dst, 0, 16);
		dst[0] = 0xff;
		dst[1] = 0x02;
		dst[11] = 1;
		dst[12] = 0xff;
		memcpy(dst + 13, to->v6 + 13, 3);
		src = from_ll ? from->ll : from->v6;
	}
	l3(fb, dmac, from->mac, 1, 58, src, dst, 32, 255);
	p = fb + 54;
	p[0] = na ? 136 : 135;
	p[1] = 0;
	put32(p + 4, na ? 0x60000000u : 0); /* Solicited, Override */
	memcpy(p + 8, na ? from->v6 : to->v6, 16);
	p[24] = na ? 2 : 1; /* target / source link-layer address */
	p[25] = 1;
	memcpy(p + 26, from->mac, 6);
	l4_csum(p, 32, 2, 1, 58, src, dst, 86);
	emit(t, 86, S_ND);
}

/* MLDv2 report: MODE_IS_EXCLUDE for the member's solicited-node group. */
static void mld(uint64_t t, const struct member *from)
{
	static const uint8_t dmac[6] = {0x33, 0x33, 0, 0, 0, 0x16};
	uint8_t dst[16] = {0xff, 0x02}, *p;

	dst[15] = 0x16;
	l3(fb, dmac, from->mac, 1, 0, from->ll, dst, 36, 1);
	p = fb + 54;
	memcpy(p, "\x3a\x00\x05\x02\x00\x00\x01\x00", 8); /* HBH: Router Alert, PadN */
	p += 8;
	p[0] = 143;
	p[1] = 0;
	put16(p + 4, 0);
	put16(p + 6, 1);
	p[8] = 2;
	p[9] = 0;
	put16(p + 10, 0);
	memset(p + 12, 0, 16);
	p[12] = 0xff;
	p[13] = 0x02;
	p[23] = 1;
	p[24] = 0xff;
	memcpy(p + 25, from->v6 + 13, 3);
	l4_csum(p, 28, 2, 1, 58, from->ll, dst, 90);
	emit(t, 90, S_MLD);
}

static void reply_after(uint64_t t, uint8_t what, uint16_t a, uint16_t b, int from_ll,
    uint32_t s, int side)
{
	uint32_t id = actor_new(K_REPLY);

	pool[id].u.rep.what = what;
	pool[id].u.rep.a = a;
	pool[id].u.rep.b = b;
	pool[id].u.rep.from_ll = (uint8_t)from_ll;
	pool[id].u.rep.s = s;
	pool[id].u.rep.side = (uint8_t)side;
	at(id, t + 20000 + (uint64_t)expo(what == R_BGP_ACK ? 5e6 : 3e5));
}

static void background(uint64_t t)
{
	uint32_t r = dn(100);
	uint16_t a = (uint16_t)dn(MEMBERS), b;
	int ll = dn(10) < 3;

	do
		b = (uint16_t)dn(MEMBERS);
	while (b == a);
	if (r < 45) {
		if (dn(50) == 0) { /* an unused address: nobody answers */
			uint8_t ip[4] = {lan4[0], lan4[1], (uint8_t)(lan4[2] + 3), 0};

			ip[3] = (uint8_t)(100 + dn(150));
			if (live)
				arp(t, &mem[a], NULL, 0, ip);
			return;
		}
		if (live)
			arp(t, &mem[a], &mem[b], 0, mem[b].v4);
		if (dn(10))
			reply_after(t, R_ARP, a, b, 0, 0, 0);
	} else if (r < 85) {
		if (live)
			nd(t, &mem[a], &mem[b], 0, ll);
		if (dn(20))
			reply_after(t, R_NA, a, b, ll, 0, 0);
	} else if (live) {
		mld(t, &mem[a]);
	}
}

static void reply(uint64_t t, uint32_t id)
{
	const struct actor *x = &pool[id];
	const struct member *a = &mem[x->u.rep.a], *b = &mem[x->u.rep.b];

	if (x->u.rep.what == R_BGP_ACK)
		bgp_frame(t, x->u.rep.s, x->u.rep.side, 1);
	else if (live && x->u.rep.what == R_ARP)
		arp(t, b, a, 1, NULL);
	else if (live)
		nd(t, b, a, 1, x->u.rep.from_ll);
	actor_free(id);
}

/* ---- the IX-F member list ---- */

static int write_members(const char *path)
{
	FILE *fp = fopen(path, "w");
	int i;

	if (fp == NULL) {
		perror(path);
		return 1;
	}
	fprintf(fp, "{\"version\": \"1.0\", \"timestamp\": \"2024-01-15T12:00:00Z\",\n"
	    " \"ixp_list\": [{\"ixp_id\": 1, \"shortname\": \"EXCHANGE-IX\",\n"
	    "   \"name\": \"Benchmark exchange (bench/gen-exchange.c)\", \"country\": \"ZZ\",\n"
	    "   \"vlan\": [{\"id\": 1, \"name\": \"Peering LAN\",\n"
	    "   \"ipv4\": {\"prefix\": \"%u.%u.%u.%u\", \"mask_length\": 22},\n"
	    "   \"ipv6\": {\"prefix\": \"2001:7f8:a0::\", \"mask_length\": 64}}]}],\n"
	    " \"member_list\": [\n", lan4[0], lan4[1], lan4[2], lan4[3]);
	for (i = 0; i < MEMBERS; i++) {
		const struct member *m = &mem[i];
		char mac[18], name[48];

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m->mac[0],
		    m->mac[1], m->mac[2], m->mac[3], m->mac[4], m->mac[5]);
		if (i < N_RS)
			snprintf(name, sizeof(name), "Route server %d", i + 1);
		else
			snprintf(name, sizeof(name), "Exchange member %03d", i);
		fprintf(fp, "  {\"asnum\": %u, \"member_type\": \"%s\", \"name\": \"%s\",\n"
		    "   \"connection_list\": [{\"ixp_id\": 1, \"state\": \"active\",\n"
		    "    \"if_list\": [{\"switch_id\": %d, \"if_speed\": %d}],\n"
		    "    \"vlan_list\": [{\"vlan_id\": 1,\n"
		    "     \"ipv4\": {\"address\": \"%u.%u.%u.%u\", \"routeserver\": %s, "
		    "\"mac_addresses\": [\"%s\"]},\n"
		    "     \"ipv6\": {\"address\": \"2001:7f8:a0::%x:%x:1\", \"routeserver\": %s, "
		    "\"mac_addresses\": [\"%s\"]}}]}]}%s\n",
		    m->asn, i < N_RS ? "ixp" : "peering", name, i % 4,
		    i < N_RS ? 10000 : 10000 * (1 + i % 10), m->v4[0], m->v4[1], m->v4[2],
		    m->v4[3], i >= N_RS ? "true" : "false", mac, m->asn >> 16,
		    m->asn & 0xffff, i >= N_RS && m->rs_v6 ? "true" : "false", mac,
		    i + 1 < MEMBERS ? "," : "");
	}
	fprintf(fp, " ]}\n");
	return fclose(fp) == 0 ? 0 : 1;
}

/* ---- main ---- */

static void summary(const char *path, uint64_t t_last)
{
	double secs = (double)(t_last - WARMUP_NS) / 1e9;
	uint32_t i, seen = 0;
	int c;

	for (i = 0; i < n_sess; i++)
		seen += sess_seen[i];
	fprintf(stderr, "gen-exchange: wrote %llu frames to %s: %.3f s of capture time, "
	    "%.2f Mpps\n", (unsigned long long)n_written, path, secs,
	    secs > 0 ? (double)n_written / secs / 1e6 : 0);
	for (c = 0; c < S_MAX; c++)
		fprintf(stderr, "  %-22s %5.2f%%\n", c < C_N ? cls_def[c].name : stat_name[c],
		    100.0 * (double)st_frames[c] / (double)n_written);
	fprintf(stderr, "  flows: %llu new (%.0f per second), %llu already running at the "
	    "start; %llu of 1,000 packets or more; IPv4 %.0f%%, IPv6 %.0f%%\n",
	    (unsigned long long)st_new_flows, secs > 0 ? (double)st_new_flows / secs : 0,
	    (unsigned long long)st_mid_flows, (unsigned long long)st_big_flows,
	    100.0 * (double)st_v4 / (double)(st_v4 + st_v6 ? st_v4 + st_v6 : 1),
	    100.0 * (double)st_v6 / (double)(st_v4 + st_v6 ? st_v4 + st_v6 : 1));
	fprintf(stderr, "  TLS ClientHellos: %llu compact (fit the snap), %llu cut\n",
	    (unsigned long long)st_hello_compact, (unsigned long long)st_hello_full);
	fprintf(stderr, "  BGP sessions: %u seen of %u\n", seen, n_sess);
}

int main(int argc, char **argv)
{
	char members_path[4096];
	const char *out;
	uint64_t t = 0, bgp_rate;
	double flows_per_s;
	uint32_t arrival, bg;
	pcap_t *p;
	char *end;
	size_t l;

	if (argc == 3 && strcmp(argv[1], "--members") == 0) {
		init_members();
		return write_members(argv[2]);
	}
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: gen-exchange OUT.pcap [N]   (writes OUT.members.json too)\n"
				"       gen-exchange --members OUT.json\n");
		return 2;
	}
	out = argv[1];
	n_want = 2000000;
	if (argc == 3) {
		n_want = strtoull(argv[2], &end, 10);
		if (*argv[2] == '\0' || *end != '\0' || n_want == 0) {
			fprintf(stderr, "gen-exchange: N must be a positive number\n");
			return 2;
		}
	}
	l = strlen(out);
	if (l > 5 && strcmp(out + l - 5, ".pcap") == 0)
		l -= 5;
	if (l + sizeof(".members.json") > sizeof(members_path)) {
		fprintf(stderr, "gen-exchange: %s: name too long\n", out);
		return 2;
	}
	memcpy(members_path, out, l);
	strcpy(members_path + l, ".members.json");

	init_members();
	if (write_members(members_path) != 0)
		return 1;
	init_sessions();
	/* What BGP and the background add; flows make up the rest of RATE. */
	bgp_rate = (uint64_t)(n_sess * 2 / ((BGP_IVL_MIN + BGP_IVL_MAX) / 2) * 1.5);
	flows_per_s = init_classes(RATE - (double)bgp_rate - BG_EVENTS * 1.8);

	p = pcap_open_dead(DLT_EN10MB, SNAP);
	if (p == NULL || (dump = pcap_dump_open(p, out)) == NULL) {
		fprintf(stderr, "gen-exchange: %s: %s\n", out, p ? pcap_geterr(p) : "pcap_open_dead failed");
		return 1;
	}
	arrival = actor_new(K_ARRIVAL);
	at(arrival, 0);
	bg = actor_new(K_BACKGROUND);
	at(bg, 0);
	while (n_written < n_want) {
		uint32_t id = pop();
		uint64_t next;

		t = pool[id].t;
		live = t >= WARMUP_NS;
		switch (pool[id].kind) {
		case K_ARRIVAL:
			new_flow(t);
			at(id, t + 1 + (uint64_t)expo(1e9 / flows_per_s));
			break;
		case K_BACKGROUND:
			background(t);
			at(id, t + 1 + (uint64_t)expo(1e9 / BG_EVENTS));
			break;
		case K_FLOW:
			if ((next = flow_step(id, t)) != 0)
				at(id, next);
			break;
		case K_BGP: {
			uint32_t s = pool[id].u.bgp.s;
			int side = pool[id].u.bgp.side;

			bgp_frame(t, s, side, 0);
			if (dn(2))
				reply_after(t, R_BGP_ACK, 0, 0, 0, s, !side);
			at(id, t + (uint64_t)(sess[s].ivl[side] * (0.98 + 0.04 * du())));
			break;
		}
		case K_REPLY:
			reply(t, id);
			break;
		}
	}
	if (pcap_dump_flush(dump) < 0) {
		fprintf(stderr, "gen-exchange: %s: write error\n", out);
		return 1;
	}
	pcap_dump_close(dump);
	pcap_close(p);
	summary(out, t);
	fprintf(stderr, "  members: %s\n", members_path);
	return 0;
}
