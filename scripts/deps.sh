#!/bin/bash
# Installs the Debian packages named as arguments that are not installed yet;
# without arguments, everything building the module and booting the test VM
# needs: compilers (64- and 32-bit), QEMU, busybox, cpio, xz and the VM
# kernel's headers, or for the debug lane (VM_KERNEL=debug) what building
# that kernel needs instead of headers.
# Silent when there is nothing to do.
set -euo pipefail

here=$(dirname "$0")

installed() {
	[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

if [ $# -eq 0 ]; then
	set -- build-essential gcc-multilib qemu-system-x86 busybox-static cpio xz-utils
	if [ "${VM_KERNEL:-cloud}" = debug ]; then
		set -- "$@" bc bison flex libelf-dev libssl-dev
	else
		set -- "$@" "linux-headers-$("$here/kernel.sh" abi)"
	fi
fi

missing=()
for pkg; do
	installed "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -gt 0 ] || exit 0

install() {
	apt-get install -y -qq --no-install-recommends \
		-o DPkg::Lock::Timeout=300 "${missing[@]}"
}

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Stale or absent package lists are the usual reason an install fails, so
# refresh them once and retry before showing what went wrong.
if ! install >"$log" 2>&1 &&
   ! { apt-get update -qq && install; } >"$log" 2>&1; then
	cat "$log" >&2
	exit 1
fi
