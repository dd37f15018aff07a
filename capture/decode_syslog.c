/*
 * decode_syslog.c - one syslog line parsed, port-security violations found.
 *
 * Wire formats (no transport framing: one UDP datagram or one line):
 *
 *   RFC 5424:  <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]
 *              TIMESTAMP = 2024-03-01T12:00:00.123+01:00 or "-"
 *              SD = "-" or [id name="value" ...]... where a value may hold
 *              \" \\ and \] escapes (6.3.3), so "]" inside quotes does not
 *              close the element.  MSG may start with the UTF-8 BOM.
 *   RFC 3164:  <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[pid]: MSG
 *              but really whatever devices send: no PRI, "*" or "." before
 *              the date (Cisco: clock not in sync), fractions, a year,
 *              doubled spaces, no hostname ("...:ss: %FAC-2-MNEMONIC: ..").
 *
 * The parser is pure: it reads through a bounded view (a pointer and the
 * bytes left), returns pieces as pointer + length into the input and
 * never allocates.  The matcher compiles its regular expressions once at
 * load (regcomp allocates; matching does not hold on to anything) and
 * then runs them over a bounded copy of the line, since regexec() wants
 * a C string.
 *
 * Vendor messages built in (docs/syslog.md says where each form is from):
 *   %PORT_SECURITY-2-PSECURE_VIOLATION: Security violation occurred,
 *       caused by MAC address 0013.1a41.544e on port FastEthernet0/14.
 *   %PORT_SECURITY-2-PSECURE_VIOLATION_VLAN: Security violation on port
 *       Gi1/0/1 due to MAC address 0011.2233.4455 on VLAN 10
 *   %PM-4-ERR_DISABLE: psecure-violation error detected on Gi4/13,
 *       putting Gi4/13 in err-disable state
 *   %ETH_PORT_SEC-2-ETH_PORT_SEC_SECURITY_VIOLATION_MAX_MAC_VLAN: Port
 *       Ethernet1/1 moved to SECURE-SHUTDOWN state as host 0011.2233.4455
 *       is trying to access the port in vlan 10   (and its siblings)
 *   ESWD_MAC_LIMIT_EXCEEDED|DROP|BLOCK: MAC limit (1) exceeded at
 *       ge-0/0/1.0[: dropping the packet|: shutting down the interface]
 *   ESWD_INVALID_MAC_ADDRESS: Invalid MAC address 00:11:.. received on ge-..
 *   L2ALD_MAC_LIMIT_REACHED_IF: Limit on learned MAC addresses reached for
 *       ge-1/0/23.0; current count is 3
 * Fields are found by keyword after the message's tag, not by position, so
 * small wording differences between releases still match.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/cursor.h"
#include "capture/syslog.h"
#include "common/addr.h"
#include "common/fmt.h"

/* ---- small helpers on a bounded view ---- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_print(int c) { return c >= 33 && c <= 126; } /* PRINTUSASCII */
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static struct syslog_str str_make(const uint8_t *p, size_t len)
{
	struct syslog_str s = {(const char *)p, len};
	return s;
}

/* Read exactly `n` decimal digits into *v. */
static int get_digits(struct cur *c, size_t n, int *v)
{
	size_t i;
	int x = 0;

	if (cur_left(c) < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit(c->p[i]))
			return -1;
		x = x * 10 + (c->p[i] - '0');
	}
	*v = x;
	return cur_skip(c, n);
}

static int get_char(struct cur *c, int want)
{
	if (cur_left(c) < 1 || c->p[0] != want)
		return -1;
	return cur_skip(c, 1);
}

static size_t skip_spaces(struct cur *c)
{
	size_t n = 0;

	while (cur_left(c) > 0 && c->p[0] == ' ') {
		cur_skip(c, 1);
		n++;
	}
	return n;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int valid_time(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	    d <= days_in_month(y, mo) && h <= 23 && mi <= 59 && s <= 60;
}

static int64_t to_epoch(int y, int mo, int d, int h, int mi, int s)
{
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* ".123" (1-9 digits) if present: nanoseconds. */
static int get_fraction(struct cur *c, uint32_t *nsec, size_t max)
{
	size_t n = 0;
	uint32_t v = 0;

	*nsec = 0;
	if (cur_left(c) < 1 || c->p[0] != '.')
		return 0;
	cur_skip(c, 1);
	while (cur_left(c) > 0 && is_digit(c->p[0]) && n < 9) {
		v = v * 10 + (uint32_t)(c->p[0] - '0');
		cur_skip(c, 1);
		n++;
	}
	if (n == 0 || n > max || (cur_left(c) > 0 && is_digit(c->p[0])))
		return -1;
	while (n++ < 9)
		v *= 10;
	*nsec = v;
	return 0;
}

/* ---- RFC 5424 ---- */

/* RFC 5424 6.2.3: FULL-DATE "T" FULL-TIME, or "-". */
static int parse_5424_time(struct cur *c, struct syslog_msg *m)
{
	const uint8_t *start = c->p;
	int y, mo, d, h, mi, s, oh = 0, om = 0, sign = 0;
	uint32_t ns;

	if (cur_left(c) > 0 && c->p[0] == '-' &&
	    (cur_left(c) == 1 || c->p[1] == ' ')) {
		cur_skip(c, 1);
		return 0; /* NILVALUE */
	}
	if (get_digits(c, 4, &y) < 0 || get_char(c, '-') < 0 ||
	    get_digits(c, 2, &mo) < 0 || get_char(c, '-') < 0 ||
	    get_digits(c, 2, &d) < 0)
		return -1;
	if (get_char(c, 'T') < 0 && get_char(c, 't') < 0)
		return -1;
	if (get_digits(c, 2, &h) < 0 || get_char(c, ':') < 0 ||
	    get_digits(c, 2, &mi) < 0 || get_char(c, ':') < 0 ||
	    get_digits(c, 2, &s) < 0 || get_fraction(c, &ns, 9) < 0)
		return -1;
	if (get_char(c, 'Z') == 0 || get_char(c, 'z') == 0) {
		sign = 0;
	} else if (get_char(c, '+') == 0) {
		sign = 1;
	} else if (get_char(c, '-') == 0) {
		sign = -1;
	} else {
		return -1;
	}
	if (sign != 0 && (get_digits(c, 2, &oh) < 0 || get_char(c, ':') < 0 ||
	    get_digits(c, 2, &om) < 0 || oh > 23 || om > 59))
		return -1;
	if (!valid_time(y, mo, d, h, mi, s))
		return -1;
	m->timestamp = str_make(start, (size_t)(c->p - start));
	m->sec = to_epoch(y, mo, d, h, mi, s) - sign * (oh * 3600 + om * 60);
	m->nsec = ns;
	m->has_time = 1;
	return 0;
}

/* A header field: 1..max printable characters, "-" meaning none. */
static int get_token(struct cur *c, size_t max, struct syslog_str *out)
{
	size_t n = 0;

	while (n < cur_left(c) && c->p[n] != ' ') {
		if (!is_print(c->p[n]) || n == max)
			return -1;
		n++;
	}
	if (n == 0)
		return -1;
	*out = (n == 1 && c->p[0] == '-') ? str_make(NULL, 0) : str_make(c->p, n);
	return cur_skip(c, n);
}

/* SD-NAME (SD-ID, PARAM-NAME): 1..32 printable except = SP ] " */
static int get_sd_name(struct cur *c)
{
	size_t n = 0;

	while (n < cur_left(c) && is_print(c->p[n]) && c->p[n] != '=' &&
	    c->p[n] != ']' && c->p[n] != '"')
		n++;
	if (n == 0 || n > 32)
		return -1;
	return cur_skip(c, n);
}

/* RFC 5424 6.3: "-" or 1*SD-ELEMENT; values may escape " \ and ]. */
static int parse_sd(struct cur *c, struct syslog_str *sd)
{
	const uint8_t *start = c->p;
	uint8_t ch;

	if (get_char(c, '-') == 0) {
		*sd = str_make(NULL, 0);
		return 0;
	}
	if (cur_left(c) < 1 || c->p[0] != '[')
		return -1;
	while (cur_left(c) > 0 && c->p[0] == '[') {
		cur_skip(c, 1);
		if (get_sd_name(c) < 0)
			return -1;
		while (get_char(c, ' ') == 0) {
			if (get_sd_name(c) < 0 || get_char(c, '=') < 0 ||
			    get_char(c, '"') < 0)
				return -1;
			for (;;) {
				if (cur_get8(c, &ch) < 0)
					return -1; /* unterminated value */
				if (ch == '\\') {
					if (cur_skip(c, 1) < 0)
						return -1;
				} else if (ch == '"') {
					break;
				}
			}
		}
		if (get_char(c, ']') < 0)
			return -1;
	}
	*sd = str_make(start, (size_t)(c->p - start));
	return 0;
}

static int parse_5424(struct cur *c, struct syslog_msg *m)
{
	static const uint8_t bom[3] = {0xef, 0xbb, 0xbf};

	m->format = SYSLOG_FMT_5424;
	if (cur_skip(c, 2) < 0) /* "1 " checked by the caller */
		return -1;
	if (parse_5424_time(c, m) < 0) {
		m->why = "bad RFC 5424 timestamp";
		return -1;
	}
	if (get_char(c, ' ') < 0 || get_token(c, 255, &m->hostname) < 0 ||
	    get_char(c, ' ') < 0 || get_token(c, 48, &m->app_name) < 0 ||
	    get_char(c, ' ') < 0 || get_token(c, 128, &m->procid) < 0 ||
	    get_char(c, ' ') < 0 || get_token(c, 32, &m->msgid) < 0 ||
	    get_char(c, ' ') < 0) {
		m->why = "bad RFC 5424 header";
		return -1;
	}
	if (parse_sd(c, &m->sd) < 0) {
		m->why = "bad RFC 5424 structured data";
		return -1;
	}
	if (cur_left(c) > 0 && get_char(c, ' ') < 0) {
		m->why = "no space after RFC 5424 structured data";
		return -1;
	}
	if (cur_left(c) >= 3 && memcmp(c->p, bom, 3) == 0) {
		m->has_bom = 1;
		cur_skip(c, 3);
	}
	m->msg = str_make(c->p, cur_left(c));
	return 0;
}

/* ---- RFC 3164 ---- */

static int get_month(struct cur *c, int *mo)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	int i;

	if (cur_left(c) < 3)
		return -1;
	for (i = 0; i < 12; i++)
		if (lower(c->p[0]) == months[i * 3] &&
		    lower(c->p[1]) == months[i * 3 + 1] &&
		    lower(c->p[2]) == months[i * 3 + 2]) {
			*mo = i + 1;
			return cur_skip(c, 3);
		}
	return -1;
}

/* 1 or 2 digits. */
static int get_small(struct cur *c, int *v)
{
	if (get_digits(c, 2, v) == 0)
		return 0;
	return get_digits(c, 1, v);
}

/*
 * "Mmm dd hh:mm:ss" (dd may be " d"), optionally "*" or "." before it,
 * a year after the day and a fraction after the seconds.  On success the
 * cursor is past the date; on failure it is untouched.
 */
static int parse_3164_date(struct cur *c, int year, struct syslog_msg *m)
{
	struct cur t = *c;
	int mo, d, h, mi, s, y = year, v;
	uint32_t ns;

	if (cur_left(&t) > 0 && (t.p[0] == '*' || t.p[0] == '.'))
		cur_skip(&t, 1);
	if (get_month(&t, &mo) < 0 || skip_spaces(&t) == 0 ||
	    get_small(&t, &d) < 0 || skip_spaces(&t) == 0)
		return -1;
	/* "Jan  1 2024 00:00:00" (Cisco "service timestamps ... year") */
	{
		struct cur ty = t;

		if (get_digits(&ty, 4, &v) == 0 && skip_spaces(&ty) > 0) {
			y = v;
			t = ty;
		}
	}
	if (get_small(&t, &h) < 0 || get_char(&t, ':') < 0 ||
	    get_digits(&t, 2, &mi) < 0 || get_char(&t, ':') < 0 ||
	    get_digits(&t, 2, &s) < 0 || get_fraction(&t, &ns, 9) < 0)
		return -1;
	if (cur_left(&t) > 0 && t.p[0] != ' ' && t.p[0] != ':')
		return -1;
	m->timestamp = str_make(c->p, (size_t)(t.p - c->p));
	if (valid_time(y, mo, d, h, mi, s)) {
		m->sec = to_epoch(y, mo, d, h, mi, s);
		m->nsec = ns;
		m->has_time = 1;
	}
	*c = t;
	return 0;
}

/* TAG[pid]: -> app_name, procid; msg after it.  No tag: msg = all. */
static void parse_3164_tag(struct cur c, struct syslog_msg *m)
{
	size_t n = 0, p;

	m->content = str_make(c.p, cur_left(&c));
	m->msg = m->content;
	while (n < cur_left(&c) && n <= 48 && is_print(c.p[n]) &&
	    c.p[n] != '[' && c.p[n] != ':')
		n++;
	if (n == 0 || n > 48 || n == cur_left(&c) ||
	    (c.p[n] != '[' && c.p[n] != ':'))
		return;
	if (c.p[n] == '[') {
		p = n + 1;
		while (p < cur_left(&c) && p - n <= 128 && is_print(c.p[p]) &&
		    c.p[p] != ']')
			p++;
		if (p == cur_left(&c) || c.p[p] != ']' || p == n + 1)
			return;
		m->procid = str_make(c.p + n + 1, p - n - 1);
		m->app_name = str_make(c.p, n);
		cur_skip(&c, p + 1);
		get_char(&c, ':');
	} else {
		m->app_name = str_make(c.p, n);
		cur_skip(&c, n + 1);
	}
	get_char(&c, ' ');
	m->msg = str_make(c.p, cur_left(&c));
}

static void parse_3164(struct cur *c, int year, struct syslog_msg *m)
{
	size_t n;

	m->format = SYSLOG_FMT_3164;
	if (parse_3164_date(c, year, m) == 0) {
		if (get_char(c, ':') == 0) {
			/* "..:ss: %FAC-.." - Cisco without a hostname */
			skip_spaces(c);
		} else if (skip_spaces(c) > 0) {
			n = 0;
			while (n < cur_left(c) && is_print(c->p[n]) && n < 256)
				n++;
			/* A tag ("sshd[1]:", "%LINK-3-UPDOWN:") is no hostname. */
			if (n > 0 && n < 256 && (n == cur_left(c) || c->p[n] == ' ') &&
			    c->p[n - 1] != ':' && memchr(c->p, '[', n) == NULL) {
				m->hostname = str_make(c->p, n);
				cur_skip(c, n);
				skip_spaces(c);
			}
		}
	}
	parse_3164_tag(*c, m);
}

int syslog_parse(const uint8_t *buf, size_t len, int year, struct syslog_msg *m)
{
	struct cur c;
	int pri = 0, nd = 0;

	memset(m, 0, sizeof(*m));
	m->pri = m->facility = m->severity = -1;
	if (buf == NULL)
		len = 0;
	if (len > SYSLOG_MAX_LEN) {
		len = SYSLOG_MAX_LEN;
		m->truncated = 1;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
	    buf[len - 1] == '\0'))
		len--;
	if (len == 0) {
		m->status = SYSLOG_EMPTY;
		return -1;
	}
	if (memchr(buf, 0, len) != NULL) {
		m->status = SYSLOG_MALFORMED;
		m->why = "NUL byte inside the line (binary data)";
		return -1;
	}
	c = cur_make(buf, len);
	if (c.p[0] == '<') {
		cur_skip(&c, 1);
		while (cur_left(&c) > 0 && is_digit(c.p[0]) && nd < 4) {
			pri = pri * 10 + (c.p[0] - '0');
			cur_skip(&c, 1);
			nd++;
		}
		if (nd == 0 || nd > 3 || pri > 191 || get_char(&c, '>') < 0) {
			m->status = SYSLOG_MALFORMED;
			m->why = "bad PRI";
			return -1;
		}
		m->pri = pri;
		m->facility = pri / 8;
		m->severity = pri % 8;
		/* RFC 5424: VERSION SP, then a timestamp or "-" */
		if (cur_left(&c) >= 3 && c.p[0] == '1' && c.p[1] == ' ' &&
		    (c.p[2] == '-' || is_digit(c.p[2]))) {
			if (parse_5424(&c, m) < 0) {
				m->status = SYSLOG_MALFORMED;
				return -1;
			}
			m->status = SYSLOG_OK;
			return 0;
		}
	}
	parse_3164(&c, year, m);
	m->status = SYSLOG_OK;
	return 0;
}

/* ---- the matcher ---- */

/* Cisco dotted, colon or dash pairs, HP 6-6, bare 12: one group (1 + 3 inner). */
#define MAC_RE "([0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}|" \
	"[0-9a-f]{2}(:[0-9a-f]{2}){5}|[0-9a-f]{2}(-[0-9a-f]{2}){5}|" \
	"[0-9a-f]{6}-[0-9a-f]{6}|[0-9a-f]{12})([^0-9a-z:.-]|[.:]?$|[.:][^0-9a-z])"
/* An interface name; never ends in the sentence's "." or ":" or ";". */
#define PORT_RE "([a-z0-9][a-z0-9/:._-]*[a-z0-9]|[a-z0-9])"

struct builtin {
	const char *name;
	const char *tag;   /* ERE, case-insensitive: this message */
	const char *port;  /* each searched after the tag; group 1 = value */
	const char *mac;
	const char *vlan;
	const char *shut;  /* matching text: the switch shut the port */
	uint8_t always_shut;
};

static const struct builtin builtins[] = {
	{"cisco-ios-psecure-violation-vlan",
	    "%PORT_SECURITY-[0-7]-PSECURE_VIOLATION_VLAN:",
	    "port +" PORT_RE, "mac address +" MAC_RE, "vlan +([0-9]+)",
	    NULL, 1 /* "shutdown vlan" mode: the VLAN is err-disabled on the port */},
	{"cisco-ios-psecure-violation",
	    "%PORT_SECURITY-[0-7]-PSECURE_VIOLATION:",
	    "port +" PORT_RE, "mac address +" MAC_RE, "vlan +([0-9]+)",
	    NULL, 0 /* also logged in "restrict" mode; %PM ERR_DISABLE tells */},
	{"cisco-ios-errdisable-psecure",
	    "%PM-[0-7]-ERR_DISABLE: +psecure-violation",
	    "detected on +" PORT_RE, NULL, NULL, NULL, 1},
	{"cisco-nxos-eth-port-sec",
	    "ETH_PORT_SEC-[0-7]-ETH_PORT_SEC_SECURITY_VIOLATION[A-Z_]*:",
	    "port +" PORT_RE, "host +" MAC_RE, "vlan +([0-9]+)",
	    "shutdown|err-?disabled?", 0},
	{"juniper-eswd-mac-limit",
	    "ESWD_MAC_LIMIT_(EXCEEDED|DROP|BLOCK):",
	    "exceeded at +" PORT_RE, NULL, NULL, "shutting down", 0},
	{"juniper-eswd-invalid-mac",
	    "ESWD_INVALID_MAC_ADDRESS:",
	    "received on +" PORT_RE, "mac address +" MAC_RE, NULL, NULL, 0},
	{"juniper-l2ald-mac-limit-if",
	    "L2ALD_MAC_LIMIT_REACHED_IF:",
	    "reached for +" PORT_RE, NULL, NULL, NULL, 0},
};
#define N_BUILTIN (sizeof(builtins) / sizeof(builtins[0]))

enum { BI_TAG = 0, BI_PORT, BI_MAC, BI_VLAN, BI_SHUT, BI_MAX };

struct sm_pattern {
	regex_t re;
	uint8_t group[SYSLOG_F_MAX];
	uint8_t shutdown;
	int index; /* in the configured list */
	char name[SYSLOG_NAME_LEN];
};

struct syslog_matcher {
	regex_t bi[N_BUILTIN][BI_MAX];
	uint8_t bi_has[N_BUILTIN][BI_MAX];
	struct sm_pattern pats[SYSLOG_MAX_PATTERNS];
	size_t n;
};

static const char *const field_names[SYSLOG_F_MAX] = {
	"switch", "port", "mac", "vlan",
};

const char *syslog_field_name(enum syslog_field f)
{
	return (unsigned)f < SYSLOG_F_MAX ? field_names[f] : "?";
}

static void report(syslog_err_fn err, void *ctx, int *nerr, size_t index,
    const char *what)
{
	char line[400];

	(*nerr)++;
	/* a pattern's name and text are quoted in `what` as the operator wrote them */
	snprintf(line, sizeof(line), "%s", what);
	if (err)
		err(ctx, index, fmt_printable(line));
}

/*
 * Patterns cheap enough to run on every datagram.  glibc's regexec() has
 * no time limit: with backreferences it backtracks (exponential; "(a*)*\1b"
 * takes 20 s on 256 bytes), and bounded repeats are expanded into copies
 * whose alternatives it tracks side by side ("a{0,255}" four times: 0.2 s
 * on 1 KB, thirty times: 35 s).  So a configured pattern is scanned before
 * regcomp() and refused when it has
 *   - a backreference \1..\9;
 *   - a repeated group (or a doubled quantifier) in which something else
 *     repeats: an unbounded repeat (*, +, {n,}) around anything quantified
 *     ("(a+)+", "(a*)*", "(.*)*", "(a?)+", "(a{2})*"), or any repeat around
 *     an unbounded one ("(a+){2}");
 *   - bounded repeats worth more than SYSLOG_RE_REPEAT_BUDGET copies in all:
 *     each {n,m} counts m times what it repeats (at least 1), "?" once, so
 *     "[0-9a-f]{12}" is 12, "(:[0-9a-f]{2}){5}" 10, "a?" 101 times or
 *     ".{0,101}" too many;
 *   - more than SYSLOG_RE_MAX_DOTSTAR unbounded wildcards (.*, .+, .{n,});
 *   - more than SYSLOG_RE_MAX_LEN bytes.
 * What is left, on a text cut to SYSLOG_MATCH_LEN, is about 3 ms at worst
 * (docs/syslog.md).  The scan reads ERE syntax only as far as needed: what
 * it does not understand is left to regcomp() to refuse.
 */
struct rx_frame {
	int quant;     /* something inside is quantified */
	int unb;       /* something inside repeats without bound */
	unsigned long weight; /* bounded-repeat copies inside */
};

struct rx_atom {
	int valid;     /* there is an atom a quantifier may apply to */
	int dot;       /* it is "." */
	int quant, unb;
	unsigned long weight;
};

static void rx_flush(struct rx_frame *f, struct rx_atom *a)
{
	if (a->valid) {
		f->quant |= a->quant;
		f->unb |= a->unb;
		f->weight += a->weight;
	}
	memset(a, 0, sizeof(*a));
}

/* "{n}", "{n,}", "{n,m}" at s: its length, the bounds (max -1: none); 0 if none. */
static size_t rx_interval(const char *s, long *min, long *max)
{
	size_t i = 1;
	long v = 0;
	int nd = 0;

	while (is_digit((unsigned char)s[i]) && nd < 9) {
		v = v * 10 + (s[i++] - '0');
		nd++;
	}
	if (nd == 0 && s[i] != ',')
		return 0;
	*min = v;
	*max = v;
	if (s[i] == ',') {
		i++;
		nd = 0;
		v = 0;
		while (is_digit((unsigned char)s[i]) && nd < 9) {
			v = v * 10 + (s[i++] - '0');
			nd++;
		}
		*max = nd ? v : -1;
	}
	return s[i] == '}' ? i + 1 : 0;
}

/* A bracket expression at s ("[...]"): its length, 0 if unterminated. */
static size_t rx_bracket(const char *s)
{
	size_t i = 1;

	if (s[i] == '^')
		i++;
	if (s[i] == ']')
		i++;
	while (s[i] && s[i] != ']') {
		if (s[i] == '[' && (s[i + 1] == ':' || s[i + 1] == '.' ||
		    s[i + 1] == '=')) {
			char end = s[i + 1];
			const char *q = s + i + 2;

			while (*q && !(q[0] == end && q[1] == ']'))
				q++;
			if (*q == '\0')
				return 0;
			i = (size_t)(q - s) + 2;
			continue;
		}
		i++;
	}
	return s[i] == ']' ? i + 1 : 0;
}

/* NULL when the pattern is cheap enough, else why not (into why). */
static const char *rx_check(const char *re, char *why, size_t size)
{
	struct rx_frame st[64];
	struct rx_atom at[64];
	int depth = 0, dotstar = 0;
	size_t i = 0, n;
	long min, max;

	if (strlen(re) > SYSLOG_RE_MAX_LEN) {
		snprintf(why, size, "regex longer than %d bytes", SYSLOG_RE_MAX_LEN);
		return why;
	}
	memset(st, 0, sizeof(st));
	memset(at, 0, sizeof(at));
	while (re[i]) {
		struct rx_atom *a = &at[depth];
		int unb = 0, rep = 0;
		unsigned long mult = 1;

		switch (re[i]) {
		case '\\':
			if (re[i + 1] >= '1' && re[i + 1] <= '9') {
				snprintf(why, size, "backreference \\%c: matching time "
				    "can grow exponentially with the line", re[i + 1]);
				return why;
			}
			rx_flush(&st[depth], a);
			a->valid = 1;
			i += re[i + 1] ? 2 : 1;
			continue;
		case '[':
			rx_flush(&st[depth], a);
			a->valid = 1;
			n = rx_bracket(re + i);
			i += n ? n : 1;
			continue;
		case '(':
			rx_flush(&st[depth], a);
			if (depth == 63) {
				snprintf(why, size, "groups nested too deep");
				return why;
			}
			depth++;
			memset(&st[depth], 0, sizeof(st[depth]));
			memset(&at[depth], 0, sizeof(at[depth]));
			i++;
			continue;
		case ')':
			if (depth == 0) { /* a literal ")" in ERE */
				rx_flush(&st[depth], a);
				a->valid = 1;
				i++;
				continue;
			}
			rx_flush(&st[depth], a);
			depth--;
			rx_flush(&st[depth], &at[depth]);
			at[depth].valid = 1;
			at[depth].quant = st[depth + 1].quant;
			at[depth].unb = st[depth + 1].unb;
			at[depth].weight = st[depth + 1].weight;
			i++;
			continue;
		case '|':
		case '^':
		case '$':
			rx_flush(&st[depth], a);
			i++;
			continue;
		case '*':
			unb = 1;
			n = 1;
			break;
		case '+':
			unb = 1;
			n = 1;
			break;
		case '?':
			n = 1;
			rep = 1; /* a copy, as {0,1}: "a?" 128 times is a{0,128} */
			break;
		case '{':
			n = rx_interval(re + i, &min, &max);
			if (n == 0) { /* a literal "{" */
				rx_flush(&st[depth], a);
				a->valid = 1;
				i++;
				continue;
			}
			if (max < 0) {
				unb = 1;
				max = min;
			}
			if (min > SYSLOG_RE_REPEAT_BUDGET || max > SYSLOG_RE_REPEAT_BUDGET) {
				snprintf(why, size, "repeat {%ld,%ld}: counts above %d "
				    "make matching slow", min, max, SYSLOG_RE_REPEAT_BUDGET);
				return why;
			}
			if (!unb && max >= 1) {
				rep = 1;
				mult = (unsigned long)max;
			}
			break;
		case '.':
			rx_flush(&st[depth], a);
			a->valid = 1;
			a->dot = 1;
			i++;
			continue;
		default:
			rx_flush(&st[depth], a);
			a->valid = 1;
			i++;
			continue;
		}
		/* a quantifier, n bytes long, applied to *a */
		if (a->valid) {
			if ((unb && a->quant) || (rep && mult >= 2 && a->unb)) {
				snprintf(why, size, "nested quantifier at offset %zu "
				    "(a repeat of something repeated, as in (a+)+ or "
				    "(.*)*): matching time can grow exponentially with "
				    "the line", i);
				return why;
			}
			if (unb && a->dot && !a->quant && ++dotstar > SYSLOG_RE_MAX_DOTSTAR) {
				snprintf(why, size, "more than %d unbounded wildcards "
				    "(.* .+): matching gets slow", SYSLOG_RE_MAX_DOTSTAR);
				return why;
			}
			if (rep) {
				a->weight = mult * (a->weight ? a->weight : 1);
				if (a->weight > SYSLOG_RE_REPEAT_BUDGET) { /* also: no overflow */
					snprintf(why, size, "bounded repeats worth %lu copies, "
					    "more than %d: matching gets slow", a->weight,
					    SYSLOG_RE_REPEAT_BUDGET);
					return why;
				}
			}
			a->quant = 1;
			a->unb |= unb;
		}
		i += n;
	}
	while (depth > 0) {
		rx_flush(&st[depth], &at[depth]);
		depth--;
	}
	rx_flush(&st[0], &at[0]);
	if (st[0].weight > SYSLOG_RE_REPEAT_BUDGET) {
		snprintf(why, size, "bounded repeats worth %lu copies, more than %d: "
		    "matching gets slow", st[0].weight, SYSLOG_RE_REPEAT_BUDGET);
		return why;
	}
	return NULL;
}

static int add_pattern(struct syslog_matcher *sm, const struct syslog_pattern_spec *s,
    size_t index, syslog_err_fn err, void *ctx, int *nerr)
{
	struct sm_pattern *p = &sm->pats[sm->n];
	char what[320], why[200], rerr[160], who[SYSLOG_NAME_LEN + 8] = "";
	int rc, f;

	/* Every message names the pattern: patterns[i] "name": why. */
	if (s->name && s->name[0])
		snprintf(who, sizeof(who), "\"%.*s\": ", SYSLOG_NAME_LEN - 1, s->name);
	if (s->regex == NULL || s->regex[0] == '\0') {
		snprintf(what, sizeof(what), "%sempty regex", who);
		report(err, ctx, nerr, index, what);
		return -1;
	}
	if (s->group[SYSLOG_F_PORT] == 0 && s->group[SYSLOG_F_MAC] == 0) {
		snprintf(what, sizeof(what),
		    "%scaptures neither port nor mac: a violation needs one", who);
		report(err, ctx, nerr, index, what);
		return -1;
	}
	for (f = 0; f < SYSLOG_F_MAX; f++)
		if (s->group[f] > SYSLOG_MAX_GROUP) {
			snprintf(what, sizeof(what), "%sfield %s: group %u is above %d",
			    who, field_names[f], s->group[f], SYSLOG_MAX_GROUP);
			report(err, ctx, nerr, index, what);
			return -1;
		}
	/* Before regcomp(): it expands bounded repeats, which may be huge. */
	if (rx_check(s->regex, why, sizeof(why)) != NULL) {
		snprintf(what, sizeof(what), "%s%s", who, why);
		report(err, ctx, nerr, index, what);
		return -1;
	}
	rc = regcomp(&p->re, s->regex, REG_EXTENDED);
	if (rc != 0) {
		regerror(rc, &p->re, rerr, sizeof(rerr));
		snprintf(what, sizeof(what), "%sregex does not compile: %s", who, rerr);
		report(err, ctx, nerr, index, what);
		return -1;
	}
	for (f = 0; f < SYSLOG_F_MAX; f++)
		if (s->group[f] > p->re.re_nsub) {
			snprintf(what, sizeof(what),
			    "%sfield %s: group %u but the regex has %zu group(s)",
			    who, field_names[f], s->group[f], p->re.re_nsub);
			regfree(&p->re);
			report(err, ctx, nerr, index, what);
			return -1;
		}
	memcpy(p->group, s->group, sizeof(p->group));
	p->shutdown = s->shutdown ? 1 : 0;
	p->index = (int)index;
	if (s->name && s->name[0])
		snprintf(p->name, sizeof(p->name), "%s", s->name);
	else
		snprintf(p->name, sizeof(p->name), "pattern %zu", index);
	sm->n++;
	return 0;
}

struct syslog_matcher *syslog_matcher_new(const struct syslog_pattern_spec *specs,
    size_t n, syslog_err_fn err, void *ctx, int *nerr)
{
	struct syslog_matcher *sm = calloc(1, sizeof(*sm));
	int dummy = 0, k;
	size_t i;

	if (nerr == NULL)
		nerr = &dummy;
	*nerr = 0;
	if (sm == NULL)
		return NULL;
	for (i = 0; i < N_BUILTIN; i++) {
		const char *src[BI_MAX] = {builtins[i].tag, builtins[i].port,
		    builtins[i].mac, builtins[i].vlan, builtins[i].shut};

		for (k = 0; k < BI_MAX; k++) {
			if (src[k] == NULL)
				continue;
			/* Our own table: a failure is a bug, caught by the tests. */
			if (regcomp(&sm->bi[i][k], src[k], REG_EXTENDED | REG_ICASE) != 0)
				continue;
			sm->bi_has[i][k] = 1;
		}
	}
	for (i = 0; i < n; i++) {
		if (sm->n == SYSLOG_MAX_PATTERNS) {
			report(err, ctx, nerr, i, "too many patterns (at most 32)");
			continue;
		}
		add_pattern(sm, &specs[i], i, err, ctx, nerr);
	}
	return sm;
}

void syslog_matcher_free(struct syslog_matcher *sm)
{
	size_t i;
	int k;

	if (sm == NULL)
		return;
	for (i = 0; i < N_BUILTIN; i++)
		for (k = 0; k < BI_MAX; k++)
			if (sm->bi_has[i][k])
				regfree(&sm->bi[i][k]);
	for (i = 0; i < sm->n; i++)
		regfree(&sm->pats[i].re);
	free(sm);
}

size_t syslog_matcher_count(const struct syslog_matcher *sm)
{
	return sm ? sm->n : 0;
}

/* Copy a piece of text, bounded, printable only. */
static void copy_field(char *dst, size_t size, const char *s, size_t len)
{
	size_t i;

	if (len > size - 1)
		len = size - 1;
	for (i = 0; i < len; i++)
		dst[i] = is_print((unsigned char)s[i]) ? s[i] : '?';
	dst[len] = '\0';
}

static void append(char *dst, size_t size, size_t *at, const char *s, size_t len)
{
	if (*at >= size - 1)
		return;
	if (len > size - 1 - *at)
		len = size - 1 - *at;
	memcpy(dst + *at, s, len);
	*at += len;
	dst[*at] = '\0';
}

/*
 * The text patterns see: "tag[pid]: msg" (RFC 3164 content) or
 * "app[procid]: msgid: msg" (RFC 5424), as a C string.
 */
static void match_text(const struct syslog_msg *m, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	if (m->format == SYSLOG_FMT_3164) {
		append(buf, size, &at, m->content.p, m->content.len);
		return;
	}
	if (m->app_name.len) {
		append(buf, size, &at, m->app_name.p, m->app_name.len);
		if (m->procid.len) {
			append(buf, size, &at, "[", 1);
			append(buf, size, &at, m->procid.p, m->procid.len);
			append(buf, size, &at, "]", 1);
		}
		append(buf, size, &at, ": ", 2);
	}
	if (m->msgid.len) {
		append(buf, size, &at, m->msgid.p, m->msgid.len);
		append(buf, size, &at, ": ", 2);
	}
	append(buf, size, &at, m->msg.p, m->msg.len);
}

static void init_violation(const struct syslog_msg *m, struct syslog_violation *v)
{
	memset(v, 0, sizeof(*v));
	v->vlan = -1;
	v->pattern = -1;
	copy_field(v->sw, sizeof(v->sw), m->hostname.p ? m->hostname.p : "",
	    m->hostname.len);
	v->has_time = m->has_time;
	v->sec = m->sec;
	v->nsec = m->nsec;
}

static int parse_vlan(const char *s, size_t len)
{
	size_t i;
	int v = 0;

	if (len == 0 || len > 4)
		return -1;
	for (i = 0; i < len; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 4095 ? v : -1;
}

/* Run one keyword regex over `s`; group 1 into (*p, *len). */
static int find1(const regex_t *re, const char *s, const char **p, size_t *len)
{
	regmatch_t rm[2];

	if (regexec(re, s, 2, rm, 0) != 0 || rm[1].rm_so < 0)
		return -1;
	*p = s + rm[1].rm_so;
	*len = (size_t)(rm[1].rm_eo - rm[1].rm_so);
	return 0;
}

static int try_builtin(const struct syslog_matcher *sm, size_t i,
    const char *text, struct syslog_violation *v)
{
	regmatch_t rm[1];
	const char *rest, *p;
	size_t len;

	if (!sm->bi_has[i][BI_TAG] || regexec(&sm->bi[i][BI_TAG], text, 1, rm, 0) != 0)
		return -1;
	rest = text + rm[0].rm_eo;
	if (sm->bi_has[i][BI_PORT] && find1(&sm->bi[i][BI_PORT], rest, &p, &len) == 0)
		copy_field(v->port, sizeof(v->port), p, len);
	if (sm->bi_has[i][BI_MAC] && find1(&sm->bi[i][BI_MAC], rest, &p, &len) == 0 &&
	    addr_mac_parse(p, len, v->mac) == 0)
		v->has_mac = 1;
	if (sm->bi_has[i][BI_VLAN] && find1(&sm->bi[i][BI_VLAN], rest, &p, &len) == 0)
		v->vlan = parse_vlan(p, len);
	if (v->port[0] == '\0' && !v->has_mac)
		return -1;
	v->shutdown = builtins[i].always_shut ||
	    (sm->bi_has[i][BI_SHUT] && regexec(&sm->bi[i][BI_SHUT], rest, 0, NULL, 0) == 0);
	v->builtin = 1;
	v->pattern = (int)i;
	snprintf(v->pattern_name, sizeof(v->pattern_name), "%s", builtins[i].name);
	return 0;
}

static int try_pattern(const struct sm_pattern *p, const char *text,
    struct syslog_violation *v)
{
	regmatch_t rm[SYSLOG_MAX_GROUP + 1];
	const char *s[SYSLOG_F_MAX] = {NULL};
	size_t len[SYSLOG_F_MAX] = {0};
	int f;

	if (regexec(&p->re, text, SYSLOG_MAX_GROUP + 1, rm, 0) != 0)
		return -1;
	for (f = 0; f < SYSLOG_F_MAX; f++) {
		unsigned g = p->group[f];

		if (g == 0 || rm[g].rm_so < 0)
			continue;
		s[f] = text + rm[g].rm_so;
		len[f] = (size_t)(rm[g].rm_eo - rm[g].rm_so);
	}
	if (s[SYSLOG_F_MAC] != NULL && len[SYSLOG_F_MAC] > 0) {
		if (addr_mac_parse(s[SYSLOG_F_MAC], len[SYSLOG_F_MAC], v->mac) < 0)
			return -1; /* the operator said this is a MAC: it is not */
		v->has_mac = 1;
	}
	if (s[SYSLOG_F_PORT] != NULL)
		copy_field(v->port, sizeof(v->port), s[SYSLOG_F_PORT], len[SYSLOG_F_PORT]);
	if (s[SYSLOG_F_SWITCH] != NULL && len[SYSLOG_F_SWITCH] > 0)
		copy_field(v->sw, sizeof(v->sw), s[SYSLOG_F_SWITCH], len[SYSLOG_F_SWITCH]);
	if (s[SYSLOG_F_VLAN] != NULL)
		v->vlan = parse_vlan(s[SYSLOG_F_VLAN], len[SYSLOG_F_VLAN]);
	if (v->port[0] == '\0' && !v->has_mac)
		return -1;
	v->shutdown = p->shutdown;
	v->builtin = 0;
	v->pattern = p->index;
	snprintf(v->pattern_name, sizeof(v->pattern_name), "%s", p->name);
	return 0;
}

int syslog_match(const struct syslog_matcher *sm, const struct syslog_msg *m,
    struct syslog_violation *v)
{
	char text[SYSLOG_MATCH_LEN + 1]; /* cut: bounds regexec()'s time */
	size_t i;

	if (sm == NULL || m->status != SYSLOG_OK)
		return -1;
	match_text(m, text, sizeof(text));
	for (i = 0; i < sm->n; i++) {
		init_violation(m, v);
		if (try_pattern(&sm->pats[i], text, v) == 0)
			return 0;
	}
	for (i = 0; i < N_BUILTIN; i++) {
		init_violation(m, v);
		if (try_builtin(sm, i, text, v) == 0)
			return 0;
	}
	init_violation(m, v);
	return -1;
}

enum syslog_result syslog_process(const struct syslog_matcher *sm,
    const uint8_t *buf, size_t len, int year, struct syslog_msg *m,
    struct syslog_violation *v)
{
	syslog_parse(buf, len, year, m);
	if (m->status == SYSLOG_EMPTY)
		return SYSLOG_R_EMPTY;
	if (m->status != SYSLOG_OK)
		return SYSLOG_R_MALFORMED;
	return syslog_match(sm, m, v) == 0 ? SYSLOG_R_VIOLATION : SYSLOG_R_OTHER;
}

const char *syslog_result_name(enum syslog_result r)
{
	switch (r) {
	case SYSLOG_R_VIOLATION: return "violation";
	case SYSLOG_R_OTHER: return "other";
	case SYSLOG_R_MALFORMED: return "malformed";
	case SYSLOG_R_EMPTY: return "empty";
	}
	return "?";
}
