# RISC-V IOMMU verification kit: every entry point. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
# Builds run on every core unless the user chose (-j N on the command line wins); the two Verilated models and
# the C objects build side by side, and the sub-make that compiles the Verilated C++ shares the job slots.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
# ccache, when installed, makes a rebuild after `make clean` (or in a second clone) a matter of seconds.
CCACHE   := $(if $(shell command -v ccache 2>/dev/null),ccache)

BUILD    := build
CC       := $(CCACHE) $(if $(filter default,$(origin CC)),gcc,$(CC))
CXX      := $(CCACHE) $(if $(filter default,$(origin CXX)),g++,$(CXX))
# Link-time optimisation: the model's steps are small functions in several files, and inlining across
# them is worth about a quarter of the functional runner's time (make bench). Fat objects keep the library
# usable by a link without -flto (tools/mutants.py).
LTO      := -flto=auto -ffat-lto-objects
CFLAGS   := -std=c11 -O2 -g -Wall -Wextra -Werror -MMD -MP $(LTO)
CXXFLAGS := -std=c++14 -O2 -g -Wall -Wextra -faligned-new -Wno-unused-parameter -MMD -MP
VERILATOR ?= verilator
VFLAGS   := --cc --assert --trace-fst -O3 --x-assign fast --x-initial fast --top-module iommu_tb_top
VINC     := /usr/share/verilator/include
# tb/rtl_dut.cpp replaces the Verilator runtime's vl_stop (its documented VL_USER_STOP hook), so that a failed
# RTL assertion reaches the bench with its file:line instead of only on stdout; the runtime and the shim are
# both built with this define. (VL_USER_STOP_MAYBE does not compile in Verilator 5.006.)
VL_HOOKS := -DVL_USER_STOP

RTL_PKG  := rtl/iommu_pkg.sv
RTL_SV   := $(RTL_PKG) $(filter-out $(RTL_PKG),$(sort $(wildcard rtl/*.sv)))
# The RTL is built from a configuration file (docs/microarch.md section 3.1): tools/gen_rtl_cfg.py writes the
# package iommu_cfg_pkg from it, which comes first in every file list. RTL_SRCS is the RTL of config/rtl.cfg.
RTL_CFG      := config/rtl.cfg
RTL_MAX_CFG  := config/rtl_max.cfg
RTL_CFG_PKG  := $(BUILD)/cfg_rtl/iommu_cfg_pkg.sv
RTL_MAX_PKG  := $(BUILD)/cfg_rtl_max/iommu_cfg_pkg.sv
RTL_SRCS := $(RTL_CFG_PKG) $(RTL_SV)
# The issue's acceptance benches: the RTL built from config/full.cfg and from config/full_be.cfg (the whole
# specification; tests/spec runs on them in lockstep, make regress-full runs random seeds on them). Only
# versions 10 and 11 together make them buildable (until then tools/gen_rtl_cfg.py refuses full.cfg), so they
# join `make build` and `make test` only with FULL_BUILDS=1: the coordinator flips this default to 1 once both
# versions are merged. Built on demand any time: make build/iommu-lockstep-full build/iommu-lockstep-full-be.
FULL_BUILDS  ?= 1
FULL_CFG     := config/full.cfg
FULL_BE_CFG  := config/full_be.cfg
FULL_PKG     := $(BUILD)/cfg_full/iommu_cfg_pkg.sv
FULL_BE_PKG  := $(BUILD)/cfg_full_be/iommu_cfg_pkg.sv
FULL_BENCHES := $(if $(filter 1,$(FULL_BUILDS)),$(BUILD)/iommu-lockstep-full $(BUILD)/iommu-lockstep-full-be)
# The bench Verilates iommu_top inside a wrapper that adds the model's expected outputs to the waveform.
TB_TOP   := tb/iommu_tb_top.sv

# The golden model by layer (arch = the specification, no ports or cycles; timing = the cycle
# model of docs/microarch.md; formats = the stimulus and transaction-log formats); cmodel/iommu_run.c is the
# functional runner's main.
CMODEL_DIRS := cmodel/arch cmodel/timing cmodel/formats
CMODEL_INC  := $(addprefix -I,$(CMODEL_DIRS))
CMODEL_SRCS := $(sort $(wildcard $(addsuffix /*.c,$(CMODEL_DIRS))))
# The architectural layer sees only its own headers, so a port or cycle creeping into it fails the build.
$(BUILD)/cmodel/arch/%.o $(BUILD)/san/cmodel/arch/%.o: CMODEL_INC := -Icmodel/arch
CMODEL_OBJS := $(CMODEL_SRCS:%.c=$(BUILD)/%.o)
# The golden model's random self-check (tb/model_random.c) is its own program, not part of the lockstep bench.
MODEL_RANDOM_SRCS := tb/model_random.c tb/spec_oracle.c tb/sw_tables.c
TB_C_SRCS   := $(filter-out $(MODEL_RANDOM_SRCS),$(sort $(wildcard tb/*.c)))
UNIT_SRCS   := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS   := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
SAN_FLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_OBJS    := $(CMODEL_SRCS:%.c=$(BUILD)/san/%.o)
TB_C_OBJS   := $(TB_C_SRCS:%.c=$(BUILD)/%.o)

SEEDS        ?= 100
TRANSACTIONS ?= 1000
REQUESTS     ?= 2000
# The level of checking of run, regress and coverage (docs/checking.md): cycle (lockstep) or transaction.
CHECK        ?= cycle
JOBS         ?= $(shell nproc)
# make regress: the bench binary (e.g. BENCH=build/iommu-lockstep-bug) and the wall-clock limit per seed
BENCH        ?= $(BUILD)/iommu-lockstep
BENCH_ARGS   ?=
TIMEOUT      ?= 300
# make regress SHRINK=1: one seed of each failure group is cut to a short stimulus (tools/shrink.py)
SHRINK       ?= 0
# The random stimulus' mix for run, regress and coverage: default, realistic, faulty, corner, directory or a profile file
PROFILE      ?= default
# make waves: the folder of the mismatch to open (a regression writes one per failing seed)
WAVES        ?= waves

# Numbers given on the command line are checked before anything builds, with the variable named.
EXAMPLE_SEEDS := 1000
EXAMPLE_TRANSACTIONS := 1000
EXAMPLE_JOBS := 2
EXAMPLE_TIMEOUT := 300
EXAMPLE_REQUESTS := 2000
define CHECK_NUMBER
ifneq ($$(shell [[ '$$($(1))' =~ ^[1-9][0-9]{0,8}$$$$ ]] && echo ok),ok)
$$(error $(1) must be a whole number from 1 (decimal), got '$$($(1))': e.g. make $(2) $(1)=$$(EXAMPLE_$(1)))
endif
endef
ifneq ($(filter regress regress-full,$(MAKECMDGOALS)),)
$(foreach v,SEEDS TRANSACTIONS JOBS TIMEOUT,$(eval $(call CHECK_NUMBER,$(v),regress)))
ifeq ($(filter 0 1,$(SHRINK)),)
$(error SHRINK must be 0 or 1, got '$(SHRINK)': e.g. make regress BENCH=build/iommu-lockstep-bug SHRINK=1)
endif
endif
ifeq ($(filter 0 1,$(FULL_BUILDS)),)
$(error FULL_BUILDS must be 0 or 1, got '$(FULL_BUILDS)': e.g. make test FULL_BUILDS=1 (the benches of config/full.cfg and config/full_be.cfg))
endif
ifneq ($(filter run coverage,$(MAKECMDGOALS)),)
$(foreach v,SEEDS TRANSACTIONS,$(eval $(call CHECK_NUMBER,$(v),run)))
endif
ifneq ($(filter coverage,$(MAKECMDGOALS)),)
$(eval $(call CHECK_NUMBER,JOBS,coverage))
endif
ifneq ($(filter model-random,$(MAKECMDGOALS)),)
$(foreach v,SEEDS REQUESTS,$(eval $(call CHECK_NUMBER,$(v),model-random)))
endif

# ---------------------------------------------------------------------------------------------- help
.PHONY: help
help: ## list the targets
	@echo "RISC-V IOMMU verification kit. Targets:"
	@grep -hE '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 16
	@echo "Variables: FULL_BUILDS=$(FULL_BUILDS) SEEDS=$(SEEDS) TRANSACTIONS=$(TRANSACTIONS) JOBS=$(JOBS) REQUESTS=$(REQUESTS) CHECK=$(CHECK) PROFILE=$(PROFILE) TIMEOUT=$(TIMEOUT) BENCH=$(BENCH) BENCH_ARGS=$(BENCH_ARGS) SHRINK=$(SHRINK) WAVES=$(WAVES) (make regress SEEDS=1000 CHECK=transaction)"

# ---------------------------------------------------------------------------------------------- setup
.PHONY: deps
deps: ## check the tools the kit needs and install missing ones (Debian packages)
	@bash tools/deps.sh

# ---------------------------------------------------------------------------------------------- generate
# data/iommu.yaml is the one description of the hardware; tools/gen_hw.py writes everything that repeats it
# (SV package section and port lists, the bench wrapper, C headers, GTKWave filters, docs/hardware.md).
.PHONY: gen
gen: ## regenerate the files derived from the hardware description data/iommu.yaml
	@python3 tools/gen_hw.py

# ---------------------------------------------------------------------------------------------- build
.PHONY: build
build: $(BUILD)/iommu-run $(BUILD)/iommu-randgen $(BUILD)/iommu-lockstep-model10 $(BUILD)/iommu-perf $(BUILD)/iommu-lockstep $(BUILD)/iommu-lockstep-bug $(BUILD)/iommu-lockstep-max $(BUILD)/iommu-assert-probe $(BUILD)/iommu-assert-probe-bug $(BUILD)/san/iommu-run $(BUILD)/iommu-model-random $(UNIT_BINS) $(FULL_BENCHES) ## build the runner, the throughput program, the benches, the RTL assertion probes, the model's random self-check, the sanitizer runner and the unit tests

# Every compile waits for make deps (order only: deps runs first, nothing rebuilds because of it).
$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMODEL_INC) -c $< -o $@

$(BUILD)/libcmodel.a: $(CMODEL_OBJS)
	rm -f $@ && gcc-ar rcs $@ $^

$(BUILD)/iommu-run: $(BUILD)/cmodel/iommu_run.o $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -o $@

# The random stimulus of one seed for any configuration file, written without running it
# (tools/check_randgen_oracle.py checks its expectations against the functional runner).
RANDGEN_OBJS := $(BUILD)/tb/randgen.o $(BUILD)/tb/randgen_live.o $(BUILD)/tb/randgen_profile.o $(BUILD)/tb/rng.o
$(BUILD)/tools/randgen_main.o: CMODEL_INC += -Itb
$(BUILD)/iommu-randgen: $(BUILD)/tools/randgen_main.o $(RANDGEN_OBJS) $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -o $@

# A bench without RTL for tests/randgen/rtl_max_v10.cfg (version 10 before the RTL has it): --dut model only.
$(BUILD)/tools/model_only_dut.o: CMODEL_INC += -Itb
$(BUILD)/iommu-lockstep-model10: $(TB_C_OBJS) $(BUILD)/tools/model_only_dut.o $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -lz -lpthread -o $@

# Translations per second of the architectural layer (tools/xlate_perf.c; make bench runs it).
$(BUILD)/iommu-perf: $(BUILD)/tools/xlate_perf.o $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -o $@

# The golden model's randomized self-check against an independent spec oracle (full configuration).
# Its objects live apart from build/tb/, whose objects make up the lockstep bench (tools/mutants.py links them all).
$(BUILD)/model-random/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMODEL_INC) -c $< -o $@

$(BUILD)/iommu-model-random: $(MODEL_RANDOM_SRCS:%.c=$(BUILD)/model-random/%.o) $(BUILD)/tb/rng.o $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -o $@

# The functional runner again under AddressSanitizer and UndefinedBehaviorSanitizer (make test runs the
# directed scenarios through it).
$(BUILD)/san/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(CMODEL_INC) -c $< -o $@

$(BUILD)/san/iommu-run: $(BUILD)/san/cmodel/iommu_run.o $(SAN_OBJS)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -o $@

# Unit tests: each tests/unit/NAME.c is a program linked with the model, run by make test.
$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libcmodel.a | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMODEL_INC) $< $(BUILD)/libcmodel.a -o $@

# The scoreboard's unit test links the bench's transaction-level scoreboard as well.
$(BUILD)/unit/test_scoreboard: tests/unit/test_scoreboard.c $(BUILD)/tb/scoreboard.o $(BUILD)/libcmodel.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMODEL_INC) -Itb $(filter %.c %.o %.a,$^) -o $@

# The package iommu_cfg_pkg of a configuration file: $(1) = the .cfg, $(2) = the package to write. A key the
# RTL cannot build stops here with file:line and the reason.
define CFG_PKG
$(2): $(1) tools/gen_rtl_cfg.py | deps
	python3 tools/gen_rtl_cfg.py $(1) -o $$@
endef
$(eval $(call CFG_PKG,$(RTL_CFG),$(RTL_CFG_PKG)))
$(eval $(call CFG_PKG,$(RTL_MAX_CFG),$(RTL_MAX_PKG)))
$(eval $(call CFG_PKG,$(FULL_CFG),$(FULL_PKG)))
$(eval $(call CFG_PKG,$(FULL_BE_CFG),$(FULL_BE_PKG)))

# The Verilated RTL, built twice: as written, and with the planted bugs (IOMMU_BUGS) that the bench must
# catch, one active at a time, chosen at run time: build/iommu-lockstep-bug +bug=NAME (iommu_pkg::bug_e;
# without +bug the write-permission bug, ignore_write_perm; docs/checking.md). $(1) = variant name, $(2) = extra Verilator flags, $(3) = extra Verilator runtime
# objects, $(4) = extra defines for the shim (tb/rtl_dut.cpp), $(5) = the configuration file, $(6) = its
# package (CFG_PKG). The shim gets the configuration's path (rtl_dut_config_path(), tb/rtl_dut.h).
# Directories: $(BUILD)/vl_NAME (Verilated model) and $(BUILD)/tb_NAME (shim).
define VERILATED
$(BUILD)/vl_$(1)/Viommu_tb_top__ALL.a: $(6) $(RTL_SV) $(TB_TOP) | deps
	@rm -rf $(BUILD)/vl_$(1)
	$(VERILATOR) $(VFLAGS) $(2) -Mdir $(BUILD)/vl_$(1) $(6) $(RTL_SV) $(TB_TOP)
	+$(MAKE) -s -C $(BUILD)/vl_$(1) -f Viommu_tb_top.mk Viommu_tb_top__ALL.a verilated.o verilated_fst_c.o verilated_threads.o $(3) OPT_FAST=-O2 OPT_GLOBAL=-O2 $(if $(CCACHE),OBJCACHE=ccache) USER_CPPFLAGS=$(VL_HOOKS)

$(BUILD)/tb_$(1)/rtl_dut.o: tb/rtl_dut.cpp tb/rtl_dut.h cmodel/timing/iommu_port.h $(BUILD)/vl_$(1)/Viommu_tb_top__ALL.a
	@mkdir -p $$(dir $$@)
	$(CXX) $(CXXFLAGS) $(VL_HOOKS) $(4) '-DRTL_DUT_CONFIG_PATH="$(abspath $(5))"' $(CMODEL_INC) -Itb -I$(BUILD)/vl_$(1) -I$(VINC) -I$(VINC)/vltstd -DVM_TRACE_FST=1 -c $$< -o $$@
endef
$(eval $(call VERILATED,ok,,,,$(RTL_CFG),$(RTL_CFG_PKG)))
$(eval $(call VERILATED,bug,+define+IOMMU_BUGS,,,$(RTL_CFG),$(RTL_CFG_PKG)))
# A third variant with a planted handshake bug (IOMMU_BUG_DC_REQ_UNSTABLE: the device-context fetch changes
# its memory request before it is taken) that trips an RTL assertion; tests/run_tests.py test_assertions.
$(eval $(call VERILATED,assert,+define+IOMMU_BUG_DC_REQ_UNSTABLE,,,$(RTL_CFG),$(RTL_CFG_PKG)))
# make coverage only (not part of build, so that the normal bench stays fast): the RTL with Verilator's line,
# toggle and user coverage; the shim writes the counters per seed (+coverage_file=, tb/rtl_dut.cpp).
$(eval $(call VERILATED,cov,--coverage,verilated_cov.o,-DVM_COVERAGE=1,$(RTL_CFG),$(RTL_CFG_PKG)))
# The largest configuration the RTL builds (config/rtl_max.cfg: extended DCs, process directory; version 7).
$(eval $(call VERILATED,max,,,,$(RTL_MAX_CFG),$(RTL_MAX_PKG)))

VL_RUNTIME = $(addprefix $(BUILD)/vl_$(1)/,verilated.o verilated_fst_c.o verilated_threads.o $(2))

# The acceptance benches (FULL_BUILDS above): config/full.cfg and config/full_be.cfg.
$(eval $(call VERILATED,full,,,,$(FULL_CFG),$(FULL_PKG)))
$(eval $(call VERILATED,full_be,,,,$(FULL_BE_CFG),$(FULL_BE_PKG)))
$(BUILD)/iommu-lockstep-full: $(TB_C_OBJS) $(BUILD)/tb_full/rtl_dut.o $(BUILD)/vl_full/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_full/rtl_dut.o $(BUILD)/vl_full/Viommu_tb_top__ALL.a $(call VL_RUNTIME,full) $(BUILD)/libcmodel.a -lz -lpthread -o $@

# FULL_BE_FROM_MAX=1: once config/rtl_max.cfg is config/full_be.cfg (docs/microarch.md version 11), the bench of
# config/rtl_max.cfg is that of config/full_be.cfg too (a stimulus's configuration is compared by content), so
# build/iommu-lockstep-full-be is a copy of build/iommu-lockstep-max and costs no Verilator build; the two
# generated packages must then be equal below their first line (which names the file), else this stops.
FULL_BE_FROM_MAX ?= 1
ifeq ($(FULL_BE_FROM_MAX),1)
$(BUILD)/iommu-lockstep-full-be: $(BUILD)/iommu-lockstep-max $(RTL_MAX_PKG) $(FULL_BE_PKG)
	@cmp -s <(tail -n +2 $(RTL_MAX_PKG)) <(tail -n +2 $(FULL_BE_PKG)) || { echo "error: FULL_BE_FROM_MAX=1 but $(RTL_MAX_CFG) and $(FULL_BE_CFG) build different RTL (diff $(RTL_MAX_PKG) $(FULL_BE_PKG)); make them equal or use FULL_BE_FROM_MAX=0"; exit 2; }
	cp $(BUILD)/iommu-lockstep-max $@
else
$(BUILD)/iommu-lockstep-full-be: $(TB_C_OBJS) $(BUILD)/tb_full_be/rtl_dut.o $(BUILD)/vl_full_be/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_full_be/rtl_dut.o $(BUILD)/vl_full_be/Viommu_tb_top__ALL.a $(call VL_RUNTIME,full_be) $(BUILD)/libcmodel.a -lz -lpthread -o $@
endif

$(BUILD)/iommu-lockstep-max: $(TB_C_OBJS) $(BUILD)/tb_max/rtl_dut.o $(BUILD)/vl_max/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_max/rtl_dut.o $(BUILD)/vl_max/Viommu_tb_top__ALL.a $(call VL_RUNTIME,max) $(BUILD)/libcmodel.a -lz -lpthread -o $@

# make lockstep CONFIG=config/X.cfg: the bench for any configuration the RTL builds, in its own directory
# build/lockstep-X/ (iommu-lockstep there; the Verilated model in build/vl_lockstep-X, the shim in
# build/tb_lockstep-X).
ifneq ($(CONFIG),)
ifeq ($(wildcard $(CONFIG)),)
$(error CONFIG=$(CONFIG): no such file; expected a configuration file (docs/config.md), e.g. make lockstep CONFIG=config/rtl_max.cfg)
endif
CONFIG_NAME := lockstep-$(basename $(notdir $(CONFIG)))
CONFIG_PKG  := $(BUILD)/$(CONFIG_NAME)/iommu_cfg_pkg.sv
$(eval $(call CFG_PKG,$(CONFIG),$(CONFIG_PKG)))
$(eval $(call VERILATED,$(CONFIG_NAME),,,,$(CONFIG),$(CONFIG_PKG)))
$(BUILD)/$(CONFIG_NAME)/iommu-lockstep: $(TB_C_OBJS) $(BUILD)/tb_$(CONFIG_NAME)/rtl_dut.o $(BUILD)/vl_$(CONFIG_NAME)/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_$(CONFIG_NAME)/rtl_dut.o $(BUILD)/vl_$(CONFIG_NAME)/Viommu_tb_top__ALL.a $(call VL_RUNTIME,$(CONFIG_NAME)) $(BUILD)/libcmodel.a -lz -lpthread -o $@
	@echo "built $@ for $(CONFIG)"
endif

.PHONY: lockstep
lockstep: ## the bench for one configuration file in its own directory: make lockstep CONFIG=config/rtl_max.cfg (build/lockstep-rtl_max/iommu-lockstep)
ifeq ($(CONFIG),)
	@echo "error: make lockstep needs CONFIG=FILE.cfg (a configuration file, docs/config.md), e.g. make lockstep CONFIG=config/rtl_max.cfg"; exit 2
else
lockstep: $(BUILD)/$(CONFIG_NAME)/iommu-lockstep
endif

$(BUILD)/iommu-lockstep: $(TB_C_OBJS) $(BUILD)/tb_ok/rtl_dut.o $(BUILD)/vl_ok/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_ok/rtl_dut.o $(BUILD)/vl_ok/Viommu_tb_top__ALL.a $(call VL_RUNTIME,ok) $(BUILD)/libcmodel.a -lz -lpthread -o $@

$(BUILD)/iommu-lockstep-bug: $(TB_C_OBJS) $(BUILD)/tb_bug/rtl_dut.o $(BUILD)/vl_bug/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_bug/rtl_dut.o $(BUILD)/vl_bug/Viommu_tb_top__ALL.a $(call VL_RUNTIME,bug) $(BUILD)/libcmodel.a -lz -lpthread -o $@

# make coverage: the golden model built again with gcov counters (-O0, so that counts map onto source lines),
# linked into the coverage bench and into a runner for the directed and spec scenarios (tools/code_coverage.py).
GCOV_CFLAGS := -std=c11 -O0 -g -Wall -Wextra -Werror -MMD -MP --coverage
GCOV_OBJS   := $(CMODEL_SRCS:%.c=$(BUILD)/gcov/%.o)
$(BUILD)/gcov/cmodel/arch/%.o: CMODEL_INC := -Icmodel/arch

$(BUILD)/gcov/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(GCOV_CFLAGS) $(CMODEL_INC) -c $< -o $@

$(BUILD)/gcov/libcmodel.a: $(GCOV_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/gcov/iommu-run: $(BUILD)/gcov/cmodel/iommu_run.o $(BUILD)/gcov/libcmodel.a
	$(CC) $(GCOV_CFLAGS) $^ -o $@

$(BUILD)/iommu-lockstep-cov: $(TB_C_OBJS) $(BUILD)/tb_cov/rtl_dut.o $(BUILD)/vl_cov/Viommu_tb_top__ALL.a $(BUILD)/gcov/libcmodel.a
	$(CXX) -O2 --coverage $^ $(call VL_RUNTIME,cov,verilated_cov.o) -lz -lpthread -o $@

# The assertion probe (tests/rtl/assert_probe.c): drives a Verilated variant through tb/rtl_dut.h into a
# device-context fetch that waits for the memory, and reports rtl_dut_assertion(). Built against the correct
# RTL (no assertion may fire) and against the IOMMU_BUG_DC_REQ_UNSTABLE variant (one must, with its place).
$(BUILD)/tests/rtl/assert_probe.o: tests/rtl/assert_probe.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMODEL_INC) -Itb -c $< -o $@

$(BUILD)/iommu-assert-probe: $(BUILD)/tests/rtl/assert_probe.o $(BUILD)/tb_ok/rtl_dut.o $(BUILD)/vl_ok/Viommu_tb_top__ALL.a
	$(CXX) $(LTO) -O2 $^ $(call VL_RUNTIME,ok) -lz -lpthread -o $@

$(BUILD)/iommu-assert-probe-bug: $(BUILD)/tests/rtl/assert_probe.o $(BUILD)/tb_assert/rtl_dut.o $(BUILD)/vl_assert/Viommu_tb_top__ALL.a
	$(CXX) $(LTO) -O2 $^ $(call VL_RUNTIME,assert) -lz -lpthread -o $@

-include $(shell find $(BUILD) -path $(BUILD)/mutants -prune -o -name '*.d' -print 2>/dev/null)

# ---------------------------------------------------------------------------------------------- example
# Another IOMMU RTL behind the bench: a build description (DUT_MK: file list, top, parameters, defines,
# Verilator flags, adapter) gives build/iommu-lockstep-$(DUT_NAME), the bench linked with that RTL's
# adapter instead of tb/rtl_dut.cpp (docs/porting.md). make test runs the example's.
DUT_MK ?= examples/other_rtl/dut.mk
ifeq ($(wildcard $(DUT_MK)),)
$(error DUT_MK=$(DUT_MK): no such file; expected a build description like examples/other_rtl/dut.mk (docs/porting.md))
endif
include $(DUT_MK)
$(foreach v,DUT_NAME DUT_TOP DUT_SRCS DUT_ADAPTER,$(if $($(v)),,$(error $(DUT_MK): $(v) is not set; docs/porting.md section 3 lists what a build description names)))
DUT_VL  := $(BUILD)/vl_dut_$(DUT_NAME)
DUT_OBJ := $(BUILD)/dut_$(DUT_NAME)
DUT_BIN := $(BUILD)/iommu-lockstep-$(DUT_NAME)
DUT_VERILATOR_FLAGS := --cc --trace-fst -O3 --x-assign fast --x-initial fast --top-module $(DUT_TOP) \
	$(addprefix -I,$(DUT_INCDIRS)) $(addprefix +define+,$(DUT_DEFINES)) $(addprefix -G,$(DUT_PARAMS)) $(DUT_VFLAGS)

.PHONY: example
example: $(DUT_BIN) ## build the bench for the example RTL with other ports (examples/other_rtl, or DUT_MK=your/dut.mk)

$(DUT_VL)/V$(DUT_TOP)__ALL.a: $(DUT_SRCS) $(DUT_MK)
	@rm -rf $(DUT_VL)
	$(VERILATOR) $(DUT_VERILATOR_FLAGS) -Mdir $(DUT_VL) $(DUT_SRCS)
	$(MAKE) -s -C $(DUT_VL) -f V$(DUT_TOP).mk V$(DUT_TOP)__ALL.a verilated.o verilated_fst_c.o verilated_threads.o OPT_FAST=-O2 OPT_GLOBAL=-O2

# The adapter's files: C++ (the part that includes the Verilated model) and C, each with its compiler.
DUT_ADAPTER_OBJS := $(patsubst %,$(DUT_OBJ)/%.o,$(basename $(DUT_ADAPTER)))

$(DUT_OBJ)/%.o: %.cpp $(DUT_VL)/V$(DUT_TOP)__ALL.a
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(DUT_CXXFLAGS) $(CMODEL_INC) -Itb -I$(DUT_VL) -I$(VINC) -I$(VINC)/vltstd -DVM_TRACE_FST=1 -c $< -o $@

$(DUT_OBJ)/%.o: %.c $(DUT_VL)/V$(DUT_TOP)__ALL.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DUT_CFLAGS) $(CMODEL_INC) -Itb -I$(DUT_VL) -c $< -o $@

# Another DUT is checked in config/rtl.cfg: its bench gets rtl_dut_config_path() from tb/porting/default_config.c.
$(BUILD)/porting/default_config.o: tb/porting/default_config.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMODEL_INC) -Itb -c $< -o $@

$(DUT_BIN): $(TB_C_OBJS) $(BUILD)/porting/default_config.o $(DUT_ADAPTER_OBJS) $(DUT_VL)/V$(DUT_TOP)__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/porting/default_config.o $(DUT_ADAPTER_OBJS) $(DUT_VL)/V$(DUT_TOP)__ALL.a $(addprefix $(DUT_VL)/,verilated.o verilated_fst_c.o verilated_threads.o) $(BUILD)/libcmodel.a -lz -lpthread -o $@

# make test runs the example; make lint lints it.
test: $(DUT_BIN)
.PHONY: lint-example
lint-example: $(RTL_CFG_PKG) ## verilator --lint-only -Wall on the example RTL with other ports (examples/other_rtl)
	$(VERILATOR) --lint-only -Wall --top-module $(DUT_TOP) $(addprefix -I,$(DUT_INCDIRS)) $(addprefix +define+,$(DUT_DEFINES)) $(DUT_SRCS)

# ---------------------------------------------------------------------------------------------- use
.PHONY: run
run: deps build ## random lockstep regression on the default seeds; one summary line
	@$(BUILD)/iommu-lockstep --seed 1 --seeds $(SEEDS) --transactions $(TRANSACTIONS) --check $(CHECK) --profile $(PROFILE) -q

.PHONY: test
test: deps build ## the whole test suite (lint, directed, random lockstep, planted bug, bad input; with FULL_BUILDS=1 tests/spec in lockstep on the full builds)
	@IOMMU_FULL_BUILDS=$(FULL_BUILDS) python3 tests/run_tests.py

.PHONY: model-random
model-random: build ## random self-check of the golden model (full configuration) against the spec oracle: make model-random SEEDS=1000
	@$(BUILD)/iommu-model-random --seed 1 --seeds $(SEEDS) --requests $(REQUESTS) -q

.PHONY: model-mutants
model-mutants: build ## the golden model with deliberate bugs, one at a time (one file recompiled each); each must fail its checks; GENERATED=1 adds ~200 operator mutants
	@python3 tools/model_mutants.py$(if $(filter 1,$(GENERATED)), --generated)

.PHONY: regress
regress: deps build ## many random seeds in parallel, failures grouped: make regress SEEDS=1000 JOBS=2 [CHECK=transaction] [PROFILE=realistic] [BENCH=build/iommu-lockstep-bug] [SHRINK=1]
	@python3 tools/regress.py --seeds $(SEEDS) --transactions $(TRANSACTIONS) --jobs $(JOBS) --timeout $(TIMEOUT) --bench $(BENCH) --bench-args="--check $(CHECK) --profile $(PROFILE) $(BENCH_ARGS)"$(if $(filter 1,$(SHRINK)), --shrink)

# make regress-full: the issue's acceptance regression, SEEDS seeds of each profile of FULL_PROFILES on the RTL
# built from config/full.cfg and from config/full_be.cfg (tools/regress_full.py runs tools/regress.py once per
# bench and profile, each into build/regress-full/BENCH/PROFILE/, and prints the pass counts per profile).
FULL_PROFILES ?= default corner modes directory process guest monitor live live-omit formats ats
.PHONY: regress-full
regress-full: deps $(BUILD)/iommu-lockstep-full $(BUILD)/iommu-lockstep-full-be ## acceptance: SEEDS random seeds per profile on the RTL of config/full.cfg and of config/full_be.cfg, pass counts per profile: make regress-full SEEDS=200 [FULL_PROFILES="default ats"]
	@python3 tools/regress_full.py --seeds $(SEEDS) --transactions $(TRANSACTIONS) --jobs $(JOBS) --timeout $(TIMEOUT) --profiles "$(FULL_PROFILES)" --bench $(BUILD)/iommu-lockstep-full --bench $(BUILD)/iommu-lockstep-full-be$(if $(BENCH_ARGS), --bench-args="$(BENCH_ARGS)")

.PHONY: cluster-check
cluster-check: deps build ## the cluster path for real, as root: GNU parallel (here and over ssh) and a one-node Slurm (munged, slurmctld, slurmd) each run a regression's commands; the merge must equal a local run (not in make test)
	@bash tools/cluster_check.sh

.PHONY: bench
bench: deps build ## throughput: bare Verilated RTL vs. lockstep, the functional runner, and translations/s of the model (iommu-perf)
	@python3 tools/bench.py

.PHONY: coverage
coverage: deps build $(BUILD)/iommu-lockstep-cov $(BUILD)/gcov/iommu-run ## functional bins never hit, and code coverage (RTL line/toggle, C model lines) of a random regression in HTML: build/coverage/html/index.html
	@bash tools/deps.sh lcov genhtml
	@python3 tools/code_coverage.py --build $(BUILD) --seeds $(SEEDS) --transactions $(TRANSACTIONS) --check $(CHECK) --jobs $(JOBS) --bench-args="--profile $(PROFILE) $(BENCH_ARGS)"

.PHONY: mutants
mutants: deps build ## RTL mutation campaign: all mutants in one schemata build (tools/mutate_rtl.py), each through a short regression
	@python3 tools/mutants.py

.PHONY: waves
waves: ## open the last mismatch in GTKWave (installs gtkwave if missing): make waves [WAVES=build/regress/seed-N]
	@test -f $(WAVES)/mismatch.gtkw || { echo "error: $(WAVES)/mismatch.gtkw does not exist: no mismatch has been recorded there yet (a failing lockstep run writes it)"; exit 1; }
	@test -n "$$DISPLAY$$WAYLAND_DISPLAY" || { echo "error: no display (DISPLAY is not set): GTKWave needs one. Copy $(WAVES)/mismatch.fst and $(WAVES)/mismatch.gtkw to a machine with a display and run gtkwave mismatch.gtkw there (the layout names the .fst by its path; edit the [dumpfile] line if it moved), or use ssh -X"; exit 1; }
	@bash tools/deps.sh gtkwave
	gtkwave $(WAVES)/mismatch.gtkw

.PHONY: lint
lint: $(RTL_CFG_PKG) $(RTL_MAX_PKG) ## verilator --lint-only -Wall on the RTL of config/rtl.cfg and of config/rtl_max.cfg (and on the planted-bug variants and the bench wrapper)
	$(VERILATOR) --lint-only -Wall --top-module iommu_top $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall --top-module iommu_top $(RTL_MAX_PKG) $(RTL_SV)
	$(VERILATOR) --lint-only -Wall --top-module iommu_top +define+IOMMU_BUGS $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall --top-module iommu_top +define+IOMMU_BUG_DC_REQ_UNSTABLE $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall --top-module iommu_tb_top $(RTL_SRCS) $(TB_TOP)

.PHONY: clean
clean: ## remove build products and waveforms
	rm -rf $(BUILD) waves/*.fst waves/*.gtkw
