/*
 * ack_spool.c - the acknowledgement spool; see ack_spool.h.
 *
 * Writer and reader agree on nothing but the directory, the names and the
 * JSON of one file, all here, so the two sides cannot drift apart.  The
 * reader never follows a symlink (O_NOFOLLOW) and reads a regular file of
 * at most ACK_SPOOL_FILE_MAX bytes; a file it cannot use is removed all the
 * same, so one bad file cannot block the spool.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "alerts/ack_spool.h"
#include "common/fmt.h"

#define ACK_NAME_LEN 64

int ack_spool_create(const char *state_dir)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", state_dir, ACK_SPOOL_DIR);
	if (mkdir(path, 0750) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

char *ack_spool_format(const struct ack_req *r)
{
	char id[ALERT_ID_LEN], ts[FMT_TS_LEN];
	json_t *o = json_pack("{s:s,s:s,s:s}", "id", alert_id_str(r->id, id),
	    "time", fmt_rfc3339(ts, r->sec, 0), "note", r->note);
	char *text;

	if (o == NULL)
		return NULL;
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

int ack_spool_parse(const char *text, size_t len, struct ack_req *r,
    char *why, size_t whylen)
{
	const char *id, *ts, *note;
	json_error_t je;
	uint32_t nsec;
	json_t *o;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if ((o = json_loadb(text, len, 0, &je)) == NULL) {
		snprintf(why, whylen, "not JSON: %s", je.text);
		return -1;
	}
	id = json_string_value(json_object_get(o, "id"));
	ts = json_string_value(json_object_get(o, "time"));
	note = json_string_value(json_object_get(o, "note"));
	if (alert_id_parse(id, &r->id) < 0)
		snprintf(why, whylen, "\"id\" is not an alert id");
	else if (ts == NULL || fmt_parse_rfc3339(ts, &r->sec, &nsec) < 0)
		snprintf(why, whylen, "\"time\" is not an RFC 3339 time");
	else if (note == NULL || strlen(note) >= sizeof(r->note))
		snprintf(why, whylen, "\"note\" is missing or longer than %d bytes",
		    ALERT_NOTE_LEN - 1);
	else {
		snprintf(r->note, sizeof(r->note), "%s", note);
		rc = 0;
	}
	json_decref(o);
	return rc;
}

/* Files waiting in the open spool `dfd` (dotfiles are being written). */
static int spool_count(int dfd)
{
	int fd = dup(dfd), n = 0;
	struct dirent *de;
	DIR *d;

	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL && n <= ACK_SPOOL_MAX)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

int ack_spool_put(int state_dirfd, const struct ack_req *r, char *err,
    size_t errlen)
{
	static unsigned counter;
	char name[ACK_NAME_LEN], tmp[ACK_NAME_LEN + 8], *text = NULL;
	struct timespec now;
	size_t len, off = 0;
	int dfd, fd = -1, n, rc = -1;

	dfd = openat(state_dirfd, ACK_SPOOL_DIR,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		snprintf(err, errlen, "%s/: %s (acknowledgements are taken by a "
		    "running ixmon run, which creates it)", ACK_SPOOL_DIR,
		    strerror(errno));
		return -1;
	}
	if ((n = spool_count(dfd)) < 0 || n >= ACK_SPOOL_MAX) {
		snprintf(err, errlen, n < 0 ? "%s/: cannot be read" :
		    "%s/: %d acknowledgements wait already (is ixmon run "
		    "running?)", ACK_SPOOL_DIR, n);
		goto out;
	}
	if ((text = ack_spool_format(r)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(name, sizeof(name), "%012lld.%09ld-%d-%u.json",
	    (long long)now.tv_sec, now.tv_nsec, (int)getpid(),
	    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0640);
	if (fd < 0) {
		snprintf(err, errlen, "%s/: %s", ACK_SPOOL_DIR, strerror(errno));
		goto out;
	}
	len = strlen(text);
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "%s/%s: write: %s", ACK_SPOOL_DIR,
			    tmp, w < 0 ? strerror(errno) : "nothing written");
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0) {
		snprintf(err, errlen, "%s/%s: fsync: %s", ACK_SPOOL_DIR, tmp,
		    strerror(errno));
		goto out;
	}
	n = close(fd);
	fd = -1;
	if (n < 0) {
		snprintf(err, errlen, "%s/%s: close: %s", ACK_SPOOL_DIR, tmp,
		    strerror(errno));
		goto out;
	}
	if (renameat(dfd, tmp, dfd, name) < 0) {
		snprintf(err, errlen, "%s/%s: rename: %s", ACK_SPOOL_DIR, tmp,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && text != NULL)
		unlinkat(dfd, tmp, 0);
	free(text);
	close(dfd);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Read spool file `name`: 0 with its text in buf, or -1 and why. */
static int read_one(int dfd, const char *name, char *buf, size_t cap,
    size_t *len, char *why, size_t whylen)
{
	struct stat sb;
	ssize_t n;
	int fd;

	*len = 0;
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > (off_t)cap) {
		snprintf(why, whylen, "not a regular file of at most %zu bytes", cap);
		close(fd);
		return -1;
	}
	while (*len < cap && (n = read(fd, buf + *len, cap - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, whylen, "read: %s", strerror(errno));
			close(fd);
			return -1;
		}
		*len += (size_t)n;
	}
	close(fd);
	return 0;
}

int ack_spool_take(const char *state_dir,
    void (*fn)(void *ctx, const struct ack_req *r, const char *file,
	const char *why),
    void *ctx)
{
	char path[4200], (*names)[ACK_NAME_LEN], why[256], buf[ACK_SPOOL_FILE_MAX];
	struct ack_req r;
	struct dirent *de;
	size_t n = 0, i, len;
	int dfd;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", state_dir, ACK_SPOOL_DIR);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return -1;
	}
	/* the oldest first: ACK_SPOOL_MAX names at most, as the writer keeps it */
	names = calloc(ACK_SPOOL_MAX, sizeof(*names));
	if (names == NULL) {
		closedir(d);
		return -1;
	}
	while ((de = readdir(d)) != NULL && n < ACK_SPOOL_MAX) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l >= ACK_NAME_LEN || l < 6 ||
		    strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		memcpy(names[n++], de->d_name, l + 1);
	}
	qsort(names, n, sizeof(*names), cmp_name);
	if (n > ACK_SPOOL_BATCH)
		n = ACK_SPOOL_BATCH;
	for (i = 0; i < n; i++) {
		if (read_one(dfd, names[i], buf, sizeof(buf), &len, why,
			sizeof(why)) < 0 ||
		    ack_spool_parse(buf, len, &r, why, sizeof(why)) < 0)
			fn(ctx, NULL, names[i], why);
		else
			fn(ctx, &r, names[i], NULL);
		unlinkat(dfd, names[i], 0);
	}
	free(names);
	closedir(d); /* closes dfd */
	return (int)n;
}
