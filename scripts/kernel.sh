#!/bin/bash
# Answers one question about the kernel the test VM boots, fetching or
# building into the cache whatever the answer needs:
#   abi        the kernel release, e.g. 6.1.0-57-cloud-amd64 (VM_ABI overrides it)
#   kdir       the tree to build the module against
#   image      the kernel image
#   kselftest  a directory holding kselftest_harness.h and kselftest.h
# VM_KERNEL picks the kernel (the lane):
#   cloud  Debian's cloud-amd64 flavour, headers from apt (the default)
#   rt     Debian's rt-amd64 flavour (PREEMPT_RT) of the same version
#   debug  built here from linux-source-6.1 of that version with the options
#          in debug.config (KASAN, lockdep, kmemleak, UBSAN, gcov, ...);
#          the first run builds it (about 20 minutes on 2 cores), later
#          runs find it in the cache
# Progress goes to stderr; stdout carries only the answer.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${VMOD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vmod_container}
lane=${VM_KERNEL:-cloud}

case $lane in
cloud | rt) flavour=$lane-amd64 ;;
# The debug kernel is built from the source of the cloud kernel's upload.
debug) flavour=cloud-amd64 ;;
*)
	echo "kernel.sh: VM_KERNEL=$lane: use cloud, rt or debug" >&2
	exit 2
	;;
esac

# Prints the kernel ABI and the version of its image package, which the
# linux-source package built from the same upload shares.
lookup() {
	if [ -n "${VM_ABI:-}" ]; then
		apt-cache show --no-all-versions "linux-image-$VM_ABI" |
			sed -n "s/^Version: /$VM_ABI /p"
	else
		apt-cache show --no-all-versions "linux-image-$flavour" |
			sed -n 's/^Depends: linux-image-\(.*\) (= \(.*\))$/\1 \2/p'
	fi 2>/dev/null
}

# Sets abi and ver, asking apt once: each query takes a second on a
# machine that keeps no binary package cache.
resolve() {
	local found

	found=$(lookup) || true
	# A machine that never ran apt-get update knows no packages yet.
	if [ -z "$found" ]; then
		apt-get update -qq >&2
		found=$(lookup) || true
	fi
	read -r abi ver <<<"$found"
	if [ -z "$ver" ]; then
		echo "kernel.sh: linux-image-${VM_ABI:-$flavour} not found" >&2
		exit 1
	fi
	srcpkg=linux-source-${abi%%.0-*}
}

# Downloads package $1 into $tmp, a fresh directory in the cache removed on
# exit, and makes $tmp/out where the caller unpacks what it keeps: renaming
# $tmp/out into place last means an interrupted run leaves no partial entry.
fetch() {
	echo "kernel.sh: fetching $1" >&2
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.tmp.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	mkdir "$tmp/out"
	(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$1")
}

# Everything the debug kernel is made of besides the source: the base
# configuration, the fragment's settings (not its comments) and the
# compiler.  Its hash names the tree.
debug_recipe() {
	echo "make defconfig kvm_guest.config vmod_debug.config"
	gcc --version | head -n 1
	sed -n '/^CONFIG_/p; /^# CONFIG_.* is not set$/p' "$here/debug.config"
}

debug_dir() {
	echo "$cache/linux-debug_${ver}_$(debug_recipe | sha256sum | cut -c 1-12)"
}

# Prints the fragment's lines that olddefconfig did not keep in .config.
debug_unmet() {
	local line opt

	while read -r line; do
		case $line in
		CONFIG_*)
			grep -qxF "$line" .config || echo "$line"
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			! grep -q "^$opt=" .config || echo "$line"
			;;
		esac
	done <"$here/debug.config"
}

# Builds the debug kernel's tree, bzImage plus what an out-of-tree module
# build needs, in $tmp, then renames it into place.
debug_build() {
	local dir=$1 src log jobs start unmet

	"$here/deps.sh" build-essential bc bison flex libelf-dev libssl-dev \
		xz-utils
	fetch "$srcpkg=$ver"
	src=$tmp/out
	log=$tmp/build.log
	jobs=$(nproc)
	start=$(date +%s)
	echo "kernel.sh: building the debug kernel $ver in $dir" \
		"(make -j$jobs; about 20 minutes on 2 cores)" >&2
	dpkg-deb --fsys-tarfile "$tmp"/*.deb |
		tar -xO "./usr/src/$srcpkg.tar.xz" |
		tar -xJ -C "$src" --strip-components=1
	rm "$tmp"/*.deb
	cp "$here/debug.config" "$src/kernel/configs/vmod_debug.config"

	if ! (
		cd "$src"
		make defconfig
		make kvm_guest.config
		make vmod_debug.config
	) >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo "kernel.sh: configuring the debug kernel failed" >&2
		exit 1
	fi
	unmet=$(cd "$src" && debug_unmet)
	if [ -n "$unmet" ]; then
		echo "kernel.sh: debug.config lines that olddefconfig dropped:" >&2
		echo "$unmet" | sed 's/^/    /' >&2
		exit 1
	fi

	# An out-of-tree module needs modules_prepare and the Module.symvers
	# that only "make modules" writes (for the few modules defconfig has).
	if ! make -C "$src" -j"$jobs" bzImage modules modules_prepare \
		>>"$log" 2>&1; then
		cp "$log" "$cache/debug-build.log"
		tail -n 30 "$log" >&2
		echo "kernel.sh: building the debug kernel failed;" \
			"log: $cache/debug-build.log" >&2
		exit 1
	fi
	mv "$log" "$src/vmod-build.log"
	mv -T "$src" "$dir"
	echo "kernel.sh: built the debug kernel in $(($(date +%s) - start)) s" >&2
}

debug_tree() {
	local dir

	dir=$(debug_dir)
	[ -d "$dir" ] || debug_build "$dir"
	echo "$dir"
}

abi() {
	if [ "$lane" = debug ]; then
		make -s -C "$(debug_tree)" kernelrelease
	else
		echo "$abi"
	fi
}

kdir() {
	if [ "$lane" = debug ]; then
		debug_tree
	else
		"$here/deps.sh" "linux-headers-$abi"
		echo "/usr/src/linux-headers-$abi"
	fi
}

image() {
	local dir=$cache/linux-image-${abi}_$ver

	if [ "$lane" = debug ]; then
		echo "$(debug_tree)/arch/x86/boot/bzImage"
		return
	fi
	if [ ! -d "$dir" ]; then
		fetch "linux-image-$abi"
		dpkg-deb --fsys-tarfile "$tmp"/*.deb |
			tar -x -C "$tmp/out" ./boot
		mv -T "$tmp/out" "$dir"
	fi
	echo "$dir/boot/vmlinuz-$abi"
}

kselftest() {
	local dir=$cache/kselftest_$ver
	local src=$srcpkg/tools/testing/selftests

	if [ ! -d "$dir" ]; then
		"$here/deps.sh" xz-utils
		fetch "$srcpkg=$ver"
		dpkg-deb --fsys-tarfile "$tmp"/*.deb |
			tar -xO "./usr/src/$srcpkg.tar.xz" |
			tar -xJ -C "$tmp/out" --strip-components=4 \
				"$src/kselftest_harness.h" "$src/kselftest.h"
		mv -T "$tmp/out" "$dir"
	fi
	echo "$dir"
}

case "${1:-}" in
abi | kdir | image | kselftest)
	resolve
	"$1"
	;;
*)
	echo "usage: $0 abi|kdir|image|kselftest" >&2
	exit 2
	;;
esac
