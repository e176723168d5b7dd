/* Timing layer of the golden model: a cycle-stepped model of the microarchitecture in
 * docs/microarch.md. Each cycle it takes the same inputs as iommu_top and produces every output,
 * including the observation port.
 *
 * Contract with the bench, per cycle:
 *   1. iommu_tm_outputs() gives the outputs of the current cycle. They depend only on state registered at
 *      the previous edge (docs/microarch.md section 1), so they can be read before the inputs are known.
 *   2. iommu_tm_clock() applies the rising edge with the inputs of this cycle (including rst_n).
 * The model owns no memory: memory data reaches it only through mem_rsp_* inputs. */
#ifndef IOMMU_TM_H
#define IOMMU_TM_H

#include "config.h"
#include "iommu_port.h"

typedef struct iommu_tm iommu_tm_t;

/* cfg: the configuration the RTL was built from (docs/microarch.md section 3.1; config/rtl.cfg, or up to
 * config/rtl_max.cfg); copied. Returns NULL when out of memory. */
iommu_tm_t *iommu_tm_new(const iommu_config_t *cfg);
/* NULL when the timing layer implements cfg (what docs/microarch.md describes: the capabilities of
 * config/rtl_max.cfg or fewer), else the name of a feature it lacks, for a message. */
const char *iommu_tm_unsupported(const iommu_config_t *cfg);
void iommu_tm_free(iommu_tm_t *tm);
void iommu_tm_outputs(const iommu_tm_t *tm, iommu_outputs_t *out);
void iommu_tm_clock(iommu_tm_t *tm, const iommu_inputs_t *in);
/* For a report: in a G-walk state (StGpteReq .. StGadWait, docs/microarch.md 5.6) the walk's purpose ("FsPte",
 * "FsAd", "Pdt", "Pc", "Final") with its GPA in *gpa; NULL in any other state. */
const char *iommu_tm_gwalk(const iommu_tm_t *tm, uint64_t *gpa);

#endif
