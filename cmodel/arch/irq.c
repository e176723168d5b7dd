/* MSI generation from msi_cfg_tbl (IOMMU spec "ipsr", "msi_cfg_tbl"). */
#include "irq.h"

#include "fault_queue.h"
#include "spec_fields.h"

void irq_send_msis(iommu_regs_t *r, const iommu_mem_if_t *mem)
{
    /* each round sends every deliverable vector once; a fault record of a failed MSI may raise fip, whose
     * own message is sent in the next round (bounded: an ipsr bit is set at most once per 0 -> 1) */
    for (unsigned round = 0; round < 8 && r->msi_pending; round++) {
        for (unsigned v = 0; v < 16; v++) {
            if (!(r->msi_pending >> v & 1u) || v >= r->cfg->interrupt_vectors || msi_vec_ctl_M(r->msi_vec_ctl[v]))
                continue;
            r->msi_pending &= (uint16_t)~(1u << v);
            uint64_t addr = r->msi_addr[v];
            unsigned shift = (addr & 4u) ? 32 : 0;
            mem_access_t acc = {.op = IOMMU_MEM_WRITE, .addr = addr & ~7ull,
                                .wdata = (uint64_t)mem_order32(fctl_BE(r->fctl), r->msi_data[v]) << shift, .be = (uint8_t)(0x0fu << (shift / 8))};
            mem_result_t res;
            mem_if_perform(mem, &acc, &res);
            if (res.err) {
                fault_info_t f = {.cause = CAUSE_IOMMU_MSI_WRITE_ACCESS_FAULT, .ttyp = 0, .iotval = addr};
                fq_report_t w;
                enum fq_event ev = fault_report_run(&w, r, &f, mem);
                regs_fq_event(r, ev);
                regs_update_fip(r, ev == FQ_EVENT_COMMIT);
            }
        }
    }
}
