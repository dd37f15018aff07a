/*
 * lock_holder.h - another process holding a file's fcntl lock, for tests of
 * code that meets librrd's locks.  fcntl locks belong to a process, so a
 * lock taken in the test's own process would never conflict: a child takes
 * it, tells the parent through a pipe, holds it `ms` and exits.
 */
#ifndef IXMON_TEST_LOCK_HOLDER_H
#define IXMON_TEST_LOCK_HOLDER_H

#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Returns once the child holds `type` (F_RDLCK, F_WRLCK) on `path`. */
static pid_t lock_hold(const char *path, short type, long ms)
{
	struct flock l = {.l_type = type, .l_whence = SEEK_SET};
	struct timespec hold = {ms / 1000, ms % 1000 * 1000000L};
	int fds[2], fd;
	char c;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open(path, type == F_RDLCK ? O_RDONLY : O_RDWR);
		if (fd < 0 || fcntl(fd, F_SETLK, &l) < 0 || write(fds[1], "L", 1) != 1)
			_exit(1);
		nanosleep(&hold, NULL);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

/* The holder exited cleanly: it did hold the lock. */
static void lock_holder_done(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
}

#endif
