/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small userspace helpers around /dev/vmod_container, shared by vmodctl and
 * the tests.  Every function returns 0 or a negative errno.
 */
#ifndef VMODLIB_H
#define VMODLIB_H

#include <sys/types.h>

#include "../ioctl_uapi.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Where a failed vmod_spawn() stopped, for the error message. */
enum vmod_stage {
	VMOD_STAGE_CLONE = 1,
	VMOD_STAGE_ID_MAP,
	VMOD_STAGE_HOSTNAME,
	VMOD_STAGE_MOUNT,
	VMOD_STAGE_START,
	VMOD_STAGE_EXEC,
};

int vmod_open(void);
int vmod_ioctl(int fd, unsigned long cmd, void *arg);

int vmod_create(int fd, const char *name, const char *hostname,
		__u64 ns_flags, __u32 *id);
int vmod_info_by_id(int fd, __u32 id, struct vmod_info *info);
int vmod_info_by_name(int fd, const char *name, struct vmod_info *info);
int vmod_destroy(int fd, __u32 id);
int vmod_stop(int fd, __u32 id, int sig, unsigned int timeout_ms);
int vmod_kill(int fd, __u32 id, int sig);

/* vmod_spawn() flags */
#define VMOD_SPAWN_DETACH	0x1	/* init's stdin, stdout, stderr: /dev/null */

/*
 * Runs @argv as the init of container @info (Created): clone3() with its
 * namespace set, map ids 1:1 in a new user namespace, set the hostname,
 * mount a fresh /proc in a new mount namespace, adopt with VMOD_START and
 * exec.  On success *@pid is the init, seen from here, and a child of the
 * caller.  On failure *@stage says which step failed.
 */
int vmod_spawn(int fd, const struct vmod_info *info, char *const argv[],
	       unsigned int flags, pid_t *pid, enum vmod_stage *stage);

/*
 * In a new mount namespace: stop mount events from propagating out, and
 * mount a /proc of the caller's pid namespace, so that ps shows only it.
 */
int vmod_mount_proc(void);

const char *vmod_stage_name(enum vmod_stage stage);
const char *vmod_state_name(__u32 state);

#endif /* VMODLIB_H */
