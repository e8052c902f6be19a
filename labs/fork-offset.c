// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 002: "file descriptors are shared after fork". What fork shares
 * is the open file descriptions; the fd table itself is copied. The child
 * reads on from where the parent stopped (one offset), but a close or a
 * new open in the child changes the child's table only.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lab.h"

/*
 * The two processes take turns through the pipes go and done, whose
 * bytes the trace shows. A read returns while the write that woke it has
 * not yet returned, and the trace lists calls as they return: on a
 * preemptible kernel the reader's event could come first. So each writer
 * also sends SIGUSR1 once its write has returned, and the reader waits
 * for it before reading: neither call is an event, and the events come
 * in the order the walkthrough shows on every kernel.
 */
static sigset_t turn;

static void pass_turn(pid_t to)
{
	lab_check(!kill(to, SIGUSR1), "kill");
}

static void wait_turn(void)
{
	int sig;

	lab_check(!sigwait(&turn, &sig), "sigwait");
}

int main(int argc, char **argv)
{
	int fd, go[2], done[2], extra;
	char buf[8] = "";
	pid_t child;

	lab_traced(argc, argv);

	fd = open("/tmp/fork-offset.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
	lab_check(fd >= 0, "open");
	dprintf(fd, "0123456789abcdef");
	lseek(fd, 0, SEEK_SET);
	lab_check(read(fd, buf, 5) == 5, "read");
	printf("parent read \"%s\": pos 5\n", buf);
	lab_check(!pipe(go) && !pipe(done), "pipe");
	sigemptyset(&turn);
	sigaddset(&turn, SIGUSR1);
	lab_check(!sigprocmask(SIG_BLOCK, &turn, NULL), "sigprocmask");
	fflush(stdout);

	child = fork();
	lab_check(child >= 0, "fork");
	if (!child) {
		memset(buf, 0, sizeof(buf));
		lab_check(read(fd, buf, 5) == 5, "child read");
		printf("child read \"%s\": it went on from 5\n", buf);
		extra = open("/dev/null", O_RDONLY);
		printf("child opened /dev/null as fd %d: only its table "
		       "changes\n", extra);
		fflush(stdout);
		lab_check(write(done[1], "x", 1) == 1, "write");
		pass_turn(getppid());
		wait_turn();
		lab_check(read(go[0], buf, 1) == 1, "read");
		_exit(0);
	}
	wait_turn();
	lab_check(read(done[0], buf, 1) == 1, "read");
	lab_show("parent and child: two fd tables, one open file at pos 10",
		 child, NULL);
	lab_check(write(go[1], "x", 1) == 1, "write");
	pass_turn(child);
	waitpid(child, NULL, 0);
	unlink("/tmp/fork-offset.txt");
	lab_trace_self("fdmodel trace --model: the same calls, traced, and what each changed",
		       NULL);
	return 0;
}
