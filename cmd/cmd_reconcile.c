/*
 * cmd_reconcile.c - `ixmon reconcile [--csv | --members] REPORT.json`: the
 * registry reconciliation a NOC works from ("113 registered, 117 seen, 9
 * silent", then what to fix), read from the "reconciliation" section of a
 * report of `ixmon analyze --members` or of the state.json `ixmon run`
 * writes (docs/reconcile.md), or the member table as CSV.  `-` reads stdin.
 *
 * The lists and their CSV columns are common/report_csv.c's (the dashboard
 * serves the same CSV); each finding is read once into those columns and
 * the text tables here pick theirs from there.
 * A value of the wrong type is one line on stderr with its path and is
 * shown as missing ("-", "?", an empty CSV field); everything else is still
 * printed and the exit status is 1.  A file that cannot be read, is not
 * JSON or has no reconciliation object is one line naming it, exit 1.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "common/report_csv.h"
#include "common/log.h"

/* T_MEMBER: "AS64500 Name", made of two CSV columns for the text tables */
enum { T_MEMBER = RC_NCOL };

#define TCOLS 6	/* columns of a text table, at most */
#define MAXW 40	/* characters of a text column but the last, at most */

/* The text table of each of recon_lists[] (same order): its columns. */
static const struct text_view {
	int ncol, col[TCOLS];
	const char *hdr[TCOLS];
} views[] = {
	{6, {RC_IP, T_MEMBER, RC_MAC, RC_SCHEME, RC_FIRST, RC_LAST},
	    {"IP", "MEMBER", "MAC", "SCHEME", "FIRST SEEN", "LAST SEEN"}},
	{2, {RC_IP, T_MEMBER}, {"IP", "MEMBER"}},
	{4, {T_MEMBER, RC_OLD_MAC, RC_NEW_MAC, RC_FIRST},
	    {"MEMBER", "OLD MAC", "NEW MAC", "AT"}},
	{3, {T_MEMBER, RC_ACTION, RC_DETAIL}, {"MEMBER", "ACTION", "DETAIL"}},
};

struct row {
	const struct recon_row *r; /* into the list's recon_read_list() rows */
	char *member;		/* "AS64500 Name", for the text tables */
};

static const char *file;	/* the input as messages name it */
static int bad;			/* some value had the wrong type */

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: ixmon reconcile [options] REPORT.json\n\n"
	    "Print the member registry reconciliation of a report (`ixmon analyze\n"
	    "--members ...`) or of a state.json (`ixmon run`): the counts, addresses\n"
	    "seen but not registered, registered but never seen, MAC changes and the\n"
	    "suggested corrections.  REPORT.json '-' reads stdin.\n\n"
	    "options:\n"
	    "      --csv     RFC 4180 CSV, one row per finding, instead of text\n"
	    "      --members the member table as CSV instead (status, traffic, share)\n"
	    "  -h, --help    this text\n"
	    "      --version print the version\n\n"
	    "exit status: 0 read, 1 unreadable or wrong values (reported), 2 usage\n");
}

/* obj[key] if of type `want`; NULL if absent, null or (reported) not. */
static json_t *get(json_t *obj, const char *path, const char *key,
    json_type want)
{
	static const char *const what[] = {[JSON_OBJECT] = "an object",
	    [JSON_ARRAY] = "an array", [JSON_STRING] = "a string",
	    [JSON_INTEGER] = "a whole number"};
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_typeof(v) == want)
		return v;
	log_warnx("%s: %s.%s: not %s", file, path, key, what[want]);
	bad = 1;
	return NULL;
}

static json_t *load(const char *path)
{
	json_error_t jerr;
	struct stat sb;
	json_t *root;
	FILE *f = stdin;

	if (strcmp(path, "-") != 0 && (f = fopen(path, "r")) == NULL) {
		log_warn("%s", file);
		return NULL;
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		log_warnx("%s: is a directory", file);
		root = NULL;
	} else if ((root = json_loadf(f, 0, &jerr)) == NULL) {
		log_warnx("%s: not JSON: %s (line %d, column %d)", file, jerr.text,
		    jerr.line, jerr.column);
	}
	if (f != stdin)
		fclose(f);
	return root;
}

/* "N registered, N seen, N silent": "?" for a count that is not there. */
static void put_counts(json_t *m, const char *lead, const char *const kl[][2],
    size_t n)
{
	size_t i;
	json_t *v;

	fputs(lead, stdout);
	for (i = 0; i < n; i++) {
		v = get(m, "reconciliation.members", kl[i][0], JSON_INTEGER);
		if (v)
			printf("%s%" JSON_INTEGER_FORMAT " %s", i ? ", " : "",
			    json_integer_value(v), kl[i][1]);
		else
			printf("%s? %s", i ? ", " : "", kl[i][1]);
	}
}

static void report_bad(void *bctx, const char *path, const char *what)
{
	(void)bctx;
	log_warnx("%s: %s: %s", file, path, what);
	bad = 1;
}

/* The rows of list l (*rr: recon_read_list's, freed by the caller) with their labels. */
static struct row *read_list(json_t *recon, const struct recon_list *l,
    struct recon_row **rr, size_t *n)
{
	struct row *rows;
	size_t i, len;

	*rr = recon_read_list(recon, l, n, report_bad, NULL);
	rows = xcalloc(*n + 1, sizeof(*rows));
	for (i = 0; i < *n; i++) {
		const char *const *v = (*rr)[i].v;

		rows[i].r = &(*rr)[i];
		len = (v[RC_NAME] ? strlen(v[RC_NAME]) : 0) + 32;
		rows[i].member = xcalloc(1, len);
		snprintf(rows[i].member, len, "%s%s%s%s", v[RC_ASNUM] ? "AS" : "",
		    v[RC_ASNUM] ? v[RC_ASNUM] : "", v[RC_ASNUM] && v[RC_NAME] ? " " : "",
		    v[RC_NAME] ? v[RC_NAME] : v[RC_ASNUM] ? "" : "-");
	}
	return rows;
}

static const char *cell(const struct row *r, int col)
{
	const char *s = col == T_MEMBER ? r->member : r->r->v[col];

	return s ? s : "-";
}

/* Characters, not bytes: names are UTF-8 (jansson checked that). */
static int u8len(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* `s` in `w` characters, control characters as spaces; cut with "...". */
static void put_cell(const char *s, int w, int last)
{
	int len = u8len(s), cut = !last && len > w, keep = cut ? w - 3 : len;
	int n = 0;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch & 0xc0) != 0x80 && n++ == keep)
			break;
		putchar(ch < 0x20 || ch == 0x7f ? ' ' : ch);
	}
	if (cut)
		fputs("...", stdout);
	if (!last)
		printf("%*s", (cut ? 0 : w - len) + 2, "");
}

static void put_table(const struct recon_list *l, const struct text_view *tv,
    const struct row *rows, size_t n)
{
	int w[TCOLS], c;
	size_t i;

	if (n == 0) {
		printf("\n%s: none\n", l->title);
		return;
	}
	printf("\n%s (%zu):\n", l->title, n);
	for (c = 0; c < tv->ncol; c++) {
		w[c] = u8len(tv->hdr[c]);
		for (i = 0; i < n; i++)
			if (u8len(cell(&rows[i], tv->col[c])) > w[c])
				w[c] = u8len(cell(&rows[i], tv->col[c]));
		if (w[c] > MAXW)
			w[c] = MAXW;
	}
	for (i = 0; i <= n; i++) {
		fputs("  ", stdout);
		for (c = 0; c < tv->ncol; c++)
			put_cell(i == 0 ? tv->hdr[c] : cell(&rows[i - 1], tv->col[c]),
			    w[c], c == tv->ncol - 1);
		putchar('\n');
	}
}

static void put_stdout(void *ctx, const char *str, size_t n)
{
	(void)ctx;
	fwrite(str, 1, n, stdout);
}

int cmd_reconcile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"csv", no_argument, NULL, 'C'},
		{"members", no_argument, NULL, 'M'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static const char *const all[][2] = {{"registered", "registered"},
	    {"seen", "seen"}, {"ipv6_silent", "silent"}};
	static const char *const v6[][2] = {{"ipv6_registered", "registered"},
	    {"ipv6_active", "active"}, {"ipv6_silent", "silent"},
	    {"ipv6_unregistered", "unregistered"},
	    {"link_local_only", "link-local only"}, {"off_scheme", "off-scheme"}};
	static const char *const absent[][2] = {{"absent", "absent"}};
	json_t *root, *recon, *m;
	struct recon_row *rr;
	struct row *rows;
	size_t i, j, n;
	int ch, csv = 0, members = 0;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'C')
			csv = 1;
		else if (ch == 'M')
			members = 1;
		else /* -h, --version, or not an option of ours */
			return cmd_std_option(ch, usage);
	}
	if (optind != argc - 1) {
		log_warnx("reconcile: want exactly one report file (- for stdin)");
		usage(stderr);
		return EXIT_USAGE;
	}
	file = strcmp(argv[optind], "-") == 0 ? "stdin" : argv[optind];
	if ((root = load(argv[optind])) == NULL)
		return EXIT_INPUT_ERROR;
	if (members) {
		if (!json_is_array(json_object_get(root, "members"))) {
			log_warnx("%s has no members array: run ixmon analyze with --members", file);
			json_decref(root);
			return EXIT_INPUT_ERROR;
		}
		csv_members(root, NULL, NULL, put_stdout, NULL);
		json_decref(root);
		return fflush(stdout) == EOF || ferror(stdout) ? EXIT_INPUT_ERROR : 0;
	}
	recon = json_object_get(root, "reconciliation");
	if (!json_is_object(recon)) {
		log_warnx("%s has no reconciliation section: run ixmon analyze "
		    "with --members", file);
		json_decref(root);
		return EXIT_INPUT_ERROR;
	}
	if (csv) {
		csv_row(put_stdout, NULL, recon_csv_header, RC_NCOL);
	} else {
		m = get(recon, "reconciliation", "members", JSON_OBJECT);
		put_counts(m, "", all, 3);
		put_counts(m, "\nIPv6: ", v6, sizeof(v6) / sizeof(v6[0]));
		put_counts(m, "; ", absent, 1);
		putchar('\n');
	}
	if (sizeof(views) / sizeof(views[0]) != recon_nlists)
		fatalx("reconcile: a text view per list of common/report_csv.c");
	for (i = 0; i < recon_nlists; i++) {
		rows = read_list(recon, &recon_lists[i], &rr, &n);
		for (j = 0; csv && j < n; j++)
			csv_row(put_stdout, NULL, rr[j].v, RC_NCOL);
		if (!csv)
			put_table(&recon_lists[i], &views[i], rows, n);
		for (j = 0; j < n; j++)
			free(rows[j].member);
		free(rows);
		free(rr);
	}
	json_decref(root);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("writing to stdout");
		return EXIT_INPUT_ERROR;
	}
	return bad ? EXIT_INPUT_ERROR : 0;
}
