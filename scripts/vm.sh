#!/bin/bash
# Boots the built module in a QEMU VM running the kernel of the lane
# VM_KERNEL names (cloud, rt or debug; see kernel.sh), runs the tests in
# tests/suite (MODE check), scripts/demo.sh (MODE demo) or the benchmark
# (MODE bench) there, shows their output as it comes and judges the run
# with vm-report.awk: the last line is "N passed, N failed"; the exit status
# is 0 when nothing failed.  The debug lane also reports the module's line
# coverage (coverage.sh).  The console is kept in build/console-MODE.log,
# console-MODE-LANE.log for the rt and debug lanes; the benchmark's figures
# in build/bench.tsv (bench-quick.tsv for BENCH=quick).
#
# Environment: VM_KERNEL (cloud), BENCH (quick for a short benchmark),
# VM_ACCEL (tcg; kvm hangs in firmware on some hosts), VM_TIMEOUT (seconds
# for the whole VM: 600, debug and bench 2400), VM_TEST_TIMEOUT (seconds per
# test: 300, debug 1200, bench 2100), VM_ABI and VMOD_CACHE (see kernel.sh).
set -euo pipefail

mode=${1:-}
if [[ ! $mode =~ ^(check|demo|bench)$ ]]; then
	echo "usage: $0 check|demo|bench" >&2
	exit 2
fi
lane=${VM_KERNEL:-cloud}
here=$(dirname "$0")
build=$(cd "$here/.." && pwd)/build
suffix=
[ "$lane" = cloud ] || suffix=-$lane
initrd=$build/initramfs-$mode$suffix.cpio.gz
log=$build/console-$mode$suffix.log

# KASAN keeps an eighth of the memory as shadow, kmemleak tracks every
# object, and the debug options make everything several times slower.
mem=1G
vm_timeout=600
test_timeout=300
if [ "$lane" = debug ]; then
	mem=2G
	vm_timeout=2400
	test_timeout=1200
fi
# A million containers take about half a gigabyte.
if [ "$mode" = bench ]; then
	mem=3G
	vm_timeout=2400
	test_timeout=2100
fi

"$here/deps.sh" qemu-system-x86
kernel=$("$here/kernel.sh" image)
mkdir -p "$build"
"$here/initramfs.sh" "$initrd" "$mode"

cmdline="console=ttyS0 panic=-1 quiet loglevel=3 printk.time=1"
cmdline+=" vmod.mode=$mode vmod.timeout=${VM_TEST_TIMEOUT:-$test_timeout}"
[ -z "${BENCH:-}" ] || cmdline+=" vmod.bench=$BENCH"

# The firmware draws with terminal escapes, kept out of the log.  The user
# sees what the guest's /init runs, not the boot messages nor the dmesg dump.
# --foreground leaves QEMU in the terminal's process group, for Ctrl-C.
timeout --foreground "${VM_TIMEOUT:-$vm_timeout}" \
	qemu-system-x86_64 -accel "${VM_ACCEL:-tcg}" \
	-m "$mem" -smp 2 -nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" </dev/null |
	sed -u 's/\r//g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' | tee "$log" |
	sed -u -n '/^# vmod-bench-begin/,/^# vmod-bench-end/d
	/^# vmod-mode/,/^# vmod-dmesg-begin/{
		s/^# vmod-run /# run /
		/^# vmod-/!p
	}' || true

if [ "$mode" = bench ]; then
	tsv=$build/bench${BENCH:+-$BENCH}.tsv
	sed -n '/^# vmod-bench-begin/,/^# vmod-bench-end/{/^# vmod-/!p}' \
		"$log" >"$tsv"
	[ -s "$tsv" ] && echo "figures: $tsv"
fi

coverage=
if [ "$lane" = debug ]; then
	coverage=$("$here/coverage.sh" "$log")
fi

exec awk -v mode="$mode" -v lane="$lane" -v logfile="$log" \
	-v coverage="$coverage" -f "$here/vm-report.awk" "$log"
