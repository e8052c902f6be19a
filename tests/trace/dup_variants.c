// SPDX-License-Identifier: GPL-2.0
/*
 * dup2 over an open fd (the event names the file it closed), dup3 with
 * O_CLOEXEC, fcntl F_DUPFD and F_DUPFD_CLOEXEC. A 0-byte read on each fd
 * first makes the trace show each file's id.
 */
#include <fcntl.h>
#include "scenario.h"

int main(void)
{
	int a = open("/dev/null", O_RDONLY), b = open("/dev/zero", O_RDONLY);
	int c, d, e;
	char buf[1];

	if (a < 0 || b < 0)
		die("variants: open");
	if (read(a, buf, 0) || read(b, buf, 0))
		die("variants: read");
	if (dup2(a, b) != b)			/* closes /dev/zero */
		die("variants: dup2");
	/* right after a dup2 that replaced a file: F_DUPFD replaces none */
	d = fcntl(a, F_DUPFD, 30);
	c = dup3(a, 20, O_CLOEXEC);
	e = fcntl(a, F_DUPFD_CLOEXEC, 40);
	if (c != 20 || d < 30 || e < 40)
		die("variants: dup3/fcntl");
	say("a=%d b=%d c=%d d=%d e=%d", a, b, c, d, e);
	return 0;
}
