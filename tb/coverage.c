/* Functional coverage bins and sampling (see coverage.h). Bin names and indexes both derive from the
 * tables below, so they cannot drift apart. */
#include "coverage.h"

#include <stdbool.h>
#include <string.h>

#include "pte_bits.h"
#include "reg_map.h"
#include "spec_fields.h"
#include "stim.h"

static const char *const state_names[] = {"Idle",    "Lookup",   "DcReq",  "DcWait", "DcCheck", "PteReq",
                                          "PteWait", "PteCheck", "Fault",  "FqReq",  "FqWait",  "Respond",
                                          "CqReq",   "CqWait",   "CmdExec", "FenceReq", "FenceWait"};
#define N_STATES 17

/* The transitions docs/microarch.md section 5.1 allows, as "from to" state codes. */
static const uint8_t transitions[][2] = {
    {0, 1},  {1, 11}, {1, 8},  {1, 2},  {2, 3},  {3, 2},  {3, 4},  {3, 8},  {4, 11}, {4, 8},  {4, 5},
    {5, 6},  {6, 7},  {6, 8},  {7, 5},  {7, 8},  {7, 11}, {8, 11}, {8, 9},  {9, 10}, {10, 9}, {10, 11},
    {11, 0}, {1, 4}, /* version 2: a device-context cache hit without an IOTLB hit checks the cached DC */
    /* the command processor (section 5.4) */
    {0, 12}, {12, 13}, {13, 12}, {13, 14}, {13, 0}, {14, 0}, {14, 15}, {15, 16}, {16, 0},
};
#define N_TRANSITIONS (sizeof transitions / sizeof transitions[0])

/* Causes this RTL can report (docs/microarch.md), 0 meaning success. */
static const unsigned causes[] = {0, 1, 5, 7, 12, 13, 15, 256, 257, 258, 259, 260, 268, 274};
#define N_CAUSES (sizeof causes / sizeof causes[0])

static const char *const ttyp_groups[] = {"exec", "read", "write", "translated"};
#define N_TTYP 4

static const char *const registers[] = {"capabilities", "fctl", "ddtp", "fqb", "fqh", "fqt", "fqcsr", "ipsr", "icvec"};
#define N_REGS (sizeof registers / sizeof registers[0])

/* Classes of the PTEs the walker reads (privileged spec "Sv39" PTE format and the walk's checks). */
static const char *const pte_classes[] = {
    "invalid",          /* V = 0 */
    "pointer",          /* V = 1, R = W = X = 0, nothing reserved set */
    "pointer.uad",      /* a pointer with U, A or D (reserved in a non-leaf PTE) */
    "pointer.rsvd",     /* a pointer with a bit of 63:54 set */
    "leaf",             /* a well-formed leaf */
    "leaf.w_only",      /* W = 1, R = 0: reserved */
    "leaf.rsvd",        /* a leaf with a bit of 63:54 set */
    "leaf.misaligned",  /* a superpage leaf whose PPN below its level is not 0 */
    "leaf.no_a",        /* A = 0 */
    "leaf.no_u",        /* U = 0 */
};
#define N_PTE_CLASSES (sizeof pte_classes / sizeof pte_classes[0])

/* Fault classes at the walk level where the walk stopped. */
static const char *const fault_classes[] = {"page_fault", "access_fault", "corruption"};
#define N_FAULT_CLASSES (sizeof fault_classes / sizeof fault_classes[0])

/* Register field value classes written by software. */
static const char *const reg_field_classes[] = {
    "ddtp.mode_off", "ddtp.mode_bare", "ddtp.mode_1lvl", "ddtp.mode_unsupported", "ddtp.ppn_above_2^20",
    "fqb.ppn_above_2^20", "fqb.log2szm1_0", "fqb.log2szm1_1", "fqb.log2szm1_2", "fqb.log2szm1_3",
    "fqcsr.clear_fqmf_only", "fqcsr.clear_fqof_only", "fqcsr.clear_both", "icvec.reserved_bits",
    "ipsr.reserved_bits", "capabilities.write", "fqt.write",
};
#define N_REG_FIELD_CLASSES (sizeof reg_field_classes / sizeof reg_field_classes[0])

/* Registers whose accesses while requests are outstanding meet a busy handshake or a fault-record write (the
 * corner profile's `nowait` accesses; the default mix waits for the traffic to drain). */
static const char *const traffic_regs[] = {"ddtp", "fqcsr", "ipsr"};
#define N_TRAFFIC_REGS (sizeof traffic_regs / sizeof traffic_regs[0])

/* Command forms software issued (the doublewords of a `cmd`, spec "Command-Queue (CQ)" command layouts):
 * IOTINVAL.VMA per GV/AV/PSCV, IOFENCE.C per AV/WSI/PR/PW, IODIR.INVAL_DDT per DV, the commands this
 * configuration does not support, and illegal encodings. */
enum {
    CMD_VMA = 0,            /* + GV << 2 | AV << 1 | PSCV: 8 */
    CMD_FENCE = 8,          /* + AV << 3 | WSI << 2 | PR << 1 | PW: 16 */
    CMD_DDT = 24,           /* + DV: 2 */
    CMD_GVMA = 26, CMD_PDT, CMD_ATS_INVAL, CMD_ATS_PRGR, CMD_RESERVED_OPCODE, CMD_RESERVED_BITS, CMD_DDT_DID_WIDE,
    N_CMD_BINS,
};

/* What the command processor did (sampled from register values software read, the memory port and the
 * wires): cqcsr error and status bits, where a memory error stopped it, the cip wire. */
static const char *const cq_events[] = {
    "cqcsr.cmd_ill", "cqcsr.cqmf", "cqcsr.fence_w_ip", "ipsr.cip", "cip_wire",
};
#define N_CQ_EVENTS (sizeof cq_events / sizeof cq_events[0])

/* Invalidation events of the two caches (observation port, docs/microarch.md 6.1) and stale hits. */
enum {
    DDTC_INVAL_ONE = 0, DDTC_INVAL_SEVERAL, TLB_INVAL_ONE, TLB_INVAL_SEVERAL, STALE_OLD_OK, STALE_OLD_FAULT,
    N_CACHE_BINS,
};
/* The device directory (docs/microarch.md version 4): the transitions of StDdtReq .. StDdtCheck (state
 * codes 19 - 21), and per directory mode what a translation met there. */
static const uint8_t dir_transitions[][2] = {
    {1, 19}, {19, 20}, {20, 21}, {20, 8}, {21, 19}, {21, 2}, {21, 8},
};
#define N_DIR_TRANSITIONS (sizeof dir_transitions / sizeof dir_transitions[0])
static const char *const dir_states[] = {"DdtReq", "DdtWait", "DdtCheck"};

enum dir_outcome {
    DIR_DC_READ,          /* the directory walk reached the DC read */
    DIR_DDTC_HIT,         /* the device-context cache held the DC: no directory read */
    DIR_DID_TOO_WIDE,     /* 260 in StLookup: device_id wider than the mode's directory */
    DIR_NONLEAF_INVALID,  /* 258 from StDdtCheck */
    DIR_NONLEAF_RESERVED, /* 259 from StDdtCheck */
    DIR_NONLEAF_ACCESS,   /* 257 from StDdtWait */
    DIR_NONLEAF_CORRUPT,  /* 268 from StDdtWait */
    DIR_FAULT_AT_LEVEL2,  /* 3LVL: a non-leaf fault at the root (DDI[2]) */
    DIR_FAULT_AT_LEVEL1,  /* 3LVL: a non-leaf fault at the middle level (DDI[1]) */
    DIR_OUTCOMES
};
static const char *const dir_outcome_names[DIR_OUTCOMES] = {
    "dc_read", "ddtc_hit", "did_too_wide", "nonleaf_invalid", "nonleaf_reserved", "nonleaf_access",
    "nonleaf_corrupt", "nonleaf_fault_at_level2", "nonleaf_fault_at_level1",
};
/* The outcomes each mode can have: bit o of dir_possible[m] (1LVL has no non-leaf entry, every device_id
 * fits 3LVL, only 3LVL has two non-leaf levels). */
static const char *const dir_modes[] = {"1lvl", "2lvl", "3lvl"};
static const unsigned dir_possible[] = {0x7, 0x7f, 0x1fb};
/* Bin of (mode, outcome) within the group; -1 when impossible. */
static int dir_bin(unsigned m, unsigned o)
{
    if (!((dir_possible[m] >> o) & 1u)) return -1;
    int b = 0;
    for (unsigned i = 0; i < m; i++) b += __builtin_popcount(dir_possible[i]);
    return b + __builtin_popcount(dir_possible[m] & ((1u << o) - 1));
}
#define N_DIR_BINS (3 + 7 + 8)

/* Interrupt delivery (docs/microarch.md 4.3, 5.5): the MSI sender's transitions and held states, a message
 * and a wire per cause, a message sent when software unmasked a vector whose cause it saw pending, an MSI
 * write that faulted (cause 273), and fqcsr.fqof seen by software. */
static const char *const irq_bins[] = {
    "msi.Idle->MsiReq", "msi.MsiReq->MsiWait", "msi.MsiWait->Idle", "msi.MsiWait->Fault", "msi.MsiReq.held",
    "msi.MsiWait.held", "msi.sent.cip", "msi.sent.fip", "msi.masked_then_unmasked", "msi.write_fault",
    "wsi.rose.cip", "wsi.rose.fip", "fq.overflow_seen",
};
#define N_IRQ_BINS (sizeof irq_bins / sizeof irq_bins[0])
/* First-stage modes (docs/microarch.md version 5): per mode, the level of a successful walk's leaf, and the
 * class of a fault (an IOVA not canonical for the mode, decided in StDcCheck; a page fault, an access fault
 * or data corruption met by the walk). */
static const char *const fs_modes[] = {"sv39", "sv48", "sv57"};
static const char *const fs_fault_classes[] = {"noncanonical", "page_fault", "access_fault", "corruption"};
#define N_FS_FAULT_CLASSES (sizeof fs_fault_classes / sizeof fs_fault_classes[0])
#define N_FS_LEAF_BINS (3 + 4 + 5)
#define N_FS_BINS (N_FS_LEAF_BINS + 3 * N_FS_FAULT_CLASSES)
/* Bin of (mode m = LEVELS - 3, leaf level) within the leaf bins. */
static unsigned fs_leaf_bin(unsigned m, unsigned level) { return (m == 0 ? 0 : m == 1 ? 3 : 7) + level; }

/* Hardware A/D updates (docs/microarch.md version 6): the CAS of StAdReq setting A, or D, at the leaf's
 * level 0..2 (the levels every profile with sade_percent on reaches); the walk's transitions into and out of
 * the update; an IOTLB write hit on an entry with D = 0 that StLookup invalidates and walks (tc.SADE = 1);
 * StAdWait's other ways out: a compare that failed (software changed the PTE after the walk read it: the PTE
 * is read again) and a CAS that memory answered with an error (knobs cas_race_percent, cas_memerr_percent);
 * a software store landing at a CAS that clears V (the second read page-faults; coverage_cas_race). */
static const char *const ad_bins[] = {
    "ad.set_A.level0", "ad.set_A.level1", "ad.set_A.level2", "ad.set_D.level0", "ad.set_D.level1",
    "ad.set_D.level2", "engine.PteCheck->AdReq", "engine.AdReq->AdWait", "engine.AdWait->PteCheck",
    "ad.iotlb_d_hit_walked", "engine.AdWait->PteReq", "engine.AdWait->Fault", "ad.race.clears_v",
};
#define N_AD_BINS (sizeof ad_bins / sizeof ad_bins[0])

/* The process directory and the process-context cache (docs/microarch.md version 7: 5.1 StPdtReq ..
 * StPcCheck, 5.3 ENS and SUM, 6.4): the engine's transitions through the new states, a PC read per PD mode,
 * every PDT/PC cause where it is decided, DPE, SUM allowing or denying a Supervisor access, the cache's
 * events (where the lookup happened, hits and fills per way, evictions, invalidation per command and by a
 * ddtp change). Written only for a configuration with a process directory. */
static const uint8_t pdt_transitions[][2] = {
    {4, 24}, {4, 27}, {4, 29}, {24, 25}, {25, 26}, {25, 8}, {26, 24}, {26, 27}, {26, 8},
    {27, 28}, {28, 27}, {28, 29}, {28, 8}, {29, 5}, {29, 11}, {29, 8},
};
#define N_PDT_TRANSITIONS (sizeof pdt_transitions / sizeof pdt_transitions[0])
static const char *const pdt_state_names[] = {"PdtReq", "PdtWait", "PdtCheck", "PcReq", "PcWait", "PcCheck"};
enum {
    PDT_PC_READ = 0,                        /* + PD8, PD17, PD20 (non-leaf reads before the PC: 0, 1, 2) */
    PDT_NONLEAF_CAUSE = PDT_PC_READ + 3,    /* + 265, 266, 267, 269 from StPdtWait / StPdtCheck */
    PDT_PC_CAUSE = PDT_NONLEAF_CAUSE + 4,   /* + 265, 266, 267, 269 from StPcWait / StPcCheck */
    PDT_ENS_260 = PDT_PC_CAUSE + 4,         /* 260 from StPcCheck: a Supervisor request, ta.ENS = 0 */
    PDT_PID_WIDE_260,                       /* 260 from StDcCheck: a process_id wider than pdtp.MODE allows */
    PDT_DPE,                                /* a request without a process_id reached StPcCheck (tc.DPE) */
    PDT_SUM_ALLOWED,                        /* a Supervisor read/write of a U = 1 leaf succeeded (SUM = 1) */
    PDT_SUM_DENIED,                         /* a Supervisor read/write of a U = 1 leaf faulted on U only */
    PDT_SUM_EXEC_DENIED,                    /* a Supervisor execute of a U = 1, X = 1 leaf faulted */
    PDT_MEMERR,                             /* + {pdt, pc} x {access, corrupt} on the memory port */
    PDTC_HIT = PDT_MEMERR + 4,              /* + way */
    PDTC_MISS = PDTC_HIT + 4,
    PDTC_FILL,                              /* + way */
    PDTC_EVICT = PDTC_FILL + 4,
    PDTC_LOOKUP_IN_LOOKUP,                  /* StLookup step 4a */
    PDTC_LOOKUP_IN_DCCHECK,                 /* StDcCheck, the DC from memory */
    PDTC_INVAL_PDT,                         /* IODIR.INVAL_PDT invalidated entries */
    PDTC_INVAL_DDT,                         /* IODIR.INVAL_DDT invalidated entries */
    PDTC_INVAL_DDTP,                        /* the ddtp busy completion invalidated entries */
    PDT_TRANS,                              /* + transition */
    PDT_HELD = PDT_TRANS + N_PDT_TRANSITIONS, /* + StPdtReq, StPdtWait, StPcReq, StPcWait held */
    N_PDT_BINS = PDT_HELD + 4,
};
/* The extended device context's configuration checks (docs/microarch.md 5.1 StDcCheck, version 7: 259 for
 * each), and those of tc.PDTV / tc.DPE and pdtp, each met alone. Written for the extended format only (the
 * base-format ones need a process directory in capabilities too: with none, pdtp.MODE other than Bare is
 * already misconfigured). */
static const char *const dcx_bins[] = {
    "dc_ext.misconfig.msiptp_mode", "dc_ext.misconfig.msiptp_reserved", "dc_ext.misconfig.msi_addr_reserved",
    "dc_ext.misconfig.reserved_dword7", "dc.misconfig.dpe_without_pdtv", "dc.misconfig.pdtp_mode",
    "dc.misconfig.pdtp_reserved",
};
#define N_DCX_BINS (sizeof dcx_bins / sizeof dcx_bins[0])

/* Version 8 (docs/microarch.md 5.6, 6.2a, 6.5), only for a configuration with a second stage: the second-stage
 * mode of each G-walk (its root level), the guest-page faults by kind (implicit read, implicit write, Final:
 * iotval2 bits 1:0 of the fault record) and access type, G-stage memory errors (the access fault of the ttyp,
 * 274, and 265/269 of a process-directory G-walk), G-stage A/D updates and their retries, MSI translation
 * (flat, MRIF, each cause, execute), IOTLB hits of two-stage and G-only entries and hits lacking a G-stage
 * bit, and the IOTINVAL.GVMA forms (the IOTINVAL.VMA GV = 1 forms are the cmd.iotinval_vma.gv1.* bins). */
static const char *const g_bins[] = {
    "g.mode.sv39x4", "g.mode.sv48x4", "g.mode.sv57x4",
    "gpf.implicit_read.exec", "gpf.implicit_read.read", "gpf.implicit_read.write",
    "gpf.implicit_write.exec", "gpf.implicit_write.read", "gpf.implicit_write.write",
    "gpf.final.exec", "gpf.final.read", "gpf.final.write",
    "g.access_fault", "g.cause274", "g.pdt.cause265", "g.pdt.cause269",
    "gad.update", "gad.retry",
    "msixlate.flat", "msixlate.mrif", "msixlate.cause261", "msixlate.cause262", "msixlate.cause263",
    "msixlate.cause270", "msixlate.exec_cause1",
    "iotlb.hit.two_stage", "iotlb.hit.g_only", "iotlb.hit.lacks_g_bit",
    "cmd.iotinval_gvma.gv0.av0", "cmd.iotinval_gvma.gv0.av1", "cmd.iotinval_gvma.gv1.av0",
    "cmd.iotinval_gvma.gv1.av1",
};
enum { G_MODE = 0, G_GPF = 3, G_ACCESS = 12, G_274, G_265, G_269, G_AD_UPDATE, G_AD_RETRY, G_MSI_FLAT, G_MSI_MRIF,
       G_MSI_261, G_MSI_262, G_MSI_263, G_MSI_270, G_MSI_EXEC, G_HIT_TWO, G_HIT_G_ONLY, G_HIT_LACKS, G_GVMA };
#define N_G_BINS (sizeof g_bins / sizeof g_bins[0])

/* Version 9 (docs/microarch.md 5.7), each group only with its capability: an event selector programmed for
 * event 1 - 3 with each filter form; an inhibit set; an overflow of each counter kind (iocountovf read);
 * pmip with wires (ipsr read with fctl.WSI = 1) and by MSI (vector icvec.pmiv sent, no other cause on it);
 * debug translations that translated, that faulted, read while in flight; DC QoS IDs that fit (a response
 * that is not 259 with a non-zero RCID or MCID), that are too wide (259), iommu_qosid written wider. */
static const char *const v9_bins[] = {
    "hpm.event1.all", "hpm.event1.did", "hpm.event1.dmask", "hpm.event1.pid", "hpm.event1.idt",
    "hpm.event2.all", "hpm.event2.did", "hpm.event2.dmask", "hpm.event2.pid", "hpm.event2.idt",
    "hpm.event3.all", "hpm.event3.did", "hpm.event3.dmask", "hpm.event3.pid", "hpm.event3.idt",
    "hpm.eventid_warl", "hpm.inhibit", "hpm.overflow.cycles", "hpm.overflow.counter", "hpm.pmip.wire",
    "hpm.pmip.msi",
    "dbg.translated", "dbg.fault", "dbg.in_flight",
    "qos.dc_ids", "qos.dc_too_wide", "qos.reg_warl",
};
enum { V9_EVENT = 0, V9_WARL = 15, V9_INHIBIT, V9_OVF_CY, V9_OVF_CTR, V9_PMIP_WIRE, V9_PMIP_MSI, V9_DBG_OK,
       V9_DBG_FAULT, V9_DBG_BUSY, V9_QOS_IDS, V9_QOS_WIDE, V9_QOS_REG, V9_DBG_FIRST = V9_DBG_OK,
       V9_QOS_FIRST = V9_QOS_IDS };
#define N_V9_BINS (sizeof v9_bins / sizeof v9_bins[0])

/* Version 10 (docs/microarch.md 5.8, 6.6), each bin only with its feature (v10_need): translations through an
 * Sv32 first stage (tc.SXL = 1) that succeed, end on a 4 MiB leaf, fault for an IOVA above 4 GiB; a guest-page
 * fault of a DC with SXL = 1 over Sv39x4/48x4/57x4 for a GPA above bit 33; fctl.GXL = 1 translations through
 * Sv32x4 that succeed or guest-page fault; a 64 KiB NAPOT first-stage leaf; rsp_pbmt NC and IO; the page fault
 * of a leaf with PBMT 3; a leaf with bits 60:59 set; translations and fault records with fctl.BE = 1, a
 * translation of a DC whose tc.SBE differs from fctl.BE; IOTINVAL with NL = 1, with S = 1; fqb and cqb
 * written with LOG2SZ-1 above the maximum. */
static const char *const v10_bins[] = {
    "v10.sv32.ok", "v10.sv32.leaf_4m", "v10.sv32.iova_above_4g", "v10.sxl.gpa_above_34",
    "v10.sv32x4.ok", "v10.sv32x4.guest_fault", "v10.napot.ok", "v10.pbmt.nc", "v10.pbmt.io", "v10.pbmt.3_fault",
    "v10.rsw.ok", "v10.be.ok", "v10.be.fault_record", "v10.sbe_differs.ok", "v10.cmd.nl", "v10.cmd.s_range",
    "v10.fqb.log2sz_warl", "v10.cqb.log2sz_warl",
};
enum { V10_SV32_OK, V10_SV32_4M, V10_SV32_WIDE, V10_SXL_GPA, V10_SV32X4_OK, V10_SV32X4_GPF, V10_NAPOT, V10_PBMT_NC,
       V10_PBMT_IO, V10_PBMT_3, V10_RSW, V10_BE_OK, V10_BE_RECORD, V10_SBE_OK, V10_NL, V10_S, V10_FQB, V10_CQB };
static const unsigned v10_need[] = {
    COV_V10_SV32, COV_V10_SV32, COV_V10_SV32, COV_V10_SV32_G, COV_V10_SV32X4, COV_V10_SV32X4, COV_V10_NAPOT,
    COV_V10_PBMT, COV_V10_PBMT, COV_V10_PBMT, COV_V10_RSW, COV_V10_END, COV_V10_END, COV_V10_END, COV_V10_NL,
    COV_V10_S, COV_V10_FQ, COV_V10_CQ,
};
#define N_V10_BINS (sizeof v10_bins / sizeof v10_bins[0])
/* Version 11 (docs/microarch.md 5.9), only for a configuration with ATS: ATS completions by status (Success
 * with access, without access, Unsupported Request, Completer Abort), W granted or denied, U (MRIF), Priv, the
 * range (4 KiB, between 4 KiB and 2 MiB: an MSI page kept out, 2 MiB, larger); translated requests passed
 * through (T2GPA = 0), through the second stage (T2GPA = 1, ok or faulting), refused (EN_ATS = 0: 260); page
 * requests queued, faulting (StPgrStart or the DC checks to StFault), whose record write failed (pqmf), seen
 * overflowing (pqcsr.pqof read), pip read; the IOMMU's own Page Request Group Responses by code and with a
 * PASID, ATS.PRGR and ATS.INVAL sent (ITag 31: every ITag used), an ATS.INVAL leaving StCmdExec for StIdle (it
 * waits for a free ITag), an IOFENCE.C fetched twice in a row (it waited for invalidations), cmd_to read. */
static const char *const v11_bins[] = {
    "ats.cpl.success", "ats.cpl.no_access", "ats.cpl.ur", "ats.cpl.ca", "ats.cpl.w_granted", "ats.cpl.w_denied",
    "ats.cpl.u_mrif", "ats.cpl.priv", "ats.cpl.range_4k", "ats.cpl.range_msi_reduced", "ats.cpl.range_2m",
    "ats.cpl.range_1g_up",
    "translated.passthrough", "translated.t2gpa.ok", "translated.t2gpa.fault", "translated.en_ats0",
    "pgreq.queued", "pgreq.fault", "pgreq.pqmf", "pgreq.pqof_seen", "pgreq.pip_seen",
    "prgr.own.success", "prgr.own.invalid_request", "prgr.own.failure", "prgr.own.pasid", "prgr.command",
    "inval.sent", "inval.itag31", "inval.itag_wait", "fence.ats_wait", "fence.cmd_to",
};
enum { V11_CPL = 0, V11_W_OK = 4, V11_W_NO, V11_U, V11_PRIV, V11_RANGE, V11_TR = 12, V11_PGR = 16,
       V11_PGR_QUEUED = V11_PGR, V11_PGR_FAULT, V11_PGR_PQMF, V11_PGR_PQOF, V11_PGR_PIP, V11_OWN = 21,
       V11_OWN_PASID = 24, V11_PRGR_CMD, V11_INVAL, V11_ITAG31, V11_ITAG_WAIT, V11_FENCE_WAIT, V11_CMD_TO };
#define N_V11_BINS (sizeof v11_bins / sizeof v11_bins[0])

/* Bin layout: offsets of each group. */
enum {
    B_TRANS = 0,
    B_STALL = B_TRANS + N_TRANSITIONS,           /* per state: held more than one cycle */
    B_CAUSE = B_STALL + N_STATES,                /* ttyp group x cause */
    B_TLB_HIT = B_CAUSE + N_TTYP * N_CAUSES,     /* per way */
    B_TLB_FILL = B_TLB_HIT + 8,                  /* per way */
    B_TLB_EVICT = B_TLB_FILL + 8,
    B_TLB_MISS = B_TLB_EVICT + 1,
    B_DDTC_HIT = B_TLB_MISS + 1,                 /* device-context cache (docs/microarch.md 6.3): per way */
    B_DDTC_FILL = B_DDTC_HIT + 4,                /* per way */
    B_DDTC_EVICT = B_DDTC_FILL + 4,
    B_DDTC_MISS = B_DDTC_EVICT + 1,
    B_LEVEL = B_DDTC_MISS + 1,                   /* walk read at level 2, 1, 0 */
    B_MEMERR = B_LEVEL + 3,                      /* {DC, PTE, FQ} x {access, corrupt} */
    B_FQ_WRITE = B_MEMERR + 6,
    B_IRQ_RISE = B_FQ_WRITE + 1,
    B_IRQ_FALL = B_IRQ_RISE + 1,
    B_IRQ_VECTOR = B_IRQ_FALL + 1,               /* per vector: rose at least once */
    B_REG_READ = B_IRQ_VECTOR + 16,
    B_REG_WRITE = B_REG_READ + N_REGS,
    B_RSP_STALL = B_REG_WRITE + N_REGS,          /* response held by back-pressure */
    B_REQ_STALL = B_RSP_STALL + 1,               /* request waiting for req_ready */
    /* Stimulus classes (issue 12: a class the generator stops producing must leave bins empty). */
    B_DID_BIT = B_REQ_STALL + 1,                 /* request device_id bit k set, k = 0..23 */
    B_IOVA_OK = B_DID_BIT + 24,                  /* successful response, IOVA bit k (12..38) 0 / 1 */
    B_PA_BIT = B_IOVA_OK + 2 * 27,               /* successful response, PA bit k set, k = 12..55 */
    B_PID = B_PA_BIT + 44,                       /* pv=0 with pid lines != 0, pv=0 priv=1, pv=1 user, pv=1 s */
    B_PTE = B_PID + 4,                           /* PTE class x level */
    B_FAULT_LEVEL = B_PTE + N_PTE_CLASSES * 3,   /* fault class x walk level */
    B_REG_FIELD = B_FAULT_LEVEL + N_FAULT_CLASSES * 3,
    B_REG_TRAFFIC = B_REG_FIELD + N_REG_FIELD_CLASSES, /* {read, write} x {ddtp, fqcsr, ipsr} under traffic */
    B_CMD = B_REG_TRAFFIC + 2 * N_TRAFFIC_REGS,  /* command forms issued */
    B_CQ = B_CMD + N_CMD_BINS,                   /* command-processor events */
    B_CQ_MEMERR = B_CQ + N_CQ_EVENTS,            /* {fetch, fence write} x {access, corrupt} */
    B_CACHE = B_CQ_MEMERR + 4,                   /* device-context cache, IOTLB invalidation, stale hits */
    B_DIR_TRANS = B_CACHE + N_CACHE_BINS,        /* version 4: StDdtReq .. StDdtCheck transitions */
    B_DIR_HELD = B_DIR_TRANS + N_DIR_TRANSITIONS, /* StDdtReq, StDdtWait held more than one cycle */
    B_DIR = B_DIR_HELD + 2,                       /* directory mode x outcome */
    B_IRQ = B_DIR + N_DIR_BINS,                   /* interrupt delivery */
    B_FS = B_IRQ + N_IRQ_BINS,                    /* version 5: mode x leaf level, mode x fault class */
    B_AD = B_FS + N_FS_BINS,                      /* version 6: A/D updates (see ad_bins) */
    B_BASE_TOTAL = B_AD + N_AD_BINS,              /* every configuration's bins end here */
    B_PDT = B_BASE_TOTAL,                         /* version 7, process directory only (see the enum above) */
    B_DCX = B_PDT + N_PDT_BINS,                   /* version 7, extended DC only (see dcx_bins) */
    B_G = B_DCX + N_DCX_BINS,                     /* version 8, second stage only (see g_bins) */
    B_V9 = B_G + N_G_BINS,                        /* version 9, per capability (see v9_bins) */
    B_V10 = B_V9 + N_V9_BINS,                     /* version 10, per feature (see v10_bins) */
    B_V11 = B_V10 + N_V10_BINS,                   /* version 11, ATS only (see v11_bins) */
    B_TOTAL = B_V11 + N_V11_BINS,
};

_Static_assert((int)B_TOTAL <= (int)COV_MAX_BINS, "too many coverage bins");

unsigned coverage_bin_count(void) { return B_TOTAL; }

void coverage_bin_name(unsigned bin, char *buf, size_t len)
{
    static const char *const where[] = {"dc", "pte", "fq"};
    if (bin < B_STALL) {
        snprintf(buf, len, "engine.%s->%s", state_names[transitions[bin][0]], state_names[transitions[bin][1]]);
    } else if (bin < B_CAUSE) {
        snprintf(buf, len, "engine.%s.held", state_names[bin - B_STALL]);
    } else if (bin < B_TLB_HIT) {
        unsigned t = (bin - B_CAUSE) / N_CAUSES, k = (bin - B_CAUSE) % N_CAUSES;
        if (causes[k] == 0) snprintf(buf, len, "response.%s.ok", ttyp_groups[t]);
        else snprintf(buf, len, "response.%s.cause%u", ttyp_groups[t], causes[k]);
    } else if (bin < B_TLB_FILL) {
        snprintf(buf, len, "iotlb.hit.way%u", bin - B_TLB_HIT);
    } else if (bin < B_TLB_EVICT) {
        snprintf(buf, len, "iotlb.fill.way%u", bin - B_TLB_FILL);
    } else if (bin == B_TLB_EVICT) {
        snprintf(buf, len, "iotlb.evict");
    } else if (bin == B_TLB_MISS) {
        snprintf(buf, len, "iotlb.miss");
    } else if (bin < B_DDTC_FILL) {
        snprintf(buf, len, "ddtc.hit.way%u", bin - B_DDTC_HIT);
    } else if (bin < B_DDTC_EVICT) {
        snprintf(buf, len, "ddtc.fill.way%u", bin - B_DDTC_FILL);
    } else if (bin == B_DDTC_EVICT) {
        snprintf(buf, len, "ddtc.evict");
    } else if (bin == B_DDTC_MISS) {
        snprintf(buf, len, "ddtc.miss");
    } else if (bin < B_MEMERR) {
        snprintf(buf, len, "walk.read.level%u", 2 - (bin - B_LEVEL));
    } else if (bin < B_FQ_WRITE) {
        snprintf(buf, len, "memerr.%s.%s", where[(bin - B_MEMERR) / 2], (bin - B_MEMERR) % 2 ? "corrupt" : "access");
    } else if (bin == B_FQ_WRITE) {
        snprintf(buf, len, "fq.record_write");
    } else if (bin == B_IRQ_RISE) {
        snprintf(buf, len, "irq.rise");
    } else if (bin == B_IRQ_FALL) {
        snprintf(buf, len, "irq.fall");
    } else if (bin < B_REG_READ) {
        snprintf(buf, len, "irq.vector%u", bin - B_IRQ_VECTOR);
    } else if (bin < B_REG_WRITE) {
        snprintf(buf, len, "reg.read.%s", registers[bin - B_REG_READ]);
    } else if (bin < B_RSP_STALL) {
        snprintf(buf, len, "reg.write.%s", registers[bin - B_REG_WRITE]);
    } else if (bin == B_RSP_STALL) {
        snprintf(buf, len, "backpressure.response");
    } else if (bin == B_REQ_STALL) {
        snprintf(buf, len, "backpressure.request");
    } else if (bin < B_IOVA_OK) {
        snprintf(buf, len, "request.did.bit%u", bin - B_DID_BIT);
    } else if (bin < B_PA_BIT) {
        snprintf(buf, len, "response.ok.iova.bit%u.%u", 12 + (bin - B_IOVA_OK) / 2, (bin - B_IOVA_OK) % 2);
    } else if (bin < B_PID) {
        snprintf(buf, len, "response.ok.pa.bit%u", 12 + bin - B_PA_BIT);
    } else if (bin < B_PTE) {
        static const char *const pid[] = {"pv0.pid_lines_set", "pv0.priv_line_set", "pv1.user", "pv1.supervisor"};
        snprintf(buf, len, "request.%s", pid[bin - B_PID]);
    } else if (bin < B_FAULT_LEVEL) {
        snprintf(buf, len, "pte.level%u.%s", (bin - B_PTE) / (unsigned)N_PTE_CLASSES,
                 pte_classes[(bin - B_PTE) % N_PTE_CLASSES]);
    } else if (bin < B_REG_FIELD) {
        snprintf(buf, len, "fault.level%u.%s", (bin - B_FAULT_LEVEL) / (unsigned)N_FAULT_CLASSES,
                 fault_classes[(bin - B_FAULT_LEVEL) % N_FAULT_CLASSES]);
    } else if (bin < B_REG_TRAFFIC) {
        snprintf(buf, len, "reg.field.%s", reg_field_classes[bin - B_REG_FIELD]);
    } else if (bin < B_CMD) {
        unsigned k = bin - B_REG_TRAFFIC;
        snprintf(buf, len, "reg.%s.%s.under_traffic", k < N_TRAFFIC_REGS ? "read" : "write",
                 traffic_regs[k % N_TRAFFIC_REGS]);
    } else if (bin < B_CQ) {
        unsigned k = bin - B_CMD;
        static const char *const other[] = {"iotinval_gvma", "iodir_inval_pdt", "ats_inval", "ats_prgr",
                                            "illegal.reserved_opcode", "illegal.reserved_bits",
                                            "illegal.iodir_did_too_wide"};
        if (k < CMD_FENCE) snprintf(buf, len, "cmd.iotinval_vma.gv%u.av%u.pscv%u", k >> 2, (k >> 1) & 1, k & 1);
        else if (k < CMD_DDT)
            snprintf(buf, len, "cmd.iofence_c.av%u.wsi%u.pr%u.pw%u", (k - CMD_FENCE) >> 3, ((k - CMD_FENCE) >> 2) & 1,
                     ((k - CMD_FENCE) >> 1) & 1, (k - CMD_FENCE) & 1);
        else if (k < CMD_GVMA) snprintf(buf, len, "cmd.iodir_inval_ddt.dv%u", k - CMD_DDT);
        else snprintf(buf, len, "cmd.%s", other[k - CMD_GVMA]);
    } else if (bin < B_CQ_MEMERR) {
        snprintf(buf, len, "cq.%s", cq_events[bin - B_CQ]);
    } else if (bin < B_CACHE) {
        unsigned k = bin - B_CQ_MEMERR;
        snprintf(buf, len, "memerr.%s.%s", k < 2 ? "cq_fetch" : "fence_write", k % 2 ? "corrupt" : "access");
    } else if (bin < B_DIR_TRANS) {
        unsigned k = bin - B_CACHE;
        static const char *const names[] = {"ddtc.inval.one", "ddtc.inval.several", "iotlb.inval.one",
                                            "iotlb.inval.several", "oracle.stale_hit.old_ok",
                                            "oracle.stale_hit.old_fault"};
        snprintf(buf, len, "%s", names[k]);
    } else if (bin < B_DIR_HELD) {
        const uint8_t *t = dir_transitions[bin - B_DIR_TRANS];
        snprintf(buf, len, "engine.%s->%s", t[0] >= 19 ? dir_states[t[0] - 19] : state_names[t[0]],
                 t[1] >= 19 ? dir_states[t[1] - 19] : state_names[t[1]]);
    } else if (bin < B_DIR) {
        snprintf(buf, len, "engine.%s.held", dir_states[bin - B_DIR_HELD]);
    } else if (bin < B_IRQ) {
        for (unsigned m = 0; m < 3; m++)
            for (unsigned o = 0; o < DIR_OUTCOMES; o++)
                if (dir_bin(m, o) == (int)(bin - B_DIR))
                    snprintf(buf, len, "dir.%s.%s", dir_modes[m], dir_outcome_names[o]);
    } else if (bin < B_FS) {
        snprintf(buf, len, "%s", irq_bins[bin - B_IRQ]);
    } else if (bin < B_FS + N_FS_LEAF_BINS) {
        unsigned k = bin - B_FS, m = k < 3 ? 0 : k < 7 ? 1 : 2;
        snprintf(buf, len, "mode.%s.leaf.level%u", fs_modes[m], k - fs_leaf_bin(m, 0));
    } else if (bin < B_AD) {
        unsigned k = bin - B_FS - N_FS_LEAF_BINS;
        snprintf(buf, len, "mode.%s.fault.%s", fs_modes[k / N_FS_FAULT_CLASSES],
                 fs_fault_classes[k % N_FS_FAULT_CLASSES]);
    } else if (bin < B_PDT) {
        snprintf(buf, len, "%s", ad_bins[bin - B_AD]);
    } else if (bin < B_DCX) {
        static const char *const causes_pdt[] = {"cause265", "cause266", "cause267", "cause269"};
        static const char *const modes[] = {"pd8", "pd17", "pd20"};
        static const char *const simple[] = {"pdt.pc.cause260.ens", "pdt.cause260.process_id_too_wide",
                                             "pdt.dpe.pc_without_process_id", "pdt.sum.allowed", "pdt.sum.denied",
                                             "pdt.sum.exec_denied"};
        static const char *const held[] = {"PdtReq", "PdtWait", "PcReq", "PcWait"};
        unsigned k = bin - B_PDT;
        if (k < PDT_NONLEAF_CAUSE) snprintf(buf, len, "pdt.%s.pc_read", modes[k]);
        else if (k < PDT_PC_CAUSE) snprintf(buf, len, "pdt.nonleaf.%s", causes_pdt[k - PDT_NONLEAF_CAUSE]);
        else if (k < PDT_ENS_260) snprintf(buf, len, "pdt.pc.%s", causes_pdt[k - PDT_PC_CAUSE]);
        else if (k < PDT_MEMERR) snprintf(buf, len, "%s", simple[k - PDT_ENS_260]);
        else if (k < PDTC_HIT)
            snprintf(buf, len, "memerr.%s.%s", (k - PDT_MEMERR) < 2 ? "pdt" : "pc", (k - PDT_MEMERR) % 2 ? "corrupt" : "access");
        else if (k < PDTC_MISS) snprintf(buf, len, "pdtc.hit.way%u", k - PDTC_HIT);
        else if (k == PDTC_MISS) snprintf(buf, len, "pdtc.miss");
        else if (k < PDTC_EVICT) snprintf(buf, len, "pdtc.fill.way%u", k - PDTC_FILL);
        else if (k == PDTC_EVICT) snprintf(buf, len, "pdtc.evict");
        else if (k == PDTC_LOOKUP_IN_LOOKUP) snprintf(buf, len, "pdtc.lookup.in_lookup");
        else if (k == PDTC_LOOKUP_IN_DCCHECK) snprintf(buf, len, "pdtc.lookup.in_dccheck");
        else if (k == PDTC_INVAL_PDT) snprintf(buf, len, "pdtc.inval.iodir_inval_pdt");
        else if (k == PDTC_INVAL_DDT) snprintf(buf, len, "pdtc.inval.iodir_inval_ddt");
        else if (k == PDTC_INVAL_DDTP) snprintf(buf, len, "pdtc.inval.ddtp");
        else if (k < PDT_HELD) {
            const uint8_t *t = pdt_transitions[k - PDT_TRANS];
            snprintf(buf, len, "engine.%s->%s", t[0] >= 24 ? pdt_state_names[t[0] - 24] : state_names[t[0]],
                     t[1] >= 24 ? pdt_state_names[t[1] - 24] : state_names[t[1]]);
        } else snprintf(buf, len, "engine.%s.held", held[k - PDT_HELD]);
    } else if (bin < B_G) {
        snprintf(buf, len, "%s", dcx_bins[bin - B_DCX]);
    } else if (bin < B_V9) {
        snprintf(buf, len, "%s", g_bins[bin - B_G]);
    } else if (bin >= B_V10 && bin < B_V11) {
        snprintf(buf, len, "%s", v10_bins[bin - B_V10]);
    } else if (bin < B_V10) {
        snprintf(buf, len, "%s", v9_bins[bin - B_V9]);
    } else if (bin < B_TOTAL) {
        snprintf(buf, len, "%s", v11_bins[bin - B_V11]);
    } else {
        snprintf(buf, len, "?");
    }
}

/* Counts (directory mode of the run, outcome) when the mode is a directory mode. */
static void dir_count(coverage_t *c, unsigned o)
{
    if (c->ddt_mode < DDTP_MODE_1LVL || c->ddt_mode > DDTP_MODE_3LVL) return;
    int b = dir_bin(c->ddt_mode - DDTP_MODE_1LVL, o);
    if (b >= 0) c->count[B_DIR + (unsigned)b]++;
}

/* The directory bins of one cycle (docs/microarch.md 5.1 StLookup steps 3 - 4, StDdtReq .. StDdtCheck). */
static void dir_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    unsigned from = prev->obs_state, to = now->obs_state;
    if (from != to) {
        for (unsigned i = 0; i < N_DIR_TRANSITIONS; i++)
            if (dir_transitions[i][0] == from && dir_transitions[i][1] == to) c->count[B_DIR_TRANS + i]++;
        if (to == IOMMU_ST_LOOKUP) c->dir_reads = 0, c->dir_fault_from = 0, c->dir_lookup = false;
        if (to == IOMMU_ST_DDT_REQ) c->dir_reads++;
        if (to == IOMMU_ST_DC_REQ && (from == IOMMU_ST_LOOKUP || from == IOMMU_ST_DDT_CHECK)) dir_count(c, DIR_DC_READ);
        if (to == IOMMU_ST_FAULT) c->dir_fault_from = from;
    } else if (to == IOMMU_ST_DDT_REQ || to == IOMMU_ST_DDT_WAIT) {
        c->count[B_DIR_HELD + (to - IOMMU_ST_DDT_REQ)]++;
    }
    if (now->obs_ddtc_lookup) {
        c->dir_lookup = true;
        if (now->obs_ddtc_hit) dir_count(c, DIR_DDTC_HIT);
    }
}

/* The directory bins of a response: where a directory fault came from. */
static void dir_response(coverage_t *c, unsigned cause)
{
    unsigned from = c->dir_fault_from;
    bool nonleaf = true;
    if (from == IOMMU_ST_DDT_CHECK && cause == CAUSE_DDT_ENTRY_NOT_VALID) dir_count(c, DIR_NONLEAF_INVALID);
    else if (from == IOMMU_ST_DDT_CHECK && cause == CAUSE_DDT_ENTRY_MISCONFIGURED) dir_count(c, DIR_NONLEAF_RESERVED);
    else if (from == IOMMU_ST_DDT_WAIT && cause == CAUSE_DDT_LOAD_ACCESS_FAULT) dir_count(c, DIR_NONLEAF_ACCESS);
    else if (from == IOMMU_ST_DDT_WAIT && cause == CAUSE_DDT_DATA_CORRUPTION) dir_count(c, DIR_NONLEAF_CORRUPT);
    else nonleaf = false;
    if (nonleaf && c->ddt_mode == DDTP_MODE_3LVL)
        dir_count(c, c->dir_reads == 1 ? DIR_FAULT_AT_LEVEL2 : DIR_FAULT_AT_LEVEL1);
    /* 1LVL and 2LVL: a 260 decided in StLookup before the cache lookup is the device_id width (step 3) */
    if (from == IOMMU_ST_LOOKUP && cause == CAUSE_TRANSACTION_TYPE_DISALLOWED && !c->dir_lookup)
        dir_count(c, DIR_DID_TOO_WIDE);
    c->dir_fault_from = 0;
}

/* The MSI sender's states (StMsiReq 17, StMsiWait 18) and the wires per cause. */
static void irq_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    unsigned from = prev->obs_state, to = now->obs_state;
    if (from == IOMMU_ST_IDLE && to == IOMMU_ST_MSI_REQ) c->count[B_IRQ + 0]++;
    if (from == IOMMU_ST_MSI_REQ && to == IOMMU_ST_MSI_WAIT) c->count[B_IRQ + 1]++;
    if (from == IOMMU_ST_MSI_WAIT && to == IOMMU_ST_IDLE) c->count[B_IRQ + 2]++;
    if (from == IOMMU_ST_MSI_WAIT && to == IOMMU_ST_FAULT) c->count[B_IRQ + 3]++;
    if (from == to && to == IOMMU_ST_MSI_REQ) c->count[B_IRQ + 4]++;
    if (from == to && to == IOMMU_ST_MSI_WAIT) c->count[B_IRQ + 5]++;
    uint16_t rose = (uint16_t)(now->wsi & ~prev->wsi);
    if (rose & (1u << c->civ)) c->count[B_IRQ + 10]++;
    if (rose & (1u << c->fiv)) c->count[B_IRQ + 11]++;
}

void coverage_msi(coverage_t *c, int vector, int err)
{
    if (vector < 0) return;
    if (err) c->count[B_IRQ + 9]++;
    if ((unsigned)vector == c->civ) c->count[B_IRQ + 6]++;
    if ((unsigned)vector == c->fiv) c->count[B_IRQ + 7]++;
    if (c->hpm && (unsigned)vector == c->pmiv && vector != (int)c->civ && vector != (int)c->fiv)
        c->count[B_V9 + V9_PMIP_MSI]++;
    if (c->unmasked_pending[vector]) c->count[B_IRQ + 8]++;
    c->unmasked_pending[vector] = false;
}

/* The mode of the device context last seen read for a device_id (3..5 LEVELS), or 0. */
static unsigned fs_levels_of(const coverage_t *c, uint32_t did)
{
    unsigned slot = did % 64u;
    if (c->fs_did[slot] != did || !c->fs_mode[slot]) return 0;
    unsigned mode = c->fs_mode[slot];
    return mode == 8 ? 3 : mode == 9 ? 4 : mode == 10 ? 5 : 0;
}

/* The first-stage bins of one cycle: the walk's start level (LEVELS - 1) and leaf level, the state before
 * StFault. */
static void fs_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    if (prev->obs_state == now->obs_state) return;
    if (now->obs_state == IOMMU_ST_LOOKUP) c->fs_walk_levels = 0, c->fs_fault_from = 0;
    if (now->obs_state == IOMMU_ST_PTE_REQ &&
        (prev->obs_state == IOMMU_ST_DC_CHECK || prev->obs_state == IOMMU_ST_PC_CHECK)) /* the DC's or a PC's */
        c->fs_walk_levels = now->obs_walk_level + 1u;
    if (prev->obs_state == IOMMU_ST_PTE_CHECK) c->fs_leaf_level = prev->obs_walk_level;
    if (now->obs_state == IOMMU_ST_FAULT) c->fs_fault_from = prev->obs_state;
}

/* The A/D-update bins of one cycle (docs/microarch.md 5.1 StPteCheck, StAdReq, StAdWait, StLookup step 5). */
static void ad_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    if (prev->obs_state == now->obs_state) return;
    if (now->obs_state == IOMMU_ST_AD_REQ && now->obs_walk_level <= 2) {
        uint64_t set = now->mem_req_wdata & ~now->mem_req_cmp;
        if (set & 0x40) c->count[B_AD + 0 + now->obs_walk_level]++; /* A (PTE bit 6) */
        if (set & 0x80) c->count[B_AD + 3 + now->obs_walk_level]++; /* D (PTE bit 7) */
    }
    if (prev->obs_state == IOMMU_ST_PTE_CHECK && now->obs_state == IOMMU_ST_AD_REQ) c->count[B_AD + 6]++;
    if (prev->obs_state == IOMMU_ST_AD_REQ && now->obs_state == IOMMU_ST_AD_WAIT) c->count[B_AD + 7]++;
    if (prev->obs_state == IOMMU_ST_AD_WAIT && now->obs_state == IOMMU_ST_PTE_CHECK) c->count[B_AD + 8]++;
    if (prev->obs_state == IOMMU_ST_AD_WAIT && now->obs_state == IOMMU_ST_PTE_REQ) c->count[B_AD + 10]++;
    if (prev->obs_state == IOMMU_ST_AD_WAIT && now->obs_state == IOMMU_ST_FAULT) c->count[B_AD + 11]++;
    /* an IOTLB hit that StLookup invalidates and hands to StDcCheck: only the D = 0 write hit does that */
    if (prev->obs_state == IOMMU_ST_LOOKUP && now->obs_state == IOMMU_ST_DC_CHECK && prev->obs_tlb_hit &&
        prev->obs_tlb_inval)
        c->count[B_AD + 9]++;
}

/* Whether the run's configuration has the bins of a group (coverage_configure). */
static bool pdt_on(const coverage_t *c) { return c->process_dir; }
static unsigned dcw(const coverage_t *c) { return c->dc_dwords == 8 ? 8 : 4; }

/* The process-directory bins of one cycle (docs/microarch.md 5.1 StPdtReq .. StPcCheck, 6.4). */
static void pdt_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    unsigned from = prev->obs_state, to = now->obs_state;
    if (from != to) {
        for (unsigned i = 0; i < N_PDT_TRANSITIONS; i++)
            if (pdt_transitions[i][0] == from && pdt_transitions[i][1] == to) c->count[B_PDT + PDT_TRANS + i]++;
        if (to == IOMMU_ST_LOOKUP) c->pdt_reads = 0, c->pdt_fault_from = 0, c->pc_seen = false, c->leaf_seen = false;
        if (to == IOMMU_ST_PDT_REQ) c->pdt_reads++;
        if (to == IOMMU_ST_PC_REQ && from != IOMMU_ST_PC_WAIT && c->pdt_reads <= 2)
            c->count[B_PDT + PDT_PC_READ + c->pdt_reads]++;
        if (to == IOMMU_ST_PC_CHECK) {
            c->pc_seen = true;
            if (!c->req_pv) c->count[B_PDT + PDT_DPE]++;
        }
        if (to == IOMMU_ST_FAULT) c->pdt_fault_from = from;
    } else if (to == IOMMU_ST_PDT_REQ || to == IOMMU_ST_PDT_WAIT) {
        c->count[B_PDT + PDT_HELD + (to - IOMMU_ST_PDT_REQ)]++;
    } else if (to == IOMMU_ST_PC_REQ || to == IOMMU_ST_PC_WAIT) {
        c->count[B_PDT + PDT_HELD + 2 + (to - IOMMU_ST_PC_REQ)]++;
    }
    if (now->obs_pdtc_lookup) {
        c->count[B_PDT + (now->obs_state == IOMMU_ST_LOOKUP ? PDTC_LOOKUP_IN_LOOKUP : PDTC_LOOKUP_IN_DCCHECK)]++;
        if (now->obs_pdtc_hit) c->count[B_PDT + PDTC_HIT + (now->obs_pdtc_hit_way & 3)]++;
        else c->count[B_PDT + PDTC_MISS]++;
    }
    if (now->obs_pdtc_fill) c->count[B_PDT + PDTC_FILL + (now->obs_pdtc_fill_way & 3)]++;
    if (now->obs_pdtc_evict) c->count[B_PDT + PDTC_EVICT]++;
    if (now->obs_pdtc_inval) {
        unsigned op = (unsigned)(c->exec_dw0 & 0x7f), func3 = (unsigned)(c->exec_dw0 >> 7 & 7);
        if (now->obs_state != IOMMU_ST_CMD_EXEC) c->count[B_PDT + PDTC_INVAL_DDTP]++;
        else if (op == 3 && func3 == 1) c->count[B_PDT + PDTC_INVAL_PDT]++;
        else if (op == 3 && func3 == 0) c->count[B_PDT + PDTC_INVAL_DDT]++;
    }
}

/* The DC words the bench saw read last for a device_id, or NULL (a slot another device_id took since). */
static bool dc_seen(const coverage_t *c, uint32_t did) { return c->fs_did[did % 64u] == did && c->fs_mode[did % 64u]; }

/* The process-directory bins of a response: where a PDT/PC cause was decided, ENS, the process_id width,
 * SUM. */
static void pdt_response(coverage_t *c, const iommu_outputs_t *o)
{
    unsigned from = c->pdt_fault_from, cause = o->rsp_fault ? o->rsp_cause : 0;
    int k = cause == CAUSE_PDT_LOAD_ACCESS_FAULT ? 0 : cause == CAUSE_PDT_ENTRY_NOT_VALID ? 1
          : cause == CAUSE_PDT_ENTRY_MISCONFIGURED ? 2 : cause == CAUSE_PDT_DATA_CORRUPTION ? 3 : -1;
    if (k >= 0 && (from == IOMMU_ST_PDT_WAIT || from == IOMMU_ST_PDT_CHECK)) c->count[B_PDT + PDT_NONLEAF_CAUSE + (unsigned)k]++;
    if (k >= 0 && (from == IOMMU_ST_PC_WAIT || from == IOMMU_ST_PC_CHECK)) c->count[B_PDT + PDT_PC_CAUSE + (unsigned)k]++;
    if (cause == CAUSE_TRANSACTION_TYPE_DISALLOWED && from == IOMMU_ST_PC_CHECK) c->count[B_PDT + PDT_ENS_260]++;
    if (cause == CAUSE_TRANSACTION_TYPE_DISALLOWED && from == IOMMU_ST_DC_CHECK && c->req_pv &&
        dc_seen(c, c->fs_req_did)) {
        unsigned slot = c->fs_req_did % 64u;
        unsigned mode = (unsigned)(c->dc_fsc[slot] >> 60);
        if ((c->dc_tc[slot] >> 5 & 1) && ((mode == PDTP_MODE_PD8 && (c->req_pid >> 8)) ||
                                          (mode == PDTP_MODE_PD17 && (c->req_pid >> 17))))
            c->count[B_PDT + PDT_PID_WIDE_260]++;
    }
    /* SUM (spec "Process-context fields"): a Supervisor request whose walk's leaf has U = 1 */
    uint64_t l = c->leaf_pte;
    bool supervisor = c->req_pv && c->req_priv, leaf = c->leaf_seen && (l & PTE_V) && (l & (PTE_R | PTE_X));
    if (supervisor && leaf && (l & PTE_U) && (l & PTE_A)) {
        bool exec = c->req_ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC, write = c->req_ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE;
        bool perm = exec ? (l & PTE_X) != 0 : write ? (l & PTE_R) && (l & PTE_W) && (l & PTE_D) : (l & PTE_R) != 0;
        bool pf = cause == CAUSE_INSTRUCTION_PAGE_FAULT || cause == CAUSE_READ_PAGE_FAULT || cause == CAUSE_WRITE_PAGE_FAULT;
        if (!o->rsp_fault && !exec) c->count[B_PDT + PDT_SUM_ALLOWED]++;
        if (pf && perm && !exec && from == IOMMU_ST_PTE_CHECK) c->count[B_PDT + PDT_SUM_DENIED]++;
        if (pf && perm && exec && from == IOMMU_ST_PTE_CHECK) c->count[B_PDT + PDT_SUM_EXEC_DENIED]++;
    }
    c->pdt_fault_from = 0;
    c->leaf_seen = false;
}

/* The extended-DC bins of a response: a 259 from StDcCheck on a DC read in this translation whose only
 * misconfiguration is one of dcx_bins. */
static void dcx_response(coverage_t *c, const iommu_outputs_t *o)
{
    if (!o->rsp_fault || o->rsp_cause != CAUSE_DDT_ENTRY_MISCONFIGURED || c->fs_fault_from != IOMMU_ST_DC_CHECK ||
        !dc_seen(c, c->fs_req_did))
        return;
    unsigned slot = c->fs_req_did % 64u;
    uint64_t tc = c->dc_tc[slot], fsc = c->dc_fsc[slot];
    const uint64_t *x = c->dc_ext[slot];
    bool pdtv = tc >> 5 & 1;
    bool hit[N_DCX_BINS] = {
        (x[0] >> 60) != 0, (x[0] >> 44 & 0xffff) != 0, (x[1] >> 52) != 0 || (x[2] >> 52) != 0, x[3] != 0,
        (tc >> 9 & 1) && !pdtv, pdtv && (fsc >> 60) > PDTP_MODE_PD20, pdtv && (fsc >> 44 & 0xffff) != 0,
    };
    unsigned n = 0, which = 0;
    for (unsigned i = 0; i < N_DCX_BINS; i++)
        if (hit[i]) n++, which = i;
    if (n == 1) c->count[B_DCX + which]++;
}

/* The first-stage bins of a response. */
static void fs_response(coverage_t *c, const iommu_outputs_t *o)
{
    unsigned levels = c->fs_walk_levels;
    bool pf = o->rsp_cause == CAUSE_INSTRUCTION_PAGE_FAULT || o->rsp_cause == CAUSE_READ_PAGE_FAULT ||
              o->rsp_cause == CAUSE_WRITE_PAGE_FAULT;
    if (!o->rsp_fault) {
        /* a walk that ended in StPteCheck with a leaf (an IOTLB hit has no walk: levels 0) */
        if (levels >= 3 && levels <= 5 && c->fs_leaf_level < levels)
            c->count[B_FS + fs_leaf_bin(levels - 3, c->fs_leaf_level)]++;
    } else if (c->fs_fault_from == IOMMU_ST_DC_CHECK && pf) {
        /* StDcCheck's only page fault is the canonical check: the mode is the DC's */
        unsigned l = fs_levels_of(c, c->fs_req_did);
        if (l) c->count[B_FS + N_FS_LEAF_BINS + (l - 3) * N_FS_FAULT_CLASSES + 0]++;
    } else if (levels >= 3 && levels <= 5 &&
               (c->fs_fault_from == IOMMU_ST_PTE_WAIT || c->fs_fault_from == IOMMU_ST_PTE_CHECK)) {
        int cls = pf ? 1
                : (o->rsp_cause == CAUSE_INSTRUCTION_ACCESS_FAULT || o->rsp_cause == CAUSE_READ_ACCESS_FAULT ||
                   o->rsp_cause == CAUSE_WRITE_ACCESS_FAULT) ? 2
                : o->rsp_cause == CAUSE_PT_DATA_CORRUPTION ? 3 : -1;
        if (cls >= 0) c->count[B_FS + N_FS_LEAF_BINS + (levels - 3) * N_FS_FAULT_CLASSES + (unsigned)cls]++;
    }
    c->fs_walk_levels = 0;
    c->fs_fault_from = 0;
}

void coverage_dc_word(coverage_t *c, uint64_t addr, uint64_t data)
{
    if (c->be) data = __builtin_bswap64(data); /* DCs follow fctl.BE (version 10) */
    unsigned k = (unsigned)(addr / 8u) % dcw(c); /* DCs are aligned to their size: 32 or 64 bytes */
    unsigned slot = c->fs_req_did % 64u;
    if (k == 0) c->dc_tc[slot] = data;
    if (k == 1) c->dc_iohgatp[slot] = data;
    if (k == 2) c->dc_ta[slot] = data;
    if (k >= 4) c->dc_ext[slot][k - 4] = data;
    if (k != 3) return;
    c->fs_did[slot] = c->fs_req_did;
    c->fs_mode[slot] = (uint8_t)(data >> 60); /* iosatp.MODE, or pdtp.MODE with tc.PDTV = 1 */
    c->dc_fsc[slot] = data;
    if (!c->fs_mode[slot]) c->fs_mode[slot] = 0xff; /* Bare: seen (fs_levels_of gives 0 for it) */
}

void coverage_configure(coverage_t *c, unsigned dc_dwords, bool process_dir)
{
    c->dc_dwords = dc_dwords;
    c->process_dir = process_dir;
}

void coverage_configure_second_stage(coverage_t *c, bool second_stage) { c->second_stage = second_stage; }

void coverage_configure_v9(coverage_t *c, bool hpm, bool dbg, bool qosid, unsigned rcid_bits, unsigned mcid_bits)
{
    c->hpm = hpm, c->dbg = dbg, c->qosid = qosid;
    c->rcid_bits = rcid_bits, c->mcid_bits = mcid_bits;
}

void coverage_configure_v10(coverage_t *c, unsigned features, unsigned cq_max, unsigned fq_max)
{
    c->v10 = features, c->cq_max = cq_max, c->fq_max = fq_max;
}

/* The version 10 bins of a response: the DC's tc.SXL, tc.SBE, iosatp and iohgatp as read, the walk's leaf. */
static void v10_response(coverage_t *c, const iommu_outputs_t *o)
{
    if (!c->v10) return;
    unsigned slot = c->fs_req_did % 64u, cause = o->rsp_fault ? o->rsp_cause : 0;
    uint64_t tc = c->dc_tc[slot];
    bool sxl = tc >> 11 & 1, sbe = tc >> 10 & 1, pdtv = tc >> 5 & 1;
    unsigned fmode = (unsigned)(c->dc_fsc[slot] >> 60), gmode = (unsigned)(c->dc_iohgatp[slot] >> 60);
    bool sv32 = sxl && !pdtv && fmode == 8;
    bool pf = cause == CAUSE_INSTRUCTION_PAGE_FAULT || cause == CAUSE_READ_PAGE_FAULT || cause == CAUSE_WRITE_PAGE_FAULT;
    bool gpf = cause == 20 || cause == 21 || cause == 23;
    if (sv32 && !o->rsp_fault) c->count[B_V10 + V10_SV32_OK]++;
    if (sv32 && !o->rsp_fault && c->leaf_seen && c->fs_leaf_level == 1) c->count[B_V10 + V10_SV32_4M]++;
    if (sv32 && pf && (c->req_iova >> 32)) c->count[B_V10 + V10_SV32_WIDE]++;
    if (sxl && gmode && !c->gxl && gpf && (c->req_iova >> 34)) c->count[B_V10 + V10_SXL_GPA]++;
    if (c->gxl && gmode == 8 && !o->rsp_fault && !o->rsp_mrif) c->count[B_V10 + V10_SV32X4_OK]++;
    if (c->gxl && gmode == 8 && gpf) c->count[B_V10 + V10_SV32X4_GPF]++;
    /* the leaf of a first-stage walk of 8-byte PTEs (as coverage_pte decoded it) */
    uint64_t l = c->leaf_pte;
    bool leaf = c->leaf_seen && !sxl && (l & PTE_V) && (l & (PTE_R | PTE_X));
    if (leaf && !o->rsp_fault && (l & PTE_N)) c->count[B_V10 + V10_NAPOT]++;
    if (!o->rsp_fault && o->rsp_pbmt == 1) c->count[B_V10 + V10_PBMT_NC]++;
    if (!o->rsp_fault && o->rsp_pbmt == 2) c->count[B_V10 + V10_PBMT_IO]++;
    if (leaf && pf && (l >> PTE_PBMT_SHIFT & 3) == 3) c->count[B_V10 + V10_PBMT_3]++;
    if (leaf && !o->rsp_fault && (l >> 59 & 3)) c->count[B_V10 + V10_RSW]++;
    if (c->be && !o->rsp_fault) c->count[B_V10 + V10_BE_OK]++;
    if (sbe != c->be && !o->rsp_fault && (pdtv || fmode)) c->count[B_V10 + V10_SBE_OK]++;
}

/* The QoS bins of a response (docs/microarch.md 5.7: a DC whose ta.RCID or ta.MCID is too wide is 259). */
static void v9_response(coverage_t *c, const iommu_outputs_t *o)
{
    if (!c->qosid) return;
    uint64_t ta = c->dc_ta[c->fs_req_did % 64u];
    uint64_t rcid = ta >> 40 & 0xfff, mcid = ta >> 52 & 0xfff;
    bool wide = (rcid >> c->rcid_bits) != 0 || (mcid >> c->mcid_bits) != 0;
    if (o->rsp_fault && o->rsp_cause == 259 && wide) c->count[B_V9 + V9_QOS_WIDE]++;
    if (!(o->rsp_fault && o->rsp_cause == 259) && !wide && (rcid || mcid)) c->count[B_V9 + V9_QOS_IDS]++;
}

/* The access-type index of a guest-page fault cause (20 exec, 21 read, 23 write), or -1. */
static int gpf_access(unsigned cause)
{
    return cause == 20 ? 0 : cause == 21 ? 1 : cause == 23 ? 2 : -1;
}

/* The version 8 bins of one cycle (docs/microarch.md 5.6, 6.5). */
static void g_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    unsigned from = prev->obs_state, to = now->obs_state;
    if (from != to) {
        if (to == IOMMU_ST_LOOKUP) c->g_fault_from = 0, c->msi_checked = false;
        /* a G-walk starts at its root (GLEVELS - 1); StGpteCheck goes down, StGadWait retries the same level */
        if (to == IOMMU_ST_GPTE_REQ && from != IOMMU_ST_GPTE_CHECK && from != IOMMU_ST_GAD_WAIT &&
            now->obs_walk_level >= 2 && now->obs_walk_level <= 4)
            c->count[B_G + G_MODE + now->obs_walk_level - 2]++;
        if (from == IOMMU_ST_GAD_WAIT && to == IOMMU_ST_GPTE_CHECK) c->count[B_G + G_AD_UPDATE]++;
        if (from == IOMMU_ST_GAD_WAIT && to == IOMMU_ST_GPTE_REQ) c->count[B_G + G_AD_RETRY]++;
        if (from == IOMMU_ST_MSIPTE_CHECK || from == IOMMU_ST_MSIPTE_WAIT) c->msi_checked = true;
        if (to == IOMMU_ST_FAULT) c->g_fault_from = from;
    }
    if (now->obs_tlb_lookup && now->obs_tlb_hit) {
        /* the entry's kind from the device context of the request as the bench saw it read */
        unsigned slot = c->fs_req_did % 64u;
        bool gv = (c->dc_iohgatp[slot] >> 60) != 0;
        bool s1_bare = !(c->dc_tc[slot] >> 5 & 1) && (c->dc_fsc[slot] >> 60) == 0;
        if (gv) c->count[B_G + (s1_bare ? G_HIT_G_ONLY : G_HIT_TWO)]++;
        /* an invalidating hit of a G-only entry, or of one whose DC has tc.SADE = 0 (no D update to make),
         * lacked a G-stage bit (section 6.5) */
        if (gv && now->obs_tlb_inval && (s1_bare || !(c->dc_tc[slot] >> 8 & 1))) c->count[B_G + G_HIT_LACKS]++;
    }
}

/* The version 8 bins of a response. */
static void g_response(coverage_t *c, const iommu_outputs_t *o)
{
    unsigned cause = o->rsp_fault ? o->rsp_cause : 0;
    if (c->msi_checked) {
        if (!o->rsp_fault) c->count[B_G + (o->rsp_mrif ? G_MSI_MRIF : G_MSI_FLAT)]++;
        else if (cause == 261) c->count[B_G + G_MSI_261]++;
        else if (cause == 262) c->count[B_G + G_MSI_262]++;
        else if (cause == 263) c->count[B_G + G_MSI_263]++;
        else if (cause == 270) c->count[B_G + G_MSI_270]++;
        else if (cause == 1) c->count[B_G + G_MSI_EXEC]++;
    }
    if (o->rsp_fault && (c->g_fault_from == IOMMU_ST_GPTE_WAIT || c->g_fault_from == IOMMU_ST_GAD_WAIT)) {
        if (cause == 1 || cause == 5 || cause == 7) c->count[B_G + G_ACCESS]++;
        else if (cause == 274) c->count[B_G + G_274]++;
        else if (cause == 265) c->count[B_G + G_265]++;
        else if (cause == 269) c->count[B_G + G_269]++;
    }
    c->g_fault_from = 0;
    c->msi_checked = false;
}

void coverage_fault_record(coverage_t *c, uint64_t addr, uint64_t wdata)
{
    if (c->be && (addr >> 3 & 3) == 0) c->count[B_V10 + V10_BE_RECORD]++;
    unsigned k = (unsigned)(addr >> 3 & 3); /* records are 32 bytes, aligned */
    if (k == 0) c->rec_cause = (unsigned)(wdata & 0xfff);
    if (k != 3) return;
    int acc = gpf_access(c->rec_cause);
    if (acc < 0) return;
    /* iotval2 bit 0: an implicit access, bit 1: an implicit write (docs/microarch.md 5.6) */
    unsigned kind = !(wdata & 1) ? 2 : (wdata & 2) ? 1 : 0;
    c->count[B_G + G_GPF + kind * 3 + (unsigned)acc]++;
}

void coverage_command_fetched(coverage_t *c, uint64_t dw0, uint64_t slot)
{
    /* version 11: the command in the slot fetched last fetched again: it waited (cqh unchanged, cq_wait) */
    if (c->ats && c->exec_dw0 == dw0 && c->exec_slot == slot + 1) {
        if ((dw0 & 0x3ff) == 2) c->count[B_V11 + V11_FENCE_WAIT]++;       /* IOFENCE.C: invalidations busy */
    }
    c->exec_slot = slot + 1;
    c->exec_dw0 = dw0;
}

void coverage_configure_v11(coverage_t *c, bool ats) { c->ats = ats; }

/* Version 11: the engine's ATS states and messages, each cycle. */
static void v11_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    if (!c->ats) return;
    unsigned b = B_V11;
    if (now->obs_state != prev->obs_state) {
        if (prev->obs_state == IOMMU_ST_PQ_WAIT && now->obs_state == IOMMU_ST_IDLE) c->count[b + V11_PGR_QUEUED]++;
        /* an ATS.INVAL leaves StCmdExec for StMsgReq, or for StIdle when every ITag is busy (it waits) */
        if (prev->obs_state == IOMMU_ST_CMD_EXEC && now->obs_state == IOMMU_ST_IDLE && (c->exec_dw0 & 0x3ff) == 4)
            c->count[b + V11_ITAG_WAIT]++;
        if (now->obs_state == IOMMU_ST_FAULT && c->req_ttyp == IOMMU_TTYP_PCIE_MESSAGE) c->count[b + V11_PGR_FAULT]++;
        if (prev->obs_state == IOMMU_ST_PGR_START) c->req_ttyp = IOMMU_TTYP_PCIE_MESSAGE;
        if (now->obs_state == IOMMU_ST_PGR_START) c->req_ttyp = IOMMU_TTYP_PCIE_MESSAGE;
        if (now->obs_state == IOMMU_ST_MSG_REQ) {
            c->msg_from = prev->obs_state;
            if (!now->msg_prgr) {
                c->count[b + V11_INVAL]++;
                if (now->msg_itag == 31) c->count[b + V11_ITAG31]++;
            } else if (prev->obs_state == IOMMU_ST_CMD_EXEC) {
                c->count[b + V11_PRGR_CMD]++;
            } else {
                unsigned code = (unsigned)(now->msg_payload >> 44 & 0xf);
                if (code == 0) c->count[b + V11_OWN]++;
                if (code == 1) c->count[b + V11_OWN + 1]++;
                if (code == 0xf) c->count[b + V11_OWN + 2]++;
                if (now->msg_pv) c->count[b + V11_OWN_PASID]++;
            }
        }
    }
}

/* Version 11: the ATS completion of a TTYP 8 request and the outcome of a translated one. */
static void v11_response(coverage_t *c, const stim_cmd_t *cmd, const iommu_outputs_t *o)
{
    if (!c->ats) return;
    unsigned b = B_V11;
    if (cmd->ttyp == IOMMU_TTYP_ATS_TRANSLATION && o->rsp_ats) {
        unsigned st = o->rsp_ats_status;
        if (st == 0) c->count[b + V11_CPL + (o->rsp_ats_r ? 0 : 1)]++;
        else if (st == 1 || st == 2) c->count[b + V11_CPL + 1 + st]++;
        if (st == 0 && o->rsp_ats_r) {
            c->count[b + (o->rsp_ats_w ? V11_W_OK : V11_W_NO)]++;
            if (o->rsp_ats_u) c->count[b + V11_U]++;
            unsigned s = o->rsp_ats_size;
            c->count[b + V11_RANGE + (s <= 12 ? 0 : s < 21 ? 1 : s == 21 ? 2 : 3)]++;
        }
        if (o->rsp_ats_priv) c->count[b + V11_PRIV]++;
    }
    if (cmd->ttyp >= IOMMU_TTYP_TRANSLATED_EXEC && cmd->ttyp <= IOMMU_TTYP_TRANSLATED_WRITE) {
        uint64_t tc = c->dc_tc[cmd->did % 64u];
        bool t2gpa = dc_seen(c, cmd->did) && (tc >> 3 & 1);
        if (o->rsp_fault && o->rsp_cause == 260 && dc_seen(c, cmd->did) && !(tc >> 1 & 1)) c->count[b + V11_TR + 3]++;
        else if (!o->rsp_fault && !t2gpa && o->rsp_pa == cmd->iova) c->count[b + V11_TR]++;
        else if (t2gpa) c->count[b + V11_TR + (o->rsp_fault ? 2 : 1)]++;
    }
}

void coverage_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    dir_cycle(c, prev, now);
    irq_cycle(c, prev, now);
    fs_cycle(c, prev, now);
    ad_cycle(c, prev, now);
    pdt_cycle(c, prev, now);
    g_cycle(c, prev, now);
    v11_cycle(c, prev, now);
    if (prev->obs_state != now->obs_state) {
        for (unsigned i = 0; i < N_TRANSITIONS; i++)
            if (transitions[i][0] == prev->obs_state && transitions[i][1] == now->obs_state) c->count[B_TRANS + i]++;
    } else if (now->obs_state < N_STATES && now->obs_state != 0) {
        c->count[B_STALL + now->obs_state]++;
    }
    if (now->obs_tlb_lookup) {
        if (now->obs_tlb_hit) c->count[B_TLB_HIT + (now->obs_tlb_hit_way & 7)]++;
        else c->count[B_TLB_MISS]++;
    }
    if (now->obs_tlb_fill) c->count[B_TLB_FILL + (now->obs_tlb_fill_way & 7)]++;
    if (now->obs_tlb_evict) c->count[B_TLB_EVICT]++;
    if (now->obs_ddtc_lookup) {
        if (now->obs_ddtc_hit) c->count[B_DDTC_HIT + (now->obs_ddtc_hit_way & 3)]++;
        else c->count[B_DDTC_MISS]++;
    }
    if (now->obs_ddtc_fill) c->count[B_DDTC_FILL + (now->obs_ddtc_fill_way & 3)]++;
    if (now->obs_ddtc_evict) c->count[B_DDTC_EVICT]++;
    if (now->obs_state == 5 && prev->obs_state != 5 && now->obs_walk_level <= 2) /* levels 3, 4: mode.* */
        c->count[B_LEVEL + 2 - now->obs_walk_level]++;
    uint16_t rose = (uint16_t)(now->wsi & ~prev->wsi), fell = (uint16_t)(prev->wsi & ~now->wsi);
    if (rose) c->count[B_IRQ_RISE]++;
    if (fell) c->count[B_IRQ_FALL]++;
    for (unsigned v = 0; v < 16; v++)
        if (rose & (1u << v)) c->count[B_IRQ_VECTOR + v]++;
    if (now->rsp_valid && prev->rsp_valid && now->rsp_tag == prev->rsp_tag) c->count[B_RSP_STALL]++;
    /* cip raises its wire the cycle after the command processor set an error or fence_w_ip (section 4.3) */
    if (rose && prev->obs_state >= IOMMU_ST_CQ_REQ && prev->obs_state <= IOMMU_ST_FENCE_WAIT) c->count[B_CQ + 4]++;
    unsigned ddtc_inval = now->obs_ddtc_inval & 0xfu, tlb_inval = now->obs_tlb_inval;
    if (ddtc_inval) c->count[B_CACHE + ((ddtc_inval & (ddtc_inval - 1)) ? DDTC_INVAL_SEVERAL : DDTC_INVAL_ONE)]++;
    if (tlb_inval) c->count[B_CACHE + ((tlb_inval & (tlb_inval - 1)) ? TLB_INVAL_SEVERAL : TLB_INVAL_ONE)]++;
    /* the level at which a walk gave up: the state before StFault was a PTE wait or check */
    if (now->obs_state == IOMMU_ST_FAULT && (prev->obs_state == IOMMU_ST_PTE_WAIT || prev->obs_state == IOMMU_ST_PTE_CHECK))
        c->fault_level = prev->obs_walk_level <= 2 ? 1u + prev->obs_walk_level : 0; /* levels 3, 4: mode.* */
}

void coverage_request(coverage_t *c, const stim_cmd_t *cmd)
{
    c->fs_req_did = cmd->did;
    c->req_iova = cmd->iova;
    c->req_pv = cmd->pv;
    c->req_priv = cmd->priv;
    c->req_pid = cmd->pid;
    c->req_ttyp = cmd->ttyp;
    for (unsigned k = 0; k < 24; k++)
        if ((cmd->did >> k) & 1u) c->count[B_DID_BIT + k]++;
    if (!cmd->pv && cmd->pid) c->count[B_PID + 0]++;
    if (!cmd->pv && cmd->priv) c->count[B_PID + 1]++;
    if (cmd->pv) c->count[B_PID + (cmd->priv ? 3 : 2)]++;
}

void coverage_response(coverage_t *c, const stim_cmd_t *cmd, const iommu_outputs_t *o, int stale)
{
    if (stale) c->count[B_CACHE + (o->rsp_fault ? STALE_OLD_FAULT : STALE_OLD_OK)]++;
    unsigned ttyp = cmd->ttyp;
    unsigned t = ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? 0 : ttyp == IOMMU_TTYP_UNTRANSLATED_READ ? 1
               : ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ? 2 : 3;
    unsigned cause = o->rsp_fault ? o->rsp_cause : 0;
    dir_response(c, cause);
    dcx_response(c, o); /* before fs_response, which clears fs_fault_from */
    v10_response(c, o); /* before pdt_response, which clears leaf_seen */
    pdt_response(c, o);
    g_response(c, o);
    v9_response(c, o);
    v11_response(c, cmd, o);
    fs_response(c, o);
    for (unsigned k = 0; k < N_CAUSES; k++)
        if (causes[k] == cause) c->count[B_CAUSE + t * N_CAUSES + k]++;
    if (!o->rsp_fault) {
        for (unsigned k = 12; k <= 38; k++) c->count[B_IOVA_OK + 2 * (k - 12) + ((cmd->iova >> k) & 1u)]++;
        for (unsigned k = 12; k <= 55; k++)
            if ((o->rsp_pa >> k) & 1u) c->count[B_PA_BIT + k - 12]++;
    } else if (c->fault_level) {
        int cls = -1;
        switch (cause) {
        case CAUSE_INSTRUCTION_PAGE_FAULT: case CAUSE_READ_PAGE_FAULT: case CAUSE_WRITE_PAGE_FAULT: cls = 0; break;
        case CAUSE_INSTRUCTION_ACCESS_FAULT: case CAUSE_READ_ACCESS_FAULT: case CAUSE_WRITE_ACCESS_FAULT: cls = 1; break;
        case CAUSE_PT_DATA_CORRUPTION: cls = 2; break;
        default: break;
        }
        if (cls >= 0) c->count[B_FAULT_LEVEL + (c->fault_level - 1) * N_FAULT_CLASSES + (unsigned)cls]++;
    }
    c->fault_level = 0;
}

void coverage_pte(coverage_t *c, unsigned level, uint64_t addr, uint64_t data)
{
    /* version 10: first-stage PTEs follow the DC's tc.SBE; with tc.SXL = 1 they are Sv32's 4-byte ones */
    uint64_t tc = c->dc_tc[c->fs_req_did % 64u];
    bool sbe = tc >> 10 & 1, sxl = tc >> 11 & 1;
    uint64_t pte = data;
    if (sxl) {
        uint32_t half = (uint32_t)(data >> (addr & 4 ? 32 : 0));
        pte = sbe ? __builtin_bswap32(half) : half;
    } else if (sbe) {
        pte = __builtin_bswap64(data);
    }
    c->leaf_pte = pte; /* the last PTE the walk read is the leaf it checks (pdt_response) */
    c->leaf_seen = true;
    if (level > 2) return;
    unsigned base = B_PTE + level * (unsigned)N_PTE_CLASSES;
    bool r = pte & PTE_R, w = pte & PTE_W, x = pte & PTE_X, rsvd = (pte >> 54) != 0;
    if (!(pte & PTE_V)) {
        c->count[base + 0]++;
    } else if (!r && !w && !x) {
        if (pte & (PTE_U | PTE_A | PTE_D)) c->count[base + 2]++;
        if (rsvd) c->count[base + 3]++;
        if (!(pte & (PTE_U | PTE_A | PTE_D)) && !rsvd) c->count[base + 1]++;
    } else {
        uint64_t ppn = (pte >> PTE_PPN_SHIFT) & ((1ull << 44) - 1);
        bool misaligned = level > 0 && (ppn & ((1ull << (9 * level)) - 1)) != 0;
        if (w && !r) c->count[base + 5]++;
        if (rsvd) c->count[base + 6]++;
        if (misaligned) c->count[base + 7]++;
        if (!(pte & PTE_A)) c->count[base + 8]++;
        if (!(pte & PTE_U)) c->count[base + 9]++;
        if (!(w && !r) && !rsvd && !misaligned && (pte & PTE_A) && (pte & PTE_U)) c->count[base + 4]++;
    }
}

void coverage_cas_race(coverage_t *c, uint64_t before, uint64_t stored)
{
    if ((before & 1) && !(stored & 1)) c->count[B_AD + 12]++; /* V (PTE bit 0) */
}

void coverage_memory(coverage_t *c, unsigned engine_state, unsigned op, int err)
{
    (void)op;
    if (engine_state >= IOMMU_ST_CQ_REQ && engine_state <= IOMMU_ST_FENCE_WAIT) {
        /* the command fetch (StCqReq) or the IOFENCE.C write (StFenceReq): both stop the queue with cqmf */
        if (err == 1 || err == 2) c->count[B_CQ_MEMERR + (engine_state >= IOMMU_ST_FENCE_REQ ? 2u : 0u) + (unsigned)(err - 1)]++;
        return;
    }
    if (engine_state == IOMMU_ST_PDT_REQ || engine_state == IOMMU_ST_PC_REQ) { /* version 7 */
        if (err == 1 || err == 2)
            c->count[B_PDT + PDT_MEMERR + (engine_state == IOMMU_ST_PC_REQ ? 2u : 0u) + (unsigned)(err - 1)]++;
        return;
    }
    if (engine_state == IOMMU_ST_MSI_REQ) return; /* the MSI sender's bins (coverage_msi) */
    if (engine_state == IOMMU_ST_PQ_REQ) { /* version 11: a page-request record; an error sets pqmf */
        if (err == 1 || err == 2) c->count[B_V11 + V11_PGR_PQMF]++;
        return;
    }
    /* the directory (StDdtReq, StDcReq), the walk (StPteReq, StAdReq), the fault-record writer (StFqReq) */
    unsigned where = engine_state == IOMMU_ST_DDT_REQ || engine_state <= 3 ? 0
                   : engine_state <= 7 || engine_state == IOMMU_ST_AD_REQ ? 1 : 2;
    if (where == 2 && err == 0) c->count[B_FQ_WRITE]++;
    if (err == 1 || err == 2) c->count[B_MEMERR + 2 * where + (unsigned)(err - 1)]++;
}

void coverage_register(coverage_t *c, uint16_t offset, int write, uint64_t data, int under_traffic)
{
    for (unsigned r = 0; under_traffic && r < N_TRAFFIC_REGS; r++) {
        uint16_t off;
        uint8_t size;
        if (stim_register_by_name(traffic_regs[r], &off, &size) && off == offset)
            c->count[B_REG_TRAFFIC + (write ? N_TRAFFIC_REGS : 0) + r]++;
    }
    for (unsigned r = 0; r < N_REGS; r++) {
        uint16_t off;
        uint8_t size;
        if (stim_register_by_name(registers[r], &off, &size) && off == offset)
            c->count[(write ? B_REG_WRITE : B_REG_READ) + r]++;
    }
    if (!write) return;
    if (offset == REG_ICVEC) c->civ = (unsigned)(data & 15), c->fiv = (unsigned)(data >> 4 & 15);
    if (write && offset == REG_ICVEC) c->pmiv = (unsigned)(data >> 8 & 15);
    if (write && offset == REG_FCTL) c->wsi_mode = (data >> 1) & 1;
    /* version 10: fctl.BE and GXL where writable, and queue sizes above the configuration's maximum */
    if (write && offset == REG_FCTL && (c->v10 & COV_V10_END)) c->be = data & 1;
    if (write && offset == REG_FCTL && (c->v10 & COV_V10_SV32X4)) c->gxl = data >> 2 & 1;
    if (write && offset == REG_FQB && (c->v10 & COV_V10_FQ) && (data & 0x1f) + 1 > c->fq_max) c->count[B_V10 + V10_FQB]++;
    if (write && offset == REG_CQB && (c->v10 & COV_V10_CQ) && (data & 0x1f) + 1 > c->cq_max) c->count[B_V10 + V10_CQB]++;
    if (write && c->hpm && offset >= REG_IOHPMEVT1 && offset < REG_IOHPMEVT1 + 31 * 8) {
        /* filter form: IDT, then PV, then DV with or without DMASK, else none (spec "iohpmevt1-31") */
        unsigned ev = (unsigned)(data & 0x7fff);
        unsigned form = data >> 62 & 1 ? 4 : data >> 60 & 1 ? 3 : data >> 61 & 1 ? (data >> 15 & 1 ? 2 : 1) : 0;
        if (ev >= 1 && ev <= 3) c->count[B_V9 + V9_EVENT + (ev - 1) * 5 + form]++;
        else if (ev > 3) c->count[B_V9 + V9_WARL]++;
    }
    if (write && c->hpm && offset == REG_IOCOUNTINH && (data & 0xfffffffe)) c->count[B_V9 + V9_INHIBIT]++;
    if (write && c->qosid && offset == REG_IOMMU_QOSID &&
        ((data & 0xfff) >> c->rcid_bits || (data >> 16 & 0xfff) >> c->mcid_bits))
        c->count[B_V9 + V9_QOS_REG]++;
    /* msi_vec_ctl_v.M written 0 while software's last ipsr read showed v's cause (cip bit 0, fip bit 1) pending */
    if (offset >= REG_MSI_VEC_CTL_0 && offset < REG_MSI_VEC_CTL_0 + 16 * 16 && (offset - REG_MSI_VEC_CTL_0) % 16 == 0) {
        unsigned v = (unsigned)(offset - REG_MSI_VEC_CTL_0) / 16;
        bool pending = (v == c->civ && (c->ipsr_seen & 1)) || (v == c->fiv && (c->ipsr_seen & 2));
        c->unmasked_pending[v] = !(data & 1) && pending;
    }
    unsigned f = B_REG_FIELD;
    switch (offset) {
    case REG_DDTP: {
        uint64_t mode = ddtp_iommu_mode(data);
        if (mode <= 2) c->count[f + (unsigned)mode]++;
        else if (mode > DDTP_MODE_3LVL) c->count[f + 3]++; /* 2LVL and 3LVL: the dir. bins */
        if (mode <= DDTP_MODE_3LVL) c->ddt_mode = (unsigned)mode; /* a supported mode (version 4) */
        if (ddtp_PPN(data) >> 20) c->count[f + 4]++;
        break;
    }
    case REG_FQB:
        if (fqb_PPN(data) >> 20) c->count[f + 5]++;
        if (fqb_LOG2SZM1(data) < 4) c->count[f + 6 + (unsigned)fqb_LOG2SZM1(data)]++;
        break;
    case REG_FQCSR:
        if (fqcsr_fqmf(data) && !fqcsr_fqof(data)) c->count[f + 10]++;
        if (!fqcsr_fqmf(data) && fqcsr_fqof(data)) c->count[f + 11]++;
        if (fqcsr_fqmf(data) && fqcsr_fqof(data)) c->count[f + 12]++;
        break;
    case REG_ICVEC:
        if (data >> 16) c->count[f + 13]++;
        break;
    case REG_IPSR:
        if (data & ~0xfull) c->count[f + 14]++;
        break;
    case REG_CAPABILITIES: c->count[f + 15]++; break;
    case REG_FQT: c->count[f + 16]++; break;
    default: break;
    }
}

void coverage_request_stall(coverage_t *c) { c->count[B_REQ_STALL]++; }

void coverage_register_value(coverage_t *c, uint16_t offset, uint64_t value)
{
    if (offset == REG_CQCSR) {
        if (cqcsr_cmd_ill(value)) c->count[B_CQ + 0]++;
        if (cqcsr_cqmf(value)) c->count[B_CQ + 1]++;
        if (cqcsr_fence_w_ip(value)) c->count[B_CQ + 2]++;
    }
    if (offset == REG_IPSR && ipsr_cip(value)) c->count[B_CQ + 3]++;
    if (c->ats && offset == REG_CQCSR && (value >> 9 & 1)) c->count[B_V11 + V11_CMD_TO]++; /* version 11 */
    if (c->ats && offset == REG_PQCSR && (value >> 9 & 1)) c->count[B_V11 + V11_PGR_PQOF]++;
    if (c->ats && offset == REG_IPSR && (value >> 3 & 1)) c->count[B_V11 + V11_PGR_PIP]++;
    if (offset == REG_IPSR) c->ipsr_seen = value;
    if (offset == REG_FQCSR && fqcsr_fqof(value)) c->count[B_IRQ + 12]++;
    if (c->hpm && offset == REG_IOCOUNTOVF) {
        if (value & 1) c->count[B_V9 + V9_OVF_CY]++;
        if (value & ~1ull) c->count[B_V9 + V9_OVF_CTR]++;
    }
    if (c->hpm && offset == REG_IPSR && (value >> 2 & 1) && c->wsi_mode) c->count[B_V9 + V9_PMIP_WIRE]++;
    if (c->dbg && offset == REG_TR_RESPONSE && (value & 1)) c->count[B_V9 + V9_DBG_FAULT]++;
    if (c->dbg && offset == REG_TR_RESPONSE && value != 0 && !(value & 1)) c->count[B_V9 + V9_DBG_OK]++;
    if (c->dbg && offset == REG_TR_REQ_CTL && (value & 1)) c->count[B_V9 + V9_DBG_BUSY]++;
}

void coverage_command(coverage_t *c, uint64_t dw0, uint64_t dw1)
{
    unsigned opcode = (unsigned)(dw0 & 0x7f), func3 = (unsigned)(dw0 >> 7) & 7;
    unsigned bin;
    /* reserved bits of each layout (spec command formats; NL bit 34 and S bit 73: no extension here) */
    bool rsvd = false;
    /* version 10: NL (dw0 bit 34) and S (dw1 bit 9) of IOTINVAL are operands with capabilities.NL and .S */
    uint64_t nl = c->v10 & COV_V10_NL ? dw0 >> 34 & 1 : 0, s = c->v10 & COV_V10_S ? dw1 >> 9 & 1 : 0;
    if (opcode == 1) rsvd = (dw0 >> 11 & 1) || ((dw0 >> 34 & 0x3ff) & ~nl) || (dw0 >> 60) || ((dw1 & 0x3ff) & ~(s << 9)) ||
                            (dw1 >> 62);
    if (opcode == 1 && !rsvd && func3 <= 1 && nl) c->count[B_V10 + V10_NL]++;
    if (opcode == 1 && !rsvd && func3 <= 1 && s && (dw0 >> 10 & 1)) c->count[B_V10 + V10_S]++;
    if (opcode == 2) rsvd = (dw0 >> 14 & 0x3ffff) || (dw1 >> 62);
    if (opcode == 3) rsvd = (dw0 >> 10 & 3) || (dw0 >> 32 & 1) || (dw0 >> 34 & 0x3f) || dw1 || (func3 == 0 && (dw0 >> 12 & 0xfffff));
    if (opcode == 0 || opcode > 4 || (opcode == 2 && func3 != 0) || (opcode == 3 && func3 > 1) ||
        (opcode == 1 && func3 > 1) || (opcode == 4 && func3 > 1))
        bin = CMD_RESERVED_OPCODE;
    else if (rsvd) bin = CMD_RESERVED_BITS;
    else if (opcode == 1 && func3 == 1) {
        bin = CMD_GVMA;
        if (!(dw0 >> 32 & 1)) c->count[B_G + G_GVMA + (unsigned)((dw0 >> 33 & 1) << 1 | (dw0 >> 10 & 1))]++;
    }
    else if (opcode == 1) bin = CMD_VMA + (unsigned)((dw0 >> 33 & 1) << 2 | (dw0 >> 10 & 1) << 1 | (dw0 >> 32 & 1));
    else if (opcode == 2) bin = CMD_FENCE + (unsigned)((dw0 >> 10 & 1) << 3 | (dw0 >> 11 & 1) << 2 | (dw0 >> 12 & 1) << 1 | (dw0 >> 13 & 1));
    else if (opcode == 3 && func3 == 1) bin = CMD_PDT;
    else if (opcode == 3 && (dw0 >> 33 & 1) && (dw0 >> 47)) bin = CMD_DDT_DID_WIDE; /* DID[23:7] != 0 (1LVL) */
    else if (opcode == 3) bin = CMD_DDT + (unsigned)(dw0 >> 33 & 1);
    else bin = func3 ? CMD_ATS_PRGR : CMD_ATS_INVAL;
    c->count[B_CMD + bin]++;
}

void coverage_add(coverage_t *sum, const coverage_t *c)
{
    for (unsigned i = 0; i < B_TOTAL; i++) sum->count[i] += c->count[i];
    sum->process_dir |= c->process_dir;
    sum->second_stage |= c->second_stage;
    sum->hpm |= c->hpm, sum->dbg |= c->dbg, sum->qosid |= c->qosid;
    sum->v10 |= c->v10;
    sum->ats |= c->ats; /* version 11 */
    if (c->dc_dwords > sum->dc_dwords) sum->dc_dwords = c->dc_dwords;
}

void coverage_write(const coverage_t *c, FILE *f)
{
    for (unsigned i = 0; i < B_TOTAL; i++) {
        /* a configuration without a process directory or extended DCs has no such bins (not holes) */
        if (i >= B_PDT && i < B_DCX && !pdt_on(c)) continue;
        if (i >= B_DCX && i < B_G && dcw(c) != 8) continue;
        if (i >= B_G && i < B_V9 && !c->second_stage) continue; /* version 8 bins: only with a second stage */
        if (i >= B_V11 && !c->ats) continue; /* version 11 bins: only with ATS */
        if (i >= B_V10 && i < B_V11 && !(c->v10 & v10_need[i - B_V10])) continue; /* version 10: with the feature */
        if (i >= B_V9 && i < B_V10) { /* version 9 bins: only with their capability */
            unsigned k = i - B_V9;
            if (k < V9_DBG_FIRST ? !c->hpm : k < V9_QOS_FIRST ? !c->dbg : !c->qosid) continue;
        }
        char name[64];
        coverage_bin_name(i, name, sizeof name);
        fprintf(f, "%llu %s\n", (unsigned long long)c->count[i], name);
    }
}
