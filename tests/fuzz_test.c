// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile input for /dev/vmod_container: a million calls or more with
 * random command numbers and sizes, bad, non-canonical, unmapped, read-only
 * and page-edge pointers, unterminated strings, random flags and reserved
 * bits, while a second thread rewrites the argument under the call.  Every
 * call must return 0 or an errno its command documents, and no output may
 * carry bytes the kernel did not mean to write.
 *
 * VMOD_FUZZ_SEED replays a run; VMOD_FUZZ_CALLS and VMOD_FUZZ_SECONDS bound
 * it (defaults 1000000 calls, at most 1100 s: the debug lane runs it at a
 * few thousand calls a second, and gives a test 1200 s).
 */
#include "vmod_test.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/mman.h>

#define PAGE		4096
#define NR_CMDS		(VMOD_CMD_LIST - VMOD_CMD_BASE + 1)
#define MAX_REPORTS	10

static const unsigned long cmd_nums[NR_CMDS] = {
	VMOD_VERSION, VMOD_CREATE, VMOD_START, VMOD_STOP,
	VMOD_KILL, VMOD_DESTROY, VMOD_INFO, VMOD_LIST,
};

static const __u32 cmd_sizes[NR_CMDS] = {
	sizeof(struct vmod_version), sizeof(struct vmod_create),
	sizeof(struct vmod_start), sizeof(struct vmod_stop),
	sizeof(struct vmod_kill), sizeof(struct vmod_destroy),
	sizeof(struct vmod_info), sizeof(struct vmod_list),
};

/* Errnos each command documents besides the common ones. */
static const int cmd_errnos[NR_CMDS][4] = {
	{ 0 },
	{ EEXIST, ENOSPC, ENOMEM },
	{ EBUSY, EALREADY, ENOMEM },
	{ ESRCH, EINTR },
	{ ESRCH },
	{ EBUSY },
	{ 0 },
	{ EINTR },
};

static const int common_errnos[] = { EFAULT, EINVAL, E2BIG, EPERM, ENOENT };

static __u64 rng_state;

static __u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;

	return rng_state * 0x2545f4914f6cdd1dULL;
}

static __u64 below(__u64 n)
{
	return rnd() % n;
}

/* Two pages, the second one unmapped: a struct can end at the edge. */
static unsigned char *arena;
static unsigned char *ro_page;

/*
 * LIST output, followed by an unmapped page: a racing rewrite can ask for
 * more entries than fit, and must end in EFAULT, not in our heap.
 */
#define ENTRIES_SIZE	(64 * 1024)
static struct vmod_list_entry *entries;
static __u32 target_ids[3];

static atomic_int racing;
static atomic_bool done;

/* Rewrites bytes of the argument page while a racing call is in flight. */
static void *mutator(void *unused)
{
	__u64 s = rng_state ^ 0x9e3779b97f4a7c15ULL;

	while (!atomic_load(&done)) {
		if (!atomic_load(&racing)) {
			syscall(SYS_futex, &racing, FUTEX_WAIT, 0, NULL);
			continue;
		}
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		arena[(s >> 33) % 512] = s >> 24;
	}

	return NULL;
}

static void set_racing(int on)
{
	atomic_store(&racing, on);
	if (on)
		syscall(SYS_futex, &racing, FUTEX_WAKE, 1);
}

static bool allowed(int nr, int err)
{
	size_t i;

	if (err == 0)
		return true;
	if (nr < 0)
		return err == ENOTTY;
	for (i = 0; i < sizeof(common_errnos) / sizeof(int); i++)
		if (err == common_errnos[i])
			return true;
	for (i = 0; i < 4; i++)
		if (cmd_errnos[nr][i] && err == cmd_errnos[nr][i])
			return true;

	return false;
}

static void random_string(char *s, size_t size)
{
	size_t len = below(size + 1), i;
	static const char set[] = "abcXYZ019_.-/ :\xff";

	for (i = 0; i < len && i < size; i++)
		s[i] = set[below(sizeof(set) - 1)];
	if (len < size)
		s[len] = '\0';
}

/* Mostly valid arguments with one thing wrong, or plain noise. */
static void make_arg(int nr, unsigned char *arg, __u32 size)
{
	__u32 *words = (__u32 *)arg;
	__u32 id = below(4) ? target_ids[below(3)] : (__u32)rnd();

	memset(arg, 0, size);
	if (!below(8)) {
		for (__u32 i = 0; i < size; i++)
			arg[i] = rnd();
		return;
	}
	if (size < 8)
		return;
	if (!below(8))
		words[1] = rnd();			/* flags */

	switch (cmd_nums[nr]) {
	case VMOD_CREATE: {
		struct vmod_create *c = (void *)arg;

		c->ns_flags = below(2) ? 0 : rnd() & (VMOD_NS_ALLOWED | CLONE_VM);
		random_string(c->name, sizeof(c->name));
		if (below(2))
			random_string(c->hostname, sizeof(c->hostname));
		c->__reserved = below(8) ? 0 : rnd();
		break;
	}
	case VMOD_START: {
		struct vmod_start *s = (void *)arg;

		s->id = id;
		random_string(s->path, sizeof(s->path));
		break;
	}
	case VMOD_STOP: {
		struct vmod_stop *s = (void *)arg;

		s->id = id;
		s->signal = below(2) ? below(70) : rnd();
		s->timeout_ms = below(100);
		break;
	}
	case VMOD_KILL: {
		struct vmod_kill *k = (void *)arg;

		k->id = id;
		k->signal = below(2) ? below(70) : rnd();
		break;
	}
	case VMOD_DESTROY:
		((struct vmod_destroy *)arg)->id = id;
		break;
	case VMOD_INFO: {
		struct vmod_info *i = (void *)arg;

		if (below(2))
			i->id = id;
		else
			random_string(i->name, sizeof(i->name));
		break;
	}
	case VMOD_LIST: {
		struct vmod_list *l = (void *)arg;

		l->cursor = below(4);
		l->entry_size = below(4) ? sizeof(*entries) + below(3) * 8 :
					   below(8192);
		l->max_entries = below(5);
		l->entries = below(8) ? (__u64)(unsigned long)entries :
					(below(2) ? rnd() : 8);
		break;
	}
	}
}

/* A command number: ours, ours with another encoding, or someone else's. */
static unsigned long pick_cmd(int *nr)
{
	unsigned int type;

	*nr = below(NR_CMDS);
	switch (below(10)) {
	case 0:
		*nr = -1;
		return _IOC(below(4), VMOD_TYPE, below(2) ?
			    VMOD_CMD_BASE + NR_CMDS + below(8) :
			    VMOD_CMD_BASE - 1 - below(8), below(PAGE));
	case 1:
		*nr = -1;
		/* Not the types the VFS answers itself (FIOCLEX, FIFREEZE, ...). */
		do
			type = below(256);
		while (type == 0 || type == 'T' || type == 'X' || type == 'f' ||
		       type == 0x94 || type == VMOD_TYPE);
		return _IOC(below(4), type, below(256), below(PAGE));
	case 2:
		*nr = -1;
		return _IOC(1 + below(3), VMOD_TYPE, VMOD_CMD_BASE + below(NR_CMDS),
			    cmd_sizes[0]);
	}

	return cmd_nums[*nr];
}

static __u32 pick_size(int nr)
{
	__u32 k = nr >= 0 ? cmd_sizes[nr] : 64;

	switch (below(8)) {
	case 0:
		return 0;
	case 1:
		return k - 1;
	case 2:
		return k + 8 * (1 + below(4));
	case 3:
		return below(8200);
	}

	return k;
}

struct report {
	int bad_errno;
	int stale;
};

/* Prints the first few problems, with what it takes to replay them. */
static void note(struct report *r, __u64 i, unsigned long cmd, __u32 size,
		 const char *what, int err)
{
	if (r->bad_errno + r->stale <= MAX_REPORTS)
		ksft_print_msg("call %llu: cmd %#lx size %u: %s (%d)\n",
			       (unsigned long long)i, cmd, size, what, err);
}

/* After a successful INFO, string tails and padding must be zero. */
static bool info_is_clean(const struct vmod_info *info)
{
	const char *strs[] = { info->name, info->out_hostname, info->out_path };
	const size_t sizes[] = { sizeof(info->name), sizeof(info->out_hostname),
				 sizeof(info->out_path) };
	size_t i, j, len;

	for (i = 0; i < 3; i++) {
		len = strnlen(strs[i], sizes[i]);
		if (len == sizes[i])
			return false;
		for (j = len; j < sizes[i]; j++)
			if (strs[i][j])
				return false;
	}

	return true;
}

static void fuzz_one(int fd, __u64 i, struct report *r)
{
	unsigned char *arg;
	unsigned long cmd;
	__u32 size, ksize;
	bool race = !below(16);
	int nr, ret, where;
	void *ptr;

	cmd = pick_cmd(&nr);
	size = pick_size(nr);
	ksize = nr >= 0 ? cmd_sizes[nr] : 64;

	/* Lay the argument out so that it sometimes ends at the guard page. */
	where = below(4);
	arg = where ? arena + 8 * below(16) :
		      arena + PAGE - (ksize > PAGE ? PAGE : ksize);
	memset(arg, 0xa5, arena + PAGE - arg < 1024 ? arena + PAGE - arg : 1024);
	make_arg(nr >= 0 ? nr : 0, arg, arena + PAGE - arg < ksize ?
					arena + PAGE - arg : ksize);
	*(__u32 *)arg = size;
	ptr = arg;

	switch (below(16)) {
	case 0:
		ptr = NULL;
		break;
	case 1:
		ptr = (void *)(~0UL - 4095);
		break;
	case 2:
		ptr = arena + PAGE;			/* unmapped */
		break;
	case 3:
		memcpy(ro_page, arg, ksize < PAGE ? ksize : PAGE);
		mprotect(ro_page, PAGE, PROT_READ);
		ptr = ro_page;
		break;
	}

	if (race)
		set_racing(1);
	ret = vmod_ioctl(fd, cmd, ptr);
	if (race)
		set_racing(0);
	if (ptr == ro_page)
		mprotect(ro_page, PAGE, PROT_READ | PROT_WRITE);

	if (!allowed(nr, -ret)) {
		r->bad_errno++;
		note(r, i, cmd, size, "undocumented errno", -ret);
	}
	if (ret || race || ptr != arg)
		return;

	if (cmd == VMOD_INFO && !info_is_clean((struct vmod_info *)arg)) {
		r->stale++;
		note(r, i, cmd, size, "stale bytes in INFO", 0);
	}
	/* Nothing past the caller's struct may be written. */
	if (arg + size < arena + PAGE && arg[size] != 0xa5) {
		r->stale++;
		note(r, i, cmd, size, "wrote past the caller's size", 0);
	}
}

static void make_targets(int fd)
{
	static const char *const names[] = { "fz0", "fz1", "fz2" };
	int i;

	vmod_clean_table(fd);
	for (i = 0; i < 3; i++)
		vmod_create(fd, names[i], NULL, 0, &target_ids[i]);
}

/* LIST, VERSION and /proc must agree on what the table holds. */
static bool table_consistent(int fd)
{
	struct vmod_version v = { .size = sizeof(v) };
	struct vmod_snapshot s;
	char line[256];
	int lines = -1;
	FILE *f;

	if (vmod_snapshot(fd, &s) || vmod_ioctl(fd, VMOD_VERSION, &v))
		return false;
	f = fopen("/proc/vmod_containers", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		lines++;
	fclose(f);
	ksft_print_msg("table: list %u, version %u, /proc %d\n", s.count,
		       v.out_nr_containers, lines);

	return s.count == v.out_nr_containers && (int)s.count == lines;
}

int main(void)
{
	__u64 seed, calls = 1000000, i;
	struct timespec t0, t1;
	struct report r = { 0 };
	long seconds = 1100;
	pthread_t thread;
	double elapsed;
	int fd;

	vmod_skip_unless_ready();
	seed = getenv("VMOD_FUZZ_SEED") ? strtoull(getenv("VMOD_FUZZ_SEED"), NULL, 0) :
					  (__u64)time(NULL) * 2654435761U ^ getpid();
	if (getenv("VMOD_FUZZ_CALLS"))
		calls = strtoull(getenv("VMOD_FUZZ_CALLS"), NULL, 0);
	if (getenv("VMOD_FUZZ_SECONDS"))
		seconds = strtol(getenv("VMOD_FUZZ_SECONDS"), NULL, 0);
	rng_state = seed ?: 1;

	ksft_print_header();
	ksft_set_plan(4);
	ksft_print_msg("seed %#llx (replay with VMOD_FUZZ_SEED=%#llx)\n",
		       (unsigned long long)seed, (unsigned long long)seed);

	fd = vmod_open();
	arena = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro_page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	entries = mmap(NULL, ENTRIES_SIZE + PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || arena == MAP_FAILED || ro_page == MAP_FAILED ||
	    entries == MAP_FAILED || munmap(arena + PAGE, PAGE) ||
	    munmap((char *)entries + ENTRIES_SIZE, PAGE))
		ksft_exit_fail_msg("setup failed\n");
	make_targets(fd);
	pthread_create(&thread, NULL, mutator, NULL);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < calls; i++) {
		fuzz_one(fd, i, &r);
		if (i % 100000 == 99999) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			ksft_print_msg("%llu calls, %ld s\n",
				       (unsigned long long)i + 1,
				       (long)(t1.tv_sec - t0.tv_sec));
		}
		if (i % 4096 == 4095) {
			make_targets(fd);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (t1.tv_sec - t0.tv_sec > seconds)
				break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	atomic_store(&done, true);
	set_racing(1);
	pthread_join(thread, NULL);
	elapsed = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;

	ksft_print_msg("fuzz: %llu calls in %.1f s (%.0f calls/s), 2 threads, seed %#llx\n",
		       (unsigned long long)i, elapsed, i / elapsed,
		       (unsigned long long)seed);
	ksft_test_result(i >= calls, "%llu calls made\n", (unsigned long long)i);
	ksft_test_result(!r.bad_errno,
			 "every call returned 0 or a documented errno\n");
	ksft_test_result(!r.stale, "no output carried stale bytes\n");
	ksft_test_result(table_consistent(fd), "table consistent afterwards\n");
	vmod_clean_table(fd);

	ksft_finished();
}
