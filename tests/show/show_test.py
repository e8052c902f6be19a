#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`fdmodel show` against the raw /proc/fdmodel and the kernel's kcmp(2).
TAP on stdout. usage: show_test.py FDMODEL

The views are read from one saved snapshot (--input), so they are compared
with exactly the text the module printed; the live checks (-p, errors)
use the scene of scene.py."""
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile

import raw
import views

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from tap import ok as tap, skip, start, done  # noqa: E402

FDMODEL = sys.argv[1]


def show(*args, user=None):
    cmd = [FDMODEL, "show", *args]
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}",
               "--clear-groups", *cmd]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


libc = ctypes.CDLL(None, use_errno=True)
SYS_KCMP, KCMP_FILE = 312, 0


def same_file(p1, fd1, p2, fd2):
    return libc.syscall(SYS_KCMP, p1, p2, KCMP_FILE, fd1, fd2) == 0


def repeated(items):
    """The entries listed more than once."""
    seen, twice = set(), set()
    for i in items:
        (twice if i in seen else seen).add(i)
    return twice


def check_json(snap, text):
    try:
        doc = json.loads(text)
    except ValueError as e:
        tap(False, "--json is one JSON document", e)
        return None
    tap(doc.get("version") == 1, "--json is one JSON document, version 1")
    slots = [(t["id"], s["fd"], s["file"]) for t in doc["tables"]
             for s in t["slots"]]
    want = snap.slots()
    tap(not repeated(slots) and {(t, f): x for t, f, x in slots} == want,
        f"--json: every fd slot once in its table ({len(want)})",
        f"twice: {repeated(slots)}")
    files = {f["id"]: f["inode"] for f in doc["files"]}
    tap(len(files) == len(doc["files"]) and files == snap.files(),
        f"--json: every open file once, with its inode ({len(files)})")
    inodes = [i["id"] for i in doc["inodes"]]
    tap(not repeated(inodes) and set(inodes) == snap.inodes(),
        f"--json: every inode once ({len(inodes)})")
    return doc


def round_trip(snap, doc):
    """The fd, watch and map lines again, from the JSON alone."""
    files = {f["id"]: f for f in doc["files"]}
    inodes = {i["id"]: i for i in doc["inodes"]}
    tables = {t["id"]: t for t in doc["tables"]}
    back, want = set(), set()
    for task in doc["tasks"]:
        for s in tables[task["table"]]["slots"] if task["table"] else []:
            f = files[s["file"]]
            i = inodes[f["inode"]]
            back.add((task["pid"], s["fd"], int(s["cloexec"]), s["file"],
                      f["pos"], f["flags"], f["mode"], f["refs"], i["dev"],
                      i["ino"], i["type"], f["path"]))
    for r in snap.fds:
        want.add((int(r["pid"]), int(r["fd"]), int(r["cloexec"]), r["file"],
                  int(r["pos"]), r["flags"], r["mode"], int(r["refs"]),
                  r["dev"], int(r["ino"]), r["type"],
                  raw.unescape(r["path"])))
    tap(back == want, f"--json round-trips: all {len(want)} fd lines "
        "rebuilt from tasks, tables, files and inodes",
        f"missing {list(want - back)[:3]}, extra {list(back - want)[:3]}")
    w_back = {(w["pid"], w["epfd"], w["tfd"], w["file"]) for w in doc["watches"]}
    w_want = {(int(w["pid"]), int(w["epfd"]), int(w["tfd"]),
               None if w["file"] == "-" else w["file"]) for w in snap.watches}
    m_back = {(m["pid"], m["file"], m["start"], m["inode"], m["path"])
              for m in doc["maps"]}
    m_want = {(int(m["pid"]), m["file"], m["start"],
               f"{m['dev']}:{m['ino']}", raw.unescape(m["path"]))
              for m in snap.maps}
    tap(w_back == w_want and m_back == m_want and
        len(doc["watches"]) == len(snap.watches) and
        len(doc["maps"]) == len(snap.maps),
        f"--json: the {len(w_want)} watches and {len(m_want)} maps "
        "as the snapshot has them")


def anon_state(snap, doc):
    """Each anonymous-inode file's class and state are on its open file:
    files of every class share one inode on 6.1."""
    files = {f["id"]: f for f in doc["files"]}
    want = bad = 0
    for r in snap.fds:
        if r["type"] != "anon" or "anon" not in r:
            continue
        prefix = r["anon"].replace("-", "_") + "_"
        for key, val in r.items():
            if key != "anon" and not key.startswith(prefix):
                continue
            want += 1
            bad += str(files[r["file"]].get(key)) != raw.unescape(val)
    tap(want and not bad, f"--json: the {want} anon= and class fields are "
        f"on their open files ({bad} not)")


def marks_and_locks(snap, doc, tables):
    """The mark and lock lines, in --json and --tables."""
    want_m = {(int(r["pid"]), int(r["fd"]), r.get("wd"), r["on"], r["mask"])
              for r in snap.marks}
    got_m = {(k["pid"], k["fd"], None if k["wd"] is None else str(k["wd"]),
              k["on"], k["mask"]) for k in doc["marks"]}
    want_l = {(int(r["pid"]), int(r["fd"]), r["file"], r["kind"], r["type"],
               int(r["start"]), r["end"]) for r in snap.locks}
    got_l = {(k["pid"], k["fd"], k["file"], k["kind"], k["type"],
              k["start"], str(k["end"])) for k in doc["locks"]}
    tap(want_m and want_l and got_m == want_m and got_l == want_l and
        len(doc["marks"]) == len(snap.marks) and
        len(doc["locks"]) == len(snap.locks),
        f"--json: the {len(want_m)} marks and {len(want_l)} locks as the "
        "snapshot has them")
    rows = re.findall(r"^FILE LOCKS \((\d+)\)$|^NOTIFY MARKS \((\d+)\)$",
                      tables, re.M)
    tap(("", str(len(snap.marks))) in rows and
        (str(len(snap.locks)), "") in rows,
        f"--tables: NOTIFY MARKS ({len(snap.marks)}) and FILE LOCKS "
        f"({len(snap.locks)})", rows)


def check_tables(snap, text):
    slots, files, inodes = views.tables(text)
    want = snap.slots()
    tap(not repeated([(t, f) for t, f, _ in slots]) and
        {(t, f): x for t, f, x in slots} == want,
        f"--tables: every fd slot once, pointing at its open file "
        f"({len(slots)})")
    tap(not repeated([f for f, _ in files]) and dict(files) == snap.files(),
        f"--tables: every open file once, with its inode ({len(files)})")
    tap(not repeated(inodes) and set(inodes) == snap.inodes(),
        f"--tables: every inode once ({len(inodes)})")


def check_dot(snap, text):
    nodes, edges = views.dot(text)
    defined = set(nodes)
    tap(not repeated(nodes), f"--dot: {len(nodes)} nodes, each defined once")
    tap(all(a in defined and (b in defined or b.startswith('"'))
            for a, b, _ in edges),
        "--dot: every edge joins defined nodes")
    solid = [(a, b) for a, b, d in edges if not d]
    want = {(f"s_{t}_{fd}", f"f_{x}") for (t, fd), x in snap.slots().items()}
    want |= {(f"f_{x}", views.inode_node(i)) for x, i in snap.files().items()}
    maps = {(a, b) for a, b in solid if a.startswith("m_")}
    tap(set(solid) - maps == want and not repeated(solid),
        f"--dot: slot -> file and file -> inode edges are exactly the "
        f"snapshot's references ({len(want)})",
        f"extra {sorted(set(solid) - maps - want)[:3]}, missing "
        f"{sorted(want - set(solid))[:3]}")
    tap(sorted(b for _, b in maps) ==
        sorted(f"f_{m['file']}" for m in snap.maps),
        f"--dot: one edge per mapping, to its open file ({len(maps)})")
    epfile = {(r["pid"], r["fd"]): r["file"] for r in snap.fds}
    w_want = sorted((f"f_{epfile[(w['pid'], w['epfd'])]}", f"f_{w['file']}")
                    for w in snap.watches if w["file"] != "-")
    tap(sorted((a, b) for a, b, d in edges if d == "watch") == w_want,
        f"--dot: dashed edges are the epoll watches ({len(w_want)})")
    m_want = sorted(f"f_{epfile[(k['pid'], k['fd'])]}" for k in snap.marks)
    tap(sorted(a for a, _, d in edges if d == "mark") == m_want and
        all(d in ("watch", "mark") for _, _, d in edges if d),
        f"--dot: and the marks ({len(m_want)}), one edge each")


def text_blocks(text):
    """Default view: {pid: [fd, ...]} and the sharing claims
    [(pid, fd, other_pid, other_fd)]."""
    blocks, claims, pid, fd = {}, [], None, None
    for line in text.splitlines():
        m = re.match(r"pid (\d+)(?: tid \d+)? ", line)
        if m:
            pid = int(m.group(1))
            blocks.setdefault(pid, [])
            continue
        m = re.match(r"  fd (\d+) ", line)
        if m:
            fd = int(m.group(1))
            blocks[pid].append(fd)
            continue
        m = re.match(r"\s+same open file as (.*) \(offset shared\)$", line)
        if m:
            for name in m.group(1).split(", "):
                o = re.match(r"(?:pid (\d+) )?fd (\d+)$", name)
                claims.append((pid, fd, int(o.group(1) or pid),
                               int(o.group(2))))
    return blocks, claims


def check_text(snap, text):
    blocks, _ = text_blocks(text)
    want = {}
    for r in snap.fds:
        want.setdefault(int(r["pid"]), []).append(int(r["fd"]))
    for t in snap.tasks:
        want.setdefault(int(t["pid"]), [])
    got = {p: sorted(f) for p, f in blocks.items()}
    tap(got == {p: sorted(f) for p, f in want.items()},
        f"default view: one block per process, each of its {len(snap.fds)} "
        "fds once")


def check_live(parent, child, fan):
    status, out, err = show("-p", str(parent), "-p", str(child), "--json")
    doc = json.loads(out) if status == 0 else {"tasks": []}
    tap(sorted({t["pid"] for t in doc["tasks"]}) == sorted([parent, child]),
        "-p PID -p PID: exactly the two processes", err)

    status, out, _ = show("-p", str(parent), "-p", str(child))
    _, claims = text_blocks(out)
    wrong = [c for c in claims if not same_file(*c)]
    tap(claims and not wrong, f"kcmp agrees with all {len(claims)} "
        "'same open file as' claims", f"wrong: {wrong}")
    fds = {p: [int(f) for f in os.listdir(f"/proc/{p}/fd")]
           for p in (parent, child)}
    missed = [(p, f, q, g) for p in fds for f in fds[p] for q in fds
              for g in fds[q] if (p, f) != (q, g) and
              same_file(p, f, q, g) and (p, f, q, g) not in claims]
    tap(not missed, "every pair kcmp calls the same open file is named",
        f"missed: {missed[:5]}")
    tap(any(c[:2] == (child, fan) and c[2] == parent for c in claims),
        f"the child's fd {fan} is 'same open file as pid {parent} "
        f"fd {fan}' (fork shares open files)")
    tap("kept open by a mapping only" in out,
        "the closed, mapped file is 'kept open by a mapping only'")

    status, out, _ = show("-p", str(parent), "-t", "sock", "--json")
    doc = json.loads(out)
    types = {i["type"] for i in doc["inodes"]}
    nslots = sum(len(t["slots"]) for t in doc["tables"])
    want = sum(1 for f in os.listdir(f"/proc/{parent}/fd") if
               os.readlink(f"/proc/{parent}/fd/{f}").startswith("socket:"))
    tap(types == {"sock"} and nslots == want,
        f"-t sock: only the {want} sockets of the scene ({nslots})")

    status, out, _ = show("-p", str(parent), "-p", str(child), "--shared",
                          "--json")
    doc = json.loads(out)
    got = {(t["id"], s["fd"]) for t in doc["tables"] for s in t["slots"]}
    tap(got == shared_slots(raw.Snap(raw.read([parent, child]))),
        f"--shared: exactly the slots the snapshot shows shared ({len(got)})")


def shared_slots(snap):
    """The rule of fdmodel(1): a slot whose open file is in more than one
    slot or process, whose table serves several tasks, or whose inode is
    held by more than one open file, unless it is an anonymous inode."""
    slots, pids, users, holders = {}, {}, {}, {}
    for r in snap.fds:
        slots.setdefault(r["file"], set()).add((r["table"], r["fd"]))
        pids.setdefault(r["file"], set()).add(r["pid"])
        holders.setdefault((r["dev"], r["ino"]), set()).add(r["file"])
    for m in snap.maps:
        pids.setdefault(m["file"], set()).add(m["pid"])
        holders.setdefault((m["dev"], m["ino"]), set()).add(m["file"])
    for t in snap.tasks:
        users.setdefault(t["table"], set()).add((t["pid"], t["tid"]))
    return {(r["table"], int(r["fd"])) for r in snap.fds
            if len(slots[r["file"]]) > 1 or len(pids[r["file"]]) > 1 or
            len(users[r["table"]]) > 1 or
            (r["type"] != "anon" and len(holders[(r["dev"], r["ino"])]) > 1)}


def lsof(*args):
    """(pid, fd) pairs lsof -F lists, fds as it names them ("3", "mem")."""
    out = subprocess.run(["lsof", "-n", "-P", "-F", "pf", *args],
                         capture_output=True, text=True).stdout
    got, pid = set(), None
    for line in out.splitlines():
        if line[:1] == "p":
            pid = int(line[1:])
        elif line[:1] == "f":
            got.add((pid, line[1:]))
    return got


def shown(*args):
    """(pid, fd) of every slot `fdmodel show ARGS --json` lists, and
    (pid, "mem") for its mappings, as lsof names them."""
    status, out, err = show(*args, "--json")
    if status:
        return {("error", err.strip())}
    doc = json.loads(out)
    tables = {t["id"]: t for t in doc["tables"]}
    got = {(t["pid"], str(s["fd"])) for t in doc["tasks"] if t["table"]
           for s in tables[t["table"]]["slots"]}
    return got | {(m["pid"], "mem") for m in doc["maps"]}


def check_hosts(port):
    """-i @HOST, resolved as lsof resolves it (/etc/hosts: the lab VM has
    no DNS), and a name it cannot resolve for that family refused by both."""
    for spec in (f"@localhost:{port}", "4tcp@localhost"):
        want = lsof("-i", spec)
        tap(want and shown("-i", spec) == want,
            f"fdmodel show -i {spec}: what lsof -i {spec} lists "
            f"({len(want)})", f"fdmodel {shown('-i', spec)}, lsof {want}")
    spec = "6@localhost"
    l6 = subprocess.run(["lsof", "-n", "-P", "-i", spec],
                        capture_output=True, text=True)
    status, out, err = show("-i", spec)
    if l6.returncode == 1 and "unknown host" in l6.stderr:
        tap(status == 1 and not out and len(err.splitlines()) == 1 and
            "unknown host name" in err,
            f"fdmodel show -i {spec}: an unknown host name, as lsof says",
            err)
    else:
        tap(status == 0 and shown("-i", spec) == lsof("-i", spec),
            f"fdmodel show -i {spec}: what lsof -i {spec} lists")


def check_lsof():
    """-i, PATH and -u against lsof's answers to the same questions."""
    if subprocess.run(["sh", "-c", "command -v lsof"],
                      capture_output=True).returncode:
        skip("-i, -u and PATH against lsof", "lsof not installed")
        return
    scene = subprocess.Popen([sys.executable,
                              os.path.join(HERE, "net_scene.py")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    parent, child, port, path = scene.stdout.readline().split()
    snap = raw.Snap(raw.read([int(parent)]))
    want = lsof(path)
    tap(want and shown(path) == want,
        f"fdmodel show PATH: the fds and mappings lsof PATH lists "
        f"({len(want)})", f"fdmodel {shown(path)}, lsof {want}")
    inet = [r for r in snap.fds if r.get("sock_family") == "inet"]
    if not all("sock_local" in r for r in inet):
        skip(f"fdmodel show -i :{port} lists what lsof -i :{port} lists",
             "the module writes no sock_local=")
    else:
        want = lsof("-i", f":{port}")
        tap(len(want) == 3 and shown("-i", f":{port}") == want,
            f"fdmodel show -i :{port}: the listener, the accepted and the "
            f"client socket, as lsof -i :{port}",
            f"fdmodel {shown('-i', f':{port}')}, lsof {want}")
        check_hosts(port)
    scene.stdin.close()
    scene.wait()
    if not all("uid" in t for t in snap.tasks):
        skip("fdmodel show -u lists the processes lsof -u lists",
             "the module writes no uid=")
        return
    other = subprocess.Popen(["setpriv", "--reuid=12345", "--regid=12345",
                              "--clear-groups", "sleep", "60"])
    try:
        want = {p for p, _ in lsof("-u", "12345")}
        status, out, err = show("-u", "12345", "--json")
        got = {t["pid"] for t in json.loads(out)["tasks"]} if not status \
            else err
        tap(want == {other.pid} and got == want,
            "fdmodel show -u 12345: the process setpriv runs as 12345, as "
            "lsof -u 12345", f"fdmodel {got}, lsof {want}")
    finally:
        other.kill()
        other.wait()


def check_errors():
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("# fdmodel 2\n")
    status, out, err = show("--input", f.name)
    os.unlink(f.name)
    tap(status == 1 and len(err.splitlines()) == 1 and "upgrade" in err,
        "an unknown format version: exit 1, one line saying upgrade", err)
    status, out, err = show(user=65534)
    tap(status == 1 and len(err.splitlines()) == 1 and "root" in err,
        "not root: exit 1, one line saying run as root", err)
    ko = os.environ.get("FDMODEL_KO", "/project/fdmodel.ko")
    if subprocess.run(["rmmod", "fdmodel"]).returncode:
        skip("module not loaded: exit 1", "rmmod failed")
        return
    status, out, err = show()
    subprocess.run(["insmod", ko], check=True)
    tap(status == 1 and len(err.splitlines()) == 1 and "load the module"
        in err, "module not loaded: exit 1, one line saying load it", err)


def check_render(path):
    if subprocess.run(["sh", "-c", "command -v dot"],
                      capture_output=True).returncode:
        skip("--svg renders with dot", "graphviz not installed")
        return
    status, _, err = show("--input", path, "--svg", path + ".svg")
    with open(path + ".svg") as f:
        svg = f.read()
    tap(status == 0 and "<svg" in svg and "open file table" in svg,
        "--svg FILE: dot renders the three tables", err)


def main():
    start()
    scene = subprocess.Popen([sys.executable, os.path.join(HERE, "scene.py")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    parent, child, fan = map(int, scene.stdout.readline().split())
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "snapshot")
    with open(path, "w") as f:
        f.write(raw.read())
    with open(path) as f:
        snap = raw.Snap(f.read())
    outs = {}
    for view in ("", "--tables", "--json", "--dot"):
        args = ["--input", path] + ([view] if view else [])
        status, outs[view], err = show(*args)
        tap(status == 0 and outs[view],
            f"fdmodel show {view or '(default)'} reads the saved snapshot",
            err)
    doc = check_json(snap, outs["--json"])
    if doc:
        round_trip(snap, doc)
        anon_state(snap, doc)
        marks_and_locks(snap, doc, outs["--tables"])
    check_tables(snap, outs["--tables"])
    check_dot(snap, outs["--dot"])
    check_text(snap, outs[""])
    check_live(parent, child, fan)
    check_render(path)
    scene.stdin.close()
    scene.wait()
    check_lsof()
    check_errors()
    return done()


sys.exit(main())
