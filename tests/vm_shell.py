#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make vm`, typed at as a user would: on a terminal (a pty), wait for the
lab VM's shell, run the README's first commands, interrupt a command with
Ctrl-C, leave the shell and see QEMU go. TAP (kselftest style) on stdout.

usage: tests/vm_shell.py [KVER]

Every answer is awaited as a marker the shell computes (echo M-$((6*7))
prints M-42, which the echo of the typed line does not contain), with a
deadline, so a slow boot is waited for and a hang fails instead of
blocking.
"""
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tap import ok, diag, start, done  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOT_S = 300		# first boot may build the image
ANSWER_S = 120


class Term:
    """The user's side of the terminal make vm runs on."""

    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(TOP)
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", 40, 120, 0, 0))
        self.text = ""

    def read_until(self, pattern, timeout):
        """Wait for pattern in what arrived since the last match."""
        end = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.text)
            if m:
                seen = self.text[:m.end()]
                self.text = self.text[m.end():]
                return seen
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return None
            if not data:
                return None
            self.text += data.decode(errors="replace").replace("\r", "")

    def type(self, text):
        os.write(self.fd, text.encode())

    def ask(self, command, tag, timeout=ANSWER_S):
        """Run command; its output up to the marker line TAG-<n>."""
        n = len(tag) * 7
        self.type(f"{command}; echo {tag}-$(({n} * 1))\n")
        return self.read_until(rf"{tag}-{n}\n", timeout)

    def wait_exit(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            self.read_until(r"$^", 0.5)	# keep draining
        return None


def main():
    start()
    env = dict(os.environ, TERM="xterm")
    if len(sys.argv) > 1:
        env["KVER"] = sys.argv[1]
    term = Term(["make", "-s", "--no-print-directory", "vm"], env)
    banner = term.read_until(r"fdmodel lab VM, Linux \S+", BOOT_S)
    if not ok(banner, "make vm: the lab VM's banner", term.text[-2000:]):
        os.kill(term.pid, 9)
        return done()
    # Typed before the shell is up, input is lost as on any terminal
    # (the guest sets the console's size first): wait for the prompt.
    prompt = term.read_until(r"root@fdmodel-lab:\S*# ", ANSWER_S)
    ready = prompt is not None and term.ask("stty -echo", "READY")
    ok(ready, "a shell answers on the terminal", term.text[-2000:])

    out = term.ask("tty; readlink /proc/$$/fd/0", "TTY")
    ok(out and "/dev/hvc0\n/dev/hvc0\n" in out,
       "the shell's terminal is the virtio console", out)
    out = term.ask("head -1 /proc/fdmodel", "PROC")
    ok(out and "# fdmodel 1" in out, "fdmodel.ko is loaded: /proc/fdmodel",
       out)
    # The README's tour: fdmodel is on PATH, and the shell's own fd 0 is
    # the console in its view, as /proc says.
    out = term.ask("fdmodel show -p $$", "SHOW")
    ok(out and re.search(r"\bfd 0\b.*/dev/hvc0", out),
       "fdmodel show -p $$ (on PATH) shows fd 0 on /dev/hvc0", out)

    term.type("(echo STARTED-$((3 * 3)); exec sleep 600)\n")
    started = term.read_until(r"STARTED-9\n", ANSWER_S)
    ok(started is not None, "a long command runs", term.text[-2000:])
    # Without Ctrl-C reaching it, sleep holds the shell for 600 s and the
    # next answer never comes within its deadline.
    term.type("\x03")
    rc = term.ask("echo RC=$?", "RC")
    ok(rc and "RC=130" in rc, "Ctrl-C kills it (status 130), the shell "
       "goes on", term.text[-2000:])

    term.type("exit\n")
    status = term.wait_exit(ANSWER_S)
    ok(status == 0, "exit powers the VM off and make vm ends with 0",
       f"status {status}")
    if status is None:
        os.kill(term.pid, 9)
        diag(term.text[-2000:])
    return done()


if __name__ == "__main__":
    sys.exit(main())
