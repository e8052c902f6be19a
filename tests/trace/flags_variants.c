// SPDX-License-Identifier: GPL-2.0
/*
 * The calls that change an fd's close-on-exec bit or its open file's
 * status flags, each reported with F_GETFD and F_GETFL before and after,
 * and one the kernel refuses (a closed fd); then fcntl commands and ioctl
 * requests that change neither and must make no event (F_GETFD and
 * F_GETFL themselves are among them).
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include "scenario.h"

struct doors {
	int cloexec;
	int flags;
};

static struct doors look(int fd)
{
	int r = fcntl(fd, F_GETFD);

	return (struct doors){ r < 0 ? -1 : r & FD_CLOEXEC,
			       fcntl(fd, F_GETFL) };
}

/* One line per call: the same keys on each, so the checker zips them. */
static void report(const char *call, int fd, unsigned long arg, long ret,
		   struct doors before)
{
	struct doors after = look(fd);

	say("call=%s fd=%d arg=%lu ret=%ld cloexec_before=%d cloexec_after=%d "
	    "flags_before=%d flags_after=%d", call, fd, arg, ret,
	    before.cloexec, after.cloexec, before.flags, after.flags);
}

#define CHANGE(call, fd, arg, expr) do {				\
	struct doors before = look(fd);					\
	long ret = (expr);						\
									\
	report(call, fd, arg, ret < 0 ? -errno : ret, before);		\
} while (0)

int main(void)
{
	int fd = open("/dev/null", O_RDWR), p[2], n;
	struct termios t;

	if (fd < 0 || pipe(p))
		die("flags: setup");
	CHANGE("fcntl(F_SETFD)", fd, FD_CLOEXEC, fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHANGE("fcntl(F_SETFD)", fd, 0, fcntl(fd, F_SETFD, 0));
	CHANGE("fcntl(F_SETFL)", fd, O_NONBLOCK | O_APPEND,
	       fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND));
	CHANGE("fcntl(F_SETFL)", fd, 0, fcntl(fd, F_SETFL, 0));
	CHANGE("ioctl", fd, FIOCLEX, ioctl(fd, FIOCLEX));
	CHANGE("ioctl", fd, FIONCLEX, ioctl(fd, FIONCLEX));
	CHANGE("fcntl(F_SETFD)", 99, FD_CLOEXEC, fcntl(99, F_SETFD, FD_CLOEXEC));
	/* No event from here on. */
	if (fcntl(fd, F_SETOWN, getpid()) || ioctl(p[0], FIONREAD, &n) ||
	    ioctl(fd, TCGETS, &t) != -1 || fcntl(p[0], F_GETPIPE_SZ) <= 0)
		die("flags: other commands");
	say("quiet=done");
	return 0;
}
