// SPDX-License-Identifier: GPL-2.0
/*
 * SipHash-2-4 of one u64, bit for bit what the kernel's siphash_1u64()
 * (lib/siphash.c) computes, so that ids made here from a traced pointer
 * equal the ids the fdmodel module prints for the same object.
 */
#include "trace_siphash.h"

static inline uint64_t rol64(uint64_t w, unsigned int s)
{
	return (w << s) | (w >> (64 - s));
}

#define SIPROUND(v0, v1, v2, v3)				\
	do {							\
		v0 += v1; v1 = rol64(v1, 13); v1 ^= v0;		\
		v0 = rol64(v0, 32);				\
		v2 += v3; v3 = rol64(v3, 16); v3 ^= v2;		\
		v0 += v3; v3 = rol64(v3, 21); v3 ^= v0;		\
		v2 += v1; v1 = rol64(v1, 17); v1 ^= v2;		\
		v2 = rol64(v2, 32);				\
	} while (0)

uint64_t siphash_1u64(uint64_t first, const struct siphash_key *key)
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ key->k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ key->k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ key->k0;
	uint64_t v3 = 0x7465646279746573ULL ^ key->k1;
	uint64_t b = (uint64_t)8 << 56;	/* message length in the top byte */

	v3 ^= first;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= first;
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return (v0 ^ v1) ^ (v2 ^ v3);
}
