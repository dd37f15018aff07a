/*
 * daemon.h - `ixmon run`, the appliance, as a module of the library.
 *
 * cmd/cmd_run.c parses the command line, merges the configuration's run.*
 * keys and hands over a struct daemon_opts; everything else is here:
 *
 *   daemon.c  start-up (state resumed or set aside, inputs opened, the
 *             privilege drop), the poll(2) loop, intervals, reload, the end
 *   inputs.c  the inputs as a table (interface, sFlow, syslog, replay)
 *   state.c   state.json written whole, read back or set aside, windows
 *   privs.c   pid file and privilege drop
 *
 * Start-up and shutdown are logged (version, inputs, members, VLAN, state
 * resumed from, sinks).  Exit status: 0; 1 when an input or the final state
 * could not be read or written (EXIT_INPUT_ERROR of cmd.h), 2 for a start
 * that cannot go on (a missing interface without wait_interface).
 */
#ifndef IXMON_DAEMON_H
#define IXMON_DAEMON_H

#include <stddef.h>
#include <stdint.h>

#include "capture/source_live.h"

struct ixm_config;
struct registry;

#define DAEMON_MAX_IFACES 8

/* How a reload (SIGHUP) went: why a file could not be used. */
struct daemon_load {
	int usable; /* 1: config and member list read whole */
	char why[512];
};

struct daemon_opts {
	const char *state_dir;
	uint32_t interval; /* seconds */
	uint32_t sample;   /* 1 in N */
	uint64_t seed;     /* of the sampler's random gaps */
	/* inputs: -r alone, or any of the others */
	const char *replay;
	const char *ifaces[DAEMON_MAX_IFACES];
	int n_ifaces;
	int wait_interface; /* an interface missing at start is waited for */
	struct live_opts live;
	const char *sflow, *syslog, *syslog_map;
	/* outputs */
	int no_rrd, no_graphs;
	const char *rrdcached;
	const char *http, *token; /* dashboard; token NULL: open */
	/* process */
	int foreground;
	const char *pidfile, *user;
	/* what to report as loaded */
	const char *config_file, *members_file;
	/*
	 * Read the configuration and the member list again for a reload:
	 * fills `cfg` and `*reg`, says in `ld` whether they are whole.
	 */
	void (*load)(void *ctx, struct ixm_config *cfg, struct registry **reg,
	    struct daemon_load *ld);
	void *load_ctx;
};

/*
 * Run until the replay ends or SIGTERM/SIGINT.  `cfg` and `reg` are what
 * was loaded at start (reg may be NULL); the daemon owns `reg` from here.
 */
int daemon_main(const struct daemon_opts *o, const struct ixm_config *cfg,
    struct registry *reg);

#endif
