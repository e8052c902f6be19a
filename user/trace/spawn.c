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
#include "spawn.h"

static void child(char **argv, int err_fd)
{
	int err;

	raise(SIGSTOP);
	execvp(argv[0], argv);
	err = errno;
	if (write(err_fd, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

int spawn_stopped(char **argv, struct spawn *s)
{
	int err[2], status, ret;

	if (pipe2(err, O_CLOEXEC))
		return -errno;
	s->pid = fork();
	if (s->pid < 0) {
		ret = -errno;
		goto close_pipe;
	}
	if (!s->pid) {
		close(err[0]);
		child(argv, err[1]);
	}
	close(err[1]);
	s->err_fd = err[0];
	while (waitpid(s->pid, &status, WUNTRACED) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFSTOPPED(status)) {
		close(s->err_fd);
		return -ECHILD;
	}
	return 0;

close_pipe:
	close(err[0]);
	close(err[1]);
	return ret;
}

int spawn_release(struct spawn *s)
{
	int err = 0;
	ssize_t n;

	kill(s->pid, SIGCONT);
	do {
		n = read(s->err_fd, &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(s->err_fd);
	s->err_fd = -1;
	if (n == sizeof(err)) {
		waitpid(s->pid, NULL, 0);
		return err;
	}
	return 0;
}

void spawn_abandon(struct spawn *s)
{
	kill(s->pid, SIGKILL);
	close(s->err_fd);
	waitpid(s->pid, NULL, 0);
}
