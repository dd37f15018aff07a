/*
 * analyzers.c - the static table of analyzers, in the order they run and
 * report.  Adding a concern means adding a file and a line here.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/portsec.h"
#include "common/fmt.h"

const struct analyzer_ops *const analyzer_table[] = {
	/* first: every other analyzer reads the frame's sender from it */
	&an_identity_ops,
	&an_ethertype_ops,
	&an_mac_ops,
	&an_members_ops,
	&an_nd_ops,
	&an_policy_ops,
	/* last: it adds per-member sections to what an_members reported */
	&an_app_ops,
	NULL,
};

json_t *an_count_json(uint64_t frames, uint64_t bytes)
{
	return json_pack("{s:I,s:I}", "frames", an_ji(frames), "bytes",
	    an_ji(bytes));
}

uint64_t an_json_u64(const json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v > 0 ? (uint64_t)v : 0;
}

void an_count_read(const json_t *o, uint64_t *frames, uint64_t *bytes)
{
	*frames = an_json_u64(o, "frames");
	*bytes = an_json_u64(o, "bytes");
}

uint64_t an_rate_add(struct an_rate *r, int64_t now, uint32_t weight)
{
	int64_t w = now - (now % AN_RATE_WINDOW);

	if (w != r->window) {
		r->window = w;
		r->count = 0;
	}
	an_add_sat(&r->count, weight);
	return r->count;
}

static int in_any(const struct addr_prefix *p, int n, int version,
    const uint8_t *addr)
{
	int i;

	for (i = 0; i < n; i++)
		if (addr_prefix_contains(&p[i], version, addr))
			return 1;
	return 0;
}

int an_in_lan(const struct an_env *env, int version, const uint8_t *addr)
{
	const struct addr_prefix *rp;

	if (version == 4 && env->cfg->n_lan_v4)
		return in_any(env->cfg->lan_v4, env->cfg->n_lan_v4, 4, addr);
	if (version == 6 && env->cfg->n_lan_v6)
		return in_any(env->cfg->lan_v6, env->cfg->n_lan_v6, 6, addr);
	if (env->reg == NULL)
		return -1;
	rp = version == 4 ? reg_lan_v4(env->reg) : reg_lan_v6(env->reg);
	if (rp == NULL || rp->len == 0)
		return -1;
	return addr_prefix_contains(rp, version, addr);
}

const char *an_member_label(const struct reg_member *m, char buf[AN_LABEL_LEN])
{
	if (m == NULL)
		snprintf(buf, AN_LABEL_LEN, "an unregistered MAC");
	else if (m->name[0])
		snprintf(buf, AN_LABEL_LEN, "AS%u (%s)", m->asnum, m->name);
	else
		snprintf(buf, AN_LABEL_LEN, "AS%u", m->asnum);
	return buf;
}

const char *an_mac_label(const struct an_env *env, const uint8_t mac[6],
    char buf[AN_LABEL_LEN])
{
	const struct reg_member *m = an_member_of_mac(env, mac);
	char ms[FMT_MAC_LEN], who[AN_LABEL_LEN];

	fmt_mac(ms, mac);
	if (env->reg == NULL)
		snprintf(buf, AN_LABEL_LEN, "MAC %s", ms);
	else if (m == NULL)
		snprintf(buf, AN_LABEL_LEN, "unregistered MAC %s", ms);
	else
		snprintf(buf, AN_LABEL_LEN, "%s of %s", ms, an_member_label(m, who));
	return buf;
}

int an_relabel(const struct an_env *env, const uint8_t mac[6], const char *in,
    char *out, size_t outlen)
{
	const struct reg_member *m = an_member_of_mac(env, mac);
	char ms[FMT_MAC_LEN], before[AN_LABEL_LEN], after[AN_LABEL_LEN];
	const char *at;

	if (m == NULL)
		return 0;
	fmt_mac(ms, mac);
	snprintf(before, sizeof(before), "unregistered MAC %s", ms);
	an_mac_label(env, mac, after);
	if ((at = strstr(in, before)) == NULL)
		snprintf(out, outlen, "%s", in);
	else
		snprintf(out, outlen, "%.*s%s%s", (int)(at - in), in, after,
		    at + strlen(before));
	return 1;
}

int an_key_mac(struct alert_key *k, const struct an_env *env,
    const uint8_t mac[6])
{
	const struct reg_member *m = an_member_of_mac(env, mac);

	alert_key_mac(k, mac);
	if (m) {
		alert_key_asn(k, m->asnum);
		return 0;
	}
	if (!an_flood_source(env, mac))
		return 0;
	alert_key_fold(k);
	return 1;
}

int an_key_source(struct alert_key *k, const struct an_env *env,
    const struct dec_frame *f)
{
	if (!(f->layers & DEC_HAS_SRCMAC))
		return 0;
	return an_key_mac(k, env, f->src_mac);
}

int an_v6_is_linklocal(const uint8_t a[16])
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

int an_v6_is_unspecified(const uint8_t a[16])
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

int an_v6_is_multicast(const uint8_t a[16]) { return a[0] == 0xff; }

/* The LAN prefix of `version` (config first, then registry), or NULL. */
static const struct addr_prefix *lan_prefix(const struct an_env *env, int version)
{
	const struct addr_prefix *p = NULL;

	if (version == 6 && env->cfg->n_lan_v6)
		return &env->cfg->lan_v6[0];
	if (version == 4 && env->cfg->n_lan_v4)
		return &env->cfg->lan_v4[0];
	if (env->reg)
		p = version == 6 ? reg_lan_v6(env->reg) : reg_lan_v4(env->reg);
	return p && p->len ? p : NULL;
}

/*
 * A frame sent without its Ethernet header (docs/syslog.md) has the IP header at
 * frame byte 0, so the switch reads IP header bytes as MACs and type:
 *  - IPv6: bytes 6-11 (the "source MAC") are next-header, hop-limit and the
 *    first four bytes of the source address, i.e. the LAN's IPv6 prefix.
 *    Four bytes of a /32-or-longer prefix make false matches on random
 *    MACs negligible (2^-32 per position);
 *  - IPv4: the source address starts at byte 12, the "ethertype", so the
 *    MAC never holds the prefix; the type field is then the first 16 bits
 *    of the LAN's IPv4 prefix and byte 0 reads 0x45..0x4f.
 * Returns the frame offset where the IP header starts (negative when it
 * began before the frame), or INT_MIN when the frame is not misaligned.
 */
int an_misaligned(const struct an_env *env, const struct dec_frame *f,
    int *version)
{
	const struct addr_prefix *p6 = lan_prefix(env, 6), *p4 = lan_prefix(env, 4);
	int i;

	if (!(f->layers & DEC_HAS_ETH))
		return INT_MIN;
	/* The same test the switch-syslog explainer applies to a logged MAC. */
	i = portsec_mac_misaligned(p6, f->src_mac);
	if (i >= 0) {
		*version = 6;
		return 6 + i - 8; /* source address at header + 8 */
	}
	if (p4 && p4->len >= 16 && (f->layers & DEC_HAS_ETYPE) && f->n_tags == 0 &&
	    f->ethertype == (uint16_t)(p4->addr[0] << 8 | p4->addr[1]) &&
	    f->pkt && f->caplen >= 20 && (f->pkt[0] >> 4) == 4 &&
	    (f->pkt[0] & 0x0f) >= 5) {
		*version = 4;
		return 0;
	}
	return INT_MIN;
}
