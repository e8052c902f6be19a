// SPDX-License-Identifier: GPL-2.0
/*
 * Pipes and FIFOs: pipe_bytes against FIONREAD, pipe_size against
 * F_GETPIPE_SZ, and pipe_readers/pipe_writers against what the kernel
 * does with them (EOF once no writer is left, EPIPE once no reader is).
 * The counts are of open read and write ends (struct files), not of fds:
 * fork() and dup() copy slots, so they do not change them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

/* The pipe_* fields of fd @fd of this process in a fresh filtered read. */
struct pipe_view {
	long long readers, writers, bytes, size, refs, ino;
	bool found, fifo, checked;
};

static struct pipe_view view(int fd)
{
	struct pipe_view v = { .readers = -1 };
	const struct fm_line *l;
	struct fm_snap s;

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	l = fm_fd(&s, getpid(), 0, fd);
	if (l) {
		v.found = true;
		v.fifo = fm_is(l, "type", "fifo");
		v.readers = fm_numd(l, "pipe_readers");
		v.writers = fm_numd(l, "pipe_writers");
		v.bytes = fm_numd(l, "pipe_bytes");
		v.size = fm_numd(l, "pipe_size");
		v.refs = fm_numd(l, "refs");
		v.ino = fm_numd(l, "ino");
		v.checked = check_fds(&s, getpid(), 0, &fd, 1);
	}
	fm_free(&s);
	return v;
}

static int fionread(int fd)
{
	int n = -1;

	ioctl(fd, FIONREAD, &n);
	return n;
}

static void anonymous_pipe(void)
{
	char buf[1000] = { 0 };
	struct pipe_view r, w;
	struct stat a, b;
	pid_t child;
	int p[2];

	TAP_REQUIRE(!pipe2(p, O_NONBLOCK), "pipe2");
	TAP_REQUIRE(write(p[1], buf, 1000) == 1000, "write 1000 bytes");
	r = view(p[0]);
	w = view(p[1]);
	tap_ok(r.found && w.found && r.fifo && w.fifo,
	       "both ends have fd lines with type=fifo");
	tap_ok(r.bytes == 1000 && w.bytes == 1000 && fionread(p[0]) == 1000,
	       "pipe_bytes=%lld on both ends equals FIONREAD (%d)", r.bytes,
	       fionread(p[0]));
	tap_ok(r.size == fcntl(p[0], F_GETPIPE_SZ) && w.size == r.size,
	       "pipe_size=%lld equals F_GETPIPE_SZ (%d)", r.size,
	       fcntl(p[0], F_GETPIPE_SZ));
	tap_ok(r.readers == 1 && r.writers == 1 && w.readers == 1 &&
	       w.writers == 1, "pipe_readers=1 pipe_writers=1 on both ends");
	tap_ok(r.checked && w.checked,
	       "both lines agree with stat (ino, dev), fdinfo and readlink");
	tap_ok(!fstat(p[0], &a) && !fstat(p[1], &b) && a.st_ino == b.st_ino &&
	       r.ino == (long long)a.st_ino && w.ino == r.ino,
	       "both ends' lines carry the one pipe inode fstat gives");

	TAP_REQUIRE(fcntl(p[0], F_SETPIPE_SZ, 262144) >= 262144,
		    "F_SETPIPE_SZ");
	TAP_REQUIRE(read(p[0], buf, 300) == 300, "read 300 bytes");
	r = view(p[0]);
	tap_ok(r.size == fcntl(p[0], F_GETPIPE_SZ) && r.size >= 262144,
	       "after F_SETPIPE_SZ: pipe_size=%lld equals F_GETPIPE_SZ",
	       r.size);
	tap_ok(r.bytes == 700 && fionread(p[0]) == 700,
	       "after reading 300: pipe_bytes=%lld equals FIONREAD (%d)",
	       r.bytes, fionread(p[0]));

	child = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(child > 0, "fork");
	r = view(p[0]);
	tap_ok(r.readers == 1 && r.writers == 1 && r.refs == 2 &&
	       oracle_slots(getpid(), p[0]) == 2,
	       "after fork: still 1 reader and 1 writer, refs=2 (two slots)");
	reap(child);

	close(p[1]);
	r = view(p[0]);
	tap_ok(r.writers == 0 && r.readers == 1 && r.bytes == 700,
	       "write end closed: pipe_writers=0, the 700 bytes still there");
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	tap_ok(read(p[0], buf, 1) == 0,
	       "kernel agrees there is no writer: an empty pipe reads EOF");
	close(p[0]);

	TAP_REQUIRE(!pipe2(p, O_NONBLOCK), "pipe2");
	close(p[0]);
	w = view(p[1]);
	tap_ok(w.readers == 0 && w.writers == 1,
	       "read end closed: the write end shows pipe_readers=0");
	tap_ok(write(p[1], "x", 1) < 0 && errno == EPIPE,
	       "kernel agrees there is no reader: write fails with EPIPE");
	close(p[1]);
}

static void named_fifo(const char *dir)
{
	struct pipe_view v[4];
	char path[128];
	struct stat st;
	int r1, r2, w, rw, i;
	bool ok;

	snprintf(path, sizeof(path), "%s/the fifo", dir);
	TAP_REQUIRE(!mkfifo(path, 0640), "mkfifo");
	r1 = open(path, O_RDONLY | O_NONBLOCK);
	r2 = open(path, O_RDONLY | O_NONBLOCK);
	w = open(path, O_WRONLY | O_NONBLOCK);
	TAP_REQUIRE(r1 >= 0 && r2 >= 0 && w >= 0, "open the fifo");
	v[0] = view(r1);
	v[1] = view(w);
	tap_ok(v[0].readers == 2 && v[0].writers == 1 && v[1].readers == 2 &&
	       v[1].writers == 1,
	       "fifo opened twice for reading, once for writing: 2 readers, 1 writer");
	rw = open(path, O_RDWR | O_NONBLOCK);
	TAP_REQUIRE(rw >= 0, "open the fifo O_RDWR");
	TAP_REQUIRE(write(w, "0123456789", 10) == 10, "write to the fifo");
	v[0] = view(r1);
	v[1] = view(r2);
	v[2] = view(w);
	v[3] = view(rw);
	ok = true;
	for (i = 0; i < 4; i++)
		ok &= v[i].readers == 3 && v[i].writers == 2 &&
		      v[i].bytes == 10 && v[i].fifo && v[i].checked;
	tap_ok(ok, "plus an O_RDWR open: 3 readers, 2 writers, 10 bytes on all lines");
	tap_ok(fionread(r1) == 10, "FIONREAD agrees: 10 bytes");
	tap_ok(!stat(path, &st) && v[0].ino == (long long)st.st_ino &&
	       v[3].ino == v[0].ino,
	       "the fifo's lines carry its on-disk inode (stat of the path)");
	close(r1);
	close(r2);
	close(rw);
	v[2] = view(w);
	tap_ok(v[2].readers == 0 && v[2].writers == 1,
	       "all readers closed: pipe_readers=0 on the write end");
	tap_ok(write(w, "x", 1) < 0 && errno == EPIPE,
	       "kernel agrees: writing to the fifo fails with EPIPE");
	close(w);
}

int main(void)
{
	char *dir = make_tmpdir();

	tap_plan(19);
	TAP_REQUIRE(dir, "mkdtemp");
	signal(SIGPIPE, SIG_IGN);
	anonymous_pipe();
	named_fifo(dir);
	remove_tree(dir);
	tap_exit();
}
