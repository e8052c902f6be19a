#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The trace tests: run the scenarios under `fdmodel trace` and assert the
exact events they produce. TAP (kselftest style) on stdout.

usage: trace_test.py FDMODEL SCENARIO_DIR [--small] [--no-model]

--small shrinks the loads for the lab VM (TCG is slow); --no-model leaves
out the live model's tests (model_test.py), which the VM runs as a test
program of their own.
"""
import contextlib
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from tap import ok as tap, skip, start, run, done  # noqa: E402
import model_test  # noqa: E402

FDMODEL, SCEN = sys.argv[1], sys.argv[2]
SMALL = "--small" in sys.argv
MODEL = "--no-model" not in sys.argv
OUR_PROGS = ("sys_enter", "sys_exit", "fork_newtask", "task_exit",
             "exec_done", "open_other_inst", "stop_deliver",
             "image_exec")
# Each call's fentry and fexit programs, where the kernel allows them.
OUR_CALL_PROGS = re.compile(r" name (fentry|fexit)_[A-Z0-9_]+ ")


def scen(name):
    return os.path.join(SCEN, name)


def facts(path):
    """key=value lines a scenario wrote to $SCENARIO_OUT; the lines that
    start with "rec " are also kept whole, each a dict, in "recs" (a
    path= field is the rest of its line)."""
    out, lines, recs = {}, [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("fdmodel: "):
                lines.append(line[len("fdmodel: "):])
                continue
            if line.startswith("rec "):
                head, _, rest = line[4:].partition(" path=")
                rec = dict(kv.partition("=")[::2] for kv in head.split())
                if _:
                    rec["path"] = rest
                recs.append(rec)
                continue
            for kv in line.split():
                k, _, v = kv.partition("=")
                out[k] = v
                out.setdefault(k + "_all", []).append(v)
    out["fdmodel_lines"] = lines
    out["recs"] = recs
    return out


def events(text):
    evs = []
    for line in text.splitlines():
        if line.startswith("{"):
            evs.append(json.loads(line))
    return evs


def trace_cmd(cmd, opts=(), timeout=120):
    """fdmodel trace --json OPTS -- CMD; returns (events, facts, proc)."""
    with tempfile.NamedTemporaryFile(prefix="scen-", delete=False) as f:
        path = f.name
    env = dict(os.environ, SCENARIO_OUT=path)
    p = subprocess.run([FDMODEL, "trace", "--json", *opts, "--", *cmd],
                       capture_output=True, text=True, env=env,
                       timeout=timeout)
    fx = facts(path)
    os.unlink(path)
    return events(p.stdout), fx, p


def of(evs, **kw):
    return [e for e in evs if all(e.get(k) == v for k, v in kw.items())]


def our_progs():
    p = subprocess.run(["bpftool", "prog", "show"], capture_output=True,
                       text=True)
    return [l for l in p.stdout.splitlines()
            if any(f" name {n} " in l + " " for n in OUR_PROGS) or
            OUR_CALL_PROGS.search(l + " ")]


def module_key():
    return os.path.exists("/proc/fdmodel_key")


def wait_ready(proc, timeout=30):
    """Read the collector's stderr until it says it is tracing."""
    end = time.time() + timeout
    seen = []
    while time.time() < end:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if "tracing" in line:
            return True
    print("# collector said: " + "".join(seen).strip(), flush=True)
    return False


def test_siphash():
    p = subprocess.run([scen("siphash_test")], capture_output=True,
                       text=True)
    tap(p.returncode == 0, "siphash: SipHash-2-4 reference vector",
        p.stdout)


def test_fanout():
    evs, fx, p = trace_cmd([scen("dup_fanout")])
    base = int(fx["base"])
    dups = of(evs, type="dup", call="dup", oldfd=base)
    reads = of(evs, type="read", call="read")
    base_file = dups[0]["file"] if dups else None
    tap(len(dups) == 8 and all(d["file"] == base_file and d["ret"] >= 0
                               for d in dups),
        "fanout: eight dup events from the base fd, one file id", dups)
    reads = of(reads, file=base_file)
    mirrors = [r for r in reads if r["fd"] in [d["newfd"] for d in dups]]
    tap(len(mirrors) == 8 and all(
        r["ret"] == 0 and r["pos_before"] == 16 and r["pos_after"] == 16
        and r["file"] == base_file for r in mirrors),
        "fanout: every mirror reads 0 bytes at position 16", mirrors)
    last = [r for r in reads if r["fd"] == base]
    tap(len(last) == 1 and last[0]["ret"] == 15 and
        last[0]["pos_before"] == 0 and last[0]["pos_after"] == 15 and
        last[0]["count"] == 15,
        "fanout: after lseek the base reads 15 bytes from 0", last)
    if not fx["fdmodel_lines"] or not module_key():
        skip("fanout: file ids match /proc/fdmodel", "module not loaded")
        return
    ids = {l.split(" fd=")[1].split()[0]: l.split(" file=")[1].split()[0]
           for l in fx["fdmodel_lines"] if l.startswith("fd ")}
    fds = [base] + [d["newfd"] for d in dups]
    tap(all(ids.get(str(fd)) == base_file for fd in fds),
        "fanout: file ids match /proc/fdmodel", (base_file, ids))


def test_fork_offset():
    evs_all, fx, p = trace_cmd([scen("fork_offset")])
    evs = evs_all
    fd, child, ino = int(fx["fd"]), int(fx["child"]), int(fx["ino"])
    evs = of(evs, type="read", fd=fd, ino=ino)
    par = of(evs, call="read", pid=p_pid(evs_all, child))
    pre = of(evs, call="pread64")
    kid = of(evs, call="read", pid=child)
    tap(len(par) == 1 and par[0]["pos_before"] == 0 and
        par[0]["pos_after"] == 5 and par[0]["ret"] == 5,
        "fork offset: parent reads 5 bytes from 0", par)
    tap(len(pre) == 1 and pre[0]["offset"] == 0 and
        pre[0]["pos_before"] == 5 and pre[0]["pos_after"] == 5,
        "fork offset: pread leaves the position at 5", pre)
    tap(len(kid) == 1 and kid[0]["pos_before"] == 5 and
        kid[0]["pos_after"] == 10 and par and
        kid[0]["file"] == par[0]["file"],
        "fork offset: the child reads on from 5, same file", kid)


def p_pid(evs, child):
    """The parent of a forked child, from its fork event."""
    f = of(evs, type="fork", child_pid=child)
    return f[0]["pid"] if f else None


def test_dup_variants():
    evs, fx, p = trace_cmd([scen("dup_variants")])
    a, b = int(fx["a"]), int(fx["b"])
    zero = of(evs, type="read", fd=b)
    d2 = of(evs, type="dup", call="dup2")
    tap(len(d2) == 1 and zero and d2[0]["replaced"] == zero[0]["file"]
        and d2[0]["newfd"] == b and d2[0]["replaced"] != d2[0]["file"],
        "dup2 over an open fd reports the replaced file", (zero, d2))
    d3 = of(evs, type="dup", call="dup3")
    tap(len(d3) == 1 and d3[0]["cloexec"] is True and d3[0]["newfd"] == 20
        and d3[0]["replaced"] is None, "dup3(O_CLOEXEC) is close-on-exec",
        d3)
    f1 = of(evs, type="dup", call="fcntl(F_DUPFD)", oldfd=a)
    f2 = of(evs, type="dup", call="fcntl(F_DUPFD_CLOEXEC)", oldfd=a)
    tap(len(f1) == 1 and f1[0]["cloexec"] is False and
        f1[0]["newfd"] == int(fx["d"]) and f1[0]["minfd"] == 30 and
        f1[0]["replaced"] is None,
        "fcntl(F_DUPFD) is not close-on-exec, and replaces nothing", f1)
    tap(len(f2) == 1 and f2[0]["cloexec"] is True and
        f2[0]["newfd"] == int(fx["e"]),
        "fcntl(F_DUPFD_CLOEXEC) is close-on-exec", f2)


def test_forks():
    evs, fx, p = trace_cmd([scen("forks")])
    parent, nfds = int(fx["parent"]), int(fx["fds"])
    forks = of(evs, type="fork")

    def one(desc, key, call, kind, files):
        got = of(forks, child_tid=int(fx[key]))
        ok = (len(got) == 1 and got[0]["call"] == call and
              got[0]["kind"] == kind and got[0]["files"] == files)
        if ok and files == "copied":
            ok = got[0]["child_table"] != got[0]["table"]
        if ok and key != "grandchild":
            ok = got[0]["child_fds"] == nfds and got[0]["pid"] == parent
        tap(ok, f"fork: {desc}", got)

    one("glibc fork() is a clone event", "glibc_fork", "clone", "process",
        "copied")
    one("fork syscall", "fork", "fork", "process", "copied")
    one("vfork", "vfork", "vfork", "process", "copied")
    one("clone", "clone", "clone", "process", "copied")
    one("clone3", "clone3", "clone3", "process", "copied")
    th = of(forks, child_tid=int(fx["thread"]))
    tap(len(th) == 1 and th[0]["kind"] == "thread" and
        th[0]["files"] == "shared" and th[0]["child_pid"] == parent and
        th[0]["child_table"] == th[0]["table"] and
        "CLONE_THREAD" in th[0]["flags"],
        "fork: a thread shares the table", th)
    one("-- CMD follows a grandchild", "grandchild", "clone", "process",
        "copied")
    vf = of(forks, child_tid=int(fx["vfork"]))
    tap(len(vf) == 1 and "CLONE_VM|CLONE_VFORK" in vf[0]["flags"] and
        vf[0]["vm"] == "shared", "fork: vfork's flags decoded", vf)


def walked_name(path, size=256):
    """What the dentry walk names a path that may not fit in its size
    bytes: the last whole components that fit, after "..." if room.
    Names that are no path (pipe:[ino]) are the collector's, whole."""
    if not path.startswith("/"):
        return path
    kept = ""
    for comp in reversed(path.split("/")[1:]):
        if len(kept) + len(comp) + 1 > size - 1:
            return ("..." if size - 1 - len(kept) >= 3 else "") + kept
        kept = "/" + comp + kept
    return kept


def check_open(evs, rec):
    """The open event of one new fd (or failed call) against what the
    scenario read from fstat, fcntl and /proc/self/fd."""
    call, fd = rec["call"], int(rec["fd"])
    if fd < 0:
        got = of(evs, call=call, fd=None)
        ok = (len(got) == 1 and got[0]["ret"] == -int(rec["err"]) and
              got[0]["file"] is None)
        if ok and rec["arg"]:
            ok = got[0].get("arg") == rec["arg"]
        tap(ok, f"open: failed {call} makes one event with no fd",
            (rec, got))
        return
    got = of(evs, call=call, fd=fd)
    ok = len(got) == 1
    if ok:
        e = got[0]
        ok = (e["file"] and e["dev"] == rec["dev"] and
              e["ino"] == int(rec["ino"]) and
              e["cloexec"] == (rec["cloexec"] == "1") and
              e["flags"] == int(rec["flags"], 8) and
              e["path"] == walked_name(rec["path"]))
        if ok and rec["arg"]:
            ok = e.get("arg") == rec["arg"]
        if ok and call == "other":      # clone(CLONE_PIDFD) installed it
            ok = e["syscall"] == 56
        if ok and call not in ("recvmsg", "recvmmsg"):
            ok = e["ret"] == (0 if e.get("count") else fd)
    tap(ok, f"open: {call} fd {fd} as fstat, fcntl and /proc/self/fd "
        f"see it ({rec['path']})", (rec, got))


def test_opens():
    evs, fx, p = trace_cmd([scen("opens")], ["-e", "open", "-v"])
    pid = int(fx["pid"])
    evs = of(evs, type="open", pid=pid)
    # fexit/fd_install, where the kernel allows it, sees calls off the list
    other = "fexit/fd_install left out" not in p.stderr
    for rec in fx["recs"]:
        if rec["call"] != "other" or other:
            check_open(evs, rec)
    if not other:
        tap(not of(evs, call="other"),
            "open: no fexit here, no event for calls off the list", evs)
    for call in ("pipe", "pipe2", "socketpair"):
        got = of(evs, call=call)
        tap(len(got) >= 2 and [(e["nth"], e["count"]) for e in got[:2]] ==
            [(0, 2), (1, 2)] and got[0]["ret"] == got[1]["ret"] == 0,
            f"open: {call} makes one event per end, nth 0 and 1 of 2",
            got)
    sfd = [r for r in fx["recs"] if r["call"] == "signalfd4"]
    tap(len(sfd) == 1 and len(of(evs, call="signalfd4")) == 1,
        "open: signalfd4 on an existing fd makes no event",
        of(evs, call="signalfd4"))
    etc = of(evs, call="open", arg="/etc")
    at = of(evs, call="openat", arg="passwd")
    tap(len(etc) == 1 and len(at) == 1 and at[0]["dirfd"] == etc[0]["fd"],
        "open: openat's dirfd is the directory's fd", (etc, at))
    origin = [int(fd) for fd in fx["scm_origin"].split(",")]
    files = [of(evs, fd=fd)[0]["file"] for fd in origin]
    for call in ("recvmsg", "recvmmsg"):
        recs = [r for r in fx["recs"] if r["call"] == call]
        got = of(evs, call=call)
        tap(len(got) == 2 and all(r["same"] == "0" for r in recs) and
            [e["file"] for e in got] == files and
            [(e["nth"], e["count"]) for e in got] == [(0, 2), (1, 2)],
            f"open: {call}'s SCM_RIGHTS fds name the sent files (kcmp), "
            "and only they make events", (recs, got, files))
    getfd = [r for r in fx["recs"] if r["call"] == "pidfd_getfd"]
    tap(getfd and getfd[0]["same"] == "0",
        "open: pidfd_getfd's fd is stdin's open file (kcmp)", getfd)


def test_tables():
    evs, fx, p = trace_cmd([scen("tables")],
                           ["-e", "close,exec,exit,unshare"])
    pid = int(fx["pid"])
    a, b = int(fx["close_a"]), int(fx["close_b"])
    ca = of(evs, type="close", call="close", pid=pid, fd=a)
    cb = of(evs, type="close", call="close", pid=pid, fd=b)
    tap(fx["close_same"] == "0" and len(ca) == 1 and len(cb) == 2 and
        ca[0]["file"] == cb[0]["file"] and ca[0]["refs_before"] == 2 and
        not ca[0]["last_ref"] and cb[0]["refs_before"] == 1 and
        cb[0]["last_ref"] and ca[0]["ret"] == cb[0]["ret"] == 0,
        "close: a dup'ed file (kcmp) is still held, then its last "
        "reference goes", (ca, cb))
    tap(len(cb) == 2 and cb[1]["ret"] == -9 and cb[1]["file"] is None and
        cb[1]["refs_before"] is None, "close: a bad fd fails with no file",
        cb)
    cr = of(evs, call="close_range", pid=pid)
    tap(len(cr) == 3 and fx["range_closed"] == "1" and
        (cr[0]["first"], cr[0]["last"], cr[0]["flags"]) == (50, 52, 0) and
        cr[0]["old_table"] == cr[0]["table"],
        "close_range: the range and flags; the table stays", cr)
    tap(len(cr) == 3 and fx["range_cloexec"] == "1,1" and
        (cr[1]["first"], cr[1]["last"], cr[1]["flags"]) == (60, 61, 4),
        "close_range: CLOSE_RANGE_CLOEXEC", cr)
    tap(len(cr) == 3 and fx["thread_shared"] == "1" and
        fx["range_unshared"] == "1" and cr[2]["flags"] == 2 and
        cr[2]["tid"] == int(fx["unshare_tid"]) and
        cr[2]["old_table"] != cr[2]["table"],
        "close_range: CLOSE_RANGE_UNSHARE in a thread gives it a new "
        "table (kcmp KCMP_FILES)", cr)
    un = of(evs, type="unshare", pid=pid)
    tap(len(un) == 2 and fx["thread_unshared"] == "1" and
        un[0]["tid"] == int(fx["thread_tid"]) and
        un[0]["files_unshared"] and "CLONE_FILES" in un[0]["flags"] and
        un[1]["tid"] == pid and not un[1]["files_unshared"],
        "unshare: a thread's shared table is copied (kcmp KCMP_FILES), a "
        "lone one stays", un)
    ex = [e for e in of(evs, type="exec", pid=pid) if e["ret"] < 0]
    tap(len(ex) == 1 and ex[0]["ret"] == -int(fx["exec_failed_err"]) and
        ex[0]["filename"] == "/nonexistent/fdmodel" and
        ex[0]["old_table"] == ex[0]["table"],
        "exec: a failed exec makes one event, from its exit", ex)
    child = int(fx["exec_pid"])
    ex = of(evs, type="exec", pid=child)
    want = [int(fd) for fd in fx["exec_cloexec"].split(",") if fd]
    tap(len(ex) == 1 and ex[0]["ret"] == 0 and
        ex[0]["filename"] == fx["exec_path"] and len(want) > 32 and
        ex[0]["cloexec_fds"] == want[:32] and
        ex[0]["cloexec_closed"] == int(fx["exec_cloexec_n"]),
        "exec: the fds close-on-exec closed, as fcntl saw them before "
        "(the first 32 listed)",
        (ex, want))
    tap(len(ex) == 1 and fx["exec_shared"] == "1" and
        fx["exec_unshared"] == "1" and ex[0]["unshared"] and
        ex[0]["comm"] == "tables",
        "exec: a table shared with the parent is unshared (kcmp "
        "KCMP_FILES)", ex)
    ex = of(evs, type="exec", pid=int(fx["execveat_pid"]))
    tap(len(ex) == 1 and ex[0]["call"] == "execveat" and
        ex[0]["ret"] == 0 and ex[0]["filename"] == fx["exec_path"],
        "exec: execveat, once, with its filename", ex)
    th = of(evs, type="exit", tid=int(fx["exit_tid"]))
    tap(len(th) == 1 and not th[0]["group_dead"] and
        th[0]["table_users"] == int(fx["exit_users"]) and
        not th[0]["table_freed"],
        "exit: a thread leaves its process's table to the other users",
        (th, fx["exit_users"]))
    pr = of(evs, type="exit", pid=int(fx["exit_pid"]))
    tap(len(pr) == 1 and pr[0]["group_dead"] and
        pr[0]["ret"] == int(fx["exit_status"]) and
        pr[0]["table_users"] == 1 and pr[0]["table_freed"],
        "exit: a process's last thread frees its table, exit code as "
        "waitpid saw it", pr)


def run_waiting(opts, scenario, args=()):
    """A scenario blocked on stdin, traced by -p PID OPTS; go, then stop."""
    with tempfile.NamedTemporaryFile(prefix="scen-", delete=False) as f:
        path = f.name
    env = dict(os.environ, SCENARIO_OUT=path)
    s = subprocess.Popen([scen(scenario), *args], stdin=subprocess.PIPE,
                         env=env)
    t = subprocess.Popen([FDMODEL, "trace", "--json", "-p", str(s.pid),
                          *opts], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    ready = wait_ready(t)
    s.stdin.write(b"g")
    s.stdin.flush()
    return s, t, path, ready


def finish(s, t, path):
    s.stdin.close()
    s.wait(timeout=120)
    time.sleep(0.3)
    t.send_signal(signal.SIGINT)
    out, err = t.communicate(timeout=60)
    fx = facts(path)
    os.unlink(path)
    return events(out), fx, t.returncode, err


def test_follow():
    for follow in (True, False):
        s, t, path, ready = run_waiting(["-f"] if follow else [], "forks",
                                        ["wait"])
        evs, fx, rc, err = finish(s, t, path)
        gc = int(fx["grandchild"])
        seen = bool(of(evs, pid=gc))
        parent = bool(of(evs, pid=int(fx["parent"]), type="fork"))
        if follow:
            tap(ready and rc == 0 and seen and parent,
                "-p PID -f follows grandchildren", err)
        else:
            tap(ready and rc == 0 and not seen and parent,
                "-p PID without -f leaves children out", err)


def test_epoll():
    idle = 1000
    evs, fx, p = trace_cmd([scen("epoll_set"), str(idle)])
    ep = of(evs, type="epoll", epfd=int(fx["epfd"]))
    ready = sorted(int(v) for v in fx["ready_fd_all"])
    tap(len(ep) == 1 and ep[0]["ready"] == 3 and
        ep[0]["interest"] == idle + 3 and not ep[0]["interest_truncated"]
        and ep[0]["maxevents"] == 16 and ep[0]["timeout_ns"] == 10 ** 9,
        f"epoll: {idle} idle + 3 ready pipes: ready=3, interest={idle + 3}",
        ep)
    tap(len(ep) == 1 and sorted(ep[0]["ready_fds"]) == ready,
        "epoll: the ready fds are the written pipes", (ep, ready))


def rows(fx, *keys):
    """The facts a scenario wrote as one line per call, with the same keys
    on each line: a list of dicts, in the order of the calls."""
    cols = [fx.get(k + "_all", []) for k in keys]
    return [dict(zip(keys, vals)) for vals in zip(*cols)]


def num(v):
    return None if v == "-1" else int(v)


def test_write():
    evs, fx, p = trace_cmd([scen("write_variants")], ["-e", "write"])
    calls = rows(fx, "call", "fd", "ret", "before", "after", "size",
                 "offset", "iovcnt", "count")
    fds = {int(c["fd"]) for c in calls}
    got = [e for e in of(evs, type="write") if e["fd"] in fds]
    tap(p.returncode == 0 and len(got) == len(calls) == 9,
        "write: one event per write call", (len(got), len(calls)))
    for e, c in zip(got, calls):
        want = {"call": c["call"], "fd": int(c["fd"]), "ret": int(c["ret"]),
                "pos_before": int(c["before"]), "pos_after": int(c["after"]),
                "offset": num(c["offset"]), "iovcnt": num(c["iovcnt"]),
                "count": int(c["count"])}
        if int(c["ret"]) >= 0:
            want.update(ino=int(fx["ino"]), dev=fx["dev"])
        have = {k: e.get(k) for k in want}
        tap(have == want, f"write: {c['call']} fd={c['fd']} ret={c['ret']}: "
            "position before/after as fdinfo shows it", (have, want))
    app = [c for c in calls if c["call"] == "write" and
           c["before"] != c["after"] and int(c["before"]) == 0 and
           int(c["after"]) == int(c["size"]) and c["fd"] != calls[0]["fd"]]
    tap(len(app) == 1, "write: O_APPEND moves the position to the new size "
        "(fstat) from 0", calls)
    files = {e["file"] for e in got if e["fd"] == int(calls[0]["fd"])}
    tap(len(files) == 1 and None not in files,
        "write: one file id for the fd", files)


def test_seek():
    evs, fx, p = trace_cmd([scen("seek_variants")], ["-e", "seek"])
    calls = rows(fx, "fd", "offset", "whence", "ret", "before", "after")
    got = of(evs, type="seek", call="lseek")
    tap(p.returncode == 0 and len(got) == len(calls) == 10,
        "seek: one event per lseek", (len(got), len(calls)))
    whences = ["SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"]
    for e, c in zip(got, calls):
        w = int(c["whence"])
        want = {"fd": int(c["fd"]), "offset": int(c["offset"]),
                "whence": whences[w] if w < len(whences) else "?",
                "ret": int(c["ret"]), "pos_before": int(c["before"]),
                "pos_after": int(c["after"])}
        have = {k: e.get(k) for k in want}
        tap(have == want and e["file"],
            f"seek: lseek({c['offset']}, {want['whence']}) = {c['ret']}: "
            "position before/after as fdinfo shows it", (have, want))


def test_flags():
    evs, fx, p = trace_cmd([scen("flags_variants")], ["-e", "flags"])
    calls = rows(fx, "call", "fd", "arg", "ret", "cloexec_before",
                 "cloexec_after", "flags_before", "flags_after")
    got = of(evs, type="flags")
    tap(p.returncode == 0 and fx.get("quiet") == "done" and
        len(got) == len(calls) == 7,
        "flags: one event per F_SETFD, F_SETFL, FIOCLEX, FIONCLEX; none "
        "for F_GETFD, F_GETFL, F_SETOWN, F_GETPIPE_SZ, FIONREAD, TCGETS",
        [(e["call"], e.get("request"), e.get("arg")) for e in got])
    requests = {0x5451: "FIOCLEX", 0x5450: "FIONCLEX"}
    for e, c in zip(got, calls):
        want = {"call": c["call"], "fd": int(c["fd"]), "ret": int(c["ret"])}
        if c["call"] == "ioctl":
            want["request"] = requests[int(c["arg"])]
        else:
            want["arg"] = int(c["arg"])
        if int(c["ret"]) >= 0:
            want.update(cloexec_before=c["cloexec_before"] == "1",
                        cloexec_after=c["cloexec_after"] == "1",
                        flags_before=int(c["flags_before"]),
                        flags_after=int(c["flags_after"]))
        else:
            want["file"] = None
        have = {k: e.get(k) for k in want}
        tap(have == want, f"flags: {c['call']} arg={c['arg']} "
            f"ret={c['ret']}: as F_GETFD and F_GETFL show it", (have, want))


EPOLLERR_HUP = 0x18


def test_watch():
    evs, fx, p = trace_cmd([scen("watch_variants")], ["-e", "watch"])
    calls = rows(fx, "op", "tfd", "events", "data", "ret", "watched",
                 "fdinfo_events", "fdinfo_data")
    epfd = int(fx["epfd"])
    got = of(evs, type="watch", call="epoll_ctl", epfd=epfd)
    tap(p.returncode == 0 and len(got) == len(calls) == 7,
        "watch: one event per epoll_ctl", (len(got), len(calls)))
    ops = {1: "EPOLL_CTL_ADD", 2: "EPOLL_CTL_DEL", 3: "EPOLL_CTL_MOD"}
    for e, c in zip(got, calls):
        want = {"op": ops[int(c["op"])], "tfd": int(c["tfd"]),
                "events": int(c["events"]), "data": int(c["data"]),
                "ret": int(c["ret"])}
        have = {k: e.get(k) for k in want}
        ok = have == want and e["file"] is not None
        if int(c["ret"]) == 0 and c["op"] != "2":
            # The kernel's copy (fdinfo) always has EPOLLERR|EPOLLHUP.
            ok = ok and c["watched"] == "1" and int(c["fdinfo_events"]) == \
                e["events"] | EPOLLERR_HUP and \
                int(c["fdinfo_data"]) == e["data"]
        if int(c["ret"]) == 0 and c["op"] == "2":
            ok = ok and c["watched"] == "0"
        tap(ok, f"watch: {want['op']} tfd={c['tfd']} ret={c['ret']}: as "
            "passed, and as the epoll fd's fdinfo shows it", (have, want, c))
    by_fd = {}
    for e in got:
        by_fd.setdefault(e["tfd"], set()).add(e["target"])
    pipe, efd = int(fx["pipe"]), int(fx["eventfd"])
    tap(len(by_fd.get(pipe, ())) == 1 and len(by_fd.get(efd, ())) == 1 and
        by_fd[pipe] != by_fd[efd] and by_fd.get(99) == {None} and
        len({e["file"] for e in got}) == 1,
        "watch: one target id per watched fd (the DEL's read at entry), "
        "none for a closed fd", by_fd)
    if not fx["fdmodel_lines"] or not module_key():
        skip("watch: target ids match /proc/fdmodel's watch lines",
             "module not loaded")
        return
    lines = [dict(kv.split("=", 1) for kv in l.split()[1:])
             for l in fx["fdmodel_lines"] if l.startswith("watch ")]
    tap(len(lines) == 1 and int(lines[0]["tfd"]) == pipe and
        lines[0]["file"] in by_fd[pipe] and
        int(lines[0]["events"], 16) == 0x2004 | EPOLLERR_HUP,
        "watch: target ids match /proc/fdmodel's watch lines", lines)


def test_map():
    evs, fx, p = trace_cmd([scen("map_variants")], ["-e", "map,seek"])
    fd = int(fx["fd"])
    maps = of(evs, type="map")
    seek = of(evs, type="seek", fd=fd)
    fd_file = seek[0]["file"] if seek else None

    def mapping(name):
        return {"addr": int(fx[name]), "len": int(fx[name + "_len"]),
                "perms": fx[name + "_perms"], "off": int(fx[name + "_off"]),
                "dev": fx[name + "_dev"], "ino": int(fx[name + "_ino"])}

    def check_mmap(name, flags):
        m = mapping(name)
        got = of(maps, call="mmap", ret=m["addr"], fd=fd)
        e = got[0] if len(got) == 1 else {}
        want = {"fd": fd, "file": fd_file, "len": m["len"], "off": m["off"],
                "prot": m["perms"][:3], "flags": flags, "dev": fx["dev"],
                "ino": int(fx["ino"])}
        have = {k: e.get(k) for k in want}
        tap(len(got) == 1 and fd_file and have == want and
            (m["dev"], m["ino"]) == (fx["dev"], int(fx["ino"])),
            f"map: mmap {name}: as /proc/self/maps and fstat show it",
            (have, want, m))

    check_mmap("shared", 0x01)
    check_mmap("private", 0x02)
    private, moved = mapping("private"), mapping("moved")
    got = of(maps, call="mremap", old_addr=private["addr"])
    tap(len(got) == 1 and got[0]["ret"] == moved["addr"] and
        got[0]["old_len"] == private["len"] and
        got[0]["len"] == moved["len"] and got[0]["file"] == fd_file and
        got[0]["ino"] == moved["ino"],
        "map: mremap of a file mapping: its file, the new address as "
        "/proc/self/maps shows it", got)
    shared = mapping("shared")
    # The loader's munmap of ld.so.cache comes first: leave it out.
    un = of(maps, call="munmap", ino=int(fx["ino"]), dev=fx["dev"])
    want = [(shared["addr"] + 4096, 4096), (shared["addr"], 4096),
            (moved["addr"], moved["len"])]
    tap([(e["addr"], e["len"]) for e in un] == want and
        all(e["file"] == fd_file and e["ret"] == 0 for e in un),
        "map: munmap of file mappings, whole and in part, names the file",
        un)
    zseek = of(evs, type="seek", fd=int(fx["zero_fd"]))
    zero = of(maps, call="mmap", ret=int(fx["zero"]),
              fd=int(fx["zero_fd"]))
    zun = of(maps, call="munmap", addr=int(fx["zero"]))
    tap(len(zseek) == 1 and len(zero) == 1 and len(zun) == 1 and
        zero[0]["file"] not in (None, zseek[0]["file"]) and
        zun[0]["file"] == zero[0]["file"],
        "map: a shared /dev/zero mapping names the shmem file it holds, "
        "not the fd's", (zseek, zero, zun))
    if not fx["fdmodel_lines"] or not module_key():
        skip("map: file ids match /proc/fdmodel's map lines",
             "module not loaded")
    else:
        lines = {int(kv["start"], 16): kv["file"] for kv in
                 (dict(f.split("=", 1) for f in l.split()[1:])
                  for l in fx["fdmodel_lines"] if l.startswith("map "))}
        mine = {shared["addr"]: fd_file, moved["addr"]: fd_file,
                int(fx["zero"]): zero[0]["file"] if zero else None}
        tap(all(lines.get(a) == f for a, f in mine.items()),
            "map: file ids match /proc/fdmodel's map lines", (lines, mine))
    anon = {int(fx["anon"]), int(fx["anon2"])}
    tap(not [e for e in maps if e["ret"] in anon or e["addr"] in anon or
             e.get("old_addr") in anon],
        "map: anonymous mmap, mremap and munmap make no event", maps)
    bad = of(maps, call="mmap", fd=99)
    tap(len(bad) == 1 and bad[0]["ret"] == -int(fx["badfd_errno"]) and
        bad[0]["file"] is None, "map: mmap of a closed fd fails with EBADF",
        bad)


def test_cmd_only():
    noise = subprocess.Popen([scen("flood"), "100000000"])
    evs, fx, p = trace_cmd([scen("forks")])
    noise.kill()
    noise.wait()
    mine = {int(fx["parent"])} | {e["child_pid"]
                                  for e in of(evs, type="fork")}
    others = [e for e in evs if e.get("pid") and e["pid"] not in mine]
    tap(p.returncode == 0 and evs and not others and
        not of(evs, pid=noise.pid),
        "-- CMD traces only CMD and its children", others[:3])


def test_loss():
    n = "20000" if SMALL else "200000"
    s, t, path, ready = run_waiting(["-e", "read", "-b", "16"], "flood",
                                    [n, "wait"])
    # The flood must wait: send it nothing until the collector is stopped.
    t.send_signal(signal.SIGSTOP)
    s.stdin.write(b"g")
    s.stdin.flush()
    end = time.time() + 120
    while time.time() < end and "flooded" not in open(path).read():
        time.sleep(0.1)
    t.send_signal(signal.SIGCONT)
    time.sleep(1)
    alive = t.poll() is None
    evs, fx, rc, err = finish(s, t, path)
    lost = of(evs, type="lost")
    summ = of(evs, type="summary")
    tap(ready and alive and rc == 0 and lost and lost[0]["read"] > 0 and
        summ and summ[0]["lost_read"] > 0 and "lost=" in err,
        "loss: a stopped collector reports lost events and keeps running",
        (lost, summ, err))


def test_json_text():
    _, _, p = trace_cmd([scen("dup_variants")])
    bad = []
    for line in p.stdout.splitlines():
        try:
            json.loads(line)
        except ValueError:
            bad.append(line)
    tap(p.returncode == 0 and p.stdout and not bad,
        "json: every line parses", bad[:3])
    q = subprocess.run([FDMODEL, "trace", "-e", "dup", "--",
                        scen("dup_variants")], capture_output=True,
                       text=True, env=dict(os.environ,
                                           SCENARIO_OUT="/dev/null"))
    lines = q.stdout.splitlines()
    tap(q.returncode == 0 and lines[0].startswith("TIME(s)") and
        len(lines) == 5 and all(" oldfd=" in l for l in lines[1:]),
        "text: a header and one aligned line per event", q.stdout)


def test_comm_and_duration():
    """-d stops the trace: in far less than a hang, but attaching and
    detaching fentry programs takes seconds under TCG."""
    t0 = time.time()
    p = subprocess.run([FDMODEL, "trace", "-d", "0.5", "-c", "no-such-comm"],
                       capture_output=True, text=True, timeout=60)
    tap(p.returncode == 0 and time.time() - t0 < 30 and
        p.stdout.count("\n") == 1 and "events=0" in p.stderr,
        "-d stops, -c filters out everything else", p.stderr)


def wait_for(cond, timeout):
    """Poll cond() until it holds or timeout seconds pass."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() >= end:
            return False
        time.sleep(0.05)
    return True


def test_live():
    """An event is printed while the trace runs, not only at its end: the
    probes wake the collector only when the buffer is half full, and one
    dup never fills it."""
    child = subprocess.Popen([sys.executable, "-c", "import os, sys; "
                              "sys.stdin.readline(); os.dup(0); "
                              "sys.stdin.readline()"],
                             stdin=subprocess.PIPE, text=True)
    t = subprocess.Popen([FDMODEL, "trace", "--json", "-e", "dup", "-p",
                          str(child.pid)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    ready = wait_ready(t)
    # The dup must come while the collector sits idle in poll(), not as
    # it starts: that is when nothing but a full buffer woke it.
    idle = wait_for(lambda: "poll" in open(f"/proc/{t.pid}/wchan").read(),
                    10)
    child.stdin.write("dup\n")
    child.stdin.flush()
    seen = []
    end = time.monotonic() + 10
    while time.monotonic() < end and not of(events("".join(seen)),
                                            type="dup", pid=child.pid):
        r, _, _ = select.select([t.stdout], [], [], 0.1)
        if r:
            seen.append(t.stdout.readline())
    t.send_signal(signal.SIGTERM)
    t.communicate(timeout=30)
    child.communicate("done\n", timeout=30)
    tap(ready and idle and of(events("".join(seen)), type="dup",
                              pid=child.pid),
        "live: one dup is printed within 10 s, before the trace stops",
        seen)


def test_sigterm():
    t = subprocess.Popen([FDMODEL, "trace", "-e", "read"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    ready = wait_ready(t)
    t.send_signal(signal.SIGTERM)
    _, err = t.communicate(timeout=30)
    tap(ready and t.returncode == 0 and "events=" in err,
        "SIGTERM: clean stop with a summary, exit 0", err)


# A drain that races its producers ends only with them: SIGTERM took 30 s
# in the lab VM with two busy readers (their whole run). Four readers per
# CPU make the producers outrun the collector on any machine; a stop takes
# well under 1 s.
STOP_BOUND = 10


@contextlib.contextmanager
def busy_readers():
    """Four pread loops per CPU for as long as the block runs."""
    loops = [subprocess.Popen([scen("flood"), "1000000000"],
                              stdout=subprocess.DEVNULL)
             for _ in range(4 * (os.cpu_count() or 1))]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def stop(t, sig, what):
    """Send sig to the collector, run a shell meanwhile, and wait for the
    collector (STOP_BOUND at most, then kill it): (stderr, seconds to
    exit, seconds the shell took)."""
    t0 = time.monotonic()
    t.send_signal(sig)
    subprocess.run(["sh", "-c", "true"])
    answered = time.monotonic() - t0
    try:
        _, err = t.communicate(timeout=STOP_BOUND)
    except subprocess.TimeoutExpired:
        t.kill()
        _, err = t.communicate()
    took = time.monotonic() - t0
    print(f"# {what}: exited after {took * 1000:.0f} ms, a shell answered "
          f"after {answered * 1000:.0f} ms", flush=True)
    return err, took, answered


def test_stop_busy(sig):
    """Stop an unfiltered read trace while every CPU calls pread in a
    loop: the collector exits soon, the system answers meanwhile, and the
    kernel is left with none of our programs, SIGKILL included."""
    name = signal.Signals(sig).name
    with busy_readers(), tempfile.TemporaryFile() as out:
        t = subprocess.Popen([FDMODEL, "trace", "-e", "read"], stdout=out,
                             stderr=subprocess.PIPE, text=True)
        ready = wait_ready(t)
        flowing = wait_for(lambda: os.fstat(out.fileno()).st_size > 1 << 16,
                           60)
        err, took, answered = stop(t, sig, name)
        gone = wait_for(lambda: not our_progs(), STOP_BOUND)
    clean = (t.returncode == 0 and "events=" in err if sig != signal.SIGKILL
             else t.returncode == -signal.SIGKILL)
    tap(ready and flowing and clean and took < STOP_BOUND,
        f"{name} with every CPU reading: exits within {STOP_BOUND} s",
        (f"exit {t.returncode} after {took:.1f} s", err))
    tap(answered < STOP_BOUND / 2,
        f"{name} with every CPU reading: a shell answers meanwhile",
        f"{answered:.1f} s")
    tap(gone, f"{name} with every CPU reading: no program left attached",
        our_progs())


def test_stop_tty():
    """Ctrl-C while the events go to a slow terminal: a pty read at
    about 10 KB/s, as slow as the lab VM's serial console. A write to it
    blocks, so the collector must print nothing more there once told to
    stop, and exit soon."""
    master, slave = pty.openpty()
    shown = [0]
    done = threading.Event()

    def terminal():
        while not done.is_set():
            time.sleep(0.1)
            try:
                shown[0] += len(os.read(master, 1024))
            except OSError:  # EIO: the collector closed its end
                return

    with busy_readers():
        t = subprocess.Popen([FDMODEL, "trace", "-e", "read"], stdout=slave,
                             stderr=subprocess.PIPE, text=True)
        os.close(slave)
        reader = threading.Thread(target=terminal)
        reader.start()
        try:
            ready = wait_ready(t)
            flowing = wait_for(lambda: shown[0] > 4096, 60)
            err, took, _ = stop(t, signal.SIGINT, "SIGINT to a slow terminal")
        finally:
            done.set()
            reader.join()
    os.close(master)
    tap(ready and flowing and t.returncode == 0 and "events=" in err and
        took < STOP_BOUND,
        f"SIGINT with a slow terminal: exits within {STOP_BOUND} s",
        (f"exit {t.returncode} after {took:.1f} s", err))


def test_bad_input():
    cases = [
        (["-e", "dup,bogus"], "unknown event"),
        (["-p", "abc"], "bad pid"),
        (["-p", "0"], "bad pid"),
        (["-p", "99999999"], "no such process"),
        (["--"], "missing command"),
        (["-d", "-1"], "bad duration"),
        (["-b", "0"], "bad buffer"),
        (["-Z"], "unknown option"),
        (["stray"], "unexpected argument"),
        (["-p"], "needs an argument"),
        (["--", "/nonexistent/cmd"], "cannot run"),
        (["--model"], "--model needs"),
        (["-m", "-c", "bash"], "--model needs"),
    ]
    for args, want in cases:
        p = subprocess.run([FDMODEL, "trace", *args], capture_output=True,
                           text=True, timeout=60)
        lines = [l for l in p.stderr.splitlines()
                 if "random key" not in l]
        tap(p.returncode == 1 and len(lines) == 1 and want in lines[0],
            f"bad input: trace {' '.join(args)}: {want}", p.stderr)
    p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                        "--clear-groups", "--inh-caps=-all", FDMODEL,
                        "trace", "-d", "1"], capture_output=True, text=True)
    tap(p.returncode == 1 and p.stderr.count("\n") == 1 and
        "permission denied" in p.stderr, "bad input: not root", p.stderr)


def main():
    start()
    tests = [test_siphash, test_fanout, test_fork_offset, test_dup_variants,
             test_forks, test_opens, test_tables, test_follow, test_epoll,
             test_write, test_seek, test_flags, test_watch, test_map,
             test_cmd_only, test_loss,
             test_json_text, test_comm_and_duration, test_live, test_sigterm,
             lambda: test_stop_busy(signal.SIGTERM),
             lambda: test_stop_busy(signal.SIGINT),
             lambda: test_stop_busy(signal.SIGKILL), test_stop_tty,
             test_bad_input]
    if MODEL:
        tests += model_test.tests(FDMODEL, scen, SMALL)
    before = our_progs()
    run(tests)
    # Programs are freed after an RCU grace period: give them a moment.
    for _ in range(50):
        left = our_progs()
        if not left:
            break
        time.sleep(0.1)
    tap(not left, "nothing left attached (bpftool prog show)",
        "\n".join(left) + "\nbefore:\n" + "\n".join(before))
    return done()


if __name__ == "__main__":
    sys.exit(main())
