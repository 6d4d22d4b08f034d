// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace side of the vmod_container protocol: thin ioctl wrappers and the
 * clone3()-then-adopt dance that turns a program into a container's init.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmodlib.h"

/* What a child that failed to become the init tells its parent. */
struct vmod_spawn_error {
	int stage;
	int err;
};

int vmod_open(void)
{
	int fd = open(VMOD_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int vmod_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int vmod_create(int fd, const char *name, const char *hostname,
		__u64 ns_flags, __u32 *id)
{
	struct vmod_create cmd = {
		.size = sizeof(cmd),
		.ns_flags = ns_flags,
	};
	int ret;

	if (strlen(name) >= sizeof(cmd.name) ||
	    (hostname && strlen(hostname) >= sizeof(cmd.hostname)))
		return -EINVAL;
	strcpy(cmd.name, name);
	if (hostname)
		strcpy(cmd.hostname, hostname);

	ret = vmod_ioctl(fd, VMOD_CREATE, &cmd);
	if (!ret && id)
		*id = cmd.out_id;

	return ret;
}

int vmod_info_by_id(int fd, __u32 id, struct vmod_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->id = id;

	return vmod_ioctl(fd, VMOD_INFO, info);
}

int vmod_info_by_name(int fd, const char *name, struct vmod_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	if (strlen(name) >= sizeof(info->name))
		return -EINVAL;
	strcpy(info->name, name);

	return vmod_ioctl(fd, VMOD_INFO, info);
}

int vmod_destroy(int fd, __u32 id)
{
	struct vmod_destroy cmd = { .size = sizeof(cmd), .id = id };

	return vmod_ioctl(fd, VMOD_DESTROY, &cmd);
}

int vmod_stop(int fd, __u32 id, int sig, unsigned int timeout_ms)
{
	struct vmod_stop cmd = {
		.size = sizeof(cmd),
		.id = id,
		.signal = sig,
		.timeout_ms = timeout_ms,
	};

	return vmod_ioctl(fd, VMOD_STOP, &cmd);
}

int vmod_kill(int fd, __u32 id, int sig)
{
	struct vmod_kill cmd = { .size = sizeof(cmd), .id = id, .signal = sig };

	return vmod_ioctl(fd, VMOD_KILL, &cmd);
}

static int vmod_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = strlen(text);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len)
		ret = -errno;
	close(fd);

	return ret;
}

/* Root of the new user namespace is root outside: a 1:1 map of all ids. */
static int vmod_map_ids(pid_t pid)
{
	static const char *const maps[] = { "uid_map", "gid_map" };
	char path[64];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, maps[i]);
		ret = vmod_write_file(path, "0 0 4294967295\n");
		if (ret)
			return ret;
	}

	return 0;
}

int vmod_mount_proc(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL))
		return -errno;

	return 0;
}

static int vmod_adopt(int fd, __u32 id, const char *path)
{
	struct vmod_start cmd = { .size = sizeof(cmd), .id = id };

	if (strlen(path) >= sizeof(cmd.path))
		return -ENAMETOOLONG;
	strcpy(cmd.path, path);

	return vmod_ioctl(fd, VMOD_START, &cmd);
}

static int vmod_detach(void)
{
	int fd = open("/dev/null", O_RDWR);
	int i;

	if (fd < 0)
		return -errno;
	for (i = 0; i < 3; i++)
		if (dup2(fd, i) < 0)
			return -errno;
	if (fd > 2)
		close(fd);

	return 0;
}

/*
 * In the child: wait for the go (@go is -1 when there are no id maps to
 * wait for), become the init, exec.  Never returns.
 */
static void vmod_child(int fd, const struct vmod_info *info,
		       char *const argv[], unsigned int flags, int go,
		       int report)
{
	struct vmod_spawn_error e = { 0 };
	char byte;

	/* The parent writes our id maps first, if we need them. */
	if (go >= 0 && read(go, &byte, 1) != 1) {
		e.stage = VMOD_STAGE_ID_MAP;
		e.err = EIO;
		goto fail;
	}

	e.stage = VMOD_STAGE_HOSTNAME;
	if ((info->out_ns_flags & CLONE_NEWUTS) &&
	    sethostname(info->out_hostname, strlen(info->out_hostname))) {
		e.err = errno;
		goto fail;
	}

	e.stage = VMOD_STAGE_MOUNT;
	if (info->out_ns_flags & CLONE_NEWNS) {
		e.err = -vmod_mount_proc();
		if (e.err)
			goto fail;
	}

	e.stage = VMOD_STAGE_START;
	e.err = -vmod_adopt(fd, info->id, argv[0]);
	if (e.err)
		goto fail;

	e.stage = VMOD_STAGE_EXEC;
	if (flags & VMOD_SPAWN_DETACH) {
		e.err = -vmod_detach();
		if (e.err)
			goto fail;
	}
	execvp(argv[0], argv);
	e.err = errno;
fail:
	if (write(report, &e, sizeof(e)) != sizeof(e))
		_exit(126);
	_exit(127);
}

int vmod_spawn(int fd, const struct vmod_info *info, char *const argv[],
	       unsigned int flags, pid_t *pid, enum vmod_stage *stage)
{
	struct clone_args args = {
		.flags = info->out_ns_flags,
		.exit_signal = SIGCHLD,
	};
	struct vmod_spawn_error e = { 0 };
	int go[2] = { -1, -1 }, report[2];
	pid_t child;
	ssize_t len;
	int ret;

	*stage = VMOD_STAGE_CLONE;
	/* Only a new user namespace has to wait for its id maps. */
	if ((info->out_ns_flags & CLONE_NEWUSER) && pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(report, O_CLOEXEC)) {
		ret = -errno;
		goto out_close_go;
	}

	child = syscall(SYS_clone3, &args, sizeof(args));
	if (child < 0) {
		ret = -errno;
		goto out_close_report;
	}
	if (child == 0) {
		if (go[1] >= 0)
			close(go[1]);
		close(report[0]);
		vmod_child(fd, info, argv, flags, go[0], report[1]);
	}
	if (go[0] >= 0)
		close(go[0]);
	close(report[1]);
	go[0] = report[1] = -1;

	ret = 0;
	if (go[1] >= 0) {
		*stage = VMOD_STAGE_ID_MAP;
		ret = vmod_map_ids(child);
		if (!ret && write(go[1], "g", 1) != 1)
			ret = -errno;
	}

	/* End of file: exec closed the report pipe, the program runs. */
	len = ret ? 0 : read(report[0], &e, sizeof(e));
	if (ret || len) {
		if (len == sizeof(e)) {
			/* The child gave up and exits by itself. */
			*stage = e.stage;
			ret = -e.err;
		} else {
			kill(child, SIGKILL);
			ret = ret ?: -EIO;
		}
		waitpid(child, NULL, 0);
		goto out_close_report;
	}
	*pid = child;

out_close_report:
	if (report[0] >= 0)
		close(report[0]);
	if (report[1] >= 0)
		close(report[1]);
out_close_go:
	if (go[0] >= 0)
		close(go[0]);
	if (go[1] >= 0)
		close(go[1]);
	return ret;
}

const char *vmod_stage_name(enum vmod_stage stage)
{
	switch (stage) {
	case VMOD_STAGE_CLONE:
		return "clone3";
	case VMOD_STAGE_ID_MAP:
		return "map user ids";
	case VMOD_STAGE_HOSTNAME:
		return "set hostname";
	case VMOD_STAGE_MOUNT:
		return "mount /proc";
	case VMOD_STAGE_START:
		return "adopt init";
	case VMOD_STAGE_EXEC:
		return "exec";
	}

	return "spawn";
}

const char *vmod_state_name(__u32 state)
{
	switch (state) {
	case VMOD_STATE_CREATED:
		return "created";
	case VMOD_STATE_RUNNING:
		return "running";
	case VMOD_STATE_STOPPED:
		return "stopped";
	}

	return "unknown";
}
