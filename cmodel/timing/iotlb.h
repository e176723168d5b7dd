/* The IOTLB of the timing layer (docs/microarch.md section 6): 8 fully associative entries caching Sv39
 * leaves that passed the permission checks, FIFO replacement. */
#ifndef IOMMU_IOTLB_H
#define IOMMU_IOTLB_H

#include <stdbool.h>
#include <stdint.h>

#include "sv39.h"

enum { IOTLB_WAYS = 8 };

typedef struct {
    bool valid;
    uint32_t did;     /* device_id, 24 bits */
    uint32_t vpn;     /* VPN[2:0] of the IOVA, 27 bits */
    unsigned level;   /* 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB */
    uint64_t ppn;     /* leaf PPN, 44 bits */
    bool r, w, x, u, d;
    bool dtf;         /* tc.DTF of the DC */
} iotlb_entry_t;

typedef struct {
    iotlb_entry_t e[IOTLB_WAYS];
    unsigned ptr;     /* FIFO replacement pointer */
} iotlb_t;

void iotlb_reset(iotlb_t *t);
/* Returns the lowest hitting way, or -1. */
int iotlb_lookup(const iotlb_t *t, uint32_t did, uint64_t iova);
/* The leaf permissions cached in an entry (A = 1 by construction). */
sv39_perm_t iotlb_perm(const iotlb_entry_t *e);
/* The translated address of an IOVA through an entry. */
uint64_t iotlb_pa(const iotlb_entry_t *e, uint64_t iova);
/* Builds the entry for a leaf PTE at a level. */
iotlb_entry_t iotlb_make_entry(uint32_t did, uint64_t iova, unsigned level, uint64_t pte, bool dtf);
/* Overwrites the entry at the pointer and advances it; *evict tells whether a valid entry was replaced.
 * Returns the way filled. */
unsigned iotlb_fill(iotlb_t *t, const iotlb_entry_t *e, bool *evict);

#endif
