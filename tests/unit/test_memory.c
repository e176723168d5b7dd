/* Unit test of the simulated memory's two forms for the A/D update (cmodel/arch/memory.h, docs/formats.md,
 * issue 11): a mark for writes alone (`memerr ADDR KIND write`: reads succeed, writes and compare-and-swaps
 * fail and change nothing) and a software store armed for the next compare-and-swap of an address (`mem ADDR
 * DATA cas`: it lands just before that compare-and-swap reads, one per compare-and-swap, in the order armed,
 * never on a plain read or write). Expected values are written out by hand. Each failure prints both values. */
#include <stdio.h>

#include "memory.h"
#include "spec_enums.h"

static int failures, checks;

#define CHECK_EQ(what, a, b)                                                                                 \
    do {                                                                                                     \
        unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b);                     \
        checks++;                                                                                            \
        if (va_ != vb_) {                                                                                    \
            printf("FAIL %s (line %d): %s = 0x%llx, expected 0x%llx\n", what, __LINE__, #a, va_, vb_);       \
            failures++;                                                                                      \
        }                                                                                                    \
    } while (0)

static void test_write_marks(void)
{
    sim_memory_t *m = sim_memory_new();
    uint64_t v = 0, old = 0;
    sim_memory_poke(m, 0x1000, 0x20000417, 0xff);
    sim_memory_set_write_error(m, 0x1000, IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("a read of a write-marked granule succeeds", sim_memory_read(m, 0x1000, 1, &v), IOMMU_MEM_OK);
    CHECK_EQ("... with its data", v, 0x20000417);
    CHECK_EQ("sim_memory_error: what a read gets", sim_memory_error(m, 0x1000), IOMMU_MEM_OK);
    CHECK_EQ("sim_memory_write_error: what a write gets", sim_memory_write_error(m, 0x1000), IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("a CAS fails", sim_memory_cas(m, 0x1000, 0x20000417, 0x20000457, &old), IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("... reports old 0", old, 0);
    CHECK_EQ("... and stores nothing", sim_memory_peek(m, 0x1000), 0x20000417);
    CHECK_EQ("a write fails", sim_memory_write(m, 0x1000, 0x1234, 0xff), IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("... and stores nothing", sim_memory_peek(m, 0x1000), 0x20000417);
    CHECK_EQ("the next granule is not marked", sim_memory_write_error(m, 0x1008), IOMMU_MEM_OK);
    /* a block read across the marked granule reads it too */
    uint64_t blk[2] = {1, 1};
    CHECK_EQ("a block read over it succeeds", sim_memory_read(m, 0xff8, 2, blk), IOMMU_MEM_OK);
    CHECK_EQ("... and reads the marked word", blk[1], 0x20000417);
    sim_memory_set_write_error(m, 0x1000, IOMMU_MEM_DATA_CORRUPTION);
    CHECK_EQ("a corrupt write mark fails the CAS with 2", sim_memory_cas(m, 0x1000, 0x20000417, 0x20000457, &old),
             IOMMU_MEM_DATA_CORRUPTION);
    sim_memory_set_error(m, 0x1000, IOMMU_MEM_OK);
    CHECK_EQ("ok clears it", sim_memory_cas(m, 0x1000, 0x20000417, 0x20000457, &old), IOMMU_MEM_OK);
    CHECK_EQ("... and the CAS stores", sim_memory_peek(m, 0x1000), 0x20000457);
    /* a plain mark still fails reads and CASes */
    sim_memory_set_error(m, 0x2000, IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("a plain mark fails the read", sim_memory_read(m, 0x2000, 1, &v), IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("... and the CAS", sim_memory_cas(m, 0x2000, 0, 1, &old), IOMMU_MEM_ACCESS_FAULT);
    sim_memory_free(m);
}

static void test_armed_stores(void)
{
    sim_memory_t *m = sim_memory_new();
    uint64_t v = 0, old = 0;
    sim_memory_poke(m, 0x3008, 0x20000417, 0xff);
    sim_memory_arm_store(m, 0x3008, 0x20000517);
    sim_memory_arm_store(m, 0x3008, 0x20000717);
    CHECK_EQ("two stores armed", sim_memory_stores_armed(m), 2);
    CHECK_EQ("a read does not fire one", (sim_memory_read(m, 0x3008, 1, &v), v), 0x20000417);
    CHECK_EQ("a write does not fire one", sim_memory_write(m, 0x3010, 5, 0xff), IOMMU_MEM_OK);
    CHECK_EQ("a CAS elsewhere does not fire one", sim_memory_cas(m, 0x3010, 5, 6, &old), IOMMU_MEM_OK);
    CHECK_EQ("... still two", sim_memory_stores_armed(m), 2);
    CHECK_EQ("the first armed is next", sim_memory_armed_store(m, 0x3008, &v), 1);
    CHECK_EQ("... with its data", v, 0x20000517);
    CHECK_EQ("the CAS after the first store", sim_memory_cas(m, 0x3008, 0x20000417, 0x20000457, &old), IOMMU_MEM_OK);
    CHECK_EQ("... finds it (the compare fails)", old, 0x20000517);
    CHECK_EQ("... and stores nothing", sim_memory_peek(m, 0x3008), 0x20000517);
    CHECK_EQ("the second CAS after the second store", sim_memory_cas(m, 0x3008, 0x20000517, 0x20000557, &old),
             IOMMU_MEM_OK);
    CHECK_EQ("... finds it", old, 0x20000717);
    CHECK_EQ("the third CAS: nothing armed, it stores", sim_memory_cas(m, 0x3008, 0x20000717, 0x20000757, &old),
             IOMMU_MEM_OK);
    CHECK_EQ("... memory", sim_memory_peek(m, 0x3008), 0x20000757);
    CHECK_EQ("none armed", sim_memory_stores_armed(m), 0);
    CHECK_EQ("two fired", sim_memory_stores_fired(m), 2);
    CHECK_EQ("no store is next", sim_memory_armed_store(m, 0x3008, &v), 0);
    /* an armed store lands even when the CAS then fails in memory: it is software's store, not the IOMMU's */
    sim_memory_arm_store(m, 0x4000, 0x99);
    sim_memory_set_write_error(m, 0x4000, IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("a CAS on a write-marked granule fails", sim_memory_cas(m, 0x4000, 0, 1, &old), IOMMU_MEM_ACCESS_FAULT);
    CHECK_EQ("... after the armed store landed", sim_memory_peek(m, 0x4000), 0x99);
    sim_memory_free(m);
}

int main(void)
{
    test_write_marks();
    test_armed_stores();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("memory: %d checks passed\n", checks);
    return 0;
}
