# SPDX-License-Identifier: GPL-2.0
#
# make                  build vmod_container.ko against KDIR (default: the
#                       running kernel's build directory)
# make KDIR=...         build against other kernel headers
# make modules_install  install the module into KDIR's kernel
# make tools tests      the vmodctl CLI and the kselftest-style tests
# make demo             boot a test VM, run real containers, show them
# make check            boot a test VM and run every test in it
# make check VM_KERNEL=rt|debug   the same on another kernel (default cloud)
# make bench            boot a test VM and run the benchmark in it
#                       (BENCH=quick: a short run that only checks it works)
# make clean

KDIR ?= /lib/modules/$(shell uname -r)/build

all: modules

modules modules_install:
	@test -d "$(KDIR)" || { echo "No kernel headers at $(KDIR):" \
		"install linux-headers-$$(uname -r) or pass KDIR=..." \
		"(make check and make demo need neither)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $@

tools:
	$(MAKE) -C tools

tests:
	$(MAKE) -C tests

# The VM runs the kernel VM_KERNEL names: Debian's cloud (the default) or
# rt kernel, or the debug kernel built here (see scripts/kernel.sh).  Build
# everything against its tree, the module warning-free at W=1.  Debian's
# headers hold no vmlinux to make BTF from, so skip that step instead of
# being told so.
export VM_KERNEL BENCH

demo check bench:
	@scripts/deps.sh
	@kdir=$$(scripts/kernel.sh kdir) && \
		$(MAKE) -s --no-print-directory KDIR="$$kdir" \
		W=1 KCFLAGS=-Werror CONFIG_DEBUG_INFO_BTF_MODULES= modules
	@$(MAKE) -s --no-print-directory -C tools
	@if [ $@ = bench ]; then \
		$(MAKE) -s --no-print-directory -C bench; \
	else \
		$(MAKE) -s --no-print-directory -C tests \
			KSFT_DIR="$$(scripts/kernel.sh kselftest)"; \
	fi
	@scripts/vm.sh $@

# Without the headers at hand, remove what kbuild leaves by hand.
clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; else \
		rm -f *.o *.ko *.mod *.mod.c .*.cmd Module.symvers modules.order; fi
	$(MAKE) -C tools clean
	$(MAKE) -C tests clean
	$(MAKE) -C bench clean
	rm -rf build

.PHONY: all modules modules_install tools tests demo check bench clean
