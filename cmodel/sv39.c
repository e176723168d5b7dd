/* Sv39 translation rules (privileged spec "Sv39", "Virtual Address Translation Process"). Hardware A/D
 * update, Svnapot, Svpbmt and Svrsw60t59b are not implemented, so PTE bits 63:54 are reserved. These are
 * the rules of the RTL configuration, kept for the IOTLB of the timing layer; the general walker used by
 * the translation step machine is pagewalk.c. */
#include "sv39.h"

#include "pagewalk.h"
#include "spec_fields.h"

bool sv39_iova_canonical(uint64_t iova)
{
    uint64_t top = iova >> 38; /* bits 63:38 */
    return top == 0 || top == (~0ull >> 38);
}

uint64_t sv39_pte_addr(uint64_t a, uint64_t iova, unsigned i) { return a + va_vpn(iova, i) * SV39_PTESIZE; }

enum sv39_pte_kind sv39_pte_classify(uint64_t pte)
{
    if (!pte_V(pte))
        return SV39_PTE_INVALID;
    if (!pte_R(pte) && pte_W(pte))
        return SV39_PTE_INVALID; /* W=1 R=0 is reserved (also for IO: "Process to translate an IOVA") */
    if (pte_N(pte) || pte_PBMT(pte) || pte_reserved(pte))
        return SV39_PTE_INVALID; /* bits 63:54 reserved */
    if (!pte_R(pte) && !pte_X(pte)) {
        /* non-leaf: D, A and U are reserved for future standard use */
        if (pte_D(pte) || pte_A(pte) || pte_U(pte))
            return SV39_PTE_INVALID;
        return SV39_PTE_POINTER;
    }
    return SV39_PTE_LEAF;
}

bool sv39_leaf_misaligned(uint64_t pte, unsigned level)
{
    if (level == 0)
        return false;
    return (pte_PPN(pte) & field_ones(9 * level)) != 0;
}

sv39_perm_t sv39_perm_from_pte(uint64_t pte)
{
    sv39_perm_t p = {
        .r = pte_R(pte), .w = pte_W(pte), .x = pte_X(pte), .u = pte_U(pte), .a = pte_A(pte), .d = pte_D(pte),
    };
    return p;
}

enum fault_cause sv39_page_fault_cause(enum access_type acc)
{
    switch (acc) {
    case ACCESS_EXEC: return CAUSE_INSTRUCTION_PAGE_FAULT;
    case ACCESS_WRITE: return CAUSE_WRITE_PAGE_FAULT;
    default: return CAUSE_READ_PAGE_FAULT;
    }
}

enum fault_cause sv39_access_fault_cause(enum access_type acc)
{
    switch (acc) {
    case ACCESS_EXEC: return CAUSE_INSTRUCTION_ACCESS_FAULT;
    case ACCESS_WRITE: return CAUSE_WRITE_ACCESS_FAULT;
    default: return CAUSE_READ_ACCESS_FAULT;
    }
}

enum fault_cause sv39_leaf_permission_check(const sv39_perm_t *perm, const iommu_request_t *req)
{
    /* the general leaf rules of pagewalk.c with what this path has: no SUM (no process context), no MXR,
     * no hardware A/D update (the IOTLB of docs/microarch.md serves only the RTL configuration) */
    pw_perm_t p = {perm->r, perm->w, perm->x, perm->u, perm->a, perm->d};
    pw_access_t a = {.acc = request_access(req), .supervisor = request_is_supervisor(req), .sum = false, .mxr = false};
    return pw_leaf_check(&p, &a, false) == PW_LEAF_OK ? CAUSE_NONE : sv39_page_fault_cause(a.acc);
}

uint64_t sv39_leaf_pa(uint64_t leaf_ppn, unsigned level, uint64_t iova)
{
    uint64_t low = field_ones(12 + 9 * level); /* page offset and VPN[level-1:0] from the IOVA */
    return ((leaf_ppn << 12) & ~low) | (iova & low);
}
