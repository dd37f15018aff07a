/*
 * test_flows.c - the application view's flow table (analyze/flows.c), the
 * nDPI shim (analyze/ndpi_shim.c) and the analyzer on top (an_app.c).
 *
 * Flow table: both directions of a 5-tuple share one entry; the capacity
 * is a hard bound (entries + evicted = flows created, the least recently
 * used one goes first); idle flows expire by capture time; every retired
 * flow passes through the owner's callback exactly once, which is where
 * an_app.c releases nDPI's state.
 * Shim: a crafted TCP/179 exchange (handshake, then a BGP OPEN, RFC 4271
 * 4.2) is named BGP; a flow of nothing but SYNs is not, and giving up
 * guesses BGP by the port.
 * Engine: the same exchange through ixmon's decoders and an_app gives a
 * bgp_sessions entry with the family and "detected_by": "ndpi".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/engine.h"
#include "analyze/flows.h"
#include "analyze/ndpi_shim.h"

struct retired {
	uint32_t n, evicted, expired, flushed;
};

static void on_retire(void *ctx, struct flow *f, int why)
{
	struct retired *r = ctx;

	(void)f;
	r->n++;
	if (why == FLOW_RETIRE_EVICTED)
		r->evicted++;
	else if (why == FLOW_RETIRE_EXPIRED)
		r->expired++;
	else
		r->flushed++;
}

static void key4(struct flow_key *k, uint32_t i, int reverse)
{
	uint8_t a[4] = {192, 0, 2, 1}, b[4] = {10, (uint8_t)(i >> 16),
	    (uint8_t)(i >> 8), (uint8_t)i};

	if (reverse)
		flow_key_make(k, FLOW_IPV4, 17, b, a, 4, 53, (uint16_t)(1024 + i));
	else
		flow_key_make(k, FLOW_IPV4, 17, a, b, 4, (uint16_t)(1024 + i), 53);
}

static void test_direction(void **state)
{
	uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
	struct flow_key k1, k2;
	int d1, d2;

	(void)state;
	d1 = flow_key_make(&k1, FLOW_IPV6, 6, a, b, 16, 40000, 179);
	d2 = flow_key_make(&k2, FLOW_IPV6, 6, b, a, 16, 179, 40000);
	assert_memory_equal(&k1, &k2, sizeof(k1));
	assert_int_not_equal(d1, d2);
	assert_int_equal(d1, 0); /* a is the lower address */
	/* Same address both ends (loopback-like): the port decides. */
	d1 = flow_key_make(&k1, FLOW_IPV6, 6, a, a, 16, 179, 40000);
	d2 = flow_key_make(&k2, FLOW_IPV6, 6, a, a, 16, 40000, 179);
	assert_memory_equal(&k1, &k2, sizeof(k1));
	assert_int_not_equal(d1, d2);
	/* The family is part of the key: tunnelled is another flow. */
	flow_key_make(&k2, FLOW_TUNNELED_IPV6, 6, a, b, 16, 40000, 179);
	flow_key_make(&k1, FLOW_IPV6, 6, a, b, 16, 40000, 179);
	assert_memory_not_equal(&k1, &k2, sizeof(k1));
}

static void test_both_directions_one_entry(void **state)
{
	struct retired r = {0, 0, 0, 0};
	struct flow_table *t = flow_table_new(16, 60, 32, on_retire, &r);
	struct flow_key k;
	struct flow_stats s;
	struct flow *f;
	int created;

	(void)state;
	key4(&k, 7, 0);
	f = flow_get(t, &k, 100, &created);
	assert_int_equal(created, 1);
	f->frames[0]++;
	key4(&k, 7, 1);
	f = flow_get(t, &k, 101, &created);
	assert_int_equal(created, 0);
	assert_int_equal(f->frames[0], 1);
	assert_int_equal(f->last_sec, 101);
	flow_table_stats(t, &s);
	assert_int_equal(s.entries, 1);
	flow_table_free(t);
	assert_int_equal(r.flushed, 1);
}

static void test_bound_and_lru(void **state)
{
	struct retired r = {0, 0, 0, 0};
	struct flow_table *t = flow_table_new(100, 0, 688, on_retire, &r);
	struct flow_key k;
	struct flow_stats s;
	struct flow *f;
	uint32_t i;
	int created;

	(void)state;
	for (i = 0; i < 10000; i++) {
		key4(&k, i, 0);
		f = flow_get(t, &k, 1000, &created);
		assert_int_equal(created, 1);
		/* A reused slot starts clean, its buffer zeroed when asked for. */
		assert_int_equal(f->frames[0], 0);
		assert_null(f->aux);
		if (i % 2 == 0) {
			assert_int_equal(((uint8_t *)flow_aux(t, f))[0], 0);
			((uint8_t *)f->aux)[687] = 0xaa;
			assert_ptr_equal(flow_aux(t, f), f->aux);
		}
		f->frames[0] = 1;
		flow_table_stats(t, &s);
		assert_true(s.entries <= 100);
	}
	flow_table_stats(t, &s);
	assert_int_equal(s.entries, 100);
	assert_int_equal(s.evicted, 10000 - 100);
	assert_int_equal(s.created, 10000);
	assert_int_equal(r.evicted, 10000 - 100);
	/* Memory: 100 buffers of 688 bytes, never more. */
	assert_true(s.bytes < 100 * (688 + sizeof(struct flow) + 64) + 4096);
	/* i = 9999 never asked: its slot's stale buffer is cleared when it does. */
	assert_int_equal(((uint8_t *)flow_aux(t, f))[687], 0);
	/* The most recent 100 are live; touching the oldest keeps it. */
	key4(&k, 9900, 0);
	flow_get(t, &k, 1001, &created);
	assert_int_equal(created, 0);
	key4(&k, 20000, 0);
	flow_get(t, &k, 1001, &created); /* evicts 9901, the LRU now */
	key4(&k, 9900, 0);
	flow_get(t, &k, 1002, &created);
	assert_int_equal(created, 0);
	key4(&k, 9901, 0);
	flow_get(t, &k, 1002, &created);
	assert_int_equal(created, 1);
	flow_table_free(t);
	assert_int_equal(r.n, r.evicted + r.expired + r.flushed);
}

/*
 * Aux buffers number the flows inspected at once, not the capacity: a
 * buffer given back is handed out again, zeroed, to the next flow.
 */
static void test_aux_pool(void **state)
{
	struct retired r = {0, 0, 0, 0};
	struct flow_table *t = flow_table_new(65536, 0, 688, on_retire, &r);
	struct flow_key k;
	struct flow_stats s0, s;
	struct flow *f;
	void *held[4], *p;
	uint32_t i;
	int created, j;

	(void)state;
	flow_table_stats(t, &s0);
	/* 10,000 flows, each inspected and done before the next starts */
	for (i = 0; i < 10000; i++) {
		key4(&k, i, 0);
		f = flow_get(t, &k, 1000, &created);
		p = flow_aux(t, f);
		assert_int_equal(((uint8_t *)p)[687], 0);
		((uint8_t *)p)[687] = 0xaa;
		flow_aux_put(t, f);
		assert_null(f->aux);
	}
	flow_table_stats(t, &s);
	assert_int_equal(s.entries, 10000);
	assert_int_equal(s.bytes - s0.bytes, 688); /* one buffer served them all */
	/* four at once: four buffers; a retired flow gives its buffer back */
	for (j = 0; j < 4; j++) {
		key4(&k, 20000 + (uint32_t)j, 0);
		f = flow_get(t, &k, 1000, &created);
		held[j] = flow_aux(t, f);
	}
	for (j = 0; j < 4; j++)
		for (i = 0; i < (uint32_t)j; i++)
			assert_ptr_not_equal(held[i], held[j]);
	flow_table_stats(t, &s);
	assert_int_equal(s.bytes - s0.bytes, 4 * 688);
	assert_int_equal(flow_expire(t, 5000), 0); /* idle 0: never expires */
	flow_table_free(t);
	assert_int_equal(r.flushed, 10004);
}

static void test_idle_expiry(void **state)
{
	struct retired r = {0, 0, 0, 0};
	struct flow_table *t = flow_table_new(64, 300, 16, on_retire, &r);
	struct flow_key k;
	struct flow_stats s;
	uint32_t i;
	int created;

	(void)state;
	for (i = 0; i < 10; i++) {
		key4(&k, i, 0);
		flow_get(t, &k, 1000 + i, &created);
	}
	/* 1000..1009 + 300: at 1305 the first five are idle. */
	assert_int_equal(flow_expire(t, 1305), 5);
	flow_table_stats(t, &s);
	assert_int_equal(s.entries, 5);
	assert_int_equal(s.expired, 5);
	/* A new flow later retires idle ones on its way in. */
	key4(&k, 100, 0);
	flow_get(t, &k, 5000, &created);
	flow_table_stats(t, &s);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.expired, 10);
	flow_table_free(t);
	assert_int_equal(r.expired, 10);
	assert_int_equal(r.flushed, 1);
}

/* ---- crafted IPv4 TCP packets (RFC 791 / RFC 9293) ---------------- */

static uint16_t csum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* An IPv4/TCP packet into `out` (Ethernet header first when eth); its length. */
static size_t tcp4(uint8_t *out, int eth, const uint8_t src[4], const uint8_t dst[4],
    uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
    const uint8_t *payload, size_t plen)
{
	uint8_t *ip = out + (eth ? 14 : 0), *tcp = ip + 20, pseudo[12];
	size_t tl = 20 + plen;
	uint32_t s;

	if (eth) {
		static const uint8_t macs[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};

		memcpy(out, macs, 12);
		if (src[3] == 2) { /* swap for the other direction */
			memcpy(out, macs + 6, 6);
			memcpy(out + 6, macs, 6);
		}
		out[12] = 0x08;
		out[13] = 0x00;
	}
	memset(ip, 0, 20 + tl);
	ip[0] = 0x45;
	ip[2] = (uint8_t)((20 + tl) >> 8);
	ip[3] = (uint8_t)(20 + tl);
	ip[8] = 1;
	ip[9] = 6;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	s = csum(ip, 20, 0);
	ip[10] = (uint8_t)(s >> 8);
	ip[11] = (uint8_t)s;
	tcp[0] = (uint8_t)(sport >> 8);
	tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8);
	tcp[3] = (uint8_t)dport;
	tcp[4] = (uint8_t)(seq >> 24);
	tcp[5] = (uint8_t)(seq >> 16);
	tcp[6] = (uint8_t)(seq >> 8);
	tcp[7] = (uint8_t)seq;
	tcp[8] = (uint8_t)(ack >> 24);
	tcp[9] = (uint8_t)(ack >> 16);
	tcp[10] = (uint8_t)(ack >> 8);
	tcp[11] = (uint8_t)ack;
	tcp[12] = 0x50;
	tcp[13] = flags;
	tcp[14] = 0x40;
	if (plen)
		memcpy(tcp + 20, payload, plen);
	memcpy(pseudo, src, 4);
	memcpy(pseudo + 4, dst, 4);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = (uint8_t)(tl >> 8);
	pseudo[11] = (uint8_t)tl;
	s = 0;
	{
		size_t i;

		for (i = 0; i < 12; i += 2)
			s += (uint32_t)pseudo[i] << 8 | pseudo[i + 1];
	}
	s = csum(tcp, tl, s);
	tcp[16] = (uint8_t)(s >> 8);
	tcp[17] = (uint8_t)s;
	return (eth ? 14 : 0) + 20 + tl;
}

/* RFC 4271 4.2 OPEN: marker, length 29, type 1, version 4, AS, hold, id, 0. */
static size_t bgp_open(uint8_t *m, uint16_t asn, uint8_t id)
{
	memset(m, 0xff, 16);
	m[16] = 0;
	m[17] = 29;
	m[18] = 1;
	m[19] = 4;
	m[20] = (uint8_t)(asn >> 8);
	m[21] = (uint8_t)asn;
	m[22] = 0;
	m[23] = 90;
	m[24] = 192;
	m[25] = 0;
	m[26] = 2;
	m[27] = id;
	m[28] = 0;
	return 29;
}

#define SYN 0x02
#define ACK 0x10
#define PSH 0x08

struct exchange {
	uint8_t pkt[8][128];
	size_t len[8];
	int n;
};

static void build_exchange(struct exchange *x, int eth)
{
	static const uint8_t a[4] = {192, 0, 2, 1}, b[4] = {192, 0, 2, 2};
	uint8_t open_a[29], open_b[29];

	bgp_open(open_a, 64501, 1);
	bgp_open(open_b, 64502, 2);
	x->n = 0;
	x->len[x->n++] = tcp4(x->pkt[0], eth, a, b, 40001, 179, 100, 0, SYN, NULL, 0);
	x->len[x->n++] = tcp4(x->pkt[1], eth, b, a, 179, 40001, 500, 101, SYN | ACK, NULL, 0);
	x->len[x->n++] = tcp4(x->pkt[2], eth, a, b, 40001, 179, 101, 501, ACK, NULL, 0);
	x->len[x->n++] = tcp4(x->pkt[3], eth, a, b, 40001, 179, 101, 501, PSH | ACK, open_a, 29);
	x->len[x->n++] = tcp4(x->pkt[4], eth, b, a, 179, 40001, 501, 130, PSH | ACK, open_b, 29);
}

static void test_shim_detects_bgp(void **state)
{
	struct nshim *m = nshim_new();
	struct exchange x;
	void *flow;
	uint16_t p = 0;
	int i, guessed;

	(void)state;
	assert_non_null(m);
	assert_string_equal(nshim_name(m, nshim_bgp_id()), "BGP");
	assert_int_equal(nshim_id(m, "bgp"), nshim_bgp_id());
	assert_int_equal(nshim_id(m, "no-such-protocol"), -1);
	assert_string_equal(nshim_name(m, 0), "Unknown");
	build_exchange(&x, 0);
	flow = calloc(1, nshim_flow_size());
	assert_non_null(flow);
	for (i = 0; i < x.n && p == 0; i++)
		p = nshim_process(m, flow, x.pkt[i], (uint32_t)x.len[i], 1000 + (uint64_t)i);
	assert_int_equal(p, nshim_bgp_id());
	assert_true(i >= 4); /* named from the OPEN, not from the port */
	nshim_flow_release(flow);

	/* SYNs only: nothing to name, but the port makes a guess. */
	nshim_flow_init(flow);
	for (i = 0; i < 3; i++)
		assert_int_equal(nshim_process(m, flow, x.pkt[0], (uint32_t)x.len[0],
		    2000 + (uint64_t)i), 0);
	assert_int_equal(nshim_giveup(m, flow, &guessed), nshim_bgp_id());
	assert_int_equal(guessed, 1);
	nshim_flow_release(flow);
	free(flow);
	nshim_free(m);
}

static void test_engine_bgp_session(void **state)
{
	struct engine *e = engine_new(1);
	struct exchange x;
	json_t *r, *s;
	int i;

	(void)state;
	build_exchange(&x, 1);
	for (i = 0; i < x.n; i++)
		engine_offer(e, 1, 1793613600 + i, 0, x.pkt[i], (uint32_t)x.len[i],
		    (uint32_t)(x.len[i] < 60 ? 60 : x.len[i]), 1);
	r = engine_report(e);
	s = json_array_get(json_object_get(r, "bgp_sessions"), 0);
	assert_non_null(s);
	assert_int_equal(json_array_size(json_object_get(r, "bgp_sessions")), 1);
	assert_string_equal(json_string_value(json_object_get(s, "family")), "ipv4");
	assert_string_equal(json_string_value(json_object_get(s, "detected_by")), "ndpi");
	assert_string_equal(json_string_value(json_object_get(json_object_get(s, "a"), "ip")),
	    "192.0.2.1");
	assert_int_equal(json_integer_value(json_object_get(s, "frames")), 5);
	s = json_array_get(json_object_get(json_object_get(r, "protocols"), "ipv4"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "protocol")), "BGP");
	assert_int_equal(json_integer_value(json_object_get(s, "frames")), 5);
	json_decref(r);
	engine_free(e);
}

/* state.json round trip: a restarted engine continues the counters. */
/*
 * A TLS ClientHello the snap length cut (record length 512, 128 bytes of
 * the frame captured) can never be parsed: the flow takes nDPI's port
 * guess at once (flows.handshakes_cut) and still ends up TLS by its port.
 * The same hello captured whole, but spread over two segments, is not cut.
 */
static void test_cut_handshake(void **state)
{
	static const uint8_t a[4] = {192, 0, 2, 1}, b[4] = {192, 0, 2, 2};
	uint8_t pkt[2048], hello[600];
	int snapped;

	(void)state;
	memset(hello, 0x41, sizeof(hello));
	hello[0] = 22, hello[1] = 3, hello[2] = 1, hello[3] = 2, hello[4] = 0;
	hello[5] = 1; /* ClientHello */
	for (snapped = 1; snapped >= 0; snapped--) {
		struct engine *e = engine_new(1);
		size_t len = tcp4(pkt, 1, a, b, 40000, 443, 1, 1, 0x18, hello,
		    snapped ? 517 : 300);
		json_t *r, *p;

		engine_offer(e, 1, 1793613600, 0, pkt, snapped ? 128 : (uint32_t)len,
		    (uint32_t)len, 1);
		r = engine_report(e);
		assert_int_equal(json_integer_value(json_object_get(json_object_get(r,
		    "flows"), "handshakes_cut")), snapped);
		p = json_array_get(json_object_get(json_object_get(r, "protocols"), "ipv4"), 0);
		if (snapped)
			assert_string_equal(json_string_value(json_object_get(p, "protocol")), "TLS");
		json_decref(r);
		engine_free(e);
	}
}

/*
 * A flow already running when the capture began: its first data is a
 * TLS application_data record with no SYN before it, or a QUIC short
 * header on UDP/443.  nDPI names TLS and QUIC from their handshakes, so
 * the flow takes the port guess at its first payload
 * (flows.handshakes_unseen) and ends up TLS by its port, as it did after
 * 80 packets.  The same record after a SYN, and a mid-stream HTTP
 * response, are inspected as before.
 */
static void test_unseen_handshake(void **state)
{
	static const uint8_t a[4] = {192, 0, 2, 1}, b[4] = {192, 0, 2, 2};
	static const uint8_t appdata[64] = {23, 3, 3, 0, 59, 0x9c, 0x1e};
	static const char http[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	static const struct {
		int syn, udp;
		const uint8_t *pl;
		size_t plen;
		int unseen;
		const char *proto;
	} c[] = {
		{0, 0, appdata, sizeof(appdata), 1, "TLS"},
		{1, 0, appdata, sizeof(appdata), 0, NULL},
		{0, 0, (const uint8_t *)http, sizeof(http) - 1, 0, NULL},
		{0, 1, NULL, 40, 1, NULL},
	};
	uint8_t pkt[256];
	size_t i, k, len;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct engine *e = engine_new(1);
		json_t *r, *p;

		if (c[i].syn) {
			len = tcp4(pkt, 1, a, b, 40000, 443, 1, 0, SYN, NULL, 0);
			engine_offer(e, 1, 1793613600, 0, pkt, (uint32_t)len, 60, 1);
		}
		if (c[i].udp) {
			/* b:443 -> a:40000, a QUIC 1-RTT packet: 0x4x, then ciphertext */
			uint8_t *ip = pkt + 14, *u = ip + 20;

			len = tcp4(pkt, 1, b, a, 443, 40000, 1, 1, ACK, NULL, 0);
			ip[9] = 17;
			ip[2] = 0, ip[3] = (uint8_t)(28 + c[i].plen);
			ip[10] = ip[11] = 0;
			memset(u + 4, 0, 4 + c[i].plen);
			u[4] = 0, u[5] = (uint8_t)(8 + c[i].plen);
			u[8] = 0x43;
			for (k = 1; k < c[i].plen; k++)
				u[8 + k] = (uint8_t)(k * 151 + 7);
			len = 14 + 28 + c[i].plen;
		} else {
			len = tcp4(pkt, 1, b, a, 443, 40000, 1, 2, PSH | ACK, c[i].pl, c[i].plen);
		}
		engine_offer(e, 1, 1793613601, 0, pkt, (uint32_t)len, (uint32_t)len, 1);
		r = engine_report(e);
		assert_int_equal(json_integer_value(json_object_get(json_object_get(r,
		    "flows"), "handshakes_unseen")), c[i].unseen);
		p = json_array_get(json_object_get(json_object_get(r, "protocols"), "ipv4"), 0);
		if (c[i].proto)
			assert_string_equal(json_string_value(json_object_get(p, "protocol")),
			    c[i].proto);
		json_decref(r);
		engine_free(e);
	}
}

static void test_restore(void **state)
{
	struct engine *e = engine_new(1), *e2;
	struct exchange x;
	json_t *r, *r2, *s;
	int i;

	(void)state;
	build_exchange(&x, 1);
	for (i = 0; i < x.n; i++)
		engine_offer(e, 1, 1793613600 + i, 0, x.pkt[i], (uint32_t)x.len[i], 60, 1);
	r = engine_report(e);
	e2 = engine_new(1);
	assert_int_equal(engine_restore(e2, r), 0);
	for (i = 0; i < x.n; i++) /* a new connection of the same session */
		engine_offer(e2, 1, 1793617200 + i, 0, x.pkt[i], (uint32_t)x.len[i], 60, 1);
	r2 = engine_report(e2);
	s = json_array_get(json_object_get(json_object_get(r2, "protocols"), "ipv4"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "protocol")), "BGP");
	assert_int_equal(json_integer_value(json_object_get(s, "frames")), 10);
	assert_int_equal(json_array_size(json_object_get(r2, "bgp_sessions")), 1);
	s = json_array_get(json_object_get(r2, "bgp_sessions"), 0);
	assert_int_equal(json_integer_value(json_object_get(s, "frames")), 10);
	assert_string_equal(json_string_value(json_object_get(s, "first_seen")),
	    json_string_value(json_object_get(json_array_get(json_object_get(r,
	    "bgp_sessions"), 0), "first_seen")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r2,
	    "flows"), "created")), 2);
	json_decref(r);
	json_decref(r2);
	engine_free(e);
	engine_free(e2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_both_directions_one_entry),
		cmocka_unit_test(test_bound_and_lru),
		cmocka_unit_test(test_aux_pool),
		cmocka_unit_test(test_idle_expiry),
		cmocka_unit_test(test_shim_detects_bgp),
		cmocka_unit_test(test_engine_bgp_session),
		cmocka_unit_test(test_cut_handshake),
		cmocka_unit_test(test_unseen_handshake),
		cmocka_unit_test(test_restore),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
