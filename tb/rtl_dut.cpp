// The extern "C" shim over the Verilated iommu_top (inside the bench wrapper iommu_tb_top): copies
// iommu_inputs_t onto its ports, clocks it, and reads iommu_outputs_t back. FST tracing is opened only on
// request; the wrapper's model_* inputs carry the golden model's outputs into the waveform.
#include "rtl_dut.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "dut_if.h"

#include "Viommu_tb_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#if defined(VM_COVERAGE) && VM_COVERAGE
#include "verilated_cov.h"
#endif

#include "rtl_dut_ports.h"

// The configuration file the Verilated RTL was built from (docs/microarch.md section 3.1): every build of the
// shim names it (Makefile VERILATED, tools/mutants.py), so that a bench can never pair an RTL with another
// configuration's model by accident.
#ifndef RTL_DUT_CONFIG_PATH
#error "RTL_DUT_CONFIG_PATH is not defined: build the shim with -DRTL_DUT_CONFIG_PATH=\"/path/to/config.cfg\" (Makefile)"
#endif

const char *rtl_dut_config_path(void)
{
    return RTL_DUT_CONFIG_PATH;
}

struct rtl_dut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Viommu_tb_top> top;
    std::unique_ptr<VerilatedFstC> trace;
    std::string trace_path;
    iommu_outputs_t model_next;  // what rtl_dut_show_model gave, applied at the next rising edge
    bool has_model_next;
    bool assert_pending;          // an RTL assertion failed since the last rtl_dut_assertion()
    char assert_msg[256];
    std::string coverage_path;    // --coverage builds only (make coverage): where rtl_dut_free writes it
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
#if defined(VM_COVERAGE) && VM_COVERAGE
    if (!dut->coverage_path.empty()) dut->ctx->coveragep()->write(dut->coverage_path.c_str());
#endif
    delete dut;
}

extern "C" void rtl_dut_outputs(rtl_dut_t *dut, iommu_outputs_t *o)
{
    rtl_ports_read(dut->top.get(), o);
}

extern "C" void rtl_dut_clock(rtl_dut_t *dut, const iommu_inputs_t *in)
{
    Viommu_tb_top *t = dut->top.get();
    rtl_ports_write(t, in);
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
    rtl_ports_show_model(t, m);
}

// The FST writer stamps the wall-clock date into the file's header block; the same seed must give the same
// file, byte for byte, so the date field is overwritten with a fixed text once the file is closed. Layout of
// the header block (fstapi.c): block type 0 at offset 0, the writer's name at 74 (128 bytes), the date at
// 202 (119 bytes). The file is left alone if it does not look like that.
static void fst_clear_date(const std::string &path)
{
    const long kWriterOffset = 74, kDateOffset = 202, kDateSize = 119;
    FILE *f = std::fopen(path.c_str(), "r+b");
    if (!f) return;
    unsigned char head[kDateOffset + kDateSize];
    if (std::fread(head, 1, sizeof head, f) == sizeof head && head[0] == 0 &&
        std::memcmp(head + kWriterOffset, "fstWriter", 9) == 0) {
        char date[kDateSize] = "(date not recorded: reproducible output)";
        std::fseek(f, kDateOffset, SEEK_SET);
        std::fwrite(date, 1, sizeof date, f);
    }
    std::fclose(f);
}

extern "C" int rtl_dut_trace_open(rtl_dut_t *dut, const char *path)
{
    dut->trace_path = path;
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
        fst_clear_date(dut->trace_path);
        dut->trace.reset();
    }
}

extern "C" uint64_t rtl_dut_time(const rtl_dut_t *dut) { return dut->ctx->time(); }

// ---- the DUT interface (tb/dut_if.h): our Verilated RTL is the implementation this binary links ----

static void ops_outputs(void *self, iommu_outputs_t *o) { rtl_dut_outputs(static_cast<rtl_dut_t *>(self), o); }
static void ops_clock(void *self, const iommu_inputs_t *in) { rtl_dut_clock(static_cast<rtl_dut_t *>(self), in); }
static void ops_show_model(void *self, const iommu_outputs_t *m)
{
    rtl_dut_show_model(static_cast<rtl_dut_t *>(self), m);
}
static int ops_trace_open(void *self, const char *path)
{
    return rtl_dut_trace_open(static_cast<rtl_dut_t *>(self), path);
}
static void ops_trace_close(void *self) { rtl_dut_trace_close(static_cast<rtl_dut_t *>(self)); }
static uint64_t ops_time(const void *self) { return rtl_dut_time(static_cast<const rtl_dut_t *>(self)); }
static void ops_free(void *self) { rtl_dut_free(static_cast<rtl_dut_t *>(self)); }
static bool ops_assertion(void *self, char *msg, size_t n)
{
    return rtl_dut_assertion(static_cast<rtl_dut_t *>(self), msg, n);
}

static const dut_ops_t kRtlOps = {
    "rtl (Verilated iommu_top)", ops_outputs, ops_clock, ops_show_model, ops_trace_open, ops_trace_close,
    ops_time, ops_assertion, ops_free,
};

extern "C" int dut_new(const dut_params_t *params, dut_t *dut)
{
    dut->ops = &kRtlOps;
    rtl_dut_t *rtl = rtl_dut_new(params->argc, params->argv);
    dut->self = rtl;
#if defined(VM_COVERAGE) && VM_COVERAGE
    // Code coverage (make coverage): each DUT has its own VerilatedContext and so its own counters, written
    // when it is freed to +coverage_file=PATH with "{seed}" replaced by the seed, one file per seed; the
    // files are merged afterwards by verilator_coverage.
    std::string arg = rtl->ctx->commandArgsPlusMatch("coverage_file=");
    if (!arg.empty()) {
        std::string path = arg.substr(std::strlen("+coverage_file="));
        size_t at = path.find("{seed}");
        if (at != std::string::npos) path.replace(at, 6, std::to_string(params->seed));
        rtl->coverage_path = path;
    }
#endif
    return 0;
}
