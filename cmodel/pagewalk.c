/* Page-table walk rules (privileged spec "Virtual Address Translation Process", Sv32/39/48/57,
 * hypervisor "Guest Physical Address Translation" for the x4 modes, Svnapot, Svpbmt, Svrsw60t59b, Svadu).
 * See pagewalk.h for the memory-width choice for Sv32. */
#include "pagewalk.h"

#include "spec_fields.h"

const pw_mode_t pw_modes[PW_MODES] = {
    [PW_SV32] = {"Sv32", 2, 10, 4, 32, false},     [PW_SV39] = {"Sv39", 3, 9, 8, 39, false},
    [PW_SV48] = {"Sv48", 4, 9, 8, 48, false},      [PW_SV57] = {"Sv57", 5, 9, 8, 57, false},
    [PW_SV32X4] = {"Sv32x4", 2, 10, 4, 34, true},  [PW_SV39X4] = {"Sv39x4", 3, 9, 8, 41, true},
    [PW_SV48X4] = {"Sv48x4", 4, 9, 8, 50, true},   [PW_SV57X4] = {"Sv57x4", 5, 9, 8, 59, true},
};

bool pw_va_ok(const pw_mode_t *m, uint64_t va)
{
    if (m->x4 || pw_is_sv32(m))
        return (va >> m->va_bits) == 0; /* GPA zero-extended; Sv32: bits beyond 31 must be 0 */
    uint64_t top = va >> (m->va_bits - 1);
    return top == 0 || top == (~0ull >> (m->va_bits - 1));
}

uint64_t pw_pte_into_dword(const pw_mode_t *m, uint64_t addr, uint64_t dword, uint64_t pte)
{
    if (!pw_is_sv32(m))
        return pte;
    unsigned sh = (unsigned)(addr & 4) * 8;
    return (dword & ~(0xffffffffull << sh)) | ((pte & 0xffffffffull) << sh);
}

enum pw_pte_kind pw_pte_classify(const pw_mode_t *m, const pw_ext_t *ext, uint64_t pte, unsigned level)
{
    if (!pte_V(pte))
        return PW_PTE_INVALID;
    if (!pte_R(pte) && pte_W(pte))
        return PW_PTE_INVALID; /* reserved (also xwr=010 stays reserved for IO: "Process to translate an IOVA") */
    bool leaf = pte_R(pte) || pte_X(pte);
    if (!pw_is_sv32(m) && (pte >> 54) != 0) { /* each check below needs one of bits 63:54 set */
        /* bits 63:54: N (Svnapot), PBMT (Svpbmt), 60:59 (Svrsw60t59b), 58:54 reserved */
        if (pte_reserved_58_54(pte))
            return PW_PTE_INVALID;
        if (pte_RSW60t59b(pte) && !ext->svrsw60t59b)
            return PW_PTE_INVALID;
        if (pte_PBMT(pte) && (!ext->svpbmt || !leaf || pte_PBMT(pte) == 3))
            return PW_PTE_INVALID; /* Svpbmt: 3 reserved; non-leaf PBMT reserved */
        if (pte_N(pte)) {
            /* Svnapot: only the 64 KiB encoding (PPN[0][3:0] = 1000) at level 0 of a leaf exists */
            if (!ext->svnapot || !leaf || level != 0 || (pte_PPN(pte) & 0xf) != 0x8)
                return PW_PTE_INVALID;
        }
    }
    if (!leaf) {
        if (pte_D(pte) || pte_A(pte) || pte_U(pte))
            return PW_PTE_INVALID; /* non-leaf D, A, U reserved for future standard use */
        return PW_PTE_POINTER;
    }
    return PW_PTE_LEAF;
}

bool pw_leaf_misaligned(const pw_mode_t *m, uint64_t pte, unsigned level)
{
    if (level == 0)
        return false;
    return (pw_pte_ppn(m, pte) & field_ones(m->vpn_bits * level)) != 0;
}

enum pw_leaf_result pw_leaf_check(const pw_perm_t *p, const pw_access_t *a, bool hwad)
{
    /* step 6: U bit against privilege, SUM (and exec from a U page never allowed for Supervisor) */
    if (a->supervisor) {
        if (p->u && (!a->sum || a->acc == ACCESS_EXEC))
            return PW_LEAF_FAULT;
    } else if (!p->u) {
        return PW_LEAF_FAULT;
    }
    /* step 8: R/W/X (MXR makes X pages readable) */
    switch (a->acc) {
    case ACCESS_EXEC:
        if (!p->x) return PW_LEAF_FAULT;
        break;
    case ACCESS_READ:
        if (!p->r && !(a->mxr && p->x)) return PW_LEAF_FAULT;
        break;
    case ACCESS_WRITE:
        if (!p->w) return PW_LEAF_FAULT; /* W = 1 implies R = 1 in a valid leaf */
        break;
    }
    /* step 9 */
    if (!p->a || (a->acc == ACCESS_WRITE && !p->d))
        return hwad ? PW_LEAF_NEED_AD : PW_LEAF_FAULT;
    return PW_LEAF_OK;
}

uint64_t pw_pte_with_ad(uint64_t pte, enum access_type acc)
{
    pte = pte_A_ins(pte, 1);
    if (acc == ACCESS_WRITE)
        pte = pte_D_ins(pte, 1);
    return pte;
}
