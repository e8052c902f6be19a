// SPDX-License-Identifier: GPL-2.0
/*
 * dupflood N OUT: dup() an fd and close() the copy N times, then write to
 * OUT how long the loop took and the CPU time this process used, so the
 * benchmark can take it off the collector's (wait4 counts both). The load
 * of `fdmodel trace --model`: every pair is two events, each changing the
 * model.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	long n, i;
	FILE *out;
	int fd, d;

	if (argc != 3 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: dupflood N OUT\n");
		return 1;
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0) {
		perror("dupflood: /dev/null");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		d = dup(fd);
		if (d < 0 || close(d)) {
			perror("dupflood: dup/close");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	fprintf(out, "elapsed_ns=%lld cpu_ns=%lld\n",
		(t1.tv_sec - t0.tv_sec) * 1000000000LL + t1.tv_nsec - t0.tv_nsec,
		ns(ru.ru_utime) + ns(ru.ru_stime));
	return fclose(out) ? 1 : 0;
}
