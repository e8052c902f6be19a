// SPDX-License-Identifier: GPL-2.0
/*
 * Fd tables: clone(CLONE_FILES) makes two processes share one table (both
 * get full blocks with equal table=), threads share their process's table
 * (table_refs counts them) and a thread that unshare(CLONE_FILES)s gets a
 * block of its own. kcmp(KCMP_FILES) is the oracle for "same table".
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

static sem_t ready, finish;
static pid_t loner_tid;
static int loner_fd = -1;

static int sharer(void *arg)
{
	(void)arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;)
		pause();
	return 0;
}

static void *loner(void *arg)
{
	(void)arg;
	loner_tid = syscall(SYS_gettid);
	prctl(PR_SET_NAME, "fdm-loner");
	if (!unshare(CLONE_FILES))
		loner_fd = open("/dev/zero", O_RDONLY);
	sem_post(&ready);
	sem_wait(&finish);
	return NULL;
}

static void *idler(void *arg)
{
	(void)arg;
	sem_post(&ready);
	sem_wait(&finish);
	return NULL;
}

/* table_refs= of a task line equals the kernel's count of sharers? */
static bool refs_ok(const struct fm_line *t, pid_t tid)
{
	int users = oracle_table_users(tid);

	if (!t || fm_numd(t, "table_refs") != users) {
		tap_diag("tid %d: table_refs=%s, kcmp counts %d tasks",
			 (int)tid, t ? fm_get(t, "table_refs") : "-", users);
		return false;
	}
	return true;
}

/* Poll, with a deadline, until @me has one block and table_refs=1. */
static void alone_again(struct fm_snap *s, pid_t me)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	const struct fm_line *t;
	int i;

	for (i = 0; i < 2000; i++) {
		TAP_REQUIRE(!fm_snapshot(s, me), "read " FM_PATH);
		t = fm_task(s, me, 0);
		if (fm_count(s, FM_TASK, me) == 1 && fm_is(t, "table_refs", "1"))
			return;
		fm_free(s);
		nanosleep(&tick, NULL);
	}
	TAP_REQUIRE(!fm_snapshot(s, me), "read " FM_PATH);
}

int main(void)
{
	const struct fm_line *pt, *ct, *lt, *pl, *cl, *tl;
	static char stack[64 * 1024];
	pid_t me = getpid(), child;
	pthread_t th[2];
	struct fm_snap s;
	int fd, fds[1];

	tap_plan(15);
	fflush(NULL);
	child = clone(sharer, stack + sizeof(stack), CLONE_FILES | SIGCHLD,
		      NULL);
	TAP_REQUIRE(child > 0, "clone(CLONE_FILES)");
	/* Opened after the clone: the shared table shows it to both. */
	fd = open("/dev/null", O_RDONLY);
	TAP_REQUIRE(fd >= 0, "open");
	fds[0] = fd;

	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	pt = fm_task(&s, me, 0);
	ct = fm_task(&s, child, 0);
	tap_ok(pt && ct && fm_is(pt, "table", fm_get(ct, "table")) &&
	       kcmp_files(me, child) == 0,
	       "clone(CLONE_FILES): both processes' task lines have one table= "
	       "(kcmp agrees)");
	tap_ok(fm_is(pt, "table_refs", "2") && fm_is(ct, "table_refs", "2") &&
	       refs_ok(pt, me), "table_refs=2 on both");
	pl = fm_fd(&s, me, 0, fd);
	cl = fm_fd(&s, child, 0, fd);
	tap_ok(pl && cl && fm_is(pl, "file", fm_get(cl, "file")) &&
	       check_fds(&s, child, 0, fds, 1),
	       "an fd opened after the clone has a line in both blocks, one file=");
	tap_ok(pl && fm_is(pl, "refs", "1") && oracle_slots(me, fd) == 1,
	       "refs=1: one slot in one (shared) table, as the kernel counts");
	tap_ok(ct && fm_numd(ct, "fds") == proc_fd_count(child, 0) &&
	       fm_numd(pt, "fds") == fm_numd(ct, "fds") &&
	       fm_count(&s, FM_FD, child) == (size_t)fm_numd(ct, "fds"),
	       "both blocks: fds= and fd lines equal /proc/PID/fd (%d)",
	       proc_fd_count(child, 0));
	fm_free(&s);

	/* Threads share the table; an unsharing one leaves it. */
	sem_init(&ready, 0, 0);
	sem_init(&finish, 0, 0);
	TAP_REQUIRE(!pthread_create(&th[0], NULL, idler, NULL), "thread");
	sem_wait(&ready);
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	pt = fm_task(&s, me, 0);
	tap_ok(fm_is(pt, "table_refs", "3") && refs_ok(pt, me),
	       "a thread joins: table_refs=3 (2 processes + 1 thread)");
	tap_ok(fm_count(&s, FM_TASK, 0) == 1,
	       "a thread that shares the table gets no block of its own");
	fm_free(&s);

	TAP_REQUIRE(!pthread_create(&th[1], NULL, loner, NULL), "thread");
	sem_wait(&ready);
	TAP_REQUIRE(loner_fd >= 0, "unshare(CLONE_FILES) and open in the thread");
	TAP_REQUIRE(!fm_snapshot(&s, me), "read " FM_PATH);
	pt = fm_task(&s, me, 0);
	lt = fm_task(&s, me, loner_tid);
	tap_ok(lt && fm_numd(lt, "pid") == me && fm_count(&s, FM_TASK, me) == 2,
	       "the unsharing thread has a task line pid=%d tid=%d of its own, "
	       "in the filtered read", (int)me, (int)loner_tid);
	tap_ok(lt && pt && !fm_is(lt, "table", fm_get(pt, "table")) &&
	       kcmp_files(me, loner_tid) != 0 && refs_ok(lt, loner_tid) &&
	       refs_ok(pt, me),
	       "its table= differs (kcmp agrees); table_refs %s and %s as "
	       "kcmp counts", lt ? fm_get(lt, "table_refs") : "-",
	       pt ? fm_get(pt, "table_refs") : "-");
	tap_ok(lt && fm_fd(&s, me, loner_tid, loner_fd) &&
	       proc_fd_count(me, loner_tid) == fm_numd(lt, "fds") &&
	       fm_block_count(&s, lt - s.line, FM_FD) ==
	       (size_t)fm_numd(lt, "fds"),
	       "its block lists its own fds (fds= and fd lines equal "
	       "/proc/PID/task/TID/fd)");
	fds[0] = loner_fd;
	tl = fm_fd(&s, me, loner_tid, loner_fd);
	tap_ok(tl && check_fds(&s, me, loner_tid, fds, 1) &&
	       !fm_block_has(&s, pt - s.line, "file", fm_get(tl, "file")),
	       "the thread's fd agrees with /proc/PID/task/TID; the main "
	       "block has no line for that file");
	tap_ok(lt && fm_is(lt, "comm", "fdm-loner") && fm_numd(lt, "ppid") ==
	       fm_numd(pt, "ppid"), "the thread block's comm and ppid");
	fm_free(&s);

	sem_post(&finish);
	sem_post(&finish);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	/*
	 * pthread_join() returns when the thread's tid is cleared, which is
	 * before the exiting thread drops its table: wait for the state
	 * asserted below, not for that proxy.
	 */
	alone_again(&s, me);
	pt = fm_task(&s, me, 0);
	tap_ok(fm_count(&s, FM_TASK, me) == 1,
	       "after the thread exits its block is gone");
	tap_ok(fm_is(pt, "table_refs", "1") && refs_ok(pt, me),
	       "alone again: table_refs=1");
	tap_ok(fm_valid(&s),
	       "the listing passes the strict checker");
	fm_free(&s);
	tap_exit();
}
