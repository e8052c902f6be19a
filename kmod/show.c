// SPDX-License-Identifier: GPL-2.0
/*
 * One line per record, from objects walk.c has pinned. Each line is printed
 * whole from one pinned object, so it never mixes two states of a slot.
 */
#include <linux/dcache.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/pid_namespace.h>
#include <linux/pipe_fs_i.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/socket.h>
#include <net/af_unix.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "fdmodel.h"

/* Anonymous inodes (epoll, eventfd, ...) are told apart by dentry name. */
bool fdm_is_anon(const struct file *file, const char *name)
{
	const struct dentry *dentry = file->f_path.dentry;

	return !(file_inode(file)->i_mode & S_IFMT) &&
	       !strcmp((const char *)dentry->d_name.name, name);
}

static const char *fdm_type_name(umode_t mode)
{
	switch (mode & S_IFMT) {
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

/* An id as 16 hex digits; seq_put_hex_ll() is not exported to modules. */
static void fdm_put_id(struct seq_file *m, const char *key, u64 id)
{
	char hex[16];
	int i;

	for (i = sizeof(hex) - 1; i >= 0; i--, id >>= 4)
		hex[i] = hex_asc[id & 0xf];
	seq_puts(m, key);
	seq_write(m, hex, sizeof(hex));
}

static void fdm_put_dev(struct seq_file *m, dev_t dev)
{
	seq_put_decimal_ull(m, " dev=", MAJOR(dev));
	seq_put_decimal_ull(m, ":", MINOR(dev));
}

int fdm_show_task(struct seq_file *m, struct fdm_iter *it)
{
	struct task_struct *task = it->task;
	unsigned int fds = 0, table_refs = 0;
	struct files_struct *files;
	char comm[TASK_COMM_LEN];
	pid_t tid, ppid;

	get_task_comm(comm, task);

	rcu_read_lock();
	tid = task_pid_nr_ns(task, it->ns);
	ppid = task_tgid_nr_ns(rcu_dereference(task->real_parent), it->ns);
	rcu_read_unlock();

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

	seq_printf(m, "task pid=%d tid=%d comm=", it->tgid, tid);
	seq_escape(m, comm, FDM_ESCAPE);
	if (files)
		fdm_put_id(m, " table=", fdm_id(files));
	else
		seq_puts(m, " table=-");
	seq_printf(m, " table_refs=%u fds=%u ppid=%d\n", table_refs, fds, ppid);
	return 0;
}

/*
 * Readers, writers and unread bytes, as FIONREAD and F_GETPIPE_SZ see them.
 * Only a file that opened the pipe holds it alive: an O_PATH file on a FIFO
 * has no private_data, so a pipe is trusted only when the file's
 * private_data is the inode's pipe.
 */
static void fdm_show_pipe(struct seq_file *m, struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;
	unsigned int readers, writers, size, tail, mask;
	size_t bytes = 0;

	if (!pipe || pipe != READ_ONCE(file_inode(file)->i_pipe))
		return;

	pipe_lock(pipe);
	readers = pipe->readers;
	writers = pipe->writers;
	size = pipe->max_usage * PAGE_SIZE;
	mask = pipe->ring_size - 1;
	for (tail = pipe->tail; tail != pipe->head; tail++)
		bytes += pipe->bufs[tail & mask].len;
	pipe_unlock(pipe);

	seq_printf(m, " pipe_readers=%u pipe_writers=%u pipe_bytes=%zu pipe_size=%u",
		   readers, writers, bytes, size);
}

static void fdm_put_name(struct seq_file *m, const char *key,
			 const char *const *names, unsigned int n,
			 unsigned int value)
{
	if (value < n && names[value])
		seq_printf(m, " %s=%s", key, names[value]);
	else
		seq_printf(m, " %s=%u", key, value);
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

static void fdm_show_socket(struct seq_file *m, struct file *file)
{
	struct socket *sock = sock_from_file(file);
	struct sock *sk, *peer;
	unsigned long peer_ino = 0;

	if (!sock || !sock->sk)
		return;
	sk = sock->sk;

	fdm_put_name(m, "sock_family", fdm_families, ARRAY_SIZE(fdm_families),
		     sk->sk_family);
	fdm_put_name(m, "sock_type", fdm_sock_types, ARRAY_SIZE(fdm_sock_types),
		     sock->type);
	fdm_put_name(m, "sock_state", fdm_sock_states,
		     ARRAY_SIZE(fdm_sock_states), READ_ONCE(sk->sk_state));
	if (sk->sk_family != AF_UNIX)
		return;
	peer = unix_peer_get(sk);
	if (peer) {
		peer_ino = sock_i_ino(peer);
		sock_put(peer);
	}
	seq_printf(m, " peer_ino=%lu", peer_ino);
}

/*
 * The hot line: one per fd, a million for a million fds. Fields go out
 * through the seq_put_* helpers, which skip vsnprintf's format parsing.
 */
int fdm_show_fd(struct seq_file *m, struct fdm_iter *it)
{
	struct file *file = it->file;
	struct inode *inode = file_inode(file);
	u64 count;

	seq_put_decimal_ll(m, "fd pid=", it->tgid);
	fdm_put_id(m, " table=", fdm_id(it->table));
	seq_put_decimal_ull(m, " fd=", it->fd);
	seq_put_decimal_ull(m, " cloexec=", it->cloexec);
	fdm_put_id(m, " file=", fdm_id(file));
	seq_put_decimal_ll(m, " pos=", READ_ONCE(file->f_pos));
	seq_printf(m, " flags=0%o mode=%s", file->f_flags,
		   fdm_access_mode(file->f_mode));
	seq_put_decimal_ll(m, " refs=", (long)file_count(file) - 1);
	seq_put_decimal_ull(m, " ino=", inode->i_ino);
	fdm_put_dev(m, inode->i_sb->s_dev);
	seq_puts(m, " type=");
	seq_puts(m, fdm_type_name(inode->i_mode));
	seq_put_decimal_ull(m, " nlink=", inode->i_nlink);
	seq_put_decimal_ll(m, " size=", i_size_read(inode));
	seq_printf(m, " perm=0%o", inode->i_mode & 07777);

	if (S_ISFIFO(inode->i_mode))
		fdm_show_pipe(m, file);
	else if (S_ISSOCK(inode->i_mode))
		fdm_show_socket(m, file);
	else if (fdm_is_anon(file, "[eventfd]") && fdm_eventfd_count(file, &count))
		seq_put_decimal_ull(m, " eventfd_count=", count);

	seq_puts(m, " path=");
	seq_file_path(m, file, FDM_ESCAPE);
	seq_putc(m, '\n');
	return 0;
}

int fdm_show_watch(struct seq_file *m, struct fdm_iter *it)
{
	const struct fdm_watch *w = &it->w;

	if (w->tfd < 0) {
		seq_printf(m, "# watch list truncated pid=%d epfd=%u shown=%u\n",
			   it->tgid, it->fd, it->watch);
		return 0;
	}
	seq_printf(m, "watch pid=%d epfd=%u tfd=%d events=0x%x", it->tgid,
		   it->fd, w->tfd, w->events);
	if (w->file_id)
		fdm_put_id(m, " file=", w->file_id);
	else
		seq_puts(m, " file=-");
	seq_printf(m, " ino=%lu", w->ino);
	fdm_put_dev(m, w->sdev);
	seq_putc(m, '\n');
	return 0;
}

int fdm_show_map(struct seq_file *m, struct fdm_iter *it)
{
	struct inode *inode = file_inode(it->file);
	unsigned long flags = it->vm_flags;

	seq_put_decimal_ll(m, "map pid=", it->tgid);
	fdm_put_id(m, " file=", fdm_id(it->file));
	seq_printf(m, " start=0x%lx end=0x%lx prot=%c%c%c%c off=%llu ino=%lu",
		   it->vm_start, it->vm_end,
		   flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p',
		   (unsigned long long)it->vm_pgoff << PAGE_SHIFT, inode->i_ino);
	fdm_put_dev(m, inode->i_sb->s_dev);
	seq_puts(m, " path=");
	seq_file_path(m, it->file, FDM_ESCAPE);
	seq_putc(m, '\n');
	return 0;
}
