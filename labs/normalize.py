#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make a lab's output the same from run to run: what the kernel picks
anew each time (pids, ids keyed at module load, inode numbers, mapping
addresses, the minor numbers of anonymous devices, major 0, which differ
from kernel to kernel) becomes a name numbered in order of first
appearance: PID1, ID1, INO1, 0:DEV1, 0xADDR; so do a trace row's time and pids (a clone's child
too) and the timings a lab measures (TIME, dur_ns=NS, "T us"). Everything
else, offsets, counts, flags, fd numbers, is left exactly as printed:
that is what the walkthroughs are about.
An id that a --model line says was freed is forgotten: the kernel may make
the next object at the same address, and it gets a name of its own.
The one exception is the offset of the file labs/run collects the output
in (/tmp/lab-NAME.out), which counts the bytes of all those numbers:
"pos OUTPUT", and "offset OUTPUT" in a --model line about its open file
(the lab's stdout, which its traced run inherits).
An exec's "exec mapped open file ID (PATH)" lines say "(PATH)": the model
names the mapped file on some runs and says "(?)" on others.
What a read of a /proc file returns is the kernel's own text, whose size
differs from kernel to kernel (/proc/filesystems): "SIZE"."""
import re
import sys

names = {}
counts = {}


def name(kind, value):
    key = (kind, value)
    if key not in names:
        counts[kind] = counts.get(kind, 0) + 1
        names[key] = f"{kind}{counts[kind]}"
    return names[key]


def forget_ids():
    """A trace comes from a new run of the lab: its objects are new even
    where the kernel reused a freed one's address, and so its id (an id is
    a keyed hash of the address). Numbering goes on, but no value seen
    before the trace names one of its objects."""
    for key in [k for k in names if k[0] == "ID"]:
        del names[key]


def trace_row(m):
    """fdmodel trace's TIME COMM PID TID columns, each as wide as the
    value and padding it replaces, whatever the value's digits."""
    time, comm, pid, tid = m.group(1, 3, 5, 7)
    cols = [("TIME", time + m.group(2)), (comm, comm + m.group(4)),
            (name("PID", pid), pid + m.group(6)),
            (name("PID", tid), tid + m.group(8))]
    return "".join(f"{new:<{max(len(old), len(new) + 1)}}"
                   for new, old in cols)


def ret_pid(m):
    """A clone row's RET is the child's pid, padded like trace_row's."""
    old = m.group(2) + m.group(3)
    new = name("PID", m.group(2))
    return f"{m.group(1)}{new:<{max(len(old), len(new) + 1)}}"


RULES = [
    (re.compile(r"^(\d+\.\d{6})(\s+)(\S+)(\s+)(\d+)(\s+)(\d+)(\s+)"),
     trace_row),
    (re.compile(r"^(TIME\s+\S+\s+PID\d+\s+PID\d+\s+clone3?\s+)"
                r"(\d+)(\s+)"), ret_pid),
    (re.compile(r"\bpid=(\d+)"), lambda m: f"pid={name('PID', m.group(1))}"),
    (re.compile(r"\bchild_(pid|tid)=(\d+)"),
     lambda m: f"child_{m.group(1)}={name('PID', m.group(2))}"),
    (re.compile(r"\bino=(\d+)"), lambda m: f"ino={name('INO', m.group(1))}"),
    (re.compile(r"\bdur_ns=\d+"), lambda m: "dur_ns=NS"),
    (re.compile(r"\b\d+\.\d+ us\b"), lambda m: "T us"),
    (re.compile(r"\b(p?pid|tid) (\d+)"),
     lambda m: f"{m.group(1)} {name('PID', m.group(2))}"),
    (re.compile(r"/proc/(\d+)/"),
     lambda m: f"/proc/{name('PID', m.group(1))}/"),
    (re.compile(r"\b[0-9a-f]{16}\b"), lambda m: name("ID", m.group(0))),
    (re.compile(r"\b(\d+:\d+):(\d+)\b"),
     lambda m: f"{m.group(1)}:{name('INO', m.group(2))}"),
    (re.compile(r"\b0:(\d+)\b"), lambda m: f"0:{name('DEV', m.group(1))}"),
    (re.compile(r"\[(\d+)\]"), lambda m: f"[{name('INO', m.group(1))}]"),
    (re.compile(r"0x[0-9a-f]{6,}"), lambda m: "0xADDR"),
    (re.compile(r"^(\s+exec mapped open file \S+) \(.*\)$"),
     lambda m: f"{m.group(1)} (PATH)"),
]

# A --model line saying an object is gone: the kernel may give its address,
# and so its id, to the next object it makes, which is another object.
FREED = re.compile(r"\b(?:open file|fd table) ([0-9a-f]{16}) freed\b")


def forget_freed(line):
    for value in FREED.findall(line):
        names.pop(("ID", value), None)


OUTPUT_FD = re.compile(r"^  fd \d+ .* /tmp/lab-[\w-]+\.out\b")
PROC_OPEN = re.compile(r"\bfile=([0-9a-f]{16}) .*\bpath=/proc/")
ANY_OPEN = re.compile(r"^\d+\.\d{6}\s+\S+\s+\d+\s+\d+\s+"
                      r"(?:open|openat|openat2|creat)\s.*\bfile=([0-9a-f]{16})")
PROC_READ = re.compile(r"^\d+\.\d{6}\s+\S+\s+\d+\s+\d+\s+read\s+([1-9]\d*)\s"
                       r".*\bfile=([0-9a-f]{16})")
proc_files = set()
proc_sizes = {}


def proc_size(line):
    """A read of a /proc file: its size, where a line about that file says
    how far it read (the read's result, pos_before=, pos_after=, "->").
    Every open starts afresh: the kernel reuses a closed file's address,
    and so its id, for the next open, of another file and size."""
    for file in ANY_OPEN.findall(line):
        proc_files.discard(file)
        proc_sizes.pop(file, None)
    proc_files.update(PROC_OPEN.findall(line))
    m = PROC_READ.match(line)
    if m and m.group(2) in proc_files:
        proc_sizes.setdefault(m.group(2), m.group(1))
    for file, size in proc_sizes.items():
        if file in line:
            line = re.sub(rf"(\sread\s+|pos_before=|pos_after=|-> ){size}\b",
                          r"\1SIZE", line)
    return line


OPEN_FILE = re.compile(r"\bopen file ([0-9a-f]{16})")
output_files = set()
after_output = False
for line in sys.stdin:
    raw = line
    if line.startswith("TIME(s) "):
        forget_ids()
    if after_output:
        line = re.sub(r"\bpos \d+", "pos OUTPUT", line)
        output_files.update(OPEN_FILE.findall(line))
    if output_files.intersection(OPEN_FILE.findall(line)):
        line = re.sub(r"\boffset \d+", "offset OUTPUT", line)
    after_output = bool(OUTPUT_FD.match(line))
    line = proc_size(line)
    for pattern, repl in RULES:
        line = pattern.sub(repl, line)
    forget_freed(raw)
    sys.stdout.write(line)
