/*
 * fuzz_members.c - the IX-F Member Export loader on arbitrary files.
 *
 * The input is the members file (members/registry.c reads it as
 * `--members FILE` would).  Loading must never fail on one bad entry, and
 * what it keeps must be consistent: the harness abort()s when a kept MAC
 * or address does not look up to the member that lists it (the hash
 * tables and the member array disagree), a member lists a group or zero
 * MAC, reg_member_index() does not invert reg_member_at(), or a warning
 * is not one printable line (operators read them in a terminal and in
 * syslog).  reg_describe() is built and serialised, as the report does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "members/registry.h"
#include "tests/fuzz/fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_warning(void *ctx, const char *where, const char *what)
{
	(void)ctx;
	if (!fuzz_printable_line(where) || !fuzz_printable_line(what) || what[0] == '\0')
		abort();
}

static void check_member(const struct registry *r, size_t i)
{
	const struct reg_member *m = reg_member_at(r, i);
	size_t k;

	if (m == NULL || reg_member_index(r, m) != i)
		abort();
	if (reg_by_asn(r, m->asnum) == NULL || reg_by_asn(r, m->asnum)->asnum != m->asnum)
		abort();
	for (k = 0; k < m->n_macs; k++) {
		if ((m->macs[k][0] & 1) || memcmp(m->macs[k], "\0\0\0\0\0\0", 6) == 0)
			abort();
		if (reg_by_mac(r, m->macs[k]) != m || !reg_member_has_mac(m, m->macs[k]))
			abort();
	}
	for (k = 0; k < m->n_v4; k++)
		if (reg_by_v4(r, m->v4[k]) != m)
			abort();
	for (k = 0; k < m->n_v6; k++)
		if (reg_by_v6(r, m->v6[k]) != m)
			abort();
	if (m->n_macs > REG_MAX_MACS || m->n_v4 > REG_MAX_ADDRS || m->n_v6 > REG_MAX_ADDRS)
		abort();
	if (memchr(m->name, '\0', sizeof(m->name)) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reg_opts opts = {.vlan_id = -1};
	struct registry *r;
	char path[64], err[512];
	json_t *d;
	char *s;
	size_t i;
	int fd;

	fd = fuzz_file(data, size, path, sizeof(path));
	r = reg_load(path, &opts, check_warning, NULL, err, sizeof(err));
	close(fd);
	if (r == NULL) {
		if (err[0] == '\0' || !fuzz_printable_line(err))
			abort();
		return 0;
	}
	for (i = 0; i < reg_count(r); i++)
		check_member(r, i);
	d = reg_describe(r);
	s = json_dumps(d, JSON_COMPACT);
	if (s == NULL)
		abort();
	free(s);
	json_decref(d);
	reg_free(r);
	return 0;
}
