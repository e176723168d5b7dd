/* Unit test of the timing model's MSI sender (docs/microarch.md version 3: sections 3, 4.3, 5.1 StIdle, 5.5),
 * cycle by cycle with the harness of tm_harness.h (L = 1, no back-pressure): a vector becomes pending when fip
 * or cip goes 0 -> 1 with fctl.WSI = 0 and is sent as a 4-byte write from StIdle (StMsiReq, StMsiWait); an ipsr
 * bit that stays 1 sends nothing more; a deliverable MSI goes before a runnable command and a request; a masked
 * vector stays pending and is sent, with the table's values of that moment, once unmasked; fip and cip going to
 * 1 at one edge send both vectors, lowest first; a faulting MSI write is reported as cause 273 (TTYP 0,
 * device_id 0, iotval = msi_addr) through StFault and returns to StIdle with no response, and the record's fip
 * may send the next MSI; fctl.WSI = 1 drives wires and sends nothing. Every expected sequence is written by
 * hand from the document. Each failure prints both values. */
#include "tm_harness.h"

enum { FQ = 0x300000, CQ = 0x10000, FIV = 3 };

/* The fault-record doubleword 0 of a fault of a read without process_id (spec "Fault/Event-Queue"). */
static uint64_t rec_dw0(unsigned cause, unsigned ttyp, uint32_t did)
{
    return cause | (uint64_t)ttyp << 34 | (uint64_t)did << 40;
}

/* Fault queue at FQ, 16 records, fqen and fie; ddtp stays Off, so every request faults with cause 256. */
static void setup_fq(h_t *h)
{
    wr(h, REG_FQB, true, (FQ >> 12) << 10 | 3);
    wr(h, REG_FQCSR, false, 3);
    run(h, 2);
    CHECK_EQ("fqcsr: fqon", rd(h, REG_FQCSR, false), 0x10003);
}

static void msi_cfg(h_t *h, unsigned v, uint64_t addr, uint32_t data, bool masked)
{
    wr(h, (uint16_t)(REG_MSI_ADDR_0 + 16 * v), true, addr);
    wr(h, (uint16_t)(REG_MSI_DATA_0 + 16 * v), false, data);
    wr(h, (uint16_t)(REG_MSI_VEC_CTL_0 + 16 * v), false, masked);
}

/* Presents a request and steps until its handshake; returns that cycle. */
static unsigned start_req(h_t *h, uint32_t did, uint64_t iova)
{
    h->req_valid = true;
    h->req_did = did;
    h->req_ttyp = 2; /* untranslated read */
    h->req_iova = iova;
    h->rsp = false;
    for (unsigned n = 0; n < 200 && h->req_valid; n++)
        step(h);
    CHECK_EQ("request accepted within 200 cycles", h->req_valid, 0);
    return h->req_accept;
}

/* Presents a register write without waiting (it is accepted in the next step: no response is pending). */
static void post_write(h_t *h, uint16_t addr, bool size8, uint64_t v)
{
    h->reg_valid = true;
    h->reg_write = true;
    h->reg_addr = addr;
    h->reg_size8 = size8;
    h->reg_wdata = v;
    h->reg_rsp = false;
}

/* How many of the cycles from..to-1 are in state st. */
static unsigned count_state(const h_t *h, unsigned from, unsigned to, unsigned st)
{
    unsigned n = 0;
    for (unsigned c = from; c < to && c < h->cycle && c < HIST; c++)
        n += h->hist[c].obs_state == st;
    return n;
}

/* The cycles of a request faulting in StLookup with a recorded fault (4 record beats, L = 1). */
#define FAULT_SEQ LK, FT, QR, QW, QR, QW, QR, QW, QR, QW, RS

static void test_registers(void)
{
    h_t h;
    h_init(&h);
    CHECK_EQ("fctl resets to 0 (WSI = 0: MSI)", rd(&h, REG_FCTL, false), 0);
    CHECK_EQ("capabilities.IGS = BOTH (bits 29:28 = 2)", rd(&h, REG_CAPABILITIES, true) >> 28 & 3, 2);
    wr(&h, REG_FCTL, false, 0xffffffff);
    CHECK_EQ("fctl: only WSI writable", rd(&h, REG_FCTL, false), 0x2);
    wr(&h, REG_FCTL, false, 0);
    CHECK_EQ("fctl.WSI back to 0", rd(&h, REG_FCTL, false), 0);
    wr(&h, REG_MSI_ADDR_0 + 16 * 15, true, ~0ull);
    CHECK_EQ("msi_addr_15: bits 55:2", rd(&h, REG_MSI_ADDR_0 + 16 * 15, true), 0x00fffffffffffffcull);
    wr(&h, REG_MSI_DATA_0 + 16 * 15, false, 0xffffffff);
    CHECK_EQ("msi_data_15: 32 bits", rd(&h, REG_MSI_DATA_0 + 16 * 15, false), 0xffffffff);
    wr(&h, REG_MSI_VEC_CTL_0 + 16 * 15, false, 0xffffffff);
    CHECK_EQ("msi_vec_ctl_15: M only", rd(&h, REG_MSI_VEC_CTL_0 + 16 * 15, false), 1);
    h_free(&h);
}

/* A fault record sets fip 0 -> 1 with fctl.WSI = 0: vector fiv is sent after the response; a second record
 * while fip stays 1 sends nothing (spec "ipsr": MSIs have edge semantics). */
static void test_fault_msi(void)
{
    h_t h;
    h_init(&h);
    setup_fq(&h);
    wr(&h, REG_ICVEC, false, FIV << 4);
    msi_cfg(&h, FIV, 0x50004, 0x1234, false); /* bit 2 set: the upper half */
    unsigned a = translate(&h, 1, 2, 0x1000);
    run(&h, 6);
    static const int want[] = {FAULT_SEQ, I, MR, MW, I, I, -1};
    check_states(&h, "fault, then the MSI of fiv", a + 1, want);
    CHECK_EQ("fault response", h.rsp_out.rsp_cause, 256);
    CHECK_EQ("StIdle with a deliverable MSI: req_ready 0", h.hist[a + 12].req_ready, 0);
    CHECK_EQ("MSI: a write", h.hist[a + 13].mem_req_op, 1);
    CHECK_EQ("MSI address: bits 2:0 cleared", h.hist[a + 13].mem_req_addr, 0x50000);
    CHECK_EQ("MSI byte enables: upper half", h.hist[a + 13].mem_req_be, 0xf0);
    CHECK_EQ("MSI data in the upper half", h.hist[a + 13].mem_req_wdata, 0x1234ull << 32);
    CHECK_EQ("StMsiWait presents nothing", h.hist[a + 14].mem_req_valid, 0);
    CHECK_EQ("StIdle after the MSI: req_ready 1", h.hist[a + 15].req_ready, 1);
    CHECK_EQ("memory holds the message", sim_memory_peek(h.mem, 0x50000), 0x1234ull << 32);
    for (unsigned c = a; c < a + 16; c++)
        CHECK_EQ("fctl.WSI = 0: every wire 0", h.hist[c].wsi, 0);
    CHECK_EQ("record 0", sim_memory_peek(h.mem, FQ), rec_dw0(256, 2, 1));
    CHECK_EQ("ipsr.fip", rd(&h, REG_IPSR, false), 2);

    a = translate(&h, 1, 2, 0x2000);
    run(&h, 4);
    static const int again[] = {FAULT_SEQ, I, I, I, -1};
    check_states(&h, "fip stays 1: no second MSI", a + 1, again);
    CHECK_EQ("record 1", sim_memory_peek(h.mem, FQ + 32), rec_dw0(256, 2, 1));

    /* fip cleared, a lower-half address */
    wr(&h, REG_IPSR, false, 2);
    CHECK_EQ("fip cleared (no condition holds)", rd(&h, REG_IPSR, false), 0);
    msi_cfg(&h, FIV, 0x50010, 0xabcd, false);
    a = translate(&h, 1, 2, 0x3000);
    run(&h, 6);
    check_states(&h, "fip 0 -> 1 again: MSI again", a + 1, want);
    CHECK_EQ("MSI byte enables: lower half", h.hist[a + 13].mem_req_be, 0x0f);
    CHECK_EQ("MSI data in the lower half", h.hist[a + 13].mem_req_wdata, 0xabcd);
    CHECK_EQ("MSI address", h.hist[a + 13].mem_req_addr, 0x50010);
    h_free(&h);
}

/* The fault's MSI becomes pending at its last record write; while that request is in flight a command is
 * made runnable and the next request waits: StIdle sends the MSI, then runs the command, then accepts the
 * request (docs/microarch.md 5.1). */
static void test_priority(void)
{
    h_t h;
    h_init(&h);
    setup_fq(&h);
    wr(&h, REG_ICVEC, false, FIV << 4);
    msi_cfg(&h, FIV, 0x50000, 0x77, false);
    wr(&h, REG_CQB, true, (CQ >> 12) << 10 | 2);
    wr(&h, REG_CQCSR, false, 1);
    run(&h, 2);
    cmd_at(&h, CQ, 0, iofence(false, false, 0), 0);
    unsigned a = start_req(&h, 1, 0x1000);
    post_write(&h, REG_CQT, false, 1); /* the command is runnable from here, the engine is busy */
    run(&h, 2);
    CHECK_EQ("cqt written while the fault is reported", h.hist[h.reg_accept].obs_state != I, 1);
    h.req_valid = true; /* the next request waits */
    h.req_iova = 0x2000;
    run(&h, 30);
    static const int want[] = {FAULT_SEQ, I, MR, MW, I, CR, CW, CR, CW, CX, I, LK, -1};
    check_states(&h, "MSI, then the command, then the request", a + 1, want);
    CHECK_EQ("StIdle, MSI deliverable: req_ready 0", h.hist[a + 12].req_ready, 0);
    CHECK_EQ("StIdle, command runnable: req_ready 0", h.hist[a + 15].req_ready, 0);
    CHECK_EQ("StIdle, nothing else: req_ready 1", h.hist[a + 21].req_ready, 1);
    CHECK_EQ("second request accepted there", h.req_accept, a + 21);
    CHECK_EQ("the command completed", rd(&h, REG_CQH, false), 1);
    h_free(&h);
}

/* A masked vector stays pending; once unmasked it is sent with the table's values at that moment. */
static void test_masked(void)
{
    h_t h;
    h_init(&h);
    setup_fq(&h);
    wr(&h, REG_ICVEC, false, FIV << 4);
    msi_cfg(&h, FIV, 0x50000, 0x1111, true);
    unsigned a = translate(&h, 1, 2, 0x1000);
    run(&h, 10);
    static const int want[] = {FAULT_SEQ, I, I, I, I, I, I, I, I, I, -1};
    check_states(&h, "masked: nothing sent", a + 1, want);
    CHECK_EQ("masked pending vector: req_ready stays 1", h.hist[a + 13].req_ready, 1);
    wr(&h, REG_MSI_DATA_0 + 16 * FIV, false, 0x2222);
    wr(&h, REG_MSI_ADDR_0 + 16 * FIV, true, 0x60004);
    run(&h, 3);
    CHECK_EQ("still nothing sent while masked", count_state(&h, a, h.cycle, MR), 0);
    wr(&h, REG_MSI_VEC_CTL_0 + 16 * FIV, false, 0);
    unsigned m = h.reg_accept; /* the unmasking edge */
    run(&h, 5);
    static const int sent[] = {I, I, MR, MW, I, -1};
    check_states(&h, "unmasked: sent from the next StIdle", m, sent);
    CHECK_EQ("unmasked: req_ready 0 in the StIdle that sends", h.hist[m + 1].req_ready, 0);
    CHECK_EQ("the table's new address", h.hist[m + 2].mem_req_addr, 0x60000);
    CHECK_EQ("the table's new data", h.hist[m + 2].mem_req_wdata, 0x2222ull << 32);
    run(&h, 10);
    CHECK_EQ("sent once", count_state(&h, m, h.cycle, MR), 1);
    h_free(&h);
}

/* fip and cip go 0 -> 1 at one edge (a record commit and a cqcsr write setting cie while cmd_ill is 1): both
 * vectors become pending and are sent lowest first. */
static void test_both(void)
{
    h_t h;
    h_init(&h);
    setup_fq(&h);
    wr(&h, REG_ICVEC, false, FIV << 4 | 6); /* civ = 6, fiv = 3 */
    msi_cfg(&h, FIV, 0x50000, 0x33, false);
    msi_cfg(&h, 6, 0x50008, 0x66, false);
    wr(&h, REG_CQB, true, (CQ >> 12) << 10 | 2);
    cmd_at(&h, CQ, 0, 0, 0); /* illegal */
    wr(&h, REG_CQCSR, false, 1); /* cie = 0 */
    wr(&h, REG_CQT, false, 1);
    run(&h, 10);
    CHECK_EQ("cmd_ill, cie 0", rd(&h, REG_CQCSR, false), 0x10401);
    CHECK_EQ("cip 0", rd(&h, REG_IPSR, false), 0);
    unsigned a = start_req(&h, 1, 0x1000);
    while (h.cycle < a + 10) /* the last record write's response edge is cycle a + 10 */
        step(&h);
    post_write(&h, REG_CQCSR, false, 3); /* cqen, cie: cip 0 -> 1 at that edge */
    run(&h, 12);
    CHECK_EQ("the cqcsr write lands on the commit edge", h.reg_accept, a + 10);
    CHECK_EQ("that edge is the last StFqWait", h.hist[a + 10].obs_state, QW);
    static const int want[] = {FAULT_SEQ, I, MR, MW, I, MR, MW, I, I, -1};
    check_states(&h, "both vectors sent", a + 1, want);
    CHECK_EQ("vector 3 first", h.hist[a + 13].mem_req_addr, 0x50000);
    CHECK_EQ("vector 3 data", h.hist[a + 13].mem_req_wdata, 0x33);
    CHECK_EQ("then vector 6", h.hist[a + 16].mem_req_addr, 0x50008);
    CHECK_EQ("vector 6 data", h.hist[a + 16].mem_req_wdata, 0x66);
    CHECK_EQ("ipsr: cip and fip", rd(&h, REG_IPSR, false), 3);
    h_free(&h);
}

/* cip's MSI write faults: cause 273 is recorded (TTYP 0, device_id 0, iotval = msi_addr_civ) through StFault
 * and the engine returns to StIdle without a response; the record sets fip 0 -> 1, whose MSI goes next. */
static void test_msi_fault(void)
{
    h_t h;
    h_init(&h);
    setup_fq(&h);
    wr(&h, REG_ICVEC, false, FIV << 4 | 5); /* civ = 5, fiv = 3 */
    msi_cfg(&h, 5, 0x70004, 0x55, false);
    msi_cfg(&h, FIV, 0x50000, 0x33, false);
    sim_memory_set_error(h.mem, 0x70000, 1);
    wr(&h, REG_CQB, true, (CQ >> 12) << 10 | 2);
    cmd_at(&h, CQ, 0, 0, 0); /* illegal: cmd_ill with cie = 1 sets cip */
    wr(&h, REG_CQCSR, false, 3);
    run(&h, 2);
    wr(&h, REG_CQT, false, 1);
    unsigned n = h.reg_accept + 1;
    run(&h, 30);
    static const int want[] = {I, CR, CW, CR, CW, CX, I, MR, MW, FT, QR, QW, QR, QW, QR, QW, QR, QW, I, MR, MW, I,
                               I, -1};
    check_states(&h, "cip's MSI faults, the record's fip MSI follows", n, want);
    CHECK_EQ("the failing MSI write", h.hist[n + 7].mem_req_addr, 0x70000);
    CHECK_EQ("the failing MSI write's be", h.hist[n + 7].mem_req_be, 0xf0);
    for (unsigned c = n; c < n + 23; c++)
        CHECK_EQ("no response for an MSI fault", h.hist[c].rsp_valid, 0);
    CHECK_EQ("record dw0: cause 273, TTYP 0, device_id 0", sim_memory_peek(h.mem, FQ), rec_dw0(273, 0, 0));
    CHECK_EQ("record dw1", sim_memory_peek(h.mem, FQ + 8), 0);
    CHECK_EQ("record dw2: iotval = msi_addr_5", sim_memory_peek(h.mem, FQ + 16), 0x70004);
    CHECK_EQ("record dw3: iotval2 = 0", sim_memory_peek(h.mem, FQ + 24), 0);
    CHECK_EQ("fqt", rd(&h, REG_FQT, false), 1);
    CHECK_EQ("fip's MSI", h.hist[n + 19].mem_req_addr, 0x50000);
    CHECK_EQ("fip's MSI data", sim_memory_peek(h.mem, 0x50000), 0x33);
    CHECK_EQ("ipsr: cip and fip", rd(&h, REG_IPSR, false), 3);
    CHECK_EQ("req_ready back", h.hist[n + 21].req_ready, 1);
    h_free(&h);
}

/* With fctl.WSI = 1 the bits drive wires and no message is sent; writing WSI = 0 while fip is 1 sends nothing
 * (no 0 -> 1); a software clear of fip while fqof holds makes it transition again 0 -> 1 (spec "ipsr"): one
 * message. */
static void test_wsi(void)
{
    h_t h;
    h_init(&h);
    wr(&h, REG_FCTL, false, 2);
    wr(&h, REG_FQB, true, (FQ >> 12) << 10 | 0); /* 2 slots: the second fault overflows */
    wr(&h, REG_FQCSR, false, 3);
    run(&h, 2);
    wr(&h, REG_ICVEC, false, FIV << 4);
    msi_cfg(&h, FIV, 0x50000, 0x33, false);
    unsigned a = translate(&h, 1, 2, 0x1000);
    run(&h, 4);
    static const int want[] = {FAULT_SEQ, I, I, I, -1};
    check_states(&h, "fctl.WSI = 1: no MSI", a + 1, want);
    CHECK_EQ("no wire before the commit", h.hist[a + 10].wsi, 0);
    CHECK_EQ("wire fiv from the cycle after the commit edge", h.hist[a + 11].wsi, 1u << FIV);
    wr(&h, REG_FCTL, false, 0);
    CHECK_EQ("fctl.WSI = 0: wires 0", h.hist[h.reg_accept + 1].wsi, 0);
    run(&h, 4);
    CHECK_EQ("fip stayed 1: no MSI", count_state(&h, a, h.cycle, MR), 0);
    a = translate(&h, 1, 2, 0x2000); /* 2 slots hold 1 record: the queue is full */
    run(&h, 2);
    static const int ovf[] = {LK, FT, RS, I, I, -1};
    check_states(&h, "overflow: no record, fip stays 1, no MSI", a + 1, ovf);
    CHECK_EQ("fqof", rd(&h, REG_FQCSR, false) >> 9 & 1, 1);
    wr(&h, REG_IPSR, false, 2); /* clear fip while fqof holds */
    unsigned m = h.reg_accept;
    run(&h, 5);
    static const int again[] = {I, I, MR, MW, I, -1};
    check_states(&h, "fip cleared while fqof holds: 0 -> 1 again, one MSI", m, again);
    CHECK_EQ("fip still 1", rd(&h, REG_IPSR, false), 2);
    h_free(&h);
}

int main(void)
{
    test_registers();
    test_fault_msi();
    test_priority();
    test_masked();
    test_both();
    test_msi_fault();
    test_wsi();
    if (failures) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("timing model MSIs: %d checks passed\n", checks);
    return 0;
}
