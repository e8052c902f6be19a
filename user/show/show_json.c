// SPDX-License-Identifier: GPL-2.0
/*
 * `fdmodel show --json`: the snapshot as one JSON document, the schema
 * of docs/show-json.md. Strings are the snapshot's values with their
 * \ooo escapes undone, then escaped per RFC 8259; a value is a JSON
 * number only when the snapshot wrote it as a plain decimal (perm and
 * flags are octal with a leading 0 and stay strings).
 */
#include <stddef.h>
#include <string.h>
#include "escape.h"
#include "show.h"

static void jstr(FILE *out, const char *escaped)
{
	fputc('"', out);
	esc_recode(out, ESC_JSON, escaped);
	fputc('"', out);
}

static bool decimal(const char *v)
{
	size_t n = strspn(v, "0123456789");

	return n && !v[n] && n < 19 && (v[0] != '0' || n == 1);
}

/* Keys whose values are names or ids, strings even when all digits. */
static bool text_key(const char *key)
{
	return !strcmp(key, "table") || !strcmp(key, "file") ||
	       !strcmp(key, "comm") || !strcmp(key, "path");
}

/* A string, or null for a value that is missing or "-". */
static void jtext(FILE *out, const char *v)
{
	if (!v || !strcmp(v, "-"))
		fputs("null", out);
	else
		jstr(out, v);
}

/* ,"key":value: a number when the snapshot wrote a plain decimal. */
static void jfield(FILE *out, const char *key, const char *v)
{
	fprintf(out, ",\"%s\":", key);
	if (v && !text_key(key) && decimal(v))
		fputs(v, out);
	else
		jtext(out, v);
}

static void jinode(FILE *out, const struct model *m, int inode)
{
	if (inode < 0)
		fputs("null", out);
	else
		fprintf(out, "\"%s:%llu\"", m->inode[inode].dev,
			m->inode[inode].ino);
}

/* Members of a model struct that are strings, each ,"key":value. */
struct jkey {
	const char *key;
	size_t off;		/* of a const char * */
};

#define JKEY(T, member, key) { key, offsetof(T, member) }

static const struct jkey task_keys[] = {
	JKEY(struct m_task, tid.s, "tid"),
	JKEY(struct m_task, comm, "comm"),
	JKEY(struct m_task, ppid.s, "ppid"),
	JKEY(struct m_task, table_id, "table"),
	JKEY(struct m_task, table_refs.s, "table_refs"),
	JKEY(struct m_task, fds.s, "fds"),
	JKEY(struct m_task, uid.s, "uid"),
	JKEY(struct m_task, euid.s, "euid"),
	{ }
};

/* An open file's state, which only an fd line tells. */
static const struct jkey state_keys[] = {
	JKEY(struct m_line, pos.s, "pos"),
	JKEY(struct m_line, flags.s, "flags"),
	JKEY(struct m_line, mode, "mode"),
	JKEY(struct m_line, refs.s, "refs"),
	{ }
};

static const struct jkey watch_keys[] = {
	JKEY(struct m_watch, epfd.s, "epfd"),
	JKEY(struct m_watch, tfd.s, "tfd"),
	JKEY(struct m_watch, events.s, "events"),
	JKEY(struct m_watch, file_id, "file"),
	{ }
};

static const struct jkey mark_keys[] = {
	JKEY(struct m_mark, fd.s, "fd"),
	JKEY(struct m_mark, class, "class"),
	JKEY(struct m_mark, wd.s, "wd"),
	JKEY(struct m_mark, on, "on"),
	JKEY(struct m_mark, mnt_id.s, "mnt_id"),
	JKEY(struct m_mark, mask.s, "mask"),
	JKEY(struct m_mark, ignored_mask.s, "ignored_mask"),
	{ }
};

static const struct jkey lock_keys[] = {
	JKEY(struct m_lock, fd.s, "fd"),
	JKEY(struct m_lock, file_id, "file"),
	JKEY(struct m_lock, kind, "kind"),
	JKEY(struct m_lock, type, "type"),
	JKEY(struct m_lock, start.s, "start"),
	JKEY(struct m_lock, end, "end"),
	{ }
};

static const struct jkey map_keys[] = {
	JKEY(struct m_map, line.file_id, "file"),
	JKEY(struct m_map, start.s, "start"),
	JKEY(struct m_map, end.s, "end"),
	JKEY(struct m_map, prot, "prot"),
	JKEY(struct m_map, off.s, "off"),
	JKEY(struct m_map, backing.s, "backing"),
	{ }
};

/* The fields @k names of @obj; all null when there is no @obj. */
static void jfields(FILE *out, const void *obj, const struct jkey *k)
{
	for (; k->key; k++)
		jfield(out, k->key, obj ? *(const char *const *)
				    ((const char *)obj + k->off) : NULL);
}

/* Prints element @i of an array. */
typedef void jelem(FILE *out, const struct model *m, int i);

/* ,"name":[ then elements 0 to @n - 1, each on a line of its own, then ]. */
static void jarray(FILE *out, const struct model *m, const char *name, int n,
		   jelem *elem)
{
	int i;

	fprintf(out, ",\n\"%s\":[", name);
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", out);
		elem(out, m, i);
	}
	fputc(']', out);
}

/* [ then the elements @l lists, on one line, then ]. */
static void jlist(FILE *out, const struct model *m, const struct ilist *l,
		  jelem *elem)
{
	int j;

	fputc('[', out);
	for (j = 0; j < l->n; j++) {
		if (j)
			fputc(',', out);
		elem(out, m, l->v[j]);
	}
	fputc(']', out);
}

static void task(FILE *out, const struct model *m, int i)
{
	fprintf(out, "{\"pid\":%lld", m->task[i].pid.v);
	jfields(out, &m->task[i], task_keys);
	fputc('}', out);
}

static void table_task(FILE *out, const struct model *m, int i)
{
	fprintf(out, "{\"pid\":%lld,\"tid\":%lld}", m->task[i].pid.v,
		m->task[i].tid.v);
}

static void table_slot(FILE *out, const struct model *m, int i)
{
	const struct m_slot *entry = &m->slot[i];

	fprintf(out, "{\"fd\":%d,\"cloexec\":%s", entry->fd,
		entry->cloexec ? "true" : "false");
	jfield(out, "file", entry->line.file_id);
	fputc('}', out);
}

static void table(FILE *out, const struct model *m, int i)
{
	const struct m_table *tb = &m->table[i];

	fprintf(out, "{\"id\":\"%s\",\"refs\":%ld,\"tasks\":", tb->id,
		tb->refs);
	jlist(out, m, &tb->tasks, table_task);
	fputs(",\"slots\":", out);
	jlist(out, m, &tb->slots, table_slot);
	fputc('}', out);
}

static void file_slot(FILE *out, const struct model *m, int i)
{
	const struct m_slot *entry = &m->slot[i];

	fprintf(out, "{\"table\":\"%s\",\"fd\":%d}",
		m->table[m->task[entry->task].table].id, entry->fd);
}

/*
 * Files of every anonymous class hang off one kernel inode (6.1), so
 * on an anonymous inode the fields of a line other than the inode's
 * attributes (anon= and the class's state) are each open file's own.
 */
static bool file_key(const struct model *m, int inode, const char *key)
{
	return inode >= 0 && !strcmp(m->inode[inode].type, "anon") &&
	       strcmp(key, "nlink") && strcmp(key, "size") &&
	       strcmp(key, "perm");
}

/* The fields of @x that are the file's (@of_file) or the inode's. */
static void jextra(FILE *out, const struct model *m, int inode,
		   const struct m_extra *x, bool of_file)
{
	int j;

	for (j = 0; j < x->n; j++)
		if (file_key(m, inode, x->kv[j].key) == of_file)
			jfield(out, x->kv[j].key, x->kv[j].val);
}

static void file(FILE *out, const struct model *m, int i)
{
	const struct m_file *f = &m->file[i];

	fprintf(out, "{\"id\":\"%s\"", f->id);
	jfields(out, f->by_fd ? f->line : NULL, state_keys);
	jextra(out, m, f->inode, &f->line->extra, true);
	jfield(out, "path", f->line->path);
	fputs(",\"inode\":", out);
	jinode(out, m, f->inode);
	fputs(",\"slots\":", out);
	jlist(out, m, &f->slots, file_slot);
	fprintf(out, ",\"maps\":%d,\"processes\":%d,\"refs_elsewhere\":",
		f->maps.n, f->nprocs);
	if (refs_elsewhere(m, i) >= 0)
		fprintf(out, "%lld}", refs_elsewhere(m, i));
	else
		fputs("null}", out);
}

static void inode_file(FILE *out, const struct model *m, int i)
{
	fprintf(out, "\"%s\"", m->file[i].id);
}

static void inode(FILE *out, const struct model *m, int i)
{
	const struct m_inode *in = &m->inode[i];

	fputs("{\"id\":", out);
	jinode(out, m, i);
	fprintf(out, ",\"dev\":\"%s\",\"ino\":%llu,\"type\":\"%s\"", in->dev,
		in->ino, in->type);
	jextra(out, m, i, &in->line->extra, false);
	fputs(",\"name\":", out);
	jtext(out, in->line->path);
	fputs(",\"files\":", out);
	jlist(out, m, &in->files, inode_file);
	fputc('}', out);
}

static void watch(FILE *out, const struct model *m, int i)
{
	const struct m_watch *w = &m->watch[i];
	char id[64];

	fprintf(out, "{\"pid\":%lld", m->task[w->task].pid.v);
	jfields(out, w, watch_keys);
	snprintf(id, sizeof(id), "%s:%s", w->dev ?: "?",
		 w->ino.s ?: "?");
	fputs(",\"inode\":", out);
	jstr(out, id);
	fputc('}', out);
}

/* "DEV:INO" of a line that names an inode, or null. */
static void jinode_of(FILE *out, const char *dev, const char *ino)
{
	char id[64];

	if (!dev || !ino) {
		fputs("null", out);
		return;
	}
	snprintf(id, sizeof(id), "%s:%s", dev, ino);
	jstr(out, id);
}

static void mark(FILE *out, const struct model *m, int i)
{
	const struct m_mark *mk = &m->mark[i];
	bool inode = mk->on && !strcmp(mk->on, "inode");

	fprintf(out, "{\"pid\":%lld", m->task[mk->task].pid.v);
	jfields(out, mk, mark_keys);
	fputs(",\"inode\":", out);
	jinode_of(out, inode ? mk->dev : NULL, mk->ino.s);
	jfield(out, "dev", mk->dev);
	fputc('}', out);
}

static void lock(FILE *out, const struct model *m, int i)
{
	const struct m_lock *lk = &m->lock[i];

	fprintf(out, "{\"pid\":%lld", m->task[lk->task].pid.v);
	jfields(out, lk, lock_keys);
	fprintf(out, ",\"owner\":\"%s\",\"inode\":",
		lock_of_process(lk) ? "process" : "file");
	jinode_of(out, lk->dev, lk->ino.s);
	fputc('}', out);
}

static void map(FILE *out, const struct model *m, int i)
{
	const struct m_map *mapping = &m->map[i];

	fprintf(out, "{\"pid\":%lld", m->task[mapping->task].pid.v);
	jfields(out, mapping, map_keys);
	fputs(",\"inode\":", out);
	jinode(out, m, mapping->inode);
	jfield(out, "path", mapping->line.path);
	fputc('}', out);
}

void show_json(const struct model *m, FILE *out)
{
	fputs("{\"version\":1", out);
	jarray(out, m, "tasks", m->ntask, task);
	jarray(out, m, "tables", m->ntable, table);
	jarray(out, m, "files", m->nfile, file);
	jarray(out, m, "inodes", m->ninode, inode);
	jarray(out, m, "watches", m->nwatch, watch);
	jarray(out, m, "marks", m->nmark, mark);
	jarray(out, m, "locks", m->nlock, lock);
	jarray(out, m, "maps", m->nmap, map);
	fputs("\n}\n", out);
}
