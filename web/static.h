/*
 * static.h - the compiled-in static files: the only files served from
 * /static/ (no directory is ever read for them).
 */
#ifndef IXMON_STATIC_H
#define IXMON_STATIC_H

#include <stddef.h>

struct web_static {
	const char *name;  /* "ixmon.css" */
	const char *type;  /* Content-Type */
	const char *body;
	size_t len;
};

/* NULL-name terminated. */
extern const struct web_static web_static_files[];
const struct web_static *web_static_find(const char *name);

#endif
