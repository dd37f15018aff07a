/*
 * privs.c - see privs.h.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "common/log.h"
#include "daemon/privs.h"

int privs_lookup(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam(user);

	if (pw == NULL) {
		log_warnx("--user: no user '%s'", user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

int privs_pidfile(const char *path, uid_t uid, gid_t gid)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fprintf(fp, "%ld\n", (long)getpid());
	if (fclose(fp) != 0)
		return -1;
	/* owned by the user, so that it can be removed after the drop */
	return privs_give(path, uid, gid);
}

int privs_give(const char *path, uid_t uid, gid_t gid)
{
	if (uid == (uid_t)-1)
		return 0;
	if (chown(path, uid, gid) < 0 && errno != ENOENT) {
		log_warn("%s: cannot hand it to uid %ld", path, (long)uid);
		return -1;
	}
	return 0;
}

/*
 * setgroups, setgid, setuid in that order (the other order keeps root's
 * groups).  A vanished interface can then no longer be reopened: the loop
 * says so when it happens.
 */
int privs_drop(const char *user, uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
		log_warn("--user %s", user);
		return -1;
	}
	return 0;
}
