/* Process-context cache lookup, fill, FIFO replacement and invalidation (docs/microarch.md section 6.4). */
#include "pdtc.h"

#include <string.h>

void pdtc_reset(pdtc_t *c) { memset(c, 0, sizeof(*c)); }

int pdtc_lookup(const pdtc_t *c, uint32_t did, uint32_t pid)
{
    for (int w = 0; w < PDTC_WAYS; w++)
        if (c->e[w].valid && c->e[w].did == (did & 0xffffffu) && c->e[w].pid == (pid & 0xfffffu))
            return w;
    return -1;
}

unsigned pdtc_fill(pdtc_t *c, uint32_t did, uint32_t pid, const uint64_t pc[PDTC_PC_DWORDS], bool *evict)
{
    unsigned way = c->ptr;
    pdtc_entry_t *e = &c->e[way];
    *evict = e->valid;
    e->valid = true;
    e->did = did & 0xffffffu;
    e->pid = pid & 0xfffffu;
    memcpy(e->pc, pc, sizeof(e->pc));
    c->ptr = (c->ptr + 1) % PDTC_WAYS;
    return way;
}

unsigned pdtc_inval_ddt_mask(const pdtc_t *c, bool dv, uint32_t did)
{
    unsigned mask = 0;
    for (unsigned w = 0; w < PDTC_WAYS; w++)
        if (c->e[w].valid && (!dv || c->e[w].did == (did & 0xffffffu)))
            mask |= 1u << w;
    return mask;
}

unsigned pdtc_inval_pdt_mask(const pdtc_t *c, uint32_t did, uint32_t pid)
{
    unsigned mask = 0;
    for (unsigned w = 0; w < PDTC_WAYS; w++)
        if (c->e[w].valid && c->e[w].did == (did & 0xffffffu) && c->e[w].pid == (pid & 0xfffffu))
            mask |= 1u << w;
    return mask;
}

void pdtc_invalidate(pdtc_t *c, unsigned mask)
{
    for (unsigned w = 0; w < PDTC_WAYS; w++)
        if (mask >> w & 1u)
            c->e[w].valid = false;
}
