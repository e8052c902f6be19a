// SPDX-License-Identifier: GPL-2.0
/*
 * Oracles that ask the kernel directly. Each answers the question a field
 * of /proc/fdmodel claims to answer, through a different kernel path.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "oracle.h"

int kcmp_file(pid_t p1, int fd1, pid_t p2, int fd2)
{
	return syscall(SYS_kcmp, p1, p2, KCMP_FILE, fd1, fd2);
}

int kcmp_files(pid_t p1, pid_t p2)
{
	return syscall(SYS_kcmp, p1, p2, KCMP_FILES, 0, 0);
}

int kcmp_epoll_tfd(pid_t p1, int fd1, pid_t p2, int epfd, int tfd)
{
	struct kcmp_epoll_slot slot = { .efd = epfd, .tfd = tfd, .toff = 0 };

	return syscall(SYS_kcmp, p1, p2, KCMP_EPOLL_TFD, fd1, &slot);
}

ssize_t read_file(const char *path, char *buf, size_t sz)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)got < sz - 1) {
		n = read(fd, buf + got, sz - 1 - got);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

static void task_dir(char *buf, size_t sz, pid_t pid, pid_t tid)
{
	snprintf(buf, sz, "/proc/%d/task/%d", (int)pid, (int)(tid ? tid : pid));
}

int fdinfo_read(pid_t pid, pid_t tid, int fd, struct fdinfo *fi)
{
	size_t sz = 1 << 16;
	char path[96];
	const char *v;
	ssize_t n;

	memset(fi, 0, sizeof(*fi));
	task_dir(path, sizeof(path), pid, tid);
	snprintf(path + strlen(path), sizeof(path) - strlen(path),
		 "/fdinfo/%d", fd);
	/* An epoll fdinfo grows with its interest list: retry larger. */
	for (;;) {
		fi->text = malloc(sz);
		if (!fi->text)
			return -ENOMEM;
		n = read_file(path, fi->text, sz);
		if (n < 0) {
			fdinfo_free(fi);
			return n;
		}
		if ((size_t)n < sz - 1)
			break;
		free(fi->text);
		sz *= 4;
	}
	v = fdinfo_get(fi, "pos");
	fi->pos = v ? strtoll(v, NULL, 10) : -1;
	v = fdinfo_get(fi, "flags");
	fi->flags = v ? strtoul(v, NULL, 8) : 0;
	v = fdinfo_get(fi, "ino");
	fi->ino = v ? strtoul(v, NULL, 10) : 0;
	return 0;
}

void fdinfo_free(struct fdinfo *fi)
{
	free(fi->text);
	fi->text = NULL;
}

/* The value after "key:" at the start of a line, blanks skipped. */
const char *fdinfo_get(const struct fdinfo *fi, const char *key)
{
	size_t klen = strlen(key);
	const char *p = fi->text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			p += klen + 1;
			return p + strspn(p, " \t");
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/*
 * ep_show_fdinfo() prints, per watch:
 * "tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx sdev:%x".
 * Each line is scanned from a copy: glibc's sscanf() takes the strlen() of
 * its whole input, which for a list of 100,000 watches made this quadratic.
 */
int fdinfo_epoll(const struct fdinfo *fi, struct ep_watch **out)
{
	const char *p = fi->text;
	struct ep_watch *w = NULL, *nw;
	int n = 0, cap = 0;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		struct ep_watch e;
		char line[256];

		if (strncmp(p, "tfd:", 4))
			continue;
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
		if (sscanf(line, "tfd: %d events: %x data: %llx pos:%lli ino:%lx sdev:%x",
			   &e.tfd, &e.events, &e.data, &e.pos, &e.ino,
			   &e.sdev) != 6)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nw = realloc(w, cap * sizeof(*w));
			if (!nw) {
				free(w);
				return -ENOMEM;
			}
			w = nw;
		}
		w[n++] = e;
	}
	*out = w;
	return n;
}

int fd_stat(pid_t pid, pid_t tid, int fd, struct stat *st)
{
	char path[96];

	task_dir(path, sizeof(path), pid, tid);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/fd/%d", fd);
	return stat(path, st) ? -errno : 0;
}

int fd_link(pid_t pid, pid_t tid, int fd, char *buf, size_t sz)
{
	char path[96];
	ssize_t n;

	task_dir(path, sizeof(path), pid, tid);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/fd/%d", fd);
	n = readlink(path, buf, sz - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

/* The type= word for an inode mode; anonymous inodes have no S_IFMT bits. */
const char *mode_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "reg";
	case S_IFDIR: return "dir";
	case S_IFCHR: return "chr";
	case S_IFBLK: return "blk";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "sock";
	case S_IFLNK: return "lnk";
	case 0: return "anon";
	}
	return "?";
}

bool dev_is(const char *field, unsigned int maj, unsigned int min)
{
	char want[32];

	snprintf(want, sizeof(want), "%u:%u", maj, min);
	return field && !strcmp(field, want);
}

int proc_fd_count(pid_t pid, pid_t tid)
{
	struct dirent *de;
	char path[96];
	int n = 0;
	DIR *d;

	task_dir(path, sizeof(path), pid, tid);
	strcat(path, "/fd");
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* /proc/.../comm without the newline the kernel appends. */
int proc_comm(pid_t pid, pid_t tid, char *buf, size_t sz)
{
	char path[96];
	ssize_t n;

	task_dir(path, sizeof(path), pid, tid);
	strcat(path, "/comm");
	n = read_file(path, buf, sz);
	if (n <= 0)
		return n < 0 ? n : -EIO;
	buf[n - 1] = '\0';
	return n - 1;
}

long proc_status_num(pid_t pid, const char *key)
{
	char path[64], buf[4096], *p;
	size_t klen = strlen(key);

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return strtol(p + klen + 1, NULL, 10);
	return -1;
}

/* PF_KTHREAD in the flags field (the 9th) of /proc/PID/stat. */
bool is_kthread(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long flags = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return false;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return false;
	return flags & 0x00200000;
}

static bool numeric(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Calls fn for every task id (tid) of the system. */
static void for_each_task(void (*fn)(pid_t pid, pid_t tid, void *), void *arg)
{
	struct dirent *pe, *te;
	DIR *pd, *td;
	char path[64];

	pd = opendir("/proc");
	if (!pd)
		return;
	while ((pe = readdir(pd))) {
		if (!numeric(pe->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task", atoi(pe->d_name));
		td = opendir(path);
		if (!td)
			continue;
		while ((te = readdir(td)))
			if (numeric(te->d_name))
				fn(atoi(pe->d_name), atoi(te->d_name), arg);
		closedir(td);
	}
	closedir(pd);
}

static void task_list_add(struct task_list *t, pid_t pid, pid_t tid)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->id = realloc(t->id, t->cap * sizeof(*t->id));
		if (!t->id)
			abort();
	}
	t->id[t->n][0] = pid;
	t->id[t->n][1] = tid;
	t->n++;
}

/* One (pid, tid) per distinct fd table. */
static void add_table(pid_t pid, pid_t tid, void *arg)
{
	struct task_list *reps = arg;
	int i;

	for (i = 0; i < reps->n; i++)
		if (kcmp_files(reps->id[i][1], tid) == 0)
			return;
	task_list_add(reps, pid, tid);
}

int oracle_slots(pid_t pid, int fd)
{
	struct task_list reps = { 0 };
	struct dirent *de;
	char path[96];
	int i, n = 0;
	DIR *d;

	for_each_task(add_table, &reps);
	for (i = 0; i < reps.n; i++) {
		task_dir(path, sizeof(path), reps.id[i][0], reps.id[i][1]);
		strcat(path, "/fd");
		d = opendir(path);
		if (!d)
			continue;
		while ((de = readdir(d)))
			if (numeric(de->d_name) &&
			    kcmp_file(pid, fd, reps.id[i][1],
				      atoi(de->d_name)) == 0)
				n++;
		closedir(d);
	}
	free(reps.id);
	return n;
}

static void collect_task(pid_t pid, pid_t tid, void *arg)
{
	task_list_add(arg, pid, tid);
}

void list_tasks(struct task_list *t)
{
	memset(t, 0, sizeof(*t));
	for_each_task(collect_task, t);
}

int table_users_in(const struct task_list *t, pid_t tid)
{
	int i, n = 0;

	for (i = 0; i < t->n; i++)
		n += kcmp_files(tid, t->id[i][1]) == 0;
	return n;
}

int oracle_table_users(pid_t tid)
{
	struct task_list t;
	int n;

	list_tasks(&t);
	n = table_users_in(&t, tid);
	free(t.id);
	return n;
}

int maps_read(pid_t pid, struct maps_ent **out)
{
	struct maps_ent *m = NULL, *nm;
	char path[64], line[1024];
	int n = 0, cap = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		struct maps_ent e = { 0 };
		int used = 0;

		if (sscanf(line, "%lx-%lx %4s %llx %x:%x %lu %n", &e.start,
			   &e.end, e.prot, &e.off, &e.maj, &e.min, &e.ino,
			   &used) < 7)
			continue;
		snprintf(e.path, sizeof(e.path), "%s", line + used);
		e.path[strcspn(e.path, "\n")] = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nm = realloc(m, cap * sizeof(*m));
			if (!nm)
				abort();
			m = nm;
		}
		m[n++] = e;
	}
	fclose(f);
	*out = m;
	return n;
}
