/* The golden timing model as a DUT (see model_dut.h). It has no waveform of its own: the trace members
 * stay NULL and the bench writes no waveform for it. */
#include "model_dut.h"

#include <stdio.h>

#include "iommu_tm.h"

static void model_outputs(void *self, iommu_outputs_t *out) { iommu_tm_outputs(self, out); }
static void model_clock(void *self, const iommu_inputs_t *in) { iommu_tm_clock(self, in); }
static void model_free(void *self) { iommu_tm_free(self); }

static const dut_ops_t model_ops = {
    .name = "model (golden timing model, cmodel/timing/iommu_tm.c)",
    .outputs = model_outputs,
    .clock = model_clock,
    .free = model_free,
};

int model_dut_new(dut_t *dut, const iommu_config_t *cfg)
{
    iommu_tm_t *tm = iommu_tm_new(cfg);
    if (tm == NULL) {
        fprintf(stderr, "iommu-lockstep: out of memory for the timing model\n");
        return -1;
    }
    dut->ops = &model_ops;
    dut->self = tm;
    return 0;
}
