// SPDX-License-Identifier: GPL-2.0
/*
 * --svg and --png: the DOT view piped into Graphviz's dot. dot is run
 * with execvp, never through a shell, so a file name is just a name.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "show.h"

int show_render(const struct model *m, const char *format, const char *file)
{
	char fmt[16];
	int pfd[2], status;
	FILE *to;
	pid_t pid;

	snprintf(fmt, sizeof(fmt), "-T%s", format);
	if (pipe(pfd)) {
		perror("fdmodel show: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fdmodel show: fork");
		close(pfd[0]);
		close(pfd[1]);
		return 1;
	}
	if (!pid) {
		dup2(pfd[0], 0);
		close(pfd[0]);
		close(pfd[1]);
		execlp("dot", "dot", fmt, "-o", file, (char *)NULL);
		if (errno == ENOENT)
			fprintf(stderr, "fdmodel show: dot not found: install "
				"graphviz (apt-get install graphviz)\n");
		else
			perror("fdmodel show: dot");
		_exit(127);
	}
	close(pfd[0]);
	/* If dot is missing it exits before reading: no SIGPIPE for us. */
	signal(SIGPIPE, SIG_IGN);
	to = fdopen(pfd[1], "w");
	if (to) {
		show_dot(m, to);
		fclose(to);
	} else {
		close(pfd[1]);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
			fprintf(stderr, "fdmodel show: dot failed to write %s\n",
				file);
		return 1;
	}
	return 0;
}
