/*
 * state_writer.h - state.json written off the capture thread.
 *
 * Every interval the capture loop builds the state (the engine's report
 * plus the daemon's sections: a snapshot in memory) and hands it here;
 * serialising it, writing it and fsync(2) happen on this writer's thread.
 * At 1,000 members and 65,536 MACs that is most of an interval's cost
 * (bench/bench_state), and fsync on a busy disk has no bound at all: on
 * the capture thread it held frames in the kernel until they were dropped.
 *
 * One state waits at most: a newer one replaces a waiting one (counted as
 * superseded), since a reader only ever wants the newest.  The state is
 * shared, not copied: the loop never changes a state after handing it
 * over, only reads it (the next interval's window); the writer only reads
 * it too and hands it back, and the loop drops it (state_writer.c).
 */
#ifndef IXMON_DAEMON_STATE_WRITER_H
#define IXMON_DAEMON_STATE_WRITER_H

#include <jansson.h>

struct state_writer;

/* Start the thread writing DIR/state.json; NULL when it cannot start. */
struct state_writer *state_writer_start(const char *dir);
/* Queue `state` (a reference is taken) and return at once. */
void state_writer_submit(struct state_writer *w, json_t *state);
/*
 * Wait until everything handed over is written: 0, or -1 when the last
 * write failed (the final state of a run: the exit status says so).
 */
int state_writer_wait(struct state_writer *w);
/* Its counters for run.state_writer (a new reference). */
json_t *state_writer_stats(struct state_writer *w);
/* Write what waits, stop the thread, free; NULL is fine. */
void state_writer_stop(struct state_writer *w);

#endif
