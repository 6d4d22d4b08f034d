# SPDX-License-Identifier: GPL-2.0
# KTAP output for the shell tests.  Source it, call ktap_plan N, report each
# case with ktap_check NAME COMMAND... (or ktap_result), end with ktap_finish.

ktap_n=0
ktap_pass=0
ktap_fail=0
ktap_skip=0

ktap_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

# Exits 4 with a skip line when the test cannot run here.
ktap_skip_all() {
	echo "TAP version 13"
	echo "1..0 # SKIP $*"
	exit 4
}

# ktap_result 0|1 NAME: 0 is a pass, anything else a failure.
ktap_result() {
	ktap_n=$((ktap_n + 1))
	if [ "$1" -eq 0 ]; then
		ktap_pass=$((ktap_pass + 1))
		echo "ok $ktap_n $2"
	else
		ktap_fail=$((ktap_fail + 1))
		echo "not ok $ktap_n $2"
	fi
}

ktap_skip() {
	ktap_n=$((ktap_n + 1))
	ktap_skip=$((ktap_skip + 1))
	echo "ok $ktap_n $1 # SKIP $2"
}

# ktap_check NAME COMMAND...: the command's status is the result.
ktap_check() {
	name=$1
	shift
	if [ $# -eq 0 ]; then
		ktap_log "ktap_check: no command for \"$name\""
		ktap_result 1 "$name"
		return
	fi
	"$@"
	ktap_result $? "$name"
}

ktap_finish() {
	echo "# Totals: pass:$ktap_pass fail:$ktap_fail xfail:0 xpass:0 skip:$ktap_skip error:0"
	[ "$ktap_fail" -eq 0 ]
}

# Logs a diagnostic line; a failing check says why with it.
ktap_log() {
	echo "# $*"
}
