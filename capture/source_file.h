/*
 * source_file.h - pcap and pcapng files through libpcap.
 */
#ifndef IXMON_SOURCE_FILE_H
#define IXMON_SOURCE_FILE_H

#include <stddef.h>
#include <stdint.h>

struct engine;

/* Called every SRC_PROGRESS_EVERY frames with the byte offset reached. */
#define SRC_PROGRESS_EVERY 65536
typedef void (*src_progress_fn)(void *ctx, uint64_t file_offset);

/*
 * Read every frame of `path` into the engine, and record the outcome with
 * engine_input_done().  Returns 0, or -1 with a one-line reason in `err`
 * (the frames before the problem were analysed all the same).
 */
int src_file_read(const char *path, struct engine *e, src_progress_fn progress,
    void *ctx, char *err, size_t errlen);

/* For callers that act on capture time as the file goes (ixmon run -r). */
struct src_hooks {
	src_progress_fn progress;
	/* Before each frame, with its capture time; non-zero stops reading. */
	int (*before)(void *ctx, int64_t sec);
	void *ctx;
};

int src_file_read_ex(const char *path, struct engine *e,
    const struct src_hooks *hooks, char *err, size_t errlen);

#endif
