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
#include "line.h"

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

static void fdm_line_dev(struct fdm_line *l, dev_t dev)
{
	fdm_line_kv(l, " dev=", MAJOR(dev));
	fdm_line_kv(l, ":", MINOR(dev));
}

int fdm_show_task(struct seq_file *m, struct fdm_iter *it)
{
	struct task_struct *task = it->task;
	unsigned int fds = 0, table_refs = 0;
	struct files_struct *files;
	char comm[TASK_COMM_LEN];
	struct fdm_line l;
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
	fdm_line_key(&l, "\n");
	return fdm_line_flush(m, &l);
}

/*
 * Readers, writers and unread bytes, as FIONREAD and F_GETPIPE_SZ see them.
 * Only a file that opened the pipe holds it alive: an O_PATH file on a FIFO
 * has no private_data, so a pipe is trusted only when the file's
 * private_data is the inode's pipe.
 */
static void fdm_show_pipe(struct fdm_line *l, struct file *file)
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

static void fdm_show_socket(struct fdm_line *l, struct file *file)
{
	struct socket *sock = sock_from_file(file);
	struct sock *sk, *peer;
	unsigned long peer_ino = 0;

	if (!sock || !sock->sk)
		return;
	sk = sock->sk;

	fdm_line_name(l, " sock_family=", fdm_families,
		      ARRAY_SIZE(fdm_families), sk->sk_family);
	fdm_line_name(l, " sock_type=", fdm_sock_types,
		      ARRAY_SIZE(fdm_sock_types), sock->type);
	fdm_line_name(l, " sock_state=", fdm_sock_states,
		      ARRAY_SIZE(fdm_sock_states), READ_ONCE(sk->sk_state));
	if (sk->sk_family != AF_UNIX)
		return;
	peer = unix_peer_get(sk);
	if (peer) {
		peer_ino = sock_i_ino(peer);
		sock_put(peer);
	}
	fdm_line_kv(l, " peer_ino=", peer_ino);
}

/* The hot line: one per fd, a million for a million fds. */
int fdm_show_fd(struct seq_file *m, struct fdm_iter *it)
{
	struct file *file = it->file;
	struct inode *inode = file_inode(file);
	struct fdm_line l;
	u64 count;
	int err;

	fdm_line_start(&l);
	fdm_line_kv(&l, "fd pid=", it->tgid);
	fdm_line_key(&l, " table=");
	fdm_line_id(&l, fdm_id(it->table));
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
	fdm_line_str(&l, fdm_type_name(inode->i_mode));
	fdm_line_kv(&l, " nlink=", inode->i_nlink);
	fdm_line_key(&l, " size=");
	fdm_line_s64(&l, i_size_read(inode));
	fdm_line_key(&l, " perm=");
	fdm_line_oct(&l, inode->i_mode & 07777);

	if (S_ISFIFO(inode->i_mode))
		fdm_show_pipe(&l, file);
	else if (S_ISSOCK(inode->i_mode))
		fdm_show_socket(&l, file);
	else if (fdm_is_anon(file, "[eventfd]") && fdm_eventfd_count(file, &count))
		fdm_line_kv(&l, " eventfd_count=", count);

	fdm_line_key(&l, " path=");
	err = fdm_line_flush(m, &l);
	if (err)
		return err;
	seq_file_path(m, file, FDM_ESCAPE);
	seq_putc(m, '\n');
	return 0;
}

int fdm_show_watch(struct seq_file *m, struct fdm_iter *it)
{
	const struct fdm_watch *w = &it->w;
	struct fdm_line l;

	fdm_line_start(&l);
	if (w->tfd < 0) {
		fdm_line_kv(&l, "# watch list truncated pid=", it->tgid);
		fdm_line_kv(&l, " epfd=", it->fd);
		fdm_line_kv(&l, " shown=", it->watch);
		fdm_line_key(&l, "\n");
		return fdm_line_flush(m, &l);
	}
	fdm_line_kv(&l, "watch pid=", it->tgid);
	fdm_line_kv(&l, " epfd=", it->fd);
	fdm_line_kv(&l, " tfd=", w->tfd);
	fdm_line_key(&l, " events=");
	fdm_line_hex(&l, w->events);
	fdm_line_key(&l, " file=");
	if (w->file_id)
		fdm_line_id(&l, w->file_id);
	else
		fdm_line_key(&l, "-");
	fdm_line_kv(&l, " ino=", w->ino);
	fdm_line_dev(&l, w->sdev);
	fdm_line_key(&l, "\n");
	return fdm_line_flush(m, &l);
}

int fdm_show_map(struct seq_file *m, struct fdm_iter *it)
{
	struct inode *inode = file_inode(it->file);
	unsigned long flags = it->vm_flags;
	const char prot[4] = {
		flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
		flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p',
	};
	struct fdm_line l;
	int err;

	fdm_line_start(&l);
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
	fdm_line_key(&l, " path=");
	err = fdm_line_flush(m, &l);
	if (err)
		return err;
	seq_file_path(m, it->file, FDM_ESCAPE);
	seq_putc(m, '\n');
	return 0;
}
