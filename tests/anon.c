// SPDX-License-Identifier: GPL-2.0
/*
 * Anonymous-inode files: anon= against the name /proc/self/fd gives the
 * file, and every <class>_<key> field against the "key: value" lines of
 * /proc/self/fdinfo, parsed here by the rule of docs/format.md, for one
 * file of each class this kernel lets us make.
 */
#include <ctype.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "crosscheck.h"
#include "oracle.h"
#include "snapshot.h"
#include "tap.h"

/* The classes whose fdinfo state docs/format.md promises. */
static const char *const state_classes[] = {
	"eventfd", "timerfd", "signalfd", "pidfd", "bpf-map", "bpf-prog",
	"io_uring", "userfaultfd", "bpf_link",
};

/* The fields every BPF link has, which is all a netns link shows. */
static const char *const link_common[] = { "link_type", "link_id",
	"prog_tag", "prog_id", NULL };

struct anon_case {
	const char *what;	/* how it was made */
	const char *class;	/* the class expected */
	int fd;
	const char *const *only;	/* the fdinfo keys shown, NULL: all */
};

static bool listed(const char *const *keys, const char *key, size_t len)
{
	for (; *keys; keys++)
		if (strlen(*keys) == len && !strncmp(*keys, key, len))
			return true;
	return false;
}

static bool has_state(const char *class)
{
	size_t i;

	for (i = 0; i < sizeof(state_classes) / sizeof(state_classes[0]); i++)
		if (!strcmp(class, state_classes[i]))
			return true;
	return false;
}

/* The class as readlink shows it: anon_inode:[eventfd] -> eventfd. */
static bool link_class(int fd, char *buf, size_t sz)
{
	static const char prefix[] = "anon_inode:";
	char link[256];
	size_t n;
	char *name;

	if (fd_link(getpid(), 0, fd, link, sizeof(link)) < 0 ||
	    strncmp(link, prefix, sizeof(prefix) - 1))
		return false;
	name = link + sizeof(prefix) - 1;
	n = strlen(name);
	if (n >= 2 && name[0] == '[' && name[n - 1] == ']') {
		name++;
		n -= 2;
	}
	snprintf(buf, sz, "%.*s", (int)n, name);
	return true;
}

/* "<class>_<key>" as the format spells it: lower case, '-' and ' ' -> '_'. */
static void field_name(const char *class, const char *key, size_t klen,
		       char *out, size_t sz)
{
	size_t clen = strlen(class), n = 0, i;

	if (!(klen > clen && !strncmp(key, class, clen) && key[clen] == '-')) {
		for (i = 0; i < clen && n + 1 < sz; i++)
			out[n++] = class[i] == '-' ? '_' : class[i];
		if (n + 1 < sz)
			out[n++] = '_';
	}
	for (i = 0; i < klen && n + 1 < sz; i++)
		out[n++] = (key[i] == '-' || key[i] == ' ') ? '_' :
			   tolower((unsigned char)key[i]);
	out[n] = '\0';
}

/* A value as one word: blank runs -> ',', none after a ','. */
static void field_value(const char *v, size_t n, char *out, size_t sz)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 5 < sz; i++) {
		unsigned char c = v[i];

		if (c == ' ' || c == '\t') {
			if (o && out[o - 1] == ',')
				continue;
			while (i + 1 < n && (v[i + 1] == ' ' || v[i + 1] == '\t'))
				i++;
			c = ',';
		}
		if (c == '\\' || c < 0x21 || c > 0x7e)
			o += snprintf(out + o, sz - o, "\\%03o", c);
		else
			out[o++] = c;
	}
	out[o] = '\0';
}

/* The timerfd's "(sec,nsec)" as nanoseconds, -1 if malformed. */
static long long tspec_ns(const char *v)
{
	long long s, ns;

	if (!v || sscanf(v, "(%lld,%lld)", &s, &ns) != 2)
		return -1;
	return s * 1000000000LL + ns;
}

/*
 * Every key: value line of the fd's fdinfo that show_fdinfo printed
 * (pos, flags, mnt_id and ino are fs/proc/fd.c's) must be on the module's
 * line, with its value; and the line carries no other <class>_ field.
 */
static bool state_agrees(const struct fm_line *l, const struct anon_case *c,
			 int *nfields)
{
	static const char *const generic[] = { "pos", "flags", "mnt_id",
					       "ino", NULL };
	char prefix[64], name[128], want[512], *line, *next, *colon;
	struct fdinfo fi;
	bool ok = true;
	int i, nexp = 0, ngot = 0;

	*nfields = 0;
	field_name(c->class, "", 0, prefix, sizeof(prefix));
	for (i = 0; i < l->nfield; i++)
		ngot += !strncmp(l->field[i].key, prefix, strlen(prefix)) ||
			(!strcmp(c->class, "eventfd") &&
			 !strncmp(l->field[i].key, "eventfd_", 8));
	if (!has_state(c->class)) {
		if (ngot)
			tap_diag("%s: %d state fields for a class without any",
				 c->what, ngot);
		return ngot == 0;
	}
	if (fdinfo_read(getpid(), 0, c->fd, &fi))
		return false;
	for (line = fi.text; line && *line; line = next) {
		const char *got, *v;
		size_t vlen;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		colon = strchr(line, ':');
		if (!isalpha((unsigned char)line[0]) || !colon ||
		    colon[-1] == ' ' ||
		    strspn(line, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ ") !=
		    (size_t)(colon - line))
			continue;
		for (i = 0; generic[i]; i++)
			if ((size_t)(colon - line) == strlen(generic[i]) &&
			    !strncmp(line, generic[i], colon - line))
				break;
		if (generic[i] || (c->only && !listed(c->only, line,
							      colon - line)))
			continue;
		v = colon + 1 + strspn(colon + 1, " \t");
		vlen = strlen(v);
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		if (!vlen)
			continue;
		field_name(c->class, line, colon - line, name, sizeof(name));
		field_value(v, vlen, want, sizeof(want));
		if (!strcmp(name, "eventfd_count"))
			snprintf(want, sizeof(want), "%llu",
				 strtoull(want, NULL, 16));
		nexp++;
		got = fm_get(l, name);
		if (!strcmp(name, "timerfd_it_value")) {
			/* Remaining time: the module read it before fdinfo. */
			long long m = tspec_ns(got), k = tspec_ns(want);

			if (m < k || m > 1000LL * 1000000000LL || k < 0) {
				tap_diag("%s: %s=%s, fdinfo %s later", c->what,
					 name, got ? got : "(none)", want);
				ok = false;
			}
			continue;
		}
		if (!got || strcmp(got, want)) {
			tap_diag("%s: %s=%s, fdinfo says %s", c->what, name,
				 got ? got : "(none)", want);
			ok = false;
		}
	}
	fdinfo_free(&fi);
	if (ngot != nexp) {
		tap_diag("%s: %d state fields, fdinfo has %d", c->what, ngot,
			 nexp);
		ok = false;
	}
	*nfields = ngot;
	return ok;
}

static int bpf_sys(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int make_map(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 4;
	return bpf_sys(BPF_MAP_CREATE, &a);
}

/* A program of @type that returns @ret. */
static int make_prog(enum bpf_prog_type type, enum bpf_attach_type attach,
		     int ret)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = ret },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = type;
	a.expected_attach_type = attach;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = 2;
	a.license = (uintptr_t)"GPL";
	return bpf_sys(BPF_PROG_LOAD, &a);
}

/* A raw tracepoint link: its type's own fdinfo takes no lock. */
static int make_raw_tp_link(void)
{
	int prog = make_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0);
	union bpf_attr a;

	if (prog < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.raw_tracepoint.name = (uintptr_t)"sys_enter";
	a.raw_tracepoint.prog_fd = prog;
	return bpf_sys(BPF_RAW_TRACEPOINT_OPEN, &a);
}

/* An sk_lookup link on our network namespace: its fdinfo takes a mutex. */
static int make_netns_link(void)
{
	int prog = make_prog(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, 1);
	int ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	union bpf_attr a;

	if (prog < 0 || ns < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = prog;
	a.link_create.target_fd = ns;
	a.link_create.attach_type = BPF_SK_LOOKUP;
	return bpf_sys(BPF_LINK_CREATE, &a);
}

/* An io_uring with two registered files. */
static int make_uring(int f1, int f2)
{
	struct io_uring_params p;
	int fds[2] = { f1, f2 }, fd;

	memset(&p, 0, sizeof(p));
	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0)
		return fd;
	if (syscall(__NR_io_uring_register, fd, IORING_REGISTER_FILES, fds, 2)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int make_perf(void)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_CPU_CLOCK;
	a.disabled = 1;
	return syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

int main(void)
{
	struct itimerspec its = { .it_value = { 1000, 0 },
				  .it_interval = { 3, 500000000 } };
	struct anon_case cases[20];
	int n = 0, i, nf = 0, pipefd[2], sem;
	char class[128];
	struct fm_snap s;
	sigset_t mask;
	uint64_t v;

	tap_plan(16);
	TAP_REQUIRE(!pipe(pipefd), "pipe");

	sem = eventfd(5, EFD_SEMAPHORE | EFD_NONBLOCK);
	TAP_REQUIRE(sem >= 0 && read(sem, &v, sizeof(v)) == sizeof(v),
		    "eventfd");
	cases[n++] = (struct anon_case){ "eventfd(5, EFD_SEMAPHORE)",
					 "eventfd", sem, NULL };
	cases[n++] = (struct anon_case){ "epoll_create1", "eventpoll",
					 epoll_create1(0), NULL };
	cases[n] = (struct anon_case){ "timerfd armed, interval 3.5 s",
				       "timerfd",
				       timerfd_create(CLOCK_MONOTONIC, 0), NULL };
	TAP_REQUIRE(cases[n].fd >= 0 &&
		    !timerfd_settime(cases[n].fd, 0, &its, NULL), "timerfd");
	n++;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGWINCH);
	cases[n++] = (struct anon_case){ "signalfd USR1|WINCH", "signalfd",
					 signalfd(-1, &mask, 0), NULL };
	cases[n++] = (struct anon_case){ "pidfd_open(self)", "pidfd",
					 syscall(SYS_pidfd_open, getpid(), 0), NULL };
	cases[n++] = (struct anon_case){ "inotify_init1", "inotify",
					 inotify_init1(0), NULL };
	cases[n++] = (struct anon_case){ "fanotify_init", "fanotify",
					 fanotify_init(FAN_CLASS_NOTIF, O_RDONLY), NULL };
	cases[n++] = (struct anon_case){ "BPF array map", "bpf-map",
					 make_map(), NULL };
	cases[n++] = (struct anon_case){ "BPF socket filter", "bpf-prog",
		make_prog(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0), NULL };
	cases[n++] = (struct anon_case){ "userfaultfd", "userfaultfd",
					 syscall(SYS_userfaultfd, O_CLOEXEC), NULL };
	cases[n++] = (struct anon_case){ "io_uring, 2 registered files",
					 "io_uring",
					 make_uring(pipefd[0], pipefd[1]), NULL };
	cases[n++] = (struct anon_case){ "perf_event_open software clock",
					 "perf_event", make_perf(), NULL };
	cases[n++] = (struct anon_case){ "BPF raw tracepoint link",
					 "bpf_link", make_raw_tp_link(), NULL };
	cases[n++] = (struct anon_case){ "BPF sk_lookup link on a netns, the "
					 "fields every link has", "bpf_link",
					 make_netns_link(), link_common };

	TAP_REQUIRE(!fm_snapshot(&s, getpid()), "read " FM_PATH);
	tap_ok(fm_valid(&s), "our listing passes the strict checker");
	for (i = 0; i < n; i++) {
		const struct anon_case *c = &cases[i];
		const struct fm_line *l;
		bool named, ok;

		if (c->fd < 0) {
			tap_skip("%s: not available here", c->what);
			continue;
		}
		l = fm_fd(&s, getpid(), 0, c->fd);
		named = link_class(c->fd, class, sizeof(class)) &&
			!strcmp(class, c->class);
		ok = l && named && fm_is(l, "type", "anon") &&
		     fm_is(l, "anon", class) && check_fds(&s, getpid(), 0,
							 &c->fd, 1);
		if (!ok)
			tap_diag("%s: anon=%s, /proc/self/fd names %s",
				 c->what, l ? fm_get(l, "anon") : "(no line)",
				 class);
		ok = l && state_agrees(l, c, &nf) && ok;
		tap_ok(ok, "%s: anon=%s and its %d state fields agree with "
		       "readlink and fdinfo", c->what, c->class, nf);
	}

	/* The values the fds were made with, not only what fdinfo repeats. */
	{
		const struct fm_line *t = fm_fd(&s, getpid(), 0, cases[2].fd);
		const struct fm_line *e = fm_fd(&s, getpid(), 0, sem);

		const struct fm_line *sg = fm_fd(&s, getpid(), 0, cases[3].fd);
		const struct fm_line *p = fm_fd(&s, getpid(), 0, cases[4].fd);
		const struct fm_line *u = fm_fd(&s, getpid(), 0, cases[10].fd);
		char pid[24];

		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		/* SIGUSR1 is 10, SIGWINCH 28: bits 9 and 27. */
		tap_ok(t && fm_is(t, "timerfd_it_interval", "(3,500000000)") &&
		       fm_is(t, "timerfd_clockid", "1") &&
		       fm_is(t, "timerfd_ticks", "0") &&
		       fm_is(e, "eventfd_count", "4") &&
		       fm_is(sg, "signalfd_sigmask", "0000000008000200") &&
		       fm_is(p, "pidfd_pid", pid) &&
		       (cases[10].fd < 0 || fm_is(u, "io_uring_userfiles", "2")),
		       "as made: timerfd_it_interval=(3,500000000) "
		       "timerfd_clockid=1 timerfd_ticks=0, eventfd_count=4, "
		       "signalfd_sigmask=0000000008000200, pidfd_pid=%s, "
		       "io_uring_userfiles=2", pid);
	}
	if (getenv("ANON_SHOW"))
		for (i = 0; i < n; i++)
			if (cases[i].fd >= 0)
				tap_diag("%s", fm_fd(&s, getpid(), 0,
						     cases[i].fd)->text);
	fm_free(&s);
	tap_exit();
}
