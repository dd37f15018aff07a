/*
 * decode_arp.c - ARP (RFC 826).
 *
 * Wire layout: htype(2) ptype(2) hlen(1) plen(1) op(2) sha(hlen) spa(plen)
 * tha(hlen) tpa(plen).  On a peering LAN only Ethernet/IPv4 ARP (1, 0x0800,
 * 6, 4) makes sense; anything else is decoded as far as the fixed header and
 * reported "unsupported" so it is visible but never misread.
 */
#include "capture/decode.h"

int dec_arp(struct cur c, struct dec_frame *f)
{
	uint16_t htype, ptype;
	uint8_t hlen, plen;

	if (cur_get16(&c, &htype) < 0 || cur_get16(&c, &ptype) < 0 ||
	    cur_get8(&c, &hlen) < 0 || cur_get8(&c, &plen) < 0 ||
	    cur_get16(&c, &f->arp.op) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_ARP);
	if (htype != 1 || ptype != ETH_P_IPV4 || hlen != 6 || plen != 4)
		return dec_fail(f, DEC_UNSUPPORTED, DEC_L_ARP);
	if (cur_get_bytes(&c, f->arp.sha, 6) < 0 ||
	    cur_get_bytes(&c, f->arp.spa, 4) < 0 ||
	    cur_get_bytes(&c, f->arp.tha, 6) < 0 ||
	    cur_get_bytes(&c, f->arp.tpa, 4) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_ARP);
	f->layers |= DEC_HAS_ARP;
	return f->status;
}
