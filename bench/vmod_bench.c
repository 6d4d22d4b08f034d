// SPDX-License-Identifier: GPL-2.0
/*
 * vmod_bench: what the module costs, measured inside the test VM against
 * the floor of a null ioctl, a bare clone3() and crun, in the same run.
 * Absolute times under emulation mean little; the ratios are the point.
 *
 *   vmod_bench [--quick] [--out FILE]   run every row, print the table
 *   vmod_bench bare PROGRAM [ARG...]     clone3() into the default set of
 *                                        new namespaces, exec, wait
 *   vmod_bench bare-setup PROGRAM [ARG...]  the same, and set the hostname
 *                                        and mount /proc first, as vmodctl
 *
 * Each row is the median of five repetitions, with min and max; a
 * repetition of a row that launches processes is the mean of several
 * launches, which vary a lot one by one under emulation.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tools/vmodlib.h"

#define REPS	5

/* Process launches averaged in one repetition of a process row. */
static int launches = 40;

extern char **environ;

static int dev;
static bool quick;
static FILE *out;

struct row {
	const char *name;
	const char *unit;
	double v[REPS];
	double median, min, max;
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);

	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void settle(struct row *r)
{
	double s[REPS];

	memcpy(s, r->v, sizeof(s));
	qsort(s, REPS, sizeof(double), cmp_double);
	r->min = s[0];
	r->max = s[REPS - 1];
	r->median = s[REPS / 2];
}

/*
 * The ratio of two rows measured side by side in each repetition: the
 * median of the ratios of their repetitions, so that slow phases of the
 * emulator weigh on both sides alike.  Rows measured in phases of their
 * own compare by their medians instead.
 */
static double ratio_of(const struct row *a, const struct row *b)
{
	struct row q = { 0 };
	int r;

	for (r = 0; r < REPS; r++)
		q.v[r] = a->v[r] / b->v[r];
	settle(&q);

	return q.median;
}

static void print_row(struct row *r, const char *ratio_to, double ratio,
		      const char *goal)
{
	char rs[64] = "";

	if (ratio_to)
		snprintf(rs, sizeof(rs), "%.2fx %s", ratio, ratio_to);
	printf("%-44s %12.0f %12.0f %12.0f %-6s %-24s %s\n", r->name, r->median,
	       r->min, r->max, r->unit, rs, goal ?: "");
	if (out)
		fprintf(out, "%s\t%.1f\t%.1f\t%.1f\t%s\t%.3f\n", r->name, r->median,
			r->min, r->max, r->unit, ratio_to ? ratio : 0.0);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "vmod_bench: %s: %s\n", what, strerror(err));
	exit(1);
}

/* ns per VERSION call: the cheapest round trip into the module. */
static double time_version(int fd, long n)
{
	struct vmod_version v = { .size = sizeof(v) };
	double t0 = now_ns();
	long i;

	for (i = 0; i < n; i++)
		if (vmod_ioctl(fd, VMOD_VERSION, &v))
			die("VERSION", errno);

	return (now_ns() - t0) / n;
}

static double time_info(int fd, long n, __u32 id, const char *name)
{
	struct vmod_info info;
	double t0 = now_ns();
	long i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = name ? vmod_info_by_name(fd, name, &info) :
			     vmod_info_by_id(fd, id, &info);
		if (ret)
			die("INFO", -ret);
	}

	return (now_ns() - t0) / n;
}

/* Adds filler containers until the table holds @target. */
static void fill_to(long *have, long target)
{
	char name[32];
	__u32 id;
	int ret;

	for (; *have < target; (*have)++) {
		snprintf(name, sizeof(name), "f%07ld", *have);
		ret = vmod_create(dev, name, NULL, 0, &id);
		if (ret)
			die("CREATE filler", -ret);
	}
}

static double time_create_destroy(long n)
{
	char name[32];
	double t0;
	__u32 id;
	long i;

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "pair%ld", i);
		if (vmod_create(dev, name, NULL, 0, &id) || vmod_destroy(dev, id))
			die("CREATE/DESTROY", errno);
	}

	return (now_ns() - t0) / n;
}

/* ns per entry walking the whole table in pages of 256. */
static double time_list(long *entries)
{
	static struct vmod_list_entry e[256];
	struct vmod_list list = {
		.size = sizeof(list),
		.entry_size = sizeof(e[0]),
		.max_entries = 256,
		.entries = (__u64)(unsigned long)e,
	};
	double t0 = now_ns();
	long seen = 0;

	do {
		if (vmod_ioctl(dev, VMOD_LIST, &list))
			die("LIST", errno);
		seen += list.out_nr_entries;
		list.cursor = list.out_next_cursor;
	} while (list.cursor);
	*entries = seen;

	return (now_ns() - t0) / seen;
}

/*
 * Kernel memory in kB that grows with the table: slab objects (containers,
 * xarray nodes, hash table entries) plus vmalloc, where a big hash table
 * keeps its bucket array.
 */
static long kernel_kb(void)
{
	char line[128];
	long kb, sum = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		die("/proc/meminfo", errno);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1 ||
		    sscanf(line, "VmallocUsed: %ld kB", &kb) == 1)
			sum += kb;
	fclose(f);

	return sum;
}

struct info_job {
	int fd;
	long n;
	__u32 id;	/* 0: the null ioctl instead */
};

static void *info_thread(void *arg)
{
	struct info_job *job = arg;

	if (job->id)
		time_info(job->fd, job->n, job->id, NULL);
	else
		time_version(job->fd, job->n);

	return NULL;
}

/*
 * INFO calls per second with @threads threads at once, each asking about
 * its own container through its own descriptor, as separate tools watching
 * different containers would.  (Threads sharing one descriptor would also
 * share the count of its struct file, which every call updates.)  With
 * @ids NULL, null ioctls instead: how far the VM itself lets two threads
 * scale.
 */
static double info_throughput(int threads, long n, const int *fds,
			      const __u32 *ids)
{
	struct info_job job[2];
	pthread_t t[2];
	double t0 = now_ns();
	int i;

	for (i = 0; i < threads; i++) {
		job[i].fd = fds[i];
		job[i].n = n;
		job[i].id = ids ? ids[i] : 0;
		pthread_create(&t[i], NULL, info_thread, &job[i]);
	}
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);

	return threads * n / ((now_ns() - t0) / 1e9);
}

/* Runs a command, output to /dev/null, and waits; its wall time in ns. */
static double time_command(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	double t0;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	t0 = now_ns();
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ))
		die(argv[0], errno);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		die(argv[0], ECHILD);
	posix_spawn_file_actions_destroy(&fa);

	return now_ns() - t0;
}

/* Polls until @id is no longer Running, then removes it. */
static void remove_when_stopped(__u32 id)
{
	struct vmod_info info;

	while (!vmod_info_by_id(dev, id, &info) &&
	       info.out_state == VMOD_STATE_RUNNING)
		usleep(1000);
	vmod_destroy(dev, id);
}

/* Mean ns of one vmodctl run --wait /bin/true, container removed after. */
static double time_vmodctl_run(int rep)
{
	char name[32];
	char *argv[] = { "/usr/bin/vmodctl", "run", "--wait", name, "--",
			 "/bin/true", NULL };
	struct vmod_info info;
	double t = 0;
	int i;

	for (i = 0; i < launches; i++) {
		snprintf(name, sizeof(name), "true%d.%d", rep, i);
		t += time_command(argv);
		if (!vmod_info_by_name(dev, name, &info))
			remove_when_stopped(info.id);
	}

	return t / launches;
}

/* Mean ns of one run of @argv. */
static double time_commands(char *const argv[])
{
	double t = 0;
	int i;

	for (i = 0; i < launches; i++)
		t += time_command(argv);

	return t / launches;
}

/*
 * The same program in the same namespaces, without the module.  With
 * @setup, the child also does what vmodctl does besides the module: set
 * the hostname and mount a fresh /proc.
 */
static int bare(char **argv, bool setup)
{
	struct clone_args args = {
		.flags = VMOD_NS_DEFAULT,
		.exit_signal = SIGCHLD,
	};
	int status;
	pid_t pid;

	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		die("clone3", errno);
	if (pid == 0) {
		if (setup && (sethostname("bare", 4) || vmod_mount_proc()))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid", errno);

	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* STOP of a container with an init and three children, SIGKILL at once. */
static double time_stop_one(const char *name, bool by_hand)
{
	char *argv[] = { "/bin/sh", "-c",
			 "sleep 1000 & sleep 1000 & sleep 1000 & wait", NULL };
	struct vmod_info info;
	enum vmod_stage stage;
	double t0, t;
	pid_t pid;
	__u32 id;
	int ret, i;

	ret = vmod_create(dev, name, NULL, 0, &id);
	if (!ret)
		ret = vmod_info_by_id(dev, id, &info);
	if (!ret)
		ret = vmod_spawn(dev, &info, argv, VMOD_SPAWN_DETACH, &pid, &stage);
	if (ret)
		die("spawn", -ret);
	for (i = 0; i < 1000; i++) {
		if (!vmod_info_by_id(dev, id, &info) && info.out_nr_procs == 4)
			break;
		usleep(1000);
	}

	t0 = now_ns();
	if (by_hand) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		t = now_ns() - t0;
	} else {
		ret = vmod_stop(dev, id, SIGKILL, 0);
		t = now_ns() - t0;
		waitpid(pid, NULL, 0);
		if (ret)
			die("STOP", -ret);
	}
	remove_when_stopped(id);

	return t;
}

/* Mean ns of time_stop_one(); half as many launches: each sets up four. */
static double time_stop(int rep, bool by_hand)
{
	char name[32];
	double t = 0;
	int i, n = (launches + 1) / 2;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "stop%d.%d%c", rep, i,
			 by_hand ? 'h' : 'm');
		t += time_stop_one(name, by_hand);
	}

	return t / n;
}

/* Destroys every container; the benchmark leaves none running. */
static void clear_table(void)
{
	static struct vmod_list_entry e[256];
	struct vmod_list list = {
		.size = sizeof(list),
		.cursor = 1,
		.entry_size = sizeof(e[0]),
		.max_entries = 256,
		.entries = (__u64)(unsigned long)e,
	};
	__u32 i;

	do {
		if (vmod_ioctl(dev, VMOD_LIST, &list))
			die("LIST", errno);
		for (i = 0; i < list.out_nr_entries; i++)
			vmod_destroy(dev, e[i].id);
		list.cursor = list.out_next_cursor;
	} while (list.cursor);
}

static const char *crun_bundle = "/bench/bundle";

static bool have_crun(void)
{
	return !access("/usr/bin/crun", X_OK) && !access(crun_bundle, F_OK);
}

/* Mean ns of one crun run; a quarter as many launches: each is slow. */
static double time_crun(int rep)
{
	char id[32];
	/* The VM's root is an initramfs, which pivot_root cannot leave. */
	char *argv[] = { "/usr/bin/crun", "run", "--no-pivot", "--bundle",
			 (char *)crun_bundle, id, NULL };
	double t = 0;
	int i, n = (launches + 3) / 4;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "bench%d.%d", rep, i);
		t += time_command(argv);
	}

	return t / n;
}

int main(int argc, char **argv)
{
	struct row floor = { "null ioctl (VERSION)", "ns" };
	struct row by_id = { "INFO by id", "ns" };
	struct row by_name = { "INFO by name", "ns" };
	struct row pair[3] = {
		{ "CREATE+DESTROY, 1k in the table", "ns" },
		{ "CREATE+DESTROY, 100k in the table", "ns" },
		{ "CREATE+DESTROY, 1M in the table", "ns" },
	};
	struct row list = { "LIST, per entry, walking the table", "ns" };
	struct row one = { "INFO throughput, 1 thread", "call/s" };
	struct row two = { "INFO throughput, 2 threads", "call/s" };
	struct row floor_one = { "null ioctl throughput, 1 thread", "call/s" };
	struct row floor_two = { "null ioctl throughput, 2 threads", "call/s" };
	struct row mem = { "kernel memory per Created container", "bytes" };
	struct row run = { "vmodctl run --wait /bin/true", "us" };
	struct row bare_run = { "bare clone3 + exec + wait /bin/true", "us" };
	struct row bare_setup = {
		"  the same + sethostname + mount /proc", "us"
	};
	struct row crun = { "crun run /bin/true", "us" };
	struct row stop = { "STOP (SIGKILL), init + 3 children", "us" };
	struct row by_hand = { "kill + waitpid of the same tree", "us" };
	struct row *rows[] = {
		&floor, &by_id, &by_name, &pair[0], &pair[1], &pair[2], &list,
		&one, &two, &floor_one, &floor_two, &mem, &run, &bare_run,
		&bare_setup, &crun, &stop, &by_hand,
	};
	long sizes[3] = { 1000, 100000, 1000000 };
	long n = 200000, pairs = 50000, have = 0, seen, kb0;
	const char *self = "/proc/self/exe";
	char *bare_argv[] = { (char *)self, "bare", "/bin/true", NULL };
	char *setup_argv[] = { (char *)self, "bare-setup", "/bin/true", NULL };
	__u32 probe, ids[2];
	int fds[2];
	char goal[64];
	int i, r;

	if (argc > 1 && !strcmp(argv[1], "bare"))
		return argc > 2 ? bare(argv + 2, false) : 2;
	if (argc > 1 && !strcmp(argv[1], "bare-setup"))
		return argc > 2 ? bare(argv + 2, true) : 2;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			quick = true;
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = fopen(argv[++i], "w");
	}
	if (quick) {
		n = 2000;
		pairs = 200;
		launches = 2;
		sizes[0] = 100;
		sizes[1] = 1000;
		sizes[2] = 10000;
		pair[0].name = "CREATE+DESTROY, 100 in the table";
		pair[1].name = "CREATE+DESTROY, 1k in the table";
		pair[2].name = "CREATE+DESTROY, 10k in the table";
	}

	dev = vmod_open();
	if (dev < 0)
		die(VMOD_DEVICE_PATH, -dev);
	vmod_create(dev, "probe", NULL, 0, &probe);
	vmod_create(dev, "probe2", NULL, 0, &ids[1]);
	ids[0] = probe;
	fds[0] = dev;
	fds[1] = vmod_open();
	if (fds[1] < 0)
		die(VMOD_DEVICE_PATH, -fds[1]);

	for (r = 0; r < REPS; r++) {
		floor.v[r] = time_version(dev, n);
		by_id.v[r] = time_info(dev, n, probe, NULL);
		by_name.v[r] = time_info(dev, n, 0, "probe");
		one.v[r] = info_throughput(1, n, fds, ids);
		two.v[r] = info_throughput(2, n, fds, ids);
		floor_one.v[r] = info_throughput(1, n, fds, NULL);
		floor_two.v[r] = info_throughput(2, n, fds, NULL);
	}

	/* The first pairs of a run warm up caches, slabs and the emulator. */
	time_create_destroy(pairs);
	kb0 = kernel_kb();
	for (i = 0; i < 3; i++) {
		fill_to(&have, sizes[i]);
		for (r = 0; r < REPS; r++)
			pair[i].v[r] = time_create_destroy(pairs);
	}
	for (r = 0; r < REPS; r++) {
		mem.v[r] = (kernel_kb() - kb0) * 1024.0 / have;
		list.v[r] = time_list(&seen);
	}
	clear_table();
	vmod_create(dev, "probe", NULL, 0, &probe);

	for (r = 0; r < REPS; r++) {
		run.v[r] = time_vmodctl_run(r) / 1000;
		bare_run.v[r] = time_commands(bare_argv) / 1000;
		bare_setup.v[r] = time_commands(setup_argv) / 1000;
		if (have_crun())
			crun.v[r] = time_crun(r) / 1000;
		stop.v[r] = time_stop(r, false) / 1000;
		by_hand.v[r] = time_stop(r, true) / 1000;
	}

	for (i = 0; i < (int)ARRAY_SIZE(rows); i++)
		settle(rows[i]);

	printf("%-44s %12s %12s %12s %-6s %-24s %s\n", "", "median", "min", "max",
	       "unit", "ratio", "goal");
	print_row(&floor, NULL, 0, NULL);
	print_row(&by_id, "floor", ratio_of(&by_id, &floor), "<= 1.25x");
	print_row(&by_name, "floor", ratio_of(&by_name, &floor), "<= 1.25x");
	print_row(&pair[0], NULL, 0, NULL);
	print_row(&pair[1], "smallest table", pair[1].median / pair[0].median,
		  NULL);
	print_row(&pair[2], "smallest table", pair[2].median / pair[0].median,
		  "<= 1.2x");
	print_row(&list, "INFO by id", list.median / by_id.median, NULL);
	print_row(&one, NULL, 0, NULL);
	print_row(&two, "1 thread", ratio_of(&two, &one), ">= 1.8x");
	print_row(&floor_one, NULL, 0, NULL);
	print_row(&floor_two, "1 thread", ratio_of(&floor_two, &floor_one),
		  "what the VM allows");
	print_row(&mem, NULL, 0, "<= 512 bytes");
	print_row(&bare_run, NULL, 0, NULL);
	print_row(&bare_setup, "bare clone3", ratio_of(&bare_setup, &bare_run),
		  NULL);
	print_row(&run, "bare clone3", ratio_of(&run, &bare_run), "<= 1.10x");
	if (have_crun()) {
		snprintf(goal, sizeof(goal), "vmodctl run %.1fx faster, >= 10x",
			 ratio_of(&crun, &run));
		print_row(&crun, "bare clone3", ratio_of(&crun, &bare_run),
			  goal);
	} else
		printf("%-44s not measured: no crun in this image\n", crun.name);
	print_row(&by_hand, NULL, 0, NULL);
	print_row(&stop, "by hand", ratio_of(&stop, &by_hand), NULL);
	printf("(%d repetitions; table rows walked by LIST: %ld)\n", REPS,
	       seen);

	clear_table();
	if (out)
		fclose(out);

	return 0;
}
