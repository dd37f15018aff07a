/*
 * frame.h - what the decoders found in one frame.
 *
 * The decoders (decode_*.c) are pure: they take bytes and fill one
 * `struct dec_frame`, with no allocation, no globals and no I/O.  Analyzers
 * receive it const.  A field is meaningful only when its bit is set in
 * `layers`; the decoders clear the struct first, so an absent layer reads as
 * zeros rather than as the previous frame.
 *
 * Failure model (after tcpdump): decoding stops at the first layer that
 * cannot be read and records why in `status` (truncated: the bytes ended
 * although the capture kept the whole frame - when the capture's snap length
 * cut it, that is no error and only `snapped` is set, as tcpdump's "[|tcp]";
 * invalid: the bytes contradict the protocol; unsupported: legal but beyond
 * what we decode, such as a tag chain deeper than DEC_MAX_TAGS) and where in
 * `err_layer`.  Everything decoded before that point stays valid, so a frame
 * with a broken TCP header is still counted by its ethertype.
 */
#ifndef IXMON_FRAME_H
#define IXMON_FRAME_H

#include <stdbool.h>
#include <stdint.h>

enum dec_status {
	DEC_OK = 0,
	DEC_TRUNCATED,
	DEC_INVALID,
	DEC_UNSUPPORTED,
};

/* Which layer a decode failure happened in (for evidence, not counting). */
enum dec_layer {
	DEC_L_NONE = 0,
	DEC_L_LINK,  /* Ethernet, SLL, SLL2 header */
	DEC_L_VLAN,  /* 802.1Q / 802.1ad tag chain */
	DEC_L_LLC,   /* 802.2 LLC / SNAP */
	DEC_L_ARP,
	DEC_L_IPV4,
	DEC_L_IPV6,
	DEC_L_IPV6_EXT,
	DEC_L_TUNNEL, /* IPv6 inside 6in4 / 6to4 / Teredo */
	DEC_L_ICMP,
	DEC_L_ICMP6,
	DEC_L_ND,
	DEC_L_MLD,
	DEC_L_TCP,
	DEC_L_UDP,
};

/* The operators' headline: the innermost ethertype, in four bins. */
enum dec_eclass {
	DEC_EC_IPV4 = 0,
	DEC_EC_IPV6,
	DEC_EC_ARP,
	DEC_EC_OTHER,
	DEC_EC_MAX,
};

enum dec_l2kind {
	DEC_L2_NONE = 0,
	DEC_L2_ETHER2,    /* Ethernet II: type field >= 0x0600 */
	DEC_L2_LLC,       /* 802.3 length + 802.2 LLC */
	DEC_L2_SNAP,      /* 802.3 length + LLC 0xAA 0xAA 0x03 + SNAP */
	DEC_L2_8023_RAW,  /* 802.3 length + 0xFFFF (Novell raw) */
};

enum dec_tunnel {
	DEC_TUN_NONE = 0,
	DEC_TUN_6IN4,    /* IPv4 protocol 41, configured tunnel (RFC 4213) */
	DEC_TUN_6TO4,    /* IPv4 protocol 41 with a 2002::/16 end (RFC 3056) */
	DEC_TUN_TEREDO,  /* IPv6 in UDP port 3544 (RFC 4380) */
	DEC_TUN_MAX,
};

/* dec_frame.layers bits */
#define DEC_HAS_ETH    0x0001u /* src_mac / dst_mac valid */
#define DEC_HAS_SRCMAC 0x0002u /* src_mac valid (SLL may carry only this) */
#define DEC_HAS_VLAN   0x0004u
#define DEC_HAS_LLC    0x0008u
#define DEC_HAS_ARP    0x0010u
#define DEC_HAS_IP     0x0020u /* outer IPv4 or IPv6 */
#define DEC_HAS_INNER  0x0040u /* IPv6 carried in a tunnel, in `inner` */
#define DEC_HAS_L4     0x0080u /* TCP or UDP ports of the innermost IP */
#define DEC_HAS_ICMP   0x0100u /* ICMPv4 or ICMPv6 of the innermost IP */
#define DEC_HAS_ND     0x0200u /* RS, RA, NS, NA or Redirect */
#define DEC_HAS_MLD    0x0400u
#define DEC_HAS_ETYPE  0x0800u /* ethertype valid (Ethernet II or SLL) */

#define DEC_MAX_TAGS  8 /* 802.1Q/ad tags walked before "unsupported" */
#define DEC_MAX_VLANS 4 /* tag ids recorded */
#define DEC_MAX_EXT   8 /* IPv6 extension headers walked */

/* dec_ip.flags */
#define DEC_IP_FRAG         0x01 /* a fragment (first or later) */
#define DEC_IP_LATER_FRAG   0x02 /* not the first fragment: no L4 header */
#define DEC_IP_OPTIONS      0x04 /* IPv4 options present */
#define DEC_IP_ROUTER_ALERT 0x08 /* IPv4 option 148 or IPv6 HBH option 5 */
#define DEC_IP_HBH          0x10
#define DEC_IP_ROUTING      0x20
#define DEC_IP_DSTOPTS      0x40
#define DEC_IP_SNAPPED      0x80 /* payload cut by the capture's snap length */

struct dec_ip {
	uint8_t version; /* 4 or 6 */
	uint8_t proto;   /* upper-layer protocol after any IPv6 ext headers */
	uint8_t ttl;     /* TTL or hop limit */
	uint8_t flags;   /* DEC_IP_* */
	uint8_t n_ext;   /* IPv6 extension headers walked */
	uint8_t src[16]; /* IPv4 uses the first 4 bytes */
	uint8_t dst[16];
	uint16_t frag_off; /* in 8-byte units */
	uint32_t payload_len; /* upper-layer bytes the header declares */
};

struct dec_arp {
	uint16_t op;
	uint8_t sha[6], tha[6];
	uint8_t spa[4], tpa[4];
};

/* dec_nd.opts bits */
#define DEC_ND_OPT_SLL     0x01
#define DEC_ND_OPT_TLL     0x02
#define DEC_ND_OPT_PREFIX  0x04
#define DEC_ND_OPT_MTU     0x08
#define DEC_ND_OPT_PARTIAL 0x80 /* options cut short by the snap length */

/* NA flags as on the wire (RFC 4861 4.4) */
#define DEC_NA_ROUTER    0x80
#define DEC_NA_SOLICITED 0x40
#define DEC_NA_OVERRIDE  0x20

struct dec_nd {
	uint8_t target[16]; /* NS, NA, Redirect target */
	uint8_t dest[16];   /* Redirect destination */
	uint8_t flags;      /* NA: R/S/O; RA: M/O bits (byte 5) */
	uint8_t opts;       /* DEC_ND_OPT_* */
	uint8_t n_opts;
	uint8_t n_prefix;
	uint8_t ra_hop_limit;
	uint16_t ra_lifetime;
	uint8_t sll[6], tll[6];
	uint8_t prefix[16]; /* first Prefix Information option */
	uint8_t prefix_len;
	uint32_t mtu;
};

struct dec_mld {
	uint8_t version;    /* 1 or 2 */
	uint8_t group[16];  /* v1 group; v2 query group; v2 report first record */
	uint16_t n_records; /* MLDv2 report: records declared */
	uint16_t n_sources; /* MLDv2 query: sources declared */
};

struct dec_frame {
	/* from the capture source */
	uint32_t caplen;
	uint32_t wirelen;

	/* decoder output */
	uint16_t layers; /* DEC_HAS_* */
	uint8_t status;  /* enum dec_status: the first failure */
	uint8_t err_layer;
	uint8_t l2kind;  /* enum dec_l2kind */
	uint8_t eclass;  /* enum dec_eclass */
	uint8_t tunnel;  /* enum dec_tunnel */
	uint8_t n_tags;  /* 802.1Q/ad tags walked */
	uint8_t snapped; /* decoding stopped where the snap length cut a header */
	uint16_t ethertype;   /* innermost, valid with DEC_HAS_ETYPE */
	uint16_t sll_pkttype; /* Linux cooked: 0 host, 4 outgoing, ... */
	uint16_t vlan[DEC_MAX_VLANS]; /* VLAN ids, outermost first */
	uint8_t src_mac[6];
	uint8_t dst_mac[6];

	uint8_t llc_dsap, llc_ssap;
	uint16_t llc_ctrl;
	uint32_t snap_oui;
	uint16_t snap_pid;

	/* of the innermost IP */
	uint8_t l4_proto;
	uint8_t tcp_flags;
	uint16_t sport, dport;
	uint8_t icmp_type, icmp_code;

	/* the frame from its link header, and the innermost IP header and L4
	 * payload, all pointing into the caller's buffer */
	const uint8_t *pkt;
	const uint8_t *l3;
	uint32_t l3_len;
	const uint8_t *payload;
	uint32_t payload_len;

	/*
	 * The per-layer structs below are not cleared with the rest (they are
	 * two thirds of the struct, cleared on every frame): each decoder
	 * clears its own on entry, so they are as good as zero whenever their
	 * DEC_HAS_* bit is set, and must not be read otherwise.
	 */
#define DEC_FRAME_CLEAR_UPTO arp
	struct dec_arp arp;
	struct dec_ip ip;    /* outer IP */
	struct dec_ip inner; /* IPv6 in a tunnel */
	struct dec_nd nd;
	struct dec_mld mld;
};

#endif
