/* Timing layer of the golden model: the cycle-stepped engine of docs/microarch.md (sections 4 - 7). It
 * runs the architectural step machines (xlate.h, fault_queue.h) and register semantics (regs.h) one
 * step per engine state (a non-leaf directory entry: its read in StDdtReq/StDdtWait, the architectural
 * step that checks it in StDdtCheck; likewise the process directory in StPdtReq .. StPcCheck), turning
 * each wanted memory access into a mem_req and feeding mem_rsp back, and
 * adds what only the microarchitecture has: the IOTLB, the device-context cache, the process-context
 * cache (section 6.4), the command processor
 * (section 5.4: fetch, then the cache invalidations and the IOFENCE.C write; the command decode is the
 * architectural cq_command_illegal), the MSI sender (section 5.5: the pending vectors of regs.h sent as
 * 4-byte writes over the memory port, a failed one reported through StFault), the register-slave timing,
 * the busy handshakes and the observation port. From version 8 (section 5.6) the architectural machine's
 * second-stage walks (StGpteReq .. StGadWait) and MSI PTE reads (StMsiPteReq .. StMsiPteCheck) get their
 * states the same way: the state after a step is the request state of the access it wants (mem_state).
 * From version 10 (section 5.8) the architectural steps also walk Sv32/Sv32x4 (4-byte PTEs in their
 * doubleword), check the PTE extensions and give the PBMT; this layer adds the byte order of the structures
 * it reads and writes itself (commands, the IOFENCE.C data, fault records, MSI data, and the device- and
 * process-context caches, which hold values after byte order), page sizes and PBMT in the IOTLB and the
 * address ranges of IOTINVAL's S operand (section 6.6).
 * From version 11 (section 5.9) ATS: translation requests answered with completions on rsp_ats_* (the
 * architectural ats_completion_t), page requests (StPgrStart, the directory walk of a translation without the
 * device-context cache, the queue decision, StPqReq/StPqWait with the architectural record encoding, the
 * IOMMU's own response), ATS.INVAL/ATS.PRGR with the architectural ITag bookkeeping (cq.h) and the outbound
 * messages of StMsgReq (ats_msg.h), IOFENCE.C's wait for the ITags, cq_wait, Invalidation Completions and the
 * protocol timeout.
 * Outputs are computed from registered state only. */
#include "iommu_tm.h"

#include <stdlib.h>
#include <string.h>

#include "ats_msg.h"
#include "cq.h"
#include "ddtc.h"
#include "fault_queue.h"
#include "ddt.h"
#include "iotlb.h"
#include "msi.h"
#include "pdt.h"
#include "pdtc.h"
#include "pq.h"
#include "regs.h"
#include "spec_fields.h"
#include "s1_mode.h"
#include "xlate.h"

struct iommu_tm {
    iommu_config_t cfg; /* the configuration the RTL was built from (docs/microarch.md sections 3, 3.1) */
    iommu_regs_t regs;
    iotlb_t tlb;
    ddtc_t ddtc;
    pdtc_t pdtc;
    enum iommu_engine_state state;
    /* the accepted request */
    iommu_request_t req;
    uint16_t tag;
    /* the architectural machines of the current transaction */
    xlate_t x;
    /* the DC block read (docs/microarch.md StDcReq / StDcWait): one doubleword per beat, collected here
     * and given to the translation when the last arrives or a beat fails */
    unsigned dc_beat;
    mem_result_t dc_block;
    bool dc_cached;     /* the DC words came from the device-context cache (no fill in StDcCheck) */
    mem_result_t ddte;  /* the non-leaf DDT entry stored in StDdtWait, checked in StDdtCheck */
    /* the process directory (StPdtReq .. StPcCheck, version 7) */
    bool pdtc_looked;   /* StLookup step 4a looked the process-context cache up (kept for StDcCheck) */
    int pdtc_way;       /* its hitting way, or -1 */
    mem_result_t pdte;  /* the non-leaf PDT entry stored in StPdtWait, checked in StPdtCheck */
    unsigned pc_beat;   /* PC doubleword k being read (StPcReq / StPcWait) */
    mem_result_t pc_block; /* the PC's two doublewords, read or from the process-context cache */
    bool pc_cached;     /* the PC words came from the process-context cache (no fill in StPcCheck) */
    bool walk_g;        /* g: OR of the G bits of the PTEs read in this walk (docs/microarch.md 5.1) */
    mem_result_t ad_rsp; /* the A/D compare-and-swap's response that matched (StAdWait), given to the
                            architectural step in StPteCheck, which then finishes the leaf */
    mem_result_t gad_rsp; /* the same for a second-stage leaf (StGadWait, then StGpteCheck; version 8) */
    unsigned msi_beat;  /* MSI PTE doubleword k being read (StMsiPteReq / StMsiPteWait) */
    mem_result_t msi_block; /* the MSI PTE's two doublewords */
    /* the command in the command processor (StCqReq .. StFenceWait): doubleword k of cq[cqh] */
    unsigned cmd_beat;
    uint64_t cmd[2];
    fq_report_t fq;
    bool fq_be;         /* the fctl.BE the record in fq was encoded with (StFault); each StFqReq presents its
                           doubleword in the byte order of its own cycle's fctl.BE (section 5.8) */
    fault_info_t fault;
    bool fault_no_rsp;  /* the fault in StFault .. StFqWait is an MSI write's: StIdle follows, not StRespond */
    /* the MSI being sent (StMsiReq, StMsiWait): msi_addr_v and msi_data_v captured in StIdle */
    uint64_t msi_addr;
    uint32_t msi_data;
    /* the outcome presented in StRespond */
    bool out_fault;
    unsigned out_cause;
    uint64_t out_pa;
    unsigned out_pbmt;  /* rsp_pbmt (section 5.8): 0 with a fault or MRIF information */
    bool out_mrif;      /* an MRIF-mode MSI (section 5.6): the response carries the MRIF information */
    uint64_t out_mrif_addr, out_notice_addr;
    uint32_t out_notice_data;
    /* the transaction is a debug translation (section 5.7): it completes into tr_response, not on the port */
    bool dbg;
    bool out_ats;       /* the response is an ATS completion (TTYP 8 with capabilities.ATS, section 5.9) */
    ats_completion_t out_cpl;
    /* a page request (section 5.9) in StPgrStart .. StMsgReq: the message, the located DC's tc.PRPR, the
     * response code a fault or the queue decision gave, the record and the doubleword k being written */
    bool pgr;
    pq_request_t pg;
    bool pg_prpr;
    unsigned pg_code;
    uint64_t pq_rec[2];
    uint64_t pq_addr;
    unsigned pq_beat;
    /* the message StMsgReq presents */
    ats_msg_t msg;
    /* the 32 ITags and the timed-out flag (architectural bookkeeping, cq.h), and cq_wait (section 5.9) */
    cq_ats_t itags;
    bool cq_wait;
    /* register slave */
    bool reg_rsp_valid;
    uint64_t reg_rsp_rdata;
};

static void tm_reset(iommu_tm_t *tm)
{
    iommu_config_t cfg = tm->cfg; /* the configuration is what the hardware is: reset keeps it */
    memset(tm, 0, sizeof(*tm));
    tm->cfg = cfg;
    regs_reset(&tm->regs, &tm->cfg);
    iotlb_reset(&tm->tlb);
    ddtc_reset(&tm->ddtc);
    pdtc_reset(&tm->pdtc);
    tm->pdtc_way = -1;
    tm->state = IOMMU_ST_IDLE;
}

const char *iommu_tm_unsupported(const iommu_config_t *cfg)
{
    /* docs/microarch.md (version 11) builds every capability: the performance monitor, the debug interface and
     * QoS IDs (version 9, section 5.7, with any counter count, counter width and ID width), Sv32, Sv32x4 with a
     * writable fctl.GXL, Svnapot, Svpbmt, Svrsw60t59b, big-endian structures, NL and S (version 10, section
     * 5.8) and ATS with T2GPA (version 11, section 5.9); the rest of the configuration (widths, queue sizes,
     * vectors, ddtp modes) the register file and the arch steps take from cfg as they are */
    (void)cfg;
    return NULL;
}

iommu_tm_t *iommu_tm_new(const iommu_config_t *cfg)
{
    iommu_tm_t *tm = calloc(1, sizeof(*tm));
    if (tm) {
        tm->cfg = *cfg;
        tm_reset(tm);
    }
    return tm;
}

void iommu_tm_free(iommu_tm_t *tm) { free(tm); }

/* IOTLB lookups and fills are made for untranslated requests only (TTYP 1, 2, 3: section 5.1, StLookup
 * step 5 and StPteCheck). */
static bool untranslated_ttyp(const iommu_request_t *req)
{
    return req->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC || req->ttyp == IOMMU_TTYP_UNTRANSLATED_READ ||
           req->ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE;
}

/* The effective process_id p (spec "Process to translate an IOVA" step 12: 0 without one). */
static uint32_t effective_pid(const iommu_request_t *req) { return req->pv ? req->pid & 0xfffffu : 0; }

/* StLookup step 4a: a cached DC *needs a process context* for this request: tc.PDTV = 1, pdtp.MODE PD8,
 * PD17 or PD20, a process_id or tc.DPE = 1, and p fits the mode (a wider one is refused with 260 in
 * StDcCheck, spec "Process to translate an IOVA" step 7). */
static bool dc_needs_pc(const uint64_t *dc, const iommu_request_t *req)
{
    uint64_t tc = dc[DC_TC], fsc = dc[DC_FSC];
    unsigned mode = (unsigned)pdtp_MODE(fsc);
    if (!tc_PDTV(tc) || pdt_levels(mode) == 0 || !(req->pv || tc_DPE(tc)))
        return false;
    uint32_t p = effective_pid(req);
    return !(mode == PDTP_MODE_PD8 && (p >> 8)) && !(mode == PDTP_MODE_PD17 && (p >> 17));
}

/* A command is runnable (docs/microarch.md 5.1, StIdle): the queue is on and not stopped by an error, no
 * cqcsr handshake is pending, and cqh != cqt. */
static bool cmd_runnable(const iommu_tm_t *tm)
{
    const iommu_regs_t *r = &tm->regs;
    return r->cqon && !r->cqcsr_busy && !r->cmd_ill && !r->cmd_to && !r->cqmf && r->cqh != r->cqt && !tm->cq_wait;
}

/* A debug translation waits (section 5.7): tr_req_ctl.Go/Busy = 1 (it clears only when the translation
 * completes, so in StIdle it is always a new one). */
static bool debug_pending(const iommu_tm_t *tm)
{
    return capabilities_DBG(tm->cfg.capabilities) && tr_req_ctl_Go_Busy(tm->regs.tr_req_ctl);
}

/* The MSI StIdle sends (docs/microarch.md 5.1, StIdle): the lowest pending vector whose msi_vec_ctl.M is 0
 * (spec "msi_cfg_tbl": a masked vector stays pending), or -1 when none is deliverable. */
static int msi_deliverable(const iommu_tm_t *tm)
{
    const iommu_regs_t *r = &tm->regs;
    for (unsigned v = 0; v < 16; v++)
        if ((r->msi_pending >> v & 1u) && !msi_vec_ctl_M(r->msi_vec_ctl[v]))
            return (int)v;
    return -1;
}

/* pgr_ready_o (section 5.9): StIdle takes a page request after a deliverable MSI, a runnable command and a
 * debug request, before a bridge request. */
static bool pgr_ready(const iommu_tm_t *tm)
{
    return capabilities_ATS(tm->cfg.capabilities) && tm->state == IOMMU_ST_IDLE && !tm->regs.ddtp_busy &&
           msi_deliverable(tm) < 0 && !cmd_runnable(tm) && !debug_pending(tm);
}

/* The MSI write (docs/microarch.md 5.5, StMsiReq; spec "msi_cfg_tbl"): msi_data_v, 4 bytes, at msi_addr_v,
 * in the half of the doubleword that address names, in the byte order of the fctl.BE registered in this
 * cycle (section 5.8: a 4-byte value is byte-reversed within its half). */
static mem_access_t msi_write(const iommu_tm_t *tm)
{
    unsigned shift = (tm->msi_addr & 4u) ? 32 : 0;
    uint32_t data = mem_order32(fctl_BE(tm->regs.fctl), tm->msi_data);
    mem_access_t acc = {.op = IOMMU_MEM_WRITE, .dwords = 1, .addr = tm->msi_addr & ~7ull,
                        .wdata = (uint64_t)data << shift, .be = (uint8_t)(0x0fu << (shift / 8))};
    return acc;
}

static bool is_cmd_state(enum iommu_engine_state s)
{
    return s == IOMMU_ST_CQ_REQ || s == IOMMU_ST_CQ_WAIT || s == IOMMU_ST_CMD_EXEC || s == IOMMU_ST_FENCE_REQ ||
           s == IOMMU_ST_FENCE_WAIT;
}

/* What StLookup does this cycle, from registered state (docs/microarch.md 5.1, StLookup steps 1 - 6). */
typedef struct {
    xlate_t x;                /* the translation after its mode-check step */
    enum arch_step st;        /* DONE: decided by steps 1 - 3; MEM: wants the directory (a non-leaf entry
                                 or, 1LVL, the DC) */
    bool ddtc_lookup;         /* a device-context cache lookup happens (step 4) */
    int ddtc_way;             /* its hitting way or -1 */
    bool pdtc_lookup;         /* a process-context cache lookup happens (step 4a) */
    int pdtc_way;             /* its hitting way or -1 */
    bool lookup;              /* an IOTLB lookup happens (step 5) */
    int way;                  /* hitting way or -1 */
    enum fault_cause hit_cause; /* permission check result on a hit */
    bool hit_inval;           /* the hitting entry is invalidated and step 6 follows: the version 6 exception
                                 of step 5 (a write hit failing only on D = 0 with the cached DC's tc.SADE =
                                 1), or from version 8 a hit that passes the first-stage checks but lacks the
                                 G-stage permission the access needs (section 6.5) */
} lookup_decision_t;

/* GAW of a second-stage mode: 41, 50, 59 for Sv39x4, Sv48x4, Sv57x4 (docs/microarch.md 5.6), with fctl.GXL
 * = 1 34 for Sv32x4 (section 5.8); 0 for Bare. */
static unsigned g_mode_gaw(bool gxl, unsigned iohgatp_mode)
{
    if (gxl)
        return iohgatp_mode == IOHGATP_MODE_SV32X4 ? 34 : 0;
    switch (iohgatp_mode) {
    case IOHGATP_MODE_SV39X4: return 41;
    case IOHGATP_MODE_SV48X4: return 50;
    case IOHGATP_MODE_SV57X4: return 59;
    default: return 0;
    }
}

static void lookup_decide(const iommu_tm_t *tm, lookup_decision_t *d)
{
    d->x = tm->x;
    d->st = xlate_step(&d->x, NULL);
    d->ddtc_lookup = d->st == ARCH_STEP_MEM; /* a directory mode and a device_id that fits: the DC is wanted */
    d->ddtc_way = d->ddtc_lookup ? ddtc_lookup(&tm->ddtc, tm->req.did) : -1;
    d->pdtc_lookup = false;
    d->pdtc_way = -1;
    d->lookup = false;
    d->way = -1;
    d->hit_cause = CAUSE_NONE;
    d->hit_inval = false;
    if (d->ddtc_way < 0)
        return;
    const uint64_t *dc = tm->ddtc.e[d->ddtc_way].dc;
    if (dc_needs_pc(dc, &tm->req)) { /* step 4a */
        d->pdtc_lookup = true;
        d->pdtc_way = pdtc_lookup(&tm->pdtc, tm->req.did, effective_pid(&tm->req));
    }
    /* step 5: the first-stage context, when it is cached: (a) the DC's, (b) the cached PC's, (c) from
     * version 8 a Bare first stage over a second stage (section 6.5); the entries' address space is the DC's
     * (gv, GSCID) */
    unsigned levels = 0;
    uint32_t pscid = 0;
    bool sum = false;
    bool g_only = false; /* context (c) */
    bool sxl = tc_SXL(dc[DC_TC]); /* Sv32 first stage (section 5.8; the DC check has made it legal) */
    unsigned gmode = (unsigned)iohgatp_MODE(dc[DC_IOHGATP]);
    if (!tc_PDTV(dc[DC_TC]) && !tm->req.pv) {
        unsigned fmode = (unsigned)iosatp_MODE(dc[DC_FSC]);
        levels = s1_mode_levels_sxl(sxl, fmode); /* Sv39, Sv48, Sv57, or with SXL = 1 Sv32; else 0 */
        pscid = (uint32_t)ta_PSCID(dc[DC_TA]);
        if (fmode == IOSATP_MODE_BARE && gmode != IOHGATP_MODE_BARE) {
            /* the IOVA is the GPA: it must fit the second stage (with SXL = 1 also 34 bits, section 5.8), and
             * a virtual interrupt file's page is always MSI-translated, never cached (docs/decisions.md,
             * version 8) */
            unsigned gaw = g_mode_gaw(fctl_GXL(tm->x.fctl), gmode);
            bool vif = ddt_extended(&tm->cfg) && msiptp_MODE(dc[DC_MSIPTP]) == MSIPTP_MODE_FLAT &&
                       msi_is_vif(dc, tm->req.iova);
            g_only = gaw != 0 && (tm->req.iova >> gaw) == 0 && !(sxl && (tm->req.iova >> 34) != 0) && !vif;
        }
    } else if (d->pdtc_way >= 0) {
        const uint64_t *pc = tm->pdtc.e[d->pdtc_way].pc;
        bool ens = pc_ta_ENS(pc[PC_TA]);
        /* a Supervisor request to a PC with ENS = 0 is refused (260) in StPcCheck, in spec order */
        if (!(request_is_supervisor(&tm->req) && !ens)) {
            levels = s1_mode_levels_sxl(sxl, (unsigned)pc_fsc_MODE(pc[PC_FSC]));
            pscid = (uint32_t)pc_ta_PSCID(pc[PC_TA]);
            sum = ens && pc_ta_SUM(pc[PC_TA]); /* spec "Process-context fields": SUM only with ENS */
        }
    }
    d->lookup = untranslated_ttyp(&tm->req) && (levels != 0 || g_only);
    if (!d->lookup)
        return;
    iotlb_ctx_t c = {.did = tm->req.did, .gv = gmode != IOHGATP_MODE_BARE, .s1 = levels != 0,
                     .sv32 = sxl && levels != 0, .pscid = pscid};
    c.gscid = c.gv ? (uint16_t)iohgatp_GSCID(dc[DC_IOHGATP]) : 0;
    d->way = iotlb_lookup_ctx(&tm->tlb, &c, tm->req.iova, levels);
    if (d->way >= 0) {
        const iotlb_entry_t *e = &tm->tlb.e[d->way];
        s1_perm_t perm = iotlb_perm(e); /* all 1 for an entry without a first stage */
        d->hit_cause = s1_leaf_permission_check(&perm, &tm->req, sum);
        if (d->hit_cause != CAUSE_NONE)
            d->hit_inval = tc_SADE(dc[DC_TC]) && s1_leaf_needs_ad(&perm, &tm->req, sum);
        else
            d->hit_inval = !iotlb_g_allows(e, request_access(&tm->req)); /* the walk gives the guest-page
                                                                           fault or the G-stage A/D update */
    }
}

/* What StDcCheck does this cycle, from registered state: the checks, whether the DC is filled into the
 * device-context cache (read from memory, and the outcome is not 258 or 259: docs/microarch.md 5.1), and,
 * when the DC needs a process context, the process-context cache lookup (a DC from memory) or the one
 * StLookup step 4a made (a cached DC). */
typedef struct {
    xlate_t x;
    enum arch_step st;
    bool fill;
    bool need_pc;      /* the translation wants the process directory (x.phase XLATE_PDT_READ or _PC_READ) */
    bool pdtc_lookup;  /* a process-context cache lookup happens in this cycle */
    int pdtc_way;      /* the lookup's (this cycle's or step 4a's) hitting way, or -1 */
} dc_decision_t;

static void dc_decide(const iommu_tm_t *tm, dc_decision_t *d)
{
    d->x = tm->x;
    d->st = xlate_step(&d->x, NULL);
    enum fault_cause cause = d->x.result.cause;
    bool dc_bad = d->st == ARCH_STEP_DONE && d->x.result.fault &&
                  (cause == CAUSE_DDT_ENTRY_NOT_VALID || cause == CAUSE_DDT_ENTRY_MISCONFIGURED);
    d->fill = !tm->dc_cached && !dc_bad;
    /* over a second stage the directory's first read starts with its G-walk, which may fault at its start
     * (a GPA wider than the second stage): the process-context cache is looked up all the same, and a hit
     * reads no directory (docs/microarch.md 5.1 StDcCheck, 5.6) */
    const xlate_t *x = &d->x;
    d->need_pc = (d->st == ARCH_STEP_MEM && (x->phase == XLATE_PDT_READ || x->phase == XLATE_PC_READ)) ||
                 (x->g_for == XLATE_G_FOR_PDT &&
                  ((d->st == ARCH_STEP_MEM && x->phase == XLATE_G_READ) ||
                   (d->st == ARCH_STEP_DONE && x->result.fault &&
                    x->result.cause == access_guest_page_fault(x->acc_type)))) ||
                 /* an ATS translation request: that guest-page fault is a success without access (5.9); a
                  * DC that passed its checks and needs a process context ends in StDcCheck only that way */
                 (d->st == ARCH_STEP_DONE && x->result.ats && !x->result.fault && x->dc_located &&
                  dc_needs_pc(x->dc, &tm->req));
    d->pdtc_lookup = false;
    d->pdtc_way = -1;
    if (!d->need_pc)
        return;
    if (tm->dc_cached) {
        /* step 4a's lookup stands (the same condition as the arch step's: a cached DC passed its checks) */
        d->pdtc_way = tm->pdtc_looked ? tm->pdtc_way : -1;
    } else {
        d->pdtc_lookup = true;
        d->pdtc_way = pdtc_lookup(&tm->pdtc, tm->req.did, effective_pid(&tm->req));
    }
}

/* What StPcCheck does this cycle, from registered state: the PC checks and the start of the walk, and
 * whether the PC is filled into the process-context cache (read from memory, and the outcome is not 266 or
 * 267: docs/microarch.md 5.1). */
typedef struct {
    xlate_t x;
    enum arch_step st;
    bool fill;
} pc_decision_t;

static void pc_decide(const iommu_tm_t *tm, pc_decision_t *d)
{
    d->x = tm->x;
    d->st = tm->pc_cached ? xlate_pc_given(&d->x, &tm->pc_block) : xlate_step(&d->x, &tm->pc_block);
    /* the PC's own checks decide, not the outcome: an ATS translation request answers 266 with a success
     * without access (section 5.9), which hides the cause */
    bool pc_bad = pdt_pc_check(&tm->cfg, tc_SXL(d->x.dc[DC_TC]), d->x.pc) != CAUSE_NONE;
    d->fill = !tm->pc_cached && !pc_bad;
}

/* What StCmdExec does this cycle, from registered state (docs/microarch.md 5.4). */
enum cmd_action {
    CMD_ACT_ILLEGAL, CMD_ACT_IOTINVAL, CMD_ACT_IODIR, CMD_ACT_FENCE, CMD_ACT_FENCE_WRITE,
    CMD_ACT_ATS_MSG,  /* ATS.PRGR, or ATS.INVAL with a free ITag: StMsgReq (section 5.9) */
    CMD_ACT_WAIT,     /* ATS.INVAL with every ITag busy, IOFENCE.C with an ITag busy: cq_wait */
    CMD_ACT_TIMEOUT,  /* IOFENCE.C with no ITag busy and the timed-out flag set: cmd_to */
};
typedef struct {
    enum cmd_action act;
    int itag;           /* CMD_ACT_ATS_MSG of an ATS.INVAL: the lowest free ITag before the edge */
    unsigned tlb_mask;  /* IOTLB ways invalidated at this edge */
    unsigned ddtc_mask; /* device-context cache ways invalidated at this edge */
    unsigned pdtc_mask; /* process-context cache ways invalidated at this edge */
} cmd_decision_t;

static void cmd_decide(const iommu_tm_t *tm, cmd_decision_t *d)
{
    uint64_t dw0 = tm->cmd[0], dw1 = tm->cmd[1];
    d->tlb_mask = d->ddtc_mask = d->pdtc_mask = 0;
    d->itag = -1;
    /* every command the RTL configuration does not implement is illegal here, so only IOTINVAL.VMA,
     * IODIR.INVAL_DDT, IODIR.INVAL_PDT (with a process directory) and IOFENCE.C pass this check */
    if (cq_command_illegal(&tm->regs, dw0, dw1)) {
        d->act = CMD_ACT_ILLEGAL;
        return;
    }
    switch (cmd_opcode(dw0)) {
    case CMD_IOTINVAL: {
        /* IOTINVAL.VMA, or IOTINVAL.GVMA (legal only with a second stage: sections 6.2, 6.2a) */
        iotlb_inval_t c = {.gvma = cmd_func3(dw0) == IOTINVAL_GVMA, .gv = iotinval_GV(dw0), .av = iotinval_AV(dw0),
                           .pscv = iotinval_PSCV(dw0), .pscid = (uint32_t)iotinval_PSCID(dw0),
                           .gscid = (uint16_t)iotinval_GSCID(dw0), .addr = iotinval_dw1_ADDR(dw1) << 12,
                           .s = iotinval_dw1_S(dw1)};
        /* NL (legal with capabilities.NL) needs nothing more: the IOTLB holds only leaves (section 5.8) */
        d->act = CMD_ACT_IOTINVAL;
        d->tlb_mask = iotlb_inval_mask(&tm->tlb, &c);
        break;
    }
    case CMD_IODIR:
        d->act = CMD_ACT_IODIR;
        if (cmd_func3(dw0) == IODIR_INVAL_PDT) {
            /* 5.4 step 3a: the one (device_id, process_id) pair's PC; DV = 1 (else illegal) */
            d->pdtc_mask = pdtc_inval_pdt_mask(&tm->pdtc, (uint32_t)iodir_DID(dw0), (uint32_t)iodir_PID(dw0));
        } else {
            /* 5.4 step 3: the DC and "all associated PDT entries" (spec "IODIR.INVAL_DDT") */
            d->ddtc_mask = ddtc_inval_mask(&tm->ddtc, iodir_DV(dw0), (uint32_t)iodir_DID(dw0));
            d->pdtc_mask = pdtc_inval_ddt_mask(&tm->pdtc, iodir_DV(dw0), (uint32_t)iodir_DID(dw0));
        }
        break;
    case CMD_ATS: { /* legal only with capabilities.ATS (section 5.9) */
        if (cmd_func3(dw0) == ATS_PRGR) {
            d->act = CMD_ACT_ATS_MSG;
            break;
        }
        cq_ats_t t = tm->itags; /* the ITags before the edge decide (section 5.9) */
        d->itag = cq_itag_alloc(&t, 0);
        d->act = d->itag < 0 ? CMD_ACT_WAIT : CMD_ACT_ATS_MSG;
        break;
    }
    default: /* CMD_IOFENCE: first the ITags' rule (section 5.9), then section 5.4 */
        if (tm->itags.itag_busy)
            d->act = CMD_ACT_WAIT;
        else if (tm->itags.timed_out)
            d->act = CMD_ACT_TIMEOUT;
        else
            d->act = iofence_AV(dw0) ? CMD_ACT_FENCE_WRITE : CMD_ACT_FENCE;
        break;
    }
}

/* The IOFENCE.C completion write (docs/microarch.md 5.4, StFenceReq): the 4-byte DATA at ADDR[63:2] * 4,
 * in the half of the doubleword that address names, in the byte order of the fctl.BE registered in this
 * cycle (section 5.8). */
static mem_access_t fence_write(const iommu_tm_t *tm)
{
    uint64_t addr = iofence_dw1_ADDR(tm->cmd[1]) << 2;
    unsigned shift = (addr & 4u) ? 32 : 0;
    uint32_t data = mem_order32(fctl_BE(tm->regs.fctl), (uint32_t)iofence_DATA(tm->cmd[0]));
    mem_access_t acc = {.op = IOMMU_MEM_WRITE, .dwords = 1, .addr = addr & ~7ull,
                        .wdata = (uint64_t)data << shift, .be = (uint8_t)(0x0fu << (shift / 8))};
    return acc;
}

/* The fetch of command doubleword k (StCqReq); the word is put in byte order when it arrives (StCqWait). */
static mem_access_t cmd_fetch(const iommu_tm_t *tm)
{
    mem_access_t acc = {.op = IOMMU_MEM_READ, .dwords = 1, .be = 0xff,
                        .addr = cqb_PPN(tm->regs.cqb) * 4096u + (uint64_t)tm->regs.cqh * 16u};
    return acc;
}

/* What StPteCheck does this cycle, from registered state. */
typedef struct {
    xlate_t x;
    enum arch_step st;
    bool fill;
} pte_decision_t;

static void pte_decide(const iommu_tm_t *tm, pte_decision_t *d)
{
    d->x = tm->x;
    /* after a matching A/D compare-and-swap (StAdWait) the architectural machine still waits in its CAS
     * phase: the response it takes here makes the written PTE the leaf (docs/microarch.md 5.1 StAdWait) */
    d->st = xlate_step(&d->x, tm->x.phase == XLATE_PTE_CAS ? &tm->ad_rsp : NULL);
    /* a single-stage first-stage leaf (Sv39/48/57, from version 10 Sv32): over a second stage the fill
     * happens at the Final G-leaf (StGpteCheck) */
    d->fill = d->st == ARCH_STEP_DONE && !d->x.result.fault && d->x.fs_leaf && !d->x.gs &&
              untranslated_ttyp(&tm->req);
}

/* log2 of a power-of-two page size. */
static unsigned size_bits(uint64_t size) { return (unsigned)__builtin_ctzll(size); }

/* The PSCID an IOTLB fill takes: the first-stage context's (section 6): the PC's with tc.PDTV = 1 (a walk
 * with tc.PDTV = 1 has a PC: without one the first stage is Bare), else the DC's. */
static uint32_t walk_pscid(const xlate_t *x)
{
    if (tc_PDTV(x->dc[DC_TC]))
        return (uint32_t)pc_ta_PSCID(x->pc[PC_TA]);
    return (uint32_t)ta_PSCID(x->dc[DC_TA]);
}

/* What StGpteCheck does this cycle, from registered state (docs/microarch.md 5.6): the second-stage PTE's
 * check, and when the G-leaf of the `Final` purpose is done, whether the translation is filled into the
 * IOTLB (section 6.5: TTYP 1, 2 or 3 and context (a), (b) or (c): a first-stage leaf, or a Bare first stage
 * with tc.PDTV = 0; an MSI translation never reaches a `Final` G-walk). */
typedef struct {
    xlate_t x;
    enum arch_step st;
    bool fill;
    iotlb_entry_t e;
} gpte_decision_t;

static void gpte_decide(const iommu_tm_t *tm, gpte_decision_t *d)
{
    d->x = tm->x;
    /* after a matching G-stage A/D compare-and-swap (StGadWait) the architectural machine waits in its CAS
     * phase: the response makes the written PTE the G-leaf (docs/microarch.md 5.6 StGadWait) */
    d->st = xlate_step(&d->x, tm->x.phase == XLATE_G_CAS ? &tm->gad_rsp : NULL);
    const xlate_t *x = &d->x;
    d->fill = d->st == ARCH_STEP_DONE && !x->result.fault && x->g_leaf && !x->msi && untranslated_ttyp(&tm->req) &&
              (x->fs_leaf || !tc_PDTV(x->dc[DC_TC]));
    if (d->fill) {
        iotlb_fill_t f = {.did = tm->req.did, .gv = true, .gscid = (uint16_t)iohgatp_GSCID(x->dc[DC_IOHGATP]),
                          .s1 = x->fs_leaf, .pscid = x->fs_leaf ? walk_pscid(x) : 0, .g = tm->walk_g,
                          .fs_pte = x->pte, .fs_page_bits = x->fs_leaf ? size_bits(x->fs_size) : 0,
                          .gpte = x->gpte, .g_page_bits = size_bits(x->g_size), .iova = tm->req.iova,
                          .spa = x->result.pa, .pbmt = x->result.pbmt};
        d->e = iotlb_make_xlate_entry(&f);
    }
}

/* Presents beat `beat` of acc (doubleword `beat` of a block read; 0 for every other access). */
static void drive_mem_req(const mem_access_t *acc, unsigned beat, iommu_outputs_t *out)
{
    out->mem_req_valid = 1;
    out->mem_req_op = acc->op;
    out->mem_req_addr = acc->addr + 8u * beat;
    out->mem_req_wdata = acc->op == IOMMU_MEM_READ ? 0 : acc->wdata;
    out->mem_req_cmp = acc->op == IOMMU_MEM_CAS ? acc->cmp : 0;
    out->mem_req_be = acc->be;
}

void iommu_tm_outputs(const iommu_tm_t *tm, iommu_outputs_t *out)
{
    memset(out, 0, sizeof(*out));
    out->mem_rsp_ready = 1;
    out->req_ready = tm->state == IOMMU_ST_IDLE && !tm->regs.ddtp_busy && msi_deliverable(tm) < 0 &&
                     !cmd_runnable(tm) && !debug_pending(tm);
    out->pgr_ready = out->req_ready && capabilities_ATS(tm->cfg.capabilities); /* pgr_ready()'s terms (5.9) */
    out->reg_req_ready = !tm->reg_rsp_valid;
    out->reg_rsp_valid = tm->reg_rsp_valid;
    out->reg_rsp_rdata = tm->reg_rsp_valid ? tm->reg_rsp_rdata : 0;
    out->wsi = regs_wsi(&tm->regs);
    out->obs_state = (uint8_t)tm->state;

    switch (tm->state) {
    case IOMMU_ST_IDLE:
        if (tm->regs.ddtp_busy) { /* the ddtp handshake completes at this edge and flushes the caches (4.5) */
            out->obs_tlb_inval = (uint8_t)iotlb_valid_mask(&tm->tlb);
            out->obs_ddtc_inval = (uint8_t)ddtc_inval_mask(&tm->ddtc, false, 0);
            out->obs_pdtc_inval = (uint8_t)pdtc_inval_ddt_mask(&tm->pdtc, false, 0);
        }
        break;
    case IOMMU_ST_LOOKUP: {
        lookup_decision_t d;
        lookup_decide(tm, &d);
        out->obs_ddtc_lookup = d.ddtc_lookup;
        if (d.ddtc_way >= 0) {
            out->obs_ddtc_hit = 1;
            out->obs_ddtc_hit_way = (uint8_t)d.ddtc_way;
        }
        out->obs_pdtc_lookup = d.pdtc_lookup;
        if (d.pdtc_way >= 0) {
            out->obs_pdtc_hit = 1;
            out->obs_pdtc_hit_way = (uint8_t)d.pdtc_way;
        }
        out->obs_tlb_lookup = d.lookup;
        if (d.way >= 0) {
            out->obs_tlb_hit = 1;
            out->obs_tlb_hit_way = (uint8_t)d.way;
            if (d.hit_inval)
                out->obs_tlb_inval = (uint8_t)(1u << d.way);
        }
        break;
    }
    case IOMMU_ST_DDT_REQ:
        drive_mem_req(&tm->x.acc, 0, out);
        break;
    case IOMMU_ST_DC_REQ:
        drive_mem_req(&tm->x.acc, tm->dc_beat, out);
        break;
    case IOMMU_ST_DC_CHECK: {
        if (tm->pgr) /* a page request's DC: no cache fill, no process context (section 5.9) */
            break;
        dc_decision_t d;
        dc_decide(tm, &d);
        if (d.fill) {
            out->obs_ddtc_fill = 1;
            out->obs_ddtc_fill_way = (uint8_t)tm->ddtc.ptr;
            out->obs_ddtc_evict = tm->ddtc.e[tm->ddtc.ptr].valid;
        }
        out->obs_pdtc_lookup = d.pdtc_lookup;
        if (d.pdtc_lookup && d.pdtc_way >= 0) {
            out->obs_pdtc_hit = 1;
            out->obs_pdtc_hit_way = (uint8_t)d.pdtc_way;
        }
        break;
    }
    case IOMMU_ST_PDT_REQ:
        drive_mem_req(&tm->x.acc, 0, out);
        break;
    case IOMMU_ST_PC_REQ:
        drive_mem_req(&tm->x.acc, tm->pc_beat, out);
        break;
    case IOMMU_ST_PC_CHECK: {
        pc_decision_t d;
        pc_decide(tm, &d);
        if (d.fill) {
            out->obs_pdtc_fill = 1;
            out->obs_pdtc_fill_way = (uint8_t)tm->pdtc.ptr;
            out->obs_pdtc_evict = tm->pdtc.e[tm->pdtc.ptr].valid;
        }
        break;
    }
    case IOMMU_ST_PTE_REQ:
        drive_mem_req(&tm->x.acc, 0, out);
        out->obs_walk_level = (uint8_t)tm->x.i;
        break;
    case IOMMU_ST_PTE_WAIT:
        out->obs_walk_level = (uint8_t)tm->x.i;
        break;
    case IOMMU_ST_PTE_CHECK: {
        pte_decision_t d;
        pte_decide(tm, &d);
        out->obs_walk_level = (uint8_t)tm->x.i;
        if (d.fill) {
            out->obs_tlb_fill = 1;
            out->obs_tlb_fill_way = (uint8_t)tm->tlb.ptr;
            out->obs_tlb_evict = tm->tlb.e[tm->tlb.ptr].valid;
        }
        break;
    }
    case IOMMU_ST_AD_REQ:
        drive_mem_req(&tm->x.acc, 0, out); /* the CAS the architectural step wanted (5.1 StAdReq) */
        out->obs_walk_level = (uint8_t)tm->x.i;
        break;
    case IOMMU_ST_AD_WAIT:
        out->obs_walk_level = (uint8_t)tm->x.i;
        break;
    case IOMMU_ST_GPTE_REQ:
    case IOMMU_ST_GAD_REQ: /* the read, or the CAS the architectural step wanted (5.6) */
        drive_mem_req(&tm->x.acc, 0, out);
        out->obs_walk_level = (uint8_t)tm->x.gi;
        break;
    case IOMMU_ST_GPTE_WAIT:
    case IOMMU_ST_GAD_WAIT:
        out->obs_walk_level = (uint8_t)tm->x.gi;
        break;
    case IOMMU_ST_GPTE_CHECK: {
        gpte_decision_t d;
        gpte_decide(tm, &d);
        out->obs_walk_level = (uint8_t)tm->x.gi;
        if (d.fill) {
            out->obs_tlb_fill = 1;
            out->obs_tlb_fill_way = (uint8_t)tm->tlb.ptr;
            out->obs_tlb_evict = tm->tlb.e[tm->tlb.ptr].valid;
        }
        break;
    }
    case IOMMU_ST_MSIPTE_REQ:
        drive_mem_req(&tm->x.acc, tm->msi_beat, out);
        break;
    case IOMMU_ST_FQ_REQ: {
        /* the record doubleword in the byte order of this cycle's fctl.BE (section 5.8) */
        mem_access_t acc = tm->fq.acc;
        acc.wdata = mem_order64(fctl_BE(tm->regs.fctl) != tm->fq_be, acc.wdata);
        drive_mem_req(&acc, 0, out);
        break;
    }
    case IOMMU_ST_PQ_REQ: {
        mem_access_t acc = {.op = IOMMU_MEM_WRITE, .dwords = 1, .addr = tm->pq_addr + 8u * tm->pq_beat,
                            .wdata = mem_order64(fctl_BE(tm->x.fctl), tm->pq_rec[tm->pq_beat]), .be = 0xff};
        drive_mem_req(&acc, 0, out);
        break;
    }
    case IOMMU_ST_MSG_REQ:
        ats_msg_drive(&tm->msg, out);
        break;
    case IOMMU_ST_RESPOND:
        out->rsp_valid = 1;
        out->rsp_tag = tm->tag;
        out->rsp_fault = tm->out_fault;
        out->rsp_cause = (uint16_t)(tm->out_fault ? tm->out_cause : 0);
        out->rsp_pa = tm->out_fault ? 0 : tm->out_pa;
        out->rsp_pbmt = (uint8_t)(tm->out_fault ? 0 : tm->out_pbmt);
        if (!tm->out_fault && tm->out_mrif) {
            out->rsp_mrif = 1;
            out->rsp_mrif_addr = tm->out_mrif_addr;
            out->rsp_notice_addr = tm->out_notice_addr;
            out->rsp_notice_data = tm->out_notice_data;
        }
        if (tm->out_ats)
            ats_cpl_drive(&tm->out_cpl, out);
        break;
    case IOMMU_ST_CQ_REQ: {
        mem_access_t acc = cmd_fetch(tm);
        drive_mem_req(&acc, tm->cmd_beat, out);
        break;
    }
    case IOMMU_ST_CMD_EXEC: {
        cmd_decision_t d;
        cmd_decide(tm, &d);
        out->obs_tlb_inval = (uint8_t)d.tlb_mask;
        out->obs_ddtc_inval = (uint8_t)d.ddtc_mask;
        out->obs_pdtc_inval = (uint8_t)d.pdtc_mask;
        break;
    }
    case IOMMU_ST_FENCE_REQ: {
        mem_access_t acc = fence_write(tm);
        drive_mem_req(&acc, 0, out);
        break;
    }
    case IOMMU_ST_MSI_REQ: {
        mem_access_t acc = msi_write(tm);
        drive_mem_req(&acc, 0, out);
        break;
    }
    default:
        break;
    }
}

/* ---- engine transitions ---- */

static enum iommu_engine_state respond_ok(iommu_tm_t *tm, uint64_t pa, unsigned pbmt)
{
    tm->out_fault = false;
    tm->out_cause = 0;
    tm->out_pa = pa;
    tm->out_pbmt = pbmt & 3u;
    tm->out_mrif = false;
    tm->out_mrif_addr = tm->out_notice_addr = 0;
    tm->out_notice_data = 0;
    tm->out_ats = false;
    return IOMMU_ST_RESPOND;
}

static enum iommu_engine_state go_fault(iommu_tm_t *tm, enum fault_cause cause, uint64_t iotval, uint64_t iotval2,
                                        bool dtf)
{
    tm->out_fault = true;
    tm->out_cause = cause;
    tm->out_pa = 0;
    tm->out_pbmt = 0;
    tm->out_mrif = false;
    tm->out_mrif_addr = tm->out_notice_addr = 0;
    tm->out_notice_data = 0;
    tm->out_ats = false;
    tm->fault = fault_info_for_request(&tm->req, cause, iotval, iotval2, dtf);
    tm->fault_no_rsp = false;
    return IOMMU_ST_FAULT;
}

/* The end of a page request (section 5.9) with the response code: the IOMMU's own Page Request Group
 * Response when the message needs one (StMsgReq), else StIdle. */
static enum iommu_engine_state pgr_respond(iommu_tm_t *tm, unsigned code)
{
    if (!pq_needs_response(&tm->pg))
        return IOMMU_ST_IDLE;
    tm->msg = ats_msg_of_page_response(&tm->pg, code, tm->pg_prpr);
    return IOMMU_ST_MSG_REQ;
}

/* A page request's fault (section 5.9): TTYP 9, reported through StFault like a translation's; the response
 * code follows the cause. */
static enum iommu_engine_state pgr_fault(iommu_tm_t *tm, enum fault_cause cause, bool dtf)
{
    tm->fault = pq_fault_info(&tm->pg, cause, dtf);
    tm->fault_no_rsp = false;
    tm->pg_code = pq_fault_response_code(cause);
    return IOMMU_ST_FAULT;
}

/* The state after StFault (and StFqReq/StFqWait): StRespond for a translation, StIdle for an MSI write's
 * fault, the response of a page request. */
static enum iommu_engine_state after_fault(iommu_tm_t *tm)
{
    if (tm->fault_no_rsp)
        return IOMMU_ST_IDLE;
    if (tm->pgr)
        return pgr_respond(tm, tm->pg_code);
    return IOMMU_ST_RESPOND;
}

/* The translation finished (ARCH_STEP_DONE): respond or go to StFault. */
static enum iommu_engine_state xlate_finished(iommu_tm_t *tm)
{
    const xlate_result_t *r = &tm->x.result;
    if (tm->pgr) /* a page request's directory walk failed (no DC located: not DTF) */
        return pgr_fault(tm, r->cause, false);
    if (r->fault) {
        enum iommu_engine_state st = go_fault(tm, r->cause, r->iotval, r->iotval2, r->dtf);
        tm->out_ats = r->ats; /* an Unsupported Request or Completer Abort (section 5.9) */
        tm->out_cpl = r->ats_cpl;
        return st;
    }
    if (r->mrif && tm->dbg) /* spec "Debug support": an MRIF-mode MSI PTE stops a debug translation (5.7) */
        return go_fault(tm, CAUSE_TRANSACTION_TYPE_DISALLOWED, tm->req.iova, 0, r->dtf);
    respond_ok(tm, r->pa, r->pbmt);
    if (r->mrif) { /* an MRIF-mode MSI PTE (5.6 StMsiPteCheck): rsp_pa is 0, the MRIF information goes out */
        tm->out_pbmt = 0; /* section 5.8: no memory type with MRIF information */
        tm->out_mrif = true;
        tm->out_mrif_addr = r->mrif_addr;
        tm->out_notice_addr = r->notice_addr;
        tm->out_notice_data = r->notice_data;
    }
    tm->out_ats = r->ats; /* the completion of an ATS translation request (section 5.9) */
    tm->out_cpl = r->ats_cpl;
    return IOMMU_ST_RESPOND;
}

/* The translation wants a memory access (ARCH_STEP_MEM): the request state of the architectural phase that
 * waits for it (sections 5.1 and 5.6): a non-leaf DDT entry, the DC (from k = 0), a non-leaf PDT entry, the PC
 * (from k = 0), a first-stage PTE or its A/D compare-and-swap, a second-stage PTE or its A/D compare-and-swap,
 * the MSI PTE (from k = 0). A G-walk thus starts in the state that wants the access it translates, and its
 * last StGpteCheck goes straight to that access's request state. */
static enum iommu_engine_state mem_state(iommu_tm_t *tm)
{
    switch (tm->x.phase) {
    case XLATE_DDTE_READ: return IOMMU_ST_DDT_REQ;
    case XLATE_DC_READ:
        tm->dc_beat = 0;
        tm->dc_cached = false;
        return IOMMU_ST_DC_REQ;
    case XLATE_PDT_READ: return IOMMU_ST_PDT_REQ;
    case XLATE_PC_READ:
        tm->pc_beat = 0;
        tm->pc_cached = false;
        return IOMMU_ST_PC_REQ;
    case XLATE_PTE_CAS: return IOMMU_ST_AD_REQ;
    case XLATE_G_READ: return IOMMU_ST_GPTE_REQ;
    case XLATE_G_CAS: return IOMMU_ST_GAD_REQ;
    case XLATE_MSI_READ:
        tm->msi_beat = 0;
        return IOMMU_ST_MSIPTE_REQ;
    default: return IOMMU_ST_PTE_REQ; /* XLATE_PTE_READ: no other phase waits for memory */
    }
}

/* The state after an architectural step that returned st: the access it wants, the check of what it stored
 * (the DC, a first-stage or a second-stage PTE), or the outcome. */
static enum iommu_engine_state after_step(iommu_tm_t *tm, enum arch_step st)
{
    if (st == ARCH_STEP_MEM)
        return mem_state(tm);
    if (st == ARCH_STEP_BUSY) {
        switch (tm->x.phase) {
        case XLATE_DC_CHECK: return IOMMU_ST_DC_CHECK;
        case XLATE_G_CHECK: return IOMMU_ST_GPTE_CHECK;
        default: return IOMMU_ST_PTE_CHECK; /* XLATE_PTE_CHECK */
        }
    }
    return xlate_finished(tm);
}

static void start_translation(iommu_tm_t *tm)
{
    tm->walk_g = false; /* only first-stage PTE reads (StPteWait) OR their G bit in */
    /* the active ddtp cannot change until the engine is back in StIdle (section 4.1) */
    xlate_start(&tm->x, &tm->cfg, tm->regs.fctl, &tm->req, tm->regs.ddtp_active);
}

static void capture_request(iommu_tm_t *tm, const iommu_inputs_t *in)
{
    tm->req.did = in->req_did & 0xffffff;
    tm->req.pv = in->req_pv & 1;
    tm->req.pid = in->req_pid & 0xfffff;
    tm->req.priv = in->req_priv & 1;
    tm->req.ttyp = in->req_ttyp & 0xf;
    tm->req.iova = in->req_iova;
    tm->tag = in->req_tag;
    tm->dbg = false;
    tm->pgr = false;
    start_translation(tm);
}

/* A page request accepted in StIdle (section 5.9): the message as the architectural layer takes it (PRIV and
 * EXEC only with a PASID, the page address without bits 11:0); its directory walk is a translation's, run by
 * the architectural machine on a request that only locates the DC (mode checks, then the directory). */
static void capture_page_request(iommu_tm_t *tm, const iommu_inputs_t *in)
{
    pq_request_t p = {.did = in->pgr_did & 0xffffff, .pv = in->pgr_pv & 1, .pid = in->pgr_pid & 0xfffff,
                      .r = in->pgr_r & 1, .w = in->pgr_w & 1, .l = in->pgr_last & 1,
                      .prgi = (uint16_t)(in->pgr_prgi & 0x1ff), .addr = in->pgr_addr & ~0xfffull};
    p.priv = p.pv && (in->pgr_priv & 1);
    p.exec = p.pv && (in->pgr_exec & 1);
    if (!p.pv)
        p.pid = 0;
    tm->pg = p;
    tm->pgr = true;
    tm->pg_prpr = false;
    tm->dbg = false;
    iommu_request_t req = {.did = p.did, .ttyp = IOMMU_TTYP_ATS_TRANSLATION}; /* Bare refuses it with 260 */
    tm->req = req;
    tm->tag = 0;
    start_translation(tm);
}

/* What StDcCheck decides for a page request (section 5.9): the DC checks (258, 259), then EN_ATS and EN_PRI
 * (260) -> StFault; else the queue: off or pqmf -> Response Failure, pqof -> Success, full -> pqof = 1 and
 * Success, else the record write. *pq_ev: the queue's event at this edge. */
static enum iommu_engine_state pgr_dc_check(iommu_tm_t *tm, enum fq_event *pq_ev)
{
    const uint64_t *dc = tm->x.dc;
    enum fault_cause cause = ddt_dc_check(&tm->cfg, tm->x.fctl, dc);
    if (cause != CAUSE_NONE)
        return pgr_fault(tm, cause, false); /* no valid DC located: PRPR 0, not DTF */
    tm->pg_prpr = tc_PRPR(dc[DC_TC]);
    if (!tc_EN_ATS(dc[DC_TC]) || !tc_EN_PRI(dc[DC_TC]))
        return pgr_fault(tm, CAUSE_TRANSACTION_TYPE_DISALLOWED, tc_DTF(dc[DC_TC]));
    const iommu_regs_t *r = &tm->regs;
    if (!r->pqen || !r->pqon || r->pqmf)
        return pgr_respond(tm, PRGR_RESPONSE_FAILURE);
    if (r->pqof)
        return pgr_respond(tm, PRGR_SUCCESS);
    if (((r->pqt + 1u) & regs_pq_index_mask(r)) == r->pqh) {
        *pq_ev = FQ_EVENT_OVERFLOW;
        return pgr_respond(tm, PRGR_SUCCESS);
    }
    pq_record_encode(&tm->pg, tm->pq_rec);
    tm->pq_addr = pqb_PPN(r->pqb) * 4096u + (uint64_t)r->pqt * 16u;
    tm->pq_beat = 0;
    return IOMMU_ST_PQ_REQ;
}

/* The debug request (section 5.7, built as the architectural layer's debug_translate builds it): TTYP 1
 * with Exe, 2 with NW, else 3 (read and write asked: checked as a write); privilege only with PV; tag 0. */
static void capture_debug_request(iommu_tm_t *tm)
{
    uint64_t ctl = tm->regs.tr_req_ctl;
    tm->req.did = (uint32_t)tr_req_ctl_DID(ctl);
    tm->req.pv = tr_req_ctl_PV(ctl);
    tm->req.pid = tm->req.pv ? (uint32_t)tr_req_ctl_PID(ctl) : 0;
    tm->req.priv = tm->req.pv && tr_req_ctl_Priv(ctl);
    tm->req.ttyp = tr_req_ctl_Exe(ctl) ? IOMMU_TTYP_UNTRANSLATED_EXEC
                   : tr_req_ctl_NW(ctl) ? IOMMU_TTYP_UNTRANSLATED_READ
                                        : IOMMU_TTYP_UNTRANSLATED_WRITE;
    tm->req.iova = tm->regs.tr_req_iova & tr_req_iova_vpn_MASK;
    tm->tag = 0;
    tm->dbg = true;
    tm->pgr = false;
    start_translation(tm);
}

/* The HPM event of a request accepted in StIdle (section 5.7; spec "iohpmevt1-31" event list), 0 for none. */
static unsigned hpm_event_of(const iommu_request_t *req)
{
    switch (req->ttyp) {
    case IOMMU_TTYP_UNTRANSLATED_EXEC: case IOMMU_TTYP_UNTRANSLATED_READ: case IOMMU_TTYP_UNTRANSLATED_WRITE:
        return HPM_EV_UNTRANSLATED;
    case IOMMU_TTYP_TRANSLATED_EXEC: case IOMMU_TTYP_TRANSLATED_READ: case IOMMU_TTYP_TRANSLATED_WRITE:
        return HPM_EV_TRANSLATED;
    case IOMMU_TTYP_ATS_TRANSLATION:
        return HPM_EV_ATS;
    default:
        return 0;
    }
}

/* What the command processor changes in the registers at an edge (applied after the software write of
 * that edge: an internal set wins over an RW1C clear, and cqh is read-only, section 4). */
typedef struct {
    bool cmd_ill, cqmf, fence_w_ip;
    bool cmd_to;          /* IOFENCE.C reported the timed-out flag (section 5.9), which clears */
    bool wait;            /* the command waits: cq_wait (section 5.9) */
    bool alloc;           /* ATS.INVAL: ITag itag becomes busy for itag_did, after this edge's completions */
    unsigned itag;
    uint32_t itag_did;
    bool advance;      /* cqh takes new_cqh */
    uint32_t new_cqh;  /* cqh + 1 mod 2^LOG2SZ, from the values before the edge */
} cmd_event_t;

/* What the engine's request side changes in the registers at an edge (section 5.7), applied after the
 * software write of that edge: the HPM event of the request accepted (0: none) with what the filters see, and
 * a debug translation's completion. */
typedef struct {
    unsigned hpm_event;
    uint32_t did, pid;
    bool pv;
    bool dbg_done;        /* tr_response takes dbg_response, tr_req_ctl.Go/Busy clears */
    uint64_t dbg_response;
    enum fq_event pq_ev;  /* the page-request queue's event (section 5.9): overflow, memory fault, commit */
} req_event_t;

/* The command at cqh completed: cqh moves past it. */
static void cmd_complete(const iommu_tm_t *tm, cmd_event_t *cev)
{
    cev->advance = true;
    cev->new_cqh = (tm->regs.cqh + 1u) & regs_cq_index_mask(&tm->regs);
}

/* One rising edge of the engine. Reads the registers (values before the edge) but does not change them:
 * the fault-queue event of this edge is returned in *ev, the command processor's in *cev, the pending
 * vector sent in *msi_sent (a mask). */
static void engine_edge(iommu_tm_t *tm, const iommu_inputs_t *in, enum fq_event *ev, cmd_event_t *cev,
                        uint16_t *msi_sent, req_event_t *rev)
{
    mem_result_t res; /* a beat's response: one doubleword (the steps given it read no other) */
    res.err = in->mem_rsp_err;
    res.rdata[0] = in->mem_rsp_rdata;
    enum arch_step st;
    enum iommu_engine_state next = tm->state;

    switch (tm->state) {
    case IOMMU_ST_IDLE: {
        int v = msi_deliverable(tm);
        if (v >= 0) { /* a deliverable MSI has priority over everything (5.1) */
            *msi_sent = (uint16_t)(1u << v);
            tm->msi_addr = tm->regs.msi_addr[v];
            tm->msi_data = tm->regs.msi_data[v];
            next = IOMMU_ST_MSI_REQ;
        } else if (cmd_runnable(tm)) { /* a runnable command has priority over a request (5.1) */
            tm->cmd_beat = 0;
            next = IOMMU_ST_CQ_REQ;
        } else if (pgr_ready(tm) && in->pgr_valid) {
            /* a page request before a bridge request (5.9) */
            capture_page_request(tm, in);
            next = IOMMU_ST_PGR_START;
        } else if (!tm->regs.ddtp_busy && (debug_pending(tm) || in->req_valid)) {
            /* a debug translation before a request from the bridge (5.7: req_ready_o is 0 meanwhile) */
            if (debug_pending(tm))
                capture_debug_request(tm);
            else
                capture_request(tm, in);
            rev->hpm_event = hpm_event_of(&tm->req);
            rev->did = tm->req.did;
            rev->pv = tm->req.pv;
            rev->pid = tm->req.pid;
            next = IOMMU_ST_LOOKUP;
        }
        break;
    }

    case IOMMU_ST_PGR_START:
        /* the mode checks (Off 256, Bare 260, a device_id too wide 260), then the directory walk of a
         * device-context cache miss: no cache lookup (5.9) */
        st = xlate_step(&tm->x, NULL);
        next = after_step(tm, st);
        break;

    case IOMMU_ST_LOOKUP: {
        lookup_decision_t d;
        lookup_decide(tm, &d);
        tm->pdtc_looked = d.pdtc_lookup;
        tm->pdtc_way = d.pdtc_way;
        if (d.st == ARCH_STEP_DONE) {
            tm->x = d.x;
            next = xlate_finished(tm);
        } else if (d.ddtc_way < 0) {
            tm->x = d.x; /* step 4: 1LVL wants the DC from memory, 2LVL/3LVL the root's non-leaf entry */
            next = mem_state(tm);
        } else if (d.way >= 0 && !d.hit_inval) {
            const iotlb_entry_t *e = &tm->tlb.e[d.way];
            bool dtf = tc_DTF(tm->ddtc.e[d.ddtc_way].dc[DC_TC]); /* the cached DC's (5.3) */
            if (d.hit_cause != CAUSE_NONE)
                next = go_fault(tm, d.hit_cause, tm->req.iova, 0, dtf);
            else
                next = respond_ok(tm, iotlb_pa(e, tm->req.iova), e->pbmt); /* the entry's pbmt (6.6) */
        } else {
            /* step 6 (or step 5's exceptions: the hitting entry with D = 0, or lacking a G-stage permission,
             * goes, and the walk sets D or finds the guest-page fault, and fills a new one): the cached DC is
             * the DC block the translation wanted; StDcCheck checks it */
            if (d.hit_inval)
                iotlb_invalidate(&tm->tlb, 1u << d.way);
            tm->x = d.x;
            tm->dc_cached = true;
            /* the cache holds the DC after byte order (section 5.8); the architectural step takes it as read
             * from memory and applies this translation's fctl.BE, so it is given back in that order */
            memset(&tm->dc_block, 0, sizeof(tm->dc_block));
            for (unsigned k = 0; k < DDTC_DC_DWORDS; k++)
                tm->dc_block.rdata[k] = mem_order64(fctl_BE(tm->x.fctl), tm->ddtc.e[d.ddtc_way].dc[k]);
            st = xlate_dc_given(&tm->x, &tm->dc_block); /* no directory level is read (2LVL/3LVL too) */
            next = st == ARCH_STEP_BUSY ? IOMMU_ST_DC_CHECK : xlate_finished(tm);
        }
        break;
    }

    case IOMMU_ST_DDT_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_DDT_WAIT;
        break;

    case IOMMU_ST_DDT_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err != IOMMU_MEM_OK) {
                st = xlate_step(&tm->x, &res); /* 257 or 268, decided here (not in StDdtCheck) */
                next = after_step(tm, st);
            } else {
                tm->ddte = res;
                next = IOMMU_ST_DDT_CHECK;
            }
        }
        break;

    case IOMMU_ST_DDT_CHECK:
        st = xlate_step(&tm->x, &tm->ddte); /* V (258), reserved bits (259), then the next level or the DC */
        next = after_step(tm, st);
        break;

    case IOMMU_ST_DC_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_DC_WAIT;
        break;

    case IOMMU_ST_DC_WAIT:
        if (in->mem_rsp_valid) {
            tm->dc_block.rdata[tm->dc_beat] = res.rdata[0];
            if (res.err == IOMMU_MEM_OK && tm->dc_beat + 1u < tm->x.acc.dwords) {
                tm->dc_beat++;
                next = IOMMU_ST_DC_REQ;
                break;
            }
            tm->dc_block.err = res.err;
            for (unsigned k = tm->dc_beat + (res.err == IOMMU_MEM_OK); k < MEM_BLOCK_MAX_DWORDS; k++)
                tm->dc_block.rdata[k] = 0; /* a failed beat and the ones after it read as 0 (mem_if.h) */
            st = xlate_step(&tm->x, &tm->dc_block);
            next = after_step(tm, st);
        }
        break;

    case IOMMU_ST_DC_CHECK: {
        if (tm->pgr) {
            next = pgr_dc_check(tm, &rev->pq_ev);
            break;
        }
        dc_decision_t d;
        dc_decide(tm, &d);
        tm->x = d.x;
        if (d.fill) {
            /* the DC after byte order (fctl.BE of this translation, section 5.8); a base-format DC's last
             * four doublewords read as 0 */
            uint64_t dc[DDTC_DC_DWORDS];
            for (unsigned k = 0; k < DDTC_DC_DWORDS; k++)
                dc[k] = mem_order64(fctl_BE(tm->x.fctl), tm->dc_block.rdata[k]);
            bool evict;
            ddtc_fill(&tm->ddtc, tm->req.did, dc, &evict);
        }
        if (d.need_pc && d.pdtc_way >= 0) {
            /* a process-context cache hit: its words are the PC; StPcCheck checks them (no memory read). The
             * cache holds them after byte order; the architectural step applies the DC's tc.SBE to what it
             * is given, so they are given back in that order */
            bool sbe = tc_SBE(tm->x.dc[DC_TC]);
            tm->pc_cached = true;
            memset(&tm->pc_block, 0, sizeof(tm->pc_block));
            for (unsigned k = 0; k < 2; k++)
                tm->pc_block.rdata[k] = mem_order64(sbe, tm->pdtc.e[d.pdtc_way].pc[k]);
            next = IOMMU_ST_PC_CHECK;
        } else {
            /* PD17/PD20: the root's non-leaf entry; PD8: the PC; else the walk's first PTE read or the
             * outcome; over a second stage each of these reads starts with its G-walk (5.6) */
            next = after_step(tm, d.st);
        }
        break;
    }

    case IOMMU_ST_PDT_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_PDT_WAIT;
        break;

    case IOMMU_ST_PDT_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err != IOMMU_MEM_OK) {
                st = xlate_step(&tm->x, &res); /* 265 or 269, decided here (not in StPdtCheck) */
                next = after_step(tm, st);
            } else {
                tm->pdte = res;
                next = IOMMU_ST_PDT_CHECK;
            }
        }
        break;

    case IOMMU_ST_PDT_CHECK:
        st = xlate_step(&tm->x, &tm->pdte); /* V (266), reserved bits (267), then the next level or the PC */
        next = after_step(tm, st);
        break;

    case IOMMU_ST_PC_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_PC_WAIT;
        break;

    case IOMMU_ST_PC_WAIT:
        if (in->mem_rsp_valid) {
            tm->pc_block.rdata[tm->pc_beat] = res.rdata[0];
            if (res.err == IOMMU_MEM_OK && tm->pc_beat == 0) {
                tm->pc_beat = 1;
                next = IOMMU_ST_PC_REQ;
                break;
            }
            tm->pc_block.err = res.err;
            if (res.err != IOMMU_MEM_OK) {
                for (unsigned k = tm->pc_beat; k < MEM_BLOCK_MAX_DWORDS; k++)
                    tm->pc_block.rdata[k] = 0; /* a failed beat and the ones after it read as 0 (mem_if.h) */
                (void)xlate_step(&tm->x, &tm->pc_block); /* 265 or 269, decided here (not in StPcCheck) */
                next = xlate_finished(tm);
            } else {
                next = IOMMU_ST_PC_CHECK;
            }
        }
        break;

    case IOMMU_ST_PC_CHECK: {
        pc_decision_t d;
        pc_decide(tm, &d);
        tm->x = d.x;
        if (d.fill) {
            bool evict;
            uint64_t pc[PDTC_PC_DWORDS]; /* after byte order: the DC's tc.SBE (section 5.8) */
            for (unsigned k = 0; k < PDTC_PC_DWORDS; k++)
                pc[k] = mem_order64(tc_SBE(tm->x.dc[DC_TC]), tm->pc_block.rdata[k]);
            pdtc_fill(&tm->pdtc, tm->req.did, effective_pid(&tm->req), pc, &evict);
        }
        next = after_step(tm, d.st);
        break;
    }

    case IOMMU_ST_PTE_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_PTE_WAIT;
        break;

    case IOMMU_ST_PTE_WAIT:
        if (in->mem_rsp_valid) {
            st = xlate_step(&tm->x, &res);
            /* the G bit of the PTE as the step decoded it (its half of the doubleword for Sv32, in the DC's
             * byte order: section 5.8) */
            if (st == ARCH_STEP_BUSY && tm->x.phase == XLATE_PTE_CHECK)
                tm->walk_g |= pte_G(tm->x.pte);
            next = after_step(tm, st);
        }
        break;

    case IOMMU_ST_PTE_CHECK: {
        pte_decision_t d;
        pte_decide(tm, &d);
        tm->x = d.x;
        if (d.st == ARCH_STEP_MEM) {
            /* the next level's read, or the A/D update of a leaf that passed every other check (5.1); over a
             * second stage the G-walk of either, or of the final GPA; the MSI PTE of a virtual interrupt
             * file's GPA (5.6) */
            next = mem_state(tm);
        } else {
            if (d.fill) {
                const xlate_t *x = &tm->x;
                iotlb_fill_t f = {.did = tm->req.did, .s1 = true, .pscid = walk_pscid(x), .g = tm->walk_g,
                                  .fs_pte = x->pte, .fs_page_bits = size_bits(x->fs_size), .iova = tm->req.iova,
                                  .spa = x->result.pa, .pbmt = x->result.pbmt};
                iotlb_entry_t e = iotlb_make_xlate_entry(&f);
                bool evict;
                iotlb_fill(&tm->tlb, &e, &evict);
            }
            next = xlate_finished(tm);
        }
        break;
    }

    case IOMMU_ST_AD_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_AD_WAIT;
        break;

    case IOMMU_ST_AD_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err == IOMMU_MEM_OK && res.rdata[0] == tm->x.acc.cmp) {
                tm->ad_rsp = res; /* the written PTE is the leaf; StPteCheck finishes it and fills */
                next = IOMMU_ST_PTE_CHECK;
            } else {
                /* an error: the access fault of the ttyp or 274; a different old value: the same PTE is
                 * read again (StPteReq, same a and i; g keeps what it had) */
                st = xlate_step(&tm->x, &res);
                next = after_step(tm, st); /* StPteReq, or over a second stage its G-walk (StGpteReq) */
            }
        }
        break;

    /* ---- the second-stage walker (docs/microarch.md 5.6) ---- */
    case IOMMU_ST_GPTE_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_GPTE_WAIT;
        break;

    case IOMMU_ST_GPTE_WAIT:
        if (in->mem_rsp_valid) {
            st = xlate_step(&tm->x, &res); /* an error: 265/269 for Pdt and Pc, else the access fault or 274 */
            next = after_step(tm, st);
        }
        break;

    case IOMMU_ST_GPTE_CHECK: {
        gpte_decision_t d;
        gpte_decide(tm, &d);
        tm->x = d.x;
        if (d.fill) {
            bool evict;
            iotlb_fill(&tm->tlb, &d.e, &evict);
        }
        next = after_step(tm, d.st); /* the next G level, StGadReq, the access the G-leaf translated, or the
                                        outcome (a guest-page fault, or the Final G-leaf's success) */
        break;
    }

    case IOMMU_ST_GAD_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_GAD_WAIT;
        break;

    case IOMMU_ST_GAD_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err == IOMMU_MEM_OK && res.rdata[0] == tm->x.acc.cmp) {
                tm->gad_rsp = res; /* the written PTE is the G-leaf; StGpteCheck finishes it */
                next = IOMMU_ST_GPTE_CHECK;
            } else {
                st = xlate_step(&tm->x, &res); /* an error, or a different old value: StGpteReq, same gi */
                next = after_step(tm, st);
            }
        }
        break;

    /* ---- MSI address translation (docs/microarch.md 5.6) ---- */
    case IOMMU_ST_MSIPTE_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_MSIPTE_WAIT;
        break;

    case IOMMU_ST_MSIPTE_WAIT:
        if (in->mem_rsp_valid) {
            tm->msi_block.rdata[tm->msi_beat] = res.rdata[0];
            if (res.err == IOMMU_MEM_OK && tm->msi_beat == 0) {
                tm->msi_beat = 1;
                next = IOMMU_ST_MSIPTE_REQ;
                break;
            }
            tm->msi_block.err = res.err;
            if (res.err != IOMMU_MEM_OK) {
                for (unsigned k = tm->msi_beat; k < MEM_BLOCK_MAX_DWORDS; k++)
                    tm->msi_block.rdata[k] = 0; /* a failed beat and the ones after it read as 0 (mem_if.h) */
                (void)xlate_step(&tm->x, &tm->msi_block); /* 261 or 270, decided here */
                next = xlate_finished(tm);
            } else {
                next = IOMMU_ST_MSIPTE_CHECK;
            }
        }
        break;

    case IOMMU_ST_MSIPTE_CHECK:
        (void)xlate_step(&tm->x, &tm->msi_block); /* V (262), the format (263), execute (1), the outcome */
        next = xlate_finished(tm);
        break;

    case IOMMU_ST_FAULT:
        tm->fq_be = fctl_BE(tm->regs.fctl);
        st = fault_report_start(&tm->fq, &tm->regs, &tm->fault);
        if (st == ARCH_STEP_MEM) {
            next = IOMMU_ST_FQ_REQ;
        } else {
            *ev = tm->fq.event;
            next = after_fault(tm);
        }
        break;

    case IOMMU_ST_FQ_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_FQ_WAIT;
        break;

    case IOMMU_ST_FQ_WAIT:
        if (in->mem_rsp_valid) {
            st = fault_report_step(&tm->fq, &res);
            if (st == ARCH_STEP_MEM) {
                next = IOMMU_ST_FQ_REQ;
            } else {
                *ev = tm->fq.event;
                next = after_fault(tm);
            }
        }
        break;

    case IOMMU_ST_RESPOND:
        if (in->rsp_ready)
            next = IOMMU_ST_IDLE;
        break;

    /* ---- the page-request queue writer and the outbound messages (docs/microarch.md 5.9) ---- */
    case IOMMU_ST_PQ_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_PQ_WAIT;
        break;

    case IOMMU_ST_PQ_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err != IOMMU_MEM_OK) {
                rev->pq_ev = FQ_EVENT_MEMFAULT; /* the message is discarded */
                next = pgr_respond(tm, PRGR_RESPONSE_FAILURE);
            } else if (tm->pq_beat == 0) {
                tm->pq_beat = 1;
                next = IOMMU_ST_PQ_REQ;
            } else {
                rev->pq_ev = FQ_EVENT_COMMIT; /* software answers the group with ATS.PRGR */
                next = IOMMU_ST_IDLE;
            }
        }
        break;

    case IOMMU_ST_MSG_REQ:
        if (in->msg_ready) {
            if (tm->msg.from_cmd)
                cmd_complete(tm, cev);
            next = IOMMU_ST_IDLE;
        }
        break;

    /* ---- the command processor (docs/microarch.md 5.4) ---- */
    case IOMMU_ST_CQ_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_CQ_WAIT;
        break;

    case IOMMU_ST_CQ_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err != IOMMU_MEM_OK) {
                cev->cqmf = true; /* cqh stays at the command whose fetch failed */
                next = IOMMU_ST_IDLE;
            } else {
                /* in the byte order of the fctl.BE registered in this cycle (section 5.8) */
                tm->cmd[tm->cmd_beat] = mem_order64(fctl_BE(tm->regs.fctl), res.rdata[0]);
                if (tm->cmd_beat == 0) {
                    tm->cmd_beat = 1;
                    next = IOMMU_ST_CQ_REQ;
                } else {
                    next = IOMMU_ST_CMD_EXEC;
                }
            }
        }
        break;

    case IOMMU_ST_CMD_EXEC: {
        cmd_decision_t d;
        cmd_decide(tm, &d);
        next = IOMMU_ST_IDLE;
        switch (d.act) {
        case CMD_ACT_ILLEGAL:
            cev->cmd_ill = true; /* cqh stays at the illegal command */
            break;
        case CMD_ACT_IOTINVAL:
            iotlb_invalidate(&tm->tlb, d.tlb_mask);
            cmd_complete(tm, cev);
            break;
        case CMD_ACT_IODIR:
            ddtc_invalidate(&tm->ddtc, d.ddtc_mask);
            pdtc_invalidate(&tm->pdtc, d.pdtc_mask);
            cmd_complete(tm, cev);
            break;
        case CMD_ACT_FENCE:
            cev->fence_w_ip = iofence_WSI(tm->cmd[0]);
            cmd_complete(tm, cev);
            break;
        case CMD_ACT_FENCE_WRITE:
            next = IOMMU_ST_FENCE_REQ;
            break;
        case CMD_ACT_ATS_MSG:
            if (d.itag >= 0) {
                cev->alloc = true;
                cev->itag = (unsigned)d.itag;
                cev->itag_did = cq_ats_device(tm->cmd[0]);
            }
            tm->msg = ats_msg_of_command(tm->cmd[0], tm->cmd[1], d.itag >= 0 ? (unsigned)d.itag : 0);
            next = IOMMU_ST_MSG_REQ;
            break;
        case CMD_ACT_WAIT:
            cev->wait = true; /* cqh stays; fetched again once cq_wait clears */
            break;
        case CMD_ACT_TIMEOUT:
            cev->cmd_to = true; /* cqh stays at the IOFENCE.C; the flag clears */
            break;
        }
        break;
    }

    case IOMMU_ST_FENCE_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_FENCE_WAIT;
        break;

    case IOMMU_ST_FENCE_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err != IOMMU_MEM_OK) {
                cev->cqmf = true; /* cqh stays at the IOFENCE.C */
            } else {
                cev->fence_w_ip = iofence_WSI(tm->cmd[0]);
                cmd_complete(tm, cev);
            }
            next = IOMMU_ST_IDLE;
        }
        break;

    /* ---- the MSI sender (docs/microarch.md 5.5) ---- */
    case IOMMU_ST_MSI_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_MSI_WAIT;
        break;

    case IOMMU_ST_MSI_WAIT:
        if (in->mem_rsp_valid) {
            if (res.err == IOMMU_MEM_OK) {
                next = IOMMU_ST_IDLE;
            } else {
                /* spec "msi_cfg_tbl": "IOMMU MSI write access fault", TTYP 0 (no transaction), device_id 0,
                 * iotval the message's address; no DC is involved, so DTF does not apply */
                fault_info_t f = {.cause = CAUSE_IOMMU_MSI_WRITE_ACCESS_FAULT, .ttyp = 0, .iotval = tm->msi_addr};
                tm->fault = f;
                tm->fault_no_rsp = true;
                next = IOMMU_ST_FAULT;
            }
        }
        break;
    }
    if (tm->dbg && next == IOMMU_ST_RESPOND && tm->state != IOMMU_ST_RESPOND) {
        /* a debug translation completes at the edge that would enter StRespond (5.7): a 4 KiB page (S = 0),
         * the response's PBMT (section 5.8), the PPN of the translated address, or fault alone */
        rev->dbg_done = true;
        rev->dbg_response =
            tm->out_fault ? tr_response_fault_ins(0, 1)
                          : tr_response_PBMT_ins(tr_response_PPN_ins(0, (tm->out_pa >> 12) & 0xfffffffffffull),
                                                 tm->out_pbmt);
        tm->dbg = false;
        next = IOMMU_ST_IDLE;
    }
    tm->state = next;
}

/* The performance monitor at an edge (section 5.7): which counters advance, decided on the registers
 * before the edge (inhibits, event selectors, OF); *cy_inc for iohpmcycles, the returned mask (bit N) for
 * iohpmctrN. */
static uint32_t hpm_increments(const iommu_tm_t *tm, const req_event_t *rev, bool *cy_inc)
{
    const iommu_regs_t *r = &tm->regs;
    uint32_t inc = 0;
    *cy_inc = false;
    if (!capabilities_HPM(tm->cfg.capabilities))
        return 0;
    *cy_inc = !(r->iocountinh & 1u);
    if (rev->hpm_event == 0)
        return 0;
    for (unsigned n = 1; n <= tm->cfg.hpm_counters; n++)
        if (regs_hpm_counts(r, n, (enum hpm_event)rev->hpm_event, rev->did, rev->pv, rev->pid))
            inc |= 1u << n;
    return inc;
}

/* Applies the increments after the software write of the edge: a counter written at this edge (either half)
 * keeps the written value; a wrap sets OF when it was 0 before the edge, and then ipsr.pmip (an internal set,
 * winning over an RW1C clear of the same edge). */
static void hpm_apply(iommu_tm_t *tm, bool cy_inc, uint32_t inc, uint64_t cy_before, const uint64_t *evt_before,
                      int written_base)
{
    iommu_regs_t *r = &tm->regs;
    if (cy_inc && written_base != REG_IOHPMCYCLES) {
        uint64_t c = (iohpmcycles_counter(r->iohpmcycles) + 1) & iohpmcycles_counter_MASK;
        r->iohpmcycles = iohpmcycles_counter_ins(r->iohpmcycles, c);
        if (c == 0 && !iohpmcycles_OF(cy_before)) {
            r->iohpmcycles = iohpmcycles_OF_ins(r->iohpmcycles, 1);
            regs_set_ip(r, IPSR_PMIP);
        }
    }
    uint64_t mask = field_ones(tm->cfg.hpm_counter_bits);
    for (unsigned n = 1; n <= tm->cfg.hpm_counters; n++) {
        if (!((inc >> n) & 1u) || written_base == (int)(REG_IOHPMCTR1 + 8 * (n - 1)))
            continue;
        r->iohpmctr[n] = (r->iohpmctr[n] + 1) & mask;
        if (r->iohpmctr[n] == 0 && !iohpmevt_OF(evt_before[n])) {
            r->iohpmevt[n] = iohpmevt_OF_ins(r->iohpmevt[n], 1);
            regs_set_ip(r, IPSR_PMIP);
        }
    }
}

/* The ITags and cq_wait at an edge (section 5.9), after the cqcsr busy completion of the edge: an
 * Invalidation Completion and the protocol timeout act on the ITags as they were before the edge, an
 * allocation of StCmdExec after them; cqon going 1 -> 0 frees every ITag and clears the timed-out flag. A
 * command that waits sets cq_wait unless the same edge clears it (a completion, the timeout or a cqon change
 * at that edge may be what the command waits for: docs/MISMATCHES, tm11). */
static void ats_edge(iommu_tm_t *tm, const iommu_inputs_t *in, const cmd_event_t *cev, bool cqon_before)
{
    if (!capabilities_ATS(tm->cfg.capabilities))
        return; /* the inputs of section 5.9 are ignored */
    if (in->icpl_valid)
        cq_inval_complete(&tm->itags, in->icpl_did & 0xffffff, in->icpl_itags);
    if (in->ats_timeout)
        cq_ats_timeout(&tm->itags);
    if (cev->cmd_to)
        tm->itags.timed_out = false;
    bool cqon_changed = cqon_before != tm->regs.cqon;
    if (cqon_before && !tm->regs.cqon)
        cq_abort(&tm->itags);
    if (cev->alloc) {
        tm->itags.itag_busy |= 1u << cev->itag;
        tm->itags.itag_did[cev->itag] = cev->itag_did;
    }
    if (in->icpl_valid || in->ats_timeout || cqon_changed)
        tm->cq_wait = false;
    else if (cev->wait)
        tm->cq_wait = true;
}

const char *iommu_tm_gwalk(const iommu_tm_t *tm, uint64_t *gpa)
{
    if (tm->state < IOMMU_ST_GPTE_REQ || tm->state > IOMMU_ST_GAD_WAIT)
        return NULL;
    *gpa = tm->x.g_gpa;
    switch (tm->x.g_for) {
    case XLATE_G_FOR_PDT: return tm->x.pj == 0 ? "Pc" : "Pdt";
    case XLATE_G_FOR_FS_PTE: return "FsPte";
    case XLATE_G_FOR_FS_AD: return "FsAd";
    default: return "Final";
    }
}

void iommu_tm_clock(iommu_tm_t *tm, const iommu_inputs_t *in)
{
    if (!in->rst_n) {
        tm_reset(tm);
        return;
    }
    /* decisions on registered (pre-edge) state */
    enum iommu_engine_state state = tm->state;
    bool ddtp_complete = tm->regs.ddtp_busy && state == IOMMU_ST_IDLE;
    bool fqcsr_complete =
        tm->regs.fqcsr_busy && state != IOMMU_ST_FQ_REQ && state != IOMMU_ST_FQ_WAIT;
    bool cqcsr_complete = tm->regs.cqcsr_busy && !is_cmd_state(state);
    bool pqcsr_complete = tm->regs.pqcsr_busy && state != IOMMU_ST_PQ_REQ && state != IOMMU_ST_PQ_WAIT;
    enum fq_event ev = FQ_EVENT_NONE;
    cmd_event_t cev = {0};
    uint16_t msi_sent = 0;
    req_event_t rev = {0};

    /* the ddtp handshake flushes the three caches at the edge it completes (section 4.5); the engine is in
     * StIdle, so no lookup or fill of this edge meets the flush */
    if (ddtp_complete) {
        iotlb_invalidate(&tm->tlb, iotlb_valid_mask(&tm->tlb));
        ddtc_invalidate(&tm->ddtc, ddtc_inval_mask(&tm->ddtc, false, 0));
        pdtc_invalidate(&tm->pdtc, pdtc_inval_ddt_mask(&tm->pdtc, false, 0));
    }
    engine_edge(tm, in, &ev, &cev, &msi_sent, &rev);
    bool cy_inc;
    uint32_t hpm_inc = hpm_increments(tm, &rev, &cy_inc);
    uint64_t cy_before = tm->regs.iohpmcycles, evt_before[32];
    memcpy(evt_before, tm->regs.iohpmevt, sizeof(evt_before));
    int written_base = -1; /* the 8-byte register the software writes at this edge */

    /* register slave (section 4): read data is the value before this edge; a write updates at this edge */
    if (tm->reg_rsp_valid) {
        if (in->reg_rsp_ready) {
            tm->reg_rsp_valid = false;
            tm->reg_rsp_rdata = 0;
        }
    } else if (in->reg_req_valid) {
        uint16_t addr = in->reg_req_addr & 0xfff;
        if (in->reg_req_write) {
            written_base = addr & ~7;
            regs_write(&tm->regs, addr, in->reg_req_size8, in->reg_req_wdata);
            tm->reg_rsp_rdata = 0;
        } else {
            tm->reg_rsp_rdata = regs_read(&tm->regs, addr, in->reg_req_size8);
        }
        tm->reg_rsp_valid = true;
    }

    /* internal updates after the software write: internal sets win over RW1C clears, and read-only
     * fields (fqt, fqon, busy) are only changed here. The vector StIdle sends leaves the pending set first,
     * so that an ipsr bit of its vector going 0 -> 1 at this same edge (regs_set_ip, with fctl.WSI and
     * icvec after the edge: section 4.3) makes it pending again. */
    tm->regs.msi_pending &= (uint16_t)~msi_sent;
    if (ddtp_complete)
        regs_ddtp_complete(&tm->regs);
    if (fqcsr_complete)
        regs_fqcsr_complete(&tm->regs);
    bool cqon_before = tm->regs.cqon;
    if (cqcsr_complete)
        regs_cqcsr_complete(&tm->regs);
    if (pqcsr_complete)
        regs_pqcsr_complete(&tm->regs);
    regs_fq_event(&tm->regs, ev);
    regs_update_fip(&tm->regs, ev == FQ_EVENT_COMMIT);
    regs_pq_event(&tm->regs, rev.pq_ev);
    regs_update_pip(&tm->regs, rev.pq_ev == FQ_EVENT_COMMIT);
    ats_edge(tm, in, &cev, cqon_before);
    /* the command processor's updates (never at an edge where cqcsr completes: that needs a non-command state) */
    if (cev.cmd_ill) tm->regs.cmd_ill = true;
    if (cev.cmd_to) tm->regs.cmd_to = true;
    if (cev.cqmf) tm->regs.cqmf = true;
    if (cev.fence_w_ip) tm->regs.fence_w_ip = true;
    if (cev.advance) tm->regs.cqh = cev.new_cqh;
    regs_update_cip(&tm->regs);
    hpm_apply(tm, cy_inc, hpm_inc, cy_before, evt_before, written_base);
    if (rev.dbg_done) {
        tm->regs.tr_response = rev.dbg_response;
        tm->regs.tr_req_ctl = tr_req_ctl_Go_Busy_ins(tm->regs.tr_req_ctl, 0);
    }
}
