/* Temporary link shim: the rtl_dut_* calls that tb/bench.c still makes, implemented over the DUT
 * interface (tb/dut_if.h), so that the bench links with any dut_new() implementation, here the example
 * adapter. It goes away once tb/bench.c calls dut_if.h itself. An adapter's assertion() message (a stalled
 * channel, a protocol error) is printed once, as the bench does not read it yet. */
#include <stdio.h>
#include <stdlib.h>

#include "dut_if.h"
#include "rtl_dut.h"

struct rtl_dut {
    dut_t dut;
};

rtl_dut_t *rtl_dut_new(int argc, char **argv)
{
    rtl_dut_t *r = calloc(1, sizeof *r);
    dut_params_t params = {argc, argv, 0};
    if (r == NULL || dut_new(&params, &r->dut) != 0) {
        fprintf(stderr, "error: the device under test could not be created\n");
        exit(2);
    }
    return r;
}

void rtl_dut_free(rtl_dut_t *r)
{
    if (r == NULL) return;
    dut_free(&r->dut);
    free(r);
}

void rtl_dut_outputs(rtl_dut_t *r, iommu_outputs_t *out) { r->dut.ops->outputs(r->dut.self, out); }

void rtl_dut_clock(rtl_dut_t *r, const iommu_inputs_t *in)
{
    r->dut.ops->clock(r->dut.self, in);
    char msg[512];
    if (r->dut.ops->assertion && r->dut.ops->assertion(r->dut.self, msg, sizeof msg))
        fprintf(stderr, "%s: %s\n", r->dut.ops->name, msg);
}

void rtl_dut_show_model(rtl_dut_t *r, const iommu_outputs_t *model_next)
{
    if (r->dut.ops->show_model) r->dut.ops->show_model(r->dut.self, model_next);
}

int rtl_dut_trace_open(rtl_dut_t *r, const char *path)
{
    return r->dut.ops->trace_open ? r->dut.ops->trace_open(r->dut.self, path) : -1;
}

void rtl_dut_trace_close(rtl_dut_t *r)
{
    if (r->dut.ops->trace_close) r->dut.ops->trace_close(r->dut.self);
}

uint64_t rtl_dut_time(const rtl_dut_t *r) { return r->dut.ops->time ? r->dut.ops->time(r->dut.self) : 0; }
