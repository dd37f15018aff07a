/*
 * pages.h - the dashboard's HTML pages, generated from a state json_t.
 *
 * Pure: json_t in, malloc'ed text out.  The only outside knowledge, which
 * graph images exist, comes through a callback, so the generators are
 * unit-testable and fuzzable and serve both the HTTP server (absolute
 * links) and `ixmon serve --write-html` (relative links that work from
 * file://).
 */
#ifndef IXMON_PAGES_H
#define IXMON_PAGES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "web/access.h"

struct page_ctx {
	int static_html;  /* 1: relative links to *.html files (file://) */
	const char *rel;  /* static: prefix from this page to the root ("", "../") */
	/* 1 if DIR/graphs/`file` exists (file matches [a-z0-9-]+\.(png|svg)). */
	int (*graph_exists)(void *cls, const char *file);
	void *graph_cls;
	/*
	 * Server: the token the viewer put in the URL, appended as ?token= to
	 * member links and member graph images (validated charset); NULL when
	 * it came in a header (links cannot carry that).
	 */
	const char *token;
	int refresh;      /* seconds for <meta http-equiv=refresh>, 0 = none */
	int64_t mtime;    /* state.json written at (Unix time), 0 = unknown */
	int64_t now;      /* wall clock for "N min ago" (Unix time), 0 = leave out */
	/* Who is looking: member-only parts (applications, BGP peers, links
	 * to member pages) are written only for those who may see them. */
	struct web_auth auth;
	const char *ranking; /* web.ipv6_ranking: who /ipv6 names; NULL = nobody */
};

/* Seconds after its last_seen an alert is still "open" (alerts.clear_after default). */
#define PAGES_OPEN_SECS 600

/* The state's "now": window.end, else input.last_ts; 0 if neither parses. */
int64_t pages_state_now(const json_t *st);
/* 1 if the alert's last_seen is within PAGES_OPEN_SECS of `now` (0: all open). */
int pages_alert_open(const json_t *alert, int64_t now);

char *page_noc(const json_t *st, const struct page_ctx *c, size_t *len);
char *page_ipv6(const json_t *st, const struct page_ctx *c, size_t *len);
/* NULL when `asn` is not a member (check page_find_member first). */
char *page_member(const json_t *st, uint64_t asn, const struct page_ctx *c,
    size_t *len);
/* A small page for 401/404/503...; `msg` is plain text (escaped). */
char *page_error(int status, const char *title, const char *msg,
    const struct page_ctx *c, size_t *len);

const json_t *page_find_member(const json_t *st, uint64_t asn);
/*
 * The IPv6 ranking: indices into st.members, best first: IPv6 share of the
 * member's bytes, ties by IPv6 bytes, then by ASN.  Writes at most `max`;
 * returns how many.
 */
size_t pages_rank(const json_t *st, size_t *order, size_t max);
/*
 * The ranking key of one member: IPv6 share of its bytes, IPv6 / (IPv4 +
 * IPv6), the report's `ipv6_share.bytes` when there (0 without traffic).
 */
double pages_v6_share(const json_t *member);
/* The 95 % half-width at `path` ("ipv6_share.ci95.bytes"), or -1: exact. */
double pages_ci95(const json_t *obj, const char *path);
/* NOC-only: the registry against what the LAN shows (`reconciliation`). */
char *page_reconciliation(const json_t *st, const struct page_ctx *c, size_t *len);
/*
 * /api/ipv6: the public figures: LAN-wide share (and ci95), members per
 * IPv6 status, members and IPv6-active members per router vendor, and the
 * opted-in ranking.  A new object, or NULL.
 */
json_t *pages_ipv6_json(const json_t *st, const struct page_ctx *c);

#endif
