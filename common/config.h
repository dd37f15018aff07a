/*
 * config.h - ixmon's configuration (JSON, read with jansson).
 *
 * One table in config.c drives parsing, bounds, defaults, documentation and
 * printing (after Redis's config.c): adding a knob is adding a row.  Keys are
 * dotted paths into nested objects ("thresholds.nd_per_minute").  An unknown
 * key, a wrong type or a value out of bounds is an error naming the key's
 * path; the other keys are still applied, so one typo never silently throws
 * the whole file away.  `ixmon check-config FILE` prints the effective
 * configuration (every key, defaults included) back as JSON.
 */
#ifndef IXMON_CONFIG_H
#define IXMON_CONFIG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/addr.h"

#define CFG_MAX_PREFIXES   4
#define CFG_MAX_ETHERTYPES 32
#define CFG_PATH_LEN       512
#define CFG_TARGET_LEN     128
#define CFG_APPS_LEN       512 /* policy.forbidden_app_protocols */
#define CFG_APP_NAME_LEN   32  /* one nDPI protocol name */
#define CFG_URL_LEN        256 /* alerts.dashboard_url */
#define CFG_SD_ID_LEN      33  /* RFC 5424 SD-NAME: 1 to 32 characters */

enum cfg_scheme {
	CFG_SCHEME_NONE = 0,   /* no addressing-scheme check */
	CFG_SCHEME_ASN,        /* prefix::a5XX:XXXX:N - the AS number in decimal digits */
	CFG_SCHEME_IPV4_SUFFIX /* the last 32 bits equal the member's IPv4 address */
};

struct ixm_config {
	/* lan: which peering LAN this is (overrides what the IX-F file says) */
	int vlan_id; /* IX-F vlan id to pick from the export, -1 = auto */
	struct addr_prefix lan_v4[CFG_MAX_PREFIXES];
	struct addr_prefix lan_v6[CFG_MAX_PREFIXES];
	uint8_t n_lan_v4, n_lan_v6;
	char members_file[CFG_PATH_LEN]; /* "" = none; --members overrides */

	/* policy */
	uint16_t allowed_ethertypes[CFG_MAX_ETHERTYPES];
	uint8_t n_allowed_ethertypes;
	uint8_t allow_lacp; /* 0x8809 slow protocols on the member link */
	uint8_t allow_mld;  /* MLD reports/queries are not an alert */
	uint8_t allow_lldp;
	uint32_t macs_per_member; /* 0 = as many as the member registered */
	enum cfg_scheme scheme;
	uint32_t scheme_suffix; /* CFG_SCHEME_ASN: the last group, usually 1 */
	uint8_t app_detection;  /* nDPI application view (an_app.c) on */
	/* nDPI protocol names that are an alert on the LAN, space-separated */
	char forbidden_apps[CFG_APPS_LEN];

	/* thresholds (frames per minute of capture time unless named) */
	uint32_t nd_per_minute_per_mac;
	uint32_t nd_per_minute_lan;
	uint32_t mld_per_minute_per_mac;
	uint32_t mld_per_minute_lan;
	uint32_t arp_per_minute_per_mac;
	uint32_t arp_per_minute_lan; /* 4,000 ARP/min is what one IXP alarms at */
	uint32_t new_macs_per_minute; /* mac_flood */
	uint32_t went_dark_after;     /* seconds without IPv6 from an active member */
	uint32_t claim_window;        /* seconds: swap vs spoof, unknown-MAC grace */

	/* bounds: memory stays fixed under floods; evictions are counted */
	uint32_t max_macs;     /* MAC table entries */
	uint32_t max_nd;       /* ND cache (IPv6 address -> MAC) entries */
	uint32_t max_trackers; /* rate trackers */
	uint32_t max_alerts;   /* aggregated alerts kept */
	uint32_t max_flows;    /* application-view flow table entries */
	uint32_t flow_idle;    /* seconds of capture time before a flow expires */
	uint32_t new_flows_per_second; /* new flows given to nDPI per second */
	uint32_t max_bgp_sessions; /* peering-matrix entries */
	uint32_t member_protocols; /* top-N application protocols per member */

	/* alerts: lifecycle and sinks (alerts/sink.h, docs/alerts.md) */
	uint32_t alert_repeat_every;   /* seconds between repeats of one alert */
	uint32_t alert_clear_after;    /* seconds without a new count -> clear */
	uint32_t alert_max_per_minute; /* messages per sink per minute */
	uint8_t alert_syslog;          /* local syslog(3) sink on */
	int alert_syslog_facility;     /* LOG_DAEMON, LOG_LOCAL0..7 */
	char alert_remote_syslog[CFG_TARGET_LEN]; /* "" or udp|tcp://HOST:PORT */
	char alert_exec[CFG_PATH_LEN];            /* "" or an absolute path */
	uint32_t alert_exec_max_running;          /* hooks running at once */
	char alert_dashboard_url[CFG_URL_LEN];    /* "" or http(s)://... in messages */
	char alert_syslog_sd_id[CFG_SD_ID_LEN];   /* RFC 5424 SD-ID, NAME@NUMBER */

	/* run: the appliance's inputs (command-line options override these) */
	char run_interfaces[CFG_TARGET_LEN];  /* "eth1 eth2": live capture */
	char run_sflow[CFG_TARGET_LEN];       /* "[ADDR:]PORT" or "" */
	char run_syslog[CFG_TARGET_LEN];      /* "[ADDR:]PORT" or "" */
	char run_syslog_map[CFG_PATH_LEN];    /* switch ports, custom patterns */
	char run_state_dir[CFG_PATH_LEN];
	char run_filter[CFG_TARGET_LEN];      /* BPF for the interfaces */
	uint32_t run_interval;
	uint32_t run_snaplen;
	uint32_t run_buffer_mb;
	uint32_t run_sample;
	uint8_t run_promisc;
	uint8_t run_rrd, run_graphs;
	char run_rrdcached[CFG_TARGET_LEN];      /* "unix:/path", "host:port" */
	char run_http[CFG_TARGET_LEN];           /* "ADDR:PORT" or "" */
	char run_http_token_file[CFG_PATH_LEN];

	/* web: the dashboard (docs/dashboard.md) */
	char web_ipv6_ranking[CFG_APPS_LEN]; /* "none", "all", "64500 64501" */
};

/* Called per problem; `path` is the key's dotted path, or the file name. */
typedef void (*cfg_error_fn)(void *ctx, const char *path, const char *what);

void cfg_defaults(struct ixm_config *cfg);

/*
 * Apply the JSON file `path` on top of `cfg`.  Returns the number of
 * problems reported through `error` (0 = clean), or -1 when the file could
 * not be read or is not a JSON object (then `cfg` is untouched).
 */
int cfg_load_file(const char *path, struct ixm_config *cfg, cfg_error_fn error,
    void *ctx);
/* Same, from a parsed object (used by tests and the file loader). */
int cfg_apply_json(json_t *root, struct ixm_config *cfg, cfg_error_fn error,
    void *ctx);

/* The effective configuration, every key, as check-config prints it. */
json_t *cfg_to_json(const struct ixm_config *cfg);

/* Markdown table of every key: type, default, bounds, meaning (docs). */
void cfg_print_reference(FILE *out);

/*
 * A remote syslog target, "udp://HOST:PORT" or "tcp://HOST:PORT" with an
 * IPv4 literal or a bracketed IPv6 literal ("udp://[2001:db8::1]:514");
 * the port defaults to 514.  No names: resolving one could block the
 * appliance.  0, or -1 with a one-line reason in `why`.
 */
struct cfg_target {
	int tcp;          /* 0 UDP, 1 TCP */
	int family;       /* 4 or 6 */
	uint8_t addr[16]; /* IPv4 in the first 4 bytes */
	uint16_t port;
};
int cfg_parse_target(const char *s, struct cfg_target *t, char *why,
    size_t whylen);
/* "daemon", "local0".."local7" for a syslog(3) facility, "?" otherwise. */
const char *cfg_facility_name(int facility);

/*
 * The next protocol name of a policy.forbidden_app_protocols list (names
 * separated by spaces or commas), copied into `tok`; advances *s.  Returns
 * 1, or 0 at the end of the list.
 */
int cfg_app_next(const char **s, char tok[CFG_APP_NAME_LEN]);

/*
 * 1 if web.ipv6_ranking `spec` ("none", "all", or AS numbers separated by
 * spaces or commas) names `asn`; NULL is "none".
 */
int cfg_ranking_includes(const char *spec, uint64_t asn);

/* "none", "asn", "ipv4-suffix" (the config file's spelling), "?" if invalid. */
const char *cfg_scheme_name(enum cfg_scheme s);

/*
 * 1 if `ethertype` is allowed on the LAN: listed in allowed_ethertypes, or
 * 0x8809 with allow_lacp, or 0x88cc with allow_lldp.
 */
int cfg_ethertype_allowed(const struct ixm_config *cfg, uint16_t ethertype);

#endif
