/*
 * config.c - ixmon's JSON configuration, driven by one table.
 *
 * Design.  Every knob is one row of cfg_keys[] below (after Redis's
 * config.c): its dotted path, its type, where it lives in struct
 * ixm_config, its bounds, its default and a one-line meaning that also
 * says *why* the default is what it is.  Parsing, bounds checking,
 * cfg_defaults(), cfg_to_json() (what `ixmon check-config` prints) and
 * cfg_print_reference() (the table in docs/config.md) all walk that same
 * table, so a knob cannot be parsed but not printed, or documented with a
 * default it does not have: adding a knob is adding a row.
 *
 * The file is nested JSON objects, one per section ("lan", "policy",
 * "thresholds", "limits"); the path "thresholds.nd_per_minute_per_mac" is
 * {"thresholds": {"nd_per_minute_per_mac": 600}}.  Keys that start with
 * '_' ("_comment") are ignored at every level, because JSON has no
 * comments and operators annotate their files anyway.
 *
 * Errors do not stop the rest.  An unknown key, a wrong type, a value out
 * of bounds or a malformed prefix is reported through the caller's
 * callback with the key's full path and one sentence, and that key keeps
 * the value it had; every other key is still applied.  A NOC that fat-
 * fingers one threshold during an incident must not find its whole policy
 * silently back at the defaults, and it wants to see all of its mistakes
 * at once, not one per reload.  Lists are applied entry by entry: a bad
 * entry is reported and skipped, the good ones are kept up to the list's
 * capacity (beyond it: reported, the first ones kept).  Only a file that
 * cannot be read, is not JSON, repeats a key (which copy would win is
 * invisible to the operator) or is not an object at the top is refused as
 * a whole (-1), leaving the configuration untouched.
 *
 * Unknown keys get a "did you mean" from the table by edit distance,
 * comparing both the full path and the bare key name so that a key put in
 * the wrong section ("policy.max_macs") points to where it belongs.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "common/config.h"
#include "common/fmt.h"
#include "common/log.h"

_Static_assert(sizeof(enum cfg_scheme) == sizeof(int),
    "enum keys are stored through an int pointer");

enum cfg_type {
	CFG_T_UINT32,	  /* uint32_t, min..max */
	CFG_T_VLAN,	  /* int, -1 = auto, else 0..max */
	CFG_T_BOOL,	  /* uint8_t 0/1, JSON true/false */
	CFG_T_ENUM,	  /* int, by name from `names` */
	CFG_T_PATH,	  /* char[cap], "" = none */
	CFG_T_STRING,	  /* char[cap], "" = none, checked by `check` */
	CFG_T_ETHERTYPES, /* uint16_t[cap] + uint8_t count */
	CFG_T_PREFIX4,	  /* struct addr_prefix[cap] + uint8_t count */
	CFG_T_PREFIX6,
};

struct cfg_name {
	int value;
	const char *name;
};

struct cfg_key {
	const char *path;
	enum cfg_type type;
	size_t off;   /* the value in struct ixm_config */
	size_t n_off; /* lists: the uint8_t entry count */
	size_t cap;   /* lists: most entries; paths: buffer size */
	long long min, max;
	long long def;			/* scalar default */
	const char *const *def_list;	/* list default, NULL-terminated */
	const struct cfg_name *names;	/* enums, ends with {0, NULL} */
	/* strings and paths: 0, or -1 with a reason (NULL = any string) */
	int (*check)(const char *s, char *why, size_t whylen);
	const char *meaning;
};

#define OFF(f) offsetof(struct ixm_config, f)
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The smallest ethertype: values below 0x0600 are 802.3 lengths. */
#define CFG_ETHERTYPE_MIN 0x0600
#define CFG_THRESH_MAX 10000000

static const struct cfg_name scheme_names[] = {
	{CFG_SCHEME_NONE, "none"},
	{CFG_SCHEME_ASN, "asn"},
	{CFG_SCHEME_IPV4_SUFFIX, "ipv4-suffix"},
	{0, NULL},
};

/* syslog(3) facilities for alerts.syslog_facility (RFC 5424 codes * 8). */
static const struct cfg_name facility_names[] = {
	{LOG_DAEMON, "daemon"},
	{LOG_LOCAL0, "local0"},
	{LOG_LOCAL1, "local1"},
	{LOG_LOCAL2, "local2"},
	{LOG_LOCAL3, "local3"},
	{LOG_LOCAL4, "local4"},
	{LOG_LOCAL5, "local5"},
	{LOG_LOCAL6, "local6"},
	{LOG_LOCAL7, "local7"},
	{0, NULL},
};

static int check_target(const char *s, char *why, size_t whylen)
{
	struct cfg_target t;

	return s[0] == '\0' ? 0 : cfg_parse_target(s, &t, why, whylen);
}

/* A program run without a shell: no search path, so absolute. */
static int check_abs_path(const char *s, char *why, size_t whylen)
{
	if (s[0] == '\0' || s[0] == '/')
		return 0;
	snprintf(why, whylen, "want an absolute path (the hook is run "
	    "without a shell or search path), got \"%.60s\"", s);
	return -1;
}

/*
 * A list of nDPI protocol names: letters, digits and "_-.+", 1 to
 * CFG_APP_NAME_LEN-1 characters each, separated by spaces or commas.
 * Whether nDPI knows a name is checked when the analyzer starts (only
 * analyze/ndpi_shim.c talks to nDPI), with a warning naming it.
 */
int cfg_app_next(const char **s, char tok[CFG_APP_NAME_LEN])
{
	const char *p = *s;
	size_t n = 0;

	while (*p == ' ' || *p == ',' || *p == '\t')
		p++;
	if (*p == '\0') {
		*s = p;
		return 0;
	}
	while (*p && *p != ' ' && *p != ',' && *p != '\t') {
		if (n < CFG_APP_NAME_LEN - 1)
			tok[n++] = *p;
		p++;
	}
	tok[n] = '\0';
	*s = p;
	return 1;
}

static int check_apps(const char *s, char *why, size_t whylen)
{
	const char *p = s, *start, *c;
	char tok[CFG_APP_NAME_LEN];

	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		start = p;
		if (cfg_app_next(&p, tok) == 0)
			return 0;
		if ((size_t)(p - start) >= CFG_APP_NAME_LEN) {
			snprintf(why, whylen, "protocol name \"%.40s...\" is longer "
			    "than %d characters", start, CFG_APP_NAME_LEN - 1);
			return -1;
		}
		for (c = tok; *c; c++)
			if (!isalnum((unsigned char)*c) && !strchr("_-.+", *c)) {
				snprintf(why, whylen, "\"%s\" is not a protocol name "
				    "(want nDPI names such as \"MDNS\" separated by "
				    "spaces or commas)", tok);
				return -1;
			}
	}
}

/*
 * web.ipv6_ranking: who the public /ipv6 page may name.  "none" (nobody:
 * a member's traffic is its own business until it opts in), "all", or AS
 * numbers separated by spaces or commas.  The one parser serves the check
 * below and the dashboard (cfg_ranking_includes).
 */
static int ranking_next(const char **s, uint64_t *asn)
{
	const char *p = *s;
	uint64_t v = 0;
	size_t n = 0;

	while (*p == ' ' || *p == ',' || *p == '\t')
		p++;
	if (*p == '\0') {
		*s = p;
		return 0;
	}
	if ((p[0] == 'A' || p[0] == 'a') && (p[1] == 'S' || p[1] == 's'))
		p += 2;
	for (; *p >= '0' && *p <= '9' && n < 11; p++, n++)
		v = v * 10 + (uint64_t)(*p - '0');
	*s = p;
	if (n == 0 || n > 10 || v == 0 || v > 4294967295u ||
	    (*p && *p != ' ' && *p != ',' && *p != '\t'))
		return -1;
	*asn = v;
	return 1;
}

static int check_ranking(const char *s, char *why, size_t whylen)
{
	const char *p = s;
	uint64_t asn;
	int rc;

	if (strcmp(s, "all") == 0 || strcmp(s, "none") == 0)
		return 0;
	while ((rc = ranking_next(&p, &asn)) == 1)
		;
	if (rc == 0 && p != s)
		return 0;
	snprintf(why, whylen, "want \"all\", \"none\" or AS numbers separated "
	    "by spaces or commas (1 to 4294967295), got \"%.60s\"", s);
	return -1;
}

int cfg_ranking_includes(const char *spec, uint64_t asn)
{
	const char *p = spec;
	uint64_t v;

	if (spec == NULL || strcmp(spec, "none") == 0)
		return 0;
	if (strcmp(spec, "all") == 0)
		return 1;
	while (ranking_next(&p, &v) == 1)
		if (v == asn)
			return 1;
	return 0;
}

/* alerts.dashboard_url: pasted into syslog lines, so plain printable ASCII */
static int check_url(const char *s, char *why, size_t whylen)
{
	const char *p;

	if (s[0] == '\0')
		return 0;
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) {
		snprintf(why, whylen, "want an http:// or https:// URL, got "
		    "\"%.60s\"", s);
		return -1;
	}
	for (p = s; *p; p++)
		if (*p <= ' ' || *p > '~' || strchr("\"\\]<>", *p)) {
			snprintf(why, whylen, "a URL of printable ASCII without "
			    "spaces, quotes, backslashes, ']', '<' or '>' (percent-"
			    "encode them), got \"%.60s\"", s);
			return -1;
		}
	return 0;
}

/*
 * RFC 5424 6.3.2 / 7.2.2: an SD-ID is 1 to 32 printable US-ASCII
 * characters except '=', ' ', ']' and '"'; one without '@' is reserved
 * for IANA-registered names, so ours is NAME@ENTERPRISE-NUMBER.
 */
static int check_sd_id(const char *s, char *why, size_t whylen)
{
	const char *at = strchr(s, '@'), *p;
	size_t n = strlen(s);

	for (p = s; *p; p++)
		if (*p < 33 || *p > 126 || strchr("= ]\"", *p))
			break;
	if (n == 0 || n > 32 || *p != '\0' || at == NULL || at == s ||
	    at[1] == '\0' || strchr(at + 1, '@') != NULL ||
	    strspn(at + 1, "0123456789.") != strlen(at + 1) || at[1] == '.') {
		snprintf(why, whylen, "want an RFC 5424 SD-ID NAME@NUMBER (1 to 32 "
		    "printable characters, no '=', ']', '\"' or space; NUMBER your "
		    "IANA enterprise number), got \"%.60s\"", s);
		return -1;
	}
	return 0;
}

static const char *const def_none[] = {NULL};
static const char *const def_ranking[] = {"none", NULL};
static const char *const def_sd_id[] = {"ixmon@32473", NULL};
static const char *const def_forbidden_apps[] = {
	"MDNS SSDP LLMNR NetBIOS DHCP DHCPV6 SNMP TFTP WSD BJNP UBNTAC2 "
	"SMBv1 SMBv23 COAP", NULL};
static const char *const def_ethertypes[] = {"0x0800", "0x0806", "0x86dd",
	NULL};

#define U32(p, f, lo, hi, d, m)                                             \
	{.path = (p), .type = CFG_T_UINT32, .off = OFF(f), .min = (lo),     \
	    .max = (hi), .def = (d), .meaning = (m)}
#define BOOL(p, f, d, m)                                                    \
	{.path = (p), .type = CFG_T_BOOL, .off = OFF(f), .min = 0,          \
	    .max = 1, .def = (d), .meaning = (m)}
#define LIST(p, t, f, nf, dl, m)                                            \
	{.path = (p), .type = (t), .off = OFF(f), .n_off = OFF(nf),         \
	    .cap = NELEM(((struct ixm_config *)0)->f), .def_list = (dl),     \
	    .meaning = (m)}

static const struct cfg_key cfg_keys[] = {
	/* lan */
	{.path = "lan.vlan_id", .type = CFG_T_VLAN, .off = OFF(vlan_id),
	    .min = -1, .max = INT_MAX, .def = -1,
	    .meaning = "Which peering VLAN of the IX-F export to use, by its "
		       "IX-F vlan id. -1 (auto) picks the VLAN containing the "
		       "prefixes below, else the one with the most members; "
		       "set it when the export lists several LANs."},
	LIST("lan.ipv4_prefixes", CFG_T_PREFIX4, lan_v4, n_lan_v4, def_none,
	    "The peering LAN's IPv4 prefixes (usually one, e.g. a /22). "
	    "Empty = take them from the IX-F export; set them to check "
	    "addresses without an export, or to override a stale one."),
	LIST("lan.ipv6_prefixes", CFG_T_PREFIX6, lan_v6, n_lan_v6, def_none,
	    "The peering LAN's IPv6 prefixes (usually one /64). Empty = take "
	    "them from the IX-F export."),
	{.path = "lan.members_file", .type = CFG_T_PATH,
	    .off = OFF(members_file),
	    .cap = sizeof(((struct ixm_config *)0)->members_file),
	    .def_list = def_none,
	    .meaning = "IX-F Member Export (JSON) holding the member registry, "
		       "as IXP Manager publishes it, so nobody retypes the "
		       "member list. \"\" = none: no per-member checks. "
		       "--members overrides it; a relative path is taken from "
		       "the configuration file's directory."},

	/* policy */
	LIST("policy.allowed_ethertypes", CFG_T_ETHERTYPES, allowed_ethertypes,
	    n_allowed_ethertypes, def_ethertypes,
	    "Ethertypes allowed on the peering LAN (the innermost one, after "
	    "802.1Q tags); any other is an alert. Default: IPv4, ARP and "
	    "IPv6 only, what IXPs' published LAN rules allow. Strings "
	    "(\"0x86dd\") or numbers; LACP and LLDP are governed by the keys "
	    "below."),
	BOOL("policy.allow_lacp", allow_lacp, 0,
	    "Allow LACP and other slow protocols (0x8809). Off: some IXPs "
	    "allow LACP on the member link, but it never belongs on the "
	    "shared LAN; turn on if the capture sees member link bundles."),
	BOOL("policy.allow_mld", allow_mld, 0,
	    "Do not alert on MLD (RFC 3810) listener reports and queries. "
	    "Off: MLD on a peering LAN usually means a router has IPv6 "
	    "multicast routing enabled on its LAN interface; some IXPs "
	    "allow it."),
	BOOL("policy.allow_lldp", allow_lldp, 0,
	    "Allow LLDP (0x88cc). Off: IXP rules forbid CDP/LLDP and other "
	    "link-local protocols on the peering LAN."),
	U32("policy.macs_per_member", macs_per_member, 0, 256, 0,
	    "Source MACs one member may use before a port-security alert. "
	    "0 = as many as it registered in the IX-F export: most IXPs "
	    "allow one MAC per port and record it there."),
	{.path = "policy.scheme", .type = CFG_T_ENUM, .off = OFF(scheme),
	    .min = 0, .max = CFG_SCHEME_IPV4_SUFFIX, .def = CFG_SCHEME_NONE,
	    .names = scheme_names,
	    .meaning = "Members' IPv6 addressing scheme, to report off-scheme "
		       "addresses: none; asn (prefix::a5XX:XXXX:N, the AS "
		       "number in decimal digits, e.g. AS 6939 -> "
		       "::a500:6939:1); ipv4-suffix (the last 32 bits are the "
		       "member's IPv4 address). Default none: schemes differ "
		       "per IXP."},
	U32("policy.scheme_suffix", scheme_suffix, 0, 0xffff, 1,
	    "With scheme asn, the last 16-bit group of the address (N "
	    "above); 1 is the usual first router."),
	BOOL("policy.app_detection", app_detection, 1,
	    "Application view with nDPI (docs/detectors.md): protocols per "
	    "family and member, the BGP peering matrix, leaking protocols. "
	    "On: it costs a flow lookup per TCP/UDP frame and nDPI's work "
	    "on a flow's first packets only; off saves that on a saturated "
	    "collector."),
	{.path = "policy.forbidden_app_protocols", .type = CFG_T_STRING,
	    .off = OFF(forbidden_apps),
	    .cap = sizeof(((struct ixm_config *)0)->forbidden_apps),
	    .def_list = def_forbidden_apps, .check = check_apps,
	    .meaning = "Application protocols (nDPI names, any case, "
		       "separated by spaces or commas) that are a "
		       "forbidden_protocol alert when a member's router sends "
		       "them on the LAN itself (to a multicast or broadcast "
		       "address, or between LAN or link-local addresses; "
		       "transit traffic is members' customers' payload and "
		       "never judged). Default: service discovery, name "
		       "resolution, address configuration and management "
		       "protocols of hosts and CPE that leak when a router "
		       "port is bridged to an office LAN. \"\" = none. DHCP "
		       "and DHCPv6 are also found by port without nDPI."},

	/* thresholds: frames per minute of capture time unless named */
	U32("thresholds.nd_per_minute_per_mac", nd_per_minute_per_mac, 1,
	    CFG_THRESH_MAX, 600,
	    "ICMPv6 Neighbor Discovery frames per minute from one MAC before "
	    "an alert. 600 (10/s): a router resolving hundreds of peers stays "
	    "well below, an ND loop or a scan goes far above."),
	U32("thresholds.nd_per_minute_lan", nd_per_minute_lan, 1,
	    CFG_THRESH_MAX, 6000,
	    "ND frames per minute on the whole LAN before an alert. 6000: ten "
	    "times the per-MAC limit, so one chatty router alone does not "
	    "raise the LAN alarm."),
	U32("thresholds.mld_per_minute_per_mac", mld_per_minute_per_mac, 1,
	    CFG_THRESH_MAX, 60,
	    "MLD frames per minute from one MAC before an alert. 60 (1/s): "
	    "a listener answers a general query every 125 s (RFC 3810) with "
	    "a few reports, so a steady stream is a router with multicast "
	    "routing on its LAN interface."),
	U32("thresholds.mld_per_minute_lan", mld_per_minute_lan, 1,
	    CFG_THRESH_MAX, 600,
	    "MLD frames per minute on the whole LAN before an alert (ten "
	    "times the per-MAC limit)."),
	U32("thresholds.arp_per_minute_per_mac", arp_per_minute_per_mac, 1,
	    CFG_THRESH_MAX, 600,
	    "ARP frames per minute from one MAC before an alert. 600 (10/s), "
	    "the same budget as ND."),
	U32("thresholds.arp_per_minute_lan", arp_per_minute_lan, 1,
	    CFG_THRESH_MAX, 4000,
	    "ARP frames per minute on the whole LAN before an ARP storm "
	    "alert. 4000 is what one IXP's monitoring alarms at."),
	U32("thresholds.new_macs_per_minute", new_macs_per_minute, 1,
	    CFG_THRESH_MAX, 100,
	    "New source MACs per minute on the LAN before a MAC flood alert. "
	    "100: an IXP connects a few routers a day; a hundred in a minute "
	    "is a loop or a member bridging its own network."),
	U32("thresholds.went_dark_after", went_dark_after, 1, 2592000, 3600,
	    "Seconds without IPv6 from a member still active on IPv4 before "
	    "it is reported as gone dark. 3600: rides out session resets and "
	    "short maintenance, catches a router swap that left IPv6 off the "
	    "same day."),

	U32("thresholds.claim_window", claim_window, 1, 86400, 60,
	    "Seconds that decide between a router swap and a spoof. A MAC "
	    "that claims a member's address (ARP, ND or IP traffic from it) "
	    "while the member's own MAC is still heard within this window is "
	    "a spoof; when the old MAC stays quiet this long, the member "
	    "swapped its router (one mac_changed warning). Also how long an "
	    "unregistered MAC may go without a member's address before it is "
	    "reported unknown. 60: routers send BGP keepalives and ARP/ND well "
	    "within a minute; a swap takes longer."),

	/* limits: memory stays fixed under floods; evictions are counted */
	U32("limits.max_macs", max_macs, 16, 16777216, 65536,
	    "MAC table entries. A large IXP has about a thousand members and "
	    "a few thousand MACs; 65536 leaves room to see a flood as "
	    "evictions instead of running out of memory."),
	U32("limits.max_nd", max_nd, 16, 16777216, 65536,
	    "ND cache entries (IPv6 address to MAC), same reasoning as "
	    "max_macs."),
	U32("limits.max_trackers", max_trackers, 16, 16777216, 65536,
	    "Rate trackers (per MAC and protocol) for the thresholds."),
	U32("limits.max_alerts", max_alerts, 16, 1048576, 4096,
	    "Aggregated alerts kept at once. Dual-stack alerts are grouped, "
	    "so 4096 covers every member of the largest exchanges several "
	    "times over."),
	U32("limits.flows", max_flows, 16, 16777216, 65536,
	    "Flow table entries of the application view (about 900 bytes "
	    "each with nDPI's state). When full the least recently seen "
	    "flow is evicted and counted: a random 5-tuple flood cannot "
	    "grow memory. 65536 holds the concurrent flows of a sampled "
	    "large exchange."),
	U32("limits.flow_idle_timeout", flow_idle, 1, 86400, 300,
	    "Seconds of capture time without a frame before a flow is "
	    "retired. 300: longer than BGP's 180 s default hold time, so a "
	    "quiet session keeps its entry between keepalives."),
	U32("limits.ndpi_new_flows_per_second", new_flows_per_second, 1,
	    16777216, 20000,
	    "New flows per second of capture time handed to nDPI; beyond, "
	    "a flow is counted but not inspected (flows.uninspected). nDPI "
	    "runs every dissector on a flow's first packet (10-20 us), so a "
	    "random 5-tuple flood would otherwise cost the whole pipeline; "
	    "20000 keeps that under half a core. Port-based BGP sessions "
	    "are still seen."),
	U32("limits.bgp_sessions", max_bgp_sessions, 16, 1048576, 65536,
	    "Entries of the BGP peering matrix (address pairs per family); "
	    "the least recently seen is dropped beyond. 65536 holds the "
	    "bilateral sessions of an exchange of several hundred members, "
	    "in both families, for about 6 MB."),
	U32("limits.member_protocols", member_protocols, 1, 64, 10,
	    "Application protocols listed per member (the top N by bytes)."),

	/* alerts: lifecycle and sinks (docs/alerts.md) */
	U32("alerts.repeat_every", alert_repeat_every, 0, 604800, 300,
	    "Hold-down: seconds between two repeat messages of one alert that "
	    "keeps counting up (a flood raises once, then repeats rarely). "
	    "300: the NOC is reminded every five minutes, not per frame. 0 = "
	    "a repeat at every interval with new occurrences."),
	U32("alerts.clear_after", alert_clear_after, 1, 2592000, 600,
	    "Seconds without a new occurrence before a raised event alert is "
	    "cleared (a \"back to normal\" message); it is raised again if it "
	    "comes back. Condition alerts (v6_silent, v6_unregistered, "
	    "v6_went_dark, mac_mismatch, mac_multiple, mac_changed) do not use "
	    "it: they clear when the condition ends. 600: two repeat periods, "
	    "so a steady alert is not cleared between its repeats."),
	U32("alerts.max_per_minute", alert_max_per_minute, 1, 1000000, 60,
	    "Messages per minute per sink (syslog, remote syslog, exec) at "
	    "most; the rest are counted and summarised in one line when the "
	    "limit allows again, so a flood cannot flood the NOC's syslog. "
	    "The alerts.jsonl file is the complete record and is not "
	    "limited."),
	BOOL("alerts.syslog", alert_syslog, 1,
	    "Send alerts to the local syslog(3) (ident ixmon), where the "
	    "NOC's log pipeline usually already picks them up."),
	{.path = "alerts.syslog_facility", .type = CFG_T_ENUM,
	    .off = OFF(alert_syslog_facility), .min = LOG_DAEMON,
	    .max = LOG_LOCAL7, .def = LOG_DAEMON, .names = facility_names,
	    .meaning = "Facility of the local and remote syslog messages. "
		       "daemon, or local0 to local7 when the log pipeline "
		       "routes by facility."},
	{.path = "alerts.remote_syslog", .type = CFG_T_STRING,
	    .off = OFF(alert_remote_syslog),
	    .cap = sizeof(((struct ixm_config *)0)->alert_remote_syslog),
	    .def_list = def_none, .check = check_target,
	    .meaning = "Remote syslog collector for RFC 5424 messages with "
		       "structured data: udp://HOST:PORT or tcp://HOST:PORT "
		       "(octet-counted, RFC 6587), HOST an IPv4 literal or a "
		       "bracketed IPv6 literal ([2001:db8::1]), PORT 514 when "
		       "left out. \"\" = none. Literals only: a name lookup "
		       "could block the appliance."},
	{.path = "alerts.exec", .type = CFG_T_PATH, .off = OFF(alert_exec),
	    .cap = sizeof(((struct ixm_config *)0)->alert_exec),
	    .def_list = def_none, .check = check_abs_path,
	    .meaning = "Program run (without a shell) for every alert "
		       "message, with the message as JSON on stdin and "
		       "IXMON_EVENT, IXMON_TYPE, IXMON_SEVERITY, IXMON_ASNUM, "
		       "IXMON_MAC, IXMON_IP in its environment; never waited "
		       "for. \"\" = none."},
	U32("alerts.exec_max_running", alert_exec_max_running, 1, 64, 4,
	    "Hook programs running at once at most; beyond, messages are "
	    "counted as suppressed, so a hung hook cannot fork-bomb the "
	    "appliance."),
	{.path = "alerts.dashboard_url", .type = CFG_T_STRING,
	    .off = OFF(alert_dashboard_url),
	    .cap = sizeof(((struct ixm_config *)0)->alert_dashboard_url),
	    .def_list = def_none, .check = check_url,
	    .meaning = "The dashboard as the NOC reaches it (e.g. "
		       "https://noc.example.net/ixmon): every alert message "
		       "links to the member's page (URL/members/ASN) or the "
		       "NOC page (URL/), in the syslog text and as url= in the "
		       "structured data. \"\" = no link."},
	{.path = "alerts.syslog_sd_id", .type = CFG_T_STRING,
	    .off = OFF(alert_syslog_sd_id),
	    .cap = sizeof(((struct ixm_config *)0)->alert_syslog_sd_id),
	    .def_list = def_sd_id, .check = check_sd_id,
	    .meaning = "SD-ID of the remote syslog messages' structured data "
		       "(RFC 5424 7.2.2: NAME@ENTERPRISE-NUMBER). The default "
		       "uses 32473, the documentation number of RFC 5612; put "
		       "your organisation's IANA number here when the log "
		       "pipeline parses it."},

	/* run: the appliance (ixmon run); its command-line options win */
	{.path = "run.interfaces", .type = CFG_T_STRING, .off = OFF(run_interfaces),
	    .cap = sizeof(((struct ixm_config *)0)->run_interfaces),
	    .def_list = def_none,
	    .meaning = "Interfaces to capture on, separated by spaces or "
		       "commas (a mirror port, or a plain port on the peering "
		       "VLAN). \"\" = none; -i overrides."},
	{.path = "run.sflow", .type = CFG_T_STRING, .off = OFF(run_sflow),
	    .cap = sizeof(((struct ixm_config *)0)->run_sflow),
	    .def_list = def_none,
	    .meaning = "Where to collect sFlow v5: [ADDR:]PORT, ADDR a literal "
		       "(IPv6 in brackets); 6343 is the registered port. \"\" = "
		       "no collector; --sflow overrides."},
	{.path = "run.syslog", .type = CFG_T_STRING, .off = OFF(run_syslog),
	    .cap = sizeof(((struct ixm_config *)0)->run_syslog),
	    .def_list = def_none,
	    .meaning = "Where to receive switch syslog (UDP): [ADDR:]PORT. "
		       "\"\" = none; --syslog overrides."},
	{.path = "run.syslog_map", .type = CFG_T_PATH, .off = OFF(run_syslog_map),
	    .cap = sizeof(((struct ixm_config *)0)->run_syslog_map),
	    .def_list = def_none,
	    .meaning = "Switch port to member table and custom port-security "
		       "patterns (docs/syslog.md). \"\" = built-in patterns, "
		       "members by MAC only."},
	{.path = "run.state_dir", .type = CFG_T_PATH, .off = OFF(run_state_dir),
	    .cap = sizeof(((struct ixm_config *)0)->run_state_dir),
	    .def_list = def_none,
	    .meaning = "Directory for state.json and alerts.jsonl. \"\" = the "
		       "working directory; -d overrides."},
	{.path = "run.filter", .type = CFG_T_STRING, .off = OFF(run_filter),
	    .cap = sizeof(((struct ixm_config *)0)->run_filter),
	    .def_list = def_none,
	    .meaning = "BPF capture filter for the interfaces (pcap-filter(7)). "
		       "\"\" = every frame."},
	U32("run.interval", run_interval, 1, 86400, 60,
	    "Seconds between state.json writes and alert messages: the RRD step "
	    "of the long-lived IXP tools is one minute."),
	U32("run.snaplen", run_snaplen, 64, 262144, 256,
	    "Bytes kept per captured frame: headers are all ixmon reads, and "
	    "less copying means fewer kernel drops."),
	U32("run.buffer_mb", run_buffer_mb, 1, 4096, 64,
	    "Kernel capture buffer per interface in MiB: absorbs bursts while "
	    "state is written."),
	U32("run.sample", run_sample, 1, 1000000000, 1,
	    "Analyse 1 frame in N of the live frames (estimates scaled); "
	    "sFlow samples are never sampled again."),
	BOOL("run.promisc", run_promisc, 1,
	    "Promiscuous mode on the interfaces: a mirror port delivers "
	    "frames not addressed to us."),
	BOOL("run.rrd", run_rrd, 1,
	    "Write the RRDs of docs/graphs.md under state_dir/rrd every "
	    "interval; --no-rrd overrides."),
	BOOL("run.graphs", run_graphs, 1,
	    "Render the PNG/SVG graphs into state_dir/graphs every interval "
	    "(false: RRDs only, graphs made elsewhere); --no-graphs overrides."),
	{.path = "run.rrdcached", .type = CFG_T_STRING, .off = OFF(run_rrdcached),
	    .cap = sizeof(((struct ixm_config *)0)->run_rrdcached),
	    .def_list = def_none,
	    .meaning = "Write the RRDs through rrdcached: unix:/path or "
		       "host:port.  \"\" = write the files directly; "
		       "--rrdcached overrides."},
	{.path = "run.http", .type = CFG_T_STRING, .off = OFF(run_http),
	    .cap = sizeof(((struct ixm_config *)0)->run_http),
	    .def_list = def_none,
	    .meaning = "Serve the dashboard, API and /metrics (docs/dashboard.md) "
		       "on ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080.  \"\" "
		       "= no HTTP; --http overrides."},
	{.path = "run.http_token_file", .type = CFG_T_PATH,
	    .off = OFF(run_http_token_file),
	    .cap = sizeof(((struct ixm_config *)0)->run_http_token_file),
	    .def_list = def_none,
	    .meaning = "A file whose first line is the NOC token: it opens "
		       "every page and the API, and is the secret each "
		       "member's own token is derived from (docs/dashboard.md)."
		       "  \"\" = no token: every page open."},
	{.path = "web.ipv6_ranking", .type = CFG_T_STRING,
	    .off = OFF(web_ipv6_ranking),
	    .cap = sizeof(((struct ixm_config *)0)->web_ipv6_ranking),
	    .def_list = def_ranking, .check = check_ranking,
	    .meaning = "Members the public /ipv6 page names and ranks: "
		       "\"none\" (LAN-wide figures only), \"all\", or AS "
		       "numbers that opted in, separated by spaces or commas."},
};

#define CFG_NKEYS NELEM(cfg_keys)

/* A problem report: formats, calls the caller's callback, counts. */
struct cfg_err {
	cfg_error_fn fn;
	void *ctx;
	int count;
};

static void report(struct cfg_err *e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(struct cfg_err *e, const char *path, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	char where[256];

	e->count++;
	if (e->fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* the path holds the operator's key names, `what` their values */
	snprintf(where, sizeof(where), "%s", path);
	e->fn(e->ctx, fmt_printable(where), fmt_printable(what));
}

/* What the operator wrote instead, for "want X, got Y". */
static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "a whole number";
	case JSON_REAL:
		return "a number with a fraction";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "something else";
}

/* The part of a path after the section ("allow_mld" of "policy.allow_mld"). */
static const char *leaf(const char *path)
{
	const char *dot = strchr(path, '.');

	return dot ? dot + 1 : path;
}

static int section_known(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < CFG_NKEYS; i++)
		if (strncmp(cfg_keys[i].path, name, n) == 0 &&
		    cfg_keys[i].path[n] == '.')
			return 1;
	return 0;
}

static const struct cfg_key *key_find(const char *path)
{
	size_t i;

	for (i = 0; i < CFG_NKEYS; i++)
		if (strcmp(cfg_keys[i].path, path) == 0)
			return &cfg_keys[i];
	return NULL;
}

/*
 * Levenshtein distance, or a large number for strings too long to be a
 * typo of a key (which also bounds the work and the stack row).
 */
#define CFG_EDIT_MAX 64
static size_t edit_distance(const char *a, size_t la, const char *b,
    size_t lb)
{
	size_t row[CFG_EDIT_MAX + 1], i, j, diag, up, best;

	if (la > CFG_EDIT_MAX || lb > CFG_EDIT_MAX)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Close enough to be a typo: a third of the word, at least 1, at most 3. */
static int close_enough(size_t d, size_t len)
{
	size_t lim = len / 3;

	if (lim < 1)
		lim = 1;
	if (lim > 3)
		lim = 3;
	return d <= lim;
}

/*
 * The best suggestion for an unknown `path` (dotted, or a bare top-level
 * name), written into `out` ("" when nothing is close).  Compared: the
 * full path against every key, the last component against every key's
 * name (the key in the wrong section), and for a top-level name also
 * every section name.
 */
static void suggest(const char *path, char *out, size_t outlen)
{
	const char *name = leaf(path), *best = NULL;
	size_t i, d, bestd = SIZE_MAX, pl = strlen(path), nl = strlen(name);
	size_t sl;
	int top = strchr(path, '.') == NULL;

	for (i = 0; i < CFG_NKEYS; i++) {
		const char *kp = cfg_keys[i].path, *kn = leaf(kp);

		d = edit_distance(path, pl, kp, strlen(kp));
		if (close_enough(d, pl) && d < bestd) {
			bestd = d;
			best = kp;
		}
		d = edit_distance(name, nl, kn, strlen(kn));
		if (close_enough(d, nl) && d < bestd) {
			bestd = d;
			best = kp;
		}
		if (!top)
			continue;
		/* the section of this key, compared as a bare name */
		sl = (size_t)(kn - 1 - kp);
		d = edit_distance(path, pl, kp, sl);
		if (close_enough(d, pl) && d < bestd) {
			bestd = d;
			snprintf(out, outlen, "%.*s", (int)sl, kp);
			best = out;
		}
	}
	if (best == NULL)
		out[0] = '\0';
	else if (best != out)
		snprintf(out, outlen, "%s", best);
}

static const char *prefix_fmt(const struct addr_prefix *p, int version,
    char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (inet_ntop(version == 4 ? AF_INET : AF_INET6, p->addr, a,
		sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	snprintf(buf, len, "%s/%u", a, p->len);
	return buf;
}

/*
 * An IPv4 or IPv6 prefix "addr/len" with no host bits set (common/addr
 * parses); 0, or -1 with `why` set.  Host bits are refused with the
 * masked prefix as a suggestion: real exports carry such typos (a /23 on
 * an odd third octet), and a LAN prefix is worth getting right.
 */
static int prefix_parse(const char *s, int version, struct addr_prefix *p,
    char *why, size_t whylen)
{
	char fixed[64];
	int host_bits = 0;

	memset(p, 0, sizeof(*p));
	switch (addr_prefix_parse(s, version, p, &host_bits)) {
	case ADDR_PFX_OK:
		if (!host_bits)
			return 0;
		snprintf(why, whylen, "host bits are set; did you mean %s?",
		    prefix_fmt(p, version, fixed, sizeof(fixed)));
		return -1;
	case ADDR_PFX_NO_LEN:
		snprintf(why, whylen, "no /length");
		return -1;
	case ADDR_PFX_LEN_NAN:
		snprintf(why, whylen, "the length is not a number");
		return -1;
	case ADDR_PFX_LEN_RANGE:
		snprintf(why, whylen, "the length is not a number from 0 to %d",
		    version == 4 ? 32 : 128);
		return -1;
	default:
		snprintf(why, whylen, "not an IPv%d address", version);
		return -1;
	}
}

/*
 * An ethertype entry: a number, or a string "0x86dd" (hex, 1 to 4
 * digits).  Hex strings are what every reference writes; numbers are
 * accepted because JSON has no hex literals.  0 or -1 with `why` set.
 */
static int ethertype_parse(const json_t *v, uint16_t *et, char *why,
    size_t whylen)
{
	long long n;
	const char *s, *p;

	if (json_is_integer(v)) {
		n = json_integer_value(v);
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		if ((s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) ||
		    strlen(s + 2) < 1 || strlen(s + 2) > 4 ||
		    strlen(s) != json_string_length(v)) {
			snprintf(why, whylen,
			    "want a hex string such as \"0x86dd\", got \"%.40s\"",
			    s);
			return -1;
		}
		for (p = s + 2; *p != '\0'; p++)
			if (!isxdigit((unsigned char)*p)) {
				snprintf(why, whylen,
				    "want a hex string such as \"0x86dd\", got "
				    "\"%.40s\"",
				    s);
				return -1;
			}
		n = strtoll(s + 2, NULL, 16);
	} else {
		snprintf(why, whylen,
		    "want an ethertype such as \"0x86dd\" or a number, got %s",
		    json_kind(v));
		return -1;
	}
	if (n < CFG_ETHERTYPE_MIN || n > 0xffff) {
		snprintf(why, whylen,
		    "%lld is not an ethertype: want 0x0600 to 0xffff (below "
		    "are 802.3 lengths)",
		    n);
		return -1;
	}
	*et = (uint16_t)n;
	return 0;
}

/*
 * Apply one list key.  Entries are checked one by one; the good ones
 * replace the list (so an operator's list is never merged with the
 * default), the bad ones are reported with their index and skipped.
 */
static void apply_list(const struct cfg_key *k, const json_t *v,
    struct ixm_config *cfg, struct cfg_err *e)
{
	char epath[160], why[200], buf[64];
	uint8_t *np = (uint8_t *)cfg + k->n_off;
	size_t i, j, n = 0, extra = 0;
	const json_t *ent;
	int version = k->type == CFG_T_PREFIX4 ? 4 : 6;
	uint16_t ets[CFG_MAX_ETHERTYPES];
	struct addr_prefix pfx[CFG_MAX_PREFIXES], p;

	if (!json_is_array(v)) {
		report(e, k->path, "want a list, got %s", json_kind(v));
		return;
	}
	memset(ets, 0, sizeof(ets));
	memset(pfx, 0, sizeof(pfx));
	json_array_foreach(v, i, ent) {
		snprintf(epath, sizeof(epath), "%s[%zu]", k->path, i);
		if (k->type == CFG_T_ETHERTYPES) {
			uint16_t et;

			if (ethertype_parse(ent, &et, why, sizeof(why)) < 0) {
				report(e, epath, "%s", why);
				continue;
			}
			for (j = 0; j < n; j++)
				if (ets[j] == et)
					break;
			if (j < n) {
				report(e, epath, "0x%04x is listed twice", et);
				continue;
			}
			if (n < k->cap)
				ets[n++] = et;
			else
				extra++;
			continue;
		}
		if (!json_is_string(ent)) {
			report(e, epath, "want an IPv%d prefix such as \"%s\", "
			    "got %s", version,
			    version == 4 ? "192.0.2.0/24" : "2001:db8::/64",
			    json_kind(ent));
			continue;
		}
		if (prefix_parse(json_string_value(ent), version, &p, why,
			sizeof(why)) < 0) {
			report(e, epath, "bad IPv%d prefix \"%.60s\": %s",
			    version, json_string_value(ent), why);
			continue;
		}
		for (j = 0; j < n; j++)
			if (memcmp(&pfx[j], &p, sizeof(p)) == 0)
				break;
		if (j < n) {
			report(e, epath, "%s is listed twice",
			    prefix_fmt(&p, version, buf, sizeof(buf)));
			continue;
		}
		if (n < k->cap)
			pfx[n++] = p;
		else
			extra++;
	}
	/* every entry was checked, so all mistakes are reported at once */
	if (extra > 0)
		report(e, k->path, "%zu entries, at most %zu are allowed; the "
		    "first %zu are used", n + extra, k->cap, k->cap);
	/* unused slots are zeroed so equal configs compare equal bytewise */
	if (k->type == CFG_T_ETHERTYPES)
		memcpy((char *)cfg + k->off, ets, k->cap * sizeof(ets[0]));
	else
		memcpy((char *)cfg + k->off, pfx, k->cap * sizeof(pfx[0]));
	*np = (uint8_t)n;
}

/* "\"none\", \"asn\", \"ipv4-suffix\"" for an enum's error message. */
static void enum_choices(const struct cfg_key *k, char *buf, size_t len)
{
	const struct cfg_name *nm;
	size_t off = 0;

	buf[0] = '\0';
	for (nm = k->names; nm->name != NULL && off < len; nm++)
		off += (size_t)snprintf(buf + off, len - off, "%s\"%s\"",
		    off ? ", " : "", nm->name);
}

static void apply_key(const struct cfg_key *k, const json_t *v,
    struct ixm_config *cfg, struct cfg_err *e)
{
	char *base = (char *)cfg + k->off, want[200];
	const struct cfg_name *nm;
	const char *s;
	long long n;
	size_t len;

	switch (k->type) {
	case CFG_T_UINT32:
	case CFG_T_VLAN:
		if (!json_is_integer(v)) {
			report(e, k->path, "want %sa whole number from %lld to "
			    "%lld, got %s",
			    k->type == CFG_T_VLAN ? "-1 (auto) or " : "",
			    k->type == CFG_T_VLAN ? 0 : k->min, k->max,
			    json_kind(v));
			return;
		}
		n = json_integer_value(v);
		if (n < k->min || n > k->max) {
			report(e, k->path, "%lld is out of bounds: want %sa "
			    "whole number from %lld to %lld", n,
			    k->type == CFG_T_VLAN ? "-1 (auto) or " : "",
			    k->type == CFG_T_VLAN ? 0 : k->min, k->max);
			return;
		}
		if (k->type == CFG_T_VLAN)
			*(int *)(void *)base = (int)n;
		else
			*(uint32_t *)(void *)base = (uint32_t)n;
		return;
	case CFG_T_BOOL:
		if (!json_is_boolean(v)) {
			report(e, k->path, "want true or false, got %s",
			    json_kind(v));
			return;
		}
		*(uint8_t *)base = json_is_true(v) ? 1 : 0;
		return;
	case CFG_T_ENUM:
		if (json_is_string(v)) {
			s = json_string_value(v);
			for (nm = k->names; nm->name != NULL; nm++)
				if (strcmp(nm->name, s) == 0) {
					*(int *)(void *)base = nm->value;
					return;
				}
		}
		enum_choices(k, want, sizeof(want));
		if (json_is_string(v))
			report(e, k->path, "want one of %s, got \"%.60s\"", want,
			    json_string_value(v));
		else
			report(e, k->path, "want one of %s, got %s", want,
			    json_kind(v));
		return;
	case CFG_T_PATH:
	case CFG_T_STRING:
		if (!json_is_string(v)) {
			report(e, k->path, "want %s, got %s",
			    k->type == CFG_T_PATH ? "a file path (a string)"
						  : "a string",
			    json_kind(v));
			return;
		}
		s = json_string_value(v);
		len = json_string_length(v);
		if (strlen(s) != len) {
			report(e, k->path, "the %s contains a NUL character",
			    k->type == CFG_T_PATH ? "path" : "string");
			return;
		}
		if (len >= k->cap) {
			report(e, k->path, "the %s is %zu bytes long, at most "
			    "%zu are allowed",
			    k->type == CFG_T_PATH ? "path" : "string", len,
			    k->cap - 1);
			return;
		}
		if (k->check != NULL && k->check(s, want, sizeof(want)) < 0) {
			report(e, k->path, "%s", want);
			return;
		}
		memset(base, 0, k->cap);
		memcpy(base, s, len);
		return;
	case CFG_T_ETHERTYPES:
	case CFG_T_PREFIX4:
	case CFG_T_PREFIX6:
		apply_list(k, v, cfg, e);
		return;
	}
}

static int is_comment(const char *key)
{
	return key[0] == '_';
}

static void unknown(struct cfg_err *e, const char *path, int section)
{
	char sug[128];

	if (section && key_find(path) != NULL) {
		/* {"policy.allow_mld": true}: right name, flattened */
		report(e, path, "unknown section; dotted paths are written "
		    "nested: {\"%.*s\": {\"%s\": ...}}",
		    (int)(leaf(path) - 1 - path), path, leaf(path));
		return;
	}
	suggest(path, sug, sizeof(sug));
	if (sug[0] != '\0')
		report(e, path, "unknown %s; did you mean %s?",
		    section ? "section" : "key", sug);
	else
		report(e, path, "unknown %s", section ? "section" : "key");
}

static int apply(json_t *root, struct ixm_config *cfg, struct cfg_err *e)
{
	const char *sname, *kname;
	json_t *sec, *v;
	char path[192];

	json_object_foreach(root, sname, sec) {
		if (is_comment(sname))
			continue;
		if (!section_known(sname)) {
			unknown(e, sname, 1);
			continue;
		}
		if (!json_is_object(sec)) {
			report(e, sname, "want an object of %s keys, got %s",
			    sname, json_kind(sec));
			continue;
		}
		json_object_foreach(sec, kname, v) {
			const struct cfg_key *k;

			if (is_comment(kname))
				continue;
			snprintf(path, sizeof(path), "%s.%s", sname, kname);
			if ((k = key_find(path)) == NULL) {
				unknown(e, path, 0);
				continue;
			}
			apply_key(k, v, cfg, e);
		}
	}
	return e->count;
}

int cfg_apply_json(json_t *root, struct ixm_config *cfg, cfg_error_fn error,
    void *ctx)
{
	struct cfg_err e = {error, ctx, 0};

	if (!json_is_object(root)) {
		report(&e, "(top level)", "want a JSON object, got %s",
		    root ? json_kind(root) : "nothing");
		return -1;
	}
	return apply(root, cfg, &e);
}

int cfg_load_file(const char *path, struct ixm_config *cfg, cfg_error_fn error,
    void *ctx)
{
	struct cfg_err e = {error, ctx, 0};
	json_error_t jerr;
	json_t *root;
	int n;

	/* a repeated key would silently lose one of its two values */
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (jerr.line > 0)
			report(&e, path, "line %d, column %d: %s", jerr.line,
			    jerr.column, jerr.text);
		else
			report(&e, path, "%s", jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		report(&e, path, "want a JSON object at the top, got %s",
		    json_kind(root));
		json_decref(root);
		return -1;
	}
	n = apply(root, cfg, &e);
	json_decref(root);
	return n;
}

void cfg_defaults(struct ixm_config *cfg)
{
	json_t *list, *s;
	size_t i, j;
	struct cfg_err e = {NULL, NULL, 0};

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < CFG_NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		char *base = (char *)cfg + k->off;

		switch (k->type) {
		case CFG_T_UINT32:
			*(uint32_t *)(void *)base = (uint32_t)k->def;
			break;
		case CFG_T_VLAN:
		case CFG_T_ENUM:
			*(int *)(void *)base = (int)k->def;
			break;
		case CFG_T_BOOL:
			*(uint8_t *)base = (uint8_t)k->def;
			break;
		case CFG_T_PATH:
		case CFG_T_STRING:
			if (k->def_list[0] != NULL)
				snprintf(base, k->cap, "%s", k->def_list[0]);
			break;
		case CFG_T_ETHERTYPES:
		case CFG_T_PREFIX4:
		case CFG_T_PREFIX6:
			/*
			 * Defaults go through the parser, so the table's
			 * default text is the default.  A bad default is a
			 * programming error caught by the unit tests.
			 */
			if ((list = json_array()) == NULL)
				fatalx("out of memory");
			for (j = 0; k->def_list[j] != NULL; j++)
				if ((s = json_string(k->def_list[j])) == NULL ||
				    json_array_append_new(list, s) < 0)
					fatalx("out of memory");
			apply_list(k, list, cfg, &e);
			json_decref(list);
			break;
		}
		if (e.count != 0)
			fatalx("config table: bad default for %s", k->path);
	}
}

/* One key's value as JSON (new reference, NULL on allocation failure). */
static json_t *key_to_json(const struct cfg_key *k,
    const struct ixm_config *cfg)
{
	const char *base = (const char *)cfg + k->off;
	const struct cfg_name *nm;
	char buf[64];
	json_t *a;
	size_t i, n;
	int v;

	switch (k->type) {
	case CFG_T_UINT32:
		return json_integer(*(const uint32_t *)(const void *)base);
	case CFG_T_VLAN:
		return json_integer(*(const int *)(const void *)base);
	case CFG_T_BOOL:
		return json_boolean(*(const uint8_t *)base);
	case CFG_T_ENUM:
		v = *(const int *)(const void *)base;
		for (nm = k->names; nm->name != NULL; nm++)
			if (nm->value == v)
				return json_string(nm->name);
		return json_integer(v); /* will not load back: visible */
	case CFG_T_PATH:
	case CFG_T_STRING:
		/*
		 * Only a path set outside the file (--members) can be invalid
		 * UTF-8; print null for it rather than lose the whole output.
		 */
		if ((a = json_stringn(base, strnlen(base, k->cap))) == NULL)
			a = json_null();
		return a;
	case CFG_T_ETHERTYPES:
	case CFG_T_PREFIX4:
	case CFG_T_PREFIX6:
		if ((a = json_array()) == NULL)
			return NULL;
		n = *((const uint8_t *)cfg + k->n_off);
		if (n > k->cap)
			n = k->cap;
		for (i = 0; i < n; i++) {
			if (k->type == CFG_T_ETHERTYPES)
				snprintf(buf, sizeof(buf), "0x%04x",
				    ((const uint16_t *)(const void *)base)[i]);
			else
				prefix_fmt(
				    &((const struct addr_prefix *)(const void *)
					    base)[i],
				    k->type == CFG_T_PREFIX4 ? 4 : 6, buf,
				    sizeof(buf));
			json_array_append_new(a, json_string(buf));
		}
		return a;
	}
	return NULL;
}

json_t *cfg_to_json(const struct ixm_config *cfg)
{
	json_t *root, *sec, *v;
	char sname[32];
	size_t i;

	if ((root = json_object()) == NULL)
		return NULL;
	for (i = 0; i < CFG_NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];

		snprintf(sname, sizeof(sname), "%.*s",
		    (int)(leaf(k->path) - 1 - k->path), k->path);
		if ((sec = json_object_get(root, sname)) == NULL) {
			sec = json_object();
			if (sec == NULL || json_object_set_new(root, sname,
					       sec) < 0)
				goto fail;
		}
		if ((v = key_to_json(k, cfg)) == NULL ||
		    json_object_set_new(sec, leaf(k->path), v) < 0)
			goto fail;
	}
	return root;
fail:
	json_decref(root);
	return NULL;
}

const char *cfg_facility_name(int facility)
{
	const struct cfg_name *nm;

	for (nm = facility_names; nm->name != NULL; nm++)
		if (nm->value == facility)
			return nm->name;
	return "?";
}

int cfg_parse_target(const char *s, struct cfg_target *t, char *why,
    size_t whylen)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *p, *end, *colon;
	unsigned long port = 514;
	char *ep;
	size_t hl;

	memset(t, 0, sizeof(*t));
	if (strncmp(s, "udp://", 6) == 0) {
		t->tcp = 0;
	} else if (strncmp(s, "tcp://", 6) == 0) {
		t->tcp = 1;
	} else {
		snprintf(why, whylen, "want udp://HOST:PORT or tcp://HOST:PORT, "
		    "got \"%.60s\"", s);
		return -1;
	}
	p = s + 6;
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL) {
			snprintf(why, whylen, "\"%.60s\": an IPv6 host needs its "
			    "closing ]", s);
			return -1;
		}
		p++;
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			goto badport;
		t->family = 6;
	} else {
		colon = strchr(p, ':');
		end = colon ? colon : p + strlen(p);
		if (colon && strchr(colon + 1, ':') != NULL) {
			snprintf(why, whylen, "\"%.60s\": write an IPv6 host in "
			    "brackets, udp://[2001:db8::1]:514", s);
			return -1;
		}
		t->family = 4;
	}
	hl = (size_t)(end - p);
	if (hl == 0 || hl >= sizeof(host)) {
		snprintf(why, whylen, "\"%.60s\": want an IPv4 or [IPv6] "
		    "address as the host", s);
		return -1;
	}
	memcpy(host, p, hl);
	host[hl] = '\0';
	if (inet_pton(t->family == 4 ? AF_INET : AF_INET6, host, t->addr) !=
	    1) {
		snprintf(why, whylen, "\"%.60s\": the host must be an IPv%d "
		    "literal (names are not resolved), got \"%s\"", s,
		    t->family, host);
		return -1;
	}
	if (colon != NULL) {
		if (!isdigit((unsigned char)colon[1]))
			goto badport;
		port = strtoul(colon + 1, &ep, 10);
		if (*ep != '\0' || port == 0 || port > 65535)
			goto badport;
	}
	t->port = (uint16_t)port;
	return 0;
badport:
	snprintf(why, whylen, "\"%.60s\": want a port from 1 to 65535 after "
	    "the host", s);
	return -1;
}

const char *cfg_scheme_name(enum cfg_scheme s)
{
	const struct cfg_name *nm;

	for (nm = scheme_names; nm->name != NULL; nm++)
		if (nm->value == (int)s)
			return nm->name;
	return "?";
}

int cfg_ethertype_allowed(const struct ixm_config *cfg, uint16_t ethertype)
{
	size_t i, n = cfg->n_allowed_ethertypes;

	if (ethertype == 0x8809 && cfg->allow_lacp)
		return 1;
	if (ethertype == 0x88cc && cfg->allow_lldp)
		return 1;
	if (n > CFG_MAX_ETHERTYPES)
		n = CFG_MAX_ETHERTYPES;
	for (i = 0; i < n; i++)
		if (cfg->allowed_ethertypes[i] == ethertype)
			return 1;
	return 0;
}

/* Markdown cell text: a '|' would end the cell. */
static void md_cell(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
}

void cfg_print_reference(FILE *out)
{
	static const char *const tname[] = {
		[CFG_T_UINT32] = "integer",
		[CFG_T_VLAN] = "integer",
		[CFG_T_BOOL] = "boolean",
		[CFG_T_ENUM] = "string (enum)",
		[CFG_T_PATH] = "string (path)",
		[CFG_T_STRING] = "string",
		[CFG_T_ETHERTYPES] = "list of ethertypes",
		[CFG_T_PREFIX4] = "list of IPv4 prefixes",
		[CFG_T_PREFIX6] = "list of IPv6 prefixes",
	};
	struct ixm_config def;
	const struct cfg_name *nm;
	json_t *v;
	char *d;
	size_t i;

	cfg_defaults(&def);
	fprintf(out, "| Key | Type | Default | Bounds | Meaning |\n");
	fprintf(out, "|---|---|---|---|---|\n");
	for (i = 0; i < CFG_NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];

		v = key_to_json(k, &def);
		d = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		fprintf(out, "| `%s` | %s | `%s` | ", k->path, tname[k->type],
		    d ? d : "?");
		free(d);
		json_decref(v);
		switch (k->type) {
		case CFG_T_UINT32:
			fprintf(out, "%lld to %lld", k->min, k->max);
			break;
		case CFG_T_VLAN:
			fprintf(out, "-1 (auto), or 0 to %lld", k->max);
			break;
		case CFG_T_BOOL:
			fprintf(out, "true, false");
			break;
		case CFG_T_ENUM:
			for (nm = k->names; nm->name != NULL; nm++)
				fprintf(out, "%s`%s`",
				    nm == k->names ? "" : ", ", nm->name);
			break;
		case CFG_T_PATH:
		case CFG_T_STRING:
			fprintf(out, "at most %zu bytes", k->cap - 1);
			break;
		case CFG_T_ETHERTYPES:
			fprintf(out, "at most %zu, each 0x0600 to 0xffff",
			    k->cap);
			break;
		case CFG_T_PREFIX4:
		case CFG_T_PREFIX6:
			fprintf(out, "at most %zu, no host bits set", k->cap);
			break;
		}
		fprintf(out, " | ");
		md_cell(out, k->meaning);
		fprintf(out, " |\n");
	}
}
