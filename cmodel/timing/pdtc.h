/* The process-context cache of the timing layer (docs/microarch.md section 6.4, version 7): 4 fully
 * associative entries, each a (device_id, process_id) pair and the two doublewords of its process context
 * (ta, fsc) as read from the process directory, FIFO replacement. Invalidation by IODIR.INVAL_DDT (the
 * device's entries, or all) and IODIR.INVAL_PDT (one device_id and process_id) (spec "IOMMU directory
 * cache invalidation commands"), and on a ddtp change (docs/microarch.md section 4.5). Queries are pure,
 * so the timing layer can report an event in the cycle before the edge that applies it (Moore outputs). */
#ifndef IOMMU_PDTC_H
#define IOMMU_PDTC_H

#include <stdbool.h>
#include <stdint.h>

enum { PDTC_WAYS = 4, PDTC_PC_DWORDS = 2 };

typedef struct {
    bool valid;
    uint32_t did;                   /* device_id, 24 bits */
    uint32_t pid;                   /* the effective process_id, 20 bits */
    uint64_t pc[PDTC_PC_DWORDS];    /* ta, fsc */
} pdtc_entry_t;

typedef struct {
    pdtc_entry_t e[PDTC_WAYS];
    unsigned ptr;                   /* FIFO replacement pointer */
} pdtc_t;

void pdtc_reset(pdtc_t *c);
/* The lowest valid way holding (did, pid), or -1. */
int pdtc_lookup(const pdtc_t *c, uint32_t did, uint32_t pid);
/* Overwrites the entry at the pointer and advances it; *evict tells whether a valid entry was replaced.
 * Returns the way filled. */
unsigned pdtc_fill(pdtc_t *c, uint32_t did, uint32_t pid, const uint64_t pc[PDTC_PC_DWORDS], bool *evict);
/* The valid ways IODIR.INVAL_DDT names: every valid way when dv is 0, else those holding did. */
unsigned pdtc_inval_ddt_mask(const pdtc_t *c, bool dv, uint32_t did);
/* The valid ways IODIR.INVAL_PDT names (DV = 1 is required for it to be legal): those holding (did, pid). */
unsigned pdtc_inval_pdt_mask(const pdtc_t *c, uint32_t did, uint32_t pid);
/* Clears the valid bit of the ways in mask (the pointer does not move). */
void pdtc_invalidate(pdtc_t *c, unsigned mask);

#endif
