/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every lab program shares: showing its own fd tables, mid-run,
 * with `fdmodel show`, so the walkthrough prints what the kernel holds at
 * that very moment rather than a drawing of it.
 */
#ifndef FDMODEL_LAB_H
#define FDMODEL_LAB_H

#include <sys/types.h>

/*
 * Print "== @title ==" and run `fdmodel show -p <self> [-p @also]
 * [ARGS...]` (NULL-terminated) on stdout; @also 0 for none. $FDMODEL
 * names the binary (labs/run sets it).
 */
void lab_show(const char *title, pid_t also, ...);

/*
 * Print "== @title ==" and run `fdmodel trace -e @events -- CMD...` (@cmd
 * NULL-terminated) on stdout until CMD exits. CMD should print nothing:
 * its output and the tracer's would interleave differently on each run.
 */
void lab_trace(const char *title, const char *events, char *const cmd[]);

/* perror() and exit 1 when @ok is false: labs stop at the first surprise. */
void lab_check(int ok, const char *what);

#endif
