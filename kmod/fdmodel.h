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
};

/*
 * Per-open state. The cursor (phase, tgid, tid, fd, watch_*, addr) names the
 * record the reader stands on; it survives between read() calls. The pins
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
	unsigned int fd;	/* FDM_FD, FDM_WATCH */
	unsigned long watch_file;	/* FDM_WATCH: the first watch at or */
	int watch_fd;		/* after this (file, fd) key */
	unsigned long addr;	/* FDM_MAP: search the next VMA from here */

	struct task_struct *task;	/* the block's task, pinned */
	struct file *file;	/* the record's file, pinned */
	const void *table;	/* FDM_FD: the files_struct, for its id only */
	bool cloexec;		/* FDM_FD */
	bool is_epoll;		/* FDM_FD */
	struct fdm_watch w;	/* FDM_WATCH */
	unsigned long vm_start, vm_end, vm_flags, vm_pgoff;	/* FDM_MAP */

	struct fdm_scratch scratch;
};

/* ids.c */
int fdm_ids_init(void);
void fdm_ids_exit(void);
u64 fdm_id(const void *object);

/* walk.c */
extern const struct seq_operations fdm_seq_ops;
void fdm_rewind(struct fdm_iter *it);
void fdm_unpin(struct fdm_iter *it);

/* show.c */
int fdm_show_task(struct seq_file *m, struct fdm_iter *it);
int fdm_show_fd(struct seq_file *m, struct fdm_iter *it);
int fdm_show_watch(struct seq_file *m, struct fdm_iter *it);
int fdm_show_map(struct seq_file *m, struct fdm_iter *it);
bool fdm_is_anon(const struct file *file, const char *name);

/* epoll.c */
void fdm_epoll_init(void);
bool fdm_epoll_watch(struct file *ep_file, unsigned long from_file,
		     int from_fd, struct fdm_watch *w);

/* fdinfo.c */
int fdm_scratch_load(struct fdm_scratch *s, struct file *file);
int fdm_show_anon_state(struct seq_file *m, struct fdm_line *l,
			struct fdm_scratch *s, struct file *file,
			const char *class);
void fdm_scratch_free(struct fdm_scratch *s);

#endif /* FDMODEL_H */
