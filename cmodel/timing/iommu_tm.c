/* Timing layer of the golden model: the cycle-stepped engine of docs/microarch.md (sections 4 - 7). It
 * runs the architectural step machines (xlate.h, fault_queue.h) and register semantics (regs.h) one
 * step per engine state, turning each wanted memory access into a mem_req and feeding mem_rsp back, and
 * adds what only the microarchitecture has: the IOTLB, the register-slave timing, the busy handshakes and
 * the observation port. Outputs are computed from registered state only. */
#include "iommu_tm.h"

#include <stdlib.h>
#include <string.h>

#include "fault_queue.h"
#include "iotlb.h"
#include "regs.h"
#include "sv39.h"
#include "xlate.h"

struct iommu_tm {
    iommu_config_t cfg; /* the RTL configuration (docs/microarch.md section 3) */
    iommu_regs_t regs;
    iotlb_t tlb;
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
    fq_report_t fq;
    fault_info_t fault;
    /* the outcome presented in StRespond */
    bool out_fault;
    unsigned out_cause;
    uint64_t out_pa;
    /* register slave */
    bool reg_rsp_valid;
    uint64_t reg_rsp_rdata;
};

static void tm_reset(iommu_tm_t *tm)
{
    memset(tm, 0, sizeof(*tm));
    iommu_config_rtl(&tm->cfg);
    regs_reset(&tm->regs, &tm->cfg);
    iotlb_reset(&tm->tlb);
    tm->state = IOMMU_ST_IDLE;
}

iommu_tm_t *iommu_tm_new(void)
{
    iommu_tm_t *tm = malloc(sizeof(*tm));
    if (tm)
        tm_reset(tm);
    return tm;
}

void iommu_tm_free(iommu_tm_t *tm) { free(tm); }

/* IOTLB lookups are made for untranslated requests without a process_id (section 5.1, StLookup step 4). */
static bool lookup_eligible(const iommu_request_t *req)
{
    return !req->pv && (req->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC || req->ttyp == IOMMU_TTYP_UNTRANSLATED_READ ||
                        req->ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE);
}

/* What StLookup does this cycle, from registered state. */
typedef struct {
    xlate_t x;                /* the translation after its mode-check step */
    enum arch_step st;        /* DONE: decided by steps 1 - 3; MEM: wants the DC */
    bool lookup;              /* an IOTLB lookup happens */
    int way;                  /* hitting way or -1 */
    enum fault_cause hit_cause; /* permission check result on a hit */
} lookup_decision_t;

static void lookup_decide(const iommu_tm_t *tm, lookup_decision_t *d)
{
    d->x = tm->x;
    d->st = xlate_step(&d->x, NULL);
    d->lookup = d->st == ARCH_STEP_MEM && lookup_eligible(&tm->req);
    d->way = d->lookup ? iotlb_lookup(&tm->tlb, tm->req.did, tm->req.iova) : -1;
    d->hit_cause = CAUSE_NONE;
    if (d->way >= 0) {
        sv39_perm_t perm = iotlb_perm(&tm->tlb.e[d->way]);
        d->hit_cause = sv39_leaf_permission_check(&perm, &tm->req);
    }
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
    d->st = xlate_step(&d->x, NULL);
    d->fill = d->st == ARCH_STEP_DONE && !d->x.result.fault && d->x.result.leaf && lookup_eligible(&tm->req);
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
    out->req_ready = tm->state == IOMMU_ST_IDLE && !tm->regs.ddtp_busy;
    out->reg_req_ready = !tm->reg_rsp_valid;
    out->reg_rsp_valid = tm->reg_rsp_valid;
    out->reg_rsp_rdata = tm->reg_rsp_valid ? tm->reg_rsp_rdata : 0;
    out->wsi = regs_wsi(&tm->regs);
    out->obs_state = (uint8_t)tm->state;

    switch (tm->state) {
    case IOMMU_ST_LOOKUP: {
        lookup_decision_t d;
        lookup_decide(tm, &d);
        out->obs_tlb_lookup = d.lookup;
        if (d.way >= 0) {
            out->obs_tlb_hit = 1;
            out->obs_tlb_hit_way = (uint8_t)d.way;
        }
        break;
    }
    case IOMMU_ST_DC_REQ:
        drive_mem_req(&tm->x.acc, tm->dc_beat, out);
        break;
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
    case IOMMU_ST_FQ_REQ:
        drive_mem_req(&tm->fq.acc, 0, out);
        break;
    case IOMMU_ST_RESPOND:
        out->rsp_valid = 1;
        out->rsp_tag = tm->tag;
        out->rsp_fault = tm->out_fault;
        out->rsp_cause = (uint16_t)(tm->out_fault ? tm->out_cause : 0);
        out->rsp_pa = tm->out_fault ? 0 : tm->out_pa;
        break;
    default:
        break;
    }
}

/* ---- engine transitions ---- */

static enum iommu_engine_state respond_ok(iommu_tm_t *tm, uint64_t pa)
{
    tm->out_fault = false;
    tm->out_cause = 0;
    tm->out_pa = pa;
    return IOMMU_ST_RESPOND;
}

static enum iommu_engine_state go_fault(iommu_tm_t *tm, enum fault_cause cause, uint64_t iotval, uint64_t iotval2,
                                        bool dtf)
{
    tm->out_fault = true;
    tm->out_cause = cause;
    tm->out_pa = 0;
    tm->fault = fault_info_for_request(&tm->req, cause, iotval, iotval2, dtf);
    return IOMMU_ST_FAULT;
}

/* The translation finished (ARCH_STEP_DONE): respond or go to StFault. */
static enum iommu_engine_state xlate_finished(iommu_tm_t *tm)
{
    const xlate_result_t *r = &tm->x.result;
    if (r->fault)
        return go_fault(tm, r->cause, r->iotval, r->iotval2, r->dtf);
    return respond_ok(tm, r->pa);
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
    /* the active ddtp cannot change until the engine is back in StIdle (section 4.1) */
    xlate_start(&tm->x, &tm->cfg, tm->regs.fctl, &tm->req, tm->regs.ddtp_active);
}

/* One rising edge of the engine. Reads the registers (values before the edge) but does not change them:
 * the fault-queue event of this edge is returned in *ev. */
static void engine_edge(iommu_tm_t *tm, const iommu_inputs_t *in, enum fq_event *ev)
{
    mem_result_t res; /* a beat's response: one doubleword (the steps given it read no other) */
    res.err = in->mem_rsp_err;
    res.rdata[0] = in->mem_rsp_rdata;
    enum arch_step st;
    enum iommu_engine_state next = tm->state;

    switch (tm->state) {
    case IOMMU_ST_IDLE:
        if (in->req_valid && !tm->regs.ddtp_busy) {
            capture_request(tm, in);
            next = IOMMU_ST_LOOKUP;
        }
        break;

    case IOMMU_ST_LOOKUP: {
        lookup_decision_t d;
        lookup_decide(tm, &d);
        if (d.st == ARCH_STEP_DONE) {
            tm->x = d.x;
            next = xlate_finished(tm);
        } else if (d.way >= 0) {
            const iotlb_entry_t *e = &tm->tlb.e[d.way];
            if (d.hit_cause != CAUSE_NONE)
                next = go_fault(tm, d.hit_cause, tm->req.iova, 0, e->dtf);
            else
                next = respond_ok(tm, iotlb_pa(e, tm->req.iova));
        } else {
            tm->x = d.x; /* wants the DC */
            tm->dc_beat = 0;
            next = IOMMU_ST_DC_REQ;
        }
        break;
    }

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
            if (st == ARCH_STEP_BUSY)
                next = IOMMU_ST_DC_CHECK;
            else
                next = xlate_finished(tm);
        }
        break;

    case IOMMU_ST_DC_CHECK:
        st = xlate_step(&tm->x, NULL);
        next = st == ARCH_STEP_MEM ? IOMMU_ST_PTE_REQ : xlate_finished(tm);
        break;

    case IOMMU_ST_PTE_REQ:
        if (in->mem_req_ready)
            next = IOMMU_ST_PTE_WAIT;
        break;

    case IOMMU_ST_PTE_WAIT:
        if (in->mem_rsp_valid) {
            st = xlate_step(&tm->x, &res);
            next = st == ARCH_STEP_BUSY ? IOMMU_ST_PTE_CHECK : xlate_finished(tm);
        }
        break;

    case IOMMU_ST_PTE_CHECK: {
        pte_decision_t d;
        pte_decide(tm, &d);
        tm->x = d.x;
        if (d.st == ARCH_STEP_MEM) {
            next = IOMMU_ST_PTE_REQ;
        } else {
            if (d.fill) {
                const xlate_result_t *r = &tm->x.result;
                iotlb_entry_t e = iotlb_make_entry(tm->req.did, tm->req.iova, r->leaf_level, r->leaf_pte, r->dtf);
                bool evict;
                iotlb_fill(&tm->tlb, &e, &evict);
            }
            next = xlate_finished(tm);
        }
        break;
    }

    case IOMMU_ST_FAULT:
        st = fault_report_start(&tm->fq, &tm->regs, &tm->fault);
        if (st == ARCH_STEP_MEM) {
            next = IOMMU_ST_FQ_REQ;
        } else {
            *ev = tm->fq.event;
            next = IOMMU_ST_RESPOND;
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
                next = IOMMU_ST_RESPOND;
            }
        }
        break;

    case IOMMU_ST_RESPOND:
        if (in->rsp_ready)
            next = IOMMU_ST_IDLE;
        break;
    }
    tm->state = next;
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
    enum fq_event ev = FQ_EVENT_NONE;

    engine_edge(tm, in, &ev);

    /* register slave (section 4): read data is the value before this edge; a write updates at this edge */
    if (tm->reg_rsp_valid) {
        if (in->reg_rsp_ready) {
            tm->reg_rsp_valid = false;
            tm->reg_rsp_rdata = 0;
        }
    } else if (in->reg_req_valid) {
        uint16_t addr = in->reg_req_addr & 0xfff;
        if (in->reg_req_write) {
            regs_write(&tm->regs, addr, in->reg_req_size8, in->reg_req_wdata);
            tm->reg_rsp_rdata = 0;
        } else {
            tm->reg_rsp_rdata = regs_read(&tm->regs, addr, in->reg_req_size8);
        }
        tm->reg_rsp_valid = true;
    }

    /* internal updates after the software write: internal sets win over RW1C clears, and read-only
     * fields (fqt, fqon, busy) are only changed here */
    if (ddtp_complete)
        regs_ddtp_complete(&tm->regs);
    if (fqcsr_complete)
        regs_fqcsr_complete(&tm->regs);
    regs_fq_event(&tm->regs, ev);
    regs_update_fip(&tm->regs, ev == FQ_EVENT_COMMIT);
}
