/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_CHECK_H
#define FDMODEL_TRACE_CHECK_H

struct bpf_object;

/*
 * What must hold before loading, each reported as one clear line:
 * privileges (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN), kernel BTF, and
 * the attach point of every program that will load. 0 or -1.
 */
int trace_check_privileges(void);
int trace_check_kernel(struct bpf_object *obj);

#endif /* FDMODEL_TRACE_CHECK_H */
