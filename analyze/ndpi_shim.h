/*
 * ndpi_shim.h - the one door to nDPI.
 *
 * nDPI's API changes between releases (ndpi_detection_process_packet took
 * 7 arguments in 4.0, 5 in 4.2-4.4 and 6 from 4.6; finalize returns void
 * in 4.2 and int from 4.10), so only ndpi_shim.c includes <ndpi_api.h>
 * and everything else uses this small opaque API.  A module holds parse
 * state: one per thread (ixmon analyses on one thread per engine).
 *
 * Protocol ids are nDPI's own (0 = unknown); a flow's protocol is its
 * application protocol when nDPI names one, else its master protocol -
 * the choice ndpiReader makes for its per-protocol summary.
 */
#ifndef IXMON_NDPI_SHIM_H
#define IXMON_NDPI_SHIM_H

#include <stddef.h>
#include <stdint.h>

struct nshim;

/* A detection module with every protocol enabled; NULL on failure. */
struct nshim *nshim_new(void);
void nshim_free(struct nshim *m);

/* Bytes of one per-flow nDPI state (struct ndpi_flow_struct). */
size_t nshim_flow_size(void);
/* Make `flow` (nshim_flow_size() bytes) a fresh flow. */
void nshim_flow_init(void *flow);
/* Release what nDPI allocated inside `flow` (not `flow` itself). */
void nshim_flow_release(void *flow);

/*
 * Feed one packet starting at its IP header (`len` bytes, lengths in the
 * header consistent with `len`) at capture time `ms`.  Returns the
 * protocol id once detected, 0 while still unknown.
 */
uint16_t nshim_process(struct nshim *m, void *flow, const uint8_t *l3,
    uint32_t len, uint64_t ms);
/* Stop detection; the best guess (by ports), 0 if none. */
uint16_t nshim_giveup(struct nshim *m, void *flow, int *guessed);

/* "BGP", "MDNS"...; "Unknown" for 0 or an id nDPI does not know. */
const char *nshim_name(struct nshim *m, uint16_t id);
/* The id of a protocol by name (case-insensitive), -1 if unknown. */
int nshim_id(struct nshim *m, const char *name);
/* One more than the largest protocol id this module can return. */
uint16_t nshim_max_id(struct nshim *m);
/* nDPI's id for BGP (RFC 4271). */
uint16_t nshim_bgp_id(void);
/* "4.2.0" */
const char *nshim_version(void);

#endif
