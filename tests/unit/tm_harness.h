/* The cycle-by-cycle harness of the timing-model unit tests (test_tm_cmd.c, test_tm_msi.c, ...): one iommu_tm
 * driven with a memory that answers every request (reads, writes, compare-and-swaps) one cycle after its
 * handshake (L = 1) and no back-pressure, the outputs of every cycle kept in a history, register accesses and translations that wait
 * (bounded) for their answers, and the command encodings of the spec ("Command-Queue (CQ)"). */
#ifndef TESTS_UNIT_TM_HARNESS_H
#define TESTS_UNIT_TM_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommu_tm.h"
#include "memory.h"
#include "reg_map.h"

static int failures, checks; /* each test program has its own */

#define CHECK_EQ(what, a, b)                                                                                 \
    do {                                                                                                     \
        unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b);                     \
        checks++;                                                                                            \
        if (va_ != vb_) {                                                                                    \
            printf("FAIL %s (line %d): %s = 0x%llx, expected 0x%llx\n", what, __LINE__, #a, va_, vb_);       \
            failures++;                                                                                      \
        }                                                                                                    \
    } while (0)

enum { HIST = 4096 };

typedef struct {
    iommu_tm_t *tm;
    sim_memory_t *mem;
    unsigned cycle;
    iommu_outputs_t *hist; /* outputs of every cycle */
    /* the memory response due in the next cycle */
    unsigned lat;   /* L: a memory request handshaken at edge N is answered in cycle N + L (h_init: 1) */
    unsigned stall; /* mem_req_ready is 0 for this many cycles of each memory request */
    unsigned stalled;
    /* the memory response in flight (the engine has one outstanding access) */
    bool rsp_pending;
    unsigned rsp_cycle_due;
    uint64_t rsp_data;
    uint8_t rsp_err;
    /* what the memory does to the next compare-and-swap: store plant_val at its address first (software's
     * change between the walk's read and the CAS), or answer it with error cas_err without performing it */
    bool plant;
    uint64_t plant_val;
    uint8_t cas_err;
    unsigned cas_count; /* compare-and-swaps handshaken */
    /* a request and a register access waiting for their handshakes */
    bool req_valid;
    uint32_t req_did;
    uint8_t req_ttyp;
    uint64_t req_iova;
    bool req_pv, req_priv; /* a process_id and the Supervisor privilege (translate_pv; 0 for translate) */
    uint32_t req_pid;
    unsigned req_accept; /* cycle of the request handshake */
    bool reg_valid, reg_write;
    uint16_t reg_addr;
    bool reg_size8;
    uint64_t reg_wdata;
    unsigned reg_accept; /* cycle of the register handshake */
    bool reg_rsp;        /* a register response was taken */
    uint64_t reg_rdata;
    bool rsp;            /* a translation response was taken */
    iommu_outputs_t rsp_out;
    unsigned rsp_cycle;
    /* version 11 (docs/microarch.md 5.9): a page request waiting for pgr_ready_o (its pgr_* inputs in pgr);
     * msg_ready_i is 0 for msg_stall cycles of each message; the messages handshaken (the last one and how
     * many); an Invalidation Completion and the ATS timeout, one-cycle pulses in the next step */
    bool pgr_valid;
    iommu_inputs_t pgr;
    unsigned pgr_accept;
    unsigned msg_stall, msg_stalled;
    unsigned msg_count;
    iommu_outputs_t msg_out;
    unsigned msg_cycle;
    bool icpl;
    uint32_t icpl_did, icpl_itags;
    bool ats_timeout;
} h_t;

static inline void step(h_t *h)
{
    iommu_outputs_t o;
    iommu_tm_outputs(h->tm, &o);
    if (h->cycle < HIST)
        h->hist[h->cycle] = o;
    iommu_inputs_t in;
    memset(&in, 0, sizeof in);
    in.rst_n = 1;
    in.rsp_ready = 1;
    in.reg_rsp_ready = 1;
    if (h->rsp_pending && h->cycle == h->rsp_cycle_due) {
        in.mem_rsp_valid = 1;
        in.mem_rsp_rdata = h->rsp_data;
        in.mem_rsp_err = h->rsp_err;
        h->rsp_pending = false;
    }
    in.mem_req_ready = 1;
    if (o.mem_req_valid) {
        if (h->stalled < h->stall) {
            h->stalled++;
            in.mem_req_ready = 0;
        } else {
            h->stalled = 0;
            h->rsp_pending = true;
            h->rsp_cycle_due = h->cycle + h->lat;
            h->rsp_data = 0;
            if (o.mem_req_op == 0)
                h->rsp_err = (uint8_t)sim_memory_read(h->mem, o.mem_req_addr, 1, &h->rsp_data);
            else if (o.mem_req_op == 2) { /* compare-and-swap: the old value comes back */
                h->cas_count++;
                if (h->plant) {
                    sim_memory_poke(h->mem, o.mem_req_addr, h->plant_val, 0xff);
                    h->plant = false;
                }
                if (h->cas_err) {
                    h->rsp_err = h->cas_err;
                    h->cas_err = 0;
                } else {
                    h->rsp_err = (uint8_t)sim_memory_cas(h->mem, o.mem_req_addr, o.mem_req_cmp, o.mem_req_wdata,
                                                         &h->rsp_data);
                }
            } else
                h->rsp_err = (uint8_t)sim_memory_write(h->mem, o.mem_req_addr, o.mem_req_wdata, o.mem_req_be);
        }
    }
    if (h->req_valid) {
        in.req_valid = 1;
        in.req_did = h->req_did;
        in.req_ttyp = h->req_ttyp;
        in.req_iova = h->req_iova;
        in.req_pv = h->req_pv;
        in.req_pid = h->req_pid;
        in.req_priv = h->req_priv;
        in.req_tag = 7;
        if (o.req_ready) {
            h->req_valid = false;
            h->req_accept = h->cycle;
        }
    }
    if (o.rsp_valid) {
        h->rsp = true;
        h->rsp_out = o;
        h->rsp_cycle = h->cycle;
    }
    if (h->reg_valid) {
        in.reg_req_valid = 1;
        in.reg_req_write = h->reg_write;
        in.reg_req_addr = h->reg_addr;
        in.reg_req_size8 = h->reg_size8;
        in.reg_req_wdata = h->reg_wdata;
        if (o.reg_req_ready) {
            h->reg_valid = false;
            h->reg_accept = h->cycle;
        }
    }
    if (o.reg_rsp_valid) {
        h->reg_rsp = true;
        h->reg_rdata = o.reg_rsp_rdata;
    }
    if (h->pgr_valid) {
        in.pgr_valid = 1;
        in.pgr_did = h->pgr.pgr_did;
        in.pgr_pv = h->pgr.pgr_pv;
        in.pgr_pid = h->pgr.pgr_pid;
        in.pgr_priv = h->pgr.pgr_priv;
        in.pgr_exec = h->pgr.pgr_exec;
        in.pgr_r = h->pgr.pgr_r;
        in.pgr_w = h->pgr.pgr_w;
        in.pgr_last = h->pgr.pgr_last;
        in.pgr_prgi = h->pgr.pgr_prgi;
        in.pgr_addr = h->pgr.pgr_addr;
        if (o.pgr_ready) {
            h->pgr_valid = false;
            h->pgr_accept = h->cycle;
        }
    }
    in.msg_ready = 1;
    if (o.msg_valid) {
        if (h->msg_stalled < h->msg_stall) {
            h->msg_stalled++;
            in.msg_ready = 0;
        } else {
            h->msg_stalled = 0;
            h->msg_count++;
            h->msg_out = o;
            h->msg_cycle = h->cycle;
        }
    }
    if (h->icpl) {
        in.icpl_valid = 1;
        in.icpl_did = h->icpl_did;
        in.icpl_itags = h->icpl_itags;
        h->icpl = false;
    }
    if (h->ats_timeout) {
        in.ats_timeout = 1;
        h->ats_timeout = false;
    }
    iommu_tm_clock(h->tm, &in);
    h->cycle++;
}

static inline uint64_t reg_access(h_t *h, bool write, uint16_t addr, bool size8, uint64_t wdata)
{
    h->reg_valid = true;
    h->reg_write = write;
    h->reg_addr = addr;
    h->reg_size8 = size8;
    h->reg_wdata = wdata;
    h->reg_rsp = false;
    for (unsigned n = 0; n < 100 && !h->reg_rsp; n++)
        step(h);
    CHECK_EQ("register access answered within 100 cycles", h->reg_rsp, 1);
    return h->reg_rdata;
}

static inline void wr(h_t *h, uint16_t addr, bool size8, uint64_t v) { reg_access(h, true, addr, size8, v); }
static inline uint64_t rd(h_t *h, uint16_t addr, bool size8) { return reg_access(h, false, addr, size8, 0); }

static inline void run(h_t *h, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        step(h);
}

/* Translates one request with a process_id (pv = 1: pid, priv) or without (pv = 0); returns the cycle it was
 * accepted (its StLookup is the next cycle). */
static inline unsigned translate_pv(h_t *h, uint32_t did, bool pv, uint32_t pid, bool priv, uint8_t ttyp,
                                    uint64_t iova)
{
    h->req_pv = pv;
    h->req_pid = pid;
    h->req_priv = priv;
    h->req_valid = true;
    h->req_did = did;
    h->req_ttyp = ttyp;
    h->req_iova = iova;
    h->rsp = false;
    for (unsigned n = 0; n < 500 && !h->rsp; n++)
        step(h);
    CHECK_EQ("translation answered within 500 cycles", h->rsp, 1);
    step(h); /* the response handshake's edge */
    return h->req_accept;
}

/* Translates one request without a process_id; returns the cycle it was accepted. */
static inline unsigned translate(h_t *h, uint32_t did, uint8_t ttyp, uint64_t iova)
{
    return translate_pv(h, did, false, 0, false, ttyp, iova);
}

/* Checks the states of the cycles from `from` on against want (terminated by -1). */
static inline void check_states(const h_t *h, const char *what, unsigned from, const int *want)
{
    for (unsigned i = 0; want[i] >= 0; i++) {
        if (h->hist[from + i].obs_state != want[i]) {
            printf("FAIL %s: cycle %u (+%u): state %u, expected %d\n", what, from + i, i, h->hist[from + i].obs_state,
                   want[i]);
            failures++;
            return;
        }
    }
    checks++;
}

/* The first cycle at or after `from` in state s. */
static inline unsigned find_state(const h_t *h, unsigned from, unsigned s)
{
    for (unsigned c = from; c < h->cycle && c < HIST; c++)
        if (h->hist[c].obs_state == s)
            return c;
    printf("FAIL no cycle in state %u from cycle %u\n", s, from);
    failures++;
    return from;
}

/* A harness for the timing model built for cfg whose memory answers L = lat cycles after each request's
 * handshake. */
static inline void h_init_cfg_latency(h_t *h, const iommu_config_t *cfg, unsigned lat)
{
    memset(h, 0, sizeof *h);
    h->lat = lat;
    h->tm = iommu_tm_new(cfg);
    h->mem = sim_memory_new();
    h->hist = calloc(HIST, sizeof *h->hist);
    if (!h->tm || !h->mem || !h->hist) {
        printf("out of memory\n");
        exit(2);
    }
    iommu_inputs_t in;
    memset(&in, 0, sizeof in);
    for (int i = 0; i < 4; i++)
        iommu_tm_clock(h->tm, &in); /* reset */
}

/* The same for config/rtl.cfg (iommu_config_rtl()). */
static inline void h_init_latency(h_t *h, unsigned lat)
{
    iommu_config_t cfg;
    iommu_config_rtl(&cfg);
    h_init_cfg_latency(h, &cfg, lat);
}

static inline void h_init(h_t *h) { h_init_latency(h, 1); }

static inline void h_free(h_t *h)
{
    iommu_tm_free(h->tm);
    sim_memory_free(h->mem);
    free(h->hist);
}

enum {
    I = IOMMU_ST_IDLE, LK = IOMMU_ST_LOOKUP, DR = IOMMU_ST_DC_REQ, DW = IOMMU_ST_DC_WAIT, DC = IOMMU_ST_DC_CHECK,
    PR = IOMMU_ST_PTE_REQ, PW = IOMMU_ST_PTE_WAIT, PC = IOMMU_ST_PTE_CHECK, RS = IOMMU_ST_RESPOND,
    CR = IOMMU_ST_CQ_REQ, CW = IOMMU_ST_CQ_WAIT, CX = IOMMU_ST_CMD_EXEC, FR = IOMMU_ST_FENCE_REQ,
    FW = IOMMU_ST_FENCE_WAIT, FT = IOMMU_ST_FAULT, QR = IOMMU_ST_FQ_REQ, QW = IOMMU_ST_FQ_WAIT,
    MR = IOMMU_ST_MSI_REQ, MW = IOMMU_ST_MSI_WAIT, NR = IOMMU_ST_DDT_REQ, NW = IOMMU_ST_DDT_WAIT,
    NC = IOMMU_ST_DDT_CHECK, AR = IOMMU_ST_AD_REQ, AW = IOMMU_ST_AD_WAIT, PDR = IOMMU_ST_PDT_REQ, PDW = IOMMU_ST_PDT_WAIT, PDC = IOMMU_ST_PDT_CHECK,
    PCR = IOMMU_ST_PC_REQ, PCW = IOMMU_ST_PC_WAIT, PCC = IOMMU_ST_PC_CHECK,
    GR = IOMMU_ST_GPTE_REQ, GW = IOMMU_ST_GPTE_WAIT, GC = IOMMU_ST_GPTE_CHECK, GAR = IOMMU_ST_GAD_REQ,
    GAW = IOMMU_ST_GAD_WAIT, XR = IOMMU_ST_MSIPTE_REQ, XW = IOMMU_ST_MSIPTE_WAIT, XC = IOMMU_ST_MSIPTE_CHECK,
    PGS = IOMMU_ST_PGR_START, QQR = IOMMU_ST_PQ_REQ, QQW = IOMMU_ST_PQ_WAIT, MSG = IOMMU_ST_MSG_REQ,
};

/* Command encodings (spec "Command-Queue (CQ)"). */
static inline void cmd_at(h_t *h, uint64_t cqbase, unsigned slot, uint64_t dw0, uint64_t dw1)
{
    sim_memory_poke(h->mem, cqbase + 16u * slot, dw0, 0xff);
    sim_memory_poke(h->mem, cqbase + 16u * slot + 8, dw1, 0xff);
}
static inline uint64_t iofence(bool av, bool wsi, uint32_t data)
{
    return 2 | (uint64_t)av << 10 | (uint64_t)wsi << 11 | (uint64_t)data << 32;
}
static inline uint64_t iotinval(bool av, bool pscv, uint32_t pscid)
{
    return 1 | (uint64_t)av << 10 | (uint64_t)pscid << 12 | (uint64_t)pscv << 32;
}
static inline uint64_t iodir_ddt(bool dv, uint32_t did) { return 3 | (uint64_t)dv << 33 | (uint64_t)did << 40; }
/* IODIR.INVAL_PDT: func3 1 (bits 9:7), PID bits 31:12. */
static inline uint64_t iodir_pdt(bool dv, uint32_t did, uint32_t pid)
{
    return 3 | 1u << 7 | (uint64_t)pid << 12 | (uint64_t)dv << 33 | (uint64_t)did << 40;
}


#endif
