// SPDX-License-Identifier: GPL-2.0
/*
 * The live model of one process written as /proc/fdmodel writes it
 * (docs/format.md), so that `fdmodel show`'s own parser, model and views
 * print it: the trace's pictures and show's cannot disagree. What the
 * events do not carry (ppid, uids) is read from /proc/PID/status as the
 * picture is drawn; what the model does not know is left out, and shows
 * as "?".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "escape.h"
#include "trace_model.h"
#include "trace_model_snap.h"
#include "trace_ids.h"

static void put_escaped(FILE *out, const char *s)
{
	esc_write(out, ESC_OCTAL, s, strlen(s));
}

/* ppid=, uid= and euid= from /proc/PID/status, when it can be read. */
static void put_status(FILE *out, uint32_t pid)
{
	char path[64], line[256];
	long ppid = -1, uid = -1, euid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "PPid: %ld", &ppid);
		sscanf(line, "Uid: %ld %ld", &uid, &euid);
	}
	fclose(f);
	if (ppid >= 0)
		fprintf(out, " ppid=%ld", ppid);
	if (uid >= 0 && euid >= 0)
		fprintf(out, " uid=%ld euid=%ld", uid, euid);
}

/* The fields an fd line and a map line share: the file and its inode. */
static void put_inode(FILE *out, const struct live_file *f)
{
	if (f->ino)
		fprintf(out, " ino=%llu dev=%u:%u", (unsigned long long)f->ino,
			f->dev >> 20, f->dev & 0xfffff);
	fprintf(out, " type=%s", f->type);
	if (f->path) {
		fputs(" path=", out);
		put_escaped(out, f->path);
	}
}

static void put_watches(FILE *out, uint32_t pid, int epfd,
			const struct live_file *ep)
{
	char id[ID_LEN];
	int i;

	for (i = 0; i < ep->nwatch; i++) {
		const struct live_watch *w = &ep->watch[i];

		file_name_id(w->target, id);
		fprintf(out, "watch pid=%u epfd=%d tfd=%d events=0x%x file=%s",
			pid, epfd, w->tfd, w->events, id);
		if (w->target->ino)
			fprintf(out, " ino=%llu dev=%u:%u",
				(unsigned long long)w->target->ino,
				w->target->dev >> 20, w->target->dev & 0xfffff);
		fputc('\n', out);
	}
}

static void put_slots(FILE *out, uint32_t pid, const struct live_table *t)
{
	char tid[ID_LEN], fid[ID_LEN];
	int fd, refs;

	table_name_id(t, tid);
	for (fd = 0; fd < t->cap; fd++) {
		const struct live_file *f = t->slot[fd].file;

		if (!f)
			continue;
		file_name_id(f, fid);
		fprintf(out, "fd pid=%u table=%s fd=%d cloexec=%d file=%s", pid,
			tid, fd, t->slot[fd].cloexec, fid);
		if (f->pos >= 0)
			fprintf(out, " pos=%lld", (long long)f->pos);
		fprintf(out, " flags=0%o mode=%s", f->flags, f->mode);
		refs = file_refs(f);
		if (refs >= 0)
			fprintf(out, " refs=%d", refs);
		put_inode(out, f);
		fputc('\n', out);
		put_watches(out, pid, fd, f);
	}
}

static int cmp_map(const void *a, const void *b)
{
	const struct live_map *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static void put_maps(FILE *out, uint32_t pid, const struct live_mm *mm)
{
	struct live_map *v;
	char id[ID_LEN];
	int i;

	if (!mm || !mm->n)
		return;
	v = malloc(mm->n * sizeof(*v));
	if (!v)
		return;
	memcpy(v, mm->map, mm->n * sizeof(*v));
	qsort(v, mm->n, sizeof(*v), cmp_map);
	for (i = 0; i < mm->n; i++) {
		file_name_id(v[i].file, id);
		fprintf(out, "map pid=%u file=%s start=0x%llx end=0x%llx "
			"prot=%c%c%c%c off=%llu", pid, id,
			(unsigned long long)v[i].start,
			(unsigned long long)v[i].end,
			v[i].prot & PROT_READ ? 'r' : '-',
			v[i].prot & PROT_WRITE ? 'w' : '-',
			v[i].prot & PROT_EXEC ? 'x' : '-',
			v[i].shared ? 's' : 'p', (unsigned long long)v[i].off);
		put_inode(out, v[i].file);
		fputc('\n', out);
	}
	free(v);
}

static int cmp_task(const void *a, const void *b)
{
	const struct live_task *x = *(const struct live_task *const *)a;
	const struct live_task *y = *(const struct live_task *const *)b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

static void put_block(FILE *out, const struct live_proc *p,
		      const struct live_task *task)
{
	char tid[ID_LEN];

	table_name_id(task->table, tid);
	fprintf(out, "task pid=%u tid=%u comm=", p->pid, task->tid);
	put_escaped(out, p->comm);
	fprintf(out, " table=%s table_refs=%d fds=%d", tid, task->table->users,
		table_nopen(task->table));
	put_status(out, p->pid);
	fputc('\n', out);
	put_slots(out, p->pid, task->table);
}

/*
 * The process's blocks as the module lists them: the leader's (or, with
 * the leader gone, the lowest tid's) table and the mappings, then each
 * table a thread unshared, under the lowest tid using it.
 */
static void put_proc(FILE *out, const struct live *lv,
		     const struct live_proc *p)
{
	struct live_task **tasks, *task, *lead;
	size_t i = 0;
	int n = 0, j, k;

	tasks = malloc((lv->tasks.n + 1) * sizeof(*tasks));
	if (!tasks)
		return;
	while ((task = idmap_next(&lv->tasks, &i)))
		if (task->proc == p && task->table)
			tasks[n++] = task;
	qsort(tasks, n, sizeof(*tasks), cmp_task);
	lead = n ? tasks[0] : NULL;
	for (j = 0; j < n; j++)
		if (tasks[j]->tid == p->pid)
			lead = tasks[j];
	if (lead) {
		put_block(out, p, lead);
		put_maps(out, p->pid, p->mm);
	}
	for (j = 0; j < n; j++) {
		if (tasks[j]->table == lead->table)
			continue;
		for (k = 0; k < j; k++)
			if (tasks[k]->table == tasks[j]->table)
				break;
		if (k == j)
			put_block(out, p, tasks[j]);
	}
	free(tasks);
}

char *live_snapshot(const struct live *lv, uint32_t pid, size_t *len)
{
	const struct live_proc *p = idmap_get(&lv->procs, pid);
	char *text = NULL;
	FILE *out;

	/* open_memstream() keeps a NUL after the text: snap_parse()'s room. */
	out = open_memstream(&text, len);
	if (!out)
		return NULL;
	fputs("# fdmodel 1\n", out);
	if (p)
		put_proc(out, lv, p);
	if (fclose(out)) {
		free(text);
		return NULL;
	}
	return text;
}
