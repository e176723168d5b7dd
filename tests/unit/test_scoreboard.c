/* Unit test of the transaction-level scoreboard (tb/scoreboard.c): it accepts the orders the spec allows
 * (responses by tag in any order, two requests' fault records in each other's slots) and rejects each kind
 * of wrong outcome (record data, a slot the arch layer does not fill, a doubleword written twice, an
 * interrupt change the arch layer does not make, a wrong register value, a wrong response), and an interval
 * with an outcome missing does not settle; from version 10 a response's PBMT (rsp_pbmt) other than the arch
 * layer's is rejected and named; from version 11 also ATS messages (in order) and ATS completions. Prints one
 * line per check; exits 1 if any fails. */
#include <stdio.h>
#include <string.h>

#include "memory.h"
#include "scoreboard.h"
#include "spec_fields.h"
#include "stim.h"

/* Device directory Off: both requests fault with cause 256 and their records go to the fault queue at
 * 0x1000 (8 slots); the first record raises interrupt wire 0 (icvec.fiv = 0; fctl.WSI = 1: wires). */
static const char program[] = "iommu-stim 1\n"
                              "write fctl 0x2\n"
                              "write fqb 0x402\n"
                              "write fqcsr 0x3\n"
                              "poll fqcsr 0x30000 0x10000\n"
                              "dma tag=1 did=1 ttyp=read iova=0x1000\n"
                              "dma tag=2 did=2 ttyp=write iova=0x2000\n"
                              "read fqt\n";
enum { CMD_FCTL, CMD_FQB, CMD_FQCSR, CMD_POLL, CMD_DMA1, CMD_DMA2, CMD_READ, CMD_END };

/* The two records as the spec lays them out (CAUSE 256, TTYP, DID; iotval = IOVA). */
static const uint64_t record1[4] = {0x0000010800000100ull, 0, 0x1000, 0};
static const uint64_t record2[4] = {0x0000020c00000100ull, 0, 0x2000, 0};

static int failures;
static char msg[4096];

static void expect(const char *what, int ok)
{
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) {
        printf("  last message: %s\n", msg);
        failures++;
    }
}

static iommu_outputs_t fault_rsp(uint16_t tag, uint16_t cause)
{
    iommu_outputs_t o;
    memset(&o, 0, sizeof o);
    o.rsp_valid = 1;
    o.rsp_tag = tag;
    o.rsp_fault = 1;
    o.rsp_cause = cause;
    return o;
}

/* Runs the register commands before the batch and enters it. */
static scoreboard_t *start(const stim_program_t *prog, sim_memory_t *mem)
{
    iommu_config_t cfg;
    iommu_config_rtl(&cfg);
    scoreboard_t *sb = sb_new(prog, "unit", mem, &cfg);
    int ok = sb != NULL;
    for (size_t i = CMD_FCTL; ok && i <= CMD_POLL; i++)
        ok = sb_enter(sb, i) && sb_command_done(sb, i, i == CMD_POLL ? 0x10003 : 0, msg, sizeof msg) == 0;
    ok = ok && sb_enter(sb, CMD_DMA1) && sb_enter(sb, CMD_DMA2);
    if (!ok) printf("FAIL setup: %s\n", msg), failures++;
    return sb;
}

static int write_record(scoreboard_t *sb, sim_memory_t *mem, uint64_t slot, const uint64_t rec[4])
{
    for (unsigned k = 0; k < 4; k++) {
        sim_memory_write(mem, slot + 8 * k, rec[k], 0xff);
        if (sb_mem_write(sb, slot + 8 * k, rec[k], 0xff, 0, msg, sizeof msg) != 0) return -1;
    }
    return 0;
}

/* docs/microarch.md 5.8: the response carries the first-stage leaf's PBMT. Device 1 (1LVL directory at 0x100000,
 * extended DC of config/full.cfg at 0x100040) translates IOVA 0x1234 through Sv39 tables at 0x200000 to the 4 KiB
 * leaf L0[1] = PPN 0x80001 with PBMT = 1 (NC): ok pa=0x80001234 pbmt=1. */
static const char pbmt_program[] = "iommu-stim 1\n"
                                   "mem 0x100040 0x1\n"                  /* tc.V */
                                   "mem 0x100058 0x8000000000000200\n"   /* fsc: Sv39, root 0x200000 */
                                   "mem 0x200000 0x80401\n"              /* root[0] -> 0x201000 */
                                   "mem 0x201000 0x80801\n"              /* L1[0] -> 0x202000 */
                                   "mem 0x202008 0x20000000200004d7\n"   /* L0[1]: PBMT 1, PPN 0x80001, U R W A D V */
                                   "write ddtp 0x40002\n"
                                   "poll ddtp 0x10 0x0\n"
                                   "dma tag=1 did=1 ttyp=read iova=0x1234\n";
enum { PBMT_POLL = 6, PBMT_DMA = 7 };

static void test_pbmt(void)
{
    stim_program_t prog = {0};
    char err[256];
    if (stim_parse_text("unit-pbmt", pbmt_program, &prog, err, sizeof err) != 0) {
        printf("FAIL parse: %s\n", err);
        failures++;
        return;
    }
    sim_memory_t *mem = sim_memory_new();
    iommu_config_t cfg;
    iommu_config_full(&cfg);
    scoreboard_t *sb = sb_new(&prog, "unit-pbmt", mem, &cfg);
    int ok = sb != NULL;
    for (size_t i = 0; ok && i <= PBMT_POLL; i++)
        ok = sb_enter(sb, i) && sb_command_done(sb, i, i == PBMT_POLL ? 0x40002 : 0, msg, sizeof msg) == 0;
    ok = ok && sb_enter(sb, PBMT_DMA);
    expect("pbmt: setup (ddtp 1LVL)", ok);
    iommu_outputs_t o;
    memset(&o, 0, sizeof o);
    o.rsp_valid = 1;
    o.rsp_tag = 1;
    o.rsp_pa = 0x80001234;
    expect("a response without the leaf's PBMT is rejected, named rsp_pbmt",
           ok && !sb_response_expected(sb, PBMT_DMA, &o) && strcmp(sb_response_field(sb, PBMT_DMA, &o), "rsp_pbmt") == 0 &&
           sb_response(sb, PBMT_DMA, &o, msg, sizeof msg) != 0 &&
           strstr(msg, "expected ok pa=0x80001234 pbmt=1 (arch) actual ok pa=0x80001234 (dut)") != NULL);
    o.rsp_pbmt = 2;
    expect("a response with another PBMT (IO for NC) is rejected",
           ok && !sb_response_expected(sb, PBMT_DMA, &o) && strcmp(sb_response_field(sb, PBMT_DMA, &o), "rsp_pbmt") == 0);
    o.rsp_pa = 0x80001000;
    expect("a wrong address is named rsp_pa even when the PBMT differs too",
           ok && strcmp(sb_response_field(sb, PBMT_DMA, &o), "rsp_pa") == 0);
    o.rsp_pa = 0x80001234;
    o.rsp_pbmt = 1;
    expect("the response with pa and PBMT 1 is accepted", ok && sb_response(sb, PBMT_DMA, &o, msg, sizeof msg) == 0);
    if (sb) sb_free(sb);
    sim_memory_free(mem);
    stim_free(&prog);
}

/* Version 11 (docs/microarch.md 5.9): in a configuration with ATS, two commands send an ATS.PRGR and an
 * ATS.INVAL message (checked in order) and an ATS translation request in Off mode gets an Unsupported Request
 * completion with cause 256. */
static const char ats_program[] = "iommu-stim 1\n"
                                  "write cqb 0x4001\n"
                                  "write cqcsr 0x1\n"
                                  "poll cqcsr 0x10000 0x10000\n"
                                  "cmd ATS.PRGR rid=5 payload=0x77\n"
                                  "cmd ATS.INVAL rid=6 pv=1 pid=9 payload=0x88\n"
                                  "poll cqh 0xffffffff 2\n"
                                  "dma tag=3 did=1 ttyp=ats iova=0x5000\n";

static iommu_outputs_t message(bool prgr, uint32_t did, bool pv, uint32_t pid, uint64_t payload)
{
    iommu_outputs_t o;
    memset(&o, 0, sizeof o);
    o.msg_valid = 1;
    o.msg_prgr = prgr;
    o.msg_did = did;
    o.msg_pv = pv;
    o.msg_pid = pid;
    o.msg_payload = payload;
    return o;
}

/* Runs ats_program's commands up to its dma with the messages given (in this order, each when the interval
 * needs it); returns the dma's index, or 0 after a failure (msg says why). */
static size_t ats_run(scoreboard_t *sb, const stim_program_t *prog, const iommu_outputs_t *msgs, unsigned n)
{
    unsigned next = 0;
    for (size_t i = 0; i < prog->count; i++) {
        const stim_cmd_t *c = &prog->cmds[i];
        while (!sb_enter(sb, i)) {
            if (next == n || sb_msg(sb, &msgs[next++], msg, sizeof msg) != 0) return 0;
        }
        if (c->kind == STIM_DMA) return i;
        uint64_t v = c->kind != STIM_POLL ? 0 : c->reg_offset == REG_CQH ? 2 : 0x10001;
        if ((c->kind == STIM_WRITE || c->kind == STIM_READ || c->kind == STIM_POLL) &&
            sb_command_done(sb, i, v, msg, sizeof msg) != 0)
            return 0;
    }
    return 0;
}

static void test_ats(void)
{
    stim_program_t prog = {0};
    char err[256];
    if (stim_parse_text("unit-ats", ats_program, &prog, err, sizeof err) != 0) {
        printf("FAIL parse: %s\n", err);
        failures++;
        return;
    }
    iommu_config_t cfg;
    iommu_config_rtl(&cfg);
    cfg.capabilities = capabilities_ATS_ins(cfg.capabilities, 1);
    const iommu_outputs_t good[2] = {message(true, 5, false, 0, 0x77), message(false, 6, true, 9, 0x88)};
    sim_memory_t *mem = sim_memory_new();
    scoreboard_t *sb = sb_new(&prog, "unit-ats", mem, &cfg);
    size_t dma = ats_run(sb, &prog, good, 2);
    expect("ATS.PRGR and ATS.INVAL messages in order are accepted", dma != 0);
    iommu_outputs_t cpl = fault_rsp(3, 256);
    cpl.rsp_ats = 1;
    cpl.rsp_ats_status = 2; /* Completer Abort: wrong */
    expect("an ATS completion with the wrong status is rejected and named",
           dma != 0 && !sb_response_expected(sb, dma, &cpl) &&
           strstr((sb_response(sb, dma, &cpl, msg, sizeof msg), msg), "expected ATS completion ur (cause 256)") != NULL);
    cpl.rsp_ats_status = 1;
    expect("the Unsupported Request completion is accepted", dma != 0 && sb_response_expected(sb, dma, &cpl));
    iommu_outputs_t plain = fault_rsp(3, 256);
    expect("a plain fault response where the arch layer completes an ATS request is rejected",
           dma != 0 && !sb_response_expected(sb, dma, &plain));
    sb_free(sb);
    sim_memory_free(mem);

    const iommu_outputs_t swapped[2] = {good[1], good[0]};
    mem = sim_memory_new();
    sb = sb_new(&prog, "unit-ats", mem, &cfg);
    expect("messages out of order are rejected and named",
           ats_run(sb, &prog, swapped, 2) == 0 && strstr(msg, "the arch layer's next message is did=5 type=prgr") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    mem = sim_memory_new();
    sb = sb_new(&prog, "unit-ats", mem, &cfg);
    expect("a message the arch layer does not send (a third, in the dma's interval) is rejected",
           ats_run(sb, &prog, good, 2) != 0 && sb_msg(sb, &good[0], msg, sizeof msg) != 0 &&
           strstr(msg, "sends no (further) message") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    const iommu_outputs_t none[1] = {good[0]};
    mem = sim_memory_new();
    sb = sb_new(&prog, "unit-ats", mem, &cfg);
    char pending[512] = "";
    bool stuck = ats_run(sb, &prog, none, 1) == 0;
    sb_pending(sb, pending, sizeof pending);
    snprintf(msg, sizeof msg, "%s", pending);
    expect("an interval whose message is missing does not settle, and names it",
           stuck && strstr(pending, "the message did=6 type=inval itag=0 payload=0x0000000000000088") != NULL);
    sb_free(sb);
    sim_memory_free(mem);
    stim_free(&prog);
}

int main(void)
{
    test_ats();
    stim_program_t prog = {0};
    char err[256];
    if (stim_parse_text("unit", program, &prog, err, sizeof err) != 0) {
        printf("FAIL parse: %s\n", err);
        return 1;
    }

    /* The allowed order: tag 2 first, its record in the first slot; tag 1's in the second. */
    sim_memory_t *mem = sim_memory_new();
    scoreboard_t *sb = start(&prog, mem);
    iommu_outputs_t r1 = fault_rsp(1, 256), r2 = fault_rsp(2, 256);
    expect("records of two outstanding requests in each other's slots are accepted",
           write_record(sb, mem, 0x1000, record2) == 0 && write_record(sb, mem, 0x1020, record1) == 0);
    expect("the interrupt the first record raises is accepted", sb_irq(sb, 0x1, msg, sizeof msg) == 0);
    expect("responses out of order are accepted",
           sb_response(sb, CMD_DMA2, &r2, msg, sizeof msg) == 0 && sb_response(sb, CMD_DMA1, &r1, msg, sizeof msg) == 0);
    expect("the interval settles and the next command starts", sb_enter(sb, CMD_READ));
    expect("the register value the arch layer reads is accepted", sb_command_done(sb, CMD_READ, 2, msg, sizeof msg) == 0);
    expect("the program ends", sb_enter(sb, CMD_END));
    sb_free(sb);
    sim_memory_free(mem);

    /* Wrong outcomes, each in a fresh run. */
    mem = sim_memory_new();
    sb = start(&prog, mem);
    uint64_t bad[4] = {record1[0], record1[1], 0x1008, record1[3]}; /* iotval off by 8 */
    expect("a fault record with a wrong doubleword is rejected", write_record(sb, mem, 0x1000, bad) != 0 &&
           strstr(msg, "matches no fault record") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    mem = sim_memory_new();
    sb = start(&prog, mem);
    expect("a record in a slot the arch layer does not fill is rejected",
           write_record(sb, mem, 0x1040, record1) != 0 && strstr(msg, "not one the arch layer makes") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    mem = sim_memory_new();
    sb = start(&prog, mem);
    expect("a record doubleword written twice is rejected",
           sb_mem_write(sb, 0x1000, record1[0], 0xff, 0, msg, sizeof msg) == 0 &&
           sb_mem_write(sb, 0x1000, record1[0], 0xff, 0, msg, sizeof msg) != 0 && strstr(msg, "second time") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    mem = sim_memory_new();
    sb = start(&prog, mem);
    expect("an interrupt wire the arch layer does not change is rejected",
           sb_irq(sb, 0x2, msg, sizeof msg) != 0 && strstr(msg, "interrupt wire 1") != NULL);
    expect("a second change of wire 0 is rejected", sb_irq(sb, 0x3, msg, sizeof msg) == 0 &&
           sb_irq(sb, 0x2, msg, sizeof msg) != 0 && strstr(msg, "interrupt wire 0") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    mem = sim_memory_new();
    sb = start(&prog, mem);
    iommu_outputs_t wrong = fault_rsp(1, 257);
    expect("a response with another cause is rejected and named",
           !sb_response_expected(sb, CMD_DMA1, &wrong) && sb_response(sb, CMD_DMA1, &wrong, msg, sizeof msg) != 0 &&
           strstr(msg, "expected fault cause 256 (arch) actual fault cause 257 (dut)") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    /* Missing outcomes: the interval does not settle, and says what it waits for. */
    mem = sim_memory_new();
    sb = start(&prog, mem);
    write_record(sb, mem, 0x1000, record1);
    sb_irq(sb, 0x1, msg, sizeof msg);
    sb_response(sb, CMD_DMA1, &r1, msg, sizeof msg);
    sb_response(sb, CMD_DMA2, &r2, msg, sizeof msg);
    char pending[512];
    sb_pending(sb, pending, sizeof pending);
    snprintf(msg, sizeof msg, "%s", pending);
    expect("an interval with a record missing does not settle, and names the slot",
           !sb_enter(sb, CMD_READ) && strstr(pending, "fault-queue slot at 0x1020") != NULL);
    write_record(sb, mem, 0x1020, record2);
    expect("once the record comes, it settles", sb_enter(sb, CMD_READ));
    expect("a wrong register value is rejected", sb_command_done(sb, CMD_READ, 3, msg, sizeof msg) != 0 &&
           strstr(msg, "expected 0x0000000000000002 (arch) actual 0x0000000000000003 (dut)") != NULL);
    sb_free(sb);
    sim_memory_free(mem);

    stim_free(&prog);
    test_pbmt();
    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
