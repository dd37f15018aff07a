/*
 * source_file.c - read a pcap or pcapng file (any byte order, micro- or
 * nanosecond timestamps) and hand its frames to a sink (the engine).
 *
 * libpcap does the format work; we open the file ourselves first so the
 * common operator mistakes get plain words (missing, a directory, empty)
 * instead of libpcap's internal phrasing, and so we can tell pcap from
 * pcapng by the magic for the report.  Timestamps are asked for in
 * nanoseconds: libpcap scales microsecond files up, never the reverse.
 * A record cut short at the end of the file is reported as the error of
 * that file after the frames before it were counted (nothing is lost).
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capture/decode.h"
#include "capture/source_file.h"

#define SRC_FILE_BUFFER (1u << 20)

static const char *file_format(FILE *fp)
{
	unsigned char m[4];
	const char *fmt = "unknown";

	if (fread(m, 1, 4, fp) == 4) {
		if (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a)
			fmt = "pcapng";
		else
			fmt = "pcap";
	}
	rewind(fp);
	return fmt;
}

int src_file_read(const char *path, const struct src_sink *to,
    src_progress_fn progress, void *ctx, char *err, size_t errlen)
{
	const struct src_hooks hooks = {progress, NULL, ctx};

	return src_file_read_ex(path, to, &hooks, err, errlen);
}

int src_file_read_ex(const char *path, const struct src_sink *to,
    const struct src_hooks *hooks, char *err, size_t errlen)
{
	struct stat sb;
	char *vbuf;
	FILE *fp;
	int rc;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		to->done(to->ctx, path, NULL, -1, 0, err);
		return -1;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "is a directory, not a capture file");
		to->done(to->ctx, path, NULL, -1, 0, err);
		fclose(fp);
		return -1;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0) {
		snprintf(err, errlen, "empty file (0 bytes), not a capture");
		to->done(to->ctx, path, NULL, -1, 0, err);
		fclose(fp);
		return -1;
	}
	/*
	 * libpcap reads records through stdio; its default 4 KiB buffer makes
	 * a read(2) every ~30 frames.  1 MiB makes it one every ~8,000.  glibc
	 * ignores the size unless it is given the buffer, which must outlive
	 * the FILE (closed by src_stream_read).
	 */
	vbuf = malloc(SRC_FILE_BUFFER);
	if (vbuf)
		setvbuf(fp, vbuf, _IOFBF, SRC_FILE_BUFFER);
	rc = src_stream_read(fp, path, to, hooks, err, errlen);
	free(vbuf);
	return rc;
}

int src_stream_read(FILE *fp, const char *name, const struct src_sink *to,
    const struct src_hooks *hooks, char *err, size_t errlen)
{
	char pcap_err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	const char *fmt;
	uint64_t frames = 0;
	pcap_t *p;
	int linktype, rc;

	fmt = file_format(fp);
	p = pcap_fopen_offline_with_tstamp_precision(fp,
	    PCAP_TSTAMP_PRECISION_NANO, pcap_err);
	if (p == NULL) {
		/* libpcap closes nothing on failure: the FILE is still ours. */
		if (strstr(pcap_err, "unknown file format"))
			snprintf(err, errlen, "not a pcap or pcapng capture file");
		else
			snprintf(err, errlen, "bad capture header: %s", pcap_err);
		to->done(to->ctx, name, NULL, -1, 0, err);
		fclose(fp);
		return -1;
	}
	linktype = pcap_datalink(p);
	if (!dec_linktype_supported(linktype)) {
		const char *lname = pcap_datalink_val_to_name(linktype);

		snprintf(err, errlen,
		    "unsupported link type %d (%s): ixmon reads Ethernet and Linux cooked (SLL, SLL2) captures",
		    linktype, lname ? lname : "unknown");
		to->done(to->ctx, name, fmt, linktype, 0, err);
		pcap_close(p);
		return -1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		int64_t sec = h->ts.tv_sec;
		long ns = h->ts.tv_usec; /* nanoseconds: we asked for them */

		/* A record may claim a fraction of 1 s or more: carry it. */
		if (ns < 0 || ns >= 1000000000L) {
			sec += ns / 1000000000L;
			ns %= 1000000000L;
			if (ns < 0) {
				ns += 1000000000L;
				sec--;
			}
		}
		if (hooks->before && hooks->before(hooks->ctx, sec))
			break;
		to->frame(to->ctx, linktype, sec, (uint32_t)ns, data, h->caplen, h->len);
		if (++frames % SRC_PROGRESS_EVERY == 0 && hooks->progress)
			hooks->progress(hooks->ctx, (uint64_t)ftell(pcap_file(p)));
	}
	if (rc == PCAP_ERROR) {
		snprintf(err, errlen, "after %llu frames: %s",
		    (unsigned long long)frames, pcap_geterr(p));
		to->done(to->ctx, name, fmt, linktype, frames, err);
		pcap_close(p);
		return -1;
	}
	to->done(to->ctx, name, fmt, linktype, frames, NULL);
	pcap_close(p);
	return 0;
}
