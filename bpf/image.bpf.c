// SPDX-License-Identifier: GPL-2.0
/*
 * image events: what an exec maps without a call of the program's. The
 * kernel's ELF loader maps the program and its interpreter segment by
 * segment (vm_mmap(), no mmap syscall), so no map event shows them, and
 * the live model would not know the files those mappings hold.
 *
 * At sched_process_exec the new address space is complete. From an
 * address in each file's text (the program's start_code, the
 * interpreter's entry point, where the saved user ip now points), the
 * neighbouring mappings of the same file are found with bpf_find_vma():
 * an ELF file's segments are mapped next to each other.
 */
#include "common.bpf.h"

#define VM_READ		0x1
#define VM_WRITE	0x2
#define VM_EXEC		0x4
#define VM_MAYSHARE	0x80
#define PROT_SHARED	0x100	/* fdm_image_map.prot: VM_MAYSHARE */
#define WALK		8	/* mappings looked at per direction */

struct walk {
	struct fdm_image_event *e;
	struct file *file;	/* the file being walked, set by the first */
	__u64 start, end;	/* of the mapping found */
	bool found;
};

static long found_vma(struct task_struct *task, struct vm_area_struct *vma,
		      struct walk *w)
{
	struct file *file = vma->vm_file;

	w->found = file && (!w->file || file == w->file);
	if (!w->found)
		return 0;
	w->file = file;
	w->start = vma->vm_start;
	w->end = vma->vm_end;
	return 0;
}

/* Record the mapping found, as an image map. */
static long keep_vma(struct task_struct *task, struct vm_area_struct *vma,
		     struct walk *w)
{
	struct fdm_image_event *e = w->e;
	struct fdm_image_map *m;
	struct inode *inode;
	__u32 n = e->nmaps;
	__u64 flags;

	if (vma->vm_file != w->file)
		return 0;
	if (n >= FDM_IMAGE_MAPS) {
		e->truncated = 1;
		return 0;
	}
	m = &e->maps[n];
	flags = vma->vm_flags;
	inode = w->file->f_inode;
	m->file = (__u64)w->file;
	m->start = vma->vm_start;
	m->end = vma->vm_end;
	m->off = vma->vm_pgoff << 12;
	m->ino = inode->i_ino;
	m->dev = inode->i_sb->s_dev;
	m->prot = (flags & VM_READ ? 1 : 0) | (flags & VM_WRITE ? 2 : 0) |
		  (flags & VM_EXEC ? 4 : 0) |
		  (flags & VM_MAYSHARE ? PROT_SHARED : 0);
	e->nmaps = n + 1;
	return 0;
}

/* Every mapping of the file mapped at @addr, lowest first. */
static void walk_file(struct task_struct *task, struct walk *w, __u64 addr)
{
	__u64 low;
	int i;

	w->file = NULL;
	w->found = false;
	bpf_find_vma(task, addr, found_vma, w, 0);
	if (!w->found)
		return;
	/* Down to the file's first segment... */
	for (i = 0; i < WALK; i++) {
		low = w->start;
		bpf_find_vma(task, low - 1, found_vma, w, 0);
		if (!w->found || w->end != low) {
			w->start = low;
			break;
		}
	}
	/* ...then up, keeping each. */
	for (i = 0; i < 2 * WALK; i++) {
		addr = w->start;
		w->found = false;
		bpf_find_vma(task, addr, found_vma, w, 0);
		if (!w->found)
			break;
		bpf_find_vma(task, addr, keep_vma, w, 0);
		w->start = w->end;
	}
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(image_exec, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
	struct fdm_image_event *e;
	struct walk w = {};
	struct file *program;

	if (!trace_wanted() || !task->mm)
		return 0;
	e = trace_reserve(FDM_IMAGE, sizeof(*e));
	if (!e)
		return 0;
	trace_fill_head(&e->h, FDM_IMAGE, FDM_CALL_EXEC_IMAGE,
			bpf_ktime_get_ns(), 0);
	e->nmaps = 0;
	e->truncated = 0;
	w.e = e;
	walk_file(task, &w, task->mm->start_code);
	program = w.file;
	/* A static program is its own interpreter. */
	w.file = NULL;
	bpf_find_vma(task, regs->ip, found_vma, &w, 0);
	if (w.found && w.file != program)
		walk_file(task, &w, regs->ip);
	trace_submit(e);
	return 0;
}
