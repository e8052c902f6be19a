// SPDX-License-Identifier: GPL-2.0
/*
 * The floor under any tracer of a syscall: programs that do nothing, on
 * the attach points `fdmodel trace` uses (bpf/syscalls.bpf.c). What a
 * process pays with these attached is what it pays before a probe does
 * any work: the raw sys_enter and sys_exit tracepoints put every syscall
 * of every task through the tracing slow path; a trampoline on
 * __x64_sys_pread64 runs for every caller of pread, filtered or not.
 * ring_exit adds the least a tracer that delivers every call must do:
 * a record per pread in a ring buffer, and in it only the time.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define __NR_pread64	17	/* x86_64 */

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

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24);
} records SEC(".maps");

SEC("tp_btf/sys_exit")
int BPF_PROG(ring_exit, struct pt_regs *regs, long ret)
{
	__u64 *r;

	if (regs->orig_ax != __NR_pread64)
		return 0;
	r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
	if (!r)
		return 0;
	*r = bpf_ktime_get_ns();
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
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
