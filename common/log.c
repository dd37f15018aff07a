/*
 * log.c - stderr or syslog(3) logging with errno and printf checking; see
 * log.h.
 *
 * Priorities as in OpenBGPD's log.c: log_warn and log_warnx are LOG_ERR,
 * log_info LOG_INFO, log_debug LOG_DEBUG (and only when verbose), fatal and
 * fatalx LOG_CRIT.  log_warn and fatal append strerror() of errno as it was
 * when they were called; no function here changes errno.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "common/log.h"

#define LOG_LINE_LEN 4096 /* longer messages are cut */

static const char *log_prog = "ixmon";
static int log_verbose, log_syslog;

static void log_syslog_default(int priority, const char *msg)
{
	syslog(priority, "%s", msg);
}

static log_syslog_fn log_syslog_out = log_syslog_default;

void log_set_syslog_fn(log_syslog_fn fn)
{
	log_syslog_out = fn != NULL ? fn : log_syslog_default;
}

void log_init(const char *progname)
{
	const char *slash = strrchr(progname, '/');

	log_prog = slash ? slash + 1 : progname;
}

void log_set_verbose(int verbose) { log_verbose = verbose; }

void log_to_syslog(void)
{
	openlog(log_prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_syslog = 1;
}

/* `saved_errno` < 0: no strerror. */
static void vlog(int priority, const char *fmt, va_list ap, int saved_errno)
    __attribute__((format(printf, 2, 0)));
static void vlog(int priority, const char *fmt, va_list ap, int saved_errno)
{
	char line[LOG_LINE_LEN];
	int n;

	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		line[0] = '\0';
	if (saved_errno >= 0) {
		size_t off = strlen(line);

		snprintf(line + off, sizeof(line) - off, ": %s",
		    strerror(saved_errno));
	}
	if (log_syslog)
		log_syslog_out(priority, line);
	else
		fprintf(stderr, "%s: %s\n", log_prog, line);
}

void log_warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, e);
	va_end(ap);
	errno = e;
}

void log_warnx(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, -1);
	va_end(ap);
	errno = e;
}

void log_info(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, -1);
	va_end(ap);
	errno = e;
}

void log_debug(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, -1);
	va_end(ap);
	errno = e;
}

void fatal(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, e);
	va_end(ap);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, -1);
	va_end(ap);
	exit(1);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL && n != 0 && size != 0)
		fatal("calloc %zu x %zu", n, size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (q == NULL && size != 0)
		fatal("realloc %zu", size);
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		fatal("strdup");
	return p;
}
