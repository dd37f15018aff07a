/*
 * engine.h - the analysis pipeline: sampler -> decoders -> analyzer table.
 *
 * Capture sources (files, live interfaces, sFlow) hand every frame to
 * engine_offer().  The 1-in-N sampler draws the gap to the next sample
 * uniformly from 1 to 2N - 1 (mean N), as the sFlow v5 specification asks
 * of agents: a fixed gap locks onto any periodicity in the traffic (a
 * capture where every 100th frame is IPv6 reads 0 % or 100 % at 1:100).
 * The generator is seeded (engine_set_sample_seed, reported), so a run
 * can be repeated exactly.  A kept frame is decoded once into a dec_frame
 * on the engine and passed const to every analyzer.  No per-frame
 * allocation happens here.
 */
#ifndef IXMON_ENGINE_H
#define IXMON_ENGINE_H

#include <jansson.h>
#include <stdint.h>

#include "alerts/alert.h"
#include "capture/frame.h"
#include "capture/source_file.h"
#include "common/config.h"
#include "members/registry.h"

struct engine;

/* An engine with the default configuration and no member registry. */
struct engine *engine_new(uint32_t sample_n);
/*
 * `cfg` (copied) NULL means defaults; `reg` NULL means no member list, and
 * is borrowed: it must outlive the engine.
 */
struct engine *engine_new_env(uint32_t sample_n, const struct ixm_config *cfg,
    const struct registry *reg);
void engine_free(struct engine *e);

/*
 * Seed the 1-in-N sampler (default 1): the same seed over the same input
 * samples the same frames.  Call before the first frame.
 */
void engine_set_sample_seed(struct engine *e, uint64_t seed);

/*
 * Offer one frame.  `weight` is how many wire frames it already stands for
 * (1 for a full capture, the sampling rate for an sFlow sample).
 */
void engine_offer(struct engine *e, int linktype, int64_t sec, uint32_t nsec,
    const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, uint32_t weight);

/*
 * UDP datagrams to `port` inside the input are sFlow v5: their sampled
 * headers are analysed with their sampling rate, the datagrams themselves
 * are not counted as LAN traffic.  0 turns it off; default 6343.
 */
void engine_set_sflow_port(struct engine *e, uint16_t port);

/*
 * Load shedding: `divisor` (1 = as configured) divides the number of new
 * flows a second given to nDPI (limits.ndpi_new_flows_per_second, at
 * least 1); flows over it are counted uninspected.  ENGINE_APP_PAUSED
 * pauses the application view: every TCP/UDP frame is counted
 * uninspected without a flow lookup, the cheapest it can be.  The sFlow
 * input raises it while its queue fills, so a burst costs inspection,
 * never datagrams.
 */
#define ENGINE_APP_PAUSED UINT32_MAX
void engine_set_app_shedding(struct engine *e, uint32_t divisor);

/* One sFlow v5 datagram (UDP payload) received at (sec, nsec). */
void engine_sflow(struct engine *e, int64_t sec, uint32_t nsec,
    const uint8_t *p, size_t len);

struct syslog_matcher;
struct portsec_port;

/*
 * Switch syslog (port-security violations, analyze/portsec.h): lines are
 * parsed with `sm` and explained with the operator's port table; both are
 * the caller's and must outlive the engine.  Without this call
 * engine_syslog() only counts.
 */
void engine_set_syslog(struct engine *e, const struct syslog_matcher *sm,
    const struct portsec_port *ports, size_t n_ports);
/*
 * One syslog datagram from `origin` (its address, or NULL) received at
 * `now`: counted by result in the report's "syslog" section, a violation
 * raised as an alert.
 */
void engine_syslog(struct engine *e, const uint8_t *p, size_t len,
    const char *origin, int64_t now);

/* The engine's alerts, for sinks that follow them as they change. */
struct alert_table *engine_alerts(struct engine *e);

/* A capture file's frames into `e` (capture/source_file.h), weight 1. */
struct src_sink engine_sink(struct engine *e);

/* Record how one input went; `error` NULL when it was read to the end. */
void engine_input_done(struct engine *e, const char *name, const char *format,
    int linktype, uint64_t frames, const char *error);

/* The report JSON (README.md, docs/detectors.md); a new reference owned by the caller. */
json_t *engine_report(struct engine *e);
/*
 * The same at any time: `final` 0 for the appliance's periodic state (the
 * input goes on), 1 at its end.  Counters are never reset.
 */
json_t *engine_report_ex(struct engine *e, int final);

/*
 * Continue from an earlier report (state.json): counters, alerts, member
 * findings.  Returns 0, or -1 when `state` is not a report of ours.
 */
int engine_restore(struct engine *e, const json_t *state);

/* Frames offered so far (for progress display). */
uint64_t engine_frames_seen(const struct engine *e);

#endif
