// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 002 under the tracer: a parent and its child share one open file
 * description, so one offset. The parent reads 5 bytes, preads 5 at 0
 * (which leaves the offset alone), forks, and the child reads the next 5.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "scenario.h"

int main(void)
{
	char path[] = "/tmp/fdmodel-offset-XXXXXX", buf[5];
	struct stat st;
	pid_t child;
	int fd;

	fd = mkstemp(path);
	if (fd < 0 || write(fd, "hello world!", 13) != 13)
		die("offset: create");
	unlink(path);
	if (fstat(fd, &st))
		die("offset: fstat");
	if (lseek(fd, 0, SEEK_SET) || read(fd, buf, 5) != 5)
		die("offset: parent read");
	if (pread(fd, buf, 5, 0) != 5)
		die("offset: pread");
	child = fork();
	if (child < 0)
		die("offset: fork");
	if (!child)
		_exit(read(fd, buf, 5) == 5 ? 0 : 1);
	say("fd=%d child=%d ino=%lu", fd, child, (unsigned long)st.st_ino);
	return waitpid(child, NULL, 0) == child ? 0 : 1;
}
