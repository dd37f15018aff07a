/*
 * graph_format.h - the numbers written on graphs: legends and axis scale.
 *
 * rrdtool picks an SI prefix for every figure (%s in GPRINT, the y axis),
 * down to "m" (milli) and "u" (micro).  On an operator's screen "920.00
 * mbit/s" reads as 920 megabits when it is 0.92 bit/s, and an axis of
 * "120 m" messages/s reads as 120 million.  Figures here only scale up
 * (k, M, G, T, P: powers of 1000, as the IEC/SI prefixes for bit rates);
 * a value below 1 is written as a plain decimal.  A figure with no data
 * (rrdtool's NaN: no known point in the period) is written "no data",
 * never "nan".
 *
 * Pure functions: no librrd, no I/O, so the unit tests call them directly.
 */
#ifndef IXMON_GRAPH_FORMAT_H
#define IXMON_GRAPH_FORMAT_H

#include <stddef.h>

/*
 * `v` with an upward SI prefix and `unit` ("bit/s", "/min"): "0.920 bit/s",
 * "2.84 kbit/s", "4.00 k/min", "no data".  Returns buf.
 */
const char *graph_fmt_value(char *buf, size_t len, double v, const char *unit);

/* A count (a total of occurrences): "17", "4.20 k", "no data".  Returns buf. */
const char *graph_fmt_count(char *buf, size_t len, double v);

/*
 * The share num / den in percent, one decimal ("27.5 %"); "no data" when
 * den is 0 or either is unknown.  Returns buf.
 */
const char *graph_fmt_share(char *buf, size_t len, double num, double den);

/*
 * The exponent for rrdtool's --units-exponent so the y axis of a graph
 * whose largest value is `max` uses the same prefixes as the legend: 0
 * below 1000 (and for no data), else 3, 6, ... up to 18.
 */
int graph_axis_exponent(double max);

#endif
