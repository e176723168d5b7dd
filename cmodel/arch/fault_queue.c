/* Fault-record encoding and the fault-queue reporting rules (IOMMU spec "Fault/Event-Queue": record
 * format, cause table DTF column, fqof/fqmf discarding; "fqcsr"; docs/microarch.md section 5, StFault). */
#include "fault_queue.h"

#include <string.h>

#include "spec_fields.h"

fault_info_t fault_info_for_request(const iommu_request_t *req, enum fault_cause cause, uint64_t iotval,
                                    uint64_t iotval2, bool dtf)
{
    fault_info_t f = {
        .cause = cause,
        .ttyp = req->ttyp,
        .did = req->did,
        .pv = req->pv,
        .pid = req->pv ? req->pid : 0,           /* PID and PRIV are 0 when PV is 0 */
        .priv = req->pv ? req->priv : false,
        .iotval = iotval,
        .iotval2 = iotval2,
        .dtf = dtf,
    };
    return f;
}

void fault_record_encode(const fault_info_t *f, uint64_t dw[4])
{
    uint64_t d0 = 0;
    d0 = fault_rec_CAUSE_ins(d0, f->cause);
    if (f->ttyp != IOMMU_TTYP_NONE) {
        d0 = fault_rec_TTYP_ins(d0, f->ttyp);
        d0 = fault_rec_DID_ins(d0, f->did);
        if (f->pv) {
            d0 = fault_rec_PV_ins(d0, 1);
            d0 = fault_rec_PID_ins(d0, f->pid);
            d0 = fault_rec_PRIV_ins(d0, f->priv);
        }
    }
    dw[0] = d0;
    dw[1] = 0; /* custom / reserved */
    dw[2] = f->iotval;
    dw[3] = f->iotval2;
}

static enum arch_step want_write(fq_report_t *w)
{
    w->acc.op = IOMMU_MEM_WRITE;
    w->acc.addr = w->base + 8u * w->k;
    w->acc.wdata = w->dw[w->k];
    w->acc.cmp = 0;
    w->acc.be = 0xff;
    return ARCH_STEP_MEM;
}

static enum arch_step done(fq_report_t *w, enum fq_event ev)
{
    w->event = ev;
    memset(&w->acc, 0, sizeof(w->acc));
    return ARCH_STEP_DONE;
}

enum arch_step fault_report_start(fq_report_t *w, const iommu_regs_t *regs, const fault_info_t *f)
{
    memset(w, 0, sizeof(*w));
    /* not reported: DTF, queue off, or an error bit set (records are discarded while set) */
    if (f->dtf && !fault_cause_reported_if_dtf(f->cause))
        return done(w, FQ_EVENT_NONE);
    if (!regs->fqon || regs->fqmf || regs->fqof)
        return done(w, FQ_EVENT_NONE);
    /* full: fqt == fqh - 1 (mod queue size) */
    uint32_t mask = regs_fq_index_mask(regs);
    if (((regs->fqt + 1u) & mask) == regs->fqh)
        return done(w, FQ_EVENT_OVERFLOW);
    fault_record_encode(f, w->dw);
    for (unsigned k = 0; k < 4; k++) /* each doubleword in the byte order of fctl.BE ("Fault/Event-Queue") */
        w->dw[k] = mem_order64(fctl_BE(regs->fctl), w->dw[k]);
    w->base = fqb_PPN(regs->fqb) * 4096u + (uint64_t)regs->fqt * 32u;
    w->k = 0;
    return want_write(w);
}

enum arch_step fault_report_step(fq_report_t *w, const mem_result_t *rsp)
{
    if (rsp->err != IOMMU_MEM_OK)
        return done(w, FQ_EVENT_MEMFAULT); /* record discarded, fqt unchanged */
    if (w->k < 3) {
        w->k++;
        return want_write(w);
    }
    return done(w, FQ_EVENT_COMMIT);
}

enum fq_event fault_report_run(fq_report_t *w, const iommu_regs_t *regs, const fault_info_t *f,
                               const iommu_mem_if_t *mem)
{
    mem_result_t res;
    enum arch_step st = fault_report_start(w, regs, f);
    while (st == ARCH_STEP_MEM) {
        mem_if_perform(mem, &w->acc, &res);
        st = fault_report_step(w, &res);
    }
    return w->event;
}
