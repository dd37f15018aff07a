/*
 * sflow_collector.h - what a collector keeps across sFlow v5 datagrams.
 *
 * The decoder (capture/decode_sflow.c) reads one datagram; this module
 * accounts for it: per agent and data source, sequence-number gaps become
 * lost samples and lost datagrams (sFlow runs over UDP: loss is normal and
 * must be visible, since every estimate is scaled by the sampling rate);
 * interface counter samples are kept per agent and ifIndex; every raw
 * Ethernet header is handed to the caller with its sampling rate as weight,
 * so it goes through the same frame decoders as a captured frame.  Tables
 * are bounded lrus, evictions reported.
 */
#ifndef IXMON_SFLOW_COLLECTOR_H
#define IXMON_SFLOW_COLLECTOR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct sfc;

/* A sampled frame: header bytes, original wire length, frames it stands for. */
typedef void (*sfc_frame_fn)(void *ctx, const uint8_t *hdr, uint32_t caplen,
    uint32_t wirelen, uint32_t weight);

struct sfc *sfc_new(uint32_t max_sources);
void sfc_free(struct sfc *c);

/* Account one datagram (UDP payload); returns the decoder's dec_status. */
int sfc_datagram(struct sfc *c, const uint8_t *p, size_t len, int64_t now,
    sfc_frame_fn fn, void *ctx);

uint64_t sfc_datagrams(const struct sfc *c);

/* Take the totals back from an earlier report's "sflow" section. */
void sfc_restore(struct sfc *c, const json_t *sflow);

/* The report's "sflow" section; a new reference. */
json_t *sfc_report(const struct sfc *c);

#endif
