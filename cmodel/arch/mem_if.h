/* The architectural layer's view of memory: an access it wants (read, write, compare-and-swap), the
 * answer it gets, and a struct of function pointers + user pointer that performs accesses at once (used
 * by the functional runner). A read may cover a block of up to 8 consecutive doublewords: a structure the
 * spec defines as one unit (a device context, a process context, an MSI PTE) is one access. The timing
 * layer does not use the function pointers: it presents the wanted access on the mem_req port, one
 * doubleword per beat, and feeds the mem_rsp answer back. */
#ifndef IOMMU_MEM_IF_H
#define IOMMU_MEM_IF_H

#include <stdbool.h>
#include <stdint.h>

#include "spec_enums.h"
#include "memory.h"

/* The largest block one read covers: an extended device context (64 bytes). */
enum { MEM_BLOCK_MAX_DWORDS = 8 };

typedef struct {
    uint8_t op;       /* enum iommu_mem_op */
    uint8_t dwords;   /* reads: doublewords read (1 .. MEM_BLOCK_MAX_DWORDS, within one 4 KiB page) */
    uint64_t addr;    /* 8-byte aligned */
    uint64_t wdata;   /* write / CAS new value; meaningless for reads */
    uint64_t cmp;     /* CAS compare value; meaningless otherwise */
    uint8_t be;       /* byte enables */
} mem_access_t;

/* A block read stops at its first faulting doubleword: err is that doubleword's error, and it and the
 * doublewords after it read as 0. */
typedef struct {
    uint8_t err;      /* enum iommu_mem_err */
    uint64_t rdata[MEM_BLOCK_MAX_DWORDS]; /* read data, doubleword k in rdata[k] (CAS: old value in rdata[0]) */
} mem_result_t;

typedef struct {
    /* reads dwords consecutive doublewords from addr into data[0 .. dwords-1], as mem_result_t says */
    int (*read)(void *user, uint64_t addr, unsigned dwords, uint64_t *data);
    int (*write)(void *user, uint64_t addr, uint64_t data, uint8_t byte_enables);
    int (*cas)(void *user, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old);
    void *user;
    /* When the memory is the model's own sim_memory (the functional runner's), reads go straight to it and
     * read may be NULL: a read is then not a call through a pointer but sim_memory_read's few instructions,
     * inlined into the walk (a tenth of a two-stage translation's time, measured). Writes and
     * compare-and-swaps always go through their hooks, which log them. */
    sim_memory_t *read_memory;
} iommu_mem_if_t;

/* A read through the interface: straight from read_memory when there is one, else through read. */
static inline int mem_if_read(const iommu_mem_if_t *mem, uint64_t addr, unsigned dwords, uint64_t *data)
{
    if (mem->read_memory)
        return sim_memory_read(mem->read_memory, addr, dwords, data);
    return mem->read(mem->user, addr, dwords, data);
}

/* Byte order of a value the IOMMU reads or writes (spec fctl.BE, "Endianness of in-memory data structures"):
 * memory words are little-endian, so a big-endian access reverses the bytes of the 8-byte / 4-byte value. */
static inline uint64_t mem_order64(bool big_endian, uint64_t v) { return big_endian ? __builtin_bswap64(v) : v; }

static inline uint32_t mem_order32(bool big_endian, uint32_t v) { return big_endian ? __builtin_bswap32(v) : v; }

/* Performs one access through the interface (inline: the functional runner makes one per PTE). Read data
 * goes straight into the result (a walk's next address depends on it: no extra copy on that path); only
 * the doublewords the access covers are written. */
static inline void mem_if_perform(const iommu_mem_if_t *mem, const mem_access_t *acc, mem_result_t *res)
{
    if (acc->op == IOMMU_MEM_READ) {
        res->err = (uint8_t)mem_if_read(mem, acc->addr, acc->dwords, res->rdata);
    } else if (acc->op == IOMMU_MEM_WRITE) {
        res->rdata[0] = 0;
        res->err = (uint8_t)mem->write(mem->user, acc->addr, acc->wdata, acc->be);
    } else {
        res->err = (uint8_t)mem->cas(mem->user, acc->addr, acc->cmp, acc->wdata, &res->rdata[0]);
        if (res->err)
            res->rdata[0] = 0;
    }
}

/* What a step of an architectural step machine ended with. */
enum arch_step {
    ARCH_STEP_MEM,  /* wants the memory access it returned; the next step takes its result */
    ARCH_STEP_BUSY, /* consumed a memory result; the next step (without memory) checks it */
    ARCH_STEP_DONE, /* finished; the outcome is in the machine */
};

#endif
