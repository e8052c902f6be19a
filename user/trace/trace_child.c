// SPDX-License-Identifier: GPL-2.0
/*
 * `fdmodel trace -- CMD`: fork CMD and have it stop itself (SIGSTOP)
 * before exec, so its pid joins the kernel-side filter before it runs a
 * single instruction of CMD; then continue it. Stopping, unlike waiting
 * on a pipe, makes no read the trace would show. A close-on-exec pipe
 * reports a failed exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "trace_child.h"

static void child_exec(char **argv, int err_fd)
{
	int err;

	raise(SIGSTOP);
	execvp(argv[0], argv);
	err = errno;
	if (write(err_fd, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

int child_fork_held(char **argv, struct child *c)
{
	int err[2], status, ret;

	if (pipe2(err, O_CLOEXEC))
		return -errno;
	c->pid = fork();
	if (c->pid < 0) {
		ret = -errno;
		goto close_pipe;
	}
	if (!c->pid) {
		close(err[0]);
		child_exec(argv, err[1]);
	}
	close(err[1]);
	c->err_fd = err[0];
	while (waitpid(c->pid, &status, WUNTRACED) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFSTOPPED(status)) {
		close(c->err_fd);
		return -ECHILD;
	}
	return 0;

close_pipe:
	close(err[0]);
	close(err[1]);
	return ret;
}

int child_release(struct child *c)
{
	int err = 0;
	ssize_t n;

	kill(c->pid, SIGCONT);
	do {
		n = read(c->err_fd, &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(c->err_fd);
	c->err_fd = -1;
	if (n == sizeof(err)) {
		waitpid(c->pid, NULL, 0);
		return err;
	}
	return 0;
}

void child_abandon(struct child *c)
{
	kill(c->pid, SIGKILL);
	close(c->err_fd);
	waitpid(c->pid, NULL, 0);
}
