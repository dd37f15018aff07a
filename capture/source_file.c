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
 *
 * Read-ahead: libpcap's reading (read(2), the record headers, copying out
 * of stdio) costs a bare loop ~130 ns a frame, a fifth of what analysing
 * it costs.  A reader thread does it into batches of up to 1024 frames
 * (copied, since libpcap reuses its buffer), ahead of the caller's thread,
 * which only hands frames to the sink: the two overlap on two cores.
 * Order, hooks (called in the caller's thread, before each frame), the
 * progress offsets and the error after the last good frame are as without
 * it.  Four batches of at most ~1 MiB bound the memory.  Files under
 * 4 MiB and streams (fmemopen, pipes) go through the same batches in the
 * caller's thread.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capture/decode.h"
#include "capture/source_file.h"

#define SRC_FILE_BUFFER (1u << 20)

/*
 * Which of the two formats libpcap found: for pcapng it reports the
 * Section Header Block's version, 1.x; classic pcap is 2.x.  Asked of the
 * open handle, not by peeking at the magic: a pipe cannot be rewound.
 */
static const char *file_format(pcap_t *p)
{
	return pcap_major_version(p) == 1 ? "pcapng" : "pcap";
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

#define SRC_READAHEAD_MIN (4u << 20) /* bytes: smaller files are read inline */
#define RA_BATCHES 4
#define RA_FRAMES  1024
#define RA_BYTES   (1u << 20)

struct ra_rec {
	int64_t sec;
	uint32_t nsec, caplen, wirelen;
	size_t off;
};

struct ra_batch {
	struct ra_rec rec[RA_FRAMES];
	int n;
	uint8_t *data;
	size_t used, cap;
	uint64_t offset; /* file offset after the batch, for progress */
	int last;        /* no batch follows: end of file or error */
	char error[PCAP_ERRBUF_SIZE]; /* with last: the error after these frames */
};

struct readahead {
	pcap_t *p;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct ra_batch b[RA_BATCHES];
	int head, tail, full; /* filled batches: tail..head-1 (mod RA_BATCHES) */
	int stop;             /* the consumer stopped early */
};

/* A record's time; a fraction of 1 s or more is carried into the seconds. */
static void rec_time(const struct pcap_pkthdr *h, int64_t *sec, uint32_t *nsec)
{
	int64_t s = h->ts.tv_sec;
	long ns = h->ts.tv_usec; /* nanoseconds: we asked for them */

	if (ns < 0 || ns >= 1000000000L) {
		s += ns / 1000000000L;
		ns %= 1000000000L;
		if (ns < 0) {
			ns += 1000000000L;
			s--;
		}
	}
	*sec = s;
	*nsec = (uint32_t)ns;
}

/* Read the next batch into `b`; b->last when the file ended or failed. */
static void fill(pcap_t *p, struct ra_batch *b)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = 1;

	b->n = 0;
	b->used = 0;
	b->last = 0;
	b->error[0] = '\0';
	while (b->n < RA_FRAMES && (rc = pcap_next_ex(p, &h, &data)) == 1) {
		struct ra_rec *r;

		/* a record larger than what is left (over 64 KiB): grow */
		if (b->used + h->caplen > b->cap) {
			uint8_t *d = realloc(b->data, b->used + h->caplen);

			if (d == NULL) {
				snprintf(b->error, sizeof(b->error),
				    "out of memory for a %u-byte record", h->caplen);
				b->last = 1;
				break;
			}
			b->data = d;
			b->cap = b->used + h->caplen;
		}
		r = &b->rec[b->n++];
		rec_time(h, &r->sec, &r->nsec);
		r->caplen = h->caplen;
		r->wirelen = h->len;
		r->off = b->used;
		memcpy(b->data + b->used, data, h->caplen);
		b->used += h->caplen;
		if (b->used >= RA_BYTES)
			break;
	}
	if (b->n < RA_FRAMES && b->used < RA_BYTES && !b->last) {
		/* the loop ended on pcap_next_ex: end of file or an error */
		b->last = 1;
		if (rc == PCAP_ERROR)
			snprintf(b->error, sizeof(b->error), "%s", pcap_geterr(p));
	}
	b->offset = (uint64_t)ftell(pcap_file(p));
}

static void *reader_main(void *arg)
{
	struct readahead *ra = arg;
	int last = 0;

	while (!last) {
		struct ra_batch *b;

		pthread_mutex_lock(&ra->lock);
		while (ra->full == RA_BATCHES && !ra->stop)
			pthread_cond_wait(&ra->cond, &ra->lock);
		if (ra->stop) {
			pthread_mutex_unlock(&ra->lock);
			break;
		}
		b = &ra->b[ra->head];
		pthread_mutex_unlock(&ra->lock);
		fill(ra->p, b);
		last = b->last;
		pthread_mutex_lock(&ra->lock);
		ra->head = (ra->head + 1) % RA_BATCHES;
		ra->full++;
		pthread_cond_broadcast(&ra->cond);
		pthread_mutex_unlock(&ra->lock);
	}
	return NULL;
}

int src_stream_read(FILE *fp, const char *name, const struct src_sink *to,
    const struct src_hooks *hooks, char *err, size_t errlen)
{
	char pcap_err[PCAP_ERRBUF_SIZE];
	struct readahead *ra;
	pthread_t reader;
	const char *fmt;
	uint64_t frames = 0, next_progress = SRC_PROGRESS_EVERY;
	int linktype, i, stopped = 0, failed = 0, threaded;
	struct stat sb;

	/*
	 * libpcap makes two fread() calls a record; each takes and drops the
	 * FILE's lock, which alone cost about a third of reading.  Only one
	 * thread (the reader, or ours) ever touches this FILE.
	 */
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	pcap_err[0] = '\0';
	ra = calloc(1, sizeof(*ra));
	if (ra == NULL) {
		snprintf(err, errlen, "out of memory");
		to->done(to->ctx, name, NULL, -1, 0, err);
		fclose(fp);
		return -1;
	}
	ra->p = pcap_fopen_offline_with_tstamp_precision(fp,
	    PCAP_TSTAMP_PRECISION_NANO, pcap_err);
	if (ra->p == NULL) {
		/* libpcap closes nothing on failure: the FILE is still ours. */
		if (strstr(pcap_err, "unknown file format"))
			snprintf(err, errlen, "not a pcap or pcapng capture file");
		else
			snprintf(err, errlen, "bad capture header: %s", pcap_err);
		to->done(to->ctx, name, NULL, -1, 0, err);
		fclose(fp);
		free(ra);
		return -1;
	}
	fmt = file_format(ra->p);
	linktype = pcap_datalink(ra->p);
	if (!dec_linktype_supported(linktype)) {
		const char *lname = pcap_datalink_val_to_name(linktype);

		snprintf(err, errlen,
		    "unsupported link type %d (%s): ixmon reads Ethernet and Linux cooked (SLL, SLL2) captures",
		    linktype, lname ? lname : "unknown");
		to->done(to->ctx, name, fmt, linktype, 0, err);
		pcap_close(ra->p);
		free(ra);
		return -1;
	}
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->cond, NULL);
	/*
	 * Small inputs (and streams that are not files: fmemopen, a pipe)
	 * are read in this thread, one batch at a time: a thread costs more
	 * than reading them.
	 */
	threaded = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size > SRC_READAHEAD_MIN;
	for (i = 0; i < (threaded ? RA_BATCHES : 1); i++) {
		ra->b[i].cap = RA_BYTES + 65536;
		if ((ra->b[i].data = malloc(ra->b[i].cap)) == NULL)
			failed = 1;
	}
	if (failed || (threaded && pthread_create(&reader, NULL, reader_main, ra) != 0)) {
		snprintf(err, errlen, "cannot start the capture reader: %s",
		    failed ? "out of memory" : "no thread");
		to->done(to->ctx, name, fmt, linktype, 0, err);
		failed = 1;
		goto out;
	}
	for (;;) {
		struct ra_batch *b;
		int last;

		if (threaded) {
			pthread_mutex_lock(&ra->lock);
			while (ra->full == 0)
				pthread_cond_wait(&ra->cond, &ra->lock);
			b = &ra->b[ra->tail];
			pthread_mutex_unlock(&ra->lock);
		} else {
			b = &ra->b[0];
			fill(ra->p, b);
		}
		for (i = 0; i < b->n && !stopped; i++) {
			const struct ra_rec *r = &b->rec[i];

			if (hooks->before && hooks->before(hooks->ctx, r->sec)) {
				stopped = 1;
				break;
			}
			to->frame(to->ctx, linktype, r->sec, r->nsec, b->data + r->off,
			    r->caplen, r->wirelen);
			frames++;
		}
		if (!stopped && frames >= next_progress && hooks->progress) {
			hooks->progress(hooks->ctx, b->offset);
			next_progress = (frames / SRC_PROGRESS_EVERY + 1) * SRC_PROGRESS_EVERY;
		}
		last = b->last;
		if (last && b->error[0] && !stopped) {
			snprintf(err, errlen, "after %llu frames: %s",
			    (unsigned long long)frames, b->error);
			failed = 1;
		}
		if (threaded) {
			pthread_mutex_lock(&ra->lock);
			ra->tail = (ra->tail + 1) % RA_BATCHES;
			ra->full--;
			if (stopped)
				ra->stop = 1;
			pthread_cond_broadcast(&ra->cond);
			pthread_mutex_unlock(&ra->lock);
		}
		if (last || stopped)
			break;
	}
	if (threaded)
		pthread_join(reader, NULL);
	to->done(to->ctx, name, fmt, linktype, frames, failed ? err : NULL);
out:
	for (i = 0; i < RA_BATCHES; i++)
		free(ra->b[i].data);
	pthread_mutex_destroy(&ra->lock);
	pthread_cond_destroy(&ra->cond);
	pcap_close(ra->p);
	free(ra);
	return failed ? -1 : 0;
}
