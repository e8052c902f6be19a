// SPDX-License-Identifier: GPL-2.0
/* Helper processes and scratch directories. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
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

/*
 * Point fds 0-2 at /dev/null: inherited stdio is the test's TAP pipe,
 * whose pipe_bytes= moves as the runner reads it, and a quiescent child
 * must list the same bytes every time.
 */
static void quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR), i;

	for (i = 0; i < 3 && fd >= 0; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

pid_t spawn_quiet(int (*fn)(void *arg), void *arg)
{
	pid_t pid;

	/* Buffered TAP output must not be duplicated into the child. */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		die_with_parent();
		quiet_stdio();
		_exit(fn(arg));
	}
	return pid < 0 ? -1 : pid;
}

struct stop_after {
	void (*fn)(void *arg);
	void *arg;
};

static int run_then_stop(void *arg)
{
	const struct stop_after *s = arg;

	if (s->fn)
		s->fn(s->arg);
	raise(SIGSTOP);
	for (;;)
		pause();
	return 0;
}

pid_t spawn_stopped(void (*fn)(void *arg), void *arg)
{
	struct stop_after s = { fn, arg };
	pid_t pid = spawn_quiet(run_then_stop, &s);
	int status;

	if (pid < 0)
		return -1;
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

/*
 * Poll until @pid sits in system call @nr (/proc/PID/syscall), e.g. an
 * exec'd sleep(1) that has finished starting up and closed what its
 * dynamic loader opened.
 */
bool wait_in_syscall(pid_t pid, long nr)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char path[64], buf[256];
	int i;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	for (i = 0; i < 1000; i++) {
		if (read_file(path, buf, sizeof(buf)) > 0 &&
		    strtol(buf, NULL, 10) == nr)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

/* The state letter of /proc/PID/task/TID/stat (R, S, D, Z, ...), or 0. */
char proc_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *paren;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid,
		 (int)(tid ? tid : pid));
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return 0;
	/* comm may hold spaces and parentheses: the state follows the last. */
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

/* Poll, for at most @secs seconds, until (pid, tid) is in state @state. */
bool wait_state(pid_t pid, pid_t tid, char state, int secs)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < secs * 100; i++) {
		if (proc_state(pid, tid) == state)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

/*
 * Poll, for at most @secs seconds, until @pid has exited; its status in
 * *@status. False when it is still running then.
 */
bool wait_exit(pid_t pid, int *status, int secs)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < secs * 100; i++) {
		if (waitpid(pid, status, WNOHANG) == pid)
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
