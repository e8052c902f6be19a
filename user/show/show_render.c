// SPDX-License-Identifier: GPL-2.0
/*
 * --svg and --png: the DOT view piped into Graphviz's dot. dot is run
 * with execvp, never through a shell, so a file name is just a name.
 * `fdmodel trace --html` pipes all its steps' graphs through one dot,
 * whose -o takes the first graph's output only: dot writes to its
 * stdout, the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "show.h"

int dot_render(void (*emit)(const void *ctx, FILE *to), const void *ctx,
	       const char *format, const char *file, const char *who)
{
	char fmt[16];
	int pfd[2], status, fd;
	FILE *to;
	pid_t pid;

	snprintf(fmt, sizeof(fmt), "-T%s", format);
	if (pipe(pfd)) {
		fprintf(stderr, "%s: pipe: %s\n", who, strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", who, strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return 1;
	}
	if (!pid) {
		fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", who, file,
				strerror(errno));
			_exit(127);
		}
		dup2(pfd[0], 0);
		dup2(fd, 1);
		close(pfd[0]);
		close(pfd[1]);
		close(fd);
		execlp("dot", "dot", fmt, (char *)NULL);
		if (errno == ENOENT)
			fprintf(stderr, "%s: dot not found: install graphviz "
				"(apt-get install graphviz)\n", who);
		else
			fprintf(stderr, "%s: dot: %s\n", who, strerror(errno));
		_exit(127);
	}
	close(pfd[0]);
	/* If dot is missing it exits before reading: no SIGPIPE for us. */
	signal(SIGPIPE, SIG_IGN);
	to = fdopen(pfd[1], "w");
	if (to) {
		emit(ctx, to);
		fclose(to);
	} else {
		close(pfd[1]);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
			fprintf(stderr, "%s: dot failed to write %s\n", who,
				file);
		return 1;
	}
	return 0;
}

static void write_dot(const void *m, FILE *to)
{
	show_dot(m, to);
}

int show_render(const struct model *m, const char *format, const char *file)
{
	return dot_render(write_dot, m, format, file, "fdmodel show");
}
