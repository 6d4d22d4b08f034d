/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Userspace interface of vmod_container: a kernel table of containers,
 * driven through ioctls on /dev/vmod_container.
 *
 * The same header is included unchanged by the module and by userspace C.
 *
 * Conventions shared by every command:
 *
 * - The argument is a pointer to a struct whose first member is @size, the
 *   size of the struct as the caller knows it.  A newer kernel accepts an
 *   older, shorter struct (missing fields read as zero); an older kernel
 *   accepts a newer, longer struct as long as the bytes it does not know are
 *   zero.  Outputs are written back for at most @size bytes.
 * - @flags and every __reserved field must be zero.
 * - Fields named out_* are written by the kernel and ignored on input.
 * - Pointers travel as __aligned_u64, so one handler serves 32-bit callers.
 * - Strings are inline arrays that must hold a NUL terminator.
 * - Commands that change the table need CAP_SYS_ADMIN; VERSION, INFO and
 *   LIST do not.  Who may open the device at all is up to its mode, 0600
 *   (root) by default; /proc/vmod_containers shows the table to everyone.
 * - The commands are _IO numbers: the struct's size travels in @size, not
 *   in the command, so that the struct can grow.
 *
 * Errors common to every command:
 *  -ENOTTY  unknown command number
 *  -EFAULT  the argument (or a buffer it points to) is not accessible
 *  -EINVAL  @size is smaller than the first published version of the
 *           struct, or @flags or a __reserved field is non-zero
 *  -E2BIG   @size is larger than the kernel knows and the extra bytes are
 *           not all zero, or larger than 4096
 *  -EPERM   the command changes the table and the caller lacks
 *           CAP_SYS_ADMIN (START: see below); or the caller is not in
 *           the pid namespace that opened the descriptor (START: not in
 *           a child of it), as a process inside a container that
 *           inherited the descriptor
 *  -ENOENT  no container has the given id or name
 *
 * Lifecycle: CREATE makes a container in state Created.  START turns it into
 * Running by adopting a process as its init.  The container becomes Stopped
 * when that init exits, whether by itself, killed from outside or by STOP;
 * the module is told by the kernel and needs no call to notice.  DESTROY
 * removes a Created or Stopped container.
 *
 * START protocol (what a tool does to run a program in a container):
 *  1. CREATE, with the namespace set as CLONE_NEW* bits (CLONE_NEWPID is
 *     mandatory).  The module records the creator's namespaces.
 *  2. clone3() a child with exactly those CLONE_NEW* flags.  The child is
 *     pid 1 of a new pid namespace.
 *  3. In the child: if CLONE_NEWUTS is in the set, sethostname() to the
 *     container's hostname; then issue START on a descriptor that was opened
 *     by a process holding CAP_SYS_ADMIN (the child may sit in a new user
 *     namespace, where it holds no capability over the host).
 *  4. The module checks that the caller is pid 1 of its pid namespace and
 *     sits in a namespace of every requested kind that differs from the
 *     creator's, pins its struct pid, and records the program path it is
 *     given.  Then the child execs that program.  Open the device
 *     with O_CLOEXEC so the program does not inherit it.
 */
#ifndef _UAPI_VMOD_CONTAINER_H
#define _UAPI_VMOD_CONTAINER_H

#include <linux/ioctl.h>
#include <linux/sched.h>
#include <linux/types.h>

#define VMOD_DEVICE_PATH	"/dev/vmod_container"
#define VMOD_ABI_VERSION	1

/* Array sizes; each holds a string and its NUL terminator. */
#define VMOD_NAME_SIZE		64	/* names are 1 to 63 bytes */
#define VMOD_HOSTNAME_SIZE	72	/* hostnames are 1 to 64 bytes */
#define VMOD_PATH_SIZE		256	/* init program paths: 1 to 255 bytes */
#define VMOD_HOSTNAME_MAX	64

/* Namespace kinds a container may ask for, as CLONE_NEW* bits. */
#define VMOD_NS_REQUIRED	CLONE_NEWPID
#define VMOD_NS_DEFAULT		(CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNS | \
				 CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP)
#define VMOD_NS_ALLOWED		(VMOD_NS_DEFAULT | CLONE_NEWTIME | CLONE_NEWUSER)

/**
 * enum vmod_state - life cycle of a container
 * @VMOD_STATE_CREATED: in the table, no process yet
 * @VMOD_STATE_RUNNING: its init is alive
 * @VMOD_STATE_STOPPED: its init has exited and no process of its pid
 *                      namespace is left
 */
enum vmod_state {
	VMOD_STATE_CREATED = 1,
	VMOD_STATE_RUNNING = 2,
	VMOD_STATE_STOPPED = 3,
};

#define VMOD_TYPE	0xC7

enum {
	VMOD_CMD_BASE = 0x40,
	VMOD_CMD_VERSION = VMOD_CMD_BASE,
	VMOD_CMD_CREATE,
	VMOD_CMD_START,
	VMOD_CMD_STOP,
	VMOD_CMD_KILL,
	VMOD_CMD_DESTROY,
	VMOD_CMD_INFO,
	VMOD_CMD_LIST,
};

/**
 * struct vmod_version - VMOD_VERSION: ABI version and limits
 * @size: sizeof(struct vmod_version)
 * @flags: must be 0
 * @out_abi_version: VMOD_ABI_VERSION of the running module
 * @out_max_containers: most containers the table holds (module parameter)
 * @out_nr_containers: containers in the table now
 * @out_name_max: longest name, in bytes, without the NUL
 * @out_hostname_max: longest hostname, in bytes, without the NUL
 * @out_path_max: longest init program path, in bytes, without the NUL
 * @out_ns_allowed: CLONE_NEW* bits CREATE accepts
 * @out_ns_default: set used when CREATE passes 0
 * @out_ns_required: bits every set must contain
 *
 * Cheapest command of all: it takes no lock and touches no container.
 */
struct vmod_version {
	__u32 size;
	__u32 flags;
	__u32 out_abi_version;
	__u32 out_max_containers;
	__u32 out_nr_containers;
	__u32 out_name_max;
	__u32 out_hostname_max;
	__u32 out_path_max;
	__aligned_u64 out_ns_allowed;
	__aligned_u64 out_ns_default;
	__aligned_u64 out_ns_required;
};

#define VMOD_VERSION	_IO(VMOD_TYPE, VMOD_CMD_VERSION)

/**
 * struct vmod_create - VMOD_CREATE: add a container in state Created
 * @size: sizeof(struct vmod_create)
 * @flags: must be 0
 * @ns_flags: CLONE_NEW* bits; 0 means VMOD_NS_DEFAULT
 * @name: 1 to 63 bytes of [A-Za-z0-9_.-], unique in the table
 * @hostname: 1 to 64 bytes of [A-Za-z0-9_.-], or empty for the name;
 *            only with CLONE_NEWUTS
 * @out_id: id of the new container, never 0
 * @__reserved: must be 0
 *
 * Ids are handed out cyclically from 1, so a destroyed container's id is not
 * reused soon.
 *
 * Errors:
 *  -EINVAL  name or hostname empty where required, too long, unterminated
 *           or with a byte outside the set; a hostname without
 *           CLONE_NEWUTS; @ns_flags with an unknown bit or without
 *           CLONE_NEWPID
 *  -EEXIST  a container with this name exists
 *  -ENOSPC  the table holds max_containers containers already
 *  -ENOMEM  out of memory
 */
struct vmod_create {
	__u32 size;
	__u32 flags;
	__aligned_u64 ns_flags;
	char name[VMOD_NAME_SIZE];
	char hostname[VMOD_HOSTNAME_SIZE];
	__u32 out_id;
	__u32 __reserved;
};

#define VMOD_CREATE	_IO(VMOD_TYPE, VMOD_CMD_CREATE)

/**
 * struct vmod_start - VMOD_START: adopt the caller as the container's init
 * @size: sizeof(struct vmod_start)
 * @flags: must be 0
 * @id: container to start
 * @__reserved: must be 0
 * @path: program the caller is about to exec, 1 to 255 bytes; recorded and
 *        shown by INFO
 *
 * Issued by the init itself, before it execs; see the protocol above.  The
 * capability check applies to the credentials that opened the descriptor.
 *
 * Errors:
 *  -EPERM     the descriptor was not opened with CAP_SYS_ADMIN
 *  -EBUSY     the container is not in state Created
 *  -EINVAL    @path empty or unterminated; the caller is not pid 1 of its
 *             pid namespace; a requested namespace is the creator's; with
 *             CLONE_NEWUTS, the caller's hostname differs from the
 *             container's
 *  -EALREADY  the caller already is the init of another container
 *  -ENOMEM    out of memory
 */
struct vmod_start {
	__u32 size;
	__u32 flags;
	__u32 id;
	__u32 __reserved;
	char path[VMOD_PATH_SIZE];
};

#define VMOD_START	_IO(VMOD_TYPE, VMOD_CMD_START)

/**
 * struct vmod_stop - VMOD_STOP: stop a running container and wait for it
 * @size: sizeof(struct vmod_stop)
 * @flags: must be 0
 * @id: container to stop
 * @signal: first signal sent to the init; 0 means SIGTERM
 * @timeout_ms: grace period after @signal, then SIGKILL; 0 sends SIGKILL
 *              right after @signal
 * @__reserved: must be 0
 *
 * Returns once the container is Stopped: its init has exited and no process
 * of its pid namespace is left.  The init of a pid namespace ignores signals
 * it has no handler for, except SIGKILL; so a plain program takes the whole
 * grace period and then SIGKILL.
 *
 * Errors:
 *  -EINVAL  @signal is not a valid signal number
 *  -ESRCH   the container is not Running
 *  -EINTR   the caller got a fatal signal while waiting; SIGKILL goes to
 *           the init at once, and the container stops all the same
 */
struct vmod_stop {
	__u32 size;
	__u32 flags;
	__u32 id;
	__u32 signal;
	__u32 timeout_ms;
	__u32 __reserved;
};

#define VMOD_STOP	_IO(VMOD_TYPE, VMOD_CMD_STOP)

/**
 * struct vmod_kill - VMOD_KILL: send a signal to the container's init
 * @size: sizeof(struct vmod_kill)
 * @flags: must be 0
 * @id: container to signal
 * @signal: signal number, 1 to 64
 *
 * Does not wait.  The signal goes to the pinned struct pid of the init,
 * never to a pid number that could have been reused.
 *
 * Errors:
 *  -EINVAL  @signal is 0 or not a valid signal number
 *  -ESRCH   the container is not Running, or its init has exited and
 *           been reaped already
 */
struct vmod_kill {
	__u32 size;
	__u32 flags;
	__u32 id;
	__u32 signal;
};

#define VMOD_KILL	_IO(VMOD_TYPE, VMOD_CMD_KILL)

/**
 * struct vmod_destroy - VMOD_DESTROY: remove a container from the table
 * @size: sizeof(struct vmod_destroy)
 * @flags: must be 0
 * @id: container to remove
 * @__reserved: must be 0
 *
 * Errors:
 *  -EBUSY  the container is Running
 */
struct vmod_destroy {
	__u32 size;
	__u32 flags;
	__u32 id;
	__u32 __reserved;
};

#define VMOD_DESTROY	_IO(VMOD_TYPE, VMOD_CMD_DESTROY)

/**
 * struct vmod_info - VMOD_INFO: describe one container
 * @size: sizeof(struct vmod_info)
 * @flags: must be 0
 * @id: in: container to describe, or 0 to look it up by @name;
 *      out: its id
 * @out_state: enum vmod_state
 * @name: in: name to look up when @id is 0, else empty; out: its name
 * @out_hostname: read live from the init's uts namespace while Running;
 *                afterwards the last value read
 * @out_ns_flags: the container's CLONE_NEW* set
 * @out_init_pid: pid of the init as seen from the caller's pid namespace
 *                (0 if not visible there)
 * @out_init_vpid: pid of the init inside the container (1)
 * @out_nr_procs: processes (thread groups) in the container's pid namespace
 * @out_exit_status: how the init ended, encoded as by wait(2); Stopped only
 * @out_pid_ns: inode number of the init's pid namespace, as shown by
 *              readlink /proc/PID/ns/pid; likewise the next seven
 * @out_uts_ns: see @out_pid_ns
 * @out_mnt_ns: see @out_pid_ns
 * @out_ipc_ns: see @out_pid_ns
 * @out_net_ns: see @out_pid_ns
 * @out_cgroup_ns: see @out_pid_ns
 * @out_time_ns: see @out_pid_ns
 * @out_user_ns: see @out_pid_ns
 * @out_create_ns: CLOCK_REALTIME of CREATE, in nanoseconds
 * @out_start_ns: CLOCK_REALTIME of START
 * @out_stop_ns: CLOCK_REALTIME at which the container became Stopped
 * @out_path: init program recorded by START
 *
 * Fields that do not apply to the current state are zero: the pids, process
 * count and namespace inodes while not Running, the exit status and stop
 * time while not Stopped.
 *
 * Errors:
 *  -EINVAL  @id is 0 and @name is not a valid name, or @id is not 0 and
 *           @name is not empty
 */
struct vmod_info {
	__u32 size;
	__u32 flags;
	__u32 id;
	__u32 out_state;
	char name[VMOD_NAME_SIZE];
	char out_hostname[VMOD_HOSTNAME_SIZE];
	__aligned_u64 out_ns_flags;
	__s32 out_init_pid;
	__s32 out_init_vpid;
	__u32 out_nr_procs;
	__s32 out_exit_status;
	__u32 out_pid_ns;
	__u32 out_uts_ns;
	__u32 out_mnt_ns;
	__u32 out_ipc_ns;
	__u32 out_net_ns;
	__u32 out_cgroup_ns;
	__u32 out_time_ns;
	__u32 out_user_ns;
	__aligned_u64 out_create_ns;
	__aligned_u64 out_start_ns;
	__aligned_u64 out_stop_ns;
	char out_path[VMOD_PATH_SIZE];
};

#define VMOD_INFO	_IO(VMOD_TYPE, VMOD_CMD_INFO)

/**
 * struct vmod_list_entry - one container in a VMOD_LIST page
 * @id: container id
 * @state: enum vmod_state
 * @init_pid: as in struct vmod_info
 * @nr_procs: as in struct vmod_info
 * @name: container name
 * @hostname: as in struct vmod_info
 *
 * Entries may grow at the end; see &struct vmod_list.entry_size.
 */
struct vmod_list_entry {
	__u32 id;
	__u32 state;
	__s32 init_pid;
	__u32 nr_procs;
	char name[VMOD_NAME_SIZE];
	char hostname[VMOD_HOSTNAME_SIZE];
};

/**
 * struct vmod_list - VMOD_LIST: one page of the table, in id order
 * @size: sizeof(struct vmod_list)
 * @flags: must be 0
 * @cursor: first id to report; 0 or 1 to start from the beginning
 * @entry_size: sizeof(struct vmod_list_entry) as the caller knows it; the
 *              kernel fills that much of each entry, zeroing what it does
 *              not know
 * @max_entries: room in @entries
 * @out_nr_entries: entries written
 * @out_next_cursor: @cursor for the next page, or 0 after the last one
 * @out_total: containers in the table
 * @entries: user pointer to @max_entries entries of @entry_size bytes
 *
 * Containers created or destroyed during a walk may or may not be seen; no
 * container present for the whole walk is missed or seen twice.
 *
 * Errors:
 *  -EINVAL  @entry_size smaller than the first published entry, or larger
 *           than 4096
 *  -EINTR   the caller got a fatal signal during a long walk
 */
struct vmod_list {
	__u32 size;
	__u32 flags;
	__u32 cursor;
	__u32 entry_size;
	__u32 max_entries;
	__u32 out_nr_entries;
	__u32 out_next_cursor;
	__u32 out_total;
	__aligned_u64 entries;
};

#define VMOD_LIST	_IO(VMOD_TYPE, VMOD_CMD_LIST)

#endif /* _UAPI_VMOD_CONTAINER_H */
