// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 000 under the tracer: write 16 bytes, dup the fd eight times, read
 * from every mirror (all at EOF: the offset they share is 16), lseek the
 * base back to 0 and read 15 bytes. When /proc/fdmodel exists, print its
 * fd lines for this process while all nine fds are open, so the checker
 * can join the trace's file= ids with the module's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "scenario.h"

#define MIRRORS	8

int main(void)
{
	char path[] = "/tmp/fdmodel-fanout-XXXXXX", buf[16];
	int base, fds[MIRRORS], i;

	base = mkstemp(path);
	if (base < 0 || write(base, "0123456789abcdef", 16) != 16)
		die("fanout: create");
	unlink(path);
	for (i = 0; i < MIRRORS; i++) {
		fds[i] = dup(base);
		if (fds[i] < 0)
			die("fanout: dup");
	}
	say("base=%d", base);
	fdmodel_dump();
	for (i = 0; i < MIRRORS; i++)
		if (read(fds[i], buf, sizeof(buf)) != 0)
			die("fanout: mirror read");
	if (lseek(base, 0, SEEK_SET) || read(base, buf, 15) != 15)
		die("fanout: base read");
	return 0;
}
