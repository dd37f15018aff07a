/*
 * state.c - see state.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fmt.h"
#include "daemon/state.h"

int state_write_atomic(const char *dir, const char *name, const char *text)
{
	char tmp[4096], path[4096];
	size_t len = strlen(text), off = 0;
	int fd, saved;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	/* The cause, not what the clean-up said. */
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

enum want { W_OBJECT, W_ARRAY, W_COUNT };

/*
 * What a restart takes back, and the type it must have: a section of the
 * wrong type would be read as zeros, so it is refused whole instead.
 * Sections an older ixmon did not write may be absent.
 */
static const struct {
	const char *section, *key; /* key NULL: the section itself */
	enum want want;
	int required;
} checks[] = {
	{"input", NULL, W_OBJECT, 1},
	{"input", "frames", W_COUNT, 1},
	{"input", "analysed", W_COUNT, 0},
	{"ethertype", NULL, W_OBJECT, 1},
	{"tunneled_ipv6", NULL, W_OBJECT, 0},
	{"members", NULL, W_ARRAY, 0},
	{"alerts", NULL, W_ARRAY, 0},
	{"sflow", NULL, W_OBJECT, 0},
	{"syslog", NULL, W_OBJECT, 0},
	{"nd_arp", NULL, W_OBJECT, 0},
	{"mac_table", NULL, W_OBJECT, 0},
	{"reconciliation", NULL, W_OBJECT, 0},
};

static int has_type(const json_t *v, enum want w)
{
	switch (w) {
	case W_OBJECT:
		return json_is_object(v);
	case W_ARRAY:
		return json_is_array(v);
	case W_COUNT:
		return json_is_integer(v) && json_integer_value(v) >= 0;
	}
	return 0;
}

int state_check(const json_t *state, char *why, size_t whylen)
{
	static const char *const names[] = {"an object", "a list", "a count"};
	size_t i;

	if (!json_is_object(state)) {
		snprintf(why, whylen, "not a JSON object");
		return -1;
	}
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const json_t *v = json_object_get(state, checks[i].section);

		if (checks[i].key && json_is_object(v))
			v = json_object_get(v, checks[i].key);
		else if (checks[i].key)
			continue; /* the section's own check reports it */
		if (v == NULL && !checks[i].required)
			continue;
		if (v == NULL || !has_type(v, checks[i].want)) {
			snprintf(why, whylen, "%s%s%s is %s, want %s",
			    checks[i].section, checks[i].key ? "." : "",
			    checks[i].key ? checks[i].key : "",
			    v == NULL ? "missing" : "of the wrong type",
			    names[checks[i].want]);
			return -1;
		}
	}
	return 0;
}

json_t *state_load(const char *dir, int64_t now, char *aside, size_t asidelen,
    char *why, size_t whylen)
{
	char path[4096], to[4096], ts[32];
	const time_t t = (time_t)now;
	json_error_t jerr;
	json_t *state;
	struct tm tm;

	aside[0] = '\0';
	why[0] = '\0';
	snprintf(path, sizeof(path), "%s/state.json", dir);
	if (access(path, F_OK) != 0)
		return NULL;
	state = json_load_file(path, 0, &jerr);
	if (state == NULL)
		snprintf(why, whylen, "not JSON: %s (line %d)", jerr.text, jerr.line);
	else if (state_check(state, why, whylen) == 0)
		return state;
	json_decref(state);
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(aside, asidelen, "state.json.bad-%s", ts);
	snprintf(to, sizeof(to), "%s/%s", dir, aside);
	if (rename(path, to) < 0) {
		/* Kept where it is, but never overwritten: say why and stop. */
		snprintf(why + strlen(why), whylen - strlen(why),
		    "; cannot rename it to %s: %s", aside, strerror(errno));
		aside[0] = '\0';
	}
	return NULL;
}

json_t *state_delta(const json_t *cur, const json_t *prev)
{
	const char *key;
	json_t *v, *out;

	if (json_is_integer(cur)) {
		/*
		 * Counters are >= 0 (a negative one, from a damaged or foreign
		 * file, reads as 0); the difference of two of them is computed
		 * unsigned and cannot overflow, nor be negative.
		 */
		json_int_t cv = json_integer_value(cur), pv = json_integer_value(prev);
		uint64_t c = cv > 0 ? (uint64_t)cv : 0, p = pv > 0 ? (uint64_t)pv : 0;

		return json_integer((json_int_t)(json_is_integer(prev) && p <= c ?
		    c - p : c));
	}
	if (!json_is_object(cur))
		return NULL;
	out = json_object();
	json_object_foreach((json_t *)(uintptr_t)cur, key, v) {
		json_t *d = state_delta(v, json_object_get(prev, key));

		if (d)
			json_object_set_new(out, key, d);
	}
	return out;
}

/* The IPv6 share of frames and bytes of an ethertype section. */
static json_t *ipv6_share(const json_t *et)
{
	uint64_t f6 = 0, b6 = 0, f = 0, b = 0;
	const char *k;
	json_t *c;

	json_object_foreach((json_t *)(uintptr_t)et, k, c) {
		json_int_t jf = json_integer_value(json_object_get(c, "frames"));
		json_int_t jb = json_integer_value(json_object_get(c, "bytes"));
		uint64_t cf = jf > 0 ? (uint64_t)jf : 0, cb = jb > 0 ? (uint64_t)jb : 0;

		f = f > UINT64_MAX - cf ? UINT64_MAX : f + cf;
		b = b > UINT64_MAX - cb ? UINT64_MAX : b + cb;
		if (!strcmp(k, "ipv6")) {
			f6 = cf;
			b6 = cb;
		}
	}
	return json_pack("{s:f,s:f}", "frames", f ? (double)f6 / (double)f : 0.0,
	    "bytes", b ? (double)b6 / (double)b : 0.0);
}

json_t *state_window(const json_t *cur, const json_t *prev, int64_t start,
    int64_t end)
{
	static const char *const sections[] = {"ethertype", "tunneled_ipv6",
	    "nd_arp", "syslog"};
	json_t *w = json_object(), *members = json_array(), *o;
	char ts[FMT_TS_LEN];
	size_t i, j;

	json_object_set_new(w, "start", start ?
	    json_string(fmt_rfc3339(ts, start, 0)) : json_null());
	json_object_set_new(w, "end", json_string(fmt_rfc3339(ts, end, 0)));
	json_object_set_new(w, "frames",
	    state_delta(json_object_get(json_object_get(cur, "input"), "frames"),
		json_object_get(json_object_get(prev, "input"), "frames")));
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		json_object_set_new(w, sections[i],
		    state_delta(json_object_get(cur, sections[i]),
			json_object_get(prev, sections[i])));
	/* sflow: its counters, not the interface table */
	o = state_delta(json_object_get(cur, "sflow"), json_object_get(prev, "sflow"));
	json_object_set_new(w, "sflow", o ? o : json_object());
	json_object_set_new(w, "ipv6_share", ipv6_share(json_object_get(w, "ethertype")));
	/* per member traffic, matched by AS number */
	json_array_foreach(json_object_get(cur, "members"), i, o) {
		const json_t *po = NULL, *x;
		json_int_t asn = json_integer_value(json_object_get(o, "asnum"));

		json_array_foreach(json_object_get(prev, "members"), j, x)
			if (json_integer_value(json_object_get(x, "asnum")) == asn) {
				po = x;
				break;
			}
		json_array_append_new(members,
		    json_pack("{s:I,s:o}", "asnum", asn, "traffic",
			state_delta(json_object_get(o, "traffic"),
			    json_object_get(po, "traffic"))));
	}
	json_object_set_new(w, "members", members);
	return w;
}
