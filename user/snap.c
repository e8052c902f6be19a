// SPDX-License-Identifier: GPL-2.0
/*
 * Reading /proc/fdmodel for `fdmodel show`. Every way the read can fail
 * ends in one line that says what to do about it, because the people
 * running this are usually in a lab session, not debugging the module.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "snap.h"

#define HEADER		"# fdmodel "

static int fail(const char *path, const char *what, int err)
{
	if (err == ENOENT && !strcmp(path, SNAP_PATH))
		fprintf(stderr, "fdmodel show: %s does not exist: load the "
			"module first (insmod fdmodel.ko)\n", path);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr, "fdmodel show: cannot %s %s: %s: run as root "
			"(it needs CAP_SYS_ADMIN)\n", what, path,
			strerror(err));
	else
		fprintf(stderr, "fdmodel show: cannot %s %s: %s\n", what, path,
			strerror(err));
	return -1;
}

/* Append everything @fd still has to @buf; -errno on failure. */
static int slurp(int fd, char **buf, size_t *len, size_t *cap)
{
	ssize_t n;
	char *p;

	for (;;) {
		if (*cap - *len < 65536) {
			*cap = *cap * 2 + 65536;
			p = realloc(*buf, *cap);
			if (!p)
				return -ENOMEM;
			*buf = p;
		}
		n = read(fd, *buf + *len, *cap - *len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return 0;
		*len += n;
	}
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/*
 * One filtered read per pid, in ascending pid order so the blocks keep
 * the order of an unfiltered read. Each read starts with the header;
 * all but the first are dropped when the records are split.
 */
static int read_pids(const char *path, const pid_t *pids, int npids,
		     char **buf, size_t *len, size_t *cap)
{
	pid_t *sorted = malloc(npids * sizeof(*sorted));
	char cmd[32];
	int i, fd, err = 0;

	if (!sorted)
		return fail(path, "read", ENOMEM);
	memcpy(sorted, pids, npids * sizeof(*sorted));
	qsort(sorted, npids, sizeof(*sorted), cmp_pid);
	for (i = 0; i < npids && !err; i++) {
		if (i && sorted[i] == sorted[i - 1])
			continue;
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			err = fail(path, "open", errno);
			break;
		}
		snprintf(cmd, sizeof(cmd), "pid %d\n", (int)sorted[i]);
		if (write(fd, cmd, strlen(cmd)) < 0) {
			if (errno == ESRCH)
				fprintf(stderr, "fdmodel show: no process %d\n",
					(int)sorted[i]);
			else
				fail(path, "set a pid filter on", errno);
			err = -1;
		} else if ((err = slurp(fd, buf, len, cap))) {
			err = fail(path, "read", -err);
		}
		close(fd);
	}
	free(sorted);
	return err;
}

static int read_all(const char *path, char **buf, size_t *len, size_t *cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return fail(path, "open", errno);
	err = slurp(fd, buf, len, cap);
	close(fd);
	return err ? fail(path, "read", -err) : 0;
}

static int check_header(const char *path, const char *text)
{
	const char *v = text + strlen(HEADER);
	size_t n;

	if (strncmp(text, HEADER, strlen(HEADER))) {
		fprintf(stderr, "fdmodel show: %s is not an fdmodel snapshot "
			"(no '# fdmodel VERSION' first line)\n", path);
		return -1;
	}
	n = strcspn(v, "\n");
	if (n != strlen(SNAP_VERSION) || strncmp(v, SNAP_VERSION, n)) {
		fprintf(stderr, "fdmodel show: %s is format version %.*s, this "
			"fdmodel reads version " SNAP_VERSION ": upgrade "
			"fdmodel\n", path, (int)(n > 16 ? 16 : n), v);
		return -1;
	}
	return 0;
}

static const char *const kinds[] = {
	[REC_TASK] = "task", [REC_FD] = "fd", [REC_WATCH] = "watch",
	[REC_MAP] = "map", [REC_MARK] = "mark", [REC_LOCK] = "lock",
};

/* Split one line in place into a record; false for lines to skip. */
static bool split_line(struct snap *s, char *line, size_t *nkv, int *task)
{
	struct rec *r = &s->rec[s->nrec];
	char *tok, *save = NULL, *eq;
	size_t k;

	if (*line == '#' || !*line)
		return false;
	tok = strtok_r(line, " ", &save);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(tok, kinds[k]))
			break;
	/* A kind this release does not know, or a record before any task. */
	if (k == sizeof(kinds) / sizeof(kinds[0]) || (k != REC_TASK && *task < 0))
		return false;
	r->kind = k;
	r->kv = s->kv + *nkv;
	r->nkv = 0;
	while ((tok = strtok_r(NULL, " ", &save))) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		r->kv[r->nkv].key = tok;
		r->kv[r->nkv].val = eq + 1;
		r->nkv++;
	}
	*nkv += r->nkv;
	if (k == REC_TASK)
		*task = s->nrec;
	r->task = *task;
	s->nrec++;
	return true;
}

static int split(struct snap *s, const char *path)
{
	size_t nlines = 1, nfields = 1, nkv = 0, i;
	char *line, *next;
	int task = -1;

	for (i = 0; i < s->len; i++) {
		nlines += s->text[i] == '\n';
		nfields += s->text[i] == ' ';
	}
	s->rec = calloc(nlines, sizeof(*s->rec));
	s->kv = calloc(nfields + nlines, sizeof(*s->kv));
	if (!s->rec || !s->kv)
		return fail(path, "read", ENOMEM);
	for (line = s->text; line < s->text + s->len; line = next) {
		next = strchr(line, '\n');
		if (!next)	/* a partial last line: nothing to trust */
			break;
		*next++ = '\0';
		if (!strncmp(line, HEADER, strlen(HEADER))) {
			if (check_header(path, line))
				return -1;
			continue;
		}
		split_line(s, line, &nkv, &task);
	}
	s->nkv = nkv;
	return 0;
}

int snap_parse(struct snap *s, char *text, size_t len, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->text = text;
	s->len = len;
	s->text[s->len] = '\0';
	if (check_header(name, s->text) || split(s, name)) {
		snap_free(s);
		return -1;
	}
	return 0;
}

int snap_read(struct snap *s, const char *path, const pid_t *pids, int npids)
{
	size_t cap = 0, len = 0;
	char *text = NULL;
	int err;

	memset(s, 0, sizeof(*s));
	if (!path)
		path = SNAP_PATH;
	if (npids && !strcmp(path, SNAP_PATH))
		err = read_pids(path, pids, npids, &text, &len, &cap);
	else
		err = read_all(path, &text, &len, &cap);
	if (err) {
		free(text);
		return -1;
	}
	return snap_parse(s, text, len, path);
}

void snap_free(struct snap *s)
{
	free(s->text);
	free(s->rec);
	free(s->kv);
	memset(s, 0, sizeof(*s));
}
