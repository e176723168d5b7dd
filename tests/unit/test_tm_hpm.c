/* Unit test of the timing model's version 9 parts (docs/microarch.md section 5.7), cycle by cycle with the
 * harness of tm_harness.h (L = 1, no back-pressure), under a configuration with HPM (31 counters of 64 bits,
 * then 8 counters of 8 bits for overflow), DBG and QOSID (4-bit IDs): iohpmcycles advances at every edge unless
 * inhibited (the inhibit's value before the edge decides) and a write at an edge stores the written value with
 * no increment; an event counter advances at the edge its request is accepted in StIdle, for the event of its
 * TTYP, when its filter matches (DV with and without DMASK, PV, IDT never) and it is not inhibited; a write
 * of the counter at the acceptance edge wins; eventID is WARL to 0..3; a wrap sets OF once and ipsr.pmip,
 * which drives wsi[icvec.pmiv] with fctl.WSI = 1 and sends the vector's MSI with WSI = 0; pmip is RW1C; a
 * debug translation goes before a waiting bridge request, counts as event 1, completes (Go/Busy clears,
 * tr_response set) at the edge that would enter StRespond with no response on the port, and a faulting one
 * is reported through the fault queue with its TTYP; tr_req_ctl ignores a write while Go/Busy is 1;
 * iommu_qosid is WARL to the configured widths and a DC with a too-wide RCID or MCID is misconfigured (259).
 * Every expected value and cycle is written by hand from the document. */
#include "tm_harness.h"

#include "config.h"
#include "spec_fields.h"

enum { FQ = 0x300000, ROOT = 0x100000, MSIADDR = 0x500000, MSIPT = 0x600000 };

/* ipsr bits and icvec fields (spec "ipsr", "icvec"): cip 0, fip 1, pmip 2; civ 3:0, fiv 7:4, pmiv 11:8 */
enum { PMIP = 1u << 2 };
/* tr_req_ctl (spec "tr_req_ctl"): Go/Busy 0, Priv 1, Exe 2, NW 3, PID 31:12, PV 32, DID 63:40 */
static uint64_t ctl(uint32_t did, bool pv, uint32_t pid, bool priv, bool exe, bool nw)
{
    return 1 | (uint64_t)priv << 1 | (uint64_t)exe << 2 | (uint64_t)nw << 3 | (uint64_t)pid << 12 |
           (uint64_t)pv << 32 | (uint64_t)did << 40;
}
/* iohpmevt (spec "iohpmevt1-31"): eventID 14:0, DMASK 15, PID_PSCID 35:16, DID_GSCID 59:36, PV_PSCV 60,
 * DV_GSCV 61, IDT 62, OF 63 */
static uint64_t evt(unsigned id, bool dmask, uint32_t pid, uint32_t did, bool pv, bool dv, bool idt)
{
    return id | (uint64_t)dmask << 15 | (uint64_t)pid << 16 | (uint64_t)did << 36 | (uint64_t)pv << 60 |
           (uint64_t)dv << 61 | (uint64_t)idt << 62;
}
static uint16_t ctr(unsigned n) { return (uint16_t)(REG_IOHPMCTR1 + 8 * (n - 1)); }
static uint16_t evr(unsigned n) { return (uint16_t)(REG_IOHPMEVT1 + 8 * (n - 1)); }

static void v9_config(iommu_config_t *c, unsigned counters, unsigned bits)
{
    iommu_config_rtl(c);
    c->capabilities = capabilities_HPM_ins(c->capabilities, 1);
    c->capabilities = capabilities_DBG_ins(c->capabilities, 1);
    c->capabilities = capabilities_QOSID_ins(c->capabilities, 1);
    c->hpm_counters = counters;
    c->hpm_counter_bits = bits;
    c->rcid_bits = c->mcid_bits = 4;
}

static void setup(h_t *h, unsigned counters, unsigned bits)
{
    iommu_config_t cfg;
    v9_config(&cfg, counters, bits);
    h_init_cfg_latency(h, &cfg, 1);
}

/* Presents a request and a register access together (both are accepted at the same edge when the engine is
 * idle and no register response is pending); steps until both handshakes, then until the response. */
static void req_and_reg(h_t *h, uint32_t did, uint8_t ttyp, bool write, uint16_t addr, uint64_t v)
{
    h->req_valid = true;
    h->req_did = did;
    h->req_ttyp = ttyp;
    h->req_iova = 0x1000;
    h->req_pv = false;
    h->rsp = false;
    h->reg_valid = true;
    h->reg_write = write;
    h->reg_addr = addr;
    h->reg_size8 = true;
    h->reg_wdata = v;
    h->reg_rsp = false;
    for (unsigned n = 0; n < 200 && !(h->rsp && h->reg_rsp); n++)
        step(h);
    CHECK_EQ("request and register access answered", h->rsp && h->reg_rsp, 1);
    step(h);
}

static void test_cycles(void)
{
    h_t h;
    setup(&h, 31, 64);
    uint64_t caps = rd(&h, REG_CAPABILITIES, true);
    CHECK_EQ("capabilities.HPM, DBG", caps >> 30 & 0x3, 0x3);
    CHECK_EQ("capabilities.QOSID", caps >> 41 & 1, 1);
    /* every edge since reset advances it: edges 0 .. 3 (two reads), the read at edge 4 sees 4 */
    rd(&h, REG_IOHPMCYCLES, true);
    CHECK_EQ("iohpmcycles after 4 edges", rd(&h, REG_IOHPMCYCLES, true), 4);
    wr(&h, REG_IOHPMCYCLES, true, 100); /* edge w stores 100; edge w + 1 makes it 101; the read at w + 2 */
    CHECK_EQ("written at edge w, +1 at w + 1", rd(&h, REG_IOHPMCYCLES, true), 101);
    /* 100 at edge w0, the read at w0 + 2 saw 101; the inhibit written at w0 + 4 still counts at its edge
     * (its value before the edge is 0): 104, then nothing */
    wr(&h, REG_IOCOUNTINH, false, 1);
    uint64_t a = rd(&h, REG_IOHPMCYCLES, true);
    run(&h, 5);
    CHECK_EQ("inhibited: no change", rd(&h, REG_IOHPMCYCLES, true), a);
    CHECK_EQ("value after the inhibit's edge", a, 104);
    wr(&h, REG_IOCOUNTINH, false, 0); /* edge w: no increment (inhibit 1 before it); w + 1 counts */
    CHECK_EQ("uninhibited: +1 at the edge after the write", rd(&h, REG_IOHPMCYCLES, true), a + 1);
    /* a 4-byte write of the high half also stops that edge's increment */
    wr(&h, REG_IOHPMCYCLES + 4, false, 0);
    CHECK_EQ("high half written: its edge no increment", rd(&h, REG_IOHPMCYCLES, true), ((a + 1 + 2) & 0xffffffffu) + 1);

    /* overflow: max - 1 written at edge w, max at w + 1, wrap at w + 2 sets OF and pmip */
    wr(&h, REG_ICVEC, false, 5u << 8);  /* pmiv = 5 */
    wr(&h, REG_FCTL, false, 2);          /* WSI = 1 */
    wr(&h, REG_IOHPMCYCLES, true, 0x7ffffffffffffffeull);
    unsigned w = h.reg_accept;
    CHECK_EQ("at the maximum (read at w + 2)", rd(&h, REG_IOHPMCYCLES, true), 0x7fffffffffffffffull);
    CHECK_EQ("wrapped at w + 2 (OF), 1 at w + 3", rd(&h, REG_IOHPMCYCLES, true), 0x8000000000000001ull);
    CHECK_EQ("wsi[5] is 0 in cycle w + 2", h.hist[w + 2].wsi, 0);
    CHECK_EQ("wsi[5] is 1 from cycle w + 3 (pmip)", h.hist[w + 3].wsi, 1u << 5);
    CHECK_EQ("ipsr.pmip", rd(&h, REG_IPSR, false), PMIP);
    CHECK_EQ("iocountovf bit 0", rd(&h, REG_IOCOUNTOVF, false), 1);
    wr(&h, REG_IPSR, false, PMIP);
    w = h.reg_accept;
    CHECK_EQ("pmip cleared by RW1C", rd(&h, REG_IPSR, false), 0);
    CHECK_EQ("wsi 0 after the clear", h.hist[w + 1].wsi, 0);
    /* with OF already 1 a second wrap sets nothing */
    wr(&h, REG_IOHPMCYCLES, true, 0xfffffffffffffffeull);
    run(&h, 4);
    CHECK_EQ("second wrap: pmip stays 0", rd(&h, REG_IPSR, false), 0);
    /* OF written 0 with the counter at max - 1: the wrap sets OF and pmip again */
    wr(&h, REG_IOHPMCYCLES, true, 0x7ffffffffffffffeull);
    run(&h, 3);
    CHECK_EQ("a wrap with OF written 0 sets pmip again", rd(&h, REG_IPSR, false), PMIP);
    h_free(&h);
}

static void test_events(void)
{
    h_t h;
    setup(&h, 31, 64);
    wr(&h, REG_IOCOUNTINH, false, 1u | 1u << 8); /* cycles and counter 8 inhibited */
    wr(&h, evr(1), true, evt(1, 0, 0, 0, 0, 0, 0));          /* every untranslated request */
    wr(&h, evr(2), true, evt(2, 0, 0, 0, 0, 0, 0));          /* translated */
    wr(&h, evr(3), true, evt(1, 0, 0, 5, 0, 1, 0));          /* device_id 5 */
    wr(&h, evr(4), true, evt(1, 1, 0, 0x13, 0, 1, 0));       /* DMASK: 0x13 = 1_0011b matches 1_0xxx (0x10..0x17) */
    wr(&h, evr(5), true, evt(1, 0, 9, 0, 1, 0, 0));          /* process_id 9 */
    wr(&h, evr(6), true, evt(1, 0, 0, 0, 0, 0, 1));          /* IDT = 1: never */
    wr(&h, evr(7), true, evt(5, 0, 0, 0, 0, 0, 0));          /* eventID 5: WARL to 0 */
    wr(&h, evr(8), true, evt(1, 0, 0, 0, 0, 0, 0));          /* inhibited */
    wr(&h, evr(9), true, evt(3, 0, 0, 0, 0, 0, 0));          /* ATS translation requests */
    CHECK_EQ("eventID 5 stores 0", rd(&h, evr(7), true), 0);
    CHECK_EQ("evt4 reads back", rd(&h, evr(4), true), evt(1, 1, 0, 0x13, 0, 1, 0));

    unsigned acc = translate(&h, 5, 2, 0x1000); /* ddtp Off: fault 256, counted at acceptance */
    translate(&h, 0x14, 1, 0x1000);
    translate(&h, 0x18, 3, 0x1000);
    translate(&h, 5, 6, 0x1000);               /* translated read: event 2 */
    translate(&h, 5, 8, 0x1000);               /* ATS: event 3 */
    translate(&h, 5, 0, 0x1000);               /* TTYP 0: no event */
    translate_pv(&h, 0x10, true, 9, false, 2, 0x1000);
    translate_pv(&h, 0x10, true, 8, false, 2, 0x1000);
    (void)acc;
    CHECK_EQ("ctr1: every untranslated", rd(&h, ctr(1), true), 5);
    CHECK_EQ("ctr2: translated", rd(&h, ctr(2), true), 1);
    CHECK_EQ("ctr3: device 5 untranslated", rd(&h, ctr(3), true), 1);
    CHECK_EQ("ctr4: devices 0x10..0x17", rd(&h, ctr(4), true), 3);
    CHECK_EQ("ctr5: process_id 9", rd(&h, ctr(5), true), 1);
    CHECK_EQ("ctr6: IDT = 1 never", rd(&h, ctr(6), true), 0);
    CHECK_EQ("ctr7: eventID 0", rd(&h, ctr(7), true), 0);
    CHECK_EQ("ctr8: inhibited", rd(&h, ctr(8), true), 0);
    CHECK_EQ("ctr9: ATS", rd(&h, ctr(9), true), 1);

    /* the acceptance edge: a read accepted at that edge sees the old value, and a write there wins */
    req_and_reg(&h, 1, 2, false, ctr(1), 0);
    CHECK_EQ("read at the acceptance edge: before the increment", h.reg_rdata, 5);
    CHECK_EQ("both accepted at one edge", h.req_accept, h.reg_accept);
    CHECK_EQ("then 6", rd(&h, ctr(1), true), 6);
    req_and_reg(&h, 1, 2, true, ctr(1), 40);
    CHECK_EQ("written at the acceptance edge: no increment", rd(&h, ctr(1), true), 40);
    /* the inhibit is the value before the edge: inhibiting at the acceptance edge still counts */
    req_and_reg(&h, 1, 2, true, REG_IOCOUNTOVF, (uint64_t)(1u | 1u << 1) << 32); /* iocountinh: CY, counter 1 */
    CHECK_EQ("inhibited at the acceptance edge: still counts", rd(&h, ctr(1), true), 41);
    translate(&h, 1, 2, 0x1000);
    CHECK_EQ("then inhibited", rd(&h, ctr(1), true), 41);
    h_free(&h);
}

/* Counters of 8 bits: a wrap sets iohpmevtN.OF and pmip (once); pmip with fctl.WSI = 0 sends the vector. */
static void test_counter_overflow(void)
{
    h_t h;
    setup(&h, 8, 8);
    wr(&h, evr(9), true, evt(1, 0, 0, 0, 0, 0, 0));
    CHECK_EQ("iohpmevt9 reads 0", rd(&h, evr(9), true), 0);
    wr(&h, REG_IOCOUNTINH, false, 0xffffffff);
    CHECK_EQ("iocountinh: bits 0..8", rd(&h, REG_IOCOUNTINH, false), 0x1ff);
    wr(&h, REG_IOCOUNTINH, false, 1);
    wr(&h, REG_ICVEC, false, 7u << 8); /* pmiv = 7 */
    wr(&h, (uint16_t)(REG_MSI_ADDR_0 + 16 * 7), true, MSIADDR);
    wr(&h, (uint16_t)(REG_MSI_DATA_0 + 16 * 7), false, 0xabc);
    wr(&h, evr(2), true, evt(1, 0, 0, 0, 0, 0, 0));
    wr(&h, ctr(2), true, 0x1ff); /* 8 bits: stores 0xff */
    CHECK_EQ("iohpmctr2 is 8 bits", rd(&h, ctr(2), true), 0xff);
    unsigned a = translate(&h, 1, 2, 0x1000);
    CHECK_EQ("wrapped to 0", rd(&h, ctr(2), true), 0);
    CHECK_EQ("OF in iohpmevt2", rd(&h, evr(2), true), evt(1, 0, 0, 0, 0, 0, 0) | 1ull << 63);
    CHECK_EQ("iocountovf bit 2", rd(&h, REG_IOCOUNTOVF, false), 1u << 2);
    CHECK_EQ("pmip", rd(&h, REG_IPSR, false), PMIP);
    /* the edge a set pmip; cycle a + 1 is StLookup (ddtp Off: the engine is busy), so the MSI goes when the
     * engine is back in StIdle, before anything else; find its write */
    unsigned m = find_state(&h, a + 1, MR);
    CHECK_EQ("the MSI write's address", h.hist[m].mem_req_addr, MSIADDR);
    CHECK_EQ("the MSI write's data", h.hist[m].mem_req_wdata, 0xabc);
    CHECK_EQ("a write", h.hist[m].mem_req_op, 1);
    /* a second wrap with OF = 1: no new pmip */
    wr(&h, REG_IPSR, false, PMIP);
    wr(&h, ctr(2), true, 0xff);
    translate(&h, 1, 2, 0x1000);
    CHECK_EQ("no pmip with OF already 1", rd(&h, REG_IPSR, false), 0);
    CHECK_EQ("counter wrapped", rd(&h, ctr(2), true), 0);
    h_free(&h);
}

static void test_debug(void)
{
    h_t h;
    setup(&h, 31, 64);
    wr(&h, REG_IOCOUNTINH, false, 1);
    wr(&h, evr(1), true, evt(1, 0, 0, 0x33, 0, 1, 0)); /* untranslated of device 0x33 */
    wr(&h, REG_DDTP, true, 1);                         /* Bare: pa = IOVA */
    run(&h, 2);
    wr(&h, REG_TR_REQ_IOVA, true, 0x123456789abcull);
    CHECK_EQ("tr_req_iova: bits 11:0 read 0", rd(&h, REG_TR_REQ_IOVA, true), 0x123456789000ull);
    /* a bridge request waits in the same cycles as the Go write */
    h.req_valid = true;
    h.req_did = 0x44;
    h.req_ttyp = 2;
    h.req_iova = 0x7000;
    h.req_pv = false;
    h.rsp = false;
    wr(&h, REG_TR_REQ_CTL, true, ctl(0x33, false, 0, false, false, true));
    /* the bridge request is accepted at the Go write's edge w (Go was 0 before it); the debug request waits
     * for StIdle */
    unsigned w = h.reg_accept;
    CHECK_EQ("bridge request taken at the Go edge", h.req_accept, w);
    for (unsigned n = 0; n < 50 && !h.rsp; n++)
        step(&h);
    step(&h);
    unsigned s = h.rsp_cycle; /* StRespond; StIdle at s + 1 takes the debug request */
    run(&h, 2);
    CHECK_EQ("StIdle at s + 1", h.hist[s + 1].obs_state, I);
    CHECK_EQ("req_ready 0 in the debug's StIdle", h.hist[s + 1].req_ready, 0);
    CHECK_EQ("StLookup after", h.hist[s + 2].obs_state, LK);
    CHECK_EQ("StIdle at s + 3: completed at the edge that would enter StRespond", h.hist[s + 3].obs_state, I);
    CHECK_EQ("no response on the port", h.hist[s + 2].rsp_valid | h.hist[s + 3].rsp_valid, 0);
    CHECK_EQ("tr_response: PPN of 0x123456789000", rd(&h, REG_TR_RESPONSE, true), (0x123456789000ull >> 12) << 10);
    CHECK_EQ("Go/Busy cleared", rd(&h, REG_TR_REQ_CTL, true), ctl(0x33, false, 0, false, false, true) & ~1ull);
    CHECK_EQ("the debug request counted as event 1 for device 0x33", rd(&h, ctr(1), true), 1);

    /* a debug request before a waiting bridge request: Go written at w, StIdle at w + 1 takes it
     * (req_ready 0), StLookup at w + 2 completes it, StIdle at w + 3 takes the bridge's */
    h.reg_valid = true; /* the Go write, accepted at the next step's edge w */
    h.reg_write = true;
    h.reg_addr = REG_TR_REQ_CTL;
    h.reg_size8 = true;
    h.reg_wdata = ctl(0x33, true, 5, true, true, false);
    step(&h);
    w = h.reg_accept;
    CHECK_EQ("Go written at w", w, h.cycle - 1);
    h.req_valid = true; /* the bridge request is valid from cycle w + 1, together with Go/Busy */
    h.rsp = false;
    step(&h);
    /* the read at w + 2 sees Go/Busy = 1, before the completion edge */
    CHECK_EQ("busy while in flight", rd(&h, REG_TR_REQ_CTL, true) & 1, 1);
    for (unsigned n = 0; n < 50 && !h.rsp; n++)
        step(&h);
    step(&h);
    CHECK_EQ("req_ready 0 at w + 1", h.hist[w + 1].req_ready, 0);
    CHECK_EQ("StLookup at w + 2", h.hist[w + 2].obs_state, LK);
    CHECK_EQ("bridge request accepted at w + 3", h.req_accept, w + 3);
    CHECK_EQ("Go/Busy cleared", rd(&h, REG_TR_REQ_CTL, true) & 1, 0);
    CHECK_EQ("the bridge's own device is not counted", rd(&h, ctr(1), true), 2);

    /* a fault: ddtp Off (256), reported with TTYP 1 (Exe), device_id, and tr_response.fault */
    wr(&h, REG_DDTP, true, 0);
    run(&h, 2);
    wr(&h, REG_FQB, true, (FQ >> 12) << 10 | 3);
    wr(&h, REG_FQCSR, false, 1);
    run(&h, 2);
    wr(&h, REG_TR_REQ_CTL, true, ctl(0x21, false, 0, false, true, false));
    w = h.reg_accept;
    /* a write while busy is ignored entirely */
    wr(&h, REG_TR_REQ_CTL, true, ctl(0x99, false, 0, false, false, false));
    run(&h, 20);
    const int seq[] = {I, LK, FT, QR, QW, QR, QW, QR, QW, QR, QW, I, -1};
    check_states(&h, "debug fault: StFault, four record beats, then StIdle", w + 1, seq);
    CHECK_EQ("tr_response.fault", rd(&h, REG_TR_RESPONSE, true), 1);
    CHECK_EQ("tr_req_ctl kept the first write", rd(&h, REG_TR_REQ_CTL, true), ctl(0x21, false, 0, false, true, false) & ~1ull);
    uint64_t rec;
    sim_memory_read(h.mem, FQ, 1, &rec);
    CHECK_EQ("record: cause 256, TTYP 1, device 0x21", rec, 256 | 1ull << 34 | 0x21ull << 40);
    for (unsigned c = w; c < w + 14; c++)
        CHECK_EQ("no response on the port", h.hist[c].rsp_valid, 0);
    h_free(&h);
}

/* A debug translation whose IOVA an MRIF-mode MSI PTE maps is a fault, cause 260 (5.7), reported with TTYP 3
 * (neither Exe nor NW); the same address from the bridge is an MRIF response. Extended DCs, MSI translation
 * (version 8's capabilities) beside version 9's. */
static void test_debug_mrif(void)
{
    iommu_config_t cfg;
    v9_config(&cfg, 31, 64);
    cfg.capabilities |= 1ull << 22; /* MSI_FLAT: extended DCs, msiptp */
    cfg.capabilities = capabilities_MSI_MRIF_ins(cfg.capabilities, 1);
    cfg.capabilities = capabilities_AMO_MRIF_ins(cfg.capabilities, 1);
    cfg.capabilities = capabilities_SvNx4_ins(cfg.capabilities, 0x2); /* Sv39x4 (msiptp needs a second stage) */
    cfg.gscid_bits = 16;
    h_t h;
    h_init_cfg_latency(&h, &cfg, 1);
    CHECK_EQ("implemented", iommu_tm_unsupported(&cfg) == NULL, 1);
    wr(&h, REG_FQB, true, (FQ >> 12) << 10 | 3);
    wr(&h, REG_FQCSR, false, 1);
    wr(&h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | 2); /* 1LVL */
    run(&h, 2);
    /* device 4: V, Sv39x4 (GSCID 1; the VIF page's MSI translation reads no G table), first stage Bare, msiptp
     * Flat at MSIPT, VIF pages 0x30000 .. 0x30003 (mask 0x3) */
    uint64_t dc[8] = {1, 8ull << 60 | 1ull << 44 | 0x700000 >> 12, 0, 0, 1ull << 60 | MSIPT >> 12, 0x3, 0x30000, 0};
    for (unsigned k = 0; k < 8; k++)
        sim_memory_poke(h.mem, ROOT + 64 * 4 + 8 * k, dc[k], 0xff);
    sim_memory_poke(h.mem, MSIPT + 3 * 16, (0x7654200ull >> 9) << 7 | 1 << 1 | 1, 0xff); /* MRIF (M = 1) */
    sim_memory_poke(h.mem, MSIPT + 3 * 16 + 8, 1ull << 60 | 0x12345ull << 10 | 0x155, 0xff);
    translate(&h, 4, 3, 0x30003000);
    CHECK_EQ("bridge: an MRIF response", h.rsp_out.rsp_mrif, 1);
    CHECK_EQ("bridge: no fault", h.rsp_out.rsp_fault, 0);
    wr(&h, REG_TR_REQ_IOVA, true, 0x30003000);
    wr(&h, REG_TR_REQ_CTL, true, ctl(4, false, 0, false, false, false));
    run(&h, 60);
    CHECK_EQ("debug: Go/Busy cleared", rd(&h, REG_TR_REQ_CTL, true) & 1, 0);
    CHECK_EQ("debug: tr_response.fault", rd(&h, REG_TR_RESPONSE, true), 1);
    uint64_t rec[2];
    sim_memory_read(h.mem, FQ, 2, rec);
    CHECK_EQ("record: cause 260, TTYP 3, device 4", rec[0], 260 | 3ull << 34 | 4ull << 40);
    CHECK_EQ("record: iotval = the IOVA", (sim_memory_read(h.mem, FQ + 16, 1, rec), rec[0]), 0x30003000);
    h_free(&h);
}

static void test_qosid(void)
{
    h_t h;
    setup(&h, 31, 64);
    wr(&h, REG_IOMMU_QOSID, false, 0xffffffff);
    CHECK_EQ("iommu_qosid: 4-bit RCID and MCID", rd(&h, REG_IOMMU_QOSID, false), 0x000f000f);
    /* 1LVL, base-format DC of device 3: V, translation Bare; ta.RCID (bits 51:40) 0xf fits, 0x10 does not */
    wr(&h, REG_DDTP, true, (uint64_t)(ROOT >> 12) << 10 | 2);
    run(&h, 2);
    sim_memory_poke(h.mem, ROOT + 32 * 3, 1, 0xff);
    sim_memory_poke(h.mem, ROOT + 32 * 3 + 8, 0, 0xff);
    sim_memory_poke(h.mem, ROOT + 32 * 3 + 16, 0xfull << 40 | 0xfull << 52, 0xff);
    sim_memory_poke(h.mem, ROOT + 32 * 3 + 24, 0, 0xff);
    translate(&h, 3, 2, 0x5000);
    CHECK_EQ("RCID and MCID of 4 bits: translated (Bare)", h.rsp_out.rsp_fault, 0);
    CHECK_EQ("pa", h.rsp_out.rsp_pa, 0x5000);
    sim_memory_poke(h.mem, ROOT + 32 * 4, 1, 0xff);
    sim_memory_poke(h.mem, ROOT + 32 * 4 + 16, 0x10ull << 40, 0xff);
    translate(&h, 4, 2, 0x5000);
    CHECK_EQ("RCID of 5 bits: 259", h.rsp_out.rsp_cause, 259);
    sim_memory_poke(h.mem, ROOT + 32 * 5, 1, 0xff);
    sim_memory_poke(h.mem, ROOT + 32 * 5 + 16, 0x10ull << 52, 0xff);
    translate(&h, 5, 2, 0x5000);
    CHECK_EQ("MCID of 5 bits: 259", h.rsp_out.rsp_cause, 259);
    h_free(&h);
}

static void test_config(void)
{
    iommu_config_t c;
    v9_config(&c, 31, 64);
    CHECK_EQ("the timing model implements HPM, DBG, QOSID", iommu_tm_unsupported(&c) == NULL, 1);
    iommu_config_rtl(&c);
    CHECK_EQ("and config/rtl.cfg", iommu_tm_unsupported(&c) == NULL, 1);
    /* config/rtl_max.cfg (version 9): HPM with 31 counters of 64 bits, DBG, QOSID with 4-bit IDs */
    iommu_config_t max;
    char err[512];
    int rc = iommu_config_load("config/rtl_max.cfg", &max, err, sizeof err);
    CHECK_EQ("config/rtl_max.cfg loads", rc, 0);
    if (rc != 0) printf("  %s\n", err);
    CHECK_EQ("rtl_max.cfg: HPM, DBG, QOSID", max.capabilities >> 30 & 3, 3);
    CHECK_EQ("rtl_max.cfg: QOSID", capabilities_QOSID(max.capabilities), 1);
    CHECK_EQ("rtl_max.cfg: 31 counters of 64 bits", max.hpm_counters * 100 + max.hpm_counter_bits, 3164);
    CHECK_EQ("rtl_max.cfg: 4-bit RCID and MCID", max.rcid_bits * 100 + max.mcid_bits, 404);
    CHECK_EQ("rtl_max.cfg: implemented by the timing model", iommu_tm_unsupported(&max) == NULL, 1);
    /* without the capabilities the registers read 0 and ignore writes, and nothing counts */
    h_t h;
    h_init(&h);
    wr(&h, REG_IOHPMCYCLES, true, 5);
    wr(&h, REG_TR_REQ_CTL, true, ctl(1, false, 0, false, false, false));
    run(&h, 5);
    CHECK_EQ("no iohpmcycles", rd(&h, REG_IOHPMCYCLES, true), 0);
    CHECK_EQ("no tr_req_ctl", rd(&h, REG_TR_REQ_CTL, true), 0);
    CHECK_EQ("StIdle takes nothing", h.hist[h.cycle - 1].obs_state, I);
    h_free(&h);
}

int main(void)
{
    test_cycles();
    test_events();
    test_counter_overflow();
    test_debug();
    test_debug_mrif();
    test_qosid();
    test_config();
    printf("test_tm_hpm: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
