/*
 * source_file.h - pcap and pcapng files through libpcap.
 */
#ifndef IXMON_SOURCE_FILE_H
#define IXMON_SOURCE_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Where the frames go: the engine (engine_sink() of analyze/engine.h),
 * or a benchmark's counter.  The capture layer knows nothing above it.
 */
struct src_sink {
	void (*frame)(void *ctx, int linktype, int64_t sec, uint32_t nsec,
	    const uint8_t *pkt, uint32_t caplen, uint32_t wirelen);
	/* One file read (or not): its format, link type, frames, error or NULL. */
	void (*done)(void *ctx, const char *name, const char *format,
	    int linktype, uint64_t frames, const char *error);
	void *ctx;
};

/* Called every SRC_PROGRESS_EVERY frames with the byte offset reached. */
#define SRC_PROGRESS_EVERY 65536
typedef void (*src_progress_fn)(void *ctx, uint64_t file_offset);

/*
 * Read every frame of `path` into `to`, and tell it the outcome (done).
 * Returns 0, or -1 with a one-line reason in `err` (the frames before the
 * problem were delivered all the same).
 */
int src_file_read(const char *path, const struct src_sink *to,
    src_progress_fn progress, void *ctx, char *err, size_t errlen);

/* For callers that act on capture time as the file goes (ixmon run -r). */
struct src_hooks {
	src_progress_fn progress;
	/* Before each frame, with its capture time; non-zero stops reading. */
	int (*before)(void *ctx, int64_t sec);
	void *ctx;
};

int src_file_read_ex(const char *path, const struct src_sink *to,
    const struct src_hooks *hooks, char *err, size_t errlen);

/*
 * The same from an open stream (a pipe, or fmemopen() for the fuzzer),
 * reported as `name`; the stream is closed in every case.
 */
int src_stream_read(FILE *fp, const char *name, const struct src_sink *to,
    const struct src_hooks *hooks, char *err, size_t errlen);

#endif
