/*
 * fuzz_sflow.c - the sFlow v5 decoder on arbitrary bytes.
 *
 * The whole input is one datagram (a UDP payload).  It is decoded twice:
 * once with handlers that check every delivered record and hand each raw
 * header to the Ethernet decoder, as the collector does, and once with no
 * handlers at all; both walks must agree on the status and on every count,
 * since a handler must never change what the decoder sees.  Checks that
 * fail call abort() so libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture/decode.h"
#include "capture/sflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	const uint8_t *lo;
	size_t n;
	const struct sflow_datagram *dg;
	uint32_t raw, ifc;
};

static void on_raw(void *ctx, const struct sflow_raw_header *h)
{
	struct fz *z = ctx;
	struct dec_frame f;
	uint32_t wire;

	if (h->dg != z->dg || h->header < z->lo || h->header_len > z->n ||
	    (size_t)(h->header - z->lo) > z->n - h->header_len)
		abort();
	z->raw++;
	if (h->protocol != 1)
		return;
	/* The sampled header is a frame cut by the agent's snap length. */
	wire = h->frame_length > h->stripped ? h->frame_length - h->stripped : 0;
	if (wire < h->header_len)
		wire = h->header_len;
	dec_frame(DEC_LINKTYPE_ETHERNET, h->header, h->header_len, wire, &f);
	if (f.status > DEC_UNSUPPORTED)
		abort();
	if (f.l3 != NULL && (f.l3 < h->header || f.l3_len > h->header_len ||
	    (size_t)(f.l3 - h->header) > h->header_len - f.l3_len))
		abort();
}

static void on_ifc(void *ctx, const struct sflow_if_counters *c)
{
	struct fz *z = ctx;

	if (c->dg != z->dg)
		abort();
	z->ifc++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sflow_datagram dg, dg2;
	struct sflow_result res, res2;
	struct fz z = {data, size, &dg, 0, 0};
	const struct sflow_handlers h = {on_raw, on_ifc, &z};
	int st, st2;

	st = sflow_decode(data, size, &h, &dg, &res);
	if (st < DEC_OK || st > DEC_UNSUPPORTED)
		abort();
	if (z.raw != res.raw_headers || z.ifc != res.if_counters)
		abort();
	/* Every record sits in a sample, every sample has at least 8 bytes. */
	if ((uint64_t)res.raw_headers + res.if_counters + res.other_records >
	    size / 8 ||
	    (uint64_t)res.flow_samples + res.counter_samples +
	    res.other_samples > size / 8)
		abort();
	st2 = sflow_decode(data, size, NULL, &dg2, &res2);
	if (st2 != st || memcmp(&res, &res2, sizeof(res)) != 0 ||
	    memcmp(&dg, &dg2, sizeof(dg)) != 0)
		abort();
	return 0;
}
