/*
 * test_cursor.c - the bounded cursor (capture/cursor.h) at its edges.
 *
 * Every accessor is exercised with exactly the bytes it needs, one fewer,
 * and none: success must consume exactly what was read, failure must leave
 * the cursor untouched.  Sub-views never reach past their parent, and peeks
 * at offsets near SIZE_MAX must fail rather than wrap the bounds check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "capture/cursor.h"

static const uint8_t buf[16] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
};

/* The cursor did not move. */
static void assert_unchanged(const struct cur *c, const uint8_t *p, size_t len)
{
	assert_ptr_equal(c->p, p);
	assert_int_equal(c->len, len);
}

static void test_make_left(void **state)
{
	struct cur c = cur_make(buf, sizeof(buf));

	(void)state;
	assert_ptr_equal(c.p, buf);
	assert_int_equal(cur_left(&c), 16);
	c = cur_make(buf, 0);
	assert_int_equal(cur_left(&c), 0);
	c = cur_make(NULL, 0);
	assert_int_equal(cur_left(&c), 0);
}

static void test_skip(void **state)
{
	struct cur c = cur_make(buf, 4);

	(void)state;
	assert_int_equal(cur_skip(&c, 5), -1);
	assert_unchanged(&c, buf, 4);
	assert_int_equal(cur_skip(&c, SIZE_MAX), -1);
	assert_unchanged(&c, buf, 4);
	assert_int_equal(cur_skip(&c, 0), 0);
	assert_unchanged(&c, buf, 4);
	assert_int_equal(cur_skip(&c, 3), 0);
	assert_unchanged(&c, buf + 3, 1);
	assert_int_equal(cur_skip(&c, 1), 0);
	assert_unchanged(&c, buf + 4, 0);
	assert_int_equal(cur_skip(&c, 1), -1);
	assert_int_equal(cur_skip(&c, 0), 0);
	assert_unchanged(&c, buf + 4, 0);
}

static void test_get8(void **state)
{
	struct cur c = cur_make(buf, 1);
	uint8_t v = 0xee;

	(void)state;
	assert_int_equal(cur_get8(&c, &v), 0);
	assert_int_equal(v, 0x01);
	assert_unchanged(&c, buf + 1, 0);
	v = 0xee;
	assert_int_equal(cur_get8(&c, &v), -1);
	assert_int_equal(v, 0xee); /* not written on failure */
	assert_unchanged(&c, buf + 1, 0);
}

static void test_get16(void **state)
{
	struct cur c;
	uint16_t v = 0xeeee;

	(void)state;
	c = cur_make(buf, 0);
	assert_int_equal(cur_get16(&c, &v), -1);
	c = cur_make(buf, 1);
	assert_int_equal(cur_get16(&c, &v), -1);
	assert_int_equal(v, 0xeeee);
	assert_unchanged(&c, buf, 1);
	c = cur_make(buf, 2);
	assert_int_equal(cur_get16(&c, &v), 0);
	assert_int_equal(v, 0x0102); /* big-endian */
	assert_unchanged(&c, buf + 2, 0);
	c = cur_make(buf + 14, 2);
	assert_int_equal(cur_get16(&c, &v), 0);
	assert_int_equal(v, 0x0f10);
}

static void test_get32(void **state)
{
	struct cur c;
	uint32_t v = 0xeeeeeeee;

	(void)state;
	c = cur_make(buf, 0);
	assert_int_equal(cur_get32(&c, &v), -1);
	c = cur_make(buf, 3);
	assert_int_equal(cur_get32(&c, &v), -1);
	assert_int_equal(v, 0xeeeeeeee);
	assert_unchanged(&c, buf, 3);
	c = cur_make(buf, 4);
	assert_int_equal(cur_get32(&c, &v), 0);
	assert_int_equal(v, 0x01020304);
	assert_unchanged(&c, buf + 4, 0);
	/* high bit set: no sign extension through int promotion */
	{
		static const uint8_t hi[4] = {0xff, 0xfe, 0xfd, 0xfc};

		c = cur_make(hi, 4);
		assert_int_equal(cur_get32(&c, &v), 0);
		assert_true(v == 0xfffefdfcu);
	}
}

static void test_get64(void **state)
{
	struct cur c;
	uint64_t v = 0xeeeeeeeeeeeeeeeeull;

	(void)state;
	c = cur_make(buf, 0);
	assert_int_equal(cur_get64(&c, &v), -1);
	c = cur_make(buf, 7);
	assert_int_equal(cur_get64(&c, &v), -1);
	assert_true(v == 0xeeeeeeeeeeeeeeeeull);
	assert_unchanged(&c, buf, 7); /* nothing half-consumed */
	c = cur_make(buf, 8);
	assert_int_equal(cur_get64(&c, &v), 0);
	assert_true(v == 0x0102030405060708ull);
	assert_unchanged(&c, buf + 8, 0);
}

static void test_get_bytes(void **state)
{
	struct cur c = cur_make(buf, 6);
	uint8_t out[8] = {0};
	/* volatile: else the compiler sees memcpy(SIZE_MAX) in the dead branch */
	volatile size_t huge = SIZE_MAX;

	(void)state;
	assert_int_equal(cur_get_bytes(&c, out, 7), -1);
	assert_unchanged(&c, buf, 6);
	assert_int_equal(out[0], 0);
	assert_int_equal(cur_get_bytes(&c, out, huge), -1);
	assert_unchanged(&c, buf, 6);
	assert_int_equal(cur_get_bytes(&c, out, 0), 0);
	assert_unchanged(&c, buf, 6);
	assert_int_equal(cur_get_bytes(&c, out, 6), 0);
	assert_memory_equal(out, buf, 6);
	assert_unchanged(&c, buf + 6, 0);
	assert_int_equal(cur_get_bytes(&c, out, 1), -1);
}

static void test_peek8(void **state)
{
	struct cur c = cur_make(buf, 4);
	uint8_t v = 0xee;

	(void)state;
	assert_int_equal(cur_peek8(&c, 0, &v), 0);
	assert_int_equal(v, 0x01);
	assert_int_equal(cur_peek8(&c, 3, &v), 0); /* last byte */
	assert_int_equal(v, 0x04);
	v = 0xee;
	assert_int_equal(cur_peek8(&c, 4, &v), -1); /* one past */
	assert_int_equal(v, 0xee);
	assert_int_equal(cur_peek8(&c, SIZE_MAX, &v), -1);
	assert_int_equal(cur_peek8(&c, SIZE_MAX - 1, &v), -1);
	assert_int_equal(cur_peek8(&c, SIZE_MAX - 3, &v), -1);
	assert_unchanged(&c, buf, 4); /* peeks never consume */
	c = cur_make(buf, 0);
	assert_int_equal(cur_peek8(&c, 0, &v), -1);
	assert_int_equal(cur_peek8(&c, SIZE_MAX, &v), -1);
}

static void test_peek16(void **state)
{
	struct cur c = cur_make(buf, 4);
	uint16_t v = 0xeeee;

	(void)state;
	assert_int_equal(cur_peek16(&c, 0, &v), 0);
	assert_int_equal(v, 0x0102);
	assert_int_equal(cur_peek16(&c, 2, &v), 0); /* the last two bytes */
	assert_int_equal(v, 0x0304);
	v = 0xeeee;
	assert_int_equal(cur_peek16(&c, 3, &v), -1); /* would straddle the end */
	assert_int_equal(cur_peek16(&c, 4, &v), -1);
	assert_int_equal(cur_peek16(&c, SIZE_MAX, &v), -1);
	assert_int_equal(cur_peek16(&c, SIZE_MAX - 1, &v), -1);
	assert_int_equal(cur_peek16(&c, SIZE_MAX - 2, &v), -1);
	assert_int_equal(v, 0xeeee);
	assert_unchanged(&c, buf, 4);
	c = cur_make(buf, 1);
	assert_int_equal(cur_peek16(&c, 0, &v), -1);
	c = cur_make(buf, 0);
	assert_int_equal(cur_peek16(&c, 0, &v), -1);
	assert_int_equal(cur_peek16(&c, SIZE_MAX, &v), -1);
}

static void test_sub(void **state)
{
	struct cur c = cur_make(buf, 10), sub = {NULL, 0xdead};
	uint8_t v;

	(void)state;
	/* one more than is left: both untouched */
	assert_int_equal(cur_sub(&c, 11, &sub), -1);
	assert_unchanged(&c, buf, 10);
	assert_ptr_equal(sub.p, NULL);
	assert_int_equal(sub.len, 0xdead);
	assert_int_equal(cur_sub(&c, SIZE_MAX, &sub), -1);
	assert_unchanged(&c, buf, 10);

	assert_int_equal(cur_sub(&c, 0, &sub), 0);
	assert_unchanged(&sub, buf, 0);
	assert_unchanged(&c, buf, 10);

	assert_int_equal(cur_sub(&c, 3, &sub), 0);
	assert_unchanged(&sub, buf, 3);
	assert_unchanged(&c, buf + 3, 7);
	/* the child ends where the parent's bytes were split */
	assert_int_equal(cur_peek8(&sub, 3, &v), -1);
	assert_int_equal(cur_skip(&sub, 4), -1);

	assert_int_equal(cur_sub(&c, 7, &sub), 0); /* exactly what is left */
	assert_unchanged(&sub, buf + 3, 7);
	assert_unchanged(&c, buf + 10, 0);
	assert_int_equal(cur_sub(&c, 1, &sub), -1);
	assert_int_equal(cur_sub(&c, 0, &sub), 0);
	assert_unchanged(&sub, buf + 10, 0);
}

static void test_sub_nested(void **state)
{
	struct cur c = cur_make(buf, 16), a, b;

	(void)state;
	assert_int_equal(cur_sub(&c, 8, &a), 0);
	/* a lying inner length cannot reach beyond the parent view */
	assert_int_equal(cur_sub(&a, 9, &b), -1);
	assert_int_equal(cur_sub(&a, 8, &b), 0);
	assert_true(b.p + b.len <= buf + 8);
	assert_unchanged(&c, buf + 8, 8);
}

static void test_sub_upto(void **state)
{
	struct cur c = cur_make(buf, 10), sub;

	(void)state;
	sub = cur_sub_upto(&c, 0);
	assert_unchanged(&sub, buf, 0);
	assert_unchanged(&c, buf, 10);

	sub = cur_sub_upto(&c, 4);
	assert_unchanged(&sub, buf, 4);
	assert_unchanged(&c, buf + 4, 6);

	sub = cur_sub_upto(&c, 5); /* n - 1 */
	assert_unchanged(&sub, buf + 4, 5);
	assert_unchanged(&c, buf + 9, 1);

	sub = cur_sub_upto(&c, 2); /* more than is left: clamped */
	assert_unchanged(&sub, buf + 9, 1);
	assert_unchanged(&c, buf + 10, 0);

	sub = cur_sub_upto(&c, 1); /* nothing left */
	assert_unchanged(&sub, buf + 10, 0);
	assert_unchanged(&c, buf + 10, 0);

	c = cur_make(buf, 10);
	sub = cur_sub_upto(&c, SIZE_MAX);
	assert_unchanged(&sub, buf, 10);
	assert_unchanged(&c, buf + 10, 0);

	c = cur_make(buf, 10);
	sub = cur_sub_upto(&c, 10); /* exactly n */
	assert_unchanged(&sub, buf, 10);
	assert_unchanged(&c, buf + 10, 0);
}

/* Walk a buffer byte by byte until every reader fails, never beyond. */
static void test_drain(void **state)
{
	struct cur c = cur_make(buf, sizeof(buf));
	uint8_t v;
	size_t n = 0;

	(void)state;
	while (cur_get8(&c, &v) == 0) {
		assert_int_equal(v, buf[n]);
		n++;
	}
	assert_int_equal(n, sizeof(buf));
	assert_int_equal(cur_left(&c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_left),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_get8),
		cmocka_unit_test(test_get16),
		cmocka_unit_test(test_get32),
		cmocka_unit_test(test_get64),
		cmocka_unit_test(test_get_bytes),
		cmocka_unit_test(test_peek8),
		cmocka_unit_test(test_peek16),
		cmocka_unit_test(test_sub),
		cmocka_unit_test(test_sub_nested),
		cmocka_unit_test(test_sub_upto),
		cmocka_unit_test(test_drain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
