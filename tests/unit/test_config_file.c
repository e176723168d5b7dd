/* Unit test of the configuration file reader and validation (docs/config.md): config/rtl.cfg and
 * config/full.cfg load to the same struct as iommu_config_rtl() / iommu_config_full() and validate, and
 * configurations the specification forbids are rejected with the field named; reader errors name
 * FILE:LINE. Run from the repository root. */
#include <stdio.h>
#include <string.h>

#include "config.h"

static int failures;

#define CHECK_EQ(what, a, b)                                                                                 \
    do {                                                                                                     \
        unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b);                     \
        if (va_ != vb_) {                                                                                    \
            printf("FAIL %s: %s = 0x%llx, expected 0x%llx\n", what, #a, va_, vb_);                           \
            failures++;                                                                                      \
        }                                                                                                    \
    } while (0)

static void compare(const char *name, const iommu_config_t *got, const iommu_config_t *want)
{
    CHECK_EQ(name, got->capabilities, want->capabilities);
    CHECK_EQ(name, got->fctl_be_writable, want->fctl_be_writable);
    CHECK_EQ(name, got->fctl_wsi_writable, want->fctl_wsi_writable);
    CHECK_EQ(name, got->fctl_gxl_writable, want->fctl_gxl_writable);
    CHECK_EQ(name, got->ddtp_modes, want->ddtp_modes);
    CHECK_EQ(name, got->interrupt_vectors, want->interrupt_vectors);
    CHECK_EQ(name, got->cq_log2sz_max, want->cq_log2sz_max);
    CHECK_EQ(name, got->fq_log2sz_max, want->fq_log2sz_max);
    CHECK_EQ(name, got->pq_log2sz_max, want->pq_log2sz_max);
    CHECK_EQ(name, got->pscid_bits, want->pscid_bits);
    CHECK_EQ(name, got->gscid_bits, want->gscid_bits);
    CHECK_EQ(name, got->hpm_counters, want->hpm_counters);
    CHECK_EQ(name, got->hpm_counter_bits, want->hpm_counter_bits);
    CHECK_EQ(name, got->rcid_bits, want->rcid_bits);
    CHECK_EQ(name, got->mcid_bits, want->mcid_bits);
    /* every field, including ones added later */
    if (memcmp(got, want, sizeof *got) != 0) {
        printf("FAIL %s: the loaded struct differs from the built-in one (memcmp)\n", name);
        failures++;
    }
}

static void load_file(const char *path, void (*builtin)(iommu_config_t *))
{
    iommu_config_t got, want;
    char err[512];
    memset(&got, 0, sizeof got);
    builtin(&want);
    if (iommu_config_load(path, &got, err, sizeof err) != 0) {
        printf("FAIL %s: load: %s\n", path, err);
        failures++;
        return;
    }
    compare(path, &got, &want);
    if (iommu_config_validate(&got, err, sizeof err) != 0) {
        printf("FAIL %s: validate rejected it: %s\n", path, err);
        failures++;
    }
}

/* Writes text to a scratch file and loads it: the expected outcome is a load error containing want_load,
 * or (want_load NULL) a validation error containing want_field. */
/* Writes text to the scratch configuration file; returns its path, or NULL (counted as a failure). */
static const char *write_scratch(const char *text)
{
    const char *path = "build/unit-scratch.cfg";
    FILE *f = fopen(path, "w");
    if (!f) {
        printf("FAIL cannot create %s\n", path);
        failures++;
        return NULL;
    }
    fputs(text, f);
    fclose(f);
    return path;
}

/* A configuration the specification allows must load and validate. */
static void expect_valid(const char *text)
{
    const char *path = write_scratch(text);
    if (!path) return;
    iommu_config_t c;
    char err[512] = "";
    if (iommu_config_load(path, &c, err, sizeof err) != 0 || iommu_config_validate(&c, err, sizeof err) != 0) {
        printf("FAIL [%s] is legal but was rejected: %s\n", text, err);
        failures++;
    }
}

static void expect_error(const char *text, const char *want_load, const char *want_field)
{
    const char *path = write_scratch(text);
    if (!path) return;
    iommu_config_t c;
    char err[512] = "";
    int rc = iommu_config_load(path, &c, err, sizeof err);
    if (want_load) {
        if (rc == 0 || !strstr(err, want_load)) {
            printf("FAIL load of [%s]: error '%s', expected one containing '%s'\n", text, rc ? err : "(none)", want_load);
            failures++;
        }
        return;
    }
    if (rc != 0) {
        printf("FAIL load of [%s]: unexpected error '%s'\n", text, err);
        failures++;
        return;
    }
    rc = iommu_config_validate(&c, err, sizeof err);
    if (rc == 0 || !strstr(err, want_field)) {
        printf("FAIL validate of [%s]: got '%s', expected a rejection naming '%s'\n", text, rc ? err : "(accepted)",
               want_field);
        failures++;
    }
}

int main(void)
{
    load_file("config/rtl.cfg", iommu_config_rtl);
    load_file("config/full.cfg", iommu_config_full);

    iommu_config_t c;
    char err[256];
    iommu_config_rtl(&c);
    CHECK_EQ("built-in rtl validates", iommu_config_validate(&c, err, sizeof err), 0);
    iommu_config_full(&c);
    CHECK_EQ("built-in full validates", iommu_config_validate(&c, err, sizeof err), 0);

    /* iommu_config_equal: by content, naming the first differing field (a stimulus's `config` line) */
    {
        iommu_config_t a, b;
        char why[128] = "";
        iommu_config_rtl(&a);
        CHECK_EQ("config/rtl.cfg equals the built-in rtl by content",
                 iommu_config_load("config/rtl.cfg", &b, err, sizeof err) == 0 && iommu_config_equal(&a, &b, why, sizeof why), 1);
        iommu_config_full(&b);
        CHECK_EQ("rtl and full differ", iommu_config_equal(&a, &b, why, sizeof why), 0);
        CHECK_EQ("the difference names capabilities first", strncmp(why, "capabilities: 0x3821000e10 vs 0x", 32), 0);
        iommu_config_rtl(&b);
        b.svnapot = true;
        CHECK_EQ("a difference in the last field is seen", iommu_config_equal(&a, &b, why, sizeof why) == 0 &&
                 strcmp(why, "svnapot: 0 vs 1") == 0, 1);
    }

    /* reader errors: FILE:LINE and what was expected */
    expect_error("iommu-config 2\n", "scratch.cfg:1: configuration format version 2", NULL);
    expect_error("# c\nfoo = 1\n", "scratch.cfg:2: expected the header", NULL);
    expect_error("iommu-config 1\n\nbogus.key = 1\n", "scratch.cfg:3: unknown key 'bogus.key'", NULL);
    expect_error("iommu-config 1\ncapabilities.Sv48 = 2\n", "scratch.cfg:2: capabilities.Sv48: expected 0 or 1", NULL);
    expect_error("iommu-config 1\ncapabilities.PAS = 64\n", "scratch.cfg:2: capabilities.PAS: expected a number 32..56", NULL);
    expect_error("iommu-config 1\ncapabilities.IGS = WIRE\n", "expected MSI, WSI or BOTH", NULL);
    expect_error("iommu-config 1\nddtp.modes = Off Bare 4LVL\n", "scratch.cfg:2: ddtp.modes: expected a list", NULL);
    expect_error("iommu-config 1\ninterrupt_vectors\n", "scratch.cfg:2: expected 'key = value'", NULL);
    expect_error("iommu-config 1\npscid_bits = 21\n", "pscid_bits: expected a number 0..20", NULL);

    /* forbidden configurations, each naming the field */
    expect_error("iommu-config 1\ncapabilities.Sv39 = 0\ncapabilities.Sv48 = 1\n", NULL, "capabilities.Sv48");
    expect_error("iommu-config 1\ncapabilities.Sv48 = 1\ncapabilities.Sv57 = 1\ncapabilities.Sv39 = 1\n"
                 "capabilities.Sv48 = 0\n", NULL, "capabilities.Sv57");
    expect_error("iommu-config 1\ncapabilities.Sv32 = 1\ncapabilities.Sv32x4 = 1\n", NULL, "capabilities.Sv32x4");
    expect_error("iommu-config 1\nfctl.BE.writable = 1\n", NULL, "fctl.BE.writable");
    expect_error("iommu-config 1\ncapabilities.IGS = WSI\nfctl.WSI.writable = 1\n", NULL, "fctl.WSI.writable");
    expect_error("iommu-config 1\ncapabilities.T2GPA = 1\n", NULL, "capabilities.T2GPA");
    expect_error("iommu-config 1\ninterrupt_vectors = 3\n", NULL, "interrupt_vectors");
    expect_error("iommu-config 1\nddtp.modes = Off 1LVL\n", NULL, "ddtp.modes");
    expect_error("iommu-config 1\nddtp.modes = Off Bare\n", NULL, "ddtp.modes");
    expect_error("iommu-config 1\ncapabilities.ATS = 1\ncq.log2sz_max = 8\n", NULL, "pq.log2sz_max");
    expect_error("iommu-config 1\ncapabilities.HPM = 1\nhpm.counters = 0\n", NULL, "hpm.counters");
    expect_error("iommu-config 1\ncapabilities.HPM = 1\nhpm.counters = 4\nhpm.counter_bits = 16\n", NULL,
                 "hpm.counter_bits");
    expect_error("iommu-config 1\nqosid.rcid_bits = 4\n", NULL, "qosid.rcid_bits");
    expect_error("iommu-config 1\ncapabilities.version = 0x20\n", NULL, "capabilities.version");

    /* unusual but legal: the specification does not forbid them, so they load and validate */
    expect_valid("iommu-config 1\ncapabilities.Sv39 = 0\ncapabilities.Sv48 = 0\ncapabilities.Sv57 = 0\ncapabilities.Sv39x4 = 1\n");
    expect_valid("iommu-config 1\ncapabilities.PD20 = 1\n");
    expect_valid("iommu-config 1\ncapabilities.AMO_MRIF = 1\n");
    expect_valid("iommu-config 1\nfctl.GXL.writable = 1\n");

    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("config_file: all checks passed\n");
    return 0;
}
