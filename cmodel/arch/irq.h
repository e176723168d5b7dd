/* IOMMU-originated interrupts as messages (IOMMU spec "ipsr", "msi_cfg_tbl", "icvec"): with fctl.WSI = 0 an
 * ipsr bit going 0 -> 1 makes its vector pending (regs_set_ip); irq_send_msis writes msi_data_x to
 * msi_addr_x as a 4-byte store for every pending vector whose msi_vec_ctl.M is 0. A masked vector stays
 * pending until unmasked. A write that faults is reported as "IOMMU MSI write access fault" (cause 273,
 * TTYP 0, iotval = msi_addr_x). Wire-signaled interrupts are a function of the registers (regs_wsi). */
#ifndef IOMMU_IRQ_H
#define IOMMU_IRQ_H

#include "mem_if.h"
#include "regs.h"

void irq_send_msis(iommu_regs_t *r, const iommu_mem_if_t *mem);

#endif
