/*
 * alert.h - the alert model: typed findings aggregated per (type, source).
 *
 * Detectors call alert_raise() every time they see a finding; the table
 * folds repeats of the same (type, MAC, IP, ASN, subject) into one entry
 * with a count and first/last seen, so a flood is one line, not a million.
 * The table has a fixed capacity chosen at start-up: when it is full a new
 * distinct alert is not stored but counted in `dropped`, so memory stays
 * bounded whatever arrives.  Times are capture times, never the wall clock.
 *
 * Two kinds of alert.  An *event* (a rogue RA, a spoof, a flood) happened
 * at some moment; it is over once it stops repeating (the sinks clear it
 * after alerts.clear_after quiet).  A *condition* (v6_silent,
 * v6_unregistered, v6_went_dark, mac_mismatch, mac_multiple, mac_changed)
 * is a state of the LAN that holds until something changes: its detector
 * sets it with alert_set() at every report, with absolute count and times,
 * so a run that reports every minute and one that reports once at the end
 * agree, and closes it with alert_close() when it ends.  It never clears
 * just because time passed.
 *
 * Folding.  Per-MAC alerts from the random source MACs of a MAC flood
 * would be thousands of lines: a key marked with alert_key_fold() is
 * stored without its MAC, so they fold into one entry per type (and
 * subject, address), which keeps a bounded sample of the MACs.  alert_table_fold() does the same after the
 * fact to entries raised before the flood was recognised.
 *
 * Identity and acknowledgement.  Every entry has an `id`: 16 hex digits,
 * the FNV-1a 64-bit hash of its key written as text
 * ("type|mac|ip|asnum|subject|folded", alert_key_text()), so the same
 * alert has the same id in every report, in state.json, after a restart
 * and in every ixmon version that keeps the key (a restore rebuilds the
 * key from the report's fields).  An operator acknowledges an entry by its
 * id (alert_ack(): time and a note; docs/alerts.md).  An acknowledgement
 * belongs to one episode of the alert: a condition that reopens
 * (alert_set() on a closed entry) and an event raised again after its
 * clear (the sinks' lifecycle, alert_unack()) are open again and need a
 * new one.
 *
 * The names are public (docs/detectors.md lists them); value-to-name
 * tables end with {0, NULL}.
 */
#ifndef IXMON_ALERT_H
#define IXMON_ALERT_H

#include <jansson.h>
#include <stdint.h>

enum alert_type {
	ALERT_ROGUE_RA = 0,
	ALERT_ND_SPOOF,
	ALERT_ARP_SPOOF,
	ALERT_ND_FLOOD,
	ALERT_MLD_FLOOD,
	ALERT_ARP_FLOOD,
	ALERT_ND_FOREIGN_SOURCE,
	ALERT_MAC_UNKNOWN,
	ALERT_MAC_MISMATCH,
	ALERT_MAC_MULTIPLE,
	ALERT_MAC_FLOOD,
	ALERT_MAC_INVALID_SOURCE,
	ALERT_MAC_MISALIGNED,
	ALERT_FORBIDDEN_ETHERTYPE,
	ALERT_FORBIDDEN_PROTOCOL,
	ALERT_IP_OUTSIDE_LAN,
	ALERT_V6_UNREGISTERED,
	ALERT_V6_SILENT,
	ALERT_V6_WENT_DARK,
	ALERT_PORT_SECURITY_VIOLATION,
	/* added after the first release's set (docs/detectors.md) */
	ALERT_CAPTURE_DOWN,
	ALERT_MAC_CHANGED,
	ALERT_TYPE_MAX,
};

/* The first release's types; the ones after were added later. */
#define ALERT_CONTRACT_TYPES (ALERT_PORT_SECURITY_VIOLATION + 1)

enum alert_severity {
	ALERT_CRITICAL = 0,
	ALERT_WARNING,
	ALERT_NOTICE,
};

#define ALERT_SUBJECT_LEN 24
#define ALERT_DETAIL_LEN  512
#define ALERT_SAMPLE_MACS 8 /* MACs a folded alert keeps as evidence */
#define ALERT_NOTE_LEN    512 /* an acknowledgement's note, NUL included */
#define ALERT_ID_LEN      17  /* 16 hex digits and the NUL */

/* What an alert is about; unset parts stay zero (alert_key_init). */
struct alert_key {
	uint8_t type;       /* enum alert_type */
	uint8_t has_mac;
	uint8_t ip_version; /* 0 none, 4, 6 */
	uint8_t has_asn;
	uint8_t fold;       /* alert_key_fold(): stored without the MAC */
	uint8_t mac[6];
	uint8_t ip[16];
	uint32_t asnum;
	char subject[ALERT_SUBJECT_LEN]; /* e.g. "0x88cc", "CDP" */
};

struct alert {
	struct alert_key key;
	uint8_t severity;
	uint64_t count;
	int64_t first_sec, last_sec;
	uint32_t first_nsec, last_nsec;
	uint8_t open;   /* condition alerts: the condition holds */
	uint8_t folded; /* merged into another entry: not reported */
	uint8_t n_sample;
	uint8_t sample[ALERT_SAMPLE_MACS][6];
	char detail[ALERT_DETAIL_LEN]; /* one human sentence, from the first raise */
	uint64_t id;   /* alert_key_id(&key), set when the entry is made */
	uint8_t acked; /* acknowledged (this episode): ack_sec, ack_note */
	/*
	 * `ixmon run` sent its clear (the sinks' lifecycle, sink.h) and it
	 * was not raised again: reported as "cleared": true, kept across a
	 * restart so the clear is not sent twice.  Never set by analyze.
	 */
	uint8_t cleared;
	int64_t ack_sec;
	char ack_note[ALERT_NOTE_LEN];
};

struct alert_table;

struct alert_table *alert_table_new(uint32_t capacity);
void alert_table_free(struct alert_table *t);

void alert_key_init(struct alert_key *k, enum alert_type type);
void alert_key_mac(struct alert_key *k, const uint8_t mac[6]);
void alert_key_ip(struct alert_key *k, int version, const uint8_t *addr);
void alert_key_asn(struct alert_key *k, uint32_t asnum);
void alert_key_subject(struct alert_key *k, const char *subject);
/*
 * Mark `k` (which has its MAC set) as one of a flood's random sources:
 * the entry is found and stored without the MAC, the MAC goes into the
 * entry's sample.
 */
void alert_key_fold(struct alert_key *k);

/* 1 for the condition types (see above), 0 for events. */
int alert_type_is_condition(enum alert_type type);

/*
 * Add `count` occurrences at capture time (sec, nsec).  The detail is
 * formatted only when the entry is new (cheap on repeats).  Returns the
 * entry, owned by the table, or NULL when the table was full.
 */
struct alert *alert_raise(struct alert_table *t, const struct alert_key *k,
    enum alert_severity sev, int64_t sec, uint32_t nsec, uint64_t count,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * Count a repeat of an existing alert without formatting anything; NULL
 * when there is none yet.  ALERT_RAISE uses it so that the detail's
 * arguments (labels, addresses) are only computed for a new alert.
 */
struct alert *alert_bump(struct alert_table *t, const struct alert_key *k,
    enum alert_severity sev, int64_t sec, uint32_t nsec, uint64_t count);

/*
 * alert_raise() for the per-frame paths of analyzers: a repeat is one hash
 * lookup, the arguments after `count` are evaluated only for a new alert.
 */
#define ALERT_RAISE(t, k, sev, sec, nsec, count, ...)                      \
	do {                                                               \
		if (alert_bump((t), (k), (sev), (sec), (nsec), (count)) == NULL) \
			alert_raise((t), (k), (sev), (sec), (nsec), (count),   \
			    __VA_ARGS__);                                      \
	} while (0)

/*
 * Set condition `k` to hold, with absolute `count` and span first..last
 * (not added to what was there: the detector recomputes it at every
 * report).  The detail is (re)formatted.  Returns the entry or NULL when
 * the table is full.
 */
struct alert *alert_set(struct alert_table *t, const struct alert_key *k,
    enum alert_severity sev, int64_t first_sec, uint32_t first_nsec,
    int64_t last_sec, uint32_t last_nsec, uint64_t count, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
/* The condition `k` no longer holds (no-op when there is no entry). */
void alert_close(struct alert_table *t, const struct alert_key *k);

/*
 * Fold, after the fact, every entry whose MAC `is_flood(ctx, mac)` says
 * is a flood's random source into its folded entry (alert_key_fold());
 * returns how many entries were folded.  Folded entries stay in the
 * table (sinks index it) but are not reported.
 */
uint32_t alert_table_fold(struct alert_table *t,
    int (*is_flood)(void *ctx, const uint8_t mac[6]), void *ctx);

/*
 * Give an owner to entries keyed on a MAC without a member, for MACs that
 * turned out to be a member's (learned after their first frames, when the
 * member list has no MACs): `owner` returns 1 with the member's ASN and
 * the detail rewritten into `out`.  The entry merges into the key with
 * the ASN and is marked folded.  Returns how many moved.
 */
uint32_t alert_table_attribute(struct alert_table *t,
    int (*owner)(void *ctx, const uint8_t mac[6], const char *detail,
	uint32_t *asnum, char *out, size_t outlen), void *ctx);

/*
 * The key as text, "type|mac|ip|asnum|subject|folded" with "-" for an
 * unset part ("rogue_ra|02:00:00:00:00:01|fe80::1|-|-|0"): what the id
 * hashes.  Returns `buf`.
 */
#define ALERT_KEY_TEXT_LEN 160
const char *alert_key_text(const struct alert_key *k,
    char buf[ALERT_KEY_TEXT_LEN]);
/* FNV-1a 64 of alert_key_text(k). */
uint64_t alert_key_id(const struct alert_key *k);
/* The id as 16 lower-case hex digits; returns `buf`. */
const char *alert_id_str(uint64_t id, char buf[ALERT_ID_LEN]);
/* Parse 16 hex digits (either case): 0, or -1 for anything else. */
int alert_id_parse(const char *s, uint64_t *id);
/* The (reported, i.e. not folded) entry with this id, or NULL. */
struct alert *alert_find_id(struct alert_table *t, uint64_t id);

/*
 * Acknowledge `a` at `sec` (wall clock, the operator's time) with `note`
 * (cut to ALERT_NOTE_LEN - 1 bytes); a later acknowledgement replaces an
 * earlier one.  alert_unack(): the episode it covered is over.
 */
void alert_ack(struct alert *a, int64_t sec, const char *note);
void alert_unack(struct alert *a);

/* Existing entry for `k`, or NULL. */
struct alert *alert_find(struct alert_table *t, const struct alert_key *k);

uint32_t alert_table_count(const struct alert_table *t);
/*
 * Entry `i` in order of first raise, or NULL past the end; entries never
 * move, so a sink can remember what it already sent by index.
 */
const struct alert *alert_table_at(const struct alert_table *t, uint32_t i);
/* The same, to change it (the sinks' lifecycle flags). */
struct alert *alert_table_get(struct alert_table *t, uint32_t i);
/* One alert as the report shows it; a new reference. */
json_t *alert_json(const struct alert *a);
uint64_t alert_table_dropped(const struct alert_table *t);

/* The report's "alerts" array (severity, then first seen, then type). */
json_t *alert_table_json(const struct alert_table *t);

/*
 * Put back the alerts of an earlier report's "alerts" array (appliance
 * restart or reload); returns how many were taken.
 */
uint32_t alert_table_restore(struct alert_table *t, const json_t *alerts);

const char *alert_type_name(enum alert_type type);
const char *alert_severity_name(enum alert_severity sev);

#endif
