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
#include "memory.h"
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
    stim_cq_track_t cq; /* where the next `cmd` goes */
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

/* ats=R,W,U,LOG2 (version 11): the ATS completion software expects of an ok ttyp=ats request; R and U 0 or 1,
 * W 0, 1 or x (either), LOG2 12..63 the log2 of the range size. */
static int parse_ats_expect(parse_ctx_t *pc, const char *val, stim_cmd_t *c)
{
    char r, w, u, extra;
    unsigned log2;
    if (sscanf(val, "%c,%c,%c,%u%c", &r, &w, &u, &log2, &extra) != 4 || (r != '0' && r != '1') ||
        (u != '0' && u != '1') || (w != '0' && w != '1' && w != 'x') || log2 < 12 || log2 > 63)
        return fail(pc, "dma: expected ats=R,W,U,LOG2 (R, U 0|1; W 0|1|x; LOG2 12..63, e.g. ats=1,x,0,21), got '%s'", val);
    c->expect_ats = true;
    c->expect_ats_r = (uint8_t)(r - '0');
    c->expect_ats_w = w == 'x' ? STIM_ATS_EITHER : (uint8_t)(w - '0');
    c->expect_ats_u = (uint8_t)(u - '0');
    c->expect_ats_log2 = (uint8_t)log2;
    return 0;
}

/* expect=A[|B...]: the outcomes the software that wrote the tables allows for a request (the bench's mapping
 * oracle checks it). Each alternative is ok@PA, fault or fault@CAUSE; a bare CAUSE after a fault adds to that
 * fault's causes (so the older form fault@C1|C2 keeps its meaning). The first alternative is what the tables
 * give now; the others are older states a cache may still hold. */
static int parse_expect(parse_ctx_t *pc, const char *val, stim_cmd_t *c)
{
    const char *usage = "dma: expected expect=ok@PA, expect=fault or expect=fault@CAUSE, alternatives separated by '|' "
                        "(e.g. expect=ok@0x1000|fault@13)";
    char buf[512];
    if (strlen(val) >= sizeof buf) return fail(pc, "dma: expect= is longer than %zu characters", sizeof buf - 1);
    snprintf(buf, sizeof buf, "%s", val);
    c->expect = STIM_EXPECT_UNKNOWN;
    c->expect_cause_count = 0;
    c->expect_old_count = 0;
    int alt = -1;            /* index of the current alternative: 0 = the first, k > 0 = expect_old[k - 1] */
    bool alt_fault = false;  /* whether the current alternative is a fault (a bare CAUSE may follow) */
    for (char *t = buf;;) {
        char *bar = strchr(t, '|');
        if (bar) *bar = '\0';
        uint64_t v;
        bool is_ok = strncmp(t, "ok@", 3) == 0, is_fault = strcmp(t, "fault") == 0 || strncmp(t, "fault@", 6) == 0;
        if (is_ok || is_fault) {
            if (alt + 1 > STIM_EXPECT_OLD_MAX)
                return fail(pc, "dma: expect= lists more than %d outcomes", STIM_EXPECT_OLD_MAX + 1);
            alt++;
            alt_fault = is_fault;
            stim_outcome_t *o = alt > 0 ? &c->expect_old[alt - 1] : NULL;
            if (o) memset(o, 0, sizeof *o), c->expect_old_count = (uint8_t)alt;
            if (is_ok) {
                if (number(pc, "dma expect=ok@PA", t + 3, UINT64_MAX, &v)) return -1;
                if (o) o->pa = v;
                else c->expect = STIM_EXPECT_OK, c->expect_pa = v;
            } else {
                if (o) o->fault = true;
                else c->expect = STIM_EXPECT_FAULT;
                t = t[5] == '@' ? t + 6 : NULL;
            }
        } else if (!alt_fault) {
            return fail(pc, "%s, got '%s'", usage, val);
        }
        if (t != NULL && !is_ok) { /* a cause of the current fault alternative */
            uint16_t *causes = alt > 0 ? c->expect_old[alt - 1].causes : c->expect_causes;
            uint8_t *count = alt > 0 ? &c->expect_old[alt - 1].cause_count : &c->expect_cause_count;
            if (*count == STIM_EXPECT_CAUSES_MAX)
                return fail(pc, "dma: expect=fault@ lists more than %d causes", STIM_EXPECT_CAUSES_MAX);
            if (number(pc, "dma expect=fault@CAUSE", t, 0xfff, &v)) return -1;
            causes[(*count)++] = (uint16_t)v;
        }
        if (bar == NULL) return 0;
        t = bar + 1;
    }
}

static bool causes_allow(const uint16_t *causes, unsigned count, unsigned cause)
{
    if (count == 0) return true;
    for (unsigned i = 0; i < count; i++)
        if (causes[i] == cause) return true;
    return false;
}

bool stim_expect_allows(const stim_cmd_t *c, bool fault, unsigned cause, uint64_t pa, bool *old)
{
    *old = false;
    if (c->expect == STIM_EXPECT_UNKNOWN) return true;
    if (c->expect == STIM_EXPECT_OK && !fault && pa == c->expect_pa) return true;
    if (c->expect == STIM_EXPECT_FAULT && fault && causes_allow(c->expect_causes, c->expect_cause_count, cause))
        return true;
    for (unsigned k = 0; k < c->expect_old_count; k++) {
        const stim_outcome_t *o = &c->expect_old[k];
        if (o->fault ? fault && causes_allow(o->causes, o->cause_count, cause) : !fault && pa == o->pa) {
            *old = true;
            return true;
        }
    }
    return false;
}

bool stim_expect_may_fault(const stim_cmd_t *c)
{
    if (c->expect == STIM_EXPECT_FAULT) return true;
    for (unsigned k = 0; k < c->expect_old_count; k++)
        if (c->expect_old[k].fault) return true;
    return false;
}

bool stim_expect_cause_allowed(const stim_cmd_t *c, unsigned cause)
{
    if (c->expect == STIM_EXPECT_FAULT && causes_allow(c->expect_causes, c->expect_cause_count, cause)) return true;
    for (unsigned k = 0; k < c->expect_old_count; k++)
        if (c->expect_old[k].fault && causes_allow(c->expect_old[k].causes, c->expect_old[k].cause_count, cause))
            return true;
    return false;
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
        } else if (strcmp(key, "ats") == 0) {
            if (parse_ats_expect(pc, val, c)) return -1;
        } else if (strcmp(key, "dtf") == 0) {
            if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0)
                return fail(pc, "dma: expected dtf=0|1, got '%s'", val);
            c->expect_dtf = val[0] == '1';
        } else if (strcmp(key, "iotval2") == 0) {
            if (!parse_u64(val, &c->expect_iotval2))
                return fail(pc, "dma: expected iotval2=NUMBER (decimal or 0x hex), got '%s'", val);
        } else if (strcmp(key, "pbmt") == 0) {
            if (strlen(val) != 1 || val[0] < '0' || val[0] > '3')
                return fail(pc, "dma: expected pbmt=0|1|2|3 (the Svpbmt type of an expected ok), got '%s'", val);
            c->expect_pbmt = (uint8_t)(val[0] - '0');
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
            return fail(pc, "dma: unknown key '%s' (expected tag, did, ttyp, iova, pid, pv, priv, expect, dtf, iotval2, ats)", key);
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
        } else if (strcmp(key, "iotval2") == 0) {
            if (!parse_u64(val, &c->expect_iotval2))
                return fail(pc, "dma: expected iotval2=NUMBER (decimal or 0x hex), got '%s'", val);
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
        } else if (strcmp(key, "expect") == 0) { /* version 11: fault@CAUSE, as for dma (the mapping oracle) */
            if (parse_expect(pc, val, c)) return -1;
        } else if (strcmp(key, "dtf") == 0) {
            if (parse_flag(pc, "pgreq", key, val, &c->expect_dtf)) return -1;
        } else {
            return fail(pc, "pgreq: unknown key '%s' (expected did, addr, pid, priv, exec, r, w, last, prgi, expect, dtf)", key);
        }
    }
    if (!have_did) return fail(pc, "pgreq: missing did=");
    if (!have_addr) return fail(pc, "pgreq: missing addr=");
    if (!have_prgi) return fail(pc, "pgreq: missing prgi=");
    return 0;
}

/* ---- `cmd`: commands of the command queue (IOMMU spec "Command-Queue (CQ)" and its command sections) ---- */

/* One operand: which doubleword, its lowest bit and width there, and how many low bits of the written value
 * are dropped (ADDR fields hold ADDR[63:12] or ADDR[63:2]; those low bits must be 0). */
typedef struct {
    const char *key;
    unsigned dw, lsb, width, shift;
} cmd_operand_t;

typedef struct {
    const char *name;
    unsigned opcode, func3;
    cmd_operand_t ops[9];
} cmd_form_t;

static const cmd_form_t cmd_forms[] = {
    {"IOTINVAL.VMA", 1, 0,
     {{"av", 0, 10, 1, 0}, {"pscid", 0, 12, 20, 0}, {"pscv", 0, 32, 1, 0}, {"gv", 0, 33, 1, 0},
      {"nl", 0, 34, 1, 0}, {"gscid", 0, 44, 16, 0}, {"s", 1, 9, 1, 0}, {"addr", 1, 10, 52, 12}}},
    {"IOTINVAL.GVMA", 1, 1,
     {{"av", 0, 10, 1, 0}, {"pscid", 0, 12, 20, 0}, {"pscv", 0, 32, 1, 0}, {"gv", 0, 33, 1, 0},
      {"nl", 0, 34, 1, 0}, {"gscid", 0, 44, 16, 0}, {"s", 1, 9, 1, 0}, {"addr", 1, 10, 52, 12}}},
    {"IOFENCE.C", 2, 0,
     {{"av", 0, 10, 1, 0}, {"wsi", 0, 11, 1, 0}, {"pr", 0, 12, 1, 0}, {"pw", 0, 13, 1, 0},
      {"data", 0, 32, 32, 0}, {"addr", 1, 0, 62, 2}}},
    {"IODIR.INVAL_DDT", 3, 0, {{"pid", 0, 12, 20, 0}, {"dv", 0, 33, 1, 0}, {"did", 0, 40, 24, 0}}},
    {"IODIR.INVAL_PDT", 3, 1, {{"pid", 0, 12, 20, 0}, {"dv", 0, 33, 1, 0}, {"did", 0, 40, 24, 0}}},
    {"ATS.INVAL", 4, 0,
     {{"pid", 0, 12, 20, 0}, {"pv", 0, 32, 1, 0}, {"dsv", 0, 33, 1, 0}, {"rid", 0, 40, 16, 0},
      {"dseg", 0, 56, 8, 0}, {"payload", 1, 0, 64, 0}}},
    {"ATS.PRGR", 4, 1,
     {{"pid", 0, 12, 20, 0}, {"pv", 0, 32, 1, 0}, {"dsv", 0, 33, 1, 0}, {"rid", 0, 40, 16, 0},
      {"dseg", 0, 56, 8, 0}, {"payload", 1, 0, 64, 0}}},
    {"raw", 0, 0, {{"dw0", 0, 0, 64, 0}, {"dw1", 1, 0, 64, 0}}},
};
#define N_CMD_FORMS (sizeof cmd_forms / sizeof cmd_forms[0])

int stim_command_encode(char **f, int n, uint64_t *dw0, uint64_t *dw1, char *err, size_t err_len)
{
    const cmd_form_t *form = NULL;
    for (size_t i = 0; i < N_CMD_FORMS; i++)
        if (strcmp(cmd_forms[i].name, f[0]) == 0) form = &cmd_forms[i];
    if (form == NULL) {
        size_t len = (size_t)snprintf(err, err_len, "cmd: unknown command '%s' (expected", f[0]);
        for (size_t i = 0; i < N_CMD_FORMS && len < err_len; i++)
            len += (size_t)snprintf(err + len, err_len - len, "%s %s", i ? "," : "", cmd_forms[i].name);
        if (len < err_len) snprintf(err + len, err_len - len, ")");
        return -1;
    }
    uint64_t dw[2] = {form->opcode | (uint64_t)form->func3 << 7, 0};
    unsigned seen = 0;
    for (int i = 1; i < n; i++) {
        char key[32];
        const char *eq = strchr(f[i], '=');
        size_t klen = eq ? (size_t)(eq - f[i]) : 0;
        if (eq == NULL || klen >= sizeof key) {
            snprintf(err, err_len, "cmd %s: expected key=value, got '%s'", form->name, f[i]);
            return -1;
        }
        memcpy(key, f[i], klen);
        key[klen] = '\0';
        unsigned k;
        for (k = 0; k < 9 && form->ops[k].key != NULL; k++)
            if (strcmp(form->ops[k].key, key) == 0) break;
        if (k == 9 || form->ops[k].key == NULL) {
            size_t len = (size_t)snprintf(err, err_len, "cmd %s: unknown key '%s' (expected", form->name, key);
            for (unsigned j = 0; j < 9 && form->ops[j].key != NULL && len < err_len; j++)
                len += (size_t)snprintf(err + len, err_len - len, "%s %s", j ? "," : "", form->ops[j].key);
            if (len < err_len) snprintf(err + len, err_len - len, ")");
            return -1;
        }
        if (seen & (1u << k)) {
            snprintf(err, err_len, "cmd %s: key '%s' given twice", form->name, key);
            return -1;
        }
        seen |= 1u << k;
        const cmd_operand_t *op = &form->ops[k];
        uint64_t v;
        if (!parse_u64(eq + 1, &v)) {
            snprintf(err, err_len, "cmd %s: %s: expected a number (decimal or 0x hex), got '%s'", form->name, key, eq + 1);
            return -1;
        }
        if (op->shift && (v & ((1ull << op->shift) - 1))) {
            snprintf(err, err_len, "cmd %s: %s=%s: bits %u:0 must be 0 (the field holds %s[63:%u])", form->name, key,
                     eq + 1, op->shift - 1, key, op->shift);
            return -1;
        }
        v >>= op->shift;
        uint64_t max = op->width == 64 ? UINT64_MAX : (1ull << op->width) - 1;
        if (v > max) {
            snprintf(err, err_len, "cmd %s: %s=%s does not fit its %u-bit field (at most 0x%" PRIx64 ")", form->name,
                     key, eq + 1, op->width, op->shift ? max << op->shift : max);
            return -1;
        }
        if (op->width == 64) dw[op->dw] = v;
        else dw[op->dw] = (dw[op->dw] & ~(max << op->lsb)) | v << op->lsb;
    }
    *dw0 = dw[0];
    *dw1 = dw[1];
    return 0;
}

void stim_cq_track_write(stim_cq_track_t *t, const stim_cmd_t *c)
{
    uint16_t cqb_off = 0, cqt_off = 0;
    uint8_t size;
    stim_register_by_name("cqb", &cqb_off, &size);
    stim_register_by_name("cqt", &cqt_off, &size);
    if (c->kind != STIM_WRITE) return;
    if (c->reg_offset == cqb_off && c->reg_size == 8) t->cqb = c->data, t->cqb_written = true;
    else if (c->reg_offset == cqb_off) t->cqb = (t->cqb & ~0xffffffffull) | (c->data & 0xffffffffull), t->cqb_written = true;
    else if (c->reg_offset == cqb_off + 4) t->cqb = (t->cqb & 0xffffffffull) | (c->data << 32), t->cqb_written = true;
    else if (c->reg_offset == cqt_off) t->cqt = (uint32_t)c->data;
    else return;
    /* spec "cqb": the queue has 2^(LOG2SZ-1 + 1) entries; cqt holds an index into it */
    uint64_t entries = 2ull << (t->cqb & 0x1f);
    t->cqt = (uint32_t)(t->cqt & (entries - 1));
}

stim_cmd_t *stim_append_command(stim_program_t *prog, stim_cq_track_t *t, uint64_t dw0, uint64_t dw1, bool nowait)
{
    uint64_t base = ((t->cqb >> 10) & ((1ull << 44) - 1)) << 12, entries = 2ull << (t->cqb & 0x1f);
    uint64_t slot = base + (uint64_t)t->cqt * 16;
    stim_cmd_t *m0 = stim_append(prog, STIM_MEM);
    m0->addr = slot, m0->data = dw0, m0->cmd_part = true;
    stim_cmd_t *m1 = stim_append(prog, STIM_MEM);
    m1->addr = slot + 8, m1->data = dw1, m1->cmd_part = true;
    t->cqt = (uint32_t)((t->cqt + 1) & (entries - 1));
    stim_cmd_t *w = stim_append(prog, STIM_WRITE);
    stim_register_by_name("cqt", &w->reg_offset, &w->reg_size);
    strcpy(w->reg_name, "cqt");
    w->data = t->cqt;
    w->nowait = nowait;
    w->cmd = true, w->cmd_dw0 = dw0, w->cmd_dw1 = dw1;
    return w;
}

static int parse_cmd(parse_ctx_t *pc, char **f, int n, stim_program_t *prog)
{
    if (n < 2) return fail(pc, "cmd: expected 'cmd NAME key=value ... [nowait]' (docs/formats.md)");
    bool nowait = strcmp(f[n - 1], "nowait") == 0;
    if (nowait) n--;
    if (!pc->cq.cqb_written)
        return fail(pc, "cmd: no cqb write before this line: software places a command at cqb.PPN * 4096 + cqt * 16, "
                        "so write cqb (and cqt) first");
    uint64_t dw0, dw1;
    char why[512];
    if (stim_command_encode(f + 1, n - 1, &dw0, &dw1, why, sizeof why)) return fail(pc, "%s", why);
    size_t first = prog->count;
    stim_append_command(prog, &pc->cq, dw0, dw1, nowait);
    for (size_t i = first; i < prog->count; i++) prog->cmds[i].line = pc->line;
    return 0;
}

static int parse_line(parse_ctx_t *pc, char **f, int n, stim_program_t *prog)
{
    const char *cmd = f[0];
    uint64_t v;
    stim_cmd_t *c;
    if (strcmp(cmd, "mem") == 0) {
        if (expect_fields(pc, cmd, n, 3, 4, "mem ADDR DATA [cas]")) return -1;
        c = stim_append(prog, STIM_MEM);
        if (number(pc, "mem ADDR", f[1], UINT64_MAX, &c->addr)) return -1;
        if (c->addr % 8) return fail(pc, "mem: address %s is not 8-byte aligned", f[1]);
        if (number(pc, "mem DATA", f[2], UINT64_MAX, &c->data)) return -1;
        if (n == 4 && strcmp(f[3], "cas") != 0)
            return fail(pc, "mem: expected 'cas' (the store lands at the IOMMU's next compare-and-swap of ADDR) "
                            "or nothing after DATA, got '%s'", f[3]);
        c->at_cas = n == 4;
    } else if (strcmp(cmd, "memerr") == 0) {
        if (expect_fields(pc, cmd, n, 3, 4, "memerr ADDR access|corrupt|ok [write]")) return -1;
        c = stim_append(prog, STIM_MEMERR);
        if (number(pc, "memerr ADDR", f[1], UINT64_MAX, &c->addr)) return -1;
        if (c->addr % 8) return fail(pc, "memerr: address %s is not 8-byte aligned", f[1]);
        if (strcmp(f[2], "access") == 0) c->mem_err = IOMMU_MEM_ACCESS_FAULT;
        else if (strcmp(f[2], "corrupt") == 0) c->mem_err = IOMMU_MEM_DATA_CORRUPTION;
        else if (strcmp(f[2], "ok") == 0) c->mem_err = IOMMU_MEM_OK;
        else return fail(pc, "memerr: expected access, corrupt or ok, got '%s'", f[2]);
        if (n == 4 && strcmp(f[3], "write") != 0)
            return fail(pc, "memerr: expected 'write' (the mark applies to writes and compare-and-swaps only) or "
                            "nothing after %s, got '%s'", f[2], f[3]);
        if (n == 4 && c->mem_err == IOMMU_MEM_OK)
            return fail(pc, "memerr: 'ok' clears every mark of the granule and takes no 'write'");
        c->mem_err_write = n == 4;
    } else if (strcmp(cmd, "write") == 0) {
        if (expect_fields(pc, cmd, n, 3, 5, "write REG DATA [size=4|8] [nowait]")) return -1;
        c = stim_append(prog, STIM_WRITE);
        if (parse_register(pc, cmd, f[1], c)) return -1;
        if (number(pc, "write DATA", f[2], UINT64_MAX, &c->data)) return -1;
        if (parse_access_options(pc, cmd, "DATA", f, 3, n, c)) return -1;
        if (c->reg_size == 4 && c->data > 0xffffffffu)
            return fail(pc, "write: DATA %s does not fit a 4-byte access", f[2]);
        stim_cq_track_write(&pc->cq, c);
    } else if (strcmp(cmd, "read") == 0) {
        if (expect_fields(pc, cmd, n, 2, 4, "read REG [size=4|8] [nowait]")) return -1;
        c = stim_append(prog, STIM_READ);
        if (parse_register(pc, cmd, f[1], c)) return -1;
        if (parse_access_options(pc, cmd, "REG", f, 2, n, c)) return -1;
    } else if (strcmp(cmd, "poll") == 0) {
        if (expect_fields(pc, cmd, n, 4, 6, "poll REG MASK VALUE [max=N] [nowait]")) return -1;
        c = stim_append(prog, STIM_POLL);
        if (parse_register(pc, cmd, f[1], c)) return -1;
        if (number(pc, "poll MASK", f[2], UINT64_MAX, &c->poll_mask)) return -1;
        if (number(pc, "poll VALUE", f[3], UINT64_MAX, &c->poll_value)) return -1;
        c->poll_max = 1000;
        bool have_max = false;
        for (int i = 4; i < n; i++) {
            if (strcmp(f[i], "nowait") == 0 && !c->nowait) {
                c->nowait = true;
            } else if (strncmp(f[i], "max=", 4) == 0 && !have_max) {
                have_max = true;
                if (number(pc, "poll max", f[i] + 4, 1000000, &v)) return -1;
                if (v == 0) return fail(pc, "poll: max must be at least 1");
                c->poll_max = (unsigned)v;
            } else {
                return fail(pc, "poll: expected max=N or nowait after VALUE, got '%s'", f[i]);
            }
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
    } else if (strcmp(cmd, "cmd") == 0) {
        return parse_cmd(pc, f, n, prog); /* sets the lines of its expansion */
    } else {
        return fail(pc, "unknown command '%s' (expected mem, memerr, write, read, poll, dma, wait, pgreq, "
                        "invcpl, atstimeout or cmd)", cmd);
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
    parse_ctx_t pc = {name, 0, err, err_len, {0, 0, false}};
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

/* Whether commands i, i+1, i+2 are the expansion of one `cmd` (its two slot stores and its cqt write). */
static bool is_cmd_triple(const stim_program_t *prog, size_t i)
{
    return i + 2 < prog->count && prog->cmds[i].kind == STIM_MEM && prog->cmds[i].cmd_part &&
           prog->cmds[i + 1].kind == STIM_MEM && prog->cmds[i + 1].cmd_part && prog->cmds[i + 2].cmd &&
           prog->cmds[i].data == prog->cmds[i + 2].cmd_dw0 && prog->cmds[i + 1].data == prog->cmds[i + 2].cmd_dw1;
}

void stim_number_lines(stim_program_t *prog)
{
    unsigned line = prog->config_line ? 3 : 2; /* line 1 is the header */
    for (size_t i = 0; i < prog->count; i++) {
        if (is_cmd_triple(prog, i)) {
            prog->cmds[i].line = prog->cmds[i + 1].line = prog->cmds[i + 2].line = line++;
            i += 2;
            continue;
        }
        prog->cmds[i].line = line++;
    }
}

void stim_write(const stim_program_t *prog, void *file)
{
    FILE *f = file;
    fputs("iommu-stim 1\n", f);
    if (prog->config_line) fprintf(f, "config %s\n", prog->config_text);
    for (size_t i = 0; i < prog->count; i++) {
        const stim_cmd_t *c = &prog->cmds[i];
        if (is_cmd_triple(prog, i)) { /* a `cmd` written back as one line (it expands to the same three) */
            const stim_cmd_t *w = &prog->cmds[i + 2];
            fprintf(f, "cmd raw dw0=0x%" PRIx64 " dw1=0x%" PRIx64 "%s\n", w->cmd_dw0, w->cmd_dw1, w->nowait ? " nowait" : "");
            i += 2;
            continue;
        }
        switch (c->kind) {
        case STIM_MEM: fprintf(f, "mem 0x%" PRIx64 " 0x%" PRIx64 "%s\n", c->addr, c->data, c->at_cas ? " cas" : ""); break;
        case STIM_MEMERR:
            fprintf(f, "memerr 0x%" PRIx64 " %s%s\n", c->addr, mem_err_name(c->mem_err), c->mem_err_write ? " write" : "");
            break;
        case STIM_WRITE:
            fprintf(f, "write 0x%x 0x%" PRIx64 " size=%u%s\n", c->reg_offset, c->data, c->reg_size,
                    c->nowait ? " nowait" : "");
            break;
        case STIM_READ: fprintf(f, "read %s size=%u%s\n", c->reg_name, c->reg_size, c->nowait ? " nowait" : ""); break;
        case STIM_POLL:
            fprintf(f, "poll %s 0x%" PRIx64 " 0x%" PRIx64 " max=%u%s\n", c->reg_name, c->poll_mask,
                    c->poll_value, c->poll_max, c->nowait ? " nowait" : "");
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
            }
            for (unsigned a = 0; c->expect != STIM_EXPECT_UNKNOWN && a < c->expect_old_count; a++) {
                const stim_outcome_t *o = &c->expect_old[a];
                if (!o->fault) fprintf(f, "|ok@0x%" PRIx64, o->pa);
                else fprintf(f, "|fault%s", o->cause_count ? "@" : "");
                for (unsigned k = 0; o->fault && k < o->cause_count; k++) fprintf(f, "%s%u", k ? "|" : "", o->causes[k]);
            }
            if (stim_expect_may_fault(c) && c->expect_dtf) fprintf(f, " dtf=1");
            if (c->expect_iotval2) fprintf(f, " iotval2=0x%" PRIx64, c->expect_iotval2);
            if (c->expect == STIM_EXPECT_OK && c->expect_pbmt) fprintf(f, " pbmt=%u", c->expect_pbmt);
            if (c->expect_ats)
                fprintf(f, " ats=%u,%c,%u,%u", c->expect_ats_r,
                        c->expect_ats_w == STIM_ATS_EITHER ? 'x' : (char)('0' + c->expect_ats_w), c->expect_ats_u,
                        c->expect_ats_log2);
            fputc('\n', f);
            break;
        case STIM_WAIT: fprintf(f, "wait %u\n", c->cycles); break;
        case STIM_PGREQ:
            fprintf(f, "pgreq did=0x%x addr=0x%" PRIx64 " r=%d w=%d last=%d prgi=%u", c->did, c->addr, c->pg_r,
                    c->pg_w, c->pg_last, c->prgi);
            if (c->pv) fprintf(f, " pid=0x%x priv=%s exec=%d", c->pid, c->priv ? "s" : "u", c->exec);
            if (c->expect == STIM_EXPECT_FAULT && c->expect_cause_count) fprintf(f, " expect=fault@%u", c->expect_causes[0]);
            if (c->expect == STIM_EXPECT_FAULT && c->expect_dtf) fputs(" dtf=1", f);
            fputc('\n', f);
            break;
        case STIM_INVCPL: fprintf(f, "invcpl did=0x%x itags=0x%x\n", c->did, c->itags); break;
        case STIM_ATSTIMEOUT: fputs("atstimeout\n", f); break;
        }
    }
}

void stim_apply_memory(const stim_cmd_t *c, sim_memory_t *mem)
{
    if (c->kind == STIM_MEM && c->at_cas) sim_memory_arm_store(mem, c->addr, c->data);
    else if (c->kind == STIM_MEM) sim_memory_poke(mem, c->addr, c->data, 0xff);
    else if (c->kind == STIM_MEMERR && c->mem_err_write) sim_memory_set_write_error(mem, c->addr, c->mem_err);
    else if (c->kind == STIM_MEMERR) sim_memory_set_error(mem, c->addr, c->mem_err);
}
