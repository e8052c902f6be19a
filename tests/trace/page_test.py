#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The step-through page of `fdmodel trace --html`, end to end: a scenario
traced with --model --json, its page made from the saved stream (-i), and
the page opened in headless Chromium. TAP (kselftest style) on stdout.

usage: page_test.py FDMODEL SCENARIO_DIR

The page must be self-contained (no http, no //), have one step per event
of the stream with a model member, show different pictures at step 1
and at the last step, and at the last step draw exactly the fds the
scenario says it holds, as /proc/self/fd told it (tests/trace/page_story.c).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from tap import ok, start, done  # noqa: E402

FDMODEL, SCEN = sys.argv[1], sys.argv[2]
DEADLINE_S = 60
TMP = tempfile.mkdtemp(prefix="fdmodel-page-")


def facts(path):
    out = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                out[k] = v
    return out


def record(name, *opts, story=()):
    """fdmodel trace OPTS -- page_story STORY until it says what it holds,
    then Ctrl-C; its stdout in TMP/name, what page_story said, status,
    stderr."""
    out = os.path.join(TMP, name + ".out")
    saved = os.path.join(TMP, name)
    env = dict(os.environ, SCENARIO_OUT=out)
    with open(saved, "w") as f:
        p = subprocess.Popen([FDMODEL, "trace", *opts, "--",
                              os.path.join(SCEN, "page_story"), *story],
                             stdout=f, stderr=subprocess.PIPE, text=True,
                             env=env)
        end = time.monotonic() + DEADLINE_S
        while "holding" not in facts(out) and p.poll() is None and \
                time.monotonic() < end:
            time.sleep(0.05)
        p.send_signal(signal.SIGINT)
        err = p.communicate(timeout=DEADLINE_S)[1]
    return saved, facts(out), p.returncode, err


def model_events(jsonl):
    """Events of the stream whose model member says what they changed."""
    with open(jsonl) as f:
        objs = [json.loads(line) for line in f if line.startswith("{")]
    return sum(bool("call" in o and o.get("model")) for o in objs)


def chromium(*args):
    """Headless Chromium with a profile of its own in TMP (root needs no
    sandbox); its output."""
    return subprocess.run(["chromium", "--headless", "--no-sandbox",
                           "--disable-gpu", "--disable-dev-shm-usage",
                           f"--user-data-dir={TMP}/chromium",
                           "--hide-scrollbars", "--window-size=1200,900",
                           *args],
                          capture_output=True, timeout=DEADLINE_S)


def shown_fds(dom, pid):
    """The fds drawn in pid's fd table in the picture the page shows."""
    m = re.search(r'<section class="step on".*?<div class="fig">(.*?)</div>',
                  dom, re.S)
    if not m:
        return None
    step = m.group(1)
    t = re.search(r">pid %d [^<]*</text>\s*<text[^>]*>fd table "
                  r"([0-9a-f]+)</text>" % pid, step)
    if not t:
        return None
    return sorted(int(fd) for fd in re.findall(
        r"<title>s_%s[0-9a-f]*_(\d+)</title>" % t.group(1), step))


def last_step(page, fx):
    """The fds page_story said it holds, and those the page's last step
    draws for it in Chromium."""
    dom = chromium("--dump-dom", f"file://{page}#last").stdout.decode()
    held = sorted(int(fd) for fd in fx.get("holding", "").split(",") if fd)
    return held, shown_fds(dom, int(fx.get("pid", 0)))


def main():
    start()
    if not shutil.which("chromium") or not shutil.which("dot"):
        ok(False, "chromium and dot installed (vm/host-packages)")
        return done()
    jsonl, fx, status, err = record("story.jsonl", "--model", "--json")
    ok(status == 0 and "holding" in fx, "page_story traced with --model "
       "--json until it said what it holds", err)
    page = os.path.join(TMP, "story.html")
    p = subprocess.run([FDMODEL, "trace", "--html", page, "-i", jsonl],
                       capture_output=True, text=True)
    if not ok(p.returncode == 0 and os.path.exists(page),
              "fdmodel trace --html -i made the page", p.stderr):
        return done()
    html = open(page).read()
    ok("http" not in html and "//" not in html,
       "the page is self-contained: no http, no //",
       [l for l in html.splitlines() if "http" in l or "//" in l][:5])
    steps = html.count('<section class="step')
    want = model_events(jsonl)
    ok(steps == want and steps > 1, f"one step per model change the "
       f"stream reports ({steps} steps, {want} changes)")
    ok(html.count("<svg") == steps, "each step has its picture")
    shots = []
    for where in ("1", "last"):
        png = os.path.join(TMP, f"step-{where}.png")
        chromium(f"--screenshot={png}", f"file://{page}#{where}")
        shots.append(open(png, "rb").read() if os.path.exists(png) else b"")
    ok(all(shots) and shots[0] != shots[1],
       "Chromium draws step 1 and the last step, and they differ")
    held, drawn = last_step(page, fx)
    ok(drawn == held, "the last step draws the fds page_story holds, "
       "as its /proc/self/fd says", f"drawn {drawn}, held {held}")
    live()
    large()
    bad_input()
    return done()


def live():
    """The page made live, --html FILE -- CMD, shows the same end."""
    page = os.path.join(TMP, "live.html")
    _, fx, status, err = record("live.out", "--html", page)
    ok(status == 0 and os.path.exists(page), "fdmodel trace --html FILE "
       "-- CMD made the page live", err)
    if not os.path.exists(page):
        return
    held, drawn = last_step(page, fx)
    ok(drawn == held, "its last step draws the fds page_story holds",
       f"drawn {drawn}, held {held}")



def large():
    """A run larger than the page lists or draws (fdmodel(1): 5000 steps
    listed, 100 drawn) still makes a page that says what it left out and
    opens at its last step."""
    jsonl, _, status, err = record("many.jsonl", "--model", "--json",
                                   story=("many",))
    page = os.path.join(TMP, "many.html")
    p = subprocess.run([FDMODEL, "trace", "--html", page, "-i", jsonl],
                       capture_output=True, text=True)
    if not ok(status == 0 and p.returncode == 0, "the page of page_story "
              "many", err + p.stderr):
        return
    html = open(page).read()
    changes = model_events(jsonl)
    steps = html.count('<section class="step')
    more = re.search(r"made (\d+) more changes after these (\d+) steps",
                     html)
    ok(changes > 5000 and steps == 5000 and more and
       int(more.group(1)) == changes - steps,
       f"5000 of its {changes} changes listed, the rest counted on the page",
       more.group(0) if more else f"{steps} steps")
    ok(0 < html.count("<svg") <= 100, "100 steps drawn at most")
    dom = chromium("--dump-dom", f"file://{page}#last").stdout.decode()
    ok('<section class="step on" id="s5000"' in dom,
       "Chromium opens it at its last step")


def bad_input():
    """A stream that is not --model --json output: one line, status 1, no
    page."""
    cases = {"not JSON": '{"time_ns": 1, "type": "dup"\n',
             "no model member": '{"time_ns": 1, "type": "dup", "call": '
                                '"dup", "pid": 1, "ret": 4}\n'}
    for what, text in cases.items():
        bad = os.path.join(TMP, "bad.jsonl")
        page = os.path.join(TMP, "bad.html")
        with open(bad, "w") as f:
            f.write(text)
        p = subprocess.run([FDMODEL, "trace", "--html", page, "-i", bad],
                           capture_output=True, text=True)
        ok(p.returncode == 1 and len(p.stderr.splitlines()) == 1 and
           not os.path.exists(page), f"bad input, {what}: one line, "
           "status 1, no page", p.stderr)


if __name__ == "__main__":
    status = main()
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(status)
