// SPDX-License-Identifier: GPL-2.0
/*
 * `fdmodel show`: read the snapshot, build the three tables from it, keep
 * what the filters ask for, print one view.
 */
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"
#include "show.h"

int cmd_show(int argc, char **argv)
{
	struct show_opts o;
	struct model m;
	struct snap s;
	int status = 1;

	status = show_args_parse(argc, argv, &o);
	if (status)
		return status == CLI_HELP ? 0 : status;
	if (snap_read(&s, o.input, o.pids, o.npids))
		return 1;
	status = 1;
	/* A failed build leaves an empty model, which frees as one. */
	if (model_build(&m, &s) || show_filter(&m, &o)) {
		fprintf(stderr, "fdmodel show: out of memory\n");
		goto out;
	}
	status = 0;
	switch (o.view) {
	case VIEW_TEXT:
		show_text(&m, stdout);
		break;
	case VIEW_TABLES:
		show_tables(&m, stdout);
		break;
	case VIEW_JSON:
		show_json(&m, stdout);
		break;
	case VIEW_DOT:
		if (o.render)
			status = show_render(&m, o.format, o.render);
		else
			show_dot(&m, stdout);
		break;
	}
	if (fflush(stdout) || ferror(stdout)) {
		perror("fdmodel show: writing the output");
		status = 1;
	}
out:
	model_free(&m);
	snap_free(&s);
	return status;
}
