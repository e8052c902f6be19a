// SPDX-License-Identifier: GPL-2.0
/*
 * open events for fds that calls off trace.h's list install (call
 * "other"): clone's CLONE_PIDFD, ioctls and bpf() that return fds,
 * io_uring's openat, seccomp's addfd... Every fd a table gets passes
 * through fd_install(), so its fexit sees them all; calls on the list
 * (open and dup types) report their own fds at sys_exit and are left to
 * it. Only where the kernel allows fexit (the lab VM's kernels, not this
 * machine's 6.18, which refuses it): the collector leaves this program
 * out elsewhere (trace_check.c).
 */
#include "common.bpf.h"
#include "open.bpf.h"

SEC("fexit/fd_install")
int BPF_PROG(open_other_install, unsigned int fd, struct file *file)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct open_start s = { .dirfd = AT_FDCWD };
	struct open_call c = {
		.ret = fd, .s = &s, .call = FDM_CALL_OTHER_INSTALL,
	};
	struct pt_regs *regs;
	__u8 call, type;

	if (!(event_mask & (1U << FDM_OPEN)) || !trace_wanted())
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	s.how = BPF_CORE_READ(regs, orig_ax);	/* the installing syscall */
	if (syscall_call(s.how, &call, &type) &&
	    (type == FDM_OPEN || type == FDM_DUP))
		return 0;
	c.ts = bpf_ktime_get_ns();
	open_emit(&c, fd, 0, 1);
	return 0;
}
