/* The transaction-level scoreboard (see scoreboard.h): the arch layer's expectations per command, built
 * once by running the program in program order, and the DUT's outcomes of the open interval matched
 * against them in any order the spec allows. */
#include "scoreboard.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ats_msg.h"
#include "config.h"
#include "iommu_arch.h"
#include "regs.h"

#define NONE ((size_t)-1)
#define UNKNOWN ((size_t)-2) /* the interval of a command after the arch run stopped */

enum ev_kind { EV_WRITE, EV_CAS, EV_IRQ, EV_MSG };

/* One outcome of the arch run, in program order. */
typedef struct {
    uint8_t kind;     /* enum ev_kind */
    size_t cmd;       /* the command that caused it */
    uint64_t addr, data, cmp;
    uint8_t be, status;
    bool fq;          /* EV_WRITE into the fault queue (matched per record, not per write) */
    uint64_t final;   /* EV_CAS: the arch's memory at addr when the interval ended */
    uint64_t old;     /* EV_CAS: the value the arch's CAS found */
    uint8_t vec, level;
    /* EV_MSG (version 11): an outbound ATS message of the arch layer's msg_if, matched in order */
    bool prgr, pv;
    uint32_t did, pid;
    unsigned itag;
} sb_event_t;

/* A fault record the arch wrote: the doublewords written (mask) and their statuses; or the record a request
 * of the interval would have written had the queue not filled or failed before it (the arch wrote it in no
 * slot: slot == NO_SLOT). A DUT that takes the interval's requests in another order fills the same slots
 * with other requests' records. */
#define NO_SLOT UINT64_MAX
typedef struct {
    uint64_t slot;    /* address of its slot, or NO_SLOT */
    size_t cmd;
    uint64_t dw[4];
    uint8_t mask;
    uint8_t status[4];
    bool assigned;    /* a DUT slot holds it */
} sb_record_t;

typedef struct {
    size_t interval;
    /* arch */
    iommu_response_t rsp;
    uint64_t value;        /* read / poll */
    bool arch_stopped;     /* a poll the arch layer never saw match: nothing after it is known */
    /* DUT */
    bool done;
    iommu_outputs_t dut_rsp;
    uint64_t dut_value;
} sb_cmd_t;

typedef struct {
    size_t cmd_first, cmd_end;
    size_t ev_first, ev_end;
    size_t rec_first, rec_end;
    uint16_t wsi_end;      /* the arch's interrupt wires when the interval ended */
} sb_interval_t;

/* A write of the DUT in the open interval, kept for the log. */
typedef struct {
    uint64_t addr, data;
    uint8_t be, status;
    size_t cmd;            /* the command it was matched to (NONE: a fault-record write not yet matched) */
} dut_write_t;

/* A fault-queue slot the DUT wrote in the open interval. */
typedef struct {
    uint64_t slot;
    uint64_t dw[4];
    uint8_t mask;
    size_t rec;            /* the arch record it holds, once complete (NONE before) */
} dut_slot_t;

#define GROW(arr, count, cap)                                                                              \
    do {                                                                                                   \
        if ((count) == (cap)) {                                                                            \
            size_t ncap_ = (cap) ? 2 * (cap) : 64;                                                         \
            void *p_ = realloc((arr), ncap_ * sizeof *(arr));                                              \
            if (p_ == NULL) {                                                                              \
                fprintf(stderr, "iommu-lockstep: out of memory in the scoreboard\n");                      \
                exit(2);                                                                                   \
            }                                                                                              \
            (arr) = p_;                                                                                    \
            (cap) = ncap_;                                                                                 \
        }                                                                                                  \
    } while (0)

struct scoreboard {
    const stim_program_t *prog;
    const char *stim_name;
    sim_memory_t *dut_mem;
    txlog_t *log;
    sb_cmd_t *cmds;
    sb_event_t *ev;
    size_t n_ev, cap_ev;
    sb_record_t *rec;
    size_t n_rec, cap_rec;
    sb_interval_t *iv;
    size_t n_iv, cap_iv;
    size_t arch_end;        /* commands from here on have no expectation (the arch run stopped) */
    /* the open interval (DUT side) */
    size_t open;
    dut_write_t *w;
    size_t n_w, cap_w;
    dut_slot_t *slot;
    size_t n_slot, cap_slot;
    uint8_t irq_changes[16];
    uint16_t wsi;
    /* icvec.pmiv as the DUT has it (the writes it has completed) and before its last icvec write: the arch layer
     * runs ahead within an interval, so its icvec may already hold a later write's vector */
    uint8_t dut_pmiv, dut_pmiv_before;
    bool *matched;          /* per event: a non-fq write or an interrupt change the DUT made */
    /* the arch run */
    iommu_config_t cfg;
    sim_memory_t *arch_mem;
    iommu_mem_if_t mem_if;
    iommu_msg_if_t msg_if;
    iommu_arch_t arch;
    size_t cur_cmd;
    iommu_regs_t iv_start_regs; /* the arch's registers when the current interval began */
    sb_record_t *cand;          /* records of the current interval written in no slot (see sb_record_t) */
    size_t n_cand, cap_cand;
    sb_record_t *capture;       /* where capture_write puts a record */
    uint64_t records_moved;
};

static const char *ttyp_text(unsigned t)
{
    switch (t) {
    case IOMMU_TTYP_UNTRANSLATED_EXEC: return "exec";
    case IOMMU_TTYP_UNTRANSLATED_READ: return "read";
    case IOMMU_TTYP_UNTRANSLATED_WRITE: return "write";
    case IOMMU_TTYP_TRANSLATED_EXEC: return "texec";
    case IOMMU_TTYP_TRANSLATED_READ: return "tread";
    case IOMMU_TTYP_TRANSLATED_WRITE: return "twrite";
    case IOMMU_TTYP_ATS_TRANSLATION: return "ats";
    default: return "?";
    }
}

static const char *status_text(int s) { return s == 0 ? "ok" : s == 1 ? "access fault" : "data corruption"; }

static void say(char *msg, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
}

/* Appends to msg (for lists of what was expected). */
static void say_more(char *msg, size_t n, const char *fmt, ...)
{
    size_t len = strlen(msg);
    if (len + 1 >= n) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + len, n - len, fmt, ap);
    va_end(ap);
}

static void describe_cmd(const scoreboard_t *sb, size_t idx, char *buf, size_t n)
{
    const stim_cmd_t *c = &sb->prog->cmds[idx];
    if (c->kind == STIM_DMA)
        snprintf(buf, n, "tag %u (dma did=0x%x ttyp=%s iova=0x%" PRIx64 ", %s:%u)", c->tag, c->did,
                 ttyp_text(c->ttyp), c->iova, sb->stim_name, c->line);
    else
        snprintf(buf, n, "%s:%u (%s %s)", sb->stim_name, c->line,
                 c->kind == STIM_WRITE ? "write" : c->kind == STIM_READ ? "read" : "poll", c->reg_name);
}

/* ---- the arch run ---- */

static sb_event_t *add_event(scoreboard_t *sb, uint8_t kind)
{
    GROW(sb->ev, sb->n_ev, sb->cap_ev);
    sb_event_t *e = &sb->ev[sb->n_ev++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->cmd = sb->cur_cmd;
    return e;
}

/* The fault queue as the arch's registers describe it now (spec "fqb": PPN and LOG2SZ-1). */
static bool in_fault_queue(const scoreboard_t *sb, uint64_t addr)
{
    uint64_t fqb = iommu_arch_reg_read(&sb->arch, REG_FQB, true);
    uint64_t base = ((fqb >> 10) & ((1ull << 44) - 1)) << 12;
    unsigned log2sz = (unsigned)(fqb & 0x1f) + 1;
    uint64_t bytes = 32ull << log2sz;
    return addr >= base && addr - base < bytes;
}

static int arch_write(void *user, uint64_t addr, uint64_t data, uint8_t be)
{
    scoreboard_t *sb = user;
    int err = sim_memory_write(sb->arch_mem, addr, data, be);
    sb_event_t *e = add_event(sb, EV_WRITE);
    e->addr = addr;
    e->data = data;
    e->be = be;
    e->status = (uint8_t)err;
    e->fq = be == 0xff && in_fault_queue(sb, addr);
    return err;
}

static int arch_cas(void *user, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old)
{
    scoreboard_t *sb = user;
    int err = sim_memory_cas(sb->arch_mem, addr, cmp, data, old);
    sb_event_t *e = add_event(sb, EV_CAS);
    e->old = *old;
    e->addr = addr;
    e->cmp = cmp;
    e->data = data;
    e->status = (uint8_t)err;
    return err;
}

static void arch_msg(scoreboard_t *sb, bool prgr, uint32_t did, unsigned itag, uint64_t payload, bool pv,
                     uint32_t pid)
{
    sb_event_t *e = add_event(sb, EV_MSG);
    e->prgr = prgr;
    e->did = did;
    e->itag = itag;
    e->data = payload;
    e->pv = pv;
    e->pid = pid;
}

static void arch_msg_inval(void *user, uint32_t did, unsigned itag, uint64_t payload, bool pv, uint32_t pid)
{
    arch_msg(user, false, did, itag, payload, pv, pid);
}

static void arch_msg_prgr(void *user, uint32_t did, uint64_t payload, bool pv, uint32_t pid)
{
    arch_msg(user, true, did, 0, payload, pv, pid);
}

static void arch_irq(scoreboard_t *sb, uint16_t *wsi)
{
    uint16_t now = iommu_arch_wsi(&sb->arch);
    for (unsigned v = 0; v < 16; v++) {
        if (((now ^ *wsi) >> v) & 1) {
            sb_event_t *e = add_event(sb, EV_IRQ);
            e->vec = (uint8_t)v;
            e->level = (now >> v) & 1;
        }
    }
    *wsi = now;
}

/* The memory of a what-if translation: reads the arch's memory, changes nothing, keeps the record written. */
static int capture_write(void *user, uint64_t addr, uint64_t data, uint8_t be)
{
    scoreboard_t *sb = user;
    (void)be;
    unsigned k = (unsigned)((addr >> 3) & 3);
    sb->capture->dw[k] = data;
    sb->capture->mask |= (uint8_t)(1u << k);
    return 0;
}

/* The what-if's A/D update: the error memory gives it (a mark for writes only included), else the value there.
 * A software store armed for the CAS (`mem ... cas`) is left for the real run to fire: the what-if sees the
 * PTE it read (the stores the generator arms keep the outcome; docs/decisions.md, issue 11). */
static int capture_cas(void *user, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old)
{
    scoreboard_t *sb = user;
    (void)cmp;
    (void)data;
    int err = sim_memory_write_error(sb->arch_mem, addr);
    *old = err ? 0 : sim_memory_peek(sb->arch_mem, addr);
    return err;
}

/* A request that faulted but wrote no record, or only part of one: had it come first in its interval (an order a DUT with
 * several requests in flight may choose), would it have written one? Translates it again on a copy of the
 * arch state from before it, with the fault queue as it was when the interval began but empty, and keeps
 * the record that copy writes. */
static void capture_candidate(scoreboard_t *sb, const iommu_arch_t *before, const iommu_request_t *req, size_t i)
{
    iommu_arch_t what_if = *before;
    iommu_regs_t *r = &what_if.regs;
    r->fqon = sb->iv_start_regs.fqon;
    r->fqmf = sb->iv_start_regs.fqmf;
    r->fqof = sb->iv_start_regs.fqof;
    r->fqh = r->fqt;
    sb_record_t rec;
    memset(&rec, 0, sizeof rec);
    rec.slot = NO_SLOT;
    rec.cmd = i;
    sb->capture = &rec;
    iommu_mem_if_t capture = {.write = capture_write, .cas = capture_cas, .user = sb, .read_memory = sb->arch_mem};
    iommu_arch_translate(&what_if, req, &capture);
    sb->capture = NULL;
    if (rec.mask != 0xf) return; /* not reported (DTF, queue off at the interval's start) */
    GROW(sb->cand, sb->n_cand, sb->cap_cand);
    sb->cand[sb->n_cand++] = rec;
}

static bool arch_command(scoreboard_t *sb, size_t i, uint16_t *wsi)
{
    const stim_cmd_t *c = &sb->prog->cmds[i];
    sb_cmd_t *s = &sb->cmds[i];
    switch (c->kind) {
    case STIM_MEM:
    case STIM_MEMERR: stim_apply_memory(c, sb->arch_mem); break;
    case STIM_WRITE:
        iommu_arch_reg_write(&sb->arch, c->reg_offset, c->reg_size == 8, c->data);
        arch_irq(sb, wsi);
        break;
    case STIM_READ: s->value = iommu_arch_reg_read(&sb->arch, c->reg_offset, c->reg_size == 8); break;
    case STIM_POLL: {
        unsigned reads = c->poll_max ? c->poll_max : 1;
        for (unsigned k = 0; k < reads; k++) {
            s->value = iommu_arch_reg_read(&sb->arch, c->reg_offset, c->reg_size == 8);
            if ((s->value & c->poll_mask) == c->poll_value) return true;
        }
        s->arch_stopped = true;
        return false;
    }
    case STIM_DMA: {
        iommu_request_t req = {.did = c->did & 0xffffff, .pv = c->pv, .pid = c->pid & 0xfffff, .priv = c->priv,
                               .ttyp = c->ttyp, .iova = c->iova};
        iommu_arch_t before = sb->arch;
        size_t ev_before = sb->n_ev;
        s->rsp = iommu_arch_translate(&sb->arch, &req, &sb->mem_if);
        /* Its record, whole and without a memory error? A record the arch wrote only in part (a doubleword
         * write failed in the slot its order gave it) may land whole in another slot in a DUT's order, so it
         * gets a candidate as well as a record that was never written. */
        unsigned written_ok = 0;
        for (size_t e = ev_before; e < sb->n_ev; e++)
            written_ok += sb->ev[e].kind == EV_WRITE && sb->ev[e].fq && sb->ev[e].status == 0;
        if (s->rsp.fault && written_ok < 4) capture_candidate(sb, &before, &req, i);
        arch_irq(sb, wsi);
        break;
    }
    case STIM_PGREQ: { /* version 11: the PCIe messages of docs/microarch.md 5.9 */
        pq_request_t p = {.did = c->did & 0xffffff, .pv = c->pv, .pid = c->pv ? c->pid & 0xfffff : 0,
                          .priv = c->pv && c->priv, .exec = c->pv && c->exec, .r = c->pg_r, .w = c->pg_w,
                          .l = c->pg_last, .prgi = (uint16_t)(c->prgi & 0x1ff), .addr = c->addr & ~0xfffull};
        iommu_arch_page_request(&sb->arch, &p);
        arch_irq(sb, wsi);
        break;
    }
    case STIM_INVCPL:
        iommu_arch_inval_completion(&sb->arch, c->did & 0xffffff, c->itags);
        arch_irq(sb, wsi);
        break;
    case STIM_ATSTIMEOUT:
        iommu_arch_ats_timeout(&sb->arch);
        arch_irq(sb, wsi);
        break;
    case STIM_WAIT: break;
    }
    return true;
}

/* An interval ends: the A/D updates' final values, the fault records it wrote, the interrupt levels. */
static void arch_close_interval(scoreboard_t *sb, sb_interval_t *iv, uint16_t wsi)
{
    iv->ev_end = sb->n_ev;
    iv->rec_first = sb->n_rec;
    for (size_t e = iv->ev_first; e < iv->ev_end; e++) {
        sb_event_t *x = &sb->ev[e];
        if (x->kind == EV_CAS) x->final = sim_memory_peek(sb->arch_mem, x->addr);
        if (x->kind != EV_WRITE || !x->fq) continue;
        uint64_t slot = x->addr & ~31ull;
        unsigned k = (unsigned)((x->addr >> 3) & 3);
        sb_record_t *r = sb->n_rec > iv->rec_first ? &sb->rec[sb->n_rec - 1] : NULL;
        if (r == NULL || r->slot != slot || r->cmd != x->cmd || (r->mask >> k) & 1) {
            GROW(sb->rec, sb->n_rec, sb->cap_rec);
            r = &sb->rec[sb->n_rec++];
            memset(r, 0, sizeof *r);
            r->slot = slot;
            r->cmd = x->cmd;
        }
        r->dw[k] = x->data;
        r->mask |= (uint8_t)(1u << k);
        r->status[k] = x->status;
    }
    for (size_t k = 0; k < sb->n_cand; k++) {
        GROW(sb->rec, sb->n_rec, sb->cap_rec);
        sb->rec[sb->n_rec++] = sb->cand[k];
    }
    sb->n_cand = 0;
    iv->rec_end = sb->n_rec;
    iv->wsi_end = wsi;
}

scoreboard_t *sb_new(const stim_program_t *prog, const char *stim_name, sim_memory_t *dut_memory,
                     const iommu_config_t *cfg)
{
    scoreboard_t *sb = calloc(1, sizeof *sb);
    if (sb == NULL) return NULL;
    sb->prog = prog;
    sb->stim_name = stim_name;
    sb->dut_mem = dut_memory;
    sb->open = NONE;
    sb->cmds = calloc(prog->count + 1, sizeof *sb->cmds);
    sb->arch_mem = sim_memory_new();
    if (sb->cmds == NULL || sb->arch_mem == NULL) {
        sb_free(sb);
        return NULL;
    }
    sb->cfg = *cfg; /* the RTL's build configuration (docs/microarch.md section 3.1) */
    sb->mem_if = (iommu_mem_if_t){.write = arch_write, .cas = arch_cas, .user = sb, .read_memory = sb->arch_mem};
    sb->msg_if = (iommu_msg_if_t){arch_msg_inval, arch_msg_prgr, sb};
    iommu_arch_init(&sb->arch, &sb->cfg, &sb->mem_if, &sb->msg_if);
    uint16_t wsi = iommu_arch_wsi(&sb->arch);
    sb->arch_end = prog->count;
    sb_interval_t *iv = NULL;
    for (size_t i = 0; i < prog->count; i++) {
        const stim_cmd_t *c = &prog->cmds[i];
        bool joins = iv != NULL && c->kind == STIM_DMA && prog->cmds[i - 1].kind == STIM_DMA;
        if (!joins) {
            if (iv) arch_close_interval(sb, iv, wsi);
            GROW(sb->iv, sb->n_iv, sb->cap_iv);
            iv = &sb->iv[sb->n_iv++];
            memset(iv, 0, sizeof *iv);
            iv->cmd_first = i;
            iv->ev_first = sb->n_ev;
            sb->iv_start_regs = sb->arch.regs;
        }
        iv->cmd_end = i + 1;
        sb->cmds[i].interval = sb->n_iv - 1;
        sb->cur_cmd = i;
        if (!arch_command(sb, i, &wsi)) {
            sb->arch_end = i + 1;
            for (size_t j = i + 1; j < prog->count; j++) sb->cmds[j].interval = UNKNOWN;
            break;
        }
    }
    if (iv) arch_close_interval(sb, iv, wsi);
    /* the end of the program: an empty interval after the last */
    GROW(sb->iv, sb->n_iv, sb->cap_iv);
    iv = &sb->iv[sb->n_iv++];
    memset(iv, 0, sizeof *iv);
    iv->cmd_first = iv->cmd_end = prog->count;
    iv->ev_first = iv->ev_end = sb->n_ev;
    iv->rec_first = iv->rec_end = sb->n_rec;
    iv->wsi_end = wsi;
    sb->cmds[prog->count].interval = sb->n_iv - 1;
    sb->matched = calloc(sb->n_ev + 1, sizeof *sb->matched);
    if (sb->matched == NULL) {
        sb_free(sb);
        return NULL;
    }
    return sb;
}

void sb_free(scoreboard_t *sb)
{
    if (sb == NULL) return;
    free(sb->cmds);
    free(sb->ev);
    free(sb->rec);
    free(sb->iv);
    free(sb->w);
    free(sb->slot);
    free(sb->matched);
    free(sb->cand);
    if (sb->arch_mem) sim_memory_free(sb->arch_mem);
    free(sb);
}

void sb_set_log(scoreboard_t *sb, txlog_t *log) { sb->log = log; }

/* ---- the open interval ---- */

static const sb_interval_t *open_iv(const scoreboard_t *sb) { return sb->open == NONE ? NULL : &sb->iv[sb->open]; }

/* Arch changes of wire v in the interval, and the level of the k-th (when it exists). */
static unsigned arch_irq_changes(const scoreboard_t *sb, const sb_interval_t *iv, unsigned v, unsigned k,
                                 int *level_k)
{
    unsigned n = 0;
    for (size_t e = iv->ev_first; e < iv->ev_end; e++) {
        const sb_event_t *x = &sb->ev[e];
        if (x->kind != EV_IRQ || x->vec != v) continue;
        if (n == k && level_k) *level_k = x->level;
        n++;
    }
    return n;
}

/* What the transaction level cannot check (docs/microarch.md 5.7, version 9): iohpmcycles counts cycles, which
 * the untimed arch layer does not have; so its value, iocountovf.CY, ipsr.pmip (a cycles overflow sets it) and
 * the interrupt wire of icvec.pmiv are left to the cycle check. Masks of the bits compared in a read. */
static uint64_t sb_timed_mask(const scoreboard_t *sb, uint16_t offset)
{
    if (!capabilities_HPM(sb->cfg.capabilities)) return ~0ull;
    if ((offset & ~7u) == REG_IOHPMCYCLES) return 0;
    if (offset == REG_IOCOUNTOVF) return ~1ull;
    if (offset == REG_IPSR) return ~4ull;
    return ~0ull;
}

/* The wire of icvec.pmiv: the DUT's vector, the one before its last icvec write, or that of an icvec write of the
 * open interval not answered yet (the write takes effect at its handshake, before its response). */
static bool sb_timed_wire(const scoreboard_t *sb, unsigned v)
{
    if (!capabilities_HPM(sb->cfg.capabilities)) return false;
    if (v == sb->dut_pmiv || v == sb->dut_pmiv_before) return true;
    const sb_interval_t *iv = open_iv(sb);
    for (size_t i = iv ? iv->cmd_first : 0; iv && i < iv->cmd_end; i++) {
        const stim_cmd_t *c = &sb->prog->cmds[i];
        if (!sb->cmds[i].done && c->kind == STIM_WRITE && c->reg_offset == REG_ICVEC && v == icvec_pmiv(c->data))
            return true;
    }
    return false;
}

void sb_pending(const scoreboard_t *sb, char *buf, size_t n)
{
    buf[0] = '\0';
    const sb_interval_t *iv = open_iv(sb);
    if (iv == NULL) return;
    char d[256];
    for (size_t i = iv->cmd_first; i < iv->cmd_end; i++) {
        const stim_cmd_t *c = &sb->prog->cmds[i];
        if (sb->cmds[i].done || !(c->kind == STIM_DMA || c->kind == STIM_WRITE || c->kind == STIM_READ ||
                                  c->kind == STIM_POLL))
            continue;
        describe_cmd(sb, i, d, sizeof d);
        say(buf, n, c->kind == STIM_DMA ? "the response to %s" : "the register access at %s", d);
        return;
    }
    for (size_t r = iv->rec_first; r < iv->rec_end; r++) {
        if (sb->rec[r].slot == NO_SLOT) continue;
        bool filled = false;
        for (size_t k = 0; k < sb->n_slot; k++) filled |= sb->slot[k].slot == sb->rec[r].slot && sb->slot[k].rec != NONE;
        if (filled) continue;
        describe_cmd(sb, sb->rec[r].cmd, d, sizeof d);
        say(buf, n, "a fault record in the fault-queue slot at 0x%" PRIx64 " (the arch layer writes the record of %s "
                    "there; any request of the interval may take the slot)", sb->rec[r].slot, d);
        return;
    }
    for (size_t e = iv->ev_first; e < iv->ev_end; e++) {
        const sb_event_t *x = &sb->ev[e];
        if (x->kind == EV_WRITE && !x->fq && !sb->matched[e]) {
            say(buf, n, "the memory write addr=0x%016" PRIx64 " data=0x%016" PRIx64 " (arch layer)", x->addr, x->data);
            return;
        }
        if (x->kind == EV_MSG && !sb->matched[e]) {
            say(buf, n, "the message did=%u type=%s itag=%u payload=0x%016" PRIx64 " (arch layer)", x->did,
                x->prgr ? "prgr" : "inval", x->itag, x->data);
            return;
        }
        if (x->kind == EV_CAS && x->status == 0 && sim_memory_peek(sb->dut_mem, x->addr) != x->final) {
            say(buf, n, "the A/D update at 0x%016" PRIx64 ": memory holds 0x%016" PRIx64 ", the arch layer left "
                        "0x%016" PRIx64, x->addr, sim_memory_peek(sb->dut_mem, x->addr), x->final);
            return;
        }
    }
    for (unsigned v = 0; v < 16; v++) {
        if (sb_timed_wire(sb, v)) continue;
        unsigned want = arch_irq_changes(sb, iv, v, 0, NULL);
        if (sb->irq_changes[v] != want || ((sb->wsi ^ iv->wsi_end) >> v & 1)) {
            say(buf, n, "interrupt wire %u at level %u (arch layer: %u change(s) in this interval, seen %u)", v,
                (iv->wsi_end >> v) & 1, want, sb->irq_changes[v]);
            return;
        }
    }
}

static void log_interval(scoreboard_t *sb, const sb_interval_t *iv)
{
    txlog_t *log = sb->log;
    for (size_t i = iv->cmd_first; i < iv->cmd_end; i++) {
        const stim_cmd_t *c = &sb->prog->cmds[i];
        const sb_cmd_t *s = &sb->cmds[i];
        /* A/D updates at the arch's place, before the request's record writes as the functional runner logs
         * them: the DUT made the same ones (sb_mem_cas, and the memory compared at the close) */
        for (size_t e = iv->ev_first; e < iv->ev_end; e++)
            if (sb->ev[e].kind == EV_CAS && sb->ev[e].cmd == i)
                txlog_memcas(log, sb->ev[e].addr, sb->ev[e].cmp, sb->ev[e].data, sb->ev[e].old, sb->ev[e].status);
        bool msgs = false;
        for (size_t e = iv->ev_first; e < iv->ev_end; e++) msgs |= sb->ev[e].kind == EV_MSG && sb->ev[e].cmd == i;
        if (msgs) {
            /* a command with ATS messages (version 11): its writes and messages in the arch layer's order, which
             * the DUT's equal (each write matched, messages in order) */
            for (size_t e = iv->ev_first; e < iv->ev_end; e++) {
                const sb_event_t *x = &sb->ev[e];
                if (x->cmd != i) continue;
                if (x->kind == EV_MSG && x->prgr) txlog_msg_prgr(log, x->did, x->data, x->pv, x->pid);
                else if (x->kind == EV_MSG) txlog_msg_inval(log, x->did, x->itag, x->data, x->pv, x->pid);
                else if (x->kind == EV_WRITE && x->be == 0x0f) txlog_memwr4(log, x->addr, (uint32_t)x->data, x->status);
                else if (x->kind == EV_WRITE && x->be == 0xf0)
                    txlog_memwr4(log, x->addr + 4, (uint32_t)(x->data >> 32), x->status);
                else if (x->kind == EV_WRITE) txlog_memwr(log, x->addr, x->data, x->status);
            }
        }
        for (size_t k = 0; k < sb->n_w && !msgs; k++) {
            const dut_write_t *w = &sb->w[k];
            if (w->cmd != i) continue;
            if (w->be == 0x0f) txlog_memwr4(log, w->addr, (uint32_t)w->data, w->status);
            else if (w->be == 0xf0) txlog_memwr4(log, w->addr + 4, (uint32_t)(w->data >> 32), w->status);
            else txlog_memwr(log, w->addr, w->data, w->status);
        }
        /* interrupt changes at the arch's place: the DUT made the same changes (checked at the close) */
        for (size_t e = iv->ev_first; e < iv->ev_end; e++)
            if (sb->ev[e].kind == EV_IRQ && sb->ev[e].cmd == i) txlog_irq(log, sb->ev[e].vec, sb->ev[e].level);
        if (c->kind == STIM_DMA) {
            const iommu_outputs_t *o = &s->dut_rsp;
            ats_completion_t cpl;
            if (o->rsp_ats) ats_cpl_from_outputs(o, &cpl);
            if (o->rsp_ats) txlog_ats(log, c->tag, &cpl);
            else if (o->rsp_fault) txlog_rsp_fault(log, c->tag, o->rsp_cause);
            else if (o->rsp_mrif)
                txlog_rsp_mrif(log, c->tag, o->rsp_mrif_addr, o->rsp_notice_addr, o->rsp_notice_data);
            else txlog_rsp_ok(log, c->tag, o->rsp_pa, o->rsp_pbmt);
        } else if (c->kind == STIM_READ) {
            txlog_read(log, c->reg_name, s->dut_value);
        } else if (c->kind == STIM_POLL) {
            txlog_poll(log, c->reg_name, s->dut_value);
        }
    }
}

bool sb_enter(scoreboard_t *sb, size_t pc)
{
    size_t target = sb->cmds[pc < sb->prog->count ? pc : sb->prog->count].interval;
    if (target == sb->open) return true;
    if (target >= sb->n_iv) return false; /* beyond the arch run: cannot happen, the bench stops first */
    if (sb->open != NONE) {
        char pending[8];
        sb_pending(sb, pending, sizeof pending);
        if (pending[0] != '\0') return false;
        if (sb->log) log_interval(sb, &sb->iv[sb->open]);
    }
    sb->open = target;
    sb->n_w = 0;
    sb->n_slot = 0;
    memset(sb->irq_changes, 0, sizeof sb->irq_changes);
    if (target == sb->n_iv - 1 && sb->log) txlog_end(sb->log);
    return true;
}

/* ---- checks ---- */

static void describe_ats(const ats_completion_t *c, unsigned cause, char *buf, size_t n)
{
    if (c->status != ATS_SUCCESS)
        snprintf(buf, n, "ATS completion %s (cause %u) priv=%u", c->status == ATS_UR ? "ur" : "ca", cause, c->priv);
    else
        snprintf(buf, n, "ATS completion success pa=0x%" PRIx64 " size=0x%" PRIx64 " r=%u w=%u u=%u g=%u priv=%u",
                 c->pa, c->size, c->r, c->w, c->u, c->g, c->priv);
}

static void describe_expected_rsp(const iommu_response_t *r, char *buf, size_t n)
{
    if (r->ats) describe_ats(&r->ats_cpl, r->fault ? r->cause : 0, buf, n);
    else if (r->fault) snprintf(buf, n, "fault cause %u", r->cause);
    else if (r->mrif)
        snprintf(buf, n, "mrif addr=0x%" PRIx64 " notice=0x%" PRIx64 " nid=0x%x", r->mrif_addr, r->notice_addr,
                 r->notice_data);
    else if (r->pbmt) snprintf(buf, n, "ok pa=0x%" PRIx64 " pbmt=%u", r->pa, r->pbmt);
    else snprintf(buf, n, "ok pa=0x%" PRIx64, r->pa);
}

static void describe_actual_rsp(const iommu_outputs_t *o, char *buf, size_t n)
{
    ats_completion_t c;
    if (o->rsp_ats) ats_cpl_from_outputs(o, &c);
    if (o->rsp_ats) describe_ats(&c, o->rsp_fault ? o->rsp_cause : 0, buf, n);
    else if (o->rsp_fault) snprintf(buf, n, "fault cause %u", o->rsp_cause);
    else if (o->rsp_mrif)
        snprintf(buf, n, "mrif addr=0x%" PRIx64 " notice=0x%" PRIx64 " nid=0x%x", o->rsp_mrif_addr,
                 o->rsp_notice_addr, o->rsp_notice_data);
    else if (o->rsp_pbmt) snprintf(buf, n, "ok pa=0x%" PRIx64 " pbmt=%u", o->rsp_pa, o->rsp_pbmt);
    else snprintf(buf, n, "ok pa=0x%" PRIx64, o->rsp_pa);
}

/* The rsp_pbmt the arch layer's outcome gives (docs/microarch.md 5.8): its PBMT for an address translation, 0
 * with MRIF information (the arch layer still computes the first stage's; the response carries no address to
 * apply a memory type to). */
static unsigned expected_pbmt(const iommu_response_t *r) { return r->mrif ? 0 : r->pbmt & 3u; }

bool sb_response_expected(const scoreboard_t *sb, size_t idx, const iommu_outputs_t *o)
{
    const iommu_response_t *r = &sb->cmds[idx].rsp;
    if (idx >= sb->arch_end || !!o->rsp_ats != r->ats || !!o->rsp_fault != r->fault) return false;
    if (r->ats) {
        /* an ATS completion (version 11): status, the flags, the range, the cause of a UR/CA */
        ats_completion_t c;
        ats_cpl_from_outputs(o, &c);
        const ats_completion_t *e = &r->ats_cpl;
        if (c.status != e->status || c.priv != e->priv) return false;
        if (r->fault) return o->rsp_cause == r->cause;
        return c.pa == e->pa && c.size == e->size && c.r == e->r && c.w == e->w && c.u == e->u && c.g == e->g &&
               e->x == 0 && e->n == 0 && e->ama == 0;
    }
    if (r->fault) return o->rsp_cause == r->cause;
    if (!!o->rsp_mrif != r->mrif || o->rsp_pbmt != expected_pbmt(r)) return false;
    if (r->mrif)
        return o->rsp_mrif_addr == r->mrif_addr && o->rsp_notice_addr == r->notice_addr &&
               o->rsp_notice_data == r->notice_data;
    return o->rsp_pa == r->pa;
}

const char *sb_response_field(const scoreboard_t *sb, size_t idx, const iommu_outputs_t *o)
{
    const iommu_response_t *r = &sb->cmds[idx].rsp;
    if (idx >= sb->arch_end || r->ats || !!o->rsp_fault != r->fault) return "rsp_fault";
    if (r->fault) return "rsp_fault"; /* the cause: named by the fault flag, as every report did */
    bool rest_equal = !!o->rsp_mrif == r->mrif &&
                      (r->mrif ? o->rsp_mrif_addr == r->mrif_addr && o->rsp_notice_addr == r->notice_addr &&
                                     o->rsp_notice_data == r->notice_data
                               : o->rsp_pa == r->pa);
    return rest_equal && o->rsp_pbmt != expected_pbmt(r) ? "rsp_pbmt" : "rsp_pa";
}

int sb_response(scoreboard_t *sb, size_t idx, const iommu_outputs_t *o, char *msg, size_t n)
{
    sb_cmd_t *s = &sb->cmds[idx];
    s->done = true;
    s->dut_rsp = *o;
    if (sb_response_expected(sb, idx, o)) return 0;
    char d[256], e[160], a[160];
    describe_cmd(sb, idx, d, sizeof d);
    describe_expected_rsp(&s->rsp, e, sizeof e);
    describe_actual_rsp(o, a, sizeof a);
    say(msg, n, "response to %s: expected %s (arch) actual %s (dut)", d, e, a);
    return -1;
}

static int fq_write(scoreboard_t *sb, const sb_interval_t *iv, uint64_t addr, uint64_t data, int status,
                    char *msg, size_t n)
{
    uint64_t slot_addr = addr & ~31ull;
    unsigned k = (unsigned)((addr >> 3) & 3);
    const sb_record_t *here = NULL; /* the arch's record in this slot: its mask and statuses are the slot's */
    for (size_t r = iv->rec_first; r < iv->rec_end; r++)
        if (sb->rec[r].slot == slot_addr) here = &sb->rec[r];
    if (!((here->mask >> k) & 1)) {
        say(msg, n, "memory write addr=0x%016" PRIx64 " data=0x%016" PRIx64 ": doubleword %u of the fault-queue slot "
                    "at 0x%" PRIx64 ", which the arch layer does not write (it stopped at a memory error)",
            addr, data, k, slot_addr);
        return -1;
    }
    if (status != here->status[k]) {
        say(msg, n, "memory write addr=0x%016" PRIx64 ": status %s, the arch layer's write there got %s",
            addr, status_text(status), status_text(here->status[k]));
        return -1;
    }
    dut_slot_t *s = NULL;
    for (size_t i = 0; i < sb->n_slot; i++)
        if (sb->slot[i].slot == slot_addr) s = &sb->slot[i];
    if (s == NULL) {
        GROW(sb->slot, sb->n_slot, sb->cap_slot);
        s = &sb->slot[sb->n_slot++];
        memset(s, 0, sizeof *s);
        s->slot = slot_addr;
        s->rec = NONE;
    }
    if ((s->mask >> k) & 1) {
        say(msg, n, "memory write addr=0x%016" PRIx64 " data=0x%016" PRIx64 ": doubleword %u of the fault-queue slot at "
                    "0x%" PRIx64 " is written a second time in this interval", addr, data, k, slot_addr);
        return -1;
    }
    s->dw[k] = data;
    s->mask |= (uint8_t)(1u << k);
    /* Some record of the interval, not yet in another slot, must agree with everything written here. */
    size_t candidate = NONE;
    for (size_t r = iv->rec_first; r < iv->rec_end && candidate == NONE; r++) {
        const sb_record_t *x = &sb->rec[r];
        if (x->assigned || (s->mask & ~x->mask)) continue;
        bool same = true;
        for (unsigned j = 0; j < 4; j++)
            if ((s->mask >> j) & 1 && s->dw[j] != x->dw[j]) same = false;
        if (same) candidate = r;
    }
    if (candidate == NONE) {
        say(msg, n, "memory write addr=0x%016" PRIx64 " data=0x%016" PRIx64 " (fault-queue slot at 0x%" PRIx64
                    ", doubleword %u) matches no fault record the arch layer expects in this interval; expected:",
            addr, data, slot_addr, k);
        for (size_t r = iv->rec_first; r < iv->rec_end; r++) {
            const sb_record_t *x = &sb->rec[r];
            char d[256];
            describe_cmd(sb, x->cmd, d, sizeof d);
            say_more(msg, n, "\n    %s%016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " for %s%s",
                     x->assigned ? "(already written) " : "", x->dw[0], x->dw[1], x->dw[2], x->dw[3], d,
                     x->slot == NO_SLOT ? " (if it comes before the queue fills or fails)" : "");
        }
        return -1;
    }
    if (s->mask == here->mask) {
        s->rec = candidate;
        sb->rec[candidate].assigned = true;
        if (sb->rec[candidate].slot != slot_addr) sb->records_moved++;
        for (size_t i = 0; i < sb->n_w; i++)
            if (sb->w[i].cmd == NONE && (sb->w[i].addr & ~31ull) == slot_addr) sb->w[i].cmd = sb->rec[candidate].cmd;
    }
    return 0;
}

int sb_mem_write(scoreboard_t *sb, uint64_t addr, uint64_t data, uint8_t be, int status, char *msg, size_t n)
{
    const sb_interval_t *iv = open_iv(sb);
    GROW(sb->w, sb->n_w, sb->cap_w);
    dut_write_t *w = &sb->w[sb->n_w++];
    *w = (dut_write_t){addr, data, be, (uint8_t)status, NONE};
    if (iv == NULL) {
        say(msg, n, "memory write addr=0x%016" PRIx64 " data=0x%016" PRIx64 " before the program started", addr, data);
        return -1;
    }
    for (size_t r = iv->rec_first; r < iv->rec_end; r++)
        if (be == 0xff && sb->rec[r].slot == (addr & ~31ull)) return fq_write(sb, iv, addr, data, status, msg, n);
    for (size_t e = iv->ev_first; e < iv->ev_end; e++) {
        const sb_event_t *x = &sb->ev[e];
        if (x->kind != EV_WRITE || x->fq || sb->matched[e] || x->addr != addr || x->data != data || x->be != be)
            continue;
        if (x->status != status) {
            say(msg, n, "memory write addr=0x%016" PRIx64 ": status %s, the arch layer's write there got %s", addr,
                status_text(status), status_text(x->status));
            return -1;
        }
        sb->matched[e] = true;
        w->cmd = x->cmd;
        return 0;
    }
    say(msg, n, "memory write addr=0x%016" PRIx64 " data=0x%016" PRIx64 " be=0x%02x is not one the arch layer makes "
                "in this interval", addr, data, be);
    bool any = false;
    for (size_t e = iv->ev_first; e < iv->ev_end; e++) {
        const sb_event_t *x = &sb->ev[e];
        if (x->kind != EV_WRITE || sb->matched[e]) continue;
        if (!any) say_more(msg, n, "; it makes:");
        any = true;
        say_more(msg, n, "\n    addr=0x%016" PRIx64 " data=0x%016" PRIx64 "%s", x->addr, x->data,
                 x->fq ? " (fault record)" : "");
    }
    if (!any) say_more(msg, n, " (it makes no write here)");
    return -1;
}

int sb_mem_cas(scoreboard_t *sb, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t old, int status, char *msg,
               size_t n)
{
    const sb_interval_t *iv = open_iv(sb);
    const sb_event_t *x = NULL;
    for (size_t e = iv ? iv->ev_first : 0; iv && e < iv->ev_end; e++)
        if (sb->ev[e].kind == EV_CAS && sb->ev[e].addr == addr) x = &sb->ev[e];
    if (x == NULL) {
        say(msg, n, "A/D update (compare-and-swap) at 0x%016" PRIx64 " cmp=0x%016" PRIx64 " data=0x%016" PRIx64
                    ", which the arch layer does not make in this interval", addr, cmp, data);
        return -1;
    }
    if (status != x->status) {
        say(msg, n, "A/D update at 0x%016" PRIx64 ": status %s, the arch layer's got %s", addr, status_text(status),
            status_text(x->status));
        return -1;
    }
    /* A compare that failed stored nothing (software changed the PTE after the walk read it, `mem ... cas`, or
     * a DUT with two walks in flight set the bits first): the engine reads the PTE again, and the memory the
     * interval leaves is compared at its close. */
    if (status == 0 && old != cmp) return 0;
    if (status == 0 && ((data & ~x->final) != 0 || (cmp & ~data) != 0)) {
        say(msg, n, "A/D update at 0x%016" PRIx64 " cmp=0x%016" PRIx64 " data=0x%016" PRIx64 ": the arch layer leaves "
                    "0x%016" PRIx64 " there (an update may only set bits it sets)", addr, cmp, data, x->final);
        return -1;
    }
    return 0;
}

int sb_irq(scoreboard_t *sb, uint16_t wsi, char *msg, size_t n)
{
    const sb_interval_t *iv = open_iv(sb);
    uint16_t changed = (uint16_t)(wsi ^ sb->wsi);
    sb->wsi = wsi;
    for (unsigned v = 0; v < 16; v++) {
        if (!((changed >> v) & 1)) continue;
        if (sb_timed_wire(sb, v)) continue;
        unsigned k = sb->irq_changes[v]++;
        int level = -1;
        unsigned want = iv ? arch_irq_changes(sb, iv, v, k, &level) : 0;
        if (k >= want) {
            say(msg, n, "interrupt wire %u changed to %u, but the arch layer changes it %u time(s) in this interval "
                        "(this is change %u)", v, (wsi >> v) & 1, want, k + 1);
            return -1;
        }
        if (level != (int)((wsi >> v) & 1)) {
            say(msg, n, "interrupt wire %u changed to %u, the arch layer's change %u goes to %d", v, (wsi >> v) & 1,
                k + 1, level);
            return -1;
        }
    }
    return 0;
}

int sb_command_done(scoreboard_t *sb, size_t idx, uint64_t value, char *msg, size_t n)
{
    const stim_cmd_t *c = &sb->prog->cmds[idx];
    sb_cmd_t *s = &sb->cmds[idx];
    s->done = true;
    s->dut_value = value;
    if (c->kind == STIM_WRITE && c->reg_offset == REG_ICVEC) { /* pmiv is bits 11:8, in the low half */
        sb->dut_pmiv_before = sb->dut_pmiv;
        sb->dut_pmiv = (uint8_t)icvec_pmiv(c->data);
    }
    char d[256];
    describe_cmd(sb, idx, d, sizeof d);
    if (s->arch_stopped) {
        say(msg, n, "%s: the poll matched with value 0x%016" PRIx64 ", but on the arch layer it never matches "
                    "(last value 0x%016" PRIx64 ")", d, value, s->value);
        return -1;
    }
    uint64_t mask = sb_timed_mask(sb, c->reg_offset);
    if ((c->kind == STIM_READ || c->kind == STIM_POLL) && (value & mask) != (s->value & mask)) {
        say(msg, n, "register value at %s: expected 0x%016" PRIx64 " (arch) actual 0x%016" PRIx64 " (dut)", d, s->value,
            value);
        return -1;
    }
    return 0;
}

int sb_msg(scoreboard_t *sb, const iommu_outputs_t *o, char *msg, size_t n)
{
    const sb_interval_t *iv = open_iv(sb);
    const sb_event_t *x = NULL;
    size_t e = iv ? iv->ev_first : 0;
    for (; iv && e < iv->ev_end; e++)
        if (sb->ev[e].kind == EV_MSG && !sb->matched[e]) {
            x = &sb->ev[e];
            break;
        }
    char a[200];
    snprintf(a, sizeof a, "did=%u type=%s itag=%u payload=0x%016" PRIx64 " pv=%u pid=%u", o->msg_did,
             o->msg_prgr ? "prgr" : "inval", o->msg_itag, o->msg_payload, o->msg_pv, o->msg_pid);
    if (x == NULL) {
        say(msg, n, "message %s, but the arch layer sends no (further) message in this interval", a);
        return -1;
    }
    bool same = !!o->msg_prgr == x->prgr && o->msg_did == x->did && o->msg_payload == x->data &&
                !!o->msg_pv == x->pv && o->msg_pid == (x->pv ? x->pid : 0) && o->msg_itag == (x->prgr ? 0 : x->itag);
    if (!same) {
        say(msg, n, "message %s (dut), the arch layer's next message is did=%u type=%s itag=%u payload=0x%016" PRIx64
                    " pv=%u pid=%u", a, x->did, x->prgr ? "prgr" : "inval", x->itag, x->data, x->pv, x->pid);
        return -1;
    }
    sb->matched[e] = true;
    return 0;
}

uint64_t sb_records_moved(const scoreboard_t *sb) { return sb->records_moved; }
