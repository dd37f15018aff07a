/*
 * report_csv.c - see report_csv.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jget.h"
#include "common/log.h"
#include "common/report_csv.h"

void csv_row(csv_put_fn put, void *ctx, const char *const *v, size_t n)
{
	const char *s, *q;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			put(ctx, ",", 1);
		if ((s = v[i]) == NULL)
			continue;
		if (strpbrk(s, ",\"\r\n") == NULL) {
			put(ctx, s, strlen(s));
			continue;
		}
		put(ctx, "\"", 1);
		while ((q = strchr(s, '"')) != NULL) {
			put(ctx, s, (size_t)(q - s) + 1);
			put(ctx, "\"", 1);
			s = q + 1;
		}
		put(ctx, s, strlen(s));
		put(ctx, "\"", 1);
	}
	put(ctx, "\r\n", 2);
}

/* ---- members ---- */

enum { M_ASNUM, M_NAME, M_V4_REG, M_V4_SEEN, M_V6_REG, M_V6_STATUS, M_SCHEME,
	M_V4_SENT, M_V6_SENT, M_V4_RECV, M_V6_RECV, M_SHARE, M_SHARE_CI,
	M_VENDOR, M_MACS_REG, M_MACS_SEEN, M_V6_FIRST, M_V6_LAST, M_NCOL };

static const char *const member_header[M_NCOL] = {"asnum", "name",
    "ipv4_registered", "ipv4_seen", "ipv6_registered", "ipv6_status",
    "ipv6_scheme", "ipv4_bytes_sent", "ipv6_bytes_sent", "ipv4_bytes_received",
    "ipv6_bytes_received", "ipv6_share_bytes", "ipv6_share_bytes_ci95",
    "vendor", "macs_registered", "macs_seen", "ipv6_first_seen",
    "ipv6_last_seen"};

/* A JSON number as text in buf (or NULL when absent). */
static const char *num(const json_t *m, const char *path, char *buf, size_t len)
{
	const json_t *v = jget(m, path);

	if (json_is_integer(v))
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, len, "%.6f", json_real_value(v));
	else
		return NULL;
	return buf;
}

/* A list of strings joined by spaces (MACs), in buf. */
static const char *joined(const json_t *arr, char *buf, size_t len)
{
	const json_t *e;
	size_t i, used = 0;

	buf[0] = '\0';
	json_array_foreach(arr, i, e) {
		const char *s = json_string_value(e);
		int w;

		if (s == NULL || used >= len)
			continue;
		w = snprintf(buf + used, len - used, "%s%s", used ? " " : "", s);
		used += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

void csv_members(const json_t *report, int (*keep)(void *kctx, uint64_t asn),
    void *kctx, csv_put_fn put, void *ctx)
{
	const json_t *m;
	size_t i;

	csv_row(put, ctx, member_header, M_NCOL);
	json_array_foreach(json_object_get(report, "members"), i, m) {
		char b[M_NCOL][48], macs_reg[512], macs_seen[512];
		const char *v[M_NCOL] = {0};
		const json_t *seen4 = jget(m, "ipv4.seen");

		if (!json_is_object(m) || !json_is_integer(json_object_get(m, "asnum")) ||
		    (keep && !keep(kctx, (uint64_t)json_integer_value(json_object_get(m, "asnum")))))
			continue;
		v[M_ASNUM] = num(m, "asnum", b[M_ASNUM], sizeof(b[0]));
		v[M_NAME] = jget_str(m, "name");
		v[M_V4_REG] = jget_str(m, "ipv4.registered");
		v[M_V4_SEEN] = json_is_boolean(seen4) ? (json_is_true(seen4) ? "true" : "false") : NULL;
		v[M_V6_REG] = jget_str(m, "ipv6.registered");
		v[M_V6_STATUS] = jget_str(m, "ipv6.status");
		v[M_SCHEME] = jget_str(m, "ipv6.scheme");
		v[M_V4_SENT] = num(m, "traffic.ipv4.bytes", b[M_V4_SENT], sizeof(b[0]));
		v[M_V6_SENT] = num(m, "traffic.ipv6.bytes", b[M_V6_SENT], sizeof(b[0]));
		v[M_V4_RECV] = num(m, "traffic_in.ipv4.bytes", b[M_V4_RECV], sizeof(b[0]));
		v[M_V6_RECV] = num(m, "traffic_in.ipv6.bytes", b[M_V6_RECV], sizeof(b[0]));
		v[M_SHARE] = num(m, "ipv6_share.bytes", b[M_SHARE], sizeof(b[0]));
		v[M_SHARE_CI] = num(m, "ipv6_share.ci95.bytes", b[M_SHARE_CI], sizeof(b[0]));
		v[M_VENDOR] = jget_str(m, "vendor");
		v[M_MACS_REG] = joined(jget(m, "macs.registered"), macs_reg, sizeof(macs_reg));
		v[M_MACS_SEEN] = joined(jget(m, "macs.seen"), macs_seen, sizeof(macs_seen));
		v[M_V6_FIRST] = jget_str(m, "ipv6.first_seen");
		v[M_V6_LAST] = jget_str(m, "ipv6.last_seen");
		csv_row(put, ctx, v, M_NCOL);
	}
}

/* ---- reconciliation ---- */

const char *const recon_csv_header[RC_NCOL] = {"kind", "asnum", "name", "ip",
    "mac", "old_mac", "new_mac", "scheme", "action", "detail", "first_seen",
    "last_seen"};

const struct recon_list recon_lists[] = {
	{"unregistered_addresses", "unregistered_address",
	    "Addresses seen but not registered",
	    {[RC_ASNUM] = "asnum", [RC_NAME] = "name", [RC_IP] = "ip",
		[RC_MAC] = "mac", [RC_SCHEME] = "scheme",
		[RC_FIRST] = "first_seen", [RC_LAST] = "last_seen"}},
	{"silent_addresses", "silent_address",
	    "Addresses registered but never seen",
	    {[RC_ASNUM] = "asnum", [RC_NAME] = "name", [RC_IP] = "ip"}},
	{"mac_changes", "mac_change", "MAC changes",
	    {[RC_ASNUM] = "asnum", [RC_NAME] = "name", [RC_OLD_MAC] = "old_mac",
		[RC_NEW_MAC] = "new_mac", [RC_FIRST] = "at"}},
	{"suggestions", "suggestion", "Suggested corrections",
	    {[RC_ASNUM] = "asnum", [RC_NAME] = "name", [RC_ACTION] = "action",
		[RC_DETAIL] = "detail"}},
};
const size_t recon_nlists = sizeof(recon_lists) / sizeof(recon_lists[0]);

struct recon_row *recon_read_list(const json_t *recon, const struct recon_list *l,
    size_t *n, void (*bad)(void *bctx, const char *path, const char *what),
    void *bctx)
{
	const json_t *arr = json_object_get(recon, l->key), *e, *v;
	struct recon_row *rows, *r;
	char path[96], vpath[160];
	size_t i;
	int c;

	*n = 0;
	if (arr == NULL || json_is_null(arr))
		return NULL;
	if (!json_is_array(arr)) {
		snprintf(path, sizeof(path), "reconciliation.%s", l->key);
		if (bad)
			bad(bctx, path, "not an array");
		return NULL;
	}
	rows = xcalloc(json_array_size(arr) + 1, sizeof(*rows));
	json_array_foreach(arr, i, e) {
		snprintf(path, sizeof(path), "reconciliation.%s[%zu]", l->key, i);
		if (!json_is_object(e)) {
			if (bad)
				bad(bctx, path, "not an object");
			continue;
		}
		r = &rows[(*n)++];
		r->v[RC_KIND] = l->kind;
		for (c = 1; c < RC_NCOL; c++) {
			if (l->from[c] == NULL || (v = json_object_get(e, l->from[c])) == NULL ||
			    json_is_null(v))
				continue;
			if (c == RC_ASNUM ? !json_is_integer(v) : !json_is_string(v)) {
				snprintf(vpath, sizeof(vpath), "%s.%s", path, l->from[c]);
				if (bad)
					bad(bctx, vpath, c == RC_ASNUM ? "not a whole number"
								   : "not a string");
				continue;
			}
			if (c == RC_ASNUM) {
				snprintf(r->asnum, sizeof(r->asnum),
				    "%" JSON_INTEGER_FORMAT, json_integer_value(v));
				r->v[c] = r->asnum;
			} else {
				r->v[c] = json_string_value(v);
			}
		}
	}
	return rows;
}

int csv_reconciliation(const json_t *report, csv_put_fn put, void *ctx)
{
	const json_t *recon = json_object_get(report, "reconciliation");
	struct recon_row *rows;
	size_t i, j, n;

	if (!json_is_object(recon))
		return -1;
	csv_row(put, ctx, recon_csv_header, RC_NCOL);
	for (i = 0; i < recon_nlists; i++) {
		rows = recon_read_list(recon, &recon_lists[i], &n, NULL, NULL);
		for (j = 0; j < n; j++)
			csv_row(put, ctx, rows[j].v, RC_NCOL);
		free(rows);
	}
	return 0;
}
