// SPDX-License-Identifier: GPL-2.0
/*
 * What lsof asks of a socket: sock_proto, sock_local and sock_remote
 * against getsockname(), getpeername(), getsockopt(SO_PROTOCOL) and the
 * rows of /proc/net/{tcp,tcp6,udp}; sock_rxq and sock_txq against those
 * rows and FIONREAD/SIOCOUTQ with known unread bytes; a unix socket's
 * sock_path against getsockname() and /proc/net/unix; a netlink socket's
 * sock_proto against SO_PROTOCOL and /proc/net/netlink.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "crosscheck.h"
#include "proc.h"
#include "snapshot.h"
#include "sockdiag.h"
#include "tap.h"

static const struct fm_line *line_of(const struct fm_snap *s, int fd)
{
	return fm_fd(s, getpid(), 0, fd);
}

static const char *get(const struct fm_snap *s, int fd, const char *key)
{
	const struct fm_line *l = line_of(s, fd);

	return l ? fm_get(l, key) : NULL;
}

static bool is(const char *v, const char *want)
{
	return v && want && !strcmp(v, want);
}

/* "1.2.3.4:80" or "[::1]:80", from a sockaddr: the test's own spelling. */
static void addr_str(const struct sockaddr_storage *ss, char *out, size_t sz)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		snprintf(out, sz, "%s:%u", ip, ntohs(in->sin_port));
	} else {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
		snprintf(out, sz, "[%s]:%u", ip, ntohs(in6->sin6_port));
	}
}

/* getsockname() or getpeername(); an unconnected peer is the any address. */
static void name_of(int fd, bool peer, char *out, size_t sz)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len = sizeof(ss);

	if ((peer ? getpeername : getsockname)(fd, (void *)&ss, &len)) {
		memset(&ss, 0, sizeof(ss));
		ss.ss_family = sock_opt(fd, SO_DOMAIN);
	}
	addr_str(&ss, out, sz);
}

static const char *ip_proto_name(int p)
{
	switch (p) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_UDPLITE: return "udplite";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_RAW: return "raw";
	}
	return "?";
}

/*
 * sock_proto, sock_local and sock_remote of @fd against SO_PROTOCOL,
 * getsockname() and getpeername(), and against its row of /proc/net/@table
 * (which shows the bound address, what getsockname() shows for these).
 */
static bool inet_names_ok(const struct fm_snap *s, int fd, const char *table)
{
	char local[64], remote[64];
	struct proc_net_row r;
	const char *proto = ip_proto_name(sock_opt(fd, SO_PROTOCOL));
	bool ok;

	name_of(fd, false, local, sizeof(local));
	name_of(fd, true, remote, sizeof(remote));
	/* Unbound UDP sockets are in no hash table, so in no row either. */
	if (!table)
		r = (struct proc_net_row){ .state = -1 };
	else if (proc_net_row(table, sock_ino(fd), &r)) {
		tap_diag("fd %d: no row in /proc/net/%s", fd, table);
		return false;
	}
	ok = is(get(s, fd, "sock_proto"), proto) &&
	     is(get(s, fd, "sock_local"), local) &&
	     is(get(s, fd, "sock_remote"), remote) &&
	     (!table || (!strcmp(r.local, local) && !strcmp(r.remote, remote)));
	if (!ok)
		tap_diag("fd %d: \"%s\"; kernel: proto %s local %s remote %s, "
			 "/proc/net/%s %s %s", fd,
			 line_of(s, fd) ? line_of(s, fd)->text : "no line",
			 proto, local, remote, table ?: "-", r.local, r.remote);
	return ok;
}

/* sock_rxq and sock_txq against the tx_queue:rx_queue of /proc/net/@table. */
static bool queues_ok(const struct fm_snap *s, int fd, const char *table,
		      long long rxq, long long txq)
{
	struct proc_net_row r;
	const struct fm_line *l = line_of(s, fd);
	bool ok;

	if (!l || proc_net_row(table, sock_ino(fd), &r))
		return false;
	ok = fm_numd(l, "sock_rxq") == (long long)r.rxq &&
	     fm_numd(l, "sock_txq") == (long long)r.txq &&
	     (rxq < 0 || fm_numd(l, "sock_rxq") == rxq) &&
	     (txq < 0 || fm_numd(l, "sock_txq") == txq);
	if (!ok)
		tap_diag("fd %d: sock_rxq=%s sock_txq=%s; /proc/net/%s rx %lu tx %lu; "
			 "expected rx %lld tx %lld", fd, fm_get(l, "sock_rxq"),
			 fm_get(l, "sock_txq"), table, r.rxq, r.txq, rxq, txq);
	return ok;
}

static int ioctl_int(int fd, unsigned long req)
{
	int v = -1;

	return ioctl(fd, req, &v) ? -1 : v;
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

/* A listener on @addr (port 0: the kernel picks) and @addr's length. */
static int listen_on(int family, const char *ip, struct sockaddr_storage *ss,
		     socklen_t *len, int backlog)
{
	int fd = socket(family, SOCK_STREAM, 0);

	memset(ss, 0, sizeof(*ss));
	ss->ss_family = family;
	if (family == AF_INET)
		inet_pton(AF_INET, ip, &((struct sockaddr_in *)ss)->sin_addr);
	else
		inet_pton(AF_INET6, ip,
			  &((struct sockaddr_in6 *)ss)->sin6_addr);
	*len = family == AF_INET ? sizeof(struct sockaddr_in) :
				   sizeof(struct sockaddr_in6);
	if (fd < 0 || bind(fd, (void *)ss, *len) || listen(fd, backlog) ||
	    getsockname(fd, (void *)ss, len)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/*
 * Poll /proc/net/@table until @fd's rx_queue is @rxq and its tx_queue
 * @txq (-1: any), deadline 5 s.
 */
static bool settle(const char *table, int fd, long rxq, long txq)
{
	struct proc_net_row r;
	int i;

	for (i = 0; i < 500; i++) {
		if (!proc_net_row(table, sock_ino(fd), &r) &&
		    (rxq < 0 || r.rxq == (unsigned long)rxq) &&
		    (txq < 0 || r.txq == (unsigned long)txq))
			return true;
		usleep(10000);
	}
	return false;
}

/*
 * A TCP listener, a connection and a listener with a backlog, over
 * @family's loopback: names, then queues with known unread bytes.
 */
static void tcp(int family, const char *ip, const char *table)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int lfd, cfd = -1, afd = -1, l2, p1, p2, i;
	char buf[100] = { 0 };
	const char *v = family == AF_INET ? "IPv4" : "IPv6";
	struct fm_snap s;
	bool ok;

	lfd = listen_on(family, ip, &ss, &len, 4);
	cfd = socket(family, SOCK_STREAM, 0);
	if (lfd < 0 || cfd < 0 || connect(cfd, (void *)&ss, len) ||
	    (afd = accept(lfd, NULL, NULL)) < 0) {
		for (i = 0; i < 5; i++)
			tap_skip("no TCP over %s loopback: %s", v,
				 strerror(errno));
		return;
	}
	TAP_REQUIRE(write(cfd, buf, sizeof(buf)) == sizeof(buf), "write");
	TAP_REQUIRE(settle(table, afd, sizeof(buf), -1) &&
		    settle(table, cfd, 0, 0) &&
		    ioctl_int(afd, FIONREAD) == sizeof(buf) &&
		    ioctl_int(cfd, SIOCOUTQ) == 0,
		    "100 bytes queued and acknowledged");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(inet_names_ok(&s, lfd, table) &&
	       is(get(&s, lfd, "sock_proto"), "tcp"),
	       "%s TCP listener on %s: sock_proto=tcp, sock_local=%s, as "
	       "getsockname() and /proc/net/%s say", v, ip,
	       get(&s, lfd, "sock_local"), table);
	tap_ok(inet_names_ok(&s, cfd, table) && inet_names_ok(&s, afd, table) &&
	       is(get(&s, cfd, "sock_remote"), get(&s, afd, "sock_local")) &&
	       is(get(&s, afd, "sock_remote"), get(&s, cfd, "sock_local")),
	       "%s TCP connection: each end's sock_local and sock_remote as "
	       "getsockname(), getpeername() and /proc/net/%s say, crossed", v,
	       table);
	tap_ok(queues_ok(&s, afd, table, sizeof(buf), 0) &&
	       queues_ok(&s, cfd, table, 0, 0),
	       "%s TCP: 100 bytes written and not read: sock_rxq=100 on the "
	       "receiving end (FIONREAD and /proc/net/%s agree)", v, table);
	fm_free(&s);

	/*
	 * Fill the receiver until the sender's queue holds what the window
	 * refuses: sock_txq is then write_seq - snd_una, SIOCOUTQ's answer.
	 * Settled when both ioctls hold still and /proc/net agrees.
	 */
	fcntl(cfd, F_SETFL, O_NONBLOCK);
	{
		static char big[65536];

		while (write(cfd, big, sizeof(big)) > 0)
			;
	}
	ok = false;
	for (i = 0; i < 100 && !ok; i++) {
		int in, out;
		struct proc_net_row ra, rc;

		usleep(50000);
		in = ioctl_int(afd, FIONREAD);
		out = ioctl_int(cfd, SIOCOUTQ);
		if (proc_net_row(table, sock_ino(afd), &ra) ||
		    proc_net_row(table, sock_ino(cfd), &rc) ||
		    ra.rxq != (unsigned long)in || rc.txq != (unsigned long)out)
			continue;
		TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
		ok = in == ioctl_int(afd, FIONREAD) &&
		     out == ioctl_int(cfd, SIOCOUTQ) && out > 0 &&
		     queues_ok(&s, afd, table, in, -1) &&
		     queues_ok(&s, cfd, table, -1, out);
		if (ok)
			tap_diag("receiver holds %d unread, sender %d unacknowledged",
				 in, out);
		fm_free(&s);
	}
	tap_ok(ok, "%s TCP with a full window: sock_txq equals SIOCOUTQ (> 0), "
	       "sock_rxq FIONREAD, as /proc/net/%s says", v, table);

	/* Two connections the listener has not accepted: rx_queue is 2. */
	l2 = listen_on(family, ip, &ss, &len, 4);
	p1 = socket(family, SOCK_STREAM, 0);
	p2 = socket(family, SOCK_STREAM, 0);
	TAP_REQUIRE(l2 >= 0 && p1 >= 0 && p2 >= 0 &&
		    !connect(p1, (void *)&ss, len) &&
		    !connect(p2, (void *)&ss, len) && settle(table, l2, 2, -1),
		    "backlog of two");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(queues_ok(&s, l2, table, 2, -1) &&
	       is(get(&s, l2, "sock_state"), "listen"),
	       "%s TCP listener with two connections not accepted: "
	       "sock_rxq=2, sock_txq as /proc/net/%s says", v, table);
	fm_free(&s);
	close(l2);
	close(p1);
	close(p2);
	close(lfd);
	close(cfd);
	close(afd);
}

/* An IPv6 socket talking to an IPv4 listener: v4-mapped addresses. */
static void v4_mapped(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 m = { .sin6_family = AF_INET6 };
	socklen_t len;
	int lfd, cfd;
	struct fm_snap s;

	lfd = listen_on(AF_INET, "127.0.0.1", &ss, &len, 1);
	cfd = socket(AF_INET6, SOCK_STREAM, 0);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
	m.sin6_port = ((struct sockaddr_in *)&ss)->sin_port;
	if (lfd < 0 || cfd < 0 || connect(cfd, (void *)&m, sizeof(m))) {
		tap_skip("no v4-mapped connection: %s", strerror(errno));
		if (lfd >= 0)
			close(lfd);
		if (cfd >= 0)
			close(cfd);
		return;
	}
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(inet_names_ok(&s, cfd, "tcp6") &&
	       !strncmp(get(&s, cfd, "sock_remote") ?: "", "[::ffff:127.0.0.1]:", 19),
	       "an IPv6 socket connected to 127.0.0.1: sock_remote=%s, "
	       "v4-mapped as getpeername() and /proc/net/tcp6 say",
	       get(&s, cfd, "sock_remote"));
	fm_free(&s);
	close(lfd);
	close(cfd);
}

static void udp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, b = a;
	socklen_t alen = sizeof(a), blen = sizeof(b);
	int u1, u2, u3, n;
	char buf[100] = { 0 };
	struct fm_snap s;
	bool ok;

	a.sin_addr.s_addr = b.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	u1 = socket(AF_INET, SOCK_DGRAM, 0);
	u2 = socket(AF_INET, SOCK_DGRAM, 0);
	u3 = socket(AF_INET, SOCK_DGRAM, 0);
	TAP_REQUIRE(u1 >= 0 && u2 >= 0 && u3 >= 0 &&
		    !bind(u1, (void *)&a, alen) &&
		    !getsockname(u1, (void *)&a, &alen) &&
		    !bind(u2, (void *)&b, blen) &&
		    !connect(u2, (void *)&a, alen), "udp sockets");
	TAP_REQUIRE(send(u2, buf, sizeof(buf), 0) == sizeof(buf), "send");
	n = ioctl_int(u1, FIONREAD);
	TAP_REQUIRE(n == sizeof(buf), "one datagram of 100 bytes queued");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(inet_names_ok(&s, u1, "udp") && inet_names_ok(&s, u2, "udp") &&
	       inet_names_ok(&s, u3, NULL) &&
	       is(get(&s, u2, "sock_remote"), get(&s, u1, "sock_local")) &&
	       is(get(&s, u3, "sock_local"), "0.0.0.0:0"),
	       "UDP sockets bound, connected and neither: sock_proto=udp and "
	       "the addresses getsockname(), getpeername() and /proc/net/udp give");
	ok = queues_ok(&s, u1, "udp", -1, -1) &&
	     fm_numd(line_of(&s, u1), "sock_rxq") >= n &&
	     queues_ok(&s, u2, "udp", 0, -1);
	tap_ok(ok, "UDP: a 100-byte datagram not read: sock_rxq=%s, the memory "
	       "/proc/net/udp shows in rx_queue", get(&s, u1, "sock_rxq"));
	fm_free(&s);
	close(u1);
	close(u2);
	close(u3);
}

/* What sock_path should be, in the test's own spelling of the escapes. */
static void expected_path(const struct sockaddr_un *a, socklen_t len,
			  char *out, size_t sz)
{
	size_t n = len - offsetof(struct sockaddr_un, sun_path), i, o = 0;
	bool abstract = len > offsetof(struct sockaddr_un, sun_path) &&
			!a->sun_path[0];

	if (!abstract)
		n = strnlen(a->sun_path, n);
	for (i = 0; i < n && o + 5 < sz; i++) {
		unsigned char c = a->sun_path[i];

		if (abstract && i == 0)
			out[o++] = '@';
		else if (!c || c == ' ' || c == '\t' || c == '\n' ||
			 c == '\\' || (c == '@' && i == 0))
			o += snprintf(out + o, sz - o, "\\%03o", c);
		else
			out[o++] = c;
	}
	out[o] = '\0';
}

/*
 * sock_path of @fd against getsockname() and the Path of /proc/net/unix;
 * an unbound socket has no sock_path and no Path.
 */
static bool unix_path_ok(const struct fm_snap *s, int fd)
{
	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	char want[512], proc[512], raw[256];
	const char *got = get(s, fd, "sock_path");
	int listed = proc_net_unix_path(sock_ino(fd), proc, sizeof(proc));
	ssize_t n, i;
	bool ok;

	if (getsockname(fd, (void *)&a, &len) || listed < 0)
		return false;
	if (len <= offsetof(struct sockaddr_un, sun_path)) {
		ok = !got && !listed;
		if (!ok)
			tap_diag("fd %d: unbound, yet sock_path=%s", fd, got);
		return ok;
	}
	expected_path(&a, len, want, sizeof(want));
	n = got ? fm_unescape(got, raw, sizeof(raw)) : -1;
	for (i = 0; i < n; i++)
		if (!raw[i])
			raw[i] = '@';	/* /proc/net/unix shows NULs so */
	ok = is(got, want) && listed && n >= 0 && !strcmp(raw, proc);
	if (!ok)
		tap_diag("fd %d: sock_path=%s, expected %s; /proc/net/unix \"%s\"",
			 fd, got, want, listed ? proc : "(none)");
	return ok;
}

static void unix_names(void)
{
	struct sockaddr_un fs = { .sun_family = AF_UNIX }, ab = fs, rel = fs;
	char *dir = make_tmpdir(), cwd[512];
	socklen_t ablen;
	int lfd, cfd, afd, abs, unb, rfd;
	struct fm_snap s;
	static const char name[] = "fdmodel-inet\0a b";

	TAP_REQUIRE(dir && getcwd(cwd, sizeof(cwd)), "tmpdir");
	snprintf(fs.sun_path, sizeof(fs.sun_path), "%s/s ock\\1", dir);
	memcpy(ab.sun_path + 1, name, sizeof(name) - 1);
	ablen = offsetof(struct sockaddr_un, sun_path) + sizeof(name);
	snprintf(rel.sun_path, sizeof(rel.sun_path), "@rel");
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	cfd = socket(AF_UNIX, SOCK_STREAM, 0);
	abs = socket(AF_UNIX, SOCK_DGRAM, 0);
	unb = socket(AF_UNIX, SOCK_DGRAM, 0);
	rfd = socket(AF_UNIX, SOCK_DGRAM, 0);
	TAP_REQUIRE(lfd >= 0 && cfd >= 0 && abs >= 0 && unb >= 0 && rfd >= 0 &&
		    !bind(lfd, (void *)&fs, sizeof(fs)) && !listen(lfd, 1) &&
		    !connect(cfd, (void *)&fs, sizeof(fs)) &&
		    (afd = accept(lfd, NULL, NULL)) >= 0 &&
		    !bind(abs, (void *)&ab, ablen) && !chdir(dir) &&
		    !bind(rfd, (void *)&rel, sizeof(rel)) && !chdir(cwd),
		    "unix sockets");
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(unix_path_ok(&s, lfd) && unix_path_ok(&s, afd),
	       "a unix socket bound to a path: sock_path=%s, escaped, as "
	       "getsockname() and /proc/net/unix say (the accepted socket too)",
	       get(&s, lfd, "sock_path"));
	tap_ok(unix_path_ok(&s, abs),
	       "an abstract name with a NUL and a space: sock_path=%s",
	       get(&s, abs, "sock_path"));
	tap_ok(unix_path_ok(&s, rfd) &&
	       is(get(&s, rfd, "sock_path"), "\\100rel"),
	       "a file name that starts with '@': sock_path=%s, never an "
	       "abstract name", get(&s, rfd, "sock_path"));
	tap_ok(unix_path_ok(&s, unb) && unix_path_ok(&s, cfd) &&
	       !get(&s, unb, "sock_path") && !get(&s, cfd, "sock_path"),
	       "unbound unix sockets (the connecting one too) have no sock_path");
	tap_ok(fm_valid(&s), "the listing passes the strict checker");
	fm_free(&s);
	close(lfd);
	close(cfd);
	close(afd);
	close(abs);
	close(unb);
	close(rfd);
	remove_tree(dir);
}

static void netlink(void)
{
	static const struct { int proto; const char *name; } nl[] = {
		{ NETLINK_ROUTE, "route" },
		{ NETLINK_SOCK_DIAG, "sock_diag" },
		{ NETLINK_KOBJECT_UEVENT, "kobject_uevent" },
		{ NETLINK_GENERIC, "generic" },
		{ NETLINK_AUDIT, "audit" },
	};
	struct sockaddr_nl any = { .nl_family = AF_NETLINK };
	int fd[5], i, n = sizeof(nl) / sizeof(nl[0]);
	struct fm_snap s;
	bool ok = true;

	/* /proc/net/netlink lists bound sockets only: autobind each. */
	for (i = 0; i < n; i++) {
		fd[i] = socket(AF_NETLINK, SOCK_RAW, nl[i].proto);
		if (fd[i] >= 0 && bind(fd[i], (void *)&any, sizeof(any))) {
			close(fd[i]);
			fd[i] = -1;
		}
	}
	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	for (i = 0; i < n; i++) {
		if (fd[i] < 0)
			continue;	/* not in this kernel (audit) */
		if (sock_opt(fd[i], SO_PROTOCOL) != nl[i].proto ||
		    proc_net_netlink_proto(sock_ino(fd[i])) != nl[i].proto ||
		    !is(get(&s, fd[i], "sock_proto"), nl[i].name)) {
			tap_diag("netlink %s: \"%s\"; /proc/net/netlink %d",
				 nl[i].name, line_of(&s, fd[i]) ?
				 line_of(&s, fd[i])->text : "no line",
				 proc_net_netlink_proto(sock_ino(fd[i])));
			ok = false;
		}
	}
	tap_ok(ok && fd[0] >= 0,
	       "netlink sockets: sock_proto=route, sock_diag, kobject_uevent, "
	       "generic, audit, as SO_PROTOCOL and /proc/net/netlink say");
	fm_free(&s);
	for (i = 0; i < n; i++)
		if (fd[i] >= 0)
			close(fd[i]);
}

int main(void)
{
	tap_plan(19);
	loopback_up();
	tcp(AF_INET, "127.0.0.1", "tcp");
	tcp(AF_INET6, "::1", "tcp6");
	v4_mapped();
	udp();
	unix_names();
	netlink();
	tap_exit();
}
