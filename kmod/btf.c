// SPDX-License-Identifier: GPL-2.0
/*
 * Offsets of private kernel structures, read from the running kernel's own
 * BTF (/sys/kernel/btf/vmlinux), the description of this very build that
 * CO-RE BPF programs are relocated against.
 *
 * A structure private to one .c file (struct epitem) has no header to
 * compile against, and copying its definition would be wrong on any build
 * whose layout differs (lockdep grows struct mutex, -rt replaces it). BTF
 * gives each member's offset and type as compiled; every member used is
 * checked for its name and its type before its offset is trusted.
 *
 * The blob is read once at load and freed before fdm_btf_close() returns.
 */
#include <linux/btf.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "btf.h"

#define FDM_BTF_PATH	"/sys/kernel/btf/vmlinux"
/* Sanity bound: 6.1 and 6.12's vmlinux BTF are 5 to 6 MB. */
#define FDM_BTF_MAX	(64 << 20)

/* Read the whole of @path; its size is what the sysfs attribute says. */
static void *fdm_btf_read(const char *path, size_t *size)
{
	struct file *file;
	loff_t pos = 0;
	void *buf = NULL;
	ssize_t n;
	size_t len;

	file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(file))
		return NULL;
	len = i_size_read(file_inode(file));
	if (len < sizeof(struct btf_header) || len > FDM_BTF_MAX)
		goto out;
	buf = kvmalloc(len, GFP_KERNEL);
	if (!buf)
		goto out;
	while (pos < len) {
		n = kernel_read(file, buf + pos, len - pos, &pos);
		if (n <= 0) {
			kvfree(buf);
			buf = NULL;
			goto out;
		}
	}
	*size = len;
out:
	filp_close(file, NULL);
	return buf;
}

/* Bytes that follow a type's struct btf_type, by kind. */
static size_t fdm_btf_extra(const struct btf_type *t)
{
	u16 vlen = btf_type_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return sizeof(u32);
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return vlen * sizeof(struct btf_enum64);
	default:
		return 0;
	}
}

/* Index every type by id (ids start at 1); false on a malformed blob. */
static bool fdm_btf_index(struct fdm_btf *b)
{
	const struct btf_header *h = b->data;
	const void *p, *end;
	u32 n = 0;

	if (h->magic != BTF_MAGIC || h->hdr_len > b->size ||
	    (u64)h->hdr_len + h->type_off + h->type_len > b->size ||
	    (u64)h->hdr_len + h->str_off + h->str_len > b->size)
		return false;
	b->strs = b->data + h->hdr_len + h->str_off;
	b->str_len = h->str_len;
	p = b->data + h->hdr_len + h->type_off;
	end = p + h->type_len;

	/* Count first, then record: a blob is read once, at load. */
	while (p + sizeof(struct btf_type) <= end) {
		p += sizeof(struct btf_type) + fdm_btf_extra(p);
		n++;
	}
	if (p != end)
		return false;
	b->types = kvmalloc_array(n + 1, sizeof(*b->types), GFP_KERNEL);
	if (!b->types)
		return false;
	b->types[0] = NULL;
	p = b->data + h->hdr_len + h->type_off;
	for (b->ntypes = 1; b->ntypes <= n; b->ntypes++) {
		b->types[b->ntypes] = p;
		p += sizeof(struct btf_type) + fdm_btf_extra(p);
	}
	return true;
}

int fdm_btf_open(struct fdm_btf *b)
{
	memset(b, 0, sizeof(*b));
	b->data = fdm_btf_read(FDM_BTF_PATH, &b->size);
	if (!b->data)
		return -ENOENT;
	if (!fdm_btf_index(b)) {
		fdm_btf_close(b);
		return -EINVAL;
	}
	return 0;
}

void fdm_btf_close(struct fdm_btf *b)
{
	kvfree(b->types);
	kvfree(b->data);
	memset(b, 0, sizeof(*b));
}

static const struct btf_type *fdm_btf_type(const struct fdm_btf *b, u32 id)
{
	return id && id < b->ntypes ? b->types[id] : NULL;
}

static bool fdm_btf_name_is(const struct fdm_btf *b, u32 off, const char *name)
{
	size_t len = strlen(name);

	return off < b->str_len && len < b->str_len - off &&
	       !memcmp(b->strs + off, name, len + 1);
}

/* The type behind typedefs and qualifiers. */
static const struct btf_type *fdm_btf_strip(const struct fdm_btf *b, u32 id)
{
	const struct btf_type *t = fdm_btf_type(b, id);
	int depth;

	for (depth = 0; t && depth < 16; depth++) {
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			t = fdm_btf_type(b, t->type);
			break;
		default:
			return t;
		}
	}
	return NULL;
}

/*
 * Is type @id what @spec says: "struct NAME" of @size bytes (any size when
 * @size is 0), "struct NAME *", or the integer type "NAME" of @size bytes?
 */
static bool fdm_btf_type_is(const struct fdm_btf *b, u32 id, const char *spec,
			    size_t size)
{
	const struct btf_type *t = fdm_btf_strip(b, id);
	size_t len = strlen(spec);

	if (!t)
		return false;
	if (len > 2 && !strcmp(spec + len - 2, " *")) {
		char target[64];

		if (btf_kind(t) != BTF_KIND_PTR || len - 2 >= sizeof(target))
			return false;
		memcpy(target, spec, len - 2);
		target[len - 2] = '\0';
		t = fdm_btf_strip(b, t->type);
		return t && btf_kind(t) == BTF_KIND_STRUCT &&
		       fdm_btf_name_is(b, t->name_off, target + 7);
	}
	if (!strncmp(spec, "struct ", 7))
		return btf_kind(t) == BTF_KIND_STRUCT &&
		       (!size || t->size == size) &&
		       fdm_btf_name_is(b, t->name_off, spec + 7);
	return btf_kind(t) == BTF_KIND_INT && t->size == size &&
	       fdm_btf_name_is(b, t->name_off, spec);
}

/* The one struct named @name, or NULL when there is none or several. */
static const struct btf_type *fdm_btf_struct(const struct fdm_btf *b,
					     const char *name)
{
	const struct btf_type *found = NULL;
	u32 id;

	for (id = 1; id < b->ntypes; id++) {
		const struct btf_type *t = b->types[id];

		if (btf_kind(t) != BTF_KIND_STRUCT ||
		    !fdm_btf_name_is(b, t->name_off, name))
			continue;
		if (found)
			return NULL;
		found = t;
	}
	return found;
}

/*
 * The byte offset of member @name in @t, looked for in its anonymous
 * structs and unions too (epitem's rbn sits in one); -1 when absent or a
 * bitfield. *@type is the member's type id.
 */
static long fdm_btf_find(const struct fdm_btf *b, const struct btf_type *t,
			 const char *name, u32 *type, int depth)
{
	const struct btf_member *m = btf_type_member(t);
	u16 i, vlen = btf_type_vlen(t);

	if (depth > 8)
		return -1;
	for (i = 0; i < vlen; i++, m++) {
		u32 bits = btf_type_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) :
					       m->offset;
		const struct btf_type *mt;
		long off;

		if (btf_type_kflag(t) && BTF_MEMBER_BITFIELD_SIZE(m->offset))
			continue;
		if (m->name_off && fdm_btf_name_is(b, m->name_off, name)) {
			if (bits % 8)
				return -1;
			*type = m->type;
			return bits / 8;
		}
		if (m->name_off)
			continue;
		mt = fdm_btf_strip(b, m->type);
		if (!mt || (btf_kind(mt) != BTF_KIND_STRUCT &&
			    btf_kind(mt) != BTF_KIND_UNION) || bits % 8)
			continue;
		off = fdm_btf_find(b, mt, name, type, depth + 1);
		if (off >= 0)
			return bits / 8 + off;
	}
	return -1;
}

long fdm_btf_offset(const struct fdm_btf *b, const char *owner,
		    const char *member, const char *spec, size_t size)
{
	const struct btf_type *t = fdm_btf_struct(b, owner);
	u32 type;
	long off;

	if (!t)
		return -1;
	off = fdm_btf_find(b, t, member, &type, 0);
	if (off < 0 || !fdm_btf_type_is(b, type, spec, size))
		return -1;
	return off;
}
