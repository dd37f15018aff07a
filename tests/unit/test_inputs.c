/*
 * test_inputs.c - daemon/inputs.c: every input kind through the same
 * operations, feeding one engine, its counters taken back after a restart.
 * Sockets on 127.0.0.1 only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <poll.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/engine.h"
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
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_missing_interface),
		cmocka_unit_test(test_replay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
