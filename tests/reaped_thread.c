// SPDX-License-Identifier: GPL-2.0
/*
 * A thread with a table of its own (unshare(CLONE_FILES)) that exits and
 * is reaped while a reader stands on its block. The cursor resumes a
 * thread's block from its tid; a tid of 0 names the process's main block.
 * The walk that finds the thread's block must keep the tid it compared,
 * not read it again: read again after the thread is reaped, it is 0, and
 * the reader is sent back to the main block, which it then gets twice
 * ("a block twice" in tests/stress), or it gets a block "tid=0".
 *
 * The process has NUNSHARED such threads, created first so that the walk
 * meets them at the head of the thread list, then NIDLE threads on the
 * process's table, which make the rest of that walk long. A filtered
 * reader on CPU 0 reads a record or so per read(), so each read() walks
 * the threads again. Once it has read an unshared thread's task line, a
 * SCHED_FIFO thread on the same CPU, woken at a random moment, preempts
 * it (on PREEMPT_RT even inside its RCU read section), lets the unshared
 * thread exit on CPU 1 and waits until it is reaped: the reader resumes
 * mid-walk, past the thread's table and before its tid. Every listing
 * must still hold each block once, under its own tid. On 6.1-rt it failed
 * in the first round of each of 6 runs before the fix ("tid=0", or the
 * main block twice). Without in-kernel preemption (Debian's other
 * kernels) the FIFO thread runs only once read() returns, and this is
 * just a race, which 3 runs on 6.1 did not hit.
 */
#include <errno.h>
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
#include <time.h>
#include <unistd.h>

#include "snapshot.h"
#include "proc.h"
#include "tap.h"

#define NUNSHARED	48
#define NIDLE		1500
#define CHUNK		48
#define NEXTRA_FDS	16
#define ROUNDS		8
#define DEADLINE_S	60

struct shared {
	sem_t ready;		/* the process: every thread started */
	sem_t started;		/* an unshared thread: its tid is set */
	volatile int armed;	/* 1 + the unshared thread the reader is on */
	volatile int done;
	sem_t go[NUNSHARED];
	pid_t tid[NUNSHARED];
};

static struct shared *sh;

/* Best effort: on one CPU the test is a plain race. */
static void on_cpu(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *unshared(void *arg)
{
	long i = (long)arg;

	if (unshare(CLONE_FILES))
		_exit(2);
	on_cpu(1);
	sh->tid[i] = syscall(SYS_gettid);
	sem_post(&sh->started);
	while (sem_wait(&sh->go[i]) && errno == EINTR)
		;
	return NULL;
}

static pid_t victim_pid;

/*
 * On the reader's CPU, at a higher priority: when the reader stands on an
 * unshared thread's block, let that thread go at a random moment and hold
 * the CPU until it is reaped.
 */
static void *preempter(void *arg)
{
	struct sched_param sp = { .sched_priority = 50 };
	unsigned int seed = 1;

	(void)arg;
	on_cpu(0);
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	while (!sh->done) {
		struct timespec ts = { 0, 20000 + rand_r(&seed) % 80000 };
		int i = sh->armed - 1;
		struct timespec t0, t;

		nanosleep(&ts, NULL);
		if (i < 0)
			continue;
		sh->armed = 0;
		sem_post(&sh->go[i]);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		do {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (t.tv_sec - t0.tv_sec > 1)
				break;
		} while (!syscall(SYS_tgkill, victim_pid, sh->tid[i], 0));
	}
	return NULL;
}

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int process(void *arg)
{
	pthread_attr_t attr;
	pthread_t t;
	long i;

	(void)arg;
	for (i = 0; i < NEXTRA_FDS; i++)
		if (open("/dev/null", O_RDONLY) < 0)
			return 1;
	if (pthread_attr_init(&attr) ||
	    pthread_attr_setstacksize(&attr, 64 << 10))
		return 1;
	/* The unshared threads first: the head of the thread list. */
	for (i = 0; i < NUNSHARED; i++) {
		if (pthread_create(&t, &attr, unshared, (void *)i))
			return 1;
		while (sem_wait(&sh->started) && errno == EINTR)
			;
	}
	for (i = 0; i < NIDLE; i++)
		if (pthread_create(&t, &attr, idle, NULL))
			return 1;
	sem_post(&sh->ready);
	for (;;)
		pause();
}

static int unshared_index(pid_t tid)
{
	int i;

	for (i = 0; i < NUNSHARED; i++)
		if (sh->tid[i] == tid)
			return i;
	return -1;
}

/*
 * One listing of @pid, a byte per read(); each unshared thread is let go
 * once its task line is read. False, with a message, on a bad listing.
 */
static bool one_round(pid_t pid, char *msg, size_t msgsz)
{
	bool released[NUNSHARED] = { false }, seen[NUNSHARED] = { false };
	bool main_seen = false, ok = true;
	size_t cap = 4 << 20, len = 0, line = 0, l;
	char *data = malloc(cap + 1);
	struct fm_snap s;
	ssize_t n;
	int fd, i;

	fd = fm_open(pid);
	if (fd < 0 || !data) {
		snprintf(msg, msgsz, "open: %s", strerror(fd < 0 ? -fd : ENOMEM));
		free(data);
		if (fd >= 0)
			close(fd);
		return false;
	}
	while (len + CHUNK < cap && (n = read(fd, data + len, CHUNK)) > 0) {
		char *end = data + len + n, *nl;

		len += n;
		data[len] = '\0';
		while ((nl = memchr(data + line, '\n', end - (data + line)))) {
			char *p = data + line;
			long long tid;

			line = nl + 1 - data;
			if (strncmp(p, "task pid=", 9))
				continue;
			p = strstr(p, " tid=");
			if (!p)
				continue;
			tid = strtoll(p + 5, NULL, 10);
			i = unshared_index(tid);
			if (i >= 0 && !released[i]) {
				released[i] = true;
				sh->armed = i + 1;
			}
		}
	}
	sh->armed = 0;
	close(fd);
	fm_parse(&s, data, len);

	for (l = 0; l < s.nline && ok; l++) {
		const struct fm_line *t = &s.line[l];
		long long tid;

		if (t->kind != FM_TASK)
			continue;
		tid = fm_numd(t, "tid");
		i = unshared_index(tid);
		if (tid == pid) {
			ok = !main_seen;
			main_seen = true;
		} else if (i >= 0) {
			ok = !seen[i];
			seen[i] = true;
		} else {
			ok = false;
		}
		if (!ok)
			snprintf(msg, msgsz, "line %zu: %s: \"%s\"", l + 1,
				 i >= 0 || tid == pid ? "a block twice" :
				 "a block under a tid the process never had",
				 t->text);
	}
	if (ok && fm_validate(&s, msg, msgsz))
		ok = false;
	if (ok && !main_seen) {
		snprintf(msg, msgsz, "no main block");
		ok = false;
	}
	fm_free(&s);
	return ok;
}

int main(void)
{
	char msg[600] = "";
	int round, i, bad = 0;
	pthread_t pre;
	time_t start = time(NULL);

	tap_plan(1);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TAP_REQUIRE(sh != MAP_FAILED && !sem_init(&sh->ready, 1, 0) &&
		    !sem_init(&sh->started, 1, 0), "mmap");
	on_cpu(0);
	TAP_REQUIRE(!pthread_create(&pre, NULL, preempter, NULL), "thread");

	for (round = 0; round < ROUNDS && !bad; round++) {
		pid_t pid;

		if (time(NULL) - start > DEADLINE_S)
			break;
		for (i = 0; i < NUNSHARED; i++) {
			TAP_REQUIRE(!sem_init(&sh->go[i], 1, 0), "sem_init");
			sh->tid[i] = 0;
		}
		pid = spawn_quiet(process, NULL);
		victim_pid = pid;
		TAP_REQUIRE(pid > 0, "fork");
		TAP_REQUIRE(!sem_wait(&sh->ready),
			    "%d threads started", NUNSHARED + NIDLE);
		if (!one_round(pid, msg, sizeof(msg))) {
			tap_diag("round %d: %s", round, msg);
			bad++;
		}
		kill(pid, SIGKILL);
		reap(pid);
	}
	sh->done = 1;
	pthread_join(pre, NULL);
	tap_ok(!bad, "a thread reaped under the reader: each block once, "
	       "under its own tid (%d rounds of %d threads)", round,
	       NUNSHARED);
	tap_exit();
}
