/*
 * flows.h - a bounded flow table for the application view (an_app.c).
 *
 * A flow is the 5-tuple (addresses, ports, IP protocol) plus the family
 * it travels in (IPv4, IPv6, IPv6 tunnelled in IPv4), normalised so both
 * directions share one entry: end `a` is the lower (address, port) of the
 * two, and a packet from a to b is direction 0.  TCP (RFC 9293) and UDP
 * (RFC 768) only; the caller decides what enters.
 *
 * Memory is fixed at creation: `capacity` entries and a hash of twice as
 * many buckets, allocated once.  A random 5-tuple flood recycles the least
 * recently used entry (`evicted`); an entry not seen for `idle` seconds of
 * capture time is retired when the table is next touched (`expired`).
 * A flow can hold a detector buffer of `aux_size` bytes (nDPI's flow
 * state, 688 bytes in 4.2) from a pool: taken, zeroed, the first time the
 * flow asks for it (flow_aux), given back when the owner is done with it
 * (flow_aux_put) or the flow retires.  After warm-up no packet allocates,
 * flows never inspected (over the owner's budget) neither allocate nor
 * clear one, and the buffers number the flows inspected at once, not the
 * capacity.  Before a slot is reused or freed the owner's `retire`
 * callback sees the flow (to fold its counters into totals and release
 * what the detector allocated inside the buffer).
 */
#ifndef IXMON_FLOWS_H
#define IXMON_FLOWS_H

#include <stddef.h>
#include <stdint.h>

enum flow_family {
	FLOW_IPV4 = 0,
	FLOW_IPV6,
	FLOW_TUNNELED_IPV6, /* IPv6 inside 6in4 / 6to4 / Teredo */
	FLOW_FAMILIES,
};

enum flow_state {
	FLOW_DETECTING = 0, /* still fed to the detector */
	FLOW_DETECTED,      /* the detector named it */
	FLOW_GAVE_UP,       /* packet budget spent; `proto` is a guess or 0 */
};

enum flow_retire {
	FLOW_RETIRE_EVICTED = 0, /* the table was full */
	FLOW_RETIRE_EXPIRED,     /* idle longer than the timeout */
	FLOW_RETIRE_FLUSH,       /* the table is being freed or flushed */
};

struct flow_key {
	uint8_t a[16], b[16]; /* IPv4 in the first 4 bytes, rest zero */
	uint16_t pa, pb;
	uint8_t l4;     /* 6 TCP, 17 UDP */
	uint8_t family; /* enum flow_family */
	uint8_t pad[2]; /* zero: keys are compared bytewise */
};

#define FLOW_NO_MEMBER UINT32_MAX

struct flow {
	struct flow_key key;
	int64_t first_sec, last_sec;
	uint64_t frames[2], bytes[2]; /* weighted; [0] a->b, [1] b->a */
	uint32_t member[2];           /* registry index of each sender */
	uint16_t proto;               /* detector's id, 0 = unknown */
	uint16_t fed;                 /* packets given to the detector */
	uint8_t state;                /* enum flow_state */
	uint8_t seen_dir;             /* bit per direction seen */
	uint8_t alerted;              /* the owner's flag */
	uint8_t guessed;
	uint8_t payload_seen;         /* the owner's: a segment with data fed */
	uint8_t opened;               /* the owner's: its TCP SYN was seen */
	void *aux;                    /* from flow_aux() to flow_aux_put() */
	/* LRU links (indexes; UINT32_MAX = none) */
	uint32_t prev_lru, next_lru;
};

typedef void (*flow_retire_fn)(void *ctx, struct flow *f, int why);

struct flow_table;

/* Fatal on allocation failure; capacity >= 1. */
struct flow_table *flow_table_new(uint32_t capacity, uint32_t idle,
    size_t aux_size, flow_retire_fn retire, void *ctx);
/* Retires every flow (FLOW_RETIRE_FLUSH), then frees everything. */
void flow_table_free(struct flow_table *t);

/*
 * Normalise a packet's ends into `k`; returns its direction (0: src is
 * end a).  `alen` is 4 or 16.
 */
int flow_key_make(struct flow_key *k, int family, uint8_t l4,
    const uint8_t *src, const uint8_t *dst, size_t alen, uint16_t sport,
    uint16_t dport);

/*
 * The flow of `k` at capture time `now`, created (*created = 1) if absent,
 * possibly by retiring the least recently used one.  Idle flows are
 * retired first.  The pointer is valid until the next call.  A created
 * flow has every counter zero and no aux buffer.
 */
struct flow *flow_get(struct flow_table *t, const struct flow_key *k,
    int64_t now, int *created);
/* The flow of `k`, refreshed at `now`, or NULL: never creates or evicts. */
struct flow *flow_lookup(struct flow_table *t, const struct flow_key *k,
    int64_t now);
/* The flow's aux buffer, zeroed on the flow's first call (fatal on ENOMEM). */
void *flow_aux(struct flow_table *t, struct flow *f);
/* Give the flow's aux buffer back to the pool (nothing if it holds none). */
void flow_aux_put(struct flow_table *t, struct flow *f);
/* Retire every flow idle at `now`; returns how many. */
uint32_t flow_expire(struct flow_table *t, int64_t now);

void flow_foreach(struct flow_table *t, void (*fn)(void *ctx, struct flow *f),
    void *ctx);

struct flow_stats {
	uint32_t entries, capacity;
	uint64_t created, evicted, expired;
	size_t bytes; /* memory held by the table, buffers included */
};
void flow_table_stats(const struct flow_table *t, struct flow_stats *s);

#endif
