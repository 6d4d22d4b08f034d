#!/bin/busybox sh
# /init of the test VM (busybox): runs the tests listed in /tests/suite,
# /demo.sh or the benchmark, as vmod.mode= on the kernel command line says,
# then dumps the kernel log and powers off.  Lines starting "# vmod-" are
# for scripts/vm.sh.

export PATH=/sbin:/usr/sbin:/bin:/usr/bin
export VMOD_KO=/lib/vmod/vmod_container.ko

/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t devtmpfs dev /dev
mount -t sysfs sys /sys
mount -t debugfs debug /sys/kernel/debug
mount -t cgroup2 cgroup /sys/fs/cgroup 2>/dev/null
mount -t tmpfs tmp /tmp
hostname vmhost
mkdir -p /etc
printf 'root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n' >/etc/passwd
printf 'root:x:0:\nnogroup:x:65534:\n' >/etc/group
echo 1 >/proc/sys/kernel/sysrq
ip link set lo up

mode=check
timeout=300
bench=
for arg in $(cat /proc/cmdline); do
	case $arg in
	vmod.mode=*) mode=${arg#*=} ;;
	vmod.timeout=*) timeout=${arg#*=} ;;
	vmod.bench=*) bench=${arg#*=} ;;
	esac
done

# Tests may clear the kernel log (dmesg -c): keep what came before each.
keep_log() {
	dmesg -c >>/kernel.log
}

# Runs $1 from the current directory, with the other arguments, and
# reports how it ended.
run() {
	prog=$1
	shift
	keep_log
	echo "# vmod-run $prog"
	timeout "$timeout" "./$prog" "$@" </dev/null
	echo "# vmod-exit $prog $?"
}

# Tests that load and unload the module themselves start from a loaded one.
check() {
	cd /tests || return
	for name in $(sed 's/#.*//' suite); do
		insmod "$VMOD_KO" 2>/dev/null
		run "$name"
	done
	cd /
}

demo() {
	insmod "$VMOD_KO"
	run demo.sh
}

leaks=/sys/kernel/debug/kmemleak

# A kernel built with kmemleak (the debug lane) counts leaks from here on:
# what the boot itself left unreferenced is scanned now and forgotten.
if [ -e $leaks ]; then
	echo scan >$leaks && echo clear >$leaks ||
		echo "# vmod-kmemleak-failed boot"
fi

# The firmware leaves the cursor mid-line.
echo
echo "# vmod-mode $mode"
case $mode in
check) check ;;
demo) demo ;;
bench) cd /bench && run run.sh $bench && cd / ;;
*) echo "vm-init: unknown vmod.mode $mode" ;;
esac

if grep -q '^vmod_container ' /proc/modules; then
	rmmod vmod_container || echo "# vmod-exit rmmod $?"
fi

# kmemleak reports only objects older than five seconds, and an object
# whose last pointer was in flight during one scan is found by the next.
if [ -e $leaks ]; then
	sleep 5
	echo scan >$leaks && echo scan >$leaks ||
		echo "# vmod-kmemleak-failed after the tests"
fi

# gcov keeps the counters of an unloaded module (gcov_persist).
gcda=$(find /sys/kernel/debug/gcov -name vmod_container.gcda 2>/dev/null)

keep_log
echo "# vmod-dmesg-begin"
cat /kernel.log
if [ -e $leaks ]; then
	echo "# vmod-kmemleak-begin"
	cat $leaks
	echo "# vmod-kmemleak-end"
fi
if [ -n "$gcda" ]; then
	echo "# vmod-gcda-begin $gcda"
	base64 "$gcda"
	echo "# vmod-gcda-end"
fi
echo "# vmod-dmesg-end"
poweroff -f
