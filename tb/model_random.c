/* iommu-model-random: randomized self-check of the golden model (architectural layer) over the full
 * configuration (iommu_config_full()), with an independent oracle.
 *
 * From a seed, "software" builds a random but legal setup in the model's sparse memory the way a driver
 * and a hypervisor would (tb/sw_tables.h): fctl.GXL, a fault queue, a 1/2/3-level DDT, devices with
 * extended device contexts (iosatp Bare/Sv32/39/48/57 or a PD8/PD17/PD20 process directory, iohgatp
 * Bare/Sv32x4..Sv57x4, SADE/GADE, DPE, ENS/SUM, flat MSI page tables), first- and second-stage page tables
 * with 4-KiB pages, superpages and NAPOT pages, every R/W/X/U combination, A/D set or clear, and some
 * invalid, reserved, misaligned and misconfigured entries, and now and then bad memory (error marks)
 * under a structure. It then sends random requests (untranslated, translated for EN_ATS / T2GPA
 * devices, and ATS translation requests) through iommu_arch_translate and checks every response (fault
 * and cause, or address and PBMT, or MRIF, or the whole ATS completion), the fault record (software drains the queue after every request), and the A/D bits left in
 * memory, against the oracle (tb/spec_oracle.h), which reads only software's record. The first
 * disagreement stops the run with a report and the command that replays it.
 *
 *   iommu-model-random [--seed N] [--seeds K] [--requests N] [--save-stim FILE] [--trace-request R] [-q]
 *
 * Exit status: 0 all agree, 1 a disagreement, 2 a usage error. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommu_arch.h"
#include "memory.h"
#include "rng.h"
#include "spec_oracle.h"
#include "stim.h"
#include "sw_tables.h"

#define MAX_DEVICES 10
#define BROKEN_DEVICES 2 /* per seed: devices whose context software got wrong (invalid or misconfigured) */
#define MAX_PIDS 6
#define MAX_HINTS 512
#define MAX_GUEST_PT_PAGES 512
#define GUEST_PT_BASE 0x10000000ull /* GPA of the guest's page-table and PDT pages */

/* An address software mapped (or meant to probe) for a device, with the process it mapped it for. */
typedef struct {
    bool pv;
    uint32_t pid;
    uint64_t addr, size;
} hint_t;

typedef struct run run_t;

typedef struct {
    run_t *run;
    uint32_t did;
    bool broken;          /* one of the BROKEN_DEVICES: an invalid or misconfigured context */
    uint64_t dc[8];
    bool pdtv, dpe, sxl, sade, gade;
    const pt_geom_t *g;   /* second stage, NULL = Bare */
    pt_t gpt;             /* the hypervisor's G-stage table */
    unsigned gpt_pages;   /* guest page-table pages: GPA GUEST_PT_BASE + 4096 i -> guest_pt_spa[i] */
    uint64_t guest_pt_spa[MAX_GUEST_PT_PAGES];
    uint32_t pids[MAX_PIDS];
    unsigned npids;
    unsigned pdtp_mode;
    hint_t hints[MAX_HINTS];
    unsigned nhints;
    uint64_t msi_gpas[16]; /* the guest pages of the virtual interrupt files */
    unsigned nmsi;
} device_t;

struct run {
    uint64_t seed;
    bool quiet;
    unsigned long trace_request; /* --trace-request: 1 + the request whose walk is printed (0 = none) */
    FILE *expect_log;            /* --save-stim: the oracle's responses in the transaction-log format */
    unsigned long ad_checked;    /* A/D bits verified set after successful requests */
    iommu_config_t cfg;
    sim_memory_t *mem;
    iommu_mem_if_t mif;
    iommu_arch_t arch;
    rng_t rng;
    sw_t sw;
    sw_shadow_t bad; /* the platform's bad memory (error-marked granules), as the oracle knows it */
    oracle_t oracle;
    bool gxl;
    unsigned ddt_mode;
    uint64_t ddt_root;
    uint64_t fq_base;
    device_t dev[MAX_DEVICES];
    unsigned ndev;
    stim_program_t *stim; /* --save-stim: the run as a stimulus */
    oracle_result_t exp;  /* the oracle's answer to the current request */
    /* statistics */
    unsigned long ok, faults, by_cause[300], records, mrif, ats, ats_granted;
};

static rng_t *R(device_t *d) { return &d->run->rng; }
static bool msi_on(const device_t *d) { return (d->dc[4] >> 60) == 1; }
static bool pct(rng_t *r, unsigned p) { return rng_percent(r, p); }

/* ---------------------------------------------------------------------------------------- memory */

static int mem_write(void *user, uint64_t addr, uint64_t data, uint8_t be) { return sim_memory_write(user, addr, data, be); }
static int mem_cas(void *user, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t *old)
{
    return sim_memory_cas(user, addr, cmp, data, old);
}

static void reg_write(run_t *r, const char *name, uint64_t v)
{
    uint16_t off = 0;
    uint8_t size = 0;
    if (!stim_register_by_name(name, &off, &size)) { fprintf(stderr, "internal: register %s\n", name); exit(1); }
    iommu_arch_reg_write(&r->arch, off, size == 8, v);
    if (r->stim) {
        stim_cmd_t *c = stim_append(r->stim, STIM_WRITE);
        snprintf(c->reg_name, sizeof c->reg_name, "%s", name);
        c->reg_offset = off;
        c->reg_size = size;
        c->data = v;
    }
}

static uint64_t reg_read(run_t *r, const char *name)
{
    uint16_t off = 0;
    uint8_t size = 0;
    stim_register_by_name(name, &off, &size);
    return iommu_arch_reg_read(&r->arch, off, size == 8);
}

/* ---------------------------------------------------------------------------------------- guest memory */

/* The hypervisor's placement of the guest's page-table pages (sw_tables.h pt_locate_fn). */
static uint64_t guest_locate(void *user, uint64_t gpa)
{
    device_t *d = user;
    if (gpa < GUEST_PT_BASE) return 0;
    uint64_t i = (gpa - GUEST_PT_BASE) >> 12;
    return i < d->gpt_pages ? d->guest_pt_spa[i] + (gpa & 0xfff) : 0;
}

/* The second-stage leaf that maps a page holding guest tables: normally R/W/U (A/D as GADE allows),
 * sometimes something a careless hypervisor would write. */
static uint64_t guest_pt_gpte(device_t *d, uint64_t spa)
{
    rng_t *g = R(d);
    uint64_t pte = PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
    if (d->gade) {
        if (pct(g, 50)) pte &= ~PTE_A;
        if (pct(g, 50)) pte &= ~PTE_D;
    } else if (pct(g, 6)) {
        pte &= ~PTE_D; /* reads fine; a VS-stage A/D update must fault */
    }
    if (pct(g, 3)) pte &= ~PTE_W;
    if (pct(g, 1)) pte &= ~PTE_U;
    if (pct(g, 1)) pte &= ~PTE_R; /* W without R: reserved */
    if (pct(g, 1)) pte = (pte & ~(PTE_R | PTE_W)) | PTE_X;
    return pte | ((spa >> 12) << PTE_PPN_SHIFT);
}

/* Allocates a guest page-table page (sw_tables.h pt_alloc_fn): a GPA, backed and G-mapped. */
static uint64_t guest_alloc(void *user)
{
    device_t *d = user;
    if (d->gpt_pages == MAX_GUEST_PT_PAGES) { fprintf(stderr, "guest ran out of page-table pages\n"); exit(1); }
    uint64_t gpa = GUEST_PT_BASE + 4096ull * d->gpt_pages;
    uint64_t spa = sw_alloc(&d->run->sw, 1, 4096);
    d->guest_pt_spa[d->gpt_pages++] = spa;
    pt_map(&d->gpt, gpa, 0, guest_pt_gpte(d, spa));
    return gpa;
}

/* A page for a structure the device's software reaches through its own addresses (PDT, first-stage
 * tables): a guest page under a G-stage, else a physical page. */
static uint64_t dev_table_page(device_t *d) { return d->g ? guest_alloc(d) : sw_alloc(&d->run->sw, 1, 4096); }
static uint64_t dev_phys(device_t *d, uint64_t addr) { return d->g ? guest_locate(d, addr) : addr; }

/* ---------------------------------------------------------------------------------------- PTEs */

/* A random data address for a leaf at `level`: a physical address above every table (tables stay below
 * 2^33), within what the PTE can hold. */
static uint64_t rand_spa(rng_t *g, const pt_geom_t *geom, uint64_t size)
{
    uint64_t lo = geom->pte_size == 4 ? (1ull << 33) : (1ull << 35);
    uint64_t hi = geom->pte_size == 4 ? (1ull << 34) : (1ull << 56);
    uint64_t a = rng_range(g, lo, hi - 1) & ~(size - 1);
    return a < lo ? lo : a;
}

/* A random leaf PTE at `level` mapping `target`; every R/W/X/U combination, A/D set or clear, PBMT,
 * NAPOT, software bits, and now and then a reserved encoding or a misaligned superpage. */
static uint64_t rand_leaf(rng_t *g, const pt_geom_t *geom, unsigned level, uint64_t target, bool gstage, bool ade)
{
    static const unsigned xwr_choice[] = {1, 1, 3, 3, 3, 4, 5, 5, 7, 7, 7, 7, 2, 6};
    bool open = pct(g, 50); /* what most software maps: everything allowed, A and D set */
    unsigned xwr = open ? 7 : xwr_choice[rng_below(g, pct(g, 90) ? 12 : 14)];
    uint64_t pte = PTE_V | ((uint64_t)xwr << 1);
    if (open || pct(g, gstage ? 90 : 70)) pte |= PTE_U;
    if ((open && !ade) || pct(g, ade ? 50 : 80)) pte |= PTE_A;
    if ((open && !ade) || pct(g, ade ? 40 : 65)) pte |= PTE_D;
    if (pct(g, 20)) pte |= PTE_G;
    pte |= rng_below(g, 4) << 8; /* RSW */
    uint64_t ppn = target >> 12;
    if (level > 0 && pct(g, 6)) ppn |= 1ull << rng_below(g, level * geom->vpn_bits); /* misaligned */
    if (geom->pte_size == 8) {
        if (pct(g, 25)) pte |= rng_range(g, 1, 2) << PTE_PBMT_SHIFT;
        else if (pct(g, 2)) pte |= 3ull << PTE_PBMT_SHIFT;
        if (level == 0 && pct(g, 8)) { ppn = (ppn & ~0xfull) | 8; pte |= PTE_N; }
        else if (pct(g, 3)) { /* a reserved NAPOT encoding (any other size, or N in a superpage) */
            static const uint64_t nibble[] = {0x0, 0x1, 0x2, 0x4, 0xc, 0x8};
            ppn = (ppn & ~0xfull) | nibble[rng_below(g, 6)];
            pte |= PTE_N;
        }
        if (pct(g, 10)) pte |= rng_range(g, 1, 3) << 59; /* Svrsw60t59b software bits */
        if (pct(g, 2)) pte |= 1ull << rng_range(g, 54, 58); /* reserved */
    }
    return pte | ((ppn & ((1ull << geom->ppn_bits) - 1)) << PTE_PPN_SHIFT);
}

static unsigned rand_level(rng_t *g, const pt_geom_t *geom)
{
    unsigned p = (unsigned)rng_below(g, 100);
    unsigned l = p < 60 ? 0 : p < 85 ? 1 : (unsigned)rng_range(g, 1, geom->levels - 1);
    return l < geom->levels ? l : geom->levels - 1;
}

static void add_hint(device_t *d, bool pv, uint32_t pid, uint64_t addr, uint64_t size)
{
    if (d->nhints == MAX_HINTS) return;
    d->hints[d->nhints++] = (hint_t){pv, pid, addr, size};
}

/* Second-stage leaf for a guest page at gpa: a random level whose region keeps clear of the guest's
 * page-table pages (a hypervisor maps those on their own). */
static void g_map_data(device_t *d, uint64_t gpa)
{
    rng_t *g = R(d);
    unsigned level = rand_level(g, d->g);
    while (level > 0 && ((gpa >> (12 + level * d->g->vpn_bits)) == (GUEST_PT_BASE >> (12 + level * d->g->vpn_bits))))
        level--;
    if (level == 0 && (gpa >> 12) >= (GUEST_PT_BASE >> 12) && (gpa >> 12) < (GUEST_PT_BASE >> 12) + MAX_GUEST_PT_PAGES)
        return;
    uint64_t size = pt_level_size(d->g, level);
    uint64_t spa = rand_spa(g, d->g, size);
    pt_map_fresh(&d->gpt, gpa & ~(size - 1), level, rand_leaf(g, d->g, level, spa, true, d->gade));
}

static uint64_t rand_gpa(device_t *d)
{
    uint64_t w = d->g->va_bits;
    return rng_range(R(d), 1ull << 32, (1ull << w) - 1) & ~0xfffull;
}

/* A random virtual address for a first-stage scheme (canonical), near an earlier one half the time. */
static uint64_t rand_va(device_t *d, const pt_geom_t *s1, uint64_t near)
{
    rng_t *g = R(d);
    uint64_t va;
    if (near && pct(g, 50)) va = (near & ~0x1fffffull) | (rng_below(g, 0x200000) & ~0xfffull);
    else va = rng_next(g) & ~0xfffull;
    if (s1->pte_size == 4) return va & 0xffffffffull;
    unsigned b = s1->va_bits;
    return (uint64_t)((int64_t)(va << (64 - b)) >> (64 - b));
}

/* Builds one first-stage table with random mappings; returns its root (in the device's address space). */
static uint64_t build_first_stage(device_t *d, const pt_geom_t *s1, bool pv, uint32_t pid)
{
    rng_t *g = R(d);
    pt_t pt = {.g = s1, .sw = &d->run->sw, .user = d};
    if (d->g) { pt.locate = guest_locate; pt.alloc = guest_alloc; }
    pt.root = dev_table_page(d);
    uint64_t last = 0;
    unsigned n = (unsigned)rng_range(g, 6, 18);
    for (unsigned k = 0; k < n; k++) {
        uint64_t va = rand_va(d, s1, last);
        last = va;
        unsigned level = rand_level(g, s1);
        uint64_t size = pt_level_size(s1, level);
        uint64_t target;
        bool msi = msi_on(d) && pct(g, 20);
        if (msi) {
            uint64_t mask = d->dc[5], pat = d->dc[6];
            target = ((pat & ~mask) | (rng_next(g) & mask)) << 12;
            level = 0;
            size = 4096;
            if (pct(g, 30)) { /* a superpage around the interrupt files: ATS ranges in it must avoid them */
                level = 1;
                size = pt_level_size(s1, 1);
                target &= ~(size - 1);
            }
        } else if (d->g) {
            /* a guest physical address, now and then one wider than the second stage translates */
            unsigned bits = (s1->pte_size == 8 && pct(g, 3)) ? 56 : d->g->va_bits;
            target = rng_range(g, 0, (1ull << bits) - 1) & ~(size - 1);
            if (s1->pte_size == 4 && target >> 34) target &= (1ull << 34) - 1;
        } else {
            target = rand_spa(g, s1, size);
        }
        va &= ~(size - 1);
        if (!pt_map_fresh(&pt, va, level, rand_leaf(g, s1, level, target, false, d->sade))) continue;
        add_hint(d, pv, pid, va, size);
        if (d->g && pct(g, 85)) {
            /* the hypervisor backs the guest page (or a piece of the guest superpage) */
            uint64_t off = size > 4096 ? (rng_below(g, size) & ~0xfffull) : 0;
            g_map_data(d, target + off);
            add_hint(d, pv, pid, va + off, 4096);
        }
    }
    /* some broken entries on the way to mapped addresses */
    unsigned breaks = (unsigned)rng_below(g, 3);
    for (unsigned k = 0; k < breaks && d->nhints; k++) {
        hint_t *h = &d->hints[rng_below(g, d->nhints)];
        unsigned level = (unsigned)rng_below(g, s1->levels);
        uint64_t addr = pt_entry_addr(&pt, h->addr, level);
        if (!addr) continue;
        uint64_t pte = shadow_get_sized(&d->run->sw.shadow, addr, s1->pte_size);
        switch (rng_below(g, s1->pte_size == 8 ? 6 : 3)) {
        case 0: pte &= ~PTE_V; break;
        case 1: pte |= pct(g, 50) ? PTE_A : PTE_U; break;
        case 2: pte = (pte & ~(PTE_R | PTE_X)) | PTE_W; break;
        case 3: pte |= 1ull << rng_range(g, 54, 58); break;
        case 4: pte |= 1ull << PTE_PBMT_SHIFT; break;
        default: pte |= PTE_N; break;
        }
        sw_store(&d->run->sw, addr, pte, s1->pte_size);
    }
    return pt.root;
}

/* ---------------------------------------------------------------------------------------- contexts */

/* Address (in the device's address space) of the process context of pid, creating PDT pages. */
static uint64_t pdt_slot(device_t *d, uint64_t root, uint32_t pid)
{
    unsigned levels = d->pdtp_mode == 3 ? 3 : d->pdtp_mode == 2 ? 2 : 1;
    uint32_t pdi[3] = {pid & 0xff, (pid >> 8) & 0x1ff, (pid >> 17) & 0x7};
    uint64_t a = root;
    for (int i = (int)levels - 1; i > 0; i--) {
        uint64_t e = dev_phys(d, a + pdi[i] * 8);
        uint64_t v = shadow_get(&d->run->sw.shadow, e);
        if (v & 1) { a = ((v >> 10) & ((1ull << 44) - 1)) << 12; continue; }
        uint64_t next = dev_table_page(d);
        sw_store(&d->run->sw, e, ((next >> 12) << 10) | 1, 8);
        a = next;
    }
    return a + pdi[0] * 16;
}

/* A random first-stage mode for this device's SXL (IOMMU spec iosatp encodings); 0 = Bare. */
static unsigned rand_fs_mode(device_t *d)
{
    if (pct(R(d), 12)) return 0;
    return d->sxl ? 8 : (unsigned)rng_range(R(d), 8, 10);
}

/* Hints for a device whose first stage is Bare: the addresses the second stage (or nothing) maps. */
static void bare_first_stage_hints(device_t *d, bool pv, uint32_t pid)
{
    rng_t *g = R(d);
    for (unsigned k = 0; k < d->nmsi; k++) add_hint(d, pv, pid, d->msi_gpas[k], 4096);
    for (unsigned k = 0; k < d->nmsi && k < 2 && d->g; k++) {
        /* a guest page near an interrupt file, mapped by the second stage (a superpage at times, whose ATS
         * range must then avoid the interrupt files) */
        uint64_t gpa = d->msi_gpas[k] ^ (1ull << rng_range(g, 12, 20)), mask = d->dc[5], pat = d->dc[6];
        if (((gpa >> 12) & ~mask) == (pat & ~mask)) continue; /* an interrupt file itself */
        g_map_data(d, gpa);
        add_hint(d, pv, pid, gpa, 4096);
    }
    for (unsigned k = 0; k < 4; k++) {
        if (d->g) {
            uint64_t gpa = rand_gpa(d);
            if (d->g->pte_size == 4 || (d->sxl && pct(g, 60))) gpa &= (1ull << 34) - 1; /* SXL: mostly 34 bits */
            g_map_data(d, gpa);
            add_hint(d, pv, pid, gpa, 4096);
        } else {
            add_hint(d, pv, pid, rng_next(g) & ((1ull << 56) - 1) & ~0xfffull, 4096);
        }
    }
}

static void build_process(device_t *d, uint64_t pdt_root, uint32_t pid)
{
    rng_t *g = R(d);
    uint64_t ta = 1 | ((uint64_t)pct(g, 80) << 1) | ((uint64_t)pct(g, 50) << 2) | (rng_below(g, 1u << 20) << 12);
    unsigned mode = rand_fs_mode(d);
    uint64_t fsc = (uint64_t)mode << 60;
    if (mode) {
        const pt_geom_t *s1 = pt_geom_for_mode(mode, d->sxl, false);
        fsc |= build_first_stage(d, s1, true, pid) >> 12;
    } else {
        bare_first_stage_hints(d, true, pid);
    }
    if (pct(g, 6)) ta &= ~1ull; /* not valid */
    else if (pct(g, 5)) {       /* misconfigured */
        switch (rng_below(g, 3)) {
        case 0: ta |= 1ull << (pct(g, 50) ? rng_range(g, 3, 11) : rng_range(g, 32, 63)); break;
        case 1: fsc |= 1ull << rng_range(g, 44, 59); break;
        default: fsc = (fsc & ~(0xfull << 60)) | ((uint64_t)(d->sxl ? rng_range(g, 9, 13) : rng_range(g, 1, 7)) << 60); break;
        }
    }
    uint64_t slot = dev_phys(d, pdt_slot(d, pdt_root, pid));
    sw_store(&d->run->sw, slot, ta, 8);
    sw_store(&d->run->sw, slot + 8, fsc, 8);
}

/* One device: its device context and everything it points to. */
static void build_device(run_t *r, device_t *d)
{
    rng_t *g = &r->rng;
    d->run = r;
    /* fctl.GXL = 1 requires SXL = 1; with GXL = 0 and writable, SXL = 1 is legal too and puts Sv32 first
     * stages over Sv39x4..Sv57x4 second stages, which must still keep every GPA to 34 bits ("When SXL is 1") */
    d->sxl = r->gxl || (r->cfg.fctl_gxl_writable && ((r->cfg.capabilities >> 8) & 1) && pct(g, 20));
    d->sade = pct(g, 50);
    d->gade = pct(g, 50);
    unsigned gmode = pct(g, 30) ? 0 : r->gxl ? 8 : (unsigned)rng_range(g, 8, 10);
    d->g = gmode ? pt_geom_for_mode(gmode, r->gxl, true) : NULL;
    memset(d->dc, 0, sizeof d->dc);
    if (d->g) {
        uint64_t root = sw_alloc(&r->sw, 4, 16384);
        d->gpt = (pt_t){.g = d->g, .root = root, .sw = &r->sw};
        d->dc[1] = ((uint64_t)gmode << 60) | (rng_below(g, 1u << 16) << 44) | (root >> 12);
    }
    d->pdtv = pct(g, 45);
    d->dpe = d->pdtv && pct(g, 40);
    bool en_ats = pct(g, 35), en_pri = en_ats && pct(g, 50), prpr = en_pri && pct(g, 50);
    bool t2gpa = en_ats && d->g && pct(g, 50);
    d->dc[0] = 1 | ((uint64_t)en_ats << 1) | ((uint64_t)en_pri << 2) | ((uint64_t)t2gpa << 3) |
               ((uint64_t)pct(g, 10) << 4) | ((uint64_t)d->pdtv << 5) | ((uint64_t)prpr << 6) |
               ((uint64_t)d->gade << 7) | ((uint64_t)d->sade << 8) | ((uint64_t)d->dpe << 9) |
               ((uint64_t)d->sxl << 11);
    d->dc[2] = (rng_below(g, 1u << 20) << 12) | (rng_below(g, 16) << 40) | (rng_below(g, 16) << 52);
    if (d->g && pct(g, 35)) {
        /* flat MSI page table: 2^k interrupt files at the pages the mask and pattern select */
        unsigned k = (unsigned)rng_below(g, 4);
        uint64_t mask = (1ull << k) - 1, msipt = sw_alloc(&r->sw, 1, 4096);
        uint64_t pat = (rand_gpa(d) >> 12) & ~mask;
        if (d->g->pte_size == 4 || (d->sxl && pct(g, 80))) pat &= (1ull << 22) - 1;
        d->dc[4] = (1ull << 60) | (msipt >> 12);
        d->dc[5] = mask;
        d->dc[6] = pat;
        for (uint64_t i = 0; i <= mask; i++) {
            uint64_t p0 = 1 | (3ull << 1) | ((rand_spa(g, d->g, 4096) >> 12) << 10), p1 = 0;
            if (pct(g, 30)) { /* MRIF mode: the MRIF (512-byte aligned) and the notice MSI */
                p0 = 1 | (1ull << 1) | (((rand_spa(g, d->g, 512) & ((1ull << 56) - 1)) >> 9) << 7);
                p1 = (rng_below(g, 1024)) | ((rand_spa(g, d->g, 4096) >> 12) << 10) | (rng_below(g, 2) << 60);
                if (pct(g, 8)) p0 |= 1ull << rng_range(g, 3, 6);
                else if (pct(g, 8)) p1 |= 1ull << (pct(g, 50) ? rng_range(g, 54, 59) : rng_range(g, 61, 63));
            }
            unsigned c = (unsigned)rng_below(g, 100);
            if (c < 8) p0 &= ~1ull;
            else if (c < 14) p0 = (p0 & ~6ull) | (pct(g, 50) ? 0 : 4);
            else if (c < 18) p0 |= 1ull << rng_range(g, 3, 9);
            else if (c < 21) p1 = rng_next(g); /* ignored in basic-translate mode */
            sw_store(&r->sw, msipt + 16 * i, p0, 8);
            sw_store(&r->sw, msipt + 16 * i + 8, p1, 8);
            d->msi_gpas[d->nmsi++] = ((pat & ~mask) | i) << 12;
        }
    }
    if (d->pdtv) {
        d->pdtp_mode = (unsigned)rng_range(g, 1, 3);
        uint64_t root = dev_table_page(d);
        d->dc[3] = ((uint64_t)d->pdtp_mode << 60) | (root >> 12);
        uint32_t width = d->pdtp_mode == 1 ? 8 : d->pdtp_mode == 2 ? 17 : 20;
        d->npids = (unsigned)rng_range(g, 1, MAX_PIDS);
        for (unsigned k = 0; k < d->npids; k++) {
            uint32_t pid = (uint32_t)rng_below(g, 1u << width);
            if (k == 0 && d->dpe && pct(g, 60)) pid = 0;
            if (k > 0 && pct(g, 40)) pid = (d->pids[k - 1] & ~0xffu) | (uint32_t)rng_below(g, 256); /* same leaf PDT page */
            d->pids[k] = pid;
            build_process(d, root, pid);
        }
        if (!d->dpe) bare_first_stage_hints(d, false, 0); /* no process_id: first stage Bare */
    } else {
        unsigned mode = rand_fs_mode(d);
        d->dc[3] = (uint64_t)mode << 60;
        if (mode) d->dc[3] |= build_first_stage(d, pt_geom_for_mode(mode, d->sxl, false), false, 0) >> 12;
        else bare_first_stage_hints(d, false, 0);
    }
    if (d->g) {
        /* some broken second-stage entries on the way to mapped guest pages */
        unsigned breaks = (unsigned)rng_below(g, 3);
        for (unsigned k = 0; k < breaks; k++) {
            uint64_t gpa = pct(g, 30) ? GUEST_PT_BASE + 4096 * rng_below(g, d->gpt_pages + 1) : rand_gpa(d);
            if (d->nhints && pct(g, 70)) gpa = d->hints[rng_below(g, d->nhints)].addr;
            unsigned level = (unsigned)rng_below(g, d->g->levels);
            uint64_t addr = pt_entry_addr(&d->gpt, gpa, level);
            if (!addr) continue;
            uint64_t pte = shadow_get_sized(&r->sw.shadow, addr, d->g->pte_size);
            switch (rng_below(g, 4)) {
            case 0: pte &= ~PTE_V; break;
            case 1: pte &= ~PTE_U; break;
            case 2: pte |= PTE_D; break;
            default: pte = (pte & ~(PTE_R | PTE_X)) | PTE_W; break;
            }
            sw_store(&r->sw, addr, pte, d->g->pte_size);
        }
    }
    /* the broken devices: an invalid or misconfigured device context (IOMMU spec "Device-context
     * configuration checks"), one mistake each */
    if (d->broken) {
        const uint64_t PDTV = 1ull << 5, DPE = 1ull << 9, SBE = 1ull << 10, SXL = 1ull << 11, MODE = 0xfull << 60;
        /* SXL's rules have the fewest setups that reach them (fctl.GXL = 1 in a fifth of the runs): more often */
        switch (pct(g, 10) ? 15 : rng_below(g, 18)) {
        case 0: d->dc[0] &= ~1ull; break; /* not valid (258) */
        case 1: d->dc[0] |= 1ull << (pct(g, 50) ? rng_range(g, 12, 23) : rng_range(g, 32, 63)); break;
        case 2: d->dc[2] |= 1ull << (pct(g, 50) ? rng_range(g, 0, 11) : rng_range(g, 32, 39)); break;
        case 3: d->dc[3] |= 1ull << rng_range(g, 44, 59); break;
        case 4: d->dc[1] = (d->dc[1] & ~MODE) | (rng_range(g, 1, 7) << 60); break;
        case 5: /* second-stage root not 16-KiB aligned */
            d->dc[1] = (d->dc[1] & ~MODE & ~3ull) | ((uint64_t)(r->gxl ? 8 : rng_range(g, 8, 10)) << 60) |
                       rng_range(g, 1, 3);
            break;
        case 6: d->dc[7] = 1ull << rng_below(g, 64); break;
        case 7: if (d->pdtv) d->dc[3] = (d->dc[3] & ~MODE) | (rng_range(g, 4, 13) << 60);
                else d->dc[3] = (d->dc[3] & ~MODE) | (rng_range(g, 1, 7) << 60);
                break;
        case 8: d->dc[0] = (d->dc[0] & ~PDTV) | DPE; break; /* DPE without PDTV */
        case 9: d->dc[0] |= SBE; break;                      /* SBE != fctl.BE (no END) */
        case 10: d->dc[0] = (d->dc[0] & ~(1ull << 1)) | (1ull << 3); break; /* T2GPA without EN_ATS */
        case 11: d->dc[0] = (d->dc[0] & ~(7ull << 1)) | (1ull << 2); break;  /* EN_PRI without EN_ATS */
        case 12: d->dc[0] = (d->dc[0] & ~(1ull << 2)) | (1ull << 6); break;  /* PRPR without EN_PRI */
        case 13: d->dc[4] = (d->dc[4] & ~MODE) | (rng_range(g, 2, 13) << 60); break;
        case 14: d->dc[2] |= (16ull << rng_below(g, 8)) << (pct(g, 50) ? 40 : 52); break; /* RCID / MCID too wide */
        case 15: /* SXL illegal with GXL = 1; with GXL = 0 an iosatp mode SXL = 1 does not have */
            if (r->gxl) d->dc[0] &= ~SXL;
            else { d->dc[0] = (d->dc[0] | SXL) & ~(PDTV | DPE); d->dc[3] = (d->dc[3] & ~MODE) | (9ull << 60); }
            break;
        case 16: d->dc[5 + rng_below(g, 2)] |= 1ull << rng_range(g, 47, 63); break; /* mask/pattern beyond MGPAW */
        default: d->dc[4] |= 1ull << rng_range(g, 44, 59); break;              /* msiptp reserved bits */
        }
    }
}

/* Address of the device context of did, creating the non-leaf DDT entries on the way. */
static uint64_t ddt_slot(run_t *r, uint32_t did)
{
    uint32_t ddi[3] = {did & 0x3f, (did >> 6) & 0x1ff, (did >> 15) & 0x1ff};
    uint64_t a = r->ddt_root;
    for (int i = (int)r->ddt_mode - 2; i > 0; i--) {
        uint64_t e = a + ddi[i] * 8;
        uint64_t v = shadow_get(&r->sw.shadow, e);
        if (v & 1) { a = ((v >> 10) & ((1ull << 44) - 1)) << 12; continue; }
        uint64_t next = sw_alloc(&r->sw, 1, 4096);
        sw_store(&r->sw, e, ((next >> 12) << 10) | 1, 8);
        a = next;
    }
    return a + ddi[0] * 64;
}

static uint32_t did_limit(const run_t *r) { return r->ddt_mode == 2 ? 64u : r->ddt_mode == 3 ? 1u << 15 : 1u << 24; }

static void setup(run_t *r)
{
    rng_t *g = &r->rng;
    r->gxl = pct(g, 20);
    reg_write(r, "fctl", (uint64_t)r->gxl << 2);
    uint64_t fq = sw_alloc(&r->sw, 1, 4096);
    r->fq_base = fq;
    reg_write(r, "fqb", ((fq >> 12) << 10) | 6); /* 128 records */
    reg_write(r, "fqcsr", 0x3);                  /* fqen, fie */
    r->ddt_mode = (unsigned)rng_range(g, 2, 4);   /* 1LVL, 2LVL, 3LVL */
    unsigned final_mode = pct(g, 3) ? 0 : pct(g, 3) ? 1 : r->ddt_mode; /* now and then Off or Bare instead */
    r->ddt_root = sw_alloc(&r->sw, 1, 4096);
    r->ndev = (unsigned)rng_range(g, 1, MAX_DEVICES - BROKEN_DEVICES) + BROKEN_DEVICES;
    for (unsigned i = 0; i < r->ndev; i++) {
        device_t *d = &r->dev[i];
        memset(d, 0, sizeof *d);
        d->broken = i >= r->ndev - BROKEN_DEVICES;
        for (;;) {
            uint32_t did = (uint32_t)rng_below(g, did_limit(r));
            if (i > 0 && pct(g, 40)) did = (r->dev[i - 1].did & ~0x3fu) | (uint32_t)rng_below(g, 64);
            bool dup = false;
            for (unsigned j = 0; j < i; j++) dup |= r->dev[j].did == did;
            if (!dup) { d->did = did; break; }
        }
        build_device(r, d);
        uint64_t slot = ddt_slot(r, d->did);
        for (unsigned k = 0; k < 8; k++) sw_store(&r->sw, slot + 8 * k, d->dc[k], 8);
    }
    if (r->ddt_mode > 2 && pct(g, 5)) { /* a broken non-leaf DDT entry */
        uint32_t did = r->dev[rng_below(g, r->ndev)].did;
        uint64_t e = r->ddt_root + 8 * ((r->ddt_mode == 4 ? (did >> 15) : (did >> 6)) & 0x1ff);
        uint64_t v = shadow_get(&r->sw.shadow, e);
        sw_store(&r->sw, e, pct(g, 50) ? (v & ~1ull) : (v | (1ull << rng_range(g, 1, 9))), 8);
    }
    uint64_t ddtp = ((r->ddt_root >> 12) << 10) | final_mode;
    reg_write(r, "ddtp", ddtp);
    if ((reg_read(r, "ddtp") & 0xf) != final_mode || !(reg_read(r, "fqcsr") & (1u << 16)) ||
        ((reg_read(r, "fctl") >> 2) & 1) != r->gxl) {
        fprintf(stderr, "seed %" PRIu64 ": the model did not accept the setup (ddtp 0x%" PRIx64 " fqcsr 0x%" PRIx64
                " fctl 0x%" PRIx64 ")\n", r->seed, reg_read(r, "ddtp"), reg_read(r, "fqcsr"), reg_read(r, "fctl"));
        exit(1);
    }
    /* bad memory under some structures (now and then): one mark per 64-byte block, so that the order in
     * which an implementation reads a device context or an MSI PTE cannot matter */
    if (pct(g, 30)) {
        unsigned marks = (unsigned)rng_range(g, 1, 4);
        for (unsigned k = 0; k < marks * 8 && marks; k++) {
            const sw_shadow_t *sh = &r->sw.shadow;
            size_t i = (size_t)rng_below(g, sh->cap);
            while (!sh->keys[i]) i = (i + 1) & (sh->cap - 1);
            uint64_t addr = sh->keys[i] & ~7ull;
            device_t *d = &r->dev[rng_below(g, r->ndev)];
            if (d->g && d->gpt_pages && pct(g, 50)) { /* a second-stage PTE on the way to a guest table page */
                uint64_t e = pt_entry_addr(&d->gpt, GUEST_PT_BASE + 4096 * rng_below(g, d->gpt_pages),
                                           (unsigned)rng_below(g, d->g->levels));
                if (e) addr = e & ~7ull;
            }
            uint64_t block = addr & ~63ull;
            bool taken = false;
            for (unsigned b = 0; b < 8; b++) taken |= shadow_get(&r->bad, block + 8 * b) != 0;
            if (taken) continue;
            int err = pct(g, 50) ? IOMMU_MEM_ACCESS_FAULT : IOMMU_MEM_DATA_CORRUPTION;
            shadow_put(&r->bad, addr, (uint64_t)err);
            sim_memory_set_error(r->mem, addr, err);
            marks--;
        }
    }
    r->oracle = (oracle_t){.shadow = &r->sw.shadow, .bad = &r->bad, .cfg = &r->cfg, .ddtp = ddtp, .gxl = r->gxl,
                           .be = false};
}

/* ---------------------------------------------------------------------------------------- requests */

static const char *ACC_NAME[] = {"exec", "read", "write"};
static const uint8_t ACC_TTYP[] = {IOMMU_TTYP_UNTRANSLATED_EXEC, IOMMU_TTYP_UNTRANSLATED_READ,
                                   IOMMU_TTYP_UNTRANSLATED_WRITE};
/* the transaction type of a request: translated types are the untranslated ones + 4 */
static uint8_t req_ttyp(const oracle_request_t *q)
{
    if (q->ats) return IOMMU_TTYP_ATS_TRANSLATION;
    return (uint8_t)(ACC_TTYP[q->acc] + (q->translated ? 4 : 0));
}

static device_t *pick_request(run_t *r, oracle_request_t *q)
{
    rng_t *g = &r->rng;
    memset(q, 0, sizeof *q);
    q->acc = (enum oracle_access)rng_below(g, 3);
    device_t *d = NULL;
    if (pct(g, 3)) { /* a device_id that may have no device context, or is too wide for the DDT */
        q->did = (uint32_t)(pct(g, 70) ? rng_below(g, did_limit(r)) : rng_below(g, 1u << 24));
        for (unsigned i = 0; i < r->ndev; i++)
            if (r->dev[i].did == q->did) d = &r->dev[i];
        q->iova = rng_next(g) & ((1ull << 39) - 1);
        q->pv = pct(g, 30);
        q->pid = (uint32_t)rng_below(g, 1u << 20);
    } else {
        /* the broken devices answer every request alike: a few requests each suffice */
        d = pct(g, 4) ? &r->dev[r->ndev - 1 - rng_below(g, BROKEN_DEVICES)]
                      : &r->dev[rng_below(g, r->ndev - BROKEN_DEVICES)];
        q->did = d->did;
        if (d->nhints && pct(g, 92)) {
            const hint_t *h = &d->hints[rng_below(g, d->nhints)];
            uint64_t off = rng_below(g, h->size);
            q->iova = h->addr + off;
            if (pct(g, 8)) q->iova = h->addr + h->size + (off & 0xfff);   /* just past the mapping */
            else if (pct(g, 4)) q->iova = h->addr - 4096 + (off & 0xfff); /* just before it */
            q->pv = h->pv;
            q->pid = h->pid;
        } else {
            q->iova = pct(g, 50) ? rng_next(g) : rng_next(g) & ((1ull << rng_range(g, 12, 57)) - 1);
            q->pv = d->pdtv && pct(g, 70);
            q->pid = d->npids ? d->pids[rng_below(g, d->npids)] : 0;
        }
        if (pct(g, 5)) { /* the other process, or none */
            q->pv = !q->pv;
            q->pid = !q->pv ? 0 : (d->npids && pct(g, 70)) ? d->pids[rng_below(g, d->npids)]
                                                         : (uint32_t)rng_below(g, 1u << 20);
        }
    }
    q->priv = q->pv ? pct(g, 50) : pct(g, 5); /* without a process_id the privilege means nothing */
    q->translated = pct(g, 8);
    /* an ATS translation request (its walk checks a read), mostly to devices with EN_ATS */
    q->ats = !q->translated && pct(g, (d && (d->dc[0] & 2)) ? 20 : 3);
    if (q->ats) q->acc = ORACLE_READ;
    return d;
}

static const char *mode_name(uint64_t ctx, bool xl32, bool x4)
{
    unsigned m = (unsigned)(ctx >> 60);
    if (!m) return "Bare";
    const pt_geom_t *g = pt_geom_for_mode(m, xl32, x4);
    return g ? g->name : "reserved";
}

static void report(run_t *r, unsigned long n, const oracle_request_t *q, const device_t *d,
                   const oracle_result_t *exp, const iommu_response_t *act, const char *what, unsigned long requests)
{
    printf("FAIL seed %" PRIu64 " request %lu: %s\n", r->seed, n, what);
    printf("  request: did 0x%06x pv %d pid 0x%05x priv %s ttyp %u (%s %s) iova 0x%016" PRIx64 "\n", q->did,
           q->pv, q->pid, q->priv ? "S" : "U", req_ttyp(q), q->ats ? "ATS" : q->translated ? "translated" : "untranslated",
           q->ats ? "translation request" : ACC_NAME[q->acc], q->iova);
    static const char *const DDT_MODE[] = {"Off", "Bare", "1LVL", "2LVL", "3LVL"};
    printf("  setup: ddtp.iommu_mode %s, fctl.GXL %d", DDT_MODE[r->oracle.ddtp & 7], r->gxl);
    if (d) {
        printf(", device: %s %s, iohgatp %s, SADE %d GADE %d DPE %d SXL %d, msiptp %s", d->pdtv ? "pdtp" : "iosatp",
               d->pdtv ? (d->pdtp_mode == 1 ? "PD8" : d->pdtp_mode == 2 ? "PD17" : "PD20") : mode_name(d->dc[3], d->sxl, false),
               mode_name(d->dc[1], r->gxl, true), d->sade, d->gade, d->dpe, d->sxl, (d->dc[4] >> 60) == 1 ? "Flat" : "Off");
    } else {
        printf(", no device context written for this device_id");
    }
    printf("\n  the oracle's walk (what software stored; S1 = first stage, G = second stage):\n%s", exp->trace);
    if (q->ats) {
        static const char *const ST[] = {"success", "UR", "CA"};
        printf("  expected: ATS %s pa 0x%016" PRIx64 " size 0x%" PRIx64 " r %d w %d u %d g %d priv %d (walk: %s %u)\n",
               ST[exp->ats.status], exp->ats.pa, exp->ats.size, exp->ats.r, exp->ats.w, exp->ats.u, exp->ats.g,
               exp->ats.priv, exp->fault ? "cause" : "ok", exp->cause);
        const ats_completion_t *c = &act->ats_cpl;
        if (!act->ats) printf("  actual:   no ATS completion (%s %u)\n", act->fault ? "fault" : "ok", act->cause);
        else printf("  actual:   ATS %s pa 0x%016" PRIx64 " size 0x%" PRIx64 " r %d w %d x %d u %d g %d priv %d n %d ama %d\n",
                    ST[c->status], c->pa, c->size, c->r, c->w, c->x, c->u, c->g, c->priv, c->n, c->ama);
    } else if (exp->fault) printf("  expected: fault, cause %u\n", exp->cause);
    else if (exp->mrif) printf("  expected: MRIF 0x%016" PRIx64 " notice 0x%016" PRIx64 " nid 0x%x\n", exp->mrif_addr, exp->notice_addr, exp->notice_data);
    else printf("  expected: ok, pa 0x%016" PRIx64 " pbmt %u\n", exp->pa, exp->pbmt);
    if (q->ats) {
    } else if (act->fault) printf("  actual:   fault, cause %u\n", act->cause);
    else if (act->mrif) printf("  actual:   MRIF 0x%016" PRIx64 " notice 0x%016" PRIx64 " nid 0x%x\n", act->mrif_addr, act->notice_addr, act->notice_data);
    else printf("  actual:   ok, pa 0x%016" PRIx64 " pbmt %u\n", act->pa, act->pbmt);
    printf("  replay: build/iommu-model-random --seed %" PRIu64 " --requests %lu\n", r->seed, requests);
    printf("  replay in the functional runner: build/iommu-model-random --seed %" PRIu64 " --requests %lu --save-stim "
           "seed%" PRIu64 ".stim; build/iommu-run --config config/full.cfg seed%" PRIu64 ".stim (the oracle's responses: "
           "seed%" PRIu64 ".stim.expected)\n", r->seed, n + 1, r->seed, r->seed, r->seed);
}

/* Compares one response and the PTEs the walk read with the oracle; returns false on a disagreement. */
static bool check(run_t *r, unsigned long n, const oracle_request_t *q, const device_t *d, const oracle_result_t *exp,
                  const iommu_response_t *act, unsigned long requests)
{
    char what[256];
    if (q->ats) {
        /* the ATS completion (UR and CA also carry the recorded cause) */
        const ats_completion_t *c = &act->ats_cpl;
        bool success = exp->ats.status == ORACLE_ATS_SUCCESS;
        if (!act->ats || (int)c->status != (int)exp->ats.status || (!success && act->cause != exp->cause) ||
            (success && (c->pa != exp->ats.pa || c->size != exp->ats.size || c->r != exp->ats.r || c->w != exp->ats.w ||
                         c->x != 0 || c->u != exp->ats.u || c->g != exp->ats.g || c->priv != exp->ats.priv || c->n != 0 ||
                         c->ama != 0))) {
            report(r, n, q, d, exp, act, "ATS completion differs", requests);
            return false;
        }
    } else if (act->fault != exp->fault || act->cause != exp->cause ||
        (!exp->fault && (act->mrif != exp->mrif || (!exp->mrif && act->pbmt != exp->pbmt) ||
                         (exp->mrif ? (act->mrif_addr != exp->mrif_addr || act->notice_addr != exp->notice_addr ||
                                       act->notice_data != exp->notice_data)
                                    : act->pa != exp->pa)))) {
        report(r, n, q, d, exp, act, "response differs", requests);
        return false;
    }
    /* the fault record (IOMMU spec "Fault/Event-Queue"); software drains the queue after every request */
    uint32_t fqh = (uint32_t)reg_read(r, "fqh"), fqt = (uint32_t)reg_read(r, "fqt");
    unsigned records = (fqt - fqh) & 127;
    bool fip = (reg_read(r, "ipsr") >> 1) & 1;
    if (records != (exp->reported ? 1u : 0u) || fip != exp->reported) {
        snprintf(what, sizeof what, "%u fault record(s) written and ipsr.fip = %d, expected %u and %d (DTF rule)",
                 records, fip, exp->reported ? 1u : 0u, exp->reported);
        report(r, n, q, d, exp, act, what, requests);
        return false;
    }
    if (records) {
        uint64_t rec = r->fq_base + 32ull * fqh;
        uint64_t w0 = sim_memory_peek(r->mem, rec), iotval = sim_memory_peek(r->mem, rec + 16);
        uint64_t iotval2 = sim_memory_peek(r->mem, rec + 24);
        uint64_t want0 = exp->cause | ((uint64_t)req_ttyp(q) << 34) | ((uint64_t)q->did << 40);
        if (q->pv) want0 |= ((uint64_t)q->pid << 12) | (1ull << 32) | ((uint64_t)q->priv << 33);
        const char *bad = NULL;
        if (w0 != want0) bad = "CAUSE/PID/PV/PRIV/TTYP/DID";
        else if (iotval != q->iova && iotval != (q->iova & ~0xfffull)) bad = "iotval (the IOVA)";
        else if (exp->cause >= 20 && exp->cause <= 23 && iotval2 != exp->iotval2 && iotval2 != (exp->iotval2 & ~0xffcull))
            bad = "iotval2 (GPA, implicit, write)";
        if (bad) {
            snprintf(what, sizeof what, "fault record %s: 0x%016" PRIx64 " iotval 0x%" PRIx64 " iotval2 0x%" PRIx64
                     ", expected 0x%016" PRIx64 " iotval 0x%" PRIx64 " iotval2 0x%" PRIx64, bad, w0, iotval, iotval2,
                     want0, q->iova, exp->iotval2);
            report(r, n, q, d, exp, act, what, requests);
            return false;
        }
        r->records++;
        reg_write(r, "fqh", fqt);
        reg_write(r, "ipsr", 1u << 1); /* RW1C: clear fip */
    }
    for (unsigned k = 0; k < exp->n_touch; k++) {
        uint64_t addr = exp->touch[k].addr;
        uint64_t m = sim_memory_peek(r->mem, addr), s = shadow_get(&r->sw.shadow, addr);
        uint64_t allowed = exp->touch[k].ade ? exp->touch[k].ad_mask : 0;
        const char *bad = NULL;
        if ((m ^ s) & ~allowed) bad = "hardware changed a PTE beyond the A/D bits its stage lets it update";
        else if (s & ~m & allowed) bad = "hardware cleared an A/D bit";
        else if (!exp->fault && (m & exp->touch[k].must_set) != exp->touch[k].must_set) bad = "A/D bits the access needs are not set";
        if (bad) {
            snprintf(what, sizeof what, "%s: PTE doubleword 0x%" PRIx64 " was 0x%" PRIx64 ", is 0x%" PRIx64
                     ", must have 0x%" PRIx64 " set", bad, addr, s, m, exp->touch[k].must_set);
            report(r, n, q, d, exp, act, what, requests);
            return false;
        }
        if (exp->touch[k].ade) shadow_put(&r->sw.shadow, addr, m); /* the record follows hardware's A/D */
    }
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* --save-stim: every doubleword software stored, in address order, as `mem` commands. */
static void stim_memory(run_t *r)
{
    const sw_shadow_t *s = &r->sw.shadow;
    uint64_t *addrs = malloc((s->count + 1) * sizeof *addrs);
    size_t n = 0;
    for (size_t i = 0; i < s->cap; i++)
        if (s->keys[i]) addrs[n++] = s->keys[i] & ~7ull;
    qsort(addrs, n, sizeof *addrs, cmp_u64);
    for (size_t i = 0; i < n; i++) {
        stim_cmd_t *c = stim_append(r->stim, STIM_MEM);
        c->addr = addrs[i];
        c->data = shadow_get(s, addrs[i]);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned err = (unsigned)shadow_get(&r->bad, addrs[i]);
        if (!err) continue;
        stim_cmd_t *c = stim_append(r->stim, STIM_MEMERR);
        c->addr = addrs[i];
        c->mem_err = (int)err;
    }
    free(addrs);
}

/* One seed; returns 0 when every response agreed. */
static int run_seed(run_t *r, uint64_t seed, unsigned long requests, stim_program_t *stim)
{
    r->seed = seed;
    r->stim = stim;
    iommu_config_full(&r->cfg);
    r->mem = sim_memory_new();
    r->mif = (iommu_mem_if_t){.write = mem_write, .cas = mem_cas, .user = r->mem, .read_memory = r->mem};
    iommu_arch_init(&r->arch, &r->cfg, &r->mif, NULL);
    rng_seed(&r->rng, seed);
    sw_init(&r->sw, r->mem, &r->rng);
    shadow_init(&r->bad);
    r->sw.page_limit = 1ull << 33; /* tables below data addresses, and reachable from Sv32 PTEs */
    setup(r);
    if (stim) stim_memory(r);
    int rc = 0;
    oracle_result_t *const exp = &r->exp;
    for (unsigned long n = 0; n < requests; n++) {
        oracle_request_t q;
        device_t *d = pick_request(r, &q);
        oracle_translate(&r->oracle, &q, exp);
        if (!exp->known) { /* an outcome the specification leaves open: send a write instead */
            q.acc = ORACLE_WRITE;
            q.ats = false;
            oracle_translate(&r->oracle, &q, exp);
        }
        iommu_request_t req = {.did = q.did, .pv = q.pv, .pid = q.pid, .priv = q.priv, .ttyp = req_ttyp(&q), .iova = q.iova};
        if (stim) {
            stim_cmd_t *c = stim_append(stim, STIM_DMA);
            c->tag = (uint16_t)n;
            c->did = q.did;
            c->ttyp = req.ttyp;
            c->iova = q.iova;
            c->pv = q.pv;
            c->pid = q.pid;
            c->priv = q.priv;
            c->expect = q.ats ? STIM_EXPECT_UNKNOWN : exp->fault ? STIM_EXPECT_FAULT : STIM_EXPECT_OK;
            c->expect_pa = exp->pa;
        }
        if (r->expect_log && q.ats) {
            if (exp->ats.status != ORACLE_ATS_SUCCESS)
                fprintf(r->expect_log, "ats tag=%u status=%s\n", (unsigned)(uint16_t)n,
                        exp->ats.status == ORACLE_ATS_UR ? "ur" : "ca");
            else
                fprintf(r->expect_log, "ats tag=%u status=success pa=0x%016" PRIx64 " size=0x%" PRIx64
                        " r=%d w=%d x=0 u=%d g=%d priv=%d n=0 ama=0\n", (unsigned)(uint16_t)n, exp->ats.pa,
                        exp->ats.size, exp->ats.r, exp->ats.w, exp->ats.u, exp->ats.g, exp->ats.priv);
        } else if (r->expect_log) {
            if (exp->fault) fprintf(r->expect_log, "rsp tag=%u fault cause=%u\n", (unsigned)(uint16_t)n, exp->cause);
            else if (exp->mrif)
                fprintf(r->expect_log, "rsp tag=%u mrif addr=0x%016" PRIx64 " notice=0x%016" PRIx64 " nid=0x%016" PRIx64 "\n",
                        (unsigned)(uint16_t)n, exp->mrif_addr, exp->notice_addr, (uint64_t)exp->notice_data);
            else if (exp->pbmt) /* docs/formats.md: pbmt=N only when not 0 */
                fprintf(r->expect_log, "rsp tag=%u ok pa=0x%016" PRIx64 " pbmt=%u\n", (unsigned)(uint16_t)n, exp->pa,
                        exp->pbmt);
            else fprintf(r->expect_log, "rsp tag=%u ok pa=0x%016" PRIx64 "\n", (unsigned)(uint16_t)n, exp->pa);
        }
        iommu_response_t act = iommu_arch_translate(&r->arch, &req, &r->mif);
        if (r->trace_request == n + 1) {
            printf("seed %" PRIu64 " request %lu: did 0x%06x pv %d pid 0x%05x priv %s %s iova 0x%016" PRIx64 "\n%s",
                   seed, n, q.did, q.pv, q.pid, q.priv ? "S" : "U", ACC_NAME[q.acc], q.iova, exp->trace);
            printf("  oracle: %s %u 0x%016" PRIx64 ", model: %s %u 0x%016" PRIx64 "\n", exp->fault ? "fault" : "ok",
                   exp->cause, exp->pa, act.fault ? "fault" : "ok", act.cause, act.pa);
        }
        if (!check(r, n, &q, d, exp, &act, requests)) { rc = 1; break; }
        for (unsigned k = 0; k < exp->n_touch && !exp->fault; k++)
            if (exp->touch[k].ade) r->ad_checked += (unsigned long)__builtin_popcountll(exp->touch[k].must_set);
        if (exp->fault) { r->faults++; r->by_cause[exp->cause < 300 ? exp->cause : 299]++; }
        else r->ok++;
        r->mrif += exp->mrif;
        r->ats += q.ats;
        r->ats_granted += q.ats && exp->ats.r;
    }
    /* at the end every doubleword software stored must hold what it stored, but for the A/D updates each
     * request was checked for (the record followed them): hardware wrote nothing else */
    const sw_shadow_t *sh = &r->sw.shadow;
    for (size_t i = 0; i < sh->cap && rc == 0; i++) {
        if (!sh->keys[i]) continue;
        uint64_t addr = sh->keys[i] & ~7ull, m = sim_memory_peek(r->mem, addr);
        if (m != sh->vals[i]) {
            printf("FAIL seed %" PRIu64 ": after %lu requests memory at 0x%" PRIx64 " holds 0x%" PRIx64
                   ", software stored 0x%" PRIx64 " and no checked request may have changed it\n"
                   "  replay: build/iommu-model-random --seed %" PRIu64 " --requests %lu\n",
                   seed, requests, addr, m, sh->vals[i], seed, requests);
            rc = 1;
        }
    }
    sw_free(&r->sw);
    shadow_free(&r->bad);
    sim_memory_free(r->mem);
    return rc;
}

/* ---------------------------------------------------------------------------------------- main */

static void usage(FILE *f)
{
    fprintf(f, "usage: iommu-model-random [--seed N] [--seeds K] [--requests N] [--save-stim FILE] [--trace-request R] [-q]\n"
               "  Randomized self-check of the golden model over the full configuration: random software setups\n"
               "  and requests, every response, fault record and A/D update checked against an independent\n"
               "  spec oracle (tb/spec_oracle.c).\n"
               "  --seed N        first seed (default 1)\n"
               "  --seeds K       number of seeds, N .. N+K-1, 1 to 10^8 (default 1)\n"
               "  --requests N    requests per seed, 0 to 10^7 (default 2000)\n"
               "  Numbers are decimal (no leading zeros) or 0x hex.\n"
               "  --save-stim F   write the first seed's run (or the failing seed's, up to the failing request)\n"
               "                  as a stimulus for build/iommu-run --config config/full.cfg, and the oracle's\n"
               "                  responses as F.expected (the runner's rsp lines must equal them)\n"
               "  --trace-request R  print the oracle's walk of request R (0-based) of every seed\n"
               "  -q              print only the summary line\n");
}

/* Bounds: a seed of MAX_REQUESTS requests takes minutes; beyond it a typo would run for days. */
#define MAX_REQUESTS 10000000ull
#define MAX_SEEDS 100000000ull

/* Decimal without leading zeros, or 0x hex, within [min, max]: a leading zero is rejected rather than read
 * as octal, so `--seed 010` cannot replay another seed than the one the user meant (docs/decisions.md). A
 * value starting with '-' and a non-digit is the next option, not a value. */
static int parse_number(const char *flag, const char *text, uint64_t min, uint64_t max, uint64_t *v)
{
    if (!text || (text[0] == '-' && !isdigit((unsigned char)text[1]))) {
        fprintf(stderr, "iommu-model-random: option %s needs a number%s%s%s (see --help)\n", flag,
                text ? ", got the option '" : "", text ? text : "", text ? "'" : "");
        return -1;
    }
    bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char *digits = hex ? text + 2 : text;
    bool ok = (hex ? isxdigit((unsigned char)digits[0]) : isdigit((unsigned char)digits[0])) &&
              !(!hex && text[0] == '0' && text[1] != '\0');
    if (ok) {
        char *end;
        errno = 0;
        *v = strtoull(digits, &end, hex ? 16 : 10);
        ok = errno == 0 && *end == '\0' && *v >= min && *v <= max;
    }
    if (!ok) {
        fprintf(stderr, "iommu-model-random: option %s expects a number from %" PRIu64 " to %" PRIu64
                        " (decimal without leading zeros, or 0x hex), got '%s'\n", flag, min, max, text);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, seeds = 1, requests = 2000, trace = UINT64_MAX;
    const char *save = NULL;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) { quiet = true; continue; }
        uint64_t *num = !strcmp(a, "--seed") ? &seed : !strcmp(a, "--seeds") ? &seeds
                      : !strcmp(a, "--requests") ? &requests : !strcmp(a, "--trace-request") ? &trace : NULL;
        if (num) {
            uint64_t min = num == &seeds ? 1 : 0;
            uint64_t max = num == &seeds ? MAX_SEEDS : num == &requests ? MAX_REQUESTS : UINT64_MAX;
            if (parse_number(a, val, min, max, num)) return 2;
            i++;
        } else if (!strcmp(a, "--save-stim")) {
            if (!val || val[0] == '-') {
                fprintf(stderr, "iommu-model-random: option --save-stim needs a file name%s%s%s (see --help)\n",
                        val ? ", got the option '" : "", val ? val : "", val ? "'" : "");
                return 2;
            }
            save = val;
            i++;
        } else {
            fprintf(stderr, "iommu-model-random: unknown option '%s' (see --help)\n", a);
            return 2;
        }
    }
    if (seed > UINT64_MAX - (seeds - 1)) {
        fprintf(stderr, "iommu-model-random: --seed %" PRIu64 " with --seeds %" PRIu64 " runs past the last seed %" PRIu64
                        "\n", seed, seeds, UINT64_MAX);
        return 2;
    }
    if (!quiet)
        printf("iommu-model-random: seeds %" PRIu64 "..%" PRIu64 ", %" PRIu64 " requests each, full configuration\n",
               seed, seed + seeds - 1, requests);
    run_t *run = calloc(1, sizeof *run);
    if (!run) { fprintf(stderr, "iommu-model-random: out of memory\n"); return 1; }
    run->quiet = quiet;
    run->trace_request = trace == UINT64_MAX ? 0 : (unsigned long)trace + 1;
    int rc = 0;
    uint64_t s = seed;
    /* counted, not compared with seed + seeds, which wraps for the last seeds of the range */
    for (uint64_t k = 0; k < seeds; k++) {
        s = seed + k;
        stim_program_t prog = {0};
        char expect_path[4096];
        if (save) {
            snprintf(expect_path, sizeof expect_path, "%s.expected", save);
            run->expect_log = tmpfile();
        }
        rc = run_seed(run, s, (unsigned long)requests, save ? &prog : NULL);
        if (save && (rc || s == seed)) {
            FILE *e = fopen(expect_path, "w");
            if (!e) { fprintf(stderr, "iommu-model-random: cannot write %s: %s\n", expect_path, strerror(errno)); return 1; }
            rewind(run->expect_log);
            for (int ch; (ch = fgetc(run->expect_log)) != EOF;) fputc(ch, e);
            fclose(e);
            FILE *f = fopen(save, "w");
            if (!f) { fprintf(stderr, "iommu-model-random: cannot write %s: %s\n", save, strerror(errno)); return 1; }
            stim_write(&prog, f);
            fclose(f);
        }
        stim_free(&prog);
        if (run->expect_log) { fclose(run->expect_log); run->expect_log = NULL; }
        if (rc) break;
        if (save && s == seed) save = NULL;
    }
    unsigned long total = run->ok + run->faults;
    printf("%s: %" PRIu64 " seeds x %" PRIu64 " requests: %lu translated, %lu faulted (%.0f%%); causes:",
           rc ? "FAIL" : "PASS", rc ? s - seed + 1 : seeds, requests, run->ok, run->faults,
           total ? 100.0 * (double)run->faults / (double)total : 0.0);
    for (unsigned c = 0; c < 300; c++)
        if (run->by_cause[c]) printf(" %u:%lu", c, run->by_cause[c]);
    printf("; A/D bits verified: %lu; fault records verified: %lu; MRIF responses: %lu; ATS completions: %lu"
           " (%lu granting access)\n", run->ad_checked, run->records, run->mrif, run->ats, run->ats_granted);
    free(run);
    return rc;
}
