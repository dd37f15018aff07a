/*
 * log.c - stderr logging with errno and printf checking; see log.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "common/log.h"

static const char *log_prog = "ixmon";
static int log_verbose, log_syslog;

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

static void vlog(const char *fmt, va_list ap, int with_errno, int saved_errno)
{
	if (log_syslog) {
		char msg[1024];

		vsnprintf(msg, sizeof(msg), fmt, ap);
		if (with_errno)
			syslog(LOG_WARNING, "%s: %s", msg, strerror(saved_errno));
		else
			syslog(LOG_WARNING, "%s", msg);
		return;
	}
	fprintf(stderr, "%s: ", log_prog);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved_errno));
	fputc('\n', stderr);
}

void log_warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, 1, e);
	va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, 0, 0);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, 0, 0);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(fmt, ap, 0, 0);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, 1, e);
	va_end(ap);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, 0, 0);
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

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		fatal("strdup");
	return p;
}
