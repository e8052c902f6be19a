/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's sock_diag view of sockets, looked up by inode number. */
#ifndef FDTEST_SOCKDIAG_H
#define FDTEST_SOCKDIAG_H

#include <stdbool.h>

struct unix_diag_view {
	int type;		/* SOCK_STREAM, ... */
	int state;		/* sk_state, a TCP_* number */
	unsigned int peer;	/* the peer's inode, 0 for none */
};

/* 0 when found; -errno, or -ENOENT when the inode is not a unix socket. */
/* The inode number of socket @fd (what /proc/net and sock_diag key on). */
unsigned long sock_ino(int fd);
/* An int SOL_SOCKET option of @fd, or -1. */
int sock_opt(int fd, int opt);

int unix_diag_lookup(unsigned long ino, struct unix_diag_view *v);

/* The st field of /proc/net/{tcp,udp,...} for a socket inode, or -1. */
int proc_net_state(const char *table, unsigned long ino);

/*
 * One row of /proc/net/{tcp,tcp6,udp,udp6,raw,raw6}, decoded from its hex:
 * addresses as "1.2.3.4:80" or "[::1]:80" (inet_ntop), the queues as the
 * kernel printed them.
 */
struct proc_net_row {
	char local[64], remote[64];
	int state;
	unsigned long txq, rxq;
};

/* 0 when the socket inode has a row in /proc/net/@table, else -ENOENT. */
int proc_net_row(const char *table, unsigned long ino,
		 struct proc_net_row *r);

/* The Eth column of /proc/net/netlink (the protocol) for an inode, or -1. */
int proc_net_netlink_proto(unsigned long ino);

/*
 * The Path column of /proc/net/unix for an inode (abstract names start
 * with '@', every NUL shown as '@'): 1 with a path, 0 for an unbound
 * socket, -1 when the inode is not listed.
 */
int proc_net_unix_path(unsigned long ino, char *buf, size_t sz);

/* The sk_state name as ss(8) and docs/format.md spell it. */
const char *sk_state_name(int state);

#endif
