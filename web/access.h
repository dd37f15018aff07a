/*
 * access.h - roles and tokens of the dashboard (design note in access.c,
 * the route table in docs/dashboard.md).
 */
#ifndef IXMON_ACCESS_H
#define IXMON_ACCESS_H

#include <stddef.h>
#include <stdint.h>

enum web_role {
	WEB_ROLE_PUBLIC = 0, /* no or a wrong token */
	WEB_ROLE_MEMBER,     /* a member token: `asn` */
	WEB_ROLE_NOC,        /* the NOC token, or no token configured */
};

struct web_auth {
	enum web_role role;
	uint64_t asn; /* WEB_ROLE_MEMBER */
};

/* libgcrypt's one-time initialisation, from the main thread: 0, or -1. */
int web_access_init(void);

/* Longest member token: "4294967295." and 64 hex digits. */
#define WEB_MEMBER_TOKEN_LEN 76

/*
 * The member token of `asn` (1..4294967295) under the NOC token `secret`:
 * "ASN." and 64 hex digits of HMAC-SHA256, NUL-terminated in `out`.
 * 0, or -1 (no secret, bad ASN, `out` too small, libgcrypt failure).
 */
int web_member_token(const char *secret, uint64_t asn, char *out, size_t outlen);

/*
 * The role of a client presenting `given` (NULL: none) when the NOC token
 * is `secret` (NULL: none configured, everyone is the NOC).  Comparisons
 * take the same time whatever the presented bytes.
 */
void web_auth_check(const char *secret, const char *given, struct web_auth *a);

/* 1 if `a` may see member `asn`'s page, graphs and API data. */
int web_auth_sees_member(const struct web_auth *a, uint64_t asn);

/*
 * 1 if graph file name `file` is a member graph ("member-..."), with the
 * member's ASN in *asn (0 when the rest is not "ASN-..." or "ASN."); else 0.
 */
int web_graph_member_asn(const char *file, uint64_t *asn);

#endif
