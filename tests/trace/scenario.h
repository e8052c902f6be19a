/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the trace scenarios: programs with known behaviour whose
 * events tests/trace/trace_test.py asserts. They tell the checker what it
 * needs to know (pids, fds) as key=value lines, appended to the file
 * $SCENARIO_OUT (stdout without it), so they never mix with the trace
 * the collector writes on the same stdout.
 */
#ifndef FDMODEL_TRACE_SCENARIO_H
#define FDMODEL_TRACE_SCENARIO_H

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void die(const char *what)
{
	perror(what);
	exit(1);
}

/* One key=value line for the checker, written in one write(). */
static inline void say(const char *fmt, ...)
{
	static int fd = -1;
	char line[4096];
	const char *path;
	va_list ap;
	int n;

	if (fd < 0) {
		path = getenv("SCENARIO_OUT");
		fd = path ? open(path, O_WRONLY | O_APPEND | O_CREAT |
				 O_CLOEXEC, 0644) : 1;
		if (fd < 0)
			die("SCENARIO_OUT");
	}
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	if (write(fd, line, n) != n)
		die("say");
}

/* Open fds of this process, as a fork would copy them. */
static inline int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		die("/proc/self/fd");
	while (readdir(d))
		n++;
	closedir(d);
	return n - 3;	/* ".", ".." and the directory's own fd */
}

/* This process's lines of /proc/fdmodel, prefixed "fdmodel: ", if any. */
static inline void fdmodel_dump(void)
{
	char line[4096], want[32];
	FILE *f = fopen("/proc/fdmodel", "re");

	if (!f)
		return;
	snprintf(want, sizeof(want), " pid=%d ", getpid());
	while (fgets(line, sizeof(line), f))
		if (strstr(line, want))
			say("fdmodel: %.*s", (int)strcspn(line, "\n"), line);
	fclose(f);
}

/*
 * The file position of fd as the kernel's own fdinfo shows it: a door
 * that makes no lseek, which a trace of seek events would see.
 */
static inline long long fdinfo_pos(int fd)
{
	char path[64];
	long long pos = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f || fscanf(f, "pos: %lld", &pos) != 1)
		die("fdinfo pos");
	fclose(f);
	return pos;
}

#endif /* FDMODEL_TRACE_SCENARIO_H */
