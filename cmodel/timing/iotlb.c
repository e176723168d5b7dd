/* IOTLB lookup, fill and FIFO replacement (docs/microarch.md section 6). */
#include "iotlb.h"

#include <string.h>

#include "spec_fields.h"

void iotlb_reset(iotlb_t *t) { memset(t, 0, sizeof(*t)); }

int iotlb_lookup(const iotlb_t *t, uint32_t did, uint64_t iova)
{
    if (!sv39_iova_canonical(iova))
        return -1;
    uint32_t vpn = (uint32_t)va_VPN(iova);
    for (int w = 0; w < IOTLB_WAYS; w++) {
        const iotlb_entry_t *e = &t->e[w];
        if (!e->valid || e->did != did)
            continue;
        unsigned low = 9 * e->level; /* VPN fields below the leaf level are not compared */
        if ((e->vpn >> low) == (vpn >> low))
            return w;
    }
    return -1;
}

sv39_perm_t iotlb_perm(const iotlb_entry_t *e)
{
    sv39_perm_t p = {.r = e->r, .w = e->w, .x = e->x, .u = e->u, .a = true, .d = e->d};
    return p;
}

uint64_t iotlb_pa(const iotlb_entry_t *e, uint64_t iova) { return sv39_leaf_pa(e->ppn, e->level, iova); }

iotlb_entry_t iotlb_make_entry(uint32_t did, uint64_t iova, unsigned level, uint64_t pte, bool dtf)
{
    iotlb_entry_t e = {
        .valid = true,
        .did = did & 0xffffff,
        .vpn = (uint32_t)va_VPN(iova),
        .level = level,
        .ppn = pte_PPN(pte),
        .r = pte_R(pte),
        .w = pte_W(pte),
        .x = pte_X(pte),
        .u = pte_U(pte),
        .d = pte_D(pte),
        .dtf = dtf,
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
