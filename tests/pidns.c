// SPDX-License-Identifier: GPL-2.0
/*
 * Pid namespaces: a reader sees pids "as seen from the reader's pid
 * namespace". A reader that is pid 1 of a new namespace must see its own
 * namespace only, under the pids getpid() and getppid() give there (its
 * parent is outside: ppid 0), and its filter takes those pids too.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "snapshot.h"
#include "proc.h"
#include "tap.h"

/* What pid 1 of the new namespace found, sent back in one piece. */
struct ns_report {
	int snap_err, filter_err, outer_err, valid;
	int tasks, other_tasks, one_ok, two_ok, filtered_tasks;
	char one[256], two[256];
};

static void copy_line(char *dst, const struct fm_line *l)
{
	snprintf(dst, 256, "%s", l ? l->text : "(none)");
}

/* pid 1 of the namespace: fork pid 2, read, report to @out. */
static int ns_init(pid_t outer_parent, int out)
{
	struct ns_report r = { 0 };
	const struct fm_line *t1, *t2;
	struct fm_snap s;
	int sync[2], fd;
	char c;
	size_t i;
	pid_t two;

	prctl(PR_SET_NAME, "fdm-ns-init");
	if (pipe(sync))
		return 1;
	two = fork();
	if (two == 0) {
		prctl(PR_SET_NAME, "fdm-ns-two");
		(void)!write(sync[1], "", 1);
		for (;;)
			pause();
	}
	if (two < 0 || read(sync[0], &c, 1) != 1)
		return 1;
	r.snap_err = fm_snapshot(&s, 0);
	if (!r.snap_err) {
		r.valid = fm_validate(&s, NULL, 0) == 0;
		r.tasks = fm_count(&s, FM_TASK, 0);
		for (i = 0; i < s.nline; i++)
			if (s.line[i].kind == FM_TASK &&
			    fm_numd(&s.line[i], "pid") > 2)
				r.other_tasks++;
		t1 = fm_task(&s, 1, 0);
		t2 = fm_task(&s, 2, 0);
		copy_line(r.one, t1);
		copy_line(r.two, t2);
		r.one_ok = getpid() == 1 && getppid() == 0 && t1 &&
			   fm_is(t1, "comm", "fdm-ns-init") &&
			   fm_numd(t1, "ppid") == 0;
		r.two_ok = two == 2 && t2 && fm_is(t2, "comm", "fdm-ns-two") &&
			   fm_numd(t2, "ppid") == 1;
		fm_free(&s);
	}
	r.filter_err = fm_snapshot(&s, 2);
	if (!r.filter_err) {
		r.filtered_tasks = fm_count(&s, FM_TASK, 0);
		r.two_ok &= fm_task(&s, 2, 0) != NULL;
		fm_free(&s);
	}
	/* The parent's pid outside means nothing in here. */
	fd = fm_open(outer_parent);
	r.outer_err = fd < 0 ? -fd : 0;
	if (fd >= 0)
		close(fd);
	kill(two, SIGKILL);
	return write(out, &r, sizeof(r)) == sizeof(r) ? 0 : 1;
}

int main(void)
{
	struct ns_report r;
	pid_t outer = getpid(), child;
	int p[2], status;

	tap_plan(6);
	TAP_REQUIRE(!pipe(p), "pipe");
	if (unshare(CLONE_NEWPID)) {
		for (status = 0; status < 6; status++)
			tap_skip("no new pid namespace: %s", strerror(errno));
		tap_exit();
	}
	fflush(NULL);
	child = fork();
	TAP_REQUIRE(child >= 0, "fork into the new namespace");
	if (child == 0) {
		die_with_parent();
		close(p[0]);
		_exit(ns_init(outer, p[1]));
	}
	close(p[1]);
	memset(&r, 0, sizeof(r));
	TAP_REQUIRE(read(p[0], &r, sizeof(r)) == sizeof(r), "the report");
	waitpid(child, &status, 0);
	tap_ok(r.snap_err == 0 && r.valid, "pid 1 of a new pid namespace reads a "
	       "valid listing (%s)", strerror(-r.snap_err));
	tap_ok(r.tasks == 2 && r.other_tasks == 0,
	       "it lists its namespace only: %d task lines", r.tasks);
	tap_diag("pid 1: %s", r.one);
	tap_diag("pid 2: %s", r.two);
	tap_ok(r.one_ok, "its own task line says pid=1, ppid=0 (the parent is "
	       "outside), as getpid() and getppid() say");
	tap_ok(r.two_ok, "its child is pid=2 ppid=1, in the full and the "
	       "filtered listing");
	tap_ok(r.filter_err == 0 && r.filtered_tasks == 1,
	       "\"pid 2\" filters by the namespace's pid");
	tap_ok(r.outer_err == ESRCH,
	       "\"pid %d\" (a pid outside) is no such process in there (%s)",
	       (int)outer, strerror(r.outer_err));
	tap_exit();
}
