// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 003: mmap "maps a file into the process's virtual address space.
 * Reading the memory reads the file; writing to the memory writes the
 * file." Two things the seed leaves out: every mapping holds its own
 * reference on the open file description, so the file stays open after
 * close(fd) (refs = fd slots + mappings); and only a MAP_SHARED mapping
 * writes the file: a MAP_PRIVATE one gets copies of the pages it writes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lab.h"

#define PATH	"/tmp/mmap-lab.txt"
#define LEN	4096

static char *map(int fd, int flags)
{
	char *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, flags, fd, 0);

	lab_check(p != MAP_FAILED, "mmap");
	return p;
}

int main(int argc, char **argv)
{
	char *shared, *private, buf[6] = "";
	int fd;

	lab_traced(argc, argv);

	fd = open(PATH, O_CREAT | O_RDWR | O_TRUNC, 0644);
	lab_check(fd >= 0, "open");
	lab_check(write(fd, "hello", 5) == 5, "write");
	lab_check(!ftruncate(fd, LEN), "ftruncate");
	shared = map(fd, MAP_SHARED);
	private = map(fd, MAP_PRIVATE);
	shared[0] = 'H';
	private[1] = 'E';
	lab_check(pread(fd, buf, 5, 0) == 5, "pread");
	printf("wrote 'H' through the shared mapping, 'E' through the "
	       "private one\n");
	printf("the file says \"%s\"; the private mapping says \"%.5s\"\n",
	       buf, private);
	lab_show("fd 3 and two mappings of " PATH ": refs 3", 0, "-t", "reg",
		 NULL);

	lab_check(!close(fd), "close");
	lab_check(!unlink(PATH), "unlink");
	printf("closed fd %d and unlinked " PATH "; the shared mapping "
	       "still reads \"%.5s\"\n", fd, shared);
	lab_show("no fd, no name: the mappings keep the open file", 0, "-t",
		 "reg", NULL);
	lab_check(!munmap(shared, LEN) && !munmap(private, LEN), "munmap");
	return 0;
}
