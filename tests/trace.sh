#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The trace tests on the lab VM's kernel, as one program of tests/run.
exec "$(dirname "$0")/trace/run-guest"
