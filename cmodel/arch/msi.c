/* MSI address translation (IOMMU spec "Process to translate addresses of MSIs"). An MSI PTE with C = 1
 * ("implementation defined") is treated as misconfigured: this model defines no custom format. */
#include "msi.h"

#include "spec_fields.h"

bool msi_is_vif(const uint64_t *dc, uint64_t gpa)
{
    uint64_t mask = msi_addr_mask_mask(dc[DC_MSI_ADDR_MASK]);
    uint64_t pat = msi_addr_pattern_pattern(dc[DC_MSI_ADDR_PATTERN]);
    return ((gpa >> 12) & ~mask) == (pat & ~mask);
}

uint64_t msi_free_range(const uint64_t *dc, uint64_t gpa, uint64_t size)
{
    uint64_t mask = msi_addr_mask_mask(dc[DC_MSI_ADDR_MASK]);
    uint64_t pat = msi_addr_pattern_pattern(dc[DC_MSI_ADDR_PATTERN]);
    for (; size > 4096; size >>= 1) {
        /* the range's pages share gpa's page-number bits above `low` and take every value below: one of them
         * matches the pattern unless a fixed bit that the mask compares differs from it */
        uint64_t low = (size >> 12) - 1;
        if ((((gpa >> 12) ^ pat) & ~mask & ~low) != 0)
            break;
    }
    return size;
}

uint64_t msi_extract(uint64_t x, uint64_t y)
{
    uint64_t r = 0;
    unsigned n = 0;
    for (unsigned b = 0; b < 64; b++)
        if ((y >> b) & 1)
            r |= ((x >> b) & 1) << n++;
    return r;
}

uint64_t msi_pte_addr(const uint64_t *dc, uint64_t gpa)
{
    uint64_t i = msi_extract(gpa >> 12, msi_addr_mask_mask(dc[DC_MSI_ADDR_MASK]));
    return (msiptp_PPN(dc[DC_MSIPTP]) << 12) | (i * 16u);
}

msi_result_t msi_pte_decode(const iommu_config_t *cfg, const uint64_t pte[2], uint64_t gpa, bool exec)
{
    msi_result_t r = {0};
    uint64_t p0 = pte[0], p1 = pte[1];
    if (!msipte_V(p0)) {
        r.cause = CAUSE_MSI_PTE_NOT_VALID;
        return r;
    }
    unsigned m = (unsigned)msipte_M(p0);
    if (msipte_C(p0) || m == 0 || m == 2) {
        r.cause = CAUSE_MSI_PTE_MISCONFIGURED;
        return r;
    }
    if (m == 3) { /* basic translate mode: the second doubleword is ignored (AIA "MSI PTE, basic translate mode") */
        if (msipte_wt_reserved_lo(p0) || msipte_wt_reserved_hi(p0)) {
            r.cause = CAUSE_MSI_PTE_MISCONFIGURED;
            return r;
        }
        r.pa = (msipte_PPN(p0) << 12) | (gpa & 0xfff);
    } else { /* m == 1: MRIF mode */
        if (!capabilities_MSI_MRIF(cfg->capabilities) || msipte_mrif_reserved_lo(p0) || msipte_mrif_reserved_hi(p0) ||
            msipte1_reserved_mid(p1) || msipte1_reserved_hi(p1)) {
            r.cause = CAUSE_MSI_PTE_MISCONFIGURED;
            return r;
        }
        r.mrif = true;
        r.mrif_addr = msipte_MRIF_Address(p0) << 9;
        r.notice_addr = msipte1_NPPN(p1) << 12;
        r.notice_data = (uint32_t)((msipte1_N10(p1) << 10) | msipte1_N(p1));
    }
    /* permissions of a second-stage PTE with R = W = U = 1, X = 0 */
    if (exec) {
        r.cause = CAUSE_INSTRUCTION_ACCESS_FAULT;
        r.mrif = false;
    }
    return r;
}
