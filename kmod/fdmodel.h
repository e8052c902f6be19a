/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fdmodel: the fd table -> open file description -> inode model of the
 * running kernel, as /proc/fdmodel. docs/format.md describes the output.
 */
#ifndef FDMODEL_H
#define FDMODEL_H

#include <linux/seq_file.h>
#include <linux/types.h>

#define FDM_FORMAT_VERSION	1

/* Characters escaped as \ooo in comm and path, as in mountinfo. */
#define FDM_ESCAPE		" \t\n\\"

/*
 * An anonymous-inode file's show_fdinfo text (its state) is read into this
 * much memory at most, so a reader's memory stays bounded whatever
 * userspace builds.
 */
#define FDM_SCRATCH_MAX		(1UL << 20)
#define FDM_SCRATCH_MIN		(16UL << 10)

struct fdm_line;
struct file;
struct pid_namespace;
struct task_struct;

/* Records in output order: a block per task, then the end. */
enum fdm_phase {
	FDM_HEADER,
	FDM_TASK,
	FDM_FD,
	FDM_WATCH,
	FDM_MARK,
	FDM_LOCK,
	FDM_MAP,
	FDM_END,
};

/* One entry of an epoll interest list (epoll.c). */
struct fdm_watch {
	unsigned long key;	/* the watched file's address: cursor only */
	int tfd;
	unsigned int events;
	unsigned long ino;
	unsigned int sdev;
	u64 file_id;
};

/* The text an f_op->show_fdinfo printed for one file. */
struct fdm_scratch {
	struct seq_file seq;	/* buf, size, count: all show_fdinfo uses */
	bool truncated;		/* the text did not fit FDM_SCRATCH_MAX */
};

/* inotify and fanotify groups, whose fdinfo text is a list of marks. */
enum fdm_notify {
	FDM_NOTIFY_NONE,
	FDM_NOTIFY_INOTIFY,
	FDM_NOTIFY_FANOTIFY,
};

/* One mark of an inotify or fanotify group, as show_fdinfo printed it. */
struct fdm_mark {
	enum { FDM_MARK_INODE, FDM_MARK_MOUNT, FDM_MARK_FS } on;
	unsigned int wd, mnt_id, mflags, mask, ignored_mask, sdev;
	unsigned long ino;
};

/*
 * The marks of the group at the cursor's fd, read from its fdinfo text in
 * the scratch buffer (marks.c): entry idx, or the record saying the text
 * was cut (cut).
 */
struct fdm_marks {
	const struct file *owner;	/* whose text the scratch holds */
	unsigned int idx;	/* the record the cursor is on */
	unsigned int next_idx;	/* the entry that starts at next_off */
	size_t next_off;
	bool cut;
	struct fdm_mark mk;
};

enum fdm_lock_kind {
	FDM_LOCK_POSIX,
	FDM_LOCK_OFD,
	FDM_LOCK_FLOCK,
	FDM_LOCK_LEASE,
	FDM_LOCK_DELEG,
	FDM_LOCK_LAYOUT,
	FDM_LOCK_TRUNCATED,	/* the record that says the set is full */
};

/* One lock as read under the lock context's spinlock. */
struct fdm_lock {
	loff_t start, end;
	unsigned char kind, type;
};

#define FDM_LOCKS_BATCH		32

/*
 * The locks of the slot the cursor is on, a batch at a time (locks.c),
 * and the set of the locks this read has listed, so each is listed once.
 */
struct fdm_locks {
	struct fdm_lock v[FDM_LOCKS_BATCH];
	unsigned int n;		/* locks in v */
	unsigned int idx;	/* the record the cursor is on */
	bool loaded;		/* v holds the slot's batch */
	bool more;		/* the batch was full: load again */
	bool truncated;		/* the set is full: no more locks listed */
	u64 file_id;
	unsigned long ino;
	dev_t dev;
	unsigned long *seen;	/* open addressing, 0 is empty */
	unsigned int seen_size, seen_count;
};

/*
 * The last object hashed and its id. An id is a function of the address
 * alone, so a cached one is never stale: the fd lines of one table repeat
 * its id, hashed once.
 */
struct fdm_id_cache {
	const void *object;
	u64 id;
};

/*
 * Per-open state. The cursor (phase, tgid, tid, fd, watch_*, marks.idx,
 * locks.idx, addr) names the record the reader stands on; it survives between read() calls. The pins
 * (task, file) are taken when the cursor resolves to a record and dropped
 * at the end of each read(), so an idle reader holds no kernel object.
 */
struct fdm_iter {
	struct pid_namespace *ns;
	pid_t filter_tgid;	/* 0: every process */

	loff_t pos;		/* index of the record the cursor is on */
	enum fdm_phase phase;
	pid_t tgid;		/* block: thread group, in ns */
	pid_t tid;		/* block: 0 for the leader, else a thread */
	unsigned int fd;	/* FDM_FD, FDM_WATCH, FDM_MARK, FDM_LOCK */
	unsigned long watch_file;	/* FDM_WATCH: the first watch at or */
	int watch_fd;		/* after this (file, fd) key */
	unsigned long addr;	/* FDM_MAP: search the next VMA from here */

	struct task_struct *task;	/* the block's task, pinned */
	struct file *file;	/* the record's file, pinned */
	const void *table;	/* FDM_FD: the files_struct, for its id only */
	struct fdm_id_cache table_id;	/* of the last table shown */
	bool cloexec;		/* FDM_FD */
	bool is_epoll;		/* FDM_FD */
	enum fdm_notify notify;	/* FDM_FD */
	struct fdm_watch w;	/* FDM_WATCH */
	struct fdm_marks marks;	/* FDM_MARK */
	struct fdm_locks locks;	/* FDM_LOCK */
	unsigned long vm_start, vm_end, vm_flags, vm_pgoff;	/* FDM_MAP */

	struct fdm_scratch scratch;
};

/* ids.c */
int fdm_ids_init(void);
void fdm_ids_exit(void);
u64 fdm_id(const void *object);

static inline u64 fdm_id_cached(struct fdm_id_cache *c, const void *object)
{
	if (c->object != object || !object) {
		c->object = object;
		c->id = fdm_id(object);
	}
	return c->id;
}

/* walk.c */
extern const struct seq_operations fdm_seq_ops;
void fdm_rewind(struct fdm_iter *it);
void fdm_unpin(struct fdm_iter *it);

/* show.c */
int fdm_show_task(struct seq_file *m, struct fdm_iter *it);
int fdm_show_fd(struct seq_file *m, struct fdm_iter *it);
int fdm_show_watch(struct seq_file *m, struct fdm_iter *it);
int fdm_show_map(struct seq_file *m, struct fdm_iter *it);
int fdm_show_cut(struct seq_file *m, const char *kind, pid_t pid,
		 const char *fd_key, unsigned int fd, unsigned int shown);
bool fdm_is_anon(const struct file *file, const char *name);

/* epoll.c */
void fdm_epoll_init(void);
bool fdm_epoll_watch(struct file *ep_file, unsigned long from_file,
		     int from_fd, struct fdm_watch *w);

/* marks.c */
enum fdm_notify fdm_notify_of(const struct file *file);
bool fdm_marks_pin(struct fdm_marks *ms, struct fdm_scratch *s,
		   struct file *file, enum fdm_notify notify);
int fdm_show_mark(struct seq_file *m, struct fdm_iter *it);

/* locks.c */
void fdm_locks_load(struct fdm_locks *l, struct file *file,
		    const void *table);
int fdm_show_lock(struct seq_file *m, struct fdm_iter *it);
void fdm_locks_reset(struct fdm_locks *l);
void fdm_locks_free(struct fdm_locks *l);

/* bpf_link.c */
bool fdm_bpf_link_fdinfo_safe(const struct file *file);
void fdm_show_bpf_link(struct fdm_line *l, const struct file *file);

/* fdinfo.c */
int fdm_scratch_load(struct fdm_scratch *s, struct file *file);
int fdm_show_anon_state(struct seq_file *m, struct fdm_line *l,
			struct fdm_scratch *s, struct file *file,
			const char *class);
void fdm_scratch_free(struct fdm_scratch *s);

#endif /* FDMODEL_H */
