/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The live model of `fdmodel trace --model`: the traced processes' fd
 * tables (slots: fd -> open file, close-on-exec), the open file
 * descriptions their slots and mappings reach (offset, status flags,
 * references), the inodes those are on, epoll watches and file
 * mappings, kept up to date from every event.
 *
 * Objects are keyed by the ids /proc/fdmodel prints (keyed hashes of
 * the kernel's addresses, trace_ids.c), never by an address. An object
 * found without its address (through /proc/PID/fd at the start, when
 * the module is not loaded) has no id until an event names it: it is
 * "unbound", and named ?NNN... until then.
 */
#ifndef FDMODEL_TRACE_MODEL_H
#define FDMODEL_TRACE_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "trace_idmap.h"
#include "trace.h"

#define LIVE_NOTES_SIZE	4096

/* What one event changed, as lines in the words of the three tables. */
struct live_notes {
	char buf[LIVE_NOTES_SIZE];
	size_t len;
	int n;
};

struct live_file;

/* An entry of an epoll instance's interest list. */
struct live_watch {
	struct live_file *target;
	int tfd;		/* the fd given to EPOLL_CTL_ADD */
	uint32_t events;	/* as the kernel keeps them */
};

struct live_file {
	uint64_t id;		/* 0 while unbound */
	unsigned int serial;	/* names it while unbound */
	int64_t pos;
	uint32_t flags;		/* f_flags */
	uint32_t dev;		/* kernel dev_t: major << 20 | minor */
	uint64_t ino;
	const char *type;	/* reg, dir, fifo, sock, anon, ... */
	const char *mode;	/* r, w, rw, - */
	char *path;		/* as /proc/PID/fd names it, unescaped */
	int slot_refs;		/* slots of modelled tables */
	int map_refs;		/* mappings of modelled processes */
	int ext_refs;		/* references from elsewhere; -1: unknown */
	int watched;		/* watches on it */
	struct live_watch *watch;	/* an epoll file's interest list */
	int nwatch, cwatch;
	struct live_file *next, **pprev;	/* every file of the model */
};

struct live_slot {
	struct live_file *file;	/* NULL: a free fd */
	bool cloexec;
};

struct live_table {
	uint64_t id;		/* 0 while unbound */
	unsigned int serial;
	struct live_slot *slot;
	int cap;		/* fds 0 .. cap - 1 have a slot */
	int users;		/* tasks using it (table_refs) */
	bool ext_users;		/* users outside the model: a floor */
};

struct live_map {
	uint64_t start, end;	/* [start, end), page aligned */
	uint64_t off;		/* file offset in bytes */
	struct live_file *file;
	uint32_t prot;		/* PROT_* */
	bool shared;
};

/* An address space: threads and vfork children share one. */
struct live_mm {
	struct live_map *map;
	int n, cap;
	int users;
	bool image_unknown;	/* exec mapped files no event named */
};

struct live_proc {
	uint32_t pid;
	char comm[FDM_COMM_LEN + 1];
	struct live_mm *mm;
	int ntasks;
	const char *source;	/* where its model started, or NULL: a child */
	bool unsure;		/* events may be missing */
	struct fdm_image_event *image;	/* came before its exec event */
	uint64_t fresh_ts;	/* events before this are in the model */
};

struct live_task {
	uint32_t tid;
	struct live_proc *proc;
	struct live_table *table;
	int pidfd;		/* clone(CLONE_PIDFD)'s, before its fork event */
};

struct live {
	struct idmap files;	/* id -> live_file */
	struct idmap tables;	/* id -> live_table */
	struct idmap tasks;	/* tid -> live_task */
	struct idmap procs;	/* pid -> live_proc */
	struct live_file *all;	/* every file, bound or not */
	unsigned int serial;	/* of the last unbound object */
	unsigned int unsure_gone;	/* processes that ended unsure */
	bool follow;		/* children of traced processes are traced */
	bool oom;		/* a change was lost for want of memory */
};

/* ---- trace_model.c: the objects and the changes every event is made of ---- */

void live_init(struct live *lv, bool follow);
void live_free(struct live *lv);

void notes_add(struct live_notes *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The notes one at a time: @pos starts at 0; NULL after the last. */
const char *notes_next(const struct live_notes *n, size_t *pos);

/* "5cdf66e64f96c657", or "?000000000000003" while unbound. */
void file_name_id(const struct live_file *f, char buf[17]);
void table_name_id(const struct live_table *t, char buf[17]);

struct live_file *file_new(struct live *lv, uint64_t id);
/* Bind an unbound file to @id; false if @id is another file's. */
bool file_bind(struct live *lv, struct live_file *f, uint64_t id);
void file_set_path(struct live_file *f, const char *path);
int file_refs(const struct live_file *f);	/* -1: unknown */

struct live_table *table_new(struct live *lv, uint64_t id);
/* A new table holding a copy of @from's open slots (fork, unshare). */
struct live_table *table_copy(struct live *lv, struct live_table *from,
			      uint64_t id);
void table_bind(struct live *lv, struct live_table *t, uint64_t id);
/* A task stops using @t; the last user closes every slot. */
void table_put(struct live *lv, struct live_table *t, struct live_notes *n);
struct live_slot *table_slot(struct live_table *t, int fd);
/* Put @f in slot @fd (closing what was there); -1 out of memory. */
int slot_install(struct live *lv, struct live_table *t, int fd,
		 struct live_file *f, bool cloexec, struct live_notes *n);
/* Close slot @fd, saying so; false when it was free. */
bool slot_close(struct live *lv, struct live_table *t, int fd,
		struct live_notes *n);
/* The same, for closes said as one (exec, close_range): the files only. */
bool slot_drop(struct live *lv, struct live_table *t, int fd,
	       struct live_notes *n);
/* Fds of @t that hold @f, as "fd 3, 4" for the notes; how many. */
int slots_of(const struct live_table *t, const struct live_file *f,
	     char *buf, size_t size);
int table_nopen(const struct live_table *t);

struct live_proc *proc_get(struct live *lv, uint32_t pid);
struct live_proc *proc_new(struct live *lv, uint32_t pid, const char *comm);
struct live_task *task_get(struct live *lv, uint32_t tid);
struct live_task *task_new(struct live *lv, struct live_proc *p,
			   uint32_t tid, struct live_table *t);
/* A task is gone: its table and, with the last task, its process. */
void task_exit(struct live *lv, struct live_task *task, struct live_notes *n);

struct live_mm *mm_new(void);
struct live_mm *mm_copy(struct live *lv, const struct live_mm *from);
/* A process stops using @mm; the last user releases every mapping. */
void mm_put(struct live *lv, struct live_mm *mm, struct live_notes *n);
/* Unmap [start, end): mappings are cut or dropped; how many. */
int mm_unmap(struct live *lv, struct live_mm *mm, uint64_t start,
	     uint64_t end, struct live_notes *n);
int mm_add(struct live *lv, struct live_mm *mm, const struct live_map *m);

/* A watch on @target by epoll file @ep; NULL when there is none. */
struct live_watch *watch_find(struct live_file *ep, int tfd,
			      const struct live_file *target);
int watch_add(struct live_file *ep, struct live_file *target, int tfd,
	      uint32_t events);
void watch_del(struct live_file *ep, struct live_watch *w);

/* ---- trace_model_events.c: one event applied ---- */

/*
 * Apply one event to the model, saying what changed in @n. An event
 * the model does not hold together with (a slot it thought free, a file
 * it thought elsewhere) is applied as the kernel says, and the process
 * marked unsure.
 */
void live_apply(struct live *lv, const struct fdm_head *h,
		struct live_notes *n);

/* Every modelled process may have missed events (a loss). */
void live_unsure_all(struct live *lv);
/* Processes of the model marked unsure, the ended ones too. */
unsigned int live_nunsure(const struct live *lv);

#endif /* FDMODEL_TRACE_MODEL_H */
