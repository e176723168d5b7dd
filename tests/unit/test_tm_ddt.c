/* Unit test of the timing model (iommu_tm) against docs/microarch.md version 4, cycle by cycle: the two- and
 * three-level device directory (section 5.1, StLookup steps 3 and 4, StDdtReq / StDdtWait / StDdtCheck).
 * State sequences of 2LVL and 3LVL walks, the address of each level's read (DDI[2] = device_id[23:16],
 * DDI[1] = device_id[15:7], DDI[0] = device_id[6:0], base format), V = 0 (258) and reserved bits (259) at
 * each level, memory errors on a non-leaf read (257, 268, decided in StDdtWait), the device_id width per
 * mode (260 in StLookup, no device-context cache lookup), a device-context cache hit that skips the walk,
 * the latency of section 5.2 with L = 3, a stalled StDdtReq, the fault record of a directory fault, and the
 * DID width of IODIR.INVAL_DDT per mode (section 5.4). The memory answers L cycles after each handshake.
 * Every expected value is written by hand from the document and the spec ("Process to locate the
 * Device-context", "Fault/Event-Queue"). Each failure prints both values. */
#include "tm_harness.h"

enum { ROOT = 0x100000, MID = 0x120000, LEAF = 0x130000, PT = 0x200000, FQ = 0x40000, CQ = 0x10000 };
enum { TTYP_READ = 2 };

/* A non-leaf DDT entry (spec "Non-leaf DDT entry"): V, PPN in bits 53:10. */
static uint64_t ddte(uint64_t table) { return (table >> 12) << 10 | 1; }

/* A base-format DC at leaf table `leaf` for did: V, PSCID 0x22, fsc = Sv39 root PT or Bare. */
static void put_dc(h_t *h, uint64_t leaf, uint32_t did, bool sv39)
{
    uint64_t dc = leaf + (did & 0x7f) * 32u;
    sim_memory_poke(h->mem, dc + 0, 0x1, 0xff);
    sim_memory_poke(h->mem, dc + 8, 0, 0xff);
    sim_memory_poke(h->mem, dc + 16, 0x22ull << 12, 0xff);
    sim_memory_poke(h->mem, dc + 24, sv39 ? (8ull << 60 | PT >> 12) : 0, 0xff);
}

/* Sv39 tables under PT mapping IOVA 0x40000000 to 0x80000000 (4 KiB, R W A D U). */
static void put_pt(h_t *h)
{
    sim_memory_poke(h->mem, PT + 1 * 8, 0x201ull << 10 | 1, 0xff);
    sim_memory_poke(h->mem, 0x201000 + 0 * 8, 0x202ull << 10 | 1, 0xff);
    sim_memory_poke(h->mem, 0x202000 + 0 * 8, 0x80000ull << 10 | 0xd7, 0xff);
}

static void set_ddtp(h_t *h, unsigned mode)
{
    wr(h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | mode);
    run(h, 2); /* busy clears in StIdle */
    CHECK_EQ("ddtp takes the mode", rd(h, REG_DDTP, true), (uint64_t)(ROOT >> 12) << 10 | mode);
}

/* 2LVL: did 0x0183 (DDI[1] = 3, DDI[0] = 3). Root entry 3 -> leaf table LEAF. */
static void test_2lvl(void)
{
    h_t h;
    h_init_latency(&h, 1);
    const uint32_t did = 0x0183;
    sim_memory_poke(h.mem, ROOT + 3 * 8, ddte(LEAF), 0xff);
    put_dc(&h, LEAF, did, true);
    put_pt(&h);
    set_ddtp(&h, 3);

    unsigned a = translate(&h, did, TTYP_READ, 0x40000010);
    static const int miss[] = {LK, NR, NW, NC, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, I, -1};
    check_states(&h, "2LVL: one non-leaf level, the DC, the walk", a + 1, miss);
    CHECK_EQ("2LVL: DDTC lookup in StLookup", h.hist[a + 1].obs_ddtc_lookup, 1);
    CHECK_EQ("2LVL: DDTC miss", h.hist[a + 1].obs_ddtc_hit, 0);
    CHECK_EQ("2LVL StDdtReq: read", h.hist[a + 2].mem_req_op, 0);
    CHECK_EQ("2LVL StDdtReq: be", h.hist[a + 2].mem_req_be, 0xff);
    CHECK_EQ("2LVL StDdtReq: root + DDI[1] * 8", h.hist[a + 2].mem_req_addr, ROOT + 3 * 8);
    CHECK_EQ("2LVL StDdtWait: no request", h.hist[a + 3].mem_req_valid, 0);
    CHECK_EQ("2LVL StDdtCheck: no request", h.hist[a + 4].mem_req_valid, 0);
    CHECK_EQ("2LVL StDdtReq: walk level 0", h.hist[a + 2].obs_walk_level, 0);
    for (unsigned k = 0; k < 4; k++)
        CHECK_EQ("2LVL StDcReq: leaf table + DDI[0] * 32 + 8k", h.hist[a + 5 + 2 * k].mem_req_addr,
                 LEAF + 3 * 32 + 8 * k);
    CHECK_EQ("2LVL: DDTC fill in StDcCheck", h.hist[a + 13].obs_ddtc_fill, 1);
    CHECK_EQ("2LVL: Sv39 root read", h.hist[a + 14].mem_req_addr, PT + 8);
    CHECK_EQ("2LVL: pa", h.rsp_out.rsp_pa, 0x80000010);
    CHECK_EQ("2LVL: no fault", h.rsp_out.rsp_fault, 0);

    /* the DC is cached: no directory read at all */
    a = translate(&h, did, TTYP_READ, 0x40000020);
    static const int hit[] = {LK, RS, -1};
    check_states(&h, "2LVL: DDTC and IOTLB hit", a + 1, hit);
    CHECK_EQ("2LVL hit: pa", h.rsp_out.rsp_pa, 0x80000020);
    /* a DDTC hit with an IOTLB miss goes to StDcCheck without a directory read */
    a = translate(&h, did, 3 /* write: permitted by the leaf (W, D) */, 0x40000030);
    CHECK_EQ("2LVL write: IOTLB hit too", h.hist[a + 1].obs_tlb_hit, 1);
    a = translate(&h, did, 1 /* exec: X = 0 in the leaf -> 12 */, 0x40000030);
    check_states(&h, "2LVL: exec on a cached non-X leaf faults from the IOTLB", a + 1, (const int[]){LK, FT, RS, -1});
    CHECK_EQ("2LVL exec: cause 12", h.rsp_out.rsp_cause, 12);

    /* device_id[23:16] != 0 is too wide for 2LVL: 260 in StLookup, no DDTC lookup */
    a = translate(&h, 0x010183, TTYP_READ, 0x40000010);
    check_states(&h, "2LVL: device_id too wide", a + 1, (const int[]){LK, FT, RS, I, -1});
    CHECK_EQ("2LVL too wide: no DDTC lookup", h.hist[a + 1].obs_ddtc_lookup, 0);
    CHECK_EQ("2LVL too wide: cause 260", h.rsp_out.rsp_cause, 260);
    /* device_id[15:7] is used by 2LVL: did 0xff83 fits (DDI[1] = 0x1ff), its root entry is 0: V = 0 */
    a = translate(&h, 0xff83, TTYP_READ, 0x40000010);
    check_states(&h, "2LVL: widest device_id, root entry V = 0", a + 1, (const int[]){LK, NR, NW, NC, FT, RS, -1});
    CHECK_EQ("2LVL widest: root + 0x1ff * 8", h.hist[a + 2].mem_req_addr, ROOT + 0x1ff * 8);
    CHECK_EQ("2LVL V = 0: cause 258", h.rsp_out.rsp_cause, 258);
    h_free(&h);
}

/* 3LVL: did 0x050183 (DDI[2] = 5, DDI[1] = 3, DDI[0] = 3). Root entry 5 -> MID, MID entry 3 -> LEAF. */
static void test_3lvl(void)
{
    h_t h;
    h_init_latency(&h, 1);
    const uint32_t did = 0x050183;
    sim_memory_poke(h.mem, ROOT + 5 * 8, ddte(MID), 0xff);
    sim_memory_poke(h.mem, MID + 3 * 8, ddte(LEAF), 0xff);
    put_dc(&h, LEAF, did, false); /* fsc Bare: success with pa = IOVA after StDcCheck */
    set_ddtp(&h, 4);

    unsigned a = translate(&h, did, TTYP_READ, 0x1234);
    static const int miss[] = {LK, NR, NW, NC, NR, NW, NC, DR, DW, DR, DW, DR, DW, DR, DW, DC, RS, I, -1};
    check_states(&h, "3LVL: two non-leaf levels, the DC", a + 1, miss);
    CHECK_EQ("3LVL level 2: root + DDI[2] * 8", h.hist[a + 2].mem_req_addr, ROOT + 5 * 8);
    CHECK_EQ("3LVL level 1: MID + DDI[1] * 8", h.hist[a + 5].mem_req_addr, MID + 3 * 8);
    CHECK_EQ("3LVL DC word 0", h.hist[a + 8].mem_req_addr, LEAF + 3 * 32);
    CHECK_EQ("3LVL DC word 3", h.hist[a + 14].mem_req_addr, LEAF + 3 * 32 + 24);
    CHECK_EQ("3LVL fill", h.hist[a + 16].obs_ddtc_fill, 1);
    CHECK_EQ("3LVL pa = IOVA (fsc Bare)", h.rsp_out.rsp_pa, 0x1234);
    /* DDTC hit, fsc Bare: no IOTLB lookup, StDcCheck on the cached words, no read */
    a = translate(&h, did, TTYP_READ, 0x5678);
    check_states(&h, "3LVL: DDTC hit skips the directory", a + 1, (const int[]){LK, DC, RS, I, -1});
    CHECK_EQ("3LVL hit: no IOTLB lookup (fsc Bare)", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("3LVL hit: DDTC hit", h.hist[a + 1].obs_ddtc_hit, 1);
    CHECK_EQ("3LVL hit: no fill", h.hist[a + 2].obs_ddtc_fill, 0);
    CHECK_EQ("3LVL hit: pa", h.rsp_out.rsp_pa, 0x5678);

    /* every device_id fits 3LVL: 0xffffff reads root entry 0xff (0: V = 0) */
    a = translate(&h, 0xffffff, TTYP_READ, 0);
    check_states(&h, "3LVL: 24-bit device_id", a + 1, (const int[]){LK, NR, NW, NC, FT, RS, -1});
    CHECK_EQ("3LVL 24-bit: root + 0xff * 8", h.hist[a + 2].mem_req_addr, ROOT + 0xff * 8);
    CHECK_EQ("3LVL root V = 0: cause 258", h.rsp_out.rsp_cause, 258);
    CHECK_EQ("3LVL fault: pa 0", h.rsp_out.rsp_pa, 0);

    /* V = 0 at level 1 (MID entry 4 is 0): fault after the second StDdtCheck */
    a = translate(&h, 0x050203, TTYP_READ, 0);
    check_states(&h, "3LVL: level-1 entry V = 0", a + 1, (const int[]){LK, NR, NW, NC, NR, NW, NC, FT, RS, -1});
    CHECK_EQ("3LVL level 1 address", h.hist[a + 5].mem_req_addr, MID + 4 * 8);
    CHECK_EQ("3LVL level-1 V = 0: 258", h.rsp_out.rsp_cause, 258);

    /* reserved bits: 1 (bits 9:1), 54 and 63 (bits 63:54) -> 259; bits 53:10 (PPN) are not reserved */
    static const struct { uint64_t bits; unsigned cause; } resv[] = {
        {1ull << 1, 259}, {1ull << 9, 259}, {1ull << 54, 259}, {1ull << 63, 259},
    };
    for (unsigned r = 0; r < sizeof resv / sizeof resv[0]; r++) {
        sim_memory_poke(h.mem, MID + 5 * 8, ddte(LEAF) | resv[r].bits, 0xff);
        a = translate(&h, 0x050283, TTYP_READ, 0);
        check_states(&h, "3LVL: level-1 reserved bit", a + 1, (const int[]){LK, NR, NW, NC, NR, NW, NC, FT, RS, -1});
        CHECK_EQ("3LVL reserved bit: 259", h.rsp_out.rsp_cause, resv[r].cause);
    }
    sim_memory_poke(h.mem, ROOT + 6 * 8, ddte(LEAF) | 1ull << 5, 0xff);
    a = translate(&h, 0x060283, TTYP_READ, 0);
    check_states(&h, "3LVL: root reserved bit", a + 1, (const int[]){LK, NR, NW, NC, FT, RS, -1});
    CHECK_EQ("3LVL root reserved bit: 259", h.rsp_out.rsp_cause, 259);
    /* a high PPN is no reserved bit: MID entry 6 has PPN bit 43 (entry bit 53): a table at 2^55 */
    sim_memory_poke(h.mem, MID + 6 * 8, (1ull << 53) | 1, 0xff);
    a = translate(&h, 0x050303, TTYP_READ, 0);
    check_states(&h, "3LVL: PPN bit 43 is no reserved bit", a + 1,
                 (const int[]){LK, NR, NW, NC, NR, NW, NC, DR, -1});
    CHECK_EQ("3LVL PPN bit 43: DC at 2^55 + 3 * 32", h.hist[a + 8].mem_req_addr, (1ull << 55) + 3 * 32);
    CHECK_EQ("3LVL unwritten DC reads 0: 258", h.rsp_out.rsp_cause, 258);

    /* memory errors on a non-leaf read: decided in StDdtWait (no StDdtCheck) */
    sim_memory_set_error(h.mem, ROOT + 5 * 8, 1);
    a = translate(&h, did, TTYP_READ, 0x2000); /* DDTC hit: the bad root entry is not read */
    check_states(&h, "cached DC: no directory read", a + 1, (const int[]){LK, DC, RS, -1});
    CHECK_EQ("cached DC: success", h.rsp_out.rsp_fault, 0);
    a = translate(&h, 0x050383, TTYP_READ, 0);
    check_states(&h, "3LVL: access fault on the root entry", a + 1, (const int[]){LK, NR, NW, FT, RS, -1});
    CHECK_EQ("access fault: 257", h.rsp_out.rsp_cause, 257);
    sim_memory_set_error(h.mem, ROOT + 5 * 8, 0);
    sim_memory_set_error(h.mem, MID + 7 * 8, 2);
    a = translate(&h, 0x050383, TTYP_READ, 0);
    check_states(&h, "3LVL: data corruption on the level-1 entry", a + 1,
                 (const int[]){LK, NR, NW, NC, NR, NW, FT, RS, -1});
    CHECK_EQ("data corruption: 268", h.rsp_out.rsp_cause, 268);
    h_free(&h);
}

/* Latency of section 5.2 with L = 3: a 3LVL miss with fsc Bare spends 1 + 4 (L + 1) + 1 + 2 (L + 2) cycles
 * from the request handshake to the first cycle of StRespond; a stalled StDdtReq holds its state and address. */
static void test_latency_and_stall(void)
{
    h_t h;
    h_init_latency(&h, 3);
    const uint32_t did = 0x050183;
    sim_memory_poke(h.mem, ROOT + 5 * 8, ddte(MID), 0xff);
    sim_memory_poke(h.mem, MID + 3 * 8, ddte(LEAF), 0xff);
    put_dc(&h, LEAF, did, false);
    set_ddtp(&h, 4);
    unsigned a = translate(&h, did, TTYP_READ, 0x1000);
    const unsigned L = 3, want = 1 + 4 * (L + 1) + 1 + 2 * (L + 2);
    CHECK_EQ("3LVL L = 3: cycles to StRespond", h.hist[a + 1 + want].obs_state, RS);
    CHECK_EQ("3LVL L = 3: the cycle before is StDcCheck", h.hist[a + want].obs_state, DC);
    static const int lvl[] = {LK, NR, NW, NW, NW, NC, NR, NW, NW, NW, NC, DR, -1};
    check_states(&h, "3LVL L = 3: StDdtWait until the response", a + 1, lvl);
    h_free(&h);

    h_init_latency(&h, 1);
    h.stall = 2;
    sim_memory_poke(h.mem, ROOT + 5 * 8, ddte(MID), 0xff);
    sim_memory_poke(h.mem, MID + 3 * 8, ddte(LEAF), 0xff);
    put_dc(&h, LEAF, did, false);
    set_ddtp(&h, 4);
    a = translate(&h, did, TTYP_READ, 0x1000);
    static const int st[] = {LK, NR, NR, NR, NW, NC, NR, NR, NR, NW, NC, DR, DR, DR, DW, -1};
    check_states(&h, "3LVL: StDdtReq held while mem_req_ready is 0", a + 1, st);
    CHECK_EQ("stalled StDdtReq keeps its address", h.hist[a + 7].mem_req_addr, MID + 3 * 8);
    CHECK_EQ("stalled StDdtReq keeps valid", h.hist[a + 8].mem_req_valid, 1);
    h_free(&h);
}

/* A directory fault is reported like any other (StFault, then four record writes): cause, TTYP, did,
 * iotval = IOVA, and DTF does not apply (no DC located). */
static void test_fault_record(void)
{
    h_t h;
    h_init_latency(&h, 1);
    wr(&h, REG_FQB, true, (uint64_t)(FQ >> 12) << 10 | 3);
    wr(&h, REG_FQCSR, false, 1);
    run(&h, 2);
    set_ddtp(&h, 3);
    sim_memory_poke(h.mem, ROOT + 2 * 8, 0x2, 0xff); /* V = 0 and reserved bit 1: V is checked first */
    unsigned a = translate(&h, 0x0105, TTYP_READ, 0xabc000);
    check_states(&h, "2LVL: V = 0 with a reserved bit, reported", a + 1,
                 (const int[]){LK, NR, NW, NC, FT, QR, QW, QR, QW, QR, QW, QR, QW, RS, -1});
    CHECK_EQ("V checked first: 258", h.rsp_out.rsp_cause, 258);
    uint64_t dw0 = sim_memory_peek(h.mem, FQ);
    CHECK_EQ("record CAUSE", dw0 & 0xfff, 258);
    CHECK_EQ("record TTYP", (dw0 >> 34) & 0x3f, TTYP_READ);
    CHECK_EQ("record DID", dw0 >> 40, 0x0105);
    CHECK_EQ("record PV", (dw0 >> 32) & 1, 0);
    CHECK_EQ("record iotval", sim_memory_peek(h.mem, FQ + 16), 0xabc000);
    CHECK_EQ("record iotval2", sim_memory_peek(h.mem, FQ + 24), 0);
    CHECK_EQ("fqt advanced", rd(&h, REG_FQT, false), 1);
    h_free(&h);
}

/* IODIR.INVAL_DDT's DID width follows the active mode (section 5.4): 2LVL refuses DID[23:16] != 0, 3LVL
 * takes any DID; 1LVL refuses DID[23:7] != 0. */
static void test_iodir_width(void)
{
    static const struct { unsigned mode; uint32_t did; bool illegal; } cases[] = {
        {2, 0x000080, true}, {2, 0x00007f, false}, {3, 0x010000, true},
        {3, 0x00ffff, false}, {4, 0xffffff, false}, {0, 0xffffff, false},
    };
    for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        h_t h;
        h_init_latency(&h, 1);
        if (cases[c].mode)
            set_ddtp(&h, cases[c].mode);
        wr(&h, REG_CQB, true, (uint64_t)(CQ >> 12) << 10 | 3);
        wr(&h, REG_CQCSR, false, 1);
        sim_memory_poke(h.mem, CQ, iodir_ddt(true, cases[c].did), 0xff);
        sim_memory_poke(h.mem, CQ + 8, 0, 0xff);
        wr(&h, REG_CQT, false, 1);
        run(&h, 10);
        char what[96];
        snprintf(what, sizeof what, "IODIR.INVAL_DDT mode %u DID 0x%x: cqh", cases[c].mode, cases[c].did);
        CHECK_EQ(what, rd(&h, REG_CQH, false), cases[c].illegal ? 0 : 1);
        snprintf(what, sizeof what, "IODIR.INVAL_DDT mode %u DID 0x%x: cmd_ill", cases[c].mode, cases[c].did);
        CHECK_EQ(what, (rd(&h, REG_CQCSR, false) >> 10) & 1, cases[c].illegal);
        h_free(&h);
    }
}

int main(void)
{
    test_2lvl();
    test_3lvl();
    test_latency_and_stall();
    test_fault_record();
    test_iodir_width();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("timing model directory levels: %d checks passed\n", checks);
    return 0;
}
