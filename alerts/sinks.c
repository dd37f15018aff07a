/*
 * sinks.c - alert lifecycle, grouping and rate limits over a static table
 * of sinks; see sink.h for the model and docs/alerts.md for the user's view.
 *
 * Design.  The alert table never moves an entry, so the lifecycle is a
 * parallel array indexed like the table: per alert the count seen at the
 * last flush (to know whether it counted up), the count already sent in an
 * event (so a repeat carries exactly the occurrences held down since), when
 * it last counted up (for an event's clear), when an event last went out
 * (for the hold-down) and whether it is a condition seen open (cleared by
 * its `open` flag going to 0, never by time).  Entries marked `folded`
 * are skipped: their folded entry reports them.  Memory follows the
 * table, which is bounded by limits.max_alerts.
 *
 * A flush first collects the events, then groups them: events of one kind
 * about one member (the registry's member, or the alert's ASN, or else its
 * MAC) become one message.  Grouping is a sort, not a pairwise scan, so a
 * flood of 10,000 new alerts costs one qsort.  Messages go out in the order
 * of their first alert's index, i.e. in order of first appearance.
 *
 * Rate limit.  Per sink a fixed window of 60 seconds of `now`: at most
 * alerts.max_per_minute messages in a window; the others are counted and,
 * at the first flush of a later window, summarised in one message which
 * counts against that window.  So a sink sends at most max_per_minute
 * messages in any window, whatever arrives; the JSON lines file, the
 * complete record, is exempt.
 *
 * Sinks are a static table of {name, open, emit, tick, close} like the
 * analyzers: adding one is a file and a row.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "alerts/ack_spool.h"
#include "alerts/sink.h"
#include "common/fmt.h"
#include "common/log.h"

#define SINK_WINDOW 60 /* seconds: the rate limit's minute */

static const struct sink_ops *const sink_table[] = {
	&sink_jsonl_ops,
	&sink_syslog_ops,
	&sink_remote_ops,
	&sink_exec_ops,
	NULL,
};
#define SINK_MAX (sizeof(sink_table) / sizeof(sink_table[0]) - 1)

/* Lifecycle of one alert, by table index. */
struct track {
	uint64_t seen;     /* count at the last flush */
	uint64_t sent;     /* count carried by events so far */
	int64_t last_up;   /* flush time it last counted up */
	int64_t last_sent; /* flush time of the last raise or repeat */
	uint8_t raised;    /* raised and not cleared */
	uint8_t cond;      /* a condition seen open: the `open` flag rules */
};

struct slot {
	const struct sink_ops *ops;
	void *priv;
	struct sink_counters c;
	int win_set;
	int64_t win_start;
	uint32_t win_count;
	uint64_t pending; /* suppressed since the last summary */
};

/* An event found in this flush, before grouping. */
struct event {
	uint32_t idx;
	uint8_t ev;    /* enum sink_event */
	uint8_t kind;  /* 0 member/ASN, 1 MAC, 2 alone */
	uint64_t key;  /* ASN, MAC as a number, or the index */
	uint64_t new_count;
	const struct reg_member *member;
};

struct group {
	size_t first, n; /* run in the sorted events */
	uint32_t min_idx;
};

struct sinks {
	struct ixm_config cfg;
	char state_dir[4096];
	char hostname[256];
	struct sink_env env;
	struct slot slot[SINK_MAX];
	size_t n_slots;

	struct track *tr;
	uint32_t n_tr, cap_tr;

	/* scratch, reused every flush */
	struct event *ev;
	size_t cap_ev;
	struct group *gr;
	size_t cap_gr;
	struct sink_item *items;
	size_t cap_items;

	uint64_t next_group;
	uint64_t n_events[3], n_groups;
	uint64_t n_acks, n_ack_errors; /* taken from the spool: applied, not */
	int spool_err;                 /* errno of the spool, logged once */
	int spool_checked;             /* spool_at is set */
	int64_t spool_at;              /* `now` of the last look at the spool */
};

const char *sink_event_name(enum sink_event ev)
{
	switch (ev) {
	case SINK_RAISE:
		return "raise";
	case SINK_REPEAT:
		return "repeat";
	case SINK_CLEAR:
		return "clear";
	case SINK_ACK:
		return "ack";
	default:
		return "suppressed";
	}
}

enum alert_severity sink_msg_severity(const struct sink_msg *m)
{
	switch (m->event) {
	case SINK_CLEAR:
	case SINK_ACK:
		return ALERT_NOTICE;
	case SINK_SUPPRESSED:
		return ALERT_WARNING;
	default:
		return (enum alert_severity)m->severity;
	}
}

/*
 * A clear goes out as LOG_NOTICE (RFC 5424: "normal but significant
 * condition"), neither at its alert's severity (a pager routed on crit
 * would be paged by the good news) nor at LOG_INFO, which the usual
 * routing to the NOC's console or SIEM (notice and above) drops, so the
 * NOC saw the raise and never the clear.  See docs/alerts.md.
 */
int sink_msg_priority(const struct sink_msg *m)
{
	switch (sink_msg_severity(m)) {
	case ALERT_CRITICAL:
		return LOG_CRIT;
	case ALERT_WARNING:
		return LOG_WARNING;
	default:
		return LOG_NOTICE;
	}
}

size_t sink_sd_escape(char *out, size_t len, const char *in)
{
	size_t o = 0;

	if (len == 0)
		return 0;
	for (; *in != '\0'; in++) {
		int esc = *in == '"' || *in == '\\' || *in == ']';

		if (o + (size_t)esc + 1 >= len)
			break;
		if (esc)
			out[o++] = '\\';
		out[o++] = *in;
	}
	out[o] = '\0';
	return o;
}

/* Append to a bounded string; silently stops at the end. */
static void cat(char *buf, size_t len, size_t *off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void cat(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	*off += (size_t)n < len - *off ? (size_t)n : len - *off - 1;
}

/* Append `word` to a space/comma list unless it is already there. */
static void list_add(char *buf, size_t len, const char *word, char sep)
{
	size_t wl = strlen(word), off = strlen(buf);
	const char *p = buf;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == buf || p[-1] == sep) &&
		    (p[wl] == '\0' || p[wl] == sep))
			return;
		p += wl;
	}
	if (off + wl + 2 > len)
		return;
	if (off > 0)
		buf[off++] = sep;
	memcpy(buf + off, word, wl + 1);
}

/* Fill the prepared strings of a message. */
static void msg_prepare(struct sink_msg *m, const struct sinks *s)
{
	char mac[FMT_MAC_LEN], ip[FMT_IP_LEN], url[SINK_URL_LEN], ts[FMT_TS_LEN];
	char id[ALERT_ID_LEN];
	size_t i, off = 0;

	m->types[0] = m->macs[0] = m->ips[0] = m->ids[0] = m->text[0] = '\0';
	if (m->event == SINK_SUPPRESSED) {
		snprintf(m->text, sizeof(m->text),
		    "%llu alert messages suppressed by the rate limit",
		    (unsigned long long)m->suppressed);
		return;
	}
	for (i = 0; i < m->n; i++) {
		const struct alert *a = m->items[i].a;

		list_add(m->types, sizeof(m->types),
		    alert_type_name((enum alert_type)a->key.type), ',');
		list_add(m->ids, sizeof(m->ids), alert_id_str(a->id, id), ' ');
		if (a->key.has_mac)
			list_add(m->macs, sizeof(m->macs),
			    fmt_mac(mac, a->key.mac), ' ');
		if (a->key.ip_version)
			list_add(m->ips, sizeof(m->ips),
			    fmt_ip(ip, a->key.ip_version, a->key.ip), ' ');
	}
	cat(m->text, sizeof(m->text), &off, "%s", sink_event_name(m->event));
	if (m->event != SINK_CLEAR && m->event != SINK_ACK)
		cat(m->text, sizeof(m->text), &off, " %s",
		    alert_severity_name((enum alert_severity)m->severity));
	cat(m->text, sizeof(m->text), &off, " %s", m->types);
	if (m->has_asn)
		cat(m->text, sizeof(m->text), &off, " AS%u", m->asnum);
	if (m->member != NULL && m->member->name[0] != '\0')
		cat(m->text, sizeof(m->text), &off, " \"%s\"", m->member->name);
	if (m->macs[0] != '\0')
		cat(m->text, sizeof(m->text), &off, " mac %s", m->macs);
	if (m->ips[0] != '\0')
		cat(m->text, sizeof(m->text), &off, " ip %s", m->ips);
	/* before the details, which a long message loses first */
	if (s->cfg.alert_dashboard_url[0] != '\0')
		cat(m->text, sizeof(m->text), &off, " <%s>",
		    sink_msg_url(m, &s->cfg, url));
	if (m->event == SINK_ACK) {
		const struct alert *a = m->items[0].a;
		char note[ALERT_NOTE_LEN];

		/* the operator's words must not start a new log line */
		snprintf(note, sizeof(note), "%s", a->ack_note);
		cat(m->text, sizeof(m->text), &off, ": acknowledged at %s: %s "
		    "(count %llu)", fmt_rfc3339(ts, a->ack_sec, 0),
		    fmt_printable(note), (unsigned long long)m->count);
		return;
	}
	if (m->event == SINK_CLEAR) {
		size_t nc = 0;

		for (i = 0; i < m->n; i++)
			nc += (size_t)alert_type_is_condition(
			    (enum alert_type)m->items[i].a->key.type);
		if (nc == 0)
			cat(m->text, sizeof(m->text), &off,
			    ": back to normal, no new occurrence for %u s",
			    s->cfg.alert_clear_after);
		else if (nc == m->n)
			cat(m->text, sizeof(m->text), &off,
			    ": back to normal, the condition no longer holds");
		else
			cat(m->text, sizeof(m->text), &off,
			    ": back to normal, the conditions no longer hold "
			    "and no new occurrence for %u s",
			    s->cfg.alert_clear_after);
		cat(m->text, sizeof(m->text), &off, " (count %llu)",
		    (unsigned long long)m->count);
		return;
	}
	cat(m->text, sizeof(m->text), &off, " count %llu",
	    (unsigned long long)m->count);
	if (m->event == SINK_REPEAT) {
		uint64_t nw = 0;

		for (i = 0; i < m->n; i++)
			nw += m->items[i].new_count;
		cat(m->text, sizeof(m->text), &off, " (+%llu)",
		    (unsigned long long)nw);
	}
	for (i = 0; i < m->n; i++) {
		const struct alert *a = m->items[i].a;
		int j;

		cat(m->text, sizeof(m->text), &off, "%s%s", i ? "; " : ": ",
		    a->detail);
		/* a folded flood entry: its sample of source MACs as evidence */
		for (j = 0; j < a->n_sample; j++)
			cat(m->text, sizeof(m->text), &off, "%s%s",
			    j ? ", " : " (sample MACs: ",
			    fmt_mac(mac, a->sample[j]));
		if (a->n_sample > 0)
			cat(m->text, sizeof(m->text), &off, ")");
	}
}

const char *sink_msg_url(const struct sink_msg *m, const struct ixm_config *cfg,
    char buf[SINK_URL_LEN])
{
	const char *base = cfg->alert_dashboard_url;
	size_t n = strlen(base);

	buf[0] = '\0';
	if (n == 0)
		return buf;
	while (n > 0 && base[n - 1] == '/') /* "https://noc/ixmon/" or not */
		n--;
	if (m->has_asn && m->event != SINK_SUPPRESSED)
		snprintf(buf, SINK_URL_LEN, "%.*s/members/%u", (int)n, base,
		    m->asnum);
	else
		snprintf(buf, SINK_URL_LEN, "%.*s/", (int)n, base);
	return buf;
}

json_t *sink_item_json(const struct sink_msg *m, size_t i)
{
	char ts[FMT_TS_LEN];
	json_t *o = alert_json(m->items[i].a);

	json_object_set_new(o, "event", json_string(sink_event_name(m->event)));
	json_object_set_new(o, "new_count",
	    json_integer((json_int_t)m->items[i].new_count));
	json_object_set_new(o, "group", json_integer((json_int_t)m->group));
	json_object_set_new(o, "time", json_string(fmt_rfc3339(ts, m->now, 0)));
	if (m->member != NULL)
		json_object_set_new(o, "member", json_string(m->member->name));
	return o;
}

json_t *sink_msg_json(const struct sink_msg *m)
{
	char ts[FMT_TS_LEN];
	json_t *o, *arr, *types;
	const char *p, *q;
	size_t i;

	o = json_object();
	json_object_set_new(o, "event", json_string(sink_event_name(m->event)));
	json_object_set_new(o, "time", json_string(fmt_rfc3339(ts, m->now, 0)));
	if (m->event == SINK_SUPPRESSED) {
		json_object_set_new(o, "count",
		    json_integer((json_int_t)m->suppressed));
		json_object_set_new(o, "text", json_string(m->text));
		return o;
	}
	json_object_set_new(o, "group", json_integer((json_int_t)m->group));
	json_object_set_new(o, "severity",
	    json_string(alert_severity_name(sink_msg_severity(m))));
	json_object_set_new(o, "alert_severity",
	    json_string(alert_severity_name((enum alert_severity)m->severity)));
	types = json_array();
	for (p = m->types; *p != '\0'; p = *q ? q + 1 : q) {
		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		json_array_append_new(types, json_stringn(p, (size_t)(q - p)));
	}
	json_object_set_new(o, "types", types);
	json_object_set_new(o, "asnum",
	    m->has_asn ? json_integer(m->asnum) : json_null());
	json_object_set_new(o, "member",
	    m->member ? json_string(m->member->name) : json_null());
	json_object_set_new(o, "count", json_integer((json_int_t)m->count));
	json_object_set_new(o, "text", json_string(m->text));
	arr = json_array();
	for (i = 0; i < m->n; i++) {
		json_t *a = alert_json(m->items[i].a);

		json_object_set_new(a, "new_count",
		    json_integer((json_int_t)m->items[i].new_count));
		json_array_append_new(arr, a);
	}
	json_object_set_new(o, "alerts", arr);
	return o;
}

/* printable US-ASCII, as RFC 5424 6.2.4 wants the HOSTNAME */
static void sanitize_host(char *h)
{
	for (; *h != '\0'; h++)
		if (*h < 33 || *h > 126)
			*h = '_';
}

size_t sink_rfc5424(char *buf, size_t len, const struct sink_env *env,
    const struct sink_msg *m)
{
	char ts[FMT_TS_LEN], esc[SINK_LIST_LEN * 2 + 1], host[256];
	char url[SINK_URL_LEN];
	const char *msgid = "suppressed", *sd_id = env->cfg->alert_syslog_sd_id;
	size_t off = 0, i, best = 0;
	int pri = env->cfg->alert_syslog_facility | sink_msg_priority(m);

	if (len == 0)
		return 0;
	buf[0] = '\0';
	snprintf(host, sizeof(host), "%s", env->hostname);
	sanitize_host(host);
	if (m->event != SINK_SUPPRESSED && m->n > 0) {
		for (i = 1; i < m->n; i++)
			if (m->items[i].a->severity < m->items[best].a->severity)
				best = i;
		msgid = alert_type_name(
		    (enum alert_type)m->items[best].a->key.type);
	}
	cat(buf, len, &off, "<%d>1 %s %s ixmon %d %s ", pri,
	    fmt_rfc3339(ts, m->now, 0), host[0] ? host : "-", env->pid, msgid);
	if (m->event == SINK_SUPPRESSED) {
		cat(buf, len, &off, "[%s event=\"suppressed\" "
		    "count=\"%llu\"]", sd_id, (unsigned long long)m->suppressed);
	} else {
		uint64_t nw = 0;

		for (i = 0; i < m->n; i++)
			nw += m->items[i].new_count;
		cat(buf, len, &off, "[%s type=\"%s\" severity=\"%s\"", sd_id,
		    m->types, alert_severity_name(sink_msg_severity(m)));
		/* a clear or an ack is a notice: which severity it is about */
		if (sink_msg_severity(m) != (enum alert_severity)m->severity)
			cat(buf, len, &off, " alert_severity=\"%s\"",
			    alert_severity_name((enum alert_severity)m->severity));
		if (m->has_asn)
			cat(buf, len, &off, " asnum=\"%u\"", m->asnum);
		if (m->member != NULL) {
			sink_sd_escape(esc, sizeof(esc), m->member->name);
			cat(buf, len, &off, " member=\"%s\"", esc);
		}
		if (m->macs[0] != '\0')
			cat(buf, len, &off, " mac=\"%s\"", m->macs);
		if (m->ips[0] != '\0')
			cat(buf, len, &off, " ip=\"%s\"", m->ips);
		cat(buf, len, &off, " event=\"%s\" count=\"%llu\" "
		    "new_count=\"%llu\" group=\"%llu\" id=\"%s\"",
		    sink_event_name(m->event), (unsigned long long)m->count,
		    (unsigned long long)nw, (unsigned long long)m->group, m->ids);
		if (m->event == SINK_ACK) {
			char note[ALERT_NOTE_LEN], enote[ALERT_NOTE_LEN * 2];

			snprintf(note, sizeof(note), "%s", m->items[0].a->ack_note);
			sink_sd_escape(enote, sizeof(enote), fmt_printable(note));
			cat(buf, len, &off, " note=\"%s\"", enote);
		}
		if (env->cfg->alert_dashboard_url[0] != '\0') {
			sink_sd_escape(esc, sizeof(esc),
			    sink_msg_url(m, env->cfg, url));
			cat(buf, len, &off, " url=\"%s\"", esc);
		}
		cat(buf, len, &off, "]");
	}
	/*
	 * A structured-data element cut short would be unparseable: with
	 * a tiny buffer, send the header and the NILVALUE instead.
	 */
	if (off >= len - 1 || buf[off - 1] != ']') {
		off = 0;
		cat(buf, len, &off, "<%d>1 %s %s ixmon %d %s -", pri,
		    fmt_rfc3339(ts, m->now, 0), host[0] ? host : "-", env->pid,
		    msgid);
	}
	cat(buf, len, &off, " %s", m->text);
	return off;
}

/* ---- lifecycle -------------------------------------------------------- */

static void *grow(void *p, size_t *cap, size_t want, size_t size)
{
	size_t n = *cap ? *cap : 64;

	if (want <= *cap)
		return p;
	while (n < want)
		n *= 2;
	p = realloc(p, n * size);
	if (p == NULL)
		fatal("alert sinks");
	*cap = n;
	return p;
}

struct sinks *sinks_new(const struct ixm_config *cfg, const char *state_dir,
    char *err, size_t errlen)
{
	struct sinks *s = xcalloc(1, sizeof(*s));
	size_t i;

	s->cfg = *cfg;
	snprintf(s->state_dir, sizeof(s->state_dir), "%s", state_dir);
	if (gethostname(s->hostname, sizeof(s->hostname) - 1) != 0)
		s->hostname[0] = '\0';
	s->hostname[sizeof(s->hostname) - 1] = '\0';
	/* the short name, as syslog daemons print it (RFC 5424 prefers FQDN
	 * but gethostname gives what the box calls itself) */
	s->env.cfg = &s->cfg;
	s->env.state_dir = s->state_dir;
	s->env.hostname = s->hostname;
	s->env.pid = (int)getpid();
	s->next_group = 1;
	for (i = 0; sink_table[i] != NULL; i++) {
		const struct sink_ops *ops = sink_table[i];
		struct slot *sl = &s->slot[s->n_slots];
		char why[256];

		if (!ops->enabled(&s->cfg))
			continue;
		sl->ops = ops;
		if (ops->open(&sl->priv, &s->env, &sl->c, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "alert sink %s: %s", ops->name, why);
			sinks_free(s);
			return NULL;
		}
		s->n_slots++;
	}
	/* where the dashboard leaves acknowledgements (sinks_take_acks) */
	if (ack_spool_create(state_dir) < 0) {
		snprintf(err, errlen, "acknowledgements: %s/%s: %s", state_dir,
		    ACK_SPOOL_DIR, strerror(errno));
		sinks_free(s);
		return NULL;
	}
	return s;
}

void sinks_set_identity(struct sinks *s, const char *hostname, int pid)
{
	snprintf(s->hostname, sizeof(s->hostname), "%s", hostname);
	s->env.pid = pid;
}

void sinks_free(struct sinks *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n_slots; i++)
		s->slot[i].ops->close(s->slot[i].priv);
	free(s->tr);
	free(s->ev);
	free(s->gr);
	free(s->items);
	free(s);
}

static void send_summary(struct sinks *s, struct slot *sl, int64_t now)
{
	struct sink_msg *m = xcalloc(1, sizeof(*m));

	m->event = SINK_SUPPRESSED;
	m->now = now;
	m->severity = ALERT_WARNING;
	m->suppressed = sl->pending;
	msg_prepare(m, s);
	sl->pending = 0;
	sl->win_count++;
	sl->ops->emit(sl->priv, &s->env, m);
	free(m);
}

/* Start a new window when the minute is over (or time went back). */
static void window_roll(struct sinks *s, struct slot *sl, int64_t now)
{
	if (!sl->ops->rate_limited)
		return;
	if (sl->win_set && now >= sl->win_start &&
	    now - sl->win_start < SINK_WINDOW)
		return;
	sl->win_set = 1;
	sl->win_start = now;
	sl->win_count = 0;
	if (sl->pending > 0)
		send_summary(s, sl, now);
}

static void deliver(struct sinks *s, struct slot *sl, const struct sink_msg *m)
{
	if (sl->ops->rate_limited) {
		window_roll(s, sl, m->now);
		if (sl->win_count >= s->cfg.alert_max_per_minute) {
			sl->c.suppressed++;
			sl->pending++;
			return;
		}
		sl->win_count++;
	}
	sl->ops->emit(sl->priv, &s->env, m);
}

static int cmp_event(const void *pa, const void *pb)
{
	const struct event *a = pa, *b = pb;

	if (a->ev != b->ev)
		return a->ev < b->ev ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	return a->min_idx < b->min_idx ? -1 : a->min_idx > b->min_idx;
}

/* Who an alert is about, for grouping. */
static void event_key(struct event *e, const struct alert *a,
    const struct registry *reg)
{
	const struct reg_member *m = NULL;
	size_t i;

	if (reg != NULL && a->key.has_asn)
		m = reg_by_asn(reg, a->key.asnum);
	if (reg != NULL && m == NULL && a->key.has_mac)
		m = reg_by_mac(reg, a->key.mac);
	e->member = m;
	if (m != NULL || a->key.has_asn) {
		e->kind = 0;
		e->key = m ? m->asnum : a->key.asnum;
	} else if (a->key.has_mac) {
		e->kind = 1;
		e->key = 0;
		for (i = 0; i < 6; i++)
			e->key = e->key << 8 | a->key.mac[i];
	} else {
		e->kind = 2;
		e->key = e->idx;
	}
}

static void flush(struct sinks *s, struct alert_table *t,
    const struct registry *reg, int64_t now, int final)
{
	uint32_t i, n = alert_table_count(t);
	size_t ne = 0, ng = 0, g, j, k;
	struct sink_msg *m;

	/* a table with fewer entries is a new table: start over */
	if (n < s->n_tr) {
		memset(s->tr, 0, s->n_tr * sizeof(*s->tr));
		s->n_tr = 0;
	}
	if (n > s->n_tr) {
		size_t cap = s->cap_tr;

		s->tr = grow(s->tr, &cap, n, sizeof(*s->tr));
		s->cap_tr = (uint32_t)cap;
		memset(s->tr + s->n_tr, 0, (n - s->n_tr) * sizeof(*s->tr));
		s->n_tr = n;
	}
	for (j = 0; j < s->n_slots; j++) {
		if (s->slot[j].ops->tick)
			s->slot[j].ops->tick(s->slot[j].priv, &s->env, now);
		window_roll(s, &s->slot[j], now);
	}

	/* 1. events */
	for (i = 0; i < n; i++) {
		struct alert *a = alert_table_get(t, i);
		struct track *tr = &s->tr[i];
		int up = a->count > tr->seen, ev = -1;
		int due;

		if (up) {
			tr->seen = a->count;
			tr->last_up = now;
		} else if (a->count < tr->seen) {
			tr->seen = a->count; /* a condition recomputed lower */
		}
		/*
		 * Merged into a folded entry: it lives on there, so nothing
		 * more is said about it, not even a clear.
		 */
		if (a->folded) {
			tr->raised = 0;
			tr->sent = a->count;
			continue;
		}
		if (a->open &&
		    alert_type_is_condition((enum alert_type)a->key.type))
			tr->cond = 1;
		due = a->count > tr->sent &&
		    (final ||
			now - tr->last_sent >= (int64_t)s->cfg.alert_repeat_every ||
			now < tr->last_sent);
		if (tr->cond) {
			/* a condition: raised while open, cleared once closed */
			if (!tr->raised) {
				if (a->open)
					ev = SINK_RAISE;
			} else if (!a->open) {
				ev = SINK_CLEAR;
			} else if (due) {
				ev = SINK_REPEAT;
			}
		} else if (!tr->raised) {
			if (a->count > tr->sent)
				ev = SINK_RAISE;
		} else if (due) {
			ev = SINK_REPEAT;
		} else if (!up &&
		    now - tr->last_up >= (int64_t)s->cfg.alert_clear_after) {
			ev = SINK_CLEAR;
		}
		if (ev < 0)
			continue;
		/*
		 * Raised again (an event back after its clear, a condition
		 * reopened): a new episode, the acknowledgement is spent; a
		 * first raise keeps one given from the state before it (the
		 * state shows an alert a flush before its raise).  The table
		 * says what was cleared, for the pages and for a restart
		 * (sinks_mark_sent).
		 */
		if (ev == SINK_RAISE && (tr->sent > 0 || a->cleared))
			alert_unack(a);
		a->cleared = ev == SINK_CLEAR;
		s->ev = grow(s->ev, &s->cap_ev, ne + 1, sizeof(*s->ev));
		s->ev[ne].idx = i;
		s->ev[ne].ev = (uint8_t)ev;
		s->ev[ne].new_count = a->count > tr->sent ? a->count - tr->sent : 0;
		event_key(&s->ev[ne], a, reg);
		ne++;
		tr->sent = a->count;
		tr->raised = ev != SINK_CLEAR;
		if (ev != SINK_CLEAR)
			tr->last_sent = now;
		s->n_events[ev]++;
	}

	/* 2. groups: runs of (event, who) after sorting */
	if (ne > 0) {
		qsort(s->ev, ne, sizeof(*s->ev), cmp_event);
		for (j = 0; j < ne; j = k) {
			for (k = j + 1; k < ne && s->ev[k].ev == s->ev[j].ev &&
			     s->ev[k].kind == s->ev[j].kind &&
			     s->ev[k].key == s->ev[j].key;
			     k++)
				;
			s->gr = grow(s->gr, &s->cap_gr, ng + 1, sizeof(*s->gr));
			s->gr[ng].first = j;
			s->gr[ng].n = k - j;
			s->gr[ng].min_idx = s->ev[j].idx; /* sorted by idx last */
			ng++;
		}
		qsort(s->gr, ng, sizeof(*s->gr), cmp_group);
	}

	/* 3. one message per group to every sink */
	m = xcalloc(1, sizeof(*m));
	for (g = 0; g < ng; g++) {
		const struct event *e = &s->ev[s->gr[g].first];
		const struct alert *a0 = alert_table_at(t, e->idx);

		s->items = grow(s->items, &s->cap_items, s->gr[g].n,
		    sizeof(*s->items));
		memset(m, 0, sizeof(*m));
		m->event = (enum sink_event)e->ev;
		m->group = s->next_group++;
		m->now = now;
		m->severity = ALERT_NOTICE;
		m->items = s->items;
		m->n = s->gr[g].n;
		m->member = e->member;
		m->has_asn = e->kind == 0;
		m->asnum = e->member ? e->member->asnum : a0->key.asnum;
		for (j = 0; j < m->n; j++) {
			const struct alert *a = alert_table_at(t, e[j].idx);

			s->items[j].a = a;
			s->items[j].new_count = e[j].new_count;
			m->count += a->count;
			if (a->severity < m->severity)
				m->severity = a->severity;
		}
		msg_prepare(m, s);
		s->n_groups++;
		for (j = 0; j < s->n_slots; j++)
			deliver(s, &s->slot[j], m);
	}
	free(m);
	for (j = 0; j < s->n_slots; j++)
		if (s->slot[j].ops->tick)
			s->slot[j].ops->tick(s->slot[j].priv, &s->env, now);
}

void sinks_flush(struct sinks *s, struct alert_table *t,
    const struct registry *reg, int64_t now)
{
	flush(s, t, reg, now, 0);
}

void sinks_flush_final(struct sinks *s, struct alert_table *t,
    const struct registry *reg, int64_t now)
{
	flush(s, t, reg, now, 1);
}

void sinks_mark_sent(struct sinks *s, const struct alert_table *t,
    int64_t now)
{
	uint32_t i, n = alert_table_count(t);
	size_t cap = s->cap_tr;

	s->tr = grow(s->tr, &cap, n, sizeof(*s->tr));
	s->cap_tr = (uint32_t)cap;
	for (i = 0; i < n; i++) {
		const struct alert *a = alert_table_at(t, i);
		struct track *tr = &s->tr[i];

		tr->seen = tr->sent = a->count;
		tr->last_sent = now;
		tr->last_up = a->last_sec < now ? a->last_sec : now;
		tr->cond = 0;
		if (a->folded) {
			tr->raised = 0; /* reported through its folded entry */
		} else if (alert_type_is_condition(
			       (enum alert_type)a->key.type)) {
			/* a closed one was cleared by the flush after its
			 * state was written */
			tr->cond = a->open;
			tr->raised = a->open;
		} else {
			/* one already cleared is not cleared again */
			tr->raised = !a->cleared;
		}
	}
	s->n_tr = n;
}

/* ---- acknowledgements ------------------------------------------------- */

struct take_ctx {
	struct sinks *s;
	struct alert_table *t;
	const struct registry *reg;
	int applied;
};

static void take_one(void *ctx, const struct ack_req *r, const char *file,
    const char *why)
{
	struct take_ctx *tc = ctx;
	struct sinks *s = tc->s;
	struct sink_item item;
	struct sink_msg *m;
	struct event e;
	struct alert *a;
	char id[ALERT_ID_LEN];
	size_t j;

	if (r == NULL) {
		s->n_ack_errors++;
		log_warnx("acknowledgement %s/%s/%s: %s; removed", s->state_dir,
		    ACK_SPOOL_DIR, file, why);
		return;
	}
	if ((a = alert_find_id(tc->t, r->id)) == NULL) {
		s->n_ack_errors++;
		log_warnx("acknowledgement of alert %s: no such alert any more; "
		    "removed", alert_id_str(r->id, id));
		return;
	}
	alert_ack(a, r->sec, r->note);
	tc->applied++;
	s->n_acks++;
	/* its own message, to every sink, at the time it was given */
	memset(&e, 0, sizeof(e));
	event_key(&e, a, tc->reg);
	item.a = a;
	item.new_count = 0;
	m = xcalloc(1, sizeof(*m));
	m->event = SINK_ACK;
	m->group = s->next_group++;
	m->now = r->sec;
	m->severity = a->severity;
	m->items = &item;
	m->n = 1;
	m->member = e.member;
	m->has_asn = e.kind == 0;
	m->asnum = e.member ? e.member->asnum : a->key.asnum;
	m->count = a->count;
	msg_prepare(m, s);
	for (j = 0; j < s->n_slots; j++) {
		if (s->slot[j].ops->tick)
			s->slot[j].ops->tick(s->slot[j].priv, &s->env, m->now);
		deliver(s, &s->slot[j], m);
		if (s->slot[j].ops->tick)
			s->slot[j].ops->tick(s->slot[j].priv, &s->env, m->now);
	}
	free(m);
}

int sinks_take_acks(struct sinks *s, struct alert_table *t,
    const struct registry *reg, int64_t now)
{
	struct take_ctx tc = {s, t, reg, 0};

	if (s->spool_checked && now == s->spool_at)
		return 0;
	s->spool_checked = 1;
	s->spool_at = now;
	if (ack_spool_take(s->state_dir, take_one, &tc) >= 0) {
		s->spool_err = 0;
	} else if (errno != s->spool_err) {
		/* once a second otherwise: once per cause is enough */
		s->spool_err = errno;
		log_warn("acknowledgements: %s/%s", s->state_dir, ACK_SPOOL_DIR);
	}
	return tc.applied;
}

json_t *sinks_stats(const struct sinks *s)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < s->n_slots; i++) {
		const struct slot *sl = &s->slot[i];

		json_object_set_new(o, sl->ops->name,
		    json_pack("{s:I,s:I,s:I,s:I}", "sent",
			(json_int_t)sl->c.sent, "suppressed",
			(json_int_t)sl->c.suppressed, "dropped",
			(json_int_t)sl->c.dropped, "errors",
			(json_int_t)sl->c.errors));
	}
	json_object_set_new(o, "events",
	    json_pack("{s:I,s:I,s:I,s:I}", "raise", (json_int_t)s->n_events[0],
		"repeat", (json_int_t)s->n_events[1], "clear",
		(json_int_t)s->n_events[2], "ack", (json_int_t)s->n_acks));
	json_object_set_new(o, "groups", json_integer((json_int_t)s->n_groups));
	/* from the spool but for no alert, or unreadable */
	json_object_set_new(o, "acks_refused",
	    json_integer((json_int_t)s->n_ack_errors));
	return o;
}

/* ---- the sinks' error log ---------------------------------------------- */

static int errlog_due(const struct sink_errlog *l, int i, int64_t now)
{
	return now < l->slot[i].since ||
	    now - l->slot[i].since >= SINK_ERRLOG_WINDOW;
}

/* Log how many were held back since the last line about this errno. */
static void errlog_report(struct sink_errlog *l, int i, int64_t now)
{
	log_warnx("%s (%llu more since the last report)", l->slot[i].text,
	    (unsigned long long)l->slot[i].suppressed);
	l->slot[i].since = now;
	l->slot[i].suppressed = 0;
}

void sink_errlog(struct sink_errlog *l, int64_t now, int err,
    const char *fmt, ...)
{
	char msg[SINK_ERRLOG_LEN];
	uint64_t held = 0;
	int i, pick = -1;
	size_t off;
	va_list ap;

	for (i = 0; i < SINK_ERRLOG_SLOTS && pick < 0; i++)
		if (l->slot[i].used && l->slot[i].err == err)
			pick = i;
	if (pick >= 0 && !errlog_due(l, pick, now)) {
		l->slot[pick].suppressed++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	off = strlen(msg);
	if (err != 0)
		snprintf(msg + off, sizeof(msg) - off, ": %s", strerror(err));
	if (pick >= 0) {
		held = l->slot[pick].suppressed;
	} else {
		/* a free slot, else the oldest, after saying its count */
		for (i = 0; i < SINK_ERRLOG_SLOTS && pick < 0; i++)
			if (!l->slot[i].used)
				pick = i;
		if (pick < 0) {
			pick = 0;
			for (i = 1; i < SINK_ERRLOG_SLOTS; i++)
				if (l->slot[i].since < l->slot[pick].since)
					pick = i;
			if (l->slot[pick].suppressed > 0)
				errlog_report(l, pick, now);
		}
	}
	if (held > 0)
		log_warnx("%s (%llu more since the last report)", msg,
		    (unsigned long long)held);
	else
		log_warnx("%s", msg);
	l->slot[pick].used = 1;
	l->slot[pick].err = err;
	l->slot[pick].since = now;
	l->slot[pick].suppressed = 0;
	snprintf(l->slot[pick].text, sizeof(l->slot[pick].text), "%s", msg);
}

void sink_errlog_tick(struct sink_errlog *l, int64_t now)
{
	int i;

	for (i = 0; i < SINK_ERRLOG_SLOTS; i++)
		if (l->slot[i].used && l->slot[i].suppressed > 0 &&
		    errlog_due(l, i, now))
			errlog_report(l, i, now);
}

void sink_errlog_flush(struct sink_errlog *l)
{
	int i;

	for (i = 0; i < SINK_ERRLOG_SLOTS; i++)
		if (l->slot[i].used && l->slot[i].suppressed > 0)
			errlog_report(l, i, l->slot[i].since);
}
