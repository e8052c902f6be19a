// SPDX-License-Identifier: GPL-2.0
/*
 * Task lines: one per process (and per thread with a table of its own),
 * with fds= equal to the entries of /proc/PID/fd, comm= to /proc/PID/comm,
 * ppid= to the PPid of /proc/PID/status and table_refs= to the number of
 * tasks kcmp(KCMP_FILES) finds on the table, uid= and euid= to the real
 * and effective ids of the Uid: line of /proc/PID/status. Exact for processes this test
 * controls; for the rest of the system a disagreement must survive a
 * second, filtered read to count.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "oracle.h"
#include "proc.h"
#include "tap.h"

#define KIDS 3

static void kid_setup(void *arg)
{
	int k = (long)arg, i;
	char name[16];

	snprintf(name, sizeof(name), "fdm-kid-%d", k);
	prctl(PR_SET_NAME, name);
	for (i = 0; i < k * 10; i++)
		open("/dev/null", O_RDONLY);
}

/*
 * /proc/PID/comm shows a kernel thread's full name (and a workqueue
 * worker's current work queue, "kworker/0:1-events"), where the task's
 * comm is cut at 15 bytes: for those, comm= must be a prefix of it.
 */
static bool comm_ok(const struct fm_line *t, pid_t pid, const char *proc)
{
	char comm[64];
	size_t n;

	if (fm_path_is(t, "comm", proc))
		return true;
	if (!is_kthread(pid) || fm_unescape(fm_get(t, "comm") ?: "", comm,
					    sizeof(comm)) < 0)
		return false;
	n = strlen(comm);
	return n && !strncmp(comm, proc, n);
}

/* The real and effective ids of the Uid: line of /proc/PID/status. */
static bool status_uids(pid_t pid, long long *real, long long *eff)
{
	char path[64], buf[4096], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return false;
	p = strstr(buf, "\nUid:");
	return p && sscanf(p + 5, "%lld %lld", real, eff) == 2;
}

static void set_ids(void *arg)
{
	(void)arg;
	if (setresuid(1001, 1002, 0))
		_exit(1);
}

/* A task line against the kernel's per-task files; why says what differs. */
static bool task_ok(const struct fm_line *t, const struct task_list *tl,
		    char *why, size_t sz)
{
	pid_t pid = fm_numd(t, "pid"), tid = fm_numd(t, "tid");
	long ppid = proc_status_num(pid, "PPid");
	int fds = proc_fd_count(pid, tid), users;
	long long uid, euid;
	char comm[64];

	why[0] = '\0';
	if (proc_comm(pid, tid, comm, sizeof(comm)) < 0 || ppid < 0 ||
	    !status_uids(tid, &uid, &euid))
		return true;	/* gone: nothing left to compare with */
	if (fds < 0)
		fds = 0;	/* no table (zombie, exiting) */
	/*
	 * Kernel threads share init_files with swapper (pid 0), which no
	 * /proc entry shows: kcmp cannot count every sharer for them.
	 */
	users = fm_is(t, "table", "-") ? 0 : table_users_in(tl, tid);
	if (is_kthread(pid))
		users = fm_numd(t, "table_refs");
	snprintf(why, sz, "%s%s%s%s%s%s", comm_ok(t, pid, comm) ? "" : " comm",
		 fm_numd(t, "ppid") == ppid ? "" : " ppid",
		 fm_numd(t, "fds") == fds ? "" : " fds",
		 fm_numd(t, "table_refs") == users ? "" : " table_refs",
		 fm_numd(t, "uid") == uid ? "" : " uid",
		 fm_numd(t, "euid") == euid ? "" : " euid");
	return !why[0];
}

/* Zero-entry /proc/PID/fd for a zombie: readdir fails, so count 0. */
static pid_t make_zombie(void)
{
	char path[64], buf[512], *p;
	pid_t pid;
	int i;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 1000; i++) {
		if (read_file(path, buf, sizeof(buf)) > 0) {
			p = strrchr(buf, ')');
			if (p && p[2] == 'Z')
				return pid;
		}
		usleep(10000);
	}
	return -1;
}

/* A grandchild whose parent exited: reparented to us, the subreaper. */
static pid_t make_orphan(void)
{
	pid_t mid, orphan = -1;
	int p[2];

	TAP_REQUIRE(!prctl(PR_SET_CHILD_SUBREAPER, 1) && !pipe(p), "subreaper");
	fflush(NULL);
	mid = fork();
	if (mid == 0) {
		pid_t g = fork();

		if (g == 0) {
			close(p[1]);
			alarm(300);	/* no parent to kill it if we crash */
			for (;;)
				pause();
		}
		write(p[1], &g, sizeof(g));
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &orphan, sizeof(orphan)) != sizeof(orphan))
		orphan = -1;
	close(p[0]);
	waitpid(mid, NULL, 0);
	return orphan;
}

/*
 * @before was listed before the read, @after after it: every process in
 * both must have a task line.
 */
static void whole_system(const struct fm_snap *first,
			 const struct task_list *before,
			 const struct task_list *after)
{
	size_t i, checked = 0, bad = 0, missing = 0;
	char why[128];
	int j, k;

	for (i = 0; i < first->nline; i++) {
		const struct fm_line *t = &first->line[i];
		pid_t pid = fm_numd(t, "pid");
		struct fm_snap again;
		const struct fm_line *t2;

		if (t->kind != FM_TASK || pid == getpid())
			continue;
		checked++;
		if (task_ok(t, after, why, sizeof(why)))
			continue;
		/* A second look, in case the task changed in between. */
		if (fm_snapshot(&again, pid))
			continue;
		t2 = fm_task(&again, pid, fm_numd(t, "tid"));
		if (t2 && !task_ok(t2, after, why, sizeof(why))) {
			tap_diag("\"%s\" disagrees:%s", t2->text, why);
			bad++;
		}
		fm_free(&again);
	}
	tap_ok(checked > 0 && bad == 0,
	       "all %zu task lines of the system agree with /proc (comm, ppid, "
	       "fds, table_refs, uid, euid)", checked);

	for (j = 0; j < before->n; j++) {
		pid_t pid = before->id[j][0];

		if (pid != before->id[j][1] || fm_task(first, pid, 0))
			continue;
		for (k = 0; k < after->n && after->id[k][1] != pid; k++)
			;
		if (k < after->n) {
			tap_diag("pid %d has no task line", (int)pid);
			missing++;
		}
	}
	tap_ok(missing == 0, "every process that lived through the read is listed");
}

int main(void)
{
	const struct fm_line *t;
	pid_t kid[KIDS], zombie, orphan, ids;
	struct task_list pre, tl;
	struct fm_snap s;
	char why[128];
	bool ok = true;
	long k;

	tap_plan(9);
	for (k = 0; k < KIDS; k++) {
		kid[k] = spawn_stopped(kid_setup, (void *)k);
		TAP_REQUIRE(kid[k] > 0, "spawn");
	}
	ids = spawn_stopped(set_ids, NULL);
	TAP_REQUIRE(ids > 0, "spawn a child that setresuid()s");
	zombie = make_zombie();
	orphan = make_orphan();
	TAP_REQUIRE(zombie > 0 && orphan > 0, "zombie and orphan");
	list_tasks(&pre);
	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	list_tasks(&tl);

	for (k = 0; k < KIDS; k++) {
		t = fm_task(&s, kid[k], 0);
		if (!t || !task_ok(t, &tl, why, sizeof(why)) ||
		    fm_numd(t, "ppid") != getpid() ||
		    fm_block_count(&s, t - s.line, FM_FD) !=
		    (size_t)fm_numd(t, "fds")) {
			tap_diag("kid %d: %s:%s", (int)kid[k],
				 t ? t->text : "no task line", why);
			ok = false;
		}
	}
	tap_ok(ok, "%d children: fds=, comm=, ppid=, table_refs= and the number "
	       "of fd lines agree with /proc", KIDS);
	t = fm_task(&s, kid[1], 0);
	tap_ok(t && fm_numd(t, "fds") == fm_numd(fm_task(&s, kid[0], 0), "fds") + 10,
	       "ten more open fds, ten more in fds=");
	t = fm_task(&s, ids, 0);
	{
		long long uid = -1, euid = -1;

		status_uids(ids, &uid, &euid);
		tap_ok(t && uid == 1001 && euid == 1002 &&
		       task_ok(t, &tl, why, sizeof(why)) &&
		       fm_numd(t, "uid") == 1001 && fm_numd(t, "euid") == 1002,
		       "after setresuid(1001, 1002, 0): uid=1001 euid=1002, as "
		       "/proc/PID/status Uid: says (%s)", t ? t->text : "no line");
	}
	t = fm_task(&s, orphan, 0);
	tap_ok(t && task_ok(t, &tl, why, sizeof(why)) &&
	       fm_numd(t, "ppid") == getpid(),
	       "an orphan reparented to this subreaper: ppid=%d",
	       (int)getpid());
	t = fm_task(&s, zombie, 0);
	tap_ok(t && fm_is(t, "table", "-") && fm_numd(t, "fds") == 0 &&
	       fm_block_count(&s, t - s.line, FM_FD) == 0,
	       "a zombie is listed with table=- fds=0 and no fd lines (%s)",
	       t ? t->text : "no task line");
	t = fm_task(&s, getpid(), 0);
	tap_ok(t && fm_numd(t, "tid") == getpid() &&
	       fm_numd(t, "ppid") == getppid(),
	       "this process: tid=pid, ppid=getppid()");
	tap_ok(fm_valid(&s),
	       "the whole listing passes the strict checker");
	whole_system(&s, &pre, &tl);
	free(pre.id);
	free(tl.id);
	fm_free(&s);
	for (k = 0; k < KIDS; k++)
		reap(kid[k]);
	reap(orphan);
	reap(ids);
	waitpid(zombie, NULL, 0);
	tap_exit();
}
