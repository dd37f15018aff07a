/*
 * sink_syslog.c - the local syslog(3): alerts.syslog, alerts.syslog_facility.
 *
 * One line per message (a group of alerts about one member is one line),
 * ident "ixmon", the facility from the configuration, the priority from
 * the message's most severe alert: critical -> LOG_CRIT, warning ->
 * LOG_WARNING, notice -> LOG_NOTICE, clear -> LOG_INFO.  openlog is called
 * with LOG_NDELAY so the connection to /dev/log is made at start-up, before
 * privileges are dropped or a chroot.  syslog(3) never reports failure; a
 * missing /dev/log loses the line silently, which is why the remote sink
 * exists: `sent` here counts lines handed to syslog(3), not lines a
 * syslogd received.
 *
 * openlog state is per process and shared with the daemon's own logging
 * (common/log.c: ident "ixmon", LOG_DAEMON).  So this sink opens with the
 * same ident and default facility and never calls closelog, and passes
 * the configured facility in every priority instead: alerts go to their
 * facility, the daemon's warnings stay on daemon, and freeing the sinks on
 * a reload does not cut the daemon's log connection.
 */
#include <stdlib.h>
#include <syslog.h>

#include "alerts/sink.h"
#include "common/log.h"

struct lsys {
	int facility;
	struct sink_counters *c;
};

static int lsys_enabled(const struct ixm_config *cfg)
{
	return cfg->alert_syslog != 0;
}

static int lsys_open(void **priv, const struct sink_env *env,
    struct sink_counters *c, char *err, size_t errlen)
{
	struct lsys *l = xcalloc(1, sizeof(*l));

	(void)err;
	(void)errlen;
	l->facility = env->cfg->alert_syslog_facility;
	l->c = c;
	openlog("ixmon", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	*priv = l;
	return 0;
}

static void lsys_emit(void *priv, const struct sink_env *env,
    const struct sink_msg *m)
{
	struct lsys *l = priv;

	(void)env;
	syslog(l->facility | sink_msg_priority(m), "%s", m->text);
	l->c->sent++;
}

static void lsys_close(void *priv)
{
	free(priv);
}

const struct sink_ops sink_syslog_ops = {
	.name = "syslog",
	.rate_limited = 1,
	.enabled = lsys_enabled,
	.open = lsys_open,
	.emit = lsys_emit,
	.tick = NULL,
	.close = lsys_close,
};
