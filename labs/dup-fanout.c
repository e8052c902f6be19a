// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 000, the dup fan-out: one open() and eight dup()s are nine fd
 * slots on one open file description, so one offset. The seed's sample
 * output has the first mirror read 15 bytes; it reads 0, because the
 * write already moved the shared offset to the end of the file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lab.h"

#define MIRRORS	8

int main(int argc, char **argv)
{
	int base, mirrors[MIRRORS], i;
	char buf[16];
	ssize_t rd;

	lab_traced(argc, argv);

	base = open("/tmp/fanout.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
	lab_check(base >= 0, "open /tmp/fanout.txt");
	dprintf(base, "HelloFromFanout!");
	for (i = 0; i < MIRRORS; i++) {
		mirrors[i] = dup(base);
		lab_check(mirrors[i] >= 0, "dup");
	}
	printf("base fd %d, mirrors fd %d..%d\n", base, mirrors[0],
	       mirrors[MIRRORS - 1]);
	lab_show("after the write and 8 dups: one open file, pos 16", 0,
		 "-t", "reg", NULL);

	for (i = 0; i < MIRRORS; i++) {
		memset(buf, 0, sizeof(buf));
		rd = read(mirrors[i], buf, sizeof(buf) - 1);
		printf("mirror fd %d read %zd bytes \"%s\"\n", mirrors[i], rd,
		       buf);
	}
	lseek(base, 0, SEEK_SET);
	memset(buf, 0, sizeof(buf));
	rd = read(base, buf, sizeof(buf) - 1);
	printf("after lseek(base, 0): base read %zd bytes \"%s\"\n", rd, buf);
	lab_show("after lseek and a 15-byte read: every slot at pos 15", 0,
		 "-t", "reg", NULL);
	unlink("/tmp/fanout.txt");
	lab_trace_self("fdmodel trace --model: the same calls, traced, and what each changed",
		       NULL);
	return 0;
}
