/* The device-under-test interface: the only way the bench reaches an IOMMU implementation.
 *
 * The bench speaks in terms of the canonical ports of iommu_top (iommu_inputs_t / iommu_outputs_t,
 * generated from data/ into iommu_port.h). An implementation whose ports differ (AXI channels, a 32-bit
 * register bus, separate read and write memory channels, ...) provides an adapter that maps the canonical
 * ports onto its own, cycle by cycle (docs/porting.md). Our Verilated RTL (tb/rtl_dut.cpp) is one
 * implementation; the golden timing model is driven through the same calls in cycle-lockstep mode.
 *
 * Contract, once per clock cycle, in this order:
 *   1. outputs(): the outputs of this cycle. They depend only on state registered at the previous rising
 *      edge (Moore outputs, docs/microarch.md section 1), so the bench may read them before it decides the
 *      inputs of the same cycle.
 *   2. show_model() (optional, only while tracing): the reference model's outputs for the cycle the next
 *      rising edge starts, so that a waveform can show expected beside actual.
 *   3. clock(): applies this cycle's inputs (rst_n included: reset is an input held low for the first
 *      cycles) and the rising edge.
 * trace_open()/trace_close() switch waveform writing on and off at cycle boundaries; time() is the trace
 * time stamp of the start of the current cycle. assertion() reports the first failed RTL assertion (message
 * with file:line) since the last call, or returns false. Every optional member may be NULL. */
#ifndef TB_DUT_IF_H
#define TB_DUT_IF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iommu_port.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dut_ops {
    const char *name; /* for reports, e.g. "rtl (Verilated iommu_top)" */
    void (*outputs)(void *self, iommu_outputs_t *out);
    void (*clock)(void *self, const iommu_inputs_t *in);
    void (*show_model)(void *self, const iommu_outputs_t *model_next);      /* optional */
    int (*trace_open)(void *self, const char *path);                         /* optional; 0 = ok */
    void (*trace_close)(void *self);                                         /* optional */
    uint64_t (*time)(const void *self);                                      /* optional */
    bool (*assertion)(void *self, char *msg, size_t msg_size);               /* optional */
    void (*free)(void *self);
} dut_ops_t;

typedef struct {
    const dut_ops_t *ops;
    void *self;
} dut_t;

/* What every implementation's constructor receives. argv goes to a Verilated model (+verilator+seed+N,
 * +plusargs); seed drives any randomness an adapter or wrapper has of its own. */
typedef struct {
    int argc;
    char **argv;
    uint64_t seed;
} dut_params_t;

/* The implementation linked into this bench binary (one per binary: our RTL in tb/rtl_dut.cpp, a user's
 * adapter elsewhere, e.g. examples/). Returns 0 and fills *dut, or -1 with a message on stderr. */
int dut_new(const dut_params_t *params, dut_t *dut);

#ifdef __cplusplus
}
#endif

static inline void dut_free(dut_t *d)
{
    if (d->ops) d->ops->free(d->self);
    d->ops = NULL;
    d->self = NULL;
}

#endif
