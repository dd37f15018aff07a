/*
 * analyzers.c - the static table of analyzers, in the order they run and
 * report.  Adding a concern means adding a file and a line here.
 */
#include "analyze/analyzer.h"

const struct analyzer_ops *const analyzer_table[] = {
	&an_ethertype_ops,
	NULL,
};

json_t *an_count_json(uint64_t frames, uint64_t bytes)
{
	return json_pack("{s:I,s:I}", "frames", (json_int_t)frames, "bytes",
	    (json_int_t)bytes);
}
