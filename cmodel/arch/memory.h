/* Sparse simulated system memory: 64-bit words, unwritten memory reads 0, per-8-byte-granule error marks
 * (access fault, data corruption) that model a bad region of memory, for every access or for writes only,
 * and software stores that land between the IOMMU's read of a PTE and its compare-and-swap of it. Used by
 * the functional runner, the bench's memory agent and the transaction-level scoreboard, so all see the same
 * memory semantics (docs/formats.md, `mem`, `mem ... cas` and `memerr`). */
#ifndef IOMMU_MEMORY_H
#define IOMMU_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_memory sim_memory_t;

sim_memory_t *sim_memory_new(void);
void sim_memory_free(sim_memory_t *mem);

/* Returns the error a read of the granule holding addr gets (enum iommu_mem_err; 0 = none), and the error a
 * write or compare-and-swap of it gets (a mark for writes only counts too). */
int sim_memory_error(const sim_memory_t *mem, uint64_t addr);
int sim_memory_write_error(const sim_memory_t *mem, uint64_t addr);
void sim_memory_set_error(sim_memory_t *mem, uint64_t addr, int err);
/* Marks the granule so that only the IOMMU's writes and compare-and-swaps of it fail with err (its reads
 * succeed): a bad store path, the only way a walk's read of a PTE succeeds and the A/D update of the same PTE
 * fails (`memerr ADDR KIND write`). err 0 clears the mark, as sim_memory_set_error does. */
void sim_memory_set_write_error(sim_memory_t *mem, uint64_t addr, int err);

/* A software store that races with the IOMMU's A/D update (`mem ADDR DATA cas`): it takes effect at the
 * IOMMU's next compare-and-swap of the doubleword at addr, just before that compare-and-swap reads it, as a
 * store that software made between the walk's read of the PTE and the update. Stores armed for one address
 * fire one per compare-and-swap, in the order armed. */
void sim_memory_arm_store(sim_memory_t *mem, uint64_t addr, uint64_t data);
/* The store the next compare-and-swap at addr fires, if any (for the bench's history). */
bool sim_memory_armed_store(const sim_memory_t *mem, uint64_t addr, uint64_t *data);
/* Stores armed and not yet fired, and stores fired, since the memory was made. */
size_t sim_memory_stores_armed(const sim_memory_t *mem);
uint64_t sim_memory_stores_fired(const sim_memory_t *mem);

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
/* Compare-and-swap: fires the first store armed for addr, then *old receives the value before; data is stored
 * only if it equalled cmp. A granule marked faulting (for every access or for writes only) changes nothing and
 * returns its error (the armed store still fires: software's store is not the IOMMU's access). */
int sim_memory_cas(sim_memory_t *mem, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old);

#endif
