// SPDX-License-Identifier: GPL-2.0
/*
 * The walk behind /proc/fdmodel: a cursor over every process's fd table,
 * epoll interest lists, inotify and fanotify marks, file locks and file
 * mappings, streamed through seq_file.
 *
 * seq_file asks for records by index. Records come from a live system, so
 * instead of counting from the start on each read() (quadratic for a million
 * fds) the cursor remembers where it stands: the block (tgid, tid), the
 * phase within it and the fd, watch or address. start() for the index the
 * cursor is on resumes there, at the cost of one record (a watch: one
 * descent of its interest list's tree); any other index rewinds and walks
 * forward, which only lseek() does. Resolving the cursor finds the first record at
 * or after it that still exists and pins what that record prints (task,
 * file); the pins are dropped in stop(), at the end of every read().
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "compat.h"
#include "fdmodel.h"

static void fdm_put_file(struct fdm_iter *it)
{
	if (it->file) {
		fput(it->file);
		it->file = NULL;
	}
}

void fdm_unpin(struct fdm_iter *it)
{
	fdm_put_file(it);
	if (it->task) {
		put_task_struct(it->task);
		it->task = NULL;
	}
	/* The cached text may belong to a file freed once unpinned. */
	it->marks.owner = NULL;
}

static void fdm_set_block(struct fdm_iter *it, pid_t tgid, pid_t tid)
{
	it->phase = FDM_TASK;
	it->tgid = tgid;
	it->tid = tid;
}

void fdm_rewind(struct fdm_iter *it)
{
	fdm_unpin(it);
	fdm_locks_reset(&it->locks);
	it->pos = 0;
	it->phase = FDM_HEADER;
}

/*
 * The task whose fd table stands for the process in its main block: the
 * leader, or, once the leader has exited (main called pthread_exit() while
 * its threads run on) and dropped its table, the live thread with the
 * lowest tid. Without this every surviving thread would look unshared.
 * *@files is the table as read when choosing: the task may drop it any
 * time, and a second read could give NULL, which every other thread's
 * table differs from.
 */
static struct task_struct *fdm_main_task(struct task_struct *leader,
					 struct files_struct **files,
					 struct pid_namespace *ns)
{
	struct task_struct *t, *best = NULL;
	struct files_struct *best_files = NULL;
	pid_t best_tid = 0;

	*files = READ_ONCE(leader->files);
	if (*files)
		return leader;
	for_each_thread(leader, t) {
		struct files_struct *f = READ_ONCE(t->files);
		pid_t tid = task_pid_nr_ns(t, ns);

		if (!f)
			continue;
		if (!best || tid < best_tid) {
			best = t;
			best_files = f;
			best_tid = tid;
		}
	}
	*files = best_files;
	return best ? best : leader;
}

/* Does a thread of @leader's group with a tid below @tid use @files? */
static bool fdm_table_seen_before(struct task_struct *leader,
				  struct files_struct *files, pid_t tid,
				  struct pid_namespace *ns)
{
	struct task_struct *t;

	for_each_thread(leader, t) {
		if (READ_ONCE(t->files) == files && task_pid_nr_ns(t, ns) < tid)
			return true;
	}
	return false;
}

/*
 * The first thread of @leader's group with tid >= @from (in @ns) that
 * stands for a table other than @main_files: it unshared its table and
 * gets a block of its own, one per table (threads that share an unshared
 * table are listed once, under the lowest tid). Threads that have dropped
 * their table on the way out have no block. Threads are not kept in tid
 * order, so look at all of them. *@tid_out is the thread's tid as compared
 * with @from: read again, it would be 0 once the thread is reaped, which
 * it may be by the end of this walk (RCU keeps only its task_struct), and
 * a cursor tid of 0 names the main block.
 */
static struct task_struct *fdm_unshared_thread(struct task_struct *leader,
					       struct files_struct *main_files,
					       pid_t from, pid_t *tid_out,
					       struct pid_namespace *ns)
{
	struct task_struct *t, *best = NULL;
	pid_t best_tid = 0;

	for_each_thread(leader, t) {
		struct files_struct *files = READ_ONCE(t->files);
		pid_t tid = task_pid_nr_ns(t, ns);

		if (!files || files == main_files || tid < from)
			continue;
		if (best && tid >= best_tid)
			continue;
		if (fdm_table_seen_before(leader, files, tid, ns))
			continue;
		best = t;
		best_tid = tid;
	}
	*tid_out = best_tid;
	return best;
}

/* Pin the task of the first block at or after the cursor's (tgid, tid). */
static bool fdm_pin_block(struct fdm_iter *it)
{
	struct task_struct *leader, *task;
	struct files_struct *main_files;
	struct pid *pid;
	pid_t nr, tid;

	for (;;) {
		if (it->filter_tgid && it->tgid != it->filter_tgid)
			return false;

		rcu_read_lock();
		pid = find_ge_pid(it->tgid, it->ns);
		if (!pid) {
			rcu_read_unlock();
			return false;
		}
		nr = pid_nr_ns(pid, it->ns);
		if (nr != it->tgid)
			fdm_set_block(it, nr, 0);
		if (it->filter_tgid && it->tgid != it->filter_tgid) {
			rcu_read_unlock();
			return false;
		}

		leader = pid_task(pid, PIDTYPE_TGID);
		task = leader ? fdm_main_task(leader, &main_files, it->ns) : NULL;
		if (task && it->tid) {
			task = fdm_unshared_thread(leader, main_files, it->tid,
						   &tid, it->ns);
			if (task)
				it->tid = tid;
		}
		if (task) {
			get_task_struct(task);
			rcu_read_unlock();
			it->task = task;
			return true;
		}
		rcu_read_unlock();
		/* Not a thread group, or no more blocks in it. */
		fdm_set_block(it, it->tgid + 1, 0);
	}
}

/*
 * Take a reference on the file in the first open fd >= *@fd of @task's
 * table, as __fget_files_rcu() in fs/file.c does for one fd. From 6.7 the
 * filp cache is SLAB_TYPESAFE_BY_RCU: a file seen under RCU may have been
 * freed and reused for another open. So after taking the reference, both
 * the slot and the table are re-checked: expand_fdtable() may have replaced
 * the table, and a close() after that clears only the new one, so a stale
 * table can still point at a file that is someone else's by now. A failed
 * check or a dying file means the slot is read again, in the current table.
 */
static struct file *fdm_get_next_file(struct task_struct *task,
				      unsigned int *fd, const void **table,
				      bool *cloexec)
{
	struct files_struct *files;
	struct file *file = NULL;
	struct fdtable *fdt;
	unsigned int n = *fd;

	task_lock(task);
	files = task->files;
	if (!files)
		goto out_unlock;

	rcu_read_lock();
	for (;;) {
		fdt = files_fdtable(files);
		n = find_next_bit(fdt->open_fds, fdt->max_fds, n);
		if (n >= fdt->max_fds) {
			file = NULL;
			break;
		}
		file = fdm_slot(fdt, n);
		/* Open bit without a file: another thread is inside open(). */
		if (!file) {
			n++;
			continue;
		}
		if (!fdm_file_tryget(file))
			continue;
		if (file == fdm_slot(fdt, n) && fdt == files_fdtable(files)) {
			*fd = n;
			*table = files;
			*cloexec = fdm_close_on_exec(n, files, fdt);
			break;
		}
		fput(file);
	}
	rcu_read_unlock();
out_unlock:
	task_unlock(task);
	return file;
}

static bool fdm_pin_fd(struct fdm_iter *it)
{
	it->file = fdm_get_next_file(it->task, &it->fd, &it->table,
				     &it->cloexec);
	if (!it->file)
		return false;
	it->is_epoll = fdm_is_anon(it->file, "[eventpoll]");
	it->notify = fdm_notify_of(it->file);
	return true;
}

/* After an fd's line and its list: its locks, with its file if pinned. */
static void fdm_to_locks(struct fdm_iter *it, unsigned int fd)
{
	if (it->fd != fd)
		fdm_put_file(it);
	it->fd = fd;
	it->phase = FDM_LOCK;
	it->locks.loaded = false;
}

/*
 * The first watch at or after the cursor's key in the interest list of the
 * epoll file at it->fd. The epoll file stays pinned from its fd record
 * through its watches within one read(); a later read() pins it again.
 */
static bool fdm_pin_watch(struct fdm_iter *it)
{
	unsigned int fd = it->fd;

	if (!it->file && (!fdm_pin_fd(it) || it->fd != fd || !it->is_epoll))
		goto gone;
	if (fdm_epoll_watch(it->file, it->watch_file, it->watch_fd, &it->w)) {
		it->watch_file = it->w.key;
		it->watch_fd = it->w.tfd;
		return true;
	}
gone:
	fdm_to_locks(it, fd);
	return false;
}

/*
 * Mark number it->marks.idx of the inotify or fanotify group at it->fd.
 * The group's file stays pinned from its fd record through its last mark
 * within one read(), so the text cached for it cannot belong to another
 * file; a later read() loads it again.
 */
static bool fdm_pin_mark(struct fdm_iter *it)
{
	unsigned int fd = it->fd;
	enum fdm_notify notify = it->notify;

	if (!it->file &&
	    (!fdm_pin_fd(it) || it->fd != fd || it->notify != notify))
		goto gone;
	if (fdm_marks_pin(&it->marks, &it->scratch, it->file, notify))
		return true;
gone:
	it->marks.owner = NULL;
	fdm_to_locks(it, fd);
	return false;
}

/*
 * The lock records of the slot at it->fd, after its fd line and its list:
 * a batch at a time, each loaded while the slot's file is pinned.
 */
static bool fdm_pin_lock(struct fdm_iter *it)
{
	struct fdm_locks *l = &it->locks;
	unsigned int fd = it->fd;

	for (;;) {
		if (l->loaded && l->idx < l->n)
			return true;
		if (l->loaded && !l->more)
			break;
		if (!it->file && (!fdm_pin_fd(it) || it->fd != fd))
			break;
		fdm_locks_load(l, it->file, it->table);
	}
	/* Carry on with the next fd. */
	fdm_put_file(it);
	l->loaded = false;
	it->fd = fd + 1;
	it->phase = FDM_FD;
	return false;
}

/* Pin the file of the first file-backed VMA ending above it->addr. */
static bool fdm_pin_map(struct fdm_iter *it)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	bool found = false;

	/* Threads share the leader's mm: list the mappings once. */
	if (it->tid)
		return false;
	mm = get_task_mm(it->task);
	if (!mm)
		return false;
	if (mmap_read_lock_killable(mm))
		goto out_put;

	for (vma = find_vma(mm, it->addr); vma; vma = find_vma(mm, vma->vm_end)) {
		if (!vma->vm_file)
			continue;
		it->file = get_file(vma->vm_file);
		it->addr = vma->vm_start;
		it->vm_start = vma->vm_start;
		it->vm_end = vma->vm_end;
		it->vm_flags = vma->vm_flags;
		it->vm_pgoff = vma->vm_pgoff;
		found = true;
		break;
	}
	mmap_read_unlock(mm);
out_put:
	mmput(mm);
	return found;
}

/* Move the cursor to the first record at or after it; false at the end. */
static bool fdm_resolve(struct fdm_iter *it)
{
	for (;;) {
		if (it->phase == FDM_HEADER)
			return true;
		if (it->phase == FDM_END)
			return false;

		if (!it->task) {
			pid_t tgid = it->tgid, tid = it->tid;

			if (!fdm_pin_block(it)) {
				it->phase = FDM_END;
				return false;
			}
			/* That block is gone: start the next one. */
			if (it->tgid != tgid || it->tid != tid)
				it->phase = FDM_TASK;
		}

		switch (it->phase) {
		case FDM_TASK:
			return true;
		case FDM_FD:
			if (fdm_pin_fd(it))
				return true;
			it->phase = FDM_MAP;
			it->addr = 0;
			break;
		case FDM_WATCH:
			if (fdm_pin_watch(it))
				return true;
			break;
		case FDM_MARK:
			if (fdm_pin_mark(it))
				return true;
			break;
		case FDM_LOCK:
			if (fdm_pin_lock(it))
				return true;
			break;
		case FDM_MAP:
			if (fdm_pin_map(it))
				return true;
			fdm_unpin(it);
			fdm_set_block(it, it->tgid, it->tid + 1);
			break;
		default:
			return false;
		}
	}
}

/* Step past the record the cursor is on, to the next one. */
static bool fdm_advance(struct fdm_iter *it)
{
	it->pos++;

	switch (it->phase) {
	case FDM_HEADER:
		fdm_set_block(it, it->filter_tgid ? it->filter_tgid : 1, 0);
		break;
	case FDM_TASK:
		it->phase = FDM_FD;
		it->fd = 0;
		break;
	case FDM_FD:
		if (it->is_epoll) {
			/* Keep the epoll file pinned for its watches. */
			it->phase = FDM_WATCH;
			it->watch_file = 0;
			it->watch_fd = 0;
		} else if (it->notify) {
			/* Keep the group's file pinned for its marks. */
			it->phase = FDM_MARK;
			it->marks.idx = 0;
		} else {
			/* Keep the file pinned to load its locks. */
			it->phase = FDM_LOCK;
			it->locks.loaded = false;
		}
		break;
	case FDM_WATCH:
		/* Keys are (file, fd) pairs: the next one is past this fd. */
		it->watch_fd++;
		break;
	case FDM_MARK:
		it->marks.idx++;
		break;
	case FDM_LOCK:
		it->locks.idx++;
		break;
	case FDM_MAP:
		fdm_put_file(it);
		it->addr = it->vm_end;
		break;
	default:
		return false;
	}
	return fdm_resolve(it);
}

static void *fdm_start(struct seq_file *m, loff_t *pos)
{
	struct fdm_iter *it = m->private;

	if (*pos == 0 || *pos != it->pos)
		fdm_rewind(it);
	if (!fdm_resolve(it))
		return NULL;
	while (it->pos < *pos) {
		if (!fdm_advance(it))
			return NULL;
	}
	return it;
}

static void *fdm_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct fdm_iter *it = m->private;
	bool more = fdm_advance(it);

	*pos = it->pos;
	return more ? it : NULL;
}

static void fdm_stop(struct seq_file *m, void *v)
{
	fdm_unpin(m->private);
}

static int fdm_show(struct seq_file *m, void *v)
{
	struct fdm_iter *it = v;

	switch (it->phase) {
	case FDM_HEADER:
		seq_printf(m, "# fdmodel %d\n", FDM_FORMAT_VERSION);
		return 0;
	case FDM_TASK:
		return fdm_show_task(m, it);
	case FDM_FD:
		return fdm_show_fd(m, it);
	case FDM_WATCH:
		return fdm_show_watch(m, it);
	case FDM_MARK:
		return fdm_show_mark(m, it);
	case FDM_LOCK:
		return fdm_show_lock(m, it);
	case FDM_MAP:
		return fdm_show_map(m, it);
	default:
		return SEQ_SKIP;
	}
}

const struct seq_operations fdm_seq_ops = {
	.start	= fdm_start,
	.next	= fdm_next,
	.stop	= fdm_stop,
	.show	= fdm_show,
};
