/* Sparse simulated memory: an open-addressing hash table of 4 KiB pages, each with its 512 words and
 * a per-word error mark. Pages are created on first write or mark; reads of absent pages return 0. Each
 * slot holds the page number beside the page pointer, so a lookup probes without touching the pages; the
 * memory counts its error marks, so that without any an access reads no mark, and reads remember their
 * pages in a small direct-mapped index (the memory's own index, not a cache of anything the IOMMU reads;
 * only pages that exist are entered, and pages never move or go away, so entries never go stale). A mark
 * that applies to writes only carries WRITES_ONLY beside its error. Stores armed for a compare-and-swap
 * (`mem ... cas`) wait in a short list: a test arms a few. */
#include "memory.h"

#include <stdlib.h>
#include <string.h>

#include "spec_enums.h"

#define PAGE_WORDS 512u
#define RECENT_PAGES 64u /* power of two */
#define WRITES_ONLY 0x80u /* in an error mark: reads of the granule succeed */

typedef struct {
    uint64_t addr, data;
} armed_store_t;

typedef struct {
    uint64_t page_number;
    uint64_t words[PAGE_WORDS];
    uint8_t errors[PAGE_WORDS];
} mem_page_t;

typedef struct {
    uint64_t page_number;
    mem_page_t *page; /* NULL = empty */
} mem_slot_t;
/* recent_slot finds a slot from an address with one shift and one mask, which needs 16-byte slots */
_Static_assert(sizeof(mem_slot_t) == 16, "recent-page slots are 16 bytes (a 64-bit host)");

struct sim_memory {
    mem_slot_t *slots; /* open addressing, linear probing */
    size_t slot_count; /* power of two */
    size_t page_count;
    size_t error_marks; /* non-zero error marks in all pages */
    uint64_t reads;     /* doublewords read by sim_memory_read */
    /* pages of recent reads, direct-mapped by the low bits of the page number: a walk's tables (and a DC's
     * doublewords) are found without hashing; pages never move or go away, so entries never go stale */
    mem_slot_t recent[RECENT_PAGES];
    armed_store_t *armed; /* in the order armed */
    size_t armed_count, armed_cap;
    uint64_t fired;
};

static size_t slot_of(uint64_t page_number, size_t slot_count)
{
    uint64_t h = page_number * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 32) & (slot_count - 1);
}

static mem_page_t *find_page(const sim_memory_t *mem, uint64_t page_number)
{
    size_t mask = mem->slot_count - 1;
    for (size_t i = slot_of(page_number, mem->slot_count);; i = (i + 1) & mask) {
        const mem_slot_t *s = &mem->slots[i];
        if (s->page_number == page_number || s->page == NULL) return s->page;
    }
}

static void insert_slot(mem_slot_t *slots, size_t slot_count, mem_page_t *page)
{
    size_t i = slot_of(page->page_number, slot_count);
    while (slots[i].page != NULL) i = (i + 1) & (slot_count - 1);
    slots[i] = (mem_slot_t){page->page_number, page};
}

static mem_page_t *get_page(sim_memory_t *mem, uint64_t page_number)
{
    mem_page_t *p = find_page(mem, page_number);
    if (p != NULL) return p;
    if ((mem->page_count + 1) * 2 > mem->slot_count) {
        size_t new_count = mem->slot_count * 2;
        mem_slot_t *new_slots = calloc(new_count, sizeof *new_slots);
        if (new_slots == NULL) abort();
        for (size_t i = 0; i < mem->slot_count; i++)
            if (mem->slots[i].page != NULL) insert_slot(new_slots, new_count, mem->slots[i].page);
        free(mem->slots);
        mem->slots = new_slots;
        mem->slot_count = new_count;
    }
    p = calloc(1, sizeof *p);
    if (p == NULL) abort();
    p->page_number = page_number;
    insert_slot(mem->slots, mem->slot_count, p);
    mem->page_count++;
    return p;
}

sim_memory_t *sim_memory_new(void)
{
    sim_memory_t *mem = calloc(1, sizeof *mem);
    if (mem == NULL) abort();
    mem->slot_count = 64;
    mem->slots = calloc(mem->slot_count, sizeof *mem->slots);
    if (mem->slots == NULL) abort();
    /* no page has this number (addresses are 64 bits): an empty recent entry never matches */
    for (size_t i = 0; i < RECENT_PAGES; i++) mem->recent[i].page_number = UINT64_MAX;
    return mem;
}

void sim_memory_free(sim_memory_t *mem)
{
    if (mem == NULL) return;
    for (size_t i = 0; i < mem->slot_count; i++) free(mem->slots[i].page);
    free(mem->slots);
    free(mem->armed);
    free(mem);
}

static unsigned word_index(uint64_t addr) { return (unsigned)((addr >> 3) & (PAGE_WORDS - 1)); }

int sim_memory_error(const sim_memory_t *mem, uint64_t addr)
{
    const mem_page_t *p = find_page(mem, addr >> 12);
    return p == NULL || (p->errors[word_index(addr)] & WRITES_ONLY) ? IOMMU_MEM_OK : p->errors[word_index(addr)];
}

static void set_mark(sim_memory_t *mem, uint64_t addr, unsigned mark)
{
    uint8_t *e = &get_page(mem, addr >> 12)->errors[word_index(addr)];
    mem->error_marks = mem->error_marks + (mark != 0) - (*e != 0);
    *e = (uint8_t)mark;
}

void sim_memory_set_error(sim_memory_t *mem, uint64_t addr, int err) { set_mark(mem, addr, (unsigned)err); }

void sim_memory_set_write_error(sim_memory_t *mem, uint64_t addr, int err)
{
    set_mark(mem, addr, err ? (unsigned)err | WRITES_ONLY : 0u);
}

/* The error a read of word i of page p gets (p may be NULL: no page, no mark). */
static int page_error(const sim_memory_t *mem, const mem_page_t *p, unsigned i)
{
    return mem->error_marks == 0 || p == NULL || (p->errors[i] & WRITES_ONLY) ? IOMMU_MEM_OK : p->errors[i];
}

/* The error a write or compare-and-swap of word i of page p gets: any mark. */
static int page_write_error(const sim_memory_t *mem, const mem_page_t *p, unsigned i)
{
    return mem->error_marks == 0 || p == NULL ? IOMMU_MEM_OK : (int)(p->errors[i] & ~WRITES_ONLY);
}

int sim_memory_write_error(const sim_memory_t *mem, uint64_t addr)
{
    return page_write_error(mem, find_page(mem, addr >> 12), word_index(addr));
}

uint64_t sim_memory_peek(const sim_memory_t *mem, uint64_t addr)
{
    const mem_page_t *p = find_page(mem, addr >> 12);
    return p == NULL ? 0 : p->words[word_index(addr)];
}

static uint64_t byte_mask(uint8_t byte_enables)
{
    uint64_t m = 0;
    for (unsigned b = 0; b < 8; b++)
        if (byte_enables & (1u << b)) m |= 0xffull << (8 * b);
    return m;
}

void sim_memory_poke(sim_memory_t *mem, uint64_t addr, uint64_t data, uint8_t byte_enables)
{
    uint64_t *w = &get_page(mem, addr >> 12)->words[word_index(addr)];
    uint64_t m = byte_mask(byte_enables);
    *w = (*w & ~m) | (data & m);
}

/* The recent-page slot of addr's page, recent[page number % RECENT_PAGES], found from addr with one shift
 * and one mask (the slots are 16 bytes): this lookup is on the path from each PTE read to the next. */
static mem_slot_t *recent_slot(sim_memory_t *mem, uint64_t addr)
{
    return (mem_slot_t *)((char *)mem->recent + ((addr >> 8) & ((RECENT_PAGES - 1) << 4)));
}

/* The page of a read: the recent pages, else one probe sequence (NULL: never written, reads 0). */
static const mem_page_t *read_page(sim_memory_t *mem, uint64_t addr)
{
    uint64_t page_number = addr >> 12;
    mem_slot_t *r = recent_slot(mem, addr);
    if (r->page_number != page_number) {
        mem_page_t *p = find_page(mem, page_number);
        if (p == NULL) return NULL;
        *r = (mem_slot_t){page_number, p};
    }
    return r->page;
}

/* Every read the fast path below does not take: a page not among the recent ones, error marks in the
 * memory, or a block that crosses a page. Doubleword by doubleword. */
__attribute__((noinline)) static int read_slow(sim_memory_t *mem, uint64_t addr, unsigned dwords, uint64_t *data)
{
    const mem_page_t *p = NULL;
    for (unsigned k = 0; k < dwords; k++) {
        uint64_t a = addr + 8u * k;
        unsigned w = word_index(a);
        if (k == 0 || w == 0) p = read_page(mem, a);
        int err = page_error(mem, p, w);
        if (err) {
            for (; k < dwords; k++) data[k] = 0;
            return err;
        }
        data[k] = p == NULL ? 0 : p->words[w];
    }
    return IOMMU_MEM_OK;
}

/* The hot path of the functional runner (every table read of a walk): a block within a recent page of a
 * memory without error marks is copied straight from the page. */
int sim_memory_read(sim_memory_t *mem, uint64_t addr, unsigned dwords, uint64_t *data)
{
    const mem_slot_t *r = recent_slot(mem, addr);
    mem->reads += dwords;
    if (r->page_number != addr >> 12 || mem->error_marks != 0)
        return read_slow(mem, addr, dwords, data);
    const uint64_t *src = &r->page->words[word_index(addr)];
    if (dwords == 1) { /* a PTE or a directory entry */
        data[0] = src[0];
        return IOMMU_MEM_OK;
    }
    if (word_index(addr) + dwords > PAGE_WORDS)
        return read_slow(mem, addr, dwords, data);
    for (unsigned k = 0; k < dwords; k++) data[k] = src[k];
    return IOMMU_MEM_OK;
}

uint64_t sim_memory_reads(const sim_memory_t *mem) { return mem->reads; }

int sim_memory_write(sim_memory_t *mem, uint64_t addr, uint64_t data, uint8_t byte_enables)
{
    int err = page_write_error(mem, find_page(mem, addr >> 12), word_index(addr));
    if (!err) sim_memory_poke(mem, addr, data, byte_enables);
    return err;
}

void sim_memory_arm_store(sim_memory_t *mem, uint64_t addr, uint64_t data)
{
    if (mem->armed_count == mem->armed_cap) {
        size_t cap = mem->armed_cap ? 2 * mem->armed_cap : 8;
        armed_store_t *a = realloc(mem->armed, cap * sizeof *a);
        if (a == NULL) abort();
        mem->armed = a;
        mem->armed_cap = cap;
    }
    mem->armed[mem->armed_count++] = (armed_store_t){addr & ~7ull, data};
}

static size_t armed_index(const sim_memory_t *mem, uint64_t addr)
{
    for (size_t i = 0; i < mem->armed_count; i++)
        if (mem->armed[i].addr == (addr & ~7ull)) return i;
    return SIZE_MAX;
}

bool sim_memory_armed_store(const sim_memory_t *mem, uint64_t addr, uint64_t *data)
{
    size_t i = armed_index(mem, addr);
    if (i == SIZE_MAX) return false;
    *data = mem->armed[i].data;
    return true;
}

size_t sim_memory_stores_armed(const sim_memory_t *mem) { return mem->armed_count; }

uint64_t sim_memory_stores_fired(const sim_memory_t *mem) { return mem->fired; }

int sim_memory_cas(sim_memory_t *mem, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old)
{
    size_t i = mem->armed_count ? armed_index(mem, addr) : SIZE_MAX;
    if (i != SIZE_MAX) {
        sim_memory_poke(mem, addr, mem->armed[i].data, 0xff);
        memmove(&mem->armed[i], &mem->armed[i + 1], (mem->armed_count - i - 1) * sizeof *mem->armed);
        mem->armed_count--;
        mem->fired++;
    }
    mem->reads++; /* the compare-and-swap's read, counted as sim_memory_read counts */
    const mem_page_t *p = find_page(mem, addr >> 12);
    int err = page_write_error(mem, p, word_index(addr));
    *old = err || p == NULL ? 0 : p->words[word_index(addr)];
    if (!err && *old == cmp) sim_memory_poke(mem, addr, data, 0xff);
    return err;
}
