// SPDX-License-Identifier: GPL-2.0
/*
 * Splitting a /proc/fdmodel snapshot into lines and key=value fields, and
 * looking lines up by (pid, tid, fd).
 */
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

static enum fm_kind fm_kind_of(const char *word, size_t index)
{
	static const struct {
		const char *word;
		enum fm_kind kind;
	} kinds[] = {
		{ "task", FM_TASK }, { "fd", FM_FD },
		{ "watch", FM_WATCH }, { "map", FM_MAP }, { "lock", FM_LOCK },
		{ "mark", FM_MARK },
	};
	size_t i;

	if (word[0] == '#')
		return index == 0 ? FM_HDR : FM_COMMENT;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(word, kinds[i].word))
			return kinds[i].kind;
	return FM_BAD;
}

static void fm_split_line(struct fm_snap *s, struct fm_line *l, char *w,
			  size_t *nfield)
{
	char *tok, *eq;

	l->field = s->field + *nfield;
	/* The kind word is the first token; comments keep no fields. */
	tok = strsep(&w, " ");
	l->kind = fm_kind_of(tok, s->nline);
	if (l->kind == FM_HDR || l->kind == FM_COMMENT)
		return;
	while ((tok = strsep(&w, " "))) {
		struct fm_field *f = &s->field[(*nfield)++];

		eq = strchr(tok, '=');
		f->key = tok;
		f->val = NULL;
		if (eq) {
			*eq = '\0';
			f->val = eq + 1;
		}
		l->nfield++;
	}
}

/* Takes ownership of data (which must have a spare byte for a NUL). */
void fm_parse(struct fm_snap *s, char *data, size_t len)
{
	size_t i, nline = 0, ntok = 0, nfield = 0, start;
	long task = -1;

	memset(s, 0, sizeof(*s));
	s->data = data;
	s->len = len;
	s->partial = len && data[len - 1] != '\n';
	for (i = 0; i < len; i++) {
		if (data[i] == '\n')
			nline++;
		if (data[i] == ' ')
			ntok++;
	}
	nline += s->partial;
	s->text = malloc(len + 1);
	s->work = malloc(len + 1);
	s->line = calloc(nline + 1, sizeof(*s->line));
	s->field = calloc(ntok + nline + 1, sizeof(*s->field));
	if (!s->text || !s->work || !s->line || !s->field)
		abort();
	memcpy(s->text, data, len);
	memcpy(s->work, data, len);
	s->text[len] = s->work[len] = '\0';

	for (start = 0; start < len; s->nline++) {
		struct fm_line *l = &s->line[s->nline];
		size_t end = start;

		while (end < len && data[end] != '\n')
			end++;
		s->text[end] = s->work[end] = '\0';
		l->text = s->text + start;
		fm_split_line(s, l, s->work + start, &nfield);
		if (l->kind == FM_TASK)
			task = s->nline;
		l->task = task;
		start = end + 1;
	}
}

void fm_free(struct fm_snap *s)
{
	free(s->data);
	free(s->text);
	free(s->work);
	free(s->line);
	free(s->field);
	memset(s, 0, sizeof(*s));
}

const char *fm_get(const struct fm_line *l, const char *key)
{
	int i;

	for (i = 0; i < l->nfield; i++)
		if (!strcmp(l->field[i].key, key))
			return l->field[i].val;
	return NULL;
}

bool fm_num(const struct fm_line *l, const char *key, int base,
	    long long *val)
{
	const char *v = fm_get(l, key);
	char *end;

	if (!v || !*v)
		return false;
	*val = strtoll(v, &end, base);
	return *end == '\0';
}

/* A decimal field, or -1 when missing or malformed (never valid data). */
long long fm_numd(const struct fm_line *l, const char *key)
{
	long long v;

	return fm_num(l, key, 10, &v) ? v : -1;
}

bool fm_is(const struct fm_line *l, const char *key, const char *val)
{
	const char *v = fm_get(l, key);

	return v && !strcmp(v, val);
}

long fm_find_task(const struct fm_snap *s, pid_t pid, pid_t tid)
{
	size_t i;

	if (!tid)
		tid = pid;
	for (i = 0; i < s->nline; i++) {
		const struct fm_line *l = &s->line[i];

		if (l->kind == FM_TASK && fm_numd(l, "pid") == pid &&
		    fm_numd(l, "tid") == tid)
			return i;
	}
	return -1;
}

const struct fm_line *fm_task(const struct fm_snap *s, pid_t pid, pid_t tid)
{
	long i = fm_find_task(s, pid, tid);

	return i < 0 ? NULL : &s->line[i];
}

/* One past the last line of the block that starts at task line @task. */
size_t fm_block_end(const struct fm_snap *s, long task)
{
	size_t i;

	for (i = task + 1; i < s->nline; i++)
		if (s->line[i].task != task)
			break;
	return i;
}

const struct fm_line *fm_fd(const struct fm_snap *s, pid_t pid, pid_t tid,
			    int fd)
{
	long task = fm_find_task(s, pid, tid);
	size_t i, end;

	if (task < 0)
		return NULL;
	end = fm_block_end(s, task);
	for (i = task + 1; i < end; i++) {
		const struct fm_line *l = &s->line[i];

		if (l->kind == FM_FD && fm_numd(l, "fd") == fd)
			return l;
	}
	return NULL;
}

/* Lines of one kind that carry pid= @pid (any block), or all if pid 0. */
size_t fm_count(const struct fm_snap *s, enum fm_kind kind, pid_t pid)
{
	size_t i, n = 0;

	for (i = 0; i < s->nline; i++)
		if (s->line[i].kind == kind &&
		    (!pid || fm_numd(&s->line[i], "pid") == pid))
			n++;
	return n;
}

/* The tid of the block a line belongs to (its task line's tid=). */
pid_t fm_line_tid(const struct fm_snap *s, const struct fm_line *l)
{
	if (l->task < 0)
		return -1;
	return fm_numd(&s->line[l->task], "tid");
}

/* Lines of one kind in the block of task line @task. */
size_t fm_block_count(const struct fm_snap *s, long task, enum fm_kind kind)
{
	size_t i, end = fm_block_end(s, task), n = 0;

	for (i = task + 1; i < end; i++)
		n += s->line[i].kind == kind;
	return n;
}

/* Does any line of the block of task line @task carry key=val? */
bool fm_block_has(const struct fm_snap *s, long task, const char *key,
		  const char *val)
{
	size_t i, end = fm_block_end(s, task);

	for (i = task + 1; i < end; i++)
		if (val && fm_is(&s->line[i], key, val))
			return true;
	return false;
}

/*
 * The fd lines of one block indexed by fd number (NULL where none), for
 * lookups in blocks of many thousand fds. *n is the size; free() it.
 */
const struct fm_line **fm_fd_index(const struct fm_snap *s, pid_t pid,
				   pid_t tid, size_t *n)
{
	long task = fm_find_task(s, pid, tid);
	const struct fm_line **idx;
	size_t i, end, max = 0;
	long long fd;

	*n = 0;
	if (task < 0)
		return NULL;
	end = fm_block_end(s, task);
	for (i = task + 1; i < end; i++)
		if (s->line[i].kind == FM_FD &&
		    (fd = fm_numd(&s->line[i], "fd")) >= (long long)max)
			max = fd + 1;
	idx = calloc(max + 1, sizeof(*idx));
	if (!idx)
		abort();
	for (i = task + 1; i < end; i++)
		if (s->line[i].kind == FM_FD &&
		    (fd = fm_numd(&s->line[i], "fd")) >= 0)
			idx[fd] = &s->line[i];
	*n = max;
	return idx;
}
