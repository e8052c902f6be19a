// SPDX-License-Identifier: GPL-2.0
/*
 * Opaque ids for kernel objects: SipHash-2-4 of the object's address under a
 * random key chosen at load. An id names the same live object for as long
 * as the module is loaded and never reveals the address.
 *
 * The tracer (fdmodel trace) must print the same ids for the same objects,
 * so the key is readable by CAP_SYS_ADMIN from /proc/fdmodel_key: anyone who
 * may read it may read kernel memory anyway.
 */
#include <linux/capability.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/siphash.h>

#include "fdmodel.h"

static siphash_key_t fdm_key;
static struct proc_dir_entry *fdm_key_entry;

u64 fdm_id(const void *object)
{
	return siphash_1u64((u64)(unsigned long)object, &fdm_key);
}

static int fdm_key_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%016llx%016llx\n", fdm_key.key[0], fdm_key.key[1]);
	return 0;
}

static int fdm_key_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return single_open(file, fdm_key_show, NULL);
}

static const struct proc_ops fdm_key_ops = {
	.proc_open	= fdm_key_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
};

int fdm_ids_init(void)
{
	get_random_bytes(&fdm_key, sizeof(fdm_key));
	fdm_key_entry = proc_create("fdmodel_key", 0400, NULL, &fdm_key_ops);
	return fdm_key_entry ? 0 : -ENOMEM;
}

void fdm_ids_exit(void)
{
	proc_remove(fdm_key_entry);
}
