// SPDX-License-Identifier: GPL-2.0
/* The shared part of the lab programs (lab.h). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lab.h"

#define MAX_ARGS	16

static int traced;

void lab_check(int ok, const char *what)
{
	if (!ok) {
		perror(what);
		exit(1);
	}
}

/*
 * Run fdmodel with @argv and wait for it; a failure ends the lab, as the
 * walkthrough would show a partial picture.
 */
static void run_fdmodel(char **argv)
{
	int status;
	pid_t pid;

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
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	lab_check(waitpid(pid, &status, 0) == pid, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		exit(1);
	printf("\n");
	fflush(stdout);
}

static char *fdmodel_path(void)
{
	return getenv("FDMODEL") ?: "fdmodel";
}

void lab_show(const char *title, pid_t also, ...)
{
	char self[16], other[16], *argv[MAX_ARGS + 8];
	int argc = 0;
	va_list ap;

	if (traced)
		return;
	snprintf(self, sizeof(self), "%d", (int)getpid());
	snprintf(other, sizeof(other), "%d", (int)also);
	argv[argc++] = fdmodel_path();
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
	run_fdmodel(argv);
}

void lab_trace(const char *title, const char *events, char *const cmd[])
{
	char *argv[MAX_ARGS + 8];
	int argc = 0;

	argv[argc++] = fdmodel_path();
	argv[argc++] = "trace";
	if (events) {
		argv[argc++] = "-e";
		argv[argc++] = (char *)events;
	} else {
		argv[argc++] = "--model";
	}
	argv[argc++] = "--";
	while (argc < MAX_ARGS && *cmd)
		argv[argc++] = *cmd++;
	argv[argc] = NULL;

	printf("\n== %s ==\n", title);
	run_fdmodel(argv);
}

static ssize_t discard(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	return size;
}

int lab_traced(int argc, char **argv)
{
	cookie_io_functions_t io = { .write = discard };
	FILE *null;

	if (argc < 2 || strcmp(argv[1], "--traced"))
		return 0;
	null = fopencookie(NULL, "w", io);
	lab_check(null != NULL, "fopencookie");
	stdout = null;
	traced = 1;
	return 1;
}

void lab_trace_self(const char *title, const char *events)
{
	char self[PATH_MAX], *cmd[] = { self, "--traced", NULL };
	ssize_t len;

	if (traced)
		return;
	/* The tracer runs this program by path, not as /proc/self/exe. */
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	lab_check(len > 0, "readlink /proc/self/exe");
	self[len] = '\0';
	lab_trace(title, events, cmd);
}
