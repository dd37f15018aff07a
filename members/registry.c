/*
 * registry.c - the member registry, read from an IX-F Member Export.
 *
 * What IX-F is.  The IX-F Member Export (Internet eXchange Federation,
 * https://github.com/euro-ix/json-schemas) is the JSON document IXP Manager
 * and most exchanges publish: `ixp_list[]` describes the exchange and its
 * peering VLANs (`vlan[]` with `id`, `name`, `ipv4`/`ipv6` `prefix` and
 * `mask_length`), `member_list[]` lists members by `asnum` and `name`, each
 * with `connection_list[]` (one per port or LAG) holding `vlan_list[]`
 * entries: `vlan_id` (the IX-F id of an `ixp_list[].vlan[]`, not
 * necessarily an 802.1Q tag) and `ipv4`/`ipv6` objects with `address` and
 * the router MACs.
 *
 * Versions.  1.0 and 0.7 put `mac_addresses` (array) in each family
 * object; 0.6 and hand-made exports put one `mac_address` string there, and
 * some generators put either form on the vlan_list entry itself.  All four
 * are read.  An unknown version string is warned about and read as 1.0:
 * the fields ixmon needs have not moved between versions.
 *
 * One VLAN.  ixmon watches one peering LAN, so only vlan_list entries of
 * one VLAN are read: the one named by reg_opts (IX-F id, else prefix), else
 * the one with the most members.  Members with no entry on that VLAN are
 * left out (they are on another LAN of the same exchange).  An export with
 * no VLAN in ixp_list has nothing to choose from: every entry counts.
 *
 * Never refuse the usable rest.  An export is written by people and
 * scripts; one bad MAC must not blind the monitor to 800 good members.
 * Every problem is reported through the caller's warn callback with `where`
 * naming the member and field, and the entry is skipped (malformed) or kept
 * (outside the prefix; the first of two members claiming one MAC or
 * address).  reg_load returns NULL only when there is nothing to read.
 *
 * Why hash tables.  reg_by_mac/v4/v6 run for every analysed frame, up to
 * millions per second from a mirror port, against registries of up to a few
 * thousand members with several MACs and addresses each.  Open addressing
 * with linear probing over flat key arrays is one multiply-xorshift hash
 * (common/hash.h) and, at load factor <= 0.5, about one cache line per
 * lookup; nothing is allocated after reg_load.  The final tables are sized from the actual
 * counts once all members are merged; during loading, growable tables of
 * the same kind detect duplicates across members.
 *
 * Ownership.  reg_load returns a registry the caller owns and releases with
 * reg_free.  Every pointer it hands out (members, prefixes) points into the
 * registry and lives exactly as long as it; the registry keeps no pointer
 * into the jansson tree, which is freed before reg_load returns.  Once
 * loaded the registry is read-only, so lookups may run from several
 * threads.  reg_describe returns a new reference the caller must decref.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "common/hash.h"
#include "common/fmt.h"
#include "common/log.h"
#include "members/registry.h"

/* ---- hash tables ---------------------------------------------------- */

#define HT_EMPTY   UINT32_MAX
#define HT_DROPPED 0x80000000u /* load time: seen, but over REG_MAX_* */

/*
 * Fixed-length keys stored flat, values are member indexes.  The capacity
 * is a power of two at least twice the number of keys, so probing ends
 * quickly and the mask replaces a modulo.
 */
struct htab {
	uint8_t *keys;
	uint32_t *vals;
	size_t mask; /* capacity - 1 */
	size_t n;
	size_t klen;
};

/* Keys are 4, 6 or 16 bytes: one or two rounds of the common mixer. */
static uint64_t hash_key(const uint8_t *k, size_t len)
{
	return hash_bytes(k, len, (uint64_t)len * 0x9e3779b97f4a7c15ULL);
}

static void ht_alloc(struct htab *t, size_t klen, size_t cap)
{
	t->klen = klen;
	t->mask = cap - 1;
	t->n = 0;
	t->keys = xcalloc(cap, klen);
	t->vals = xcalloc(cap, sizeof(*t->vals));
	memset(t->vals, 0xff, cap * sizeof(*t->vals)); /* all HT_EMPTY */
}

/* A table that holds `count` keys at load factor <= 0.5. */
static void ht_init(struct htab *t, size_t klen, size_t count)
{
	size_t cap = 8;

	while (cap < count * 2)
		cap <<= 1;
	ht_alloc(t, klen, cap);
}

static void ht_free(struct htab *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}

static uint32_t ht_get(const struct htab *t, const uint8_t *key)
{
	size_t i;

	if (t->vals == NULL)
		return HT_EMPTY;
	for (i = hash_key(key, t->klen) & t->mask;; i = (i + 1) & t->mask) {
		if (t->vals[i] == HT_EMPTY)
			return HT_EMPTY;
		if (memcmp(t->keys + i * t->klen, key, t->klen) == 0)
			return t->vals[i];
	}
}

static void ht_put_nogrow(struct htab *t, const uint8_t *key, uint32_t val)
{
	size_t i;

	for (i = hash_key(key, t->klen) & t->mask; t->vals[i] != HT_EMPTY;
	     i = (i + 1) & t->mask)
		;
	memcpy(t->keys + i * t->klen, key, t->klen);
	t->vals[i] = val;
	t->n++;
}

/* Insert a key known to be absent; doubles the table past load 0.5. */
static void ht_put(struct htab *t, const uint8_t *key, uint32_t val)
{
	if ((t->n + 1) * 2 > t->mask + 1) {
		struct htab old = *t;
		size_t i;

		ht_alloc(t, old.klen, (old.mask + 1) * 2);
		for (i = 0; i <= old.mask; i++)
			if (old.vals[i] != HT_EMPTY)
				ht_put_nogrow(t, old.keys + i * old.klen,
				    old.vals[i]);
		ht_free(&old);
	}
	ht_put_nogrow(t, key, val);
}

/* ---- the registry --------------------------------------------------- */

struct registry {
	struct reg_member *members;
	size_t n;
	struct htab by_mac, by_v4, by_v6, by_asn;
	struct addr_prefix lan4, lan6;
	char *file, *version, *ixp, *vlan_name;
	int64_t vlan_id;
	int have_vlan;
	size_t warnings;
	size_t other_vlan; /* members with no entry on the chosen VLAN */
	size_t without_macs; /* members with no mac_addresses */
};

/* One VLAN of ixp_list, for the choice and the prefix checks. */
struct vlan {
	int64_t id;
	int64_t ixp_id;
	int has_ixp_id;
	size_t ixp_idx;
	const char *name;      /* borrowed from the JSON tree */
	const char *shortname; /* of its IXP, borrowed */
	struct addr_prefix v4, v6;
	size_t members;        /* members with an entry on it (auto choice) */
	size_t last_member;    /* stamp so a member counts once */
};

/* Per-member state needed only while loading. */
struct lmember {
	uint8_t macfam[REG_MAX_MACS]; /* bit 0: seen for IPv4, bit 1: IPv6 */
	uint32_t drop_addr[2], drop_mac;
};

struct loader {
	struct registry *r;
	reg_warn_fn warn;
	void *ctx;
	struct vlan *vlans;
	size_t nvlans, nixps;
	struct vlan *chosen; /* NULL: accept every vlan_list entry */
	struct htab mac, addr[2], asn, seen;
	struct lmember *lm;
	uint32_t cur;        /* member being filled */
	char mwhere[160];    /* "member AS64500 (Example Net)" */
};

static const char *const fam_name[2] = {"ipv4", "ipv6"};
static const char *const fam_label[2] = {"IPv4", "IPv6"};
static const size_t fam_len[2] = {4, 16};

static void vsay(struct loader *L, const char *where, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));
static void lwarn(struct loader *L, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void lnote(struct loader *L, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void vsay(struct loader *L, const char *where, const char *fmt, va_list ap)
{
	char what[512], w[400];

	vsnprintf(what, sizeof(what), fmt, ap);
	snprintf(w, sizeof(w), "%s", where);
	/* names, MACs and addresses are quoted from the file as written */
	if (L->warn != NULL)
		L->warn(L->ctx, fmt_printable(w), fmt_printable(what));
}

/* A problem with an entry: counted in `warnings`, the input was flawed. */
static void lwarn(struct loader *L, const char *where, const char *fmt, ...)
{
	va_list ap;

	L->r->warnings++;
	va_start(ap, fmt);
	vsay(L, where, fmt, ap);
	va_end(ap);
}

/* Something to know about a valid list: said the same way, not counted. */
static void lnote(struct loader *L, const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(L, where, fmt, ap);
	va_end(ap);
}

/* "AS64500 (Example Net)" for warnings that name a second member. */
static void member_label(char *buf, size_t len, const struct reg_member *m)
{
	if (m->name[0] != '\0')
		snprintf(buf, len, "AS%" PRIu32 " (%s)", m->asnum, m->name);
	else
		snprintf(buf, len, "AS%" PRIu32, m->asnum);
}

/* Copy at most len-1 bytes without cutting a UTF-8 sequence in two. */
static void copy_name(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	fmt_printable(dst); /* a name is one line of text */
}

/* ---- lookups -------------------------------------------------------- */

static const struct reg_member *lookup(const struct registry *r,
    const struct htab *t, const uint8_t *key)
{
	uint32_t v;

	if (r == NULL || key == NULL)
		return NULL;
	v = ht_get(t, key);
	return v == HT_EMPTY ? NULL : &r->members[v];
}

const struct reg_member *reg_by_mac(const struct registry *r,
    const uint8_t mac[6])
{
	return r ? lookup(r, &r->by_mac, mac) : NULL;
}

const struct reg_member *reg_by_v4(const struct registry *r,
    const uint8_t addr[4])
{
	return r ? lookup(r, &r->by_v4, addr) : NULL;
}

const struct reg_member *reg_by_v6(const struct registry *r,
    const uint8_t addr[16])
{
	return r ? lookup(r, &r->by_v6, addr) : NULL;
}

const struct reg_member *reg_by_asn(const struct registry *r, uint32_t asnum)
{
	uint8_t k[4];

	memcpy(k, &asnum, 4); /* host order: the key never leaves memory */
	return r ? lookup(r, &r->by_asn, k) : NULL;
}

size_t reg_count(const struct registry *r) { return r ? r->n : 0; }

const struct reg_member *reg_member_at(const struct registry *r, size_t i)
{
	return r != NULL && i < r->n ? &r->members[i] : NULL;
}

size_t reg_member_index(const struct registry *r, const struct reg_member *m)
{
	/* Compare addresses as integers: no pointer arithmetic on strangers. */
	uintptr_t base, p = (uintptr_t)m;

	if (r == NULL || m == NULL || r->n == 0)
		return SIZE_MAX;
	base = (uintptr_t)r->members;
	if (p < base || p >= base + r->n * sizeof(*r->members) ||
	    (p - base) % sizeof(*r->members) != 0)
		return SIZE_MAX;
	return (p - base) / sizeof(*r->members);
}

const struct addr_prefix *reg_lan_v4(const struct registry *r)
{
	return r ? &r->lan4 : NULL;
}

const struct addr_prefix *reg_lan_v6(const struct registry *r)
{
	return r ? &r->lan6 : NULL;
}

size_t reg_warnings(const struct registry *r) { return r ? r->warnings : 0; }
size_t reg_without_macs(const struct registry *r) { return r ? r->without_macs : 0; }

static json_t *json_str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *prefix_json(const struct addr_prefix *p, int version)
{
	char a[INET6_ADDRSTRLEN], buf[INET6_ADDRSTRLEN + 8];

	if (p->len == 0 ||
	    inet_ntop(version == 4 ? AF_INET : AF_INET6, p->addr, a,
		sizeof(a)) == NULL)
		return json_null();
	snprintf(buf, sizeof(buf), "%s/%u", a, (unsigned)p->len);
	return json_string(buf);
}

json_t *reg_describe(const struct registry *r)
{
	json_t *o, *v;

	if (r == NULL)
		return json_null();
	o = json_object();
	json_object_set_new(o, "file", json_str_or_null(r->file));
	json_object_set_new(o, "version", json_str_or_null(r->version));
	json_object_set_new(o, "ixp", json_str_or_null(r->ixp));
	if (r->have_vlan) {
		v = json_object();
		json_object_set_new(v, "id", json_integer(r->vlan_id));
		json_object_set_new(v, "name", json_str_or_null(r->vlan_name));
		json_object_set_new(v, "ipv4_prefix", prefix_json(&r->lan4, 4));
		json_object_set_new(v, "ipv6_prefix", prefix_json(&r->lan6, 6));
	} else {
		v = json_null();
	}
	json_object_set_new(o, "vlan", v);
	json_object_set_new(o, "members", json_integer((json_int_t)r->n));
	json_object_set_new(o, "members_other_vlans",
	    json_integer((json_int_t)r->other_vlan));
	json_object_set_new(o, "members_without_macs",
	    json_integer((json_int_t)r->without_macs));
	json_object_set_new(o, "warnings", json_integer((json_int_t)r->warnings));
	return o;
}

void reg_free(struct registry *r)
{
	if (r == NULL)
		return;
	ht_free(&r->by_mac);
	ht_free(&r->by_v4);
	ht_free(&r->by_v6);
	ht_free(&r->by_asn);
	free(r->members);
	free(r->file);
	free(r->version);
	free(r->ixp);
	free(r->vlan_name);
	free(r);
}

/* ---- loading: the VLANs --------------------------------------------- */

/*
 * A VLAN's prefix: `prefix` + `mask_length`, or (seen in hand-made
 * exports) `prefix` already in "a.b.c.d/len" form.
 */
static void read_vlan_prefix(struct loader *L, json_t *fo, int fam,
    const char *vwhere, struct addr_prefix *out)
{
	const char *pfx = json_string_value(json_object_get(fo, "prefix"));
	json_t *ml = json_object_get(fo, "mask_length");
	int version = fam == 0 ? 4 : 6;
	char where[256], buf[96];

	memset(out, 0, sizeof(*out));
	if (!json_is_object(fo))
		return;
	snprintf(where, sizeof(where), "%s %s.prefix", vwhere, fam_name[fam]);
	if (pfx == NULL) {
		lwarn(L, where, "no prefix string; %s addresses on this VLAN "
		    "are not checked", fam_label[fam]);
		return;
	}
	if (strchr(pfx, '/') != NULL) {
		if (addr_prefix_parse(pfx, version, out, NULL) < 0)
			lwarn(L, where, "\"%.64s\" is not an %s prefix; "
			    "ignored", pfx, fam_label[fam]);
		return;
	}
	if (!json_is_integer(ml)) {
		lwarn(L, where, "no integer mask_length; %s addresses on this "
		    "VLAN are not checked", fam_label[fam]);
		return;
	}
	snprintf(buf, sizeof(buf), "%.64s/%" JSON_INTEGER_FORMAT, pfx,
	    json_integer_value(ml));
	if (addr_prefix_parse(buf, version, out, NULL) < 0) {
		memset(out, 0, sizeof(*out));
		lwarn(L, where, "\"%s\" is not an %s prefix; ignored", buf,
		    fam_label[fam]);
	}
}

static void read_vlans(struct loader *L, json_t *root)
{
	json_t *ixps = json_object_get(root, "ixp_list"), *ixp, *vl, *v;
	size_t i, j, cap = 0;

	if (!json_is_array(ixps))
		return;
	L->nixps = json_array_size(ixps);
	json_array_foreach(ixps, i, ixp) {
		vl = json_object_get(ixp, "vlan");
		if (json_is_array(vl))
			cap += json_array_size(vl);
	}
	if (cap == 0)
		return;
	L->vlans = xcalloc(cap, sizeof(*L->vlans));
	json_array_foreach(ixps, i, ixp) {
		json_t *ixp_id = json_object_get(ixp, "ixp_id");
		const char *sn = json_string_value(json_object_get(ixp,
		    "shortname"));

		vl = json_object_get(ixp, "vlan");
		if (!json_is_array(vl))
			continue;
		json_array_foreach(vl, j, v) {
			struct vlan *d = &L->vlans[L->nvlans];
			json_t *id = json_object_get(v, "id");
			char where[128];

			snprintf(where, sizeof(where), "ixp_list %zu vlan %zu",
			    i, j);
			if (!json_is_integer(id)) {
				lwarn(L, where, "VLAN without an integer id; "
				    "ignored");
				continue;
			}
			d->id = json_integer_value(id);
			d->ixp_idx = i;
			d->has_ixp_id = json_is_integer(ixp_id);
			d->ixp_id = json_integer_value(ixp_id);
			d->shortname = sn;
			d->name = json_string_value(json_object_get(v, "name"));
			d->last_member = SIZE_MAX;
			if (d->name != NULL)
				snprintf(where, sizeof(where),
				    "ixp_list %zu vlan %zu (%.40s)", i, j,
				    d->name);
			read_vlan_prefix(L, json_object_get(v, "ipv4"), 0,
			    where, &d->v4);
			read_vlan_prefix(L, json_object_get(v, "ipv6"), 1,
			    where, &d->v6);
			L->nvlans++;
		}
	}
}

/* The VLAN a vlan_list entry refers to, or NULL (unknown / other IXP). */
static struct vlan *entry_vlan(struct loader *L, json_t *conn, json_t *item)
{
	json_t *vid = json_object_get(item, "vlan_id");
	json_t *cix = json_object_get(conn, "ixp_id");
	size_t i;

	if (!json_is_integer(vid)) {
		/* Only unambiguous when the export has a single VLAN. */
		return L->nvlans == 1 ? &L->vlans[0] : NULL;
	}
	for (i = 0; i < L->nvlans; i++) {
		struct vlan *v = &L->vlans[i];

		if (v->id != json_integer_value(vid))
			continue;
		/*
		 * VLAN ids are per IXP; the connection's ixp_id says which,
		 * but only matters (and is only trusted) when there are
		 * several IXPs in the export.
		 */
		if (L->nixps > 1 && v->has_ixp_id && json_is_integer(cix) &&
		    json_integer_value(cix) != v->ixp_id)
			continue;
		return v;
	}
	return NULL;
}

/* Both prefixes overlap: either one contains the other's network. */
static int prefix_overlaps(const struct addr_prefix *a,
    const struct addr_prefix *b, int version)
{
	if (a->len == 0 || b->len == 0)
		return 0;
	return addr_prefix_contains(a, version, b->addr) ||
	    addr_prefix_contains(b, version, a->addr);
}

static void choose_vlan(struct loader *L, json_t *members,
    const struct reg_opts *o)
{
	struct vlan *best = NULL;
	json_t *m, *conns, *c, *items, *it;
	size_t i, j, k;

	if (L->nvlans == 0)
		return; /* L->chosen stays NULL: every entry counts */

	if (o != NULL && o->vlan_id >= 0) {
		for (i = 0; i < L->nvlans; i++)
			if (L->vlans[i].id == o->vlan_id) {
				L->chosen = &L->vlans[i];
				return;
			}
		lwarn(L, "ixp_list vlan", "no VLAN with IX-F id %d in the "
		    "export; choosing by prefix or member count instead",
		    o->vlan_id);
	}
	if (o != NULL && (o->want_v4.len > 0 || o->want_v6.len > 0)) {
		for (i = 0; i < L->nvlans; i++) {
			struct vlan *v = &L->vlans[i];

			if (o->want_v4.len > 0 &&
			    !prefix_overlaps(&v->v4, &o->want_v4, 4))
				continue;
			if (o->want_v6.len > 0 &&
			    !prefix_overlaps(&v->v6, &o->want_v6, 6))
				continue;
			L->chosen = v;
			return;
		}
		lwarn(L, "ixp_list vlan", "no VLAN has the configured "
		    "prefix; choosing the VLAN with the most members");
	}

	json_array_foreach(members, i, m) {
		conns = json_object_get(m, "connection_list");
		json_array_foreach(conns, j, c) {
			items = json_object_get(c, "vlan_list");
			json_array_foreach(items, k, it) {
				struct vlan *v = entry_vlan(L, c, it);

				if (v != NULL && v->last_member != i) {
					v->last_member = i;
					v->members++;
				}
			}
		}
	}
	/* Ties go to the first listed VLAN: stable across reloads. */
	for (i = 0; i < L->nvlans; i++)
		if (best == NULL || L->vlans[i].members > best->members)
			best = &L->vlans[i];
	L->chosen = best;
}

/* ---- loading: one member's entries ---------------------------------- */

static void add_addr(struct loader *L, int fam, const char *s,
    const char *where)
{
	struct reg_member *m = &L->r->members[L->cur];
	struct htab *t = &L->addr[fam];
	const struct addr_prefix *lan = fam == 0 ? &L->r->lan4 : &L->r->lan6;
	uint8_t a[16];
	uint32_t owner;
	uint8_t *n = fam == 0 ? &m->n_v4 : &m->n_v6;

	if (inet_pton(fam == 0 ? AF_INET : AF_INET6, s, a) != 1) {
		lwarn(L, where, "\"%.64s\" is not an %s address; skipped", s,
		    fam_label[fam]);
		return;
	}
	owner = ht_get(t, a);
	if (owner != HT_EMPTY) {
		char other[REG_NAME_LEN + 16];

		if ((owner & ~HT_DROPPED) == L->cur)
			return; /* the same member again: one address */
		member_label(other, sizeof(other),
		    &L->r->members[owner & ~HT_DROPPED]);
		lwarn(L, where, "%s is already registered to %s; kept for "
		    "that member only", s, other);
		return;
	}
	if (lan->len > 0 && !addr_prefix_contains(lan, fam == 0 ? 4 : 6, a)) {
		char p[INET6_ADDRSTRLEN];

		inet_ntop(fam == 0 ? AF_INET : AF_INET6, lan->addr, p,
		    sizeof(p));
		lwarn(L, where, "%s is outside the VLAN's prefix %s/%u; kept",
		    s, p, (unsigned)lan->len);
	}
	if (*n >= REG_MAX_ADDRS) {
		L->lm[L->cur].drop_addr[fam]++;
		ht_put(t, a, L->cur | HT_DROPPED);
		return;
	}
	memcpy(fam == 0 ? m->v4[*n] : m->v6[*n], a, fam_len[fam]);
	(*n)++;
	ht_put(t, a, L->cur);
}

/* `fams`: bit 0 the MAC serves IPv4, bit 1 IPv6. */
static void add_mac(struct loader *L, unsigned fams, json_t *js,
    const char *where)
{
	struct reg_member *m = &L->r->members[L->cur];
	struct lmember *lm = &L->lm[L->cur];
	const char *s = json_string_value(js);
	uint8_t mac[6];
	uint32_t owner;
	size_t k;

	if (s == NULL) {
		lwarn(L, where, "MAC address is not a string; skipped");
		return;
	}
	if (addr_mac_parse(s, strlen(s), mac) < 0) {
		lwarn(L, where, "\"%.64s\" is not a MAC address "
		    "(xx:xx:xx:xx:xx:xx, xx-xx-.., xxxx.xxxx.xxxx, "
		    "xxxxxx-xxxxxx or 12 hex digits); skipped", s);
		return;
	}
	/* A router's source MAC is never group or all-zero. */
	if ((mac[0] & 1) != 0 || memcmp(mac, "\0\0\0\0\0\0", 6) == 0) {
		lwarn(L, where, "%s is a %s MAC, never a router's source; "
		    "skipped", s, (mac[0] & 1) ? "multicast/broadcast" : "zero");
		return;
	}
	owner = ht_get(&L->mac, mac);
	if (owner == L->cur) {
		for (k = 0; k < m->n_macs; k++)
			if (memcmp(m->macs[k], mac, 6) == 0)
				break;
		if (k == m->n_macs)
			return;
		if ((fams & 1) && !(lm->macfam[k] & 1))
			m->n_macs_v4++;
		if ((fams & 2) && !(lm->macfam[k] & 2))
			m->n_macs_v6++;
		lm->macfam[k] |= (uint8_t)fams;
		return;
	}
	if (owner != HT_EMPTY) {
		char other[REG_NAME_LEN + 16];

		if ((owner & ~HT_DROPPED) == L->cur)
			return;
		member_label(other, sizeof(other),
		    &L->r->members[owner & ~HT_DROPPED]);
		lwarn(L, where, "MAC %s is already registered to %s; kept "
		    "for that member only", s, other);
		return;
	}
	if (m->n_macs >= REG_MAX_MACS) {
		lm->drop_mac++;
		ht_put(&L->mac, mac, L->cur | HT_DROPPED);
		return;
	}
	memcpy(m->macs[m->n_macs], mac, 6);
	lm->macfam[m->n_macs] = (uint8_t)fams;
	m->n_macs++;
	if (fams & 1)
		m->n_macs_v4++;
	if (fams & 2)
		m->n_macs_v6++;
	ht_put(&L->mac, mac, L->cur);
}

/* `mac_addresses` (array, or a lone string) and `mac_address` in `obj`. */
static void read_macs(struct loader *L, json_t *obj, unsigned fams,
    const char *base, const char *field_prefix)
{
	json_t *arr = json_object_get(obj, "mac_addresses");
	json_t *one = json_object_get(obj, "mac_address");
	char where[400];
	size_t i;
	json_t *e;

	if (json_is_array(arr)) {
		json_array_foreach(arr, i, e) {
			snprintf(where, sizeof(where), "%s %smac_addresses[%zu]",
			    base, field_prefix, i);
			add_mac(L, fams, e, where);
		}
	} else if (arr != NULL && !json_is_null(arr)) {
		snprintf(where, sizeof(where), "%s %smac_addresses", base,
		    field_prefix);
		add_mac(L, fams, arr, where);
	}
	if (one != NULL && !json_is_null(one)) {
		snprintf(where, sizeof(where), "%s %smac_address", base,
		    field_prefix);
		add_mac(L, fams, one, where);
	}
}

static void read_entry(struct loader *L, json_t *item, const char *base)
{
	json_t *fo[2];
	unsigned fams = 0;
	int fam;
	char where[400], fp[8];

	for (fam = 0; fam < 2; fam++) {
		fo[fam] = json_object_get(item, fam_name[fam]);
		if (json_is_object(fo[fam]))
			fams |= 1u << fam;
	}
	for (fam = 0; fam < 2; fam++) {
		json_t *a;

		if (!json_is_object(fo[fam])) {
			if (fo[fam] != NULL && !json_is_null(fo[fam])) {
				snprintf(where, sizeof(where), "%s %s", base,
				    fam_name[fam]);
				lwarn(L, where, "not an object; skipped");
			}
			continue;
		}
		a = json_object_get(fo[fam], "address");
		snprintf(where, sizeof(where), "%s %s.address", base,
		    fam_name[fam]);
		if (json_is_string(a))
			add_addr(L, fam, json_string_value(a), where);
		else if (a != NULL && !json_is_null(a))
			lwarn(L, where, "address is not a string; skipped");
		snprintf(fp, sizeof(fp), "%s.", fam_name[fam]);
		read_macs(L, fo[fam], 1u << fam, base, fp);
	}
	/* MACs on the entry itself serve whichever families it has. */
	read_macs(L, item, fams ? fams : 3u, base, "");
}

/* Returns how many vlan_list entries of the chosen VLAN it had. */
static size_t read_connections(struct loader *L, json_t *m)
{
	json_t *conns = json_object_get(m, "connection_list"), *c, *items, *it;
	size_t j, k, matched = 0;
	char base[300];

	if (!json_is_array(conns)) {
		snprintf(base, sizeof(base), "%s connection_list", L->mwhere);
		lwarn(L, base, "missing or not an array; member has no "
		    "addresses");
		return 0;
	}
	json_array_foreach(conns, j, c) {
		items = json_object_get(c, "vlan_list");
		if (!json_is_array(items))
			continue; /* a port with no VLAN configured */
		json_array_foreach(items, k, it) {
			snprintf(base, sizeof(base),
			    "%s connection %zu vlan_list %zu", L->mwhere, j, k);
			if (!json_is_object(it)) {
				lwarn(L, base, "not an object; skipped");
				continue;
			}
			if (L->chosen != NULL) {
				struct vlan *v = entry_vlan(L, c, it);

				if (v == NULL) {
					json_t *vid = json_object_get(it,
					    "vlan_id");

					if (json_is_integer(vid))
						lwarn(L, base, "vlan_id %"
						    JSON_INTEGER_FORMAT " is "
						    "not a VLAN of ixp_list; "
						    "entry ignored",
						    json_integer_value(vid));
					else
						lwarn(L, base, "no integer "
						    "vlan_id; entry ignored");
					continue;
				}
				if (v != L->chosen)
					continue;
			}
			matched++;
			read_entry(L, it, base);
		}
	}
	return matched;
}

static void read_member(struct loader *L, size_t i, json_t *m)
{
	struct registry *r = L->r;
	json_t *asn = json_object_get(m, "asnum");
	const char *name = json_string_value(json_object_get(m, "name"));
	struct reg_member *t;
	uint8_t key[4];
	uint32_t idx, first;
	json_int_t a;
	int is_new;
	char where[256];

	if (name != NULL)
		snprintf(where, sizeof(where), "member_list %zu (%.80s)", i,
		    name);
	else
		snprintf(where, sizeof(where), "member_list %zu", i);
	if (!json_is_object(m)) {
		lwarn(L, where, "not an object; skipped");
		return;
	}
	if (asn == NULL) {
		lwarn(L, where, "no asnum; member skipped");
		return;
	}
	if (!json_is_integer(asn)) {
		lwarn(L, where, "asnum is not an integer; member skipped");
		return;
	}
	a = json_integer_value(asn);
	if (a <= 0 || a > (json_int_t)UINT32_MAX) {
		lwarn(L, where, "asnum %" JSON_INTEGER_FORMAT " is not a valid "
		    "AS number (1..4294967295); member skipped", a);
		return;
	}
	if (name != NULL)
		snprintf(L->mwhere, sizeof(L->mwhere), "member AS%"
		    JSON_INTEGER_FORMAT " (%.80s)", a, name);
	else
		snprintf(L->mwhere, sizeof(L->mwhere), "member AS%"
		    JSON_INTEGER_FORMAT, a);

	uint32_t a32 = (uint32_t)a;
	memcpy(key, &a32, 4);
	first = ht_get(&L->seen, key);
	if (first != HT_EMPTY)
		lwarn(L, L->mwhere, "listed again at member_list %zu (first "
		    "at member_list %" PRIu32 "); connections merged", i,
		    first);
	else
		ht_put(&L->seen, key, (uint32_t)i);

	idx = ht_get(&L->asn, key);
	is_new = idx == HT_EMPTY;
	if (is_new)
		idx = (uint32_t)r->n; /* filled in place, committed below */
	t = &r->members[idx];
	if (is_new) {
		t->asnum = a32;
	}
	if (t->name[0] == '\0' && name != NULL)
		copy_name(t->name, sizeof(t->name), name);
	L->cur = idx;

	if (read_connections(L, m) == 0) {
		if (is_new) {
			/*
			 * Nothing on the chosen VLAN: a member of another
			 * LAN of the exchange.  Nothing was put in the tables
			 * for it, so clearing the slot undoes it all.
			 */
			memset(t, 0, sizeof(*t));
			memset(&L->lm[idx], 0, sizeof(L->lm[idx]));
			if (first == HT_EMPTY)
				r->other_vlan++;
		}
		return;
	}
	if (is_new) {
		ht_put(&L->asn, key, idx);
		r->n++;
		/* A duplicate whose first listing was on another VLAN. */
		if (first != HT_EMPTY && r->other_vlan > 0)
			r->other_vlan--;
	}
}

/* After all listings are merged: one warning per member and limit hit. */
static void warn_dropped(struct loader *L)
{
	struct registry *r = L->r;
	char where[256], label[REG_NAME_LEN + 32];
	size_t i;
	int fam;

	for (i = 0; i < r->n; i++) {
		struct lmember *lm = &L->lm[i];

		member_label(label, sizeof(label), &r->members[i]);
		for (fam = 0; fam < 2; fam++) {
			if (lm->drop_addr[fam] == 0)
				continue;
			snprintf(where, sizeof(where), "member %s %s.address",
			    label, fam_name[fam]);
			lwarn(L, where, "%" PRIu32 " more %s addresses than "
			    "the %d kept; dropped", lm->drop_addr[fam],
			    fam_label[fam], REG_MAX_ADDRS);
		}
		if (lm->drop_mac != 0) {
			snprintf(where, sizeof(where),
			    "member %s mac_addresses", label);
			lwarn(L, where, "%" PRIu32 " more MAC addresses than "
			    "the %d kept; dropped", lm->drop_mac,
			    REG_MAX_MACS);
		}
	}
}

/* The lookup tables, sized from the final counts. */
static void build_tables(struct registry *r)
{
	size_t i, k, nmac = 0, n4 = 0, n6 = 0;
	uint8_t key[4];

	for (i = 0; i < r->n; i++) {
		nmac += r->members[i].n_macs;
		n4 += r->members[i].n_v4;
		n6 += r->members[i].n_v6;
	}
	ht_init(&r->by_mac, 6, nmac);
	ht_init(&r->by_v4, 4, n4);
	ht_init(&r->by_v6, 16, n6);
	ht_init(&r->by_asn, 4, r->n);
	for (i = 0; i < r->n; i++) {
		const struct reg_member *m = &r->members[i];

		for (k = 0; k < m->n_macs; k++)
			ht_put_nogrow(&r->by_mac, m->macs[k], (uint32_t)i);
		for (k = 0; k < m->n_v4; k++)
			ht_put_nogrow(&r->by_v4, m->v4[k], (uint32_t)i);
		for (k = 0; k < m->n_v6; k++)
			ht_put_nogrow(&r->by_v6, m->v6[k], (uint32_t)i);
		memcpy(key, &m->asnum, 4);
		ht_put_nogrow(&r->by_asn, key, (uint32_t)i);
	}
}

/*
 * IXP Manager's public export has no mac_addresses: say so once, since
 * every MAC judgement then rests on bindings learned from addresses.  A
 * valid list, so a note (members_without_macs), not a warning.
 */
static void warn_macless(struct loader *L)
{
	struct registry *r = L->r;
	size_t i, without = 0;

	for (i = 0; i < r->n; i++)
		without += r->members[i].n_macs == 0;
	r->without_macs = without;
	if (without == 0 || r->n == 0)
		return;
	if (without == r->n)
		lnote(L, "member_list", "no member has mac_addresses (a public "
		    "export?): each member's MACs are learned from its "
		    "addresses, and the MAC checks run against those");
	else
		lnote(L, "member_list", "%zu of %zu members have no "
		    "mac_addresses: their MACs are learned from their "
		    "addresses", without, r->n);
}

static const char *const known_versions[] = {"0.6", "0.7", "1.0", NULL};

static void check_version(struct loader *L, json_t *root)
{
	json_t *v = json_object_get(root, "version");
	const char *s = json_string_value(v);
	size_t i;

	if (s == NULL) {
		lwarn(L, "version", v == NULL ? "no version; read as 1.0" :
		    "version is not a string; read as 1.0");
		return;
	}
	L->r->version = xstrdup(s);
	for (i = 0; known_versions[i] != NULL; i++)
		if (strcmp(s, known_versions[i]) == 0)
			return;
	lwarn(L, "version", "version \"%.32s\" is not one ixmon knows (0.6, "
	    "0.7, 1.0); read as 1.0", s);
}

struct registry *reg_load(const char *path, const struct reg_opts *opts,
    reg_warn_fn warn, void *ctx, char *err, size_t errlen)
{
	struct loader L;
	struct registry *r = NULL;
	json_t *root = NULL, *members;
	json_error_t jerr;
	FILE *f;
	size_t i, n;
	json_t *m;

	char dummy[1];

	memset(&L, 0, sizeof(L));
	if (err == NULL || errlen == 0) {
		err = dummy; /* callers may not care why */
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	if (path == NULL) {
		snprintf(err, errlen, "no members file given");
		return NULL;
	}
	/* Open it ourselves: "No such file" reads better than jansson's. */
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	root = json_loadf(f, 0, &jerr);
	fclose(f);
	if (root == NULL) {
		snprintf(err, errlen, "%s: not JSON: %s (line %d, column %d)",
		    path, jerr.text, jerr.line, jerr.column);
		fmt_printable(err); /* jansson quotes the bytes near the error */
		return NULL;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: not an IX-F member export: the top "
		    "level is not an object", path);
		goto out;
	}
	members = json_object_get(root, "member_list");
	if (!json_is_array(members)) {
		snprintf(err, errlen, "%s: not an IX-F member export: no "
		    "member_list array", path);
		goto out;
	}

	r = xcalloc(1, sizeof(*r));
	r->file = xstrdup(path);
	L.r = r;
	L.warn = warn;
	L.ctx = ctx;
	n = json_array_size(members);
	/* Bounded by the file already in memory, not by a declared count. */
	r->members = xcalloc(n ? n : 1, sizeof(*r->members));
	L.lm = xcalloc(n ? n : 1, sizeof(*L.lm));

	check_version(&L, root);
	read_vlans(&L, root);
	choose_vlan(&L, members, opts);
	if (L.chosen != NULL) {
		r->have_vlan = 1;
		r->vlan_id = L.chosen->id;
		r->lan4 = L.chosen->v4;
		r->lan6 = L.chosen->v6;
		if (L.chosen->name != NULL)
			r->vlan_name = xstrdup(L.chosen->name);
		if (L.chosen->shortname != NULL)
			r->ixp = xstrdup(L.chosen->shortname);
	} else {
		const char *sn = json_string_value(json_object_get(
		    json_array_get(json_object_get(root, "ixp_list"), 0),
		    "shortname"));

		if (sn != NULL)
			r->ixp = xstrdup(sn);
	}
	if (n == 0)
		lwarn(&L, "member_list", "member_list is empty");

	ht_init(&L.mac, 6, 2 * n);
	ht_init(&L.addr[0], 4, n);
	ht_init(&L.addr[1], 16, n);
	ht_init(&L.asn, 4, n);
	ht_init(&L.seen, 4, n);
	json_array_foreach(members, i, m)
		read_member(&L, i, m);
	warn_dropped(&L);
	warn_macless(&L);
	build_tables(r);

	ht_free(&L.mac);
	ht_free(&L.addr[0]);
	ht_free(&L.addr[1]);
	ht_free(&L.asn);
	ht_free(&L.seen);
	free(L.lm);
	free(L.vlans);
out:
	json_decref(root);
	return r;
}

int reg_member_has_mac(const struct reg_member *m, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < m->n_macs; i++)
		if (memcmp(m->macs[i], mac, 6) == 0)
			return 1;
	return 0;
}
