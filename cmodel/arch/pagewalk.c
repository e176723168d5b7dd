/* Page-table walk rules (privileged spec "Virtual Address Translation Process", Sv32/39/48/57,
 * hypervisor "Guest Physical Address Translation" for the x4 modes, Svnapot, Svpbmt, Svrsw60t59b, Svadu).
 * See pagewalk.h for the memory-width choice for Sv32. */
#include "pagewalk.h"

#include "spec_fields.h"

/* VPN[i] starts at bit 12 + vpn_bits * i and has vpn_bits bits, 2 more at the root of an x4 mode. */
#define PW_SHIFT(vb, i) (12 + (vb) * (i))
#define PW_MASK(lv, vb, x4, i) ((1u << ((vb) + ((x4) && (i) == (lv) - 1 ? 2 : 0))) - 1)
#define PW_MODE_ROW(name, lv, vb, size, va, x4)                                                              \
    {name, lv, vb, size, va, x4,                                                                             \
     {PW_SHIFT(vb, 0), PW_SHIFT(vb, 1), PW_SHIFT(vb, 2), PW_SHIFT(vb, 3), PW_SHIFT(vb, 4)},                   \
     {PW_MASK(lv, vb, x4, 0), PW_MASK(lv, vb, x4, 1), PW_MASK(lv, vb, x4, 2), PW_MASK(lv, vb, x4, 3),         \
      PW_MASK(lv, vb, x4, 4)}}

const pw_mode_t pw_modes[PW_MODES] = {
    [PW_SV32] = PW_MODE_ROW("Sv32", 2, 10, 4, 32, false),
    [PW_SV39] = PW_MODE_ROW("Sv39", 3, 9, 8, 39, false),
    [PW_SV48] = PW_MODE_ROW("Sv48", 4, 9, 8, 48, false),
    [PW_SV57] = PW_MODE_ROW("Sv57", 5, 9, 8, 57, false),
    [PW_SV32X4] = PW_MODE_ROW("Sv32x4", 2, 10, 4, 34, true),
    [PW_SV39X4] = PW_MODE_ROW("Sv39x4", 3, 9, 8, 41, true),
    [PW_SV48X4] = PW_MODE_ROW("Sv48x4", 4, 9, 8, 50, true),
    [PW_SV57X4] = PW_MODE_ROW("Sv57x4", 5, 9, 8, 59, true),
};

uint64_t pw_pte_into_dword(const pw_mode_t *m, uint64_t addr, uint64_t dword, uint64_t pte)
{
    if (!pw_is_sv32(m))
        return pte;
    unsigned sh = (unsigned)(addr & 4) * 8;
    return (dword & ~(0xffffffffull << sh)) | ((pte & 0xffffffffull) << sh);
}

uint64_t pw_pte_with_ad(uint64_t pte, enum access_type acc)
{
    pte = pte_A_ins(pte, 1);
    if (acc == ACCESS_WRITE)
        pte = pte_D_ins(pte, 1);
    return pte;
}
