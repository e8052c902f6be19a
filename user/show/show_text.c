// SPDX-License-Identifier: GPL-2.0
/*
 * The default view of `fdmodel show`: one block per process, each fd
 * with its open file description and inode, and what is shared said in
 * words, the words a teacher would use at the whiteboard.
 */
#include <string.h>
#include "show.h"

#define LIST_MAX	8	/* names listed before "and N more" */

/* A comma-separated list that starts with @intro and ends with @outro. */
struct list {
	FILE *out;
	const char *intro, *outro;
	int n;
};

static void list_add(struct list *l, const char *name)
{
	if (l->n < LIST_MAX)
		fprintf(l->out, "%s%s", l->n ? ", " : l->intro, name);
	l->n++;
}

static void list_end(struct list *l)
{
	if (!l->n)
		return;
	if (l->n > LIST_MAX)
		fprintf(l->out, " and %d more", l->n - LIST_MAX);
	fprintf(l->out, "%s\n", l->outro);
}

static bool same_slot(const struct model *m, int a, int b)
{
	return m->slot[a].fd == m->slot[b].fd &&
	       m->task[m->slot[a].task].table == m->task[m->slot[b].task].table;
}

/* Every other slot holding @slot's open file description. */
static void say_same_file(const struct model *m, int slot, FILE *out)
{
	const struct m_file *f = &m->file[m->slot[slot].file];
	struct list l = { out, "        same open file as ",
			  " (offset shared)", 0 };
	char name[48];
	int i;

	for (i = 0; i < f->slots.n; i++) {
		if (same_slot(m, f->slots.v[i], slot))
			continue;
		slot_name(m, f->slots.v[i], m->slot[slot].task, name,
			  sizeof(name));
		list_add(&l, name);
	}
	list_end(&l);
	if (f->maps.n)
		fprintf(out, "        also held by %d mapping%s\n", f->maps.n,
			f->maps.n > 1 ? "s" : "");
}

/* Slots holding other open file descriptions of the same inode. */
static void say_same_inode(const struct model *m, int slot, FILE *out)
{
	const struct m_slot *entry = &m->slot[slot];
	const struct m_inode *in = &m->inode[entry->inode];
	struct list l = { out, "        same inode as ",
			  " (another open file: its own offset)", 0 };
	char name[48];
	int i, j;

	for (i = 0; i < in->files.n; i++) {
		const struct m_file *f = &m->file[in->files.v[i]];

		if (in->files.v[i] == entry->file)
			continue;
		for (j = 0; j < f->slots.n; j++) {
			slot_name(m, f->slots.v[j], entry->task, name,
				  sizeof(name));
			list_add(&l, name);
		}
	}
	list_end(&l);
}

/*
 * Files of every anonymous class hang off one kernel inode: no sharing
 * to speak of, so the class is named instead.
 */
static bool say_anon(const struct model *m, int slot, FILE *out)
{
	const struct m_slot *entry = &m->slot[slot];
	const char *class;
	char buf[32];

	class = line_anon(&entry->line, buf, sizeof(buf));
	if (!class)
		return false;
	if (m->inode[entry->inode].files.n > 1)
		fprintf(out, "        anonymous inode, class %s (one for all "
			"anon files: nothing shared)\n", class);
	return true;
}

static void say_peer(const struct model *m, int slot, FILE *out)
{
	int peer = inode_peer(m, m->slot[slot].inode), i, j;
	struct list l = { out, "        connected to ", "", 0 };
	char name[48];

	if (peer < 0)
		return;
	for (i = 0; i < m->inode[peer].files.n; i++) {
		const struct m_file *f = &m->file[m->inode[peer].files.v[i]];

		for (j = 0; j < f->slots.n; j++) {
			slot_name(m, f->slots.v[j], m->slot[slot].task, name,
				  sizeof(name));
			list_add(&l, name);
		}
	}
	list_end(&l);
}

static void say_sock(const struct m_line *l, FILE *out)
{
	const struct m_sock *s = &l->sock;

	if (!s->family)
		return;
	fputs("        ", out);
	sock_words(l, ESC_OCTAL, out);
	if (s->rxq.s || s->txq.s)
		fprintf(out, ", rxq %s txq %s", s->rxq.s ?: "?",
			s->txq.s ?: "?");
	fputc('\n', out);
}

static void say_kind(const struct m_extra *x, FILE *out)
{
	const char *v;

	if ((v = extra_get(x, "pipe_bytes")))
		fprintf(out, "        pipe: %s bytes unread, %s reader(s), "
			"%s writer(s)\n", v, extra_get(x, "pipe_readers") ?: "?",
			extra_get(x, "pipe_writers") ?: "?");
	if ((v = extra_get(x, "eventfd_count")))
		fprintf(out, "        eventfd counter %s\n", v);
}

static void say_watches(const struct model *m, int slot, FILE *out)
{
	const struct ilist *w = &m->slot[slot].watches;
	struct list l = { out, "        epoll set watching ", "", 0 };
	char name[32];
	int i;

	for (i = 0; i < w->n; i++) {
		snprintf(name, sizeof(name), "fd %lld",
			 m->watch[w->v[i]].tfd.v);
		list_add(&l, name);
	}
	list_end(&l);
}

/* inotify marks on inode 0:25:2261 (wd 1) mask 0x300, ... */
static void say_marks(const struct model *m, int slot, FILE *out)
{
	const struct ilist *mk = &m->slot[slot].marks;
	char intro[48], name[96], target[64];
	struct list l = { out, intro, "", 0 };
	int i;

	if (!mk->n)
		return;
	snprintf(intro, sizeof(intro), "        %s marks on ",
		 m->mark[mk->v[0]].class ?: "?");
	for (i = 0; i < mk->n; i++) {
		const struct m_mark *k = &m->mark[mk->v[i]];

		mark_target(k, target, sizeof(target));
		if (k->wd.s)
			snprintf(name, sizeof(name), "%s (wd %s) mask %s",
				 target, k->wd.s, k->mask.s ?: "?");
		else
			snprintf(name, sizeof(name), "%s mask %s", target,
				 k->mask.s ?: "?");
		list_add(&l, name);
	}
	list_end(&l);
}

/* Each lock, and whose it is: what decides which close drops it. */
static void say_locks(const struct model *m, int slot, FILE *out)
{
	const struct ilist *lk = &m->slot[slot].locks;
	char range[64];
	int i;

	for (i = 0; i < lk->n; i++) {
		const struct m_lock *k = &m->lock[lk->v[i]];

		lock_range(k, range, sizeof(range));
		fprintf(out, "        lock: %s %s, bytes %s (%s)\n",
			k->kind ?: "?", k->type ?: "?", range,
			lock_of_process(k) ?
			"the process's: closing any fd of the file drops it" :
			"the open file's: shared by its dups and forks, "
			"dropped with its last slot");
	}
}

/* A count that slots and mappings do not explain, said where it is. */
static void say_refs(const struct model *m, int slot, FILE *out)
{
	const struct m_slot *entry = &m->slot[slot];
	long long other = entry->file >= 0 ?
			  refs_elsewhere(m, entry->file) : -1;

	if (other > 0)
		fprintf(out, "        refs %s: %d slot(s), %d mapping(s) and %lld "
			"held elsewhere (an io_uring registration, an fd in "
			"flight in a unix socket, a syscall in progress, or a "
			"process not shown)\n", entry->line.refs.s,
			m->file[entry->file].slots.n,
			m->file[entry->file].maps.n, other);
}

static void show_slot(const struct model *m, int slot, FILE *out)
{
	const struct m_slot *entry = &m->slot[slot];
	const struct m_line *l = &entry->line;

	fprintf(out, "  fd %-4d %-3s %-5s %s%s\n", entry->fd, l->mode ?: "?",
		l->type ?: "?", l->path ?: "?",
		entry->cloexec ? "  (close-on-exec)" : "");
	fprintf(out, "        open file %s pos %s flags %s refs %s, inode %s:%s\n",
		l->file_id ?: "-", l->pos.s ?: "?", l->flags.s ?: "?",
		l->refs.s ?: "?", l->dev ?: "?", l->ino.s ?: "?");
	if (entry->file >= 0)
		say_same_file(m, slot, out);
	if (entry->inode >= 0) {
		if (!say_anon(m, slot, out))
			say_same_inode(m, slot, out);
		say_peer(m, slot, out);
	}
	say_sock(l, out);
	say_kind(&l->extra, out);
	say_refs(m, slot, out);
	say_watches(m, slot, out);
	say_marks(m, slot, out);
	say_locks(m, slot, out);
}

/* One line per mapped open file, however many ranges it maps. */
static void show_map(const struct model *m, int task, int i, FILE *out)
{
	const struct ilist *maps = &m->task[task].maps;
	const struct m_map *mapping = &m->map[maps->v[i]];
	const struct m_line *l = &mapping->line;
	int j, n = 0;

	for (j = 0; j < maps->n; j++) {
		if (m->map[maps->v[j]].file != mapping->file)
			continue;
		if (j < i)
			return;	/* said with its first range */
		n++;
	}
	fprintf(out, "  map %s (%d range%s)\n", l->path ?: "?", n,
		n > 1 ? "s" : "");
	fprintf(out, "        open file %s, inode %s:%s%s\n",
		l->file_id ?: "-", l->dev ?: "?", l->ino.s ?: "?",
		mapping->file >= 0 && !m->file[mapping->file].slots.n ?
		": kept open by a mapping only" : "");
}

static void show_task(const struct model *m, int task, FILE *out)
{
	const struct m_task *t = &m->task[task];
	struct list l = { out, "  table shared with ", "", 0 };
	char name[48];
	int i;

	fprintf(out, "pid %lld", t->pid.v);
	if (t->tid.v != t->pid.v)
		fprintf(out, " tid %lld", t->tid.v);
	fprintf(out, " %s (ppid %lld", t->comm ?: "?", t->ppid.v);
	if (t->uid.s)
		fprintf(out, ", uid %s", t->uid.s);
	if (t->euid.s && t->euid.v != t->uid.v)
		fprintf(out, ", euid %s", t->euid.s);
	fprintf(out, "): fd table %s, %s fds\n", t->table_id ?: "-",
		t->fds.s ?: "?");
	if (t->table >= 0) {
		const struct ilist *users = &m->table[t->table].tasks;

		for (i = 0; i < users->n; i++) {
			const struct m_task *u = &m->task[users->v[i]];

			if (users->v[i] == task)
				continue;
			if (u->tid.v != u->pid.v)
				snprintf(name, sizeof(name), "pid %lld tid %lld",
					 u->pid.v, u->tid.v);
			else
				snprintf(name, sizeof(name), "pid %lld",
					 u->pid.v);
			list_add(&l, name);
		}
		list_end(&l);
	}
	for (i = 0; i < t->slots.n; i++)
		show_slot(m, t->slots.v[i], out);
	for (i = 0; i < t->maps.n; i++)
		show_map(m, task, i, out);
}

void show_text(const struct model *m, FILE *out)
{
	int i;

	for (i = 0; i < m->ntask; i++) {
		if (i)
			fputc('\n', out);
		show_task(m, i, out);
	}
}
