/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash map from a nonzero 64-bit key (an id, a pid) to a pointer, for
 * the live model, which looks one up for every event.
 */
#ifndef FDMODEL_TRACE_IDMAP_H
#define FDMODEL_TRACE_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct idmap {
	struct idmap_slot {
		uint64_t key;	/* 0: empty */
		void *val;
	} *slot;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
};

void *idmap_get(const struct idmap *m, uint64_t key);
/* Set @key to @val; -1 when out of memory. */
int idmap_put(struct idmap *m, uint64_t key, void *val);
void idmap_del(struct idmap *m, uint64_t key);
void idmap_free(struct idmap *m);

/* Every value, in no order; @i starts at 0. NULL at the end. */
void *idmap_next(const struct idmap *m, size_t *i);

#endif /* FDMODEL_TRACE_IDMAP_H */
