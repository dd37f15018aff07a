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
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/sink.h"
#include "common/log.h"

struct jsonl {
	char path[4200];
	FILE *fp;
	struct sink_counters *c;
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
	FILE *fp;

	snprintf(j->path, sizeof(j->path), "%s/alerts.jsonl", env->state_dir);
	j->c = c;
	/* fail now, at start-up, rather than at the first alert */
	if ((fp = fopen(j->path, "ae")) == NULL) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		free(j);
		return -1;
	}
	fclose(fp);
	*priv = j;
	return 0;
}

static void jsonl_emit(void *priv, const struct sink_env *env,
    const struct sink_msg *m)
{
	struct jsonl *j = priv;
	size_t i;

	(void)env;
	if (m->event == SINK_SUPPRESSED)
		return;
	if (j->fp == NULL && (j->fp = fopen(j->path, "ae")) == NULL) {
		j->c->errors++;
		return;
	}
	for (i = 0; i < m->n; i++) {
		json_t *o = sink_item_json(m, i);
		char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (line != NULL && fprintf(j->fp, "%s\n", line) > 0)
			j->c->sent++;
		else
			j->c->errors++;
		free(line);
		json_decref(o);
	}
}

/* Close after each flush: the lines are on disk and rotation is safe. */
static void jsonl_tick(void *priv, const struct sink_env *env, int64_t now)
{
	struct jsonl *j = priv;

	(void)env;
	(void)now;
	if (j->fp != NULL) {
		if (fclose(j->fp) != 0) {
			log_warn("%s", j->path);
			j->c->errors++;
		}
		j->fp = NULL;
	}
}

static void jsonl_close(void *priv)
{
	jsonl_tick(priv, NULL, 0);
	free(priv);
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
