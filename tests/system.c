// SPDX-License-Identifier: GPL-2.0
/*
 * The generic per-fd oracle over the whole system listing. A stopped
 * "zoo" child holds one fd of every kind and must agree exactly with
 * stat, fdinfo and readlink on every field. Every other fd line of every
 * other process must agree too; since those processes may move between
 * the read and the check, a disagreement counts only if a second,
 * filtered read still shows it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

static const char *dir;

static int first_blockdev(char *path, size_t sz)
{
	struct dirent *de;
	struct stat st;
	DIR *d = opendir("/dev");
	int fd = -1;

	while (d && fd < 0 && (de = readdir(d))) {
		snprintf(path, sz, "/dev/%.200s", de->d_name);
		if (!stat(path, &st) && S_ISBLK(st.st_mode))
			fd = open(path, O_RDONLY | O_NONBLOCK);
	}
	if (d)
		closedir(d);
	return fd;
}

/* One fd of every type the format names, with assorted flags and offsets. */
static void zoo(void *arg)
{
	char path[256];
	sigset_t mask;
	int p[2], sv[2], fd, ep;

	(void)arg;
	snprintf(path, sizeof(path), "%s/reg", dir);
	fd = open(path, O_CREAT | O_RDWR | O_APPEND, 0640);
	if (fd < 0 || write(fd, "0123456789", 10) != 10)
		_exit(1);
	fd = open(path, O_RDONLY | O_NOATIME);
	if (fd < 0 || lseek(fd, 3, SEEK_SET) != 3)
		_exit(1);
	open(dir, O_RDONLY | O_DIRECTORY);
	open("/dev/null", O_WRONLY | O_NONBLOCK);
	first_blockdev(path, sizeof(path));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	if (mkfifo(path, 0600) || open(path, O_RDWR) < 0)
		_exit(1);
	if (pipe2(p, O_NONBLOCK) || write(p[1], "abc", 3) != 3 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		_exit(1);
	socket(AF_INET, SOCK_DGRAM, 0);
	eventfd(3, EFD_CLOEXEC);
	ep = epoll_create1(0);
	timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	signalfd(-1, &mask, 0);
	inotify_init1(0);
	fd = memfd_create("zoo memfd", 0);
	if (fd < 0 || ftruncate(fd, 8192))
		_exit(1);
	mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	open(dir, O_PATH);
	snprintf(path, sizeof(path), "%s/link", dir);
	if (symlink("reg", path) || open(path, O_PATH | O_NOFOLLOW) < 0)
		_exit(1);
	fd = syscall(SYS_pidfd_open, getpid(), 0);
	snprintf(path, sizeof(path), "%s/gone", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd < 0 || unlink(path))
		_exit(1);
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &(struct epoll_event){ .events = EPOLLIN });
}

static bool zoo_ok(const struct fm_snap *s, pid_t pid)
{
	static const char *const types[] = { "reg", "dir", "chr", "fifo",
					     "sock", "lnk", "anon" };
	int fds[128], n = 0, fd, i;
	struct stat st;
	bool ok = true;

	for (fd = 0; fd < 128; fd++)
		if (!fd_stat(pid, 0, fd, &st))
			fds[n++] = fd;
	if (fm_count(s, FM_FD, pid) != (size_t)n) {
		tap_diag("zoo: %zu fd lines, /proc/PID/fd has %d",
			 fm_count(s, FM_FD, pid), n);
		ok = false;
	}
	for (i = 0; i < (int)(sizeof(types) / sizeof(types[0])); i++)
		if (!fm_block_has(s, fm_find_task(s, pid, 0), "type", types[i])) {
			tap_diag("zoo: no fd line with type=%s", types[i]);
			ok = false;
		}
	return check_fds(s, pid, 0, fds, n) && ok;
}

/* Recheck one line with a fresh filtered read; true if it now agrees. */
static bool agrees_later(pid_t pid, pid_t tid, int fd, char *why, size_t sz)
{
	const struct fm_line *l;
	struct fm_snap s;
	int bad;

	if (fm_snapshot(&s, pid))
		return true;	/* the process is gone */
	l = fm_fd(&s, pid, tid, fd);
	bad = l ? check_fd_line(&s, l, why, sz) : FDCHK_GONE;
	fm_free(&s);
	return bad == 0 || (bad & FDCHK_GONE);
}

static void everyone(const struct fm_snap *s, pid_t zoo_pid)
{
	size_t i, checked = 0, bad = 0;
	char why[1024];
	int res;

	for (i = 0; i < s->nline; i++) {
		const struct fm_line *l = &s->line[i];
		pid_t pid = fm_numd(l, "pid");

		if (l->kind != FM_FD || pid == getpid() || pid == zoo_pid)
			continue;
		res = check_fd_line(s, l, why, sizeof(why));
		if (res & FDCHK_GONE)
			continue;
		checked++;
		if (res && !agrees_later(pid, fm_line_tid(s, l),
					 fm_numd(l, "fd"), why, sizeof(why))) {
			tap_diag("\"%s\":%s", l->text, why);
			bad++;
		}
	}
	tap_ok(checked > 0 && bad == 0,
	       "all %zu fd lines of other processes agree with stat, fdinfo "
	       "and readlink (rechecked once on a mismatch)", checked);
}

/*
 * Ids are keyed hashes, not addresses: kernel addresses on x86-64 all
 * start with ffff, a hash does so once in 65536.
 */
static void ids_look_hashed(const struct fm_snap *s)
{
	size_t i, ids = 0, kernelish = 0;
	const char *v;

	for (i = 0; i < s->nline; i++) {
		v = fm_get(&s->line[i], "file");
		if (!v)
			v = fm_get(&s->line[i], "table");
		if (!v || !strcmp(v, "-"))
			continue;
		ids++;
		kernelish += !strncmp(v, "ffff", 4);
	}
	tap_ok(ids > 20 && kernelish * 10 < ids,
	       "ids do not look like kernel addresses (%zu of %zu start with ffff)",
	       kernelish, ids);
}

/* The zoo's fd line whose path is @path, or NULL. */
static const struct fm_line *zoo_line(const struct fm_snap *s, pid_t pid,
				      const char *path)
{
	size_t i;

	for (i = 0; i < s->nline; i++)
		if (s->line[i].kind == FM_FD && fm_numd(&s->line[i], "pid") == pid &&
		    fm_path_is(&s->line[i], "path", path))
			return &s->line[i];
	return NULL;
}

/*
 * The module tells epoll and eventfd files from other anonymous files
 * by tests that kernels have changed (the inode's type bits, its
 * superblock, the f_op): fail loudly when either is no longer recognised.
 */
static void anon_classes(const struct fm_snap *s, pid_t pid)
{
	const struct fm_line *efd = zoo_line(s, pid, "anon_inode:[eventfd]");
	const struct fm_line *ep = zoo_line(s, pid, "anon_inode:[eventpoll]");
	long epi = ep ? ep - s->line : -1;
	struct ep_watch *w = NULL;
	struct fdinfo fi;
	int nw = -1;

	tap_ok(efd && fm_is(efd, "type", "anon") &&
	       fm_is(efd, "eventfd_count", "3"),
	       "eventfd recognised: type=anon eventfd_count=3, as it was made");
	if (ep && !fdinfo_read(pid, 0, fm_numd(ep, "fd"), &fi)) {
		nw = fdinfo_epoll(&fi, &w);
		fdinfo_free(&fi);
	}
	tap_ok(ep && fm_is(ep, "type", "anon") && nw == 1 &&
	       epi + 1 < (long)s->nline && s->line[epi + 1].kind == FM_WATCH &&
	       fm_numd(&s->line[epi + 1], "tfd") == w[0].tfd,
	       "epoll recognised: its one watch line follows it, as fdinfo "
	       "lists it");
	free(w);
}

int main(void)
{
	struct fm_snap s;
	pid_t pid;

	tap_plan(6);
	dir = make_tmpdir();
	TAP_REQUIRE(dir, "mkdtemp");
	pid = spawn_stopped(zoo, NULL);
	TAP_REQUIRE(pid > 0, "spawn the zoo");
	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	tap_ok(fm_valid(&s), "the whole listing passes the strict checker");
	tap_ok(zoo_ok(&s, pid),
	       "the zoo (reg dir chr blk fifo pipe sock anon lnk O_PATH memfd "
	       "deleted ...): every fd line agrees exactly");
	anon_classes(&s, pid);
	everyone(&s, pid);
	ids_look_hashed(&s);
	fm_free(&s);
	reap(pid);
	remove_tree(dir);
	tap_exit();
}
