/* cmd.h - subcommand entry points; each gets argv with argv[0] = its name. */
#ifndef IXMON_CMD_H
#define IXMON_CMD_H

/* Exit codes shared by all subcommands. */
#define EXIT_INPUT_ERROR 1 /* some input was bad; the rest was processed */
#define EXIT_USAGE 2

int cmd_analyze(int argc, char **argv);

#endif
