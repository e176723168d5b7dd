/* Process-directory rules (IOMMU spec "Process-Directory-Table (PDT)", "Process to locate the
 * Process-context", "Process-context configuration checks"). */
#include "pdt.h"

#include "ddt.h"
#include "spec_fields.h"

unsigned pdt_levels(unsigned pdtp_mode)
{
    switch (pdtp_mode) {
    case PDTP_MODE_PD8: return 1;
    case PDTP_MODE_PD17: return 2;
    case PDTP_MODE_PD20: return 3;
    default: return 0;
    }
}

uint32_t pdt_pdi(uint32_t pid, unsigned i)
{
    switch (i) {
    case 0: return pid & 0xff;
    case 1: return (pid >> 8) & 0x1ff;
    default: return (pid >> 17) & 0x7;
    }
}

/* The spec's step 2 writes "PDI[2]" for every non-leaf level; the index of level i is meant (for PD17
 * the root is indexed by PDI[1], which is the only reading that reaches all 2^17 process IDs). */
uint64_t pdt_entry_addr(uint64_t a, uint32_t pid, unsigned i)
{
    return i != 0 ? a + (uint64_t)pdt_pdi(pid, i) * 8u : a + (uint64_t)pdt_pdi(pid, 0) * 16u;
}

enum fault_cause pdt_pdte_check(uint64_t pdte)
{
    if (!pdte_V(pdte))
        return CAUSE_PDT_ENTRY_NOT_VALID;
    if (pdte_reserved_lo(pdte) || pdte_reserved_hi(pdte))
        return CAUSE_PDT_ENTRY_MISCONFIGURED;
    return CAUSE_NONE;
}

enum fault_cause pdt_pc_check(const iommu_config_t *cfg, bool sxl, const uint64_t pc[2])
{
    uint64_t ta = pc[PC_TA], fsc = pc[PC_FSC];
    if (!pc_ta_V(ta))
        return CAUSE_PDT_ENTRY_NOT_VALID;
    /* 1: reserved bits; PSCID bits above the implemented width are treated as reserved */
    if (pc_ta_reserved_lo(ta) || pc_ta_reserved_hi(ta) || pc_fsc_reserved(fsc) ||
        (pc_ta_PSCID(ta) >> cfg->pscid_bits))
        return CAUSE_PDT_ENTRY_MISCONFIGURED;
    /* 2 - 4: fsc.MODE valid and supported for DC.tc.SXL */
    if (!ddt_fs_mode_supported(cfg, sxl, (unsigned)pc_fsc_MODE(fsc)))
        return CAUSE_PDT_ENTRY_MISCONFIGURED;
    return CAUSE_NONE;
}
