/* Unit test of the timing model (iommu_tm) against docs/microarch.md version 7, cycle by cycle, in the
 * configuration config/rtl_max.cfg (extended device contexts, PD8/PD17/PD20): the extended DC read (8
 * doublewords at DDI[0] * 64, DDI widths of StLookup step 3 and StDdtReq), the process-directory states
 * StPdtReq .. StPcCheck with their addresses (PDI[2] = p[19:17], PDI[1] = p[16:8], PDI[0] = p[7:0], PCs of 16
 * bytes), every PDT/PC cause (265, 266, 267, 269, 260 for ENS and for a process_id wider than the mode), the
 * process-context cache (lookup in StLookup step 4a or in StDcCheck, hit, FIFO fill and eviction in
 * StPcCheck, invalidation by IODIR.INVAL_PDT, IODIR.INVAL_DDT and a ddtp change), the lookup eligibility of
 * StLookup step 5 (a PC's PSCID, ENS = 0 Supervisor requests not looked up, two processes sharing a PSCID
 * sharing entries), SUM on an IOTLB hit (not for execute), tc.DPE and the extended-DC misconfigurations, and
 * the latencies of section 5.2 with L = 1 and L = 3. Every expected value is written by hand from the
 * document and the spec ("Process to locate the Process-context", "Process-context fields",
 * "IODIR.INVAL_PDT"). Each failure prints both values. */
#include "tm_harness.h"

#include "config.h"

enum { ROOT = 0x100000, LEAF = 0x120000, PT = 0x200000, PT2 = 0x210000, CQ = 0x10000 };
enum { PDT8 = 0x300000, PDT8B = 0x310000, PROOT = 0x320000, PMID = 0x321000, PLEAF = 0x322000 };
enum { P17ROOT = 0x330000, P17LEAF = 0x331000 };
enum { TTYP_EXEC = 1, TTYP_READ = 2, TTYP_WRITE = 3 };
enum { TC_V = 1, TC_PDTV = 1 << 5, TC_DPE = 1 << 9 };
enum { TA_V = 1, TA_ENS = 2, TA_SUM = 4 };

static uint64_t mode_ppn(uint64_t mode, uint64_t table) { return mode << 60 | table >> 12; }
static const uint64_t SV39 = 8, PD8 = 1, PD17 = 2, PD20 = 3;
/* A non-leaf DDT or PDT entry: V, PPN in bits 53:10. */
static uint64_t nonleaf(uint64_t table) { return (table >> 12) << 10 | 1; }
static void poke(h_t *h, uint64_t a, uint64_t v) { sim_memory_poke(h->mem, a, v, 0xff); }

/* config/rtl.cfg plus MSI_FLAT, PD8, PD17, PD20 (what config/rtl_max.cfg says; checked below). */
static void max_config(iommu_config_t *c)
{
    iommu_config_rtl(c);
    c->capabilities |= 1ull << 22 | 1ull << 38 | 1ull << 39 | 1ull << 40;
}

/* An extended DC (8 doublewords) at table + DDI[0] * 64. */
static void put_dc(h_t *h, uint64_t table, uint32_t ddi0, uint64_t tc, uint64_t ta, uint64_t fsc, uint64_t msiptp,
                   uint64_t rsv7)
{
    uint64_t a = table + 64u * ddi0;
    uint64_t w[8] = {tc, 0, ta, fsc, msiptp, 0, 0, rsv7};
    for (unsigned k = 0; k < 8; k++)
        poke(h, a + 8 * k, w[k]);
}

static void put_pc(h_t *h, uint64_t table, uint32_t pdi0, uint64_t ta, uint64_t fsc)
{
    poke(h, table + 16u * pdi0, ta);
    poke(h, table + 16u * pdi0 + 8, fsc);
}

/* Sv39 tables at root mapping IOVA 0x40000000 + 0x1000 k (k = 0, 1) to (ppn + k) << 12: R W X U A D. */
static void put_pt(h_t *h, uint64_t root, uint64_t ppn)
{
    poke(h, root + 1 * 8, nonleaf(root + 0x1000));
    poke(h, root + 0x1000, nonleaf(root + 0x2000));
    poke(h, root + 0x2000 + 0, ppn << 10 | 0xdf);
    poke(h, root + 0x2000 + 8, (ppn + 1) << 10 | 0xdf);
}

static void setup(h_t *h, unsigned lat, unsigned ddtp_mode)
{
    iommu_config_t cfg;
    max_config(&cfg);
    h_init_cfg_latency(h, &cfg, lat);
    CHECK_EQ("capabilities of rtl_max", rd(h, REG_CAPABILITIES, true), cfg.capabilities);
    wr(h, REG_CQB, true, (CQ >> 12) << 10 | 3);
    wr(h, REG_CQCSR, false, 1);
    wr(h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | ddtp_mode);
    run(h, 2);
}

/* PD8 under a 1LVL directory: the PC read, the PC cache, PSCIDs of PCs, ENS and SUM, then the commands. */
static void test_pd8(void)
{
    h_t h;
    setup(&h, 1, 2);
    const uint32_t did = 5;
    put_dc(&h, ROOT, did, TC_V | TC_PDTV, 0x33ull << 12, mode_ppn(PD8, PDT8), 0, 0);
    put_pc(&h, PDT8, 0x12, TA_V | 0x44ull << 12, mode_ppn(SV39, PT));
    put_pc(&h, PDT8, 0x13, TA_V | 0x55ull << 12, mode_ppn(SV39, PT));
    put_pc(&h, PDT8, 0x14, TA_V | 0x44ull << 12, mode_ppn(SV39, PT2)); /* shares 0x12's PSCID */
    put_pc(&h, PDT8, 0x20, TA_V | TA_ENS | TA_SUM | 0x66ull << 12, mode_ppn(SV39, PT));
    put_pc(&h, PDT8, 0x21, TA_V | TA_ENS | 0x77ull << 12, mode_ppn(SV39, PT));
    put_pt(&h, PT, 0x80000);
    put_pt(&h, PT2, 0x90000);

    /* DC miss, DC read (8 words), PC cache lookup in StDcCheck (miss), PC read, walk */
    unsigned a = translate_pv(&h, did, true, 0x12, false, TTYP_READ, 0x40000010);
    static const int miss[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               PCR, PCW, PCR, PCW, PCC, PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, I, -1};
    check_states(&h, "PD8: DC and PC from memory, walk", a + 1, miss);
    CHECK_EQ("5.2: 1 + 8(L+1) + 1 + 2(L+1) + 1 + 3(L+2) = 32 cycles", h.rsp_cycle, a + 1 + 32);
    CHECK_EQ("StLookup: DDTC miss", h.hist[a + 1].obs_ddtc_hit, 0);
    CHECK_EQ("StLookup: no PC cache lookup on a DDTC miss", h.hist[a + 1].obs_pdtc_lookup, 0);
    for (unsigned k = 0; k < 8; k++)
        CHECK_EQ("extended DC word k at ROOT + DDI[0] * 64 + 8k", h.hist[a + 2 + 2 * k].mem_req_addr,
                 ROOT + 64 * did + 8 * k);
    CHECK_EQ("StDcCheck: DDTC fill", h.hist[a + 18].obs_ddtc_fill, 1);
    CHECK_EQ("StDcCheck: PC cache lookup (DC from memory)", h.hist[a + 18].obs_pdtc_lookup, 1);
    CHECK_EQ("StDcCheck: PC cache miss", h.hist[a + 18].obs_pdtc_hit, 0);
    CHECK_EQ("StPcReq ta: PDT + PDI[0] * 16", h.hist[a + 19].mem_req_addr, PDT8 + 0x12 * 16);
    CHECK_EQ("StPcReq: a read", h.hist[a + 19].mem_req_op, 0);
    CHECK_EQ("StPcReq: be", h.hist[a + 19].mem_req_be, 0xff);
    CHECK_EQ("StPcReq fsc: + 8", h.hist[a + 21].mem_req_addr, PDT8 + 0x12 * 16 + 8);
    CHECK_EQ("StPcWait: no request", h.hist[a + 20].mem_req_valid, 0);
    CHECK_EQ("StPcCheck: PC cache fill", h.hist[a + 23].obs_pdtc_fill, 1);
    CHECK_EQ("StPcCheck: way 0", h.hist[a + 23].obs_pdtc_fill_way, 0);
    CHECK_EQ("StPcCheck: no eviction", h.hist[a + 23].obs_pdtc_evict, 0);
    CHECK_EQ("the walk starts at the PC's fsc", h.hist[a + 24].mem_req_addr, PT + 8);
    CHECK_EQ("IOTLB fill in StPteCheck (pv = 1 with a PC)", h.hist[a + 32].obs_tlb_fill, 1);
    CHECK_EQ("pa", h.rsp_out.rsp_pa, 0x80000010);
    CHECK_EQ("no fault", h.rsp_out.rsp_fault, 0);

    /* DDTC hit, step 4a PC cache hit, IOTLB hit with the PC's PSCID */
    a = translate_pv(&h, did, true, 0x12, false, TTYP_READ, 0x40000020);
    check_states(&h, "PD8: three hits", a + 1, (const int[]){LK, RS, I, -1});
    CHECK_EQ("4a: PC cache lookup", h.hist[a + 1].obs_pdtc_lookup, 1);
    CHECK_EQ("4a: hit", h.hist[a + 1].obs_pdtc_hit, 1);
    CHECK_EQ("4a: way 0", h.hist[a + 1].obs_pdtc_hit_way, 0);
    CHECK_EQ("step 5 (b): IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 1);
    CHECK_EQ("IOTLB hit", h.hist[a + 1].obs_tlb_hit, 1);
    CHECK_EQ("pa from the IOTLB", h.rsp_out.rsp_pa, 0x80000020);

    /* another process: 4a misses, so no IOTLB lookup; the PC is read; StDcCheck makes no second lookup */
    a = translate_pv(&h, did, true, 0x13, false, TTYP_READ, 0x40000010);
    static const int pc_miss[] = {LK, DC, PCR, PCW, PCR, PCW, PCC, PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, -1};
    check_states(&h, "DDTC hit, PC cache miss", a + 1, pc_miss);
    CHECK_EQ("5.2: 1 + 1 + 2(L+1) + 1 + 3(L+2) = 16 cycles", h.rsp_cycle, a + 1 + 16);
    CHECK_EQ("4a lookup", h.hist[a + 1].obs_pdtc_lookup, 1);
    CHECK_EQ("4a miss", h.hist[a + 1].obs_pdtc_hit, 0);
    CHECK_EQ("context not cached: no IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("StDcCheck: step 4a's lookup stands", h.hist[a + 2].obs_pdtc_lookup, 0);
    CHECK_EQ("StDcCheck: no DDTC fill (cached DC)", h.hist[a + 2].obs_ddtc_fill, 0);
    CHECK_EQ("PC address of pid 0x13", h.hist[a + 3].mem_req_addr, PDT8 + 0x13 * 16);
    CHECK_EQ("fill way 1", h.hist[a + 7].obs_pdtc_fill_way, 1);
    CHECK_EQ("IOTLB fill way 1 (PSCID 0x55)", h.hist[a + 16].obs_tlb_fill_way, 1);

    /* process 0x14 shares PSCID 0x44 with 0x12: once its PC is cached, 0x12's IOTLB entry serves it
     * (the process_id is not an IOTLB tag, section 6), although its own table maps elsewhere */
    a = translate_pv(&h, did, true, 0x14, false, TTYP_READ, 0x40001000);
    CHECK_EQ("0x14: its own table for an uncached page", h.rsp_out.rsp_pa, 0x90001000);
    CHECK_EQ("0x14: PC fill way 2", h.hist[find_state(&h, a, PCC)].obs_pdtc_fill_way, 2);
    a = translate_pv(&h, did, true, 0x14, false, TTYP_READ, 0x40000010);
    check_states(&h, "0x14: IOTLB hit on 0x12's entry", a + 1, (const int[]){LK, RS, -1});
    CHECK_EQ("0x14: PC hit way 2", h.hist[a + 1].obs_pdtc_hit_way, 2);
    CHECK_EQ("0x14: IOTLB way 0", h.hist[a + 1].obs_tlb_hit_way, 0);
    CHECK_EQ("0x14: the shared entry's translation", h.rsp_out.rsp_pa, 0x80000010);

    /* Supervisor with ta.ENS = 0: no IOTLB lookup; StPcCheck on the cached PC refuses it (260) */
    a = translate_pv(&h, did, true, 0x12, true, TTYP_READ, 0x40000010);
    check_states(&h, "ENS = 0 Supervisor", a + 1, (const int[]){LK, DC, PCC, FT, RS, I, -1});
    CHECK_EQ("ENS = 0: PC cache hit", h.hist[a + 1].obs_pdtc_hit, 1);
    CHECK_EQ("ENS = 0: no IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("ENS = 0: no fill of a cached PC", h.hist[a + 3].obs_pdtc_fill, 0);
    CHECK_EQ("ENS = 0: 260", h.rsp_out.rsp_cause, 260);

    /* ENS = 1, SUM = 1: a Supervisor read of a U = 1 page is allowed, walked then from the IOTLB */
    a = translate_pv(&h, did, true, 0x20, true, TTYP_READ, 0x40000010);
    check_states(&h, "SUM: Supervisor read walked", a + 1, pc_miss);
    CHECK_EQ("SUM walk: PC fill way 3", h.hist[a + 7].obs_pdtc_fill_way, 3);
    CHECK_EQ("SUM walk: IOTLB fill way 3 (0x14 filled way 2)", h.hist[a + 16].obs_tlb_fill_way, 3);
    CHECK_EQ("SUM walk: allowed", h.rsp_out.rsp_fault, 0);
    a = translate_pv(&h, did, true, 0x20, true, TTYP_READ, 0x40000018);
    check_states(&h, "SUM: IOTLB hit", a + 1, (const int[]){LK, RS, -1});
    CHECK_EQ("SUM hit: PSCID 0x66's entry", h.hist[a + 1].obs_tlb_hit_way, 3);
    CHECK_EQ("SUM hit: allowed", h.rsp_out.rsp_pa, 0x80000018);
    a = translate_pv(&h, did, true, 0x20, true, TTYP_EXEC, 0x40000018);
    check_states(&h, "SUM: Supervisor execute of a U page", a + 1, (const int[]){LK, FT, RS, -1});
    CHECK_EQ("SUM does not allow execute: 12", h.rsp_out.rsp_cause, 12);
    a = translate_pv(&h, did, true, 0x20, false, TTYP_EXEC, 0x40000018);
    check_states(&h, "User execute of a U page", a + 1, (const int[]){LK, RS, -1});
    CHECK_EQ("User execute: allowed", h.rsp_out.rsp_fault, 0);
    CHECK_EQ("User write: allowed (W, D)", (translate_pv(&h, did, true, 0x20, false, TTYP_WRITE, 0x40000018),
                                            h.rsp_out.rsp_fault), 0);

    /* ENS = 1, SUM = 0: the walk's leaf refuses the Supervisor read of a U page (13), no IOTLB fill; the PC
     * fill evicts way 0 (the pointer wrapped) */
    a = translate_pv(&h, did, true, 0x21, true, TTYP_READ, 0x40000010);
    static const int no_sum[] = {LK, DC, PCR, PCW, PCR, PCW, PCC, PR, PW, PC, PR, PW, PC, PR, PW, PC, FT, RS, -1};
    check_states(&h, "no SUM: Supervisor read faults at the leaf", a + 1, no_sum);
    CHECK_EQ("no SUM: fill way 0", h.hist[a + 7].obs_pdtc_fill_way, 0);
    CHECK_EQ("no SUM: evicts", h.hist[a + 7].obs_pdtc_evict, 1);
    CHECK_EQ("no SUM: no IOTLB fill", h.hist[a + 16].obs_tlb_fill, 0);
    CHECK_EQ("no SUM: 13", h.rsp_out.rsp_cause, 13);

    /* PC cache: way 0 (5, 0x21), 1 (5, 0x13), 2 (5, 0x14), 3 (5, 0x20); pointer 1 */
    cmd_at(&h, CQ, 0, iodir_pdt(true, did, 0x13), 0);
    cmd_at(&h, CQ, 1, iodir_pdt(true, 6, 0x14), 0);
    cmd_at(&h, CQ, 2, iodir_ddt(true, did), 0);
    cmd_at(&h, CQ, 3, iodir_pdt(false, did, 0x20), 0); /* DV = 0: illegal */
    wr(&h, REG_CQT, false, 4);
    unsigned n = h.reg_accept;
    run(&h, 40);
    unsigned x0 = find_state(&h, n, CX), x1 = find_state(&h, x0 + 1, CX), x2 = find_state(&h, x1 + 1, CX);
    CHECK_EQ("INVAL_PDT (5, 0x13): way 1", h.hist[x0].obs_pdtc_inval, 0x2);
    CHECK_EQ("INVAL_PDT: no DC", h.hist[x0].obs_ddtc_inval, 0);
    CHECK_EQ("INVAL_PDT: no IOTLB entry", h.hist[x0].obs_tlb_inval, 0);
    CHECK_EQ("INVAL_PDT (6, 0x14): nothing", h.hist[x1].obs_pdtc_inval, 0);
    CHECK_EQ("INVAL_DDT did 5: the DC", h.hist[x2].obs_ddtc_inval, 0x1);
    CHECK_EQ("INVAL_DDT did 5: and its PCs", h.hist[x2].obs_pdtc_inval, 0xd);
    CHECK_EQ("INVAL_PDT with DV = 0 stops the queue", rd(&h, REG_CQH, false), 3);
    CHECK_EQ("cqcsr.cmd_ill", rd(&h, REG_CQCSR, false) >> 10 & 1, 1);

    /* everything is read again; fills go where the pointers are (DDTC 1, PC cache 1) */
    a = translate_pv(&h, did, true, 0x12, false, TTYP_READ, 0x40000010);
    /* the IOTLB entry of PSCID 0x44 is still valid, but only StLookup looks the IOTLB up (a DDTC miss here):
     * the walk runs in full and fills again */
    check_states(&h, "after INVAL_DDT: DC and PC read again", a + 1, miss);
    CHECK_EQ("no IOTLB lookup on a DDTC miss", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("DDTC fill way 1", h.hist[a + 18].obs_ddtc_fill_way, 1);
    CHECK_EQ("PC fill way 1", h.hist[a + 23].obs_pdtc_fill_way, 1);
    CHECK_EQ("PC fill: way 1 was invalidated, no eviction", h.hist[a + 23].obs_pdtc_evict, 0);
    CHECK_EQ("IOTLB fill way 4", h.hist[a + 32].obs_tlb_fill_way, 4);
    /* a ddtp change flushes the PC cache too (4.5) */
    wr(&h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | 2);
    CHECK_EQ("ddtp flush: PC cache way 1", h.hist[h.reg_accept + 1].obs_pdtc_inval, 0x2);
    CHECK_EQ("ddtp flush: DDTC way 1", h.hist[h.reg_accept + 1].obs_ddtc_inval, 0x2);
    h_free(&h);
}

/* tc.DPE, tc.PDTV without a process context, the extended DC's checks and device_id width (1LVL). */
static void test_dpe_and_dc(void)
{
    h_t h;
    setup(&h, 1, 2);
    put_dc(&h, ROOT, 6, TC_V | TC_PDTV | TC_DPE, 0, mode_ppn(PD8, PDT8B), 0, 0);
    put_pc(&h, PDT8B, 0, TA_V | 0x45ull << 12, mode_ppn(SV39, PT));
    put_dc(&h, ROOT, 7, TC_V | TC_PDTV, 0, mode_ppn(PD8, PDT8), 0, 0);
    put_pc(&h, PDT8, 0x12, TA_V | 0x44ull << 12, mode_ppn(SV39, PT));
    put_dc(&h, ROOT, 8, TC_V | TC_DPE, 0, mode_ppn(SV39, PT), 0, 0);           /* DPE without PDTV: 259 */
    put_dc(&h, ROOT, 9, TC_V, 0x11ull << 12, mode_ppn(SV39, PT), 0, 0);        /* no PDTV */
    put_dc(&h, ROOT, 10, TC_V, 0, mode_ppn(SV39, PT), 1ull << 60, 0);          /* msiptp.MODE Flat: 259 */
    put_dc(&h, ROOT, 11, TC_V, 0, mode_ppn(SV39, PT), 0, 1);                   /* reserved doubleword 7: 259 */
    put_dc(&h, ROOT, 12, TC_V | TC_PDTV, 0, mode_ppn(5, PDT8), 0, 0);          /* pdtp.MODE 5: 259 */
    put_pt(&h, PT, 0x80000);
    static const int dc_miss_pc[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                                     PCR, PCW, PCR, PCW, PCC, PR, PW, PC, PR, PW, PC, PR, PW, PC, RS, -1};
    static const int dc_miss_end[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC, RS, -1};
    static const int dc_miss_fault[] = {LK, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC, FT,
                                        RS, -1};

    /* DPE = 1: a request without a process_id uses process_id 0 */
    unsigned a = translate(&h, 6, TTYP_READ, 0x40000010);
    check_states(&h, "DPE: PC 0", a + 1, dc_miss_pc);
    CHECK_EQ("DPE: PC cache lookup in StDcCheck", h.hist[a + 18].obs_pdtc_lookup, 1);
    CHECK_EQ("DPE: PC 0's address", h.hist[a + 19].mem_req_addr, PDT8B);
    CHECK_EQ("DPE: pa", h.rsp_out.rsp_pa, 0x80000010);
    a = translate(&h, 6, TTYP_READ, 0x40000020);
    check_states(&h, "DPE: hits", a + 1, (const int[]){LK, RS, -1});
    CHECK_EQ("DPE: 4a lookup with p = 0 hits", h.hist[a + 1].obs_pdtc_hit, 1);
    CHECK_EQ("DPE: IOTLB hit (PSCID 0x45)", h.hist[a + 1].obs_tlb_hit, 1);

    /* PDTV = 1, DPE = 0, no process_id: first stage Bare, no PC */
    a = translate(&h, 7, TTYP_READ, 0x1234);
    check_states(&h, "PDTV, no process_id: Bare", a + 1, dc_miss_end);
    CHECK_EQ("Bare: no PC cache lookup", h.hist[a + 18].obs_pdtc_lookup, 0);
    CHECK_EQ("Bare: pa = IOVA", h.rsp_out.rsp_pa, 0x1234);
    a = translate(&h, 7, TTYP_READ, 0x5678);
    check_states(&h, "PDTV, no process_id, cached DC", a + 1, (const int[]){LK, DC, RS, -1});
    CHECK_EQ("cached, Bare: no 4a lookup", h.hist[a + 1].obs_pdtc_lookup, 0);
    CHECK_EQ("cached, Bare: no IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 0);
    /* the same DC with a process_id needs the PC: 4a looks (did 7, 0x12) up; the PC cache holds (6, 0) only */
    a = translate_pv(&h, 7, true, 0x12, false, TTYP_READ, 0x40000010);
    CHECK_EQ("pv: 4a lookup", h.hist[a + 1].obs_pdtc_lookup, 1);
    CHECK_EQ("pv: 4a miss (the device_id is part of the tag)", h.hist[a + 1].obs_pdtc_hit, 0);
    CHECK_EQ("pv: PC address", h.hist[a + 3].mem_req_addr, PDT8 + 0x12 * 16);
    CHECK_EQ("pv: pa", h.rsp_out.rsp_pa, 0x80000010);
    /* PD8: a process_id wider than 8 bits is refused (260) in StDcCheck, no lookup */
    a = translate_pv(&h, 7, true, 0x112, false, TTYP_READ, 0x40000010);
    check_states(&h, "PD8, 9-bit process_id", a + 1, (const int[]){LK, DC, FT, RS, -1});
    CHECK_EQ("9-bit: no 4a lookup", h.hist[a + 1].obs_pdtc_lookup, 0);
    CHECK_EQ("9-bit: 260", h.rsp_out.rsp_cause, 260);

    a = translate(&h, 8, TTYP_READ, 0x40000010);
    check_states(&h, "DPE without PDTV", a + 1, dc_miss_fault);
    CHECK_EQ("DPE without PDTV: 259", h.rsp_out.rsp_cause, 259);
    CHECK_EQ("259: no DDTC fill", h.hist[a + 18].obs_ddtc_fill, 0);
    a = translate_pv(&h, 9, true, 1, false, TTYP_READ, 0x40000010);
    check_states(&h, "process_id without PDTV", a + 1, dc_miss_fault);
    CHECK_EQ("process_id without PDTV: 260", h.rsp_out.rsp_cause, 260);
    CHECK_EQ("260: the DC is filled", h.hist[a + 18].obs_ddtc_fill, 1);
    a = translate_pv(&h, 9, true, 1, true, TTYP_READ, 0x40000010);
    check_states(&h, "Supervisor without PDTV, cached DC: no IOTLB lookup", a + 1, (const int[]){LK, DC, FT, RS, -1});
    CHECK_EQ("no PC: no IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("no PC: 260", h.rsp_out.rsp_cause, 260);
    a = translate(&h, 10, TTYP_READ, 0x40000010);
    CHECK_EQ("msiptp.MODE Flat without a second stage: 259", h.rsp_out.rsp_cause, 259);
    a = translate(&h, 11, TTYP_READ, 0x40000010);
    CHECK_EQ("reserved doubleword 7: 259", h.rsp_out.rsp_cause, 259);
    a = translate_pv(&h, 12, true, 1, false, TTYP_READ, 0x40000010);
    CHECK_EQ("pdtp.MODE 5: 259", h.rsp_out.rsp_cause, 259);

    /* extended 1LVL: device_id[23:6] != 0 is too wide (the base format allowed up to 0x7f) */
    a = translate(&h, 0x40, TTYP_READ, 0);
    check_states(&h, "1LVL extended: device_id 0x40", a + 1, (const int[]){LK, FT, RS, -1});
    CHECK_EQ("0x40: no DDTC lookup", h.hist[a + 1].obs_ddtc_lookup, 0);
    CHECK_EQ("0x40: 260", h.rsp_out.rsp_cause, 260);
    a = translate(&h, 0x3f, TTYP_READ, 0);
    CHECK_EQ("0x3f: DC at ROOT + 63 * 64", h.hist[a + 2].mem_req_addr, ROOT + 63 * 64);
    CHECK_EQ("0x3f: V = 0, 258", h.rsp_out.rsp_cause, 258);
    h_free(&h);
}

/* PD20 and PD17 under a 2LVL extended directory: the non-leaf PDT levels, their faults, the PC's faults. */
static void test_pd20_pd17(void)
{
    h_t h;
    setup(&h, 1, 3);
    /* device_id 0x1c5: DDI[1] = device_id[14:6] = 7, DDI[0] = device_id[5:0] = 5 */
    poke(&h, ROOT + 7 * 8, nonleaf(LEAF));
    put_dc(&h, LEAF, 5, TC_V | TC_PDTV, 0, mode_ppn(PD20, PROOT), 0, 0);
    put_dc(&h, LEAF, 6, TC_V | TC_PDTV, 0, mode_ppn(PD17, P17ROOT), 0, 0);
    /* process 0x20312: PDI[2] = 1, PDI[1] = 3, PDI[0] = 0x12 */
    poke(&h, PROOT + 1 * 8, nonleaf(PMID));
    poke(&h, PMID + 3 * 8, nonleaf(PLEAF));
    put_pc(&h, PLEAF, 0x12, TA_V | 0x88ull << 12, 0); /* fsc Bare */
    poke(&h, PROOT + 3 * 8, nonleaf(PMID) | 1ull << 9); /* reserved bit 9 */
    sim_memory_set_error(h.mem, PROOT + 4 * 8, 1);
    sim_memory_set_error(h.mem, PROOT + 5 * 8, 2);
    sim_memory_set_error(h.mem, PLEAF + 0x13 * 16 + 8, 1); /* the fsc word of PC 0x13 */
    put_pc(&h, PLEAF, 0x14, TA_V, 0);                     /* ENS = 0 */
    put_pc(&h, PLEAF, 0x15, 0, 0);                        /* V = 0 */
    put_pc(&h, PLEAF, 0x16, TA_V, 4ull << 60);            /* fsc.MODE 4: misconfigured */
    const uint32_t did = 0x1c5;

    unsigned a = translate_pv(&h, did, true, 0x20312, false, TTYP_READ, 0x1234);
    static const int pd20[] = {LK, NR, NW, NC, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC,
                               PDR, PDW, PDC, PDR, PDW, PDC, PCR, PCW, PCR, PCW, PCC, RS, I, -1};
    check_states(&h, "PD20 under 2LVL", a + 1, pd20);
    CHECK_EQ("5.2: 1 + (L+2) + 8(L+1) + 1 + 2(L+2) + 2(L+1) + 1 = 32", h.rsp_cycle, a + 1 + 32);
    CHECK_EQ("2LVL extended: root + DDI[1] * 8", h.hist[a + 2].mem_req_addr, ROOT + 7 * 8);
    CHECK_EQ("2LVL extended: DC at leaf + DDI[0] * 64", h.hist[a + 5].mem_req_addr, LEAF + 5 * 64);
    CHECK_EQ("2LVL extended: DC word 7", h.hist[a + 19].mem_req_addr, LEAF + 5 * 64 + 56);
    CHECK_EQ("PD20 level 2: PDT root + PDI[2] * 8", h.hist[a + 22].mem_req_addr, PROOT + 1 * 8);
    CHECK_EQ("StPdtReq: a read", h.hist[a + 22].mem_req_op, 0);
    CHECK_EQ("StPdtWait: no request", h.hist[a + 23].mem_req_valid, 0);
    CHECK_EQ("StPdtCheck: no request", h.hist[a + 24].mem_req_valid, 0);
    CHECK_EQ("PD20 level 1: + PDI[1] * 8", h.hist[a + 25].mem_req_addr, PMID + 3 * 8);
    CHECK_EQ("PC: + PDI[0] * 16", h.hist[a + 28].mem_req_addr, PLEAF + 0x12 * 16);
    CHECK_EQ("PC fsc", h.hist[a + 30].mem_req_addr, PLEAF + 0x12 * 16 + 8);
    CHECK_EQ("fill in StPcCheck", h.hist[a + 32].obs_pdtc_fill, 1);
    CHECK_EQ("PC fsc Bare: pa = IOVA", h.rsp_out.rsp_pa, 0x1234);
    a = translate_pv(&h, did, true, 0x20312, false, TTYP_READ, 0x5678);
    check_states(&h, "PD20: DC and PC from the caches, fsc Bare", a + 1, (const int[]){LK, DC, PCC, RS, -1});
    CHECK_EQ("Bare PC: no IOTLB lookup", h.hist[a + 1].obs_tlb_lookup, 0);
    CHECK_EQ("cached PC: no fill", h.hist[a + 3].obs_pdtc_fill, 0);

    static const int pdte_bad[] = {LK, DC, PDR, PDW, PDC, FT, RS, -1};
    static const int pdte_err[] = {LK, DC, PDR, PDW, FT, RS, -1};
    a = translate_pv(&h, did, true, 0x40312, false, TTYP_READ, 0);
    check_states(&h, "PDT entry V = 0", a + 1, pdte_bad);
    CHECK_EQ("PDT entry V = 0: 266", h.rsp_out.rsp_cause, 266);
    a = translate_pv(&h, did, true, 0x60312, false, TTYP_READ, 0);
    check_states(&h, "PDT entry reserved bit", a + 1, pdte_bad);
    CHECK_EQ("PDT entry reserved bit: 267", h.rsp_out.rsp_cause, 267);
    a = translate_pv(&h, did, true, 0x80312, false, TTYP_READ, 0);
    check_states(&h, "PDT entry access fault", a + 1, pdte_err);
    CHECK_EQ("PDT entry access fault: 265", h.rsp_out.rsp_cause, 265);
    a = translate_pv(&h, did, true, 0xa0312, false, TTYP_READ, 0);
    check_states(&h, "PDT entry data corruption", a + 1, pdte_err);
    CHECK_EQ("PDT entry data corruption: 269", h.rsp_out.rsp_cause, 269);
    a = translate_pv(&h, did, true, 0x20313, false, TTYP_READ, 0);
    check_states(&h, "PC fsc access fault", a + 1,
                 (const int[]){LK, DC, PDR, PDW, PDC, PDR, PDW, PDC, PCR, PCW, PCR, PCW, FT, RS, -1});
    CHECK_EQ("PC access fault: 265", h.rsp_out.rsp_cause, 265);
    static const int pc_read[] = {LK, DC, PDR, PDW, PDC, PDR, PDW, PDC, PCR, PCW, PCR, PCW, PCC, FT, RS, -1};
    a = translate_pv(&h, did, true, 0x20314, true, TTYP_READ, 0);
    check_states(&h, "PC ENS = 0, Supervisor", a + 1, pc_read);
    CHECK_EQ("ENS: 260", h.rsp_out.rsp_cause, 260);
    CHECK_EQ("ENS: the PC is filled all the same", h.hist[a + 13].obs_pdtc_fill, 1);
    CHECK_EQ("ENS: way 1", h.hist[a + 13].obs_pdtc_fill_way, 1);
    a = translate_pv(&h, did, true, 0x20315, false, TTYP_READ, 0);
    check_states(&h, "PC V = 0", a + 1, pc_read);
    CHECK_EQ("PC V = 0: 266", h.rsp_out.rsp_cause, 266);
    CHECK_EQ("266: no fill", h.hist[a + 13].obs_pdtc_fill, 0);
    a = translate_pv(&h, did, true, 0x20316, false, TTYP_READ, 0);
    check_states(&h, "PC fsc.MODE 4", a + 1, pc_read);
    CHECK_EQ("PC misconfigured: 267", h.rsp_out.rsp_cause, 267);
    CHECK_EQ("267: no fill", h.hist[a + 13].obs_pdtc_fill, 0);
    a = translate_pv(&h, did, false, 0, false, TTYP_READ, 0x77);
    CHECK_EQ("no process_id, DPE = 0: Bare", h.rsp_out.rsp_pa, 0x77);

    /* PD17: a process_id of 18 bits is refused (260) in StDcCheck; 0x1ff12 reads root entry 0x1ff */
    a = translate_pv(&h, 0x1c6, true, 0x20000, false, TTYP_READ, 0);
    check_states(&h, "PD17, 18-bit process_id", a + 1, (const int[]){LK, NR, NW, NC, DR, DW, DR, DW, DR, DW, DR, DW,
                 DR, DW, DR, DW, DR, DW, DR, DW, DC, FT, RS, -1});
    CHECK_EQ("18-bit: no lookup in StDcCheck", h.hist[a + 21].obs_pdtc_lookup, 0);
    CHECK_EQ("18-bit: the DC is filled", h.hist[a + 21].obs_ddtc_fill, 1);
    CHECK_EQ("18-bit: 260", h.rsp_out.rsp_cause, 260);
    poke(&h, P17ROOT + 0x1ff * 8, nonleaf(P17LEAF));
    put_pc(&h, P17LEAF, 0x12, TA_V, 0);
    a = translate_pv(&h, 0x1c6, true, 0x1ff12, false, TTYP_READ, 0x99);
    check_states(&h, "PD17: one non-leaf level", a + 1,
                 (const int[]){LK, DC, PDR, PDW, PDC, PCR, PCW, PCR, PCW, PCC, RS, -1});
    CHECK_EQ("PD17 root + PDI[1] * 8", h.hist[a + 3].mem_req_addr, P17ROOT + 0x1ff * 8);
    CHECK_EQ("PD17 PC", h.hist[a + 6].mem_req_addr, P17LEAF + 0x12 * 16);
    CHECK_EQ("PD17: pa", h.rsp_out.rsp_pa, 0x99);
    h_free(&h);
}

/* Section 5.2 with L = 3: PD20 from memory under 2LVL, then from the caches. */
static void test_latency(void)
{
    h_t h;
    setup(&h, 3, 3);
    poke(&h, ROOT + 7 * 8, nonleaf(LEAF));
    put_dc(&h, LEAF, 5, TC_V | TC_PDTV, 0, mode_ppn(PD20, PROOT), 0, 0);
    poke(&h, PROOT + 1 * 8, nonleaf(PMID));
    poke(&h, PMID + 3 * 8, nonleaf(PLEAF));
    put_pc(&h, PLEAF, 0x12, TA_V | 0x88ull << 12, mode_ppn(SV39, PT));
    put_pt(&h, PT, 0x80000);
    unsigned a = translate_pv(&h, 0x1c5, true, 0x20312, false, TTYP_READ, 0x40000010);
    /* 1 + 8 (L+1) + 1 + 3 (L+2) [walk] + (L+2) [2LVL] + 2 (L+2) + 2 (L+1) + 1 [PD20] = 1 + 32 + 1 + 15 + 5 + 19 */
    CHECK_EQ("L = 3: full miss, PD20, Sv39", h.rsp_cycle, a + 1 + 73);
    a = translate_pv(&h, 0x1c5, true, 0x20312, false, TTYP_READ, 0x40000010);
    CHECK_EQ("L = 3: all hits", h.rsp_cycle, a + 1 + 1);
    a = translate_pv(&h, 0x1c5, true, 0x20312, false, TTYP_READ, 0x40001010);
    /* DDTC hit, IOTLB miss: 1 + 1 + 3 (L+2), plus 1 for StPcCheck from the PC cache */
    CHECK_EQ("L = 3: DC and PC cached, walk", h.rsp_cycle, a + 1 + 18);
    CHECK_EQ("L = 3: pa", h.rsp_out.rsp_pa, 0x80001010);
    h_free(&h);
}

/* config/rtl_max.cfg is what max_config() builds (the test runs from the project's top directory). */
static void test_config_file(void)
{
    iommu_config_t want, got;
    char err[512];
    max_config(&want);
    int rc = iommu_config_load("config/rtl_max.cfg", &got, err, sizeof err);
    CHECK_EQ("config/rtl_max.cfg loads", rc, 0);
    if (rc != 0)
        printf("  %s\n", err);
    else
        /* version 8 adds the second stage on top (test_tm_gstage.c checks the whole file) */
        CHECK_EQ("config/rtl_max.cfg has rtl.cfg's capabilities + MSI_FLAT, PD8, PD17, PD20",
                 got.capabilities & want.capabilities, want.capabilities);
    CHECK_EQ("the timing model implements it", iommu_tm_unsupported(&want) == NULL, 1);
    iommu_config_t full;
    iommu_config_full(&full);
    CHECK_EQ("and config/full.cfg (version 11 builds every capability)", iommu_tm_unsupported(&full) == NULL, 1);
}

int main(void)
{
    test_config_file();
    test_pd8();
    test_dpe_and_dc();
    test_pd20_pd17();
    test_latency();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("timing model process directory: %d checks passed\n", checks);
    return 0;
}
