#!/bin/bash
# Boots the built module in a QEMU VM running the Debian cloud kernel, runs
# the tests in tests/suite (MODE check) or scripts/demo.sh (MODE demo) there,
# shows their output as it comes and judges the run with vm-report.awk: the
# last line is "N passed, N failed"; the exit status is 0 when nothing failed.
# The console is kept in build/console-MODE.log.
#
# Environment: VM_ACCEL (tcg; kvm hangs in firmware on some hosts),
# VM_TIMEOUT (600 s for the whole VM), VM_TEST_TIMEOUT (300 s per test),
# VM_ABI and VMOD_CACHE (see kernel.sh).
set -euo pipefail

mode=${1:-}
if [[ ! $mode =~ ^(check|demo)$ ]]; then
	echo "usage: $0 check|demo" >&2
	exit 2
fi
here=$(dirname "$0")
build=$(cd "$here/.." && pwd)/build
initrd=$build/initramfs-$mode.cpio.gz
log=$build/console-$mode.log

"$here/deps.sh" qemu-system-x86
kernel=$("$here/kernel.sh" image)
mkdir -p "$build"
"$here/initramfs.sh" "$initrd" "$mode"

cmdline="console=ttyS0 panic=-1 quiet loglevel=3 printk.time=1"
cmdline+=" vmod.mode=$mode vmod.timeout=${VM_TEST_TIMEOUT:-300}"

# The firmware draws with terminal escapes, kept out of the log.  The user
# sees what the guest's /init runs, not the boot messages nor the dmesg dump.
# --foreground leaves QEMU in the terminal's process group, for Ctrl-C.
timeout --foreground "${VM_TIMEOUT:-600}" \
	qemu-system-x86_64 -accel "${VM_ACCEL:-tcg}" \
	-m 1G -smp 2 -nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" </dev/null |
	sed -u 's/\r//g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' | tee "$log" |
	sed -u -n '/^# vmod-mode/,/^# vmod-dmesg-begin/{
		s/^# vmod-run /# run /
		/^# vmod-/!p
	}' || true

exec awk -v mode="$mode" -v logfile="$log" -f "$here/vm-report.awk" "$log"
