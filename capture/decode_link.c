/*
 * decode_link.c - link layer: Ethernet II, IEEE 802.3 + 802.2 LLC/SNAP,
 * 802.1Q / 802.1ad tag chains, and Linux cooked captures (SLL, SLL2).
 *
 * Ethernet (IEEE 802.3 clause 3.2.6): dst(6) src(6) type/length(2).  A value
 * <= 1500 is a length and an 802.2 LLC header follows (DSAP SSAP control);
 * DSAP=SSAP=0xAA, control 0x03 adds SNAP: OUI(3) PID(2).  This is how CDP,
 * VTP, DTP, UDLD and PVST+ (Cisco OUI 00000c) and STP (DSAP 0x42) and IS-IS
 * (DSAP 0xFE) travel, so they must be recognised to be forbidden.  Values
 * 1501..1535 are neither; we follow Wireshark and treat them as a type.
 *
 * Tags (IEEE 802.1Q-2018 9.6): TPID(2) TCI(2: PCP 3, DEI 1, VID 12) then the
 * next type/length.  0x8100 C-tag, 0x88a8 S-tag, 0x9100 legacy QinQ.  The
 * chain is walked to DEC_MAX_TAGS: deeper is "unsupported", never a loop.
 *
 * Linux cooked v1 (LINKTYPE_LINUX_SLL): pkttype(2) hatype(2) halen(2)
 * addr(8) protocol(2).  v2 (LINKTYPE_LINUX_SLL2): protocol(2) reserved(2)
 * ifindex(4) hatype(2) pkttype(1) halen(1) addr(8).  The protocol is an
 * ethertype, or 0x0004 for a frame that starts with an 802.2 LLC header.
 * Only the sender's address is present, so only src_mac is set.
 */
#include <stddef.h>
#include <string.h>

#include "capture/decode.h"

int dec_fail(struct dec_frame *f, enum dec_status st, enum dec_layer layer)
{
	/* Bytes missing because the capture kept only caplen: not malformed. */
	if (st == DEC_TRUNCATED && f->caplen < f->wirelen) {
		f->snapped = 1;
		return f->status;
	}
	if (f->status == DEC_OK) {
		f->status = (uint8_t)st;
		f->err_layer = (uint8_t)layer;
	}
	return f->status;
}

int dec_linktype_supported(int linktype)
{
	return linktype == DEC_LINKTYPE_ETHERNET ||
	    linktype == DEC_LINKTYPE_LINUX_SLL ||
	    linktype == DEC_LINKTYPE_LINUX_SLL2;
}

int dec_frame(int linktype, const uint8_t *pkt, uint32_t caplen,
    uint32_t wirelen, struct dec_frame *f)
{
	struct cur c = cur_make(pkt, caplen);

	/* Only the header part: the layer structs are cleared by their decoders. */
	memset(f, 0, offsetof(struct dec_frame, DEC_FRAME_CLEAR_UPTO));
	f->caplen = caplen;
	f->wirelen = wirelen;
	f->pkt = pkt;
	f->eclass = DEC_EC_OTHER;
	switch (linktype) {
	case DEC_LINKTYPE_ETHERNET:
		return dec_ether(c, f);
	case DEC_LINKTYPE_LINUX_SLL:
		return dec_sll(c, f);
	case DEC_LINKTYPE_LINUX_SLL2:
		return dec_sll2(c, f);
	default:
		return dec_fail(f, DEC_UNSUPPORTED, DEC_L_LINK);
	}
}

static int is_tag_tpid(uint16_t type)
{
	return type == ETH_P_8021Q || type == ETH_P_8021AD || type == ETH_P_QINQ1;
}

/* Called with the cursor just past a type/length field whose value is `type`. */
static int dec_type_or_length(struct cur c, uint16_t type, struct dec_frame *f)
{
	if (type <= 1500) {
		/* An 802.3 length: the bytes after it are LLC, up to `type`. */
		if (cur_left(&c) > type)
			c.len = type; /* drop Ethernet padding */
		return dec_llc(c, f);
	}
	if (f->l2kind == DEC_L2_NONE)
		f->l2kind = DEC_L2_ETHER2;
	return dec_ethertype(c, type, f);
}

int dec_ether(struct cur c, struct dec_frame *f)
{
	uint16_t type;

	if (cur_get_bytes(&c, f->dst_mac, 6) < 0 ||
	    cur_get_bytes(&c, f->src_mac, 6) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_LINK);
	f->layers |= DEC_HAS_ETH | DEC_HAS_SRCMAC;
	if (cur_get16(&c, &type) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_LINK);
	return dec_type_or_length(c, type, f);
}

int dec_ethertype(struct cur c, uint16_t type, struct dec_frame *f)
{
	while (is_tag_tpid(type)) {
		uint16_t tci;

		if (f->n_tags >= DEC_MAX_TAGS)
			return dec_fail(f, DEC_UNSUPPORTED, DEC_L_VLAN);
		if (cur_get16(&c, &tci) < 0 || cur_get16(&c, &type) < 0)
			return dec_fail(f, DEC_TRUNCATED, DEC_L_VLAN);
		if (f->n_tags < DEC_MAX_VLANS)
			f->vlan[f->n_tags] = tci & 0x0fff;
		f->n_tags++;
		f->layers |= DEC_HAS_VLAN;
		if (type <= 1500)
			return dec_type_or_length(c, type, f);
	}
	f->ethertype = type;
	f->layers |= DEC_HAS_ETYPE;
	switch (type) {
	case ETH_P_IPV4:
		f->eclass = DEC_EC_IPV4;
		return dec_ipv4(c, f);
	case ETH_P_IPV6:
		f->eclass = DEC_EC_IPV6;
		return dec_ipv6(c, f, &f->ip);
	case ETH_P_ARP:
		f->eclass = DEC_EC_ARP;
		return dec_arp(c, f);
	default:
		f->eclass = DEC_EC_OTHER;
		return f->status;
	}
}

int dec_llc(struct cur c, struct dec_frame *f)
{
	uint8_t ctl;

	if (cur_left(&c) >= 2 && c.p[0] == 0xff && c.p[1] == 0xff) {
		/* Novell "raw 802.3": IPX straight after the length, no LLC. */
		f->l2kind = DEC_L2_8023_RAW;
		return f->status;
	}
	if (cur_get8(&c, &f->llc_dsap) < 0 || cur_get8(&c, &f->llc_ssap) < 0 ||
	    cur_get8(&c, &ctl) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_LLC);
	f->llc_ctrl = ctl;
	if ((ctl & 0x03) != 0x03) {
		/* I- and S-format PDUs carry a second control byte (802.2 5.2). */
		uint8_t ctl2;

		if (cur_get8(&c, &ctl2) < 0)
			return dec_fail(f, DEC_TRUNCATED, DEC_L_LLC);
		f->llc_ctrl = (uint16_t)(ctl << 8 | ctl2);
	}
	f->layers |= DEC_HAS_LLC;
	f->l2kind = DEC_L2_LLC;
	if (f->llc_dsap == 0xaa && f->llc_ssap == 0xaa && ctl == 0x03) {
		uint8_t oui[3];

		if (cur_get_bytes(&c, oui, 3) < 0 || cur_get16(&c, &f->snap_pid) < 0)
			return dec_fail(f, DEC_TRUNCATED, DEC_L_LLC);
		f->snap_oui = (uint32_t)oui[0] << 16 | (uint32_t)oui[1] << 8 | oui[2];
		f->l2kind = DEC_L2_SNAP;
	}
	return f->status;
}

/* Shared tail of SLL and SLL2 once the protocol and address are known. */
static int dec_sll_payload(struct cur c, uint16_t hatype, uint8_t halen,
    const uint8_t *addr, uint16_t proto, struct dec_frame *f)
{
	/* ARPHRD_ETHER (1) and loopback (772) carry MAC addresses. */
	if (halen == 6 && (hatype == 1 || hatype == 772)) {
		memcpy(f->src_mac, addr, 6);
		f->layers |= DEC_HAS_SRCMAC;
	}
	if (proto == 0x0004) /* ETH_P_802_2: an LLC header follows */
		return dec_llc(c, f);
	if (proto < 0x0600) {
		/* Other Linux pseudo-protocols (raw 802.3, CAN, netlink...) */
		return f->status;
	}
	f->l2kind = DEC_L2_ETHER2;
	return dec_ethertype(c, proto, f);
}

int dec_sll(struct cur c, struct dec_frame *f)
{
	uint16_t hatype, halen, proto;
	uint8_t addr[8];

	if (cur_get16(&c, &f->sll_pkttype) < 0 || cur_get16(&c, &hatype) < 0 ||
	    cur_get16(&c, &halen) < 0 || cur_get_bytes(&c, addr, 8) < 0 ||
	    cur_get16(&c, &proto) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_LINK);
	return dec_sll_payload(c, hatype, halen > 8 ? 0 : (uint8_t)halen, addr,
	    proto, f);
}

int dec_sll2(struct cur c, struct dec_frame *f)
{
	uint16_t proto, hatype;
	uint8_t pkttype, halen, addr[8];

	if (cur_get16(&c, &proto) < 0 || cur_skip(&c, 2 + 4) < 0 ||
	    cur_get16(&c, &hatype) < 0 || cur_get8(&c, &pkttype) < 0 ||
	    cur_get8(&c, &halen) < 0 || cur_get_bytes(&c, addr, 8) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_LINK);
	f->sll_pkttype = pkttype;
	return dec_sll_payload(c, hatype, halen > 8 ? 0 : halen, addr, proto, f);
}

const char *dec_status_name(enum dec_status st)
{
	static const char *const names[] = {"ok", "truncated", "invalid",
	    "unsupported"};

	return (unsigned)st < sizeof(names) / sizeof(names[0]) ? names[st] : "?";
}

const char *dec_layer_name(enum dec_layer layer)
{
	static const char *const names[] = {"none", "link", "vlan", "llc", "arp",
	    "ipv4", "ipv6", "ipv6-ext", "tunnel", "icmp", "icmp6", "nd", "mld",
	    "tcp", "udp"};

	return (unsigned)layer < sizeof(names) / sizeof(names[0]) ? names[layer]
								     : "?";
}

const char *dec_eclass_name(enum dec_eclass ec)
{
	static const char *const names[] = {"ipv4", "ipv6", "arp", "other"};

	return (unsigned)ec < DEC_EC_MAX ? names[ec] : "?";
}

const char *dec_tunnel_name(enum dec_tunnel t)
{
	static const char *const names[] = {"none", "6in4", "6to4", "teredo"};

	return (unsigned)t < DEC_TUN_MAX ? names[t] : "?";
}
