// SPDX-License-Identifier: GPL-2.0
/*
 * Open addressing with linear probing, and deletion by shifting back the
 * entries that follow (no tombstones), so a map that sees a million
 * dup/close pairs never fills with dead entries.
 */
#include <stdlib.h>
#include "trace_idmap.h"

static size_t home(const struct idmap *m, uint64_t key)
{
	/* Fibonacci hashing: ids are already random, pids are not. */
	return (key * 0x9e3779b97f4a7c15ULL) >> 7 & (m->cap - 1);
}

void *idmap_get(const struct idmap *m, uint64_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = home(m, key); m->slot[i].key; i = (i + 1) & (m->cap - 1))
		if (m->slot[i].key == key)
			return m->slot[i].val;
	return NULL;
}

static void insert(struct idmap *m, uint64_t key, void *val)
{
	size_t i;

	for (i = home(m, key); m->slot[i].key; i = (i + 1) & (m->cap - 1))
		if (m->slot[i].key == key)
			break;
	if (!m->slot[i].key)
		m->n++;
	m->slot[i].key = key;
	m->slot[i].val = val;
}

static int grow(struct idmap *m)
{
	struct idmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->slot = calloc(m->cap, sizeof(*m->slot));
	if (!m->slot) {
		*m = old;
		return -1;
	}
	m->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.slot[i].key)
			insert(m, old.slot[i].key, old.slot[i].val);
	free(old.slot);
	return 0;
}

int idmap_put(struct idmap *m, uint64_t key, void *val)
{
	/* At most half full: probes stay short. */
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return -1;
	insert(m, key, val);
	return 0;
}

void idmap_del(struct idmap *m, uint64_t key)
{
	size_t mask = m->cap - 1, i, j, h;

	if (!m->cap)
		return;
	for (i = home(m, key); m->slot[i].key; i = (i + 1) & mask)
		if (m->slot[i].key == key)
			break;
	if (!m->slot[i].key)
		return;
	/* Move back each later entry of the run that may sit at i. */
	for (j = (i + 1) & mask; m->slot[j].key; j = (j + 1) & mask) {
		h = home(m, m->slot[j].key);
		if (((j - h) & mask) >= ((j - i) & mask)) {
			m->slot[i] = m->slot[j];
			i = j;
		}
	}
	m->slot[i].key = 0;
	m->slot[i].val = NULL;
	m->n--;
}

void idmap_free(struct idmap *m)
{
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}

void *idmap_next(const struct idmap *m, size_t *i)
{
	for (; *i < m->cap; (*i)++)
		if (m->slot[*i].key)
			return m->slot[(*i)++].val;
	return NULL;
}
