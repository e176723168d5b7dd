/* Unit test of the timing model (iommu_tm) against docs/microarch.md version 8, cycle by cycle, in a
 * configuration with the second stage (config/rtl_max.cfg of version 8: version 7's plus Sv39x4, Sv48x4, Sv57x4,
 * MSI_MRIF, AMO_MRIF, gscid_bits = 16; checked below): the G-walk states StGpteReq .. StGpteCheck with their
 * addresses (VPN_G with the 11-bit root index) and obs_walk_level, a G-only translation and a two-stage one
 * (implicit G-walks of every first-stage PTE read, then the Final G-walk), a G-stage A/D update (StGadReq,
 * StGadWait), guest-page faults (Final and implicit) with their iotval2 in the fault record, G-stage access
 * faults and 274, MSI translation (StMsiPteReq .. StMsiPteCheck: flat, MRIF with the rsp_mrif_* outputs,
 * execute -> 1, 261, 262, 270), the version 8 IOTLB (context (c) lookups, combined entries, a hit lacking a
 * G-stage bit invalidated and walked, virtual interrupt files never looked up or filled), IOTINVAL.VMA with
 * GV = 1 and IOTINVAL.GVMA, and the latencies of section 5.6 with L = 1; then random two-stage and MSI traffic
 * whose every response must equal the architectural layer's. Every expected value above it is written by
 * hand from the document and the spec ("Process to translate an IOVA" steps 17 - 19, "Process to translate
 * addresses of MSIs", "Fault/Event-Queue" for iotval2, "IOTINVAL.GVMA"). Each failure prints both values. */
#include "tm_harness.h"

#include "config.h"
#include "spec_fields.h"
#include "xlate.h"

enum { ROOT = 0x100000, PT = 0x200000, CQ = 0x10000, FQ = 0x20000, MSIPT = 0x500000 };
enum { GROOT = 0x400000, G1 = 0x404000, G0 = 0x405000, GROOT2 = 0x410000, GROOT3 = 0x420000, GROOT4 = 0x430000 };
enum { TTYP_EXEC = 1, TTYP_READ = 2, TTYP_WRITE = 3 };
enum { TC_V = 1, TC_GADE = 1 << 7 };
static const uint64_t SV39 = 8, SV39X4 = 8, FLAT = 1;

static uint64_t nonleaf(uint64_t table) { return (table >> 12) << 10 | 1; }
static uint64_t leaf(uint64_t ppn, unsigned flags) { return ppn << 10 | flags; }
static void poke(h_t *h, uint64_t a, uint64_t v) { sim_memory_poke(h->mem, a, v, 0xff); }
static uint64_t iohgatp(uint64_t mode, unsigned gscid, uint64_t root) { return mode << 60 | (uint64_t)gscid << 44 | root >> 12; }

/* config/rtl_max.cfg plus the version 8 capabilities of section 3. */
static void v8_config(iommu_config_t *c)
{
    iommu_config_rtl(c);
    c->capabilities |= 1ull << 22 | 1ull << 38 | 1ull << 39 | 1ull << 40; /* MSI_FLAT, PD8, PD17, PD20 */
    c->capabilities = capabilities_SvNx4_ins(c->capabilities, 0xe);  /* Sv39x4, Sv48x4, Sv57x4; no Sv32x4 */
    c->capabilities = capabilities_MSI_MRIF_ins(c->capabilities, 1);
    c->capabilities = capabilities_AMO_MRIF_ins(c->capabilities, 1);
    c->gscid_bits = 16;
}

/* An extended DC (8 doublewords) at ROOT + did * 64 (1LVL). */
static void put_dc(h_t *h, uint32_t did, uint64_t tc, uint64_t hgatp, uint64_t ta, uint64_t fsc, uint64_t msiptp,
                   uint64_t mask, uint64_t pattern)
{
    uint64_t w[8] = {tc, hgatp, ta, fsc, msiptp, mask, pattern, 0};
    for (unsigned k = 0; k < 8; k++)
        poke(h, ROOT + 64u * did + 8 * k, w[k]);
}

static void setup(h_t *h)
{
    iommu_config_t cfg;
    v8_config(&cfg);
    h_init_cfg_latency(h, &cfg, 1);
    CHECK_EQ("capabilities", rd(h, REG_CAPABILITIES, true), cfg.capabilities);
    wr(h, REG_CQB, true, (CQ >> 12) << 10 | 3);
    wr(h, REG_CQCSR, false, 1);
    wr(h, REG_FQB, true, (FQ >> 12) << 10 | 3);
    wr(h, REG_FQCSR, false, 1);
    wr(h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | 2); /* 1LVL */
    run(h, 2);
    /* Sv39x4 tables at GROOT: GPA 0x40000000 + 0x1000 k -> SPA 0x88000000 + 0x1000 k through three levels
     * (VPN_G[2] = GPA bits 40:30 = 1, VPN_G[1] = 0, VPN_G[0] = k) */
    poke(h, GROOT + 1 * 8, nonleaf(G1));
    poke(h, G1 + 0, nonleaf(G0));
    poke(h, G0 + 1 * 8, leaf(0x88001, 0xdf));            /* V R W X U A D */
    poke(h, G0 + 2 * 8, leaf(0x88002, 0x57));            /* V R W U A: no X, no D */
    poke(h, G0 + 3 * 8, leaf(0x88003, 0x1f));            /* V R W X U: no A, no D */
    /* Sv39x4 at GROOT2: 1 GiB leaves at the root, GPA [0, 1 GiB) -> SPA the same, [1, 2 GiB) -> [2, 3 GiB) */
    poke(h, GROOT2 + 0, leaf(0, 0xdf));
    poke(h, GROOT2 + 8, leaf(0x80000, 0xdf));
    /* Sv39x4 at GROOT3: the first GiB without U */
    poke(h, GROOT3 + 0, leaf(0, 0xcf));
    /* Sv39 first-stage tables at GPA PT (= SPA through GROOT2): IOVA 0x40000000 -> GPA 0x40005000 */
    poke(h, PT + 1 * 8, nonleaf(PT + 0x1000));
    poke(h, PT + 0x1000, nonleaf(PT + 0x2000));
    poke(h, PT + 0x2000, leaf(0x40005, 0xdf));
}

/* The fault record in slot n: cause (dw0 bits 11:0), iotval (dw2), iotval2 (dw3). */
static void check_record(h_t *h, unsigned n, unsigned cause, uint64_t iotval, uint64_t iotval2)
{
    uint64_t rec = FQ + 32u * n;
    CHECK_EQ("record: cause", sim_memory_peek(h->mem, rec) & 0xfff, cause);
    CHECK_EQ("record: iotval", sim_memory_peek(h->mem, rec + 16), iotval);
    CHECK_EQ("record: iotval2", sim_memory_peek(h->mem, rec + 24), iotval2);
}

/* A G-only translation (Bare first stage, Sv39x4, three levels), its IOTLB entry (context (c)), a hit lacking
 * a G-stage bit, Final guest-page faults. */
static void test_g_only(void)
{
    h_t h;
    setup(&h);
    put_dc(&h, 1, TC_V, iohgatp(SV39X4, 7, GROOT), 0, 0, 0, 0, 0);
    unsigned a = translate(&h, 1, TTYP_READ, 0x40001010);
    static const int walk[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               GR, GW, GC, GR, GW, GC, GR, GW, GC, RS, I, -1};
    check_states(&h, "G-only: DC, G-walk of 3 levels", a + 1, walk);
    CHECK_EQ("5.6: 1 + 8(L+1) + 1 + 3(L+2) = 27 cycles", h.rsp_cycle, a + 1 + 27);
    CHECK_EQ("StGpteReq level 2: iohgatp.PPN * 4096 + VPN_G[2] * 8", h.hist[a + 19].mem_req_addr, GROOT + 8);
    CHECK_EQ("StGpteReq: a read", h.hist[a + 19].mem_req_op, 0);
    CHECK_EQ("StGpteReq: obs_walk_level 2", h.hist[a + 19].obs_walk_level, 2);
    CHECK_EQ("StGpteWait: obs_walk_level 2", h.hist[a + 20].obs_walk_level, 2);
    CHECK_EQ("StGpteCheck: obs_walk_level 2", h.hist[a + 21].obs_walk_level, 2);
    CHECK_EQ("StGpteCheck level 2: no fill", h.hist[a + 21].obs_tlb_fill, 0);
    CHECK_EQ("StGpteReq level 1", h.hist[a + 22].mem_req_addr, G1);
    CHECK_EQ("StGpteReq: obs_walk_level 1", h.hist[a + 22].obs_walk_level, 1);
    CHECK_EQ("StGpteReq level 0", h.hist[a + 25].mem_req_addr, G0 + 8);
    CHECK_EQ("StGpteReq: obs_walk_level 0", h.hist[a + 25].obs_walk_level, 0);
    CHECK_EQ("Final G-leaf: IOTLB fill", h.hist[a + 27].obs_tlb_fill, 1);
    CHECK_EQ("Final G-leaf: way 0", h.hist[a + 27].obs_tlb_fill_way, 0);
    CHECK_EQ("StRespond: no walk level", h.hist[a + 28].obs_walk_level, 0);
    CHECK_EQ("translated address", h.rsp_out.rsp_pa, 0x88001010);
    CHECK_EQ("no fault", h.rsp_out.rsp_fault, 0);
    CHECK_EQ("no MRIF", h.rsp_out.rsp_mrif, 0);

    /* context (c): lookup and hit, for read, write and execute (the G-leaf grants all) */
    a = translate(&h, 1, TTYP_READ, 0x40001ff8);
    CHECK_EQ("context (c): IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("context (c): hit way 0", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("hit: StRespond next", h.rsp_cycle, a + 2);
    CHECK_EQ("hit: translated address", h.rsp_out.rsp_pa, 0x88001ff8);
    a = translate(&h, 1, TTYP_WRITE, 0x40001000);
    CHECK_EQ("write hit (gW, gD)", h.rsp_cycle, a + 2);
    a = translate(&h, 1, TTYP_EXEC, 0x40001000);
    CHECK_EQ("execute hit (gX)", h.rsp_cycle, a + 2);
    a = translate(&h, 1, TTYP_READ, 0x40000000);
    CHECK_EQ("another page: lookup", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("another page: miss", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("another page: StDcCheck with the cached DC", h.hist[a + 2].obs_state, DC);
    CHECK_EQ("G-leaf V = 0: guest-page fault (read 21)", h.rsp_out.rsp_cause, 21);
    check_record(&h, 0, 21, 0x40000000, 0x40000000); /* Final: bits 1:0 of iotval2 are 0 */
    /* an IOVA wider than GAW (41) is not lookup-eligible, and its Final G-walk faults at its start */
    a = translate(&h, 1, TTYP_WRITE, 1ull << 41 | 0x1000);
    CHECK_EQ("bits 63:GAW set: no IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 0);
    static const int wide[] = {LK, DC, FT, QR, QW, QR, QW, QR, QW, QR, QW, RS, -1};
    check_states(&h, "GPA wider than GAW: fault in StDcCheck", a + 1, wide);
    CHECK_EQ("write guest-page fault 23", h.rsp_out.rsp_cause, 23);
    check_record(&h, 1, 23, 1ull << 41 | 0x1000, 1ull << 41 | 0x1000);

    /* a G-leaf without X and D: a read fills way 1; execute hits, lacks gX: invalidated, walked, fault 20 */
    a = translate(&h, 1, TTYP_READ, 0x40002000);
    CHECK_EQ("no-X page: filled", h.hist[a + 1 + 1 + 1 + 9 - 1].obs_tlb_fill, 1);
    CHECK_EQ("no-X page: way 1", h.hist[a + 1 + 1 + 1 + 9 - 1].obs_tlb_fill_way, 1);
    a = translate(&h, 1, TTYP_EXEC, 0x40002040);
    CHECK_EQ("execute: hit way 1", h.hist[a + 1].obs_tlb_hit_way, 1);
    CHECK_EQ("execute: the entry lacks gX: invalidated", h.hist[a + 1].obs_tlb_inval, 0x2);
    static const int lack[] = {LK, DC, GR, GW, GC, GR, GW, GC, GR, GW, GC, FT, -1};
    check_states(&h, "lacking gX: walked", a + 1, lack);
    CHECK_EQ("execute guest-page fault 20", h.rsp_out.rsp_cause, 20);
    check_record(&h, 2, 20, 0x40002040, 0x40002040);
    /* a read fills way 2; a write hits it, lacks gD (tc.GADE = 0): invalidated, walked, fault 23 */
    a = translate(&h, 1, TTYP_READ, 0x40002000);
    a = translate(&h, 1, TTYP_WRITE, 0x40002008);
    CHECK_EQ("write: hit way 2", h.hist[a + 1].obs_tlb_hit_way, 2);
    CHECK_EQ("write: the entry lacks gD: invalidated", h.hist[a + 1].obs_tlb_inval, 0x4);
    CHECK_EQ("write guest-page fault 23", h.rsp_out.rsp_cause, 23);
    check_record(&h, 3, 23, 0x40002008, 0x40002008);
    /* another GSCID (a DC of device 2 with the same tables) does not hit device 1's entries, nor its did */
    put_dc(&h, 2, TC_V, iohgatp(SV39X4, 8, GROOT), 0, 0, 0, 0, 0);
    a = translate(&h, 2, TTYP_READ, 0x40001000);
    CHECK_EQ("device 2: lookup", h.hist[a + 1].obs_tlb_lookup, 0); /* DDTC miss first */
    a = translate(&h, 2, TTYP_READ, 0x40001000);
    CHECK_EQ("device 2: its own entry (filled way 3)", h.hist[a + 1].obs_tlb_hit_way, 3);
    h_free(&h);
}

/* G-stage A/D update (tc.GADE = 1): the CAS, StGpteCheck again, the entry with gD. */
static void test_gade(void)
{
    h_t h;
    setup(&h);
    put_dc(&h, 5, TC_V | TC_GADE, iohgatp(SV39X4, 3, GROOT), 0, 0, 0, 0, 0);
    unsigned a = translate(&h, 5, TTYP_WRITE, 0x40003100);
    static const int walk[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               GR, GW, GC, GR, GW, GC, GR, GW, GC, GAR, GAW, GC, RS, -1};
    check_states(&h, "GADE: G-walk, CAS, check again", a + 1, walk);
    CHECK_EQ("5.6: + (L+1) + 1 = 30 cycles", h.rsp_cycle, a + 1 + 30);
    CHECK_EQ("StGadReq: CAS", h.hist[a + 28].mem_req_op, 2);
    CHECK_EQ("StGadReq: at the G-leaf", h.hist[a + 28].mem_req_addr, G0 + 24);
    CHECK_EQ("StGadReq: compare with the PTE as read", h.hist[a + 28].mem_req_cmp, leaf(0x88003, 0x1f));
    CHECK_EQ("StGadReq: A and D set (write)", h.hist[a + 28].mem_req_wdata, leaf(0x88003, 0xdf));
    CHECK_EQ("StGadReq: obs_walk_level 0", h.hist[a + 28].obs_walk_level, 0);
    CHECK_EQ("first StGpteCheck of the leaf: no fill", h.hist[a + 27].obs_tlb_fill, 0);
    CHECK_EQ("StGpteCheck after the CAS: fill", h.hist[a + 30].obs_tlb_fill, 1);
    CHECK_EQ("memory holds A and D", sim_memory_peek(h.mem, G0 + 24), leaf(0x88003, 0xdf));
    CHECK_EQ("translated", h.rsp_out.rsp_pa, 0x88003100);
    a = translate(&h, 5, TTYP_WRITE, 0x40003200);
    CHECK_EQ("the entry has gD: a write hits", h.rsp_cycle, a + 2);
    h_free(&h);
}

/* Sv39 over Sv39x4: every first-stage PTE read after its G-walk (1 level here), then the Final G-walk; the
 * combined entry; IOTINVAL.VMA GV = 1 and IOTINVAL.GVMA. */
static void test_two_stage_and_inval(void)
{
    h_t h;
    setup(&h);
    put_dc(&h, 3, TC_V, iohgatp(SV39X4, 9, GROOT2), 0x33ull << 12, SV39 << 60 | PT >> 12, 0, 0, 0);
    unsigned a = translate(&h, 3, TTYP_READ, 0x40000010);
    static const int walk[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               GR, GW, GC, PR, PW, PC, GR, GW, GC, PR, PW, PC, GR, GW, GC, PR, PW, PC,
                               GR, GW, GC, RS, -1};
    check_states(&h, "two-stage: implicit G-walks, Final G-walk", a + 1, walk);
    CHECK_EQ("5.6: 27 + 3 (L+2) + 1 (L+2) = 39 cycles", h.rsp_cycle, a + 1 + 39);
    CHECK_EQ("FsPte G-walk of GPA PT + 8: root index 0", h.hist[a + 19].mem_req_addr, GROOT2);
    CHECK_EQ("its level (the 1 GiB G-leaf)", h.hist[a + 19].obs_walk_level, 2);
    CHECK_EQ("StPteReq reads the G-leaf's SPA", h.hist[a + 22].mem_req_addr, PT + 8);
    CHECK_EQ("StPteReq: first-stage level 2", h.hist[a + 22].obs_walk_level, 2);
    CHECK_EQ("no fill in the first-stage leaf's StPteCheck", h.hist[a + 36].obs_tlb_fill, 0);
    CHECK_EQ("level-0 PTE read", h.hist[a + 34].mem_req_addr, PT + 0x2000);
    CHECK_EQ("Final G-walk of GPA 0x40005010: root index 1", h.hist[a + 37].mem_req_addr, GROOT2 + 8);
    CHECK_EQ("Final G-leaf: fill", h.hist[a + 39].obs_tlb_fill, 1);
    CHECK_EQ("SPA", h.rsp_out.rsp_pa, 0x80005010);
    a = translate(&h, 3, TTYP_READ, 0x40000ff0);
    CHECK_EQ("context (a) with gv = 1: hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("combined entry: level 0 (the smaller)", h.rsp_out.rsp_pa, 0x80005ff0);
    a = translate(&h, 3, TTYP_READ, 0x40001000);
    CHECK_EQ("the next 4 KiB page is not covered", h.hist[a + 1].obs_tlb_hit, 0);

    /* the commands, one at a time: the CX cycle's invalidations */
    struct {
        const char *what;
        uint64_t dw0, dw1;
        unsigned inval; /* obs_tlb_inval in StCmdExec */
        bool refill;    /* translate again afterwards (the next fill's way) */
    } cmds[] = {
        {"VMA GV=0 all: host entries only", 1, 0, 0, false},
        {"VMA GV=1 another GSCID", 1 | 1ull << 33 | 8ull << 44, 0, 0, false},
        {"VMA GV=1 GSCID 9 PSCV PSCID 0x34", 1 | 1ull << 33 | 9ull << 44 | 1ull << 32 | 0x34ull << 12, 0, 0, false},
        {"VMA GV=1 GSCID 9 AV other page", 1 | 1ull << 33 | 9ull << 44 | 1 << 10, (0x40200000ull >> 12) << 10, 0, false},
        {"VMA GV=1 GSCID 9 AV PSCV 0x33", 1 | 1ull << 33 | 9ull << 44 | 1 << 10 | 1ull << 32 | 0x33ull << 12,
         (0x40000000ull >> 12) << 10, 0x1, true},
        {"GVMA GV=1 another GSCID", 1 | 1 << 7 | 1ull << 33 | 8ull << 44, 0, 0, false},
        {"GVMA GV=1 GSCID 9 AV (any address)", 1 | 1 << 7 | 1ull << 33 | 9ull << 44 | 1 << 10,
         (0x12345000ull >> 12) << 10, 0x2, true},
        {"GVMA GV=0: every VM entry", 1 | 1 << 7, 0, 0x4, false},
    };
    unsigned slot = 0;
    for (unsigned n = 0; n < sizeof cmds / sizeof cmds[0]; n++) {
        cmd_at(&h, CQ, slot, cmds[n].dw0, cmds[n].dw1);
        unsigned from = h.cycle;
        wr(&h, REG_CQT, false, ++slot);
        run(&h, 12);
        unsigned cx = find_state(&h, from, CX);
        if (h.hist[cx].obs_tlb_inval != cmds[n].inval) {
            printf("FAIL %s: obs_tlb_inval 0x%x, expected 0x%x\n", cmds[n].what, h.hist[cx].obs_tlb_inval,
                   cmds[n].inval);
            failures++;
        }
        checks++;
        if (cmds[n].refill)
            translate(&h, 3, TTYP_READ, 0x40000010);
    }
    CHECK_EQ("no command was illegal", rd(&h, REG_CQCSR, false) >> 10 & 1, 0);
    /* GVMA with PSCV = 1 is illegal */
    cmd_at(&h, CQ, slot, 1 | 1 << 7 | 1ull << 32, 0);
    wr(&h, REG_CQT, false, ++slot);
    run(&h, 12);
    CHECK_EQ("GVMA with PSCV: cmd_ill", rd(&h, REG_CQCSR, false) >> 10 & 1, 1);
    h_free(&h);
}

/* Guest-page faults of implicit accesses, G-stage memory errors. */
static void test_implicit_faults(void)
{
    h_t h;
    setup(&h);
    put_dc(&h, 6, TC_V, iohgatp(SV39X4, 1, GROOT3), 0x5ull << 12, SV39 << 60 | PT >> 12, 0, 0, 0);
    unsigned a = translate(&h, 6, TTYP_WRITE, 0x40000010);
    static const int walk[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               GR, GW, GC, FT, -1};
    check_states(&h, "FsPte G-leaf without U", a + 1, walk);
    CHECK_EQ("guest-page fault of the request's access (write 23)", h.rsp_out.rsp_cause, 23);
    check_record(&h, 0, 23, 0x40000010, (PT + 8) | 1); /* implicit: bit 0 */

    put_dc(&h, 7, TC_V, iohgatp(SV39X4, 2, GROOT4), 0, 0, 0, 0, 0);
    sim_memory_set_error(h.mem, GROOT4, 1);
    a = translate(&h, 7, TTYP_READ, 0x1000);
    static const int err[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                              GR, GW, FT, -1};
    check_states(&h, "G-stage PTE read error: decided in StGpteWait", a + 1, err);
    CHECK_EQ("error 1: load access fault 5", h.rsp_out.rsp_cause, 5);
    sim_memory_set_error(h.mem, GROOT4, 2);
    a = translate(&h, 7, TTYP_EXEC, 0x1000);
    CHECK_EQ("error 2: 274", h.rsp_out.rsp_cause, 274);
    check_record(&h, 2, 274, 0x1000, 0); /* not a guest-page fault: iotval2 0 */
    h_free(&h);
}

/* MSI translation: flat, MRIF, execute, 262, 261, 270; no IOTLB lookup or fill for a virtual interrupt file. */
static void test_msi(void)
{
    h_t h;
    setup(&h);
    /* VIF pages 0x30000 .. 0x30003 (mask 0x3): I = GPA bits 13:12 */
    put_dc(&h, 4, TC_V, iohgatp(SV39X4, 1, GROOT2), 0, 0, FLAT << 60 | MSIPT >> 12, 0x3, 0x30000);
    poke(&h, MSIPT + 2 * 16, 0x9abcdull << 10 | 3 << 1 | 1);          /* flat (M = 3) */
    poke(&h, MSIPT + 3 * 16, (0x7654200ull >> 9) << 7 | 1 << 1 | 1);  /* MRIF (M = 1) */
    poke(&h, MSIPT + 3 * 16 + 8, 1ull << 60 | 0x12345ull << 10 | 0x155);
    poke(&h, MSIPT + 1 * 16, 0x9abcdull << 10 | 3 << 1);               /* V = 0 */
    unsigned a = translate(&h, 4, TTYP_WRITE, 0x30002008);
    static const int flat[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               XR, XW, XR, XW, XC, RS, -1};
    check_states(&h, "MSI flat", a + 1, flat);
    CHECK_EQ("5.6: MSI translation 2(L+1)+1 to StRespond", h.rsp_cycle, a + 1 + 18 + 5);
    CHECK_EQ("StMsiPteReq k = 0: msiptp.PPN * 4096 | I * 16", h.hist[a + 19].mem_req_addr, MSIPT + 32);
    CHECK_EQ("StMsiPteReq k = 1", h.hist[a + 21].mem_req_addr, MSIPT + 40);
    CHECK_EQ("StMsiPteReq: a read", h.hist[a + 21].mem_req_op, 0);
    CHECK_EQ("flat: PPN * 4096 | offset", h.rsp_out.rsp_pa, 0x9abcd008);
    CHECK_EQ("flat: no MRIF", h.rsp_out.rsp_mrif, 0);
    for (unsigned c = a; c <= h.rsp_cycle; c++)
        CHECK_EQ("MSI translations never fill", h.hist[c].obs_tlb_fill, 0);
    a = translate(&h, 4, TTYP_WRITE, 0x30002008);
    CHECK_EQ("VIF address: no IOTLB lookup (context (c) excludes it)", h.hist[a + 1].obs_tlb_lookup, 0);
    static const int again[] = {LK, DC, XR, XW, XR, XW, XC, RS, -1};
    check_states(&h, "MSI with the cached DC", a + 1, again);

    a = translate(&h, 4, TTYP_WRITE, 0x30003000);
    CHECK_EQ("MRIF: rsp_mrif", h.rsp_out.rsp_mrif, 1);
    CHECK_EQ("MRIF: address", h.rsp_out.rsp_mrif_addr, 0x7654200);
    CHECK_EQ("MRIF: notice address", h.rsp_out.rsp_notice_addr, 0x12345000);
    CHECK_EQ("MRIF: notice data N10 * 1024 + N", h.rsp_out.rsp_notice_data, 0x555);
    CHECK_EQ("MRIF: rsp_pa 0", h.rsp_out.rsp_pa, 0);
    CHECK_EQ("MRIF: no fault", h.rsp_out.rsp_fault, 0);
    CHECK_EQ("MRIF: StRespond only: 0 in the next cycle", h.hist[h.rsp_cycle + 1].rsp_mrif, 0);
    a = translate(&h, 4, TTYP_EXEC, 0x30003000);
    CHECK_EQ("execute on an MSI page: cause 1", h.rsp_out.rsp_cause, 1);
    CHECK_EQ("execute: rsp_mrif 0", h.rsp_out.rsp_mrif, 0);
    CHECK_EQ("execute: no MRIF address", h.rsp_out.rsp_mrif_addr, 0);
    a = translate(&h, 4, TTYP_WRITE, 0x30001000);
    CHECK_EQ("V = 0: 262", h.rsp_out.rsp_cause, 262);
    sim_memory_set_error(h.mem, MSIPT, 1);
    a = translate(&h, 4, TTYP_WRITE, 0x30000000);
    static const int e1[] = {LK, DC, XR, XW, FT, -1};
    check_states(&h, "MSI PTE error on k = 0: decided in StMsiPteWait", a + 1, e1);
    CHECK_EQ("error 1: 261", h.rsp_out.rsp_cause, 261);
    sim_memory_set_error(h.mem, MSIPT, 0);
    sim_memory_set_error(h.mem, MSIPT + 8, 2);
    a = translate(&h, 4, TTYP_WRITE, 0x30000000);
    static const int e2[] = {LK, DC, XR, XW, XR, XW, FT, -1};
    check_states(&h, "MSI PTE error on k = 1", a + 1, e2);
    CHECK_EQ("error 2: 270", h.rsp_out.rsp_cause, 270);

    /* not a VIF page: the Final G-walk, filled, then looked up and hit */
    a = translate(&h, 4, TTYP_WRITE, 0x40001000);
    static const int gw[] = {LK, DC, GR, GW, GC, RS, -1};
    check_states(&h, "non-VIF GPA: Final G-walk", a + 1, gw);
    CHECK_EQ("non-VIF: looked up", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("non-VIF: fill", h.hist[a + 5].obs_tlb_fill, 1);
    CHECK_EQ("non-VIF: SPA", h.rsp_out.rsp_pa, 0x80001000);
    a = translate(&h, 4, TTYP_WRITE, 0x40001008);
    CHECK_EQ("non-VIF: hit", h.rsp_cycle, a + 2);
    h_free(&h);
}


/* ---- random two-stage and MSI traffic: the timing model's responses (IOTLB hits included) against the
 * architectural layer's translation of the same request on a copy of the same memory ---- */

typedef struct {
    h_t *h;
    sim_memory_t *ref;   /* the architectural layer's memory: every table write goes to both */
    uint64_t next_page;  /* bump allocator */
    uint64_t rng;
} rnd_t;

static uint64_t rnd(rnd_t *r)
{
    r->rng ^= r->rng << 13;
    r->rng ^= r->rng >> 7;
    r->rng ^= r->rng << 17;
    return r->rng;
}
static unsigned rnd_n(rnd_t *r, unsigned n) { return (unsigned)(rnd(r) % n); }
static void poke2(rnd_t *r, uint64_t a, uint64_t v)
{
    sim_memory_poke(r->h->mem, a, v, 0xff);
    sim_memory_poke(r->ref, a, v, 0xff);
}
static uint64_t rd2(rnd_t *r, uint64_t a) { return sim_memory_peek(r->ref, a); }
static uint64_t alloc_pages(rnd_t *r, unsigned n)
{
    uint64_t a = r->next_page;
    r->next_page += 4096u * n;
    return a;
}

/* Maps the 4 KiB page at va to pa in a table of `levels` levels at root (x4: an 11-bit root index): each
 * missing pointer is allocated; an existing leaf on the way leaves the mapping out. */
static void map_page(rnd_t *r, uint64_t root, unsigned levels, bool x4, uint64_t va, uint64_t pa, unsigned flags)
{
    uint64_t a = root;
    for (unsigned i = levels - 1;; i--) {
        unsigned bits = (x4 && i == levels - 1) ? 11 : 9;
        uint64_t e = a + ((va >> (12 + 9 * i)) & ((1u << bits) - 1)) * 8;
        uint64_t pte = rd2(r, e);
        if (i == 0) {
            poke2(r, e, (pa >> 12) << 10 | flags);
            return;
        }
        if ((pte & 1) && (pte & 0xe))
            return; /* a leaf already */
        if (!(pte & 1)) {
            uint64_t t = alloc_pages(r, 1);
            poke2(r, e, nonleaf(t));
            a = t;
        } else {
            a = ((pte >> 10) & field_ones(44)) << 12;
        }
    }
}

static int ref_read(void *u, uint64_t a, unsigned n, uint64_t *d) { return sim_memory_read(u, a, n, d); }
static int ref_write(void *u, uint64_t a, uint64_t d, uint8_t be) { return sim_memory_write(u, a, d, be); }
static int ref_cas(void *u, uint64_t a, uint64_t c, uint64_t d, uint64_t *o) { return sim_memory_cas(u, a, c, d, o); }

static void test_random(void)
{
    h_t h;
    setup(&h);
    rnd_t r = {.h = &h, .ref = sim_memory_new(), .next_page = 0x1000000, .rng = 0x9e3779b97f4a7c15ull};
    /* the setup's memory (DCs are written below; the fixed tables are not used here) */
    iommu_config_t cfg;
    v8_config(&cfg);
    enum { DEVS = 8, PAGES = 12 };
    uint64_t iova[DEVS][PAGES];
    for (uint32_t d = 0; d < DEVS; d++) {
        unsigned gl = 3 + rnd_n(&r, 3);               /* Sv39x4, Sv48x4, Sv57x4 */
        unsigned fl = rnd_n(&r, 3) ? 2 + rnd_n(&r, 2) : 0; /* Bare, Sv39 (3 levels), Sv48 (4 levels) */
        if (fl) fl += 1;
        r.next_page = (r.next_page + 0x3fff) & ~0x3fffull; /* the G-stage root: 16 KiB, aligned */
        uint64_t groot = alloc_pages(&r, 4);
        uint64_t fsroot = fl ? alloc_pages(&r, 1) : 0;
        uint64_t tc = TC_V | (rnd_n(&r, 2) ? TC_GADE : 0) | (rnd_n(&r, 2) ? 1u << 8 : 0); /* GADE, SADE */
        bool msi = rnd_n(&r, 2);
        uint64_t msipt = alloc_pages(&r, 1);
        for (unsigned i = 0; i < 4; i++) { /* MSI PTEs of VIF pages 0x30000 .. 0x30003 */
            unsigned kind = rnd_n(&r, 4);
            uint64_t w0 = kind == 0 ? (0x9a000ull + i) << 10 | 7 : kind == 1 ? (0x7654200ull >> 9) << 7 | 3
                        : kind == 2 ? 6 /* V = 0 */ : 1 << 1 | 1 | 1ull << 5; /* MRIF with a reserved bit */
            poke2(&r, msipt + 16 * i, w0);
            poke2(&r, msipt + 16 * i + 8, 0x12345ull << 10 | i);
        }
        uint64_t w[8] = {tc, iohgatp(5 + gl, rnd_n(&r, 3), groot), (uint64_t)(1 + rnd_n(&r, 2)) << 12,
                         fl ? (uint64_t)(fl == 3 ? SV39 : SV39 + 1) << 60 | fsroot >> 12 : 0,
                         msi ? FLAT << 60 | msipt >> 12 : 0, msi ? 0x3 : 0, msi ? 0x30000 : 0, 0};
        for (unsigned k = 0; k < 8; k++)
            poke2(&r, ROOT + 64u * d + 8 * k, w[k]);
        /* the first-stage tables are GPAs = SPAs: every table page the first stage may use is G-mapped R
         * (sometimes without A, or rarely without U) */
        for (unsigned p = 0; p < PAGES; p++) {
            uint64_t gpa_data = 0x40000000ull + 0x200000ull * rnd_n(&r, 4) + 0x1000ull * rnd_n(&r, 8);
            if (msi && rnd_n(&r, 5) == 0)
                gpa_data = 0x30000000ull + 0x1000ull * rnd_n(&r, 4);
            uint64_t spa = alloc_pages(&r, 1);
            unsigned gflags = 0x11 | (rnd_n(&r, 8) ? 0x2 : 0) | (rnd_n(&r, 2) ? 0x4 : 0) | (rnd_n(&r, 2) ? 0x8 : 0) |
                              (rnd_n(&r, 3) ? 0x40 : 0) | (rnd_n(&r, 2) ? 0x80 : 0);
            if ((gflags & 0x6) == 0x4) gflags |= 0x2; /* W without R is reserved: keep it a readable page */
            if (!(gpa_data >> 28 == 3))
                map_page(&r, groot, gl, true, gpa_data, spa, gflags);
            if (fl) {
                iova[d][p] = 0x80000000ull + 0x1000ull * p;
                unsigned fflags = 0x11 | 0x2 | (rnd_n(&r, 2) ? 0x4 : 0) | (rnd_n(&r, 2) ? 0x8 : 0) |
                                  (rnd_n(&r, 3) ? 0x40 : 0) | (rnd_n(&r, 2) ? 0x80 : 0);
                uint64_t before = r.next_page;
                map_page(&r, fsroot, fl, false, iova[d][p], gpa_data, fflags);
                for (uint64_t t = before; t < r.next_page; t += 4096) /* new first-stage table pages */
                    map_page(&r, groot, gl, true, t, t, 0x03 | (rnd_n(&r, 4) ? 0x40 : 0) | (rnd_n(&r, 40) ? 0x10 : 0));
            } else {
                iova[d][p] = gpa_data;
            }
        }
        if (fl) /* the root table page */
            map_page(&r, groot, gl, true, fsroot, fsroot, 0x53);
    }
    iommu_mem_if_t mif = {.read = ref_read, .write = ref_write, .cas = ref_cas, .user = r.ref};
    unsigned hits = 0, faults = 0, mrifs = 0;
    uint32_t d = 0;
    unsigned page = 0;
    for (unsigned n = 0; n < 600; n++) {
        if (rnd_n(&r, 3) == 0) { /* mostly the page of the request before: IOTLB hits */
            d = rnd_n(&r, DEVS);
            page = rnd_n(&r, PAGES);
        }
        uint64_t va = iova[d][page] + 8u * rnd_n(&r, 512);
        uint8_t ttyp = (uint8_t)(1 + rnd_n(&r, 3));
        iommu_request_t req = {.did = d, .ttyp = ttyp, .iova = va};
        xlate_t x;
        xlate_start(&x, &cfg, 0, &req, (uint64_t)(ROOT >> 12) << 10 | 2);
        const xlate_result_t *want = xlate_run(&x, &mif);
        unsigned a = translate(&h, d, ttyp, va);
        char what[96];
        snprintf(what, sizeof what, "random %u: did %u ttyp %u iova 0x%llx", n, d, ttyp, (unsigned long long)va);
        int f0 = failures;
        CHECK_EQ(what, h.rsp_out.rsp_fault, want->fault);
        CHECK_EQ(what, h.rsp_out.rsp_cause, want->fault ? want->cause : 0);
        CHECK_EQ(what, h.rsp_out.rsp_pa, want->fault ? 0 : want->pa);
        CHECK_EQ(what, h.rsp_out.rsp_mrif, want->mrif);
        CHECK_EQ(what, h.rsp_out.rsp_mrif_addr, want->mrif ? want->mrif_addr : 0);
        if (failures != f0 && failures > 20)
            break;
        hits += h.rsp_cycle == a + 2; /* StLookup then StRespond: an IOTLB hit */
        faults += want->fault;
        if (getenv("GSTAGE_DEBUG") && want->fault) printf("cause %u did %u ttyp %u\n", want->cause, d, ttyp);
        mrifs += want->mrif;
    }
    printf("random: %u IOTLB hits, %u faults, %u MRIF responses of 600\n", hits, faults, mrifs);
    CHECK_EQ("random traffic hits the IOTLB", hits > 50, 1);
    CHECK_EQ("random traffic faults", faults > 20, 1);
    CHECK_EQ("random traffic succeeds", faults < 560, 1);
    sim_memory_free(r.ref);
    h_free(&h);
}

static void test_config(void)
{
    iommu_config_t c;
    v8_config(&c);
    CHECK_EQ("the timing model implements version 8", iommu_tm_unsupported(&c) == NULL, 1);
    iommu_config_rtl(&c);
    CHECK_EQ("and config/rtl.cfg", iommu_tm_unsupported(&c) == NULL, 1);
    v8_config(&c);
    c.capabilities = capabilities_Sv32x4_ins(c.capabilities, 1);
    CHECK_EQ("Sv32x4 from version 10", iommu_tm_unsupported(&c) == NULL, 1);
    iommu_config_full(&c);
    CHECK_EQ("and config/full.cfg (ATS from version 11)", iommu_tm_unsupported(&c) == NULL, 1);
    /* config/rtl_max.cfg is what v8_config() builds (the test runs from the project's top directory) */
    iommu_config_t want, got;
    char err[512];
    v8_config(&want);
    int rc = iommu_config_load("config/rtl_max.cfg", &got, err, sizeof err);
    CHECK_EQ("config/rtl_max.cfg loads", rc, 0);
    if (rc != 0)
        printf("  %s\n", err);
    else {
        /* version 9's parts (test_tm_hpm checks them) aside */
        got.capabilities = capabilities_HPM_ins(got.capabilities, 0);
        got.capabilities = capabilities_DBG_ins(got.capabilities, 0);
        got.capabilities = capabilities_QOSID_ins(got.capabilities, 0);
        got.hpm_counters = got.hpm_counter_bits = got.rcid_bits = got.mcid_bits = 0;
        /* and version 10's (test_tm_formats checks them) */
        uint64_t c10 = got.capabilities;
        c10 = capabilities_Sv32_ins(c10, 0);
        c10 = capabilities_Sv32x4_ins(c10, 0);
        c10 = capabilities_Svrsw60t59b_ins(c10, 0);
        c10 = capabilities_Svpbmt_ins(c10, 0);
        c10 = capabilities_END_ins(c10, 0);
        c10 = capabilities_NL_ins(c10, 0);
        c10 = capabilities_S_ins(c10, 0);
        got.capabilities = c10;
        got.svnapot = false;
        got.fctl_be_writable = got.fctl_gxl_writable = false;
        got.cq_log2sz_max = got.fq_log2sz_max = 32;
        /* and version 11's (test_tm_ats checks them) */
        got.capabilities = capabilities_ATS_ins(got.capabilities, 0);
        got.capabilities = capabilities_T2GPA_ins(got.capabilities, 0);
        got.pq_log2sz_max = 0;
        CHECK_EQ("config/rtl_max.cfg = the version 8 configuration of this test", iommu_config_equal(&want, &got, NULL, 0), 1);
    }
}

int main(void)
{
    test_config();
    test_g_only();
    test_gade();
    test_two_stage_and_inval();
    test_implicit_faults();
    test_msi();
    test_random();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("timing model second stage and MSI translation: %d checks passed\n", checks);
    return 0;
}
