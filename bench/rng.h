/*
 * rng.h - the benchmarks' deterministic random numbers: xorshift64*
 * (Vigna, "An experimental exploration of Marsaglia's xorshift
 * generators", 2016).  Fast, and the same sequence on every machine, so a
 * generated capture is the same file everywhere.
 */
#ifndef IXMON_BENCH_RNG_H
#define IXMON_BENCH_RNG_H

#include <stdint.h>

static inline uint64_t xorshift64s(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

#endif
