/*
 * alert_ack.c - POST /api/alerts/ack; see alert_ack.h.
 *
 * libmicrohttpd calls the access handler once with the head, then once
 * per piece of body, then once more with nothing: every check that needs
 * only the head (method, token, origin, content type and length) answers
 * at the first call, before a byte of body is read; the body goes into a
 * buffer of ALERT_ACK_BODY_MAX bytes kept in *con_cls (freed by
 * alert_ack_completed, also when the client goes away mid-body); the last
 * call checks it and puts the acknowledgement in the spool.  The context
 * starts with a magic number because the request-completed notification
 * gets every request's *con_cls, this endpoint's or not.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "alerts/ack_spool.h"
#include "common/fmt.h"
#include "web/alert_ack.h"
#include "web/web.h"

#define ACK_MAGIC 0x61636b21u /* "ack!" */

struct ack_ctx {
	uint32_t magic;
	size_t len;
	int overflow;
	char body[ALERT_ACK_BODY_MAX + 1];
};

/* {"error": why} as a response, *status set. */
static struct MHD_Response *refuse(unsigned *status, unsigned code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static struct MHD_Response *answer(unsigned *status, unsigned code, json_t *o)
{
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	struct MHD_Response *resp;
	size_t len;

	json_decref(o);
	if (text == NULL) {
		static const char oom[] = "{\"error\":\"out of memory\"}\n";

		*status = MHD_HTTP_SERVICE_UNAVAILABLE;
		return MHD_create_response_from_buffer(sizeof(oom) - 1,
		    (void *)(uintptr_t)oom, MHD_RESPMEM_PERSISTENT);
	}
	len = strlen(text);
	text[len] = '\n'; /* the NUL: a trailing newline for curl users */
	resp = MHD_create_response_from_buffer(len + 1, text,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return NULL;
	}
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "POST");
	if (code == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"ixmon NOC\"");
	*status = code;
	return resp;
}

static struct MHD_Response *refuse(unsigned *status, unsigned code,
    const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return answer(status, code, json_pack("{s:s}", "error", why));
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* Is Origin (when sent) this server, "http(s)://" + Host? */
static int same_origin(struct MHD_Connection *c)
{
	const char *origin = header(c, "Origin"), *host, *p;
	const char *site = header(c, "Sec-Fetch-Site");

	if (site != NULL && strcasecmp(site, "cross-site") == 0)
		return 0;
	if (origin == NULL)
		return 1;
	host = header(c, MHD_HTTP_HEADER_HOST);
	if (strncmp(origin, "http://", 7) == 0)
		p = origin + 7;
	else if (strncmp(origin, "https://", 8) == 0)
		p = origin + 8;
	else
		return 0; /* "null" (a sandboxed page, a file) is foreign too */
	return host != NULL && strcasecmp(p, host) == 0;
}

/* The head's checks; NULL when the body may come. */
static struct MHD_Response *check_head(struct MHD_Connection *c,
    const char *method, const char *noc_token, unsigned *status)
{
	const char *auth, *type, *cl, *te;
	char *end;
	unsigned long long n;

	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
		return refuse(status, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "acknowledging is a POST of {\"id\": ..., \"note\": ...}");
	if (noc_token == NULL)
		return refuse(status, MHD_HTTP_FORBIDDEN,
		    "acknowledging needs the NOC token, and this server has "
		    "none (--token-file)");
	auth = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
		return refuse(status, MHD_HTTP_UNAUTHORIZED,
		    "the NOC token goes in the header Authorization: Bearer "
		    "TOKEN (not in the URL, not in a cookie)");
	if (!web_token_equal(auth + 7, noc_token))
		return refuse(status, MHD_HTTP_FORBIDDEN,
		    "this token may not acknowledge alerts: only the NOC "
		    "token may");
	if (!same_origin(c))
		return refuse(status, MHD_HTTP_FORBIDDEN,
		    "cross-site request refused (Origin is not this server)");
	type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (type == NULL || strncasecmp(type, "application/json", 16) != 0 ||
	    (type[16] != '\0' && type[16] != ';' && type[16] != ' '))
		return refuse(status, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    "Content-Type: want application/json, got %.60s",
		    type ? type : "none");
	cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
	te = header(c, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (te != NULL || cl == NULL)
		return refuse(status, MHD_HTTP_LENGTH_REQUIRED,
		    "send the body with a Content-Length (at most %u bytes)",
		    ALERT_ACK_BODY_MAX);
	errno = 0;
	n = strtoull(cl, &end, 10);
	if (errno == ERANGE || n > ALERT_ACK_BODY_MAX)
		return refuse(status, MHD_HTTP_CONTENT_TOO_LARGE,
		    "the body is at most %u bytes", ALERT_ACK_BODY_MAX);
	return NULL;
}

/* A note the logs can carry: no control characters, 1..ALERT_NOTE_LEN-1. */
static const char *note_problem(const char *note, size_t len)
{
	size_t i;

	if (len == 0)
		return "is empty: say why (a ticket, who was called)";
	if (len >= ALERT_NOTE_LEN)
		return "is longer than 511 bytes";
	for (i = 0; i < len; i++)
		if ((unsigned char)note[i] < 0x20 || note[i] == 0x7f)
			return "has a control character (a line break, a tab...)";
	return NULL;
}

/* Is the alert `id` in the state's alerts? */
static int in_state(const json_t *st, const char *id)
{
	const json_t *a;
	size_t i;

	json_array_foreach(json_object_get(st, "alerts"), i, a) {
		const char *v = json_string_value(json_object_get(a, "id"));

		if (v != NULL && strcasecmp(v, id) == 0)
			return 1;
	}
	return 0;
}

/* The whole body is in: check it, spool it, answer. */
static struct MHD_Response *take_body(struct ack_ctx *x, int state_dirfd,
    alert_ack_state_fn state, void *state_cls, unsigned *status)
{
	char err[512], idbuf[ALERT_ID_LEN], ts[FMT_TS_LEN];
	const char *key, *id;
	struct ack_req r;
	json_error_t je;
	json_t *o, *v, *st;
	struct MHD_Response *resp = NULL;
	const char *why;

	if (x->overflow)
		return refuse(status, MHD_HTTP_CONTENT_TOO_LARGE,
		    "the body is at most %u bytes", ALERT_ACK_BODY_MAX);
	o = json_loadb(x->body, x->len, 0, &je);
	if (o == NULL)
		return refuse(status, MHD_HTTP_BAD_REQUEST,
		    "body: not JSON: %s (column %d)", je.text, je.column);
	if (!json_is_object(o)) {
		json_decref(o);
		return refuse(status, MHD_HTTP_BAD_REQUEST,
		    "body: want an object {\"id\": ..., \"note\": ...}");
	}
	json_object_foreach(o, key, v) {
		if (strcmp(key, "id") != 0 && strcmp(key, "note") != 0) {
			char k[64];

			snprintf(k, sizeof(k), "%s", key);
			resp = refuse(status, MHD_HTTP_BAD_REQUEST,
			    "body: unknown key \"%s\" (want id and note)",
			    fmt_printable(k));
			goto out;
		}
	}
	memset(&r, 0, sizeof(r));
	id = json_string_value(json_object_get(o, "id"));
	v = json_object_get(o, "note");
	if (alert_id_parse(id, &r.id) < 0) {
		resp = refuse(status, MHD_HTTP_BAD_REQUEST,
		    "id: want the alert's id, 16 hex digits as /api/alerts "
		    "shows it");
		goto out;
	}
	if (!json_is_string(v)) {
		resp = refuse(status, MHD_HTTP_BAD_REQUEST,
		    "note: want a string saying why (a ticket, who was called)");
		goto out;
	}
	if ((why = note_problem(json_string_value(v), json_string_length(v)))) {
		resp = refuse(status, MHD_HTTP_BAD_REQUEST, "note: %s", why);
		goto out;
	}
	alert_id_str(r.id, idbuf);
	if ((st = state(state_cls)) == NULL) {
		resp = refuse(status, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "no state.json to check the id against yet");
		goto out;
	}
	if (!in_state(st, idbuf)) {
		json_decref(st);
		resp = refuse(status, MHD_HTTP_NOT_FOUND,
		    "id: no alert %s in the current state", idbuf);
		goto out;
	}
	json_decref(st);
	r.sec = (int64_t)time(NULL);
	snprintf(r.note, sizeof(r.note), "%s", json_string_value(v));
	if (ack_spool_put(state_dirfd, &r, err, sizeof(err)) < 0) {
		resp = refuse(status, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "cannot record the acknowledgement: %s", err);
		goto out;
	}
	resp = answer(status, MHD_HTTP_ACCEPTED, json_pack("{s:s,s:{s:s,s:s},s:s}",
	    "id", idbuf, "acknowledged", "time", fmt_rfc3339(ts, r.sec, 0),
	    "note", r.note, "status",
	    "recorded: the appliance applies it within a second"));
out:
	json_decref(o);
	return resp;
}

struct MHD_Response *alert_ack_request(struct MHD_Connection *c,
    const char *method, const char *upload_data, size_t *upload_data_size,
    void **con_cls, const char *noc_token, int state_dirfd,
    alert_ack_state_fn state, void *state_cls, unsigned *status)
{
	struct ack_ctx *x = *con_cls;
	struct MHD_Response *resp;

	if (x == NULL) {
		/* the head: answer now, or get ready for the body */
		if ((resp = check_head(c, method, noc_token, status)) != NULL) {
			*upload_data_size = 0;
			return resp;
		}
		if ((x = calloc(1, sizeof(*x))) == NULL) {
			*upload_data_size = 0;
			return refuse(status, MHD_HTTP_SERVICE_UNAVAILABLE,
			    "out of memory");
		}
		x->magic = ACK_MAGIC;
		*con_cls = x;
		return NULL;
	}
	if (*upload_data_size != 0) {
		size_t n = *upload_data_size;

		if (x->len + n > ALERT_ACK_BODY_MAX)
			x->overflow = 1; /* more than Content-Length promised */
		else
			memcpy(x->body + x->len, upload_data, n);
		if (!x->overflow)
			x->len += n;
		*upload_data_size = 0;
		return NULL;
	}
	return take_body(x, state_dirfd, state, state_cls, status);
}

void alert_ack_completed(void **con_cls)
{
	uint32_t magic;

	if (con_cls == NULL || *con_cls == NULL)
		return;
	/*
	 * Another route's context may be smaller and less aligned than
	 * ours (a static int): read its first four bytes as bytes, and take
	 * it as ours only when they are our magic.
	 */
	memcpy(&magic, *con_cls, sizeof(magic));
	if (magic != ACK_MAGIC)
		return;
	free(*con_cls);
	*con_cls = NULL;
}
