/*
 * web.h - the dashboard: an embedded HTTP server over a state directory,
 * and the same pages written as static files.  Routes, limits, token and
 * metrics: docs/dashboard.md.
 *
 * The server knows nothing of the capture loop: it reads DIR/state.json
 * (re-read when it changes) and DIR/graphs/, so `ixmon serve` and
 * `ixmon run --http` share it with no shared memory.
 */
#ifndef IXMON_WEB_H
#define IXMON_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define WEB_DEFAULT_LISTEN "127.0.0.1:8080"
#define WEB_TOKEN_MAX 256

struct web_opts {
	const char *state_dir;  /* required */
	const char *listen;     /* "ADDR:PORT", "[v6]:PORT"; NULL = WEB_DEFAULT_LISTEN */
	const char *token;      /* the NOC token; NULL: every page open to all */
	const char *ipv6_ranking; /* web.ipv6_ranking; NULL = "none" */
	int refresh;            /* <meta refresh> seconds on pages; 0 = 60 */
};

struct web_server;

/*
 * Bind, start the server thread, return.  NULL with a one-line reason in
 * `err` (bad address, port busy, state dir missing, bad token).
 */
struct web_server *web_start(const struct web_opts *o, char *err, size_t errlen);
/* Stop the thread, close everything; NULL is fine. */
void web_stop(struct web_server *ws);

/*
 * Write index.html, ipv6.html, members/ASN.html, static/ and a copy of the
 * graphs into out_dir, with relative links (file:// works).  0, or -1 with
 * the reason in err.
 */
int web_write_static(const char *state_dir, const char *out_dir,
    const char *ipv6_ranking, char *err, size_t errlen);

/* "ADDR:PORT" -> sockaddr; 0, or -1 with what is wrong in err. */
int web_parse_listen(const char *spec, struct sockaddr_storage *ss,
    socklen_t *sslen, char *err, size_t errlen);

/* A token is 1..WEB_TOKEN_MAX of [A-Za-z0-9._~+/=-]: 0, or -1. */
int web_token_ok(const char *token);

/* Length-independent comparison of a presented token with the real one. */
int web_token_equal(const char *given, const char *token);

enum web_route_kind {
	WEB_R_NOT_FOUND = 0,
	WEB_R_NOC,
	WEB_R_IPV6,
	WEB_R_MEMBER,
	WEB_R_API_REPORT,
	WEB_R_API_MEMBERS,
	WEB_R_API_ALERTS,
	WEB_R_API_IPV6,
	WEB_R_API_MEMBERS_CSV,
	WEB_R_API_RECONCILIATION_CSV,
	WEB_R_RECONCILIATION,
	WEB_R_METRICS,
	WEB_R_STATIC,
	WEB_R_GRAPH,
};

struct web_route {
	enum web_route_kind kind;
	uint64_t asn;      /* WEB_R_MEMBER */
	const char *file;  /* WEB_R_STATIC, WEB_R_GRAPH: points into the URL */
};

/*
 * The strict router: exact paths and validated patterns only (the URL as
 * libmicrohttpd decoded it, without the query).  Anything else, including
 * every `..`, `//`, backslash or absolute-URL form, is WEB_R_NOT_FOUND.
 */
void web_route(const char *url, struct web_route *r);
#define WEB_BAD_URL "\x7f" /* what web_unescape leaves of a bad URL */
/*
 * Percent-decode `s` in place (the MHD unescape callback); a decoded NUL or
 * a malformed escape leaves WEB_BAD_URL.  Returns the new length.
 */
size_t web_unescape(char *s);
/* 1 if `name` is [a-z0-9-]+\.(png|svg), at most 128 bytes. */
int web_graph_name_ok(const char *name);

#endif
