#!/bin/bash
# Packs the test VM's initramfs into OUT, a gzip'd newc cpio: static busybox,
# /init from vm-init.sh, the module and vmodctl, plus for MODE check the
# tests named in tests/suite, for MODE demo scripts/demo.sh, for MODE bench
# the benchmark, Debian's crun with its shared libraries, and an OCI bundle
# whose root holds only busybox.
set -euo pipefail
shopt -s nullglob

if [ $# -ne 2 ] || [[ ! $2 =~ ^(check|demo|bench)$ ]]; then
	echo "usage: $0 OUT check|demo|bench" >&2
	exit 2
fi
out=$1
mode=$2
here=$(dirname "$0")
top=$(cd "$here/.." && pwd)

"$here/deps.sh" busybox-static cpio

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sbin,sys,tmp,usr/bin,usr/sbin}

# /init links the applets itself, faster than doing it here.
install /bin/busybox "$stage/bin"
install "$here/vm-init.sh" "$stage/init"
install -D -m 644 "$top/vmod_container.ko" "$stage/lib/vmod/vmod_container.ko"
install -D "$top/tools/vmodctl" "$stage/usr/bin/vmodctl"

# Copies program $1 and the shared libraries it loads, at the same paths.
install_dynamic() {
	local file

	for file in "$1" $(ldd "$1" | awk '$2 == "=>" { print $3 } /^\t\// { print $1 }'); do
		install -D "$(readlink -f "$file")" "$stage$file"
	done
}

case $mode in
check)
	# Shell tests take their helpers along, even those not in the suite.
	mkdir "$stage/tests"
	cp -p "$top/tests/suite" "$top"/tests/*.sh "$stage/tests"
	for name in $(sed 's/#.*//' "$top/tests/suite"); do
		install -D "$top/tests/$name" "$stage/tests/$name"
	done
	;;
demo)
	install "$here/demo.sh" "$stage/demo.sh"
	;;
bench)
	"$here/deps.sh" crun
	install -D -t "$stage/bench" "$top/bench/vmod_bench" "$top/bench/run.sh"
	install_dynamic /usr/bin/crun
	mkdir -p "$stage/run" "$stage/bench/bundle/rootfs/bin" \
		"$stage/bench/bundle/rootfs/dev" "$stage/bench/bundle/rootfs/proc"
	install -m 644 "$top/bench/config.json" "$stage/bench/bundle"
	install /bin/busybox "$stage/bench/bundle/rootfs/bin"
	ln -s busybox "$stage/bench/bundle/rootfs/bin/true"
	;;
esac

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) | gzip >"$out"
