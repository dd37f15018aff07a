/*
 * graph_render.c - see graph_render.h.
 *
 * Graphs are data, not code: a table of RRD graph definitions (below,
 * with the units, the one definition of the IPv6 share and how legends
 * are written without rrdtool's milli prefix).
 *
 * Times are epoch seconds, never at-style strings: librrd's at-style
 * parser is not thread-safe (rrd_update(1) NOTES).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
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
#include "graphs/graph_format.h"
#include "graphs/graph_render.h"
#include "graphs/rrd_store.h"

struct graph_def {
	const char *name;  /* output NAME-PERIOD.EXT */
	const char *file;  /* RRD file (without .rrd) */
	const char *title;
	const char *vlabel;
	const char *axis;  /* VDEF: the largest value drawn, for the axis scale */
	const char *const *lines;
	int mirrored; /* received drawn below the axis: no lower limit 0 */
};

/*
 * Lines are rrdtool graph arguments, '@' standing for the RRD file's path
 * without ".rrd" ("@.rrd", a member's "@-in.rrd"), plus
 * one of ixmon's own:
 *
 *   FIG:VDEF:KIND:LABEL       LABEL and the VDEF's value, formatted here
 *   FIG:NUM/DEN:share:LABEL   LABEL and NUM / DEN in percent
 *
 * KIND is bits (bits/s), min (per minute), count (a total) or pct (a
 * percentage).  rrdtool's own GPRINT would write "m" (milli) and "nan";
 * instead each graph is computed twice: the first call only PRINTs the
 * figures (rrdtool stops before drawing when nothing is drawn), the
 * second draws with the figures as COMMENTs (graph_format.h).
 *
 * Rates: the DERIVE sources are per second; traffic is drawn in bits/s
 * (bytes x 8) like every IXP traffic graph, messages and alerts per
 * minute (x 60).  Unknown points stay gaps (ADDNAN only where a sum must
 * not vanish because one of its parts is unknown).
 *
 * The IPv6 share has one definition everywhere, the report's ipv6_share:
 * IPv6 bytes / bytes of every ethertype (IPv4 + IPv6 + ARP + other) on
 * the LAN; a member's traffic is counted for IPv4 and IPv6 only, so there
 * it is IPv6 / (IPv4 + IPv6).  The figure for a period is the ratio of
 * the period's totals (VDEF TOTAL), never an average of per-step ratios,
 * which would weigh a quiet night like a busy evening.
 */
/*
 * The look matches the dashboard (web/static.c's page colours): the panel
 * behind the graph, the page background as canvas, its muted text for
 * axes, its line colour for the grid; IPv6 in the page's teal.  No vendor
 * watermark.
 */
static const char *const theme_args[] = {
	"--color=BACK#17212c", "--color=CANVAS#0f1720", "--color=SHADEA#17212c",
	"--color=SHADEB#17212c", "--color=GRID#26344380", "--color=MGRID#3a4a5a",
	"--color=FONT#e6edf3", "--color=AXIS#93a4b5", "--color=ARROW#93a4b5",
	"--color=FRAME#263443", "--border=0", "--disable-rrdtool-tag",
	"--font=DEFAULT:9:DejaVu Sans Mono", "--font=TITLE:11:DejaVu Sans",
	"--font=AXIS:8:DejaVu Sans Mono", "--font=UNIT:9:DejaVu Sans",
	"--width=500", "--height=160", "--slope-mode",
	NULL};

#define FIG_EOL "COMMENT:\\n"

static const char *const lan_lines[] = {
	"DEF:v4=@.rrd:ipv4_bytes:AVERAGE", "DEF:v6=@.rrd:ipv6_bytes:AVERAGE",
	"DEF:ar=@.rrd:arp_bytes:AVERAGE", "DEF:ot=@.rrd:other_bytes:AVERAGE",
	"CDEF:rest=ar,ot,ADDNAN", "CDEF:all=v4,v6,ADDNAN,rest,ADDNAN",
	"CDEF:v4b=v4,8,*", "CDEF:v6b=v6,8,*", "CDEF:restb=rest,8,*",
	"CDEF:allb=all,8,*",
	"VDEF:v4avg=v4b,AVERAGE", "VDEF:v4max=v4b,MAXIMUM", "VDEF:v4last=v4b,LAST",
	"VDEF:v6avg=v6b,AVERAGE", "VDEF:v6max=v6b,MAXIMUM", "VDEF:v6last=v6b,LAST",
	"VDEF:ravg=restb,AVERAGE", "VDEF:rmax=restb,MAXIMUM",
	"VDEF:rlast=restb,LAST", "VDEF:top=allb,MAXIMUM",
	"VDEF:v6t=v6,TOTAL", "VDEF:allt=all,TOTAL",
	"AREA:v4b#5b7ea6:IPv4       ", "FIG:v4avg:bits:avg",
	"FIG:v4max:bits:max", "FIG:v4last:bits:last", FIG_EOL,
	"AREA:v6b#2ec4b6:IPv6       :STACK", "FIG:v6avg:bits:avg",
	"FIG:v6max:bits:max", "FIG:v6last:bits:last", FIG_EOL,
	"AREA:restb#b58cd9:ARP + other:STACK", "FIG:ravg:bits:avg",
	"FIG:rmax:bits:max", "FIG:rlast:bits:last", FIG_EOL,
	"FIG:v6t/allt:share:IPv6 share of bytes (IPv6 / all ethertypes, period totals)",
	FIG_EOL, NULL};

static const char *const lan_share_lines[] = {
	"DEF:v4=@.rrd:ipv4_bytes:AVERAGE", "DEF:v6=@.rrd:ipv6_bytes:AVERAGE",
	"DEF:ar=@.rrd:arp_bytes:AVERAGE", "DEF:ot=@.rrd:other_bytes:AVERAGE",
	"CDEF:all=v4,v6,ADDNAN,ar,ADDNAN,ot,ADDNAN",
	"CDEF:sh=all,0,GT,v6,all,/,100,*,UNKN,IF",
	"VDEF:v6t=v6,TOTAL", "VDEF:allt=all,TOTAL", "VDEF:top=sh,MAXIMUM",
	"VDEF:shlast=sh,LAST",
	"AREA:sh#2ec4b640", "LINE1.5:sh#2ec4b6:IPv6 share of bytes",
	"FIG:v6t/allt:share:period", "FIG:shlast:pct:last step", FIG_EOL,
	"COMMENT:IPv6 bytes / bytes of every ethertype (IPv4 + IPv6 + ARP + other)\\n",
	NULL};

static const char *const tunnel_lines[] = {
	"DEF:a=@.rrd:6in4_bytes:AVERAGE", "DEF:b=@.rrd:6to4_bytes:AVERAGE",
	"DEF:c=@.rrd:teredo_bytes:AVERAGE",
	"CDEF:ab=a,8,*", "CDEF:bb=b,8,*", "CDEF:cb=c,8,*",
	"CDEF:topc=ab,bb,MAXNAN,cb,MAXNAN", "VDEF:top=topc,MAXIMUM",
	"VDEF:aavg=ab,AVERAGE", "VDEF:bavg=bb,AVERAGE", "VDEF:cavg=cb,AVERAGE",
	"VDEF:amax=ab,MAXIMUM", "VDEF:bmax=bb,MAXIMUM", "VDEF:cmax=cb,MAXIMUM",
	"LINE2:ab#f5b53f:6in4 (proto 41)    ", "FIG:aavg:bits:avg",
	"FIG:amax:bits:max", FIG_EOL,
	"LINE2:bb#6cb6ff:6to4 (2002\\:\\:/16)   ", "FIG:bavg:bits:avg",
	"FIG:bmax:bits:max", FIG_EOL,
	"LINE2:cb#ff7bac:Teredo (UDP 3544)  ", "FIG:cavg:bits:avg",
	"FIG:cmax:bits:max", FIG_EOL, NULL};

static const char *const ndarp_lines[] = {
	"DEF:ns=@.rrd:ns:AVERAGE", "DEF:na=@.rrd:na:AVERAGE", "DEF:rs=@.rrd:rs:AVERAGE",
	"DEF:ra=@.rrd:ra:AVERAGE", "DEF:dad=@.rrd:ns_dad:AVERAGE",
	"DEF:mq=@.rrd:mld_query:AVERAGE", "DEF:mr=@.rrd:mld_report:AVERAGE",
	"DEF:md=@.rrd:mld_done:AVERAGE", "DEF:aq=@.rrd:arp_request:AVERAGE",
	"DEF:ar=@.rrd:arp_reply:AVERAGE",
	"CDEF:nsm=ns,60,*", "CDEF:nam=na,60,*", "CDEF:dadm=dad,60,*",
	"CDEF:mldm=mq,mr,ADDNAN,md,ADDNAN,60,*", "CDEF:rsram=rs,ra,ADDNAN,60,*",
	"CDEF:aqm=aq,60,*", "CDEF:arm=ar,60,*",
	"CDEF:topc=nsm,nam,MAXNAN,dadm,MAXNAN,mldm,MAXNAN,rsram,MAXNAN,aqm,MAXNAN,arm,MAXNAN",
	"VDEF:top=topc,MAXIMUM",
	"VDEF:nsx=nsm,MAXIMUM", "VDEF:nax=nam,MAXIMUM", "VDEF:mldx=mldm,MAXIMUM",
	"VDEF:rsrax=rsram,MAXIMUM", "VDEF:aqx=aqm,MAXIMUM", "VDEF:arx=arm,MAXIMUM",
	"VDEF:dadx=dadm,MAXIMUM",
	"LINE1.5:nsm#2ec4b6:NDP NS     ", "FIG:nsx:min:max",
	"LINE1.5:nam#3fb950:NDP NA     ", "FIG:nax:min:max", FIG_EOL,
	"LINE1.5:dadm#e3b341:DAD NS     ", "FIG:dadx:min:max",
	"LINE1.5:rsram#ff5d5d:RS + RA    ", "FIG:rsrax:min:max", FIG_EOL,
	"LINE1.5:mldm#b58cd9:MLD        ", "FIG:mldx:min:max",
	"LINE1.5:aqm#6cb6ff:ARP request", "FIG:aqx:min:max", FIG_EOL,
	"LINE1.5:arm#f0883e:ARP reply  ", "FIG:arx:min:max", FIG_EOL, NULL};

static const char *const alert_lines[] = {
	"DEF:a1=@.rrd:rogue_ra:AVERAGE", "DEF:a2=@.rrd:nd_spoof:AVERAGE",
	"DEF:a3=@.rrd:nd_flood:AVERAGE", "DEF:a4=@.rrd:mld_flood:AVERAGE",
	"DEF:a5=@.rrd:nd_foreign_source:AVERAGE", "DEF:b1=@.rrd:mac_unknown:AVERAGE",
	"DEF:b2=@.rrd:mac_mismatch:AVERAGE", "DEF:b3=@.rrd:mac_multiple:AVERAGE",
	"DEF:b4=@.rrd:mac_flood:AVERAGE", "DEF:b5=@.rrd:mac_invalid_source:AVERAGE",
	"DEF:b6=@.rrd:mac_misaligned:AVERAGE", "DEF:c1=@.rrd:arp_spoof:AVERAGE",
	"DEF:c2=@.rrd:arp_flood:AVERAGE", "DEF:d1=@.rrd:forbidden_ethertype:AVERAGE",
	"DEF:d2=@.rrd:forbidden_protocol:AVERAGE", "DEF:d3=@.rrd:ip_outside_lan:AVERAGE",
	"DEF:e1=@.rrd:v6_unregistered:AVERAGE", "DEF:e2=@.rrd:v6_silent:AVERAGE",
	"DEF:e3=@.rrd:v6_went_dark:AVERAGE", "DEF:f1=@.rrd:port_security:AVERAGE",
	"DEF:g1=@.rrd:capture_down:AVERAGE",
	/* per second (for TOTAL), then per minute (drawn) */
	"CDEF:nds=a1,a2,ADDNAN,a3,ADDNAN,a4,ADDNAN,a5,ADDNAN",
	"CDEF:macs=b1,b2,ADDNAN,b3,ADDNAN,b4,ADDNAN,b5,ADDNAN,b6,ADDNAN",
	"CDEF:arps=c1,c2,ADDNAN", "CDEF:pols=d1,d2,ADDNAN,d3,ADDNAN",
	"CDEF:mems=e1,e2,ADDNAN,e3,ADDNAN",
	"CDEF:nd=nds,60,*", "CDEF:mac=macs,60,*", "CDEF:arp=arps,60,*",
	"CDEF:pol=pols,60,*", "CDEF:mem=mems,60,*", "CDEF:sw=f1,60,*",
	"CDEF:cap=g1,60,*",
	"CDEF:sum=nd,mac,ADDNAN,arp,ADDNAN,pol,ADDNAN,mem,ADDNAN,sw,ADDNAN,cap,ADDNAN",
	"VDEF:top=sum,MAXIMUM",
	"VDEF:ndt=nds,TOTAL", "VDEF:mact=macs,TOTAL", "VDEF:arpt=arps,TOTAL",
	"VDEF:polt=pols,TOTAL", "VDEF:memt=mems,TOTAL", "VDEF:swt=f1,TOTAL",
	"VDEF:capt=g1,TOTAL",
	"AREA:nd#ff5d5d:rogue RA / ND / MLD                    ",
	"FIG:ndt:count:in all", FIG_EOL,
	"AREA:mac#6cb6ff:MAC port security                      :STACK",
	"FIG:mact:count:in all", FIG_EOL,
	"AREA:arp#3fb950:ARP spoof / flood                      :STACK",
	"FIG:arpt:count:in all", FIG_EOL,
	"AREA:pol#b58cd9:forbidden ethertype / protocol, off-LAN:STACK",
	"FIG:polt:count:in all", FIG_EOL,
	"AREA:mem#f5b53f:member IPv6 status                     :STACK",
	"FIG:memt:count:in all", FIG_EOL,
	"AREA:sw#c7844c:switch port security                   :STACK",
	"FIG:swt:count:in all", FIG_EOL,
	"AREA:cap#93a4b5:capture down                           :STACK",
	"FIG:capt:count:in all", FIG_EOL, NULL};

static const char *const health_lines[] = {
	"DEF:fr=@.rrd:frames:AVERAGE", "DEF:t=@.rrd:dec_truncated:AVERAGE",
	"DEF:i=@.rrd:dec_invalid:AVERAGE", "DEF:u=@.rrd:dec_unsupported:AVERAGE",
	"DEF:kd=@.rrd:kernel_dropped:AVERAGE", "DEF:id=@.rrd:if_dropped:AVERAGE",
	"DEF:sl=@.rrd:sflow_lost_samples:AVERAGE", "DEF:ad=@.rrd:alerts_dropped:AVERAGE",
	"CDEF:frm=fr,60,*", "CDEF:dec=t,i,ADDNAN,u,ADDNAN,60,*",
	"CDEF:drop=kd,id,ADDNAN,60,*", "CDEF:slm=sl,60,*", "CDEF:adm=ad,60,*",
	"CDEF:topc=dec,drop,MAXNAN,slm,MAXNAN,adm,MAXNAN", "VDEF:top=topc,MAXIMUM",
	"VDEF:frx=frm,AVERAGE", "VDEF:decx=dec,MAXIMUM", "VDEF:dropx=drop,MAXIMUM",
	"VDEF:slx=slm,MAXIMUM", "VDEF:adx=adm,MAXIMUM",
	"COMMENT:frames analysed (not drawn)      ", "FIG:frx:min:avg", FIG_EOL,
	"LINE2:dec#ff5d5d:decode errors                   ", "FIG:decx:min:max", FIG_EOL,
	"LINE2:drop#6cb6ff:capture drops (kernel + interface)",
	"FIG:dropx:min:max", FIG_EOL,
	"LINE2:slm#f5b53f:sFlow lost samples              ", "FIG:slx:min:max", FIG_EOL,
	"LINE2:adm#b58cd9:alerts dropped (table full)     ", "FIG:adx:min:max", FIG_EOL,
	NULL};

/* Members by IPv6 status over time (v6members.rrd: GAUGE, members). */
static const char *const v6members_lines[] = {
	"DEF:act=@.rrd:active:AVERAGE", "DEF:sil=@.rrd:silent:AVERAGE",
	"DEF:drk=@.rrd:dark:AVERAGE",
	"CDEF:topc=act,sil,MAXNAN,drk,MAXNAN", "VDEF:top=topc,MAXIMUM",
	"VDEF:actl=act,LAST", "VDEF:actx=act,MAXIMUM", "VDEF:actn=act,MINIMUM",
	"VDEF:sill=sil,LAST", "VDEF:drkl=drk,LAST",
	"LINE2:act#2ec4b6:IPv6 active       ", "FIG:actl:count:now",
	"FIG:actn:count:min", "FIG:actx:count:max", FIG_EOL,
	"LINE2:sil#f5b53f:registered, silent", "FIG:sill:count:now", FIG_EOL,
	"LINE2:drk#ff5d5d:went dark         ", "FIG:drkl:count:now", FIG_EOL,
	"COMMENT:active\\: registered, sends IPv6 (global source or BGP), not dark\\n",
	NULL};

/*
 * A member's traffic as its port counters would show it: sent (frames
 * from its MACs, member-ASN.rrd) above the axis, received (unicast frames
 * to its MACs, member-ASN-in.rrd) below it, IPv4 and IPv6 each.
 */
static const char *const member_lines[] = {
	"DEF:v4=@.rrd:ipv4_bytes:AVERAGE", "DEF:v6=@.rrd:ipv6_bytes:AVERAGE",
	"DEF:i4=@-in.rrd:ipv4_bytes:AVERAGE", "DEF:i6=@-in.rrd:ipv6_bytes:AVERAGE",
	"CDEF:v4b=v4,8,*", "CDEF:v6b=v6,8,*", "CDEF:i4b=i4,8,*", "CDEF:i6b=i6,8,*",
	"CDEF:i4n=i4b,-1,*", "CDEF:i6n=i6b,-1,*",
	"CDEF:all=v4,v6,ADDNAN", "CDEF:allb=all,8,*", "CDEF:inb=i4b,i6b,ADDNAN",
	"CDEF:topc=allb,inb,MAXNAN", "VDEF:top=topc,MAXIMUM",
	"VDEF:v4avg=v4b,AVERAGE", "VDEF:v4max=v4b,MAXIMUM", "VDEF:v4last=v4b,LAST",
	"VDEF:v6avg=v6b,AVERAGE", "VDEF:v6max=v6b,MAXIMUM", "VDEF:v6last=v6b,LAST",
	"VDEF:i4avg=i4b,AVERAGE", "VDEF:i4max=i4b,MAXIMUM", "VDEF:i4last=i4b,LAST",
	"VDEF:i6avg=i6b,AVERAGE", "VDEF:i6max=i6b,MAXIMUM", "VDEF:i6last=i6b,LAST",
	"VDEF:v6t=v6,TOTAL", "VDEF:allt=all,TOTAL",
	"AREA:v4b#5b7ea6:IPv4 sent    ", "FIG:v4avg:bits:avg", "FIG:v4max:bits:max",
	"FIG:v4last:bits:last", FIG_EOL,
	"AREA:v6b#2ec4b6:IPv6 sent    :STACK", "FIG:v6avg:bits:avg",
	"FIG:v6max:bits:max", "FIG:v6last:bits:last", FIG_EOL,
	"AREA:i4n#8fa9c6:IPv4 received", "FIG:i4avg:bits:avg", "FIG:i4max:bits:max",
	"FIG:i4last:bits:last", FIG_EOL,
	"AREA:i6n#8be0d6:IPv6 received:STACK", "FIG:i6avg:bits:avg",
	"FIG:i6max:bits:max", "FIG:i6last:bits:last", FIG_EOL,
	"HRULE:0#93a4b5",
	"COMMENT:sent above the axis, received below\\n",
	"FIG:v6t/allt:share:IPv6 share of bytes sent (IPv6 / (IPv4+IPv6), period)",
	FIG_EOL, NULL};

static const char *const member_share_lines[] = {
	"DEF:v4=@.rrd:ipv4_bytes:AVERAGE", "DEF:v6=@.rrd:ipv6_bytes:AVERAGE",
	"CDEF:all=v4,v6,ADDNAN", "CDEF:sh=all,0,GT,v6,all,/,100,*,UNKN,IF",
	"VDEF:v6t=v6,TOTAL", "VDEF:allt=all,TOTAL", "VDEF:top=sh,MAXIMUM",
	"VDEF:shlast=sh,LAST",
	"AREA:sh#2ec4b640", "LINE1.5:sh#2ec4b6:IPv6 share of bytes sent",
	"FIG:v6t/allt:share:period", "FIG:shlast:pct:last step", FIG_EOL,
	"COMMENT:IPv6 bytes / (IPv4 + IPv6 bytes) the member sent\\n", NULL};

/* A member's graphs: member-ASN plus the suffix, from member-ASN.rrd. */
static const struct member_graph_def {
	const char *suffix;
	const char *title;
	const char *vlabel;
	const char *const *lines;
} member_graphs[] = {
	{"", "traffic sent and received", "bits/s", member_lines},
	{"-ipv6share", "IPv6 share of the bytes it sent", "% of bytes",
	    member_share_lines},
};

#define N_MEMBER_GRAPHS (sizeof(member_graphs) / sizeof(member_graphs[0]))

static void member_graph(int64_t asn, size_t k, struct graph_def *g,
    char *name, size_t nlen, char *file, size_t flen)
{
	snprintf(file, flen, "member-%" PRId64, asn);
	snprintf(name, nlen, "member-%" PRId64 "%s", asn, member_graphs[k].suffix);
	g->name = name;
	g->file = file;
	g->title = member_graphs[k].title;
	g->vlabel = member_graphs[k].vlabel;
	g->axis = "top";
	g->lines = member_graphs[k].lines;
	g->mirrored = k == 0;
}

static const struct graph_def lan_graphs[] = {
	{"lan", "lan", "LAN traffic by ethertype (stacked)", "bits/s", "top",
	    lan_lines, 0},
	{"ipv6share", "lan", "IPv6 share of LAN bytes", "% of bytes", "top",
	    lan_share_lines, 0},
	{"tunnels", "tunnels", "IPv6 tunnelled in IPv4", "bits/s", "top",
	    tunnel_lines, 0},
	{"ndarp", "ndarp", "ND, MLD and ARP messages", "per minute", "top",
	    ndarp_lines, 0},
	{"alerts", "alerts", "Alerts by group", "per minute", "top", alert_lines, 0},
	{"health", "health", "Capture health", "per minute", "top", health_lines, 0},
	{"v6members", "v6members", "Members with IPv6", "members", "top",
	    v6members_lines, 0},
};

#define N_LAN_GRAPHS (sizeof(lan_graphs) / sizeof(lan_graphs[0]))

const char *graph_lan_name(size_t i, const char **title)
{
	if (i >= N_LAN_GRAPHS)
		return NULL;
	*title = lan_graphs[i].title;
	return lan_graphs[i].name;
}

const char *graph_member_suffix(size_t i, const char **title)
{
	if (i >= N_MEMBER_GRAPHS)
		return NULL;
	*title = member_graphs[i].title;
	return member_graphs[i].suffix;
}

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

/* Arguments for one rrd_graph_v call; every string is the call's own. */
#define GRAPH_MAX_ARGS 160
struct gargs {
	int n;
	char *v[GRAPH_MAX_ARGS];
};

static void gargs_add(struct gargs *a, const char *s)
{
	if (a->n == GRAPH_MAX_ARGS)
		fatalx("graphs: more than %d arguments for one graph", GRAPH_MAX_ARGS);
	if ((a->v[a->n++] = strdup(s)) == NULL)
		fatalx("graphs: out of memory");
}

/* A table line with '@' replaced by the escaped RRD path. */
static void gargs_add_line(struct gargs *a, const char *l, const char *esc)
{
	const char *at = strchr(l, '@');
	char buf[3000];

	if (at == NULL) {
		gargs_add(a, l);
		return;
	}
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - l), l, esc, at + 1);
	gargs_add(a, buf);
}

static void gargs_free(struct gargs *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
}

/*
 * librrd's call on a copy: getopt underneath may permute the pointers.
 * A file the writer is updating is read again once it is done.
 */
static rrd_info_t *gargs_graph(const struct gargs *a)
{
	char *argv[GRAPH_MAX_ARGS];
	rrd_info_t *info;
	int tries;

	for (tries = 1;; tries++) {
		memcpy(argv, a->v, (size_t)a->n * sizeof(argv[0]));
		rrd_clear_error();
		info = rrd_graph_v(a->n, argv);
		if (!rrd_test_error() || !rrd_lock_refused() || tries == RRD_LOCK_TRIES)
			return info;
		rrd_info_free(info);
		rrd_lock_wait();
	}
}

/* The figures of one graph: VDEF names and their values. */
#define GRAPH_MAX_VARS 32
struct figs {
	int n;
	char name[GRAPH_MAX_VARS][24];
	double v[GRAPH_MAX_VARS];
};

static int figs_find(struct figs *f, const char *name, size_t len, int add)
{
	int i;

	if (len == 0 || len >= sizeof(f->name[0]))
		return -1;
	for (i = 0; i < f->n; i++)
		if (strlen(f->name[i]) == len && !strncmp(f->name[i], name, len))
			return i;
	if (!add || f->n == GRAPH_MAX_VARS)
		return -1;
	memcpy(f->name[f->n], name, len);
	f->name[f->n][len] = 0;
	f->v[f->n] = NAN;
	return f->n++;
}

/*
 * "FIG:VAR:KIND:LABEL" (VAR "A" or "NUM/DEN"): the parts, or -1 when `l`
 * is not a figure line.
 */
struct fig {
	const char *var;
	size_t var_len;
	const char *kind;
	size_t kind_len;
	const char *label;
};

static int fig_parse(const char *l, struct fig *fg)
{
	const char *c1, *c2;

	if (strncmp(l, "FIG:", 4))
		return -1;
	fg->var = l + 4;
	if ((c1 = strchr(fg->var, ':')) == NULL || (c2 = strchr(c1 + 1, ':')) == NULL)
		fatalx("graphs: bad figure line %s", l);
	fg->var_len = (size_t)(c1 - fg->var);
	fg->kind = c1 + 1;
	fg->kind_len = (size_t)(c2 - fg->kind);
	fg->label = c2 + 1;
	return 0;
}

static int kind_is(const struct fig *fg, const char *k)
{
	return fg->kind_len == strlen(k) && !strncmp(fg->kind, k, fg->kind_len);
}

/* Every VDEF a figure of `g` needs (and the axis), with index in *f. */
static void figs_collect(const struct graph_def *g, struct figs *f)
{
	struct fig fg;
	const char *slash;
	int i;

	f->n = 0;
	if (g->axis)
		figs_find(f, g->axis, strlen(g->axis), 1);
	for (i = 0; g->lines[i]; i++) {
		if (fig_parse(g->lines[i], &fg) < 0)
			continue;
		slash = memchr(fg.var, '/', fg.var_len);
		if (slash) {
			figs_find(f, fg.var, (size_t)(slash - fg.var), 1);
			figs_find(f, slash + 1, fg.var_len - (size_t)(slash - fg.var) - 1, 1);
		} else {
			figs_find(f, fg.var, fg.var_len, 1);
		}
	}
}

/* Figure `fg` as the legend shows it: its label and value. */
static void fig_text(struct figs *f, const struct fig *fg, char *out, size_t len)
{
	const char *slash = memchr(fg->var, '/', fg->var_len);
	char val[48];
	double v = NAN;
	int k;

	if (slash) {
		int a = figs_find(f, fg->var, (size_t)(slash - fg->var), 0);
		int b = figs_find(f, slash + 1,
		    fg->var_len - (size_t)(slash - fg->var) - 1, 0);

		graph_fmt_share(val, sizeof(val), a < 0 ? NAN : f->v[a],
		    b < 0 ? NAN : f->v[b]);
	} else {
		k = figs_find(f, fg->var, fg->var_len, 0);
		if (k >= 0)
			v = f->v[k];
		if (kind_is(fg, "bits"))
			graph_fmt_value(val, sizeof(val), v, "bit/s");
		else if (kind_is(fg, "min"))
			graph_fmt_value(val, sizeof(val), v, "/min");
		else if (kind_is(fg, "pct"))
			graph_fmt_share(val, sizeof(val), v, 100);
		else
			graph_fmt_count(val, sizeof(val), v);
	}
	/* columns: bit rates are up to 11 characters, counts 6 */
	snprintf(out, len, "%s %*s", fg->label, kind_is(fg, "count") ? 6 : 11, val);
}

/*
 * The figures of consecutive FIG lines from lines[*i] on, as one COMMENT
 * (':' escaped): rrdtool spaces legend elements apart and wraps a line
 * that gets too wide, so a row of figures is one element.  *i is left on
 * the last figure line.
 */
static void fig_comment(struct figs *f, const char *const *lines, int *i,
    char *out, size_t len)
{
	char text[400];
	struct fig fg;
	size_t k, n;

	n = (size_t)snprintf(out, len, "COMMENT:");
	for (; lines[*i] && fig_parse(lines[*i], &fg) == 0; (*i)++) {
		fig_text(f, &fg, text, sizeof(text));
		for (k = 0; text[k] && n + 6 < len; k++) {
			if (text[k] == ':')
				out[n++] = '\\';
			out[n++] = text[k];
		}
		if (lines[*i + 1] && !strncmp(lines[*i + 1], "FIG:", 4)) {
			out[n++] = ' ';
			out[n++] = ' ';
			out[n++] = ' ';
		}
	}
	(*i)--;
	out[n] = 0;
}

/*
 * The first call: the figures only.  With nothing to draw, rrd_graph_v
 * computes the PRINTs and returns before it draws or writes anything.
 */
static int figs_compute(const struct graph_def *g, const char *esc,
    const char *start, const char *end, long secs, const char *daemon,
    struct figs *f, char *err, size_t errlen)
{
	struct gargs a = {0};
	rrd_info_t *info, *it;
	char buf[64];
	int i;

	figs_collect(g, f);
	gargs_add(&a, "graph");
	gargs_add(&a, "/dev/null");
	gargs_add(&a, "--start");
	gargs_add(&a, start);
	gargs_add(&a, "--end");
	gargs_add(&a, end);
	/*
	 * One "pixel" per second: rrdtool consolidates the data to the
	 * graph's pixel width before any VDEF sees it, and a resampled step
	 * loses the rows at its edges (a day at 600 pixels is 144 s per
	 * pixel, read as 180 s: a period's total came out 2 % short).  At
	 * one per second every figure comes from the RRA's own rows.
	 */
	snprintf(buf, sizeof(buf), "--width=%ld", secs);
	gargs_add(&a, buf);
	if (daemon) {
		gargs_add(&a, "--daemon");
		gargs_add(&a, daemon);
	}
	for (i = 0; g->lines[i]; i++)
		if (!strncmp(g->lines[i], "DEF:", 4) ||
		    !strncmp(g->lines[i], "CDEF:", 5) ||
		    !strncmp(g->lines[i], "VDEF:", 5))
			gargs_add_line(&a, g->lines[i], esc);
	for (i = 0; i < f->n; i++) {
		snprintf(buf, sizeof(buf), "PRINT:%s:%%.17le", f->name[i]);
		gargs_add(&a, buf);
	}
	info = gargs_graph(&a);
	if (info == NULL || rrd_test_error()) {
		snprintf(err, errlen, "%s figures: %s", g->name,
		    rrd_get_error()[0] ? rrd_get_error() : "rrd_graph failed");
		rrd_info_free(info);
		gargs_free(&a);
		return -1;
	}
	for (it = info; it; it = it->next) {
		int k;
		char *endp;

		if (sscanf(it->key, "print[%d]", &k) != 1 || k < 0 || k >= f->n ||
		    it->type != RD_I_STR)
			continue;
		f->v[k] = strtod(it->value.u_str, &endp); /* "nan": NAN */
	}
	rrd_info_free(info);
	gargs_free(&a);
	return 0;
}

/* One graph of `g` (its file, its lines) as NAME-PERIOD.EXT. */
static int render(const struct graph_opts *o, const struct graph_def *g,
    const char *title, int pi, int format, struct figs *f, int *have_figs,
    char *err, size_t errlen)
{
	char rrd[1200], esc[2400], out[1200], tmp[1300], start[32], end[32];
	char titlebuf[300], when[64], comment[96], buf[600];
	const char *period = graph_periods[pi];
	struct gargs a = {0};
	struct fig fg;
	int i, rc = 0;
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
	esc[strlen(esc) - 4] = 0; /* '@' is the path without ".rrd" */
	snprintf(out, sizeof(out), "%s/graphs/%s-%s.%s", o->state_dir, g->name, period,
	    format == GRAPH_SVG ? "svg" : "png");
	/* Per process: `ixmon graph` from cron may run beside the appliance. */
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", out, (int)getpid());
	snprintf(start, sizeof(start), "%" PRId64, e - period_secs[pi]);
	snprintf(end, sizeof(end), "%" PRId64, e);
	/* the figures once for both formats of a period */
	if (!*have_figs) {
		if (figs_compute(g, esc, start, end, period_secs[pi], o->daemon, f,
		    err, errlen) < 0)
			return -1;
		*have_figs = 1;
	}
	snprintf(titlebuf, sizeof(titlebuf), "%s - last %s", title ? title : g->title,
	    period);
	te = (time_t)e;
	gmtime_r(&te, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H\\:%M UTC", &tm);
	snprintf(comment, sizeof(comment), "COMMENT:data until %s\\r", when);

	gargs_add(&a, "graph");
	gargs_add(&a, tmp);
	gargs_add(&a, "--imgformat");
	gargs_add(&a, format == GRAPH_SVG ? "SVG" : "PNG");
	gargs_add(&a, "--start");
	gargs_add(&a, start);
	gargs_add(&a, "--end");
	gargs_add(&a, end);
	gargs_add(&a, "--title");
	gargs_add(&a, titlebuf);
	gargs_add(&a, "--vertical-label");
	gargs_add(&a, g->vlabel);
	for (i = 0; theme_args[i]; i++)
		gargs_add(&a, theme_args[i]);
	if (!g->mirrored)
		gargs_add(&a, "--lower-limit=0");
	/* the axis in the legend's prefixes: never m or u (graph_format.h) */
	snprintf(buf, sizeof(buf), "--units-exponent=%d",
	    graph_axis_exponent(g->axis ? f->v[0] : NAN));
	gargs_add(&a, buf);
	if (o->daemon) {
		gargs_add(&a, "--daemon");
		gargs_add(&a, o->daemon);
	}
	for (i = 0; g->lines[i]; i++) {
		if (fig_parse(g->lines[i], &fg) == 0) {
			fig_comment(f, g->lines, &i, buf, sizeof(buf));
			gargs_add(&a, buf);
		} else {
			gargs_add_line(&a, g->lines[i], esc);
		}
	}
	gargs_add(&a, comment);

	info = gargs_graph(&a);
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
	gargs_free(&a);
	return rc;
}

/* Graph `name`'s definition (a LAN graph, or member-ASN[-SUFFIX]). */
static int graph_lookup(const char *name, struct graph_def *g, char *nbuf,
    size_t nlen, char *fbuf, size_t flen)
{
	size_t k;
	char *endp;
	long long asn;

	for (k = 0; k < N_LAN_GRAPHS; k++)
		if (!strcmp(lan_graphs[k].name, name)) {
			*g = lan_graphs[k];
			return 0;
		}
	if (strncmp(name, "member-", 7))
		return -1;
	asn = strtoll(name + 7, &endp, 10);
	if (asn <= 0 || endp == name + 7)
		return -1;
	for (k = 0; k < N_MEMBER_GRAPHS; k++)
		if (!strcmp(endp, member_graphs[k].suffix)) {
			member_graph(asn, k, g, nbuf, nlen, fbuf, flen);
			return 0;
		}
	return -1;
}

int graph_legend(const struct graph_opts *o, const char *name, int period,
    char *out, size_t len, char *err, size_t errlen)
{
	struct graph_def g;
	struct figs f;
	struct fig fg;
	char nbuf[64], fbuf[40], rrd[1200], esc[2400], start[32], end[32];
	char text[400];
	int64_t e = o->end;
	size_t n = 0;
	int i;

	out[0] = 0;
	if (period < 0 || period >= N_PERIODS ||
	    graph_lookup(name, &g, nbuf, sizeof(nbuf), fbuf, sizeof(fbuf)) < 0) {
		snprintf(err, errlen, "%s: no such graph", name);
		return -1;
	}
	snprintf(rrd, sizeof(rrd), "%s/rrd/%s.rrd", o->state_dir, g.file);
	if (e == 0)
		e = last_update(rrd);
	escape_colons(esc, sizeof(esc), rrd);
	esc[strlen(esc) - 4] = 0;
	snprintf(start, sizeof(start), "%" PRId64, e - period_secs[period]);
	snprintf(end, sizeof(end), "%" PRId64, e);
	if (figs_compute(&g, esc, start, end, period_secs[period], o->daemon, &f,
	    err, errlen) < 0)
		return -1;
	for (i = 0; g.lines[i]; i++) {
		if (fig_parse(g.lines[i], &fg) < 0)
			continue;
		fig_text(&f, &fg, text, sizeof(text));
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s\n", text);
		if (n >= len) {
			snprintf(err, errlen, "%s: legend longer than %zu bytes", name, len);
			return -1;
		}
	}
	return 0;
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
	struct figs figs;
	int p, f, have_figs;
	char err[256];

	for (p = 0; p < N_PERIODS; p++)
		for (have_figs = 0, f = GRAPH_PNG; f <= GRAPH_SVG; f <<= 1) {
			if (!(o->formats & f))
				continue;
			if (fresh(o, g->name, p, f)) {
				st->fresh++;
				continue;
			}
			if (render(o, g, title, p, f, &figs, &have_figs, err,
			    sizeof(err)) == 0) {
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
	char dir[1100], name[64], file[40], title[200];
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
		const char *mn;

		i = (first + k) % n;
		if (o->budget_ms && ms_since(&t0) > (double)o->budget_ms) {
			st->members_left = (unsigned)(n - k);
			member_cursor = asns[i];
			break;
		}
		mn = member_name(state, asns[i]);
		for (g = 0; g < N_MEMBER_GRAPHS; g++) {
			struct graph_def m;

			member_graph(asns[i], g, &m, name, sizeof(name), file,
			    sizeof(file));
			snprintf(title, sizeof(title), "AS%" PRId64 "%s%s: %s", asns[i],
			    mn ? " " : "", mn ? mn : "", member_graphs[g].title);
			render_set(&opts, &m, title, st);
		}
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
