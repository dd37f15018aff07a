/*
 * alert_ack.h - POST /api/alerts/ack: the NOC acknowledges an alert.
 *
 *   POST /api/alerts/ack HTTP/1.1
 *   Authorization: Bearer NOC-TOKEN
 *   Content-Type: application/json
 *   Content-Length: 62
 *
 *   {"id": "9f0c2a51d7e3b864", "note": "ticket 4711, AS64500 called"}
 *
 * answers 202 {"id": .., "acknowledged": {"time": .., "note": ..}}: the
 * request is in the spool (alerts/ack_spool.h) and the appliance applies
 * it within a second: the alert's `acknowledged` in state.json and the
 * API, an `ack` line in alerts.jsonl, a syslog message (docs/alerts.md).
 *
 * Who may: only the NOC token (the server's --token-file), presented in
 * an `Authorization: Bearer` header; not in the query string (it would
 * end up in logs and browser history) nor a cookie (a browser sends those
 * on its own, so a page elsewhere could make the NOC's browser
 * acknowledge: CSRF).  No token configured: nobody may (403).  Checked
 * before the body is read, in constant time.
 *
 * Cross-site requests: an HTML form can post only form-encoded, multipart
 * or text/plain bodies without custom headers, so the JSON content type
 * and the Authorization header already keep forms out (and a cross-site
 * script would need a CORS preflight, which is never granted: OPTIONS is
 * 405).  On top, a request whose Origin is not this server's Host, or
 * whose Sec-Fetch-Site says cross-site, is refused.
 *
 * Limits: a Content-Length is required (411; no chunked bodies), at most
 * ALERT_ACK_BODY_MAX bytes (413), read into one buffer of that size per
 * request; the server's request deadline (10 s from the accept,
 * http_server.c) covers the body too, so a slow body cannot hold a slot.  The body is one JSON object with exactly "id" (16 hex digits,
 * the alert's id in /api/alerts) and "note" (1 to ALERT_NOTE_LEN - 1
 * bytes of UTF-8 without control characters); anything else is a 400
 * naming the field.  An id that is not in the current state is 404.
 *
 * Statuses: 202 accepted, 400 bad body, 401 no Bearer token, 403 wrong
 * token / no NOC token configured / cross-site, 404 no such alert, 405
 * not POST (Allow: POST), 411, 413, 415 not application/json, 503 no
 * state or the spool cannot take it (no appliance running).  Every answer
 * is JSON: {"error": "..."} for a refusal.
 */
#ifndef IXMON_WEB_ALERT_ACK_H
#define IXMON_WEB_ALERT_ACK_H

#include <stddef.h>

#include <jansson.h>
#include <microhttpd.h>

#define ALERT_ACK_PATH     "/api/alerts/ack"
#define ALERT_ACK_BODY_MAX 4096

/* The current state for the id check: a new reference, or NULL. */
typedef json_t *(*alert_ack_state_fn)(void *cls);

/*
 * One call of libmicrohttpd's access handler for ALERT_ACK_PATH (its
 * arguments as MHD passes them).  `noc_token` NULL: no token configured.
 * Returns NULL while the request is still coming in (the handler returns
 * MHD_YES), else the answer, with *status set: the caller adds its
 * security headers and Content-Type application/json and queues it.
 */
struct MHD_Response *alert_ack_request(struct MHD_Connection *c,
    const char *method, const char *upload_data, size_t *upload_data_size,
    void **con_cls, const char *noc_token, int state_dirfd,
    alert_ack_state_fn state, void *state_cls, unsigned *status);

/*
 * MHD's request-completed notification: frees what alert_ack_request
 * kept in *con_cls; a no-op for a request that is not an acknowledgement.
 */
void alert_ack_completed(void **con_cls);

#endif
