/*
 * replay_main.c - a plain main() for the fuzz harnesses, so `make check`
 * runs every corpus without libFuzzer.
 *
 * Each argument is a file, replayed once, or a directory whose regular files
 * (not sub-directories) are replayed in name order, so a failure always
 * names the same input on every machine.  An input that cannot be read is a
 * failure (exit 1): a corpus that silently replays nothing proves nothing.
 * Each input is copied into a heap buffer of exactly its size so the
 * sanitizers catch a read one byte past the end, as libFuzzer would.
 *
 * Built with libFuzzer (clang -fsanitize=fuzzer -DIXMON_LIBFUZZER) this file
 * compiles to nothing and libFuzzer's own main() is used instead.
 */
#ifndef IXMON_LIBFUZZER

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long replayed;

/* Read all of `path` into a fresh buffer of exactly its size; owned by caller. */
static int read_file(const char *path, uint8_t **out, size_t *outlen)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return -1;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nbuf = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp))
		goto fail;
	fclose(fp);
	/* Exact size, so one byte too far is a heap overflow, not slack. */
	if ((nbuf = malloc(len ? len : 1)) == NULL) {
		free(buf);
		return -1;
	}
	memcpy(nbuf, buf, len);
	free(buf);
	*out = nbuf;
	*outlen = len;
	return 0;

fail:
	fclose(fp);
	free(buf);
	return -1;
}

static int replay_file(const char *path)
{
	uint8_t *data;
	size_t len;

	if (read_file(path, &data, &len) < 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno ? errno : EIO));
		return -1;
	}
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	replayed++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir)
{
	struct dirent *de;
	struct stat sb;
	char **names = NULL, **nn, *path;
	size_t n = 0, cap = 0, i;
	int rc = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "fuzz: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
			rc = -1;
			break;
		}
		if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nn = realloc(names, cap * sizeof(*names))) == NULL) {
				free(path);
				rc = -1;
				break;
			}
			names = nn;
		}
		names[n++] = path;
	}
	closedir(d);
	if (rc == 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		if (rc == 0 && replay_file(names[i]) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	struct stat sb;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if (replay_dir(argv[i]) < 0)
				rc = 1;
		} else if (replay_file(argv[i]) < 0) {
			rc = 1;
		}
	}
	printf("fuzz: %lu inputs replayed\n", replayed);
	return rc;
}

#endif /* IXMON_LIBFUZZER */
