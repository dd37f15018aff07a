/*
 * estimate.h - how far a sampled figure can be from the truth.
 *
 * A sampled frame of weight w stands for w frames (--sample N: w = N; an
 * sFlow sample: w = the agent's sampling rate; an unsampled frame: w = 1).
 * Totals are the Horvitz-Thompson estimates sum(w x).  Each frame is drawn
 * with probability about 1/w, so the variance of such a total is
 *     V(X) = sum w (w - 1) x^2
 * (zero when nothing was sampled), and of a share p = Y / X, where Y sums
 * the frames of one class (IPv6), by linearisation of the ratio
 *     V(p) = ((1 - p)^2 V_in + p^2 V_out) / X^2
 * with V_in and V_out the sums above over the class and over the rest.
 * For n samples all of weight N this is p (1 - p) / n times (N - 1) / N:
 * the binomial bound that sFlow's accuracy guidance is built on (InMon,
 * "Packet Sampling Basics": error <= 196 sqrt(1/n) percent for a class of
 * n samples).  Reports give the half-width of the 95% interval, 1.96
 * standard deviations, never narrower than the Agresti-Coull interval
 * (estimate.c says why).
 */
#ifndef IXMON_ESTIMATE_H
#define IXMON_ESTIMATE_H

#include <jansson.h>
#include <stdint.h>

#define EST_Z95 1.96

/*
 * The variance sums behind a share of one class (IPv6) in a sampled total,
 * frames or bytes; the totals themselves are the callers' counters.
 */
struct est_var {
	double in, out; /* sum w (w - 1) x^2 over the class / over the rest */
};

/* A frame of weight w and size x (1 for frame counts, bytes for bytes). */
static inline void est_var_add(struct est_var *v, uint32_t w, double x,
    int in_class)
{
	double d = (double)w * ((double)w - 1) * x * x;

	if (in_class)
		v->in += d;
	else
		v->out += d;
}

/*
 * The half-width of the 95% confidence interval of the share part / all
 * (0..1), 0 when nothing was sampled (the share is exact) or all is 0.
 */
double est_share_ci95(const struct est_var *v, double part, double all);

/* The same for a total whose variance sum is `var`. */
double est_total_ci95(double var);

/*
 * A report's share object: {"frames": 0..1, "bytes": 0..1}, and when any
 * of it was sampled "ci95" {"frames", "bytes"} and "variance_sums"
 * {"frames": [in, out], "bytes": [in, out]}, which est_share_restore()
 * reads back (a restarted appliance goes on from them).
 */
json_t *est_share_json(uint64_t part_frames, uint64_t all_frames,
    const struct est_var *frames, uint64_t part_bytes, uint64_t all_bytes,
    const struct est_var *bytes);
void est_share_restore(const json_t *share, struct est_var *frames,
    struct est_var *bytes);

#endif
