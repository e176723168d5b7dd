/* Random stimulus: from one seed, builds a stimulus program that sets up random device contexts (valid,
 * invalid and misconfigured), random Sv39 page tables (mapped and unmapped pages, every permission mix,
 * superpages, broken entries, faulting table memory) and the fault queue, then issues random requests
 * interleaved with the driver-like register work an OS does (clearing interrupts, recycling the fault
 * queue, switching the IOMMU off and back on). */
#ifndef TB_RANDGEN_H
#define TB_RANDGEN_H

#include <stdint.h>

#include "stim.h"

typedef struct {
    uint64_t seed;
    unsigned transactions;
} randgen_config_t;

void randgen_build(const randgen_config_t *cfg, stim_program_t *prog);

#endif
