#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the lab VM fdmodel is installed like a tool (vm/guest-init links it
# in): the command on PATH is the one built here, and man finds both of
# its pages, so the README's `fdmodel ...` and a lab run by hand work.
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)

tap_plan 3
path=$(command -v fdmodel)
[ -n "$path" ] && [ "$path" -ef "$top/build/user/fdmodel" ]
tap_ok $? "fdmodel on PATH is build/user/fdmodel (${path:-not found})"
# The NAME line of each page, as man renders it.
man -P cat 1 fdmodel 2>&1 | grep -q 'show and trace the kernel'
tap_ok $? "man fdmodel renders docs/fdmodel.1"
man -P cat 5 fdmodel 2>&1 | grep -q 'fd tables, open files and inodes as text'
tap_ok $? "man 5 fdmodel renders docs/fdmodel.5"
tap_exit
