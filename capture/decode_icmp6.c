/*
 * decode_icmp6.c - ICMPv6 (RFC 4443), Neighbor Discovery (RFC 4861) and
 * Multicast Listener Discovery v1/v2 (RFC 2710, RFC 3810).
 *
 * Common header: type(1) code(1) checksum(2).  Bodies:
 *   133 RS        reserved(4) options
 *   134 RA        curhoplimit(1) flags(1) lifetime(2) reachable(4) retrans(4) options
 *   135 NS        reserved(4) target(16) options
 *   136 NA        flags R|S|O(1) reserved(3) target(16) options
 *   137 Redirect  reserved(4) target(16) destination(16) options
 *   130 MLD query maxresp(2) reserved(2) group(16); 24 bytes is MLDv1, >= 28
 *                 is MLDv2: flags(1) qqic(1) nsrc(2) sources(16*nsrc)
 *   131/132       MLDv1 report/done: maxresp(2) reserved(2) group(16)
 *   143 MLDv2 report  reserved(2) nrec(2) records: type(1) auxlen(1) nsrc(2)
 *                 group(16) sources(16*nsrc) aux(4*auxlen)
 * ND options are type(1) length(1, in 8-byte units) and a length of zero is
 * invalid (RFC 4861 4.6: the node must discard the packet) - it is also the
 * classic way to make a parser spin, so it stops the walk here.
 *
 * The hop limit (255 for ND, 1 for MLD) is left to the analyzers: the
 * decoder reports what is on the wire, the analyzers judge it.
 */
#include <string.h>

#include "capture/decode.h"

#define ICMP6_MLD_QUERY    130
#define ICMP6_MLD1_REPORT  131
#define ICMP6_MLD1_DONE    132
#define ICMP6_ND_RS        133
#define ICMP6_ND_RA        134
#define ICMP6_ND_NS        135
#define ICMP6_ND_NA        136
#define ICMP6_ND_REDIRECT  137
#define ICMP6_MLD2_REPORT  143

static int snapped(const struct dec_frame *f)
{
	return f->caplen < f->wirelen;
}

static int dec_nd_options(struct cur c, struct dec_frame *f)
{
	struct dec_nd *nd = &f->nd;

	while (cur_left(&c) > 0) {
		uint8_t type, len8;
		struct cur o;

		if (cur_peek8(&c, 0, &type) < 0 || cur_peek8(&c, 1, &len8) < 0 ||
		    cur_sub(&c, (size_t)len8 * 8, &o) < 0) {
			/* dec_fail counts a snap-length cut as snapped, no error. */
			if (snapped(f))
				nd->opts |= DEC_ND_OPT_PARTIAL;
			return dec_fail(f, DEC_TRUNCATED, DEC_L_ND);
		}
		if (len8 == 0)
			return dec_fail(f, DEC_INVALID, DEC_L_ND);
		cur_skip(&o, 2);
		if (nd->n_opts < UINT8_MAX)
			nd->n_opts++;
		switch (type) {
		case 1: /* source link-layer address */
			if (len8 == 1) {
				cur_get_bytes(&o, nd->sll, 6);
				nd->opts |= DEC_ND_OPT_SLL;
			}
			break;
		case 2: /* target link-layer address */
			if (len8 == 1) {
				cur_get_bytes(&o, nd->tll, 6);
				nd->opts |= DEC_ND_OPT_TLL;
			}
			break;
		case 3: /* prefix information: plen(1) flags(1) valid(4) pref(4) rsvd(4) prefix(16) */
			if (len8 != 4)
				return dec_fail(f, DEC_INVALID, DEC_L_ND);
			if (nd->n_prefix == 0) {
				cur_get8(&o, &nd->prefix_len);
				cur_skip(&o, 1 + 4 + 4 + 4);
				cur_get_bytes(&o, nd->prefix, 16);
				nd->opts |= DEC_ND_OPT_PREFIX;
			}
			if (nd->n_prefix < UINT8_MAX)
				nd->n_prefix++;
			break;
		case 5: /* MTU: reserved(2) mtu(4) */
			if (len8 != 1)
				return dec_fail(f, DEC_INVALID, DEC_L_ND);
			cur_skip(&o, 2);
			cur_get32(&o, &nd->mtu);
			nd->opts |= DEC_ND_OPT_MTU;
			break;
		default:
			break;
		}
	}
	return f->status;
}

static int dec_nd(struct cur c, uint8_t type, struct dec_frame *f)
{
	struct dec_nd *nd = &f->nd;
	int ok;

	memset(nd, 0, sizeof(*nd));
	switch (type) {
	case ICMP6_ND_RS:
		ok = cur_skip(&c, 4) == 0;
		break;
	case ICMP6_ND_RA:
		ok = cur_get8(&c, &nd->ra_hop_limit) == 0 &&
		    cur_get8(&c, &nd->flags) == 0 &&
		    cur_get16(&c, &nd->ra_lifetime) == 0 && cur_skip(&c, 8) == 0;
		break;
	case ICMP6_ND_NS:
		ok = cur_skip(&c, 4) == 0 && cur_get_bytes(&c, nd->target, 16) == 0;
		break;
	case ICMP6_ND_NA:
		ok = cur_get8(&c, &nd->flags) == 0 && cur_skip(&c, 3) == 0 &&
		    cur_get_bytes(&c, nd->target, 16) == 0;
		break;
	default: /* ICMP6_ND_REDIRECT */
		ok = cur_skip(&c, 4) == 0 && cur_get_bytes(&c, nd->target, 16) == 0 &&
		    cur_get_bytes(&c, nd->dest, 16) == 0;
		break;
	}
	if (!ok)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_ND);
	f->layers |= DEC_HAS_ND;
	return dec_nd_options(c, f);
}

static int dec_mld2_report(struct cur c, struct dec_frame *f)
{
	struct dec_mld *mld = &f->mld;
	uint16_t i;

	if (cur_skip(&c, 2) < 0 || cur_get16(&c, &mld->n_records) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_MLD);
	mld->version = 2;
	f->layers |= DEC_HAS_MLD;
	/* Every record is >= 20 bytes, so the walk is bounded by the bytes. */
	for (i = 0; i < mld->n_records; i++) {
		uint8_t auxlen;
		uint16_t nsrc;
		uint8_t group[16];

		if (cur_skip(&c, 1) < 0 || cur_get8(&c, &auxlen) < 0 ||
		    cur_get16(&c, &nsrc) < 0 || cur_get_bytes(&c, group, 16) < 0 ||
		    cur_skip(&c, (size_t)nsrc * 16 + (size_t)auxlen * 4) < 0)
			return dec_fail(f, DEC_TRUNCATED, DEC_L_MLD);
		if (i == 0)
			memcpy(mld->group, group, 16);
	}
	return f->status;
}

static int dec_mld(struct cur c, uint8_t type, struct dec_frame *f)
{
	struct dec_mld *mld = &f->mld;
	size_t body = cur_left(&c);

	memset(mld, 0, sizeof(*mld));
	if (type == ICMP6_MLD2_REPORT)
		return dec_mld2_report(c, f);
	if (cur_skip(&c, 4) < 0 || cur_get_bytes(&c, mld->group, 16) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_MLD);
	mld->version = 1;
	f->layers |= DEC_HAS_MLD;
	if (type != ICMP6_MLD_QUERY)
		return f->status;
	/* RFC 3810 8.1: the query length tells the version. */
	if (body == 20)
		return f->status;
	if (body < 24) {
		/* Cut by the snap length, the length no longer tells. */
		if (snapped(f))
			return dec_fail(f, DEC_TRUNCATED, DEC_L_MLD);
		return dec_fail(f, DEC_INVALID, DEC_L_MLD);
	}
	mld->version = 2;
	cur_skip(&c, 2);
	cur_get16(&c, &mld->n_sources);
	if ((size_t)mld->n_sources * 16 > cur_left(&c))
		return dec_fail(f, DEC_TRUNCATED, DEC_L_MLD);
	return f->status;
}

int dec_icmp6(struct cur c, struct dec_frame *f)
{
	uint8_t type;

	if (cur_get8(&c, &type) < 0 || cur_get8(&c, &f->icmp_code) < 0 ||
	    cur_skip(&c, 2) < 0)
		return dec_fail(f, DEC_TRUNCATED, DEC_L_ICMP6);
	f->icmp_type = type;
	f->layers |= DEC_HAS_ICMP;
	switch (type) {
	case ICMP6_ND_RS:
	case ICMP6_ND_RA:
	case ICMP6_ND_NS:
	case ICMP6_ND_NA:
	case ICMP6_ND_REDIRECT:
		return dec_nd(c, type, f);
	case ICMP6_MLD_QUERY:
	case ICMP6_MLD1_REPORT:
	case ICMP6_MLD1_DONE:
	case ICMP6_MLD2_REPORT:
		return dec_mld(c, type, f);
	default:
		return f->status;
	}
}
