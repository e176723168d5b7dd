/* IOTLB lookup, fill, FIFO replacement and invalidation (docs/microarch.md sections 6 and 6.2). */
#include "iotlb.h"

#include <string.h>

#include "spec_fields.h"

/* IOVA bits 56:12: the tag of every mode (docs/microarch.md section 6) */
static uint64_t iotlb_va_tag(uint64_t iova) { return (iova >> 12) & field_ones(45); }

void iotlb_reset(iotlb_t *t) { memset(t, 0, sizeof(*t)); }

bool iotlb_covers(const iotlb_entry_t *e, uint64_t iova)
{
    unsigned low = 9 * e->level; /* VPN fields below the leaf level are not compared */
    return (e->va >> low) == (iotlb_va_tag(iova) >> low);
}

int iotlb_lookup(const iotlb_t *t, uint32_t did, uint32_t pscid, uint64_t iova, unsigned levels)
{
    if (!s1_iova_canonical(iova, levels))
        return -1;
    for (int w = 0; w < IOTLB_WAYS; w++) {
        const iotlb_entry_t *e = &t->e[w];
        if (e->valid && e->did == (did & 0xffffffu) && e->pscid == (pscid & 0xfffffu) && iotlb_covers(e, iova))
            return w;
    }
    return -1;
}

s1_perm_t iotlb_perm(const iotlb_entry_t *e)
{
    s1_perm_t p = {.r = e->r, .w = e->w, .x = e->x, .u = e->u, .a = true, .d = e->d};
    return p;
}

uint64_t iotlb_pa(const iotlb_entry_t *e, uint64_t iova) { return s1_leaf_pa(e->ppn, e->level, iova); }

iotlb_entry_t iotlb_make_entry(uint32_t did, uint32_t pscid, bool g, uint64_t iova, unsigned level, uint64_t pte)
{
    iotlb_entry_t e = {
        .valid = true,
        .did = did & 0xffffffu,
        .pscid = pscid & 0xfffffu,
        .g = g,
        .va = iotlb_va_tag(iova),
        .level = level,
        .ppn = pte_PPN(pte),
        .r = pte_R(pte),
        .w = pte_W(pte),
        .x = pte_X(pte),
        .u = pte_U(pte),
        .d = pte_D(pte),
    };
    return e;
}

unsigned iotlb_fill(iotlb_t *t, const iotlb_entry_t *e, bool *evict)
{
    unsigned way = t->ptr;
    *evict = t->e[way].valid;
    t->e[way] = *e;
    t->ptr = (t->ptr + 1) % IOTLB_WAYS;
    return way;
}

unsigned iotlb_valid_mask(const iotlb_t *t)
{
    unsigned mask = 0;
    for (unsigned w = 0; w < IOTLB_WAYS; w++)
        if (t->e[w].valid)
            mask |= 1u << w;
    return mask;
}

unsigned iotlb_inval_mask(const iotlb_t *t, const iotlb_inval_t *cmd)
{
    if (cmd->gv)
        return 0; /* every entry is a host entry (iohgatp is Bare); GSCID names a VM address space */
    unsigned mask = 0;
    for (unsigned w = 0; w < IOTLB_WAYS; w++) {
        const iotlb_entry_t *e = &t->e[w];
        if (!e->valid)
            continue;
        /* with PSCV, global mappings are kept (spec: "except for entries containing global mappings") */
        if (cmd->pscv && (e->g || e->pscid != (cmd->pscid & 0xfffffu)))
            continue;
        /* ADDR[63:57] are not compared (docs/microarch.md 6.2) */
        if (cmd->av && !iotlb_covers(e, cmd->addr))
            continue;
        mask |= 1u << w;
    }
    return mask;
}

void iotlb_invalidate(iotlb_t *t, unsigned mask)
{
    for (unsigned w = 0; w < IOTLB_WAYS; w++)
        if (mask >> w & 1u)
            t->e[w].valid = false;
}
