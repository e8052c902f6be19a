// SPDX-License-Identifier: GPL-2.0
/*
 * fdmodel: /proc/fdmodel shows every process's fd table, the open file
 * descriptions its slots point to and their inodes (docs/format.md).
 *
 * Opening, reading and writing it require CAP_SYS_ADMIN. Each open file has
 * its own cursor and an optional filter ("pid N") written to it.
 */
#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "fdmodel.h"

#define FDM_FILTER_MAX	32
#define FDM_SEQ_BUF	(64UL << 10)

static struct proc_dir_entry *fdm_entry;

static int fdm_open(struct inode *inode, struct file *file)
{
	struct fdm_iter *it;
	struct seq_file *m;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	it = __seq_open_private(file, &fdm_seq_ops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	/*
	 * seq_file starts with a page and fills one buffer per read(); a
	 * larger one means fewer resumes of the walk per megabyte listed.
	 * Without it seq_file falls back to its page.
	 */
	m = file->private_data;
	m->buf = kvmalloc(FDM_SEQ_BUF, GFP_KERNEL_ACCOUNT);
	if (m->buf)
		m->size = FDM_SEQ_BUF;
	it->ns = get_pid_ns(task_active_pid_ns(current));
	fdm_rewind(it);
	return 0;
}

static int fdm_release(struct inode *inode, struct file *file)
{
	struct fdm_iter *it = ((struct seq_file *)file->private_data)->private;

	fdm_unpin(it);
	fdm_scratch_free(&it->scratch);
	fdm_locks_free(&it->locks);
	put_pid_ns(it->ns);
	return seq_release_private(inode, file);
}

/* "pid N", N a thread group in the reader's pid namespace. */
static int fdm_parse_filter(const char *text, struct pid_namespace *ns,
			    pid_t *tgid)
{
	struct task_struct *task;
	int nr, err;

	if (strncmp(text, "pid ", 4))
		return -EINVAL;
	err = kstrtoint(text + 4, 10, &nr);
	if (err || nr <= 0)
		return -EINVAL;

	rcu_read_lock();
	task = pid_task(find_pid_ns(nr, ns), PIDTYPE_TGID);
	rcu_read_unlock();
	if (!task)
		return -ESRCH;
	*tgid = nr;
	return 0;
}

static ssize_t fdm_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	struct fdm_iter *it = m->private;
	char text[FDM_FILTER_MAX];
	pid_t tgid;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len == 0 || len >= sizeof(text))
		return -EINVAL;
	if (copy_from_user(text, ubuf, len))
		return -EFAULT;
	text[len] = '\0';
	/* kstrtoint() takes one trailing newline, as echo writes it. */

	err = fdm_parse_filter(text, it->ns, &tgid);
	if (err)
		return err;

	mutex_lock(&m->lock);
	it->filter_tgid = tgid;
	fdm_rewind(it);
	mutex_unlock(&m->lock);
	/* The next read() starts the filtered listing from its first line. */
	*ppos = 0;
	return len;
}

/*
 * The opener's CAP_SYS_ADMIN was checked at open, so no unprivileged opener
 * can trick a privileged process into reading for it. The reader's is
 * checked here too, so an fd handed to an unprivileged process shows it
 * nothing either.
 */
static ssize_t fdm_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return seq_read_iter(iocb, to);
}

static const struct proc_ops fdm_proc_ops = {
	.proc_open	= fdm_open,
	.proc_read_iter	= fdm_read_iter,
	.proc_lseek	= seq_lseek,
	.proc_write	= fdm_write,
	.proc_release	= fdm_release,
};

static int __init fdm_init(void)
{
	int err;

	err = fdm_ids_init();
	if (err)
		return err;
	fdm_epoll_init();
	fdm_entry = proc_create("fdmodel", 0400, NULL, &fdm_proc_ops);
	if (!fdm_entry) {
		fdm_ids_exit();
		return -ENOMEM;
	}
	return 0;
}

/* proc_remove() waits for readers inside our code and closes open files. */
static void __exit fdm_exit(void)
{
	proc_remove(fdm_entry);
	fdm_ids_exit();
}

module_init(fdm_init);
module_exit(fdm_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("fdmodel developers");
MODULE_DESCRIPTION("The live fd table -> open file description -> inode model, as /proc/fdmodel");
MODULE_VERSION(FDMODEL_VERSION);
