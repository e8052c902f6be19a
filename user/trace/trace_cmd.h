/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_CMD_H
#define FDMODEL_TRACE_CMD_H

/* `fdmodel trace ...`: the exit status. */
int cmd_trace(int argc, char **argv);

#endif /* FDMODEL_TRACE_CMD_H */
