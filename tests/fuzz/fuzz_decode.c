/*
 * fuzz_decode.c - the frame decoders and the analyzers on arbitrary bytes.
 *
 * The first input byte chooses the entry point, the rest is the frame:
 *   0 Ethernet, 1 Linux SLL, 2 Linux SLL2 (through dec_frame),
 *   3 bare IPv4 (dec_ipv4), 4 bare IPv6 (dec_ipv6), the entry points the
 *   sFlow decoder and the misaligned-frame explainer use.
 * Each frame is decoded twice: whole (caplen == wirelen, so short means
 * truncated) and as if a snap length had cut it (wirelen = size + 100),
 * which takes the DEC_IP_SNAPPED and DEC_ND_OPT_PARTIAL paths.  The decoded
 * frame is checked for pointers that escape the input, then the same bytes
 * go through engine_offer() so every analyzer sees hostile input too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/engine.h"
#include "capture/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int linktypes[] = {
	DEC_LINKTYPE_ETHERNET,
	DEC_LINKTYPE_LINUX_SLL,
	DEC_LINKTYPE_LINUX_SLL2,
};

/* A decoder bug, not an input problem: stop loudly so the fuzzer keeps it. */
static void check(const struct dec_frame *f, const uint8_t *p, size_t n)
{
	if (f->status > DEC_UNSUPPORTED || f->eclass >= DEC_EC_MAX ||
	    f->tunnel >= DEC_TUN_MAX || f->n_tags > DEC_MAX_TAGS)
		abort();
	if (f->l3 != NULL && (f->l3 < p || f->l3_len > n ||
	    (size_t)(f->l3 - p) > n - f->l3_len))
		abort();
	if (f->payload != NULL && (f->payload < p || f->payload_len > n ||
	    (size_t)(f->payload - p) > n - f->payload_len))
		abort();
	if ((f->status == DEC_OK) != (f->err_layer == DEC_L_NONE))
		abort();
}

static void decode_raw(int which, const uint8_t *p, uint32_t caplen,
    uint32_t wirelen)
{
	struct dec_frame f;
	struct cur c = cur_make(p, caplen);

	memset(&f, 0, sizeof(f));
	f.caplen = caplen;
	f.wirelen = wirelen;
	f.eclass = DEC_EC_OTHER;
	if (which == 3)
		dec_ipv4(c, &f);
	else
		dec_ipv6(c, &f, &f.ip);
	check(&f, p, caplen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct engine *e;
	struct dec_frame f;
	const uint8_t *p;
	uint32_t n;
	int which, lt;

	if (size < 1 || size - 1 > UINT32_MAX - 100)
		return 0;
	if (e == NULL)
		e = engine_new(1); /* lives for the whole run, like a daemon */
	which = data[0] % 5;
	p = data + 1;
	n = (uint32_t)(size - 1);
	if (which >= 3) {
		decode_raw(which, p, n, n);
		decode_raw(which, p, n, n + 100);
		return 0;
	}
	lt = linktypes[which];
	dec_frame(lt, p, n, n, &f);
	check(&f, p, n);
	dec_frame(lt, p, n, n + 100, &f);
	check(&f, p, n);
	engine_offer(e, lt, 1793613600, 0, p, n, n, 1);
	engine_offer(e, lt, 1793613600, 1, p, n, n + 100, 1);
	return 0;
}
