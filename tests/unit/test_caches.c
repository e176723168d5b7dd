/* Unit test of the timing layer's two caches, from docs/microarch.md: the IOTLB (section 6: lookup with
 * device_id and PSCID, FIFO fill) and its IOTINVAL.VMA invalidation, every row of the table in section 6.2
 * with superpage levels and global entries; the device-context cache (section 6.3: hit, miss, fill, FIFO
 * eviction, invalidation by device_id and of all entries). Expected way masks are worked out by hand from
 * the tables, not computed. Each failure prints both values. */
#include <stdio.h>
#include <string.h>

#include "ddtc.h"
#include "iotlb.h"

static int failures, checks;

#define CHECK_EQ(what, a, b)                                                                                 \
    do {                                                                                                     \
        long long va_ = (long long)(a), vb_ = (long long)(b);                                                \
        checks++;                                                                                            \
        if (va_ != vb_) {                                                                                    \
            printf("FAIL %s (line %d): %s = 0x%llx, expected 0x%llx\n", what, __LINE__, #a, va_, vb_);       \
            failures++;                                                                                      \
        }                                                                                                    \
    } while (0)

/* A leaf PTE with R, W, U, A, D and the given PPN (the bits an IOTLB entry keeps). */
static uint64_t leaf(uint64_t ppn) { return ppn << 10 | 0xd7; }

static void fill(iotlb_t *t, uint32_t did, uint32_t pscid, bool g, uint64_t iova, unsigned level, unsigned want_way)
{
    iotlb_entry_t e = iotlb_make_entry(did, pscid, g, iova, level, leaf(0x80000 + want_way * 0x200));
    bool evict;
    CHECK_EQ("fill way", iotlb_fill(t, &e, &evict), want_way);
}

/* The ways of the IOTINVAL.VMA tests. VPN fields of 0x40000000: VPN[2] = 1, VPN[1] = 0, VPN[0] = 0. */
static void setup(iotlb_t *t)
{
    iotlb_reset(t);
    fill(t, 1, 0x11, false, 0x40000000, 0, 0); /* 4 KiB at 0x40000000 */
    fill(t, 1, 0x11, true, 0x40000000, 0, 1);  /* the same page, global */
    fill(t, 2, 0x22, false, 0x40000000, 0, 2); /* another device and address space */
    fill(t, 1, 0x11, false, 0x40001000, 0, 3); /* the next 4 KiB page */
    fill(t, 1, 0x11, false, 0x40000000, 1, 4); /* 2 MiB at 0x40000000 */
    fill(t, 3, 0x11, false, 0x40000000, 2, 5); /* 1 GiB at 0x40000000 */
    fill(t, 1, 0x22, true, 0x40200000, 1, 6);  /* 2 MiB at 0x40200000, global */
    fill(t, 1, 0x33, false, 0x80000000, 0, 7); /* 4 KiB at 0x80000000 */
}

static unsigned inval(const iotlb_t *t, bool gv, bool av, bool pscv, uint32_t pscid, uint64_t addr)
{
    iotlb_inval_t c = {.gv = gv, .av = av, .pscv = pscv, .pscid = pscid, .addr = addr};
    return iotlb_inval_mask(t, &c);
}

static void test_iotlb_lookup_fill(void)
{
    iotlb_t t;
    setup(&t);
    CHECK_EQ("lookup did 1 PSCID 0x11: lowest hitting way", iotlb_lookup(&t, 1, 0x11, 0x40000123, 3), 0);
    CHECK_EQ("lookup did 1 PSCID 0x22: only the 2 MiB page at 0x40200000", iotlb_lookup(&t, 1, 0x22, 0x40000000, 3), -1);
    CHECK_EQ("lookup did 1 PSCID 0x22 in its 2 MiB page", iotlb_lookup(&t, 1, 0x22, 0x403ff000, 3), 6);
    CHECK_EQ("lookup PSCID must match", iotlb_lookup(&t, 2, 0x11, 0x40000000, 3), -1);
    CHECK_EQ("lookup device_id must match", iotlb_lookup(&t, 2, 0x22, 0x40001000, 3), -1);
    CHECK_EQ("lookup 2 MiB page above its first 4 KiB", iotlb_lookup(&t, 1, 0x11, 0x40123000, 3), 4);
    CHECK_EQ("lookup 1 GiB page", iotlb_lookup(&t, 3, 0x11, 0x7ffff000, 3), 5);
    CHECK_EQ("lookup non-canonical IOVA misses", iotlb_lookup(&t, 3, 0x11, 0x0000804000000000ull, 3), -1);
    CHECK_EQ("lookup canonical negative IOVA: VPN[2] differs", iotlb_lookup(&t, 3, 0x11, 0xffffffc040000000ull, 3), -1);
    CHECK_EQ("pa through 2 MiB", iotlb_pa(&t.e[4], 0x40123456), ((0x80000ull + 4 * 0x200) << 12) | 0x123456);
    CHECK_EQ("G tag kept", t.e[1].g, 1);
    CHECK_EQ("PSCID tag kept", t.e[6].pscid, 0x22);
    /* the ninth fill wraps to way 0 and evicts */
    iotlb_entry_t e = iotlb_make_entry(4, 0x44, false, 0x1000, 0, leaf(5));
    bool evict = false;
    CHECK_EQ("FIFO wraps", iotlb_fill(&t, &e, &evict), 0);
    CHECK_EQ("eviction of a valid way", evict, 1);
    CHECK_EQ("pointer advanced", t.ptr, 1);
}

static void test_iotlb_inval_table(void)
{
    iotlb_t t;
    setup(&t);
    /* GV = 1: every entry is a host entry, none is invalidated, whatever AV and PSCV */
    for (unsigned avp = 0; avp < 4; avp++)
        CHECK_EQ("GV=1 -> none", inval(&t, true, avp & 1, avp >> 1, 0x11, 0x40000000), 0);
    /* GV=0 AV=0 PSCV=0: all, global ones included */
    CHECK_EQ("000 -> all", inval(&t, false, false, false, 0x11, 0x40000000), 0xff);
    /* GV=0 AV=0 PSCV=1: PSCID equal and G = 0 */
    CHECK_EQ("001 PSCID 0x11 -> 0,3,4,5 (1 is global)", inval(&t, false, false, true, 0x11, 0), 0x39);
    CHECK_EQ("001 PSCID 0x22 -> 2 (6 is global)", inval(&t, false, false, true, 0x22, 0), 0x04);
    CHECK_EQ("001 PSCID 0x33 -> 7", inval(&t, false, false, true, 0x33, 0), 0x80);
    CHECK_EQ("001 PSCID unused -> none", inval(&t, false, false, true, 0x44, 0), 0);
    /* GV=0 AV=1 PSCV=0: the entries covering ADDR, global ones included */
    CHECK_EQ("010 0x40000000 -> 0,1,2 (4 KiB), 4 (2 MiB), 5 (1 GiB)", inval(&t, false, true, false, 0, 0x40000000),
             0x37);
    CHECK_EQ("010 0x40001000 -> 3, 4 (2 MiB), 5 (1 GiB)", inval(&t, false, true, false, 0, 0x40001000), 0x38);
    CHECK_EQ("010 0x40201000 -> 5 (1 GiB), 6 (2 MiB, global)", inval(&t, false, true, false, 0, 0x40201000), 0x60);
    CHECK_EQ("010 0x7fe00000 -> 5 (1 GiB) only", inval(&t, false, true, false, 0, 0x7fe00000), 0x20);
    CHECK_EQ("010 0x80000000 -> 7", inval(&t, false, true, false, 0, 0x80000000), 0x80);
    CHECK_EQ("010 0xc0000000 -> none", inval(&t, false, true, false, 0, 0xc0000000), 0);
    /* ADDR[63:57] not compared; bits 56:39 are (version 5: entries hold IOVA bits 56:12, an Sv39 entry of a
     * non-negative IOVA holds zeros in 56:39) */
    CHECK_EQ("010 ADDR[63:57] ignored", inval(&t, false, true, false, 0, 0xfe00000040001000ull), 0x38);
    CHECK_EQ("010 ADDR[56] compared", inval(&t, false, true, false, 0, 0x0100000040001000ull), 0);
    CHECK_EQ("010 ADDR[47] compared", inval(&t, false, true, false, 0, 0x0000800040001000ull), 0);
    CHECK_EQ("010 ADDR[39] compared", inval(&t, false, true, false, 0, 0x0000008040001000ull), 0);
    CHECK_EQ("010 ADDR[38] compared", inval(&t, false, true, false, 0, 0x0000004040001000ull), 0);
    /* GV=0 AV=1 PSCV=1: covering, PSCID equal, G = 0 */
    CHECK_EQ("011 0x40000000 PSCID 0x11 -> 0, 4, 5", inval(&t, false, true, true, 0x11, 0x40000000), 0x31);
    CHECK_EQ("011 0x40000000 PSCID 0x22 -> 2", inval(&t, false, true, true, 0x22, 0x40000000), 0x04);
    CHECK_EQ("011 0x40201000 PSCID 0x22 -> none (6 is global)", inval(&t, false, true, true, 0x22, 0x40201000), 0);
    CHECK_EQ("011 0x40201000 PSCID 0x11 -> 5", inval(&t, false, true, true, 0x11, 0x40201000), 0x20);
    /* invalid entries are never reported; invalidation does not move the pointer */
    unsigned ptr = t.ptr;
    iotlb_invalidate(&t, 0x31);
    CHECK_EQ("invalidated ways are gone", iotlb_valid_mask(&t), 0xce);
    CHECK_EQ("000 after: only the valid ones", inval(&t, false, false, false, 0, 0), 0xce);
    CHECK_EQ("010 0x40000000 after: 1, 2", inval(&t, false, true, false, 0, 0x40000000), 0x06);
    CHECK_EQ("lookup after invalidation: the global copy in way 1", iotlb_lookup(&t, 1, 0x11, 0x40000000, 3), 1);
    CHECK_EQ("pointer unchanged", t.ptr, ptr);
    bool evict = true;
    iotlb_entry_t e = iotlb_make_entry(9, 0, false, 0, 0, leaf(1));
    CHECK_EQ("next fill at the pointer", iotlb_fill(&t, &e, &evict), 0);
    CHECK_EQ("filling an invalidated way is no eviction", evict, 0);
}

/* Version 5: entries of Sv48 and Sv57 walks, levels 3 (512 GiB) and 4 (256 TiB), the tag of IOVA bits 56:12
 * (a shorter mode's sign extension included), the lookup's canonical check for the cached DC's mode
 * (levels 3, 4, 5), and IOTINVAL.VMA comparing ADDR[56:12] (docs/microarch.md sections 3, 6, 6.2). */
static void test_iotlb_sv48_sv57(void)
{
    iotlb_t t;
    iotlb_reset(&t);
    bool evict;
    /* way 0: Sv48 512 GiB leaf at 0x80_0000_0000 (VPN[3] = 1), PPN aligned to 2^27 */
    iotlb_entry_t e0 = iotlb_make_entry(1, 5, false, 0x0000008000000000ull, 3, 0x30000000ull << 10 | 0xd7);
    /* way 1: Sv57 256 TiB leaf at 0x1_0000_0000_0000 (VPN[4] = 1), PPN 2^36 */
    iotlb_entry_t e1 = iotlb_make_entry(1, 6, false, 0x0001000000000000ull, 4, 0x1000000000ull << 10 | 0xd7);
    /* way 2: Sv57 4 KiB page at the top of the non-negative half minus bit 56 */
    iotlb_entry_t e2 = iotlb_make_entry(1, 6, false, 0x00fffffffffff000ull, 0, 0x1234ull << 10 | 0xd7);
    /* way 3: Sv48 512 GiB leaf at the bottom of the negative half */
    iotlb_entry_t e3 = iotlb_make_entry(2, 7, false, 0xffff800000000000ull, 3, 0x38000000ull << 10 | 0xd7);
    CHECK_EQ("fill 0", iotlb_fill(&t, &e0, &evict), 0);
    CHECK_EQ("fill 1", iotlb_fill(&t, &e1, &evict), 1);
    CHECK_EQ("fill 2", iotlb_fill(&t, &e2, &evict), 2);
    CHECK_EQ("fill 3", iotlb_fill(&t, &e3, &evict), 3);
    CHECK_EQ("level 3 kept: a 512 GiB page", t.e[0].page_bits, 39);
    CHECK_EQ("level 4 kept: a 256 TiB page", t.e[1].page_bits, 48);
    CHECK_EQ("tag: IOVA bits 58:12 of an Sv48 level-3 IOVA", t.e[0].va, 0x8000000ull);
    CHECK_EQ("tag: IOVA bits 58:12 of an Sv57 level-4 IOVA", t.e[1].va, 0x1000000000ull);
    CHECK_EQ("tag (version 8: bits 58:12): bits 58:48 of a negative Sv48 IOVA are its sign extension", t.e[3].va, 0x7ff800000000ull);

    /* level 3 compares bits 56:39 */
    CHECK_EQ("Sv48 hit in the 512 GiB page", iotlb_lookup(&t, 1, 5, 0x000000fffffff123ull, 4), 0);
    CHECK_EQ("pa through 512 GiB", iotlb_pa(&t.e[0], 0x000000fffffff123ull), 0x0000037ffffff123ull);
    CHECK_EQ("Sv48 next 512 GiB page (VPN[3] = 2) misses", iotlb_lookup(&t, 1, 5, 0x0000010000000000ull, 4), -1);
    CHECK_EQ("the same IOVA under Sv39 is not canonical", iotlb_lookup(&t, 1, 5, 0x000000fffffff123ull, 3), -1);
    CHECK_EQ("Sv57 lookup: bits 56:48 differ from the level-3 entry's", iotlb_lookup(&t, 1, 5, 0x0001008000000000ull, 5), -1);
    CHECK_EQ("Sv57 lookup of the same non-negative IOVA hits (mode not in the tag)",
             iotlb_lookup(&t, 1, 5, 0x0000008000000000ull, 5), 0);
    /* level 4 compares bits 56:48 */
    CHECK_EQ("Sv57 hit in the 256 TiB page", iotlb_lookup(&t, 1, 6, 0x0001fffffffff000ull, 5), 1);
    CHECK_EQ("pa through 256 TiB", iotlb_pa(&t.e[1], 0x0001fffffffff678ull), 0x0001fffffffff678ull);
    CHECK_EQ("Sv57 next 256 TiB page (VPN[4] = 2) misses", iotlb_lookup(&t, 1, 6, 0x0002000000000000ull, 5), -1);
    CHECK_EQ("the same IOVA under Sv48 is not canonical", iotlb_lookup(&t, 1, 6, 0x0001fffffffff000ull, 4), -1);
    CHECK_EQ("Sv57 4 KiB hit (way 1 has VPN[4] = 1, this IOVA 0xff)", iotlb_lookup(&t, 1, 6, 0x00fffffffffff800ull, 5), 2);
    CHECK_EQ("pa through 4 KiB", iotlb_pa(&t.e[2], 0x00fffffffffff800ull), 0x1234800ull);
    CHECK_EQ("Sv57: bit 56 set with bits 63:57 clear is not canonical", iotlb_lookup(&t, 1, 6, 0x01fffffffffff800ull, 5), -1);
    /* the negative half */
    CHECK_EQ("Sv48 negative IOVA hits", iotlb_lookup(&t, 2, 7, 0xffff807ffffff000ull, 4), 3);
    CHECK_EQ("Sv57 lookup of the same sign-extended IOVA hits", iotlb_lookup(&t, 2, 7, 0xffff807ffffff000ull, 5), 3);
    CHECK_EQ("Sv48: bit 47 clear with bits 63:48 set is not canonical", iotlb_lookup(&t, 2, 7, 0xffff007ffffff000ull, 4), -1);
    CHECK_EQ("Sv57: bits 56:48 not all ones: not the entry's", iotlb_lookup(&t, 2, 7, 0xfffe807ffffff000ull, 5), -1);

    /* IOTINVAL.VMA with AV = 1 compares ADDR[56:12 + 9 * level] */
    CHECK_EQ("010 in way 0's 512 GiB page", inval(&t, false, true, false, 0, 0x000000ff00000000ull), 0x1);
    CHECK_EQ("010 in way 1's 256 TiB page (bits 56:48 = 1; way 0 compares them too)",
             inval(&t, false, true, false, 0, 0x000123456789a000ull), 0x2);
    CHECK_EQ("010 way 1 at VPN[4] = 1 and way 0 not: ADDR[56:48] = 1, ADDR[47:39] = 1",
             inval(&t, false, true, false, 0, 0x0001008000000000ull), 0x2);
    CHECK_EQ("010 the 4 KiB page at 0x00ff_ffff_ffff_f000", inval(&t, false, true, false, 0, 0x00fffffffffff000ull), 0x4);
    CHECK_EQ("010 way 3 by its sign-extended IOVA", inval(&t, false, true, false, 0, 0xffff801234567000ull), 0x8);
    CHECK_EQ("010 ADDR[63:57] ignored", inval(&t, false, true, false, 0, 0x01ff801234567000ull), 0x8);
    CHECK_EQ("010 ADDR[56:48] compared on a level-3 entry", inval(&t, false, true, false, 0, 0x00ff801234567000ull), 0);
    CHECK_EQ("010 ADDR[47] compared on a level-3 entry", inval(&t, false, true, false, 0, 0xffff001234567000ull), 0);
    CHECK_EQ("011 PSCID 6 at 256 TiB", inval(&t, false, true, true, 6, 0x0001000000000000ull), 0x2);
    CHECK_EQ("011 PSCID 5 at 256 TiB", inval(&t, false, true, true, 5, 0x0001000000000000ull), 0);
}

static void test_ddtc(void)
{
    ddtc_t c;
    ddtc_reset(&c);
    uint64_t dc[DDTC_DC_DWORDS] = {0x11, 0, 0x5000, 0x8000000000000200ull};
    bool evict = true;
    CHECK_EQ("empty: miss", ddtc_lookup(&c, 5), -1);
    CHECK_EQ("empty: nothing to invalidate", ddtc_inval_mask(&c, false, 0), 0);
    CHECK_EQ("fill did 5 -> way 0", ddtc_fill(&c, 5, dc, &evict), 0);
    CHECK_EQ("no eviction", evict, 0);
    CHECK_EQ("hit", ddtc_lookup(&c, 5), 0);
    CHECK_EQ("the words as read", c.e[0].dc[3], 0x8000000000000200ull);
    CHECK_EQ("other device misses", ddtc_lookup(&c, 6), -1);
    CHECK_EQ("device_id is 24 bits", ddtc_lookup(&c, 0x1000005), 0);
    for (uint32_t did = 6; did <= 8; did++) {
        dc[0] = did;
        CHECK_EQ("fill ways 1..3", ddtc_fill(&c, did, dc, &evict), did - 5);
        CHECK_EQ("no eviction while filling empty ways", evict, 0);
    }
    dc[0] = 9;
    CHECK_EQ("fifth fill wraps to way 0", ddtc_fill(&c, 9, dc, &evict), 0);
    CHECK_EQ("evicts did 5", evict, 1);
    CHECK_EQ("did 5 gone", ddtc_lookup(&c, 5), -1);
    CHECK_EQ("did 9 in way 0", ddtc_lookup(&c, 9), 0);
    CHECK_EQ("did 9's words", c.e[0].dc[0], 9);
    /* IODIR.INVAL_DDT: DV = 1 the ways holding DID, DV = 0 every valid way */
    CHECK_EQ("DV=1 DID 7 -> way 2", ddtc_inval_mask(&c, true, 7), 0x4);
    CHECK_EQ("DV=1 DID 5 (evicted) -> none", ddtc_inval_mask(&c, true, 5), 0);
    CHECK_EQ("DV=0 -> all", ddtc_inval_mask(&c, false, 7), 0xf);
    ddtc_invalidate(&c, 0x4);
    CHECK_EQ("did 7 invalidated", ddtc_lookup(&c, 7), -1);
    CHECK_EQ("DV=0 after: the valid ones", ddtc_inval_mask(&c, false, 0), 0xb);
    CHECK_EQ("DV=1 DID 7 after: none", ddtc_inval_mask(&c, true, 7), 0);
    CHECK_EQ("pointer not moved by invalidation", c.ptr, 1);
    CHECK_EQ("next fill way 1", ddtc_fill(&c, 10, dc, &evict), 1);
    CHECK_EQ("way 1 was valid (did 6)", evict, 1);
    CHECK_EQ("next fill way 2", ddtc_fill(&c, 11, dc, &evict), 2);
    CHECK_EQ("way 2 was invalidated: no eviction", evict, 0);
    ddtc_invalidate(&c, ddtc_inval_mask(&c, false, 0));
    for (uint32_t did = 5; did <= 11; did++)
        CHECK_EQ("all invalidated", ddtc_lookup(&c, did), -1);
}

int main(void)
{
    test_iotlb_lookup_fill();
    test_iotlb_inval_table();
    test_iotlb_sv48_sv57();
    test_ddtc();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("caches: %d checks passed\n", checks);
    return 0;
}
