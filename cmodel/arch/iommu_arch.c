/* Functional (untimed) composition of the architectural layer: registers, translation, fault reporting,
 * command queue, page requests, interrupts, performance counters and the debug translation interface. */
#include "iommu_arch.h"

#include "fault_queue.h"
#include "irq.h"
#include "spec_fields.h"
#include "xlate.h"

void iommu_arch_init(iommu_arch_t *a, const iommu_config_t *cfg, const iommu_mem_if_t *mem, const iommu_msg_if_t *msg)
{
    a->cfg = cfg;
    a->mem = mem;
    a->msg = msg;
    iommu_arch_reset(a);
}

void iommu_arch_reset(iommu_arch_t *a)
{
    regs_reset(&a->regs, a->cfg);
    cq_reset(&a->cq);
}

uint64_t iommu_arch_reg_read(const iommu_arch_t *a, uint16_t offset, bool size8)
{
    return regs_read(&a->regs, offset, size8);
}

static void update_ipsr(iommu_regs_t *r)
{
    regs_update_fip(r, false);
    regs_update_cip(r);
    regs_update_pip(r, false);
}

/* The standard HPM event of a request's transaction type (spec "iohpmevt1-31" event list). */
static void count_request(iommu_regs_t *r, const iommu_request_t *req)
{
    enum hpm_event ev = request_is_untranslated(req) ? HPM_EV_UNTRANSLATED
                        : request_is_translated(req) ? HPM_EV_TRANSLATED
                                                     : HPM_EV_ATS;
    regs_hpm_count(r, ev, req->did, req->pv, req->pid);
}

/* Who asked for a translation: the IO bridge, or the debug translation-request registers. */
enum xlate_source { FROM_BRIDGE, FROM_DEBUG };

static iommu_response_t translate(iommu_arch_t *a, const iommu_request_t *req, const iommu_mem_if_t *mem,
                                  enum xlate_source source)
{
    count_request(&a->regs, req);
    xlate_t *x = &a->xlate;
    xlate_start(x, a->cfg, a->regs.fctl, req, a->regs.ddtp_active);
    xlate_run(x, mem);
    xlate_result_t *r = &x->result;
    if (source == FROM_DEBUG && r->mrif) {
        /* spec "Debug support": an IOVA that an MRIF-mode MSI PTE maps stops the process with
         * "Transaction type disallowed" */
        r->mrif = false;
        r->fault = true;
        r->cause = CAUSE_TRANSACTION_TYPE_DISALLOWED;
        r->pa = 0;
        r->iotval = req->iova;
        r->iotval2 = 0;
    }
    iommu_response_t rsp = {.fault = r->fault, .cause = r->fault ? (unsigned)r->cause : 0, .pa = r->pa};
    rsp.pbmt = r->pbmt;
    rsp.mrif = r->mrif;
    rsp.mrif_addr = r->mrif_addr;
    rsp.notice_addr = r->notice_addr;
    rsp.notice_data = r->notice_data;
    rsp.ats = r->ats;
    rsp.ats_cpl = r->ats_cpl;
    if (r->fault) {
        fault_info_t f = fault_info_for_request(req, r->cause, r->iotval, r->iotval2, r->dtf);
        fq_report_t w;
        enum fq_event ev = fault_report_run(&w, &a->regs, &f, mem);
        regs_fq_event(&a->regs, ev);
        regs_update_fip(&a->regs, ev == FQ_EVENT_COMMIT);
    }
    return rsp;
}

/* Debug translation interface (spec "Debug support", "tr_req_ctl", "tr_response"): an Untranslated request
 * built from tr_req_iova / tr_req_ctl, translated like any other (faults go to the fault queue); the
 * response reports a 4 KiB translation (S = 0, allowed by the tr_response note) with the leaves' PBMT. */
static void debug_translate(iommu_arch_t *a)
{
    iommu_regs_t *r = &a->regs;
    uint64_t ctl = r->tr_req_ctl;
    iommu_request_t req = {
        .did = (uint32_t)tr_req_ctl_DID(ctl),
        .pv = tr_req_ctl_PV(ctl),
        .pid = tr_req_ctl_PV(ctl) ? (uint32_t)tr_req_ctl_PID(ctl) : 0,
        .priv = tr_req_ctl_PV(ctl) && tr_req_ctl_Priv(ctl),
        .ttyp = tr_req_ctl_Exe(ctl) ? IOMMU_TTYP_UNTRANSLATED_EXEC
                : tr_req_ctl_NW(ctl) ? IOMMU_TTYP_UNTRANSLATED_READ
                                     : IOMMU_TTYP_UNTRANSLATED_WRITE,
        .iova = r->tr_req_iova & tr_req_iova_vpn_MASK,
    };
    iommu_response_t rsp = translate(a, &req, a->mem, FROM_DEBUG);
    r->tr_response = rsp.fault ? tr_response_fault_ins(0, 1)
                               : tr_response_PBMT_ins(tr_response_PPN_ins(0, rsp.pa >> 12), rsp.pbmt);
    r->tr_req_ctl = tr_req_ctl_Go_Busy_ins(r->tr_req_ctl, 0);
}

/* Everything that follows an event in an untimed model: the command queue runs, MSIs are sent. */
static void settle(iommu_arch_t *a)
{
    cq_process(&a->regs, &a->cq, a->mem, a->msg);
    update_ipsr(&a->regs);
    irq_send_msis(&a->regs, a->mem);
}

void iommu_arch_reg_write(iommu_arch_t *a, uint16_t offset, bool size8, uint64_t wdata)
{
    iommu_regs_t *r = &a->regs;
    bool cqon_before = r->cqon;
    /* the write's own update (the edge of the write, docs/microarch.md 4.3) ... */
    regs_write(r, offset, size8, wdata);
    update_ipsr(r);
    /* ... then, with nothing in flight, the busy handshakes complete (the next edge), which may clear
     * error bits only after ipsr has seen them, exactly as in the timing layer */
    if (r->ddtp_busy)
        regs_ddtp_complete(r);
    if (r->fqcsr_busy)
        regs_fqcsr_complete(r);
    if (r->cqcsr_busy)
        regs_cqcsr_complete(r);
    if (r->pqcsr_busy)
        regs_pqcsr_complete(r);
    if (cqon_before && !r->cqon)
        cq_abort(&a->cq);
    update_ipsr(r);
    if (tr_req_ctl_Go_Busy(r->tr_req_ctl))
        debug_translate(a);
    if (a->mem)
        settle(a);
}

iommu_response_t iommu_arch_translate(iommu_arch_t *a, const iommu_request_t *req, const iommu_mem_if_t *mem)
{
    iommu_response_t rsp = translate(a, req, mem, FROM_BRIDGE);
    irq_send_msis(&a->regs, mem);
    return rsp;
}

enum pq_outcome iommu_arch_page_request(iommu_arch_t *a, const pq_request_t *p)
{
    enum pq_outcome o = pq_page_request(&a->regs, p, a->mem, a->msg, NULL);
    settle(a);
    return o;
}

void iommu_arch_inval_completion(iommu_arch_t *a, uint32_t did, uint32_t itags)
{
    cq_inval_complete(&a->cq, did, itags);
    settle(a);
}

void iommu_arch_ats_timeout(iommu_arch_t *a)
{
    cq_ats_timeout(&a->cq);
    settle(a);
}

uint16_t iommu_arch_wsi(const iommu_arch_t *a) { return regs_wsi(&a->regs); }
