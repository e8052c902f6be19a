// SPDX-License-Identifier: GPL-2.0
/* Helper processes and scratch directories. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oracle.h"
#include "proc.h"

void die_with_parent(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

pid_t spawn_stopped(void (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid;

	/* Buffered TAP output must not be duplicated into the child. */
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		die_with_parent();
		if (fn)
			fn(arg);
		raise(SIGSTOP);
		for (;;)
			pause();
	}
	if (waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status)) {
		reap(pid);
		return -1;
	}
	return pid;
}

void reap(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* Poll (by count, not wall time) until /proc/PID/comm reads @comm. */
bool wait_comm(pid_t pid, const char *comm)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char buf[64];
	int i;

	for (i = 0; i < 1000; i++) {
		if (proc_comm(pid, 0, buf, sizeof(buf)) > 0 &&
		    !strcmp(buf, comm))
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

char *make_tmpdir(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/fdmodel-test.XXXXXX");
	return mkdtemp(dir);
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void remove_tree(const char *dir)
{
	if (dir)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int raise_nofile(unsigned long n)
{
	struct rlimit rl = { .rlim_cur = n, .rlim_max = n };

	return setrlimit(RLIMIT_NOFILE, &rl) ? -errno : 0;
}
