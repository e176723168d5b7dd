/* The golden timing model (cmodel/timing/iommu_tm.h) behind the DUT interface (tb/dut_if.h), so that the bench can
 * run it as the device under test (--dut model): alone, or at transaction level against the arch layer. */
#ifndef TB_MODEL_DUT_H
#define TB_MODEL_DUT_H

#include "config.h"
#include "dut_if.h"

/* The timing model built for cfg (the configuration the RTL was built from, docs/microarch.md section 3.1).
 * Fills *dut; returns 0, or -1 with a message on stderr (out of memory). */
int model_dut_new(dut_t *dut, const iommu_config_t *cfg);

#endif
