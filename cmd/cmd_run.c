/*
 * cmd_run.c - `ixmon run`: the appliance loop.
 *
 * Inputs: live interfaces (-i, libpcap, non-blocking), a capture file
 * replayed as fast as it reads with intervals cut by its timestamps (-r),
 * an sFlow v5 collector socket (--sflow, UDP, IPv4 or IPv6) and a switch
 * syslog socket (--syslog, UDP: port-security violations).  One
 * engine sees everything; every --interval seconds (capture time in replay,
 * wall-clock time live) DIR/state.json is rewritten atomically (write to a
 * temporary file, fsync, rename: a reader or a crash never sees half a
 * file) and each alert that is new or has repeated since the last interval
 * is appended to DIR/alerts.jsonl as one JSON line.  SIGTERM and SIGINT
 * flush once more and exit 0.  The loop is poll(2) over the capture
 * handles and the sockets with a one-second timeout, so an idle LAN still
 * gets its intervals written.
 *
 * State survives: at start an existing DIR/state.json is taken back
 * (engine_restore), so a restart - even after kill -9 - loses at most the
 * interval in progress.  SIGHUP rereads the config and the member list and
 * moves the counters over the same way, so nothing is lost either.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alerts/sink.h"
#include "analyze/engine.h"
#include "analyze/portsec.h"
#include "capture/sflow.h"
#include "capture/source_file.h"
#include "capture/syslog.h"
#include "capture/source_live.h"
#include "cmd/cmd.h"
#include "graphs/graph_render.h"
#include "graphs/rrd_store.h"
#include "web/web.h"
#include "common/config.h"
#include "common/fmt.h"
#include "common/log.h"

#define RUN_MAX_IFACES 8
#define RUN_BATCH      1024   /* frames or datagrams per input per wakeup */
#define RUN_RETRY_SECS 5      /* reopen a vanished interface this often */
#define SFLOW_MAX_DATAGRAM 65536

struct iface {
	const char *name;
	pcap_t *p;
	int linktype;
	time_t retry_at;
	uint64_t frames;
	struct pcap_stat last; /* counters of the handle before a reopen */
	uint64_t drops, if_drops, reopens;
};

struct run {
	struct engine *e;
	struct iface ifs[RUN_MAX_IFACES];
	int n_ifs;
	struct live_opts live;
	int sflow_fd;
	uint64_t sflow_recv_errors;
	int syslog_fd;
	struct syslog_matcher *matcher;
	struct portsec_map *map; /* --syslog-map: switch ports, custom patterns */
	struct portsec_env psenv;
	uint64_t syslog_results[SYSLOG_R_EMPTY + 1];
	const char *config, *members;
	struct registry *reg;
	uint32_t sample;
	const char *state_dir;
	uint32_t interval;
	int64_t next_flush;
	uint64_t flushes;
	struct sinks *sinks; /* alerts.jsonl, syslog, remote syslog, exec hook */
	int64_t now;         /* the sinks' clock: capture time in replay, else wall */
	json_t *last_state;  /* the previous state.json, for the window */
	int64_t window_start;
	int replaying;
	int resumed;                 /* counters continue from state.json */
	struct rrd_store *rrd;       /* DIR/rrd, NULL with --no-graphs */
	int graphs;                  /* render graphs (live: every interval) */
	struct graph_opts gopts;
	struct graph_job gjob;       /* the render pass running, if any */
	struct graph_stats glast;    /* the last finished pass */
	uint64_t gpasses, gbusy;
	int64_t render_end;          /* a pass is due for data up to here */
};

static volatile sig_atomic_t stop_signal, reload_signal;

static void on_stop(int sig) { stop_signal = sig; }
static void on_hup(int sig) { reload_signal = sig; }

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: ixmon run [options]\n\n"
	    "The appliance: watch live interfaces, a replayed capture and/or an sFlow\n"
	    "feed; write DIR/state.json every interval and new alerts to DIR/alerts.jsonl.\n\n"
	    "options:\n"
	    "  -c, --config FILE      configuration JSON (docs/config.md)\n"
	    "  -m, --members FILE     IX-F Member Export JSON\n"
	    "  -i, --interface IFACE  capture live on IFACE (repeatable, up to 8)\n"
	    "  -r, --read FILE        replay a capture, intervals by its timestamps, then exit\n"
	    "      --sflow [ADDR:]PORT  collect sFlow v5 on UDP (ADDR may be [v6])\n"
	    "      --syslog [ADDR:]PORT switch syslog on UDP: port-security violations\n"
	    "      --syslog-map FILE  switch port -> member table and custom patterns\n"
	    "                         (JSON, docs/syslog.md)\n"
	    "  -d, --state-dir DIR    where state.json and alerts.jsonl go (default .);\n"
	    "                         RRDs go to DIR/rrd, graphs to DIR/graphs\n"
	    "      --rrdcached ADDR   write RRDs through rrdcached (unix:/path or host:port)\n"
	    "      --no-graphs        RRDs only: graphs come from `ixmon graph` or elsewhere\n"
	    "      --no-rrd           no RRDs, no graphs\n"
	    "      --http ADDR:PORT   serve the dashboard too (as `ixmon serve`)\n"
	    "      --token-file FILE  the dashboard's member pages need this token\n"
	    "      --interval SECONDS state and alerts every SECONDS (default 60)\n"
	    "      --filter BPF       capture filter for -i\n"
	    "      --snaplen N        bytes kept per live frame (default 256)\n"
	    "      --buffer-mb N      kernel capture buffer (default 64)\n"
	    "      --no-promisc       do not put -i interfaces in promiscuous mode\n"
	    "  -s, --sample N         analyse 1 frame in N of the live/replayed frames\n"
	    "  -f, --foreground       stay attached, log to stderr (default: daemon, syslog)\n"
	    "  -p, --pidfile FILE     write the process id to FILE\n"
	    "  -u, --user NAME        drop to this user once captures and sockets are open\n"
	    "  -h, --help             this text\n"
	    "      --version          print the version\n");
}

/* "[ADDR:]PORT", "[v6addr]:PORT" -> a bound UDP socket, or -1. */
static int udp_listen(const char *spec, char *err, size_t errlen)
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
	/*
	 * Bursts of datagrams arrive while we write state: let the kernel hold
	 * them.  FORCE (root only) goes past net.core.rmem_max.
	 */
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

static int write_pidfile(const char *path)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fprintf(fp, "%ld\n", (long)getpid());
	return fclose(fp);
}

/*
 * setgroups, setgid, setuid in that order (the other order keeps root's
 * groups); the state directory must be writable by that user.  A vanished
 * interface can then no longer be reopened: say so when it happens.
 */
static int drop_privileges(const char *user)
{
	struct passwd *pw = getpwnam(user);

	if (pw == NULL) {
		log_warnx("--user: no user '%s'", user);
		return -1;
	}
	if (setgroups(1, &pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0) {
		log_warn("--user %s", user);
		return -1;
	}
	return 0;
}

static int write_atomic(const char *dir, const char *name, const char *text)
{
	char tmp[4096], path[4096];
	size_t len = strlen(text);
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return rename(tmp, path);
}

/* Continue from DIR/state.json when a previous run left one. */
static void resume(struct run *r)
{
	char path[4096];
	json_error_t jerr;
	json_t *state;

	snprintf(path, sizeof(path), "%s/state.json", r->state_dir);
	if (access(path, F_OK) != 0)
		return;
	state = json_load_file(path, 0, &jerr);
	if (state == NULL || engine_restore(r->e, state) < 0) {
		log_warnx("%s: not resumed (%s); starting from zero", path,
		    state ? "not an ixmon state" : jerr.text);
	} else {
		log_info("%s: resumed, %lld frames so far", path,
		    (long long)json_integer_value(json_object_get(
			json_object_get(state, "input"), "frames")));
		sinks_mark_sent(r->sinks, engine_alerts(r->e), time(NULL));
		r->last_state = json_incref(state); /* the first window starts here */
		r->resumed = 1;
	}
	json_decref(state);
}

static json_t *capture_stats(struct run *r)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < r->n_ifs; i++) {
		struct iface *f = &r->ifs[i];
		struct pcap_stat st = {0};

		if (f->p && pcap_stats(f->p, &st) == 0) {
			/* Live counters since the handle was opened, plus earlier handles. */
			st.ps_drop += (u_int)f->drops;
			st.ps_ifdrop += (u_int)f->if_drops;
		} else {
			st.ps_drop = (u_int)f->drops;
			st.ps_ifdrop = (u_int)f->if_drops;
		}
		json_array_append_new(arr,
		    json_pack("{s:s,s:b,s:I,s:I,s:I,s:I}", "interface", f->name, "up",
			f->p != NULL, "frames", (json_int_t)f->frames, "kernel_dropped",
			(json_int_t)st.ps_drop, "interface_dropped",
			(json_int_t)st.ps_ifdrop, "reopened", (json_int_t)f->reopens));
	}
	return arr;
}

/*
 * Counters of `cur` minus those of `prev` (an earlier report): integers
 * subtract, objects recurse, anything else is left out.  Counters only go
 * up, so a smaller value means a restart of the baseline: take `cur`.
 */
static json_t *counter_delta(const json_t *cur, const json_t *prev)
{
	const char *key;
	json_t *v, *out;

	if (json_is_integer(cur)) {
		json_int_t c = json_integer_value(cur), p = json_integer_value(prev);

		return json_integer(json_is_integer(prev) && p <= c ? c - p : c);
	}
	if (!json_is_object(cur))
		return NULL;
	out = json_object();
	json_object_foreach((json_t *)(uintptr_t)cur, key, v) {
		json_t *d = counter_delta(v, json_object_get(prev, key));

		if (d)
			json_object_set_new(out, key, d);
	}
	return out;
}

/*
 * The running window: what the last interval added, for the sections
 * that are counters (the rest of state.json is cumulative).
 */
static json_t *window_of(struct run *r, const json_t *cur)
{
	static const char *const sections[] = {"ethertype", "tunneled_ipv6",
	    "nd_arp", "syslog"};
	const json_t *prev = r->last_state;
	json_t *w = json_object(), *members = json_array(), *o, *et;
	char ts[40];
	size_t i, j;

	json_object_set_new(w, "start", r->window_start ?
	    json_string(fmt_rfc3339(ts, r->window_start, 0)) : json_null());
	json_object_set_new(w, "end", json_string(fmt_rfc3339(ts, r->now, 0)));
	json_object_set_new(w, "frames",
	    counter_delta(json_object_get(json_object_get(cur, "input"), "frames"),
		json_object_get(json_object_get(prev, "input"), "frames")));
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		json_object_set_new(w, sections[i],
		    counter_delta(json_object_get(cur, sections[i]),
			json_object_get(prev, sections[i])));
	/* sflow: its counters, not the interface table */
	o = counter_delta(json_object_get(cur, "sflow"), json_object_get(prev, "sflow"));
	json_object_set_new(w, "sflow", o ? o : json_object());
	et = json_object_get(w, "ethertype");
	{
		uint64_t f6 = 0, b6 = 0, f = 0, b = 0;
		const char *k;
		json_t *c;

		json_object_foreach(et, k, c) {
			uint64_t cf = (uint64_t)json_integer_value(json_object_get(c, "frames"));
			uint64_t cb = (uint64_t)json_integer_value(json_object_get(c, "bytes"));

			f += cf;
			b += cb;
			if (!strcmp(k, "ipv6")) {
				f6 = cf;
				b6 = cb;
			}
		}
		json_object_set_new(w, "ipv6_share",
		    json_pack("{s:f,s:f}", "frames", f ? (double)f6 / (double)f : 0.0,
			"bytes", b ? (double)b6 / (double)b : 0.0));
	}
	/* per member traffic, matched by AS number */
	json_array_foreach(json_object_get(cur, "members"), i, o) {
		const json_t *po = NULL, *x;
		json_int_t asn = json_integer_value(json_object_get(o, "asnum"));

		json_array_foreach(json_object_get(prev, "members"), j, x)
			if (json_integer_value(json_object_get(x, "asnum")) == asn) {
				po = x;
				break;
			}
		json_array_append_new(members,
		    json_pack("{s:I,s:o}", "asnum", asn, "traffic",
			counter_delta(json_object_get(o, "traffic"),
			    json_object_get(po, "traffic"))));
	}
	json_object_set_new(w, "members", members);
	return w;
}

/* Collect a finished render pass (wait: block until it ends). */
static void render_reap(struct run *r, int wait)
{
	struct graph_stats st;

	if (r->gjob.pid == 0 || graph_job_poll(&r->gjob, wait, &st) != 1)
		return;
	r->gpasses++;
	r->glast = st;
	if (st.failed)
		log_warnx("graphs: %u of %u failed: %s", st.failed,
		    st.failed + st.rendered, st.last_error);
}

/*
 * Start the pass an interval asked for once the RRD writer has written
 * that interval and no pass is running (the capture loop calls this on
 * every turn, at least once a second); a pass still due when the next
 * interval comes counts as skipped.
 */
static void render_due(struct run *r)
{
	render_reap(r, 0);
	if (r->render_end == 0 || r->gjob.pid || !rrd_store_idle(r->rrd))
		return;
	r->gopts.end = r->render_end;
	r->render_end = 0;
	if (graph_job_start(&r->gjob, &r->gopts, r->last_state) < 0)
		log_warn("graphs: cannot start a render pass");
}

static json_t *render_stats(struct run *r)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:I,s:s?}", "passes",
	    (json_int_t)r->gpasses, "busy_skipped", (json_int_t)r->gbusy,
	    "rendered", (json_int_t)r->glast.rendered, "fresh",
	    (json_int_t)r->glast.fresh, "failed",
	    (json_int_t)r->glast.failed, "ms", r->glast.ms, "members_left",
	    (json_int_t)r->glast.members_left, "last_error",
	    r->glast.last_error[0] ? r->glast.last_error : NULL);
}

static void flush(struct run *r, int final)
{
	/*
	 * Only a replayed file ends its input; a live run stopped by SIGTERM
	 * has not seen "the whole run" (a member silent so far is not silent).
	 */
	json_t *state = engine_report_ex(r->e, final && r->replaying);
	char *text;

	r->flushes++;
	json_object_set_new(state, "run",
	    json_pack("{s:I,s:I,s:o,s:I,s:b}", "interval", (json_int_t)r->interval,
		"flushes", (json_int_t)r->flushes, "capture", capture_stats(r),
		"sflow_receive_errors", (json_int_t)r->sflow_recv_errors, "final",
		final));
	json_object_set_new(state, "alert_sinks", sinks_stats(r->sinks));
	json_object_set_new(state, "syslog",
	    json_pack("{s:I,s:I,s:I,s:I}", "violations",
		(json_int_t)r->syslog_results[SYSLOG_R_VIOLATION], "other",
		(json_int_t)r->syslog_results[SYSLOG_R_OTHER], "malformed",
		(json_int_t)r->syslog_results[SYSLOG_R_MALFORMED], "empty",
		(json_int_t)r->syslog_results[SYSLOG_R_EMPTY]));
	json_object_set_new(state, "window", window_of(r, state));
	if (r->rrd) {
		json_t *g;

		rrd_store_update(r->rrd, state, r->now);
		if (final) /* the last state says what was written */
			rrd_store_flush(r->rrd);
		g = json_pack("{s:o}", "rrd", rrd_store_stats(r->rrd));
		if (r->graphs)
			json_object_set_new(g, "render", render_stats(r));
		json_object_set_new(state, "graphs", g);
	}
	text = json_dumps(state, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (text == NULL || write_atomic(r->state_dir, "state.json", text) < 0)
		log_warn("%s/state.json", r->state_dir);
	free(text);
	/* Live, graphs follow every interval (render_due starts the pass). */
	if (r->graphs && !r->replaying) {
		if (r->render_end)
			r->gbusy++; /* the last one never started: skipped */
		r->render_end = r->now;
	}
	/* The next window starts here. */
	json_decref(r->last_state);
	r->last_state = state;
	r->window_start = r->now;
	/* Replay: capture time, so alerts age with the data; live: the clock. */
	if (final)
		sinks_flush_final(r->sinks, engine_alerts(r->e), r->reg, r->now);
	else
		sinks_flush(r->sinks, engine_alerts(r->e), r->reg, r->now);
}

/* libpcap's callback gets one pointer: the interface; the run is global. */
static struct run *the_run;

static void on_live_frame(u_char *ctx, const struct pcap_pkthdr *h,
    const u_char *data)
{
	struct iface *f = (struct iface *)ctx;

	f->frames++;
	engine_offer(the_run->e, f->linktype, h->ts.tv_sec, (uint32_t)h->ts.tv_usec,
	    data, h->caplen, h->len, 1);
}

/* An interface that cannot capture: one alert, counted per failed try. */
static void capture_down(struct run *r, struct iface *f, const char *why)
{
	struct alert_key k;
	time_t now = time(NULL);

	alert_key_init(&k, ALERT_CAPTURE_DOWN);
	alert_key_subject(&k, f->name);
	alert_raise(engine_alerts(r->e), &k, ALERT_CRITICAL, now, 0, 1,
	    "capture on %s stopped: %s; retrying every %d s", f->name, why,
	    RUN_RETRY_SECS);
}

static int open_iface(struct run *r, struct iface *f)
{
	char err[PCAP_ERRBUF_SIZE + 64];

	f->p = src_live_open(f->name, &r->live, err, sizeof(err));
	if (f->p == NULL) {
		log_warnx("%s: %s; retrying every %d s", f->name, err, RUN_RETRY_SECS);
		f->retry_at = time(NULL) + RUN_RETRY_SECS;
		if (r->e)
			capture_down(r, f, err);
		return -1;
	}
	f->linktype = pcap_datalink(f->p);
	return 0;
}

static void close_iface(struct iface *f)
{
	struct pcap_stat st;

	if (pcap_stats(f->p, &st) == 0) {
		f->drops += st.ps_drop;
		f->if_drops += st.ps_ifdrop;
	}
	pcap_close(f->p);
	f->p = NULL;
	f->retry_at = time(NULL) + RUN_RETRY_SECS;
	f->reopens++;
}

static void read_sflow(struct run *r)
{
	static uint8_t buf[SFLOW_MAX_DATAGRAM];
	struct timespec now;
	int i;

	for (i = 0; i < RUN_BATCH; i++) {
		ssize_t n = recv(r->sflow_fd, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				r->sflow_recv_errors++;
			return;
		}
		clock_gettime(CLOCK_REALTIME, &now);
		engine_sflow(r->e, now.tv_sec, (uint32_t)now.tv_nsec, buf, (size_t)n);
	}
}

static void read_syslog(struct run *r)
{
	static uint8_t buf[8192];
	struct sockaddr_storage from;
	struct syslog_violation v;
	struct syslog_msg m;
	struct tm tm;
	time_t now;
	int i;

	for (i = 0; i < RUN_BATCH; i++) {
		char origin[INET6_ADDRSTRLEN] = "";
		socklen_t flen = sizeof(from);
		enum syslog_result res;
		ssize_t n = recvfrom(r->syslog_fd, buf, sizeof(buf), 0,
		    (struct sockaddr *)&from, &flen);

		if (n < 0)
			return;
		now = time(NULL);
		gmtime_r(&now, &tm);
		/* RFC 3164 stamps carry no year: this year's. */
		res = syslog_process(r->matcher, buf, (size_t)n, tm.tm_year + 1900, &m, &v);
		r->syslog_results[res]++;
		if (res != SYSLOG_R_VIOLATION)
			continue;
		getnameinfo((struct sockaddr *)&from, flen, origin, sizeof(origin), NULL, 0,
		    NI_NUMERICHOST);
		portsec_raise(&r->psenv, &v, origin, now);
	}
}

static void map_problem(void *ctx, const char *where, const char *what)
{
	(void)ctx;
	log_warnx("--syslog-map: %s: %s", where, what);
}

static void pattern_problem(void *ctx, size_t index, const char *what)
{
	(void)ctx;
	log_warnx("--syslog-map: patterns[%zu]: %s; skipped", index, what);
}

/* run.interfaces: "eth1 eth2" or "eth1,eth2", copied into `buf`. */
static void add_config_ifaces(struct run *r, const char *list, char *buf,
    size_t len)
{
	char *tok, *save = NULL;

	snprintf(buf, len, "%s", list);
	for (tok = strtok_r(buf, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
		if (r->n_ifs == RUN_MAX_IFACES) {
			log_warnx("run.interfaces: at most %d interfaces; '%s' and after ignored",
			    RUN_MAX_IFACES, tok);
			return;
		}
		r->ifs[r->n_ifs++].name = tok;
	}
}

/* The port-security explainer reads the LAN prefix and the registry. */
static void setup_portsec(struct run *r, const struct ixm_config *cfg)
{
	const struct reg_prefix *p = NULL;

	memset(&r->psenv, 0, sizeof(r->psenv));
	r->psenv.reg = r->reg;
	r->psenv.alerts = engine_alerts(r->e);
	if (r->map) {
		r->psenv.ports = r->map->ports;
		r->psenv.n_ports = r->map->n_ports;
	}
	if (cfg->n_lan_v6)
		p = &cfg->lan_v6[0];
	else if (r->reg)
		p = reg_lan_v6(r->reg);
	if (p)
		r->psenv.lan_v6 = *p;
}

/*
 * SIGHUP: the config and the member list again, counters moved over
 * through the report, so nothing is lost; on any error the old ones stay.
 */
static void reload(struct run *r)
{
	struct ixm_config cfg;
	struct registry *reg;
	struct sinks *sinks;
	struct engine *e;
	char err[512];
	json_t *state;

	if (cmd_load_env(r->config, r->members, &cfg, &reg) < 0 && reg == NULL &&
	    (r->members || r->reg)) {
		log_warnx("SIGHUP: keeping the running configuration");
		return;
	}
	sinks = sinks_new(&cfg, r->state_dir, err, sizeof(err));
	if (sinks == NULL) {
		log_warnx("SIGHUP: %s; keeping the running configuration", err);
		reg_free(reg);
		return;
	}
	state = engine_report_ex(r->e, 0);
	e = engine_new_env(r->sample, &cfg, reg);
	engine_set_sflow_port(e, 0);
	engine_restore(e, state);
	json_decref(state);
	engine_free(r->e);
	reg_free(r->reg);
	r->e = e;
	r->reg = reg;
	setup_portsec(r, &cfg);
	/* The alert table was rebuilt in report order: resend nothing. */
	sinks_free(r->sinks);
	r->sinks = sinks;
	sinks_mark_sent(r->sinks, engine_alerts(r->e), time(NULL));
	log_info("SIGHUP: configuration and member list reloaded (%zu members)",
	    reg ? reg_count(reg) : (size_t)0);
}

static int run_live(struct run *r)
{
	struct pollfd pfd[RUN_MAX_IFACES + 1];
	int i, n;

	r->next_flush = time(NULL) + r->interval;
	while (!stop_signal) {
		time_t now = time(NULL);
		int map[RUN_MAX_IFACES + 1];

		n = 0;
		for (i = 0; i < r->n_ifs; i++) {
			struct iface *f = &r->ifs[i];

			if (f->p == NULL && now >= f->retry_at && open_iface(r, f) == 0)
				log_warnx("%s: capturing again", f->name);
			if (f->p == NULL || pcap_get_selectable_fd(f->p) < 0)
				continue;
			pfd[n].fd = pcap_get_selectable_fd(f->p);
			pfd[n].events = POLLIN;
			map[n++] = i;
		}
		if (r->sflow_fd >= 0) {
			pfd[n].fd = r->sflow_fd;
			pfd[n].events = POLLIN;
			map[n++] = -1;
		}
		if (r->syslog_fd >= 0) {
			pfd[n].fd = r->syslog_fd;
			pfd[n].events = POLLIN;
			map[n++] = -2;
		}
		if (poll(pfd, (nfds_t)n, 1000) < 0 && errno != EINTR)
			fatal("poll");
		for (i = 0; i < n; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLERR | POLLHUP)))
				continue;
			if (map[i] == -1) {
				read_sflow(r);
			} else if (map[i] == -2) {
				read_syslog(r);
			} else {
				struct iface *f = &r->ifs[map[i]];

				if (pcap_dispatch(f->p, RUN_BATCH, on_live_frame,
				    (u_char *)f) < 0) {
					/* The interface went away: keep running, retry. */
					log_warnx("%s: %s", f->name, pcap_geterr(f->p));
					capture_down(r, f, pcap_geterr(f->p));
					close_iface(f);
				}
			}
		}
		if (reload_signal) {
			reload_signal = 0;
			reload(r);
		}
		if (time(NULL) >= r->next_flush) {
			r->now = time(NULL);
			flush(r, 0);
			r->next_flush = time(NULL) + r->interval;
		}
		if (r->graphs)
			render_due(r);
	}
	return 0;
}

/* Replay: flush at every interval boundary the capture's time crosses. */
static int replay_before(void *ctx, int64_t sec)
{
	struct run *r = ctx;

	if (r->next_flush == 0) {
		r->next_flush = sec + r->interval;
		if (r->rrd) /* a replay starts from zero at its first frame */
			rrd_store_begin(r->rrd, sec);
	}
	while (sec >= r->next_flush) {
		r->now = r->next_flush;
		flush(r, 0);
		r->next_flush += r->interval;
	}
	return stop_signal != 0;
}

/* Replay: as fast as the file reads, intervals by capture time. */
static int run_replay(struct run *r, const char *path)
{
	const struct src_hooks hooks = {NULL, replay_before, r};
	char err[512];

	if (src_file_read_ex(path, r->e, &hooks, err, sizeof(err)) < 0) {
		log_warnx("%s: %s", path, err);
		return -1;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"members", required_argument, NULL, 'm'},
		{"interface", required_argument, NULL, 'i'},
		{"read", required_argument, NULL, 'r'},
		{"sflow", required_argument, NULL, 'S'},
		{"syslog", required_argument, NULL, 'L'},
		{"syslog-map", required_argument, NULL, 'M'},
		{"state-dir", required_argument, NULL, 'd'},
		{"interval", required_argument, NULL, 'I'},
		{"filter", required_argument, NULL, 'B'},
		{"snaplen", required_argument, NULL, 'n'},
		{"buffer-mb", required_argument, NULL, 'b'},
		{"no-promisc", no_argument, NULL, 'P'},
		{"sample", required_argument, NULL, 's'},
		{"foreground", no_argument, NULL, 'F'},
		{"pidfile", required_argument, NULL, 'p'},
		{"user", required_argument, NULL, 'u'},
		{"rrdcached", required_argument, NULL, 'R'},
		{"no-graphs", no_argument, NULL, 'G'},
		{"no-rrd", no_argument, NULL, 'N'},
		{"http", required_argument, NULL, 'H'},
		{"token-file", required_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *replay = NULL, *sflow = NULL, *syslog_spec = NULL;
	const char *pidfile = NULL, *user = NULL, *syslog_map = NULL;
	const char *rrdcached = NULL, *http = NULL, *token_file = NULL;
	char token[WEB_TOKEN_MAX + 2], token_path[2 * CFG_PATH_LEN];
	struct web_server *web = NULL;
	int no_graphs = 0, no_rrd = 0;
	char ifnames[CFG_TARGET_LEN], map_path[2 * CFG_PATH_LEN];
	uint32_t sample = 0;
	int foreground = 0;
	struct ixm_config cfg;
	struct sigaction sa;
	struct run r;
	int ch, rc = 0;
	long v;
	char *end;

	memset(&r, 0, sizeof(r));
	r.sflow_fd = -1;
	r.syslog_fd = -1;
	r.live.promisc = -1; /* unset: the config's run.* fill what -x left */
	while ((ch = getopt_long(argc, argv, "c:m:i:r:d:s:fp:u:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			foreground = 1;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'R':
			rrdcached = optarg;
			break;
		case 'G':
			no_graphs = 1;
			break;
		case 'N':
			no_rrd = 1;
			break;
		case 'H':
			http = optarg;
			break;
		case 'T':
			token_file = optarg;
			break;
		case 's':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 1000000000) {
				log_warnx("--sample: '%s' is out of range", optarg);
				return EXIT_USAGE;
			}
			sample = (uint32_t)v;
			break;
		case 'c':
			r.config = optarg;
			break;
		case 'm':
			r.members = optarg;
			break;
		case 'L':
			syslog_spec = optarg;
			break;
		case 'M':
			syslog_map = optarg;
			break;
		case 'i':
			if (r.n_ifs == RUN_MAX_IFACES) {
				log_warnx("-i: at most %d interfaces", RUN_MAX_IFACES);
				return EXIT_USAGE;
			}
			r.ifs[r.n_ifs++].name = optarg;
			break;
		case 'r':
			replay = optarg;
			break;
		case 'S':
			sflow = optarg;
			break;
		case 'd':
			r.state_dir = optarg;
			break;
		case 'B':
			r.live.filter = optarg;
			break;
		case 'P':
			r.live.promisc = 0;
			break;
		case 'I':
		case 'n':
		case 'b':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > (ch == 'n' ? 262144 : 86400)) {
				log_warnx("--%s: '%s' is out of range",
				    ch == 'I' ? "interval" : ch == 'n' ? "snaplen" : "buffer-mb",
				    optarg);
				return EXIT_USAGE;
			}
			if (ch == 'I')
				r.interval = (uint32_t)v;
			else if (ch == 'n')
				r.live.snaplen = (int)v;
			else
				r.live.buffer_mb = (int)v;
			break;
		default: /* -h, --version, or not an option of ours */
			return cmd_std_option(ch, usage);
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cmd_load_env(r.config, r.members, &cfg, &r.reg) < 0)
		rc = EXIT_INPUT_ERROR; /* reported; runs with what was usable */
	/* The config's run.* for whatever the command line did not say. */
	if (r.state_dir == NULL)
		r.state_dir = cfg.run_state_dir[0] ? cfg.run_state_dir : ".";
	if (r.interval == 0)
		r.interval = cfg.run_interval;
	if (r.live.snaplen == 0)
		r.live.snaplen = (int)cfg.run_snaplen;
	if (r.live.buffer_mb == 0)
		r.live.buffer_mb = (int)cfg.run_buffer_mb;
	if (r.live.promisc < 0)
		r.live.promisc = cfg.run_promisc;
	if (r.live.filter == NULL && cfg.run_filter[0])
		r.live.filter = cfg.run_filter;
	if (sample == 0)
		sample = cfg.run_sample;
	no_rrd |= !cfg.run_rrd;
	no_graphs |= !cfg.run_graphs;
	if (rrdcached == NULL && cfg.run_rrdcached[0])
		rrdcached = cfg.run_rrdcached;
	if (http == NULL && cfg.run_http[0])
		http = cfg.run_http;
	if (token_file == NULL && cfg.run_http_token_file[0])
		token_file = cmd_config_path(r.config, cfg.run_http_token_file,
		    token_path, sizeof(token_path));
	if (http) {
		struct sockaddr_storage ss;
		socklen_t sslen;
		char err[256];

		/* Before anything starts: a typo must not cost a capture restart. */
		if (web_parse_listen(http, &ss, &sslen, err, sizeof(err)) < 0) {
			log_warnx("--http %s", err);
			return EXIT_USAGE;
		}
		if (token_file && cmd_read_token(token_file, token, sizeof(token)) < 0)
			return EXIT_USAGE;
	}
	if (replay == NULL) {
		if (sflow == NULL && cfg.run_sflow[0])
			sflow = cfg.run_sflow;
		if (syslog_spec == NULL && cfg.run_syslog[0])
			syslog_spec = cfg.run_syslog;
		if (syslog_map == NULL && cfg.run_syslog_map[0])
			syslog_map = cmd_config_path(r.config, cfg.run_syslog_map,
			    map_path, sizeof(map_path));
		if (r.n_ifs == 0)
			add_config_ifaces(&r, cfg.run_interfaces, ifnames, sizeof(ifnames));
	}
	if (r.n_ifs == 0 && replay == NULL && sflow == NULL && syslog_spec == NULL) {
		log_warnx("run: give -i IFACE, -r FILE, --sflow PORT and/or --syslog PORT");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (replay && (r.n_ifs || sflow || syslog_spec)) {
		log_warnx("run: -r replays a file on its own; not with -i, --sflow or --syslog");
		return EXIT_USAGE;
	}
	if (mkdir(r.state_dir, 0755) < 0 && errno != EEXIST)
		fatal("%s", r.state_dir);
	r.sample = sample;
	{
		char err[512];

		/* Before resume(): it marks what the sinks already sent. */
		r.sinks = sinks_new(&cfg, r.state_dir, err, sizeof(err));
		if (r.sinks == NULL)
			fatalx("alert sinks: %s", err);
	}
	r.e = engine_new_env(sample, &cfg, r.reg);
	if (replay == NULL) /* a replay is a fresh analysis of its file */
		resume(&r);
	setup_portsec(&r, &cfg);
	/* Live, the sFlow feed has its own socket: frames on port 6343 are LAN traffic. */
	if (!replay)
		engine_set_sflow_port(r.e, 0);
	the_run = &r;
	if (sflow) {
		char err[512];

		r.sflow_fd = udp_listen(sflow, err, sizeof(err));
		if (r.sflow_fd < 0)
			fatalx("--sflow: %s", err);
	}
	if (syslog_spec) {
		char err[512];

		r.syslog_fd = udp_listen(syslog_spec, err, sizeof(err));
		if (r.syslog_fd < 0)
			fatalx("--syslog: %s", err);
		if (syslog_map) {
			r.map = portsec_map_load(syslog_map, map_problem, NULL, err,
			    sizeof(err));
			if (r.map == NULL) {
				log_warnx("--syslog-map: %s; built-in patterns only", err);
				rc = EXIT_INPUT_ERROR;
			}
		}
		r.matcher = syslog_matcher_new(r.map ? r.map->specs : NULL,
		    r.map ? r.map->n_specs : 0, pattern_problem, NULL, NULL);
		if (r.matcher == NULL)
			fatalx("syslog patterns: out of memory");
		setup_portsec(&r, &cfg);
	}
	for (ch = 0; ch < r.n_ifs; ch++)
		open_iface(&r, &r.ifs[ch]);
	if (!foreground && !replay) {
		if (daemon(1, 0) < 0)
			fatal("daemon");
		log_to_syslog();
	}
	/*
	 * The dashboard after daemon() (its thread would not survive the fork)
	 * and before dropping privileges (a port below 1024).  It reads
	 * DIR/state.json like `ixmon serve`: nothing shared with this loop.
	 */
	if (http) {
		struct web_opts wo = {0};
		char err[512];

		wo.state_dir = r.state_dir;
		wo.listen = http;
		wo.token = token_file ? token : NULL;
		if ((web = web_start(&wo, err, sizeof(err))) == NULL)
			fatalx("--http: %s", err);
		log_info("dashboard on http://%s/", http);
	}
	if (pidfile && write_pidfile(pidfile) < 0)
		log_warn("%s", pidfile);
	/* Captures, sockets and pid file are open: no privilege needed now. */
	if (user && drop_privileges(user) < 0)
		fatalx("--user %s: cannot drop privileges", user);
	/* After dropping privileges: the user must own what it will write. */
	if (!no_rrd) {
		char err[512];

		r.rrd = rrd_store_open(r.state_dir, r.interval, rrdcached, err,
		    sizeof(err));
		if (r.rrd == NULL)
			log_warnx("graphs: %s; running without RRDs", err);
		r.gopts.state_dir = r.state_dir;
		r.gopts.daemon = rrdcached;
		r.gopts.formats = GRAPH_PNG | GRAPH_SVG;
		/* Member graphs may take a quarter of each interval. */
		r.gopts.budget_ms = (long)r.interval * 250;
		if (r.rrd && !replay && !r.resumed)
			rrd_store_begin(r.rrd, time(NULL));
		r.graphs = r.rrd && !no_graphs;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (replay) {
		r.replaying = 1;
		if (run_replay(&r, replay) < 0)
			rc = EXIT_INPUT_ERROR;
	} else {
		run_live(&r);
	}
	/* The end of a replay is its last interval boundary; live, the clock. */
	r.now = replay ? r.next_flush : time(NULL);
	flush(&r, 1);
	/*
	 * Live, the pass in progress finishes; a forced pass of every graph
	 * would hold a restart for minutes at a large exchange.  A replay
	 * renders only now, everything: every interval is in the RRDs.
	 */
	render_reap(&r, 1);
	if (r.graphs && replay) {
		struct graph_stats gst;

		r.gopts.budget_ms = 0;
		r.gopts.force = 1;
		r.gopts.end = r.now; /* flush(final) has FLUSHed the RRDs */
		if (graph_render_process(&r.gopts, r.last_state, &gst))
			log_warnx("graphs: %u of %u failed: %s", gst.failed,
			    gst.failed + gst.rendered, gst.last_error);
		else
			log_info("graphs: %u rendered in %.0f ms into %s/graphs",
			    gst.rendered, gst.ms, r.state_dir);
	}
	rrd_store_close(r.rrd);
	web_stop(web);
	if (stop_signal)
		log_info("signal %d: state flushed to %s/state.json", (int)stop_signal,
		    r.state_dir);
	for (ch = 0; ch < r.n_ifs; ch++)
		if (r.ifs[ch].p)
			pcap_close(r.ifs[ch].p);
	if (r.sflow_fd >= 0)
		close(r.sflow_fd);
	if (r.syslog_fd >= 0)
		close(r.syslog_fd);
	syslog_matcher_free(r.matcher);
	portsec_map_free(r.map);
	sinks_free(r.sinks);
	json_decref(r.last_state);
	engine_free(r.e);
	reg_free(r.reg);
	if (pidfile)
		unlink(pidfile);
	return rc;
}
