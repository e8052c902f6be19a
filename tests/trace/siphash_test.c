// SPDX-License-Identifier: GPL-2.0
/*
 * The collector's SipHash against the reference vector the kernel's
 * lib/test_siphash.c also checks: key 00..0f, message 00..07.
 */
#include <stdio.h>
#include "trace_siphash.h"

int main(void)
{
	struct siphash_key key = {
		.k0 = 0x0706050403020100ULL, .k1 = 0x0f0e0d0c0b0a0908ULL,
	};
	unsigned long long got = siphash_1u64(0x0706050403020100ULL, &key);

	printf("%016llx\n", got);
	return got == 0x93f5f5799a932462ULL ? 0 : 1;
}
