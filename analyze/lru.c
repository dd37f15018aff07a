/*
 * lru.c - see lru.h.
 *
 * A set is [tags: LRU_WAYS bytes][LRU_WAYS slots], a slot [key][last:int64]
 * [value] rounded to 8 bytes; sets are a power of two.  A tag is eight bits
 * of the key's hash with the low bit forced on (0 = free way), and all tags
 * of a set share one cache line, so a lookup reads that line and touches a
 * slot only on a tag match: random keys cost one or two cache misses, not
 * one per way.
 */
#include <stdlib.h>
#include <string.h>

#include "analyze/lru.h"
#include "common/hash.h"
#include "common/log.h"

struct lru {
	uint32_t sets_mask;
	size_t key_len, val_size, slot_size, set_size, val_off, last_off;
	uint32_t count;
	uint64_t evicted;
	uint8_t *sets;
	void *mem; /* what calloc returned; sets is it aligned to 64 */
};

/*
 * MACs (6), IPv4 (4) and IPv6 (16) addresses, the per-frame keys, are
 * loaded with exact-width reads (copying them into a zeroed array and
 * reading it back stalls on store forwarding) and mixed once.  Longer keys
 * (BGP address pairs, sFlow sources) go through the mixer word by word:
 * folding their words together first with plain multiplies left an IPv4
 * pair's varying bytes in the top bits, where a multiply never carries
 * them down, and 20,000 BGP pairs thrashed in a fraction of the sets.
 */
static uint64_t hash_key(const uint8_t *k, size_t n)
{
	uint64_t w0 = 0, w1 = 0;
	uint32_t lo;
	uint16_t hi;

	if (n == 6) {
		memcpy(&lo, k, 4);
		memcpy(&hi, k + 4, 2);
		w0 = lo | (uint64_t)hi << 32;
	} else if (n == 4) {
		memcpy(&lo, k, 4);
		w0 = lo;
	} else if (n == 16) {
		memcpy(&w0, k, 8);
		memcpy(&w1, k + 8, 8);
	} else {
		return hash_bytes(k, n, n * 0x9e3779b97f4a7c15ull);
	}
	return hash_mix64(w0 * 0x9e3779b97f4a7c15ull ^
	    w1 * 0xc2b2ae3d27d4eb4full ^ n);
}

struct lru *lru_new(uint32_t capacity, size_t key_len, size_t val_size)
{
	struct lru *t = xcalloc(1, sizeof(*t));
	uint32_t sets = 1;

	if (key_len == 0 || key_len > LRU_MAX_KEY)
		fatalx("lru_new: key length %zu", key_len);
	/* Round down: the capacity is a bound the operator configured. */
	while ((uint64_t)sets * 2 * LRU_WAYS <= capacity && sets < (1u << 26))
		sets <<= 1;
	t->sets_mask = sets - 1;
	t->key_len = key_len;
	t->val_size = val_size;
	t->last_off = (key_len + 7) & ~(size_t)7;
	t->val_off = t->last_off + sizeof(int64_t);
	t->slot_size = (t->val_off + val_size + 7) & ~(size_t)7;
	/* Cache-line aligned sets keep the tags of a set in one line. */
	t->set_size = (LRU_WAYS + LRU_WAYS * t->slot_size + 63) & ~(size_t)63;
	/*
	 * calloc, not aligned_alloc + memset: large tables come as untouched
	 * zero pages, so start-up and memory cost only what is used.
	 */
	t->mem = xcalloc(1, (size_t)sets * t->set_size + 63);
	t->sets = (uint8_t *)(((uintptr_t)t->mem + 63) & ~(uintptr_t)63);
	return t;
}

void lru_free(struct lru *t)
{
	if (t == NULL)
		return;
	free(t->mem);
	free(t);
}

static uint8_t *set_of(const struct lru *t, const void *key, uint8_t *tag)
{
	uint64_t h = hash_key(key, t->key_len);

	*tag = (uint8_t)(h >> 56) | 1;
	return t->sets + (size_t)((uint32_t)h & t->sets_mask) * t->set_size;
}

static uint8_t *slot(const struct lru *t, uint8_t *set, int way)
{
	return set + LRU_WAYS + (size_t)way * t->slot_size;
}

static int key_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	return n == 6 ? lru_eq6(a, b) : memcmp(a, b, n) == 0;
}

static int way_of(const struct lru *t, uint8_t *set, uint8_t tag,
    const void *key)
{
	int w;

	for (w = 0; w < LRU_WAYS; w++)
		if (set[w] == tag && key_eq(slot(t, set, w), key, t->key_len))
			return w;
	return -1;
}

void *lru_find(const struct lru *t, const void *key)
{
	uint8_t tag, *set = set_of(t, key, &tag);
	int w = way_of(t, set, tag, key);

	return w < 0 ? NULL : slot(t, set, w) + t->val_off;
}

void *lru_get(struct lru *t, const void *key, int64_t now, int *created)
{
	uint8_t tag, *set = set_of(t, key, &tag), *s;
	int64_t oldest_t = 0, last;
	int w = way_of(t, set, tag, key), oldest = -1;

	if (w >= 0) {
		s = slot(t, set, w);
		memcpy(&last, s + t->last_off, sizeof(last));
		if (now > last)
			memcpy(s + t->last_off, &now, sizeof(now));
		*created = 0;
		return s + t->val_off;
	}
	for (w = 0; w < LRU_WAYS && set[w]; w++) {
		memcpy(&last, slot(t, set, w) + t->last_off, sizeof(last));
		if (oldest < 0 || last < oldest_t) {
			oldest = w;
			oldest_t = last;
		}
	}
	if (w < LRU_WAYS) {
		t->count++; /* a free way */
	} else {
		w = oldest;
		t->evicted++;
	}
	set[w] = tag;
	s = slot(t, set, w);
	memcpy(s, key, t->key_len);
	memcpy(s + t->last_off, &now, sizeof(now));
	memset(s + t->val_off, 0, t->val_size);
	*created = 1;
	return s + t->val_off;
}

uint32_t lru_count(const struct lru *t) { return t->count; }
uint64_t lru_evicted(const struct lru *t) { return t->evicted; }

void lru_foreach(const struct lru *t,
    void (*fn)(void *ctx, const void *key, void *val), void *ctx)
{
	size_t i, n = (size_t)t->sets_mask + 1, left = t->count;
	int w;

	/*
	 * Stop at the last entry: a report of a small capture, or of a table
	 * the LAN never filled, would otherwise walk (and fault in) the whole
	 * of a 65,536-entry table for nothing.
	 */
	for (i = 0; i < n && left > 0; i++) {
		uint8_t *set = t->sets + i * t->set_size;

		for (w = 0; w < LRU_WAYS; w++)
			if (set[w]) {
				left--;
				fn(ctx, slot(t, set, w), slot(t, set, w) + t->val_off);
			}
	}
}
