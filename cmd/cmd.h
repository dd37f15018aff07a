/* cmd.h - subcommand entry points; each gets argv with argv[0] = its name. */
#ifndef IXMON_CMD_H
#define IXMON_CMD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* Exit codes shared by all subcommands. */
#define EXIT_INPUT_ERROR 1 /* some input was bad; the rest was processed */
#define EXIT_USAGE 2

struct ixm_config;
struct registry;

int cmd_analyze(int argc, char **argv);
int cmd_check_config(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);

/*
 * Exec `argv` again with glibc's heap on transparent huge pages where the
 * kernel gives them only on request (heap_thp.c); returns when it did not.
 * Call before anything is opened or read.
 */
void cmd_heap_thp(char **argv);

/*
 * The options every subcommand shares, at the end of its getopt switch:
 * 'h' prints `usage` to stdout (exit 0), 'V' the version (exit 0),
 * anything else is a usage error (usage on stderr, EXIT_USAGE).
 */
int cmd_std_option(int ch, void (*usage)(FILE *out));

/* The first line of `path`, trimmed (a dashboard token); 0, or -1 logged. */
int cmd_read_token(const char *path, char *tok, size_t len);

/*
 * Defaults, then the config file, then the member list (`members`, else
 * the config's lan.members_file).  Every problem is one line on stderr;
 * returns -1 if there was any, with whatever was usable loaded.
 */
int cmd_load_env(const char *config, const char *members,
    struct ixm_config *cfg, struct registry **reg);

/* What cmd_load_env_ex() found wrong, for a reload that is all or nothing. */
struct cmd_load_report {
	int config_problems;  /* keys of the config file not applied */
	int members_unusable; /* the member list could not be read at all */
	int member_warnings;  /* entries of it skipped or doubtful */
	char first[512];      /* "FILE: where: what" of the first problem */
};

/* cmd_load_env(), and what was wrong in `rep`. */
int cmd_load_env_ex(const char *config, const char *members,
    struct ixm_config *cfg, struct registry **reg, struct cmd_load_report *rep);

/*
 * `v` as the report JSON is printed (indent 2, keys in order) and a
 * newline, flushed; 0, or -1 when it could not be written (errno says why).
 */
int cmd_print_json(const json_t *v, FILE *f);

/*
 * --seed of the 1-in-N sampler: `arg` a decimal number, or NULL for a
 * fresh random seed (the report says which, so the run can be repeated).
 * 0, or -1 logged.
 */
int cmd_sample_seed(const char *arg, uint64_t *seed);

/* A path named in the config file, taken relative to that file's folder. */
const char *cmd_config_path(const char *config, const char *file, char *buf,
    size_t len);

#endif
