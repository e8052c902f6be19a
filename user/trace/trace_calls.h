/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_CALLS_H
#define FDMODEL_TRACE_CALLS_H

#include <stdbool.h>

struct bpf_object;
struct btf;

/*
 * Before loading: set the syscall probes of obj to fentry and fexit on
 * the functions of the calls that can make the event types traced,
 * where the kernel allows it, or else to the raw syscall tracepoints;
 * verbose says which. 0 or -1 (a line printed).
 */
int calls_choose(struct bpf_object *obj, const struct btf *btf,
		 unsigned int types, bool verbose);

#endif /* FDMODEL_TRACE_CALLS_H */
