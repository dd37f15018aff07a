/*
 * graph_render.h - PNG and SVG graphs from the RRD store (rrd_graph_v).
 *
 * Output: DIR/graphs/NAME-PERIOD.EXT with NAME one of lan, ipv6share,
 * tunnels, ndarp, alerts, health, v6members, member-ASN or
 * member-ASN-ipv6share, PERIOD day|week|month|year and EXT png|svg
 * (docs/graphs.md).  Each file is written under a temporary name and
 * renamed, so a reader (the dashboard) never sees half an image.
 *
 * librrd's graph code keeps global state: every call here must come from
 * one thread, and the commands render in a child process (graph_job).
 */
#ifndef IXMON_GRAPH_RENDER_H
#define IXMON_GRAPH_RENDER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define GRAPH_PNG 1
#define GRAPH_SVG 2

struct graph_opts {
	const char *state_dir;
	const char *daemon; /* rrdcached address, or NULL */
	int formats;        /* GRAPH_PNG | GRAPH_SVG */
	int64_t end;        /* the graphs' right edge; 0: the last update */
	long budget_ms;     /* members stop after this much time; 0: no limit */
	int force;          /* redraw week/month/year graphs that are recent */
};

struct graph_stats {
	unsigned rendered, failed, members_left, fresh;
	double ms;
	char last_error[256];
};

/*
 * The figures of graph `name` (lan, ipv6share, tunnels, ndarp, alerts,
 * health, v6members, member-ASN, member-ASN-ipv6share) over period 0 day, 1 week,
 * 2 month, 3 year, as its legend writes them: "LABEL VALUE" per line.
 * For tests and scripts that want the legend without reading an image.
 * 0, or -1 with `err` set.
 */
int graph_legend(const struct graph_opts *o, const char *name, int period,
    char *out, size_t len, char *err, size_t errlen);

/*
 * A render pass in a child process.  librrd 1.7.2 leaks a few hundred
 * bytes per rrd_graph_v call and cairo/fontconfig keep caches: a child per
 * pass gives all of it back to the system, so an appliance that renders
 * every minute for months does not grow, and a crash in the font stack
 * cannot take the capture down.  The child gets the parent's memory
 * (state included) by fork, so nothing is copied by hand.
 */
/*
 * The graphs a pass draws, for the pages that show them: the i-th LAN
 * graph's file name prefix ("lan", "ipv6share", ...) and the i-th member
 * graph's suffix after "member-ASN" ("" or "-ipv6share"), with its title;
 * NULL after the last.
 */
const char *graph_lan_name(size_t i, const char **title);
const char *graph_member_suffix(size_t i, const char **title);

struct graph_job {
	int pid; /* 0: none running */
	int fd;  /* the child's result */
};
int graph_job_start(struct graph_job *j, const struct graph_opts *o,
    const json_t *state);
/* 0 still running (wait 0), 1 finished with *st filled, -1 no job. */
int graph_job_poll(struct graph_job *j, int wait, struct graph_stats *st);
/* Start one pass and wait for it. */
int graph_render_process(const struct graph_opts *o, const json_t *state,
    struct graph_stats *st);

#endif
