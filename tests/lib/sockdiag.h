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
int unix_diag_lookup(unsigned long ino, struct unix_diag_view *v);

/* The st field of /proc/net/{tcp,udp,...} for a socket inode, or -1. */
int proc_net_state(const char *table, unsigned long ino);

/* The sk_state name as ss(8) and docs/format.md spell it. */
const char *sk_state_name(int state);

#endif
