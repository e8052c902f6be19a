/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FDMODEL_TRACE_SIPHASH_H
#define FDMODEL_TRACE_SIPHASH_H

#include <stdint.h>

/* A 128-bit SipHash key: two little-endian u64 words, as the kernel's. */
struct siphash_key {
	uint64_t k0, k1;
};

uint64_t siphash_1u64(uint64_t first, const struct siphash_key *key);

#endif /* FDMODEL_TRACE_SIPHASH_H */
