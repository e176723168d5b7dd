/* The process directory (IOMMU spec "Process-Directory-Table (PDT)", "Process to locate the
 * Process-context", "Process-context configuration checks"): PD8, PD17 and PD20. The walk (with the
 * second-stage translation of PDT addresses) is in the xlate step machine; these are its rules. */
#ifndef IOMMU_PDT_H
#define IOMMU_PDT_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "fault_cause.h"

/* LEVELS for pdtp.MODE PD8/PD17/PD20 (0 for Bare). */
unsigned pdt_levels(unsigned pdtp_mode);
/* PDI[i] of process_id: [7:0], [16:8], [19:17]. */
uint32_t pdt_pdi(uint32_t pid, unsigned i);
/* Locate step 2: the entry address at level i of the table at a (8-byte entries; 16-byte PCs at i = 0). */
uint64_t pdt_entry_addr(uint64_t a, uint32_t pid, unsigned i);
/* Locate steps 7 - 8 on a non-leaf entry. */
enum fault_cause pdt_pdte_check(uint64_t pdte);
/* Locate steps 11 - 12: PC.ta.V and the process-context configuration checks. */
enum fault_cause pdt_pc_check(const iommu_config_t *cfg, bool sxl, const uint64_t pc[2]);

#endif
