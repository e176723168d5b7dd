/* The cycle bench (see bench.h). It reaches the device under test only through the DUT interface
 * (tb/dut_if.h). One loop iteration is one clock cycle:
 *   1. read the outputs of the DUT (and, for the cycle check, of the timing model) and compare every field;
 *   2. the agents decide this cycle's inputs from those outputs and the seed, and log outcomes; for the
 *      transaction check they hand every outcome to the scoreboard (tb/scoreboard.h) instead;
 *   3. clock the DUT (and the timing model) with those inputs.
 * Every wait is bounded: a run with no handshake for idle_limit cycles stops and says what it waited for;
 * a request waits at most response_limit cycles for its response; the transaction check waits at most
 * settle_limit cycles for the last outcomes of an interval. */
#include "bench.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "ats_msg.h"
#include "iommu_port.h"
#include "iommu_tm.h"
#include "reg_map.h"
#include "spec_fields.h"
#include "memory.h"
#include "rng.h"
#include "dut_if.h"
#include "dut_reorder.h"
#include "fault_record.h"
#include "model_dut.h"
#include "scoreboard.h"
#include "txlog.h"

#define RESET_CYCLES 4
#define MAX_OUTSTANDING 64
#define MEM_QUEUE 64
#define HISTORY 48
/* The mapping oracle matches a fault record to one of the last this many accepted requests (a record may be
 * written after its request's response, or after younger requests were accepted, by a DUT that reorders). */
#define ORACLE_WINDOW 128
/* After the first mismatch both keep running this many cycles so the report can say where the
 * divergence surfaces on the interfaces (the response, memory, registers, interrupts). */
#define AFTERMATH_CYCLES 64
#define AFTERMATH_LINES 12

/* Every output field, for comparison and reports (the port list generated from data/iommu.yaml). */
#define OUT_FIELD(name, width) {#name, offsetof(iommu_outputs_t, name), sizeof(((iommu_outputs_t *)0)->name)},
static const struct {
    const char *name;
    size_t offset, size;
} output_fields[] = {IOMMU_OUTPUT_PORTS(OUT_FIELD)};
#undef OUT_FIELD
#define N_OUTPUT_FIELDS (sizeof output_fields / sizeof output_fields[0])

static uint64_t field_value(const iommu_outputs_t *o, size_t i)
{
    const unsigned char *p = (const unsigned char *)o + output_fields[i].offset;
    switch (output_fields[i].size) {
    case 1: return *(const uint8_t *)p;
    case 2: return *(const uint16_t *)p;
    case 4: return *(const uint32_t *)p;
    default: return *(const uint64_t *)p;
    }
}

typedef struct {
    uint64_t due_cycle;
    uint64_t rdata;
    uint8_t err;
} mem_rsp_t;

typedef struct {
    uint64_t cycle;
    char text[160];
} history_entry_t;

enum reg_phase { REG_IDLE, REG_REQUEST, REG_WAIT_RSP };

typedef struct {
    const bench_config_t *cfg;
    const stim_program_t *prog;
    bench_result_t *res;
    rng_t rng;
    sim_memory_t *mem;
    dut_t dut;          /* the device under test */
    iommu_tm_t *model;  /* the cycle check's reference (NULL: none) */
    scoreboard_t *sb;   /* the transaction check's reference (NULL: none) */
    bool failed;        /* the report holds a failure already */
    uint64_t settle_since; /* transaction check: first cycle the program waited for an interval to settle */
    char pending_text[512];  /* what the transaction check waits for (waiting_for's answer) */
    uint64_t cycle;
    uint64_t last_progress_cycle;
    /* software/device program */
    size_t pc;
    uint64_t wait_left;
    unsigned dma_gap;
    bool dma_gap_drawn;
    enum reg_phase reg_phase;
    unsigned polls_done;
    /* outstanding dma requests, in order of acceptance: program indexes; answered ones (the transaction
     * check takes responses in any order) leave once every older one has */
    size_t outstanding[MAX_OUTSTANDING];
    bool answered[MAX_OUTSTANDING];
    unsigned out_head, out_count;
    uint64_t accept_cycle[MAX_OUTSTANDING];
    /* memory agent */
    mem_rsp_t mem_q[MEM_QUEUE];
    unsigned mem_head, mem_count;
    /* interrupt monitor */
    uint16_t prev_wsi;
    /* history of the transaction in flight (engine states and memory traffic) */
    history_entry_t history[HISTORY];
    unsigned hist_next, hist_count;
    unsigned prev_state;
    bool tracing;
    iommu_outputs_t prev_out; /* last cycle's outputs, for coverage of transitions and edges */
    txlog_t *log; /* NULL once the run has diverged: a failing run's log is cut, without "end" */
    /* aftermath of the first mismatch */
    bool diverged;
    uint64_t aftermath_end;
    uint64_t fields_seen; /* bit i: output_fields[i] already reported as differing */
    unsigned aftermath_lines;
    /* the mapping oracle's fault-record check: on when the program states expectations (a generated one);
     * the record being written (its slot's address and the doublewords seen); the last accepted requests
     * (program indexes) and whether a record was matched to each */
    bool oracle_on;
    uint16_t fqb_offset; /* the fqb register, and the value software last wrote there (0: none yet) */
    uint64_t fqb_written;
    unsigned fq_log2sz_max; /* the configuration's (version 10: fqb.LOG2SZ-1 is WARL to it) */
    bool fctl_be;           /* fctl.BE as software wrote it (version 10): fault records and MSI data are big-endian */
    bool fctl_be_writable;
    uint16_t fqh_offset; /* the fqh register, and software's last write there since its last fqb write */
    bool fqh_known;
    uint32_t fqh_written;
    uint64_t rec_slot;
    uint64_t rec_dw[4];
    unsigned rec_seen;
    size_t window[ORACLE_WINDOW];
    bool window_recorded[ORACLE_WINDOW];
    unsigned window_next, window_count;
    /* the command queue as software set it up (cqb, for the history's cq[i] names) and the command being
     * fetched: its slot and doublewords as the memory agent answered them */
    uint16_t cqb_offset;
    uint64_t cqb_written;
    uint64_t cmd_slot;
    uint64_t cmd_dw[2];
    uint64_t cmd_fetch_cycle; /* the cycle the last command's second doubleword was read (0: no command yet) */
    /* the MSI configuration table as software wrote it (spec "msi_cfg_tbl"), to name the vector of an MSI
     * write, and the last MSI the engine sent (-1: its address and data match no entry) */
    uint16_t msi_offset;
    uint64_t msi_addr[16];
    uint32_t msi_data[16];
    bool msi_masked[16]; /* msi_vec_ctl_v.M as software wrote it (reset 0: docs/microarch.md 4.3) */
    uint64_t msi_mask_cycle[16]; /* the cycle software's last msi_vec_ctl_v write was accepted */
    uint64_t msi_start_cycle;    /* the cycle the engine was first seen in StMsiReq for the send in flight */
    int msi_vector;
    uint64_t msi_fault_addr; /* the address of the last MSI write that answered with an error ... */
    bool msi_fault_open;     /* ... whose cause-273 record the oracle has not yet seen */
    size_t pgreq_next;       /* version 11: the program index from which a page request's record is looked for */
    uint64_t msi_write_addr;
    uint32_t msi_write_data;
    /* version 9 (docs/microarch.md 5.7): the debug translation software asked for (tr_req_iova, and tr_req_ctl
     * as last written with Go/Busy = 1), to name it in the history when the engine takes it (StIdle ->
     * StLookup with req_ready_o 0) and when it completes (back to StIdle without StRespond) */
    uint64_t dbg_iova, dbg_ctl;
    bool dbg_asked, dbg_in_flight;
    bool prev_req_ready;
    /* version 11 (docs/microarch.md 5.9): the ATS message channel's back-pressure is drawn only with
     * capabilities.ATS, from a stream of its own seeded from the seed (so every seed keeps the latency and
     * back-pressure of the other channels it had before); the cycles a pgreq line has waited for pgr_ready_o */
    bool ats;
    rng_t msg_rng;
    uint64_t pgr_wait;
    size_t pgr_cmd;          /* the last pgreq line accepted (program index), for the report */
    bool pgr_busy;           /* it was accepted and the engine has not been back in StIdle since */
    uint64_t pgr_cycle;      /* the cycle it was accepted (0: none yet) */
} bench_t;

static void report(bench_t *b, const char *fmt, ...)
{
    size_t len = strlen(b->res->report);
    if (len >= sizeof b->res->report - 1) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->res->report + len, sizeof b->res->report - len, fmt, ap);
    va_end(ap);
}

/* The command-queue slot an address lies in (spec "cqb": PPN 53:10, 16-byte commands), from software's last
 * cqb write. */
static uint64_t cq_slot(const bench_t *b, uint64_t addr)
{
    uint64_t base = ((b->cqb_written >> 10) & ((1ull << 44) - 1)) << 12;
    return (addr - base) / 16;
}

/* What a memory access of the engine is, in the spec's terms, from the state that issued it. */
static const char *access_kind(const bench_t *b, const iommu_outputs_t *o, char *buf, size_t n)
{
    switch (o->obs_state) {
    case IOMMU_ST_DDT_REQ: return "non-leaf DDT entry read";
    case IOMMU_ST_DC_REQ: return "device-context (DDT entry) read";
    case IOMMU_ST_PDT_REQ: return "non-leaf PDT entry read";
    case IOMMU_ST_PC_REQ: return "process-context (PDT leaf entry) read";
    case IOMMU_ST_AD_REQ: snprintf(buf, n, "A/D compare-and-swap, level %u", o->obs_walk_level); return buf;
    case IOMMU_ST_PTE_REQ: snprintf(buf, n, "PTE read, level %u", o->obs_walk_level); return buf;
    case IOMMU_ST_GPTE_REQ:
    case IOMMU_ST_GAD_REQ: { /* docs/microarch.md 5.6: the G-walk's purpose and GPA, when the model runs */
        uint64_t gpa = 0;
        const char *purpose = b->model ? iommu_tm_gwalk(b->model, &gpa) : NULL;
        const char *what = o->obs_state == IOMMU_ST_GPTE_REQ ? "G-stage PTE read" : "G-stage A/D compare-and-swap";
        if (purpose)
            snprintf(buf, n, "%s (%s, gpa 0x%" PRIx64 "), level %u", what, purpose, gpa, o->obs_walk_level);
        else
            snprintf(buf, n, "%s, level %u", what, o->obs_walk_level);
        return buf;
    }
    case IOMMU_ST_MSIPTE_REQ: snprintf(buf, n, "MSI PTE read dw%u", (unsigned)(o->mem_req_addr >> 3 & 1)); return buf;
    case IOMMU_ST_FQ_REQ: return "fault-record write";
    case IOMMU_ST_PQ_REQ: /* docs/microarch.md 5.9 */
        snprintf(buf, n, "page-request record write dw%u", (unsigned)(o->mem_req_addr >> 3 & 1));
        return buf;
    case IOMMU_ST_CQ_REQ:
        snprintf(buf, n, "command fetch cq[%" PRIu64 "] dw%u", cq_slot(b, o->mem_req_addr),
                 (unsigned)(o->mem_req_addr >> 3 & 1));
        return buf;
    case IOMMU_ST_FENCE_REQ: snprintf(buf, n, "IOFENCE.C completion write (be 0x%02x)", o->mem_req_be); return buf;
    case IOMMU_ST_MSI_REQ: snprintf(buf, n, "MSI write (be 0x%02x)", o->mem_req_be); return buf;
    default: snprintf(buf, n, "memory access in %s", iommu_engine_state_name(o->obs_state)); return buf;
    }
}

static void history_add(bench_t *b, const char *fmt, ...)
{
    history_entry_t *h = &b->history[b->hist_next];
    h->cycle = b->cycle;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->text, sizeof h->text, fmt, ap);
    va_end(ap);
    b->hist_next = (b->hist_next + 1) % HISTORY;
    if (b->hist_count < HISTORY) b->hist_count++;
}

static const stim_cmd_t *current_cmd(const bench_t *b)
{
    return b->pc < b->prog->count ? &b->prog->cmds[b->pc] : NULL;
}

static void describe_dma(bench_t *b, size_t idx)
{
    const stim_cmd_t *c = &b->prog->cmds[idx];
    report(b, "dma tag=%u did=0x%x ttyp=%s iova=0x%" PRIx64, c->tag, c->did, iommu_ttyp_stim_name(c->ttyp), c->iova);
    if (c->pv) report(b, " pid=0x%x priv=%s", c->pid, c->priv ? "s" : "u");
    report(b, " (%s:%u)", b->cfg->stim_name, c->line);
}

static void describe_command(uint64_t dw0, uint64_t dw1, char *buf, size_t n);

static void report_context(bench_t *b)
{
    if (b->out_count > 0) {
        report(b, "  transaction in flight: ");
        describe_dma(b, b->outstanding[b->out_head]);
        report(b, ", accepted at cycle %" PRIu64 "\n", b->accept_cycle[b->out_head]);
        unsigned waiting = 0;
        for (unsigned i = 1; i < b->out_count; i++) waiting += !b->answered[(b->out_head + i) % MAX_OUTSTANDING];
        if (waiting > 0) {
            report(b, "  also outstanding (%u):", waiting);
            for (unsigned i = 1; i < b->out_count; i++) {
                unsigned slot = (b->out_head + i) % MAX_OUTSTANDING;
                if (!b->answered[slot]) report(b, " tag %u", b->prog->cmds[b->outstanding[slot]].tag);
            }
            report(b, "\n");
        }
    } else if (current_cmd(b) != NULL) {
        report(b, "  no dma in flight; software command at %s:%u\n", b->cfg->stim_name, current_cmd(b)->line);
    }
    if (b->prev_state >= IOMMU_ST_CQ_REQ && b->prev_state <= IOMMU_ST_FENCE_WAIT) {
        char cmd[112];
        describe_command(b->cmd_dw[0], b->cmd_dw[1], cmd, sizeof cmd);
        report(b, "  command in flight: cq[%" PRIu64 "] %s\n", b->cmd_slot, cmd);
    } else if (b->cmd_fetch_cycle != 0) {
        /* a command-queue register (cqh, cqcsr) that differs after the command ended: name the last one */
        char cmd[112];
        describe_command(b->cmd_dw[0], b->cmd_dw[1], cmd, sizeof cmd);
        report(b, "  last command: cq[%" PRIu64 "] %s, fetched at cycle %" PRIu64 "\n", b->cmd_slot, cmd,
               b->cmd_fetch_cycle);
    }
    if (b->pgr_cycle != 0 && b->out_count == 0 && b->prev_state != IOMMU_ST_IDLE && b->prev_state != IOMMU_ST_RESPOND &&
        !(b->prev_state >= IOMMU_ST_CQ_REQ && b->prev_state <= IOMMU_ST_FENCE_WAIT) &&
        b->prev_state != IOMMU_ST_MSI_REQ && b->prev_state != IOMMU_ST_MSI_WAIT) {
        /* the engine holds no dma: the last page request (docs/microarch.md 5.9) may be what it works on */
        const stim_cmd_t *p = &b->prog->cmds[b->pgr_cmd];
        report(b, "  last page request: did=0x%x prgi=%u at %s:%u, accepted at cycle %" PRIu64 "\n", p->did, p->prgi,
               b->cfg->stim_name, p->line, b->pgr_cycle);
    }
    if (b->prev_state == IOMMU_ST_MSI_REQ || b->prev_state == IOMMU_ST_MSI_WAIT) {
        if (b->msi_vector >= 0)
            report(b, "  MSI in flight: vector %d, 0x%x -> 0x%016" PRIx64 "\n", b->msi_vector, b->msi_write_data,
                   b->msi_write_addr);
        else
            report(b, "  MSI in flight\n");
    }
    if (b->hist_count > 0) {
        report(b, "  history (last %u events):\n", b->hist_count);
        unsigned start = (b->hist_next + HISTORY - b->hist_count) % HISTORY;
        for (unsigned i = 0; i < b->hist_count; i++) {
            const history_entry_t *h = &b->history[(start + i) % HISTORY];
            report(b, "    cycle %8" PRIu64 "  %s\n", h->cycle, h->text);
        }
    }
}

/* Starts the failure report with the level of checking; false when a failure was reported already. */
static bool begin_failure(bench_t *b)
{
    if (b->failed) return false;
    b->failed = true;
    b->res->passed = false;
    b->res->fail_cycle = b->cycle;
    b->res->txn_start_cycle = b->out_count > 0 ? b->accept_cycle[b->out_head] : b->cycle;
    if (b->sb) sb_set_log(b->sb, NULL); /* a failing run's log is cut, without "end" */
    if (b->cfg->check == BENCH_CHECK_CYCLE)
        report(b, "check: cycle lockstep (dut: %s; reference: %s)\n", b->dut.ops->name,
               b->model ? "the golden timing model, every output every cycle" : "none, the mapping oracle only");
    else
        report(b, "check: transaction level (dut: %s; reference: the arch layer of the golden model, outcomes in "
                  "any order the spec allows)\n", b->dut.ops->name);
    return true;
}

static void fail_error(bench_t *b, const char *fmt, ...)
{
    if (!begin_failure(b)) return;
    b->res->fail_cycle = b->cycle;
    report(b, "ERROR at cycle %" PRIu64 ": ", b->cycle);
    size_t len = strlen(b->res->report);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->res->report + len, sizeof b->res->report - len, fmt, ap);
    va_end(ap);
    report(b, "\n");
    report_context(b);
}

/* Compares the model's (expected) and the RTL's (actual) outputs; returns true when equal. */
static bool compare_outputs(bench_t *b, const iommu_outputs_t *exp, const iommu_outputs_t *act)
{
    if (memcmp(exp, act, sizeof *exp) == 0) return true;
    bool equal = true;
    for (size_t i = 0; i < N_OUTPUT_FIELDS; i++) {
        uint64_t e = field_value(exp, i), a = field_value(act, i);
        if (e == a) continue;
        if (equal) {
            begin_failure(b);
            b->res->mismatch = true;
            snprintf(b->res->first_signal, sizeof b->res->first_signal, "%s", output_fields[i].name);
            report(b, "MISMATCH at cycle %" PRIu64 ": %s expected 0x%" PRIx64 " (model) actual 0x%" PRIx64
                      " (rtl)\n", b->cycle, output_fields[i].name, e, a);
        } else {
            report(b, "  also differs: %s expected 0x%" PRIx64 " actual 0x%" PRIx64 "\n",
                   output_fields[i].name, e, a);
        }
        equal = false;
    }
    if (!equal) {
        for (size_t i = 0; i < N_OUTPUT_FIELDS; i++)
            if (field_value(exp, i) != field_value(act, i)) b->fields_seen |= 1ull << i;
        if (exp->obs_state == act->obs_state)
            report(b, "  engine state (both): %s\n", iommu_engine_state_name(exp->obs_state));
        else
            report(b, "  engine state: model %s, rtl %s\n", iommu_engine_state_name(exp->obs_state),
                   iommu_engine_state_name(act->obs_state));
        if (b->cfg->reorder)
            report(b, "  note: --reorder changes the DUT's timing on purpose (requests queued ahead, responses out of "
                      "order, memory answers later), which the cycle check does not allow; check it with --check "
                      "transaction\n");
        report_context(b);
    }
    return equal;
}

/* A transaction-check mismatch: what differs from the arch layer (msg), on which port (signal, for the
 * waveform layout). */
static void fail_transaction(bench_t *b, const char *signal, const char *msg)
{
    if (!begin_failure(b)) return;
    b->res->mismatch = true;
    snprintf(b->res->first_signal, sizeof b->res->first_signal, "%s", signal);
    report(b, "MISMATCH (transaction check) at cycle %" PRIu64 ": %s\n", b->cycle, msg);
    report_context(b);
}

/* After the first mismatch: reports each output that starts to differ later, once. */
static void note_aftermath(bench_t *b, const iommu_outputs_t *exp, const iommu_outputs_t *act)
{
    for (size_t i = 0; i < N_OUTPUT_FIELDS; i++) {
        uint64_t e = field_value(exp, i), a = field_value(act, i);
        if (e == a || (b->fields_seen & (1ull << i))) continue;
        b->fields_seen |= 1ull << i;
        if (b->aftermath_lines == 0)
            report(b, "  aftermath (both kept running %d cycles past the mismatch):\n", AFTERMATH_CYCLES);
        if (b->aftermath_lines++ < AFTERMATH_LINES)
            report(b, "    cycle %" PRIu64 ": %s expected 0x%" PRIx64 " actual 0x%" PRIx64 "\n", b->cycle,
                   output_fields[i].name, e, a);
    }
}

/* The request a mapping-oracle message is about: tag, device, type, IOVA and its stimulus line. */
static void oracle_request_text(const bench_t *b, const stim_cmd_t *c, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "tag %u (did=0x%x ttyp=%s iova=0x%" PRIx64, c->tag, c->did,
                                  iommu_ttyp_stim_name(c->ttyp), c->iova);
    if (len < n && c->pv) len += (size_t)snprintf(buf + len, n - len, " pid=0x%x priv=%s", c->pid, c->priv ? "s" : "u");
    if (len < n) snprintf(buf + len, n - len, ", %s:%u)", b->cfg->stim_name, c->line);
}

static bool cause_allowed(const stim_cmd_t *c, unsigned cause) { return stim_expect_cause_allowed(c, cause); }

static const char *cause_text(unsigned cause, char *buf, size_t n)
{
    const char *name = fault_cause_spec_name(cause);
    snprintf(buf, n, "%u (%s)", cause, name ? name : "not a cause the spec defines");
    return buf;
}

/* The allowed causes as "{13 (Read page fault)}" or "{257 (...), 268 (...)}" (of every fault alternative). */
static const char *cause_set_text(const stim_cmd_t *c, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "{");
    unsigned shown = 0;
    for (unsigned a = 0; a <= c->expect_old_count; a++) {
        bool fault = a == 0 ? c->expect == STIM_EXPECT_FAULT : c->expect_old[a - 1].fault;
        const uint16_t *causes = a == 0 ? c->expect_causes : c->expect_old[a - 1].causes;
        unsigned count = a == 0 ? c->expect_cause_count : c->expect_old[a - 1].cause_count;
        if (!fault) continue;
        if (count == 0 && len < n) len += (size_t)snprintf(buf + len, n - len, "%sany", shown++ ? ", " : "");
        for (unsigned i = 0; i < count && len < n; i++) {
            char one[80];
            len += (size_t)snprintf(buf + len, n - len, "%s%s", shown++ ? ", " : "", cause_text(causes[i], one, sizeof one));
        }
    }
    if (len < n) snprintf(buf + len, n - len, "}");
    return buf;
}

/* Every outcome expect= allows, as "ok@0x... | fault@13 (...)", for messages. */
static const char *outcome_set_text(const stim_cmd_t *c, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (unsigned a = 0; a <= c->expect_old_count && len < n; a++) {
        bool fault = a == 0 ? c->expect == STIM_EXPECT_FAULT : c->expect_old[a - 1].fault;
        uint64_t pa = a == 0 ? c->expect_pa : c->expect_old[a - 1].pa;
        const uint16_t *causes = a == 0 ? c->expect_causes : c->expect_old[a - 1].causes;
        unsigned count = a == 0 ? c->expect_cause_count : c->expect_old[a - 1].cause_count;
        len += (size_t)snprintf(buf + len, n - len, "%s%s", a ? " | " : "", a == 0 ? "now " : "older ");
        if (!fault) len += (size_t)snprintf(buf + len, n - len, "ok@0x%" PRIx64, pa);
        else len += (size_t)snprintf(buf + len, n - len, "fault%s", count ? "@" : "");
        for (unsigned i = 0; fault && i < count && len < n; i++)
            len += (size_t)snprintf(buf + len, n - len, "%s%u", i ? "|" : "", causes[i]);
    }
    return buf;
}

/* Checks a fault record against what software expects of request c; returns true when it fits, else
 * writes which field does not into why. */
static bool record_fits(const stim_cmd_t *c, const fault_record_t *r, char *why, size_t n)
{
    char a[80], set[400];
    /* spec "Fault/Event-Queue": PID and PRIV are 0 when PV is 0; iotval is the IOVA of a transaction that
     * has one (its page offset may read 0); iotval2 is 0 but for guest-page faults (version 8), where it is the
     * GPA software expects (iotval2=, for the first outcome: a guest-page fault of an older outcome, in the
     * window before an invalidation completes, may name another GPA, and its iotval2 is then not known). */
    uint32_t pid = c->pv ? c->pid : 0;
    bool priv = c->pv && c->priv;
    bool guest_pf = r->cause == 20 || r->cause == 21 || r->cause == 23;
    bool first = false, older = false;
    for (unsigned i = 0; c->expect == STIM_EXPECT_FAULT && i < c->expect_cause_count; i++)
        first |= c->expect_causes[i] == r->cause;
    for (unsigned a = 0; a < c->expect_old_count; a++)
        for (unsigned i = 0; c->expect_old[a].fault && i < c->expect_old[a].cause_count; i++)
            older |= c->expect_old[a].causes[i] == r->cause;
    uint64_t iotval2 = guest_pf ? c->expect_iotval2 : 0;
    bool iotval2_known = !guest_pf || (first && !older);
    if (!cause_allowed(c, r->cause))
        snprintf(why, n, "CAUSE %s is not in %s", cause_text(r->cause, a, sizeof a), cause_set_text(c, set, sizeof set));
    else if (r->ttyp != c->ttyp) snprintf(why, n, "TTYP %u, the request's is %u", r->ttyp, c->ttyp);
    else if (r->did != c->did) snprintf(why, n, "DID 0x%x, the request's is 0x%x", r->did, c->did);
    else if (r->pv != c->pv) snprintf(why, n, "PV %d, the request's is %d", r->pv, c->pv);
    else if (r->pid != pid)
        snprintf(why, n, "PID 0x%x, expected 0x%x%s", r->pid, pid, c->pv ? "" : " (PV = 0: PID is 0)");
    else if (r->priv != priv) snprintf(why, n, "PRIV %d, expected %d%s", r->priv, priv, c->pv ? "" : " (PV = 0: PRIV is 0)");
    else if (r->iotval != c->iova && r->iotval != (c->iova & ~0xfffull))
        snprintf(why, n, "iotval 0x%" PRIx64 ", expected the IOVA 0x%" PRIx64 " (or its page, offset 0)", r->iotval, c->iova);
    else if (iotval2_known && r->iotval2 != iotval2)
        snprintf(why, n, "iotval2 0x%" PRIx64 ", expected 0x%" PRIx64 "%s", r->iotval2, iotval2,
                 guest_pf ? " (the GPA of the guest-page fault, bit 0 for an implicit access)" : "");
    else if (c->expect_dtf && !fr_reported_if_dtf(r->cause))
        snprintf(why, n, "a record for cause %s was written, but the device context has tc.DTF = 1, which "
                         "suppresses it (cause table, \"Reported if DTF is 1?\")", cause_text(r->cause, a, sizeof a));
    else return true;
    return false;
}

/* Version 11 (docs/microarch.md 5.9): a fault record of a page request (TTYP 9, iotval 4: the Page Request
 * message code, iotval2 0, DID, PV, PID, PRIV of the message). The engine takes page requests one at a time in
 * program order, so it belongs to the first page request, among those issued since the last matched one, that
 * software expects to fault with this cause and that DTF lets report (a record the fault queue drops leaves
 * its request unmatched). Page requests software stated no expectation for are not checked. */
static void oracle_pgreq_record(bench_t *b, uint64_t slot, const fault_record_t *r)
{
    bool any = false;
    for (size_t i = b->pgreq_next; i < b->pc && i < b->prog->count; i++) {
        const stim_cmd_t *c = &b->prog->cmds[i];
        if (c->kind != STIM_PGREQ || c->expect == STIM_EXPECT_UNKNOWN) continue;
        any = true;
        if (c->expect != STIM_EXPECT_FAULT || !stim_expect_cause_allowed(c, r->cause)) continue;
        if (c->expect_dtf && !fr_reported_if_dtf(r->cause)) continue;
        if (r->did == c->did && r->pv == c->pv && r->pid == (c->pv ? c->pid : 0) && r->priv == (c->pv && c->priv) &&
            r->iotval == 4 && r->iotval2 == 0) {
            b->pgreq_next = i + 1;
            b->res->oracle_records++;
            return;
        }
    }
    if (!any) return;
    fail_error(b, "oracle: fault record at 0x%" PRIx64 ": CAUSE %u TTYP 9 DID 0x%x PV %d PID 0x%x PRIV %d iotval 0x%"
                  PRIx64 " iotval2 0x%" PRIx64 " belongs to no page request software expects to fault so (since "
                  "program line %u)", slot, r->cause, r->did, r->pv, r->pid, r->priv, r->iotval, r->iotval2,
               b->pgreq_next < b->prog->count ? b->prog->cmds[b->pgreq_next].line : 0);
}

/* A whole fault record was written at slot: match it to the request it belongs to (oldest first among the
 * accepted requests software expects to fault that have no record yet, by DID, TTYP and iotval) and check
 * every field. */
static void oracle_record(bench_t *b, uint64_t slot)
{
    fault_record_t r = fr_decode(b->rec_dw);
    /* An IOMMU MSI write access fault (spec cause table: 273, TTYP 0, iotval the MSI address) follows an MSI write
     * that answered with an error, one record per such write. */
    if (r.cause == 273) {
        if (b->msi_fault_open && r.ttyp == 0 && r.iotval == b->msi_fault_addr) {
            b->msi_fault_open = false;
            b->res->oracle_records++;
            return;
        }
        fail_error(b, "oracle: fault record at 0x%" PRIx64 ": CAUSE 273 TTYP %u iotval 0x%" PRIx64 " follows no "
                      "faulting MSI write (last: %s0x%" PRIx64 ")", slot, r.ttyp, r.iotval,
                   b->msi_fault_open ? "" : "already recorded, ", b->msi_fault_addr);
        return;
    }
    if (r.ttyp == IOMMU_TTYP_PCIE_MESSAGE) { /* version 11: a page request's */
        oracle_pgreq_record(b, slot, &r);
        return;
    }
    int best = -1, best_score = -1;
    char why[600] = "", best_why[600] = "";
    /* A request whose IOVA the record's iotval equals goes before one whose page it is: two requests of one
     * device to one page, one of them at its first byte, may have their records written in either order
     * (--reorder), and the first record must not take the other request's place. */
    for (int exact = 1; exact >= 0; exact--) {
        for (unsigned i = 0; i < b->window_count; i++) {
            unsigned k = (b->window_next + ORACLE_WINDOW - b->window_count + i) % ORACLE_WINDOW;
            const stim_cmd_t *c = &b->prog->cmds[b->window[k]];
            if (b->window_recorded[k] || !stim_expect_may_fault(c)) continue;
            int score = (r.did == c->did) + (r.ttyp == c->ttyp) +
                        (r.iotval == c->iova || (!exact && r.iotval == (c->iova & ~0xfffull)));
            if (score == 3 && record_fits(c, &r, why, sizeof why)) {
                b->window_recorded[k] = true;
                b->res->oracle_records++;
                return;
            }
            if (score > best_score) {
                best = (int)k, best_score = score;
                snprintf(best_why, sizeof best_why, "%s", score == 3 ? why : "");
            }
        }
    }
    char wrote[400];
    snprintf(wrote, sizeof wrote, "CAUSE %u TTYP %u DID 0x%x PV %d PID 0x%x PRIV %d iotval 0x%" PRIx64
             " iotval2 0x%" PRIx64, r.cause, r.ttyp, r.did, r.pv, r.pid, r.priv, r.iotval, r.iotval2);
    if (best < 0) {
        fail_error(b, "oracle: fault record at 0x%" PRIx64 ": it (%s) belongs to no request software expects to "
                      "fault among the last %u accepted", slot, wrote, ORACLE_WINDOW);
        return;
    }
    const stim_cmd_t *c = &b->prog->cmds[b->window[best]];
    char req[200], set[400];
    oracle_request_text(b, c, req, sizeof req);
    if (best_score < 3) {
        record_fits(c, &r, best_why, sizeof best_why);
        fail_error(b, "oracle: tag %u: the fault record at 0x%" PRIx64 " matches no request by DID, TTYP and iotval; "
                      "the nearest is %s, for which software expects CAUSE in %s, TTYP %u, DID 0x%x, PV %d, "
                      "iotval 0x%" PRIx64 "; the IOMMU wrote %s: %s", c->tag, slot, req,
                   cause_set_text(c, set, sizeof set), c->ttyp, c->did, c->pv, c->iova, wrote, best_why);
        return;
    }
    fail_error(b, "oracle: tag %u: fault record at 0x%" PRIx64 " for %s: software expects CAUSE in %s, TTYP %u, "
                  "DID 0x%x, PV %d, PID 0x%x, PRIV %d, iotval 0x%" PRIx64 ", iotval2 0x%" PRIx64 "%s; the IOMMU wrote %s: %s",
               c->tag, slot, req, cause_set_text(c, set, sizeof set), c->ttyp, c->did, c->pv, c->pv ? c->pid : 0,
               c->pv && c->priv, c->iova, c->expect_iotval2, c->expect_dtf ? ", and no record for a cause DTF suppresses" : "", wrote,
               best_why);
}

/* The fault queue as software set it up (spec "Fault queue base (fqb)": PPN 53:10, LOG2SZ-1 4:0): whether
 * addr lies in it. */
/* fqb.LOG2SZ-1 as the register holds it: WARL, a value above fq.log2sz_max - 1 stores that (docs/microarch.md
 * section 3, version 10). */
static unsigned fq_log2sz_field(const bench_t *b)
{
    unsigned v = (unsigned)(b->fqb_written & 0x1f);
    return b->fq_log2sz_max && v + 1 > b->fq_log2sz_max ? b->fq_log2sz_max - 1 : v;
}

static bool in_software_fault_queue(const bench_t *b, uint64_t addr)
{
    if (b->fqb_written == 0) return false;
    uint64_t base = ((b->fqb_written >> 10) & ((1ull << 44) - 1)) << 12;
    uint64_t size = 32ull << (fq_log2sz_field(b) + 1);
    return addr >= base && addr - base < size;
}

/* Software's register writes that the oracle follows: fqb (8 bytes, or either 4-byte half) and fqh (spec
 * "Fault queue base (fqb)": after an fqb write the low bits of fqh are UNSPECIFIED until software writes
 * it). */
static void oracle_register_write(bench_t *b, const stim_cmd_t *c)
{
    if (c->reg_offset == b->fqh_offset) b->fqh_known = true, b->fqh_written = (uint32_t)c->data;
    /* fctl (offset 0x8, 4 bytes; an 8-byte access at 0x8 covers it in its low half): BE, bit 0 (version 10) */
    if (c->reg_offset == 0x8 && b->fctl_be_writable) b->fctl_be = c->data & 1;
    if (c->reg_offset == b->fqb_offset || c->reg_offset == b->fqb_offset + 4) b->fqh_known = false;
    if (c->reg_offset == b->fqb_offset && c->reg_size == 8) b->fqb_written = c->data;
    else if (c->reg_offset == b->fqb_offset && c->reg_size == 4)
        b->fqb_written = (b->fqb_written & ~0xffffffffull) | (c->data & 0xffffffffull);
    else if (c->reg_offset == b->fqb_offset + 4 && c->reg_size == 4)
        b->fqb_written = (b->fqb_written & 0xffffffffull) | (c->data << 32);
}

/* Software's cqb writes (8 bytes or either half), for the history's names of command-queue slots. */
static void cq_register_write(bench_t *b, const stim_cmd_t *c)
{
    if (c->reg_offset == b->cqb_offset && c->reg_size == 8) b->cqb_written = c->data;
    else if (c->reg_offset == b->cqb_offset && c->reg_size == 4)
        b->cqb_written = (b->cqb_written & ~0xffffffffull) | (c->data & 0xffffffffull);
    else if (c->reg_offset == b->cqb_offset + 4 && c->reg_size == 4)
        b->cqb_written = (b->cqb_written & 0xffffffffull) | (c->data << 32);
}

/* Software's msi_cfg_tbl writes (spec "msi_cfg_tbl": entry v is 16 bytes at msi_addr_0 + 16 v, msi_addr_v at
 * +0, msi_data_v at +8, msi_vec_ctl_v at +12), to name the vector of an MSI write in the history. */
static void msi_register_write(bench_t *b, const stim_cmd_t *c)
{
    if (c->reg_offset < b->msi_offset || c->reg_offset >= b->msi_offset + 256) return;
    unsigned v = (unsigned)(c->reg_offset - b->msi_offset) / 16, off = (unsigned)(c->reg_offset - b->msi_offset) % 16;
    uint64_t addr_bits = ((1ull << 56) - 1) & ~3ull; /* bits 55:2 (spec "msi_addr") */
    if (off == 0 && c->reg_size == 8) b->msi_addr[v] = c->data & addr_bits;
    else if (off == 0) b->msi_addr[v] = (b->msi_addr[v] & ~0xffffffffull) | (c->data & 0xfffffffcull);
    else if (off == 4) b->msi_addr[v] = ((b->msi_addr[v] & 0xffffffffull) | (c->data << 32)) & addr_bits;
    else if (off == 8 && c->reg_size == 8) {
        b->msi_data[v] = (uint32_t)c->data;
        b->msi_masked[v] = (c->data >> 32) & 1;
    } else if (off == 8) b->msi_data[v] = (uint32_t)c->data;
    else if (off == 12) b->msi_masked[v] = c->data & 1;
    if (off == 12 || (off == 8 && c->reg_size == 8)) b->msi_mask_cycle[v] = b->cycle;
}

/* Software's tr_req_iova and tr_req_ctl writes (8 bytes), for the history's debug translations. */
static void dbg_register_write(bench_t *b, const stim_cmd_t *c)
{
    if (c->reg_size != 8) return;
    if (c->reg_offset == REG_TR_REQ_IOVA) b->dbg_iova = c->data & ~0xfffull;
    if (c->reg_offset == REG_TR_REQ_CTL && (c->data & 1) && !b->dbg_asked && !b->dbg_in_flight)
        b->dbg_ctl = c->data, b->dbg_asked = true; /* a write while Go/Busy is 1 is ignored (5.7) */
}

/* The vector whose table entry an MSI write (doubleword address, byte enables, data) carries: the lowest one
 * whose msi_addr (bits 2:0 giving the half) and msi_data match, or -1. */
static int msi_vector_of(const bench_t *b, uint64_t addr, uint8_t be, uint64_t wdata, uint64_t *msg_addr,
                         uint32_t *msg_data)
{
    unsigned shift = be == 0xf0 ? 32 : 0;
    *msg_addr = addr + shift / 8;
    *msg_data = (uint32_t)(wdata >> shift);
    if (b->fctl_be) *msg_data = __builtin_bswap32(*msg_data); /* MSI data follows fctl.BE (version 10) */
    int masked = -1;
    for (unsigned v = 0; v < 16; v++)
        if ((b->msi_addr[v] & ~3ull) == *msg_addr && b->msi_data[v] == *msg_data) {
            if (!b->msi_masked[v]) return (int)v;
            if (masked < 0) masked = (int)v;
        }
    return masked; /* a masked entry only when every matching entry is masked */
}

/* A command in the spec's terms (spec "Command-Queue (CQ)": opcode 6:0, func3 9:7, the operands of each
 * command's layout). */
static void describe_command(uint64_t dw0, uint64_t dw1, char *buf, size_t n)
{
    unsigned op = dw0 & 0x7f, f3 = dw0 >> 7 & 7;
    unsigned av = dw0 >> 10 & 1;
    if (op == 1 && f3 <= 1)
        snprintf(buf, n, "IOTINVAL.%s AV=%u PSCV=%u GV=%u PSCID=0x%x ADDR=0x%" PRIx64, f3 ? "GVMA" : "VMA", av,
                 (unsigned)(dw0 >> 32 & 1), (unsigned)(dw0 >> 33 & 1), (unsigned)(dw0 >> 12 & 0xfffff),
                 (dw1 >> 10) << 12);
    else if (op == 2 && f3 == 0)
        snprintf(buf, n, "IOFENCE.C AV=%u WSI=%u PR=%u PW=%u DATA=0x%x ADDR=0x%" PRIx64, av,
                 (unsigned)(dw0 >> 11 & 1), (unsigned)(dw0 >> 12 & 1), (unsigned)(dw0 >> 13 & 1),
                 (unsigned)(dw0 >> 32), (uint64_t)((dw1 & ((1ull << 62) - 1)) << 2));
    else if (op == 3 && f3 <= 1)
        snprintf(buf, n, "IODIR.%s DV=%u DID=0x%x PID=0x%x", f3 ? "INVAL_PDT" : "INVAL_DDT", (unsigned)(dw0 >> 33 & 1),
                 (unsigned)(dw0 >> 40), (unsigned)(dw0 >> 12 & 0xfffff));
    else if (op == 4 && f3 <= 1)
        /* spec "IOMMU PCIe ATS commands": the destination RID (DSEG with DSV), the PASID with PV, the payload */
        snprintf(buf, n, "ATS.%s did=0x%x%s pid=0x%x payload=0x%" PRIx64, f3 ? "PRGR" : "INVAL",
                 (unsigned)(dw0 >> 40 & 0xffff) | (dw0 >> 33 & 1 ? (unsigned)(dw0 >> 56) << 16 : 0u),
                 dw0 >> 32 & 1 ? " PV=1" : "", (unsigned)(dw0 >> 12 & 0xfffff), dw1);
    else
        snprintf(buf, n, "opcode %u func3 %u (reserved)", op, f3);
    size_t len = strlen(buf);
    if (len < n)
        snprintf(buf + len, n - len, " [dw0 0x%" PRIx64 " dw1 0x%" PRIx64 "]", dw0, dw1);
}

/* The ways set in an invalidation mask, as "{2,5}". */
static const char *way_list(unsigned mask, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = 0;
    for (unsigned w = 0; w < 8 && len + 4 < n; w++)
        if (mask >> w & 1u)
            len += (size_t)snprintf(buf + len, n - len, "%s%u", len ? "," : "{", w);
    snprintf(buf + len, n - len, len ? "}" : "{}");
    return buf;
}

/* History lines of the device-context and process-context caches and of command execution, from the
 * observation port. */
static void history_caches(bench_t *b, const iommu_outputs_t *o)
{
    char ways[32];
    if (o->obs_ddtc_lookup) {
        if (o->obs_ddtc_hit) history_add(b, "device-context cache lookup: hit in way %u", o->obs_ddtc_hit_way);
        else history_add(b, "device-context cache lookup: miss");
    }
    if (o->obs_ddtc_fill)
        history_add(b, "device-context cache fill: way %u%s", o->obs_ddtc_fill_way,
                    o->obs_ddtc_evict ? " (replaces a valid entry)" : "");
    if (o->obs_pdtc_lookup) {
        if (o->obs_pdtc_hit) history_add(b, "process-context cache lookup: hit in way %u", o->obs_pdtc_hit_way);
        else history_add(b, "process-context cache lookup: miss");
    }
    if (o->obs_pdtc_fill)
        history_add(b, "process-context cache fill: way %u%s", o->obs_pdtc_fill_way,
                    o->obs_pdtc_evict ? " (replaces a valid entry)" : "");
    if (o->obs_state == IOMMU_ST_CMD_EXEC) {
        if (o->obs_tlb_inval)
            history_add(b, "command cq[%" PRIu64 "] executes: invalidated IOTLB ways %s", b->cmd_slot,
                        way_list(o->obs_tlb_inval, ways, sizeof ways));
        if (o->obs_ddtc_inval)
            history_add(b, "command cq[%" PRIu64 "] executes: invalidated device-context cache ways %s", b->cmd_slot,
                        way_list(o->obs_ddtc_inval, ways, sizeof ways));
        if (o->obs_pdtc_inval)
            history_add(b, "command cq[%" PRIu64 "] executes: invalidated process-context cache ways %s", b->cmd_slot,
                        way_list(o->obs_pdtc_inval, ways, sizeof ways));
        if (!o->obs_tlb_inval && !o->obs_ddtc_inval && !o->obs_pdtc_inval)
            history_add(b, "command cq[%" PRIu64 "] executes: no cache entry invalidated", b->cmd_slot);
    } else if (o->obs_state == IOMMU_ST_LOOKUP && o->obs_tlb_inval) {
        /* docs/microarch.md 5.1 StLookup step 5, version 6 exception; 6.5, a G-stage bit the entry lacks */
        history_add(b, "IOTLB hit needs D set (write, tc.SADE = 1) or lacks a G-stage permission (version 8): "
                       "invalidated IOTLB ways %s, walk follows",
                    way_list(o->obs_tlb_inval, ways, sizeof ways));
    } else if (o->obs_tlb_inval || o->obs_ddtc_inval || o->obs_pdtc_inval) {
        history_add(b, "ddtp change: invalidated IOTLB ways %s", way_list(o->obs_tlb_inval, ways, sizeof ways));
        history_add(b, "ddtp change: invalidated device-context cache ways %s",
                    way_list(o->obs_ddtc_inval, ways, sizeof ways));
        if (o->obs_pdtc_inval)
            history_add(b, "ddtp change: invalidated process-context cache ways %s",
                        way_list(o->obs_pdtc_inval, ways, sizeof ways));
    }
}

/* A record may not go into the slot just before software's head: spec "Fault/Event-Queue": the queue is
 * full when fqt == fqh - 1, and then the record is discarded (fqof). Known once software has written fqh
 * after its last fqb write. Returns false after reporting a record written into a full queue. */
static bool oracle_queue_has_room(bench_t *b, uint64_t addr)
{
    if (!b->fqh_known || !in_software_fault_queue(b, addr)) return true;
    uint64_t base = ((b->fqb_written >> 10) & ((1ull << 44) - 1)) << 12;
    uint32_t entries = 2u << fq_log2sz_field(b);
    uint32_t slot = (uint32_t)((addr - base) / 32), fqh = b->fqh_written & (entries - 1);
    if ((slot + 1) % entries != fqh) return true;
    fail_error(b, "oracle: fault-record write at 0x%" PRIx64 ": into slot %u of %u while software's fqh is %u: the "
                  "queue is full there (fqt == fqh - 1), so the record must be discarded and fqof set, not written "
                  "over a record software has not read", addr, slot, entries, fqh);
    return false;
}

/* A doubleword the engine writes while it writes a fault record: collected per 32-byte slot until all
 * four are seen. */
static void oracle_record_word(bench_t *b, uint64_t addr, uint64_t wdata, uint8_t be)
{
    if (b->fctl_be) { /* a big-endian record (fctl.BE = 1, spec "Endianness of in-memory data structures") */
        wdata = __builtin_bswap64(wdata);
        uint8_t r = 0;
        for (unsigned i = 0; i < 8; i++)
            if (be & (1u << i)) r |= (uint8_t)(0x80u >> i);
        be = r;
    }
    uint64_t slot = addr & ~31ull;
    unsigned k = (unsigned)(addr >> 3) & 3;
    if (slot != b->rec_slot || (b->rec_seen & (1u << k))) {
        b->rec_slot = slot;
        b->rec_seen = 0;
    }
    uint64_t mask = 0;
    for (unsigned i = 0; i < 8; i++)
        if (be & (1u << i)) mask |= 0xffull << (8 * i);
    b->rec_dw[k] = (b->rec_dw[k] & ~mask) | (wdata & mask);
    b->rec_seen |= 1u << k;
    if (b->rec_seen == 0xf) {
        b->rec_seen = 0;
        oracle_record(b, slot);
    }
}

static void mem_agent(bench_t *b, const iommu_outputs_t *o, iommu_inputs_t *in)
{
    in->mem_req_ready = rng_percent(&b->rng, b->cfg->ready_percent);
    unsigned latency = (unsigned)rng_range(&b->rng, 1, b->cfg->mem_latency_max);
    /* Respond from the head of the queue when due. */
    if (b->mem_count > 0 && b->mem_q[b->mem_head].due_cycle <= b->cycle) {
        const mem_rsp_t *r = &b->mem_q[b->mem_head];
        in->mem_rsp_valid = 1;
        in->mem_rsp_rdata = r->rdata;
        in->mem_rsp_err = r->err;
        if (o->mem_rsp_ready) {
            b->mem_head = (b->mem_head + 1) % MEM_QUEUE;
            b->mem_count--;
            b->last_progress_cycle = b->cycle;
        }
    }
    if (!(o->mem_req_valid && in->mem_req_ready)) return;
    if (b->mem_count == MEM_QUEUE) {
        fail_error(b, "the IOMMU has more than %d memory requests outstanding", MEM_QUEUE);
        return;
    }
    b->last_progress_cycle = b->cycle;
    b->res->mem_requests++;
    mem_rsp_t *r = &b->mem_q[(b->mem_head + b->mem_count) % MEM_QUEUE];
    b->mem_count++;
    /* A response never comes before the previous one (in order) nor before latency cycles. */
    uint64_t due = b->cycle + latency;
    if (b->mem_count > 1) {
        uint64_t prev = b->mem_q[(b->mem_head + b->mem_count - 2) % MEM_QUEUE].due_cycle;
        if (due <= prev) due = prev + 1;
    }
    r->due_cycle = due;
    r->rdata = 0;
    int err = 0;
    uint64_t addr = o->mem_req_addr;
    char kind[112];
    switch (o->mem_req_op) {
    case IOMMU_MEM_READ:
        err = sim_memory_read(b->mem, addr, 1, &r->rdata);
        if (o->obs_state == IOMMU_ST_PTE_REQ && err == 0) coverage_pte(&b->res->coverage, o->obs_walk_level, addr, r->rdata);
        if (o->obs_state == IOMMU_ST_DC_REQ && err == 0) coverage_dc_word(&b->res->coverage, addr, r->rdata);
        if (o->obs_state == IOMMU_ST_CQ_REQ) { /* the command the engine decodes in StCmdExec */
            b->cmd_slot = cq_slot(b, addr);
            b->cmd_dw[addr >> 3 & 1] = r->rdata;
            if ((addr >> 3 & 1) && err == 0) { /* both doublewords read: the command in the spec's terms */
                coverage_command_fetched(&b->res->coverage, b->cmd_dw[0], b->cmd_slot);
                char cmd[112];
                describe_command(b->cmd_dw[0], b->cmd_dw[1], cmd, sizeof cmd);
                history_add(b, "command cq[%" PRIu64 "]: %s", b->cmd_slot, cmd);
                b->cmd_fetch_cycle = b->cycle;
            }
        }
        history_add(b, "%s: 0x%016" PRIx64 " -> 0x%016" PRIx64 "%s", access_kind(b, o, kind, sizeof kind), addr,
                    r->rdata, err ? (err == 1 ? " access fault" : " data corruption") : "");
        break;
    case IOMMU_MEM_WRITE:
        err = sim_memory_write(b->mem, addr, o->mem_req_wdata, o->mem_req_be);
        /* a 4-byte write (the IOFENCE.C completion, an MSI) is logged as one, with its own address
         * (docs/formats.md) */
        if (b->log && o->mem_req_be == 0x0f) txlog_memwr4(b->log, addr, (uint32_t)o->mem_req_wdata, err);
        else if (b->log && o->mem_req_be == 0xf0)
            txlog_memwr4(b->log, addr + 4, (uint32_t)(o->mem_req_wdata >> 32), err);
        else if (b->log) txlog_memwr(b->log, addr, o->mem_req_wdata, err);
        if (b->sb) {
            char msg[2048];
            if (sb_mem_write(b->sb, addr, o->mem_req_wdata, o->mem_req_be, err, msg, sizeof msg) != 0)
                fail_transaction(b, "mem_req_wdata", msg);
        }
        if (o->obs_state == IOMMU_ST_MSI_REQ) { /* in the spec's terms: which vector, what data to where */
            b->msi_vector = msi_vector_of(b, addr, o->mem_req_be, o->mem_req_wdata, &b->msi_write_addr,
                                          &b->msi_write_data);
            if (err) b->msi_fault_addr = b->msi_write_addr, b->msi_fault_open = true;
            coverage_msi(&b->res->coverage, b->msi_vector, err);
            if (b->msi_vector >= 0)
                history_add(b, "MSI vector %d: 0x%x -> 0x%016" PRIx64 "%s", b->msi_vector, b->msi_write_data,
                            b->msi_write_addr, err ? " (error: IOMMU MSI write access fault follows)" : "");
            else
                history_add(b, "MSI (no msi_cfg_tbl entry as software wrote it has this address and data): 0x%x -> "
                               "0x%016" PRIx64 " (be 0x%02x)%s", b->msi_write_data, b->msi_write_addr,
                            o->mem_req_be, err ? " (error)" : "");
            /* The third oracle, from software's view alone (spec "msi_cfg_tbl", "msi_vec_ctl"): an MSI goes to the
             * address software programmed for a vector, with that vector's data, and only while the vector is
             * unmasked (a masked vector's message stays pending). Register writes wait for traffic to drain,
             * so the mask software wrote is the one in force when the engine starts a send. */
            if (b->oracle_on && b->msi_vector < 0)
                fail_error(b, "oracle: MSI write 0x%x -> 0x%016" PRIx64 ": no msi_cfg_tbl entry as software wrote it "
                              "has this address and data", b->msi_write_data, b->msi_write_addr);
            /* after a cycle mismatch (the model no longer says what is right), name the vector the DUT sent */
            if (b->diverged && b->msi_vector >= 0)
                report(b, "  aftermath: cycle %" PRIu64 ": the DUT sent MSI vector %d (0x%x -> 0x%016" PRIx64 ")%s\n",
                       b->cycle, b->msi_vector, b->msi_write_data, b->msi_write_addr,
                       b->msi_masked[b->msi_vector] ? " while software had it masked (msi_vec_ctl.M = 1)" : "");
            /* The sender picks a deliverable vector in StIdle (docs/microarch.md 5.5): a mask write accepted in
             * the cycle the engine entered StMsiReq, or the one before, came too late to hold this message. */
            else if (b->oracle_on && b->msi_masked[b->msi_vector] &&
                     b->msi_mask_cycle[b->msi_vector] + 1 < b->msi_start_cycle)
                fail_error(b, "oracle: MSI vector %d sent while masked (msi_vec_ctl_%d.M = 1): 0x%x -> 0x%016" PRIx64,
                           b->msi_vector, b->msi_vector, b->msi_write_data, b->msi_write_addr);
        } else {
            history_add(b, "%s: 0x%016" PRIx64 " <- 0x%016" PRIx64 "%s", access_kind(b, o, kind, sizeof kind), addr,
                        o->mem_req_wdata, err ? " (error)" : "");
        }
        /* A fault-record write: one the engine says it makes (the observation port), or any write into the
         * queue software set up that the port does not name as another block's (a DUT whose observation port
         * does not tell; a page-request record, an IOFENCE.C or MSI write may land in a fault queue that a
         * WARL-clamped fqb made large). */
        bool other_writer = o->obs_state == IOMMU_ST_PQ_REQ || o->obs_state == IOMMU_ST_FENCE_REQ ||
                            o->obs_state == IOMMU_ST_MSI_REQ;
        if (o->obs_state == IOMMU_ST_FQ_REQ && err == 0)
            coverage_fault_record(&b->res->coverage, addr, b->fctl_be ? __builtin_bswap64(o->mem_req_wdata) : o->mem_req_wdata);
        if (b->oracle_on && (o->obs_state == IOMMU_ST_FQ_REQ || (!other_writer && in_software_fault_queue(b, addr)))) {
            if (b->fqb_written != 0 && !in_software_fault_queue(b, addr))
                fail_error(b, "oracle: fault-record write at 0x%" PRIx64 ": outside the fault queue software set up "
                              "(fqb 0x%" PRIx64 ", %u records at 0x%" PRIx64 ")", addr, b->fqb_written,
                           2u << fq_log2sz_field(b), ((b->fqb_written >> 10) & ((1ull << 44) - 1)) << 12);
            else if (oracle_queue_has_room(b, addr))
                oracle_record_word(b, addr, o->mem_req_wdata, o->mem_req_be);
        }
        break;
    case IOMMU_MEM_CAS: {
        /* software's store that races with this A/D update (`mem ... cas`) lands first: the compare then
         * fails and the engine reads the PTE again (docs/microarch.md 5.1 StAdWait) */
        uint64_t race;
        if (sim_memory_armed_store(b->mem, addr, &race)) {
            history_add(b, "software store (races with the A/D update): 0x%016" PRIx64 " <- 0x%016" PRIx64 " (was "
                           "0x%016" PRIx64 ")", addr, race, sim_memory_peek(b->mem, addr));
            coverage_cas_race(&b->res->coverage, sim_memory_peek(b->mem, addr), race);
        }
        err = sim_memory_cas(b->mem, addr, o->mem_req_cmp, o->mem_req_wdata, &r->rdata);
        /* the A/D update (docs/microarch.md 5.1 StAdReq) is logged as the functional runner logs it */
        if (b->log) txlog_memcas(b->log, addr, o->mem_req_cmp, o->mem_req_wdata, r->rdata, err);
        history_add(b, "mem cas   0x%016" PRIx64 " cmp 0x%016" PRIx64 " <- 0x%016" PRIx64 " (old 0x%016" PRIx64 ")%s",
                    addr, o->mem_req_cmp, o->mem_req_wdata, r->rdata, err ? " (error)" : "");
        if (b->sb) {
            char msg[1024];
            if (sb_mem_cas(b->sb, addr, o->mem_req_cmp, o->mem_req_wdata, r->rdata, err, msg, sizeof msg) != 0)
                fail_transaction(b, "mem_req_wdata", msg);
        }
        break;
    }
    default:
        fail_error(b, "mem_req_op 0x%x is not a valid operation", o->mem_req_op);
        break;
    }
    r->err = (uint8_t)err;
    coverage_memory(&b->res->coverage, o->obs_state, o->mem_req_op, err);
}

static void response_sink(bench_t *b, const iommu_outputs_t *o, iommu_inputs_t *in)
{
    in->rsp_ready = rng_percent(&b->rng, b->cfg->ready_percent);
    if (!(o->rsp_valid && in->rsp_ready)) return;
    b->last_progress_cycle = b->cycle;
    if (b->out_count == 0) {
        fail_error(b, "response with tag %u while no request is outstanding", o->rsp_tag);
        return;
    }
    unsigned slot = b->out_head;
    if (b->sb) {
        /* Any outstanding request with this tag; of several, one whose expected outcome this is. */
        unsigned found = MAX_OUTSTANDING;
        for (unsigned i = 0; i < b->out_count; i++) {
            unsigned k = (b->out_head + i) % MAX_OUTSTANDING;
            if (b->answered[k] || b->prog->cmds[b->outstanding[k]].tag != o->rsp_tag) continue;
            if (found == MAX_OUTSTANDING) found = k;
            if (sb_response_expected(b->sb, b->outstanding[k], o)) {
                found = k;
                break;
            }
        }
        if (found == MAX_OUTSTANDING) {
            char msg[160];
            snprintf(msg, sizeof msg, "response with tag %u, which no outstanding request has", o->rsp_tag);
            fail_transaction(b, "rsp_tag", msg);
            return;
        }
        slot = found;
        if (slot != b->out_head) b->res->out_of_order++;
        char msg[1024];
        if (sb_response(b->sb, b->outstanding[slot], o, msg, sizeof msg) != 0) {
            fail_transaction(b, sb_response_field(b->sb, b->outstanding[slot], o), msg);
            return;
        }
    }
    const stim_cmd_t *c = &b->prog->cmds[b->outstanding[slot]];
    if (c->tag != o->rsp_tag) {
        fail_error(b, "response tag %u, expected the tag %u of the oldest outstanding request", o->rsp_tag,
                   c->tag);
        return;
    }
    if (b->log && o->rsp_ats) {
        /* the completion of an ATS translation request (version 11), logged as the functional runner logs it */
        ats_completion_t cpl;
        ats_cpl_from_outputs(o, &cpl);
        txlog_ats(b->log, o->rsp_tag, &cpl);
    } else if (b->log) {
        if (o->rsp_fault) txlog_rsp_fault(b->log, o->rsp_tag, o->rsp_cause);
        else if (o->rsp_mrif) /* an MRIF-mode MSI (version 8): logged as the functional runner logs it */
            txlog_rsp_mrif(b->log, o->rsp_tag, o->rsp_mrif_addr, o->rsp_notice_addr, o->rsp_notice_data);
        else txlog_rsp_ok(b->log, o->rsp_tag, o->rsp_pa, o->rsp_pbmt);
    }
    if (o->rsp_fault) b->res->fault_count++;
    if (o->rsp_fault && o->rsp_cause < 512) b->res->causes[o->rsp_cause]++;
    /* The third oracle: what the software that built the tables granted. It catches a bug that the RTL
     * and the model share. */
    bool stale = false;
    if (c->expect_old_count > 0) {
        /* Alternatives: the tables as they are now, or an older state a cache may still hold (software changed
         * them and its invalidation has not completed yet). */
        if (!stim_expect_allows(c, o->rsp_fault, o->rsp_cause, o->rsp_pa, &stale)) {
            char req[200], set[600];
            oracle_request_text(b, c, req, sizeof req);
            fail_error(b, "oracle: tag %u: for %s software allows only %s, but the IOMMU answered %s cause %u pa 0x%" PRIx64,
                       c->tag, req, outcome_set_text(c, set, sizeof set), o->rsp_fault ? "fault" : "ok", o->rsp_cause,
                       o->rsp_pa);
            return;
        }
        if (stale) b->res->oracle_stale++;
        if (o->rsp_fault) b->res->oracle_causes++;
    } else if (c->expect == STIM_EXPECT_OK && (o->rsp_fault || o->rsp_pa != c->expect_pa)) {
        fail_error(b, "oracle: tag %u: software mapped this access to pa 0x%" PRIx64 ", but the IOMMU answered %s "
                      "cause %u pa 0x%" PRIx64, c->tag, c->expect_pa, o->rsp_fault ? "fault" : "ok",
                   o->rsp_cause, o->rsp_pa);
        return;
    } else if (c->expect == STIM_EXPECT_OK && !o->rsp_mrif && o->rsp_pbmt != c->expect_pbmt) {
        /* docs/microarch.md 5.8: the memory type software wrote in the leaves (first stage's when not 0, else
         * the final G-leaf's) */
        fail_error(b, "oracle: tag %u: software mapped this access with PBMT %u, but the IOMMU answered rsp_pbmt %u "
                      "(pa 0x%" PRIx64 ")", c->tag, c->expect_pbmt, (unsigned)o->rsp_pbmt, o->rsp_pa);
        return;
    }
    if (c->expect_old_count == 0 && c->expect == STIM_EXPECT_FAULT && !o->rsp_fault) {
        fail_error(b, "oracle: tag %u: software never granted this access, but the IOMMU answered ok pa 0x%" PRIx64,
                   c->tag, o->rsp_pa);
        return;
    }
    if (c->expect_old_count == 0 && c->expect == STIM_EXPECT_FAULT && c->expect_cause_count > 0) {
        if (!cause_allowed(c, o->rsp_cause)) {
            char req[200], set[400], got[80];
            oracle_request_text(b, c, req, sizeof req);
            fail_error(b, "oracle: tag %u: for %s software expects a fault with CAUSE in %s, but the IOMMU answered "
                          "cause %s", c->tag, req, cause_set_text(c, set, sizeof set),
                       cause_text(o->rsp_cause, got, sizeof got));
            return;
        }
        b->res->oracle_causes++;
    }
    /* Version 11 (docs/microarch.md 5.9): the ATS completion software expects of an ATS translation request it
     * expects to succeed (dma key ats=: R, W unless either, U, the range; the range's base is expect_pa above),
     * and for one it expects to fault the status of its cause: Completer Abort or Unsupported Request. */
    if (c->expect_ats && c->expect == STIM_EXPECT_OK && c->expect_old_count == 0 &&
        (!o->rsp_ats || o->rsp_ats_status != 0 || o->rsp_ats_r != c->expect_ats_r || o->rsp_ats_u != c->expect_ats_u ||
         (c->expect_ats_w != STIM_ATS_EITHER && o->rsp_ats_w != c->expect_ats_w) ||
         o->rsp_ats_size != c->expect_ats_log2)) {
        fail_error(b, "oracle: tag %u: software expects the ATS completion Success R=%u W=%s U=%u range 2^%u at pa 0x%"
                      PRIx64 ", but the IOMMU answered ats=%u status %u R=%u W=%u U=%u size 2^%u pa 0x%" PRIx64,
                   c->tag, c->expect_ats_r, c->expect_ats_w == STIM_ATS_EITHER ? "either" : c->expect_ats_w ? "1" : "0",
                   c->expect_ats_u, c->expect_ats_log2, c->expect_pa, o->rsp_ats, o->rsp_ats_status, o->rsp_ats_r,
                   o->rsp_ats_w, o->rsp_ats_u, o->rsp_ats_size, o->rsp_pa);
        return;
    }
    if (c->ttyp == IOMMU_TTYP_ATS_TRANSLATION && o->rsp_ats && o->rsp_fault && c->expect == STIM_EXPECT_FAULT &&
        c->expect_old_count == 0) {
        static const unsigned ca[] = {1, 5, 7, 261, 263, 265, 267, 268, 269, 270, 271, 272, 274};
        unsigned want = 1;
        for (unsigned i = 0; i < sizeof ca / sizeof ca[0]; i++)
            if (o->rsp_cause == ca[i]) want = 2;
        if (o->rsp_ats_status != want) {
            fail_error(b, "oracle: tag %u: an ATS translation request that faulted with cause %u is answered with %s, "
                          "but the IOMMU answered status %u", c->tag, o->rsp_cause,
                       want == 2 ? "Completer Abort (2)" : "Unsupported Request (1)", o->rsp_ats_status);
            return;
        }
    }
    if (c->expect != STIM_EXPECT_UNKNOWN) b->res->oracle_checks++;
    coverage_response(&b->res->coverage, c, o, stale);
    if (o->rsp_mrif) /* docs/microarch.md 5.6: an MRIF-mode MSI */
        history_add(b, "response tag=%u ok MRIF: mrif address 0x%" PRIx64 ", notice MSI 0x%x -> 0x%" PRIx64, o->rsp_tag,
                    o->rsp_mrif_addr, o->rsp_notice_data, o->rsp_notice_addr);
    else if (o->rsp_pbmt) /* docs/microarch.md 5.8: the Svpbmt memory type the bridge applies (1 NC, 2 IO) */
        history_add(b, "response tag=%u %s cause=%u pa=0x%" PRIx64 " rsp_pbmt=%u (%s)", o->rsp_tag,
                    o->rsp_fault ? "fault" : "ok", o->rsp_cause, o->rsp_pa, o->rsp_pbmt,
                    o->rsp_pbmt == 1 ? "NC" : o->rsp_pbmt == 2 ? "IO" : "reserved");
    else
        history_add(b, "response tag=%u %s cause=%u pa=0x%" PRIx64, o->rsp_tag, o->rsp_fault ? "fault" : "ok",
                    o->rsp_cause, o->rsp_pa);
    b->answered[slot] = true;
    while (b->out_count > 0 && b->answered[b->out_head]) {
        b->answered[b->out_head] = false;
        b->out_head = (b->out_head + 1) % MAX_OUTSTANDING;
        b->out_count--;
    }
}

/* The ATS message channel (docs/microarch.md 5.9): msg_ready_i from the seed like rsp_ready_i; each message
 * handshaken is logged as the functional runner logs the arch layer's msg_if callbacks and, in the transaction
 * check, matched in order against them. */
static void message_sink(bench_t *b, const iommu_outputs_t *o, iommu_inputs_t *in)
{
    if (!b->ats) return;
    in->msg_ready = rng_percent(&b->msg_rng, b->cfg->ready_percent);
    if (!(o->msg_valid && in->msg_ready)) return;
    b->last_progress_cycle = b->cycle;
    if (b->sb) {
        char msg[768];
        if (sb_msg(b->sb, o, msg, sizeof msg) != 0) {
            fail_transaction(b, "msg_valid", msg);
            return;
        }
    }
    if (b->log) {
        if (o->msg_prgr) txlog_msg_prgr(b->log, o->msg_did, o->msg_payload, o->msg_pv, o->msg_pid);
        else txlog_msg_inval(b->log, o->msg_did, o->msg_itag, o->msg_payload, o->msg_pv, o->msg_pid);
    }
    if (o->msg_prgr)
        history_add(b, "message sent: Page Request Group Response did=0x%x payload=0x%" PRIx64 "%s", o->msg_did,
                    o->msg_payload, o->msg_pv ? " with its PASID" : "");
    else
        history_add(b, "message sent: Invalidation Request did=0x%x itag=%u payload=0x%" PRIx64, o->msg_did,
                    o->msg_itag, o->msg_payload);
}

static void interrupt_monitor(bench_t *b, const iommu_outputs_t *o)
{
    if (o->wsi == b->prev_wsi) return;
    if (b->sb) {
        char msg[512];
        if (sb_irq(b->sb, o->wsi, msg, sizeof msg) != 0) fail_transaction(b, "wsi", msg);
    }
    for (unsigned v = 0; v < 16; v++) {
        unsigned was = (b->prev_wsi >> v) & 1, now = (o->wsi >> v) & 1;
        if (was != now) {
            if (b->log) txlog_irq(b->log, v, now);
            history_add(b, "interrupt wire %u -> %u", v, now);
        }
    }
    b->prev_wsi = o->wsi;
}

/* Runs the program: dma requests (pipelined) and software commands. Returns true when done. */
static bool program_driver(bench_t *b, const iommu_outputs_t *o, iommu_inputs_t *in)
{
    in->reg_rsp_ready = rng_percent(&b->rng, b->cfg->ready_percent);
    for (;;) {
        const stim_cmd_t *c = current_cmd(b);
        /* Transaction check: a command starts once the interval before it has settled (every response,
         * memory write and interrupt change the arch layer expects in it has been seen), a bounded wait. */
        if (b->sb && b->out_count > 0 && (c == NULL || c->kind != STIM_DMA)) return false;
        if (b->sb && b->out_count == 0) {
            if (!sb_enter(b->sb, b->pc)) {
                if (b->reg_phase != REG_IDLE || b->mem_count > 0) return false;
                if (b->settle_since == 0) b->settle_since = b->cycle;
                if (b->cycle - b->settle_since > b->cfg->settle_limit) {
                    char pending[512], msg[768];
                    sb_pending(b->sb, pending, sizeof pending);
                    snprintf(msg, sizeof msg, "%s: not seen within %" PRIu64 " cycles (the settle limit) after the "
                                              "interval's last handshake", pending, b->cfg->settle_limit);
                    fail_transaction(b, "mem_req_valid", msg);
                }
                return false;
            }
            b->settle_since = 0;
        }
        /* A page request is complete when the engine is back in StIdle after taking it (obs_state): its record
         * writes, fault record and response message are done, so the next command (a poll of fqt, say) comes
         * after all of them, in program order as in the functional runner (docs/checking.md) */
        if (b->pgr_busy) {
            if (o->obs_state != IOMMU_ST_IDLE) return false;
            b->pgr_busy = false;
        }
        if (c == NULL) return b->out_count == 0;
        switch (c->kind) {
        case STIM_MEM:
        case STIM_MEMERR:
            /* Like every software command, a store waits for the outstanding dma (docs/formats.md), so that a
             * request issued before software changed a table never sees the change; the stores of a `cmd`
             * (a queue slot no request reads) go out at once, as its cqt write may (nowait). */
            if (b->out_count > 0 && !c->cmd_part) return false;
            stim_apply_memory(c, b->mem);
            b->pc++;
            continue;
        case STIM_DMA:
            if (!b->dma_gap_drawn) {
                b->dma_gap = (unsigned)rng_range(&b->rng, 0, b->cfg->dma_gap_max);
                b->dma_gap_drawn = true;
            }
            if (b->dma_gap > 0) {
                b->dma_gap--;
                return false;
            }
            if (b->out_count == MAX_OUTSTANDING) return false;
            in->req_valid = 1;
            in->req_did = c->did;
            in->req_pv = c->pv;
            in->req_pid = c->pid;
            in->req_priv = c->priv;
            in->req_ttyp = c->ttyp;
            in->req_iova = c->iova;
            in->req_tag = c->tag;
            if (!o->req_ready) coverage_request_stall(&b->res->coverage);
            if (o->req_ready) {
                unsigned slot = (b->out_head + b->out_count) % MAX_OUTSTANDING;
                b->outstanding[slot] = b->pc;
                b->answered[slot] = false;
                b->accept_cycle[slot] = b->cycle;
                b->out_count++;
                b->res->dma_count++;
                coverage_request(&b->res->coverage, c);
                b->window[b->window_next] = b->pc;
                b->window_recorded[b->window_next] = false;
                b->window_next = (b->window_next + 1) % ORACLE_WINDOW;
                if (b->window_count < ORACLE_WINDOW) b->window_count++;
                b->pc++;
                b->dma_gap_drawn = false;
                b->last_progress_cycle = b->cycle;
                b->hist_count = 0; /* the history follows the newest transaction */
                if (c->pv) /* with a process_id: the process context and the privilege matter (5.1, 5.3) */
                    history_add(b, "request accepted: tag=%u did=0x%x ttyp=%s iova=0x%" PRIx64 " pid=0x%x priv=%s",
                                c->tag, c->did, iommu_ttyp_stim_name(c->ttyp), c->iova, c->pid, c->priv ? "s" : "u");
                else
                    history_add(b, "request accepted: tag=%u did=0x%x ttyp=%s iova=0x%" PRIx64, c->tag, c->did,
                                iommu_ttyp_stim_name(c->ttyp), c->iova);
            }
            return false;
        default:
            break;
        }
        if (c->kind == STIM_PGREQ || c->kind == STIM_INVCPL || c->kind == STIM_ATSTIMEOUT) {
            /* PCIe messages from devices (docs/microarch.md 5.9): like every command after the outstanding dma */
            if (b->out_count > 0) return false;
            if (c->kind == STIM_INVCPL) { /* an Invalidation Completion: a one-cycle pulse, always accepted */
                in->icpl_valid = 1;
                in->icpl_did = c->did & 0xffffff;
                in->icpl_itags = c->itags;
                history_add(b, "Invalidation Completion from did=0x%x, ITags 0x%08x", c->did, c->itags);
            } else if (c->kind == STIM_ATSTIMEOUT) {
                in->ats_timeout = 1;
                history_add(b, "the ATS invalidation timeout expires");
            } else {
                /* a Page Request: held until pgr_ready_o accepts it, a bounded wait */
                in->pgr_valid = 1;
                in->pgr_did = c->did & 0xffffff;
                in->pgr_pv = c->pv;
                in->pgr_pid = c->pv ? c->pid & 0xfffff : 0;
                in->pgr_priv = c->pv && c->priv;
                in->pgr_exec = c->pv && c->exec;
                in->pgr_r = c->pg_r;
                in->pgr_w = c->pg_w;
                in->pgr_last = c->pg_last;
                in->pgr_prgi = (uint16_t)(c->prgi & 0x1ff);
                in->pgr_addr = c->addr;
                if (!o->pgr_ready) {
                    if (++b->pgr_wait > b->cfg->response_limit)
                        fail_error(b, "%s:%u: pgreq: pgr_ready_o stayed 0 for %" PRIu64 " cycles (the response limit); "
                                      "the page request was never accepted%s", b->cfg->stim_name, c->line,
                                   b->cfg->response_limit, b->ats ? "" : " (the configuration has no capabilities.ATS)");
                    return false;
                }
                b->pgr_wait = 0;
                b->pgr_cmd = b->pc;
                b->pgr_cycle = b->cycle;
                b->pgr_busy = true;
                b->hist_count = 0; /* the history follows the newest transaction */
                history_add(b, "page request accepted: did=0x%x%s r=%u w=%u last=%u prgi=%u addr=0x%" PRIx64,
                            c->did, c->pv ? " with a PASID" : "", c->pg_r, c->pg_w, c->pg_last, c->prgi, c->addr);
            }
            /* the next command starts at the next cycle: a pulse is one cycle, and a page request handshaken
             * now must not meet a dma request in the same cycle */
            b->pc++;
            b->last_progress_cycle = b->cycle;
            return false;
        }
        /* Software commands wait for every outstanding dma (docs/formats.md), except a `nowait` write or read
         * in the cycle check, which software issues while DMA is in flight (the registers' busy handshakes
         * under traffic); the transaction check has no timing to place it, so there it waits too. */
        bool overlap = (c->kind == STIM_WRITE || c->kind == STIM_READ || c->kind == STIM_POLL) && c->nowait &&
                       b->cfg->check == BENCH_CHECK_CYCLE;
        if (b->out_count > 0 && !overlap) return false;
        if (c->kind == STIM_WAIT) {
            if (b->wait_left == 0) b->wait_left = c->cycles + 1ull;
            if (--b->wait_left == 0) {
                b->pc++;
                b->last_progress_cycle = b->cycle;
                continue;
            }
            b->last_progress_cycle = b->cycle;
            return false;
        }
        /* write, read, poll: one register access at a time. */
        if (b->reg_phase == REG_IDLE) b->reg_phase = REG_REQUEST;
        if (b->reg_phase == REG_REQUEST) {
            in->reg_req_valid = 1;
            in->reg_req_write = c->kind == STIM_WRITE;
            in->reg_req_addr = c->reg_offset;
            in->reg_req_size8 = c->reg_size == 8;
            in->reg_req_wdata = c->kind == STIM_WRITE ? c->data : 0;
            if (o->reg_req_ready) {
                if (c->kind == STIM_WRITE) oracle_register_write(b, c);
                if (c->kind == STIM_WRITE && c->cmd) coverage_command(&b->res->coverage, c->cmd_dw0, c->cmd_dw1);
                if (c->kind == STIM_WRITE) cq_register_write(b, c);
                if (c->kind == STIM_WRITE) msi_register_write(b, c);
                if (c->kind == STIM_WRITE) dbg_register_write(b, c);
                coverage_register(&b->res->coverage, c->reg_offset, c->kind == STIM_WRITE, c->data, b->out_count > 0);
                b->reg_phase = REG_WAIT_RSP;
                b->last_progress_cycle = b->cycle;
            }
            return false;
        }
        if (!(o->reg_rsp_valid && in->reg_rsp_ready)) return false;
        b->last_progress_cycle = b->cycle;
        b->reg_phase = REG_IDLE;
        uint64_t value = o->reg_rsp_rdata;
        if (c->kind != STIM_WRITE) coverage_register_value(&b->res->coverage, c->reg_offset, value);
        if (c->kind == STIM_READ) {
            if (b->log) txlog_read(b->log, c->reg_name, value);
        } else if (c->kind == STIM_POLL) {
            b->polls_done++;
            if ((value & c->poll_mask) != c->poll_value) {
                if (b->polls_done >= c->poll_max) {
                    fail_error(b, "%s:%u: poll %s: (value & 0x%" PRIx64 ") never became 0x%" PRIx64
                                  " in %u reads; last value 0x%" PRIx64,
                               b->cfg->stim_name, c->line, c->reg_name, c->poll_mask, c->poll_value,
                               c->poll_max, value);
                }
                return false;
            }
            if (b->log) txlog_poll(b->log, c->reg_name, value);
        }
        if (b->sb) {
            char msg[1024];
            if (sb_command_done(b->sb, b->pc, value, msg, sizeof msg) != 0) {
                fail_transaction(b, "reg_rsp_rdata", msg);
                return false;
            }
        }
        b->polls_done = 0;
        b->pc++;
        return false;
    }
}

static const char *waiting_for(bench_t *b, const iommu_outputs_t *o)
{
    if (b->sb && b->out_count == 0 && b->mem_count == 0) {
        sb_pending(b->sb, b->pending_text, sizeof b->pending_text);
        if (b->pending_text[0] != '\0') return b->pending_text;
    }
    if (b->mem_count > 0) return "the IOMMU to accept a memory response";
    if (b->out_count > 0) {
        if (o->rsp_valid) return "a response handshake";
        return "the response to the oldest outstanding dma request";
    }
    const stim_cmd_t *c = current_cmd(b);
    if (c == NULL) return "the end of the run";
    if (c->kind == STIM_DMA) return "req_ready_o to accept a dma request";
    if (c->kind == STIM_PGREQ) return "pgr_ready_o to accept a page request";
    if (b->pgr_busy) return "the engine to finish the page request (obs_state back to StIdle)";
    if (b->reg_phase == REG_WAIT_RSP) return "reg_rsp_valid_o (register response)";
    return "reg_req_ready_o to accept a register access";
}

uint64_t bench_default_cycle_limit(const bench_config_t *cfg, const stim_program_t *prog)
{
    /* A request makes a few tens of memory accesses; each costs the latency and the ready draws. */
    unsigned ready = cfg->ready_percent ? cfg->ready_percent : 1;
    uint64_t per_cmd = 2000 + 64 * ((uint64_t)cfg->mem_latency_max + 200 / ready);
    uint64_t limit = 100000;
    for (size_t i = 0; i < prog->count; i++) {
        const stim_cmd_t *c = &prog->cmds[i];
        limit += per_cmd;
        if (c->kind == STIM_WAIT) limit += c->cycles;
        if (c->kind == STIM_POLL) limit += (uint64_t)c->poll_max * per_cmd / 8;
    }
    return limit;
}

static double wall_seconds(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The DUT this run checks: our RTL (dut_new, linked into the binary) or the timing model, optionally inside
 * the reordering wrapper. Returns 0, or -1 after a message on stderr. */
static int make_dut(const bench_config_t *cfg, const iommu_config_t *icfg, dut_t *dut)
{
    int rc;
    if (cfg->dut == BENCH_DUT_MODEL) {
        rc = model_dut_new(dut, icfg);
    } else {
        dut_params_t params = {cfg->verilator_argc, cfg->verilator_argv, cfg->seed};
        rc = dut_new(&params, dut);
    }
    if (rc == 0 && cfg->reorder) rc = dut_reorder_new(*dut, cfg->seed, dut);
    return rc;
}

int bench_run(const bench_config_t *cfg, const stim_program_t *prog, bench_result_t *res)
{
    const uint64_t cycle_limit = cfg->cycle_limit ? cfg->cycle_limit : bench_default_cycle_limit(cfg, prog);
    const double wall_start = cfg->wall_limit_s ? wall_seconds() : 0;
    memset(res, 0, sizeof *res);
    res->passed = true;
    bench_t b;
    memset(&b, 0, sizeof b);
    b.cfg = cfg;
    b.prog = prog;
    b.res = res;
    rng_seed(&b.rng, cfg->seed);
    b.mem = sim_memory_new();
    for (size_t i = 0; i < prog->count; i++)
        b.oracle_on |= prog->cmds[i].kind == STIM_DMA && prog->cmds[i].expect != STIM_EXPECT_UNKNOWN;
    uint8_t fqb_size;
    stim_register_by_name("fqb", &b.fqb_offset, &fqb_size);
    stim_register_by_name("msi_addr_0", &b.msi_offset, &fqb_size);
    b.msi_vector = -1;
    stim_register_by_name("fqh", &b.fqh_offset, &fqb_size);
    stim_register_by_name("cqb", &b.cqb_offset, &fqb_size);
    /* the configuration the RTL was built from (docs/microarch.md section 3.1), else config/rtl.cfg */
    iommu_config_t rtl_cfg;
    iommu_config_rtl(&rtl_cfg);
    const iommu_config_t *icfg = cfg->iommu_cfg ? cfg->iommu_cfg : &rtl_cfg;
    b.fq_log2sz_max = icfg->fq_log2sz_max;
    b.fctl_be_writable = icfg->fctl_be_writable;
    /* the bins of the configuration (capabilities.MSI_FLAT: extended DCs; PD8, PD17, PD20: process directory) */
    coverage_configure(&res->coverage, (icfg->capabilities >> 22 & 1) ? 8 : 4, (icfg->capabilities >> 38 & 7) != 0);
    coverage_configure_second_stage(&res->coverage, (icfg->capabilities >> 16 & 0xf) != 0); /* version 8 */
    coverage_configure_v9(&res->coverage, icfg->capabilities >> 30 & 1, icfg->capabilities >> 31 & 1,
                          icfg->capabilities >> 41 & 1, icfg->rcid_bits, icfg->mcid_bits); /* version 9 */
    uint64_t caps = icfg->capabilities; /* version 10: capabilities.Sv32 (8), Sv32x4 (16), Svrsw60t59b (14), Svpbmt (15),
                                           END (27), NL (42), S (43) */
    bool sv32 = (caps >> 8 & 1) && icfg->fctl_gxl_writable;
    coverage_configure_v10(&res->coverage,
                           (sv32 ? COV_V10_SV32 : 0u) | (sv32 && (caps >> 16 & 1) ? COV_V10_SV32X4 : 0u) |
                               (icfg->svnapot ? COV_V10_NAPOT : 0u) | (caps >> 15 & 1 ? COV_V10_PBMT : 0u) |
                               (caps >> 14 & 1 ? COV_V10_RSW : 0u) |
                               ((caps >> 27 & 1) && icfg->fctl_be_writable ? COV_V10_END : 0u) |
                               (caps >> 42 & 1 ? COV_V10_NL : 0u) | (caps >> 43 & 1 ? COV_V10_S : 0u) |
                               (icfg->fq_log2sz_max < 32 ? COV_V10_FQ : 0u) | (icfg->cq_log2sz_max < 32 ? COV_V10_CQ : 0u) |
                               (sv32 && (caps >> 17 & 7) ? COV_V10_SV32_G : 0u),
                           icfg->cq_log2sz_max, icfg->fq_log2sz_max);
    b.ats = capabilities_ATS(icfg->capabilities);
    rng_seed(&b.msg_rng, cfg->seed ^ 0x6d73675f72647921ull); /* "msg_rdy!": a stream apart from b.rng's */
    coverage_configure_v11(&res->coverage, icfg->capabilities >> 25 & 1); /* version 11: capabilities.ATS */
    if (make_dut(cfg, icfg, &b.dut) != 0) {
        sim_memory_free(b.mem);
        res->passed = false;
        snprintf(res->report, sizeof res->report, "ERROR: the device under test could not be made (see above)\n");
        return 1;
    }
    if (cfg->check == BENCH_CHECK_CYCLE && cfg->dut == BENCH_DUT_BOTH) b.model = iommu_tm_new(icfg);
    txlog_t *log = cfg->log ? malloc(sizeof *log) : NULL;
    if (cfg->log && !log) {
        fprintf(stderr, "iommu-lockstep: out of memory\n");
        exit(2);
    }
    if (log) {
        txlog_init(log, cfg->log);
        txlog_header(log);
    }
    if (cfg->check == BENCH_CHECK_TRANSACTION) {
        b.sb = sb_new(prog, cfg->stim_name, b.mem, icfg);
        if (b.sb == NULL) {
            fprintf(stderr, "iommu-lockstep: out of memory for the scoreboard\n");
            exit(2);
        }
        sb_set_log(b.sb, log); /* the scoreboard writes the log, in program order */
    } else {
        b.log = log;
    }
    const dut_ops_t *ops = b.dut.ops;

    bool done = false;
    while (!done) {
        iommu_outputs_t out_dut, out_model;
        const iommu_outputs_t *o = &out_dut;
        if (b.tracing && b.cycle > cfg->trace_to) {
            ops->trace_close(b.dut.self);
            b.tracing = false;
        }
        if (ops->trace_open && cfg->trace_path && !b.tracing && b.cycle == cfg->trace_from) {
            if (ops->trace_open(b.dut.self, cfg->trace_path) != 0) {
                fail_error(&b, "cannot open the waveform file %s for writing", cfg->trace_path);
                break;
            }
            b.tracing = true;
        }
        memset(&out_dut, 0, sizeof out_dut);
        ops->outputs(b.dut.self, &out_dut);
        if (b.model) {
            memset(&out_model, 0, sizeof out_model);
            iommu_tm_outputs(b.model, &out_model);
        }
        if (b.tracing && !b.diverged && ops->time) res->trace_time_of_fail = ops->time(b.dut.self);
        char assertion[512];
        if (ops->assertion && !b.diverged && ops->assertion(b.dut.self, assertion, sizeof assertion)) {
            /* an RTL assertion (dut_if.h): a mismatch with the assertion's own message (file:line) */
            if (begin_failure(&b)) {
                res->mismatch = true;
                snprintf(res->first_signal, sizeof res->first_signal, "assertion");
                report(&b, "MISMATCH (assertion) at cycle %" PRIu64 ": %s\n", b.cycle, assertion);
                report_context(&b);
            }
            break;
        }
        /* Outputs are defined from the first reset edge on (docs/microarch.md section 7). */
        if (b.model && b.cycle >= 1) {
            if (b.diverged) {
                note_aftermath(&b, &out_model, &out_dut);
            } else if (!compare_outputs(&b, &out_model, &out_dut)) {
                b.diverged = true;
                b.aftermath_end = b.cycle + AFTERMATH_CYCLES;
                b.log = NULL;
            }
        }
        if (b.diverged && b.cycle >= b.aftermath_end) break;

        iommu_inputs_t in;
        memset(&in, 0, sizeof in);
        in.rst_n = b.cycle >= RESET_CYCLES;
        if (in.rst_n) {
            if (o->obs_state != b.prev_state) {
                if (o->obs_state == IOMMU_ST_MSI_REQ) b.msi_start_cycle = b.cycle;
                history_add(&b, "engine %s -> %s", iommu_engine_state_name(b.prev_state), iommu_engine_state_name(o->obs_state));
                if (b.prev_state == IOMMU_ST_IDLE && o->obs_state == IOMMU_ST_LOOKUP && !b.prev_req_ready &&
                    b.dbg_asked) {
                    uint64_t ctl = b.dbg_ctl;
                    unsigned ttyp = ctl >> 2 & 1 ? 1 : ctl >> 3 & 1 ? 2 : 3;
                    history_add(&b, "debug translation (tr_req_ctl Go/Busy) taken: device_id 0x%" PRIx64 " TTYP %u "
                                    "(%s) iova 0x%" PRIx64 "%s", ctl >> 40, ttyp, iommu_ttyp_stim_name(ttyp),
                                b.dbg_iova, ctl >> 32 & 1 ? " with a process_id" : "");
                    if (ctl >> 32 & 1)
                        history_add(&b, "  process_id 0x%" PRIx64 ", %s privilege", ctl >> 12 & 0xfffff,
                                    ctl >> 1 & 1 ? "Supervisor" : "User");
                    b.dbg_asked = false, b.dbg_in_flight = true;
                } else if (b.dbg_in_flight && o->obs_state == IOMMU_ST_IDLE && b.prev_state != IOMMU_ST_RESPOND) {
                    history_add(&b, "debug translation completes: tr_response written, Go/Busy cleared (no response "
                                    "on the port)");
                    b.dbg_in_flight = false;
                } else if (b.dbg_in_flight && o->obs_state == IOMMU_ST_RESPOND) {
                    b.dbg_in_flight = false; /* a bridge request's: the debug one completed before (not seen) */
                }
                b.prev_state = o->obs_state;
            }
            history_caches(&b, o);
            b.prev_req_ready = o->req_ready;
            res->pdtc_lookups += o->obs_pdtc_lookup;
            res->pdtc_hits += o->obs_pdtc_lookup && o->obs_pdtc_hit;
            res->pdtc_fills += o->obs_pdtc_fill;
            res->pdtc_invals += (uint64_t)__builtin_popcount(o->obs_pdtc_inval & 0xfu);
            if (o->obs_tlb_lookup) {
                res->tlb_lookups++;
                if (o->obs_tlb_hit) res->tlb_hits++;
                if (o->obs_tlb_hit) history_add(&b, "IOTLB lookup: hit in way %u", o->obs_tlb_hit_way);
                else history_add(&b, "IOTLB lookup: miss");
            }
            if (o->obs_tlb_fill)
                history_add(&b, "IOTLB fill: way %u%s", o->obs_tlb_fill_way,
                            o->obs_tlb_evict ? " (replaces a valid entry)" : "");
            coverage_cycle(&res->coverage, &b.prev_out, o);
            b.prev_out = *o;
            interrupt_monitor(&b, o);
            mem_agent(&b, o, &in);
            response_sink(&b, o, &in);
            message_sink(&b, o, &in);
            done = program_driver(&b, o, &in) && b.mem_count == 0 && b.reg_phase == REG_IDLE;
            if (!res->passed && !b.diverged) break;
            if (!b.diverged && b.out_count > 0 && b.cycle - b.accept_cycle[b.out_head] > cfg->response_limit) {
                fail_error(&b, "no response to tag %u within %" PRIu64 " cycles (the response limit) of its "
                               "acceptance at cycle %" PRIu64,
                           prog->cmds[b.outstanding[b.out_head]].tag, cfg->response_limit,
                           b.accept_cycle[b.out_head]);
                break;
            }
            if (!b.diverged && b.cycle - b.last_progress_cycle > cfg->idle_limit) {
                fail_error(&b, "no handshake for %" PRIu64 " cycles while waiting for %s", cfg->idle_limit,
                           waiting_for(&b, o));
                break;
            }
            if (!b.diverged && b.cycle >= cycle_limit) {
                fail_error(&b, "cycle limit %" PRIu64 " reached (%s) while waiting for %s", cycle_limit,
                           cfg->cycle_limit ? "--max-cycles" : "the default for this stimulus; --max-cycles N "
                           "to change it", waiting_for(&b, o));
                break;
            }
            /* the clock is read every 4096 cycles: cheap, and a fraction of a second at any speed */
            if (!b.diverged && cfg->wall_limit_s && (b.cycle & 4095) == 0 &&
                wall_seconds() - wall_start > cfg->wall_limit_s) {
                fail_error(&b, "wall-clock limit of %u s (--timeout) reached while waiting for %s",
                           cfg->wall_limit_s, waiting_for(&b, o));
                break;
            }
        } else {
            b.last_progress_cycle = b.cycle;
        }
        if (done) break;
        if (b.model) iommu_tm_clock(b.model, &in);
        if (b.tracing && b.model && ops->show_model) {
            /* the waveform shows the model's next outputs under the RTL's (tb/iommu_tb_top.sv) */
            iommu_outputs_t model_next;
            memset(&model_next, 0, sizeof model_next);
            iommu_tm_outputs(b.model, &model_next);
            ops->show_model(b.dut.self, &model_next);
        }
        ops->clock(b.dut.self, &in);
        b.cycle++;
    }
    if (b.tracing) ops->trace_close(b.dut.self);
    if (b.log && res->passed) txlog_end(b.log);
    if (log) {
        if (txlog_flush(log) != 0) {
            fprintf(stderr, "iommu-lockstep: error writing the log: %s\n", strerror(errno));
            res->passed = false;
        }
        free(log);
    }
    res->cycles = b.cycle;
    dut_free(&b.dut);
    iommu_tm_free(b.model);
    if (b.sb) res->records_moved = sb_records_moved(b.sb);
    sb_free(b.sb);
    sim_memory_free(b.mem);
    return res->passed ? 0 : 1;
}

void bench_config_defaults(bench_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->dut = BENCH_DUT_BOTH;
    cfg->seed = 1;
    cfg->mem_latency_max = 6;
    cfg->ready_percent = 70;
    cfg->dma_gap_max = 3;
    cfg->idle_limit = 20000;
    cfg->response_limit = 20000;
    cfg->settle_limit = 2000;
    cfg->stim_name = "generated";
}
