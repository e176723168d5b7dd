/* Unit test of the timing model (iommu_tm) against docs/microarch.md version 10 (section 5.8, section 6.6), cycle
 * by cycle, in the version 10 configuration (config/rtl_max.cfg of version 9 plus Sv32, Sv32x4 with a writable
 * fctl.GXL, Svnapot, Svpbmt, Svrsw60t59b, END with a writable fctl.BE, NL, S, queues of at most 2^20 entries):
 * Sv32 walks (the PTE address a + VPN[i] * 4, the doubleword read and the 4-byte half that address bit 2 selects,
 * 4 MiB leaves, misaligned ones, IOVA bits 63:32), the 8-byte compare-and-swap of a 4-byte PTE's A/D update
 * (other half unchanged; a change of the other half fails it and the PTE is read again), Sv32x4 G-walks (12-bit
 * root index, 34-bit GPAs, fctl.GXL against tc.SXL), big-endian structures on the memory port (DC, first-stage
 * 8- and 4-byte PTEs and their CAS, command words, the IOFENCE.C data, fault records, MSI data), NAPOT IOTLB
 * entries (a 64 KiB hit range, PPN bits 3:0 from the IOVA), the page size of a combined entry (an Sv32 4 MiB
 * page over 2 MiB G-leaves), IOTINVAL address ranges (S = 1) matching and not matching, NL accepted and S/NL
 * illegal without their capabilities, cqb/fqb LOG2SZ WARL, and rsp_pbmt (its values, present only in the
 * StRespond cycle, from an IOTLB hit, first stage over second stage, 0 on a fault, tr_response.PBMT). Every
 * expected value is written by hand from the document and the spec (privileged "Sv32", "Svnapot", "Svpbmt",
 * hypervisor "Sv32x4", IOMMU "Endianness of in-memory data structures", "Fault/Event-Queue", "Address Range
 * Invalidation Extension"); big-endian constants are the byte-reversed little-endian values. Each failure prints
 * both values. */
#include "tm_harness.h"

#include "config.h"
#include "iotlb.h"
#include "spec_fields.h"
#include "xlate.h"

enum { ROOT = 0x100000, CQ = 0x10000, FQ = 0x20000 };
enum { TTYP_EXEC = 1, TTYP_READ = 2, TTYP_WRITE = 3 };
enum { TC_V = 1, TC_SADE = 1 << 8, TC_SBE = 1 << 10, TC_SXL = 1 << 11 };
static const uint64_t SV39 = 8, SV32 = 8, SV39X4 = 8, SV32X4 = 8;

static uint64_t nonleaf(uint64_t table) { return (table >> 12) << 10 | 1; }
static uint64_t leaf(uint64_t ppn, unsigned flags) { return ppn << 10 | flags; }
static void poke(h_t *h, uint64_t a, uint64_t v) { sim_memory_poke(h->mem, a, v, 0xff); }
static uint64_t peek(h_t *h, uint64_t a) { return sim_memory_peek(h->mem, a); }
static uint64_t iohgatp(uint64_t mode, unsigned gscid, uint64_t root) { return mode << 60 | (uint64_t)gscid << 44 | root >> 12; }
static uint64_t fsc(uint64_t mode, uint64_t root) { return mode << 60 | root >> 12; }

/* docs/microarch.md section 3, version 10: version 9's configuration (without HPM and QOSID, which this test does
 * not need) plus every version 10 feature. */
static void v10_config(iommu_config_t *c)
{
    iommu_config_rtl(c);
    c->capabilities |= 1ull << 22 | 1ull << 38 | 1ull << 39 | 1ull << 40; /* MSI_FLAT, PD8, PD17, PD20 */
    c->capabilities = capabilities_SvNx4_ins(c->capabilities, 0xf);  /* Sv32x4, Sv39x4, Sv48x4, Sv57x4 */
    c->capabilities = capabilities_MSI_MRIF_ins(c->capabilities, 1);
    c->capabilities = capabilities_AMO_MRIF_ins(c->capabilities, 1);
    c->capabilities = capabilities_DBG_ins(c->capabilities, 1);
    c->capabilities = capabilities_Sv32_ins(c->capabilities, 1);
    c->capabilities = capabilities_Svpbmt_ins(c->capabilities, 1);
    c->capabilities = capabilities_Svrsw60t59b_ins(c->capabilities, 1);
    c->capabilities = capabilities_END_ins(c->capabilities, 1);
    c->capabilities = capabilities_NL_ins(c->capabilities, 1);
    c->capabilities = capabilities_S_ins(c->capabilities, 1);
    c->gscid_bits = 16;
    c->svnapot = true;
    c->fctl_be_writable = c->fctl_gxl_writable = true;
    c->cq_log2sz_max = c->fq_log2sz_max = 20;
}

/* An extended DC (8 doublewords) at ROOT + did * 64 (1LVL), each doubleword big-endian when be. */
static void put_dc_order(h_t *h, bool be, uint32_t did, uint64_t tc, uint64_t hgatp, uint64_t ta, uint64_t f)
{
    uint64_t w[8] = {tc, hgatp, ta, f, 0, 0, 0, 0};
    for (unsigned k = 0; k < 8; k++)
        poke(h, ROOT + 64u * did + 8 * k, be ? __builtin_bswap64(w[k]) : w[k]);
}
static void put_dc(h_t *h, uint32_t did, uint64_t tc, uint64_t hgatp, uint64_t ta, uint64_t f)
{
    put_dc_order(h, false, did, tc, hgatp, ta, f);
}

static void setup_cfg(h_t *h, const iommu_config_t *cfg)
{
    h_init_cfg_latency(h, cfg, 1);
    wr(h, REG_CQB, true, (CQ >> 12) << 10 | 3); /* 16 commands */
    wr(h, REG_CQCSR, false, 1);
    wr(h, REG_FQB, true, (FQ >> 12) << 10 | 3);
    wr(h, REG_FQCSR, false, 1);
    wr(h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | 2); /* 1LVL */
    run(h, 2);
}

static void setup(h_t *h)
{
    iommu_config_t cfg;
    v10_config(&cfg);
    CHECK_EQ("the timing model implements version 10", iommu_tm_unsupported(&cfg) == NULL, 1);
    setup_cfg(h, &cfg);
}

/* Runs command (dw0, dw1) at cqt (slot *slot) and returns the cycle of its StCmdExec; big-endian words when be. */
static unsigned command(h_t *h, unsigned *slot, bool be, uint64_t dw0, uint64_t dw1)
{
    cmd_at(h, CQ, *slot, be ? __builtin_bswap64(dw0) : dw0, be ? __builtin_bswap64(dw1) : dw1);
    unsigned from = h->cycle;
    *slot = (*slot + 1) % 16;
    wr(h, REG_CQT, false, *slot);
    run(h, 12);
    return find_state(h, from, CX);
}

/* ------------------------------------------------------------------------------------------------- Sv32 */

static void test_sv32(void)
{
    h_t h;
    setup(&h);
    enum { PT = 0x200000, L0 = 0x201000 };
    put_dc(&h, 1, TC_V | TC_SXL, 0, 0, fsc(SV32, PT));
    /* IOVA 0x12345678: VPN[1] = bits 31:22 = 0x48, VPN[0] = bits 21:12 = 0x345, offset 0x678.
     * Level 1 PTE at PT + 0x48 * 4 = 0x200120: the low half of the doubleword 0x200120 (its high half, PTE 0x49,
     * is invalid: taking it would fault). Level 0 PTE at L0 + 0x345 * 4 = 0x201d14: the high half of 0x201d10. */
    poke(&h, 0x200120, 0xfffffffe00000000ull | nonleaf(L0));
    poke(&h, 0x201d10, 0x0eaf34d70000fffeull); /* high half: leaf PPN 0x3abcd, V R W U A D; low: V = 0 */
    unsigned a = translate(&h, 1, TTYP_READ, 0x12345678);
    static const int walk[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               PR, PW, PC, PR, PW, PC, RS, I, -1};
    check_states(&h, "Sv32: DC, walk of 2 levels", a + 1, walk);
    CHECK_EQ("5.8 latency of an 8-byte walk: 1 + 8(L+1) + 1 + 2(L+2) = 24", h.rsp_cycle, a + 1 + 24);
    CHECK_EQ("StPteReq level 1: the doubleword of a + VPN[1] * 4", h.hist[a + 19].mem_req_addr, 0x200120);
    CHECK_EQ("StPteReq: a read of the doubleword", h.hist[a + 19].mem_req_op, 0);
    CHECK_EQ("StPteReq: byte enables 0xff", h.hist[a + 19].mem_req_be, 0xff);
    CHECK_EQ("StPteReq: obs_walk_level 1", h.hist[a + 19].obs_walk_level, 1);
    CHECK_EQ("StPteReq level 0: 0x201d14 with bits 2:0 cleared", h.hist[a + 22].mem_req_addr, 0x201d10);
    CHECK_EQ("StPteReq: obs_walk_level 0", h.hist[a + 22].obs_walk_level, 0);
    CHECK_EQ("leaf: IOTLB fill", h.hist[a + 24].obs_tlb_fill, 1);
    CHECK_EQ("PPN 0x3abcd (the high half) | offset", h.rsp_out.rsp_pa, 0x3abcd678);
    CHECK_EQ("no fault", h.rsp_out.rsp_fault, 0);
    CHECK_EQ("Sv32 has no PBMT", h.rsp_out.rsp_pbmt, 0);

    a = translate(&h, 1, TTYP_READ, 0x12345ffc);
    CHECK_EQ("Sv32 context (a) IOTLB hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("hit: StRespond next", h.rsp_cycle, a + 2);
    CHECK_EQ("hit: translated address", h.rsp_out.rsp_pa, 0x3abcdffc);

    /* a 4 MiB leaf at level 1: IOVA 0x40123456, VPN[1] = 0x100, PTE at 0x200400 (low half); PPN 0x80400 (PPN[0]
     * = 0): pa = 0x80400000 | IOVA bits 21:0 = 0x80523456. PTE 0x101 (the high half) is invalid. */
    poke(&h, 0x200400, 0xfffffffe00000000ull | leaf(0x80400, 0xd7));
    a = translate(&h, 1, TTYP_READ, 0x40123456);
    static const int one[] = {LK, DC, PR, PW, PC, RS, I, -1};
    check_states(&h, "Sv32 4 MiB: cached DC, one level", a + 1, one);
    CHECK_EQ("StPteReq: 0x200400", h.hist[a + 3].mem_req_addr, 0x200400);
    CHECK_EQ("4 MiB: translated address", h.rsp_out.rsp_pa, 0x80523456);
    a = translate(&h, 1, TTYP_READ, 0x403ffff0);
    CHECK_EQ("4 MiB entry: hit at its last bytes", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("4 MiB entry: IOVA bits 21:0 kept", h.rsp_out.rsp_pa, 0x807ffff0);
    a = translate(&h, 1, TTYP_READ, 0x40400000);
    CHECK_EQ("the next 4 MiB misses", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("its PTE is the high half of 0x200400", h.hist[a + 3].mem_req_addr, 0x200400);
    CHECK_EQ("V = 0 there: read page fault", h.rsp_out.rsp_cause, 13);
    /* misaligned: PPN 0x80401 at level 1 (PPN[0] = 1), PTE 0x102 at 0x200408 */
    poke(&h, 0x200408, leaf(0x80401, 0xd7));
    translate(&h, 1, TTYP_READ, 0x40800000);
    CHECK_EQ("misaligned 4 MiB leaf: page fault", h.rsp_out.rsp_cause, 13);
    /* IOVA bits 63:32 not 0: eligible context, but no entry holds it; the DC check faults */
    a = translate(&h, 1, TTYP_WRITE, 0x100000000ull | 0x12345678);
    CHECK_EQ("IOVA bit 32: IOTLB lookup (context (a))", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("IOVA bit 32: no hit", h.hist[a + 1].obs_tlb_hit, 0);
    static const int wide[] = {LK, DC, FT, -1};
    check_states(&h, "IOVA bit 32: fault in StDcCheck", a + 1, wide);
    CHECK_EQ("write page fault", h.rsp_out.rsp_cause, 15);

    /* S-range invalidation of the two entries (way 0: 4 KiB at 0x12345000, way 1: 4 MiB at 0x40000000) */
    unsigned slot = 0;
    unsigned x = command(&h, &slot, false, iotinval(true, false, 0), (0x12344000ull >> 12) << 10 | 1u << 9);
    CHECK_EQ("S = 1, ADDR 0x12344000 (X = 0: 8 KiB at 0x12344000) holds way 0's page", h.hist[x].obs_tlb_inval, 0x1);
    x = command(&h, &slot, false, iotinval(true, false, 0), (0x40001000ull >> 12) << 10 | 1u << 9);
    CHECK_EQ("S = 1, ADDR 0x40001000 (16 KiB at 0x40000000) overlaps the 4 MiB page", h.hist[x].obs_tlb_inval, 0x2);
    CHECK_EQ("both commands legal", cqcsr_cmd_ill(rd(&h, REG_CQCSR, false)), 0);
    CHECK_EQ("cqh advanced twice", rd(&h, REG_CQH, false), 2);
    /* the entry's G is the PTE's (bit 5 of its half): the leaf's G = 0, while the other half (0x0000fffe) has
     * bit 5 set; IOTINVAL.VMA PSCV = 1 PSCID 0 invalidates the refilled, non-global entry (way 2) */
    translate(&h, 1, TTYP_READ, 0x12345678);
    x = command(&h, &slot, false, iotinval(false, true, 0), 0);
    CHECK_EQ("PSCV = 1: the Sv32 leaf's entry is not global", h.hist[x].obs_tlb_inval, 0x4);
    h_free(&h);
}

/* The A/D update of a 4-byte PTE: an 8-byte CAS of its doubleword. */
static void test_sv32_ad(void)
{
    h_t h;
    setup(&h);
    enum { PT = 0x210000, L0 = 0x211000 };
    put_dc(&h, 2, TC_V | TC_SXL | TC_SADE, 0, 0, fsc(SV32, PT));
    poke(&h, PT, nonleaf(L0) << 32); /* VPN[1] = 1: the high half of PT */
    /* IOVA 0x403008: VPN[0] = 3, PTE at 0x21100c (high half of 0x211008): PPN 0x55555 V R W U, A = D = 0; the low
     * half is PTE 2, a valid leaf that must stay as it is */
    poke(&h, 0x211008, 0x15555417011111cfull);
    unsigned a = translate(&h, 2, TTYP_READ, 0x403008);
    unsigned ar = find_state(&h, a, AR);
    CHECK_EQ("StAdReq: the doubleword's address", h.hist[ar].mem_req_addr, 0x211008);
    CHECK_EQ("StAdReq: op CAS", h.hist[ar].mem_req_op, 2);
    CHECK_EQ("StAdReq: byte enables 0xff", h.hist[ar].mem_req_be, 0xff);
    CHECK_EQ("StAdReq: compare value = the doubleword as read", h.hist[ar].mem_req_cmp, 0x15555417011111cfull);
    CHECK_EQ("StAdReq: the high half with A, the low half unchanged", h.hist[ar].mem_req_wdata, 0x15555457011111cfull);
    CHECK_EQ("StAdReq: obs_walk_level 0", h.hist[ar].obs_walk_level, 0);
    CHECK_EQ("read with A set: pa", h.rsp_out.rsp_pa, 0x55555008);
    CHECK_EQ("memory: A set, the neighbour unchanged", peek(&h, 0x211008), 0x15555457011111cfull);
    /* a write: PTE 4 at 0x211010 (low half) PPN 0x66666 V R W U A, D = 0: D is set in the low half */
    poke(&h, 0x211010, 0xabcd000019999857ull);
    a = translate(&h, 2, TTYP_WRITE, 0x404010);
    ar = find_state(&h, a, AR);
    CHECK_EQ("write: CAS of 0x211010", h.hist[ar].mem_req_addr, 0x211010);
    CHECK_EQ("write: compare value", h.hist[ar].mem_req_cmp, 0xabcd000019999857ull);
    CHECK_EQ("write: D set in the low half", h.hist[ar].mem_req_wdata, 0xabcd0000199998d7ull);
    CHECK_EQ("write: pa", h.rsp_out.rsp_pa, 0x66666010);
    /* software changes the other half between the read and the CAS: the CAS fails, the PTE is read again */
    poke(&h, 0x211018, leaf(0x77777, 0x17));
    h.plant = true;
    h.plant_val = 1ull << 32 | leaf(0x77777, 0x17);
    unsigned cas0 = h.cas_count;
    a = translate(&h, 2, TTYP_READ, 0x406000);
    ar = find_state(&h, a, AR);
    static const int retry[] = {AR, AW, PR, PW, PC, AR, AW, PC, RS, -1};
    check_states(&h, "a change of the other half: the CAS fails, the PTE is read again", ar, retry);
    CHECK_EQ("the re-read: the same doubleword", h.hist[ar + 2].mem_req_addr, 0x211018);
    CHECK_EQ("the second CAS compares with the changed doubleword", h.hist[ar + 5].mem_req_cmp,
             1ull << 32 | leaf(0x77777, 0x17));
    CHECK_EQ("two compare-and-swaps", h.cas_count - cas0, 2);
    CHECK_EQ("memory: A set, the other half as software left it", peek(&h, 0x211018), 1ull << 32 | leaf(0x77777, 0x57));
    CHECK_EQ("pa", h.rsp_out.rsp_pa, 0x77777000);
    h_free(&h);
}

/* ------------------------------------------------------------------------------------------------ Sv32x4 */

static void test_sv32x4(void)
{
    h_t h;
    setup(&h);
    enum { GROOT = 0x400000, G0 = 0x405000 };
    wr(&h, REG_FCTL, false, 0x4); /* GXL = 1 */
    CHECK_EQ("fctl.GXL writable", rd(&h, REG_FCTL, false), 0x4);
    put_dc(&h, 3, TC_V | TC_SXL, iohgatp(SV32X4, 5, GROOT), 0, 0);
    /* GPA 0x312345678: VPN_G[1] = bits 33:22 = 0xc48 (12 bits at the root), PTE at GROOT + 0xc48 * 4 = 0x403120
     * (low half); VPN_G[0] = 0x345, PTE at G0 + 0xd14 (high half of 0x405d10): PPN 0x77777 V R W U A D */
    poke(&h, 0x403120, 0xfffffffe00000000ull | nonleaf(G0));
    poke(&h, 0x405d10, (uint64_t)leaf(0x77777, 0xd7) << 32);
    unsigned a = translate(&h, 3, TTYP_READ, 0x312345678ull);
    static const int walk[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               GR, GW, GC, GR, GW, GC, RS, I, -1};
    check_states(&h, "Sv32x4: DC, G-walk of 2 levels", a + 1, walk);
    CHECK_EQ("StGpteReq root: GROOT + VPN_G[1] * 4", h.hist[a + 19].mem_req_addr, 0x403120);
    CHECK_EQ("StGpteReq: obs_walk_level 1", h.hist[a + 19].obs_walk_level, 1);
    CHECK_EQ("StGpteReq level 0: doubleword 0x405d10", h.hist[a + 22].mem_req_addr, 0x405d10);
    CHECK_EQ("Final G-leaf: fill", h.hist[a + 24].obs_tlb_fill, 1);
    CHECK_EQ("spa", h.rsp_out.rsp_pa, 0x77777678);
    a = translate(&h, 3, TTYP_READ, 0x312345000ull);
    CHECK_EQ("context (c) with Sv32x4: hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("hit: spa", h.rsp_out.rsp_pa, 0x77777000);
    /* a GPA of 35 bits: not lookup-eligible, guest-page fault at the G-walk start (iotval2 = the GPA) */
    a = translate(&h, 3, TTYP_READ, 0x412345678ull);
    CHECK_EQ("GPA bit 34: no lookup", h.hist[a + 1].obs_tlb_lookup, 0);
    static const int wide[] = {LK, DC, FT, QR, -1};
    check_states(&h, "GPA bit 34: guest-page fault in StDcCheck", a + 1, wide);
    CHECK_EQ("read guest-page fault 21", h.rsp_out.rsp_cause, 21);
    CHECK_EQ("record: iotval2 = the GPA", peek(&h, FQ + 24), 0x412345678ull);
    /* fctl.GXL = 1 with tc.SXL = 0: the DC is misconfigured */
    put_dc(&h, 4, TC_V, iohgatp(SV32X4, 5, GROOT), 0, 0);
    translate(&h, 4, TTYP_READ, 0x1000);
    CHECK_EQ("GXL = 1, SXL = 0: 259", h.rsp_out.rsp_cause, 259);
    h_free(&h);
}

/* An Sv32 4 MiB page over Sv39x4 2 MiB G-leaves (fctl.GXL = 0, writable: tc.SXL = 1 is legal): the entry's page
 * is 2 MiB. */
static void test_combined(void)
{
    h_t h;
    setup(&h);
    enum { GROOT = 0x410000, G1 = 0x414000, PT = 0x220000 };
    put_dc(&h, 5, TC_V | TC_SXL, iohgatp(SV39X4, 9, GROOT), 0, fsc(SV32, PT));
    poke(&h, GROOT + 0, leaf(0, 0xdf));          /* GPA [0, 1 GiB): identity 1 GiB leaf */
    poke(&h, GROOT + 8, nonleaf(G1));            /* GPA [1 GiB, 2 GiB) */
    poke(&h, G1 + 0, leaf(0x88000, 0xdf));       /* GPA 0x40000000: 2 MiB -> 0x88000000 */
    poke(&h, G1 + 8, leaf(0x99000, 0xdf));       /* GPA 0x40200000: 2 MiB -> 0x99000000 */
    /* IOVA 0x80123456: VPN[1] = 0x200, PTE at GPA 0x220800 (low half): 4 MiB leaf PPN 0x40000 -> GPA 0x40123456 */
    poke(&h, 0x220800, leaf(0x40000, 0xd7));
    unsigned a = translate(&h, 5, TTYP_READ, 0x80123456);
    static const int walk[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               GR, GW, GC, PR, PW, PC, GR, GW, GC, GR, GW, GC, RS, -1};
    check_states(&h, "Sv32 over Sv39x4: FsPte G-walk, PTE read, Final G-walk", a + 1, walk);
    CHECK_EQ("the Sv32 PTE read at its SPA", h.hist[a + 22].mem_req_addr, 0x220800);
    CHECK_EQ("Final G-walk level 1: G1[0]", h.hist[a + 28].mem_req_addr, G1);
    CHECK_EQ("fill", h.hist[a + 30].obs_tlb_fill, 1);
    CHECK_EQ("spa through the 2 MiB G-leaf", h.rsp_out.rsp_pa, 0x88123456);
    a = translate(&h, 5, TTYP_READ, 0x801ffff0);
    CHECK_EQ("same 2 MiB: hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("hit: spa", h.rsp_out.rsp_pa, 0x881ffff0);
    a = translate(&h, 5, TTYP_READ, 0x80200010);
    CHECK_EQ("the other 2 MiB of the 4 MiB page: lookup", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("the other 2 MiB of the 4 MiB page: miss (the entry is 2 MiB)", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("walked: spa through G1[1]", h.rsp_out.rsp_pa, 0x99000010);
    CHECK_EQ("filled into way 1", h.hist[h.rsp_cycle - 1].obs_tlb_fill_way, 1);
    a = translate(&h, 5, TTYP_READ, 0x803ffff8);
    CHECK_EQ("its last bytes hit way 1", h.hist[a + 1].obs_tlb_hit_way, 1);
    CHECK_EQ("spa", h.rsp_out.rsp_pa, 0x991ffff8);
    /* tc.SXL = 1 over Sv39x4 with a Bare first stage: every GPA is 34 bits (5.8), so context (c) also needs IOVA
     * bits 63:34 = 0 */
    put_dc(&h, 13, TC_V | TC_SXL, iohgatp(SV39X4, 9, GROOT), 0, 0);
    translate(&h, 13, TTYP_READ, 0x40000010);
    CHECK_EQ("G only, SXL = 1: spa", h.rsp_out.rsp_pa, 0x88000010);
    a = translate(&h, 13, TTYP_READ, 1ull << 34 | 0x40000010);
    CHECK_EQ("IOVA bit 34 (below GAW 41) with SXL = 1: not looked up", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("guest-page fault at the G-walk start", h.rsp_out.rsp_cause, 21);
    CHECK_EQ("record: iotval2 = the GPA", peek(&h, FQ + 24), 1ull << 34 | 0x40000010);
    h_free(&h);
}

/* --------------------------------------------------------------------------------------------- Svnapot */

static void test_napot(void)
{
    h_t h;
    setup(&h);
    enum { PT = 0x230000, L1 = 0x231000, L0 = 0x232000 };
    put_dc(&h, 6, TC_V, 0, 0, fsc(SV39, PT));
    poke(&h, PT + 8, nonleaf(L1));
    poke(&h, L1, nonleaf(L0));
    /* IOVA 0x40013abc: VPN[0] = 0x13; L0[0x13] = N = 1, PPN 0x12348 (bits 3:0 = 1000b: 64 KiB) */
    poke(&h, L0 + 0x13 * 8, 0x80000000048d20d7ull);
    unsigned a = translate(&h, 6, TTYP_READ, 0x40013abc);
    CHECK_EQ("NAPOT: PPN bits 3:0 from IOVA bits 15:12", h.rsp_out.rsp_pa, 0x12343abc);
    CHECK_EQ("NAPOT: filled", h.hist[h.rsp_cycle - 1].obs_tlb_fill, 1);
    a = translate(&h, 6, TTYP_READ, 0x4001f008);
    CHECK_EQ("64 KiB entry: hit at its last page (L0[0x1f] is empty)", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("hit: PPN 0x1234f", h.rsp_out.rsp_pa, 0x1234f008);
    a = translate(&h, 6, TTYP_READ, 0x40010000);
    CHECK_EQ("64 KiB entry: hit at its first page", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("hit: PPN 0x12340", h.rsp_out.rsp_pa, 0x12340000);
    a = translate(&h, 6, TTYP_READ, 0x40020000);
    CHECK_EQ("above the 64 KiB: miss", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("walked to the empty L0[0x20]", h.rsp_out.rsp_cause, 13);
    a = translate(&h, 6, TTYP_READ, 0x4000fff0);
    CHECK_EQ("below the 64 KiB: miss", h.hist[a + 1].obs_tlb_hit, 0);
    CHECK_EQ("walked to the empty L0[0xf]", h.rsp_out.rsp_cause, 13);
    /* N = 1 with PPN bits 3:0 = 1001b is reserved */
    poke(&h, L0 + 0x30 * 8, 0x80000000048d24d7ull);
    translate(&h, 6, TTYP_READ, 0x40030000);
    CHECK_EQ("reserved NAPOT encoding: page fault", h.rsp_out.rsp_cause, 13);
    h_free(&h);
}

/* ---------------------------------------------------------------------------------------- big-endian */

static void test_big_endian(void)
{
    h_t h;
    setup(&h);
    enum { PT = 0x240000, L1 = 0x241000, L0 = 0x242000, PT32 = 0x250000, L032 = 0x251000 };
    wr(&h, REG_FCTL, false, 0x1); /* BE = 1, WSI = 0 (MSIs) */
    CHECK_EQ("fctl.BE writable", rd(&h, REG_FCTL, false), 0x1);
    /* the DC big-endian (fctl.BE), Sv39 tables big-endian (tc.SBE = 1), hardware A/D updates */
    put_dc_order(&h, true, 7, TC_V | TC_SBE | TC_SADE, 0, 0, fsc(SV39, PT));
    poke(&h, PT + 8, __builtin_bswap64(nonleaf(L1)));
    poke(&h, L1, __builtin_bswap64(nonleaf(L0)));
    poke(&h, L0 + 5 * 8, 0x5714001c00000000ull);             /* be64(PPN 0x70005, V R W U A, D = 0) */
    poke(&h, L0 + 6 * 8, __builtin_bswap64(leaf(0x70006, 0xd7)));
    unsigned a = translate(&h, 7, TTYP_WRITE, 0x40005010);
    CHECK_EQ("big-endian DC and PTEs: pa", h.rsp_out.rsp_pa, 0x70005010);
    unsigned ar = find_state(&h, a, AR);
    CHECK_EQ("StAdReq: compare value = the doubleword as read", h.hist[ar].mem_req_cmp, 0x5714001c00000000ull);
    CHECK_EQ("StAdReq: write data = be64(PTE with D)", h.hist[ar].mem_req_wdata, 0xd714001c00000000ull);
    a = translate(&h, 7, TTYP_READ, 0x40006000);
    CHECK_EQ("the cached DC (after byte order) hits", h.hist[a + 1].obs_ddtc_hit, 1);
    CHECK_EQ("and is checked without a read", h.hist[a + 2].obs_state, DC);
    CHECK_EQ("pa through L0[6]", h.rsp_out.rsp_pa, 0x70006000);
    /* Sv32 big-endian: 4-byte PTEs byte-reversed within their half. IOVA 0x401008: VPN[1] = 1 (high half of PT32),
     * VPN[0] = 1 (high half of L032): be32(0x94401) = 0x01440900, be32(PPN 0x1abcd V R W U A D) = 0xd734af06 */
    put_dc_order(&h, true, 8, TC_V | TC_SBE | TC_SXL, 0, 0, fsc(SV32, PT32));
    poke(&h, PT32, 0x0144090000000000ull);
    poke(&h, L032, 0xd734af0600000000ull);
    translate(&h, 8, TTYP_READ, 0x401008);
    CHECK_EQ("big-endian Sv32 PTEs: pa", h.rsp_out.rsp_pa, 0x1abcd008);
    /* a process context big-endian (tc.SBE = 1): PD8 directory at 0x260000, PC of process 3 at + 3 * 16 (ta: V,
     * PSCID 0x21; fsc: Sv39 at PT), then a second request of process 3 takes it from the process-context cache,
     * which holds it after byte order */
    enum { PDT = 0x260000 };
    put_dc_order(&h, true, 14, TC_V | TC_SBE | 1u << 5, 0, 0, 1ull << 60 | PDT >> 12); /* PDTV, pdtp PD8 */
    poke(&h, PDT + 3 * 16, __builtin_bswap64(0x21ull << 12 | 1));
    poke(&h, PDT + 3 * 16 + 8, __builtin_bswap64(fsc(SV39, PT)));
    translate_pv(&h, 14, true, 3, false, TTYP_READ, 0x40006010);
    CHECK_EQ("big-endian PC: pa", h.rsp_out.rsp_pa, 0x70006010);
    a = translate_pv(&h, 14, true, 3, false, TTYP_READ, 0x40005020);
    CHECK_EQ("the cached PC (after byte order) hits", h.hist[a + 1].obs_pdtc_hit, 1);
    CHECK_EQ("and the walk uses it", h.rsp_out.rsp_pa, 0x70005020);

    /* commands big-endian: IOFENCE.C AV = 1, DATA 0x11223344 to 0x30004 (the high half): be32 = 0x44332211 */
    unsigned slot = 0;
    unsigned x = command(&h, &slot, true, iofence(true, false, 0x11223344), 0x30004 >> 2);
    CHECK_EQ("the big-endian command decodes: IOFENCE.C with a write", h.hist[x + 1].obs_state, FR);
    CHECK_EQ("StFenceReq: address", h.hist[x + 1].mem_req_addr, 0x30000);
    CHECK_EQ("StFenceReq: the high half", h.hist[x + 1].mem_req_be, 0xf0);
    CHECK_EQ("StFenceReq: be32(DATA) in it", h.hist[x + 1].mem_req_wdata, 0x4433221100000000ull);
    CHECK_EQ("memory", peek(&h, 0x30000), 0x4433221100000000ull);

    /* a fault record big-endian, then its MSI (fip, vector 1) with big-endian data */
    wr(&h, REG_ICVEC, false, 1u << 4);                           /* fiv = 1 */
    wr(&h, (uint16_t)(REG_MSI_ADDR_0 + 16), true, 0x50004);      /* vector 1: the high half of 0x50000 */
    wr(&h, (uint16_t)(REG_MSI_DATA_0 + 16), false, 0xaabbccdd);
    wr(&h, REG_FQCSR, false, 0x3);                               /* fqen, fie */
    run(&h, 4);
    a = translate(&h, 9, TTYP_READ, 0x1000); /* no DC for device 9: 258 */
    CHECK_EQ("258", h.rsp_out.rsp_cause, 258);
    unsigned q = find_state(&h, a, QR);
    /* dw0 = CAUSE 258 | TTYP 2 << 34 | DID 9 << 40 = 0x90800000102 */
    CHECK_EQ("record dw0 big-endian", h.hist[q].mem_req_wdata, 0x0201000008090000ull);
    CHECK_EQ("record dw1", h.hist[q + 2].mem_req_wdata, 0);
    CHECK_EQ("record dw2: be64(iotval 0x1000)", h.hist[q + 4].mem_req_wdata, 0x0010000000000000ull);
    CHECK_EQ("record dw2 address", h.hist[q + 4].mem_req_addr, FQ + 16);
    run(&h, 10);
    unsigned m = find_state(&h, q, MR);
    CHECK_EQ("MSI: address", h.hist[m].mem_req_addr, 0x50000);
    CHECK_EQ("MSI: the high half", h.hist[m].mem_req_be, 0xf0);
    CHECK_EQ("MSI: be32(msi_data_1)", h.hist[m].mem_req_wdata, 0xddccbbaa00000000ull);
    h_free(&h);
}

/* 5.8: each StFqReq drives its record doubleword in the byte order of the fctl.BE registered in its own cycle
 * (a change while the IOMMU is on is UNSPECIFIED in the spec; the contract fixes it): fctl.BE written at the edge
 * that ends the first StFqReq makes the later doublewords big-endian. */
static void test_record_order_change(void)
{
    h_t h;
    setup(&h);
    h.req_valid = true;
    h.req_did = 20; /* no DC: 258 */
    h.req_ttyp = TTYP_READ;
    h.req_iova = 0x1000;
    h.rsp = false;
    unsigned q = 0;
    for (unsigned n = 0; n < 200 && !q; n++) {
        iommu_outputs_t o;
        iommu_tm_outputs(h.tm, &o);
        if (o.obs_state == QR) {
            q = h.cycle;
            h.reg_valid = true; /* fctl.BE = 1, handshaken in this cycle: it takes effect at its edge */
            h.reg_write = true;
            h.reg_addr = REG_FCTL;
            h.reg_size8 = false;
            h.reg_wdata = 1;
        }
        step(&h);
    }
    run(&h, 20);
    CHECK_EQ("the write handshaken in the first StFqReq", h.reg_accept, q);
    CHECK_EQ("dw0 in that cycle's order (BE = 0): CAUSE 258 | TTYP 2 | DID 20", h.hist[q].mem_req_wdata,
             0x0000140800000102ull);
    CHECK_EQ("dw2 after the edge: be64(iotval)", h.hist[q + 4].mem_req_wdata, 0x0010000000000000ull);
    CHECK_EQ("dw2 address", h.hist[q + 4].mem_req_addr, FQ + 16);
    CHECK_EQ("the response", h.rsp_out.rsp_cause, 258);
    h_free(&h);
}

/* --------------------------------------------------------------------------- address ranges, NL, S */

static void test_ranges(void)
{
    /* entries of the host address space (PSCID 1): 4 KiB at 0x40000000 and 0x40003000, 2 MiB at 0x40200000,
     * 4 KiB at 0x40400000, 64 KiB NAPOT at 0x40010000 */
    iotlb_t t;
    iotlb_reset(&t);
    bool evict;
    iotlb_entry_t e[5] = {
        iotlb_make_entry(1, 1, false, 0x40000000, 0, leaf(0x1000, 0xd7)),
        iotlb_make_entry(1, 1, false, 0x40003000, 0, leaf(0x1003, 0xd7)),
        iotlb_make_entry(1, 1, false, 0x40200000, 1, leaf(0x2000, 0xd7)),
        iotlb_make_entry(1, 1, false, 0x40400000, 0, leaf(0x3000, 0xd7)),
        iotlb_make_entry(1, 1, false, 0x40010000, 0, 1ull << 63 | leaf(0x4008, 0xd7)),
    };
    for (unsigned k = 0; k < 5; k++)
        iotlb_fill(&t, &e[k], &evict);
    CHECK_EQ("NAPOT entry: 64 KiB page", t.e[4].page_bits, 16);
    CHECK_EQ("NAPOT entry: hit at 0x4001f000", iotlb_lookup(&t, 1, 1, 0x4001f000, 3), 4);
    CHECK_EQ("NAPOT entry: pa", iotlb_pa(&t.e[4], 0x4001f123), 0x400f123);
    static const struct {
        const char *what;
        bool s;
        uint64_t addr;
        unsigned mask;
    } cases[] = {
        {"S: X = 1, 16 KiB at 0x40000000", true, 0x40001000, 0x03},
        {"S: X = 9, 4 MiB at 0x40000000", true, 0x401ff000, 0x17},
        {"S: X = 0, 8 KiB at 0x40002000", true, 0x40002000, 0x02},
        {"S: 8 KiB inside the 2 MiB page", true, 0x40300000, 0x04},
        {"S: 16 KiB inside the 64 KiB page", true, 0x40011000, 0x10},
        {"S: 16 KiB at 0x40404000: none", true, 0x40405000, 0x00},
        {"S: ADDR all ones (UNSPECIFIED): everything", true, 0xfffffffffffff000ull, 0x1f},
        {"S: ADDR MSB 0, the rest ones: the whole space", true, 0x7ffffffffffff000ull, 0x1f},
        {"S = 0: the 4 KiB page of 0x40001000: none", false, 0x40001000, 0x00},
        {"S = 0: 0x40013000 in the 64 KiB page", false, 0x40013000, 0x10},
        {"S = 0: 0x40300000 in the 2 MiB page", false, 0x40300000, 0x04},
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        iotlb_inval_t c = {.av = true, .addr = cases[k].addr, .s = cases[k].s};
        CHECK_EQ(cases[k].what, iotlb_inval_mask(&t, &c), cases[k].mask);
    }
    iotlb_inval_t gvma = {.gvma = true, .gv = true, .gscid = 3, .av = true, .s = true, .addr = 0x40001000};
    CHECK_EQ("IOTINVAL.GVMA: S changes nothing (no gv = 1 entry)", iotlb_inval_mask(&t, &gvma), 0);

    /* NL accepted with capabilities.NL, invalidating what NL = 0 does */
    h_t h;
    setup(&h);
    enum { PT = 0x260000 };
    put_dc(&h, 10, TC_V | TC_SXL, 0, 0, fsc(SV32, PT));
    poke(&h, PT, leaf(0x80000, 0xd7)); /* VPN[1] = 0: 4 MiB at 0 */
    translate(&h, 10, TTYP_READ, 0x1000);
    unsigned slot = 0;
    unsigned x = command(&h, &slot, false, iotinval(true, false, 0) | 1ull << 34, (0x2000ull >> 12) << 10);
    CHECK_EQ("NL = 1, AV = 1, ADDR in the 4 MiB page: invalidated", h.hist[x].obs_tlb_inval, 0x1);
    CHECK_EQ("NL legal with capabilities.NL", cqcsr_cmd_ill(rd(&h, REG_CQCSR, false)), 0);
    CHECK_EQ("cqh", rd(&h, REG_CQH, false), 1);
    h_free(&h);

    /* without capabilities.NL and .S (version 9's configuration) both bits are reserved */
    iommu_config_t c9;
    iommu_config_rtl(&c9);
    for (unsigned k = 0; k < 2; k++) {
        setup_cfg(&h, &c9);
        slot = 0;
        if (k == 0)
            command(&h, &slot, false, iotinval(false, false, 0) | 1ull << 34, 0);
        else
            command(&h, &slot, false, iotinval(true, false, 0), 1u << 9);
        CHECK_EQ(k == 0 ? "NL without capabilities.NL: cmd_ill" : "S without capabilities.S: cmd_ill",
                 cqcsr_cmd_ill(rd(&h, REG_CQCSR, false)), 1);
        CHECK_EQ("cqh stays at the illegal command", rd(&h, REG_CQH, false), 0);
        h_free(&h);
    }
}

/* ------------------------------------------------------------------------------------- queue sizes */

static void test_queue_warl(void)
{
    h_t h;
    setup(&h);
    wr(&h, REG_CQB, true, 0x123ull << 10 | 31);
    CHECK_EQ("cqb: LOG2SZ-1 = 31 > cq.log2sz_max - 1 stores 19", rd(&h, REG_CQB, true), 0x123ull << 10 | 19);
    wr(&h, REG_CQB, true, 0x123ull << 10 | 19);
    CHECK_EQ("cqb: 19 kept", rd(&h, REG_CQB, true) & 0x1f, 19);
    wr(&h, REG_CQB, true, 0x123ull << 10 | 20);
    CHECK_EQ("cqb: 20 stores 19", rd(&h, REG_CQB, true) & 0x1f, 19);
    wr(&h, REG_CQB, true, 0x123ull << 10 | 4);
    CHECK_EQ("cqb: 4 kept", rd(&h, REG_CQB, true) & 0x1f, 4);
    wr(&h, REG_FQB, true, 0x456ull << 10 | 25);
    CHECK_EQ("fqb: LOG2SZ-1 = 25 stores 19", rd(&h, REG_FQB, true), 0x456ull << 10 | 19);
    wr(&h, REG_FQB, true, 0x456ull << 10 | 7);
    CHECK_EQ("fqb: 7 kept", rd(&h, REG_FQB, true) & 0x1f, 7);
    h_free(&h);
    iommu_config_t c9;
    iommu_config_rtl(&c9); /* cq.log2sz_max = fq.log2sz_max = 32 */
    setup_cfg(&h, &c9);
    wr(&h, REG_CQB, true, 0x123ull << 10 | 31);
    CHECK_EQ("cq.log2sz_max = 32: 31 kept", rd(&h, REG_CQB, true) & 0x1f, 31);
    wr(&h, REG_FQB, true, 0x456ull << 10 | 31);
    CHECK_EQ("fq.log2sz_max = 32: 31 kept", rd(&h, REG_FQB, true) & 0x1f, 31);
    h_free(&h);
}

/* ------------------------------------------------------------------------------------------ rsp_pbmt */

static void test_pbmt(void)
{
    h_t h;
    setup(&h);
    enum { PT = 0x270000, L1 = 0x271000, L0 = 0x272000, GROOT = 0x420000, G1 = 0x424000, PT2 = 0x280000 };
    put_dc(&h, 11, TC_V, 0, 0, fsc(SV39, PT));
    poke(&h, PT + 8, nonleaf(L1));
    poke(&h, L1, nonleaf(L0));
    poke(&h, L0 + 1 * 8, 1ull << 61 | leaf(0x90001, 0xd7)); /* PBMT 1 (NC) */
    poke(&h, L0 + 2 * 8, 2ull << 61 | leaf(0x90002, 0xd7)); /* PBMT 2 (IO) */
    poke(&h, L0 + 3 * 8, 3ull << 61 | leaf(0x90003, 0xd7)); /* PBMT 3: reserved */
    poke(&h, L0 + 4 * 8, 1ull << 59 | 1ull << 60 | leaf(0x90004, 0xd7)); /* bits 60:59 with Svrsw60t59b */
    translate(&h, 11, TTYP_READ, 0x40001000);
    unsigned r = h.rsp_cycle;
    CHECK_EQ("NC leaf: rsp_pbmt 1 in StRespond", h.hist[r].rsp_pbmt, 1);
    CHECK_EQ("rsp_pbmt 0 in the cycle before StRespond", h.hist[r - 1].rsp_pbmt, 0);
    CHECK_EQ("rsp_pbmt 0 in the cycle after", h.hist[r + 1].rsp_pbmt, 0);
    CHECK_EQ("pa", h.rsp_out.rsp_pa, 0x90001000);
    unsigned a = translate(&h, 11, TTYP_READ, 0x40001800);
    CHECK_EQ("IOTLB hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("IOTLB hit: the entry's pbmt", h.rsp_out.rsp_pbmt, 1);
    translate(&h, 11, TTYP_WRITE, 0x40002000);
    CHECK_EQ("IO leaf: rsp_pbmt 2", h.rsp_out.rsp_pbmt, 2);
    translate(&h, 11, TTYP_READ, 0x40003000);
    CHECK_EQ("PBMT 3: page fault", h.rsp_out.rsp_cause, 13);
    CHECK_EQ("a fault: rsp_pbmt 0", h.rsp_out.rsp_pbmt, 0);
    translate(&h, 11, TTYP_READ, 0x40004000);
    CHECK_EQ("bits 60:59 ignored with Svrsw60t59b", h.rsp_out.rsp_pa, 0x90004000);
    CHECK_EQ("no PBMT", h.rsp_out.rsp_pbmt, 0);

    /* two stages: the first stage's PBMT wins when it is not 0, else the G-leaf's */
    put_dc(&h, 12, TC_V, iohgatp(SV39X4, 2, GROOT), 0, fsc(SV39, PT2));
    poke(&h, GROOT + 0, leaf(0, 0xdf));                  /* GPA [0, 1 GiB) identity (PBMT 0) */
    poke(&h, GROOT + 8, nonleaf(G1));
    poke(&h, G1 + 0, 2ull << 61 | leaf(0xa0000, 0xdf)); /* GPA 0x40000000: 2 MiB, PBMT IO */
    poke(&h, PT2 + 8, nonleaf(PT2 + 0x1000));
    poke(&h, PT2 + 0x1000, nonleaf(PT2 + 0x2000));
    poke(&h, PT2 + 0x2000 + 1 * 8, leaf(0x40001, 0xd7));              /* PBMT 0 -> the G-leaf's */
    poke(&h, PT2 + 0x2000 + 2 * 8, 1ull << 61 | leaf(0x40002, 0xd7)); /* PBMT NC over IO */
    translate(&h, 12, TTYP_READ, 0x40001000);
    CHECK_EQ("two stages: spa", h.rsp_out.rsp_pa, 0xa0001000);
    CHECK_EQ("first stage PBMT 0: the G-leaf's IO", h.rsp_out.rsp_pbmt, 2);
    translate(&h, 12, TTYP_READ, 0x40002000);
    CHECK_EQ("first stage NC over a G-leaf IO: NC", h.rsp_out.rsp_pbmt, 1);
    a = translate(&h, 12, TTYP_READ, 0x40002ff0);
    CHECK_EQ("combined entry hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("combined entry: its pbmt", h.rsp_out.rsp_pbmt, 1);

    /* a debug translation: tr_response.PBMT (bits 8:7) */
    wr(&h, REG_TR_REQ_IOVA, true, 0x40002000);
    wr(&h, REG_TR_REQ_CTL, true, 12ull << 40 | 1 << 3 | 1); /* DID 12, NW (read), Go */
    run(&h, 60);
    uint64_t resp = rd(&h, REG_TR_RESPONSE, true);
    CHECK_EQ("tr_response: PBMT 1", resp >> 7 & 3, 1);
    CHECK_EQ("tr_response: PPN", resp >> 10 & 0xfffffffffffull, 0xa0002);
    CHECK_EQ("tr_response: no fault", resp & 1, 0);
    h_free(&h);
}


static int ref_read(void *u, uint64_t a, unsigned n, uint64_t *d) { return sim_memory_read(u, a, n, d); }
static int ref_write(void *u, uint64_t a, uint64_t d, uint8_t be) { return sim_memory_write(u, a, d, be); }
static int ref_cas(void *u, uint64_t a, uint64_t c, uint64_t d, uint64_t *o) { return sim_memory_cas(u, a, c, d, o); }

/* ---- random version 10 traffic: the timing model's responses (IOTLB hits included) against the architectural
 * layer's translation of the same request on a copy of the same memory, for each fctl.BE and fctl.GXL: devices
 * with tc.SXL and tc.SBE drawn, first stage Bare / Sv32 / Sv39, second stage Bare / Sv32x4 / Sv39x4, 4 KiB
 * leaves with random permissions, A/D, PBMT (3 rarely: reserved) and bits 60:59, 64 KiB NAPOT ranges (their 16
 * PTEs equal, A and D set, so a cached range and the walk agree), 4 MiB / 2 MiB superpages ---- */

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
static uint64_t alloc_pages(rnd_t *r, unsigned n, uint64_t align)
{
    r->next_page = (r->next_page + align - 1) & ~(align - 1);
    uint64_t a = r->next_page;
    r->next_page += 4096u * n;
    return a;
}

/* A page table's format: 4- or 8-byte PTEs (Sv32/Sv32x4 or Sv39/Sv39x4), x4 (2 more root index bits),
 * big-endian. */
typedef struct {
    unsigned levels, pte_size;
    bool x4, be;
} tfmt_t;

static unsigned idx_bits(const tfmt_t *t, unsigned i)
{
    return (t->pte_size == 4 ? 10 : 9) + (t->x4 && i == t->levels - 1 ? 2 : 0);
}
static unsigned va_shift(const tfmt_t *t, unsigned i) { return 12 + (t->pte_size == 4 ? 10 : 9) * i; }

/* The PTE at address a, in the table's size and byte order (its half of the doubleword for 4 bytes). */
static uint64_t get_pte(rnd_t *r, const tfmt_t *t, uint64_t a)
{
    uint64_t dw = sim_memory_peek(r->ref, a & ~7ull);
    if (t->pte_size == 8)
        return t->be ? __builtin_bswap64(dw) : dw;
    uint32_t v = (uint32_t)(dw >> (a & 4) * 8);
    return t->be ? __builtin_bswap32(v) : v;
}
static void put_pte(rnd_t *r, const tfmt_t *t, uint64_t a, uint64_t pte)
{
    if (t->pte_size == 8) {
        poke2(r, a, t->be ? __builtin_bswap64(pte) : pte);
        return;
    }
    uint64_t dw = sim_memory_peek(r->ref, a & ~7ull);
    uint32_t v = t->be ? __builtin_bswap32((uint32_t)pte) : (uint32_t)pte;
    unsigned sh = (unsigned)(a & 4) * 8;
    poke2(r, a & ~7ull, (dw & ~(0xffffffffull << sh)) | (uint64_t)v << sh);
}

/* Writes leaf pte at level `level` for va in the table at root (pointers allocated as needed; with g_root the new
 * table pages are G-mapped to themselves by the table g, readable); false when a leaf is already on the way. */
static bool map_leaf(rnd_t *r, const tfmt_t *t, uint64_t root, uint64_t va, unsigned level, uint64_t pte,
                     const tfmt_t *g, uint64_t g_root);

static void g_map_table(rnd_t *r, const tfmt_t *g, uint64_t g_root, uint64_t page)
{
    if (g) /* a first-stage table page: GPA = SPA, R U A (an implicit read) */
        map_leaf(r, g, g_root, page, 0, leaf(page >> 12, 0x53), NULL, 0);
}

static bool map_leaf(rnd_t *r, const tfmt_t *t, uint64_t root, uint64_t va, unsigned level, uint64_t pte,
                     const tfmt_t *g, uint64_t g_root)
{
    uint64_t a = root;
    for (unsigned i = t->levels - 1;; i--) {
        uint64_t e = a + ((va >> va_shift(t, i)) & field_ones(idx_bits(t, i))) * t->pte_size;
        if (i == level) {
            put_pte(r, t, e, pte);
            return true;
        }
        uint64_t cur = get_pte(r, t, e);
        if ((cur & 1) && (cur & 0xe))
            return false; /* a leaf already */
        if (!(cur & 1)) {
            uint64_t tp = alloc_pages(r, 1, 4096);
            put_pte(r, t, e, nonleaf(tp));
            g_map_table(r, g, g_root, tp);
            a = tp;
        } else {
            a = ((t->pte_size == 4 ? cur >> 10 & field_ones(22) : cur >> 10 & field_ones(44))) << 12;
        }
    }
}

/* Random leaf bits: V, R (W, X), U mostly, A and D random; for 8-byte PTEs PBMT (3 rarely), bits 60:59, and
 * rarely a reserved bit 57. */
static uint64_t rnd_flags(rnd_t *r, bool eight)
{
    uint64_t f = 0x3 | (rnd_n(r, 2) ? 0x4 : 0) | (rnd_n(r, 3) ? 0x8 : 0) | (rnd_n(r, 12) ? 0x10 : 0) |
                 (rnd_n(r, 4) ? 0x40 : 0) | (rnd_n(r, 2) ? 0x80 : 0);
    if (eight) {
        unsigned pbmt = rnd_n(r, 40) == 0 ? 3 : rnd_n(r, 3);
        f |= (uint64_t)pbmt << 61 | (uint64_t)rnd_n(r, 4) << 59;
        if (rnd_n(r, 50) == 0)
            f |= 1ull << 57;
    }
    return f;
}

static unsigned random_round(bool be, bool gxl, uint64_t seed, unsigned *hits_out, unsigned *faults_out,
                             unsigned *pbmt_out)
{
    h_t h;
    setup(&h);
    wr(&h, REG_FCTL, false, (gxl ? 0x4u : 0) | (be ? 0x1u : 0));
    rnd_t r = {.h = &h, .ref = sim_memory_new(), .next_page = 0x1000000, .rng = seed};
    iommu_config_t cfg;
    v10_config(&cfg);
    enum { DEVS = 8, PAGES = 16, KINDS = 3 };
    /* the IOVAs of each device's pages: 4 KiB leaves, a NAPOT range, a superpage (a kind not built: 0) */
    uint64_t iova[DEVS][KINDS][PAGES];
    memset(iova, 0, sizeof iova);
    for (uint32_t d = 0; d < DEVS; d++) {
        bool sxl = gxl || rnd_n(&r, 2);
        bool sbe = rnd_n(&r, 2);
        bool fs = rnd_n(&r, 3) != 0, gs = rnd_n(&r, 2) != 0;
        if (!fs && !gs)
            fs = true;
        tfmt_t ft = {.levels = sxl ? 2 : 3, .pte_size = sxl ? 4 : 8, .x4 = false, .be = sbe};
        tfmt_t gt = {.levels = gxl ? 2 : 3, .pte_size = gxl ? 4 : 8, .x4 = true, .be = be};
        uint64_t groot = gs ? alloc_pages(&r, 4, 0x4000) : 0;
        const tfmt_t *g = gs ? &gt : NULL;
        uint64_t fsroot = 0;
        if (fs) {
            fsroot = alloc_pages(&r, 1, 4096);
            g_map_table(&r, g, groot, fsroot);
        }
        uint64_t tc = TC_V | (sxl ? TC_SXL : 0) | (sbe ? TC_SBE : 0) | (rnd_n(&r, 2) ? TC_SADE : 0) |
                      (rnd_n(&r, 2) ? 1u << 7 : 0); /* GADE */
        uint64_t w[8] = {tc, gs ? iohgatp(8, rnd_n(&r, 3), groot) : 0, (uint64_t)(1 + rnd_n(&r, 2)) << 12,
                         fs ? fsc(8, fsroot) : 0, 0, 0, 0, 0};
        for (unsigned k = 0; k < 8; k++)
            poke2(&r, ROOT + 64u * d + 8 * k, be ? __builtin_bswap64(w[k]) : w[k]);
        /* 4 KiB pages: IOVA -> (first stage) GPA -> (second stage) SPA; G only: the IOVA is the GPA */
        for (unsigned p = 0; p < PAGES; p++) {
            uint64_t spa = alloc_pages(&r, 1, 4096);
            uint64_t gpa = gs ? 0x80000000ull + 0x1000ull * (16 * d + p) : spa;
            if (gs)
                map_leaf(&r, &gt, groot, gpa, 0, leaf(spa >> 12, 0x10) | rnd_flags(&r, !gxl), NULL, 0);
            if (fs) {
                iova[d][0][p] = 0x10000000ull + 0x1000000ull * d + 0x1000ull * p;
                map_leaf(&r, &ft, fsroot, iova[d][0][p], 0, leaf(gpa >> 12, 0) | rnd_flags(&r, !sxl), g, groot);
            } else {
                iova[d][0][p] = gpa;
            }
        }
        /* a NAPOT range: 16 equal 8-byte leaves with A and D (first stage Sv39, or G only Sv39x4) */
        const tfmt_t *nt = fs ? (sxl ? NULL : &ft) : (gxl ? NULL : &gt);
        if (nt) {
            uint64_t va = fs ? 0x10000000ull + 0x1000000ull * d + 0x100000 : 0x90000000ull + 0x100000ull * d;
            uint64_t spa = alloc_pages(&r, 16, 0x10000);
            uint64_t gpa = gs && fs ? 0xa0000000ull + 0x100000ull * d : spa;
            uint64_t pte = 1ull << 63 | leaf((gpa >> 12) | 8, 0xd7 | (rnd_n(&r, 2) ? 0x8 : 0)) |
                           (uint64_t)rnd_n(&r, 3) << 61;
            for (unsigned j = 0; j < 16; j++)
                map_leaf(&r, nt, fs ? fsroot : groot, va + 0x1000ull * j, 0, pte, fs ? g : NULL, groot);
            if (gs && fs) /* the range's GPAs, G-mapped page by page */
                for (unsigned j = 0; j < 16; j++)
                    map_leaf(&r, &gt, groot, gpa + 0x1000ull * j, 0, leaf((spa >> 12) + j, 0xdf), NULL, 0);
            for (unsigned j = 0; j < 16; j++)
                iova[d][1][j] = va + 0x1000ull * j;
        }
        /* a superpage (4 MiB of 4-byte PTEs, 2 MiB of 8-byte ones) of the first stage, or G only of the second;
         * over a G stage the first 16 pages of the superpage's GPAs are G-mapped 4 KiB each */
        const tfmt_t *st = fs ? &ft : &gt;
        uint64_t size = st->pte_size == 4 ? 0x400000 : 0x200000;
        uint64_t va = fs ? 0x40000000ull + 0x800000ull * d : 0xc0000000ull + 0x800000ull * d;
        uint64_t tgt = fs && gs ? 0x100000000ull + 0x800000ull * d : alloc_pages(&r, (unsigned)(size >> 12), size);
        if (fs && gs)
            for (unsigned j = 0; j < 16; j++)
                map_leaf(&r, &gt, groot, tgt + 0x1000ull * j, 0, leaf(alloc_pages(&r, 1, 4096) >> 12, 0xdf), NULL, 0);
        if (map_leaf(&r, st, fs ? fsroot : groot, va, 1, leaf(tgt >> 12, 0x10) | rnd_flags(&r, st->pte_size == 8),
                     fs ? g : NULL, groot))
            for (unsigned j = 0; j < 16; j++)
                iova[d][2][j] = va + 0x1000ull * j;
    }
    iommu_mem_if_t mif = {.read = ref_read, .write = ref_write, .cas = ref_cas, .user = r.ref};
    unsigned hits = 0, faults = 0, pbmts = 0, n;
    uint32_t d = 0;
    unsigned kind = 0, page = 0;
    for (n = 0; n < 300; n++) {
        if (rnd_n(&r, 3) == 0) { /* mostly the page of the request before: IOTLB hits */
            d = rnd_n(&r, DEVS);
            kind = rnd_n(&r, KINDS);
            if (iova[d][kind][0] == 0)
                kind = 0;
            page = rnd_n(&r, PAGES);
        }
        uint64_t va = iova[d][kind][page] + 8u * rnd_n(&r, 512);
        uint8_t ttyp = (uint8_t)(1 + rnd_n(&r, 3));
        iommu_request_t req = {.did = d, .ttyp = ttyp, .iova = va};
        xlate_t x;
        xlate_start(&x, &cfg, (gxl ? 0x4u : 0) | (be ? 0x1u : 0), &req, (uint64_t)(ROOT >> 12) << 10 | 2);
        const xlate_result_t *want = xlate_run(&x, &mif);
        unsigned a = translate(&h, d, ttyp, va);
        char what[128];
        snprintf(what, sizeof what, "random BE %d GXL %d #%u: did %u ttyp %u iova 0x%llx", be, gxl, n, d, ttyp,
                 (unsigned long long)va);
        int f0 = failures;
        CHECK_EQ(what, h.rsp_out.rsp_fault, want->fault);
        CHECK_EQ(what, h.rsp_out.rsp_cause, want->fault ? want->cause : 0);
        CHECK_EQ(what, h.rsp_out.rsp_pa, want->fault ? 0 : want->pa);
        CHECK_EQ(what, h.rsp_out.rsp_pbmt, want->fault ? 0 : want->pbmt);
        if (failures != f0 && failures > 20)
            break;
        hits += h.rsp_cycle == a + 2;
        faults += want->fault;
        pbmts += !want->fault && want->pbmt != 0;
    }
    *hits_out += hits;
    *faults_out += faults;
    *pbmt_out += pbmts;
    sim_memory_free(r.ref);
    h_free(&h);
    return n;
}

static void test_random(void)
{
    unsigned hits = 0, faults = 0, pbmts = 0, total = 0;
    for (unsigned k = 0; k < 4; k++)
        total += random_round(k & 1, k >> 1, 0x9e3779b97f4a7c15ull * (k + 1), &hits, &faults, &pbmts);
    printf("random: %u IOTLB hits, %u faults, %u with PBMT of %u (fctl.BE and GXL each 0 and 1)\n", hits, faults,
           pbmts, total);
    CHECK_EQ("random traffic has PBMT responses", pbmts > 20, 1);
    CHECK_EQ("random traffic hits the IOTLB", hits > 100, 1);
    CHECK_EQ("random traffic faults", faults > 40, 1);
    CHECK_EQ("random traffic succeeds", faults < total - 200, 1);
}

int main(void)
{
    test_sv32();
    test_sv32_ad();
    test_sv32x4();
    test_combined();
    test_napot();
    test_big_endian();
    test_record_order_change();
    test_ranges();
    test_queue_warl();
    test_pbmt();
    test_random();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("timing model version 10 (Sv32, Sv32x4, PTE extensions, byte order, NL/S, queue sizes): %d checks passed\n",
           checks);
    return 0;
}
