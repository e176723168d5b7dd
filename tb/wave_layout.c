/* Writer of the GTKWave layout for a mismatch window (see wave_layout.h). */
#include "wave_layout.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const groups[][12] = {
    {"translation request", "req_valid_i", "req_ready_o", "req_did_i[23:0]", "req_ttyp_i[3:0]",
     "req_iova_i[63:0]", "req_tag_i[15:0]", "req_pv_i", "req_priv_i", NULL},
    {"translation response", "rsp_valid_o", "rsp_ready_i", "rsp_tag_o[15:0]", "rsp_fault_o",
     "rsp_cause_o[11:0]", "rsp_pa_o[63:0]", NULL},
    {"memory", "mem_req_valid_o", "mem_req_ready_i", "mem_req_op_o[1:0]", "mem_req_addr_o[63:0]",
     "mem_req_wdata_o[63:0]", "mem_rsp_valid_i", "mem_rsp_rdata_i[63:0]", "mem_rsp_err_i[1:0]", NULL},
    {"registers", "reg_req_valid_i", "reg_req_ready_o", "reg_req_write_i", "reg_req_addr_i[11:0]",
     "reg_req_wdata_i[63:0]", "reg_rsp_valid_o", "reg_rsp_rdata_o[63:0]", NULL},
    {"observation", "obs_state_o[3:0]", "obs_tlb_lookup_o", "obs_tlb_hit_o", "obs_tlb_hit_way_o[2:0]",
     "obs_tlb_fill_o", "obs_tlb_fill_way_o[2:0]", "obs_tlb_evict_o", "obs_walk_level_o[1:0]",
     "wsi_o[15:0]", NULL},
};

static void signal_line(FILE *f, const char *sig)
{
    /* @28 shows a single bit as a trace, @22 a vector in hexadecimal. */
    fprintf(f, "%s\nTOP.%s\n", strchr(sig, '[') ? "@22" : "@28", sig);
}

/* An output port "X_o[..]" followed by the golden model's value of it, "model_X_i[..]" of the bench wrapper
 * (tb/iommu_tb_top.sv), drawn in yellow so that expected and actual sit one above the other. */
static void output_lines(FILE *f, const char *sig)
{
    signal_line(f, sig);
    const char *suffix = strstr(sig, "_o");
    if (suffix == NULL || (suffix[2] != '\0' && suffix[2] != '[')) return; /* an input: nothing to expect */
    fprintf(f, "[color] 3\n%s\nTOP.model_%.*s_i%s\n[color] 0\n", strchr(sig, '[') ? "@22" : "@28",
            (int)(suffix - sig), sig, suffix + 2);
}

/* True when sig is the output port of the bench field name (field "rsp_tag" is port "rsp_tag_o[15:0]"). */
static int is_port_of(const char *sig, const char *field)
{
    size_t n = strlen(field);
    return strncmp(sig, field, n) == 0 && strncmp(sig + n, "_o", 2) == 0 && (sig[n + 2] == '\0' || sig[n + 2] == '[');
}

int wave_layout_write(const char *gtkw_path, const char *fst_path, uint64_t marker_time,
                      const char *first_signal)
{
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
    fprintf(f, "*-5.500000 %" PRIu64 " -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1\n",
            marker_time);
    fprintf(f, "[sst_width] 250\n[signals_width] 300\n[sst_expanded] 1\n[sst_vpaned_height] 200\n");
    fprintf(f, "@28\nTOP.clk_i\n");
    if (first_signal && *first_signal) {
        fprintf(f, "@800200\n-first mismatch\n");
        signal_line(f, "mismatch_o"); /* 1 in every cycle where any output differs from the model */
        for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
            for (size_t i = 1; groups[g][i]; i++)
                if (is_port_of(groups[g][i], first_signal)) output_lines(f, groups[g][i]);
        fprintf(f, "@1000200\n-first mismatch\n");
    }
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        fprintf(f, "@800200\n-%s\n", groups[g][0]);
        for (size_t i = 1; groups[g][i]; i++) output_lines(f, groups[g][i]);
        fprintf(f, "@1000200\n-%s\n", groups[g][0]);
    }
    fprintf(f, "[pattern_trace] 1\n[pattern_trace] 0\n");
    if (fclose(f) != 0) {
        fprintf(stderr, "error: cannot write %s: %s\n", gtkw_path, strerror(errno));
        return -1;
    }
    return 0;
}
