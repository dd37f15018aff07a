/*
 * fuzz_config.c - the two files an operator writes: the configuration
 * (common/config.c) and the switch-syslog map with its custom patterns
 * (analyze/portsec.c, compiled by capture/decode_syslog.c).
 *
 * Byte 0 chooses (even: configuration, odd: syslog map); the rest is the
 * file.  The configuration is loaded from a file (cfg_load_file, as `-c`)
 * over the defaults; every problem must be one printable line naming its
 * key, the count returned must be the count reported, and whatever is
 * accepted must leave the configuration's strings terminated and its
 * arrays within their bounds.  The map's patterns are compiled as
 * `ixmon run` compiles them and then matched against hostile lines (4 KB
 * of one character, a real Cisco message, nested brackets): a pattern
 * that passes the load-time checks but makes regexec() slow shows up as a
 * libFuzzer timeout, which is what those checks are meant to prevent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/portsec.h"
#include "capture/syslog.h"
#include "common/config.h"
#include "tests/fuzz/fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned problems;

static void cfg_problem(void *ctx, const char *path, const char *what)
{
	(void)ctx;
	if (!fuzz_printable_line(path) || !fuzz_printable_line(what) || what[0] == '\0')
		abort();
	problems++;
}

static void map_problem(void *ctx, const char *where, const char *what)
{
	cfg_problem(ctx, where, what);
}

static void pattern_problem(void *ctx, size_t index, const char *what)
{
	(void)index;
	cfg_problem(ctx, "pattern", what);
}

#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static void fuzz_cfg(const char *path)
{
	struct ixm_config cfg;
	int n;

	cfg_defaults(&cfg);
	problems = 0;
	n = cfg_load_file(path, &cfg, cfg_problem, NULL);
	if ((n >= 0 && (unsigned)n != problems) || (n < 0 && problems == 0))
		abort();
	if (cfg.n_lan_v4 > CFG_MAX_PREFIXES || cfg.n_lan_v6 > CFG_MAX_PREFIXES ||
	    cfg.n_allowed_ethertypes > CFG_MAX_ETHERTYPES)
		abort();
	if (!TERMINATED(cfg.members_file) || !TERMINATED(cfg.forbidden_apps) ||
	    !TERMINATED(cfg.alert_remote_syslog) || !TERMINATED(cfg.alert_exec) ||
	    !TERMINATED(cfg.run_interfaces) || !TERMINATED(cfg.run_sflow) ||
	    !TERMINATED(cfg.run_syslog) || !TERMINATED(cfg.run_syslog_map) ||
	    !TERMINATED(cfg.run_state_dir) || !TERMINATED(cfg.run_filter) ||
	    !TERMINATED(cfg.run_rrdcached) || !TERMINATED(cfg.run_http) ||
	    !TERMINATED(cfg.run_http_token_file))
		abort();
}

static const char *const lines[] = {
	"<188>1234: Mar  1 10:00:00.123: %PORT_SECURITY-2-PSECURE_VIOLATION: "
	"Security violation occurred, caused by MAC address 0200.0000.000b on port "
	"GigabitEthernet1/0/7.",
	"switch=sw1 mac=02:00:00:00:00:0b vlan=100 if=et-0/0/1",
	"((((((((((((((((((((((((((((((((]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};

static void match_all(const struct syslog_matcher *sm)
{
	static char big[4096];
	struct syslog_violation v;
	struct syslog_msg m;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		syslog_process(sm, (const uint8_t *)lines[i], strlen(lines[i]), 2026, &m, &v);
	for (i = 0; i < 3; i++) {
		memset(big, "a0:"[i], sizeof(big));
		syslog_process(sm, (const uint8_t *)big, sizeof(big), 2026, &m, &v);
	}
}

static void fuzz_map(const char *path)
{
	struct syslog_matcher *sm;
	struct portsec_map *map;
	char msg[512];

	map = portsec_map_load(path, map_problem, NULL, msg, sizeof(msg));
	if (map == NULL) {
		if (msg[0] == '\0' || !fuzz_printable_line(msg))
			abort();
		return;
	}
	sm = syslog_matcher_new(map->specs, map->n_specs, pattern_problem, NULL, NULL);
	if (sm == NULL)
		abort();
	match_all(sm);
	syslog_matcher_free(sm);
	portsec_map_free(map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd;

	if (size < 1)
		return 0;
	fd = fuzz_file(data + 1, size - 1, path, sizeof(path));
	if (data[0] % 2 == 0)
		fuzz_cfg(path);
	else
		fuzz_map(path);
	close(fd);
	return 0;
}
