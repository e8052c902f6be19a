// SPDX-License-Identifier: GPL-2.0
/*
 * The floor under any tracer of a syscall: programs that do nothing, on
 * the attach points `fdmodel trace` uses (bpf/syscalls.bpf.c). What a
 * process pays with these attached is what it pays before a probe does
 * any work: the raw sys_enter and sys_exit tracepoints put every syscall
 * of every task through the tracing slow path; a trampoline on
 * __x64_sys_pread64 runs for every caller of pread, filtered or not.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_enter, struct pt_regs *regs, long nr)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_exit, struct pt_regs *regs, long ret)
{
	return 0;
}

SEC("fentry/__x64_sys_pread64")
int BPF_PROG(floor_fentry, struct pt_regs *regs)
{
	return 0;
}

SEC("fexit/__x64_sys_pread64")
int BPF_PROG(floor_fexit, struct pt_regs *regs, long ret)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
