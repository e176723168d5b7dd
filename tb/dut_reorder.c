/* The reordering wrapper (see dut_reorder.h). Its outputs, like every DUT's, depend only on its state and
 * the inner DUT's outputs of this cycle (both fixed at the last edge), so it keeps the interface contract:
 * outputs() before the inputs are known, clock() with them. */
#include "dut_reorder.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

enum {
    REORDER_QUEUE = 8,     /* requests accepted ahead of the inner DUT */
    REORDER_RESPONSES = 8, /* finished responses held back */
    RESPONSE_HOLD_MAX = 40, /* a finished response waits 0..this many cycles before it may be released */
    MEM_QUEUE_DEPTH = 16,   /* memory responses in the delay line */
    MEM_EXTRA_MAX = 12,     /* extra cycles added to each memory response */
};

typedef struct {
    uint32_t did, pid;
    uint8_t pv, priv, ttyp;
    uint64_t iova;
    uint16_t tag;
} request_t;

typedef struct {
    uint16_t tag;
    uint8_t fault, mrif;
    uint16_t cause;
    uint64_t pa, mrif_addr, notice_addr;
    uint32_t notice_data;
    uint8_t pbmt;
    /* an ATS completion (version 11, docs/microarch.md 5.9): rsp_ats_o and its fields */
    uint8_t ats, ats_status, ats_r, ats_w, ats_u, ats_g, ats_priv, ats_size;
    uint64_t eligible; /* first cycle it may be released */
} response_t;

typedef struct {
    uint64_t rdata, due;
    uint8_t err;
} mem_rsp_t;

typedef struct {
    dut_ops_t ops; /* per instance: the name says what is wrapped */
    char name[160];
    dut_t inner;
    rng_t rng;
    uint64_t cycle;
    bool in_reset;
    request_t req[REORDER_QUEUE];
    unsigned req_count;
    int feeding;    /* index into req of the request presented to the inner DUT, -1 for none */
    response_t rsp[REORDER_RESPONSES];
    unsigned rsp_count;
    int presenting; /* index into rsp of the response on the outer port, -1 for none */
    mem_rsp_t mem[MEM_QUEUE_DEPTH];
    unsigned mem_head, mem_count;
} reorder_t;

/* The outer outputs from the state and the inner DUT's outputs io. */
static void present(const reorder_t *r, const iommu_outputs_t *io, iommu_outputs_t *out)
{
    *out = *io;
    if (r->in_reset) return; /* the inner DUT's reset values */
    out->req_ready = r->req_count < REORDER_QUEUE;
    out->mem_rsp_ready = r->mem_count < MEM_QUEUE_DEPTH;
    out->rsp_valid = 0;
    out->rsp_tag = 0;
    out->rsp_fault = 0;
    out->rsp_cause = 0;
    out->rsp_pa = 0;
    out->rsp_mrif = 0;
    out->rsp_mrif_addr = 0;
    out->rsp_notice_addr = 0;
    out->rsp_notice_data = 0;
    out->rsp_pbmt = 0;
    out->rsp_ats = out->rsp_ats_status = out->rsp_ats_r = out->rsp_ats_w = out->rsp_ats_u = out->rsp_ats_g = 0;
    out->rsp_ats_priv = out->rsp_ats_size = 0;
    if (r->presenting >= 0) {
        const response_t *p = &r->rsp[r->presenting];
        out->rsp_valid = 1;
        out->rsp_tag = p->tag;
        out->rsp_fault = p->fault;
        out->rsp_cause = p->cause;
        out->rsp_pa = p->pa;
        out->rsp_mrif = p->mrif;
        out->rsp_mrif_addr = p->mrif_addr;
        out->rsp_notice_addr = p->notice_addr;
        out->rsp_notice_data = p->notice_data;
        out->rsp_pbmt = p->pbmt;
        out->rsp_ats = p->ats;
        out->rsp_ats_status = p->ats_status;
        out->rsp_ats_r = p->ats_r;
        out->rsp_ats_w = p->ats_w;
        out->rsp_ats_u = p->ats_u;
        out->rsp_ats_g = p->ats_g;
        out->rsp_ats_priv = p->ats_priv;
        out->rsp_ats_size = p->ats_size;
    }
}

static void reorder_outputs(void *self, iommu_outputs_t *out)
{
    reorder_t *r = self;
    iommu_outputs_t io;
    memset(&io, 0, sizeof io);
    r->inner.ops->outputs(r->inner.self, &io);
    present(r, &io, out);
}

static void reset_state(reorder_t *r)
{
    r->in_reset = true;
    r->req_count = 0;
    r->feeding = -1;
    r->rsp_count = 0;
    r->presenting = -1;
    r->mem_head = r->mem_count = 0;
}

static void reorder_clock(void *self, const iommu_inputs_t *in)
{
    reorder_t *r = self;
    iommu_outputs_t io, out;
    memset(&io, 0, sizeof io);
    r->inner.ops->outputs(r->inner.self, &io);
    present(r, &io, &out);
    iommu_inputs_t ii;
    memset(&ii, 0, sizeof ii);
    ii.rst_n = in->rst_n;
    if (!in->rst_n) {
        reset_state(r);
        r->inner.ops->clock(r->inner.self, &ii);
        r->cycle++;
        return;
    }
    r->in_reset = false;

    /* The inner DUT's inputs, from the state before this edge. */
    if (r->feeding >= 0) {
        const request_t *q = &r->req[r->feeding];
        ii.req_valid = 1;
        ii.req_did = q->did;
        ii.req_pv = q->pv;
        ii.req_pid = q->pid;
        ii.req_priv = q->priv;
        ii.req_ttyp = q->ttyp;
        ii.req_iova = q->iova;
        ii.req_tag = q->tag;
    }
    ii.rsp_ready = r->rsp_count < REORDER_RESPONSES;
    ii.mem_req_ready = in->mem_req_ready;
    if (r->mem_count > 0 && r->mem[r->mem_head].due <= r->cycle) {
        ii.mem_rsp_valid = 1;
        ii.mem_rsp_rdata = r->mem[r->mem_head].rdata;
        ii.mem_rsp_err = r->mem[r->mem_head].err;
    }
    ii.reg_req_valid = in->reg_req_valid;
    ii.reg_req_write = in->reg_req_write;
    ii.reg_req_addr = in->reg_req_addr;
    ii.reg_req_size8 = in->reg_req_size8;
    ii.reg_req_wdata = in->reg_req_wdata;
    ii.reg_rsp_ready = in->reg_rsp_ready;
    /* the PCIe message interfaces (version 11) pass through: only requests and responses are reordered */
    ii.pgr_valid = in->pgr_valid;
    ii.pgr_did = in->pgr_did;
    ii.pgr_pv = in->pgr_pv;
    ii.pgr_pid = in->pgr_pid;
    ii.pgr_priv = in->pgr_priv;
    ii.pgr_exec = in->pgr_exec;
    ii.pgr_r = in->pgr_r;
    ii.pgr_w = in->pgr_w;
    ii.pgr_last = in->pgr_last;
    ii.pgr_prgi = in->pgr_prgi;
    ii.pgr_addr = in->pgr_addr;
    ii.msg_ready = in->msg_ready;
    ii.icpl_valid = in->icpl_valid;
    ii.icpl_did = in->icpl_did;
    ii.icpl_itags = in->icpl_itags;
    ii.ats_timeout = in->ats_timeout;

    /* Handshakes of this edge, inner side. */
    if (ii.req_valid && io.req_ready) {
        r->req[r->feeding] = r->req[--r->req_count];
        r->feeding = -1;
    }
    if (io.rsp_valid && ii.rsp_ready) {
        response_t *p = &r->rsp[r->rsp_count++];
        *p = (response_t){io.rsp_tag, io.rsp_fault, io.rsp_mrif, io.rsp_cause, io.rsp_pa, io.rsp_mrif_addr,
                          io.rsp_notice_addr, io.rsp_notice_data, io.rsp_pbmt, io.rsp_ats, io.rsp_ats_status,
                          io.rsp_ats_r, io.rsp_ats_w, io.rsp_ats_u, io.rsp_ats_g, io.rsp_ats_priv, io.rsp_ats_size,
                          r->cycle + rng_range(&r->rng, 0, RESPONSE_HOLD_MAX)};
    }
    if (ii.mem_rsp_valid && io.mem_rsp_ready) {
        r->mem_head = (r->mem_head + 1) % MEM_QUEUE_DEPTH;
        r->mem_count--;
    }
    /* Outer side. */
    if (in->req_valid && out.req_ready) {
        request_t *q = &r->req[r->req_count++];
        *q = (request_t){in->req_did, in->req_pid, in->req_pv, in->req_priv, in->req_ttyp, in->req_iova,
                         in->req_tag};
    }
    if (out.rsp_valid && in->rsp_ready) {
        r->rsp[r->presenting] = r->rsp[--r->rsp_count];
        r->presenting = -1;
    }
    if (in->mem_rsp_valid && out.mem_rsp_ready) {
        /* in order: never before the response ahead of it */
        uint64_t due = r->cycle + 1 + rng_range(&r->rng, 0, MEM_EXTRA_MAX);
        if (r->mem_count > 0) {
            uint64_t prev = r->mem[(r->mem_head + r->mem_count - 1) % MEM_QUEUE_DEPTH].due;
            if (due < prev) due = prev;
        }
        r->mem[(r->mem_head + r->mem_count++) % MEM_QUEUE_DEPTH] = (mem_rsp_t){in->mem_rsp_rdata, due, in->mem_rsp_err};
    }
    /* The request the inner DUT gets next: a random one of those queued (held until it is taken). */
    if (r->feeding < 0 && r->req_count > 0) r->feeding = (int)rng_below(&r->rng, r->req_count);
    /* The response presented from the next cycle on: a random one of those whose hold time is over. */
    if (r->presenting < 0 && r->rsp_count > 0) {
        unsigned eligible = 0;
        for (unsigned i = 0; i < r->rsp_count; i++) eligible += r->rsp[i].eligible <= r->cycle;
        if (eligible > 0) {
            unsigned pick = (unsigned)rng_below(&r->rng, eligible);
            for (unsigned i = 0; i < r->rsp_count; i++) {
                if (r->rsp[i].eligible > r->cycle) continue;
                if (pick-- == 0) {
                    r->presenting = (int)i;
                    break;
                }
            }
        }
    }
    r->inner.ops->clock(r->inner.self, &ii);
    r->cycle++;
}

static void reorder_show_model(void *self, const iommu_outputs_t *m)
{
    reorder_t *r = self;
    if (r->inner.ops->show_model) r->inner.ops->show_model(r->inner.self, m);
}

static int reorder_trace_open(void *self, const char *path)
{
    reorder_t *r = self;
    return r->inner.ops->trace_open ? r->inner.ops->trace_open(r->inner.self, path) : -1;
}

static void reorder_trace_close(void *self)
{
    reorder_t *r = self;
    if (r->inner.ops->trace_close) r->inner.ops->trace_close(r->inner.self);
}

static uint64_t reorder_time(const void *self)
{
    const reorder_t *r = self;
    return r->inner.ops->time ? r->inner.ops->time(r->inner.self) : 0;
}

static bool reorder_assertion(void *self, char *msg, size_t msg_size)
{
    reorder_t *r = self;
    return r->inner.ops->assertion ? r->inner.ops->assertion(r->inner.self, msg, msg_size) : false;
}

static void reorder_free(void *self)
{
    reorder_t *r = self;
    dut_free(&r->inner);
    free(r);
}

int dut_reorder_new(dut_t inner, uint64_t seed, dut_t *out)
{
    reorder_t *r = calloc(1, sizeof *r);
    if (r == NULL) {
        fprintf(stderr, "iommu-lockstep: out of memory for the reordering wrapper\n");
        dut_free(&inner);
        return -1;
    }
    r->inner = inner;
    snprintf(r->name, sizeof r->name, "%s, wrapped by --reorder", inner.ops->name);
    r->ops = (dut_ops_t){
        .name = r->name,
        .outputs = reorder_outputs,
        .clock = reorder_clock,
        .show_model = reorder_show_model,
        .trace_open = reorder_trace_open,
        .trace_close = reorder_trace_close,
        .time = reorder_time,
        .assertion = reorder_assertion,
        .free = reorder_free,
    };
    rng_seed(&r->rng, seed ^ 0x52656f7264657221ull); /* its own stream: the bench's draws do not move */
    reset_state(r);
    out->ops = &r->ops;
    out->self = r;
    return 0;
}
