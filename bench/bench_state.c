/*
 * bench_state.c - what writing state.json costs the capture thread per
 * interval at a large exchange (bench/README.md).
 *
 *   bench_state DIR [MEMBERS [MACS]]       (defaults 1000 and 65536)
 *
 * Builds an IX-F member list of MEMBERS members in DIR, an engine over it,
 * and feeds it IPv4 and IPv6 traffic from every member plus frames from
 * MACS further source MACs (a LAN after a flood, the MAC table full).
 * Then, best of 5 each:
 *   snapshot:  engine_report_ex(), which the capture thread still does;
 *   serialise: json_dumps() of it, as state.json is written;
 *   write:     state_write_atomic() (write, fsync, rename) into DIR;
 *   hand-over: state_writer_submit(), what the capture thread pays now
 *              instead of serialise + write;
 * and prints the capture thread's cost per interval before (snapshot +
 * serialise + write) and now (snapshot + hand-over), and their ratio.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/engine.h"
#include "common/config.h"
#include "daemon/state.h"
#include "daemon/state_writer.h"
#include "members/registry.h"

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void write_members(const char *path, int n)
{
	FILE *f = fopen(path, "w");
	int i;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(f, "{\"version\":\"1.0\",\"ixp_list\":[{\"shortname\":\"BENCH-IX\",\"ixp_id\":1,"
	    "\"vlan\":[{\"id\":0,\"name\":\"peering\",\"ipv4\":{\"prefix\":\"100.64.0.0\","
	    "\"mask_length\":20},\"ipv6\":{\"prefix\":\"2001:db8:7f8::\",\"mask_length\":64}}]}],"
	    "\"member_list\":[");
	for (i = 0; i < n; i++)
		fprintf(f, "%s{\"asnum\":%d,\"name\":\"Member %d\",\"connection_list\":[{\"ixp_id\":1,"
		    "\"vlan_list\":[{\"vlan_id\":0,\"ipv4\":{\"address\":\"100.64.%d.%d\","
		    "\"mac_addresses\":[\"02:00:00:01:%02x:%02x\"]},\"ipv6\":{\"address\":"
		    "\"2001:db8:7f8::%x:1\",\"mac_addresses\":[\"02:00:00:01:%02x:%02x\"]}}]}]}",
		    i ? "," : "", 65000 + i, i, (i + 1) >> 8, (i + 1) & 255, (i >> 8) & 255,
		    i & 255, 65000 + i, (i >> 8) & 255, i & 255);
	fprintf(f, "]}\n");
	fclose(f);
}

/* One 64-byte frame: IPv4 (or IPv6) UDP from member i to member j. */
static void frame(uint8_t *p, const uint8_t src[6], int v6, int i, int j)
{
	memset(p, 0, 86);
	p[0] = 0x02, p[3] = 0x01, p[4] = (uint8_t)(j >> 8), p[5] = (uint8_t)j;
	memcpy(p + 6, src, 6);
	if (!v6) {
		p[12] = 0x08, p[14] = 0x45, p[17] = 50, p[22] = 64, p[23] = 17;
		p[26] = 100, p[27] = 64, p[28] = (uint8_t)((i + 1) >> 8), p[29] = (uint8_t)(i + 1);
		p[30] = 100, p[31] = 64, p[32] = (uint8_t)((j + 1) >> 8), p[33] = (uint8_t)(j + 1);
		p[35] = 53, p[37] = 53, p[39] = 30;
	} else {
		p[12] = 0x86, p[13] = 0xdd, p[14] = 0x60, p[19] = 8, p[20] = 17, p[21] = 64;
		p[22] = 0x20, p[23] = 0x01, p[24] = 0x0d, p[25] = 0xb8, p[26] = 0x07, p[27] = 0xf8;
		p[34] = (uint8_t)(i >> 8), p[35] = (uint8_t)i, p[37] = 1;
		memcpy(p + 38, p + 22, 16);
		p[50] = (uint8_t)(j >> 8), p[51] = (uint8_t)j;
		p[55] = 53, p[57] = 53, p[59] = 8;
	}
}

static double best(double a, double b) { return a < b ? a : b; }

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : NULL;
	int members = argc > 2 ? atoi(argv[2]) : 1000;
	int macs = argc > 3 ? atoi(argv[3]) : 65536;
	double t_snap = 1e9, t_ser = 1e9, t_write = 1e9, t_hand = 1e9, t0;
	struct state_writer *w;
	struct ixm_config cfg;
	struct registry *reg;
	struct engine *e;
	char path[4096], err[512];
	uint8_t pkt[86], mac[6];
	size_t len = 0;
	int i, r;

	if (dir == NULL || members < 2 || macs < 0) {
		fprintf(stderr, "usage: bench_state DIR [MEMBERS [MACS]]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/members.json", dir);
	write_members(path, members);
	if ((reg = reg_load(path, &(struct reg_opts){.vlan_id = -1}, NULL, NULL, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "bench_state: %s\n", err);
		return 1;
	}
	cfg_defaults(&cfg);
	if ((uint32_t)macs + (uint32_t)members > cfg.max_macs)
		cfg.max_macs = (uint32_t)(macs + members) * 2;
	e = engine_new_env(1, &cfg, reg);
	for (i = 0; i < members; i++) {
		mac[0] = 0x02, mac[1] = 0, mac[2] = 0, mac[3] = 0x01;
		mac[4] = (uint8_t)(i >> 8), mac[5] = (uint8_t)i;
		for (r = 0; r < 4; r++) {
			frame(pkt, mac, r & 1, i, (i + 1 + r) % members);
			engine_offer(e, 1, 1793613600 + r, 0, pkt, 86, 86, 1);
		}
	}
	for (i = 0; i < macs; i++) {
		mac[0] = 0x06, mac[1] = 0x11, mac[2] = (uint8_t)(i >> 24);
		mac[3] = (uint8_t)(i >> 16), mac[4] = (uint8_t)(i >> 8), mac[5] = (uint8_t)i;
		frame(pkt, mac, 0, i % members, (i + 1) % members);
		engine_offer(e, 1, 1793613610 + i / 10000, 0, pkt, 86, 86, 1);
	}
	w = state_writer_start(dir);
	for (r = 0; r < 5; r++) {
		json_t *st;
		char *text;

		t0 = now_ms();
		st = engine_report_ex(e, 0);
		t_snap = best(t_snap, now_ms() - t0);
		t0 = now_ms();
		text = json_dumps(st, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		t_ser = best(t_ser, now_ms() - t0);
		len = strlen(text);
		t0 = now_ms();
		if (state_write_atomic(dir, "state.json", text) < 0)
			perror("state_write_atomic");
		t_write = best(t_write, now_ms() - t0);
		free(text);
		t0 = now_ms();
		state_writer_submit(w, st);
		t_hand = best(t_hand, now_ms() - t0);
		json_decref(st);
		state_writer_wait(w);
	}
	state_writer_stop(w);
	printf("state of %d members and %d further MACs: %.1f MB of JSON\n", members, macs,
	    (double)len / 1e6);
	printf("  snapshot (engine_report)     %8.1f ms\n", t_snap);
	printf("  serialise (json_dumps)       %8.1f ms\n", t_ser);
	printf("  write + fsync + rename       %8.1f ms\n", t_write);
	printf("  hand-over to the writer      %8.3f ms\n", t_hand);
	printf("capture thread per interval: before %.1f ms, now %.1f ms\n",
	    t_snap + t_ser + t_write, t_snap + t_hand);
	printf("RESULT state now/before = %.2f\n", (t_snap + t_hand) / (t_snap + t_ser + t_write));
	engine_free(e);
	reg_free(reg);
	return 0;
}
