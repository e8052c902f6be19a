// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: processes (two threads each, on one table) open, close, dup,
 * lock, watch, fork, grow tables, unshare and exit in tight loops while
 * others read /proc/fdmodel with small and large reads. Phase
 * one must give only complete, well-formed listings. Phase two also
 * unloads and reloads the module in a loop: a reader may then see ENOENT
 * (no entry) or EIO (entry removed under an open file), but every
 * complete line it did get must still parse. Loops are sized by count,
 * not time, to keep the run the same on a slow (TCG) machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "proc.h"
#include "tap.h"

#define CHURNERS 3
#define READERS 3
#define ITERATIONS 1200
#define RELOADS 15

struct reader_stats {
	long complete, errors, lines, bad;
	int unexpected;		/* an errno no phase allows, or 0 */
	char first_bad[600];
};

struct shared {
	volatile int stop;
	volatile pid_t churner[CHURNERS];
	struct reader_stats r[READERS];
};

static struct shared *sh;
static const char *ko;

static void *unsharer(void *arg)
{
	(void)arg;
	if (!unshare(CLONE_FILES))
		close(open("/dev/null", O_RDONLY));
	return NULL;
}

static void churn_once(int i, int map_src)
{
	int fd, d, p[2], sv[2], ep, ev, in;
	pthread_t th;
	void *m;
	pid_t pid;

	fd = open("/dev/null", O_RDWR);
	d = dup(fd);
	dup2(fd, 100 + i % 50);
	if (!pipe(p)) {
		(void)!write(p[1], "x", 1);
		close(p[0]);
		close(p[1]);
	}
	if (!socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		close(sv[0]);
		close(sv[1]);
	}
	ep = epoll_create1(0);
	ev = eventfd(0, 0);
	epoll_ctl(ep, EPOLL_CTL_ADD, ev, &(struct epoll_event){ .events = EPOLLIN });
	close(ev);
	close(ep);
	/* Locks and a mark that come and go under the readers' walk. */
	flock(map_src, i % 2 ? LOCK_EX : LOCK_UN);
	fcntl(map_src, F_SETLK, &(struct flock){
		.l_type = i % 3 ? F_WRLCK : F_UNLCK, .l_whence = SEEK_SET,
		.l_start = i % 64, .l_len = 1 });
	in = inotify_init1(0);
	inotify_add_watch(in, "/tmp", IN_CREATE);
	close(in);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, map_src, 0);
	if (m != MAP_FAILED)
		munmap(m, 4096);
	if (i % 4 == 0) {
		pid = fork();
		if (pid == 0) {
			/* A fresh small table grows (expand_fdtable) and dies. */
			dup2(fd, 64 + (i % 16) * 256);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	if (i % 16 == 0 && !pthread_create(&th, NULL, unsharer, NULL))
		pthread_join(th, NULL);
	close(d);
	close(fd);
	close(100 + i % 50);
}

/*
 * A second thread on the churner's (shared) table: its slots appear and
 * vanish under the main thread's, and under the readers' walk.
 */
static volatile int churning;

static void *sibling(void *arg)
{
	int fd, n = 0;

	(void)arg;
	while (churning) {
		fd = open("/dev/zero", O_RDONLY);
		dup2(fd, 300 + n++ % 64);
		close(fd);
		close(300 + (n * 7) % 64);
	}
	return NULL;
}

static void churner(int k)
{
	char path[64];
	pthread_t th;
	int i, src;

	sh->churner[k] = getpid();
	snprintf(path, sizeof(path), "/tmp/fdmodel-stress.%d", (int)getpid());
	src = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (src >= 0 && ftruncate(src, 4096))
		src = -1;
	unlink(path);
	churning = 1;
	if (pthread_create(&th, NULL, sibling, NULL))
		_exit(1);
	for (i = 0; i < ITERATIONS; i++)
		churn_once(i, src);
	churning = 0;
	pthread_join(th, NULL);
	_exit(0);
}

static bool allowed(int err, bool reloading, bool filtered)
{
	if (filtered && err == ESRCH)
		return true;
	return reloading && (err == ENOENT || err == EIO);
}

static void one_read(struct reader_stats *st, size_t chunk, pid_t filter,
		     bool reloading)
{
	struct fm_snap s;
	size_t len, bad;
	char *data, msg[512];
	ssize_t n;
	int fd;

	fd = fm_open(filter);
	if (fd < 0) {
		st->errors++;
		if (!allowed(-fd, reloading, filter))
			st->unexpected = -fd;
		/* The module is out: give the reload a moment, not a spin. */
		if (fd == -ENOENT)
			usleep(2000);
		return;
	}
	n = fm_slurp(fd, chunk, &data, &len);
	close(fd);
	fm_parse(&s, data, len);
	if (n < 0) {
		st->errors++;
		if (!allowed(-n, reloading, false))
			st->unexpected = -n;
		/* Cut short: the complete lines must still be good ones. */
		bad = s.nline ? fm_validate_lines(&s, true, msg, sizeof(msg)) : 0;
	} else {
		st->complete++;
		bad = fm_validate(&s, msg, sizeof(msg));
	}
	st->lines += s.nline;
	if (bad && !st->bad)
		snprintf(st->first_bad, sizeof(st->first_bad), "%s", msg);
	st->bad += bad;
	fm_free(&s);
}

static void reader(int k, bool reloading)
{
	static const size_t chunks[] = { 7, 4096, 1 << 20 };
	struct reader_stats *st = &sh->r[k];
	int i;

	for (i = 0; !sh->stop || i < 3; i++) {
		pid_t filter = 0;

		/* Reader 0 also reads one churner's block through the filter. */
		if (k == 0 && i % 2)
			filter = sh->churner[i % CHURNERS];
		one_read(st, chunks[(i + k) % 3], filter, reloading);
	}
	_exit(0);
}

static int run(const char *prog, const char *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execlp(prog, prog, arg, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static pid_t start(void (*fn)(int, bool), int k, bool reloading)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		die_with_parent();
		fn(k, reloading);
		_exit(0);
	}
	TAP_REQUIRE(pid > 0, "fork");
	return pid;
}

static void churner_entry(int k, bool reloading)
{
	(void)reloading;
	churner(k);
}

static bool wait_ok(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static void phase(bool reloading)
{
	pid_t churners[CHURNERS], readers[READERS];
	int i, fails = 0, crashed = 0;
	long complete = 0, errors = 0, lines = 0, bad = 0;
	const char *name = reloading ? "with rmmod/insmod" : "churn only";

	memset(sh, 0, sizeof(*sh));
	for (i = 0; i < CHURNERS; i++)
		churners[i] = start(churner_entry, i, false);
	for (i = 0; i < READERS; i++)
		readers[i] = start(reader, i, reloading);
	for (i = 0; reloading && i < RELOADS; i++) {
		fails += run("rmmod", "fdmodel") != 0;
		usleep(20000);
		fails += run("insmod", ko) != 0;
		usleep(50000);
	}
	for (i = 0; i < CHURNERS; i++)
		crashed += !wait_ok(churners[i]);
	sh->stop = 1;
	for (i = 0; i < READERS; i++)
		crashed += !wait_ok(readers[i]);

	for (i = 0; i < READERS; i++) {
		struct reader_stats *st = &sh->r[i];

		complete += st->complete;
		errors += st->errors;
		lines += st->lines;
		bad += st->bad;
		if (st->bad)
			tap_diag("reader %d: %s", i, st->first_bad);
		if (st->unexpected)
			tap_diag("reader %d: unexpected error %s", i,
				 strerror(st->unexpected));
	}
	tap_diag("%s: %ld complete reads, %ld cut short or refused, %ld lines",
		 name, complete, errors, lines);
	tap_ok(crashed == 0, "%s: every churner and reader exited cleanly", name);
	tap_ok(bad == 0 && lines > 0, "%s: all %ld lines read parse", name, lines);
	tap_ok(complete >= READERS, "%s: readers got complete listings (%ld)",
	       name, complete);
	for (i = 0; i < READERS && !sh->r[i].unexpected; i++)
		;
	tap_ok(i == READERS, "%s: no error other than %s", name,
	       reloading ? "ENOENT, EIO (module gone) or ESRCH (filter)" :
	       "ESRCH (filtered process gone)");
	if (reloading)
		tap_ok(fails == 0, "%d rmmod/insmod cycles all succeeded",
		       RELOADS);
}

int main(void)
{
	struct fm_snap s;

	tap_plan(10);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TAP_REQUIRE(sh != MAP_FAILED, "mmap");
	ko = getenv("FDMODEL_KO");
	phase(false);
	if (ko && !access(ko, R_OK)) {
		phase(true);
	} else {
		tap_skip("FDMODEL_KO not set: no reload phase");
		tap_skip("no reload phase");
		tap_skip("no reload phase");
		tap_skip("no reload phase");
		tap_skip("no reload phase");
	}
	/* Whatever happened, leave the module loaded for the next test. */
	if (access(FM_PATH, R_OK) && ko)
		run("insmod", ko);
	tap_ok(!fm_snapshot(&s, 0) && fm_valid(&s),
	       "the module is loaded at the end and lists cleanly");
	fm_free(&s);
	tap_exit();
}
