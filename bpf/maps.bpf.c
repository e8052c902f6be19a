// SPDX-License-Identifier: GPL-2.0
/*
 * The one definition of the maps and settings every probe shares (see
 * common.bpf.h); the programs themselves are in syscalls.bpf.c and
 * fork.bpf.c.
 */
#define TRACE_DEFINE
#include "common.bpf.h"

char LICENSE[] SEC("license") = "GPL";
