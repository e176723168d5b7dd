/* Stimulus format v1 parser and writer (docs/formats.md). Every error names file, line and what was
 * expected. */
#include "stim.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "reg_map.h"
#include "spec_enums.h"

#define MAX_FIELDS 16
#define MAX_LINE 1024

/* Registers by name: the register map generated from data/iommu.yaml (reg_map.h). */
bool stim_register_by_name(const char *name, uint16_t *offset, uint8_t *size)
{
    for (size_t i = 0; i < IOMMU_REGISTER_COUNT; i++) {
        if (strcmp(iommu_registers[i].name, name) == 0) {
            *offset = iommu_registers[i].offset;
            *size = iommu_registers[i].size;
            return true;
        }
    }
    return false;
}

/* A transaction type by its stimulus keyword (iommu_ttyp_stim_name, generated); false if none. */
static bool ttyp_by_name(const char *name, uint8_t *ttyp)
{
    for (unsigned t = 0; t < 16; t++) {
        if (strcmp(iommu_ttyp_stim_name(t), name) == 0) {
            *ttyp = (uint8_t)t;
            return true;
        }
    }
    return false;
}

typedef struct {
    const char *file;
    unsigned line;
    char *err;
    size_t err_len;
} parse_ctx_t;

static int fail(parse_ctx_t *pc, const char *fmt, ...)
{
    int n = snprintf(pc->err, pc->err_len, "%s:%u: ", pc->file, pc->line);
    if (n < 0 || (size_t)n >= pc->err_len) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pc->err + n, pc->err_len - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static bool parse_u64(const char *s, uint64_t *v)
{
    /* strtoull would skip leading white space (\v, \f) and accept a sign: a number starts with a digit */
    if (*s < '0' || *s > '9') return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10);
    if (errno != 0 || *end != '\0') return false;
    *v = x;
    return true;
}

static int number(parse_ctx_t *pc, const char *what, const char *s, uint64_t max, uint64_t *v)
{
    if (!parse_u64(s, v)) return fail(pc, "%s: expected a number (decimal or 0x hex), got '%s'", what, s);
    if (*v > max) return fail(pc, "%s: value %s is larger than the maximum 0x%" PRIx64, what, s, max);
    return 0;
}

static int expect_fields(parse_ctx_t *pc, const char *cmd, int n, int min, int max, const char *usage)
{
    if (n < min || n > max) return fail(pc, "%s: expected '%s', got %d operand(s)", cmd, usage, n - 1);
    return 0;
}

static int parse_register(parse_ctx_t *pc, const char *cmd, const char *s, stim_cmd_t *c)
{
    if (strlen(s) >= sizeof c->reg_name)
        return fail(pc, "%s: register name '%s' is too long", cmd, s);
    strcpy(c->reg_name, s);
    if (stim_register_by_name(s, &c->reg_offset, &c->reg_size)) return 0;
    uint64_t off;
    if (!parse_u64(s, &off))
        return fail(pc, "%s: unknown register '%s' (expected a register name such as ddtp, fqcsr, "
                        "ipsr, or a byte offset)", cmd, s);
    if (off > 0xff8 || off % 4 != 0)
        return fail(pc, "%s: register offset %s must be 4-byte aligned and below 0x1000", cmd, s);
    c->reg_offset = (uint16_t)off;
    c->reg_size = (off % 8 == 0) ? 8 : 4;
    return 0;
}

static int parse_size_option(parse_ctx_t *pc, const char *cmd, const char *s, stim_cmd_t *c)
{
    if (strcmp(s, "size=4") == 0) c->reg_size = 4;
    else if (strcmp(s, "size=8") == 0) c->reg_size = 8;
    else return fail(pc, "%s: expected 'size=4' or 'size=8', got '%s'", cmd, s);
    if (c->reg_offset % c->reg_size != 0)
        return fail(pc, "%s: an %u-byte access to offset 0x%x is misaligned", cmd, c->reg_size,
                    c->reg_offset);
    return 0;
}

/* The options of a register access, fields first..n-1: `size=4|8` and `nowait`, each at most once. */
static int parse_access_options(parse_ctx_t *pc, const char *cmd, const char *after, char **f, int first, int n,
                                stim_cmd_t *c)
{
    bool have_size = false;
    for (int i = first; i < n; i++) {
        if (strcmp(f[i], "nowait") == 0 && !c->nowait) {
            c->nowait = true;
        } else if (strncmp(f[i], "size=", 5) == 0 && !have_size) {
            have_size = true;
            if (parse_size_option(pc, cmd, f[i], c)) return -1;
        } else {
            return fail(pc, "%s: expected 'size=4', 'size=8' or 'nowait' after %s, got '%s'", cmd, after, f[i]);
        }
    }
    return 0;
}

/* expect=ok@PA or expect=fault@CAUSE[|CAUSE...]: what the software that wrote the tables expects of a
 * request (the bench's mapping oracle checks it). */
static int parse_expect(parse_ctx_t *pc, const char *val, stim_cmd_t *c)
{
    const char *usage = "dma: expected expect=ok@PA, expect=fault or expect=fault@CAUSE[|CAUSE...]";
    uint64_t v;
    if (strcmp(val, "fault") == 0) { /* a fault, cause not stated */
        c->expect = STIM_EXPECT_FAULT;
        c->expect_cause_count = 0;
        return 0;
    }
    if (strncmp(val, "ok@", 3) == 0) {
        if (number(pc, "dma expect=ok@PA", val + 3, UINT64_MAX, &v)) return -1;
        c->expect = STIM_EXPECT_OK;
        c->expect_pa = v;
        return 0;
    }
    if (strncmp(val, "fault@", 6) != 0) return fail(pc, "%s, got '%s'", usage, val);
    c->expect = STIM_EXPECT_FAULT;
    c->expect_cause_count = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", val + 6);
    for (char *t = buf;;) {
        char *bar = strchr(t, '|');
        if (bar) *bar = '\0';
        if (c->expect_cause_count == STIM_EXPECT_CAUSES_MAX)
            return fail(pc, "dma: expect=fault@ lists more than %d causes", STIM_EXPECT_CAUSES_MAX);
        if (number(pc, "dma expect=fault@CAUSE", t, 0xfff, &v)) return -1;
        c->expect_causes[c->expect_cause_count++] = (uint16_t)v;
        if (bar == NULL) return 0;
        t = bar + 1;
    }
}

static int parse_dma(parse_ctx_t *pc, char **f, int n, stim_cmd_t *c)
{
    bool have_tag = false, have_did = false, have_ttyp = false, have_iova = false;
    int pv = -1; /* pv= as written, -1 when absent (then a pid= means pv=1) */
    for (int i = 1; i < n; i++) {
        char *eq = strchr(f[i], '=');
        if (eq == NULL) return fail(pc, "dma: expected key=value, got '%s'", f[i]);
        *eq = '\0';
        const char *key = f[i], *val = eq + 1;
        uint64_t v;
        if (strcmp(key, "tag") == 0) {
            if (number(pc, "dma tag", val, 0xffff, &v)) return -1;
            c->tag = (uint16_t)v;
            have_tag = true;
        } else if (strcmp(key, "did") == 0) {
            if (number(pc, "dma did", val, 0xffffff, &v)) return -1;
            c->did = (uint32_t)v;
            have_did = true;
        } else if (strcmp(key, "iova") == 0) {
            if (number(pc, "dma iova", val, UINT64_MAX, &v)) return -1;
            c->iova = v;
            have_iova = true;
        } else if (strcmp(key, "pid") == 0) {
            if (number(pc, "dma pid", val, 0xfffff, &v)) return -1;
            c->pid = (uint32_t)v;
            c->pv = true;
        } else if (strcmp(key, "pv") == 0) {
            if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0)
                return fail(pc, "dma: expected pv=0|1, got '%s'", val);
            pv = val[0] == '1';
        } else if (strcmp(key, "expect") == 0) {
            if (parse_expect(pc, val, c)) return -1;
        } else if (strcmp(key, "dtf") == 0) {
            if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0)
                return fail(pc, "dma: expected dtf=0|1, got '%s'", val);
            c->expect_dtf = val[0] == '1';
        } else if (strcmp(key, "priv") == 0) {
            if (strcmp(val, "u") == 0) c->priv = false;
            else if (strcmp(val, "s") == 0) c->priv = true;
            else return fail(pc, "dma: expected priv=u|s, got '%s'", val);
        } else if (strcmp(key, "ttyp") == 0) {
            if (!ttyp_by_name(val, &c->ttyp)) {
                char names[128] = "";
                for (unsigned t = 0; t < 16; t++) {
                    if (strcmp(iommu_ttyp_stim_name(t), "?") == 0) continue;
                    size_t n = strlen(names);
                    snprintf(names + n, sizeof names - n, "%s%s", n ? "|" : "", iommu_ttyp_stim_name(t));
                }
                return fail(pc, "dma: expected ttyp=%s, got '%s'", names, val);
            }
            have_ttyp = true;
        } else {
            return fail(pc, "dma: unknown key '%s' (expected tag, did, ttyp, iova, pid, pv, priv, expect, dtf)", key);
        }
    }
    if (pv >= 0) c->pv = pv; /* pv=0 with a pid: the port carries a pid that the IOMMU must ignore */
    if (!have_tag) return fail(pc, "dma: missing tag=");
    if (!have_did) return fail(pc, "dma: missing did=");
    if (!have_ttyp) return fail(pc, "dma: missing ttyp=");
    if (!have_iova) return fail(pc, "dma: missing iova=");
    return 0;
}

static int parse_flag(parse_ctx_t *pc, const char *cmd, const char *key, const char *val, bool *out)
{
    if (strcmp(val, "0") == 0) *out = false;
    else if (strcmp(val, "1") == 0) *out = true;
    else return fail(pc, "%s: expected %s=0 or %s=1, got '%s'", cmd, key, key, val);
    return 0;
}

static int parse_pgreq(parse_ctx_t *pc, char **f, int n, stim_cmd_t *c)
{
    bool have_did = false, have_addr = false, have_prgi = false;
    for (int i = 1; i < n; i++) {
        char *eq = strchr(f[i], '=');
        if (eq == NULL) return fail(pc, "pgreq: expected key=value, got '%s'", f[i]);
        *eq = '\0';
        const char *key = f[i], *val = eq + 1;
        uint64_t v;
        if (strcmp(key, "did") == 0) {
            if (number(pc, "pgreq did", val, 0xffffff, &v)) return -1;
            c->did = (uint32_t)v;
            have_did = true;
        } else if (strcmp(key, "addr") == 0) {
            if (number(pc, "pgreq addr", val, UINT64_MAX, &v)) return -1;
            c->addr = v;
            have_addr = true;
        } else if (strcmp(key, "pid") == 0) {
            if (number(pc, "pgreq pid", val, 0xfffff, &v)) return -1;
            c->pid = (uint32_t)v;
            c->pv = true;
        } else if (strcmp(key, "priv") == 0) {
            if (strcmp(val, "u") == 0) c->priv = false;
            else if (strcmp(val, "s") == 0) c->priv = true;
            else return fail(pc, "pgreq: expected priv=u|s, got '%s'", val);
        } else if (strcmp(key, "exec") == 0) {
            if (parse_flag(pc, "pgreq", key, val, &c->exec)) return -1;
        } else if (strcmp(key, "r") == 0) {
            if (parse_flag(pc, "pgreq", key, val, &c->pg_r)) return -1;
        } else if (strcmp(key, "w") == 0) {
            if (parse_flag(pc, "pgreq", key, val, &c->pg_w)) return -1;
        } else if (strcmp(key, "last") == 0) {
            if (parse_flag(pc, "pgreq", key, val, &c->pg_last)) return -1;
        } else if (strcmp(key, "prgi") == 0) {
            if (number(pc, "pgreq prgi", val, 511, &v)) return -1;
            c->prgi = (uint16_t)v;
            have_prgi = true;
        } else {
            return fail(pc, "pgreq: unknown key '%s' (expected did, addr, pid, priv, exec, r, w, last, prgi)", key);
        }
    }
    if (!have_did) return fail(pc, "pgreq: missing did=");
    if (!have_addr) return fail(pc, "pgreq: missing addr=");
    if (!have_prgi) return fail(pc, "pgreq: missing prgi=");
    return 0;
}

static int parse_line(parse_ctx_t *pc, char **f, int n, stim_program_t *prog)
{
    const char *cmd = f[0];
    uint64_t v;
    stim_cmd_t *c;
    if (strcmp(cmd, "mem") == 0) {
        if (expect_fields(pc, cmd, n, 3, 3, "mem ADDR DATA")) return -1;
        c = stim_append(prog, STIM_MEM);
        if (number(pc, "mem ADDR", f[1], UINT64_MAX, &c->addr)) return -1;
        if (c->addr % 8) return fail(pc, "mem: address %s is not 8-byte aligned", f[1]);
        if (number(pc, "mem DATA", f[2], UINT64_MAX, &c->data)) return -1;
    } else if (strcmp(cmd, "memerr") == 0) {
        if (expect_fields(pc, cmd, n, 3, 3, "memerr ADDR access|corrupt|ok")) return -1;
        c = stim_append(prog, STIM_MEMERR);
        if (number(pc, "memerr ADDR", f[1], UINT64_MAX, &c->addr)) return -1;
        if (c->addr % 8) return fail(pc, "memerr: address %s is not 8-byte aligned", f[1]);
        if (strcmp(f[2], "access") == 0) c->mem_err = IOMMU_MEM_ACCESS_FAULT;
        else if (strcmp(f[2], "corrupt") == 0) c->mem_err = IOMMU_MEM_DATA_CORRUPTION;
        else if (strcmp(f[2], "ok") == 0) c->mem_err = IOMMU_MEM_OK;
        else return fail(pc, "memerr: expected access, corrupt or ok, got '%s'", f[2]);
    } else if (strcmp(cmd, "write") == 0) {
        if (expect_fields(pc, cmd, n, 3, 5, "write REG DATA [size=4|8] [nowait]")) return -1;
        c = stim_append(prog, STIM_WRITE);
        if (parse_register(pc, cmd, f[1], c)) return -1;
        if (number(pc, "write DATA", f[2], UINT64_MAX, &c->data)) return -1;
        if (parse_access_options(pc, cmd, "DATA", f, 3, n, c)) return -1;
        if (c->reg_size == 4 && c->data > 0xffffffffu)
            return fail(pc, "write: DATA %s does not fit a 4-byte access", f[2]);
    } else if (strcmp(cmd, "read") == 0) {
        if (expect_fields(pc, cmd, n, 2, 4, "read REG [size=4|8] [nowait]")) return -1;
        c = stim_append(prog, STIM_READ);
        if (parse_register(pc, cmd, f[1], c)) return -1;
        if (parse_access_options(pc, cmd, "REG", f, 2, n, c)) return -1;
    } else if (strcmp(cmd, "poll") == 0) {
        if (expect_fields(pc, cmd, n, 4, 5, "poll REG MASK VALUE [max=N]")) return -1;
        c = stim_append(prog, STIM_POLL);
        if (parse_register(pc, cmd, f[1], c)) return -1;
        if (number(pc, "poll MASK", f[2], UINT64_MAX, &c->poll_mask)) return -1;
        if (number(pc, "poll VALUE", f[3], UINT64_MAX, &c->poll_value)) return -1;
        c->poll_max = 1000;
        if (n == 5) {
            if (strncmp(f[4], "max=", 4) != 0) return fail(pc, "poll: expected max=N, got '%s'", f[4]);
            if (number(pc, "poll max", f[4] + 4, 1000000, &v)) return -1;
            if (v == 0) return fail(pc, "poll: max must be at least 1");
            c->poll_max = (unsigned)v;
        }
    } else if (strcmp(cmd, "dma") == 0) {
        c = stim_append(prog, STIM_DMA);
        if (parse_dma(pc, f, n, c)) return -1;
    } else if (strcmp(cmd, "wait") == 0) {
        if (expect_fields(pc, cmd, n, 2, 2, "wait N")) return -1;
        c = stim_append(prog, STIM_WAIT);
        if (number(pc, "wait N", f[1], 100000000, &v)) return -1;
        c->cycles = (uint32_t)v;
    } else if (strcmp(cmd, "pgreq") == 0) {
        c = stim_append(prog, STIM_PGREQ);
        if (parse_pgreq(pc, f, n, c)) return -1;
    } else if (strcmp(cmd, "invcpl") == 0) {
        if (expect_fields(pc, cmd, n, 3, 3, "invcpl did=D itags=MASK")) return -1;
        c = stim_append(prog, STIM_INVCPL);
        if (strncmp(f[1], "did=", 4) != 0) return fail(pc, "invcpl: expected did=D, got '%s'", f[1]);
        if (number(pc, "invcpl did", f[1] + 4, 0xffffff, &v)) return -1;
        c->did = (uint32_t)v;
        if (strncmp(f[2], "itags=", 6) != 0) return fail(pc, "invcpl: expected itags=MASK, got '%s'", f[2]);
        if (number(pc, "invcpl itags", f[2] + 6, 0xffffffffu, &v)) return -1;
        c->itags = (uint32_t)v;
    } else if (strcmp(cmd, "atstimeout") == 0) {
        if (expect_fields(pc, cmd, n, 1, 1, "atstimeout")) return -1;
        c = stim_append(prog, STIM_ATSTIMEOUT);
    } else {
        return fail(pc, "unknown command '%s' (expected mem, memerr, write, read, poll, dma, wait, pgreq, "
                        "invcpl or atstimeout)", cmd);
    }
    c->line = pc->line;
    return 0;
}

/* `config PATH`: only before the first command, once; PATH is resolved against the stimulus file's folder
 * so that the file means the same from any working directory (docs/decisions.md). */
static int parse_config(parse_ctx_t *pc, char **f, int n, stim_program_t *prog)
{
    if (n != 2) return fail(pc, "config: expected 'config PATH' (one configuration file, docs/config.md), got %d operand(s)", n - 1);
    if (prog->config_line != 0)
        return fail(pc, "config: the configuration is already stated at line %u (one 'config' line per stimulus)",
                    prog->config_line);
    if (prog->count != 0)
        return fail(pc, "config: must come before the first command (line %u): the configuration holds for the whole "
                        "stimulus, so it is stated right after the header 'iommu-stim 1'", prog->cmds[0].line);
    size_t len = strlen(f[1]);
    if (len >= sizeof prog->config_text) return fail(pc, "config: the path is longer than %d characters", STIM_PATH_MAX - 1);
    memcpy(prog->config_text, f[1], len + 1);
    const char *slash = strrchr(pc->file, '/');
    if (f[1][0] == '/' || slash == NULL)
        snprintf(prog->config_path, sizeof prog->config_path, "%s", f[1]);
    else
        snprintf(prog->config_path, sizeof prog->config_path, "%.*s/%s", (int)(slash - pc->file), pc->file, f[1]);
    prog->config_line = pc->line;
    return 0;
}

int stim_load_config(const stim_program_t *prog, const char *name, void *cfg_out, char *err, size_t err_len)
{
    if (prog->config_line == 0) return 0;
    iommu_config_t cfg;
    char why[512];
    FILE *probe = fopen(prog->config_path, "rb");
    if (probe == NULL) {
        snprintf(err, err_len, "%s:%u: config %s: cannot open %s: %s (a relative PATH is read from the stimulus "
                               "file's folder)", name, prog->config_line, prog->config_text, prog->config_path,
                 strerror(errno));
        return -1;
    }
    fclose(probe);
    if (iommu_config_load(prog->config_path, &cfg, why, sizeof why) != 0) {
        snprintf(err, err_len, "%s:%u: config %s: %s", name, prog->config_line, prog->config_text, why);
        return -1;
    }
    if (iommu_config_validate(&cfg, why, sizeof why) != 0) {
        snprintf(err, err_len, "%s:%u: config %s: configuration rejected: %s", name, prog->config_line,
                 prog->config_text, why);
        return -1;
    }
    memcpy(cfg_out, &cfg, sizeof cfg);
    return 1;
}

int stim_parse_text(const char *name, const char *text, stim_program_t *prog, char *err, size_t err_len)
{
    parse_ctx_t pc = {name, 0, err, err_len};
    bool have_header = false;
    const char *p = text;
    while (*p != '\0') {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        pc.line++;
        if (len >= MAX_LINE) return fail(&pc, "line longer than %d characters", MAX_LINE - 1);
        char buf[MAX_LINE];
        memcpy(buf, p, len);
        buf[len] = '\0';
        p = eol ? eol + 1 : p + len;
        char *hash = strchr(buf, '#');
        if (hash) *hash = '\0';
        for (const char *q = buf; *q; q++) {
            unsigned char ch = (unsigned char)*q;
            if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f)
                return fail(&pc, "control character 0x%02x in column %u: fields are separated by spaces or tabs",
                            ch, (unsigned)(q - buf) + 1);
        }
        char *f[MAX_FIELDS + 1];
        int n = 0;
        for (char *tok = strtok(buf, " \t\r"); tok != NULL; tok = strtok(NULL, " \t\r")) {
            if (n == MAX_FIELDS) return fail(&pc, "more than %d fields on one line", MAX_FIELDS);
            f[n++] = tok;
        }
        if (n == 0) continue;
        if (!have_header) {
            if (n != 2 || strcmp(f[0], "iommu-stim") != 0)
                return fail(&pc, "expected the header 'iommu-stim 1' as the first line");
            if (strcmp(f[1], "1") != 0)
                return fail(&pc, "stimulus format version %s is not supported (this reader knows 1)", f[1]);
            have_header = true;
            continue;
        }
        if (strcmp(f[0], "config") == 0) {
            if (parse_config(&pc, f, n, prog)) return -1;
            continue;
        }
        if (parse_line(&pc, f, n, prog)) return -1;
    }
    if (!have_header) {
        pc.line = pc.line ? pc.line : 1;
        return fail(&pc, "empty stimulus: expected the header 'iommu-stim 1'");
    }
    return 0;
}

int stim_parse_file(const char *path, stim_program_t *prog, char *err, size_t err_len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        snprintf(err, err_len, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    if (text == NULL) abort();
    size_t got;
    while ((got = fread(text + len, 1, cap - len - 1, fp)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            text = realloc(text, cap);
            if (text == NULL) abort();
        }
    }
    int read_errno = ferror(fp) ? errno : 0;
    fclose(fp);
    text[len] = '\0';
    if (read_errno) {
        free(text);
        if (read_errno == EISDIR)
            snprintf(err, err_len, "%s: is a directory, expected a stimulus file (docs/formats.md)", path);
        else
            snprintf(err, err_len, "%s: read error: %s", path, strerror(read_errno));
        return -1;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        unsigned line = 1;
        for (const char *q = text; q < nul; q++) line += *q == '\n';
        free(text);
        snprintf(err, err_len, "%s:%u: contains a NUL byte: expected a text stimulus file (docs/formats.md)", path,
                 line);
        return -1;
    }
    int rc = stim_parse_text(path, text, prog, err, err_len);
    free(text);
    return rc;
}

stim_cmd_t *stim_append(stim_program_t *prog, enum stim_kind kind)
{
    if (prog->count == prog->capacity) {
        prog->capacity = prog->capacity ? prog->capacity * 2 : 64;
        prog->cmds = realloc(prog->cmds, prog->capacity * sizeof *prog->cmds);
        if (prog->cmds == NULL) abort();
    }
    stim_cmd_t *c = &prog->cmds[prog->count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}

void stim_free(stim_program_t *prog)
{
    free(prog->cmds);
    prog->cmds = NULL;
    prog->count = prog->capacity = 0;
    prog->config_line = 0;
}

static const char *ttyp_name(uint8_t ttyp)
{
    const char *name = iommu_ttyp_stim_name(ttyp);
    return strcmp(name, "?") == 0 ? "read" : name;
}

static const char *mem_err_name(int err)
{
    return err == IOMMU_MEM_ACCESS_FAULT ? "access" : err == IOMMU_MEM_DATA_CORRUPTION ? "corrupt" : "ok";
}

void stim_write(const stim_program_t *prog, void *file)
{
    FILE *f = file;
    fputs("iommu-stim 1\n", f);
    if (prog->config_line) fprintf(f, "config %s\n", prog->config_text);
    for (size_t i = 0; i < prog->count; i++) {
        const stim_cmd_t *c = &prog->cmds[i];
        switch (c->kind) {
        case STIM_MEM: fprintf(f, "mem 0x%" PRIx64 " 0x%" PRIx64 "\n", c->addr, c->data); break;
        case STIM_MEMERR: fprintf(f, "memerr 0x%" PRIx64 " %s\n", c->addr, mem_err_name(c->mem_err)); break;
        case STIM_WRITE:
            fprintf(f, "write 0x%x 0x%" PRIx64 " size=%u%s\n", c->reg_offset, c->data, c->reg_size,
                    c->nowait ? " nowait" : "");
            break;
        case STIM_READ: fprintf(f, "read %s size=%u%s\n", c->reg_name, c->reg_size, c->nowait ? " nowait" : ""); break;
        case STIM_POLL:
            fprintf(f, "poll %s 0x%" PRIx64 " 0x%" PRIx64 " max=%u\n", c->reg_name, c->poll_mask,
                    c->poll_value, c->poll_max);
            break;
        case STIM_DMA:
            fprintf(f, "dma tag=%u did=0x%x ttyp=%s iova=0x%" PRIx64, c->tag, c->did, ttyp_name(c->ttyp),
                    c->iova);
            if (c->pv) fprintf(f, " pid=0x%x priv=%s", c->pid, c->priv ? "s" : "u");
            else if (c->pid || c->priv) fprintf(f, " pv=0 pid=0x%x priv=%s", c->pid, c->priv ? "s" : "u");
            if (c->expect == STIM_EXPECT_OK) fprintf(f, " expect=ok@0x%" PRIx64, c->expect_pa);
            if (c->expect == STIM_EXPECT_FAULT) {
                fprintf(f, " expect=fault%s", c->expect_cause_count ? "@" : "");
                for (unsigned k = 0; k < c->expect_cause_count; k++) fprintf(f, "%s%u", k ? "|" : "", c->expect_causes[k]);
                if (c->expect_dtf) fprintf(f, " dtf=1");
            }
            fputc('\n', f);
            break;
        case STIM_WAIT: fprintf(f, "wait %u\n", c->cycles); break;
        case STIM_PGREQ:
            fprintf(f, "pgreq did=0x%x addr=0x%" PRIx64 " r=%d w=%d last=%d prgi=%u", c->did, c->addr, c->pg_r,
                    c->pg_w, c->pg_last, c->prgi);
            if (c->pv) fprintf(f, " pid=0x%x priv=%s exec=%d", c->pid, c->priv ? "s" : "u", c->exec);
            fputc('\n', f);
            break;
        case STIM_INVCPL: fprintf(f, "invcpl did=0x%x itags=0x%x\n", c->did, c->itags); break;
        case STIM_ATSTIMEOUT: fputs("atstimeout\n", f); break;
        }
    }
}
