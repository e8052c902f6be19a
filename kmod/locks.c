// SPDX-License-Identifier: GPL-2.0
/*
 * The file locks an fd slot holds: POSIX record locks (owned by the fd
 * table), OFD and flock locks and leases (owned by the open file), read
 * from the inode's lock context (i_flctx) under its spinlock.
 *
 * The kernel lists them per slot in /proc/PID/fdinfo (show_fd_locks()):
 * a lock belongs to the slot whose file it was taken through (fl_file)
 * and whose table or file owns it. Dups, forks and SCM_RIGHTS put one
 * open file in many slots, so that rule alone would list a flock lock
 * once per slot. Here each lock is listed once per read, under the first
 * slot of the listing the rule gives it: the reader remembers the locks
 * it has listed (a hash set of their addresses, never printed), so a
 * later slot skips them. The set is bounded; once it is full, the walk
 * says so in a comment line and lists no more locks.
 */
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/kdev_t.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#include <linux/filelock.h>
#endif

#include "fdmodel.h"
#include "line.h"

/*
 * 6.9 moved what every lock has (owner, flags, type, file, list node)
 * into struct file_lock_core, the c member of struct file_lock and of
 * struct file_lease, and the lock context lists link the cores.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
typedef struct file_lock_core fdm_flc_t;
#define fdm_flc_list	flc_list
#define fdm_flc_owner	flc_owner
#define fdm_flc_flags	flc_flags
#define fdm_flc_type	flc_type
#define fdm_flc_file	flc_file

static const struct file_lock *fdm_flc_posix(const fdm_flc_t *c)
{
	return container_of(c, struct file_lock, c);
}
#else
typedef struct file_lock fdm_flc_t;
#define fdm_flc_list	fl_list
#define fdm_flc_owner	fl_owner
#define fdm_flc_flags	fl_flags
#define fdm_flc_type	fl_type
#define fdm_flc_file	fl_file

static const struct file_lock *fdm_flc_posix(const fdm_flc_t *c)
{
	return c;
}
#endif

/* The seen set: at most this many locks listed in one read. */
#define FDM_SEEN_MIN		1024U
#define FDM_SEEN_MAX		(1U << 17)

void fdm_locks_reset(struct fdm_locks *l)
{
	if (l->seen_count)
		memset(l->seen, 0, l->seen_size * sizeof(*l->seen));
	l->seen_count = 0;
	l->truncated = false;
	l->n = 0;
	l->idx = 0;
	l->loaded = false;
}

void fdm_locks_free(struct fdm_locks *l)
{
	kvfree(l->seen);
	l->seen = NULL;
	l->seen_size = 0;
	l->seen_count = 0;
}

static unsigned int fdm_seen_slot(const struct fdm_locks *l, unsigned long key)
{
	return hash_long(key, ilog2(l->seen_size));
}

static bool fdm_seen(const struct fdm_locks *l, const void *lock)
{
	unsigned long key = (unsigned long)lock;
	unsigned int i;

	if (!l->seen_count)
		return false;
	for (i = fdm_seen_slot(l, key); l->seen[i];
	     i = (i + 1) & (l->seen_size - 1))
		if (l->seen[i] == key)
			return true;
	return false;
}

static void fdm_seen_put(struct fdm_locks *l, unsigned long key)
{
	unsigned int i = fdm_seen_slot(l, key);

	while (l->seen[i])
		i = (i + 1) & (l->seen_size - 1);
	l->seen[i] = key;
	l->seen_count++;
}

/*
 * Room for @more locks in the set at a load of at most a half, grown
 * before the lock context's spinlock is taken. False when the set is at
 * its cap or memory is short: the caller lists fewer.
 */
static bool fdm_seen_reserve(struct fdm_locks *l, unsigned int more)
{
	unsigned int size = l->seen_size ? l->seen_size : FDM_SEEN_MIN;
	unsigned long *old = l->seen, *seen;
	unsigned int old_size = l->seen_size, i;

	while ((l->seen_count + more) * 2 > size && size < FDM_SEEN_MAX)
		size <<= 1;
	if ((l->seen_count + more) * 2 > size)
		return false;
	if (size == old_size)
		return true;
	seen = kvcalloc(size, sizeof(*seen), GFP_KERNEL_ACCOUNT);
	if (!seen)
		return false;
	l->seen = seen;
	l->seen_size = size;
	l->seen_count = 0;
	for (i = 0; i < old_size; i++)
		if (old[i])
			fdm_seen_put(l, old[i]);
	kvfree(old);
	return true;
}

/* A lease's type as /proc/locks shows it: what a break in progress leaves. */
static unsigned char fdm_lease_type(const fdm_flc_t *c)
{
	if (c->fdm_flc_flags & FL_UNLOCK_PENDING)
		return F_UNLCK;
	if (c->fdm_flc_flags & FL_DOWNGRADE_PENDING)
		return F_RDLCK;
	return c->fdm_flc_type;
}

/*
 * Append the locks of @head that the slot (@file in @table) holds and
 * that this read has not listed yet, as show_fd_locks() picks them.
 */
static void fdm_locks_scan(struct fdm_locks *l, struct list_head *head,
			   const struct file *file, const void *table)
{
	const fdm_flc_t *c;

	list_for_each_entry(c, head, fdm_flc_list) {
		struct fdm_lock *out;
		unsigned int flags = c->fdm_flc_flags;

		if (c->fdm_flc_file != file)
			continue;
		if (c->fdm_flc_owner != table && c->fdm_flc_owner != file)
			continue;
		if (fdm_seen(l, c))
			continue;
		if (l->n == FDM_LOCKS_BATCH ||
		    (l->seen_count + 1) * 2 > l->seen_size) {
			l->more = true;
			return;
		}
		fdm_seen_put(l, (unsigned long)c);
		out = &l->v[l->n++];
		out->type = c->fdm_flc_type;
		out->start = 0;
		out->end = OFFSET_MAX;
		if (flags & FL_POSIX) {
			out->kind = (flags & FL_OFDLCK) ? FDM_LOCK_OFD :
							  FDM_LOCK_POSIX;
			out->start = fdm_flc_posix(c)->fl_start;
			out->end = fdm_flc_posix(c)->fl_end;
		} else if (flags & FL_FLOCK) {
			out->kind = FDM_LOCK_FLOCK;
		} else if (flags & FL_DELEG) {
			out->kind = FDM_LOCK_DELEG;
			out->type = fdm_lease_type(c);
		} else if (flags & FL_LAYOUT) {
			out->kind = FDM_LOCK_LAYOUT;
			out->type = fdm_lease_type(c);
		} else {
			out->kind = FDM_LOCK_LEASE;
			out->type = fdm_lease_type(c);
		}
	}
}

/*
 * Load the next batch of locks the slot (@file at the cursor's fd of the
 * block's @table) holds: up to FDM_LOCKS_BATCH, under the lock context's
 * spinlock, which fs/locks.c holds only for short list operations. The
 * walk of the three lists is as long as the locks on the inode, as for
 * /proc/PID/fdinfo. l->more says a batch may follow; l->n == 0 and a
 * full set adds the truncation record.
 */
void fdm_locks_load(struct fdm_locks *l, struct file *file,
		    const void *table)
{
	struct file_lock_context *ctx;

	l->n = 0;
	l->idx = 0;
	l->more = false;
	l->loaded = true;
	/* Paired with the smp_store_release() publishing it (locks.c). */
	ctx = smp_load_acquire(&file_inode(file)->i_flctx);
	if (!ctx || l->truncated)
		return;
	if (list_empty_careful(&ctx->flc_flock) &&
	    list_empty_careful(&ctx->flc_posix) &&
	    list_empty_careful(&ctx->flc_lease))
		return;
	l->file_id = fdm_id(file);
	l->ino = file_inode(file)->i_ino;
	l->dev = file_inode(file)->i_sb->s_dev;
	if (!fdm_seen_reserve(l, FDM_LOCKS_BATCH) &&
	    (l->seen_count + 1) * 2 > l->seen_size) {
		l->truncated = true;
		l->v[l->n++].kind = FDM_LOCK_TRUNCATED;
		return;
	}
	spin_lock(&ctx->flc_lock);
	fdm_locks_scan(l, &ctx->flc_flock, file, table);
	if (!l->more)
		fdm_locks_scan(l, &ctx->flc_posix, file, table);
	if (!l->more)
		fdm_locks_scan(l, &ctx->flc_lease, file, table);
	spin_unlock(&ctx->flc_lock);
}

static const char *const fdm_lock_kinds[] = {
	[FDM_LOCK_POSIX] = "posix", [FDM_LOCK_OFD] = "ofd",
	[FDM_LOCK_FLOCK] = "flock", [FDM_LOCK_LEASE] = "lease",
	[FDM_LOCK_DELEG] = "deleg", [FDM_LOCK_LAYOUT] = "layout",
};

static const char *fdm_lock_type(unsigned char type)
{
	switch (type) {
	case F_RDLCK:	return "read";
	case F_WRLCK:	return "write";
	default:	return "unlock";
	}
}

int fdm_show_lock(struct seq_file *m, struct fdm_iter *it)
{
	const struct fdm_lock *lk = &it->locks.v[it->locks.idx];
	struct fdm_line l;

	if (lk->kind == FDM_LOCK_TRUNCATED)
		return fdm_show_cut(m, "lock", it->tgid, "fd", it->fd,
				    it->locks.seen_count);
	fdm_line_start(&l);
	fdm_line_kv(&l, "lock pid=", it->tgid);
	fdm_line_kv(&l, " fd=", it->fd);
	fdm_line_key(&l, " file=");
	fdm_line_id(&l, it->locks.file_id);
	fdm_line_key(&l, " kind=");
	fdm_line_str(&l, fdm_lock_kinds[lk->kind]);
	fdm_line_key(&l, " type=");
	fdm_line_str(&l, fdm_lock_type(lk->type));
	fdm_line_key(&l, " start=");
	fdm_line_s64(&l, lk->start);
	fdm_line_key(&l, " end=");
	if (lk->end == OFFSET_MAX)
		fdm_line_key(&l, "eof");
	else
		fdm_line_s64(&l, lk->end);
	fdm_line_kv(&l, " ino=", it->locks.ino);
	fdm_line_kv(&l, " dev=", MAJOR(it->locks.dev));
	fdm_line_kv(&l, ":", MINOR(it->locks.dev));
	fdm_line_key(&l, "\n");
	return fdm_line_flush(m, &l);
}
