// SPDX-License-Identifier: GPL-2.0
/*
 * holdfds N: hold N open fds (a third each regular files, pipe ends and
 * dups, so the walk meets every kind of path), print "ready" and wait to be
 * killed. The benchmark's load.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static int raise_nofile(long n)
{
	struct rlimit rl = { .rlim_cur = n + 64, .rlim_max = n + 64 };

	return setrlimit(RLIMIT_NOFILE, &rl);
}

int main(int argc, char **argv)
{
	long n, i;
	int p[2];

	if (argc != 2 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: holdfds N\n");
		return 1;
	}
	if (raise_nofile(n)) {
		perror("holdfds: setrlimit");
		return 1;
	}
	for (i = 0; i < n; i++) {
		int ok;

		switch (i % 3) {
		case 0:
			ok = open("/etc/hostname", O_RDONLY) >= 0;
			break;
		case 1:
			ok = !pipe(p);
			i++;
			break;
		default:
			ok = dup(0) >= 0;
			break;
		}
		if (!ok) {
			perror("holdfds");
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
