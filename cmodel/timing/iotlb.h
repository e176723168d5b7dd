/* The IOTLB of the timing layer (docs/microarch.md section 6): 8 fully associative entries caching
 * first-stage (Sv39, Sv48, Sv57) leaves that passed the permission checks, tagged with device_id, the DC's
 * ta.PSCID, the walk's global flag and IOVA bits 56:12, FIFO replacement; invalidation by IOTINVAL.VMA
 * (section 6.2, spec table "IOTINVAL.VMA operands and operations") and on a ddtp change (section 4.5). Queries are pure, so the timing layer can report an
 * event in the cycle before the edge that applies it (Moore outputs). */
#ifndef IOMMU_IOTLB_H
#define IOMMU_IOTLB_H

#include <stdbool.h>
#include <stdint.h>

#include "s1_mode.h"

enum { IOTLB_WAYS = 8 };

typedef struct {
    bool valid;
    uint32_t did;     /* device_id, 24 bits */
    uint32_t pscid;   /* the DC's ta.PSCID, 20 bits */
    bool g;           /* a G bit was set in a PTE of the walk that filled it (a global mapping) */
    uint64_t va;      /* IOVA bits 56:12, 45 bits (VPN[4:0] of Sv57; a shorter mode's sign extension) */
    unsigned level;   /* 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512 GiB, 4 = 256 TiB */
    uint64_t ppn;     /* leaf PPN, 44 bits */
    bool r, w, x, u, d;
} iotlb_entry_t;

typedef struct {
    iotlb_entry_t e[IOTLB_WAYS];
    unsigned ptr;     /* FIFO replacement pointer */
} iotlb_t;

/* The operands of an IOTINVAL.VMA (spec "IOMMU Page-Table cache invalidation commands"). */
typedef struct {
    bool gv, av, pscv;
    uint32_t pscid;
    uint64_t addr;    /* the IOVA: ADDR[63:12] << 12 */
} iotlb_inval_t;

void iotlb_reset(iotlb_t *t);
/* Returns the lowest hitting way, or -1; levels (3..5) is that of the cached DC's mode, whose canonical
 * check the IOVA must pass. */
int iotlb_lookup(const iotlb_t *t, uint32_t did, uint32_t pscid, uint64_t iova, unsigned levels);
/* The leaf permissions cached in an entry (A = 1 by construction). */
s1_perm_t iotlb_perm(const iotlb_entry_t *e);
/* The translated address of an IOVA through an entry. */
uint64_t iotlb_pa(const iotlb_entry_t *e, uint64_t iova);
/* Builds the entry for a leaf PTE at a level. */
iotlb_entry_t iotlb_make_entry(uint32_t did, uint32_t pscid, bool g, uint64_t iova, unsigned level, uint64_t pte);
/* Overwrites the entry at the pointer and advances it; *evict tells whether a valid entry was replaced.
 * Returns the way filled. */
unsigned iotlb_fill(iotlb_t *t, const iotlb_entry_t *e, bool *evict);
/* The valid ways (bit w = way w): what a ddtp change invalidates. */
unsigned iotlb_valid_mask(const iotlb_t *t);
/* Whether an entry covers an IOVA: IOVA bits 56:12 + 9 * level equal the entry's (bits 63:57 are not
 * compared). */
bool iotlb_covers(const iotlb_entry_t *e, uint64_t iova);
/* The valid ways an IOTINVAL.VMA invalidates (docs/microarch.md section 6.2). */
unsigned iotlb_inval_mask(const iotlb_t *t, const iotlb_inval_t *cmd);
/* Clears the valid bit of the ways in mask (the pointer does not move). */
void iotlb_invalidate(iotlb_t *t, unsigned mask);

#endif
