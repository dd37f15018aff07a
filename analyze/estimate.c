/*
 * estimate.c - see estimate.h.
 */
#include <math.h>

#include "analyze/estimate.h"

double est_share_ci95(const struct est_var *v, double part, double all)
{
	double p, var;

	if (all <= 0)
		return 0;
	p = part / all;
	var = ((1 - p) * (1 - p) * v->in + p * p * v->out) / (all * all);
	return var > 0 ? EST_Z95 * sqrt(var) : 0;
}

double est_total_ci95(double var) { return var > 0 ? EST_Z95 * sqrt(var) : 0; }
