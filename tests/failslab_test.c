// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failure: make every allocation on the path of CREATE, START
 * and module load fail in turn, with the kernel's per-task fault injection
 * (/proc/thread-self/fail-nth, failslab and fail_page_alloc).  Each failure
 * must reach the caller as ENOMEM and leave the table as it was; leaks are
 * kmemleak's to find, after the run.  (Failing the module's cache creation
 * at load makes Linux 6.1's own SLUB leak the cache's kobject name, which
 * scripts/vm-report.awk tells apart.)  Needs a kernel with fault injection
 * (the debug lane); elsewhere it skips.
 */
#include "kselftest_harness.h"
#include "vmod_test.h"

#include <stdbool.h>

#define MAX_NTH		500

static const char *const knobs[] = {
	"/sys/kernel/debug/failslab/ignore-gfp-wait",
	"/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait",
	"/sys/kernel/debug/failslab/verbose",
	"/sys/kernel/debug/fail_page_alloc/verbose",
};

static int write_str(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t len = strlen(text);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len)
		ret = -errno;
	close(fd);

	return ret;
}

/* Sleeping allocations may fail too, and quietly: no stack per failure. */
static int setup_injection(void)
{
	int i, ret;

	if (access("/proc/thread-self/fail-nth", W_OK))
		return -ENOENT;
	for (i = 0; i < 4; i++) {
		ret = write_str(knobs[i], i < 2 ? "N" : "0");
		if (ret)
			return ret;
	}

	return 0;
}

/*
 * Arms the @nth fault point of this task's next calls.  fail_done() then
 * says whether it fired, and disarms.
 */
static int fail_nth_fd = -1;

static void fail_nth(int nth)
{
	char buf[16];

	if (fail_nth_fd < 0)
		fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	snprintf(buf, sizeof(buf), "%d", nth);
	pwrite(fail_nth_fd, buf, strlen(buf), 0);
}

static bool fail_done(void)
{
	char buf[16] = "";

	pread(fail_nth_fd, buf, sizeof(buf) - 1, 0);
	pwrite(fail_nth_fd, "0", 1, 0);

	return atoi(buf) == 0;
}

FIXTURE(inject) {
	int fd;
};

FIXTURE_SETUP(inject)
{
	ASSERT_EQ(0, setup_injection());
	self->fd = vmod_open();
	ASSERT_LE(0, self->fd);
	vmod_clean_table(self->fd);
}

FIXTURE_TEARDOWN(inject)
{
	if (self->fd >= 0) {
		vmod_clean_table(self->fd);
		close(self->fd);
	}
}

TEST_F(inject, create_fails_cleanly)
{
	struct vmod_snapshot before, after;
	int nth, ret, failed = 0;
	bool fired;
	__u32 id;

	for (nth = 1; nth < MAX_NTH; nth++) {
		ASSERT_EQ(0, vmod_snapshot(self->fd, &before));
		fail_nth(nth);
		ret = vmod_create(self->fd, "victim", NULL, 0, &id);
		fired = fail_done();
		if (!ret) {
			ASSERT_EQ(0, vmod_destroy(self->fd, id));
			if (!fired)
				break;
			continue;
		}
		failed++;
		EXPECT_EQ(-ENOMEM, ret) TH_LOG("fault %d", nth);
		ASSERT_EQ(0, vmod_snapshot(self->fd, &after));
		EXPECT_EQ(before.count, after.count);
		EXPECT_EQ(before.hash, after.hash);
	}
	TH_LOG("CREATE: %d fault points, %d failed the call", nth - 1, failed);
	EXPECT_LT(nth, MAX_NTH);
	EXPECT_LT(0, failed);
}

/* In a proper init: arm fault @nth, START @id, report ret and whether it fired. */
static int start_with_fault(int fd, __u32 id, int nth, bool *fired)
{
	struct clone_args args = { .flags = VMOD_NS_DEFAULT, .exit_signal = SIGCHLD };
	struct vmod_start cmd = { .size = sizeof(cmd), .id = id };
	int status, ret;
	pid_t pid;

	strcpy(cmd.path, "/bin/true");
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		sethostname("victim", 6);
		fail_nth(nth);
		ret = vmod_ioctl(fd, VMOD_START, &cmd);
		_exit((fail_done() ? 0x80 : 0) | -ret);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	*fired = WEXITSTATUS(status) & 0x80;

	return -(WEXITSTATUS(status) & 0x7f);
}

TEST_F(inject, start_fails_cleanly)
{
	struct vmod_info info;
	int nth, ret, failed = 0;
	bool fired = false;
	__u32 id;

	for (nth = 1; nth < MAX_NTH; nth++) {
		ASSERT_EQ(0, vmod_create(self->fd, "victim", NULL, 0, &id));
		ret = start_with_fault(self->fd, id, nth, &fired);
		ASSERT_EQ(0, vmod_info_by_id(self->fd, id, &info));
		if (ret) {
			failed++;
			EXPECT_EQ(-ENOMEM, ret) TH_LOG("fault %d", nth);
			EXPECT_EQ(VMOD_STATE_CREATED, info.out_state);
			EXPECT_EQ(0, info.out_start_ns);
		} else {
			ASSERT_EQ(0, vmod_wait_state(self->fd, id, VMOD_STATE_STOPPED,
						     5000, &info));
		}
		ASSERT_EQ(0, vmod_destroy(self->fd, id));
		if (!ret && !fired)
			break;
	}
	TH_LOG("START: %d fault points, %d failed the call", nth - 1, failed);
	EXPECT_LT(nth, MAX_NTH);
	EXPECT_LT(0, failed);
}

/* Each load goes through the whole module loader: give it time. */
TEST_F_TIMEOUT(inject, load_fails_cleanly, 1200)
{
	const char *ko = getenv("VMOD_KO") ?: "../vmod_container.ko";
	int nth, ret, kofd, failed = 0;
	bool fired;

	kofd = open(ko, O_RDONLY | O_CLOEXEC);
	if (kofd < 0)
		SKIP(return, "module not found at %s", ko);
	close(self->fd);
	self->fd = -1;

	for (nth = 1; nth < MAX_NTH; nth++) {
		if (syscall(SYS_delete_module, "vmod_container", O_NONBLOCK))
			ASSERT_EQ(ENOENT, errno);
		fail_nth(nth);
		ret = syscall(SYS_finit_module, kofd, "", 0) ? -errno : 0;
		fired = fail_done();
		if (!ret && !fired)
			break;
		if (ret) {
			failed++;
			EXPECT_NE(0, access(VMOD_DEVICE_PATH, F_OK))
				TH_LOG("fault %d left the device behind", nth);
		}
	}
	close(kofd);
	TH_LOG("load: %d fault points, %d failed the load", nth - 1, failed);
	EXPECT_LT(nth, MAX_NTH);
	EXPECT_LT(0, failed);
	/* The loop ends with the module loaded, as the next test expects. */
	EXPECT_EQ(0, access(VMOD_DEVICE_PATH, F_OK));
}

int main(int argc, char **argv)
{
	vmod_skip_unless_ready();
	if (access("/proc/thread-self/fail-nth", W_OK)) {
		ksft_print_header();
		ksft_exit_skip("no fault injection in this kernel\n");
	}

	return test_harness_run(argc, argv);
}
