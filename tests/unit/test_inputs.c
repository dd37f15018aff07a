/*
 * test_inputs.c - daemon/inputs.c: every input kind through the same
 * operations, feeding one engine, its counters taken back after a restart;
 * the sFlow collector's receive thread and queue (daemon/dgram_queue.c):
 * order, a burst beyond the queue, the kernel's drops, a prompt close.
 * Sockets on 127.0.0.1 only, on ports the kernel picks (port 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <poll.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/engine.h"
#include "daemon/dgram_queue.h"
#include "daemon/inputs.h"

/* The port the kernel gave an input bound to 127.0.0.1:0. */
static int port_of(int fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	return ntohs(sa.sin_port);
}

static void send_to(int port, const char *text)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct pollfd p;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(sendto(fd, text, strlen(text), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) > 0);
	close(fd);
	(void)p;
}

static void wait_readable(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};

	assert_int_equal(poll(&p, 1, 2000), 1);
}

/* Syslog lines are counted in the engine's report, the datagrams in the input. */
static void test_syslog_input(void **state)
{
	struct engine *e = engine_new(1);
	struct input in, again;
	char err[256];
	json_t *rep, *st;

	(void)state;
	input_init(&in, &input_syslog_ops, "127.0.0.1:0");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	assert_true(in.ops->fd(&in) >= 0);
	send_to(port_of(in.fd), "<190>Nov 22 10:00:03 sw1 %LINK-3-UPDOWN: Interface Gi1/0/2, changed state to up");
	send_to(port_of(in.fd), "<190>Nov 22 10:00:04 sw1 %LINK-3-UPDOWN: Interface Gi1/0/3, changed state to up");
	wait_readable(in.fd);
	usleep(20000);
	assert_int_equal(in.ops->read(&in, e), 0);
	assert_int_equal(in.frames, 2);
	rep = engine_report(e);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(rep,
	    "syslog"), "other")), 2);
	/* a restart: the engine's counters and the input's come back */
	st = in.ops->stats(&in);
	assert_string_equal(json_string_value(json_object_get(st, "kind")), "syslog");
	input_init(&again, &input_syslog_ops, "127.0.0.1:0");
	again.ops->restore(&again, st);
	assert_int_equal(again.frames, 2);
	in.ops->close(&in);
	assert_int_equal(in.ops->fd(&in), -1);
	json_decref(st);
	json_decref(rep);
	engine_free(e);
}

/* ---- sFlow: the receive thread and its queue ------------------------------ */

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

/*
 * An sFlow v5 datagram of agent 192.0.2.1, datagram sequence `seq`, with
 * `n` flow samples of one 128-byte Ethernet/IPv4/TCP header each (as
 * bench/sflow-blast sends them): 28 + 192 n bytes.
 */
static size_t sflow_datagram(uint8_t *buf, uint32_t seq, uint32_t n)
{
	uint8_t hdr[128], *p = buf;
	uint32_t i;

	memset(hdr, 0xab, sizeof(hdr));
	memcpy(hdr, "\x3c\x61\x04\x00\x00\x01\x00\x1b\x54\x00\x00\x02\x08\x00", 14);
	memcpy(hdr + 14, "\x45\x00\x05\xdc\x00\x01\x40\x00\x40\x06\x00\x00\xc0\x00\x02\x0a"
			 "\xc0\x00\x02\x0b", 20);
	p = put32(p, 5);
	p = put32(p, 1);
	p = put32(p, 0xc0000201);
	p = put32(p, 0);
	p = put32(p, seq);
	p = put32(p, seq * 10);
	p = put32(p, n);
	for (i = 0; i < n; i++) {
		p = put32(p, 1);                 /* flow sample */
		p = put32(p, 32 + 8 + 16 + 128);
		p = put32(p, (seq - 1) * n + i + 1);
		p = put32(p, 7);                 /* ifIndex 7 */
		p = put32(p, 1000);              /* sampling rate */
		p = put32(p, ((seq - 1) * n + i + 1) * 1000);
		p = put32(p, 0);
		p = put32(p, 7);
		p = put32(p, 8);
		p = put32(p, 1);                 /* one record */
		p = put32(p, 1);                 /* raw packet header */
		p = put32(p, 16 + 128);
		p = put32(p, 1);                 /* Ethernet */
		p = put32(p, 1518);
		p = put32(p, 4);
		p = put32(p, 128);
		memcpy(p, hdr, 128);
		p += 128;
	}
	return (size_t)(p - buf);
}

/* One UDP socket on 127.0.0.1 sending to `port`; its port in `*from`. */
static int sender(int *from)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (from)
		*from = port_of(fd);
	return fd;
}

static void send_dg(int fd, int port, const uint8_t *p, size_t len)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(sendto(fd, p, len, 0, (struct sockaddr *)&sa, sizeof(sa)),
	    (ssize_t)len);
}

/* Send sFlow datagrams with sequences first..last, `n` samples each. */
static void send_sflow(int fd, int port, uint32_t first, uint32_t last, uint32_t n)
{
	static uint8_t buf[28 + 192 * 8];
	uint32_t seq;

	assert_true(n <= 8);
	for (seq = first; seq <= last; seq++)
		send_dg(fd, port, buf, sflow_datagram(buf, seq, n));
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This process's threads, from /proc/self/status. */
static int threads_now(void)
{
	char line[256];
	int n = -1;
	FILE *fp = fopen("/proc/self/status", "r");

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(fp);
	return n;
}

/*
 * This process's threads, from /proc/self/status, once it is `want` (a
 * joined thread leaves the count a moment after pthread_join returns), or
 * after 1 s whatever it is.
 */
static int threads_become(int want)
{
	double end = now_s() + 1;
	int n;

	while ((n = threads_now()) != want && now_s() < end)
		usleep(1000);
	return n;
}

static uint64_t num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_integer(v));
	return (uint64_t)json_integer_value(v);
}

static uint64_t sflow_num(struct engine *e, const char *key)
{
	json_t *rep = engine_report(e);
	uint64_t v = num(json_object_get(rep, "sflow"), key);

	json_decref(rep);
	return v;
}

static uint64_t stat_num(const struct input *in, const char *key)
{
	json_t *st = in->ops->stats(in);
	uint64_t v = num(st, key);

	json_decref(st);
	return v;
}

/*
 * The loop's part: poll the input's descriptor and read() until `want`
 * datagrams were delivered, 5 s at most.
 */
static void deliver_until(struct input *in, struct engine *e, uint64_t want)
{
	double end = now_s() + 5;

	while (in->frames < want && now_s() < end) {
		struct pollfd p = {in->ops->fd(in), POLLIN, 0};

		if (poll(&p, 1, 100) == 1)
			assert_int_equal(in->ops->read(in, e), 0);
	}
	if (in->frames != want) {
		json_t *st = in->ops->stats(in);
		char *text = json_dumps(st, 0);

		print_error("deliver_until %llu: %s\n", (unsigned long long)want, text);
		free(text);
		json_decref(st);
	}
	assert_int_equal(in->frames, want);
}

/* The loop's part until nothing more came for 200 ms. */
static void deliver_quiet(struct input *in, struct engine *e)
{
	struct pollfd p = {in->ops->fd(in), POLLIN, 0};

	while (poll(&p, 1, 200) == 1)
		assert_int_equal(in->ops->read(in, e), 0);
}

/*
 * Until the receive thread has accounted for `sent` datagrams (queued or
 * dropped), 5 s at most; how many it queued.
 */
static uint64_t received_all(const struct input *in, uint64_t sent)
{
	double end = now_s() + 5;
	struct dgq_stats q;

	do {
		dgq_stats(in->q, &q);
		if (q.queued + q.queue_drops + q.kernel_drops >= sent)
			break;
		usleep(10000);
	} while (now_s() < end);
	return q.queued;
}

/* The queue on its own: bytes, order and sender as they were sent. */
static void test_queue_order(void **state)
{
	struct dgram_queue *q;
	char err[256], text[32];
	int sock, tx, from_port, i, got = 0;
	double end;

	(void)state;
	sock = input_udp_listen("127.0.0.1:0", err, sizeof(err));
	assert_true(sock >= 0);
	q = dgq_new(sock, 1 << 20, 65536, err, sizeof(err));
	assert_non_null(q);
	assert_int_equal(dgq_start(q, err, sizeof(err)), 0);
	tx = sender(&from_port);
	for (i = 0; i < 500; i++) {
		int n = snprintf(text, sizeof(text), "datagram %d", i);

		send_dg(tx, port_of(sock), (const uint8_t *)text, (size_t)n);
	}
	end = now_s() + 5;
	while (got < 500 && now_s() < end) {
		struct pollfd p = {dgq_fd(q), POLLIN, 0};
		struct dgram d;

		if (poll(&p, 1, 100) != 1)
			continue;
		dgq_clear(q);
		while (dgq_peek(q, &d)) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)d.from;

			snprintf(text, sizeof(text), "datagram %d", got);
			assert_int_equal(d.len, strlen(text));
			assert_memory_equal(d.data, text, d.len);
			assert_int_equal(d.fromlen, sizeof(struct sockaddr_in));
			assert_int_equal(sin->sin_family, AF_INET);
			assert_int_equal(ntohl(sin->sin_addr.s_addr), INADDR_LOOPBACK);
			assert_int_equal(ntohs(sin->sin_port), from_port);
			dgq_pop(q);
			got++;
		}
	}
	assert_int_equal(got, 500);
	dgq_free(q, NULL);
	close(tx);
	close(sock);
}

/*
 * Through the input: every datagram reaches the engine through read(), in
 * order (a datagram out of order would be a sequence gap or an agent
 * reset), a batch of INPUT_BATCH at most per read().
 */
static void test_sflow_in_order(void **state)
{
	struct engine *e = engine_new(1);
	struct input in;
	char err[256];
	int tx, fd;

	(void)state;
	input_init(&in, &input_sflow_ops, "127.0.0.1:0");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	fd = in.ops->fd(&in);
	assert_true(fd >= 0 && fd != in.fd); /* the queue's, not the socket */
	tx = sender(NULL);
	send_sflow(tx, port_of(in.fd), 1, 3000, 1);
	/* the first read() starts the thread; the rest arrive through the queue */
	deliver_until(&in, e, 3000);
	assert_int_equal(sflow_num(e, "datagrams"), 3000);
	assert_int_equal(sflow_num(e, "raw_headers"), 3000);
	assert_int_equal(sflow_num(e, "lost_datagrams"), 0);
	assert_int_equal(sflow_num(e, "lost_samples"), 0);
	assert_int_equal(sflow_num(e, "resets"), 0);
	assert_int_equal(stat_num(&in, "queue_drops"), 0);
	assert_int_equal(stat_num(&in, "kernel_drops"), 0);
	assert_int_equal(stat_num(&in, "queue_bytes"), 0);
	assert_int_equal(stat_num(&in, "errors"), 0);
	assert_true(stat_num(&in, "receive_buffer") > 0);
	in.ops->close(&in);
	assert_int_equal(in.ops->fd(&in), -1);
	close(tx);
	engine_free(e);
}

/*
 * Datagrams received and queued when the run stops are analysed by
 * drain(), not left behind: 500 sent, none read, all delivered after it.
 */
static void test_sflow_drain(void **state)
{
	struct engine *e = engine_new(1);
	struct input in;
	char err[256];
	int tx;

	(void)state;
	input_init(&in, &input_sflow_ops, "127.0.0.1:0");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	assert_int_equal(in.ops->read(&in, e), 0); /* starts the thread */
	tx = sender(NULL);
	send_sflow(tx, port_of(in.fd), 1, 500, 1);
	assert_int_equal(received_all(&in, 500), 500);
	assert_int_equal(sflow_num(e, "datagrams"), 0);
	in.ops->drain(&in, e);
	assert_int_equal(sflow_num(e, "datagrams"), 500);
	assert_int_equal(sflow_num(e, "lost_datagrams"), 0);
	assert_int_equal(stat_num(&in, "queue_bytes"), 0);
	in.ops->close(&in);
	close(tx);
	engine_free(e);
}

static int stat_paused(const struct input *in)
{
	json_t *st = in->ops->stats(in);
	const char *v = json_string_value(json_object_get(st, "app_shedding"));
	int paused = v && strcmp(v, "paused") == 0;

	json_decref(st);
	return paused;
}

/*
 * Load shedding: a queue found over half full makes nDPI take 1/16 of its
 * new flows (app_shedding 16), over three quarters pauses the application
 * view ("paused"); once the loop has caught up (the queue under an eighth)
 * nDPI takes them all again.  Nothing is dropped.
 */
static void test_sflow_shedding(void **state)
{
	struct engine *e = engine_new(1);
	struct input in;
	char err[256];
	int tx;

	(void)state;
	input_init(&in, &input_sflow_ops, "127.0.0.1:0");
	in.queue_bytes = 1 << 20;
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	assert_int_equal(in.ops->read(&in, e), 0); /* starts the thread */
	assert_int_equal(stat_num(&in, "app_shedding"), 1);
	tx = sender(NULL);
	/* 1,600 bytes a datagram: 600 of them fill the 1 MiB queue over 90% */
	send_sflow(tx, port_of(in.fd), 1, 600, 8);
	assert_int_equal(received_all(&in, 600), 600);
	assert_int_equal(in.ops->read(&in, e), 0); /* found over 3/4 full */
	assert_true(stat_paused(&in));
	deliver_until(&in, e, 600);
	assert_int_equal(in.ops->read(&in, e), 0); /* found empty */
	assert_int_equal(stat_num(&in, "app_shedding"), 1);
	/* 400 fill it to 61% (the ring wraps: a little more) */
	send_sflow(tx, port_of(in.fd), 601, 1000, 8);
	assert_int_equal(received_all(&in, 1000), 1000);
	assert_int_equal(in.ops->read(&in, e), 0); /* found over half full */
	assert_int_equal(stat_num(&in, "app_shedding"), 16);
	deliver_until(&in, e, 1000);
	assert_int_equal(in.ops->read(&in, e), 0);
	assert_int_equal(stat_num(&in, "app_shedding"), 1);
	assert_true(stat_num(&in, "shed_turns") >= 2);
	assert_int_equal(stat_num(&in, "queue_drops"), 0);
	assert_int_equal(sflow_num(e, "lost_datagrams"), 0);
	in.ops->close(&in);
	close(tx);
	engine_free(e);
}

/*
 * A burst of 2,000 datagrams of 1,564 bytes into a 256 KiB queue nobody
 * reads: the thread keeps reading the socket, queues what fits and counts
 * the rest as queue_drops; the queue never holds more than its bound; what
 * was queued is delivered, and the engine sees exactly the dropped ones
 * as lost.  stats() reports it and restore() takes it back.
 */
static void test_sflow_burst(void **state)
{
	struct engine *e = engine_new(1);
	struct input in, again;
	char err[256];
	int tx;
	uint64_t qdrops, kdrops, queued;
	json_t *st;

	(void)state;
	input_init(&in, &input_sflow_ops, "127.0.0.1:0");
	in.queue_bytes = 256 << 10;
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	assert_int_equal(in.ops->read(&in, e), 0); /* starts the thread */
	tx = sender(NULL);
	send_sflow(tx, port_of(in.fd), 1, 2000, 8);
	queued = received_all(&in, 2000);
	st = in.ops->stats(&in);
	/* each 16 + 16 (the address) + 1,564 bytes, 16-aligned */
	assert_int_equal(num(st, "queue_bytes"), queued * 1600);
	assert_int_equal(num(st, "queue_capacity"), 256 << 10);
	assert_true(num(st, "queue_peak_bytes") <= 256 << 10);
	assert_true(queued >= (256 << 10) / 1600 - 1);
	assert_true(num(st, "queue_drops") > 0);
	json_decref(st);
	/*
	 * The queued ones reach the engine; the next datagram shows the gap
	 * (and carries the kernel's count, had it dropped any at the end).
	 */
	deliver_until(&in, e, queued);
	assert_int_equal(stat_num(&in, "queue_bytes"), 0);
	send_sflow(tx, port_of(in.fd), 2001, 2001, 8);
	deliver_until(&in, e, queued + 1);
	qdrops = stat_num(&in, "queue_drops");
	kdrops = stat_num(&in, "kernel_drops");
	assert_int_equal(queued + qdrops + kdrops, 2000);
	assert_int_equal(sflow_num(e, "datagrams"), queued + 1);
	assert_int_equal(sflow_num(e, "lost_datagrams"), qdrops + kdrops);
	assert_int_equal(sflow_num(e, "resets"), 0);
	/* a restart takes the counters back, and a new socket adds to them */
	st = in.ops->stats(&in);
	assert_string_equal(json_string_value(json_object_get(st, "kind")), "sflow");
	in.ops->close(&in);
	input_init(&again, &input_sflow_ops, "127.0.0.1:0");
	assert_int_equal(again.ops->open(&again, err, sizeof(err)), 0);
	again.ops->restore(&again, st);
	assert_int_equal(again.frames, queued + 1);
	assert_int_equal(again.queue_drops, qdrops);
	assert_int_equal(again.kernel_drops, kdrops);
	assert_int_equal(stat_num(&again, "queue_drops"), qdrops);
	assert_int_equal(stat_num(&again, "kernel_drops"), kdrops);
	assert_int_equal(stat_num(&again, "frames"), queued + 1);
	/* closed, it still reports what it counted */
	again.ops->close(&again);
	assert_int_equal(stat_num(&again, "queue_drops"), qdrops);
	json_decref(st);
	close(tx);
	engine_free(e);
}

/*
 * The kernel's drops: with a socket buffer too small for a burst and the
 * thread not yet started, the kernel drops; SO_RXQ_OVFL on the next
 * datagram tells the thread how many, and everything is accounted for.
 */
static void test_sflow_kernel_drops(void **state)
{
	struct engine *e = engine_new(1);
	struct input in;
	char err[256];
	int tx, tiny = 4096;
	uint64_t kdrops;

	(void)state;
	input_init(&in, &input_sflow_ops, "127.0.0.1:0");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	assert_int_equal(setsockopt(in.fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof(tiny)), 0);
	tx = sender(NULL);
	send_sflow(tx, port_of(in.fd), 1, 200, 8);
	/* now the thread: it takes what the kernel kept */
	deliver_quiet(&in, e);
	assert_true(in.frames > 0 && in.frames < 200);
	send_sflow(tx, port_of(in.fd), 201, 201, 8);
	deliver_until(&in, e, in.frames + 1);
	kdrops = stat_num(&in, "kernel_drops");
	assert_true(kdrops > 0);
	assert_int_equal(in.frames + kdrops, 201);
	assert_int_equal(stat_num(&in, "queue_drops"), 0);
	assert_int_equal(sflow_num(e, "lost_datagrams"), kdrops);
	in.ops->close(&in);
	assert_int_equal(stat_num(&in, "kernel_drops"), kdrops);
	close(tx);
	engine_free(e);
}

/*
 * ixmon run opens its inputs, then daemon() forks: the child, where the
 * thread starts, must have everything the queue needs.  And a child forked
 * once the thread runs (a graph renderer) goes on without it.
 */
static void test_sflow_fork(void **state)
{
	struct engine *e = engine_new(1);
	struct input in;
	char err[256];
	int tx, status;
	pid_t pid;

	(void)state;
	input_init(&in, &input_sflow_ops, "127.0.0.1:0");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	tx = sender(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* as daemon()'s child: start, receive, deliver, then fork again */
		send_sflow(tx, port_of(in.fd), 1, 100, 8);
		deliver_until(&in, e, 100);
		pid = fork();
		if (pid == 0)
			_exit(0);
		send_sflow(tx, port_of(in.fd), 101, 200, 8);
		deliver_until(&in, e, 200);
		_exit(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    sflow_num(e, "raw_headers") == 1600 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	in.ops->close(&in);
	close(tx);
	engine_free(e);
}

/*
 * close() stops and joins the thread at once, idle or in the middle of a
 * flood it is dropping, and leaves no thread behind.
 */
static void test_sflow_close_prompt(void **state)
{
	struct engine *e = engine_new(1);
	struct input in;
	char err[256];
	int tx, before = threads_now(), round;
	double t0;

	(void)state;
	tx = sender(NULL);
	for (round = 0; round < 2; round++) {
		input_init(&in, &input_sflow_ops, "127.0.0.1:0");
		in.queue_bytes = 256 << 10;
		assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
		assert_int_equal(threads_now(), before); /* not before the first read() */
		assert_int_equal(in.ops->read(&in, e), 0);
		assert_int_equal(threads_now(), before + 1);
		if (round == 1) /* busy: queue full, datagrams still coming in */
			send_sflow(tx, port_of(in.fd), 1, 3000, 8);
		t0 = now_s();
		in.ops->close(&in);
		assert_true(now_s() - t0 < 1.0);
		assert_int_equal(threads_become(before), before);
		assert_int_equal(in.ops->fd(&in), -1);
		assert_null(in.q);
	}
	close(tx);
	engine_free(e);
}

static void test_bad_specs(void **state)
{
	struct input in;
	char err[256];

	(void)state;
	input_init(&in, &input_sflow_ops, "not-an-address:6343");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not-an-address"));
	input_init(&in, &input_sflow_ops, "127.0.0.1:99999");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), -1);
}

/* A missing interface fails to open and says which and why. */
static void test_missing_interface(void **state)
{
	struct live_opts lo = {256, 0, 1, NULL};
	struct input in;
	char err[512];

	(void)state;
	input_init(&in, &input_interface_ops, "ixmon-nosuch0");
	in.live = &lo;
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	assert_int_equal(in.ops->fd(&in), -1);
	in.ops->close(&in);
}

/* A replay reads the whole file into the engine. */
static void test_replay(void **state)
{
	struct engine *e = engine_new(1);
	struct input in;
	char err[64];

	(void)state;
	input_init(&in, &input_replay_ops, "tests/captures/ipv4.pcap");
	assert_int_equal(in.ops->open(&in, err, sizeof(err)), 0);
	assert_int_equal(in.ops->fd(&in), -1);
	assert_int_equal(in.ops->read(&in, e), 0);
	assert_true(in.frames > 0);
	assert_int_equal(in.frames, engine_frames_seen(e));
	input_init(&in, &input_replay_ops, "tests/captures/bad/no-such-file.pcap");
	assert_int_equal(in.ops->read(&in, e), -1);
	assert_true(in.error[0] != '\0');
	engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syslog_input),
		cmocka_unit_test(test_queue_order),
		cmocka_unit_test(test_sflow_in_order),
		cmocka_unit_test(test_sflow_drain),
		cmocka_unit_test(test_sflow_shedding),
		cmocka_unit_test(test_sflow_burst),
		cmocka_unit_test(test_sflow_kernel_drops),
		cmocka_unit_test(test_sflow_fork),
		cmocka_unit_test(test_sflow_close_prompt),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_missing_interface),
		cmocka_unit_test(test_replay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
