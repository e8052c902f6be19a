// SPDX-License-Identifier: GPL-2.0
/*
 * From records to the three tables. Entries are grouped by sorting on
 * their ids, so the tables come out in id order (a stable order for
 * people and tests alike) and lookups by id are binary searches.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

struct keyed {
	const char *k;
	unsigned long long n;
	int item;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	if (c)
		return c;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->item - y->item;
}

/*
 * Sort @ks and number the distinct keys: grp[item] is the key's number
 * (-1 for the @nitems items not in @ks), first[g] the lowest item with
 * key g.
 */
static int group(struct keyed *ks, int n, int *grp, int nitems, int *first)
{
	int i, g = -1;

	for (i = 0; i < nitems; i++)
		grp[i] = -1;
	qsort(ks, n, sizeof(*ks), cmp_keyed);
	for (i = 0; i < n; i++) {
		if (!i || cmp_keyed(&(struct keyed){ ks[i].k, ks[i].n, 0 },
				    &(struct keyed){ ks[i - 1].k, ks[i - 1].n, 0 }))
			first[++g] = ks[i].item;
		grp[ks[i].item] = g;
	}
	return g + 1;
}

/* Append item i to list owner[i] of @base, an array of structs. */
static int fill(void *base, size_t stride, size_t off, int nl,
		const int *owner, int n)
{
	int i, *count = calloc(nl + 1, sizeof(int));
	struct ilist *l;

	if (!count)
		return -1;
	for (i = 0; i < n; i++)
		if (owner[i] >= 0)
			count[owner[i]]++;
	for (i = 0; i < nl; i++) {
		l = (struct ilist *)((char *)base + i * stride + off);
		l->n = 0;
		l->v = count[i] ? malloc(count[i] * sizeof(int)) : NULL;
		if (count[i] && !l->v)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		if (owner[i] < 0)
			continue;
		l = (struct ilist *)((char *)base + owner[i] * stride + off);
		l->v[l->n++] = i;
	}
	free(count);
	return 0;
fail:
	free(count);
	return -1;
}

#define FILL(arr, nl, member, owner, n) \
	fill(arr, sizeof(*(arr)), offsetof(typeof(*(arr)), member), nl, owner, n)

/* Where a line's key=value goes: a string, a number, an int, a flag. */
enum f_kind { F_STR, F_NUM, F_INT, F_BOOL };

struct field {
	const char *key;
	enum f_kind kind;
	size_t off;
	int base;
	long long def;
};

#define STR(T, member, key) { key, F_STR, offsetof(T, member), 0, 0 }
#define NUM(T, member, key, base, def) \
	{ key, F_NUM, offsetof(T, member), base, def }

#define LINE(T, l)							\
	STR(T, l.file_id, "file"), NUM(T, l.pos, "pos", 10, -1),	\
	NUM(T, l.flags, "flags", 8, -1), NUM(T, l.refs, "refs", 10, -1),	\
	STR(T, l.mode, "mode"), STR(T, l.dev, "dev"),			\
	STR(T, l.type, "type"), STR(T, l.path, "path"),			\
	STR(T, l.anon, "anon"),						\
	NUM(T, l.ino, "ino", 10, 0), NUM(T, l.peer_ino, "peer_ino", 10, 0), \
	STR(T, l.sock.family, "sock_family"),				\
	STR(T, l.sock.type, "sock_type"),				\
	STR(T, l.sock.proto, "sock_proto"),				\
	STR(T, l.sock.state, "sock_state"),				\
	STR(T, l.sock.local, "sock_local"),				\
	STR(T, l.sock.remote, "sock_remote"),				\
	STR(T, l.sock.path, "sock_path"),				\
	NUM(T, l.sock.rxq, "sock_rxq", 10, -1),				\
	NUM(T, l.sock.txq, "sock_txq", 10, -1)

static const struct field task_fields[] = {
	NUM(struct m_task, pid, "pid", 10, -1),
	NUM(struct m_task, tid, "tid", 10, -1),
	NUM(struct m_task, ppid, "ppid", 10, -1),
	NUM(struct m_task, table_refs, "table_refs", 10, -1),
	NUM(struct m_task, fds, "fds", 10, -1),
	NUM(struct m_task, uid, "uid", 10, -1),
	NUM(struct m_task, euid, "euid", 10, -1),
	STR(struct m_task, comm, "comm"),
	STR(struct m_task, table_id, "table"),
	{ }
};

static const struct field slot_fields[] = {
	LINE(struct m_slot, line),
	{ "fd", F_INT, offsetof(struct m_slot, fd), 10, -1 },
	{ "cloexec", F_BOOL, offsetof(struct m_slot, cloexec), 10, -1 },
	{ }
};

static const struct field watch_fields[] = {
	NUM(struct m_watch, pid, "pid", 10, -1),
	NUM(struct m_watch, epfd, "epfd", 10, -1),
	NUM(struct m_watch, tfd, "tfd", 10, -1),
	NUM(struct m_watch, events, "events", 16, -1),
	NUM(struct m_watch, ino, "ino", 10, 0),
	STR(struct m_watch, file_id, "file"),
	STR(struct m_watch, dev, "dev"),
	{ }
};

static const struct field mark_fields[] = {
	NUM(struct m_mark, pid, "pid", 10, -1),
	NUM(struct m_mark, fd, "fd", 10, -1),
	NUM(struct m_mark, wd, "wd", 10, -1),
	NUM(struct m_mark, ino, "ino", 10, 0),
	NUM(struct m_mark, mnt_id, "mnt_id", 10, -1),
	NUM(struct m_mark, mask, "mask", 16, -1),
	NUM(struct m_mark, ignored_mask, "ignored_mask", 16, -1),
	STR(struct m_mark, class, "class"),
	STR(struct m_mark, on, "on"),
	STR(struct m_mark, dev, "dev"),
	{ }
};

static const struct field lock_fields[] = {
	NUM(struct m_lock, pid, "pid", 10, -1),
	NUM(struct m_lock, fd, "fd", 10, -1),
	NUM(struct m_lock, start, "start", 10, -1),
	NUM(struct m_lock, ino, "ino", 10, 0),
	STR(struct m_lock, file_id, "file"),
	STR(struct m_lock, kind, "kind"),
	STR(struct m_lock, type, "type"),
	STR(struct m_lock, end, "end"),
	STR(struct m_lock, dev, "dev"),
	{ }
};

static const struct field map_fields[] = {
	LINE(struct m_map, line),
	NUM(struct m_map, pid, "pid", 10, -1),
	NUM(struct m_map, start, "start", 16, -1),
	NUM(struct m_map, end, "end", 16, -1),
	NUM(struct m_map, off, "off", 10, -1),
	NUM(struct m_map, backing, "backing", 10, -1),
	STR(struct m_map, prot, "prot"),
	{ }
};

/*
 * Keys that are not an inode's own: the slot's, the open file's, the
 * mapping's, and what the inode has typed (peer_ino, anon and the sock_
 * fields are typed yet the inode's own, so they stay extras as well).
 */
static bool known_key(const char *key)
{
	static const char *const known[] = {
		"pid", "table", "fd", "cloexec", "file", "pos", "flags",
		"mode", "refs", "path", "ino", "dev", "start", "end", "prot",
		"off", "backing", "type",
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(key, known[i]))
			return true;
	return false;
}

static long long parse_num(const char *v, int base, long long def)
{
	long long n;
	char *end;

	if (!v || !*v)
		return def;
	n = strtoll(v, &end, base);
	return *end ? def : n;
}

static void parse_value(void *obj, const struct field *f, const char *v)
{
	char *p = (char *)obj + f->off;

	switch (f->kind) {
	case F_STR:
		*(const char **)p = v;
		break;
	case F_NUM:
		((struct m_num *)p)->s = v;
		((struct m_num *)p)->v = parse_num(v, f->base, f->def);
		break;
	case F_INT:
		*(int *)p = parse_num(v, f->base, f->def);
		break;
	case F_BOOL:
		*(bool *)p = parse_num(v, f->base, f->def) == 1;
		break;
	}
}

/*
 * The one reader of a line's keys: each field of @fields gets the value
 * of the first occurrence of its key (or its missing value), @extra the
 * keys of none of them.
 */
static void parse(const struct rec *r, void *obj, const struct field *fields,
		  struct m_extra *extra, struct kv **pool)
{
	const struct field *f;
	int i, j;

	for (f = fields; f->key; f++)
		parse_value(obj, f, NULL);
	for (i = r->nkv - 1; i >= 0; i--)
		for (f = fields; f->key; f++)
			if (!strcmp(r->kv[i].key, f->key))
				parse_value(obj, f, r->kv[i].val);
	if (!extra)
		return;
	extra->kv = *pool;
	extra->n = 0;
	for (i = 0; i < r->nkv; i++) {
		if (known_key(r->kv[i].key))
			continue;
		extra->kv[extra->n] = r->kv[i];
		for (j = 0; j < extra->n; j++)
			if (!strcmp(extra->kv[j].key, r->kv[i].key))
				extra->kv[extra->n].val = extra->kv[j].val;
		extra->n++;
	}
	*pool += extra->n;
}

/* The slot @sl of task @t when it is fd @fd's: what a line follows. */
static int slot_of(const struct model *m, int sl, int t, long long fd)
{
	return sl >= 0 && m->slot[sl].task == t && m->slot[sl].fd == fd ?
	       sl : -1;
}

/* Tasks, slots, watches, marks, locks and maps straight from the records. */
static int load(struct model *m, const struct snap *s)
{
	int *rec2task = malloc((s->nrec + 1) * sizeof(int)), t = -1, sl = -1;
	struct kv *pool = m->extra;
	size_t i;

	if (!rec2task)
		return -1;
	for (i = 0; i < s->nrec; i++) {
		const struct rec *r = &s->rec[i];

		rec2task[i] = -1;
		if (r->kind == REC_TASK) {
			struct m_task *task = &m->task[m->ntask];

			parse(r, task, task_fields, NULL, NULL);
			task->table = -1;
			rec2task[i] = m->ntask++;
			continue;
		}
		t = rec2task[r->task];
		if (t < 0)
			continue;
		if (r->kind == REC_FD) {
			struct m_slot *entry = &m->slot[m->nslot];

			parse(r, entry, slot_fields, &entry->line.extra, &pool);
			entry->task = t;
			entry->file = entry->inode = -1;
			sl = m->nslot++;
		} else if (r->kind == REC_WATCH) {
			struct m_watch *w = &m->watch[m->nwatch++];

			parse(r, w, watch_fields, NULL, NULL);
			w->task = t;
			w->file = -1;
			w->after = sl;
			/* A watch line directly follows its epoll fd's line. */
			w->slot = slot_of(m, sl, t, w->epfd.v);
		} else if (r->kind == REC_MARK) {
			struct m_mark *mk = &m->mark[m->nmark++];

			parse(r, mk, mark_fields, NULL, NULL);
			mk->task = t;
			mk->after = slot_of(m, sl, t, mk->fd.v);
		} else if (r->kind == REC_LOCK) {
			struct m_lock *lk = &m->lock[m->nlock++];

			parse(r, lk, lock_fields, NULL, NULL);
			lk->task = t;
			lk->file = -1;
			lk->after = slot_of(m, sl, t, lk->fd.v);
		} else {
			struct m_map *mapping = &m->map[m->nmap++];

			parse(r, mapping, map_fields, &mapping->line.extra,
			      &pool);
			mapping->task = t;
			mapping->file = mapping->inode = -1;
		}
	}
	free(rec2task);
	return 0;
}

/*
 * Scratch space for link(), sized for its largest use: keys to sort,
 * each item's group, each group's first item, and the owner of each
 * item for fill().
 */
struct scratch {
	struct keyed *ks;
	int *grp, *first, *owner;
};

static int scratch_alloc(struct scratch *sc, int n)
{
	sc->ks = calloc(n + 1, sizeof(*sc->ks));
	sc->grp = malloc((n + 1) * sizeof(int));
	sc->first = malloc((n + 1) * sizeof(int));
	sc->owner = malloc((n + 1) * sizeof(int));
	return sc->ks && sc->grp && sc->first && sc->owner ? 0 : -1;
}

static void scratch_free(struct scratch *sc)
{
	free(sc->ks);
	free(sc->grp);
	free(sc->first);
	free(sc->owner);
}

static int build_tables(struct model *m, struct scratch *sc)
{
	int *grp = sc->grp, *first = sc->first, *owner = sc->owner;
	int i, n = 0;

	for (i = 0; i < m->ntask; i++) {
		const char *id = m->task[i].table_id;

		if (id && strcmp(id, "-"))
			sc->ks[n++] = (struct keyed){ id, 0, i };
	}
	m->ntable = group(sc->ks, n, grp, m->ntask, first);
	m->table = calloc(m->ntable + 1, sizeof(*m->table));
	if (!m->table)
		return -1;
	for (i = 0; i < m->ntable; i++) {
		m->table[i].id = m->task[first[i]].table_id;
		m->table[i].refs = m->task[first[i]].table_refs.v;
	}
	for (i = 0; i < m->ntask; i++)
		m->task[i].table = grp[i];
	if (FILL(m->table, m->ntable, tasks, grp, m->ntask))
		return -1;
	/* The first task of a table holds its canonical slots. */
	for (i = 0; i < m->nslot; i++) {
		int tb = m->task[m->slot[i].task].table;

		m->slot[i].canon = tb >= 0 && first[tb] == m->slot[i].task;
		owner[i] = m->slot[i].canon ? tb : -1;
	}
	if (FILL(m->table, m->ntable, slots, owner, m->nslot))
		return -1;
	for (i = 0; i < m->nslot; i++)
		owner[i] = m->slot[i].task;
	return FILL(m->task, m->ntask, slots, owner, m->nslot);
}

static int cmp_pair(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return x[0] != y[0] ? x[0] - y[0] : x[1] - y[1];
}

/* Distinct processes per file, over every task's slots and maps. */
static int count_procs(struct model *m)
{
	int (*pair)[2] = malloc((m->nslot + m->nmap + 1) * sizeof(*pair));
	int i, n = 0;

	if (!pair)
		return -1;
	for (i = 0; i < m->nslot; i++)
		if (m->slot[i].file >= 0)
			pair[n][0] = m->slot[i].file,
			pair[n++][1] = m->task[m->slot[i].task].pid.v;
	for (i = 0; i < m->nmap; i++)
		if (m->map[i].file >= 0)
			pair[n][0] = m->map[i].file,
			pair[n++][1] = m->task[m->map[i].task].pid.v;
	qsort(pair, n, sizeof(*pair), cmp_pair);
	for (i = 0; i < n; i++)
		if (!i || cmp_pair(pair[i], pair[i - 1]))
			m->file[pair[i][0]].nprocs++;
	free(pair);
	return 0;
}

/*
 * Files and inodes are both keyed over the same items, the lines that
 * hold an open file: slot i is item i, map j is item nslot + j.
 */
static const struct m_line *item_line(const struct model *m, int i)
{
	return i < m->nslot ? &m->slot[i].line : &m->map[i - m->nslot].line;
}

static int build_files(struct model *m, struct scratch *sc)
{
	int *grp = sc->grp, *first = sc->first, *owner = sc->owner;
	int n = m->nslot + m->nmap, i, k = 0;

	for (i = 0; i < n; i++) {
		const char *id = item_line(m, i)->file_id;

		if (id && strcmp(id, "-"))
			sc->ks[k++] = (struct keyed){ id, 0, i };
	}
	m->nfile = group(sc->ks, k, grp, n, first);
	m->file = calloc(m->nfile + 1, sizeof(*m->file));
	if (!m->file)
		return -1;
	for (i = 0; i < m->nfile; i++) {
		m->file[i].line = item_line(m, first[i]);
		m->file[i].by_fd = first[i] < m->nslot;
		m->file[i].id = m->file[i].line->file_id;
		m->file[i].inode = -1;
	}
	for (i = 0; i < m->nslot; i++) {
		m->slot[i].file = grp[i];
		owner[i] = m->slot[i].canon ? grp[i] : -1;
	}
	for (i = 0; i < m->nmap; i++)
		m->map[i].file = owner[m->nslot + i] = grp[m->nslot + i];
	if (FILL(m->file, m->nfile, slots, owner, m->nslot) ||
	    FILL(m->file, m->nfile, maps, owner + m->nslot, m->nmap))
		return -1;
	return count_procs(m);
}

static int build_inodes(struct model *m, struct scratch *sc)
{
	int *grp = sc->grp, *first = sc->first;
	int n = m->nslot + m->nmap, i, k = 0;

	for (i = 0; i < n; i++) {
		const struct m_line *l = item_line(m, i);

		if (l->dev)
			sc->ks[k++] = (struct keyed){ l->dev, l->ino.v, i };
	}
	m->ninode = group(sc->ks, k, grp, n, first);
	m->inode = calloc(m->ninode + 1, sizeof(*m->inode));
	if (!m->inode)
		return -1;
	for (i = 0; i < m->ninode; i++) {
		struct m_inode *in = &m->inode[i];

		in->line = item_line(m, first[i]);
		in->dev = in->line->dev;
		in->ino = in->line->ino.v;
		in->type = in->line->type ?: "reg";
	}
	for (i = 0; i < m->nslot; i++)
		m->slot[i].inode = grp[i];
	for (i = 0; i < m->nmap; i++)
		m->map[i].inode = grp[m->nslot + i];
	return 0;
}

/* A file's inode is its fd lines' when it has any, else its maps'. */
static int link_inode_files(struct model *m, struct scratch *sc)
{
	int i;

	for (i = 0; i < m->nslot; i++)
		if (m->slot[i].file >= 0)
			m->file[m->slot[i].file].inode = m->slot[i].inode;
	for (i = 0; i < m->nmap; i++)
		if (m->map[i].file >= 0 && m->file[m->map[i].file].inode < 0)
			m->file[m->map[i].file].inode = m->map[i].inode;
	for (i = 0; i < m->nfile; i++)
		sc->owner[i] = m->file[i].inode;
	return FILL(m->inode, m->ninode, files, sc->owner, m->nfile);
}

static int cmp_file_id(const void *key, const void *f)
{
	return strcmp(key, ((const struct m_file *)f)->id);
}

static int link_watches(struct model *m, struct scratch *sc)
{
	const struct m_file *f;
	const char *id;
	int i;

	for (i = 0; i < m->nwatch; i++) {
		id = m->watch[i].file_id;
		f = id ? bsearch(id, m->file, m->nfile, sizeof(*m->file),
				 cmp_file_id) : NULL;
		m->watch[i].file = f ? f - m->file : -1;
		sc->owner[i] = m->watch[i].slot;
	}
	return FILL(m->slot, m->nslot, watches, sc->owner, m->nwatch);
}

/* Marks and locks in the lists of the slots they are listed under. */
static int link_under_slots(struct model *m, struct scratch *sc)
{
	const struct m_file *f;
	const char *id;
	int i;

	for (i = 0; i < m->nmark; i++)
		sc->owner[i] = m->mark[i].after;
	if (FILL(m->slot, m->nslot, marks, sc->owner, m->nmark))
		return -1;
	for (i = 0; i < m->nlock; i++) {
		id = m->lock[i].file_id;
		f = id ? bsearch(id, m->file, m->nfile, sizeof(*m->file),
				 cmp_file_id) : NULL;
		m->lock[i].file = f ? f - m->file : -1;
		sc->owner[i] = m->lock[i].after;
	}
	return FILL(m->slot, m->nslot, locks, sc->owner, m->nlock);
}

static int link_maps(struct model *m, struct scratch *sc)
{
	int i;

	for (i = 0; i < m->nmap; i++)
		sc->owner[i] = m->map[i].task;
	return FILL(m->task, m->ntask, maps, sc->owner, m->nmap);
}

/* The three tables and every reference, from the lines. */
static int link(struct model *m)
{
	int n = m->nslot + m->nmap, err;
	struct scratch sc;

	if (n < m->ntask)
		n = m->ntask;
	if (n < m->nwatch)
		n = m->nwatch;
	if (n < m->nmark)
		n = m->nmark;
	if (n < m->nlock)
		n = m->nlock;
	err = scratch_alloc(&sc, n) || build_tables(m, &sc) ||
	      build_files(m, &sc) || build_inodes(m, &sc) ||
	      link_inode_files(m, &sc) || link_watches(m, &sc) ||
	      link_under_slots(m, &sc) || link_maps(m, &sc) ? -1 : 0;
	scratch_free(&sc);
	return err;
}

#define FREE_LISTS(arr, cnt, member)				\
	do {							\
		for (i = 0; arr && i < (cnt); i++) {		\
			free(arr[i].member.v);			\
			arr[i].member = (struct ilist){ };	\
		}						\
	} while (0)

/* Undo link(): the lines stay. */
static void unlink_lines(struct model *m)
{
	int i;

	FREE_LISTS(m->task, m->ntask, slots);
	FREE_LISTS(m->task, m->ntask, maps);
	FREE_LISTS(m->slot, m->nslot, watches);
	FREE_LISTS(m->slot, m->nslot, marks);
	FREE_LISTS(m->slot, m->nslot, locks);
	FREE_LISTS(m->table, m->ntable, tasks);
	FREE_LISTS(m->table, m->ntable, slots);
	FREE_LISTS(m->file, m->nfile, slots);
	FREE_LISTS(m->file, m->nfile, maps);
	FREE_LISTS(m->inode, m->ninode, files);
	free(m->table);
	free(m->file);
	free(m->inode);
	m->table = NULL;
	m->file = NULL;
	m->inode = NULL;
	m->ntable = m->nfile = m->ninode = 0;
}

int model_build(struct model *m, const struct snap *s)
{
	size_t n = s->nrec + 1;

	memset(m, 0, sizeof(*m));
	m->task = calloc(n, sizeof(*m->task));
	m->slot = calloc(n, sizeof(*m->slot));
	m->watch = calloc(n, sizeof(*m->watch));
	m->map = calloc(n, sizeof(*m->map));
	m->mark = calloc(n, sizeof(*m->mark));
	m->lock = calloc(n, sizeof(*m->lock));
	m->extra = calloc(s->nkv + 1, sizeof(*m->extra));
	if (!m->task || !m->slot || !m->watch || !m->map || !m->mark ||
	    !m->lock || !m->extra ||
	    load(m, s) || link(m)) {
		model_free(m);
		return -1;
	}
	return 0;
}

/*
 * Drop the lines @k does not keep, in place, and link the rest anew: what
 * is shared, and which line speaks for a file or an inode, is then a
 * matter of the lines kept alone.
 */
int model_keep(struct model *m, const struct m_keep *k)
{
	int *task = malloc((m->ntask + 1) * sizeof(int));
	int *slot = malloc((m->nslot + 1) * sizeof(int));
	int i, n;

	unlink_lines(m);
	if (!task || !slot)
		goto fail;
	for (i = n = 0; i < m->ntask; i++) {
		task[i] = k->task[i] ? n : -1;
		if (task[i] >= 0)
			m->task[n++] = m->task[i];
	}
	m->ntask = n;
	for (i = n = 0; i < m->nslot; i++) {
		slot[i] = k->slot[i] && task[m->slot[i].task] >= 0 ? n : -1;
		if (slot[i] < 0)
			continue;
		m->slot[n] = m->slot[i];
		m->slot[n++].task = task[m->slot[i].task];
	}
	m->nslot = n;
	for (i = n = 0; i < m->nwatch; i++) {
		struct m_watch *w = &m->watch[i];

		if (!k->watch[i] || task[w->task] < 0)
			continue;
		w->task = task[w->task];
		w->slot = w->slot >= 0 ? slot[w->slot] : -1;
		w->after = w->after >= 0 ? slot[w->after] : -1;
		m->watch[n++] = *w;
	}
	m->nwatch = n;
	for (i = n = 0; i < m->nmark; i++) {
		struct m_mark *mk = &m->mark[i];

		if (mk->after < 0 || slot[mk->after] < 0)
			continue;
		mk->task = task[mk->task];
		mk->after = slot[mk->after];
		m->mark[n++] = *mk;
	}
	m->nmark = n;
	for (i = n = 0; i < m->nlock; i++) {
		struct m_lock *lk = &m->lock[i];

		if (lk->after < 0 || slot[lk->after] < 0)
			continue;
		lk->task = task[lk->task];
		lk->after = slot[lk->after];
		m->lock[n++] = *lk;
	}
	m->nlock = n;
	for (i = n = 0; i < m->nmap; i++) {
		if (!k->map[i] || task[m->map[i].task] < 0)
			continue;
		m->map[n] = m->map[i];
		m->map[n++].task = task[m->map[i].task];
	}
	m->nmap = n;
	free(task);
	free(slot);
	return link(m);
fail:
	free(task);
	free(slot);
	return -1;
}

void model_free(struct model *m)
{
	unlink_lines(m);
	free(m->task);
	free(m->slot);
	free(m->watch);
	free(m->map);
	free(m->mark);
	free(m->lock);
	free(m->extra);
	memset(m, 0, sizeof(*m));
}

const char *extra_get(const struct m_extra *x, const char *key)
{
	int i;

	for (i = 0; i < x->n; i++)
		if (!strcmp(x->kv[i].key, key))
			return x->kv[i].val;
	return NULL;
}

bool file_shared(const struct model *m, int file)
{
	return file >= 0 && (m->file[file].slots.n > 1 ||
			     m->file[file].nprocs > 1);
}

bool slot_shared(const struct model *m, int slot)
{
	const struct m_slot *entry = &m->slot[slot];
	int tb = m->task[entry->task].table;

	return file_shared(m, entry->file) ||
	       (tb >= 0 && m->table[tb].tasks.n > 1) ||
	       (entry->inode >= 0 && inode_shared(m, entry->inode));
}

bool inode_shared(const struct model *m, int inode)
{
	return m->inode[inode].files.n > 1 &&
	       strcmp(m->inode[inode].type, "anon");
}

const char *line_anon(const struct m_line *l, char *buf, size_t sz)
{
	static const char prefix[] = "anon_inode:";
	const char *name = l->path;

	if (!l->type || strcmp(l->type, "anon"))
		return NULL;
	if (l->anon)
		return l->anon;
	/* anon_inode:[eventfd], anon_inode:inotify */
	if (!name || strncmp(name, prefix, sizeof(prefix) - 1))
		return "unknown";
	name += sizeof(prefix) - 1;
	name += *name == '[';
	snprintf(buf, sz, "%.*s", (int)strcspn(name, "]"), name);
	return buf;
}

int inode_peer(const struct model *m, int inode)
{
	const struct m_inode *in = &m->inode[inode];
	long long peer = in->line->peer_ino.v;
	int lo = 0, hi = m->ninode - 1, mid, c;

	if (peer <= 0)
		return -1;
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		c = strcmp(m->inode[mid].dev, in->dev);
		if (!c)
			c = m->inode[mid].ino < (unsigned long long)peer ? -1 :
			    m->inode[mid].ino > (unsigned long long)peer;
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}
