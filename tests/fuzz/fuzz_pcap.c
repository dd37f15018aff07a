/*
 * fuzz_pcap.c - libpcap's file reader and ours together on arbitrary files.
 *
 * The input is read from memory (fmemopen) with src_stream_read(), the
 * reader `ixmon analyze` uses once a file is open, into one long-lived
 * engine whose report is built every input, so capture headers that lie
 * about caplen, link type, byte order, timestamp precision or pcapng block
 * lengths reach the decoders, the analyzers and the report code exactly as
 * they would from a file (the report: see below).  One engine, not one per input: creating an
 * engine (nDPI's protocol tables) costs more than reading most inputs, and
 * a long-lived one also meets state left by earlier inputs, as a daemon
 * does.  Its bounds are small (hundreds of entries, not the defaults'
 * hundreds of thousands), so eviction paths run within a few inputs and
 * libFuzzer's leak check, which scans the heap whenever an input leaves
 * memory allocated, scans kilobytes, not the defaults' tens of megabytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyze/engine.h"
#include "capture/source_file.h"
#include "common/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct engine *e;
	const struct src_hooks none = {0};
	char err[256];
	json_t *report;
	FILE *fp;

	if (e == NULL) {
		struct ixm_config cfg;

		cfg_defaults(&cfg);
		cfg.max_macs = cfg.max_nd = 256;
		cfg.max_trackers = cfg.max_alerts = 128;
		cfg.max_flows = cfg.max_bgp_sessions = 512;
		e = engine_new_env(1, &cfg, NULL);
	}
	/* fmemopen refuses a 0-byte buffer: an empty input is an empty file */
	if (size == 0)
		return 0;
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "rb")) == NULL)
		abort();
	{
		const struct src_sink to = engine_sink(e);

		src_stream_read(fp, "fuzz-input", &to, &none, err, sizeof(err));
	}
	/*
	 * The report walks every table: under libFuzzer it is built every
	 * 32nd input (otherwise it is most of the time); replayed, always.
	 */
#ifdef IXMON_LIBFUZZER
	static unsigned runs;

	if (++runs % 32 != 0)
		return 0;
#endif
	report = engine_report(e);
	json_decref(report);
	return 0;
}
