#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A process tree with every kind of sharing `fdmodel show` names: a
dup fan-out, a fork that shares open files, a pipe with unread bytes, a
unix socket pair, an epoll set watching an eventfd (which shares the
epoll file's anonymous inode on 6.1), a flock lock that the dups and the
child share and a POSIX lock that only the parent holds, and a file kept
open by a mapping only.
Prints "PARENT CHILD FANOUT_FD" and waits until its stdin closes."""
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
