/*
 * fuzz_pages.c - the dashboard generators (web/pages.c, web/metrics.c) on
 * arbitrary JSON.
 *
 * The input is parsed with jansson as the server parses state.json (any
 * JSON value, not only objects, so the generators' own type checks are
 * exercised); unparsable bytes are still handed on as a string value.
 * Every page is built with absolute and with relative links, graphs
 * "present" so the <img> paths run, for the first member's ASN and one
 * that is not there, plus the metrics exposition.  The outputs are checked
 * for what escaping must guarantee: no raw '<' from the input inside text
 * (a "<script" that is not ours), and no label value breaking out of its
 * quotes (every metrics line ends in a number).  abort() on a violation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/jget.h"
#include "web/metrics.h"
#include "web/pages.h"
#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int graphs_yes(void *cls, const char *file)
{
	(void)cls;
	return web_graph_name_ok(file);
}

static void check_html(char *p)
{
	if (p == NULL)
		return;
	/* our pages contain no script element at all: one means injection */
	if (strstr(p, "<script") || strstr(p, "<img src=x") || strstr(p, "<b>"))
		abort();
	free(p);
}

static void check_metrics(char *t)
{
	char *line, *save = NULL;

	if (t == NULL)
		return;
	for (line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp = strrchr(line, ' ');

		if (line[0] == '#')
			continue;
		/* name{...} VALUE: the value is a number, so no label leaked a newline */
		if (sp == NULL || sp[1] == '\0' || strspn(sp + 1, "0123456789.e+-") != strlen(sp + 1))
			abort();
		if (strncmp(line, "ixmon_", 6) != 0)
			abort();
	}
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct page_ctx c = {0};
	json_error_t je;
	json_t *st;
	uint64_t asn;
	size_t len;
	int pass;

	st = json_loadb((const char *)data, size, JSON_DECODE_ANY, &je);
	if (st == NULL)
		st = json_stringn_nocheck((const char *)data, size);
	if (st == NULL)
		return 0;
	asn = jget_u64(json_array_get(json_object_get(st, "members"), 0), "asnum");
	c.graph_exists = graphs_yes;
	for (pass = 0; pass < 2; pass++) {
		c.static_html = pass;
		c.rel = pass ? "../" : NULL;
		c.token = pass ? NULL : "t0k.en";
		c.refresh = pass ? 0 : 60;
		/* the NOC with everyone ranked and "ago" on; the public with nobody */
		c.auth.role = pass ? WEB_ROLE_PUBLIC : WEB_ROLE_NOC;
		c.ranking = pass ? NULL : "all";
		c.now = pass ? 0 : 1793613600;
		check_html(page_noc(st, &c, &len));
		check_html(page_ipv6(st, &c, &len));
		check_html(page_reconciliation(st, &c, &len));
		json_decref(pages_ipv6_json(st, &c));
		check_html(page_member(st, asn, &c, &len));
		check_html(page_member(st, asn + 1, &c, &len));
		check_html(page_error(503, "No <state>", (const char *)"x<script>", &c, &len));
	}
	check_metrics(metrics_text(st, pass, &len));
	json_decref(st);
	return 0;
}
