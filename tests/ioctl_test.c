// SPDX-License-Identifier: GPL-2.0
/*
 * Every documented errno of /dev/vmod_container, each hit with all other
 * input valid, and each checked to leave the table exactly as it was.
 */
#include "kselftest_harness.h"
#include "vmod_test.h"

#include <linux/capability.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/mman.h>

#define NO_SUCH_ID	0x7ffffff0

/* A valid argument for every command, and room to make it invalid. */
union vmod_arg {
	struct vmod_version version;
	struct vmod_create create;
	struct vmod_start start;
	struct vmod_stop stop;
	struct vmod_kill kill;
	struct vmod_destroy destroy;
	struct vmod_info info;
	struct vmod_list list;
	char raw[8192];
};

struct vmod_cmd {
	const char *name;
	unsigned long num;
	__u32 size;
};

static const struct vmod_cmd cmds[] = {
	{ "version", VMOD_VERSION, sizeof(struct vmod_version) },
	{ "create", VMOD_CREATE, sizeof(struct vmod_create) },
	{ "start", VMOD_START, sizeof(struct vmod_start) },
	{ "stop", VMOD_STOP, sizeof(struct vmod_stop) },
	{ "kill", VMOD_KILL, sizeof(struct vmod_kill) },
	{ "destroy", VMOD_DESTROY, sizeof(struct vmod_destroy) },
	{ "info", VMOD_INFO, sizeof(struct vmod_info) },
	{ "list", VMOD_LIST, sizeof(struct vmod_list) },
};

static struct vmod_list_entry list_buf[4];

/*
 * Fills @arg with a request @cmd would accept: @id names a Created
 * container, the new name is free.  (START is valid only from a container's
 * init; the header checks below come before that.)
 */
static void valid_arg(const struct vmod_cmd *cmd, union vmod_arg *arg, __u32 id)
{
	memset(arg, 0, sizeof(*arg));
	arg->version.size = cmd->size;

	switch (cmd->num) {
	case VMOD_CREATE:
		strcpy(arg->create.name, "fresh");
		break;
	case VMOD_START:
		arg->start.id = id;
		strcpy(arg->start.path, "/bin/true");
		break;
	case VMOD_STOP:
		arg->stop.id = id;
		break;
	case VMOD_KILL:
		arg->kill.id = id;
		arg->kill.signal = SIGTERM;
		break;
	case VMOD_DESTROY:
		arg->destroy.id = id;
		break;
	case VMOD_INFO:
		arg->info.id = id;
		break;
	case VMOD_LIST:
		arg->list.entry_size = sizeof(list_buf[0]);
		arg->list.max_entries = 4;
		arg->list.entries = (__u64)(unsigned long)list_buf;
		break;
	}
}

/*
 * START is only valid from a container's init.  This clone3()s a child with
 * @clone_flags that sets @hostname and issues START with @arg (then again
 * for @id2, if not 0); with @as_pid2, the child forks first and its child,
 * pid 2 in the same new namespaces, issues it instead.  Returns the last
 * START's result, carried back in the exit code.
 */
static int start_arg_from_child(int fd, __u64 clone_flags, const char *hostname,
				union vmod_arg *arg, __u32 id2, bool as_pid2)
{
	struct clone_args args = { .flags = clone_flags, .exit_signal = SIGCHLD };
	int status, ret;
	pid_t pid;

	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (hostname && sethostname(hostname, strlen(hostname)))
			_exit(100);
		if (as_pid2) {
			pid = fork();
			if (pid < 0)
				_exit(101);
			if (pid && (waitpid(pid, &status, 0) != pid ||
				    !WIFEXITED(status)))
				_exit(102);
			if (pid)
				_exit(WEXITSTATUS(status));
		}
		ret = vmod_ioctl(fd, VMOD_START, arg);
		if (!ret && id2) {
			arg->start.id = id2;
			ret = vmod_ioctl(fd, VMOD_START, arg);
		}
		_exit(-ret);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;

	return -WEXITSTATUS(status);
}

static int start_from_child(int fd, __u64 clone_flags, const char *hostname,
			    const char *path, __u32 id, __u32 id2)
{
	union vmod_arg arg;

	memset(&arg, 0, sizeof(arg));
	arg.start.size = sizeof(arg.start);
	arg.start.id = id;
	strcpy(arg.start.path, path);

	return start_arg_from_child(fd, clone_flags, hostname, &arg, id2, false);
}

/*
 * Issues @cmd with @arg, which must be refused.  START comes from a proper
 * init (default namespaces, hostname "created"), so that the refusal is due
 * to @arg and not to the caller.
 */
static int refused_call(int fd, const struct vmod_cmd *cmd, union vmod_arg *arg)
{
	if (cmd->num == VMOD_START)
		return start_arg_from_child(fd, VMOD_NS_DEFAULT, "created", arg,
					    0, false);

	return vmod_ioctl(fd, cmd->num, arg);
}

FIXTURE(dev) {
	int fd;
	__u32 created;
};

FIXTURE_SETUP(dev)
{
	self->fd = vmod_open();
	ASSERT_LE(0, self->fd);
	vmod_clean_table(self->fd);
	ASSERT_EQ(0, vmod_create(self->fd, "created", NULL, 0, &self->created));
}

FIXTURE_TEARDOWN(dev)
{
	vmod_clean_table(self->fd);
	close(self->fd);
}

TEST_F(dev, version_reports_abi_and_limits)
{
	struct vmod_version v = { .size = sizeof(v) };

	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_VERSION, &v));
	EXPECT_EQ(VMOD_ABI_VERSION, v.out_abi_version);
	EXPECT_EQ(1, v.out_nr_containers);
	EXPECT_LE(1, v.out_max_containers);
	EXPECT_EQ(63, v.out_name_max);
	EXPECT_EQ(64, v.out_hostname_max);
	EXPECT_EQ(255, v.out_path_max);
	EXPECT_EQ(VMOD_NS_DEFAULT, v.out_ns_default);
	EXPECT_EQ(VMOD_NS_ALLOWED, v.out_ns_allowed);
	EXPECT_EQ(CLONE_NEWPID, v.out_ns_required);
}

TEST_F(dev, unknown_command_is_enotty)
{
	struct vmod_version v = { .size = sizeof(v) };

	EXPECT_REFUSED(self->fd, ENOTTY,
		       vmod_ioctl(self->fd, _IO(VMOD_TYPE, VMOD_CMD_BASE - 1), &v));
	EXPECT_REFUSED(self->fd, ENOTTY,
		       vmod_ioctl(self->fd, _IO(VMOD_TYPE, VMOD_CMD_LIST + 1), &v));
	/* The right number with a size and direction encoded is another command. */
	EXPECT_REFUSED(self->fd, ENOTTY,
		       vmod_ioctl(self->fd, _IOWR(VMOD_TYPE, VMOD_CMD_VERSION,
						  struct vmod_version), &v));
	EXPECT_REFUSED(self->fd, ENOTTY,
		       vmod_ioctl(self->fd, _IO(VMOD_TYPE + 1, VMOD_CMD_VERSION), &v));
}

TEST_F(dev, bad_pointers_are_efault)
{
	const struct vmod_cmd *cmd;
	char *edge;
	void *ro;

	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);

	for (cmd = cmds; cmd < cmds + ARRAY_SIZE(cmds); cmd++) {
		vmod_case = cmd->name;
		EXPECT_REFUSED(self->fd, EFAULT, vmod_ioctl(self->fd, cmd->num, NULL));
		EXPECT_REFUSED(self->fd, EFAULT,
			       vmod_ioctl(self->fd, cmd->num, (void *)(~0UL - 4095)));
	}

	/*
	 * Only the size is mapped: the rest of the struct runs into an
	 * unmapped page.
	 */
	edge = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, edge);
	ASSERT_EQ(0, munmap(edge + 4096, 4096));
	for (cmd = cmds; cmd < cmds + ARRAY_SIZE(cmds); cmd++) {
		vmod_case = cmd->name;
		memcpy(edge + 4096 - 4, &cmd->size, 4);
		EXPECT_REFUSED(self->fd, EFAULT,
			       refused_call(self->fd, cmd,
					    (void *)(edge + 4096 - 4)));
	}
	munmap(edge, 4096);

	/* A zero-filled read-only page: size 0 is refused before any write. */
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_VERSION, ro));
	munmap(ro, 4096);
}

TEST_F(dev, output_to_readonly_memory_is_efault)
{
	struct vmod_version *v;

	v = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	ASSERT_NE(MAP_FAILED, v);
	v->size = sizeof(*v);
	ASSERT_EQ(0, mprotect(v, 4096, PROT_READ));
	EXPECT_REFUSED(self->fd, EFAULT, vmod_ioctl(self->fd, VMOD_VERSION, v));

	/* CREATE cannot hand out the id: no container may be left behind. */
	ASSERT_EQ(0, mprotect(v, 4096, PROT_READ | PROT_WRITE));
	memset(v, 0, 4096);
	((struct vmod_create *)v)->size = sizeof(struct vmod_create);
	strcpy(((struct vmod_create *)v)->name, "lost");
	ASSERT_EQ(0, mprotect(v, 4096, PROT_READ));
	EXPECT_REFUSED(self->fd, EFAULT, vmod_ioctl(self->fd, VMOD_CREATE, v));
	munmap(v, 4096);
}

TEST_F(dev, size_below_first_version_is_einval)
{
	const struct vmod_cmd *cmd;
	union vmod_arg arg;

	for (cmd = cmds; cmd < cmds + ARRAY_SIZE(cmds); cmd++) {
		vmod_case = cmd->name;
		valid_arg(cmd, &arg, self->created);
		arg.version.size = cmd->size - 1;
		EXPECT_REFUSED(self->fd, EINVAL, refused_call(self->fd, cmd, &arg));
		arg.version.size = 0;
		EXPECT_REFUSED(self->fd, EINVAL, refused_call(self->fd, cmd, &arg));
	}
}

TEST_F(dev, unknown_nonzero_tail_is_e2big)
{
	const struct vmod_cmd *cmd;
	union vmod_arg arg;

	for (cmd = cmds; cmd < cmds + ARRAY_SIZE(cmds); cmd++) {
		vmod_case = cmd->name;
		valid_arg(cmd, &arg, self->created);
		arg.version.size = cmd->size + 8;
		arg.raw[cmd->size + 7] = 1;
		EXPECT_REFUSED(self->fd, E2BIG, vmod_ioctl(self->fd, cmd->num, &arg));

		valid_arg(cmd, &arg, self->created);
		arg.version.size = sizeof(arg);
		EXPECT_REFUSED(self->fd, E2BIG, vmod_ioctl(self->fd, cmd->num, &arg));
	}
}

TEST_F(dev, newer_caller_with_zero_tail_is_served)
{
	union vmod_arg arg;
	__u32 id;

	memset(&arg, 0, sizeof(arg));
	arg.version.size = sizeof(arg.version) + 64;
	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_VERSION, &arg));
	EXPECT_EQ(VMOD_ABI_VERSION, arg.version.out_abi_version);

	memset(&arg, 0, sizeof(arg));
	arg.create.size = sizeof(arg.create) + 64;
	strcpy(arg.create.name, "newer");
	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_CREATE, &arg));
	id = arg.create.out_id;
	EXPECT_EQ(0, vmod_info_by_name(self->fd, "newer", &arg.info));
	EXPECT_EQ(id, arg.info.id);
}

TEST_F(dev, nonzero_flags_are_einval)
{
	const struct vmod_cmd *cmd;
	union vmod_arg arg;

	for (cmd = cmds; cmd < cmds + ARRAY_SIZE(cmds); cmd++) {
		vmod_case = cmd->name;
		valid_arg(cmd, &arg, self->created);
		arg.version.flags = 1;
		EXPECT_REFUSED(self->fd, EINVAL, refused_call(self->fd, cmd, &arg));
		arg.version.flags = 0x80000000;
		EXPECT_REFUSED(self->fd, EINVAL, refused_call(self->fd, cmd, &arg));
	}
}

TEST_F(dev, nonzero_reserved_is_einval)
{
	union vmod_arg arg;

	valid_arg(&cmds[1], &arg, self->created);
	arg.create.__reserved = 1;
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_CREATE, &arg));

	valid_arg(&cmds[2], &arg, self->created);
	arg.start.__reserved = 1;
	EXPECT_REFUSED(self->fd, EINVAL, refused_call(self->fd, &cmds[2], &arg));

	valid_arg(&cmds[3], &arg, self->created);
	arg.stop.__reserved = 1;
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_STOP, &arg));

	valid_arg(&cmds[5], &arg, self->created);
	arg.destroy.__reserved = 1;
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_DESTROY, &arg));
}

/* CREATE: one bad field per case, everything else valid. */
FIXTURE_VARIANT(dev_create)
{
	void (*mutate)(struct vmod_create *c);
	int err;
};

FIXTURE(dev_create) {
	int fd;
};

FIXTURE_SETUP(dev_create)
{
	__u32 id;

	self->fd = vmod_open();
	ASSERT_LE(0, self->fd);
	vmod_clean_table(self->fd);
	ASSERT_EQ(0, vmod_create(self->fd, "taken", NULL, 0, &id));
}

FIXTURE_TEARDOWN(dev_create)
{
	vmod_clean_table(self->fd);
	close(self->fd);
}

static void name_empty(struct vmod_create *c) { c->name[0] = '\0'; }
static void name_64(struct vmod_create *c) { memset(c->name, 'n', 64); }
static void name_space(struct vmod_create *c) { strcpy(c->name, "a b"); }
static void name_slash(struct vmod_create *c) { strcpy(c->name, "a/b"); }
static void name_high(struct vmod_create *c) { strcpy(c->name, "caf\xc3\xa9"); }
static void name_taken(struct vmod_create *c) { strcpy(c->name, "taken"); }
static void host_65(struct vmod_create *c) { memset(c->hostname, 'h', 65); }
static void host_unterm(struct vmod_create *c) { memset(c->hostname, 'h', 72); }
static void host_colon(struct vmod_create *c) { strcpy(c->hostname, "a:b"); }
static void host_no_uts(struct vmod_create *c)
{
	strcpy(c->hostname, "box");
	c->ns_flags = CLONE_NEWPID;
}
static void ns_no_pid(struct vmod_create *c) { c->ns_flags = CLONE_NEWUTS; }
static void ns_clone_vm(struct vmod_create *c) { c->ns_flags = CLONE_NEWPID | CLONE_VM; }
static void ns_high_bit(struct vmod_create *c) { c->ns_flags = CLONE_NEWPID | (1ULL << 40); }

FIXTURE_VARIANT_ADD(dev_create, name_empty) { name_empty, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, name_64_unterminated) { name_64, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, name_with_space) { name_space, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, name_with_slash) { name_slash, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, name_not_ascii) { name_high, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, name_taken) { name_taken, EEXIST };
FIXTURE_VARIANT_ADD(dev_create, hostname_65) { host_65, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, hostname_unterminated) { host_unterm, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, hostname_bad_char) { host_colon, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, hostname_without_uts) { host_no_uts, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, ns_without_pid) { ns_no_pid, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, ns_clone_vm) { ns_clone_vm, EINVAL };
FIXTURE_VARIANT_ADD(dev_create, ns_unknown_high_bit) { ns_high_bit, EINVAL };

TEST_F(dev_create, refused)
{
	struct vmod_create c = { .size = sizeof(c), .name = "fresh" };

	variant->mutate(&c);
	EXPECT_REFUSED(self->fd, variant->err, vmod_ioctl(self->fd, VMOD_CREATE, &c));
}

TEST_F(dev, create_accepts_limits_and_defaults)
{
	struct vmod_create c = { .size = sizeof(c) };
	struct vmod_info info;

	memset(c.name, 'n', 63);
	memset(c.hostname, 'h', 64);
	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_CREATE, &c));
	EXPECT_NE(0, c.out_id);
	ASSERT_EQ(0, vmod_info_by_id(self->fd, c.out_id, &info));
	EXPECT_EQ(63, strlen(info.name));
	EXPECT_EQ(64, strlen(info.out_hostname));
	EXPECT_EQ(VMOD_NS_DEFAULT, info.out_ns_flags);
	EXPECT_EQ(VMOD_STATE_CREATED, info.out_state);

	/* Without a hostname, the container's hostname is its name. */
	ASSERT_EQ(0, vmod_info_by_id(self->fd, self->created, &info));
	EXPECT_STREQ("created", info.out_hostname);
	EXPECT_STREQ("created", info.name);

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.ns_flags = VMOD_NS_ALLOWED;
	strcpy(c.name, "all-ns_1.x");
	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_CREATE, &c));
}

TEST_F(dev, ids_are_cyclic)
{
	__u32 a, b;

	ASSERT_EQ(0, vmod_create(self->fd, "a", NULL, 0, &a));
	ASSERT_EQ(0, vmod_destroy(self->fd, a));
	ASSERT_EQ(0, vmod_create(self->fd, "a", NULL, 0, &b));
	EXPECT_LT(a, b);
	EXPECT_LT(self->created, a);
}

TEST_F(dev, unknown_ids_are_enoent)
{
	union vmod_arg arg;
	struct vmod_info info;

	valid_arg(&cmds[2], &arg, NO_SUCH_ID);
	EXPECT_REFUSED(self->fd, ENOENT, vmod_ioctl(self->fd, VMOD_START, &arg));
	EXPECT_REFUSED(self->fd, ENOENT, vmod_stop(self->fd, NO_SUCH_ID, 0, 0));
	EXPECT_REFUSED(self->fd, ENOENT, vmod_kill(self->fd, NO_SUCH_ID, SIGTERM));
	EXPECT_REFUSED(self->fd, ENOENT, vmod_destroy(self->fd, NO_SUCH_ID));
	EXPECT_REFUSED(self->fd, ENOENT, vmod_info_by_id(self->fd, NO_SUCH_ID, &info));
	EXPECT_REFUSED(self->fd, ENOENT, vmod_info_by_name(self->fd, "nobody", &info));
	/* A destroyed container is gone for good. */
	ASSERT_EQ(0, vmod_destroy(self->fd, self->created));
	EXPECT_REFUSED(self->fd, ENOENT, vmod_destroy(self->fd, self->created));
	EXPECT_REFUSED(self->fd, ENOENT, vmod_info_by_name(self->fd, "created", &info));
}

TEST_F(dev, info_lookup_must_be_one_of_id_or_name)
{
	struct vmod_info info;

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.id = self->created;
	strcpy(info.name, "created");
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_INFO, &info));

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_INFO, &info));

	memset(info.name, 'x', sizeof(info.name));
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_INFO, &info));
}

TEST_F(dev, info_fills_no_stale_bytes)
{
	struct vmod_info info;

	memset(&info, 0xa5, sizeof(info));
	info.size = sizeof(info);
	info.flags = 0;
	info.id = self->created;
	memset(info.name, 0, sizeof(info.name));
	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_INFO, &info));
	EXPECT_EQ(0, info.out_init_pid);
	EXPECT_EQ(0, info.out_init_vpid);
	EXPECT_EQ(0, info.out_nr_procs);
	EXPECT_EQ(0, info.out_exit_status);
	EXPECT_EQ(0, info.out_pid_ns);
	EXPECT_EQ(0, info.out_user_ns);
	EXPECT_EQ(0, info.out_start_ns);
	EXPECT_EQ(0, info.out_stop_ns);
	EXPECT_EQ(0, info.out_path[0]);
	EXPECT_EQ(0, info.out_path[sizeof(info.out_path) - 1]);
	EXPECT_EQ(0, info.out_hostname[sizeof(info.out_hostname) - 1]);
	EXPECT_NE(0, info.out_create_ns);
}

TEST_F(dev, signals_must_be_valid)
{
	struct vmod_stop stop = { .size = sizeof(stop), .id = self->created };

	EXPECT_REFUSED(self->fd, EINVAL, vmod_kill(self->fd, self->created, 0));
	EXPECT_REFUSED(self->fd, EINVAL, vmod_kill(self->fd, self->created, 65));
	EXPECT_REFUSED(self->fd, EINVAL, vmod_kill(self->fd, self->created, -1));
	stop.signal = 65;
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_STOP, &stop));
}

TEST_F(dev, list_pages_and_totals)
{
	struct vmod_list_entry e[8];
	struct vmod_list list = {
		.size = sizeof(list),
		.cursor = 0,
		.entry_size = sizeof(e[0]),
		.max_entries = 2,
		.entries = (__u64)(unsigned long)e,
	};
	char name[16];
	__u32 id, seen = 0, last = 0;
	int i, pages = 0;

	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		ASSERT_EQ(0, vmod_create(self->fd, name, NULL, 0, &id));
	}

	do {
		ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_LIST, &list));
		EXPECT_EQ(5, list.out_total);
		for (i = 0; i < (int)list.out_nr_entries; i++) {
			EXPECT_LT(last, e[i].id);
			last = e[i].id;
			EXPECT_EQ(VMOD_STATE_CREATED, e[i].state);
		}
		seen += list.out_nr_entries;
		list.cursor = list.out_next_cursor;
		pages++;
	} while (list.cursor && pages < 10);
	EXPECT_EQ(5, seen);
	EXPECT_EQ(3, pages);
}

TEST_F(dev, list_entry_size_is_checked_and_tail_zeroed)
{
	unsigned char buf[2 * 200];
	struct vmod_list list = {
		.size = sizeof(list),
		.entry_size = sizeof(struct vmod_list_entry) - 1,
		.max_entries = 2,
		.entries = (__u64)(unsigned long)buf,
	};
	size_t i;

	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_LIST, &list));
	list.entry_size = 8192;
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_LIST, &list));

	/* A newer caller's longer entry: the part we do not know reads zero. */
	memset(buf, 0xa5, sizeof(buf));
	list.entry_size = 200;
	ASSERT_EQ(0, vmod_ioctl(self->fd, VMOD_LIST, &list));
	ASSERT_EQ(1, list.out_nr_entries);
	EXPECT_EQ(self->created, ((struct vmod_list_entry *)buf)->id);
	for (i = sizeof(struct vmod_list_entry); i < 200; i++)
		EXPECT_EQ(0, buf[i]);
	EXPECT_EQ(0xa5, buf[200]);
}

TEST_F(dev, list_to_bad_buffer_is_efault)
{
	struct vmod_list list = {
		.size = sizeof(list),
		.entry_size = sizeof(struct vmod_list_entry),
		.max_entries = 2,
		.entries = 8,
	};

	EXPECT_REFUSED(self->fd, EFAULT, vmod_ioctl(self->fd, VMOD_LIST, &list));
}

TEST_F(dev, start_succeeds_from_a_proper_init)
{
	struct vmod_info info;

	ASSERT_EQ(0, start_from_child(self->fd, VMOD_NS_DEFAULT, "created",
				      "/bin/true", self->created, 0));
	ASSERT_EQ(0, vmod_wait_state(self->fd, self->created,
				     VMOD_STATE_STOPPED, 5000, &info));
	EXPECT_STREQ("/bin/true", info.out_path);
	EXPECT_EQ(0, info.out_exit_status);
}

TEST_F(dev, start_refuses_bad_inits)
{
	union vmod_arg arg;
	int status;
	__u32 other;
	pid_t pid;

	/* Not pid 1 of a new pid namespace: this very process ... */
	valid_arg(&cmds[2], &arg, self->created);
	EXPECT_REFUSED(self->fd, EINVAL, vmod_ioctl(self->fd, VMOD_START, &arg));
	/* ... or pid 2 of one, though in new namespaces of every kind. */
	EXPECT_REFUSED(self->fd, EINVAL,
		       start_arg_from_child(self->fd, VMOD_NS_DEFAULT, "created",
					    &arg, 0, true));

	/*
	 * Each requested kind must be new.  uts: the creator sits in a uts
	 * namespace of its own named like the container, and the init stays
	 * there, so only the namespace itself is wrong.
	 */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (unshare(CLONE_NEWUTS) || sethostname("shared", 6) ||
		    vmod_create(self->fd, "shared", NULL, 0, &other))
			_exit(100);
		_exit(-start_from_child(self->fd, VMOD_NS_DEFAULT & ~CLONE_NEWUTS,
					NULL, "/bin/true", other, 0));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EINVAL, WEXITSTATUS(status));
	ASSERT_EQ(0, vmod_info_by_name(self->fd, "shared", &arg.info));
	EXPECT_EQ(VMOD_STATE_CREATED, arg.info.out_state);
	EXPECT_EQ(0, vmod_destroy(self->fd, arg.info.id));
	EXPECT_REFUSED(self->fd, EINVAL,
		       start_from_child(self->fd, VMOD_NS_DEFAULT & ~CLONE_NEWNET,
					"created", "/bin/true", self->created, 0));
	/* The hostname must already be the container's. */
	EXPECT_REFUSED(self->fd, EINVAL,
		       start_from_child(self->fd, VMOD_NS_DEFAULT, "other",
					"/bin/true", self->created, 0));
	/* Path empty, or unterminated. */
	EXPECT_REFUSED(self->fd, EINVAL,
		       start_from_child(self->fd, VMOD_NS_DEFAULT, "created", "",
					self->created, 0));
	valid_arg(&cmds[2], &arg, self->created);
	memset(arg.start.path, 'p', sizeof(arg.start.path));
	EXPECT_REFUSED(self->fd, EINVAL, refused_call(self->fd, &cmds[2], &arg));

	/* One process can be the init of one container only. */
	ASSERT_EQ(0, vmod_create(self->fd, "other", "created", 0, &other));
	EXPECT_EQ(-EALREADY, start_from_child(self->fd, VMOD_NS_DEFAULT, "created",
					      "/bin/true", self->created, other));
	EXPECT_EQ(0, vmod_info_by_id(self->fd, other, &arg.info));
	EXPECT_EQ(VMOD_STATE_CREATED, arg.info.out_state);
}

TEST_F(dev, wrong_states_are_refused)
{
	struct vmod_info info;
	__u32 run, done;
	pid_t pid;

	/* Created: nothing to stop or signal. */
	EXPECT_REFUSED(self->fd, ESRCH, vmod_stop(self->fd, self->created, 0, 0));
	EXPECT_REFUSED(self->fd, ESRCH, vmod_kill(self->fd, self->created, SIGTERM));

	/* Running: cannot start again or be destroyed. */
	ASSERT_EQ(0, vmod_run_sh(self->fd, "run", 0, "sleep 1000", &run, &pid));
	EXPECT_REFUSED(self->fd, EBUSY,
		       start_from_child(self->fd, VMOD_NS_DEFAULT, "run",
					"/bin/true", run, 0));
	EXPECT_REFUSED(self->fd, EBUSY, vmod_destroy(self->fd, run));

	/* Stopped: cannot start, stop or signal again. */
	ASSERT_EQ(0, vmod_run_sh(self->fd, "done", 0, "exit 0", &done, &pid));
	ASSERT_EQ(0, vmod_wait_state(self->fd, done, VMOD_STATE_STOPPED, 5000,
				     &info));
	EXPECT_REFUSED(self->fd, EBUSY,
		       start_from_child(self->fd, VMOD_NS_DEFAULT, "done",
					"/bin/true", done, 0));
	EXPECT_REFUSED(self->fd, ESRCH, vmod_stop(self->fd, done, 0, 0));
	EXPECT_REFUSED(self->fd, ESRCH, vmod_kill(self->fd, done, SIGTERM));
	EXPECT_EQ(0, vmod_destroy(self->fd, done));
}

/* Raises or drops CAP_SYS_ADMIN in this process's effective set. */
static int set_sys_admin(bool on)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	__u32 *eff;

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	eff = &data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective;
	if (on)
		*eff |= CAP_TO_MASK(CAP_SYS_ADMIN);
	else
		*eff &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	if (syscall(SYS_capset, &hdr, data))
		return -errno;

	return 0;
}

TEST_F(dev, unprivileged_callers_get_eperm)
{
	struct vmod_version v = { .size = sizeof(v) };
	struct vmod_info info;
	union vmod_arg arg;
	__u32 run, id;
	pid_t pid;
	int fd;

	ASSERT_EQ(0, vmod_run_sh(self->fd, "run", 0, "sleep 1000", &run, &pid));

	/*
	 * START judges whoever opened the descriptor: open it without the
	 * capability, then clone the init with it (clone3 needs it).
	 */
	ASSERT_EQ(0, set_sys_admin(false));
	fd = vmod_open();
	ASSERT_EQ(0, set_sys_admin(true));
	ASSERT_LE(0, fd);
	EXPECT_REFUSED(self->fd, EPERM,
		       start_from_child(fd, VMOD_NS_DEFAULT, "created",
					"/bin/true", self->created, 0));
	close(fd);

	ASSERT_EQ(0, set_sys_admin(false));
	EXPECT_REFUSED(self->fd, EPERM, vmod_create(self->fd, "x", NULL, 0, &id));
	EXPECT_REFUSED(self->fd, EPERM, vmod_stop(self->fd, run, 0, 0));
	EXPECT_REFUSED(self->fd, EPERM, vmod_kill(self->fd, run, SIGKILL));
	EXPECT_REFUSED(self->fd, EPERM, vmod_destroy(self->fd, self->created));

	/* Queries stay open to everyone who can open the device. */
	EXPECT_EQ(0, vmod_ioctl(self->fd, VMOD_VERSION, &v));
	EXPECT_EQ(0, vmod_info_by_id(self->fd, run, &info));
	EXPECT_EQ(VMOD_STATE_RUNNING, info.out_state);
	valid_arg(&cmds[7], &arg, 0);
	EXPECT_EQ(0, vmod_ioctl(self->fd, VMOD_LIST, &arg));
	EXPECT_EQ(2, arg.list.out_total);
	ASSERT_EQ(0, set_sys_admin(true));
}

TEST_F(dev, unprivileged_uid_gets_eperm)
{
	struct vmod_version v = { .size = sizeof(v) };
	struct vmod_info info;
	__u32 id;

	/* Root opened the device; dropping to nobody drops every capability. */
	ASSERT_EQ(0, setresgid(65534, 65534, 65534));
	ASSERT_EQ(0, setresuid(65534, 65534, 65534));

	EXPECT_REFUSED(self->fd, EPERM, vmod_create(self->fd, "x", NULL, 0, &id));
	EXPECT_REFUSED(self->fd, EPERM, vmod_destroy(self->fd, self->created));
	EXPECT_REFUSED(self->fd, EPERM, vmod_kill(self->fd, self->created, SIGKILL));
	EXPECT_REFUSED(self->fd, EPERM, vmod_stop(self->fd, self->created, 0, 0));
	EXPECT_EQ(0, vmod_ioctl(self->fd, VMOD_VERSION, &v));
	EXPECT_EQ(0, vmod_info_by_name(self->fd, "created", &info));
	EXPECT_EQ(-EACCES, vmod_open());
}

/*
 * In a new pid namespace, as a process inside a container is: try every
 * query with the inherited @fd, then START @id from a namespace nested one
 * deeper.  Exits with a bit set for each call that was not refused.
 */
static int use_inherited_fd(int fd, __u32 id)
{
	struct clone_args args = {
		.flags = CLONE_NEWPID | CLONE_NEWUTS,
		.exit_signal = SIGCHLD,
	};
	struct vmod_version v = { .size = sizeof(v) };
	struct vmod_info info;
	int status, bad = 0;
	pid_t pid;

	if (vmod_ioctl(fd, VMOD_VERSION, &v) != -EPERM)
		bad |= 1;
	if (vmod_info_by_id(fd, id, &info) != -EPERM)
		bad |= 2;
	if (vmod_destroy(fd, id) != -EPERM)
		bad |= 4;

	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0) {
		struct vmod_start cmd = { .size = sizeof(cmd), .id = id };

		strcpy(cmd.path, "/bin/true");
		sethostname("created", 7);
		_exit(vmod_ioctl(fd, VMOD_START, &cmd) == -EPERM ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		bad |= 8;

	return bad;
}

TEST_F(dev, inherited_descriptor_is_useless_inside_a_container)
{
	struct clone_args args = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD };
	struct vmod_info info;
	int status;
	pid_t pid;

	pid = syscall(SYS_clone3, &args, sizeof(args));
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(use_inherited_fd(self->fd, self->created));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	ASSERT_EQ(0, vmod_info_by_id(self->fd, self->created, &info));
	EXPECT_EQ(VMOD_STATE_CREATED, info.out_state);
}

int main(int argc, char **argv)
{
	vmod_skip_unless_ready();

	return test_harness_run(argc, argv);
}
