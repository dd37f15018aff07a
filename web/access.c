/*
 * access.c - who may see what on the dashboard: the NOC token, the member
 * tokens derived from it, and the routes each role opens.
 *
 * Roles.  The NOC token (one secret, `--token-file`) opens everything.  A
 * member token opens only that member's page, graphs and API entries.
 * Without a token (none configured, or none presented) a client sees the
 * public parts: /ipv6 (LAN-wide figures, the opted-in ranking), the LAN
 * graphs and the static files.  With no token configured at all, every
 * client is the NOC: a lab or a loopback-only listener.
 *
 * Member tokens are derived, not stored: "ASN.HEX" where HEX is
 * HMAC-SHA256(key = NOC token, message = "ixmon member token v1 AS<ASN>")
 * (RFC 2104 HMAC, FIPS 180-4 SHA-256; libgcrypt), 64 lowercase hex digits.
 * The NOC hands out links without keeping a table (`ixmon serve
 * --member-token ASN` prints one); a member cannot compute another's
 * token, nor the NOC token, from its own (HMAC is a PRF).  The ASN in
 * front says which member the token claims to be; the server recomputes
 * the MAC for that ASN and compares all 64 digits in constant time, so a
 * token for AS A presented on AS B's page is simply A's token: refused.
 * Rotating the NOC token rotates every member token.
 */
#include <gcrypt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "web/access.h"
#include "web/web.h"

#define MEMBER_MSG "ixmon member token v1 AS"

/*
 * libgcrypt wants gcry_check_version() once, from the main thread, before
 * any other thread uses it (nDPI may use it too, in the capture thread):
 * web_start() calls this before starting the server thread, and a command
 * that computes a token does so before starting any.
 */
int web_access_init(void)
{
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		return 0;
	if (gcry_check_version(NULL) == NULL)
		return -1;
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	return 0;
}

int web_member_token(const char *secret, uint64_t asn, char *out, size_t outlen)
{
	unsigned char mac[32];
	char msg[64];
	gcry_buffer_t iov[2];
	size_t i, n;

	if (secret == NULL || *secret == '\0' || asn == 0 || asn > 4294967295u)
		return -1;
	n = (size_t)snprintf(msg, sizeof(msg), MEMBER_MSG "%" PRIu64, asn);
	if (web_access_init() < 0)
		return -1;
	memset(iov, 0, sizeof(iov));
	iov[0].data = (void *)(uintptr_t)secret; /* with HMAC: the key */
	iov[0].len = strlen(secret);
	iov[1].data = msg;
	iov[1].len = n;
	if (gcry_md_hash_buffers(GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC, mac, iov, 2) != 0)
		return -1;
	n = (size_t)snprintf(out, outlen, "%" PRIu64 ".", asn);
	if (n + 2 * sizeof(mac) + 1 > outlen)
		return -1;
	for (i = 0; i < sizeof(mac); i++)
		snprintf(out + n + 2 * i, 3, "%02x", mac[i]);
	return 0;
}

/* "ASN." in front of a member token: the canonical decimal, or 0. */
static uint64_t token_asn(const char *given)
{
	uint64_t v = 0;
	size_t n;

	if (given[0] < '1' || given[0] > '9')
		return 0;
	for (n = 0; given[n] >= '0' && given[n] <= '9'; n++) {
		if (n >= 10)
			return 0;
		v = v * 10 + (uint64_t)(given[n] - '0');
	}
	return given[n] == '.' && v <= 4294967295u ? v : 0;
}

void web_auth_check(const char *secret, const char *given, struct web_auth *a)
{
	char want[WEB_TOKEN_MAX + 1];
	uint64_t asn;

	a->role = WEB_ROLE_PUBLIC;
	a->asn = 0;
	if (secret == NULL) {
		a->role = WEB_ROLE_NOC; /* no token configured: open */
		return;
	}
	if (given == NULL)
		return;
	if (web_token_equal(given, secret)) {
		a->role = WEB_ROLE_NOC;
		return;
	}
	if ((asn = token_asn(given)) != 0 &&
	    web_member_token(secret, asn, want, sizeof(want)) == 0 &&
	    web_token_equal(given, want)) {
		a->role = WEB_ROLE_MEMBER;
		a->asn = asn;
	}
}

int web_auth_sees_member(const struct web_auth *a, uint64_t asn)
{
	return a->role == WEB_ROLE_NOC || (a->role == WEB_ROLE_MEMBER && a->asn == asn);
}

int web_graph_member_asn(const char *file, uint64_t *asn)
{
	uint64_t v = 0;
	size_t n;

	if (strncmp(file, "member-", 7) != 0)
		return 0;
	file += 7;
	for (n = 0; file[n] >= '0' && file[n] <= '9' && n < 11; n++)
		v = v * 10 + (uint64_t)(file[n] - '0');
	/* "member-ASN-PERIOD.ext", "member-ASN.ext": anything else still
	 * counts as a member graph (of no one: NOC only) */
	*asn = n >= 1 && n <= 10 && (file[n] == '-' || file[n] == '.') ? v : 0;
	return 1;
}
