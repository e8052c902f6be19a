// SPDX-License-Identifier: GPL-2.0
/*
 * Ids of kernel objects: SipHash-2-4 of the object's address under the
 * fdmodel module's key, so a trace joins a /proc/fdmodel snapshot. Raw
 * addresses never leave this file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "trace_ids.h"
#include "trace_siphash.h"

static struct siphash_key key;

/*
 * The ids formatted last, by address: a traced process names the same
 * few tables and files event after event, and a SipHash costs more than
 * the rest of a field. Direct-mapped; a miss just hashes.
 */
#define ID_CACHE_BITS	8

static struct id_cached {
	uint64_t addr;
	char id[ID_LEN];
} id_cache[1 << ID_CACHE_BITS];

/* "%016llx%016llx" of k0 then k1, as the module writes it. */
static int key_parse(const char *line, struct siphash_key *k)
{
	char k0[17], k1[17], *end;
	size_t len = strcspn(line, "\n");

	if (len != 32 || strspn(line, "0123456789abcdefABCDEF") != 32)
		return -1;
	memcpy(k0, line, 16);
	memcpy(k1, line + 16, 16);
	k0[16] = k1[16] = '\0';
	k->k0 = strtoull(k0, &end, 16);
	k->k1 = strtoull(k1, &end, 16);
	return 0;
}

int ids_init(const char *key_path)
{
	char line[64];
	FILE *f;

	memset(id_cache, 0, sizeof(id_cache));	/* ids of another key */
	f = fopen(key_path, "re");
	if (f) {
		if (!fgets(line, sizeof(line), f) || key_parse(line, &key)) {
			fclose(f);
			fprintf(stderr, "fdmodel trace: %s: not a key\n",
				key_path);
			return -1;
		}
		fclose(f);
		return 1;
	}
	if (errno != ENOENT) {
		fprintf(stderr, "fdmodel trace: %s: %s\n", key_path,
			strerror(errno));
		return -1;
	}
	if (getrandom(&key, sizeof(key), 0) != sizeof(key)) {
		fprintf(stderr, "fdmodel trace: getrandom: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

uint64_t id_hash(uint64_t addr)
{
	return siphash_1u64(addr, &key);
}

void id_format_hash(char buf[ID_LEN], uint64_t id)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--, id >>= 4)
		buf[i] = hex[id & 0xf];
	buf[16] = '\0';
}

void id_format(char buf[ID_LEN], uint64_t addr)
{
	struct id_cached *c;

	if (!addr) {
		strcpy(buf, "-");
		return;
	}
	/* Fibonacci hashing: the top bits of the product mix all of addr. */
	c = &id_cache[(addr * 0x9e3779b97f4a7c15ULL) >> (64 - ID_CACHE_BITS)];
	if (c->addr != addr) {
		id_format_hash(c->id, id_hash(addr));
		c->addr = addr;
	}
	memcpy(buf, c->id, ID_LEN);
}
