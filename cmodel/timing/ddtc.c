/* Device-context cache lookup, fill, FIFO replacement and invalidation (docs/microarch.md section 6.3). */
#include "ddtc.h"

#include <string.h>

void ddtc_reset(ddtc_t *c) { memset(c, 0, sizeof(*c)); }

int ddtc_lookup(const ddtc_t *c, uint32_t did)
{
    for (int w = 0; w < DDTC_WAYS; w++)
        if (c->e[w].valid && c->e[w].did == (did & 0xffffffu))
            return w;
    return -1;
}

unsigned ddtc_fill(ddtc_t *c, uint32_t did, const uint64_t dc[DDTC_DC_DWORDS], bool *evict)
{
    unsigned way = c->ptr;
    ddtc_entry_t *e = &c->e[way];
    *evict = e->valid;
    e->valid = true;
    e->did = did & 0xffffffu;
    memcpy(e->dc, dc, sizeof(e->dc));
    c->ptr = (c->ptr + 1) % DDTC_WAYS;
    return way;
}

unsigned ddtc_inval_mask(const ddtc_t *c, bool dv, uint32_t did)
{
    unsigned mask = 0;
    for (unsigned w = 0; w < DDTC_WAYS; w++)
        if (c->e[w].valid && (!dv || c->e[w].did == (did & 0xffffffu)))
            mask |= 1u << w;
    return mask;
}

void ddtc_invalidate(ddtc_t *c, unsigned mask)
{
    for (unsigned w = 0; w < DDTC_WAYS; w++)
        if (mask >> w & 1u)
            c->e[w].valid = false;
}
