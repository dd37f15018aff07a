/*
 * daemon.c - the appliance loop; see daemon.h.
 *
 * One engine sees every input (inputs.c).  Every interval (capture time
 * in a replay, the clock live) the state is built and handed to a writer
 * thread that rewrites state.json whole (state_writer.c, state.c), and
 * the alert sinks get what is new, repeated or cleared.  SIGTERM and
 * SIGINT flush once more and end the run; SIGHUP reloads.  The loop is
 * poll(2) over the inputs with a one-second timeout, so an idle LAN still
 * gets its intervals written.
 *
 * Restart: state.json is taken back (engine_restore), so a restart, even
 * after kill -9, loses at most the interval in progress; a state that
 * cannot be taken back whole is set aside, never overwritten unread.
 *
 * Reload (SIGHUP) is all or nothing: the configuration and the member
 * list are read again and, only if both are whole and the alert sinks of
 * the new configuration open, the counters move over to a new engine
 * through the report; else the running ones stay and the failure is
 * logged and counted (run.reload_failures).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alerts/sink.h"
#include "analyze/engine.h"
#include "analyze/portsec.h"
#include "capture/syslog.h"
#include "common/config.h"
#include "common/jget.h"
#include "common/log.h"
#include "common/version.h"
#include "daemon/daemon.h"
#include "daemon/inputs.h"
#include "daemon/notify.h"
#include "daemon/privs.h"
#include "daemon/state.h"
#include "daemon/state_writer.h"
#include "graphs/graph_render.h"
#include "graphs/rrd_store.h"
#include "web/web.h"

#define RUN_MAX_INPUTS (DAEMON_MAX_IFACES + 3)

struct run {
	const struct daemon_opts *o;
	struct ixm_config cfg;
	struct registry *reg;
	struct engine *e;
	struct input in[RUN_MAX_INPUTS];
	int n_in;
	struct syslog_matcher *matcher;
	struct portsec_map *map;  /* --syslog-map: switch ports, custom patterns */
	struct sinks *sinks;      /* alerts.jsonl, syslog, remote syslog, exec hook */
	int64_t now;              /* the sinks' clock: capture time in replay, else wall */
	int64_t next_flush;
	uint64_t flushes;
	json_t *last_state;       /* the previous state.json, for the window */
	int64_t window_start;
	int replaying;
	int resumed;              /* counters continue from state.json */
	char set_aside[64];       /* state.json.bad-...: a state not taken back */
	uint64_t reloads, reload_failures;
	char reload_error[512];
	struct state_writer *sw;  /* writes state.json off this thread */
	struct rrd_store *rrd;    /* DIR/rrd, NULL without RRDs */
	int graphs;               /* render graphs (live: every interval) */
	struct graph_opts gopts;
	struct graph_job gjob;    /* the render pass running, if any */
	struct graph_stats glast; /* the last finished pass */
	uint64_t gpasses, gbusy;
	int64_t render_end;       /* a pass is due for data up to here */
};

static volatile sig_atomic_t stop_signal, reload_signal;

static void on_stop(int sig) { stop_signal = sig; }
static void on_hup(int sig) { reload_signal = sig; }

/* ---- graphs ---------------------------------------------------------------- */

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
 * that interval and no pass is running (the loop calls this at least once
 * a second); a pass still due when the next interval comes counts as
 * skipped.
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

/* ---- intervals ------------------------------------------------------------- */

static json_t *inputs_stats(const struct run *r)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < r->n_in; i++)
		json_array_append_new(arr, r->in[i].ops->stats(&r->in[i]));
	return arr;
}

/* The interfaces as run.capture has always shown them. */
static json_t *capture_stats(const struct run *r)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < r->n_in; i++) {
		json_t *o;

		if (r->in[i].ops != &input_interface_ops)
			continue;
		o = r->in[i].ops->stats(&r->in[i]);
		json_object_del(o, "kind");
		json_object_set_new(o, "interface", json_string(r->in[i].name));
		json_object_del(o, "name");
		json_array_append_new(arr, o);
	}
	return arr;
}

static uint64_t sflow_errors(const struct run *r)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < r->n_in; i++)
		if (r->in[i].ops == &input_sflow_ops)
			n += r->in[i].errors;
	return n;
}

/*
 * Hand the state to the writer and tell the sinks.  The final flush waits
 * for the write: -1 when that state.json was not written.
 */
static int flush(struct run *r, int final)
{
	/*
	 * Only a replayed file ends its input; a live run stopped by SIGTERM
	 * has not seen "the whole run" (a member silent so far is not silent).
	 */
	json_t *state = engine_report_ex(r->e, final && r->replaying);
	int rc = 0;

	r->flushes++;
	json_object_set_new(state, "run",
	    json_pack("{s:I,s:I,s:o,s:o,s:I,s:b,s:I,s:I,s:s?,s:s?}", "interval",
		(json_int_t)r->o->interval, "flushes", (json_int_t)r->flushes,
		"capture", capture_stats(r), "inputs", inputs_stats(r),
		"sflow_receive_errors", (json_int_t)sflow_errors(r), "final", final,
		"reloads", (json_int_t)r->reloads, "reload_failures",
		(json_int_t)r->reload_failures, "last_reload_error",
		r->reload_error[0] ? r->reload_error : NULL, "state_set_aside",
		r->set_aside[0] ? r->set_aside : NULL));
	json_object_set_new(json_object_get(state, "run"), "state_writer",
	    state_writer_stats(r->sw));
	json_object_set_new(state, "alert_sinks", sinks_stats(r->sinks));
	json_object_set_new(state, "window", state_window(state, r->last_state,
	    r->window_start, r->now));
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
	/* From here on the state is only read: the writer shares it. */
	state_writer_submit(r->sw, state);
	if (final && state_writer_wait(r->sw) < 0) {
		log_warnx("%s/state.json: the final state was not written", r->o->state_dir);
		rc = -1;
	}
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
	if (final)
		sinks_flush_final(r->sinks, engine_alerts(r->e), r->reg, r->now);
	else
		sinks_flush(r->sinks, engine_alerts(r->e), r->reg, r->now);
	return rc;
}

/*
 * Acknowledgements from the dashboard (alerts/ack_spool.h), once a loop
 * turn: applied, sent, and shown at once: the last state again with the
 * alerts as they are now, not at the next interval.
 */
static void take_acks(struct run *r)
{
	json_t *st;

	if (sinks_take_acks(r->sinks, engine_alerts(r->e), r->reg,
	    time(NULL)) == 0 || r->last_state == NULL)
		return;
	st = json_copy(r->last_state);
	json_object_set_new(st, "alerts", alert_table_json(engine_alerts(r->e)));
	state_writer_submit(r->sw, st);
	json_decref(st);
}

/* ---- start, reload --------------------------------------------------------- */

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

/* A new engine on cfg/reg, with the syslog explainer and the sFlow port. */
static struct engine *new_engine(struct run *r, const struct ixm_config *cfg,
    const struct registry *reg)
{
	struct engine *e = engine_new_env(r->o->sample, cfg, reg);

	engine_set_sample_seed(e, r->o->seed);
	/* Live, sFlow has its own socket: frames to 6343 are LAN traffic. */
	if (!r->replaying)
		engine_set_sflow_port(e, 0);
	engine_set_syslog(e, r->matcher, r->map ? r->map->ports : NULL,
	    r->map ? r->map->n_ports : 0);
	return e;
}

/* Is o.key the string `want`? */
static int str_is(const json_t *o, const char *key, const char *want)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v && !strcmp(v, want);
}

/*
 * Continue from DIR/state.json (live; a replay starts afresh), or say why
 * not; a damaged one is set aside either way; -1 when it could not even
 * be set aside (it must not be overwritten).
 */
static int resume(struct run *r)
{
	char why[512];
	json_t *state, *ins;
	int i;

	state = state_load(r->o->state_dir, time(NULL), r->set_aside,
	    sizeof(r->set_aside), why, sizeof(why));
	if (state != NULL && r->replaying) {
		/* A replay is a fresh analysis of its file: it replaces a good state. */
		json_decref(state);
		return 0;
	}
	if (state == NULL) {
		if (why[0] && r->set_aside[0]) {
			log_warnx("%s/state.json: %s; set aside as %s, starting from zero",
			    r->o->state_dir, why, r->set_aside);
		} else if (why[0]) {
			log_warnx("%s/state.json: %s", r->o->state_dir, why);
			return -1;
		}
		return 0;
	}
	if (engine_restore(r->e, state) < 0) { /* state_check() let it through */
		log_warnx("%s/state.json: not an ixmon state", r->o->state_dir);
		json_decref(state);
		return -1;
	}
	/* The inputs' own counters, matched by kind and name. */
	ins = json_object_get(json_object_get(state, "run"), "inputs");
	for (i = 0; i < r->n_in; i++) {
		const json_t *x;
		size_t j;

		json_array_foreach(ins, j, x)
			if (str_is(x, "name", r->in[i].name) &&
			    str_is(x, "kind", r->in[i].ops->kind))
				r->in[i].ops->restore(&r->in[i], x);
	}
	r->reloads = jget_u64(state, "run.reloads");
	r->reload_failures = jget_u64(state, "run.reload_failures");
	log_info("%s/state.json: resumed, %lld frames so far", r->o->state_dir,
	    (long long)json_integer_value(json_object_get(
		json_object_get(state, "input"), "frames")));
	sinks_mark_sent(r->sinks, engine_alerts(r->e), time(NULL));
	r->last_state = state; /* the first window starts here */
	r->resumed = 1;
	return 0;
}

static void reload_failed(struct run *r, const char *why)
{
	r->reload_failures++;
	snprintf(r->reload_error, sizeof(r->reload_error), "%.500s", why);
	log_warnx("reload failed: %s; keeping the running configuration", why);
}

/*
 * SIGHUP: the config and the member list again, counters moved over
 * through the report, so nothing is lost; on any problem the old ones stay.
 */
static void reload(struct run *r)
{
	struct daemon_load ld;
	struct ixm_config cfg;
	struct registry *reg = NULL;
	struct sinks *sinks;
	struct engine *e;
	char err[512];
	json_t *state;

	memset(&ld, 0, sizeof(ld));
	r->o->load(r->o->load_ctx, &cfg, &reg, &ld);
	if (!ld.usable) {
		reg_free(reg);
		reload_failed(r, ld.why);
		return;
	}
	sinks = sinks_new(&cfg, r->o->state_dir, err, sizeof(err));
	if (sinks == NULL) {
		char why[600];

		reg_free(reg);
		snprintf(why, sizeof(why), "alert sinks: %s", err);
		reload_failed(r, why);
		return;
	}
	state = engine_report_ex(r->e, 0);
	e = new_engine(r, &cfg, reg);
	engine_restore(e, state);
	json_decref(state);
	engine_free(r->e);
	reg_free(r->reg);
	r->e = e;
	r->reg = reg;
	r->cfg = cfg;
	/* The alert table was rebuilt in report order: resend nothing. */
	sinks_free(r->sinks);
	r->sinks = sinks;
	sinks_mark_sent(r->sinks, engine_alerts(r->e), time(NULL));
	r->reloads++;
	r->reload_error[0] = '\0';
	log_info("SIGHUP: configuration and member list reloaded (%zu members)",
	    reg ? reg_count(reg) : (size_t)0);
}

/* ---- the loops ------------------------------------------------------------- */

static void run_live(struct run *r)
{
	struct pollfd pfd[RUN_MAX_INPUTS];
	int map[RUN_MAX_INPUTS];
	int i, n;

	r->next_flush = time(NULL) + r->o->interval;
	while (!stop_signal) {
		n = 0;
		for (i = 0; i < r->n_in; i++) {
			int fd = r->in[i].ops->fd(&r->in[i]);

			if (fd < 0) {
				/* closed: read() retries it when due */
				r->in[i].ops->read(&r->in[i], r->e);
				continue;
			}
			pfd[n].fd = fd;
			pfd[n].events = POLLIN;
			map[n++] = i;
		}
		if (poll(pfd, (nfds_t)n, 1000) < 0 && errno != EINTR)
			fatal("poll");
		for (i = 0; i < n; i++)
			if (pfd[i].revents & (POLLIN | POLLERR | POLLHUP))
				r->in[map[i]].ops->read(&r->in[map[i]], r->e);
		if (reload_signal) {
			reload_signal = 0;
			svc_notify("RELOADING=1");
			reload(r);
			svc_notify("READY=1");
		}
		take_acks(r);
		/*
		 * The pass the last interval asked for starts before the next
		 * flush queues more RRD updates: right after a flush the store is
		 * never idle, and at --interval 1 every turn is right after one.
		 */
		if (r->graphs)
			render_due(r);
		if (time(NULL) >= r->next_flush) {
			r->now = time(NULL);
			flush(r, 0);
			r->next_flush = time(NULL) + r->o->interval;
		}
	}
}

/* Replay: flush at every interval boundary the capture's time crosses. */
static int replay_before(void *ctx, int64_t sec)
{
	struct run *r = ctx;

	if (r->next_flush == 0) {
		r->next_flush = sec + r->o->interval;
		if (r->rrd) /* a replay starts from zero at its first frame */
			rrd_store_begin(r->rrd, sec);
	}
	while (sec >= r->next_flush) {
		r->now = r->next_flush;
		flush(r, 0);
		r->next_flush += r->o->interval;
	}
	return stop_signal != 0;
}

/* ---- start and end --------------------------------------------------------- */

static void add_input(struct run *r, const struct input_ops *ops, const char *name)
{
	input_init(&r->in[r->n_in], ops, name);
	r->in[r->n_in].live = &r->o->live;
	r->n_in++;
}

/* Open the inputs; -1 when one cannot be opened (logged). */
static int open_inputs(struct run *r)
{
	char err[512];
	int i;

	for (i = 0; i < r->n_in; i++) {
		struct input *in = &r->in[i];

		if (in->ops->open(in, err, sizeof(err)) == 0)
			continue;
		if (in->ops == &input_interface_ops && r->o->wait_interface) {
			log_warnx("%s: %s; waiting for it (retrying every %d s)",
			    in->name, err, INPUT_RETRY_SECS);
			continue;
		}
		log_warnx("%s%s: %s", in->ops == &input_interface_ops ? "" :
		    in->ops == &input_sflow_ops ? "--sflow " : "--syslog ", in->name, err);
		return -1;
	}
	return 0;
}

static void log_start(const struct run *r)
{
	char inputs[512] = "";
	size_t off = 0;
	json_t *vlan;
	int i;

	for (i = 0; i < r->n_in && off < sizeof(inputs); i++)
		off += (size_t)snprintf(inputs + off, sizeof(inputs) - off, "%s%s %s",
		    i ? ", " : "", r->in[i].ops->kind, r->in[i].name);
	log_info("ixmon %s starting: inputs %s; state in %s, every %u s",
	    IXMON_VERSION, inputs, r->o->state_dir, r->o->interval);
	if (r->reg) {
		json_t *d = reg_describe(r->reg);

		vlan = json_object_get(d, "vlan");
		log_info("%zu members from %s, VLAN %lld (%s)%s", reg_count(r->reg),
		    r->o->members_file ? r->o->members_file : "the configuration",
		    (long long)json_integer_value(json_object_get(vlan, "id")),
		    json_string_value(json_object_get(vlan, "name")) ?
		    json_string_value(json_object_get(vlan, "name")) : "unnamed",
		    reg_without_macs(r->reg) ? "; MACs learned from addresses" : "");
		json_decref(d);
	} else {
		log_info("no member list: the member detectors are off");
	}
}

static void log_sinks(const struct run *r)
{
	json_t *st = sinks_stats(r->sinks);
	char names[256] = "";
	size_t off = 0;
	const char *k;
	json_t *v;

	json_object_foreach(st, k, v)
		if (json_is_object(v) && strcmp(k, "events") && off < sizeof(names))
			off += (size_t)snprintf(names + off, sizeof(names) - off,
			    "%s%s", off ? ", " : "", k);
	log_info("alert sinks: %s", names[0] ? names : "none");
	json_decref(st);
}

/* Graphs after a replay: everything, every interval is in the RRDs. */
static void render_replay(struct run *r)
{
	struct graph_stats gst;

	r->gopts.budget_ms = 0;
	r->gopts.force = 1;
	r->gopts.end = r->now; /* flush(final) has FLUSHed the RRDs */
	if (graph_render_process(&r->gopts, r->last_state, &gst))
		log_warnx("graphs: %u of %u failed: %s", gst.failed,
		    gst.failed + gst.rendered, gst.last_error);
	else
		log_info("graphs: %u rendered in %.0f ms into %s/graphs",
		    gst.rendered, gst.ms, r->o->state_dir);
}

static void open_rrd(struct run *r)
{
	const struct daemon_opts *o = r->o;
	char err[512];

	if (o->no_rrd)
		return;
	r->rrd = rrd_store_open(o->state_dir, o->interval, o->rrdcached, err,
	    sizeof(err));
	if (r->rrd == NULL)
		log_warnx("graphs: %s; running without RRDs", err);
	r->gopts.state_dir = o->state_dir;
	r->gopts.daemon = o->rrdcached;
	r->gopts.formats = GRAPH_PNG | GRAPH_SVG;
	/* Member graphs may take a quarter of each interval. */
	r->gopts.budget_ms = (long)o->interval * 250;
	if (r->rrd && !r->replaying && !r->resumed)
		rrd_store_begin(r->rrd, time(NULL));
	r->graphs = r->rrd && !o->no_graphs;
}

/* Files the user must own to write them after the drop. */
static void hand_over(const struct run *r, uid_t uid, gid_t gid)
{
	static const char *const files[] = {"", "state.json", "alerts.jsonl",
	    "rrd", "graphs", "acks", NULL};
	char path[4096];
	int i;

	for (i = 0; files[i]; i++) {
		snprintf(path, sizeof(path), "%s%s%s", r->o->state_dir,
		    files[i][0] ? "/" : "", files[i]);
		privs_give(path, uid, gid);
	}
}

int daemon_main(const struct daemon_opts *o, const struct ixm_config *cfg,
    struct registry *reg)
{
	struct web_server *web = NULL;
	struct src_hooks hooks = {NULL, replay_before, NULL};
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	struct sigaction sa;
	struct run r;
	char err[512];
	int i, rc = 0;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.cfg = *cfg;
	r.reg = reg;
	r.replaying = o->replay != NULL;
	/* State files 0640, directories 0750: the NOC's group may read them. */
	umask(027);
	if (o->user && privs_lookup(o->user, &uid, &gid) < 0)
		return 2;
	if (mkdir(o->state_dir, 0750) < 0 && errno != EEXIST) {
		log_warn("%s", o->state_dir);
		return 2;
	}
	if (o->replay) {
		hooks.ctx = &r;
		add_input(&r, &input_replay_ops, o->replay);
		r.in[0].hooks = &hooks;
	}
	for (i = 0; i < o->n_ifaces; i++)
		add_input(&r, &input_interface_ops, o->ifaces[i]);
	if (o->sflow)
		add_input(&r, &input_sflow_ops, o->sflow);
	if (o->syslog) {
		add_input(&r, &input_syslog_ops, o->syslog);
		if (o->syslog_map) {
			r.map = portsec_map_load(o->syslog_map, map_problem, NULL, err,
			    sizeof(err));
			if (r.map == NULL) {
				log_warnx("--syslog-map: %s; built-in patterns only", err);
				rc = 1;
			}
		}
		r.matcher = syslog_matcher_new(r.map ? r.map->specs : NULL,
		    r.map ? r.map->n_specs : 0, pattern_problem, NULL, NULL);
		if (r.matcher == NULL)
			fatalx("syslog patterns: out of memory");
	}
	log_start(&r);
	if (open_inputs(&r) < 0) {
		rc = 2;
		goto out;
	}
	/* Before resume(): it marks what the sinks already sent. */
	r.sinks = sinks_new(&r.cfg, o->state_dir, err, sizeof(err));
	if (r.sinks == NULL) {
		log_warnx("alert sinks: %s", err);
		rc = 2;
		goto out;
	}
	log_sinks(&r);
	r.e = new_engine(&r, &r.cfg, r.reg);
	if (resume(&r) < 0) {
		rc = 2;
		goto out;
	}
	if (!o->foreground && !r.replaying) {
		if (daemon(1, 0) < 0)
			fatal("daemon");
		log_to_syslog();
	}
	/*
	 * The dashboard after daemon() (its thread would not survive the fork)
	 * and before dropping privileges (a port below 1024).  It reads
	 * DIR/state.json like `ixmon serve`: nothing shared with this loop.
	 */
	if (o->http) {
		struct web_opts wo = {0};

		wo.state_dir = o->state_dir;
		wo.listen = o->http;
		wo.token = o->token;
		/* read at start: a reload does not change who /ipv6 names */
		wo.ipv6_ranking = cfg->web_ipv6_ranking;
		if ((web = web_start(&wo, err, sizeof(err))) == NULL)
			fatalx("--http: %s", err);
		log_info("dashboard on http://%s/", o->http);
	}
	if (o->pidfile && privs_pidfile(o->pidfile, uid, gid) < 0)
		log_warn("%s", o->pidfile);
	/* Captures, sockets and pid file are open: no privilege needed now. */
	if (o->user) {
		hand_over(&r, uid, gid);
		if (privs_drop(o->user, uid, gid) < 0)
			fatalx("--user %s: cannot drop privileges", o->user);
	}
	/* After dropping privileges: the user owns what it writes. */
	open_rrd(&r);
	if ((r.sw = state_writer_start(o->state_dir)) == NULL)
		fatalx("cannot start the state.json writer thread");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* inputs open, privileges dropped, the writer runs: ready (Type=notify) */
	svc_notify("READY=1");

	if (r.replaying) {
		if (r.in[0].ops->read(&r.in[0], r.e) < 0) {
			log_warnx("%s: %s", o->replay, r.in[0].error);
			rc = 1;
		}
	} else {
		run_live(&r);
		for (i = 0; i < r.n_in; i++)
			if (r.in[i].ops->drain)
				r.in[i].ops->drain(&r.in[i], r.e);
	}
	svc_notify("STOPPING=1");
	/* The end of a replay is its last interval boundary; live, the clock. */
	r.now = r.replaying ? r.next_flush : time(NULL);
	if (flush(&r, 1) < 0)
		rc = 1; /* the final state is lost: the exit status says so */
	/*
	 * Live, the pass in progress finishes; a forced pass of every graph
	 * would hold a restart for minutes at a large exchange.  A replay
	 * renders only now.
	 */
	render_reap(&r, 1);
	if (r.graphs && r.replaying)
		render_replay(&r);
	rrd_store_close(r.rrd);
	state_writer_stop(r.sw);
	web_stop(web);
	log_info("ixmon %s stopping%s: %llu frames, state in %s/state.json%s",
	    IXMON_VERSION, stop_signal ? " on a signal" : "",
	    (unsigned long long)engine_frames_seen(r.e), o->state_dir,
	    rc ? " (with errors)" : "");
out:
	for (i = 0; i < r.n_in; i++)
		r.in[i].ops->close(&r.in[i]);
	syslog_matcher_free(r.matcher);
	portsec_map_free(r.map);
	sinks_free(r.sinks);
	json_decref(r.last_state);
	engine_free(r.e);
	reg_free(r.reg);
	if (o->pidfile && unlink(o->pidfile) < 0 && errno != ENOENT)
		log_warn("%s", o->pidfile);
	return rc;
}
