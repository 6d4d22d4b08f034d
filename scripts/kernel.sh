#!/bin/bash
# Answers one question about the Debian cloud kernel the test VM boots,
# fetching into the cache whatever the answer needs:
#   abi        the kernel ABI, e.g. 6.1.0-57-cloud-amd64 (VM_ABI overrides it)
#   kdir       the headers to build the module against (installed from apt)
#   image      the kernel image, unpacked from its package
#   kselftest  a directory holding kselftest_harness.h and kselftest.h
# Progress goes to stderr; stdout carries only the answer.
set -euo pipefail

here=$(dirname "$0")
cache=${VMOD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vmod_container}

# Prints the kernel ABI and the version of its image package, which the
# linux-source package built from the same upload shares.
lookup() {
	if [ -n "${VM_ABI:-}" ]; then
		apt-cache show --no-all-versions "linux-image-$VM_ABI" |
			sed -n "s/^Version: /$VM_ABI /p"
	else
		apt-cache show --no-all-versions linux-image-cloud-amd64 |
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
		echo "kernel.sh: linux-image-${VM_ABI:-cloud-amd64} not found" >&2
		exit 1
	fi
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

abi() {
	echo "$abi"
}

kdir() {
	"$here/deps.sh" "linux-headers-$abi"
	echo "/usr/src/linux-headers-$abi"
}

image() {
	local dir=$cache/linux-image-${abi}_$ver

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
	local pkg=linux-source-${abi%%.0-*}
	local src=$pkg/tools/testing/selftests

	if [ ! -d "$dir" ]; then
		"$here/deps.sh" xz-utils
		fetch "$pkg=$ver"
		dpkg-deb --fsys-tarfile "$tmp"/*.deb |
			tar -xO "./usr/src/$pkg.tar.xz" |
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
