/*
 * sink_exec.c - the exec hook: alerts.exec, alerts.exec_max_running.
 *
 * Per message the program is started with posix_spawn (no shell, so
 * nothing in an alert - a member name, a detail - is ever interpreted),
 * the message as one JSON object on its stdin (sink_msg_json: event,
 * group, severity, types, asnum, member, count, text and the alerts with
 * their new_count), stdout to /dev/null, stderr inherited, and in its
 * environment, besides ixmon's own:
 *
 *   IXMON_EVENT     raise, repeat, clear, ack, suppressed
 *   IXMON_TYPE      the alert types, comma-separated ("arp_spoof,nd_spoof")
 *   IXMON_SEVERITY  critical, warning, notice: the message's
 *                   (sink_msg_severity: a clear or an ack is a notice)
 *   IXMON_ALERT_SEVERITY  the alerts' most severe, whatever the event
 *   IXMON_URL       the dashboard page (alerts.dashboard_url), "" when none
 *   IXMON_ASNUM     the member's AS number, "" when none
 *   IXMON_MAC, IXMON_IP  distinct values, space-separated, "" when none
 *   IXMON_MEMBER, IXMON_COUNT, IXMON_GROUP, IXMON_TEXT
 *
 * The JSON is written into the pipe before the child exists, while ixmon
 * still holds the read end, so a hook that exits without reading cannot
 * raise SIGPIPE in the appliance; the pipe buffer (64 KiB on Linux) holds
 * messages up to 64 KiB; a larger one (a group of hundreds of alerts)
 * grows the pipe to its size first (F_SETPIPE_SZ, up to
 * /proc/sys/fs/pipe-max-size unless root).  A hook is started with all
 * of its input or not at all: a message that does not fit is counted as
 * an error and logged, never given to a hook in part.  ixmon never waits
 * for a hook: children are reaped by pid with waitpid(WNOHANG) at every
 * flush, and while exec_max_running are still running further messages
 * are counted as suppressed.  A hook that exits non-zero or is killed
 * counts as an error (besides sent: it was started).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alerts/sink.h"
#include "common/log.h"

#define EXEC_MAX_RUNNING 64 /* the config bound */
#define EXEC_NENV        12

extern char **environ;

struct hook {
	char path[CFG_PATH_LEN];
	uint32_t max;
	pid_t run[EXEC_MAX_RUNNING];
	uint32_t n_run;
	struct sink_counters *c;
	struct sink_errlog log;
};

static int exec_enabled(const struct ixm_config *cfg)
{
	return cfg->alert_exec[0] != '\0';
}

static int exec_open(void **priv, const struct sink_env *env,
    struct sink_counters *c, char *err, size_t errlen)
{
	struct hook *h;

	if (access(env->cfg->alert_exec, X_OK) != 0) {
		snprintf(err, errlen, "%s: %s", env->cfg->alert_exec,
		    strerror(errno));
		return -1;
	}
	h = xcalloc(1, sizeof(*h));
	snprintf(h->path, sizeof(h->path), "%s", env->cfg->alert_exec);
	h->max = env->cfg->alert_exec_max_running;
	if (h->max == 0 || h->max > EXEC_MAX_RUNNING)
		h->max = EXEC_MAX_RUNNING;
	h->c = c;
	*priv = h;
	return 0;
}

static void exec_reap(struct hook *h)
{
	uint32_t i = 0;
	int st;

	while (i < h->n_run) {
		pid_t p = waitpid(h->run[i], &st, WNOHANG);

		if (p == 0) {
			i++;
			continue;
		}
		/* ECHILD: reaped elsewhere (SIGCHLD ignored): gone anyway */
		if (p == h->run[i] && (!WIFEXITED(st) || WEXITSTATUS(st) != 0))
			h->c->errors++;
		h->run[i] = h->run[--h->n_run];
	}
}

/* environ without IXMON_*, then ours; a new array of borrowed strings. */
static char **exec_env(char *const ours[], size_t n_ours)
{
	size_t n = 0, i, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = xcalloc(n + n_ours + 1, sizeof(*env));
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "IXMON_", 6) != 0)
			env[k++] = environ[i];
	for (i = 0; i < n_ours; i++)
		env[k++] = ours[i];
	env[k] = NULL;
	return env;
}

static void exec_emit(void *priv, const struct sink_env *senv,
    const struct sink_msg *m)
{
	struct hook *h = priv;
	char *ours[EXEC_NENV], **env = NULL, *json = NULL, url[SINK_URL_LEN];
	char asn[16] = "", cnt[24], grp[24];
	posix_spawn_file_actions_t fa;
	char *argv[2];
	int p[2] = {-1, -1}, rc;
	size_t i, len;
	ssize_t w;
	json_t *o;
	pid_t pid;

	exec_reap(h);
	if (h->n_run >= h->max) {
		h->c->suppressed++;
		return;
	}
	if (m->has_asn)
		snprintf(asn, sizeof(asn), "%u", m->asnum);
	snprintf(cnt, sizeof(cnt), "%llu",
	    (unsigned long long)(m->event == SINK_SUPPRESSED ? m->suppressed
							     : m->count));
	snprintf(grp, sizeof(grp), "%llu", (unsigned long long)m->group);
	memset(ours, 0, sizeof(ours));
	if (asprintf(&ours[0], "IXMON_EVENT=%s", sink_event_name(m->event)) < 0 ||
	    asprintf(&ours[1], "IXMON_TYPE=%s", m->types) < 0 ||
	    asprintf(&ours[2], "IXMON_SEVERITY=%s",
		alert_severity_name(sink_msg_severity(m))) < 0 ||
	    asprintf(&ours[3], "IXMON_ASNUM=%s", asn) < 0 ||
	    asprintf(&ours[4], "IXMON_MAC=%s", m->macs) < 0 ||
	    asprintf(&ours[5], "IXMON_IP=%s", m->ips) < 0 ||
	    asprintf(&ours[6], "IXMON_MEMBER=%s",
		m->member ? m->member->name : "") < 0 ||
	    asprintf(&ours[7], "IXMON_COUNT=%s", cnt) < 0 ||
	    asprintf(&ours[8], "IXMON_GROUP=%s", grp) < 0 ||
	    asprintf(&ours[9], "IXMON_TEXT=%s", m->text) < 0 ||
	    asprintf(&ours[10], "IXMON_ALERT_SEVERITY=%s",
		alert_severity_name((enum alert_severity)m->severity)) < 0 ||
	    asprintf(&ours[11], "IXMON_URL=%s",
		sink_msg_url(m, senv->cfg, url)) < 0)
		fatal("exec hook environment");
	env = exec_env(ours, EXEC_NENV);

	o = sink_msg_json(m);
	if (senv->cfg->alert_dashboard_url[0] != '\0')
		json_object_set_new(o, "url", json_string(url));
	json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (json == NULL) {
		h->c->errors++;
		sink_errlog(&h->log, m->now, ENOMEM,
		    "alert sink exec: %s: formatting the message", h->path);
		goto out;
	}
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		h->c->errors++;
		sink_errlog(&h->log, m->now, errno, "alert sink exec: %s: pipe",
		    h->path);
		goto out;
	}
	len = strlen(json);
	/* all of it must fit now: a message beyond 64 KiB grows the pipe */
	if (len > (size_t)fcntl(p[1], F_GETPIPE_SZ) &&
	    fcntl(p[1], F_SETPIPE_SZ, len > INT_MAX ? INT_MAX : (int)len) < 0) {
		h->c->errors++;
		sink_errlog(&h->log, m->now, errno,
		    "alert sink exec: %s: a message of %zu bytes: pipe size",
		    h->path, len);
		goto out;
	}
	w = write(p[1], json, len);
	if (w < 0 || (size_t)w != len) {
		/* the hook would read a part: not started */
		h->c->errors++;
		if (w < 0)
			sink_errlog(&h->log, m->now, errno,
			    "alert sink exec: %s: writing its input", h->path);
		else
			sink_errlog(&h->log, m->now, 0,
			    "alert sink exec: %s: writing its input: %zd of "
			    "%zu bytes",
			    h->path, w, len);
		goto out;
	}
	close(p[1]);
	p[1] = -1;
	/* the child reads a blocking stdin */
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) & ~O_NONBLOCK);

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	argv[0] = h->path;
	argv[1] = NULL;
	rc = posix_spawn(&pid, h->path, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		h->c->errors++;
		sink_errlog(&h->log, m->now, rc, "alert sink exec: %s: spawn",
		    h->path);
		goto out;
	}
	h->run[h->n_run++] = pid;
	h->c->sent++;
out:
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	free(json);
	free(env);
	for (i = 0; i < EXEC_NENV; i++)
		free(ours[i]);
}

static void exec_tick(void *priv, const struct sink_env *env, int64_t now)
{
	struct hook *h = priv;

	(void)env;
	exec_reap(h);
	sink_errlog_tick(&h->log, now);
}

static void exec_close(void *priv)
{
	struct hook *h = priv;

	exec_reap(h);
	sink_errlog_flush(&h->log);
	free(h);
}

const struct sink_ops sink_exec_ops = {
	.name = "exec",
	.rate_limited = 1,
	.enabled = exec_enabled,
	.open = exec_open,
	.emit = exec_emit,
	.tick = exec_tick,
	.close = exec_close,
};
