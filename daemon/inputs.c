/*
 * inputs.c - see inputs.h.
 *
 * Interfaces are non-blocking libpcap handles on a packed (TPACKET_V3) ring
 * (capture/source_live.c); one that fails (it vanished, went down) is
 * closed, raised as capture_down and reopened every INPUT_RETRY_SECS by
 * the loop.  The sockets are UDP, non-blocking, with a 16 MiB receive
 * buffer so bursts wait in the kernel while the state is written.
 *
 * sFlow comes in much faster than syslog and its analysis can stall (nDPI
 * on a burst of new flows), so its socket (32 MiB) is read by a receive
 * thread into a bounded queue (dgram_queue.h); the loop polls the queue's
 * eventfd and analyses from the queue, a batch at a time, exactly as it
 * did from the socket.  The thread starts at the first read(), not in
 * open(): ixmon run opens its inputs before daemon() forks, and a thread
 * does not survive a fork.  Syslog stays read in the loop: a few lines a
 * second, matched quickly, a 16 MiB buffer holds minutes of them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alerts/alert.h"
#include "analyze/engine.h"
#include "common/log.h"
#include "daemon/dgram_queue.h"
#include "daemon/inputs.h"

#define SFLOW_MAX_DATAGRAM  65536
#define SYSLOG_MAX_DATAGRAM 8192

void input_init(struct input *in, const struct input_ops *ops, const char *name)
{
	memset(in, 0, sizeof(*in));
	in->ops = ops;
	in->name = name;
	in->fd = -1;
}

int input_udp_listen(const char *spec, char *err, size_t errlen)
{
	char host[256] = "", port[16];
	const char *colon = strrchr(spec, ':');
	struct addrinfo hints, *res = NULL;
	int fd, rc, one = 1, rcvbuf = 16 << 20;

	if (colon == NULL) {
		snprintf(port, sizeof(port), "%s", spec);
	} else {
		size_t n = (size_t)(colon - spec);

		if (spec[0] == '[' && n >= 2 && spec[n - 1] == ']')
			snprintf(host, sizeof(host), "%.*s", (int)(n - 2), spec + 1);
		else
			snprintf(host, sizeof(host), "%.*s", (int)n, spec);
		snprintf(port, sizeof(port), "%s", colon + 1);
	}
	/* getaddrinfo() takes "99999" modulo 65536: say it instead. */
	if (port[0] == '\0' || strspn(port, "0123456789") != strlen(port) ||
	    strlen(port) > 5 || atoi(port) > 65535) {
		snprintf(err, errlen, "'%s': the port is not a number from 0 to 65535", spec);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "'%s': %s", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* FORCE (root only) goes past net.core.rmem_max. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, res->ai_addr, res->ai_addrlen) < 0) {
		snprintf(err, errlen, "bind %s: %s", spec, strerror(errno));
		close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* ---- counters every kind keeps ------------------------------------------ */

static json_t *common_stats(const struct input *in)
{
	return json_pack("{s:s,s:s,s:b,s:I,s:I,s:s?}", "kind", in->ops->kind,
	    "name", in->name, "up", in->ops->fd(in) >= 0 || in->p != NULL,
	    "frames", (json_int_t)in->frames, "errors", (json_int_t)in->errors,
	    "error", in->error[0] ? in->error : NULL);
}

static uint64_t u64(const json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v > 0 ? (uint64_t)v : 0;
}

static void common_restore(struct input *in, const json_t *st)
{
	in->frames = u64(st, "frames");
	in->errors = u64(st, "errors");
}

static int sock_fd(const struct input *in) { return in->fd; }

static void sock_close(struct input *in)
{
	if (in->fd >= 0)
		close(in->fd);
	in->fd = -1;
	free(in->buf);
	in->buf = NULL;
}

static int sock_open(struct input *in, char *err, size_t errlen)
{
	in->fd = input_udp_listen(in->name, err, errlen);
	if (in->fd < 0)
		return -1;
	/* sFlow datagrams up to the UDP maximum; syslog lines far less */
	in->buflen = in->ops == &input_sflow_ops ? SFLOW_MAX_DATAGRAM : SYSLOG_MAX_DATAGRAM;
	in->buf = xcalloc(1, in->buflen);
	return 0;
}

/* ---- live interface ------------------------------------------------------ */

static void on_frame(u_char *ctx, const struct pcap_pkthdr *h, const u_char *data)
{
	struct input *in = (struct input *)ctx;

	in->frames++;
	engine_offer(in->feeding, in->linktype, h->ts.tv_sec, (uint32_t)h->ts.tv_usec,
	    data, h->caplen, h->len, 1);
}

static int iface_open(struct input *in, char *err, size_t errlen)
{
	in->p = src_live_open(in->name, in->live, err, errlen);
	if (in->p == NULL) {
		snprintf(in->error, sizeof(in->error), "%s", err);
		in->retry_at = time(NULL) + INPUT_RETRY_SECS;
		return -1;
	}
	in->error[0] = '\0';
	in->linktype = pcap_datalink(in->p);
	return 0;
}

static int iface_fd(const struct input *in)
{
	return in->p ? pcap_get_selectable_fd(in->p) : -1;
}

/* The handle's drop counters, zero when it cannot say. */
static struct pcap_stat handle_stats(pcap_t *p)
{
	struct pcap_stat st;

	memset(&st, 0, sizeof(st));
	if (pcap_stats(p, &st) < 0)
		memset(&st, 0, sizeof(st));
	return st;
}

static void iface_close(struct input *in)
{
	struct pcap_stat st;

	if (in->p == NULL)
		return;
	st = handle_stats(in->p);
	in->drops += st.ps_drop;
	in->if_drops += st.ps_ifdrop;
	pcap_close(in->p);
	in->p = NULL;
}

/* An interface that cannot capture: one alert, counted per failed try. */
static void capture_down(struct input *in, struct engine *e)
{
	struct alert_key k;
	time_t now = time(NULL);

	alert_key_init(&k, ALERT_CAPTURE_DOWN);
	alert_key_subject(&k, in->name);
	alert_raise(engine_alerts(e), &k, ALERT_CRITICAL, now, 0, 1,
	    "capture on %s stopped: %s; retrying every %d s", in->name, in->error,
	    INPUT_RETRY_SECS);
}

static int iface_read(struct input *in, struct engine *e)
{
	char err[PCAP_ERRBUF_SIZE + 64];

	if (in->p == NULL) {
		/* closed: the loop retries it */
		if (time(NULL) < in->retry_at)
			return 0;
		if (iface_open(in, err, sizeof(err)) < 0) {
			capture_down(in, e);
			return -1;
		}
		in->reopens++;
		log_warnx("%s: capturing again", in->name);
		return 0;
	}
	in->feeding = e;
	if (pcap_dispatch(in->p, INPUT_BATCH, on_frame, (u_char *)in) < 0) {
		/* The interface went away: keep running, retry. */
		snprintf(in->error, sizeof(in->error), "%s", pcap_geterr(in->p));
		log_warnx("%s: %s", in->name, in->error);
		capture_down(in, e);
		iface_close(in);
		in->retry_at = time(NULL) + INPUT_RETRY_SECS;
		return -1;
	}
	return 0;
}

static json_t *iface_stats(const struct input *in)
{
	json_t *o = common_stats(in);
	uint64_t drop = in->drops, ifdrop = in->if_drops;

	/* Live counters since the handle was opened, plus earlier handles. */
	if (in->p) {
		struct pcap_stat st = handle_stats(in->p);

		drop += st.ps_drop;
		ifdrop += st.ps_ifdrop;
	}
	json_object_set_new(o, "kernel_dropped", json_integer((json_int_t)drop));
	json_object_set_new(o, "interface_dropped", json_integer((json_int_t)ifdrop));
	json_object_set_new(o, "reopened", json_integer((json_int_t)in->reopens));
	return o;
}

static void iface_restore(struct input *in, const json_t *st)
{
	common_restore(in, st);
	in->drops = u64(st, "kernel_dropped");
	in->if_drops = u64(st, "interface_dropped");
	in->reopens = u64(st, "reopened");
}

const struct input_ops input_interface_ops = {
	.kind = "interface",
	.open = iface_open,
	.fd = iface_fd,
	.read = iface_read,
	.stats = iface_stats,
	.restore = iface_restore,
	.close = iface_close,
};

/* ---- sFlow v5 collector -------------------------------------------------- */

/*
 * Drain the socket, a batch at most, handing each datagram and its sender
 * to `deliver`.  Receive errors other than "nothing more now" are counted.
 */
static int sock_read(struct input *in, struct engine *e,
    void (*deliver)(struct input *in, struct engine *e, const uint8_t *data,
	size_t len, const struct sockaddr *from, socklen_t flen))
{
	struct sockaddr_storage from;
	int i;

	for (i = 0; i < INPUT_BATCH; i++) {
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(in->fd, in->buf, in->buflen, 0,
		    (struct sockaddr *)&from, &flen);

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				in->errors++;
			return 0;
		}
		in->frames++;
		deliver(in, e, in->buf, (size_t)n, (const struct sockaddr *)&from, flen);
	}
	return 0;
}

/*
 * Stamped when analysed, not when received: the loop cuts its intervals by
 * the same clock, so a datagram that waited in the queue counts in the
 * interval that analysed it, as one that waited in the socket always did.
 */
static void sflow_deliver(struct input *in, struct engine *e, const uint8_t *data,
    size_t len, const struct sockaddr *from, socklen_t flen)
{
	struct timespec now;

	(void)in;
	(void)from;
	(void)flen;
	clock_gettime(CLOCK_REALTIME, &now);
	engine_sflow(e, now.tv_sec, (uint32_t)now.tv_nsec, data, len);
}

/* The queue's receive errors into `errors` (only this thread writes it). */
static void sflow_fold_errors(struct input *in, const struct dgq_stats *st)
{
	in->errors += st->errors - in->q_errors;
	in->q_errors = st->errors;
}

static int sflow_open(struct input *in, char *err, size_t errlen)
{
	int want = INPUT_SFLOW_RCVBUF;
	socklen_t sl = sizeof(in->rcvbuf);

	if (sock_open(in, err, errlen) < 0)
		return -1;
	/* FORCE (root only) goes past net.core.rmem_max. */
	if (setsockopt(in->fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want)) < 0)
		setsockopt(in->fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want));
	if (getsockopt(in->fd, SOL_SOCKET, SO_RCVBUF, &in->rcvbuf, &sl) < 0)
		in->rcvbuf = 0;
	if (in->rcvbuf / 2 < want)
		log_warnx("--sflow %s: receive buffer of %d bytes, not %d: not root and "
		    "net.core.rmem_max is lower; bursts beyond it are kernel drops",
		    in->name, in->rcvbuf / 2, want);
	in->q_errors = 0;
	in->q = dgq_new(in->fd, in->queue_bytes ? in->queue_bytes : INPUT_QUEUE_BYTES,
	    SFLOW_MAX_DATAGRAM, err, errlen);
	if (in->q == NULL) {
		sock_close(in);
		return -1;
	}
	return 0;
}

static int sflow_fd(const struct input *in)
{
	return in->q ? dgq_fd(in->q) : in->fd;
}

/* Stop the thread, keeping what it counted. */
static void sflow_stop(struct input *in)
{
	struct dgq_stats st;

	if (in->q == NULL)
		return;
	dgq_free(in->q, &st);
	in->q = NULL;
	in->kernel_drops += st.kernel_drops;
	in->queue_drops += st.queue_drops;
	sflow_fold_errors(in, &st);
	in->q_errors = 0;
}

/*
 * When the analysis falls behind, the queue fills: nDPI's new flows are
 * the part of the work that grows with a burst, so its budget shrinks
 * (the flows over it are counted uninspected) well before the queue is
 * full and datagrams would be dropped.  A quarter full: 1/4 of the
 * budget; half full: 1/16; three quarters: the application view pauses
 * (no flow lookups at all: with every sample a new flow, the lookups
 * themselves cost more than the rest of the analysis); back to all of it
 * once under an eighth.
 */
static void shed(struct input *in, struct engine *e, const struct dgq_stats *st)
{
	uint32_t want = in->shedding ? in->shedding : 1;

	if (st->capacity == 0)
		return;
	if (st->bytes * 4 >= st->capacity * 3)
		want = ENGINE_APP_PAUSED;
	else if (st->bytes * 2 >= st->capacity)
		want = want > 16 ? want : 16;
	else if (st->bytes * 4 >= st->capacity)
		want = want > 4 ? want : 4;
	else if (st->bytes * 8 < st->capacity)
		want = 1;
	if (want > 1)
		in->shed_turns++;
	if (want == (in->shedding ? in->shedding : 1))
		return;
	if (want == ENGINE_APP_PAUSED)
		log_warnx("--sflow %s: analysis behind (queue %zu of %zu bytes): the application "
		    "view pauses", in->name, st->bytes, st->capacity);
	else if (want > 1)
		log_warnx("--sflow %s: analysis behind (queue %zu of %zu bytes): nDPI takes 1/%u "
		    "of its new flows", in->name, st->bytes, st->capacity, want);
	else
		log_info("--sflow %s: analysis caught up: nDPI takes all its new flows", in->name);
	in->shedding = want;
	engine_set_app_shedding(e, want);
}

/* Feed `e` at most `max` queued datagrams; how many there were. */
static int deliver_queued(struct input *in, struct engine *e, int max)
{
	struct dgram d;
	int n;

	for (n = 0; n < max && dgq_peek(in->q, &d); n++) {
		in->frames++;
		sflow_deliver(in, e, d.data, d.len, d.from, d.fromlen);
		dgq_pop(in->q);
	}
	return n;
}

static int sflow_read(struct input *in, struct engine *e)
{
	struct dgq_stats st;
	struct dgram d;
	char err[256];

	if (in->q == NULL) /* no thread: read the socket here, as before */
		return in->fd >= 0 ? sock_read(in, e, sflow_deliver) : 0;
	if (!dgq_started(in->q) && dgq_start(in->q, err, sizeof(err)) < 0) {
		log_warnx("--sflow %s: %s; reading the socket in the main loop",
		    in->name, err);
		sflow_stop(in);
		return sock_read(in, e, sflow_deliver);
	}
	/* How far behind the loop is, before taking: the backlog it found. */
	dgq_stats(in->q, &st);
	shed(in, e, &st);
	/* Clear before taking: a datagram queued meanwhile wakes us again. */
	dgq_clear(in->q);
	/* A batch at most, as from the socket: the rest at the next turn. */
	if (deliver_queued(in, e, INPUT_BATCH) == INPUT_BATCH && dgq_peek(in->q, &d))
		dgq_rearm(in->q);
	dgq_stats(in->q, &st);
	sflow_fold_errors(in, &st);
	return 0;
}

static json_t *sflow_stats(const struct input *in)
{
	json_t *o = common_stats(in);
	struct dgq_stats st;

	memset(&st, 0, sizeof(st));
	if (in->q)
		dgq_stats(in->q, &st);
	else
		st.capacity = in->queue_bytes ? in->queue_bytes : INPUT_QUEUE_BYTES;
	/* errors the thread counted since the last read() included */
	json_object_set_new(o, "errors",
	    json_integer((json_int_t)(in->errors + st.errors - (in->q ? in->q_errors : 0))));
	json_object_set_new(o, "kernel_drops",
	    json_integer((json_int_t)(in->kernel_drops + st.kernel_drops)));
	json_object_set_new(o, "queue_drops",
	    json_integer((json_int_t)(in->queue_drops + st.queue_drops)));
	json_object_set_new(o, "queue_bytes", json_integer((json_int_t)st.bytes));
	json_object_set_new(o, "queue_peak_bytes", json_integer((json_int_t)st.peak));
	json_object_set_new(o, "queue_capacity", json_integer((json_int_t)st.capacity));
	json_object_set_new(o, "receive_buffer", json_integer(in->rcvbuf));
	json_object_set_new(o, "app_shedding", in->shedding == ENGINE_APP_PAUSED
	    ? json_string("paused") : json_integer(in->shedding ? in->shedding : 1));
	json_object_set_new(o, "shed_turns", json_integer((json_int_t)in->shed_turns));
	return o;
}

static void sflow_restore(struct input *in, const json_t *st)
{
	common_restore(in, st);
	in->kernel_drops = u64(st, "kernel_drops");
	in->queue_drops = u64(st, "queue_drops");
}

static void sflow_close(struct input *in)
{
	sflow_stop(in);
	sock_close(in);
}

/*
 * What the receive thread queued before the stop is data received: it is
 * analysed, not left behind.  Bounded, since the thread still receives: at
 * most about a full queue of small datagrams.
 */
static void sflow_drain(struct input *in, struct engine *e)
{
	if (in->q != NULL && dgq_started(in->q))
		deliver_queued(in, e, 128 * INPUT_BATCH);
}

const struct input_ops input_sflow_ops = {
	.kind = "sflow",
	.open = sflow_open,
	.fd = sflow_fd,
	.read = sflow_read,
	.stats = sflow_stats,
	.restore = sflow_restore,
	.close = sflow_close,
	.drain = sflow_drain,
};

/* ---- switch syslog ------------------------------------------------------- */

static void syslog_deliver(struct input *in, struct engine *e, const uint8_t *data,
    size_t len, const struct sockaddr *from, socklen_t flen)
{
	char origin[INET6_ADDRSTRLEN] = "";

	(void)in;
	getnameinfo(from, flen, origin, sizeof(origin), NULL, 0, NI_NUMERICHOST);
	engine_syslog(e, data, len, origin, time(NULL));
}

static int syslog_read(struct input *in, struct engine *e)
{
	return sock_read(in, e, syslog_deliver);
}

static json_t *sock_stats(const struct input *in) { return common_stats(in); }

const struct input_ops input_syslog_ops = {
	.kind = "syslog",
	.open = sock_open,
	.fd = sock_fd,
	.read = syslog_read,
	.stats = sock_stats,
	.restore = common_restore,
	.close = sock_close,
};

/* ---- a capture file, replayed -------------------------------------------- */

static int replay_open(struct input *in, char *err, size_t errlen)
{
	/* Opened by read(): src_file_read_ex() reports its own problems. */
	(void)in;
	(void)err;
	(void)errlen;
	return 0;
}

static int no_fd(const struct input *in)
{
	(void)in;
	return -1;
}

static int replay_read(struct input *in, struct engine *e)
{
	static const struct src_hooks none = {NULL, NULL, NULL};
	uint64_t before = engine_frames_seen(e);
	const struct src_sink to = engine_sink(e);
	int rc = src_file_read_ex(in->name, &to, in->hooks ? in->hooks : &none,
	    in->error, sizeof(in->error));

	in->frames += engine_frames_seen(e) - before;
	return rc < 0 ? -1 : 0;
}

static void no_close(struct input *in) { (void)in; }

const struct input_ops input_replay_ops = {
	.kind = "replay",
	.open = replay_open,
	.fd = no_fd,
	.read = replay_read,
	.stats = sock_stats,
	.restore = common_restore,
	.close = no_close,
};
