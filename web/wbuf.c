/*
 * wbuf.c - bounded growable text buffer (design note in wbuf.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/wbuf.h"

void wbuf_init(struct wbuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max ? max : WBUF_MAX;
}

/* Room for `n` more bytes plus the NUL; 0, or -1 (and failed) past the cap. */
static int wbuf_reserve(struct wbuf *b, size_t n)
{
	size_t need, cap;
	char *np;

	if (b->failed)
		return -1;
	if (n > b->max || b->len > b->max - n - 1) {
		b->failed = 1;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 4096;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	if ((np = realloc(b->p, cap)) == NULL) {
		b->failed = 1;
		return -1;
	}
	b->p = np;
	b->cap = cap;
	return 0;
}

void wbuf_put(struct wbuf *b, const char *s, size_t n)
{
	if (wbuf_reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void wbuf_puts(struct wbuf *b, const char *s)
{
	if (s)
		wbuf_put(b, s, strlen(s));
}

void wbuf_printf(struct wbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		wbuf_put(b, small, (size_t)n);
		return;
	}
	/* Rare long line: format straight into the buffer. */
	if (wbuf_reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void wbuf_html(struct wbuf *b, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s; s++) {
		const char *rep = NULL;
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			/* C0 controls (but tab, LF) and DEL are not text. */
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				rep = "";
		}
		if (rep) {
			wbuf_put(b, run, (size_t)(s - run));
			wbuf_puts(b, rep);
			run = s + 1;
		}
	}
	wbuf_put(b, run, (size_t)(s - run));
}

char *wbuf_finish(struct wbuf *b, size_t *len)
{
	char *p;

	if (!b->failed && b->p == NULL)
		wbuf_put(b, "", 0);
	if (b->failed) {
		wbuf_free(b);
		return NULL;
	}
	p = b->p;
	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void wbuf_free(struct wbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
