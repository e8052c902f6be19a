// SPDX-License-Identifier: GPL-2.0
/*
 * Each event type's own fields, after the columns every event has (see
 * trace_print.c), with the same keys in text and JSON. Files are named
 * as /proc/PID/fd names them (strace -y): a path, pipe:[ino],
 * socket:[ino], anon_inode:[class].
 */
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <linux/magic.h>
#include <linux/sched.h>	/* CLONE_*, CSIGNAL */
#include "trace_fields.h"

/* Clone flags by name, in bit order; the low byte is the exit signal. */
static const char *const clone_flag_names[64] = {
	[8] = "CLONE_VM", [9] = "CLONE_FS", [10] = "CLONE_FILES",
	[11] = "CLONE_SIGHAND", [12] = "CLONE_PIDFD", [13] = "CLONE_PTRACE",
	[14] = "CLONE_VFORK", [15] = "CLONE_PARENT", [16] = "CLONE_THREAD",
	[17] = "CLONE_NEWNS", [18] = "CLONE_SYSVSEM", [19] = "CLONE_SETTLS",
	[20] = "CLONE_PARENT_SETTID", [21] = "CLONE_CHILD_CLEARTID",
	[22] = "CLONE_DETACHED", [23] = "CLONE_UNTRACED",
	[24] = "CLONE_CHILD_SETTID", [25] = "CLONE_NEWCGROUP",
	[26] = "CLONE_NEWUTS", [27] = "CLONE_NEWIPC", [28] = "CLONE_NEWUSER",
	[29] = "CLONE_NEWPID", [30] = "CLONE_NEWNET", [31] = "CLONE_IO",
	[32] = "CLONE_CLEAR_SIGHAND", [33] = "CLONE_INTO_CGROUP",
};

static void clone_flags_str(char *buf, size_t size, uint64_t flags)
{
	size_t len = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 8; bit < 64; bit++) {
		if (!(flags & (1ULL << bit)))
			continue;
		if (clone_flag_names[bit])
			len += snprintf(buf + len, size - len, "%s%s",
					len ? "|" : "", clone_flag_names[bit]);
		else
			len += snprintf(buf + len, size - len, "%s0x%llx",
					len ? "|" : "", 1ULL << bit);
		if (len >= size)
			return;
	}
	if (flags & CSIGNAL) {
		const char *sig = sigabbrev_np(flags & CSIGNAL);

		if (sig)
			snprintf(buf + len, size - len, "%sSIG%s",
				 len ? "|" : "", sig);
		else
			snprintf(buf + len, size - len, "%s%llu",
				 len ? "|" : "",
				 (unsigned long long)(flags & CSIGNAL));
	} else if (!len) {
		snprintf(buf, size, "0");
	}
}

void fields_dup(struct line *l, const struct fdm_dup_event *e)
{
	bool fcntl = e->h.call == FDM_CALL_FCNTL_DUPFD ||
		     e->h.call == FDM_CALL_FCNTL_DUPFD_CLOEXEC;

	line_s64(l, "oldfd", e->oldfd);
	line_opt(l, "newfd", e->h.ret >= 0 ? e->h.ret :
			     fcntl ? -1 : e->newfd);
	line_opt(l, "minfd", fcntl ? e->newfd : -1);
	line_bool(l, "cloexec", e->cloexec);
	line_id(l, "file", e->file);
	line_id(l, "replaced", e->replaced);
}

void fields_fork(struct line *l, const struct fdm_fork_event *e)
{
	char flags[512];

	line_u64(l, "child_pid", e->child_pid);
	line_u64(l, "child_tid", e->child_tid);
	line_str(l, "kind", e->flags & CLONE_THREAD ? "thread" : "process");
	line_str(l, "files", e->flags & CLONE_FILES ? "shared" : "copied");
	line_str(l, "vm", e->flags & CLONE_VM ? "shared" : "copied");
	line_id(l, "child_table", e->child_table);
	line_u64(l, "child_fds", e->child_fds);
	clone_flags_str(flags, sizeof(flags), e->flags);
	line_str(l, "flags", flags);
}

/* readv, writev and their p and p...2 variants: iovcnt is theirs. */
static bool is_vector_call(unsigned int call)
{
	switch (call) {
	case FDM_CALL_READV:
	case FDM_CALL_PREADV:
	case FDM_CALL_PREADV2:
	case FDM_CALL_WRITEV:
	case FDM_CALL_PWRITEV:
	case FDM_CALL_PWRITEV2:
		return true;
	}
	return false;
}

void fields_read(struct line *l, const struct fdm_read_event *e)
{
	line_s64(l, "fd", e->fd);
	line_id(l, "file", e->file);
	line_dev(l, "dev", e->dev >> 20, e->dev & 0xfffff);
	line_u64(l, "ino", e->ino);
	line_s64(l, "pos_before", e->pos_before);
	line_s64(l, "pos_after", e->pos_after);
	line_opt(l, "offset", e->offset);
	line_u64(l, "count", e->count);
	line_opt(l, "iovcnt", is_vector_call(e->h.call) ? (int64_t)e->iovcnt :
							  -1);
	line_u64(l, "dur_ns", e->dur_ns);
}

void fields_epoll(struct line *l, const struct fdm_epoll_event *e)
{
	line_s64(l, "epfd", e->epfd);
	line_id(l, "file", e->file);
	line_s64(l, "maxevents", e->maxevents);
	line_s64(l, "timeout_ns", e->timeout_ns);
	line_opt(l, "ready", e->h.ret);
	line_u64(l, "interest", e->interest);
	line_bool(l, "interest_truncated", e->interest_truncated);
	line_ints(l, "ready_fds", e->ready_fds,
		  e->nready_fds < FDM_READY_FDS ? e->nready_fds :
						  FDM_READY_FDS);
	line_u64(l, "dur_ns", e->dur_ns);
}


/* pidfds have a filesystem of their own since 6.9 (uapi headers 6.9+). */
#ifndef PID_FS_MAGIC
#define PID_FS_MAGIC		0x50494446
#endif

const char *mode_type(unsigned int mode, unsigned int magic)
{
	if (magic == ANON_INODE_FS_MAGIC || magic == PID_FS_MAGIC)
		return "anon";
	switch (mode & S_IFMT) {
	case S_IFREG:	return "reg";
	case S_IFDIR:	return "dir";
	case S_IFCHR:	return "chr";
	case S_IFBLK:	return "blk";
	case S_IFIFO:	return "fifo";
	case S_IFSOCK:	return "sock";
	case S_IFLNK:	return "lnk";
	}
	return "unknown";
}

void file_name(char *buf, size_t size, const struct fdm_open_event *e)
{
	char name[FDM_PATH_LEN + 1];

	memcpy(name, e->name, FDM_PATH_LEN);
	name[FDM_PATH_LEN] = '\0';
	switch (e->magic) {
	case PIPEFS_MAGIC:
		snprintf(buf, size, "pipe:[%llu]", (unsigned long long)e->ino);
		break;
	case SOCKFS_MAGIC:
		snprintf(buf, size, "socket:[%llu]",
			 (unsigned long long)e->ino);
		break;
	case ANON_INODE_FS_MAGIC:
		snprintf(buf, size, "anon_inode:%s",
			 name + (name[0] == '/'));
		break;
	case PID_FS_MAGIC:
		snprintf(buf, size, "anon_inode:[pidfd]");
		break;
	default:
		snprintf(buf, size, "%s", name);
	}
}

/* A fixed-size string from the kernel, which may lack its NUL. */
static void line_fixed(struct line *l, const char *key, const char *s,
		       size_t size)
{
	char buf[FDM_PATH_LEN + 1];

	if (size > FDM_PATH_LEN)
		size = FDM_PATH_LEN;
	memcpy(buf, s, size);
	buf[size] = '\0';
	line_str(l, key, buf);
}

static bool call_has_path(unsigned int call)
{
	switch (call) {
	case FDM_CALL_OPEN:
	case FDM_CALL_OPENAT:
	case FDM_CALL_OPENAT2:
	case FDM_CALL_CREAT:
		return true;
	}
	return false;
}

void fields_open(struct line *l, const struct fdm_open_event *e)
{
	char name[2 * FDM_PATH_LEN];

	switch (e->h.call) {
	case FDM_CALL_OPENAT:
	case FDM_CALL_OPENAT2:
	case FDM_CALL_OPEN_BY_HANDLE_AT:
		line_s64(l, "dirfd", e->dirfd);	/* AT_FDCWD: -100 */
		break;
	case FDM_CALL_OTHER_INSTALL:
		line_s64(l, "syscall", (int32_t)e->how);	/* installed it */
		break;
	}
	if (call_has_path(e->h.call))
		line_fixed(l, "arg", e->arg, sizeof(e->arg));
	line_opt(l, "fd", e->fd);
	if (e->count > 1) {
		line_u64(l, "nth", e->nth);
		line_u64(l, "count", e->count);
	}
	if (!e->file) {
		line_id(l, "file", 0);
		return;
	}
	line_bool(l, "cloexec", e->cloexec);
	line_id(l, "file", e->file);
	line_oct(l, "flags", e->flags);
	line_dev(l, "dev", e->dev >> 20, e->dev & 0xfffff);
	line_u64(l, "ino", e->ino);
	line_str(l, "ftype", mode_type(e->mode, e->magic));
	file_name(name, sizeof(name), e);
	line_str(l, "path", name);
}

void fields_close(struct line *l, const struct fdm_close_event *e)
{
	if (e->h.call == FDM_CALL_CLOSE_RANGE) {
		line_s64(l, "first", (uint32_t)e->fd);
		line_u64(l, "last", e->last);
		line_oct(l, "flags", e->flags);
		line_id(l, "old_table", e->old_table);
		return;
	}
	line_s64(l, "fd", e->fd);
	line_id(l, "file", e->file);
	line_opt(l, "refs_before", e->refs);
	line_bool(l, "last_ref", e->h.ret == 0 && e->refs == 1);
}

void fields_exec(struct line *l, const struct fdm_exec_event *e)
{
	unsigned int n = e->ncloexec < FDM_EXEC_FDS ? e->ncloexec :
						      FDM_EXEC_FDS;

	line_fixed(l, "filename", e->filename, sizeof(e->filename));
	line_id(l, "old_table", e->old_table);
	line_bool(l, "unshared", e->old_table && e->old_table != e->h.table);
	line_u64(l, "cloexec_closed", e->ncloexec);
	line_ints(l, "cloexec_fds", e->cloexec_fds, n);
}

void fields_exit(struct line *l, const struct fdm_exit_event *e)
{
	line_bool(l, "group_dead", e->group_dead);
	line_u64(l, "table_users", e->table_users);
	line_bool(l, "table_freed", e->h.table && e->table_users == 1);
}

void fields_unshare(struct line *l, const struct fdm_unshare_event *e)
{
	char flags[512];

	clone_flags_str(flags, sizeof(flags), e->flags);
	line_str(l, "flags", flags);
	line_id(l, "old_table", e->old_table);
	line_bool(l, "files_unshared", e->old_table != e->h.table);
}

void fields_write(struct line *l, const struct fdm_write_event *e)
{
	fields_read(l, e);
}

static const char *whence_name(unsigned int whence)
{
	static const char *const names[] = {
		"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE",
	};

	return whence < sizeof(names) / sizeof(names[0]) ? names[whence] :
							    "?";
}

void fields_seek(struct line *l, const struct fdm_seek_event *e)
{
	line_s64(l, "fd", e->fd);
	line_id(l, "file", e->file);
	line_s64(l, "offset", e->offset);
	line_str(l, "whence", whence_name(e->whence));
	line_s64(l, "pos_before", e->pos_before);
	line_s64(l, "pos_after", e->pos_after);
}

void fields_flags(struct line *l, const struct fdm_flags_event *e)
{
	line_s64(l, "fd", e->fd);
	line_id(l, "file", e->file);
	if (e->h.call == FDM_CALL_IOCTL)
		line_str(l, "request", e->arg == FIOCLEX ? "FIOCLEX" :
				       "FIONCLEX");
	else
		line_oct(l, "arg", e->arg);
	line_bool(l, "cloexec_before", e->cloexec_before);
	line_bool(l, "cloexec_after", e->cloexec_after);
	line_oct(l, "flags_before", e->flags_before);
	line_oct(l, "flags_after", e->flags_after);
}

static const char *epoll_op_name(unsigned int op)
{
	switch (op) {
	case EPOLL_CTL_ADD:	return "EPOLL_CTL_ADD";
	case EPOLL_CTL_DEL:	return "EPOLL_CTL_DEL";
	case EPOLL_CTL_MOD:	return "EPOLL_CTL_MOD";
	}
	return "?";
}

void fields_watch(struct line *l, const struct fdm_watch_event *e)
{
	line_s64(l, "epfd", e->epfd);
	line_id(l, "file", e->file);
	line_str(l, "op", epoll_op_name(e->op));
	line_s64(l, "tfd", e->tfd);
	line_id(l, "target", e->target);
	line_hex(l, "events", e->events);
	line_hex(l, "data", e->data);
}

/* "rw-", as /proc/PID/maps writes a mapping's protection. */
static const char *prot_str(char buf[4], unsigned int prot)
{
	buf[0] = prot & PROT_READ ? 'r' : '-';
	buf[1] = prot & PROT_WRITE ? 'w' : '-';
	buf[2] = prot & PROT_EXEC ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

void fields_map(struct line *l, const struct fdm_map_event *e)
{
	char prot[4];

	line_hex(l, "addr", e->addr);
	line_u64(l, "len", e->len);
	if (e->h.call == FDM_CALL_MREMAP) {
		line_hex(l, "old_addr", e->old_addr);
		line_u64(l, "old_len", e->old_len);
		line_hex(l, "flags", e->flags);
	}
	if (e->h.call == FDM_CALL_MMAP)
		line_s64(l, "fd", e->fd);
	/* munmap, mremap: the first file mapping of the range, if known. */
	line_id(l, "file", e->file);
	line_dev(l, "dev", e->dev >> 20, e->dev & 0xfffff);
	line_u64(l, "ino", e->ino);
	if (e->h.call != FDM_CALL_MMAP)
		return;
	line_hex(l, "off", e->pgoff * 4096);
	line_str(l, "prot", prot_str(prot, e->prot));
	line_hex(l, "flags", e->flags);
}

void fields_stop(struct line *l, const struct fdm_stop_event *e)
{
	const char *name = sigabbrev_np(e->sig);
	char sig[16];

	snprintf(sig, sizeof(sig), "SIG%s", name ?: "?");
	line_str(l, "sig", sig);
}

void fields_image(struct line *l, const struct fdm_image_event *e)
{
	unsigned int n = e->nmaps < FDM_IMAGE_MAPS ? e->nmaps : FDM_IMAGE_MAPS;
	uint64_t interp = 0;
	unsigned int i;

	for (i = 1; i < n && !interp; i++)
		if (e->maps[i].file != e->maps[0].file)
			interp = e->maps[i].file;
	line_u64(l, "maps", n);
	line_bool(l, "truncated", e->truncated);
	line_id(l, "program", n ? e->maps[0].file : 0);
	line_id(l, "interpreter", interp);
}
