// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 003: "a pipe is a kernel buffer connecting two file descriptors",
 * and "when ls exits (closes write end), grep gets EOF". A pipe is one
 * inode with two open file descriptions, one per end, and any number of
 * fd slots in any number of processes may hold them. The reader sees EOF
 * only when the last reference to the write end is gone: a forked child
 * that still holds a copy keeps the pipe open for writing.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lab.h"

/* What poll says about the read end right now, without waiting. */
static const char *read_end_state(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	lab_check(poll(&p, 1, 0) >= 0, "poll");
	if (p.revents & POLLHUP)
		return "EOF (no writer left)";
	return p.revents & POLLIN ? "data to read" : "nothing yet, no EOF";
}

int main(int argc, char **argv)
{
	int p[2], unread;
	char buf[8];
	pid_t child;

	lab_traced(argc, argv);
	lab_check(!pipe(p), "pipe");
	lab_check(write(p[1], "hello", 5) == 5, "write");
	lab_check(!ioctl(p[0], FIONREAD, &unread), "FIONREAD");
	printf("pipe: read end fd %d, write end fd %d; wrote 5 bytes\n",
	       p[0], p[1]);
	printf("FIONREAD on the read end: %d, F_GETPIPE_SZ: %d\n", unread,
	       fcntl(p[0], F_GETPIPE_SZ));
	lab_show("one pipe: one inode, two open files, 5 bytes unread",
		 0, "-t", "fifo", NULL);

	child = fork();
	lab_check(child >= 0, "fork");
	if (!child) {
		/* Hold the inherited copies of both ends, and nothing else. */
		for (;;)
			pause();
	}
	/* What "ls exits" does to the parent's table: its write end goes. */
	lab_check(!close(p[1]), "close");
	printf("parent closed its write end fd %d; the child still has a "
	       "copy\n", p[1]);
	lab_show("after fork and the parent's close: still 1 writer",
		 child, "-t", "fifo", NULL);

	lab_check(read(p[0], buf, sizeof(buf)) == 5, "read");
	printf("parent read the 5 bytes; read end now: %s\n",
	       read_end_state(p[0]));
	kill(child, SIGKILL);
	lab_check(waitpid(child, NULL, 0) == child, "waitpid");
	printf("child gone, its copy of the write end closed; read end now: "
	       "%s\n", read_end_state(p[0]));
	printf("read() returns %zd\n", read(p[0], buf, sizeof(buf)));
	lab_trace_self("fdmodel trace --model: the same calls, traced, and what each changed",
		       NULL);
	return 0;
}
