/*
 * source_live.c - see source_live.h.
 *
 * The ring is libpcap's TPACKET_V3: frames packed one after another in
 * blocks, so the buffer (pcap_set_buffer_size) holds as many bytes of
 * frames as it is configured for.  Immediate mode would give TPACKET_V2,
 * fixed slots sized for the largest frame the snap length and the NIC's
 * receive offload allow (64 KiB on an offloading NIC with a 262144 snap):
 * 64 MiB held 1,024 frames, and a capture that lost the CPU to other
 * work during a 3,793-frame burst dropped what did not fit.  A block the kernel has not
 * filled is handed over after LIVE_BLOCK_MS, so an interval boundary on a
 * quiet plain port is at most that late.  Drops are read with pcap_stats
 * by the caller.
 */
#include <stdio.h>

#include "capture/decode.h"
#include "capture/source_live.h"

/* how long a partly filled ring block waits before it is delivered */
#define LIVE_BLOCK_MS 100

pcap_t *src_live_open(const char *ifname, const struct live_opts *o, char *err,
    size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	pcap_t *p;
	int rc;

	p = pcap_create(ifname, perr);
	if (p == NULL) {
		snprintf(err, errlen, "%s", perr);
		return NULL;
	}
	pcap_set_snaplen(p, o->snaplen);
	pcap_set_promisc(p, o->promisc);
	pcap_set_timeout(p, LIVE_BLOCK_MS);
	pcap_set_buffer_size(p, o->buffer_mb << 20);
	pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(p);
	if (rc < 0) {
		snprintf(err, errlen, "%s", pcap_geterr(p));
		goto fail;
	}
	if (!dec_linktype_supported(pcap_datalink(p))) {
		snprintf(err, errlen, "unsupported link type %d (%s)", pcap_datalink(p),
		    pcap_datalink_val_to_name(pcap_datalink(p)));
		goto fail;
	}
	if (o->filter) {
		if (pcap_compile(p, &prog, o->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			snprintf(err, errlen, "filter '%s': %s", o->filter, pcap_geterr(p));
			goto fail;
		}
		rc = pcap_setfilter(p, &prog);
		pcap_freecode(&prog);
		if (rc < 0) {
			snprintf(err, errlen, "filter: %s", pcap_geterr(p));
			goto fail;
		}
	}
	if (pcap_setnonblock(p, 1, perr) < 0) {
		snprintf(err, errlen, "%s", perr);
		goto fail;
	}
	return p;
fail:
	pcap_close(p);
	return NULL;
}
