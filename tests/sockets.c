// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets: sock_family/sock_type against getsockopt(SO_DOMAIN/SO_TYPE),
 * sock_state and peer_ino against the kernel's sock_diag (unix_diag) or
 * /proc/net/{tcp,udp}, and peer_ino against fstat() of the other end.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "sockdiag.h"
#include "tap.h"

static const char *family_name(int family)
{
	switch (family) {
	case AF_UNIX: return "unix";
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_NETLINK: return "netlink";
	case AF_PACKET: return "packet";
	}
	return "?";
}

static const char *type_name(int type)
{
	switch (type) {
	case SOCK_STREAM: return "stream";
	case SOCK_DGRAM: return "dgram";
	case SOCK_SEQPACKET: return "seqpacket";
	case SOCK_RAW: return "raw";
	case SOCK_RDM: return "rdm";
	case SOCK_PACKET: return "packet";
	}
	return "?";
}

/*
 * One socket's line against every oracle that applies: family and type
 * against getsockopt, state and peer against unix_diag (unix) or the
 * st column of /proc/net/@table (inet), and the generic per-fd oracle.
 */
static bool sock_line_ok(const struct fm_snap *s, int fd, const char *table)
{
	const struct fm_line *l = fm_fd(s, getpid(), 0, fd);
	struct unix_diag_view v;
	unsigned long ino = sock_ino(fd);
	int family = sock_opt(fd, SO_DOMAIN), state = -1;
	bool ok;

	if (!l) {
		tap_diag("fd %d: no line", fd);
		return false;
	}
	ok = fm_is(l, "type", "sock") &&
	     fm_is(l, "sock_family", family_name(family)) &&
	     fm_is(l, "sock_type", type_name(sock_opt(fd, SO_TYPE))) &&
	     check_fds(s, getpid(), 0, &fd, 1);
	if (family == AF_UNIX) {
		if (unix_diag_lookup(ino, &v)) {
			tap_diag("fd %d: unix_diag has no inode %lu", fd, ino);
			return false;
		}
		state = v.state;
		ok &= fm_numd(l, "peer_ino") == v.peer &&
		      v.type == sock_opt(fd, SO_TYPE);
	} else if (table) {
		state = proc_net_state(table, ino);
	}
	if (state >= 0)
		ok &= fm_is(l, "sock_state", sk_state_name(state));
	if (!ok)
		tap_diag("fd %d: \"%s\"; kernel: family %s type %s state %s",
			 fd, l->text, family_name(family),
			 type_name(sock_opt(fd, SO_TYPE)), sk_state_name(state));
	return ok;
}

static long long peer_of(const struct fm_snap *s, int fd)
{
	const struct fm_line *l = fm_fd(s, getpid(), 0, fd);

	return l ? fm_numd(l, "peer_ino") : -1;
}

static void pairs(void)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	struct fm_snap s;
	int sv[3][2], i;

	for (i = 0; i < 3; i++)
		TAP_REQUIRE(!socketpair(AF_UNIX, types[i], 0, sv[i]),
			    "socketpair");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	for (i = 0; i < 3; i++) {
		tap_ok(sock_line_ok(&s, sv[i][0], NULL) &&
		       sock_line_ok(&s, sv[i][1], NULL),
		       "unix %s pair: family, type, state agree with the kernel",
		       type_name(types[i]));
		tap_ok(peer_of(&s, sv[i][0]) == (long long)sock_ino(sv[i][1]) &&
		       peer_of(&s, sv[i][1]) == (long long)sock_ino(sv[i][0]),
		       "unix %s pair: each end's peer_ino is fstat's st_ino of the other",
		       type_name(types[i]));
	}
	tap_ok(fm_is(fm_fd(&s, getpid(), 0, sv[0][0]), "sock_state",
		     "established"),
	       "a stream socketpair is established");
	fm_free(&s);
	for (i = 0; i < 3; i++) {
		close(sv[i][0]);
		close(sv[i][1]);
	}
}

/*
 * The abstract unix address "fdmodel-WHAT-PID", nothing on disk to clean
 * up; returns its length.
 */
static socklen_t abstract_addr(struct sockaddr_un *addr, const char *what)
{
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	snprintf(addr->sun_path + 1, sizeof(addr->sun_path) - 1,
		 "fdmodel-%s-%d", what, (int)getpid());
	return offsetof(struct sockaddr_un, sun_path) + 1 +
	       strlen(addr->sun_path + 1);
}

static void listener(void)
{
	struct sockaddr_un addr;
	socklen_t alen = abstract_addr(&addr, "test");
	int lfd, cfd, afd, early;
	struct fm_snap s;

	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	TAP_REQUIRE(lfd >= 0 && !bind(lfd, (void *)&addr, alen) &&
		    !listen(lfd, 4), "listen");
	early = socket(AF_UNIX, SOCK_STREAM, 0);
	cfd = socket(AF_UNIX, SOCK_STREAM, 0);
	TAP_REQUIRE(early >= 0 && cfd >= 0 &&
		    !connect(early, (void *)&addr, alen), "connect");
	/* early is connected but not accepted: its peer has no inode yet. */
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(sock_line_ok(&s, early, NULL),
	       "connected, not yet accepted: the line agrees with unix_diag (peer_ino=%lld)",
	       peer_of(&s, early));
	fm_free(&s);
	afd = accept(lfd, NULL, NULL);
	TAP_REQUIRE(afd >= 0, "accept");
	close(afd);
	TAP_REQUIRE(!connect(cfd, (void *)&addr, alen), "connect");
	afd = accept(lfd, NULL, NULL);
	TAP_REQUIRE(afd >= 0, "accept");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(sock_line_ok(&s, lfd, NULL) &&
	       fm_is(fm_fd(&s, getpid(), 0, lfd), "sock_state", "listen") &&
	       peer_of(&s, lfd) == 0,
	       "a listening unix socket: sock_state=listen peer_ino=0");
	tap_ok(sock_line_ok(&s, cfd, NULL) && sock_line_ok(&s, afd, NULL) &&
	       peer_of(&s, cfd) == (long long)sock_ino(afd) &&
	       peer_of(&s, afd) == (long long)sock_ino(cfd),
	       "client and accepted socket name each other in peer_ino");
	tap_ok(sock_line_ok(&s, early, NULL),
	       "a client whose peer was accepted and closed agrees with unix_diag");
	fm_free(&s);
	close(lfd);
	close(cfd);
	close(afd);
	close(early);
}

static void dgram_connect(void)
{
	struct sockaddr_un addr;
	socklen_t alen = abstract_addr(&addr, "dgram");
	int a, b, lone;
	struct fm_snap s;

	a = socket(AF_UNIX, SOCK_DGRAM, 0);
	b = socket(AF_UNIX, SOCK_DGRAM, 0);
	lone = socket(AF_UNIX, SOCK_DGRAM, 0);
	TAP_REQUIRE(a >= 0 && b >= 0 && lone >= 0 &&
		    !bind(b, (void *)&addr, alen) &&
		    !connect(a, (void *)&addr, alen), "dgram connect");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(sock_line_ok(&s, a, NULL) && sock_line_ok(&s, b, NULL) &&
	       peer_of(&s, a) == (long long)sock_ino(b),
	       "a connected dgram socket names its peer; the bound one agrees with unix_diag");
	tap_ok(sock_line_ok(&s, lone, NULL) && peer_of(&s, lone) == 0,
	       "an unconnected dgram socket: peer_ino=0, state as unix_diag says");
	fm_free(&s);
	close(a);
	close(b);
	close(lone);
}

static void other_families(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	int tcp, udp, nl, tcp6;
	struct fm_snap s;

	tcp = socket(AF_INET, SOCK_STREAM, 0);
	udp = socket(AF_INET, SOCK_DGRAM, 0);
	nl = socket(AF_NETLINK, SOCK_RAW, 0);
	TAP_REQUIRE(tcp >= 0 && udp >= 0 && nl >= 0, "socket");
	/* INADDR_ANY, port 0: works with or without a configured loopback. */
	TAP_REQUIRE(!bind(tcp, (void *)&in, sizeof(in)) && !listen(tcp, 1) &&
		    !bind(udp, (void *)&in, sizeof(in)), "bind");
	tcp6 = socket(AF_INET6, SOCK_STREAM, 0);
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(sock_line_ok(&s, tcp, "tcp") &&
	       fm_is(fm_fd(&s, getpid(), 0, tcp), "sock_state", "listen"),
	       "a listening TCP socket: inet stream listen, as /proc/net/tcp says");
	tap_ok(sock_line_ok(&s, udp, "udp"),
	       "a UDP socket: inet dgram, state as /proc/net/udp says");
	tap_ok(sock_line_ok(&s, nl, NULL),
	       "a netlink socket: family and type as getsockopt says");
	if (tcp6 >= 0)
		tap_ok(sock_line_ok(&s, tcp6, "tcp6"),
		       "an inet6 socket: family, type and state agree");
	else
		tap_skip("no IPv6 in this kernel");
	fm_free(&s);
	close(tcp);
	close(udp);
	close(nl);
	if (tcp6 >= 0)
		close(tcp6);
}

/* Loopback may be down in a minimal guest: bring it up (root can). */
static void loopback_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd >= 0 && !ioctl(fd, SIOCGIFFLAGS, &ifr) &&
	    !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	if (fd >= 0)
		close(fd);
}

/* Poll /proc/net/tcp until both sockets reach their states. */
static bool tcp_states(int a, int sa, int b, int sb)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (proc_net_state("tcp", sock_ino(a)) == sa &&
		    proc_net_state("tcp", sock_ino(b)) == sb)
			return true;
		usleep(10000);
	}
	return false;
}

/*
 * A TCP connection over loopback through its states: established, then
 * after one side's shutdown(SHUT_WR), fin-wait-2 and close-wait, the
 * multi-word names as ss(8) spells them.
 */
static void tcp_connection(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(in);
	int lfd, cfd, afd = -1;
	struct fm_snap s;

	loopback_up();
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || cfd < 0 || bind(lfd, (void *)&in, sizeof(in)) ||
	    listen(lfd, 1) || getsockname(lfd, (void *)&in, &len) ||
	    connect(cfd, (void *)&in, sizeof(in)) ||
	    (afd = accept(lfd, NULL, NULL)) < 0) {
		tap_skip("no TCP over loopback: %s", strerror(errno));
		tap_skip("no TCP over loopback");
		return;
	}
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(sock_line_ok(&s, cfd, "tcp") && sock_line_ok(&s, afd, "tcp") &&
	       fm_is(fm_fd(&s, getpid(), 0, cfd), "sock_state", "established"),
	       "a TCP connection over loopback: both ends established");
	fm_free(&s);
	TAP_REQUIRE(!shutdown(cfd, SHUT_WR) && tcp_states(cfd, 5, afd, 8),
		    "FIN_WAIT2 and CLOSE_WAIT in /proc/net/tcp");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(sock_line_ok(&s, cfd, "tcp") && sock_line_ok(&s, afd, "tcp"),
	       "after shutdown(SHUT_WR): sock_state=fin-wait-2 and close-wait "
	       "(%s, %s)", fm_get(fm_fd(&s, getpid(), 0, cfd), "sock_state"),
	       fm_get(fm_fd(&s, getpid(), 0, afd), "sock_state"));
	fm_free(&s);
	close(lfd);
	close(cfd);
	close(afd);
}

int main(void)
{
	tap_plan(19);
	pairs();
	listener();
	dgram_connect();
	other_families();
	tcp_connection();
	tap_exit();
}
