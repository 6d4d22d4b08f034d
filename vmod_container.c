// SPDX-License-Identifier: GPL-2.0
/*
 * vmod_container: a table of real containers, driven through ioctls on
 * /dev/vmod_container and shown in /proc/vmod_containers.
 *
 * The table is an xarray of refcounted objects indexed by id, with an
 * rhashtable on the side keyed by name.  Lookups take no global lock: they
 * find the object under RCU and keep it with kref_get_unless_zero(); the last
 * reference frees it after a grace period.  Creation and removal serialise on
 * vmod_table_lock, which keeps names unique and the table bounded.  State
 * changes of one container serialise on its own mutex; lock order is
 * vmod_table_lock, then a container's lock.
 *
 * A container's init is a task that userspace created in new namespaces with
 * clone3(); START adopts it (see ioctl_uapi.h).  The module pins the init's
 * struct pid and reaches the task through it at each use: a thread that execs
 * takes over its leader's pid, so the pid, not a task, is what stays the
 * init.  The module learns of the init's exit from the wait queue that pidfd
 * poll sleeps on: the kernel wakes it when a thread group leader has exited,
 * and for the init of a pid namespace that is after every other process of
 * the namespace is gone.  By then the init has dropped its namespaces, so a
 * probe on the sched_process_exit tracepoint, which fires before that, keeps
 * the hostname it had.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/ipc_namespace.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/proc_ns.h>
#include <linux/proc_fs.h>
#include <linux/rhashtable.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/time_namespace.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "vmod_container.h"

/* Largest argument struct accepted, whatever the caller's version. */
#define VMOD_UCMD_MAX		4096

static unsigned int max_containers = 65536;
module_param(max_containers, uint, 0444);
MODULE_PARM_DESC(max_containers, "Most containers the table holds (default 65536)");

static DEFINE_XARRAY_ALLOC1(vmod_table);
static DEFINE_MUTEX(vmod_table_lock);
static u32 vmod_next_id;		/* under vmod_table_lock */
static unsigned int vmod_count;		/* written under vmod_table_lock */
static struct rhashtable vmod_names;
static struct kmem_cache *vmod_cache;
static struct workqueue_struct *vmod_wq;
static struct proc_dir_entry *vmod_proc;
static struct tracepoint *vmod_exit_tp;

/*
 * Running containers by the global pid number of their init, for the exit
 * probe, which runs in atomic context.  A number can be reused once its
 * init is reaped, so an entry counts only if its pid is the exiting one.
 */
static DEFINE_XARRAY(vmod_inits);

/* Woken whenever a container becomes Stopped. */
static DECLARE_WAIT_QUEUE_HEAD(vmod_stopped_wq);

static const struct rhashtable_params vmod_name_params = {
	.key_len = VMOD_NAME_SIZE,
	.key_offset = offsetof(struct vmod_container, name),
	.head_offset = offsetof(struct vmod_container, node),
	.automatic_shrinking = true,
};

static const u64 vmod_ns_flag[VMOD_NS_NR] = {
	[VMOD_NS_PID] = CLONE_NEWPID,
	[VMOD_NS_UTS] = CLONE_NEWUTS,
	[VMOD_NS_MNT] = CLONE_NEWNS,
	[VMOD_NS_IPC] = CLONE_NEWIPC,
	[VMOD_NS_NET] = CLONE_NEWNET,
	[VMOD_NS_CGROUP] = CLONE_NEWCGROUP,
	[VMOD_NS_TIME] = CLONE_NEWTIME,
	[VMOD_NS_USER] = CLONE_NEWUSER,
};

static const char *const vmod_state_names[] = {
	[VMOD_STATE_CREATED] = "created",
	[VMOD_STATE_RUNNING] = "running",
	[VMOD_STATE_STOPPED] = "stopped",
};

static void vmod_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(vmod_cache, container_of(rcu, struct vmod_container, rcu));
}

static void vmod_release(struct kref *ref)
{
	struct vmod_container *c = container_of(ref, struct vmod_container, ref);

	mutex_destroy(&c->lock);
	kfree(c->path);
	/* Lockless lookups may still be looking at it. */
	call_rcu(&c->rcu, vmod_free_rcu);
}

static void vmod_put(struct vmod_container *c)
{
	kref_put(&c->ref, vmod_release);
}

static struct vmod_container *vmod_get_by_id(u32 id)
{
	struct vmod_container *c;

	rcu_read_lock();
	c = xa_load(&vmod_table, id);
	if (c && !kref_get_unless_zero(&c->ref))
		c = NULL;
	rcu_read_unlock();

	return c;
}

/* @key is a name NUL-padded to VMOD_NAME_SIZE, as the name table stores it. */
static struct vmod_container *vmod_get_by_name(const char *key)
{
	struct vmod_container *c;

	rcu_read_lock();
	c = rhashtable_lookup(&vmod_names, key, vmod_name_params);
	if (c && !kref_get_unless_zero(&c->ref))
		c = NULL;
	rcu_read_unlock();

	return c;
}

/* The first container whose id is at least *@index; *@index becomes its id. */
static struct vmod_container *vmod_get_next(unsigned long *index)
{
	struct vmod_container *c;

	rcu_read_lock();
	while ((c = xa_find(&vmod_table, index, ULONG_MAX, XA_PRESENT))) {
		if (kref_get_unless_zero(&c->ref))
			break;
		(*index)++;
	}
	rcu_read_unlock();

	return c;
}

static bool vmod_name_char(char ch)
{
	return isascii(ch) && (isalnum(ch) || ch == '_' || ch == '.' || ch == '-');
}

/*
 * Checks that @src, an array of @size bytes from userspace, holds a string
 * of 1 to @max bytes of [A-Za-z0-9_.-]; returns its length or -EINVAL.
 */
static int vmod_check_name(const char *src, size_t size, size_t max)
{
	size_t len = strnlen(src, size);
	size_t i;

	if (!len || len > max)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!vmod_name_char(src[i]))
			return -EINVAL;

	return len;
}

/*
 * struct mnt_namespace is private to fs/, but its ns_common comes first, as
 * the mount namespace code relies on itself; the ops check guards that.
 */
static unsigned int vmod_mnt_ns_inum(struct mnt_namespace *mnt_ns)
{
#ifdef CONFIG_RANDSTRUCT
	return 0;
#else
	struct ns_common *ns = (struct ns_common *)mnt_ns;

	if (WARN_ON_ONCE(ns->ops->type != CLONE_NEWNS))
		return 0;
	return ns->inum;
#endif
}

/* Reads the inode numbers of @task's namespaces; zero for what it lost. */
static void vmod_read_ns(struct task_struct *task, struct vmod_ns_ids *ids)
{
	struct pid_namespace *pid_ns;
	struct nsproxy *nsp;

	memset(ids, 0, sizeof(*ids));

	rcu_read_lock();
	pid_ns = task_active_pid_ns(task);
	if (pid_ns)
		ids->inum[VMOD_NS_PID] = pid_ns->ns.inum;
	ids->inum[VMOD_NS_USER] = __task_cred(task)->user_ns->ns.inum;
	rcu_read_unlock();

	/* task_lock keeps nsproxy and what it points to alive. */
	task_lock(task);
	nsp = task->nsproxy;
	if (nsp) {
		ids->inum[VMOD_NS_UTS] = nsp->uts_ns->ns.inum;
		ids->inum[VMOD_NS_MNT] = vmod_mnt_ns_inum(nsp->mnt_ns);
		ids->inum[VMOD_NS_IPC] = nsp->ipc_ns->ns.inum;
		ids->inum[VMOD_NS_NET] = nsp->net_ns->ns.inum;
		ids->inum[VMOD_NS_CGROUP] = nsp->cgroup_ns->ns.inum;
		ids->inum[VMOD_NS_TIME] = nsp->time_ns->ns.inum;
	}
	task_unlock(task);
}

/*
 * Copies @task's hostname into @buf, or leaves @buf alone once the task has
 * dropped its namespaces.  sethostname() writes under uts_sem, which is not
 * exported; a racing write can at worst tear this copy, never overrun it.
 */
static void vmod_read_hostname(struct task_struct *task, char *buf, size_t size)
{
	struct nsproxy *nsp;

	task_lock(task);
	nsp = task->nsproxy;
	if (nsp)
		strscpy(buf, nsp->uts_ns->name.nodename, size);
	task_unlock(task);
}

/* Thread groups with a pid in @ns, counted as /proc lists them. */
static u32 vmod_count_procs(struct pid_namespace *ns)
{
	struct pid *pid;
	u32 count = 0;
	int nr = 0;

	rcu_read_lock();
	for (; (pid = idr_get_next(&ns->idr, &nr)); nr++)
		if (pid_has_task(pid, PIDTYPE_TGID))
			count++;
	rcu_read_unlock();

	return count;
}

static bool vmod_is_stopped(struct vmod_container *c)
{
	return READ_ONCE(c->state) != VMOD_STATE_RUNNING;
}

/*
 * The task that is the init of a Running container now, referenced, or NULL
 * once it is reaped (its pid number may then belong to another process).
 * Refreshes the hostname on the way, if the container has its own.
 */
static struct task_struct *vmod_get_init_task(struct vmod_container *c)
{
	struct task_struct *task;

	lockdep_assert_held(&c->lock);

	task = get_pid_task(c->pid, PIDTYPE_PID);
	if (task && (c->ns_flags & CLONE_NEWUTS))
		vmod_read_hostname(task, c->hostname, sizeof(c->hostname));

	return task;
}

/* Takes a reference on the init's pid of a Running container. */
static int vmod_get_init_pid(struct vmod_container *c, struct pid **pid)
{
	struct task_struct *task;
	int ret = 0;

	mutex_lock(&c->lock);
	if (c->removed) {
		ret = -ENOENT;
	} else if (c->state != VMOD_STATE_RUNNING) {
		ret = -ESRCH;
	} else {
		task = vmod_get_init_task(c);
		if (task)
			put_task_struct(task);
		*pid = get_pid(c->pid);
	}
	mutex_unlock(&c->lock);

	return ret;
}

/*
 * The live part of what a Running container shows: its init's pid as the
 * caller sees it and its process count; refreshes the hostname on the way.
 * Returns the init's task, referenced, or NULL if there is none.
 */
static struct task_struct *vmod_read_live(struct vmod_container *c,
					  s32 *init_pid, u32 *nr_procs)
{
	struct task_struct *task;

	lockdep_assert_held(&c->lock);

	if (c->state != VMOD_STATE_RUNNING)
		return NULL;
	task = vmod_get_init_task(c);
	if (task) {
		*init_pid = pid_nr_ns(c->pid, task_active_pid_ns(current));
		*nr_procs = vmod_count_procs(ns_of_pid(c->pid));
	}

	return task;
}

static void vmod_fill_entry(struct vmod_container *c, struct vmod_list_entry *e)
{
	struct task_struct *task;

	memset(e, 0, sizeof(*e));
	e->id = c->id;
	e->state = c->state;
	memcpy(e->name, c->name, sizeof(c->name));
	task = vmod_read_live(c, &e->init_pid, &e->nr_procs);
	if (task)
		put_task_struct(task);
	memcpy(e->hostname, c->hostname, sizeof(c->hostname));
}

/*
 * Fills @info, whose output fields are zero; the lookup key, id and name,
 * is overwritten with the container's.
 */
static void vmod_fill_info(struct vmod_container *c, struct vmod_info *info)
{
	struct task_struct *task;
	struct vmod_ns_ids ids;

	info->id = c->id;
	info->out_state = c->state;
	memcpy(info->name, c->name, sizeof(info->name));
	info->out_ns_flags = c->ns_flags;
	info->out_create_ns = c->create_ns;
	info->out_start_ns = c->start_ns;
	if (c->path)
		strscpy(info->out_path, c->path, sizeof(info->out_path));
	if (c->state == VMOD_STATE_STOPPED) {
		info->out_exit_status = c->exit_status;
		info->out_stop_ns = c->stop_ns;
	}

	task = vmod_read_live(c, &info->out_init_pid, &info->out_nr_procs);
	memcpy(info->out_hostname, c->hostname, sizeof(c->hostname));
	if (!task)
		return;

	info->out_init_vpid = pid_nr_ns(c->pid, ns_of_pid(c->pid));
	vmod_read_ns(task, &ids);
	put_task_struct(task);
	info->out_pid_ns = ids.inum[VMOD_NS_PID];
	info->out_uts_ns = ids.inum[VMOD_NS_UTS];
	info->out_mnt_ns = ids.inum[VMOD_NS_MNT];
	info->out_ipc_ns = ids.inum[VMOD_NS_IPC];
	info->out_net_ns = ids.inum[VMOD_NS_NET];
	info->out_cgroup_ns = ids.inum[VMOD_NS_CGROUP];
	info->out_time_ns = ids.inum[VMOD_NS_TIME];
	info->out_user_ns = ids.inum[VMOD_NS_USER];
}

/*
 * Called for every exiting task, before it drops its namespaces: keep the
 * hostname of a container's init.  Preemption is off; only current changes
 * its own nsproxy, so no lock is needed to read it.
 */
static void vmod_probe_exit(void *data, struct task_struct *task)
{
	struct pid *pid = task_pid(task);
	struct vmod_container *c;

	if (!pid || !is_child_reaper(pid) || !task->nsproxy)
		return;

	rcu_read_lock();
	c = xa_load(&vmod_inits, pid_nr(pid));
	if (c && READ_ONCE(c->pid) == pid && (c->ns_flags & CLONE_NEWUTS))
		strscpy(c->exit_hostname, task->nsproxy->uts_ns->name.nodename,
			sizeof(c->exit_hostname));
	rcu_read_unlock();
}

static void vmod_find_exit_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		vmod_exit_tp = tp;
}

/*
 * Runs in the exiting task's context with the wait queue's spinlock held and
 * interrupts off: record the status, unhook, and leave the rest to a work
 * item.  Dropping the pid here could free the very queue being walked.
 */
static int vmod_init_exited(struct wait_queue_entry *wait, unsigned int mode,
			    int sync, void *key)
{
	struct vmod_container *c = container_of(wait, struct vmod_container,
						exit_wait);
	struct task_struct *task;

	/*
	 * The queue is also woken when a traced leader exits before its
	 * threads; the init is gone only once its whole group is.  The
	 * exiting task is still attached to its pid.
	 */
	rcu_read_lock();
	task = pid_task(c->pid, PIDTYPE_PID);
	if (task && (!READ_ONCE(task->exit_state) ||
		     !thread_group_empty(task))) {
		rcu_read_unlock();
		return 0;
	}

	/*
	 * Read it now: the parent may reap it any time.  The last thread of a
	 * group to exit marks the group exit with its own code if nothing did
	 * before (exit_group(), a fatal signal; synchronize_group_exit(),
	 * since Linux 6.0), so this is what wait(2) reports.
	 */
	if (task)
		c->exit_status = task->signal->group_exit_code;
	rcu_read_unlock();

	list_del_init_careful(&wait->entry);
	queue_work(vmod_wq, &c->exit_work);

	return 0;
}

static void vmod_exit_work(struct work_struct *work)
{
	struct vmod_container *c = container_of(work, struct vmod_container,
						exit_work);
	struct pid *pid;

	mutex_lock(&c->lock);
	pid = c->pid;
	xa_cmpxchg(&vmod_inits, pid_nr(pid), c, NULL, GFP_KERNEL);
	/* The probe ran earlier in the same exit that queued us. */
	if (c->exit_hostname[0])
		memcpy(c->hostname, c->exit_hostname, sizeof(c->hostname));
	WRITE_ONCE(c->pid, NULL);
	c->stop_ns = ktime_get_real_ns();
	WRITE_ONCE(c->state, VMOD_STATE_STOPPED);
	mutex_unlock(&c->lock);

	pr_debug("container %u stopped, status %#x\n", c->id, c->exit_status);
	wake_up_all(&vmod_stopped_wq);
	put_pid(pid);
	/* The reference START gave the watcher. */
	vmod_put(c);
}

/* May current become the init of @c?  Caller holds c->lock. */
static int vmod_check_init(struct vmod_container *c)
{
	char hostname[VMOD_HOSTNAME_MAX + 1] = "";
	struct vmod_ns_ids ids;
	int i;

	if (c->removed)
		return -ENOENT;
	if (c->state != VMOD_STATE_CREATED)
		return -EBUSY;
	if (task_pid_vnr(current) != 1)
		return -EINVAL;

	vmod_read_ns(current, &ids);
	for (i = 0; i < VMOD_NS_NR; i++)
		if ((c->ns_flags & vmod_ns_flag[i]) &&
		    ids.inum[i] == c->creator.inum[i])
			return -EINVAL;

	if (c->ns_flags & CLONE_NEWUTS) {
		vmod_read_hostname(current, hostname, sizeof(hostname));
		if (strcmp(hostname, c->hostname))
			return -EINVAL;
	}

	return 0;
}

/* Pins current as the init of @c and starts watching for its exit. */
static int vmod_adopt(struct vmod_container *c, char *path)
{
	struct pid *pid = get_task_pid(current, PIDTYPE_PID);
	struct vmod_container *other;
	int ret = 0;

	/* One container per init: a live init's slot is taken. */
	xa_lock(&vmod_inits);
	other = xa_load(&vmod_inits, pid_nr(pid));
	if (other && READ_ONCE(other->pid) == pid) {
		ret = -EALREADY;
	} else {
		WRITE_ONCE(c->pid, pid);
		ret = xa_err(__xa_store(&vmod_inits, pid_nr(pid), c,
					GFP_KERNEL_ACCOUNT));
		if (ret)
			WRITE_ONCE(c->pid, NULL);
	}
	xa_unlock(&vmod_inits);
	if (ret) {
		put_pid(pid);
		return ret;
	}

	/* current is in this ioctl, so it cannot exit before we are done. */
	c->path = path;
	c->start_ns = ktime_get_real_ns();
	WRITE_ONCE(c->state, VMOD_STATE_RUNNING);
	kref_get(&c->ref);
	add_wait_queue(&pid->wait_pidfd, &c->exit_wait);

	return 0;
}

struct vmod_ucmd {
	struct file *file;
	void __user *ubuffer;
	u32 user_size;
	void *cmd;
};

/* Copies the command back, no more than the caller's struct can hold. */
static int vmod_respond(struct vmod_ucmd *ucmd, size_t len)
{
	if (copy_to_user(ucmd->ubuffer, ucmd->cmd,
			 min_t(size_t, ucmd->user_size, len)))
		return -EFAULT;

	return 0;
}

static int vmod_ioctl_version(struct vmod_ucmd *ucmd)
{
	struct vmod_version *cmd = ucmd->cmd;

	if (cmd->flags)
		return -EINVAL;

	cmd->out_abi_version = VMOD_ABI_VERSION;
	cmd->out_max_containers = max_containers;
	cmd->out_nr_containers = READ_ONCE(vmod_count);
	cmd->out_name_max = VMOD_NAME_SIZE - 1;
	cmd->out_hostname_max = VMOD_HOSTNAME_MAX;
	cmd->out_path_max = VMOD_PATH_SIZE - 1;
	cmd->out_ns_allowed = VMOD_NS_ALLOWED;
	cmd->out_ns_default = VMOD_NS_DEFAULT;
	cmd->out_ns_required = VMOD_NS_REQUIRED;

	return vmod_respond(ucmd, sizeof(*cmd));
}

/* Allocates a Created container from a checked CREATE request. */
static struct vmod_container *vmod_alloc(struct vmod_create *cmd, u64 ns_flags)
{
	struct vmod_container *c;

	c = kmem_cache_zalloc(vmod_cache, GFP_KERNEL);
	if (!c)
		return NULL;

	kref_init(&c->ref);
	mutex_init(&c->lock);
	INIT_WORK(&c->exit_work, vmod_exit_work);
	init_waitqueue_func_entry(&c->exit_wait, vmod_init_exited);
	c->state = VMOD_STATE_CREATED;
	c->ns_flags = ns_flags;
	strscpy(c->name, cmd->name, sizeof(c->name));
	if (cmd->hostname[0])
		strscpy(c->hostname, cmd->hostname, sizeof(c->hostname));
	else if (ns_flags & CLONE_NEWUTS)
		strscpy(c->hostname, c->name, sizeof(c->hostname));
	vmod_read_ns(current, &c->creator);
	c->create_ns = ktime_get_real_ns();

	return c;
}

/* May @c join the table?  Caller holds vmod_table_lock. */
static int vmod_may_insert(struct vmod_container *c)
{
	lockdep_assert_held(&vmod_table_lock);

	if (rhashtable_lookup_fast(&vmod_names, c->name, vmod_name_params))
		return -EEXIST;
	if (vmod_count >= max_containers)
		return -ENOSPC;

	return 0;
}

/*
 * Reserves an id, hands it to the caller and only then publishes @c, so a
 * failed copy-out leaves nothing behind.  The copy runs without
 * vmod_table_lock, which a faulting user page must not hold up, so the
 * checks are made again when the lock is back.
 */
static int vmod_insert(struct vmod_ucmd *ucmd, struct vmod_container *c)
{
	struct vmod_create *cmd = ucmd->cmd;
	int ret;

	mutex_lock(&vmod_table_lock);
	ret = vmod_may_insert(c);
	if (!ret)
		ret = xa_alloc_cyclic(&vmod_table, &c->id, NULL,
				      XA_LIMIT(1, INT_MAX), &vmod_next_id,
				      GFP_KERNEL_ACCOUNT);
	mutex_unlock(&vmod_table_lock);
	if (ret < 0)
		return ret == -EBUSY ? -ENOSPC : ret;

	cmd->out_id = c->id;
	ret = vmod_respond(ucmd, sizeof(*cmd));
	if (ret)
		goto err_release_id;

	mutex_lock(&vmod_table_lock);
	ret = vmod_may_insert(c);
	if (!ret)
		ret = rhashtable_insert_fast(&vmod_names, &c->node,
					     vmod_name_params);
	if (!ret) {
		/* Filling a reserved slot allocates nothing and cannot fail. */
		xa_store(&vmod_table, c->id, c, GFP_KERNEL);
		WRITE_ONCE(vmod_count, vmod_count + 1);
	}
	mutex_unlock(&vmod_table_lock);
	if (!ret)
		return 0;
	/* rhashtable says -EBUSY when it could not grow in time. */
	if (ret == -EBUSY)
		ret = -ENOMEM;

err_release_id:
	xa_erase(&vmod_table, c->id);
	return ret;
}

static int vmod_ioctl_create(struct vmod_ucmd *ucmd)
{
	struct vmod_create *cmd = ucmd->cmd;
	u64 ns_flags = cmd->ns_flags ?: VMOD_NS_DEFAULT;
	struct vmod_container *c;
	int ret;

	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	if ((ns_flags & ~VMOD_NS_ALLOWED) || !(ns_flags & VMOD_NS_REQUIRED))
		return -EINVAL;
	if (vmod_check_name(cmd->name, sizeof(cmd->name), VMOD_NAME_SIZE - 1) < 0)
		return -EINVAL;
	if (cmd->hostname[0] &&
	    (!(ns_flags & CLONE_NEWUTS) ||
	     vmod_check_name(cmd->hostname, sizeof(cmd->hostname),
			     VMOD_HOSTNAME_MAX) < 0))
		return -EINVAL;

	c = vmod_alloc(cmd, ns_flags);
	if (!c)
		return -ENOMEM;

	ret = vmod_insert(ucmd, c);
	if (ret) {
		vmod_put(c);
		return ret;
	}

	pr_debug("container %u created: %s\n", c->id, c->name);

	return 0;
}

static int vmod_ioctl_start(struct vmod_ucmd *ucmd)
{
	struct vmod_start *cmd = ucmd->cmd;
	struct vmod_container *c;
	size_t len;
	char *path;
	int ret;

	/*
	 * The caller may sit in a new user namespace, where it holds no
	 * capability over the host: judge the credentials that opened the
	 * device instead.
	 */
	if (!file_ns_capable(ucmd->file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	len = strnlen(cmd->path, sizeof(cmd->path));
	if (!len || len == sizeof(cmd->path))
		return -EINVAL;

	c = vmod_get_by_id(cmd->id);
	if (!c)
		return -ENOENT;

	path = kstrdup(cmd->path, GFP_KERNEL_ACCOUNT);
	if (!path) {
		ret = -ENOMEM;
		goto out_put;
	}

	mutex_lock(&c->lock);
	ret = vmod_check_init(c);
	if (!ret)
		ret = vmod_adopt(c, path);
	mutex_unlock(&c->lock);
	if (ret)
		kfree(path);
	else
		pr_debug("container %u started: %s\n", c->id, path);

out_put:
	vmod_put(c);
	return ret;
}

static int vmod_ioctl_stop(struct vmod_ucmd *ucmd)
{
	struct vmod_stop *cmd = ucmd->cmd;
	int sig = cmd->signal ?: SIGTERM;
	struct vmod_container *c;
	struct pid *pid;
	long left;
	int ret;

	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	if (!valid_signal(cmd->signal))
		return -EINVAL;

	c = vmod_get_by_id(cmd->id);
	if (!c)
		return -ENOENT;

	ret = vmod_get_init_pid(c, &pid);
	if (ret)
		goto out_put;

	/* An init that already exited just yields -ESRCH here. */
	kill_pid(pid, sig, 1);
	left = wait_event_killable_timeout(vmod_stopped_wq, vmod_is_stopped(c),
					   msecs_to_jiffies(cmd->timeout_ms));
	/* Out of time or out of patience: either way, it stops. */
	if (left <= 0)
		kill_pid(pid, SIGKILL, 1);
	if (!left)
		left = wait_event_killable(vmod_stopped_wq, vmod_is_stopped(c));
	ret = left < 0 ? -EINTR : 0;
	put_pid(pid);

out_put:
	vmod_put(c);
	return ret;
}

static int vmod_ioctl_kill(struct vmod_ucmd *ucmd)
{
	struct vmod_kill *cmd = ucmd->cmd;
	struct vmod_container *c;
	struct pid *pid;
	int ret;

	if (cmd->flags)
		return -EINVAL;
	if (!cmd->signal || !valid_signal(cmd->signal))
		return -EINVAL;

	c = vmod_get_by_id(cmd->id);
	if (!c)
		return -ENOENT;

	ret = vmod_get_init_pid(c, &pid);
	if (!ret) {
		ret = kill_pid(pid, cmd->signal, 1);
		put_pid(pid);
	}

	vmod_put(c);
	return ret;
}

static int vmod_ioctl_destroy(struct vmod_ucmd *ucmd)
{
	struct vmod_destroy *cmd = ucmd->cmd;
	struct vmod_container *c;
	int ret = 0;

	if (cmd->flags || cmd->__reserved)
		return -EINVAL;

	c = vmod_get_by_id(cmd->id);
	if (!c)
		return -ENOENT;

	mutex_lock(&vmod_table_lock);
	mutex_lock(&c->lock);
	if (c->removed) {
		ret = -ENOENT;
	} else if (c->state == VMOD_STATE_RUNNING) {
		ret = -EBUSY;
	} else {
		c->removed = true;
		xa_erase(&vmod_table, c->id);
		rhashtable_remove_fast(&vmod_names, &c->node, vmod_name_params);
		WRITE_ONCE(vmod_count, vmod_count - 1);
	}
	mutex_unlock(&c->lock);
	mutex_unlock(&vmod_table_lock);

	if (!ret) {
		pr_debug("container %u destroyed\n", c->id);
		/* The table's reference. */
		vmod_put(c);
	}
	vmod_put(c);

	return ret;
}

static int vmod_ioctl_info(struct vmod_ucmd *ucmd)
{
	struct vmod_info *cmd = ucmd->cmd;
	char key[VMOD_NAME_SIZE] = {};
	struct vmod_container *c;
	int ret = 0;

	if (cmd->flags)
		return -EINVAL;

	if (cmd->id) {
		if (cmd->name[0])
			return -EINVAL;
		c = vmod_get_by_id(cmd->id);
	} else {
		if (vmod_check_name(cmd->name, sizeof(cmd->name),
				    VMOD_NAME_SIZE - 1) < 0)
			return -EINVAL;
		strscpy(key, cmd->name, sizeof(key));
		c = vmod_get_by_name(key);
	}
	if (!c)
		return -ENOENT;

	/* The output part is zero already; the fill overwrites the key. */
	mutex_lock(&c->lock);
	if (c->removed)
		ret = -ENOENT;
	else
		vmod_fill_info(c, cmd);
	mutex_unlock(&c->lock);
	vmod_put(c);
	if (ret)
		return ret;

	cmd->size = ucmd->user_size;
	return vmod_respond(ucmd, sizeof(*cmd));
}

/* Copies one entry out, zeroing the part of the caller's entry we lack. */
static int vmod_put_entry(u8 __user *uentry, u32 entry_size,
			  const struct vmod_list_entry *e)
{
	size_t len = min_t(size_t, entry_size, sizeof(*e));

	if (copy_to_user(uentry, e, len))
		return -EFAULT;
	if (clear_user(uentry + len, entry_size - len))
		return -EFAULT;

	return 0;
}

static int vmod_ioctl_list(struct vmod_ucmd *ucmd)
{
	struct vmod_list *cmd = ucmd->cmd;
	u8 __user *uentry = u64_to_user_ptr(cmd->entries);
	unsigned long index = max(cmd->cursor, 1U);
	struct vmod_list_entry e;
	struct vmod_container *c;
	bool removed;
	u32 nr = 0;
	int ret;

	if (cmd->flags)
		return -EINVAL;
	if (cmd->entry_size < sizeof(e) || cmd->entry_size > VMOD_UCMD_MAX)
		return -EINVAL;

	while (nr < cmd->max_entries && (c = vmod_get_next(&index))) {
		mutex_lock(&c->lock);
		removed = c->removed;
		if (!removed)
			vmod_fill_entry(c, &e);
		mutex_unlock(&c->lock);
		vmod_put(c);
		index++;
		if (removed)
			continue;

		ret = vmod_put_entry(uentry, cmd->entry_size, &e);
		if (ret)
			return ret;
		uentry += cmd->entry_size;
		nr++;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}

	/* Peek whether a next page exists; no reference needed for that. */
	rcu_read_lock();
	if (!xa_find(&vmod_table, &index, ULONG_MAX, XA_PRESENT))
		index = 0;
	rcu_read_unlock();

	cmd->out_nr_entries = nr;
	cmd->out_next_cursor = index;
	cmd->out_total = READ_ONCE(vmod_count);

	return vmod_respond(ucmd, sizeof(*cmd));
}

union vmod_ucmd_buffer {
	struct vmod_version version;
	struct vmod_create create;
	struct vmod_start start;
	struct vmod_stop stop;
	struct vmod_kill kill;
	struct vmod_destroy destroy;
	struct vmod_info info;
	struct vmod_list list;
};

/**
 * struct vmod_ioctl_op - how one command is checked and run
 * @size: the struct this module knows
 * @min_size: the first published version of it
 * @in_size: the part of it the caller fills; the rest is output only
 * @ioctl_num: full command number, to refuse other encodings of the nr
 * @admin: changes the table, so the caller needs CAP_SYS_ADMIN
 * @execute: the handler
 */
struct vmod_ioctl_op {
	unsigned int size;
	unsigned int min_size;
	unsigned int in_size;
	unsigned int ioctl_num;
	bool admin;
	int (*execute)(struct vmod_ucmd *ucmd);
};

#define VMOD_OP_IN(_num, _fn, _struct, _last, _in_last, _admin)	\
	[_IOC_NR(_num) - VMOD_CMD_BASE] = {				\
		.size = sizeof(_struct),				\
		.min_size = offsetofend(_struct, _last),		\
		.in_size = offsetofend(_struct, _in_last),		\
		.ioctl_num = _num,					\
		.admin = _admin,					\
		.execute = _fn,						\
	}

#define VMOD_OP(_num, _fn, _struct, _last, _admin)			\
	VMOD_OP_IN(_num, _fn, _struct, _last, _last, _admin)

static const struct vmod_ioctl_op vmod_ioctl_ops[] = {
	VMOD_OP(VMOD_VERSION, vmod_ioctl_version, struct vmod_version,
		out_ns_required, false),
	VMOD_OP(VMOD_CREATE, vmod_ioctl_create, struct vmod_create,
		__reserved, true),
	/* START checks the opener's credentials itself. */
	VMOD_OP(VMOD_START, vmod_ioctl_start, struct vmod_start, path, false),
	VMOD_OP(VMOD_STOP, vmod_ioctl_stop, struct vmod_stop, __reserved, true),
	VMOD_OP(VMOD_KILL, vmod_ioctl_kill, struct vmod_kill, signal, true),
	VMOD_OP(VMOD_DESTROY, vmod_ioctl_destroy, struct vmod_destroy,
		__reserved, true),
	/* INFO reads only the lookup key; the reply is the rest. */
	VMOD_OP_IN(VMOD_INFO, vmod_ioctl_info, struct vmod_info, out_path, name,
		   false),
	VMOD_OP(VMOD_LIST, vmod_ioctl_list, struct vmod_list, entries, false),
};

/*
 * A descriptor serves the pid namespace that opened it, so a process inside
 * a container cannot use one it inherited.  The one call that comes from a
 * new pid namespace is START, from a child namespace of the opener's.
 */
static bool vmod_caller_ok(struct file *file, const struct vmod_ioctl_op *op)
{
	struct pid_namespace *opener = file->private_data;
	struct pid_namespace *ns = task_active_pid_ns(current);

	if (ns == opener)
		return true;

	return op->ioctl_num == VMOD_START && ns->parent == opener;
}

/*
 * Copies in the part of the caller's struct that is input, zeroes the
 * output part, and refuses what this module does not know unless it is
 * zero, as copy_struct_from_user() would for the whole struct.  Output
 * fields are overwritten anyway, so reading them would be wasted work.
 */
static int vmod_copy_in(struct vmod_ucmd *ucmd, const struct vmod_ioctl_op *op)
{
	u8 __user *tail = (u8 __user *)ucmd->ubuffer + op->size;
	int ret;

	ret = copy_struct_from_user(ucmd->cmd, op->in_size, ucmd->ubuffer,
				    min(ucmd->user_size, op->in_size));
	if (ret)
		return ret;
	memset((u8 *)ucmd->cmd + op->in_size, 0, op->size - op->in_size);
	if (ucmd->user_size <= op->size)
		return 0;

	ret = check_zeroed_user(tail, ucmd->user_size - op->size);
	if (ret < 0)
		return ret;

	return ret ? 0 : -E2BIG;
}

static long vmod_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	union vmod_ucmd_buffer buf;
	struct vmod_ucmd ucmd = {
		.file = file,
		.ubuffer = (void __user *)arg,
		.cmd = &buf,
	};
	const struct vmod_ioctl_op *op;
	unsigned int nr = _IOC_NR(cmd);
	int ret;

	if (nr < VMOD_CMD_BASE || nr - VMOD_CMD_BASE >= ARRAY_SIZE(vmod_ioctl_ops))
		return -ENOTTY;
	op = &vmod_ioctl_ops[nr - VMOD_CMD_BASE];
	if (op->ioctl_num != cmd)
		return -ENOTTY;
	if (!vmod_caller_ok(file, op))
		return -EPERM;
	if (op->admin && !capable(CAP_SYS_ADMIN))
		return -EPERM;

	if (get_user(ucmd.user_size, (u32 __user *)ucmd.ubuffer))
		return -EFAULT;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	if (ucmd.user_size > VMOD_UCMD_MAX)
		return -E2BIG;
	ret = vmod_copy_in(&ucmd, op);
	if (ret)
		return ret;

	return op->execute(&ucmd);
}

static int vmod_fop_open(struct inode *inode, struct file *file)
{
	file->private_data = get_pid_ns(task_active_pid_ns(current));

	return nonseekable_open(inode, file);
}

static int vmod_fop_release(struct inode *inode, struct file *file)
{
	put_pid_ns(file->private_data);

	return 0;
}

static const struct file_operations vmod_fops = {
	.owner = THIS_MODULE,
	.open = vmod_fop_open,
	.release = vmod_fop_release,
	.unlocked_ioctl = vmod_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice vmod_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vmod_container",
	.fops = &vmod_fops,
	.mode = 0600,
};

/*
 * /proc/vmod_containers: a header, then one line per container.  The seq
 * position is the id of the container shown, so a read that resumes after a
 * full buffer finds the same one again.
 */
static void *vmod_seq_start(struct seq_file *m, loff_t *pos)
{
	unsigned long index = *pos;

	if (!*pos)
		return SEQ_START_TOKEN;

	return vmod_get_next(&index);
}

static void *vmod_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	unsigned long index = 1;
	struct vmod_container *c;

	if (v != SEQ_START_TOKEN) {
		c = v;
		index = c->id + 1;
		vmod_put(c);
	}
	c = vmod_get_next(&index);
	*pos = index;

	return c;
}

static void vmod_seq_stop(struct seq_file *m, void *v)
{
	if (v && v != SEQ_START_TOKEN)
		vmod_put(v);
}

static int vmod_seq_show(struct seq_file *m, void *v)
{
	struct vmod_container *c = v;
	struct vmod_list_entry e;
	bool removed;

	if (v == SEQ_START_TOKEN) {
		seq_printf(m, "%-6s %-20s %-8s %7s %5s %s\n",
			   "ID", "NAME", "STATE", "PID", "PROCS", "HOSTNAME");
		return 0;
	}

	mutex_lock(&c->lock);
	removed = c->removed;
	if (!removed)
		vmod_fill_entry(c, &e);
	mutex_unlock(&c->lock);
	if (removed)
		return SEQ_SKIP;

	seq_printf(m, "%-6u %-20s %-8s %7d %5u %s\n", e.id, e.name,
		   vmod_state_names[e.state], e.init_pid, e.nr_procs,
		   e.hostname[0] ? e.hostname : "-");

	return 0;
}

static const struct seq_operations vmod_seq_ops = {
	.start = vmod_seq_start,
	.next = vmod_seq_next,
	.stop = vmod_seq_stop,
	.show = vmod_seq_show,
};

/* The uapi structs must look the same to 32- and 64-bit callers. */
static void __init vmod_check_abi(void)
{
	BUILD_BUG_ON(sizeof(struct vmod_version) != 56);
	BUILD_BUG_ON(sizeof(struct vmod_create) != 160);
	BUILD_BUG_ON(sizeof(struct vmod_start) != 272);
	BUILD_BUG_ON(sizeof(struct vmod_stop) != 24);
	BUILD_BUG_ON(sizeof(struct vmod_kill) != 16);
	BUILD_BUG_ON(sizeof(struct vmod_destroy) != 16);
	BUILD_BUG_ON(sizeof(struct vmod_info) != 488);
	BUILD_BUG_ON(sizeof(struct vmod_list_entry) != 152);
	BUILD_BUG_ON(sizeof(struct vmod_list) != 40);
	BUILD_BUG_ON(sizeof(union vmod_ucmd_buffer) > VMOD_UCMD_MAX);
}

static int __init vmod_init(void)
{
	int ret;

	vmod_check_abi();

	/* Its own cache: objects packed by their size, not kmalloc's steps. */
	vmod_cache = KMEM_CACHE(vmod_container, SLAB_ACCOUNT);
	if (!vmod_cache)
		return -ENOMEM;

	ret = rhashtable_init(&vmod_names, &vmod_name_params);
	if (ret)
		goto err_cache;

	vmod_wq = alloc_workqueue("vmod_container", 0, 0);
	if (!vmod_wq) {
		ret = -ENOMEM;
		goto err_names;
	}

	vmod_proc = proc_create_seq("vmod_containers", 0444, NULL,
				    &vmod_seq_ops);
	if (!vmod_proc) {
		ret = -ENOMEM;
		goto err_wq;
	}

	for_each_kernel_tracepoint(vmod_find_exit_tp, NULL);
	if (!vmod_exit_tp) {
		ret = -ENOENT;
		goto err_proc;
	}
	ret = tracepoint_probe_register(vmod_exit_tp, vmod_probe_exit, NULL);
	if (ret)
		goto err_proc;

	ret = misc_register(&vmod_misc);
	if (ret)
		goto err_probe;

	return 0;

err_probe:
	tracepoint_probe_unregister(vmod_exit_tp, vmod_probe_exit, NULL);
	tracepoint_synchronize_unregister();
err_proc:
	proc_remove(vmod_proc);
err_wq:
	destroy_workqueue(vmod_wq);
err_names:
	rhashtable_destroy(&vmod_names);
err_cache:
	kmem_cache_destroy(vmod_cache);
	return ret;
}

/*
 * At unload, stops watching an init that is not gone yet.  If the watcher
 * has fired already, the work it queued finishes the job.
 */
static void vmod_unwatch(struct vmod_container *c)
{
	struct wait_queue_head *wq;
	struct pid *pid;
	bool queued;

	mutex_lock(&c->lock);
	if (c->state != VMOD_STATE_RUNNING) {
		mutex_unlock(&c->lock);
		return;
	}
	pid = c->pid;
	wq = &pid->wait_pidfd;
	spin_lock_irq(&wq->lock);
	queued = !list_empty(&c->exit_wait.entry);
	if (queued)
		__remove_wait_queue(wq, &c->exit_wait);
	spin_unlock_irq(&wq->lock);
	if (queued) {
		xa_cmpxchg(&vmod_inits, pid_nr(pid), c, NULL, GFP_KERNEL);
		WRITE_ONCE(c->pid, NULL);
		WRITE_ONCE(c->state, VMOD_STATE_STOPPED);
	}
	mutex_unlock(&c->lock);

	if (queued) {
		put_pid(pid);
		vmod_put(c);
	}
}

static void __exit vmod_exit(void)
{
	struct vmod_container *c;
	unsigned long id;
	struct pid *pid;

	/*
	 * No descriptor can be open (fops.owner) and /proc is gone, so only
	 * exit watchers still reach the table.  Kill every init, then wait for
	 * each to be gone.  A process that entered a container from outside
	 * can hold its init up for ever (and rmmod run inside a container is
	 * among those killed), so the wait is killable, and whatever is left
	 * then is unhooked instead.
	 */
	misc_deregister(&vmod_misc);
	proc_remove(vmod_proc);

	xa_for_each(&vmod_table, id, c) {
		if (vmod_get_init_pid(c, &pid))
			continue;
		kill_pid(pid, SIGKILL, 1);
		put_pid(pid);
	}
	xa_for_each(&vmod_table, id, c)
		if (wait_event_killable(vmod_stopped_wq, vmod_is_stopped(c)))
			vmod_unwatch(c);
	destroy_workqueue(vmod_wq);
	tracepoint_probe_unregister(vmod_exit_tp, vmod_probe_exit, NULL);
	tracepoint_synchronize_unregister();

	xa_for_each(&vmod_table, id, c) {
		xa_erase(&vmod_table, id);
		vmod_put(c);
	}
	WARN_ON(!xa_empty(&vmod_inits));
	rhashtable_destroy(&vmod_names);
	/* Wait for the frees that vmod_release() left to RCU. */
	rcu_barrier();
	kmem_cache_destroy(vmod_cache);
}

module_init(vmod_init);
module_exit(vmod_exit);

MODULE_DESCRIPTION("Table of real containers driven through /dev/vmod_container");
MODULE_LICENSE("GPL");
