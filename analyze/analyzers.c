/*
 * analyzers.c - the static table of analyzers, in the order they run and
 * report.  Adding a concern means adding a file and a line here.
 */
#include <stdio.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "common/fmt.h"

const struct analyzer_ops *const analyzer_table[] = {
	&an_ethertype_ops,
	&an_mac_ops,
	&an_members_ops,
	&an_nd_ops,
	&an_policy_ops,
	NULL,
};

json_t *an_count_json(uint64_t frames, uint64_t bytes)
{
	return json_pack("{s:I,s:I}", "frames", (json_int_t)frames, "bytes",
	    (json_int_t)bytes);
}

uint64_t an_rate_add(struct an_rate *r, int64_t now, uint32_t weight)
{
	int64_t w = now - (now % AN_RATE_WINDOW);

	if (w != r->window) {
		r->window = w;
		r->count = 0;
	}
	r->count += weight;
	return r->count;
}

static int in_any(const struct reg_prefix *p, int n, int version,
    const uint8_t *addr)
{
	int i;

	for (i = 0; i < n; i++)
		if (reg_prefix_contains(&p[i], version, addr))
			return 1;
	return 0;
}

int an_in_lan(const struct an_env *env, int version, const uint8_t *addr)
{
	const struct reg_prefix *rp;

	if (version == 4 && env->cfg->n_lan_v4)
		return in_any(env->cfg->lan_v4, env->cfg->n_lan_v4, 4, addr);
	if (version == 6 && env->cfg->n_lan_v6)
		return in_any(env->cfg->lan_v6, env->cfg->n_lan_v6, 6, addr);
	if (env->reg == NULL)
		return -1;
	rp = version == 4 ? reg_lan_v4(env->reg) : reg_lan_v6(env->reg);
	if (rp == NULL || rp->len == 0)
		return -1;
	return reg_prefix_contains(rp, version, addr);
}

const struct reg_member *an_member_of_mac(const struct an_env *env,
    const uint8_t mac[6])
{
	return env->reg ? reg_by_mac(env->reg, mac) : NULL;
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

void an_key_source(struct alert_key *k, const struct an_env *env,
    const struct dec_frame *f)
{
	const struct reg_member *m;

	if (!(f->layers & DEC_HAS_SRCMAC))
		return;
	alert_key_mac(k, f->src_mac);
	m = an_member_of_mac(env, f->src_mac);
	if (m)
		alert_key_asn(k, m->asnum);
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
static const struct reg_prefix *lan_prefix(const struct an_env *env, int version)
{
	const struct reg_prefix *p = NULL;

	if (version == 6 && env->cfg->n_lan_v6)
		return &env->cfg->lan_v6[0];
	if (version == 4 && env->cfg->n_lan_v4)
		return &env->cfg->lan_v4[0];
	if (env->reg)
		p = version == 6 ? reg_lan_v6(env->reg) : reg_lan_v4(env->reg);
	return p && p->len ? p : NULL;
}

/*
 * Where in the 6-byte `mac` does the prefix start?  IPv6 needs its first
 * four bytes (every IXP LAN is at least a /32's worth), IPv4 its first
 * three under the mask (a /20 or longer), so random MACs rarely match.
 */
static int prefix_in_mac(const uint8_t mac[6], const struct reg_prefix *p,
    int version)
{
	int need = version == 6 ? 4 : 3, i, j;

	if (p == NULL || p->len < (version == 6 ? 32 : 20))
		return -1;
	for (i = 0; i + need <= 6; i++) {
		for (j = 0; j < need; j++) {
			int bits = (int)p->len - j * 8;
			uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

			if ((mac[i + j] & mask) != (p->addr[j] & mask))
				break;
		}
		if (j == need)
			return i;
	}
	return -1;
}

int an_misaligned_mac(const struct an_env *env, const uint8_t mac[6],
    int *version)
{
	int pos = prefix_in_mac(mac, lan_prefix(env, 6), 6);

	*version = 6;
	if (pos < 0) {
		*version = 4;
		pos = prefix_in_mac(mac, lan_prefix(env, 4), 4);
	}
	return pos;
}
