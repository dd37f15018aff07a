/*
 * jget.c - tolerant dotted-path reads (design note in jget.h).
 */
#include <string.h>

#include "common/jget.h"

json_t *jget(const json_t *root, const char *path)
{
	char key[128];
	const char *p = path, *dot;
	json_t *v = (json_t *)(uintptr_t)root;

	while (v && *p) {
		size_t n;

		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(key) || !json_is_object(v))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		p += n + (dot != NULL);
	}
	return v;
}

uint64_t jget_u64(const json_t *root, const char *path)
{
	json_t *v = jget(root, path);

	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? (uint64_t)json_integer_value(v) : 0;
	if (json_is_real(v)) {
		double d = json_real_value(v);

		/* 2^64 and NaN are not counters. */
		return d > 0 && d < 1.8e19 ? (uint64_t)d : 0;
	}
	return 0;
}

double jget_num(const json_t *root, const char *path, double def)
{
	json_t *v = jget(root, path);

	return json_is_number(v) ? json_number_value(v) : def;
}

const char *jget_str(const json_t *root, const char *path)
{
	return json_string_value(jget(root, path));
}

int jget_has_num(const json_t *root, const char *path)
{
	return json_is_number(jget(root, path));
}
