/*
 * addr.h - IP prefixes and MAC addresses as people and switches write them.
 *
 * One parser for each, shared by every reader of text: the configuration's
 * LAN prefixes, the IX-F export's VLAN prefixes and router MACs
 * (members/registry.c), MACs in switch syslog messages
 * (capture/decode_syslog.c) and in a restored report (alerts/alert.c,
 * analyze/an_identity.c).  It lives in common/ because the config and the
 * capture decoders, which sit below the member model, need it too.
 * Formatting is in common/fmt.
 *
 * MACs.  Every spelling a switch or an IX-F file writes, in any case:
 *
 *	00:11:22:33:44:55	colon pairs (IEEE, Linux, Juniper, IX-F)
 *	00-11-22-33-44-55	dash pairs (IEEE 802, Windows, Huawei)
 *	0011.2233.4455		Cisco, Arista
 *	001122-334455		HP / Aruba ProCurve
 *	001122334455		bare hex (Extreme, some exports)
 *
 * Each form has a fixed length and fixed separator positions; anything
 * else (single-digit groups, mixed separators, trailing bytes) is rejected
 * rather than guessed at.  The parser takes a length, not a NUL-terminated
 * string, so the syslog decoder can call it on a bounded slice of a
 * datagram; it reads exactly `len` bytes and allocates nothing.
 *
 * Prefixes.  "a.b.c.d/len" or "x::/len".  Host bits are masked off and
 * reported, so the registry can accept "192.0.2.1/24" (what people write
 * when they mean the LAN of 192.0.2.1) while the config can refuse it with
 * a suggestion.
 */
#ifndef IXMON_ADDR_H
#define IXMON_ADDR_H

#include <stddef.h>
#include <stdint.h>

struct addr_prefix {
	uint8_t addr[16]; /* IPv4 in the first 4 bytes; host bits zero */
	uint8_t len;      /* prefix length in bits */
};

/* Why addr_prefix_parse refused; ADDR_PFX_OK (0) when it did not. */
enum addr_pfx_err {
	ADDR_PFX_OK = 0,
	ADDR_PFX_NO_LEN = -1,     /* no "/" */
	ADDR_PFX_BAD_ADDR = -2,   /* not an IPv4 / IPv6 address */
	ADDR_PFX_LEN_NAN = -3,    /* the length does not start with a digit */
	ADDR_PFX_LEN_RANGE = -4,  /* trailing bytes, or over 32 / 128 */
};

/*
 * Parse "addr/len" as IPv4 (`version` 4) or IPv6 (6) into `p`, masking
 * host bits off; `*host_bits` (when not NULL) says whether there were any.
 * Returns ADDR_PFX_OK, or a negative enum addr_pfx_err leaving `p` alone.
 */
int addr_prefix_parse(const char *s, int version, struct addr_prefix *p,
    int *host_bits);
/* 1 if `addr` (4 or 16 bytes as `version` is 4 or 6) is inside `p`. */
int addr_prefix_contains(const struct addr_prefix *p, int version,
    const uint8_t *addr);

/*
 * Parse the `len` bytes at `s` as a MAC in any of the forms above.
 * 0, or -1 leaving `mac` alone.  `s` may be NULL (-1).
 */
int addr_mac_parse(const char *s, size_t len, uint8_t mac[6]);

#endif
