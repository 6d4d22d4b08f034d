// SPDX-License-Identifier: GPL-2.0
/*
 * vmodctl: run and manage containers kept by the vmod_container module.
 *
 * Exit status: 0 on success, 1 when the operation failed, 2 on a usage
 * error.  With --wait, start and run exit with the container's status
 * instead, as a shell reports it (128 + signal when killed).
 *
 * start and run detach the container's init from the terminal (its stdin,
 * stdout and stderr are /dev/null) unless --wait keeps it in the
 * foreground.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmodlib.h"

#define EXIT_USAGE	2

static const char usage_text[] =
	"usage: vmodctl COMMAND [ARGS]\n"
	"\n"
	"  create NAME [--hostname H] [--ns LIST]  add a container (prints its id)\n"
	"  start NAME|ID [--wait] -- PROGRAM [ARG...]  run PROGRAM as its init\n"
	"  run NAME [--hostname H] [--ns LIST] [--wait] -- PROGRAM [ARG...]\n"
	"                                          create + start (prints the id)\n"
	"      (detached, output to /dev/null; --wait: in the foreground, then\n"
	"       exit with the program's status)\n"
	"  stop [-t SECONDS] [-s SIGNAL] NAME|ID   signal, wait, then SIGKILL\n"
	"  kill [-s SIGNAL] NAME|ID                send a signal (default KILL)\n"
	"  rm NAME|ID...                           remove created or stopped ones\n"
	"  ls                                      list all containers\n"
	"  inspect NAME|ID                         show everything about one\n"
	"  version                                 module ABI and limits\n"
	"\n"
	"LIST is a comma-separated subset of pid,uts,mnt,ipc,net,cgroup,time,user\n"
	"(pid is required; default pid,uts,mnt,ipc,net,cgroup).\n"
	"Exit status: 0 ok, 1 operation failed, 2 usage error.\n";

static const struct {
	const char *name;
	__u64 flag;
} ns_kinds[] = {
	{ "pid", CLONE_NEWPID },     { "uts", CLONE_NEWUTS },
	{ "mnt", CLONE_NEWNS },      { "ipc", CLONE_NEWIPC },
	{ "net", CLONE_NEWNET },     { "cgroup", CLONE_NEWCGROUP },
	{ "time", CLONE_NEWTIME },   { "user", CLONE_NEWUSER },
};

static const char *verb = "";
static const char *target = "";

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vmodctl: %s%s", verb, *verb ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage_text);
	exit(EXIT_USAGE);
}

/* What each errno means for the command that got it, per ioctl_uapi.h. */
static const char *reason(int err)
{
	switch (err) {
	case ENOENT:
		return "no such container";
	case EEXIST:
		return "a container with this name already exists";
	case ENOSPC:
		return "the container table is full (module parameter max_containers)";
	case EPERM:
		return "permission denied (CAP_SYS_ADMIN is needed)";
	case ESRCH:
		return "container is not running";
	case EBUSY:
		return strcmp(verb, "rm") ? "container is not in state created" :
					    "container is running; stop it first";
	case EALREADY:
		return "this process already is the init of a container";
	case EINVAL:
		if (!strcmp(verb, "create") || !strcmp(verb, "run"))
			return "invalid name, hostname or namespace set";
		break;
	}

	return strerror(err);
}

static int fail(int err)
{
	fprintf(stderr, "vmodctl: %s%s%s: %s\n", verb, *target ? " " : "",
		target, reason(-err));
	return EXIT_FAILURE;
}

static int open_device(void)
{
	int fd = vmod_open();

	if (fd == -ENOENT) {
		fprintf(stderr, "vmodctl: %s: %s not found; is the module loaded?\n",
			verb, VMOD_DEVICE_PATH);
		exit(EXIT_FAILURE);
	}
	if (fd < 0) {
		fprintf(stderr, "vmodctl: %s: cannot open %s: %s\n", verb,
			VMOD_DEVICE_PATH, strerror(-fd));
		exit(EXIT_FAILURE);
	}

	return fd;
}

/* A container by name, or by id when no container has that name. */
static int lookup(int fd, const char *arg, struct vmod_info *info)
{
	unsigned long id;
	char *end;
	int ret;

	target = arg;
	ret = vmod_info_by_name(fd, arg, info);
	if (ret != -ENOENT && ret != -EINVAL)
		return ret;

	errno = 0;
	id = strtoul(arg, &end, 10);
	if (*arg && !*end && !errno && id && id <= UINT_MAX)
		return vmod_info_by_id(fd, id, info);

	return -ENOENT;
}

static __u64 parse_ns(const char *list)
{
	char *copy = strdup(list), *save = NULL, *word;
	__u64 flags = 0;
	size_t i;

	if (!copy)
		usage_error("out of memory");
	for (word = strtok_r(copy, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(ns_kinds); i++)
			if (!strcmp(word, ns_kinds[i].name))
				break;
		if (i == ARRAY_SIZE(ns_kinds))
			usage_error("unknown namespace '%s'", word);
		flags |= ns_kinds[i].flag;
	}
	free(copy);
	if (!flags)
		usage_error("empty namespace list");

	return flags;
}

/* A signal by number, or by name with or without the SIG prefix. */
static int parse_signal(const char *arg)
{
	const char *name = strncasecmp(arg, "SIG", 3) ? arg : arg + 3;
	const char *abbrev;
	char *end;
	long sig;
	int i;

	sig = strtol(arg, &end, 10);
	if (*arg && !*end && sig > 0 && sig < NSIG)
		return sig;
	for (i = 1; i < NSIG; i++) {
		abbrev = sigabbrev_np(i);
		if (abbrev && !strcasecmp(name, abbrev))
			return i;
	}
	usage_error("unknown signal '%s'", arg);
	return 0;
}

static unsigned int parse_seconds(const char *arg)
{
	char *end;
	double s;

	errno = 0;
	s = strtod(arg, &end);
	if (!*arg || *end || errno || s < 0 || s > UINT_MAX / 1000)
		usage_error("bad timeout '%s'", arg);

	return s * 1000;
}

/* Options shared by create and run. */
struct create_opts {
	const char *hostname;
	__u64 ns_flags;
	bool wait;
};

static const struct option create_long[] = {
	{ "hostname", required_argument, NULL, 'h' },
	{ "ns", required_argument, NULL, 'n' },
	{ "wait", no_argument, NULL, 'w' },
	{ 0 }
};

/*
 * Parses options up to the first operand ("+"), or, for create, anywhere
 * among the operands; returns the index of the first operand.
 */
static int parse_create(int argc, char **argv, struct create_opts *o,
			bool allow_wait)
{
	const char *optstring = allow_wait ? "+h:n:w" : "h:n:w";
	int c;

	while ((c = getopt_long(argc, argv, optstring, create_long, NULL)) != -1) {
		switch (c) {
		case 'h':
			o->hostname = optarg;
			break;
		case 'n':
			o->ns_flags = parse_ns(optarg);
			break;
		case 'w':
			if (!allow_wait)
				usage_error("--wait only applies to start and run");
			o->wait = true;
			break;
		default:
			usage_error("bad option");
		}
	}

	return optind;
}

static int wait_status_exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);

	return WEXITSTATUS(status);
}

/* Spawns @argv as the init of @info; with @wait, waits and returns its code. */
static int start_container(int fd, const struct vmod_info *info,
			   char *const argv[], bool wait)
{
	enum vmod_stage stage;
	int ret, status;
	pid_t pid;

	ret = vmod_spawn(fd, info, argv, wait ? 0 : VMOD_SPAWN_DETACH, &pid,
			 &stage);
	if (ret) {
		if (stage == VMOD_STAGE_START)
			return fail(ret);
		fprintf(stderr, "vmodctl: %s %s: %s%s%s: %s\n", verb, target,
			vmod_stage_name(stage),
			stage == VMOD_STAGE_EXEC ? " " : "",
			stage == VMOD_STAGE_EXEC ? argv[0] : "", strerror(-ret));
		return EXIT_FAILURE;
	}
	if (!wait)
		return 0;

	if (waitpid(pid, &status, 0) < 0)
		return fail(-errno);

	return wait_status_exit_code(status);
}

static int cmd_create(int argc, char **argv)
{
	struct create_opts o = { 0 };
	__u32 id;
	int fd, ret;

	optind = parse_create(argc, argv, &o, false);
	if (argc - optind != 1)
		usage_error("expected one NAME");
	target = argv[optind];

	fd = open_device();
	ret = vmod_create(fd, target, o.hostname, o.ns_flags, &id);
	if (ret)
		return fail(ret);
	printf("%u\n", id);

	return 0;
}

/*
 * start and run take NAME, then "--" and the program; options may stand
 * before or after NAME.
 */
static char **parse_program(int argc, char **argv, struct create_opts *o,
			    const char **name)
{
	optind = parse_create(argc, argv, o, true);
	if (optind >= argc)
		usage_error("expected NAME");
	*name = target = argv[optind++];
	optind = parse_create(argc, argv, o, true);
	if (optind >= argc)
		usage_error("expected -- PROGRAM [ARG...]");

	return argv + optind;
}

static int cmd_start(int argc, char **argv)
{
	struct create_opts o = { 0 };
	struct vmod_info info;
	const char *name;
	char **prog;
	int fd, ret;

	prog = parse_program(argc, argv, &o, &name);
	if (o.hostname || o.ns_flags)
		usage_error("--hostname and --ns belong to create");

	fd = open_device();
	ret = lookup(fd, name, &info);
	if (ret)
		return fail(ret);
	if (info.out_state != VMOD_STATE_CREATED)
		return fail(-EBUSY);

	return start_container(fd, &info, prog, o.wait);
}

static int cmd_run(int argc, char **argv)
{
	struct create_opts o = { 0 };
	struct vmod_info info;
	const char *name;
	char **prog;
	__u32 id;
	int fd, ret;

	prog = parse_program(argc, argv, &o, &name);

	fd = open_device();
	ret = vmod_create(fd, name, o.hostname, o.ns_flags, &id);
	if (!ret)
		ret = vmod_info_by_id(fd, id, &info);
	if (ret)
		return fail(ret);

	/* Print the id first: with --wait it is useful while the init runs. */
	printf("%u\n", id);
	fflush(stdout);
	ret = start_container(fd, &info, prog, o.wait);

	/* A program that never started leaves no container behind. */
	if (!vmod_info_by_id(fd, id, &info) &&
	    info.out_state == VMOD_STATE_CREATED)
		vmod_destroy(fd, id);

	return ret;
}

static int cmd_stop(int argc, char **argv)
{
	unsigned int timeout_ms = 10000;
	struct vmod_info info;
	int c, fd, ret, sig = 0;

	while ((c = getopt(argc, argv, "+t:s:")) != -1) {
		switch (c) {
		case 't':
			timeout_ms = parse_seconds(optarg);
			break;
		case 's':
			sig = parse_signal(optarg);
			break;
		default:
			usage_error("bad option");
		}
	}
	if (argc - optind != 1)
		usage_error("expected one NAME|ID");

	fd = open_device();
	ret = lookup(fd, argv[optind], &info);
	if (!ret)
		ret = vmod_stop(fd, info.id, sig, timeout_ms);

	return ret ? fail(ret) : 0;
}

static int cmd_kill(int argc, char **argv)
{
	struct vmod_info info;
	int c, fd, ret, sig = SIGKILL;

	while ((c = getopt(argc, argv, "+s:")) != -1) {
		if (c != 's')
			usage_error("bad option");
		sig = parse_signal(optarg);
	}
	if (argc - optind != 1)
		usage_error("expected one NAME|ID");

	fd = open_device();
	ret = lookup(fd, argv[optind], &info);
	if (!ret)
		ret = vmod_kill(fd, info.id, sig);

	return ret ? fail(ret) : 0;
}

static int cmd_rm(int argc, char **argv)
{
	struct vmod_info info;
	int i, fd, ret, status = 0;

	if (argc < 2)
		usage_error("expected NAME|ID...");

	fd = open_device();
	for (i = 1; i < argc; i++) {
		ret = lookup(fd, argv[i], &info);
		if (!ret)
			ret = vmod_destroy(fd, info.id);
		if (ret)
			status = fail(ret);
	}

	return status;
}

static int cmd_ls(int argc, char **argv)
{
	struct vmod_list_entry entries[64];
	struct vmod_list list = {
		.size = sizeof(list),
		.cursor = 1,
		.entry_size = sizeof(entries[0]),
		.max_entries = ARRAY_SIZE(entries),
		.entries = (__u64)(unsigned long)entries,
	};
	__u32 i;
	int fd, ret;

	if (argc != 1)
		usage_error("takes no arguments");

	fd = open_device();
	printf("%-6s %-20s %-8s %7s %5s %s\n", "ID", "NAME", "STATE", "PID",
	       "PROCS", "HOSTNAME");
	do {
		ret = vmod_ioctl(fd, VMOD_LIST, &list);
		if (ret)
			return fail(ret);
		for (i = 0; i < list.out_nr_entries; i++) {
			struct vmod_list_entry *e = &entries[i];

			printf("%-6u %-20s %-8s %7d %5u %s\n", e->id, e->name,
			       vmod_state_name(e->state), e->init_pid,
			       e->nr_procs, e->hostname[0] ? e->hostname : "-");
		}
		list.cursor = list.out_next_cursor;
	} while (list.cursor);

	return 0;
}

static void print_time(const char *label, __u64 ns)
{
	char buf[64];
	time_t t = ns / 1000000000;
	struct tm tm;

	if (!ns) {
		printf("%-12s -\n", label);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%-12s %s.%03llu UTC\n", label, buf,
	       (unsigned long long)(ns % 1000000000) / 1000000);
}

static void print_exit(int status)
{
	if (WIFSIGNALED(status))
		printf("%-12s killed by signal %d (%s)\n", "exit:",
		       WTERMSIG(status), sigabbrev_np(WTERMSIG(status)) ?: "?");
	else
		printf("%-12s exited with code %d\n", "exit:",
		       WEXITSTATUS(status));
}

static int cmd_inspect(int argc, char **argv)
{
	const struct {
		const char *name;
		__u32 inum;
	} ns[] = {
		{ "pid", 0 }, { "uts", 0 }, { "mnt", 0 }, { "ipc", 0 },
		{ "net", 0 }, { "cgroup", 0 }, { "time", 0 }, { "user", 0 },
	};
	__u32 inums[8];
	struct vmod_info info;
	size_t i;
	int fd, ret;

	if (argc != 2)
		usage_error("expected one NAME|ID");

	fd = open_device();
	ret = lookup(fd, argv[1], &info);
	if (ret)
		return fail(ret);

	inums[0] = info.out_pid_ns;
	inums[1] = info.out_uts_ns;
	inums[2] = info.out_mnt_ns;
	inums[3] = info.out_ipc_ns;
	inums[4] = info.out_net_ns;
	inums[5] = info.out_cgroup_ns;
	inums[6] = info.out_time_ns;
	inums[7] = info.out_user_ns;

	printf("%-12s %u\n", "id:", info.id);
	printf("%-12s %s\n", "name:", info.name);
	printf("%-12s %s\n", "state:", vmod_state_name(info.out_state));
	printf("%-12s %s\n", "hostname:",
	       info.out_hostname[0] ? info.out_hostname : "-");
	printf("%-12s %s\n", "program:", info.out_path[0] ? info.out_path : "-");
	if (info.out_init_pid)
		printf("%-12s %d (%d inside)\n", "init pid:", info.out_init_pid,
		       info.out_init_vpid);
	else
		printf("%-12s -\n", "init pid:");
	printf("%-12s %u\n", "processes:", info.out_nr_procs);
	if (info.out_state == VMOD_STATE_STOPPED)
		print_exit(info.out_exit_status);
	print_time("created:", info.out_create_ns);
	print_time("started:", info.out_start_ns);
	print_time("stopped:", info.out_stop_ns);
	printf("namespaces:\n");
	for (i = 0; i < ARRAY_SIZE(ns); i++) {
		if (!(info.out_ns_flags & ns_kinds[i].flag))
			printf("  %-8s shared with the host\n", ns[i].name);
		else if (inums[i])
			printf("  %-8s %s:[%u]\n", ns[i].name, ns[i].name, inums[i]);
		else
			printf("  %-8s new, gone with its processes\n", ns[i].name);
	}

	return 0;
}

static int cmd_version(int argc, char **argv)
{
	struct vmod_version v = { .size = sizeof(v) };
	int fd, ret;

	if (argc != 1)
		usage_error("takes no arguments");

	fd = open_device();
	ret = vmod_ioctl(fd, VMOD_VERSION, &v);
	if (ret)
		return fail(ret);

	printf("abi version:    %u\n", v.out_abi_version);
	printf("containers:     %u of at most %u\n", v.out_nr_containers,
	       v.out_max_containers);
	printf("name max:       %u bytes\n", v.out_name_max);
	printf("hostname max:   %u bytes\n", v.out_hostname_max);
	printf("path max:       %u bytes\n", v.out_path_max);

	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "create", cmd_create }, { "start", cmd_start },
	{ "run", cmd_run },       { "stop", cmd_stop },
	{ "kill", cmd_kill },     { "rm", cmd_rm },
	{ "ls", cmd_ls },         { "inspect", cmd_inspect },
	{ "version", cmd_version },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			verb = argv[1];
			return commands[i].fn(argc - 1, argv + 1);
		}
	}
	usage_error("unknown command '%s'", argv[1]);

	return EXIT_USAGE;
}
