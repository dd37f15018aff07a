/*
 * http_server.c - the dashboard's HTTP/1.1 server (libmicrohttpd).
 *
 * Protocol: RFC 9110 (semantics) and RFC 9112 (HTTP/1.1 messages), as
 * libmicrohttpd implements them; we only choose what to answer.
 *
 * Threading: one MHD internal polling thread owns every connection, so a
 * slow or hostile client costs a file descriptor and a bounded memory
 * pool, never a thread.  It uses poll(2), not epoll: libmicrohttpd's
 * edge-triggered epoll misses a FIN that arrives with the request (a
 * client that sends and shuts its side) and holds that connection until
 * the idle timeout; with at most 512 descriptors poll costs nothing
 * measurable; pages are built in a few ms on that
 * thread.  Nothing is shared with the capture loop: the state is
 * DIR/state.json, re-read when its (mtime, size, inode) changes (ixmon run
 * replaces it by rename), cached as a json_t under a mutex.  A missing or
 * unparsable file is a 503 page that refreshes itself.
 *
 * Limits (why each):
 *  - 16 connections per client IP (MHD_OPTION_PER_IP_CONNECTION_LIMIT):
 *    one host cannot take more than a few percent of the slots; a browser
 *    opens about 6 per host, so a NOC screen or two behind one NAT fit.
 *    (MHD counts an IPv6 client per /128: a listener open to the IPv6
 *    Internet needs a proxy in front.)
 *  - 512 connections in all (MHD_OPTION_CONNECTION_LIMIT): 32 hostile
 *    addresses to fill them, and still under half of the usual 1024
 *    descriptors a service gets.
 *  - 10 s idle timeout (MHD_OPTION_CONNECTION_TIMEOUT): idle and dead
 *    clients, slow readers of a response.
 *  - 10 s deadline for a complete request head, counted from the accept or
 *    from the end of the previous response on a keep-alive connection.
 *    libmicrohttpd's timeout is idle-based: a client sending a header line
 *    every few seconds (slowloris) is never idle and would keep its slot
 *    forever.  A shorter idle timeout only moves the pace the attacker must
 *    keep, so the deadline is enforced apart: MHD_OPTION_NOTIFY_CONNECTION
 *    records each connection (start time, descriptor) in a list, the access
 *    handler marks it busy once the head is in (a GET has no body: the head
 *    is the request), MHD_OPTION_NOTIFY_COMPLETED restarts the clock, and a
 *    small reaper thread shutdown()s the sockets past the deadline, once a
 *    second; MHD then sees the end of stream and closes them itself.  The
 *    CLOSED notification takes the connection out of the list, under the
 *    same mutex, before MHD closes the descriptor, so the reaper never
 *    touches a descriptor number that was reused.
 *  - 32 KiB of memory per connection (the request line and headers must
 *    fit: a 64 KiB header gets an error status, not an allocation); strict
 *    client parsing.
 *  - No request bodies: a GET or HEAD with Content-Length > 0 or any
 *    Transfer-Encoding is answered 400 (413 past 32 KiB) at once, with a
 *    status line, and the connection closes; other methods get 405 the same
 *    way.
 *
 * Requests: GET and HEAD only (405 with Allow otherwise, RFC 9110 15.5.6),
 * but for the one POST, /api/alerts/ack, with its own checks (alert_ack.h).
 * The URL, already percent-decoded by MHD, goes to web_route(): exact
 * routes, /members/ASN with a canonical decimal, /static/ names from the
 * compiled-in table, /graphs/ names matching [a-z0-9-]+\.(png|svg) opened
 * with O_NOFOLLOW relative to the state directory's descriptor, served
 * only when a regular file with a single link (a hard link planted in
 * graphs/ would otherwise expose a file from elsewhere).  No path
 * is ever built from the URL, so `..`, encoded or not, has nothing to
 * climb.  Every response carries Content-Security-Policy default-src
 * 'self' (no inline script or style: the pages need neither),
 * X-Content-Type-Options nosniff, Referrer-Policy no-referrer (a token may
 * be in the query) and X-Frame-Options DENY.
 *
 * Access (web/access.c, the table in docs/dashboard.md): the presented
 * token (`Authorization: Bearer`, else `?token=`) makes the client the NOC,
 * one member, or the public; each route says which it needs, before the
 * state is read, so a refusal (401 without a valid token, 403 for a member
 * asking for another's data) carries nothing of the state.  A member's
 * /api/members, /api/members.csv and /api/alerts are cut down to its own
 * entries.  MHD turns '+' into a space in query values (form encoding)
 * before our decoder runs, so links carry the token percent-encoded (%2B,
 * %2F), and a space in ?token= is read back as '+' (a token has no spaces).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "common/fmt.h"
#include "common/jget.h"
#include "common/log.h"
#include "common/report_csv.h"
#include "web/access.h"
#include "web/alert_ack.h"
#include "web/metrics.h"
#include "web/pages.h"
#include "web/static.h"
#include "web/wbuf.h"
#include "web/web.h"

#define WEB_CONN_TIMEOUT   10
#define WEB_REQ_DEADLINE   10   /* seconds for a complete request head */
#define WEB_CONN_LIMIT     512
#define WEB_PER_IP_LIMIT   16
#define WEB_BODY_MAX       (32u << 10) /* a larger announced body is 413, not 400 */
#define WEB_CONN_MEMORY    (32u << 10)
#define WEB_STATE_MAX      (256u << 20) /* state.json larger than this is refused */
#define WEB_GRAPH_MAX      (64u << 20)

/* One per TCP connection (MHD's socket context), for the request deadline. */
struct web_conn {
	struct web_conn *prev, *next;
	int fd;
	int busy;              /* the request head is in: the deadline is off */
	int shut;              /* already shut down by the reaper */
	struct timespec start; /* of the current request (CLOCK_MONOTONIC) */
};

struct web_server {
	struct MHD_Daemon *d;
	pthread_mutex_t conn_lock; /* guards conns and stop */
	pthread_cond_t conn_cond;
	struct web_conn *conns;
	int stop;
	int reaper_started;
	pthread_t reaper;
	int dirfd;             /* the state directory, opened once */
	char *token;           /* the NOC token (secret of the member tokens) */
	char *ranking;         /* web.ipv6_ranking */
	int refresh;
	pthread_mutex_t lock;  /* guards the cache below */
	json_t *state;         /* last good parse, or NULL */
	struct stat st;        /* of the file `state` came from */
	char state_err[256];   /* why there is no state */
};

/* ---- router (pure) ---- */

int web_graph_name_ok(const char *name)
{
	size_t n = 0, stem = 0;
	const char *p;

	for (p = name; *p && n <= 128; p++, n++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
			stem++;
		else
			break;
	}
	if (stem == 0 || n > 128 || strlen(p) != 4)
		return 0;
	return strcmp(p, ".png") == 0 || strcmp(p, ".svg") == 0;
}

/* Canonical decimal ASN: 1..10 digits, no leading zero, <= 4294967295. */
static int parse_asn(const char *s, uint64_t *asn)
{
	uint64_t v = 0;
	size_t n = 0;

	if (*s == '0' || *s == '\0')
		return -1;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > 4294967295u)
		return -1;
	*asn = v;
	return 0;
}

void web_route(const char *url, struct web_route *r)
{
	static const struct {
		const char *path;
		enum web_route_kind kind;
	} exact[] = {
		{"/", WEB_R_NOC},
		{"/ipv6", WEB_R_IPV6},
		{"/api/report", WEB_R_API_REPORT},
		{"/api/members", WEB_R_API_MEMBERS},
		{"/api/alerts", WEB_R_API_ALERTS},
		{"/api/ipv6", WEB_R_API_IPV6},
		{"/api/members.csv", WEB_R_API_MEMBERS_CSV},
		{"/api/reconciliation.csv", WEB_R_API_RECONCILIATION_CSV},
		{"/reconciliation", WEB_R_RECONCILIATION},
		{"/metrics", WEB_R_METRICS},
		{NULL, WEB_R_NOT_FOUND},
	};
	int i;

	memset(r, 0, sizeof(*r));
	if (url == NULL || url[0] != '/' || strlen(url) > 256)
		return;
	for (i = 0; exact[i].path; i++)
		if (strcmp(url, exact[i].path) == 0) {
			r->kind = exact[i].kind;
			return;
		}
	if (strncmp(url, "/members/", 9) == 0) {
		if (parse_asn(url + 9, &r->asn) == 0)
			r->kind = WEB_R_MEMBER;
		return;
	}
	if (strncmp(url, "/static/", 8) == 0) {
		if (web_static_find(url + 8)) {
			r->kind = WEB_R_STATIC;
			r->file = url + 8;
		}
		return;
	}
	if (strncmp(url, "/graphs/", 8) == 0 && web_graph_name_ok(url + 8)) {
		r->kind = WEB_R_GRAPH;
		r->file = url + 8;
	}
}

/*
 * Percent-decoding for MHD (URL path and query arguments), in place.  As
 * MHD's own, but a decoded NUL or a malformed escape ("%4", "%zz") turns
 * the whole string into WEB_BAD_URL: C strings would otherwise end at the
 * NUL ("/graphs/lan-day.png%00.json" would be served as the PNG) and a
 * half-decoded path has no single meaning.  The marker does not start with
 * '/', so web_route() sends it to 404, and it matches no token.
 */
size_t web_unescape(char *s)
{
	char *r = s, *w = s;
	int hi, lo;

	while (*r) {
		if (*r != '%') {
			*w++ = *r++;
			continue;
		}
		hi = fmt_hexval((unsigned char)r[1]);
		lo = hi < 0 ? -1 : fmt_hexval((unsigned char)r[2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			strcpy(s, WEB_BAD_URL); /* shorter than any escape: fits */
			return strlen(s);
		}
		*w++ = (char)(hi << 4 | lo);
		r += 3;
	}
	*w = '\0';
	return (size_t)(w - s);
}

static size_t mhd_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return web_unescape(s);
}

/* ---- listen address, token ---- */

int web_parse_listen(const char *spec, struct sockaddr_storage *ss,
    socklen_t *sslen, char *err, size_t errlen)
{
	char host[64];
	const char *colon, *port, *orig;
	struct addrinfo hints, *res = NULL;
	char *end;
	long p;
	size_t n;
	int rc;

	if (spec == NULL || *spec == '\0')
		spec = WEB_DEFAULT_LISTEN;
	orig = spec;
	if (spec[0] == '[') {
		const char *rb = strchr(spec, ']');

		if (rb == NULL || rb[1] != ':') {
			snprintf(err, errlen, "--http %s: expected [IPv6]:PORT", spec);
			return -1;
		}
		n = (size_t)(rb - spec - 1);
		colon = rb + 1;
		spec++;
	} else {
		colon = strrchr(spec, ':');
		if (colon == NULL) {
			snprintf(err, errlen, "--http %s: expected ADDR:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)", spec);
			return -1;
		}
		if (memchr(spec, ':', (size_t)(colon - spec))) {
			snprintf(err, errlen, "--http %s: an IPv6 address goes in brackets: [ADDR]:PORT", spec);
			return -1;
		}
		n = (size_t)(colon - spec);
	}
	port = colon + 1;
	if (n == 0 || n >= sizeof(host)) {
		snprintf(err, errlen, "--http %s: missing or too long address", orig);
		return -1;
	}
	memcpy(host, spec, n);
	host[n] = '\0';
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	errno = 0;
	p = strtol(port, &end, 10);
	if (*port < '0' || *port > '9' || *end != '\0' || errno || p < 1 || p > 65535) {
		snprintf(err, errlen, "--http %s: port '%s' is not a number from 1 to 65535",
		    orig, port);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0 || res == NULL) {
		snprintf(err, errlen, "--http %s: '%s' is not an IPv4 or IPv6 address", orig, host);
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

int web_token_ok(const char *t)
{
	size_t n = 0;

	for (; t && *t; t++, n++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		    (*t >= '0' && *t <= '9') || strchr("._~+/=-", *t)))
			return -1;
	return n >= 1 && n <= WEB_TOKEN_MAX ? 0 : -1;
}

int web_token_equal(const char *given, const char *token)
{
	size_t gl, tl, i;
	unsigned char diff;

	if (given == NULL || token == NULL)
		return 0;
	gl = strnlen(given, WEB_TOKEN_MAX + 1);
	tl = strlen(token);
	/* Always walk the real token's length: time does not depend on `given`. */
	diff = (unsigned char)(gl != tl);
	for (i = 0; i < tl; i++)
		diff |= (unsigned char)(token[i] ^ (i < gl ? given[i] : 0));
	return diff == 0;
}

/* ---- state cache ---- */

/* The current state, with a reference for the caller, or NULL (err set). */
static json_t *state_get(struct web_server *ws, struct stat *out, char *err,
    size_t errlen)
{
	struct stat sb;
	json_t *st = NULL;
	json_error_t je;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd = -1;

	pthread_mutex_lock(&ws->lock);
	if (fstatat(ws->dirfd, "state.json", &sb, AT_SYMLINK_NOFOLLOW) < 0) {
		snprintf(ws->state_err, sizeof(ws->state_err),
		    "state.json: %s (is ixmon run writing to this directory?)", strerror(errno));
		goto fail;
	}
	if (ws->state && sb.st_ino == ws->st.st_ino && sb.st_size == ws->st.st_size &&
	    sb.st_mtim.tv_sec == ws->st.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == ws->st.st_mtim.tv_nsec)
		goto done;
	if (!S_ISREG(sb.st_mode) || sb.st_size > (off_t)WEB_STATE_MAX) {
		snprintf(ws->state_err, sizeof(ws->state_err),
		    "state.json: not a regular file or larger than %u MiB", WEB_STATE_MAX >> 20);
		goto fail;
	}
	if ((fd = openat(ws->dirfd, "state.json", O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &sb) < 0) {
		snprintf(ws->state_err, sizeof(ws->state_err), "state.json: %s", strerror(errno));
		goto fail;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		snprintf(ws->state_err, sizeof(ws->state_err), "state.json: out of memory");
		goto fail;
	}
	while (got < (size_t)sb.st_size &&
	    (n = read(fd, buf + got, (size_t)sb.st_size - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(ws->state_err, sizeof(ws->state_err), "state.json: %s", strerror(errno));
			goto fail;
		}
		got += (size_t)n;
	}
	if ((st = json_loadb(buf, got, 0, &je)) == NULL || !json_is_object(st)) {
		snprintf(ws->state_err, sizeof(ws->state_err),
		    "state.json: not a state file (line %d: %s)", je.line,
		    st ? "not a JSON object" : je.text);
		json_decref(st);
		goto fail;
	}
	json_decref(ws->state);
	ws->state = st;
	ws->st = sb;
done:
	free(buf);
	if (fd >= 0)
		close(fd);
	st = json_incref(ws->state);
	*out = ws->st;
	pthread_mutex_unlock(&ws->lock);
	return st;
fail:
	free(buf);
	if (fd >= 0)
		close(fd);
	json_decref(ws->state);
	ws->state = NULL;
	snprintf(err, errlen, "%s", ws->state_err);
	pthread_mutex_unlock(&ws->lock);
	return NULL;
}

/* pages' graph_exists: a regular file (not a symlink, one link) in DIR/graphs. */
static int graph_exists_at(void *cls, const char *file)
{
	struct web_server *ws = cls;
	struct stat sb;
	int gfd, ok;

	if (!web_graph_name_ok(file))
		return 0;
	gfd = openat(ws->dirfd, "graphs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (gfd < 0)
		return 0;
	ok = fstatat(gfd, file, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_nlink == 1;
	close(gfd);
	return ok;
}

/* ---- responses ---- */

static void secure_headers(struct MHD_Response *resp, const char *type, int cache)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    cache ? "public, max-age=300" : "no-store");
}

/* Queue `body` (malloc'ed, ownership passes to MHD); NULL body = 500. */
static enum MHD_Result send_body(struct MHD_Connection *c, unsigned status,
    char *body, size_t len, const char *type, int cache)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;

	if (body == NULL) {
		static const char oom[] = "internal error: response too large or out of memory\n";

		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		resp = MHD_create_response_from_buffer(sizeof(oom) - 1, (void *)(uintptr_t)oom,
		    MHD_RESPMEM_PERSISTENT);
		type = "text/plain; charset=utf-8";
	} else {
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	}
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	secure_headers(resp, type, cache);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"ixmon members\"");
	rc = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result send_error(struct MHD_Connection *c, struct web_server *ws,
    unsigned status, const char *title, const char *msg)
{
	struct page_ctx pc = {0};
	size_t len = 0;
	char *body;

	(void)ws;
	body = page_error((int)status, title, msg, &pc, &len);
	return send_body(c, status, body, len, "text/html; charset=utf-8", 0);
}

static enum MHD_Result send_json(struct MHD_Connection *c, const json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	char *nl;
	size_t len;

	if (text == NULL)
		return send_body(c, 500, NULL, 0, NULL, 0);
	len = strlen(text);
	/* a trailing newline for curl users */
	if ((nl = realloc(text, len + 2)) == NULL) {
		free(text);
		return send_body(c, 500, NULL, 0, NULL, 0);
	}
	nl[len] = '\n';
	nl[len + 1] = '\0';
	return send_body(c, MHD_HTTP_OK, nl, len + 1, "application/json", 0);
}

static enum MHD_Result send_graph(struct MHD_Connection *c, struct web_server *ws,
    const char *file)
{
	struct MHD_Response *resp;
	struct stat sb;
	enum MHD_Result rc;
	int gfd, fd;
	size_t n = strlen(file);

	gfd = openat(ws->dirfd, "graphs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (gfd < 0)
		return send_error(c, ws, 404, "Not found", "No such graph.");
	/*
	 * O_NOFOLLOW: a symlink planted in graphs/ fails here (ELOOP).
	 * st_nlink == 1: a hard link planted there names a file that also
	 * lives elsewhere (rrdtool writes graphs by rename: one link).
	 */
	fd = openat(gfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	close(gfd);
	if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_nlink != 1 ||
	    sb.st_size > (off_t)WEB_GRAPH_MAX) {
		if (fd >= 0)
			close(fd);
		return send_error(c, ws, 404, "Not found", "No such graph.");
	}
	/* MHD owns fd from here (closed with the response). */
	if ((resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd)) == NULL) {
		close(fd);
		return MHD_NO;
	}
	secure_headers(resp, strcmp(file + n - 4, ".svg") == 0 ? "image/svg+xml" : "image/png", 0);
	rc = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* Compiled-in bytes: PERSISTENT, MHD neither copies nor frees them. */
static enum MHD_Result send_static(struct MHD_Connection *c, const struct web_static *s)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;

	resp = MHD_create_response_from_buffer(s->len, (void *)(uintptr_t)s->body,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	secure_headers(resp, s->type, 1);
	rc = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return rc;
}

/*
 * ?token= as MHD decoded it: '+' arrived as a space (form encoding, done by
 * MHD before our decoder), and a token never has a space: read it back.
 * Returns `buf`, or NULL when there is no ?token=.
 */
static const char *query_token(struct MHD_Connection *c, char *buf, size_t len)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	size_t i;

	if (q == NULL)
		return NULL;
	for (i = 0; q[i] && i < len - 1; i++)
		buf[i] = q[i] == ' ' ? '+' : q[i];
	buf[i] = '\0';
	return buf;
}

/*
 * Who is asking (access.c): the Authorization header's bearer token, else
 * ?token=.  *in_query says the token that counted came in the URL, so the
 * page's links carry it on.
 */
static void who(struct MHD_Connection *c, struct web_server *ws, struct web_auth *a,
    char *qbuf, size_t qlen, const char **in_query)
{
	const char *h, *q;

	*in_query = NULL;
	web_auth_check(ws->token, NULL, a);
	if (ws->token == NULL)
		return;
	h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (h && strncasecmp(h, "Bearer ", 7) == 0) {
		web_auth_check(ws->token, h + 7, a);
		if (a->role != WEB_ROLE_PUBLIC)
			return;
	}
	if ((q = query_token(c, qbuf, qlen)) != NULL) {
		web_auth_check(ws->token, q, a);
		if (a->role != WEB_ROLE_PUBLIC)
			*in_query = q;
	}
}

/* The members (or alerts) array cut down to what member `asn` may see. */
/* CSV rows into the response body; a member's token keeps its own row. */
static void csv_to_wbuf(void *ctx, const char *str, size_t n)
{
	wbuf_put(ctx, str, n);
}

static int csv_keep_member(void *kctx, uint64_t asn)
{
	return ((const struct web_auth *)kctx)->asn == asn;
}

static json_t *only_member(const json_t *arr, uint64_t asn)
{
	json_t *out = json_array(), *e;
	size_t i;

	if (out && json_is_array(arr))
		json_array_foreach(arr, i, e)
			if (jget_has_num(e, "asnum") && jget_u64(e, "asnum") == asn)
				json_array_append(out, e);
	return out;
}

/* 401 without a valid token, 403 with a member token that is not enough. */
static enum MHD_Result refuse(struct MHD_Connection *c, struct web_server *ws,
    const struct web_auth *a, const char *what)
{
	char msg[200];

	if (a->role == WEB_ROLE_MEMBER) {
		snprintf(msg, sizeof(msg), "This token opens AS%" PRIu64 "'s page, graphs and "
		    "data only.", a->asn);
		return send_error(c, ws, MHD_HTTP_FORBIDDEN, "Not your member", msg);
	}
	snprintf(msg, sizeof(msg), "%s needs a token: Authorization: Bearer TOKEN, "
	    "or ?token=TOKEN (the NOC's, or the member's own).", what);
	return send_error(c, ws, MHD_HTTP_UNAUTHORIZED, "Token required", msg);
}

/* The acknowledgement's id check (web/alert_ack.h) reads the cached state. */
static json_t *ack_state(void *cls)
{
	struct stat sb;
	char err[300];

	return state_get(cls, &sb, err, sizeof(err));
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct web_server *ws = cls;
	struct page_ctx pc = {0};
	struct web_route r;
	struct web_auth auth;
	struct stat sb;
	json_t *st;
	char err[300], qbuf[WEB_TOKEN_MAX + 2], *body = NULL;
	size_t len = 0;
	enum MHD_Result rc;
	const char *q;
	int is_get;

	(void)version;
	if (strcmp(url, ALERT_ACK_PATH) == 0) { /* the one POST: alert_ack.h */
		struct MHD_Response *resp;
		unsigned status;

		if ((resp = alert_ack_request(c, method, upload_data, upload_data_size,
		    con_cls, ws->token, ws->dirfd, ack_state, ws, &status)) == NULL)
			return *con_cls ? MHD_YES : MHD_NO;
		secure_headers(resp, "application/json", 0);
		rc = MHD_queue_response(c, status, resp);
		MHD_destroy_response(resp);
		return rc;
	}
	is_get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
	    strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	if (!is_get) {
		*upload_data_size = 0; /* a body is not read, the connection closes */
		return send_error(c, ws, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed",
		    "This server only answers GET and HEAD.");
	}
	/*
	 * The first call only sees the headers.  Answering a GET there makes
	 * MHD close the connection (it cannot know the request is complete):
	 * wait for the second call, so keep-alive works.  Any other method is
	 * refused at once, before a body is read (MHD then closes).
	 */
	if (*con_cls == NULL && is_get) {
		static int seen;
		const union MHD_ConnectionInfo *ci;
		const char *cl, *te;

		/* The head is in: the request deadline no longer applies. */
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		if (ci && ci->socket_context) {
			struct web_conn *wc = ci->socket_context;

			pthread_mutex_lock(&ws->conn_lock);
			wc->busy = 1;
			pthread_mutex_unlock(&ws->conn_lock);
		}
		/*
		 * A GET or HEAD with a body: answer now, with a status line (MHD
		 * cannot queue a response while a body is being received, and
		 * then closes after it).  Content-Length: 0 is no body.
		 */
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
		if (te != NULL || (cl != NULL && strspn(cl, "0") != strlen(cl))) {
			char *end;
			unsigned long long n;

			errno = 0;
			n = cl ? strtoull(cl, &end, 10) : 0;
			*upload_data_size = 0;
			if (te == NULL && (errno == ERANGE || n > WEB_BODY_MAX))
				return send_error(c, ws, MHD_HTTP_CONTENT_TOO_LARGE,
				    "Request body too large", "GET and HEAD take no body.");
			return send_error(c, ws, MHD_HTTP_BAD_REQUEST, "Bad request",
			    "GET and HEAD take no body.");
		}
		*con_cls = &seen;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		/* not reached (bodies are refused above); never leave data unread */
		*upload_data_size = 0;
		return MHD_YES;
	}
	web_route(url, &r);
	if (r.kind == WEB_R_NOT_FOUND)
		return send_error(c, ws, MHD_HTTP_NOT_FOUND, "Not found", "No such page.");
	if (r.kind == WEB_R_STATIC) {
		const struct web_static *s = web_static_find(r.file);

		return send_static(c, s);
	}
	who(c, ws, &auth, qbuf, sizeof(qbuf), &q);
	if (r.kind == WEB_R_GRAPH) {
		uint64_t gasn;

		/* a member's graphs are its traffic over time: its token or the NOC's */
		if (web_graph_member_asn(r.file, &gasn) && !web_auth_sees_member(&auth, gasn))
			return refuse(c, ws, &auth, "This graph");
		return send_graph(c, ws, r.file);
	}
	switch (r.kind) {
	case WEB_R_MEMBER:
		if (!web_auth_sees_member(&auth, r.asn))
			return refuse(c, ws, &auth, "This member page");
		break;
	case WEB_R_API_MEMBERS:
	case WEB_R_API_MEMBERS_CSV:
	case WEB_R_API_ALERTS:
		if (auth.role == WEB_ROLE_PUBLIC)
			return refuse(c, ws, &auth, "This API");
		break;
	case WEB_R_NOC:
	case WEB_R_API_REPORT:
	case WEB_R_METRICS:
	case WEB_R_RECONCILIATION:
	case WEB_R_API_RECONCILIATION_CSV:
		if (auth.role != WEB_ROLE_NOC)
			return refuse(c, ws, &auth, "This page");
		break;
	default: /* /ipv6, /api/ipv6: public */
		break;
	}
	if ((st = state_get(ws, &sb, err, sizeof(err))) == NULL)
		return send_error(c, ws, MHD_HTTP_SERVICE_UNAVAILABLE, "No state yet", err);

	pc.graph_exists = graph_exists_at;
	pc.graph_cls = ws;
	pc.refresh = ws->refresh;
	pc.mtime = (int64_t)sb.st_mtim.tv_sec;
	pc.now = (int64_t)time(NULL);
	pc.auth = auth;
	pc.ranking = ws->ranking;
	/* Keep the token in links only if the client put it in the URL. */
	pc.token = q;
	switch (r.kind) {
	case WEB_R_NOC:
		body = page_noc(st, &pc, &len);
		rc = send_body(c, MHD_HTTP_OK, body, len, "text/html; charset=utf-8", 0);
		break;
	case WEB_R_IPV6:
		body = page_ipv6(st, &pc, &len);
		rc = send_body(c, MHD_HTTP_OK, body, len, "text/html; charset=utf-8", 0);
		break;
	case WEB_R_MEMBER:
		if (page_find_member(st, r.asn) == NULL) {
			rc = send_error(c, ws, MHD_HTTP_NOT_FOUND, "Not found", "No member with this AS number.");
			break;
		}
		body = page_member(st, r.asn, &pc, &len);
		rc = send_body(c, MHD_HTTP_OK, body, len, "text/html; charset=utf-8", 0);
		break;
	case WEB_R_RECONCILIATION:
		body = page_reconciliation(st, &pc, &len);
		rc = send_body(c, MHD_HTTP_OK, body, len, "text/html; charset=utf-8", 0);
		break;
	case WEB_R_API_REPORT:
		rc = send_json(c, st);
		break;
	case WEB_R_API_IPV6: {
		json_t *v = pages_ipv6_json(st, &pc);

		rc = v ? send_json(c, v) : send_body(c, 500, NULL, 0, NULL, 0);
		json_decref(v);
		break;
	}
	case WEB_R_API_MEMBERS:
	case WEB_R_API_ALERTS: {
		json_t *v = json_object_get(st, r.kind == WEB_R_API_MEMBERS ?
		    "members" : "alerts"), *mine = NULL, *empty = json_array();

		/* a member sees its own entry and the alerts about it, no one else's */
		if (auth.role == WEB_ROLE_MEMBER)
			v = mine = only_member(v, auth.asn);
		rc = send_json(c, json_is_array(v) ? v : empty);
		json_decref(mine);
		json_decref(empty);
		break;
	}
	case WEB_R_API_MEMBERS_CSV:
	case WEB_R_API_RECONCILIATION_CSV: {
		struct wbuf b;

		wbuf_init(&b, WBUF_MAX);
		if (r.kind == WEB_R_API_MEMBERS_CSV) /* a member: its own row */
			csv_members(st, auth.role == WEB_ROLE_MEMBER ? csv_keep_member : NULL,
			    &auth, csv_to_wbuf, &b);
		else if (csv_reconciliation(st, csv_to_wbuf, &b) < 0)
			csv_row(csv_to_wbuf, &b, recon_csv_header, RC_NCOL);
		body = wbuf_finish(&b, &len);
		rc = body ? send_body(c, MHD_HTTP_OK, body, len, "text/csv; charset=utf-8; header=present", 0)
			  : send_body(c, 500, NULL, 0, NULL, 0);
		break;
	}
	case WEB_R_METRICS:
		body = metrics_text(st, pc.mtime, &len);
		rc = send_body(c, MHD_HTTP_OK, body, len, "text/plain; version=0.0.4; charset=utf-8", 0);
		break;
	default:
		rc = send_error(c, ws, MHD_HTTP_NOT_FOUND, "Not found", "No such page.");
	}
	json_decref(st);
	return rc;
}

/* ---- request deadline (see the limits above) ---- */

static void mono_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static void notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct web_server *ws = cls;
	struct web_conn *wc;
	const union MHD_ConnectionInfo *ci;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL || (wc = calloc(1, sizeof(*wc))) == NULL)
			return; /* no deadline for this one: the idle timeout still holds */
		wc->fd = ci->connect_fd;
		mono_now(&wc->start);
		pthread_mutex_lock(&ws->conn_lock);
		wc->next = ws->conns;
		if (ws->conns)
			ws->conns->prev = wc;
		ws->conns = wc;
		pthread_mutex_unlock(&ws->conn_lock);
		*socket_context = wc;
		return;
	}
	/* CLOSED: called before MHD closes the descriptor */
	if ((wc = *socket_context) == NULL)
		return;
	pthread_mutex_lock(&ws->conn_lock);
	if (wc->prev)
		wc->prev->next = wc->next;
	else
		ws->conns = wc->next;
	if (wc->next)
		wc->next->prev = wc->prev;
	pthread_mutex_unlock(&ws->conn_lock);
	free(wc);
	*socket_context = NULL;
}

/* A request is done (answered or aborted): the next one gets a new deadline. */
static void notify_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct web_server *ws = cls;
	const union MHD_ConnectionInfo *ci;

	(void)toe;
	alert_ack_completed(con_cls);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci && ci->socket_context) {
		struct web_conn *wc = ci->socket_context;

		pthread_mutex_lock(&ws->conn_lock);
		wc->busy = 0;
		mono_now(&wc->start);
		pthread_mutex_unlock(&ws->conn_lock);
	}
}

static void *reaper_main(void *arg)
{
	struct web_server *ws = arg;
	struct web_conn *wc;
	struct timespec now, wake;

	pthread_mutex_lock(&ws->conn_lock);
	while (!ws->stop) {
		clock_gettime(CLOCK_MONOTONIC, &wake);
		wake.tv_sec += 1;
		pthread_cond_timedwait(&ws->conn_cond, &ws->conn_lock, &wake);
		if (ws->stop)
			break;
		mono_now(&now);
		for (wc = ws->conns; wc; wc = wc->next) {
			if (wc->busy || wc->shut)
				continue;
			if ((now.tv_sec - wc->start.tv_sec) * 1000000000LL +
			    (now.tv_nsec - wc->start.tv_nsec) >= WEB_REQ_DEADLINE * 1000000000LL) {
				/* the descriptor is still MHD's: we hold the list lock */
				shutdown(wc->fd, SHUT_RDWR);
				wc->shut = 1;
				log_debug("http: request not complete after %d s, closing", WEB_REQ_DEADLINE);
			}
		}
	}
	pthread_mutex_unlock(&ws->conn_lock);
	return NULL;
}

/* MHD's own messages are about clients (bad requests, timeouts): debug only. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_debug("http: %s", line);
}

static int listen_socket(const char *spec, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1;

	if (web_parse_listen(spec, &ss, &sl, err, errlen) < 0)
		return -1;
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0) {
		snprintf(err, errlen, "--http %s: socket: %s", spec, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* [::]:P means IPv6 only; 0.0.0.0:P is a separate, explicit choice. */
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		snprintf(err, errlen, "--http %s: cannot listen: %s%s", spec, strerror(errno),
		    errno == EADDRINUSE ? " (another program has this port)" :
		    errno == EADDRNOTAVAIL ? " (no local interface has this address)" :
		    errno == EACCES ? " (ports below 1024 need privileges)" : "");
		close(fd);
		return -1;
	}
	if (listen(fd, 128) < 0) {
		snprintf(err, errlen, "--http %s: listen: %s", spec, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

struct web_server *web_start(const struct web_opts *o, char *err, size_t errlen)
{
	struct web_server *ws;
	int fd;

	if (o->token && web_token_ok(o->token) < 0) {
		snprintf(err, errlen, "token: must be 1 to %d characters of A-Z a-z 0-9 . _ ~ + / = -",
		    WEB_TOKEN_MAX);
		return NULL;
	}
	if (o->token && web_access_init() < 0) {
		snprintf(err, errlen, "token: libgcrypt did not initialise (member tokens need HMAC-SHA256)");
		return NULL;
	}
	if ((ws = calloc(1, sizeof(*ws))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&ws->lock, NULL);
	pthread_mutex_init(&ws->conn_lock, NULL);
	{
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&ws->conn_cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	ws->dirfd = -1;
	ws->refresh = o->refresh > 0 ? o->refresh : 60;
	if ((ws->dirfd = open(o->state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "state dir %s: %s", o->state_dir, strerror(errno));
		goto fail;
	}
	if ((ws->ranking = strdup(o->ipv6_ranking ? o->ipv6_ranking : "none")) == NULL ||
	    (o->token && (ws->token = strdup(o->token)) == NULL)) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((fd = listen_socket(o->listen ? o->listen : WEB_DEFAULT_LISTEN, err, errlen)) < 0)
		goto fail;
	ws->d = MHD_start_daemon(MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL,
	    NULL, handle, ws,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)WEB_CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)WEB_CONN_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)WEB_PER_IP_LIMIT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY,
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_UNESCAPE_CALLBACK, mhd_unescape, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, notify_conn, ws,
	    MHD_OPTION_NOTIFY_COMPLETED, notify_completed, ws,
	    MHD_OPTION_END);
	if (ws->d == NULL) {
		snprintf(err, errlen, "--http %s: the HTTP server did not start",
		    o->listen ? o->listen : WEB_DEFAULT_LISTEN);
		close(fd);
		goto fail;
	}
	if (pthread_create(&ws->reaper, NULL, reaper_main, ws) != 0) {
		snprintf(err, errlen, "--http: cannot start the request-deadline thread");
		MHD_stop_daemon(ws->d);
		goto fail;
	}
	ws->reaper_started = 1;
	return ws;
fail:
	if (ws->dirfd >= 0)
		close(ws->dirfd);
	free(ws->token);
	free(ws->ranking);
	pthread_mutex_destroy(&ws->lock);
	pthread_mutex_destroy(&ws->conn_lock);
	pthread_cond_destroy(&ws->conn_cond);
	free(ws);
	return NULL;
}

void web_stop(struct web_server *ws)
{
	if (ws == NULL)
		return;
	if (ws->reaper_started) {
		pthread_mutex_lock(&ws->conn_lock);
		ws->stop = 1;
		pthread_cond_signal(&ws->conn_cond);
		pthread_mutex_unlock(&ws->conn_lock);
		pthread_join(ws->reaper, NULL);
	}
	/* MHD_stop_daemon closes the listen socket we passed in (and notifies
	 * CLOSED for every connection left, which empties ws->conns). */
	MHD_stop_daemon(ws->d);
	json_decref(ws->state);
	close(ws->dirfd);
	free(ws->token);
	free(ws->ranking);
	pthread_mutex_destroy(&ws->lock);
	pthread_mutex_destroy(&ws->conn_lock);
	pthread_cond_destroy(&ws->conn_cond);
	free(ws);
}
