/*
 * registry.h - the member registry, loaded from an IX-F Member Export.
 *
 * The member model: it sits below analyze/, alerts/ and the configuration
 * users (cmd/), and includes nothing but common/ (prefix and MAC parsing
 * are common/addr, shared with the config and the syslog decoder).
 *
 * The IX-F Member Export (JSON, versions 0.6 to 1.0, schema published by
 * IX-F at github.com/euro-ix/json-schemas) is what IXP Manager and others publish: per member
 * its ASN and name, per connection and peering VLAN its IPv4 and IPv6
 * address and the router MACs.  It is the only member list ixmon reads, so
 * nobody retypes one.  Lookups by MAC, IPv4 and IPv6 are hash lookups: they
 * run for every analysed frame.
 *
 * Loading never refuses the usable rest because of one bad entry: each
 * problem becomes a warning naming the member and the field (duplicate MAC
 * or address across members, address outside the LAN prefix, malformed MAC
 * or address) and the entry is skipped or kept as the warning says.
 */
#ifndef IXMON_REGISTRY_H
#define IXMON_REGISTRY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

#define REG_MAX_ADDRS 8  /* per member and family (several ports / LANs) */
#define REG_MAX_MACS  16 /* per member */
#define REG_NAME_LEN  96

struct reg_member {
	uint32_t asnum;
	char name[REG_NAME_LEN];
	uint8_t n_v4, n_v6, n_macs;
	uint8_t v4[REG_MAX_ADDRS][4];
	uint8_t v6[REG_MAX_ADDRS][16];
	uint8_t macs[REG_MAX_MACS][6];
	/* how many MACs were registered for each family (policy default) */
	uint8_t n_macs_v4, n_macs_v6;
};

struct registry;

struct reg_opts {
	/*
	 * Which peering VLAN of the export to use when it has several: by the
	 * IX-F vlan id (>= 0), or else by containing this prefix (len > 0),
	 * or else (both unset) the VLAN with the most members.
	 */
	int vlan_id;
	struct addr_prefix want_v4, want_v6;
};

/* Called once per problem found while loading; `where` names member/field. */
typedef void (*reg_warn_fn)(void *ctx, const char *where, const char *what);

/*
 * Load `path`.  Returns NULL with a one-line reason in `err` only when
 * nothing usable could be read (missing file, not JSON, no member_list);
 * problems with single entries go to `warn` and loading goes on.
 */
struct registry *reg_load(const char *path, const struct reg_opts *opts,
    reg_warn_fn warn, void *ctx, char *err, size_t errlen);
void reg_free(struct registry *r);

size_t reg_count(const struct registry *r);
const struct reg_member *reg_member_at(const struct registry *r, size_t i);
/*
 * The i with reg_member_at(r, i) == m, for per-member state arrays of
 * reg_count(r) entries; SIZE_MAX when m is not a member of r.
 */
size_t reg_member_index(const struct registry *r, const struct reg_member *m);
/* 1 if `mac` is one of the member's registered MACs. */
int reg_member_has_mac(const struct reg_member *m, const uint8_t mac[6]);

/* The chosen VLAN's prefixes (len 0 when the export has none). */
const struct addr_prefix *reg_lan_v4(const struct registry *r);
const struct addr_prefix *reg_lan_v6(const struct registry *r);
/* The export's IXP name and chosen VLAN (IX-F id and name) for reports. */
json_t *reg_describe(const struct registry *r);
/* How many warnings loading gave (also in reg_describe). */
size_t reg_warnings(const struct registry *r);
/*
 * Members without any MAC (the public export has none): their MACs are
 * learned from their addresses.  Loading says so once, as a note through
 * the warning callback that reg_warnings() does not count.
 */
size_t reg_without_macs(const struct registry *r);

/* NULL when not registered. */
const struct reg_member *reg_by_mac(const struct registry *r, const uint8_t mac[6]);
const struct reg_member *reg_by_v4(const struct registry *r, const uint8_t addr[4]);
const struct reg_member *reg_by_v6(const struct registry *r, const uint8_t addr[16]);
const struct reg_member *reg_by_asn(const struct registry *r, uint32_t asnum);

#endif
