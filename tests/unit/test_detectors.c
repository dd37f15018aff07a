/*
 * test_detectors.c - the detectors (an_mac.c, an_nd.c, an_members.c,
 * an_policy.c) driven end to end through the engine.
 *
 * Every frame is built here, byte by byte, by small helpers (Ethernet II,
 * ARP, IPv4/UDP, IPv6/TCP, ICMPv6 RS/RA/NS/NA with SLL/TLL options, MLDv2
 * reports, LLC/STP, SNAP/CDP, LLDP, any ethertype, 6in4), offered with
 * engine_offer() and judged from engine_report(): alerts are found by type,
 * MAC, ASN and address, members by ASN.  The member registry is the IX-F
 * fixture tests/detectors/members.json:
 *
 *   AS64501 Alpha   02:00:00:00:00:01 192.0.2.1 2001:db8:7f8::a506:4501:1
 *   AS64502 Bravo   02:00:00:00:00:02 192.0.2.2 2001:db8:7f8::a506:4502:1
 *   AS64503 Charlie 02:00:00:00:00:03 192.0.2.3 (no IPv6)
 *   AS64504 Delta   02:00:00:00:00:04 192.0.2.4 2001:db8:7f8::c000:204 (off the
 *                   02:00:00:00:00:44             ASN scheme; IPv4-suffix)
 * on 192.0.2.0/24 and 2001:db8:7f8::/64, and members-nomac.json, the same
 * list without any MAC (as an exchange's public IX-F export has it).
 *
 * Run from the top of the tree (IXMON_DETECTORS_DIR overrides the fixtures);
 * IXMON_TEST_VERBOSE=1 prints the alerts of the regression tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/engine.h"
#include "common/config.h"
#include "common/jget.h"
#include "members/registry.h"

#define T0 1793613600 /* 2026-11-02T10:00:00Z, a whole minute */

#define ANY_ASN  (-1LL) /* match any asnum */
#define NULL_ASN (-2LL) /* asnum must be null */

static const uint8_t MAC_A[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t MAC_B[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t MAC_C[6] = {0x02, 0, 0, 0, 0, 0x03};
static const uint8_t MAC_D[6] = {0x02, 0, 0, 0, 0, 0x04};
static const uint8_t MAC_D2[6] = {0x02, 0, 0, 0, 0, 0x44};      /* Delta's second */
static const uint8_t MAC_N[6] = {0x02, 0, 0, 0, 0, 0x11};       /* A's new router */
static const uint8_t MAC_P[6] = {0x02, 0x00, 0x5e, 0, 0, 0x41}; /* unknown */
static const uint8_t MAC_Q[6] = {0x02, 0x00, 0x5e, 0, 0, 0x42}; /* unknown */
static const uint8_t MAC_X[6] = {0x02, 0, 0, 0, 0, 0x99};       /* unknown */
static const uint8_t MAC_BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t MAC_ALLNODES[6] = {0x33, 0x33, 0, 0, 0, 0x01};
static const uint8_t MAC_MLDV2[6] = {0x33, 0x33, 0, 0, 0, 0x16};
static const uint8_t MAC_STP[6] = {0x01, 0x80, 0xc2, 0, 0, 0};
static const uint8_t MAC_LLDP[6] = {0x01, 0x80, 0xc2, 0, 0, 0x0e};
static const uint8_t MAC_CDP[6] = {0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc};
static const uint8_t MAC_OSPF[6] = {0x01, 0x00, 0x5e, 0, 0, 0x05};

#define S_MAC_A "02:00:00:00:00:01"
#define S_MAC_B "02:00:00:00:00:02"
#define S_MAC_C "02:00:00:00:00:03"
#define S_MAC_D2 "02:00:00:00:00:44"
#define S_MAC_N "02:00:00:00:00:11"
#define S_MAC_P "02:00:5e:00:00:41"
#define S_MAC_Q "02:00:5e:00:00:42"
#define S_MAC_X "02:00:00:00:00:99"
#define S_V6_A  "2001:db8:7f8::a506:4501:1"
#define S_V6_B  "2001:db8:7f8::a506:4502:1"
#define S_V6_D  "2001:db8:7f8::c000:204"

static struct registry *g_reg;   /* members.json */
static struct registry *g_reg4;  /* members-v4suffix.json */
static struct registry *g_nomac; /* members-nomac.json */

/* ------------------------------------------------------------------ */
/* Addresses                                                           */

static void v6(uint8_t out[16], const char *s)
{
	if (inet_pton(AF_INET6, s, out) != 1)
		fail_msg("bad IPv6 literal in test: %s", s);
}

static void v4(uint8_t out[4], const char *s)
{
	if (inet_pton(AF_INET, s, out) != 1)
		fail_msg("bad IPv4 literal in test: %s", s);
}

/* fe80::/64 + the EUI-64 interface id of `mac` (RFC 4291 2.5.1). */
static void eui64_ll(uint8_t out[16], const uint8_t mac[6])
{
	memset(out, 0, 16);
	out[0] = 0xfe;
	out[1] = 0x80;
	out[8] = mac[0] ^ 0x02;
	out[9] = mac[1];
	out[10] = mac[2];
	out[11] = 0xff;
	out[12] = 0xfe;
	out[13] = mac[3];
	out[14] = mac[4];
	out[15] = mac[5];
}

/* ------------------------------------------------------------------ */
/* Frame building                                                      */

struct pkt {
	uint8_t b[2048];
	size_t n;
};

static void put(struct pkt *p, const void *d, size_t n)
{
	assert_true(p->n + n <= sizeof(p->b));
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static void put8(struct pkt *p, uint8_t v) { put(p, &v, 1); }

static void put16(struct pkt *p, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	put(p, b, 2);
}

static void put32(struct pkt *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p, (uint16_t)v);
}

static void zeros(struct pkt *p, size_t n)
{
	assert_true(p->n + n <= sizeof(p->b));
	memset(p->b + p->n, 0, n);
	p->n += n;
}

static void set16(struct pkt *p, size_t off, uint16_t v)
{
	p->b[off] = (uint8_t)(v >> 8);
	p->b[off + 1] = (uint8_t)v;
}

/* Ethernet II header: starts a new frame. */
static void eth(struct pkt *p, const uint8_t dst[6], const uint8_t src[6],
    uint16_t type)
{
	p->n = 0;
	put(p, dst, 6);
	put(p, src, 6);
	put16(p, type);
}

/* 802.3 length + 802.2 LLC header; the length is fixed by llc_end(). */
static size_t llc(struct pkt *p, const uint8_t dst[6], const uint8_t src[6],
    uint8_t dsap, uint8_t ssap, uint8_t ctl)
{
	p->n = 0;
	put(p, dst, 6);
	put(p, src, 6);
	put16(p, 0);
	put8(p, dsap);
	put8(p, ssap);
	put8(p, ctl);
	return 14;
}

static void llc_end(struct pkt *p, size_t start)
{
	set16(p, 12, (uint16_t)(p->n - start));
}

/* IPv4 header with the checksum filled in by ip4_end(). */
static size_t ip4_begin(struct pkt *p, const char *src, const char *dst,
    uint8_t proto, uint8_t ttl)
{
	size_t off = p->n;
	uint8_t a[4];

	put8(p, 0x45);
	put8(p, 0);
	put16(p, 0); /* total length, ip4_end */
	put16(p, 0x1234);
	put16(p, 0);
	put8(p, ttl);
	put8(p, proto);
	put16(p, 0);
	v4(a, src);
	put(p, a, 4);
	v4(a, dst);
	put(p, a, 4);
	return off;
}

static void ip4_end(struct pkt *p, size_t off)
{
	uint32_t sum = 0;
	size_t i;

	set16(p, off + 2, (uint16_t)(p->n - off));
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)p->b[off + i] << 8 | p->b[off + i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	set16(p, off + 10, (uint16_t)~sum);
}

/* IPv6 header; the payload length is fixed by ip6_end(). */
static size_t ip6_begin(struct pkt *p, const uint8_t src[16],
    const uint8_t dst[16], uint8_t nh, uint8_t hlim)
{
	size_t off = p->n;

	put32(p, 0x60000000u);
	put16(p, 0);
	put8(p, nh);
	put8(p, hlim);
	put(p, src, 16);
	put(p, dst, 16);
	return off;
}

static void ip6_end(struct pkt *p, size_t off)
{
	set16(p, off + 4, (uint16_t)(p->n - off - 40));
}

static void udp(struct pkt *p, uint16_t sport, uint16_t dport, size_t payload)
{
	put16(p, sport);
	put16(p, dport);
	put16(p, (uint16_t)(8 + payload));
	put16(p, 0);
	zeros(p, payload);
}

static void tcp(struct pkt *p, uint16_t sport, uint16_t dport)
{
	put16(p, sport);
	put16(p, dport);
	put32(p, 1);
	put32(p, 0);
	put8(p, 0x50); /* data offset 5 */
	put8(p, 0x02); /* SYN */
	put16(p, 16384);
	put16(p, 0);
	put16(p, 0);
}

/* Solicited-node multicast group of `a` and its MAC. */
static void solicited(const uint8_t a[16], uint8_t grp[16], uint8_t mac[6])
{
	v6(grp, "ff02::1:ff00:0");
	grp[13] = a[13];
	grp[14] = a[14];
	grp[15] = a[15];
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, grp + 12, 4);
}

/* ND option: type 1 SLL or 2 TLL. */
static void lladdr_opt(struct pkt *p, uint8_t type, const uint8_t mac[6])
{
	put8(p, type);
	put8(p, 1);
	put(p, mac, 6);
}

/* IPv6 NS (appended at p->n): src may be :: (DAD); sll NULL = none. */
static void ip6_ns(struct pkt *p, const uint8_t src[16], const uint8_t target[16],
    const uint8_t *sll)
{
	uint8_t grp[16], gmac[6];
	size_t off;

	solicited(target, grp, gmac);
	off = ip6_begin(p, src, grp, 58, 255);
	put8(p, 135);
	put8(p, 0);
	put16(p, 0);
	put32(p, 0);
	put(p, target, 16);
	if (sll)
		lladdr_opt(p, 1, sll);
	ip6_end(p, off);
}

static void f_ns(struct pkt *p, const uint8_t smac[6], const uint8_t src[16],
    const uint8_t target[16], const uint8_t *sll)
{
	uint8_t grp[16], gmac[6];

	solicited(target, grp, gmac);
	eth(p, gmac, smac, 0x86dd);
	ip6_ns(p, src, target, sll);
}

static void ip6_na(struct pkt *p, const uint8_t src[16], const uint8_t target[16],
    const uint8_t *tll, uint8_t flags)
{
	uint8_t dst[16];
	size_t off;

	v6(dst, "ff02::1");
	off = ip6_begin(p, src, dst, 58, 255);
	put8(p, 136);
	put8(p, 0);
	put16(p, 0);
	put8(p, flags);
	zeros(p, 3);
	put(p, target, 16);
	if (tll)
		lladdr_opt(p, 2, tll);
	ip6_end(p, off);
}

/* An unsolicited override NA to all nodes: `smac` says `target` is at `tll`. */
static void f_na(struct pkt *p, const uint8_t smac[6], const uint8_t src[16],
    const uint8_t target[16], const uint8_t *tll)
{
	eth(p, MAC_ALLNODES, smac, 0x86dd);
	ip6_na(p, src, target, tll, 0x20);
}

static void ip6_ra(struct pkt *p, const uint8_t src[16], const uint8_t sll[6])
{
	uint8_t dst[16], pfx[16];
	size_t off;

	v6(dst, "ff02::1");
	v6(pfx, "2001:db8:bad::");
	off = ip6_begin(p, src, dst, 58, 255);
	put8(p, 134);
	put8(p, 0);
	put16(p, 0);
	put8(p, 64);     /* cur hop limit */
	put8(p, 0);      /* M/O */
	put16(p, 1800);  /* router lifetime */
	put32(p, 0);
	put32(p, 0);
	lladdr_opt(p, 1, sll);
	put8(p, 3); /* prefix information */
	put8(p, 4);
	put8(p, 64);
	put8(p, 0xc0);
	put32(p, 86400);
	put32(p, 14400);
	put32(p, 0);
	put(p, pfx, 16);
	ip6_end(p, off);
}

static void f_ra(struct pkt *p, const uint8_t smac[6], const uint8_t src[16])
{
	eth(p, MAC_ALLNODES, smac, 0x86dd);
	ip6_ra(p, src, smac);
}

static void f_rs(struct pkt *p, const uint8_t smac[6], const uint8_t src[16])
{
	uint8_t dst[16];
	static const uint8_t allrouters[6] = {0x33, 0x33, 0, 0, 0, 0x02};
	size_t off;

	v6(dst, "ff02::2");
	eth(p, allrouters, smac, 0x86dd);
	off = ip6_begin(p, src, dst, 58, 255);
	put8(p, 133);
	put8(p, 0);
	put16(p, 0);
	put32(p, 0);
	lladdr_opt(p, 1, smac);
	ip6_end(p, off);
}

/* MLDv2 report (RFC 3810 5.2) with one record, to ff02::16. */
static void ip6_mld2(struct pkt *p, const uint8_t src[16])
{
	uint8_t dst[16], grp[16];
	size_t off;

	v6(dst, "ff02::16");
	v6(grp, "ff02::1:ff00:1");
	off = ip6_begin(p, src, dst, 58, 1);
	put8(p, 143);
	put8(p, 0);
	put16(p, 0);
	put16(p, 0);
	put16(p, 1);  /* one record */
	put8(p, 4);   /* CHANGE_TO_EXCLUDE_MODE */
	put8(p, 0);   /* aux data len */
	put16(p, 0);  /* sources */
	put(p, grp, 16);
	ip6_end(p, off);
}

static void f_mld2(struct pkt *p, const uint8_t smac[6], const uint8_t src[16])
{
	eth(p, MAC_MLDV2, smac, 0x86dd);
	ip6_mld2(p, src);
}

/* ARP (RFC 826) for Ethernet/IPv4. */
static void f_arp(struct pkt *p, const uint8_t smac[6], uint16_t op,
    const uint8_t sha[6], const char *spa, const char *tpa)
{
	static const uint8_t zero[6];
	uint8_t a[4];

	eth(p, op == 1 ? MAC_BCAST : MAC_A, smac, 0x0806);
	put16(p, 1);
	put16(p, 0x0800);
	put8(p, 6);
	put8(p, 4);
	put16(p, op);
	put(p, sha, 6);
	v4(a, spa);
	put(p, a, 4);
	put(p, zero, 6);
	v4(a, tpa);
	put(p, a, 4);
}

static void f_udp4(struct pkt *p, const uint8_t smac[6], const uint8_t dmac[6],
    const char *src, const char *dst, uint16_t sport, uint16_t dport)
{
	size_t off;

	eth(p, dmac, smac, 0x0800);
	off = ip4_begin(p, src, dst, 17, 64);
	udp(p, sport, dport, 16);
	ip4_end(p, off);
}

static void f_ip4proto(struct pkt *p, const uint8_t smac[6],
    const uint8_t dmac[6], const char *src, const char *dst, uint8_t proto)
{
	size_t off;

	eth(p, dmac, smac, 0x0800);
	off = ip4_begin(p, src, dst, proto, 1);
	zeros(p, 24);
	ip4_end(p, off);
}

static void f_tcp6(struct pkt *p, const uint8_t smac[6], const uint8_t dmac[6],
    const uint8_t src[16], const uint8_t dst[16], uint16_t sport, uint16_t dport)
{
	size_t off;

	eth(p, dmac, smac, 0x86dd);
	off = ip6_begin(p, src, dst, 6, 64);
	tcp(p, sport, dport);
	ip6_end(p, off);
}

static void f_stp(struct pkt *p, const uint8_t smac[6])
{
	size_t start = llc(p, MAC_STP, smac, 0x42, 0x42, 0x03);

	zeros(p, 35); /* configuration BPDU */
	llc_end(p, start);
}

static void f_cdp(struct pkt *p, const uint8_t smac[6])
{
	size_t start = llc(p, MAC_CDP, smac, 0xaa, 0xaa, 0x03);

	put8(p, 0x00);
	put8(p, 0x00);
	put8(p, 0x0c);
	put16(p, 0x2000);
	put8(p, 2);  /* CDP version */
	put8(p, 180);
	put16(p, 0);
	zeros(p, 20);
	llc_end(p, start);
}

static void f_lldp(struct pkt *p, const uint8_t smac[6])
{
	eth(p, MAC_LLDP, smac, 0x88cc);
	put16(p, 0x0207); /* chassis id, 7 bytes */
	put8(p, 4);
	put(p, smac, 6);
	put16(p, 0x0000); /* end */
}

static void f_etype(struct pkt *p, const uint8_t smac[6], uint16_t type)
{
	eth(p, MAC_BCAST, smac, type);
	zeros(p, 46);
}

/* Pad to the Ethernet minimum and offer at T0 + sec (+ nsec). */
static void offer_w(struct engine *e, int64_t sec, uint32_t nsec, struct pkt *p)
{
	uint32_t len;

	if (p->n < 60)
		zeros(p, 60 - p->n);
	len = (uint32_t)p->n;
	engine_offer(e, 1, T0 + sec, nsec, p->b, len, len, 1);
}

static void offer(struct engine *e, int64_t sec, struct pkt *p)
{
	offer_w(e, sec, 0, p);
}

/* A MAC from index i: distinct for distinct i, locally administered,
 * unicast, and never holding the LAN prefixes (checked). */
static void random_mac(uint32_t i, uint8_t mac[6])
{
	uint32_t h = i * 2654435761u; /* odd multiplier: a bijection */

	h ^= h >> 15;
	h *= 0x2c1b3c6du; /* odd: still a bijection */
	h ^= h >> 12;
	mac[0] = 0x0a;
	mac[1] = 0x5e;
	mac[2] = (uint8_t)(h >> 24);
	mac[3] = (uint8_t)(h >> 16);
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}

/* ------------------------------------------------------------------ */
/* Reading the report                                                  */

static int alert_matches(json_t *a, const char *type, const char *mac,
    long long asn, const char *ip)
{
	json_t *v;

	if (strcmp(json_string_value(json_object_get(a, "type")), type) != 0)
		return 0;
	if (mac) {
		v = json_object_get(a, "mac");
		if (!json_is_string(v) || strcmp(json_string_value(v), mac) != 0)
			return 0;
	}
	if (asn != ANY_ASN) {
		v = json_object_get(a, "asnum");
		if (asn == NULL_ASN ? !json_is_null(v)
				    : !json_is_integer(v) || json_integer_value(v) != asn)
			return 0;
	}
	if (ip) {
		v = json_object_get(a, "ip");
		if (!json_is_string(v) || strcmp(json_string_value(v), ip) != 0)
			return 0;
	}
	return 1;
}

static size_t n_alerts(json_t *rep, const char *type, const char *mac,
    long long asn, const char *ip)
{
	json_t *a;
	size_t i, n = 0;

	json_array_foreach(json_object_get(rep, "alerts"), i, a)
		n += (size_t)alert_matches(a, type, mac, asn, ip);
	return n;
}

static json_t *find_alert(json_t *rep, const char *type, const char *mac,
    long long asn, const char *ip)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(rep, "alerts"), i, a)
		if (alert_matches(a, type, mac, asn, ip))
			return a;
	return NULL;
}

static void dump_alerts(json_t *rep)
{
	char *s = json_dumps(json_object_get(rep, "alerts"), JSON_INDENT(1));

	print_message("alerts: %s\n", s ? s : "?");
	free(s);
}

/* Exactly `want` alerts match; print the alerts when not. */
static void expect_n(json_t *rep, size_t want, const char *type,
    const char *mac, long long asn, const char *ip)
{
	size_t got = n_alerts(rep, type, mac, asn, ip);

	if (got != want) {
		dump_alerts(rep);
		fail_msg("%zu %s alert(s) (mac %s, asn %lld, ip %s), want %zu", got,
		    type, mac ? mac : "*", asn, ip ? ip : "*", want);
	}
}

/* The one matching alert; fails when there is not exactly one. */
static json_t *expect_one(json_t *rep, const char *type, const char *mac,
    long long asn, const char *ip)
{
	expect_n(rep, 1, type, mac, asn, ip);
	return find_alert(rep, type, mac, asn, ip);
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("no string \"%s\"", key);
	return json_string_value(v);
}

static long long num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("no integer \"%s\"", key);
	return (long long)json_integer_value(v);
}

/* The value at a dotted path (common/jget), which the report must have. */
static json_t *path(json_t *o, const char *p)
{
	o = jget(o, p);
	if (o == NULL)
		fail_msg("report has no %s", p);
	return o;
}

static long long pnum(json_t *o, const char *p)
{
	json_t *v = path(o, p);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", p);
	return (long long)json_integer_value(v);
}

static json_t *member(json_t *rep, long long asn)
{
	json_t *m;
	size_t i;

	json_array_foreach(json_object_get(rep, "members"), i, m)
		if (num(m, "asnum") == asn)
			return m;
	fail_msg("no member AS%lld in the report", asn);
	return NULL;
}

static void expect_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

static const char *fixture_dir(void)
{
	const char *d = getenv("IXMON_DETECTORS_DIR");

	return d ? d : "tests/detectors";
}

static void warn_fail(void *ctx, const char *where, const char *what)
{
	(void)ctx;
	print_message("registry warning: %s: %s\n", where, what);
	*(int *)ctx += 1;
}

static struct registry *load_w(const char *name, size_t want_members,
    int want_warnings)
{
	char file[512], err[256];
	struct registry *r;
	int warnings = 0;

	snprintf(file, sizeof(file), "%s/%s", fixture_dir(), name);
	r = reg_load(file, NULL, warn_fail, &warnings, err, sizeof(err));
	if (r == NULL) {
		print_message("%s\n", err);
		return NULL;
	}
	if (warnings != want_warnings || reg_count(r) != want_members) {
		print_message("%s: %d warnings, %zu members\n", file, warnings,
		    reg_count(r));
		reg_free(r);
		return NULL;
	}
	return r;
}

static struct registry *load(const char *name, size_t want_members)
{
	return load_w(name, want_members, 0);
}

static int group_setup(void **state)
{
	(void)state;
	g_reg = load("members.json", 4);
	g_reg4 = load("members-v4suffix.json", 4);
	/* one warning: the list has no MACs */
	g_nomac = load_w("members-nomac.json", 4, 1);
	return g_reg && g_reg4 && g_nomac ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	reg_free(g_reg);
	reg_free(g_reg4);
	reg_free(g_nomac);
	return 0;
}

static struct engine *new_engine(const struct ixm_config *cfg)
{
	struct ixm_config def;

	if (cfg == NULL) {
		cfg_defaults(&def);
		cfg = &def;
	}
	return engine_new_env(1, cfg, g_reg);
}

/* Report and free the engine; the caller json_decref()s the report. */
static json_t *finish(struct engine *e)
{
	json_t *rep = engine_report(e);

	engine_free(e);
	assert_non_null(rep);
	return rep;
}

/* ------------------------------------------------------------------ */
/* rogue_ra                                                            */

static void test_rogue_ra(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t lla[16], llx[16];
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	eui64_ll(lla, MAC_A);
	eui64_ll(llx, MAC_X);
	f_ra(&p, MAC_A, lla);
	offer(e, 0, &p);
	offer(e, 1, &p);
	f_ra(&p, MAC_X, llx);
	offer(e, 2, &p);
	rep = finish(e);

	a = expect_one(rep, "rogue_ra", S_MAC_A, 64501, NULL);
	assert_string_equal(str(a, "severity"), "critical");
	assert_int_equal(num(a, "count"), 2);
	assert_string_equal(str(a, "ip"), "fe80::ff:fe00:1");
	expect_contains(str(a, "detail"), "2001:db8:bad::/64");
	a = expect_one(rep, "rogue_ra", S_MAC_X, NULL_ASN, NULL);
	assert_string_equal(str(a, "severity"), "critical");
	expect_n(rep, 2, "rogue_ra", NULL, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "nd_arp.ra"), 3);
	json_decref(rep);
}

/* ------------------------------------------------------------------ */
/* nd_spoof                                                            */

static void test_nd_spoof_registered(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t a6[16], b6[16], lla[16], llb[16], llx[16];
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	eui64_ll(lla, MAC_A);
	eui64_ll(llb, MAC_B);
	eui64_ll(llx, MAC_X);
	/* the owner claiming its own address is fine */
	f_na(&p, MAC_B, llb, b6, MAC_B);
	offer(e, 0, &p);
	f_ns(&p, MAC_B, b6, a6, MAC_B);
	offer(e, 1, &p);
	/* member A's MAC claims B's address: NA target, then NS source */
	f_na(&p, MAC_A, lla, b6, MAC_A);
	offer(e, 2, &p);
	f_ns(&p, MAC_A, b6, a6, MAC_A);
	offer(e, 3, &p);
	/* an unknown MAC claims it, and B goes on talking: two MACs, one address */
	f_na(&p, MAC_X, llx, b6, MAC_X);
	offer(e, 4, &p);
	f_ns(&p, MAC_B, b6, a6, MAC_B);
	offer(e, 5, &p);
	rep = finish(e);

	/* a member's MAC with another member's address: its own finding */
	a = expect_one(rep, "mac_mismatch", S_MAC_A, 64501, S_V6_B);
	assert_string_equal(str(a, "severity"), "warning");
	assert_int_equal(num(a, "count"), 2);
	expect_contains(str(a, "detail"), "AS64502");
	a = expect_one(rep, "nd_spoof", S_MAC_X, NULL_ASN, S_V6_B);
	assert_string_equal(str(a, "severity"), "critical");
	expect_contains(str(a, "detail"), "AS64502");
	/* the victim is never blamed */
	expect_n(rep, 0, "nd_spoof", NULL, 64502, NULL);
	expect_n(rep, 0, "nd_spoof", S_MAC_B, ANY_ASN, NULL);
	expect_n(rep, 1, "nd_spoof", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "mac_changed", NULL, ANY_ASN, NULL);
	/* a claim on another member's address is not also a foreign source */
	expect_n(rep, 0, "nd_foreign_source", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

static void test_nd_spoof_unregistered(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t t[16], llp[16], llq[16];
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	v6(t, "2001:db8:7f8::77");
	eui64_ll(llp, MAC_P);
	eui64_ll(llq, MAC_Q);
	f_na(&p, MAC_P, llp, t, MAC_P); /* first claim: P owns it */
	offer(e, 0, &p);
	offer(e, 1, &p);
	f_na(&p, MAC_Q, llq, t, MAC_Q); /* then Q */
	offer(e, 2, &p);
	f_na(&p, MAC_P, llp, t, MAC_P); /* P again: still the owner */
	offer(e, 3, &p);
	rep = finish(e);

	a = expect_one(rep, "nd_spoof", S_MAC_Q, NULL_ASN, "2001:db8:7f8::77");
	expect_contains(str(a, "detail"), S_MAC_P);
	expect_n(rep, 0, "nd_spoof", S_MAC_P, ANY_ASN, NULL);
	expect_n(rep, 1, "nd_spoof", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

static void test_nd_eui64_owner_wins(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t llq[16], llp[16];
	struct pkt p;
	json_t *rep, *a;
	char ip[INET6_ADDRSTRLEN];

	(void)state;
	eui64_ll(llq, MAC_Q); /* Q's link-local, built from Q's MAC */
	eui64_ll(llp, MAC_P);
	inet_ntop(AF_INET6, llq, ip, sizeof(ip));
	/* P claims Q's link-local first, then Q (its EUI-64 owner): no alert */
	f_na(&p, MAC_P, llp, llq, MAC_P);
	offer(e, 0, &p);
	f_na(&p, MAC_Q, llq, llq, MAC_Q);
	offer(e, 1, &p);
	f_ns(&p, MAC_Q, llq, llp, MAC_Q);
	offer(e, 2, &p);
	rep = engine_report(e);
	expect_n(rep, 0, "nd_spoof", S_MAC_Q, ANY_ASN, NULL);
	expect_n(rep, 0, "ip_outside_lan", NULL, ANY_ASN, NULL);
	json_decref(rep);
	engine_free(e);

	/* the other way round: Q first, P after -> P is the spoofer */
	e = new_engine(NULL);
	f_na(&p, MAC_Q, llq, llq, MAC_Q);
	offer(e, 0, &p);
	f_na(&p, MAC_P, llp, llq, MAC_P);
	offer(e, 1, &p);
	rep = finish(e);
	a = expect_one(rep, "nd_spoof", S_MAC_P, NULL_ASN, ip);
	expect_contains(str(a, "detail"), "derived");
	expect_n(rep, 0, "nd_spoof", S_MAC_Q, ANY_ASN, NULL);
	json_decref(rep);
}

static void test_nd_spoof_dad(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t t[16], unspec[16] = {0}, llp[16], llq[16];
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	v6(t, "2001:db8:7f8::55");
	eui64_ll(llp, MAC_P);
	eui64_ll(llq, MAC_Q);
	/* P probes for T (DAD: NS from ::, no SLL), Q answers 3 s later */
	f_ns(&p, MAC_P, unspec, t, NULL);
	offer(e, 10, &p);
	f_na(&p, MAC_Q, llq, t, MAC_Q);
	offer(e, 13, &p);
	rep = finish(e);
	a = expect_one(rep, "nd_spoof", S_MAC_Q, NULL_ASN, "2001:db8:7f8::55");
	assert_string_equal(str(a, "severity"), "critical");
	expect_contains(str(a, "detail"), "duplicate address detection");
	expect_n(rep, 0, "nd_spoof", S_MAC_P, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "nd_arp.ns_dad"), 1);
	json_decref(rep);

	/* the prober's own announcement right after its DAD is no spoof */
	e = new_engine(NULL);
	f_ns(&p, MAC_P, unspec, t, NULL);
	offer(e, 10, &p);
	f_na(&p, MAC_P, llp, t, MAC_P);
	offer(e, 11, &p);
	rep = finish(e);
	expect_n(rep, 0, "nd_spoof", NULL, ANY_ASN, NULL);
	json_decref(rep);

	/* more than 5 s after the probe, an NA is an ordinary first claim */
	e = new_engine(NULL);
	f_ns(&p, MAC_P, unspec, t, NULL);
	offer(e, 10, &p);
	f_na(&p, MAC_Q, llq, t, MAC_Q);
	offer(e, 16, &p);
	rep = finish(e);
	expect_n(rep, 0, "nd_spoof", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

/*
 * A registered member defending its own address against someone else's
 * DAD probe is not an nd_spoof (this was a bug: the owner was blamed).  Unknown MAC X sends a DAD
 * probe (NS from ::) for B's registered 2001:db8:7f8::a506:4502:1 and B
 * answers from its registered MAC with an NA for its own address (RFC 4862
 * 5.4.3: exactly what a node that owns the address must do).  an_nd.c
 * raises a critical nd_spoof keyed on B's MAC with asnum 64502 ("answered
 * the duplicate address detection of ..."), before even asking whether the
 * claimer owns the target.  docs/detectors.md defines nd_spoof as a claim
 * on an address registered to *another* member (or to no one, from a MAC
 * that is not the owner); B's NA is neither.  The DAD check should apply
 * only when the answering MAC is not the target's registered owner (nor,
 * for an unregistered target, its established owner).
 */
static void test_nd_dad_owner_defends(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t b6[16], unspec[16] = {0}, llb[16];
	struct pkt p;
	json_t *rep;
	size_t n;

	(void)state;
	v6(b6, S_V6_B);
	eui64_ll(llb, MAC_B);
	f_ns(&p, MAC_X, unspec, b6, NULL);
	offer(e, 0, &p);
	f_na(&p, MAC_B, llb, b6, MAC_B);
	offer(e, 1, &p);
	rep = finish(e);
	n = n_alerts(rep, "nd_spoof", S_MAC_B, 64502, S_V6_B);
	if (getenv("IXMON_TEST_VERBOSE"))
		dump_alerts(rep);
	json_decref(rep);
	assert_int_equal(n, 0);
}

/* ------------------------------------------------------------------ */
/* arp_spoof, ARP probes                                               */

static void test_arp_spoof(void **state)
{
	struct engine *e = new_engine(NULL);
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	f_arp(&p, MAC_B, 2, MAC_B, "192.0.2.2", "192.0.2.1"); /* the owner */
	offer(e, 0, &p);
	f_arp(&p, MAC_A, 2, MAC_A, "192.0.2.2", "192.0.2.3"); /* A claims B's */
	offer(e, 1, &p);
	f_arp(&p, MAC_X, 1, MAC_X, "192.0.2.2", "192.0.2.3"); /* unknown claims B's */
	offer(e, 2, &p);
	f_arp(&p, MAC_B, 1, MAC_B, "192.0.2.2", "192.0.2.1"); /* while B talks */
	offer(e, 3, &p);
	/* an unregistered address: first P, then Q */
	f_arp(&p, MAC_P, 1, MAC_P, "192.0.2.77", "192.0.2.1");
	offer(e, 3, &p);
	f_arp(&p, MAC_Q, 2, MAC_Q, "192.0.2.77", "192.0.2.1");
	offer(e, 4, &p);
	rep = finish(e);

	a = expect_one(rep, "mac_mismatch", S_MAC_A, 64501, "192.0.2.2");
	expect_contains(str(a, "detail"), "AS64502");
	a = expect_one(rep, "arp_spoof", S_MAC_X, NULL_ASN, "192.0.2.2");
	assert_string_equal(str(a, "severity"), "critical");
	expect_contains(str(a, "detail"), "AS64502");
	expect_one(rep, "arp_spoof", S_MAC_Q, NULL_ASN, "192.0.2.77");
	expect_n(rep, 0, "arp_spoof", NULL, 64502, NULL);
	expect_n(rep, 0, "arp_spoof", S_MAC_P, ANY_ASN, NULL);
	expect_n(rep, 2, "arp_spoof", NULL, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "nd_arp.arp_reply"), 3);
	assert_int_equal(pnum(rep, "nd_arp.arp_request"), 3);
	json_decref(rep);
}

static void test_arp_probe_claims_nothing(void **state)
{
	struct engine *e = new_engine(NULL);
	struct pkt p;
	json_t *rep;

	(void)state;
	/* RFC 5227 probes from 0.0.0.0 for B's address and a free one */
	f_arp(&p, MAC_X, 1, MAC_X, "0.0.0.0", "192.0.2.2");
	offer(e, 0, &p);
	f_arp(&p, MAC_P, 1, MAC_P, "0.0.0.0", "192.0.2.77");
	offer(e, 1, &p);
	/* so Q's claim of the free one is the first claim */
	f_arp(&p, MAC_Q, 2, MAC_Q, "192.0.2.77", "192.0.2.1");
	offer(e, 2, &p);
	rep = finish(e);
	expect_n(rep, 0, "arp_spoof", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "ip_outside_lan", NULL, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "nd_arp.arp_request"), 2);
	json_decref(rep);
}

/* ------------------------------------------------------------------ */
/* nd_foreign_source, ip_outside_lan                                   */

static void test_nd_foreign_source(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t a6[16], b6[16], lla[16], dead[16];
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	v6(dead, "2001:db8:7f8::dead");
	eui64_ll(lla, MAC_A);
	f_ns(&p, MAC_A, a6, b6, MAC_A);   /* its own address: fine */
	offer(e, 0, &p);
	f_ns(&p, MAC_A, lla, b6, MAC_A);  /* link-local: fine */
	offer(e, 1, &p);
	f_ns(&p, MAC_A, dead, b6, MAC_A); /* nobody's global address */
	offer(e, 2, &p);
	offer(e, 3, &p);
	rep = finish(e);
	a = expect_one(rep, "nd_foreign_source", S_MAC_A, 64501, "2001:db8:7f8::dead");
	assert_string_equal(str(a, "severity"), "warning");
	assert_int_equal(num(a, "count"), 2);
	expect_n(rep, 1, "nd_foreign_source", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "nd_spoof", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

/* The one alert of `type` from `mac` with subject `subject`. */
static json_t *expect_subject(json_t *rep, const char *type, const char *mac,
    long long asn, const char *subject)
{
	json_t *a, *found = NULL;
	size_t i, n = 0;

	json_array_foreach(json_object_get(rep, "alerts"), i, a)
		if (alert_matches(a, type, mac, asn, NULL) &&
		    json_is_string(json_object_get(a, "subject")) &&
		    strcmp(str(a, "subject"), subject) == 0) {
			found = a;
			n++;
		}
	if (n != 1) {
		dump_alerts(rep);
		fail_msg("%zu %s alerts from %s with subject %s, want 1", n, type,
		    mac ? mac : "*", subject);
	}
	return found;
}

static void test_ip_outside_lan(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t lla[16], out6[16], out6b[16], ll99[16];
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	eui64_ll(lla, MAC_A);
	v6(out6, "2001:db8:ffff::1");
	v6(out6b, "2001:db8:ffff::2");
	v6(ll99, "fe80::99");
	f_arp(&p, MAC_A, 1, MAC_A, "192.0.2.1", "198.51.100.1");
	offer(e, 0, &p);
	f_arp(&p, MAC_A, 1, MAC_A, "192.0.2.1", "198.51.100.2"); /* same alert */
	offer(e, 1, &p);
	f_arp(&p, MAC_A, 1, MAC_A, "192.0.2.1", "192.0.2.2"); /* inside */
	offer(e, 2, &p);
	f_ns(&p, MAC_A, lla, out6, MAC_A);
	offer(e, 3, &p);
	f_ns(&p, MAC_A, lla, out6b, MAC_A);
	offer(e, 4, &p);
	f_ns(&p, MAC_A, lla, ll99, MAC_A); /* link-local target: never */
	offer(e, 5, &p);
	f_na(&p, MAC_A, lla, lla, MAC_A);  /* link-local target and source */
	offer(e, 6, &p);
	rep = finish(e);
	/* one alert per source and protocol; the first address in the detail */
	a = expect_subject(rep, "ip_outside_lan", S_MAC_A, 64501, "ARP");
	assert_string_equal(str(a, "severity"), "warning");
	assert_int_equal(num(a, "count"), 2);
	expect_contains(str(a, "detail"), "198.51.100.1");
	a = expect_subject(rep, "ip_outside_lan", S_MAC_A, 64501, "ND");
	assert_int_equal(num(a, "count"), 2);
	expect_contains(str(a, "detail"), "2001:db8:ffff::1");
	expect_n(rep, 2, "ip_outside_lan", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

/* ------------------------------------------------------------------ */
/* Floods                                                              */

/* `n` NS from member A within one minute; report. */
static json_t *nd_burst(uint32_t n)
{
	struct engine *e = new_engine(NULL);
	uint8_t lla[16], b6[16];
	struct pkt p;
	uint32_t i;

	eui64_ll(lla, MAC_A);
	v6(b6, S_V6_B);
	f_ns(&p, MAC_A, lla, b6, MAC_A);
	for (i = 0; i < n; i++)
		offer_w(e, (int64_t)(i / 20), (i % 20) * 50000000u, &p);
	return finish(e);
}

static void test_nd_flood_per_mac(void **state)
{
	struct ixm_config cfg;
	json_t *rep, *a;

	(void)state;
	cfg_defaults(&cfg);
	assert_int_equal(cfg.nd_per_minute_per_mac, 600);
	rep = nd_burst(cfg.nd_per_minute_per_mac); /* exactly at: no alert */
	expect_n(rep, 0, "nd_flood", NULL, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "nd_arp.ns"), 600);
	json_decref(rep);

	rep = nd_burst(cfg.nd_per_minute_per_mac + 1);
	a = expect_one(rep, "nd_flood", S_MAC_A, 64501, NULL);
	assert_string_equal(str(a, "severity"), "warning");
	assert_int_equal(num(a, "count"), 1);
	expect_n(rep, 1, "nd_flood", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

/* `n` DAD probes, each from its own random MAC, within one minute. */
static json_t *nd_random_burst(uint32_t n)
{
	struct engine *e = new_engine(NULL);
	uint8_t unspec[16] = {0}, t[16], mac[6];
	struct pkt p;
	uint32_t i;

	v6(t, "2001:db8:7f8::1:0");
	for (i = 0; i < n; i++) {
		random_mac(i, mac);
		t[14] = (uint8_t)(i >> 8);
		t[15] = (uint8_t)i;
		f_ns(&p, mac, unspec, t, NULL);
		offer_w(e, (int64_t)(i / 200), (i % 200) * 5000000u, &p);
	}
	return finish(e);
}

static void test_nd_flood_lan_random_macs(void **state)
{
	json_t *rep, *a;

	(void)state;
	rep = nd_random_burst(6000); /* thresholds.nd_per_minute_lan */
	expect_n(rep, 0, "nd_flood", NULL, ANY_ASN, NULL);
	json_decref(rep);

	rep = nd_random_burst(6001);
	expect_n(rep, 1, "nd_flood", NULL, ANY_ASN, NULL);
	a = find_alert(rep, "nd_flood", NULL, NULL_ASN, NULL);
	assert_non_null(a);
	assert_true(json_is_null(json_object_get(a, "mac")));
	assert_string_equal(str(a, "subject"), "lan-wide");
	assert_string_equal(str(a, "severity"), "critical");
	json_decref(rep);
}

static json_t *mld_burst(uint32_t n)
{
	struct engine *e = new_engine(NULL);
	uint8_t lla[16];
	struct pkt p;
	uint32_t i;

	eui64_ll(lla, MAC_A);
	f_mld2(&p, MAC_A, lla);
	for (i = 0; i < n; i++)
		offer(e, i / 2, &p);
	return finish(e);
}

static void test_mld_flood(void **state)
{
	json_t *rep, *a;

	(void)state;
	rep = mld_burst(60);
	expect_n(rep, 0, "mld_flood", NULL, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "nd_arp.mld_report"), 60);
	json_decref(rep);

	rep = mld_burst(61);
	a = expect_one(rep, "mld_flood", S_MAC_A, 64501, NULL);
	assert_string_equal(str(a, "severity"), "warning");
	json_decref(rep);
}

/* `n` ARP requests from 8 unknown MACs (at most 500 each) in one minute. */
static json_t *arp_burst(uint32_t n)
{
	struct engine *e = new_engine(NULL);
	uint8_t mac[6];
	char spa[32];
	struct pkt p;
	uint32_t i;

	for (i = 0; i < n; i++) {
		random_mac(i % 8, mac);
		snprintf(spa, sizeof(spa), "192.0.2.%u", 100 + i % 8);
		f_arp(&p, mac, 1, mac, spa, "192.0.2.1");
		offer_w(e, (int64_t)(i / 100), (i % 100) * 10000000u, &p);
	}
	return finish(e);
}

static void test_arp_flood_lan(void **state)
{
	struct ixm_config cfg;
	json_t *rep, *a;

	(void)state;
	cfg_defaults(&cfg);
	assert_int_equal(cfg.arp_per_minute_lan, 4000);
	rep = arp_burst(4000);
	expect_n(rep, 0, "arp_flood", NULL, ANY_ASN, NULL);
	json_decref(rep);

	rep = arp_burst(4001);
	expect_n(rep, 1, "arp_flood", NULL, ANY_ASN, NULL);
	a = find_alert(rep, "arp_flood", NULL, NULL_ASN, NULL);
	assert_non_null(a);
	assert_string_equal(str(a, "subject"), "lan-wide");
	assert_string_equal(str(a, "severity"), "critical");
	assert_true(json_is_null(json_object_get(a, "mac")));
	expect_n(rep, 0, "arp_spoof", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

/* ------------------------------------------------------------------ */
/* MAC anomalies                                                       */

static void test_mac_invalid_source(void **state)
{
	static const uint8_t group[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
	static const uint8_t zero[6];
	struct engine *e = new_engine(NULL);
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	f_udp4(&p, group, MAC_B, "192.0.2.200", "192.0.2.2", 1000, 2000);
	offer(e, 0, &p);
	f_udp4(&p, zero, MAC_B, "192.0.2.201", "192.0.2.2", 1000, 2000);
	offer(e, 1, &p);
	offer(e, 2, &p);
	rep = finish(e);
	a = expect_one(rep, "mac_invalid_source", "01:00:5e:00:00:01", NULL_ASN, NULL);
	expect_contains(str(a, "detail"), "group");
	a = expect_one(rep, "mac_invalid_source", "00:00:00:00:00:00", NULL_ASN, NULL);
	assert_int_equal(num(a, "count"), 2);
	expect_contains(str(a, "detail"), "all zero");
	expect_n(rep, 0, "mac_unknown", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

static void test_mac_unknown(void **state)
{
	struct engine *e = new_engine(NULL);
	struct pkt p;
	json_t *rep, *a;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		f_udp4(&p, MAC_X, MAC_B, "192.0.2.200", "192.0.2.2", 1000, 2000);
		offer(e, i, &p);
	}
	for (i = 0; i < 2; i++) {
		f_udp4(&p, MAC_P, MAC_B, "192.0.2.201", "192.0.2.2", 1000, 2000);
		offer(e, 10 + i, &p);
	}
	for (i = 0; i < 4; i++) {
		f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1000, 2000);
		offer(e, 20 + i, &p);
	}
	rep = finish(e);
	a = expect_one(rep, "mac_unknown", S_MAC_X, NULL_ASN, NULL);
	assert_int_equal(num(a, "count"), 3);
	assert_string_equal(str(a, "severity"), "warning");
	a = expect_one(rep, "mac_unknown", S_MAC_P, NULL_ASN, NULL);
	assert_int_equal(num(a, "count"), 2);
	expect_n(rep, 2, "mac_unknown", NULL, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "mac_table.unknown_traffic.frames"), 5);
	assert_int_equal(pnum(rep, "mac_table.entries"), 3);
	json_decref(rep);
}

static void test_mac_flood(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t mac[6];
	struct pkt p;
	json_t *rep, *a;
	uint32_t i;

	(void)state;
	cfg_defaults(&cfg);
	cfg.max_macs = 1024;
	e = engine_new_env(1, &cfg, g_reg);
	for (i = 0; i < 10000; i++) {
		random_mac(i, mac);
		f_udp4(&p, mac, MAC_B, "192.0.2.200", "192.0.2.2", 1000, 2000);
		offer_w(e, (int64_t)(i / 200), (i % 200) * 5000000u, &p);
	}
	rep = finish(e);

	a = expect_one(rep, "mac_flood", NULL, NULL_ASN, NULL);
	assert_string_equal(str(a, "severity"), "critical");
	assert_string_equal(str(a, "subject"), "lan-wide");
	assert_int_equal(num(a, "count"), 10000);
	assert_int_equal(json_array_size(json_object_get(a, "sample_macs")), 8);
	/* every random MAC's unknown-MAC alert folds into one, the first ones too */
	a = expect_one(rep, "mac_unknown", NULL, NULL_ASN, NULL);
	assert_true(json_object_get(a, "folded") == json_true());
	assert_int_equal(num(a, "count"), 10000 - 1024 + 1024); /* every frame */
	assert_true(pnum(rep, "mac_table.entries") <= 1024);
	assert_true(pnum(rep, "mac_table.evicted") > 0);
	assert_int_equal(pnum(rep, "mac_table.entries") + pnum(rep, "mac_table.evicted"),
	    10000);
	assert_int_equal(pnum(rep, "mac_table.flood_macs"), 10000);
	/* the flood and the folded unknown MACs, besides v6_silent members */
	assert_int_equal(json_array_size(json_object_get(rep, "alerts")) -
	    n_alerts(rep, "v6_silent", NULL, ANY_ASN, NULL), 2);
	expect_n(rep, 0, "mac_misaligned", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "mac_invalid_source", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

static void test_mac_mismatch(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t a6[16], b6[16];
	struct pkt p;
	json_t *rep, *a;

	(void)state;
	f_udp4(&p, MAC_B, MAC_C, "192.0.2.2", "192.0.2.3", 1000, 2000); /* fine */
	offer(e, 0, &p);
	f_udp4(&p, MAC_A, MAC_C, "192.0.2.2", "192.0.2.3", 1000, 2000); /* A uses B's */
	offer(e, 1, &p);
	f_udp4(&p, MAC_X, MAC_C, "192.0.2.2", "192.0.2.3", 1000, 2000); /* unknown */
	offer(e, 2, &p);
	f_udp4(&p, MAC_B, MAC_C, "192.0.2.2", "192.0.2.3", 1000, 2000); /* B goes on */
	offer(e, 3, &p);
	f_udp4(&p, MAC_X, MAC_C, "192.0.2.2", "192.0.2.3", 1000, 2000); /* X again */
	offer(e, 3, &p);
	f_udp4(&p, MAC_C, MAC_B, "192.0.2.3", "192.0.2.2", 1000, 2000); /* C's own */
	offer(e, 3, &p);
	rep = finish(e);
	/* member A's MAC: a warning naming A and B; the stranger: critical */
	a = expect_one(rep, "mac_mismatch", S_MAC_A, 64501, "192.0.2.2");
	assert_string_equal(str(a, "severity"), "warning");
	assert_string_equal(str(a, "kind"), "condition");
	assert_int_equal(num(a, "count"), 1);
	expect_contains(str(a, "detail"), "AS64502");
	expect_contains(str(a, "detail"), "AS64501");
	a = expect_one(rep, "mac_mismatch", S_MAC_X, NULL_ASN, "192.0.2.2");
	assert_string_equal(str(a, "severity"), "critical");
	assert_int_equal(num(a, "count"), 2);
	expect_contains(str(a, "detail"), "AS64502");
	expect_n(rep, 2, "mac_mismatch", NULL, ANY_ASN, NULL);
	/*
	 * B's traffic stays B's: a stranger's first frame from B's address
	 * cannot be told from a new router's when it comes, the ones after
	 * B spoke again are not B's.
	 */
	assert_int_equal(pnum(member(rep, 64502), "traffic.ipv4.frames"), 3);
	json_decref(rep);

	/* IPv6 the same way: A sends TCP from B's registered IPv6 */
	e = new_engine(NULL);
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	f_tcp6(&p, MAC_A, MAC_C, b6, a6, 179, 54321);
	offer(e, 0, &p);
	rep = finish(e);
	a = expect_one(rep, "mac_mismatch", S_MAC_A, 64501, S_V6_B);
	expect_contains(str(a, "detail"), S_MAC_A);
	json_decref(rep);
}

static void test_mac_multiple(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	struct pkt p;
	json_t *rep, *a, *seen;

	(void)state;
	/* Delta registered two MACs: both in use is what it registered */
	e = new_engine(NULL);
	f_udp4(&p, MAC_D, MAC_B, "192.0.2.4", "192.0.2.2", 1000, 2000);
	offer(e, 0, &p);
	f_udp4(&p, MAC_D2, MAC_B, "192.0.2.4", "192.0.2.2", 1000, 2000);
	offer(e, 1, &p);
	rep = finish(e);
	expect_n(rep, 0, "mac_multiple", NULL, ANY_ASN, NULL);
	seen = path(member(rep, 64504), "macs.seen");
	assert_int_equal(json_array_size(seen), 2);
	json_decref(rep);

	/* ... but policy.macs_per_member = 1 (one MAC per port) does not */
	cfg_defaults(&cfg);
	cfg.macs_per_member = 1;
	e = engine_new_env(1, &cfg, g_reg);
	f_udp4(&p, MAC_D, MAC_B, "192.0.2.4", "192.0.2.2", 1000, 2000);
	offer(e, 0, &p);
	f_udp4(&p, MAC_D2, MAC_B, "192.0.2.4", "192.0.2.2", 1000, 2000);
	offer(e, 1, &p);
	rep = finish(e);
	a = expect_one(rep, "mac_multiple", NULL, 64504, NULL);
	assert_string_equal(str(a, "severity"), "warning");
	assert_string_equal(str(a, "kind"), "condition");
	expect_contains(str(a, "detail"), S_MAC_D2);
	json_decref(rep);
}

/* A bare IPv6 packet (no L2 header) from A's to B's address. */
static void bare_ipv6(struct pkt *p, uint8_t proto, uint16_t sport,
    uint16_t dport)
{
	uint8_t a6[16], b6[16];
	size_t off;

	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	p->n = 0;
	off = ip6_begin(p, a6, b6, proto, 64);
	if (proto == 6)
		tcp(p, sport, dport);
	else
		udp(p, sport, dport, 24);
	ip6_end(p, off);
}

/* Insert an 802.1Q tag after byte 12, as a switch on the way would. */
static void insert_tag(struct pkt *p, uint16_t vid)
{
	uint8_t tag[4] = {0x81, 0x00, (uint8_t)(vid >> 8), (uint8_t)vid};

	memmove(p->b + 16, p->b + 12, p->n - 12);
	memcpy(p->b + 12, tag, 4);
	p->n += 4;
}

static void check_misaligned_addrs(json_t *rep, const char *mac,
    const char *l4, const char *src, const char *dst)
{
	json_t *a = expect_one(rep, "mac_misaligned", mac, 64501, NULL);
	const char *d = str(a, "detail");

	assert_string_equal(str(a, "severity"), "warning");
	expect_contains(d, "AS64501");
	expect_contains(d, "AS64502");
	expect_contains(d, src);
	expect_contains(d, dst);
	expect_contains(d, l4);
	expect_n(rep, 0, "forbidden_ethertype", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "forbidden_protocol", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "mac_unknown", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "mac_invalid_source", NULL, ANY_ASN, NULL);
}

static void check_misaligned(json_t *rep, const char *mac, const char *l4)
{
	check_misaligned_addrs(rep, mac, l4, S_V6_A, S_V6_B);
}

static void test_mac_misaligned(void **state)
{
	struct engine *e;
	struct pkt p;
	json_t *rep;

	(void)state;
	/* TCP: the "source MAC" is 06:40:20:01:0d:b8 */
	e = new_engine(NULL);
	bare_ipv6(&p, 6, 54321, 179);
	offer(e, 0, &p);
	rep = finish(e);
	check_misaligned(rep, "06:40:20:01:0d:b8", "TCP 54321 -> 179 (BGP)");
	json_decref(rep);

	/* the same with an 802.1Q tag after byte 12 */
	e = new_engine(NULL);
	bare_ipv6(&p, 6, 54321, 179);
	insert_tag(&p, 100);
	offer(e, 0, &p);
	rep = finish(e);
	check_misaligned(rep, "06:40:20:01:0d:b8", "TCP 54321 -> 179 (BGP)");
	json_decref(rep);

	/* UDP (BFD): next header 17 sets the group bit of the "MAC" */
	e = new_engine(NULL);
	bare_ipv6(&p, 17, 49152, 3784);
	offer(e, 0, &p);
	rep = finish(e);
	check_misaligned(rep, "11:40:20:01:0d:b8", "UDP 49152 -> 3784 (BFD)");
	json_decref(rep);

	/*
	 * A bare IPv4 packet: the "ethertype" is the first half of the source
	 * address (0xc000 for 192.0.2.0/24); the "source MAC" is TTL, protocol
	 * and checksum.
	 */
	e = new_engine(NULL);
	{
		size_t off;
		char mac[18];

		p.n = 0;
		off = ip4_begin(&p, "192.0.2.1", "192.0.2.2", 6, 64);
		tcp(&p, 54321, 179);
		ip4_end(&p, off);
		assert_int_equal(p.b[12] << 8 | p.b[13], 0xc000);
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", p.b[6],
		    p.b[7], p.b[8], p.b[9], p.b[10], p.b[11]);
		offer(e, 0, &p);
		rep = finish(e);
		check_misaligned_addrs(rep, mac, "TCP 54321 -> 179 (BGP)",
		    "192.0.2.1", "192.0.2.2");
		json_decref(rep);
	}
}

/* ------------------------------------------------------------------ */
/* Policy                                                              */

static void test_forbidden(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t lla[16];
	struct pkt p;
	json_t *rep, *a;
	static const char *const protos[] = {"STP", "CDP", "LLDP", "OSPF",
	    "DHCP", "MLDv2", "ND router solicitation"};
	size_t i;

	(void)state;
	eui64_ll(lla, MAC_A);
	f_etype(&p, MAC_A, 0x88b5);
	offer(e, 0, &p);
	f_stp(&p, MAC_A);
	offer(e, 1, &p);
	f_cdp(&p, MAC_A);
	offer(e, 2, &p);
	f_lldp(&p, MAC_A);
	offer(e, 3, &p);
	f_ip4proto(&p, MAC_A, MAC_OSPF, "192.0.2.1", "224.0.0.5", 89);
	offer(e, 4, &p);
	f_udp4(&p, MAC_A, MAC_BCAST, "0.0.0.0", "255.255.255.255", 68, 67);
	offer(e, 5, &p);
	f_mld2(&p, MAC_A, lla);
	offer(e, 6, &p);
	f_rs(&p, MAC_A, lla);
	offer(e, 7, &p);
	f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1000, 2000); /* fine */
	offer(e, 8, &p);
	rep = finish(e);

	a = expect_one(rep, "forbidden_ethertype", S_MAC_A, 64501, NULL);
	assert_string_equal(str(a, "subject"), "0x88b5");
	expect_n(rep, 1, "forbidden_ethertype", NULL, ANY_ASN, NULL);
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		json_t *x;
		size_t j, n = 0;

		json_array_foreach(json_object_get(rep, "alerts"), j, x)
			if (alert_matches(x, "forbidden_protocol", S_MAC_A, 64501, NULL) &&
			    json_is_string(json_object_get(x, "subject")) &&
			    strcmp(str(x, "subject"), protos[i]) == 0)
				n++;
		if (n != 1) {
			dump_alerts(rep);
			fail_msg("%zu forbidden_protocol alerts for %s", n, protos[i]);
		}
	}
	expect_n(rep, sizeof(protos) / sizeof(protos[0]), "forbidden_protocol",
	    NULL, ANY_ASN, NULL);
	json_decref(rep);
}

static void test_policy_allows(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t lla[16];
	struct pkt p;
	json_t *rep, *conf;
	json_error_t jerr;

	(void)state;
	eui64_ll(lla, MAC_A);
	cfg_defaults(&cfg);
	conf = json_loads("{\"policy\": {\"allow_lldp\": true, \"allow_mld\": true}}",
	    0, &jerr);
	assert_non_null(conf);
	assert_int_equal(cfg_apply_json(conf, &cfg, NULL, NULL), 0);
	json_decref(conf);
	assert_int_equal(cfg.allow_lldp, 1);
	assert_int_equal(cfg.allow_mld, 1);
	e = engine_new_env(1, &cfg, g_reg);
	f_lldp(&p, MAC_A);
	offer(e, 0, &p);
	f_mld2(&p, MAC_A, lla);
	offer(e, 1, &p);
	rep = finish(e);
	expect_n(rep, 0, "forbidden_protocol", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "forbidden_ethertype", NULL, ANY_ASN, NULL);
	json_decref(rep);
}

/* ------------------------------------------------------------------ */
/* Per-member IPv6 status                                              */

static void test_v6_status(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t a6[16], b6[16], c6[16], llc[16], zero[16] = {0};
	struct pkt p;
	json_t *rep, *m, *a;

	(void)state;
	cfg_defaults(&cfg);
	cfg.scheme = CFG_SCHEME_ASN;
	cfg.scheme_suffix = 1;
	e = new_engine(&cfg);
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	v6(c6, "2001:db8:7f8::a506:4503:1");
	eui64_ll(llc, MAC_C);
	f_tcp6(&p, MAC_A, MAC_B, a6, b6, 54321, 179);      /* A: active */
	offer(e, 0, &p);
	f_ns(&p, MAC_C, llc, a6, MAC_C);                   /* C: unregistered */
	offer(e, 1, &p);
	f_tcp6(&p, MAC_C, MAC_A, c6, a6, 179, 54321);
	offer(e, 2, &p);
	offer(e, 3, &p);
	f_udp4(&p, MAC_B, MAC_A, "192.0.2.2", "192.0.2.1", 1, 2); /* B: v4 only */
	offer(e, 3, &p);
	f_arp(&p, MAC_D, 1, MAC_D, "192.0.2.4", "192.0.2.1");     /* D: link-local only */
	offer(e, 4, &p);
	f_ns(&p, MAC_D, zero, a6, MAC_D);                         /* DAD from :: */
	offer(e, 4, &p);
	f_mld2(&p, MAC_D, zero);
	offer(e, 4, &p);
	rep = finish(e);

	m = member(rep, 64501);
	assert_string_equal(str(path(m, "ipv6"), "status"), "active");
	assert_string_equal(json_string_value(json_array_get(path(m, "ipv6.seen_addresses"), 0)),
	    S_V6_A);
	assert_int_equal(pnum(m, "traffic.ipv6.frames"), 1);
	assert_string_equal(str(path(member(rep, 64502), "ipv6"), "status"), "silent");
	assert_true(path(member(rep, 64502), "ipv6.link_local_only") == json_false());
	assert_string_equal(str(path(member(rep, 64503), "ipv6"), "status"), "unregistered");
	m = member(rep, 64504);
	assert_string_equal(str(path(m, "ipv6"), "status"), "silent");
	assert_true(path(m, "ipv6.link_local_only") == json_true());

	a = expect_one(rep, "v6_silent", NULL, 64502, S_V6_B);
	assert_string_equal(str(a, "severity"), "notice");
	assert_string_equal(str(a, "kind"), "condition");
	assert_true(json_object_get(a, "open") == json_true());
	a = expect_one(rep, "v6_silent", NULL, 64504, S_V6_D);
	expect_contains(str(a, "detail"), "link-local");
	expect_n(rep, 2, "v6_silent", NULL, ANY_ASN, NULL);
	/* counted on its global IPv6, from the first to the last */
	a = expect_one(rep, "v6_unregistered", NULL, 64503, NULL);
	assert_string_equal(str(a, "severity"), "warning");
	assert_int_equal(num(a, "count"), 2);
	assert_string_equal(str(a, "first_seen"), "2026-11-02T10:00:02Z");
	assert_string_equal(str(a, "last_seen"), "2026-11-02T10:00:03Z");
	expect_contains(str(a, "detail"), "fits the addressing scheme: register it");
	expect_n(rep, 1, "v6_unregistered", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "v6_went_dark", NULL, ANY_ASN, NULL);
	json_decref(rep);

	/* C with link-local ND only: "none", link_local_only, no alert */
	e = new_engine(NULL);
	f_udp4(&p, MAC_C, MAC_A, "192.0.2.3", "192.0.2.1", 1, 2);
	offer(e, 0, &p);
	f_ns(&p, MAC_C, llc, a6, MAC_C);
	offer(e, 1, &p);
	f_ns(&p, MAC_C, zero, llc, MAC_C);
	offer(e, 2, &p);
	rep = finish(e);
	m = member(rep, 64503);
	assert_string_equal(str(path(m, "ipv6"), "status"), "none");
	assert_true(path(m, "ipv6.link_local_only") == json_true());
	assert_true(path(m, "ipv4.seen") == json_true());
	expect_n(rep, 0, "v6_unregistered", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "v6_silent", NULL, 64503, NULL);
	json_decref(rep);
}

/*
 * A condition stays open while it lasts: C sends unregistered IPv6 every
 * minute for two hours, far past alerts.clear_after; periodic reports and
 * the final one give the same alert.
 */
static void test_condition_lasts(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t a6[16], c6[16];
	struct pkt p;
	json_t *rep, *a, *mid;
	int t;

	(void)state;
	cfg_defaults(&cfg);
	cfg.scheme = CFG_SCHEME_ASN;
	cfg.scheme_suffix = 1;
	e = new_engine(&cfg);
	v6(a6, S_V6_A);
	v6(c6, "2001:db8:7f8::c3");
	for (t = 0; t <= 7200; t += 60) {
		f_tcp6(&p, MAC_C, MAC_A, c6, a6, 179, 54321);
		offer(e, t, &p);
		if (t % 600 == 0) {
			mid = engine_report_ex(e, 0);
			json_decref(mid);
		}
	}
	rep = finish(e);
	a = expect_one(rep, "v6_unregistered", NULL, 64503, NULL);
	assert_true(json_object_get(a, "open") == json_true());
	assert_int_equal(num(a, "count"), 121);
	assert_string_equal(str(a, "first_seen"), "2026-11-02T10:00:00Z");
	assert_string_equal(str(a, "last_seen"), "2026-11-02T12:00:00Z");
	expect_contains(str(a, "detail"), "off the addressing scheme");
	assert_string_equal(str(path(member(rep, 64503), "ipv6"), "scheme"), "off-scheme");
	json_decref(rep);
}

/*
 * A's router is swapped: the old MAC speaks IPv4 and IPv6 until t=10, the
 * new one (not registered) ARPs for B from A's address at t=100 and sends
 * only IPv4 until t=400.  One warning, no spoof, and A keeps its traffic;
 * its IPv6 went dark because of the swap.
 */
static json_t *swap_run(struct registry *reg)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t a6[16], b6[16];
	struct pkt p;
	int t;

	cfg_defaults(&cfg);
	cfg.went_dark_after = 120;
	e = engine_new_env(1, &cfg, reg);
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	for (t = 0; t <= 10; t += 5) {
		f_tcp6(&p, MAC_A, MAC_B, a6, b6, 54321, 179);
		offer(e, t, &p);
		f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
		offer(e, t, &p);
		f_udp4(&p, MAC_B, MAC_A, "192.0.2.2", "192.0.2.1", 1, 2);
		offer(e, t, &p);
	}
	f_arp(&p, MAC_N, 1, MAC_N, "192.0.2.1", "192.0.2.2");
	offer(e, 100, &p);
	for (t = 100; t <= 400; t += 10) {
		f_udp4(&p, MAC_N, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
		offer(e, t, &p);
		f_udp4(&p, MAC_B, MAC_N, "192.0.2.2", "192.0.2.1", 1, 2);
		offer(e, t, &p);
	}
	return finish(e);
}

static void check_swap(json_t *rep)
{
	json_t *a, *m = member(rep, 64501), *ch;
	size_t i;
	json_t *x;

	a = expect_one(rep, "mac_changed", S_MAC_N, 64501, NULL);
	assert_string_equal(str(a, "severity"), "warning");
	assert_string_equal(str(a, "first_seen"), "2026-11-02T10:01:40Z");
	expect_contains(str(a, "detail"), S_MAC_A);
	a = expect_one(rep, "v6_went_dark", NULL, 64501, NULL);
	expect_contains(str(a, "detail"), "router swap");
	expect_contains(str(a, "detail"), S_MAC_N);
	/* no spoof, no stranger, no second MAC */
	json_array_foreach(json_object_get(rep, "alerts"), i, x) {
		const char *t = str(x, "type");

		if (strcmp(t, "mac_changed") && strcmp(t, "v6_went_dark") &&
		    strcmp(t, "v6_silent")) {
			dump_alerts(rep);
			fail_msg("unexpected %s", t);
		}
	}
	/* the member keeps its traffic and its IPv6 status */
	assert_int_equal(pnum(m, "traffic.ipv4.frames"), 3 + 31);
	assert_string_equal(str(path(m, "ipv4"), "last_seen"), "2026-11-02T10:06:40Z");
	assert_string_equal(str(path(m, "ipv6"), "status"), "active");
	assert_true(path(m, "ipv6.went_dark") == json_true());
	ch = json_array_get(path(rep, "reconciliation.mac_changes"), 0);
	assert_non_null(ch);
	assert_string_equal(str(ch, "old_mac"), S_MAC_A);
	assert_string_equal(str(ch, "new_mac"), S_MAC_N);
}

static void test_router_swap(void **state)
{
	struct engine *e;
	struct pkt p;
	json_t *rep, *again;

	(void)state;
	rep = swap_run(g_reg);
	check_swap(rep);
	/* after a restart the swap stands: the old router is a stranger now */
	e = new_engine(NULL);
	assert_int_equal(engine_restore(e, rep), 0);
	f_udp4(&p, MAC_N, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
	offer(e, 410, &p);
	f_arp(&p, MAC_A, 1, MAC_A, "192.0.2.1", "192.0.2.2");
	offer(e, 411, &p);
	f_udp4(&p, MAC_N, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
	offer(e, 412, &p);
	again = finish(e);
	assert_int_equal(json_array_size(path(again, "reconciliation.mac_changes")), 1);
	expect_one(again, "mac_changed", S_MAC_N, 64501, NULL);
	expect_one(again, "arp_spoof", S_MAC_A, NULL_ASN, "192.0.2.1");
	json_decref(again);
	json_decref(rep);
	/* the same from the public list without MACs */
	rep = swap_run(g_nomac);
	check_swap(rep);
	assert_int_equal(pnum(rep, "registry.members_without_macs"), 4);
	json_decref(rep);
}

/* Entry `i` of member `asn`'s ipv6.history is `status` since `since`. */
static void expect_hist(json_t *rep, long long asn, size_t i, const char *status,
    const char *since)
{
	json_t *h = json_array_get(path(member(rep, asn), "ipv6.history"), i);

	if (h == NULL)
		fail_msg("AS%lld has no history entry %zu", asn, i);
	assert_string_equal(str(h, "status"), status);
	assert_string_equal(str(h, "since"), since);
}

/*
 * IPv6 history: A serves IPv6 for 10 s, then only IPv4 (dark after 120 s
 * here), is back at 500 s and dark again.  After a restart from that
 * report the whole history is still there (the counters alone would only
 * tell the last spell), and A's next return is added with its time.
 */
static void test_v6_history(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t a6[16], b6[16];
	struct pkt p;
	json_t *rep, *again;
	int t;

	(void)state;
	cfg_defaults(&cfg);
	cfg.went_dark_after = 120;
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	e = engine_new_env(1, &cfg, g_reg);
	for (t = 0; t <= 900; t += 10) {
		if (t <= 10 || t == 500) {
			f_tcp6(&p, MAC_A, MAC_B, a6, b6, 54321, 179);
			offer(e, t, &p);
		}
		f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
		offer(e, t, &p);
	}
	rep = finish(e);
	assert_int_equal(json_array_size(path(member(rep, 64501), "ipv6.history")), 4);
	expect_hist(rep, 64501, 0, "active", "2026-11-02T10:00:00Z");
	expect_hist(rep, 64501, 1, "dark", "2026-11-02T10:00:10Z");
	expect_hist(rep, 64501, 2, "active", "2026-11-02T10:08:20Z");
	expect_hist(rep, 64501, 3, "dark", "2026-11-02T10:08:20Z");
	/* B never sent IPv6 from a global address: silent since the start */
	expect_hist(rep, 64502, 0, "silent", "2026-11-02T10:00:00Z");

	e = engine_new_env(1, &cfg, g_reg);
	assert_int_equal(engine_restore(e, rep), 0);
	f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
	offer(e, 990, &p);
	f_tcp6(&p, MAC_A, MAC_B, a6, b6, 54321, 179);
	offer(e, 1000, &p);
	again = finish(e);
	assert_int_equal(json_array_size(path(member(again, 64501), "ipv6.history")), 5);
	expect_hist(again, 64501, 1, "dark", "2026-11-02T10:00:10Z");
	expect_hist(again, 64501, 2, "active", "2026-11-02T10:08:20Z");
	expect_hist(again, 64501, 4, "active", "2026-11-02T10:16:40Z");
	assert_true(path(member(again, 64501), "ipv6.went_dark") == json_false());
	json_decref(again);
	json_decref(rep);
}

/*
 * What a member receives: unicast frames to its MAC, per family; a
 * broadcast is nobody's; kept across a restart like what it sent.
 */
static void test_traffic_in(void **state)
{
	struct engine *e = new_engine(NULL);
	struct pkt p;
	json_t *rep, *again;
	int t;

	(void)state;
	for (t = 0; t < 3; t++) {
		f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
		offer(e, t, &p);
	}
	f_udp4(&p, MAC_A, MAC_BCAST, "192.0.2.1", "192.0.2.255", 1, 2);
	offer(e, 4, &p);
	rep = finish(e);
	/* A sent 4 frames, B received 3 of them; A received nothing */
	assert_int_equal(pnum(member(rep, 64501), "traffic.ipv4.frames"), 4);
	assert_int_equal(pnum(member(rep, 64502), "traffic_in.ipv4.frames"), 3);
	assert_int_equal(pnum(member(rep, 64502), "traffic_in.ipv4.bytes"),
	    3 * (pnum(member(rep, 64501), "traffic.ipv4.bytes") / 4));
	assert_int_equal(pnum(member(rep, 64502), "traffic_in.ipv6.frames"), 0);
	assert_int_equal(pnum(member(rep, 64501), "traffic_in.ipv4.frames"), 0);
	/* after a restart the count goes on */
	e = new_engine(NULL);
	assert_int_equal(engine_restore(e, rep), 0);
	f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
	offer(e, 10, &p);
	again = finish(e);
	assert_int_equal(pnum(member(again, 64502), "traffic_in.ipv4.frames"), 4);
	json_decref(again);
	json_decref(rep);
}

/*
 * A stranger answers for A's address while A keeps talking: a spoof, the
 * same with or without MACs in the list; A's traffic stays A's.
 */
static void spoof_check(struct registry *reg)
{
	struct engine *e = engine_new_env(1, NULL, reg);
	struct pkt p;
	json_t *rep, *a;
	int t;

	for (t = 0; t <= 100; t += 5) {
		f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
		offer(e, t, &p);
		if (t == 50) {
			f_arp(&p, MAC_X, 2, MAC_X, "192.0.2.1", "192.0.2.2");
			offer(e, 52, &p);
			offer(e, 53, &p);
		}
	}
	rep = finish(e);
	a = expect_one(rep, "arp_spoof", S_MAC_X, NULL_ASN, "192.0.2.1");
	assert_string_equal(str(a, "severity"), "critical");
	assert_int_equal(num(a, "count"), 2);
	expect_contains(str(a, "detail"), S_MAC_A);
	expect_n(rep, 0, "mac_changed", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "arp_spoof", S_MAC_A, ANY_ASN, NULL);
	assert_int_equal(pnum(member(rep, 64501), "traffic.ipv4.frames"), 21);
	assert_int_equal(json_array_size(path(member(rep, 64501), "macs.seen")), 1);
	json_decref(rep);
}

static void test_spoof_while_alive(void **state)
{
	(void)state;
	spoof_check(g_reg);
	spoof_check(g_nomac);
}

/*
 * Floods keep their evidence: a rogue RA, a spoofed NA and a member's
 * mismatch during a 5,000-MAC MLD flood keep their MAC; the random MACs
 * fold into one alert per type, the first hundred too.
 */
static void test_flood_keeps_evidence(void **state)
{
	struct engine *e = new_engine(NULL);
	uint8_t a6[16], b6[16], llx[16], ll[16], mac[6];
	struct pkt p;
	json_t *rep, *a;
	uint32_t i;

	(void)state;
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	eui64_ll(llx, MAC_X);
	f_ns(&p, MAC_X, llx, a6, MAC_X); /* the attacker's own kernel first */
	offer(e, 0, &p);
	f_ra(&p, MAC_X, llx);
	offer(e, 1, &p);
	for (i = 0; i < 5000; i++) {
		random_mac(i, mac);
		eui64_ll(ll, mac);
		f_mld2(&p, mac, ll);
		offer_w(e, 2 + i / 1000, (i % 1000) * 1000000u, &p);
		if (i == 50) { /* mid-flood, before it is recognised */
			f_na(&p, MAC_X, llx, a6, MAC_X);
			offer_w(e, 2, 60000000u, &p);
		}
		if (i == 3000) {
			f_udp4(&p, MAC_C, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
			offer_w(e, 5, 10000000u, &p);
		}
		if (i % 500 == 0) { /* A keeps talking */
			f_tcp6(&p, MAC_A, MAC_B, a6, b6, 54321, 179);
			offer_w(e, 2 + i / 1000, (i % 1000) * 1000000u + 1, &p);
		}
	}
	rep = finish(e);
	expect_one(rep, "rogue_ra", S_MAC_X, NULL_ASN, NULL);
	a = expect_one(rep, "nd_spoof", S_MAC_X, NULL_ASN, S_V6_A);
	assert_string_equal(str(a, "severity"), "critical");
	expect_one(rep, "mac_mismatch", S_MAC_C, 64503, "192.0.2.1");
	a = expect_one(rep, "forbidden_protocol", NULL, NULL_ASN, NULL);
	assert_true(json_object_get(a, "folded") == json_true());
	assert_int_equal(num(a, "count"), 5000);
	assert_int_equal(json_array_size(json_object_get(a, "sample_macs")), 8);
	expect_one(rep, "mac_flood", NULL, NULL_ASN, NULL);
	/* the attacker's own, and the flood's folded into one */
	expect_one(rep, "mac_unknown", S_MAC_X, NULL_ASN, NULL);
	expect_n(rep, 2, "mac_unknown", NULL, NULL_ASN, NULL);
	if (json_array_size(json_object_get(rep, "alerts")) > 12) {
		dump_alerts(rep);
		fail_msg("%zu alerts for one attack",
		    json_array_size(json_object_get(rep, "alerts")));
	}
	json_decref(rep);
}

/* A speaks IPv6 at t=0, then only IPv4 every 10 minutes until t=7200. */
static json_t *went_dark_run(uint32_t after)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t a6[16], b6[16];
	struct pkt p;
	int t;

	cfg_defaults(&cfg);
	cfg.went_dark_after = after;
	e = engine_new_env(1, &cfg, g_reg);
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	f_tcp6(&p, MAC_A, MAC_B, a6, b6, 54321, 179);
	offer(e, 0, &p);
	for (t = 0; t <= 7200; t += 600) {
		f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
		offer(e, t, &p);
	}
	return finish(e);
}

static void test_v6_went_dark(void **state)
{
	json_t *rep, *m, *a;

	(void)state;
	rep = went_dark_run(3600);
	a = expect_one(rep, "v6_went_dark", NULL, 64501, NULL);
	assert_string_equal(str(a, "severity"), "warning");
	assert_string_equal(str(a, "first_seen"), "2026-11-02T10:00:00Z");
	m = member(rep, 64501);
	assert_true(path(m, "ipv6.went_dark") == json_true());
	assert_string_equal(str(path(m, "ipv6"), "status"), "active");
	expect_n(rep, 1, "v6_went_dark", NULL, ANY_ASN, NULL);
	json_decref(rep);

	rep = went_dark_run(10000);
	expect_n(rep, 0, "v6_went_dark", NULL, ANY_ASN, NULL);
	assert_true(path(member(rep, 64501), "ipv6.went_dark") == json_false());
	json_decref(rep);
}

/*
 * v6_went_dark needs IPv4 to go on (this was a bug: a member silent on
 * both families was reported).
 * Member A sends IPv6 and IPv4 at t=0 and then nothing at all, while B
 * keeps sending IPv4 until t=7200 (went_dark_after 3600).  an_members.c
 * members_finish() only compares A's last IPv6 frame with the end of the
 * input, so A "went dark" on IPv6 although its IPv4 stopped at the same
 * moment (a port down or a member that left, not IPv6 turned off).
 * docs/config.md, thresholds.went_dark_after: "Seconds without IPv6 from a
 * member still active on IPv4 before it is reported as gone dark."  (The
 * detectors.md row leaves out "still active on IPv4", so one of the two
 * documents or the code must change.)  Expect: no v6_went_dark for A,
 * whose last IPv4 is not later than its last IPv6 + went_dark_after.
 */
static void test_v6_went_dark_needs_ipv4(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	uint8_t a6[16], b6[16];
	struct pkt p;
	json_t *rep;
	size_t n;
	int t;

	(void)state;
	cfg_defaults(&cfg);
	cfg.went_dark_after = 3600;
	e = engine_new_env(1, &cfg, g_reg);
	v6(a6, S_V6_A);
	v6(b6, S_V6_B);
	f_tcp6(&p, MAC_A, MAC_B, a6, b6, 54321, 179);
	offer(e, 0, &p);
	f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1, 2);
	offer(e, 0, &p);
	for (t = 0; t <= 7200; t += 600) {
		f_udp4(&p, MAC_B, MAC_C, "192.0.2.2", "192.0.2.3", 1, 2);
		offer(e, t, &p);
	}
	rep = finish(e);
	n = n_alerts(rep, "v6_went_dark", NULL, 64501, NULL);
	if (getenv("IXMON_TEST_VERBOSE"))
		dump_alerts(rep);
	json_decref(rep);
	assert_int_equal(n, 0);
}

/* ------------------------------------------------------------------ */
/* Addressing schemes                                                  */

static const char *scheme_of(json_t *rep, long long asn)
{
	json_t *s = path(member(rep, asn), "ipv6.scheme");

	return json_is_null(s) ? "null" : json_string_value(s);
}

static json_t *scheme_run(const char *scheme, struct registry *reg)
{
	struct ixm_config cfg;
	char text[128];
	json_t *conf;
	json_error_t jerr;

	cfg_defaults(&cfg);
	snprintf(text, sizeof(text), "{\"policy\": {\"scheme\": \"%s\"}}", scheme);
	conf = json_loads(text, 0, &jerr);
	assert_non_null(conf);
	assert_int_equal(cfg_apply_json(conf, &cfg, NULL, NULL), 0);
	json_decref(conf);
	return finish(engine_new_env(1, &cfg, reg));
}

static void test_scheme(void **state)
{
	json_t *rep;

	(void)state;
	rep = scheme_run("asn", g_reg);
	assert_string_equal(scheme_of(rep, 64501), "ok");
	assert_string_equal(scheme_of(rep, 64502), "ok");
	assert_string_equal(scheme_of(rep, 64503), "null"); /* no IPv6 */
	assert_string_equal(scheme_of(rep, 64504), "off-scheme");
	json_decref(rep);

	rep = scheme_run("ipv4-suffix", g_reg);
	assert_string_equal(scheme_of(rep, 64501), "off-scheme");
	assert_string_equal(scheme_of(rep, 64503), "null");
	assert_string_equal(scheme_of(rep, 64504), "ok"); /* ::c000:204 */
	json_decref(rep);

	rep = scheme_run("none", g_reg);
	assert_string_equal(scheme_of(rep, 64501), "null");
	assert_string_equal(scheme_of(rep, 64504), "null");
	json_decref(rep);

	rep = scheme_run("ipv4-suffix", g_reg4);
	assert_string_equal(scheme_of(rep, 64511), "ok");         /* ::192:0:2:11 */
	assert_string_equal(scheme_of(rep, 64512), "ok");         /* ::c000:20c */
	assert_string_equal(scheme_of(rep, 64513), "off-scheme"); /* ::192:0:2:14 */
	assert_string_equal(scheme_of(rep, 64514), "off-scheme"); /* no IPv4 */
	json_decref(rep);

	rep = scheme_run("asn", g_reg4);
	assert_string_equal(scheme_of(rep, 64514), "ok");
	assert_string_equal(scheme_of(rep, 64511), "off-scheme");
	json_decref(rep);
}

/* ------------------------------------------------------------------ */
/* Sampling, tunnels                                                   */

static void test_sampling_weight(void **state)
{
	struct ixm_config cfg;
	struct engine *e;
	struct pkt p;
	json_t *rep, *a;
	long long n, m, u;
	double ci;
	int i;

	(void)state;
	cfg_defaults(&cfg);
	e = engine_new_env(10, &cfg, g_reg);
	for (i = 0; i < 100; i++) {
		f_udp4(&p, MAC_A, MAC_B, "192.0.2.1", "192.0.2.2", 1000, 2000);
		offer(e, i, &p);
	}
	for (i = 0; i < 100; i++) {
		f_udp4(&p, MAC_X, MAC_B, "192.0.2.200", "192.0.2.2", 1000, 2000);
		offer(e, 100 + i, &p);
	}
	rep = finish(e);
	/* random gaps of mean 10: about 20 samples, each standing for 10 */
	n = pnum(rep, "input.analysed");
	assert_in_range(n, 10, 30);
	m = pnum(member(rep, 64501), "traffic.ipv4.frames");
	u = pnum(rep, "mac_table.unknown_traffic.frames");
	assert_int_equal(m + u, n * 10);
	assert_true(m > 0 && m % 10 == 0 && u > 0 && u % 10 == 0);
	assert_int_equal(pnum(member(rep, 64501), "traffic.ipv4.bytes"), m * 60);
	a = expect_one(rep, "mac_unknown", S_MAC_X, NULL_ASN, NULL);
	assert_int_equal(num(a, "count"), u);
	assert_int_equal(pnum(rep, "mac_table.unknown_traffic.bytes"), u * 60);
	/*
	 * The member's IPv6 share is 0 from a handful of samples: an interval,
	 * not a certainty (Agresti-Coull: about 0.2 for ~10 samples), and a
	 * restart goes on from the same variance sums.
	 */
	ci = json_number_value(path(member(rep, 64501), "ipv6_share.ci95.frames"));
	assert_true(ci > 0.1 && ci < 0.4);
	e = engine_new_env(10, &cfg, g_reg);
	assert_int_equal(engine_restore(e, rep), 0);
	json_decref(rep);
	rep = finish(e);
	assert_true(json_number_value(path(member(rep, 64501), "ipv6_share.ci95.frames")) == ci);
	assert_true(json_number_value(path(rep, "ipv6_share.ci95.frames")) > 0);
	json_decref(rep);
}

/* IPv4 protocol 41 from A carrying `inner` (an IPv6 packet builder). */
static void f_6in4(struct pkt *p, const uint8_t smac[6], int kind)
{
	uint8_t src[16], dst[16], tgt[16], llx[16];
	size_t off;

	eth(p, MAC_B, smac, 0x0800);
	off = ip4_begin(p, "192.0.2.1", "192.0.2.2", 41, 64);
	v6(src, "2001:db8:aaaa::1");
	v6(tgt, S_V6_B);
	eui64_ll(llx, MAC_X);
	switch (kind) {
	case 0:
		ip6_ra(p, src, MAC_A);
		break;
	case 1:
		ip6_na(p, llx, tgt, MAC_X, 0x20);
		break;
	case 2:
		ip6_mld2(p, src);
		break;
	default:
		v6(dst, "2001:db8:bbbb::1");
		ip6_ns(p, src, dst, MAC_A);
		break;
	}
	ip4_end(p, off);
}

static void test_tunnelled_nd_ignored(void **state)
{
	struct engine *e = new_engine(NULL);
	struct pkt p;
	json_t *rep;
	int i, k;

	(void)state;
	for (k = 0; k < 4; k++)
		for (i = 0; i < 70; i++) {
			f_6in4(&p, MAC_A, k);
			offer(e, k, &p);
		}
	rep = finish(e);
	assert_int_equal(pnum(rep, "tunneled_ipv6.6in4.frames"), 280);
	expect_n(rep, 0, "rogue_ra", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "nd_spoof", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "nd_foreign_source", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "ip_outside_lan", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "mld_flood", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "nd_flood", NULL, ANY_ASN, NULL);
	expect_n(rep, 0, "forbidden_protocol", NULL, ANY_ASN, NULL);
	assert_int_equal(pnum(rep, "nd_arp.ra"), 0);
	assert_int_equal(pnum(rep, "nd_arp.na"), 0);
	assert_int_equal(pnum(rep, "nd_arp.ns"), 0);
	assert_int_equal(pnum(rep, "nd_arp.mld_report"), 0);
	/* and the tunnel's IPv6 is not the member's own */
	assert_string_equal(str(path(member(rep, 64501), "ipv6"), "status"), "silent");
	json_decref(rep);
}

/* The frame builders themselves: random MACs avoid the LAN prefixes. */
static void test_random_macs_are_plain(void **state)
{
	uint8_t mac[6];
	uint32_t i;
	int pos;

	(void)state;
	for (i = 0; i < 10000; i++) {
		random_mac(i, mac);
		assert_int_equal(mac[0] & 1, 0);
		for (pos = 0; pos + 3 <= 6; pos++)
			assert_false(mac[pos] == 192 && mac[pos + 1] == 0 &&
			    mac[pos + 2] == 2);
		for (pos = 0; pos + 4 <= 6; pos++)
			assert_false(mac[pos] == 0x20 && mac[pos + 1] == 0x01 &&
			    mac[pos + 2] == 0x0d && mac[pos + 3] == 0xb8);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_macs_are_plain),
		cmocka_unit_test(test_rogue_ra),
		cmocka_unit_test(test_nd_spoof_registered),
		cmocka_unit_test(test_nd_spoof_unregistered),
		cmocka_unit_test(test_nd_eui64_owner_wins),
		cmocka_unit_test(test_nd_spoof_dad),
		cmocka_unit_test(test_nd_dad_owner_defends),
		cmocka_unit_test(test_arp_spoof),
		cmocka_unit_test(test_arp_probe_claims_nothing),
		cmocka_unit_test(test_nd_foreign_source),
		cmocka_unit_test(test_ip_outside_lan),
		cmocka_unit_test(test_nd_flood_per_mac),
		cmocka_unit_test(test_nd_flood_lan_random_macs),
		cmocka_unit_test(test_mld_flood),
		cmocka_unit_test(test_arp_flood_lan),
		cmocka_unit_test(test_mac_invalid_source),
		cmocka_unit_test(test_mac_unknown),
		cmocka_unit_test(test_mac_flood),
		cmocka_unit_test(test_mac_mismatch),
		cmocka_unit_test(test_mac_multiple),
		cmocka_unit_test(test_mac_misaligned),
		cmocka_unit_test(test_forbidden),
		cmocka_unit_test(test_policy_allows),
		cmocka_unit_test(test_v6_status),
		cmocka_unit_test(test_condition_lasts),
		cmocka_unit_test(test_router_swap),
		cmocka_unit_test(test_traffic_in),
		cmocka_unit_test(test_v6_history),
		cmocka_unit_test(test_spoof_while_alive),
		cmocka_unit_test(test_flood_keeps_evidence),
		cmocka_unit_test(test_v6_went_dark),
		cmocka_unit_test(test_v6_went_dark_needs_ipv4),
		cmocka_unit_test(test_scheme),
		cmocka_unit_test(test_sampling_weight),
		cmocka_unit_test(test_tunnelled_nd_ignored),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
