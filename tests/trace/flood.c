// SPDX-License-Identifier: GPL-2.0
/*
 * Reads one byte with pread N times (default 1,000,000): the benchmark's
 * load and the loss test's flood. With "wait", first blocks on stdin
 * until told to start, then again before exiting. Says how long the
 * reads took and the CPU time it used.
 */
#include <fcntl.h>
#include <sys/resource.h>
#include <time.h>
#include "scenario.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000, i;
	bool wait = argc > 2 && !strcmp(argv[2], "wait");
	int fd = open("/proc/self/exe", O_RDONLY);
	struct timespec t0, t1;
	struct rusage ru;
	char c;

	if (fd < 0)
		die("flood: open");
	if (wait && read(0, &c, 1) != 1)
		die("flood: wait");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (pread(fd, &c, 1, 0) != 1)
			die("flood: pread");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	say("elapsed_ns=%lld", (t1.tv_sec - t0.tv_sec) * 1000000000LL +
			       t1.tv_nsec - t0.tv_nsec);
	getrusage(RUSAGE_SELF, &ru);
	say("cpu_ns=%lld", (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
			   1000000000LL + (ru.ru_utime.tv_usec +
					   ru.ru_stime.tv_usec) * 1000LL);
	if (wait) {
		say("flooded=%ld", n);
		if (read(0, &c, 1) < 0)
			die("flood: wait");
	}
	return 0;
}
