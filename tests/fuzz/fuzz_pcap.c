/*
 * fuzz_pcap.c - libpcap's file reader and ours together on arbitrary files.
 *
 * The input is written to an anonymous file (memfd, so nothing is left
 * behind even if the run is killed; mkstemp under /tmp where memfd is
 * missing) and read with src_file_read() into a fresh engine, whose report
 * is then built, so capture headers that lie about caplen, link type, byte
 * order, timestamp precision or pcapng block lengths reach the decoders,
 * the analyzers and the report code exactly as `ixmon analyze` would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyze/engine.h"
#include "capture/source_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], tmpl[] = "/tmp/ixmon-fuzz-pcap-XXXXXX", err[256];
	struct engine *e;
	json_t *report;
	int fd, is_tmp = 0;

	fd = memfd_create("ixmon-fuzz-pcap", 0);
	if (fd >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	} else {
		if ((fd = mkstemp(tmpl)) < 0)
			abort();
		snprintf(path, sizeof(path), "%s", tmpl);
		is_tmp = 1;
	}
	if (write_all(fd, data, size) < 0)
		abort();
	e = engine_new(1);
	{
		const struct src_sink to = engine_sink(e);

		src_file_read(path, &to, NULL, NULL, err, sizeof(err));
	}
	report = engine_report(e);
	json_decref(report);
	engine_free(e);
	close(fd);
	if (is_tmp)
		unlink(tmpl);
	return 0;
}
