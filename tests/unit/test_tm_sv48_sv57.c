/* Unit test of the timing model (iommu_tm) against docs/microarch.md version 5, cycle by cycle: first-stage
 * Sv48 and Sv57 (sections 3, 5.1 StDcCheck / StPteReq / StPteCheck, 5.2, 6, 6.2). Walks of four and five
 * levels with the address and obs_walk_level of every PTE read (VPN[i] = IOVA bits 12 + 9i + 8 .. 12 + 9i,
 * i from LEVELS - 1 down), the canonical check of each mode (bits 63:VAW equal to bit VAW - 1, a page fault
 * decided in StDcCheck), leaves at levels 3 (512 GiB) and 4 (256 TiB), their misaligned-superpage faults,
 * IOTLB fills and hits of those leaves, the IOTLB lookup's canonical check for the cached DC's mode, the
 * latency of section 5.2 for n = 4 and 5, and IOTINVAL.VMA selecting an entry by ADDR bits 56:39. The
 * memory answers L cycles after each handshake. Every expected value is written by hand from the document
 * and the privileged spec ("Sv48", "Sv57", "Virtual Address Translation Process"). Each failure prints both
 * values. */
#include "tm_harness.h"

/* ddt 1LVL at DDT; Sv48 tables from PT48, Sv57 tables from PT57; command queue at CQ */
enum { DDT = 0x100000, PT48 = 0x200000, PT57 = 0x300000, CQ = 0x10000 };
enum { TTYP_READ = 2, CAUSE_LOAD_PF = 13 };
enum { MODE_SV48 = 9, MODE_SV57 = 10 };
enum { DID48 = 1, DID57 = 2 };

static uint64_t ptr_pte(uint64_t table) { return (table >> 12) << 10 | 1; }
/* a leaf with V R W A D U (0xd7) and the given PPN */
static uint64_t leaf_pte(uint64_t ppn) { return ppn << 10 | 0xd7; }
static void poke(h_t *h, uint64_t a, uint64_t v) { sim_memory_poke(h->mem, a, v, 0xff); }

/* A base-format DC for did in the 1LVL table: V, PSCID 0x33, fsc = mode with root table `root`. */
static void put_dc(h_t *h, uint32_t did, unsigned mode, uint64_t root)
{
    uint64_t dc = DDT + did * 32u;
    poke(h, dc + 0, 0x1);
    poke(h, dc + 8, 0);
    poke(h, dc + 16, 0x33ull << 12);
    poke(h, dc + 24, (uint64_t)mode << 60 | root >> 12);
}

/* Sv48: IOVA 0x0000_0080_4000_0010 has VPN[3] = 1, VPN[2] = 1, VPN[1] = 0, VPN[0] = 0 -> 0x80000 (4 KiB).
 * Root entry 2: a 512 GiB leaf at PPN 0x8000000 (PA 2^39); root entry 3: a misaligned one (PPN bit 0). */
static void put_sv48(h_t *h)
{
    poke(h, PT48 + 1 * 8, ptr_pte(0x201000));
    poke(h, 0x201000 + 1 * 8, ptr_pte(0x202000));
    poke(h, 0x202000 + 0 * 8, ptr_pte(0x203000));
    poke(h, 0x203000 + 0 * 8, leaf_pte(0x80000));
    poke(h, PT48 + 2 * 8, leaf_pte(0x8000000));
    poke(h, PT48 + 3 * 8, leaf_pte(0x8000001));
}

/* Sv57: IOVA 0x0001_0080_4000_0010 has VPN[4] = 1, VPN[3] = 1, VPN[2] = 1, VPN[1] = 0, VPN[0] = 0 -> 0x90000.
 * Root entry 2: a 256 TiB leaf at PPN 2^36 (PA 2^48); root entry 3: a misaligned one (PPN bit 27). */
static void put_sv57(h_t *h)
{
    poke(h, PT57 + 1 * 8, ptr_pte(0x301000));
    poke(h, 0x301000 + 1 * 8, ptr_pte(0x302000));
    poke(h, 0x302000 + 1 * 8, ptr_pte(0x303000));
    poke(h, 0x303000 + 0 * 8, ptr_pte(0x304000));
    poke(h, 0x304000 + 0 * 8, leaf_pte(0x90000));
    poke(h, PT57 + 2 * 8, leaf_pte(1ull << 36));
    poke(h, PT57 + 3 * 8, leaf_pte(1ull << 36 | 1ull << 27));
}

static void setup(h_t *h, unsigned lat)
{
    h_init_latency(h, lat);
    put_dc(h, DID48, MODE_SV48, PT48);
    put_dc(h, DID57, MODE_SV57, PT57);
    put_sv48(h);
    put_sv57(h);
    wr(h, REG_DDTP, true, (uint64_t)(DDT >> 12) << 10 | 2);
    run(h, 2);
    CHECK_EQ("ddtp 1LVL", rd(h, REG_DDTP, true), (uint64_t)(DDT >> 12) << 10 | 2);
}

static void test_sv48(void)
{
    h_t h;
    setup(&h, 1);
    unsigned a = translate(&h, DID48, TTYP_READ, 0x0000008040000010ull);
    static const int walk4[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                                PR, PW, PC, PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, I, -1};
    check_states(&h, "Sv48: DC read, four-level walk", a + 1, walk4);
    static const uint64_t addr[4] = {PT48 + 1 * 8, 0x201000 + 1 * 8, 0x202000, 0x203000};
    for (unsigned k = 0; k < 4; k++) {
        CHECK_EQ("Sv48 StPteReq address: table + VPN[i] * 8", h.hist[a + 11 + 3 * k].mem_req_addr, addr[k]);
        CHECK_EQ("Sv48 StPteReq level i = 3 - k", h.hist[a + 11 + 3 * k].obs_walk_level, 3 - k);
        CHECK_EQ("Sv48 StPteWait level", h.hist[a + 12 + 3 * k].obs_walk_level, 3 - k);
        CHECK_EQ("Sv48 StPteCheck level", h.hist[a + 13 + 3 * k].obs_walk_level, 3 - k);
    }
    CHECK_EQ("Sv48 StDcCheck: no walk level", h.hist[a + 10].obs_walk_level, 0);
    CHECK_EQ("Sv48 fill at the leaf's StPteCheck", h.hist[a + 22].obs_tlb_fill, 1);
    CHECK_EQ("Sv48 fill way 0", h.hist[a + 22].obs_tlb_fill_way, 0);
    CHECK_EQ("Sv48 pa", h.rsp_out.rsp_pa, 0x80000010);
    CHECK_EQ("Sv48 ok", h.rsp_out.rsp_fault, 0);

    a = translate(&h, DID48, TTYP_READ, 0x0000008040000ff8ull);
    check_states(&h, "Sv48: IOTLB hit", a + 1, (const int[]){LK, RS, I, -1});
    CHECK_EQ("Sv48 hit way 0", h.hist[a + 1].obs_tlb_hit_way, 0);
    CHECK_EQ("Sv48 hit pa", h.rsp_out.rsp_pa, 0x80000ff8);

    /* bit 47 set, bits 63:48 clear: not canonical for Sv48 -> page fault decided in StDcCheck, the IOTLB
     * lookup misses whatever it holds */
    a = translate(&h, DID48, TTYP_READ, 0x0000800040000010ull);
    check_states(&h, "Sv48: non-canonical IOVA", a + 1, (const int[]){LK, DC, FT, RS, I, -1});
    CHECK_EQ("Sv48 non-canonical: lookup", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("Sv48 non-canonical: miss", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("Sv48 non-canonical: cause 13", h.rsp_out.rsp_cause, CAUSE_LOAD_PF);
    CHECK_EQ("Sv48 non-canonical: no PTE read", h.hist[a + 2].mem_req_valid, 0);
    /* bits 63:47 all set: canonical (negative half); VPN[3] = 0x100 reads root entry 0x100, which is 0 */
    a = translate(&h, DID48, TTYP_READ, 0xffff800000000000ull);
    check_states(&h, "Sv48: canonical negative IOVA walks", a + 1, (const int[]){LK, DC, PR, PW, PC, FT, RS, -1});
    CHECK_EQ("Sv48 negative: root + 0x100 * 8", h.hist[a + 3].mem_req_addr, PT48 + 0x100 * 8);
    CHECK_EQ("Sv48 negative: level 3", h.hist[a + 3].obs_walk_level, 3);
    CHECK_EQ("Sv48 negative: V = 0 -> 13", h.rsp_out.rsp_cause, CAUSE_LOAD_PF);
    /* a 512 GiB leaf at level 3 (VPN[3] = 2) */
    a = translate(&h, DID48, TTYP_READ, 0x0000010000001234ull);
    check_states(&h, "Sv48: leaf at level 3", a + 1, (const int[]){LK, DC, PR, PW, PC, RS, I, -1});
    CHECK_EQ("Sv48 level-3 leaf: root + 2 * 8", h.hist[a + 3].mem_req_addr, PT48 + 2 * 8);
    CHECK_EQ("Sv48 level-3 leaf: fill way 1", h.hist[a + 5].obs_tlb_fill_way, 1);
    CHECK_EQ("Sv48 level-3 leaf: pa = 2^39 + IOVA[38:0]", h.rsp_out.rsp_pa, 0x0000008000001234ull);
    a = translate(&h, DID48, TTYP_READ, 0x0000017ffffff008ull);
    check_states(&h, "Sv48: IOTLB hit in the 512 GiB page", a + 1, (const int[]){LK, RS, -1});
    CHECK_EQ("Sv48 512 GiB hit way 1", h.hist[a + 1].obs_tlb_hit_way, 1);
    CHECK_EQ("Sv48 512 GiB hit pa", h.rsp_out.rsp_pa, 0x000000fffffff008ull);
    /* the misaligned 512 GiB leaf (PPN[26:0] != 0) */
    a = translate(&h, DID48, TTYP_READ, 0x0000018000000000ull);
    check_states(&h, "Sv48: misaligned level-3 leaf", a + 1, (const int[]){LK, DC, PR, PW, PC, FT, RS, -1});
    CHECK_EQ("Sv48 misaligned: 13", h.rsp_out.rsp_cause, CAUSE_LOAD_PF);
    CHECK_EQ("Sv48 misaligned: no fill", h.hist[a + 5].obs_tlb_fill, 0);
    h_free(&h);
}

static void test_sv57(void)
{
    h_t h;
    setup(&h, 1);
    unsigned a = translate(&h, DID57, TTYP_READ, 0x0001008040000010ull);
    static const int walk5[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DC, PR, PW, PC, PR, PW, PC,
                                PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, I, -1};
    check_states(&h, "Sv57: DC read, five-level walk", a + 1, walk5);
    static const uint64_t addr[5] = {PT57 + 1 * 8, 0x301000 + 1 * 8, 0x302000 + 1 * 8, 0x303000, 0x304000};
    for (unsigned k = 0; k < 5; k++) {
        CHECK_EQ("Sv57 StPteReq address: table + VPN[i] * 8", h.hist[a + 11 + 3 * k].mem_req_addr, addr[k]);
        CHECK_EQ("Sv57 StPteReq level i = 4 - k", h.hist[a + 11 + 3 * k].obs_walk_level, 4 - k);
        CHECK_EQ("Sv57 StPteCheck level", h.hist[a + 13 + 3 * k].obs_walk_level, 4 - k);
    }
    CHECK_EQ("Sv57 pa", h.rsp_out.rsp_pa, 0x90000010);
    a = translate(&h, DID57, TTYP_READ, 0x0001008040000020ull);
    check_states(&h, "Sv57: IOTLB hit", a + 1, (const int[]){LK, RS, -1});
    CHECK_EQ("Sv57 hit pa", h.rsp_out.rsp_pa, 0x90000020);
    /* the same low bits with VPN[4] = 0: another page, a walk (the tag holds bits 56:48) */
    a = translate(&h, DID57, TTYP_READ, 0x0000008040000020ull);
    CHECK_EQ("Sv57 VPN[4] differs: miss", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("Sv57 VPN[4] = 0: root entry 0 (0) -> 13", h.rsp_out.rsp_cause, CAUSE_LOAD_PF);
    CHECK_EQ("Sv57 VPN[4] = 0: root + 0", h.hist[a + 3].mem_req_addr, PT57);

    /* bit 56 set, bits 63:57 clear: not canonical for Sv57 (a valid Sv64 would be needed) */
    a = translate(&h, DID57, TTYP_READ, 0x0100000000000000ull);
    check_states(&h, "Sv57: non-canonical IOVA", a + 1, (const int[]){LK, DC, FT, RS, -1});
    CHECK_EQ("Sv57 non-canonical: 13", h.rsp_out.rsp_cause, CAUSE_LOAD_PF);
    /* bits 63:56 set: canonical; VPN[4] = 0x100 */
    a = translate(&h, DID57, TTYP_READ, 0xff00000000000000ull);
    check_states(&h, "Sv57: canonical negative IOVA walks", a + 1, (const int[]){LK, DC, PR, PW, PC, FT, RS, -1});
    CHECK_EQ("Sv57 negative: root + 0x100 * 8", h.hist[a + 3].mem_req_addr, PT57 + 0x100 * 8);
    CHECK_EQ("Sv57 negative: level 4", h.hist[a + 3].obs_walk_level, 4);
    /* an IOVA canonical for Sv57 but not for Sv48 walks under Sv57 */
    a = translate(&h, DID57, TTYP_READ, 0x0000800000000000ull);
    check_states(&h, "Sv57: bit 47 set is canonical", a + 1, (const int[]){LK, DC, PR, PW, PC, FT, RS, -1});
    CHECK_EQ("Sv57 bit 47: VPN[4] = 0, root + 0", h.hist[a + 3].mem_req_addr, PT57);
    /* a 256 TiB leaf at level 4 (VPN[4] = 2) */
    a = translate(&h, DID57, TTYP_READ, 0x0002123456789abcull);
    check_states(&h, "Sv57: leaf at level 4", a + 1, (const int[]){LK, DC, PR, PW, PC, RS, I, -1});
    CHECK_EQ("Sv57 level-4 leaf: root + 2 * 8", h.hist[a + 3].mem_req_addr, PT57 + 2 * 8);
    CHECK_EQ("Sv57 level-4 leaf: pa = 2^48 + IOVA[47:0]", h.rsp_out.rsp_pa, 0x0001123456789abcull);
    CHECK_EQ("Sv57 level-4 leaf: fill way 1", h.hist[a + 5].obs_tlb_fill_way, 1);
    a = translate(&h, DID57, TTYP_READ, 0x0002ffffffffff00ull);
    check_states(&h, "Sv57: IOTLB hit in the 256 TiB page", a + 1, (const int[]){LK, RS, -1});
    CHECK_EQ("Sv57 256 TiB hit pa", h.rsp_out.rsp_pa, 0x0001ffffffffff00ull);
    /* the misaligned 256 TiB leaf (PPN[35:0] != 0) */
    a = translate(&h, DID57, TTYP_READ, 0x0003000000000000ull);
    check_states(&h, "Sv57: misaligned level-4 leaf", a + 1, (const int[]){LK, DC, PR, PW, PC, FT, RS, -1});
    CHECK_EQ("Sv57 misaligned: 13", h.rsp_out.rsp_cause, CAUSE_LOAD_PF);

    /* IOTINVAL.VMA AV = 1, ADDR = 0x0002_8000_0000_0000: bits 56:48 = 2 select the 256 TiB entry (way 1);
     * the 4 KiB entry of way 0 (bits 56:48 = 1) stays */
    wr(&h, REG_CQB, true, (uint64_t)(CQ >> 12) << 10 | 2);
    wr(&h, REG_CQCSR, false, 1);
    run(&h, 2);
    poke(&h, CQ, 1 | 1ull << 10); /* IOTINVAL.VMA, AV */
    poke(&h, CQ + 8, 0x0002800000000000ull >> 12 << 10);
    wr(&h, REG_CQT, false, 1);
    unsigned from = h.reg_accept;
    run(&h, 12);
    unsigned x = from;
    while (x < h.cycle && h.hist[x].obs_state != CX)
        x++;
    CHECK_EQ("IOTINVAL.VMA executed", h.hist[x].obs_state, CX);
    CHECK_EQ("IOTINVAL.VMA ADDR[56:48] = 2: way 1 only", h.hist[x].obs_tlb_inval, 0x2);
    a = translate(&h, DID57, TTYP_READ, 0x0001008040000030ull);
    CHECK_EQ("the 4 KiB Sv57 entry still hits", h.hist[a + 1].obs_tlb_hit, 1);
    /* ADDR bit 39 set (0x0001_0080_...) vs the 4 KiB entry's bits 56:12: way 0 covers it only with all
     * bits equal; ADDR = 0x0001_0000_4000_0000 (VPN[3] = 0) leaves it */
    poke(&h, CQ + 16, 1 | 1ull << 10);
    poke(&h, CQ + 24, 0x0001000040000000ull >> 12 << 10);
    wr(&h, REG_CQT, false, 2);
    from = h.reg_accept;
    run(&h, 12);
    x = from;
    while (x < h.cycle && h.hist[x].obs_state != CX)
        x++;
    CHECK_EQ("IOTINVAL.VMA ADDR[47:39] = 0: nothing", h.hist[x].obs_tlb_inval, 0);
    poke(&h, CQ + 32, 1 | 1ull << 10);
    poke(&h, CQ + 40, 0x0001008040000000ull >> 12 << 10);
    wr(&h, REG_CQT, false, 3);
    from = h.reg_accept;
    run(&h, 12);
    x = from;
    while (x < h.cycle && h.hist[x].obs_state != CX)
        x++;
    CHECK_EQ("IOTINVAL.VMA ADDR = the 4 KiB page: way 0", h.hist[x].obs_tlb_inval, 0x1);
    h_free(&h);
}

/* Section 5.2 with L = 3: DC cache miss, DC read, walk of n levels: 1 + 4 (L + 1) + 1 + n (L + 2) cycles
 * from the handshake to the first cycle of StRespond (n = 4 for Sv48, 5 for Sv57); DC cache hit, IOTLB
 * miss: 1 + 1 + n (L + 2). */
static void test_latency(void)
{
    const unsigned L = 3;
    h_t h;
    setup(&h, L);
    unsigned a = translate(&h, DID48, TTYP_READ, 0x0000008040000010ull);
    unsigned want = 1 + 4 * (L + 1) + 1 + 4 * (L + 2);
    CHECK_EQ("Sv48 miss, L = 3: StRespond", h.hist[a + 1 + want].obs_state, RS);
    CHECK_EQ("Sv48 miss, L = 3: StPteCheck before", h.hist[a + want].obs_state, PC);
    a = translate(&h, DID57, TTYP_READ, 0x0001008040000010ull);
    want = 1 + 4 * (L + 1) + 1 + 5 * (L + 2);
    CHECK_EQ("Sv57 miss, L = 3: StRespond", h.hist[a + 1 + want].obs_state, RS);
    CHECK_EQ("Sv57 miss, L = 3: StPteCheck before", h.hist[a + want].obs_state, PC);
    /* DC cached, IOTLB miss (another 4 KiB page of the same tables: VPN[0] = 1 reads 0 -> fault after 5
     * levels; use the level-4 leaf instead: n = 1) */
    a = translate(&h, DID57, TTYP_READ, 0x0002000000000000ull);
    want = 1 + 1 + 1 * (L + 2);
    CHECK_EQ("Sv57 DC hit, n = 1, L = 3: StRespond", h.hist[a + 1 + want].obs_state, RS);
    a = translate(&h, DID48, TTYP_READ, 0x0000008040200000ull); /* VPN[1] = 1: entry 0x202000 + 8 is 0 */
    want = 1 + 1 + 3 * (L + 2);
    CHECK_EQ("Sv48 DC hit, fault at level 1 after 3 levels: StFault", h.hist[a + 1 + want].obs_state, FT);
    CHECK_EQ("Sv48 level-1 read address", h.hist[a + 3 + 2 * (L + 2)].mem_req_addr, 0x202000 + 8);
    h_free(&h);
}

int main(void)
{
    test_sv48();
    test_sv57();
    test_latency();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("timing model Sv48/Sv57: %d checks passed\n", checks);
    return 0;
}
