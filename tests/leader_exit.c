// SPDX-License-Identifier: GPL-2.0
/*
 * A process whose group leader has exited: main() called pthread_exit()
 * while its threads run on. The leader is a zombie without fd table or
 * mm; the process still has both, through its threads. It must be listed
 * like any other process: one block per fd table (not one per thread),
 * its mappings once. Here threads 1 and 2 keep the process's table, thread
 * 3 unshares its own and starts thread 4, which shares that one.
 * kcmp(KCMP_FILES) and /proc/PID/task/TID are the oracles.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

#define DEADLINE_S	20
#define NTHREADS	4

/* Shared with the parent: the tids, in creation order. */
struct shared {
	sem_t ready;
	pid_t tid[NTHREADS];
};

static struct shared *sh;

static void *idle(void *arg)
{
	sh->tid[(long)arg] = syscall(SYS_gettid);
	sem_post(&sh->ready);
	for (;;)
		pause();
	return NULL;
}

/* Thread 3: a table of its own, and thread 4 to share it. */
static void *loner(void *arg)
{
	pthread_t t;

	if (unshare(CLONE_FILES) || open("/dev/zero", O_RDONLY) < 0 ||
	    pthread_create(&t, NULL, idle, (void *)3L))
		return NULL;
	return idle(arg);
}

/* The child: threads 1 to 4, then the group leader exits. */
static int process(void *arg)
{
	pthread_t t;
	void *map;
	int fd;

	(void)arg;
	fd = memfd_create("leader-exit map", 0);
	if (fd < 0 || ftruncate(fd, 4096))
		return 1;
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED || open("/dev/null", O_RDONLY) < 0)
		return 1;
	close(fd);
	if (pthread_create(&t, NULL, idle, (void *)0L) ||
	    pthread_create(&t, NULL, idle, (void *)1L) ||
	    pthread_create(&t, NULL, loner, (void *)2L))
		return 1;
	pthread_exit(NULL);
}

/* The block's fd lines are the fds of /proc/PID/task/TID/fd. */
static bool block_fds_ok(const struct fm_snap *s, pid_t pid, pid_t tid)
{
	long task = fm_find_task(s, pid, tid);
	const struct fm_line *t = task < 0 ? NULL : &s->line[task];
	int fds[64], n = 0, fd;
	struct stat st;

	if (!t)
		return false;
	for (fd = 0; fd < 64; fd++)
		if (!fd_stat(pid, tid, fd, &st))
			fds[n++] = fd;
	if (fm_numd(t, "fds") != n ||
	    fm_block_count(s, task, FM_FD) != (size_t)n) {
		tap_diag("tid %d: fds=%s and %zu fd lines, /proc has %d",
			 (int)tid, fm_get(t, "fds"),
			 fm_block_count(s, task, FM_FD), n);
		return false;
	}
	return check_fds(s, pid, tid, fds, n);
}

/* table_refs= is what kcmp counts: the tasks using that table. */
static bool refs_ok(const struct fm_snap *s, pid_t pid, pid_t tid)
{
	const struct fm_line *t = fm_task(s, pid, tid);
	int users = oracle_table_users(tid);

	if (!t || fm_numd(t, "table_refs") != users) {
		tap_diag("tid %d: table_refs=%s, kcmp counts %d", (int)tid,
			 t ? fm_get(t, "table_refs") : "-", users);
		return false;
	}
	return true;
}

int main(void)
{
	const struct fm_line *main_block, *own_block;
	struct fm_snap s;
	pid_t pid;
	int i;

	tap_plan(6);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TAP_REQUIRE(sh != MAP_FAILED && !sem_init(&sh->ready, 1, 0), "mmap");
	pid = spawn_quiet(process, NULL);
	TAP_REQUIRE(pid >= 0, "fork");
	for (i = 0; i < NTHREADS; i++)
		TAP_REQUIRE(!sem_wait(&sh->ready), "threads started");
	TAP_REQUIRE(wait_state(pid, 0, 'Z', DEADLINE_S),
		    "the group leader exits (state Z) while its threads run");

	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	tap_ok(fm_count(&s, FM_TASK, pid) == 2,
	       "two blocks for the process, one per fd table (%zu)",
	       fm_count(&s, FM_TASK, pid));
	main_block = fm_task(&s, pid, sh->tid[0]);
	own_block = fm_task(&s, pid, sh->tid[2]);
	tap_ok(main_block && own_block &&
	       !fm_is(main_block, "table", fm_get(own_block, "table")) &&
	       kcmp_files(sh->tid[0], sh->tid[1]) == 0 &&
	       kcmp_files(sh->tid[2], sh->tid[3]) == 0 &&
	       kcmp_files(sh->tid[0], sh->tid[2]) != 0,
	       "the process's block stands for threads 1 and 2, thread 3's for "
	       "3 and 4 (kcmp agrees)");
	tap_ok(refs_ok(&s, pid, sh->tid[0]) && refs_ok(&s, pid, sh->tid[2]),
	       "table_refs=2 on both, as kcmp counts");
	tap_ok(block_fds_ok(&s, pid, sh->tid[0]) &&
	       block_fds_ok(&s, pid, sh->tid[2]),
	       "each block's fd lines are its threads' fds");
	tap_ok(fm_count(&s, FM_MAP, pid) > 0 &&
	       maps_match(&s, pid, sh->tid[0]),
	       "the process's mappings are listed once, as "
	       "/proc/PID/task/TID/maps has them");
	fm_free(&s);

	TAP_REQUIRE(!fm_snapshot(&s, pid), "filtered read of " FM_PATH);
	tap_ok(fm_count(&s, FM_TASK, pid) == 2 &&
	       fm_task(&s, pid, sh->tid[0]) && fm_task(&s, pid, sh->tid[2]),
	       "the filter \"pid %d\" lists the same two blocks", (int)pid);
	fm_free(&s);
	reap(pid);
	tap_exit();
}
