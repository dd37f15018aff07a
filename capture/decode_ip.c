/*
 * decode_ip.c - IPv4 (RFC 791), IPv6 with its extension-header chain
 * (RFC 8200), TCP/UDP ports (RFC 9293, RFC 768), ICMPv4 (RFC 792), and the
 * tunnels that carry IPv6 inside IPv4: 6in4 (protocol 41, RFC 4213), 6to4
 * (protocol 41 with a 2002::/16 end, RFC 3056) and Teredo (UDP 3544,
 * RFC 4380).
 *
 * IPv4: ver/ihl(1) tos(1) totlen(2) id(2) flags/frag(2) ttl(1) proto(1)
 * csum(2) src(4) dst(4) options(ihl*4-20).
 * IPv6: ver/tc/flow(4) plen(2) nh(1) hlim(1) src(16) dst(16), then headers
 * nh(1) len(1) ... of (len+1)*8 bytes (AH: (len+2)*4; Fragment: 8).
 *
 * Lengths: a declared length beyond the captured bytes is the snap length
 * at work when caplen < wirelen (flag DEC_IP_SNAPPED, no error) and a
 * truncated packet otherwise.  Bytes beyond the declared length are
 * Ethernet padding and are dropped here so upper layers (ND options!) never
 * parse them.  Later fragments have no upper-layer header and stop here.
 */
#include <string.h>

#include "capture/decode.h"

/* Limit `c` to the `declared` bytes the header promises. */
static void clamp_payload(struct cur *c, uint32_t declared, struct dec_frame *f,
    struct dec_ip *ip, enum dec_layer layer)
{
	if (cur_left(c) > declared) {
		c->len = declared;
	} else if (cur_left(c) < declared) {
		/* A tunnelled packet in a first fragment is rightly incomplete. */
		if (f->caplen < f->wirelen ||
		    (ip == &f->inner && (f->ip.flags & DEC_IP_FRAG)))
			ip->flags |= DEC_IP_SNAPPED;
		else
			dec_fail(f, DEC_TRUNCATED, layer);
	}
}

static void set_l3(struct dec_frame *f, const uint8_t *hdr, struct cur payload)
{
	f->l3 = hdr;
	f->l3_len = (uint32_t)(payload.p + payload.len - hdr);
}

/* IPv6 in IPv4 (protocol 41): 6to4 when either inner end is in 2002::/16. */
static int dec_proto41(struct cur c, struct dec_frame *f)
{
	uint8_t v;

	/* Protocol 41 whose payload is not IPv6 is not tunnelled IPv6. */
	if (cur_peek8(&c, 0, &v) == 0 && (v >> 4) != 6)
		return dec_fail(f, DEC_INVALID, DEC_L_TUNNEL);
	f->tunnel = DEC_TUN_6IN4;
	f->layers &= (uint16_t)~(DEC_HAS_L4 | DEC_HAS_ICMP);
	dec_ipv6(c, f, &f->inner);
	if (f->layers & DEC_HAS_INNER) {
		if ((f->inner.src[0] == 0x20 && f->inner.src[1] == 0x02) ||
		    (f->inner.dst[0] == 0x20 && f->inner.dst[1] == 0x02))
			f->tunnel = DEC_TUN_6TO4;
	}
	return f->status;
}

static int dec_upper(struct cur c, uint8_t proto, struct dec_frame *f,
    struct dec_ip *ip)
{
	if (ip->flags & DEC_IP_LATER_FRAG)
		return f->status;
	switch (proto) {
	case IPPROTO_V_TCP:
	case IPPROTO_V_UDP:
		return dec_l4(c, proto, f);
	case IPPROTO_V_ICMP:
		if (ip->version != 4)
			return f->status;
		if (cur_get8(&c, &f->icmp_type) < 0 || cur_get8(&c, &f->icmp_code) < 0)
			return dec_fail(f, DEC_TRUNCATED, DEC_L_ICMP);
		f->layers |= DEC_HAS_ICMP;
		return f->status;
	case IPPROTO_V_ICMPV6:
		if (ip->version != 6)
			return f->status;
		return dec_icmp6(c, f);
	case IPPROTO_V_IPV6:
		/* Only one level of tunnel: IPv6-in-IPv6 and deeper stay opaque. */
		if (ip->version != 4 || ip != &f->ip)
			return f->status;
		return dec_proto41(c, f);
	default:
		return f->status;
	}
}

/* IPv4 option 148 (Router Alert, RFC 2113) matters for IGMP/RSVP noise. */
static int dec_ipv4_options(struct cur o, struct dec_ip *ip)
{
	while (cur_left(&o) > 0) {
		uint8_t type, len;

		cur_get8(&o, &type);
		if (type == 0) /* end of option list */
			break;
		if (type == 1) /* no-operation */
			continue;
		if (cur_get8(&o, &len) < 0 || len < 2 || cur_skip(&o, len - 2u) < 0)
			return -1;
		if (type == 148)
			ip->flags |= DEC_IP_ROUTER_ALERT;
	}
	return 0;
}

int dec_ipv4(struct cur c, struct dec_frame *f)
{
	struct dec_ip *ip = &f->ip;
	const uint8_t *hdr = c.p;
	uint8_t vihl, tos, proto;
	uint16_t totlen, id, frag;
	size_t hlen;
	struct cur opts;

	memset(ip, 0, sizeof(*ip));
	if (cur_get8(&c, &vihl) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_IPV4);
	if ((vihl >> 4) != 4)
		return dec_fail(f, DEC_INVALID, DEC_L_IPV4);
	hlen = (size_t)(vihl & 0x0f) * 4;
	if (hlen < 20)
		return dec_fail(f, DEC_INVALID, DEC_L_IPV4);
	if (cur_get8(&c, &tos) < 0 || cur_get16(&c, &totlen) < 0 ||
	    cur_get16(&c, &id) < 0 || cur_get16(&c, &frag) < 0 ||
	    cur_get8(&c, &ip->ttl) < 0 || cur_get8(&c, &proto) < 0 ||
	    cur_skip(&c, 2) < 0 || cur_get_bytes(&c, ip->src, 4) < 0 ||
	    cur_get_bytes(&c, ip->dst, 4) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_IPV4);
	ip->version = 4;
	ip->proto = proto;
	f->layers |= DEC_HAS_IP;
	if (cur_sub(&c, hlen - 20, &opts) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_IPV4);
	if (hlen > 20) {
		ip->flags |= DEC_IP_OPTIONS;
		if (dec_ipv4_options(opts, ip) < 0)
			dec_fail(f, DEC_INVALID, DEC_L_IPV4);
	}
	ip->frag_off = frag & 0x1fff;
	if (frag & 0x2000 || ip->frag_off)
		ip->flags |= DEC_IP_FRAG;
	if (ip->frag_off)
		ip->flags |= DEC_IP_LATER_FRAG;
	if (totlen == 0) {
		/* Segmentation offload on the capturing host: length unknown. */
		ip->payload_len = (uint32_t)cur_left(&c);
	} else if (totlen < hlen) {
		return dec_fail(f, DEC_INVALID, DEC_L_IPV4);
	} else {
		ip->payload_len = totlen - (uint32_t)hlen;
		clamp_payload(&c, ip->payload_len, f, ip, DEC_L_IPV4);
	}
	set_l3(f, hdr, c);
	return dec_upper(c, proto, f, ip);
}

/* Hop-by-hop options (RFC 8200 4.3): look for Router Alert (RFC 2711). */
static int dec_ipv6_hbh_options(struct cur o, struct dec_ip *ip)
{
	while (cur_left(&o) > 0) {
		uint8_t type, len;

		cur_get8(&o, &type);
		if (type == 0) /* Pad1 */
			continue;
		if (cur_get8(&o, &len) < 0 || cur_skip(&o, len) < 0)
			return -1;
		if (type == 5)
			ip->flags |= DEC_IP_ROUTER_ALERT;
	}
	return 0;
}

static int is_ipv6_ext(uint8_t nh)
{
	switch (nh) {
	case 0:   /* hop-by-hop options */
	case 43:  /* routing */
	case 44:  /* fragment */
	case 51:  /* authentication header */
	case 60:  /* destination options */
	case 135: /* mobility */
	case 139: /* HIP */
	case 140: /* shim6 */
		return 1;
	default:
		return 0;
	}
}

int dec_ipv6(struct cur c, struct dec_frame *f, struct dec_ip *ip)
{
	const uint8_t *hdr = c.p;
	const int inner = ip != &f->ip;
	const enum dec_layer layer = inner ? DEC_L_TUNNEL : DEC_L_IPV6;
	uint8_t vtc, nh;
	uint16_t plen;

	memset(ip, 0, sizeof(*ip));
	if (cur_get8(&c, &vtc) < 0)
		return dec_fail(f, DEC_TRUNCATED, layer);
	if ((vtc >> 4) != 6)
		return dec_fail(f, DEC_INVALID, layer);
	if (cur_skip(&c, 3) < 0 || cur_get16(&c, &plen) < 0 ||
	    cur_get8(&c, &nh) < 0 || cur_get8(&c, &ip->ttl) < 0 ||
	    cur_get_bytes(&c, ip->src, 16) < 0 || cur_get_bytes(&c, ip->dst, 16) < 0)
		return dec_fail(f, DEC_TRUNCATED, layer);
	ip->version = 6;
	f->layers |= inner ? DEC_HAS_INNER : DEC_HAS_IP;
	/* plen 0 with a hop-by-hop header is a jumbogram (RFC 2675). */
	ip->payload_len = plen ? plen : (uint32_t)cur_left(&c);
	clamp_payload(&c, ip->payload_len, f, ip, layer);

	while (is_ipv6_ext(nh)) {
		uint8_t next, hlen;
		size_t len;
		struct cur eh;

		if (ip->n_ext >= DEC_MAX_EXT) {
			ip->proto = nh;
			return dec_fail(f, DEC_UNSUPPORTED, DEC_L_IPV6_EXT);
		}
		if (cur_peek8(&c, 0, &next) < 0 || cur_peek8(&c, 1, &hlen) < 0) {
			ip->proto = nh;
			return dec_fail(f, DEC_TRUNCATED, DEC_L_IPV6_EXT);
		}
		if (nh == 44)
			len = 8;
		else if (nh == 51)
			len = ((size_t)hlen + 2) * 4;
		else
			len = ((size_t)hlen + 1) * 8;
		if (cur_sub(&c, len, &eh) < 0) {
			ip->proto = nh;
			return dec_fail(f, DEC_TRUNCATED, DEC_L_IPV6_EXT);
		}
		ip->n_ext++;
		cur_skip(&eh, 2);
		if (nh == 0) {
			ip->flags |= DEC_IP_HBH;
			if (dec_ipv6_hbh_options(eh, ip) < 0)
				dec_fail(f, DEC_INVALID, DEC_L_IPV6_EXT);
		} else if (nh == 43) {
			ip->flags |= DEC_IP_ROUTING;
		} else if (nh == 60) {
			ip->flags |= DEC_IP_DSTOPTS;
		} else if (nh == 44) {
			uint16_t off;

			cur_get16(&eh, &off);
			ip->flags |= DEC_IP_FRAG;
			ip->frag_off = off >> 3;
			if (ip->frag_off)
				ip->flags |= DEC_IP_LATER_FRAG;
		}
		nh = next;
	}
	ip->proto = nh;
	set_l3(f, hdr, c);
	return dec_upper(c, nh, f, ip);
}

/*
 * Teredo (RFC 4380 5.1.1): IPv6 in UDP, optionally preceded by an
 * authentication indicator (00 01 idlen aulen id auth nonce(8) conf(1)) and/or
 * an origin indication (00 00 port(2) addr(4)).  We only call it Teredo when
 * an IPv6 header follows with a Teredo address (2001:0::/32) at one end, so
 * unrelated traffic on port 3544 is not miscounted.
 */
static void try_teredo(struct cur c, struct dec_frame *f)
{
	uint8_t b0, b1, idlen, aulen, v;

	if (cur_peek8(&c, 0, &b0) == 0 && cur_peek8(&c, 1, &b1) == 0 && b0 == 0 &&
	    b1 == 1) {
		if (cur_peek8(&c, 2, &idlen) < 0 || cur_peek8(&c, 3, &aulen) < 0 ||
		    cur_skip(&c, 4 + (size_t)idlen + aulen + 9) < 0)
			return;
	}
	if (cur_peek8(&c, 0, &b0) == 0 && cur_peek8(&c, 1, &b1) == 0 && b0 == 0 &&
	    b1 == 0 && cur_skip(&c, 8) < 0)
		return;
	if (cur_peek8(&c, 0, &v) < 0 || (v >> 4) != 6 || cur_left(&c) < 40)
		return;
	if (!((c.p[8] == 0x20 && c.p[9] == 0x01 && c.p[10] == 0 && c.p[11] == 0) ||
	    (c.p[24] == 0x20 && c.p[25] == 0x01 && c.p[26] == 0 && c.p[27] == 0)))
		return;
	/* The checks above guarantee the inner fixed header decodes. */
	f->tunnel = DEC_TUN_TEREDO;
	f->layers &= (uint16_t)~(DEC_HAS_L4 | DEC_HAS_ICMP);
	dec_ipv6(c, f, &f->inner);
}

int dec_l4(struct cur c, uint8_t proto, struct dec_frame *f)
{
	const enum dec_layer layer = proto == IPPROTO_V_TCP ? DEC_L_TCP : DEC_L_UDP;

	if (cur_get16(&c, &f->sport) < 0 || cur_get16(&c, &f->dport) < 0)
		return dec_fail(f, DEC_TRUNCATED, layer);
	f->l4_proto = proto;
	f->layers |= DEC_HAS_L4;
	if (proto == IPPROTO_V_TCP) {
		uint8_t off;

		if (cur_skip(&c, 8) < 0 || cur_get8(&c, &off) < 0 ||
		    cur_get8(&c, &f->tcp_flags) < 0)
			return dec_fail(f, DEC_TRUNCATED, layer);
		if ((off >> 4) < 5)
			return dec_fail(f, DEC_INVALID, layer);
		/*
		 * 14 bytes read; skip the rest of the header and its options.
		 * dec_fail tells a snap-length cut (counted, no error) apart.
		 */
		if (cur_skip(&c, (size_t)(off >> 4) * 4 - 14) < 0)
			return dec_fail(f, DEC_TRUNCATED, layer);
	} else {
		if (cur_skip(&c, 4) < 0)
			return dec_fail(f, DEC_TRUNCATED, layer);
	}
	f->payload = c.p;
	f->payload_len = (uint32_t)cur_left(&c);
	if (proto == IPPROTO_V_UDP && f->tunnel == DEC_TUN_NONE &&
	    (f->sport == TEREDO_PORT || f->dport == TEREDO_PORT))
		try_teredo(c, f);
	return f->status;
}
