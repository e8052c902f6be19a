/* SPDX-License-Identifier: GPL-2.0 */
/* Helper processes and scratch files for the scenarios. */
#ifndef FDTEST_PROC_H
#define FDTEST_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Fork a child that exits with fn(arg)'s return value, its fds 0-2 on
 * /dev/null and dying with the parent. Returns the pid, or -1.
 */
pid_t spawn_quiet(int (*fn)(void *arg), void *arg);
/*
 * Fork a child that runs fn(arg) and then stops itself with SIGSTOP, so
 * the parent inspects a process whose fds and offsets cannot change under
 * it, as spawn_quiet() does. Returns the pid, or -1 if fn failed.
 */
pid_t spawn_stopped(void (*fn)(void *arg), void *arg);
void reap(pid_t pid);
bool wait_comm(pid_t pid, const char *comm);
bool wait_in_syscall(pid_t pid, long nr);
char proc_state(pid_t pid, pid_t tid);
bool wait_state(pid_t pid, pid_t tid, char state, int secs);
bool wait_exit(pid_t pid, int *status, int secs);

char *make_tmpdir(void);
void remove_tree(const char *dir);
int raise_nofile(unsigned long n);
void die_with_parent(void);

#endif
