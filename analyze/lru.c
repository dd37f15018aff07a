/*
 * lru.c - see lru.h.  Slots are laid out as [used:1][key][last:int64][value]
 * rounded to 8 bytes, LRU_WAYS per set, sets a power of two.
 */
#include <stdlib.h>
#include <string.h>

#include "analyze/lru.h"
#include "common/log.h"

struct lru {
	uint32_t sets_mask;
	size_t key_len, val_size, slot_size, val_off, last_off;
	uint32_t count;
	uint64_t evicted;
	uint8_t *slots;
};

static uint64_t hash_key(const uint8_t *k, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ k[i]) * 0x100000001b3ull;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return h;
}

struct lru *lru_new(uint32_t capacity, size_t key_len, size_t val_size)
{
	struct lru *t = xcalloc(1, sizeof(*t));
	uint32_t sets = 1;

	if (key_len == 0 || key_len > LRU_MAX_KEY)
		fatalx("lru_new: key length %zu", key_len);
	while ((uint64_t)sets * LRU_WAYS < capacity && sets < (1u << 26))
		sets <<= 1;
	t->sets_mask = sets - 1;
	t->key_len = key_len;
	t->val_size = val_size;
	t->last_off = (1 + key_len + 7) & ~(size_t)7;
	t->val_off = t->last_off + sizeof(int64_t);
	t->slot_size = (t->val_off + val_size + 7) & ~(size_t)7;
	t->slots = xcalloc((size_t)sets * LRU_WAYS, t->slot_size);
	return t;
}

void lru_free(struct lru *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t);
}

static uint8_t *set_of(const struct lru *t, const void *key)
{
	uint32_t set = (uint32_t)hash_key(key, t->key_len) & t->sets_mask;

	return t->slots + (size_t)set * LRU_WAYS * t->slot_size;
}

void *lru_find(const struct lru *t, const void *key)
{
	uint8_t *s = set_of(t, key);
	int w;

	for (w = 0; w < LRU_WAYS; w++, s += t->slot_size)
		if (s[0] && memcmp(s + 1, key, t->key_len) == 0)
			return s + t->val_off;
	return NULL;
}

void *lru_get(struct lru *t, const void *key, int64_t now, int *created)
{
	uint8_t *s = set_of(t, key), *free_slot = NULL, *oldest = NULL;
	int64_t oldest_t = 0, last;
	int w;

	for (w = 0; w < LRU_WAYS; w++, s += t->slot_size) {
		if (!s[0]) {
			if (!free_slot)
				free_slot = s;
			continue;
		}
		memcpy(&last, s + t->last_off, sizeof(last));
		if (memcmp(s + 1, key, t->key_len) == 0) {
			if (now > last)
				memcpy(s + t->last_off, &now, sizeof(now));
			*created = 0;
			return s + t->val_off;
		}
		if (!oldest || last < oldest_t) {
			oldest = s;
			oldest_t = last;
		}
	}
	if (free_slot) {
		s = free_slot;
		t->count++;
	} else {
		s = oldest;
		t->evicted++;
	}
	s[0] = 1;
	memcpy(s + 1, key, t->key_len);
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
	size_t i, n = (size_t)(t->sets_mask + 1) * LRU_WAYS;
	uint8_t *s = t->slots;

	for (i = 0; i < n; i++, s += t->slot_size)
		if (s[0])
			fn(ctx, s + 1, s + t->val_off);
}
