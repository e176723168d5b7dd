/* The Sv39 rules of the IOTLB hit path in the timing layer (privileged spec "Sv39", "Virtual Address
 * Translation Process"): IOVA canonical check, leaf permission check, translated address. */
#ifndef IOMMU_SV39_H
#define IOMMU_SV39_H

#include <stdbool.h>
#include <stdint.h>

#include "fault_cause.h"
#include "request.h"

/* The leaf bits the permission checks need. */
typedef struct {
    bool r, w, x, u, a, d;
} sv39_perm_t;

/* Bits 63:39 all equal to bit 38. */
bool sv39_iova_canonical(uint64_t iova);
/* Steps 6, 8 and 9 applied to a leaf: the U bit against the request's privilege (no SUM), R/W/X against
 * the access (no MXR), A and D without hardware update. Returns CAUSE_NONE or the page-fault cause. */
enum fault_cause sv39_leaf_permission_check(const sv39_perm_t *perm, const iommu_request_t *req);
/* Step 10: the translated address of a leaf with the given PPN at the given level. */
uint64_t sv39_leaf_pa(uint64_t leaf_ppn, unsigned level, uint64_t iova);

#endif
