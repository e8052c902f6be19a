// SPDX-License-Identifier: GPL-2.0
/*
 * Socket oracles that go through the network stack's own reporting paths:
 * NETLINK_SOCK_DIAG for unix sockets (unix_diag: type, state and peer
 * inode), /proc/net/tcp and friends for inet sockets.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockdiag.h"

static int diag_request(int nl)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} msg = {
		.nlh = {
			.nlmsg_len = sizeof(msg),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		},
		.req = {
			.sdiag_family = AF_UNIX,
			.udiag_states = -1,
			.udiag_show = UDIAG_SHOW_PEER,
		},
	};

	return send(nl, &msg, sizeof(msg), 0) == sizeof(msg) ? 0 : -errno;
}

static void diag_peer(struct unix_diag_msg *m, int len,
		      struct unix_diag_view *v)
{
	struct rtattr *a = (struct rtattr *)(m + 1);
	int rem = len - NLMSG_ALIGN(sizeof(*m));

	for (; RTA_OK(a, rem); a = RTA_NEXT(a, rem))
		if (a->rta_type == UNIX_DIAG_PEER)
			memcpy(&v->peer, RTA_DATA(a), sizeof(v->peer));
}

int unix_diag_lookup(unsigned long ino, struct unix_diag_view *v)
{
	static char buf[1 << 16];
	int nl, err = -ENOENT;
	bool done = false;
	ssize_t n;

	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl < 0)
		return -errno;
	err = diag_request(nl);
	if (err)
		goto out;
	err = -ENOENT;
	while (!done && (n = recv(nl, buf, sizeof(buf), 0)) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			struct unix_diag_msg *m = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_DONE ||
			    h->nlmsg_type == NLMSG_ERROR) {
				done = true;
				break;
			}
			if (m->udiag_ino != ino)
				continue;
			v->type = m->udiag_type;
			v->state = m->udiag_state;
			v->peer = 0;
			diag_peer(m, h->nlmsg_len - NLMSG_HDRLEN, v);
			err = 0;
		}
	}
out:
	close(nl);
	return err;
}

int proc_net_state(const char *table, unsigned long ino)
{
	unsigned long inode;
	char path[64], line[512];
	int state = -1, st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s", table);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %*x:%*x %*x:%*x %x %*x:%*x %*x:%*x %*x %*d %*d %lu",
			   &st, &inode) == 2 && inode == ino)
			state = st;
	fclose(f);
	return state;
}

const char *sk_state_name(int state)
{
	static const char *const names[] = {
		[1] = "established", [2] = "syn-sent", [3] = "syn-recv",
		[4] = "fin-wait-1", [5] = "fin-wait-2", [6] = "time-wait",
		[7] = "close", [8] = "close-wait", [9] = "last-ack",
		[10] = "listen", [11] = "closing", [12] = "new-syn-recv",
	};

	if (state > 0 && state < (int)(sizeof(names) / sizeof(names[0])))
		return names[state];
	return "?";
}
