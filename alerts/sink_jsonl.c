/*
 * sink_jsonl.c - the JSON lines file STATE_DIR/alerts.jsonl, always on.
 *
 * One line per alert of a message (so a consumer never has to unpack
 * groups): the alert object of the report (alert_json) plus "event"
 * (raise, repeat, clear), "new_count" (occurrences since the previous
 * event of that alert, so the lines of one alert sum to its count),
 * "group" (lines sent as one message share it), "time" (the flush) and
 * "member" when the registry knows it.  The file is opened in append
 * mode for each flush that has something to write and closed after it,
 * so logrotate can move it away between flushes without a signal.  It is
 * the complete record: not rate-limited.
 *
 * A line is on disk whole or not at all.  It is built in memory with its
 * newline and written by one write(2) loop on an O_APPEND descriptor;
 * the file's size is taken (fstat) just before.  When the write fails or
 * stops short (a full disk: ENOSPC; the file size limit: EFBIG), the file
 * is truncated back to that size, the line is counted in `errors`, not
 * `sent`, and the next lines are tried all the same.  ixmon is the file's
 * only writer (rotation moves or truncates it between flushes), so the
 * size before the write is where the line began.  Should the truncation
 * fail as well, or the file end in a torn line when opened (a crash, an
 * older ixmon on a full disk), the next line written starts with a
 * newline, so that it and every later line stay parseable.
 *
 * Failures are logged with the errno of the call that failed (open,
 * fstat, write, ftruncate, close), rate-limited by sink_errlog: one line
 * per errno a minute, and the count of the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alerts/sink.h"
#include "common/log.h"

struct jsonl {
	char path[4200];
	int fd;      /* open during a flush, else -1 */
	int need_nl; /* the file ends in a torn line: end it first */
	char *buf;   /* the line being written */
	size_t cap;
	struct sink_counters *c;
	struct sink_errlog log;
};

static int jsonl_enabled(const struct ixm_config *cfg)
{
	(void)cfg;
	return 1;
}

static int jsonl_open(void **priv, const struct sink_env *env,
    struct sink_counters *c, char *err, size_t errlen)
{
	struct jsonl *j = xcalloc(1, sizeof(*j));
	int fd;

	snprintf(j->path, sizeof(j->path), "%s/alerts.jsonl", env->state_dir);
	j->c = c;
	j->fd = -1;
	/* fail now, at start-up, rather than at the first alert */
	if ((fd = open(j->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		 0666)) < 0) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		free(j);
		return -1;
	}
	close(fd);
	*priv = j;
	return 0;
}

/* Open for this flush; note a torn last line.  0, or -1 (logged). */
static int jsonl_reopen(struct jsonl *j, int64_t now)
{
	struct stat st;
	char last;

	j->fd = open(j->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (j->fd < 0 && errno == EACCES) /* write-only: no tail check */
		j->fd = open(j->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		    0666);
	if (j->fd < 0) {
		sink_errlog(&j->log, now, errno, "alert sink jsonl: %s: open",
		    j->path);
		return -1;
	}
	j->need_nl = fstat(j->fd, &st) == 0 && st.st_size > 0 &&
	    pread(j->fd, &last, 1, st.st_size - 1) == 1 && last != '\n';
	return 0;
}

/*
 * Write buf[0..len) whole or not at all: 0, or -1 with the file back at
 * its size before (logged).
 */
static int jsonl_write(struct jsonl *j, const char *buf, size_t len,
    int64_t now)
{
	struct stat st;
	size_t done = 0;
	ssize_t n;
	int e = 0;

	if (fstat(j->fd, &st) < 0) {
		sink_errlog(&j->log, now, errno, "alert sink jsonl: %s: fstat",
		    j->path);
		return -1;
	}
	while (done < len) {
		n = write(j->fd, buf + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		e = n < 0 ? errno : 0;
		break;
	}
	if (done == len)
		return 0;
	if (e != 0)
		sink_errlog(&j->log, now, e, "alert sink jsonl: %s: write",
		    j->path);
	else
		sink_errlog(&j->log, now, 0,
		    "alert sink jsonl: %s: write: nothing written", j->path);
	if (done > 0 && ftruncate(j->fd, st.st_size) < 0) {
		sink_errlog(&j->log, now, errno,
		    "alert sink jsonl: %s: ftruncate to %lld bytes after a "
		    "short write",
		    j->path, (long long)st.st_size);
		j->need_nl = 1;
	}
	return -1;
}

static void jsonl_emit(void *priv, const struct sink_env *env,
    const struct sink_msg *m)
{
	struct jsonl *j = priv;
	size_t i;

	(void)env;
	if (m->event == SINK_SUPPRESSED)
		return;
	if (j->fd < 0 && jsonl_reopen(j, m->now) < 0) {
		j->c->errors += m->n;
		return;
	}
	for (i = 0; i < m->n; i++) {
		json_t *o = sink_item_json(m, i);
		char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		size_t len, off;

		json_decref(o);
		if (line == NULL) {
			j->c->errors++;
			sink_errlog(&j->log, m->now, ENOMEM,
			    "alert sink jsonl: %s: formatting a line", j->path);
			continue;
		}
		len = strlen(line);
		if (j->cap < len + 2) {
			free(j->buf);
			j->cap = len + 2 > 4096 ? len + 2 : 4096;
			j->buf = xcalloc(1, j->cap);
		}
		off = j->need_nl ? 1 : 0;
		j->buf[0] = '\n';
		memcpy(j->buf + off, line, len);
		j->buf[off + len] = '\n';
		free(line);
		if (jsonl_write(j, j->buf, off + len + 1, m->now) == 0) {
			j->c->sent++;
			j->need_nl = 0;
		} else {
			j->c->errors++;
		}
	}
}

/* Close after each flush: the lines are on disk and rotation is safe. */
static void jsonl_tick(void *priv, const struct sink_env *env, int64_t now)
{
	struct jsonl *j = priv;

	(void)env;
	if (j->fd >= 0) {
		/* the lines were written: a late error is only reported */
		if (close(j->fd) != 0)
			sink_errlog(&j->log, now, errno,
			    "alert sink jsonl: %s: close", j->path);
		j->fd = -1;
	}
	sink_errlog_tick(&j->log, now);
}

static void jsonl_close(void *priv)
{
	struct jsonl *j = priv;

	if (j->fd >= 0 && close(j->fd) != 0)
		log_warn("alert sink jsonl: %s: close", j->path);
	sink_errlog_flush(&j->log);
	free(j->buf);
	free(j);
}

const struct sink_ops sink_jsonl_ops = {
	.name = "jsonl",
	.rate_limited = 0,
	.enabled = jsonl_enabled,
	.open = jsonl_open,
	.emit = jsonl_emit,
	.tick = jsonl_tick,
	.close = jsonl_close,
};
