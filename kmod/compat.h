/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What changed in the fd-table API between the kernels fdmodel builds for.
 * Everything version-dependent lives here, so walk.c reads the same on all.
 *
 *   6.7   filp cache is SLAB_TYPESAFE_BY_RCU: a file seen under RCU may be
 *         freed and reused; take a reference, then re-check the slot.
 *         get_file_rcu() now takes the slot, not the file.
 *   6.9   a mapping of an overlayfs or FUSE-passthrough file holds a
 *         backing file (FMODE_BACKING, 6.7); file_user_path() and
 *         file_user_inode() give what the user mapped.
 *   6.10  close_on_exec() takes the files_struct.
 *   6.13  f_count became f_ref (file_ref_t).
 */
#ifndef FDMODEL_COMPAT_H
#define FDMODEL_COMPAT_H

#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/version.h>

/* Take a reference on a file seen in a slot under RCU, unless it is dying. */
static inline bool fdm_file_tryget(struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	return file_ref_get(&file->f_ref);
#else
	return atomic_long_inc_not_zero(&file->f_count);
#endif
}

/* Must be called under RCU with the table's files_struct alive. */
static inline struct file *fdm_slot(struct fdtable *fdt, unsigned int fd)
{
	return rcu_dereference_raw(fdt->fd[fd]);
}

static inline bool fdm_close_on_exec(unsigned int fd,
				     struct files_struct *files,
				     struct fdtable *fdt)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	return close_on_exec(fd, files);
#else
	return close_on_exec(fd, fdt);
#endif
}

/* What /proc/PID/maps shows for a mapped file: the path and inode mapped. */
static inline const struct path *fdm_user_path(const struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	return file_user_path(file);
#else
	return &file->f_path;
#endif
}

static inline const struct inode *fdm_user_inode(const struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	return file_user_inode(file);
#else
	return file_inode(file);
#endif
}

/*
 * A file the kernel opened on a lower filesystem for a user's file: what
 * an overlayfs mapping holds. Before 6.7 overlayfs opened it with
 * open_with_fake_path(), the one user of FMODE_NOACCOUNT.
 */
static inline bool fdm_is_backing(const struct file *file)
{
#ifdef FMODE_BACKING
	return file->f_mode & FMODE_BACKING;
#else
	return file->f_mode & FMODE_NOACCOUNT;
#endif
}

#endif /* FDMODEL_COMPAT_H */
