/* Shift/mask accessors for the fields of the RISC-V IOMMU registers and in-memory data structures used by
 * this model, named like the specification's fields: reg_FIELD(v) extracts, reg_FIELD_ins(v, x) inserts,
 * reg_FIELD_MASK is the in-place mask. Layouts: IOMMU spec "Register layout", "ddtp", "fqb", "fqcsr",
 * "ipsr", "icvec", "capabilities"; "Device-context fields" (tc, iohgatp, ta, fsc); "Fault/Event-Queue"
 * record; privileged spec "Sv39" PTE and virtual address. No C bitfields. */
#ifndef IOMMU_SPEC_FIELDS_H
#define IOMMU_SPEC_FIELDS_H

#include <stdint.h>

static inline uint64_t field_ones(unsigned width) { return width >= 64 ? ~0ull : ((1ull << width) - 1); }

#define SPEC_FIELD(reg, field, lsb, width)                                                              \
    static const uint64_t reg##_##field##_MASK = ((width) >= 64 ? ~0ull : ((1ull << (width)) - 1)) << (lsb); \
    static inline uint64_t reg##_##field(uint64_t v) { return (v >> (lsb)) & field_ones(width); }      \
    static inline uint64_t reg##_##field##_ins(uint64_t v, uint64_t x)                                 \
    {                                                                                                   \
        return (v & ~reg##_##field##_MASK) | ((x & field_ones(width)) << (lsb));                        \
    }

/* ---- registers ---- */
SPEC_FIELD(capabilities, version, 0, 8)
SPEC_FIELD(capabilities, Sv39, 9, 1)
SPEC_FIELD(capabilities, IGS, 28, 2)
SPEC_FIELD(capabilities, PAS, 32, 6)

SPEC_FIELD(fctl, BE, 0, 1)
SPEC_FIELD(fctl, WSI, 1, 1)
SPEC_FIELD(fctl, GXL, 2, 1)

SPEC_FIELD(ddtp, iommu_mode, 0, 4)
SPEC_FIELD(ddtp, busy, 4, 1)
SPEC_FIELD(ddtp, PPN, 10, 44)

SPEC_FIELD(fqb, LOG2SZM1, 0, 5) /* the spec's "LOG2SZ-1" */
SPEC_FIELD(fqb, PPN, 10, 44)

SPEC_FIELD(fqcsr, fqen, 0, 1)
SPEC_FIELD(fqcsr, fie, 1, 1)
SPEC_FIELD(fqcsr, fqmf, 8, 1)
SPEC_FIELD(fqcsr, fqof, 9, 1)
SPEC_FIELD(fqcsr, fqon, 16, 1)
SPEC_FIELD(fqcsr, busy, 17, 1)

SPEC_FIELD(ipsr, cip, 0, 1)
SPEC_FIELD(ipsr, fip, 1, 1)
SPEC_FIELD(ipsr, pmip, 2, 1)
SPEC_FIELD(ipsr, pip, 3, 1)

SPEC_FIELD(icvec, civ, 0, 4)
SPEC_FIELD(icvec, fiv, 4, 4)
SPEC_FIELD(icvec, pmiv, 8, 4)
SPEC_FIELD(icvec, piv, 12, 4)

/* ddtp.iommu_mode encodings */
enum ddtp_mode { DDTP_MODE_OFF = 0, DDTP_MODE_BARE = 1, DDTP_MODE_1LVL = 2, DDTP_MODE_2LVL = 3, DDTP_MODE_3LVL = 4 };

/* ---- device context (base format, 4 doublewords) ---- */
enum { DC_TC = 0, DC_IOHGATP = 1, DC_TA = 2, DC_FSC = 3, DC_DWORDS = 4 };

SPEC_FIELD(tc, V, 0, 1)
SPEC_FIELD(tc, EN_ATS, 1, 1)
SPEC_FIELD(tc, EN_PRI, 2, 1)
SPEC_FIELD(tc, T2GPA, 3, 1)
SPEC_FIELD(tc, DTF, 4, 1)
SPEC_FIELD(tc, PDTV, 5, 1)
SPEC_FIELD(tc, PRPR, 6, 1)
SPEC_FIELD(tc, GADE, 7, 1)
SPEC_FIELD(tc, SADE, 8, 1)
SPEC_FIELD(tc, DPE, 9, 1)
SPEC_FIELD(tc, SBE, 10, 1)
SPEC_FIELD(tc, SXL, 11, 1)
SPEC_FIELD(tc, reserved_lo, 12, 12)
SPEC_FIELD(tc, custom, 24, 8)
SPEC_FIELD(tc, reserved_hi, 32, 32)

SPEC_FIELD(iohgatp, PPN, 0, 44)
SPEC_FIELD(iohgatp, GSCID, 44, 16)
SPEC_FIELD(iohgatp, MODE, 60, 4)

SPEC_FIELD(ta, reserved_lo, 0, 12)
SPEC_FIELD(ta, PSCID, 12, 20)
SPEC_FIELD(ta, reserved_mid, 32, 8)
SPEC_FIELD(ta, RCID, 40, 12)
SPEC_FIELD(ta, MCID, 52, 12)

/* fsc holds iosatp (PDTV = 0) or pdtp (PDTV = 1); both have the same layout. */
SPEC_FIELD(iosatp, PPN, 0, 44)
SPEC_FIELD(iosatp, reserved, 44, 16)
SPEC_FIELD(iosatp, MODE, 60, 4)
SPEC_FIELD(pdtp, PPN, 0, 44)
SPEC_FIELD(pdtp, reserved, 44, 16)
SPEC_FIELD(pdtp, MODE, 60, 4)

enum iosatp_mode { IOSATP_MODE_BARE = 0, IOSATP_MODE_SV39 = 8, IOSATP_MODE_SV48 = 9, IOSATP_MODE_SV57 = 10 };
enum iohgatp_mode { IOHGATP_MODE_BARE = 0 };
enum pdtp_mode { PDTP_MODE_BARE = 0, PDTP_MODE_PD8 = 1, PDTP_MODE_PD17 = 2, PDTP_MODE_PD20 = 3 };

/* ---- Sv39 page-table entry and virtual address (privileged spec "Sv39") ---- */
SPEC_FIELD(pte, V, 0, 1)
SPEC_FIELD(pte, R, 1, 1)
SPEC_FIELD(pte, W, 2, 1)
SPEC_FIELD(pte, X, 3, 1)
SPEC_FIELD(pte, U, 4, 1)
SPEC_FIELD(pte, G, 5, 1)
SPEC_FIELD(pte, A, 6, 1)
SPEC_FIELD(pte, D, 7, 1)
SPEC_FIELD(pte, RSW, 8, 2)
SPEC_FIELD(pte, PPN, 10, 44)
SPEC_FIELD(pte, reserved, 54, 7) /* bits 60:54 */
SPEC_FIELD(pte, PBMT, 61, 2)     /* reserved: Svpbmt not implemented */
SPEC_FIELD(pte, N, 63, 1)        /* reserved: Svnapot not implemented */

SPEC_FIELD(va, pgoff, 0, 12)
SPEC_FIELD(va, VPN, 12, 27) /* VPN[2:0] */

static inline uint64_t va_vpn(uint64_t va, unsigned i) { return (va >> (12 + 9 * i)) & 0x1ff; }

/* ---- fault record doubleword 0 ("Fault/Event-Queue") ---- */
SPEC_FIELD(fault_rec, CAUSE, 0, 12)
SPEC_FIELD(fault_rec, PID, 12, 20)
SPEC_FIELD(fault_rec, PV, 32, 1)
SPEC_FIELD(fault_rec, PRIV, 33, 1)
SPEC_FIELD(fault_rec, TTYP, 34, 6)
SPEC_FIELD(fault_rec, DID, 40, 24)

#endif
