/*
 * cmd_serve.c - `ixmon serve`: the dashboard over a state directory.
 *
 *   ixmon serve --state-dir DIR [--http ADDR:PORT] [--token-file FILE]
 *               [--config CONF.json] [--write-html OUTDIR]
 *   ixmon serve --token-file FILE --member-token ASN
 *
 * The HTTP server (web/http_server.c) runs in its own libmicrohttpd thread
 * and reads DIR/state.json by itself, so this loop only waits for SIGTERM
 * or SIGINT (exit 0) and keeps the graphs current: when DIR/rrd/lan.rrd
 * has changed since DIR/graphs/lan-day.png was drawn and nobody redrew it
 * for two minutes (an `ixmon run --no-graphs`, or RRDs copied in), it runs
 * a render pass in a child process (graphs/graph_render.h).  --write-html
 * writes the pages as static files and exits, without serving.
 * --member-token prints the token that opens one member's page (derived
 * from the NOC token: web/access.c) and exits.  --config reads the
 * `web.` keys (web.ipv6_ranking) and run.http_token_file.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/stat.h>

#include "cmd/cmd.h"
#include "common/config.h"
#include "common/log.h"
#include "graphs/graph_render.h"
#include "web/access.h"
#include "web/web.h"

static volatile sig_atomic_t serve_stop;
static struct ixm_config serve_cfg;

static void on_stop(int sig) { serve_stop = sig; }

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: ixmon serve --state-dir DIR [options]\n\n"
	    "The dashboard: NOC page, member pages, the IPv6 ranking, JSON API and\n"
	    "Prometheus /metrics, from DIR/state.json (written by ixmon run).\n\n"
	    "options:\n"
	    "  -d, --state-dir DIR     the directory ixmon run writes (required)\n"
	    "      --http ADDR:PORT    listen address (default " WEB_DEFAULT_LISTEN ",\n"
	    "                          loopback; [::1]:8080 for IPv6; 0.0.0.0:8080 for all)\n"
	    "      --token-file FILE   the NOC token (first line of FILE): without it only\n"
	    "                          /ipv6 and the LAN graphs open; each member's own\n"
	    "                          token (--member-token) opens its page and data\n"
	    "  -c, --config CONF.json  web.ipv6_ranking (who /ipv6 names), and\n"
	    "                          run.http_token_file unless --token-file is given\n"
	    "      --member-token ASN  print the token of member ASN and exit\n"
	    "      --write-html OUTDIR write the pages as static HTML into OUTDIR and exit\n"
	    "      --no-graphs         never render graphs (by default, when DIR/rrd changed\n"
	    "                          and nobody redrew DIR/graphs, serve renders them)\n"
	    "      --rrdcached ADDR    flush RRDs through rrdcached before rendering\n"
	    "  -h, --help              this text\n"
	    "      --version           print the version\n");
}

/* One line per problem of --config, naming the file and the key. */
static void config_problem(void *ctx, const char *path, const char *what)
{
	const char *file = ctx;

	if (strcmp(path, file) == 0)
		log_warnx("%s: %s", file, what);
	else
		log_warnx("%s: %s: %s", file, path, what);
}

int cmd_read_token(const char *path, char *tok, size_t len)
{
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		log_warn("--token-file %s", path);
		return -1;
	}
	if (fgets(tok, (int)len, fp) == NULL) {
		log_warnx("--token-file %s: empty", path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	tok[strcspn(tok, "\r\n")] = '\0';
	if (web_token_ok(tok) < 0) {
		log_warnx("--token-file %s: the token must be 1 to %d characters of "
		    "A-Z a-z 0-9 . _ ~ + / = -", path, WEB_TOKEN_MAX);
		return -1;
	}
	return 0;
}

/*
 * Graphs behind their RRDs: lan.rrd changed, and lan-day.png is older than
 * it by two minutes (an `ixmon run` that renders redraws right after each
 * update, well within that).
 */
static int graphs_stale(const char *dir, time_t *rrd_mtime)
{
	char path[4200];
	struct stat rrd, png;

	snprintf(path, sizeof(path), "%s/rrd/lan.rrd", dir);
	if (stat(path, &rrd) < 0)
		return 0;
	*rrd_mtime = rrd.st_mtime;
	snprintf(path, sizeof(path), "%s/graphs/lan-day.png", dir);
	return stat(path, &png) < 0 || png.st_mtime + 120 < rrd.st_mtime;
}

int cmd_serve(int argc, char **argv)
{
	struct graph_opts gopts = {0};
	struct graph_job job = {0, -1};
	time_t rrd_mtime = 0, started_at = 0, failed_at = 0;
	int no_graphs = 0;
	static const struct option longopts[] = {
		{"state-dir", required_argument, NULL, 'd'},
		{"http", required_argument, NULL, 'H'},
		{"token-file", required_argument, NULL, 'T'},
		{"write-html", required_argument, NULL, 'W'},
		{"no-graphs", no_argument, NULL, 'G'},
		{"rrdcached", required_argument, NULL, 'R'},
		{"config", required_argument, NULL, 'c'},
		{"member-token", required_argument, NULL, 'M'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct web_opts o = {0};
	struct web_server *ws;
	struct sigaction sa;
	const char *token_file = NULL, *out_dir = NULL, *conf = NULL, *member = NULL;
	char tok[WEB_TOKEN_MAX + 2], err[512], token_path[2 * CFG_PATH_LEN];
	struct ixm_config *cfg;
	int ch;

	o.listen = WEB_DEFAULT_LISTEN;
	while ((ch = getopt_long(argc, argv, "d:c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o.state_dir = optarg;
			break;
		case 'H':
			o.listen = optarg;
			break;
		case 'T':
			token_file = optarg;
			break;
		case 'W':
			out_dir = optarg;
			break;
		case 'G':
			no_graphs = 1;
			break;
		case 'R':
			gopts.daemon = optarg;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'M':
			member = optarg;
			break;
		default: /* -h, --version, or not an option of ours */
			return cmd_std_option(ch, usage);
		}
	}
	if (optind < argc) {
		log_warnx("serve: unexpected argument '%s'", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	/* static: the server keeps pointers into it (the ranking) */
	cfg = &serve_cfg;
	cfg_defaults(cfg);
	if (conf) {
		if (cfg_load_file(conf, cfg, config_problem, (void *)(uintptr_t)conf) != 0) {
			return EXIT_USAGE;
		}
		if (token_file == NULL && cfg->run_http_token_file[0])
			token_file = cmd_config_path(conf, cfg->run_http_token_file,
			    token_path, sizeof(token_path));
	}
	o.ipv6_ranking = cfg->web_ipv6_ranking;
	if (member) {
		char mt[WEB_MEMBER_TOKEN_LEN + 1], *end;
		unsigned long long asn;

		errno = 0;
		asn = strtoull(member, &end, 10);
		if (*member < '1' || *member > '9' || *end || errno || asn > 4294967295ull) {
			log_warnx("--member-token %s: not an AS number (1 to 4294967295)", member);
			return EXIT_USAGE;
		}
		if (token_file == NULL) {
			log_warnx("--member-token: member tokens derive from the NOC token: give --token-file");
			return EXIT_USAGE;
		}
		if (cmd_read_token(token_file, tok, sizeof(tok)) < 0 ||
		    web_member_token(tok, (uint64_t)asn, mt, sizeof(mt)) < 0) {
			return EXIT_USAGE;
		}
		printf("%s\n", mt);
		return 0;
	}
	if (o.state_dir == NULL) {
		log_warnx("serve: --state-dir DIR is required");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (out_dir) {
		if (web_write_static(o.state_dir, out_dir, o.ipv6_ranking, err, sizeof(err)) < 0) {
			log_warnx("%s", err);
			return EXIT_INPUT_ERROR;
		}
		printf("%s/index.html\n", out_dir);
		return 0;
	}
	if (token_file) {
		if (cmd_read_token(token_file, tok, sizeof(tok)) < 0)
			return EXIT_USAGE;
		o.token = tok;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((ws = web_start(&o, err, sizeof(err))) == NULL) {
		log_warnx("%s", err);
		return EXIT_USAGE;
	}
	log_info("serving %s on http://%s/%s", o.state_dir, o.listen,
	    o.token ? " (member pages need the token)" : "");
	gopts.state_dir = o.state_dir;
	gopts.formats = GRAPH_PNG | GRAPH_SVG;
	gopts.budget_ms = 15000;
	while (!serve_stop) {
		struct timespec ts = {1, 0};
		struct graph_stats st;

		/* A signal interrupts the sleep; the flag is checked right away. */
		nanosleep(&ts, NULL);
		if (job.pid && graph_job_poll(&job, 0, &st) == 1 && st.failed) {
			log_warnx("graphs: %u of %u failed: %s", st.failed,
			    st.failed + st.rendered, st.last_error);
			failed_at = started_at; /* not again until the RRDs change */
		}
		if (!no_graphs && job.pid == 0 &&
		    graphs_stale(o.state_dir, &rrd_mtime) && rrd_mtime != failed_at) {
			started_at = rrd_mtime;
			if (graph_job_start(&job, &gopts, NULL) < 0)
				log_warn("graphs: cannot start a render pass");
		}
	}
	if (job.pid)
		graph_job_poll(&job, 1, &(struct graph_stats){0});
	web_stop(ws);
	log_info("signal %d: stopped", (int)serve_stop);
	return 0;
}
