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

/* "key":value from the record, null when the record lacks it. */
static void jfield(FILE *out, const struct rec *r, const char *key,
		   const char *name)
{
	const char *v = r ? rec_get(r, key) : NULL;

	fprintf(out, ",\"%s\":", name ?: key);
	if (!v || !strcmp(v, "-"))
		fputs("null", out);
	else if (decimal(v) && !text_key(key))
		fputs(v, out);
	else
		jstr(out, v);
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
		const struct rec *r = m->task[i].r;

		fprintf(out, "%s\n{\"pid\":%d", i ? "," : "", m->task[i].pid);
		jfield(out, r, "tid", NULL);
		jfield(out, r, "comm", NULL);
		jfield(out, r, "ppid", NULL);
		jfield(out, r, "table", NULL);
		jfield(out, r, "table_refs", NULL);
		jfield(out, r, "fds", NULL);
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
			fprintf(out, "%s{\"pid\":%d,\"tid\":%d}", j ? "," : "",
				m->task[tb->tasks.v[j]].pid,
				m->task[tb->tasks.v[j]].tid);
		fputs("],\"slots\":[", out);
		for (j = 0; j < tb->slots.n; j++) {
			const struct m_slot *entry = &m->slot[tb->slots.v[j]];

			fprintf(out, "%s{\"fd\":%d,\"cloexec\":%s", j ? "," : "",
				entry->fd, entry->cloexec ? "true" : "false");
			jfield(out, entry->r, "file", NULL);
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
		bool fd = f->r->kind == REC_FD;

		fprintf(out, "%s\n{\"id\":\"%s\"", i ? "," : "", f->id);
		jfield(out, fd ? f->r : NULL, "pos", NULL);
		jfield(out, fd ? f->r : NULL, "flags", NULL);
		jfield(out, fd ? f->r : NULL, "mode", NULL);
		jfield(out, fd ? f->r : NULL, "refs", NULL);
		jfield(out, f->r, "path", NULL);
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

/* The inode's own keys: everything but the slot's and the file's. */
static bool inode_key(const char *key)
{
	static const char *const not[] = {
		"pid", "table", "fd", "cloexec", "file", "pos", "flags",
		"mode", "refs", "path", "ino", "dev", "start", "end", "prot",
		"off", "backing",
	};
	size_t i;

	for (i = 0; i < sizeof(not) / sizeof(not[0]); i++)
		if (!strcmp(key, not[i]))
			return false;
	return true;
}

static void inodes(const struct model *m, FILE *out)
{
	int i, j;

	fputs("\"inodes\":[", out);
	for (i = 0; i < m->ninode; i++) {
		const struct m_inode *in = &m->inode[i];

		fprintf(out, "%s\n{\"id\":", i ? "," : "");
		jinode(out, m, i);
		fprintf(out, ",\"dev\":\"%s\",\"ino\":%llu,\"type\":\"%s\"",
			in->dev, in->ino, in->type);
		for (j = 0; j < in->r->nkv; j++)
			if (inode_key(in->r->kv[j].key) &&
			    strcmp(in->r->kv[j].key, "type"))
				jfield(out, in->r, in->r->kv[j].key, NULL);
		jfield(out, in->r, "path", "name");
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
		const struct rec *r = m->watch[i].r;
		char inode[64];

		fprintf(out, "%s\n{\"pid\":%d", i ? "," : "",
			m->task[m->watch[i].task].pid);
		jfield(out, r, "epfd", NULL);
		jfield(out, r, "tfd", NULL);
		jfield(out, r, "events", NULL);
		jfield(out, r, "file", NULL);
		snprintf(inode, sizeof(inode), "%s:%s", rec_get(r, "dev") ?: "?",
			 rec_get(r, "ino") ?: "?");
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
		const struct rec *r = m->map[i].r;

		fprintf(out, "%s\n{\"pid\":%d", i ? "," : "",
			m->task[m->map[i].task].pid);
		jfield(out, r, "file", NULL);
		jfield(out, r, "start", NULL);
		jfield(out, r, "end", NULL);
		jfield(out, r, "prot", NULL);
		jfield(out, r, "off", NULL);
		jfield(out, r, "backing", NULL);
		fputs(",\"inode\":", out);
		jinode(out, m, m->map[i].inode);
		jfield(out, r, "path", NULL);
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
