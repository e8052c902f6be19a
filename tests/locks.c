// SPDX-License-Identifier: GPL-2.0
/*
 * lock lines against the kernel's two other doors to file locks:
 * /proc/locks (every lock once, with the pid it names and the inode) and
 * the "lock:" lines of /proc/PID/fdinfo/N (the locks that slot holds).
 * One file per kind: POSIX record locks, flock, OFD locks and a lease,
 * through dups, a fork and closes, which is seed 000's claim ("all dups
 * share lock state") taken apart: flock and OFD locks belong to the open
 * file and survive any close but the last; POSIX locks belong to the
 * process and go with the close of any of its fds on the file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oracle.h"
#include "proc.h"
#include "snapshot.h"
#include "tap.h"

#define MAX_LOCKS	32
#define MANY		100

/* One lock, as either door shows it. end is -1 for "to the end of file". */
struct lk {
	char kind[16];
	char type[16];
	long long start, end;
	unsigned long ino;
	pid_t pid;	/* /proc/locks: the pid it names; ours: the block */
	int fd;		/* ours: the slot it is listed under */
};

struct lockset {
	struct lk v[MAX_LOCKS];
	int n;
};

/* The four files, one per kind, and their inodes. */
static unsigned long inos[4];

static bool ours(unsigned long ino)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (inos[i] == ino)
			return true;
	return false;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s;
}

/*
 * "FLOCK  ADVISORY  WRITE 123 00:1a:1234 0 EOF" (after "N: "), as
 * lock_get_status() prints it in /proc/locks and fdinfo's lock: lines.
 * Leases have "LEASE  ACTIVE    READ ...". False for other inodes and
 * for blocked requests ("-> ").
 */
static bool parse_status(const char *s, struct lk *out)
{
	char kind[16], word[16], type[16], end[24];
	unsigned int maj, min;
	int pid;

	s = strchr(s, ':');
	if (!s || strstr(s, "->"))
		return false;
	if (sscanf(s + 1, "%15s %15s %15s %d %x:%x:%lu %lld %23s", kind, word,
		   type, &pid, &maj, &min, &out->ino, &out->start, end) != 9)
		return false;
	if (!ours(out->ino))
		return false;
	if (!strcmp(kind, "OFDLCK"))
		strcpy(kind, "OFD");
	lower(kind);
	lower(type);
	snprintf(out->kind, sizeof(out->kind), "%s", kind);
	snprintf(out->type, sizeof(out->type), "%s", type);
	out->end = strcmp(end, "EOF") ? atoll(end) : -1;
	out->pid = pid;
	out->fd = -1;
	return true;
}

static void kernel_locks(struct lockset *ks)
{
	char line[256];
	FILE *f = fopen("/proc/locks", "r");

	ks->n = 0;
	TAP_REQUIRE(f, "open /proc/locks");
	while (fgets(line, sizeof(line), f))
		if (ks->n < MAX_LOCKS && parse_status(line, &ks->v[ks->n]))
			ks->n++;
	fclose(f);
}

/* The lock lines of the whole listing on our files. */
static void model_locks(const struct fm_snap *s, struct lockset *ms)
{
	size_t i;

	ms->n = 0;
	for (i = 0; i < s->nline && ms->n < MAX_LOCKS; i++) {
		const struct fm_line *l = &s->line[i];
		struct lk *k = &ms->v[ms->n];
		const char *end = fm_get(l, "end");

		if (l->kind != FM_LOCK || !ours(fm_numd(l, "ino")))
			continue;
		snprintf(k->kind, sizeof(k->kind), "%s", fm_get(l, "kind"));
		snprintf(k->type, sizeof(k->type), "%s", fm_get(l, "type"));
		k->start = fm_numd(l, "start");
		k->end = strcmp(end, "eof") ? atoll(end) : -1;
		k->ino = fm_numd(l, "ino");
		k->pid = fm_numd(l, "pid");
		k->fd = fm_numd(l, "fd");
		ms->n++;
	}
}

static bool same_lock(const struct lk *a, const struct lk *b)
{
	return !strcmp(a->kind, b->kind) && !strcmp(a->type, b->type) &&
	       a->start == b->start && a->end == b->end && a->ino == b->ino;
}

/* Each of @a matched by a different one of @b, and as many of each. */
static bool same_set(const struct lockset *a, const struct lockset *b)
{
	bool used[MAX_LOCKS] = { false };
	int i, j;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (!used[j] && same_lock(&a->v[i], &b->v[j]))
				break;
		if (j == b->n)
			return false;
		used[j] = true;
	}
	return true;
}

/* The slot a lock line is listed under holds that lock, says its fdinfo. */
static bool in_fdinfo(const struct lk *k)
{
	struct fdinfo fi;
	const char *p;
	struct lk f;
	bool found = false;

	if (fdinfo_read(k->pid, 0, k->fd, &fi))
		return false;
	for (p = fi.text; (p = strstr(p, "lock:")) && !found; p++)
		found = parse_status(p + 5, &f) && same_lock(&f, k);
	fdinfo_free(&fi);
	return found;
}

static void dump(const char *who, const struct lockset *ls)
{
	int i;

	for (i = 0; i < ls->n; i++)
		tap_diag("%s: %s %s %lld..%lld ino=%lu pid=%d fd=%d", who,
			 ls->v[i].kind, ls->v[i].type, ls->v[i].start,
			 ls->v[i].end, ls->v[i].ino, ls->v[i].pid,
			 ls->v[i].fd);
}

/*
 * One whole listing against both doors: its lock lines on our files are
 * /proc/locks' locks on them, each once, and fdinfo of each line's slot
 * has it. Leaves the model's locks in @ms for the caller's own checks.
 */
static void check(const char *what, struct lockset *ms, int want)
{
	struct lockset ks;
	struct fm_snap s;
	char msg[512];
	bool slots = true;
	int i;

	TAP_REQUIRE(!fm_snapshot(&s, 0), "read " FM_PATH);
	tap_ok(fm_validate(&s, msg, sizeof(msg)) == 0, "%s: the listing is "
	       "valid%s%s", what, msg[0] ? ": " : "", msg);
	kernel_locks(&ks);
	model_locks(&s, ms);
	fm_free(&s);
	if (!tap_ok(ks.n == want && same_set(ms, &ks),
		    "%s: %d lock lines, each a lock of /proc/locks (%d), "
		    "each once", what, ms->n, ks.n)) {
		dump("fdmodel", ms);
		dump("/proc/locks", &ks);
	}
	for (i = 0; i < ms->n; i++)
		slots &= in_fdinfo(&ms->v[i]);
	tap_ok(slots && ms->n, "%s: the fdinfo of each line's slot lists its "
	       "lock", what);
}

/* The lock of @ms of @kind on @ino, or NULL. */
static const struct lk *find(const struct lockset *ms, const char *kind,
			     unsigned long ino)
{
	int i;

	for (i = 0; i < ms->n; i++)
		if (!strcmp(ms->v[i].kind, kind) && ms->v[i].ino == ino)
			return &ms->v[i];
	return NULL;
}

static int setlk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

static int open_file(const char *dir, const char *name, int flags,
		     unsigned long *ino)
{
	char path[128];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, flags | O_CREAT, 0644);
	TAP_REQUIRE(fd >= 0 && !fstat(fd, &st), "open %s", path);
	if (ino)
		*ino = st.st_ino;
	return fd;
}

/*
 * More locks on one slot than the module loads at a time, read back 64
 * bytes a read, so the walk resumes inside them: each listed once.
 */
static void many_locks(const char *dir)
{
	unsigned long ino;
	int fd = open_file(dir, "many", O_RDWR, &ino), mfd, i, n = 0, bad = 0;
	bool seen[MANY] = { false };
	struct fm_snap s;
	char *data;
	size_t len, j;

	for (i = 0; i < MANY; i++)
		TAP_REQUIRE(!setlk(fd, F_SETLK, F_WRLCK, 2 * i, 1), "lock %d", i);
	mfd = fm_open(getpid());
	TAP_REQUIRE(mfd >= 0 && fm_slurp(mfd, 64, &data, &len) >= 0,
		    "read " FM_PATH " 64 bytes at a time");
	close(mfd);
	fm_parse(&s, data, len);
	for (j = 0; j < s.nline; j++) {
		const struct fm_line *l = &s.line[j];
		long long start = fm_numd(l, "start");

		if (l->kind != FM_LOCK || fm_numd(l, "ino") != (long long)ino)
			continue;
		n++;
		if (start % 2 || start / 2 >= MANY || seen[start / 2] ||
		    fm_numd(l, "end") != start || fm_numd(l, "fd") != fd)
			bad++;
		else
			seen[start / 2] = true;
	}
	fm_free(&s);
	tap_ok(n == MANY && !bad, "%d POSIX locks on one slot, read 64 bytes "
	       "at a time: %d lock lines, %d not one of them or twice", MANY,
	       n, bad);
	close(fd);
}

int main(void)
{
	int px, px2, fl, fl2, ofd, ofd2, lease, fd;
	const struct lk *k;
	struct lockset ms;
	char *dir = make_tmpdir();
	pid_t me = getpid(), child;

	tap_plan(22);
	TAP_REQUIRE(dir, "scratch directory");
	px = open_file(dir, "posix", O_RDWR, &inos[0]);
	fl = open_file(dir, "flock", O_RDWR, &inos[1]);
	ofd = open_file(dir, "ofd", O_RDWR, &inos[2]);
	lease = open_file(dir, "lease", O_RDONLY, &inos[3]);

	/* Two POSIX locks, write 0..9 and read from 20 to the end. */
	TAP_REQUIRE(!setlk(px, F_SETLK, F_WRLCK, 0, 10) &&
		    !setlk(px, F_SETLK, F_RDLCK, 20, 0), "POSIX locks");
	TAP_REQUIRE(!flock(fl, LOCK_EX), "flock");
	TAP_REQUIRE(!setlk(ofd, F_OFD_SETLK, F_RDLCK, 5, 10), "OFD lock");
	TAP_REQUIRE(!fcntl(lease, F_SETLEASE, F_RDLCK), "read lease");
	/* Each file's lock now has a second slot: the dups. */
	px2 = dup(px);
	fl2 = dup(fl);
	ofd2 = dup(ofd);
	TAP_REQUIRE(px2 >= 0 && fl2 >= 0 && ofd2 >= 0, "dups");
	check("five locks, three of them dup'd", &ms, 5);
	k = find(&ms, "posix", inos[0]);
	tap_ok(k && k->pid == me && k->fd == px,
	       "a POSIX lock is listed under the owner's first slot on it");
	k = find(&ms, "flock", inos[1]);
	tap_ok(k && k->pid == me && k->fd == fl,
	       "the flock lock under the first of its open file's slots");

	/* A child shares every open file, and so their flock and OFD locks. */
	child = spawn_stopped(NULL, NULL);
	TAP_REQUIRE(child > 0, "fork");
	check("after fork", &ms, 5);
	k = find(&ms, "flock", inos[1]);
	tap_ok(k && k->pid == me,
	       "the flock lock shared with the child is listed once");

	/* The parent's slots go; the child's hold the open file and its lock. */
	TAP_REQUIRE(!close(fl) && !close(fl2), "close the flock file");
	check("the flock file closed in the parent", &ms, 5);
	k = find(&ms, "flock", inos[1]);
	tap_ok(k && k->pid == child && k->fd == fl,
	       "the flock lock is now listed under the child's slot");

	/* Another open of the OFD file, closed: the OFD lock stays. */
	fd = open_file(dir, "ofd", O_RDWR, NULL);
	TAP_REQUIRE(!close(fd) && !close(ofd2), "close another open and a dup");
	check("another open and a dup of the OFD file closed", &ms, 5);
	tap_ok(find(&ms, "ofd", inos[2]) != NULL,
	       "an OFD lock survives the close of a dup and of another open");

	/* Closing any fd of the file drops the process's POSIX locks. */
	fd = open_file(dir, "posix", O_RDWR, NULL);
	TAP_REQUIRE(!close(fd), "close another open of the POSIX file");
	check("another open of the POSIX file closed", &ms, 3);
	tap_ok(!find(&ms, "posix", inos[0]),
	       "the POSIX locks went with it, though px and its dup are open");
	reap(child);
	many_locks(dir);
	close(px);
	close(px2);
	close(ofd);
	close(lease);
	remove_tree(dir);
	tap_exit();
}
