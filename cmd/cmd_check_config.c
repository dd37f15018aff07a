/*
 * cmd_check_config.c - `ixmon check-config [--members FILE] CONF.json`:
 * validate, then print the effective configuration (every key, defaults
 * included) as JSON, like `bgpd -nv`.  With a member list (given, or named
 * in the config) it is loaded and its problems reported too, and a summary
 * of what was read is printed under "registry".  Exit 0 when clean, 1 when
 * anything was reported, 2 for usage errors.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "common/config.h"
#include "common/log.h"
#include "members/registry.h"

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: ixmon check-config [options] CONF.json\n\n"
	    "Validate a configuration file and print the effective configuration.\n"
	    "Problems (unknown keys, wrong types, out-of-range values) are listed on\n"
	    "stderr, one line each, with the key's path.\n\n"
	    "options:\n"
	    "  -m, --members FILE also load and check an IX-F Member Export\n"
	    "      --reference    print the table of every key (Markdown) and exit\n"
	    "  -h, --help         this text\n"
	    "      --version      print the version\n");
}

int cmd_check_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"members", required_argument, NULL, 'm'},
		{"reference", no_argument, NULL, 'R'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *members = NULL;
	struct registry *reg = NULL;
	struct ixm_config cfg;
	json_t *out;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "m:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			members = optarg;
			break;
		case 'R':
			cfg_print_reference(stdout);
			return 0;
		default: /* -h, --version, or not an option of ours */
			return cmd_std_option(ch, usage);
		}
	}
	if (optind != argc - 1) {
		log_warnx("check-config: want exactly one configuration file");
		usage(stderr);
		return EXIT_USAGE;
	}
	rc = cmd_load_env(argv[optind], members, &cfg, &reg);
	out = cfg_to_json(&cfg);
	if (reg)
		json_object_set_new(out, "registry", reg_describe(reg));
	if (cmd_print_json(out, stdout) < 0) {
		log_warn("writing the configuration to stdout");
		rc = -1;
	}
	json_decref(out);
	reg_free(reg);
	return rc < 0 ? EXIT_INPUT_ERROR : 0;
}
