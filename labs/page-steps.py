#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""labs/page-steps.py < run.jsonl > steps.jsonl

Chooses what a lab's step-through page shows, from the lab's recorded
`fdmodel trace --model --json` stream (labs/pages), event by event as
recorded (each event carries the model's state after it, so any subset
draws right):
- no dynamic loader: after each exec, a process's events up to the
  munmap of /etc/ld.so.cache, which ld.so makes when it is done loading
  (the exec itself stays);
- no floods: of a run of more than 2 * KEEP events of one call by one
  process (epoll-poll's 20,000 pipe2, fd-exhaustion's opens up to EMFILE),
  the first KEEP and the last KEEP.
Every other line, the model_start and summary ones too, passes as is."""
import json
import sys

KEEP = 4
CACHE = "/etc/ld.so.cache"

loading = set()      # pids between their exec and ld.so's end
cache_file = {}      # pid -> the id of its ld.so.cache open file
run = []             # the current run of one call by one process


def in_loader(event):
    """True for the dynamic loader's events, the last one included."""
    pid = event.get("pid")
    if event.get("type") == "exec" and event.get("ret") == 0:
        loading.add(pid)
        return False
    if pid not in loading:
        return False
    if event.get("path") == CACHE:
        cache_file[pid] = event.get("file")
    if event.get("call") == "munmap" and \
            event.get("file") == cache_file.get(pid):
        loading.discard(pid)
    return True


def flush():
    lines = run if len(run) <= 2 * KEEP else run[:KEEP] + run[-KEEP:]
    sys.stdout.writelines(lines)
    run.clear()


key = None
for line in sys.stdin:
    event = json.loads(line)
    if in_loader(event):
        continue
    this = (event.get("pid"), event.get("call"))
    if this != key or event.get("call") is None:
        flush()
    key = this
    run.append(line)
flush()
