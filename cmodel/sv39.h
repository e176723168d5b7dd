/* Sv39 single-stage translation rules (privileged spec "Sv39" and "Virtual Address Translation Process"):
 * IOVA canonical check, PTE address, PTE classification, misaligned superpages, the leaf permission
 * checks (shared by the page-table walk and the IOTLB hit path), and the translated address. */
#ifndef IOMMU_SV39_H
#define IOMMU_SV39_H

#include <stdbool.h>
#include <stdint.h>

#include "fault_cause.h"
#include "request.h"

enum { SV39_LEVELS = 3, SV39_PTESIZE = 8, SV39_PAGESIZE = 4096 };

enum sv39_pte_kind {
    SV39_PTE_INVALID, /* V = 0, a reserved encoding, or reserved bits set: page fault */
    SV39_PTE_POINTER, /* R = W = X = 0: next level */
    SV39_PTE_LEAF,
};

/* The leaf bits the permission checks need. */
typedef struct {
    bool r, w, x, u, a, d;
} sv39_perm_t;

/* Bits 63:39 all equal to bit 38. */
bool sv39_iova_canonical(uint64_t iova);
/* Address of the PTE at level i: a + VPN[i] * PTESIZE. */
uint64_t sv39_pte_addr(uint64_t a, uint64_t iova, unsigned i);
enum sv39_pte_kind sv39_pte_classify(uint64_t pte);
/* Step 5: a leaf at level i > 0 whose PPN[i-1:0] is not 0. */
bool sv39_leaf_misaligned(uint64_t pte, unsigned level);
sv39_perm_t sv39_perm_from_pte(uint64_t pte);
/* Steps 6, 8 and 9 applied to a leaf: the U bit against the request's privilege (no SUM), R/W/X against
 * the access (no MXR), A and D without hardware update. Returns CAUSE_NONE or the page-fault cause. */
enum fault_cause sv39_leaf_permission_check(const sv39_perm_t *perm, const iommu_request_t *req);
/* Step 10: the translated address of a leaf with the given PPN at the given level. */
uint64_t sv39_leaf_pa(uint64_t leaf_ppn, unsigned level, uint64_t iova);

enum fault_cause sv39_page_fault_cause(enum access_type acc);
enum fault_cause sv39_access_fault_cause(enum access_type acc);

#endif
