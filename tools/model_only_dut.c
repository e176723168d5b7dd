/* The DUT side of build/iommu-lockstep-model9: a bench with no RTL, for a configuration no RTL builds yet
 * (tests/randgen/rtl_max_v9.cfg: config/rtl_max.cfg with the capability bits of docs/microarch.md version 9 (HPM, DBG, QOSID)).
 * Only `--dut model` runs: the golden timing model is the DUT, checked by the mapping oracle (every expect=,
 * the old|new sets of the live agent included, against a model that has caches) and, with
 * `--check transaction`, against the architectural layer. Any other --dut is refused with a message. */
#include <stdio.h>

#include "dut_if.h"
#include "rtl_dut.h"

const char *rtl_dut_config_path(void) { return "tests/randgen/rtl_max_v9.cfg"; }

int dut_new(const dut_params_t *params, dut_t *dut)
{
    (void)params, (void)dut;
    fprintf(stderr, "error: build/iommu-lockstep-model9 has no RTL (tests/randgen/rtl_max_v9.cfg has none yet): "
                    "run it with --dut model\n");
    return -1;
}
