/*
 * oui.c - see oui.h.  The file's lines of interest read
 * "00-1B-54   (hex)\t\tCisco Systems, Inc\r\n".  Names go into one pool,
 * entries (OUI as a 24-bit number, offset into the pool) are sorted once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fmt.h"
#include "common/log.h"
#include "common/oui.h"

struct oui_entry {
	uint32_t oui;
	uint32_t name; /* offset in pool */
};

struct oui_table {
	struct oui_entry *e;
	size_t n, cap;
	char *pool;
	size_t used, pool_cap;
};

static int by_oui(const void *a, const void *b)
{
	const struct oui_entry *x = a, *y = b;

	return x->oui < y->oui ? -1 : x->oui > y->oui;
}

static void add(struct oui_table *t, uint32_t oui, const char *name)
{
	size_t len = strlen(name) + 1;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 4096;
		t->e = xrealloc(t->e, t->cap * sizeof(*t->e));
	}
	while (t->used + len > t->pool_cap) {
		t->pool_cap = t->pool_cap ? t->pool_cap * 2 : 1 << 18;
		t->pool = xrealloc(t->pool, t->pool_cap);
	}
	memcpy(t->pool + t->used, name, len);
	t->e[t->n].oui = oui;
	t->e[t->n].name = (uint32_t)t->used;
	t->n++;
	t->used += len;
}

struct oui_table *oui_load(const char *path)
{
	struct oui_table *t;
	char line[512];
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	while (fgets(line, sizeof(line), fp)) {
		uint32_t oui = 0;
		char *name;
		int j;

		if (strlen(line) < 18 || strncmp(line + 8, "   (hex)", 8) != 0)
			continue;
		for (j = 0; j < 3; j++) {
			int hi = fmt_hexval(line[j * 3]), lo = fmt_hexval(line[j * 3 + 1]);

			if (hi < 0 || lo < 0)
				break;
			oui = oui << 8 | (uint32_t)(hi << 4 | lo);
		}
		if (j < 3)
			continue;
		name = line + 16;
		name += strspn(name, " \t");
		name[strcspn(name, "\r\n")] = '\0';
		add(t, oui, name);
	}
	fclose(fp);
	/* stable for equal keys is not needed: the registry has each OUI once */
	qsort(t->e, t->n, sizeof(*t->e), by_oui);
	return t;
}

const char *oui_name(const struct oui_table *t, const uint8_t mac[6])
{
	uint32_t key = (uint32_t)mac[0] << 16 | (uint32_t)mac[1] << 8 | mac[2];
	size_t lo = 0, hi;

	if (t == NULL)
		return "";
	hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->e[mid].oui < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->e[lo].oui == key ? t->pool + t->e[lo].name : "";
}

size_t oui_count(const struct oui_table *t) { return t ? t->n : 0; }

void oui_free(struct oui_table *t)
{
	if (t == NULL)
		return;
	free(t->e);
	free(t->pool);
	free(t);
}
