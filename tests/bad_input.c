// SPDX-License-Identifier: GPL-2.0
/*
 * Access control and the write/read/seek interface: who may open, what a
 * handed-over fd gives an unprivileged process, which filter writes fail
 * (and that failing ones leave the filter alone), and that read sizes and
 * seeks never change the bytes a quiescent process's listing is made of.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "snapshot.h"
#include "proc.h"
#include "tap.h"

#define NOBODY 65534

/* What a child saw, sent back through a pipe. */
struct seen {
	int open_err;		/* errno of open(), 0 if it succeeded */
	int read_err;		/* errno of read() on a handed-over fd */
	long read_bytes;
	int write_err;		/* errno of a filter write */
	int reopen_err;		/* errno of open("/proc/self/fd/N") */
};

static void become_nobody(void)
{
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		_exit(90);
}

static void drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		_exit(91);
	d[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].permitted &= ~(1U << (CAP_SYS_ADMIN % 32));
	if (syscall(SYS_capset, &h, d))
		_exit(92);
}

/*
 * Run @how (0: as nobody, 1: root without CAP_SYS_ADMIN) in a child; it
 * tries to open /proc/fdmodel, and uses @handed (opened by root) if >= 0.
 */
static struct seen as_child(int how, int handed)
{
	struct seen r = { -1, -1, -1, -1, -1 };
	char buf[4096], path[64];
	int p[2], fd;
	ssize_t n;
	pid_t pid;

	TAP_REQUIRE(!pipe(p), "pipe");
	fflush(NULL);
	pid = fork();
	TAP_REQUIRE(pid >= 0, "fork");
	if (pid == 0) {
		how ? drop_sys_admin() : become_nobody();
		fd = open(FM_PATH, O_RDONLY);
		r.open_err = fd < 0 ? errno : 0;
		if (handed >= 0) {
			r.read_bytes = 0;
			while ((n = read(handed, buf, sizeof(buf))) > 0)
				r.read_bytes += n;
			r.read_err = n < 0 ? errno : 0;
			r.write_err = write(handed, "pid 1", 5) < 0 ? errno : 0;
			snprintf(path, sizeof(path), "/proc/self/fd/%d", handed);
			fd = open(path, O_RDONLY);
			r.reopen_err = fd < 0 ? errno : 0;
		}
		_exit(write(p[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(p[1]);
	if (read(p[0], &r, sizeof(r)) != sizeof(r))
		tap_diag("the child reported nothing");
	close(p[0]);
	waitpid(pid, NULL, 0);
	return r;
}

static void access_checks(void)
{
	struct seen r;
	int fd;

	r = as_child(0, -1);
	tap_ok(r.open_err == EACCES || r.open_err == EPERM,
	       "uid %d cannot open " FM_PATH " (%s)", NOBODY, strerror(r.open_err));
	r = as_child(1, -1);
	tap_ok(r.open_err == EPERM || r.open_err == EACCES,
	       "root without CAP_SYS_ADMIN cannot open it (%s)",
	       strerror(r.open_err));

	fd = open(FM_PATH, O_RDWR);
	TAP_REQUIRE(fd >= 0, "open " FM_PATH);
	r = as_child(0, fd);
	tap_diag("handed-over fd as uid %d: read %ld bytes (%s), filter write: "
		 "%s, reopen via /proc/self/fd: %s", NOBODY, r.read_bytes,
		 strerror(r.read_err), strerror(r.write_err),
		 strerror(r.reopen_err));
	tap_ok(r.reopen_err == EACCES || r.reopen_err == EPERM,
	       "reopening a handed-over fd through /proc/self/fd is refused");
	tap_ok(r.read_bytes == 0,
	       "a handed-over fd yields nothing to uid %d (docs: useless to "
	       "anyone who could not open it)", NOBODY);
	tap_ok(r.write_err != 0,
	       "nor can uid %d set a filter through it", NOBODY);
	close(fd);
}

/* Tell where two listings part, for the diagnostics. */
static bool same_bytes(const char *what, const char *a, size_t alen,
		       const char *ref, size_t reflen)
{
	size_t i, line = 0;

	if (a && alen == reflen && !memcmp(a, ref, reflen))
		return true;
	if (!a) {
		tap_diag("%s: no data", what);
		return false;
	}
	for (i = 0; i < alen && i < reflen && a[i] == ref[i]; i++)
		if (a[i] == '\n')
			line = i + 1;
	tap_diag("%s: %zu bytes, want %zu; first difference in:", what, alen,
		 reflen);
	tap_diag("got  %.*s", (int)strcspn(a + line, "\n"), a + line);
	tap_diag("want %.*s", (int)strcspn(ref + line, "\n"), ref + line);
	return false;
}

/* One write to a fresh filtered open; the errno, 0 on success. */
static int write_err(int fd, const char *cmd, size_t len)
{
	return write(fd, cmd, len) < 0 ? errno : 0;
}

static char *slurp_fd(int fd, size_t chunk, size_t *len)
{
	char *data;

	if (fm_slurp(fd, chunk, &data, len) < 0) {
		free(data);
		return NULL;
	}
	return data;
}

/* The filtered listing of @pid read in @chunk-byte reads. */
static char *read_with(pid_t pid, size_t chunk, size_t *len)
{
	int fd = fm_open(pid);
	char *data;

	TAP_REQUIRE(fd >= 0, "open " FM_PATH);
	data = slurp_fd(fd, chunk, len);
	close(fd);
	return data;
}

static pid_t unused_pid(void)
{
	pid_t p;

	for (p = 4194000; p > 1000; p -= 997)
		if (kill(p, 0) < 0 && errno == ESRCH)
			return p;
	return -1;
}

static void writes(pid_t holder, const char *ref, size_t reflen)
{
	static const char *const garbage[] = {
		"foo", "pid", "pid ", "pid -1", "pid abc", "pid 12abc",
		"pid 1 2", "PID 1", "pid 99999999999999999999", "pid 0x10",
		"pid\t1", " pid 1",
	};
	char *big, *data, cmd[64];
	size_t i, len;
	bool all = true;
	int fd, err;

	fd = fm_open(holder);
	TAP_REQUIRE(fd >= 0, "open " FM_PATH);
	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		err = write_err(fd, garbage[i], strlen(garbage[i]));
		if (err != EINVAL) {
			tap_diag("write \"%s\": %s", garbage[i], strerror(err));
			all = false;
		}
	}
	tap_ok(all, "%zu malformed filters each fail with EINVAL",
	       sizeof(garbage) / sizeof(garbage[0]));
	big = malloc(1 << 20);
	TAP_REQUIRE(big, "malloc");
	memset(big, '7', 1 << 20);
	memcpy(big, "pid ", 4);
	err = write_err(fd, big, 5000);
	tap_ok(err == EINVAL, "a 5000-byte \"pid 777...\" fails with EINVAL (%s)",
	       strerror(err));
	err = write_err(fd, big, 1 << 20);
	tap_ok(err == EINVAL, "a 1 MiB write fails with EINVAL (%s)",
	       strerror(err));
	free(big);
	snprintf(cmd, sizeof(cmd), "pid %d", (int)unused_pid());
	err = write_err(fd, cmd, strlen(cmd));
	tap_ok(err == ESRCH, "\"%s\" (no such process) fails with ESRCH (%s)",
	       cmd, strerror(err));
	err = write_err(fd, "pid 0", 5);
	tap_diag("\"pid 0\": %s", strerror(err));
	tap_ok(err == ESRCH || err == EINVAL, "\"pid 0\" fails (ESRCH or EINVAL)");
	data = slurp_fd(fd, 1 << 16, &len);
	tap_ok(same_bytes("after failed writes", data, len, ref, reflen),
	       "after all the failed writes the filter is unchanged: the same "
	       "bytes as a fresh filtered read");
	free(data);
	close(fd);

	/* Without a trailing newline, and per open file. */
	fd = open(FM_PATH, O_RDWR);
	snprintf(cmd, sizeof(cmd), "pid %d", (int)holder);
	TAP_REQUIRE(fd >= 0, "open");
	err = write_err(fd, cmd, strlen(cmd));
	data = slurp_fd(fd, 1 << 16, &len);
	tap_ok(!err && same_bytes("no newline", data, len, ref, reflen),
	       "\"pid N\" without a newline works the same");
	free(data);
	close(fd);
	fd = open(FM_PATH, O_RDONLY);
	data = slurp_fd(fd, 1 << 16, &len);
	tap_ok(data && len > reflen && strstr(data, "\ntask pid=1 "),
	       "another open file is not filtered: the filter is per open");
	free(data);
	close(fd);
}

static void read_sizes(pid_t holder, const char *ref, size_t reflen)
{
	static const size_t sizes[] = { 1, 3, 7, 13, 4093, 4097, 65537,
					16 << 20 };
	size_t i, len;
	bool all = true;
	char *data, what[64];

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		data = read_with(holder, sizes[i], &len);
		snprintf(what, sizeof(what), "reads of %zu bytes", sizes[i]);
		all &= same_bytes(what, data, len, ref, reflen);
		free(data);
	}
	tap_ok(all, "reads of 1, 3, 7, 13, 4093, 4097, 65537 and 16 MiB bytes "
	       "give byte-identical output (%zu bytes)", reflen);
}

static void seeks(pid_t holder, const char *ref, size_t reflen)
{
	size_t offs[] = { 0, 1, 100, reflen / 2, reflen - 1, reflen,
			  reflen + 10 };
	size_t i, len, want;
	bool all = true;
	char *data, buf[10], what[64];
	int fd;

	fd = fm_open(holder);
	TAP_REQUIRE(fd >= 0, "open " FM_PATH);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		if (lseek(fd, offs[i], SEEK_SET) != (off_t)offs[i]) {
			tap_diag("lseek to %zu: %s", offs[i], strerror(errno));
			all = false;
			continue;
		}
		data = slurp_fd(fd, 4096, &len);
		want = offs[i] < reflen ? reflen - offs[i] : 0;
		snprintf(what, sizeof(what), "from offset %zu", offs[i]);
		all &= same_bytes(what, data, len, ref + (want ? offs[i] : reflen),
				  want);
		free(data);
	}
	tap_ok(all, "lseek to 0, 1, 100, half, end-1, end, end+10 then read: "
	       "the matching slice");
	all = lseek(fd, 50, SEEK_SET) == 50 && read(fd, buf, 10) == 10 &&
	      !memcmp(buf, ref + 50, 10) && lseek(fd, 5, SEEK_CUR) == 65 &&
	      read(fd, buf, 10) == 10 && !memcmp(buf, ref + 65, 10);
	tap_ok(all, "SEEK_CUR moves within the listing like a file");
	close(fd);
}

int main(void)
{
	size_t reflen;
	pid_t holder;
	char *ref;

	tap_plan(17);
	access_checks();
	holder = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(holder > 0, "spawn");
	ref = read_with(holder, 1 << 16, &reflen);
	TAP_REQUIRE(ref && reflen > 100, "a filtered read");
	tap_ok(!strncmp(ref, FM_HEADER "\n", strlen(FM_HEADER) + 1),
	       "a read after the filter write starts at the header");
	writes(holder, ref, reflen);
	read_sizes(holder, ref, reflen);
	seeks(holder, ref, reflen);
	free(ref);
	reap(holder);
	tap_exit();
}
