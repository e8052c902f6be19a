// SPDX-License-Identifier: GPL-2.0
/*
 * Every write call on a regular file, each reported with what the
 * kernel's own doors say: the position before and after (fdinfo) and the
 * file's size (fstat). Then an O_APPEND open file description, whose
 * write lands at the end whatever its position was, and whose pwrite
 * appends too but leaves the position alone; and a write the kernel
 * refuses (a read-only fd).
 */
#include <errno.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include "scenario.h"

static struct iovec iov[2] = {
	{ .iov_base = "ab", .iov_len = 2 },
	{ .iov_base = "cde", .iov_len = 3 },
};

/* One line per call: the same keys on each, so the checker zips them. */
static void report(const char *call, int fd, long ret, long long before,
		   long long offset, int iovcnt, size_t count)
{
	struct stat st;

	if (fstat(fd, &st))
		die("fstat");
	say("call=%s fd=%d ret=%ld before=%lld after=%lld size=%lld "
	    "offset=%lld iovcnt=%d count=%zu", call, fd, ret, before,
	    fdinfo_pos(fd), (long long)st.st_size, offset, iovcnt, count);
}

#define CALL(name, fd, offset, iovcnt, count, expr) do {		\
	long long before = fdinfo_pos(fd);				\
	long ret = (expr);						\
									\
	report(name, fd, ret < 0 ? -errno : ret, before, offset,	\
	       iovcnt, count);						\
} while (0)

int main(void)
{
	char path[] = "/tmp/fdm-write-XXXXXX";
	int fd = mkstemp(path), app, ro;
	struct stat st;

	if (fd < 0 || fstat(fd, &st))
		die("write: mkstemp");
	say("ino=%llu dev=%u:%u", (unsigned long long)st.st_ino,
	    major(st.st_dev), minor(st.st_dev));
	CALL("write", fd, -1, -1, 5, write(fd, "hello", 5));
	CALL("writev", fd, -1, 2, 5, writev(fd, iov, 2));
	CALL("pwrite64", fd, 0, -1, 1, pwrite(fd, "X", 1, 0));
	CALL("pwritev", fd, 2, 2, 5, pwritev(fd, iov, 2, 2));
	CALL("pwritev2", fd, -1, 2, 5, pwritev2(fd, iov, 2, -1, 0));
	CALL("pwritev2", fd, 1, 2, 5, pwritev2(fd, iov, 2, 1, 0));
	app = open(path, O_WRONLY | O_APPEND);
	ro = open(path, O_RDONLY);
	if (app < 0 || ro < 0 || lseek(app, 0, SEEK_SET))
		die("write: open");
	CALL("write", app, -1, -1, 4, write(app, "tail", 4));
	CALL("pwrite64", app, 0, -1, 1, pwrite(app, "P", 1, 0));
	CALL("write", ro, -1, -1, 1, write(ro, "r", 1));
	unlink(path);
	return 0;
}
