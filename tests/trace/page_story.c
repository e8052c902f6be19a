// SPDX-License-Identifier: GPL-2.0
/*
 * The trace page's scenario (tests/trace/page_test.py): a lab in small,
 * open, dup, pipe, fork, closes in the child and the parent, and at the
 * end the fds it holds, read from /proc/self/fd, a door that shares no
 * code with fdmodel. Then it waits to be killed, so that its last
 * model-changing event is that listing's closedir().
 *
 * `page_story many` opens and closes MANY fds after that instead, a run
 * larger than the page draws or lists.
 *
 * Says: pid=P, then holding=FD,FD,... when done.
 */
#include <sys/wait.h>
#include "scenario.h"

#define STORY_FILE	"/tmp/fdmodel-page-story.txt"
#define MANY		3000

/* The fds open now, but the directory's own, ascending. */
static void say_holding(void)
{
	DIR *d = opendir("/proc/self/fd");
	char list[4096] = "";
	struct dirent *e;
	size_t n = 0;

	if (!d)
		die("/proc/self/fd");
	while ((e = readdir(d)) && n < sizeof(list) - 16) {
		if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
			continue;
		n += snprintf(list + n, sizeof(list) - n, "%s%s",
			      n ? "," : "", e->d_name);
	}
	closedir(d);
	say("holding=%s", list);
}

/* MANY opens of /dev/null, then their closes: 2 * MANY changes. */
static void many(void)
{
	static int fds[MANY];
	int i;

	for (i = 0; i < MANY; i++)
		if ((fds[i] = open("/dev/null", O_RDONLY)) < 0)
			die("/dev/null");
	for (i = 0; i < MANY; i++)
		close(fds[i]);
}

int main(int argc, char **argv)
{
	int fd, copy, p[2];
	pid_t child;

	say("pid=%d", getpid());
	fd = open(STORY_FILE, O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0)
		die(STORY_FILE);
	copy = dup(fd);
	if (copy < 0 || pipe(p))
		die("dup, pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (!child) {
		close(fd);
		close(p[0]);
		_exit(0);
	}
	if (waitpid(child, NULL, 0) != child)
		die("waitpid");
	close(p[1]);
	close(copy);
	unlink(STORY_FILE);
	if (argc > 1 && !strcmp(argv[1], "many"))
		many();
	say_holding();
	pause();
	return 0;
}
