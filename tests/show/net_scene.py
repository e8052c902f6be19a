#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What lsof's questions need: a TCP listener on 127.0.0.1, a client
connected to it from a child, the accepted socket, and a file both hold
open, which the parent also maps. Prints "PARENT CHILD PORT PATH" and
waits until its stdin closes."""
import mmap
import os
import socket
import sys
import tempfile

fd, path = tempfile.mkstemp()
os.write(fd, b"x" * 4096)
mapping = mmap.mmap(fd, 4096)
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
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
