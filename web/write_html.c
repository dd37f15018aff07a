/*
 * write_html.c - the dashboard as static files (`ixmon serve --write-html`,
 * `make demo`).
 *
 * The same generators as the server, with relative links: index.html,
 * ipv6.html and members/ASN.html next to static/ (the compiled-in CSS and
 * icon) and graphs/ (a copy of the state directory's graph images whose
 * names match the server's pattern; symlinks are skipped, as the server
 * refuses them).  Each file is written to a temporary name and renamed, so
 * a browser reloading during a rewrite never sees half a page.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "common/jget.h"
#include "web/pages.h"
#include "web/static.h"
#include "web/web.h"

struct gdir {
	char path[4096];
};

static int graph_exists_path(void *cls, const char *file)
{
	struct gdir *g = cls;
	char p[4200];
	struct stat sb;

	if (!web_graph_name_ok(file))
		return 0;
	snprintf(p, sizeof(p), "%s/%s", g->path, file);
	return lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_nlink == 1;
}

static int write_file(const char *dir, const char *name, const char *body,
    size_t len, char *err, size_t errlen)
{
	char path[4200], tmp[4300];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if ((fp = fopen(tmp, "wb")) == NULL) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fwrite(body, 1, len, fp) != len || fclose(fp) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int write_page(const char *dir, const char *name, char *body, size_t len,
    char *err, size_t errlen)
{
	int rc;

	if (body == NULL) {
		snprintf(err, errlen, "%s/%s: page too large or out of memory", dir, name);
		return -1;
	}
	rc = write_file(dir, name, body, len, err, errlen);
	free(body);
	return rc;
}

static int mkdir_p1(const char *path, char *err, size_t errlen)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Copy the valid, regular graph files (no symlinks) into out/graphs. */
static int copy_graphs(const char *src, const char *out, char *err, size_t errlen)
{
	DIR *d = opendir(src);
	struct dirent *de;
	int rc = 0;

	if (d == NULL)
		return 0; /* no graphs yet: fine */
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char *buf = NULL;
		struct stat sb;
		ssize_t n;
		int fd;

		if (!web_graph_name_ok(de->d_name))
			continue;
		if ((fd = openat(dirfd(d), de->d_name,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
			continue;
		/* one link only: a hard link planted in graphs/ is not copied */
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_nlink == 1 &&
		    sb.st_size < (64 << 20) &&
		    (buf = malloc((size_t)sb.st_size + 1)) != NULL &&
		    (n = read(fd, buf, (size_t)sb.st_size)) == sb.st_size)
			rc = write_file(out, de->d_name, buf, (size_t)n, err, errlen);
		free(buf);
		close(fd);
	}
	closedir(d);
	return rc;
}

int web_write_static(const char *state_dir, const char *out_dir,
    const char *ipv6_ranking, char *err, size_t errlen)
{
	const struct web_static *s;
	struct page_ctx pc = {0};
	struct gdir g;
	char path[4200], graphs_out[4200], name[64];
	json_error_t je;
	json_t *st, *m;
	char *body;
	struct stat sb;
	size_t i, len;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/state.json", state_dir);
	if ((st = json_load_file(path, 0, &je)) == NULL || !json_is_object(st)) {
		snprintf(err, errlen, "%s: %s", path, st ? "not a JSON object" : je.text);
		json_decref(st);
		return -1;
	}
	snprintf(g.path, sizeof(g.path), "%s/graphs", state_dir);
	pc.static_html = 1;
	/* the files are the NOC's copy: everything, but /ipv6 as the public sees it */
	pc.auth.role = WEB_ROLE_NOC;
	pc.ranking = ipv6_ranking;
	pc.now = 0; /* files are read later: "N min ago" would go stale */
	pc.graph_exists = graph_exists_path;
	pc.graph_cls = &g;
	pc.mtime = stat(path, &sb) == 0 ? (int64_t)sb.st_mtim.tv_sec : 0;
	snprintf(graphs_out, sizeof(graphs_out), "%s/graphs", out_dir);
	if (mkdir_p1(out_dir, err, errlen) < 0 || mkdir_p1(graphs_out, err, errlen) < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/static", out_dir);
	if (mkdir_p1(path, err, errlen) < 0)
		goto out;
	for (s = web_static_files; s->name; s++)
		if (write_file(path, s->name, s->body, s->len, err, errlen) < 0)
			goto out;
	snprintf(path, sizeof(path), "%s/members", out_dir);
	if (mkdir_p1(path, err, errlen) < 0 ||
	    copy_graphs(g.path, graphs_out, err, errlen) < 0)
		goto out;
	pc.rel = "";
	{
		char *b;

		b = page_noc(st, &pc, &len);
		if (write_page(out_dir, "index.html", b, len, err, errlen) < 0)
			goto out;
		b = page_ipv6(st, &pc, &len);
		if (write_page(out_dir, "ipv6.html", b, len, err, errlen) < 0)
			goto out;
		b = page_reconciliation(st, &pc, &len);
		if (write_page(out_dir, "reconciliation.html", b, len, err, errlen) < 0)
			goto out;
	}
	pc.rel = "../";
	json_array_foreach(jget(st, "members"), i, m) {
		uint64_t asn;

		if (!jget_has_num(m, "asnum"))
			continue;
		asn = jget_u64(m, "asnum");
		snprintf(name, sizeof(name), "%" PRIu64 ".html", asn);
		/* body first: argument evaluation order would leave len stale */
		body = page_member(st, asn, &pc, &len);
		if (write_page(path, name, body, len, err, errlen) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(st);
	return rc;
}
