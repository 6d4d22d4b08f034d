/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the C tests: they run real containers through the
 * module and read back what the kernel did, from /proc.
 */
#ifndef VMOD_TEST_H
#define VMOD_TEST_H

#define _GNU_SOURCE
#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tools/vmodlib.h"
#include "kselftest.h"

/* Exit 4 with a KTAP skip line when the tests cannot run here. */
static inline void vmod_skip_unless_ready(void)
{
	const char *why = NULL;

	if (geteuid())
		why = "must run as root";
	else if (access(VMOD_DEVICE_PATH, F_OK))
		why = VMOD_DEVICE_PATH " missing: is vmod_container loaded?";
	if (!why)
		return;

	ksft_print_header();
	ksft_exit_skip("%s\n", why);
}

static inline void vmod_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Creates container @name and runs "/bin/sh -c @script" as its init. */
static inline int vmod_run_sh(int fd, const char *name, __u64 ns_flags,
			      const char *script, __u32 *id, pid_t *pid)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	struct vmod_info info;
	enum vmod_stage stage;
	int ret;

	ret = vmod_create(fd, name, NULL, ns_flags, id);
	if (!ret)
		ret = vmod_info_by_id(fd, *id, &info);
	if (!ret)
		ret = vmod_spawn(fd, &info, argv, 0, pid, &stage);

	return ret;
}

/* Polls INFO until container @id is in @state; 0, or -ETIMEDOUT. */
static inline int vmod_wait_state(int fd, __u32 id, __u32 state, int ms,
				  struct vmod_info *info)
{
	int ret;

	for (;;) {
		ret = vmod_info_by_id(fd, id, info);
		if (ret || info->out_state == state)
			return ret;
		if (ms <= 0)
			return -ETIMEDOUT;
		vmod_sleep_ms(10);
		ms -= 10;
	}
}

/* Inode of /proc/@pid/ns/@kind, which is what readlink shows in brackets. */
static inline unsigned int vmod_proc_ns(pid_t pid, const char *kind)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, kind);
	if (stat(path, &st))
		return 0;

	return st.st_ino;
}

static inline char vmod_proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	p = strrchr(buf, ')');

	return p && p[1] && p[2] ? p[2] : 0;
}

/*
 * Counts the live (non-zombie) processes of this system whose pid namespace
 * has inode @pidns, by walking /proc.
 */
static inline int vmod_count_live_in_pidns(unsigned int pidns)
{
	struct dirent *d;
	int count = 0;
	pid_t pid;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		pid = atoi(d->d_name);
		if (pid <= 0 || vmod_proc_ns(pid, "pid") != pidns)
			continue;
		if (vmod_proc_state(pid) != 'Z')
			count++;
	}
	closedir(dir);

	return count;
}

/* Stops and removes every container, so each test starts on a clean table. */
static inline void vmod_clean_table(int fd)
{
	struct vmod_list_entry e[32];
	struct vmod_list list = {
		.size = sizeof(list),
		.entry_size = sizeof(e[0]),
		.max_entries = 32,
		.entries = (__u64)(unsigned long)e,
	};
	int round;
	__u32 i;

	for (round = 0; round < 100; round++) {
		list.cursor = 1;
		if (vmod_ioctl(fd, VMOD_LIST, &list) || !list.out_nr_entries)
			break;
		for (i = 0; i < list.out_nr_entries; i++) {
			if (e[i].state == VMOD_STATE_RUNNING)
				vmod_stop(fd, e[i].id, SIGKILL, 0);
			vmod_destroy(fd, e[i].id);
		}
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/*
 * What must not change when a command is refused: the whole table, every
 * field INFO reports but the process count, which moves on its own.
 */
struct vmod_snapshot {
	__u32 count;
	__u64 hash;
};

static inline int vmod_snapshot(int fd, struct vmod_snapshot *s)
{
	struct vmod_list_entry e[32];
	struct vmod_list list = {
		.size = sizeof(list),
		.cursor = 1,
		.entry_size = sizeof(e[0]),
		.max_entries = 32,
		.entries = (__u64)(unsigned long)e,
	};
	const unsigned char *p;
	struct vmod_info info;
	__u32 i;
	size_t j;
	int ret;

	s->count = 0;
	s->hash = 1469598103934665603ULL;
	do {
		ret = vmod_ioctl(fd, VMOD_LIST, &list);
		if (ret)
			return ret;
		for (i = 0; i < list.out_nr_entries; i++) {
			ret = vmod_info_by_id(fd, e[i].id, &info);
			if (ret)
				return ret;
			info.out_nr_procs = 0;
			p = (const void *)&info;
			for (j = 0; j < sizeof(info); j++)
				s->hash = (s->hash ^ p[j]) * 1099511628211ULL;
			s->count++;
		}
		list.cursor = list.out_next_cursor;
	} while (list.cursor);

	return 0;
}

/* What a loop over commands is at, for the message of a failed check. */
static const char *vmod_case __attribute__((unused)) = "";

/* Expects @call to fail with @err and to leave the table as it was. */
#define EXPECT_REFUSED(fd, err, call)						\
	do {									\
		struct vmod_snapshot __before, __after;				\
		ASSERT_EQ(0, vmod_snapshot(fd, &__before));			\
		EXPECT_EQ(-(err), (call))					\
			TH_LOG("case: %s", vmod_case);				\
		ASSERT_EQ(0, vmod_snapshot(fd, &__after));			\
		EXPECT_EQ(__before.count, __after.count);			\
		EXPECT_EQ(__before.hash, __after.hash);				\
	} while (0)

#endif /* VMOD_TEST_H */
