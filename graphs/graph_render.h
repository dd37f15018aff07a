/*
 * graph_render.h - PNG and SVG graphs from the RRD store (rrd_graph_v).
 *
 * Output: DIR/graphs/NAME-PERIOD.EXT with NAME one of lan, tunnels,
 * ndarp, alerts, health or member-ASN, PERIOD day|week|month|year and EXT
 * png|svg (docs/graphs.md).  Each file is written under a temporary name
 * and renamed, so a reader (the dashboard) never sees half an image.
 *
 * librrd's graph code keeps global state: every call here must come from
 * one thread.  The appliance renders from a dedicated thread (the worker
 * below); `ixmon graph` and `ixmon serve` from their main thread.
 */
#ifndef IXMON_GRAPH_RENDER_H
#define IXMON_GRAPH_RENDER_H

#include <jansson.h>
#include <stdint.h>

#define GRAPH_PNG 1
#define GRAPH_SVG 2

struct graph_opts {
	const char *state_dir;
	const char *daemon; /* rrdcached address, or NULL */
	int formats;        /* GRAPH_PNG | GRAPH_SVG */
	int64_t end;        /* the graphs' right edge; 0: the last update */
	long budget_ms;     /* members stop after this much time; 0: no limit */
};

struct graph_stats {
	unsigned rendered, failed, members_left;
	double ms;
	char last_error[256];
};

/* The graph names of the LAN-wide set, in page order. */
extern const char *const graph_lan_names[];
extern const int graph_n_lan_names;
extern const char *const graph_periods[];
extern const int graph_n_periods;

/*
 * Render the LAN graphs and the member graphs (every DIR/rrd/member-*.rrd;
 * `state` NULL or the state JSON, for member names in titles).  Members
 * beyond the time budget wait for the next call, which starts with them.
 * Returns the number of failed graphs.
 */
int graph_render_all(const struct graph_opts *o, const json_t *state,
    struct graph_stats *st);

/* One graph: `name` as above (e.g. "member-64500"), one period, one format. */
int graph_render_one(const struct graph_opts *o, const char *name,
    const char *title, const char *period, int format, char *err,
    size_t errlen);

/*
 * The appliance's render thread: graph_worker_kick() hands it the latest
 * state (ownership passes) and returns at once; a kick while it renders
 * replaces the waiting one, so a slow render never queues up.
 */
struct graph_worker;
struct graph_worker *graph_worker_start(const struct graph_opts *o);
void graph_worker_kick(struct graph_worker *w, json_t *state, int64_t end);
/* {"rendered","failed","ms","members_left","last_error"} of the last pass. */
json_t *graph_worker_stats(struct graph_worker *w);
/* Finish the pass in progress and any waiting kick, then stop. */
void graph_worker_stop(struct graph_worker *w);

#endif
