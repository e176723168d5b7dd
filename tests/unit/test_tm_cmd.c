/* Unit test of the timing model (iommu_tm) against docs/microarch.md version 2 (wires: fctl.WSI = 1), cycle
 * by cycle, with the harness of tm_harness.h (a memory that answers every request one cycle after its
 * handshake, L = 1, and no back-pressure): the command
 * processor's states, fetch addresses and the IOFENCE.C write (section 5.4), the StIdle priority of a
 * runnable command (5.1), cqmf on a failed fence write and a failed fetch, cmd_ill, fence_w_ip and cip with
 * the wire (4.3), the device-context cache and IOTLB paths of StLookup (steps 4 - 6), the fills, the walk's
 * G flag, IOTINVAL.VMA and IODIR.INVAL_DDT invalidation events and the ddtp-change flush (4.5). Every
 * expected sequence is written by hand from the document. Each failure prints both values. */
#include "tm_harness.h"

enum { CQ = 0x10000 };

static void test_commands(void)
{
    h_t h;
    h_init(&h);
    wr(&h, REG_FCTL, false, 0x2);                /* fctl.WSI = 1: wires (reset 0 = MSI, version 3) */
    wr(&h, REG_ICVEC, false, 0x5);               /* civ = 5 */
    wr(&h, REG_CQB, true, (CQ >> 12) << 10 | 2);  /* 8 entries at 0x10000 */
    cmd_at(&h, CQ, 0, iofence(true, true, 0xdeadbeef), 0x20004 >> 2);
    cmd_at(&h, CQ, 1, iotinval(false, false, 0), 0);
    cmd_at(&h, CQ, 2, 0, 0);                       /* opcode 0: reserved, illegal */
    wr(&h, REG_CQCSR, false, 3);                   /* cqen, cie */
    CHECK_EQ("cqcsr: cqon, busy clear", rd(&h, REG_CQCSR, false), 0x10003);
    CHECK_EQ("req_ready with an empty queue", h.hist[h.cycle - 1].req_ready, 1);
    wr(&h, REG_CQT, false, 3);
    unsigned n = h.reg_accept + 1; /* first cycle with cqt = 3 */
    run(&h, 40);
    static const int want[] = {I, CR, CW, CR, CW, CX, FR, FW, I, CR, CW, CR, CW, CX, I, CR, CW, CR, CW, CX, I, I, -1};
    check_states(&h, "three commands", n, want);
    CHECK_EQ("runnable command: req_ready 0 in StIdle", h.hist[n].req_ready, 0);
    CHECK_EQ("fetch cq[0] dw0", h.hist[n + 1].mem_req_addr, CQ);
    CHECK_EQ("fetch is a read", h.hist[n + 1].mem_req_op, 0);
    CHECK_EQ("fetch be", h.hist[n + 1].mem_req_be, 0xff);
    CHECK_EQ("fetch cq[0] dw1", h.hist[n + 3].mem_req_addr, CQ + 8);
    CHECK_EQ("fence write address: bits 2:0 cleared", h.hist[n + 6].mem_req_addr, 0x20000);
    CHECK_EQ("fence write op", h.hist[n + 6].mem_req_op, 1);
    CHECK_EQ("fence write be: upper half (ADDR bit 2 = 1)", h.hist[n + 6].mem_req_be, 0xf0);
    CHECK_EQ("fence write data in the upper half", h.hist[n + 6].mem_req_wdata, 0xdeadbeef00000000ull);
    CHECK_EQ("memory written", sim_memory_peek(h.mem, 0x20000), 0xdeadbeef00000000ull);
    CHECK_EQ("no wire before fence_w_ip", h.hist[n + 7].wsi, 0);
    CHECK_EQ("cip on civ's wire the cycle after the fence edge", h.hist[n + 8].wsi, 1u << 5);
    CHECK_EQ("fetch cq[1]", h.hist[n + 9].mem_req_addr, CQ + 16);
    CHECK_EQ("IOTINVAL.VMA with an empty IOTLB invalidates nothing", h.hist[n + 13].obs_tlb_inval, 0);
    CHECK_EQ("fetch cq[2]", h.hist[n + 15].mem_req_addr, CQ + 32);
    CHECK_EQ("stopped by cmd_ill: req_ready again", h.hist[n + 20].req_ready, 1);
    CHECK_EQ("cqh stays at the illegal command", rd(&h, REG_CQH, false), 2);
    CHECK_EQ("cqcsr: cqen cie cmd_ill fence_w_ip cqon", rd(&h, REG_CQCSR, false), 0x10c03);
    CHECK_EQ("ipsr.cip", rd(&h, REG_IPSR, false), 1);
    wr(&h, REG_IPSR, false, 1);
    CHECK_EQ("cip clear while the condition holds: stays 1", rd(&h, REG_IPSR, false), 1);

    /* replace the illegal command by a fence without AV, clear cmd_ill and fence_w_ip */
    cmd_at(&h, CQ, 2, iofence(false, false, 0), 0);
    cmd_at(&h, CQ, 3, iofence(true, false, 0x1234), 0x30000 >> 2);
    sim_memory_set_error(h.mem, 0x30000, 1);
    wr(&h, REG_CQT, false, 4);
    wr(&h, REG_CQCSR, false, 0xc03);
    run(&h, 40);
    CHECK_EQ("the failed fence write stops at cq[3]", rd(&h, REG_CQH, false), 3);
    CHECK_EQ("cqcsr: cqmf", rd(&h, REG_CQCSR, false), 0x10103);
    CHECK_EQ("fence write be: lower half", h.hist[find_state(&h, h.reg_accept - 30, FR)].mem_req_be, 0x0f);
    /* the memory repaired and cqmf cleared, the fence runs again */
    sim_memory_set_error(h.mem, 0x30000, 0);
    wr(&h, REG_CQCSR, false, 0x103);
    run(&h, 20);
    CHECK_EQ("fence done", rd(&h, REG_CQH, false), 4);
    CHECK_EQ("fence data in the lower half", sim_memory_peek(h.mem, 0x30000), 0x1234);
    wr(&h, REG_IPSR, false, 1);
    CHECK_EQ("cip cleared once the condition is gone", rd(&h, REG_IPSR, false), 0);
    /* a failed fetch: cqmf, cqh unchanged, one fetch beat */
    sim_memory_set_error(h.mem, CQ + 4 * 16, 1);
    wr(&h, REG_CQT, false, 5);
    n = h.reg_accept + 1;
    run(&h, 10);
    static const int want_mf[] = {I, CR, CW, I, I, -1};
    check_states(&h, "failed fetch", n, want_mf);
    CHECK_EQ("failed fetch: cqh stays", rd(&h, REG_CQH, false), 4);
    CHECK_EQ("failed fetch: cqmf", rd(&h, REG_CQCSR, false), 0x10103);
    CHECK_EQ("cip set again", rd(&h, REG_IPSR, false), 1);
    /* cqcsr busy while a command runs: a cqcsr write during the fetch completes after the command */
    sim_memory_set_error(h.mem, CQ + 4 * 16, 0);
    cmd_at(&h, CQ, 4, iofence(false, false, 0), 0);
    wr(&h, REG_CQCSR, false, 0x103); /* clears cqmf; the command runs after busy clears */
    run(&h, 2);                      /* into the command's fetch */
    h.reg_valid = true;              /* disable the queue while the command runs */
    h.reg_write = true;
    h.reg_addr = REG_CQCSR;
    h.reg_size8 = false;
    h.reg_wdata = 0;
    h.reg_rsp = false;
    run(&h, 2);
    CHECK_EQ("the disabling write lands in StCqWait", h.hist[h.reg_accept].obs_state, CW);
    uint64_t mid = rd(&h, REG_CQCSR, false);
    CHECK_EQ("the read lands in a command state", h.hist[h.reg_accept].obs_state >= CR, 1);
    CHECK_EQ("during the command: busy, cqon still 1, cqen 0", mid, 0x30000);
    run(&h, 10);
    CHECK_EQ("the command ran to completion", rd(&h, REG_CQH, false), 5);
    CHECK_EQ("then cqon follows cqen and busy clears", rd(&h, REG_CQCSR, false), 0);
    h_free(&h);
}

/* Device-context cache and IOTLB through StLookup (5.1 steps 4 - 6), fills, invalidation commands and the
 * ddtp flush. DDT at 0x100000 (1LVL), did 1's DC: V, PSCID 0x11, Sv39 root 0x200000. 0x40000000 and
 * 0x40001000 are 4 KiB pages; the second one's leaf has G = 1. */
static void test_caches(void)
{
    h_t h;
    h_init(&h);
    uint64_t dc = 0x100000 + 1 * 32;
    sim_memory_poke(h.mem, dc + 0, 0x1, 0xff);
    sim_memory_poke(h.mem, dc + 8, 0, 0xff);
    sim_memory_poke(h.mem, dc + 16, 0x11ull << 12, 0xff);
    sim_memory_poke(h.mem, dc + 24, 8ull << 60 | 0x200, 0xff);
    sim_memory_poke(h.mem, 0x200000 + 1 * 8, 0x201ull << 10 | 1, 0xff);
    sim_memory_poke(h.mem, 0x201000 + 0 * 8, 0x202ull << 10 | 1, 0xff);
    sim_memory_poke(h.mem, 0x202000 + 0 * 8, 0x80000ull << 10 | 0xd7, 0xff);
    sim_memory_poke(h.mem, 0x202000 + 1 * 8, 0x80001ull << 10 | 0xf7, 0xff); /* G */
    wr(&h, REG_CQB, true, (CQ >> 12) << 10 | 3);
    wr(&h, REG_CQCSR, false, 1);
    wr(&h, REG_DDTP, true, 0x100ull << 10 | 2);
    run(&h, 2);

    unsigned a = translate(&h, 1, 2, 0x40000010);
    static const int miss[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DC, PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, -1};
    check_states(&h, "DC cache miss, walk", a + 1, miss);
    CHECK_EQ("DDTC lookup", h.hist[a + 1].obs_ddtc_lookup, 1);
    CHECK_EQ("DDTC miss", h.hist[a + 1].obs_ddtc_hit, 0);
    CHECK_EQ("no IOTLB lookup on a DDTC miss", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("DDTC fill in StDcCheck", h.hist[a + 10].obs_ddtc_fill, 1);
    CHECK_EQ("DDTC fill way", h.hist[a + 10].obs_ddtc_fill_way, 0);
    CHECK_EQ("IOTLB fill", h.hist[a + 19].obs_tlb_fill, 1);
    CHECK_EQ("pa", h.rsp_out.rsp_pa, 0x80000010);

    a = translate(&h, 1, 2, 0x40000020);
    static const int hit[] = {LK, RS, -1};
    check_states(&h, "DDTC and IOTLB hit", a + 1, hit);
    CHECK_EQ("DDTC hit", h.hist[a + 1].obs_ddtc_hit, 1);
    CHECK_EQ("IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("IOTLB hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("pa from the IOTLB", h.rsp_out.rsp_pa, 0x80000020);

    /* IOTINVAL.VMA AV=1 PSCV=1 PSCID=0x11 ADDR=0x40000000: way 0 */
    cmd_at(&h, CQ, 0, iotinval(true, true, 0x11), 0x40000000ull >> 12 << 10);
    wr(&h, REG_CQT, false, 1);
    run(&h, 8);
    CHECK_EQ("IOTINVAL.VMA invalidates way 0", h.hist[find_state(&h, h.reg_accept, CX)].obs_tlb_inval, 0x1);

    a = translate(&h, 1, 2, 0x40000030);
    static const int dchit[] = {LK, DC, PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, -1};
    check_states(&h, "DDTC hit, IOTLB miss: StDcCheck without a read", a + 1, dchit);
    CHECK_EQ("IOTLB miss", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("no DDTC fill for a cached DC", h.hist[a + 2].obs_ddtc_fill, 0);
    CHECK_EQ("IOTLB fill way 1", h.hist[a + 11].obs_tlb_fill_way, 1);

    a = translate(&h, 1, 2, 0x40001000);
    CHECK_EQ("global page: fill way 2", h.hist[a + 11].obs_tlb_fill_way, 2);
    CHECK_EQ("global page pa", h.rsp_out.rsp_pa, 0x80001000);

    /* IOTINVAL.VMA PSCV=1 PSCID=0x11: keeps the global entry (way 2) */
    cmd_at(&h, CQ, 1, iotinval(false, true, 0x11), 0);
    /* IODIR.INVAL_DDT DV=1 DID=2: nothing; DID=1: way 0 */
    cmd_at(&h, CQ, 2, iodir_ddt(true, 2), 0);
    cmd_at(&h, CQ, 3, iodir_ddt(true, 1), 0);
    wr(&h, REG_CQT, false, 4);
    unsigned n = h.reg_accept;
    run(&h, 30);
    unsigned x1 = find_state(&h, n, CX), x2 = find_state(&h, x1 + 1, CX), x3 = find_state(&h, x2 + 1, CX);
    CHECK_EQ("PSCV=1: the non-global entry only", h.hist[x1].obs_tlb_inval, 0x2);
    CHECK_EQ("IODIR DID 2: nothing", h.hist[x2].obs_ddtc_inval, 0);
    CHECK_EQ("IODIR DID 1: way 0", h.hist[x3].obs_ddtc_inval, 0x1);
    CHECK_EQ("IODIR does not touch the IOTLB", h.hist[x3].obs_tlb_inval, 0);
    CHECK_EQ("all done", rd(&h, REG_CQH, false), 4);

    a = translate(&h, 1, 2, 0x40000040);
    check_states(&h, "DDTC miss after IODIR", a + 1, miss);
    CHECK_EQ("DDTC fill way 1 (the pointer did not move back)", h.hist[a + 10].obs_ddtc_fill_way, 1);
    CHECK_EQ("no eviction: way 1 was empty", h.hist[a + 10].obs_ddtc_evict, 0);
    CHECK_EQ("IOTLB fill way 3", h.hist[a + 19].obs_tlb_fill_way, 3);

    /* a ddtp write flushes both caches when its busy clears (in StIdle) */
    wr(&h, REG_DDTP, true, 1);
    CHECK_EQ("ddtp flush: IOTLB ways 2, 3", h.hist[h.reg_accept + 1].obs_tlb_inval, 0xc);
    CHECK_EQ("ddtp flush: DDTC way 1", h.hist[h.reg_accept + 1].obs_ddtc_inval, 0x2);
    run(&h, 2);
    wr(&h, REG_DDTP, true, 0x100ull << 10 | 2);
    CHECK_EQ("second ddtp change: nothing left", h.hist[h.reg_accept + 1].obs_tlb_inval, 0);
    run(&h, 2);
    a = translate(&h, 1, 2, 0x40001000);
    check_states(&h, "after the flush: a full miss", a + 1, miss);
    h_free(&h);
}

int main(void)
{
    test_commands();
    test_caches();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("timing model commands and caches: %d checks passed\n", checks);
    return 0;
}
