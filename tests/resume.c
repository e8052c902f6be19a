// SPDX-License-Identifier: GPL-2.0
/*
 * A read() ends wherever the buffer fills and the next one resumes the
 * walk from the saved position: mid-system, mid-block, mid-line. With a
 * hundred quiescent (stopped) processes, whole-system reads in 7-byte,
 * 4 KiB and 1 MiB pieces must give each of them the very same block, once,
 * in ascending pid order.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crosscheck.h"
#include "snapshot.h"
#include "proc.h"
#include "tap.h"

#define KIDS 100

static void some_fds(void *arg)
{
	long k = (long)arg, i;

	for (i = 0; i < k % 7; i++)
		dup(0);
	if (k % 3 == 0)
		open("/", O_RDONLY | O_DIRECTORY);
}

static bool read_whole(struct fm_snap *s, size_t chunk)
{
	int fd = fm_open(0);
	size_t len;
	char *data;
	ssize_t n;

	TAP_REQUIRE(fd >= 0, "open " FM_PATH);
	n = fm_slurp(fd, chunk, &data, &len);
	close(fd);
	fm_parse(s, data, len);
	return n >= 0;
}

/* The text of @pid's block: its lines joined, for comparison. */
static char *block_text(const struct fm_snap *s, pid_t pid)
{
	long t = fm_find_task(s, pid, 0);
	size_t i, end, len = 0;
	char *out;

	if (t < 0)
		return NULL;
	end = fm_block_end(s, t);
	for (i = t; i < end; i++)
		len += strlen(s->line[i].text) + 1;
	out = calloc(len + 1, 1);
	TAP_REQUIRE(out, "calloc");
	for (i = t; i < end; i++) {
		strcat(out, s->line[i].text);
		strcat(out, "\n");
	}
	return out;
}

int main(void)
{
	static const size_t chunks[] = { 7, 4096, 1 << 20 };
	struct fm_snap s[3];
	pid_t kid[KIDS];
	bool ok, all_read = true;
	int i, k, same = 0, listed = 0;
	char *a, *b;

	tap_plan(4);
	for (k = 0; k < KIDS; k++) {
		kid[k] = spawn_stopped(some_fds, (void *)(long)k);
		TAP_REQUIRE(kid[k] > 0, "spawn child %d", k);
	}
	for (i = 0; i < 3; i++)
		all_read &= read_whole(&s[i], chunks[i]);
	tap_ok(all_read, "three whole-system reads in 7-byte, 4 KiB and 1 MiB "
	       "pieces");
	ok = true;
	for (i = 0; i < 3; i++)
		ok &= fm_valid(&s[i]);
	tap_ok(ok, "all three pass the strict checker (order, no duplicates)");
	for (k = 0; k < KIDS; k++) {
		listed += fm_count(&s[0], FM_TASK, kid[k]) == 1 &&
			  fm_count(&s[1], FM_TASK, kid[k]) == 1 &&
			  fm_count(&s[2], FM_TASK, kid[k]) == 1;
		a = block_text(&s[2], kid[k]);
		for (i = 0, ok = a != NULL; i < 2 && ok; i++) {
			b = block_text(&s[i], kid[k]);
			ok = b && !strcmp(a, b);
			if (!ok)
				tap_diag("child %d differs in the %zu-byte read",
					 (int)kid[k], chunks[i]);
			free(b);
		}
		same += ok;
		free(a);
	}
	tap_ok(listed == KIDS, "each of the %d children has exactly one task "
	       "line in each read (%d)", KIDS, listed);
	tap_ok(same == KIDS, "and the same block, byte for byte (%d of %d)",
	       same, KIDS);
	for (i = 0; i < 3; i++)
		fm_free(&s[i]);
	for (k = 0; k < KIDS; k++)
		reap(kid[k]);
	tap_exit();
}
