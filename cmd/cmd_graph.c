/*
 * cmd_graph.c - `ixmon graph --state-dir DIR`: render the PNG/SVG graphs
 * of DIR/rrd into DIR/graphs (graphs/graph_render.h), once, for cron, for
 * a state directory copied elsewhere, or after `ixmon run --no-graphs`
 * style setups where the appliance only writes RRDs.  Member names come
 * from DIR/state.json when it is there.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "common/fmt.h"
#include "common/log.h"
#include "graphs/graph_render.h"

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: ixmon graph [options]\n\n"
	    "Render the graphs of DIR/rrd (written by `ixmon run`) into DIR/graphs:\n"
	    "NAME-PERIOD.png and .svg for NAME lan, ipv6share, tunnels, ndarp, alerts,\n"
	    "health, v6members, member-ASN and member-ASN-ipv6share, PERIOD day, week,\n"
	    "month and year (docs/graphs.md).  Traffic in bits/s, messages per minute; the IPv6\n"
	    "share is IPv6 bytes / all bytes of the period (the report's ipv6_share).\n\n"
	    "options:\n"
	    "  -d, --state-dir DIR  the appliance's state directory (default .)\n"
	    "      --rrdcached ADDR flush through rrdcached first (unix:/path, host:port)\n"
	    "      --format LIST    png, svg or png,svg (default png,svg)\n"
	    "      --end TIME       right edge: RFC 3339 or epoch seconds\n"
	    "                       (default: the last update of DIR/rrd/lan.rrd)\n"
	    "  -h, --help           this text\n"
	    "      --version        print the version\n\n"
	    "exit status: 0 all rendered, 1 some graph failed, 2 usage\n");
}

static int parse_formats(const char *s)
{
	if (!strcmp(s, "png"))
		return GRAPH_PNG;
	if (!strcmp(s, "svg"))
		return GRAPH_SVG;
	if (!strcmp(s, "png,svg") || !strcmp(s, "svg,png"))
		return GRAPH_PNG | GRAPH_SVG;
	return 0;
}

int cmd_graph(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"state-dir", required_argument, NULL, 'd'},
		{"rrdcached", required_argument, NULL, 'R'},
		{"format", required_argument, NULL, 'f'},
		{"end", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct graph_opts o = {".", NULL, GRAPH_PNG | GRAPH_SVG, 0, 0, 1};
	struct graph_stats st;
	char path[4200], lan[4200];
	json_t *state;
	int ch;

	while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o.state_dir = optarg;
			break;
		case 'R':
			o.daemon = optarg;
			break;
		case 'f':
			if ((o.formats = parse_formats(optarg)) == 0) {
				log_warnx("--format: '%s': give png, svg or png,svg", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'e': {
			char *end;
			long long v = strtoll(optarg, &end, 10);
			uint32_t ns;

			if (*end == 0 && v > 0) {
				o.end = v;
			} else if (fmt_parse_rfc3339(optarg, &o.end, &ns) < 0) {
				log_warnx("--end: '%s' is neither RFC 3339 nor epoch seconds",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		}
		default: /* -h, --version, or not an option of ours */
			return cmd_std_option(ch, usage);
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	snprintf(lan, sizeof(lan), "%s/rrd/lan.rrd", o.state_dir);
	if (access(lan, R_OK) != 0) {
		log_warnx("%s: no RRDs here (does `ixmon run -d %s` write to it?)", lan,
		    o.state_dir);
		return EXIT_INPUT_ERROR;
	}
	snprintf(path, sizeof(path), "%s/state.json", o.state_dir);
	state = json_load_file(path, 0, NULL); /* names only: optional */
	graph_render_process(&o, state, &st);
	json_decref(state);
	printf("%u graphs in %s/graphs (%.0f ms)", st.rendered, o.state_dir, st.ms);
	if (st.failed)
		printf(", %u failed: %s", st.failed, st.last_error);
	printf("\n");
	return st.failed ? EXIT_INPUT_ERROR : 0;
}
