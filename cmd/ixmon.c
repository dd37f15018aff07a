/*
 * ixmon.c - the one binary: `ixmon SUBCOMMAND [options]`.
 *
 * Subcommands are a static table; each owns its option parsing and --help.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "common/log.h"
#include "common/version.h"

static const struct cmd {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;
	int huge_heap; /* builds one report in fresh memory: cmd_heap_thp */
} cmds[] = {
	{"analyze", cmd_analyze, "analyse pcap/pcapng files, print the report JSON", 1},
	{"run", cmd_run, "the appliance: live capture, replay, sFlow collector; state every interval", 0},
	{"graph", cmd_graph, "render the PNG/SVG graphs of a state directory's RRDs", 0},
	{"serve", cmd_serve, "the dashboard: HTML pages, JSON API and /metrics over a state dir", 0},
	{"check-config", cmd_check_config, "validate a config (and its member list), print the effective config", 0},
	{"reconcile", cmd_reconcile, "the member registry reconciliation of a report or state.json (text, CSV)", 0},
	{NULL, NULL, NULL, 0},
};

static void usage(FILE *out)
{
	const struct cmd *c;

	fprintf(out, "usage: ixmon [--version] [--help] COMMAND [options]\n\n"
		     "IXP peering-LAN monitor: IPv4/IPv6 by ethertype, MAC and ND/MLD hygiene.\n\n"
		     "commands:\n");
	for (c = cmds; c->name; c++)
		fprintf(out, "  %-13s %s\n", c->name, c->summary);
	fprintf(out, "\nRun 'ixmon COMMAND --help' for a command's options.\n");
}

int cmd_std_option(int ch, void (*cmd_usage)(FILE *out))
{
	if (ch == 'h') {
		cmd_usage(stdout);
		return 0;
	}
	if (ch == 'V') {
		printf("ixmon %s\n", IXMON_VERSION);
		return 0;
	}
	cmd_usage(stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct cmd *c;

	log_init(argv[0]);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("ixmon %s\n", IXMON_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (c = cmds; c->name; c++)
		if (strcmp(argv[1], c->name) == 0) {
			if (c->huge_heap)
				cmd_heap_thp(argv);
			return c->main(argc - 1, argv + 1);
		}
	log_warnx("unknown command '%s'", argv[1]);
	usage(stderr);
	return 2;
}
