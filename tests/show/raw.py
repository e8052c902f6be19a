# SPDX-License-Identifier: GPL-2.0
"""The raw /proc/fdmodel, parsed independently of the C code of
`fdmodel show`: the reference the views are checked against."""
import os
import re

ESC = re.compile(r"\\([0-7]{3})")


def unescape(s):
    return ESC.sub(lambda m: chr(int(m.group(1), 8)), s)


def read(pids=()):
    """The snapshot text, one filtered read per pid when pids are given."""
    if not pids:
        with open("/proc/fdmodel") as f:
            return f.read()
    out = []
    for pid in sorted(set(pids)):
        fd = os.open("/proc/fdmodel", os.O_RDWR)
        try:
            os.write(fd, f"pid {pid}\n".encode())
            chunks = []
            while True:
                b = os.read(fd, 1 << 16)
                if not b:
                    break
                chunks.append(b)
        finally:
            os.close(fd)
        text = b"".join(chunks).decode()
        out.append(text if not out else text.split("\n", 1)[1])
    return "".join(out)


class Snap:
    """Records of one snapshot: tasks, fds, watches, maps (dicts)."""

    def __init__(self, text):
        self.tasks, self.fds, self.watches, self.maps = [], [], [], []
        self.marks, self.locks = [], []
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            kind, *fields = line.split(" ")
            rec = dict(f.split("=", 1) for f in fields if "=" in f)
            {"task": self.tasks, "fd": self.fds, "watch": self.watches,
             "map": self.maps, "mark": self.marks,
             "lock": self.locks}.get(kind, []).append(rec)

    def slots(self):
        """(table, fd) -> file: every slot once, however many tasks
        share its table."""
        return {(r["table"], int(r["fd"])): r["file"] for r in self.fds}

    def files(self):
        """file id -> inode key, from fd and map lines."""
        return {r["file"]: f"{r['dev']}:{r['ino']}"
                for r in self.fds + self.maps}

    def inodes(self):
        return {f"{r['dev']}:{r['ino']}" for r in self.fds + self.maps}
