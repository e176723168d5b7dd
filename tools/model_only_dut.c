/* The DUT side of build/iommu-lockstep-model10: a bench with no RTL, for a configuration no RTL builds yet
 * (tests/randgen/rtl_max_v10.cfg: docs/microarch.md version 10, config/full_be.cfg without ATS, T2GPA and the
 * page-request queue). Only `--dut model` runs: the golden timing model is the DUT, checked by the mapping
 * oracle and, with `--check transaction`, against the architectural layer. Any other --dut is refused with a
 * message. */
#include <stdio.h>

#include "dut_if.h"
#include "rtl_dut.h"

const char *rtl_dut_config_path(void) { return "tests/randgen/rtl_max_v10.cfg"; }

int dut_new(const dut_params_t *params, dut_t *dut)
{
    (void)params, (void)dut;
    fprintf(stderr, "error: build/iommu-lockstep-model10 has no RTL (tests/randgen/rtl_max_v10.cfg has none yet): "
                    "run it with --dut model\n");
    return -1;
}
