/* General RISC-V page-table walk rules for the IOMMU's first stage (Sv32, Sv39, Sv48, Sv57) and second
 * stage (Sv32x4, Sv39x4, Sv48x4, Sv57x4), driven by one table of mode parameters (privileged spec
 * "Virtual Address Translation Process", "Sv32", "Sv39", "Sv48", "Sv57"; hypervisor spec "Two-Stage Address
 * Translation", "Guest Physical Address Translation"; Svnapot, Svpbmt, Svrsw60t59b, Svadu). These are pure
 * functions: the walk itself (memory accesses, A/D updates, retries) is the step machine in xlate.c.
 *
 * Memory-width choice: Sv32 PTEs are 4 bytes. The memory interface moves 8-byte aligned doublewords, so a
 * 4-byte PTE is read as the containing doubleword and the half at (address & 4) is taken
 * (pw_pte_from_dword); an A/D update of a 4-byte PTE is an 8-byte compare-and-swap of the containing
 * doubleword with the other half unchanged (pw_pte_into_dword). The CAS is then at least as strict as the
 * 4-byte one the spec asks for: a change of the neighbouring PTE makes it fail and the walk re-reads the
 * PTE (privileged spec step 9 "return to step 2"), which is always a permitted outcome. */
#ifndef IOMMU_PAGEWALK_H
#define IOMMU_PAGEWALK_H

#include <stdbool.h>
#include <stdint.h>

#include "request.h"
#include "spec_fields.h"

enum { PW_MAX_LEVELS = 5 };

/* One row of the mode-parameter table. */
typedef struct {
    const char *name;
    unsigned levels;    /* LEVELS */
    unsigned vpn_bits;  /* bits of each VPN[i] (the root of an x4 mode has 2 more) */
    unsigned pte_size;  /* PTESIZE in bytes */
    unsigned va_bits;   /* width of the (guest-)virtual address */
    bool x4;            /* second stage: root 16 KiB, address zero-extended (not sign-extended) */
    /* derived from the above (PW_MODE_ROW in pagewalk.c), for the walk's address arithmetic:
     * VPN[i] = (va >> vpn_shift[i]) & vpn_mask[i] */
    uint8_t vpn_shift[PW_MAX_LEVELS];
    uint16_t vpn_mask[PW_MAX_LEVELS];
} pw_mode_t;

enum pw_mode_id { PW_SV32, PW_SV39, PW_SV48, PW_SV57, PW_SV32X4, PW_SV39X4, PW_SV48X4, PW_SV57X4, PW_MODES };
extern const pw_mode_t pw_modes[PW_MODES]; /* the table (constant) */
static inline const pw_mode_t *pw_mode(enum pw_mode_id id) { return id < PW_MODES ? &pw_modes[id] : 0; }

/* The PTE extensions implemented (from the configuration). */
typedef struct {
    bool svnapot, svpbmt, svrsw60t59b;
} pw_ext_t;

/* The rules every PTE of a walk goes through are inline: they run several times per translation, and as
 * calls they were a large share of a translation's cost in the functional runner. */
static inline bool pw_is_sv32(const pw_mode_t *m) { return m->pte_size == 4; }

/* Address range check: Sv39/48/57 bits 63:va_bits-1 all equal; Sv32 bits 63:32 zero; x4 modes bits
 * 63:va_bits zero. */
static inline bool pw_va_ok(const pw_mode_t *m, uint64_t va)
{
    if (m->x4 || pw_is_sv32(m))
        return (va >> m->va_bits) == 0; /* GPA zero-extended; Sv32: bits beyond 31 must be 0 */
    uint64_t top = va >> (m->va_bits - 1);
    return top == 0 || top == (~0ull >> (m->va_bits - 1));
}

/* VPN[i] of va (the root index of an x4 mode is 2 bits wider). */
static inline uint64_t pw_vpn(const pw_mode_t *m, uint64_t va, unsigned i)
{
    return (va >> m->vpn_shift[i]) & m->vpn_mask[i];
}

/* a + VPN[i] * PTESIZE */
static inline uint64_t pw_pte_addr(const pw_mode_t *m, uint64_t a, uint64_t va, unsigned i)
{
    return a + pw_vpn(m, va, i) * m->pte_size;
}

/* The PTE (4 or 8 bytes) held in the doubleword read from (addr & ~7), and the doubleword with it replaced. */
static inline uint64_t pw_pte_from_dword(const pw_mode_t *m, uint64_t addr, uint64_t dword)
{
    if (!pw_is_sv32(m))
        return dword;
    return (dword >> ((addr & 4) * 8)) & 0xffffffffull;
}
uint64_t pw_pte_into_dword(const pw_mode_t *m, uint64_t addr, uint64_t dword, uint64_t pte);

static inline uint64_t pw_pte_ppn(const pw_mode_t *m, uint64_t pte)
{
    return pw_is_sv32(m) ? pte32_PPN(pte) : pte_PPN(pte);
}

/* The address of the table a pointer PTE points to: PPN * 4096. The PPN field starts at bit 10, so a shift
 * by 2 and a mask do it (one step shorter on the path from a PTE to the next address than shift, mask,
 * shift). */
static inline uint64_t pw_pte_table(const pw_mode_t *m, uint64_t pte)
{
    if (pw_is_sv32(m))
        return pte32_PPN(pte) << 12;
    return (pte << 2) & (pte_PPN_MASK << 2);
}

enum pw_pte_kind {
    PW_PTE_INVALID, /* V = 0, W = 1 with R = 0, or a reserved bit / encoding: (guest-)page fault */
    PW_PTE_POINTER,
    PW_PTE_LEAF,
};
/* Step 3 of the process, with the extensions: classifies the PTE found at level i. */
static inline enum pw_pte_kind pw_pte_classify(const pw_mode_t *m, const pw_ext_t *ext, uint64_t pte,
                                               unsigned level)
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
        if (pte & (pte_D_MASK | pte_A_MASK | pte_U_MASK))
            return PW_PTE_INVALID; /* non-leaf D, A, U reserved for future standard use */
        return PW_PTE_POINTER;
    }
    return PW_PTE_LEAF;
}

/* Step 5: a leaf at level i > 0 with PPN[i-1:0] != 0. */
static inline bool pw_leaf_misaligned(const pw_mode_t *m, uint64_t pte, unsigned level)
{
    if (level == 0)
        return false;
    return (pw_pte_ppn(m, pte) & field_ones(m->vpn_bits * level)) != 0;
}

typedef struct {
    bool r, w, x, u, a, d;
} pw_perm_t;

static inline pw_perm_t pw_perm_from_pte(uint64_t pte)
{
    pw_perm_t p = {pte_R(pte), pte_W(pte), pte_X(pte), pte_U(pte), pte_A(pte), pte_D(pte)};
    return p;
}

/* The access being checked against a leaf. */
typedef struct {
    enum access_type acc;
    bool supervisor; /* requesting Supervisor privilege (always false for a second-stage leaf) */
    bool sum;        /* PC.ta.SUM (only with a process context whose ENS = 1) */
    bool mxr;        /* make-executable-readable: the IOMMU has no such control, so always false */
} pw_access_t;

enum pw_leaf_result {
    PW_LEAF_OK,
    PW_LEAF_FAULT,   /* steps 6 and 8 (U, R/W/X), or step 9 without hardware A/D update: page fault */
    PW_LEAF_NEED_AD, /* step 9 with hardware A/D update: A (and D on a store) must be set atomically */
};
/* Steps 6, 8, 9 of the process on a leaf's permissions. hwad: hardware A/D update enabled (SADE/GADE). */
static inline enum pw_leaf_result pw_leaf_check(const pw_perm_t *p, const pw_access_t *a, bool hwad)
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

/* The PTE with A set, and D set for a store (step 9). */
uint64_t pw_pte_with_ad(uint64_t pte, enum access_type acc);

/* The size of the region a leaf maps (64 KiB for a NAPOT leaf). */
static inline uint64_t pw_leaf_size(const pw_mode_t *m, uint64_t pte, unsigned level)
{
    if (!pw_is_sv32(m) && pte_N(pte))
        return 1ull << 16;
    return 1ull << (12 + m->vpn_bits * level);
}

/* Step 10: the translated address through a leaf at level i (NAPOT: PPN[0][3:0] from the address). */
static inline uint64_t pw_leaf_pa(const pw_mode_t *m, uint64_t pte, unsigned level, uint64_t va)
{
    uint64_t low = pw_leaf_size(m, pte, level) - 1; /* offset (and VPN fields below the level / NAPOT bits) */
    return ((pw_pte_ppn(m, pte) << 12) & ~low) | (va & low);
}

#endif
