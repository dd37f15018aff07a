/*
 * wbuf.h - a bounded, growable text buffer for the dashboard's output.
 *
 * Every page, API body and metrics exposition is built in one of these and
 * handed to libmicrohttpd (or written to a file) as a whole.  The buffer
 * grows by doubling up to a hard cap (WBUF_MAX): a state file with a
 * million members cannot make one response eat the machine.  Once an
 * append fails (cap or allocation) the buffer is "failed": later appends
 * are no-ops and wbuf_finish() returns NULL, so callers check once at the
 * end instead of after every line.
 *
 * wbuf_html() escapes & < > " ' (the five characters that matter in HTML
 * text and quoted attribute values, HTML5 13.1.2.6) and drops control
 * characters other than tab/newline, so strings taken from the state (member
 * names come from an IX-F export: untrusted) can never open a tag, close an
 * attribute or smuggle a NUL.
 */
#ifndef IXMON_WBUF_H
#define IXMON_WBUF_H

#include <stddef.h>

#define WBUF_MAX (16u << 20) /* 16 MiB: far above any sane page */

struct wbuf {
	char *p;
	size_t len, cap, max;
	int failed;
};

void wbuf_init(struct wbuf *b, size_t max);
void wbuf_put(struct wbuf *b, const char *s, size_t n);
void wbuf_puts(struct wbuf *b, const char *s);
void wbuf_printf(struct wbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* HTML text / attribute value: escaped; NULL writes nothing. */
void wbuf_html(struct wbuf *b, const char *s);
/* A NUL-terminated string the caller owns (free()), or NULL if failed. */
char *wbuf_finish(struct wbuf *b, size_t *len);
void wbuf_free(struct wbuf *b);

#endif
