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
