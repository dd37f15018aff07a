/*
 * metrics.c - state.json as Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/).
 *
 * Format: one family per metric name, `# HELP name text` and `# TYPE name
 * counter|gauge` once, before the family's samples, and all samples of a
 * family together (a parser rejects a family that reappears later).  A
 * sample is `name{label="value",...} number`.  In a label value backslash,
 * double quote and line feed are escaped as \\ \" \n; in HELP text only
 * backslash and line feed.  Names are fixed here; label values come from the
 * state (member names from the IX-F export: untrusted), so every one goes
 * through metrics_label_value().
 *
 * Counters end in _total and are what the state calls cumulative (frames,
 * bytes, messages since the run began); shares, counts of things present
 * and timestamps are gauges.  A family is written only when the state has
 * at least one sample for it (lazy header), so a partial state gives a
 * partial but valid exposition.  Sections added later by other modules
 * (`protocols`, `bgp_sessions`) appear when present.
 *
 * Pure: json_t in, text out; no I/O, no clock.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/fmt.h"
#include "common/jget.h"
#include "common/version.h"
#include "web/metrics.h"
#include "web/pages.h"

struct fam {
	const char *name, *type, *help;
	int written;
};

void metrics_label_value(struct wbuf *b, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s; s++) {
		const char *rep = NULL;

		if (*s == '\\')
			rep = "\\\\";
		else if (*s == '"')
			rep = "\\\"";
		else if (*s == '\n')
			rep = "\\n";
		if (rep) {
			wbuf_put(b, run, (size_t)(s - run));
			wbuf_puts(b, rep);
			run = s + 1;
		}
	}
	wbuf_put(b, run, (size_t)(s - run));
}

/*
 * One sample: `value` is preformatted; then (key, value) label pairs ending
 * with a NULL key.  A NULL label value is written as "".
 */
static void sample(struct wbuf *b, struct fam *f, const char *value, ...)
{
	const char *k, *v;
	va_list ap;
	int first = 1;

	if (!f->written) {
		wbuf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help,
		    f->name, f->type);
		f->written = 1;
	}
	wbuf_puts(b, f->name);
	va_start(ap, value);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		wbuf_puts(b, first ? "{" : ",");
		wbuf_puts(b, k);
		wbuf_puts(b, "=\"");
		metrics_label_value(b, v ? v : "");
		wbuf_puts(b, "\"");
		first = 0;
	}
	va_end(ap);
	wbuf_puts(b, first ? " " : "} ");
	wbuf_puts(b, value);
	wbuf_puts(b, "\n");
}

/* A direct member (keys may hold dots: no path walk), >= 0. */
static uint64_t key_u64(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) && json_integer_value(v) > 0 ?
	    (uint64_t)json_integer_value(v) : 0;
}

static const char *u64s(char *buf, size_t n, uint64_t v)
{
	snprintf(buf, n, "%" PRIu64, v);
	return buf;
}

static const char *dbls(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.17g", v);
	return buf;
}

/* {"k": {"frames": N, "bytes": N}, ...}: two families labelled `label`. */
static void frames_bytes(struct wbuf *b, const json_t *obj, struct fam *ff,
    struct fam *fb, const char *label)
{
	const char *key;
	json_t *v;
	char n[32];

	if (!json_is_object(obj))
		return;
	json_object_foreach((json_t *)(uintptr_t)obj, key, v) {
		if (json_is_object(v) && jget_has_num(v, "frames"))
			sample(b, ff, u64s(n, sizeof(n), jget_u64(v, "frames")), label,
			    key, NULL);
	}
	json_object_foreach((json_t *)(uintptr_t)obj, key, v) {
		if (json_is_object(v) && jget_has_num(v, "bytes"))
			sample(b, fb, u64s(n, sizeof(n), jget_u64(v, "bytes")), label,
			    key, NULL);
	}
}

/* Every integer member of `obj` as one sample labelled `label`=key. */
static void int_members(struct wbuf *b, const json_t *obj, struct fam *f,
    const char *label)
{
	const char *key;
	json_t *v;
	char n[32];

	if (!json_is_object(obj))
		return;
	json_object_foreach((json_t *)(uintptr_t)obj, key, v) {
		if (json_is_integer(v))
			sample(b, f, u64s(n, sizeof(n), key_u64(obj, key)), label, key, NULL);
	}
}

static void one(struct wbuf *b, struct fam *f, const json_t *st, const char *path)
{
	char n[32];

	if (jget_has_num(st, path))
		sample(b, f, u64s(n, sizeof(n), jget_u64(st, path)), NULL);
}

static const char *asn_str(const json_t *m, char *buf, size_t n)
{
	snprintf(buf, n, "%" PRIu64, jget_u64(m, "asnum"));
	return buf;
}

static void members(struct wbuf *b, const json_t *st)
{
	static const char *const fams[] = {"ipv4", "ipv6"};
	struct fam info = {"ixmon_member_info", "gauge",
	    "Member from the registry: name and router vendor (always 1)", 0};
	struct fam mf = {"ixmon_member_frames_total", "counter",
	    "Frames sourced by the member's MACs, by address family", 0};
	struct fam mb = {"ixmon_member_bytes_total", "counter",
	    "Bytes sourced by the member's MACs, by address family", 0};
	struct fam ms = {"ixmon_member_ipv6_status", "gauge",
	    "Member's IPv6 status (active, silent, unregistered, none): 1 for the current one", 0};
	struct fam mshare = {"ixmon_member_ipv6_share_ratio", "gauge",
	    "IPv6 share of the bytes the member sends, IPv6 / (IPv4 + IPv6), 0..1", 0};
	struct fam mci = {"ixmon_member_ipv6_share_ci95_ratio", "gauge",
	    "Half-width of the 95% confidence interval of the member's IPv6 share (sampled data)", 0};
	/* gauges: see protocols() */
	struct fam mp = {"ixmon_member_protocol_bytes", "gauge",
	    "Bytes of the member by family and application protocol, as classified so far (top N)", 0};
	struct fam cnt = {"ixmon_members", "gauge",
	    "Members in the registry by IPv6 status", 0};
	static const char *const statuses[] = {"active", "silent", "unregistered", "none"};
	const json_t *arr = jget(st, "members");
	uint64_t per[4] = {0};
	char a[24], n[32], path[32];
	size_t i, k;
	json_t *m;

	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, m) {
		if (!json_is_object(m))
			continue;
		sample(b, &info, "1", "asn", asn_str(m, a, sizeof(a)), "name",
		    jget_str(m, "name"), "vendor", jget_str(m, "vendor"), NULL);
	}
	for (k = 0; k < 2; k++)
		json_array_foreach(arr, i, m) {
			if (!json_is_object(m))
				continue;
			snprintf(path, sizeof(path), "traffic.%s.frames", fams[k]);
			sample(b, &mf, u64s(n, sizeof(n), jget_u64(m, path)), "asn",
			    asn_str(m, a, sizeof(a)), "family", fams[k], NULL);
		}
	for (k = 0; k < 2; k++)
		json_array_foreach(arr, i, m) {
			if (!json_is_object(m))
				continue;
			snprintf(path, sizeof(path), "traffic.%s.bytes", fams[k]);
			sample(b, &mb, u64s(n, sizeof(n), jget_u64(m, path)), "asn",
			    asn_str(m, a, sizeof(a)), "family", fams[k], NULL);
		}
	/* the pages' definition (pages_v6_share): one share everywhere */
	json_array_foreach(arr, i, m) {
		uint64_t v4 = jget_u64(m, "traffic.ipv4.bytes");
		uint64_t v6 = jget_u64(m, "traffic.ipv6.bytes");

		if (json_is_object(m) && (v4 + v6 > 0 || jget_has_num(m, "ipv6_share.bytes")))
			sample(b, &mshare, dbls(n, sizeof(n), pages_v6_share(m)),
			    "asn", asn_str(m, a, sizeof(a)), NULL);
	}
	json_array_foreach(arr, i, m)
		if (json_is_object(m) && pages_ci95(m, "ipv6_share.ci95.bytes") >= 0)
			sample(b, &mci, dbls(n, sizeof(n), pages_ci95(m, "ipv6_share.ci95.bytes")),
			    "asn", asn_str(m, a, sizeof(a)), NULL);
	json_array_foreach(arr, i, m) {
		const char *s = jget_str(m, "ipv6.status");

		if (!json_is_object(m) || s == NULL)
			continue;
		sample(b, &ms, "1", "asn", asn_str(m, a, sizeof(a)), "status", s, NULL);
		for (k = 0; k < 4; k++)
			if (strcmp(s, statuses[k]) == 0)
				per[k]++;
	}
	for (k = 0; k < 4; k++)
		sample(b, &cnt, u64s(n, sizeof(n), per[k]), "ipv6_status", statuses[k], NULL);
	json_array_foreach(arr, i, m) {
		const json_t *p = jget(m, "protocols"), *e;
		size_t j;

		if (!json_is_array(p))
			continue;
		json_array_foreach(p, j, e) {
			if (jget_str(e, "protocol") == NULL)
				continue;
			sample(b, &mp, u64s(n, sizeof(n), jget_u64(e, "bytes")), "asn",
			    asn_str(m, a, sizeof(a)), "family", jget_str(e, "family"),
			    "protocol", jget_str(e, "protocol"), NULL);
		}
	}
}

static void alerts(struct wbuf *b, const json_t *st)
{
	struct fam at = {"ixmon_alerts_total", "counter",
	    "Occurrences of findings by alert type and member AS (sum of the alerts' counts; alerts are never removed from the table)", 0};
	struct fam as = {"ixmon_open_alerts", "gauge",
	    "Open alerts (distinct type and source, last seen within 10 min of the state's time) by type, severity and member AS", 0};
	const json_t *arr = jget(st, "alerts");
	json_t *sum = json_object(), *cnt = json_object(), *a;
	int64_t now = pages_state_now(st);
	const char *key;
	json_t *v;
	size_t i;
	char n[32];

	if (sum == NULL || cnt == NULL || !json_is_array(arr))
		goto out;
	/* keys join the label values with '\n' (never in a type, severity or number) */
	json_array_foreach(arr, i, a) {
		const char *t = jget_str(a, "type"), *s = jget_str(a, "severity");
		char k[200], asn[24] = "";

		if (t == NULL)
			continue;
		if (jget_has_num(a, "asnum"))
			snprintf(asn, sizeof(asn), "%" PRIu64, jget_u64(a, "asnum"));
		snprintf(k, sizeof(k), "%s\n%s", t, asn);
		json_object_set_new(sum, k, json_integer((json_int_t)(
		    key_u64(sum, k) + jget_u64(a, "count"))));
		if (!pages_alert_open(a, now))
			continue;
		snprintf(k, sizeof(k), "%s\n%s\n%s", t, s ? s : "", asn);
		json_object_set_new(cnt, k, json_integer((json_int_t)key_u64(cnt, k) + 1));
	}
	json_object_foreach(sum, key, v) {
		char t[200], *nl;

		snprintf(t, sizeof(t), "%s", key);
		if ((nl = strchr(t, '\n')) == NULL)
			continue;
		*nl = '\0';
		sample(b, &at, u64s(n, sizeof(n), (uint64_t)json_integer_value(v)),
		    "type", t, "asnum", nl + 1, NULL);
	}
	json_object_foreach(cnt, key, v) {
		char t[200], *nl, *nl2;

		snprintf(t, sizeof(t), "%s", key);
		if ((nl = strchr(t, '\n')) == NULL || (nl2 = strchr(nl + 1, '\n')) == NULL)
			continue;
		*nl = *nl2 = '\0';
		sample(b, &as, u64s(n, sizeof(n), (uint64_t)json_integer_value(v)),
		    "type", t, "severity", nl + 1, "asnum", nl2 + 1, NULL);
	}
out:
	json_decref(sum);
	json_decref(cnt);
}

static void capture(struct wbuf *b, const json_t *st)
{
	struct fam cf = {"ixmon_capture_frames_total", "counter",
	    "Frames read from a live interface", 0};
	struct fam kd = {"ixmon_capture_kernel_dropped_total", "counter",
	    "Frames the kernel dropped for lack of buffer (pcap ps_drop)", 0};
	struct fam id = {"ixmon_capture_interface_dropped_total", "counter",
	    "Frames the interface or driver dropped (pcap ps_ifdrop)", 0};
	struct fam up = {"ixmon_capture_up", "gauge",
	    "1 if the live interface is open", 0};
	struct fam *fs[] = {&cf, &kd, &id};
	static const char *const keys[] = {"frames", "kernel_dropped", "interface_dropped"};
	const json_t *arr = jget(st, "run.capture"), *c;
	size_t i, k;
	char n[32];

	if (!json_is_array(arr))
		return;
	for (k = 0; k < 3; k++)
		json_array_foreach(arr, i, c)
			if (jget_str(c, "interface"))
				sample(b, fs[k], u64s(n, sizeof(n), jget_u64(c, keys[k])),
				    "interface", jget_str(c, "interface"), NULL);
	json_array_foreach(arr, i, c)
		if (jget_str(c, "interface"))
			sample(b, &up, json_is_true(jget(c, "up")) ? "1" : "0",
			    "interface", jget_str(c, "interface"), NULL);
}

static void protocols(struct wbuf *b, const json_t *st)
{
	/*
	 * Gauges, not counters: the state counts a live flow under what it is
	 * classified as at the time of the report, and a flow's first packets
	 * move to the protocol nDPI settles on later (an_app.c), so "Unknown"
	 * can shrink between two scrapes; a counter must never decrease.
	 */
	struct fam pf = {"ixmon_protocol_frames", "gauge",
	    "Frames by address family and application protocol, as classified so far", 0};
	struct fam pb = {"ixmon_protocol_bytes", "gauge",
	    "Bytes by address family and application protocol, as classified so far", 0};
	struct fam bs = {"ixmon_bgp_sessions", "gauge",
	    "BGP sessions seen on the LAN, by address family", 0};
	/* a gauge: sessions evicted from the bounded table take their bytes along */
	struct fam bb = {"ixmon_bgp_session_bytes", "gauge",
	    "Bytes of the BGP sessions in the table, by address family", 0};
	struct fam *pfs[] = {&pf, &pb};
	static const char *const what[] = {"frames", "bytes"};
	const json_t *p = jget(st, "protocols"), *arr, *e;
	json_t *bycount = json_object(), *bybytes = json_object();
	const char *fam;
	size_t i, k;
	char n[32];

	if (json_is_object(p))
		for (k = 0; k < 2; k++)
			json_object_foreach((json_t *)(uintptr_t)p, fam, arr) {
				if (!json_is_array(arr))
					continue;
				json_array_foreach(arr, i, e)
					if (jget_str(e, "protocol"))
						sample(b, pfs[k], u64s(n, sizeof(n), jget_u64(e, what[k])),
						    "family", fam, "protocol", jget_str(e, "protocol"), NULL);
			}
	arr = jget(st, "bgp_sessions");
	if (json_is_array(arr) && bycount && bybytes) {
		json_t *v;

		json_array_foreach(arr, i, e) {
			const char *f = jget_str(e, "family");

			if (f == NULL)
				f = "unknown";
			json_object_set_new(bycount, f, json_integer((json_int_t)key_u64(bycount, f) + 1));
			json_object_set_new(bybytes, f, json_integer((json_int_t)(
			    key_u64(bybytes, f) + jget_u64(e, "bytes"))));
		}
		json_object_foreach(bycount, fam, v)
			sample(b, &bs, u64s(n, sizeof(n), (uint64_t)json_integer_value(v)),
			    "family", fam, NULL);
		json_object_foreach(bybytes, fam, v)
			sample(b, &bb, u64s(n, sizeof(n), (uint64_t)json_integer_value(v)),
			    "family", fam, NULL);
	}
	json_decref(bycount);
	json_decref(bybytes);
}

/* The appliance's own health: RRD writes, rrdcached, graph passes, flows. */
static void health(struct wbuf *b, const json_t *st)
{
	struct fam ru = {"ixmon_rrd_updates_total", "counter",
	    "RRD file updates written (directly or through rrdcached)", 0};
	struct fam re = {"ixmon_rrd_errors_total", "counter",
	    "RRD creates or updates that failed", 0};
	struct fam cu = {"ixmon_rrdcached_up", "gauge",
	    "1 when the last call reached rrdcached, 0 when not (only with --rrdcached)", 0};
	struct fam cq = {"ixmon_rrdcached_queued_updates", "gauge",
	    "Updates waiting for rrdcached to answer again", 0};
	struct fam gs = {"ixmon_graph_render_seconds", "gauge",
	    "Duration of the last graph render pass", 0};
	struct fam gf = {"ixmon_graph_render_failed", "gauge",
	    "Graphs that failed in the last render pass", 0};
	struct fam fe = {"ixmon_flows", "gauge",
	    "Entries in the application flow table (nDPI)", 0};
	struct fam fv = {"ixmon_flows_evicted_total", "counter",
	    "Flows evicted from the full flow table", 0};
	struct fam fu = {"ixmon_flows_uninspected_frames_total", "counter",
	    "Frames of new flows over the nDPI inspection budget (counted as Unknown)", 0};
	char n[32];

	one(b, &ru, st, "graphs.rrd.updates");
	one(b, &re, st, "graphs.rrd.errors");
	if (jget(st, "graphs.rrd.rrdcached.connected"))
		sample(b, &cu, json_is_true(jget(st, "graphs.rrd.rrdcached.connected")) ?
		    "1" : "0", NULL);
	one(b, &cq, st, "graphs.rrd.rrdcached.queued");
	if (jget_has_num(st, "graphs.render.ms"))
		sample(b, &gs, dbls(n, sizeof(n), jget_num(st, "graphs.render.ms", 0) / 1e3),
		    NULL);
	one(b, &gf, st, "graphs.render.failed");
	one(b, &fe, st, "flows.entries");
	one(b, &fv, st, "flows.evicted");
	one(b, &fu, st, "flows.uninspected");
}

char *metrics_text(const json_t *st, int64_t mtime, size_t *len)
{
	struct fam info = {"ixmon_info", "gauge", "ixmon build (always 1)", 0};
	struct fam src = {"ixmon_state_version_info", "gauge",
	    "Version of the ixmon that wrote the state (always 1)", 0};
	struct fam ts = {"ixmon_state_timestamp_seconds", "gauge",
	    "When state.json was last written (Unix time)", 0};
	struct fam last = {"ixmon_last_frame_timestamp_seconds", "gauge",
	    "Timestamp of the last frame analysed (Unix time)", 0};
	struct fam inf = {"ixmon_input_frames_total", "counter",
	    "Frames read from all inputs (before sampling)", 0};
	struct fam ana = {"ixmon_analysed_frames_total", "counter",
	    "Frames decoded and analysed", 0};
	struct fam ff = {"ixmon_frames_total", "counter",
	    "Frames by innermost ethertype (ipv4, ipv6, arp, other); estimates when sampled", 0};
	struct fam fb = {"ixmon_bytes_total", "counter",
	    "Wire bytes by innermost ethertype; estimates when sampled", 0};
	struct fam sh = {"ixmon_ipv6_share_ratio", "gauge",
	    "IPv6 (ethertype 0x86dd) bytes over the bytes of every ethertype on the LAN, 0..1", 0};
	struct fam shf = {"ixmon_ipv6_frame_share_ratio", "gauge",
	    "IPv6 frames over the frames of every ethertype on the LAN, 0..1", 0};
	struct fam shc = {"ixmon_ipv6_share_ci95_ratio", "gauge",
	    "Half-width of the 95% confidence interval of ixmon_ipv6_share_ratio (sampled data)", 0};
	struct fam shfc = {"ixmon_ipv6_frame_share_ci95_ratio", "gauge",
	    "Half-width of the 95% confidence interval of ixmon_ipv6_frame_share_ratio", 0};
	struct fam tf = {"ixmon_tunneled_ipv6_frames_total", "counter",
	    "IPv6 frames tunnelled in IPv4 (also counted as ipv4), by tunnel", 0};
	struct fam tb = {"ixmon_tunneled_ipv6_bytes_total", "counter",
	    "Bytes of IPv6 tunnelled in IPv4 (also counted as ipv4), by tunnel", 0};
	struct fam de = {"ixmon_decode_errors_total", "counter",
	    "Frames that could not be fully decoded, by kind", 0};
	struct fam nd = {"ixmon_nd_arp_messages_total", "counter",
	    "ICMPv6 ND/MLD and ARP messages by type", 0};
	struct fam ad = {"ixmon_alerts_dropped_total", "counter",
	    "Findings not kept because the alert table was full", 0};
	struct fam sd = {"ixmon_sflow_datagrams_total", "counter",
	    "sFlow v5 datagrams received", 0};
	struct fam sfs = {"ixmon_sflow_flow_samples_total", "counter",
	    "sFlow flow samples decoded", 0};
	struct fam sls = {"ixmon_sflow_lost_samples_total", "counter",
	    "sFlow samples lost (sequence-number gaps)", 0};
	struct fam sld = {"ixmon_sflow_lost_datagrams_total", "counter",
	    "sFlow datagrams lost (sequence-number gaps)", 0};
	struct fam srs = {"ixmon_sflow_resets_total", "counter",
	    "sFlow agent sequence resets (restarts, implausible jumps)", 0};
	struct fam smf = {"ixmon_sflow_malformed_total", "counter",
	    "Malformed sFlow datagrams (implausible: flow samples) by reason", 0};
	struct fam sk = {"ixmon_alert_sink_messages_total", "counter",
	    "Alert messages per sink and result (sent, suppressed, dropped, errors)", 0};
	struct fam sl = {"ixmon_syslog_messages_total", "counter",
	    "Switch syslog messages received, by result", 0};
	const json_t *sinks = jget(st, "alert_sinks");
	struct wbuf b;
	char n[32];
	const char *key;
	json_t *v;
	int64_t sec;
	uint32_t nsec;

	wbuf_init(&b, WBUF_MAX);
	sample(&b, &info, "1", "version", IXMON_VERSION, NULL);
	if (jget_str(st, "ixmon.version"))
		sample(&b, &src, "1", "version", jget_str(st, "ixmon.version"), NULL);
	if (mtime > 0)
		sample(&b, &ts, u64s(n, sizeof(n), (uint64_t)mtime), NULL);
	if (jget_str(st, "input.last_ts") &&
	    fmt_parse_rfc3339(jget_str(st, "input.last_ts"), &sec, &nsec) == 0)
		sample(&b, &last, dbls(n, sizeof(n), (double)sec + nsec / 1e9), NULL);
	one(&b, &inf, st, "input.frames");
	one(&b, &ana, st, "input.analysed");
	frames_bytes(&b, jget(st, "ethertype"), &ff, &fb, "ethertype");
	{
		/* the report's share, since the start and over the last interval */
		static const char *const scope[][2] = {{"", "since_start"}, {"window.", "last_interval"}};
		static const char *const what[][2] = {{"bytes", ""}, {"frames", ""}};
		struct fam *fs[2][2] = {{&sh, &shc}, {&shf, &shfc}};
		char path[64];
		int w, k, ci;

		for (k = 0; k < 2; k++)
			for (ci = 0; ci < 2; ci++)
				for (w = 0; w < 2; w++) {
					snprintf(path, sizeof(path), "%sipv6_share.%s%s", scope[w][0],
					    ci ? "ci95." : "", what[k][0]);
					if (jget_has_num(st, path))
						sample(&b, fs[k][ci], dbls(n, sizeof(n), jget_num(st, path, 0)),
						    "period", scope[w][1], NULL);
				}
	}
	frames_bytes(&b, jget(st, "tunneled_ipv6"), &tf, &tb, "tunnel");
	int_members(&b, jget(st, "input.decode_errors"), &de, "kind");
	int_members(&b, jget(st, "nd_arp"), &nd, "type");
	alerts(&b, st);
	one(&b, &ad, st, "alerts_dropped");
	members(&b, st);
	one(&b, &sd, st, "sflow.datagrams");
	one(&b, &sfs, st, "sflow.flow_samples");
	one(&b, &sls, st, "sflow.lost_samples");
	one(&b, &sld, st, "sflow.lost_datagrams");
	one(&b, &srs, st, "sflow.resets");
	int_members(&b, jget(st, "sflow.malformed"), &smf, "reason");
	capture(&b, st);
	if (json_is_object(sinks))
		json_object_foreach((json_t *)(uintptr_t)sinks, key, v) {
			const char *r;
			json_t *c;

			/* sinks are objects of counters; "events"/"groups" are not sinks */
			if (!json_is_object(v) || strcmp(key, "events") == 0)
				continue;
			json_object_foreach(v, r, c)
				if (json_is_integer(c))
					sample(&b, &sk, u64s(n, sizeof(n), key_u64(v, r)),
					    "sink", key, "result", r, NULL);
		}
	int_members(&b, jget(st, "syslog"), &sl, "result");
	protocols(&b, st);
	health(&b, st);
	return wbuf_finish(&b, len);
}
