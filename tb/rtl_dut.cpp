// The extern "C" shim over the Verilated iommu_top: copies iommu_inputs_t onto the model's ports,
// clocks it, and reads iommu_outputs_t back. FST tracing is opened only on request.
#include "rtl_dut.h"

#include <memory>

#include "Viommu_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"

struct rtl_dut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Viommu_top> top;
    std::unique_ptr<VerilatedFstC> trace;
};

// Each cycle spans 10 time units: inputs and clock low at 10c, rising edge at 10c+5.
static const uint64_t kHalfCycle = 5;

extern "C" rtl_dut_t *rtl_dut_new(int argc, char **argv)
{
    rtl_dut_t *dut = new rtl_dut;
    dut->ctx.reset(new VerilatedContext);
    dut->ctx->commandArgs(argc, argv);
    dut->ctx->traceEverOn(true);
    dut->top.reset(new Viommu_top(dut->ctx.get(), "TOP"));
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
    const Viommu_top *t = dut->top.get();
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
    Viommu_top *t = dut->top.get();
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
    t->clk_i = 1;
    t->eval();
    if (dut->trace) dut->trace->dump(dut->ctx->time());
    dut->ctx->timeInc(kHalfCycle);
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
