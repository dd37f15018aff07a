/*
 * cmd_analyze.c - `ixmon analyze [options] FILE...`: read captures as one
 * stream, print one report JSON on stdout.
 *
 * Each file's problem is one line on stderr naming the file; the other files
 * are still read and the report is still printed, and the exit status is 1
 * so scripts notice.  A progress bar is drawn on stderr only when stderr is a
 * terminal and the input is large enough for it to matter.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze/engine.h"
#include "members/registry.h"
#include "capture/sflow.h"
#include "capture/source_file.h"
#include "cmd/cmd.h"
#include "common/config.h"
#include "common/log.h"

#define PROGRESS_MIN_BYTES (32u << 20)
#define JSON_OUT_CHUNK     (64u << 10)

struct progress {
	int on;
	uint64_t total;   /* bytes of all inputs */
	uint64_t done;    /* bytes of the inputs already finished */
	struct engine *e;
};

static void progress_draw(void *ctx, uint64_t offset)
{
	struct progress *pg = ctx;
	uint64_t at = pg->done + offset;
	int pct = pg->total ? (int)(at * 100 / pg->total) : 0, i;
	char bar[41];

	if (!pg->on)
		return;
	if (pct > 100)
		pct = 100;
	for (i = 0; i < 40; i++)
		bar[i] = i < pct * 40 / 100 ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %3d%% %llu frames", bar, pct,
	    (unsigned long long)engine_frames_seen(pg->e));
}

const char *cmd_config_path(const char *config, const char *file, char *buf,
    size_t len)
{
	const char *slash = config ? strrchr(config, '/') : NULL;

	if (file[0] == '/' || slash == NULL)
		snprintf(buf, len, "%s", file);
	else
		snprintf(buf, len, "%.*s/%s", (int)(slash - config), config, file);
	return buf;
}

struct problem_ctx {
	const char *file;
	struct cmd_load_report *rep;
};

/*
 * jansson's json_dumpf() makes an fwrite() call for each key, colon and
 * indent: a 4.8 MB report took 45 ms to print that way and 26 ms through
 * a buffer of our own, written 64 KiB at a time.  (Taking the FILE's lock
 * out of those calls, as src_stream_read does, saved under a tenth.)
 */
struct json_out {
	FILE *f;
	size_t n;
	char buf[JSON_OUT_CHUNK];
};

static int json_out_put(const char *s, size_t len, void *data)
{
	struct json_out *o = data;

	if (o->n + len > sizeof(o->buf)) {
		if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n)
			return -1;
		o->n = 0;
		if (len > sizeof(o->buf))
			return fwrite(s, 1, len, o->f) == len ? 0 : -1;
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
	return 0;
}

int cmd_print_json(const json_t *v, FILE *f)
{
	struct json_out *o = xcalloc(1, sizeof(*o));
	int rc;

	o->f = f;
	rc = json_dump_callback(v, json_out_put, o,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (rc == 0 && (json_out_put("\n", 1, o) < 0 ||
	    fwrite(o->buf, 1, o->n, f) != o->n || fflush(f) == EOF))
		rc = -1;
	free(o);
	return rc;
}

static void print_problem(void *ctx, const char *where, const char *what)
{
	struct problem_ctx *pc = ctx;

	log_warnx("%s: %s: %s", pc->file, where, what);
	if (pc->rep->first[0] == '\0')
		snprintf(pc->rep->first, sizeof(pc->rep->first), "%s: %s: %s",
		    pc->file, where, what);
}

int cmd_load_env(const char *config, const char *members,
    struct ixm_config *cfg, struct registry **reg)
{
	struct cmd_load_report rep;

	return cmd_load_env_ex(config, members, cfg, reg, &rep);
}

int cmd_load_env_ex(const char *config, const char *members,
    struct ixm_config *cfg, struct registry **reg, struct cmd_load_report *rep)
{
	struct problem_ctx pc;
	struct reg_opts opts;
	char err[512], path[2 * CFG_PATH_LEN];
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	pc.rep = rep;
	cfg_defaults(cfg);
	*reg = NULL;
	if (config) {
		pc.file = config;
		rep->config_problems = cfg_load_file(config, cfg, print_problem, &pc);
		if (rep->config_problems != 0)
			rc = -1; /* reported; the good keys are applied */
	}
	if (members == NULL && cfg->members_file[0])
		members = cmd_config_path(config, cfg->members_file, path, sizeof(path));
	if (members == NULL)
		return rc;
	memset(&opts, 0, sizeof(opts));
	opts.vlan_id = cfg->vlan_id;
	if (cfg->n_lan_v4)
		opts.want_v4 = cfg->lan_v4[0];
	if (cfg->n_lan_v6)
		opts.want_v6 = cfg->lan_v6[0];
	pc.file = members;
	*reg = reg_load(members, &opts, print_problem, &pc, err, sizeof(err));
	if (*reg == NULL) {
		log_warnx("%s", err); /* reg_load names the file */
		rep->members_unusable = 1;
		if (rep->first[0] == '\0')
			snprintf(rep->first, sizeof(rep->first), "%s", err);
		return -1;
	}
	/* Entries were skipped or doubtful: usable, but the exit status says so. */
	rep->member_warnings = (int)reg_warnings(*reg);
	return reg_warnings(*reg) ? -1 : rc;
}

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: ixmon analyze [options] FILE...\n\n"
	    "Read pcap/pcapng captures (Ethernet, Linux cooked SLL/SLL2) as one stream\n"
	    "and print the report JSON on stdout.\n\n"
	    "options:\n"
	    "  -m, --members FILE IX-F Member Export JSON: the member registry\n"
	    "  -c, --config FILE  configuration JSON (docs/config.md)\n"
	    "  -s, --sample N     analyse 1 frame in N, scale estimates: the gap between\n"
	    "                     samples is random, 1 to 2N-1 (as sFlow agents draw it)\n"
	    "      --seed S       seed of that draw (default: random; the report has it)\n"
	    "      --sflow-port P UDP port of sFlow v5 inside the captures (default 6343,\n"
	    "                     0 = off): samples are analysed with their sampling rate\n"
	    "      --progress     always draw the progress bar on stderr\n"
	    "      --no-progress  never draw it (default: only on a terminal, large input)\n"
	    "  -h, --help         this text\n"
	    "      --version      print the version\n\n"
	    "exit status: 0 all inputs read, 1 some input was bad (still reported), 2 usage\n");
}

int cmd_sample_seed(const char *arg, uint64_t *seed)
{
	char *end;

	if (arg == NULL) {
		/* not a secret: only needs to differ between runs */
		if (getrandom(seed, sizeof(*seed), 0) != (ssize_t)sizeof(*seed))
			*seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
		return 0;
	}
	errno = 0;
	*seed = strtoull(arg, &end, 10);
	if (errno || *arg == '\0' || *end != '\0' || arg[0] == '-') {
		log_warnx("--seed: '%s' is not a whole number from 0 to %llu", arg,
		    (unsigned long long)UINT64_MAX);
		return -1;
	}
	return 0;
}

static int parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v == 0 || v > UINT32_MAX ||
	    s[0] == '-')
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"sample", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'S'},
		{"members", required_argument, NULL, 'm'},
		{"config", required_argument, NULL, 'c'},
		{"sflow-port", required_argument, NULL, 'F'},
		{"progress", no_argument, NULL, 'P'},
		{"no-progress", no_argument, NULL, 'Q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct progress pg = {0};
	int force_progress = -1, ch, i, failed = 0;
	uint32_t sample = 1, sflow_port = SFLOW_DEFAULT_PORT;
	const char *members = NULL, *config = NULL, *seed_arg = NULL;
	struct registry *reg = NULL;
	uint64_t seed;
	struct ixm_config cfg;
	struct engine *e;
	json_t *report;

	while ((ch = getopt_long(argc, argv, "s:m:c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			members = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "0") == 0) {
				sflow_port = 0;
			} else if (parse_u32(optarg, &sflow_port) < 0 || sflow_port > 65535) {
				log_warnx("--sflow-port: '%s' is not a UDP port (1-65535, or 0 for off)",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (parse_u32(optarg, &sample) < 0) {
				log_warnx("--sample: '%s' is not a whole number from 1 to %u",
				    optarg, UINT32_MAX);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			seed_arg = optarg;
			break;
		case 'P':
			force_progress = 1;
			break;
		case 'Q':
			force_progress = 0;
			break;
		default: /* -h, --version, or not an option of ours */
			return cmd_std_option(ch, usage);
		}
	}
	if (optind >= argc) {
		log_warnx("analyze: no capture file given");
		usage(stderr);
		return EXIT_USAGE;
	}

	if (cmd_sample_seed(seed_arg, &seed) < 0)
		return EXIT_USAGE;
	if (cmd_load_env(config, members, &cfg, &reg) < 0)
		failed = 1;
	e = engine_new_env(sample, &cfg, reg);
	engine_set_sample_seed(e, seed);
	engine_set_sflow_port(e, (uint16_t)sflow_port);
	pg.e = e;
	for (i = optind; i < argc; i++) {
		struct stat sb;

		if (stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode))
			pg.total += (uint64_t)sb.st_size;
	}
	pg.on = force_progress >= 0 ? force_progress
				    : isatty(STDERR_FILENO) && pg.total >= PROGRESS_MIN_BYTES;

	for (i = optind; i < argc; i++) {
		const struct src_sink to = engine_sink(e);
		char err[512];
		struct stat sb;

		if (src_file_read(argv[i], &to, progress_draw, &pg, err, sizeof(err)) < 0) {
			if (pg.on)
				fputc('\n', stderr);
			log_warnx("%s: %s", argv[i], err);
			failed = 1;
		}
		if (stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode))
			pg.done += (uint64_t)sb.st_size;
	}
	if (pg.on) {
		progress_draw(&pg, 0);
		fputc('\n', stderr);
	}

	report = engine_report(e);
	if (cmd_print_json(report, stdout) < 0) {
		log_warn("writing the report to stdout");
		failed = 1;
	}
	json_decref(report);
	engine_free(e);
	reg_free(reg);
	return failed ? EXIT_INPUT_ERROR : 0;
}
