/*
 * test_lru.c - the bounded set-associative LRU table (analyze/lru.c).
 *
 * A table of capacity 8 is a single set of LRU_WAYS (8) ways, so every key
 * competes with every other one and the eviction order can be checked
 * exactly.  Larger tables are checked for their bound (entries never above
 * the slots, entries + evicted = keys inserted), lru_foreach visiting every
 * live entry once, and values created zeroed, also when a slot is reused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/lru.h"

struct val {
	uint64_t a, b;
	uint32_t visits;
	uint8_t pad[20];
};

static void key_of(uint32_t i, uint8_t k[6])
{
	k[0] = 0x02;
	k[1] = 0x5e;
	k[2] = (uint8_t)(i >> 24);
	k[3] = (uint8_t)(i >> 16);
	k[4] = (uint8_t)(i >> 8);
	k[5] = (uint8_t)i;
}

static struct val *get(struct lru *t, uint32_t i, int64_t now, int *created)
{
	uint8_t k[6];
	int c = -1;
	struct val *v;

	key_of(i, k);
	v = lru_get(t, k, now, created ? created : &c);
	assert_non_null(v);
	return v;
}

static struct val *find(const struct lru *t, uint32_t i)
{
	uint8_t k[6];

	key_of(i, k);
	return lru_find(t, k);
}

static int is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static void test_created_and_zeroed(void **state)
{
	struct lru *t = lru_new(64, 6, sizeof(struct val));
	struct val *v;
	int created = -1;

	(void)state;
	assert_int_equal(lru_count(t), 0);
	assert_null(find(t, 1));
	v = get(t, 1, 100, &created);
	assert_int_equal(created, 1);
	assert_true(is_zero(v, sizeof(*v)));
	v->a = 42;
	v->b = 43;
	memset(v->pad, 0xee, sizeof(v->pad));
	v = get(t, 1, 101, &created);
	assert_int_equal(created, 0);
	assert_int_equal(v->a, 42);
	assert_int_equal(v->b, 43);
	assert_int_equal(lru_count(t), 1);
	assert_ptr_equal(find(t, 1), v);
	v = get(t, 2, 102, &created);
	assert_int_equal(created, 1);
	assert_true(is_zero(v, sizeof(*v)));
	assert_int_equal(lru_count(t), 2);
	assert_int_equal(lru_evicted(t), 0);
	lru_free(t);
}

/* A reused slot starts zeroed again, not with its victim's value. */
static void test_reused_slot_zeroed(void **state)
{
	struct lru *t = lru_new(8, 6, sizeof(struct val));
	struct val *v;
	int created;
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++) {
		v = get(t, i, i, &created);
		assert_int_equal(created, 1);
		memset(v, 0xab, sizeof(*v));
	}
	v = get(t, 100, 50, &created);
	assert_int_equal(created, 1);
	assert_true(is_zero(v, sizeof(*v)));
	assert_int_equal(lru_evicted(t), 1);
	/* the victim comes back as a new, zeroed entry */
	v = get(t, 0, 51, &created);
	assert_int_equal(created, 1);
	assert_true(is_zero(v, sizeof(*v)));
	lru_free(t);
}

static void test_eviction_order(void **state)
{
	struct lru *t = lru_new(8, 6, sizeof(struct val)); /* one set */
	int created;
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		get(t, i, 10 + i, &created);
	assert_int_equal(lru_count(t), 8);
	assert_int_equal(lru_evicted(t), 0);
	/* key 0 used again: key 1 is now the least recently used */
	get(t, 0, 20, &created);
	assert_int_equal(created, 0);
	get(t, 100, 21, &created);
	assert_int_equal(created, 1);
	assert_null(find(t, 1));
	assert_non_null(find(t, 0));
	assert_int_equal(lru_evicted(t), 1);
	/* then 2, then 3 */
	get(t, 101, 22, &created);
	assert_null(find(t, 2));
	get(t, 102, 23, &created);
	assert_null(find(t, 3));
	for (i = 4; i < 8; i++)
		assert_non_null(find(t, i));
	assert_int_equal(lru_count(t), 8);
	assert_int_equal(lru_evicted(t), 3);
	lru_free(t);
}

/* A use with an earlier capture time does not make a key younger. */
static void test_older_time_does_not_refresh(void **state)
{
	struct lru *t = lru_new(8, 6, sizeof(struct val));
	int created;
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		get(t, i, 10 + i, &created);
	get(t, 0, 5, &created); /* out of order: still last used at 10 */
	assert_int_equal(created, 0);
	get(t, 100, 30, &created);
	assert_null(find(t, 0));
	assert_non_null(find(t, 1));
	lru_free(t);
}

static void test_find_does_not_refresh(void **state)
{
	struct lru *t = lru_new(8, 6, sizeof(struct val));
	int created;
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		get(t, i, 10 + i, &created);
	for (i = 0; i < 5; i++)
		assert_non_null(find(t, 0));
	get(t, 100, 30, &created);
	assert_null(find(t, 0)); /* still the oldest: found, not used */
	assert_non_null(find(t, 1));
	assert_int_equal(lru_evicted(t), 1);
	lru_free(t);
}

static void test_capacity_bound(void **state)
{
	struct lru *t = lru_new(1024, 6, sizeof(struct val));
	struct lru *one = lru_new(8, 6, sizeof(struct val));
	int created;
	uint32_t i, n = 0;

	(void)state;
	for (i = 0; i < 100000; i++) {
		get(t, i, i / 10, &created);
		n += (uint32_t)created;
		assert_true(lru_count(t) <= 1024);
	}
	assert_int_equal(n, 100000);
	assert_true(lru_count(t) <= 1024);
	assert_true(lru_count(t) > 1024 / 2); /* the sets do fill up */
	assert_int_equal(lru_count(t) + lru_evicted(t), 100000);
	/* the most recent keys are the ones kept (LRU, in every set) */
	assert_non_null(find(t, 99999));
	assert_null(find(t, 0));

	for (i = 0; i < 20; i++)
		get(one, i, i, &created);
	assert_int_equal(lru_count(one), 8);
	assert_int_equal(lru_evicted(one), 12);
	for (i = 0; i < 12; i++)
		assert_null(find(one, i));
	for (i = 12; i < 20; i++)
		assert_non_null(find(one, i));
	lru_free(t);
	lru_free(one);
}

/*
 * A capacity that is not a power of two times LRU_WAYS is rounded down, so
 * the table never holds more than it was created for (this was a bug).
 * lru_new(1000, ...) makes 128 sets of 8 ways: after 100,000 distinct keys
 * lru_count() is 1024, not <= 1000.  config.md documents limits.max_macs,
 * max_nd and max_trackers as the number of entries (and lru.h says "the
 * capacity is fixed at creation"); max_macs = 1000 (or 65537, which gives
 * 131072 slots, twice the memory asked for) is not honoured.  Memory stays
 * bounded, but by up to twice the configured figure.  Either round the sets
 * down / cap the count at `capacity`, or document the rounding.
 */
static void test_capacity_not_power_of_two(void **state)
{
	struct lru *t = lru_new(1000, 6, sizeof(struct val));
	int created;
	uint32_t i, count;

	(void)state;
	for (i = 0; i < 100000; i++)
		get(t, i, i / 10, &created);
	count = lru_count(t);
	lru_free(t);
	assert_true(count <= 1000);
}

struct visit {
	uint32_t calls;
	uint32_t bad;
	const struct lru *t;
};

static void visit_fn(void *ctx, const void *key, void *val)
{
	struct visit *v = ctx;
	struct val *x = val;

	v->calls++;
	x->visits++;
	/* the key and value handed out are the live entry's */
	if (lru_find(v->t, key) != val)
		v->bad++;
}

static void check_fn(void *ctx, const void *key, void *val)
{
	struct visit *v = ctx;
	struct val *x = val;

	(void)key;
	if (x->visits != 1)
		v->bad++;
	v->calls++;
}

static void test_foreach(void **state)
{
	struct lru *t = lru_new(4096, 6, sizeof(struct val));
	struct lru *one = lru_new(8, 6, sizeof(struct val));
	struct visit v = {0, 0, t};
	int created;
	uint32_t i, made = 0;

	(void)state;
	lru_foreach(t, visit_fn, &v);
	assert_int_equal(v.calls, 0);
	for (i = 0; i < 3000; i++) {
		get(t, i, i, &created);
		made += (uint32_t)created;
	}
	for (i = 0; i < 3000; i += 3) { /* repeats add only evicted keys back */
		get(t, i, 5000 + i, &created);
		made += (uint32_t)created;
	}
	lru_foreach(t, visit_fn, &v);
	assert_int_equal(v.calls, lru_count(t));
	assert_int_equal(v.bad, 0);
	assert_int_equal(lru_count(t) + lru_evicted(t), made);
	v.calls = 0;
	lru_foreach(t, check_fn, &v);
	assert_int_equal(v.calls, lru_count(t));
	assert_int_equal(v.bad, 0);

	/* with evictions: exactly the 8 survivors */
	for (i = 0; i < 20; i++)
		get(one, i, i, &created);
	v.calls = 0;
	v.bad = 0;
	v.t = one;
	lru_foreach(one, visit_fn, &v);
	assert_int_equal(v.calls, 8);
	assert_int_equal(v.bad, 0);
	for (i = 12; i < 20; i++)
		assert_int_equal(find(one, i)->visits, 1);
	lru_free(t);
	lru_free(one);
}

/* Keys of the longest length, and keys that differ in their last byte. */
static void test_long_keys(void **state)
{
	struct lru *t = lru_new(64, LRU_MAX_KEY, sizeof(uint64_t));
	uint8_t k1[LRU_MAX_KEY], k2[LRU_MAX_KEY];
	uint64_t *v1, *v2;
	int created;

	(void)state;
	memset(k1, 0x20, sizeof(k1));
	memcpy(k2, k1, sizeof(k2));
	k2[LRU_MAX_KEY - 1] ^= 1;
	v1 = lru_get(t, k1, 1, &created);
	assert_int_equal(created, 1);
	*v1 = 1;
	v2 = lru_get(t, k2, 2, &created);
	assert_int_equal(created, 1);
	*v2 = 2;
	assert_int_equal(*(uint64_t *)lru_find(t, k1), 1);
	assert_int_equal(*(uint64_t *)lru_find(t, k2), 2);
	assert_int_equal(lru_count(t), 2);
	lru_free(t);
	lru_free(NULL);
}

/*
 * Structured keys spread over the sets: what the tables really hold is
 * sequential, not random (member MACs from one OUI, addresses in one /24
 * or /64, BGP pairs of LAN addresses stored as two 16-byte addresses with
 * IPv4 ones ::ffff:-mapped, sFlow sources as agent + sub-agent + data
 * source).  A table configured for 262144 entries (32768 sets of 8) must
 * then hold 20,000 such keys without a single eviction (a large exchange's
 * bilateral BGP sessions), and at half its bound lose under 1% (what random
 * keys lose: sets of a Poisson(4) load over 8 ways).
 */
enum key_family { K_MAC, K_V4, K_V6, K_PAIR4, K_PAIR6, K_SFLOW, K_FAMILIES };
static const size_t family_len[K_FAMILIES] = {6, 4, 16, 32, 32, 25};
static const char *const family_name[K_FAMILIES] = {"MACs of one OUI",
    "IPv4 counting up", "IPv6 in one /64", "IPv4 pairs", "IPv6 pairs", "sFlow sources"};

static void structured_key(enum key_family f, uint32_t i, uint8_t k[LRU_MAX_KEY])
{
	/* pairs: i -> (x, y) with x < y over a LAN of 1024 addresses */
	uint32_t x = 0, y = 0, row = 1023;

	memset(k, 0, LRU_MAX_KEY);
	if (f == K_PAIR4 || f == K_PAIR6) {
		uint32_t left = i;

		while (left >= row) {
			left -= row;
			x++;
			row--;
		}
		y = x + 1 + left;
	}
	switch (f) {
	case K_MAC:
		key_of(i, k);
		k[1] = 0x00, k[2] = 0x5e; /* 02:00:5e: the rest counts up */
		break;
	case K_V4:
		k[0] = 10, k[1] = (uint8_t)(i >> 16), k[2] = (uint8_t)(i >> 8), k[3] = (uint8_t)i;
		break;
	case K_V6:
		k[0] = 0x20, k[1] = 0x01, k[2] = 0x0d, k[3] = 0xb8;
		k[12] = (uint8_t)(i >> 24), k[13] = (uint8_t)(i >> 16);
		k[14] = (uint8_t)(i >> 8), k[15] = (uint8_t)i;
		break;
	case K_PAIR4:
		k[10] = k[11] = k[26] = k[27] = 0xff;
		k[12] = k[28] = 192, k[13] = k[29] = 0, k[14] = k[30] = 2;
		k[15] = (uint8_t)x, k[14] = (uint8_t)(2 + (x >> 8));
		k[31] = (uint8_t)y, k[30] = (uint8_t)(2 + (y >> 8));
		break;
	case K_PAIR6:
		k[0] = k[16] = 0x20, k[1] = k[17] = 0x01, k[2] = k[18] = 0x0d;
		k[3] = k[19] = 0xb8;
		k[14] = (uint8_t)(x >> 8), k[15] = (uint8_t)x;
		k[30] = (uint8_t)(y >> 8), k[31] = (uint8_t)y;
		break;
	case K_SFLOW:
		k[10] = k[11] = 0xff, k[12] = 192, k[13] = 0, k[14] = 2;
		k[15] = (uint8_t)(1 + i / 4096); /* a few agents */
		k[20] = (uint8_t)((i % 4096) >> 8), k[21] = (uint8_t)(i % 4096); /* ifIndex */
		k[24] = 4;
		break;
	default:
		break;
	}
}

static uint64_t fill(struct lru *t, enum key_family f, uint32_t from, uint32_t to)
{
	uint8_t k[LRU_MAX_KEY];
	uint32_t i;
	int created;

	for (i = from; i < to; i++) {
		structured_key(f, i, k);
		assert_non_null(lru_get(t, k, i, &created));
		assert_int_equal(created, 1);
	}
	return lru_evicted(t);
}

static void test_structured_keys_spread(void **state)
{
	int f;

	(void)state;
	for (f = 0; f < K_FAMILIES; f++) {
		struct lru *t = lru_new(262144, family_len[f], sizeof(uint64_t));
		uint64_t ev;

		ev = fill(t, (enum key_family)f, 0, 20000);
		if (ev != 0)
			fail_msg("%s: %llu evictions among 20000 keys in a table of 262144",
			    family_name[f], (unsigned long long)ev);
		ev = fill(t, (enum key_family)f, 20000, 131072);
		if (ev * 100 > 131072)
			fail_msg("%s: %llu evictions at half the bound (over 1%%)",
			    family_name[f], (unsigned long long)ev);
		assert_int_equal(lru_count(t) + ev, 131072);
		lru_free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_created_and_zeroed),
		cmocka_unit_test(test_reused_slot_zeroed),
		cmocka_unit_test(test_eviction_order),
		cmocka_unit_test(test_older_time_does_not_refresh),
		cmocka_unit_test(test_find_does_not_refresh),
		cmocka_unit_test(test_capacity_bound),
		cmocka_unit_test(test_capacity_not_power_of_two),
		cmocka_unit_test(test_foreach),
		cmocka_unit_test(test_long_keys),
		cmocka_unit_test(test_structured_keys_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
