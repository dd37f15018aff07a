/*
 * an_policy.c - peering-LAN hygiene: forbidden ethertypes and protocols.
 *
 * The rules exchanges publish: only IPv4 (0x0800), ARP (0x0806) and IPv6
 * (0x86dd) on the LAN, LACP (0x8809) where the member link allows it; no
 * link-local control protocols (STP, CDP, LLDP, VTP/DTP, UDLD, IS-IS,
 * OSPF, PIM, IGMP, VRRP/HSRP, DHCP, RIP, router solicitations, redirects)
 * and only ARP and ND as broadcast/multicast.  A frame we can name gets
 * `forbidden_protocol` (more useful to the member's engineer than a
 * number); any other disallowed ethertype gets `forbidden_ethertype`.  The
 * allow-list and the LACP/LLDP/MLD switches are policy (config.h).
 * Traffic inside IPv6 tunnels is members' customers' payload and is not
 * judged.  One alert per (source MAC, protocol).
 *
 * Identification: 802.2 DSAP 0x42 is STP (IEEE 802.1D), 0xFE is IS-IS
 * (ISO 10589); SNAP with Cisco's OUI 00000c carries CDP 0x2000, VTP
 * 0x2003, DTP 0x2004, UDLD 0x0111, PVST+ 0x010b; IP protocols 2 IGMP,
 * 88 EIGRP, 89 OSPF, 103 PIM, 112 VRRP (RFC 5798); UDP 67/68 DHCP,
 * 546/547 DHCPv6, 520 RIP, 521 RIPng, 1985 HSRP, 2029 HSRPv6.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyze/analyzer.h"
#include "capture/decode.h"
#include "common/log.h"

struct an_policy {
	const struct an_env *env;
	uint8_t allowed[65536 / 8]; /* ethertype bitmap */
};

static void *policy_init(const struct an_env *env)
{
	struct an_policy *p = xcalloc(1, sizeof(*p));
	int i;

	p->env = env;
	for (i = 0; i < env->cfg->n_allowed_ethertypes; i++) {
		uint16_t t = env->cfg->allowed_ethertypes[i];

		p->allowed[t >> 3] |= (uint8_t)(1u << (t & 7));
	}
	return p;
}

static const char *llc_protocol(const struct dec_frame *f, char *buf, size_t len)
{
	if (f->l2kind == DEC_L2_SNAP) {
		if (f->snap_oui == 0x00000c) {
			switch (f->snap_pid) {
			case 0x2000: return "CDP";
			case 0x2003: return "VTP";
			case 0x2004: return "DTP";
			case 0x0111: return "UDLD";
			case 0x010b: return "PVST+";
			default: break;
			}
		}
		snprintf(buf, len, "SNAP %06x/%04x", f->snap_oui, f->snap_pid);
		return buf;
	}
	if (f->l2kind == DEC_L2_8023_RAW)
		return "IPX (raw 802.3)";
	if (f->llc_dsap == 0x42)
		return "STP";
	if (f->llc_dsap == 0xfe)
		return "IS-IS";
	snprintf(buf, len, "LLC DSAP 0x%02x", f->llc_dsap);
	return buf;
}

static const char *ip_protocol(const struct dec_frame *f, const struct ixm_config *cfg)
{
	const struct dec_ip *ip = &f->ip;

	switch (ip->proto) {
	case 2: return "IGMP";
	case 88: return "EIGRP";
	case 89: return ip->version == 6 ? "OSPFv3" : "OSPF";
	case 103: return "PIM";
	case 112: return "VRRP";
	default: break;
	}
	if ((f->layers & DEC_HAS_L4) && f->l4_proto == IPPROTO_V_UDP) {
		uint16_t s = f->sport, d = f->dport;

		if (d == 67 || d == 68 || s == 67 || s == 68)
			return "DHCP";
		if (d == 546 || d == 547)
			return "DHCPv6";
		if (d == 520 && s == 520)
			return "RIP";
		if (d == 521 && s == 521)
			return "RIPng";
		if (d == 1985 && s == 1985)
			return "HSRP";
		if (d == 2029 && s == 2029)
			return "HSRPv6";
	}
	if ((f->layers & DEC_HAS_ICMP) && ip->proto == IPPROTO_V_ICMP &&
	    f->icmp_type == 5)
		return "ICMP redirect";
	if ((f->layers & DEC_HAS_ICMP) && ip->proto == IPPROTO_V_ICMPV6) {
		if (f->icmp_type == 133)
			return "ND router solicitation";
		if (f->icmp_type == 137)
			return "ND redirect";
		if ((f->layers & DEC_HAS_MLD) && !cfg->allow_mld)
			return f->mld.version == 2 ? "MLDv2" : "MLDv1";
	}
	return NULL;
}

static void policy_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	struct an_policy *p = st;
	const struct ixm_config *cfg = p->env->cfg;
	const char *proto = NULL;
	char buf[32], label[AN_LABEL_LEN], ethertype[8] = "";
	struct alert_key k;
	int forbidden_type = 0, show_type = 0, version;

	if (f->layers & DEC_HAS_LLC || f->l2kind == DEC_L2_8023_RAW) {
		proto = llc_protocol(f, buf, sizeof(buf));
	} else if (f->layers & DEC_HAS_ETYPE) {
		/* IP-borne protocols are named; their ethertype says nothing. */
		show_type = 1;
		if (f->ethertype == 0x88cc && !cfg->allow_lldp)
			proto = "LLDP";
		else if (f->ethertype == 0x8809 && !cfg->allow_lacp)
			proto = "LACP/slow protocols";
		else if (f->ethertype != 0x8809 && f->ethertype != 0x88cc &&
		    !(p->allowed[f->ethertype >> 3] & (1u << (f->ethertype & 7))))
			forbidden_type = 1;
		else if ((f->layers & DEC_HAS_IP) && f->tunnel == DEC_TUN_NONE &&
		    (proto = ip_protocol(f, cfg)) != NULL)
			show_type = 0;
	}
	/* The common case leaves here: nothing formatted per frame. */
	if (proto == NULL && !forbidden_type)
		return;
	if (show_type)
		snprintf(ethertype, sizeof(ethertype), "0x%04x", f->ethertype);
	/* A frame missing its L2 header has no real type: mac_misaligned says so. */
	if (forbidden_type && an_member_of_mac(p->env, f->src_mac) == NULL &&
	    an_misaligned(p->env, f, &version) != INT_MIN)
		return;

	alert_key_init(&k, proto ? ALERT_FORBIDDEN_PROTOCOL : ALERT_FORBIDDEN_ETHERTYPE);
	alert_key_subject(&k, proto ? proto : ethertype);
	an_key_source(&k, p->env, f);
	an_mac_label(p->env, f->src_mac, label);
	if (proto)
		ALERT_RAISE(p->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
		    m->weight, "%s%s%s%s from %s: link-local control protocols do not belong on a peering LAN",
		    proto, ethertype[0] ? " (ethertype " : "", ethertype,
		    ethertype[0] ? ")" : "", label);
	else
		ALERT_RAISE(p->env->alerts, &k, ALERT_WARNING, m->ts_sec, m->ts_nsec,
		    m->weight, "ethertype %s from %s is outside the allowed list (policy.allowed_ethertypes)",
		    ethertype, label);
}

static void policy_free(void *st) { free(st); }

const struct analyzer_ops an_policy_ops = {
	.name = "policy",
	.init = policy_init,
	.frame = policy_frame,
	.free = policy_free,
};
