/* rtl_dut_config_path() (tb/rtl_dut.h) for a bench linked with another DUT's adapter (docs/porting.md) instead
 * of tb/rtl_dut.cpp: such a DUT is checked in the configuration config/rtl.cfg (the timing model's and the
 * transaction check's). Linked only into that bench (Makefile, DUT_BIN), so that it never meets the RTL shim's
 * definition, which names the file the Verilated RTL was built from. */
#include "rtl_dut.h"

const char *rtl_dut_config_path(void) { return "config/rtl.cfg"; }
