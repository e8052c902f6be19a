// SPDX-License-Identifier: GPL-2.0
/*
 * Where the live model of a process starts, exact: from /proc/fdmodel
 * when the module is loaded (the same ids as the events), otherwise from
 * what the kernel offers without it: /proc/PID/fd and fdinfo for the
 * slots, kcmp(KCMP_FILES) for which threads share a table,
 * kcmp(KCMP_FILE) for which slots share an open file,
 * kcmp(KCMP_EPOLL_TFD) for what a watch watches, /proc/PID/maps for the
 * mappings. Those objects have no id (no door gives one without the
 * module) until an event names them.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/kcmp.h>
#include <linux/magic.h>
#include "escape.h"
#include "trace_model_start.h"
#include "model.h"
#include "snap.h"
#include "trace_fields.h"

static const char *const modes[] = { "r", "w", "rw", "-", NULL };
static const char *const types[] = {
	"reg", "dir", "chr", "blk", "fifo", "sock", "lnk", "anon", NULL,
};

/* The static string of @list equal to @s, for the model's fields. */
static const char *word(const char *s, const char *const *list,
			const char *other)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return *list;
	return other;
}

static int kcmp(pid_t a, pid_t b, int type, unsigned long x, unsigned long y)
{
	return syscall(SYS_kcmp, a, b, type, x, y);
}

static uint32_t kdev(unsigned int major, unsigned int minor)
{
	return major << 20 | minor;
}

static struct live_notes scratch;

/* "rw-s", as /proc/PID/maps and /proc/fdmodel write it, into @m. */
static void parse_prot(struct live_map *m, const char *prot)
{
	m->prot = (prot[0] == 'r' ? PROT_READ : 0) |
		  (prot[1] == 'w' ? PROT_WRITE : 0) |
		  (prot[2] == 'x' ? PROT_EXEC : 0);
	m->shared = prot[3] == 's';
}

/* ---- from /proc/fdmodel ---- */

static uint64_t parse_id(const char *s)
{
	return s && strcmp(s, "-") ? strtoull(s, NULL, 16) : 0;
}

static void unescape(char *out, size_t size, const char *in)
{
	unsigned char c;
	size_t n = 0;

	while (*in && n + 1 < size) {
		in = esc_undo(in, &c);
		out[n++] = c;
	}
	out[n] = '\0';
}

/* The model's open file for a line of the snapshot, made on first sight. */
static struct live_file *line_file(struct live *lv, const struct m_line *l,
				   bool by_fd)
{
	uint64_t id = parse_id(l->file_id);
	struct live_file *f = id ? idmap_get(&lv->files, id) : NULL;
	unsigned int major = 0, minor = 0;
	char path[4096];

	if (!id)
		return NULL;
	if (!f)
		f = file_new(lv, id);
	if (!f)
		return NULL;
	if (by_fd) {
		f->pos = l->pos.v;
		f->flags = l->flags.v;
		f->mode = word(l->mode, modes, "?");
	}
	if (l->dev && sscanf(l->dev, "%u:%u", &major, &minor) == 2)
		f->dev = kdev(major, minor);
	f->ino = l->ino.v;
	f->type = word(l->type, types, "unknown");
	if (l->path) {
		unescape(path, sizeof(path), l->path);
		file_set_path(f, path);
	}
	return f;
}

/* The block (task line) a thread's table is listed under. */
static int thread_block(const struct model *m, pid_t pid, pid_t tid)
{
	int i, lead = 0;

	for (i = 0; i < m->ntask; i++) {
		if (m->task[i].tid.v == tid)
			return i;
		if (m->task[i].tid.v == pid)
			lead = i;
	}
	for (i = 0; i < m->ntask; i++)
		if (m->task[i].tid.v != pid &&
		    !kcmp(tid, m->task[i].tid.v, KCMP_FILES, 0, 0))
			return i;
	return lead;
}

/* Each thread of @pid, by its tid; -1 when /proc has none. */
static int for_threads(pid_t pid, int (*fn)(void *ctx, pid_t tid), void *ctx)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int err = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while (!err && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			err = fn(ctx, atoi(d->d_name));
	closedir(dir);
	return err;
}

struct fdmodel_load {
	struct live *lv;
	struct live_proc *p;
	const struct model *m;
	struct live_table **tables;	/* per block */
};

static int add_thread(void *ctx, pid_t tid)
{
	struct fdmodel_load *ld = ctx;
	int b = thread_block(ld->m, ld->p->pid, tid);

	return task_new(ld->lv, ld->p, tid, ld->tables[b]) ? 0 : -1;
}

static void load_slots(struct fdmodel_load *ld)
{
	const struct model *m = ld->m;
	int i;

	for (i = 0; i < m->nslot; i++) {
		const struct m_slot *s = &m->slot[i];
		struct live_table *t = ld->tables[s->task];
		struct live_file *f = line_file(ld->lv, &s->line, true);

		if (f && !table_slot(t, s->fd))
			slot_install(ld->lv, t, s->fd, f, s->cloexec, &scratch);
	}
	for (i = 0; i < m->nwatch; i++) {
		const struct m_watch *w = &m->watch[i];
		struct live_file *target = idmap_get(&ld->lv->files,
						     parse_id(w->file_id));
		struct live_slot *ep = w->slot < 0 ? NULL :
			table_slot(ld->tables[w->task], w->epfd.v);

		if (!target || !ep) {
			ld->p->unsure = true;	/* a watch the module could not resolve */
			continue;
		}
		if (!watch_find(ep->file, w->tfd.v, target))
			watch_add(ep->file, target, w->tfd.v, w->events.v);
	}
}

static void load_maps(struct fdmodel_load *ld)
{
	const struct model *m = ld->m;
	struct live_map map;
	int i;

	for (i = 0; i < m->nmap; i++) {
		const struct m_map *mp = &m->map[i];

		map.file = line_file(ld->lv, &mp->line, false);
		if (!map.file)
			continue;
		map.start = mp->start.v;
		map.end = mp->end.v;
		map.off = mp->off.v;
		parse_prot(&map, mp->prot && strlen(mp->prot) == 4 ?
					mp->prot : "----");
		mm_add(ld->lv, ld->p->mm, &map);
	}
}

/* What holds the files besides the model: the module counted them all. */
static void load_refs(struct fdmodel_load *ld)
{
	const struct model *m = ld->m;
	int i;

	for (i = 0; i < m->ntable; i++) {
		struct live_table *t = ld->tables[m->table[i].tasks.v[0]];

		t->ext_users = m->table[i].refs > t->users;
	}
	for (i = 0; i < m->nfile; i++) {
		struct live_file *f = idmap_get(&ld->lv->files,
						parse_id(m->file[i].id));
		long long refs = m->file[i].line->refs.v;

		if (!f || !m->file[i].by_fd)
			continue;
		f->ext_refs = refs - f->slot_refs - f->map_refs;
		if (f->ext_refs < 0)
			f->ext_refs = 0;
	}
}

/* Process @pid into the model from its model @m. */
static int fdmodel_load(struct live *lv, pid_t pid, const struct model *m)
{
	struct fdmodel_load ld = { .lv = lv, .m = m };
	int i, err = -1;

	ld.tables = calloc(m->ntask, sizeof(*ld.tables));
	ld.p = proc_new(lv, pid, "?");
	if (!ld.tables || !ld.p)
		goto out;
	unescape(ld.p->comm, sizeof(ld.p->comm), m->task[0].comm ?: "?");
	ld.p->source = "fdmodel";
	ld.p->mm = mm_new();
	for (i = 0; i < m->ntask; i++) {
		uint64_t id = parse_id(m->task[i].table_id);

		ld.tables[i] = idmap_get(&lv->tables, id) ?: table_new(lv, id);
		if (!ld.tables[i])
			goto out;
	}
	if (for_threads(pid, add_thread, &ld))
		goto out;
	load_slots(&ld);
	load_maps(&ld);
	load_refs(&ld);
	err = lv->oom ? -1 : 0;
out:
	free(ld.tables);
	return err;
}

/* The process's block of /proc/fdmodel, as a model; -1 when gone. */
static int fdmodel_read(pid_t pid, struct snap *s, struct model *m)
{
	if (snap_read(s, NULL, &pid, 1))
		return -1;
	if (!model_build(m, s) && m->ntask)
		return 0;
	model_free(m);
	snap_free(s);
	return -1;
}

int live_start_fdmodel(struct live *lv, pid_t pid)
{
	struct model m;
	struct snap s;
	int err;

	if (fdmodel_read(pid, &s, &m))
		return -1;
	err = fdmodel_load(lv, pid, &m);
	model_free(&m);
	snap_free(&s);
	return err;
}

/* ---- from /proc/PID/fd, fdinfo, kcmp and maps ---- */

struct procfs_load {
	struct live *lv;
	struct live_proc *p;
	pid_t reps[256];	/* one thread per table */
	struct live_table *tables[256];
	int ntables;
	struct found {		/* the slots read, for kcmp */
		pid_t tid;
		int fd;
		struct live_file *file;
	} *found;
	int nfound;
};

static int add_procfs_thread(void *ctx, pid_t tid)
{
	struct procfs_load *ld = ctx;
	int i;

	for (i = 0; i < ld->ntables; i++)
		if (!kcmp(tid, ld->reps[i], KCMP_FILES, 0, 0))
			break;
	if (i == ld->ntables) {
		if (i == 256)
			return -1;
		ld->tables[i] = table_new(ld->lv, 0);
		if (!ld->tables[i])
			return -1;
		ld->reps[ld->ntables++] = tid;
	}
	return task_new(ld->lv, ld->p, tid, ld->tables[i]) ? 0 : -1;
}

/* pos: and flags: of an fdinfo file, and the rest of it to @rest. */
static int read_fdinfo(pid_t pid, pid_t tid, int fd, long long *pos,
		       unsigned int *flags, FILE **rest)
{
	char path[96], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/fdinfo/%d", pid, tid,
		 fd);
	f = fopen(path, "re");
	if (!f)
		return -1;
	*pos = -1;
	*flags = 0;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "pos: %lld", pos);
		if (sscanf(line, "flags: %o", flags) == 1)
			break;
	}
	*rest = f;
	return 0;
}

/* The open file slot @fd of @tid holds, if a slot read before has it. */
static struct live_file *same_file(struct procfs_load *ld, pid_t tid, int fd,
				   const struct stat *st)
{
	int i;

	for (i = 0; i < ld->nfound; i++) {
		struct live_file *f = ld->found[i].file;

		if (f->ino == st->st_ino &&
		    f->dev == kdev(major(st->st_dev), minor(st->st_dev)) &&
		    !kcmp(tid, ld->found[i].tid, KCMP_FILE, fd,
			  ld->found[i].fd))
			return f;
	}
	return NULL;
}

/* A type as the module's: anonymous inodes by the name /proc gives them. */
static const char *stat_type(const struct stat *st, const char *link)
{
	return mode_type(st->st_mode, strncmp(link, "anon_inode:", 11) ? 0 :
				      ANON_INODE_FS_MAGIC);
}

static struct live_file *procfs_file(struct procfs_load *ld, pid_t tid,
				     int fd, long long pos, unsigned int flags)
{
	char path[96], link[4096];
	struct live_file *f;
	struct found *v;
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/fd/%d", ld->p->pid,
		 tid, fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0 || stat(path, &st))
		return NULL;
	link[n] = '\0';
	f = same_file(ld, tid, fd, &st);
	if (f)
		return f;
	f = file_new(ld->lv, 0);
	if (!f)
		return NULL;
	f->ext_refs = -1;
	f->pos = pos;
	f->flags = flags & ~O_CLOEXEC;
	f->mode = flags & O_PATH ? "-" : modes[flags & O_ACCMODE];
	f->dev = kdev(major(st.st_dev), minor(st.st_dev));
	f->ino = st.st_ino;
	f->type = stat_type(&st, link);
	file_set_path(f, link);
	v = realloc(ld->found, (ld->nfound + 1) * sizeof(*v));
	if (!v)
		return f;
	ld->found = v;
	ld->found[ld->nfound++] = (struct found){ tid, fd, f };
	return f;
}

/* The file a watch of @epfd on @tfd watches, by kcmp(KCMP_EPOLL_TFD). */
static struct live_file *watched(struct procfs_load *ld, pid_t tid,
				 struct live_table *t, int epfd, int tfd,
				 unsigned long ino, unsigned int sdev)
{
	struct kcmp_epoll_slot slot = { epfd, tfd, 0 };
	struct live_file *f;
	int fd;

	if (table_slot(t, tfd) &&
	    !kcmp(tid, tid, KCMP_EPOLL_TFD, tfd, (unsigned long)&slot))
		return t->slot[tfd].file;
	for (fd = 0; fd < t->cap; fd++)
		if (table_slot(t, fd) &&
		    !kcmp(tid, tid, KCMP_EPOLL_TFD, fd, (unsigned long)&slot))
			return t->slot[fd].file;
	/* Held by no slot here: a file of its own, for the watch line. */
	f = file_new(ld->lv, 0);
	if (f) {
		f->ext_refs = -1;
		f->ino = ino;
		f->dev = sdev;
	}
	return f;
}

static void procfs_watches(struct procfs_load *ld, pid_t tid,
			   struct live_table *t, int epfd, FILE *rest)
{
	unsigned int events, sdev;
	unsigned long ino;
	char line[256];
	int tfd;

	while (fgets(line, sizeof(line), rest)) {
		struct live_file *target;

		if (sscanf(line, "tfd: %d events: %x data: %*x pos:%*d "
			   "ino:%lx sdev:%x", &tfd, &events, &ino, &sdev) != 4)
			continue;
		target = watched(ld, tid, t, epfd, tfd, ino, sdev);
		if (target)
			watch_add(t->slot[epfd].file, target, tfd, events);
	}
}

static void procfs_slots(struct procfs_load *ld, int i)
{
	pid_t tid = ld->reps[i];
	struct live_table *t = ld->tables[i];
	unsigned int flags;
	struct dirent *d;
	long long pos;
	char path[64];
	FILE *rest;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/fd", ld->p->pid, tid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		struct live_file *f;
		int fd = atoi(d->d_name);

		if (d->d_name[0] == '.' ||
		    read_fdinfo(ld->p->pid, tid, fd, &pos, &flags, &rest))
			continue;
		f = procfs_file(ld, tid, fd, pos, flags);
		if (f)
			slot_install(ld->lv, t, fd, f, flags & O_CLOEXEC,
				     &scratch);
		fclose(rest);
	}
	closedir(dir);
	/* Watches, once every slot is there for kcmp to find. */
	for (int fd = 0; fd < t->cap; fd++) {
		if (!table_slot(t, fd) || !t->slot[fd].file->path ||
		    strcmp(t->slot[fd].file->path, "anon_inode:[eventpoll]") ||
		    read_fdinfo(ld->p->pid, tid, fd, &pos, &flags, &rest))
			continue;
		procfs_watches(ld, tid, t, fd, rest);
		fclose(rest);
	}
}

/* Slots of process @other that hold one of the files found. */
static void count_slots(struct procfs_load *ld, pid_t other)
{
	char path[64], link[64 + 256];
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/fd", other);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", path, d->d_name);
		if (stat(link, &st))
			continue;
		for (i = 0; i < ld->nfound; i++) {
			struct live_file *f = ld->found[i].file;

			if (f->ino == st.st_ino &&
			    f->dev == kdev(major(st.st_dev), minor(st.st_dev)) &&
			    !kcmp(other, ld->found[i].tid, KCMP_FILE,
				  atoi(d->d_name), ld->found[i].fd)) {
				f->ext_refs++;
				break;
			}
		}
	}
	closedir(dir);
}

/*
 * The references the files found have from the fd tables of every other
 * process, through kcmp: what the module's refs= would count, less
 * mappings elsewhere (no door tells which open file those hold) and
 * calls in flight. A file's last reference can then be told.
 */
static void count_refs(struct procfs_load *ld)
{
	struct dirent *d;
	DIR *dir;
	int i;

	for (i = 0; i < ld->nfound; i++)
		ld->found[i].file->ext_refs = 0;
	dir = opendir("/proc");
	if (!dir)
		return;
	while ((d = readdir(dir)))
		if (d->d_name[0] >= '1' && d->d_name[0] <= '9' &&
		    strtoul(d->d_name, NULL, 10) != ld->p->pid)
			count_slots(ld, atoi(d->d_name));
	closedir(dir);
}

/*
 * A mapping's open file: the slot's, when a slot holds a file of the
 * same inode (the usual mmap of an fd kept open: no door tells two open
 * files of one inode apart here), else one per inode.
 */
static struct live_file *map_file(struct procfs_load *ld, uint32_t dev,
				  unsigned long ino, const char *path)
{
	struct live_file *f;
	int i;

	for (i = 0; i < ld->nfound; i++)
		if (ld->found[i].file->dev == dev &&
		    ld->found[i].file->ino == ino)
			return ld->found[i].file;
	for (f = ld->lv->all; f; f = f->next)
		if (!f->id && !f->slot_refs && f->dev == dev && f->ino == ino)
			return f;
	f = file_new(ld->lv, 0);
	if (!f)
		return NULL;
	f->ext_refs = -1;
	f->dev = dev;
	f->ino = ino;
	f->type = "reg";
	file_set_path(f, path);
	return f;
}

static void procfs_maps(struct procfs_load *ld)
{
	unsigned long long start, end, off;
	unsigned int major, minor;
	char path[64], line[4352], prot[5];
	unsigned long ino;
	struct live_map m;
	int n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", ld->p->pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%llx-%llx %4s %llx %x:%x %lu %n", &start,
			   &end, prot, &off, &major, &minor, &ino, &n) < 7 ||
		    !ino)
			continue;
		m.file = map_file(ld, kdev(major, minor), ino, line + n);
		if (!m.file)
			continue;
		m.start = start;
		m.end = end;
		m.off = off;
		parse_prot(&m, prot);
		mm_add(ld->lv, ld->p->mm, &m);
	}
	fclose(f);
}

int live_start_procfs(struct live *lv, pid_t pid)
{
	struct procfs_load ld = { .lv = lv };
	char path[64], comm[64] = "?";
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	ld.p = proc_new(lv, pid, comm);
	if (!ld.p)
		return -1;
	ld.p->source = "procfs";
	ld.p->mm = mm_new();
	if (for_threads(pid, add_procfs_thread, &ld)) {
		fprintf(stderr, "fdmodel trace: cannot read the threads of "
			"pid %d\n", pid);
		free(ld.found);
		return -1;
	}
	for (i = 0; i < ld.ntables; i++)
		procfs_slots(&ld, i);
	count_refs(&ld);
	procfs_maps(&ld);
	free(ld.found);
	return lv->oom ? -1 : 0;
}

/* ---- after a loss ---- */

int live_resync(struct live *lv, pid_t pid, uint64_t ts)
{
	struct live_proc *p = proc_get(lv, pid);
	struct live_task *task, **tasks;
	struct model m;
	struct snap s;
	size_t i = 0;
	int n = 0, k, err;

	/* A process gone already stays as it was: unsure. */
	if (!p || fdmodel_read(pid, &s, &m))
		return -1;
	tasks = malloc((lv->tasks.n + 1) * sizeof(*tasks));
	if (!tasks) {
		err = -1;
		goto out;
	}
	p->unsure = false;	/* read anew: not one that ended unsure */
	while ((task = idmap_next(&lv->tasks, &i)))
		if (task->proc == p)
			tasks[n++] = task;
	/* The last task's exit frees the process. */
	for (k = 0; k < n; k++)
		task_exit(lv, tasks[k], &scratch);
	free(tasks);
	err = fdmodel_load(lv, pid, &m);
	if (!err)
		proc_get(lv, pid)->fresh_ts = ts;
out:
	model_free(&m);
	snap_free(&s);
	return err;
}
