// SPDX-License-Identifier: GPL-2.0
/*
 * Opening and reading /proc/fdmodel, with or without the per-open filter.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"

int fm_set_filter(int fd, pid_t pid)
{
	char cmd[32];
	int n = snprintf(cmd, sizeof(cmd), "pid %d\n", (int)pid);

	if (write(fd, cmd, n) != n)
		return -errno;
	return 0;
}

int fm_open(pid_t filter_pid)
{
	int fd = open(FM_PATH, (filter_pid ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	if (filter_pid) {
		err = fm_set_filter(fd, filter_pid);
		if (err) {
			close(fd);
			return err;
		}
	}
	return fd;
}

/*
 * Read until EOF in reads of at most chunk bytes. On error the bytes read
 * so far stay in *data (NUL-terminated) and -errno is returned.
 */
ssize_t fm_slurp(int fd, size_t chunk, char **data, size_t *len)
{
	size_t cap = chunk > 65536 ? chunk + 1 : 65536;
	char *buf = malloc(cap), *nbuf;
	size_t used = 0;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (cap - used < chunk + 1) {
			cap = (cap + chunk + 1) * 2;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				n = -ENOMEM;
				break;
			}
			buf = nbuf;
		}
		n = read(fd, buf + used, chunk);
		if (n < 0) {
			n = -errno;
			break;
		}
		if (n == 0)
			break;
		used += n;
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return n < 0 ? n : (ssize_t)used;
}

int fm_snapshot(struct fm_snap *s, pid_t filter_pid)
{
	char *data;
	size_t len;
	ssize_t n;
	int fd;

	memset(s, 0, sizeof(*s));
	fd = fm_open(filter_pid);
	if (fd < 0)
		return fd;
	n = fm_slurp(fd, 1 << 20, &data, &len);
	close(fd);
	if (n < 0) {
		free(data);
		return n;
	}
	fm_parse(s, data, len);
	return 0;
}
