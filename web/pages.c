/*
 * pages.c - server-rendered HTML5 for the NOC, the IPv6 adoption page and
 * one page per member (design note in pages.h).
 *
 * Rules every generator follows:
 * - Every string that comes from the state goes through wbuf_html(): member
 *   names, vendors and alert details come from an IX-F export, OUI data and
 *   frames on the wire, all untrusted.  Numbers are formatted here.
 * - No JavaScript, no inline style (the server sends Content-Security-Policy
 *   default-src 'self', which forbids both): bars are inline SVG with
 *   presentation attributes and classes from the compiled-in stylesheet, the
 *   NOC wall refresh is <meta http-equiv="refresh">, and "earlier alerts"
 *   fold in a <details> element.
 * - Links are absolute ("/members/64500") for the server and relative
 *   ("members/64500.html", "../index.html") for static output, so a copy of
 *   the directory opened from file:// works.
 * - The state may be any JSON: missing parts are shown as "-" or left out,
 *   never trusted to have a type (jget.h).
 * - One IPv6 share, the report's: LAN-wide IPv6 / every ethertype; per
 *   member IPv6 / (IPv4 + IPv6) of what it sends (the report counts only
 *   those two per member).  Taken from the state's `ipv6_share` when there,
 *   computed the same way when not, and stated on every page.  Sampled
 *   shares carry `ci95`, the half-width of the 95 % confidence interval:
 *   shown as "27 % ± 3", with no more decimals than the interval allows.
 * - Who is looking (page_ctx.auth): a member's applications, BGP peers
 *   and the links to its page appear only for the NOC or that member; the
 *   public /ipv6 page names only the members web.ipv6_ranking lists.
 * - One timestamp format, "2026-12-03 14:05:07Z", with "N min ago" when
 *   the page knows the time.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"
#include "common/fmt.h"
#include "common/jget.h"
#include "common/version.h"
#include "graphs/graph_render.h"
#include "web/pages.h"
#include "web/wbuf.h"

#define MAX_ALERT_ROWS 200   /* per table: a flood must not make a 16 MiB page */
#define MAX_RANKED     100000

static const char *const periods[] = {"day", "week", "month", "year", NULL};

static const char *const status_help[][2] = {
	{"active", "registered with the IXP and seen sending IPv6 (ND or traffic) on the LAN"},
	{"silent", "registered for IPv6 but never seen using it: a configuration to finish, or IPv6 turned off"},
	{"unregistered", "seen using IPv6 on the LAN without a registered address: tell the IXP so it can be announced and monitored"},
	{"none", "no IPv6 registered and none seen"},
	{NULL, NULL},
};

/* ---- small formatters ---- */

/* 1234567 -> "1 234 567" (narrow no-break space as the group separator). */
static void put_count(struct wbuf *b, uint64_t v)
{
	char d[24];
	int n = snprintf(d, sizeof(d), "%" PRIu64, v), i;

	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			wbuf_puts(b, "&#8239;");
		wbuf_put(b, &d[i], 1);
	}
}

/* SI bytes: 1.21 MB. */
static void put_bytes(struct wbuf *b, uint64_t v)
{
	static const char *const u[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
	double d = (double)v;
	int i = 0;

	while (d >= 1000 && i < 6) {
		d /= 1000;
		i++;
	}
	if (i == 0)
		wbuf_printf(b, "%" PRIu64 "&nbsp;B", v);
	else
		wbuf_printf(b, "%.*f&nbsp;%s", d < 10 ? 2 : d < 100 ? 1 : 0, d, u[i]);
}

/* " ± N" after a sampled count (frames, or bytes in SI); nothing when exact. */
static void put_count_ci(struct wbuf *b, const json_t *ci, int bytes)
{
	double v = json_number_value(ci);

	if (!json_is_number(ci) || !isfinite(v) || v <= 0)
		return;
	wbuf_puts(b, " <span class=\"ci\">&plusmn;&nbsp;");
	if (bytes)
		put_bytes(b, (uint64_t)(v + 0.5));
	else
		put_count(b, (uint64_t)(v + 0.5));
	wbuf_puts(b, "</span>");
}

static double clamp01(double v)
{
	return isfinite(v) && v > 0 ? (v > 1 ? 1 : v) : 0;
}

static void put_pct(struct wbuf *b, double share)
{
	wbuf_printf(b, "%.1f&nbsp;%%", 100 * clamp01(share));
}

/*
 * A share with its 95 % interval (`ci` < 0: exact): as many decimals as
 * the interval's first significant digit, at most two: +-3 points shows
 * "27 % ± 3", +-0.4 "27.4 % ± 0.4".
 */
static void put_share(struct wbuf *b, double share, double ci)
{
	double h;
	int d;

	if (!(ci >= 0) || !isfinite(ci)) {
		put_pct(b, share);
		return;
	}
	h = 100 * (ci > 1 ? 1 : ci);
	d = h >= 0.95 ? 0 : h >= 0.095 ? 1 : 2;
	wbuf_printf(b, "%.*f&nbsp;%% <span class=\"ci\">&plusmn;&nbsp;%.*f</span>", d,
	    100 * clamp01(share), d, h);
}

/* Bits per second, SI (a rate is never shown in bytes: the operators' unit). */
static void put_rate(struct wbuf *b, double bps)
{
	static const char *const u[] = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
	int i = 0;

	if (!isfinite(bps) || bps < 0)
		bps = 0;
	while (bps >= 1000 && i < 4) {
		bps /= 1000;
		i++;
	}
	wbuf_printf(b, "%.*f&nbsp;%s", i == 0 || bps >= 100 ? 0 : bps >= 10 ? 1 : 2, bps, u[i]);
}

/* "2026-12-03 14:05:07Z" and, when the page knows the time, "(3 min ago)". */
static void put_time(struct wbuf *b, const struct page_ctx *c, int64_t sec)
{
	char ts[FMT_TS_LEN];
	int64_t ago;

	fmt_rfc3339(ts, sec, 0);       /* 2026-12-03T14:05:07Z */
	if (strlen(ts) >= 20 && ts[10] == 'T')
		ts[10] = ' ';
	wbuf_html(b, ts);
	if (c == NULL || c->now <= 0)
		return;
	ago = c->now - sec;
	if (ago < 0)
		wbuf_puts(b, " <span class=\"ago\">(in the future)</span>");
	else if (ago < 120)
		wbuf_printf(b, " <span class=\"ago\">(%" PRId64 " s ago)</span>", ago);
	else if (ago < 120 * 60)
		wbuf_printf(b, " <span class=\"ago\">(%" PRId64 " min ago)</span>", ago / 60);
	else if (ago < 48 * 3600)
		wbuf_printf(b, " <span class=\"ago\">(%" PRId64 " h ago)</span>", ago / 3600);
	else
		wbuf_printf(b, " <span class=\"ago\">(%" PRId64 " days ago)</span>", ago / 86400);
}

/* An RFC 3339 string from the state in the one format; as given if it does not parse. */
static void put_ts(struct wbuf *b, const struct page_ctx *c, const char *s)
{
	int64_t sec;
	uint32_t nsec;

	if (s == NULL || *s == '\0') {
		wbuf_puts(b, "&ndash;");
		return;
	}
	if (fmt_parse_rfc3339(s, &sec, &nsec) < 0) {
		wbuf_html(b, s);
		return;
	}
	put_time(b, c, sec);
}

/* The one-line definition every page carries next to its shares. */
static void share_definition(struct wbuf *b)
{
	wbuf_puts(b, "<p class=\"note defn\">IPv6 share: IPv6 bytes (ethertype 0x86dd; tunnelled "
	    "IPv6 counts as IPv4) over all bytes on the LAN, every ethertype; per member, over its "
	    "IPv4 + IPv6 bytes. &plusmn; is the 95&nbsp;% interval of sampled data.</p>\n");
}

/* May the viewer see member `asn`'s page (and so be given a link to it)? */
static int sees(const struct page_ctx *c, uint64_t asn)
{
	return web_auth_sees_member(&c->auth, asn);
}

/* A v4/v6 bar: inline SVG, no style attribute (CSP). */
static void put_bar(struct wbuf *b, double share, const char *cls)
{
	wbuf_printf(b,
	    "<svg class=\"bar %s\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
	    "aria-hidden=\"true\"><rect class=\"v4\" width=\"100\" height=\"10\"/>"
	    "<rect class=\"v6\" width=\"%.2f\" height=\"10\"/></svg>",
	    cls, 100 * clamp01(share));
}

static void put_str(struct wbuf *b, const char *s)
{
	if (s && *s)
		wbuf_html(b, s);
	else
		wbuf_puts(b, "&ndash;");
}

/* Only known statuses become class names; anything else is "unknown". */
static const char *status_class(const char *s)
{
	int i;

	for (i = 0; s && status_help[i][0]; i++)
		if (strcmp(s, status_help[i][0]) == 0)
			return status_help[i][0];
	return "unknown";
}

static void put_badge(struct wbuf *b, const char *status)
{
	wbuf_printf(b, "<span class=\"badge st-%s\">", status_class(status));
	put_str(b, status);
	wbuf_puts(b, "</span>");
}

static const char *sev_class(const char *s)
{
	if (s && (strcmp(s, "critical") == 0 || strcmp(s, "warning") == 0 ||
	    strcmp(s, "notice") == 0))
		return s;
	return "unknown";
}

/* ---- links ---- */

static void put_token_query(struct wbuf *b, const struct page_ctx *c);

/* page: "" (NOC), "ipv6", "reconciliation", "api/report", "metrics" */
static void href_root(struct wbuf *b, const struct page_ctx *c, const char *page)
{
	if (c->static_html) {
		wbuf_printf(b, "%s%s.html", c->rel ? c->rel : "", *page ? page : "index");
		return;
	}
	wbuf_printf(b, "/%s", page);
	/* the NOC browsing with ?token= keeps it from page to page */
	if (strcmp(page, "ipv6") != 0)
		put_token_query(b, c);
}

/*
 * "?token=..." when the viewer's token came in the URL (server pages only):
 * all but the unreserved characters percent-encoded, since a raw '+' would
 * come back as a space (query form encoding), and the result needs no
 * HTML escaping.
 */
static void put_token_query(struct wbuf *b, const struct page_ctx *c)
{
	const char *t;

	if (c->token == NULL || c->static_html)
		return;
	wbuf_puts(b, "?token=");
	for (t = c->token; *t; t++) {
		if ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		    (*t >= '0' && *t <= '9') || strchr("._~-", *t))
			wbuf_printf(b, "%c", *t);
		else
			wbuf_printf(b, "%%%02X", (unsigned)(unsigned char)*t);
	}
}

static void href_member(struct wbuf *b, const struct page_ctx *c, uint64_t asn)
{
	if (c->static_html) {
		wbuf_printf(b, "%smembers/%" PRIu64 ".html", c->rel ? c->rel : "", asn);
		return;
	}
	wbuf_printf(b, "/members/%" PRIu64, asn);
	put_token_query(b, c);
}

static void href_static(struct wbuf *b, const struct page_ctx *c, const char *dir,
    const char *file)
{
	if (c->static_html)
		wbuf_printf(b, "%s%s/", c->rel ? c->rel : "", dir);
	else
		wbuf_printf(b, "/%s/", dir);
	wbuf_html(b, file);
}

static int graph_exists(const struct page_ctx *c, const char *file)
{
	return c->graph_exists && c->graph_exists(c->graph_cls, file);
}

/* ---- shared pieces ---- */

static void head(struct wbuf *b, const struct page_ctx *c, const json_t *st,
    const char *title, const char *active)
{
	const char *ixp = jget_str(st, "registry.ixp");
	static const char *const nav[][2] = {{"", "NOC"}, {"ipv6", "IPv6 adoption"}, {NULL, NULL}};
	int i;

	wbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	if (c->refresh > 0)
		wbuf_printf(b, "<meta http-equiv=\"refresh\" content=\"%d\">\n", c->refresh);
	wbuf_puts(b, "<title>");
	wbuf_html(b, title);
	if (ixp) {
		wbuf_puts(b, " &middot; ");
		wbuf_html(b, ixp);
	}
	wbuf_puts(b, " &middot; ixmon</title>\n<link rel=\"stylesheet\" href=\"");
	href_static(b, c, "static", "ixmon.css");
	wbuf_puts(b, "\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
	href_static(b, c, "static", "favicon.svg");
	wbuf_puts(b, "\">\n</head>\n<body>\n<header class=\"top\">\n<a class=\"brand\" href=\"");
	href_root(b, c, c->auth.role == WEB_ROLE_NOC ? "" : "ipv6");
	wbuf_puts(b, "\"><span class=\"logo\">ix</span>mon</a>\n<span class=\"ixp\">");
	put_str(b, ixp);
	wbuf_puts(b, jget_str(st, "registry.vlan.name") ? " &middot; " : "");
	wbuf_html(b, jget_str(st, "registry.vlan.name"));
	wbuf_puts(b, "</span>\n<nav>");
	for (i = 0; nav[i][0]; i++) {
		if (*nav[i][0] == '\0' && c->auth.role != WEB_ROLE_NOC)
			continue; /* the NOC page is the NOC's */
		wbuf_puts(b, "<a href=\"");
		href_root(b, c, nav[i][0]);
		wbuf_printf(b, "\"%s>%s</a>", strcmp(active, nav[i][0]) == 0 ?
		    " class=\"active\" aria-current=\"page\"" : "", nav[i][1]);
	}
	if (c->auth.role == WEB_ROLE_NOC) {
		wbuf_puts(b, "<a href=\"");
		href_root(b, c, "reconciliation");
		wbuf_printf(b, "\"%s>Registry</a>", strcmp(active, "reconciliation") == 0 ?
		    " class=\"active\" aria-current=\"page\"" : "");
	}
	if (!c->static_html && c->auth.role == WEB_ROLE_NOC) {
		wbuf_puts(b, "<a href=\"");
		href_root(b, c, "api/report");
		wbuf_puts(b, "\">JSON</a><a href=\"");
		href_root(b, c, "metrics");
		wbuf_puts(b, "\">metrics</a>");
	}
	wbuf_puts(b, "</nav>\n</header>\n<main>\n");
}

static void foot(struct wbuf *b, const struct page_ctx *c, const json_t *st)
{
	wbuf_puts(b, "</main>\n<footer>ixmon " IXMON_VERSION);
	if (c->mtime > 0) {
		wbuf_puts(b, " &middot; state written ");
		put_time(b, c, c->mtime);
	}
	if (jget_str(st, "input.last_ts")) {
		wbuf_puts(b, " &middot; last frame ");
		put_ts(b, c, jget_str(st, "input.last_ts"));
	}
	if (jget_str(st, "window.start") && jget_str(st, "window.end")) {
		wbuf_puts(b, " &middot; last interval ");
		put_ts(b, NULL, jget_str(st, "window.start"));
		wbuf_puts(b, " &ndash; ");
		put_ts(b, NULL, jget_str(st, "window.end"));
	}
	if (c->refresh > 0)
		wbuf_printf(b, " &middot; refreshes every %d s", c->refresh);
	wbuf_puts(b, "</footer>\n</body>\n</html>\n");
}

/* One figure per existing graph `prefix`-day, with links to other periods. */
static int graph_figure(struct wbuf *b, const struct page_ctx *c,
    const char *prefix, const char *title)
{
	char file[96], big[96];
	const char *ext = "png";
	int i, member;

	snprintf(file, sizeof(file), "%s-day.png", prefix);
	if (!graph_exists(c, file)) {
		snprintf(file, sizeof(file), "%s-day.svg", prefix);
		if (!graph_exists(c, file))
			return 0;
		ext = "svg";
	}
	/* a member's graphs need its token (or the NOC's): the image requests carry it */
	member = strncmp(prefix, "member-", 7) == 0;
	/* a click opens the graph alone, as SVG when there is one: it scales */
	snprintf(big, sizeof(big), "%s-day.svg", prefix);
	if (!graph_exists(c, big))
		snprintf(big, sizeof(big), "%s", file);
	wbuf_puts(b, "<figure class=\"graph\"><a href=\"");
	href_static(b, c, "graphs", big);
	if (member)
		put_token_query(b, c);
	wbuf_puts(b, "\"><img src=\"");
	href_static(b, c, "graphs", file);
	if (member)
		put_token_query(b, c);
	wbuf_puts(b, "\" alt=\"");
	wbuf_html(b, title);
	wbuf_puts(b, ", last day\"></a><figcaption>");
	wbuf_html(b, title);
	for (i = 1; periods[i]; i++) {
		snprintf(file, sizeof(file), "%s-%s.%s", prefix, periods[i], ext);
		if (!graph_exists(c, file))
			continue;
		wbuf_puts(b, " <a href=\"");
		href_static(b, c, "graphs", file);
		if (member)
			put_token_query(b, c);
		wbuf_printf(b, "\">%s</a>", periods[i]);
	}
	wbuf_puts(b, "</figcaption></figure>\n");
	return 1;
}

/* Reference time for "open": the window's end, else the last frame. */
int64_t pages_state_now(const json_t *st)
{
	int64_t sec;
	uint32_t nsec;

	if (jget_str(st, "window.end") &&
	    fmt_parse_rfc3339(jget_str(st, "window.end"), &sec, &nsec) == 0)
		return sec;
	if (jget_str(st, "input.last_ts") &&
	    fmt_parse_rfc3339(jget_str(st, "input.last_ts"), &sec, &nsec) == 0)
		return sec;
	return 0;
}

int pages_alert_open(const json_t *a, int64_t now)
{
	const json_t *open = json_object_get(a, "open");
	int64_t sec;
	uint32_t nsec;

	/* A condition says itself whether it holds; an event by its age. */
	if (json_is_boolean(open))
		return json_is_true(open);
	if (jget_str(a, "last_seen") == NULL ||
	    fmt_parse_rfc3339(jget_str(a, "last_seen"), &sec, &nsec) < 0)
		return 0;
	return now == 0 || sec >= now - PAGES_OPEN_SECS;
}

const json_t *page_find_member(const json_t *st, uint64_t asn)
{
	const json_t *arr = jget(st, "members"), *m;
	size_t i;

	if (!json_is_array(arr))
		return NULL;
	json_array_foreach(arr, i, m)
		if (json_is_object(m) && jget_has_num(m, "asnum") &&
		    jget_u64(m, "asnum") == asn)
			return m;
	return NULL;
}

static void put_member_ref(struct wbuf *b, const struct page_ctx *c,
    const json_t *st, const json_t *asnum)
{
	const json_t *m;
	uint64_t asn;

	if (!json_is_integer(asnum) || json_integer_value(asnum) < 0) {
		wbuf_puts(b, "&ndash;");
		return;
	}
	asn = (uint64_t)json_integer_value(asnum);
	if ((m = page_find_member(st, asn)) != NULL) {
		if (sees(c, asn)) {
			wbuf_puts(b, "<a href=\"");
			href_member(b, c, asn);
			wbuf_printf(b, "\">AS%" PRIu64 "</a> ", asn);
		} else {
			wbuf_printf(b, "AS%" PRIu64 " ", asn);
		}
		wbuf_html(b, jget_str(m, "name"));
	} else {
		wbuf_printf(b, "AS%" PRIu64, asn);
	}
}

/*
 * Alerts table: `open` 1 = open ones, 0 = earlier ones; `asn` filters by
 * member when has_asn.  Returns the number of rows matching (shown or not).
 */
/* Which alerts a table lists: the top banner, the other open ones, the earlier ones. */
enum { SEL_TOP, SEL_OPEN, SEL_EARLIER };

/*
 * A critical alert stays at the top of the page until it has cleared and
 * been acknowledged (an `acknowledged` object on the alert): a rogue RA
 * seen once must not fold away unseen into "earlier alerts".
 */
static int on_top(const json_t *a, int open)
{
	const char *sev = jget_str(a, "severity");

	return sev && strcmp(sev, "critical") == 0 &&
	    (open || !json_is_object(jget(a, "acknowledged")));
}

static size_t alerts_table(struct wbuf *b, const struct page_ctx *c,
    const json_t *st, int sel, int has_asn, uint64_t asn, int dry)
{
	const json_t *arr = jget(st, "alerts"), *a;
	int64_t now = pages_state_now(st);
	size_t i, rows = 0;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, a) {
		int open;

		if (!json_is_object(a))
			continue;
		open = pages_alert_open(a, now);
		if (sel == SEL_TOP ? !on_top(a, open) :
		    on_top(a, open) || open != (sel == SEL_OPEN))
			continue;
		if (has_asn && (!jget_has_num(a, "asnum") || jget_u64(a, "asnum") != asn))
			continue;
		rows++;
		if (dry || rows > MAX_ALERT_ROWS)
			continue;
		if (rows == 1)
			wbuf_puts(b, "<table class=\"alerts\">\n<thead><tr><th>severity</th><th>type</th>"
			    "<th>member</th><th>source</th><th class=\"num\">count</th><th>last seen</th>"
			    "<th>detail</th></tr></thead>\n<tbody>\n");
		wbuf_printf(b, "<tr class=\"sev-%s\"><td><span class=\"sev sev-%s\">",
		    sev_class(jget_str(a, "severity")), sev_class(jget_str(a, "severity")));
		put_str(b, jget_str(a, "severity"));
		wbuf_puts(b, "</span>");
		if (sel == SEL_TOP && !open)
			wbuf_puts(b, "<br><span class=\"badge st-none\">cleared</span>");
		wbuf_puts(b, "</td><td class=\"mono\">");
		put_str(b, jget_str(a, "type"));
		wbuf_puts(b, "</td><td>");
		put_member_ref(b, c, st, jget(a, "asnum"));
		wbuf_puts(b, "</td><td class=\"mono\">");
		put_str(b, jget_str(a, "mac"));
		if (jget_str(a, "ip")) {
			wbuf_puts(b, "<br>");
			wbuf_html(b, jget_str(a, "ip"));
		}
		wbuf_puts(b, "</td><td class=\"num\">");
		put_count(b, jget_u64(a, "count"));
		wbuf_puts(b, "</td><td class=\"mono ts\">");
		put_ts(b, c, jget_str(a, "last_seen"));
		wbuf_puts(b, "</td><td class=\"detail\">");
		put_str(b, jget_str(a, "detail"));
		if (json_is_object(jget(a, "acknowledged"))) {
			wbuf_puts(b, "<br><span class=\"ack\">acknowledged at ");
			put_ts(b, c, jget_str(a, "acknowledged.time"));
			if (jget_str(a, "acknowledged.note") && *jget_str(a, "acknowledged.note")) {
				wbuf_puts(b, ": ");
				wbuf_html(b, jget_str(a, "acknowledged.note"));
			}
			wbuf_puts(b, "</span>");
		}
		wbuf_puts(b, "</td></tr>\n");
	}
	if (!dry && rows > 0)
		wbuf_puts(b, "</tbody>\n</table>\n");
	if (!dry && rows > MAX_ALERT_ROWS)
		wbuf_printf(b, "<p class=\"note\">%zu more not shown: see /api/alerts.</p>\n",
		    rows - MAX_ALERT_ROWS);
	return rows;
}

/*
 * Critical alerts, first thing on the page, until they have cleared and
 * been acknowledged (on_top).  Returns how many.
 */
static size_t critical_banner(struct wbuf *b, const struct page_ctx *c,
    const json_t *st, int has_asn, uint64_t asn)
{
	size_t n = alerts_table(b, c, st, SEL_TOP, has_asn, asn, 1);

	if (n == 0)
		return 0;
	wbuf_printf(b, "<section class=\"critical\">\n<h2>Critical: open, or not yet acknowledged "
	    "<span class=\"count\">%zu</span></h2>\n", n);
	alerts_table(b, c, st, SEL_TOP, has_asn, asn, 0);
	wbuf_puts(b, "</section>\n");
	return n;
}

/* `crit_shown`: the banner above holds the critical ones. */
static void alerts_section(struct wbuf *b, const struct page_ctx *c,
    const json_t *st, int has_asn, uint64_t asn, int crit_shown)
{
	size_t open = alerts_table(b, c, st, SEL_OPEN, has_asn, asn, 1);
	size_t old = alerts_table(b, c, st, SEL_EARLIER, has_asn, asn, 1);

	wbuf_printf(b, "<section>\n<h2>Open alerts%s <span class=\"count\">%zu</span></h2>\n",
	    crit_shown ? " (critical ones above)" : "", open);
	if (open == 0)
		wbuf_puts(b, crit_shown ? "<p class=\"note\">No other open alerts.</p>\n" :
		    "<p class=\"ok\">No open alerts.</p>\n");
	else
		alerts_table(b, c, st, SEL_OPEN, has_asn, asn, 0);
	if (old > 0) {
		wbuf_printf(b, "<details><summary>Earlier alerts (quiet for more than %d min): %zu</summary>\n",
		    PAGES_OPEN_SECS / 60, old);
		alerts_table(b, c, st, SEL_EARLIER, has_asn, asn, 0);
		wbuf_puts(b, "</details>\n");
	}
	wbuf_puts(b, "</section>\n");
}

double pages_v6_share(const json_t *m)
{
	double v4 = (double)jget_u64(m, "traffic.ipv4.bytes");
	double v6 = (double)jget_u64(m, "traffic.ipv6.bytes");

	if (jget_has_num(m, "ipv6_share.bytes"))
		return clamp01(jget_num(m, "ipv6_share.bytes", 0));
	return v4 + v6 > 0 ? v6 / (v4 + v6) : 0;
}

double pages_ci95(const json_t *obj, const char *path)
{
	return jget_has_num(obj, path) ? jget_num(obj, path, -1) : -1;
}

/*
 * qsort has no context argument; thread-local so `run --http` (MHD thread)
 * and a --write-html on another thread never share it.
 */
static _Thread_local const json_t *rank_members;

static int rank_cmp(const void *pa, const void *pb)
{
	const json_t *a = json_array_get(rank_members, *(const size_t *)pa);
	const json_t *b = json_array_get(rank_members, *(const size_t *)pb);
	double sa = pages_v6_share(a), sb = pages_v6_share(b);
	uint64_t ba = jget_u64(a, "traffic.ipv6.bytes"), bb = jget_u64(b, "traffic.ipv6.bytes");
	uint64_t aa = jget_u64(a, "asnum"), ab = jget_u64(b, "asnum");

	if (sa != sb)
		return sa > sb ? -1 : 1;
	if (ba != bb)
		return ba > bb ? -1 : 1;
	if (aa != ab)
		return aa < ab ? -1 : 1;
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

size_t pages_rank(const json_t *st, size_t *order, size_t max)
{
	const json_t *arr = jget(st, "members"), *m;
	size_t i, n = 0;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, m)
		if (json_is_object(m) && n < max)
			order[n++] = i;
	rank_members = arr;
	qsort(order, n, sizeof(*order), rank_cmp);
	rank_members = NULL;
	return n;
}

/* Frames or bytes (`unit`) of every ethertype under `base` ("" or "window"). */
static uint64_t total_of(const json_t *st, const char *base, const char *unit)
{
	static const char *const e[] = {"ipv4", "ipv6", "arp", "other"};
	char path[64];
	uint64_t t = 0;
	int i;

	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s%sethertype.%s.%s", base,
		    *base ? "." : "", e[i], unit);
		t += jget_u64(st, path);
	}
	return t;
}

/* Length of the last interval in seconds (window.start..end), 0 if unknown. */
static double window_secs(const json_t *st)
{
	int64_t a, z;
	uint32_t an, zn;

	if (jget_str(st, "window.start") == NULL || jget_str(st, "window.end") == NULL ||
	    fmt_parse_rfc3339(jget_str(st, "window.start"), &a, &an) < 0 ||
	    fmt_parse_rfc3339(jget_str(st, "window.end"), &z, &zn) < 0 || z <= a)
		return 0;
	return (double)(z - a) + ((double)zn - (double)an) / 1e9;
}

/* bits/s of `bytes` over the last interval, or "-" when it has no length. */
static void put_window_rate(struct wbuf *b, const json_t *st, uint64_t bytes)
{
	double secs = window_secs(st);

	if (secs > 0)
		put_rate(b, 8.0 * (double)bytes / secs);
	else
		wbuf_puts(b, "&ndash;");
}

/*
 * A headline tile: IPv6 share of bytes and frames for one scope ("" since
 * the start, "window" the last interval: then with rates in bits/s).
 */
static void share_tile(struct wbuf *b, const json_t *st, const char *base,
    const char *title)
{
	char pb[64], pf[64], p6[64], cb[64], cf[64];
	int win = *base != '\0';

	snprintf(pb, sizeof(pb), "%s%sipv6_share.bytes", base, win ? "." : "");
	snprintf(pf, sizeof(pf), "%s%sipv6_share.frames", base, win ? "." : "");
	snprintf(cb, sizeof(cb), "%s%sipv6_share.ci95.bytes", base, win ? "." : "");
	snprintf(cf, sizeof(cf), "%s%sipv6_share.ci95.frames", base, win ? "." : "");
	snprintf(p6, sizeof(p6), "%s%sethertype.ipv6.bytes", base, win ? "." : "");
	wbuf_puts(b, "<div class=\"tile\"><h3>");
	wbuf_html(b, title);
	wbuf_puts(b, "</h3><p class=\"big\">");
	if (jget_has_num(st, pb))
		put_share(b, jget_num(st, pb, 0), pages_ci95(st, cb));
	else
		wbuf_puts(b, "&ndash;");
	wbuf_puts(b, "</p><p class=\"sub\">IPv6 of bytes</p>");
	put_bar(b, jget_num(st, pb, 0), "wide");
	wbuf_puts(b, "<p class=\"sub\">");
	if (win) {
		put_window_rate(b, st, jget_u64(st, p6));
		wbuf_puts(b, " IPv6 of ");
		put_window_rate(b, st, total_of(st, base, "bytes"));
		wbuf_puts(b, " (");
		put_bytes(b, jget_u64(st, p6));
		wbuf_puts(b, " of ");
		put_bytes(b, total_of(st, base, "bytes"));
		wbuf_printf(b, " in %.0f&nbsp;s)", window_secs(st));
	} else {
		put_bytes(b, jget_u64(st, p6));
		wbuf_puts(b, " IPv6 of ");
		put_bytes(b, total_of(st, base, "bytes"));
	}
	wbuf_puts(b, "<br>");
	if (jget_has_num(st, pf))
		put_share(b, jget_num(st, pf, 0), pages_ci95(st, cf));
	else
		wbuf_puts(b, "&ndash;");
	wbuf_puts(b, " of ");
	put_count(b, total_of(st, base, "frames"));
	wbuf_puts(b, " frames</p></div>\n");
}

static void ethertype_table(struct wbuf *b, const json_t *st)
{
	static const char *const e[][2] = {{"ipv4", "IPv4 (0x0800)"}, {"ipv6", "IPv6 (0x86dd)"},
	    {"arp", "ARP (0x0806)"}, {"other", "other"}, {NULL, NULL}};
	char pf[48], pb[48];
	int i;

	wbuf_puts(b, "<table class=\"compact\"><thead><tr><th>ethertype</th><th class=\"num\">frames</th>"
	    "<th class=\"num\">bytes</th></tr></thead><tbody>\n");
	for (i = 0; e[i][0]; i++) {
		snprintf(pf, sizeof(pf), "ethertype.%s.frames", e[i][0]);
		snprintf(pb, sizeof(pb), "ethertype.%s.bytes", e[i][0]);
		wbuf_printf(b, "<tr><td>%s</td><td class=\"num\">", e[i][1]);
		put_count(b, jget_u64(st, pf));
		wbuf_puts(b, "</td><td class=\"num\">");
		put_bytes(b, jget_u64(st, pb));
		wbuf_puts(b, "</td></tr>\n");
	}
	wbuf_puts(b, "</tbody></table>\n");
}

static void tunnels_tile(struct wbuf *b, const json_t *st)
{
	const json_t *t = jget(st, "tunneled_ipv6"), *v;
	const char *key;
	uint64_t f = 0;

	wbuf_puts(b, "<div class=\"tile\"><h3>Tunnelled IPv6</h3><p class=\"big\">");
	if (json_is_object(t))
		json_object_foreach((json_t *)(uintptr_t)t, key, v)
			f += jget_u64(v, "frames");
	put_count(b, f);
	wbuf_puts(b, "</p><p class=\"sub\">frames inside IPv4 (counted as IPv4)</p><p class=\"sub\">");
	if (json_is_object(t))
		json_object_foreach((json_t *)(uintptr_t)t, key, v) {
			wbuf_html(b, key);
			wbuf_puts(b, " ");
			put_count(b, jget_u64(v, "frames"));
			wbuf_puts(b, " &middot; ");
			put_bytes(b, jget_u64(v, "bytes"));
			wbuf_puts(b, "<br>");
		}
	wbuf_puts(b, "</p></div>\n");
}

static void members_tile(struct wbuf *b, const json_t *st)
{
	const json_t *arr = jget(st, "members"), *m;
	size_t i, n = 0, act = 0, sil = 0, unr = 0;

	if (json_is_array(arr))
		json_array_foreach(arr, i, m) {
			const char *s = jget_str(m, "ipv6.status");

			if (!json_is_object(m))
				continue;
			n++;
			act += s && strcmp(s, "active") == 0;
			sil += s && strcmp(s, "silent") == 0;
			unr += s && strcmp(s, "unregistered") == 0;
		}
	wbuf_printf(b, "<div class=\"tile\"><h3>Members with IPv6</h3><p class=\"big\">%zu"
	    "<span class=\"of\"> / %zu</span></p><p class=\"sub\">active</p><p class=\"sub\">"
	    "<span class=\"badge st-silent\">silent</span> %zu &nbsp; "
	    "<span class=\"badge st-unregistered\">unregistered</span> %zu</p></div>\n",
	    act, n, sil, unr);
}

static const json_t *window_member(const json_t *st, uint64_t asn);

static void member_row(struct wbuf *b, const struct page_ctx *c, const json_t *st,
    const json_t *m)
{
	uint64_t asn = jget_u64(m, "asnum");
	uint64_t by = jget_u64(m, "traffic.ipv4.bytes") + jget_u64(m, "traffic.ipv6.bytes");
	const json_t *w = window_member(st, asn);

	wbuf_puts(b, "<tr><td class=\"num\">");
	if (sees(c, asn)) {
		wbuf_puts(b, "<a href=\"");
		href_member(b, c, asn);
		wbuf_printf(b, "\">AS%" PRIu64 "</a>", asn);
	} else {
		wbuf_printf(b, "AS%" PRIu64, asn);
	}
	wbuf_puts(b, "</td><td>");
	put_str(b, jget_str(m, "name"));
	wbuf_puts(b, "</td><td>");
	put_badge(b, jget_str(m, "ipv6.status"));
	if (json_is_true(jget(m, "ipv6.went_dark")))
		wbuf_puts(b, " <span class=\"badge st-dark\">went dark</span>");
	wbuf_puts(b, "</td><td>");
	put_str(b, jget_str(m, "ipv6.scheme"));
	wbuf_puts(b, "</td><td>");
	put_str(b, jget_str(m, "vendor"));
	wbuf_puts(b, "</td><td class=\"share\">");
	put_bar(b, pages_v6_share(m), "small");
	wbuf_puts(b, " ");
	if (by)
		put_share(b, pages_v6_share(m), pages_ci95(m, "ipv6_share.ci95.bytes"));
	else
		wbuf_puts(b, "&ndash;");
	wbuf_puts(b, "</td><td class=\"num\">");
	if (w)
		put_window_rate(b, st, jget_u64(w, "traffic.ipv4.bytes") +
		    jget_u64(w, "traffic.ipv6.bytes"));
	else
		wbuf_puts(b, "&ndash;");
	wbuf_puts(b, "</td><td class=\"num\">");
	put_bytes(b, by);
	wbuf_puts(b, "</td></tr>\n");
}

/* LAN-wide `protocols` (per family) and the number of BGP sessions, when present. */
static void lan_protocols(struct wbuf *b, const json_t *st)
{
	const json_t *p = jget(st, "protocols"), *arr, *e, *bgp = jget(st, "bgp_sessions");
	const char *fam;
	size_t i, rows = 0;
	uint64_t over;

	if (!json_is_object(p) && !json_is_array(bgp))
		return;
	wbuf_puts(b, "<section>\n<h2>Protocols</h2>\n");
	if (json_is_array(bgp))
		wbuf_printf(b, "<p class=\"note\">BGP sessions seen on the LAN: %zu.</p>\n",
		    json_array_size(bgp));
	if (json_is_object(p))
		json_object_foreach((json_t *)(uintptr_t)p, fam, arr) {
			if (!json_is_array(arr))
				continue;
			json_array_foreach(arr, i, e) {
				if (!json_is_object(e) || ++rows > MAX_ALERT_ROWS)
					continue;
				if (rows == 1)
					wbuf_puts(b, "<table class=\"compact\"><thead><tr><th>family</th>"
					    "<th>protocol</th><th class=\"num\">frames</th><th class=\"num\">bytes</th>"
					    "</tr></thead><tbody>\n");
				wbuf_puts(b, "<tr><td>");
				wbuf_html(b, fam);
				wbuf_puts(b, "</td><td>");
				put_str(b, jget_str(e, "protocol"));
				wbuf_puts(b, "</td><td class=\"num\">");
				put_count(b, jget_u64(e, "frames"));
				wbuf_puts(b, "</td><td class=\"num\">");
				put_bytes(b, jget_u64(e, "bytes"));
				wbuf_puts(b, "</td></tr>\n");
			}
		}
	if (rows > 0)
		wbuf_puts(b, "</tbody></table>\n");
	/* Without this, a flood of new flows reads as traffic nDPI could not name. */
	if (rows > 0 && (over = jget_u64(st, "flows.uninspected")) > 0) {
		wbuf_puts(b, "<p class=\"note\">Unknown includes ");
		put_count(b, over);
		wbuf_puts(b, " frames of flows that started beyond the inspection budget "
		    "(limits.ndpi_new_flows_per_second): counted, not inspected.</p>\n");
	}
	wbuf_puts(b, "</section>\n");
}

char *page_noc(const json_t *st, const struct page_ctx *c, size_t *len)
{
	const json_t *arr = jget(st, "members"), *m;
	const char *name, *title;
	struct wbuf b;
	size_t i;
	int n = 0, k, crit;

	wbuf_init(&b, WBUF_MAX);
	head(&b, c, st, "NOC", "");
	crit = critical_banner(&b, c, st, 0, 0) > 0;
	wbuf_puts(&b, "<h1>Peering LAN</h1>\n");
	share_definition(&b);
	wbuf_puts(&b, "<section class=\"tiles\">\n");
	if (jget(st, "window.ethertype"))
		share_tile(&b, st, "window", "Last interval");
	share_tile(&b, st, "", "Since start");
	tunnels_tile(&b, st);
	members_tile(&b, st);
	wbuf_puts(&b, "</section>\n");

	wbuf_puts(&b, "<section>\n<h2>Graphs</h2>\n<div class=\"graphs\">\n");
	for (k = 0; (name = graph_lan_name(k, &title)) != NULL; k++)
		n += graph_figure(&b, c, name, title);
	if (n == 0)
		wbuf_puts(&b, "<p class=\"note\">No graphs yet: ixmon draws them into the state directory's graphs/ folder.</p>\n");
	wbuf_puts(&b, "</div>\n</section>\n");

	alerts_section(&b, c, st, 0, 0, crit);

	wbuf_puts(&b, "<section>\n<h2>Members</h2>\n");
	if (json_is_array(arr) && json_array_size(arr) > 0) {
		wbuf_puts(&b, "<table class=\"members\">\n<thead><tr><th class=\"num\">AS</th><th>name</th>"
		    "<th>IPv6 status</th><th>scheme</th><th>router vendor</th><th>IPv6 share of bytes</th>"
		    "<th class=\"num\">now (sent)</th><th class=\"num\">since start</th></tr></thead>\n<tbody>\n");
		json_array_foreach(arr, i, m)
			if (json_is_object(m))
				member_row(&b, c, st, m);
		wbuf_puts(&b, "</tbody>\n</table>\n");
	} else {
		wbuf_puts(&b, "<p class=\"note\">No member list loaded (ixmon run --members IXF.json).</p>\n");
	}
	wbuf_puts(&b, "</section>\n<section>\n<h2>Ethertypes since start</h2>\n");
	ethertype_table(&b, st);
	wbuf_puts(&b, "</section>\n");
	lan_protocols(&b, st);
	foot(&b, c, st);
	return wbuf_finish(&b, len);
}

static void podium_step(struct wbuf *b, const struct page_ctx *c, const json_t *m,
    int place)
{
	static const char *const cls[] = {"gold", "silver", "bronze"};
	uint64_t asn = jget_u64(m, "asnum");

	wbuf_printf(b, "<li class=\"step %s\"><span class=\"place\">%d</span>",
	    cls[place - 1], place);
	if (sees(c, asn)) {
		wbuf_puts(b, "<a href=\"");
		href_member(b, c, asn);
		wbuf_puts(b, "\" class=\"who\">");
		put_str(b, jget_str(m, "name"));
		wbuf_puts(b, "</a>");
	} else {
		wbuf_puts(b, "<span class=\"who\">");
		put_str(b, jget_str(m, "name"));
		wbuf_puts(b, "</span>");
	}
	wbuf_printf(b, "<span class=\"asn\">AS%" PRIu64 "</span><span class=\"pct\">", asn);
	put_share(b, pages_v6_share(m), pages_ci95(m, "ipv6_share.ci95.bytes"));
	wbuf_puts(b, "</span><span class=\"sub\">");
	put_bytes(b, jget_u64(m, "traffic.ipv6.bytes"));
	wbuf_puts(b, " IPv6</span></li>\n");
}

/*
 * The public ranking: pages_rank's order, kept to the members that opted
 * in (web.ipv6_ranking).  Returns a malloc'ed index array (count in *n),
 * or NULL on ENOMEM.
 */
static size_t *public_ranking(const json_t *st, const struct page_ctx *c, size_t *n)
{
	size_t all = json_array_size(jget(st, "members")), k, kept = 0, *order;

	if (all > MAX_RANKED)
		all = MAX_RANKED;
	if ((order = calloc(all ? all : 1, sizeof(*order))) == NULL)
		return NULL;
	all = pages_rank(st, order, all);
	for (k = 0; k < all; k++)
		if (cfg_ranking_includes(c->ranking,
		    jget_u64(json_array_get(jget(st, "members"), order[k]), "asnum")))
			order[kept++] = order[k];
	*n = kept;
	return order;
}

/* A podium step needs IPv6 sent, and a registration: an unregistered member is never on it. */
static int podium_worthy(const json_t *m)
{
	const char *stt = jget_str(m, "ipv6.status");

	return jget_u64(m, "traffic.ipv6.bytes") > 0 && !(stt && strcmp(stt, "unregistered") == 0);
}

/*
 * Members and IPv6-active members per router vendor (the OUI owner of the
 * member's MAC), most members first: {"vendor", "members", "ipv6_active"}.
 * LAN-wide counts, no member named.  A new array, or NULL.
 */
/* Most members first, then by name (qsort: as many vendors as members, at worst). */
static int vendor_cmp(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *z = *(json_t *const *)pb;
	uint64_t ma = jget_u64(a, "members"), mz = jget_u64(z, "members");

	if (ma != mz)
		return ma > mz ? -1 : 1;
	return strcmp(jget_str(a, "vendor"), jget_str(z, "vendor"));
}

static json_t *vendor_stats(const json_t *st)
{
	const json_t *arr = jget(st, "members"), *m;
	json_t *by = json_object(), *out = json_array(), *v, **sorted;
	const char *key;
	size_t i, n;

	if (by == NULL || out == NULL)
		goto fail;
	if (json_is_array(arr))
		json_array_foreach(arr, i, m) {
			const char *ven = jget_str(m, "vendor"), *stt = jget_str(m, "ipv6.status");
			json_t *e;

			if (!json_is_object(m))
				continue;
			if (ven == NULL || *ven == '\0')
				ven = "unknown";
			if ((e = json_object_get(by, ven)) == NULL) {
				e = json_pack("{s:s, s:I, s:I}", "vendor", ven, "members", (json_int_t)0,
				    "ipv6_active", (json_int_t)0);
				if (e == NULL || json_object_set_new(by, ven, e) < 0)
					goto fail;
			}
			json_object_set_new(e, "members", json_integer((json_int_t)jget_u64(e, "members") + 1));
			if (stt && strcmp(stt, "active") == 0)
				json_object_set_new(e, "ipv6_active",
				    json_integer((json_int_t)jget_u64(e, "ipv6_active") + 1));
		}
	n = json_object_size(by);
	if ((sorted = calloc(n ? n : 1, sizeof(*sorted))) == NULL)
		goto fail;
	i = 0;
	json_object_foreach(by, key, v)
		sorted[i++] = v;
	qsort(sorted, n, sizeof(*sorted), vendor_cmp);
	for (i = 0; i < n; i++)
		json_array_append(out, sorted[i]);
	free(sorted);
	json_decref(by);
	return out;
fail:
	json_decref(by);
	json_decref(out);
	return NULL;
}

static void vendor_table(struct wbuf *b, const json_t *st)
{
	json_t *v = vendor_stats(st), *e;
	size_t i;

	wbuf_puts(b, "<section>\n<h2>IPv6 by router vendor</h2>\n<p class=\"note\">Members per "
	    "router vendor (the owner of the MAC address block of the member's router) and how many of "
	    "them are IPv6-active.</p>\n");
	if (v == NULL || json_array_size(v) == 0) {
		wbuf_puts(b, "<p class=\"note\">No member list loaded.</p>\n</section>\n");
		json_decref(v);
		return;
	}
	wbuf_puts(b, "<table class=\"compact vendors\"><thead><tr><th>router vendor</th>"
	    "<th class=\"num\">members</th><th class=\"num\">IPv6-active</th><th>share of its members</th>"
	    "</tr></thead><tbody>\n");
	json_array_foreach(v, i, e) {
		uint64_t mem = jget_u64(e, "members"), act = jget_u64(e, "ipv6_active");
		double sh = mem ? (double)act / (double)mem : 0;

		wbuf_puts(b, "<tr><td>");
		put_str(b, jget_str(e, "vendor"));
		wbuf_printf(b, "</td><td class=\"num\">%" PRIu64 "</td><td class=\"num\">%" PRIu64
		    "</td><td class=\"share\">", mem, act);
		put_bar(b, sh, "small");
		wbuf_printf(b, " %.0f&nbsp;%%</td></tr>\n", 100 * sh);
	}
	wbuf_puts(b, "</tbody></table>\n</section>\n");
	json_decref(v);
}

char *page_ipv6(const json_t *st, const struct page_ctx *c, size_t *len)
{
	const json_t *arr = jget(st, "members");
	size_t n = 0, k, i, podium = 0, top[3];
	size_t *order;
	struct wbuf b;

	if ((order = public_ranking(st, c, &n)) == NULL)
		return NULL;
	wbuf_init(&b, WBUF_MAX);
	head(&b, c, st, "IPv6 adoption", "ipv6");
	wbuf_puts(&b, "<h1>IPv6 adoption on the peering LAN</h1>\n");
	share_definition(&b);
	wbuf_puts(&b, "<section class=\"tiles\">\n");
	share_tile(&b, st, "", "LAN-wide, since start");
	if (jget(st, "window.ethertype"))
		share_tile(&b, st, "window", "LAN-wide, last interval");
	members_tile(&b, st);
	wbuf_puts(&b, "</section>\n");

	/* Podium: opted-in members that sent IPv6 and registered it. */
	for (k = 0; k < n && podium < 3; k++)
		if (podium_worthy(json_array_get(arr, order[k])))
			top[podium++] = order[k];
	wbuf_puts(&b, "<section>\n<h2>Podium</h2>\n<p class=\"note\">The three members with the largest IPv6 share of the bytes they send on the LAN (ties: more IPv6 bytes first), among the members that chose to be named here; a member must have registered its IPv6 address to stand on it.</p>\n");
	if (podium == 0) {
		wbuf_puts(&b, "<p class=\"note\">No member to show.</p>\n");
	} else {
		/* Visual order 2-1-3, as on a real podium; list order stays 1-2-3 for screen readers via the numbers. */
		wbuf_puts(&b, "<ol class=\"podium\">\n");
		if (podium >= 2)
			podium_step(&b, c, json_array_get(arr, top[1]), 2);
		podium_step(&b, c, json_array_get(arr, top[0]), 1);
		if (podium >= 3)
			podium_step(&b, c, json_array_get(arr, top[2]), 3);
		wbuf_puts(&b, "</ol>\n");
	}
	wbuf_puts(&b, "</section>\n<section>\n<h2>Ranking</h2>\n");
	if (n == 0) {
		wbuf_puts(&b, "<p class=\"note\">Members are named here only when they choose to be; "
		    "none has. The LAN-wide figures above count everyone.</p>\n");
	} else {
		wbuf_puts(&b, "<table class=\"ranking\">\n<thead><tr><th class=\"num\">#</th><th class=\"num\">AS</th>"
		    "<th>name</th><th>IPv6 status</th><th>IPv6 share of bytes</th><th class=\"num\">IPv6 bytes</th>"
		    "<th class=\"num\">all bytes</th></tr></thead>\n<tbody>\n");
		for (k = 0; k < n; k++) {
			const json_t *m = json_array_get(arr, order[k]);
			uint64_t asn = jget_u64(m, "asnum");
			uint64_t v6 = jget_u64(m, "traffic.ipv6.bytes");
			uint64_t all = v6 + jget_u64(m, "traffic.ipv4.bytes");

			wbuf_printf(&b, "<tr><td class=\"num\">%zu</td><td class=\"num\">", k + 1);
			if (sees(c, asn)) {
				wbuf_puts(&b, "<a href=\"");
				href_member(&b, c, asn);
				wbuf_printf(&b, "\">AS%" PRIu64 "</a>", asn);
			} else {
				wbuf_printf(&b, "AS%" PRIu64, asn);
			}
			wbuf_puts(&b, "</td><td>");
			put_str(&b, jget_str(m, "name"));
			wbuf_puts(&b, "</td><td>");
			put_badge(&b, jget_str(m, "ipv6.status"));
			wbuf_puts(&b, "</td><td class=\"share\">");
			put_bar(&b, pages_v6_share(m), "small");
			wbuf_puts(&b, " ");
			if (all)
				put_share(&b, pages_v6_share(m), pages_ci95(m, "ipv6_share.ci95.bytes"));
			else
				wbuf_puts(&b, "no traffic");
			wbuf_puts(&b, "</td><td class=\"num\">");
			put_bytes(&b, v6);
			wbuf_puts(&b, "</td><td class=\"num\">");
			put_bytes(&b, all);
			wbuf_puts(&b, "</td></tr>\n");
		}
		wbuf_puts(&b, "</tbody>\n</table>\n");
	}
	wbuf_puts(&b, "</section>\n");
	vendor_table(&b, st);
	wbuf_puts(&b, "<section>\n<h2>What the statuses mean</h2>\n<dl class=\"legend\">\n");
	for (i = 0; status_help[i][0]; i++) {
		wbuf_puts(&b, "<dt>");
		put_badge(&b, status_help[i][0]);
		wbuf_printf(&b, "</dt><dd>%s</dd>\n", status_help[i][1]);
	}
	wbuf_puts(&b, "<dt><span class=\"badge st-dark\">went dark</span></dt><dd>IPv6 was seen from the member earlier in this run and has stopped: often a router swap or a change freeze that left IPv6 off</dd>\n");
	wbuf_puts(&b, "</dl>\n</section>\n");
	foot(&b, c, st);
	free(order);
	return wbuf_finish(&b, len);
}

/* {"frames", "bytes", "ci95"?} of `base` ("ipv6_share", "window.ipv6_share"), or NULL. */
static json_t *share_json(const json_t *st, const char *base)
{
	const json_t *sh = jget(st, base);
	json_t *o;

	if (!json_is_object(sh))
		return NULL;
	o = json_pack("{s:f, s:f}", "frames", clamp01(jget_num(sh, "frames", 0)),
	    "bytes", clamp01(jget_num(sh, "bytes", 0)));
	if (o && json_is_object(jget(sh, "ci95")))
		json_object_set_new(o, "ci95", json_deep_copy(jget(sh, "ci95")));
	return o;
}

json_t *pages_ipv6_json(const json_t *st, const struct page_ctx *c)
{
	static const char *const statuses[] = {"active", "silent", "unregistered", "none"};
	const json_t *arr = jget(st, "members"), *m;
	json_t *o = json_object(), *cnt = json_object(), *rk = json_array(), *e;
	size_t *order, n = 0, k, i;

	order = public_ranking(st, c, &n);
	if (o == NULL || cnt == NULL || rk == NULL || order == NULL) {
		json_decref(o);
		json_decref(cnt);
		json_decref(rk);
		free(order);
		return NULL;
	}
	json_object_set_new(o, "definition", json_string("ipv6_share: IPv6 bytes (frames) over "
	    "all bytes (frames) of every ethertype on the LAN; per member over its IPv4 + IPv6; "
	    "ci95: half-width of the 95% confidence interval when sampled"));
	if ((e = share_json(st, "ipv6_share")) != NULL)
		json_object_set_new(o, "ipv6_share", e);
	if ((e = share_json(st, "window.ipv6_share")) != NULL)
		json_object_set_new(o, "window_ipv6_share", e);
	for (i = 0; i < 4; i++)
		json_object_set_new(cnt, statuses[i], json_integer(0));
	json_object_set_new(cnt, "total", json_integer(0));
	if (json_is_array(arr))
		json_array_foreach(arr, i, m) {
			const char *stt = jget_str(m, "ipv6.status");

			if (!json_is_object(m))
				continue;
			json_object_set_new(cnt, "total", json_integer((json_int_t)jget_u64(cnt, "total") + 1));
			if (stt && json_object_get(cnt, stt) && strcmp(stt, "total") != 0)
				json_object_set_new(cnt, stt, json_integer((json_int_t)jget_u64(cnt, stt) + 1));
		}
	json_object_set_new(o, "members", cnt);
	json_object_set_new(o, "vendors", vendor_stats(st));
	for (k = 0; k < n; k++) {
		double ci;

		m = json_array_get(arr, order[k]);
		e = json_pack("{s:I, s:I, s:s?, s:s?, s:f}", "rank", (json_int_t)(k + 1),
		    "asnum", (json_int_t)jget_u64(m, "asnum"), "name", jget_str(m, "name"),
		    "status", jget_str(m, "ipv6.status"), "ipv6_share", pages_v6_share(m));
		if (e && (ci = pages_ci95(m, "ipv6_share.ci95.bytes")) >= 0)
			json_object_set_new(e, "ci95", json_real(ci));
		json_array_append_new(rk, e);
	}
	json_object_set_new(o, "ranking", rk);
	free(order);
	return o;
}

static void str_list(struct wbuf *b, const json_t *arr)
{
	const json_t *v;
	size_t i;
	int any = 0;

	if (json_is_array(arr))
		json_array_foreach(arr, i, v)
			if (json_is_string(v)) {
				wbuf_puts(b, any ? "<br>" : "");
				wbuf_html(b, json_string_value(v));
				any = 1;
			}
	if (!any)
		wbuf_puts(b, "&ndash;");
}

static void kv(struct wbuf *b, const char *k)
{
	wbuf_printf(b, "<tr><th>%s</th><td class=\"mono\">", k);
}

static void member_protocols(struct wbuf *b, const json_t *m)
{
	const json_t *p = jget(m, "protocols"), *e;
	size_t i;

	if (!json_is_array(p) || json_array_size(p) == 0)
		return;
	wbuf_puts(b, "<section>\n<h2>Protocols</h2>\n<table class=\"compact\"><thead><tr><th>protocol</th>"
	    "<th>family</th><th class=\"num\">frames</th><th class=\"num\">bytes</th></tr></thead><tbody>\n");
	json_array_foreach(p, i, e) {
		if (!json_is_object(e))
			continue;
		wbuf_puts(b, "<tr><td>");
		put_str(b, jget_str(e, "protocol"));
		wbuf_puts(b, "</td><td>");
		put_str(b, jget_str(e, "family"));
		wbuf_puts(b, "</td><td class=\"num\">");
		put_count(b, jget_u64(e, "frames"));
		wbuf_puts(b, "</td><td class=\"num\">");
		put_bytes(b, jget_u64(e, "bytes"));
		wbuf_puts(b, "</td></tr>\n");
	}
	wbuf_puts(b, "</tbody></table>\n</section>\n");
}

static void bgp_peer(struct wbuf *b, const struct page_ctx *c, const json_t *st,
    const json_t *p)
{
	put_member_ref(b, c, st, jget(p, "asnum"));
	if (jget_str(p, "ip")) {
		wbuf_puts(b, "<br><span class=\"mono\">");
		wbuf_html(b, jget_str(p, "ip"));
		wbuf_puts(b, "</span>");
	}
}

static void member_bgp(struct wbuf *b, const struct page_ctx *c, const json_t *st,
    uint64_t asn)
{
	const json_t *arr = jget(st, "bgp_sessions"), *e;
	size_t i, rows = 0;

	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, e) {
		const json_t *peer;

		if (jget_has_num(e, "a.asnum") && jget_u64(e, "a.asnum") == asn)
			peer = jget(e, "b");
		else if (jget_has_num(e, "b.asnum") && jget_u64(e, "b.asnum") == asn)
			peer = jget(e, "a");
		else
			continue;
		if (++rows > MAX_ALERT_ROWS)
			continue;
		if (rows == 1)
			wbuf_puts(b, "<section>\n<h2>BGP sessions seen</h2>\n<table class=\"compact\"><thead><tr>"
			    "<th>peer</th><th>family</th><th class=\"num\">frames</th><th class=\"num\">bytes</th>"
			    "<th>first seen</th><th>last seen</th></tr></thead><tbody>\n");
		wbuf_puts(b, "<tr><td>");
		bgp_peer(b, c, st, peer);
		wbuf_puts(b, "</td><td>");
		put_str(b, jget_str(e, "family"));
		wbuf_puts(b, "</td><td class=\"num\">");
		put_count(b, jget_u64(e, "frames"));
		wbuf_puts(b, "</td><td class=\"num\">");
		put_bytes(b, jget_u64(e, "bytes"));
		wbuf_puts(b, "</td><td class=\"mono\">");
		put_ts(b, c, jget_str(e, "first_seen"));
		wbuf_puts(b, "</td><td class=\"mono\">");
		put_ts(b, c, jget_str(e, "last_seen"));
		wbuf_puts(b, "</td></tr>\n");
	}
	if (rows > 0)
		wbuf_puts(b, "</tbody></table>\n</section>\n");
}

/* The member's entry in window.members, for its last-interval traffic. */
static const json_t *window_member(const json_t *st, uint64_t asn)
{
	const json_t *arr = jget(st, "window.members"), *m;
	size_t i;

	if (json_is_array(arr))
		json_array_foreach(arr, i, m)
			if (jget_has_num(m, "asnum") && jget_u64(m, "asnum") == asn)
				return m;
	return NULL;
}

/* A member's IPv6 status changes, newest first: since when it has IPv6. */
static void ipv6_history(struct wbuf *b, const struct page_ctx *c,
    const json_t *hist)
{
	size_t n = json_array_size(hist), i;

	if (n == 0)
		return;
	kv(b, "IPv6 history");
	for (i = n; i-- > 0;) {
		const json_t *h = json_array_get(hist, i);

		wbuf_puts(b, "<div>");
		wbuf_html(b, jget_str(h, "status") ? jget_str(h, "status") : "?");
		wbuf_puts(b, " since ");
		put_ts(b, c, jget_str(h, "since"));
		wbuf_puts(b, "</div>");
	}
	wbuf_puts(b, "</td></tr>\n");
}

char *page_member(const json_t *st, uint64_t asn, const struct page_ctx *c,
    size_t *len)
{
	const json_t *m = page_find_member(st, asn), *w;
	struct wbuf b;
	const char *suffix, *gtitle;
	char title[64], prefix[64];
	int rank = 0, crit, graphs;
	size_t n, k, *order;

	if (m == NULL)
		return NULL;
	w = window_member(st, asn);
	n = json_array_size(jget(st, "members"));
	if (n > MAX_RANKED)
		n = MAX_RANKED;
	if ((order = calloc(n ? n : 1, sizeof(*order))) == NULL)
		return NULL;
	n = pages_rank(st, order, n);
	for (k = 0; k < n; k++)
		if (json_array_get(jget(st, "members"), order[k]) == m)
			rank = (int)k + 1;
	free(order);

	snprintf(title, sizeof(title), "AS%" PRIu64, asn);
	wbuf_init(&b, WBUF_MAX);
	head(&b, c, st, title, "member");
	crit = critical_banner(&b, c, st, 1, asn) > 0;
	wbuf_printf(&b, "<h1><span class=\"asn\">AS%" PRIu64 "</span> ", asn);
	put_str(&b, jget_str(m, "name"));
	wbuf_puts(&b, " ");
	put_badge(&b, jget_str(m, "ipv6.status"));
	if (json_is_true(jget(m, "ipv6.went_dark")))
		wbuf_puts(&b, " <span class=\"badge st-dark\">went dark</span>");
	wbuf_puts(&b, "</h1>\n");
	share_definition(&b);
	wbuf_puts(&b, "<section class=\"tiles\">\n");
	wbuf_puts(&b, "<div class=\"tile\"><h3>IPv6 share of bytes</h3><p class=\"big\">");
	put_share(&b, pages_v6_share(m), pages_ci95(m, "ipv6_share.ci95.bytes"));
	wbuf_puts(&b, "</p>");
	put_bar(&b, pages_v6_share(m), "wide");
	if (rank)
		wbuf_printf(&b, "<p class=\"sub\">rank %d of %zu members by IPv6 share (<a href=\"", rank, n);
	if (rank) {
		href_root(&b, c, "ipv6");
		wbuf_puts(&b, "\">IPv6 adoption</a>)</p>");
	}
	wbuf_puts(&b, "</div>\n");
	{
		static const char *const fams[][2] = {{"ipv4", "IPv4"}, {"ipv6", "IPv6"}};
		char pf[48], pb[48], pci[56];
		int f;

		wbuf_puts(&b, "<div class=\"tile\"><h3>Traffic the member sends</h3><table class=\"compact\">"
		    "<thead><tr><th></th><th class=\"num\">now</th><th class=\"num\">frames since start</th>"
		    "<th class=\"num\">bytes since start</th></tr></thead><tbody>");
		for (f = 0; f < 2; f++) {
			snprintf(pf, sizeof(pf), "traffic.%s.frames", fams[f][0]);
			snprintf(pb, sizeof(pb), "traffic.%s.bytes", fams[f][0]);
			wbuf_printf(&b, "<tr><th>%s</th><td class=\"num\">", fams[f][1]);
			if (w)
				put_window_rate(&b, st, jget_u64(w, pb));
			else
				wbuf_puts(&b, "&ndash;");
			wbuf_puts(&b, "</td><td class=\"num\">");
			put_count(&b, jget_u64(m, pf));
			snprintf(pci, sizeof(pci), "traffic.%s.ci95.frames", fams[f][0]);
			put_count_ci(&b, jget(m, pci), 0);
			wbuf_puts(&b, "</td><td class=\"num\">");
			put_bytes(&b, jget_u64(m, pb));
			snprintf(pci, sizeof(pci), "traffic.%s.ci95.bytes", fams[f][0]);
			put_count_ci(&b, jget(m, pci), 1);
			wbuf_puts(&b, "</td></tr>");
		}
		wbuf_puts(&b, "</tbody></table><p class=\"sub\">now: bits/s over the last interval</p></div>\n");
	}
	wbuf_puts(&b, "</section>\n<section>\n<h2>Registration and what the LAN shows</h2>\n"
	    "<table class=\"kv\"><tbody>\n");
	kv(&b, "router vendor (MAC OUI)");
	put_str(&b, jget_str(m, "vendor"));
	wbuf_puts(&b, "</td></tr>\n");
	kv(&b, "MACs registered");
	str_list(&b, jget(m, "macs.registered"));
	wbuf_puts(&b, "</td></tr>\n");
	kv(&b, "MACs seen");
	str_list(&b, jget(m, "macs.seen"));
	wbuf_puts(&b, "</td></tr>\n");
	kv(&b, "IPv4 registered");
	put_str(&b, jget_str(m, "ipv4.registered"));
	wbuf_printf(&b, " &middot; %s", json_is_true(jget(m, "ipv4.seen")) ? "seen" : "not seen");
	if (jget_str(m, "ipv4.last_seen")) {
		wbuf_puts(&b, ", last ");
		put_ts(&b, c, jget_str(m, "ipv4.last_seen"));
	}
	wbuf_puts(&b, "</td></tr>\n");
	kv(&b, "IPv6 registered");
	put_str(&b, jget_str(m, "ipv6.registered"));
	wbuf_puts(&b, " &middot; scheme ");
	put_str(&b, jget_str(m, "ipv6.scheme"));
	wbuf_puts(&b, "</td></tr>\n");
	kv(&b, "IPv6 addresses seen");
	str_list(&b, jget(m, "ipv6.seen_addresses"));
	wbuf_puts(&b, "</td></tr>\n");
	kv(&b, "IPv6 first seen");
	put_ts(&b, c, jget_str(m, "ipv6.first_seen"));
	wbuf_puts(&b, "</td></tr>\n");
	kv(&b, "IPv6 last seen");
	put_ts(&b, c, jget_str(m, "ipv6.last_seen"));
	wbuf_puts(&b, "</td></tr>\n");
	ipv6_history(&b, c, jget(m, "ipv6.history"));
	wbuf_puts(&b, "</tbody></table>\n</section>\n");

	wbuf_puts(&b, "<section>\n<h2>Graphs</h2>\n<div class=\"graphs\">\n");
	for (k = 0, graphs = 0; (suffix = graph_member_suffix(k, &gtitle)) != NULL; k++) {
		snprintf(prefix, sizeof(prefix), "member-%" PRIu64 "%s", asn, suffix);
		graphs += graph_figure(&b, c, prefix, gtitle);
	}
	if (graphs == 0)
		wbuf_puts(&b, "<p class=\"note\">No graph for this member yet.</p>\n");
	wbuf_puts(&b, "</div>\n</section>\n");
	alerts_section(&b, c, st, 1, asn, crit);
	/* what its customers run and whom it peers with: the member's and the NOC's only */
	if (sees(c, asn)) {
		member_protocols(&b, m);
		member_bgp(&b, c, st, asn);
	}
	foot(&b, c, st);
	return wbuf_finish(&b, len);
}

/* One list of the reconciliation: rows of `cols` (key, heading) pairs. */
static void recon_table(struct wbuf *b, const struct page_ctx *c, const json_t *arr,
    const char *title, const char *const cols[][2], const char *empty)
{
	const json_t *e;
	size_t i, k, rows = 0;

	wbuf_printf(b, "<section>\n<h2>%s <span class=\"count\">%zu</span></h2>\n", title,
	    json_is_array(arr) ? json_array_size(arr) : 0);
	if (json_is_array(arr))
		json_array_foreach(arr, i, e) {
			if (!json_is_object(e) || ++rows > MAX_ALERT_ROWS)
				continue;
			if (rows == 1) {
				wbuf_puts(b, "<table class=\"compact\"><thead><tr>");
				for (k = 0; cols[k][0]; k++)
					wbuf_printf(b, "<th>%s</th>", cols[k][1]);
				wbuf_puts(b, "</tr></thead><tbody>\n");
			}
			wbuf_puts(b, "<tr>");
			for (k = 0; cols[k][0]; k++) {
				const json_t *v = jget(e, cols[k][0]);

				wbuf_puts(b, "<td>");
				if (strcmp(cols[k][0], "asnum") == 0 && json_is_integer(v)) {
					wbuf_puts(b, "<a href=\"");
					href_member(b, c, jget_u64(e, "asnum"));
					wbuf_printf(b, "\">AS%" PRIu64 "</a>", jget_u64(e, "asnum"));
				} else if ((strstr(cols[k][0], "seen") || strcmp(cols[k][0], "at") == 0) &&
				    json_is_string(v)) {
					put_ts(b, c, json_string_value(v));
				} else if (json_is_string(v)) {
					wbuf_html(b, json_string_value(v));
				} else if (json_is_integer(v)) {
					wbuf_printf(b, "%" PRIu64, jget_u64(e, cols[k][0]));
				} else {
					wbuf_puts(b, "&ndash;");
				}
				wbuf_puts(b, "</td>");
			}
			wbuf_puts(b, "</tr>\n");
		}
	if (rows > 0)
		wbuf_puts(b, "</tbody></table>\n");
	else
		wbuf_printf(b, "<p class=\"ok\">%s</p>\n", empty);
	if (rows > MAX_ALERT_ROWS)
		wbuf_printf(b, "<p class=\"note\">%zu more not shown: see /api/report.</p>\n",
		    rows - MAX_ALERT_ROWS);
	wbuf_puts(b, "</section>\n");
}

char *page_reconciliation(const json_t *st, const struct page_ctx *c, size_t *len)
{
	static const char *const sugg[][2] = {{"asnum", "member"}, {"name", "name"},
	    {"action", "action"}, {"detail", "what to do"}, {NULL, NULL}};
	static const char *const unreg[][2] = {{"asnum", "member"}, {"name", "name"},
	    {"ip", "address"}, {"mac", "MAC"}, {"scheme", "scheme"}, {"first_seen", "first seen"},
	    {"last_seen", "last seen"}, {NULL, NULL}};
	static const char *const silent[][2] = {{"asnum", "member"}, {"name", "name"},
	    {"ip", "registered address"}, {NULL, NULL}};
	static const char *const macs[][2] = {{"asnum", "member"}, {"name", "name"},
	    {"old_mac", "registered MAC"}, {"new_mac", "MAC seen"}, {"at", "at"}, {NULL, NULL}};
	static const char *const counts[][2] = {{"registered", "members registered"},
	    {"seen", "seen on the LAN"}, {"absent", "not heard at all"},
	    {"ipv6_registered", "IPv6 registered"}, {"ipv6_active", "IPv6 active"},
	    {"ipv6_silent", "IPv6 silent"}, {"ipv6_unregistered", "IPv6 unregistered"},
	    {"link_local_only", "link-local only"}, {"off_scheme", "off the addressing scheme"},
	    {NULL, NULL}};
	const json_t *r = jget(st, "reconciliation");
	struct wbuf b;
	int i;

	wbuf_init(&b, WBUF_MAX);
	head(&b, c, st, "Registry", "reconciliation");
	wbuf_puts(&b, "<h1>The registry against the LAN</h1>\n<p class=\"note\">What the member "
	    "list says, what the LAN shows, and the corrections that would make them agree.</p>\n");
	if (!json_is_object(r)) {
		wbuf_puts(&b, "<p class=\"note\">No reconciliation in the state (load a member list: "
		    "ixmon run --members IXF.json).</p>\n");
		foot(&b, c, st);
		return wbuf_finish(&b, len);
	}
	wbuf_puts(&b, "<section>\n<table class=\"kv compact\"><tbody>\n");
	for (i = 0; counts[i][0]; i++) {
		char path[48];

		snprintf(path, sizeof(path), "members.%s", counts[i][0]);
		if (!jget_has_num(r, path))
			continue;
		wbuf_printf(&b, "<tr><th>%s</th><td class=\"num\">", counts[i][1]);
		put_count(&b, jget_u64(r, path));
		wbuf_puts(&b, "</td></tr>\n");
	}
	wbuf_puts(&b, "</tbody></table>\n</section>\n");
	recon_table(&b, c, jget(r, "suggestions"), "Suggested corrections", sugg,
	    "Nothing to correct.");
	recon_table(&b, c, jget(r, "unregistered_addresses"), "Seen, not registered", unreg,
	    "Every address in use is registered.");
	recon_table(&b, c, jget(r, "silent_addresses"), "Registered, not seen", silent,
	    "Every registered address was seen.");
	recon_table(&b, c, jget(r, "mac_changes"), "Router MAC changes", macs,
	    "No member changed its router MAC.");
	foot(&b, c, st);
	return wbuf_finish(&b, len);
}

char *page_error(int status, const char *title, const char *msg,
    const struct page_ctx *c, size_t *len)
{
	struct wbuf b;
	struct page_ctx nc = *c;

	nc.refresh = status == 503 ? 10 : 0; /* a 503 heals itself: retry */
	wbuf_init(&b, 1 << 16);
	head(&b, &nc, NULL, title, "error");
	wbuf_printf(&b, "<h1>%d ", status);
	wbuf_html(&b, title);
	wbuf_puts(&b, "</h1>\n<p class=\"error\">");
	wbuf_html(&b, msg);
	/* the public page: the NOC page may refuse this visitor too */
	wbuf_puts(&b, "</p>\n<p><a href=\"");
	href_root(&b, &nc, "ipv6");
	wbuf_puts(&b, "\">IPv6 adoption on the peering LAN</a></p>\n");
	foot(&b, &nc, NULL);
	return wbuf_finish(&b, len);
}
