#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, inside the test VM: real containers created,
# started, inspected from the kernel's side, stopped and removed, and the
# module unloaded.  Every command is echoed before it runs.
set -e

step() {
	printf '\n=== %s\n' "$*"
}

# Echoes a command, quoting the words that need it, then runs it.
show() {
	printf '$'
	for word; do
		case $word in
		*[!A-Za-z0-9_./:=,+-]*) printf " '%s'" "$word" ;;
		*) printf ' %s' "$word" ;;
		esac
	done
	echo
	"$@"
}

init_pid() {
	vmodctl inspect "$1" | sed -n 's/^init pid: *\([0-9]*\).*/\1/p'
}

step "The module is loaded: a misc device, a /proc view"
show ls -l /dev/vmod_container
show vmodctl version

step "Two containers, each a real process tree in new namespaces"
show vmodctl run web --hostname web.example -- sh -c 'sleep 1000 & sleep 1000 & wait'
show vmodctl run db --hostname db.example -- sleep 1000
show vmodctl create idle
sleep 0.5
show vmodctl ls
show cat /proc/vmod_containers

step "The kernel's view: each init's namespaces, next to the host's"
web=$(init_pid web)
db=$(init_pid db)
for ns in pid uts mnt net; do
	printf '%-4s host %-18s web %-18s db %s\n' "$ns" \
		"$(readlink /proc/self/ns/$ns)" "$(readlink /proc/$web/ns/$ns)" \
		"$(readlink /proc/$db/ns/$ns)"
done
show nsenter -t "$web" -u hostname
show nsenter -t "$db" -u hostname
show hostname

step "Inside web: its own pid namespace, its own /proc"
show nsenter -t "$web" -p -m ps
show vmodctl inspect web

step "Stop: SIGTERM, a grace period, then SIGKILL; then remove"
show vmodctl stop -t 1 web
show vmodctl stop -t 1 db
show vmodctl inspect db
show vmodctl ls
show vmodctl rm web db idle
show vmodctl ls

step "Unload"
show rmmod vmod_container
if grep -q '^vmod_container ' /proc/modules || [ -e /dev/vmod_container ]; then
	echo "vmod_container is still loaded"
	exit 1
fi
echo "unloaded: /dev/vmod_container and /proc/vmod_containers are gone"
