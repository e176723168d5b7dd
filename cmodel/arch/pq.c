/* Page requests (IOMMU spec "PCIe ATS Page Request handling", "Page-Request-Queue (PQ)" record format,
 * "pqcsr", "ipsr" pip rule; "Fault/Event-Queue" for the faults of locating the DC). */
#include "pq.h"

#include <string.h>

#include "ddt.h"
#include "fault_queue.h"
#include "spec_fields.h"

enum { PQ_ENTRY_BYTES = 16, TTYP_PCIE_MESSAGE = 9, PCIE_MSG_CODE_PAGE_REQUEST = 0x04 };

void pq_record_encode(const pq_request_t *p, uint64_t dw[2])
{
    uint64_t d0 = pq_rec_DID_ins(0, p->did);
    if (p->pv) {
        /* PRIV and EXEC are 0 when the message had no PASID */
        d0 = pq_rec_PV_ins(d0, 1);
        d0 = pq_rec_PID_ins(d0, p->pid);
        d0 = pq_rec_PRIV_ins(d0, p->priv);
        d0 = pq_rec_EXEC_ins(d0, p->exec);
    }
    uint64_t d1 = 0;
    d1 = pgreq_payload_R_ins(d1, p->r);
    d1 = pgreq_payload_W_ins(d1, p->w);
    d1 = pgreq_payload_L_ins(d1, p->l);
    d1 = pgreq_payload_PRGI_ins(d1, p->prgi);
    d1 = pgreq_payload_PageAddress_ins(d1, p->addr >> 12);
    dw[0] = d0;
    dw[1] = d1;
}

static enum fault_cause mem_cause(uint8_t err)
{
    return err == IOMMU_MEM_DATA_CORRUPTION ? CAUSE_DDT_DATA_CORRUPTION : CAUSE_DDT_LOAD_ACCESS_FAULT;
}

/* "Process to translate an IOVA" steps 1 - 5 and "Process to locate the Device-context" for the requester.
 * Returns the cause (CAUSE_NONE: dc holds the located DC). */
static enum fault_cause locate_dc(const iommu_regs_t *r, uint32_t did, const iommu_mem_if_t *mem, uint64_t dc[8])
{
    const iommu_config_t *cfg = r->cfg;
    uint64_t ddtp = r->ddtp_active;
    switch (ddtp_iommu_mode(ddtp)) {
    case DDTP_MODE_OFF: return CAUSE_ALL_INBOUND_DISALLOWED;
    case DDTP_MODE_BARE: return CAUSE_TRANSACTION_TYPE_DISALLOWED; /* no DC in Bare: messages unsupported */
    default: break;
    }
    if (ddt_did_too_wide(cfg, ddtp, did))
        return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    uint64_t a = ddtp_PPN(ddtp) * 4096u;
    mem_result_t res;
    for (unsigned i = ddt_levels(ddtp) - 1; i > 0; i--) {
        mem_access_t acc = {.op = IOMMU_MEM_READ, .dwords = 1, .addr = ddt_ddte_addr(cfg, a, did, i), .be = 0xff};
        mem_if_perform(mem, &acc, &res);
        if (res.err)
            return mem_cause(res.err);
        uint64_t ddte = mem_order64(fctl_BE(r->fctl), res.rdata[0]);
        enum fault_cause c = ddt_ddte_check(ddte);
        if (c != CAUSE_NONE)
            return c;
        a = ddte_PPN(ddte) * 4096u;
    }
    memset(dc, 0, 8 * sizeof dc[0]);
    mem_access_t acc = {.op = IOMMU_MEM_READ, .dwords = (uint8_t)ddt_dc_dwords(cfg), .addr = ddt_dc_addr(cfg, a, did, 0),
                        .be = 0xff};
    mem_if_perform(mem, &acc, &res);
    if (res.err)
        return mem_cause(res.err);
    for (unsigned k = 0; k < acc.dwords; k++)
        dc[k] = mem_order64(fctl_BE(r->fctl), res.rdata[k]);
    return ddt_dc_check(cfg, r->fctl, dc);
}

fault_info_t pq_fault_info(const pq_request_t *p, enum fault_cause cause, bool dtf)
{
    fault_info_t f = {.cause = cause, .ttyp = TTYP_PCIE_MESSAGE, .did = p->did, .pv = p->pv,
                      .pid = p->pv ? p->pid : 0, .priv = p->pv && p->priv,
                      .iotval = PCIE_MSG_CODE_PAGE_REQUEST, .iotval2 = 0, .dtf = dtf};
    return f;
}

unsigned pq_fault_response_code(enum fault_cause cause)
{
    /* Invalid Request for cause 260 (Bare, EN_PRI = 0, device_id too wide); Response Failure for the others
     * (Off, DDT load access fault / corruption, not valid, misconfigured) */
    return cause == CAUSE_TRANSACTION_TYPE_DISALLOWED ? PRGR_INVALID_REQUEST : PRGR_RESPONSE_FAILURE;
}

bool pq_needs_response(const pq_request_t *p)
{
    bool stop_marker = p->pv && p->l && !p->r && !p->w;
    return p->l && !stop_marker;
}

uint64_t pq_response_payload(const pq_request_t *p, unsigned code)
{
    return prgr_payload_ResponseCode_ins(prgr_payload_PRGI_ins(0, p->prgi), code);
}

bool pq_response_pv(const pq_request_t *p, unsigned code, bool prpr)
{
    return p->pv && (code == PRGR_RESPONSE_FAILURE || prpr);
}

static void report_fault(iommu_regs_t *r, const pq_request_t *p, enum fault_cause cause, bool dtf,
                         const iommu_mem_if_t *mem)
{
    fault_info_t f = pq_fault_info(p, cause, dtf);
    fq_report_t w;
    enum fq_event ev = fault_report_run(&w, r, &f, mem);
    regs_fq_event(r, ev);
    regs_update_fip(r, ev == FQ_EVENT_COMMIT);
}

/* Sends the IOMMU's own response when the request needs one ("Last Request in PRG" = 1, not a Stop
 * Marker). With Response Failure the response carries the PASID of a request that had one; otherwise only
 * when PRPR = 1. */
static enum pq_outcome respond(const pq_request_t *p, unsigned code, bool prpr, const iommu_msg_if_t *msg,
                               unsigned *code_out)
{
    if (!pq_needs_response(p))
        return PQ_DISCARDED;
    uint64_t payload = pq_response_payload(p, code);
    bool pv = pq_response_pv(p, code, prpr);
    if (msg && msg->prgr)
        msg->prgr(msg->user, p->did, payload, pv, pv ? p->pid : 0);
    if (code_out)
        *code_out = code;
    return PQ_AUTO_RESPONSE;
}

enum pq_outcome pq_page_request(iommu_regs_t *r, const pq_request_t *p, const iommu_mem_if_t *mem,
                                const iommu_msg_if_t *msg, unsigned *code)
{
    uint64_t dc[8];
    enum fault_cause cause = locate_dc(r, p->did, mem, dc);
    bool located = cause == CAUSE_NONE;
    if (located && (!tc_EN_ATS(dc[DC_TC]) || !tc_EN_PRI(dc[DC_TC])))
        cause = CAUSE_TRANSACTION_TYPE_DISALLOWED;
    bool prpr = located && tc_PRPR(dc[DC_TC]); /* PRPR is assumed 0 when no valid DC was located */
    if (cause != CAUSE_NONE) {
        report_fault(r, p, cause, located && tc_DTF(dc[DC_TC]), mem);
        return respond(p, pq_fault_response_code(cause), prpr, msg, code);
    }
    /* the queue: off or pqmf -> Response Failure; pqof or full -> Success (no fault is recorded) */
    if (!r->pqen || !r->pqon || r->pqmf)
        return respond(p, PRGR_RESPONSE_FAILURE, prpr, msg, code);
    if (r->pqof)
        return respond(p, PRGR_SUCCESS, prpr, msg, code);
    uint32_t mask = regs_pq_index_mask(r);
    if (((r->pqt + 1u) & mask) == r->pqh) {
        regs_pq_event(r, FQ_EVENT_OVERFLOW);
        regs_update_pip(r, false);
        return respond(p, PRGR_SUCCESS, prpr, msg, code);
    }
    uint64_t rec[2];
    pq_record_encode(p, rec);
    uint64_t base = pqb_PPN(r->pqb) * 4096u + (uint64_t)r->pqt * PQ_ENTRY_BYTES;
    for (unsigned k = 0; k < 2; k++) {
        mem_access_t acc = {.op = IOMMU_MEM_WRITE, .addr = base + 8u * k,
                            .wdata = mem_order64(fctl_BE(r->fctl), rec[k]), .be = 0xff};
        mem_result_t res;
        mem_if_perform(mem, &acc, &res);
        if (res.err) {
            regs_pq_event(r, FQ_EVENT_MEMFAULT); /* the message is discarded */
            regs_update_pip(r, false);
            return respond(p, PRGR_RESPONSE_FAILURE, prpr, msg, code);
        }
    }
    regs_pq_event(r, FQ_EVENT_COMMIT);
    regs_update_pip(r, true);
    return PQ_QUEUED;
}
