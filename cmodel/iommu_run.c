/* iommu-run: the functional runner. Runs a stimulus (docs/formats.md, format v1) on the architectural
 * layer of the golden model (iommu_arch.h) with a sparse memory, and writes the transaction log (format
 * v1) that the cycle-accurate model and the RTL must reproduce byte for byte.
 *
 *   iommu-run [--config FILE.cfg] FILE.stim [-o OUT.log]     (log to stdout by default)
 *
 * The configuration is the one the stimulus states (`config PATH`, docs/formats.md); --config FILE gives one
 * for a stimulus that states none and must agree with a stated one (exit 2 on a conflict); without either,
 * the model uses the configuration the RTL implements (iommu_config_rtl()). A file is read with
 * iommu_config_load and checked with iommu_config_validate (docs/config.md). After every register
 * write, "Invalidation Completion" and ATS timeout, the command queue runs until it is empty or stalls
 * (docs/decisions.md).
 *
 * Per transaction the log holds its fault-record writes, then the interrupt-wire changes, then its
 * response. Exit status: 0 on success, 1 on a run failure (file, parse, poll), 2 on a usage error. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommu_arch.h"
#include "memory.h"
#include "stim.h"
#include "txlog.h"

/* Everything the run needs, passed explicitly. */
typedef struct {
    const char *stim_path;
    txlog_t *log;
    sim_memory_t *mem;
    iommu_mem_if_t mem_if;
    iommu_msg_if_t msg_if;
    iommu_arch_t arch;
    uint16_t wsi;            /* interrupt-wire levels already logged */
} runner_t;

/* ---- memory interface of the architectural layer, backed by sim_memory, logging IOMMU writes ---- */

static int run_mem_write(void *user, uint64_t addr, uint64_t data, uint8_t byte_enables)
{
    runner_t *r = user;
    int err = sim_memory_write(r->mem, addr, data, byte_enables);
    if (byte_enables == 0x0f) /* a 4-byte write (MSI, IOFENCE.C): data in the enabled half */
        txlog_memwr4(r->log, addr, (uint32_t)data, err);
    else if (byte_enables == 0xf0)
        txlog_memwr4(r->log, addr + 4, (uint32_t)(data >> 32), err);
    else
        txlog_memwr(r->log, addr, data, err);
    return err;
}

static int run_mem_cas(void *user, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old)
{
    runner_t *r = user;
    int err = sim_memory_cas(r->mem, addr, cmp, data, old);
    /* hardware A/D updates (docs/formats.md memcas): data was stored only if old equalled cmp */
    txlog_memcas(r->log, addr, cmp, data, err ? 0 : *old, err);
    return err;
}

/* ---- messages to devices ---- */

static void run_msg_inval(void *user, uint32_t did, unsigned itag, uint64_t payload, bool pv, uint32_t pid)
{
    runner_t *r = user;
    txlog_msg_inval(r->log, did, itag, payload, pv, pid);
}

static void run_msg_prgr(void *user, uint32_t did, uint64_t payload, bool pv, uint32_t pid)
{
    runner_t *r = user;
    txlog_msg_prgr(r->log, did, payload, pv, pid);
}

/* Logs every interrupt wire whose level changed since the last check, lowest vector first. */
static void check_irq(runner_t *r)
{
    uint16_t now = iommu_arch_wsi(&r->arch);
    uint16_t changed = (uint16_t)(now ^ r->wsi);
    for (unsigned v = 0; v < 16; v++)
        if (changed & (1u << v))
            txlog_irq(r->log, v, (now >> v) & 1u);
    r->wsi = now;
}

static int run_dma(runner_t *r, const stim_cmd_t *c)
{
    iommu_request_t req = {
        .did = c->did & 0xffffff,
        .pv = c->pv,
        .pid = c->pid & 0xfffff,
        .priv = c->priv,
        .ttyp = c->ttyp,
        .iova = c->iova,
    };
    iommu_response_t rsp = iommu_arch_translate(&r->arch, &req, &r->mem_if); /* logs the record writes */
    check_irq(r);
    if (rsp.ats)
        txlog_ats(r->log, c->tag, &rsp.ats_cpl); /* ttyp=ats: the completion (success, UR or CA) */
    else if (rsp.fault)
        txlog_rsp_fault(r->log, c->tag, rsp.cause);
    else if (rsp.mrif)
        txlog_rsp_mrif(r->log, c->tag, rsp.mrif_addr, rsp.notice_addr, rsp.notice_data);
    else
        txlog_rsp_ok(r->log, c->tag, rsp.pa, rsp.pbmt);
    return 0;
}

static int run_poll(runner_t *r, const stim_cmd_t *c)
{
    uint64_t v = 0;
    unsigned reads = c->poll_max ? c->poll_max : 1;
    for (unsigned n = 0; n < reads; n++) {
        v = iommu_arch_reg_read(&r->arch, c->reg_offset, c->reg_size == 8);
        if ((v & c->poll_mask) == c->poll_value) {
            txlog_poll(r->log, c->reg_name, v);
            return 0;
        }
    }
    fprintf(stderr,
            "%s:%u: poll %s never matched: mask=0x%" PRIx64 " value=0x%" PRIx64 ", last value 0x%" PRIx64
            " after %u reads\n",
            r->stim_path, c->line, c->reg_name, c->poll_mask, c->poll_value, v, reads);
    return -1;
}

static int run_command(runner_t *r, const stim_cmd_t *c)
{
    switch (c->kind) {
    case STIM_MEM:
    case STIM_MEMERR:
        stim_apply_memory(c, r->mem);
        return 0;
    case STIM_WRITE:
        iommu_arch_reg_write(&r->arch, c->reg_offset, c->reg_size == 8, c->data);
        check_irq(r);
        return 0;
    case STIM_READ:
        txlog_read(r->log, c->reg_name, iommu_arch_reg_read(&r->arch, c->reg_offset, c->reg_size == 8));
        return 0;
    case STIM_POLL:
        return run_poll(r, c);
    case STIM_DMA:
        return run_dma(r, c);
    case STIM_WAIT:
        return 0;
    case STIM_PGREQ: {
        pq_request_t p = {
            .did = c->did & 0xffffff,
            .pv = c->pv,
            .pid = c->pid & 0xfffff,
            .priv = c->pv && c->priv,
            .exec = c->pv && c->exec,
            .r = c->pg_r,
            .w = c->pg_w,
            .l = c->pg_last,
            .prgi = (uint16_t)(c->prgi & 0x1ff),
            .addr = c->addr & ~0xfffull,
        };
        iommu_arch_page_request(&r->arch, &p);
        check_irq(r);
        return 0;
    }
    case STIM_INVCPL:
        iommu_arch_inval_completion(&r->arch, c->did & 0xffffff, c->itags);
        check_irq(r);
        return 0;
    case STIM_ATSTIMEOUT:
        iommu_arch_ats_timeout(&r->arch);
        check_irq(r);
        return 0;
    }
    return 0;
}

static void usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [--config FILE.cfg] FILE.stim [-o OUT.log]\n"
            "Runs a stimulus (format v1) on the functional model of the IOMMU and writes the transaction\n"
            "log (format v1).\n"
            "  --config FILE  the IOMMU configuration (docs/config.md) for a stimulus that states none\n"
            "              (`config PATH` in the file); default: the RTL's (config/rtl.cfg)\n"
            "  -o FILE     write the log to FILE instead of standard output\n"
            "  -h, --help  show this help\n",
            prog);
}

int main(int argc, char **argv)
{
    const char *prog = argc > 0 ? argv[0] : "iommu-run";
    const char *stim_path = NULL, *out_path = NULL, *cfg_path = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout, prog);
            return 0;
        } else if (strcmp(a, "-o") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '-') {
                /* `-o --x` would otherwise take the next option as the file name */
                fprintf(stderr, "%s: -o needs a file name%s%s%s\n", prog, i + 1 < argc ? ", got the option '" : "",
                        i + 1 < argc ? argv[i + 1] : "", i + 1 < argc ? "'" : "");
                usage(stderr, prog);
                return 2;
            }
            out_path = argv[++i];
        } else if (strcmp(a, "--config") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '-') {
                /* `--config --x` would otherwise take the next option as the file name */
                fprintf(stderr, "%s: --config needs a file name%s%s%s\n", prog, i + 1 < argc ? ", got the option '" : "",
                        i + 1 < argc ? argv[i + 1] : "", i + 1 < argc ? "'" : "");
                usage(stderr, prog);
                return 2;
            }
            cfg_path = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "%s: unknown option '%s'\n", prog, a);
            usage(stderr, prog);
            return 2;
        } else if (!stim_path) {
            stim_path = a;
        } else {
            fprintf(stderr, "%s: more than one stimulus file ('%s' and '%s')\n", prog, stim_path, a);
            usage(stderr, prog);
            return 2;
        }
    }
    if (!stim_path) {
        fprintf(stderr, "%s: no stimulus file given\n", prog);
        usage(stderr, prog);
        return 2;
    }

    iommu_config_t cfg;
    char err[4096];
    /* --config first: a bad configuration file is reported whatever the stimulus */
    if (cfg_path) {
        if (iommu_config_load(cfg_path, &cfg, err, sizeof(err)) != 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        if (iommu_config_validate(&cfg, err, sizeof(err)) != 0) {
            fprintf(stderr, "%s: configuration rejected: %s\n", cfg_path, err);
            return 1;
        }
    }
    FILE *probe = fopen(stim_path, "rb");
    if (!probe) {
        fprintf(stderr, "%s: cannot open %s: %s\n", prog, stim_path, strerror(errno));
        return 1;
    }
    fclose(probe);

    stim_program_t prog_cmds = {0};
    if (stim_parse_file(stim_path, &prog_cmds, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        stim_free(&prog_cmds);
        return 1;
    }
    /* The configuration the stimulus states (`config PATH`, docs/formats.md), else --config, else the RTL's.
     * Both given: they must agree in content, or the run would test something the file was not written for. */
    iommu_config_t stated;
    int have_stated = stim_load_config(&prog_cmds, stim_path, &stated, err, sizeof(err));
    if (have_stated < 0) {
        fprintf(stderr, "%s\n", err);
        stim_free(&prog_cmds);
        return 1;
    }
    if (cfg_path) {
        char why[256];
        if (have_stated && !iommu_config_equal(&stated, &cfg, why, sizeof why)) {
            fprintf(stderr,
                    "%s: --config %s conflicts with %s:%u, which states the configuration %s: they differ in %s "
                    "(stated vs --config); drop --config to run the stimulus in the configuration it states\n",
                    prog, cfg_path, stim_path, prog_cmds.config_line, prog_cmds.config_text, why);
            stim_free(&prog_cmds);
            return 2;
        }
    } else if (have_stated) {
        cfg = stated;
    } else {
        iommu_config_rtl(&cfg);
    }

    FILE *log = stdout;
    if (out_path) {
        log = fopen(out_path, "w");
        if (!log) {
            fprintf(stderr, "%s: cannot create %s: %s\n", prog, out_path, strerror(errno));
            stim_free(&prog_cmds);
            return 1;
        }
    }

    runner_t r = {.stim_path = stim_path, .log = malloc(sizeof(txlog_t)), .mem = sim_memory_new(), .wsi = 0};
    if (!r.mem || !r.log) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return 1;
    }
    /* reads straight from the memory (they are not logged); writes and compare-and-swaps through the hooks */
    r.mem_if = (iommu_mem_if_t){.write = run_mem_write, .cas = run_mem_cas, .user = &r, .read_memory = r.mem};
    r.msg_if = (iommu_msg_if_t){run_msg_inval, run_msg_prgr, &r};
    iommu_arch_init(&r.arch, &cfg, &r.mem_if, &r.msg_if);
    r.wsi = iommu_arch_wsi(&r.arch);

    txlog_init(r.log, log);
    int status = 0;
    txlog_header(r.log);
    for (size_t i = 0; i < prog_cmds.count; i++) {
        if (run_command(&r, &prog_cmds.cmds[i]) != 0) {
            status = 1;
            break;
        }
    }
    if (status == 0)
        txlog_end(r.log);
    /* A `mem ... cas` store that never landed tested no race: the author expected a compare-and-swap there. */
    if (status == 0 && sim_memory_stores_armed(r.mem) > 0)
        fprintf(stderr, "%s: note: %zu store(s) of `mem ADDR DATA cas` never landed (no compare-and-swap of their "
                        "address followed)\n", stim_path, sim_memory_stores_armed(r.mem));

    if (txlog_flush(r.log) != 0 || fflush(log) != 0 || (log != stdout && fclose(log) != 0)) {
        fprintf(stderr, "%s: error writing the log: %s\n", prog, strerror(errno));
        status = 1;
    }
    free(r.log);
    sim_memory_free(r.mem);
    stim_free(&prog_cmds);
    return status;
}
