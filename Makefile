# RISC-V IOMMU verification kit: every entry point. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

BUILD    := build
CC       ?= gcc
CXX      ?= g++
# Link-time optimisation: the model's steps are small functions in several files, and inlining across
# them is worth about a quarter of the functional runner's time (make bench). Fat objects keep the library
# usable by a link without -flto (tools/mutants.py).
LTO      := -flto=auto -ffat-lto-objects
CFLAGS   := -std=c11 -O2 -g -Wall -Wextra -Werror -MMD -MP $(LTO)
CXXFLAGS := -std=c++14 -O2 -g -Wall -Wextra -faligned-new -Wno-unused-parameter -MMD -MP
VERILATOR ?= verilator
VFLAGS   := --cc --trace-fst -O3 --x-assign fast --x-initial fast --top-module iommu_tb_top
VINC     := /usr/share/verilator/include

RTL_PKG  := rtl/iommu_pkg.sv
RTL_SRCS := $(RTL_PKG) $(filter-out $(RTL_PKG),$(sort $(wildcard rtl/*.sv)))
# The bench Verilates iommu_top inside a wrapper that adds the model's expected outputs to the waveform.
TB_TOP   := tb/iommu_tb_top.sv

CMODEL_SRCS := $(filter-out cmodel/iommu_run.c,$(sort $(wildcard cmodel/*.c)))
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
JOBS         ?= $(shell nproc)

# ---------------------------------------------------------------------------------------------- help
.PHONY: help
help: ## list the targets
	@echo "RISC-V IOMMU verification kit. Targets:"
	@grep -hE '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 16
	@echo "Variables: SEEDS=$(SEEDS) TRANSACTIONS=$(TRANSACTIONS) JOBS=$(JOBS) REQUESTS=$(REQUESTS) (make regress SEEDS=1000)"

# ---------------------------------------------------------------------------------------------- setup
.PHONY: deps
deps: ## check the tools the kit needs and install missing ones (Debian packages)
	@bash tools/deps.sh

# ---------------------------------------------------------------------------------------------- build
.PHONY: build
build: $(BUILD)/iommu-run $(BUILD)/iommu-perf $(BUILD)/iommu-lockstep $(BUILD)/iommu-lockstep-bug $(BUILD)/san/iommu-run $(BUILD)/iommu-model-random $(UNIT_BINS) ## build the runner, the throughput program, the benches, the model's random self-check, the sanitizer runner and the unit tests

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Icmodel -c $< -o $@

$(BUILD)/libcmodel.a: $(CMODEL_OBJS)
	rm -f $@ && gcc-ar rcs $@ $^

$(BUILD)/iommu-run: $(BUILD)/cmodel/iommu_run.o $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -o $@

# Translations per second of the architectural layer (tools/xlate_perf.c; make bench runs it).
$(BUILD)/iommu-perf: $(BUILD)/tools/xlate_perf.o $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -o $@

# The golden model's randomized self-check against an independent spec oracle (full configuration).
# Its objects live apart from build/tb/, whose objects make up the lockstep bench (tools/mutants.py links them all).
$(BUILD)/model-random/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Icmodel -c $< -o $@

$(BUILD)/iommu-model-random: $(MODEL_RANDOM_SRCS:%.c=$(BUILD)/model-random/%.o) $(BUILD)/tb/rng.o $(BUILD)/libcmodel.a
	$(CC) $(CFLAGS) $^ -o $@

# The functional runner again under AddressSanitizer and UndefinedBehaviorSanitizer (make test runs the
# directed scenarios through it).
$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -Icmodel -c $< -o $@

$(BUILD)/san/iommu-run: $(BUILD)/san/cmodel/iommu_run.o $(SAN_OBJS)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -o $@

# Unit tests: each tests/unit/NAME.c is a program linked with the model, run by make test.
$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libcmodel.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Icmodel $< $(BUILD)/libcmodel.a -o $@

# The Verilated RTL, built twice: as written, and with the planted bug (IOMMU_BUG_IGNORE_WRITE_PERM) that
# the bench must catch. $(1) = variant name, $(2) = extra Verilator flags.
define VERILATED
$(BUILD)/vl_$(1)/Viommu_tb_top__ALL.a: $(RTL_SRCS) $(TB_TOP)
	@rm -rf $(BUILD)/vl_$(1)
	$(VERILATOR) $(VFLAGS) $(2) -Mdir $(BUILD)/vl_$(1) $(RTL_SRCS) $(TB_TOP)
	$(MAKE) -s -C $(BUILD)/vl_$(1) -f Viommu_tb_top.mk Viommu_tb_top__ALL.a verilated.o verilated_fst_c.o verilated_threads.o OPT_FAST=-O2 OPT_GLOBAL=-O2

$(BUILD)/tb_$(1)/rtl_dut.o: tb/rtl_dut.cpp tb/rtl_dut.h cmodel/iommu_port.h $(BUILD)/vl_$(1)/Viommu_tb_top__ALL.a
	@mkdir -p $$(dir $$@)
	$(CXX) $(CXXFLAGS) -Icmodel -Itb -I$(BUILD)/vl_$(1) -I$(VINC) -I$(VINC)/vltstd -DVM_TRACE_FST=1 -c $$< -o $$@
endef
$(eval $(call VERILATED,ok,))
$(eval $(call VERILATED,bug,+define+IOMMU_BUG_IGNORE_WRITE_PERM))

VL_RUNTIME = $(addprefix $(BUILD)/vl_$(1)/,verilated.o verilated_fst_c.o verilated_threads.o)

$(BUILD)/iommu-lockstep: $(TB_C_OBJS) $(BUILD)/tb_ok/rtl_dut.o $(BUILD)/vl_ok/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_ok/rtl_dut.o $(BUILD)/vl_ok/Viommu_tb_top__ALL.a $(call VL_RUNTIME,ok) $(BUILD)/libcmodel.a -lz -lpthread -o $@

$(BUILD)/iommu-lockstep-bug: $(TB_C_OBJS) $(BUILD)/tb_bug/rtl_dut.o $(BUILD)/vl_bug/Viommu_tb_top__ALL.a $(BUILD)/libcmodel.a
	$(CXX) $(LTO) -O2 $(TB_C_OBJS) $(BUILD)/tb_bug/rtl_dut.o $(BUILD)/vl_bug/Viommu_tb_top__ALL.a $(call VL_RUNTIME,bug) $(BUILD)/libcmodel.a -lz -lpthread -o $@

-include $(shell find $(BUILD) -path $(BUILD)/mutants -prune -o -name '*.d' -print 2>/dev/null)

# ---------------------------------------------------------------------------------------------- use
.PHONY: run
run: deps build ## random lockstep regression on the default seeds; one summary line
	@$(BUILD)/iommu-lockstep --seed 1 --seeds $(SEEDS) --transactions $(TRANSACTIONS) -q

.PHONY: test
test: deps build ## the whole test suite (lint, directed, random lockstep, planted bug, bad input)
	@python3 tests/run_tests.py

.PHONY: model-random
model-random: build ## random self-check of the golden model (full configuration) against the spec oracle: make model-random SEEDS=1000
	@$(BUILD)/iommu-model-random --seed 1 --seeds $(SEEDS) --requests $(REQUESTS) -q

.PHONY: model-mutants
model-mutants: build ## the golden model with deliberate bugs, one at a time (one file recompiled each); each must fail make model-random's check
	@python3 tools/model_mutants.py

.PHONY: regress
regress: deps build ## many random seeds in parallel: make regress SEEDS=1000 JOBS=2
	@bash tools/regress.sh $(SEEDS) $(TRANSACTIONS) $(JOBS)

.PHONY: bench
bench: deps build ## throughput: bare Verilated RTL vs. lockstep, the functional runner, and translations/s of the model (iommu-perf)
	@python3 tools/bench.py

.PHONY: coverage
coverage: deps build ## functional coverage of a random regression: bins never hit, and a summary line
	@$(BUILD)/iommu-lockstep --seed 1 --seeds $(SEEDS) --transactions $(TRANSACTIONS) -q --no-waves --coverage $(BUILD)/coverage.txt
	@python3 tools/coverage_report.py $(BUILD)/coverage.txt

.PHONY: mutants
mutants: deps build ## RTL mutation campaign: all mutants in one schemata build (tools/mutate_rtl.py), each through a short regression
	@python3 tools/mutants.py

.PHONY: waves
waves: ## open the last mismatch in GTKWave (installs gtkwave if missing)
	@test -f waves/mismatch.gtkw || { echo "error: waves/mismatch.gtkw does not exist: no mismatch has been recorded yet (a failing lockstep run writes it)"; exit 1; }
	@bash tools/deps.sh gtkwave
	gtkwave waves/mismatch.gtkw

.PHONY: lint
lint: ## verilator --lint-only -Wall on the RTL (and on the planted-bug variant and the bench wrapper)
	$(VERILATOR) --lint-only -Wall --top-module iommu_top $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall --top-module iommu_top +define+IOMMU_BUG_IGNORE_WRITE_PERM $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall --top-module iommu_tb_top $(RTL_SRCS) $(TB_TOP)

.PHONY: clean
clean: ## remove build products and waveforms
	rm -rf $(BUILD) waves/*.fst waves/*.gtkw
