// SPDX-License-Identifier: GPL-2.0
/*
 * One line per record, from objects walk.c has pinned. Each line is printed
 * whole from one pinned object, so it never mixes two states of a slot.
 */
#include <linux/dcache.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/pid_namespace.h>
#include <linux/pipe_fs_i.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/uidgid.h>
#include <net/af_unix.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "compat.h"
#include "fdmodel.h"
#include "line.h"

/*
 * An anonymous inode (epoll, eventfd, timerfd, pidfd, ...), which fstat()
 * shows with no file type bits. The kernel's own mark is S_ANON_INODE
 * (is_anon_inode()) where it has one. Older kernels have none, and the
 * type bits alone are not enough: pidfs inodes (6.9+) are S_IFREG inside
 * the kernel and getattr hides that from fstat(), as anon_inodefs does on
 * kernels whose anonymous inodes carry S_IFREG. So the superblocks that
 * hand out anonymous inodes count too.
 */
static bool fdm_inode_is_anon(const struct inode *inode)
{
#ifdef S_ANON_INODE
	if (is_anon_inode(inode))
		return true;
#endif
	switch (inode->i_sb->s_magic) {
	case ANON_INODE_FS_MAGIC:
#ifdef PID_FS_MAGIC
	case PID_FS_MAGIC:
#endif
		return true;
	}
	return !(inode->i_mode & S_IFMT);
}

/*
 * A file of anon_inode_getfile() named @name ("[eventpoll]"): such files
 * live on the one anon_inodefs inode and differ only by dentry name. Used
 * for epoll, whose own test (is_file_epoll()) is private to fs/eventpoll.c.
 */
bool fdm_is_anon(const struct file *file, const char *name)
{
	const struct dentry *dentry = file->f_path.dentry;

	return file_inode(file)->i_sb->s_magic == ANON_INODE_FS_MAGIC &&
	       !strcmp((const char *)dentry->d_name.name, name);
}

/*
 * The class of an anonymous-inode file, what the kernel named it:
 * anon_inode_getfile("[eventfd]", ...) names the file's dentry, which
 * /proc/PID/fd shows as anon_inode:[eventfd]; the class is that name
 * without its brackets ("inotify" and "bpf-map" have none). pidfs (6.9+)
 * names all its files "anon_inode:[pidfd]" through d_dname, not d_name.
 */
static void fdm_anon_class(const struct file *file, char *buf, size_t size)
{
	struct name_snapshot snap;
	const char *name;
	size_t n;

#ifdef PID_FS_MAGIC
	if (file_inode(file)->i_sb->s_magic == PID_FS_MAGIC) {
		strscpy(buf, "pidfd", size);
		return;
	}
#endif
	take_dentry_name_snapshot(&snap, file->f_path.dentry);
	name = (const char *)snap.name.name;
	n = snap.name.len;
	if (n >= 2 && name[0] == '[' && name[n - 1] == ']') {
		name++;
		n -= 2;
	}
	n = min(n, size - 1);
	memcpy(buf, name, n);
	buf[n] = '\0';
	release_dentry_name_snapshot(&snap);
}

/* " anon=<class>", escaped like path, then the class's fdinfo state. */
static int fdm_show_anon(struct seq_file *m, struct fdm_line *l,
			 struct fdm_iter *it, struct file *file)
{
	char class[64];
	const char *c;

	fdm_anon_class(file, class, sizeof(class));
	if (!class[0])
		return 0;
	fdm_line_key(l, " anon=");
	for (c = class; *c; c++) {
		unsigned char ch = *c;

		if (ch < 0x21 || ch > 0x7e || strchr(FDM_ESCAPE, ch)) {
			char oct[4] = { '\\', '0' + (ch >> 6),
					'0' + ((ch >> 3) & 7), '0' + (ch & 7) };

			fdm_line_mem(l, oct, sizeof(oct));
		} else {
			fdm_line_mem(l, c, 1);
		}
	}
	return fdm_show_anon_state(m, l, &it->scratch, file, class);
}

static const char *fdm_type_name(const struct inode *inode)
{
	if (fdm_inode_is_anon(inode))
		return "anon";
	switch (inode->i_mode & S_IFMT) {
	case S_IFREG:	return "reg";
	case S_IFDIR:	return "dir";
	case S_IFCHR:	return "chr";
	case S_IFBLK:	return "blk";
	case S_IFIFO:	return "fifo";
	case S_IFSOCK:	return "sock";
	case S_IFLNK:	return "lnk";
	default:	return "anon";
	}
}

static const char *fdm_access_mode(fmode_t mode)
{
	switch (mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ | FMODE_WRITE:	return "rw";
	case FMODE_READ:		return "r";
	case FMODE_WRITE:		return "w";
	default:			return "-";
	}
}

static void fdm_line_dev(struct fdm_line *l, dev_t dev)
{
	fdm_line_kv(l, " dev=", MAJOR(dev));
	fdm_line_kv(l, ":", MINOR(dev));
}

int fdm_show_task(struct seq_file *m, struct fdm_iter *it)
{
	struct user_namespace *user_ns = seq_user_ns(m);
	struct task_struct *task = it->task;
	unsigned int fds = 0, table_refs = 0;
	const struct cred *cred;
	uid_t uid, euid;
	struct files_struct *files;
	char comm[TASK_COMM_LEN];
	struct fdm_line l;
	pid_t tid, ppid;

	get_task_comm(comm, task);

	/*
	 * A thread's own block: the tid its cursor stands on, which stays
	 * right once the thread is reaped (task_pid_nr_ns() then gives 0).
	 */
	tid = it->tid ? it->tid : task_pid_nr_ns(task, it->ns);
	/* 0 once the task is reaped: real_parent is then no longer valid. */
	ppid = task_ppid_nr_ns(task, it->ns);

	task_lock(task);
	files = task->files;
	if (files) {
		struct fdtable *fdt;

		table_refs = atomic_read(&files->count);
		rcu_read_lock();
		fdt = files_fdtable(files);
		fds = bitmap_weight(fdt->open_fds, fdt->max_fds);
		rcu_read_unlock();
	}
	task_unlock(task);

	/* As /proc/PID/status shows them, mapped into the reader's userns. */
	rcu_read_lock();
	cred = __task_cred(task);
	uid = from_kuid_munged(user_ns, cred->uid);
	euid = from_kuid_munged(user_ns, cred->euid);
	rcu_read_unlock();

	fdm_line_start(&l);
	fdm_line_kv(&l, "task pid=", it->tgid);
	fdm_line_kv(&l, " tid=", tid);
	fdm_line_key(&l, " comm=");
	seq_write(m, l.buf, l.len);
	seq_escape(m, comm, FDM_ESCAPE);

	l.len = 0;
	fdm_line_key(&l, " table=");
	if (files)
		fdm_line_id(&l, fdm_id(files));
	else
		fdm_line_key(&l, "-");
	fdm_line_kv(&l, " table_refs=", table_refs);
	fdm_line_kv(&l, " fds=", fds);
	fdm_line_key(&l, " ppid=");
	fdm_line_s64(&l, ppid);
	fdm_line_kv(&l, " uid=", uid);
	fdm_line_kv(&l, " euid=", euid);
	fdm_line_key(&l, "\n");
	return fdm_line_flush(m, &l);
}

/*
 * Readers, writers and unread bytes, as FIONREAD and F_GETPIPE_SZ see them.
 * Only a file that opened the pipe holds it alive: an O_PATH file on a FIFO
 * has no private_data, so a pipe is trusted only when the file's
 * private_data is the inode's pipe.
 *
 * Never pipe_lock(): splice() holds the pipe's mutex across I/O (to a slow
 * socket, or while it reads /proc/fdmodel itself into this very pipe), so
 * waiting for it could stall the walk for good. Like pipe_poll(), read the
 * fields without it. rd_wait.lock is a spinlock never held across I/O;
 * pipe_resize_ring() swaps the buffer array under it, so it keeps bufs
 * alive while the lengths are summed. Each field is a value it had at some
 * instant of the read (docs/format.md).
 */
static void fdm_show_pipe(struct fdm_line *l, struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;
	unsigned int readers, writers, size, head, tail, mask;
	size_t bytes = 0;

	if (!pipe || pipe != READ_ONCE(file_inode(file)->i_pipe))
		return;

	readers = READ_ONCE(pipe->readers);
	writers = READ_ONCE(pipe->writers);
	spin_lock_irq(&pipe->rd_wait.lock);
	size = pipe->max_usage * PAGE_SIZE;
	mask = pipe->ring_size - 1;
	head = READ_ONCE(pipe->head);
	tail = READ_ONCE(pipe->tail);
	/* A reader racing us may have moved tail past a stale head. */
	if (head - tail <= pipe->ring_size) {
		for (; tail != head; tail++)
			bytes += READ_ONCE(pipe->bufs[tail & mask].len);
	}
	spin_unlock_irq(&pipe->rd_wait.lock);

	fdm_line_kv(l, " pipe_readers=", readers);
	fdm_line_kv(l, " pipe_writers=", writers);
	fdm_line_kv(l, " pipe_bytes=", bytes);
	fdm_line_kv(l, " pipe_size=", size);
}

/* " key=name", or the number when the table has no name for it. */
static void fdm_line_name(struct fdm_line *l, const char *key,
			  const char *const *names, unsigned int n,
			  unsigned int value)
{
	fdm_line_str(l, key);
	if (value < n && names[value])
		fdm_line_str(l, names[value]);
	else
		fdm_line_u64(l, value);
}

static const char *const fdm_families[] = {
	[AF_UNIX] = "unix", [AF_INET] = "inet", [AF_INET6] = "inet6",
	[AF_NETLINK] = "netlink", [AF_PACKET] = "packet",
};

static const char *const fdm_sock_types[] = {
	[SOCK_STREAM] = "stream", [SOCK_DGRAM] = "dgram", [SOCK_RAW] = "raw",
	[SOCK_RDM] = "rdm", [SOCK_SEQPACKET] = "seqpacket",
	[SOCK_PACKET] = "packet",
};

/* sk_state, as ss(8)'s state filters spell them. */
static const char *const fdm_sock_states[] = {
	[TCP_ESTABLISHED] = "established", [TCP_SYN_SENT] = "syn-sent",
	[TCP_SYN_RECV] = "syn-recv", [TCP_FIN_WAIT1] = "fin-wait-1",
	[TCP_FIN_WAIT2] = "fin-wait-2", [TCP_TIME_WAIT] = "time-wait",
	[TCP_CLOSE] = "close", [TCP_CLOSE_WAIT] = "close-wait",
	[TCP_LAST_ACK] = "last-ack", [TCP_LISTEN] = "listen",
	[TCP_CLOSING] = "closing", [TCP_NEW_SYN_RECV] = "new-syn-recv",
};

/* sk_protocol of an inet socket, as /etc/protocols names it. */
static const char *fdm_ip_proto(unsigned int proto)
{
	switch (proto) {
	case IPPROTO_IP:	return "ip";
	case IPPROTO_ICMP:	return "icmp";
	case IPPROTO_IGMP:	return "igmp";
	case IPPROTO_TCP:	return "tcp";
	case IPPROTO_UDP:	return "udp";
	case IPPROTO_DCCP:	return "dccp";
	case IPPROTO_GRE:	return "gre";
	case IPPROTO_ESP:	return "esp";
	case IPPROTO_AH:	return "ah";
	case IPPROTO_ICMPV6:	return "icmpv6";
	case IPPROTO_SCTP:	return "sctp";
	case IPPROTO_UDPLITE:	return "udplite";
	case IPPROTO_RAW:	return "raw";
	case IPPROTO_MPTCP:	return "mptcp";
	default:		return NULL;
	}
}

/* The NETLINK_* protocols, spelt as their names in <linux/netlink.h>. */
static const char *const fdm_netlink_protos[] = {
	[NETLINK_ROUTE] = "route", [NETLINK_UNUSED] = "unused",
	[NETLINK_USERSOCK] = "usersock", [NETLINK_FIREWALL] = "firewall",
	[NETLINK_SOCK_DIAG] = "sock_diag", [NETLINK_NFLOG] = "nflog",
	[NETLINK_XFRM] = "xfrm", [NETLINK_SELINUX] = "selinux",
	[NETLINK_ISCSI] = "iscsi", [NETLINK_AUDIT] = "audit",
	[NETLINK_FIB_LOOKUP] = "fib_lookup",
	[NETLINK_CONNECTOR] = "connector",
	[NETLINK_NETFILTER] = "netfilter", [NETLINK_IP6_FW] = "ip6_fw",
	[NETLINK_DNRTMSG] = "dnrtmsg",
	[NETLINK_KOBJECT_UEVENT] = "kobject_uevent",
	[NETLINK_GENERIC] = "generic",
	[NETLINK_SCSITRANSPORT] = "scsitransport",
	[NETLINK_ECRYPTFS] = "ecryptfs", [NETLINK_RDMA] = "rdma",
	[NETLINK_CRYPTO] = "crypto", [NETLINK_SMC] = "smc",
};

/* "[::1]:80" into @buf for an inet6 socket; 0 for any other. */
static int fdm_inet6_addr(char *buf, size_t size, const struct sock *sk,
			  bool remote, __be16 port)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		struct in6_addr a = remote ? sk->sk_v6_daddr :
					     sk->sk_v6_rcv_saddr;

		return snprintf(buf, size, "[%pI6c]:%u", &a, ntohs(port));
	}
#endif
	return 0;
}

/* "1.2.3.4:80" or "[::1]:80": what /proc/net/tcp{,6} encode in hex. */
static void fdm_line_inet_addr(struct fdm_line *l, const char *key,
			       const struct sock *sk, bool remote)
{
	const struct inet_sock *inet = inet_sk(sk);
	char buf[sizeof("[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535")];
	__be16 port = remote ? READ_ONCE(inet->inet_dport) :
			       READ_ONCE(inet->inet_sport);
	int n = fdm_inet6_addr(buf, sizeof(buf), sk, remote, port);

	if (!n) {
		__be32 a = remote ? READ_ONCE(inet->inet_daddr) :
				    READ_ONCE(inet->inet_rcv_saddr);

		n = snprintf(buf, sizeof(buf), "%pI4:%u", &a, ntohs(port));
	}
	fdm_line_str(l, key);
	fdm_line_mem(l, buf, min_t(int, n, sizeof(buf) - 1));
}

/*
 * Bytes queued each way, as /proc/net/tcp, udp and raw print them
 * (get_tcp4_sock(), udp4_format_sock(), raw_sock_seq_show()): they read
 * without the socket lock, which a sender holds while it sleeps for
 * memory, and so does this. TCP: unread received bytes (a listener: its
 * accept backlog) and bytes sent but not acknowledged; UDP and the rest:
 * the memory charged to the receive and send queues.
 */
static void fdm_line_inet_queues(struct fdm_line *l, struct sock *sk)
{
	int rxq, txq;

	if (sk->sk_protocol == IPPROTO_TCP && sk->sk_type == SOCK_STREAM) {
		const struct tcp_sock *tp = tcp_sk(sk);

		if (inet_sk_state_load(sk) == TCP_LISTEN)
			rxq = READ_ONCE(sk->sk_ack_backlog);
		else
			rxq = READ_ONCE(tp->rcv_nxt) -
			      READ_ONCE(tp->copied_seq);
		txq = READ_ONCE(tp->write_seq) - READ_ONCE(tp->snd_una);
	} else if ((sk->sk_protocol == IPPROTO_UDP ||
		    sk->sk_protocol == IPPROTO_UDPLITE) &&
		   sk->sk_type == SOCK_DGRAM) {
		rxq = sk_rmem_alloc_get(sk) -
		      READ_ONCE(udp_sk(sk)->forward_deficit);
		txq = sk_wmem_alloc_get(sk);
	} else {
		rxq = sk_rmem_alloc_get(sk);
		txq = sk_wmem_alloc_get(sk);
	}
	/* Unlocked reads of two counters can be transiently negative. */
	fdm_line_kv(l, " sock_rxq=", max(rxq, 0));
	fdm_line_kv(l, " sock_txq=", max(txq, 0));
}

static void fdm_show_inet(struct fdm_line *l, struct sock *sk)
{
	const char *proto = fdm_ip_proto(sk->sk_protocol);

	fdm_line_key(l, " sock_proto=");
	if (proto)
		fdm_line_str(l, proto);
	else
		fdm_line_u64(l, sk->sk_protocol);
	fdm_line_inet_addr(l, " sock_local=", sk, false);
	fdm_line_inet_addr(l, " sock_remote=", sk, true);
	fdm_line_inet_queues(l, sk);
}

/*
 * The bound name, as getsockname() returns it: escaped like path, a
 * leading '@' of a file name too (\100), so that it never reads as an
 * abstract name; an abstract name as '@' and its bytes, a NUL as \000.
 * The address is published once (bind, autobind, or accept copying the
 * listener's) and freed with the socket, which the pinned file holds.
 */
static void fdm_line_unix_path(struct fdm_line *l, struct sock *sk)
{
	const struct unix_address *addr;
	const char *name;
	int i, len;

	/* Pairs with the smp_store_release() publishing it (unix_getname()). */
	addr = smp_load_acquire(&unix_sk(sk)->addr);
	if (!addr)
		return;
	name = addr->name->sun_path;
	len = addr->len - (int)offsetof(struct sockaddr_un, sun_path);
	len = clamp(len, 0, (int)sizeof(addr->name->sun_path));
	if (!len)
		return;
	fdm_line_key(l, " sock_path=");
	i = 0;
	if (!name[0]) {
		fdm_line_key(l, "@");
		i = 1;
	} else {
		/* A file name: bound with its NUL, up to which it counts. */
		len = strnlen(name, len);
	}
	for (; i < len; i++) {
		unsigned char c = name[i];

		if (!c || strchr(FDM_ESCAPE, c) || (c == '@' && i == 0)) {
			char oct[4] = { '\\', '0' + (c >> 6),
					'0' + ((c >> 3) & 7), '0' + (c & 7) };

			fdm_line_mem(l, oct, sizeof(oct));
		} else {
			fdm_line_mem(l, name + i, 1);
		}
	}
}

static int fdm_show_socket(struct seq_file *m, struct fdm_line *l,
			   struct file *file)
{
	struct socket *sock = sock_from_file(file);
	struct sock *sk, *peer;
	unsigned long peer_ino = 0;
	int err;

	if (!sock || !sock->sk)
		return 0;
	sk = sock->sk;

	fdm_line_name(l, " sock_family=", fdm_families,
		      ARRAY_SIZE(fdm_families), sk->sk_family);
	fdm_line_name(l, " sock_type=", fdm_sock_types,
		      ARRAY_SIZE(fdm_sock_types), sock->type);
	fdm_line_name(l, " sock_state=", fdm_sock_states,
		      ARRAY_SIZE(fdm_sock_states), READ_ONCE(sk->sk_state));
	switch (sk->sk_family) {
	case AF_INET:
	case AF_INET6:
		fdm_show_inet(l, sk);
		return 0;
	case AF_NETLINK:
		fdm_line_name(l, " sock_proto=", fdm_netlink_protos,
			      ARRAY_SIZE(fdm_netlink_protos), sk->sk_protocol);
		return 0;
	case AF_UNIX:
		break;
	default:
		return 0;
	}
	peer = unix_peer_get(sk);
	if (peer) {
		peer_ino = sock_i_ino(peer);
		sock_put(peer);
	}
	fdm_line_kv(l, " peer_ino=", peer_ino);
	/* An escaped name takes up to 440 bytes: give it a buffer of its own. */
	err = fdm_line_flush(m, l);
	if (err)
		return err;
	fdm_line_unix_path(l, sk);
	return 0;
}

/* The bytes of FDM_ESCAPE, tested without a strchr() per byte. */
static bool fdm_escaped(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\\';
}

/*
 * seq_path(m, path, FDM_ESCAPE), escaping as its mangle_path() does, which
 * runs a strchr() of the escape set per byte: once per fd, that was a
 * tenth of a whole-system read (bench/README.md). d_path() writes the path
 * at the end of the free space; it is moved to the front, each byte that
 * needs it as \ooo, as long as that does not overtake what is left to move.
 */
static void fdm_seq_path(struct seq_file *m, const struct path *path)
{
	char *buf, *out, *p;
	size_t size = seq_get_buf(m, &buf);

	if (!size)
		goto overflow;
	p = d_path(path, buf, size);
	if (IS_ERR(p))
		goto overflow;
	for (out = buf; *p; p++) {
		unsigned char c = *p;

		if (!fdm_escaped(c)) {
			*out++ = c;
			continue;
		}
		if (out + 4 > p + 1)
			goto overflow;
		*out++ = '\\';
		*out++ = '0' + (c >> 6);
		*out++ = '0' + ((c >> 3) & 7);
		*out++ = '0' + (c & 7);
	}
	seq_commit(m, out - buf);
	return;
overflow:
	/* seq_file retries the record in a larger buffer. */
	seq_commit(m, -1);
}

/*
 * The name d_path() gives a pipe or a socket, "pipe:[INO]" or
 * "socket:[INO]", written into the line: d_path() would build it with
 * pipefs_dname() or sockfs_dname(), a vsnprintf() each, 6% of a
 * whole-system read in the profile. The test is d_path()'s own for a
 * d_dname name (the dentry is not the root of a mount), on the two pseudo
 * filesystems whose d_dname prints that format in 6.1 and 6.12.
 */
static bool fdm_line_pseudo_path(struct fdm_line *l, const struct path *path)
{
	const struct dentry *dentry = path->dentry;

	if (!dentry->d_op || !dentry->d_op->d_dname ||
	    (IS_ROOT(dentry) && dentry == path->mnt->mnt_root))
		return false;
	switch (dentry->d_sb->s_magic) {
	case PIPEFS_MAGIC:
		fdm_line_key(l, "pipe:[");
		break;
	case SOCKFS_MAGIC:
		fdm_line_key(l, "socket:[");
		break;
	default:
		return false;
	}
	fdm_line_u64(l, d_inode(dentry)->i_ino);
	fdm_line_key(l, "]\n");
	return true;
}

/* The hot line: one per fd, a million for a million fds. */
int fdm_show_fd(struct seq_file *m, struct fdm_iter *it)
{
	struct file *file = it->file;
	struct inode *inode = file_inode(file);
	struct fdm_line l fdm_line_uninit;
	int err = 0;

	fdm_line_start_seq(&l, m);
	fdm_line_kv(&l, "fd pid=", it->tgid);
	fdm_line_key(&l, " table=");
	fdm_line_id(&l, fdm_id_cached(&it->table_id, it->table));
	fdm_line_kv(&l, " fd=", it->fd);
	fdm_line_kv(&l, " cloexec=", it->cloexec);
	fdm_line_key(&l, " file=");
	fdm_line_id(&l, fdm_id(file));
	fdm_line_key(&l, " pos=");
	fdm_line_s64(&l, READ_ONCE(file->f_pos));
	fdm_line_key(&l, " flags=");
	fdm_line_oct(&l, file->f_flags);
	fdm_line_key(&l, " mode=");
	fdm_line_str(&l, fdm_access_mode(file->f_mode));
	fdm_line_key(&l, " refs=");
	fdm_line_s64(&l, (long)file_count(file) - 1);
	fdm_line_kv(&l, " ino=", inode->i_ino);
	fdm_line_dev(&l, inode->i_sb->s_dev);
	fdm_line_key(&l, " type=");
	fdm_line_str(&l, fdm_type_name(inode));
	fdm_line_kv(&l, " nlink=", inode->i_nlink);
	fdm_line_key(&l, " size=");
	fdm_line_s64(&l, i_size_read(inode));
	fdm_line_key(&l, " perm=");
	fdm_line_oct(&l, inode->i_mode & 07777);

	if (fdm_inode_is_anon(inode))
		err = fdm_show_anon(m, &l, it, file);
	else if (S_ISFIFO(inode->i_mode))
		fdm_show_pipe(&l, file);
	else if (S_ISSOCK(inode->i_mode))
		err = fdm_show_socket(m, &l, file);
	if (err)
		return err;

	fdm_line_key(&l, " path=");
	if (fdm_line_pseudo_path(&l, &file->f_path))
		return fdm_line_flush(m, &l);
	err = fdm_line_flush(m, &l);
	if (err)
		return err;
	fdm_seq_path(m, &file->f_path);
	seq_putc(m, '\n');
	return 0;
}

/*
 * The comment that ends a list cut short: "# <kind> list truncated pid=P
 * <fd_key>=N shown=M", the lines of that kind listed before the cut.
 */
int fdm_show_cut(struct seq_file *m, const char *kind, pid_t pid,
		 const char *fd_key, unsigned int fd, unsigned int shown)
{
	struct fdm_line l;

	fdm_line_start(&l);
	fdm_line_key(&l, "# ");
	fdm_line_str(&l, kind);
	fdm_line_kv(&l, " list truncated pid=", pid);
	fdm_line_key(&l, " ");
	fdm_line_str(&l, fd_key);
	fdm_line_kv(&l, "=", fd);
	fdm_line_kv(&l, " shown=", shown);
	fdm_line_key(&l, "\n");
	return fdm_line_flush(m, &l);
}

int fdm_show_watch(struct seq_file *m, struct fdm_iter *it)
{
	const struct fdm_watch *w = &it->w;
	struct fdm_line l fdm_line_uninit;

	fdm_line_start_seq(&l, m);
	fdm_line_kv(&l, "watch pid=", it->tgid);
	fdm_line_kv(&l, " epfd=", it->fd);
	fdm_line_kv(&l, " tfd=", w->tfd);
	fdm_line_key(&l, " events=");
	fdm_line_hex(&l, w->events);
	fdm_line_key(&l, " file=");
	fdm_line_id(&l, w->file_id);
	fdm_line_kv(&l, " ino=", w->ino);
	fdm_line_dev(&l, w->sdev);
	fdm_line_key(&l, "\n");
	return fdm_line_flush(m, &l);
}

/*
 * A mapping of an overlayfs or FUSE-passthrough file holds a backing file,
 * which the kernel opened on the underlying filesystem: file= is its id
 * (the one the VMA holds), path=, ino= and dev= are what the user mapped,
 * as /proc/PID/maps prints them, and backing=1 says so.
 */
int fdm_show_map(struct seq_file *m, struct fdm_iter *it)
{
	const struct inode *inode = fdm_user_inode(it->file);
	unsigned long flags = it->vm_flags;
	const char prot[4] = {
		flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
		flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p',
	};
	struct fdm_line l fdm_line_uninit;
	int err;

	fdm_line_start_seq(&l, m);
	fdm_line_kv(&l, "map pid=", it->tgid);
	fdm_line_key(&l, " file=");
	fdm_line_id(&l, fdm_id(it->file));
	fdm_line_key(&l, " start=");
	fdm_line_hex(&l, it->vm_start);
	fdm_line_key(&l, " end=");
	fdm_line_hex(&l, it->vm_end);
	fdm_line_key(&l, " prot=");
	fdm_line_mem(&l, prot, sizeof(prot));
	fdm_line_kv(&l, " off=", (u64)it->vm_pgoff << PAGE_SHIFT);
	fdm_line_kv(&l, " ino=", inode->i_ino);
	fdm_line_dev(&l, inode->i_sb->s_dev);
	fdm_line_kv(&l, " backing=", fdm_is_backing(it->file));
	fdm_line_key(&l, " path=");
	err = fdm_line_flush(m, &l);
	if (err)
		return err;
	fdm_seq_path(m, fdm_user_path(it->file));
	seq_putc(m, '\n');
	return 0;
}
