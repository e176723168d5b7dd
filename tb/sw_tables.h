/* The "software" side of the golden model's random self-check (tb/model_random.c): what a driver or
 * hypervisor wrote into memory, kept as its own record (a shadow of every doubleword it stored), a
 * physical-page allocator, and the page-table writer that builds first-stage and second-stage tables
 * (privileged spec Sv32/Sv39/Sv48/Sv57 and the x4 variants). Every store goes to the model's sparse
 * memory and to the shadow; the independent oracle (tb/spec_oracle.h) reads only the shadow. */
#ifndef TB_SW_TABLES_H
#define TB_SW_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory.h"
#include "pte_bits.h"
#include "rng.h"


/* One paging scheme: Sv32 (PTE 4 bytes, 2 levels of 10 bits) or Sv39/48/57 (8 bytes, 3/4/5 levels of
 * 9 bits); the x4 variants widen the root index by 2 bits (root table 16 KiB). */
typedef struct {
    const char *name;
    unsigned levels, vpn_bits, pte_size;
    bool x4;
    unsigned va_bits; /* width of the translated address: 32/39/48/57, +2 for x4 */
    unsigned ppn_bits; /* width of the PTE's PPN field: 22 (Sv32) or 44 */
} pt_geom_t;

/* satp-style MODE encodings (IOMMU spec iosatp/iohgatp tables): 8 -> Sv32 or Sv39 (by SXL/GXL), 9 ->
 * Sv48, 10 -> Sv57. Returns NULL for Bare or an encoding that names no scheme. */
const pt_geom_t *pt_geom_for_mode(unsigned mode, bool xl32, bool x4);
/* Index width of level i (the root of an x4 scheme has 2 more bits). */
unsigned pt_index_bits(const pt_geom_t *g, unsigned i);
/* Bytes mapped by a leaf at level i. */
static inline uint64_t pt_level_size(const pt_geom_t *g, unsigned i) { return 1ull << (12 + i * g->vpn_bits); }

/* The shadow: every doubleword software stored, by 8-byte-aligned address (unwritten reads 0). */
typedef struct {
    uint64_t *keys, *vals; /* key 0 = empty slot; keys hold addr | 1 */
    size_t cap, count;
} sw_shadow_t;

void shadow_init(sw_shadow_t *s);
void shadow_free(sw_shadow_t *s);
uint64_t shadow_get(const sw_shadow_t *s, uint64_t addr);
void shadow_put(sw_shadow_t *s, uint64_t addr, uint64_t val);
/* A PTE-sized read of the shadow (4 or 8 bytes, naturally aligned). */
uint64_t shadow_get_sized(const sw_shadow_t *s, uint64_t addr, unsigned size);

/* Software: the memory it writes, its record, its allocator and its random source. */
typedef struct {
    sim_memory_t *mem;
    sw_shadow_t shadow;
    rng_t *rng;
    uint64_t next_page; /* supervisor physical page allocator (bump, never freed) */
    uint64_t page_limit; /* allocations stay below this (2^34 when Sv32 tables must reach them) */
} sw_t;

void sw_init(sw_t *sw, sim_memory_t *mem, rng_t *rng);
void sw_free(sw_t *sw);
/* Allocates `pages` zeroed 4-KiB pages aligned to `align` bytes; returns the address. */
uint64_t sw_alloc(sw_t *sw, unsigned pages, uint64_t align);
/* A software store (4 or 8 bytes) to memory and to the record. */
void sw_store(sw_t *sw, uint64_t addr, uint64_t val, unsigned size);

/* Translates the address of a page-table page of a guest (a GPA) to where the hypervisor placed it. */
typedef uint64_t (*pt_locate_fn)(void *user, uint64_t table_addr);
/* Allocates a new zeroed page-table page (4 KiB) and returns its address in the table's address space. */
typedef uint64_t (*pt_alloc_fn)(void *user);

/* One page table as software sees it: its scheme, its root (an address in the table's own address
 * space) and, for guest tables, how software reaches and allocates its pages. */
typedef struct {
    const pt_geom_t *g;
    uint64_t root;
    pt_locate_fn locate; /* NULL: table addresses are physical */
    pt_alloc_fn alloc;   /* NULL: sw_alloc */
    void *user;
    sw_t *sw;
} pt_t;

/* Stores `pte` as the entry for `va` at `level`, creating (or replacing by) non-leaf pointer entries on
 * the way from the root. Returns the physical address of the entry written. */
uint64_t pt_map(pt_t *pt, uint64_t va, unsigned level, uint64_t pte);
/* The same, but only where nothing is mapped yet: returns 0 (and writes nothing) when the entry at `level`
 * is not empty or a valid leaf or broken entry lies on the way. */
uint64_t pt_map_fresh(pt_t *pt, uint64_t va, unsigned level, uint64_t pte);
/* Physical address of the entry for `va` at `level` if the path down to it exists (0 otherwise). */
uint64_t pt_entry_addr(pt_t *pt, uint64_t va, unsigned level);

#endif
