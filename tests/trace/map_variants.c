// SPDX-License-Identifier: GPL-2.0
/*
 * mmap of a file (shared with an offset, private), mremap and munmap of
 * those mappings, whole and in part, and the same calls on anonymous
 * memory, which must make no event, and a shared mapping of /dev/zero,
 * which holds not the file mapped but shared memory of its own. Each
 * file mapping is reported as /proc/self/maps shows it; the file as
 * fstat shows it. One lseek on each fd first makes the trace show the
 * fd's file id; /proc/fdmodel (when loaded) shows the mappings' own.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "scenario.h"

#define PAGE	4096

/* The /proc/self/maps line that starts at addr, as key=value facts. */
static void maps_line(const char *what, void *addr)
{
	unsigned long start, end, off, ino;
	unsigned int maj, min;
	char line[512], perms[8];
	bool found = false;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		die("maps");
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &start, &end,
			       perms, &off, &maj, &min, &ino) == 7 &&
			start == (unsigned long)addr;
	fclose(f);
	if (!found)
		die("maps: no line");
	say("%s=%lu %s_len=%lu %s_perms=%s %s_off=%lu %s_dev=%u:%u %s_ino=%lu",
	    what, start, what, end - start, what, perms, what, off, what, maj,
	    min, what, ino);
}

/* True when no mapping holds addr any more. */
static bool unmapped(void *addr)
{
	char line[512];
	unsigned long start, end;
	bool held = false;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		die("maps");
	while (!held && fgets(line, sizeof(line), f))
		held = sscanf(line, "%lx-%lx", &start, &end) == 2 &&
		       start <= (unsigned long)addr &&
		       (unsigned long)addr < end;
	fclose(f);
	return !held;
}

int main(void)
{
	char path[] = "/tmp/fdm-map-XXXXXX";
	int fd = mkstemp(path), zfd = open("/dev/zero", O_RDWR);
	char *shared, *private, *moved, *anon, *anon2, *zero;
	struct stat st;

	if (fd < 0 || zfd < 0 || ftruncate(fd, 3 * PAGE) || fstat(fd, &st) ||
	    lseek(fd, 0, SEEK_SET) || lseek(zfd, 0, SEEK_SET))
		die("map: setup");
	unlink(path);
	say("fd=%d zero_fd=%d ino=%lu dev=%u:%u", fd, zfd,
	    (unsigned long)st.st_ino, major(st.st_dev), minor(st.st_dev));
	shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		      PAGE);
	private = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	anon = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || private == MAP_FAILED || anon == MAP_FAILED)
		die("map: mmap");
	maps_line("shared", shared);
	maps_line("private", private);
	say("anon=%lu", (unsigned long)anon);
	moved = mremap(private, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
	anon2 = mremap(anon, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
	if (moved == MAP_FAILED || anon2 == MAP_FAILED)
		die("map: mremap");
	maps_line("moved", moved);
	say("anon2=%lu", (unsigned long)anon2);
	zero = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);
	if (zero == MAP_FAILED)
		die("map: mmap /dev/zero");
	say("zero=%lu", (unsigned long)zero);
	fdmodel_dump();
	if (munmap(shared + PAGE, PAGE) || !unmapped(shared + PAGE) ||
	    munmap(shared, PAGE) || munmap(moved, 2 * PAGE) ||
	    munmap(anon2, 8 * PAGE) || munmap(zero, PAGE) ||
	    !unmapped(shared) || !unmapped(moved))
		die("map: munmap");
	errno = 0;
	if (mmap(NULL, PAGE, PROT_READ, MAP_SHARED, 99, 0) != MAP_FAILED)
		die("map: mmap of a closed fd");
	say("badfd_errno=%d", errno);
	return 0;
}
