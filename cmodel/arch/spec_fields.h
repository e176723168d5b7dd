/* Shift/mask accessors for the fields of the RISC-V IOMMU registers and in-memory data structures used by
 * this model, named like the specification's fields: reg_FIELD(v) extracts, reg_FIELD_ins(v, x) inserts,
 * reg_FIELD_MASK is the in-place mask. Layouts: IOMMU spec "Register layout", "ddtp", "fqb", "fqcsr",
 * "ipsr", "icvec", "capabilities"; "Device-context fields" (tc, iohgatp, ta, fsc); "Fault/Event-Queue"
 * record; privileged spec "Sv39" PTE and virtual address. No C bitfields. */
#ifndef IOMMU_SPEC_FIELDS_H
#define IOMMU_SPEC_FIELDS_H

#include <stdint.h>

#include "bitfield.h"
#include "reg_map.h" /* the registers' fields, generated from data/iommu.yaml */

/* ---- registers ---- */

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

/* ==== translation layer section (xlate owner; append-only) ====
 * capabilities bits (IOMMU spec "capabilities"); named caps_* so they cannot collide with capabilities_*
 * accessors added elsewhere. */

/* extended-format DC doublewords 4..7 ("Leaf DDT entry") */
enum { DC_MSIPTP = 4, DC_MSI_ADDR_MASK = 5, DC_MSI_ADDR_PATTERN = 6, DC_RESERVED7 = 7, DC_EXT_DWORDS = 8 };
SPEC_FIELD(msiptp, PPN, 0, 44)
SPEC_FIELD(msiptp, reserved, 44, 16)
SPEC_FIELD(msiptp, MODE, 60, 4)
SPEC_FIELD(msi_addr_mask, mask, 0, 52)
SPEC_FIELD(msi_addr_mask, reserved, 52, 12)
SPEC_FIELD(msi_addr_pattern, pattern, 0, 52)
SPEC_FIELD(msi_addr_pattern, reserved, 52, 12)
enum msiptp_mode { MSIPTP_MODE_OFF = 0, MSIPTP_MODE_FLAT = 1 };

/* non-leaf DDT entry and non-leaf PDT entry ("Non-leaf DDT entry", "Non-leaf PDT entry") */
SPEC_FIELD(ddte, V, 0, 1)
SPEC_FIELD(ddte, reserved_lo, 1, 9)
SPEC_FIELD(ddte, PPN, 10, 44)
SPEC_FIELD(ddte, reserved_hi, 54, 10)
SPEC_FIELD(pdte, V, 0, 1)
SPEC_FIELD(pdte, reserved_lo, 1, 9)
SPEC_FIELD(pdte, PPN, 10, 44)
SPEC_FIELD(pdte, reserved_hi, 54, 10)

/* process context ("Process-context fields"): doubleword 0 ta, doubleword 1 fsc */
enum { PC_TA = 0, PC_FSC = 1, PC_DWORDS = 2 };
SPEC_FIELD(pc_ta, V, 0, 1)
SPEC_FIELD(pc_ta, ENS, 1, 1)
SPEC_FIELD(pc_ta, SUM, 2, 1)
SPEC_FIELD(pc_ta, reserved_lo, 3, 9)
SPEC_FIELD(pc_ta, PSCID, 12, 20)
SPEC_FIELD(pc_ta, reserved_hi, 32, 32)
SPEC_FIELD(pc_fsc, PPN, 0, 44)
SPEC_FIELD(pc_fsc, reserved, 44, 16)
SPEC_FIELD(pc_fsc, MODE, 60, 4)

/* iosatp.MODE with DC.tc.SXL = 1, iohgatp.MODE encodings ("iohgatp") */
enum { IOSATP_MODE_SV32 = 8 };
enum { IOHGATP_MODE_SV39X4 = 8, IOHGATP_MODE_SV48X4 = 9, IOHGATP_MODE_SV57X4 = 10, IOHGATP_MODE_SV32X4 = 8 };

/* PTE bits of the extensions (privileged spec "Svrsw60t59b", "Svpbmt", "Svnapot") */
SPEC_FIELD(pte, RSW60t59b, 59, 2)
SPEC_FIELD(pte, reserved_58_54, 54, 5)
/* Sv32 4-byte PTE: PPN in bits 31:10 */
SPEC_FIELD(pte32, PPN, 10, 22)

/* MSI page-table entry (two doublewords; AIA "MSI page tables" as used by the IOMMU spec "Process to
 * translate addresses of MSIs"): write-through (M = 3) and MRIF (M = 1) formats */
SPEC_FIELD(msipte, V, 0, 1)
SPEC_FIELD(msipte, M, 1, 2)
SPEC_FIELD(msipte, C, 63, 1)
SPEC_FIELD(msipte, wt_reserved_lo, 3, 7)     /* M = 3: bits 9:3 */
SPEC_FIELD(msipte, PPN, 10, 44)              /* M = 3: bits 53:10 */
SPEC_FIELD(msipte, wt_reserved_hi, 54, 9)    /* M = 3: bits 62:54 */
SPEC_FIELD(msipte, mrif_reserved_lo, 3, 4)   /* M = 1: bits 6:3 */
SPEC_FIELD(msipte, MRIF_Address, 7, 47)      /* M = 1: MRIF address bits 55:9 */
SPEC_FIELD(msipte, mrif_reserved_hi, 54, 9)  /* M = 1: bits 62:54 */
SPEC_FIELD(msipte1, N, 0, 10)                /* M = 1, doubleword 1: NID[9:0] */
SPEC_FIELD(msipte1, NPPN, 10, 44)
SPEC_FIELD(msipte1, reserved_mid, 54, 6)
SPEC_FIELD(msipte1, N10, 60, 1)
SPEC_FIELD(msipte1, reserved_hi, 61, 3)

/* ==== Registers, commands and records of the queues, interrupts, HPM, debug and QoS (section owned by the
 * register/queue model; IOMMU spec "Register layout" and the register sections, "Command-Queue (CQ)",
 * "Page-Request-Queue (PQ)", "Non-leaf PTE Invalidation Extension", "Address Range Invalidation
 * Extension") ==== */

/* commands: doubleword 0 (bits 63:0) and doubleword 1 (bits 127:64) */
SPEC_FIELD(cmd, opcode, 0, 7)
SPEC_FIELD(cmd, func3, 7, 3)
SPEC_FIELD(iotinval, AV, 10, 1)
SPEC_FIELD(iotinval, PSCID, 12, 20)
SPEC_FIELD(iotinval, PSCV, 32, 1)
SPEC_FIELD(iotinval, GV, 33, 1)
SPEC_FIELD(iotinval, NL, 34, 1)
SPEC_FIELD(iotinval, GSCID, 44, 16)
SPEC_FIELD(iotinval_dw1, S, 9, 1)
SPEC_FIELD(iotinval_dw1, ADDR, 10, 52) /* ADDR[63:12] */
SPEC_FIELD(iofence, AV, 10, 1)
SPEC_FIELD(iofence, WSI, 11, 1)
SPEC_FIELD(iofence, PR, 12, 1)
SPEC_FIELD(iofence, PW, 13, 1)
SPEC_FIELD(iofence, DATA, 32, 32)
SPEC_FIELD(iofence_dw1, ADDR, 0, 62) /* ADDR[63:2] */
SPEC_FIELD(iodir, PID, 12, 20)
SPEC_FIELD(iodir, DV, 33, 1)
SPEC_FIELD(iodir, DID, 40, 24)
SPEC_FIELD(ats_cmd, PID, 12, 20)
SPEC_FIELD(ats_cmd, PV, 32, 1)
SPEC_FIELD(ats_cmd, DSV, 33, 1)
SPEC_FIELD(ats_cmd, RID, 40, 16)
SPEC_FIELD(ats_cmd, DSEG, 56, 8)
SPEC_FIELD(prgr_payload, PRGI, 32, 9)
SPEC_FIELD(prgr_payload, ResponseCode, 44, 4)

enum cmd_opcode { CMD_IOTINVAL = 1, CMD_IOFENCE = 2, CMD_IODIR = 3, CMD_ATS = 4 };
enum cmd_func3 {
    IOTINVAL_VMA = 0, IOTINVAL_GVMA = 1, IOFENCE_C = 0, IODIR_INVAL_DDT = 0, IODIR_INVAL_PDT = 1,
    ATS_INVAL = 0, ATS_PRGR = 1,
};
/* PCIe "Page Request Group Response" response codes */
enum prgr_code { PRGR_SUCCESS = 0, PRGR_INVALID_REQUEST = 1, PRGR_RESPONSE_FAILURE = 0xf };

/* page-request-queue record doubleword 0, and the "Page Request" payload (doubleword 1) */
SPEC_FIELD(pq_rec, PID, 12, 20)
SPEC_FIELD(pq_rec, PV, 32, 1)
SPEC_FIELD(pq_rec, PRIV, 33, 1)
SPEC_FIELD(pq_rec, EXEC, 34, 1)
SPEC_FIELD(pq_rec, DID, 40, 24)
SPEC_FIELD(pgreq_payload, R, 0, 1)
SPEC_FIELD(pgreq_payload, W, 1, 1)
SPEC_FIELD(pgreq_payload, L, 2, 1)
SPEC_FIELD(pgreq_payload, PRGI, 3, 9)
SPEC_FIELD(pgreq_payload, PageAddress, 12, 52)

/* Sv32x4..Sv57x4 (bits 19:16) as one group */
SPEC_FIELD(capabilities, SvNx4, 16, 4)

enum igs { IGS_MSI = 0, IGS_WSI = 1, IGS_BOTH = 2 };

#endif
