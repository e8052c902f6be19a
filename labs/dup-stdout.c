// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 001: dup(1), close(1). The seed says that after closing stdout
 * "there is no way back". There is: the copy still holds the open file
 * description, and dup2(copy, 1) puts it back in slot 1. Close-on-exec,
 * on the other hand, is per slot and is not copied by dup.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include "lab.h"

/* Set under the tracer: then the lab writes nothing. */
static int quiet;

static void say(int fd, const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	if (vdprintf(fd, fmt, ap) < 0)
		dprintf(2, "write to fd %d failed: %m\n", fd);
	va_end(ap);
}

int main(int argc, char **argv)
{
	int copy, cloexec;

	quiet = lab_traced(argc, argv);
	/* Output goes through write(2) only: no stdio buffer to confuse. */
	setvbuf(stdout, NULL, _IONBF, 0);
	copy = dup(1);
	lab_check(copy >= 0, "dup");
	lab_check(!fcntl(copy, F_SETFD, FD_CLOEXEC), "F_SETFD");
	say(copy, "copy of stdout is fd %d (close-on-exec set on it alone)\n",
	    copy);
	cloexec = fcntl(1, F_GETFD) & FD_CLOEXEC;
	say(copy, "fd 1 close-on-exec: %d\n", cloexec);

	close(1);
	if (write(1, "x", 1) < 0)
		say(copy, "after close(1): write(1) fails: %m\n");
	say(copy, "but the copy still writes\n");

	lab_check(dup2(copy, 1) == 1, "dup2");
	say(1, "after dup2(copy, 1): stdout is back\n");
	lab_show("fd 1 and the copy: one open file, cloexec only on the copy",
		 0, NULL);
	lab_trace_self("fdmodel trace --model: the same calls, traced, and what each changed",
		       NULL);
	return 0;
}
