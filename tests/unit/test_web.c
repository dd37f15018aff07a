/*
 * test_web.c - the dashboard's pure parts (web/): the strict router and
 * its traversal variants, HTML escaping, Prometheus label escaping and a
 * metrics exposition from a crafted state, the IPv6 ranking, listen
 * addresses and token comparison; member tokens and what each role sees
 * (a member's token opens its own page only, the public ranking names
 * only members that opted in, never an unregistered one on the podium);
 * the share with its 95 % interval.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "common/config.h"
#include "web/access.h"
#include "web/metrics.h"
#include "web/pages.h"
#include "web/wbuf.h"
#include "web/web.h"

static int route(const char *url)
{
	struct web_route r;

	web_route(url, &r);
	return r.kind;
}

static void test_router(void **state)
{
	struct web_route r;

	(void)state;
	assert_int_equal(route("/"), WEB_R_NOC);
	assert_int_equal(route("/ipv6"), WEB_R_IPV6);
	assert_int_equal(route("/api/report"), WEB_R_API_REPORT);
	assert_int_equal(route("/api/members"), WEB_R_API_MEMBERS);
	assert_int_equal(route("/api/alerts"), WEB_R_API_ALERTS);
	assert_int_equal(route("/metrics"), WEB_R_METRICS);
	assert_int_equal(route("/static/ixmon.css"), WEB_R_STATIC);
	web_route("/members/64500", &r);
	assert_int_equal(r.kind, WEB_R_MEMBER);
	assert_int_equal(r.asn, 64500);
	web_route("/members/4294967295", &r);
	assert_int_equal(r.kind, WEB_R_MEMBER);
	web_route("/graphs/member-64500-day.png", &r);
	assert_int_equal(r.kind, WEB_R_GRAPH);
	assert_string_equal(r.file, "member-64500-day.png");
	assert_int_equal(route("/graphs/lan-week.svg"), WEB_R_GRAPH);
}

static void test_router_rejects(void **state)
{
	static const char *const bad[] = {
		"", "ipv6", "//", "/ipv6/", "/IPV6", "/metrics/", "//metrics",
		"/index.html", "/state.json", "/../state.json", "/./", "/api/report/..",
		"/members/", "/members/0", "/members/064500", "/members/4294967296",
		"/members/12345678901", "/members/64500/", "/members/64500.html",
		"/members/-1", "/members/+64500", "/members/64500x", "/members/ 64500",
		"/static/", "/static/../state.json", "/static/ixmon.css/",
		"/static/other.css", "/static//ixmon.css",
		"/graphs/", "/graphs/../state.json", "/graphs/..%2fstate.json",
		"/graphs/%2e%2e%2fstate.json", "/graphs/lan-day.png/", "/graphs/.png",
		"/graphs/LAN-day.png", "/graphs/lan_day.png", "/graphs/lan-day.PNG",
		"/graphs/lan-day.png.png", "/graphs/lan-day.jpg", "/graphs/lan..png",
		"/graphs/sub/lan-day.png", "/graphs//lan-day.png", "/graphs/lan\\day.png",
		"/graphs/lan-day.pn", "/graphs/state.json", "\\", "/\\",
		"http://127.0.0.1/metrics", "http://x/../state.json", "*",
		NULL,
	};
	char longname[400];
	int i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		if (route(bad[i]) != WEB_R_NOT_FOUND)
			fail_msg("'%s' was routed", bad[i]);
	}
	assert_int_equal(route(NULL), WEB_R_NOT_FOUND);
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "/graphs/", 8);
	memcpy(longname + sizeof(longname) - 5, ".png", 5);
	assert_int_equal(route(longname), WEB_R_NOT_FOUND);
}

static void test_unescape(void **state)
{
	static const char *const cases[][2] = {
		{"/ipv6", "/ipv6"},
		{"/%2e%2e/state.json", "/../state.json"},
		{"/graphs/..%2Fstate.json", "/graphs/../state.json"},
		{"/a%20b", "/a b"},
		{"/graphs/lan-day.png%00.json", WEB_BAD_URL},
		{"/%00", WEB_BAD_URL},
		{"/%zz", WEB_BAD_URL},
		{"/%4", WEB_BAD_URL},
		{"/%", WEB_BAD_URL},
		{"%252e", "%2e"},
		{NULL, NULL},
	};
	char buf[64];
	int i;

	(void)state;
	for (i = 0; cases[i][0]; i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i][0]);
		assert_int_equal(web_unescape(buf), strlen(cases[i][1]));
		assert_string_equal(buf, cases[i][1]);
		assert_int_equal(route(buf) == WEB_R_NOT_FOUND || strcmp(buf, "/ipv6") == 0, 1);
	}
}

static void test_html_escape(void **state)
{
	struct wbuf b;
	char *s;

	(void)state;
	wbuf_init(&b, 0);
	wbuf_html(&b, "<script>alert('x')</script> & \"q\"\x01\x7f\tok");
	s = wbuf_finish(&b, NULL);
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\tok");
	free(s);
	/* the cap fails the buffer instead of growing */
	wbuf_init(&b, 8);
	wbuf_puts(&b, "12345678");
	assert_int_equal(b.failed, 0);
	wbuf_puts(&b, "9");
	assert_null(wbuf_finish(&b, NULL));
}

static void test_label_escape(void **state)
{
	struct wbuf b;
	char *s;

	(void)state;
	wbuf_init(&b, 0);
	metrics_label_value(&b, "a\\b\"c\nd");
	s = wbuf_finish(&b, NULL);
	assert_string_equal(s, "a\\\\b\\\"c\\nd");
	free(s);
}

static const char *crafted =
    "{\"ixmon\":{\"version\":\"0.1.0\"},"
    "\"input\":{\"frames\":10,\"analysed\":10,\"last_ts\":\"2026-11-02T10:00:00Z\","
    "\"decode_errors\":{\"truncated\":1,\"invalid\":0,\"unsupported\":2}},"
    "\"ethertype\":{\"ipv4\":{\"frames\":6,\"bytes\":600},\"ipv6\":{\"frames\":4,\"bytes\":400}},"
    "\"ipv6_share\":{\"frames\":0.4,\"bytes\":0.4},"
    "\"tunneled_ipv6\":{\"6in4\":{\"frames\":1,\"bytes\":100}},"
    "\"members\":["
    "{\"asnum\":64500,\"name\":\"Evil \\\"Corp\\\"\\\\\\n<b>\",\"vendor\":null,"
    " \"ipv6\":{\"status\":\"active\"},"
    " \"traffic\":{\"ipv4\":{\"frames\":1,\"bytes\":100},\"ipv6\":{\"frames\":1,\"bytes\":100}}},"
    "{\"asnum\":64501,\"name\":\"B\",\"ipv6\":{\"status\":\"silent\"},"
    " \"traffic\":{\"ipv4\":{\"frames\":1,\"bytes\":100},\"ipv6\":{\"frames\":0,\"bytes\":0}}},"
    "{\"asnum\":64502,\"name\":\"C\",\"ipv6\":{\"status\":\"active\"},"
    " \"traffic\":{\"ipv4\":{\"frames\":1,\"bytes\":200},\"ipv6\":{\"frames\":2,\"bytes\":200}}},"
    "{\"asnum\":64503,\"name\":\"D\",\"ipv6\":{\"status\":\"active\"},"
    " \"traffic\":{\"ipv4\":{\"frames\":1,\"bytes\":0},\"ipv6\":{\"frames\":2,\"bytes\":50}}}],"
    "\"alerts\":[{\"type\":\"rogue_ra\",\"severity\":\"critical\",\"asnum\":64500,\"count\":3,"
    " \"last_seen\":\"2026-11-02T10:00:00Z\",\"detail\":\"<img src=x>\"},"
    " {\"type\":\"rogue_ra\",\"severity\":\"critical\",\"asnum\":64501,\"count\":2},"
    " {\"type\":\"mac_unknown\",\"severity\":\"warning\",\"count\":1}],"
    "\"run\":{\"capture\":[{\"interface\":\"eth\\\"1\",\"up\":true,\"frames\":5,"
    " \"kernel_dropped\":7,\"interface_dropped\":0}]},"
    "\"protocols\":{\"ipv6\":[{\"protocol\":\"bgp\",\"frames\":2,\"bytes\":20}]},"
    "\"bgp_sessions\":[{\"a\":{\"asnum\":64500},\"b\":{\"asnum\":64502},\"family\":\"ipv6\",\"bytes\":9}]}";

static json_t *load(const char *s)
{
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);

	if (j == NULL)
		fail_msg("crafted state: %s", je.text);
	return j;
}

static void test_metrics(void **state)
{
	json_t *st = load(crafted);
	char *t;
	size_t len;

	(void)state;
	t = metrics_text(st, 1793613600, &len);
	assert_non_null(t);
	assert_int_equal(strlen(t), len);
	assert_non_null(strstr(t, "# TYPE ixmon_frames_total counter\n"));
	assert_non_null(strstr(t, "ixmon_frames_total{ethertype=\"ipv6\"} 4\n"));
	assert_non_null(strstr(t, "ixmon_bytes_total{ethertype=\"ipv4\"} 600\n"));
	/* one share, no unit label: bytes, and frames in a family of its own */
	assert_non_null(strstr(t, "ixmon_ipv6_share_ratio{period=\"since_start\"} 0.4"));
	assert_non_null(strstr(t, "ixmon_ipv6_frame_share_ratio{period=\"since_start\"} 0.4"));
	assert_null(strstr(t, "unit="));
	assert_null(strstr(t, "ixmon_ipv6_share_ci95_ratio")); /* exact data: no interval */
	assert_non_null(strstr(t, "ixmon_tunneled_ipv6_frames_total{tunnel=\"6in4\"} 1\n"));
	assert_non_null(strstr(t, "ixmon_decode_errors_total{kind=\"unsupported\"} 2\n"));
	/* the sum of the counts by type, and the entries by type and severity */
	assert_non_null(strstr(t, "ixmon_alerts_total{type=\"rogue_ra\",asnum=\"64500\"} 3\n"));
	assert_non_null(strstr(t, "ixmon_alerts_total{type=\"rogue_ra\",asnum=\"64501\"} 2\n"));
	assert_non_null(strstr(t, "ixmon_alerts_total{type=\"mac_unknown\",asnum=\"\"} 1\n"));
	/* open: last_seen within 10 min of the state's time (only the first) */
	assert_non_null(strstr(t,
	    "ixmon_open_alerts{type=\"rogue_ra\",severity=\"critical\",asnum=\"64500\"} 1\n"));
	assert_non_null(strstr(t, "ixmon_member_ipv6_share_ratio{asn=\"64502\"} 0.5\n"));
	/* a sum over a bounded table is no counter */
	assert_non_null(strstr(t, "# TYPE ixmon_bgp_session_bytes gauge\n"));
	assert_null(strstr(t, "ixmon_open_alerts{type=\"mac_unknown\""));
	assert_non_null(strstr(t,
	    "ixmon_member_info{asn=\"64500\",name=\"Evil \\\"Corp\\\"\\\\\\n<b>\",vendor=\"\"} 1\n"));
	assert_non_null(strstr(t, "ixmon_member_bytes_total{asn=\"64502\",family=\"ipv6\"} 200\n"));
	assert_non_null(strstr(t, "ixmon_member_ipv6_status{asn=\"64501\",status=\"silent\"} 1\n"));
	assert_non_null(strstr(t, "ixmon_members{ipv6_status=\"active\"} 3\n"));
	assert_non_null(strstr(t, "ixmon_capture_kernel_dropped_total{interface=\"eth\\\"1\"} 7\n"));
	assert_non_null(strstr(t, "ixmon_state_timestamp_seconds 1793613600\n"));
	/* classification moves bytes between protocols: gauges, not counters */
	assert_non_null(strstr(t, "ixmon_protocol_bytes{family=\"ipv6\",protocol=\"bgp\"} 20\n"));
	assert_non_null(strstr(t, "# TYPE ixmon_protocol_bytes gauge\n"));
	assert_non_null(strstr(t, "ixmon_bgp_sessions{family=\"ipv6\"} 1\n"));
	/* one HELP per family, even with many samples */
	assert_null(strstr(strstr(t, "# HELP ixmon_member_frames_total") + 1,
	    "# HELP ixmon_member_frames_total"));
	free(t);
	json_decref(st);
	/* anything at all: still a (minimal) exposition */
	st = load("[1,2]");
	t = metrics_text(st, 0, &len);
	assert_non_null(strstr(t, "ixmon_info{version="));
	free(t);
	json_decref(st);
}

static void test_rank(void **state)
{
	json_t *st = load(crafted);
	size_t order[8], n;

	(void)state;
	n = pages_rank(st, order, 8);
	assert_int_equal(n, 4);
	/* D 100 % (50 B); A and C 50 %: C has more IPv6 bytes; B 0 % last */
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 0);
	assert_int_equal(order[3], 1);
	assert_int_equal(pages_rank(st, order, 2), 2);
	json_decref(st);
}

static int no_graphs(void *cls, const char *f)
{
	(void)cls;
	(void)f;
	return 0;
}

static int all_graphs(void *cls, const char *f)
{
	(void)cls;
	return web_graph_name_ok(f);
}

static void test_pages_escape(void **state)
{
	json_t *st = load(crafted);
	struct page_ctx c = {0};
	char *p;
	size_t len;

	(void)state;
	c.graph_exists = no_graphs;
	c.auth.role = WEB_ROLE_NOC;
	p = page_noc(st, &c, &len);
	assert_non_null(p);
	assert_null(strstr(p, "<b>"));
	assert_null(strstr(p, "<img src=x>"));
	assert_non_null(strstr(p, "Evil &quot;Corp&quot;\\\n&lt;b&gt;"));
	assert_non_null(strstr(p, "&lt;img src=x&gt;"));
	assert_non_null(strstr(p, "href=\"/members/64500\""));
	assert_non_null(strstr(p, "BGP sessions seen on the LAN: 1."));
	assert_non_null(strstr(p, "<td>ipv6</td><td>bgp</td>"));
	assert_null(strstr(p, "inspection budget"));
	free(p);
	/* frames over nDPI's new-flow budget are said to be in Unknown */
	json_object_set_new(st, "flows", json_pack("{s:I}", "uninspected", (json_int_t)1204858));
	p = page_noc(st, &c, &len);
	assert_non_null(strstr(p, "Unknown includes 1&#8239;204&#8239;858 frames of flows "
	    "that started beyond the inspection budget"));
	free(p);
	json_object_del(st, "flows");
	/* a token in member links is percent-encoded: '+' would read as a space */
	c.token = "a+b/c=d~e.f_g-h";
	p = page_noc(st, &c, &len);
	assert_non_null(p);
	assert_non_null(strstr(p, "href=\"/members/64500?token=a%2Bb%2Fc%3Dd~e.f_g-h\""));
	assert_null(strstr(p, "token=a+b"));
	/* and the NOC's own pages: registry, JSON, metrics (the public page needs none) */
	assert_non_null(strstr(p, "href=\"/reconciliation?token=a%2Bb%2Fc%3Dd~e.f_g-h\""));
	assert_non_null(strstr(p, "href=\"/metrics?token=a%2Bb"));
	assert_non_null(strstr(p, "href=\"/ipv6\""));
	free(p);
	/* a member page's graphs carry the token too (the image request needs it); the LAN's do not */
	c.graph_exists = all_graphs;
	p = page_member(st, 64500, &c, &len);
	assert_non_null(strstr(p, "src=\"/graphs/member-64500-day.png?token=a%2Bb%2Fc%3Dd~e.f_g-h\""));
	assert_non_null(strstr(p, "href=\"/graphs/member-64500-week.png?token=a%2Bb"));
	free(p);
	p = page_noc(st, &c, &len);
	assert_non_null(strstr(p, "src=\"/graphs/lan-day.png\""));
	free(p);
	c.token = NULL;
	c.static_html = 1;
	c.rel = "../";
	p = page_member(st, 64500, &c, &len);
	assert_non_null(p);
	assert_non_null(strstr(p, "src=\"../graphs/member-64500-day.png\""));
	assert_non_null(strstr(p, "href=\"../static/ixmon.css\""));
	assert_non_null(strstr(p, "BGP sessions seen"));
	free(p);
	assert_null(page_member(st, 1, &c, &len));
	c.ranking = "all";
	p = page_ipv6(st, &c, &len);
	assert_non_null(strstr(p, "class=\"podium\""));
	free(p);
	json_decref(st);
}

/* HMAC-SHA256(key "s3cret-T0ken", "ixmon member token v1 AS64500"), by Python's hmac. */
#define TOK_64500 "64500.6f43a81d11eba03055d76d335987d4003dd7e04c2fb60c6af3cd63c37c72dc26"

static void test_member_tokens(void **state)
{
	char t[WEB_MEMBER_TOKEN_LEN + 1], forged[WEB_MEMBER_TOKEN_LEN + 1];
	struct web_auth a;
	uint64_t asn;

	(void)state;
	assert_int_equal(web_member_token("s3cret-T0ken", 64500, t, sizeof(t)), 0);
	assert_string_equal(t, TOK_64500);
	assert_int_equal(web_token_ok(t), 0);
	assert_int_equal(web_member_token("s3cret-T0ken", 4294967295u, t, sizeof(t)), 0);
	assert_int_equal(strlen(t), 10 + 1 + 64); /* the longest fits */
	assert_int_equal(web_member_token("s3cret-T0ken", 0, t, sizeof(t)), -1);
	assert_int_equal(web_member_token(NULL, 64500, t, sizeof(t)), -1);
	assert_int_equal(web_member_token("s3cret-T0ken", 64500, t, 20), -1);

	web_auth_check("s3cret-T0ken", "s3cret-T0ken", &a);
	assert_int_equal(a.role, WEB_ROLE_NOC);
	web_auth_check("s3cret-T0ken", TOK_64500, &a);
	assert_int_equal(a.role, WEB_ROLE_MEMBER);
	assert_true(a.asn == 64500);
	assert_true(web_auth_sees_member(&a, 64500));
	assert_false(web_auth_sees_member(&a, 64501));
	/* A's MAC under B's number, a cut or altered MAC, another secret: nobody */
	snprintf(forged, sizeof(forged), "64501%s", TOK_64500 + 5);
	web_auth_check("s3cret-T0ken", forged, &a);
	assert_int_equal(a.role, WEB_ROLE_PUBLIC);
	snprintf(forged, sizeof(forged), "%.*s", (int)strlen(TOK_64500) - 1, TOK_64500);
	web_auth_check("s3cret-T0ken", forged, &a);
	assert_int_equal(a.role, WEB_ROLE_PUBLIC);
	snprintf(forged, sizeof(forged), "%s", TOK_64500);
	forged[20] = forged[20] == 'a' ? 'b' : 'a';
	web_auth_check("s3cret-T0ken", forged, &a);
	assert_int_equal(a.role, WEB_ROLE_PUBLIC);
	web_auth_check("another", TOK_64500, &a);
	assert_int_equal(a.role, WEB_ROLE_PUBLIC);
	web_auth_check("s3cret-T0ken", NULL, &a);
	assert_int_equal(a.role, WEB_ROLE_PUBLIC);
	assert_false(web_auth_sees_member(&a, 64500));
	/* no token configured: an open lab, everyone is the NOC */
	web_auth_check(NULL, NULL, &a);
	assert_int_equal(a.role, WEB_ROLE_NOC);

	assert_true(web_graph_member_asn("member-64500-day.png", &asn));
	assert_true(asn == 64500);
	assert_true(web_graph_member_asn("member-64500-ipv6share-week.svg", &asn));
	assert_true(asn == 64500);
	assert_true(web_graph_member_asn("member-x-day.png", &asn));
	assert_true(asn == 0);
	assert_false(web_graph_member_asn("lan-day.png", &asn));
}

/* What the pages show to whom (the server refuses the rest: tests/web-check). */
static void test_roles(void **state)
{
	json_t *st = load(crafted);
	struct page_ctx c = {0};
	char *p;
	size_t len;

	(void)state;
	c.graph_exists = no_graphs;
	/* member 64502's own page: its applications are not there for the public */
	json_object_set_new(json_array_get(json_object_get(st, "members"), 2), "protocols",
	    json_pack("[{s:s, s:s, s:i, s:i}]", "protocol", "SecretApp", "family", "ipv4",
	    "frames", 1, "bytes", 1));
	c.auth.role = WEB_ROLE_MEMBER;
	c.auth.asn = 64502;
	p = page_member(st, 64502, &c, &len);
	assert_non_null(strstr(p, "SecretApp"));
	assert_non_null(strstr(p, "BGP sessions seen"));
	free(p);
	c.auth.asn = 64500;
	p = page_member(st, 64502, &c, &len);
	assert_null(strstr(p, "SecretApp"));
	assert_null(strstr(p, "BGP sessions seen"));
	free(p);
	c.auth.role = WEB_ROLE_PUBLIC;
	p = page_member(st, 64502, &c, &len);
	assert_null(strstr(p, "SecretApp"));
	free(p);
	json_decref(st);
}

static void test_public_ranking(void **state)
{
	json_t *st = load(crafted);
	struct page_ctx c = {0};
	json_t *api;
	char *p, *s;
	size_t len;

	(void)state;
	c.graph_exists = no_graphs;
	/* default: nobody named, LAN-wide figures still there */
	p = page_ipv6(st, &c, &len);
	assert_non_null(p);
	assert_null(strstr(p, "AS6450"));
	assert_null(strstr(p, "Corp"));
	assert_non_null(strstr(p, "40.0&nbsp;%"));
	assert_non_null(strstr(p, "none has"));
	free(p);
	c.ranking = "none";
	api = pages_ipv6_json(st, &c);
	assert_int_equal(json_array_size(json_object_get(api, "ranking")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(api, "members"), "active")), 3);
	json_decref(api);
	/* per router vendor: most members first, a member without a vendor counted as "unknown" */
	json_object_set_new(json_array_get(json_object_get(st, "members"), 1), "vendor", json_string("Zeta"));
	json_object_set_new(json_array_get(json_object_get(st, "members"), 2), "vendor", json_string("Zeta"));
	json_object_set_new(json_array_get(json_object_get(st, "members"), 3), "vendor", json_string("Alpha"));
	api = pages_ipv6_json(st, &c);
	{
		json_t *v = json_object_get(api, "vendors");

		assert_int_equal(json_array_size(v), 3);
		assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "vendor")), "Zeta");
		assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 0), "members")), 2);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 0), "ipv6_active")), 1);
		assert_string_equal(json_string_value(json_object_get(json_array_get(v, 1), "vendor")), "Alpha");
		assert_string_equal(json_string_value(json_object_get(json_array_get(v, 2), "vendor")), "unknown");
	}
	json_decref(api);
	/* a list: only those, ranked among themselves; no link for the public */
	c.ranking = "64501, AS64502";
	p = page_ipv6(st, &c, &len);
	assert_non_null(strstr(p, "AS64502"));
	assert_non_null(strstr(p, "AS64501"));
	assert_null(strstr(p, "AS64503"));
	assert_null(strstr(p, "Corp"));
	assert_null(strstr(p, "href=\"/members/"));
	free(p);
	/* the best share is an unregistered member's: ranked, never on the podium */
	json_object_set_new(json_object_get(json_array_get(json_object_get(st, "members"), 3), "ipv6"),
	    "status", json_string("unregistered"));
	c.ranking = "all";
	p = page_ipv6(st, &c, &len);
	s = strstr(p, "class=\"podium\"");
	assert_non_null(s);
	assert_null(strstr(s, "AS64503</span>")); /* podium steps name "ASN</span>" */
	assert_non_null(strstr(s, "AS64502</span>"));
	assert_non_null(strstr(p, "AS64503")); /* in the ranking table */
	free(p);
	api = pages_ipv6_json(st, &c);
	assert_int_equal(json_array_size(json_object_get(api, "ranking")), 4);
	json_decref(api);
	json_decref(st);

	assert_true(cfg_ranking_includes("all", 1));
	assert_false(cfg_ranking_includes("none", 64500));
	assert_false(cfg_ranking_includes(NULL, 64500));
	assert_true(cfg_ranking_includes("64500 as64501,AS64502", 64501));
	assert_false(cfg_ranking_includes("645001", 64500));
	{
		struct ixm_config cfg;
		json_t *j = json_loads("{\"web\": {\"ipv6_ranking\": \"64500 sixty\"}}", 0, NULL);

		cfg_defaults(&cfg);
		assert_string_equal(cfg.web_ipv6_ranking, "none");
		assert_int_equal(cfg_apply_json(j, &cfg, NULL, NULL), 1);
		assert_string_equal(cfg.web_ipv6_ranking, "none");
		json_decref(j);
	}
}

/* Sampled shares: "27 % ± 3", decimals as the interval allows; exact: "27.4 %". */
static void test_share_ci(void **state)
{
	json_t *st = load(crafted), *m;
	struct page_ctx c = {0};
	char *p, *t;
	size_t len;

	(void)state;
	c.graph_exists = no_graphs;
	c.auth.role = WEB_ROLE_NOC;
	json_object_set_new(st, "ipv6_share", json_pack("{s:f, s:f, s:{s:f, s:f}}", "frames", 0.4,
	    "bytes", 0.2741, "ci95", "bytes", 0.031, "frames", 0.004)); /* +-3.1, +-0.4 points */
	m = json_array_get(json_object_get(st, "members"), 0);
	json_object_set_new(m, "ipv6_share", json_pack("{s:f, s:f, s:{s:f}}", "frames", 0.5,
	    "bytes", 0.123456, "ci95", "bytes", 0.0004)); /* +-0.04 points */
	p = page_noc(st, &c, &len);
	assert_non_null(strstr(p, "27&nbsp;% <span class=\"ci\">&plusmn;&nbsp;3</span>"));
	assert_non_null(strstr(p, "40.0&nbsp;% <span class=\"ci\">&plusmn;&nbsp;0.4</span>"));
	/* the member's share is the report's, not recomputed from traffic */
	assert_non_null(strstr(p, "12.35&nbsp;% <span class=\"ci\">&plusmn;&nbsp;0.04</span>"));
	assert_non_null(strstr(p, "IPv6 share: IPv6 bytes"));
	free(p);
	t = metrics_text(st, 0, &len);
	assert_non_null(strstr(t, "ixmon_ipv6_share_ci95_ratio{period=\"since_start\"} 0.031"));
	assert_non_null(strstr(t, "ixmon_ipv6_frame_share_ci95_ratio{period=\"since_start\"} 0.004"));
	assert_non_null(strstr(t, "ixmon_member_ipv6_share_ratio{asn=\"64500\"} 0.123456"));
	assert_non_null(strstr(t, "ixmon_member_ipv6_share_ci95_ratio{asn=\"64500\"} 0.0004"));
	free(t);
	json_decref(st);
}

static void test_listen(void **state)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	char err[256];

	(void)state;
	assert_int_equal(web_parse_listen("127.0.0.1:8080", &ss, &sl, err, sizeof(err)), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(web_parse_listen("[::1]:8080", &ss, &sl, err, sizeof(err)), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(web_parse_listen("0.0.0.0:1", &ss, &sl, err, sizeof(err)), 0);
	assert_int_equal(web_parse_listen("127.0.0.1:0", &ss, &sl, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "port '0'"));
	assert_int_equal(web_parse_listen("127.0.0.1:65536", &ss, &sl, err, sizeof(err)), -1);
	assert_int_equal(web_parse_listen("8080", &ss, &sl, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "8080"));
	assert_int_equal(web_parse_listen("::1:8080", &ss, &sl, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "brackets"));
	assert_int_equal(web_parse_listen("example.org:80", &ss, &sl, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not an IPv4 or IPv6 address"));
	assert_int_equal(web_parse_listen("[::1]8080", &ss, &sl, err, sizeof(err)), -1);
	assert_int_equal(web_parse_listen("1.2.3.4:80x", &ss, &sl, err, sizeof(err)), -1);
}

static void test_token(void **state)
{
	(void)state;
	assert_int_equal(web_token_ok("s3cr3t-Token_1"), 0);
	assert_int_equal(web_token_ok(""), -1);
	assert_int_equal(web_token_ok("a b"), -1);
	assert_int_equal(web_token_ok("a\"b"), -1);
	assert_true(web_token_equal("s3cr3t", "s3cr3t"));
	assert_false(web_token_equal("s3cr3", "s3cr3t"));
	assert_false(web_token_equal("s3cr3tt", "s3cr3t"));
	assert_false(web_token_equal("S3cr3t", "s3cr3t"));
	assert_false(web_token_equal("", "s3cr3t"));
	assert_false(web_token_equal(NULL, "s3cr3t"));
}

/*
 * One timestamp format with its age; rates in bits/s over the last interval;
 * an open critical alert above everything, with its acknowledgement.
 */
static void test_times_rates_critical(void **state)
{
	json_t *st = load(crafted);
	struct page_ctx c = {0};
	char *p, *crit, *h1;
	size_t len;

	(void)state;
	c.graph_exists = no_graphs;
	c.auth.role = WEB_ROLE_NOC;
	c.now = 1793613600 + 180; /* 2026-11-02T10:03:00Z */
	json_object_set_new(st, "window", json_pack("{s:s, s:s, s:{s:{s:i, s:i}, s:{s:i, s:i}}, "
	    "s:[{s:i, s:{s:{s:i}, s:{s:i}}}]}",
	    "start", "2026-11-02T09:59:00Z", "end", "2026-11-02T10:00:00Z",
	    "ethertype", "ipv4", "frames", 10, "bytes", 2250, "ipv6", "frames", 5, "bytes", 750,
	    "members", "asnum", 64500, "traffic", "ipv4", "bytes", 7500000, "ipv6", "bytes", 0));
	json_object_set_new(json_array_get(json_object_get(st, "alerts"), 0), "acknowledged",
	    json_pack("{s:s, s:s}", "time", "2026-11-02T10:01:30.25Z", "note", "called <them>"));
	p = page_noc(st, &c, &len);
	assert_non_null(p);
	/* 60 s: 750 B of IPv6 = 100 bit/s of 400 bit/s; AS64500 sent 1 Mbit/s */
	assert_non_null(strstr(p, "100&nbsp;bit/s IPv6 of 400&nbsp;bit/s"));
	assert_non_null(strstr(p, "1.00&nbsp;Mbit/s"));
	assert_non_null(strstr(p, "2026-11-02 10:00:00Z <span class=\"ago\">(3 min ago)</span>"));
	assert_null(strstr(p, "2026-11-02T10:00:00Z"));
	/* the open critical rogue RA comes before the headline, acknowledged, escaped */
	crit = strstr(p, "Critical: open, or not yet acknowledged <span class=\"count\">2</span>");
	h1 = strstr(p, "<h1>Peering LAN");
	assert_non_null(crit);
	assert_true(crit < h1);
	assert_non_null(strstr(p, "acknowledged at 2026-11-02 10:01:30Z <span class=\"ago\">(90 s ago)"
	    "</span>: called &lt;them&gt;"));
	/* the second rogue RA has cleared but nobody acknowledged it: still on top */
	assert_true(strstr(p, "cleared</span>") < h1);
	assert_non_null(strstr(p, "Earlier alerts (quiet for more than 10 min): 1<")); /* the warning */
	free(p);
	/* once acknowledged, a cleared critical folds away with the other earlier alerts */
	json_object_set_new(json_array_get(json_object_get(st, "alerts"), 1), "acknowledged",
	    json_pack("{s:s, s:s}", "time", "2026-11-02T10:02:00Z", "note", ""));
	p = page_noc(st, &c, &len);
	assert_non_null(strstr(p, "<span class=\"count\">1</span>"));
	assert_non_null(strstr(p, "Earlier alerts (quiet for more than 10 min): 2<"));
	assert_true(strstr(p, "AS64501") > strstr(p, "Earlier alerts"));
	free(p);
	json_decref(st);
}

/* A sampled member's counts carry their interval; exact ones none. */
static void test_member_count_ci(void **state)
{
	json_t *st = load(crafted), *m, *v4;
	struct page_ctx c = {0};
	char *p;
	size_t len;

	(void)state;
	c.graph_exists = no_graphs;
	c.auth.role = WEB_ROLE_NOC;
	m = json_array_get(json_object_get(st, "members"), 0);
	p = page_member(st, (uint64_t)json_integer_value(json_object_get(m, "asnum")), &c, &len);
	assert_null(strstr(p, "&plusmn;&nbsp;1&#8239;234"));
	free(p);
	v4 = json_object_get(json_object_get(m, "traffic"), "ipv4");
	json_object_set_new(v4, "ci95", json_pack("{s:f,s:f}", "frames", 1234.4, "bytes", 56789.0));
	p = page_member(st, (uint64_t)json_integer_value(json_object_get(m, "asnum")), &c, &len);
	assert_non_null(strstr(p, "<span class=\"ci\">&plusmn;&nbsp;1&#8239;234</span>"));
	assert_non_null(strstr(p, "<span class=\"ci\">&plusmn;&nbsp;56.8&nbsp;kB</span>"));
	free(p);
	json_decref(st);
}

/* A member's page lists its IPv6 status changes, newest first. */
static void test_member_history(void **state)
{
	json_t *st = load(crafted), *m;
	struct page_ctx c = {0};
	char *p, *dark, *active;
	size_t len;

	(void)state;
	c.graph_exists = no_graphs;
	c.auth.role = WEB_ROLE_NOC;
	c.now = 1793613600 + 180;
	m = json_array_get(json_object_get(st, "members"), 0);
	json_object_set_new(json_object_get(m, "ipv6"), "history", json_pack(
	    "[{s:s,s:s},{s:s,s:s}]", "status", "active", "since", "2026-11-01T08:00:00Z",
	    "status", "dark", "since", "2026-11-02T09:00:00Z"));
	p = page_member(st, (uint64_t)json_integer_value(json_object_get(m, "asnum")), &c, &len);
	assert_non_null(p);
	assert_non_null(strstr(p, "IPv6 history"));
	dark = strstr(p, "dark since 2026-11-02 09:00:00Z");
	active = strstr(p, "active since 2026-11-01 08:00:00Z");
	assert_non_null(dark);
	assert_non_null(active);
	assert_true(dark < active);
	free(p);
	json_decref(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_router),
		cmocka_unit_test(test_router_rejects),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_label_escape),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_pages_escape),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_member_tokens),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_public_ranking),
		cmocka_unit_test(test_share_ci),
		cmocka_unit_test(test_times_rates_critical),
		cmocka_unit_test(test_member_history),
		cmocka_unit_test(test_member_count_ci),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
