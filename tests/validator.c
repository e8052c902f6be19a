// SPDX-License-Identifier: GPL-2.0
/*
 * The line checker that every other test (the stress test above all)
 * relies on must be able to fail: feed it the documented examples, which
 * it must accept, and forged or torn outputs, which it must reject. Runs
 * without the module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "tap.h"

#define HDR "# fdmodel 1\n"
#define TASK "task pid=812 tid=812 comm=bash table=3c1f0a9be2d47716 " \
	     "table_refs=1 fds=4 ppid=1 uid=0 euid=0\n"
#define FD3 "fd pid=812 table=3c1f0a9be2d47716 fd=3 cloexec=0 " \
	    "file=9e0d7c21aa3b0f54 pos=16 flags=0100002 mode=rw refs=9 " \
	    "ino=131 dev=0:25 type=reg nlink=1 size=16 perm=0644 "
#define FD4 "fd pid=812 table=3c1f0a9be2d47716 fd=4 cloexec=1 " \
	    "file=51c0e8d2f63a9b17 pos=0 flags=02 mode=rw refs=1 ino=2261 " \
	    "dev=0:13 type=anon nlink=1 size=0 perm=0600 " \
	    "anon=eventpoll path=anon_inode:[eventpoll]\n"
#define SOCK "fd pid=812 table=3c1f0a9be2d47716 fd=5 cloexec=0 " \
	     "file=9e0d7c21aa3b0f54 pos=0 flags=02 mode=rw refs=1 ino=9 " \
	     "dev=0:8 type=sock nlink=1 size=0 perm=0777 "
#define ANON(fd, ino) "fd pid=812 table=3c1f0a9be2d47716 fd=" #fd \
	" cloexec=0 file=51c0e8d2f63a9b1" #fd " pos=0 flags=02 mode=rw " \
	"refs=1 ino=" #ino " dev=0:13 type=anon nlink=1 size=0 perm=0600 "
#define WATCH "watch pid=812 epfd=4 tfd=3 events=0x19 " \
	      "file=9e0d7c21aa3b0f54 ino=131 dev=0:25\n"
#define LOCK "lock pid=812 fd=3 file=9e0d7c21aa3b0f54 kind=posix " \
	     "type=write start=0 end=9 ino=131 dev=0:25\n"
#define MARK "mark pid=812 fd=4 class=inotify wd=1 on=inode ino=2261 " \
	     "dev=0:25 mask=0x300 ignored_mask=0x0\n"
#define MAP "map pid=812 file=9e0d7c21aa3b0f54 start=0x7f3a12000000 " \
	    "end=0x7f3a12001000 prot=rw-s off=0 ino=131 dev=0:25 backing=0 " \
	    "path=/tmp/shared.bin\n"

static const struct {
	const char *name;
	const char *text;
	bool good;
} cases[] = {
	{ "documented example", HDR TASK FD3 "path=/tmp/fanout.txt\n" FD4
	  WATCH MAP, true },
	{ "lock and mark lines as documented", HDR TASK FD3
	  "path=/tmp/fanout.txt\n" LOCK
	  "lock pid=812 fd=3 file=9e0d7c21aa3b0f54 kind=flock type=read "
	  "start=0 end=eof ino=131 dev=0:25\n" FD4 MARK MAP, true },
	{ "a lock's end in hex, as a map's", HDR TASK FD3 "path=/x\n"
	  "lock pid=812 fd=3 file=9e0d7c21aa3b0f54 kind=posix type=write "
	  "start=0 end=0x9 ino=131 dev=0:25\n", false },
	{ "a lock of another fd", HDR TASK FD3 "path=/x\n"
	  "lock pid=812 fd=4 file=9e0d7c21aa3b0f54 kind=ofd type=read "
	  "start=0 end=eof ino=131 dev=0:25\n", false },
	{ "a lock of an unknown kind", HDR TASK FD3 "path=/x\n"
	  "lock pid=812 fd=3 file=9e0d7c21aa3b0f54 kind=fcntl type=read "
	  "start=0 end=eof ino=131 dev=0:25\n", false },
	{ "a mark after a map line", HDR TASK FD4 MAP MARK, false },
	{ "escaped path and comments", HDR "# a comment\n" TASK FD3
	  "path=/tmp/a\\040b\\012c\\134d\n", true },
	{ "new field before path", HDR TASK FD3
	  "later_key=7 path=/x\n", true },
	{ "raw space in path", HDR TASK FD3 "path=/tmp/a b\n", false },
	{ "forged line from a raw newline", HDR TASK FD3
	  "path=/tmp/a\nfd pid=1\n", false },
	{ "missing header", TASK FD3 "path=/x\n", false },
	{ "torn last line", HDR TASK FD3 "path=/x", false },
	{ "unknown kind", HDR TASK "fdx pid=812\n", false },
	{ "id of the wrong width", HDR TASK FD3 "path=/x\n"
	  "map pid=812 file=888003a1b200 start=0x1 end=0x2 prot=r--p "
	  "off=0 ino=1 dev=0:1 path=/x\n", false },
	{ "map range upside down", HDR TASK FD3 "path=/x\n"
	  "map pid=812 file=9e0d7c21aa3b0f54 start=0x2 end=0x1 prot=r--p "
	  "off=0 ino=1 dev=0:1 path=/x\n", false },
	{ "path not last", HDR TASK FD3 "path=/x refs=2\n", false },
	{ "bad escape", HDR TASK FD3 "path=/tmp/\\9\n", false },
	{ "raw backslash", HDR TASK FD3 "path=/tmp/\\\\x\n", false },
	{ "fd line before its task line", HDR FD3 "path=/x\n", false },
	{ "fd line of another pid in a block", HDR TASK
	  "fd pid=813 table=3c1f0a9be2d47716 fd=3 cloexec=0 "
	  "file=9e0d7c21aa3b0f54 pos=0 flags=02 mode=rw refs=1 ino=1 "
	  "dev=0:1 type=reg nlink=1 size=0 perm=0644 path=/x\n", false },
	{ "fds not ascending", HDR TASK FD4 FD3 "path=/x\n", false },
	{ "watch after the wrong fd", HDR TASK FD3 "path=/x\n" WATCH, false },
	{ "flags not octal", HDR TASK
	  "fd pid=812 table=3c1f0a9be2d47716 fd=3 cloexec=0 "
	  "file=9e0d7c21aa3b0f54 pos=0 flags=32770 mode=rw refs=1 ino=1 "
	  "dev=0:1 type=reg nlink=1 size=0 perm=0644 path=/x\n", false },
	{ "pipe without pipe_bytes", HDR TASK
	  "fd pid=812 table=3c1f0a9be2d47716 fd=3 cloexec=0 "
	  "file=9e0d7c21aa3b0f54 pos=0 flags=0 mode=r refs=1 ino=1 "
	  "dev=0:1 type=fifo nlink=1 size=0 perm=0600 pipe_readers=1 "
	  "pipe_writers=1 pipe_size=65536 path=pipe:[1]\n", false },
	{ "pids going down", HDR TASK "task pid=811 tid=811 comm=x "
	  "table=3c1f0a9be2d47716 table_refs=1 fds=0 ppid=1 uid=0 euid=0\n",
	  false },
	{ "task line without euid", HDR "task pid=812 tid=812 comm=bash "
	  "table=3c1f0a9be2d47716 table_refs=1 fds=4 ppid=1 uid=0\n", false },
	{ "inet6 and unix sockets with their names", HDR TASK SOCK
	  "sock_family=inet6 sock_type=stream sock_state=established "
	  "sock_proto=tcp sock_local=[::ffff:127.0.0.1]:8080 "
	  "sock_remote=[::1]:0 sock_rxq=100 sock_txq=0 path=socket:[9]\n"
	  "fd pid=812 table=3c1f0a9be2d47716 fd=6 cloexec=0 "
	  "file=9e0d7c21aa3b0f55 pos=0 flags=02 mode=rw refs=1 ino=10 "
	  "dev=0:8 type=sock nlink=1 size=0 perm=0777 sock_family=unix "
	  "sock_type=dgram sock_state=close peer_ino=0 "
	  "sock_path=@a\\000b\\040c path=socket:[10]\n", true },
	{ "an inet socket without sock_local", HDR TASK SOCK
	  "sock_family=inet sock_type=dgram sock_state=close sock_proto=udp "
	  "sock_remote=0.0.0.0:0 sock_rxq=0 sock_txq=0 path=socket:[9]\n",
	  false },
	{ "an IPv4 address out of range", HDR TASK SOCK
	  "sock_family=inet sock_type=dgram sock_state=close sock_proto=udp "
	  "sock_local=1.2.3.256:53 sock_remote=0.0.0.0:0 sock_rxq=0 "
	  "sock_txq=0 path=socket:[9]\n", false },
	{ "an inet socket with an IPv6 address", HDR TASK SOCK
	  "sock_family=inet sock_type=dgram sock_state=close sock_proto=udp "
	  "sock_local=[::1]:53 sock_remote=0.0.0.0:0 sock_rxq=0 "
	  "sock_txq=0 path=socket:[9]\n", false },
	{ "anon classes with their fdinfo state", HDR TASK
	  ANON(5, 40) "anon=eventfd eventfd_count=4 eventfd_id=2 "
	  "eventfd_semaphore=1 path=anon_inode:[eventfd]\n"
	  ANON(6, 40) "anon=timerfd timerfd_clockid=1 timerfd_ticks=0 "
	  "timerfd_settime_flags=00 timerfd_it_value=(999,12) "
	  "timerfd_it_interval=(3,500000000) path=anon_inode:[timerfd]\n"
	  ANON(7, 40) "anon=bpf-map bpf_map_map_type=2 bpf_map_map_id=9 "
	  "path=anon_inode:bpf-map\n"
	  ANON(8, 41) "anon=seccomp\\040notify "
	  "path=anon_inode:seccomp\\040notify\n", true },
	{ "type=anon without anon=", HDR TASK ANON(6, 40)
	  "path=anon_inode:[timerfd]\n", false },
	{ "anon= on a regular file", HDR TASK FD3 "anon=eventfd path=/x\n",
	  false },
	{ "another class's field", HDR TASK ANON(6, 40) "anon=timerfd "
	  "signalfd_sigmask=0000000000000200 path=anon_inode:[timerfd]\n",
	  false },
	{ "a class field before anon=", HDR TASK ANON(6, 40)
	  "timerfd_ticks=0 anon=timerfd path=anon_inode:[timerfd]\n", false },
	{ "eventfd_count in hex", HDR TASK ANON(5, 40) "anon=eventfd "
	  "eventfd_count=2a path=anon_inode:[eventfd]\n", false },
	{ "a block twice", HDR TASK FD3 "path=/x\n" TASK, false },
	{ "missing key", HDR "task pid=812 tid=812 comm=bash "
	  "table=3c1f0a9be2d47716 fds=4 ppid=1\n", false },
};

#define NCASES ((int)(sizeof(cases) / sizeof(cases[0])))

int main(void)
{
	char msg[512], out[64];
	struct fm_snap s;
	size_t bad;
	int i;

	tap_plan(NCASES + 2);
	for (i = 0; i < NCASES; i++) {
		size_t len = strlen(cases[i].text);
		char *data = malloc(len + 1);

		memcpy(data, cases[i].text, len + 1);
		fm_parse(&s, data, len);
		bad = fm_validate(&s, msg, sizeof(msg));
		tap_ok(!bad == cases[i].good, "checker %s: %s",
		       cases[i].good ? "accepts" : "rejects", cases[i].name);
		if (bad)
			tap_diag("%s", msg);
		fm_free(&s);
	}
	tap_ok(fm_unescape("a\\040b\\011c\\012d\\134e", out, sizeof(out)) == 9 &&
	       !memcmp(out, "a b\tc\nd\\e", 10), "unescape turns \\ooo back into bytes");
	tap_ok(fm_unescape("a\\04", out, sizeof(out)) < 0,
	       "unescape refuses a truncated escape");
	tap_exit();
}
