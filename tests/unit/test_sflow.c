/*
 * test_sflow.c - every structure and every error path of the sFlow v5
 * decoder (capture/decode_sflow.c) on hand-built datagrams.
 *
 * Datagrams are written word by word with w32()/w64(); the length word of a
 * sample or record is written as a placeholder by open_len() and filled by
 * close_len() once its body is complete, unless the test is about a lying
 * length, in which case the value is written out.  decode() copies each
 * datagram into a heap buffer of exactly its size, so the sanitizer build
 * catches a read one byte past the end, and checks that every delivered
 * header pointer lies inside that buffer.
 *
 * The collector tests (test_collector_*) feed datagrams through an engine
 * (analyze/sflow_collector.c): hostile volumes (sampling rate and frame
 * length near 2^32) and hostile sequence numbers (jumps near 2^31) must
 * neither wrap a counter, nor put a negative number in the report, nor
 * read as billions of lost datagrams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/analyzer.h"
#include "analyze/engine.h"
#include "capture/frame.h"
#include "capture/sflow.h"
#include "common/jget.h"

struct buf {
	uint8_t b[4096];
	size_t n;
};

static void w32(struct buf *b, uint32_t v)
{
	assert_true(b->n + 4 <= sizeof(b->b));
	b->b[b->n++] = (uint8_t)(v >> 24);
	b->b[b->n++] = (uint8_t)(v >> 16);
	b->b[b->n++] = (uint8_t)(v >> 8);
	b->b[b->n++] = (uint8_t)v;
}

static void w64(struct buf *b, uint64_t v)
{
	w32(b, (uint32_t)(v >> 32));
	w32(b, (uint32_t)v);
}

static void wbytes(struct buf *b, const uint8_t *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->b));
	if (n > 0)
		memcpy(b->b + b->n, p, n);
	b->n += n;
}

/* Zeros up to the next multiple of 4 (XDR opaque padding). */
static void wpad(struct buf *b)
{
	while (b->n % 4 != 0)
		b->b[b->n++] = 0;
}

static void set32(struct buf *b, size_t at, uint32_t v)
{
	b->b[at] = (uint8_t)(v >> 24);
	b->b[at + 1] = (uint8_t)(v >> 16);
	b->b[at + 2] = (uint8_t)(v >> 8);
	b->b[at + 3] = (uint8_t)v;
}

/* Write data_format and a placeholder length; returns where the length is. */
static size_t open_len(struct buf *b, uint32_t fmt)
{
	size_t at;

	w32(b, fmt);
	at = b->n;
	w32(b, 0);
	return at;
}

static void close_len(struct buf *b, size_t at)
{
	set32(b, at, (uint32_t)(b->n - at - 4));
}

/* Datagram header: version 5, IPv4 agent 192.0.2.250. */
static void dg_v4(struct buf *b, uint32_t seq, uint32_t n_samples)
{
	w32(b, 5);          /* version */
	w32(b, 1);          /* agent address type: IPv4 */
	w32(b, 0xc00002fa); /* 192.0.2.250 */
	w32(b, 7);          /* sub_agent_id */
	w32(b, seq);        /* sequence */
	w32(b, 3600000);    /* uptime, ms */
	w32(b, n_samples);
}

/* A 60-byte ARP request as a header; bytes vary so a shift would show. */
static const uint8_t arp_hdr[60] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x0a,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0, 0, 0, 0, 0x0a, 192, 0, 2, 10,
	0, 0, 0, 0, 0, 0, 192, 0, 2, 20,
};

/* Raw packet header record (flow record 0:1), padded. */
static void rec_raw(struct buf *b, uint32_t frame_len, const uint8_t *hdr,
    uint32_t hl)
{
	size_t at = open_len(b, 1);

	w32(b, 1);         /* header_protocol: Ethernet */
	w32(b, frame_len); /* frame_length incl. FCS */
	w32(b, 4);         /* stripped: the FCS */
	w32(b, hl);        /* header_length */
	wbytes(b, hdr, hl);
	wpad(b);
	close_len(b, at);
}

/* Generic interface counters (counter record 0:1): fields base+1.. */
static void rec_ifc(struct buf *b, uint32_t base)
{
	size_t at = open_len(b, 1);

	w32(b, base + 1);                           /* ifIndex */
	w32(b, base + 2);                           /* ifType */
	w64(b, (uint64_t)(base + 3) << 32 | 0x33);  /* ifSpeed */
	w32(b, base + 4);                           /* ifDirection */
	w32(b, base + 5);                           /* ifStatus */
	w64(b, (uint64_t)(base + 6) << 32 | 0x66);  /* ifInOctets */
	w32(b, base + 7);                           /* ifInUcastPkts */
	w32(b, base + 8);                           /* ifInMulticastPkts */
	w32(b, base + 9);                           /* ifInBroadcastPkts */
	w32(b, base + 10);                          /* ifInDiscards */
	w32(b, base + 11);                          /* ifInErrors */
	w32(b, base + 12);                          /* ifInUnknownProtos */
	w64(b, (uint64_t)(base + 13) << 32 | 0xdd); /* ifOutOctets */
	w32(b, base + 14);                          /* ifOutUcastPkts */
	w32(b, base + 15);                          /* ifOutMulticastPkts */
	w32(b, base + 16);                          /* ifOutBroadcastPkts */
	w32(b, base + 17);                          /* ifOutDiscards */
	w32(b, base + 18);                          /* ifOutErrors */
	w32(b, base + 19);                          /* ifPromiscuousMode */
	close_len(b, at);
}

/* Flow sample 0:1 fixed part; the caller adds n_records records. */
static size_t flow_open(struct buf *b, uint32_t seq, uint32_t src,
    uint32_t rate, uint32_t n_records)
{
	size_t at = open_len(b, 1);

	w32(b, seq);      /* sequence_number */
	w32(b, src);      /* source_id */
	w32(b, rate);     /* sampling_rate */
	w32(b, seq * 10); /* sample_pool */
	w32(b, 2);        /* drops */
	w32(b, 3);        /* input */
	w32(b, 5);        /* output */
	w32(b, n_records);
	return at;
}

static size_t counters_open(struct buf *b, uint32_t seq, uint32_t src,
    uint32_t n_records)
{
	size_t at = open_len(b, 2);

	w32(b, seq);
	w32(b, src);
	w32(b, n_records);
	return at;
}

/* What the handlers saw. */
#define MAXREC 16

struct seen {
	const uint8_t *lo, *hi; /* the datagram buffer */
	int n_raw, n_ifc;
	struct sflow_raw_header raw[MAXREC];
	struct sflow_if_counters ifc[MAXREC];
	uint8_t hdr0[256]; /* copy of the first header, buffer is freed */
};

static void on_raw(void *ctx, const struct sflow_raw_header *h)
{
	struct seen *s = ctx;

	assert_non_null(h->dg);
	assert_true(h->header >= s->lo);
	assert_true(h->header_len <= (size_t)(s->hi - h->header));
	if (s->n_raw == 0 && h->header_len <= sizeof(s->hdr0))
		memcpy(s->hdr0, h->header, h->header_len);
	if (s->n_raw < MAXREC)
		s->raw[s->n_raw] = *h;
	s->n_raw++;
}

static void on_ifc(void *ctx, const struct sflow_if_counters *c)
{
	struct seen *s = ctx;

	assert_non_null(c->dg);
	if (s->n_ifc < MAXREC)
		s->ifc[s->n_ifc] = *c;
	s->n_ifc++;
}

static int decode(const uint8_t *p, size_t n, struct seen *s,
    struct sflow_datagram *dg, struct sflow_result *res)
{
	struct sflow_handlers h = {on_raw, on_ifc, s};
	uint8_t *copy = malloc(n ? n : 1);
	int st;

	assert_non_null(copy);
	if (n > 0)
		memcpy(copy, p, n);
	memset(s, 0, sizeof(*s));
	s->lo = copy;
	s->hi = copy + n;
	st = sflow_decode(copy, n, &h, dg, res);
	free(copy);
	/* raw[].header points into the freed copy: tests compare hdr0 */
	assert_true(st >= DEC_OK && st <= DEC_UNSUPPORTED);
	assert_int_equal(res->raw_headers, (uint32_t)s->n_raw);
	assert_int_equal(res->if_counters, (uint32_t)s->n_ifc);
	return st;
}

static void test_flow_sample_raw_header(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	const uint8_t agent[4] = {192, 0, 2, 250};
	const uint8_t hdr[6] = {1, 2, 3, 4, 5, 6};
	size_t at;

	(void)state;
	dg_v4(&b, 42, 1);
	at = flow_open(&b, 9, 0x00000003, 1000, 1);
	rec_raw(&b, 1518, hdr, 6); /* 6 bytes + 2 padding */
	close_len(&b, at);
	assert_int_equal(b.n, 28 + 8 + 32 + 8 + 16 + 8);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(dg.version, 5);
	assert_int_equal(dg.agent_af, 4);
	assert_memory_equal(dg.agent, agent, 4);
	assert_int_equal(dg.sub_agent, 7);
	assert_int_equal(dg.seq, 42);
	assert_int_equal(dg.uptime_ms, 3600000);
	assert_int_equal(dg.n_samples, 1);
	assert_int_equal(res.flow_samples, 1);
	assert_int_equal(res.counter_samples, 0);
	assert_int_equal(res.other_samples, 0);
	assert_int_equal(res.other_records, 0);
	assert_int_equal(s.n_raw, 1);
	assert_int_equal(s.raw[0].source_id, 3);
	assert_int_equal(s.raw[0].sample_seq, 9);
	assert_int_equal(s.raw[0].sampling_rate, 1000);
	assert_int_equal(s.raw[0].sample_pool, 90);
	assert_int_equal(s.raw[0].drops, 2);
	assert_int_equal(s.raw[0].input_if, 3);
	assert_int_equal(s.raw[0].output_if, 5);
	assert_int_equal(s.raw[0].protocol, 1);
	assert_int_equal(s.raw[0].frame_length, 1518);
	assert_int_equal(s.raw[0].stripped, 4);
	assert_int_equal(s.raw[0].header_len, 6);
	assert_memory_equal(s.hdr0, hdr, 6);
	assert_int_equal(s.raw[0].header - s.lo, 28 + 8 + 32 + 8 + 16);
}

static void test_expanded_flow_sample(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at;

	(void)state;
	dg_v4(&b, 1, 2);
	at = open_len(&b, 3);
	w32(&b, 77);         /* sequence_number */
	w32(&b, 0);          /* source_id_type: ifIndex */
	w32(&b, 5);          /* source_id_index */
	w32(&b, 4096);       /* sampling_rate */
	w32(&b, 8192);       /* sample_pool */
	w32(&b, 1);          /* drops */
	w32(&b, 0);          /* input format */
	w32(&b, 11);         /* input value */
	w32(&b, 2);          /* output format: multiple */
	w32(&b, 3);          /* output value */
	w32(&b, 1);          /* n_records */
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	/* An index beyond 24 bits and a type: the compact id keeps 24. */
	at = open_len(&b, 3);
	w32(&b, 78);
	w32(&b, 1);          /* source_id_type: smonVlanDataSource */
	w32(&b, 0x01000064); /* index with bit 24 set */
	w32(&b, 1);
	w32(&b, 1);
	w32(&b, 0);
	w32(&b, 0);
	w32(&b, 1);
	w32(&b, 0);
	w32(&b, 2);
	w32(&b, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(res.flow_samples, 2);
	assert_int_equal(s.n_raw, 2);
	assert_int_equal(s.raw[0].source_id, 5);
	assert_int_equal(s.raw[0].sample_seq, 77);
	assert_int_equal(s.raw[0].sampling_rate, 4096);
	assert_int_equal(s.raw[0].sample_pool, 8192);
	assert_int_equal(s.raw[0].drops, 1);
	assert_int_equal(s.raw[0].input_if, 11);
	assert_int_equal(s.raw[0].output_if, 3);
	assert_int_equal(s.raw[0].frame_length, 64);
	assert_int_equal(s.raw[0].header_len, 60);
	assert_memory_equal(s.hdr0, arp_hdr, 60);
	assert_int_equal(s.raw[1].source_id, 0x01000064);
	assert_int_equal(s.raw[1].sample_seq, 78);
}

static void check_ifc(const struct sflow_if_counters *c, uint32_t base)
{
	assert_int_equal(c->if_index, base + 1);
	assert_int_equal(c->if_type, base + 2);
	assert_true(c->if_speed == ((uint64_t)(base + 3) << 32 | 0x33));
	assert_int_equal(c->if_direction, base + 4);
	assert_int_equal(c->if_status, base + 5);
	assert_true(c->in_octets == ((uint64_t)(base + 6) << 32 | 0x66));
	assert_int_equal(c->in_ucast, base + 7);
	assert_int_equal(c->in_mcast, base + 8);
	assert_int_equal(c->in_bcast, base + 9);
	assert_int_equal(c->in_discards, base + 10);
	assert_int_equal(c->in_errors, base + 11);
	assert_int_equal(c->in_unknown, base + 12);
	assert_true(c->out_octets == ((uint64_t)(base + 13) << 32 | 0xdd));
	assert_int_equal(c->out_ucast, base + 14);
	assert_int_equal(c->out_mcast, base + 15);
	assert_int_equal(c->out_bcast, base + 16);
	assert_int_equal(c->out_discards, base + 17);
	assert_int_equal(c->out_errors, base + 18);
	assert_int_equal(c->promisc, base + 19);
}

static void test_counter_samples(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at;

	(void)state;
	dg_v4(&b, 1, 2);
	at = counters_open(&b, 12, 0x00000003, 1);
	rec_ifc(&b, 100);
	close_len(&b, at);
	at = open_len(&b, 4); /* expanded counter sample */
	w32(&b, 13);          /* sequence_number */
	w32(&b, 0);           /* source_id_type */
	w32(&b, 9);           /* source_id_index */
	w32(&b, 1);           /* n_records */
	rec_ifc(&b, 200);
	close_len(&b, at);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(res.counter_samples, 2);
	assert_int_equal(res.flow_samples, 0);
	assert_int_equal(s.n_ifc, 2);
	assert_int_equal(s.ifc[0].source_id, 3);
	assert_int_equal(s.ifc[0].sample_seq, 12);
	check_ifc(&s.ifc[0], 100);
	assert_int_equal(s.ifc[1].source_id, 9);
	assert_int_equal(s.ifc[1].sample_seq, 13);
	check_ifc(&s.ifc[1], 200);
}

static void test_ipv6_agent(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	const uint8_t agent[16] = {0x20, 0x01, 0x0d, 0xb8, 0x07, 0xf8, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0xfa};
	size_t at;

	(void)state;
	w32(&b, 5);
	w32(&b, 2); /* IPv6 */
	wbytes(&b, agent, 16);
	w32(&b, 1);
	w32(&b, 99);
	w32(&b, 5);
	w32(&b, 1);
	at = flow_open(&b, 1, 9, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(dg.agent_af, 6);
	assert_memory_equal(dg.agent, agent, 16);
	assert_int_equal(dg.sub_agent, 1);
	assert_int_equal(dg.seq, 99);
	assert_int_equal(dg.uptime_ms, 5);
	assert_int_equal(s.n_raw, 1);
	assert_true(s.raw[0].dg == &dg);
}

/* Unknown sample formats (another enterprise, a newer format) are skipped. */
static void test_unknown_samples(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at;

	(void)state;
	dg_v4(&b, 1, 4);
	at = open_len(&b, 8800u << 12 | 1); /* enterprise 8800 format 1 */
	w32(&b, 1);
	w32(&b, 2);
	close_len(&b, at);
	at = open_len(&b, 5); /* 0:5, not one we decode */
	w32(&b, 0);
	close_len(&b, at);
	at = open_len(&b, 1u << 12 | 2); /* 1:2 is not a counter sample */
	rec_ifc(&b, 0);
	close_len(&b, at);
	at = flow_open(&b, 1, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(res.other_samples, 3);
	assert_int_equal(res.flow_samples, 1);
	assert_int_equal(res.counter_samples, 0);
	assert_int_equal(s.n_raw, 1);
	assert_int_equal(s.n_ifc, 0);
}

/* Unknown records in both kinds of sample are skipped by their length. */
static void test_unknown_records(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at, r;

	(void)state;
	dg_v4(&b, 1, 2);
	at = flow_open(&b, 1, 3, 1, 4);
	r = open_len(&b, 1001); /* extended switch */
	w32(&b, 100);
	w32(&b, 0);
	w32(&b, 100);
	w32(&b, 0);
	close_len(&b, r);
	r = open_len(&b, 1u << 12 | 1); /* enterprise 1 format 1 */
	w32(&b, 1);
	w32(&b, 2);
	w32(&b, 3);
	w32(&b, 0x7fffffff); /* a raw header would fail on this */
	close_len(&b, r);
	r = open_len(&b, 1002); /* empty: legal for opaque<>, 8 bytes */
	close_len(&b, r);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	at = counters_open(&b, 1, 3, 3);
	r = open_len(&b, 2); /* ethernet counters: 13 words */
	for (int i = 0; i < 13; i++)
		w32(&b, 0xeeeeeeee);
	close_len(&b, r);
	rec_ifc(&b, 300); /* counter 0:1 is generic: delivered */
	r = open_len(&b, 1u << 12 | 1); /* enterprise 1 format 1: skipped */
	w32(&b, 1);
	close_len(&b, r);
	close_len(&b, at);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(res.other_records, 5);
	assert_int_equal(s.n_raw, 1);
	assert_memory_equal(s.hdr0, arp_hdr, 60);
	assert_int_equal(s.n_ifc, 1);
	check_ifc(&s.ifc[0], 300);
}

/* Longer than the known body: the rest is an extension, skipped. */
static void test_extensions_skipped(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at, r;

	(void)state;
	dg_v4(&b, 1, 2);
	at = counters_open(&b, 1, 3, 2);
	rec_ifc(&b, 10);
	r = b.n - 92; /* the length word of that record */
	w32(&b, 0xe0e0e0e0);
	w32(&b, 0xe1e1e1e1);
	set32(&b, r, 96);
	rec_ifc(&b, 20);
	w32(&b, 0xabababab); /* inside the sample, after n_records: ignored */
	close_len(&b, at);
	at = flow_open(&b, 2, 3, 1, 2);
	rec_raw(&b, 64, arp_hdr, 60);
	r = b.n - 80;
	w32(&b, 0xfefefefe); /* after the header: an extension */
	set32(&b, r, 80);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.n_ifc, 2);
	check_ifc(&s.ifc[0], 10);
	check_ifc(&s.ifc[1], 20);
	assert_int_equal(s.n_raw, 2);
	assert_int_equal(s.raw[0].header_len, 60);
	assert_int_equal(s.raw[1].header_len, 60);
	assert_memory_equal(s.hdr0, arp_hdr, 60);
}

/*
 * XDR lengths count the data without its padding: a record declared as
 * 16 + 6 with 2 padding bytes after it, and a last sample whose padding is
 * missing at the end of the datagram, are both fine.
 */
static void test_unpadded_lengths(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	const uint8_t hdr[6] = {9, 8, 7, 6, 5, 4};
	size_t at, r;

	(void)state;
	dg_v4(&b, 1, 2);
	at = flow_open(&b, 1, 3, 1, 2);
	rec_raw(&b, 64, hdr, 6);
	r = b.n - 28;
	set32(&b, r, 22); /* declared without the padding */
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	at = open_len(&b, 9); /* unknown, 3 bytes, padding cut off */
	b.b[b.n++] = 1;
	b.b[b.n++] = 2;
	b.b[b.n++] = 3;
	close_len(&b, at);

	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.n_raw, 2);
	assert_int_equal(s.raw[0].header_len, 6);
	assert_memory_equal(s.hdr0, hdr, 6);
	assert_int_equal(s.raw[1].header_len, 60);
	assert_int_equal(res.other_samples, 1);
}

static void test_version(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;

	(void)state;
	dg_v4(&b, 1, 0);
	set32(&b, 0, 4);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_UNSUPPORTED);
	assert_int_equal(dg.version, 4);
	set32(&b, 0, 2);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_UNSUPPORTED);
	set32(&b, 0, 6);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_UNSUPPORTED);
	assert_int_equal(decode(b.b, 4, &s, &dg, &res), DEC_UNSUPPORTED);
	assert_int_equal(decode(b.b, 3, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(decode(b.b, 0, &s, &dg, &res), DEC_TRUNCATED);
	set32(&b, 0, 5);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
}

static void test_agent_type(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;

	(void)state;
	dg_v4(&b, 1, 0);
	set32(&b, 4, 0); /* unknown address type */
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	set32(&b, 4, 3);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	set32(&b, 4, 2); /* IPv6 needs 16 bytes; only 20 follow */
	assert_int_equal(decode(b.b, 12 + 4, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	set32(&b, 4, 1);
	assert_int_equal(decode(b.b, 8 + 3, &s, &dg, &res), DEC_TRUNCATED);
}

static void test_zero_length_sample(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at;

	(void)state;
	dg_v4(&b, 1, 3);
	at = flow_open(&b, 1, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	w32(&b, 1); /* flow sample */
	w32(&b, 0); /* of length 0 */
	at = flow_open(&b, 2, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	assert_int_equal(s.n_raw, 1); /* the one before, not the one after */

	/* An unknown format of length 0 is no better. */
	b.n = 0;
	dg_v4(&b, 1, 1);
	w32(&b, 77);
	w32(&b, 0);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
}

static void test_sample_length_lies(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at;

	(void)state;
	dg_v4(&b, 1, 2);
	at = flow_open(&b, 1, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	at = flow_open(&b, 2, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	set32(&b, at, (uint32_t)(b.n - at - 4 + 4)); /* 4 more than there */
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
	set32(&b, at, 0xffffffff);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
	/* Shorter than the flow sample's fixed 32 bytes. */
	set32(&b, at, 28);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	/* Long enough for the fixed part, too short for the record: the
	 * record then runs past the sample, which is truncation. */
	set32(&b, at, 40);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
}

static void test_short_sample_bodies(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at;
	static const uint32_t fmt[4] = {1, 2, 3, 4};
	static const uint32_t need[4] = {32, 12, 44, 16};

	(void)state;
	for (int i = 0; i < 4; i++) {
		b.n = 0;
		dg_v4(&b, 1, 1);
		at = open_len(&b, fmt[i]);
		for (uint32_t k = 0; k + 4 < need[i]; k += 4)
			w32(&b, 1);
		close_len(&b, at);
		assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
		/* with n_records = 0 at the end it is complete */
		w32(&b, 0);
		close_len(&b, at);
		assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	}
}

static void test_record_length_lies(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at, r;

	(void)state;
	dg_v4(&b, 1, 1);
	at = flow_open(&b, 1, 3, 1, 2);
	rec_raw(&b, 64, arp_hdr, 60);
	r = b.n + 4;
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	set32(&b, r, 500); /* beyond the sample */
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
	set32(&b, r, 80); /* 4 more than the sample holds */
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	set32(&b, r, 76);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	/* A raw header record shorter than its 16-byte fixed part. */
	set32(&b, r, 12);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	assert_int_equal(s.n_raw, 1);
	set32(&b, r, 0);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
}

static void test_header_length_lies(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at, hl;

	(void)state;
	dg_v4(&b, 1, 1);
	at = flow_open(&b, 1, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	hl = b.n - 64;
	close_len(&b, at);
	set32(&b, hl, 61);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 0);
	set32(&b, hl, 0xffffffff);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	set32(&b, hl, 59); /* less than there: the rest is padding/extension */
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.raw[0].header_len, 59);
	set32(&b, hl, 0);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.raw[0].header_len, 0);
}

static void test_counters_length(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at, r;

	(void)state;
	dg_v4(&b, 1, 1);
	at = counters_open(&b, 1, 3, 1);
	r = b.n + 4;
	rec_ifc(&b, 0);
	close_len(&b, at);
	set32(&b, r, 84);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	assert_int_equal(s.n_ifc, 0);
	set32(&b, r, 0);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	set32(&b, r, 92);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	set32(&b, r, 88);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.n_ifc, 1);
}

/* Counts are a bound, never a promise: the bytes end the loops. */
static void test_counts(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at, nrec;

	(void)state;
	dg_v4(&b, 1, 0xffffffff);
	at = flow_open(&b, 1, 3, 1, 0xffffffff);
	nrec = b.n - 4;
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
	assert_int_equal(dg.n_samples, 0xffffffff);
	set32(&b, nrec, 1);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
	assert_int_equal(res.flow_samples, 1);
	set32(&b, 24, 1);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	set32(&b, nrec, 2);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
	/* n_samples = 0: nothing is read, the rest is ignored */
	set32(&b, nrec, 1);
	set32(&b, 24, 0);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.n_raw, 0);
	assert_int_equal(res.flow_samples, 0);
	/* n_records = 0 with a record there: also ignored */
	set32(&b, 24, 1);
	set32(&b, nrec, 0);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.n_raw, 0);
	assert_int_equal(res.flow_samples, 1);
	/* A sample header cut after its format word */
	set32(&b, nrec, 1);
	set32(&b, 24, 2);
	w32(&b, 1);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_TRUNCATED);
	assert_int_equal(s.n_raw, 1);
}

/* The first failure stops the walk; what came before stays delivered. */
static void test_stop_at_first_failure(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t at, r;

	(void)state;
	dg_v4(&b, 1, 3);
	at = counters_open(&b, 1, 3, 1);
	rec_ifc(&b, 0);
	close_len(&b, at);
	at = counters_open(&b, 2, 3, 2);
	rec_ifc(&b, 0);
	r = b.n + 4;
	rec_ifc(&b, 0);
	close_len(&b, at);
	set32(&b, r, 4);
	at = flow_open(&b, 1, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_INVALID);
	assert_int_equal(s.n_ifc, 2);
	assert_int_equal(s.n_raw, 0);
	assert_int_equal(res.counter_samples, 2);
	assert_int_equal(res.flow_samples, 0);
}

static void test_null_handlers(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct sflow_handlers none = {NULL, NULL, NULL};
	size_t at;

	(void)state;
	dg_v4(&b, 1, 2);
	at = flow_open(&b, 1, 3, 1, 1);
	rec_raw(&b, 64, arp_hdr, 60);
	close_len(&b, at);
	at = counters_open(&b, 1, 3, 1);
	rec_ifc(&b, 0);
	close_len(&b, at);
	assert_int_equal(sflow_decode(b.b, b.n, &none, &dg, &res), DEC_OK);
	assert_int_equal(res.raw_headers, 1);
	assert_int_equal(res.if_counters, 1);
	assert_int_equal(sflow_decode(b.b, b.n, NULL, &dg, &res), DEC_OK);
	assert_int_equal(res.raw_headers, 1);
	assert_int_equal(sflow_decode(b.b, b.n, NULL, NULL, NULL), DEC_OK);
	assert_int_equal(sflow_decode(b.b, 30, NULL, NULL, NULL),
	    DEC_TRUNCATED);
}

/*
 * The datagram of the sweeps: every sample kind, unknown ones, padding.
 * ends[i] is where sample i ends and recs[i] what it delivers.
 */
static size_t build_rich(struct buf *b, size_t ends[8], int recs[8])
{
	const uint8_t hdr[7] = {1, 2, 3, 4, 5, 6, 7};
	size_t at, r, n = 0;

	dg_v4(b, 1, 6);
	at = flow_open(b, 1, 3, 1, 2);
	rec_raw(b, 1518, arp_hdr, 60);
	r = open_len(b, 1001);
	w32(b, 1);
	close_len(b, r);
	close_len(b, at);
	ends[n] = b->n;
	recs[n++] = 1;
	at = counters_open(b, 1, 3, 1);
	rec_ifc(b, 0);
	close_len(b, at);
	ends[n] = b->n;
	recs[n++] = 1;
	at = open_len(b, 3);
	for (int i = 0; i < 10; i++)
		w32(b, (uint32_t)i);
	w32(b, 2);
	rec_raw(b, 64, hdr, 7);
	rec_raw(b, 64, arp_hdr, 60);
	close_len(b, at);
	ends[n] = b->n;
	recs[n++] = 2;
	at = open_len(b, 8800u << 12 | 3);
	w32(b, 0);
	close_len(b, at);
	ends[n] = b->n;
	recs[n++] = 0;
	at = open_len(b, 4);
	w32(b, 2);
	w32(b, 0);
	w32(b, 7);
	w32(b, 2);
	rec_ifc(b, 50);
	r = open_len(b, 2);
	w32(b, 1);
	close_len(b, r);
	close_len(b, at);
	ends[n] = b->n;
	recs[n++] = 1;
	at = flow_open(b, 2, 3, 1, 1);
	rec_raw(b, 64, hdr, 3);
	close_len(b, at);
	ends[n] = b->n;
	recs[n++] = 1;
	return n;
}

/* Every prefix: truncated (or whole), never a record that did not fit. */
static void test_truncation_sweep(void **state)
{
	struct buf b = {.n = 0};
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t ends[8], n, len, i;
	int recs[8], want, st;

	(void)state;
	n = build_rich(&b, ends, recs);
	assert_int_equal(decode(b.b, b.n, &s, &dg, &res), DEC_OK);
	assert_int_equal(s.n_raw + s.n_ifc, 6);
	assert_int_equal(res.other_samples, 1);
	assert_int_equal(res.other_records, 2);
	for (len = 0; len < b.n; len++) {
		st = decode(b.b, len, &s, &dg, &res);
		assert_int_equal(st, DEC_TRUNCATED);
		for (want = 0, i = 0; i < n && ends[i] <= len; i++)
			want += recs[i];
		assert_int_equal(s.n_raw + s.n_ifc, want);
	}
}

/* Every word set to hostile values: no over-read, no out-of-bounds pointer. */
static void test_lying_words(void **state)
{
	static const uint32_t vals[] = {0, 1, 3, 4, 8, 88, 0x7fffffff,
	    0x80000000, 0xfffffffc, 0xffffffff};
	struct buf b = {.n = 0}, m;
	struct sflow_datagram dg;
	struct sflow_result res;
	struct seen s;
	size_t ends[8], off;
	int recs[8];

	(void)state;
	build_rich(&b, ends, recs);
	for (off = 0; off + 4 <= b.n; off += 4) {
		for (size_t k = 0; k < sizeof(vals) / sizeof(vals[0]); k++) {
			m = b;
			set32(&m, off, vals[k]);
			decode(m.b, m.n, &s, &dg, &res);
			assert_true(s.n_raw + s.n_ifc <= 6);
		}
	}
}

/* ---- the collector ---- */

/* One datagram: sequence `seq`, one flow sample of one ARP header. */
static void dg_one(struct buf *b, uint32_t seq, uint32_t sample_seq,
    uint32_t rate, uint32_t frame_len)
{
	size_t at;

	b->n = 0;
	dg_v4(b, seq, 1);
	at = flow_open(b, sample_seq, 3, rate, 1);
	rec_raw(b, frame_len, arp_hdr, sizeof(arp_hdr));
	close_len(b, at);
}

/* Every integer in `v` (recursively) is >= 0. */
static void assert_no_negative(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_integer(v))
		assert_true(json_integer_value(v) >= 0);
	else if (json_is_object(v))
		json_object_foreach((json_t *)(uintptr_t)v, k, x)
			assert_no_negative(x);
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
			assert_no_negative(x);
}

static int64_t jint(const json_t *r, const char *path)
{
	const json_t *v = jget(r, path);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void test_collector_implausible(void **state)
{
	struct engine *e = engine_new(1);
	struct buf b;
	json_t *r;

	(void)state;
	/* 2^32-1 frames of 2^32-5 bytes: 2^64 bytes in one sample */
	dg_one(&b, 1, 1, 0xffffffffu, 0xffffffffu);
	engine_sflow(e, 1000, 0, b.b, b.n);
	/* a rate above 2^24, however short the frame */
	dg_one(&b, 2, 2, (1u << 24) + 1, 64);
	engine_sflow(e, 1000, 0, b.b, b.n);
	/* rate x wire length one byte over 2^40 */
	dg_one(&b, 3, 3, 1u << 24, 65537 + 4);
	engine_sflow(e, 1000, 0, b.b, b.n);
	/* exactly 2^40: plausible (the bound is inclusive) */
	dg_one(&b, 4, 4, 1u << 24, 65536 + 4);
	engine_sflow(e, 1000, 0, b.b, b.n);
	/* an ordinary one */
	dg_one(&b, 5, 5, 1000, 1518);
	engine_sflow(e, 1000, 0, b.b, b.n);
	r = engine_report(e);
	assert_int_equal(jint(r, "sflow.datagrams"), 5);
	assert_int_equal(jint(r, "sflow.flow_samples"), 5);
	assert_int_equal(jint(r, "sflow.malformed.implausible"), 3);
	assert_int_equal(jint(r, "sflow.malformed.truncated"), 0);
	assert_int_equal(jint(r, "sflow.malformed.invalid"), 0);
	assert_int_equal(jint(r, "sflow.sampled_frames"), (1 << 24) + 1000);
	assert_int_equal(jint(r, "ethertype.arp.frames"), (1 << 24) + 1000);
	assert_true(jint(r, "ethertype.arp.bytes") ==
	    (int64_t)(1ull << 40) + 1000 * 1514);
	assert_int_equal(jint(r, "sflow.lost_datagrams"), 0);
	assert_int_equal(jint(r, "sflow.resets"), 0);
	assert_no_negative(r);
	json_decref(r);
	engine_free(e);
}

/*
 * Samples at the bound, many of them: the byte counters stop at
 * AN_COUNT_MAX and never wrap; here the helper, which every weighted
 * counter goes through, at and around its ceiling.
 */
static void test_collector_saturate(void **state)
{
	uint64_t c = 0;
	json_t *o;

	(void)state;
	an_add_sat(&c, 1ull << 40);
	assert_true(c == 1ull << 40);
	c = AN_COUNT_MAX - 5;
	an_add_sat(&c, 5);
	assert_true(c == AN_COUNT_MAX);
	an_add_sat(&c, 1);
	assert_true(c == AN_COUNT_MAX);
	c = AN_COUNT_MAX - 5;
	an_add_sat(&c, (uint64_t)0xffffffffu * 0xffffffffu);
	assert_true(c == AN_COUNT_MAX);
	c = UINT64_MAX; /* never made by an_add_sat, still reads as the ceiling */
	an_add_sat(&c, 0);
	assert_true(c == AN_COUNT_MAX);
	assert_true(an_ji(UINT64_MAX) == INT64_MAX);
	assert_true(an_ji((uint64_t)INT64_MAX + 1) == INT64_MAX);
	assert_true(an_ji(7) == 7);
	o = an_count_json(UINT64_MAX, (uint64_t)INT64_MAX + 1);
	assert_no_negative(o);
	assert_true(json_integer_value(json_object_get(o, "bytes")) == INT64_MAX);
	json_decref(o);
}

/* Interface counters are 64-bit words on the wire: clamped, not negative. */
static void test_collector_huge_if_counters(void **state)
{
	struct engine *e = engine_new(1);
	struct buf b = {.n = 0};
	json_t *r;
	size_t at;

	(void)state;
	dg_v4(&b, 1, 1);
	at = counters_open(&b, 1, 3, 1);
	rec_ifc(&b, 0xfffffff0u); /* ifSpeed, ifInOctets... above 2^63 */
	close_len(&b, at);
	engine_sflow(e, 1000, 0, b.b, b.n);
	r = engine_report(e);
	assert_int_equal(jint(r, "sflow.counter_samples"), 1);
	assert_true(json_integer_value(json_object_get(json_array_get(jget(r,
	    "sflow.interfaces"), 0), "in_octets")) == INT64_MAX);
	assert_no_negative(r);
	json_decref(r);
	engine_free(e);
}

static void test_collector_sequence(void **state)
{
	struct engine *e = engine_new(1);
	struct buf b;
	json_t *r;

	(void)state;
	dg_one(&b, 1, 1, 1, 64);
	engine_sflow(e, 1000, 0, b.b, b.n);
	dg_one(&b, 2, 2, 1, 64);
	engine_sflow(e, 1000, 0, b.b, b.n);
	/* 3 and 4 lost, samples too */
	dg_one(&b, 5, 5, 1, 64);
	engine_sflow(e, 1000, 0, b.b, b.n);
	/* forward just under 2^31: a reset, not two billion lost */
	dg_one(&b, 5 + 0x7ffffffeu, 5 + 0x7ffffffeu, 1, 64);
	engine_sflow(e, 1000, 0, b.b, b.n);
	/* backwards: the agent restarted */
	dg_one(&b, 1, 1, 1, 64);
	engine_sflow(e, 1001, 0, b.b, b.n);
	/* the next one: no loss */
	dg_one(&b, 2, 2, 1, 64);
	engine_sflow(e, 1001, 0, b.b, b.n);
	/* 10001 lost in no time: more than any loss explains */
	dg_one(&b, 2 + 10002, 2 + 10002, 1, 64);
	engine_sflow(e, 1001, 0, b.b, b.n);
	/* exactly 10000 lost: a loss */
	dg_one(&b, 10004 + 10001, 10004 + 10001, 1, 64);
	engine_sflow(e, 1001, 0, b.b, b.n);
	/* 100 s of silence: up to 100000 lost is plausible */
	dg_one(&b, 20005 + 50000, 20005 + 50000, 1, 64);
	engine_sflow(e, 1101, 0, b.b, b.n);
	r = engine_report(e);
	assert_int_equal(jint(r, "sflow.datagrams"), 9);
	assert_int_equal(jint(r, "sflow.lost_datagrams"), 2 + 10000 + 49999);
	assert_int_equal(jint(r, "sflow.lost_samples"), 2 + 10000 + 49999);
	assert_int_equal(jint(r, "sflow.resets"), 3);
	assert_int_equal(jint(r, "sflow.agents"), 1);
	assert_no_negative(r);
	json_decref(r);
	engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flow_sample_raw_header),
		cmocka_unit_test(test_expanded_flow_sample),
		cmocka_unit_test(test_counter_samples),
		cmocka_unit_test(test_ipv6_agent),
		cmocka_unit_test(test_unknown_samples),
		cmocka_unit_test(test_unknown_records),
		cmocka_unit_test(test_extensions_skipped),
		cmocka_unit_test(test_unpadded_lengths),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_agent_type),
		cmocka_unit_test(test_zero_length_sample),
		cmocka_unit_test(test_sample_length_lies),
		cmocka_unit_test(test_short_sample_bodies),
		cmocka_unit_test(test_record_length_lies),
		cmocka_unit_test(test_header_length_lies),
		cmocka_unit_test(test_counters_length),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_stop_at_first_failure),
		cmocka_unit_test(test_null_handlers),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_lying_words),
		cmocka_unit_test(test_collector_implausible),
		cmocka_unit_test(test_collector_saturate),
		cmocka_unit_test(test_collector_huge_if_counters),
		cmocka_unit_test(test_collector_sequence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
