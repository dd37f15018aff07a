/*
 * estimate.c - see estimate.h.
 */
#include <math.h>

#include "analyze/estimate.h"

/*
 * The linearised variance is 0 when no sample, or every sample, is of the
 * class: "0 % +/- 0" from 20 samples would claim what they cannot show.
 * So it is floored at the Agresti-Coull variance (add two samples in the
 * class and two out, Agresti & Coull 1998) for the effective number of
 * samples all^2 / sum w (w - 1) x^2 (n for n samples at one rate): about
 * +/- 11 points for a share of 0 in 20 samples, and the plain binomial
 * figure once p n and (1 - p) n are more than a few.
 */
double est_share_ci95(const struct est_var *v, double part, double all)
{
	double p, var, n, pt, floor_var;

	if (all <= 0 || v->in + v->out <= 0)
		return 0;
	p = part / all;
	var = ((1 - p) * (1 - p) * v->in + p * p * v->out) / (all * all);
	n = all * all / (v->in + v->out);
	pt = (p * n + 2) / (n + 4);
	floor_var = pt * (1 - pt) / (n + 4);
	return EST_Z95 * sqrt(var > floor_var ? var : floor_var);
}

double est_total_ci95(double var) { return var > 0 ? EST_Z95 * sqrt(var) : 0; }

static json_t *share(uint64_t part, uint64_t all)
{
	return json_real(all ? (double)part / (double)all : 0.0);
}

json_t *est_share_json(uint64_t part_frames, uint64_t all_frames,
    const struct est_var *frames, uint64_t part_bytes, uint64_t all_bytes,
    const struct est_var *bytes)
{
	json_t *o = json_pack("{s:o,s:o}", "frames", share(part_frames, all_frames),
	    "bytes", share(part_bytes, all_bytes));

	if (frames->in + frames->out > 0) {
		json_object_set_new(o, "ci95", json_pack("{s:f,s:f}", "frames",
		    est_share_ci95(frames, (double)part_frames, (double)all_frames),
		    "bytes",
		    est_share_ci95(bytes, (double)part_bytes, (double)all_bytes)));
		json_object_set_new(o, "variance_sums", json_pack("{s:[f,f],s:[f,f]}",
		    "frames", frames->in, frames->out, "bytes", bytes->in, bytes->out));
	}
	return o;
}

/* [in, out]; anything else (an older state) leaves them as they are */
static void read_var(const json_t *pair, struct est_var *v)
{
	const json_t *in = json_array_get(pair, 0), *out = json_array_get(pair, 1);

	if (json_is_number(in) && json_is_number(out) &&
	    json_number_value(in) >= 0 && json_number_value(out) >= 0) {
		v->in = json_number_value(in);
		v->out = json_number_value(out);
	}
}

void est_share_restore(const json_t *share_obj, struct est_var *frames,
    struct est_var *bytes)
{
	const json_t *o = json_object_get(share_obj, "variance_sums");

	read_var(json_object_get(o, "frames"), frames);
	read_var(json_object_get(o, "bytes"), bytes);
}
