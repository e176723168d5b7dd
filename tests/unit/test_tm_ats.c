/* Unit test of the timing model's version 11 (docs/microarch.md 5.9, ATS) in config/rtl_max.cfg with ATS = 1,
 * T2GPA = 1 and pq.log2sz_max = 20: ATS completions on rsp_ats_* (the W/D rule, sizes with a 2 MiB Bare
 * stage and the MSI range reduction, T2GPA, Unsupported Request, Completer Abort, success without access),
 * translated requests, page requests (record data and address, queue full/overflow/off, faults with their
 * response codes, the Stop Marker, PRPR), the pqcsr busy handshake and pip, ATS.INVAL with 32 ITags (exhaustion,
 * cq_wait and the refetch, completions, the timeout and IOFENCE.C's cmd_to), ATS.PRGR, StMsgReq back-pressure.
 * Every expectation is computed by hand from the contract. */
#include "tm_harness.h"

#include "spec_fields.h"

enum { PDT = 0x600000 };
enum { ROOT = 0x100000, PT = 0x200000, CQ = 0x10000, FQ = 0x20000, PQ = 0x30000, MSIPT = 0x500000, GROOT2 = 0x410000 };
enum { TTYP_TREAD = 6, TTYP_ATS = 8 };
enum { TC_V = 1, EN_ATS = 2, EN_PRI = 4, T2GPA = 8, PRPR = 0x40 };

static uint64_t nonleaf(uint64_t table) { return (table >> 12) << 10 | 1; }
static uint64_t leaf(uint64_t ppn, unsigned flags) { return ppn << 10 | flags; }
static void poke(h_t *h, uint64_t a, uint64_t v) { sim_memory_poke(h->mem, a, v, 0xff); }

static void v11_config(iommu_config_t *c)
{
    iommu_config_rtl(c);
    c->capabilities |= 1ull << 22 | 1ull << 38 | 1ull << 39 | 1ull << 40; /* MSI_FLAT, PD8, PD17, PD20 */
    c->capabilities = capabilities_SvNx4_ins(c->capabilities, 0xe);
    c->capabilities = capabilities_MSI_MRIF_ins(c->capabilities, 1);
    c->capabilities = capabilities_AMO_MRIF_ins(c->capabilities, 1);
    c->capabilities = capabilities_ATS_ins(c->capabilities, 1);
    c->capabilities = capabilities_T2GPA_ins(c->capabilities, 1);
    c->gscid_bits = 16;
    c->pq_log2sz_max = 20;
}

static void put_dc(h_t *h, uint32_t did, uint64_t tc, uint64_t hgatp, uint64_t fsc, uint64_t msiptp, uint64_t mask,
                   uint64_t pattern)
{
    uint64_t w[8] = {tc, hgatp, 0, fsc, msiptp, mask, pattern, 0};
    for (unsigned k = 0; k < 8; k++)
        poke(h, ROOT + 64u * did + 8 * k, w[k]);
}

static void setup(h_t *h)
{
    iommu_config_t cfg;
    v11_config(&cfg);
    CHECK_EQ("the timing model implements version 11", iommu_tm_unsupported(&cfg) == NULL, 1);
    h_init_cfg_latency(h, &cfg, 1);
    wr(h, REG_FCTL, false, 2); /* WSI: interrupts on wires, no MSI writes in the sequences */
    wr(h, REG_CQB, true, (CQ >> 12) << 10 | 5);
    wr(h, REG_CQCSR, false, 1);
    wr(h, REG_FQB, true, (FQ >> 12) << 10 | 3);
    wr(h, REG_FQCSR, false, 1);
    wr(h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | 2); /* 1LVL */
    run(h, 2);
    uint64_t sv39 = 8ull << 60 | PT >> 12, bare_g = 0, g = 8ull << 60 | GROOT2 >> 12;
    put_dc(h, 1, TC_V | EN_ATS, bare_g, sv39, 0, 0, 0);
    put_dc(h, 2, TC_V | EN_ATS, bare_g, 0, 0, 0, 0);           /* both stages Bare */
    put_dc(h, 3, TC_V, bare_g, sv39, 0, 0, 0);                 /* EN_ATS = 0 */
    put_dc(h, 4, TC_V | EN_ATS | T2GPA, g, 0, 0, 0, 0);        /* G only, T2GPA */
    put_dc(h, 5, TC_V | EN_ATS, g, 0, 0, 0, 0);                /* G only */
    put_dc(h, 6, TC_V | EN_ATS, g, 0, 1ull << 60 | MSIPT >> 12, 0, 0x40100); /* a VIF page at GPA 0x40100000 */
    put_dc(h, 7, TC_V | EN_ATS | EN_PRI, bare_g, sv39, 0, 0, 0);
    put_dc(h, 8, TC_V | EN_ATS | EN_PRI | PRPR, bare_g, sv39, 0, 0, 0);
    put_dc(h, 9, TC_V | EN_ATS, bare_g, sv39, 0, 0, 0);        /* EN_PRI = 0 */
    put_dc(h, 10, 0, 0, 0, 0, 0, 0);                           /* V = 0 */
    put_dc(h, 11, TC_V | EN_ATS | 0x20, bare_g, 1ull << 60 | PDT >> 12, 0, 0, 0); /* PDTV, PD8 at PDT (PCs 0) */
    /* Sv39 at PT: IOVA 0x40000000 + 0x1000 k (k = 0..3), and a 2 MiB leaf at IOVA 0x40200000 */
    poke(h, PT + 1 * 8, nonleaf(PT + 0x1000));
    poke(h, PT + 0x1000, nonleaf(PT + 0x2000));
    poke(h, PT + 0x1000 + 8, leaf(0x80200, 0xd7));            /* V R W U A D, level 1 */
    poke(h, PT + 0x2000 + 0 * 8, leaf(0x12345, 0xd7));         /* W and D */
    poke(h, PT + 0x2000 + 1 * 8, leaf(0x12346, 0x57));         /* W, D = 0 */
    poke(h, PT + 0x2000 + 2 * 8, leaf(0x12347, 0xd3));         /* R only (W = 0), D = 1 */
    /* k = 3: 0 (not valid) */
    sim_memory_set_error(h->mem, PT + 0x2000 + 4 * 8, 1);      /* k = 4: access fault on the PTE read */
    /* Sv39x4 at GROOT2: 1 GiB leaves, GPA [0, 1 GiB) -> the same, [1, 2 GiB) -> [2, 3 GiB) */
    poke(h, GROOT2 + 0, leaf(0, 0xdf));
    poke(h, GROOT2 + 8, leaf(0x80000, 0xdf));
}

/* The completion of an ATS translation request. */
static void ats(h_t *h, const char *what, uint32_t did, uint64_t iova, unsigned status, unsigned r, unsigned w,
                unsigned size, uint64_t pa, unsigned cause)
{
    printf("  %s\n", what);
    translate(h, did, TTYP_ATS, iova);
    const iommu_outputs_t *o = &h->rsp_out;
    CHECK_EQ("rsp_ats", o->rsp_ats, 1);
    CHECK_EQ("status", o->rsp_ats_status, status);
    CHECK_EQ("R", o->rsp_ats_r, r);
    CHECK_EQ("W", o->rsp_ats_w, w);
    CHECK_EQ("U", o->rsp_ats_u, 0);
    CHECK_EQ("G", o->rsp_ats_g, 0);
    CHECK_EQ("size", o->rsp_ats_size, size);
    CHECK_EQ("pa", o->rsp_pa, pa);
    CHECK_EQ("fault", o->rsp_fault, cause != 0);
    CHECK_EQ("cause", o->rsp_cause, cause);
}

static void test_completions(void)
{
    h_t h;
    setup(&h);
    printf("ATS completions\n");
    ats(&h, "W = D = 1: W granted, 4 KiB", 1, 0x40000000, 0, 1, 1, 12, 0x12345000, 0);
    ats(&h, "W = 1, D = 0: no W", 1, 0x40001000, 0, 1, 0, 12, 0x12346000, 0);
    ats(&h, "W = 0", 1, 0x40002abc, 0, 1, 0, 12, 0x12347000, 0);
    ats(&h, "2 MiB leaf", 1, 0x40205000, 0, 1, 1, 21, 0x80200000, 0);
    ats(&h, "both stages Bare: 2 MiB", 2, 0x12345678, 0, 1, 1, 21, 0x12200000, 0);
    uint32_t fqt = (uint32_t)rd(&h, REG_FQT, false);
    ats(&h, "page fault: success without access", 1, 0x40003000, 0, 0, 0, 12, 0, 0);
    CHECK_EQ("no fault record", rd(&h, REG_FQT, false), fqt);
    ats(&h, "PTE access fault (5): Completer Abort", 1, 0x40004000, 2, 0, 0, 0, 0, 5);
    CHECK_EQ("recorded", rd(&h, REG_FQT, false), fqt + 1);
    ats(&h, "EN_ATS = 0 (260): Unsupported Request", 3, 0x40000000, 1, 0, 0, 0, 0, 260);
    /* with a PASID: Priv is the requested privilege (260 here: tc.PDTV = 0) */
    h.req_pv = 1;
    translate_pv(&h, 3, true, 9, true, TTYP_ATS, 0x40000000);
    CHECK_EQ("UR with a PASID: Priv", h.rsp_out.rsp_ats_priv, 1);
    ats(&h, "T2GPA: the GPA, 2 MiB (Bare first stage)", 4, 0x40001234, 0, 1, 1, 21, 0x40000000, 0);
    ats(&h, "no T2GPA: the SPA", 5, 0x40001234, 0, 1, 1, 21, 0x80000000, 0);
    ats(&h, "MSI range reduction: 1 MiB below the VIF page", 6, 0x40000000, 0, 1, 1, 20, 0x80000000, 0);
    printf("  a process context with V = 0: success without access, and no process-context cache fill\n");
    unsigned a0 = translate_pv(&h, 11, true, 6, false, TTYP_ATS, 0x40201234);
    CHECK_EQ("266: no access", h.rsp_out.rsp_ats_r * 0x100 + h.rsp_out.rsp_ats_size, 12);
    CHECK_EQ("  not a fault", h.rsp_out.rsp_fault, 0);
    unsigned fills = 0;
    for (unsigned c = a0; c <= h.rsp_cycle; c++) fills += h.hist[c].obs_pdtc_fill;
    CHECK_EQ("  the PC failed its V check: not cached", fills, 0);
    poke(&h, PDT + 6 * 16, 1); /* ta.V; fsc Bare */
    a0 = translate_pv(&h, 11, true, 6, false, TTYP_ATS, 0x40201234);
    CHECK_EQ("a valid PC (first stage Bare): 2 MiB", h.rsp_out.rsp_ats_size, 21);
    CHECK_EQ("  pa", h.rsp_out.rsp_pa, 0x40200000);
    fills = 0;
    for (unsigned c = a0; c <= h.rsp_cycle; c++) fills += h.hist[c].obs_pdtc_fill;
    CHECK_EQ("  and it is cached", fills, 1);
    printf("  translated requests\n");
    translate(&h, 4, TTYP_TREAD, 0x40001234);
    CHECK_EQ("T2GPA: the G-stage walk", h.rsp_out.rsp_pa, 0x80001234);
    CHECK_EQ("  not an ATS completion", h.rsp_out.rsp_ats, 0);
    unsigned acc = translate(&h, 5, TTYP_TREAD, 0x40001234);
    CHECK_EQ("no T2GPA: the IOVA", h.rsp_out.rsp_pa, 0x40001234);
    /* DC from the cache, no walk: StLookup, StDcCheck, StRespond */
    const int seq[] = {I, LK, DC, RS, -1};
    check_states(&h, "translated request without T2GPA", acc, seq);
    h_free(&h);
}

static void pgreq(h_t *h, uint32_t did, bool pv, uint32_t pid, bool r, bool w, bool last, unsigned prgi, uint64_t addr)
{
    memset(&h->pgr, 0, sizeof h->pgr);
    h->pgr.pgr_did = did;
    h->pgr.pgr_pv = pv;
    h->pgr.pgr_pid = pid;
    h->pgr.pgr_priv = pv;
    h->pgr.pgr_exec = pv;
    h->pgr.pgr_r = r;
    h->pgr.pgr_w = w;
    h->pgr.pgr_last = last;
    h->pgr.pgr_prgi = (uint16_t)prgi;
    h->pgr.pgr_addr = addr;
    h->pgr_valid = true;
    for (unsigned n = 0; n < 50 && h->pgr_valid; n++)
        step(h);
    CHECK_EQ("page request accepted", h->pgr_valid, 0);
    run(h, 60);
}

static void check_prgr(h_t *h, const char *what, unsigned count, uint32_t did, unsigned prgi, unsigned code, bool pv,
                       uint32_t pid)
{
    printf("  %s\n", what);
    CHECK_EQ("messages", h->msg_count, count);
    CHECK_EQ("PRG response", h->msg_out.msg_prgr, 1);
    CHECK_EQ("did", h->msg_out.msg_did, did);
    CHECK_EQ("payload", h->msg_out.msg_payload, (uint64_t)prgi << 32 | (uint64_t)code << 44);
    CHECK_EQ("pv", h->msg_out.msg_pv, pv);
    CHECK_EQ("pid", h->msg_out.msg_pid, pid);
    CHECK_EQ("itag", h->msg_out.msg_itag, 0);
}

static void test_page_requests(void)
{
    h_t h;
    setup(&h);
    printf("page requests\n");
    wr(&h, REG_PQB, true, (PQ >> 12) << 10 | 1); /* 4 entries */
    wr(&h, REG_PQCSR, false, 1);
    run(&h, 2);
    CHECK_EQ("pqon", rd(&h, REG_PQCSR, false) >> 16 & 3, 1);
    pgreq(&h, 7, true, 0x55, true, true, false, 0x1a5, 0xabcde123);
    const int seq[] = {I, PGS, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DR, DW, DC, QQR, QQW, QQR, QQW, I, -1};
    check_states(&h, "queued page request", h.pgr_accept, seq);
    CHECK_EQ("record dw0", sim_memory_peek(h.mem, PQ), 0x55ull << 12 | 7ull << 32 | 7ull << 40);
    CHECK_EQ("record dw1", sim_memory_peek(h.mem, PQ + 8), 0xabcde000ull | 0x1a5u << 3 | 3);
    CHECK_EQ("pqt", rd(&h, REG_PQT, false), 1);
    unsigned w0 = find_state(&h, h.pgr_accept, QQR);
    CHECK_EQ("record write dw0: address", h.hist[w0].mem_req_addr, PQ);
    CHECK_EQ("  op write, all bytes", h.hist[w0].mem_req_op * 0x100 + h.hist[w0].mem_req_be, 0x1ff);
    CHECK_EQ("record write dw1: address", h.hist[w0 + 2].mem_req_addr, PQ + 8);
    CHECK_EQ("no message", h.msg_count, 0);
    CHECK_EQ("pip 0 (pie 0)", rd(&h, REG_IPSR, false) >> 3 & 1, 0);
    /* the pqcsr busy handshake: a write while the engine is in StPqReq stays busy until it leaves */
    h.stall = 30;
    h.pgr.pgr_prgi = 3;
    h.pgr.pgr_last = 1;
    h.pgr.pgr_w = 0;
    h.pgr_valid = true;
    unsigned c0 = h.cycle;
    while (h.cycle < c0 + 2000 && !(h.cycle > 0 && h.hist[h.cycle - 1].obs_state == QQR))
        step(&h);
    wr(&h, REG_PQCSR, false, 3); /* pqen, pie */
    CHECK_EQ("pqcsr busy while the record is written", rd(&h, REG_PQCSR, false) >> 17 & 1, 1);
    run(&h, 200);
    h.stall = 0;
    CHECK_EQ("busy clears after StPqWait", rd(&h, REG_PQCSR, false), 1 | 2 | 1u << 16);
    CHECK_EQ("queued with Last = 1: no own response", h.msg_count, 0);
    CHECK_EQ("pqt", rd(&h, REG_PQT, false), 2);
    CHECK_EQ("second record (slot 1) dw0", sim_memory_peek(h.mem, PQ + 16), 0x55ull << 12 | 7ull << 32 | 7ull << 40);
    CHECK_EQ("second record dw1: R, L, PRGI 3", sim_memory_peek(h.mem, PQ + 24), 0xabcde000ull | 3u << 3 | 5);
    CHECK_EQ("pip: pie and a record committed", rd(&h, REG_IPSR, false) >> 3 & 1, 1);
    CHECK_EQ("its wire (icvec.piv 0)", h.hist[h.cycle - 1].wsi & 1, 1);
    wr(&h, REG_IPSR, false, 8);
    pgreq(&h, 7, true, 0x55, false, false, true, 4, 0); /* a Stop Marker: queued, no response */
    CHECK_EQ("stop marker queued", rd(&h, REG_PQT, false), 3);
    CHECK_EQ("stop marker: no message", h.msg_count, 0);
    pgreq(&h, 7, true, 0x66, true, false, true, 9, 0x1000); /* full: pqof, Success, PRPR 0: no PASID */
    check_prgr(&h, "queue full: Success", 1, 7, 9, 0, false, 0);
    CHECK_EQ("pqof", rd(&h, REG_PQCSR, false) >> 9 & 1, 1);
    CHECK_EQ("pip from pqof", rd(&h, REG_IPSR, false) >> 3 & 1, 1);
    pgreq(&h, 8, true, 0x77, true, false, true, 10, 0x1000);
    check_prgr(&h, "pqof: Success, PRPR = 1: the PASID", 2, 8, 10, 0, true, 0x77);
    pgreq(&h, 9, false, 0, true, false, true, 11, 0x1000);
    check_prgr(&h, "EN_PRI = 0 (260): Invalid Request", 3, 9, 11, 1, false, 0);
    uint32_t fqt = (uint32_t)rd(&h, REG_FQT, false);
    uint64_t rec = FQ + 32u * ((fqt - 1) & 15);
    CHECK_EQ("record: cause 260", sim_memory_peek(h.mem, rec) & 0xfff, 260);
    CHECK_EQ("record: TTYP 9 (PCIe message)", sim_memory_peek(h.mem, rec) >> 34 & 0x3f, 9);
    CHECK_EQ("record: iotval 4 (Page Request)", sim_memory_peek(h.mem, rec + 16), 4);
    pgreq(&h, 10, true, 5, true, false, true, 12, 0x1000);
    check_prgr(&h, "DC not valid (258): Response Failure with the PASID", 4, 10, 12, 0xf, true, 5);
    pgreq(&h, 7, true, 5, true, false, false, 14, 0x1000);
    CHECK_EQ("Last = 0: no response", h.msg_count, 4);
    wr(&h, REG_PQCSR, false, 0);
    run(&h, 2);
    pgreq(&h, 7, false, 0, true, false, true, 13, 0x1000);
    check_prgr(&h, "queue off: Response Failure", 5, 7, 13, 0xf, false, 0);
    /* the queue on again (pqt, pqof cleared); a record write that fails: pqmf, Response Failure with the PASID */
    wr(&h, REG_PQCSR, false, 1 | 1u << 9);
    run(&h, 2);
    CHECK_EQ("pqon again: pqt 0, pqof 0", rd(&h, REG_PQT, false) * 0x10000 + rd(&h, REG_PQCSR, false), 0x10001);
    sim_memory_set_write_error(h.mem, PQ + 8, 1);
    pgreq(&h, 7, true, 0x44, true, false, true, 16, 0x1000);
    check_prgr(&h, "record write access fault: pqmf, Response Failure with the PASID", 6, 7, 16, 0xf, true, 0x44);
    CHECK_EQ("pqmf", rd(&h, REG_PQCSR, false) >> 8 & 1, 1);
    CHECK_EQ("pqt unchanged", rd(&h, REG_PQT, false), 0);
    sim_memory_set_write_error(h.mem, PQ + 8, 0);
    pgreq(&h, 7, false, 0, true, false, true, 17, 0x1000);
    check_prgr(&h, "pqmf: Response Failure", 7, 7, 17, 0xf, false, 0);
    /* StMsgReq holds until msg_ready_i */
    h.msg_stall = 3;
    pgreq(&h, 7, false, 0, true, false, true, 15, 0x1000);
    unsigned m = find_state(&h, h.pgr_accept, MSG);
    const int hold[] = {MSG, MSG, MSG, MSG, I, -1};
    check_states(&h, "StMsgReq under back-pressure", m, hold);
    h_free(&h);
}

static uint64_t ats_inval(uint32_t rid) { return 4 | (uint64_t)rid << 40; }
static uint64_t ats_prgr(uint32_t rid, bool pv, uint32_t pid)
{
    return 4 | 1u << 7 | (uint64_t)pid << 12 | (uint64_t)pv << 32 | (uint64_t)rid << 40;
}

static void test_itags(void)
{
    h_t h;
    setup(&h);
    printf("ATS.INVAL, ITags, ATS.PRGR, IOFENCE.C\n");
    for (unsigned t = 0; t < 33; t++)
        cmd_at(&h, CQ, t, ats_inval(0x20), 0x1000 + t);
    cmd_at(&h, CQ, 33, iofence(false, false, 0), 0);
    unsigned seen[40] = {0}, n = 0;
    wr(&h, REG_CQT, false, 34);
    for (unsigned c = 0; c < 3000; c++) {
        unsigned before = h.msg_count;
        step(&h);
        if (h.msg_count != before && n < 40) seen[n++] = h.msg_out.msg_itag | (unsigned)(h.msg_out.msg_payload << 8);
    }
    CHECK_EQ("32 Invalidation Requests", n, 32);
    for (unsigned t = 0; t < 32 && t < n; t++)
        CHECK_EQ("ITag t, payload", seen[t], t | (0x1000 + t) << 8);
    CHECK_EQ("the 33rd waits: cqh", rd(&h, REG_CQH, false), 32);
    CHECK_EQ("  and no fetch while cq_wait", h.hist[h.cycle - 1].obs_state, I);
    /* a completion from another device frees nothing; the wait clears and the command is fetched again */
    h.icpl = true, h.icpl_did = 0x21, h.icpl_itags = 1u << 5;
    run(&h, 200);
    CHECK_EQ("wrong did: still waiting", rd(&h, REG_CQH, false), 32);
    h.icpl = true, h.icpl_did = 0x20, h.icpl_itags = 1u << 5;
    unsigned e = h.cycle;
    run(&h, 200);
    const int refetch[] = {I, I, CR, CW, CR, CW, CX, MSG, I, -1};
    check_states(&h, "ITag 5 completes: refetch next edge", e, refetch);
    CHECK_EQ("ITag 5 reused", h.msg_out.msg_itag, 5);
    CHECK_EQ("cqh", rd(&h, REG_CQH, false), 33);
    /* IOFENCE.C waits for the 32 busy ITags; the timeout frees them and IOFENCE.C reports cmd_to */
    CHECK_EQ("IOFENCE.C waits", rd(&h, REG_CQH, false), 33);
    h.ats_timeout = true;
    run(&h, 200);
    CHECK_EQ("cmd_to", rd(&h, REG_CQCSR, false) >> 9 & 1, 1);
    CHECK_EQ("cqh stays at the IOFENCE.C", rd(&h, REG_CQH, false), 33);
    /* clearing cmd_to: the IOFENCE.C runs again, the flag was cleared, no ITag busy: it completes */
    wr(&h, REG_CQCSR, false, 1 | 1u << 9);
    run(&h, 100);
    CHECK_EQ("IOFENCE.C completes", rd(&h, REG_CQH, false), 34);
    /* ATS.PRGR: the message with the PASID, itag 0 */
    cmd_at(&h, CQ, 34, ats_prgr(0x1234, true, 0x99), 0xabc00000000ull);
    unsigned before = h.msg_count;
    wr(&h, REG_CQT, false, 35);
    run(&h, 100);
    CHECK_EQ("ATS.PRGR sent", h.msg_count, before + 1);
    CHECK_EQ("  prgr", h.msg_out.msg_prgr, 1);
    CHECK_EQ("  did", h.msg_out.msg_did, 0x1234);
    CHECK_EQ("  pid", h.msg_out.msg_pid, 0x99);
    CHECK_EQ("  payload", h.msg_out.msg_payload, 0xabc00000000ull);
    CHECK_EQ("cqh", rd(&h, REG_CQH, false), 35);
    h_free(&h);
}

/* A debug translation (version 9, section 5.7) right after a page request is a translation again: its
 * tr_response holds the translated page (and no page-request response follows). */
static void test_debug_after_page_request(void)
{
    h_t h, *hp = &h;
    printf("a debug translation after a page request\n");
    iommu_config_t cfg;
    v11_config(&cfg);
    cfg.capabilities = capabilities_DBG_ins(cfg.capabilities, 1);
    h_init_cfg_latency(&h, &cfg, 1);
    wr(hp, REG_FCTL, false, 2);
    wr(hp, REG_FQB, true, (FQ >> 12) << 10 | 3);
    wr(hp, REG_FQCSR, false, 1);
    wr(hp, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | 2);
    run(hp, 2);
    put_dc(hp, 1, TC_V | EN_ATS, 0, 8ull << 60 | PT >> 12, 0, 0, 0);
    put_dc(hp, 7, TC_V | EN_ATS | EN_PRI, 0, 8ull << 60 | PT >> 12, 0, 0, 0);
    poke(hp, PT + 1 * 8, nonleaf(PT + 0x1000));
    poke(hp, PT + 0x1000, nonleaf(PT + 0x2000));
    poke(hp, PT + 0x2000, leaf(0x12345, 0xd7));
    pgreq(hp, 7, false, 0, true, false, true, 5, 0x1000); /* queue off: Response Failure */
    check_prgr(hp, "the page request's response", 1, 7, 5, 0xf, false, 0);
    wr(hp, REG_TR_REQ_IOVA, true, 0x40000000);
    wr(hp, REG_TR_REQ_CTL, true, 1ull << 40 | 8 | 1); /* did 1, NW (a read), Go */
    run(hp, 100);
    CHECK_EQ("debug translation done", rd(hp, REG_TR_REQ_CTL, true) & 1, 0);
    CHECK_EQ("tr_response: the page, no fault", rd(hp, REG_TR_RESPONSE, true), 0x12345ull << 10);
    CHECK_EQ("no second page-request response", h.msg_count, 1);
    h_free(&h);
}

/* config/rtl_max.cfg holds what config/full_be.cfg holds (one RTL build serves both benches, docs/decisions.md),
 * and it has the ATS parts v11_config() tests. */
static void test_config_file(void)
{
    iommu_config_t want, got, be;
    char err[512];
    v11_config(&want);
    int rc = iommu_config_load("config/rtl_max.cfg", &got, err, sizeof err);
    int rc_be = iommu_config_load("config/full_be.cfg", &be, err, sizeof err);
    CHECK_EQ("config/rtl_max.cfg and config/full_be.cfg load", rc == 0 && rc_be == 0, 1);
    if (rc != 0 || rc_be != 0) {
        printf("  %s\n", err);
        return;
    }
    CHECK_EQ("config/rtl_max.cfg = config/full_be.cfg", iommu_config_equal(&be, &got, NULL, 0), 1);
    CHECK_EQ("with version 11's ATS and T2GPA", capabilities_ATS(got.capabilities) && capabilities_T2GPA(got.capabilities), 1);
    CHECK_EQ("and its page-request queue size", got.pq_log2sz_max, want.pq_log2sz_max);
}

int main(void)
{
    test_config_file();
    test_completions();
    test_page_requests();
    test_itags();
    test_debug_after_page_request();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("all %d checks passed\n", checks);
    return 0;
}
