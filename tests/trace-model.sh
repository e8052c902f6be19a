#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The live model's tests (fdmodel trace --model) on the lab VM's kernel,
# with the module loaded: the model check at every stop point.
exec "$(dirname "$0")/trace/run-guest" --model
