# Judges the console log of a test VM run (scripts/vm.sh): counts top-level
# KTAP results; fails programs that died without a "not ok" or before their
# plan was done, kernel log problems, a leak kmemleak found after the last
# rmmod and a VM that did not finish.  A program that printed no result
# counts once by its exit status: 0 passed, 4 skipped, else failed.  With
# mode=demo or mode=bench only that program's exit status counts.  With
# lane=debug the VM must also have sent the module's coverage data.  The
# stress test's and the fuzzer's summaries and the lines in coverage, if
# any, are printed before the last one.  For a check, the last line printed
# is "N passed, N failed", after "N skipped" when any were; exits 1 if
# anything failed.

function fail(what) {
	failures[++failed] = what
}

# Counts the leak report block just read, if any.  Linux 6.1's SLUB leaks
# a cache's kobject name when sysfs registration fails inside
# kmem_cache_create() (sysfs_slab_add() lacks a kobject_put(); fixed
# upstream by commit 2420baa8e046, "mm/slab: Allow cache creation to
# proceed even if sysfs registration fails").  The allocation-failure test
# provokes exactly that when it fails the module's cache creation; those
# objects are the kernel's and are counted apart.  Any other leak fails.
function judge_leak() {
	if (block == "")
		return
	if (block ~ /kstrdup_const/ && block ~ /kobject_set_name_vargs/ &&
	    block ~ /sysfs_slab_add/) {
		kernel_leaks++
	} else if (++leaks <= 3) {
		leaked = leaked block
	}
	block = ""
}

/^# vmod-run / {
	prog = $3
	next
}

# A program that stops before its plan is done failed even if the results
# it printed passed: it crashed or timed out.
/^# vmod-exit / {
	if (results < plan && $4 != 4) {
		fail($3 " exited " $4 " after " results " of " plan " results")
	} else if (results > 0) {
		if ($4 != 0 && $4 != 4 && notoks == 0)
			fail($3 " exited " $4)
	} else if ($4 == 0) {
		passed++
	} else if ($4 == 4 && mode == "check") {
		skipped++
	} else {
		fail($3 " exited " $4)
	}
	prog = ""
	plan = results = notoks = 0
	next
}

/^# vmod-dmesg-end/ {
	finished = 1
}

/^# vmod-kmemleak-failed/ {
	fail("kmemleak could not scan (" substr($0, 24) ")")
}

/^# vmod-kmemleak-begin/ {
	inleaks = scanned = 1
	next
}

/^# vmod-kmemleak-end/ {
	judge_leak()
	inleaks = inblock = 0
}

# The report after the last rmmod; the boot's own leaks were cleared.  A
# report is a block per object: its header, a hex dump and a backtrace.
inleaks && /^unreferenced object/ {
	judge_leak()
	inblock = 1
}

inblock && inleaks && !/^  hex dump|^    [0-9a-f][0-9a-f] / {
	block = block "\n    " $0
}

/^# vmod-gcda-begin/ {
	gcda = 1
}

# The stress test's and the fuzzer's own summaries, repeated at the end.
mode == "check" && prog != "" && /^# (stress|fuzz): / {
	figures = figures substr($0, 3) "\n"
}

mode == "check" && prog != "" && /^1\.\.[0-9]+/ {
	plan = substr($1, 4) + 0
}

mode == "check" && prog != "" && /^(not )?ok [0-9]+( |$)/ {
	results++
	if (/# SKIP/) {
		skipped++
	} else if (/^not ok/) {
		notoks++
		fail(prog ": " $0)
	} else {
		passed++
	}
}

# Kernel messages carry a timestamp, which keeps test output out and makes
# a line shown both on the console and in the dmesg dump compare equal.
# kmemleak's own "new suspected memory leaks" line is left out: the boot
# scan prints it for the leaks that are cleared, and the report above
# judges what the tests left.
/^\[ *[0-9]+\.[0-9]+\] / && !seen[$0]++ && (/WARNING:|BUG:|Oops|KASAN|UBSAN/ ||
    /general protection fault|Kernel panic|suspicious RCU usage/ ||
    /kernel BUG at|invalid opcode:|stack-protector:/ ||
    /possible (circular|recursive) locking|inconsistent lock state/ ||
    /INFO: trying to register non-static key/ ||
    /INFO: task .* blocked|rcu.*detected (expedited )?stall/ ||
    /ODEBUG:|list_(add|del) corruption|refcount_t:/ ||
    /kmemleak: (Kernel memory leak detector disabled|Memory pool empty)/ ||
    /kmemleak: Cannot allocate a kmemleak_object/) {
	kernel = kernel "\n    " $0
}

END {
	if (mode == "check" && finished && passed + failed + skipped == 0)
		fail("no test ran")
	if (kernel != "")
		fail("kernel log:" kernel)
	if (leaks)
		fail("kmemleak: " leaks " unreferenced objects after the last" \
		    " rmmod (the first ones; all in the console log):" leaked)
	if (lane == "debug" && finished && !gcda)
		fail("no coverage data (vmod_container.gcda) from the VM")
	if (!finished)
		fail("VM did not finish" (prog != "" ? " (in " prog ")" : ""))
	for (i = 1; i <= failed; i++)
		print "FAIL " failures[i]
	if (failed)
		print "console log: " logfile
	if (kernel == "" && finished)
		print "kernel log: clean (no WARNING, BUG, Oops, lockdep," \
		    " KASAN, UBSAN, RCU-stall or hung-task report)"
	if (scanned && !leaks)
		print "kmemleak: no leak after the last rmmod"
	if (kernel_leaks)
		print "kmemleak: " kernel_leaks " kobject names leaked by the" \
		    " kernel's sysfs_slab_add() under fault injection, not" \
		    " counted (a 6.1 bug, fixed upstream by 2420baa8e046)"
	printf "%s", figures
	if (coverage != "")
		print coverage
	if (mode != "check") {
		print mode (failed ? " failed" : " finished")
		exit (failed > 0)
	}
	if (skipped)
		print skipped " skipped: the lines marked # SKIP above say why"
	print (passed + 0) " passed, " (failed + 0) " failed"
	exit (failed > 0)
}
