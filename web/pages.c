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
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fmt.h"
#include "common/jget.h"
#include "common/version.h"
#include "web/pages.h"
#include "web/wbuf.h"

#define MAX_ALERT_ROWS 200   /* per table: a flood must not make a 16 MiB page */
#define MAX_RANKED     100000

static const char *const graph_names[][2] = {
	{"lan", "IPv4 vs IPv6 (bits/s, by ethertype, stacked)"},
	{"tunnels", "IPv6 tunnelled in IPv4"},
	{"ndarp", "ND / MLD / ARP messages"},
	{"alerts", "Alerts"},
	{"health", "Decode errors, drops, sFlow lost"},
	{NULL, NULL},
};
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

static double clamp01(double v)
{
	return isfinite(v) && v > 0 ? (v > 1 ? 1 : v) : 0;
}

static void put_pct(struct wbuf *b, double share)
{
	wbuf_printf(b, "%.1f&nbsp;%%", 100 * clamp01(share));
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

static void href_root(struct wbuf *b, const struct page_ctx *c, const char *page)
{
	/* page: "" (NOC), "ipv6" */
	if (c->static_html)
		wbuf_printf(b, "%s%s.html", c->rel ? c->rel : "", *page ? page : "index");
	else
		wbuf_printf(b, "/%s", page);
}

static void href_member(struct wbuf *b, const struct page_ctx *c, uint64_t asn)
{
	if (c->static_html) {
		wbuf_printf(b, "%smembers/%" PRIu64 ".html", c->rel ? c->rel : "", asn);
		return;
	}
	wbuf_printf(b, "/members/%" PRIu64, asn);
	if (c->token) {
		const char *t;

		/*
		 * Percent-encode all but the unreserved characters: a raw '+'
		 * would come back as a space (query form encoding), and the
		 * result needs no HTML escaping.
		 */
		wbuf_puts(b, "?token=");
		for (t = c->token; *t; t++) {
			if ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
			    (*t >= '0' && *t <= '9') || strchr("._~-", *t))
				wbuf_printf(b, "%c", *t);
			else
				wbuf_printf(b, "%%%02X", (unsigned)(unsigned char)*t);
		}
	}
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
	href_root(b, c, "");
	wbuf_puts(b, "\"><span class=\"logo\">ix</span>mon</a>\n<span class=\"ixp\">");
	put_str(b, ixp);
	wbuf_puts(b, jget_str(st, "registry.vlan.name") ? " &middot; " : "");
	wbuf_html(b, jget_str(st, "registry.vlan.name"));
	wbuf_puts(b, "</span>\n<nav>");
	for (i = 0; nav[i][0]; i++) {
		wbuf_puts(b, "<a href=\"");
		href_root(b, c, nav[i][0]);
		wbuf_printf(b, "\"%s>%s</a>", strcmp(active, nav[i][0]) == 0 ?
		    " class=\"active\" aria-current=\"page\"" : "", nav[i][1]);
	}
	if (!c->static_html)
		wbuf_puts(b, "<a href=\"/api/report\">JSON</a><a href=\"/metrics\">metrics</a>");
	wbuf_puts(b, "</nav>\n</header>\n<main>\n");
}

static void foot(struct wbuf *b, const struct page_ctx *c, const json_t *st)
{
	char ts[FMT_TS_LEN];

	wbuf_puts(b, "</main>\n<footer>ixmon " IXMON_VERSION);
	if (c->mtime > 0)
		wbuf_printf(b, " &middot; state written %s", fmt_rfc3339(ts, c->mtime, 0));
	if (jget_str(st, "input.last_ts")) {
		wbuf_puts(b, " &middot; last frame ");
		wbuf_html(b, jget_str(st, "input.last_ts"));
	}
	if (jget_str(st, "window.start") && jget_str(st, "window.end")) {
		wbuf_puts(b, " &middot; window ");
		wbuf_html(b, jget_str(st, "window.start"));
		wbuf_puts(b, " &ndash; ");
		wbuf_html(b, jget_str(st, "window.end"));
	}
	if (c->refresh > 0)
		wbuf_printf(b, " &middot; refreshes every %d s", c->refresh);
	wbuf_puts(b, "</footer>\n</body>\n</html>\n");
}

/* One figure per existing graph `prefix`-day, with links to other periods. */
static int graph_figure(struct wbuf *b, const struct page_ctx *c,
    const char *prefix, const char *title)
{
	char file[96];
	const char *ext = "png";
	int i;

	snprintf(file, sizeof(file), "%s-day.png", prefix);
	if (!graph_exists(c, file)) {
		snprintf(file, sizeof(file), "%s-day.svg", prefix);
		if (!graph_exists(c, file))
			return 0;
		ext = "svg";
	}
	wbuf_puts(b, "<figure class=\"graph\"><img src=\"");
	href_static(b, c, "graphs", file);
	wbuf_puts(b, "\" alt=\"");
	wbuf_html(b, title);
	wbuf_puts(b, ", last day\"><figcaption>");
	wbuf_html(b, title);
	for (i = 1; periods[i]; i++) {
		snprintf(file, sizeof(file), "%s-%s.%s", prefix, periods[i], ext);
		if (!graph_exists(c, file))
			continue;
		wbuf_puts(b, " <a href=\"");
		href_static(b, c, "graphs", file);
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
		wbuf_puts(b, "<a href=\"");
		href_member(b, c, asn);
		wbuf_printf(b, "\">AS%" PRIu64 "</a> ", asn);
		wbuf_html(b, jget_str(m, "name"));
	} else {
		wbuf_printf(b, "AS%" PRIu64, asn);
	}
}

/*
 * Alerts table: `open` 1 = open ones, 0 = earlier ones; `asn` filters by
 * member when has_asn.  Returns the number of rows matching (shown or not).
 */
static size_t alerts_table(struct wbuf *b, const struct page_ctx *c,
    const json_t *st, int open, int has_asn, uint64_t asn, int dry)
{
	const json_t *arr = jget(st, "alerts"), *a;
	int64_t now = pages_state_now(st);
	size_t i, rows = 0;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, a) {
		if (!json_is_object(a) || pages_alert_open(a, now) != open)
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
		wbuf_puts(b, "</span></td><td class=\"mono\">");
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
		put_str(b, jget_str(a, "last_seen"));
		wbuf_puts(b, "</td><td class=\"detail\">");
		put_str(b, jget_str(a, "detail"));
		wbuf_puts(b, "</td></tr>\n");
	}
	if (!dry && rows > 0)
		wbuf_puts(b, "</tbody>\n</table>\n");
	if (!dry && rows > MAX_ALERT_ROWS)
		wbuf_printf(b, "<p class=\"note\">%zu more not shown: see /api/alerts.</p>\n",
		    rows - MAX_ALERT_ROWS);
	return rows;
}

static void alerts_section(struct wbuf *b, const struct page_ctx *c,
    const json_t *st, int has_asn, uint64_t asn)
{
	size_t open = alerts_table(b, c, st, 1, has_asn, asn, 1);
	size_t old = alerts_table(b, c, st, 0, has_asn, asn, 1);

	wbuf_printf(b, "<section>\n<h2>Open alerts <span class=\"count\">%zu</span></h2>\n", open);
	if (open == 0)
		wbuf_puts(b, "<p class=\"ok\">No open alerts.</p>\n");
	else
		alerts_table(b, c, st, 1, has_asn, asn, 0);
	if (old > 0) {
		wbuf_printf(b, "<details><summary>Earlier alerts (quiet for more than %d min): %zu</summary>\n",
		    PAGES_OPEN_SECS / 60, old);
		alerts_table(b, c, st, 0, has_asn, asn, 0);
		wbuf_puts(b, "</details>\n");
	}
	wbuf_puts(b, "</section>\n");
}

double pages_v6_share(const json_t *m)
{
	double v4 = (double)jget_u64(m, "traffic.ipv4.bytes");
	double v6 = (double)jget_u64(m, "traffic.ipv6.bytes");

	return v4 + v6 > 0 ? v6 / (v4 + v6) : 0;
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

/* A headline tile: IPv6 share of bytes and frames for one scope. */
static void share_tile(struct wbuf *b, const json_t *st, const char *base,
    const char *title)
{
	char pb[64], pf[64], p6[64];

	snprintf(pb, sizeof(pb), "%s%sipv6_share.bytes", base, *base ? "." : "");
	snprintf(pf, sizeof(pf), "%s%sipv6_share.frames", base, *base ? "." : "");
	snprintf(p6, sizeof(p6), "%s%sethertype.ipv6.bytes", base, *base ? "." : "");
	wbuf_puts(b, "<div class=\"tile\"><h3>");
	wbuf_html(b, title);
	wbuf_puts(b, "</h3><p class=\"big\">");
	if (jget_has_num(st, pb))
		put_pct(b, jget_num(st, pb, 0));
	else
		wbuf_puts(b, "&ndash;");
	wbuf_puts(b, "</p><p class=\"sub\">IPv6 of bytes</p>");
	put_bar(b, jget_num(st, pb, 0), "wide");
	wbuf_puts(b, "<p class=\"sub\">");
	put_bytes(b, jget_u64(st, p6));
	wbuf_puts(b, " IPv6 of ");
	put_bytes(b, total_of(st, base, "bytes"));
	wbuf_puts(b, "<br>");
	if (jget_has_num(st, pf))
		put_pct(b, jget_num(st, pf, 0));
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

static void member_row(struct wbuf *b, const struct page_ctx *c, const json_t *m)
{
	uint64_t asn = jget_u64(m, "asnum");
	uint64_t by = jget_u64(m, "traffic.ipv4.bytes") + jget_u64(m, "traffic.ipv6.bytes");

	wbuf_puts(b, "<tr><td class=\"num\"><a href=\"");
	href_member(b, c, asn);
	wbuf_printf(b, "\">AS%" PRIu64 "</a></td><td>", asn);
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
		put_pct(b, pages_v6_share(m));
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
	wbuf_puts(b, "</section>\n");
}

char *page_noc(const json_t *st, const struct page_ctx *c, size_t *len)
{
	const json_t *arr = jget(st, "members"), *m;
	struct wbuf b;
	size_t i;
	int n = 0, k;

	wbuf_init(&b, WBUF_MAX);
	head(&b, c, st, "NOC", "");
	wbuf_puts(&b, "<h1>Peering LAN</h1>\n<section class=\"tiles\">\n");
	if (jget(st, "window.ethertype"))
		share_tile(&b, st, "window", "Last interval");
	share_tile(&b, st, "", "Since start");
	tunnels_tile(&b, st);
	members_tile(&b, st);
	wbuf_puts(&b, "</section>\n");

	wbuf_puts(&b, "<section>\n<h2>Graphs</h2>\n<div class=\"graphs\">\n");
	for (k = 0; graph_names[k][0]; k++)
		n += graph_figure(&b, c, graph_names[k][0], graph_names[k][1]);
	if (n == 0)
		wbuf_puts(&b, "<p class=\"note\">No graphs yet: ixmon draws them into the state directory's graphs/ folder.</p>\n");
	wbuf_puts(&b, "</div>\n</section>\n");

	alerts_section(&b, c, st, 0, 0);

	wbuf_puts(&b, "<section>\n<h2>Members</h2>\n");
	if (json_is_array(arr) && json_array_size(arr) > 0) {
		wbuf_puts(&b, "<table class=\"members\">\n<thead><tr><th class=\"num\">AS</th><th>name</th>"
		    "<th>IPv6 status</th><th>scheme</th><th>router vendor</th><th>IPv6 share of bytes</th>"
		    "<th class=\"num\">traffic</th></tr></thead>\n<tbody>\n");
		json_array_foreach(arr, i, m)
			if (json_is_object(m))
				member_row(&b, c, m);
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

	wbuf_printf(b, "<li class=\"step %s\"><span class=\"place\">%d</span><a href=\"",
	    cls[place - 1], place);
	href_member(b, c, jget_u64(m, "asnum"));
	wbuf_puts(b, "\" class=\"who\">");
	put_str(b, jget_str(m, "name"));
	wbuf_printf(b, "</a><span class=\"asn\">AS%" PRIu64 "</span><span class=\"pct\">",
	    jget_u64(m, "asnum"));
	put_pct(b, pages_v6_share(m));
	wbuf_puts(b, "</span><span class=\"sub\">");
	put_bytes(b, jget_u64(m, "traffic.ipv6.bytes"));
	wbuf_puts(b, " IPv6</span></li>\n");
}

char *page_ipv6(const json_t *st, const struct page_ctx *c, size_t *len)
{
	const json_t *arr = jget(st, "members");
	size_t n = json_is_array(arr) ? json_array_size(arr) : 0, k, i, podium = 0;
	size_t *order;
	struct wbuf b;

	if (n > MAX_RANKED)
		n = MAX_RANKED;
	if ((order = calloc(n ? n : 1, sizeof(*order))) == NULL)
		return NULL;
	n = pages_rank(st, order, n);
	wbuf_init(&b, WBUF_MAX);
	head(&b, c, st, "IPv6 adoption", "ipv6");
	wbuf_puts(&b, "<h1>IPv6 adoption on the peering LAN</h1>\n<section class=\"tiles\">\n");
	share_tile(&b, st, "", "LAN-wide, since start");
	if (jget(st, "window.ethertype"))
		share_tile(&b, st, "window", "LAN-wide, last interval");
	members_tile(&b, st);
	wbuf_puts(&b, "</section>\n");

	/* Podium: only members that sent some IPv6 deserve a step. */
	for (k = 0; k < n && k < 3; k++)
		if (jget_u64(json_array_get(arr, order[k]), "traffic.ipv6.bytes") > 0)
			podium++;
	wbuf_puts(&b, "<section>\n<h2>Podium</h2>\n<p class=\"note\">The three members with the largest IPv6 share of the bytes they send on the LAN (ties: more IPv6 bytes first).</p>\n");
	if (podium == 0) {
		wbuf_puts(&b, "<p class=\"note\">No member has sent IPv6 yet.</p>\n");
	} else {
		/* Visual order 2-1-3, as on a real podium; list order stays 1-2-3 for screen readers via the numbers. */
		wbuf_puts(&b, "<ol class=\"podium\">\n");
		if (podium >= 2)
			podium_step(&b, c, json_array_get(arr, order[1]), 2);
		podium_step(&b, c, json_array_get(arr, order[0]), 1);
		if (podium >= 3)
			podium_step(&b, c, json_array_get(arr, order[2]), 3);
		wbuf_puts(&b, "</ol>\n");
	}
	wbuf_puts(&b, "</section>\n<section>\n<h2>Ranking</h2>\n");
	if (n == 0) {
		wbuf_puts(&b, "<p class=\"note\">No member list loaded.</p>\n");
	} else {
		wbuf_puts(&b, "<table class=\"ranking\">\n<thead><tr><th class=\"num\">#</th><th class=\"num\">AS</th>"
		    "<th>name</th><th>IPv6 status</th><th>IPv6 share of bytes</th><th class=\"num\">IPv6 bytes</th>"
		    "<th class=\"num\">all bytes</th></tr></thead>\n<tbody>\n");
		for (k = 0; k < n; k++) {
			const json_t *m = json_array_get(arr, order[k]);
			uint64_t v6 = jget_u64(m, "traffic.ipv6.bytes");
			uint64_t all = v6 + jget_u64(m, "traffic.ipv4.bytes");

			wbuf_printf(&b, "<tr><td class=\"num\">%zu</td><td class=\"num\"><a href=\"", k + 1);
			href_member(&b, c, jget_u64(m, "asnum"));
			wbuf_printf(&b, "\">AS%" PRIu64 "</a></td><td>", jget_u64(m, "asnum"));
			put_str(&b, jget_str(m, "name"));
			wbuf_puts(&b, "</td><td>");
			put_badge(&b, jget_str(m, "ipv6.status"));
			wbuf_puts(&b, "</td><td class=\"share\">");
			put_bar(&b, pages_v6_share(m), "small");
			wbuf_puts(&b, " ");
			if (all)
				put_pct(&b, pages_v6_share(m));
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
	wbuf_puts(&b, "</section>\n<section>\n<h2>What the statuses mean</h2>\n<dl class=\"legend\">\n");
	for (i = 0; status_help[i][0]; i++) {
		wbuf_puts(&b, "<dt>");
		put_badge(&b, status_help[i][0]);
		wbuf_printf(&b, "</dt><dd>%s</dd>\n", status_help[i][1]);
	}
	wbuf_puts(&b, "<dt><span class=\"badge st-dark\">went dark</span></dt><dd>IPv6 was seen from the member earlier in this run and has stopped: often a router swap or a change freeze that left IPv6 off</dd>\n");
	wbuf_puts(&b, "</dl>\n<p class=\"note\">Shares count bytes by ethertype (0x86dd is IPv6; IPv6 tunnelled in IPv4 counts as IPv4), the operators' convention.</p>\n</section>\n");
	foot(&b, c, st);
	free(order);
	return wbuf_finish(&b, len);
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
		put_str(b, jget_str(e, "first_seen"));
		wbuf_puts(b, "</td><td class=\"mono\">");
		put_str(b, jget_str(e, "last_seen"));
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

char *page_member(const json_t *st, uint64_t asn, const struct page_ctx *c,
    size_t *len)
{
	const json_t *m = page_find_member(st, asn), *w;
	struct wbuf b;
	char title[64], prefix[48];
	int rank = 0;
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
	wbuf_printf(&b, "<h1><span class=\"asn\">AS%" PRIu64 "</span> ", asn);
	put_str(&b, jget_str(m, "name"));
	wbuf_puts(&b, " ");
	put_badge(&b, jget_str(m, "ipv6.status"));
	if (json_is_true(jget(m, "ipv6.went_dark")))
		wbuf_puts(&b, " <span class=\"badge st-dark\">went dark</span>");
	wbuf_puts(&b, "</h1>\n<section class=\"tiles\">\n");
	wbuf_puts(&b, "<div class=\"tile\"><h3>IPv6 share of bytes</h3><p class=\"big\">");
	put_pct(&b, pages_v6_share(m));
	wbuf_puts(&b, "</p>");
	put_bar(&b, pages_v6_share(m), "wide");
	if (rank)
		wbuf_printf(&b, "<p class=\"sub\">rank %d of %zu on the <a href=\"", rank, n);
	if (rank) {
		href_root(&b, c, "ipv6");
		wbuf_puts(&b, "\">IPv6 ranking</a></p>");
	}
	wbuf_puts(&b, "</div>\n");
	{
		static const char *const fams[][2] = {{"ipv4", "IPv4"}, {"ipv6", "IPv6"}};
		char pf[48], pb[48];
		int f;

		wbuf_puts(&b, "<div class=\"tile\"><h3>Traffic since start</h3><table class=\"compact\">"
		    "<thead><tr><th></th><th class=\"num\">frames</th><th class=\"num\">bytes</th>"
		    "<th class=\"num\">last interval</th></tr></thead><tbody>");
		for (f = 0; f < 2; f++) {
			snprintf(pf, sizeof(pf), "traffic.%s.frames", fams[f][0]);
			snprintf(pb, sizeof(pb), "traffic.%s.bytes", fams[f][0]);
			wbuf_printf(&b, "<tr><th>%s</th><td class=\"num\">", fams[f][1]);
			put_count(&b, jget_u64(m, pf));
			wbuf_puts(&b, "</td><td class=\"num\">");
			put_bytes(&b, jget_u64(m, pb));
			wbuf_puts(&b, "</td><td class=\"num\">");
			if (w)
				put_bytes(&b, jget_u64(w, pb));
			else
				wbuf_puts(&b, "&ndash;");
			wbuf_puts(&b, "</td></tr>");
		}
		wbuf_puts(&b, "</tbody></table></div>\n");
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
		wbuf_html(&b, jget_str(m, "ipv4.last_seen"));
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
	kv(&b, "IPv6 last seen");
	put_str(&b, jget_str(m, "ipv6.last_seen"));
	wbuf_puts(&b, "</td></tr>\n</tbody></table>\n</section>\n");

	snprintf(prefix, sizeof(prefix), "member-%" PRIu64, asn);
	wbuf_puts(&b, "<section>\n<h2>Graphs</h2>\n<div class=\"graphs\">\n");
	if (!graph_figure(&b, c, prefix, "IPv4 and IPv6 traffic"))
		wbuf_puts(&b, "<p class=\"note\">No graph for this member yet.</p>\n");
	wbuf_puts(&b, "</div>\n</section>\n");
	alerts_section(&b, c, st, 1, asn);
	member_protocols(&b, m);
	member_bgp(&b, c, st, asn);
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
	wbuf_puts(&b, "</p>\n<p><a href=\"");
	href_root(&b, &nc, "");
	wbuf_puts(&b, "\">Back to the NOC page</a></p>\n");
	foot(&b, &nc, NULL);
	return wbuf_finish(&b, len);
}
