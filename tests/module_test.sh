#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Loading and unloading vmod_container: silent, refused while in use, and
# clean when containers are still running.  Needs root and the module at
# $VMOD_KO (default: ../vmod_container.ko).
cd "$(dirname "$0")" || exit 1
. ./ktap.sh

ko=${VMOD_KO:-../vmod_container.ko}
[ "$(id -u)" -eq 0 ] || ktap_skip_all "must run as root"
[ -f "$ko" ] || ktap_skip_all "module not found at $ko"

loaded() {
	grep -q '^vmod_container ' /proc/modules
}

# Kernel log lines so far; the log is left alone for the runner's scan.
log_mark() {
	dmesg | wc -l
}

# Kernel lines after mark $1, bar the expected taint notices and the
# record stack depths a kernel with DEBUG_STACK_USAGE notes at exit.
kernel_noise() {
	dmesg | tail -n +$(($1 + 1)) |
		grep -v -e 'taints kernel' -e 'module verification failed' \
			-e 'used greatest stack depth'
}

# Processes of the pid namespace with inode $1 that are not zombies.
live_in_pidns() {
	n=0
	for d in /proc/[0-9]*; do
		[ "$(stat -L -c %i "$d/ns/pid" 2>/dev/null)" = "$1" ] || continue
		state=$(sed 's/.*) //' "$d/stat" 2>/dev/null | cut -c1)
		[ "$state" = Z ] || [ -z "$state" ] || n=$((n + 1))
	done
	echo $n
}

ktap_plan 10

! loaded || rmmod vmod_container
mark=$(log_mark)
insmod "$ko"
ktap_check "insmod succeeds" loaded

noise=$(kernel_noise "$mark")
[ -n "$noise" ] && ktap_log "$noise"
ktap_check "insmod prints nothing" [ -z "$noise" ]

mode=$(ls -l /dev/vmod_container | cut -c1-10)
major=$(stat -c %t /dev/vmod_container)
ktap_log "device: $mode major 0x$major"
[ "$mode" = crw------- ] && [ "$major" = a ]
ktap_result $? "misc device /dev/vmod_container, mode 0600"

header=$(cat /proc/vmod_containers)
[ "$(echo "$header" | wc -l)" -eq 1 ] && [ "${header%% *}" = ID ]
ktap_result $? "/proc/vmod_containers holds only a header when empty"

# fops.owner pins the module while a descriptor is open.
exec 3</dev/vmod_container
rmmod vmod_container 2>/dev/null
busy=$?
exec 3<&-
loaded
still=$?
rmmod vmod_container
[ $busy -ne 0 ] && [ $still -eq 0 ] && ! loaded
ktap_result $? "rmmod is refused while the device is open"

insmod "$ko" max_containers=2
vmodctl create a >/dev/null && vmodctl create b >/dev/null
err=$(vmodctl create c 2>&1)
status=$?
ktap_log "$err"
[ $status -eq 1 ] &&
	[ "$(cat /sys/module/vmod_container/parameters/max_containers)" = 2 ] &&
	[ "$err" = "vmodctl: create c: the container table is full (module parameter max_containers)" ]
ktap_result $? "max_containers bounds the table (ENOSPC)"
rmmod vmod_container

# Every command, on success and on refusal, leaves the kernel log alone.
insmod "$ko"
mark=$(log_mark)
vmodctl create quiet >/dev/null &&
	vmodctl start quiet -- sh -c 'trap "exit 0" TERM; sleep 1000 & wait' &&
	vmodctl ls >/dev/null && vmodctl inspect quiet >/dev/null &&
	cat /proc/vmod_containers >/dev/null &&
	vmodctl kill -s CONT quiet && vmodctl stop -t 5 quiet &&
	! vmodctl stop quiet 2>/dev/null && vmodctl rm quiet &&
	! vmodctl rm quiet 2>/dev/null
ops=$?
noise=$(kernel_noise "$mark")
[ -n "$noise" ] && ktap_log "$noise"
[ $ops -eq 0 ] && [ -z "$noise" ]
ktap_result $? "create, start, list, inspect, kill, stop and rm print nothing"

# Running containers at rmmod: killed, waited for, nothing left behind.
vmodctl run r1 -- sleep 1000 >/dev/null
vmodctl run r2 -- sh -c 'sleep 1000 & sleep 1000 & wait' >/dev/null
sleep 1
pid1=$(vmodctl inspect r1 | sed -n 's/^init pid: *\([0-9]*\).*/\1/p')
pid2=$(vmodctl inspect r2 | sed -n 's/^init pid: *\([0-9]*\).*/\1/p')
ns1=$(stat -L -c %i /proc/$pid1/ns/pid)
ns2=$(stat -L -c %i /proc/$pid2/ns/pid)
before="$(live_in_pidns "$ns1") $(live_in_pidns "$ns2")"
mark=$(log_mark)
rmmod vmod_container
unloaded=$?
after="$(live_in_pidns "$ns1") $(live_in_pidns "$ns2")"
ktap_log "live processes per container before rmmod: $before, after: $after"
[ $unloaded -eq 0 ] && ! loaded && [ "$before" = "1 3" ] &&
	[ "$after" = "0 0" ] && [ ! -e /proc/vmod_containers ] &&
	[ ! -e /dev/vmod_container ]
ktap_result $? "rmmod stops running containers and leaves no process"

noise=$(kernel_noise "$mark")
[ -n "$noise" ] && ktap_log "$noise"
ktap_check "rmmod prints nothing" [ -z "$noise" ]

# A process that entered a container from outside, whose parent does not
# reap it, holds the dying init up; a killed rmmod must still finish.
insmod "$ko"
vmodctl run held -- sleep 1000 >/dev/null
pid=$(vmodctl inspect held | sed -n 's/^init pid: *\([0-9]*\).*/\1/p')
nsenter -t "$pid" -p sleep 1000 &
holder=$!
sleep 0.5
kill -STOP $holder
# The shell would report both killings on stderr; the status says it all.
{ timeout 3 rmmod vmod_container; } 2>/dev/null
rc=$?
loaded
still=$?
kill -CONT $holder
wait $holder 2>/dev/null
ktap_log "rmmod ended with status $rc"
[ $still -ne 0 ] && [ ! -e /dev/vmod_container ]
ktap_result $? "a killed rmmod still unloads when an init cannot finish"

ktap_finish
