/* The cycle bench: runs a stimulus program on the RTL, on the timing model, or on both in lockstep.
 * Agents (memory, request driver, register "software", response sink, interrupt monitor) decide every
 * input from the seed and the outputs of the cycle; in lockstep mode both implementations get the same
 * inputs and every output is compared every cycle (docs/microarch.md section 1). */
#ifndef TB_BENCH_H
#define TB_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "coverage.h"
#include "stim.h"

enum bench_dut { BENCH_DUT_BOTH, BENCH_DUT_RTL, BENCH_DUT_MODEL };
/* The level of checking (docs/checking.md): every output every cycle against the timing model, or the
 * DUT's outcomes, in any order and with any latency, against the arch layer. */
enum bench_check { BENCH_CHECK_CYCLE, BENCH_CHECK_TRANSACTION };

typedef struct {
    enum bench_dut dut;         /* both: the DUT (dut_new) with the timing model as cycle reference */
    enum bench_check check;
    bool reorder;               /* wrap the DUT in the reordering wrapper (tb/dut_reorder.h) */
    uint64_t response_limit;    /* cycles a dma request may wait for its response */
    uint64_t settle_limit;      /* transaction check: cycles an interval's last outcomes may take */
    uint64_t seed;              /* timing randomness: latency, back-pressure, gaps */
    unsigned mem_latency_max;   /* memory responds 1..max cycles after the request handshake */
    unsigned ready_percent;     /* probability of each ready signal being 1 in a cycle */
    unsigned dma_gap_max;       /* idle cycles before presenting each dma request: 0..max */
    uint64_t idle_limit;        /* cycles without any handshake before the run is declared hung */
    uint64_t cycle_limit;       /* 0 = the default budget of the program (bench_default_cycle_limit) */
    unsigned wall_limit_s;      /* wall-clock seconds before the run is declared hung; 0 = none */
    const char *stim_name;      /* for messages: file name or "generated" */
    /* The configuration the RTL was built from (docs/microarch.md section 3.1), for the timing model and the
     * transaction check; NULL: config/rtl.cfg (iommu_config_rtl()). */
    const iommu_config_t *iommu_cfg;
    FILE *log;                  /* transaction log, or NULL */
    int verilator_argc;
    char **verilator_argv;
    /* Waveform window: trace cycles [trace_from, trace_to] into trace_path (RTL only). */
    const char *trace_path;
    uint64_t trace_from, trace_to;
} bench_config_t;

typedef struct {
    bool passed;
    uint64_t cycles;
    uint64_t dma_count, fault_count, tlb_lookups, tlb_hits, mem_requests;
    uint64_t pdtc_lookups, pdtc_hits, pdtc_fills, pdtc_invals; /* process-context cache (section 6.4): lookups,
                                                                 hits, fills, entries invalidated */
    uint64_t causes[512];     /* fault responses per cause (the cause table's values are below 512) */
    uint64_t oracle_checks;   /* responses checked against what software mapped */
    uint64_t oracle_causes;   /* fault responses whose cause was checked against what software wrote */
    uint64_t oracle_records;  /* fault records checked field by field against what software wrote */
    uint64_t oracle_stale;    /* responses the oracle accepted only as an older outcome (a stale cache entry) */
    uint64_t out_of_order;    /* responses that came before an older request's */
    uint64_t records_moved;   /* transaction check: fault records in another slot than the arch layer's */
    coverage_t coverage;      /* functional coverage of this run */
    /* Set when a mismatch or an error stopped the run. */
    uint64_t fail_cycle;
    uint64_t txn_start_cycle; /* the cycle the transaction in flight was accepted (fail_cycle if none) */
    bool mismatch;            /* an output differed (else: a bench error such as a hang) */
    char first_signal[32];    /* the first differing output field, on a mismatch */
    char report[8192];        /* the sentences describing the failure */
    uint64_t trace_time_of_fail; /* trace time stamp of the failing cycle, when traced */
} bench_result_t;

void bench_config_defaults(bench_config_t *cfg);
/* A livelocked implementation that keeps making handshakes never trips idle_limit; this bound does:
 * a base plus a budget per stimulus command that grows with memory latency and back-pressure, and the
 * cycles the program waits and polls. */
uint64_t bench_default_cycle_limit(const bench_config_t *cfg, const stim_program_t *prog);
/* Runs prog to completion or first failure. Returns 0 when it passed. */
int bench_run(const bench_config_t *cfg, const stim_program_t *prog, bench_result_t *res);

#endif
