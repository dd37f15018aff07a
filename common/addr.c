/*
 * addr.c - prefix and MAC parsing (design note in addr.h).
 */
#include <arpa/inet.h>
#include <string.h>

#include "common/addr.h"
#include "common/fmt.h"

/* ---- prefixes ------------------------------------------------------- */

/* Zero every bit past `len`; 1 if one of them was set. */
static int prefix_mask(struct addr_prefix *p)
{
	size_t i;
	int had = 0;

	for (i = 0; i < 16; i++) {
		size_t bit = i * 8;
		uint8_t keep = bit >= p->len ? 0 :
		    bit + 8 <= p->len      ? 0xff :
					     (uint8_t)(0xff << (8 - (p->len - bit)));

		had |= (p->addr[i] & (uint8_t)~keep) != 0;
		p->addr[i] &= keep;
	}
	return had;
}

/* 1 to 3 decimal digits and nothing else, at most `max`. */
static int parse_len(const char *s, unsigned max, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (s[0] < '0' || s[0] > '9')
		return ADDR_PFX_LEN_NAN;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= 3 || s[i] < '0' || s[i] > '9')
			return ADDR_PFX_LEN_RANGE;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return ADDR_PFX_LEN_RANGE;
	*out = v;
	return ADDR_PFX_OK;
}

int addr_prefix_parse(const char *s, int version, struct addr_prefix *p,
    int *host_bits)
{
	char buf[INET6_ADDRSTRLEN + 1];
	const char *slash;
	struct addr_prefix tmp;
	unsigned len;
	size_t alen;
	int rc, had;

	if (s == NULL || p == NULL || (version != 4 && version != 6))
		return ADDR_PFX_BAD_ADDR;
	slash = strchr(s, '/');
	if (slash == NULL)
		return ADDR_PFX_NO_LEN;
	alen = (size_t)(slash - s);
	if (alen == 0 || alen >= sizeof(buf))
		return ADDR_PFX_BAD_ADDR;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	memset(&tmp, 0, sizeof(tmp));
	if (inet_pton(version == 4 ? AF_INET : AF_INET6, buf, tmp.addr) != 1)
		return ADDR_PFX_BAD_ADDR;
	rc = parse_len(slash + 1, version == 4 ? 32 : 128, &len);
	if (rc != ADDR_PFX_OK)
		return rc;
	tmp.len = (uint8_t)len;
	had = prefix_mask(&tmp);
	if (host_bits != NULL)
		*host_bits = had;
	*p = tmp;
	return ADDR_PFX_OK;
}

int addr_prefix_contains(const struct addr_prefix *p, int version,
    const uint8_t *addr)
{
	size_t full, rest;
	unsigned max = version == 4 ? 32 : 128;

	if (p == NULL || addr == NULL || (version != 4 && version != 6) ||
	    p->len > max)
		return 0;
	full = p->len / 8;
	rest = p->len % 8;
	if (memcmp(p->addr, addr, full) != 0)
		return 0;
	if (rest != 0) {
		uint8_t m = (uint8_t)(0xff << (8 - rest));

		if ((p->addr[full] & m) != (addr[full] & m))
			return 0;
	}
	return 1;
}

/* ---- MACs ----------------------------------------------------------- */

/* `n` hex digits (even) at `s` into out[*nout..]; 0 or -1. */
static int hex_run(const char *s, size_t n, uint8_t *out, size_t *nout)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i += 2) {
		hi = fmt_hexval((unsigned char)s[i]);
		lo = fmt_hexval((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[(*nout)++] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int addr_mac_parse(const char *s, size_t len, uint8_t mac[6])
{
	uint8_t out[6];
	size_t nout = 0, i, group;
	char sep;

	if (s == NULL)
		return -1;
	/* The length alone says the form: groups of `group` digits. */
	switch (len) {
	case 12: /* 001122334455 */
		group = 12;
		sep = 0;
		break;
	case 13: /* 001122-334455 (HP) */
		group = 6;
		sep = '-';
		break;
	case 14: /* 0011.2233.4455 (Cisco) */
		group = 4;
		sep = '.';
		break;
	case 17: /* 00:11:22:33:44:55, 00-11-.. */
		group = 2;
		sep = s[2];
		if (sep != ':' && sep != '-')
			return -1;
		break;
	default:
		return -1;
	}
	/* Groups tile the string exactly: 12 / group groups, 1 byte apart. */
	for (i = 0; i < len; i += group + 1) {
		if (hex_run(s + i, group, out, &nout) < 0)
			return -1;
		if (i + group < len && s[i + group] != sep)
			return -1;
	}
	if (nout != 6)
		return -1;
	memcpy(mac, out, 6);
	return 0;
}
