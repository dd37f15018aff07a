/*
 * sflow.h - sFlow version 5 datagrams (sflow.org sflow_version_5.txt).
 *
 * The decoder is pure like the frame decoders: it walks a datagram through
 * the bounded cursor and hands each record it understands to a callback;
 * no allocation, no globals, no I/O.  Every structure's declared length is
 * checked against what remains of its parent and against what was consumed
 * (XDR: 4-byte padded), so a lying length can never make it read outside
 * the datagram, and zero-length records cannot loop.
 */
#ifndef IXMON_SFLOW_H
#define IXMON_SFLOW_H

#include <stddef.h>
#include <stdint.h>

#define SFLOW_DEFAULT_PORT 6343

struct sflow_datagram {
	uint32_t version;    /* 5 */
	uint8_t agent_af;    /* 4 or 6 (0 = unknown address type) */
	uint8_t agent[16];
	uint32_t sub_agent;
	uint32_t seq;        /* datagram sequence number, per agent/sub-agent */
	uint32_t uptime_ms;
	uint32_t n_samples;
};

/* A flow sample's raw packet header record (format 1). */
struct sflow_raw_header {
	const struct sflow_datagram *dg;
	uint32_t source_id;     /* type << 24 | index (expanded: both fields) */
	uint32_t sample_seq;    /* flow sample sequence number, per source_id */
	uint32_t sampling_rate; /* 1 in N */
	uint32_t sample_pool;
	uint32_t drops;
	uint32_t input_if, output_if;
	uint32_t protocol;      /* header protocol: 1 = Ethernet (ISO 8802-3) */
	uint32_t frame_length;  /* original length on the wire */
	uint32_t stripped;      /* bytes removed before header (e.g. FCS) */
	uint32_t header_len;    /* bytes in header[] */
	const uint8_t *header;  /* points into the datagram */
};

/* A counter sample's generic interface counters record (format 1). */
struct sflow_if_counters {
	const struct sflow_datagram *dg;
	uint32_t source_id;
	uint32_t sample_seq;
	uint32_t if_index, if_type;
	uint64_t if_speed;
	uint32_t if_direction, if_status;
	uint64_t in_octets;
	uint32_t in_ucast, in_mcast, in_bcast, in_discards, in_errors, in_unknown;
	uint64_t out_octets;
	uint32_t out_ucast, out_mcast, out_bcast, out_discards, out_errors;
	uint32_t promisc;
};

/* What one datagram held: for the collector's counters. */
struct sflow_result {
	uint32_t flow_samples, counter_samples, other_samples;
	uint32_t raw_headers, if_counters, other_records;
};

struct sflow_handlers {
	void (*raw_header)(void *ctx, const struct sflow_raw_header *h);
	void (*if_counters)(void *ctx, const struct sflow_if_counters *c);
	void *ctx;
};

/*
 * Decode one datagram.  Returns DEC_OK, DEC_TRUNCATED, DEC_INVALID (bad
 * version, a length that contradicts its parent, a zero-length structure)
 * or DEC_UNSUPPORTED (not version 5).  Records before a failure have been
 * delivered already; `res` counts what was seen either way.
 */
int sflow_decode(const uint8_t *p, size_t len, const struct sflow_handlers *h,
    struct sflow_datagram *dg, struct sflow_result *res);

#endif
