#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs the benchmark inside the test VM (scripts/vm-init.sh): loads the
# module with room for a million containers and more, runs vmod_bench
# (--quick when the first argument is "quick"), and prints its figures as
# TSV between markers, for scripts/vm.sh to keep.
ko=${VMOD_KO:-/lib/vmod/vmod_container.ko}
cd "$(dirname "$0")" || exit 1

grep -q '^vmod_container ' /proc/modules && rmmod vmod_container
insmod "$ko" max_containers=1100000 || exit 1

if [ "$1" = quick ]; then
	./vmod_bench --quick --out /tmp/bench.tsv
else
	./vmod_bench --out /tmp/bench.tsv
fi
status=$?

echo "# vmod-bench-begin"
cat /tmp/bench.tsv
echo "# vmod-bench-end"
rmmod vmod_container || status=1
exit $status
