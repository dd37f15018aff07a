/*
 * log.h - the one way ixmon talks to its operator (after OpenBGPD's log.c).
 *
 * log_warn* appends strerror(errno) of the errno at the call, log_warnx*
 * does not; fatal/fatalx log and exit(1) and are for start-up and
 * allocation failure only.  None of them changes errno.  Messages go to
 * stderr prefixed with the program name, or to syslog(3) once
 * log_to_syslog() was called by the daemon, with OpenBGPD's priorities:
 *
 *   log_warn, log_warnx  LOG_ERR
 *   log_info             LOG_INFO
 *   log_debug            LOG_DEBUG (only after log_set_verbose(1))
 *   fatal, fatalx        LOG_CRIT
 *
 * Per-packet conditions are never logged here: they are counted (see the
 * report's decode_errors).  A condition that can repeat at run time (a
 * full disk under alerts.jsonl) is rate-limited by its caller
 * (sink_errlog in alerts/sink.h).
 */
#ifndef IXMON_LOG_H
#define IXMON_LOG_H

#include <stdarg.h>
#include <stddef.h>

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

/*
 * Tests only: once log_to_syslog() was called, hand each line (priority
 * without facility, the whole message) to `fn` instead of syslog(3);
 * NULL restores syslog(3).  tests/unit/test_log.c uses it.
 */
typedef void (*log_syslog_fn)(int priority, const char *msg);
void log_set_syslog_fn(log_syslog_fn fn);

/* Allocation that cannot fail: fatal() on out-of-memory. */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
