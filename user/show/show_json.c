// SPDX-License-Identifier: GPL-2.0
/*
 * `fdmodel show --json`: the snapshot as one JSON document, the schema
 * of docs/show-json.md. Strings are the snapshot's values with their
 * \ooo escapes undone, then escaped per RFC 8259; a value is a JSON
 * number only when the snapshot wrote it as a plain decimal (perm and
 * flags are octal with a leading 0 and stay strings).
 */
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

static void tasks(const struct model *m, FILE *out)
{
	int i;

	fputs("\"tasks\":[", out);
	for (i = 0; i < m->ntask; i++) {
		const struct m_task *t = &m->task[i];

		fprintf(out, "%s\n{\"pid\":%lld", i ? "," : "", t->pid.v);
		jfield(out, "tid", t->tid.s);
		jfield(out, "comm", t->comm);
		jfield(out, "ppid", t->ppid.s);
		jfield(out, "table", t->table_id);
		jfield(out, "table_refs", t->table_refs.s);
		jfield(out, "fds", t->fds.s);
		fputc('}', out);
	}
	fputs("],\n", out);
}

static void tables(const struct model *m, FILE *out)
{
	int i, j;

	fputs("\"tables\":[", out);
	for (i = 0; i < m->ntable; i++) {
		const struct m_table *tb = &m->table[i];

		fprintf(out, "%s\n{\"id\":\"%s\",\"refs\":%ld,\"tasks\":[",
			i ? "," : "", tb->id, tb->refs);
		for (j = 0; j < tb->tasks.n; j++)
			fprintf(out, "%s{\"pid\":%lld,\"tid\":%lld}",
				j ? "," : "", m->task[tb->tasks.v[j]].pid.v,
				m->task[tb->tasks.v[j]].tid.v);
		fputs("],\"slots\":[", out);
		for (j = 0; j < tb->slots.n; j++) {
			const struct m_slot *entry = &m->slot[tb->slots.v[j]];

			fprintf(out, "%s{\"fd\":%d,\"cloexec\":%s", j ? "," : "",
				entry->fd, entry->cloexec ? "true" : "false");
			jfield(out, "file", entry->line.file_id);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("],\n", out);
}

static void files(const struct model *m, FILE *out)
{
	int i, j;

	fputs("\"files\":[", out);
	for (i = 0; i < m->nfile; i++) {
		const struct m_file *f = &m->file[i];
		const struct m_line *l = f->line;
		bool fd = f->by_fd;

		fprintf(out, "%s\n{\"id\":\"%s\"", i ? "," : "", f->id);
		/* A mapping line says nothing of the open file's state. */
		jfield(out, "pos", fd ? l->pos.s : NULL);
		jfield(out, "flags", fd ? l->flags.s : NULL);
		jfield(out, "mode", fd ? l->mode : NULL);
		jfield(out, "refs", fd ? l->refs.s : NULL);
		jfield(out, "path", l->path);
		fputs(",\"inode\":", out);
		jinode(out, m, f->inode);
		fputs(",\"slots\":[", out);
		for (j = 0; j < f->slots.n; j++) {
			const struct m_slot *entry = &m->slot[f->slots.v[j]];

			fprintf(out, "%s{\"table\":\"%s\",\"fd\":%d}",
				j ? "," : "",
				m->table[m->task[entry->task].table].id,
				entry->fd);
		}
		fprintf(out, "],\"maps\":%d,\"processes\":%d}", f->maps.n,
			f->nprocs);
	}
	fputs("],\n", out);
}

static void inodes(const struct model *m, FILE *out)
{
	int i, j;

	fputs("\"inodes\":[", out);
	for (i = 0; i < m->ninode; i++) {
		const struct m_inode *in = &m->inode[i];
		const struct m_extra *x = &in->line->extra;

		fprintf(out, "%s\n{\"id\":", i ? "," : "");
		jinode(out, m, i);
		fprintf(out, ",\"dev\":\"%s\",\"ino\":%llu,\"type\":\"%s\"",
			in->dev, in->ino, in->type);
		for (j = 0; j < x->n; j++)
			jfield(out, x->kv[j].key, x->kv[j].val);
		fputs(",\"name\":", out);
		jtext(out, in->line->path);
		fputs(",\"files\":[", out);
		for (j = 0; j < in->files.n; j++)
			fprintf(out, "%s\"%s\"", j ? "," : "",
				m->file[in->files.v[j]].id);
		fputs("]}", out);
	}
	fputs("],\n", out);
}

static void watches(const struct model *m, FILE *out)
{
	int i;

	fputs("\"watches\":[", out);
	for (i = 0; i < m->nwatch; i++) {
		const struct m_watch *w = &m->watch[i];
		char inode[64];

		fprintf(out, "%s\n{\"pid\":%lld", i ? "," : "",
			m->task[w->task].pid.v);
		jfield(out, "epfd", w->epfd.s);
		jfield(out, "tfd", w->tfd.s);
		jfield(out, "events", w->events.s);
		jfield(out, "file", w->file_id);
		snprintf(inode, sizeof(inode), "%s:%s", w->dev ?: "?",
			 w->ino.s ?: "?");
		fputs(",\"inode\":", out);
		jstr(out, inode);
		fputc('}', out);
	}
	fputs("],\n", out);
}

static void maps(const struct model *m, FILE *out)
{
	int i;

	fputs("\"maps\":[", out);
	for (i = 0; i < m->nmap; i++) {
		const struct m_map *mapping = &m->map[i];

		fprintf(out, "%s\n{\"pid\":%lld", i ? "," : "",
			m->task[mapping->task].pid.v);
		jfield(out, "file", mapping->line.file_id);
		jfield(out, "start", mapping->start.s);
		jfield(out, "end", mapping->end.s);
		jfield(out, "prot", mapping->prot);
		jfield(out, "off", mapping->off.s);
		jfield(out, "backing", mapping->backing.s);
		fputs(",\"inode\":", out);
		jinode(out, m, mapping->inode);
		jfield(out, "path", mapping->line.path);
		fputc('}', out);
	}
	fputs("]\n", out);
}

void show_json(const struct model *m, FILE *out)
{
	fputs("{\"version\":1,\n", out);
	tasks(m, out);
	tables(m, out);
	files(m, out);
	inodes(m, out);
	watches(m, out);
	maps(m, out);
	fputs("}\n", out);
}
