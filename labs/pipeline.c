// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 003: `ls /etc | grep conf` as bash really runs it, under `fdmodel
 * trace --model`: the pipe, the two forks, each child's dup2 of its end
 * into fd 0 or 1 and its closes, the execs, and grep's EOF when ls, the
 * last writer, is gone. grep's output goes to a file: its lines and the
 * tracer's would interleave differently on each run (and to /dev/null
 * GNU grep stops at the first match, without reading to EOF).
 */
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include "lab.h"

#define PIPELINE	"ls /etc | grep conf >/tmp/pipeline.out"

/*
 * ls and grep run at once, and the order of their events would be a race.
 * On one CPU, under SCHED_FIFO (which bash, ls and grep inherit), a task
 * runs until it blocks: the order is the same on each run, given that no
 * file has to be read from disk, hence a first, untraced run.
 */
static void one_at_a_time(void)
{
	struct sched_param fifo = { .sched_priority = 1 };
	cpu_set_t one;

	lab_check(system("bash -c '" PIPELINE "'") == 0, "untraced run");
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	lab_check(!sched_setaffinity(0, sizeof(one), &one),
		  "sched_setaffinity");
	lab_check(!sched_setscheduler(0, SCHED_FIFO, &fifo),
		  "sched_setscheduler");
}

int main(int argc, char **argv)
{
	char *cmd[] = { "bash", "-c", PIPELINE, NULL };

	/* No locale files for bash, ls and grep to open. */
	lab_check(!setenv("LC_ALL", "C", 1), "setenv");
	one_at_a_time();
	if (lab_traced(argc, argv)) {
		/* Under labs/pages' tracer: bash itself, as traced here. */
		execvp(cmd[0], cmd);
		lab_check(0, cmd[0]);
	}
	lab_trace("fdmodel trace --model -- bash -c '" PIPELINE "'", NULL,
		  cmd);
	unlink("/tmp/pipeline.out");
	return 0;
}
