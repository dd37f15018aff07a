/*
 * test_daemon.c - daemon/daemon.c through its public call: a reload is
 * all or nothing, and a restart continues the counters.  The daemon runs
 * in a child (foreground, an sFlow socket on 127.0.0.1 as its only input,
 * no RRDs) and is always stopped by the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "common/config.h"
#include "daemon/daemon.h"

static char dir[64];

/* The reload loader: the first reload finds a broken file, the second a whole one. */
static void load(void *ctx, struct ixm_config *cfg, struct registry **reg,
    struct daemon_load *ld)
{
	int *calls = ctx;

	cfg_defaults(cfg);
	*reg = NULL;
	if ((*calls)++ == 0) {
		ld->usable = 0;
		snprintf(ld->why, sizeof(ld->why), "c.json: line 3: not JSON");
	} else {
		ld->usable = 1;
	}
}

/* Run the daemon in a child: `hups` SIGHUPs a second apart, then SIGTERM. */
static int run_child(int hups)
{
	struct daemon_opts o;
	struct ixm_config cfg;
	int calls = 0, st, i;
	pid_t pid;

	memset(&o, 0, sizeof(o));
	o.state_dir = dir;
	o.interval = 1;
	o.sample = 1;
	o.sflow = "127.0.0.1:0";
	o.no_rrd = 1;
	o.foreground = 1;
	o.load = load;
	o.load_ctx = &calls;
	cfg_defaults(&cfg);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(daemon_main(&o, &cfg, NULL));
	usleep(700000);
	for (i = 0; i < hups; i++) {
		kill(pid, SIGHUP);
		usleep(1200000);
	}
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static json_t *state(void)
{
	char path[128];
	json_t *s;

	snprintf(path, sizeof(path), "%s/state.json", dir);
	s = json_load_file(path, 0, NULL);
	assert_non_null(s);
	return s;
}

static json_int_t run_count(const json_t *s, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(s, "run"), key));
}

static void test_reload(void **st)
{
	json_t *s;

	(void)st;
	snprintf(dir, sizeof(dir), "/tmp/test_daemon.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(run_child(2), 0);
	s = state();
	/* the broken file kept the running configuration, the whole one was taken */
	assert_int_equal(run_count(s, "reload_failures"), 1);
	assert_int_equal(run_count(s, "reloads"), 1);
	assert_null(json_string_value(json_object_get(json_object_get(s, "run"),
	    "last_reload_error")));
	json_decref(s);
	/* a restart resumes: the counts go on, the first reload fails again */
	assert_int_equal(run_child(1), 0);
	s = state();
	assert_int_equal(run_count(s, "reloads"), 1);
	assert_int_equal(run_count(s, "reload_failures"), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(s, "run"),
	    "last_reload_error")), "c.json: line 3: not JSON");
	assert_true(run_count(s, "flushes") >= 1);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reload),
	};
	char cmd[128];
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (dir[0] && system(cmd) != 0)
		rc = 1;
	return rc;
}
