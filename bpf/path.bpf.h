/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A file's path by a bounded dentry walk, as the kernel's prepend_path()
 * builds it for d_path() and /proc/PID/fd: from the file's dentry up its
 * d_parent chain to its mount's root, then on from that mount's
 * mountpoint in the parent mount (struct mount's mnt_parent and
 * mnt_mountpoint), until the root mount. The walk takes no lock, as
 * bcc's path helpers do not: a rename racing it can give a mix of the
 * old and the new name, never a fault.
 *
 * Names are prepended from the end of a buffer twice the path's size,
 * so that every write is provably inside it; the buffer is per thread
 * (path_bufs, common.bpf.h).
 *
 * What d_path() asks the filesystem for (d_op->d_dname: pipes, sockets,
 * anonymous inodes, pidfs) is not called: the walk gives "/" and the
 * dentry's own name, e.g. "/[eventfd]", and the collector names the file
 * as /proc does from the superblock's magic. A path longer than
 * FDM_PATH_LEN - 1 keeps its last components after "...".
 */
#ifndef FDMODEL_PATH_BPF_H
#define FDMODEL_PATH_BPF_H

#include "common.bpf.h"

#define PATH_STEPS	(FDM_PATH_LEN / 2 + 16)	/* a name is >= 2 bytes */
#define DELETED		" (deleted)"

struct path_walk {
	struct dentry *dentry;
	struct mount *mnt;
	__u32 off;		/* the path starts at buf[off] */
	bool named;		/* a name was prepended */
	bool truncated;
};

static __always_inline struct mount *real_mount(struct vfsmount *vfsmnt)
{
	return (void *)vfsmnt - bpf_core_field_offset(struct mount, mnt);
}

/* Prepend "/" and name to the path at buf[off]; false when it is full. */
static __always_inline bool path_prepend(struct path_walk *w,
					 const struct qstr *qstr)
{
	struct path_buf *p;
	const unsigned char *name = BPF_CORE_READ(qstr, name);
	__u32 len = BPF_CORE_READ(qstr, len), off;

	if (len + 1 > w->off) {
		w->truncated = true;
		return false;
	}
	p = bpf_task_storage_get(&path_bufs, bpf_get_current_task_btf(), 0, 0);
	if (!p)
		return false;
	off = (w->off - len - 1) & (FDM_PATH_LEN - 1);
	p->buf[off] = '/';
	bpf_probe_read_kernel(&p->buf[off + 1], len & (FDM_PATH_LEN - 1),
			      name);
	w->off = off;
	w->named = true;
	return true;
}

/* One step up: a dentry's parent, or across to the parent mount. */
static long path_step(__u32 i, void *data)
{
	struct path_walk *w = data;
	struct dentry *d = w->dentry, *parent;
	struct mount *mnt = w->mnt, *up;

	if (d == BPF_CORE_READ(mnt, mnt.mnt_root)) {
		up = BPF_CORE_READ(mnt, mnt_parent);
		if (up == mnt)
			return 1;	/* the root */
		w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = up;
		return 0;
	}
	parent = BPF_CORE_READ(d, d_parent);
	if (!path_prepend(w, &d->d_name) || parent == d)
		return 1;	/* full, or a pseudo file's lone dentry */
	w->dentry = parent;
	return 0;
}

/* Filesystems whose d_dname names a file from its inode or class. */
#define PIPEFS_MAGIC		0x50495045
#define SOCKFS_MAGIC		0x534f434b
#define ANON_INODE_FS_MAGIC	0x09041934
#define PID_FS_MAGIC		0x50494446
#define NSFS_MAGIC		0x6e736673
#define DMA_BUF_MAGIC		0x444d4142

/*
 * Does d_path() end the name in " (deleted)"? For a dentry gone from the
 * dcache's hash (unlinked), not a mount's root; and for the pseudo files
 * named by simple_dname(), which always says so (memfd, secretmem: the
 * d_dname of every pseudo file but those of the filesystems above).
 */
static __always_inline bool dentry_deleted(struct dentry *d,
					   struct mount *mnt)
{
	__u32 magic;

	if (BPF_CORE_READ(d, d_op, d_dname)) {
		magic = BPF_CORE_READ(d, d_sb, s_magic);
		return magic != PIPEFS_MAGIC && magic != SOCKFS_MAGIC &&
		       magic != ANON_INODE_FS_MAGIC && magic != PID_FS_MAGIC &&
		       magic != NSFS_MAGIC && magic != DMA_BUF_MAGIC;
	}
	return !BPF_CORE_READ(d, d_hash.pprev) &&
	       d != BPF_CORE_READ(mnt, mnt.mnt_root);
}

/* The path of file into name[FDM_PATH_LEN], as d_path() writes it. */
static __always_inline void file_path(char *name, struct file *file)
{
	struct path_walk w = { .off = FDM_PATH_LEN - 1 };
	struct path_buf *p;
	__u32 off;

	name[0] = '\0';
	p = bpf_task_storage_get(&path_bufs, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!p)
		return;
	w.dentry = BPF_CORE_READ(file, f_path.dentry);
	w.mnt = real_mount(BPF_CORE_READ(file, f_path.mnt));
	p->buf[FDM_PATH_LEN - 1] = '\0';
	if (dentry_deleted(w.dentry, w.mnt)) {
		w.off -= sizeof(DELETED) - 1;
		__builtin_memcpy(&p->buf[w.off], DELETED, sizeof(DELETED) - 1);
	}
	bpf_loop(PATH_STEPS, path_step, &w, 0);
	off = w.off & (FDM_PATH_LEN - 1);
	if (w.truncated && off >= 3) {
		off = (off - 3) & (FDM_PATH_LEN - 1);
		__builtin_memcpy(&p->buf[off], "...", 3);
	} else if (!w.named && off) {
		off = (off - 1) & (FDM_PATH_LEN - 1);
		p->buf[off] = '/';	/* a mount's root */
	}
	bpf_probe_read_kernel_str(name, FDM_PATH_LEN, &p->buf[off]);
}

#endif /* FDMODEL_PATH_BPF_H */
