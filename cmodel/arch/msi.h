/* MSI address translation rules (IOMMU spec "MSI address mask and pattern", "Process to translate
 * addresses of MSIs"; MSI PTE formats of the AIA as used there): recognition of a virtual interrupt file,
 * the interrupt-file number, the MSI PTE address and the decoding of the two PTE formats. */
#ifndef IOMMU_MSI_H
#define IOMMU_MSI_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "fault_cause.h"

/* (A >> 12) & ~mask == pattern & ~mask, for an extended DC with msiptp.MODE = Flat. */
bool msi_is_vif(const uint64_t *dc, uint64_t gpa);
/* The largest naturally aligned power-of-two range, at most size bytes and at least 4 KiB, around gpa (whose
 * own page is not a virtual interrupt file) that holds no page of a virtual interrupt file: the range an
 * ATS completion may claim (docs/decisions.md "ATS range and MSI pages"). */
uint64_t msi_free_range(const uint64_t *dc, uint64_t gpa, uint64_t size);
/* extract(x, y): the bits of x where y is 1, packed at the low end. */
uint64_t msi_extract(uint64_t x, uint64_t y);
/* msiptp.PPN * 4096 | I * 16 */
uint64_t msi_pte_addr(const uint64_t *dc, uint64_t gpa);

typedef struct {
    enum fault_cause cause; /* CAUSE_NONE on success */
    bool mrif;              /* MRIF mode (else write-through: pa) */
    uint64_t pa;
    uint64_t mrif_addr, notice_addr;
    uint32_t notice_data;
} msi_result_t;
/* Steps 9 - 15 on the two PTE doublewords, for an access of the given type (exec -> cause 1). */
msi_result_t msi_pte_decode(const iommu_config_t *cfg, const uint64_t pte[2], uint64_t gpa, bool exec);

#endif
