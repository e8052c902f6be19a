// SPDX-License-Identifier: GPL-2.0
/*
 * A change the live model cannot see: sendfile() moves its input file's
 * offset, and no event traces sendfile. The scenario stops after it, for
 * the test to show the model wrong (and caught), never silently right.
 */
#include <signal.h>
#include <sys/sendfile.h>
#include "scenario.h"

int main(void)
{
	char path[] = "/tmp/fdmodel-unseen-XXXXXX";
	int in, out;

	in = mkstemp(path);
	out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (in < 0 || out < 0 || write(in, "0123456789", 10) != 10 ||
	    lseek(in, 0, SEEK_SET))
		die("unseen: create");
	unlink(path);
	if (sendfile(out, in, NULL, 4) != 4)
		die("unseen: sendfile");
	say("stop=sendfile pid=%d", getpid());
	raise(SIGSTOP);
	return 0;
}
