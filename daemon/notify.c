/*
 * notify.c - see notify.h.
 *
 * The protocol is one datagram of newline-separated KEY=VALUE assignments
 * to the AF_UNIX socket in $NOTIFY_SOCKET: a file system path, or an
 * abstract name written with a leading '@' (sd_notify(3), "Notify"
 * protocol).  No libsystemd: these few lines are all of it we use.  A
 * failure is logged once and never stops the run: the unit's start
 * timeout is what tells the operator.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/log.h"
#include "daemon/notify.h"

int svc_notify(const char *msg)
{
	static int warned;
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	socklen_t len;
	ssize_t n;
	int fd;

	if (path == NULL || path[0] == '\0')
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if ((path[0] != '/' && path[0] != '@') || strlen(path) >= sizeof(sa.sun_path)) {
		if (!warned++)
			log_warnx("NOTIFY_SOCKET=%s: not a socket path or @name", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if (path[0] == '@')
		sa.sun_path[0] = '\0'; /* abstract namespace */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) {
		if (!warned++)
			log_warn("NOTIFY_SOCKET: socket");
		return -1;
	}
	n = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, len);
	close(fd);
	if (n < 0) {
		if (!warned++)
			log_warn("NOTIFY_SOCKET=%s", path);
		return -1;
	}
	return 0;
}
