/* Configuration file v1 reader (docs/config.md) and the validation of a configuration against the rules of
 * the RISC-V IOMMU specification. Every rule in iommu_config_validate names the field it rejects and cites
 * the section of the specification it comes from. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "spec_fields.h"

/* capabilities bits by name (IOMMU spec "IOMMU capabilities (capabilities)"). */
typedef struct {
    const char *name;
    unsigned bit;
} cap_bit_t;

static const cap_bit_t cap_bits[] = {
    {"Sv32", 8},      {"Sv39", 9},      {"Sv48", 10},     {"Sv57", 11},     {"Svrsw60t59b", 14},
    {"Svpbmt", 15},   {"Sv32x4", 16},   {"Sv39x4", 17},   {"Sv48x4", 18},   {"Sv57x4", 19},
    {"AMO_MRIF", 21}, {"MSI_FLAT", 22}, {"MSI_MRIF", 23}, {"AMO_HWAD", 24}, {"ATS", 25},
    {"T2GPA", 26},    {"END", 27},      {"HPM", 30},      {"DBG", 31},      {"PD8", 38},
    {"PD17", 39},     {"PD20", 40},     {"QOSID", 41},    {"NL", 42},       {"S", 43},
};

static bool cap(const iommu_config_t *c, const char *name)
{
    for (size_t i = 0; i < sizeof cap_bits / sizeof cap_bits[0]; i++)
        if (strcmp(cap_bits[i].name, name) == 0)
            return (c->capabilities >> cap_bits[i].bit) & 1u;
    return false;
}

static int fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && len)
        vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- reader ---- */

static bool parse_number(const char *s, uint64_t *v)
{
    if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    unsigned long long x = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? strtoull(s + 2, &end, 16)
                                                                         : strtoull(s, &end, 10);
    if (errno || *end || ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) && s[2] == '\0'))
        return false;
    *v = x;
    return true;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* A numeric key: where it is stored and its range. */
typedef struct {
    const char *key;
    size_t offset;
    uint64_t min, max;
} num_key_t;

#define NUM_KEY(k, field, lo, hi) {k, offsetof(iommu_config_t, field), lo, hi}
static const num_key_t num_keys[] = {
    NUM_KEY("interrupt_vectors", interrupt_vectors, 1, 16),
    NUM_KEY("cq.log2sz_max", cq_log2sz_max, 0, 32),
    NUM_KEY("fq.log2sz_max", fq_log2sz_max, 1, 32),
    NUM_KEY("pq.log2sz_max", pq_log2sz_max, 0, 32),
    NUM_KEY("pscid_bits", pscid_bits, 0, 20),
    NUM_KEY("gscid_bits", gscid_bits, 0, 16),
    NUM_KEY("hpm.counters", hpm_counters, 0, 31),
    NUM_KEY("hpm.counter_bits", hpm_counter_bits, 0, 64),
    NUM_KEY("qosid.rcid_bits", rcid_bits, 0, 12),
    NUM_KEY("qosid.mcid_bits", mcid_bits, 0, 12),
};

static const char *const mode_names[] = {"Off", "Bare", "1LVL", "2LVL", "3LVL"};

/* Applies one key = value; returns NULL or what was expected. */
static const char *apply(iommu_config_t *c, const char *key, char *value, char *why, size_t why_len)
{
    uint64_t v;
    if (strncmp(key, "capabilities.", 13) == 0) {
        const char *f = key + 13;
        if (strcmp(f, "version") == 0) {
            if (!parse_number(value, &v) || v > 0xff)
                return "capabilities.version: expected a number 0..255 (0x10 for version 1.0)";
            c->capabilities = capabilities_version_ins(c->capabilities, v);
            return NULL;
        }
        if (strcmp(f, "IGS") == 0) {
            if (strcmp(value, "MSI") == 0) v = 0;
            else if (strcmp(value, "WSI") == 0) v = 1;
            else if (strcmp(value, "BOTH") == 0) v = 2;
            else return "capabilities.IGS: expected MSI, WSI or BOTH";
            c->capabilities = capabilities_IGS_ins(c->capabilities, v);
            return NULL;
        }
        if (strcmp(f, "PAS") == 0) {
            if (!parse_number(value, &v) || v < 32 || v > 56)
                return "capabilities.PAS: expected a number 32..56";
            c->capabilities = capabilities_PAS_ins(c->capabilities, v);
            return NULL;
        }
        for (size_t i = 0; i < sizeof cap_bits / sizeof cap_bits[0]; i++) {
            if (strcmp(cap_bits[i].name, f) != 0)
                continue;
            if (!parse_number(value, &v) || v > 1) {
                snprintf(why, why_len, "%s: expected 0 or 1", key);
                return why;
            }
            c->capabilities = (c->capabilities & ~(1ull << cap_bits[i].bit)) | (v << cap_bits[i].bit);
            return NULL;
        }
        snprintf(why, why_len, "unknown capabilities field '%s'", f);
        return why;
    }
    bool *flag = NULL;
    if (strcmp(key, "svnapot") == 0) flag = &c->svnapot; /* see docs/decisions.md: not a capabilities bit */
    else if (strcmp(key, "fctl.BE.writable") == 0) flag = &c->fctl_be_writable;
    else if (strcmp(key, "fctl.WSI.writable") == 0) flag = &c->fctl_wsi_writable;
    else if (strcmp(key, "fctl.GXL.writable") == 0) flag = &c->fctl_gxl_writable;
    if (flag) {
        if (!parse_number(value, &v) || v > 1) {
            snprintf(why, why_len, "%s: expected 0 or 1", key);
            return why;
        }
        *flag = v != 0;
        return NULL;
    }
    if (strcmp(key, "ddtp.modes") == 0) {
        uint32_t modes = 0;
        for (char *tok = strtok(value, " \t,"); tok; tok = strtok(NULL, " \t,")) {
            unsigned m = 0;
            while (m < 5 && strcmp(tok, mode_names[m]) != 0)
                m++;
            if (m == 5) {
                snprintf(why, why_len, "ddtp.modes: expected a list of Off Bare 1LVL 2LVL 3LVL, got '%s'", tok);
                return why;
            }
            modes |= 1u << m;
        }
        if (!modes)
            return "ddtp.modes: expected a list of Off Bare 1LVL 2LVL 3LVL, got nothing";
        c->ddtp_modes = modes;
        return NULL;
    }
    for (size_t i = 0; i < sizeof num_keys / sizeof num_keys[0]; i++) {
        if (strcmp(num_keys[i].key, key) != 0)
            continue;
        if (!parse_number(value, &v) || v < num_keys[i].min || v > num_keys[i].max) {
            snprintf(why, why_len, "%s: expected a number %llu..%llu, got '%s'", key,
                     (unsigned long long)num_keys[i].min, (unsigned long long)num_keys[i].max, value);
            return why;
        }
        *(unsigned *)((char *)c + num_keys[i].offset) = (unsigned)v;
        return NULL;
    }
    snprintf(why, why_len, "unknown key '%s'", key);
    return why;
}

/* Reads one line without its newline into line (at most cap - 1 bytes kept, NUL bytes included, so that a
 * binary file is recognised as one). Returns the line's full length, or -1 at the end of the file. */
static long read_line(FILE *f, char *line, size_t cap, size_t *kept)
{
    long n = 0;
    int ch;
    *kept = 0;
    while ((ch = getc(f)) != EOF && ch != '\n') {
        if (*kept < cap - 1)
            line[(*kept)++] = (char)ch;
        n++;
    }
    line[*kept] = '\0';
    return ch == EOF && n == 0 ? -1 : n;
}

int iommu_config_load(const char *path, iommu_config_t *cfg, char *err, size_t err_len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return fail(err, err_len, "%s: cannot open: %s", path, strerror(errno));
    iommu_config_rtl(cfg);
    char line[1024], why[256];
    unsigned lineno = 0;
    bool header = false;
    size_t kept;
    long len;
    while ((len = read_line(f, line, sizeof line, &kept)) >= 0) {
        lineno++;
        for (size_t i = 0; i < kept; i++) {
            unsigned char ch = (unsigned char)line[i];
            if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f) {
                fclose(f);
                return fail(err, err_len, "%s:%u: byte 0x%02x in column %zu is not text: expected a text "
                            "configuration ('iommu-config 1', then 'key = value' lines, docs/config.md)", path,
                            lineno, ch, i + 1);
            }
        }
        if ((size_t)len >= sizeof line - 1) {
            fclose(f);
            return fail(err, err_len, "%s:%u: line longer than %zu characters", path, lineno, sizeof line - 2);
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        if (!header) {
            char word[32];
            unsigned long ver;
            char extra;
            if (sscanf(s, "%31s %lu %c", word, &ver, &extra) != 2 || strcmp(word, "iommu-config") != 0) {
                fclose(f);
                return fail(err, err_len, "%s:%u: expected the header 'iommu-config 1', got '%s'", path, lineno, s);
            }
            if (ver != 1) {
                fclose(f);
                return fail(err, err_len, "%s:%u: configuration format version %lu is not known (expected 1)", path,
                            lineno, ver);
            }
            header = true;
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            fclose(f);
            return fail(err, err_len, "%s:%u: expected 'key = value', got '%s'", path, lineno, s);
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (!*key || !*value) {
            fclose(f);
            return fail(err, err_len, "%s:%u: expected 'key = value' with a key and a value", path, lineno);
        }
        const char *msg = apply(cfg, key, value, why, sizeof why);
        if (msg) {
            fclose(f);
            return fail(err, err_len, "%s:%u: %s", path, lineno, msg);
        }
    }
    int read_errno = ferror(f) ? errno : 0;
    fclose(f);
    if (read_errno == EISDIR)
        return fail(err, err_len, "%s: is a directory, expected a configuration file (docs/config.md)", path);
    if (read_errno)
        return fail(err, err_len, "%s:%u: read error: %s", path, lineno + 1, strerror(read_errno));
    if (!header)
        return fail(err, err_len, "%s:%u: expected the header 'iommu-config 1', got end of file", path, lineno);
    return 0;
}

/* ---- validation ---- */

int iommu_config_validate(const iommu_config_t *c, char *err, size_t len)
{
    const uint64_t caps = c->capabilities;
    /* reserved capabilities bits (spec "capabilities": 13:12, 20, 55:44 reserved) */
    if (caps & ((3ull << 12) | (1ull << 20) | (0xfffull << 44)))
        return fail(err, len, "capabilities: reserved bits set (0x%llx)", (unsigned long long)caps);
    if (capabilities_version(caps) != 0x10)
        return fail(err, len, "capabilities.version: must be 0x10 (specification version 1.0 is modelled)");
    /* spec "capabilities": "When Sv48 is set, Sv39 must be set", "When Sv57 is set, Sv48 must be set" */
    if (cap(c, "Sv48") && !cap(c, "Sv39"))
        return fail(err, len, "capabilities.Sv48: requires capabilities.Sv39 (spec \"capabilities\")");
    if (cap(c, "Sv57") && !cap(c, "Sv48"))
        return fail(err, len, "capabilities.Sv57: requires capabilities.Sv48 (spec \"capabilities\")");
    /* Only what the specification forbids is rejected. A set of modes that looks unusual (Sv39x4 without
     * Sv39, PD20 without PD8, AMO_MRIF without MSI_MRIF) is legal and is modelled as given: a user may be
     * verifying exactly such an IOMMU (docs/config.md). */
    /* spec "Device-context configuration checks": Sv32x4 is usable only when fctl.GXL = 1, and GXL resets
     * to 0 here, so an Sv32x4 capability needs a writable GXL */
    if (cap(c, "Sv32x4") && !c->fctl_gxl_writable)
        return fail(err, len, "capabilities.Sv32x4: requires fctl.GXL.writable = 1 (Sv32x4 is selected by fctl.GXL = 1)");
    /* spec "capabilities" END: when 0 only one endianness is supported, so fctl.BE cannot be writable */
    if (c->fctl_be_writable && !cap(c, "END"))
        return fail(err, len, "fctl.BE.writable: requires capabilities.END = 1 (spec \"capabilities\", END)");
    /* spec "capabilities" IGS: value 3 is reserved; fctl.WSI selects the method only when IGS = BOTH */
    unsigned igs = (unsigned)capabilities_IGS(caps);
    if (igs == 3)
        return fail(err, len, "capabilities.IGS: value 3 is reserved (expected MSI, WSI or BOTH)");
    if (c->fctl_wsi_writable && igs != 2)
        return fail(err, len, "fctl.WSI.writable: requires capabilities.IGS = BOTH (spec \"icvec\", \"fctl\")");
    /* spec "capabilities" T2GPA: guest-physical addresses in ATS translation completions need ATS */
    if (cap(c, "T2GPA") && !cap(c, "ATS"))
        return fail(err, len, "capabilities.T2GPA: requires capabilities.ATS (T2GPA applies to ATS completions)");
    /* spec "capabilities": PAS is the physical address size; PPN fields are 44 bits (56-bit addresses) */
    unsigned pas = (unsigned)capabilities_PAS(caps);
    if (pas < 32 || pas > 56)
        return fail(err, len, "capabilities.PAS: must be 32..56, got %u", pas);
    /* spec "ddtp": Off and Bare must be supported, and at least one directory mode; 5-15 are reserved or
     * custom */
    if ((c->ddtp_modes & 3u) != 3u)
        return fail(err, len, "ddtp.modes: Off and Bare must be supported (spec \"ddtp\")");
    if (c->ddtp_modes & ~0x1fu)
        return fail(err, len, "ddtp.modes: only Off Bare 1LVL 2LVL 3LVL are standard modes");
    if (!(c->ddtp_modes & 0x1cu))
        return fail(err, len, "ddtp.modes: at least one of 1LVL, 2LVL, 3LVL must be supported (spec \"ddtp\")");
    /* spec "icvec": vector fields are 4 bits, WARL to the implemented vectors (a power of two here) */
    unsigned nv = c->interrupt_vectors;
    if (nv < 1 || nv > 16 || (nv & (nv - 1)))
        return fail(err, len, "interrupt_vectors: must be 1, 2, 4, 8 or 16, got %u", nv);
    /* spec "cqb"/"fqb"/"pqb": LOG2SZ-1 is 5 bits, so LOG2SZ is 1..32. cq.log2sz_max = 0 means the command
     * queue is not implemented (the RTL of docs/microarch.md before its version 2). */
    if (c->cq_log2sz_max > 32)
        return fail(err, len, "cq.log2sz_max: must be 0..32 (0 = no command queue)");
    if (c->fq_log2sz_max < 1 || c->fq_log2sz_max > 32)
        return fail(err, len, "fq.log2sz_max: must be 1..32 (the fault queue is not optional)");
    /* spec "Register layout": the page-request queue is optional only when ATS = 0 */
    if (cap(c, "ATS") && (c->pq_log2sz_max < 1 || c->pq_log2sz_max > 32))
        return fail(err, len, "pq.log2sz_max: must be 1..32 when capabilities.ATS = 1 (the PQ is then required)");
    if (!cap(c, "ATS") && c->pq_log2sz_max != 0)
        return fail(err, len, "pq.log2sz_max: must be 0 when capabilities.ATS = 0 (no page requests are received)");
    /* ATS.INVAL and ATS.PRGR are commands: ATS needs a command queue (spec "IOMMU PCIe ATS commands") */
    if (cap(c, "ATS") && c->cq_log2sz_max == 0)
        return fail(err, len, "cq.log2sz_max: must be 1..32 when capabilities.ATS = 1 (ATS needs the ATS commands)");
    /* spec "Device-context fields": PSCID is 20 bits, GSCID 16 bits */
    if (c->pscid_bits > 20)
        return fail(err, len, "pscid_bits: must be 0..20");
    if (c->gscid_bits > 16)
        return fail(err, len, "gscid_bits: must be 0..16");
    /* spec "capabilities": with HPM = 1, iohpmcycles and iohpmctr1 must exist and be at least 32 bits */
    if (cap(c, "HPM")) {
        if (c->hpm_counters < 1 || c->hpm_counters > 31)
            return fail(err, len, "hpm.counters: must be 1..31 when capabilities.HPM = 1 (iohpmctr1 is required)");
        if (c->hpm_counter_bits < 32 || c->hpm_counter_bits > 64)
            return fail(err, len, "hpm.counter_bits: must be 32..64 when capabilities.HPM = 1 (spec \"capabilities\")");
    } else if (c->hpm_counters != 0) {
        return fail(err, len, "hpm.counters: must be 0 when capabilities.HPM = 0");
    }
    /* spec "iommu_qosid": RCID and MCID are 12-bit WARL fields; without QOSID they are absent */
    if (c->rcid_bits > 12 || c->mcid_bits > 12)
        return fail(err, len, "qosid.rcid_bits/mcid_bits: must be 0..12");
    if (!cap(c, "QOSID") && (c->rcid_bits || c->mcid_bits))
        return fail(err, len, "qosid.rcid_bits: must be 0 when capabilities.QOSID = 0");
    return 0;
}
