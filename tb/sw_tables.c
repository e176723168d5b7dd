/* The software record of the golden model's random self-check: shadow of software's stores, page
 * allocator and the page-table writer (see sw_tables.h). Written from the privileged spec's PTE format,
 * independently of the model's page walker. */
#include "sw_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const pt_geom_t GEOMS[] = {
    {"Sv32", 2, 10, 4, false, 32, 22}, {"Sv39", 3, 9, 8, false, 39, 44}, {"Sv48", 4, 9, 8, false, 48, 44},
    {"Sv57", 5, 9, 8, false, 57, 44},  {"Sv32x4", 2, 10, 4, true, 34, 22}, {"Sv39x4", 3, 9, 8, true, 41, 44},
    {"Sv48x4", 4, 9, 8, true, 50, 44}, {"Sv57x4", 5, 9, 8, true, 59, 44},
};

const pt_geom_t *pt_geom_for_mode(unsigned mode, bool xl32, bool x4)
{
    const pt_geom_t *base = x4 ? &GEOMS[4] : &GEOMS[0];
    if (xl32) return mode == 8 ? &base[0] : NULL;
    if (mode >= 8 && mode <= 10) return &base[mode - 7];
    return NULL;
}

unsigned pt_index_bits(const pt_geom_t *g, unsigned i)
{
    return g->vpn_bits + ((g->x4 && i == g->levels - 1) ? 2u : 0u);
}

/* ---------------------------------------------------------------------------------------- shadow */

static size_t slot_of(const sw_shadow_t *s, uint64_t key)
{
    uint64_t h = key * 0x9e3779b97f4a7c15ull;
    size_t i = (size_t)(h >> 20) & (s->cap - 1);
    while (s->keys[i] && s->keys[i] != key) i = (i + 1) & (s->cap - 1);
    return i;
}

void shadow_init(sw_shadow_t *s)
{
    s->cap = 1024;
    s->count = 0;
    s->keys = calloc(s->cap, sizeof *s->keys);
    s->vals = calloc(s->cap, sizeof *s->vals);
    if (!s->keys || !s->vals) { fprintf(stderr, "out of memory\n"); exit(1); }
}

void shadow_free(sw_shadow_t *s)
{
    free(s->keys);
    free(s->vals);
    memset(s, 0, sizeof *s);
}

uint64_t shadow_get(const sw_shadow_t *s, uint64_t addr)
{
    size_t i = slot_of(s, (addr & ~7ull) | 1);
    return s->keys[i] ? s->vals[i] : 0;
}

void shadow_put(sw_shadow_t *s, uint64_t addr, uint64_t val)
{
    if (2 * (s->count + 1) > s->cap) {
        sw_shadow_t n = {0};
        n.cap = s->cap * 2;
        n.keys = calloc(n.cap, sizeof *n.keys);
        n.vals = calloc(n.cap, sizeof *n.vals);
        if (!n.keys || !n.vals) { fprintf(stderr, "out of memory\n"); exit(1); }
        for (size_t i = 0; i < s->cap; i++)
            if (s->keys[i]) {
                size_t j = slot_of(&n, s->keys[i]);
                n.keys[j] = s->keys[i];
                n.vals[j] = s->vals[i];
                n.count++;
            }
        free(s->keys);
        free(s->vals);
        *s = n;
    }
    uint64_t key = (addr & ~7ull) | 1;
    size_t i = slot_of(s, key);
    if (!s->keys[i]) { s->keys[i] = key; s->count++; }
    s->vals[i] = val;
}

uint64_t shadow_get_sized(const sw_shadow_t *s, uint64_t addr, unsigned size)
{
    uint64_t w = shadow_get(s, addr);
    if (size == 8) return w;
    return (w >> ((addr & 4) * 8)) & 0xffffffffull;
}

/* ---------------------------------------------------------------------------------------- software */

void sw_init(sw_t *sw, sim_memory_t *mem, rng_t *rng)
{
    sw->mem = mem;
    sw->rng = rng;
    shadow_init(&sw->shadow);
    sw->next_page = 0x10000000ull;
    sw->page_limit = 1ull << 34;
}

void sw_free(sw_t *sw) { shadow_free(&sw->shadow); }

uint64_t sw_alloc(sw_t *sw, unsigned pages, uint64_t align)
{
    uint64_t a = (sw->next_page + align - 1) & ~(align - 1);
    sw->next_page = a + (uint64_t)pages * 4096;
    if (sw->next_page > sw->page_limit) { fprintf(stderr, "software ran out of physical pages\n"); exit(1); }
    return a; /* never written yet: reads 0 in memory and in the record */
}

void sw_store(sw_t *sw, uint64_t addr, uint64_t val, unsigned size)
{
    uint64_t w = shadow_get(&sw->shadow, addr);
    if (size == 8) {
        w = val;
    } else {
        unsigned sh = (unsigned)(addr & 4) * 8;
        w = (w & ~(0xffffffffull << sh)) | ((val & 0xffffffffull) << sh);
    }
    shadow_put(&sw->shadow, addr, w);
    sim_memory_poke(sw->mem, addr & ~7ull, w, 0xff);
}

/* ---------------------------------------------------------------------------------------- writer */

static uint64_t table_phys(pt_t *pt, uint64_t table_addr)
{
    return pt->locate ? pt->locate(pt->user, table_addr) : table_addr;
}

static uint64_t new_table(pt_t *pt)
{
    return pt->alloc ? pt->alloc(pt->user) : sw_alloc(pt->sw, 1, 4096);
}

static uint64_t entry_index(const pt_geom_t *g, uint64_t va, unsigned i)
{
    unsigned shift = 12 + i * g->vpn_bits;
    return (va >> shift) & ((1ull << pt_index_bits(g, i)) - 1);
}

/* A valid pointer entry as the writer made it: V = 1, R = W = X = 0 and nothing reserved. */
static bool is_clean_pointer(const pt_geom_t *g, uint64_t pte)
{
    if ((pte & 0xff) != PTE_V) return false;
    return g->pte_size == 4 || (pte >> 54) == 0;
}

/* create: make missing pointer entries (replacing whatever is there); fresh: fail (return 0) instead of
 * replacing a valid entry, and when the entry at `level` is not empty. */
static uint64_t walk_to(pt_t *pt, uint64_t va, unsigned level, bool create, bool fresh)
{
    const pt_geom_t *g = pt->g;
    uint64_t table = pt->root;
    for (unsigned i = g->levels - 1;; i--) {
        uint64_t tp = table_phys(pt, table);
        if (!tp) return 0;
        uint64_t addr = tp + entry_index(g, va, i) * g->pte_size;
        uint64_t pte = shadow_get_sized(&pt->sw->shadow, addr, g->pte_size);
        if (i == level) return (fresh && pte) ? 0 : addr;
        if (is_clean_pointer(g, pte)) {
            uint64_t next = ((pte >> PTE_PPN_SHIFT) & ((1ull << g->ppn_bits) - 1)) << 12;
            if (table_phys(pt, next)) { table = next; continue; }
        }
        if (!create || (fresh && (pte & PTE_V))) return 0;
        uint64_t next = new_table(pt);
        sw_store(pt->sw, addr, ((next >> 12) << PTE_PPN_SHIFT) | PTE_V, g->pte_size);
        table = next;
    }
}

uint64_t pt_map(pt_t *pt, uint64_t va, unsigned level, uint64_t pte)
{
    uint64_t addr = walk_to(pt, va, level, true, false);
    if (!addr) return 0;
    sw_store(pt->sw, addr, pte, pt->g->pte_size);
    return addr;
}

uint64_t pt_map_fresh(pt_t *pt, uint64_t va, unsigned level, uint64_t pte)
{
    uint64_t addr = walk_to(pt, va, level, true, true);
    if (!addr) return 0;
    sw_store(pt->sw, addr, pte, pt->g->pte_size);
    return addr;
}

uint64_t pt_entry_addr(pt_t *pt, uint64_t va, unsigned level) { return walk_to(pt, va, level, false, false); }
