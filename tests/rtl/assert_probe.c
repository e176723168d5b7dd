/* The RTL assertion probe (tests/run_tests.py test_assertions): drives a Verilated iommu_top through the
 * tb/rtl_dut.h interface into a device-context read that the memory keeps waiting (mem_req_ready = 0), and
 * reports what rtl_dut_assertion() says. On the correct RTL no assertion may fire; on the variant built with
 * IOMMU_BUG_DC_REQ_UNSTABLE (the fetch changes its request before it is taken) the handshake-stability
 * assertions must, with their file:line.
 *
 * Prints "ASSERTION cycle N: MESSAGE" for every failure reported, then one summary line; exits 0 when no
 * assertion fired, 2 when one did, 1 when the scenario itself went wrong (each wait is bounded and names what
 * it waited for). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rtl_dut.h"

enum { kWaitBound = 50, kStallCycles = 20 };

typedef struct {
    rtl_dut_t *dut;
    iommu_inputs_t in;
    iommu_outputs_t out;
    unsigned cycle;
    unsigned fired;
} probe_t;

/* One cycle: sample this cycle's outputs (already in p->out), apply p->in and the rising edge, report any
 * assertion, then sample the next cycle's outputs. */
static void step(probe_t *p)
{
    char msg[300];
    rtl_dut_clock(p->dut, &p->in);
    p->cycle++;
    while (rtl_dut_assertion(p->dut, msg, sizeof msg)) {
        printf("ASSERTION cycle %u: %s\n", p->cycle, msg);
        p->fired++;
    }
    rtl_dut_outputs(p->dut, &p->out);
}

/* Steps until *flag (a field of p->out) is 1, at most kWaitBound cycles. */
static bool wait_for(probe_t *p, const uint8_t *flag, const char *what)
{
    for (int i = 0; i < kWaitBound; i++) {
        if (*flag) return true;
        step(p);
    }
    printf("ERROR: %s did not happen within %d cycles (cycle %u)\n", what, kWaitBound, p->cycle);
    return false;
}

static bool reg_write(probe_t *p, uint16_t addr, uint64_t data)
{
    if (!wait_for(p, &p->out.reg_req_ready, "reg_req_ready")) return false;
    p->in.reg_req_valid = 1;
    p->in.reg_req_write = 1;
    p->in.reg_req_addr = addr;
    p->in.reg_req_size8 = 1;
    p->in.reg_req_wdata = data;
    step(p);
    p->in.reg_req_valid = 0;
    return wait_for(p, &p->out.reg_rsp_valid, "the register write's response");
}

static int run(probe_t *p)
{
    memset(&p->in, 0, sizeof p->in);
    p->in.rsp_ready = 1;
    p->in.reg_rsp_ready = 1;
    rtl_dut_outputs(p->dut, &p->out);
    for (int i = 0; i < 4; i++) step(p); /* reset, as the bench holds it */
    p->in.rst_n = 1;
    step(p);
    /* ddtp = 1LVL (iommu_mode 2), PPN 0x100 (spec "Device-directory-table pointer"). */
    if (!reg_write(p, 0x010, (0x100ull << 10) | 2)) return 1;
    if (!wait_for(p, &p->out.req_ready, "req_ready after the ddtp write (ddtp.busy clear)")) return 1;
    /* An untranslated read (TTYP 2) of device 1: an IOTLB miss, so the engine reads the device context. */
    p->in.req_valid = 1;
    p->in.req_did = 1;
    p->in.req_ttyp = 2;
    p->in.req_iova = 0x1000;
    p->in.req_tag = 7;
    step(p);
    p->in.req_valid = 0;
    if (!wait_for(p, &p->out.mem_req_valid, "the device-context read (mem_req_valid)")) return 1;
    /* The memory keeps it waiting: the request must stay, unchanged. */
    uint64_t addr = p->out.mem_req_addr;
    unsigned changed = 0;
    for (int i = 0; i < kStallCycles; i++) {
        step(p);
        if (!p->out.mem_req_valid || p->out.mem_req_addr != addr) changed++;
        if (p->fired) break; /* the first failure is the one that matters */
    }
    printf("%s: %u cycles, the waiting request changed in %u stalled cycle(s), %u assertion(s) failed\n",
           p->fired ? "FIRED" : "QUIET", p->cycle, changed, p->fired);
    return p->fired ? 2 : 0;
}

int main(int argc, char **argv)
{
    probe_t p;
    memset(&p, 0, sizeof p);
    p.dut = rtl_dut_new(argc, argv);
    int rc = run(&p);
    rtl_dut_free(p.dut);
    return rc;
}
