/* Sparse simulated system memory: 64-bit words, unwritten memory reads 0, and per-8-byte-granule
 * error marks (access fault, data corruption) that model a bad region of memory. Used by the functional
 * runner and by the bench's memory agent, so both see the same memory semantics (docs/formats.md,
 * `mem` and `memerr`). */
#ifndef IOMMU_MEMORY_H
#define IOMMU_MEMORY_H

#include <stdint.h>

typedef struct sim_memory sim_memory_t;

sim_memory_t *sim_memory_new(void);
void sim_memory_free(sim_memory_t *mem);

/* Returns the error mark of the granule holding addr (enum iommu_mem_err; 0 = none). */
int sim_memory_error(const sim_memory_t *mem, uint64_t addr);
void sim_memory_set_error(sim_memory_t *mem, uint64_t addr, int err);

/* Backdoor accesses: ignore error marks. addr is rounded down to 8 bytes. */
uint64_t sim_memory_peek(const sim_memory_t *mem, uint64_t addr);
void sim_memory_poke(sim_memory_t *mem, uint64_t addr, uint64_t data, uint8_t byte_enables);

/* Accesses made by the IOMMU: honour the error marks. A faulting access changes nothing and returns
 * the error (enum iommu_mem_err); a read of a faulting granule returns data 0. A read remembers its page
 * (the next read of a recent page skips the lookup), hence the non-const memory. */
/* Reads dwords consecutive doublewords from addr into data[]; stops at the first faulting one, which and
 * whose followers read as 0, and returns its error (the block read of mem_if.h). */
int sim_memory_read(sim_memory_t *mem, uint64_t addr, unsigned dwords, uint64_t *data);
/* Doublewords read by sim_memory_read since the memory was made (what a full walk costs can be checked). */
uint64_t sim_memory_reads(const sim_memory_t *mem);
int sim_memory_write(sim_memory_t *mem, uint64_t addr, uint64_t data, uint8_t byte_enables);
/* Compare-and-swap: *old receives the value before; data is stored only if it equalled cmp. */
int sim_memory_cas(sim_memory_t *mem, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old);

#endif
