#!/bin/bash
# Packs the test VM's initramfs into OUT, a gzip'd newc cpio: static busybox,
# /init from vm-init.sh, the module and vmodctl, plus for MODE check the
# tests named in tests/suite, for MODE demo scripts/demo.sh.
set -euo pipefail
shopt -s nullglob

if [ $# -ne 2 ] || [[ ! $2 =~ ^(check|demo)$ ]]; then
	echo "usage: $0 OUT check|demo" >&2
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

if [ "$mode" = check ]; then
	# Shell tests take their helpers along, even those not in the suite.
	mkdir "$stage/tests"
	cp -p "$top/tests/suite" "$top"/tests/*.sh "$stage/tests"
	for name in $(sed 's/#.*//' "$top/tests/suite"); do
		install -D "$top/tests/$name" "$stage/tests/$name"
	done
else
	install "$here/demo.sh" "$stage/demo.sh"
fi

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) | gzip >"$out"
