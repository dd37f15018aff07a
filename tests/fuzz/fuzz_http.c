/*
 * fuzz_http.c - the dashboard's HTTP server on arbitrary request bytes.
 *
 * One server (web/http_server.c: libmicrohttpd with our limits, router,
 * body refusal and token check) runs for the whole process on a free
 * loopback port over a temporary state directory holding a small
 * state.json with one member, with a token set.  Each input is sent as
 * the bytes of one TCP connection, the write side is shut, and the answer
 * is read to the end.  Checked (abort() otherwise):
 *  - the server answers or closes within 5 s of the client's end of input;
 *  - whatever comes back starts with an HTTP/1.x status line;
 *  - a 200 for a member page, /api/report or /api/members only when the
 *    input carries the token (percent-decoded), so no request form gets
 *    around the token.
 * RFC 9112 framing, our handler, router and unescape callback are all
 * reached; libmicrohttpd itself is not instrumented, so coverage guides
 * the fuzzer through our code only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TOKEN "s3cret-T0ken"
#define STATE "{\"members\":[{\"asnum\":64500,\"name\":\"Example\",\"status\":\"active\"," \
	"\"mac\":\"02:00:00:00:00:0a\"}],\"alerts\":[],\"lan\":{}}"

static struct web_server *ws;
static uint16_t port;
static char dir[64];

static void cleanup(void)
{
	char p[96];

	web_stop(ws);
	snprintf(p, sizeof(p), "%s/state.json", dir);
	unlink(p);
	rmdir(dir);
}

static uint16_t free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sl) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) < 0)
		abort();
	close(fd);
	return ntohs(sa.sin_port);
}

static void start(void)
{
	struct web_opts o = {0};
	char listen[32], p[96], err[256];
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/ixmon-fuzz-http-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(p, sizeof(p), "%s/state.json", dir);
	if ((f = fopen(p, "w")) == NULL || fputs(STATE, f) < 0 || fclose(f) != 0)
		abort();
	port = free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%u", (unsigned)port);
	o.state_dir = dir;
	o.listen = listen;
	o.token = TOKEN;
	if ((ws = web_start(&o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "fuzz_http: %s\n", err);
		abort();
	}
	atexit(cleanup);
}

/* Percent-decode into `out`; the decoded length (NULs are kept). */
static size_t decode(const uint8_t *in, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned v;

		if (in[i] == '%' && i + 2 < n && sscanf((const char *)in + i + 1, "%2x", &v) == 1) {
			out[o++] = (char)v;
			i += 2;
		} else {
			out[o++] = (char)in[i];
		}
	}
	out[o] = '\0';
	return o;
}

/* The path of the first request line, percent-decoded, or "". */
static void first_path(const char *req, char *path, size_t len)
{
	const char *sp = strchr(req, ' '), *end;

	path[0] = '\0';
	if (sp == NULL)
		return;
	sp++;
	end = sp + strcspn(sp, " ?\r\n");
	snprintf(path, len, "%.*s", (int)(end - sp), sp);
}

/* Wait up to 5 s in all for `ev` on fd, across interruptions; 0 or -1. */
static int wait_for(int fd, short ev)
{
	struct pollfd pfd = {.fd = fd, .events = ev};
	struct timespec t0, now;
	int left = 5000, n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((n = poll(&pfd, 1, left)) < 0 && errno == EINTR) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = 5000 - (int)((now.tv_sec - t0.tv_sec) * 1000 +
		    (now.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return -1;
	}
	return n == 1 ? 0 : -1;
}

static int guarded(const char *path)
{
	return strncmp(path, "/members/", 9) == 0 || strcmp(path, "/api/report") == 0 ||
	    strcmp(path, "/api/members") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char resp[1 << 16], sink[1 << 16];
	struct sockaddr_in sa = {.sin_family = AF_INET};
	char *plain, path[256];
	size_t got = 0, off = 0, n;
	int fd;

	if (ws == NULL)
		start();
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		abort();
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(port);
	/* libFuzzer's SIGALRM (its -timeout watch) interrupts calls: resume */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
	    (errno != EINTR || wait_for(fd, POLLOUT) < 0)) {
		perror("fuzz_http: connect");
		abort();
	}
	while (off < size) {
		ssize_t w = send(fd, data + off, size - off, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* the server may close early (an error status) */
		off += (size_t)w;
	}
	shutdown(fd, SHUT_WR);
	for (;;) {
		ssize_t r;

		if (wait_for(fd, POLLIN) < 0) {
			fprintf(stderr, "fuzz_http: no answer and no close 5 s after the request\n");
			abort();
		}
		/* the first 64 KiB are kept (the status line); the rest is read and dropped */
		do
			r = got < sizeof(resp) ? recv(fd, resp + got, sizeof(resp) - got, 0) :
			    recv(fd, sink, sizeof(sink), 0);
		while (r < 0 && errno == EINTR);
		if (r <= 0)
			break;
		if (got < sizeof(resp))
			got += (size_t)r;
	}
	/*
	 * We closed first, so this end would sit in TIME_WAIT for 60 s:
	 * thousands of inputs a second run out of local ports.  A zero
	 * linger drops it at once (the server has already closed).
	 */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &(struct linger){1, 0}, sizeof(struct linger));
	close(fd);
	if (got == 0)
		return 0;
	if (got < 9 || (memcmp(resp, "HTTP/1.1 ", 9) != 0 && memcmp(resp, "HTTP/1.0 ", 9) != 0)) {
		fprintf(stderr, "fuzz_http: not a status line: %.*s\n", (int)(got < 200 ? got : 200), resp);
		abort();
	}
	if (got >= 12 && memcmp(resp + 9, "200", 3) == 0) {
		if ((plain = malloc(size + 1)) == NULL)
			abort();
		n = decode(data, size, plain);
		first_path(plain, path, sizeof(path));
		if (guarded(path) && memmem(plain, n, TOKEN, strlen(TOKEN)) == NULL) {
			fprintf(stderr, "fuzz_http: 200 for %s without the token\n", path);
			abort();
		}
		free(plain);
	}
	return 0;
}
