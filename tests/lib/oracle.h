/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own answers, through interfaces that share no code with
 * the module: kcmp(2), /proc/PID/fd, /proc/PID/fdinfo, stat(2), maps.
 */
#ifndef FDTEST_ORACLE_H
#define FDTEST_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* kcmp(2): 0 when both name the same object, 1 or 2 when not, -1 error. */
int kcmp_file(pid_t p1, int fd1, pid_t p2, int fd2);
int kcmp_files(pid_t p1, pid_t p2);
int kcmp_epoll_tfd(pid_t p1, int fd1, pid_t p2, int epfd, int tfd);

/* /proc/PID/task/TID/fdinfo/FD. tid 0 means pid. */
struct fdinfo {
	long long pos;
	unsigned int flags;
	unsigned long ino;
	char *text;		/* the whole file, NUL-terminated */
};

int fdinfo_read(pid_t pid, pid_t tid, int fd, struct fdinfo *fi);
void fdinfo_free(struct fdinfo *fi);
const char *fdinfo_get(const struct fdinfo *fi, const char *key);

/* One "tfd:" line of an epoll fd's fdinfo (ep_show_fdinfo). */
struct ep_watch {
	int tfd;
	unsigned int events;
	unsigned long long data;
	long long pos;
	unsigned long ino;
	unsigned int sdev;	/* the kernel's dev_t: major << 20 | minor */
};

int fdinfo_epoll(const struct fdinfo *fi, struct ep_watch **out);

/* stat and readlink of /proc/PID/task/TID/fd/FD. */
int fd_stat(pid_t pid, pid_t tid, int fd, struct stat *st);
int fd_link(pid_t pid, pid_t tid, int fd, char *buf, size_t sz);
const char *mode_type(mode_t mode);
bool dev_is(const char *field, unsigned int maj, unsigned int min);

/* Entries of /proc/PID/task/TID/fd, or -errno. */
int proc_fd_count(pid_t pid, pid_t tid);
int proc_comm(pid_t pid, pid_t tid, char *buf, size_t sz);
long proc_status_num(pid_t pid, const char *key);
bool is_kthread(pid_t pid);

/*
 * Slots in all fd tables of the system that hold the same open file
 * description as (pid, fd), each table counted once however many tasks
 * share it: the kernel's view, found by kcmp(KCMP_FILE) over every fd.
 */
int oracle_slots(pid_t pid, int fd);
/* Tasks (threads included) whose fd table is the one of @tid. */
int oracle_table_users(pid_t tid);

/* Every (pid, tid) of the system, from /proc/PID/task. */
struct task_list {
	pid_t (*id)[2];
	int n, cap;
};

void list_tasks(struct task_list *t);
int table_users_in(const struct task_list *t, pid_t tid);

/* /proc/PID/maps */
struct maps_ent {
	unsigned long start, end;
	char prot[5];
	unsigned long long off;
	unsigned int maj, min;
	unsigned long ino;
	char path[512];
};

int maps_read(pid_t pid, struct maps_ent **out);

/* Reading a whole small file; -errno on failure. */
ssize_t read_file(const char *path, char *buf, size_t sz);

#endif
