/* iommu-perf: throughput of the architectural layer (the functional runner's translation path) in
 * translations per second on one core, on random untranslated reads spread over 4096 mapped 4 KiB pages of
 * one device (`make bench` reports it through tools/bench.py).
 *
 *   iommu-perf [--scenario a|b|c] [-n N] [--runs R] [--seed S]
 *
 * Scenarios, all with the full configuration (iommu_config_full(), as config/full.cfg), a 3LVL device
 * directory and extended (64-byte) device contexts, the fault queue on:
 *   a  single stage: iosatp Sv39, iohgatp Bare
 *   b  two stage: iosatp Sv39 over iohgatp Sv39x4; every first-stage table and every leaf's guest page is
 *      mapped by the second stage with 4 KiB leaves
 *   c  as b, with pdtp PD20 and a process_id on every request (16 process contexts sharing the first stage)
 * The 4096 mapped IOVA pages are contiguous (16 MiB); each maps to a shuffled system page, so a walk that
 * reads a wrong PTE lands on a wrong address. Each request is a random page and a random 8-byte aligned
 * offset, translated by iommu_arch_translate exactly as the functional runner does (memory through the
 * model's sparse memory and the same hooks, each response's log line through the txlog writer into
 * /dev/null). Every response is checked against the address this program mapped, and the number of
 * doublewords read (a device context is one block read of 8) against a full walk of every structure (the
 * architectural layer has no cache); any difference stops the program with exit status 1. Each figure is
 * the best of R runs of the same seeded requests, timed in CPU time of the (single) thread, so that other
 * processes on a shared machine do not count. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime(CLOCK_THREAD_CPUTIME_ID) */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "iommu_arch.h"
#include "memory.h"
#include "spec_fields.h"
#include "txlog.h"

enum { PAGES = 4096, PIDS = 16, PAGE = 4096 };

/* xorshift64* generator: the only source of randomness, seeded from the command line */
typedef struct {
    uint64_t s;
} rng_t;

static void rng_seed(rng_t *r, uint64_t seed) { r->s = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull; }

static uint64_t rng_next(rng_t *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dull;
}

/* ------------------------------------------------------------------------------ building the tables */

/* Address-space layout: table pages (system) from SPA_TABLES upwards, guest table pages from GPA_TABLES,
 * the guest data pages at GPA_DATA, the system data pages at SPA_DATA, the IOVAs at IOVA_BASE. */
static const uint64_t SPA_TABLES = 0x1000000, SPA_DATA = 0x400000000, GPA_TABLES = 0x80000000,
                      GPA_DATA = 0x100000000, IOVA_BASE = 0x246800000;
static const uint32_t DEVICE_ID = 0xa5b3c7;

typedef struct {
    sim_memory_t *mem;
    uint64_t next_spa; /* next free system table page */
    uint64_t next_gpa; /* next free guest table page */
    uint64_t g_root;   /* second-stage root (16 KiB, system address); 0: no second stage */
} layout_t;

static uint64_t pte_pointer(uint64_t addr) { return pte_V_ins(pte_PPN_ins(0, addr >> 12), 1); }

/* V R W U A D: a User read/write leaf that needs no A/D update */
static uint64_t pte_leaf(uint64_t addr)
{
    uint64_t p = pte_PPN_ins(0, addr >> 12);
    p = pte_V_ins(p, 1), p = pte_R_ins(p, 1), p = pte_W_ins(p, 1), p = pte_U_ins(p, 1);
    return pte_D_ins(pte_A_ins(p, 1), 1);
}

static uint64_t alloc_spa(layout_t *l, unsigned pages)
{
    uint64_t a = l->next_spa;
    l->next_spa += (uint64_t)pages * PAGE;
    return a;
}

/* The system address of a table page: guest tables go through the second stage (a walk of the tables this
 * program wrote), system tables are used as they are. */
static uint64_t table_spa(const layout_t *l, bool guest, uint64_t a)
{
    if (!guest)
        return a;
    uint64_t t = l->g_root;
    for (int i = 2; i >= 0; i--) {
        unsigned bits = i == 2 ? 11 : 9; /* Sv39x4: the root index is GPA[40:30] */
        uint64_t pte = sim_memory_peek(l->mem, t + ((a >> (12 + 9 * i)) & field_ones(bits)) * 8);
        if (!pte_V(pte)) {
            fprintf(stderr, "iommu-perf: internal error: guest page 0x%" PRIx64 " is not mapped\n", a);
            exit(1);
        }
        t = pte_PPN(pte) << 12;
    }
    return t | (a & 0xfff);
}

static void map_g(layout_t *l, uint64_t gpa, uint64_t spa);

/* A new zeroed table page: a system page, or (guest) a guest page mapped by the second stage. */
static uint64_t alloc_table(layout_t *l, bool guest)
{
    uint64_t spa = alloc_spa(l, 1);
    if (!guest)
        return spa;
    uint64_t gpa = l->next_gpa;
    l->next_gpa += PAGE;
    map_g(l, gpa, spa);
    return gpa;
}

/* Writes the level-0 PTE of va in the three-level table at root (x4: root index 2 bits wider), creating
 * the intermediate tables; guest: table addresses are guest-physical. */
static void map_3level(layout_t *l, bool guest, bool x4, uint64_t root, uint64_t va, uint64_t leaf)
{
    uint64_t t = root;
    for (int i = 2; i >= 0; i--) {
        unsigned bits = (x4 && i == 2) ? 11 : 9;
        uint64_t slot = table_spa(l, guest, t + ((va >> (12 + 9 * i)) & field_ones(bits)) * 8);
        if (i == 0) {
            sim_memory_poke(l->mem, slot, leaf, 0xff);
            return;
        }
        uint64_t pte = sim_memory_peek(l->mem, slot);
        if (!pte_V(pte)) {
            pte = pte_pointer(alloc_table(l, guest));
            sim_memory_poke(l->mem, slot, pte, 0xff);
        }
        t = pte_PPN(pte) << 12;
    }
}

/* Second stage: gpa -> spa with a 4 KiB leaf (its tables are system pages). */
static void map_g(layout_t *l, uint64_t gpa, uint64_t spa) { map_3level(l, false, true, l->g_root, gpa, pte_leaf(spa)); }

/* Writes a doubleword at a (guest-)physical address. */
static void poke(layout_t *l, bool guest, uint64_t a, uint64_t v) { sim_memory_poke(l->mem, table_spa(l, guest, a), v, 0xff); }

/* ------------------------------------------------------------------------------ scenarios */

typedef struct {
    char id;
    const char *name;
    bool two_stage, pdt;
    unsigned reads; /* doublewords read by one full translation */
} scenario_t;

/* Reads per translation: 2 non-leaf DDT entries + 8 DC doublewords; 3 first-stage PTEs; under a second
 * stage each first-stage PTE, each PDT entry and the PC are preceded by a 3-level second-stage walk, and
 * the final GPA takes one more; PD20: 2 non-leaf PDT entries and the 2 PC doublewords. */
static const scenario_t scenarios[] = {
    {'a', "single-stage Sv39, 3LVL DDT", false, false, 10 + 3},
    {'b', "two-stage Sv39 over Sv39x4, 3LVL DDT", true, false, 10 + 3 * 4 + 3},
    {'c', "two-stage Sv39 over Sv39x4, PD20", true, true, 10 + 2 * 4 + (3 + 2) + 3 * 4 + 3},
};

/* Everything one measurement needs, passed explicitly. */
typedef struct {
    const scenario_t *sc;
    iommu_config_t cfg;
    layout_t lay;
    uint64_t expected_spa[PAGES]; /* where IOVA page i must land */
    uint32_t pids[PIDS];
    txlog_t log;    /* into /dev/null */
    iommu_mem_if_t mem_if;
    iommu_arch_t arch;
} perf_t;

/* Memory as in the functional runner (cmodel/iommu_run.c): reads straight from the memory, which counts
 * them; IOMMU writes are logged. */
static int perf_mem_write(void *user, uint64_t addr, uint64_t data, uint8_t byte_enables)
{
    perf_t *p = user;
    int err = sim_memory_write(p->lay.mem, addr, data, byte_enables);
    txlog_memwr(&p->log, addr, data, err);
    return err;
}

static int perf_mem_cas(void *user, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old)
{
    perf_t *p = user;
    int err = sim_memory_cas(p->lay.mem, addr, cmp, data, old);
    txlog_memcas(&p->log, addr, cmp, data, err ? 0 : *old, err);
    return err;
}

/* Random permutation of 0 .. PAGES-1. */
static void shuffle(rng_t *r, uint32_t perm[PAGES])
{
    for (uint32_t i = 0; i < PAGES; i++) perm[i] = i;
    for (uint32_t i = PAGES - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(rng_next(r) % (i + 1));
        uint32_t t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
}

/* Builds the scenario's tables in a fresh memory and programs the IOMMU (fault queue, ddtp). */
static void perf_setup(perf_t *p, const scenario_t *sc, uint64_t seed)
{
    layout_t *l = &p->lay;
    bool g = sc->two_stage;
    rng_t r;
    rng_seed(&r, seed);
    p->sc = sc;
    iommu_config_full(&p->cfg);
    *l = (layout_t){.mem = sim_memory_new(), .next_spa = SPA_TABLES, .next_gpa = GPA_TABLES};
    if (g)
        l->g_root = alloc_spa(l, 4);

    /* first stage: root, and 4096 leaves; each leaf's (guest) page is a shuffled data page */
    uint32_t perm[PAGES], gperm[PAGES];
    shuffle(&r, perm);
    shuffle(&r, gperm);
    uint64_t fs_root = alloc_table(l, g);
    for (uint32_t i = 0; i < PAGES; i++) {
        uint64_t iova = IOVA_BASE + (uint64_t)i * PAGE;
        if (g) {
            uint64_t gpa = GPA_DATA + (uint64_t)perm[i] * PAGE;
            p->expected_spa[i] = SPA_DATA + (uint64_t)gperm[perm[i]] * PAGE;
            map_g(l, gpa, p->expected_spa[i]);
            map_3level(l, true, false, fs_root, iova, pte_leaf(gpa));
        } else {
            p->expected_spa[i] = SPA_DATA + (uint64_t)perm[i] * PAGE;
            map_3level(l, false, false, fs_root, iova, pte_leaf(p->expected_spa[i]));
        }
    }
    uint64_t fsc = iosatp_PPN_ins(iosatp_MODE_ins(0, IOSATP_MODE_SV39), fs_root >> 12);

    /* process directory (PD20, guest pages): PIDS random process_ids, every PC with the same first stage */
    if (sc->pdt) {
        uint64_t pdt_root = alloc_table(l, true);
        for (unsigned k = 0; k < PIDS; k++) {
            uint32_t pid = (uint32_t)(rng_next(&r) & 0xfffff);
            p->pids[k] = pid;
            uint64_t t = pdt_root;
            for (unsigned i = 2; i >= 1; i--) {
                uint64_t slot = t + ((i == 2 ? pid >> 17 : pid >> 8) & (i == 2 ? 0x7u : 0x1ffu)) * 8u;
                uint64_t pdte = sim_memory_peek(l->mem, table_spa(l, true, slot));
                if (!pdte_V(pdte)) {
                    pdte = pdte_V_ins(pdte_PPN_ins(0, alloc_table(l, true) >> 12), 1);
                    poke(l, true, slot, pdte);
                }
                t = pdte_PPN(pdte) << 12;
            }
            uint64_t pc = t + (pid & 0xffu) * 16u;
            poke(l, true, pc + 8u * PC_TA, pc_ta_V_ins(0, 1));
            poke(l, true, pc + 8u * PC_FSC, fsc);
        }
        fsc = pdtp_PPN_ins(pdtp_MODE_ins(0, PDTP_MODE_PD20), pdt_root >> 12);
    }

    /* 3LVL device directory, extended device context of DEVICE_ID: DDI[2] = did[23:15], DDI[1] = did[14:6],
     * DDI[0] = did[5:0] */
    uint64_t ddt_root = alloc_spa(l, 1), ddt_mid = alloc_spa(l, 1), ddt_leaf = alloc_spa(l, 1);
    sim_memory_poke(l->mem, ddt_root + ((DEVICE_ID >> 15) & 0x1ffu) * 8u, pte_pointer(ddt_mid), 0xff);
    sim_memory_poke(l->mem, ddt_mid + ((DEVICE_ID >> 6) & 0x1ffu) * 8u, pte_pointer(ddt_leaf), 0xff);
    uint64_t dc = ddt_leaf + (DEVICE_ID & 0x3fu) * 64u;
    uint64_t tc = tc_PDTV_ins(tc_V_ins(0, 1), sc->pdt);
    uint64_t iohgatp = g ? iohgatp_PPN_ins(iohgatp_MODE_ins(0, IOHGATP_MODE_SV39X4), l->g_root >> 12) : 0;
    sim_memory_poke(l->mem, dc + 8u * DC_TC, tc, 0xff);
    sim_memory_poke(l->mem, dc + 8u * DC_IOHGATP, iohgatp, 0xff);
    sim_memory_poke(l->mem, dc + 8u * DC_FSC, fsc, 0xff); /* ta, msiptp (Off), MSI mask / pattern: 0 */

    /* the IOMMU: fault queue at a system page (16 records), then the directory */
    p->mem_if = (iommu_mem_if_t){.write = perf_mem_write, .cas = perf_mem_cas, .user = p, .read_memory = l->mem};
    iommu_arch_init(&p->arch, &p->cfg, &p->mem_if, NULL);
    iommu_arch_reg_write(&p->arch, REG_FQB, true, fqb_PPN_ins(fqb_LOG2SZM1_ins(0, 3), alloc_spa(l, 1) >> 12));
    iommu_arch_reg_write(&p->arch, REG_FQCSR, false, fqcsr_fqen_ins(0, 1));
    iommu_arch_reg_write(&p->arch, REG_DDTP, true, ddtp_PPN_ins(ddtp_iommu_mode_ins(0, DDTP_MODE_3LVL), ddt_root >> 12));
    if (!p->arch.regs.fqon || ddtp_iommu_mode(iommu_arch_reg_read(&p->arch, REG_DDTP, true)) != DDTP_MODE_3LVL) {
        fprintf(stderr, "iommu-perf: internal error: the IOMMU did not accept the fault queue or ddtp\n");
        exit(1);
    }
}

/* CPU time of this thread: on a shared machine, time spent descheduled is not counted against the model. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One timed run of n translations; checks every response. Returns the elapsed seconds. */
static double perf_run(perf_t *p, uint64_t n, uint64_t seed)
{
    rng_t r;
    rng_seed(&r, seed ^ 0x5eedull);
    iommu_request_t req = {.did = DEVICE_ID, .ttyp = IOMMU_TTYP_UNTRANSLATED_READ, .pv = p->sc->pdt};
    uint64_t reads_before = sim_memory_reads(p->lay.mem);
    double t0 = cpu_seconds();
    for (uint64_t k = 0; k < n; k++) {
        uint64_t rnd = rng_next(&r);
        unsigned page = (unsigned)(rnd % PAGES);
        uint64_t offset = (rnd >> 32) & 0xff8u;
        req.iova = IOVA_BASE + (uint64_t)page * PAGE + offset;
        if (req.pv)
            req.pid = p->pids[(rnd >> 48) % PIDS];
        iommu_response_t rsp = iommu_arch_translate(&p->arch, &req, &p->mem_if);
        if (rsp.fault || rsp.mrif || rsp.ats || rsp.pa != p->expected_spa[page] + offset) {
            fprintf(stderr,
                    "iommu-perf: scenario %c, translation %" PRIu64 ": iova=0x%016" PRIx64 " pid=0x%x gave %s"
                    " cause=%u pa=0x%016" PRIx64 ", expected ok pa=0x%016" PRIx64 "\n",
                    p->sc->id, k, req.iova, req.pid, rsp.fault ? "fault" : rsp.mrif ? "mrif" : "ok", rsp.cause,
                    rsp.pa, p->expected_spa[page] + offset);
            exit(1);
        }
        txlog_rsp_ok(&p->log, (uint16_t)k, rsp.pa, rsp.pbmt);
    }
    txlog_flush(&p->log);
    double dt = cpu_seconds() - t0;
    uint64_t reads = sim_memory_reads(p->lay.mem) - reads_before;
    if (reads != n * p->sc->reads) {
        fprintf(stderr, "iommu-perf: scenario %c: %" PRIu64 " memory reads for %" PRIu64 " translations, a full "
                        "walk of every structure takes %u each\n", p->sc->id, reads, n, p->sc->reads);
        exit(1);
    }
    return dt;
}

static void usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [--scenario a|b|c] [-n N] [--runs R] [--seed S]\n"
            "Translations per second of the architectural layer on random untranslated reads over 4096\n"
            "mapped 4 KiB pages of one device; every response is checked.\n"
            "  --scenario X  a: Sv39, b: Sv39 over Sv39x4, c: b with PD20 (default: all three)\n"
            "  -n N          translations per run, 1 to 10^9 (default 2000000)\n"
            "  --runs R      runs per scenario, 1 to 1000; the best is reported (default 5)\n"
            "  --seed S      seed of the tables and requests (default 1)\n"
            "  -h, --help    show this help\n",
            prog);
}

/* Bounds of the counts: a run of MAX_N translations takes a few minutes on one core; beyond it a typo
 * (or a negative number wrapped to 2^64 - 1) would run for days. */
#define MAX_N 1000000000ull
#define MAX_RUNS 1000ull

/* Decimal without leading zeros, or 0x hex; the value within [min, max]. Prints what was expected. */
static bool parse_count(const char *prog, const char *flag, const char *s, uint64_t min, uint64_t max,
                        const char *what, uint64_t *v)
{
    bool hex = s && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char *digits = s ? (hex ? s + 2 : s) : "";
    bool ok = s && (hex ? isxdigit((unsigned char)digits[0]) : isdigit((unsigned char)digits[0])) &&
              !(!hex && s[0] == '0' && s[1] != '\0');
    if (ok) {
        char *end;
        errno = 0;
        unsigned long long x = strtoull(digits, &end, hex ? 16 : 10);
        ok = errno == 0 && *end == '\0' && x >= min && x <= max;
        if (ok)
            *v = x;
    }
    if (!ok)
        fprintf(stderr, "%s: %s expects %s from %" PRIu64 " to %" PRIu64 " (decimal without leading zeros, or 0x hex), "
                        "got %s%s%s\n", prog, flag, what, min, max, s ? "'" : "", s ? s : "nothing", s ? "'" : "");
    return ok;
}

int main(int argc, char **argv)
{
    const char *prog = argc > 0 ? argv[0] : "iommu-perf";
    uint64_t n = 2000000, runs = 5, seed = 1;
    char only = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout, prog);
            return 0;
        } else if (strcmp(a, "--scenario") == 0) {
            if (!v || strlen(v) != 1 || v[0] < 'a' || v[0] > 'c') {
                fprintf(stderr, "%s: --scenario expects a, b or c, got %s%s%s\n", prog, v ? "'" : "", v ? v : "nothing",
                        v ? "'" : "");
                return 2;
            }
            only = v[0], i++;
        } else if (strcmp(a, "-n") == 0) {
            if (!parse_count(prog, a, v, 1, MAX_N, "a number of translations", &n))
                return 2;
            i++;
        } else if (strcmp(a, "--runs") == 0) {
            if (!parse_count(prog, a, v, 1, MAX_RUNS, "a number of runs", &runs))
                return 2;
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (!parse_count(prog, a, v, 0, UINT64_MAX, "a seed", &seed))
                return 2;
            i++;
        } else {
            fprintf(stderr, "%s: unknown option '%s'\n", prog, a);
            usage(stderr, prog);
            return 2;
        }
    }

    printf("iommu-perf: seed %" PRIu64 ", %" PRIu64 " random untranslated reads per run over %u mapped 4 KiB pages, "
           "best of %" PRIu64 " runs, CPU time of one thread\n", seed, n, PAGES, runs);
    for (size_t s = 0; s < sizeof scenarios / sizeof scenarios[0]; s++) {
        const scenario_t *sc = &scenarios[s];
        if (only && sc->id != only)
            continue;
        perf_t *p = calloc(1, sizeof *p);
        FILE *null = fopen("/dev/null", "w");
        if (!p || !null) {
            fprintf(stderr, "%s: cannot set up the run\n", prog);
            return 1;
        }
        txlog_init(&p->log, null);
        perf_setup(p, sc, seed);
        double best = 0;
        for (uint64_t k = 0; k < runs; k++) {
            double dt = perf_run(p, n, seed);
            if (k == 0 || dt < best)
                best = dt;
        }
        printf("  %c  %-38s %2u reads/translation %8.3f s %7.2f M translations/s\n", sc->id, sc->name, sc->reads,
               best, (double)n / best / 1e6);
        fclose(null);
        sim_memory_free(p->lay.mem);
        free(p);
    }
    return 0;
}
