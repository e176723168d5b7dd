/* iommu-lockstep: the command-line front end of the bench. Runs random seeds (or a stimulus file) on the
 * DUT and checks it at the chosen level (--check): in cycle lockstep with the golden timing model, or at
 * transaction level against the golden model's arch layer. Prints one summary line, and on the first
 * mismatch prints the report, the replay command, and writes an FST window with a GTKWave layout. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "randgen.h"
#include "stim.h"
#include "wave_layout.h"

typedef struct {
    bench_config_t bench;
    uint64_t first_seed;
    unsigned seeds;
    unsigned transactions;
    const char *stim_path;
    const char *log_path;
    const char *save_stim_path;
    const char *coverage_path;
    const char *wave_dir;
    unsigned window;
    int quiet;
    const char *argv0;
} options_t;

static void usage(FILE *f, const char *argv0)
{
    fprintf(f,
            "usage: %s [options] [+verilator+...]\n"
            "Checks the RTL IOMMU (the DUT) against the golden model on random or given stimulus.\n"
            "  --check cycle|transaction  the level of checking (default cycle): cycle = lockstep with the\n"
            "                      timing model, every output every cycle; transaction = no timing assumed,\n"
            "                      responses by tag in any order, memory writes, interrupts and register\n"
            "                      values against the arch layer (docs/checking.md)\n"
            "  --reorder           wrap the DUT so that it queues requests, answers out of order and gets\n"
            "                      memory answers later (passes --check transaction, fails --check cycle)\n"
            "  --seed N            first seed (default 1)\n"
            "  --seeds N           number of consecutive seeds to run (default 1)\n"
            "  --transactions N    random requests per seed (default 1000)\n"
            "  --stim FILE         run a stimulus file (docs/formats.md) instead of random stimulus;\n"
            "                      the seed still drives latency and back-pressure\n"
            "  --dut both|rtl|model  what to run (default both): the RTL with the check's reference, the RTL\n"
            "                      alone (mapping oracle only, for --check cycle), or the timing model as the DUT\n"
            "  --log FILE          write the transaction log (single seed only)\n"
            "  --save-stim FILE    write the generated stimulus (single seed only)\n"
            "  --coverage FILE     write the functional coverage of all seeds (tools/coverage_report.py)\n"
            "  --mem-latency N     memory answers 1..N cycles after a request (default 6)\n"
            "  --response-limit N  cycles a request may wait for its response (default 20000)\n"
            "  --ready-percent N   probability of each bench-driven ready (default 70)\n"
            "  --waves DIR         where a mismatch writes mismatch.fst and mismatch.gtkw (default waves)\n"
            "  --no-waves          do not write a waveform on mismatch\n"
            "  --window N          cycles of waveform before the mismatch (default 300)\n"
            "  -q                  print only the summary line or the failure\n"
            "  -h, --help          this text\n",
            argv0);
}

static int parse_number(const char *flag, const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    if (s == NULL) {
        fprintf(stderr, "error: %s needs a value\n", flag);
        return -1;
    }
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || *s == '-' || v > max) {
        fprintf(stderr, "error: %s expects a number from 0 to %" PRIu64 ", got '%s'\n", flag, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, options_t *o)
{
    memset(o, 0, sizeof *o);
    bench_config_defaults(&o->bench);
    o->first_seed = 1;
    o->seeds = 1;
    o->transactions = 1000;
    o->wave_dir = "waves";
    o->window = 300;
    o->argv0 = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;
        if (a[0] == '+') continue; /* for Verilated */
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout, argv[0]);
            exit(0);
        } else if (!strcmp(a, "-q")) {
            o->quiet = 1;
        } else if (!strcmp(a, "--reorder")) {
            o->bench.reorder = true;
        } else if (!strcmp(a, "--check")) {
            if (v == NULL) {
                fprintf(stderr, "error: --check needs a value: cycle or transaction\n");
                return -1;
            }
            if (!strcmp(v, "cycle")) o->bench.check = BENCH_CHECK_CYCLE;
            else if (!strcmp(v, "transaction")) o->bench.check = BENCH_CHECK_TRANSACTION;
            else {
                fprintf(stderr, "error: --check expects cycle or transaction, got '%s'\n", v);
                return -1;
            }
            i++;
        } else if (!strcmp(a, "--no-waves")) {
            o->wave_dir = NULL;
        } else if (!strcmp(a, "--seed")) {
            if (parse_number(a, v, UINT64_MAX, &n)) return -1;
            o->first_seed = n, i++;
        } else if (!strcmp(a, "--seeds")) {
            if (parse_number(a, v, 1000000, &n) || n == 0) {
                if (n == 0) fprintf(stderr, "error: --seeds must be at least 1\n");
                return -1;
            }
            o->seeds = (unsigned)n, i++;
        } else if (!strcmp(a, "--transactions")) {
            if (parse_number(a, v, 10000000, &n)) return -1;
            o->transactions = (unsigned)n, i++;
        } else if (!strcmp(a, "--mem-latency")) {
            if (parse_number(a, v, 1000, &n) || n == 0) {
                if (n == 0) fprintf(stderr, "error: --mem-latency must be at least 1\n");
                return -1;
            }
            o->bench.mem_latency_max = (unsigned)n, i++;
        } else if (!strcmp(a, "--response-limit")) {
            if (parse_number(a, v, UINT64_MAX, &n) || n == 0) {
                if (n == 0) fprintf(stderr, "error: --response-limit must be at least 1\n");
                return -1;
            }
            o->bench.response_limit = n, i++;
        } else if (!strcmp(a, "--ready-percent")) {
            if (parse_number(a, v, 100, &n) || n == 0) {
                if (n == 0) fprintf(stderr, "error: --ready-percent must be 1..100\n");
                return -1;
            }
            o->bench.ready_percent = (unsigned)n, i++;
        } else if (!strcmp(a, "--window")) {
            if (parse_number(a, v, 1000000, &n)) return -1;
            o->window = (unsigned)n, i++;
        } else if (!strcmp(a, "--coverage")) {
            if (v == NULL) {
                fprintf(stderr, "error: %s needs a value\n", a);
                return -1;
            }
            o->coverage_path = v, i++;
        } else if (!strcmp(a, "--stim") || !strcmp(a, "--log") || !strcmp(a, "--save-stim") ||
                   !strcmp(a, "--waves") || !strcmp(a, "--dut")) {
            if (v == NULL) {
                fprintf(stderr, "error: %s needs a value\n", a);
                return -1;
            }
            if (!strcmp(a, "--stim")) o->stim_path = v;
            else if (!strcmp(a, "--log")) o->log_path = v;
            else if (!strcmp(a, "--save-stim")) o->save_stim_path = v;
            else if (!strcmp(a, "--waves")) o->wave_dir = v;
            else if (!strcmp(v, "both")) o->bench.dut = BENCH_DUT_BOTH;
            else if (!strcmp(v, "rtl")) o->bench.dut = BENCH_DUT_RTL;
            else if (!strcmp(v, "model")) o->bench.dut = BENCH_DUT_MODEL;
            else {
                fprintf(stderr, "error: --dut expects both, rtl or model, got '%s'\n", v);
                return -1;
            }
            i++;
        } else {
            fprintf(stderr, "error: unknown option '%s' (see --help)\n", a);
            return -1;
        }
    }
    if (o->seeds > 1 && (o->log_path || o->save_stim_path)) {
        fprintf(stderr, "error: --log and --save-stim take a single seed (drop --seeds)\n");
        return -1;
    }
    if (o->stim_path && o->save_stim_path) {
        fprintf(stderr, "error: --save-stim is for generated stimulus, not with --stim\n");
        return -1;
    }
    o->bench.verilator_argc = argc;
    o->bench.verilator_argv = argv;
    return 0;
}

static void print_replay(const options_t *o, uint64_t seed)
{
    printf("replay: %s --seed %" PRIu64, o->argv0, seed);
    if (o->stim_path) printf(" --stim %s", o->stim_path);
    else printf(" --transactions %u", o->transactions);
    if (o->bench.mem_latency_max != 6) printf(" --mem-latency %u", o->bench.mem_latency_max);
    if (o->bench.ready_percent != 70) printf(" --ready-percent %u", o->bench.ready_percent);
    if (o->bench.dut == BENCH_DUT_RTL) printf(" --dut rtl");
    if (o->bench.dut == BENCH_DUT_MODEL) printf(" --dut model");
    if (o->bench.check == BENCH_CHECK_TRANSACTION) printf(" --check transaction");
    if (o->bench.response_limit != 20000) printf(" --response-limit %" PRIu64, o->bench.response_limit);
    if (o->bench.reorder) printf(" --reorder");
    printf("\n");
}

/* Re-runs the failing seed with tracing on around the failing cycle (the run is reproducible). */
static void write_waves(const options_t *o, const stim_program_t *prog, uint64_t seed, const bench_result_t *fail)
{
    if (o->wave_dir == NULL || o->bench.dut == BENCH_DUT_MODEL) return;
    if (mkdir(o->wave_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "error: cannot create %s: %s\n", o->wave_dir, strerror(errno));
        return;
    }
    char fst[4096], gtkw[4096];
    snprintf(fst, sizeof fst, "%s/mismatch.fst", o->wave_dir);
    snprintf(gtkw, sizeof gtkw, "%s/mismatch.gtkw", o->wave_dir);
    bench_config_t cfg = o->bench;
    cfg.seed = seed;
    cfg.log = NULL;
    cfg.trace_path = fst;
    cfg.trace_from = fail->fail_cycle > o->window ? fail->fail_cycle - o->window : 0;
    cfg.trace_to = UINT64_MAX; /* through the aftermath the bench runs past the mismatch */
    bench_result_t again;
    bench_run(&cfg, prog, &again);
    if (again.passed || again.fail_cycle != fail->fail_cycle) {
        printf("warning: the traced re-run did not fail at the same cycle (cycle %" PRIu64 "); the run is not "
               "reproducible\n", again.fail_cycle);
    }
    if (wave_layout_write(gtkw, fst, again.trace_time_of_fail, fail->first_signal) == 0)
        printf("waves: %s (layout %s, marker at cycle %" PRIu64 " = time %" PRIu64 "); open with: make waves\n",
               fst, gtkw, fail->fail_cycle, again.trace_time_of_fail);
}

int main(int argc, char **argv)
{
    options_t o;
    if (parse_args(argc, argv, &o) != 0) return 2;
    FILE *log = NULL;
    if (o.log_path) {
        log = fopen(o.log_path, "w");
        if (log == NULL) {
            fprintf(stderr, "error: cannot write the log %s: %s\n", o.log_path, strerror(errno));
            return 2;
        }
    }
    stim_program_t file_prog = {0};
    if (o.stim_path) {
        char err[512];
        if (stim_parse_file(o.stim_path, &file_prog, err, sizeof err) != 0) {
            fprintf(stderr, "error: %s\n", err);
            return 2;
        }
    }
    const char *level = o.bench.check == BENCH_CHECK_CYCLE ? "cycle" : "transaction";
    if (!o.quiet)
        printf("iommu-lockstep: dut=%s%s, check=%s, seeds %" PRIu64 "..%" PRIu64 ", %s\n",
               o.bench.dut == BENCH_DUT_BOTH ? "both" : o.bench.dut == BENCH_DUT_RTL ? "rtl" : "model",
               o.bench.reorder ? " (reordered)" : "", level, o.first_seed, o.first_seed + o.seeds - 1,
               o.stim_path ? o.stim_path : "random stimulus");
    uint64_t total_cycles = 0, total_dma = 0, total_faults = 0, lookups = 0, hits = 0, oracle = 0;
    uint64_t out_of_order = 0, records_moved = 0;
    int rc = 0;
    coverage_t *coverage = calloc(1, sizeof *coverage);
    if (coverage == NULL) return 2;
    for (unsigned s = 0; s < o.seeds; s++) {
        uint64_t seed = o.first_seed + s;
        stim_program_t gen_prog = {0};
        const stim_program_t *prog = &file_prog;
        if (!o.stim_path) {
            randgen_config_t rc_cfg = {seed, o.transactions};
            randgen_build(&rc_cfg, &gen_prog);
            prog = &gen_prog;
            if (o.save_stim_path) {
                FILE *f = fopen(o.save_stim_path, "w");
                if (f == NULL) {
                    fprintf(stderr, "error: cannot write %s: %s\n", o.save_stim_path, strerror(errno));
                    return 2;
                }
                stim_write(prog, f);
                fclose(f);
            }
        }
        bench_config_t cfg = o.bench;
        cfg.seed = seed;
        cfg.log = log;
        cfg.stim_name = o.stim_path ? o.stim_path : "generated";
        bench_result_t res;
        bench_run(&cfg, prog, &res);
        total_cycles += res.cycles;
        total_dma += res.dma_count;
        total_faults += res.fault_count;
        lookups += res.tlb_lookups;
        hits += res.tlb_hits;
        oracle += res.oracle_checks;
        out_of_order += res.out_of_order;
        records_moved += res.records_moved;
        coverage_add(coverage, &res.coverage);
        if (!res.passed) {
            printf("FAIL seed %" PRIu64 "\n%s", seed, res.report);
            print_replay(&o, seed);
            if (!o.stim_path)
                printf("stimulus: add --save-stim FILE to the replay command to get it as text "
                       "(line numbers above refer to it)\n");
            if (res.mismatch) write_waves(&o, prog, seed, &res);
            rc = 1;
            stim_free(&gen_prog);
            break;
        }
        stim_free(&gen_prog);
    }
    if (log) fclose(log);
    stim_free(&file_prog);
    if (o.coverage_path) {
        FILE *f = fopen(o.coverage_path, "w");
        if (f == NULL) {
            fprintf(stderr, "error: cannot write the coverage file %s: %s\n", o.coverage_path, strerror(errno));
            return 2;
        }
        coverage_write(coverage, f);
        fclose(f);
    }
    free(coverage);
    if (rc == 0)
        printf("PASS (%s check): %u seed(s) from %" PRIu64 ", %" PRIu64 " requests, %" PRIu64 " faults, %" PRIu64
               " cycles, IOTLB %" PRIu64 "/%" PRIu64 " hits, %" PRIu64 " checked against the mapping oracle, "
               "0 mismatches",
               level, o.seeds, o.first_seed, total_dma, total_faults, total_cycles, hits, lookups, oracle);
    if (rc == 0 && o.bench.check == BENCH_CHECK_TRANSACTION)
        printf("; %" PRIu64 " responses out of order, %" PRIu64 " fault records in another slot than the arch "
               "layer's", out_of_order, records_moved);
    if (rc == 0) printf("\n");
    return rc;
}
