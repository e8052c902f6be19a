// SPDX-License-Identifier: GPL-2.0
/*
 * The calls that change a table other than by making fds: close (a
 * shared file, its last reference, a bad fd), close_range (plain,
 * CLOSE_RANGE_CLOEXEC, and CLOSE_RANGE_UNSHARE in a thread),
 * unshare(CLONE_FILES) alone and in a thread, exec (failed, by execveat,
 * and in a child sharing its parent's table, which exec unshares, with
 * more close-on-exec fds than the event lists), and exits (a thread,
 * then a process with status 3). What the kernel's doors say is told for
 * the checker: kcmp KCMP_FILE and KCMP_FILES, fcntl F_GETFD, the
 * close-on-exec fds by fcntl before exec, waitpid's status.
 */
#include <errno.h>
#include <linux/close_range.h>
#include <linux/kcmp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "scenario.h"

static int kcmp(pid_t a, pid_t b, int type, int fa, int fb)
{
	return syscall(SYS_kcmp, a, b, type, fa, fb);
}

static pid_t gettid_(void)
{
	return syscall(SYS_gettid);
}

/* High fds, which nothing else in the process closes. */
static void closes(void)
{
	int fd = open("/dev/null", O_RDONLY);
	int a = fcntl(fd, F_DUPFD, 90), b = fcntl(a, F_DUPFD, 91);

	say("close_a=%d close_b=%d close_same=%d", a, b,
	    kcmp(getpid(), getpid(), KCMP_FILE, a, b));
	close(fd);
	close(a);
	close(b);
	errno = 0;
	if (close(b) == 0 || errno != EBADF)
		die("close bad fd");
	say("close_bad=%d", b);
}

static void close_ranges(void)
{
	int fd = open("/dev/null", O_RDONLY);

	dup2(fd, 50);
	dup2(fd, 51);
	dup2(fd, 52);
	dup2(fd, 60);
	dup2(fd, 61);
	close(fd);
	if (syscall(SYS_close_range, 50, 52, 0) ||
	    syscall(SYS_close_range, 60, 61, CLOSE_RANGE_CLOEXEC))
		die("close_range");
	say("range_closed=%d range_cloexec=%d,%d",
	    fcntl(50, F_GETFD) < 0 && fcntl(52, F_GETFD) < 0,
	    fcntl(60, F_GETFD) & FD_CLOEXEC, fcntl(61, F_GETFD) & FD_CLOEXEC);
	close(60);
	close(61);
}

/* In a thread, whose table is its process's: unshare it two ways. */
static void *unsharer(void *arg)
{
	(void)arg;
	say("thread_shared=%d", !kcmp(getpid(), gettid_(), KCMP_FILES, 0, 0));
	if (syscall(SYS_close_range, 70, 70, CLOSE_RANGE_UNSHARE))
		die("close_range unshare");
	say("range_unshared=%d unshare_tid=%d",
	    kcmp(getpid(), gettid_(), KCMP_FILES, 0, 0) != 0, gettid_());
	return NULL;
}

static void *unshare_thread(void *arg)
{
	(void)arg;
	if (unshare(CLONE_FILES))
		die("unshare");
	say("thread_unshared=%d thread_tid=%d",
	    kcmp(getpid(), gettid_(), KCMP_FILES, 0, 0) != 0, gettid_());
	return NULL;
}

static void run_thread(void *(*fn)(void *))
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, NULL) || pthread_join(t, NULL))
		die("thread");
}

static void unshares(void)
{
	pid_t self = getpid();

	run_thread(unsharer);
	run_thread(unshare_thread);
	/* alone: nothing to unshare, the table stays */
	if (unshare(CLONE_FILES))
		die("unshare");
	say("alone_same=%d", getpid() == self);
}

/* The fds open with FD_CLOEXEC now, as fcntl sees them, in order. */
static void say_cloexec(const char *key)
{
	char list[4096] = "";
	size_t len = 0;
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++) {
		int flags = fcntl(fd, F_GETFD);

		if (flags < 0 || !(flags & FD_CLOEXEC))
			continue;
		len += snprintf(list + len, sizeof(list) - len, "%s%d",
				n++ ? "," : "", fd);
	}
	say("%s=%s %s_n=%d", key, list, key, n);
}

/* A child sharing our table (CLONE_FILES, not a thread) execs itself. */
static int exec_child(void *self)
{
	char parent[16];

	snprintf(parent, sizeof(parent), "%d", getppid());
	say("exec_shared=%d", !kcmp(getpid(), getppid(), KCMP_FILES, 0, 0));
	say_cloexec("exec_cloexec");
	execl(self, self, "after-exec", parent, (char *)NULL);
	die("execl");
	return 1;
}

static void execs(const char *self)
{
	static char stack[1 << 16];
	int status, fd = open("/dev/null", O_RDONLY | O_CLOEXEC), i;
	pid_t pid;

	dup2(fd, 80);
	/* more than the event lists: it counts them all */
	for (i = 0; i < 40; i++)
		dup3(fd, 100 + i, O_CLOEXEC);
	errno = 0;
	execl("/nonexistent/fdmodel", "x", (char *)NULL);
	say("exec_failed_err=%d", errno);
	pid = clone(exec_child, stack + sizeof(stack), CLONE_FILES | SIGCHLD,
		    (void *)self);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		die("exec child");
	say("exec_pid=%d exec_path=%s", pid, self);
	pid = fork();
	if (!pid) {
		char *argv[] = { (char *)self, "noop", NULL };

		syscall(SYS_execveat, AT_FDCWD, self, argv, environ, 0);
		die("execveat");
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		die("execveat child");
	say("execveat_pid=%d", pid);
	close(fd);
	close(80);
	for (i = 0; i < 40; i++)
		close(100 + i);
}

static void *exiter(void *arg)
{
	DIR *d = opendir("/proc/self/task");
	int n = 0;

	(void)arg;
	while (d && readdir(d))
		n++;
	closedir(d);
	say("exit_tid=%d exit_users=%d", gettid_(), n - 2);
	return NULL;
}

static void exits(void)
{
	int status;
	pid_t pid;

	run_thread(exiter);
	pid = fork();
	if (!pid)
		_exit(3);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	say("exit_pid=%d exit_status=%d", pid, status);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "noop"))
		return 0;
	if (argc == 3 && !strcmp(argv[1], "after-exec")) {
		say("exec_unshared=%d",
		    kcmp(getpid(), atoi(argv[2]), KCMP_FILES, 0, 0) != 0);
		return 0;
	}
	closes();
	close_ranges();
	unshares();
	execs(argv[0]);
	exits();
	say("pid=%d", getpid());
	return 0;
}
