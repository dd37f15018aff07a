/*
 * alert.c - aggregation table for alerts; see alert.h.
 *
 * Open addressing with linear probing over a power-of-two array sized at
 * twice the capacity, keyed by the whole (zero-padded) alert_key, so a
 * repeat costs one hash and usually one compare.  Entries are never removed
 * during a run (analyze reports everything; a folded entry is only marked),
 * so an index stays valid; the daemon's lifecycle of raise / repeat / clear
 * is layered on top by the sinks.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alert.h"
#include "common/addr.h"
#include "common/fmt.h"
#include "common/hash.h"
#include "common/log.h"

struct alert_table {
	uint32_t capacity; /* entries stored at most */
	uint32_t mask;     /* slots - 1 */
	uint32_t n;
	uint64_t dropped;
	uint32_t *slots; /* index + 1 into entries, 0 = empty */
	struct alert *entries;
};

static const struct {
	enum alert_type type;
	const char *name;
} type_names[] = {
	{ALERT_ROGUE_RA, "rogue_ra"},
	{ALERT_ND_SPOOF, "nd_spoof"},
	{ALERT_ARP_SPOOF, "arp_spoof"},
	{ALERT_ND_FLOOD, "nd_flood"},
	{ALERT_MLD_FLOOD, "mld_flood"},
	{ALERT_ARP_FLOOD, "arp_flood"},
	{ALERT_ND_FOREIGN_SOURCE, "nd_foreign_source"},
	{ALERT_MAC_UNKNOWN, "mac_unknown"},
	{ALERT_MAC_MISMATCH, "mac_mismatch"},
	{ALERT_MAC_MULTIPLE, "mac_multiple"},
	{ALERT_MAC_FLOOD, "mac_flood"},
	{ALERT_MAC_INVALID_SOURCE, "mac_invalid_source"},
	{ALERT_MAC_MISALIGNED, "mac_misaligned"},
	{ALERT_FORBIDDEN_ETHERTYPE, "forbidden_ethertype"},
	{ALERT_FORBIDDEN_PROTOCOL, "forbidden_protocol"},
	{ALERT_IP_OUTSIDE_LAN, "ip_outside_lan"},
	{ALERT_V6_UNREGISTERED, "v6_unregistered"},
	{ALERT_V6_SILENT, "v6_silent"},
	{ALERT_V6_WENT_DARK, "v6_went_dark"},
	{ALERT_PORT_SECURITY_VIOLATION, "port_security_violation"},
	{ALERT_CAPTURE_DOWN, "capture_down"},
	{ALERT_MAC_CHANGED, "mac_changed"},
	{0, NULL},
};

#define FOLDED_DETAIL \
	"from the random source MACs of a MAC flood (a sample in sample_macs); the first: %.400s"

/* States of the LAN that hold until they end (alert.h), not events. */
static const enum alert_type condition_types[] = {
	ALERT_V6_SILENT, ALERT_V6_UNREGISTERED, ALERT_V6_WENT_DARK,
	ALERT_MAC_MISMATCH, ALERT_MAC_MULTIPLE, ALERT_MAC_CHANGED,
};

int alert_type_is_condition(enum alert_type type)
{
	size_t i;

	for (i = 0; i < sizeof(condition_types) / sizeof(condition_types[0]); i++)
		if (condition_types[i] == type)
			return 1;
	return 0;
}

const char *alert_type_name(enum alert_type type)
{
	int i;

	for (i = 0; type_names[i].name; i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	return "unknown";
}

const char *alert_severity_name(enum alert_severity sev)
{
	switch (sev) {
	case ALERT_CRITICAL:
		return "critical";
	case ALERT_WARNING:
		return "warning";
	default:
		return "notice";
	}
}

struct alert_table *alert_table_new(uint32_t capacity)
{
	struct alert_table *t = xcalloc(1, sizeof(*t));
	uint32_t slots = 16;

	if (capacity == 0)
		capacity = 1;
	while (slots < capacity * 2u && slots < (1u << 30))
		slots <<= 1;
	t->capacity = capacity;
	t->mask = slots - 1;
	t->slots = xcalloc(slots, sizeof(*t->slots));
	t->entries = xcalloc(capacity, sizeof(*t->entries));
	return t;
}

void alert_table_free(struct alert_table *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t->entries);
	free(t);
}

void alert_key_init(struct alert_key *k, enum alert_type type)
{
	memset(k, 0, sizeof(*k));
	k->type = (uint8_t)type;
}

void alert_key_mac(struct alert_key *k, const uint8_t mac[6])
{
	memcpy(k->mac, mac, 6);
	k->has_mac = 1;
}

void alert_key_ip(struct alert_key *k, int version, const uint8_t *addr)
{
	memset(k->ip, 0, sizeof(k->ip));
	memcpy(k->ip, addr, version == 6 ? 16 : 4);
	k->ip_version = (uint8_t)version;
}

void alert_key_asn(struct alert_key *k, uint32_t asnum)
{
	k->asnum = asnum;
	k->has_asn = 1;
}

void alert_key_subject(struct alert_key *k, const char *subject)
{
	memset(k->subject, 0, sizeof(k->subject));
	snprintf(k->subject, sizeof(k->subject), "%s", subject);
}

void alert_key_fold(struct alert_key *k) { k->fold = 1; }

/*
 * The key a folded alert is stored under: without its MAC, and without
 * its address where that is the random source's own (a flood's router
 * advertisements come from as many link-locals as MACs); a spoofed target
 * address stays.
 */
static void fold_key(struct alert_key *k)
{
	memset(k->mac, 0, sizeof(k->mac));
	k->has_mac = 0;
	k->fold = 1;
	if (k->type == ALERT_ROGUE_RA || k->type == ALERT_ND_FOREIGN_SOURCE) {
		memset(k->ip, 0, sizeof(k->ip));
		k->ip_version = 0;
	}
}

static const struct alert_key *stored_key(const struct alert_key *k,
    struct alert_key *buf)
{
	if (!k->fold || !k->has_mac)
		return k;
	*buf = *k;
	fold_key(buf);
	return buf;
}

static void add_sample(struct alert *a, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < a->n_sample; i++)
		if (memcmp(a->sample[i], mac, 6) == 0)
			return;
	if (a->n_sample < ALERT_SAMPLE_MACS)
		memcpy(a->sample[a->n_sample++], mac, 6);
}

/*
 * Keys are small, fixed-size and zero-padded (alert_key_init): mix them a
 * word at a time (common/hash.h).  Repeats of a flood alert hash on every frame.
 */
static uint32_t key_hash(const struct alert_key *k)
{
	return (uint32_t)hash_bytes(k, sizeof(*k), 0x9e3779b97f4a7c15ull);
}

static uint32_t *lookup_slot(struct alert_table *t, const struct alert_key *k)
{
	uint32_t i = key_hash(k) & t->mask;

	for (;;) {
		uint32_t *s = &t->slots[i];

		if (*s == 0 || memcmp(&t->entries[*s - 1].key, k, sizeof(*k)) == 0)
			return s;
		i = (i + 1) & t->mask;
	}
}

/* A repeat: widen the time span, count, maybe escalate. */
static struct alert *touch(struct alert *a, enum alert_severity sev,
    int64_t sec, uint32_t nsec, uint64_t count)
{
	if (sec < a->first_sec || (sec == a->first_sec && nsec < a->first_nsec)) {
		a->first_sec = sec;
		a->first_nsec = nsec;
	}
	if (sec > a->last_sec || (sec == a->last_sec && nsec > a->last_nsec)) {
		a->last_sec = sec;
		a->last_nsec = nsec;
	}
	/* A repeat may escalate (a warning that turned into a flood). */
	if (sev < a->severity)
		a->severity = (uint8_t)sev;
	a->count += count;
	return a;
}

struct alert *alert_find(struct alert_table *t, const struct alert_key *k)
{
	struct alert_key buf;
	uint32_t *s = lookup_slot(t, stored_key(k, &buf));

	return *s ? &t->entries[*s - 1] : NULL;
}

/* A new entry for stored key `k` in empty slot `s`, or NULL when full. */
static struct alert *create(struct alert_table *t, uint32_t *s,
    const struct alert_key *k, enum alert_severity sev, int64_t sec,
    uint32_t nsec, uint64_t count)
{
	struct alert *a;

	if (t->n >= t->capacity) {
		t->dropped += count;
		return NULL;
	}
	a = &t->entries[t->n++];
	*s = t->n;
	a->key = *k;
	a->severity = (uint8_t)sev;
	a->first_sec = a->last_sec = sec;
	a->first_nsec = a->last_nsec = nsec;
	a->count = count;
	a->id = alert_key_id(k);
	return a;
}

const char *alert_key_text(const struct alert_key *k,
    char buf[ALERT_KEY_TEXT_LEN])
{
	char mac[FMT_MAC_LEN], ip[FMT_IP_LEN], asn[16];

	if (k->has_asn)
		snprintf(asn, sizeof(asn), "%u", k->asnum);
	snprintf(buf, ALERT_KEY_TEXT_LEN, "%s|%s|%s|%s|%s|%d",
	    alert_type_name((enum alert_type)k->type),
	    k->has_mac ? fmt_mac(mac, k->mac) : "-",
	    k->ip_version ? fmt_ip(ip, k->ip_version, k->ip) : "-",
	    k->has_asn ? asn : "-", k->subject[0] ? k->subject : "-",
	    k->fold ? 1 : 0);
	return buf;
}

/*
 * FNV-1a, 64 bits (offset basis and prime as published by Fowler, Noll
 * and Vo): a fixed, documented function of the key's text, so the id does
 * not depend on this build's struct layout or hash seed.
 */
uint64_t alert_key_id(const struct alert_key *k)
{
	char text[ALERT_KEY_TEXT_LEN];
	const unsigned char *p;
	uint64_t h = 0xcbf29ce484222325ull;

	for (p = (const unsigned char *)alert_key_text(k, text); *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	return h;
}

const char *alert_id_str(uint64_t id, char buf[ALERT_ID_LEN])
{
	snprintf(buf, ALERT_ID_LEN, "%016llx", (unsigned long long)id);
	return buf;
}

int alert_id_parse(const char *s, uint64_t *id)
{
	uint64_t v = 0;
	int i, d;

	if (s == NULL || strlen(s) != ALERT_ID_LEN - 1)
		return -1;
	for (i = 0; i < ALERT_ID_LEN - 1; i++) {
		if ((d = fmt_hexval((unsigned char)s[i])) < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*id = v;
	return 0;
}

struct alert *alert_find_id(struct alert_table *t, uint64_t id)
{
	uint32_t i;

	/* acknowledgements are rare: a scan, not a second index */
	for (i = 0; i < t->n; i++)
		if (t->entries[i].id == id && !t->entries[i].folded)
			return &t->entries[i];
	return NULL;
}

void alert_ack(struct alert *a, int64_t sec, const char *note)
{
	size_t n = strlen(note);

	a->acked = 1;
	a->ack_sec = sec;
	if (n >= sizeof(a->ack_note)) {
		/* cut before a UTF-8 sequence, never inside one (JSON wants UTF-8) */
		n = sizeof(a->ack_note) - 1;
		while (n > 0 && ((unsigned char)note[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(a->ack_note, note, n);
	a->ack_note[n] = '\0';
}

void alert_unack(struct alert *a)
{
	a->acked = 0;
	a->ack_sec = 0;
	a->ack_note[0] = '\0';
}

struct alert *alert_raise(struct alert_table *t, const struct alert_key *k,
    enum alert_severity sev, int64_t sec, uint32_t nsec, uint64_t count,
    const char *fmt, ...)
{
	struct alert_key buf;
	const struct alert_key *sk = stored_key(k, &buf);
	uint32_t *s = lookup_slot(t, sk);
	struct alert *a;
	va_list ap;

	if (*s) {
		a = touch(&t->entries[*s - 1], sev, sec, nsec, count);
	} else {
		char first[ALERT_DETAIL_LEN];

		if ((a = create(t, s, sk, sev, sec, nsec, count)) == NULL)
			return NULL;
		va_start(ap, fmt);
		vsnprintf(first, sizeof(first), fmt, ap);
		va_end(ap);
		if (sk != k)
			snprintf(a->detail, sizeof(a->detail), FOLDED_DETAIL, first);
		else
			memcpy(a->detail, first, sizeof(a->detail));
	}
	if (sk != k)
		add_sample(a, k->mac);
	return a;
}

struct alert *alert_bump(struct alert_table *t, const struct alert_key *k,
    enum alert_severity sev, int64_t sec, uint32_t nsec, uint64_t count)
{
	struct alert_key buf;
	const struct alert_key *sk = stored_key(k, &buf);
	uint32_t *s = lookup_slot(t, sk);
	struct alert *a;

	if (*s == 0)
		return NULL;
	a = touch(&t->entries[*s - 1], sev, sec, nsec, count);
	if (sk != k)
		add_sample(a, k->mac);
	return a;
}

struct alert *alert_set(struct alert_table *t, const struct alert_key *k,
    enum alert_severity sev, int64_t first_sec, uint32_t first_nsec,
    int64_t last_sec, uint32_t last_nsec, uint64_t count, const char *fmt, ...)
{
	uint32_t *s = lookup_slot(t, k);
	struct alert *a;
	va_list ap;

	if (*s) {
		a = &t->entries[*s - 1];
		/* reopened: a new episode, the old acknowledgement is spent */
		if (!a->open)
			alert_unack(a);
	} else if ((a = create(t, s, k, sev, first_sec, first_nsec, count)) == NULL) {
		return NULL;
	}
	a->severity = (uint8_t)sev;
	a->first_sec = first_sec;
	a->first_nsec = first_nsec;
	a->last_sec = last_sec;
	a->last_nsec = last_nsec;
	a->count = count;
	a->open = 1;
	va_start(ap, fmt);
	vsnprintf(a->detail, sizeof(a->detail), fmt, ap);
	va_end(ap);
	return a;
}

void alert_close(struct alert_table *t, const struct alert_key *k)
{
	uint32_t *s = lookup_slot(t, k);

	if (*s)
		t->entries[*s - 1].open = 0;
}

/*
 * Merge entry `a` into the entry for key `k` (created with `detail` when
 * new) and mark `a` folded; the merged entry, or NULL when the table is
 * full (then `a` stays as it is).
 */
static struct alert *merge(struct alert_table *t, struct alert *a,
    const struct alert_key *k, const char *detail)
{
	uint32_t *s = lookup_slot(t, k);
	struct alert *f;

	if (*s) {
		f = touch(&t->entries[*s - 1], (enum alert_severity)a->severity,
		    a->first_sec, a->first_nsec, a->count);
	} else {
		f = create(t, s, k, (enum alert_severity)a->severity, a->first_sec,
		    a->first_nsec, a->count);
		if (f == NULL)
			return NULL;
		snprintf(f->detail, sizeof(f->detail), "%s", detail);
		/* the same alert under a better key: its acknowledgement moves */
		if (a->acked)
			alert_ack(f, a->ack_sec, a->ack_note);
	}
	touch(f, (enum alert_severity)a->severity, a->last_sec, a->last_nsec, 0);
	a->folded = 1;
	return f;
}

/* Entries keyed on a MAC that a merge may move (not conditions, not folds). */
static int movable(const struct alert *a)
{
	return !a->folded && a->key.has_mac && !a->key.fold &&
	    !alert_type_is_condition((enum alert_type)a->key.type);
}

uint32_t alert_table_attribute(struct alert_table *t,
    int (*owner)(void *ctx, const uint8_t mac[6], const char *detail,
	uint32_t *asnum, char *out, size_t outlen), void *ctx)
{
	uint32_t i, n = t->n, moved = 0, asnum;
	char detail[ALERT_DETAIL_LEN];
	struct alert_key k;

	for (i = 0; i < n; i++) {
		struct alert *a = &t->entries[i];

		if (!movable(a) || a->key.has_asn ||
		    !owner(ctx, a->key.mac, a->detail, &asnum, detail, sizeof(detail)))
			continue;
		k = a->key;
		alert_key_asn(&k, asnum);
		if (merge(t, a, &k, detail) == NULL)
			break; /* full: leave the rest as they are */
		moved++;
	}
	return moved;
}

uint32_t alert_table_fold(struct alert_table *t,
    int (*is_flood)(void *ctx, const uint8_t mac[6]), void *ctx)
{
	uint32_t i, n = t->n, folded = 0;
	char detail[ALERT_DETAIL_LEN];
	struct alert_key k;

	for (i = 0; i < n; i++) {
		struct alert *a = &t->entries[i], *f;

		if (!movable(a) || !is_flood(ctx, a->key.mac))
			continue;
		k = a->key;
		fold_key(&k);
		snprintf(detail, sizeof(detail), FOLDED_DETAIL, a->detail);
		if ((f = merge(t, a, &k, detail)) == NULL)
			break;
		add_sample(f, a->key.mac);
		folded++;
	}
	return folded;
}

uint32_t alert_table_restore(struct alert_table *t, const json_t *alerts)
{
	const json_t *o, *x;
	uint32_t taken = 0;
	size_t i, j2;

	json_array_foreach(alerts, i, o) {
		const char *type = json_string_value(json_object_get(o, "type"));
		const char *sev = json_string_value(json_object_get(o, "severity"));
		const char *mac = json_string_value(json_object_get(o, "mac"));
		const char *ip = json_string_value(json_object_get(o, "ip"));
		const char *subject = json_string_value(json_object_get(o, "subject"));
		const char *detail = json_string_value(json_object_get(o, "detail"));
		const char *first = json_string_value(json_object_get(o, "first_seen"));
		const char *last = json_string_value(json_object_get(o, "last_seen"));
		const json_t *ack = json_object_get(o, "acknowledged");
		const char *ack_time = json_string_value(json_object_get(ack, "time"));
		const char *ack_note = json_string_value(json_object_get(ack, "note"));
		json_int_t count = json_integer_value(json_object_get(o, "count"));
		enum alert_severity severity = ALERT_NOTICE;
		int64_t fs, ls;
		uint32_t fn, ln;
		struct alert_key k;
		struct alert *a;
		uint8_t addr[16], b[6];
		int j;

		for (j = 0; type_names[j].name; j++)
			if (type && !strcmp(type, type_names[j].name))
				break;
		if (type_names[j].name == NULL || count <= 0 || first == NULL ||
		    last == NULL || fmt_parse_rfc3339(first, &fs, &fn) < 0 ||
		    fmt_parse_rfc3339(last, &ls, &ln) < 0)
			continue;
		alert_key_init(&k, type_names[j].type);
		if (mac && addr_mac_parse(mac, strlen(mac), b) == 0)
			alert_key_mac(&k, b);
		if (ip && inet_pton(AF_INET, ip, addr) == 1)
			alert_key_ip(&k, 4, addr);
		else if (ip && inet_pton(AF_INET6, ip, addr) == 1)
			alert_key_ip(&k, 6, addr);
		if (json_is_integer(json_object_get(o, "asnum")))
			alert_key_asn(&k, (uint32_t)json_integer_value(json_object_get(o, "asnum")));
		if (subject)
			alert_key_subject(&k, subject);
		if (json_is_true(json_object_get(o, "folded")))
			k.fold = 1;
		if (sev && !strcmp(sev, "critical"))
			severity = ALERT_CRITICAL;
		else if (sev && !strcmp(sev, "warning"))
			severity = ALERT_WARNING;
		a = alert_raise(t, &k, severity, fs, fn, (uint64_t)count, "%s",
		    detail ? detail : "");
		if (a == NULL)
			break;
		a->last_sec = ls;
		a->last_nsec = ln;
		a->open = json_is_true(json_object_get(o, "open"));
		a->cleared = json_is_true(json_object_get(o, "cleared"));
		if (ack_time && fmt_parse_rfc3339(ack_time, &fs, &fn) == 0)
			alert_ack(a, fs, ack_note ? ack_note : "");
		json_array_foreach(json_object_get(o, "sample_macs"), j2, x) {
			if (json_is_string(x) && addr_mac_parse(json_string_value(x),
			    json_string_length(x), b) == 0)
				add_sample(a, b);
		}
		taken++;
	}
	return taken;
}

uint32_t alert_table_count(const struct alert_table *t) { return t->n; }

const struct alert *alert_table_at(const struct alert_table *t, uint32_t i)
{
	return i < t->n ? &t->entries[i] : NULL;
}
struct alert *alert_table_get(struct alert_table *t, uint32_t i)
{
	return i < t->n ? &t->entries[i] : NULL;
}

uint64_t alert_table_dropped(const struct alert_table *t) { return t->dropped; }

static int cmp_alert(const void *pa, const void *pb)
{
	const struct alert *a = *(const struct alert *const *)pa;
	const struct alert *b = *(const struct alert *const *)pb;

	if (a->severity != b->severity)
		return a->severity < b->severity ? -1 : 1;
	if (a->first_sec != b->first_sec)
		return a->first_sec < b->first_sec ? -1 : 1;
	if (a->first_nsec != b->first_nsec)
		return a->first_nsec < b->first_nsec ? -1 : 1;
	if (a->key.type != b->key.type)
		return a->key.type < b->key.type ? -1 : 1;
	return memcmp(&a->key, &b->key, sizeof(a->key));
}

json_t *alert_json(const struct alert *a)
{
	char mac[FMT_MAC_LEN], ip[FMT_IP_LEN], first[FMT_TS_LEN], last[FMT_TS_LEN];
	char id[ALERT_ID_LEN];
	json_t *o;

	o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:I,s:s,s:s,s:s}", "type",
	    alert_type_name((enum alert_type)a->key.type), "severity",
	    alert_severity_name((enum alert_severity)a->severity), "mac",
	    a->key.has_mac ? json_string(fmt_mac(mac, a->key.mac)) : json_null(),
	    "ip",
	    a->key.ip_version ? json_string(fmt_ip(ip, a->key.ip_version, a->key.ip))
			      : json_null(),
	    "asnum", a->key.has_asn ? json_integer(a->key.asnum) : json_null(),
	    "count", (json_int_t)a->count, "first_seen",
	    fmt_rfc3339(first, a->first_sec, a->first_nsec), "last_seen",
	    fmt_rfc3339(last, a->last_sec, a->last_nsec), "detail", a->detail);
	if (a->key.subject[0])
		json_object_set_new(o, "subject", json_string(a->key.subject));
	json_object_set_new(o, "kind", json_string(
	    alert_type_is_condition((enum alert_type)a->key.type) ? "condition" : "event"));
	if (alert_type_is_condition((enum alert_type)a->key.type))
		json_object_set_new(o, "open", json_boolean(a->open));
	if (a->key.fold) {
		json_t *arr = json_array();
		int i;

		for (i = 0; i < a->n_sample; i++)
			json_array_append_new(arr, json_string(fmt_mac(mac, a->sample[i])));
		json_object_set_new(o, "folded", json_true());
		json_object_set_new(o, "sample_macs", arr);
	}
	if (a->cleared)
		json_object_set_new(o, "cleared", json_true());
	json_object_set_new(o, "id", json_string(alert_id_str(a->id, id)));
	json_object_set_new(o, "acknowledged", a->acked ?
	    json_pack("{s:s,s:s}", "time", fmt_rfc3339(first, a->ack_sec, 0),
		"note", a->ack_note) : json_null());
	return o;
}

json_t *alert_table_json(const struct alert_table *t)
{
	const struct alert **sorted;
	json_t *arr = json_array();
	uint32_t i, n = 0;

	if (t->n == 0)
		return arr;
	sorted = xcalloc(t->n, sizeof(*sorted));
	for (i = 0; i < t->n; i++)
		if (!t->entries[i].folded)
			sorted[n++] = &t->entries[i];
	qsort(sorted, n, sizeof(*sorted), cmp_alert);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, alert_json(sorted[i]));
	free(sorted);
	return arr;
}
