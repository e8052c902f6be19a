// SPDX-License-Identifier: GPL-2.0
/*
 * floor tp|ring|fentry: attach the programs of floor.bpf.c, say
 * "attached" on stderr, and hold them until SIGINT or SIGTERM; the
 * benchmark runs its flood meanwhile.
 *
 *   tp      empty programs on the raw sys_enter and sys_exit tracepoints
 *   ring    the same, and a record of the time per pread64 at its exit, read
 *           as the collector reads its ring (user/trace/trace_ring.c);
 *           says "records=N" at the end
 *   fentry  empty programs on pread64's fentry and fexit
 *
 * What the flood pays then is what any tracer on those attach points
 * pays before its probes do any work of their own.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "floor.skel.h"
#include "trace/trace_ring.h"

#define POLL_MS		50	/* as the collector's tick */

static volatile sig_atomic_t stop;

static void on_signal(int sig __attribute__((unused)))
{
	stop = 1;
}

static int count_record(void *ctx, void *data __attribute__((unused)),
			size_t size __attribute__((unused)))
{
	(*(long *)ctx)++;
	return 0;
}

/* Read the records until told to stop, then what is left. */
static int read_records(struct floor_bpf *skel)
{
	struct trace_ring *ring;
	long records = 0;

	ring = trace_ring_new(bpf_map__fd(skel->maps.records),
			      bpf_map__max_entries(skel->maps.records),
			      count_record, &records);
	if (!ring) {
		perror("floor: ring buffer");
		return -1;
	}
	while (!stop) {
		trace_ring_wait(ring, POLL_MS);
		trace_ring_consume(ring);
	}
	trace_ring_consume(ring);
	trace_ring_free(ring);
	fprintf(stderr, "records=%ld\n", records);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc == 2 ? argv[1] : "";
	bool tp = !strcmp(mode, "tp"), ring = !strcmp(mode, "ring");
	bool fentry = !strcmp(mode, "fentry");
	struct floor_bpf *skel;
	struct sigaction sa = { .sa_handler = on_signal };
	int err = 1;

	if (!tp && !ring && !fentry) {
		fprintf(stderr, "usage: floor tp|ring|fentry\n");
		return 1;
	}
	skel = floor_bpf__open();
	if (!skel) {
		fprintf(stderr, "floor: cannot open the BPF object\n");
		return 1;
	}
	bpf_program__set_autoload(skel->progs.floor_enter, tp || ring);
	bpf_program__set_autoload(skel->progs.floor_exit, tp);
	bpf_program__set_autoload(skel->progs.ring_exit, ring);
	bpf_program__set_autoload(skel->progs.floor_fentry, fentry);
	bpf_program__set_autoload(skel->progs.floor_fexit, fentry);
	if (floor_bpf__load(skel) || floor_bpf__attach(skel)) {
		fprintf(stderr, "floor: cannot load or attach the %s programs\n",
			mode);
		goto out;
	}
	/* Checked at every tick: no signal can fall between check and wait. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "attached\n");
	if (ring) {
		err = read_records(skel) ? 1 : 0;
		goto out;
	}
	while (!stop)
		poll(NULL, 0, POLL_MS);
	err = 0;
out:
	floor_bpf__destroy(skel);
	return err;
}
