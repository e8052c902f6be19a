# SPDX-License-Identifier: GPL-2.0
"""The live model of `fdmodel trace --model`, tested at stop points: a
scenario stops itself (raise(SIGSTOP)) after each change worth a look,
and while it is stopped the test reads the truth through doors that
share no code with fdmodel (/proc/PID/fd, fdinfo for offsets and flags,
kcmp to group fds into open files and tasks into tables, /proc/PID/maps)
and compares it with the `model` snapshot the collector printed at that
stop. With the module loaded, the collector's own model check must also
find 0 differences. Part of trace_test.py's TAP stream."""
import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from tap import ok as tap  # noqa: E402

SYS_KCMP = 312  # x86-64
KCMP_FILE, KCMP_FILES = 0, 2
O_CLOEXEC = 0o2000000
DEADLINE = 60

_libc = ctypes.CDLL(None, use_errno=True)


def kcmp(pid1, pid2, kind, a=0, b=0):
    return _libc.syscall(SYS_KCMP, pid1, pid2, kind, a, b)


def wait_for(cond, timeout=DEADLINE):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() >= end:
            return False
        time.sleep(0.02)
    return True


def stopped(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "T"
    except OSError:
        return False


def fdinfo(pid, fd):
    info, watches = {}, []
    with open(f"/proc/{pid}/fdinfo/{fd}") as f:
        for line in f:
            if line.startswith("tfd:"):
                w = line.split()
                watches.append((int(w[1]), int(w[3], 16)))
            elif ":" in line:
                k, _, v = line.partition(":")
                info[k.strip()] = v.strip()
    return int(info["pos"]), int(info["flags"], 8), watches


def truth(pid):
    """The process as the kernel's doors show it."""
    fds = {}
    for name in os.listdir(f"/proc/{pid}/fd"):
        fd = int(name)
        try:
            st = os.stat(f"/proc/{pid}/fd/{fd}")
            pos, flags, watches = fdinfo(pid, fd)
        except OSError:
            continue
        fds[fd] = {"pos": pos, "flags": flags, "watches": watches,
                   "inode": f"{os.major(st.st_dev)}:{os.minor(st.st_dev)}:"
                            f"{st.st_ino}"}
    maps = set()
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            w = line.split()
            if int(w[4]):
                major, minor = (int(x, 16) for x in w[3].split(":"))
                maps.add(f"{major}:{minor}:{w[4]}")
    return fds, maps


def compare(pid, snap):
    """Differences between the model's snapshot of pid and the kernel."""
    fds, maps = truth(pid)
    bad = []
    task = [t for t in snap["tasks"] if t["pid"] == pid and t["tid"] == pid]
    if len(task) != 1:
        return [f"no task block for pid {pid}"]
    table = [t for t in snap["tables"] if t["id"] == task[0]["table"]][0]
    slots = {s["fd"]: s for s in table["slots"]}
    files = {f["id"]: f for f in snap["files"]}
    if set(slots) != set(fds):
        bad.append(f"fds: model {sorted(slots)}, kernel {sorted(fds)}")
    both = sorted(set(slots) & set(fds))
    for fd in both:
        s, k = slots[fd], fds[fd]
        f = files[s["file"]]
        if s["cloexec"] != bool(k["flags"] & O_CLOEXEC):
            bad.append(f"fd {fd} close-on-exec: model {s['cloexec']}")
        if f["pos"] != k["pos"]:
            bad.append(f"fd {fd} offset: model {f['pos']}, kernel "
                       f"{k['pos']}")
        if int(f["flags"], 8) & ~O_CLOEXEC != k["flags"] & ~O_CLOEXEC:
            bad.append(f"fd {fd} flags: model {f['flags']}, kernel "
                       f"{k['flags']:o}")
        if f["inode"] != k["inode"]:
            bad.append(f"fd {fd} inode: model {f['inode']}, kernel "
                       f"{k['inode']}")
    for i, a in enumerate(both):
        for b in both[i + 1:]:
            same = kcmp(pid, pid, KCMP_FILE, a, b) == 0
            if same != (slots[a]["file"] == slots[b]["file"]):
                bad.append(f"fds {a} and {b}: kcmp says same open file "
                           f"{same}, the model {not same}")
    watches = sorted((w["epfd"], w["tfd"], int(w["events"], 16))
                     for w in snap["watches"] if w["pid"] == pid)
    kwatches = sorted((fd, tfd, ev) for fd in fds
                      for tfd, ev in fds[fd]["watches"])
    if watches != kwatches:
        bad.append(f"watches: model {watches}, kernel {kwatches}")
    mmaps = {m["inode"] for m in snap["maps"] if m["pid"] == pid}
    if mmaps != maps:
        bad.append(f"mapped inodes: model only {sorted(mmaps - maps)}, "
                   f"kernel only {sorted(maps - mmaps)}")
    return bad


class Trace:
    """fdmodel trace --model --json -- CMD, read line by line; with
    attach, CMD is started first (it waits for a byte on stdin) and
    traced with -f -p PID."""

    def __init__(self, fdmodel, cmd, attach=False, opts=()):
        fd, self.facts_path = tempfile.mkstemp(prefix="model-")
        os.close(fd)
        env = dict(os.environ, SCENARIO_OUT=self.facts_path)
        self.scenario = None
        if attach:
            # Its stdout and stderr not the test's: a file others write
            # to moves offsets no traced process moved.
            self.scenario = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                             stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL,
                                             env=env)
            target = ["-f", "-p", str(self.scenario.pid)]
        else:
            target = ["--", *cmd]
        self.p = subprocess.Popen([fdmodel, "trace", "--model", "--json",
                                   *opts, *target], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True,
                                  env=env)
        self.lines = []
        self.buf = b""
        self.eof = False

    def _line(self, end):
        """The next line of output, unbuffered (select sees what is
        left), or None at the deadline or the end."""
        fd = self.p.stdout.fileno()
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if self.eof or left <= 0:
                return None
            if select.select([fd], [], [], min(left, 0.1))[0]:
                chunk = os.read(fd, 65536)
                self.eof = not chunk
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def next(self, want, timeout=DEADLINE):
        """The next line (a dict) for which want(line) holds, or None."""
        end = time.monotonic() + timeout
        while True:
            line = self._line(end)
            if line is None:
                return None
            if line.startswith("{"):
                ev = json.loads(line)
                self.lines.append(ev)
                if want(ev):
                    return ev

    def facts(self):
        out = {}
        with open(self.facts_path) as f:
            for line in f:
                kv = dict(w.split("=", 1) for w in line.split() if "=" in w)
                if "stop" in kv:
                    out.setdefault("stops", []).append(
                        (kv["stop"], int(kv["pid"])))
                else:
                    out.update(kv)
        return out

    def go(self):
        """Let an attached scenario go on, once the trace is ready."""
        ready = any("tracing" in self.p.stderr.readline()
                    for _ in range(3))
        self.scenario.stdin.write(b"g")
        self.scenario.stdin.close()
        return ready

    def finish(self):
        if self.scenario:
            self.scenario.wait(timeout=DEADLINE)
            wait_for(lambda: self.next(lambda e: e.get("type") == "exit" and
                                       e["pid"] == self.scenario.pid, 1))
            self.p.send_signal(signal.SIGINT)
        try:
            out, err = self.p.communicate(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.p.kill()
            out, err = self.p.communicate()
        os.unlink(self.facts_path)
        for line in (self.buf.decode() + out).splitlines():
            if line.startswith("{"):
                self.lines.append(json.loads(line))
        return err


def module_loaded():
    return os.path.exists("/proc/fdmodel_key")


def stop_points(fdmodel, scen, attach):
    """Every stop of the scenario: the model against the kernel."""
    how = "-p PID" if attach else "-- CMD"
    t = Trace(fdmodel, [scen("model_stops")] + (["wait"] if attach else []),
              attach)
    starts = t.next(lambda e: e.get("type") == "model_start", 10)
    want = "fdmodel" if module_loaded() else "procfs"
    tap(starts and starts["source"] == want and (not attach or t.go()),
        f"model {how}: the trace says where the model started ({want})",
        starts)
    seen = {}
    for _ in range(6):
        m = t.next(lambda e: e.get("type") == "model")
        if not m:
            tap(False, "model: a model line at each stop", t.lines[-5:])
            break
        pid = m["pid"]
        name = [s for s, p in t.facts().get("stops", []) if p == pid]
        name = name[-1] if name else "?"
        check = None
        if module_loaded():
            check = t.next(lambda e: e.get("type") == "model_check")
        is_stopped = wait_for(lambda: stopped(pid))
        bad = compare(pid, m["snapshot"]) if is_stopped else ["not stopped"]
        seen[name] = (pid, m["snapshot"])
        tap(is_stopped and not bad and not m["unsure"],
            f"model {how}: at stop '{name}' the model is what the kernel "
            "shows", bad)
        if module_loaded():
            tap(check and check["pid"] == pid and
                check["differences"] == 0,
                f"model {how}: at stop '{name}' the model check finds 0 "
                "differences", check)
        cross_checks(name, pid, m["snapshot"], seen)
        os.kill(pid, signal.SIGCONT)
    err = t.finish()
    summ = [e for e in t.lines if e.get("type") == "summary"]
    tap(t.p.returncode == 0 and summ and summ[0]["model_unsure"] == 0,
        f"model {how}: the trace ends cleanly, no model unsure", err)


def table_of(snap, pid):
    return [t for t in snap["tasks"] if t["tid"] == pid][0]["table"]


def file_at(snap, pid, fd):
    table = table_of(snap, pid)
    slots = [t for t in snap["tables"] if t["id"] == table][0]["slots"]
    return [s["file"] for s in slots if s["fd"] == fd]


def cross_checks(name, pid, snap, seen):
    """What the stops say about each other: ids across processes, joined
    with kcmp across them (the parent waits, unchanged, meanwhile)."""
    if "dup" not in seen:
        return
    ppid, psnap = seen["dup"]
    if name == "fork":
        same = kcmp(pid, ppid, KCMP_FILE, 3, 3) == 0
        mine, theirs = file_at(snap, pid, 3), file_at(psnap, ppid, 3)
        # An id found through /proc is bound when an event names it
        # first: the parent's may have had none yet at its stop.
        bound = theirs and not theirs[0].startswith("?")
        tap(same and (mine == theirs or not bound) and
            table_of(snap, pid) != table_of(psnap, ppid),
            "model: a forked child's copied table holds the parent's open "
            "files (kcmp)", (same, file_at(snap, pid, 3)))
    elif name == "files":
        same = kcmp(pid, ppid, KCMP_FILES) == 0
        tap(same and table_of(snap, pid) == table_of(psnap, ppid),
            "model: a CLONE_FILES child shares its parent's table (kcmp)",
            same)
    elif name == "unshare":
        apart = kcmp(pid, ppid, KCMP_FILES) != 0
        tap(apart and table_of(snap, pid) != table_of(psnap, ppid),
            "model: after unshare(CLONE_FILES) the child's table is its "
            "own (kcmp)", apart)


def lost(fdmodel, scen, small):
    """A collector that falls behind loses events: the models are said
    to be unsure, in the stream and the summary; with the module loaded
    they are read anew (while the process lives: it waits for that)."""
    n = "20000" if small else "200000"
    t = Trace(fdmodel, [scen("flood"), n, "wait"], attach=True,
              opts=("-b", "16"))
    ready = any("tracing" in t.p.stderr.readline() for _ in range(3))
    t.p.send_signal(signal.SIGSTOP)
    t.scenario.stdin.write(b"g")
    t.scenario.stdin.flush()
    flooded = wait_for(lambda: "flooded" in open(t.facts_path).read())
    t.p.send_signal(signal.SIGCONT)
    unsure = t.next(lambda e: e.get("type") == "model_unsure")
    again = (t.next(lambda e: e.get("type") == "model_start")
             if unsure and module_loaded() else None)
    t.scenario.stdin.close()
    err = t.finish()
    summ = [e for e in t.lines if e.get("type") == "summary"]
    tap(ready and flooded and unsure and summ and summ[0]["lost"] > 0,
        "model: lost events mark the models unsure in the stream",
        (unsure, summ, err))
    if module_loaded():
        tap(again and again["source"] == "fdmodel" and
            summ[0]["model_resyncs"] >= 1,
            "model: after a loss the model is read anew from /proc/fdmodel",
            (again, summ))
    else:
        tap(summ and summ[0]["model_unsure"] >= 1 and
            "model_unsure=" in err,
            "model: without the module the model stays unsure, said in "
            "the summary", err)


def unseen(fdmodel, scen):
    """What no event traces (sendfile moves the offset) makes the model
    wrong: the test's own doors, and with the module the model check,
    must both say so, never agree with it."""
    t = Trace(fdmodel, [scen("model_unseen")])
    m = t.next(lambda e: e.get("type") == "model")
    check = (t.next(lambda e: e.get("type") == "model_check")
             if m and module_loaded() else None)
    pid = m["pid"] if m else None
    is_stopped = m and wait_for(lambda: stopped(pid))
    bad = compare(pid, m["snapshot"]) if is_stopped else ["no stop"]
    tap(any("offset" in b for b in bad),
        "model: a change no event shows (sendfile's offset) is caught by "
        "the kernel's doors", bad)
    if module_loaded():
        tap(check and check["differences"] >= 1 and
            any("offset" in d for d in check["diffs"]),
            "model: the model check reports the offset sendfile moved",
            check)
    if pid:
        os.kill(pid, signal.SIGCONT)
    t.finish()


def usr1(fdmodel, scen):
    """SIGUSR1 to the collector prints the model of every process, here
    one blocked in read(): the model as the kernel shows it."""
    t = Trace(fdmodel, [scen("model_stops"), "wait"], attach=True)
    ready = any("tracing" in t.p.stderr.readline() for _ in range(3))
    pid = t.scenario.pid
    blocked = wait_for(lambda: open(f"/proc/{pid}/wchan").read() != "0")
    t.p.send_signal(signal.SIGUSR1)
    m = t.next(lambda e: e.get("type") == "model" and e["pid"] == pid)
    bad = compare(pid, m["snapshot"]) if m else ["no model line"]
    tap(ready and blocked and not bad,
        "model: SIGUSR1 prints the model, what the kernel shows", bad)
    t.scenario.kill()
    t.scenario.wait()
    t.p.send_signal(signal.SIGINT)
    t.finish()


def text(fdmodel, scen):
    """Text mode: the changes under the event that made them, and at a
    stop show's default view of the process."""
    with tempfile.NamedTemporaryFile(prefix="scen-") as facts:
        p = subprocess.Popen([fdmodel, "trace", "--model", "--",
                              scen("model_unseen")], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True,
                             env=dict(os.environ, SCENARIO_OUT=facts.name))
        pid = None
        if wait_for(lambda: "stop=" in open(facts.name).read()):
            pid = int(open(facts.name).read().split("pid=")[1].split()[0])
        if pid and wait_for(lambda: stopped(pid)):
            os.kill(pid, signal.SIGCONT)
        out, _ = p.communicate(timeout=DEADLINE)
    lines = out.splitlines()
    opened = [i for i, l in enumerate(lines) if " openat " in l and
              "fdmodel-unseen" in l]
    under = (opened and opened[0] + 1 < len(lines) and
             lines[opened[0] + 1].startswith("            fd 3 -> open "
                                             "file "))
    view = [l for l in lines if l.startswith(f"pid {pid} model_unseen ")]
    tap(under and view and any(l.startswith("  fd 3 ") for l in lines),
        "model: text mode says the change under its event, and prints "
        "show's view at the stop", out[-2000:])
    if module_loaded():
        check = [l for l in lines if l.startswith(f"model check pid={pid}: ")]
        diffs = [l for l in lines if l.startswith("  difference: ")]
        tap(len(check) == 1 and check[0].endswith(" differences") and
            not check[0].endswith(" 0 differences") and
            any("offset" in d for d in diffs),
            "model: text mode's model check line and its differences",
            check + diffs)


# The event scenarios of trace_test.py, each under --model as well.
SCENARIOS = ("dup_variants", "forks", "opens", "tables", "write_variants",
             "seek_variants", "flags_variants", "watch_variants",
             "map_variants")


def coherent(fdmodel, scen):
    """Every event of every call variant fits the model: none finds a
    slot, table or offset other than the model has (a missed change),
    so no process ends unsure (the exec of a CLONE_FILES child, whose
    image event comes before its exec event, once did)."""
    for name in SCENARIOS:
        with tempfile.NamedTemporaryFile(prefix="scen-") as facts:
            p = subprocess.run([fdmodel, "trace", "--model", "--json", "--",
                                scen(name)], capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, timeout=DEADLINE,
                               env=dict(os.environ,
                                        SCENARIO_OUT=facts.name))
        evs = [json.loads(x) for x in p.stdout.splitlines()
               if x.startswith("{")]
        missed = [n for e in evs for n in e.get("model", [])
                  if "missed a change" in n]
        summ = [e for e in evs if e.get("type") == "summary"]
        tap(p.returncode == 0 and not missed and summ and
            summ[0]["model_unsure"] == 0 and summ[0]["lost"] == 0,
            f"model: every event of {name} fits the model", missed[:5])


def tests(fdmodel, scen, small):
    return [lambda: stop_points(fdmodel, scen, False),
            lambda: stop_points(fdmodel, scen, True),
            lambda: unseen(fdmodel, scen),
            lambda: usr1(fdmodel, scen),
            lambda: text(fdmodel, scen),
            lambda: coherent(fdmodel, scen),
            lambda: lost(fdmodel, scen, small)]


if __name__ == "__main__":
    # Alone: model_test.py FDMODEL SCENARIO_DIR [--small]
    from tap import start, run, done
    start()
    run(tests(sys.argv[1], lambda n: os.path.join(sys.argv[2], n),
              "--small" in sys.argv))
    sys.exit(done())
