/*
 * engine.c - see engine.h.
 */
#include <pcap/pcap.h>
#include <stdlib.h>

#include <time.h>

#include "analyze/analyzer.h"
#include "analyze/engine.h"
#include "analyze/portsec.h"
#include "capture/syslog.h"
#include "analyze/sflow_collector.h"
#include "capture/decode.h"
#include "capture/sflow.h"
#include "common/fmt.h"
#include "common/log.h"
#include "common/version.h"

#define ENGINE_MAX_ANALYZERS 32

/* The report's "syslog" counters, by enum syslog_result. */
static const char *const syslog_keys[SYSLOG_R_EMPTY + 1] = {"violations",
    "other", "malformed", "empty"};

struct engine {
	uint32_t sample_n;
	uint64_t seen;     /* frames offered */
	uint32_t skip;     /* frames to pass over before the next sample */
	uint64_t seed, rng; /* the sampler's: as given, and its state */
	uint64_t analysed; /* frames decoded and analysed */
	uint64_t dec_err[DEC_UNSUPPORTED + 1];
	uint64_t snapped; /* analysed frames whose headers the snap length cut */
	int have_ts;
	int64_t first_sec, last_sec;
	uint32_t first_nsec, last_nsec;
	struct dec_frame frame; /* scratch: decoded in place, no malloc */
	struct dec_frame sframe; /* a frame sampled inside an sFlow datagram */
	uint16_t sflow_port;     /* UDP port of sFlow inside captures, 0 = off */
	uint32_t app_budget;     /* limits.ndpi_new_flows_per_second as configured */
	struct sfc *sflow;
	int64_t sflow_sec;       /* capture time of the datagram being read */
	uint32_t sflow_nsec;
	const struct syslog_matcher *syslog; /* NULL: count only */
	struct portsec_env portsec;
	uint64_t syslog_results[SYSLOG_R_EMPTY + 1];
	struct ixm_config cfg;
	struct an_env env;
	struct an_shared shared;
	void *state[ENGINE_MAX_ANALYZERS];
	json_t *files;  /* names as given */
	json_t *inputs; /* per-input details */
	json_t *errors;
};

/* splitmix64 (Steele, Lea, Flood 2014): fast, and every seed is good. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Frames to pass over before the next sample: 0 .. 2N - 2, mean N - 1. */
static uint32_t draw_skip(struct engine *e)
{
	uint64_t range = 2 * (uint64_t)e->sample_n - 1;

	/* modulo bias: at most range / 2^64 */
	return e->sample_n > 1 ? (uint32_t)(next_random(&e->rng) % range) : 0;
}

void engine_set_sample_seed(struct engine *e, uint64_t seed)
{
	e->seed = e->rng = seed;
	e->skip = draw_skip(e);
}

struct engine *engine_new(uint32_t sample_n)
{
	return engine_new_env(sample_n, NULL, NULL);
}

struct engine *engine_new_env(uint32_t sample_n, const struct ixm_config *cfg,
    const struct registry *reg)
{
	struct engine *e = xcalloc(1, sizeof(*e));
	int i;

	e->sample_n = sample_n ? sample_n : 1;
	engine_set_sample_seed(e, 1);
	if (cfg)
		e->cfg = *cfg;
	else
		cfg_defaults(&e->cfg);
	e->env.cfg = &e->cfg;
	e->app_budget = e->cfg.new_flows_per_second;
	e->env.reg = reg;
	e->env.alerts = alert_table_new(e->cfg.max_alerts);
	e->env.shared = &e->shared;
	e->sflow_port = SFLOW_DEFAULT_PORT;
	e->sflow = sfc_new(e->cfg.max_trackers);
	for (i = 0; analyzer_table[i] != NULL; i++) {
		if (i >= ENGINE_MAX_ANALYZERS)
			fatalx("too many analyzers in analyzer_table");
		e->state[i] = analyzer_table[i]->init(&e->env);
	}
	e->files = json_array();
	e->inputs = json_array();
	e->errors = json_array();
	return e;
}

void engine_free(struct engine *e)
{
	int i;

	if (e == NULL)
		return;
	for (i = 0; analyzer_table[i] != NULL; i++)
		analyzer_table[i]->free(e->state[i]);
	alert_table_free(e->env.alerts);
	sfc_free(e->sflow);
	json_decref(e->files);
	json_decref(e->inputs);
	json_decref(e->errors);
	free(e);
}

uint64_t engine_frames_seen(const struct engine *e) { return e->seen; }

void engine_set_sflow_port(struct engine *e, uint16_t port) { e->sflow_port = port; }

void engine_set_app_shedding(struct engine *e, uint32_t divisor)
{
	uint32_t n = e->app_budget / (divisor ? divisor : 1);

	/* the analyzers read the budget from the engine's configuration; 0: paused */
	e->cfg.new_flows_per_second = divisor == ENGINE_APP_PAUSED ? 0 : n ? n : 1;
}

static int ts_before(int64_t s1, uint32_t n1, int64_t s2, uint32_t n2)
{
	return s1 < s2 || (s1 == s2 && n1 < n2);
}

/* The input's first and last capture time, whatever order frames come in. */
static void note_time(struct engine *e, int64_t sec, uint32_t nsec)
{
	if (!e->have_ts || ts_before(sec, nsec, e->first_sec, e->first_nsec)) {
		e->first_sec = sec;
		e->first_nsec = nsec;
	}
	if (!e->have_ts || ts_before(e->last_sec, e->last_nsec, sec, nsec)) {
		e->last_sec = sec;
		e->last_nsec = nsec;
	}
	e->have_ts = 1;
}

static void analyse(struct engine *e, const struct dec_frame *f, int64_t sec,
    uint32_t nsec, uint32_t weight)
{
	struct frame_meta meta;
	int i;

	e->dec_err[f->status]++;
	e->snapped += f->snapped;
	meta.ts_sec = sec;
	meta.ts_nsec = nsec;
	meta.weight = weight;
	for (i = 0; analyzer_table[i] != NULL; i++)
		analyzer_table[i]->frame(e->state[i], f, &meta);
}

/* A frame sampled by an sFlow agent: the same decoders, its own weight. */
static void sflow_frame(void *ctx, const uint8_t *hdr, uint32_t caplen,
    uint32_t wirelen, uint32_t weight)
{
	struct engine *e = ctx;

	dec_frame(DEC_LINKTYPE_ETHERNET, hdr, caplen, wirelen, &e->sframe);
	analyse(e, &e->sframe, e->sflow_sec, e->sflow_nsec, weight);
}

void engine_sflow(struct engine *e, int64_t sec, uint32_t nsec,
    const uint8_t *p, size_t len)
{
	e->sflow_sec = sec;
	e->sflow_nsec = nsec;
	note_time(e, sec, nsec);
	sfc_datagram(e->sflow, p, len, sec, sflow_frame, e);
}

struct alert_table *engine_alerts(struct engine *e) { return e->env.alerts; }

void engine_set_syslog(struct engine *e, const struct syslog_matcher *sm,
    const struct portsec_port *ports, size_t n_ports)
{
	const struct addr_prefix *p = NULL;

	e->syslog = sm;
	memset(&e->portsec, 0, sizeof(e->portsec));
	e->portsec.reg = e->env.reg;
	e->portsec.alerts = e->env.alerts;
	e->portsec.ports = ports;
	e->portsec.n_ports = n_ports;
	/* the misaligned-MAC explainer needs the LAN's IPv6 prefix */
	if (e->cfg.n_lan_v6)
		p = &e->cfg.lan_v6[0];
	else if (e->env.reg)
		p = reg_lan_v6(e->env.reg);
	if (p)
		e->portsec.lan_v6 = *p;
}

void engine_syslog(struct engine *e, const uint8_t *p, size_t len,
    const char *origin, int64_t now)
{
	const time_t t = (time_t)now;
	struct syslog_violation v;
	struct syslog_msg m;
	enum syslog_result res;
	struct tm tm;

	if (e->syslog == NULL) {
		e->syslog_results[SYSLOG_R_OTHER]++;
		return;
	}
	gmtime_r(&t, &tm);
	/* RFC 3164 stamps carry no year: this year's. */
	res = syslog_process(e->syslog, p, len, tm.tm_year + 1900, &m, &v);
	e->syslog_results[res]++;
	if (res == SYSLOG_R_VIOLATION)
		portsec_raise(&e->portsec, &v, origin, now);
}

int engine_restore(struct engine *e, const json_t *state)
{
	const json_t *in = json_object_get(state, "input");
	const json_t *de = json_object_get(in, "decode_errors");
	const char *first = json_string_value(json_object_get(in, "first_ts"));
	const char *last = json_string_value(json_object_get(in, "last_ts"));
	int i;

	if (!json_is_object(in) || !json_is_object(json_object_get(state, "ethertype")))
		return -1;
	e->seen = an_json_u64(in, "frames");
	e->analysed = an_json_u64(in, "analysed");
	e->snapped = an_json_u64(in, "snapped");
	e->dec_err[DEC_TRUNCATED] = an_json_u64(de, "truncated");
	e->dec_err[DEC_INVALID] = an_json_u64(de, "invalid");
	e->dec_err[DEC_UNSUPPORTED] = an_json_u64(de, "unsupported");
	if (first && last && fmt_parse_rfc3339(first, &e->first_sec, &e->first_nsec) == 0 &&
	    fmt_parse_rfc3339(last, &e->last_sec, &e->last_nsec) == 0)
		e->have_ts = 1;
	sfc_restore(e->sflow, json_object_get(state, "sflow"));
	for (i = 0; i <= SYSLOG_R_EMPTY; i++)
		e->syslog_results[i] = an_json_u64(json_object_get(state, "syslog"),
		    syslog_keys[i]);
	for (i = 0; analyzer_table[i] != NULL; i++)
		if (analyzer_table[i]->restore)
			analyzer_table[i]->restore(e->state[i], state);
	alert_table_restore(e->env.alerts, json_object_get(state, "alerts"));
	return 0;
}

/* Is this frame an sFlow datagram to be opened rather than counted? */
static int is_sflow(const struct engine *e, const struct dec_frame *f)
{
	return e->sflow_port && (f->layers & DEC_HAS_L4) &&
	    f->l4_proto == IPPROTO_V_UDP && f->dport == e->sflow_port &&
	    f->tunnel == DEC_TUN_NONE && f->payload != NULL;
}

void engine_offer(struct engine *e, int linktype, int64_t sec, uint32_t nsec,
    const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, uint32_t weight)
{
	int sampled;

	/* Capture time spans every frame offered, analysed or not. */
	note_time(e, sec, nsec);
	e->seen++;
	/* A countdown, not seen % n: no division on the per-frame path. */
	sampled = e->skip == 0;
	if (sampled)
		e->skip = draw_skip(e);
	else
		e->skip--;
	/*
	 * sFlow datagrams are opened whether sampled or not (they are samples
	 * already), so with --sample every frame is decoded to find them.
	 */
	if (!sampled && !e->sflow_port)
		return;
	/*
	 * Bytes are what the capture header says was on the wire, even when a
	 * corrupt header claims less than was captured (tshark does the same).
	 */
	dec_frame(linktype, pkt, caplen, wirelen, &e->frame);
	if (is_sflow(e, &e->frame)) {
		/* The carrier is collector traffic, not the LAN's: not counted. */
		engine_sflow(e, sec, nsec, e->frame.payload, e->frame.payload_len);
		return;
	}
	if (!sampled)
		return;
	e->analysed++;
	analyse(e, &e->frame, sec, nsec, weight * e->sample_n);
}

static void sink_frame(void *ctx, int linktype, int64_t sec, uint32_t nsec,
    const uint8_t *pkt, uint32_t caplen, uint32_t wirelen)
{
	engine_offer(ctx, linktype, sec, nsec, pkt, caplen, wirelen, 1);
}

static void sink_done(void *ctx, const char *name, const char *format,
    int linktype, uint64_t frames, const char *error)
{
	engine_input_done(ctx, name, format, linktype, frames, error);
}

struct src_sink engine_sink(struct engine *e)
{
	struct src_sink s = {sink_frame, sink_done, e};

	return s;
}

void engine_input_done(struct engine *e, const char *name, const char *format,
    int linktype, uint64_t frames, const char *error)
{
	json_t *o = json_pack("{s:s,s:I}", "file", name, "frames",
	    (json_int_t)frames);
	const char *lt = linktype >= 0 ? pcap_datalink_val_to_name(linktype) : NULL;

	json_array_append_new(e->files, json_string(name));
	json_object_set_new(o, "format", format ? json_string(format) : json_null());
	json_object_set_new(o, "linktype", lt ? json_string(lt) : json_null());
	json_object_set_new(o, "error", error ? json_string(error) : json_null());
	json_array_append_new(e->inputs, o);
	if (error)
		json_array_append_new(e->errors,
		    json_pack("{s:s,s:s}", "file", name, "error", error));
}

json_t *engine_report(struct engine *e)
{
	return engine_report_ex(e, 1);
}

json_t *engine_report_ex(struct engine *e, int final)
{
	json_t *root = json_object(), *input, *syslog;
	char ts[FMT_TS_LEN];
	int i;

	json_object_set_new(root, "ixmon",
	    json_pack("{s:s}", "version", IXMON_VERSION));
	input = json_pack("{s:O,s:I,s:I,s:I}", "files", e->files, "frames",
	    (json_int_t)e->seen, "analysed", (json_int_t)e->analysed,
	    "sample_rate", (json_int_t)e->sample_n);
	if (e->sample_n > 1) /* a string: JSON readers lose 64-bit integers */
		json_object_set_new(input, "sample_seed",
		    json_sprintf("%llu", (unsigned long long)e->seed));
	json_object_set_new(input, "first_ts",
	    e->have_ts ? json_string(fmt_rfc3339(ts, e->first_sec, e->first_nsec))
		       : json_null());
	json_object_set_new(input, "last_ts",
	    e->have_ts ? json_string(fmt_rfc3339(ts, e->last_sec, e->last_nsec))
		       : json_null());
	json_object_set_new(input, "decode_errors",
	    json_pack("{s:I,s:I,s:I}", "truncated",
		(json_int_t)e->dec_err[DEC_TRUNCATED], "invalid",
		(json_int_t)e->dec_err[DEC_INVALID], "unsupported",
		(json_int_t)e->dec_err[DEC_UNSUPPORTED]));
	json_object_set_new(input, "snapped",
	    json_integer((json_int_t)e->snapped));
	json_object_set(input, "details", e->inputs);
	json_object_set(input, "errors", e->errors);
	json_object_set_new(root, "input", input);
	json_object_set_new(root, "sflow", sfc_report(e->sflow));
	syslog = json_object();
	for (i = 0; i <= SYSLOG_R_EMPTY; i++)
		json_object_set_new(syslog, syslog_keys[i],
		    json_integer((json_int_t)e->syslog_results[i]));
	json_object_set_new(root, "syslog", syslog);
	/* Whole-run findings first, so every report() sees the alerts. */
	for (i = 0; analyzer_table[i] != NULL; i++)
		if (analyzer_table[i]->finish)
			analyzer_table[i]->finish(e->state[i], e->last_sec, final);
	for (i = 0; analyzer_table[i] != NULL; i++)
		if (analyzer_table[i]->report)
			analyzer_table[i]->report(e->state[i], root);
	/* Without a member list there is no member section, but the key stays. */
	if (json_object_get(root, "members") == NULL)
		json_object_set_new(root, "members", json_array());
	json_object_set_new(root, "alerts", alert_table_json(e->env.alerts));
	json_object_set_new(root, "alerts_dropped",
	    json_integer((json_int_t)alert_table_dropped(e->env.alerts)));
	return root;
}
