/*
 * graph_render.c - see graph_render.h.
 *
 * Graphs are data, not code: a table of RRD graph definitions whose lines
 * name their file as '@'.  Rates come out of the DERIVE data sources per
 * second; traffic is drawn in bits/s (bytes x 8) like every IXP traffic
 * graph, ND/MLD/ARP in messages/s and alerts in occurrences per minute.
 * Unknown points stay gaps (ADDNAN only where a sum of groups must not
 * vanish because one member of the group is unknown).
 *
 * Times are epoch seconds, never at-style strings: librrd's at-style
 * parser is not thread-safe (rrd_update(1) NOTES).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <rrd.h>
#include <rrd_client.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "graphs/graph_render.h"
#include "graphs/rrd_store.h"

struct graph_def {
	const char *name;  /* output NAME-PERIOD.EXT */
	const char *file;  /* RRD file (without .rrd) */
	const char *title;
	const char *vlabel;
	const char *const *lines;
};

static const char *const lan_lines[] = {
	"DEF:v4=@:ipv4_bytes:AVERAGE", "DEF:v6=@:ipv6_bytes:AVERAGE",
	"DEF:v4f=@:ipv4_frames:AVERAGE", "DEF:v6f=@:ipv6_frames:AVERAGE",
	"CDEF:v4b=v4,8,*", "CDEF:v6b=v6,8,*",
	"CDEF:share=v4,v6,+,0,GT,v6,v4,v6,+,/,100,*,UNKN,IF",
	"CDEF:fshare=v4f,v6f,+,0,GT,v6f,v4f,v6f,+,/,100,*,UNKN,IF",
	"VDEF:v4avg=v4b,AVERAGE", "VDEF:v4max=v4b,MAXIMUM", "VDEF:v4last=v4b,LAST",
	"VDEF:v6avg=v6b,AVERAGE", "VDEF:v6max=v6b,MAXIMUM", "VDEF:v6last=v6b,LAST",
	"VDEF:shavg=share,AVERAGE", "VDEF:shlast=share,LAST",
	"VDEF:fshavg=fshare,AVERAGE",
	"AREA:v4b#4a7db8:IPv4",
	"GPRINT:v4avg:avg %7.2lf %sbit/s", "GPRINT:v4max:max %7.2lf %sbit/s",
	"GPRINT:v4last:last %7.2lf %sbit/s\\n",
	"AREA:v6b#3da35d:IPv6:STACK",
	"GPRINT:v6avg:avg %7.2lf %sbit/s", "GPRINT:v6max:max %7.2lf %sbit/s",
	"GPRINT:v6last:last %7.2lf %sbit/s\\n",
	"GPRINT:shavg:IPv6 share of bytes\\: avg %5.1lf %%",
	"GPRINT:shlast:last %5.1lf %%",
	"GPRINT:fshavg:of frames\\: avg %5.1lf %%\\n",
	NULL};

static const char *const tunnel_lines[] = {
	"DEF:a=@:6in4_bytes:AVERAGE", "DEF:b=@:6to4_bytes:AVERAGE",
	"DEF:c=@:teredo_bytes:AVERAGE",
	"CDEF:ab=a,8,*", "CDEF:bb=b,8,*", "CDEF:cb=c,8,*",
	"VDEF:aavg=ab,AVERAGE", "VDEF:bavg=bb,AVERAGE", "VDEF:cavg=cb,AVERAGE",
	"LINE2:ab#d95f02:6in4 (proto 41)", "GPRINT:aavg:avg %7.2lf %sbit/s\\n",
	"LINE2:bb#7570b3:6to4 (2002\\:\\:/16)", "GPRINT:bavg:avg %7.2lf %sbit/s\\n",
	"LINE2:cb#e7298a:Teredo (UDP 3544)", "GPRINT:cavg:avg %7.2lf %sbit/s\\n",
	NULL};

static const char *const ndarp_lines[] = {
	"DEF:ns=@:ns:AVERAGE", "DEF:na=@:na:AVERAGE", "DEF:rs=@:rs:AVERAGE",
	"DEF:ra=@:ra:AVERAGE", "DEF:dad=@:ns_dad:AVERAGE",
	"DEF:mq=@:mld_query:AVERAGE", "DEF:mr=@:mld_report:AVERAGE",
	"DEF:md=@:mld_done:AVERAGE", "DEF:aq=@:arp_request:AVERAGE",
	"DEF:ar=@:arp_reply:AVERAGE",
	"CDEF:mld=mq,mr,ADDNAN,md,ADDNAN", "CDEF:rsra=rs,ra,ADDNAN",
	"VDEF:nsx=ns,MAXIMUM", "VDEF:nax=na,MAXIMUM", "VDEF:mldx=mld,MAXIMUM",
	"VDEF:rsrax=rsra,MAXIMUM", "VDEF:aqx=aq,MAXIMUM", "VDEF:arx=ar,MAXIMUM",
	"VDEF:dadx=dad,MAXIMUM",
	"LINE1.5:ns#1b9e77:NDP NS", "GPRINT:nsx:max %6.2lf/s",
	"LINE1.5:na#66a61e:NDP NA", "GPRINT:nax:max %6.2lf/s",
	"LINE1.5:dad#a6761d:DAD NS", "GPRINT:dadx:max %6.2lf/s\\n",
	"LINE1.5:rsra#e41a1c:RS+RA", "GPRINT:rsrax:max %6.2lf/s",
	"LINE1.5:mld#984ea3:MLD", "GPRINT:mldx:max %6.2lf/s\\n",
	"LINE1.5:aq#377eb8:ARP request", "GPRINT:aqx:max %6.2lf/s",
	"LINE1.5:ar#ff7f00:ARP reply", "GPRINT:arx:max %6.2lf/s\\n",
	NULL};

static const char *const alert_lines[] = {
	"DEF:a1=@:rogue_ra:AVERAGE", "DEF:a2=@:nd_spoof:AVERAGE",
	"DEF:a3=@:nd_flood:AVERAGE", "DEF:a4=@:mld_flood:AVERAGE",
	"DEF:a5=@:nd_foreign_source:AVERAGE", "DEF:b1=@:mac_unknown:AVERAGE",
	"DEF:b2=@:mac_mismatch:AVERAGE", "DEF:b3=@:mac_multiple:AVERAGE",
	"DEF:b4=@:mac_flood:AVERAGE", "DEF:b5=@:mac_invalid_source:AVERAGE",
	"DEF:b6=@:mac_misaligned:AVERAGE", "DEF:c1=@:arp_spoof:AVERAGE",
	"DEF:c2=@:arp_flood:AVERAGE", "DEF:d1=@:forbidden_ethertype:AVERAGE",
	"DEF:d2=@:forbidden_protocol:AVERAGE", "DEF:d3=@:ip_outside_lan:AVERAGE",
	"DEF:e1=@:v6_unregistered:AVERAGE", "DEF:e2=@:v6_silent:AVERAGE",
	"DEF:e3=@:v6_went_dark:AVERAGE", "DEF:f1=@:port_security:AVERAGE",
	"DEF:g1=@:capture_down:AVERAGE",
	/* per second (for TOTAL), then per minute (drawn) */
	"CDEF:nds=a1,a2,ADDNAN,a3,ADDNAN,a4,ADDNAN,a5,ADDNAN",
	"CDEF:macs=b1,b2,ADDNAN,b3,ADDNAN,b4,ADDNAN,b5,ADDNAN,b6,ADDNAN",
	"CDEF:arps=c1,c2,ADDNAN", "CDEF:pols=d1,d2,ADDNAN,d3,ADDNAN",
	"CDEF:mems=e1,e2,ADDNAN,e3,ADDNAN",
	"CDEF:nd=nds,60,*", "CDEF:mac=macs,60,*", "CDEF:arp=arps,60,*",
	"CDEF:pol=pols,60,*", "CDEF:mem=mems,60,*", "CDEF:sw=f1,60,*",
	"CDEF:cap=g1,60,*",
	"VDEF:ndt=nds,TOTAL", "VDEF:mact=macs,TOTAL", "VDEF:arpt=arps,TOTAL",
	"VDEF:polt=pols,TOTAL", "VDEF:memt=mems,TOTAL", "VDEF:swt=f1,TOTAL",
	"VDEF:capt=g1,TOTAL",
	"AREA:nd#e41a1c:rogue RA / ND / MLD", "GPRINT:ndt:%6.0lf in all\\n",
	"AREA:mac#377eb8:MAC port security:STACK", "GPRINT:mact:%6.0lf in all\\n",
	"AREA:arp#4daf4a:ARP spoof / flood:STACK", "GPRINT:arpt:%6.0lf in all\\n",
	"AREA:pol#984ea3:forbidden ethertype / protocol, off-LAN:STACK",
	"GPRINT:polt:%6.0lf in all\\n",
	"AREA:mem#ff7f00:member IPv6 status:STACK", "GPRINT:memt:%6.0lf in all\\n",
	"AREA:sw#a65628:switch port security:STACK", "GPRINT:swt:%6.0lf in all\\n",
	"AREA:cap#999999:capture down:STACK", "GPRINT:capt:%6.0lf in all\\n",
	NULL};

static const char *const health_lines[] = {
	"DEF:fr=@:frames:AVERAGE", "DEF:t=@:dec_truncated:AVERAGE",
	"DEF:i=@:dec_invalid:AVERAGE", "DEF:u=@:dec_unsupported:AVERAGE",
	"DEF:kd=@:kernel_dropped:AVERAGE", "DEF:id=@:if_dropped:AVERAGE",
	"DEF:sl=@:sflow_lost_samples:AVERAGE", "DEF:ad=@:alerts_dropped:AVERAGE",
	"CDEF:dec=t,i,ADDNAN,u,ADDNAN", "CDEF:drop=kd,id,ADDNAN",
	"VDEF:frx=fr,AVERAGE", "VDEF:decx=dec,MAXIMUM", "VDEF:dropx=drop,MAXIMUM",
	"VDEF:slx=sl,MAXIMUM", "VDEF:adx=ad,MAXIMUM",
	"COMMENT:frames analysed", "GPRINT:frx:avg %7.2lf %s/s\\n",
	"LINE2:dec#e41a1c:decode errors", "GPRINT:decx:max %7.2lf %s/s\\n",
	"LINE2:drop#377eb8:capture drops (kernel + interface)",
	"GPRINT:dropx:max %7.2lf %s/s\\n",
	"LINE2:sl#ff7f00:sFlow lost samples", "GPRINT:slx:max %7.2lf %s/s\\n",
	"LINE2:ad#984ea3:alerts dropped (table full)",
	"GPRINT:adx:max %7.2lf %s/s\\n",
	NULL};

static const struct graph_def lan_graphs[] = {
	{"lan", "lan", "LAN traffic: IPv4 and IPv6 (stacked)", "bits/s", lan_lines},
	{"tunnels", "tunnels", "IPv6 tunnelled in IPv4", "bits/s", tunnel_lines},
	{"ndarp", "ndarp", "ND, MLD and ARP messages", "messages/s", ndarp_lines},
	{"alerts", "alerts", "Alerts by group", "per minute", alert_lines},
	{"health", "health", "Capture health", "per second", health_lines},
};

#define N_LAN_GRAPHS (sizeof(lan_graphs) / sizeof(lan_graphs[0]))

static const char *const graph_periods[] = {"day", "week", "month", "year"};
#define N_PERIODS 4
static const long period_secs[] = {86400, 7 * 86400, 31 * 86400, 366 * 86400};

/* Where the member round-robin goes on next (one render thread). */
static int64_t member_cursor;

/* An RRD path inside a DEF: ':' must be escaped. */
static void escape_colons(char *out, size_t len, const char *in)
{
	size_t n = 0;

	for (; *in && n + 3 < len; in++) {
		if (*in == ':')
			out[n++] = '\\';
		out[n++] = *in;
	}
	out[n] = 0;
}

static int64_t last_update(const char *rrd)
{
	time_t t;

	rrd_clear_error();
	t = rrd_last_r(rrd);
	return t > 0 ? (int64_t)t : 0;
}

/* One graph of `g` (its file, its lines) as NAME-PERIOD.EXT. */
static int render(const struct graph_opts *o, const struct graph_def *g,
    const char *title, int pi, int format, char *err, size_t errlen)
{
	char rrd[1200], esc[2400], out[1200], tmp[1300], start[32], end[32];
	char titlebuf[300], when[64], comment[96];
	char *lines[64], *argv[96];
	const char *args[96];
	const char *period = graph_periods[pi];
	int argc = 0, n = 0, i, rc = 0;
	int64_t e = o->end;
	struct tm tm;
	time_t te;
	rrd_info_t *info;

	snprintf(rrd, sizeof(rrd), "%s/rrd/%s.rrd", o->state_dir, g->file);
	if (access(rrd, R_OK) != 0) {
		snprintf(err, errlen, "%.200s: %s", rrd, strerror(errno));
		return -1;
	}
	if (e == 0)
		e = last_update(rrd);
	if (e == 0)
		e = (int64_t)time(NULL);
	escape_colons(esc, sizeof(esc), rrd);
	snprintf(out, sizeof(out), "%s/graphs/%s-%s.%s", o->state_dir, g->name, period,
	    format == GRAPH_SVG ? "svg" : "png");
	/* Per process: `ixmon graph` from cron may run beside the appliance. */
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", out, (int)getpid());
	snprintf(start, sizeof(start), "%" PRId64, e - period_secs[pi]);
	snprintf(end, sizeof(end), "%" PRId64, e);
	snprintf(titlebuf, sizeof(titlebuf), "%s - last %s", title ? title : g->title,
	    period);
	te = (time_t)e;
	gmtime_r(&te, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H\\:%M UTC", &tm);
	snprintf(comment, sizeof(comment), "COMMENT:data until %s\\r", when);

	args[argc++] = "graph";
	args[argc++] = tmp;
	args[argc++] = "--imgformat";
	args[argc++] = format == GRAPH_SVG ? "SVG" : "PNG";
	args[argc++] = "--start";
	args[argc++] = start;
	args[argc++] = "--end";
	args[argc++] = end;
	args[argc++] = "--title";
	args[argc++] = titlebuf;
	args[argc++] = "--vertical-label";
	args[argc++] = g->vlabel;
	args[argc++] = "--width=720";
	args[argc++] = "--height=200";
	args[argc++] = "--lower-limit=0";
	args[argc++] = "--slope-mode";
	args[argc++] = "--watermark=ixmon";
	if (o->daemon) {
		args[argc++] = "--daemon";
		args[argc++] = o->daemon;
	}
	for (i = 0; g->lines[i] && n < 64; i++) {
		const char *l = g->lines[i], *at = strchr(l, '@');
		size_t len;

		if (at == NULL) {
			args[argc++] = l;
			continue;
		}
		len = strlen(l) + strlen(esc);
		lines[n] = xcalloc(1, len);
		snprintf(lines[n], len, "%.*s%s%s", (int)(at - l), l, esc, at + 1);
		args[argc++] = lines[n++];
	}
	args[argc++] = comment;

	/* rrd_graph_v wants writable strings (it is getopt underneath). */
	for (i = 0; i < argc; i++)
		if ((argv[i] = strdup(args[i])) == NULL)
			fatalx("graphs: out of memory");
	rrd_clear_error();
	info = rrd_graph_v(argc, argv);
	if (info == NULL || rrd_test_error()) {
		snprintf(err, errlen, "%.200s: %s", out,
		    rrd_get_error()[0] ? rrd_get_error() : "rrd_graph failed");
		unlink(tmp);
		rc = -1;
	} else if (rename(tmp, out) < 0) {
		snprintf(err, errlen, "%.200s: %s", out, strerror(errno));
		unlink(tmp);
		rc = -1;
	}
	rrd_info_free(info);
	for (i = 0; i < n; i++)
		free(lines[i]);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * A graph that changes less than a pixel since it was drawn is not drawn
 * again: 720 pixels of a week are 14 minutes each, of a month an hour.
 */
static const long period_refresh[] = {0, 600, 3600, 43200};

static int fresh(const struct graph_opts *o, const char *name, int p, int f)
{
	char out[1200];
	struct stat sb;

	if (o->force || period_refresh[p] == 0)
		return 0;
	snprintf(out, sizeof(out), "%s/graphs/%s-%s.%s", o->state_dir, name,
	    graph_periods[p], f == GRAPH_SVG ? "svg" : "png");
	return stat(out, &sb) == 0 && sb.st_mtime + period_refresh[p] > time(NULL);
}

static void render_set(const struct graph_opts *o, const struct graph_def *g,
    const char *title, struct graph_stats *st)
{
	int p, f;
	char err[256];

	for (p = 0; p < N_PERIODS; p++)
		for (f = GRAPH_PNG; f <= GRAPH_SVG; f <<= 1) {
			if (!(o->formats & f))
				continue;
			if (fresh(o, g->name, p, f)) {
				st->fresh++;
				continue;
			}
			if (render(o, g, title, p, f, err, sizeof(err)) == 0) {
				st->rendered++;
			} else {
				st->failed++;
				snprintf(st->last_error, sizeof(st->last_error), "%s", err);
			}
		}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* AS numbers of DIR/rrd/member-ASN.rrd, sorted; caller frees. */
static size_t member_asns(const char *dir, int64_t **out)
{
	char path[1100];
	DIR *d;
	struct dirent *de;
	size_t n = 0, cap = 64;
	int64_t *v = xcalloc(cap, sizeof(*v));

	snprintf(path, sizeof(path), "%s/rrd", dir);
	d = opendir(path);
	while (d && (de = readdir(d)) != NULL) {
		char *endp;
		long long asn;

		if (strncmp(de->d_name, "member-", 7))
			continue;
		asn = strtoll(de->d_name + 7, &endp, 10);
		if (asn <= 0 || strcmp(endp, ".rrd"))
			continue;
		if (n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			if (v == NULL)
				fatalx("graphs: out of memory");
		}
		v[n++] = asn;
	}
	if (d)
		closedir(d);
	qsort(v, n, sizeof(*v), cmp_i64);
	*out = v;
	return n;
}

static const char *member_name(const json_t *state, int64_t asn)
{
	const json_t *m;
	size_t i;

	json_array_foreach(json_object_get(state, "members"), i, m)
		if (json_integer_value(json_object_get(m, "asnum")) == asn)
			return json_string_value(json_object_get(m, "name"));
	return NULL;
}

/*
 * The LAN graphs, then the member graphs (every DIR/rrd/member-*.rrd;
 * `state` NULL or the state JSON, for member names in titles).  Members
 * beyond the time budget wait for the next pass, which starts with them.
 */
static int graph_render_all(const struct graph_opts *o, const json_t *state,
    struct graph_stats *st)
{
	struct graph_opts opts = *o;
	struct timespec t0;
	char dir[1100], name[40], title[200];
	int64_t *asns;
	size_t n, i, k, first, g;

	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(dir, sizeof(dir), "%s/graphs", o->state_dir);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		snprintf(st->last_error, sizeof(st->last_error), "%.200s: %s", dir,
		    strerror(errno));
		return -1;
	}
	/*
	 * rrdcached holds the newest points: FLUSH each file once here rather
	 * than let each of its eight graphs ask (graph --daemon).
	 */
	if (opts.daemon) {
		char rrd_dir[1100], failed[1300];

		/* a file not flushed is drawn as the file has it */
		snprintf(rrd_dir, sizeof(rrd_dir), "%s/rrd", o->state_dir);
		rrd_flush_dir(rrd_dir, opts.daemon, failed, sizeof(failed));
	}
	if (opts.end == 0) {
		char rrd[1200];

		snprintf(rrd, sizeof(rrd), "%s/rrd/lan.rrd", o->state_dir);
		opts.end = last_update(rrd);
	}
	opts.daemon = NULL;
	for (g = 0; g < N_LAN_GRAPHS; g++)
		render_set(&opts, &lan_graphs[g], NULL, st);

	/* Members round-robin from where the last budgeted pass stopped. */
	n = member_asns(o->state_dir, &asns);
	for (first = 0; first < n && asns[first] < member_cursor; first++)
		;
	for (k = 0; k < n; k++) {
		/* a member's graph: the LAN's lines over its own file */
		struct graph_def m = {name, name, NULL, "bits/s", lan_lines};
		const char *mn;

		i = (first + k) % n;
		if (o->budget_ms && ms_since(&t0) > (double)o->budget_ms) {
			st->members_left = (unsigned)(n - k);
			member_cursor = asns[i];
			break;
		}
		mn = member_name(state, asns[i]);
		snprintf(name, sizeof(name), "member-%" PRId64, asns[i]);
		snprintf(title, sizeof(title), "AS%" PRId64 "%s%s: IPv4 and IPv6",
		    asns[i], mn ? " " : "", mn ? mn : "");
		render_set(&opts, &m, title, st);
	}
	if (k == n)
		member_cursor = 0;
	free(asns);
	st->ms = ms_since(&t0);
	return (int)st->failed;
}

/* ---- render passes in a child process ---- */

int graph_job_start(struct graph_job *j, const struct graph_opts *o,
    const json_t *state)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	fflush(NULL); /* the child must not write the parent's buffers twice */
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		struct graph_stats st;
		char msg[400];
		int n;

		close(fds[0]);
		/*
		 * librrd's one rrdcached connection came with the fork: the
		 * parent's socket.  Drop the child's copy (a close, nothing sent)
		 * so FLUSH replies never cross the parent's update replies.
		 */
		if (o->daemon)
			rrdc_disconnect();
		graph_render_all(o, state, &st);
		n = snprintf(msg, sizeof(msg), "%u %u %u %u %.3f %" PRId64 " %s",
		    st.rendered, st.failed, st.members_left, st.fresh, st.ms,
		    member_cursor,
		    st.last_error);
		if (n > 0 && write(fds[1], msg, (size_t)n) < 0)
			_exit(2);
		/* _exit: no atexit handlers, no stdio flush of the parent's data */
		_exit(st.failed ? 1 : 0);
	}
	close(fds[1]);
	j->pid = pid;
	j->fd = fds[0];
	return 0;
}

int graph_job_poll(struct graph_job *j, int wait, struct graph_stats *st)
{
	char msg[400];
	ssize_t n;
	int status, consumed = 0;
	long long cursor = 0;
	pid_t r;

	if (j->pid <= 0)
		return -1;
	/* A signal (a second Ctrl-C) must not leave a child unreaped. */
	do
		r = waitpid(j->pid, &status, wait ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return 0;
	memset(st, 0, sizeof(*st));
	n = r == j->pid ? read(j->fd, msg, sizeof(msg) - 1) : -1;
	close(j->fd);
	r = r == j->pid; /* 1: reaped here, status is valid */
	j->pid = 0;
	if (n <= 0 || (msg[n] = 0, sscanf(msg, "%u %u %u %u %lf %lld %n",
	    &st->rendered, &st->failed, &st->members_left, &st->fresh, &st->ms,
	    &cursor, &consumed) < 6)) {
		st->failed = 1;
		snprintf(st->last_error, sizeof(st->last_error),
		    "render process %s", r == 1 && WIFSIGNALED(status) ?
		    strsignal(WTERMSIG(status)) : "gave no result");
		return 1;
	}
	snprintf(st->last_error, sizeof(st->last_error), "%s", msg + consumed);
	member_cursor = cursor; /* the next pass goes on where this one stopped */
	return 1;
}

int graph_render_process(const struct graph_opts *o, const json_t *state,
    struct graph_stats *st)
{
	struct graph_job j;

	if (graph_job_start(&j, o, state) < 0) {
		memset(st, 0, sizeof(*st));
		st->failed = 1;
		snprintf(st->last_error, sizeof(st->last_error), "fork: %s",
		    strerror(errno));
		return -1;
	}
	graph_job_poll(&j, 1, st);
	return (int)st->failed;
}
