// SPDX-License-Identifier: GPL-2.0
/*
 * The steps of the trace page as they come: the model's state of each
 * traced process (its /proc/fdmodel lines, as the last event touching it
 * left them), and one DOT graph per step of the processes it touched,
 * before against after, appended to one file. All the graphs go through
 * one run of dot at the end (a process per step would cost more than the
 * layout), and dot's SVGs are spliced into the page in order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "show/show.h"
#include "snap.h"
#include "trace_html.h"
#include "trace_html_page.h"

#define WHO	"fdmodel trace"

/* A traced process: its lines of the model, each ending in a newline. */
struct proc {
	pid_t pid;
	char *lines;
};

struct html_page {
	struct page page;
	int cap;
	struct proc *procs;
	int nprocs, pcap;
	FILE *dot;		/* the graphs of the drawn steps */
	int ndrawn;
};

static int oom(void)
{
	fprintf(stderr, WHO ": out of memory\n");
	return -1;
}

struct html_page *html_new(void)
{
	struct html_page *pg = calloc(1, sizeof(*pg));

	if (!pg) {
		oom();
		return NULL;
	}
	pg->dot = tmpfile();
	if (!pg->dot) {
		fprintf(stderr, WHO ": temporary file: %s\n", strerror(errno));
		free(pg);
		return NULL;
	}
	return pg;
}

static struct proc *proc_find(struct html_page *pg, pid_t pid)
{
	int i;

	for (i = 0; i < pg->nprocs; i++)
		if (pg->procs[i].pid == pid)
			return &pg->procs[i];
	return NULL;
}

/* The pid= of a /proc/fdmodel line ("fd pid=812 ..."), or -1. */
static pid_t line_pid(const char *line, const char *end)
{
	const char *p = strstr(line, " pid=");

	return p && p < end ? (pid_t)atoi(p + 5) : -1;
}

/* @pid's lines of @state, or NULL when it has none (it is gone). */
static char *lines_of(const char *state, pid_t pid)
{
	const char *line, *end;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool any = false;

	if (!f)
		return NULL;
	for (line = state; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (line_pid(line, end) != pid)
			continue;
		fwrite(line, 1, end - line, f);
		fputc('\n', f);
		any = true;
	}
	fclose(f);
	if (!any) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Replace @pid's lines with those of @state. */
static int proc_update(struct html_page *pg, pid_t pid, const char *state)
{
	struct proc *p = proc_find(pg, pid), *v;
	char *lines = lines_of(state, pid);

	if (p) {
		free(p->lines);
		p->lines = lines;
		if (!lines)
			*p = pg->procs[--pg->nprocs];
		return 0;
	}
	if (!lines)
		return 0;
	if (pg->nprocs == pg->pcap) {
		v = realloc(pg->procs, (pg->pcap * 2 + 16) * sizeof(*v));
		if (!v) {
			free(lines);
			return oom();
		}
		pg->procs = v;
		pg->pcap = pg->pcap * 2 + 16;
	}
	pg->procs[pg->nprocs++] = (struct proc){ .pid = pid, .lines = lines };
	return 0;
}

/* The snapshot of @pids as the model has them now. */
static int snapshot(struct html_page *pg, const pid_t *pids, int npids,
		    struct snap *s)
{
	struct proc *p;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int i;

	if (!f)
		return oom();
	fputs("# fdmodel " SNAP_VERSION "\n", f);
	for (i = 0; i < npids; i++)
		if ((p = proc_find(pg, pids[i])))
			fputs(p->lines, f);
	if (fclose(f))
		return oom();
	return snap_parse(s, text, len, "the trace's model");
}

/* Draw the step: the touched processes before and after the event. */
static int draw(struct html_page *pg, const struct html_event *ev,
		struct page_step *st)
{
	struct snap before, after;
	int i, err;

	if (snapshot(pg, ev->pids, ev->npids, &before))
		return -1;
	for (i = 0; i < ev->npids; i++)
		if (proc_update(pg, ev->pids[i], ev->state)) {
			snap_free(&before);
			return -1;
		}
	if (snapshot(pg, ev->pids, ev->npids, &after)) {
		snap_free(&before);
		return -1;
	}
	err = step_dot(&before, &after, pg->dot, &st->d);
	snap_free(&before);
	snap_free(&after);
	if (err)
		return oom();
	st->drawn = true;
	pg->ndrawn++;
	return 0;
}

static char *pid_list(const pid_t *pids, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	for (i = 0; i < n; i++)
		fprintf(f, "%s%d", i ? ", " : "", (int)pids[i]);
	fclose(f);
	return buf;
}

int html_add(struct html_page *pg, const struct html_event *ev)
{
	struct page_step *st, *v;
	int i;

	if (pg->page.nsteps == HTML_STEPS_MAX) {
		pg->page.unlisted++;
		return 0;
	}
	if (pg->page.nsteps == pg->cap) {
		v = realloc(pg->page.steps, (pg->cap * 2 + 64) * sizeof(*v));
		if (!v)
			return oom();
		pg->page.steps = v;
		pg->cap = pg->cap * 2 + 64;
	}
	st = &pg->page.steps[pg->page.nsteps];
	*st = (struct page_step){};
	st->line = strdup(ev->line);
	st->changes = strdup(ev->changes);
	st->pids = pid_list(ev->pids, ev->npids);
	if (asprintf(&st->proc, "pid %d %s", (int)ev->pid, ev->comm) < 0)
		st->proc = NULL;
	pg->page.nsteps++;
	if (!st->line || !st->changes || !st->pids || !st->proc)
		return oom();
	st->stateless = !ev->state;
	if (ev->state && pg->ndrawn < HTML_DRAWN_MAX) {
		if (draw(pg, ev, st))
			return -1;
	} else {
		/* Without a state, what the page had of them is stale. */
		for (i = 0; i < ev->npids; i++)
			if (proc_update(pg, ev->pids[i], ev->state ?: ""))
				return -1;
	}
	st->others = pg->nprocs;
	for (i = 0; i < ev->npids; i++)
		st->others -= proc_find(pg, ev->pids[i]) != NULL;
	return 0;
}

void html_lost(struct html_page *pg, unsigned long long n)
{
	pg->page.lost += n;
}

static void copy_graphs(const void *ctx, FILE *to)
{
	const struct html_page *pg = ctx;
	char buf[65536];
	size_t n;

	rewind(pg->dot);
	while ((n = fread(buf, 1, sizeof(buf), pg->dot)))
		fwrite(buf, 1, n, to);
}

/* dot's SVGs, one <svg>...</svg> per drawn step, into the steps. */
static int split_svgs(struct html_page *pg, const char *svgs)
{
	const char *p = svgs, *end;
	int i;

	for (i = 0; i < pg->page.nsteps; i++) {
		struct page_step *st = &pg->page.steps[i];

		if (!st->drawn)
			continue;
		p = strstr(p, "<svg");
		end = p ? strstr(p, "</svg>") : NULL;
		if (!end) {
			fprintf(stderr, WHO ": dot drew fewer pictures than "
				"asked\n");
			return -1;
		}
		end += strlen("</svg>");
		st->svg = p;
		st->svg_len = end - p;
		p = end;
	}
	return 0;
}

/* Run dot on every graph: its output, read back, in @svgs. */
static int render(struct html_page *pg, char **svgs)
{
	char path[] = "/tmp/fdmodel-html-XXXXXX";
	FILE *f;
	long len;
	int fd, err = -1;

	*svgs = NULL;
	if (fflush(pg->dot))
		return oom();
	fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, WHO ": temporary file: %s\n", strerror(errno));
		return -1;
	}
	if (dot_render(copy_graphs, pg, "svg", path, WHO))
		goto out;
	f = fdopen(fd, "r");
	if (!f)
		goto out;
	fd = -1;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	*svgs = malloc(len + 1);
	if (*svgs && fread(*svgs, 1, len, f) == (size_t)len) {
		(*svgs)[len] = '\0';
		err = 0;
	}
	fclose(f);
	if (err)
		oom();
out:
	if (fd >= 0)
		close(fd);
	unlink(path);
	return err;
}

int html_write(struct html_page *pg, const char *path)
{
	char *svgs = NULL;
	FILE *out;
	int status = 1;
	bool ok;

	if (pg->ndrawn && (render(pg, &svgs) || split_svgs(pg, svgs)))
		goto out;
	out = fopen(path, "w");
	if (!out) {
		fprintf(stderr, WHO ": cannot write %s: %s\n", path,
			strerror(errno));
		goto out;
	}
	ok = page_write(out, &pg->page);
	if (fclose(out) || !ok)
		fprintf(stderr, WHO ": cannot write %s: %s\n", path,
			strerror(errno));
	else
		status = 0;
out:
	free(svgs);
	return status;
}

void html_free(struct html_page *pg)
{
	int i;

	if (!pg)
		return;
	for (i = 0; i < pg->page.nsteps; i++) {
		free(pg->page.steps[i].line);
		free(pg->page.steps[i].changes);
		free(pg->page.steps[i].proc);
		free(pg->page.steps[i].pids);
	}
	free(pg->page.steps);
	for (i = 0; i < pg->nprocs; i++)
		free(pg->procs[i].lines);
	free(pg->procs);
	fclose(pg->dot);
	free(pg);
}

int html_page_from(FILE *in, const char *name, const char *path)
{
	struct html_page *pg = html_new();
	int status;

	if (!pg)
		return 1;
	status = html_read(pg, in, name);
	if (!status)
		status = html_write(pg, path);
	if (!status)
		fprintf(stderr, WHO ": wrote %s: %d steps, %d drawn\n", path,
			pg->page.nsteps, pg->ndrawn);
	html_free(pg);
	return status;
}
