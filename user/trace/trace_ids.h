/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_IDS_H
#define FDMODEL_TRACE_IDS_H

#include <stdbool.h>
#include <stdint.h>

#define ID_KEY_PATH	"/proc/fdmodel_key"
#define ID_LEN		17	/* 16 hex digits and the NUL */

/*
 * Load the module's id key from ID_KEY_PATH, or make a random one when
 * the module is not loaded. Returns true when the ids will match
 * /proc/fdmodel, false for a random key; -1 on error.
 */
int ids_init(const char *key_path);

/*
 * The id of a kernel object address as a number: what the live model
 * keys objects by, so that it joins /proc/fdmodel's ids and holds no
 * address.
 */
uint64_t id_hash(uint64_t addr);
/* An id number as /proc/fdmodel writes it: 16 hex digits. */
void id_format_hash(char buf[ID_LEN], uint64_t id);

/* The id of a kernel object address, or "-" for NULL. */
void id_format(char buf[ID_LEN], uint64_t addr);

#endif /* FDMODEL_TRACE_IDS_H */
