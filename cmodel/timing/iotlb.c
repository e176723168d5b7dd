/* IOTLB lookup, fill, FIFO replacement and invalidation (docs/microarch.md sections 6, 6.2, 6.2a, 6.5). */
#include "iotlb.h"

#include <string.h>

#include "spec_fields.h"

/* IOVA bits 58:12: the tag of every context (docs/microarch.md section 6.5; a Bare first stage's IOVA is a
 * GPA of up to 59 bits, a first-stage IOVA's bits 58:57 are its sign extension) */
static uint64_t iotlb_va_tag(uint64_t iova) { return (iova >> 12) & field_ones(47); }

void iotlb_reset(iotlb_t *t) { memset(t, 0, sizeof(*t)); }

bool iotlb_holds(const iotlb_entry_t *e, uint64_t iova)
{
    unsigned low = 9 * e->level; /* VPN fields below the leaf level are not compared */
    return (e->va >> low) == (iotlb_va_tag(iova) >> low);
}

bool iotlb_covers(const iotlb_entry_t *e, uint64_t iova)
{
    /* section 6.2: bits 56:12 + 9 * level (ADDR[63:57] not compared) */
    unsigned low = 9 * e->level;
    uint64_t m = field_ones(45);
    return ((e->va & m) >> low) == ((iotlb_va_tag(iova) & m) >> low);
}

int iotlb_lookup_ctx(const iotlb_t *t, const iotlb_ctx_t *c, uint64_t iova, unsigned levels)
{
    if (c->s1 && !s1_iova_canonical(iova, levels))
        return -1;
    for (int w = 0; w < IOTLB_WAYS; w++) {
        const iotlb_entry_t *e = &t->e[w];
        if (!e->valid || e->did != (c->did & 0xffffffu) || e->gv != c->gv || e->s1 != c->s1)
            continue;
        if (c->gv && e->gscid != c->gscid)
            continue;
        if (c->s1 && e->pscid != (c->pscid & 0xfffffu))
            continue;
        if (iotlb_holds(e, iova))
            return w;
    }
    return -1;
}

int iotlb_lookup(const iotlb_t *t, uint32_t did, uint32_t pscid, uint64_t iova, unsigned levels)
{
    iotlb_ctx_t c = {.did = did, .gv = false, .gscid = 0, .s1 = true, .pscid = pscid};
    return iotlb_lookup_ctx(t, &c, iova, levels);
}

bool iotlb_g_allows(const iotlb_entry_t *e, enum access_type acc)
{
    switch (acc) {
    case ACCESS_EXEC: return e->gx;
    case ACCESS_WRITE: return e->gw && e->gd;
    default: return e->gr;
    }
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
        .gv = false,
        .gscid = 0,
        .s1 = true,
        .gr = true, .gw = true, .gx = true, .gd = true,
    };
    return e;
}

iotlb_entry_t iotlb_make_g_entry(uint32_t did, uint16_t gscid, bool s1, uint32_t pscid, bool g, uint64_t fs_pte,
                                 unsigned fs_level, uint64_t gpte, unsigned g_level, uint64_t iova, uint64_t spa)
{
    /* the smaller page of the two stages: the IOVA block of that size maps linearly (a Bare stage is larger) */
    unsigned level = s1 && fs_level < g_level ? fs_level : g_level;
    iotlb_entry_t e = {
        .valid = true,
        .did = did & 0xffffffu,
        .pscid = s1 ? pscid & 0xfffffu : 0,
        .g = s1 && g,
        .va = iotlb_va_tag(iova),
        .level = level,
        .ppn = (spa >> 12) & field_ones(44),
        .r = !s1 || pte_R(fs_pte),
        .w = !s1 || pte_W(fs_pte),
        .x = !s1 || pte_X(fs_pte),
        .u = !s1 || pte_U(fs_pte),
        .d = !s1 || pte_D(fs_pte),
        .gv = true,
        .gscid = gscid,
        .s1 = s1,
        .gr = pte_R(gpte),
        .gw = pte_W(gpte),
        .gx = pte_X(gpte),
        .gd = pte_D(gpte),
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
    unsigned mask = 0;
    for (unsigned w = 0; w < IOTLB_WAYS; w++) {
        const iotlb_entry_t *e = &t->e[w];
        if (!e->valid)
            continue;
        if (cmd->gvma) {
            /* section 6.2a: the entries hold no GPA, so AV does not narrow it (the spec's note allows
             * invalidating every entry of the GSCID) */
            if (e->gv && (!cmd->gv || e->gscid == cmd->gscid))
                mask |= 1u << w;
            continue;
        }
        /* IOTINVAL.VMA: GV = 0 names the host entries (gv = 0), GV = 1 the VM's (gv = 1, GSCID equal) */
        if (e->gv != cmd->gv || (cmd->gv && e->gscid != cmd->gscid))
            continue;
        /* AV or PSCV name first-stage translations: an entry without a first stage (s1 = 0) holds neither an
         * address of a first-stage space nor a PSCID (section 6.2a) */
        if ((cmd->av || cmd->pscv) && !e->s1)
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
