// SPDX-License-Identifier: GPL-2.0
/*
 * Socket oracles that go through the network stack's own reporting paths:
 * NETLINK_SOCK_DIAG for unix sockets (unix_diag: type, state and peer
 * inode), /proc/net/tcp and friends for inet sockets.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockdiag.h"

unsigned long sock_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

int sock_opt(int fd, int opt)
{
	socklen_t len = sizeof(int);
	int v = -1;

	getsockopt(fd, SOL_SOCKET, opt, &v, &len);
	return v;
}

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

/*
 * The int that @fmt (an int and then the inode, as sscanf() conversions)
 * reads from the row of @path whose inode is @ino, or -1.
 */
static int proc_row_int(const char *path, const char *fmt, unsigned long ino)
{
	unsigned long inode;
	char line[512];
	int v = -1, n;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, &n, &inode) == 2 && inode == ino)
			v = n;
	fclose(f);
	return v;
}

int proc_net_state(const char *table, unsigned long ino)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/net/%s", table);
	return proc_row_int(path, " %*d: %*x:%*x %*x:%*x %x %*x:%*x %*x:%*x "
			    "%*x %*d %*d %lu", ino);
}

/*
 * An address column: the address's bytes as the kernel's u32 words, each
 * printed with %08X (one word for IPv4, four for IPv6), then the port.
 */
static int net_addr(const char *hex, unsigned int port, char *out,
		    size_t sz)
{
	uint32_t w[4];
	char ip[INET6_ADDRSTRLEN], word[9];
	size_t n = strlen(hex), i;

	if (n != 8 && n != 32)
		return -1;
	for (i = 0; i < n / 8; i++) {
		memcpy(word, hex + 8 * i, 8);
		word[8] = '\0';
		w[i] = strtoul(word, NULL, 16);
	}
	if (!inet_ntop(n == 8 ? AF_INET : AF_INET6, w, ip, sizeof(ip)))
		return -1;
	snprintf(out, sz, n == 8 ? "%s:%u" : "[%s]:%u", ip, port);
	return 0;
}

int proc_net_row(const char *table, unsigned long ino,
		 struct proc_net_row *r)
{
	char path[64], line[512], la[40], ra[40];
	unsigned int lp, rp;
	unsigned long inode;
	int err = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s", table);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %39[0-9A-F]:%x %39[0-9A-F]:%x %x %lx:%lx %*x:%*x %*x %*d %*d %lu",
			   la, &lp, ra, &rp, &r->state, &r->txq, &r->rxq,
			   &inode) == 8 && inode == ino) {
			if (net_addr(la, lp, r->local, sizeof(r->local)) ||
			    net_addr(ra, rp, r->remote, sizeof(r->remote)))
				break;
			err = 0;
			break;
		}
	fclose(f);
	return err;
}

int proc_net_netlink_proto(unsigned long ino)
{
	return proc_row_int("/proc/net/netlink",
			    "%*x %d %*u %*x %*d %*d %*d %*d %*u %lu", ino);
}

int proc_net_unix_path(unsigned long ino, char *buf, size_t sz)
{
	char line[1024];
	unsigned long inode;
	int ret = -1, n = 0;
	FILE *f = fopen("/proc/net/unix", "re");

	if (!f)
		return -1;
	while (ret < 0 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*x: %*x %*x %*x %*x %*x %lu%n", &inode,
			   &n) != 1 || inode != ino)
			continue;
		line[strcspn(line, "\n")] = '\0';
		ret = line[n] == ' ';
		snprintf(buf, sz, "%s", ret ? line + n + 1 : "");
	}
	fclose(f);
	return ret;
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
