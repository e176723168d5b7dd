/* Writer of the GTKWave layout for a mismatch window (see wave_layout.h). */
#define _XOPEN_SOURCE 700 /* realpath, PATH_MAX */
#include "wave_layout.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommu_port.h"

/* The translate filter files of one layout: one per enum a port uses, written beside the layout from the
 * tables generated from data/iommu.yaml, so a waveform folder is complete on its own. */
#define MAX_FILTERS 8
typedef struct {
    unsigned count;
    const char *enum_name[MAX_FILTERS];
    char path[MAX_FILTERS][PATH_MAX];
} filters_t;

static int filter_index(const filters_t *flt, const char *enum_name)
{
    for (unsigned i = 0; i < flt->count; i++)
        if (strcmp(flt->enum_name[i], enum_name) == 0) return (int)i + 1;
    return 0;
}

/* GTKWave compares a filter's left-hand side with the value as it shows it (hexadecimal here, with or
 * without leading zeros), so each value is written unpadded and padded to every width up to 16 digits. */
static int write_filter(const char *path, const iommu_enum_value_t *values)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) return -1;
    fprintf(f, "# GTKWave translate filter written by the IOMMU bench from data/iommu.yaml\n");
    for (const iommu_enum_value_t *v = values; v->name; v++) {
        char hex[24];
        int digits = snprintf(hex, sizeof hex, "%X", v->value);
        for (int w = digits; w <= 16; w++) fprintf(f, "%0*X %s\n", w, v->value, v->name);
    }
    return fclose(f);
}

static int write_filters(filters_t *flt, const char *gtkw_path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(gtkw_path, '/');
    if (slash == NULL) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - gtkw_path), gtkw_path);
    char real[PATH_MAX];
    if (realpath(dir, real) == NULL) return -1;
    flt->count = 0;
    for (size_t i = 0; i < IOMMU_PORT_COUNT; i++) {
        const iommu_port_desc_t *p = &iommu_ports[i];
        if (p->enum_name == NULL || filter_index(flt, p->enum_name) || flt->count == MAX_FILTERS) continue;
        flt->enum_name[flt->count] = p->enum_name;
        snprintf(flt->path[flt->count], PATH_MAX, "%.*s/%s.filter", PATH_MAX - 64, real, p->enum_name);
        if (write_filter(flt->path[flt->count], p->enum_values) != 0) return -1;
        flt->count++;
    }
    return 0;
}

/* A port's signal name in the FST: "X_i" or "X_o", with "[w-1:0]" for a vector. */
static void port_signal(char *buf, size_t n, const char *prefix, const iommu_port_desc_t *p, const char *dir)
{
    if (p->width > 1)
        snprintf(buf, n, "%s%s%s[%u:0]", prefix, p->name, dir, p->width - 1u);
    else
        snprintf(buf, n, "%s%s%s", prefix, p->name, dir);
}

/* One trace: a single bit as a line (@28), a vector in hexadecimal (@22), or a vector whose values an enum
 * names, through the translate filter file of that enum (^N file, then the translated flag @2022). */
static void trace_line(FILE *f, const char *sig, const iommu_port_desc_t *p, const filters_t *flt)
{
    int filter = p->enum_name ? filter_index(flt, p->enum_name) : 0;
    if (filter > 0)
        fprintf(f, "^%d %s\n@2022\nTOP.%s\n", filter, flt->path[filter - 1], sig);
    else
        fprintf(f, "%s\nTOP.%s\n", p->width > 1 ? "@22" : "@28", sig);
}

/* A port, and for an output the golden model's value of it, "model_X_i" of the bench wrapper
 * (tb/iommu_tb_top.sv), drawn in yellow so that expected and actual sit one above the other. */
static void port_lines(FILE *f, const iommu_port_desc_t *p, const filters_t *flt)
{
    char sig[96];
    port_signal(sig, sizeof sig, "", p, p->is_input ? "_i" : "_o");
    trace_line(f, sig, p, flt);
    if (p->is_input) return; /* an input: nothing to expect */
    port_signal(sig, sizeof sig, "model_", p, "_i");
    fprintf(f, "[color] 3\n");
    trace_line(f, sig, p, flt);
    fprintf(f, "[color] 0\n");
}

int wave_layout_write(const char *gtkw_path, const char *fst_path, uint64_t marker_time, uint64_t txn_start_time,
                      const char *first_signal)
{
    filters_t flt;
    if (write_filters(&flt, gtkw_path) != 0) {
        fprintf(stderr, "error: cannot write the translate filters beside %s: %s\n", gtkw_path, strerror(errno));
        return -1;
    }
    FILE *f = fopen(gtkw_path, "w");
    if (f == NULL) {
        fprintf(stderr, "error: cannot write %s: %s\n", gtkw_path, strerror(errno));
        return -1;
    }
    /* GTKWave's zoom is a power of two: at -5.5 a 1600-pixel window shows about 23 cycles (a cycle is 10 time
     * units), wide enough for a 64-bit value in hexadecimal to be legible in one cycle. The view starts 8
     * cycles before the mismatch, so the marker sits a third of the way in with the lead-up in view. */
    uint64_t start = marker_time > 80 ? marker_time - 80 : 0;
    fprintf(f, "[*] GTKWave layout written by the IOMMU lockstep bench: the marker is the first mismatch\n");
    fprintf(f, "[dumpfile] \"%s\"\n", fst_path);
    fprintf(f, "[savefile] \"%s\"\n", gtkw_path);
    fprintf(f, "[timestart] %" PRIu64 "\n", start);
    fprintf(f, "[size] 1600 900\n");
    fprintf(f, "[pos] -1 -1\n");
    /* The primary marker at the mismatch; named marker A where the transaction in flight was accepted. */
    fprintf(f, "*-5.500000 %" PRIu64 " ", marker_time);
    if (txn_start_time != UINT64_MAX) fprintf(f, "%" PRIu64, txn_start_time);
    else fprintf(f, "-1");
    for (int named = 1; named < 26; named++) fprintf(f, " -1"); /* named markers B..Z unset */
    fprintf(f, "\n");
    fprintf(f, "[sst_width] 250\n[signals_width] 300\n[sst_expanded] 1\n[sst_vpaned_height] 200\n");
    fprintf(f, "@28\nTOP.clk_i\n");
    if (first_signal && *first_signal) {
        fprintf(f, "@800200\n-first mismatch\n");
        fprintf(f, "@28\nTOP.mismatch_o\n"); /* 1 in every cycle where any output differs from the model */
        for (size_t i = 0; i < IOMMU_PORT_COUNT; i++)
            if (!iommu_ports[i].is_input && strcmp(iommu_ports[i].name, first_signal) == 0)
                port_lines(f, &iommu_ports[i], &flt);
        fprintf(f, "@1000200\n-first mismatch\n");
    }
    /* The ports grouped by interface, in the order of the description. */
    for (size_t i = 0; i < IOMMU_PORT_COUNT; i++) {
        const char *itf = iommu_ports[i].interface;
        if (i == 0 || strcmp(itf, iommu_ports[i - 1].interface) != 0) fprintf(f, "@800200\n-%s\n", itf);
        port_lines(f, &iommu_ports[i], &flt);
        if (i + 1 == IOMMU_PORT_COUNT || strcmp(itf, iommu_ports[i + 1].interface) != 0)
            fprintf(f, "@1000200\n-%s\n", itf);
    }
    fprintf(f, "[pattern_trace] 1\n[pattern_trace] 0\n");
    if (fclose(f) != 0) {
        fprintf(stderr, "error: cannot write %s: %s\n", gtkw_path, strerror(errno));
        return -1;
    }
    return 0;
}
