// SPDX-License-Identifier: GPL-2.0
/*
 * The live model's objects and the few changes every event is made of:
 * a slot filled or emptied, a table copied or let go, a mapping added or
 * cut. References are counted as the kernel counts them, so that the
 * model knows when an open file goes away with its last reference.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_model.h"
#include "trace_ids.h"

void live_init(struct live *lv, bool follow)
{
	memset(lv, 0, sizeof(*lv));
	lv->follow = follow;
}

void notes_add(struct live_notes *n, const char *fmt, ...)
{
	static const char more[] = "(more changes than fit here)";
	size_t room = sizeof(n->buf) - n->len;
	va_list ap;
	int len;

	/* Keep room for the one line that says the rest did not fit. */
	if (room <= sizeof(more))
		return;
	va_start(ap, fmt);
	len = vsnprintf(n->buf + n->len, room - sizeof(more), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= room - sizeof(more)) {
		memcpy(n->buf + n->len, more, sizeof(more));
		n->len = sizeof(n->buf);
	} else {
		n->len += len + 1;
	}
	n->n++;
}

const char *notes_next(const struct live_notes *n, size_t *pos)
{
	const char *s;

	if (*pos >= n->len)
		return NULL;
	s = n->buf + *pos;
	*pos += strlen(s) + 1;
	return s;
}

static void name_id(uint64_t id, unsigned int serial, char buf[17])
{
	if (id)
		id_format_hash(buf, id);
	else
		snprintf(buf, 17, "?%015u", serial);
}

void file_name_id(const struct live_file *f, char buf[17])
{
	name_id(f->id, f->serial, buf);
}

void table_name_id(const struct live_table *t, char buf[17])
{
	name_id(t->id, t->serial, buf);
}

/* ---- open files ---- */

struct live_file *file_new(struct live *lv, uint64_t id)
{
	struct live_file *f = calloc(1, sizeof(*f));

	if (!f) {
		lv->oom = true;
		return NULL;
	}
	f->type = "unknown";
	f->mode = "?";
	f->pos = -1;
	if (!id) {
		f->serial = ++lv->serial;
	} else if (idmap_put(&lv->files, id, f)) {
		free(f);
		lv->oom = true;
		return NULL;
	}
	f->id = id;
	f->next = lv->all;
	if (lv->all)
		lv->all->pprev = &f->next;
	f->pprev = &lv->all;
	lv->all = f;
	return f;
}

bool file_bind(struct live *lv, struct live_file *f, uint64_t id)
{
	if (f->id == id)
		return true;
	if (f->id || idmap_get(&lv->files, id))
		return false;
	if (idmap_put(&lv->files, id, f)) {
		lv->oom = true;
		return false;
	}
	f->id = id;
	return true;
}

void file_set_path(struct live_file *f, const char *path)
{
	char *copy = strdup(path);

	if (!copy)
		return;
	free(f->path);
	f->path = copy;
}

int file_refs(const struct live_file *f)
{
	if (f->ext_refs < 0)
		return -1;
	return f->slot_refs + f->map_refs + f->ext_refs;
}

static void file_free(struct live *lv, struct live_file *f)
{
	if (f->id)
		idmap_del(&lv->files, f->id);
	*f->pprev = f->next;
	if (f->next)
		f->next->pprev = f->pprev;
	free(f->watch);
	free(f->path);
	free(f);
}

/* Every watch on @f goes, as eventpoll_release() removes them. */
static void file_unwatch(struct live *lv, struct live_file *f)
{
	struct live_file *ep;
	int i;

	for (ep = lv->all; ep && f->watched; ep = ep->next)
		for (i = ep->nwatch - 1; i >= 0; i--)
			if (ep->watch[i].target == f)
				watch_del(ep, &ep->watch[i]);
}

/* An epoll file's own watches go with it. */
static void file_drop_watches(struct live_file *ep)
{
	while (ep->nwatch)
		watch_del(ep, &ep->watch[ep->nwatch - 1]);
}

/*
 * A reference from a slot or a mapping went: with the last one the open
 * file is freed, or, when others outside the model may hold it, leaves
 * the model.
 */
static void file_put(struct live *lv, struct live_file *f,
		     struct live_notes *n)
{
	char id[ID_LEN];

	if (f->slot_refs + f->map_refs > 0)
		return;
	file_name_id(f, id);
	if (!f->ext_refs) {
		notes_add(n, "open file %s freed: that was its last reference",
			  id);
		file_unwatch(lv, f);
	} else if (f->ext_refs > 0) {
		notes_add(n, "open file %s: no traced process holds it now "
			  "(%d reference%s elsewhere)", id, f->ext_refs,
			  f->ext_refs > 1 ? "s" : "");
	} else {
		notes_add(n, "open file %s: no traced process holds it now",
			  id);
	}
	/* Still watched, it stays: the watch lines name it. */
	if (f->watched)
		return;
	file_drop_watches(f);
	file_free(lv, f);
}

/* ---- epoll watches ---- */

struct live_watch *watch_find(struct live_file *ep, int tfd,
			      const struct live_file *target)
{
	int i;

	for (i = 0; i < ep->nwatch; i++)
		if (ep->watch[i].tfd == tfd && ep->watch[i].target == target)
			return &ep->watch[i];
	return NULL;
}

int watch_add(struct live_file *ep, struct live_file *target, int tfd,
	      uint32_t events)
{
	struct live_watch *w;

	if (ep->nwatch == ep->cwatch) {
		int cap = ep->cwatch ? ep->cwatch * 2 : 8;

		w = realloc(ep->watch, cap * sizeof(*w));
		if (!w)
			return -1;
		ep->watch = w;
		ep->cwatch = cap;
	}
	ep->watch[ep->nwatch++] = (struct live_watch){ target, tfd, events };
	target->watched++;
	return 0;
}

void watch_del(struct live_file *ep, struct live_watch *w)
{
	w->target->watched--;
	*w = ep->watch[--ep->nwatch];
}

/* ---- fd tables ---- */

struct live_table *table_new(struct live *lv, uint64_t id)
{
	struct live_table *t = calloc(1, sizeof(*t));

	if (!t) {
		lv->oom = true;
		return NULL;
	}
	if (!id) {
		t->serial = ++lv->serial;
	} else if (idmap_put(&lv->tables, id, t)) {
		free(t);
		lv->oom = true;
		return NULL;
	}
	t->id = id;
	return t;
}

void table_bind(struct live *lv, struct live_table *t, uint64_t id)
{
	if (t->id || idmap_get(&lv->tables, id) ||
	    idmap_put(&lv->tables, id, t))
		return;
	t->id = id;
}

static int table_grow(struct live_table *t, int fd)
{
	struct live_slot *s;
	int cap = t->cap ? t->cap : 64;

	while (cap <= fd)
		cap *= 2;
	s = realloc(t->slot, cap * sizeof(*s));
	if (!s)
		return -1;
	memset(s + t->cap, 0, (cap - t->cap) * sizeof(*s));
	t->slot = s;
	t->cap = cap;
	return 0;
}

struct live_slot *table_slot(struct live_table *t, int fd)
{
	return fd >= 0 && fd < t->cap && t->slot[fd].file ? &t->slot[fd] :
							     NULL;
}

int table_nopen(const struct live_table *t)
{
	int fd, n = 0;

	for (fd = 0; fd < t->cap; fd++)
		n += !!t->slot[fd].file;
	return n;
}

struct live_table *table_copy(struct live *lv, struct live_table *from,
			      uint64_t id)
{
	struct live_table *t = table_new(lv, id);
	int fd;

	if (!t)
		return NULL;
	if (from->cap && table_grow(t, from->cap - 1)) {
		lv->oom = true;
		return t;
	}
	for (fd = 0; fd < from->cap; fd++) {
		if (!from->slot[fd].file)
			continue;
		t->slot[fd] = from->slot[fd];
		t->slot[fd].file->slot_refs++;
	}
	return t;
}

/* @t's open fds as "0, 1, 2" into @buf, for notes. */
static void fd_list(const struct live_table *t, char *buf, size_t size)
{
	size_t len = 0;
	int fd;

	buf[0] = '\0';
	for (fd = 0; fd < t->cap && len < size; fd++)
		if (t->slot[fd].file)
			len += snprintf(buf + len, size - len, "%s%d",
					len ? ", " : "", fd);
}

void table_put(struct live *lv, struct live_table *t, struct live_notes *n)
{
	char id[ID_LEN], fds[256];
	int fd;

	if (--t->users > 0)
		return;
	table_name_id(t, id);
	fd_list(t, fds, sizeof(fds));
	if (t->ext_users) {
		/* Others hold it too: it stays, the model lets go. */
		notes_add(n, "fd table %s: no traced task uses it now", id);
	} else {
		notes_add(n, "fd table %s freed with its last task%s%s%s", id,
			  fds[0] ? ": fds " : "", fds, fds[0] ? " closed" : "");
	}
	for (fd = 0; fd < t->cap; fd++) {
		struct live_file *f = t->slot[fd].file;

		if (!f)
			continue;
		t->slot[fd].file = NULL;
		f->slot_refs--;
		if (t->ext_users && f->ext_refs >= 0)
			f->ext_refs++;
		file_put(lv, f, n);
	}
	if (t->id)
		idmap_del(&lv->tables, t->id);
	free(t->slot);
	free(t);
}

int slots_of(const struct live_table *t, const struct live_file *f,
	     char *buf, size_t size)
{
	size_t len = 0;
	int fd, n = 0;

	buf[0] = '\0';
	/* Every slot that holds @f counts in its slot_refs: stop at the last. */
	for (fd = 0; fd < t->cap && n < f->slot_refs; fd++) {
		if (t->slot[fd].file != f)
			continue;
		n++;
		if (len < size)
			len += snprintf(buf + len, size - len, "%s%d",
					len ? ", " : "fd ", fd);
	}
	return n;
}

/* Who else holds @f, after @t's slot @fd let it go: "fd 4, pid ...". */
static void holders(const struct live_table *t, const struct live_file *f,
		    char *buf, size_t size)
{
	int here = slots_of(t, f, buf, size);
	size_t len;

	len = strlen(buf);
	if (f->slot_refs > here)
		len += snprintf(buf + len, size - len, "%s%d slot%s of other "
				"tables", len ? ", " : "", f->slot_refs - here,
				f->slot_refs - here > 1 ? "s" : "");
	if (f->map_refs && len < size)
		len += snprintf(buf + len, size - len, "%s%d mapping%s",
				len ? ", " : "", f->map_refs,
				f->map_refs > 1 ? "s" : "");
	if (f->ext_refs > 0 && len < size)
		snprintf(buf + len, size - len, "%s%d references outside the "
			 "traced processes", len ? ", " : "", f->ext_refs);
}

bool slot_drop(struct live *lv, struct live_table *t, int fd,
	       struct live_notes *n)
{
	struct live_slot *s = table_slot(t, fd);
	struct live_file *f;

	if (!s)
		return false;
	f = s->file;
	s->file = NULL;
	s->cloexec = false;
	f->slot_refs--;
	file_put(lv, f, n);
	return true;
}

bool slot_close(struct live *lv, struct live_table *t, int fd,
		struct live_notes *n)
{
	struct live_slot *s = table_slot(t, fd);
	char id[ID_LEN], who[256];
	struct live_file *f;

	if (!s)
		return false;
	f = s->file;
	file_name_id(f, id);
	if (f->slot_refs + f->map_refs > 1) {
		slot_drop(lv, t, fd, n);
		holders(t, f, who, sizeof(who));
		notes_add(n, "fd %d closed: open file %s still held by %s", fd,
			  id, who);
		return true;
	}
	notes_add(n, "fd %d closed", fd);
	return slot_drop(lv, t, fd, n);
}

int slot_install(struct live *lv, struct live_table *t, int fd,
		 struct live_file *f, bool cloexec, struct live_notes *n)
{
	if (fd >= t->cap && table_grow(t, fd)) {
		lv->oom = true;
		return -1;
	}
	/* Take the new reference first: the old file may be the same. */
	f->slot_refs++;
	slot_close(lv, t, fd, n);
	t->slot[fd].file = f;
	t->slot[fd].cloexec = cloexec;
	return 0;
}

/* ---- tasks and processes ---- */

struct live_proc *proc_get(struct live *lv, uint32_t pid)
{
	return idmap_get(&lv->procs, pid);
}

struct live_proc *proc_new(struct live *lv, uint32_t pid, const char *comm)
{
	struct live_proc *p = calloc(1, sizeof(*p));

	if (!p || idmap_put(&lv->procs, pid, p)) {
		free(p);
		lv->oom = true;
		return NULL;
	}
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%.*s", FDM_COMM_LEN, comm);
	return p;
}

struct live_task *task_get(struct live *lv, uint32_t tid)
{
	return idmap_get(&lv->tasks, tid);
}

struct live_task *task_new(struct live *lv, struct live_proc *p,
			   uint32_t tid, struct live_table *t)
{
	struct live_task *task = calloc(1, sizeof(*task));

	if (!task || idmap_put(&lv->tasks, tid, task)) {
		free(task);
		lv->oom = true;
		return NULL;
	}
	task->tid = tid;
	task->proc = p;
	task->table = t;
	task->pidfd = -1;
	if (t)
		t->users++;
	p->ntasks++;
	return task;
}

void task_exit(struct live *lv, struct live_task *task, struct live_notes *n)
{
	struct live_proc *p = task->proc;

	idmap_del(&lv->tasks, task->tid);
	if (task->table)
		table_put(lv, task->table, n);
	free(task);
	if (--p->ntasks > 0)
		return;
	if (p->mm)
		mm_put(lv, p->mm, n);
	idmap_del(&lv->procs, p->pid);
	lv->unsure_gone += p->unsure;
	free(p->image);
	free(p);
}

/* ---- address spaces ---- */

struct live_mm *mm_new(void)
{
	struct live_mm *mm = calloc(1, sizeof(*mm));

	if (mm)
		mm->users = 1;
	return mm;
}

int mm_add(struct live *lv, struct live_mm *mm, const struct live_map *m)
{
	if (mm->n == mm->cap) {
		int cap = mm->cap ? mm->cap * 2 : 16;
		struct live_map *v = realloc(mm->map, cap * sizeof(*v));

		if (!v) {
			lv->oom = true;
			return -1;
		}
		mm->map = v;
		mm->cap = cap;
	}
	mm->map[mm->n++] = *m;
	m->file->map_refs++;
	return 0;
}

struct live_mm *mm_copy(struct live *lv, const struct live_mm *from)
{
	struct live_mm *mm = mm_new();
	int i;

	if (!mm) {
		lv->oom = true;
		return NULL;
	}
	mm->image_unknown = from->image_unknown;
	for (i = 0; i < from->n; i++)
		mm_add(lv, mm, &from->map[i]);
	return mm;
}

/* Mapping @i goes: its reference on its file with it. */
static void map_drop(struct live *lv, struct live_mm *mm, int i,
		     struct live_notes *n)
{
	struct live_file *f = mm->map[i].file;

	mm->map[i] = mm->map[--mm->n];
	f->map_refs--;
	file_put(lv, f, n);
}

void mm_put(struct live *lv, struct live_mm *mm, struct live_notes *n)
{
	if (--mm->users > 0)
		return;
	if (mm->n)
		notes_add(n, "address space released: %d file mapping%s gone",
			  mm->n, mm->n > 1 ? "s" : "");
	while (mm->n)
		map_drop(lv, mm, mm->n - 1, n);
	free(mm->map);
	free(mm);
}

int mm_unmap(struct live *lv, struct live_mm *mm, uint64_t start,
	     uint64_t end, struct live_notes *n)
{
	int i, changed = 0;

	for (i = mm->n - 1; i >= 0; i--) {
		struct live_map *m = &mm->map[i], tail;

		if (m->end <= start || m->start >= end)
			continue;
		changed++;
		if (m->start < start && m->end > end) {
			/* A hole in the middle: the tail is a mapping of its own. */
			tail = *m;
			tail.off += end - m->start;
			tail.start = end;
			m->end = start;
			mm_add(lv, mm, &tail);
		} else if (m->start < start) {
			m->end = start;
		} else if (m->end > end) {
			m->off += end - m->start;
			m->start = end;
		} else {
			map_drop(lv, mm, i, n);
		}
	}
	return changed;
}

void live_free(struct live *lv)
{
	struct live_notes *n = malloc(sizeof(*n));
	struct live_task **tasks;
	size_t i = 0, k = 0;
	void *v;

	/* Exit every task as the kernel would: the rest frees with them. */
	tasks = malloc((lv->tasks.n + 1) * sizeof(*tasks));
	if (n && tasks) {
		n->len = 0;
		while ((v = idmap_next(&lv->tasks, &i)))
			tasks[k++] = v;
		for (i = 0; i < k; i++) {
			n->len = n->n = 0;
			task_exit(lv, tasks[i], n);
		}
	}
	free(tasks);
	free(n);
	/* Files kept for watches, with nothing left to watch them. */
	while (lv->all)
		file_free(lv, lv->all);
	idmap_free(&lv->files);
	idmap_free(&lv->tables);
	idmap_free(&lv->tasks);
	idmap_free(&lv->procs);
}
