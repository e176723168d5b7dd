/* IOTLB lookup, fill, FIFO replacement and invalidation (docs/microarch.md sections 6, 6.2, 6.2a, 6.5, 6.6). */
#include "iotlb.h"

#include <string.h>

#include "spec_fields.h"

/* IOVA bits 58:12: the tag of every context (docs/microarch.md section 6.5; a Bare first stage's IOVA is a
 * GPA of up to 59 bits, a first-stage IOVA's bits 58:57 are its sign extension) */
static uint64_t iotlb_va_tag(uint64_t iova) { return (iova >> 12) & field_ones(47); }

void iotlb_reset(iotlb_t *t) { memset(t, 0, sizeof(*t)); }

bool iotlb_holds(const iotlb_entry_t *e, uint64_t iova)
{
    unsigned low = e->page_bits - 12; /* the address bits inside the page are not compared */
    return (e->va >> low) == (iotlb_va_tag(iova) >> low);
}

bool iotlb_covers(const iotlb_entry_t *e, uint64_t iova)
{
    /* section 6.2: bits 56:page_bits (ADDR[63:57] not compared) */
    unsigned low = e->page_bits - 12;
    uint64_t m = field_ones(45);
    return ((e->va & m) >> low) == ((iotlb_va_tag(iova) & m) >> low);
}

bool iotlb_covers_range(const iotlb_entry_t *e, uint64_t addr)
{
    /* "Address Range Invalidation Extension": the first 0 bit of the ADDR operand (ADDR[63:12]) at position X
     * makes a range of 2^(X+1) * 4 KiB; the operand with no 0 bit is UNSPECIFIED, and docs/microarch.md 6.6
     * (docs/decisions.md) makes it the whole address space */
    uint64_t ones = ~(addr >> 12) & field_ones(52);
    if (ones == 0)
        return true;
    unsigned range_bits = (unsigned)__builtin_ctzll(ones) + 13;
    unsigned low = range_bits > e->page_bits ? range_bits : e->page_bits;
    if (low >= 59) /* the range holds every IOVA of bits 58:12 */
        return true;
    return (e->va >> (low - 12)) == (iotlb_va_tag(addr) >> (low - 12));
}

int iotlb_lookup_ctx(const iotlb_t *t, const iotlb_ctx_t *c, uint64_t iova, unsigned levels)
{
    if (c->s1 && (c->sv32 ? (iova >> 32) != 0 : !s1_iova_canonical(iova, levels)))
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

uint64_t iotlb_pa(const iotlb_entry_t *e, uint64_t iova)
{
    uint64_t low = field_ones(e->page_bits); /* page offset (and the VPN / NAPOT bits inside the page) */
    return ((e->ppn << 12) & ~low) | (iova & low);
}

iotlb_entry_t iotlb_make_entry(uint32_t did, uint32_t pscid, bool g, uint64_t iova, unsigned level, uint64_t pte)
{
    iotlb_entry_t e = {
        .valid = true,
        .did = did & 0xffffffu,
        .pscid = pscid & 0xfffffu,
        .g = g,
        .va = iotlb_va_tag(iova),
        .page_bits = pte_N(pte) ? 16 : 12 + 9 * level, /* Svnapot: an N = 1 leaf (level 0) maps 64 KiB */
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
        .pbmt = (uint8_t)pte_PBMT(pte),
    };
    return e;
}

iotlb_entry_t iotlb_make_xlate_entry(const iotlb_fill_t *f)
{
    /* the smaller page of the two stages: the IOVA block of that size maps linearly (a Bare stage is larger;
     * R/W/X/U/D sit at the same bits in 4- and 8-byte PTEs) */
    unsigned bits = 64;
    if (f->s1)
        bits = f->fs_page_bits;
    if (f->gv && f->g_page_bits < bits)
        bits = f->g_page_bits;
    iotlb_entry_t e = {
        .valid = true,
        .did = f->did & 0xffffffu,
        .pscid = f->s1 ? f->pscid & 0xfffffu : 0,
        .g = f->s1 && f->g,
        .va = iotlb_va_tag(f->iova),
        .page_bits = bits,
        .ppn = (f->spa >> 12) & field_ones(44),
        .r = !f->s1 || pte_R(f->fs_pte),
        .w = !f->s1 || pte_W(f->fs_pte),
        .x = !f->s1 || pte_X(f->fs_pte),
        .u = !f->s1 || pte_U(f->fs_pte),
        .d = !f->s1 || pte_D(f->fs_pte),
        .gv = f->gv,
        .gscid = f->gv ? f->gscid : 0,
        .s1 = f->s1,
        .gr = !f->gv || pte_R(f->gpte),
        .gw = !f->gv || pte_W(f->gpte),
        .gx = !f->gv || pte_X(f->gpte),
        .gd = !f->gv || pte_D(f->gpte),
        .pbmt = (uint8_t)(f->pbmt & 3u),
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
        /* ADDR[63:57] are not compared (docs/microarch.md 6.2); S = 1: the NAPOT range of section 6.6 */
        if (cmd->av && !(cmd->s ? iotlb_covers_range(e, cmd->addr) : iotlb_covers(e, cmd->addr)))
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
