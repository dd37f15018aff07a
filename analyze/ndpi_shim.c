/*
 * ndpi_shim.c - nDPI behind the small API of ndpi_shim.h.
 *
 * The only file that includes <ndpi_api.h>.  Version differences are
 * resolved here on NDPI_API_VERSION (8668 is 4.2, Debian 12):
 *  - ndpi_detection_process_packet: 7 arguments before 4.2 (src/dst id
 *    structs), 5 in 4.2-4.4, 6 from 4.6 (an input-info pointer);
 *  - ndpi_finalize_initialization: void in 4.2, int from 4.10.
 * nDPI parses from the IP header (IPv4 RFC 791 / IPv6 RFC 8200); it
 * refuses a packet whose declared length exceeds the buffer, so callers
 * pass consistent lengths (an_app.c rewrites them for snapped frames).
 */
#include <ndpi_api.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze/ndpi_shim.h"

struct nshim {
	struct ndpi_detection_module_struct *mod;
	uint16_t max_id;
};

struct nshim *nshim_new(void)
{
	struct nshim *m = calloc(1, sizeof(*m));
	NDPI_PROTOCOL_BITMASK all;

	if (m == NULL)
		return NULL;
	m->mod = ndpi_init_detection_module(ndpi_no_prefs);
	if (m->mod == NULL) {
		free(m);
		return NULL;
	}
	NDPI_BITMASK_SET_ALL(all);
	ndpi_set_protocol_detection_bitmask2(m->mod, &all);
#if NDPI_API_VERSION >= 10000
	if (ndpi_finalize_initialization(m->mod) != 0) {
		ndpi_exit_detection_module(m->mod);
		free(m);
		return NULL;
	}
#else
	ndpi_finalize_initialization(m->mod);
#endif
	m->max_id = (uint16_t)ndpi_get_num_supported_protocols(m->mod);
	return m;
}

void nshim_free(struct nshim *m)
{
	if (m == NULL)
		return;
	ndpi_exit_detection_module(m->mod);
	free(m);
}

size_t nshim_flow_size(void) { return sizeof(struct ndpi_flow_struct); }

void nshim_flow_init(void *flow) { memset(flow, 0, sizeof(struct ndpi_flow_struct)); }

void nshim_flow_release(void *flow) { ndpi_free_flow_data(flow); }

/* The application protocol when named, else the master (ndpiReader's pick). */
static uint16_t proto_of(ndpi_protocol p)
{
	return p.app_protocol != NDPI_PROTOCOL_UNKNOWN ? p.app_protocol
						       : p.master_protocol;
}

uint16_t nshim_process(struct nshim *m, void *flow, const uint8_t *l3,
    uint32_t len, uint64_t ms)
{
	ndpi_protocol p;

	if (len > 0xffff)
		len = 0xffff; /* nDPI takes an unsigned short */
#if NDPI_API_VERSION >= 9000 /* 4.6 and later: input info */
	p = ndpi_detection_process_packet(m->mod, flow, l3, (unsigned short)len,
	    ms, NULL);
#elif NDPI_API_VERSION >= 8000 /* 4.2 - 4.4 */
	p = ndpi_detection_process_packet(m->mod, flow, l3, (unsigned short)len, ms);
#else /* 4.0: src/dst id structs */
	p = ndpi_detection_process_packet(m->mod, flow, l3, (unsigned short)len,
	    ms, NULL, NULL);
#endif
	return proto_of(p);
}

uint16_t nshim_giveup(struct nshim *m, void *flow, int *guessed)
{
	uint8_t g = 0;
	ndpi_protocol p = ndpi_detection_giveup(m->mod, flow, 1, &g);

	*guessed = g;
	return proto_of(p);
}

const char *nshim_name(struct nshim *m, uint16_t id)
{
	const char *n = id ? ndpi_get_proto_name(m->mod, id) : NULL;

	return n ? n : "Unknown";
}

int nshim_id(struct nshim *m, const char *name)
{
	uint16_t i;

	/* ndpi_get_protocol_id is case-sensitive; operators are not. */
	for (i = 0; i < m->max_id; i++) {
		const char *n = ndpi_get_proto_name(m->mod, i);

		if (n && strcasecmp(n, name) == 0)
			return i;
	}
	return -1;
}

uint16_t nshim_max_id(struct nshim *m) { return m->max_id; }

uint16_t nshim_bgp_id(void) { return NDPI_PROTOCOL_BGP; }

const char *nshim_version(void) { return ndpi_revision(); }
