// The DUT adapter of the example "user RTL" iommu_other_top (examples/other_rtl/iommu_other_top.sv):
// implements dut_new() of tb/dut_if.h by mapping the bench's canonical ports (iommu_inputs_t /
// iommu_outputs_t, one in-order memory port, a 64-bit register slave) onto that RTL's own ports every
// cycle. docs/porting.md walks through it.
//
// What is mapped, and how:
//   - Translation request: the canonical valid/ready is taken into a one-entry buffer, which drives the
//     RTL's read or write request channel (by transaction type) with its valid/ack handshake.
//   - Translation response: passed through (resp SLVERR = fault).
//   - Memory: the RTL's AR and AW+W channels are merged into the canonical request port; the ID of every
//     request the bench accepts is remembered in order, and the bench's in-order response goes back on R
//     (reads) or B (writes) with that ID echoed, in the same cycle.
//   - Registers: a canonical access becomes one 32-bit APB transfer, or two for an 8-byte access (high
//     half first, then low: spec "Memory-mapped register interface" allows an 8-byte access to appear as
//     two 4-byte ones in that order).
//   - Wired interrupts: passed through. The observation port does not exist on this RTL: it reads 0, so
//     only a transaction-level check applies (docs/porting.md, "Which check applies").
//
// Every output the adapter computes depends only on its own state and the RTL's outputs after the last
// rising edge (the Moore contract of dut_if.h), so outputs() has no side effects. Every wait on the RTL
// is bounded: when no channel has moved for kStallLimit cycles, the one the adapter waits on is reported
// through assertion().
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>

extern "C" {
#include "dut_if.h"
}

#include "Viommu_other_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"

namespace {

// Each cycle spans 10 time units: inputs and clock low at 10c, rising edge at 10c+5.
const uint64_t kHalfCycle = 5;
// Cycles without any handshake on any channel that the adapter waits before it reports the channel it is
// waiting on. Above the bench's longest memory latency (--mem-latency 1000), below its idle limit (20000).
const uint64_t kStallLimit = 10000;
const uint8_t kRespOkay = 0, kRespSlverr = 2;
const uint8_t kAtUntranslated = 0, kAtTranslationRequest = 1, kAtTranslated = 2;
const uint8_t kProtPrivileged = 1, kProtInstruction = 4;

struct MemId {
    bool write;
    uint8_t id;
};

enum RegPhase { kRegIdle, kRegSetup, kRegAccess, kRegRespond };

struct OtherDut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Viommu_other_top> top;
    std::unique_ptr<VerilatedFstC> trace;
    // translation request buffer
    bool req_full = false;
    iommu_inputs_t req{};
    // cycles since the last handshake on any channel
    uint64_t idle = 0;
    // memory: IDs of the requests the bench accepted, oldest first
    std::deque<MemId> mem_ids;
    // register access in progress: one or two APB transfers
    RegPhase reg_phase = kRegIdle;
    bool reg_write = false;
    unsigned reg_transfers = 0, reg_done = 0;
    uint16_t reg_addr[2] = {0, 0};
    uint32_t reg_wdata[2] = {0, 0};
    uint64_t reg_rdata = 0;
    // first stall or protocol error, until assertion() hands it out
    char error[256] = "";
    bool error_reported = false;
};

void note_error(OtherDut *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void note_error(OtherDut *d, const char *fmt, ...)
{
    if (d->error[0] != '\0') return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->error, sizeof d->error, fmt, ap);
    va_end(ap);
}

bool is_write_ttyp(uint8_t t)
{
    return t == IOMMU_TTYP_UNTRANSLATED_WRITE || t == IOMMU_TTYP_TRANSLATED_WRITE;
}

// PCIe AT and AXI AxPROT of a canonical transaction type.
void channel_fields(uint8_t ttyp, uint8_t priv, uint8_t *at, uint8_t *prot)
{
    bool translated = ttyp == IOMMU_TTYP_TRANSLATED_EXEC || ttyp == IOMMU_TTYP_TRANSLATED_READ ||
                      ttyp == IOMMU_TTYP_TRANSLATED_WRITE;
    bool exec = ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC || ttyp == IOMMU_TTYP_TRANSLATED_EXEC;
    *at = ttyp == IOMMU_TTYP_ATS_TRANSLATION ? kAtTranslationRequest : translated ? kAtTranslated : kAtUntranslated;
    *prot = (uint8_t)((priv ? kProtPrivileged : 0) | (exec ? kProtInstruction : 0));
}

void outputs(void *self, iommu_outputs_t *o)
{
    const OtherDut *d = static_cast<const OtherDut *>(self);
    const Viommu_other_top *t = d->top.get();
    std::memset(o, 0, sizeof *o);
    o->req_ready = !d->req_full;
    o->rsp_valid = t->tr_rsp_valid_o;
    o->rsp_tag = t->tr_rsp_id_o;
    o->rsp_fault = t->tr_rsp_resp_o != kRespOkay;
    o->rsp_cause = t->tr_rsp_cause_o;
    o->rsp_pa = t->tr_rsp_addr_o;
    // Read channel first; a write needs its address and its data both offered.
    if (t->mar_valid_o) {
        o->mem_req_valid = 1;
        o->mem_req_op = IOMMU_MEM_READ;
        o->mem_req_addr = t->mar_addr_o;
        o->mem_req_be = 0xff;
    } else if (t->maw_valid_o && t->mw_valid_o) {
        o->mem_req_valid = 1;
        o->mem_req_op = IOMMU_MEM_WRITE;
        o->mem_req_addr = t->maw_addr_o;
        o->mem_req_wdata = t->mw_data_o;
        o->mem_req_be = t->mw_strb_o;
    }
    // The next response goes to the channel of the oldest accepted request; it is taken in the cycle
    // the bench offers it exactly when that channel is ready.
    if (d->mem_ids.empty()) o->mem_rsp_ready = 1;
    else o->mem_rsp_ready = d->mem_ids.front().write ? t->mb_ready_o : t->mr_ready_o;
    o->reg_req_ready = d->reg_phase == kRegIdle;
    o->reg_rsp_valid = d->reg_phase == kRegRespond;
    o->reg_rsp_rdata = d->reg_phase == kRegRespond && !d->reg_write ? d->reg_rdata : 0;
    o->wsi = t->irq_o;
}

void reset_state(OtherDut *d)
{
    d->req_full = false;
    d->idle = 0;
    d->mem_ids.clear();
    d->reg_phase = kRegIdle;
}

void drive_request(OtherDut *d, Viommu_other_top *t)
{
    t->tr_ar_valid_i = 0;
    t->tr_aw_valid_i = 0;
    if (!d->req_full) return;
    const iommu_inputs_t *r = &d->req;
    uint8_t at, prot;
    channel_fields(r->req_ttyp, r->req_priv, &at, &prot);
    // user = {pv, process_id, device_id}
    uint64_t user = ((uint64_t)(r->req_pv & 1) << 44) | ((uint64_t)(r->req_pid & 0xfffff) << 24) |
                    (r->req_did & 0xffffff);
    if (is_write_ttyp(r->req_ttyp)) {
        t->tr_aw_valid_i = 1;
        t->tr_aw_id_i = r->req_tag;
        t->tr_aw_addr_i = r->req_iova;
        t->tr_aw_prot_i = prot;
        t->tr_aw_at_i = at;
        t->tr_aw_user_i = user;
    } else {
        t->tr_ar_valid_i = 1;
        t->tr_ar_id_i = r->req_tag;
        t->tr_ar_addr_i = r->req_iova;
        t->tr_ar_prot_i = prot;
        t->tr_ar_at_i = at;
        t->tr_ar_user_i = user;
    }
    if (d->idle > kStallLimit)
        note_error(d, "adapter: translation request channel %s: tag %u waited %" PRIu64
                      " cycles without a handshake anywhere, iommu_other_top never acknowledged it (tr_%s_ack_o)",
                   is_write_ttyp(r->req_ttyp) ? "AW" : "AR", r->req_tag, d->idle,
                   is_write_ttyp(r->req_ttyp) ? "aw" : "ar");
}

void drive_memory(OtherDut *d, Viommu_other_top *t, const iommu_outputs_t *o, const iommu_inputs_t *in)
{
    t->mar_ready_i = 0;
    t->maw_ready_i = 0;
    t->mw_ready_i = 0;
    if (o->mem_req_valid && in->mem_req_ready) {
        d->idle = 0;
        if (o->mem_req_op == IOMMU_MEM_READ) {
            t->mar_ready_i = 1;
            d->mem_ids.push_back(MemId{false, t->mar_id_o});
        } else {
            t->maw_ready_i = 1;
            t->mw_ready_i = 1;
            d->mem_ids.push_back(MemId{true, t->maw_id_o});
        }
    }
    t->mr_valid_i = 0;
    t->mb_valid_i = 0;
    if (!in->mem_rsp_valid) return;
    if (d->mem_ids.empty()) {
        note_error(d, "adapter: the bench answered a memory request that iommu_other_top never made");
        return;
    }
    if (!o->mem_rsp_ready) {
        const MemId &m = d->mem_ids.front();
        if (d->idle > kStallLimit)
            note_error(d, "adapter: memory %s channel: the response to ID %u waited %" PRIu64
                          " cycles, iommu_other_top held %s low", m.write ? "B" : "R", m.id, d->idle,
                       m.write ? "mb_ready_o" : "mr_ready_o");
        return;
    }
    d->idle = 0;
    MemId m = d->mem_ids.front();
    d->mem_ids.pop_front();
    uint8_t resp = in->mem_rsp_err != IOMMU_MEM_OK ? kRespSlverr : kRespOkay;
    if (m.write) {
        // B has no poison: a write's data corruption is an error like any other.
        t->mb_valid_i = 1;
        t->mb_id_i = m.id;
        t->mb_resp_i = resp;
    } else {
        t->mr_valid_i = 1;
        t->mr_id_i = m.id;
        t->mr_data_i = in->mem_rsp_rdata;
        t->mr_resp_i = in->mem_rsp_err == IOMMU_MEM_ACCESS_FAULT ? kRespSlverr : kRespOkay;
        t->mr_poison_i = in->mem_rsp_err == IOMMU_MEM_DATA_CORRUPTION;
    }
}

// APB master: setup phase, then access phases until pready; one or two transfers per canonical access.
void drive_registers(OtherDut *d, Viommu_other_top *t, const iommu_inputs_t *in)
{
    t->psel_i = 0;
    t->penable_i = 0;
    t->pwrite_i = 0;
    t->paddr_i = 0;
    t->pwdata_i = 0;
    switch (d->reg_phase) {
    case kRegIdle:
        if (!in->reg_req_valid) return;
        d->reg_write = in->reg_req_write;
        d->reg_rdata = 0;
        d->reg_done = 0;
        if (in->reg_req_size8) {
            d->reg_transfers = 2;
            d->reg_addr[0] = (uint16_t)(in->reg_req_addr + 4);
            d->reg_wdata[0] = (uint32_t)(in->reg_req_wdata >> 32);
            d->reg_addr[1] = in->reg_req_addr;
            d->reg_wdata[1] = (uint32_t)in->reg_req_wdata;
        } else {
            d->reg_transfers = 1;
            d->reg_addr[0] = in->reg_req_addr;
            d->reg_wdata[0] = (uint32_t)in->reg_req_wdata;
        }
        d->reg_phase = kRegSetup;
        break;
    case kRegRespond:
        if (in->reg_rsp_ready) d->reg_phase = kRegIdle, d->idle = 0;
        return;
    default:
        break;
    }
    t->psel_i = 1;
    t->pwrite_i = d->reg_write;
    t->paddr_i = d->reg_addr[d->reg_done];
    t->pwdata_i = d->reg_write ? d->reg_wdata[d->reg_done] : 0;
    if (d->reg_phase == kRegSetup) {
        d->reg_phase = kRegAccess;
        return;
    }
    t->penable_i = 1;
    if (!t->pready_o) {
        if (d->idle > kStallLimit)
            note_error(d, "adapter: register bus (APB): pready_o low for %" PRIu64 " cycles on the access to "
                          "offset 0x%03x", d->idle, d->reg_addr[d->reg_done]);
        return;
    }
    // The transfer completes at this edge. The high half is transferred first.
    if (!d->reg_write) {
        bool high = d->reg_transfers == 2 && d->reg_done == 0;
        d->reg_rdata |= high ? (uint64_t)t->prdata_o << 32 : (uint64_t)t->prdata_o;
    }
    d->idle = 0;
    d->reg_done++;
    d->reg_phase = d->reg_done == d->reg_transfers ? kRegRespond : kRegSetup;
}

void clock(void *self, const iommu_inputs_t *in)
{
    OtherDut *d = static_cast<OtherDut *>(self);
    Viommu_other_top *t = d->top.get();
    iommu_outputs_t o;
    outputs(self, &o);
    t->rst_ni = in->rst_n;
    if (!in->rst_n) {
        reset_state(d);
        t->tr_ar_valid_i = t->tr_aw_valid_i = 0;
        t->mar_ready_i = t->maw_ready_i = t->mw_ready_i = 0;
        t->mr_valid_i = t->mb_valid_i = 0;
        t->psel_i = t->penable_i = 0;
        t->tr_rsp_ready_i = 0;
    } else {
        d->idle++;
        if (o.req_ready && in->req_valid) {
            d->req = *in;
            d->req_full = true;
            d->idle = 0;
        }
        if (o.rsp_valid && in->rsp_ready) d->idle = 0;
        // When everything stands still, the first stall noted names the channel that blocks the others:
        // a memory response the RTL does not take stops its engine, which then takes no request.
        drive_memory(d, t, &o, in);
        drive_registers(d, t, in);
        drive_request(d, t);
        t->tr_rsp_ready_i = in->rsp_ready;
    }
    t->clk_i = 0;
    t->eval();
    if (d->trace) d->trace->dump(d->ctx->time());
    d->ctx->timeInc(kHalfCycle);
    t->clk_i = 1;
    t->eval();
    if (d->trace) d->trace->dump(d->ctx->time());
    d->ctx->timeInc(kHalfCycle);
    // The ack of the request taken at this edge frees the buffer for the next cycle.
    if (in->rst_n && (t->tr_ar_ack_o || t->tr_aw_ack_o)) {
        d->idle = 0;
        if (!d->req_full) note_error(d, "adapter: iommu_other_top acknowledged a request that was not offered");
        d->req_full = false;
    }
}

int trace_open(void *self, const char *path)
{
    OtherDut *d = static_cast<OtherDut *>(self);
    d->trace.reset(new VerilatedFstC);
    d->top->trace(d->trace.get(), 99);
    d->trace->open(path);
    if (!d->trace->isOpen()) {
        d->trace.reset();
        return -1;
    }
    return 0;
}

void trace_close(void *self)
{
    OtherDut *d = static_cast<OtherDut *>(self);
    if (d->trace) {
        d->trace->close();
        d->trace.reset();
    }
}

uint64_t time_now(const void *self) { return static_cast<const OtherDut *>(self)->ctx->time(); }

bool assertion(void *self, char *msg, size_t msg_size)
{
    OtherDut *d = static_cast<OtherDut *>(self);
    if (d->error[0] == '\0' || d->error_reported) return false;
    d->error_reported = true;
    snprintf(msg, msg_size, "%s (examples/other_rtl/adapter.cpp)", d->error);
    return true;
}

void free_dut(void *self)
{
    OtherDut *d = static_cast<OtherDut *>(self);
    trace_close(d);
    d->top->final();
    delete d;
}

const dut_ops_t kOps = {
    "iommu_other_top (examples/other_rtl, through its adapter)",
    outputs,
    clock,
    nullptr, // show_model: the RTL has no inputs for the model's expected values
    trace_open,
    trace_close,
    time_now,
    assertion,
    free_dut,
};

} // namespace

extern "C" int dut_new(const dut_params_t *params, dut_t *dut)
{
    OtherDut *d = new OtherDut();
    d->ctx.reset(new VerilatedContext);
    d->ctx->commandArgs(params->argc, params->argv);
    d->ctx->traceEverOn(true);
    d->top.reset(new Viommu_other_top(d->ctx.get(), "TOP"));
    d->top->clk_i = 0;
    d->top->rst_ni = 0;
    d->top->eval();
    dut->ops = &kOps;
    dut->self = d;
    return 0;
}
