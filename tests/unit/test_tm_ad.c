/* Unit test of the timing model (iommu_tm) against docs/microarch.md version 6, cycle by cycle: hardware
 * A/D updates by compare-and-swap (sections 5.1 StPteCheck / StAdReq / StAdWait, 5.2, 5.3, 6.1). With the
 * DC's tc.SADE = 1 a leaf that passes every check but A = 0 (or D = 0 on a write) is updated by a CAS whose
 * address, compare value, write data and byte enables are checked here, and whose obs_walk_level is the
 * leaf's level; the matching CAS goes back to StPteCheck, which fills the IOTLB with the written PTE; an old
 * value that differs (software changed the PTE in between, planted by this harness) makes the same PTE be
 * read again; CAS errors 1 and 2 give the access fault of the ttyp and 274. With tc.SADE = 0 the same
 * leaves page-fault and no CAS is made. An IOTLB write hit failing only on D = 0 is invalidated
 * (obs_tlb_inval) and walked when the cached DC's tc.SADE = 1, and faults in StLookup when it is 0. The
 * memory answers one cycle after each handshake (L = 1). Every expected value is written by hand from the
 * document and the privileged spec ("Virtual Address Translation Process" step 9); each failure prints
 * both values. */
#include "tm_harness.h"

/* 1LVL directory at DDT; one Sv39 table tree from PT: root entry 1 -> L1 table, whose entry 1 -> L0 table,
 * entry 2 a 2 MiB leaf; L0 entry k (k = 1 .. 8) a 4 KiB leaf, IOVA 0x4020_1000 + (k - 1) * 0x1000 */
enum { DDT = 0x100000, PT = 0x200000, L1 = 0x201000, L0 = 0x202000 };
enum { TT_READ = 2, TT_WRITE = 3 };
enum { DID_SADE = 1, DID_NOSADE = 2 };
enum { PTE_A = 0x40, PTE_D = 0x80, VRWU = 0x17 };

static uint64_t ptr_pte(uint64_t table) { return (table >> 12) << 10 | 1; }
static uint64_t leaf(uint64_t ppn, uint64_t ad) { return ppn << 10 | VRWU | ad; }
static void poke(h_t *h, uint64_t a, uint64_t v) { sim_memory_poke(h->mem, a, v, 0xff); }
static uint64_t peek(h_t *h, uint64_t a) { return sim_memory_peek(h->mem, a); }
static uint64_t l0_addr(unsigned k) { return L0 + 8u * k; }
static uint64_t l0_iova(unsigned k) { return 0x40200000ull + 0x1000ull * k; }

static void setup(h_t *h)
{
    h_init(h);
    for (uint32_t did = DID_SADE; did <= DID_NOSADE; did++) {
        uint64_t dc = DDT + did * 32u;
        poke(h, dc + 0, did == DID_SADE ? 0x101 : 0x1); /* tc: V, SADE (bit 8) for DID_SADE */
        poke(h, dc + 16, (uint64_t)did << 12);          /* ta.PSCID = did */
        poke(h, dc + 24, 8ull << 60 | PT >> 12);        /* fsc: Sv39, root PT */
    }
    poke(h, PT + 8, ptr_pte(L1));
    poke(h, L1 + 8, ptr_pte(L0));
    wr(h, REG_DDTP, true, (uint64_t)(DDT >> 12) << 10 | 2);
    for (unsigned n = 0; n < 2; n++)
        step(h);
    CHECK_EQ("ddtp 1LVL", rd(h, REG_DDTP, true), (uint64_t)(DDT >> 12) << 10 | 2);
}

/* A read of a leaf with A = 0, then a write hit on its IOTLB entry (D = 0): sections 5.1 and 6.1. */
static void test_a_then_d(void)
{
    h_t h;
    setup(&h);
    uint64_t pte = leaf(0x80001, 0);
    poke(&h, l0_addr(1), pte);
    unsigned a = translate(&h, DID_SADE, TT_READ, l0_iova(1) + 0x10);
    static const int walk_ad[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                                  PR, PW, PC, PR, PW, PC, PR, PW, PC, AR, AW, PC, RS, I, -1};
    check_states(&h, "read, A = 0, SADE = 1: walk, CAS, StPteCheck again", a + 1, walk_ad);
    const iommu_outputs_t *ar = &h.hist[a + 20];
    CHECK_EQ("StAdReq valid", ar->mem_req_valid, 1);
    CHECK_EQ("StAdReq op CAS", ar->mem_req_op, 2);
    CHECK_EQ("StAdReq address: the leaf's (a + VPN[0] * 8)", ar->mem_req_addr, l0_addr(1));
    CHECK_EQ("StAdReq cmp: the PTE as read", ar->mem_req_cmp, pte);
    CHECK_EQ("StAdReq wdata: A set, D not (a read)", ar->mem_req_wdata, pte | PTE_A);
    CHECK_EQ("StAdReq be", ar->mem_req_be, 0xff);
    CHECK_EQ("StAdReq level 0", ar->obs_walk_level, 0);
    CHECK_EQ("StAdWait valid 0", h.hist[a + 21].mem_req_valid, 0);
    CHECK_EQ("no fill in the first StPteCheck of the leaf", h.hist[a + 19].obs_tlb_fill, 0);
    CHECK_EQ("fill in StPteCheck after the CAS", h.hist[a + 22].obs_tlb_fill, 1);
    CHECK_EQ("fill way 0", h.hist[a + 22].obs_tlb_fill_way, 0);
    CHECK_EQ("the PTE in memory has A", peek(&h, l0_addr(1)), pte | PTE_A);
    CHECK_EQ("read ok", h.rsp_out.rsp_fault, 0);
    CHECK_EQ("read pa", h.rsp_out.rsp_pa, 0x80001010);
    CHECK_EQ("one CAS", h.cas_count, 1);

    /* a read hit on that entry: no walk */
    a = translate(&h, DID_SADE, TT_READ, l0_iova(1) + 0x18);
    check_states(&h, "read hit", a + 1, (const int[]){LK, RS, I, -1});

    /* the write hits the entry (D = 0): invalidated, the walk sets D, a new entry is filled */
    a = translate(&h, DID_SADE, TT_WRITE, l0_iova(1) + 0x20);
    static const int hit_walk[] = {LK, DC, PR, PW, PC, PR, PW, PC, PR, PW, PC, AR, AW, PC, RS, I, -1};
    check_states(&h, "write hit on D = 0, SADE = 1: StDcCheck from the cached DC, walk, CAS", a + 1, hit_walk);
    CHECK_EQ("write hit: lookup", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("write hit: hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("write hit: way 0", h.hist[a + 1].obs_tlb_hit_way, 0);
    CHECK_EQ("write hit: way 0 invalidated", h.hist[a + 1].obs_tlb_inval, 0x1);
    CHECK_EQ("write hit: DC cache hit", h.hist[a + 1].obs_ddtc_hit, 1);
    CHECK_EQ("write CAS cmp: A already set", h.hist[a + 12].mem_req_cmp, pte | PTE_A);
    CHECK_EQ("write CAS wdata: A and D", h.hist[a + 12].mem_req_wdata, pte | PTE_A | PTE_D);
    CHECK_EQ("write CAS address", h.hist[a + 12].mem_req_addr, l0_addr(1));
    CHECK_EQ("new entry in way 1", h.hist[a + 14].obs_tlb_fill_way, 1);
    CHECK_EQ("way 1 was empty", h.hist[a + 14].obs_tlb_evict, 0);
    CHECK_EQ("memory: A and D", peek(&h, l0_addr(1)), pte | PTE_A | PTE_D);
    CHECK_EQ("write ok", h.rsp_out.rsp_fault, 0);
    CHECK_EQ("write pa", h.rsp_out.rsp_pa, 0x80001020);

    /* the new entry has D = 1: a write hits it without a walk; way 0 stays invalid */
    a = translate(&h, DID_SADE, TT_WRITE, l0_iova(1) + 0x28);
    check_states(&h, "write hit with D = 1", a + 1, (const int[]){LK, RS, I, -1});
    CHECK_EQ("write hit way 1", h.hist[a + 1].obs_tlb_hit_way, 1);
    CHECK_EQ("no invalidation", h.hist[a + 1].obs_tlb_inval, 0);
    CHECK_EQ("two CASes in all", h.cas_count, 2);

    /* a write to a leaf with A = 0 and D = 0 sets both in one CAS */
    uint64_t p2 = leaf(0x80002, 0);
    poke(&h, l0_addr(2), p2);
    a = translate(&h, DID_SADE, TT_WRITE, l0_iova(2));
    check_states(&h, "write, A = D = 0", a + 1, (const int[]){LK, DC, PR, PW, PC, PR, PW, PC, PR, PW, PC, AR, AW, PC, RS, -1});
    CHECK_EQ("A and D in one CAS", h.hist[a + 12].mem_req_wdata, p2 | PTE_A | PTE_D);
    CHECK_EQ("cmp", h.hist[a + 12].mem_req_cmp, p2);
    CHECK_EQ("pa", h.rsp_out.rsp_pa, 0x80002000);
    h_free(&h);
}

/* tc.SADE = 0: the same leaves page-fault, no CAS; a write hit on D = 0 faults in StLookup (5.1, 5.3). */
static void test_no_sade(void)
{
    h_t h;
    setup(&h);
    poke(&h, l0_addr(3), leaf(0x80003, 0));
    unsigned a = translate(&h, DID_NOSADE, TT_READ, l0_iova(3));
    static const int walk_pf[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DC, PR, PW, PC, PR, PW, PC, PR, PW, PC, FT, RS, -1};
    check_states(&h, "SADE = 0, A = 0: page fault", a + 1, walk_pf);
    CHECK_EQ("cause 13", h.rsp_out.rsp_cause, 13);
    CHECK_EQ("no CAS", h.cas_count, 0);
    CHECK_EQ("memory unchanged", peek(&h, l0_addr(3)), leaf(0x80003, 0));

    poke(&h, l0_addr(4), leaf(0x80004, PTE_A));
    a = translate(&h, DID_NOSADE, TT_READ, l0_iova(4));
    check_states(&h, "SADE = 0, A = 1 read: fill", a + 1, (const int[]){LK, DC, PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, -1});
    a = translate(&h, DID_NOSADE, TT_WRITE, l0_iova(4));
    check_states(&h, "SADE = 0, write hit on D = 0: fault in StLookup", a + 1, (const int[]){LK, FT, RS, I, -1});
    CHECK_EQ("hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("no invalidation", h.hist[a + 1].obs_tlb_inval, 0);
    CHECK_EQ("cause 15", h.rsp_out.rsp_cause, 15);
    CHECK_EQ("no CAS", h.cas_count, 0);
    h_free(&h);
}

/* The CAS finds a different old value: the same PTE is read again (5.1 StAdWait), then updated. */
static void test_retry(void)
{
    h_t h;
    setup(&h);
    uint64_t p5 = leaf(0x80005, 0), changed = leaf(0x80055, 0);
    poke(&h, l0_addr(5), p5);
    h.plant = true;
    h.plant_val = changed;
    unsigned a = translate(&h, DID_SADE, TT_READ, l0_iova(5) + 0x8);
    static const int retry[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DC, PR, PW, PC, PR, PW, PC,
                                PR, PW, PC, AR, AW, PR, PW, PC, AR, AW, PC, RS, I, -1};
    check_states(&h, "old value differs: re-read, second CAS", a + 1, retry);
    CHECK_EQ("first CAS cmp", h.hist[a + 20].mem_req_cmp, p5);
    CHECK_EQ("re-read: same address", h.hist[a + 22].mem_req_addr, l0_addr(5));
    CHECK_EQ("re-read: op read", h.hist[a + 22].mem_req_op, 0);
    CHECK_EQ("re-read: level 0", h.hist[a + 22].obs_walk_level, 0);
    CHECK_EQ("AdWait level 0", h.hist[a + 21].obs_walk_level, 0);
    CHECK_EQ("second CAS cmp: the new PTE", h.hist[a + 25].mem_req_cmp, changed);
    CHECK_EQ("second CAS wdata", h.hist[a + 25].mem_req_wdata, changed | PTE_A);
    CHECK_EQ("fill after the second CAS", h.hist[a + 27].obs_tlb_fill, 1);
    CHECK_EQ("pa from the new PTE", h.rsp_out.rsp_pa, 0x80055008);
    CHECK_EQ("memory", peek(&h, l0_addr(5)), changed | PTE_A);
    h_free(&h);
}

/* CAS errors: 1 -> access fault of the ttyp (5 read, 7 write), 2 -> 274; a superpage's level (5.1). */
static void test_errors_and_level(void)
{
    h_t h;
    setup(&h);
    poke(&h, l0_addr(6), leaf(0x80006, 0));
    h.cas_err = 1;
    unsigned a = translate(&h, DID_SADE, TT_READ, l0_iova(6));
    check_states(&h, "CAS error 1 on a read", a + 19, (const int[]){PC, AR, AW, FT, RS, -1});
    CHECK_EQ("cause 5", h.rsp_out.rsp_cause, 5);
    CHECK_EQ("memory unchanged", peek(&h, l0_addr(6)), leaf(0x80006, 0));

    poke(&h, l0_addr(7), leaf(0x80007, PTE_A));
    h.cas_err = 1;
    a = translate(&h, DID_SADE, TT_WRITE, l0_iova(7));
    check_states(&h, "CAS error 1 on a write", a + 1, (const int[]){LK, DC, PR, PW, PC, PR, PW, PC, PR, PW, PC, AR, AW, FT, RS, -1});
    CHECK_EQ("cause 7", h.rsp_out.rsp_cause, 7);

    h.cas_err = 2;
    a = translate(&h, DID_SADE, TT_WRITE, l0_iova(7));
    check_states(&h, "CAS error 2", a + 11, (const int[]){PC, AR, AW, FT, RS, -1});
    CHECK_EQ("cause 274", h.rsp_out.rsp_cause, 274);
    CHECK_EQ("no fill on the errors", h.hist[a + 14].obs_tlb_fill, 0);

    /* a 2 MiB leaf at level 1 (L1 entry 2, IOVA 0x4040_0000): StAdReq and StAdWait show level 1 */
    poke(&h, L1 + 16, leaf(0x80200, 0));
    a = translate(&h, DID_SADE, TT_WRITE, 0x40412345ull);
    check_states(&h, "level-1 leaf", a + 1, (const int[]){LK, DC, PR, PW, PC, PR, PW, PC, AR, AW, PC, RS, -1});
    CHECK_EQ("AdReq level 1", h.hist[a + 9].obs_walk_level, 1);
    CHECK_EQ("AdWait level 1", h.hist[a + 10].obs_walk_level, 1);
    CHECK_EQ("CAS address L1 + 2 * 8", h.hist[a + 9].mem_req_addr, L1 + 16);
    CHECK_EQ("level-1 pa", h.rsp_out.rsp_pa, 0x80212345ull);
    h_free(&h);
}

int main(void)
{
    test_a_then_d();
    test_no_sade();
    test_retry();
    test_errors_and_level();
    printf("%s: %d checks, %d failures\n", failures ? "FAIL" : "PASS", checks, failures);
    return failures ? 1 : 0;
}
