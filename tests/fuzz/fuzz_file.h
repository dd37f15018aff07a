/*
 * fuzz_file.h - hand a fuzz input to a loader that takes a file name.
 *
 * The bytes go into an anonymous memory file (memfd: nothing is left on
 * disk even when the run is killed) and the loader opens it by its
 * /proc/self/fd path, exactly as it opens an operator's file.  Also the
 * check the loader harnesses make of every message they get back.
 */
#ifndef IXMON_FUZZ_FILE_H
#define IXMON_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* The descriptor (close it when done) and its path in `path`; abort()s. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("ixmon-fuzz", MFD_CLOEXEC);

	if (fd < 0)
		abort();
	while (size > 0) {
		ssize_t w = write(fd, data, size);

		if (w <= 0)
			abort();
		data += w;
		size -= (size_t)w;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

/* 1 if `s` is one line of printable text (no control character, no DEL). */
static inline int fuzz_printable_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

#endif
