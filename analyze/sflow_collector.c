/*
 * sflow_collector.c - see sflow_collector.h.
 *
 * Sequence numbers (sFlow v5 section 4): the datagram sequence counts per
 * agent and sub-agent, the sample sequence per data source (source_id) of
 * that agent.  A jump forward of d means d - 1 datagrams or samples never
 * arrived, as long as d - 1 is a loss the agent could have caused: at most
 * SFC_GAP_MIN, or SFC_GAP_RATE per second since the last one we saw
 * (whichever is more).  A larger jump forward, or any jump backwards, is
 * an agent (or data source) that restarted or was replaced: it starts
 * counting anew and, for the datagram sequence, counts one "reset" (a
 * spoofed or garbled sequence number near 2^31 would otherwise read as
 * two billion lost datagrams).
 *
 * Volume: a flow sample stands for sampling_rate frames of frame_length
 * bytes.  Both are 32-bit words an agent (or anyone who can reach the
 * port) chooses, so the product alone reaches 2^64.  A sample with a
 * sampling rate above SFC_MAX_RATE (2^24: one in 16 million, far sparser
 * than any agent is configured) or rate x wire length above SFC_MAX_BYTES
 * (2^40 bytes, 1 TB, per sample: what a 100 Gb/s link carries in over 80
 * s, and agents export samples far more often than that) is counted as
 * malformed ("implausible", per sample) and adds nothing.  What passes
 * still adds up in saturating counters (analyzer.h, AN_COUNT_MAX).
 */
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lru.h"
#include "analyze/sflow_collector.h"
#include "capture/decode.h"
#include "capture/sflow.h"
#include "common/fmt.h"
#include "common/log.h"

#define SFC_MAX_IFS 4096
#define SFC_GAP_MIN 10000u         /* a loss this large is always plausible */
#define SFC_GAP_RATE 1000u         /* ... or this many per second of silence */
#define SFC_MAX_RATE (1u << 24)    /* 1 in N: larger is implausible */
#define SFC_MAX_BYTES (1ull << 40) /* rate x wire length of one sample */

struct seq_state {
	uint32_t last;
	uint8_t have;
	int64_t at; /* when `last` arrived */
};

struct if_state {
	struct sflow_if_counters c;
	int64_t at;
};

struct sfc {
	struct lru *agents;  /* agent + sub-agent -> datagram sequence */
	struct lru *sources; /* agent + sub-agent + source_id -> sample sequence */
	struct lru *ifs;     /* agent + ifIndex -> latest counters */
	uint64_t datagrams, bad[DEC_UNSUPPORTED + 1];
	uint64_t flow_samples, counter_samples, raw_headers, non_ethernet;
	uint64_t lost_samples, lost_datagrams, sampled_frames;
	uint64_t implausible, resets;
	int64_t now;
	sfc_frame_fn fn;
	void *ctx;
};

struct sfc *sfc_new(uint32_t max_sources)
{
	struct sfc *c = xcalloc(1, sizeof(*c));

	c->agents = lru_new(max_sources, 25, sizeof(struct seq_state));
	c->sources = lru_new(max_sources, 25, sizeof(struct seq_state));
	c->ifs = lru_new(SFC_MAX_IFS, 25, sizeof(struct if_state));
	return c;
}

void sfc_free(struct sfc *c)
{
	if (c == NULL)
		return;
	lru_free(c->agents);
	lru_free(c->sources);
	lru_free(c->ifs);
	free(c);
}

/* Key: address family, agent address, sub-agent (and a 32-bit extra). */
static size_t agent_key(uint8_t key[25], const struct sflow_datagram *dg,
    uint32_t extra)
{
	key[0] = dg->agent_af;
	memcpy(key + 1, dg->agent, 16);
	memcpy(key + 17, &dg->sub_agent, 4);
	memcpy(key + 21, &extra, 4);
	return 25;
}

/*
 * How many sequence numbers were skipped (lost) since the last one seen
 * at `now`; *reset is set when the jump is no loss but a restart.
 */
static uint64_t seq_gap(struct seq_state *s, uint32_t seq, int64_t now,
    int *reset)
{
	uint64_t lost = 0, bound = SFC_GAP_MIN;
	uint32_t d = seq - s->last;

	*reset = 0;
	if (s->have && now > s->at)
		bound = (uint64_t)(now - s->at) > UINT32_MAX / SFC_GAP_RATE ?
		    UINT32_MAX : (uint64_t)(now - s->at) * SFC_GAP_RATE;
	if (bound < SFC_GAP_MIN)
		bound = SFC_GAP_MIN;
	if (s->have && d != 0) {
		if (d < 0x80000000u && d - 1 <= bound)
			lost = d - 1;
		else
			*reset = 1;
	}
	s->last = seq;
	s->have = 1;
	s->at = now;
	return lost;
}

static void on_raw_header(void *ctx, const struct sflow_raw_header *h)
{
	struct sfc *c = ctx;
	uint8_t key[25];
	int created, reset;
	uint32_t wire, rate;

	c->raw_headers++;
	agent_key(key, h->dg, h->source_id);
	an_add_sat(&c->lost_samples, seq_gap(lru_get(c->sources, key, c->now,
	    &created), h->sample_seq, c->now, &reset));
	if (h->protocol != 1) { /* only ISO 8802-3 Ethernet headers */
		c->non_ethernet++;
		return;
	}
	/* frame_length counts what the agent stripped (the FCS) too. */
	wire = h->frame_length > h->stripped ? h->frame_length - h->stripped : 0;
	if (wire < h->header_len)
		wire = h->header_len;
	rate = h->sampling_rate ? h->sampling_rate : 1;
	if (rate > SFC_MAX_RATE || (uint64_t)rate * wire > SFC_MAX_BYTES) {
		c->implausible++;
		return;
	}
	an_add_sat(&c->sampled_frames, rate);
	c->fn(c->ctx, h->header, h->header_len, wire, rate);
}

static void on_if_counters(void *ctx, const struct sflow_if_counters *ic)
{
	struct sfc *c = ctx;
	uint8_t key[25];
	struct if_state *st;
	int created;

	agent_key(key, ic->dg, ic->if_index);
	st = lru_get(c->ifs, key, c->now, &created);
	st->c = *ic;
	st->c.dg = NULL; /* points into a datagram that is gone by report time */
	st->at = c->now;
}

int sfc_datagram(struct sfc *c, const uint8_t *p, size_t len, int64_t now,
    sfc_frame_fn fn, void *ctx)
{
	const struct sflow_handlers h = {on_raw_header, on_if_counters, c};
	struct sflow_datagram dg;
	struct sflow_result res;
	uint8_t key[25];
	int st, created, reset;

	c->now = now;
	c->fn = fn;
	c->ctx = ctx;
	c->datagrams++;
	memset(&dg, 0, sizeof(dg));
	memset(&res, 0, sizeof(res));
	st = sflow_decode(p, len, &h, &dg, &res);
	c->flow_samples += res.flow_samples;
	c->counter_samples += res.counter_samples;
	if (st != DEC_OK)
		c->bad[st]++;
	if (dg.version == 5 && (dg.agent_af == 4 || dg.agent_af == 6)) {
		agent_key(key, &dg, 0);
		an_add_sat(&c->lost_datagrams, seq_gap(lru_get(c->agents, key,
		    now, &created), dg.seq, now, &reset));
		c->resets += (uint64_t)reset;
	}
	return st;
}

uint64_t sfc_datagrams(const struct sfc *c) { return c->datagrams; }

void sfc_restore(struct sfc *c, const json_t *s)
{
	const json_t *bad = json_object_get(s, "malformed");

	c->datagrams = an_json_u64(s, "datagrams");
	c->bad[DEC_TRUNCATED] = an_json_u64(bad, "truncated");
	c->bad[DEC_INVALID] = an_json_u64(bad, "invalid");
	c->bad[DEC_UNSUPPORTED] = an_json_u64(bad, "unsupported");
	c->implausible = an_json_u64(bad, "implausible");
	c->resets = an_json_u64(s, "resets");
	c->flow_samples = an_json_u64(s, "flow_samples");
	c->counter_samples = an_json_u64(s, "counter_samples");
	c->raw_headers = an_json_u64(s, "raw_headers");
	c->non_ethernet = an_json_u64(s, "non_ethernet_headers");
	c->sampled_frames = an_json_u64(s, "sampled_frames");
	c->lost_samples = an_json_u64(s, "lost_samples");
	c->lost_datagrams = an_json_u64(s, "lost_datagrams");
}

/* Interfaces in key order (agent, then index), not the table's hash order. */
struct if_row {
	uint8_t key[25];
	json_t *o;
};

struct if_rows {
	struct if_row *r;
	size_t n;
};

static void if_json(void *ctx, const void *key, void *val)
{
	const uint8_t *k = key;
	const struct if_state *st = val;
	char agent[FMT_IP_LEN];
	struct if_rows *rows = ctx;
	struct if_row *row = &rows->r[rows->n++];

	memcpy(row->key, k, sizeof(row->key));
	row->o = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "agent",
		fmt_ip(agent, k[0] == 6 ? 6 : 4, k + 1), "if_index",
		(json_int_t)st->c.if_index, "if_speed", an_ji(st->c.if_speed),
		"in_octets", an_ji(st->c.in_octets), "out_octets",
		an_ji(st->c.out_octets), "in_errors",
		(json_int_t)st->c.in_errors, "out_errors",
		(json_int_t)st->c.out_errors, "in_discards",
		(json_int_t)st->c.in_discards, "out_discards",
		(json_int_t)st->c.out_discards, "status",
		(json_int_t)st->c.if_status);
}

static int by_key(const void *a, const void *b)
{
	return memcmp(((const struct if_row *)a)->key, ((const struct if_row *)b)->key, 25);
}

json_t *sfc_report(const struct sfc *c)
{
	json_t *ifs = json_array();
	struct if_rows rows = {xcalloc(lru_count(c->ifs) + 1, sizeof(*rows.r)), 0};
	size_t i;

	lru_foreach(c->ifs, if_json, &rows);
	qsort(rows.r, rows.n, sizeof(*rows.r), by_key);
	for (i = 0; i < rows.n; i++)
		json_array_append_new(ifs, rows.r[i].o);
	free(rows.r);
	return json_pack("{s:I,s:{s:I,s:I,s:I,s:I},s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o}",
	    "datagrams", (json_int_t)c->datagrams, "malformed", "truncated",
	    (json_int_t)c->bad[DEC_TRUNCATED], "invalid",
	    (json_int_t)c->bad[DEC_INVALID], "unsupported",
	    (json_int_t)c->bad[DEC_UNSUPPORTED], "implausible",
	    (json_int_t)c->implausible, "flow_samples",
	    (json_int_t)c->flow_samples, "counter_samples",
	    (json_int_t)c->counter_samples, "raw_headers",
	    (json_int_t)c->raw_headers, "non_ethernet_headers",
	    (json_int_t)c->non_ethernet, "sampled_frames",
	    an_ji(c->sampled_frames), "lost_samples",
	    an_ji(c->lost_samples), "lost_datagrams",
	    an_ji(c->lost_datagrams), "resets", (json_int_t)c->resets, "agents",
	    (json_int_t)lru_count(c->agents), "interfaces", ifs);
}
