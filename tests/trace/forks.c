// SPDX-License-Identifier: GPL-2.0
/*
 * Every way to make a task: glibc's fork() (a clone underneath), the
 * fork, vfork, clone and clone3 syscalls, a thread, and a grandchild.
 * Each new task reads 0 bytes from /dev/null so the trace shows it ran.
 * With "wait" as argument, first blocks on stdin until the tracer is up.
 */
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "scenario.h"

static int devnull;

static void mark(void)
{
	char c;

	if (read(devnull, &c, 1))
		die("forks: read");
}

static void *thread_main(void *arg)
{
	(void)arg;
	say("thread=%ld", (long)syscall(SYS_gettid));
	mark();
	return NULL;
}

static void report(const char *how, pid_t pid)
{
	if (pid < 0)
		die(how);
	if (!pid) {
		mark();
		_exit(0);
	}
	say("%s=%d", how, pid);
	waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	pthread_t thread;
	char c;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "wait") && read(0, &c, 1) != 1)
		die("forks: wait");
	devnull = open("/dev/null", O_RDONLY);
	if (devnull < 0)
		die("forks: open");
	say("parent=%d", getpid());
	say("fds=%d", count_fds());	/* after say() opened its fd */
	report("glibc_fork", fork());
	report("fork", syscall(SYS_fork));
	pid = vfork();
	if (!pid)
		_exit(0);
	report("vfork", pid);
	report("clone", syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0));
	report("clone3", syscall(SYS_clone3, &args, sizeof(args)));
	if (pthread_create(&thread, NULL, thread_main, NULL) ||
	    pthread_join(thread, NULL))
		die("forks: thread");
	pid = fork();
	if (!pid) {
		report("grandchild", fork());
		_exit(0);
	}
	report("child", pid);
	return 0;
}
