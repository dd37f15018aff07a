/*
 * test_decode.c - every path of the pure decoders (capture/decode_*.c) on
 * hand-built frames.
 *
 * Frames are written field by field with PUT(), one comment per header
 * field, so a reader can check them against the RFC layouts quoted in the
 * decoders.  Length fields that depend on what follows (IPv4 total length,
 * IPv6 payload length, UDP length, 802.3 length) are written as 0 and fixed
 * up by fix16() once the frame is complete, unless the test is about a
 * lying length, in which case the value is written out.
 *
 * decode() copies each frame into a heap buffer of exactly caplen bytes so
 * the sanitizer build catches any read past the end, checks that the l3 and
 * payload pointers stay inside that buffer, and also decodes every shorter
 * cut of the frame (both as truncated and as snapped) for the same
 * invariants: a decoder may fail on a short frame, never over-read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "capture/decode.h"

struct pkt {
	uint8_t b[1600];
	size_t n;
};

static void put(struct pkt *p, const uint8_t *d, size_t n)
{
	assert_true(p->n + n <= sizeof(p->b));
	if (n == 0)
		return; /* d may be NULL: memcpy must not see it */
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

#define PUT(p, ...)                                    \
	do {                                           \
		const uint8_t put_[] = {__VA_ARGS__};  \
		put((p), put_, sizeof(put_));          \
	} while (0)

/* Write a 16-bit big-endian value at `off` (length fix-ups). */
static void fix16(struct pkt *p, size_t off, size_t v)
{
	assert_true(v <= 0xffff);
	p->b[off] = (uint8_t)(v >> 8);
	p->b[off + 1] = (uint8_t)v;
}

/* Addresses used throughout */
#define MAC_A 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a /* sender */
#define MAC_B 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b /* receiver */
#define IP4_A 192, 0, 2, 1
#define IP4_B 192, 0, 2, 2
#define IP6_A 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01
#define IP6_B 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02
#define LL6_A 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a
#define LL6_B 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b
#define ALLNODES 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01
#define ALLROUTERS 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02
#define SOLNODE_B 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0, 0, 0x0b
#define MLD_GRP 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfb
#define MLD_GRP2 0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0x03
#define ZERO16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static const uint8_t mac_a[6] = {MAC_A}, mac_b[6] = {MAC_B};
static const uint8_t ip4_a[4] = {IP4_A}, ip4_b[4] = {IP4_B};
static const uint8_t ip6_a[16] = {IP6_A}, ip6_b[16] = {IP6_B};
static const uint8_t ll6_a[16] = {LL6_A}, ll6_b[16] = {LL6_B};
static const uint8_t mld_grp[16] = {MLD_GRP}, mld_grp2[16] = {MLD_GRP2};

/* Ethernet II / 802.3 header: dst(6) src(6) type-or-length(2) */
static void eth(struct pkt *p, uint16_t type)
{
	PUT(p, MAC_B,                /* destination */
	    MAC_A,                   /* source */
	    type >> 8, type & 0xff); /* type or 802.3 length */
}

/* 802.1Q-style tag: TPID(2) TCI(2) and the next type, after eth(tpid). */
static void tag(struct pkt *p, uint8_t pcp, uint16_t vid, uint16_t next)
{
	PUT(p, (uint8_t)(pcp << 5 | vid >> 8), vid & 0xff, /* PCP DEI VID */
	    next >> 8, next & 0xff);                        /* next type */
}

/* IPv4 header without options; total length fixed up by ipv4_end(). */
static size_t ipv4(struct pkt *p, uint8_t proto, uint16_t frag)
{
	size_t off = p->n;

	PUT(p, 0x45,                /* version 4, IHL 5 */
	    0x00,                   /* TOS */
	    0x00, 0x00,             /* total length: fixed up */
	    0x12, 0x34,             /* identification */
	    frag >> 8, frag & 0xff, /* flags, fragment offset */
	    64,                     /* TTL */
	    proto,                  /* protocol */
	    0x00, 0x00,             /* checksum (not verified) */
	    IP4_A,                  /* source */
	    IP4_B);                 /* destination */
	return off;
}

static void ipv4_end(struct pkt *p, size_t off) { fix16(p, off + 2, p->n - off); }

/* IPv6 fixed header; payload length fixed up by ipv6_end(). */
static size_t ipv6(struct pkt *p, uint8_t nh, uint8_t hlim,
    const uint8_t src[16], const uint8_t dst[16])
{
	size_t off = p->n;

	PUT(p, 0x60, 0x00, 0x00, 0x00, /* version 6, traffic class, flow label */
	    0x00, 0x00,                /* payload length: fixed up */
	    nh,                        /* next header */
	    hlim);                     /* hop limit */
	put(p, src, 16);
	put(p, dst, 16);
	return off;
}

static void ipv6_end(struct pkt *p, size_t off)
{
	fix16(p, off + 4, p->n - off - 40);
}

static size_t udp(struct pkt *p, uint16_t sport, uint16_t dport)
{
	size_t off = p->n;

	PUT(p, sport >> 8, sport & 0xff, /* source port */
	    dport >> 8, dport & 0xff,    /* destination port */
	    0x00, 0x00,                  /* length: fixed up */
	    0x00, 0x00);                 /* checksum */
	return off;
}

static void udp_end(struct pkt *p, size_t off) { fix16(p, off + 4, p->n - off); }

static void tcp(struct pkt *p, uint16_t sport, uint16_t dport, uint8_t doff,
    uint8_t flags)
{
	PUT(p, sport >> 8, sport & 0xff, /* source port */
	    dport >> 8, dport & 0xff,    /* destination port */
	    0x00, 0x00, 0x00, 0x01,      /* sequence number */
	    0x00, 0x00, 0x00, 0x00,      /* acknowledgment number */
	    (uint8_t)(doff << 4),        /* data offset, reserved */
	    flags,                       /* CWR ECE URG ACK PSH RST SYN FIN */
	    0xff, 0xff,                  /* window */
	    0x00, 0x00,                  /* checksum */
	    0x00, 0x00);                 /* urgent pointer */
}

/* --- decoding with bounds checks ------------------------------------- */

static uint8_t *last_copy; /* the buffer the last decode() pointed into */

/* Pointers the decoder hands out stay inside the captured bytes. */
static void check_frame(const struct dec_frame *f, const uint8_t *buf,
    size_t caplen)
{
	assert_true(f->status <= DEC_UNSUPPORTED);
	assert_true(f->eclass < DEC_EC_MAX);
	assert_true(f->tunnel < DEC_TUN_MAX);
	assert_true(f->n_tags <= DEC_MAX_TAGS);
	if (f->l3 != NULL) {
		assert_true(f->l3 >= buf);
		assert_true(f->l3 + f->l3_len <= buf + caplen);
	}
	if (f->payload != NULL) {
		assert_true(f->payload >= buf);
		assert_true(f->payload + f->payload_len <= buf + caplen);
	}
	if (f->status == DEC_OK)
		assert_int_equal(f->err_layer, DEC_L_NONE);
	else
		assert_int_not_equal(f->err_layer, DEC_L_NONE);
}

/* Every shorter cut, truncated (caplen == wirelen) and snapped. */
static void sweep(int lt, const struct pkt *p)
{
	struct dec_frame g;
	size_t n;
	int rc;

	for (n = 0; n < p->n; n++) {
		uint8_t *c = malloc(n ? n : 1);

		assert_non_null(c);
		memcpy(c, p->b, n);
		/* the call and the read of g.status must be sequenced */
		rc = dec_frame(lt, c, (uint32_t)n, (uint32_t)n, &g);
		assert_int_equal(rc, g.status);
		check_frame(&g, c, n);
		rc = dec_frame(lt, c, (uint32_t)n, (uint32_t)p->n, &g);
		assert_int_equal(rc, g.status);
		check_frame(&g, c, n);
		free(c);
	}
}

static int decode_lt(int lt, const struct pkt *p, uint32_t wirelen,
    struct dec_frame *f)
{
	int rc;

	free(last_copy);
	last_copy = malloc(p->n ? p->n : 1);
	assert_non_null(last_copy);
	memcpy(last_copy, p->b, p->n);
	rc = dec_frame(lt, last_copy, (uint32_t)p->n, wirelen, f);
	assert_int_equal(rc, f->status);
	assert_int_equal(f->caplen, p->n);
	assert_int_equal(f->wirelen, wirelen);
	check_frame(f, last_copy, p->n);
	sweep(lt, p);
	return rc;
}

/* Ethernet, caplen == wirelen */
static int decode(const struct pkt *p, struct dec_frame *f)
{
	return decode_lt(DEC_LINKTYPE_ETHERNET, p, (uint32_t)p->n, f);
}

/* Ethernet, wirelen > caplen: the snap length cut the frame */
static int decode_snapped(const struct pkt *p, uint32_t wirelen,
    struct dec_frame *f)
{
	return decode_lt(DEC_LINKTYPE_ETHERNET, p, wirelen, f);
}

static size_t off_of(const uint8_t *ptr) { return (size_t)(ptr - last_copy); }

static int teardown(void **state)
{
	(void)state;
	free(last_copy);
	last_copy = NULL;
	return 0;
}

/* Pad to the 60-byte Ethernet minimum, as a switch would. */
static void pad60(struct pkt *p)
{
	while (p->n < 60)
		PUT(p, 0x00);
}

#define L_ETH (DEC_HAS_ETH | DEC_HAS_SRCMAC)

/* --- link layer ------------------------------------------------------ */

static void test_ether2_ipv4_udp(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip, u;

	(void)state;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_UDP, 0);
	u = udp(&p, 5353, 53);
	PUT(&p, 'a', 'b', 'c', 'd'); /* payload */
	udp_end(&p, u);
	ipv4_end(&p, ip);

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.err_layer, DEC_L_NONE);
	assert_int_equal(f.l2kind, DEC_L2_ETHER2);
	assert_int_equal(f.eclass, DEC_EC_IPV4);
	assert_int_equal(f.ethertype, ETH_P_IPV4);
	assert_int_equal(f.layers,
	    L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP | DEC_HAS_L4);
	assert_memory_equal(f.dst_mac, mac_b, 6);
	assert_memory_equal(f.src_mac, mac_a, 6);
	assert_int_equal(f.n_tags, 0);
	assert_int_equal(f.ip.version, 4);
	assert_int_equal(f.ip.ttl, 64);
	assert_int_equal(f.ip.proto, IPPROTO_V_UDP);
	assert_int_equal(f.ip.flags, 0);
	assert_memory_equal(f.ip.src, ip4_a, 4);
	assert_memory_equal(f.ip.dst, ip4_b, 4);
	assert_int_equal(f.ip.payload_len, 12);
	assert_int_equal(f.l4_proto, IPPROTO_V_UDP);
	assert_int_equal(f.sport, 5353);
	assert_int_equal(f.dport, 53);
	assert_int_equal(off_of(f.l3), 14);
	assert_int_equal(f.l3_len, 32);
	assert_int_equal(off_of(f.payload), 14 + 20 + 8);
	assert_int_equal(f.payload_len, 4);
	assert_memory_equal(f.payload, "abcd", 4);
	assert_int_equal(f.tunnel, DEC_TUN_NONE);
}

static void test_8023_llc_stp(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, 0);          /* 802.3 length: fixed up */
	PUT(&p, 0x42,        /* DSAP: spanning tree */
	    0x42,            /* SSAP */
	    0x03,            /* control: UI */
	    0x00, 0x00,      /* BPDU protocol id */
	    0x00,            /* version */
	    0x00);           /* BPDU type: configuration (rest omitted) */
	fix16(&p, 12, p.n - 14);
	pad60(&p); /* padding beyond the 802.3 length is not LLC */

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.l2kind, DEC_L2_LLC);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_LLC);
	assert_int_equal(f.eclass, DEC_EC_OTHER);
	assert_int_equal(f.ethertype, 0);
	assert_int_equal(f.llc_dsap, 0x42);
	assert_int_equal(f.llc_ssap, 0x42);
	assert_int_equal(f.llc_ctrl, 0x03);
}

static void test_8023_llc_iformat(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, 4);      /* 802.3 length */
	PUT(&p, 0xfe,    /* DSAP: IS-IS */
	    0xfe,        /* SSAP */
	    0x10, 0x22); /* I-format control: two bytes */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.l2kind, DEC_L2_LLC);
	assert_int_equal(f.llc_ctrl, 0x1022);

	/* the second control byte is outside the declared length */
	p.n = 0;
	eth(&p, 3);
	PUT(&p, 0xfe, 0xfe, 0x10, 0x22);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_LLC);
	assert_int_equal(f.layers, L_ETH);
}

static void test_8023_snap_cdp(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	p.n = 0;
	PUT(&p, 0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc, /* dst: CDP multicast */
	    MAC_A,                                  /* source */
	    0x00, 0x00);                            /* 802.3 length: fixed up */
	PUT(&p, 0xaa,           /* DSAP: SNAP */
	    0xaa,               /* SSAP: SNAP */
	    0x03,               /* control: UI */
	    0x00, 0x00, 0x0c,   /* OUI: Cisco */
	    0x20, 0x00,         /* PID: CDP */
	    0x02, 0xb4, 0x00, 0x00); /* CDP version, TTL, checksum */
	fix16(&p, 12, p.n - 14);
	pad60(&p);

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.l2kind, DEC_L2_SNAP);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_LLC);
	assert_int_equal(f.llc_dsap, 0xaa);
	assert_int_equal(f.llc_ssap, 0xaa);
	assert_int_equal(f.snap_oui, 0x00000c);
	assert_int_equal(f.snap_pid, 0x2000);
	assert_int_equal(f.eclass, DEC_EC_OTHER);

	/* SNAP header cut by the 802.3 length */
	fix16(&p, 12, 6);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_LLC);
}

static void test_8023_novell_raw(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, 30);         /* 802.3 length */
	PUT(&p, 0xff, 0xff,  /* IPX checksum: always 0xffff = Novell raw */
	    0x00, 0x1e,      /* IPX length */
	    0x00, 0x04);     /* transport control, packet type */
	pad60(&p);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.l2kind, DEC_L2_8023_RAW);
	assert_int_equal(f.layers, L_ETH);
	assert_int_equal(f.eclass, DEC_EC_OTHER);
}

/* 1501..1535 are neither a length nor a registered type: a type. */
static void test_type_1501(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, 1501);
	pad60(&p);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.l2kind, DEC_L2_ETHER2);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE);
	assert_int_equal(f.ethertype, 1501);
	assert_int_equal(f.eclass, DEC_EC_OTHER);
}

static void test_vlan_8021q(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_8021Q);
	tag(&p, 5, 100, ETH_P_IPV4); /* PCP 5, VID 100 */
	ip = ipv4(&p, IPPROTO_V_ICMP, 0);
	PUT(&p, 8,        /* ICMP type: echo request */
	    0,            /* code */
	    0x00, 0x00,   /* checksum */
	    0x00, 0x01,   /* identifier */
	    0x00, 0x01);  /* sequence */
	ipv4_end(&p, ip);
	pad60(&p);

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_VLAN | DEC_HAS_ETYPE |
	    DEC_HAS_IP | DEC_HAS_ICMP);
	assert_int_equal(f.n_tags, 1);
	assert_int_equal(f.vlan[0], 100);
	assert_int_equal(f.ethertype, ETH_P_IPV4);
	assert_int_equal(f.eclass, DEC_EC_IPV4);
	assert_int_equal(f.l2kind, DEC_L2_ETHER2);
	assert_int_equal(f.icmp_type, 8);
	assert_int_equal(f.icmp_code, 0);
	assert_int_equal(off_of(f.l3), 18);
	assert_int_equal(f.l3_len, 28); /* padding dropped */
}

static void test_vlan_qinq_8021ad(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_8021AD);
	tag(&p, 0, 200, ETH_P_8021Q);  /* S-tag VID 200 */
	tag(&p, 3, 4095, ETH_P_IPV6);  /* C-tag VID 4095 */
	ip = ipv6(&p, 59, 64, ip6_a, ip6_b); /* no next header */
	ipv6_end(&p, ip);

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.n_tags, 2);
	assert_int_equal(f.vlan[0], 200);
	assert_int_equal(f.vlan[1], 4095);
	assert_int_equal(f.ethertype, ETH_P_IPV6);
	assert_int_equal(f.eclass, DEC_EC_IPV6);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_VLAN | DEC_HAS_ETYPE |
	    DEC_HAS_IP);
	assert_int_equal(f.ip.version, 6);
	assert_int_equal(f.ip.proto, 59);
	assert_int_equal(off_of(f.l3), 22);
}

static void test_vlan_9100(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, ETH_P_QINQ1);
	tag(&p, 7, 300, ETH_P_ARP);
	PUT(&p, 0x00, 0x01, /* htype: Ethernet */
	    0x08, 0x00,     /* ptype: IPv4 */
	    6, 4,           /* hlen, plen */
	    0x00, 0x01,     /* op: request */
	    MAC_A, IP4_A,   /* sender */
	    0, 0, 0, 0, 0, 0, IP4_B); /* target */
	pad60(&p);

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.n_tags, 1);
	assert_int_equal(f.vlan[0], 300);
	assert_int_equal(f.eclass, DEC_EC_ARP);
	assert_int_equal(f.ethertype, ETH_P_ARP);
	assert_true(f.layers & DEC_HAS_ARP);
}

/* A chain of `n` C-tags with VIDs 1..n, then IPv4 type with no body. */
static void tag_chain(struct pkt *p, int n)
{
	int i;

	p->n = 0;
	eth(p, ETH_P_8021Q);
	for (i = 1; i <= n; i++)
		tag(p, 0, (uint16_t)i, i == n ? 0x88cc : ETH_P_8021Q); /* LLDP */
	pad60(p);
}

static void test_vlan_chain_limits(void **state)
{
	struct pkt p;
	struct dec_frame f;

	(void)state;
	tag_chain(&p, DEC_MAX_TAGS); /* the deepest we walk */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.n_tags, DEC_MAX_TAGS);
	assert_int_equal(f.vlan[0], 1);
	assert_int_equal(f.vlan[DEC_MAX_VLANS - 1], DEC_MAX_VLANS);
	assert_int_equal(f.ethertype, 0x88cc);

	tag_chain(&p, DEC_MAX_TAGS + 1); /* one more: unsupported */
	assert_int_equal(decode(&p, &f), DEC_UNSUPPORTED);
	assert_int_equal(f.err_layer, DEC_L_VLAN);
	assert_int_equal(f.n_tags, DEC_MAX_TAGS);
	assert_false(f.layers & DEC_HAS_ETYPE);
	assert_int_equal(f.eclass, DEC_EC_OTHER);

	tag_chain(&p, 40); /* a frame full of tags never loops */
	assert_int_equal(decode(&p, &f), DEC_UNSUPPORTED);
}

static void test_vlan_then_length(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, ETH_P_8021Q);
	tag(&p, 0, 10, 3);         /* the inner type is an 802.3 length */
	PUT(&p, 0x42, 0x42, 0x03); /* LLC: STP, UI */
	pad60(&p);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.l2kind, DEC_L2_LLC);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_VLAN | DEC_HAS_LLC);
	assert_int_equal(f.vlan[0], 10);
	assert_int_equal(f.llc_dsap, 0x42);
	assert_int_equal(f.eclass, DEC_EC_OTHER);
}

static void test_vlan_truncated(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, ETH_P_8021Q);
	PUT(&p, 0x00, 0x64, 0x08); /* TCI, half a type */
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_VLAN);
	assert_int_equal(f.n_tags, 0);
}

static void test_ether_short(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_LINK);
	assert_int_equal(f.layers, 0);
	assert_int_equal(f.eclass, DEC_EC_OTHER);
	PUT(&p, MAC_B, MAC_A, 0x08); /* 13 bytes: addresses but no type */
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.layers, L_ETH);
}

static void test_unsupported_linktype(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, ETH_P_IPV4);
	assert_int_equal(decode_lt(105, &p, (uint32_t)p.n, &f), DEC_UNSUPPORTED);
	assert_int_equal(f.err_layer, DEC_L_LINK);
	assert_int_equal(f.layers, 0);
	assert_true(dec_linktype_supported(DEC_LINKTYPE_ETHERNET));
	assert_true(dec_linktype_supported(DEC_LINKTYPE_LINUX_SLL));
	assert_true(dec_linktype_supported(DEC_LINKTYPE_LINUX_SLL2));
	assert_false(dec_linktype_supported(105));
	assert_false(dec_linktype_supported(0));
}

/* --- Linux cooked captures ------------------------------------------- */

static void test_sll_ipv6(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	PUT(&p, 0x00, 0x04,   /* packet type: outgoing */
	    0x00, 0x01,       /* ARPHRD_ETHER */
	    0x00, 0x06,       /* address length */
	    MAC_A, 0x00, 0x00, /* address, padded to 8 */
	    0x86, 0xdd);      /* protocol: IPv6 */
	ip = ipv6(&p, IPPROTO_V_TCP, 64, ip6_a, ip6_b);
	tcp(&p, 179, 40000, 5, 0x18); /* BGP, PSH|ACK */
	ipv6_end(&p, ip);

	assert_int_equal(decode_lt(DEC_LINKTYPE_LINUX_SLL, &p, (uint32_t)p.n, &f),
	    DEC_OK);
	assert_int_equal(f.sll_pkttype, 4);
	assert_int_equal(f.layers, DEC_HAS_SRCMAC | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_L4);
	assert_memory_equal(f.src_mac, mac_a, 6);
	assert_int_equal(f.l2kind, DEC_L2_ETHER2);
	assert_int_equal(f.ethertype, ETH_P_IPV6);
	assert_int_equal(f.eclass, DEC_EC_IPV6);
	assert_int_equal(f.sport, 179);
	assert_int_equal(f.dport, 40000);
	assert_int_equal(f.tcp_flags, 0x18);
	assert_int_equal(off_of(f.l3), 16);
}

static void test_sll_llc_and_other(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	PUT(&p, 0x00, 0x00,  /* packet type: to us */
	    0x03, 0x04,      /* hatype 772: loopback, carries a MAC */
	    0x00, 0x06,      /* address length */
	    MAC_A, 0, 0,     /* address */
	    0x00, 0x04,      /* protocol: ETH_P_802_2, an LLC header follows */
	    0x42, 0x42, 0x03); /* LLC */
	assert_int_equal(decode_lt(DEC_LINKTYPE_LINUX_SLL, &p, (uint32_t)p.n, &f),
	    DEC_OK);
	assert_int_equal(f.layers, DEC_HAS_SRCMAC | DEC_HAS_LLC);
	assert_int_equal(f.l2kind, DEC_L2_LLC);

	/* a non-Ethernet hatype and a pseudo-protocol: no MAC, no type */
	p.n = 0;
	PUT(&p, 0x00, 0x00,  /* packet type */
	    0x03, 0x0a,      /* hatype 778: GRE */
	    0x00, 0x06,      /* address length */
	    MAC_A, 0, 0,     /* address */
	    0x00, 0x0c);     /* protocol: ETH_P_CAN */
	assert_int_equal(decode_lt(DEC_LINKTYPE_LINUX_SLL, &p, (uint32_t)p.n, &f),
	    DEC_OK);
	assert_int_equal(f.layers, 0);
	assert_int_equal(f.l2kind, DEC_L2_NONE);
	assert_int_equal(f.eclass, DEC_EC_OTHER);

	/* an address length beyond the 8-byte field is ignored */
	p.b[3] = 0x01; /* ARPHRD_ETHER */
	p.b[5] = 0x09;
	assert_int_equal(decode_lt(DEC_LINKTYPE_LINUX_SLL, &p, (uint32_t)p.n, &f),
	    DEC_OK);
	assert_int_equal(f.layers, 0);

	p.n = 15; /* the protocol field cut */
	assert_int_equal(decode_lt(DEC_LINKTYPE_LINUX_SLL, &p, (uint32_t)p.n, &f),
	    DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_LINK);
}

static void test_sll2_ipv4(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	PUT(&p, 0x08, 0x00,      /* protocol: IPv4 */
	    0x00, 0x00,          /* reserved */
	    0x00, 0x00, 0x00, 0x02, /* interface index */
	    0x00, 0x01,          /* ARPHRD_ETHER */
	    0x00,                /* packet type: to us */
	    0x06,                /* address length */
	    MAC_A, 0x00, 0x00);  /* address, padded to 8 */
	ip = ipv4(&p, IPPROTO_V_UDP, 0);
	udp(&p, 123, 123);
	ipv4_end(&p, ip);
	fix16(&p, 20 + 20 + 4, 8);

	assert_int_equal(decode_lt(DEC_LINKTYPE_LINUX_SLL2, &p, (uint32_t)p.n,
	    &f), DEC_OK);
	assert_int_equal(f.sll_pkttype, 0);
	assert_int_equal(f.layers, DEC_HAS_SRCMAC | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_L4);
	assert_memory_equal(f.src_mac, mac_a, 6);
	assert_int_equal(f.eclass, DEC_EC_IPV4);
	assert_int_equal(f.sport, 123);
	assert_int_equal(off_of(f.l3), 20);

	p.n = 19;
	assert_int_equal(decode_lt(DEC_LINKTYPE_LINUX_SLL2, &p, (uint32_t)p.n,
	    &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_LINK);
	assert_int_equal(f.layers, 0);
}

/* --- ARP ------------------------------------------------------------- */

static void arp(struct pkt *p, uint16_t htype, uint16_t op)
{
	p->n = 0;
	eth(p, ETH_P_ARP);
	PUT(p, htype >> 8, htype & 0xff, /* hardware type */
	    0x08, 0x00,                  /* protocol type: IPv4 */
	    6,                           /* hardware address length */
	    4,                           /* protocol address length */
	    op >> 8, op & 0xff,          /* operation */
	    MAC_A,                       /* sender hardware address */
	    IP4_A,                       /* sender protocol address */
	    MAC_B,                       /* target hardware address */
	    IP4_B);                      /* target protocol address */
	pad60(p);
}

static void test_arp(void **state)
{
	struct pkt p;
	struct dec_frame f;

	(void)state;
	arp(&p, 1, 1);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_ARP);
	assert_int_equal(f.eclass, DEC_EC_ARP);
	assert_int_equal(f.arp.op, 1);
	assert_memory_equal(f.arp.sha, mac_a, 6);
	assert_memory_equal(f.arp.spa, ip4_a, 4);
	assert_memory_equal(f.arp.tha, mac_b, 6);
	assert_memory_equal(f.arp.tpa, ip4_b, 4);

	arp(&p, 1, 2);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.arp.op, 2);

	arp(&p, 6, 1); /* IEEE 802 hardware: not ours to read */
	assert_int_equal(decode(&p, &f), DEC_UNSUPPORTED);
	assert_int_equal(f.err_layer, DEC_L_ARP);
	assert_int_equal(f.eclass, DEC_EC_ARP);
	assert_false(f.layers & DEC_HAS_ARP);

	arp(&p, 1, 1);
	p.n = 14 + 20; /* cut in the sender protocol address */
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_ARP);
	assert_false(f.layers & DEC_HAS_ARP);
}

/* --- IPv4 ------------------------------------------------------------ */

static void test_ipv4_router_alert(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;

	(void)state;
	eth(&p, ETH_P_IPV4);
	PUT(&p, 0x46,          /* version 4, IHL 6 */
	    0xc0,              /* TOS */
	    0x00, 0x20,        /* total length 32 */
	    0x00, 0x00,        /* identification */
	    0x00, 0x00,        /* flags, fragment offset */
	    1,                 /* TTL */
	    2,                 /* protocol: IGMP */
	    0x00, 0x00,        /* checksum */
	    IP4_A,             /* source */
	    224, 0, 0, 22,     /* destination: IGMPv3 routers */
	    0x94, 0x04, 0x00, 0x00, /* option 148 router alert, len 4 */
	    0x22, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00); /* IGMPv3 report */
	pad60(&p);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_OPTIONS | DEC_IP_ROUTER_ALERT);
	assert_int_equal(f.ip.proto, 2);
	assert_int_equal(f.ip.ttl, 1);
	assert_int_equal(f.ip.payload_len, 8);
	assert_int_equal(f.l3_len, 32);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP);

	/* NOP, then End of options: no alert */
	p.b[14 + 20] = 0x01;
	p.b[14 + 21] = 0x00;
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_OPTIONS);

	/* an option length below 2 is invalid, the header still counts */
	p.b[14 + 20] = 0x94;
	p.b[14 + 21] = 0x01;
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
	assert_true(f.layers & DEC_HAS_IP);

	/* an option longer than the option area */
	p.b[14 + 21] = 0x08;
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
}

static void ipv4_udp_frag(struct pkt *p, uint16_t frag)
{
	size_t ip, u;

	p->n = 0;
	eth(p, ETH_P_IPV4);
	ip = ipv4(p, IPPROTO_V_UDP, frag);
	u = udp(p, 4789, 4789);
	PUT(p, 1, 2, 3, 4, 5, 6, 7, 8);
	udp_end(p, u);
	ipv4_end(p, ip);
}

static void test_ipv4_fragments(void **state)
{
	struct pkt p;
	struct dec_frame f;

	(void)state;
	ipv4_udp_frag(&p, 0x2000); /* MF, offset 0: the first fragment */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_FRAG);
	assert_int_equal(f.ip.frag_off, 0);
	assert_true(f.layers & DEC_HAS_L4);
	assert_int_equal(f.sport, 4789);

	ipv4_udp_frag(&p, 0x2000 | 185); /* MF, offset 185*8: a middle one */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_FRAG | DEC_IP_LATER_FRAG);
	assert_int_equal(f.ip.frag_off, 185);
	assert_false(f.layers & DEC_HAS_L4);
	assert_int_equal(f.sport, 0);
	assert_null(f.payload);

	ipv4_udp_frag(&p, 370); /* offset 370, no MF: the last one */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_FRAG | DEC_IP_LATER_FRAG);
	assert_false(f.layers & DEC_HAS_L4);

	ipv4_udp_frag(&p, 0x4000); /* DF only: not a fragment */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, 0);
}

static void test_ipv4_invalid(void **state)
{
	struct pkt p;
	struct dec_frame f;

	(void)state;
	ipv4_udp_frag(&p, 0);
	p.b[14] = 0x65; /* version 6 under type 0x0800 */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
	assert_int_equal(f.eclass, DEC_EC_IPV4);
	assert_false(f.layers & DEC_HAS_IP);

	ipv4_udp_frag(&p, 0);
	p.b[14] = 0x44; /* IHL 4 */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
	assert_false(f.layers & DEC_HAS_IP);

	ipv4_udp_frag(&p, 0);
	fix16(&p, 14 + 2, 19); /* total length below the header length */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
	assert_true(f.layers & DEC_HAS_IP);
	assert_false(f.layers & DEC_HAS_L4);

	ipv4_udp_frag(&p, 0);
	p.b[14] = 0x4f; /* IHL 15: 60 bytes of header, the frame has fewer */
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
}

static void test_ipv4_lengths(void **state)
{
	struct pkt p;
	struct dec_frame f;

	(void)state;
	/* total length beyond the frame, nothing lost to a snap length */
	ipv4_udp_frag(&p, 0);
	fix16(&p, 14 + 2, 100);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
	assert_false(f.ip.flags & DEC_IP_SNAPPED);
	assert_int_equal(f.ip.payload_len, 80);
	/* what is there is still decoded */
	assert_true(f.layers & DEC_HAS_L4);
	assert_int_equal(f.dport, 4789);

	/* the same bytes, but the wire had them all: snapped, not an error */
	assert_int_equal(decode_snapped(&p, 14 + 100, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_SNAPPED);
	assert_int_equal(f.snapped, 0); /* UDP header whole: only data cut */
	assert_int_equal(f.err_layer, DEC_L_NONE);
	assert_int_equal(f.payload_len, 8);

	/* Ethernet padding beyond the total length is trimmed */
	ipv4_udp_frag(&p, 0);
	pad60(&p);
	p.b[p.n - 1] = 0xee;
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.l3_len, 36);
	assert_int_equal(f.payload_len, 8);
	assert_int_equal(off_of(f.payload) + f.payload_len, 14 + 36);

	/* total length 0 (segmentation offload): the rest of the frame */
	ipv4_udp_frag(&p, 0);
	fix16(&p, 14 + 2, 0);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.payload_len, 16);
	assert_int_equal(f.payload_len, 8);
}

static void test_ipv4_tcp(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_TCP, 0x4000);
	tcp(&p, 40000, 179, 7, 0x02); /* SYN, 8 bytes of options */
	PUT(&p, 0x02, 0x04, 0x05, 0xb4, /* MSS 1460 */
	    0x01, 0x01, 0x01, 0x00);    /* NOP NOP NOP EOL */
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_L4);
	assert_int_equal(f.l4_proto, IPPROTO_V_TCP);
	assert_int_equal(f.sport, 40000);
	assert_int_equal(f.dport, 179);
	assert_int_equal(f.tcp_flags, 0x02);
	assert_int_equal(f.payload_len, 0);
	assert_int_equal(off_of(f.payload), 14 + 20 + 28);

	/* options cut with caplen == wirelen: truncated */
	p.n -= 4;
	ipv4_end(&p, 14);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_TCP);
	assert_true(f.layers & DEC_HAS_L4);

	/* options cut by the snap length: ports and flags, no error */
	fix16(&p, 14 + 2, 48);
	assert_int_equal(decode_snapped(&p, 14 + 48, &f), DEC_OK);
	assert_int_equal(f.snapped, 1);
	assert_int_equal(f.tcp_flags, 0x02);
	assert_int_equal(f.ip.flags, DEC_IP_SNAPPED);

	/* data offset below 5 */
	p.n = 0;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_TCP, 0);
	tcp(&p, 1, 2, 4, 0x10);
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_TCP);
	assert_int_equal(f.sport, 1);
	assert_null(f.payload);
}

static void test_udp_truncated(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_UDP, 0);
	PUT(&p, 0x00, 0x35, 0x00, 0x35, 0x00, 0x08); /* 6 of 8 header bytes */
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_UDP);
	assert_true(f.layers & DEC_HAS_L4);
	assert_int_equal(f.sport, 53);

	p.n = 14 + 20 + 3;
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_UDP);
	assert_false(f.layers & DEC_HAS_L4);
}

static void test_icmp4(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_ICMP, 0);
	PUT(&p, 3,      /* type: destination unreachable */
	    4,          /* code: fragmentation needed */
	    0x00, 0x00, /* checksum */
	    0x00, 0x00, 0x05, 0xdc); /* unused, next-hop MTU 1500 */
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_ICMP);
	assert_int_equal(f.icmp_type, 3);
	assert_int_equal(f.icmp_code, 4);

	p.n = 14 + 20 + 1;
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_ICMP);
	assert_false(f.layers & DEC_HAS_ICMP);
}

/* --- IPv6 extension headers ------------------------------------------ */

static void test_ipv6_hbh_router_alert(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, 0, 1, ll6_a, mld_grp);
	PUT(&p, IPPROTO_V_ICMPV6, /* HBH: next header */
	    0,                    /* length: 8 bytes */
	    0x05, 0x02, 0x00, 0x00, /* router alert: MLD */
	    0x01, 0x00);          /* PadN, 0 bytes */
	PUT(&p, 131,    /* MLDv1 report */
	    0,          /* code */
	    0x00, 0x00, /* checksum */
	    0x00, 0x00, /* max response delay */
	    0x00, 0x00, /* reserved */
	    MLD_GRP);   /* multicast address */
	ipv6_end(&p, ip);

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_HBH | DEC_IP_ROUTER_ALERT);
	assert_int_equal(f.ip.n_ext, 1);
	assert_int_equal(f.ip.proto, IPPROTO_V_ICMPV6);
	assert_int_equal(f.ip.ttl, 1);
	assert_memory_equal(f.ip.src, ll6_a, 16);
	assert_memory_equal(f.ip.dst, mld_grp, 16);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_ICMP | DEC_HAS_MLD);
	assert_int_equal(f.icmp_type, 131);
	assert_int_equal(f.mld.version, 1);
	assert_memory_equal(f.mld.group, mld_grp, 16);

	/* Pad1 then PadN running past the header: invalid */
	p.b[14 + 40 + 2] = 0x00; /* Pad1 */
	p.b[14 + 40 + 3] = 0x01; /* PadN */
	p.b[14 + 40 + 4] = 0x09; /* 9 bytes, only 3 remain */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV6_EXT);
	assert_int_equal(f.ip.flags, DEC_IP_HBH);
	assert_true(f.layers & DEC_HAS_MLD); /* decoding goes on */
}

static void test_ipv6_routing_dstopts(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, 43, 64, ip6_a, ip6_b);
	PUT(&p, 60,     /* routing: next header dest options */
	    2,          /* length: 24 bytes */
	    0,          /* type 0 (deprecated, still seen) */
	    1,          /* segments left */
	    0, 0, 0, 0, /* reserved */
	    IP6_B);     /* address[1] */
	PUT(&p, IPPROTO_V_TCP, /* dest options: next header TCP */
	    0,                 /* length: 8 bytes */
	    0x01, 0x04, 0, 0, 0, 0); /* PadN 4 */
	tcp(&p, 22, 50000, 5, 0x11); /* FIN|ACK */
	ipv6_end(&p, ip);

	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_ROUTING | DEC_IP_DSTOPTS);
	assert_int_equal(f.ip.n_ext, 2);
	assert_int_equal(f.ip.proto, IPPROTO_V_TCP);
	assert_int_equal(f.ip.payload_len, 24 + 8 + 20);
	assert_int_equal(f.tcp_flags, 0x11);
	assert_int_equal(f.sport, 22);
	assert_int_equal(off_of(f.l3), 14);
	assert_int_equal(f.l3_len, 40 + 52);
}

static void ipv6_frag(struct pkt *p, uint16_t offlags)
{
	size_t ip;

	p->n = 0;
	eth(p, ETH_P_IPV6);
	ip = ipv6(p, 44, 64, ip6_a, ip6_b);
	PUT(p, IPPROTO_V_UDP,               /* next header */
	    0,                              /* reserved */
	    offlags >> 8, offlags & 0xff,   /* offset(13) res(2) M(1) */
	    0x00, 0x00, 0xbe, 0xef);        /* identification */
	udp(p, 53, 53);
	PUT(p, 0, 0, 0, 0, 0, 0, 0, 0);
	ipv6_end(p, ip);
}

static void test_ipv6_fragment(void **state)
{
	struct pkt p;
	struct dec_frame f;

	(void)state;
	ipv6_frag(&p, 0x0001); /* offset 0, M: the first fragment */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_FRAG);
	assert_int_equal(f.ip.n_ext, 1);
	assert_int_equal(f.ip.proto, IPPROTO_V_UDP);
	assert_true(f.layers & DEC_HAS_L4);
	assert_int_equal(f.dport, 53);

	ipv6_frag(&p, 100 << 3); /* offset 100, last: no L4 header */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_FRAG | DEC_IP_LATER_FRAG);
	assert_int_equal(f.ip.frag_off, 100);
	assert_int_equal(f.ip.proto, IPPROTO_V_UDP);
	assert_false(f.layers & DEC_HAS_L4);
	assert_int_equal(f.dport, 0);
}

/* `n` destination-option headers of 8 bytes each, then no next header. */
static void ipv6_ext_chain(struct pkt *p, int n)
{
	size_t ip;
	int i;

	p->n = 0;
	eth(p, ETH_P_IPV6);
	ip = ipv6(p, 60, 64, ip6_a, ip6_b);
	for (i = 1; i <= n; i++)
		PUT(p, i == n ? 59 : 60, /* next header */
		    0,                   /* length: 8 bytes */
		    0x01, 0x04, 0, 0, 0, 0); /* PadN 4 */
	ipv6_end(p, ip);
}

static void test_ipv6_ext_limits(void **state)
{
	struct pkt p;
	struct dec_frame f;

	(void)state;
	ipv6_ext_chain(&p, DEC_MAX_EXT);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.n_ext, DEC_MAX_EXT);
	assert_int_equal(f.ip.proto, 59);

	ipv6_ext_chain(&p, DEC_MAX_EXT + 1);
	assert_int_equal(decode(&p, &f), DEC_UNSUPPORTED);
	assert_int_equal(f.err_layer, DEC_L_IPV6_EXT);
	assert_int_equal(f.ip.n_ext, DEC_MAX_EXT);
	assert_int_equal(f.ip.proto, 60);
	assert_true(f.layers & DEC_HAS_IP);
	assert_int_equal(f.eclass, DEC_EC_IPV6);
}

static void test_ipv6_ext_truncated(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	/* the header claims 16 bytes, the payload length only 8 remain */
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, 60, 64, ip6_a, ip6_b);
	PUT(&p, 59, /* next header: none */
	    1,      /* length: 16 bytes */
	    0x01, 0x04, 0, 0, 0, 0);
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_IPV6_EXT);
	assert_int_equal(f.ip.proto, 60);
	assert_int_equal(f.ip.n_ext, 0);

	/* only the next-header byte: the length cannot be read */
	p.n = 14 + 40 + 1;
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_IPV6_EXT);

	/* AH counts in 4-byte units plus 2 */
	p.n = 0;
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, 51, 64, ip6_a, ip6_b);
	PUT(&p, 59, /* next header: none */
	    4,      /* payload length: (4+2)*4 = 24 bytes */
	    0, 0,   /* reserved */
	    0, 0, 0x01, 0x00, /* SPI */
	    0, 0, 0, 1,       /* sequence */
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0); /* ICV */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.n_ext, 1);
	assert_int_equal(f.ip.proto, 59);
	p.n -= 1;
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_IPV6_EXT);
}

static void test_ipv6_invalid_and_lengths(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;

	(void)state;
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, IPPROTO_V_UDP, 64, ip6_a, ip6_b);
	udp(&p, 1000, 2000);
	ipv6_end(&p, ip);
	p.b[14] = 0x40; /* version 4 under 0x86dd */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV6);
	assert_false(f.layers & DEC_HAS_IP);
	assert_int_equal(f.eclass, DEC_EC_IPV6);

	p.b[14] = 0x60;
	fix16(&p, 14 + 4, 0); /* jumbogram-style 0: take what is there */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.ip.payload_len, 8);

	fix16(&p, 14 + 4, 200); /* declared beyond the frame */
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_IPV6);
	assert_true(f.layers & DEC_HAS_L4);
	assert_int_equal(decode_snapped(&p, 14 + 40 + 200, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_SNAPPED);

	/* IPv6-in-IPv6 (41 under IPv6) stays opaque */
	p.n = 0;
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, IPPROTO_V_IPV6, 64, ip6_a, ip6_b);
	ipv6(&p, 59, 64, ip6_b, ip6_a);
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_NONE);
	assert_false(f.layers & DEC_HAS_INNER);

	/* ICMPv4 under IPv6 is not decoded as ICMP */
	p.n = 0;
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, IPPROTO_V_ICMP, 64, ip6_a, ip6_b);
	PUT(&p, 8, 0, 0, 0);
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_false(f.layers & DEC_HAS_ICMP);
}

/* --- ICMPv6: Neighbor Discovery -------------------------------------- */

/* Ethernet + IPv6 (hop limit 255) + ICMPv6 header; returns the IPv6 offset. */
static size_t icmp6(struct pkt *p, uint8_t type, const uint8_t src[16],
    const uint8_t dst[16])
{
	size_t ip;

	p->n = 0;
	eth(p, ETH_P_IPV6);
	ip = ipv6(p, IPPROTO_V_ICMPV6, 255, src, dst);
	PUT(p, type,    /* type */
	    0,          /* code */
	    0x00, 0x00); /* checksum (not verified) */
	return ip;
}

static void test_nd_rs(void **state)
{
	struct pkt p;
	struct dec_frame f;
	size_t ip;
	static const uint8_t allrouters[16] = {ALLROUTERS};

	(void)state;
	ip = icmp6(&p, 133, ll6_a, allrouters);
	PUT(&p, 0, 0, 0, 0,     /* reserved */
	    1, 1, MAC_A);       /* option: source link-layer address */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_ICMP | DEC_HAS_ND);
	assert_int_equal(f.icmp_type, 133);
	assert_int_equal(f.nd.opts, DEC_ND_OPT_SLL);
	assert_int_equal(f.nd.n_opts, 1);
	assert_memory_equal(f.nd.sll, mac_a, 6);
	assert_int_equal(f.ip.ttl, 255);

	p.n = 14 + 40 + 4 + 3; /* reserved field cut */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_ND);
	assert_false(f.layers & DEC_HAS_ND);
}

/* RA with SLL, MTU and Prefix Information options; returns the IPv6 offset. */
static size_t ra(struct pkt *p)
{
	static const uint8_t allnodes[16] = {ALLNODES};
	size_t ip = icmp6(p, 134, ll6_a, allnodes);

	PUT(p, 64,             /* cur hop limit */
	    0xc0,              /* M, O */
	    0x07, 0x08,        /* router lifetime 1800 s */
	    0, 0, 0, 0,        /* reachable time */
	    0, 0, 0, 0);       /* retrans timer */
	PUT(p, 1, 1, MAC_A);   /* source link-layer address */
	PUT(p, 5, 1,           /* MTU */
	    0, 0,              /* reserved */
	    0x00, 0x00, 0x05, 0xdc); /* 1500 */
	PUT(p, 3, 4,           /* prefix information, 32 bytes */
	    64,                /* prefix length */
	    0xc0,              /* L, A */
	    0x00, 0x27, 0x8d, 0x00, /* valid lifetime */
	    0x00, 0x09, 0x3a, 0x80, /* preferred lifetime */
	    0, 0, 0, 0,        /* reserved */
	    0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	PUT(p, 3, 4, 48, 0xc0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, /* second */
	    0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	PUT(p, 25, 1, 0, 0, 0, 0, 0, 0); /* RDNSS stub: unknown, skipped */
	ipv6_end(p, ip);
	return ip;
}

static void test_nd_ra(void **state)
{
	struct pkt p;
	struct dec_frame f;
	static const uint8_t prefix[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};

	(void)state;
	ra(&p);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_true(f.layers & DEC_HAS_ND);
	assert_int_equal(f.icmp_type, 134);
	assert_int_equal(f.nd.ra_hop_limit, 64);
	assert_int_equal(f.nd.flags, 0xc0);
	assert_int_equal(f.nd.ra_lifetime, 1800);
	assert_int_equal(f.nd.opts, DEC_ND_OPT_SLL | DEC_ND_OPT_MTU |
	    DEC_ND_OPT_PREFIX);
	assert_int_equal(f.nd.n_opts, 5);
	assert_int_equal(f.nd.n_prefix, 2);
	assert_int_equal(f.nd.prefix_len, 64); /* the first one */
	assert_memory_equal(f.nd.prefix, prefix, 16);
	assert_int_equal(f.nd.mtu, 1500);
	assert_memory_equal(f.nd.sll, mac_a, 6);
}

static void test_nd_bad_options(void **state)
{
	struct pkt p;
	struct dec_frame f;
	const size_t opt = 14 + 40 + 16; /* first option: SLL */

	(void)state;
	ra(&p);
	p.b[opt + 1] = 0; /* zero-length option: must not spin */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_ND);
	assert_true(f.layers & DEC_HAS_ND);
	assert_int_equal(f.nd.n_opts, 0);

	ra(&p);
	p.b[opt + 8 + 1] = 2; /* MTU option of 16 bytes */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_ND);

	ra(&p);
	p.b[opt + 16 + 1] = 3; /* prefix option of 24 bytes */
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_ND);

	/* an option running past the payload length, nothing snapped */
	ra(&p);
	p.b[opt + 16 + 32 + 32 + 1] = 2; /* RDNSS claims 16 bytes, has 8 */
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_ND);
	assert_int_equal(f.nd.n_opts, 4);

	/* SLL option of 16 bytes: counted, address not taken */
	ra(&p);
	p.b[opt + 1] = 2;
	p.b[opt + 8] = 0x0e; /* now a byte of the 16-byte SLL; the MTU is gone */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_false(f.nd.opts & DEC_ND_OPT_SLL);
	assert_false(f.nd.opts & DEC_ND_OPT_MTU);
}

static void test_nd_snapped_option(void **state)
{
	struct pkt p;
	struct dec_frame f;
	size_t full;

	(void)state;
	ra(&p);
	full = p.n;
	p.n = 14 + 40 + 16 + 8 + 8 + 20; /* cut inside the first prefix */
	assert_int_equal(decode_snapped(&p, (uint32_t)full, &f), DEC_OK);
	assert_int_equal(f.ip.flags, DEC_IP_SNAPPED);
	assert_int_equal(f.snapped, 1);
	assert_int_equal(f.err_layer, DEC_L_NONE);
	assert_int_equal(f.nd.opts, DEC_ND_OPT_SLL | DEC_ND_OPT_MTU |
	    DEC_ND_OPT_PARTIAL);
	assert_int_equal(f.nd.n_opts, 2);
	assert_int_equal(f.nd.n_prefix, 0);

	p.n = 14 + 40 + 16 + 1; /* only an option type byte */
	assert_int_equal(decode_snapped(&p, (uint32_t)full, &f), DEC_OK);
	assert_int_equal(f.nd.opts, DEC_ND_OPT_PARTIAL);
	assert_int_equal(f.nd.n_opts, 0);
}

static void test_nd_ns_na(void **state)
{
	struct pkt p;
	struct dec_frame f;
	size_t ip;
	static const uint8_t solnode[16] = {SOLNODE_B};
	static const uint8_t allnodes[16] = {ALLNODES};

	(void)state;
	ip = icmp6(&p, 135, ll6_a, solnode);
	PUT(&p, 0, 0, 0, 0, /* reserved */
	    LL6_B,          /* target address */
	    1, 1, MAC_A);   /* source link-layer address */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.icmp_type, 135);
	assert_memory_equal(f.nd.target, ll6_b, 16);
	assert_int_equal(f.nd.opts, DEC_ND_OPT_SLL);
	assert_memory_equal(f.nd.sll, mac_a, 6);

	p.n = 14 + 40 + 4 + 4 + 15; /* target cut */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_ND);

	ip = icmp6(&p, 136, ll6_b, allnodes);
	PUT(&p, 0xe0,   /* R, S, O */
	    0, 0, 0,    /* reserved */
	    LL6_B,      /* target address */
	    2, 1, MAC_B); /* target link-layer address */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.icmp_type, 136);
	assert_int_equal(f.nd.flags, DEC_NA_ROUTER | DEC_NA_SOLICITED |
	    DEC_NA_OVERRIDE);
	assert_memory_equal(f.nd.target, ll6_b, 16);
	assert_int_equal(f.nd.opts, DEC_ND_OPT_TLL);
	assert_memory_equal(f.nd.tll, mac_b, 6);

	p.b[14 + 40 + 4] = DEC_NA_OVERRIDE; /* unsolicited, not a router */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.nd.flags, DEC_NA_OVERRIDE);
}

static void test_nd_redirect(void **state)
{
	struct pkt p;
	struct dec_frame f;
	size_t ip;

	(void)state;
	ip = icmp6(&p, 137, ll6_a, ll6_b);
	PUT(&p, 0, 0, 0, 0, /* reserved */
	    LL6_A,          /* target: the better first hop */
	    IP6_B);         /* destination */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.icmp_type, 137);
	assert_true(f.layers & DEC_HAS_ND);
	assert_memory_equal(f.nd.target, ll6_a, 16);
	assert_memory_equal(f.nd.dest, ip6_b, 16);
	assert_int_equal(f.nd.n_opts, 0);

	p.n -= 1;
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_ND);
}

static void test_icmp6_other(void **state)
{
	struct pkt p;
	struct dec_frame f;
	size_t ip;

	(void)state;
	ip = icmp6(&p, 128, ip6_a, ip6_b); /* echo request */
	PUT(&p, 0, 1, 0, 1);
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_ICMP);
	assert_int_equal(f.icmp_type, 128);

	p.n = 14 + 40 + 3;
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_ICMP6);
	assert_false(f.layers & DEC_HAS_ICMP);
}

/* --- MLD ------------------------------------------------------------- */

static void mld1(struct pkt *p, uint8_t type, const uint8_t grp[16])
{
	size_t ip = icmp6(p, type, ll6_a, grp);

	p->b[ip + 7] = 1; /* hop limit 1 */
	PUT(p, 0x27, 0x10, /* maximum response delay 10000 ms */
	    0, 0);         /* reserved */
	put(p, grp, 16);   /* multicast address */
	ipv6_end(p, ip);
}

static void test_mld1(void **state)
{
	static const uint8_t zero[16] = {0};
	struct pkt p;
	struct dec_frame f;

	(void)state;
	mld1(&p, 130, zero); /* general query */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_ICMP | DEC_HAS_MLD);
	assert_int_equal(f.icmp_type, 130);
	assert_int_equal(f.mld.version, 1);
	assert_memory_equal(f.mld.group, zero, 16);

	mld1(&p, 131, mld_grp); /* report */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.mld.version, 1);
	assert_memory_equal(f.mld.group, mld_grp, 16);

	mld1(&p, 132, mld_grp2); /* done */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.icmp_type, 132);
	assert_memory_equal(f.mld.group, mld_grp2, 16);

	mld1(&p, 131, mld_grp);
	p.n -= 1; /* group cut */
	ipv6_end(&p, 14);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_MLD);
	assert_false(f.layers & DEC_HAS_MLD);

	/* a query of 22 bytes of body: neither v1 nor v2 */
	mld1(&p, 130, mld_grp);
	PUT(&p, 0, 0);
	ipv6_end(&p, 14);
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_MLD);
	/* the same length cut by a snap length is not judged */
	assert_int_equal(decode_snapped(&p, (uint32_t)p.n + 30, &f), DEC_OK);
	assert_int_equal(f.snapped, 1);
}

static void test_mld2_query(void **state)
{
	struct pkt p;
	struct dec_frame f;
	size_t ip;

	(void)state;
	ip = icmp6(&p, 130, ll6_a, mld_grp2);
	PUT(&p, 0x27, 0x10, /* maximum response code */
	    0, 0,           /* reserved */
	    MLD_GRP2,       /* multicast address: group-specific */
	    0x02,           /* S=0, QRV 2 */
	    125,            /* QQIC */
	    0x00, 0x02,     /* number of sources */
	    IP6_A, IP6_B);  /* sources */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.mld.version, 2);
	assert_int_equal(f.mld.n_sources, 2);
	assert_memory_equal(f.mld.group, mld_grp2, 16);

	p.n -= 16; /* one source missing */
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_MLD);
	assert_int_equal(f.mld.n_sources, 2);
	assert_int_equal(decode_snapped(&p, (uint32_t)p.n + 16, &f), DEC_OK);
	assert_int_equal(f.snapped, 1);
	assert_int_equal(f.mld.version, 2);
}

static size_t mld2_report(struct pkt *p, uint16_t nrec)
{
	static const uint8_t v6routers[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0x16};
	size_t ip = icmp6(p, 143, ll6_a, v6routers);

	PUT(p, 0, 0,               /* reserved */
	    nrec >> 8, nrec & 0xff); /* number of records */
	PUT(p, 4,                  /* record type: CHANGE_TO_EXCLUDE */
	    0,                     /* aux data length */
	    0x00, 0x00,            /* number of sources */
	    MLD_GRP);              /* multicast address */
	PUT(p, 1,                  /* record type: MODE_IS_INCLUDE */
	    1,                     /* aux data: 4 bytes */
	    0x00, 0x01,            /* one source */
	    MLD_GRP2,              /* multicast address */
	    IP6_A,                 /* source */
	    0xaa, 0xbb, 0xcc, 0xdd); /* aux data */
	ipv6_end(p, ip);
	return ip;
}

static void test_mld2_report(void **state)
{
	struct pkt p;
	struct dec_frame f;
	size_t ip;

	(void)state;
	mld2_report(&p, 2);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.icmp_type, 143);
	assert_int_equal(f.mld.version, 2);
	assert_int_equal(f.mld.n_records, 2);
	assert_memory_equal(f.mld.group, mld_grp, 16);

	/* three records declared, two present */
	mld2_report(&p, 3);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_MLD);
	assert_true(f.layers & DEC_HAS_MLD);
	assert_memory_equal(f.mld.group, mld_grp, 16);

	/* the second record cut in its aux data */
	ip = mld2_report(&p, 2);
	p.n -= 2;
	ipv6_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_MLD);
	/* and by the snap length: no error */
	assert_int_equal(decode_snapped(&p, (uint32_t)p.n + 2, &f), DEC_OK);
	assert_int_equal(f.snapped, 1);
	assert_int_equal(f.mld.n_records, 2);

	/* a huge declared count ends with the bytes */
	mld2_report(&p, 0xffff);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.mld.n_records, 0xffff);

	p.n = 14 + 40 + 4 + 3; /* record count cut */
	ipv6_end(&p, 14);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_MLD);
	assert_false(f.layers & DEC_HAS_MLD);
}

/* --- tunnels --------------------------------------------------------- */

static void proto41(struct pkt *p, const uint8_t src6[16],
    const uint8_t dst6[16])
{
	size_t ip4, ip6;

	p->n = 0;
	eth(p, ETH_P_IPV4);
	ip4 = ipv4(p, IPPROTO_V_IPV6, 0);
	ip6 = ipv6(p, IPPROTO_V_ICMPV6, 64, src6, dst6);
	PUT(p, 128, 0, 0, 0, /* echo request */
	    0x00, 0x07, 0x00, 0x01); /* id, sequence */
	ipv6_end(p, ip6);
	ipv4_end(p, ip4);
}

static void test_6in4_6to4(void **state)
{
	static const uint8_t sixto4[16] = {0x20, 0x02, 0xc0, 0x00, 0x02, 0x01, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 1};
	struct pkt p;
	struct dec_frame f;

	(void)state;
	proto41(&p, ip6_a, ip6_b);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_6IN4);
	assert_int_equal(f.eclass, DEC_EC_IPV4);
	assert_int_equal(f.ethertype, ETH_P_IPV4);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_INNER | DEC_HAS_ICMP);
	assert_int_equal(f.ip.version, 4);
	assert_int_equal(f.ip.proto, IPPROTO_V_IPV6);
	assert_memory_equal(f.ip.src, ip4_a, 4);
	assert_int_equal(f.inner.version, 6);
	assert_int_equal(f.inner.proto, IPPROTO_V_ICMPV6);
	assert_memory_equal(f.inner.src, ip6_a, 16);
	assert_memory_equal(f.inner.dst, ip6_b, 16);
	assert_int_equal(f.icmp_type, 128);
	assert_int_equal(off_of(f.l3), 14 + 20); /* the inner header */
	assert_int_equal(f.l3_len, 48);

	proto41(&p, sixto4, ip6_b);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_6TO4);
	proto41(&p, ip6_a, sixto4);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_6TO4);

	/* protocol 41 carrying no IPv6 is invalid and not a tunnel */
	proto41(&p, ip6_a, ip6_b);
	p.b[14 + 20] = 0x45;
	assert_int_equal(decode(&p, &f), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_TUNNEL);
	assert_int_equal(f.tunnel, DEC_TUN_NONE);
	assert_false(f.layers & DEC_HAS_INNER);

	/* an inner IPv6 header cut short: named, the error is "tunnel" */
	proto41(&p, ip6_a, ip6_b);
	p.n = 14 + 20 + 30;
	ipv4_end(&p, 14);
	assert_int_equal(decode(&p, &f), DEC_TRUNCATED);
	assert_int_equal(f.err_layer, DEC_L_TUNNEL);
	assert_int_equal(f.tunnel, DEC_TUN_6IN4);
	assert_false(f.layers & DEC_HAS_INNER);
	/* cut by the snap length instead: counted as snapped, no error */
	assert_int_equal(decode_snapped(&p, 14 + 20 + 48, &f), DEC_OK);
	assert_int_equal(f.snapped, 1);
	assert_int_equal(f.tunnel, DEC_TUN_6IN4);
}

#define TEREDO_CLIENT 0x20, 0x01, 0x00, 0x00, 0x41, 0x36, 0xe3, 0x78, \
	0x80, 0x00, 0x63, 0xbf, 0x3f, 0xff, 0xfd, 0xd2

/* IPv4/UDP from port 3544, then `hdr` (auth/origin), then IPv6/UDP. */
static void teredo(struct pkt *p, const uint8_t *hdr, size_t hlen)
{
	static const uint8_t client[16] = {TEREDO_CLIENT};
	size_t ip4, u, ip6, u6;

	p->n = 0;
	eth(p, ETH_P_IPV4);
	ip4 = ipv4(p, IPPROTO_V_UDP, 0);
	u = udp(p, TEREDO_PORT, 51000);
	put(p, hdr, hlen);
	ip6 = ipv6(p, IPPROTO_V_UDP, 64, ip6_a, client);
	u6 = udp(p, 443, 61000);
	PUT(p, 'q', 'u', 'i', 'c');
	udp_end(p, u6);
	ipv6_end(p, ip6);
	udp_end(p, u);
	ipv4_end(p, ip4);
}

static void test_teredo(void **state)
{
	static const uint8_t client[16] = {TEREDO_CLIENT};
	static const uint8_t origin[] = {
		0x00, 0x00,             /* origin indication */
		0xf2, 0x27,             /* obfuscated port */
		0x3f, 0xff, 0xfd, 0xfe, /* obfuscated address */
	};
	static const uint8_t auth[] = {
		0x00, 0x01,             /* authentication indicator */
		2,                      /* client id length */
		3,                      /* authentication value length */
		0xc1, 0xc2,             /* client id */
		0xa1, 0xa2, 0xa3,       /* authentication value */
		1, 2, 3, 4, 5, 6, 7, 8, /* nonce */
		0x00,                   /* confirmation */
		0x00, 0x00,             /* origin indication follows */
		0xf2, 0x27,
		0x3f, 0xff, 0xfd, 0xfe,
	};
	struct pkt p;
	struct dec_frame f;

	(void)state;
	teredo(&p, NULL, 0); /* bare: IPv6 straight after UDP */
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_TEREDO);
	assert_int_equal(f.eclass, DEC_EC_IPV4);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_INNER | DEC_HAS_L4);
	assert_int_equal(f.ip.proto, IPPROTO_V_UDP);
	assert_int_equal(f.inner.proto, IPPROTO_V_UDP);
	assert_memory_equal(f.inner.src, ip6_a, 16);
	assert_memory_equal(f.inner.dst, client, 16);
	assert_int_equal(f.sport, 443); /* the inner ports */
	assert_int_equal(f.dport, 61000);
	assert_int_equal(f.payload_len, 4);
	assert_int_equal(off_of(f.l3), 14 + 20 + 8);

	teredo(&p, origin, sizeof(origin));
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_TEREDO);
	assert_int_equal(f.sport, 443);
	assert_int_equal(off_of(f.l3), 14 + 20 + 8 + 8);

	teredo(&p, auth, sizeof(auth));
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_TEREDO);
	assert_int_equal(f.dport, 61000);
	assert_int_equal(off_of(f.l3), 14 + 20 + 8 + sizeof(auth));

	/* the auth header alone, no origin indication */
	teredo(&p, auth, sizeof(auth) - 8);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_TEREDO);
}

static void test_udp3544_not_teredo(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip, u;
	int i;

	(void)state;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_UDP, 0);
	u = udp(&p, 50000, TEREDO_PORT);
	for (i = 0; i < 48; i++)
		PUT(&p, 0x41); /* not IPv6 */
	udp_end(&p, u);
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_NONE);
	assert_int_equal(f.layers, L_ETH | DEC_HAS_ETYPE | DEC_HAS_IP |
	    DEC_HAS_L4);
	assert_int_equal(f.dport, TEREDO_PORT);
	assert_int_equal(f.payload_len, 48);

	/* an IPv6 header without a Teredo address at either end */
	p.n = 0;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_UDP, 0);
	u = udp(&p, TEREDO_PORT, TEREDO_PORT);
	ipv6(&p, 59, 64, ip6_a, ip6_b);
	udp_end(&p, u);
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_NONE);
	assert_false(f.layers & DEC_HAS_INNER);
	assert_int_equal(f.sport, TEREDO_PORT);

	/* an auth header whose lengths run past the datagram */
	p.n = 0;
	eth(&p, ETH_P_IPV4);
	ip = ipv4(&p, IPPROTO_V_UDP, 0);
	u = udp(&p, TEREDO_PORT, 1);
	PUT(&p, 0x00, 0x01, 0xff, 0xff, 0x60);
	udp_end(&p, u);
	ipv4_end(&p, ip);
	assert_int_equal(decode(&p, &f), DEC_OK);
	assert_int_equal(f.tunnel, DEC_TUN_NONE);
}

/* --- every cut of an IPv6/TCP frame ---------------------------------- */

static void test_truncation_sweep(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip, n;

	(void)state;
	eth(&p, ETH_P_IPV6);
	ip = ipv6(&p, IPPROTO_V_TCP, 64, ip6_a, ip6_b);
	tcp(&p, 179, 179, 5, 0x18);
	PUT(&p, 0xff, 0xff, 0xff, 0xff); /* BGP marker, start */
	ipv6_end(&p, ip);
	assert_int_equal(p.n, 78);

	for (n = 0; n <= p.n; n++) {
		uint8_t *c = malloc(n ? n : 1);
		int st;

		assert_non_null(c);
		memcpy(c, p.b, n);

		/* truncated: the wire had no more than we have */
		st = dec_frame(DEC_LINKTYPE_ETHERNET, c, (uint32_t)n, (uint32_t)n,
		    &f);
		check_frame(&f, c, n);
		assert_int_equal(f.eclass, n >= 14 ? DEC_EC_IPV6 : DEC_EC_OTHER);
		if (n == p.n) {
			assert_int_equal(st, DEC_OK);
		} else {
			assert_int_equal(st, DEC_TRUNCATED);
			assert_int_equal(f.err_layer,
			    n < 14 ? DEC_L_LINK : DEC_L_IPV6);
		}
		if (n >= 14 + 40 + 4)
			assert_true(f.layers & DEC_HAS_L4);
		assert_int_equal(f.snapped, 0);

		/*
		 * snapped: the rest was on the wire.  Never an error; `snapped`
		 * says a header was cut, DEC_IP_SNAPPED that the IP payload was.
		 */
		st = dec_frame(DEC_LINKTYPE_ETHERNET, c, (uint32_t)n,
		    (uint32_t)p.n, &f);
		check_frame(&f, c, n);
		assert_int_equal(st, DEC_OK);
		assert_int_equal(f.err_layer, DEC_L_NONE);
		assert_int_equal(f.eclass, n >= 14 ? DEC_EC_IPV6 : DEC_EC_OTHER);
		if (n < 14 + 40) {
			assert_int_equal(f.snapped, n < p.n);
			assert_false(f.layers & DEC_HAS_IP);
		} else if (n < 14 + 40 + 20) {
			/* TCP header cut: ports once 4 bytes are there */
			assert_int_equal(f.snapped, 1);
			assert_int_equal(f.ip.flags, DEC_IP_SNAPPED);
			assert_int_equal(!!(f.layers & DEC_HAS_L4),
			    n >= 14 + 40 + 4);
			assert_null(f.payload);
		} else {
			/* headers whole, only the BGP bytes cut */
			assert_int_equal(f.snapped, 0);
			assert_int_equal(f.ip.flags,
			    n < p.n ? DEC_IP_SNAPPED : 0);
			assert_int_equal(f.tcp_flags, 0x18);
			assert_int_equal(f.payload_len, n - (14 + 40 + 20));
		}
		free(c);
	}
}

/* --- value-to-name helpers ------------------------------------------- */

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(dec_status_name(DEC_OK), "ok");
	assert_string_equal(dec_status_name(DEC_TRUNCATED), "truncated");
	assert_string_equal(dec_status_name(DEC_INVALID), "invalid");
	assert_string_equal(dec_status_name(DEC_UNSUPPORTED), "unsupported");
	assert_string_equal(dec_status_name((enum dec_status)99), "?");
	assert_string_equal(dec_layer_name(DEC_L_NONE), "none");
	assert_string_equal(dec_layer_name(DEC_L_IPV6_EXT), "ipv6-ext");
	assert_string_equal(dec_layer_name(DEC_L_UDP), "udp");
	assert_string_equal(dec_layer_name((enum dec_layer)(DEC_L_UDP + 1)), "?");
	assert_string_equal(dec_eclass_name(DEC_EC_IPV4), "ipv4");
	assert_string_equal(dec_eclass_name(DEC_EC_OTHER), "other");
	assert_string_equal(dec_eclass_name(DEC_EC_MAX), "?");
	assert_string_equal(dec_tunnel_name(DEC_TUN_TEREDO), "teredo");
	assert_string_equal(dec_tunnel_name(DEC_TUN_MAX), "?");
}

/* dec_fail keeps the first failure. */
static void test_dec_fail_first_wins(void **state)
{
	struct dec_frame f;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(dec_fail(&f, DEC_INVALID, DEC_L_IPV4), DEC_INVALID);
	assert_int_equal(dec_fail(&f, DEC_TRUNCATED, DEC_L_TCP), DEC_INVALID);
	assert_int_equal(f.err_layer, DEC_L_IPV4);
}

/* Raw IP entry points (used by the misaligned-frame explainer). */
static void test_raw_entry_points(void **state)
{
	struct pkt p = {.n = 0};
	struct dec_frame f;
	size_t ip;
	struct cur c;

	(void)state;
	ip = ipv6(&p, IPPROTO_V_UDP, 64, ip6_a, ip6_b);
	udp(&p, 1, 2);
	ipv6_end(&p, ip);
	memset(&f, 0, sizeof(f));
	f.caplen = f.wirelen = (uint32_t)p.n;
	c = cur_make(p.b, p.n);
	assert_int_equal(dec_ipv6(c, &f, &f.ip), DEC_OK);
	assert_int_equal(f.dport, 2);

	p.n = 0;
	ip = ipv4(&p, IPPROTO_V_TCP, 0);
	tcp(&p, 3, 4, 5, 0x04);
	ipv4_end(&p, ip);
	memset(&f, 0, sizeof(f));
	f.caplen = f.wirelen = (uint32_t)p.n;
	c = cur_make(p.b, p.n);
	assert_int_equal(dec_ipv4(c, &f), DEC_OK);
	assert_int_equal(f.tcp_flags, 0x04);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ether2_ipv4_udp),
		cmocka_unit_test(test_8023_llc_stp),
		cmocka_unit_test(test_8023_llc_iformat),
		cmocka_unit_test(test_8023_snap_cdp),
		cmocka_unit_test(test_8023_novell_raw),
		cmocka_unit_test(test_type_1501),
		cmocka_unit_test(test_vlan_8021q),
		cmocka_unit_test(test_vlan_qinq_8021ad),
		cmocka_unit_test(test_vlan_9100),
		cmocka_unit_test(test_vlan_chain_limits),
		cmocka_unit_test(test_vlan_then_length),
		cmocka_unit_test(test_vlan_truncated),
		cmocka_unit_test(test_ether_short),
		cmocka_unit_test(test_unsupported_linktype),
		cmocka_unit_test(test_sll_ipv6),
		cmocka_unit_test(test_sll_llc_and_other),
		cmocka_unit_test(test_sll2_ipv4),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_ipv4_router_alert),
		cmocka_unit_test(test_ipv4_fragments),
		cmocka_unit_test(test_ipv4_invalid),
		cmocka_unit_test(test_ipv4_lengths),
		cmocka_unit_test(test_ipv4_tcp),
		cmocka_unit_test(test_udp_truncated),
		cmocka_unit_test(test_icmp4),
		cmocka_unit_test(test_ipv6_hbh_router_alert),
		cmocka_unit_test(test_ipv6_routing_dstopts),
		cmocka_unit_test(test_ipv6_fragment),
		cmocka_unit_test(test_ipv6_ext_limits),
		cmocka_unit_test(test_ipv6_ext_truncated),
		cmocka_unit_test(test_ipv6_invalid_and_lengths),
		cmocka_unit_test(test_nd_rs),
		cmocka_unit_test(test_nd_ra),
		cmocka_unit_test(test_nd_bad_options),
		cmocka_unit_test(test_nd_snapped_option),
		cmocka_unit_test(test_nd_ns_na),
		cmocka_unit_test(test_nd_redirect),
		cmocka_unit_test(test_icmp6_other),
		cmocka_unit_test(test_mld1),
		cmocka_unit_test(test_mld2_query),
		cmocka_unit_test(test_mld2_report),
		cmocka_unit_test(test_6in4_6to4),
		cmocka_unit_test(test_teredo),
		cmocka_unit_test(test_udp3544_not_teredo),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dec_fail_first_wins),
		cmocka_unit_test(test_raw_entry_points),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
