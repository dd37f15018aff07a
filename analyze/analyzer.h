/*
 * analyzer.h - the analyzer table.
 *
 * An analyzer is a small module with one concern (ethertype counting,
 * tunnels, later MAC security, ND/MLD, members...).  They sit in a static
 * table (analyzers.c); the engine calls each in order for every analysed
 * frame and asks each to add its section to the report.  No dlopen, no
 * registration at run time: the table is the architecture diagram.
 *
 * Time is a parameter: `meta->ts_sec` is the frame's capture time, so a
 * replayed capture gives the same result every time.  `meta->weight` is how
 * many wire frames this one stands for (our 1:N sampler times the sFlow
 * sampling rate); counters add `weight`, not 1, so totals are estimates.
 */
#ifndef IXMON_ANALYZER_H
#define IXMON_ANALYZER_H

#include <jansson.h>
#include <stdint.h>

#include "alerts/alert.h"
#include "capture/frame.h"
#include "common/config.h"
#include "members/registry.h"

struct frame_meta {
	int64_t ts_sec;
	uint32_t ts_nsec;
	uint32_t weight;
};

/*
 * What every analyzer may read or raise into; owned by the engine, valid
 * from init to free.  `reg` is NULL when no member list was given.
 */
struct an_env {
	const struct ixm_config *cfg;
	const struct registry *reg;
	struct alert_table *alerts;
	struct an_shared *shared;
};

/* How the frame's sender was found (an_identity.c). */
enum an_by {
	AN_BY_NONE = 0,
	AN_BY_REGISTERED_MAC, /* its MAC is in the member's registration */
	AN_BY_LEARNED_MAC,    /* its MAC was bound to the member from its addresses */
	AN_BY_ADDRESS,        /* only the member's registered address in the frame */
};

/* A member's MACs as an_identity.c saw them, and its router swaps. */
#define AN_MEMBER_MAX_MACS  8
#define AN_MEMBER_MAX_SWAPS 4
struct an_swap {
	uint8_t old_mac[6], new_mac[6];
	int64_t sec; /* when the new MAC first claimed the member's address */
	uint32_t nsec;
};
struct an_member_macs {
	uint8_t n, n_swaps;
	uint32_t dropped; /* MACs past AN_MEMBER_MAX_MACS */
	uint8_t mac[AN_MEMBER_MAX_MACS][6];
	struct an_swap swap[AN_MEMBER_MAX_SWAPS];
};

struct an_identity;
struct an_mac;

/* State one analyzer publishes for the others (they run in table order). */
struct an_shared {
	/*
	 * an_identity.c, first in the table: the member the current frame
	 * belongs to (NULL: none, or no member list) and how it was found.
	 */
	const struct reg_member *sender;
	uint8_t sender_how; /* enum an_by */
	struct an_identity *identity;
	/* registered members without a MAC that none is bound to yet */
	uint32_t unbound_members;
	struct an_mac *mac; /* an_mac.c: the MAC table, for an_flood_mac() */
	/*
	 * an_app.c: per registry member index, bit 0 = sent IPv4 BGP, bit 1
	 * = sent IPv6 BGP (RFC 4271 over TCP/179); NULL without a registry.
	 * an_members.c counts IPv6 BGP as IPv6 seen.
	 */
	uint8_t *member_bgp;
};

struct analyzer_ops {
	const char *name;
	/* Allocate state; fatal on allocation failure, never NULL. */
	void *(*init)(const struct an_env *env);
	void (*frame)(void *st, const struct dec_frame *f,
	    const struct frame_meta *meta);
	/*
	 * Findings that need the whole run so far (silent members, went dark),
	 * at capture time `now`, before any report() is called.  Called at
	 * every report: `final` is 1 at the end of the input, 0 for the
	 * appliance's periodic state, where a finding that needs more time
	 * (a member silent so far) waits.  Each finding is raised once.
	 */
	void (*finish)(void *st, int64_t now, int final); /* optional */
	/* Add this analyzer's sections to the report object `root` (optional). */
	void (*report)(void *st, json_t *root);
	void (*free)(void *st);
	/*
	 * Take counters back from an earlier report `root` (the appliance's
	 * state.json after a restart or a reload); optional.  Caches (MAC
	 * tables, rate windows) are not restored: they refill from traffic.
	 */
	void (*restore)(void *st, const json_t *root);
};

extern const struct analyzer_ops *const analyzer_table[];

/* The table's entries, one per analyze/<name>.c */
extern const struct analyzer_ops an_app_ops;
extern const struct analyzer_ops an_ethertype_ops;
extern const struct analyzer_ops an_identity_ops;
extern const struct analyzer_ops an_mac_ops;
extern const struct analyzer_ops an_members_ops;
extern const struct analyzer_ops an_nd_ops;
extern const struct analyzer_ops an_policy_ops;

/* Build {"frames": N, "bytes": N}; owned by the caller. */
json_t *an_count_json(uint64_t frames, uint64_t bytes);
/* Read one back (missing or wrong parts read as 0). */
void an_count_read(const json_t *o, uint64_t *frames, uint64_t *bytes);
/* An unsigned integer member of `o`, 0 when missing or not a number. */
uint64_t an_json_u64(const json_t *o, const char *key);

/*
 * Counters saturate: weighted counts (frames x weight, wire length x
 * weight) are estimates an sFlow datagram can inflate at will, and they
 * end up as JSON integers (signed 64 bits), RRD values and /metrics
 * samples.  AN_COUNT_MAX, INT64_MAX, is the ceiling: a counter that
 * reaches it stays there (no wrap, no negative number in state.json).
 */
#define AN_COUNT_MAX ((uint64_t)INT64_MAX)

/* *c += v, stopping at AN_COUNT_MAX. */
static inline void an_add_sat(uint64_t *c, uint64_t v)
{
	*c = *c >= AN_COUNT_MAX || v >= AN_COUNT_MAX - *c ? AN_COUNT_MAX : *c + v;
}

/* A counter as a JSON integer: above INT64_MAX reads as INT64_MAX. */
static inline json_int_t an_ji(uint64_t v)
{
	return v > AN_COUNT_MAX ? (json_int_t)AN_COUNT_MAX : (json_int_t)v;
}


/* Helpers shared by analyzers (analyzers.c). */

/* Fixed one-minute windows of capture time, for rate thresholds. */
#define AN_RATE_WINDOW 60
struct an_rate {
	int64_t window; /* start of the current window */
	uint64_t count; /* weighted frames in it */
};
/* Add `weight` at `now`; returns the window's count after adding. */
uint64_t an_rate_add(struct an_rate *r, int64_t now, uint32_t weight);

/*
 * Is `addr` inside the peering LAN?  1 yes, 0 no, -1 unknown (no prefix of
 * that family in the config or the registry).  Config prefixes win.
 */
int an_in_lan(const struct an_env *env, int version, const uint8_t *addr);

/*
 * The member source MAC `mac` belongs to: registered to it, or bound to it
 * from its addresses and not retired by a router swap; NULL otherwise
 * (an_identity.c).
 */
const struct reg_member *an_member_of_mac(const struct an_env *env,
    const uint8_t mac[6]);
/* Is `mac` claiming a member's address, not yet judged (an_identity.c)? */
int an_identity_pending(const struct an_env *env, const uint8_t mac[6]);
/* Member `idx`'s MACs and swaps, or NULL without a member list. */
const struct an_member_macs *an_identity_macs(const struct an_env *env,
    size_t idx);
/*
 * Is `mac` one of the random sources of a MAC flood (an_mac.c): new and
 * bound to no member when a flood was going on (or about to be seen for
 * the first time during one), and it sent almost nothing?  Its per-MAC
 * alerts fold into one per type.
 */
int an_flood_mac(const struct an_env *env, const uint8_t mac[6]);
/* The same for a MAC the caller knows is no member's (no member lookup). */
int an_flood_source(const struct an_env *env, const uint8_t mac[6]);

/* "AS64500 (Example Net)" or "an unregistered MAC"; returns buf. */
#define AN_LABEL_LEN 128
const char *an_member_label(const struct reg_member *m, char buf[AN_LABEL_LEN]);
/*
 * "00:1b:54:a5:00:01 of AS64500 (Example Net)", "unregistered MAC ...",
 * or "MAC ..." when no member list was given; returns buf.
 */
const char *an_mac_label(const struct an_env *env, const uint8_t mac[6],
    char buf[AN_LABEL_LEN]);

/*
 * `mac` is a member's now: write `in` with its label as an_mac_label()
 * gives it today ("... of AS64500 (Name)" for "unregistered MAC ...")
 * into `out`; 0 when it still is no member's.
 */
int an_relabel(const struct an_env *env, const uint8_t mac[6], const char *in,
    char *out, size_t outlen);

/*
 * Key an alert on the frame's source MAC and its member, if any.  A
 * random source of a MAC flood (an_flood_mac) makes a folded key (returns
 * 1): the alerts of thousands of random MACs fold into one per type and
 * subject, with a sample of the MACs.
 */
int an_key_source(struct alert_key *k, const struct an_env *env,
    const struct dec_frame *f);
/* The same decision for a MAC that is not the frame's source (ND claims). */
int an_key_mac(struct alert_key *k, const struct an_env *env,
    const uint8_t mac[6]);

/*
 * Is this a frame sent without its L2 header (an_mac.c)?  The frame offset
 * of the IP header it really is (negative: it began before the frame) with
 * *version 4 or 6, or INT_MIN when not.
 */
int an_misaligned(const struct an_env *env, const struct dec_frame *f,
    int *version);

/* ff02::/16-style helpers for IPv6 addresses */
int an_v6_is_linklocal(const uint8_t a[16]);
int an_v6_is_unspecified(const uint8_t a[16]);
int an_v6_is_multicast(const uint8_t a[16]);

#endif
