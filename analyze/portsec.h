/*
 * portsec.h - a switch's port-security violation (capture/syslog.h) turned
 * into a `port_security_violation` alert that says what happened.
 *
 * The switch only says "MAC M on port P of switch S".  We add who and why:
 *
 *  - which member: the (switch, port) -> ASN table an operator configures
 *    (`syslog.ports`, docs/syslog.md), else the member the registry (IX-F
 *    export) has the MAC for;
 *  - what the MAC is: when its bytes hold the peering LAN's IPv6 prefix
 *    (the first 4 bytes of a /32-or-longer prefix, at any offset in the 6
 *    bytes) it is no MAC at all but an IPv6 header read as an Ethernet
 *    header: a frame the member's router sent without its L2 header (next
 *    header, hop limit and the start of the source address are where the
 *    switch looks for the source MAC), the case docs/syslog.md shows; else a
 *    MAC registered to the port's member (its second MAC: new router,
 *    second router), to another member, or to no member at all.
 *
 * Severity: warning; critical when the switch shut the port (SECURE-
 * SHUTDOWN, err-disabled).  Key: type, MAC, ASN (when known) and subject
 * "switch port" (cut to the key's subject size), so repeats of one
 * violation fold into one alert with a count.  Time: the syslog header's
 * when it could be read, else `now` (the caller's receive time).
 */
#ifndef IXMON_PORTSEC_H
#define IXMON_PORTSEC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/alert.h"
#include "capture/syslog.h"
#include "members/registry.h"

/* One row of the operator's port table: which member is on which port. */
struct portsec_port {
	char sw[SYSLOG_SWITCH_LEN];  /* hostname as the switch logs it */
	char port[SYSLOG_PORT_LEN];  /* long or short form: Gi1/0/1 = GigabitEthernet1/0/1 */
	uint32_t asnum;
};

struct portsec_env {
	const struct registry *reg;       /* NULL: no member list */
	const struct portsec_port *ports; /* may be NULL when n_ports is 0 */
	size_t n_ports;
	struct addr_prefix lan_v6;         /* len 0: unknown (no misaligned check) */
	struct alert_table *alerts;
};

/*
 * The port table row for (sw, port), or NULL.  Switch names compare
 * without case and by first DNS label when only one side is qualified;
 * ports compare without case, by interface-type abbreviation
 * ("Gi1/0/1" = "GigabitEthernet1/0/1", "Et1/1" = "Ethernet1/1"), and a
 * Junos logical unit in the message ("ge-0/0/1.0") matches the physical
 * port in the table ("ge-0/0/1").
 */
const struct portsec_port *portsec_port_lookup(const struct portsec_port *ports,
    size_t n, const char *sw, const char *port);

/*
 * If `mac` holds the first 4 bytes of `lan_v6` (len >= 32): the offset
 * (0..2) where they start, else -1.
 */
int portsec_mac_misaligned(const struct addr_prefix *lan_v6, const uint8_t mac[6]);

/*
 * Raise the alert for `v`.  `origin` names the sender (its address) for
 * messages without a hostname; NULL or "" for none.  Returns the alert
 * (owned by the table) or NULL when the table is full.
 */
struct alert *portsec_raise(const struct portsec_env *env,
    const struct syslog_violation *v, const char *origin, int64_t now);

/*
 * The switch-port table and the custom patterns, read from a JSON file
 * {"ports": [...], "patterns": [...]} as docs/syslog.md shows.  Each bad
 * entry is reported through `err` with its path and skipped; the rest is
 * used.  Returns NULL (reason in `msg`) only when the file cannot be read
 * or is not a JSON object.  The specs point into the map: keep it until
 * syslog_matcher_new() has compiled them and the ports as long as used.
 */
struct portsec_map {
	struct portsec_port *ports;
	size_t n_ports;
	struct syslog_pattern_spec *specs;
	size_t n_specs;
	json_t *json; /* owns the pattern strings */
};

struct portsec_map *portsec_map_load(const char *path,
    void (*err)(void *ctx, const char *where, const char *what), void *ctx,
    char *msg, size_t msglen);
void portsec_map_free(struct portsec_map *m);

#endif
