/*
 * state_writer.c - see state_writer.h.
 *
 * A mutex and a condition variable around a one-state mailbox; the thread
 * takes the state out, writes it with the lock released, and records the
 * outcome.  A failing disk is logged once per streak, as the loop did.
 *
 * Only the loop's thread ever changes a reference count: the writer hands
 * a state it has written back (`done`) and the loop drops it at its next
 * call.  jansson's counts are atomic, but the thread that frees a value
 * is not ordered after another thread's reads of it (ThreadSanitizer
 * reports it), and with one thread doing all of it nothing needs to be.
 * At most two written states wait to be dropped: one submitted while
 * another was being written, both finished before the next call.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "daemon/state.h"
#include "daemon/state_writer.h"

struct state_writer {
	char *dir;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	json_t *pending; /* waiting to be written, or NULL */
	json_t *done[2]; /* written, for the loop to drop */
	int busy;        /* a write is in progress */
	int stop;
	int last_failed; /* the newest write failed */
	uint64_t written, failed, superseded;
	double last_ms, max_ms;
};

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void write_one(struct state_writer *w, json_t *state)
{
	struct timespec t0;
	char *text;
	int ok;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	text = json_dumps(state, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	ok = text != NULL && state_write_atomic(w->dir, "state.json", text) == 0;
	free(text);
	ms = ms_since(&t0);
	pthread_mutex_lock(&w->lock);
	w->done[w->done[0] != NULL] = state;
	if (!ok) {
		/* Once per failing streak: a full disk must not flood the log. */
		if (!w->last_failed)
			log_warn("%s/state.json: not written", w->dir);
		w->failed++;
	} else {
		if (w->last_failed)
			log_info("%s/state.json: written again", w->dir);
		w->written++;
	}
	w->last_failed = !ok;
	w->last_ms = ms;
	if (ms > w->max_ms)
		w->max_ms = ms;
	pthread_mutex_unlock(&w->lock);
}

static void *writer_main(void *arg)
{
	struct state_writer *w = arg;
	json_t *state;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->pending == NULL && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->pending == NULL)
			break; /* stopping with nothing left */
		state = w->pending;
		w->pending = NULL;
		w->busy = 1;
		pthread_mutex_unlock(&w->lock);
		write_one(w, state);
		pthread_mutex_lock(&w->lock);
		w->busy = 0;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct state_writer *state_writer_start(const char *dir)
{
	struct state_writer *w = calloc(1, sizeof(*w));

	if (w == NULL || (w->dir = strdup(dir)) == NULL) {
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->cond);
		free(w->dir);
		free(w);
		return NULL;
	}
	return w;
}

/* Drop what the writer has finished with; the loop's thread, lock held. */
static void collect(struct state_writer *w)
{
	json_decref(w->done[0]);
	json_decref(w->done[1]);
	w->done[0] = w->done[1] = NULL;
}

void state_writer_submit(struct state_writer *w, json_t *state)
{
	pthread_mutex_lock(&w->lock);
	collect(w);
	if (w->pending != NULL) {
		json_decref(w->pending);
		w->superseded++;
	}
	w->pending = json_incref(state);
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

int state_writer_wait(struct state_writer *w)
{
	int rc;

	pthread_mutex_lock(&w->lock);
	while (w->pending != NULL || w->busy)
		pthread_cond_wait(&w->cond, &w->lock);
	collect(w);
	rc = w->last_failed ? -1 : 0;
	pthread_mutex_unlock(&w->lock);
	return rc;
}

json_t *state_writer_stats(struct state_writer *w)
{
	json_t *o;

	pthread_mutex_lock(&w->lock);
	o = json_pack("{s:I,s:I,s:I,s:f,s:f}", "written", (json_int_t)w->written,
	    "failed", (json_int_t)w->failed, "superseded", (json_int_t)w->superseded,
	    "last_ms", w->last_ms, "max_ms", w->max_ms);
	pthread_mutex_unlock(&w->lock);
	return o;
}

void state_writer_stop(struct state_writer *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	collect(w);
	json_decref(w->pending);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w->dir);
	free(w);
}
