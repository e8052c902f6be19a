// SPDX-License-Identifier: GPL-2.0
/*
 * memwatch [PID]: read /proc/fdmodel to the end (filtered to PID if given)
 * in 64 KiB reads, sampling the kernel's Slab and VmallocUsed every 64
 * reads. Prints "before", "peak" and "after" in KiB: the module's extra
 * memory while it streams is peak - before.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct kmem {
	long slab;
	long vmalloc;
};

static struct kmem sample(void)
{
	struct kmem k = { -1, -1 };
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return k;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "Slab: %ld", &k.slab);
		sscanf(line, "VmallocUsed: %ld", &k.vmalloc);
	}
	fclose(f);
	return k;
}

static void print(const char *what, struct kmem k)
{
	printf("%s slab_kib=%ld vmalloc_kib=%ld\n", what, k.slab, k.vmalloc);
}

int main(int argc, char **argv)
{
	static char buf[64 << 10];
	struct kmem before, peak, now;
	long reads = 0, bytes = 0;
	ssize_t n;
	int fd;

	before = sample();
	peak = before;
	fd = open("/proc/fdmodel", argc == 2 ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		perror("memwatch: /proc/fdmodel");
		return 1;
	}
	if (argc == 2 && dprintf(fd, "pid %s", argv[1]) < 0) {
		perror("memwatch: filter");
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		bytes += n;
		if (++reads % 64)
			continue;
		now = sample();
		if (now.slab > peak.slab)
			peak.slab = now.slab;
		if (now.vmalloc > peak.vmalloc)
			peak.vmalloc = now.vmalloc;
	}
	if (n < 0) {
		perror("memwatch: read");
		return 1;
	}
	close(fd);
	print("before", before);
	print("peak", peak);
	print("after", sample());
	printf("bytes=%ld reads=%ld\n", bytes, reads);
	return 0;
}
