/* Profiles and knobs of the random stimulus (see randgen_profile.h). */
#include "randgen_profile.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    size_t offset;
    unsigned def, min, max;
    const char *doc;
} knobs[] = {
#define RANDGEN_KNOB_ROW(n, d, lo, hi, text) {#n, offsetof(randgen_profile_t, n), d, lo, hi, text},
    RANDGEN_KNOBS(RANDGEN_KNOB_ROW)
#undef RANDGEN_KNOB_ROW
};
#define N_KNOBS (sizeof knobs / sizeof knobs[0])

static unsigned *knob_at(randgen_profile_t *p, size_t k) { return (unsigned *)((char *)p + knobs[k].offset); }

static void defaults(randgen_profile_t *p)
{
    memset(p, 0, sizeof *p);
    for (size_t k = 0; k < N_KNOBS; k++) *knob_at(p, k) = knobs[k].def;
    snprintf(p->name, sizeof p->name, "default");
}

const char *randgen_profile_names(void) { return "default, realistic, faulty, corner, modes, directory, live, live-omit, process, guest, monitor, formats, ats"; }

int randgen_profile_named(const char *name, randgen_profile_t *p)
{
    defaults(p);
    if (strcmp(name, "default") == 0) return 0;
    if (strcmp(name, "realistic") == 0) {
        /* An OS with many devices doing streaming DMA into buffers it mapped as 2 MiB pages; few mistakes. */
        p->devices_min = 16, p->devices_max = 48;
        p->bare_dc_percent = 2, p->broken_dc_percent = 1, p->dc_memerr_percent = 0;
        p->good_leaf_percent = 98, p->superpage_percent = 60, p->leaf_memerr_percent = 0;
        p->recent_percent = 20, p->stray_percent = 1, p->mapped_percent = 97, p->stream_percent = 70;
        p->translated_percent = 1, p->pv_percent = 0, p->software_percent = 1;
    } else if (strcmp(name, "faulty") == 0) {
        /* Most requests fault, in every way the tables and the memory allow. */
        p->broken_dc_percent = 40, p->dc_memerr_percent = 20;
        p->good_leaf_percent = 20, p->leaf_memerr_percent = 15;
        p->recent_percent = 20, p->stray_percent = 30, p->mapped_percent = 50, p->translated_percent = 20;
    } else if (strcmp(name, "corner") == 0) {
        /* Superpages, wide and stray device IDs, process IDs and register work between requests. */
        p->superpage_percent = 60, p->iova_few_percent = 20, p->stray_percent = 30, p->pv_percent = 30;
        p->software_percent = 20, p->good_leaf_percent = 50, p->overlap_percent = 50;
        p->ddt_levels_min = 1, p->ddt_levels_max = 3, p->ddte_broken_percent = 5;
        p->sv48_percent = 30, p->sv57_percent = 30, p->sade_percent = 30;
    } else if (strcmp(name, "modes") == 0) {
        /* First-stage Sv48 and Sv57 beside Sv39 (docs/microarch.md version 5): superpages at every level
         * (512 GiB and 256 TiB included), IOVAs that are canonical for one mode and not another. */
        p->sv48_percent = 40, p->sv57_percent = 40, p->superpage_percent = 50, p->iova_few_percent = 30;
        p->software_percent = 4, p->sade_percent = 50, p->cas_race_percent = 30, p->cas_memerr_percent = 10;
    } else if (strcmp(name, "directory") == 0) {
        /* Two- and three-level directories (docs/microarch.md version 4): many devices spread over the
         * directory, broken non-leaf entries, stray device IDs; the device-context cache thrashes. */
        p->devices_min = 8, p->devices_max = 40, p->ddt_levels_min = 2, p->ddt_levels_max = 3;
        p->ddte_broken_percent = 10, p->stray_percent = 15, p->software_percent = 8;
    } else if (strcmp(name, "process") == 0) {
        /* Process directories (docs/microarch.md version 7): most translating devices behind a PD8/PD17/PD20
         * directory, many process IDs (Supervisor ones too), broken entries and contexts, every first-stage mode. */
        p->devices_min = 4, p->devices_max = 16;
        p->pdt_percent = 75, p->pdt_pv_percent = 85, p->pc_broken_percent = 15, p->pdte_broken_percent = 8;
        p->recent_percent = 35, p->sv48_percent = 25, p->sv57_percent = 25, p->sade_percent = 30;
        p->superpage_percent = 30, p->software_percent = 6, p->ddt_levels_min = 1, p->ddt_levels_max = 3;
    } else if (strcmp(name, "guest") == 0) {
        /* The second stage (docs/microarch.md version 8): most translating devices in VMs, G-stage leaves that
         * deny, broken G-stage mappings of the first-stage tables, MSI page tables with broken PTEs. */
        p->devices_min = 4, p->devices_max = 16, p->vm_percent = 90, p->gleaf_deny_percent = 25;
        p->gtable_broken_percent = 20, p->msi_flat_percent = 60, p->msipte_broken_percent = 30;
        p->bare_dc_percent = 20, p->superpage_percent = 35, p->sv48_percent = 25, p->sv57_percent = 25;
        p->sade_percent = 30, p->recent_percent = 35, p->software_percent = 4, p->pdt_percent = 10;
    } else if (strcmp(name, "monitor") == 0) {
        /* The performance monitor, debug translations and QoS IDs (docs/microarch.md version 9, under a
         * configuration with HPM/DBG/QOSID): much counter work and many debug translations under traffic,
         * misconfigured device contexts mostly by too-wide QoS IDs. */
        p->hpm_percent = 25, p->dbg_percent = 25, p->qos_wide_percent = 70, p->broken_dc_percent = 25;
        p->recent_percent = 50, p->software_percent = 4;
    } else if (strcmp(name, "formats") == 0) {
        /* The PTE and structure formats of docs/microarch.md version 10 (under a configuration with them): Sv32
         * first stages (tc.SXL = 1), fctl.GXL = 1 runs with Sv32x4 VMs, NAPOT leaves, PBMT values, bits 60:59,
         * big-endian runs and tc.SBE per device, fqb/cqb sizes above the configuration's maximum. */
        p->devices_min = 4, p->devices_max = 12, p->sv32_percent = 50, p->gxl_percent = 30, p->napot_percent = 30;
        p->pbmt_percent = 40, p->rsw_percent = 30, p->be_percent = 40, p->sbe_percent = 25;
        p->queue_oversize_percent = 30, p->vm_percent = 40, p->superpage_percent = 30, p->sade_percent = 20;
        p->recent_percent = 35, p->software_percent = 4, p->pdt_percent = 15;
    } else if (strcmp(name, "ats") == 0) {
        /* ATS (docs/microarch.md version 11, under a configuration with capabilities.ATS): most devices with
         * EN_ATS (and PRI, PRPR, T2GPA in VMs), many ATS translation and translated requests, page requests
         * that fill the small page-request queue between drains, ATS.INVAL with every kind of completion. */
        p->devices_min = 4, p->devices_max = 12, p->ats_dc_percent = 85, p->pri_percent = 70;
        p->t2gpa_percent = 50, p->translated_percent = 45, p->vm_percent = 60, p->msi_flat_percent = 50;
        p->pgreq_percent = 25, p->pq_drain_percent = 6, p->ats_inval_percent = 6, p->ats_never_percent = 8;
        p->ats_late_percent = 25, p->ats_wrong_percent = 15, p->sade_percent = 20, p->superpage_percent = 35;
        p->recent_percent = 30, p->software_percent = 4;
    } else if (strcmp(name, "live") == 0 || strcmp(name, "live-omit") == 0) {
        /* A driver changing its tables while DMA runs (tb/randgen_live.c); live-omit leaves out some of the
         * invalidations, so stale cache entries show. */
        p->devices_min = 3, p->devices_max = 8;
        p->live_percent = 8, p->cmd_error_percent = 4, p->msi_percent = 50;
        p->omit_percent = name[4] == '-' ? 35 : 0;
    } else {
        return -1;
    }
    snprintf(p->name, sizeof p->name, "%s", name);
    return 0;
}

/* Parses "knob=value" or "knob = value" (spaces trimmed by the caller's split). */
static int set_knob(randgen_profile_t *p, const char *name, const char *value, char *err, size_t err_size)
{
    size_t k;
    for (k = 0; k < N_KNOBS; k++)
        if (strcmp(knobs[k].name, name) == 0) break;
    if (k == N_KNOBS) {
        size_t len = (size_t)snprintf(err, err_size, "unknown knob '%s' (knobs:", name);
        for (size_t i = 0; i < N_KNOBS && len < err_size; i++)
            len += (size_t)snprintf(err + len, err_size - len, "%s %s", i ? "," : "", knobs[i].name);
        if (len < err_size) snprintf(err + len, err_size - len, ")");
        return -1;
    }
    char *end;
    errno = 0;
    unsigned long v = strtoul(value, &end, 10);
    if (!isdigit((unsigned char)value[0]) || *end != '\0' || errno != 0 || v < knobs[k].min || v > knobs[k].max) {
        snprintf(err, err_size, "knob %s: '%s' is not a number in its legal range %u..%u (%s)", knobs[k].name, value,
                 knobs[k].min, knobs[k].max, knobs[k].doc);
        return -1;
    }
    *knob_at(p, k) = (unsigned)v;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

int randgen_profile_set(randgen_profile_t *p, const char *assignment, char *err, size_t err_size)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", assignment);
    char *eq = strchr(buf, '=');
    if (eq == NULL) {
        snprintf(err, err_size, "--knob expects NAME=VALUE, got '%s'", assignment);
        return -1;
    }
    *eq = '\0';
    return set_knob(p, trim(buf), trim(eq + 1), err, err_size);
}

int randgen_profile_load(const char *path, randgen_profile_t *p, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, err_size, "%s: cannot read the profile: %s", path, strerror(errno));
        return -1;
    }
    char line[256], msg[512];
    unsigned n = 0;
    bool knob_seen = false;
    defaults(p);
    snprintf(p->name, sizeof p->name, "%s", path);
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        n++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *s = trim(line);
        if (*s == '\0') continue;
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            snprintf(err, err_size, "%s:%u: expected 'knob = value' or 'profile = NAME', got '%s'", path, n, s);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (strcmp(key, "profile") == 0) {
            if (knob_seen) {
                snprintf(err, err_size, "%s:%u: 'profile = NAME' must come before the knobs it starts from", path, n);
                rc = -1;
            } else if (randgen_profile_named(value, p) != 0) {
                snprintf(err, err_size, "%s:%u: unknown profile '%s' (profiles: %s)", path, n, value,
                         randgen_profile_names());
                rc = -1;
            } else {
                snprintf(p->name, sizeof p->name, "%s", path);
            }
            continue;
        }
        knob_seen = true;
        if (set_knob(p, key, value, msg, sizeof msg) != 0) {
            snprintf(err, err_size, "%s:%u: %s", path, n, msg);
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}

int randgen_profile_check(const randgen_profile_t *p, char *err, size_t err_size)
{
    if (p->devices_min > p->devices_max) {
        snprintf(err, err_size, "contradictory knobs: devices_min = %u is above devices_max = %u", p->devices_min,
                 p->devices_max);
        return -1;
    }
    if (p->ddt_levels_min > p->ddt_levels_max) {
        snprintf(err, err_size, "contradictory knobs: ddt_levels_min = %u is above ddt_levels_max = %u",
                 p->ddt_levels_min, p->ddt_levels_max);
        return -1;
    }
    if (p->sv48_percent + p->sv57_percent > 100) {
        snprintf(err, err_size, "contradictory knobs: sv48_percent + sv57_percent = %u %% is above 100 %%",
                 p->sv48_percent + p->sv57_percent);
        return -1;
    }
    if (p->bare_dc_percent + p->broken_dc_percent > 100) {
        snprintf(err, err_size, "contradictory knobs: bare_dc_percent + broken_dc_percent = %u %% is above 100 %%",
                 p->bare_dc_percent + p->broken_dc_percent);
        return -1;
    }
    return 0;
}

void randgen_profile_diff(const randgen_profile_t *p, const randgen_profile_t *base, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < N_KNOBS && len < size; k++) {
        unsigned a = *(const unsigned *)((const char *)p + knobs[k].offset);
        unsigned b = *(const unsigned *)((const char *)base + knobs[k].offset);
        if (a != b) len += (size_t)snprintf(buf + len, size - len, "%s%s=%u", len ? "," : "", knobs[k].name, a);
    }
}
