/*
 * source_live.h - live capture from an interface with libpcap.
 */
#ifndef IXMON_SOURCE_LIVE_H
#define IXMON_SOURCE_LIVE_H

#include <pcap/pcap.h>
#include <stddef.h>

struct live_opts {
	int snaplen;      /* bytes kept per frame */
	int promisc;      /* 1: see a mirror port's traffic, not only ours */
	int buffer_mb;    /* kernel ring: absorbs bursts while we write state */
	const char *filter; /* BPF, NULL for all */
};

/*
 * Open and activate `ifname` non-blocking on a packed ring, with the
 * filter applied.  NULL with a one-line reason in `err` on failure.
 */
pcap_t *src_live_open(const char *ifname, const struct live_opts *o, char *err,
    size_t errlen);

#endif
