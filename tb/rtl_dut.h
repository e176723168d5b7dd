/* The Verilated iommu_top behind a C interface (implemented in rtl_dut.cpp, the only C++ file of the
 * bench). Contract per cycle, mirroring cmodel/timing/iommu_tm.h: rtl_dut_outputs() gives this cycle's outputs,
 * then rtl_dut_clock() applies this cycle's inputs and the rising edge. */
#ifndef TB_RTL_DUT_H
#define TB_RTL_DUT_H

#include <stdbool.h>
#include <stddef.h>

#include "iommu_port.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rtl_dut rtl_dut_t;

/* The configuration file the RTL was built from (docs/microarch.md section 3.1), as the Makefile passed it
 * (config/rtl.cfg for build/iommu-lockstep, config/rtl_max.cfg for build/iommu-lockstep-max). The bench uses
 * that same file for the timing model and the transaction check. A bench linked with another DUT's adapter
 * (docs/porting.md) has the default, config/rtl.cfg (tb/porting/default_config.c). */
const char *rtl_dut_config_path(void);
/* argv is passed to Verilated (so +verilator+seed+N and friends work). */
rtl_dut_t *rtl_dut_new(int argc, char **argv);
void rtl_dut_free(rtl_dut_t *dut);
void rtl_dut_outputs(rtl_dut_t *dut, iommu_outputs_t *out);
void rtl_dut_clock(rtl_dut_t *dut, const iommu_inputs_t *in);
/* Drives the wrapper's model_* inputs, which only the waveform shows, with the model's outputs for the
 * cycle that the next rising edge starts (call it right before rtl_dut_clock, so the model's value lines up
 * with the RTL's in the waveform). */
void rtl_dut_show_model(rtl_dut_t *dut, const iommu_outputs_t *model_next);
/* Starts FST tracing from the current cycle; returns 0 on success. */
int rtl_dut_trace_open(rtl_dut_t *dut, const char *path);
void rtl_dut_trace_close(rtl_dut_t *dut);
/* The time stamp in the trace of the start of the current cycle. */
uint64_t rtl_dut_time(const rtl_dut_t *dut);
/* The first RTL assertion that failed since the last call (checked at every rising edge of rtl_dut_clock):
 * returns true and writes "FILE:LINE: RTL assertion failed (at trace time T)" to msg (at most n bytes), or
 * returns false. Only a build with Verilator's --assert checks assertions. */
bool rtl_dut_assertion(rtl_dut_t *dut, char *msg, size_t n);

#ifdef __cplusplus
}
#endif

#endif
