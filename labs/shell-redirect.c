// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 003: what a shell's redirections are in the three tables. bash
 * runs a three-line script under `fdmodel trace --model`: `exec 3< FILE`
 * is an open that lands on fd 3, `exec 2>&1` is dup2(1, 2), and the last
 * `exec` replaces bash with another program, which keeps fd 3 but not
 * bash's own copy of the script, fd 255, that bash made close-on-exec.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "lab.h"

#define SCRIPT	"/tmp/shell-redirect.sh"

static const char script[] =
	"exec 3< /etc/hostname\n"
	"exec 2>&1\n"
	"exec /bin/true\n";

int main(int argc, char **argv)
{
	char *cmd[] = { "bash", SCRIPT, NULL };
	FILE *f = fopen(SCRIPT, "w");

	lab_check(f && fputs(script, f) >= 0 && !fclose(f), SCRIPT);
	/* No locale files for bash to open: the trace keeps to the fds. */
	lab_check(!setenv("LC_ALL", "C", 1), "setenv");
	if (lab_traced(argc, argv)) {
		/* Under labs/pages' tracer: bash itself, as traced here. */
		execvp(cmd[0], cmd);
		lab_check(0, cmd[0]);
	}
	printf("%s:\n%s", SCRIPT, script);
	lab_trace("fdmodel trace --model -- bash " SCRIPT, NULL, cmd);
	return 0;
}
