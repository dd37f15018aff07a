/*
 * cmd_run.c - `ixmon run`: the command line of the appliance.
 *
 * Options are parsed here and merged with the configuration's run.* keys
 * (the command line wins); the appliance itself is the library's daemon/
 * module (daemon/daemon.h).  A reload reads the same files again through
 * load_env(), which says whether they are whole: a reload is all or
 * nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "members/registry.h"
#include "cmd/cmd.h"
#include "common/config.h"
#include "common/log.h"
#include "daemon/daemon.h"
#include "web/web.h"

/* The files a reload reads again. */
struct load_ctx {
	const char *config, *members;
};

/* daemon_opts.load: the config and the member list, whole or not at all. */
static void load_env(void *ctx, struct ixm_config *cfg, struct registry **reg,
    struct daemon_load *ld)
{
	const struct load_ctx *lc = ctx;
	struct cmd_load_report rep;

	cmd_load_env_ex(lc->config, lc->members, cfg, reg, &rep);
	ld->usable = rep.config_problems == 0 && !rep.members_unusable;
	snprintf(ld->why, sizeof(ld->why), "%s", rep.first);
}

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: ixmon run [options]\n\n"
	    "The appliance: watch live interfaces, a replayed capture and/or an sFlow\n"
	    "feed; write DIR/state.json every interval and new alerts to DIR/alerts.jsonl.\n\n"
	    "options:\n"
	    "  -c, --config FILE      configuration JSON (docs/config.md)\n"
	    "  -m, --members FILE     IX-F Member Export JSON\n"
	    "  -i, --interface IFACE  capture live on IFACE (repeatable, up to 8)\n"
	    "  -r, --read FILE        replay a capture, intervals by its timestamps, then exit\n"
	    "      --sflow [ADDR:]PORT  collect sFlow v5 on UDP (ADDR may be [v6])\n"
	    "      --syslog [ADDR:]PORT switch syslog on UDP: port-security violations\n"
	    "      --syslog-map FILE  switch port -> member table and custom patterns\n"
	    "                         (JSON, docs/syslog.md)\n"
	    "  -d, --state-dir DIR    where state.json and alerts.jsonl go (default .);\n"
	    "                         RRDs go to DIR/rrd, graphs to DIR/graphs\n"
	    "      --rrdcached ADDR   write RRDs through rrdcached (unix:/path or host:port)\n"
	    "      --no-graphs        RRDs only: graphs come from `ixmon graph` or elsewhere\n"
	    "      --no-rrd           no RRDs, no graphs\n"
	    "      --http ADDR:PORT   serve the dashboard too (as `ixmon serve`)\n"
	    "      --token-file FILE  the dashboard's member pages need this token\n"
	    "      --interval SECONDS state and alerts every SECONDS (default 60)\n"
	    "      --filter BPF       capture filter for -i\n"
	    "      --snaplen N        bytes kept per live frame (default 256)\n"
	    "      --buffer-mb N      kernel capture buffer (default 64)\n"
	    "      --no-promisc       do not put -i interfaces in promiscuous mode\n"
	    "  -s, --sample N         analyse 1 frame in N of the live/replayed frames\n"
	    "                         (random gaps of mean N, as sFlow agents draw them)\n"
	    "      --seed S           seed of those gaps (default: random; state.json has it)\n"
	    "  -f, --foreground       stay attached, log to stderr (default: daemon, syslog)\n"
	    "      --wait-interface   an -i interface missing at start is waited for\n"
	    "                         (default: it is an error)\n"
	    "  -p, --pidfile FILE     write the process id to FILE\n"
	    "  -u, --user NAME        drop to this user once captures and sockets are open\n"
	    "  -h, --help             this text\n"
	    "      --version          print the version\n");
}

/* run.interfaces: "eth1 eth2" or "eth1,eth2", copied into `buf`. */
static void add_config_ifaces(struct daemon_opts *o, const char *list, char *buf,
    size_t len)
{
	char *tok, *save = NULL;

	snprintf(buf, len, "%s", list);
	for (tok = strtok_r(buf, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
		if (o->n_ifaces == DAEMON_MAX_IFACES) {
			log_warnx("run.interfaces: at most %d interfaces; '%s' and after ignored",
			    DAEMON_MAX_IFACES, tok);
			return;
		}
		o->ifaces[o->n_ifaces++] = tok;
	}
}

/* A number option in 1..max; -1 logged. */
static int number(const char *name, const char *arg, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(arg, &end, 10);
	if (errno || *end || *v < 1 || *v > max) {
		log_warnx("--%s: '%s' is out of range", name, arg);
		return -1;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"members", required_argument, NULL, 'm'},
		{"interface", required_argument, NULL, 'i'},
		{"read", required_argument, NULL, 'r'},
		{"sflow", required_argument, NULL, 'S'},
		{"syslog", required_argument, NULL, 'L'},
		{"syslog-map", required_argument, NULL, 'M'},
		{"state-dir", required_argument, NULL, 'd'},
		{"interval", required_argument, NULL, 'I'},
		{"filter", required_argument, NULL, 'B'},
		{"snaplen", required_argument, NULL, 'n'},
		{"buffer-mb", required_argument, NULL, 'b'},
		{"no-promisc", no_argument, NULL, 'P'},
		{"sample", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'e'},
		{"foreground", no_argument, NULL, 'f'},
		{"wait-interface", no_argument, NULL, 'W'},
		{"pidfile", required_argument, NULL, 'p'},
		{"user", required_argument, NULL, 'u'},
		{"rrdcached", required_argument, NULL, 'R'},
		{"no-graphs", no_argument, NULL, 'G'},
		{"no-rrd", no_argument, NULL, 'N'},
		{"http", required_argument, NULL, 'H'},
		{"token-file", required_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	char token[WEB_TOKEN_MAX + 2], token_path[2 * CFG_PATH_LEN];
	char ifnames[CFG_TARGET_LEN], map_path[2 * CFG_PATH_LEN];
	const char *token_file = NULL, *seed_arg = NULL;
	struct load_ctx lc = {NULL, NULL};
	struct daemon_opts o;
	struct ixm_config cfg;
	struct registry *reg;
	int ch, rc = 0;
	long v;

	memset(&o, 0, sizeof(o));
	o.live.promisc = -1; /* unset: the config's run.* fill what -x left */
	while ((ch = getopt_long(argc, argv, "c:m:i:r:d:s:fp:u:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o.foreground = 1;
			break;
		case 'W':
			o.wait_interface = 1;
			break;
		case 'p':
			o.pidfile = optarg;
			break;
		case 'u':
			o.user = optarg;
			break;
		case 'R':
			o.rrdcached = optarg;
			break;
		case 'G':
			o.no_graphs = 1;
			break;
		case 'N':
			o.no_rrd = 1;
			break;
		case 'H':
			o.http = optarg;
			break;
		case 'T':
			token_file = optarg;
			break;
		case 's':
			if (number("sample", optarg, 1000000000, &v) < 0)
				return EXIT_USAGE;
			o.sample = (uint32_t)v;
			break;
		case 'e':
			seed_arg = optarg;
			break;
		case 'c':
			lc.config = optarg;
			break;
		case 'm':
			lc.members = optarg;
			break;
		case 'L':
			o.syslog = optarg;
			break;
		case 'M':
			o.syslog_map = optarg;
			break;
		case 'i':
			if (o.n_ifaces == DAEMON_MAX_IFACES) {
				log_warnx("-i: at most %d interfaces", DAEMON_MAX_IFACES);
				return EXIT_USAGE;
			}
			o.ifaces[o.n_ifaces++] = optarg;
			break;
		case 'r':
			o.replay = optarg;
			break;
		case 'S':
			o.sflow = optarg;
			break;
		case 'd':
			o.state_dir = optarg;
			break;
		case 'B':
			o.live.filter = optarg;
			break;
		case 'P':
			o.live.promisc = 0;
			break;
		case 'I':
			if (number("interval", optarg, 86400, &v) < 0)
				return EXIT_USAGE;
			o.interval = (uint32_t)v;
			break;
		case 'n':
			if (number("snaplen", optarg, 262144, &v) < 0)
				return EXIT_USAGE;
			o.live.snaplen = (int)v;
			break;
		case 'b':
			if (number("buffer-mb", optarg, 86400, &v) < 0)
				return EXIT_USAGE;
			o.live.buffer_mb = (int)v;
			break;
		default: /* -h, --version, or not an option of ours */
			return cmd_std_option(ch, usage);
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cmd_sample_seed(seed_arg, &o.seed) < 0)
		return EXIT_USAGE;
	if (cmd_load_env(lc.config, lc.members, &cfg, &reg) < 0)
		rc = EXIT_INPUT_ERROR; /* reported; runs with what was usable */
	/* The config's run.* for whatever the command line did not say. */
	if (o.state_dir == NULL)
		o.state_dir = cfg.run_state_dir[0] ? cfg.run_state_dir : ".";
	if (o.interval == 0)
		o.interval = cfg.run_interval;
	if (o.live.snaplen == 0)
		o.live.snaplen = (int)cfg.run_snaplen;
	if (o.live.buffer_mb == 0)
		o.live.buffer_mb = (int)cfg.run_buffer_mb;
	if (o.live.promisc < 0)
		o.live.promisc = cfg.run_promisc;
	if (o.live.filter == NULL && cfg.run_filter[0])
		o.live.filter = cfg.run_filter;
	if (o.sample == 0)
		o.sample = cfg.run_sample;
	o.no_rrd |= !cfg.run_rrd;
	o.no_graphs |= !cfg.run_graphs;
	if (o.rrdcached == NULL && cfg.run_rrdcached[0])
		o.rrdcached = cfg.run_rrdcached;
	if (o.http == NULL && cfg.run_http[0])
		o.http = cfg.run_http;
	if (token_file == NULL && cfg.run_http_token_file[0])
		token_file = cmd_config_path(lc.config, cfg.run_http_token_file,
		    token_path, sizeof(token_path));
	if (o.http) {
		struct sockaddr_storage ss;
		socklen_t sslen;
		char err[256];

		/* Before anything starts: a typo must not cost a capture restart. */
		if (web_parse_listen(o.http, &ss, &sslen, err, sizeof(err)) < 0) {
			log_warnx("--http %s", err);
			return EXIT_USAGE;
		}
		if (token_file && cmd_read_token(token_file, token, sizeof(token)) < 0)
			return EXIT_USAGE;
		o.token = token_file ? token : NULL;
	}
	if (o.replay == NULL) {
		if (o.sflow == NULL && cfg.run_sflow[0])
			o.sflow = cfg.run_sflow;
		if (o.syslog == NULL && cfg.run_syslog[0])
			o.syslog = cfg.run_syslog;
		if (o.syslog_map == NULL && cfg.run_syslog_map[0])
			o.syslog_map = cmd_config_path(lc.config, cfg.run_syslog_map,
			    map_path, sizeof(map_path));
		if (o.n_ifaces == 0)
			add_config_ifaces(&o, cfg.run_interfaces, ifnames, sizeof(ifnames));
	}
	if (o.n_ifaces == 0 && o.replay == NULL && o.sflow == NULL && o.syslog == NULL) {
		log_warnx("run: give -i IFACE, -r FILE, --sflow PORT and/or --syslog PORT");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o.replay && (o.n_ifaces || o.sflow || o.syslog)) {
		log_warnx("run: -r replays a file on its own; not with -i, --sflow or --syslog");
		return EXIT_USAGE;
	}
	o.config_file = lc.config;
	o.members_file = lc.members ? lc.members :
	    cfg.members_file[0] ? cfg.members_file : NULL;
	o.load = load_env;
	o.load_ctx = &lc;
	ch = daemon_main(&o, &cfg, reg);
	return ch ? ch : rc;
}
