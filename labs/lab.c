// SPDX-License-Identifier: GPL-2.0
/* The shared part of the lab programs (lab.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lab.h"

#define MAX_ARGS	16

void lab_check(int ok, const char *what)
{
	if (!ok) {
		perror(what);
		exit(1);
	}
}

void lab_show(const char *title, pid_t also, ...)
{
	char self[16], other[16], *argv[MAX_ARGS + 8];
	const char *fdmodel = getenv("FDMODEL") ?: "fdmodel";
	int argc = 0, status;
	va_list ap;
	pid_t pid;

	snprintf(self, sizeof(self), "%d", (int)getpid());
	snprintf(other, sizeof(other), "%d", (int)also);
	argv[argc++] = (char *)fdmodel;
	argv[argc++] = "show";
	argv[argc++] = "-p";
	argv[argc++] = self;
	if (also) {
		argv[argc++] = "-p";
		argv[argc++] = other;
	}
	va_start(ap, also);
	while (argc < MAX_ARGS && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;

	printf("\n== %s ==\n", title);
	/* The output so far must come before fdmodel's. */
	fflush(stdout);
	pid = fork();
	lab_check(pid >= 0, "fork");
	if (!pid) {
		/*
		 * fdmodel must not inherit our fds 3 and up: it would hold
		 * our open files too and add to their refs.
		 */
		close_range(3, ~0U, 0);
		execvp(fdmodel, argv);
		perror(fdmodel);
		_exit(127);
	}
	lab_check(waitpid(pid, &status, 0) == pid, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		exit(1);
	printf("\n");
	fflush(stdout);
}
