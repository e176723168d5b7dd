/* The first-stage mode rules of the IOTLB hit path in the timing layer (privileged spec "Sv32", "Sv39",
 * "Sv48", "Sv57", "Virtual Address Translation Process"): LEVELS and VAW of a mode, the canonical IOVA check, the
 * leaf permission check, the translated address (docs/microarch.md sections 3, 5.3 and 6). */
#ifndef IOMMU_S1_MODE_H
#define IOMMU_S1_MODE_H

#include <stdbool.h>
#include <stdint.h>

#include "fault_cause.h"
#include "request.h"

/* The leaf bits the permission checks need. */
typedef struct {
    bool r, w, x, u, a, d;
} s1_perm_t;

/* The page-table levels of an iosatp.MODE: 3, 4, 5 for Sv39, Sv48, Sv57; 0 for any other mode (Bare and
 * the modes docs/microarch.md does not implement). */
unsigned s1_mode_levels(unsigned iosatp_mode);
/* The same for a DC's tc.SXL (docs/microarch.md 5.8): with SXL = 1 mode 8 is Sv32 (2 levels), any other 0. */
unsigned s1_mode_levels_sxl(bool sxl, unsigned iosatp_mode);
/* The virtual-address width VAW of a mode with the given levels: 12 + 9 * LEVELS (39, 48, 57). */
unsigned s1_mode_vaw(unsigned levels);
/* Bits 63:VAW all equal to bit VAW-1, for a mode of the given levels (3..5). */
bool s1_iova_canonical(uint64_t iova, unsigned levels);
/* Steps 6, 8 and 9 applied to a leaf: the U bit against the request's privilege and sum (the process
 * context's ta.SUM, meaningful only with ta.ENS = 1: docs/microarch.md 5.3; false without a process
 * context), R/W/X against the access (no MXR), A and D without hardware update. Returns CAUSE_NONE or the
 * page-fault cause. */
enum fault_cause s1_leaf_permission_check(const s1_perm_t *perm, const iommu_request_t *req, bool sum);
/* Whether the only failing check of steps 6, 8 and 9 is A = 0 or D = 0 on a write: the case that hardware
 * A/D update (tc.SADE = 1, docs/microarch.md version 6) handles instead of a page fault. */
bool s1_leaf_needs_ad(const s1_perm_t *perm, const iommu_request_t *req, bool sum);

/* Step 10: the translated address of a leaf with the given PPN at the given level (0..4). */
uint64_t s1_leaf_pa(uint64_t leaf_ppn, unsigned level, uint64_t iova);

#endif
