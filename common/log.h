/*
 * log.h - the one way ixmon talks to its operator (after OpenBGPD's log.c).
 *
 * log_warn* appends strerror(errno), log_warnx* does not; fatal/fatalx log
 * and exit(1) and are for start-up and allocation failure only.  Messages go
 * to stderr prefixed with the program name, or to syslog(3) once
 * log_to_syslog() was called by the daemon.  Per-packet conditions are never
 * logged here: they are counted (see the report's decode_errors).
 */
#ifndef IXMON_LOG_H
#define IXMON_LOG_H

#include <stdarg.h>

void log_init(const char *progname);
/* From now on to syslog(3) (LOG_DAEMON), as a daemon without a terminal. */
void log_to_syslog(void);
void log_set_verbose(int verbose);
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* Allocation that cannot fail: fatal() on out-of-memory. */
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

#endif
