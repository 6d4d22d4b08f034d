#!/bin/bash
# Reports the module's line coverage from a debug-lane console log
# (scripts/vm.sh): decodes the vmod_container.gcda the guest sent between
# "# vmod-gcda-begin" and "# vmod-gcda-end", runs gcov on it next to the
# vmod_container.gcno of the build, keeps the annotated source as
# build/vmod_container.c.gcov (uncovered lines are marked #####) and prints
#   coverage: vmod_container.c NN.N% of NNN lines
#   not run: vmod_container.c lines A, B-C, ...   (when some are)
# or, without data, a line saying why.  It reports; it never fails the run.
set -uo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 CONSOLE-LOG" >&2
	exit 2
fi
log=$1
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/gcov

none() {
	echo "coverage: vmod_container.c unknown ($*)"
	exit 0
}

rm -rf "$out" "$top/build/vmod_container.c.gcov"
mkdir -p "$out"
[ -f "$top/vmod_container.gcno" ] ||
	none "no vmod_container.gcno: the module was not built with gcov"
sed -n '/^# vmod-gcda-begin/,/^# vmod-gcda-end/{/^# vmod-/!p}' "$log" |
	base64 -d >"$out/vmod_container.gcda" 2>/dev/null
[ -s "$out/vmod_container.gcda" ] || none "the VM sent no vmod_container.gcda"
cp "$top/vmod_container.gcno" "$out"

# The gcov of the gcc that built the kernel and the module reads their
# format; the debug kernel's cache key holds that gcc's version.
gcov=gcov-$(gcc -dumpversion)
command -v "$gcov" >/dev/null || gcov=gcov
summary=$(cd "$out" && "$gcov" -o "$out" "$top/vmod_container.c" 2>&1) ||
	none "$gcov failed: $(echo "$summary" | head -n 1)"
[ -f "$out/vmod_container.c.gcov" ] || none "$gcov wrote no vmod_container.c.gcov"
mv "$out/vmod_container.c.gcov" "$top/build/"

echo "$summary" | awk '
	/^File / { ours = ($2 ~ /vmod_container\.c.$/) }
	ours && /^Lines executed:/ {
		split(substr($2, 10), pct, "%")
		printf "coverage: vmod_container.c %.1f%% of %d lines\n", pct[1], $4
		found = 1
		exit
	}
	END { if (!found) print "coverage: vmod_container.c unknown (no summary from gcov)" }'

# The lines never run, as ranges, so that each can be accounted for.
awk -F: '$1 ~ /#####/ {
		n = $2 + 0
		if (n == last + 1) {
			end = n
		} else {
			if (start) {
				list = list sep range(start, end)
				sep = ", "
			}
			start = end = n
		}
		last = n
	}
	function range(a, b) { return a == b ? a : a "-" b }
	END { if (start) print "not run: vmod_container.c lines " list sep range(start, end) }' \
	"$top/build/vmod_container.c.gcov"
