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
 * Print "== @title ==" and run `fdmodel trace --model -- CMD...` (@cmd
 * NULL-terminated) on stdout until CMD exits: each event, and under it
 * what it changed in the three tables. With @events, `fdmodel trace -e
 * @events` instead, the events alone: for a lab that makes too many calls
 * for the model's lines under each to be read. CMD should print nothing:
 * its output and the tracer's would interleave differently on each run.
 */
void lab_trace(const char *title, const char *events, char *const cmd[]);

/*
 * For a lab that traces itself: true when run as `NAME --traced`. Then
 * stdout discards what it is given without a system call and lab_show()
 * and lab_trace_self() do nothing, so that the traced run makes the
 * same dup, fork and read calls as the shown one and prints nothing.
 */
int lab_traced(int argc, char **argv);

/*
 * lab_trace() of this program run again as `NAME --traced`; nothing when
 * already traced.
 */
void lab_trace_self(const char *title, const char *events);

/* perror() and exit 1 when @ok is false: labs stop at the first surprise. */
void lab_check(int ok, const char *what);

#endif
