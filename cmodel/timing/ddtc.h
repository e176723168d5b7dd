/* The device-context cache of the timing layer (docs/microarch.md section 6.3): 4 fully associative
 * entries, each a device_id and the DCW doublewords of its device context as read from the directory (4 in
 * the base format, 8 in the extended format of capabilities.MSI_FLAT; a base-format entry's last 4 are 0),
 * FIFO replacement. Invalidation by IODIR.INVAL_DDT (spec "IODIR.INVAL_DDT") and on a ddtp
 * change (docs/microarch.md section 4.5). Queries are pure, so the timing layer can report an event in the
 * cycle before the edge that applies it (Moore outputs). */
#ifndef IOMMU_DDTC_H
#define IOMMU_DDTC_H

#include <stdbool.h>
#include <stdint.h>

enum { DDTC_WAYS = 4, DDTC_DC_DWORDS = 8 };

typedef struct {
    bool valid;
    uint32_t did;                   /* device_id, 24 bits */
    uint64_t dc[DDTC_DC_DWORDS];    /* tc, iohgatp, ta, fsc (+ msiptp, msi_addr_mask, msi_addr_pattern, reserved) */
} ddtc_entry_t;

typedef struct {
    ddtc_entry_t e[DDTC_WAYS];
    unsigned ptr;                   /* FIFO replacement pointer */
} ddtc_t;

void ddtc_reset(ddtc_t *c);
/* The lowest valid way holding did, or -1. */
int ddtc_lookup(const ddtc_t *c, uint32_t did);
/* Overwrites the entry at the pointer and advances it; *evict tells whether a valid entry was replaced.
 * Returns the way filled. */
unsigned ddtc_fill(ddtc_t *c, uint32_t did, const uint64_t dc[DDTC_DC_DWORDS], bool *evict);
/* The valid ways IODIR.INVAL_DDT names: every valid way when dv is 0, else those holding did
 * (bit w = way w). */
unsigned ddtc_inval_mask(const ddtc_t *c, bool dv, uint32_t did);
/* Clears the valid bit of the ways in mask (the pointer does not move). */
void ddtc_invalidate(ddtc_t *c, unsigned mask);

#endif
