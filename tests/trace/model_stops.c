// SPDX-License-Identifier: GPL-2.0
/*
 * The live model's scenario: a program that stops itself (raise(SIGSTOP),
 * as a debugger stop) after each change worth a look, for the test to
 * compare `fdmodel trace --model`'s picture with what the kernel's own
 * doors say while it is stopped:
 *
 *   dup       open a file, write, dup it, a dup3 with O_CLOEXEC, an
 *             epoll set watching a pipe, a shared mapping of the file
 *   fork      a child with a copied table reads on the shared offset
 *   files     a clone(CLONE_FILES) child dups into the shared table
 *   range     close_range(CLOSE_RANGE_CLOEXEC), close_range of a range
 *   unshare   that child unshares its table, then closes an fd in it
 *   exec      exec of itself: close-on-exec slots go, the rest stay
 *
 * Each stop is said first ("stop=NAME pid=P"), so the test knows which
 * stop it is looking at. With "wait", it reads a byte from stdin before
 * the first stop: a tracer started with -p PID then finds the state of
 * the dup stage already made.
 */
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/close_range.h>
#include "scenario.h"

static void stop(const char *name)
{
	say("stop=%s pid=%d", name, getpid());
	raise(SIGSTOP);
}

static char stack[1 << 16];

/* The CLONE_FILES child: dup into the shared table, unshare, close. */
static int files_child(void *arg)
{
	int fd = *(int *)arg;

	if (dup2(fd, 40) != 40)
		die("files: dup2");
	stop("files");
	if (unshare(CLONE_FILES) || close(40))
		die("files: unshare");
	stop("unshare");
	return 0;
}

static void after_exec(void)
{
	stop("exec");
	exit(0);
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/fdmodel-model-XXXXXX", buf[4];
	int fd, ep, pfd[2], status;
	struct epoll_event ev = { .events = EPOLLIN };
	pid_t child;
	void *map;

	if (argc > 1 && !strcmp(argv[1], "exec"))
		after_exec();
	fd = mkstemp(path);
	if (fd < 0 || write(fd, "0123456789abcdef", 16) != 16)
		die("model: create");
	unlink(path);
	if (dup(fd) < 0 || dup3(fd, 20, O_CLOEXEC) != 20)
		die("model: dup");
	ep = epoll_create1(0);
	if (ep < 0 || pipe(pfd) ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev))
		die("model: epoll");
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED || lseek(fd, 4, SEEK_SET) != 4)
		die("model: mmap");
	say("fd=%d ep=%d", fd, ep);
	if (argc > 1 && !strcmp(argv[1], "wait") && read(0, buf, 1) != 1)
		die("model: wait");
	stop("dup");

	child = fork();
	if (child < 0)
		die("model: fork");
	if (!child) {
		if (read(fd, buf, 4) != 4)
			die("fork: read");
		stop("fork");
		_exit(0);
	}
	if (waitpid(child, &status, 0) != child)
		die("model: wait fork");

	child = clone(files_child, stack + sizeof(stack),
		      CLONE_FILES | SIGCHLD, &fd);
	if (child < 0 || waitpid(child, &status, 0) != child)
		die("model: clone");

	if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) ||
	    syscall(SYS_close_range, pfd[0], pfd[1], 0) || munmap(map, 4096))
		die("model: close_range");
	/* fd 40 stays: the child closed it in its own copy only. */
	if (fcntl(fd, F_SETFD, 0))
		die("model: keep fd");
	stop("range");

	execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
	die("model: exec");
}
