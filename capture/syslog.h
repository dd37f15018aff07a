/*
 * syslog.h - switch syslog: one line parsed (RFC 3164 / RFC 5424) and
 * port-security violations recognised in it.
 *
 * Two layers, as for frames:
 *
 *  1. syslog_parse() is a pure decoder (no malloc, no globals, no I/O) of
 *     one datagram or line.  The result points into the caller's bytes
 *     (pointer + length, never NUL-terminated), so it lives as long as
 *     the input.  RFC 5424 is recognised by "<PRI>1 "; everything else is
 *     read as RFC 3164 ("<PRI>Mmm dd hh:mm:ss host tag[pid]: msg"), as
 *     leniently as real switches need (no PRI, Cisco "*" unsynced-clock
 *     marks, fractions, a year in the date, doubled spaces).  A line that
 *     holds a NUL byte, a bad PRI or a broken RFC 5424 header is
 *     SYSLOG_MALFORMED; the caller counts it and goes on.
 *
 *  2. A syslog_matcher, built once at load (regcomp), recognises
 *     port-security violations: the built-in vendor messages (Cisco IOS
 *     PSECURE_VIOLATION[_VLAN] and PM ERR_DISABLE psecure-violation, Cisco
 *     NX-OS ETH_PORT_SEC, Juniper ESWD / L2ALD MAC limits) and up to
 *     SYSLOG_MAX_PATTERNS extra POSIX extended regular expressions whose
 *     capture groups are mapped to the fields switch, port, mac, vlan
 *     (POSIX has no named groups, so the mapping is a small table).
 *
 * Patterns see the text after the hostname as an RFC 3164 relay prints
 * it, whatever the transport: "tag[pid]: msg" for RFC 3164 and
 * "app-name[procid]: msgid: msg" for RFC 5424 ("-" fields left out, the
 * UTF-8 BOM removed), so one pattern serves both; only its first
 * SYSLOG_MATCH_LEN bytes.  docs/syslog.md lists the formats.
 */
#ifndef IXMON_SYSLOG_H
#define IXMON_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

/*
 * Longest line considered: RFC 5424 6.1 asks receivers for at least 2048
 * octets; switches stay far below.  Longer input is parsed up to here and
 * flagged `truncated`.
 */
#define SYSLOG_MAX_LEN 4096

/*
 * Patterns (built-in and configured) see at most this many bytes of the
 * text described above: real port-security messages are a few hundred
 * bytes, and regexec() time grows with the length (super-linearly for
 * some constructs), so one long line cannot hold up the loop.
 */
#define SYSLOG_MATCH_LEN 1024

enum syslog_status {
	SYSLOG_OK = 0,
	SYSLOG_EMPTY,     /* nothing but line ends / NUL padding */
	SYSLOG_MALFORMED, /* binary, bad PRI, broken RFC 5424 header or SD */
};

enum syslog_format {
	SYSLOG_FMT_3164 = 0, /* BSD syslog, also any line without a header */
	SYSLOG_FMT_5424,
};

/* A piece of the input; len 0 (p may be NULL) when absent or "-". */
struct syslog_str {
	const char *p;
	size_t len;
};

struct syslog_msg {
	enum syslog_status status;
	enum syslog_format format;
	const char *why;   /* static reason when MALFORMED, else NULL */
	int pri;           /* 0..191, -1 when the line had none */
	int facility;      /* pri / 8, or -1 */
	int severity;      /* pri % 8, or -1 */
	uint8_t truncated; /* input was longer than SYSLOG_MAX_LEN */
	uint8_t has_bom;   /* RFC 5424 MSG began with the UTF-8 BOM */
	uint8_t has_time;  /* `sec`/`nsec` hold the parsed timestamp */
	int64_t sec;       /* Unix time, UTC (RFC 3164: the switch's clock, read as UTC) */
	uint32_t nsec;
	struct syslog_str timestamp; /* the text as sent */
	struct syslog_str hostname;
	struct syslog_str app_name;  /* RFC 3164: the TAG */
	struct syslog_str procid;    /* RFC 3164: the [pid] */
	struct syslog_str msgid;     /* RFC 5424 only */
	struct syslog_str sd;        /* RFC 5424 structured data, whole */
	struct syslog_str msg;       /* the free text (after tag / SD / BOM) */
	struct syslog_str content;   /* RFC 3164: from the tag to the end */
};

/*
 * Parse `len` bytes of one datagram or line (a trailing CR/LF/NUL is
 * ignored).  RFC 3164 dates have no year: `year` is used unless the date
 * carries one.  Always fills `m` (status says what it is); returns 0 for
 * SYSLOG_OK, -1 otherwise.
 */
int syslog_parse(const uint8_t *buf, size_t len, int year, struct syslog_msg *m);



/* ---- port-security matching ---- */

#define SYSLOG_MAX_PATTERNS 32 /* configured (extra) patterns */
#define SYSLOG_MAX_GROUP    9  /* highest capture group a field may use */
#define SYSLOG_SWITCH_LEN   64
#define SYSLOG_PORT_LEN     64
#define SYSLOG_NAME_LEN     48

/* Limits on a configured regex that keep matching fast (decode_syslog.c). */
#define SYSLOG_RE_MAX_LEN        512 /* bytes */
#define SYSLOG_RE_REPEAT_BUDGET  100 /* bounded-repeat copies, all {n,m} together */
#define SYSLOG_RE_MAX_DOTSTAR    3   /* unbounded wildcards: .* .+ .{n,} */

enum syslog_field {
	SYSLOG_F_SWITCH = 0,
	SYSLOG_F_PORT,
	SYSLOG_F_MAC,
	SYSLOG_F_VLAN,
	SYSLOG_F_MAX,
};

/* One configured pattern, as docs/syslog.md shows it in JSON. */
struct syslog_pattern_spec {
	const char *name;  /* shown in alerts; NULL or "" = "pattern <index>" */
	const char *regex; /* POSIX ERE, matched case-sensitively */
	/* capture group (1..SYSLOG_MAX_GROUP) per enum syslog_field, 0 = none */
	uint8_t group[SYSLOG_F_MAX];
	uint8_t shutdown;  /* the switch shut the port when this matches */
};

struct syslog_violation {
	char sw[SYSLOG_SWITCH_LEN];  /* hostname or the pattern's switch field; "" if none */
	char port[SYSLOG_PORT_LEN];  /* "" when the message names none */
	uint8_t has_mac;
	uint8_t mac[6];
	int vlan;                    /* -1 when not given */
	uint8_t shutdown;            /* port shut / err-disabled (critical) */
	uint8_t builtin;             /* 1 built in, 0 configured */
	int pattern;                 /* index into the built-ins or the configured list */
	char pattern_name[SYSLOG_NAME_LEN];
	uint8_t has_time;            /* from the syslog header */
	int64_t sec;
	uint32_t nsec;
};

enum syslog_result {
	SYSLOG_R_VIOLATION = 0,
	SYSLOG_R_OTHER,     /* a good line, not a port-security message */
	SYSLOG_R_MALFORMED, /* SYSLOG_MALFORMED from the parser */
	SYSLOG_R_EMPTY,
};

struct syslog_matcher;

/* Called per configured pattern that cannot be used; it is skipped. */
typedef void (*syslog_err_fn)(void *ctx, size_t index, const char *what);

/*
 * Compile the built-in patterns and the `n` configured ones.  A bad
 * pattern (does not compile, a field group beyond the regex's groups,
 * neither port nor mac captured, past SYSLOG_MAX_PATTERNS) or one that
 * could make regexec() slow (a backreference, a nested quantifier such as
 * "(a+)+", bounded repeats over SYSLOG_RE_REPEAT_BUDGET copies, more than
 * SYSLOG_RE_MAX_DOTSTAR ".*", longer than SYSLOG_RE_MAX_LEN) is reported
 * through `err` with its index, the message starting with the pattern's
 * name in quotes when it has one (`"x": backreference \1: ...`), and
 * left out; the others still load.
 * `*nerr` (if not NULL) gets the number of problems.  NULL only when
 * memory ran out.  Free with syslog_matcher_free().
 */
struct syslog_matcher *syslog_matcher_new(const struct syslog_pattern_spec *specs,
    size_t n, syslog_err_fn err, void *ctx, int *nerr);
void syslog_matcher_free(struct syslog_matcher *sm);
size_t syslog_matcher_count(const struct syslog_matcher *sm); /* configured, usable */

/*
 * Look for a violation in a parsed line: configured patterns first (the
 * operator knows best), then the built-ins.  0 and `v` filled, or -1.
 */
int syslog_match(const struct syslog_matcher *sm, const struct syslog_msg *m,
    struct syslog_violation *v);

/* syslog_parse() then syslog_match(): what the listener calls per datagram. */
enum syslog_result syslog_process(const struct syslog_matcher *sm,
    const uint8_t *buf, size_t len, int year, struct syslog_msg *m,
    struct syslog_violation *v);

const char *syslog_result_name(enum syslog_result r);
const char *syslog_field_name(enum syslog_field f);

#endif
