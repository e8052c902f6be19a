// SPDX-License-Identifier: GPL-2.0
/*
 * floor tp|fentry: attach the empty programs of floor.bpf.c, on the raw
 * syscall tracepoints (tp) or on pread64's fentry and fexit, say
 * "attached" on stderr, and hold them until SIGINT or SIGTERM. The
 * benchmark runs its flood meanwhile: the cost of the attach points
 * alone, which no probe on them can go below.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "floor.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig __attribute__((unused)))
{
	stop = 1;
}

int main(int argc, char **argv)
{
	struct floor_bpf *skel;
	sigset_t mask, old;
	bool tp;
	int err = 1;

	if (argc != 2 || (strcmp(argv[1], "tp") && strcmp(argv[1], "fentry"))) {
		fprintf(stderr, "usage: floor tp|fentry\n");
		return 1;
	}
	tp = !strcmp(argv[1], "tp");
	skel = floor_bpf__open();
	if (!skel) {
		fprintf(stderr, "floor: cannot open the BPF object\n");
		return 1;
	}
	bpf_program__set_autoload(skel->progs.floor_enter, tp);
	bpf_program__set_autoload(skel->progs.floor_exit, tp);
	bpf_program__set_autoload(skel->progs.floor_fentry, !tp);
	bpf_program__set_autoload(skel->progs.floor_fexit, !tp);
	if (floor_bpf__load(skel) || floor_bpf__attach(skel)) {
		fprintf(stderr, "floor: cannot load or attach the %s programs\n",
			argv[1]);
		goto out;
	}
	/* Blocked until sigsuspend(), so that no signal falls between. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "attached\n");
	while (!stop)
		sigsuspend(&old);
	err = 0;
out:
	floor_bpf__destroy(skel);
	return err;
}
