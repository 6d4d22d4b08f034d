#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Compares two benchmark runs, build/bench.tsv files kept from make bench:
# for each row both medians and the change (new / old).
#
#   bench/compare.sh OLD.tsv NEW.tsv
if [ $# -ne 2 ]; then
	echo "usage: $0 OLD.tsv NEW.tsv" >&2
	exit 2
fi

awk -F '\t' '
	NR == FNR { old[$1] = $2; next }
	FNR == 1 {
		printf "%-44s %12s %12s %-6s %s\n", "", "old", "new", "unit", "new/old"
	}
	{
		change = ($1 in old) && old[$1] > 0 ? sprintf("%.2fx", $2 / old[$1]) : "-"
		printf "%-44s %12s %12.0f %-6s %s\n", $1,
		    ($1 in old) ? sprintf("%.0f", old[$1]) : "-", $2, $5, change
	}' "$1" "$2"
