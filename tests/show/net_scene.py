#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What lsof's questions need: a TCP listener on 127.0.0.1, a client
connected to it from a child, the accepted socket, and a file both hold
open, which the parent also maps. Prints "PARENT CHILD PORT PATH" and
waits until its stdin closes."""
import fcntl
import mmap
import os
import socket
import struct
import sys
import tempfile

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def loopback_up():
    """The lab VM boots with lo down, as tests/sockets.c knows too."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sh22x", b"lo", 0)
        flags = struct.unpack("16sh22x",
                              fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
        if not flags & IFF_UP:
            fcntl.ioctl(s, SIOCSIFFLAGS,
                        struct.pack("16sh22x", b"lo", flags | IFF_UP))


loopback_up()
fd, path = tempfile.mkstemp()
os.write(fd, b"x" * 4096)
mapping = mmap.mmap(fd, 4096)
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
listener.settimeout(30)
port = listener.getsockname()[1]
child = os.fork()
if child == 0:
    listener.close()
    client = socket.create_connection(("127.0.0.1", port))
    sys.stdin.read()
    os._exit(0)
conn, _ = listener.accept()
print(os.getpid(), child, port, path, flush=True)
sys.stdin.read()
os.waitpid(child, 0)
os.unlink(path)
