/*
 * hash.h - the one word mixer every hash table in ixmon finishes with.
 *
 * Each table loads its own key its own way (exact-width reads for MACs and
 * IPv4 in analyze/lru.c, a fixed struct in alerts/alert.c and
 * analyze/flows.c, 4/6/16-byte keys in members/registry.c) and folds it
 * into 64 bits; this is the step that spreads those bits so the low ones,
 * which pick the bucket, depend on all of them.  It is xorshift,
 * multiply, xorshift: a one-multiply cut of splitmix64's finaliser with its
 * first constant.  The high half of the product carries every input bit
 * and the final shift folds it onto the low half.  One multiply is what
 * the per-frame lookups can afford; the keys are not adversarial beyond
 * what a random-MAC flood does, and the tables are sized for that.
 */
#ifndef IXMON_HASH_H
#define IXMON_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t hash_mix64(uint64_t h)
{
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return h;
}

/*
 * Fixed-length keys read as 8-byte words (memcpy: no unaligned loads), the
 * last one zero-padded, each mixed in.  For short keys of a known length
 * the compiler unrolls this into one or two rounds.
 */
static inline uint64_t hash_bytes(const void *key, size_t len, uint64_t seed)
{
	const uint8_t *k = key;
	uint64_t h = seed, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, k + i, 8);
		h = hash_mix64(h ^ w);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, k + i, len - i);
		h = hash_mix64(h ^ w);
	}
	return h;
}

#endif
