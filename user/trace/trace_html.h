/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `fdmodel trace --html FILE`: the step-through page. One step per event
 * that changed the live model, each with the event line, the change in
 * words and the three tables of the processes it touched, drawn by
 * show's DOT view with the change marked. The page is built from the
 * `--model --json` stream alone (trace_html_input.c), saved or live.
 */
#ifndef FDMODEL_TRACE_HTML_H
#define FDMODEL_TRACE_HTML_H

#include <stdio.h>
#include <sys/types.h>

/*
 * Steps listed at most, drawn at most, and fd slots and mappings drawn
 * at most in one step: a page of any run opens in a second or two.
 */
#define HTML_STEPS_MAX	5000
#define HTML_DRAWN_MAX	100
#define HTML_SLOTS_MAX	16	/* of each fd table */
#define HTML_MAPS_MAX	8

struct html_page;

/* One model-changing event. */
struct html_event {
	const char *line;	/* as trace's text output prints it */
	const char *changes;	/* the change in words, a line each */
	pid_t pid;		/* the process that made the call */
	const char *comm;	/* its command name */
	const pid_t *pids;	/* the processes it touched */
	int npids;
	const char *state;	/* their /proc/fdmodel lines after it, or
				 * NULL when the stream left them out */
};

struct html_page *html_new(void);
/* 0, or -1 on no memory (said). */
int html_add(struct html_page *pg, const struct html_event *ev);
/* Events the stream says were lost: the page warns the reader. */
void html_lost(struct html_page *pg, unsigned long long n);
/* Draw the steps with dot and write the page to @path; an exit status. */
int html_write(struct html_page *pg, const char *path);
void html_free(struct html_page *pg);

/*
 * Read a `fdmodel trace --model --json` stream from @in (@name in
 * messages) into @pg; an exit status.
 */
int html_read(struct html_page *pg, FILE *in, const char *name);

/* All of it: the page of the stream @in, written to @path; exit status. */
int html_page_from(FILE *in, const char *name, const char *path);

#endif /* FDMODEL_TRACE_HTML_H */
