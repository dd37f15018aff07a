/*
 * test_inspector.c - nDPI on its own thread (analyze/inspector.c).
 *
 * The same jobs give the same answers whether they run inline or on the
 * worker, and when the inspector switches between the two in mid-stream
 * (as it does on a busy machine): after a switch back to the thread, a
 * wait for a job that ran inline returns at once.  The stream mixes flows
 * nDPI names on the first packet (HTTP, DNS), flows it gives up on, and
 * give-ups queued behind the packet that decided.  The caller's pattern
 * is an_app.c's: wait for a flow's last job before its next one, and
 * sometimes not.  Run under ThreadSanitizer too (Makefile TSAN_TESTS).
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze/inspector.h"
#include "analyze/ndpi_shim.h"

#define FLOWS   192
#define PACKETS 40

struct tflow {
	void *nflow;
	struct insp_result res;
	uint64_t ticket;
	int decided;
};

/* An IPv4 packet of flow `i`, its `k`-th: HTTP, DNS or random UDP. */
static uint32_t packet(uint8_t *p, int i, int k)
{
	static const char http[] = "GET / HTTP/1.1\r\nHost: example.net\r\n\r\n";
	static const uint8_t dns[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n', 'e', 't', 0, 0, 1, 0, 1};
	int kind = i % 3, tcp = kind == 0, up = k % 2 == 0, j;
	uint8_t *l4 = p + 20, *pl = l4 + (tcp ? 20 : 8);
	uint16_t sport = (uint16_t)(2000 + i), dport = kind == 0 ? 80 : kind == 1 ? 53 : 40000;
	uint32_t plen = 0, len;

	memset(p, 0, 128);
	if (kind == 0 && k == 0)
		memcpy(pl, http, plen = sizeof(http) - 1);
	else if (kind == 1)
		memcpy(pl, dns, plen = sizeof(dns));
	else if (kind == 2)
		for (j = 0; j < 32; j++)
			pl[j] = (uint8_t)(i * 31 + k * 7 + j * 13), plen = 32;
	len = 20 + (tcp ? 20 : 8) + plen;
	p[0] = 0x45, p[2] = (uint8_t)(len >> 8), p[3] = (uint8_t)len;
	p[8] = 64, p[9] = tcp ? 6 : 17;
	p[12] = 198, p[13] = 51, p[14] = 100, p[15] = (uint8_t)i;
	p[16] = 203, p[17] = 0, p[18] = 113, p[19] = 7;
	if (!up) {
		uint8_t t[4];

		memcpy(t, p + 12, 4), memcpy(p + 12, p + 16, 4), memcpy(p + 16, t, 4);
	}
	l4[0] = (uint8_t)((up ? sport : dport) >> 8), l4[1] = (uint8_t)(up ? sport : dport);
	l4[2] = (uint8_t)((up ? dport : sport) >> 8), l4[3] = (uint8_t)(up ? dport : sport);
	if (tcp)
		l4[12] = 0x50, l4[13] = k == 0 ? 0x18 : 0x10;
	else
		l4[5] = (uint8_t)(8 + plen);
	return len;
}

/*
 * Every flow's packets, interleaved; every 50 jobs `mode` may switch
 * (0 never, 1 inline/thread alternately).  Results into `out`.
 */
static void run_stream(struct nshim *nd, int threaded, int mode,
    struct insp_result out[FLOWS])
{
	struct inspector *in = insp_new(nd, threaded);
	struct tflow f[FLOWS];
	uint8_t pkt[128];
	uint64_t jobs = 0;
	int i, k;

	memset(f, 0, sizeof(f));
	for (i = 0; i < FLOWS; i++)
		f[i].nflow = calloc(1, nshim_flow_size());
	for (k = 0; k < PACKETS; k++) {
		for (i = 0; i < FLOWS; i++) {
			unsigned flags = k == 0 ? INSP_NEW_FLOW : 0;
			uint32_t len;

			/* as an_app: take the answer in before the next packet, but
			 * not always (a later packet of a decided flow is a no-op) */
			if ((i + k) % 4 != 0 && f[i].ticket) {
				insp_wait(in, f[i].ticket);
				f[i].decided = f[i].res.outcome != INSP_DETECTING;
			}
			if (f[i].decided)
				continue;
			if (k == PACKETS / 2 && i % 5 == 0) {
				/* a give-up alone, maybe behind the packet that decided */
				f[i].ticket = insp_submit(in, f[i].nflow, &f[i].res, NULL, 0, 0,
				    INSP_GIVEUP_IF_UNKNOWN);
			} else {
				len = packet(pkt, i, k);
				if (k == PACKETS - 1)
					flags |= INSP_GIVEUP_IF_UNKNOWN;
				f[i].ticket = insp_submit(in, f[i].nflow, &f[i].res, pkt, len,
				    1000u * (uint64_t)k, flags);
			}
			if (mode && ++jobs % 50 == 0)
				insp_set_inline(in, (int)(jobs / 50 % 2));
		}
	}
	if (mode) {
		/* the last jobs inline, then the thread again: every wait for
		 * them returns, though the worker never saw them */
		insp_set_inline(in, 1);
		for (i = 0; i < FLOWS; i++)
			if (!f[i].decided)
				f[i].ticket = insp_submit(in, f[i].nflow, &f[i].res, NULL, 0,
				    0, INSP_GIVEUP_IF_UNKNOWN);
		insp_set_inline(in, 0);
		for (i = 0; i < FLOWS; i++)
			insp_wait(in, f[i].ticket);
	}
	insp_drain(in);
	for (i = 0; i < FLOWS; i++) {
		out[i] = f[i].res;
		if (f[i].res.outcome == INSP_DETECTING)
			nshim_flow_release(f[i].nflow);
		free(f[i].nflow);
	}
	insp_free(in);
}

static void test_same_answers(void **state)
{
	struct nshim *nd = nshim_new();
	struct insp_result ref[FLOWS], got[FLOWS];
	int i, mode, named = 0, gaveup = 0;

	(void)state;
	assert_non_null(nd);
	run_stream(nd, 0, 0, ref);
	for (i = 0; i < FLOWS; i++) {
		named += ref[i].outcome == INSP_DETECTED;
		gaveup += ref[i].outcome == INSP_GAVE_UP;
	}
	/* HTTP and DNS named, the random UDP given up (or named by a guess) */
	assert_true(named >= 2 * FLOWS / 3);
	assert_true(gaveup > 0);
	for (mode = 0; mode < 2; mode++) {
		run_stream(nd, 1, mode, got);
		for (i = 0; i < FLOWS; i++) {
			assert_int_equal(got[i].outcome, ref[i].outcome);
			assert_int_equal(got[i].proto, ref[i].proto);
			assert_int_equal(got[i].guessed, ref[i].guessed);
		}
	}
	nshim_free(nd);
}

/* Threads that only burn CPU: more runnable threads than cores. */
static _Atomic int burning;

static void *burn(void *arg)
{
	volatile uint64_t x = 0;

	(void)arg;
	while (atomic_load(&burning))
		x++;
	return NULL;
}

/*
 * On a machine busier than its cores, waiting for the worker costs a trip
 * through the scheduler: the inspector falls back to running jobs inline
 * (choose_mode) and back, and the answers stay the same.
 */
static void test_busy_machine(void **state)
{
	struct nshim *nd = nshim_new();
	struct insp_result ref[FLOWS], got[FLOWS];
	pthread_t t[3];
	int i, r;

	(void)state;
	assert_non_null(nd);
	run_stream(nd, 0, 0, ref);
	atomic_store(&burning, 1);
	for (i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, burn, NULL), 0);
	for (r = 0; r < 20; r++) {
		run_stream(nd, 1, 0, got);
		for (i = 0; i < FLOWS; i++) {
			assert_int_equal(got[i].outcome, ref[i].outcome);
			assert_int_equal(got[i].proto, ref[i].proto);
		}
	}
	atomic_store(&burning, 0);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	nshim_free(nd);
}

static void hung(int sig)
{
	(void)sig;
	fail_msg("a wait for an answer never returned");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_answers),
		cmocka_unit_test(test_busy_machine),
	};

	signal(SIGALRM, hung);
	alarm(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
