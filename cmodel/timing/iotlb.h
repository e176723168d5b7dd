/* The IOTLB of the timing layer (docs/microarch.md section 6): 8 fully associative entries caching
 * first-stage (Sv39, Sv48, Sv57, from version 10 Sv32) leaves that passed the permission checks, tagged with
 * device_id, the DC's ta.PSCID, the walk's global flag and IOVA bits 58:12, FIFO replacement; from version 8
 * (section 6.5) also the leaves of two-stage and G-only translations (gv, GSCID, s1, the G-stage leaf's
 * R/W/X/D); from version 10 (section 6.6) an entry holds its page size (NAPOT 64 KiB and Sv32 4 MiB pages
 * among them) and the translation's PBMT; invalidation by IOTINVAL.VMA and IOTINVAL.GVMA (sections 6.2 and
 * 6.2a, spec "IOMMU Page-Table cache invalidation commands", with the address ranges of the "Address Range
 * Invalidation Extension", section 6.6) and on a ddtp change (section 4.5). Queries are pure, so the timing layer can report an event in the cycle
 * before the edge that applies it (Moore outputs). */
#ifndef IOMMU_IOTLB_H
#define IOMMU_IOTLB_H

#include <stdbool.h>
#include <stdint.h>

#include "request.h"
#include "s1_mode.h"

enum { IOTLB_WAYS = 8 };

typedef struct {
    bool valid;
    uint32_t did;     /* device_id, 24 bits */
    uint32_t pscid;   /* the DC's ta.PSCID, 20 bits */
    bool g;           /* a G bit was set in a PTE of the walk that filled it (a global mapping) */
    uint64_t va;      /* IOVA bits 58:12, 47 bits (a Bare first stage's IOVA is a GPA of up to 59 bits) */
    unsigned page_bits; /* log2 of the page size, the smaller of the two stages' leaf sizes (section 6.6): 12
                           (4 KiB), 16 (64 KiB NAPOT), 21, 22 (Sv32/Sv32x4 4 MiB), 30, 39, 48 */
    uint64_t ppn;     /* the translated address' PPN, 44 bits */
    bool r, w, x, u, d; /* the first-stage leaf's (all 1 with s1 = 0) */
    bool gv;          /* the DC's iohgatp.MODE was not Bare (a VM address space) */
    uint16_t gscid;   /* its iohgatp.GSCID (0 with gv = 0) */
    bool s1;          /* the translation had a first stage (Sv39/48/57) */
    bool gr, gw, gx, gd; /* the G-stage leaf's R, W, X, D (all 1 with gv = 0) */
    uint8_t pbmt;     /* the response's PBMT for this translation (docs/microarch.md 5.8, 6.6) */
} iotlb_entry_t;

/* The tags a lookup compares besides device_id and the IOVA (section 6.5). */
typedef struct {
    uint32_t did;
    bool gv;
    uint16_t gscid;   /* compared when gv */
    bool s1;
    bool sv32;        /* with s1: the first stage is Sv32 (IOVA valid when bits 63:32 are 0, section 6.6) */
    uint32_t pscid;   /* compared when s1 */
} iotlb_ctx_t;

typedef struct {
    iotlb_entry_t e[IOTLB_WAYS];
    unsigned ptr;     /* FIFO replacement pointer */
} iotlb_t;

/* The operands of an IOTINVAL.VMA (spec "IOMMU Page-Table cache invalidation commands"). */
/* The operands of an IOTINVAL.VMA or IOTINVAL.GVMA (spec "IOMMU Page-Table cache invalidation commands"). */
typedef struct {
    bool gvma;        /* IOTINVAL.GVMA (func3 1); else IOTINVAL.VMA */
    bool gv, av, pscv;
    uint32_t pscid;
    uint16_t gscid;
    uint64_t addr;    /* the IOVA: ADDR[63:12] << 12 */
    bool s;           /* S = 1 (capabilities.S): addr encodes a NAPOT range (section 6.6) */
} iotlb_inval_t;

void iotlb_reset(iotlb_t *t);
/* Returns the lowest hitting way, or -1; levels (3..5) is that of the cached DC's mode (Sv39/48/57), whose
 * canonical check the IOVA must pass. */
int iotlb_lookup(const iotlb_t *t, uint32_t did, uint32_t pscid, uint64_t iova, unsigned levels);
/* The same for any context of sections 6.5 and 6.6: levels (3..5) is the first stage's with c->s1 (ignored
 * with c->sv32), whose canonical check the IOVA must pass; 0 with s1 = 0 (context (c), whose IOVA the caller
 * checked against GAW). */
int iotlb_lookup_ctx(const iotlb_t *t, const iotlb_ctx_t *c, uint64_t iova, unsigned levels);
/* Whether an entry grants the G-stage permission an access needs (read: gR; write: gW and gD; execute: gX);
 * a hit without it is invalidated and walked (section 6.5). */
bool iotlb_g_allows(const iotlb_entry_t *e, enum access_type acc);
/* The leaf permissions cached in an entry (A = 1 by construction). */
s1_perm_t iotlb_perm(const iotlb_entry_t *e);
/* The translated address of an IOVA through an entry. */
uint64_t iotlb_pa(const iotlb_entry_t *e, uint64_t iova);
/* Builds the entry for an 8-byte (Sv39/48/57) leaf PTE at a level (a host address space: gv = 0, s1 = 1): a
 * NAPOT leaf (N = 1) maps 64 KiB; PBMT the leaf's. */
iotlb_entry_t iotlb_make_entry(uint32_t did, uint32_t pscid, bool g, uint64_t iova, unsigned level, uint64_t pte);

/* What a fill takes from a finished translation (sections 6, 6.5, 6.6). */
typedef struct {
    uint32_t did;
    bool gv;          /* over a second stage */
    uint16_t gscid;   /* with gv */
    bool s1;          /* a first-stage leaf */
    uint32_t pscid;   /* with s1: the first-stage context's */
    bool g;           /* with s1: the walk's G */
    uint64_t fs_pte;  /* with s1: the first-stage leaf as checked (after any A/D update), 4 or 8 bytes */
    unsigned fs_page_bits; /* with s1: log2 of its page size */
    uint64_t gpte;    /* with gv: the G-stage leaf */
    unsigned g_page_bits;  /* with gv: log2 of its page size */
    uint64_t iova, spa; /* the request's IOVA and its translated address */
    unsigned pbmt;    /* the response's PBMT */
} iotlb_fill_t;
/* The entry for a translation: the smaller page of the two stages (a Bare stage is larger). */
iotlb_entry_t iotlb_make_xlate_entry(const iotlb_fill_t *f);
/* Overwrites the entry at the pointer and advances it; *evict tells whether a valid entry was replaced.
 * Returns the way filled. */
unsigned iotlb_fill(iotlb_t *t, const iotlb_entry_t *e, bool *evict);
/* The valid ways (bit w = way w): what a ddtp change invalidates. */
unsigned iotlb_valid_mask(const iotlb_t *t);
/* Whether an entry holds an IOVA (lookup): IOVA bits 58:page_bits equal the entry's (sections 6.5, 6.6). */
bool iotlb_holds(const iotlb_entry_t *e, uint64_t iova);
/* Whether an entry covers an IOTINVAL.VMA ADDR: bits 56:page_bits equal the entry's (ADDR[63:57] are not
 * compared, section 6.2). */
bool iotlb_covers(const iotlb_entry_t *e, uint64_t iova);
/* Whether an entry's page overlaps the NAPOT range of an S = 1 ADDR (section 6.6): with X the lowest 0 bit of
 * ADDR[63:12], IOVA bits 58:max(page_bits, X + 13) equal ADDR's; an ADDR[63:12] of all ones covers all. */
bool iotlb_covers_range(const iotlb_entry_t *e, uint64_t addr);
/* The valid ways an IOTINVAL.VMA or IOTINVAL.GVMA invalidates (docs/microarch.md sections 6.2, 6.2a). */
unsigned iotlb_inval_mask(const iotlb_t *t, const iotlb_inval_t *cmd);
/* Clears the valid bit of the ways in mask (the pointer does not move). */
void iotlb_invalidate(iotlb_t *t, unsigned mask);

#endif
