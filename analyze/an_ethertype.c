/*
 * an_ethertype.c - the counting core: frames and wire bytes per innermost
 * ethertype, tunnelled IPv6, VLAN ids.
 *
 * The operators' convention (README, "tunneled_ipv6"): the headline looks
 * only at the ethertype after any 802.1Q/802.1ad tags; 0x86dd is IPv6 and 6in4,
 * 6to4 and Teredo count as IPv4.  Tunnelled IPv6 is reported apart *as
 * well*, never subtracted.  Bytes are the original wire length from the
 * capture header, not what the snap length kept.  Every value of the type
 * field is also kept (a 64 Ki table, 1 MiB) so "other" can be explained and
 * policy can later forbid ethertypes by value; 802.3 length frames have no
 * ethertype and are counted by kind (LLC, SNAP, raw).
 *
 * The IPv6 share is IPv6 over every ethertype, frames and bytes (the one
 * definition pages, graphs and metrics use).  When frames are sampled
 * (--sample, sFlow) it is an estimate and the report gives its 95%
 * confidence interval (estimate.h); the variance sums behind it are kept
 * in the report so a restarted appliance goes on from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/estimate.h"
#include "capture/decode.h"
#include "common/log.h"

struct count {
	uint64_t frames, bytes;
};

struct an_ethertype {
	struct count eclass[DEC_EC_MAX];
	struct count tunnel[DEC_TUN_MAX];
	struct count by_type[65536];
	struct count l2kind[DEC_L2_8023_RAW + 1];
	struct count vlan[2][4096]; /* [outer/inner][vid] */
	struct count untagged;
	struct est_var v6_frames, v6_bytes; /* behind ipv6_share, when sampled */
};

static void add(struct count *c, const struct dec_frame *f,
    const struct frame_meta *m)
{
	an_add_sat(&c->frames, m->weight);
	an_add_sat(&c->bytes, (uint64_t)f->wirelen * m->weight);
}

static void *eth_init(const struct an_env *env)
{
	(void)env;
	return xcalloc(1, sizeof(struct an_ethertype));
}

static void eth_frame(void *st, const struct dec_frame *f,
    const struct frame_meta *m)
{
	struct an_ethertype *a = st;

	add(&a->eclass[f->eclass], f, m);
	if (m->weight > 1) {
		const int v6 = f->eclass == DEC_EC_IPV6;

		est_var_add(&a->v6_frames, m->weight, 1, v6);
		est_var_add(&a->v6_bytes, m->weight, f->wirelen, v6);
	}
	if (f->tunnel != DEC_TUN_NONE)
		add(&a->tunnel[f->tunnel], f, m);
	if (f->layers & DEC_HAS_ETYPE)
		add(&a->by_type[f->ethertype], f, m);
	else /* a cut tag chain leaves ETHER2 without a type: undecoded */
		add(&a->l2kind[f->l2kind == DEC_L2_ETHER2 ? DEC_L2_NONE : f->l2kind],
		    f, m);
	if (f->n_tags == 0) {
		add(&a->untagged, f, m);
	} else {
		add(&a->vlan[0][f->vlan[0]], f, m);
		if (f->n_tags > 1)
			add(&a->vlan[1][f->vlan[1]], f, m);
	}
}

static void eth_report(void *st, json_t *root)
{
	static const char *const kind_names[] = {"none", "ethernet2", "llc",
	    "snap", "raw802.3"};
	struct an_ethertype *a = st;
	json_t *et = json_object(), *tun = json_object(), *types = json_array();
	json_t *vlans = json_array();
	uint64_t all_f = 0, all_b = 0;
	char name[8];
	int i, v, d;

	for (i = 0; i < DEC_EC_MAX; i++) {
		json_object_set_new(et, dec_eclass_name((enum dec_eclass)i),
		    an_count_json(a->eclass[i].frames, a->eclass[i].bytes));
		all_f += a->eclass[i].frames;
		all_b += a->eclass[i].bytes;
	}
	json_object_set_new(root, "ethertype", et);
	json_object_set_new(root, "ipv6_share",
	    est_share_json(a->eclass[DEC_EC_IPV6].frames, all_f, &a->v6_frames,
		a->eclass[DEC_EC_IPV6].bytes, all_b, &a->v6_bytes));
	for (i = DEC_TUN_NONE + 1; i < DEC_TUN_MAX; i++)
		json_object_set_new(tun, dec_tunnel_name((enum dec_tunnel)i),
		    an_count_json(a->tunnel[i].frames, a->tunnel[i].bytes));
	json_object_set_new(root, "tunneled_ipv6", tun);

	/* Every type value seen, plus 802.3 frames by kind: explains "other". */
	for (i = 0; i < 65536; i++) {
		json_t *o;

		if (a->by_type[i].frames == 0)
			continue;
		snprintf(name, sizeof(name), "0x%04x", i);
		o = an_count_json(a->by_type[i].frames, a->by_type[i].bytes);
		json_object_set_new(o, "ethertype", json_string(name));
		json_array_append_new(types, o);
	}
	for (i = DEC_L2_LLC; i <= DEC_L2_8023_RAW; i++) {
		json_t *o;

		if (a->l2kind[i].frames == 0)
			continue;
		o = an_count_json(a->l2kind[i].frames, a->l2kind[i].bytes);
		json_object_set_new(o, "ethertype", json_string(kind_names[i]));
		json_array_append_new(types, o);
	}
	if (a->l2kind[DEC_L2_NONE].frames) {
		json_t *o = an_count_json(a->l2kind[DEC_L2_NONE].frames,
		    a->l2kind[DEC_L2_NONE].bytes);

		json_object_set_new(o, "ethertype", json_string("undecoded"));
		json_array_append_new(types, o);
	}
	json_object_set_new(root, "ethertype_values", types);

	for (d = 0; d < 2; d++)
		for (v = 0; v < 4096; v++) {
			json_t *o;

			if (a->vlan[d][v].frames == 0)
				continue;
			o = an_count_json(a->vlan[d][v].frames, a->vlan[d][v].bytes);
			json_object_set_new(o, "id", json_integer(v));
			json_object_set_new(o, "tag",
			    json_string(d == 0 ? "outer" : "inner"));
			json_array_append_new(vlans, o);
		}
	json_object_set_new(root, "vlans",
	    json_pack("{s:o,s:o}", "untagged",
		an_count_json(a->untagged.frames, a->untagged.bytes), "tagged",
		vlans));
}

static void eth_restore(void *st, const json_t *root)
{
	struct an_ethertype *a = st;
	const json_t *et = json_object_get(root, "ethertype");
	const json_t *tun = json_object_get(root, "tunneled_ipv6");
	const json_t *vl = json_object_get(root, "vlans"), *o;
	size_t i;
	int c;

	for (c = 0; c < DEC_EC_MAX; c++)
		an_count_read(json_object_get(et, dec_eclass_name((enum dec_eclass)c)),
		    &a->eclass[c].frames, &a->eclass[c].bytes);
	for (c = DEC_TUN_NONE + 1; c < DEC_TUN_MAX; c++)
		an_count_read(json_object_get(tun, dec_tunnel_name((enum dec_tunnel)c)),
		    &a->tunnel[c].frames, &a->tunnel[c].bytes);
	json_array_foreach(json_object_get(root, "ethertype_values"), i, o) {
		const char *name = json_string_value(json_object_get(o, "ethertype"));
		struct count *cnt = NULL;
		unsigned v;

		if (name == NULL)
			continue;
		if (sscanf(name, "0x%4x", &v) == 1)
			cnt = &a->by_type[v & 0xffff];
		else if (!strcmp(name, "llc"))
			cnt = &a->l2kind[DEC_L2_LLC];
		else if (!strcmp(name, "snap"))
			cnt = &a->l2kind[DEC_L2_SNAP];
		else if (!strcmp(name, "raw802.3"))
			cnt = &a->l2kind[DEC_L2_8023_RAW];
		else if (!strcmp(name, "undecoded"))
			cnt = &a->l2kind[DEC_L2_NONE];
		if (cnt)
			an_count_read(o, &cnt->frames, &cnt->bytes);
	}
	an_count_read(json_object_get(vl, "untagged"), &a->untagged.frames,
	    &a->untagged.bytes);
	est_share_restore(json_object_get(root, "ipv6_share"), &a->v6_frames,
	    &a->v6_bytes);
	json_array_foreach(json_object_get(vl, "tagged"), i, o) {
		uint64_t id = an_json_u64(o, "id");
		const char *tag = json_string_value(json_object_get(o, "tag"));
		int d = tag && !strcmp(tag, "inner");

		if (id < 4096)
			an_count_read(o, &a->vlan[d][id].frames, &a->vlan[d][id].bytes);
	}
}

static void eth_free(void *st) { free(st); }

const struct analyzer_ops an_ethertype_ops = {
	.name = "ethertype",
	.init = eth_init,
	.frame = eth_frame,
	.report = eth_report,
	.free = eth_free,
	.restore = eth_restore,
};
