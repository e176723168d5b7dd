/* iommu-lockstep: the command-line front end of the bench. Runs random seeds (or a stimulus file) on the
 * DUT and checks it at the chosen level (--check): in cycle lockstep with the golden timing model, or at
 * transaction level against the golden model's arch layer. Prints one summary line, and on the first
 * mismatch prints the report, the replay command, and writes an FST window with a GTKWave layout. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "config.h"
#include "iommu_tm.h"
#include "randgen.h"
#include "rtl_dut.h"
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
    unsigned without; /* randgen classes switched off (--without) */
    randgen_profile_t profile; /* the random stimulus' mix (--profile, --knob) */
    const char *profile_arg;   /* --profile as given, for the replay command */
    char knob_args[512];       /* --knob settings as given, comma-separated, for the replay command */
    int quiet;
    const char *argv0;
    const char *config_path;   /* the configuration the RTL was built from (rtl_dut_config_path()) */
    const char *model_config;  /* --model-config: the timing model as the DUT in another configuration */
    iommu_config_t config;     /* its contents */
} options_t;

/* tb/rtl_dut.cpp defines the RTL's build configuration; a bench linked without it (another DUT's adapter,
 * docs/porting.md) gets config/rtl.cfg from tb/porting/default_config.c, or, without that, takes it here. A weak reference, not a weak default definition: with
 * link-time optimisation GCC inlined the weak body into its caller here, so build/iommu-lockstep-max read
 * config/rtl.cfg although tb/rtl_dut.cpp said config/rtl_max.cfg. */
extern const char *rtl_dut_config_path(void) __attribute__((weak));

/* Reads the RTL's build configuration (docs/microarch.md section 3.1) for the timing model and the
 * transaction check. Returns 0, or -1 after a message naming the file. */
static int load_rtl_config(options_t *o)
{
    char err[1024];
    o->config_path = rtl_dut_config_path ? rtl_dut_config_path() : "config/rtl.cfg";
    if (o->model_config) /* no RTL runs: the timing model is built from any configuration it implements */
        o->config_path = o->model_config;
    if (iommu_config_load(o->config_path, &o->config, err, sizeof err) != 0) {
        fprintf(stderr, "error: cannot read the configuration the RTL was built from: %s (run the bench from the "
                        "project's top directory)\n", err);
        return -1;
    }
    if (o->model_config && iommu_config_validate(&o->config, err, sizeof err) != 0) {
        fprintf(stderr, "error: --model-config %s: configuration rejected: %s\n", o->model_config, err);
        return -1;
    }
    const char *lack = iommu_tm_unsupported(&o->config);
    if (lack != NULL && o->model_config) {
        fprintf(stderr, "error: --model-config %s: the golden timing model (docs/microarch.md) does not implement "
                        "%s\n", o->model_config, lack);
        return -1;
    }
    if (lack != NULL && o->bench.check == BENCH_CHECK_CYCLE && o->bench.dut != BENCH_DUT_RTL) {
        fprintf(stderr, "error: %s: the golden timing model (docs/microarch.md) does not implement %s; check this "
                        "DUT with --check transaction or --dut rtl\n", o->config_path, lack);
        return -1;
    }
    o->bench.iommu_cfg = &o->config;
    return 0;
}

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
            "  --model-config FILE with --dut model: the configuration (docs/config.md) the timing model is built\n"
            "                      from instead of the RTL's (e.g. version 11's ATS before an RTL has it)\n"
            "  --log FILE          write the transaction log (single seed only)\n"
            "  --save-stim FILE    write the generated stimulus (single seed only)\n"
            "  --coverage FILE     write the functional coverage of all seeds (tools/coverage_report.py)\n"
            "  --mem-latency N     memory answers 1..N cycles after a request (default 6)\n"
            "  --response-limit N  cycles a request may wait for its response (default 20000)\n"
            "  --ready-percent N   probability of each bench-driven ready (default 70)\n"
            "  --waves DIR         where a mismatch writes mismatch.fst and mismatch.gtkw (default waves)\n"
            "  --no-waves          do not write a waveform on mismatch\n"
            "  --window N          cycles of waveform before the mismatch (default 300)\n"
            "  --profile NAME|FILE the random stimulus' mix: default, realistic (streaming DMA, mostly hits), faulty,\n"
            "                      corner, modes (Sv48/Sv57 tables beside Sv39), directory (2LVL/3LVL device\n"
            "                      directories), live, live-omit, process (process directories, for a\n"
            "                      configuration with PD8/PD17/PD20), guest (VMs: second stage and MSI\n"
            "                      translation, for a configuration with Sv39x4/Sv48x4/Sv57x4), monitor\n"
            "                      (performance counters, debug translations, QoS IDs, for a configuration\n"
            "                      with HPM/DBG/QOSID), formats (Sv32/Sv32x4, NAPOT, PBMT, bits 60:59,\n"
            "                      big-endian structures, queue sizes, for a version 10 configuration),\n"
            "                      or a file of 'knob = value'\n"
            "                      lines (tb/randgen_profile.h lists the knobs)\n"
            "  --knob NAME=VALUE   set one knob of the mix (repeatable), e.g. --knob stream_percent=50\n"
            "  --without CLASS,... random stimulus without these classes (to see the coverage bins they fill):\n"
            "                      pv0-pid, nonleaf-reserved, high-did, high-ppn, leaf-reserved\n"
            "  --max-cycles N      stop with an error after N cycles per seed (default: 100000 plus a budget\n"
            "                      per stimulus command that grows with --mem-latency and --ready-percent)\n"
            "  --timeout S         stop with an error after S seconds of wall-clock time per seed\n"
            "  -q                  print only the summary line or the failure\n"
            "  -h, --help          this text\n",
            argv0);
}

/* A value that starts with '-' and then a non-digit is the next option, not a value: `--log --no-waves`
 * must not write a file named --no-waves. */
static const char *value_of(const char *flag, const char *v, const char *what)
{
    if (v == NULL) {
        fprintf(stderr, "error: %s needs %s\n", flag, what);
        return NULL;
    }
    if (v[0] == '-' && !(v[1] >= '0' && v[1] <= '9')) {
        fprintf(stderr, "error: %s needs %s, got the option '%s' (a value may not start with '-')\n", flag, what,
                v);
        return NULL;
    }
    return v;
}

/* Numbers are decimal or 0x hex. A leading zero is rejected rather than read as octal (strtoull's base 0)
 * or silently as decimal: `--seed 010` is ambiguous, and a seed that means something else than the user
 * thinks is a replay that does not replay (docs/decisions.md). */
static int parse_number(const char *flag, const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    if (value_of(flag, s, "a number") == NULL) return -1;
    bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char *digits = hex ? s + 2 : s;
    char *end = NULL;
    errno = 0;
    unsigned long long v = 0;
    bool ok = (hex ? isxdigit((unsigned char)digits[0]) : isdigit((unsigned char)digits[0])) &&
              !(!hex && s[0] == '0' && s[1] != '\0');
    if (ok) {
        v = strtoull(digits, &end, hex ? 16 : 10);
        ok = errno == 0 && *end == '\0' && v >= min && v <= max;
    }
    if (!ok) {
        fprintf(stderr, "error: %s expects a number from %" PRIu64 " to %" PRIu64
                        " (decimal without leading zeros, or 0x hex), got '%s'\n", flag, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, options_t *o)
{
    memset(o, 0, sizeof *o);
    randgen_profile_named("default", &o->profile);
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
        uint64_t n = 0;
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
            if (parse_number(a, v, 0, UINT64_MAX, &n)) return -1;
            o->first_seed = n, i++;
        } else if (!strcmp(a, "--seeds")) {
            if (parse_number(a, v, 1, 1000000, &n)) return -1;
            o->seeds = (unsigned)n, i++;
        } else if (!strcmp(a, "--transactions")) {
            if (parse_number(a, v, 0, 10000000, &n)) return -1;
            o->transactions = (unsigned)n, i++;
        } else if (!strcmp(a, "--mem-latency")) {
            if (parse_number(a, v, 1, 1000, &n)) return -1;
            o->bench.mem_latency_max = (unsigned)n, i++;
        } else if (!strcmp(a, "--response-limit")) {
            if (parse_number(a, v, 1, UINT64_MAX, &n)) return -1;
            o->bench.response_limit = n, i++;
        } else if (!strcmp(a, "--ready-percent")) {
            if (parse_number(a, v, 1, 100, &n)) return -1;
            o->bench.ready_percent = (unsigned)n, i++;
        } else if (!strcmp(a, "--window")) {
            if (parse_number(a, v, 0, 1000000, &n)) return -1;
            o->window = (unsigned)n, i++;
        } else if (!strcmp(a, "--profile")) {
            char err[512];
            if (value_of(a, v, "a profile name or file") == NULL) return -1;
            if (randgen_profile_named(v, &o->profile) != 0) {
                struct stat st;
                if (stat(v, &st) != 0) {
                    fprintf(stderr, "error: --profile: '%s' is neither a profile (%s) nor a file\n", v,
                            randgen_profile_names());
                    return -1;
                }
                if (randgen_profile_load(v, &o->profile, err, sizeof err) != 0) {
                    fprintf(stderr, "error: --profile: %s\n", err);
                    return -1;
                }
            }
            if (o->knob_args[0]) {
                fprintf(stderr, "error: --profile must come before the --knob settings it starts from\n");
                return -1;
            }
            o->profile_arg = v, i++;
        } else if (!strcmp(a, "--knob")) {
            char err[512];
            if (value_of(a, v, "NAME=VALUE") == NULL) return -1;
            if (randgen_profile_set(&o->profile, v, err, sizeof err) != 0) {
                fprintf(stderr, "error: --knob: %s\n", err);
                return -1;
            }
            size_t len = strlen(o->knob_args);
            snprintf(o->knob_args + len, sizeof o->knob_args - len, "%s%s", len ? " --knob " : "", v);
            i++;
        } else if (!strcmp(a, "--without")) {
            char bad[64];
            if (value_of(a, v, "a list of stimulus classes") == NULL) return -1;
            if (randgen_parse_classes(v, &o->without, bad, sizeof bad) != 0) {
                fprintf(stderr, "error: --without: unknown stimulus class '%s' (expected %s)\n", bad,
                        randgen_class_list());
                return -1;
            }
            i++;
        } else if (!strcmp(a, "--max-cycles")) {
            if (parse_number(a, v, 1, UINT64_MAX, &n)) return -1;
            o->bench.cycle_limit = n, i++;
        } else if (!strcmp(a, "--timeout")) {
            if (parse_number(a, v, 1, 1000000, &n)) return -1;
            o->bench.wall_limit_s = (unsigned)n, i++;
        } else if (!strcmp(a, "--coverage")) {
            if (value_of(a, v, "a file name") == NULL) return -1;
            o->coverage_path = v, i++;
        } else if (!strcmp(a, "--stim") || !strcmp(a, "--log") || !strcmp(a, "--save-stim")) {
            if (value_of(a, v, "a file name") == NULL) return -1;
            if (!strcmp(a, "--stim")) o->stim_path = v;
            else if (!strcmp(a, "--log")) o->log_path = v;
            else o->save_stim_path = v;
            i++;
        } else if (!strcmp(a, "--waves")) {
            if (value_of(a, v, "a directory") == NULL) return -1;
            struct stat st;
            if (stat(v, &st) == 0 && !S_ISDIR(st.st_mode)) {
                fprintf(stderr, "error: --waves expects a directory (it writes mismatch.fst and mismatch.gtkw "
                                "there), but '%s' is a file\n", v);
                return -1;
            }
            o->wave_dir = v, i++;
        } else if (!strcmp(a, "--model-config")) {
            if (value_of(a, v, "a configuration file") == NULL) return -1;
            o->model_config = v, i++;
        } else if (!strcmp(a, "--dut")) {
            if (value_of(a, v, "both, rtl or model") == NULL) return -1;
            if (!strcmp(v, "both")) o->bench.dut = BENCH_DUT_BOTH;
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
    if (o->model_config && o->bench.dut != BENCH_DUT_MODEL) {
        fprintf(stderr, "error: --model-config %s needs --dut model (the RTL is built from its own configuration)\n",
                o->model_config);
        return -1;
    }
    if (o->first_seed > UINT64_MAX - (o->seeds - 1)) {
        fprintf(stderr, "error: --seed %" PRIu64 " with --seeds %u runs past the last seed %" PRIu64 "\n",
                o->first_seed, o->seeds, UINT64_MAX);
        return -1;
    }
    if (o->seeds > 1 && (o->log_path || o->save_stim_path)) {
        fprintf(stderr, "error: --log and --save-stim take a single seed (drop --seeds)\n");
        return -1;
    }
    if (o->stim_path && o->save_stim_path) {
        fprintf(stderr, "error: --save-stim is for generated stimulus, not with --stim\n");
        return -1;
    }
    if (o->stim_path && (o->profile_arg || o->knob_args[0])) {
        fprintf(stderr, "error: --profile and --knob shape generated stimulus, not a --stim file\n");
        return -1;
    }
    char err[512];
    if (randgen_profile_check(&o->profile, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        return -1;
    }
    /* The transaction check follows the arch layer, which has no caches; a request of the live agent may
     * legally get the old outcome of a stale entry, after which the arch layer's fault records, fqt and
     * interrupts are no longer the DUT's. Only the cycle check (the timing model's caches) and the mapping
     * oracle (old|new sets) judge such a run. */
    if (o->bench.check == BENCH_CHECK_TRANSACTION && o->profile.live_percent) {
        fprintf(stderr, "error: --check transaction: profile %s (knob live_percent = %u) changes tables while DMA "
                        "runs, so a request may legally get a stale cache entry's outcome that the arch layer (no "
                        "caches) cannot follow; run it with --check cycle\n", o->profile.name, o->profile.live_percent);
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
    if (o->model_config) printf(" --model-config %s", o->model_config);
    if (o->profile_arg) printf(" --profile %s", o->profile_arg);
    if (o->knob_args[0]) printf(" --knob %s", o->knob_args);
    if (o->without && !o->stim_path) {
        char names[128];
        randgen_class_names(o->without, names, sizeof names);
        printf(" --without %s", names);
    }
    if (o->bench.cycle_limit) printf(" --max-cycles %" PRIu64, o->bench.cycle_limit);
    if (o->bench.check == BENCH_CHECK_TRANSACTION) printf(" --check transaction");
    if (o->bench.response_limit != 20000) printf(" --response-limit %" PRIu64, o->bench.response_limit);
    if (o->bench.reorder) printf(" --reorder");
    /* Plusargs go to the Verilated RTL (+bug=NAME selects a planted bug): the run depends on them. */
    for (int i = 1; o->bench.verilator_argv && i < o->bench.verilator_argc; i++)
        if (o->bench.verilator_argv[i][0] == '+') printf(" %s", o->bench.verilator_argv[i]);
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
    if (!again.passed && !again.mismatch && again.fail_cycle == cfg.trace_from) {
        /* the traced run stopped where tracing starts: the waveform file could not be opened */
        printf("waves: not written: %s", again.report);
        return;
    }
    if (again.passed || again.fail_cycle != fail->fail_cycle) {
        printf("warning: the traced re-run did not fail at the same cycle (cycle %" PRIu64 "); the run is not "
               "reproducible\n", again.fail_cycle);
    }
    /* Named marker A at the acceptance of the transaction in flight, when the window holds it (a cycle is
     * 10 time units, tb/rtl_dut.cpp). */
    uint64_t txn_time = UINT64_MAX;
    uint64_t back = fail->fail_cycle - fail->txn_start_cycle;
    if (fail->txn_start_cycle >= cfg.trace_from && fail->txn_start_cycle <= fail->fail_cycle &&
        again.trace_time_of_fail >= 10 * back)
        txn_time = again.trace_time_of_fail - 10 * back;
    if (wave_layout_write(gtkw, fst, again.trace_time_of_fail, txn_time, fail->first_signal) == 0) {
        printf("waves: %s (layout %s, marker at cycle %" PRIu64 " = time %" PRIu64, fst, gtkw, fail->fail_cycle,
               again.trace_time_of_fail);
        if (txn_time != UINT64_MAX)
            printf(", marker A where the transaction in flight was accepted, cycle %" PRIu64, fail->txn_start_cycle);
        printf("); open with: ");
        if (!strcmp(o->wave_dir, "waves")) printf("make waves\n");
        else printf("make waves WAVES=%s\n", o->wave_dir);
    }
}

/* The RTL, the timing model and the transaction check's arch layer all implement one configuration, the file
 * the RTL was built from (docs/microarch.md section 3.1). A stimulus written for another (`config PATH`,
 * docs/formats.md) would run and pass while testing something else than its author meant: refused, naming
 * both files. */
static int refuse_other_config(const options_t *o, const stim_program_t *prog, const char *path)
{
    iommu_config_t stated = {0}; /* set by stim_load_config when it returns 1 (initialised for LTO's maybe-uninitialized) */
    char err[4096], why[256];
    int rc = stim_load_config(prog, path, &stated, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "error: %s\n", err);
        return -1;
    }
    if (rc == 1 && !iommu_config_equal(&stated, &o->config, why, sizeof why)) {
        fprintf(stderr,
                "error: %s:%u: this stimulus states the configuration %s, but this RTL was built from %s; they "
                "differ in %s (stated vs RTL). Run it on a bench built from the configuration it states (make lockstep "
                "CONFIG=FILE), or on the golden model: build/iommu-run %s\n",
                path, prog->config_line, prog->config_text, o->config_path, why, path);
        return -1;
    }
    return 0;
}

/* Responses of a passed run that were checked against a reference: in the cycle check with the timing model
 * (--dut both) every output is compared every cycle, so every response the DUT gave; in the transaction check
 * every response is matched against the arch layer's. A passed run has answered every request it made. With
 * --dut rtl or --dut model in the cycle check there is no reference (the mapping oracle only). */
static uint64_t responses_checked(const options_t *o, const bench_result_t *res)
{
    if (o->bench.check == BENCH_CHECK_TRANSACTION || o->bench.dut == BENCH_DUT_BOTH) return res->dma_count;
    return 0;
}

static const char *reference_name(const options_t *o)
{
    if (o->bench.check == BENCH_CHECK_TRANSACTION) return "the arch layer";
    if (o->bench.dut == BENCH_DUT_BOTH) return "the golden timing model";
    return o->bench.dut == BENCH_DUT_RTL ? "a reference (--dut rtl: none)" : "a reference (--dut model: none)";
}

static uint64_t dma_commands(const stim_program_t *prog)
{
    uint64_t n = 0;
    for (size_t i = 0; i < prog->count; i++) n += prog->cmds[i].kind == STIM_DMA;
    return n;
}

/* A run that passed but checked fewer responses than its stimulus has dma commands (none at all, or the bench
 * stopped early) is not a PASS: it becomes a failure record of its own (an ERROR line, so tools/regress.py
 * gives it a signature). */
static void check_responses_checked(const options_t *o, const stim_program_t *prog, bench_result_t *res)
{
    if (!res->passed) return;
    uint64_t want = dma_commands(prog), ref = responses_checked(o, res);
    if (want == 0) return;
    if (ref == 0 && res->oracle_checks == 0) {
        res->passed = false;
        snprintf(res->report, sizeof res->report,
                 "check: none (dut: %s; the cycle check has no reference with --dut %s)\n"
                 "ERROR at cycle %" PRIu64 ": 0 of %" PRIu64 " responses checked: nothing compared them with a "
                 "reference, and the stimulus states no expectation for the mapping oracle (expect=); run with --dut "
                 "both or --check transaction\n",
                 o->bench.dut == BENCH_DUT_RTL ? "rtl" : "model", o->bench.dut == BENCH_DUT_RTL ? "rtl" : "model",
                 res->cycles, want);
    } else if (ref != 0 && ref != want) {
        res->passed = false;
        snprintf(res->report, sizeof res->report,
                 "ERROR at cycle %" PRIu64 ": only %" PRIu64 " of %" PRIu64 " requests were answered and checked "
                 "against %s\n", res->cycles, ref, want, reference_name(o));
    }
}

int main(int argc, char **argv)
{
    options_t o;
    if (parse_args(argc, argv, &o) != 0) return 2;
    if (load_rtl_config(&o) != 0) return 2;
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
        char err[4096];
        if (stim_parse_file(o.stim_path, &file_prog, err, sizeof err) != 0) {
            fprintf(stderr, "error: %s\n", err);
            return 2;
        }
        if (refuse_other_config(&o, &file_prog, o.stim_path) != 0) {
            stim_free(&file_prog);
            return 2;
        }
        for (size_t i = 0; o.bench.check == BENCH_CHECK_TRANSACTION && i < file_prog.count; i++) {
            if (file_prog.cmds[i].kind != STIM_DMA || file_prog.cmds[i].expect_old_count == 0) continue;
            fprintf(stderr, "error: %s:%u: --check transaction: this dma allows an older outcome (expect= with "
                            "alternatives: a stale cache entry), which the arch layer (no caches) cannot follow; run "
                            "the stimulus with --check cycle\n", o.stim_path, file_prog.cmds[i].line);
            stim_free(&file_prog);
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
    uint64_t pdtc_lookups = 0, pdtc_hits = 0, pdtc_fills = 0, pdtc_invals = 0;
    static uint64_t causes[512]; /* fault responses per cause over all seeds */
    uint64_t out_of_order = 0, records_moved = 0, total_checked = 0, oracle_causes = 0, oracle_records = 0, oracle_stale = 0;
    int rc = 0;
    coverage_t *coverage = calloc(1, sizeof *coverage);
    if (coverage == NULL) return 2;
    for (unsigned s = 0; s < o.seeds; s++) {
        uint64_t seed = o.first_seed + s;
        stim_program_t gen_prog = {0};
        const stim_program_t *prog = &file_prog;
        if (!o.stim_path) {
            randgen_config_t rc_cfg = {seed, o.transactions, o.without, &o.profile, &o.config};
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
        check_responses_checked(&o, prog, &res);
        total_checked += responses_checked(&o, &res);
        total_cycles += res.cycles;
        total_dma += res.dma_count;
        total_faults += res.fault_count;
        for (unsigned k = 0; k < 512; k++) causes[k] += res.causes[k];
        lookups += res.tlb_lookups;
        hits += res.tlb_hits;
        pdtc_lookups += res.pdtc_lookups;
        pdtc_hits += res.pdtc_hits;
        pdtc_fills += res.pdtc_fills;
        pdtc_invals += res.pdtc_invals;
        oracle += res.oracle_checks;
        oracle_causes += res.oracle_causes;
        oracle_records += res.oracle_records;
        oracle_stale += res.oracle_stale;
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
    if (rc == 0 && (pdtc_lookups || pdtc_fills)) /* a configuration with a process directory (section 6.4) */
        printf("; process-context cache %" PRIu64 "/%" PRIu64 " hits, %" PRIu64 " fills, %" PRIu64
               " entries invalidated", pdtc_hits, pdtc_lookups, pdtc_fills, pdtc_invals);
    if (rc == 0) printf("; %" PRIu64 " of %" PRIu64 " responses checked against %s", total_checked, total_dma,
                        reference_name(&o));
    if (rc == 0)
        printf("; %" PRIu64 " fault causes and %" PRIu64 " fault records checked by the mapping oracle", oracle_causes,
               oracle_records);
    if (rc == 0 && oracle_stale)
        printf("; %" PRIu64 " responses gave the older outcome software still allowed (stale cache entries)",
               oracle_stale);
    if (rc == 0 && o.bench.check == BENCH_CHECK_TRANSACTION)
        printf("; %" PRIu64 " responses out of order, %" PRIu64 " fault records in another slot than the arch "
               "layer's", out_of_order, records_moved);
    if (rc == 0 && !o.stim_path) {
        /* What the profile produced: the mix a user tunes with --profile / --knob. */
        printf("; stimulus (profile %s): fault share %.1f %%, IOTLB hit rate %.1f %%, causes reached:",
               o.profile.name, total_dma ? 100.0 * (double)total_faults / (double)total_dma : 0.0,
               lookups ? 100.0 * (double)hits / (double)lookups : 0.0);
        for (unsigned k = 0; k < 512; k++)
            if (causes[k]) printf(" %u:%" PRIu64, k, causes[k]);
    }
    if (rc == 0) printf("\n");
    return rc;
}
