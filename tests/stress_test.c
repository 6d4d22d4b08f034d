// SPDX-License-Identifier: GPL-2.0
/*
 * Races: threads doing random operations on a small shared set of names
 * and ids for a bounded time, while containers' inits exit on their own and
 * another thread opens and closes the device and tries to unload the
 * module.  Afterwards the table must be consistent and empty out cleanly.
 *
 * VMOD_STRESS_SECONDS sets the duration (default 20), VMOD_STRESS_THREADS
 * the number of workers (default 4).
 */
#include "vmod_test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#define NR_NAMES	4
#define RACE_THREADS	8
#define RACE_ROUNDS	20

static const char *const names[NR_NAMES] = { "s0", "s1", "s2", "s3" };

static int dev;
static atomic_bool stop_all;
static atomic_long ops, bad_errnos, unloads;

/* The errnos each operation may see when others race with it. */
static bool documented(int op, int err)
{
	static const int ok[][5] = {
		{ EEXIST, ENOSPC, ENOMEM },		/* create */
		{ ENOENT, EBUSY, ENOMEM },		/* spawn: info or START */
		{ ENOENT, ESRCH, EINTR },		/* stop */
		{ ENOENT, ESRCH },			/* kill */
		{ ENOENT, EBUSY },			/* destroy */
		{ ENOENT, EINVAL },			/* info: id 0 is no id */
		{ EINTR },				/* list */
	};
	int i;

	if (!err)
		return true;
	for (i = 0; i < 5; i++)
		if (ok[op][i] == err)
			return true;

	return false;
}

static __u32 id_of(const char *name)
{
	struct vmod_info info;

	return vmod_info_by_name(dev, name, &info) ? 0 : info.id;
}

static int spawn(unsigned int seed, const char *name)
{
	static char *const scripts[] = {
		"exit 0", "exit 3", "sleep 0.05", "trap '' TERM; sleep 0.2",
		"sleep 0.1 & sleep 0.1 & wait",
	};
	char *argv[] = { "/bin/sh", "-c", scripts[seed % 5], NULL };
	struct vmod_info info;
	enum vmod_stage stage;
	pid_t pid;
	int ret;

	ret = vmod_info_by_name(dev, name, &info);
	if (ret)
		return ret;
	ret = vmod_spawn(dev, &info, argv, VMOD_SPAWN_DETACH, &pid, &stage);

	/* Only START's answer is the module's; clone3 or exec are not. */
	return stage == VMOD_STAGE_START ? ret : 0;
}

static void *worker(void *arg)
{
	unsigned int seed = (unsigned long)arg;
	struct vmod_list_entry e[8];
	struct vmod_list list = {
		.size = sizeof(list),
		.entry_size = sizeof(e[0]),
		.max_entries = 8,
		.entries = (__u64)(unsigned long)e,
	};
	struct vmod_info info;
	const char *name;
	int op, ret;
	__u32 id;

	while (!atomic_load(&stop_all)) {
		op = rand_r(&seed) % 7;
		name = names[rand_r(&seed) % NR_NAMES];
		/* Sometimes an id that was never handed out, or a stale one. */
		id = rand_r(&seed) % 8 ? id_of(name) : rand_r(&seed) % 64;

		switch (op) {
		case 0:
			ret = vmod_create(dev, name, NULL, 0, &id);
			break;
		case 1:
			ret = spawn(seed, name);
			break;
		case 2:
			ret = vmod_stop(dev, id, SIGTERM, rand_r(&seed) % 50);
			break;
		case 3:
			ret = vmod_kill(dev, id, rand_r(&seed) % 2 ? SIGKILL : SIGUSR1);
			break;
		case 4:
			ret = vmod_destroy(dev, id);
			break;
		case 5:
			ret = vmod_info_by_id(dev, id, &info);
			break;
		default:
			list.cursor = 0;
			ret = vmod_ioctl(dev, VMOD_LIST, &list);
			break;
		}
		atomic_fetch_add(&ops, 1);
		if (!documented(op, -ret) &&
		    atomic_fetch_add(&bad_errnos, 1) < 10)
			ksft_print_msg("op %d on %s (id %u): %s\n", op, name, id,
				       strerror(-ret));
	}

	return NULL;
}

/* Opens and closes the device and tries to unload the module meanwhile. */
static void *opener(void *unused)
{
	int fd;

	while (!atomic_load(&stop_all)) {
		fd = vmod_open();
		if (fd >= 0)
			close(fd);
		if (!syscall(SYS_delete_module, "vmod_container", O_NONBLOCK))
			atomic_fetch_add(&unloads, 1);
		vmod_sleep_ms(1);
	}

	return NULL;
}

static pthread_barrier_t race_barrier;
static atomic_int race_wins, race_exists;

static void *racer(void *unused)
{
	__u32 id;
	int ret;

	pthread_barrier_wait(&race_barrier);
	ret = vmod_create(dev, "race", NULL, 0, &id);
	if (!ret)
		atomic_fetch_add(&race_wins, 1);
	else if (ret == -EEXIST)
		atomic_fetch_add(&race_exists, 1);

	return NULL;
}

/* Many threads create one name at once: exactly one may win. */
static bool one_create_wins(void)
{
	pthread_t t[RACE_THREADS];
	int round, i, bad = 0;

	for (round = 0; round < RACE_ROUNDS; round++) {
		atomic_store(&race_wins, 0);
		atomic_store(&race_exists, 0);
		pthread_barrier_init(&race_barrier, NULL, RACE_THREADS);
		for (i = 0; i < RACE_THREADS; i++)
			pthread_create(&t[i], NULL, racer, NULL);
		for (i = 0; i < RACE_THREADS; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&race_barrier);
		if (race_wins != 1 || race_exists != RACE_THREADS - 1) {
			ksft_print_msg("round %d: %d won, %d got EEXIST\n", round,
				       race_wins, race_exists);
			bad++;
		}
		vmod_destroy(dev, id_of("race"));
	}

	return !bad;
}

/* LIST, VERSION, /proc and lookups by name and id all agree. */
static bool table_consistent(void)
{
	struct vmod_version v = { .size = sizeof(v) };
	struct vmod_list_entry e[64];
	struct vmod_list list = {
		.size = sizeof(list),
		.entry_size = sizeof(e[0]),
		.max_entries = 64,
		.entries = (__u64)(unsigned long)e,
	};
	struct vmod_info by_id, by_name;
	char line[256];
	int lines = -1;
	bool ok = true;
	__u32 i, j;
	FILE *f;

	if (vmod_ioctl(dev, VMOD_LIST, &list) || vmod_ioctl(dev, VMOD_VERSION, &v))
		return false;
	f = fopen("/proc/vmod_containers", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		lines++;
	fclose(f);
	ksft_print_msg("table: list %u (total %u), version %u, /proc %d\n",
		       list.out_nr_entries, list.out_total, v.out_nr_containers,
		       lines);
	ok = list.out_nr_entries == list.out_total &&
	     list.out_total == v.out_nr_containers && (int)list.out_total == lines;

	for (i = 0; i < list.out_nr_entries; i++) {
		for (j = 0; j < i; j++)
			ok &= strcmp(e[i].name, e[j].name) != 0;
		ok &= !vmod_info_by_id(dev, e[i].id, &by_id) &&
		      !vmod_info_by_name(dev, e[i].name, &by_name) &&
		      by_id.id == by_name.id && !strcmp(by_id.name, e[i].name);
	}

	return ok;
}

/* Stops and removes everything; then every name must be free again. */
static bool empties_cleanly(void)
{
	struct vmod_version v = { .size = sizeof(v) };
	__u32 ids[NR_NAMES];
	bool ok = true;
	int i;

	vmod_clean_table(dev);
	if (vmod_ioctl(dev, VMOD_VERSION, &v) || v.out_nr_containers)
		return false;
	for (i = 0; i < NR_NAMES; i++)
		ok &= !vmod_create(dev, names[i], NULL, 0, &ids[i]);
	vmod_clean_table(dev);

	return ok;
}

int main(void)
{
	int seconds = 20, nthreads = 4, i;
	pthread_t open_thread, *t;
	struct timespec t0, t1;
	double elapsed;

	vmod_skip_unless_ready();
	if (getenv("VMOD_STRESS_SECONDS"))
		seconds = atoi(getenv("VMOD_STRESS_SECONDS"));
	if (getenv("VMOD_STRESS_THREADS"))
		nthreads = atoi(getenv("VMOD_STRESS_THREADS"));

	ksft_print_header();
	ksft_set_plan(5);
	dev = vmod_open();
	if (dev < 0)
		ksft_exit_fail_msg("open: %s\n", strerror(-dev));
	/* Inits are reaped by the kernel: their status is the module's job. */
	signal(SIGCHLD, SIG_IGN);
	vmod_clean_table(dev);

	ksft_test_result(one_create_wins(),
			 "%d threads creating one name at once: one wins, %d rounds\n",
			 RACE_THREADS, RACE_ROUNDS);

	t = calloc(nthreads, sizeof(*t));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < nthreads; i++)
		pthread_create(&t[i], NULL, worker, (void *)(unsigned long)(i + 1));
	pthread_create(&open_thread, NULL, opener, NULL);
	sleep(seconds);
	atomic_store(&stop_all, true);
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	pthread_join(open_thread, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	elapsed = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;

	ksft_print_msg("stress: %ld operations in %.1f s, %d threads and an opener\n",
		       atomic_load(&ops), elapsed, nthreads);
	ksft_test_result(!atomic_load(&bad_errnos),
			 "every operation returned 0 or a documented errno\n");
	ksft_test_result(!atomic_load(&unloads),
			 "unloading was refused while the device was in use\n");
	ksft_test_result(table_consistent(), "table consistent afterwards\n");
	ksft_test_result(empties_cleanly(),
			 "every container stops and goes; names are free again\n");

	ksft_finished();
}
