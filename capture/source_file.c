/*
 * source_file.c - read a pcap or pcapng file (any byte order, micro- or
 * nanosecond timestamps) and hand its frames to a sink (the engine).
 *
 * libpcap opens every file; we open it ourselves first so the common
 * operator mistakes get plain words (missing, a directory, empty) instead
 * of libpcap's internal phrasing, and so we can tell pcap from pcapng by
 * the magic for the report.  Timestamps are asked for in nanoseconds:
 * libpcap scales microsecond files up, never the reverse.  A record cut
 * short at the end of the file is reported as the error of that file
 * after the frames before it were counted (nothing is lost).
 *
 * Mapped: a regular file in the classic pcap format, version 2.4 (the
 * libpcap format, draft-ietf-opsawg-pcap: magic 0xa1b2c3d4 for
 * microseconds or 0xa1b23c4d for nanoseconds, in either byte order; a
 * 24-byte file header, then records of a 16-byte header - seconds,
 * fraction, caplen, original length - and caplen bytes of frame), is
 * mapped and its records walked in the caller's thread; the frames are
 * pointers into the mapping, unaligned, never copied.  libpcap still reads
 * the file header (its checks, messages and link type mapping); the records
 * get the checks and messages of its pcap_next_packet() (1.10), so both
 * paths give the same frames and the same errors (test_source_file
 * compares them).  This replaced the read-ahead thread below for such
 * files: its core is wanted for analysis.  A file truncated by another
 * process while mapped faults (SIGBUS); one still being written is read
 * up to its size at opening.
 *
 * Read ahead, for the rest (pcapng, other versions, streams, mmap
 * failing): libpcap's reading (read(2), the record headers, copying out
 * of stdio) costs a bare loop ~130 ns a frame.  A reader thread does it
 * into batches of up to 1024 frames (copied, since libpcap reuses its
 * buffer), ahead of the caller's thread, which only hands frames to the
 * sink: the two overlap on two cores.  Order, hooks (called in the
 * caller's thread, before each frame), the progress offsets and the error
 * after the last good frame are as without it.  Four batches of at most
 * ~1 MiB bound the memory.  Files under 4 MiB and streams (fmemopen,
 * pipes) go through the same batches in the caller's thread.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/cursor.h"
#include "capture/decode.h"
#include "capture/source_file.h"

#define SRC_FILE_BUFFER (1u << 20)

/* The classic pcap magics, as read big-endian from the first four bytes. */
#define PCAP_MAGIC_USEC 0xa1b2c3d4u
#define PCAP_MAGIC_NSEC 0xa1b23c4du
#define PCAP_FILE_HDR   24
#define PCAP_REC_HDR    16
/*
 * libpcap's largest record (its max_snaplen_for_dlt(), MAXIMUM_SNAPLEN)
 * for every link type dec_linktype_supported() accepts.
 */
#define PCAP_MAX_CAPLEN 262144u

#define SRC_MAP_KEEP (8u << 20)  /* bytes of a mapped file resident at most, about */

/* Off only for tests (src_file_set_mmap). */
static int src_mmap = 1;

void src_file_set_mmap(int on)
{
	src_mmap = on;
}

/* The format's name for the report; `m` gets the first four bytes. */
static const char *file_format(FILE *fp, uint8_t m[4])
{
	const char *fmt = "unknown";

	memset(m, 0, 4);
	if (fread(m, 1, 4, fp) == 4) {
		if (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a)
			fmt = "pcapng";
		else
			fmt = "pcap";
	}
	rewind(fp);
	return fmt;
}

static int read_capture(FILE *fp, const char *name, int may_map,
    const struct src_sink *to, const struct src_hooks *hooks, char *err,
    size_t errlen);

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
	 * the FILE (closed by read_capture).
	 */
	vbuf = malloc(SRC_FILE_BUFFER);
	if (vbuf)
		setvbuf(fp, vbuf, _IOFBF, SRC_FILE_BUFFER);
	rc = read_capture(fp, path, src_mmap, to, hooks, err, errlen);
	free(vbuf);
	return rc;
}

/* A record's time; a fraction of 1 s or more is carried into the seconds. */
static void rec_time(int64_t s, int64_t ns, int64_t *sec, uint32_t *nsec)
{
	if (ns < 0 || ns >= 1000000000) {
		s += ns / 1000000000;
		ns %= 1000000000;
		if (ns < 0) {
			ns += 1000000000;
			s--;
		}
	}
	*sec = s;
	*nsec = (uint32_t)ns;
}

/* ---- mapped: classic pcap files ------------------------------------------ */

struct pcap_map {
	const uint8_t *base;
	size_t size;
	int big;       /* the file is big-endian */
	int swapped;   /* its byte order is not this host's (pcap_is_swapped) */
	int usec;      /* microsecond fractions */
	uint32_t snaplen; /* libpcap's: 0 and huge ones adjusted */
};

struct map_rec {
	int64_t sec;
	uint32_t nsec, caplen, wirelen;
	const uint8_t *data;
};

/*
 * Map the file behind `p` for read_mapped(), or say no (0) and leave it to
 * libpcap: not a regular file; not classic pcap (pcapng, the modified
 * formats); a version other than 2.4 (older ones may have caplen and len
 * interchanged); a byte-swapped file of a link type whose pseudo-header
 * libpcap rewrites (cooked captures carrying CAN); or mmap failing.
 */
static int map_open(pcap_t *p, const uint8_t magic[4], int linktype,
    struct pcap_map *m)
{
	struct cur c = cur_make(magic, 4);
	struct stat sb;
	uint32_t be = 0, le = 0;
	void *base;

	memset(m, 0, sizeof(*m));
	cur_get32(&c, &be);
	c = cur_make(magic, 4);
	cur_get32le(&c, &le);
	if (be == PCAP_MAGIC_USEC || be == PCAP_MAGIC_NSEC) {
		m->big = 1;
		m->usec = be == PCAP_MAGIC_USEC;
	} else if (le == PCAP_MAGIC_USEC || le == PCAP_MAGIC_NSEC) {
		m->usec = le == PCAP_MAGIC_USEC;
	} else {
		return 0;
	}
	m->swapped = pcap_is_swapped(p);
	if (pcap_major_version(p) != 2 || pcap_minor_version(p) != 4)
		return 0;
	if (m->swapped && linktype != DLT_EN10MB)
		return 0;
	if (fstat(fileno(pcap_file(p)), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size < PCAP_FILE_HDR || (uintmax_t)sb.st_size > SIZE_MAX)
		return 0;
	base = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE,
	    fileno(pcap_file(p)), 0);
	if (base == MAP_FAILED)
		return 0;
	madvise(base, (size_t)sb.st_size, MADV_SEQUENTIAL);
	m->base = base;
	m->size = (size_t)sb.st_size;
	m->snaplen = (uint32_t)pcap_snapshot(p);
	return 1;
}

/*
 * A 32-bit time field widened as libpcap does: signed (bpf_int32) in this
 * host's byte order, unsigned once it had to swap it (SWAPLONG).
 */
static int64_t time_field(uint32_t v, int swapped)
{
	if (swapped || v < 0x80000000u)
		return v;
	return (int64_t)v - 0x100000000;
}

/*
 * The record at `c`: 1 and the frame in `r` (its bytes inside the
 * mapping), 0 at the end of the file, -1 with libpcap's message in `why`.
 */
static int map_next(struct cur *c, const struct pcap_map *m,
    struct map_rec *r, char *why, size_t whylen)
{
	uint32_t f[4]; /* seconds, fraction, caplen, original length */
	struct cur h, d;
	int64_t ns;
	size_t left;
	int i;

	if (cur_left(c) == 0)
		return 0;
	if (cur_sub(c, PCAP_REC_HDR, &h) < 0) {
		snprintf(why, whylen,
		    "truncated dump file; tried to read %u header bytes, only got %zu",
		    PCAP_REC_HDR, cur_left(c));
		return -1;
	}
	for (i = 0; i < 4; i++) /* h holds the 16 bytes: no failure */
		(void)(m->big ? cur_get32(&h, &f[i]) : cur_get32le(&h, &f[i]));
	ns = time_field(f[1], m->swapped);
	if (m->usec)
		ns *= 1000;
	rec_time(time_field(f[0], m->swapped), ns, &r->sec, &r->nsec);
	r->caplen = f[2];
	r->wirelen = f[3];
	if (r->caplen > PCAP_MAX_CAPLEN) {
		if (r->caplen > m->snaplen)
			snprintf(why, whylen,
			    "invalid packet capture length %u, bigger than snaplen of %u",
			    r->caplen, m->snaplen);
		else
			snprintf(why, whylen,
			    "invalid packet capture length %u, bigger than maximum of %u",
			    r->caplen, PCAP_MAX_CAPLEN);
		return -1;
	}
	/*
	 * Over the snaplen: libpcap reads snaplen bytes, skips the rest and
	 * says caplen = snaplen; short of either, it says what it tried.
	 */
	left = cur_left(c);
	if (r->caplen > m->snaplen && left < m->snaplen) {
		snprintf(why, whylen,
		    "truncated dump file; tried to read %u captured bytes, only got %zu",
		    m->snaplen, left);
		return -1;
	}
	if (cur_sub(c, r->caplen, &d) < 0) {
		snprintf(why, whylen,
		    "truncated dump file; tried to read %u captured bytes, only got %zu",
		    r->caplen, left);
		return -1;
	}
	if (r->caplen > m->snaplen)
		r->caplen = m->snaplen;
	r->data = d.p;
	return 1;
}

/* Every record of the mapping to the sink, in this thread. */
static int read_mapped(const struct pcap_map *m, const char *name,
    const char *fmt, int linktype, const struct src_sink *to,
    const struct src_hooks *hooks, char *err, size_t errlen)
{
	char why[PCAP_ERRBUF_SIZE];
	struct cur c = cur_make(m->base, m->size);
	struct map_rec r;
	uint64_t frames = 0;
	const uint8_t *kept = m->base; /* pages from here on are still mapped in */
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	int rc;

	cur_skip(&c, PCAP_FILE_HDR); /* map_open: the file holds it */
	while ((rc = map_next(&c, m, &r, why, sizeof(why))) == 1) {
		if (hooks->before && hooks->before(hooks->ctx, r.sec))
			break;
		to->frame(to->ctx, linktype, r.sec, r.nsec, r.data, r.caplen,
		    r.wirelen);
		if (++frames % SRC_PROGRESS_EVERY == 0 && hooks->progress)
			hooks->progress(hooks->ctx, (uint64_t)(c.p - m->base));
		/*
		 * The pages behind us are done with (the sink keeps no frame):
		 * let them go every SRC_MAP_KEEP bytes, or a mapped file counts
		 * whole in the process's resident memory, 600 MB for a 600 MB
		 * capture.  They stay in the page cache.
		 */
		if ((size_t)(c.p - kept) >= SRC_MAP_KEEP) {
			const uint8_t *upto = (const uint8_t *)((uintptr_t)c.p & ~(page - 1));

			madvise((void *)(uintptr_t)kept, (size_t)(upto - kept), MADV_DONTNEED);
			kept = upto;
		}
	}
	if (rc < 0)
		snprintf(err, errlen, "after %llu frames: %s",
		    (unsigned long long)frames, why);
	to->done(to->ctx, name, fmt, linktype, frames, rc < 0 ? err : NULL);
	return rc < 0 ? -1 : 0;
}

/* ---- read ahead: everything else, through libpcap ------------------------ */

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
		/* tv_usec holds nanoseconds: we asked for them */
		rec_time(h->ts.tv_sec, h->ts.tv_usec, &r->sec, &r->nsec);
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

/* The batches above, in a reader thread for a file over 4 MiB. */
static int read_ahead(pcap_t *p, const char *name, const char *fmt,
    int linktype, const struct src_sink *to, const struct src_hooks *hooks,
    char *err, size_t errlen)
{
	struct readahead *ra;
	pthread_t reader;
	uint64_t frames = 0, next_progress = SRC_PROGRESS_EVERY;
	int i, stopped = 0, failed = 0, threaded;
	struct stat sb;

	ra = calloc(1, sizeof(*ra));
	if (ra == NULL) {
		snprintf(err, errlen, "cannot start the capture reader: out of memory");
		to->done(to->ctx, name, fmt, linktype, 0, err);
		return -1;
	}
	ra->p = p;
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->cond, NULL);
	/*
	 * Small inputs (and streams that are not files: fmemopen, a pipe)
	 * are read in this thread, one batch at a time: a thread costs more
	 * than reading them.
	 */
	threaded = fstat(fileno(pcap_file(p)), &sb) == 0 && S_ISREG(sb.st_mode) &&
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
	free(ra);
	return failed ? -1 : 0;
}

/* The header through libpcap, then the records mapped or read ahead. */
static int read_capture(FILE *fp, const char *name, int may_map,
    const struct src_sink *to, const struct src_hooks *hooks, char *err,
    size_t errlen)
{
	char pcap_err[PCAP_ERRBUF_SIZE];
	struct pcap_map m;
	uint8_t magic[4];
	const char *fmt;
	pcap_t *p;
	int linktype, rc;

	/*
	 * libpcap makes two fread() calls a record; each takes and drops the
	 * FILE's lock, which alone cost about a third of reading.  Only one
	 * thread (the reader, or ours) ever touches this FILE.
	 */
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	fmt = file_format(fp, magic);
	pcap_err[0] = '\0';
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
	if (may_map && map_open(p, magic, linktype, &m)) {
		rc = read_mapped(&m, name, fmt, linktype, to, hooks, err,
		    errlen);
		munmap((void *)(uintptr_t)m.base, m.size);
	} else {
		rc = read_ahead(p, name, fmt, linktype, to, hooks, err, errlen);
	}
	pcap_close(p); /* and the FILE */
	return rc;
}

int src_stream_read(FILE *fp, const char *name, const struct src_sink *to,
    const struct src_hooks *hooks, char *err, size_t errlen)
{
	return read_capture(fp, name, 0, to, hooks, err, errlen);
}
