/*
 * decode_sflow.c - sFlow version 5 datagrams (sflow.org, "sFlow Version 5",
 * sflow_version_5.txt, July 2004), the records an IXP monitor needs: raw
 * packet headers from flow samples and generic interface counters from
 * counter samples.  Everything else is skipped by its declared length.
 *
 * All integers are XDR: 32-bit big-endian words, 64-bit counters as two
 * words, opaque data padded with zeros to a multiple of 4.
 *
 *   datagram        version(4)=5  agent_type(4: 1 IPv4, 2 IPv6)
 *                   agent(4|16)  sub_agent_id(4)  sequence(4)  uptime_ms(4)
 *                   n_samples(4)  sample[n_samples]
 *   sample          data_format(4) = enterprise(20 bits) << 12 | format(12)
 *                   length(4)  body[length]
 *     0:1 flow      seq(4) source_id(4: type(8) << 24 | index(24))
 *                   sampling_rate(4) sample_pool(4) drops(4) input(4)
 *                   output(4) n_records(4) record[n_records]        32 + ...
 *     0:3 expanded  seq(4) source_id_type(4) source_id_index(4)
 *         flow      sampling_rate(4) sample_pool(4) drops(4)
 *                   input_format(4) input(4) output_format(4) output(4)
 *                   n_records(4) record[n_records]                  44 + ...
 *     0:2 counters  seq(4) source_id(4) n_records(4) record[]       12 + ...
 *     0:4 expanded  seq(4) source_id_type(4) source_id_index(4)
 *         counters  n_records(4) record[]                           16 + ...
 *   record          data_format(4) length(4) body[length]
 *     flow 0:1      raw packet header: header_protocol(4) frame_length(4)
 *                   stripped(4) header_length(4) header[header_length]
 *                   padded to 4                                     16 + ...
 *     counter 0:1   generic interface counters (88 bytes): ifIndex(4)
 *                   ifType(4) ifSpeed(8) ifDirection(4) ifStatus(4)
 *                   ifInOctets(8) ifInUcastPkts(4) ifInMulticastPkts(4)
 *                   ifInBroadcastPkts(4) ifInDiscards(4) ifInErrors(4)
 *                   ifInUnknownProtos(4) ifOutOctets(8) ifOutUcastPkts(4)
 *                   ifOutMulticastPkts(4) ifOutBroadcastPkts(4)
 *                   ifOutDiscards(4) ifOutErrors(4) ifPromiscuousMode(4)
 *
 * (Layouts checked against the spec and against sflowtool's readers.)
 *
 * Lengths.  Each sample and record becomes a cur_sub() of its parent, so no
 * inner length can reach outside it.  Like sflowtool's lengthCheck() we
 * compare what a known body consumed with what its header declared, both
 * rounded up to 4 (XDR padding):
 *   - declared beyond what the parent holds: DEC_TRUNCATED, stop;
 *   - declared shorter than the fixed part of a known body: DEC_INVALID;
 *   - declared longer: the rest is skipped, it is how later revisions of a
 *     structure extend it (sFlow's rule for compatible additions);
 *   - unknown sample or record formats (any enterprise != 0 as well) are
 *     skipped by their length and counted in other_samples/other_records.
 * A sample of length zero is DEC_INVALID: every sample format has a body,
 * and an empty one means the sender is broken.  A record of unknown format
 * may be empty (opaque<> allows it) and costs 8 bytes, so it cannot loop.
 *
 * Counts.  n_samples and n_records come off the wire and bound nothing but
 * the loop: each loop also ends when its cursor is empty, so 0xffffffff
 * samples cost no more than the bytes that are there.  Running out of bytes
 * before the count is DEC_TRUNCATED, after delivering what was complete.
 * Bytes left once the count is reached are ignored (extension or padding).
 *
 * Values.  The decoder checks structure, not plausibility: a sampling rate
 * of 2^32-1 or a frame_length of 2^32-1 is delivered as read.  What such
 * words may add up to, and what a sequence number that jumps by 2^31
 * means, is decided by the collector (analyze/sflow_collector.c: samples
 * beyond its bounds are malformed "implausible", such jumps agent resets).
 *
 * Failure.  The first failure stops the walk, as in the frame decoders;
 * records delivered before it stay delivered and `res` counts them.  The
 * decoder is pure: no allocation, no globals, no I/O; raw header pointers
 * point into the caller's datagram and live as long as it does.
 */
#include <string.h>

#include "capture/cursor.h"
#include "capture/frame.h"
#include "capture/sflow.h"

#define SFLOW_VERSION 5

#define SFLOW_ADDR_IPV4 1
#define SFLOW_ADDR_IPV6 2

/* Sample formats, enterprise 0 */
#define SFLOW_SAMPLE_FLOW         1
#define SFLOW_SAMPLE_COUNTERS     2
#define SFLOW_SAMPLE_FLOW_EXP     3
#define SFLOW_SAMPLE_COUNTERS_EXP 4

/* Record formats, enterprise 0 */
#define SFLOW_FLOW_RAW_HEADER     1
#define SFLOW_COUNTERS_GENERIC    1

#define SFLOW_RAW_HEADER_FIXED    16 /* the four words before header[] */
#define SFLOW_IF_COUNTERS_LEN     88

/* One walk: where records go and what was seen so far. */
struct sflow_walk {
	const struct sflow_handlers *h;
	const struct sflow_datagram *dg;
	struct sflow_result *res;
};

/* The sample fields every record of it is delivered with. */
struct sflow_sample_hdr {
	uint32_t seq;
	uint32_t source_id;
	uint32_t sampling_rate, sample_pool, drops;
	uint32_t input_if, output_if;
};

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/*
 * Split the next `len` bytes of `parent` off as `sub`, then drop the XDR
 * padding after them.  Padding missing at the very end of the parent is
 * tolerated: nothing follows that it could misalign.
 */
static int take(struct cur *parent, uint32_t len, struct cur *sub)
{
	size_t pad;

	if (cur_sub(parent, len, sub) < 0)
		return DEC_TRUNCATED;
	pad = pad4(len) - len;
	if (cur_skip(parent, pad) < 0)
		cur_skip(parent, cur_left(parent));
	return DEC_OK;
}

/*
 * Source id from the expanded form.  The compact form has 24 bits of
 * index; an expanded index beyond that cannot be shown in the compact id,
 * so it is cut, as sflowtool prints it.
 */
static uint32_t source_id(uint32_t type, uint32_t index)
{
	return (type & 0xffu) << 24 | (index & 0xffffffu);
}

/*
 * Raw packet header (flow record 0:1).  `rec` holds exactly the declared
 * record.  A header_length beyond the record means the sender cut the
 * datagram or lies; either way those bytes are not here: truncated.
 */
static int raw_header(struct sflow_walk *w, const struct sflow_sample_hdr *s,
    struct cur rec)
{
	struct sflow_raw_header rh;

	memset(&rh, 0, sizeof(rh));
	rh.dg = w->dg;
	rh.source_id = s->source_id;
	rh.sample_seq = s->seq;
	rh.sampling_rate = s->sampling_rate;
	rh.sample_pool = s->sample_pool;
	rh.drops = s->drops;
	rh.input_if = s->input_if;
	rh.output_if = s->output_if;
	if (cur_get32(&rec, &rh.protocol) < 0 ||
	    cur_get32(&rec, &rh.frame_length) < 0 ||
	    cur_get32(&rec, &rh.stripped) < 0 ||
	    cur_get32(&rec, &rh.header_len) < 0)
		return DEC_INVALID; /* declared shorter than the fixed part */
	if (rh.header_len > cur_left(&rec))
		return DEC_TRUNCATED;
	/* Padding and anything after it (an extension) are not ours. */
	rh.header = rec.p;
	w->res->raw_headers++;
	if (w->h != NULL && w->h->raw_header != NULL)
		w->h->raw_header(w->h->ctx, &rh);
	return DEC_OK;
}

/* Generic interface counters (counter record 0:1), fixed at 88 bytes. */
static int if_counters(struct sflow_walk *w, const struct sflow_sample_hdr *s,
    struct cur rec)
{
	struct sflow_if_counters ic;

	/* A short record is a lie about a fixed layout, not a cut datagram. */
	if (cur_left(&rec) < SFLOW_IF_COUNTERS_LEN)
		return DEC_INVALID;
	memset(&ic, 0, sizeof(ic));
	ic.dg = w->dg;
	ic.source_id = s->source_id;
	ic.sample_seq = s->seq;
	/* Cannot fail: 88 bytes were checked above. */
	cur_get32(&rec, &ic.if_index);
	cur_get32(&rec, &ic.if_type);
	cur_get64(&rec, &ic.if_speed);
	cur_get32(&rec, &ic.if_direction);
	cur_get32(&rec, &ic.if_status);
	cur_get64(&rec, &ic.in_octets);
	cur_get32(&rec, &ic.in_ucast);
	cur_get32(&rec, &ic.in_mcast);
	cur_get32(&rec, &ic.in_bcast);
	cur_get32(&rec, &ic.in_discards);
	cur_get32(&rec, &ic.in_errors);
	cur_get32(&rec, &ic.in_unknown);
	cur_get64(&rec, &ic.out_octets);
	cur_get32(&rec, &ic.out_ucast);
	cur_get32(&rec, &ic.out_mcast);
	cur_get32(&rec, &ic.out_bcast);
	cur_get32(&rec, &ic.out_discards);
	cur_get32(&rec, &ic.out_errors);
	cur_get32(&rec, &ic.promisc);
	w->res->if_counters++;
	if (w->h != NULL && w->h->if_counters != NULL)
		w->h->if_counters(w->h->ctx, &ic);
	return DEC_OK;
}

/*
 * The record list of a sample.  `flow` picks the flow or the counter
 * record namespace (format 1 means a different thing in each).
 */
static int records(struct sflow_walk *w, const struct sflow_sample_hdr *s,
    struct cur *body, uint32_t n_records, int flow)
{
	struct cur rec;
	uint32_t i, fmt, len;
	int st;

	for (i = 0; i < n_records && cur_left(body) > 0; i++) {
		if (cur_get32(body, &fmt) < 0 || cur_get32(body, &len) < 0)
			return DEC_TRUNCATED;
		if ((st = take(body, len, &rec)) != DEC_OK)
			return st;
		if (flow && fmt == SFLOW_FLOW_RAW_HEADER)
			st = raw_header(w, s, rec);
		else if (!flow && fmt == SFLOW_COUNTERS_GENERIC)
			st = if_counters(w, s, rec);
		else
			w->res->other_records++;
		if (st != DEC_OK)
			return st;
	}
	/* The count promised more records than the sample holds. */
	if (i < n_records)
		return DEC_TRUNCATED;
	return DEC_OK;
}

static int flow_sample(struct sflow_walk *w, struct cur body, int expanded)
{
	struct sflow_sample_hdr s;
	uint32_t type = 0, idx = 0, in_fmt, out_fmt, n_records;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = cur_get32(&body, &s.seq);
	if (expanded) {
		rc |= cur_get32(&body, &type);
		rc |= cur_get32(&body, &idx);
	} else {
		rc |= cur_get32(&body, &s.source_id);
	}
	rc |= cur_get32(&body, &s.sampling_rate);
	rc |= cur_get32(&body, &s.sample_pool);
	rc |= cur_get32(&body, &s.drops);
	if (expanded) {
		/* Format 0 is an ifIndex; 1 discarded, 2 multiple: kept as is. */
		rc |= cur_get32(&body, &in_fmt);
		rc |= cur_get32(&body, &s.input_if);
		rc |= cur_get32(&body, &out_fmt);
		rc |= cur_get32(&body, &s.output_if);
	} else {
		rc |= cur_get32(&body, &s.input_if);
		rc |= cur_get32(&body, &s.output_if);
	}
	rc |= cur_get32(&body, &n_records);
	/* The body is all there (take() checked); its length is too short. */
	if (rc != 0)
		return DEC_INVALID;
	if (expanded)
		s.source_id = source_id(type, idx);
	w->res->flow_samples++;
	return records(w, &s, &body, n_records, 1);
}

static int counter_sample(struct sflow_walk *w, struct cur body, int expanded)
{
	struct sflow_sample_hdr s;
	uint32_t type = 0, idx = 0, n_records;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = cur_get32(&body, &s.seq);
	if (expanded) {
		rc |= cur_get32(&body, &type);
		rc |= cur_get32(&body, &idx);
	} else {
		rc |= cur_get32(&body, &s.source_id);
	}
	rc |= cur_get32(&body, &n_records);
	if (rc != 0)
		return DEC_INVALID;
	if (expanded)
		s.source_id = source_id(type, idx);
	w->res->counter_samples++;
	return records(w, &s, &body, n_records, 0);
}

int sflow_decode(const uint8_t *p, size_t len, const struct sflow_handlers *h,
    struct sflow_datagram *dg, struct sflow_result *res)
{
	struct sflow_datagram dg_local;
	struct sflow_result res_local;
	struct sflow_walk w;
	struct cur c = cur_make(p, len), body;
	uint32_t atype, fmt, slen, i;
	int st;

	if (dg == NULL)
		dg = &dg_local;
	if (res == NULL)
		res = &res_local;
	memset(dg, 0, sizeof(*dg));
	memset(res, 0, sizeof(*res));
	w.h = h;
	w.dg = dg;
	w.res = res;

	if (cur_get32(&c, &dg->version) < 0)
		return DEC_TRUNCATED;
	/* v2/v4 share only the version word; their layout differs after it. */
	if (dg->version != SFLOW_VERSION)
		return DEC_UNSUPPORTED;
	if (cur_get32(&c, &atype) < 0)
		return DEC_TRUNCATED;
	switch (atype) {
	case SFLOW_ADDR_IPV4:
		if (cur_get_bytes(&c, dg->agent, 4) < 0)
			return DEC_TRUNCATED;
		dg->agent_af = 4;
		break;
	case SFLOW_ADDR_IPV6:
		if (cur_get_bytes(&c, dg->agent, 16) < 0)
			return DEC_TRUNCATED;
		dg->agent_af = 6;
		break;
	default:
		/* Without a known address we cannot tell agents apart. */
		return DEC_INVALID;
	}
	if (cur_get32(&c, &dg->sub_agent) < 0 ||
	    cur_get32(&c, &dg->seq) < 0 ||
	    cur_get32(&c, &dg->uptime_ms) < 0 ||
	    cur_get32(&c, &dg->n_samples) < 0)
		return DEC_TRUNCATED;

	for (i = 0; i < dg->n_samples && cur_left(&c) > 0; i++) {
		if (cur_get32(&c, &fmt) < 0 || cur_get32(&c, &slen) < 0)
			return DEC_TRUNCATED;
		if (slen == 0)
			return DEC_INVALID;
		if ((st = take(&c, slen, &body)) != DEC_OK)
			return st;
		/* Enterprise 0 only: the upper 20 bits must be zero. */
		switch (fmt) {
		case SFLOW_SAMPLE_FLOW:
		case SFLOW_SAMPLE_FLOW_EXP:
			st = flow_sample(&w, body, fmt == SFLOW_SAMPLE_FLOW_EXP);
			break;
		case SFLOW_SAMPLE_COUNTERS:
		case SFLOW_SAMPLE_COUNTERS_EXP:
			st = counter_sample(&w, body,
			    fmt == SFLOW_SAMPLE_COUNTERS_EXP);
			break;
		default:
			res->other_samples++;
			st = DEC_OK;
			break;
		}
		if (st != DEC_OK)
			return st;
	}
	if (i < dg->n_samples)
		return DEC_TRUNCATED;
	return DEC_OK;
}
