/*
 * graph_format.c - see graph_format.h.
 */
#include <math.h>
#include <stdio.h>

#include "graphs/graph_format.h"

/* Upward prefixes only: there is no milli of a bit. */
static const char *const si_up[] = {"", "k", "M", "G", "T", "P", "E"};
#define N_SI_UP (sizeof(si_up) / sizeof(si_up[0]))

const char *graph_fmt_value(char *buf, size_t len, double v, const char *unit)
{
	size_t p = 0;

	if (!isfinite(v)) {
		snprintf(buf, len, "no data");
		return buf;
	}
	if (v < 0)
		v = 0; /* rates are never negative (DERIVE min 0) */
	while (v >= 999.5 && p + 1 < N_SI_UP) {
		v /= 1000;
		p++;
	}
	/* Three significant figures; below 1, three decimals (0.920, 0.004). */
	if (p == 0 && v < 1)
		snprintf(buf, len, "%.3f %s", v, unit);
	else if (v < 10)
		snprintf(buf, len, "%.2f %s%s", v, si_up[p], unit);
	else if (v < 100)
		snprintf(buf, len, "%.1f %s%s", v, si_up[p], unit);
	else
		snprintf(buf, len, "%.0f %s%s", v, si_up[p], unit);
	return buf;
}

const char *graph_fmt_count(char *buf, size_t len, double v)
{
	if (isfinite(v) && v >= 0 && v < 999.5)
		snprintf(buf, len, "%.0f", v);
	else
		graph_fmt_value(buf, len, v, "");
	return buf;
}

const char *graph_fmt_share(char *buf, size_t len, double num, double den)
{
	if (!isfinite(num) || !isfinite(den) || den <= 0 || num < 0)
		snprintf(buf, len, "no data");
	else
		snprintf(buf, len, "%.1f %%", 100.0 * (num > den ? den : num) / den);
	return buf;
}

int graph_axis_exponent(double max)
{
	int e = 0;

	if (!isfinite(max))
		return 0;
	while (max >= 1000 && e < 18) {
		max /= 1000;
		e += 3;
	}
	return e;
}
