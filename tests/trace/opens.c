// SPDX-License-Identifier: GPL-2.0
/*
 * Every call that makes new fds, once each: the open family (and a
 * failed open), pipes, sockets, accept, the anonymous-inode makers,
 * pidfds, and fds received with SCM_RIGHTS by recvmsg and recvmmsg (and
 * a recvmsg with no fds, which must make no event). For each new fd it
 * tells the checker what the kernel's own doors say: fstat, fcntl
 * F_GETFD and F_GETFL, readlink of /proc/self/fd, and kcmp against the
 * fd it was received from. A call the kernel refuses here (no
 * io_uring, fanotify...) is told with its errno.
 */
#include <errno.h>
#include <linux/kcmp.h>
#include <linux/openat2.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/fanotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <linux/io_uring.h>
#include "scenario.h"

/*
 * One new fd (or the call's failure) as the kernel's doors see it; from:
 * the fd it must share its open file with, or -1.
 */
static void tell_arg(const char *call, int fd, int from, const char *arg)
{
	char link[64], path[4096];
	struct stat st;
	ssize_t n;

	if (fd < 0) {
		say("rec call=%s fd=-1 err=%d arg=%s", call, errno,
		    arg ? arg : "");
		return;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0 || fstat(fd, &st))
		die(call);
	path[n] = '\0';
	say("rec call=%s fd=%d dev=%u:%u ino=%lu cloexec=%d flags=%o "
	    "same=%d arg=%s path=%s", call, fd, major(st.st_dev),
	    minor(st.st_dev),
	    (unsigned long)st.st_ino, fcntl(fd, F_GETFD) & FD_CLOEXEC,
	    fcntl(fd, F_GETFL), from < 0 ? -1 :
	    (int)syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, fd, from),
	    arg ? arg : "", path);
}

static void tell(const char *call, int fd, int from)
{
	tell_arg(call, fd, from, NULL);
}

static void tell_pair(const char *call, int ret, const int fds[2])
{
	if (ret < 0) {
		tell(call, -1, -1);
		return;
	}
	tell(call, fds[0], -1);
	tell(call, fds[1], -1);
}

static void open_family(void)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };
	struct {
		struct file_handle fh;
		unsigned char bytes[MAX_HANDLE_SZ];
	} h = { .fh.handle_bytes = MAX_HANDLE_SZ };
	int dir, mount_id, fd;

	dir = syscall(SYS_open, "/etc", O_RDONLY | O_DIRECTORY);
	tell_arg("open", dir, -1, "/etc");
	tell_arg("openat", openat(dir, "passwd", O_RDONLY), -1, "passwd");
	tell_arg("openat2", syscall(SYS_openat2, AT_FDCWD, "/etc/hostname",
				    &how, sizeof(how)), -1, "/etc/hostname");
	tell_arg("creat", syscall(SYS_creat, "/tmp/fdmodel-opens-creat",
				  0600), -1, "/tmp/fdmodel-opens-creat");
	unlink("/tmp/fdmodel-opens-creat");
	/* on another mount: the walk crosses to its mountpoint */
	tell_arg("open", syscall(SYS_open, "/proc/self/status", O_RDONLY), -1,
		 "/proc/self/status");
	tell_arg("open", syscall(SYS_open, "/nonexistent/fdmodel", O_RDONLY),
		 -1, "/nonexistent/fdmodel");
	fd = -1;
	if (!name_to_handle_at(AT_FDCWD, "/etc/passwd", &h.fh, &mount_id, 0))
		fd = open_by_handle_at(dir, &h.fh, O_RDONLY);
	tell("open_by_handle_at", fd, -1);
}

/*
 * A file whose path is longer than the event's name field: the walk
 * keeps the last components that fit, after "...". Opened by openat
 * from its directory, so that the path as passed is short.
 */
static void deep_path(void)
{
	char path[1024], *end;
	int level, dir, fd;

	end = path + snprintf(path, sizeof(path), "/tmp/fdmodel-deep-%d",
			      getpid());
	for (level = 0; level < 6; level++) {
		if (mkdir(path, 0700))
			die("mkdir");
		end += sprintf(end, "/%050d", level);
	}
	if (mkdir(path, 0700))
		die("mkdir");
	dir = open(path, O_RDONLY | O_DIRECTORY);
	fd = openat(dir, "f", O_RDWR | O_CREAT, 0600);
	tell_arg("openat", fd, -1, "f");
	unlinkat(dir, "f", 0);
	close(dir);
	for (level = 0; level <= 6; level++) {	/* deepest first */
		if (rmdir(path))
			die("rmdir");
		*strrchr(path, '/') = '\0';
	}
}

static void sockets(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	socklen_t len;
	int lst, cli, fds[2];

	tell_pair("pipe", syscall(SYS_pipe, fds), fds);
	tell_pair("pipe2", pipe2(fds, O_CLOEXEC | O_NONBLOCK), fds);
	tell_pair("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, fds),
		  fds);
	/* an abstract name: nothing left behind in the file system */
	snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1,
		 "fdmodel-opens-%d", getpid());
	len = offsetof(struct sockaddr_un, sun_path) + 1 +
	      strlen(addr.sun_path + 1);
	lst = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	tell("socket", lst, -1);
	if (bind(lst, (void *)&addr, len) || listen(lst, 2))
		die("bind");
	cli = socket(AF_UNIX, SOCK_STREAM, 0);
	if (connect(cli, (void *)&addr, len))
		die("connect");
	tell("accept", syscall(SYS_accept, lst, NULL, NULL), -1);
	if (connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&addr, len))
		die("connect");
	tell("accept4", accept4(lst, NULL, NULL, SOCK_CLOEXEC), -1);
}

static void anon_inodes(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
		.config = PERF_COUNT_SW_DUMMY, .disabled = 1,
	};
	struct io_uring_params params = {};
	sigset_t mask;
	int pidfd, fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	tell("eventfd", syscall(SYS_eventfd, 0), -1);
	tell("eventfd2", eventfd(0, EFD_CLOEXEC), -1);
	tell("epoll_create", syscall(SYS_epoll_create, 1), -1);
	tell("epoll_create1", epoll_create1(EPOLL_CLOEXEC), -1);
	tell("timerfd_create", timerfd_create(CLOCK_MONOTONIC, 0), -1);
	tell("signalfd", syscall(SYS_signalfd, -1, &mask, 8), -1);
	fd = signalfd(-1, &mask, SFD_CLOEXEC);
	tell("signalfd4", fd, -1);
	/* a new mask on that fd: no new fd, no event */
	sigaddset(&mask, SIGUSR2);
	if (signalfd(fd, &mask, 0) != fd)
		die("signalfd");
	tell("memfd_create", memfd_create("fdmodel", MFD_CLOEXEC), -1);
	tell("inotify_init", syscall(SYS_inotify_init), -1);
	tell("inotify_init1", inotify_init1(IN_CLOEXEC), -1);
	tell("fanotify_init", fanotify_init(FAN_CLASS_NOTIF, O_RDONLY), -1);
	pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	tell("pidfd_open", pidfd, -1);
	tell("pidfd_getfd", pidfd < 0 ? -1 :
	     syscall(SYS_pidfd_getfd, pidfd, 0, 0), 0);
	tell("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC), -1);
	tell("io_uring_setup", syscall(SYS_io_uring_setup, 1, &params), -1);
	tell("perf_event_open", syscall(SYS_perf_event_open, &attr, 0, -1,
					-1, 0), -1);
}

/* Send fds over a datagram socket pair, one message per call. */
static void send_fds(int sock, const int *fds, int n)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = n ? u.buf : NULL,
		.msg_controllen = n ? CMSG_SPACE(n * sizeof(int)) : 0,
	};
	struct cmsghdr *c;

	if (n) {
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	}
	if (sendmsg(sock, &msg, 0) != 1)
		die("sendmsg");
}

struct rx {
	struct iovec iov;
	char data[1];
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} u;
};

static void rx_init(struct rx *r, struct msghdr *msg)
{
	r->iov.iov_base = r->data;
	r->iov.iov_len = 1;
	memset(msg, 0, sizeof(*msg));
	msg->msg_iov = &r->iov;
	msg->msg_iovlen = 1;
	msg->msg_control = r->u.buf;
	msg->msg_controllen = sizeof(r->u.buf);
}

/* The fds a received message carries, each told against its origin. */
static void tell_received(const char *call, struct msghdr *msg,
			  const int *from)
{
	struct cmsghdr *c;
	int fds[4], i, n;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		memcpy(fds, CMSG_DATA(c), n * sizeof(int));
		for (i = 0; i < n; i++)
			tell(call, fds[i], from[i]);
		from += n;
	}
}

static void scm_rights(void)
{
	struct mmsghdr mm[2];
	struct msghdr msg;
	struct rx rx[2];
	int sv[2], p[2], two[2], i;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) || pipe(p))
		die("scm socketpair");
	two[0] = p[0];
	two[1] = p[1];
	send_fds(sv[0], two, 2);
	rx_init(&rx[0], &msg);
	if (recvmsg(sv[1], &msg, MSG_CMSG_CLOEXEC) != 1)
		die("recvmsg");
	tell_received("recvmsg", &msg, two);
	/* no fds: no event, whatever the control buffer */
	send_fds(sv[0], NULL, 0);
	rx_init(&rx[0], &msg);
	if (recvmsg(sv[1], &msg, 0) != 1)
		die("recvmsg plain");
	send_fds(sv[0], &p[0], 1);
	send_fds(sv[0], &p[1], 1);
	for (i = 0; i < 2; i++) {
		rx_init(&rx[i], &mm[i].msg_hdr);
		mm[i].msg_len = 0;
	}
	if (syscall(SYS_recvmmsg, sv[1], mm, 2, 0, NULL) != 2)
		die("recvmmsg");
	tell_received("recvmmsg", &mm[0].msg_hdr, &p[0]);
	tell_received("recvmmsg", &mm[1].msg_hdr, &p[1]);
	say("scm_origin=%d,%d", p[0], p[1]);
}

/* A pidfd from clone(CLONE_PIDFD): an fd installed by a call off the list. */
static void clone_pidfd(void)
{
	int pidfd = -1, status;
	pid_t pid;

	pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (pid < 0)
		die("clone");
	if (!pid)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	tell("other", pidfd, -1);
}

int main(void)
{
	open_family();
	deep_path();
	sockets();
	anon_inodes();
	scm_rights();
	clone_pidfd();
	say("pid=%d", getpid());
	return 0;
}
