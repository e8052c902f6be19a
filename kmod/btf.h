/* SPDX-License-Identifier: GPL-2.0 */
/* The running kernel's BTF, read at load for private structures' layout. */
#ifndef FDMODEL_BTF_H
#define FDMODEL_BTF_H

#include <linux/types.h>

struct btf_type;

struct fdm_btf {
	void *data;
	size_t size;
	const char *strs;
	u32 str_len;
	const struct btf_type **types;	/* by id; [0], void, is NULL */
	u32 ntypes;
};

int fdm_btf_open(struct fdm_btf *b);
void fdm_btf_close(struct fdm_btf *b);

/*
 * Byte offset of @member in the one "struct @owner" (anonymous structs and
 * unions included), when its type is @spec: "struct NAME" of @size bytes
 * (0: any), "struct NAME *", or an integer type "NAME" of @size bytes. -1
 * otherwise, and when there is no struct @owner or more than one.
 */
long fdm_btf_offset(const struct fdm_btf *b, const char *owner,
		    const char *member, const char *spec, size_t size);

#endif /* FDMODEL_BTF_H */
