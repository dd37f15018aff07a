/*
 * test_state.c - daemon/state.c: state.json written whole, taken back or
 * set aside, and the interval windows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>

#include <cmocka.h>
#include <jansson.h>

#include "daemon/state.h"
#include "daemon/state_writer.h"

#define T0 1793613600 /* 2026-11-02T10:00:00Z */

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_state.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The name of a state.json.bad-* file in dir, or "" (and how many). */
static int set_aside(char *name, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	name[0] = '\0';
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "state.json.bad-", 15) == 0) {
			snprintf(name, len, "%s", e->d_name);
			n++;
		}
	closedir(d);
	return n;
}

static const char *good =
    "{\"input\": {\"frames\": 10, \"analysed\": 10}, \"ethertype\": {}, "
    "\"members\": [], \"alerts\": []}";

static void test_load_good(void **state)
{
	char aside[64], why[256];
	json_t *s;

	(void)state;
	put("state.json", good);
	s = state_load(dir, T0, aside, sizeof(aside), why, sizeof(why));
	assert_non_null(s);
	assert_string_equal(aside, "");
	json_decref(s);
}

static void test_load_absent(void **state)
{
	char aside[64], why[256], path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/state.json", dir);
	unlink(path);
	assert_null(state_load(dir, T0, aside, sizeof(aside), why, sizeof(why)));
	assert_string_equal(aside, "");
	assert_string_equal(why, "");
}

/* Truncated, and valid JSON of the wrong types: set aside, bytes kept. */
static void test_load_bad(void **state)
{
	static const char *const bad[] = {
		"{\"input\": {\"frames\": 10, \"anal",
		"{\"input\": {\"frames\": \"many\"}, \"ethertype\": {}}",
		"{\"input\": {\"frames\": 3}, \"ethertype\": []}",
		"[1, 2, 3]",
	};
	char aside[64], why[256], found[256], path[512], back[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		FILE *f;
		size_t n;

		put("state.json", bad[i]);
		assert_null(state_load(dir, T0 + (int64_t)i, aside, sizeof(aside),
		    why, sizeof(why)));
		assert_true(why[0] != '\0');
		assert_int_equal(set_aside(found, sizeof(found)), 1);
		assert_string_equal(found, aside);
		snprintf(path, sizeof(path), "%s/%s", dir, aside);
		f = fopen(path, "r");
		assert_non_null(f);
		n = fread(back, 1, sizeof(back) - 1, f);
		back[n] = '\0';
		fclose(f);
		assert_string_equal(back, bad[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/state.json", dir);
		assert_int_equal(access(path, F_OK), -1);
	}
	put("state.json", "{\"input\": {\"frames\": -1}, \"ethertype\": {}}");
	assert_null(state_load(dir, T0, aside, sizeof(aside), why, sizeof(why)));
	assert_non_null(strstr(why, "input.frames"));
	snprintf(path, sizeof(path), "%s/%s", dir, aside);
	unlink(path);
}

static void test_write_atomic(void **state)
{
	char path[256];
	struct stat st;
	json_t *s;

	(void)state;
	assert_int_equal(state_write_atomic(dir, "x.json", "{\"a\": 1}"), 0);
	snprintf(path, sizeof(path), "%s/x.json", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777 & ~0640, 0);
	s = json_load_file(path, 0, NULL);
	assert_non_null(s);
	json_decref(s);
	/* the cause, not what cleaning up said */
	errno = 0;
	assert_int_equal(state_write_atomic("/nonexistent-ixmon-dir", "x.json", "{}"), -1);
	assert_int_equal(errno, ENOENT);
}

/*
 * The writer: states handed over faster than they are written replace the
 * one waiting (never a queue that grows), the newest is what ends up in
 * state.json, and a write that fails is what wait() reports.
 */
static void test_writer(void **state)
{
	struct state_writer *w = state_writer_start(dir);
	char path[256];
	json_t *s, *st;
	int i;

	(void)state;
	assert_non_null(w);
	for (i = 1; i <= 200; i++) {
		s = json_pack("{s:i,s:s}", "n", i, "pad", "0123456789012345678901234567890");
		state_writer_submit(w, s);
		json_decref(s); /* the writer holds its own reference */
	}
	assert_int_equal(state_writer_wait(w), 0);
	snprintf(path, sizeof(path), "%s/state.json", dir);
	s = json_load_file(path, 0, NULL);
	assert_non_null(s);
	assert_int_equal(json_integer_value(json_object_get(s, "n")), 200);
	json_decref(s);
	st = state_writer_stats(w);
	assert_int_equal(json_integer_value(json_object_get(st, "written")) +
	    json_integer_value(json_object_get(st, "superseded")), 200);
	assert_int_equal(json_integer_value(json_object_get(st, "failed")), 0);
	json_decref(st);
	state_writer_stop(w);

	w = state_writer_start("/nonexistent-ixmon-dir");
	assert_non_null(w);
	s = json_pack("{s:i}", "n", 1);
	state_writer_submit(w, s);
	assert_int_equal(state_writer_wait(w), -1);
	st = state_writer_stats(w);
	assert_int_equal(json_integer_value(json_object_get(st, "failed")), 1);
	json_decref(st);
	/* a state still waiting at stop is written (or dropped) and freed */
	state_writer_submit(w, s);
	json_decref(s);
	state_writer_stop(w);
	state_writer_stop(NULL);
}

static json_int_t member_frames(const json_t *w, size_t i)
{
	const json_t *m = json_array_get(json_object_get(w, "members"), i);

	return json_integer_value(json_object_get(json_object_get(json_object_get(m,
	    "traffic"), "ipv4"), "frames"));
}

static void test_window(void **state)
{
	json_t *prev, *cur, *w;

	(void)state;
	prev = json_loads("{\"input\": {\"frames\": 100}, \"ethertype\": {"
	    "\"ipv4\": {\"frames\": 90, \"bytes\": 9000}, \"ipv6\": {\"frames\": 10, \"bytes\": 1000}},"
	    "\"members\": [{\"asnum\": 1, \"traffic\": {\"ipv4\": {\"frames\": 5, \"bytes\": 500}}}]}",
	    0, NULL);
	cur = json_loads("{\"input\": {\"frames\": 150}, \"ethertype\": {"
	    "\"ipv4\": {\"frames\": 120, \"bytes\": 12000}, \"ipv6\": {\"frames\": 30, \"bytes\": 3000}},"
	    "\"members\": [{\"asnum\": 1, \"traffic\": {\"ipv4\": {\"frames\": 8, \"bytes\": 800}}},"
	    "{\"asnum\": 2, \"traffic\": {\"ipv4\": {\"frames\": 4, \"bytes\": 400}}}]}",
	    0, NULL);
	assert_non_null(prev);
	assert_non_null(cur);
	w = state_window(cur, prev, T0, T0 + 60);
	assert_int_equal(json_integer_value(json_object_get(w, "frames")), 50);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(w, "ethertype"), "ipv6"), "frames")), 20);
	assert_true(json_real_value(json_object_get(json_object_get(w, "ipv6_share"),
	    "frames")) > 0.39 && json_real_value(json_object_get(json_object_get(w,
	    "ipv6_share"), "frames")) < 0.41);
	/* a known member: the difference; one new in this window: all of it */
	assert_int_equal(member_frames(w, 0), 3);
	assert_int_equal(member_frames(w, 1), 4);
	assert_string_equal(json_string_value(json_object_get(w, "start")),
	    "2026-11-02T10:00:00Z");
	json_decref(w);
	/* a counter that went down (a restart of its baseline): the new value */
	{
		json_t *five = json_integer(5), *nine = json_integer(9);

		w = state_delta(five, nine);
		assert_int_equal(json_integer_value(w), 5);
		json_decref(w);
		json_decref(five);
		json_decref(nine);
	}
	json_decref(prev);
	json_decref(cur);
}

/*
 * Counters at the ends of the JSON integer range (a state.json written by
 * a build that let a counter wrap, or edited): the difference is never
 * negative and is computed without signed overflow (the sanitizer build
 * aborts on one).
 */
static void test_delta_huge(void **state)
{
	static const struct {
		json_int_t cur, prev, want;
	} cases[] = {
		{INT64_MAX, -1, INT64_MAX},
		{INT64_MAX, INT64_MIN, INT64_MAX},
		{INT64_MAX, 0, INT64_MAX},
		{INT64_MAX, INT64_MAX, 0},
		{INT64_MAX, INT64_MAX - 1, 1},
		{-5, 3, 0},
		{INT64_MIN, INT64_MAX, 0},
		{3, INT64_MIN, 3},
		{INT64_MIN, INT64_MIN, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *c = json_integer(cases[i].cur), *p = json_integer(cases[i].prev);
		json_t *d = state_delta(c, p);

		assert_true(json_integer_value(d) == cases[i].want);
		json_decref(d);
		/* nested, as sections are */
		d = json_pack("{s:{s:O}}", "sflow", "bytes", c);
		json_decref(c);
		c = d;
		d = json_pack("{s:{s:O}}", "sflow", "bytes", p);
		json_decref(p);
		p = d;
		d = state_delta(c, p);
		assert_true(json_integer_value(json_object_get(json_object_get(d,
		    "sflow"), "bytes")) == cases[i].want);
		json_decref(d);
		json_decref(c);
		json_decref(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_good),
		cmocka_unit_test(test_load_absent),
		cmocka_unit_test(test_load_bad),
		cmocka_unit_test(test_write_atomic),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_delta_huge),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
