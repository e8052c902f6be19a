# SPDX-License-Identifier: GPL-2.0
"""TAP for the Python tests, the same output as tap.c and tap.sh: "ok N
desc" / "not ok N desc" and "# " diagnostics, numbered as they come. The
plan is printed at the end, from the results themselves, so no test
counts it by hand; the exit status is that of tap_exit()."""
DIAG_LINES = 30
_results = []


def diag(text):
    for line in str(text).splitlines()[:DIAG_LINES]:
        print(f"# {line}", flush=True)


def ok(cond, desc, why=None):
    """One result; on failure, why (any object) as diagnostics."""
    _results.append(bool(cond))
    print(f"{'ok' if cond else 'not ok'} {len(_results)} {desc}", flush=True)
    if why and not cond:
        diag(why)
    return bool(cond)


def skip(desc, why):
    _results.append(True)
    print(f"ok {len(_results)} {desc} # SKIP {why}", flush=True)


def start():
    print("TAP version 13", flush=True)


def done():
    """The plan; returns the exit status: 1 when anything failed."""
    print(f"1..{len(_results)}", flush=True)
    return 0 if all(_results) else 1


def run(tests):
    """Each test in turn; one that raises fails, the others still run."""
    for test in tests:
        try:
            test()
        except Exception as e:
            ok(False, f"{test.__name__}: raised {type(e).__name__}", e)

