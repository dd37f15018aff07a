/*
 * notify.h - the service manager's readiness protocol (sd_notify(3)), so
 * the systemd unit can be Type=notify: "ready" means the inputs are open
 * and the state writer runs, not merely that the process exists.
 */
#ifndef IXMON_NOTIFY_H
#define IXMON_NOTIFY_H

/*
 * Send `msg` ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=...") to
 * the socket $NOTIFY_SOCKET names; nothing without it.  0 sent or
 * nothing to do, -1 (logged once) when the socket would not take it.
 */
int svc_notify(const char *msg);

#endif
