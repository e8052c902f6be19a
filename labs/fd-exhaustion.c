// SPDX-License-Identifier: GPL-2.0
/*
 * The seeds' "how many fds can we open before the system screams": open
 * /dev/null until open() fails. It fails with EMFILE at this process's
 * RLIMIT_NOFILE soft limit, and nothing else on the system notices;
 * raising the soft limit lets the same process go on. The hard limit is
 * capped by fs.nr_open. The system-wide limit is fs.file-max, its error
 * ENFILE, shown last by a child that is not root (root is exempt).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>
#include "lab.h"

#define NOBODY		65534
#define ENFILE_ROOM	100	/* files the child may still open */

static int status_fd;

/* A number from a /proc file of one line, or a "Key:" line of one. */
static long proc_number(int fd, const char *key)
{
	char buf[4096], *p = buf;
	ssize_t n;

	/* pread at 0: seq_file prints the file afresh. */
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	lab_check(n > 0, "pread");
	buf[n] = '\0';
	if (key) {
		p = strstr(buf, key);
		lab_check(p != NULL, key);
		p += strlen(key);
	}
	return strtol(p, NULL, 10);
}

/*
 * The fd table's size (FDSize in /proc/self/status). status_fd was opened
 * first: at EMFILE there is no fd left to open it with.
 */
static long fd_table_size(void)
{
	return proc_number(status_fd, "FDSize:");
}

static void limits(const char *when)
{
	struct rlimit rl;

	lab_check(!getrlimit(RLIMIT_NOFILE, &rl), "getrlimit");
	printf("%s: RLIMIT_NOFILE soft %llu hard %llu, fd table size %ld\n",
	       when, (unsigned long long)rl.rlim_cur,
	       (unsigned long long)rl.rlim_max, fd_table_size());
}

/* Open /dev/null until it fails; the first fd and the count in *@n. */
static int open_until_error(int *n)
{
	int fd, first = -1;

	for (*n = 0; (fd = open("/dev/null", O_RDONLY)) >= 0; (*n)++)
		if (first < 0)
			first = fd;
	return first;
}

static void open_until_emfile(const char *title)
{
	int first, n;

	first = open_until_error(&n);
	printf("opened %d more, fds %d..%d; the next open: %s (%s)\n", n,
	       first, first + n - 1, errno == EMFILE ? "EMFILE" : "?",
	       strerror(errno));
	limits("then");
	lab_show(title, 0, "-t", "reg", NULL);
}

static void try_setrlimit(const char *what, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };
	int err = setrlimit(RLIMIT_NOFILE, &rl) ? errno : 0;

	printf("%s: %s\n", what, err == EPERM ? "EPERM" :
	       err == EINVAL ? "EINVAL" : err ? "?" : "ok");
}

/*
 * fs.file-max counts open files (struct file) of the whole system, and
 * root (CAP_SYS_ADMIN) may pass it. So: lower it to leave room for about
 * ENFILE_ROOM more, and let a child that is nobody open until it fails.
 */
static void show_enfile(void)
{
	long max, nr;
	int fd, n, status;
	pid_t pid;
	FILE *f;

	fd = open("/proc/sys/fs/file-nr", O_RDONLY);
	lab_check(fd >= 0, "open /proc/sys/fs/file-nr");
	nr = proc_number(fd, NULL);
	close(fd);
	f = fopen("/proc/sys/fs/file-max", "r+");
	lab_check(f && fscanf(f, "%ld", &max) == 1, "/proc/sys/fs/file-max");
	rewind(f);
	fprintf(f, "%ld\n", nr + ENFILE_ROOM);
	lab_check(!fflush(f), "write fs.file-max");
	fflush(stdout);

	pid = fork();
	lab_check(pid >= 0, "fork");
	if (!pid) {
		close_range(3, ~0U, 0);
		lab_check(!setgid(NOBODY) && !setuid(NOBODY), "setuid");
		open_until_error(&n);
		printf("a child as uid %d: %s (%s), with %s open\n", NOBODY,
		       errno == ENFILE ? "ENFILE" : "?", strerror(errno),
		       n < 2 * ENFILE_ROOM ? "a few files" : "many files");
		fflush(stdout);
		_exit(0);
	}
	lab_check(waitpid(pid, &status, 0) == pid, "waitpid");
	rewind(f);
	fprintf(f, "%ld\n", max);
	lab_check(!fclose(f), "restore fs.file-max");
}

int main(int argc, char **argv)
{
	struct rlimit rl;
	long nr_open;
	int fd;

	lab_traced(argc, argv);

	status_fd = open("/proc/self/status", O_RDONLY);
	lab_check(status_fd >= 0, "open /proc/self/status");
	fd = open("/proc/sys/fs/nr_open", O_RDONLY);
	lab_check(fd >= 0, "open /proc/sys/fs/nr_open");
	nr_open = proc_number(fd, NULL);
	close(fd);
	printf("fs.nr_open %ld\n", nr_open);
	limits("at start");

	open_until_emfile("at EMFILE: the header counts all the fds, -t reg "
			  "lists the regular files only");

	lab_check(!getrlimit(RLIMIT_NOFILE, &rl), "getrlimit");
	try_setrlimit("soft limit above the hard one", rl.rlim_max + 1,
		      rl.rlim_max);
	try_setrlimit("hard limit above fs.nr_open, as root", nr_open,
		      nr_open + 1);
	try_setrlimit("soft limit doubled", 2 * rl.rlim_cur, rl.rlim_max);
	open_until_emfile("the same process, on to the new soft limit");

	/* Our fds are all taken: opening /proc/sys files needs a few. */
	close_range(4, ~0U, 0);
	printf("closed fds 4..2047\n");
	show_enfile();
	return 0;
}
