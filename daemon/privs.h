/*
 * privs.h - the pid file and the privilege drop (OpenBGPD's order:
 * everything that needs root is opened first, then setgroups, setgid,
 * setuid).  Files the daemon writes after start are created by the
 * unprivileged user or handed to it before the drop.
 */
#ifndef IXMON_DAEMON_PRIVS_H
#define IXMON_DAEMON_PRIVS_H

#include <sys/types.h>

/* Look `user` up: 0 with its ids, -1 logged. */
int privs_lookup(const char *user, uid_t *uid, gid_t *gid);

/* Write our pid to `path` (mode 0644, owned by uid/gid when not -1). */
int privs_pidfile(const char *path, uid_t uid, gid_t gid);

/* Hand an existing `path` to uid/gid (no-op when absent); 0 or -1 logged. */
int privs_give(const char *path, uid_t uid, gid_t gid);

/* setgroups, setgid, setuid; 0 or -1 logged. */
int privs_drop(const char *user, uid_t uid, gid_t gid);

#endif
