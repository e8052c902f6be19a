// SPDX-License-Identifier: GPL-2.0
/*
 * O_PATH files: a slot can hold a file that was never opened for I/O,
 * including one reopened from /proc/self/fd/N onto a pipe, eventfd, epoll
 * or socket inode, or onto a FIFO or socket file nobody has open. Such a
 * file has the inode's type but none of its machinery (no pipe, no
 * socket, no epoll instance behind it): its line must say mode=- and
 * agree with stat, fdinfo and readlink, and nothing may be read through
 * it (no watch lines, no counters).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "proc.h"
#include "tap.h"

static int reopen(int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, O_PATH);
}

int main(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int p[2], sv[2], ev, ep, sk, path_fd[8], n = 0, i, fifo;
	const struct fm_line *l;
	char *dir = make_tmpdir(), fpath[128];
	struct fm_snap s;
	bool ok;

	tap_plan(5);
	TAP_REQUIRE(dir, "mkdtemp");
	TAP_REQUIRE(!pipe(p) && !socketpair(AF_UNIX, SOCK_STREAM, 0, sv),
		    "pipe, socketpair");
	ev = eventfd(5, 0);
	ep = epoll_create1(0);
	TAP_REQUIRE(ev >= 0 && ep >= 0 &&
		    !epoll_ctl(ep, EPOLL_CTL_ADD, p[0],
			       &(struct epoll_event){ .events = EPOLLIN }),
		    "eventfd, epoll");
	path_fd[n++] = reopen(p[0]);
	path_fd[n++] = reopen(ev);
	path_fd[n++] = reopen(ep);
	path_fd[n++] = reopen(sv[0]);
	snprintf(fpath, sizeof(fpath), "%s/lonely fifo", dir);
	TAP_REQUIRE(!mkfifo(fpath, 0600), "mkfifo");
	fifo = path_fd[n++] = open(fpath, O_PATH);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/sock", dir);
	sk = socket(AF_UNIX, SOCK_STREAM, 0);
	TAP_REQUIRE(sk >= 0 && !bind(sk, (void *)&addr, sizeof(addr)),
		    "bind a socket file");
	close(sk);	/* the socket file stays, nobody behind it */
	path_fd[n++] = open(addr.sun_path, O_PATH);
	for (i = 0; i < n; i++)
		TAP_REQUIRE(path_fd[i] >= 0, "O_PATH open #%d", i);

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(fm_valid(&s), "the listing passes the strict checker");
	ok = true;
	for (i = 0; i < n; i++)
		ok &= (l = fm_fd(&s, getpid(), 0, path_fd[i])) &&
		      fm_is(l, "mode", "-");
	tap_ok(ok && check_fds(&s, getpid(), 0, path_fd, n),
	       "O_PATH reopens of a pipe, eventfd, epoll fd and socket, and a "
	       "FIFO and a socket file with no opener: mode=-, and every field "
	       "agrees with stat, fdinfo and readlink");
	l = fm_fd(&s, getpid(), 0, path_fd[2]);
	tap_ok(l && l + 1 < s.line + s.nline && l[1].kind != FM_WATCH &&
	       fm_fd(&s, getpid(), 0, ep) && fm_fd(&s, getpid(), 0, ep)[1].kind ==
	       FM_WATCH,
	       "the epoll fd has its watch line; its O_PATH reopen has none");
	l = fm_fd(&s, getpid(), 0, path_fd[1]);
	tap_ok(l && !fm_get(l, "eventfd_count") &&
	       fm_is(fm_fd(&s, getpid(), 0, ev), "eventfd_count", "5"),
	       "the eventfd shows its count; its O_PATH reopen shows none");
	l = fm_fd(&s, getpid(), 0, fifo);
	tap_ok(l && fm_is(l, "type", "fifo") &&
	       (!fm_get(l, "pipe_readers") || fm_is(l, "pipe_readers", "0")),
	       "a FIFO nobody has open: type=fifo, no readers claimed");
	fm_free(&s);
	remove_tree(dir);
	tap_exit();
}
