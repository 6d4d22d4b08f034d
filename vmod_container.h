/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private state of the vmod_container module.  Userspace sees none of this;
 * its view is ioctl_uapi.h.
 */
#ifndef _VMOD_CONTAINER_H
#define _VMOD_CONTAINER_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "ioctl_uapi.h"

/* Namespace kinds, in the order struct vmod_info reports them. */
enum vmod_ns_kind {
	VMOD_NS_PID,
	VMOD_NS_UTS,
	VMOD_NS_MNT,
	VMOD_NS_IPC,
	VMOD_NS_NET,
	VMOD_NS_CGROUP,
	VMOD_NS_TIME,
	VMOD_NS_USER,
	VMOD_NS_NR,
};

/* Inode numbers of one task's namespaces, as /proc/PID/ns shows them. */
struct vmod_ns_ids {
	u32 inum[VMOD_NS_NR];
};

/**
 * struct vmod_container - one entry of the table
 * @id: index in the xarray, fixed at creation
 * @state: enum vmod_state; written under @lock, read locklessly by waiters
 * @removed: DESTROY took it out of the table; lookups that raced ignore it
 * @ref: one reference for the table, one for the exit watcher while
 *       Running, one for each lookup in flight
 * @rcu: frees the object after lockless readers are done
 * @node: entry in the name table
 * @lock: serialises state changes and the fields they touch
 * @ns_flags: CLONE_NEW* set the init must sit in
 * @name: unique name, NUL padded (it is the name table's key)
 * @hostname: configured hostname; while Running, the last value read from
 *            the init's uts namespace
 * @creator: namespaces of the task that created the container
 * @pid: the init's struct pid, pinned while Running
 * @exit_hostname: the init's hostname, kept by the exit probe
 * @exit_wait: entry on @pid's wait_pidfd queue, woken when the init exits
 * @exit_work: moves the container to Stopped outside the waker's context
 * @path: program the init said it would exec
 * @exit_status: wait(2) encoding, captured when the init exits
 * @create_ns: CLOCK_REALTIME of creation
 * @start_ns: CLOCK_REALTIME of START
 * @stop_ns: CLOCK_REALTIME at which the container became Stopped
 */
struct vmod_container {
	u32 id;
	u32 state;
	bool removed;
	struct kref ref;
	struct rcu_head rcu;
	struct rhash_head node;
	struct mutex lock;	/* serialises state changes */
	u64 ns_flags;
	char name[VMOD_NAME_SIZE];
	char hostname[VMOD_HOSTNAME_MAX + 1];
	struct vmod_ns_ids creator;
	struct pid *pid;
	char exit_hostname[VMOD_HOSTNAME_MAX + 1];
	struct wait_queue_entry exit_wait;
	struct work_struct exit_work;
	char *path;
	int exit_status;
	u64 create_ns;
	u64 start_ns;
	u64 stop_ns;
};

#endif /* _VMOD_CONTAINER_H */
