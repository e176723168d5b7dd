/* Functional (untimed) composition of the architectural layer: registers, translation, fault reporting. */
#include "iommu_arch.h"

#include "fault_queue.h"
#include "xlate.h"

void iommu_arch_reset(iommu_arch_t *a) { regs_reset(&a->regs); }

uint64_t iommu_arch_reg_read(const iommu_arch_t *a, uint16_t offset, bool size8)
{
    return regs_read(&a->regs, offset, size8);
}

void iommu_arch_reg_write(iommu_arch_t *a, uint16_t offset, bool size8, uint64_t wdata)
{
    /* the write's own update (the edge of the write, docs/microarch.md 4.3) ... */
    regs_write(&a->regs, offset, size8, wdata);
    regs_update_fip(&a->regs, false);
    /* ... then, with nothing in flight, the busy handshakes complete (the next edge), which may clear
     * fqof/fqmf only after fip has seen them, exactly as in the timing layer */
    if (a->regs.ddtp_busy)
        regs_ddtp_complete(&a->regs);
    if (a->regs.fqcsr_busy)
        regs_fqcsr_complete(&a->regs);
    regs_update_fip(&a->regs, false);
}

iommu_response_t iommu_arch_translate(iommu_arch_t *a, const iommu_request_t *req, const iommu_mem_if_t *mem)
{
    xlate_t x;
    xlate_start(&x, req, a->regs.ddtp_active);
    const xlate_result_t *r = xlate_run(&x, mem);
    iommu_response_t rsp = {.fault = r->fault, .cause = r->fault ? (unsigned)r->cause : 0, .pa = r->pa};
    if (r->fault) {
        fault_info_t f = fault_info_for_request(req, r->cause, r->iotval, r->iotval2, r->dtf);
        fq_report_t w;
        enum fq_event ev = fault_report_run(&w, &a->regs, &f, mem);
        regs_fq_event(&a->regs, ev);
        regs_update_fip(&a->regs, ev == FQ_EVENT_COMMIT);
    }
    return rsp;
}

uint16_t iommu_arch_wsi(const iommu_arch_t *a) { return regs_wsi(&a->regs); }
