/*
 * sink_remote.c - remote syslog, RFC 5424 over UDP (RFC 5426) or TCP
 * (RFC 6587 octet counting): alerts.remote_syslog.
 *
 * The message (sink_rfc5424 in sinks.c):
 *
 *   <PRI>1 TIMESTAMP HOSTNAME ixmon PROCID MSGID [ixmon@32473 type=".."
 *       severity=".." asnum=".." member=".." mac=".." ip=".." event=".."
 *       count=".." new_count=".." group=".."] TEXT
 *
 * PRI = facility * 8 + severity (clear: informational), TIMESTAMP the
 * flush time in UTC, MSGID the most severe alert's type, 32473 the
 * documentation enterprise number (RFC 5612).  Parameters without a value
 * (no member known, no IP) are left out; values are escaped as RFC 5424
 * 6.3.3 says.  A message is at most SINK_REMOTE_MAX bytes, the size every
 * receiver must accept (RFC 5426 3.2); the text is cut, never the SD.
 *
 * UDP: one datagram per message on a connected non-blocking socket; a
 * full socket buffer drops the message (counted).  A send error counts the
 * message in errors, never in sent, and is logged (rate-limited, with its
 * errno); an ICMP port unreachable, which the kernel reports at the next
 * send as ECONNREFUSED, moves the refused datagram from sent to errors.
 *
 * TCP: each message is framed "LEN SP MSG" (RFC 6587 3.4.1) into a
 * bounded queue written with non-blocking sends; the connection is made
 * without blocking (connect returning EINPROGRESS, completion checked with
 * a zero-timeout poll at the next flush), and after an error (logged,
 * rate-limited, with its cause) it is retried with an exponential back-off
 * of 1 s up to 60 s (of `now`).  Messages queue while the collector is
 * away until the queue is full, then are dropped and counted; a message
 * cut by a broken connection is dropped rather than resent, so the
 * collector never sees a frame twice.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alerts/sink.h"
#include "common/log.h"

#define SINK_REMOTE_MAX   2048  /* bytes per message */
#define RS_QUEUE_BYTES    65536 /* TCP send queue */
#define RS_QUEUE_FRAMES   512
#define RS_BACKOFF_MAX    60 /* seconds */
#define RS_CONNECT_TIMEOUT 10

enum rs_state { RS_DOWN, RS_CONNECTING, RS_UP };

struct remote {
	struct cfg_target t;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd;
	enum rs_state state;
	int64_t last_now, retry_at, connect_at;
	int backoff;
	struct sink_counters *c;
	struct sink_errlog log;
	char target[CFG_TARGET_LEN];
	/* TCP: queued frames buf[boff..blen), frame i ends at ends[i] */
	char buf[RS_QUEUE_BYTES];
	size_t blen, boff, nq;
	size_t ends[RS_QUEUE_FRAMES];
};

static int rs_enabled(const struct ixm_config *cfg)
{
	return cfg->alert_remote_syslog[0] != '\0';
}

static int rs_socket(struct remote *r)
{
	return socket(r->t.family == 4 ? AF_INET : AF_INET6,
	    (r->t.tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK |
		SOCK_CLOEXEC,
	    0);
}

/* Remove the frames fully before boff; move the rest to the front. */
static void rs_compact(struct remote *r)
{
	size_t i, done = 0;

	while (done < r->nq && r->ends[done] <= r->boff)
		done++;
	r->c->sent += done;
	if (done == r->nq) {
		r->blen = r->boff = r->nq = 0;
		return;
	}
	if (done == 0)
		return;
	{
		size_t start = r->ends[done - 1];

		memmove(r->buf, r->buf + start, r->blen - start);
		r->blen -= start;
		r->boff -= start;
		for (i = done; i < r->nq; i++)
			r->ends[i - done] = r->ends[i] - start;
		r->nq -= done;
	}
}

/*
 * The connection failed: `err` the errno of the failing call (0: `why`
 * says it all), logged rate-limited.
 */
static void rs_fail(struct remote *r, int err, const char *why)
{
	r->c->errors++;
	sink_errlog(&r->log, r->last_now, err,
	    "alert sink remote_syslog: %s: %s", r->target, why);
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	r->state = RS_DOWN;
	rs_compact(r);
	if (r->boff > 0) {
		/* the first frame went out in part: drop it, keep the rest */
		size_t first = r->ends[0];

		r->c->dropped++;
		memmove(r->buf, r->buf + first, r->blen - first);
		r->blen -= first;
		for (size_t i = 1; i < r->nq; i++)
			r->ends[i - 1] = r->ends[i] - first;
		r->nq--;
		r->boff = 0;
	}
	r->retry_at = r->last_now + r->backoff;
	r->backoff = r->backoff * 2 > RS_BACKOFF_MAX ? RS_BACKOFF_MAX
						     : r->backoff * 2;
}

static void rs_connect(struct remote *r)
{
	if ((r->fd = rs_socket(r)) < 0) {
		rs_fail(r, errno, "socket");
		return;
	}
	r->connect_at = r->last_now;
	if (connect(r->fd, (struct sockaddr *)&r->ss, r->sl) == 0) {
		r->state = RS_UP;
		r->backoff = 1;
	} else if (errno == EINPROGRESS) {
		r->state = RS_CONNECTING;
	} else {
		rs_fail(r, errno, "connect");
	}
}

/* Write what the socket takes now. */
static void rs_pump(struct remote *r)
{
	while (r->state == RS_UP && r->boff < r->blen) {
		ssize_t n = send(r->fd, r->buf + r->boff, r->blen - r->boff,
		    MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n > 0) {
			r->boff += (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
				 errno == EINTR))
			break;
		if (n < 0)
			rs_fail(r, errno, "send");
		else
			rs_fail(r, 0, "send: nothing sent");
		return;
	}
	rs_compact(r);
}

static int rs_open(void **priv, const struct sink_env *env,
    struct sink_counters *c, char *err, size_t errlen)
{
	struct remote *r = xcalloc(1, sizeof(*r));
	char why[200];

	r->c = c;
	r->fd = -1;
	r->backoff = 1;
	snprintf(r->target, sizeof(r->target), "%s",
	    env->cfg->alert_remote_syslog);
	if (cfg_parse_target(env->cfg->alert_remote_syslog, &r->t, why,
		sizeof(why)) < 0) {
		snprintf(err, errlen, "%s", why);
		free(r);
		return -1;
	}
	if (r->t.family == 4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&r->ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(r->t.port);
		memcpy(&sin->sin_addr, r->t.addr, 4);
		r->sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&r->ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(r->t.port);
		memcpy(&sin6->sin6_addr, r->t.addr, 16);
		r->sl = sizeof(*sin6);
	}
	if (!r->t.tcp) {
		/* connected: send() needs no address, ICMP errors come back */
		if ((r->fd = rs_socket(r)) < 0 ||
		    connect(r->fd, (struct sockaddr *)&r->ss, r->sl) < 0) {
			snprintf(err, errlen, "%s: %s",
			    env->cfg->alert_remote_syslog, strerror(errno));
			if (r->fd >= 0)
				close(r->fd);
			free(r);
			return -1;
		}
		r->state = RS_UP;
	} else {
		/* a collector that is down now is retried, not fatal */
		rs_connect(r);
	}
	*priv = r;
	return 0;
}

/*
 * One datagram, sent whole or counted as not sent.  A connected UDP
 * socket reports an ICMP port unreachable for an earlier datagram as
 * ECONNREFUSED at the next send: that earlier one, counted as sent, was
 * refused, so it moves to errors, and this one is tried again.
 */
static void rs_emit_udp(struct remote *r, const char *msg, size_t len,
    int64_t now)
{
	ssize_t n;
	int tries, e = 0;

	for (tries = 0; tries < 2; tries++) {
		n = send(r->fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n >= 0 && (size_t)n == len) {
			r->c->sent++;
			return;
		}
		if (n >= 0) {
			/* cannot happen with datagrams; not sent whole */
			r->c->errors++;
			sink_errlog(&r->log, now, 0,
			    "alert sink remote_syslog: %s: send: %zd of %zu "
			    "bytes",
			    r->target, n, len);
			return;
		}
		e = errno;
		if (e != ECONNREFUSED)
			break;
		/* an earlier datagram was refused */
		if (r->c->sent > 0)
			r->c->sent--;
		r->c->errors++;
		sink_errlog(&r->log, now, e,
		    "alert sink remote_syslog: %s: send", r->target);
	}
	if (e == EAGAIN || e == EWOULDBLOCK || e == ENOBUFS) {
		r->c->dropped++;
		return;
	}
	r->c->errors++;
	if (e != ECONNREFUSED) /* logged above */
		sink_errlog(&r->log, now, e,
		    "alert sink remote_syslog: %s: send", r->target);
}

static void rs_emit(void *priv, const struct sink_env *env,
    const struct sink_msg *m)
{
	struct remote *r = priv;
	char msg[SINK_REMOTE_MAX + 1];
	char hdr[16];
	size_t len = sink_rfc5424(msg, sizeof(msg), env, m);
	int hl;

	if (!r->t.tcp) {
		rs_emit_udp(r, msg, len, m->now);
		return;
	}
	hl = snprintf(hdr, sizeof(hdr), "%zu ", len);
	if (r->nq == RS_QUEUE_FRAMES ||
	    r->blen + (size_t)hl + len > sizeof(r->buf)) {
		rs_compact(r);
		if (r->nq == RS_QUEUE_FRAMES ||
		    r->blen + (size_t)hl + len > sizeof(r->buf)) {
			r->c->dropped++;
			return;
		}
	}
	memcpy(r->buf + r->blen, hdr, (size_t)hl);
	memcpy(r->buf + r->blen + (size_t)hl, msg, len);
	r->blen += (size_t)hl + len;
	r->ends[r->nq++] = r->blen;
	rs_pump(r);
}

static void rs_tick(void *priv, const struct sink_env *env, int64_t now)
{
	struct remote *r = priv;
	struct pollfd pfd;
	char junk[256];
	int soerr = 0;
	socklen_t sl = sizeof(soerr);
	ssize_t n;

	(void)env;
	r->last_now = now;
	sink_errlog_tick(&r->log, now);
	if (!r->t.tcp)
		return;
	if (r->state == RS_CONNECTING) {
		pfd.fd = r->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) > 0) {
			if (getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &soerr,
				&sl) != 0)
				rs_fail(r, errno, "connect: getsockopt");
			else if (soerr != 0)
				rs_fail(r, soerr, "connect");
			else if (pfd.revents & (POLLERR | POLLHUP))
				rs_fail(r, 0, "connect: hung up");
			else {
				r->state = RS_UP;
				r->backoff = 1;
			}
		} else if (now - r->connect_at > RS_CONNECT_TIMEOUT ||
		    now < r->connect_at) {
			rs_fail(r, ETIMEDOUT, "connect");
		}
	}
	if (r->state == RS_DOWN && now >= r->retry_at)
		rs_connect(r);
	if (r->state == RS_UP) {
		/* a collector never talks back: readable means closed */
		pfd.fd = r->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) > 0) {
			if (pfd.revents & POLLERR &&
			    getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &soerr,
				&sl) == 0 &&
			    soerr != 0) {
				rs_fail(r, soerr, "connection");
				return;
			}
			n = recv(r->fd, junk, sizeof(junk), MSG_DONTWAIT);
			if (n < 0) {
				rs_fail(r, errno, "connection");
				return;
			}
			if (n == 0 || pfd.revents & (POLLERR | POLLHUP)) {
				rs_fail(r, 0, "closed by the collector");
				return;
			}
		}
		rs_pump(r);
	}
}

static void rs_close(void *priv)
{
	struct remote *r = priv;

	if (r->t.tcp && r->state == RS_UP)
		rs_pump(r); /* one last non-blocking try */
	sink_errlog_flush(&r->log);
	if (r->fd >= 0)
		close(r->fd);
	free(r);
}

const struct sink_ops sink_remote_ops = {
	.name = "remote_syslog",
	.rate_limited = 1,
	.enabled = rs_enabled,
	.open = rs_open,
	.emit = rs_emit,
	.tick = rs_tick,
	.close = rs_close,
};
