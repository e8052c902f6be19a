// SPDX-License-Identifier: GPL-2.0
/*
 * lseek with every whence on a 100-byte file, each reported with the
 * position before and after as fdinfo shows it, and the calls the kernel
 * refuses: a bad whence, a negative position, a pipe.
 */
#include <errno.h>
#include "scenario.h"

static void seek(int fd, long long offset, int whence)
{
	long long before = fdinfo_pos(fd), ret = lseek(fd, offset, whence);

	say("fd=%d offset=%lld whence=%d ret=%lld before=%lld after=%lld", fd,
	    offset, whence, ret < 0 ? -errno : ret, before, fdinfo_pos(fd));
}

int main(void)
{
	char path[] = "/tmp/fdm-seek-XXXXXX", buf[100] = { 0 };
	int fd = mkstemp(path), p[2];

	if (fd < 0 || pwrite(fd, buf, sizeof(buf), 0) != sizeof(buf) ||
	    pipe(p))
		die("seek: setup");
	unlink(path);
	seek(fd, 10, SEEK_SET);
	seek(fd, 5, SEEK_CUR);
	seek(fd, -3, SEEK_CUR);
	seek(fd, -20, SEEK_END);
	seek(fd, 0, SEEK_END);
	seek(fd, 0, SEEK_DATA);
	seek(fd, 0, SEEK_HOLE);
	seek(fd, 0, 7);
	seek(fd, -1, SEEK_SET);
	seek(p[0], 0, SEEK_CUR);
	return 0;
}
