// SPDX-License-Identifier: GPL-2.0
/*
 * Each event type applied to the live model, as the kernel applies the
 * call: dup and dup2 fill a slot (closing what it held), fork copies the
 * table or shares it (CLONE_FILES), exec closes the close-on-exec slots
 * and unshares a shared table, exit lets go of the table and the address
 * space, and so on. What changed is said in @n, one line per change.
 *
 * Every event names its table and files by id: where the model
 * disagrees, the event is right (it is what the kernel did), the model
 * is corrected, and the process marked unsure, as a change went unseen.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include "trace_model.h"
#include "trace_fields.h"
#include "trace_ids.h"

#define PAGE_UP(x)	(((x) + 4095) & ~4095ULL)
#define FDM_NR_CLONE	56	/* x86-64, as trace.h's list */
#define FDM_NR_CLONE3	435

static void unsure(struct live_proc *p, struct live_notes *n, const char *what)
{
	notes_add(n, "the model missed a change: %s (pid %u unsure now)",
		  what, p->pid);
	p->unsure = true;
}

void live_unsure_all(struct live *lv)
{
	struct live_proc *p;
	size_t i = 0;

	while ((p = idmap_next(&lv->procs, &i)))
		p->unsure = true;
}

unsigned int live_nunsure(const struct live *lv)
{
	struct live_proc *p;
	unsigned int n = lv->unsure_gone;
	size_t i = 0;

	while ((p = idmap_next(&lv->procs, &i)))
		n += p->unsure;
	return n;
}

/* The task's table as the event names it (@addr: at the call's entry). */
static struct live_table *task_table(struct live *lv, struct live_task *task,
				     uint64_t addr, struct live_notes *n)
{
	uint64_t id = id_hash(addr);
	struct live_table *t = task->table;
	char what[96], was[ID_LEN], now[ID_LEN];

	if (!addr)
		return t;
	if (t && t->id == id)
		return t;
	if (t && !t->id) {
		table_bind(lv, t, id);
		if (t->id == id)
			return t;
	}
	/* A table change went unseen (an unshare, an exec): follow it. */
	t = idmap_get(&lv->tables, id);
	if (!t) {
		t = table_new(lv, id);
		if (!t)
			return NULL;
	}
	t->users++;
	if (task->table) {
		table_name_id(task->table, was);
		id_format_hash(now, id);
		snprintf(what, sizeof(what), "task %u uses fd table %s, not %s",
			 task->tid, now, was);
		table_put(lv, task->table, n);
		unsure(task->proc, n, what);
	}
	task->table = t;
	return t;
}

/*
 * The event's task with its table, or NULL for a process the model does
 * not hold (not traced, or not yet: events from before a resync).
 */
static struct live_task *event_task(struct live *lv, const struct fdm_head *h,
				    uint64_t entry_table, struct live_notes *n)
{
	struct live_proc *p = proc_get(lv, h->pid);
	struct live_task *task;

	if (!p || h->ts < p->fresh_ts)
		return NULL;
	if (h->tid == h->pid)
		snprintf(p->comm, sizeof(p->comm), "%.*s", FDM_COMM_LEN,
			 h->comm);
	task = task_get(lv, h->tid);
	if (!task) {
		/* A thread from before the start, which the model missed. */
		task = task_new(lv, p, h->tid, NULL);
		if (!task)
			return NULL;
	}
	if (!task_table(lv, task, entry_table, n))
		return NULL;
	return task;
}

/*
 * The open file in slot @fd as the event names it (@addr): the model's,
 * bound now if it had no id yet, or the kernel's, put in the slot, when
 * the model had another file there or none.
 */
static struct live_file *slot_file(struct live *lv, struct live_task *task,
				   int fd, uint64_t addr, struct live_notes *n)
{
	struct live_slot *s = table_slot(task->table, fd);
	uint64_t id = addr ? id_hash(addr) : 0;
	struct live_file *f;
	char what[128], fid[ID_LEN];

	if (s && (!id || s->file->id == id))
		return s->file;
	if (!id)
		return NULL;
	if (s && file_bind(lv, s->file, id))
		return s->file;
	f = idmap_get(&lv->files, id);
	if (!f) {
		f = file_new(lv, id);
		if (!f)
			return NULL;
		f->ext_refs = -1;
	}
	id_format_hash(fid, id);
	snprintf(what, sizeof(what), "fd %d holds open file %s%s", fd, fid,
		 s ? ", not the one modelled" : ", modelled as free");
	if (slot_install(lv, task->table, fd, f, s && s->cloexec, n))
		return NULL;
	unsure(task->proc, n, what);
	return f;
}

static void say_pos(struct live_notes *n, struct live_task *task,
		    struct live_file *f, int64_t pos)
{
	char id[ID_LEN], fds[128];

	if (f->pos == pos)
		return;
	file_name_id(f, id);
	slots_of(task->table, f, fds, sizeof(fds));
	if (f->slot_refs > 1)
		notes_add(n, "open file %s offset %lld -> %lld (shared by %d "
			  "slots: %s here)", id, (long long)f->pos,
			  (long long)pos, f->slot_refs, fds[0] ? fds : "none");
	else
		notes_add(n, "open file %s offset %lld -> %lld", id,
			  (long long)f->pos, (long long)pos);
	f->pos = pos;
}

/* A slot newly pointing at @f, and what it now shares. */
static void say_slot(struct live_notes *n, int fd, struct live_file *f,
		     const char *how)
{
	char id[ID_LEN], pos[32] = "";

	file_name_id(f, id);
	if (f->pos >= 0)
		snprintf(pos, sizeof(pos), " %lld", (long long)f->pos);
	if (f->slot_refs > 1)
		notes_add(n, "fd %d -> open file %s%s (%d slots now share its "
			  "offset%s)", fd, id, how, f->slot_refs, pos);
	else
		notes_add(n, "fd %d -> open file %s%s (offset%s)", fd, id, how,
			  pos);
}

static void apply_dup(struct live *lv, const struct fdm_dup_event *e,
		      struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->h.table, n);
	struct live_file *f;
	struct live_slot *s;
	int fd = e->h.ret;

	if (!task || e->h.ret < 0)
		return;
	f = slot_file(lv, task, e->oldfd, e->file, n);
	if (!f)
		return;
	s = table_slot(task->table, fd);
	if (s && s->file == f && fd == e->oldfd)
		return;		/* dup2(fd, fd) */
	if (slot_install(lv, task->table, fd, f, e->cloexec, n))
		return;
	say_slot(n, fd, f, e->cloexec ? ", close-on-exec" : "");
}

/* Copies of slots and mappings a process the model leaves out holds. */
static void hand_out(struct live_table *t, struct live_mm *mm)
{
	int fd, i;

	for (fd = 0; t && fd < t->cap; fd++)
		if (t->slot[fd].file && t->slot[fd].file->ext_refs >= 0)
			t->slot[fd].file->ext_refs++;
	for (i = 0; mm && i < mm->n; i++)
		if (mm->map[i].file->ext_refs >= 0)
			mm->map[i].file->ext_refs++;
}

static void apply_fork(struct live *lv, const struct fdm_fork_event *e,
		       struct live_notes *n)
{
	struct live_task *parent = event_task(lv, &e->h, e->table, n), *old;
	bool thread = e->flags & CLONE_THREAD, shared = e->flags & CLONE_FILES;
	struct live_table *pt, *t;
	struct live_proc *p;
	char pid[ID_LEN], cid[ID_LEN];
	int nfds;

	if (!parent || e->h.ret <= 0 || !e->child_table)
		return;
	pt = parent->table;
	if (!thread && !lv->follow) {
		if (shared)
			pt->ext_users = true;
		else
			hand_out(pt, (e->flags & CLONE_VM) ? NULL :
							   parent->proc->mm);
		notes_add(n, "pid %u is not traced (no -f): the open files it "
			  "shares are held outside the model now",
			  e->child_pid);
		return;
	}
	old = task_get(lv, e->child_tid);
	if (old)	/* a reused tid whose exit went unseen */
		task_exit(lv, old, n);
	p = thread ? parent->proc : proc_get(lv, e->child_pid);
	if (!p) {
		p = proc_new(lv, e->child_pid, e->h.comm);
		if (!p)
			return;
		if (e->flags & CLONE_VM) {
			p->mm = parent->proc->mm;
			if (p->mm)
				p->mm->users++;
		} else if (parent->proc->mm) {
			p->mm = mm_copy(lv, parent->proc->mm);
		}
	}
	table_name_id(pt, pid);
	t = shared ? pt : table_copy(lv, pt, id_hash(e->child_table));
	if (!t || !task_new(lv, p, e->child_tid, t))
		return;
	/*
	 * copy_process() installs CLONE_PIDFD's fd after copying the table
	 * and before this event: the child's copy never had it.
	 */
	if (!shared && (e->flags & CLONE_PIDFD) && parent->pidfd >= 0)
		slot_drop(lv, t, parent->pidfd, n);
	parent->pidfd = -1;
	table_name_id(t, cid);
	nfds = table_nopen(t);
	if (shared) {
		notes_add(n, "%s %u shares fd table %s (%d tasks use it now)",
			  thread ? "thread" : "pid", e->child_tid, cid,
			  t->users);
	} else {
		notes_add(n, "%s %u: fd table %s, a copy of %s: its %d slot%s "
			  "point to the same open files (offsets shared)",
			  thread ? "thread" : "pid", e->child_tid, cid, pid,
			  nfds, nfds == 1 ? "" : "s");
	}
	if (shared && t->id != id_hash(e->child_table))
		unsure(p, n, "the child's table is not its parent's");
	else if ((int)e->child_fds != nfds)
		unsure(p, n, "the child has another number of fds");
}

/*
 * The offset the call found: one the model did not expect moved without
 * an event. Processes outside the model may move it (they hold the open
 * file too: a shell's output file, the collector's own stdout); if none
 * does, the model missed a change.
 */
static void offset_at_entry(struct live_notes *n, struct live_task *task,
			    struct live_file *f, int fd, int64_t pos)
{
	char what[96], id[ID_LEN];

	if (f->pos < 0 || pos < 0)
		f->pos = pos;
	if (f->pos == pos)
		return;
	if (f->ext_refs) {
		file_name_id(f, id);
		notes_add(n, "open file %s offset moved %lld -> %lld outside "
			  "the traced processes, which share it", id,
			  (long long)f->pos, (long long)pos);
	} else {
		snprintf(what, sizeof(what), "fd %d's offset was %lld, not "
			 "%lld", fd, (long long)pos, (long long)f->pos);
		unsure(task->proc, n, what);
	}
	f->pos = pos;
}

/* A call on @fd that found its offset at @before and left it at @after. */
static struct live_file *offset_moved(struct live *lv,
				      const struct fdm_head *h, int fd,
				      uint64_t file, int64_t before,
				      int64_t after, struct live_notes *n)
{
	struct live_task *task = event_task(lv, h, h->table, n);
	struct live_file *f;

	if (!task || h->ret < 0)
		return NULL;
	f = slot_file(lv, task, fd, file, n);
	if (!f)
		return NULL;
	offset_at_entry(n, task, f, fd, before);
	say_pos(n, task, f, after);
	return f;
}

static void apply_read(struct live *lv, const struct fdm_read_event *e,
		       struct live_notes *n)
{
	struct live_file *f = offset_moved(lv, &e->h, e->fd, e->file,
					   e->pos_before, e->pos_after, n);

	if (f && !f->ino) {
		f->ino = e->ino;
		f->dev = e->dev;
	}
}

static const char *acc_mode(uint32_t flags)
{
	if (flags & O_PATH)
		return "-";
	switch (flags & O_ACCMODE) {
	case O_RDONLY:	return "r";
	case O_WRONLY:	return "w";
	case O_RDWR:	return "rw";
	}
	return "-";
}

/* Files that may come from outside the traced processes. */
static bool call_receives(unsigned int call)
{
	return call == FDM_CALL_RECVMSG || call == FDM_CALL_RECVMMSG ||
	       call == FDM_CALL_PIDFD_GETFD || call == FDM_CALL_OTHER_INSTALL;
}

static void apply_open(struct live *lv, const struct fdm_open_event *e,
		       struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->h.table, n);
	char name[2 * FDM_PATH_LEN], how[2 * FDM_PATH_LEN + 96];
	struct live_file *f;
	bool known;

	if (!task || e->h.ret < 0 || e->fd < 0 || !e->file)
		return;
	f = idmap_get(&lv->files, id_hash(e->file));
	known = f;
	if (!f) {
		f = file_new(lv, id_hash(e->file));
		if (!f)
			return;
		f->ext_refs = call_receives(e->h.call) ? -1 : 0;
	}
	f->pos = known ? f->pos : 0;
	f->flags = e->flags;
	f->mode = acc_mode(e->flags);
	f->dev = e->dev;
	f->ino = e->ino;
	f->type = mode_type(e->mode, e->magic);
	file_name(name, sizeof(name), e);
	file_set_path(f, name);
	if (slot_install(lv, task->table, e->fd, f, e->cloexec, n))
		return;
	if (e->h.call == FDM_CALL_OTHER_INSTALL &&
	    (e->how == FDM_NR_CLONE || e->how == FDM_NR_CLONE3))
		task->pidfd = e->fd;
	snprintf(how, sizeof(how), "%s%s, %s on inode %u:%u:%llu",
		 known ? "" : " (new)", e->cloexec ? ", close-on-exec" : "",
		 name, e->dev >> 20, e->dev & 0xfffff,
		 (unsigned long long)e->ino);
	say_slot(n, e->fd, f, how);
}

/* Close-on-exec on every open slot of [first, last]. */
static void range_cloexec(struct live_table *t, unsigned int first,
			  unsigned int last, struct live_notes *n)
{
	char fds[256];
	size_t len = 0;
	unsigned int fd;

	fds[0] = '\0';
	for (fd = first; fd <= last && fd < (unsigned int)t->cap; fd++) {
		if (!t->slot[fd].file || t->slot[fd].cloexec)
			continue;
		t->slot[fd].cloexec = true;
		if (len < sizeof(fds))
			len += snprintf(fds + len, sizeof(fds) - len, "%s%u",
					len ? ", " : "", fd);
	}
	if (len)
		notes_add(n, "close-on-exec set on fds %s", fds);
}

/* close_range() without CLOSE_RANGE_CLOEXEC: said as one change. */
static void range_close(struct live *lv, struct live_table *t,
			unsigned int first, unsigned int last,
			struct live_notes *n)
{
	char fds[256];
	size_t len = 0;
	unsigned int fd;

	fds[0] = '\0';
	for (fd = first; fd <= last && fd < (unsigned int)t->cap; fd++)
		if (t->slot[fd].file && len < sizeof(fds))
			len += snprintf(fds + len, sizeof(fds) - len, "%s%u",
					len ? ", " : "", fd);
	if (!len)
		return;
	notes_add(n, "close_range closed fds %s", fds);
	for (fd = first; fd <= last && fd < (unsigned int)t->cap; fd++)
		slot_drop(lv, t, fd, n);
}

/* The task gets a copy of its shared table (unshare, exec, close_range). */
static void unshare_table(struct live *lv, struct live_task *task,
			  uint64_t addr, const char *why,
			  struct live_notes *n)
{
	struct live_table *old = task->table, *t;
	char oid[ID_LEN], nid[ID_LEN];

	t = table_copy(lv, old, id_hash(addr));
	if (!t)
		return;
	t->users = 1;
	task->table = t;
	table_name_id(old, oid);
	table_name_id(t, nid);
	notes_add(n, "%s: fd table %s was shared, task %u has its own copy %s "
		  "now", why, oid, task->tid, nid);
	table_put(lv, old, n);
}

static void apply_close(struct live *lv, const struct fdm_close_event *e,
			struct live_notes *n)
{
	bool range = e->h.call == FDM_CALL_CLOSE_RANGE;
	struct live_task *task;

	task = event_task(lv, &e->h, range ? e->old_table : e->h.table, n);
	if (!task)
		return;
	if (!range) {
		/* close() frees the slot whatever filp_close() returns. */
		if (e->h.ret == -EBADF)
			return;
		if (e->file)
			slot_file(lv, task, e->fd, e->file, n);
		slot_close(lv, task->table, e->fd, n);
		return;
	}
	if (e->h.ret < 0)
		return;
	if ((e->flags & CLOSE_RANGE_UNSHARE) && e->old_table != e->h.table)
		unshare_table(lv, task, e->h.table, "close_range", n);
	if (e->flags & CLOSE_RANGE_CLOEXEC)
		range_cloexec(task->table, e->fd, e->last, n);
	else
		range_close(lv, task->table, e->fd, e->last, n);
}

/* The path /proc/PID/map_files gives a mapping, while it is there. */
static void map_path(struct live_file *f, uint32_t pid,
		     const struct fdm_image_map *m)
{
	char link[96], path[4096];
	ssize_t len;

	snprintf(link, sizeof(link), "/proc/%u/map_files/%llx-%llx", pid,
		 (unsigned long long)m->start, (unsigned long long)m->end);
	len = readlink(link, path, sizeof(path) - 1);
	if (len <= 0)
		return;
	path[len] = '\0';
	file_set_path(f, path);
}

/* The mappings exec made: the program's and its interpreter's. */
static void image_maps(struct live *lv, struct live_task *task,
		       const struct fdm_image_event *e, struct live_notes *n)
{
	unsigned int i, k = e->nmaps < FDM_IMAGE_MAPS ? e->nmaps :
							FDM_IMAGE_MAPS;
	struct live_mm *mm = task->proc->mm;
	struct live_map m;
	char id[ID_LEN];

	for (i = 0; i < k; i++) {
		const struct fdm_image_map *im = &e->maps[i];
		uint64_t fid = id_hash(im->file);

		m.file = idmap_get(&lv->files, fid);
		if (!m.file) {
			m.file = file_new(lv, fid);
			if (!m.file)
				return;
			m.file->dev = im->dev;
			m.file->ino = im->ino;
			m.file->type = "reg";
			m.file->mode = "r";
			map_path(m.file, task->proc->pid, im);
		}
		m.start = im->start;
		m.end = im->end;
		m.off = im->off;
		m.prot = im->prot & 7;
		m.shared = im->prot & 0x100;
		if (mm_add(lv, mm, &m))
			return;
		if (i == 0 || im->file != e->maps[i - 1].file) {
			file_name_id(m.file, id);
			notes_add(n, "exec mapped open file %s (%s)", id,
				  m.file->path ?: "?");
		}
	}
	mm->image_unknown = false;
	if (e->truncated)
		unsure(task->proc, n, "exec mapped more segments than the "
		       "event carries");
}

/*
 * The image event and the exec event come from one tracepoint, in the
 * order their programs were attached: whichever comes second applies
 * the image, to the new address space.
 */
static void apply_image(struct live *lv, const struct fdm_image_event *e,
			struct live_notes *n)
{
	/*
	 * Its table is the one exec left, which an exec that unshares the
	 * table makes: when it comes first, the model has yet to see it.
	 */
	struct live_task *task = event_task(lv, &e->h, 0, n);
	struct live_proc *p = task ? task->proc : NULL;

	if (!p || !p->mm)
		return;
	if (p->mm->image_unknown) {
		image_maps(lv, task, e, n);
		return;
	}
	free(p->image);
	p->image = malloc(sizeof(*e));
	if (p->image)
		memcpy(p->image, e, sizeof(*e));
}

/* The close-on-exec fds of @t, as exec will close them. */
static int cloexec_fds(const struct live_table *t, int32_t *fds, int max)
{
	int fd, k = 0;

	for (fd = 0; fd < t->cap; fd++) {
		if (!t->slot[fd].file || !t->slot[fd].cloexec)
			continue;
		if (k < max)
			fds[k] = fd;
		k++;
	}
	return k;
}

static void apply_exec(struct live *lv, const struct fdm_exec_event *e,
		       struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->old_table, n);
	int32_t mine[FDM_EXEC_FDS];
	int k, i, nmine;
	char fds[256];
	size_t len = 0;

	if (!task || e->h.ret < 0)
		return;
	if (e->old_table && e->old_table != e->h.table)
		unshare_table(lv, task, e->h.table, "exec", n);
	nmine = cloexec_fds(task->table, mine, FDM_EXEC_FDS);
	k = e->ncloexec < FDM_EXEC_FDS ? e->ncloexec : FDM_EXEC_FDS;
	if (nmine != (int)e->ncloexec ||
	    memcmp(mine, e->cloexec_fds, k * sizeof(*mine)))
		unsure(task->proc, n, "exec closed other close-on-exec fds");
	/* What the kernel closed, as far as the event lists them. */
	fds[0] = '\0';
	for (i = 0; i < k; i++) {
		if (len < sizeof(fds))
			len += snprintf(fds + len, sizeof(fds) - len, "%s%d",
					len ? ", " : "", e->cloexec_fds[i]);
	}
	if (k)
		notes_add(n, "exec closed fd%s %s (close-on-exec)",
			  k > 1 ? "s" : "", fds);
	for (i = 0; i < k; i++)
		slot_drop(lv, task->table, e->cloexec_fds[i], n);
	/* The rest of a long list, as the model knows it. */
	if ((int)e->ncloexec > k)
		for (i = 0; i < task->table->cap; i++)
			if (task->table->slot[i].file &&
			    task->table->slot[i].cloexec)
				slot_drop(lv, task->table, i, n);
	if (task->proc->mm)
		mm_put(lv, task->proc->mm, n);
	task->proc->mm = mm_new();
	snprintf(task->proc->comm, sizeof(task->proc->comm), "%.*s",
		 FDM_COMM_LEN, e->h.comm);
	if (!task->proc->mm)
		return;
	task->proc->mm->image_unknown = true;
	if (task->proc->image) {
		image_maps(lv, task, task->proc->image, n);
		free(task->proc->image);
		task->proc->image = NULL;
	}
}

static void apply_exit(struct live *lv, const struct fdm_exit_event *e,
		       struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->h.table, n);

	if (task)
		task_exit(lv, task, n);
}

static void apply_unshare(struct live *lv, const struct fdm_unshare_event *e,
			  struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->old_table, n);

	if (!task || e->h.ret < 0 || !(e->flags & CLONE_FILES))
		return;
	if (e->old_table != e->h.table)
		unshare_table(lv, task, e->h.table, "unshare(CLONE_FILES)", n);
}

static void apply_seek(struct live *lv, const struct fdm_seek_event *e,
		       struct live_notes *n)
{
	offset_moved(lv, &e->h, e->fd, e->file, e->pos_before, e->pos_after,
		     n);
}

static void apply_flags(struct live *lv, const struct fdm_flags_event *e,
			struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->h.table, n);
	struct live_file *f;
	struct live_slot *s;
	char id[ID_LEN], fds[128];

	if (!task || e->h.ret < 0)
		return;
	f = slot_file(lv, task, e->fd, e->file, n);
	s = table_slot(task->table, e->fd);
	if (!f || !s)
		return;
	file_name_id(f, id);
	if (s->cloexec != !!e->cloexec_after) {
		s->cloexec = e->cloexec_after;
		notes_add(n, "fd %d close-on-exec %s (the slot's flag: other "
			  "slots of open file %s keep theirs)", e->fd,
			  s->cloexec ? "set" : "cleared", id);
	}
	if (f->flags != e->flags_after) {
		slots_of(task->table, f, fds, sizeof(fds));
		notes_add(n, "open file %s status flags 0%o -> 0%o (the open "
			  "file's: %d slot%s see it, %s here)", id, f->flags,
			  e->flags_after, f->slot_refs,
			  f->slot_refs > 1 ? "s" : "", fds);
		f->flags = e->flags_after;
	}
}

static void apply_watch(struct live *lv, const struct fdm_watch_event *e,
			struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->h.table, n);
	struct live_file *ep, *target;
	struct live_watch *w;
	char eid[ID_LEN], tid[ID_LEN];
	uint32_t events = e->events;

	if (!task || e->h.ret < 0)
		return;
	ep = slot_file(lv, task, e->epfd, e->file, n);
	target = slot_file(lv, task, e->tfd, e->target, n);
	if (!ep || !target)
		return;
	file_name_id(ep, eid);
	file_name_id(target, tid);
	w = watch_find(ep, e->tfd, target);
	/* The kernel always reports errors and hangups on a watch. */
	if (e->op != EPOLL_CTL_DEL && !(events & EPOLLEXCLUSIVE))
		events |= EPOLLERR | EPOLLHUP;
	switch (e->op) {
	case EPOLL_CTL_ADD:
		if (w || watch_add(ep, target, e->tfd, events))
			return;
		break;
	case EPOLL_CTL_MOD:
		if (!w)
			return;
		w->events = events;
		break;
	case EPOLL_CTL_DEL:
		if (!w)
			return;
		watch_del(ep, w);
		notes_add(n, "epoll set %s (fd %d) no longer watches fd %d, "
			  "open file %s (%d watch%s left)", eid, e->epfd,
			  e->tfd, tid, ep->nwatch, ep->nwatch == 1 ? "" : "es");
		return;
	default:
		return;
	}
	notes_add(n, "epoll set %s (fd %d) watches fd %d, open file %s, "
		  "events 0x%x (%d watch%s)", eid, e->epfd, e->tfd, tid, events,
		  ep->nwatch, ep->nwatch == 1 ? "" : "es");
}

/* The open file a new mapping holds, as the event names it. */
static struct live_file *map_file(struct live *lv, struct live_task *task,
				  const struct fdm_map_event *e)
{
	struct live_slot *s = table_slot(task->table, e->fd);
	struct live_file *f = idmap_get(&lv->files, id_hash(e->file));

	if (f)
		return f;
	if (s && file_bind(lv, s->file, id_hash(e->file)))
		return s->file;
	/* A backing file (overlayfs): the mapping holds one of its own. */
	f = file_new(lv, id_hash(e->file));
	if (!f)
		return NULL;
	f->dev = e->dev;
	f->ino = e->ino;
	f->type = "reg";
	if (s) {
		f->mode = s->file->mode;
		if (s->file->path)
			file_set_path(f, s->file->path);
	}
	return f;
}

static void apply_map(struct live *lv, const struct fdm_map_event *e,
		      struct live_notes *n)
{
	struct live_task *task = event_task(lv, &e->h, e->h.table, n);
	struct live_mm *mm = task ? task->proc->mm : NULL;
	uint64_t addr = e->h.ret, len = PAGE_UP(e->len);
	struct live_map m = {}, *old;
	char id[ID_LEN];
	int i;

	if (!mm || (e->h.ret < 0 && e->h.ret > -4096))
		return;
	switch (e->h.call) {
	case FDM_CALL_MMAP:
		mm_unmap(lv, mm, addr, addr + len, n);
		if (!e->file)
			return;
		m.file = map_file(lv, task, e);
		if (!m.file)
			return;
		m.start = addr;
		m.end = addr + len;
		m.off = e->pgoff * 4096;
		m.prot = e->prot;
		m.shared = (e->flags & MAP_TYPE) != MAP_PRIVATE;
		if (mm_add(lv, mm, &m))
			return;
		file_name_id(m.file, id);
		notes_add(n, "mapping 0x%llx-0x%llx holds open file %s "
			  "(mappings holding it: %d)",
			  (unsigned long long)m.start,
			  (unsigned long long)m.end, id, m.file->map_refs);
		return;
	case FDM_CALL_MUNMAP:
		if (mm_unmap(lv, mm, e->addr, e->addr + len, n))
			notes_add(n, "file mappings in 0x%llx-0x%llx cut or "
				  "gone", (unsigned long long)e->addr,
				  (unsigned long long)(e->addr + len));
		return;
	case FDM_CALL_MREMAP:
		for (i = 0, old = NULL; i < mm->n; i++)
			if (mm->map[i].start <= e->old_addr &&
			    e->old_addr < mm->map[i].end)
				old = &mm->map[i];
		if (old) {
			m = *old;
			m.off += e->old_addr - old->start;
			m.file->map_refs++;	/* held across the unmap */
		}
		mm_unmap(lv, mm, e->old_addr,
			 e->old_addr + PAGE_UP(e->old_len), n);
		mm_unmap(lv, mm, addr, addr + len, n);
		if (!m.file)
			return;
		m.start = addr;
		m.end = addr + len;
		mm_add(lv, mm, &m);
		m.file->map_refs--;
		file_name_id(m.file, id);
		notes_add(n, "mapping of open file %s moved to 0x%llx-0x%llx",
			  id, (unsigned long long)m.start,
			  (unsigned long long)m.end);
		return;
	}
}

void live_apply(struct live *lv, const struct fdm_head *h,
		struct live_notes *n)
{
	n->len = 0;
	n->n = 0;
	switch (h->type) {
	case FDM_DUP:
		apply_dup(lv, (const void *)h, n);
		break;
	case FDM_FORK:
		apply_fork(lv, (const void *)h, n);
		break;
	case FDM_READ:
	case FDM_WRITE:
		apply_read(lv, (const void *)h, n);
		break;
	case FDM_OPEN:
		apply_open(lv, (const void *)h, n);
		break;
	case FDM_CLOSE:
		apply_close(lv, (const void *)h, n);
		break;
	case FDM_EXEC:
		apply_exec(lv, (const void *)h, n);
		break;
	case FDM_EXIT:
		apply_exit(lv, (const void *)h, n);
		break;
	case FDM_UNSHARE:
		apply_unshare(lv, (const void *)h, n);
		break;
	case FDM_SEEK:
		apply_seek(lv, (const void *)h, n);
		break;
	case FDM_FLAGS:
		apply_flags(lv, (const void *)h, n);
		break;
	case FDM_WATCH:
		apply_watch(lv, (const void *)h, n);
		break;
	case FDM_MAP:
		apply_map(lv, (const void *)h, n);
		break;
	case FDM_IMAGE:
		apply_image(lv, (const void *)h, n);
		break;
	}
}
