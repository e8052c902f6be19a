/* SPDX-License-Identifier: GPL-2.0 */
/*
 * map events: mmap of a file (calls.bpf.h leaves anonymous mmaps out
 * before the entry), and munmap and mremap of a range that touches a
 * file mapping.
 *
 * Whether a range touches one is asked of the task's own mappings at
 * entry, before the call changes them, with bpf_find_vma(): it finds the
 * mapping that holds an address, under the mapping lock taken with a
 * trylock. It cannot jump a hole, so the scan walks the range mapping by
 * mapping while they are contiguous; a range it cannot settle (a hole
 * first, a busy lock, more than VMA_SCAN_STEPS mappings) makes an event
 * with no file rather than none: a change to the maps is never lost,
 * only reported when it may not have been one. munmaps of anonymous
 * memory (malloc's large blocks, thread stacks) make no event.
 */
#ifndef FDMODEL_MAP_BPF_H
#define FDMODEL_MAP_BPF_H

#include "common.bpf.h"

#define PAGE_SHIFT	12
#define VMA_SCAN_STEPS	16

/* What the exit needs from the entry (syscalls.bpf.c keeps it). */
struct map_start {
	__u64 file;
	__u64 addr;
	__u64 len;
	__u64 old_addr;
	__u64 old_len;
	__u64 pgoff;
	__u32 prot;
	__u32 flags;
	__s32 fd;
};

struct vma_scan {
	__u64 next;		/* the first address not looked at yet */
	__u64 file;		/* the file the last mapping found holds */
};

static long vma_scan_one(struct task_struct *task,
			 struct vm_area_struct *vma, void *data)
{
	struct vma_scan *scan = data;

	scan->file = (__u64)vma->vm_file;
	scan->next = vma->vm_end;
	return 0;
}

/*
 * The file of the first file mapping in [addr, end), 0 when the range
 * holds anonymous memory only, or -1 when the scan cannot tell.
 */
static __always_inline __u64 range_file(__u64 addr, __u64 end)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct vma_scan scan = { .next = addr };
	int i;

	for (i = 0; i < VMA_SCAN_STEPS; i++) {
		if (bpf_find_vma(task, scan.next, vma_scan_one, &scan, 0))
			return -1;
		if (scan.file)
			return scan.file;
		if (scan.next >= end)
			return 0;
	}
	return -1;
}

/*
 * False when the call makes no event: a range of anonymous memory. Sets
 * every field, as the slot may hold an earlier call's.
 */
static __always_inline bool map_begin(struct map_start *s, __u8 call,
				      const struct pt_regs *regs)
{
	__u64 file, start, span;

	__builtin_memset(s, 0, sizeof(*s));
	s->fd = -1;
	switch (call) {
	case FDM_CALL_MMAP:
		s->addr = SYSCALL_ARG1(regs);
		s->len = SYSCALL_ARG2(regs);
		s->prot = SYSCALL_ARG3(regs);
		s->flags = SYSCALL_ARG4(regs);
		s->fd = SYSCALL_ARG5(regs);
		s->pgoff = SYSCALL_ARG6(regs) >> PAGE_SHIFT;
		s->file = (__u64)current_fd_file(s->fd);
		return true;
	case FDM_CALL_MUNMAP:
		start = s->addr = SYSCALL_ARG1(regs);
		span = s->len = SYSCALL_ARG2(regs);
		break;
	default:	/* mremap: an old_len of 0 duplicates the mapping */
		start = s->old_addr = SYSCALL_ARG1(regs);
		s->old_len = SYSCALL_ARG2(regs);
		s->len = SYSCALL_ARG3(regs);
		s->flags = SYSCALL_ARG4(regs);
		s->addr = SYSCALL_ARG5(regs);
		span = s->old_len ? s->old_len : 1;
		break;
	}
	file = range_file(start, start + span);
	if (!file)
		return false;
	s->file = file == -1 ? 0 : file;
	return true;
}

static __always_inline void map_end(struct fdm_map_event *e,
				    const struct map_start *s, long ret)
{
	struct vma_scan scan = {};
	struct file *file = (void *)s->file;
	struct inode *inode;

	e->file = s->file;
	/*
	 * The file the new mapping holds: the fd's, but for a file that
	 * maps another in its place (overlayfs' backing file, /dev/zero's
	 * shared memory), as /proc/fdmodel's map lines name it.
	 */
	if (s->fd >= 0 && ret >= 0 &&
	    !bpf_find_vma(bpf_get_current_task_btf(), ret, vma_scan_one,
			  &scan, 0) && scan.file)
		e->file = scan.file;
	inode = file ? BPF_CORE_READ(file, f_inode) : NULL;
	e->ino = inode ? BPF_CORE_READ(inode, i_ino) : 0;
	e->dev = inode ? BPF_CORE_READ(inode, i_sb, s_dev) : 0;
	e->addr = s->addr;
	e->len = s->len;
	e->old_addr = s->old_addr;
	e->old_len = s->old_len;
	e->pgoff = s->pgoff;
	e->prot = s->prot;
	e->flags = s->flags;
	e->fd = s->fd;
}

#endif /* FDMODEL_MAP_BPF_H */
