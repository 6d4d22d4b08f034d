// SPDX-License-Identifier: GPL-2.0
/*
 * Real containers through their whole life: what the kernel shows of them
 * in /proc, what runs inside them, how they end and what is left after.
 */
#include "kselftest_harness.h"
#include "vmod_test.h"

#include <ctype.h>
#include <stdbool.h>
#include <sys/klog.h>

static const char *const ns_names[] = {
	"pid", "uts", "mnt", "ipc", "net", "cgroup", "time", "user",
};

static const __u64 ns_flags[] = {
	CLONE_NEWPID, CLONE_NEWUTS, CLONE_NEWNS, CLONE_NEWIPC,
	CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWTIME, CLONE_NEWUSER,
};

static void info_ns(const struct vmod_info *info, __u32 inum[8])
{
	inum[0] = info->out_pid_ns;
	inum[1] = info->out_uts_ns;
	inum[2] = info->out_mnt_ns;
	inum[3] = info->out_ipc_ns;
	inum[4] = info->out_net_ns;
	inum[5] = info->out_cgroup_ns;
	inum[6] = info->out_time_ns;
	inum[7] = info->out_user_ns;
}

static int read_file(const char *path, char *buf, size_t size)
{
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len < 0)
		return -errno;
	buf[len] = '\0';

	return len;
}

FIXTURE(ct) {
	int fd;
};

FIXTURE_SETUP(ct)
{
	self->fd = vmod_open();
	ASSERT_LE(0, self->fd);
	vmod_clean_table(self->fd);
}

FIXTURE_TEARDOWN(ct)
{
	vmod_clean_table(self->fd);
	close(self->fd);
}

/*
 * Runs a container with @flags and checks every namespace link of its init
 * against INFO: new kinds differ from ours, the others are ours.
 */
static void check_namespaces(struct __test_metadata *_metadata, int fd,
			     const char *name, __u64 flags)
{
	struct vmod_info info;
	__u32 inum[8];
	pid_t pid;
	__u32 id;
	int i;

	ASSERT_EQ(0, vmod_run_sh(fd, name, flags, "sleep 1000", &id, &pid));
	ASSERT_EQ(0, vmod_info_by_id(fd, id, &info));
	ASSERT_EQ(VMOD_STATE_RUNNING, info.out_state);
	EXPECT_EQ(flags, info.out_ns_flags);
	info_ns(&info, inum);

	for (i = 0; i < 8; i++) {
		TH_LOG("%s: info %u, /proc %u, ours %u", ns_names[i], inum[i],
		       vmod_proc_ns(pid, ns_names[i]),
		       vmod_proc_ns(getpid(), ns_names[i]));
		EXPECT_NE(0, inum[i]);
		EXPECT_EQ(vmod_proc_ns(pid, ns_names[i]), inum[i]);
		if (flags & ns_flags[i]) {
			EXPECT_NE(vmod_proc_ns(getpid(), ns_names[i]), inum[i]);
		} else {
			EXPECT_EQ(vmod_proc_ns(getpid(), ns_names[i]), inum[i]);
		}
	}
}

TEST_F(ct, default_namespaces_match_proc)
{
	check_namespaces(_metadata, self->fd, "dflt", VMOD_NS_DEFAULT);
}

TEST_F(ct, only_pid_namespace_shares_the_rest)
{
	check_namespaces(_metadata, self->fd, "pidonly", CLONE_NEWPID);
}

TEST_F(ct, user_and_time_namespaces)
{
	check_namespaces(_metadata, self->fd, "all", VMOD_NS_ALLOWED);
}

TEST_F(ct, two_containers_have_distinct_namespaces)
{
	struct vmod_info a, b;
	__u32 ia, ib, na[8], nb[8];
	pid_t pa, pb;
	int i;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "a", 0, "sleep 1000", &ia, &pa));
	ASSERT_EQ(0, vmod_run_sh(self->fd, "b", 0, "sleep 1000", &ib, &pb));
	ASSERT_EQ(0, vmod_info_by_id(self->fd, ia, &a));
	ASSERT_EQ(0, vmod_info_by_id(self->fd, ib, &b));
	info_ns(&a, na);
	info_ns(&b, nb);
	for (i = 0; i < 6; i++)
		EXPECT_NE(na[i], nb[i]);
	EXPECT_STRNE(a.out_hostname, b.out_hostname);
}

TEST_F(ct, init_pids_as_seen_outside_and_inside)
{
	char path[64], buf[4096], *nspid;
	struct vmod_info info;
	pid_t pid;
	__u32 id;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "pids", 0, "sleep 1000", &id, &pid));
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_EQ(pid, info.out_init_pid);
	EXPECT_EQ(1, info.out_init_vpid);

	/* The kernel's own view: NSpid lists our number, then 1. */
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	ASSERT_LT(0, read_file(path, buf, sizeof(buf)));
	nspid = strstr(buf, "NSpid:");
	ASSERT_NE(NULL, nspid);
	snprintf(path, sizeof(path), "NSpid:\t%d\t1\n", pid);
	EXPECT_EQ(0, strncmp(nspid, path, strlen(path)));
	EXPECT_STREQ("/bin/sh", info.out_path);
}

TEST_F(ct, uname_inside_is_the_hostname)
{
	struct vmod_info info;
	char buf[128];
	pid_t pid;
	__u32 id;

	unlink("/tmp/vmod-uname");
	ASSERT_EQ(0, vmod_run_sh(self->fd, "web-1", 0,
				 "uname -n > /tmp/vmod-uname", &id, &pid));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	ASSERT_LT(0, read_file("/tmp/vmod-uname", buf, sizeof(buf)));
	EXPECT_STREQ("web-1\n", buf);
	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));
	EXPECT_STREQ("web-1", info.out_hostname);

	/* And the host kept its own. */
	ASSERT_EQ(0, gethostname(buf, sizeof(buf)));
	EXPECT_STRNE("web-1", buf);
}

TEST_F(ct, hostname_is_read_live)
{
	struct vmod_info info;
	pid_t pid;
	__u32 id;
	int i;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "live", 0,
				 "hostname renamed; sleep 1000", &id, &pid));
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
		if (!strcmp(info.out_hostname, "renamed"))
			break;
		vmod_sleep_ms(10);
	}
	EXPECT_STREQ("renamed", info.out_hostname);

	/* After the stop, the last value stays. */
	ASSERT_EQ(0, vmod_stop(self->fd, id, SIGKILL, 0));
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_STREQ("renamed", info.out_hostname);
}

TEST_F(ct, hostname_at_exit_is_kept)
{
	struct vmod_info info;
	pid_t pid;
	__u32 id;

	/* Nobody asks while it runs: the module must catch it at the exit. */
	ASSERT_EQ(0, vmod_run_sh(self->fd, "rename", 0, "hostname final", &id,
				 &pid));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));
	EXPECT_STREQ("final", info.out_hostname);
}

TEST_F(ct, exit_status_survives_the_reaping_parent)
{
	struct vmod_info info;
	int status;
	pid_t pid;
	__u32 id;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "seven", 0, "exit 7", &id, &pid));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(7, WEXITSTATUS(status));

	/* Reaped already; the module heard of the exit by itself. */
	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));
	EXPECT_TRUE(WIFEXITED(info.out_exit_status));
	EXPECT_EQ(7, WEXITSTATUS(info.out_exit_status));
	EXPECT_EQ(0, info.out_init_pid);
	EXPECT_EQ(0, info.out_nr_procs);
	EXPECT_EQ(0, info.out_pid_ns);
	EXPECT_LE(info.out_start_ns, info.out_stop_ns);
	EXPECT_LE(info.out_create_ns, info.out_start_ns);
}

/*
 * An init that ends with exit(), not exit_group(): the kernel still makes
 * the last thread's code the group's, and the container must show it.
 */
TEST_F(ct, exit_of_the_thread_alone_is_recorded)
{
	struct clone_args args = { .flags = VMOD_NS_DEFAULT, .exit_signal = SIGCHLD };
	struct vmod_start cmd = { .size = sizeof(cmd) };
	struct vmod_info info;
	int status;
	pid_t pid;

	ASSERT_EQ(0, vmod_create(self->fd, "alone", NULL, 0, &cmd.id));
	strcpy(cmd.path, "(none)");
	pid = syscall(SYS_clone3, &args, sizeof(args));
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (sethostname("alone", 5) || vmod_ioctl(self->fd, VMOD_START, &cmd))
			_exit(100);
		syscall(SYS_exit, 5);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(5, WEXITSTATUS(status));

	ASSERT_EQ(0, vmod_wait_state(self->fd, cmd.id, VMOD_STATE_STOPPED, 5000,
				     &info));
	EXPECT_EQ(status, info.out_exit_status);
}

TEST_F(ct, sigkill_from_outside_is_recorded)
{
	struct vmod_info info;
	int status;
	pid_t pid;
	__u32 id;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "victim", 0, "sleep 1000", &id, &pid));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));

	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));
	EXPECT_TRUE(WIFSIGNALED(info.out_exit_status));
	EXPECT_EQ(SIGKILL, WTERMSIG(info.out_exit_status));
}

TEST_F(ct, stopped_promptly_without_being_asked)
{
	struct vmod_info info;
	struct timespec t0, t1;
	char line[512];
	FILE *f;
	pid_t pid;
	__u32 id;
	long ms;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "quick", 0, "exit 3", &id, &pid));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);

	/* Watch the /proc view, which asks the module nothing. */
	for (;;) {
		f = fopen("/proc/vmod_containers", "r");
		ASSERT_NE(NULL, f);
		info.out_state = 0;
		while (fgets(line, sizeof(line), f))
			if (strstr(line, " quick ") && strstr(line, " stopped "))
				info.out_state = VMOD_STATE_STOPPED;
		fclose(f);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		     (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (info.out_state == VMOD_STATE_STOPPED || ms > 5000)
			break;
		vmod_sleep_ms(5);
	}
	TH_LOG("stopped %ld ms after the init was reaped", ms);
	EXPECT_EQ(VMOD_STATE_STOPPED, info.out_state);
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_EQ(3, WEXITSTATUS(info.out_exit_status));
}

TEST_F(ct, processes_are_counted)
{
	struct vmod_info info;
	pid_t pid;
	__u32 id;
	int i;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "three", 0,
				 "sleep 1000 & sleep 1000 & wait", &id, &pid));
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
		if (info.out_nr_procs == 3)
			break;
		vmod_sleep_ms(10);
	}
	EXPECT_EQ(3, info.out_nr_procs);
	EXPECT_EQ(3, vmod_count_live_in_pidns(info.out_pid_ns));
}

TEST_F(ct, stop_delivers_the_signal_first)
{
	struct timespec t0, t1;
	struct vmod_info info;
	pid_t pid;
	__u32 id;

	unlink("/tmp/vmod-ready");
	ASSERT_EQ(0, vmod_run_sh(self->fd, "polite", 0,
				 "trap 'exit 3' TERM; touch /tmp/vmod-ready; "
				 "while :; do sleep 0.05; done", &id, &pid));
	while (access("/tmp/vmod-ready", F_OK))
		vmod_sleep_ms(10);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, vmod_stop(self->fd, id, 0, 60000));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_EQ(VMOD_STATE_STOPPED, info.out_state);
	EXPECT_TRUE(WIFEXITED(info.out_exit_status));
	EXPECT_EQ(3, WEXITSTATUS(info.out_exit_status));
	/* It returned when the init was gone, not at the end of the grace. */
	EXPECT_GT(30, t1.tv_sec - t0.tv_sec);
}

TEST_F(ct, stop_kills_a_stubborn_tree)
{
	struct vmod_info info;
	unsigned int pidns;
	pid_t pid;
	__u32 id;
	int i;

	/* An init that ignores SIGTERM, with children and grandchildren. */
	ASSERT_EQ(0, vmod_run_sh(self->fd, "stubborn", 0,
				 "trap '' TERM; "
				 "(sleep 1000 & sleep 1000 & wait) & "
				 "(sh -c 'sleep 1000 & wait' & wait) & "
				 "sleep 1000 & wait", &id, &pid));
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
		if (info.out_nr_procs == 8)
			break;
		vmod_sleep_ms(10);
	}
	ASSERT_EQ(8, info.out_nr_procs);
	pidns = info.out_pid_ns;
	ASSERT_EQ(8, vmod_count_live_in_pidns(pidns));

	ASSERT_EQ(0, vmod_stop(self->fd, id, SIGTERM, 200));

	/* By the time STOP returns, only the unreaped init is left, dead. */
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_EQ(VMOD_STATE_STOPPED, info.out_state);
	EXPECT_TRUE(WIFSIGNALED(info.out_exit_status));
	EXPECT_EQ(SIGKILL, WTERMSIG(info.out_exit_status));
	EXPECT_EQ(0, vmod_count_live_in_pidns(pidns));
	EXPECT_EQ('Z', vmod_proc_state(pid));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	EXPECT_EQ(0, vmod_proc_state(pid));
}

TEST_F(ct, interrupted_stop_still_kills)
{
	struct vmod_info info;
	pid_t pid, stopper;
	__u32 id;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "stuck", 0, "trap '' TERM; sleep 1000",
				 &id, &pid));

	/* A STOP with an hour's grace, killed while it waits. */
	stopper = fork();
	ASSERT_LE(0, stopper);
	if (!stopper)
		_exit(-vmod_stop(self->fd, id, SIGTERM, 3600 * 1000));
	vmod_sleep_ms(200);
	ASSERT_EQ(0, kill(stopper, SIGKILL));
	ASSERT_EQ(stopper, waitpid(stopper, NULL, 0));

	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));
	EXPECT_EQ(SIGKILL, WTERMSIG(info.out_exit_status));
}

TEST_F(ct, kill_delivers_any_signal)
{
	struct vmod_info info;
	pid_t pid;
	__u32 id;

	unlink("/tmp/vmod-usr1");
	ASSERT_EQ(0, vmod_run_sh(self->fd, "usr1", 0,
				 "trap 'exit 5' USR1; touch /tmp/vmod-usr1; "
				 "while :; do sleep 0.05; done", &id, &pid));
	while (access("/tmp/vmod-usr1", F_OK))
		vmod_sleep_ms(10);

	ASSERT_EQ(0, vmod_kill(self->fd, id, SIGUSR1));
	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 10000, &info));
	EXPECT_EQ(5, WEXITSTATUS(info.out_exit_status));
}

TEST_F(ct, exec_failure_stops_the_container)
{
	char *argv[] = { "/no/such/program", NULL };
	struct vmod_info info;
	enum vmod_stage stage;
	pid_t pid;
	__u32 id;

	ASSERT_EQ(0, vmod_create(self->fd, "noexec", NULL, 0, &id));
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_EQ(-ENOENT, vmod_spawn(self->fd, &info, argv, 0, &pid, &stage));
	EXPECT_EQ(VMOD_STAGE_EXEC, stage);
	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));
	EXPECT_EQ(127, WEXITSTATUS(info.out_exit_status));
	EXPECT_STREQ("/no/such/program", info.out_path);
}

TEST_F(ct, destroy_frees_the_name)
{
	struct vmod_info info;
	pid_t pid;
	__u32 id, again;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "reuse", 0, "exit 0", &id, &pid));
	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));
	ASSERT_EQ(0, vmod_destroy(self->fd, id));
	EXPECT_EQ(-ENOENT, vmod_info_by_name(self->fd, "reuse", &info));
	ASSERT_EQ(0, vmod_create(self->fd, "reuse", NULL, 0, &again));
	EXPECT_NE(id, again);
}

TEST_F(ct, proc_view_lists_every_container)
{
	char buf[4096], want[256];
	pid_t pid;
	__u32 a, b;

	ASSERT_EQ(0, vmod_create(self->fd, "waiting", NULL, 0, &a));
	ASSERT_EQ(0, vmod_run_sh(self->fd, "busy", 0, "sleep 1000", &b, &pid));
	ASSERT_LT(0, read_file("/proc/vmod_containers", buf, sizeof(buf)));

	EXPECT_EQ(0, strncmp(buf, "ID ", 3));
	snprintf(want, sizeof(want), "\n%-6u %-20s %-8s %7d %5u %s\n", a,
		 "waiting", "created", 0, 0, "waiting");
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("no line:%s", want);
	snprintf(want, sizeof(want), "\n%-6u %-20s %-8s %7d %5u %s\n", b,
		 "busy", "running", pid, 1, "busy");
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("no line:%s", want);
}

TEST_F(ct, signals_never_reach_a_reused_pid)
{
	struct vmod_info info;
	pid_t pid, other, tid;
	struct clone_args args = {
		.exit_signal = SIGCHLD,
		.set_tid = (__u64)(unsigned long)&tid,
		.set_tid_size = 1,
	};
	__u32 id;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "gone", 0, "exit 0", &id, &pid));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED, 5000, &info));

	/* Hand the init's old number to an unrelated process. */
	tid = pid;
	other = syscall(SYS_clone3, &args, sizeof(args));
	ASSERT_LE(0, other);
	if (!other) {
		pause();
		_exit(0);
	}
	ASSERT_EQ(pid, other);

	EXPECT_EQ(-ESRCH, vmod_kill(self->fd, id, SIGKILL));
	EXPECT_EQ(-ESRCH, vmod_stop(self->fd, id, SIGKILL, 0));
	EXPECT_EQ(0, waitpid(other, NULL, WNOHANG));
	EXPECT_EQ(0, kill(other, 0));
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
}

/*
 * Eight bytes, at any 32-bit boundary, that read as a pointer into the
 * kernel's half of the address space.
 */
static bool has_kernel_pointer(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	__u64 v;
	size_t i;

	for (i = 0; i + 8 <= len; i += 4) {
		memcpy(&v, p + i, 8);
		if ((v >> 48) == 0xffff)
			return true;
	}

	return false;
}

static bool text_has_kernel_pointer(const char *text)
{
	const char *p;
	int run = 0;

	for (p = text; *p; p++) {
		run = isxdigit((unsigned char)*p) ? run + 1 : 0;
		if (run >= 12)
			return true;
	}

	return false;
}

TEST_F(ct, no_kernel_address_in_any_output)
{
	const char *ctl = "/sys/kernel/debug/dynamic_debug/control";
	struct vmod_list_entry e[4];
	struct vmod_list list = {
		.size = sizeof(list),
		.entry_size = sizeof(e[0]),
		.max_entries = 4,
		.entries = (__u64)(unsigned long)e,
	};
	static char log[1 << 20];
	struct vmod_info info;
	char buf[4096], *line;
	bool tracing = false;
	int fd, len, lines = 0;
	pid_t pid;
	__u32 id;

	/* Turn on the module's own tracing, so its messages are seen too. */
	fd = open(ctl, O_WRONLY);
	if (fd >= 0) {
		tracing = write(fd, "module vmod_container +p", 24) == 24;
		close(fd);
	}

	ASSERT_EQ(0, vmod_run_sh(self->fd, "leak", 0, "sleep 1000", &id, &pid));
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_FALSE(has_kernel_pointer(&info, sizeof(info)));
	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_LIST, &list));
	EXPECT_FALSE(has_kernel_pointer(e, sizeof(e[0]) * list.out_nr_entries));
	ASSERT_LT(0, read_file("/proc/vmod_containers", buf, sizeof(buf)));
	EXPECT_FALSE(text_has_kernel_pointer(buf));
	ASSERT_EQ(0, vmod_stop(self->fd, id, SIGKILL, 0));
	ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
	EXPECT_FALSE(has_kernel_pointer(&info, sizeof(info)));
	ASSERT_EQ(0, vmod_destroy(self->fd, id));

	if (tracing) {
		fd = open(ctl, O_WRONLY);
		ASSERT_LE(0, fd);
		ASSERT_EQ(24, write(fd, "module vmod_container -p", 24));
		close(fd);
	}

	/* The kernel log: the module's lines carry no address either. */
	len = klogctl(3, log, sizeof(log) - 1);
	ASSERT_LE(0, len);
	log[len] = '\0';
	for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strstr(line, "vmod_container"))
			continue;
		lines++;
		EXPECT_FALSE(text_has_kernel_pointer(line)) TH_LOG("%s", line);
	}
	/* With tracing on, the module must have said something. */
	if (tracing)
		EXPECT_LE(1, lines);
}

int main(int argc, char **argv)
{
	vmod_skip_unless_ready();

	return test_harness_run(argc, argv);
}
