// SPDX-License-Identifier: GPL-2.0
/*
 * The walk must never wait for a lock that another task, or the reader
 * itself, can hold across I/O. splice() and sendfile() into a pipe hold
 * that pipe's mutex while they read the source; splice() from a pipe to
 * a socket holds it while the socket has no room. A walk that took
 * pipe_lock() to print a pipe hung for good in the first case (the reader
 * splicing /proc/fdmodel into a pipe of its own, D state, unkillable) and
 * stalled behind the second.
 *
 * Each reader runs in a child with its stdio on /dev/null, so that a
 * child stuck in the kernel keeps no pipe of the runner open.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "snapshot.h"
#include "proc.h"
#include "tap.h"

/* Generous: a read of one process's block takes milliseconds. */
#define DEADLINE_S	20

enum { COPY_SPLICE, COPY_SENDFILE };

enum {
	READER_OK,
	READER_NO_OPEN,
	READER_COPY_FAILED,
	READER_BAD_SNAPSHOT,
	READER_NO_PIPE_LINE,
};

static const char *const reader_errors[] = {
	[READER_OK] = "ok",
	[READER_NO_OPEN] = "cannot open " FM_PATH,
	[READER_COPY_FAILED] = "the copy into the pipe failed",
	[READER_BAD_SNAPSHOT] = "what came out of the pipe is no snapshot",
	[READER_NO_PIPE_LINE] = "no fd line for the pipe it was copied into",
};

/*
 * Copy this process's block of /proc/fdmodel into a pipe of its own with
 * splice() or sendfile(), read it back from the other end and check it.
 * The walk prints that very pipe while the copy holds the pipe's mutex.
 */
static int self_copy(void *arg)
{
	int how = *(const int *)arg;
	size_t len = 0, cap = 1 << 20;
	char *data = malloc(cap);
	int p[2], src, fd;
	struct fm_snap s;
	ssize_t n;

	src = fm_open(getpid());
	if (src < 0 || !data || pipe(p))
		return READER_NO_OPEN;
	for (;;) {
		if (how == COPY_SPLICE)
			n = splice(src, NULL, p[1], NULL, 65536, 0);
		else
			n = sendfile(p[1], src, NULL, 65536);
		if (n < 0)
			return READER_COPY_FAILED;
		if (n == 0)
			break;
		while (n > 0 && len < cap) {
			ssize_t got = read(p[0], data + len, cap - len);

			if (got <= 0)
				return READER_COPY_FAILED;
			len += got;
			n -= got;
		}
	}
	fm_parse(&s, data, len);
	if (fm_validate(&s, NULL, 0))
		return READER_BAD_SNAPSHOT;
	for (fd = 0; fd < 2; fd++) {
		const struct fm_line *l = fm_fd(&s, getpid(), 0, p[fd]);

		if (!l || !fm_is(l, "type", "fifo") ||
		    !fm_is(l, "pipe_bytes", "0"))
			return READER_NO_PIPE_LINE;
	}
	return READER_OK;
}

/* Run a reader in a child; its exit status, or -1 if it is still stuck. */
static int run_reader(int (*fn)(void *arg), void *arg, pid_t *pid)
{
	int status;

	*pid = spawn_quiet(fn, arg);
	TAP_REQUIRE(*pid >= 0, "fork");
	if (!wait_exit(*pid, &status, DEADLINE_S))
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *reader_error(int status)
{
	if (status < 0)
		return "stuck";
	if (status > READER_NO_PIPE_LINE)
		return "died";
	return reader_errors[status];
}

static void report(int status, pid_t pid, const char *what)
{
	if (status < 0) {
		tap_ok(false, "%s: the reader finished (still in state %c "
		       "after %d s)", what, proc_state(pid, 0), DEADLINE_S);
		kill(pid, SIGKILL);
		return;
	}
	if (status)
		tap_diag("%s: %s (exit status %d)", what, reader_error(status),
			 status);
	tap_ok(status == READER_OK, "%s: the reader finished, and its own pipe "
	       "is listed with pipe_bytes=0", what);
}

static pid_t holder_pid;
static int holder_pipe_fd;

/* The block of the process whose splice holds the pipe's mutex. */
static int read_holder(void *unused)
{
	const struct fm_line *l;
	struct fm_snap s;

	(void)unused;
	if (fm_snapshot(&s, holder_pid))
		return READER_NO_OPEN;
	if (fm_validate(&s, NULL, 0))
		return READER_BAD_SNAPSHOT;
	l = fm_fd(&s, holder_pid, 0, holder_pipe_fd);
	if (!l || !fm_is(l, "type", "fifo") || fm_numd(l, "pipe_bytes") > 4096)
		return READER_NO_PIPE_LINE;
	return READER_OK;
}

/* The holder: the 4096 bytes of pipe fds[0] into socket fds[1]. */
static int splice_pipe(void *arg)
{
	const int *fds = arg;

	return splice(fds[0], NULL, fds[1], NULL, 4096, 0) > 0 ? 0 : 1;
}

/*
 * A child splices a pipe holding 4096 bytes into a unix socket whose
 * buffer the parent has filled: it blocks in sendmsg with the pipe's
 * mutex held, until the parent drains the other end.
 */
static void slow_splice(void)
{
	char buf[4096] = { 0 };
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int sv[2], p[2], status, holder_status = 0, sndbuf = 4096, flags, i;
	int one = 1;
	bool done = false;
	pid_t reader;

	TAP_REQUIRE(!socketpair(AF_UNIX, SOCK_STREAM, 0, sv) && !pipe(p),
		    "socketpair and pipe");
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	/*
	 * With credentials passed, each skb names its sender: otherwise
	 * 6.1's unix_stream_sendpage() appends the splice's pages to the
	 * parent's last skb without waiting for room.
	 */
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	flags = fcntl(sv[0], F_GETFL);
	fcntl(sv[0], F_SETFL, flags | O_NONBLOCK);
	while (write(sv[0], buf, sizeof(buf)) > 0)
		;
	fcntl(sv[0], F_SETFL, flags);
	TAP_REQUIRE(write(p[1], buf, sizeof(buf)) == sizeof(buf), "fill pipe");

	holder_pid = spawn_quiet(splice_pipe, (int []){ p[0], sv[0] });
	TAP_REQUIRE(holder_pid >= 0, "fork");
	holder_pipe_fd = p[0];
	close(sv[0]);
	close(p[0]);
	close(p[1]);
	TAP_REQUIRE(wait_in_syscall(holder_pid, SYS_splice) &&
		    wait_state(holder_pid, 0, 'S', DEADLINE_S),
		    "the splice blocks on the full socket");

	status = run_reader(read_holder, NULL, &reader);
	tap_ok(status == READER_OK && proc_state(holder_pid, 0) == 'S',
	       "a reader of the process is not held up by its splice to a "
	       "full socket (reader %s)",
	       reader_error(status));

	/* Let the splice through: the stuck reader, if any, then finishes. */
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	for (i = 0; i < DEADLINE_S * 100 && !done; i++) {
		while (read(sv[1], buf, sizeof(buf)) > 0)
			;
		done = waitpid(holder_pid, &holder_status, WNOHANG) == holder_pid;
		if (!done)
			nanosleep(&tick, NULL);
	}
	tap_ok(done && WIFEXITED(holder_status) && !WEXITSTATUS(holder_status),
	       "the splice completes once the socket is drained");
	if (status < 0)
		reap(reader);
	else
		waitpid(reader, NULL, 0);
	close(sv[1]);
}

static void self_copy_test(int how, const char *what)
{
	pid_t pid;
	int status = run_reader(self_copy, &how, &pid);

	report(status, pid, what);
}

int main(void)
{
	tap_plan(4);
	self_copy_test(COPY_SPLICE, "splice(" FM_PATH ", its own pipe)");
	self_copy_test(COPY_SENDFILE, "sendfile(its own pipe, " FM_PATH ")");
	slow_splice();
	tap_exit();
}
