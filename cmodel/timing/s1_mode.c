/* The first-stage rules the IOTLB of the timing layer applies on a hit (privileged spec "Sv39", "Sv48",
 * "Sv57", "Virtual Address Translation Process"): the modes' levels and widths, the canonical IOVA check,
 * the leaf permission check (the general rules of pagewalk.c with the process context's SUM and no MXR,
 * as in the RTL configuration), whether a hit needs only an A/D update, and the translated address. The walks themselves are pagewalk.c's. */
#include "s1_mode.h"

#include "pagewalk.h"
#include "spec_fields.h"

unsigned s1_mode_levels(unsigned iosatp_mode)
{
    switch (iosatp_mode) {
    case IOSATP_MODE_SV39: return 3;
    case IOSATP_MODE_SV48: return 4;
    case IOSATP_MODE_SV57: return 5;
    default: return 0;
    }
}

unsigned s1_mode_levels_sxl(bool sxl, unsigned iosatp_mode)
{
    if (sxl)
        return iosatp_mode == IOSATP_MODE_SV32 ? 2 : 0;
    return s1_mode_levels(iosatp_mode);
}

unsigned s1_mode_vaw(unsigned levels) { return 12 + 9 * levels; }

bool s1_iova_canonical(uint64_t iova, unsigned levels)
{
    uint64_t top = iova >> (s1_mode_vaw(levels) - 1); /* bits 63:VAW-1 */
    return top == 0 || top == (~0ull >> (s1_mode_vaw(levels) - 1));
}

enum fault_cause s1_leaf_permission_check(const s1_perm_t *perm, const iommu_request_t *req, bool sum)
{
    /* the general leaf rules of pagewalk.c with what this path has: the PC's SUM (false without one), no MXR;
     * a hit needing an A/D update is a fault here, and StLookup decides (s1_leaf_needs_ad) whether
     * tc.SADE turns it into a walk (docs/microarch.md 5.1 step 5, version 6) */
    pw_perm_t p = {perm->r, perm->w, perm->x, perm->u, perm->a, perm->d};
    pw_access_t a = {.acc = request_access(req), .supervisor = request_is_supervisor(req), .sum = sum, .mxr = false};
    return pw_leaf_check(&p, &a, false) == PW_LEAF_OK ? CAUSE_NONE : access_page_fault(a.acc);
}

bool s1_leaf_needs_ad(const s1_perm_t *perm, const iommu_request_t *req, bool sum)
{
    pw_perm_t p = {perm->r, perm->w, perm->x, perm->u, perm->a, perm->d};
    pw_access_t a = {.acc = request_access(req), .supervisor = request_is_supervisor(req), .sum = sum, .mxr = false};
    return pw_leaf_check(&p, &a, true) == PW_LEAF_NEED_AD;
}

uint64_t s1_leaf_pa(uint64_t leaf_ppn, unsigned level, uint64_t iova)
{
    uint64_t low = field_ones(12 + 9 * level); /* page offset and VPN[level-1:0] from the IOVA */
    return ((leaf_ppn << 12) & ~low) | (iova & low);
}
