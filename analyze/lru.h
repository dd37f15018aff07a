/*
 * lru.h - a bounded, set-associative table with least-recently-used
 * eviction, for everything keyed by what arrives off the wire (MACs, IPv6
 * addresses, rate trackers).
 *
 * The capacity is fixed at creation (rounded down to a power of two times
 * LRU_WAYS, at least LRU_WAYS), so a random-MAC or random-address flood
 * cannot grow memory: when a key's set (8 ways) is full, the way used least
 * recently (by capture time) is reused and `evicted` counts it.  Lookups
 * never allocate.  Keys are up to LRU_MAX_KEY bytes, values a fixed size
 * zeroed on creation.
 */
#ifndef IXMON_LRU_H
#define IXMON_LRU_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LRU_MAX_KEY 32
#define LRU_WAYS    8

struct lru;

/*
 * Two 6-byte keys (MACs) equal, without a call to memcmp: it runs on every
 * frame, where the call costs more than the compare.
 */
static inline int lru_eq6(const uint8_t *a, const uint8_t *b)
{
	uint32_t x, y;
	uint16_t p, q;

	memcpy(&x, a, 4);
	memcpy(&y, b, 4);
	memcpy(&p, a + 4, 2);
	memcpy(&q, b + 4, 2);
	return x == y && p == q;
}

struct lru *lru_new(uint32_t capacity, size_t key_len, size_t val_size);
void lru_free(struct lru *t);

/*
 * The value for `key`, created zeroed if absent (*created = 1), possibly by
 * evicting the least recently used key of its set.  `now` is capture time.
 * The pointer is valid until the next lru_get().
 */
void *lru_get(struct lru *t, const void *key, int64_t now, int *created);
/* The value for `key` or NULL; does not refresh its age. */
void *lru_find(const struct lru *t, const void *key);

uint32_t lru_count(const struct lru *t);
uint64_t lru_evicted(const struct lru *t);

/* Call `fn` for every live entry (unspecified order). */
void lru_foreach(const struct lru *t,
    void (*fn)(void *ctx, const void *key, void *val), void *ctx);

#endif
