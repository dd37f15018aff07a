/*
 * report_csv.h - two tables of a report (`ixmon analyze --members`, or the
 * state.json of `ixmon run`) as RFC 4180 CSV: the member table and the
 * registry reconciliation.  `ixmon reconcile` prints them and the
 * dashboard serves them (/api/members.csv, /api/reconciliation.csv): one
 * definition of the columns for both.
 *
 * Fields holding a comma, a quote, CR or LF are quoted, quotes doubled;
 * rows end in CRLF (RFC 4180 2).  Output goes through a callback so the
 * CLI writes to stdout and the server into its buffer.
 */
#ifndef IXMON_REPORT_CSV_H
#define IXMON_REPORT_CSV_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*csv_put_fn)(void *ctx, const char *s, size_t n);

/* One row of n fields; a NULL field is empty. */
void csv_row(csv_put_fn put, void *ctx, const char *const *v, size_t n);

/*
 * The member table, a header and a row per member of report["members"]
 * (asnum, name, IPv4 and IPv6 registered and status, traffic sent and
 * received, the IPv6 share and its 95% interval when sampled, vendor,
 * MACs); `keep` (NULL: every member) chooses the rows by AS number.
 */
void csv_members(const json_t *report, int (*keep)(void *kctx, uint64_t asn),
    void *kctx, csv_put_fn put, void *ctx);

/* The reconciliation's four lists, one row per finding (docs/reconcile.md). */
enum recon_col { RC_KIND, RC_ASNUM, RC_NAME, RC_IP, RC_MAC, RC_OLD_MAC,
	RC_NEW_MAC, RC_SCHEME, RC_ACTION, RC_DETAIL, RC_FIRST, RC_LAST, RC_NCOL };

extern const char *const recon_csv_header[RC_NCOL];

struct recon_list {
	const char *key, *kind, *title;
	const char *from[RC_NCOL]; /* the JSON key of each column it fills */
};
extern const struct recon_list recon_lists[];
extern const size_t recon_nlists;

struct recon_row {
	const char *v[RC_NCOL]; /* NULL: missing; strings live in the JSON */
	char asnum[24];
};

/*
 * The rows of list `l` of the reconciliation object `recon`; a value of
 * the wrong type is left out of its row and told to `bad` (path such as
 * "reconciliation.suggestions[3].asnum", and what it should be).
 */
struct recon_row *recon_read_list(const json_t *recon, const struct recon_list *l,
    size_t *n, void (*bad)(void *bctx, const char *path, const char *what),
    void *bctx);

/* Header and every row of report["reconciliation"]; -1 if it has none. */
int csv_reconciliation(const json_t *report, csv_put_fn put, void *ctx);

#endif
