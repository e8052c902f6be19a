// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what only a file's own f_op->show_fdinfo can see.
 *
 * struct eventpoll and struct eventfd_ctx are private to fs/eventpoll.c and
 * fs/eventfd.c. The kernel's door to them is show_fdinfo, the text of
 * /proc/PID/fdinfo, printed under the object's own lock. fdmodel calls it
 * into a private seq_file and parses the lines, so it relies on no private
 * layout, only on the fdinfo text, which is ABI for tools like CRIU.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "fdmodel.h"

/* Run @file's show_fdinfo into @seq; false when it does not fit. */
static bool fdm_fdinfo(struct seq_file *seq, struct file *file)
{
	seq->count = 0;
	if (!file->f_op->show_fdinfo)
		return true;
	file->f_op->show_fdinfo(seq, file);
	return !seq_has_overflowed(seq);
}

void fdm_scratch_free(struct fdm_scratch *s)
{
	kvfree(s->seq.buf);
	s->seq.buf = NULL;
	s->seq.size = 0;
	s->owner = NULL;
}

/*
 * Fill the scratch buffer with @file's fdinfo text, growing it up to
 * FDM_SCRATCH_MAX. ep_show_fdinfo stops at the first line that does not
 * fit, so a list too long for the cap is kept as a complete prefix.
 */
int fdm_scratch_load(struct fdm_scratch *s, struct file *file)
{
	size_t size = s->seq.size ? s->seq.size : FDM_SCRATCH_MIN;

	for (;;) {
		if (s->seq.size != size) {
			kvfree(s->seq.buf);
			s->seq.size = 0;
			s->seq.buf = kvmalloc(size, GFP_KERNEL_ACCOUNT);
			if (!s->seq.buf)
				return -ENOMEM;
			s->seq.size = size;
		}
		s->truncated = !fdm_fdinfo(&s->seq, file);
		if (!s->truncated || size >= FDM_SCRATCH_MAX)
			break;
		size <<= 1;
	}
	/* Drop the partial line an overflow leaves at the end. */
	if (s->truncated) {
		while (s->seq.count && s->seq.buf[s->seq.count - 1] != '\n')
			s->seq.count--;
	}
	s->owner = file;
	s->next_idx = 0;
	s->next_off = 0;
	return 0;
}

/*
 * Parse watch @idx ("tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx
 * sdev:%x", ep_show_fdinfo). Watches are read in order, so remember where
 * the next one starts instead of scanning from the top each time.
 */
bool fdm_scratch_watch(struct fdm_scratch *s, unsigned int idx,
		       struct fdm_watch *w)
{
	const char *buf = s->seq.buf, *end = buf + s->seq.count;
	const char *line, *nl;
	unsigned long long data;
	long long pos;

	if (idx < s->next_idx) {
		s->next_idx = 0;
		s->next_off = 0;
	}
	line = buf + s->next_off;
	while (line < end) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			break;
		if (!strncmp(line, "tfd:", 4)) {
			if (s->next_idx == idx) {
				if (sscanf(line, "tfd: %d events: %x data: %llx pos:%lli ino:%lx sdev:%x",
					   &w->tfd, &w->events, &data, &pos, &w->ino, &w->sdev) != 6)
					return false;
				w->file_id = 0;
				return true;
			}
			s->next_idx++;
			s->next_off = nl + 1 - buf;
		}
		line = nl + 1;
	}
	return false;
}

bool fdm_eventfd_count(struct file *file, u64 *count)
{
	char buf[128];
	struct seq_file seq = { .buf = buf, .size = sizeof(buf) };
	unsigned long long value;

	if (!fdm_fdinfo(&seq, file))
		return false;
	buf[min(seq.count, sizeof(buf) - 1)] = '\0';
	if (sscanf(buf, "eventfd-count: %llx", &value) != 1)
		return false;
	*count = value;
	return true;
}
