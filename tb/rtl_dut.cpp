// The extern "C" shim over the Verilated iommu_top (inside the bench wrapper iommu_tb_top): copies
// iommu_inputs_t onto its ports, clocks it, and reads iommu_outputs_t back. FST tracing is opened only on
// request; the wrapper's model_* inputs carry the golden model's outputs into the waveform.
#include "rtl_dut.h"

#include <cstdio>
#include <memory>

#include "Viommu_tb_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"

struct rtl_dut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Viommu_tb_top> top;
    std::unique_ptr<VerilatedFstC> trace;
    iommu_outputs_t model_next;  // what rtl_dut_show_model gave, applied at the next rising edge
    bool has_model_next;
    bool assert_pending;          // an RTL assertion failed since the last rtl_dut_assertion()
    char assert_msg[256];
};

// RTL assertions (--assert): Verilator reports a failed `assert ... else $error` through vl_stop() with the
// assertion's file and line. The bench builds the Verilator runtime with VL_USER_STOP (Makefile), so this
// definition replaces the runtime's, which would print them to stdout only. It keeps
// the first failure since the last rtl_dut_assertion() and leaves the run going (fatalOnError(false)), so
// that the bench, not Verilator, ends the run with a failure record. A build without the define keeps
// Verilator's own (which prints "%Error: FILE:LINE: Verilog $stop" to stdout); rtl_dut_assertion() then
// still reports the failure, without its place. Static because Verilator calls it without a user pointer;
// one model per process.
static char g_assert_where[200];
#ifdef VL_USER_STOP
void vl_stop(const char *filename, int linenum, const char *hier)
{
    (void)hier;
    Verilated::threadContextp()->gotError(true);
    if (!g_assert_where[0]) snprintf(g_assert_where, sizeof g_assert_where, "%s:%d", filename, linenum);
}
#endif

// After each eval: a failed assertion becomes pending, with its place if the hook above recorded one.
static void check_assertions(rtl_dut_t *dut)
{
    if (!dut->ctx->gotError()) return;
    if (!dut->assert_pending) {
        dut->assert_pending = true;
        snprintf(dut->assert_msg, sizeof dut->assert_msg, "%s: RTL assertion failed (at trace time %llu)",
                 g_assert_where[0] ? g_assert_where : "(place printed by Verilator above)",
                 (unsigned long long)dut->ctx->time());
    }
    g_assert_where[0] = '\0';
    dut->ctx->gotError(false);
    dut->ctx->gotFinish(false);
}

static void apply_model_outputs(Viommu_tb_top *t, const iommu_outputs_t *m);

// Each cycle spans 10 time units: inputs and clock low at 10c, rising edge at 10c+5.
static const uint64_t kHalfCycle = 5;

extern "C" rtl_dut_t *rtl_dut_new(int argc, char **argv)
{
    rtl_dut_t *dut = new rtl_dut();
    dut->ctx.reset(new VerilatedContext);
    dut->ctx->commandArgs(argc, argv);
    dut->ctx->traceEverOn(true);
    dut->ctx->fatalOnError(false);  // a failed assertion is reported by rtl_dut_assertion(), not abort()
    dut->top.reset(new Viommu_tb_top(dut->ctx.get(), "TOP"));
    dut->top->clk_i = 0;
    dut->top->rst_ni = 0;
    dut->top->eval();
    return dut;
}

extern "C" void rtl_dut_free(rtl_dut_t *dut)
{
    if (!dut) return;
    rtl_dut_trace_close(dut);
    dut->top->final();
    delete dut;
}

extern "C" void rtl_dut_outputs(rtl_dut_t *dut, iommu_outputs_t *o)
{
    const Viommu_tb_top *t = dut->top.get();
    o->req_ready = t->req_ready_o;
    o->rsp_valid = t->rsp_valid_o;
    o->rsp_tag = t->rsp_tag_o;
    o->rsp_fault = t->rsp_fault_o;
    o->rsp_cause = t->rsp_cause_o;
    o->rsp_pa = t->rsp_pa_o;
    o->rsp_mrif = t->rsp_mrif_o;
    o->rsp_mrif_addr = t->rsp_mrif_addr_o;
    o->rsp_notice_addr = t->rsp_notice_addr_o;
    o->rsp_notice_data = t->rsp_notice_data_o;
    o->mem_req_valid = t->mem_req_valid_o;
    o->mem_req_op = t->mem_req_op_o;
    o->mem_req_addr = t->mem_req_addr_o;
    o->mem_req_wdata = t->mem_req_wdata_o;
    o->mem_req_cmp = t->mem_req_cmp_o;
    o->mem_req_be = t->mem_req_be_o;
    o->mem_rsp_ready = t->mem_rsp_ready_o;
    o->reg_req_ready = t->reg_req_ready_o;
    o->reg_rsp_valid = t->reg_rsp_valid_o;
    o->reg_rsp_rdata = t->reg_rsp_rdata_o;
    o->wsi = t->wsi_o;
    o->obs_state = t->obs_state_o;
    o->obs_tlb_lookup = t->obs_tlb_lookup_o;
    o->obs_tlb_hit = t->obs_tlb_hit_o;
    o->obs_tlb_hit_way = t->obs_tlb_hit_way_o;
    o->obs_tlb_fill = t->obs_tlb_fill_o;
    o->obs_tlb_fill_way = t->obs_tlb_fill_way_o;
    o->obs_tlb_evict = t->obs_tlb_evict_o;
    o->obs_walk_level = t->obs_walk_level_o;
}

extern "C" void rtl_dut_clock(rtl_dut_t *dut, const iommu_inputs_t *in)
{
    Viommu_tb_top *t = dut->top.get();
    t->rst_ni = in->rst_n;
    t->req_valid_i = in->req_valid;
    t->req_did_i = in->req_did;
    t->req_pv_i = in->req_pv;
    t->req_pid_i = in->req_pid;
    t->req_priv_i = in->req_priv;
    t->req_ttyp_i = in->req_ttyp;
    t->req_iova_i = in->req_iova;
    t->req_tag_i = in->req_tag;
    t->rsp_ready_i = in->rsp_ready;
    t->mem_req_ready_i = in->mem_req_ready;
    t->mem_rsp_valid_i = in->mem_rsp_valid;
    t->mem_rsp_rdata_i = in->mem_rsp_rdata;
    t->mem_rsp_err_i = in->mem_rsp_err;
    t->reg_req_valid_i = in->reg_req_valid;
    t->reg_req_write_i = in->reg_req_write;
    t->reg_req_addr_i = in->reg_req_addr;
    t->reg_req_size8_i = in->reg_req_size8;
    t->reg_req_wdata_i = in->reg_req_wdata;
    t->reg_rsp_ready_i = in->reg_rsp_ready;
    t->clk_i = 0;
    t->eval();
    if (dut->trace) dut->trace->dump(dut->ctx->time());
    dut->ctx->timeInc(kHalfCycle);
    if (dut->has_model_next) {
        apply_model_outputs(t, &dut->model_next);
        dut->has_model_next = false;
    }
    t->clk_i = 1;
    t->eval();
    check_assertions(dut);
    if (dut->trace) dut->trace->dump(dut->ctx->time());
    dut->ctx->timeInc(kHalfCycle);
}

extern "C" bool rtl_dut_assertion(rtl_dut_t *dut, char *msg, size_t n)
{
    if (!dut->assert_pending) return false;
    if (msg && n) snprintf(msg, n, "%s", dut->assert_msg);
    dut->assert_pending = false;
    return true;
}

extern "C" void rtl_dut_show_model(rtl_dut_t *dut, const iommu_outputs_t *model_next)
{
    dut->model_next = *model_next;
    dut->has_model_next = true;
}

// The model's outputs go onto the wrapper's model_* inputs together with the rising edge, which is when
// the RTL's outputs for the same cycle appear.
static void apply_model_outputs(Viommu_tb_top *t, const iommu_outputs_t *m)
{
    t->model_req_ready_i = m->req_ready;
    t->model_rsp_valid_i = m->rsp_valid;
    t->model_rsp_tag_i = m->rsp_tag;
    t->model_rsp_fault_i = m->rsp_fault;
    t->model_rsp_cause_i = m->rsp_cause;
    t->model_rsp_pa_i = m->rsp_pa;
    t->model_rsp_mrif_i = m->rsp_mrif;
    t->model_rsp_mrif_addr_i = m->rsp_mrif_addr;
    t->model_rsp_notice_addr_i = m->rsp_notice_addr;
    t->model_rsp_notice_data_i = m->rsp_notice_data;
    t->model_mem_req_valid_i = m->mem_req_valid;
    t->model_mem_req_op_i = m->mem_req_op;
    t->model_mem_req_addr_i = m->mem_req_addr;
    t->model_mem_req_wdata_i = m->mem_req_wdata;
    t->model_mem_req_cmp_i = m->mem_req_cmp;
    t->model_mem_req_be_i = m->mem_req_be;
    t->model_mem_rsp_ready_i = m->mem_rsp_ready;
    t->model_reg_req_ready_i = m->reg_req_ready;
    t->model_reg_rsp_valid_i = m->reg_rsp_valid;
    t->model_reg_rsp_rdata_i = m->reg_rsp_rdata;
    t->model_wsi_i = m->wsi;
    t->model_obs_state_i = m->obs_state;
    t->model_obs_tlb_lookup_i = m->obs_tlb_lookup;
    t->model_obs_tlb_hit_i = m->obs_tlb_hit;
    t->model_obs_tlb_hit_way_i = m->obs_tlb_hit_way;
    t->model_obs_tlb_fill_i = m->obs_tlb_fill;
    t->model_obs_tlb_fill_way_i = m->obs_tlb_fill_way;
    t->model_obs_tlb_evict_i = m->obs_tlb_evict;
    t->model_obs_walk_level_i = m->obs_walk_level;
}

extern "C" int rtl_dut_trace_open(rtl_dut_t *dut, const char *path)
{
    dut->trace.reset(new VerilatedFstC);
    dut->top->trace(dut->trace.get(), 99);
    dut->trace->open(path);
    if (!dut->trace->isOpen()) {
        dut->trace.reset();
        return -1;
    }
    return 0;
}

extern "C" void rtl_dut_trace_close(rtl_dut_t *dut)
{
    if (dut->trace) {
        dut->trace->close();
        dut->trace.reset();
    }
}

extern "C" uint64_t rtl_dut_time(const rtl_dut_t *dut) { return dut->ctx->time(); }
