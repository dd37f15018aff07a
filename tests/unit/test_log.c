/*
 * test_log.c - the operator's log (common/log.c): the syslog(3) priority
 * of each level as OpenBGPD maps them (log_warn/log_warnx LOG_ERR,
 * log_info LOG_INFO, log_debug LOG_DEBUG and only when verbose,
 * fatal/fatalx LOG_CRIT and exit 1), strerror of the errno at the call
 * appended by log_warn and fatal only, errno left as it was, and the same
 * text on stderr before log_to_syslog().
 *
 * The syslog lines are captured with log_set_syslog_fn (no syslogd
 * needed); stderr by pointing fd 2 at a temporary file; fatal and fatalx,
 * which exit, run in a forked child that reports through a pipe.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"

#define MAXLINES 8

static struct {
	int pri[MAXLINES];
	char msg[MAXLINES][1300];
	int n;
} got;

static void capture(int priority, const char *msg)
{
	if (got.n < MAXLINES) {
		got.pri[got.n] = priority;
		snprintf(got.msg[got.n], sizeof(got.msg[0]), "%s", msg);
	}
	got.n++;
}

static int setup(void **state)
{
	(void)state;
	memset(&got, 0, sizeof(got));
	log_set_syslog_fn(capture);
	log_to_syslog();
	log_set_verbose(0);
	return 0;
}

static void test_priorities(void **state)
{
	(void)state;
	errno = EFBIG;
	log_warn("%s: write", "/x/alerts.jsonl");
	assert_int_equal(errno, EFBIG); /* logging leaves errno alone */
	errno = ENOENT;
	log_warnx("bad %s", "thing");
	log_info("started %d", 1);
	log_debug("not shown");
	log_set_verbose(1);
	log_debug("shown %s", "now");

	assert_int_equal(got.n, 4);
	assert_int_equal(got.pri[0], LOG_ERR);
	assert_string_equal(got.msg[0],
	    "/x/alerts.jsonl: write: File too large");
	assert_int_equal(got.pri[1], LOG_ERR);
	assert_string_equal(got.msg[1], "bad thing"); /* no strerror */
	assert_int_equal(got.pri[2], LOG_INFO);
	assert_string_equal(got.msg[2], "started 1");
	assert_int_equal(got.pri[3], LOG_DEBUG);
	assert_string_equal(got.msg[3], "shown now");
}

/* The errno of the call, not one the formatting may leave behind. */
static const char *clobber(void)
{
	errno = EBADF;
	return "arg";
}

static void test_errno_at_call(void **state)
{
	const char *a;

	(void)state;
	a = clobber(); /* errno is EBADF at the call below */
	log_warn("%s", a);
	errno = EACCES;
	log_warn("open %s", "x");
	assert_int_equal(got.n, 2);
	assert_string_equal(got.msg[0], "arg: Bad file descriptor");
	assert_string_equal(got.msg[1], "open x: Permission denied");
}

/* fatal and fatalx exit 1 after one LOG_CRIT line: in a child, whose
 * hook writes "PRI|MSG" to a pipe the parent reads. */
static int fatal_fd = -1;

static void fatal_hook(int priority, const char *msg)
{
	char buf[1400];
	int n = snprintf(buf, sizeof(buf), "%d|%s", priority, msg);

	if (fatal_fd >= 0 && n > 0 && write(fatal_fd, buf, (size_t)n) < 0)
		_exit(99);
}

static void fatal_case(int with_errno, const char *want)
{
	char buf[1400] = "", expect[1400];
	int p[2], status;
	ssize_t n, off = 0;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	fflush(NULL); /* the child's exit must not print our buffers again */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		fatal_fd = p[1];
		log_set_syslog_fn(fatal_hook);
		errno = ENOSPC;
		if (with_errno)
			fatal("state %s", "x");
		fatalx("config %s", "y");
	}
	close(p[1]);
	while ((n = read(p[0], buf + off, sizeof(buf) - 1 - (size_t)off)) > 0)
		off += n;
	buf[off] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	snprintf(expect, sizeof(expect), "%d|%s", LOG_CRIT, want);
	assert_string_equal(buf, expect);
}

static void test_fatal(void **state)
{
	(void)state;
	fatal_case(1, "state x: No space left on device");
	fatal_case(0, "config y");
}

/* Before log_to_syslog(): stderr, "prog: message[: strerror]". */
static void test_stderr(void **state)
{
	char path[] = "/tmp/test_log.XXXXXX", buf[512];
	int fd, status;
	ssize_t n;
	pid_t pid;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* log_to_syslog() cannot be undone: a fresh process */
		dup2(fd, 2);
		execl("/proc/self/exe", "/some/dir/test_log", "--stderr",
		    (char *)NULL);
		_exit(98);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	n = read(fd, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	close(fd);
	unlink(path);
	assert_string_equal(buf,
	    "test_log: /x: write: File too large\n"
	    "test_log: plain\n"
	    "test_log: info\n");
}

/* `test_log --stderr`: the child of test_stderr. */
static int stderr_main(void)
{
	log_init("/some/dir/test_log");
	errno = EFBIG;
	log_warn("%s: write", "/x");
	log_warnx("plain");
	log_info("info");
	log_debug("not verbose: not shown");
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_priorities, setup),
		cmocka_unit_test_setup(test_errno_at_call, setup),
		cmocka_unit_test_setup(test_fatal, setup),
		cmocka_unit_test(test_stderr),
	};

	if (argc > 1 && strcmp(argv[1], "--stderr") == 0)
		return stderr_main();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
