// SPDX-License-Identifier: GPL-2.0
/*
 * fdwalk [PID]: what user space can do without fdmodel, done as cheaply as
 * possible: for every process (or one), readlink every /proc/PID/fd/N and
 * read every /proc/PID/fdinfo/N. Prints the number of fds seen.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long walk_pid(const char *pid)
{
	char dir[64], path[PATH_MAX], link[PATH_MAX], info[4096];
	struct dirent *de;
	long fds = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		int fd;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (readlink(path, link, sizeof(link)) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pid, de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (read(fd, info, sizeof(info)) > 0)
			fds++;
		close(fd);
	}
	closedir(d);
	return fds;
}

int main(int argc, char **argv)
{
	struct dirent *de;
	long fds = 0;
	DIR *proc;

	if (argc == 2) {
		printf("%ld\n", walk_pid(argv[1]));
		return 0;
	}
	proc = opendir("/proc");
	if (!proc) {
		perror("fdwalk: /proc");
		return 1;
	}
	while ((de = readdir(proc)))
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
			fds += walk_pid(de->d_name);
	closedir(proc);
	printf("%ld\n", fds);
	return 0;
}
