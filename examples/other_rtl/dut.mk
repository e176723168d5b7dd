# The build description of a device under test: everything the bench needs to Verilate a user's RTL and
# link it behind its adapter (docs/porting.md). `make example` builds build/iommu-lockstep-$(DUT_NAME)
# from this file; `make example DUT_MK=path/to/your/dut.mk` from yours. Paths are from the repository root.

# Name of the bench binary: build/iommu-lockstep-$(DUT_NAME).
DUT_NAME    := other
# Top module; Verilator names its C++ class V$(DUT_TOP), which the adapter includes.
DUT_TOP     := iommu_other_top
# Source files in compile order (packages first). This example wraps our own RTL, so it takes the kit's
# RTL file list (RTL_SRCS of the Makefile: the package, then rtl/*.sv) and adds its top; yours lists your
# files, e.g. DUT_SRCS := my_rtl/my_pkg.sv my_rtl/my_iommu.sv.
DUT_SRCS    := $(RTL_SRCS) examples/other_rtl/iommu_other_top.sv
# Include directories (`include files), defines (NAME or NAME=VALUE) and top-level parameters (NAME=VALUE).
DUT_INCDIRS :=
DUT_DEFINES :=
DUT_PARAMS  := MemIdW=2
# Extra Verilator flags. -fno-dfg works around scheduling bugs of Verilator 5.006's DFG optimizer
# (fixed in later releases); it costs a little speed and is safe for any design.
DUT_VFLAGS  := -fno-dfg
# The adapter implementing dut_new() of tb/dut_if.h: one or more .cpp files (the part that includes the
# Verilated model V$(DUT_TOP).h is C++) and .c files; extra flags for each compiler.
DUT_ADAPTER := examples/other_rtl/adapter.cpp
DUT_CXXFLAGS :=
DUT_CFLAGS  :=
