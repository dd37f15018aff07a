/*
 * fuzz_file.h - hand a fuzz input to a loader that takes a file name.
 *
 * The bytes go into an anonymous memory file (memfd: nothing is left on
 * disk even when the run is killed) and the loader opens it by its
 * /proc/self/fd path, exactly as it opens an operator's file.
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

#endif
