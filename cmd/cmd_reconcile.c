/*
 * cmd_reconcile.c - `ixmon reconcile [--csv] REPORT.json`: the registry
 * reconciliation a NOC works from ("113 registered, 117 seen, 9 silent",
 * then what to fix), read from the "reconciliation" section of a report
 * of `ixmon analyze --members` or of the state.json `ixmon run` writes
 * (docs/reconcile.md).  `-` reads stdin.
 *
 * One table of the four lists drives both outputs: each finding is read
 * once into the CSV's columns and the text tables pick theirs from there.
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
#include "common/log.h"

enum { C_KIND, C_ASNUM, C_NAME, C_IP, C_MAC, C_OLD_MAC, C_NEW_MAC, C_SCHEME,
	C_ACTION, C_DETAIL, C_FIRST, C_LAST, NCOL, T_MEMBER = NCOL };

static const char *const csv_header[NCOL] = {"kind", "asnum", "name", "ip",
    "mac", "old_mac", "new_mac", "scheme", "action", "detail", "first_seen",
    "last_seen"};

#define TCOLS 6	/* columns of a text table, at most */
#define MAXW 40	/* characters of a text column but the last, at most */

/* Each list: the JSON key of every CSV column it fills, its text table. */
static const struct list {
	const char *key, *kind, *title;
	const char *from[NCOL];
	int ncol, col[TCOLS];
	const char *hdr[TCOLS];
} lists[] = {
	{"unregistered_addresses", "unregistered_address",
	    "Addresses seen but not registered",
	    {[C_ASNUM] = "asnum", [C_NAME] = "name", [C_IP] = "ip",
		[C_MAC] = "mac", [C_SCHEME] = "scheme",
		[C_FIRST] = "first_seen", [C_LAST] = "last_seen"},
	    6, {C_IP, T_MEMBER, C_MAC, C_SCHEME, C_FIRST, C_LAST},
	    {"IP", "MEMBER", "MAC", "SCHEME", "FIRST SEEN", "LAST SEEN"}},
	{"silent_addresses", "silent_address",
	    "Addresses registered but never seen",
	    {[C_ASNUM] = "asnum", [C_NAME] = "name", [C_IP] = "ip"},
	    2, {C_IP, T_MEMBER}, {"IP", "MEMBER"}},
	{"mac_changes", "mac_change", "MAC changes",
	    {[C_ASNUM] = "asnum", [C_NAME] = "name", [C_OLD_MAC] = "old_mac",
		[C_NEW_MAC] = "new_mac", [C_FIRST] = "at"},
	    4, {T_MEMBER, C_OLD_MAC, C_NEW_MAC, C_FIRST},
	    {"MEMBER", "OLD MAC", "NEW MAC", "AT"}},
	{"suggestions", "suggestion", "Suggested corrections",
	    {[C_ASNUM] = "asnum", [C_NAME] = "name", [C_ACTION] = "action",
		[C_DETAIL] = "detail"},
	    3, {T_MEMBER, C_ACTION, C_DETAIL}, {"MEMBER", "ACTION", "DETAIL"}},
};

struct row {
	const char *v[NCOL];	/* NULL: missing; strings live in the JSON */
	char asnum[24];
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

static struct row *read_list(json_t *recon, const struct list *l, size_t *n)
{
	json_t *arr = get(recon, "reconciliation", l->key, JSON_ARRAY), *e, *v;
	struct row *rows, *r;
	char path[64];
	size_t i, len;
	int c;

	*n = 0;
	if (arr == NULL)
		return NULL;
	rows = xcalloc(json_array_size(arr) + 1, sizeof(*rows));
	json_array_foreach(arr, i, e) {
		snprintf(path, sizeof(path), "reconciliation.%s[%zu]", l->key, i);
		if (!json_is_object(e)) {
			log_warnx("%s: %s: not an object", file, path);
			bad = 1;
			continue;
		}
		r = &rows[(*n)++];
		r->v[C_KIND] = l->kind;
		for (c = 1; c < NCOL; c++) {
			if (l->from[c] == NULL || (v = get(e, path, l->from[c],
			    c == C_ASNUM ? JSON_INTEGER : JSON_STRING)) == NULL)
				continue;
			if (c == C_ASNUM) {
				snprintf(r->asnum, sizeof(r->asnum),
				    "%" JSON_INTEGER_FORMAT, json_integer_value(v));
				r->v[c] = r->asnum;
			} else
				r->v[c] = json_string_value(v);
		}
		len = (r->v[C_NAME] ? strlen(r->v[C_NAME]) : 0) + 32;
		r->member = xcalloc(1, len);
		snprintf(r->member, len, "%s%s%s%s", r->v[C_ASNUM] ? "AS" : "",
		    r->v[C_ASNUM] ? r->v[C_ASNUM] : "",
		    r->v[C_ASNUM] && r->v[C_NAME] ? " " : "",
		    r->v[C_NAME] ? r->v[C_NAME] : r->v[C_ASNUM] ? "" : "-");
	}
	return rows;
}

static const char *cell(const struct row *r, int col)
{
	const char *s = col == T_MEMBER ? r->member : r->v[col];

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

static void put_table(const struct list *l, const struct row *rows, size_t n)
{
	int w[TCOLS], c;
	size_t i;

	if (n == 0) {
		printf("\n%s: none\n", l->title);
		return;
	}
	printf("\n%s (%zu):\n", l->title, n);
	for (c = 0; c < l->ncol; c++) {
		w[c] = u8len(l->hdr[c]);
		for (i = 0; i < n; i++)
			if (u8len(cell(&rows[i], l->col[c])) > w[c])
				w[c] = u8len(cell(&rows[i], l->col[c]));
		if (w[c] > MAXW)
			w[c] = MAXW;
	}
	for (i = 0; i <= n; i++) {
		fputs("  ", stdout);
		for (c = 0; c < l->ncol; c++)
			put_cell(i == 0 ? l->hdr[c] : cell(&rows[i - 1], l->col[c]),
			    w[c], c == l->ncol - 1);
		putchar('\n');
	}
}

/* RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
static void put_csv(const char *const v[NCOL])
{
	const char *s;
	int c;

	for (c = 0; c < NCOL; c++) {
		if (c)
			putchar(',');
		if ((s = v[c]) == NULL || strpbrk(s, ",\"\r\n") == NULL) {
			fputs(s ? s : "", stdout);
			continue;
		}
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	}
	fputs("\r\n", stdout);
}

int cmd_reconcile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"csv", no_argument, NULL, 'C'},
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
	struct row *rows;
	size_t i, j, n;
	int ch, csv = 0;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'C')
			csv = 1;
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
	recon = json_object_get(root, "reconciliation");
	if (!json_is_object(recon)) {
		log_warnx("%s has no reconciliation section: run ixmon analyze "
		    "with --members", file);
		json_decref(root);
		return EXIT_INPUT_ERROR;
	}
	if (csv) {
		put_csv(csv_header);
	} else {
		m = get(recon, "reconciliation", "members", JSON_OBJECT);
		put_counts(m, "", all, 3);
		put_counts(m, "\nIPv6: ", v6, sizeof(v6) / sizeof(v6[0]));
		put_counts(m, "; ", absent, 1);
		putchar('\n');
	}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		rows = read_list(recon, &lists[i], &n);
		for (j = 0; csv && j < n; j++)
			put_csv(rows[j].v);
		if (!csv)
			put_table(&lists[i], rows, n);
		for (j = 0; j < n; j++)
			free(rows[j].member);
		free(rows);
	}
	json_decref(root);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("writing to stdout");
		return EXIT_INPUT_ERROR;
	}
	return bad ? EXIT_INPUT_ERROR : 0;
}
