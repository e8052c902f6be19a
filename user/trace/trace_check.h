/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_CHECK_H
#define FDMODEL_TRACE_CHECK_H

#include <stdbool.h>

struct bpf_object;
struct btf;

/*
 * What must hold before loading, each reported as one clear line:
 * privileges (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN), kernel BTF, and
 * the attach point of every program that will load. 0 or -1. Programs
 * the kernel cannot load but the trace can do without (fexit, where it
 * is refused) are left out, with a line saying so when verbose; the
 * syscalls are seen on fentry and fexit where allowed (calls_choose()).
 */
int trace_check_privileges(void);
int trace_check_kernel(struct bpf_object *obj, unsigned int types,
		       bool verbose);

/* Does the kernel load fexit programs on the function func? */
bool fexit_allowed(const struct btf *btf, const char *func);

#endif /* FDMODEL_TRACE_CHECK_H */
