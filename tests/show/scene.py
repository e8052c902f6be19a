#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A process tree with every kind of sharing `fdmodel show` names: a
dup fan-out, a fork that shares open files, a pipe with unread bytes, a
unix socket pair, an epoll set watching an eventfd (which shares the
epoll file's anonymous inode on 6.1), an inotify instance watching the
scratch directory and a file, a flock lock that the dups and the
child share and a POSIX lock that only the parent holds, and a file kept
open by a mapping only.
Prints "PARENT CHILD FANOUT_FD" and waits until its stdin closes."""
import ctypes
import fcntl
import mmap
import os
import select
import socket
import sys
import tempfile

d = tempfile.mkdtemp()
fan = os.open(os.path.join(d, "fanout.txt"), os.O_RDWR | os.O_CREAT, 0o644)
os.write(fan, b"HelloFromFanout!")
mirrors = [os.dup(fan) for _ in range(3)]
fcntl.flock(fan, fcntl.LOCK_SH)
fcntl.lockf(fan, fcntl.LOCK_EX, 4, 0)
r, w = os.pipe()
os.write(w, b"hello")
a, b = socket.socketpair()
ep = select.epoll()
ep.register(r, select.EPOLLIN)
ep.register(a.fileno(), select.EPOLLIN)
ev = os.eventfd(3)
ep.register(ev, select.EPOLLIN)
libc = ctypes.CDLL(None, use_errno=True)
notify = libc.inotify_init1(0)
IN_MODIFY, IN_CREATE = 0x2, 0x100
assert libc.inotify_add_watch(notify, d.encode(), IN_CREATE) > 0
assert libc.inotify_add_watch(notify, os.path.join(d, "fanout.txt").encode(),
                              IN_MODIFY) > 0
mfd = os.open(os.path.join(d, "mapped"), os.O_RDWR | os.O_CREAT, 0o600)
os.ftruncate(mfd, 4096)
mapping = mmap.mmap(mfd, 4096)
os.close(mfd)

child = os.fork()
if child == 0:
    sys.stdin.read()
    os._exit(0)
print(os.getpid(), child, fan, flush=True)
sys.stdin.read()
os.waitpid(child, 0)
