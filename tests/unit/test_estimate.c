/*
 * test_estimate.c - confidence intervals of sampled shares (estimate.h).
 *
 * Checked against the binomial formula sFlow's accuracy guidance uses:
 * n samples of weight N with a share p have a 95% half-width of
 * 1.96 sqrt(p (1 - p) / n) (times sqrt((N - 1) / N), the part of the
 * population not sampled); it halves when the samples quadruple, and an
 * unsampled count (weight 1) is exact.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "analyze/estimate.h"

/* n samples of weight w, k of them in the class, each of size x */
static double ci(uint32_t n, uint32_t k, uint32_t w, double x)
{
	struct est_var v = {0, 0};
	uint32_t i;

	for (i = 0; i < n; i++)
		est_var_add(&v, w, x, i < k);
	return est_share_ci95(&v, (double)k * w * x, (double)n * w * x);
}

static void test_binomial(void **state)
{
	const double want = 1.96 * sqrt(0.25 * 0.75 / 400 * 99.0 / 100);

	(void)state;
	assert_true(fabs(ci(400, 100, 100, 1) - want) < 1e-12);
	/* bytes of equal size: the same relative figure */
	assert_true(fabs(ci(400, 100, 100, 1500) - want) < 1e-12);
	/* four times the samples: half the interval */
	assert_true(fabs(ci(1600, 400, 100, 1) - want / 2) < 1e-3 * want);
	/* at 1:8000, a few hundred samples are good to a few points only */
	assert_true(ci(300, 80, 8000, 1) > 0.04);
}

static void test_exact(void **state)
{
	struct est_var v = {0, 0};

	(void)state;
	assert_true(ci(1000, 300, 1, 1) == 0); /* every frame counted */
	assert_true(est_share_ci95(&v, 0, 0) == 0);
	assert_true(est_total_ci95(0) == 0);
	/* a total of n samples of weight N: about 1.96 N sqrt(n) */
	est_var_add(&v, 1000, 1, 0);
	assert_true(fabs(est_total_ci95(v.out) - 1.96 * sqrt(1000.0 * 999)) < 1e-9);
}

/*
 * No sample of the class (or only such samples) is no proof of a share of
 * 0 (or 1): the interval is the Agresti-Coull one, wide for few samples.
 */
static void test_all_or_nothing(void **state)
{
	(void)state;
	assert_true(ci(20, 0, 100, 1) > 0.09 && ci(20, 0, 100, 1) < 0.13);
	assert_true(fabs(ci(20, 20, 100, 1) - ci(20, 0, 100, 1)) < 1e-12);
	assert_true(ci(10000, 0, 100, 1) > 0 && ci(10000, 0, 100, 1) < 0.001);
}

/* Exact frames among sampled ones narrow the interval, never widen it. */
static void test_mixed(void **state)
{
	struct est_var v = {0, 0};
	double sampled_only, mixed;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		est_var_add(&v, 50, 1, i < 30);
	sampled_only = est_share_ci95(&v, 30 * 50, 100 * 50);
	for (i = 0; i < 5000; i++)
		est_var_add(&v, 1, 1, i < 1500);
	mixed = est_share_ci95(&v, 30 * 50 + 1500, 100 * 50 + 5000);
	assert_true(mixed > 0 && mixed < sampled_only);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binomial),
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_all_or_nothing),
		cmocka_unit_test(test_mixed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
