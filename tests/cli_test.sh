#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmodctl as a user meets it: each command's output, messages and exit
# status, checked against what the kernel shows.  Needs root and the module
# loaded.
cd "$(dirname "$0")" || exit 1
. ./ktap.sh

[ "$(id -u)" -eq 0 ] || ktap_skip_all "must run as root"
[ -e /dev/vmod_container ] || ktap_skip_all "/dev/vmod_container missing: is vmod_container loaded?"
command -v vmodctl >/dev/null || ktap_skip_all "vmodctl not in PATH"

errfile=$(mktemp)
trap 'rm -f "$errfile"' EXIT

# Runs vmodctl, leaving its stdout in $out, stderr in $err, status in $rc.
cli() {
	out=$(vmodctl "$@" 2>"$errfile")
	rc=$?
	err=$(cat "$errfile")
}

# expect NAME STATUS STDERR: checks the last cli call.
expect() {
	[ "$rc" -eq "$2" ] && [ "$err" = "$3" ]
	ok=$?
	[ $ok -eq 0 ] || ktap_log "got status $rc, stderr '$err'; wanted $2, '$3'"
	ktap_result $ok "$1"
}

field() {
	vmodctl inspect "$1" | sed -n "s/^$2: *//p"
}

ktap_plan 26

cli
[ $rc -eq 2 ] && echo "$err" | grep -q '^usage: vmodctl COMMAND'
ktap_result $? "no arguments: usage on stderr, status 2"

cli frobnicate
[ $rc -eq 2 ] && echo "$err" | grep -q "^vmodctl: unknown command 'frobnicate'"
ktap_result $? "unknown command: status 2"

cli create web --hostname web-host
id=$out
expect "create prints nothing on stderr" 0 ""
case $id in '' | *[!0-9]*) false ;; esac
ktap_result $? "create prints the new id ($id)"

cli create web
expect "create of a taken name" 1 "vmodctl: create web: a container with this name already exists"

cli create 'bad name'
expect "create of an invalid name" 1 "vmodctl: create bad name: invalid name, hostname or namespace set"

cli create nopid --ns uts,net
expect "create without a pid namespace" 1 "vmodctl: create nopid: invalid name, hostname or namespace set"

cli create x --ns pid,bogus
[ $rc -eq 2 ] && echo "$err" | grep -q "^vmodctl: create: unknown namespace 'bogus'"
ktap_result $? "unknown namespace kind is a usage error"

cli ls
echo "$out" | grep -q "^$id  *web  *created  *0  *0 web-host\$"
ktap_result $? "ls shows the created container"

cli start web -- sleep 1000
expect "start runs the init" 0 ""
pid=$(field web 'init pid' | cut -d' ' -f1)
[ "$(field web state)" = running ] && [ -d "/proc/$pid" ] &&
	[ "$(cat /proc/$pid/comm)" = sleep ]
ktap_result $? "inspect shows it running as pid $pid"

inside=$(nsenter -t "$pid" -u hostname)
[ "$inside" = web-host ] && [ "$(field web hostname)" = web-host ] &&
	[ "$(hostname)" != web-host ]
ktap_result $? "hostname inside is web-host ($inside)"

want="pid:[$(stat -L -c %i /proc/$pid/ns/pid)]"
vmodctl inspect web | grep -q "^  pid *$(echo "$want" | sed 's/\[/\\[/;s/\]/\\]/')\$"
ktap_result $? "inspect shows the pid namespace readlink shows ($want)"

cli start web -- true
expect "start of a running container" 1 "vmodctl: start web: container is not in state created"

cli rm web
expect "rm of a running container" 1 "vmodctl: rm web: container is running; stop it first"

cli stop -t 0.2 "$id"
expect "stop by id: sleep ignores SIGTERM as init, so SIGKILL" 0 ""
[ "$(field web state)" = stopped ] &&
	[ "$(field web exit)" = "killed by signal 9 (KILL)" ]
ktap_result $? "inspect after stop: $(field web exit)"

cli stop web
expect "stop of a stopped container" 1 "vmodctl: stop web: container is not running"

cli run --wait seven -- sh -c 'uname -n; exit 7'
[ $rc -eq 7 ] && [ "$(echo "$out" | sed -n 2p)" = seven ]
ktap_result $? "run --wait: uname -n inside says seven, status 7"

vmodctl run trap -- sh -c 'trap "exit 5" USR1; while :; do sleep 0.05; done' >/dev/null
sleep 0.5
cli kill -s SIGUSR1 trap
expect "kill -s SIGUSR1" 0 ""
i=0
while [ "$(field trap state)" != stopped ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(field trap exit)" = "exited with code 5" ]
ktap_result $? "the trap saw the signal: $(field trap exit)"

cli kill -s BOGUS trap
[ $rc -eq 2 ] && echo "$err" | grep -q "unknown signal 'BOGUS'"
ktap_result $? "unknown signal is a usage error"

cli run broken -- /no/such/program
expect "run of a missing program" 1 "vmodctl: run broken: exec /no/such/program: No such file or directory"

cli rm web seven trap broken
expect "rm of stopped containers" 0 ""

cli inspect web
expect "inspect of a removed container" 1 "vmodctl: inspect web: no such container"

if grep -q '^nobody:' /etc/passwd 2>/dev/null; then
	out=$(su -s /bin/sh -c 'vmodctl ls' nobody 2>&1)
	rc=$?
	[ $rc -eq 1 ] &&
		[ "$out" = "vmodctl: ls: cannot open /dev/vmod_container: Permission denied" ]
	ok=$?
	[ $ok -eq 0 ] || ktap_log "got status $rc, output '$out'"
	ktap_result $ok "an unprivileged user cannot open the device"
else
	ktap_skip "an unprivileged user cannot open the device" "no user nobody"
fi

ktap_finish
