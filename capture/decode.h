/*
 * decode.h - entry points of the pure frame decoders.
 *
 * dec_frame() is what capture sources call with a link type; the others are
 * exported because the sFlow decoder hands sampled headers to dec_ether()
 * and the misaligned-frame explainer re-decodes bytes as bare IP.  Each
 * returns the enum dec_status also stored in f->status.
 */
#ifndef IXMON_DECODE_H
#define IXMON_DECODE_H

#include "capture/cursor.h"
#include "capture/frame.h"

/* libpcap link types we decode (values from pcap/dlt.h, fixed by tcpdump.org) */
#define DEC_LINKTYPE_ETHERNET  1
#define DEC_LINKTYPE_LINUX_SLL 113
#define DEC_LINKTYPE_LINUX_SLL2 276

/* Ethertypes named in more than one decoder */
#define ETH_P_IPV4  0x0800
#define ETH_P_ARP   0x0806
#define ETH_P_8021Q 0x8100
#define ETH_P_IPV6  0x86dd
#define ETH_P_8021AD 0x88a8
#define ETH_P_QINQ1 0x9100 /* pre-802.1ad QinQ, still sent by some switches */

/* IP protocol numbers */
#define IPPROTO_V_ICMP   1
#define IPPROTO_V_TCP    6
#define IPPROTO_V_UDP    17
#define IPPROTO_V_IPV6   41
#define IPPROTO_V_ICMPV6 58

#define TEREDO_PORT 3544

/* 1 if we decode this link type; dec_frame() says "unsupported" otherwise. */
int dec_linktype_supported(int linktype);

/* Clear `f`, record the lengths, and decode from the link layer up. */
int dec_frame(int linktype, const uint8_t *pkt, uint32_t caplen,
    uint32_t wirelen, struct dec_frame *f);

/* Layer entry points; each continues upwards and returns the status. */
int dec_ether(struct cur c, struct dec_frame *f);
int dec_sll(struct cur c, struct dec_frame *f);
int dec_sll2(struct cur c, struct dec_frame *f);
int dec_ethertype(struct cur c, uint16_t type, struct dec_frame *f);
int dec_llc(struct cur c, struct dec_frame *f);
int dec_arp(struct cur c, struct dec_frame *f);
int dec_ipv4(struct cur c, struct dec_frame *f);
int dec_ipv6(struct cur c, struct dec_frame *f, struct dec_ip *ip);
int dec_icmp6(struct cur c, struct dec_frame *f);
int dec_l4(struct cur c, uint8_t proto, struct dec_frame *f);

/* Record the first failure and return it (internal helper for decoders). */
int dec_fail(struct dec_frame *f, enum dec_status st, enum dec_layer layer);

/* Value-to-name helpers for reports. */
const char *dec_status_name(enum dec_status st);
const char *dec_layer_name(enum dec_layer layer);
const char *dec_eclass_name(enum dec_eclass ec);
const char *dec_tunnel_name(enum dec_tunnel t);

#endif
