// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 003: "processes communicate via a socket file on the filesystem".
 * A unix socket needs no file: socketpair() gives two connected sockets,
 * each an inode of its own in sockfs, each naming the other as its peer.
 * Even with bind() to a path, the file there is only a name to connect
 * to: the fds point at sockfs inodes, never at that file.
 */
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "lab.h"

#define PATH	"/tmp/socketpair-lab.sock"

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = PATH };
	int sv[2], srv, cli, conn, unread;

	lab_traced(argc, argv);

	lab_check(!socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair");
	lab_check(write(sv[0], "ping", 4) == 4, "write");
	lab_check(!ioctl(sv[1], FIONREAD, &unread), "FIONREAD");
	printf("socketpair: fd %d and fd %d; 4 bytes written to fd %d, "
	       "FIONREAD on fd %d: %d\n", sv[0], sv[1], sv[0], sv[1],
	       unread);

	/* The same, through a name on the filesystem. */
	unlink(PATH);
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	cli = socket(AF_UNIX, SOCK_STREAM, 0);
	lab_check(srv >= 0 && cli >= 0, "socket");
	lab_check(!bind(srv, (struct sockaddr *)&addr, sizeof(addr)), "bind");
	lab_check(!listen(srv, 1), "listen");
	lab_check(!connect(cli, (struct sockaddr *)&addr, sizeof(addr)),
		  "connect");
	conn = accept(srv, NULL, NULL);
	lab_check(conn >= 0, "accept");
	printf("listening fd %d bound to " PATH ", client fd %d, accepted "
	       "fd %d\n", srv, cli, conn);
	lab_show("two connected pairs and a listener: no fd on " PATH, 0,
		 "-t", "sock", NULL);
	unlink(PATH);
	return 0;
}
