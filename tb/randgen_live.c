/* The software agent of the random stimulus (profiles `live` and `live-omit`, knob live_percent): a driver
 * that changes its tables while DMA runs and keeps the IOMMU's caches coherent through the command queue as
 * the spec's "Guidelines for invalidations" (iommu_sw_guidelines.adoc) ask. It maps and unmaps pages,
 * changes permissions, remaps pages to other addresses, demotes and promotes superpages, moves devices
 * between PSCID domains and invalidates their device contexts (tc.V); then it issues the invalidations the
 * guidelines require (IODIR.INVAL_DDT, IOTINVAL.VMA with GV/AV/PSCV for what changed, PSCV = 0 for a global
 * leaf) and an IOFENCE.C, and polls cqh for the fence before it reuses memory. With knob omit_percent it
 * leaves some of them out on purpose.
 *
 * Every dma carries what software allows (expect=): between a change and the completion of the fence that
 * covers it, a cache may still hold the old entry, so a dma there lists the outcome under the new tables
 * first and the one under the old tables second. At most one change is unsynchronised at a time, so the set
 * is exactly {new, old}; an omitted invalidation keeps the window open until a later covering sync (every
 * device context and every address space, then a fence).
 *
 * Between changes it exercises the command queue itself: every IOTINVAL.VMA, IODIR.INVAL_DDT and IOFENCE.C
 * operand combination, commands this configuration must refuse (reserved opcode or bits, IOTINVAL.GVMA,
 * IODIR.INVAL_PDT, ATS, a DID too wide for 1LVL), recovery from cmd_ill and cqmf (a faulting queue slot or
 * fence address, fixed, then the bit cleared), fence_w_ip with cie set (the cip wire), and it answers
 * interrupts (ipsr) and recycles the fault queue. Everything comes from the seed.
 *
 * Under a configuration with MSI_FLAT (randgen_config_t.iommu) device contexts are 64 bytes (DDI[0] =
 * device_id[5:0]); with PD8/PD17/PD20 some devices get a process directory (tc.PDTV = 1, tc.DPE): processes
 * whose contexts name one of the domains (its PSCID and root; processes sharing a domain share a PSCID) with
 * ENS and SUM, and requests with process_ids and Supervisor privilege. The agent then also edits process
 * contexts (V, ENS, SUM, domain, Bare, a reserved bit) and non-leaf PDT entries, and invalidates as the
 * guidelines' "Changing process directory table entry" asks: IODIR.INVAL_PDT DV = 1 with the DID and PID
 * and IOTINVAL.VMA PSCV = 1 with the PC's PSCID for a PC, IODIR.INVAL_DDT DV = 1 for a non-leaf entry, and
 * IOTINVAL.VMA GV = AV = PSCV = 0 for a DC with PDTV = 1; IODIR.INVAL_PDT is then a legal command (DV = 0
 * is the illegal form). Under config/rtl.cfg nothing of this draws, so each seed keeps its stimulus.
 *
 * Under a configuration with a second stage (version 8: Sv39x4/Sv48x4/Sv57x4) there is one VM (a GSCID, a
 * G-stage table in a supported mode): some domains are its guest's address spaces (their tables and leaves
 * hold GPAs; a device in one has iohgatp set), a 1 GiB G-leaf maps the tables, and a G-stage level-0 table of
 * G_SLOTS leaves maps the guest's data pages. The agent also edits those G-leaves (spec "Changing
 * second-stage page table entry": IOTINVAL.GVMA GV = AV = 1 with the GSCID and the guest page, or the wider
 * forms), invalidates a guest's first-stage changes with IOTINVAL.VMA GV = 1, a VM device's DC change with
 * IOTINVAL.VMA GV = 1 AV = PSCV = 0 and IOTINVAL.GVMA GV = 1 AV = 0, and a covering sync adds IOTINVAL.GVMA
 * GV = 0; IOTINVAL.GVMA becomes a legal command (PSCV = 1 is then the refused form). Process contexts keep to
 * host domains. */
#include "randgen_live.h"

#include <stdio.h>
#include <string.h>

#include "fault_record.h"
#include "iommu_port.h"
#include "memory.h"
#include "pte_bits.h"
#include "rng.h"

#define LOW_REGION 0x80000000ull
#define DDT_OFFSET 0x0ull
#define FQ_OFFSET 0x1000ull
#define CQ_OFFSET 0x2000ull
#define FENCE_OFFSET 0x3000ull
#define MSI_OFFSET 0x4000ull /* the MSI targets software owns: one doubleword per vector */
#define POOL_OFFSET 0x100000ull
#define MAX_DOMAINS 4
#define MAX_SLOTS 8
#define MAX_DEVICES 12
#define FREE_TABLES 8
#define MAX_DEV_PROCS 4
#define MAX_PDTES 8 /* non-leaf entries of one device's process directory */

/* One mapping of a domain: a 4 KiB page or a 2 MiB superpage in 2 MiB region `region` of the IOVA space. */
typedef struct {
    uint64_t iova;     /* page base */
    unsigned level;    /* 0 or 1 */
    bool mapped;
    uint64_t ppn;      /* leaf PPN (aligned for a superpage) */
    uint64_t perm;     /* PTE_R / PTE_W / PTE_X bits */
    bool global;       /* PTE_G */
    bool split;        /* a superpage currently written as a table of 512 4-KiB leaves (same translation) */
    uint64_t split_table;
} slot_t;

typedef struct {
    uint32_t pscid;
    bool guest;           /* version 8: the address space of the VM's guest (tables and leaves hold GPAs) */
    uint64_t root, l1;    /* root table and the one level-1 table every slot lives under */
    uint64_t vpn2;        /* the root index of that table */
    slot_t slots[MAX_SLOTS];
    uint64_t l0[MAX_SLOTS]; /* the level-0 table of each 4 KiB slot's region */
} domain_t;

/* A process of a device with a process directory: its PC as software wrote it. */
typedef struct {
    uint32_t pid;
    bool valid, ens, sum; /* ta.V, ta.ENS, ta.SUM */
    bool bare;            /* fsc Bare (else Sv39 through its domain's root) */
    bool misconf;         /* a reserved ta bit set: 267 */
    unsigned dom;         /* the domain whose PSCID and root the PC names */
    unsigned path[2];     /* its non-leaf entries (device_t.pdte_*), top level first */
    uint64_t pc_addr;
} proc_t;

typedef struct {
    uint32_t did;
    bool valid;   /* tc.V */
    bool dtf;     /* tc.DTF (never changed: the oracle's record check reads it per request) */
    unsigned dom; /* its PSCID domain */
    /* tc.PDTV = 1 (never changed): pdtp.MODE 1 PD8, 2 PD17, 3 PD20, tc.DPE, processes, non-leaf entries */
    bool pdt, dpe;
    unsigned mode, nproc, npdte;
    uint64_t pdt_root;
    proc_t proc[MAX_DEV_PROCS];
    uint64_t pdte_addr[MAX_PDTES], pdte_next[MAX_PDTES];
    bool pdte_valid[MAX_PDTES];
} device_t;

/* Version 8: a G-stage leaf of the VM's data region (4 KiB at live_t.gdata + 4 KiB * index). */
#define G_SLOTS 12
typedef struct {
    bool mapped;
    uint64_t ppn;  /* the supervisor-physical page */
    uint64_t perm; /* PTE_R / PTE_W / PTE_X */
} gslot_t;

/* What software has written: the tables a walk sees now. */
typedef struct {
    domain_t dom[MAX_DOMAINS];
    device_t dev[MAX_DEVICES];
    gslot_t gs[G_SLOTS];
} world_t;

typedef struct {
    rng_t rng;
    randgen_profile_t k;
    stim_program_t *prog;
    stim_cq_track_t cq;
    unsigned cq_entries;
    uint64_t ddt_base, fq_base, cq_base, fence_base, next_table;
    uint64_t free_tables[FREE_TABLES]; /* table pages freed after a fence: reused */
    unsigned free_count;
    unsigned ndom, ndev, fq_log2sz;
    world_t now, old;
    bool pending;      /* old differs from now and no covering invalidation has completed */
    bool dirty;        /* an invalidation was omitted: the window stays open until a covering sync */
    uint16_t next_tag;
    uint32_t fence_seq;
    unsigned fence_combo; /* the next IOFENCE.C AV/WSI/PR/PW combination of random_command */
    bool cie;
    uint32_t recent_did[4];
    uint64_t recent_iova[4];
    bool recent_pdt[4], recent_pv[4], recent_priv[4];
    uint32_t recent_pid[4];
    /* the configuration: extended DCs (MSI_FLAT), pdtp modes supported (bit m: 1 PD8, 2 PD17, 3 PD20) */
    bool ext;
    unsigned pd_modes;
    unsigned npdt; /* devices with a process directory */
    bool ats;      /* version 11: capabilities.ATS (ATS commands legal; the agent invalidates device ATCs) */
    unsigned queued; /* commands written since software last saw the queue empty (cqh == cqt) */
    bool msi;        /* interrupts as MSIs (fctl.WSI = 0): IOFENCE.C WSI = 1 is then illegal, never issued */
    uint64_t msi_base;
    unsigned civ, fiv; /* icvec's vectors for cip and fip */
    int unmask_at_recover; /* a vector masked for cip: unmasked once the error is seen, before it is cleared */
    /* version 8 (a configuration with a second stage: gs_levels bit L for GLEVELS L): one VM, its GSCID, G-stage
     * mode and 16 KiB root; one 1 GiB G-leaf maps the pool's gigabyte from GPA 0 for the guest domains' tables
     * (tbl_off = their address - their GPA); the data region at GPA gdata is a G-stage level-0 table (gl0) of
     * G_SLOTS leaves that the agent edits */
    unsigned gs_levels, glevels;
    uint16_t gscid;
    uint64_t groot, gl1, gl0, gdata, tbl_off;
    /* version 10: capabilities.NL and capabilities.S (the IOTINVAL operands NL, bit 34, and S, bit 73); without
     * them nothing of this is drawn */
    bool nl, s;
} live_t;

/* ---- emitting ---- */

static stim_cmd_t *reg_cmd(live_t *g, enum stim_kind kind, const char *reg)
{
    stim_cmd_t *c = stim_append(g->prog, kind);
    stim_register_by_name(reg, &c->reg_offset, &c->reg_size);
    snprintf(c->reg_name, sizeof c->reg_name, "%s", reg);
    return c;
}

static stim_cmd_t *emit_write(live_t *g, const char *reg, uint64_t v)
{
    stim_cmd_t *c = reg_cmd(g, STIM_WRITE, reg);
    c->data = v;
    stim_cq_track_write(&g->cq, c);
    return c;
}

static void emit_read(live_t *g, const char *reg) { reg_cmd(g, STIM_READ, reg); }

static stim_cmd_t *emit_poll(live_t *g, const char *reg, uint64_t mask, uint64_t value, bool nowait)
{
    stim_cmd_t *c = reg_cmd(g, STIM_POLL, reg);
    c->poll_mask = mask, c->poll_value = value, c->poll_max = 4000, c->nowait = nowait;
    if (strcmp(reg, "cqh") == 0 && value == g->cq.cqt) g->queued = 0;
    return c;
}

/* Software never lets the queue fill: with n more commands to write and fewer free slots (one slot stays
 * empty, spec "In-memory queue interface"), it waits until the IOMMU has run the queue empty. */
static void room(live_t *g, unsigned n)
{
    if (g->queued + n > g->cq_entries - 1) emit_poll(g, "cqh", 0xffffffffull, g->cq.cqt, false);
}

static void emit_mem(live_t *g, uint64_t addr, uint64_t data)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_MEM);
    c->addr = addr, c->data = data;
}

static void emit_memerr(live_t *g, uint64_t addr, int err)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_MEMERR);
    c->addr = addr, c->mem_err = err;
}

static void emit_cmd(live_t *g, uint64_t dw0, uint64_t dw1)
{
    room(g, 1);
    g->queued++;
    stim_append_command(g->prog, &g->cq, dw0, dw1, rng_percent(&g->rng, 50));
}

/* Command encodings (spec "Command-Queue (CQ)" command layouts). */
static uint64_t vma(unsigned gv, unsigned av, unsigned pscv, uint32_t pscid)
{
    return 1 | (uint64_t)av << 10 | (uint64_t)(pscid & 0xfffff) << 12 | (uint64_t)pscv << 32 | (uint64_t)gv << 33;
}
static uint64_t vma_addr(uint64_t iova) { return (iova >> 12) << 10; }
#define CMD_NL (1ull << 34) /* dw0 bit 34 */
#define CMD_S (1ull << 9)   /* bit 73: dw1 bit 9 */

/* An S = 1 range (docs/microarch.md 6.6: ADDR[63:12] with its lowest 0 bit at X covers 2^(X+13) bytes, ADDR with
 * bits X+12:12 cleared) of 2^(x+13) bytes, x in 0..8: the one that holds iova, or with miss the one next to the
 * page of 2^shift bytes at iova (differing in the bit above both sizes), which does not overlap it. dw1. */
static uint64_t s_range(uint64_t iova, unsigned x, bool miss, unsigned shift)
{
    uint64_t a = iova >> 12;
    if (miss) a ^= 1ull << ((x + 1 > shift - 12 ? x + 1 : shift - 12));
    a = (a & ~((2ull << x) - 1)) | ((1ull << x) - 1); /* bits x-1:0 set, bit x clear */
    return a << 10 | CMD_S;
}
/* IOTINVAL.VMA with GV = 1 (the GSCID in bits 59:44), IOTINVAL.GVMA (func3 1) */
static uint64_t vma_gv(unsigned av, unsigned pscv, uint32_t pscid, uint16_t gscid)
{
    return vma(1, av, pscv, pscid) | (uint64_t)gscid << 44;
}
static uint64_t gvma(unsigned gv, unsigned av, uint16_t gscid)
{
    return 1 | 1ull << 7 | (uint64_t)av << 10 | (uint64_t)gv << 33 | (gv ? (uint64_t)gscid << 44 : 0);
}
static uint64_t ddt_inval(unsigned dv, uint32_t did) { return 3 | (uint64_t)dv << 33 | (uint64_t)did << 40; }
static uint64_t pdt_inval(unsigned dv, uint32_t did, uint32_t pid)
{
    return 3 | 1u << 7 | (uint64_t)(pid & 0xfffff) << 12 | (uint64_t)dv << 33 | (uint64_t)did << 40;
}
static uint64_t fence(unsigned av, unsigned wsi, unsigned pr, unsigned pw, uint32_t data)
{
    return 2 | (uint64_t)av << 10 | (uint64_t)wsi << 11 | (uint64_t)pr << 12 | (uint64_t)pw << 13 | (uint64_t)data << 32;
}

/* ---- tables ---- */

static uint64_t alloc_table(live_t *g)
{
    if (g->free_count > 0) return g->free_tables[--g->free_count];
    uint64_t a = g->next_table;
    g->next_table += 4096;
    return a;
}

static uint64_t leaf_pte(const slot_t *s)
{
    if (!s->mapped) return 0;
    return s->ppn << 10 | s->perm | PTE_V | PTE_U | PTE_A | PTE_D | (s->global ? PTE_G : 0);
}

static uint64_t dc_addr(const live_t *g, uint32_t did) { return g->ddt_base + (uint64_t)did * (g->ext ? 64 : 32); }

/* Writes slot s of domain d as it now is (the leaf, or the split table and its pointer). */
static void write_slot(live_t *g, unsigned d, unsigned i)
{
    domain_t *dom = &g->now.dom[d];
    slot_t *s = &dom->slots[i];
    uint64_t vpn1 = (s->iova >> 21) & 0x1ff, vpn0 = (s->iova >> 12) & 0x1ff;
    if (s->level == 0) {
        emit_mem(g, dom->l0[i] + vpn0 * 8, leaf_pte(s));
        return;
    }
    if (s->split) {
        for (uint64_t k = 0; k < 512; k++) {
            slot_t one = *s;
            one.ppn = s->ppn + k;
            emit_mem(g, s->split_table + k * 8, leaf_pte(&one));
        }
        emit_mem(g, dom->l1 + vpn1 * 8, ((s->split_table - (dom->guest ? g->tbl_off : 0)) >> 12) << 10 | PTE_V);
    } else {
        emit_mem(g, dom->l1 + vpn1 * 8, leaf_pte(s));
    }
}

static void write_dc(live_t *g, const device_t *v)
{
    const domain_t *dom = &g->now.dom[v->dom];
    uint64_t tc = (v->valid ? 1 : 0) | (v->dtf ? 1ull << 4 : 0);
    uint64_t ta = (uint64_t)dom->pscid << 12, fsc = 8ull << 60 | (dom->root - (dom->guest ? g->tbl_off : 0)) >> 12;
    uint64_t iohgatp = 0;
    if (v->pdt) /* tc.PDTV (bit 5), tc.DPE (bit 9); fsc holds pdtp */
        tc |= 1ull << 5 | (v->dpe ? 1ull << 9 : 0), fsc = (uint64_t)v->mode << 60 | v->pdt_root >> 12;
    else if (dom->guest) /* version 8: the device is assigned to the VM */
        iohgatp = (uint64_t)(g->glevels + 5) << 60 | (uint64_t)g->gscid << 44 | g->groot >> 12;
    emit_mem(g, dc_addr(g, v->did), tc);
    emit_mem(g, dc_addr(g, v->did) + 8, iohgatp);
    emit_mem(g, dc_addr(g, v->did) + 16, ta);
    emit_mem(g, dc_addr(g, v->did) + 24, fsc);
    /* extended format: msiptp Off, mask, pattern and the reserved doubleword 0 (written once, never changed) */
}

/* A process context (spec "Process-context fields"): ta = V, ENS, SUM, PSCID (a reserved bit when
 * misconfigured), fsc = Sv39 and the domain's root, or Bare. */
static void write_pc(live_t *g, const proc_t *pr)
{
    const domain_t *dom = &g->now.dom[pr->dom];
    uint64_t ta = (pr->valid ? 1 : 0) | (pr->ens ? 2 : 0) | (pr->sum ? 4 : 0) | (uint64_t)dom->pscid << 12 |
                  (pr->misconf ? 1ull << 40 : 0);
    emit_mem(g, pr->pc_addr, ta);
    emit_mem(g, pr->pc_addr + 8, pr->bare ? 0 : 8ull << 60 | dom->root >> 12);
}

static void write_pdte(live_t *g, const device_t *v, unsigned e)
{
    emit_mem(g, v->pdte_addr[e], (v->pdte_next[e] >> 12) << 10 | (v->pdte_valid[e] ? 1 : 0));
}

static void random_leaf(live_t *g, slot_t *s)
{
    static const uint64_t perms[] = {PTE_R, PTE_R | PTE_W, PTE_R | PTE_W, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X,
                                     PTE_R | PTE_W | PTE_X, PTE_X};
    s->mapped = true;
    s->perm = perms[rng_below(&g->rng, 7)];
    s->global = rng_percent(&g->rng, 25);
    uint64_t ppn = rng_below(&g->rng, 1ull << 24) + 0x100000;
    s->ppn = s->level ? ppn & ~0x1ffull : ppn;
}

/* A leaf of a guest domain: its page is a GPA of the VM's data region (level 0: one of the G-stage slots or a
 * few pages past them; level 1: the region's first 2 MiB, of which the G-stage maps G_SLOTS pages). */
static void random_leaf_in(live_t *g, const domain_t *dom, slot_t *s)
{
    random_leaf(g, s);
    if (dom->guest) s->ppn = (g->gdata >> 12) + (s->level ? 0 : rng_below(&g->rng, G_SLOTS + 3));
}

static uint64_t gslot_pte(const gslot_t *gs)
{
    return gs->mapped ? gs->ppn << 10 | gs->perm | PTE_V | PTE_U | PTE_A | PTE_D : 0;
}

static void random_gslot(live_t *g, gslot_t *gs)
{
    static const uint64_t perms[] = {PTE_R, PTE_R | PTE_W, PTE_R | PTE_W | PTE_X, PTE_R | PTE_X, PTE_X};
    gs->mapped = true;
    gs->perm = perms[rng_below(&g->rng, 5)];
    gs->ppn = rng_below(&g->rng, 1ull << 24) + 0x100000;
}

/* ---- the oracle: what a request gets under a state of the tables ---- */

typedef struct {
    bool fault;
    uint16_t cause;
    uint64_t pa;
    uint64_t iotval2; /* a guest-page fault's: the GPA (version 8) */
} outcome_t;

static uint16_t page_fault_cause(uint8_t ttyp)
{
    return ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? FR_INSTR_PAGE_FAULT
         : ttyp == IOMMU_TTYP_UNTRANSLATED_READ ? FR_READ_PAGE_FAULT : FR_WRITE_PAGE_FAULT;
}

/* "Process to translate an IOVA" for this configuration (1LVL, base-format DCs, Sv39 first stage) over w. */
static outcome_t outcome(const live_t *g, const world_t *w, const stim_cmd_t *c)
{
    outcome_t o = {true, 0, 0, 0};
    bool untranslated = c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC || c->ttyp == IOMMU_TTYP_UNTRANSLATED_READ ||
                        c->ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE;
    if (c->did >> (g->ext ? 6 : 7)) { o.cause = FR_TTYP_DISALLOWED; return o; }
    const device_t *v = NULL;
    for (unsigned i = 0; i < g->ndev; i++)
        if (w->dev[i].did == c->did) v = &w->dev[i];
    if (v == NULL || !v->valid) { o.cause = FR_DDT_NOT_VALID; return o; }
    if (!untranslated || (c->pv && !v->pdt)) { o.cause = FR_TTYP_DISALLOWED; return o; }
    unsigned dom_i = v->dom;
    bool supervisor = false, sum = false;
    if (v->pdt) {
        /* "Process to translate an IOVA" steps 7.3, 10 - 15 and "Process to locate the Process-context" */
        unsigned bits = v->mode == 1 ? 8 : v->mode == 2 ? 17 : 20;
        if (c->pv && c->pid >> bits) { o.cause = FR_TTYP_DISALLOWED; return o; }
        if (!c->pv && !v->dpe) { o.fault = false, o.cause = 0, o.pa = c->iova; return o; }
        uint32_t p = c->pv ? c->pid : 0;
        const proc_t *pr = NULL;
        for (unsigned k = 0; k < v->nproc; k++)
            if (v->proc[k].pid == p) pr = &v->proc[k];
        /* a process nobody set up meets a zero entry or PC, or one not valid, on the way */
        if (pr == NULL) { o.cause = FR_PDT_NOT_VALID; return o; }
        for (unsigned j = 0; j + 1 < v->mode; j++)
            if (!v->pdte_valid[pr->path[j]]) { o.cause = FR_PDT_NOT_VALID; return o; }
        if (!pr->valid) { o.cause = FR_PDT_NOT_VALID; return o; }
        if (pr->misconf) { o.cause = FR_PDT_MISCONFIGURED; return o; }
        supervisor = c->pv && c->priv, sum = pr->sum;
        if (supervisor && !pr->ens) { o.cause = FR_TTYP_DISALLOWED; return o; }
        if (pr->bare) { o.fault = false, o.cause = 0, o.pa = c->iova; return o; }
        dom_i = pr->dom;
    }
    uint16_t pf = page_fault_cause(c->ttyp);
    uint64_t upper = c->iova >> 38;
    o.cause = pf;
    if (upper != 0 && upper != (1ull << 26) - 1) return o;
    /* every leaf has U = 1: a Supervisor request needs SUM and no execute (spec "Process-context fields") */
    if (supervisor && (!sum || c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC)) return o;
    const domain_t *dom = &w->dom[dom_i];
    for (unsigned i = 0; i < MAX_SLOTS; i++) {
        const slot_t *s = &dom->slots[i];
        uint64_t size = 1ull << (12 + 9 * s->level);
        if ((c->iova & ~(size - 1)) != s->iova || !s->mapped) continue;
        bool ok = c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? (s->perm & PTE_X) != 0
                : c->ttyp == IOMMU_TTYP_UNTRANSLATED_READ ? (s->perm & PTE_R) != 0 : (s->perm & PTE_W) != 0;
        if (!ok) return o;
        o.fault = false, o.cause = 0;
        o.pa = (s->ppn << 12) + (c->iova & (size - 1));
        if (dom->guest) {
            /* the GPA through the VM's G-stage (every G-leaf has U, A and D set; the tables' G-leaf grants
             * reads): outside the mapped slots, or without the access's permission, the guest-page fault of
             * the request's type */
            uint64_t k = (o.pa - g->gdata) >> 12;
            const gslot_t *gs = o.pa >= g->gdata && k < G_SLOTS ? &w->gs[k] : NULL;
            bool gok = gs && gs->mapped &&
                       (c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? (gs->perm & PTE_X) != 0
                        : c->ttyp == IOMMU_TTYP_UNTRANSLATED_READ ? (gs->perm & PTE_R) != 0
                                                                  : (gs->perm & PTE_W) != 0);
            if (!gok) {
                o.fault = true, o.iotval2 = o.pa & ~3ull, o.pa = 0;
                o.cause = c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? FR_INSTR_GUEST_PAGE_FAULT
                        : c->ttyp == IOMMU_TTYP_UNTRANSLATED_READ ? FR_READ_GUEST_PAGE_FAULT : FR_WRITE_GUEST_PAGE_FAULT;
                return o;
            }
            o.pa = (gs->ppn << 12) | (o.pa & 0xfff);
        }
        return o;
    }
    return o;
}

static bool same_outcome(outcome_t a, outcome_t b)
{
    return a.fault == b.fault && (a.fault ? a.cause == b.cause : a.pa == b.pa);
}

static void set_expectation(live_t *g, stim_cmd_t *c)
{
    outcome_t now = outcome(g, &g->now, c);
    if (now.fault) {
        c->expect = STIM_EXPECT_FAULT;
        c->expect_causes[0] = now.cause, c->expect_cause_count = 1;
        c->expect_iotval2 = now.iotval2;
    } else {
        c->expect = STIM_EXPECT_OK, c->expect_pa = now.pa;
    }
    for (unsigned i = 0; i < g->ndev; i++)
        if (g->now.dev[i].did == c->did) c->expect_dtf = g->now.dev[i].dtf;
    if (!g->pending) return;
    outcome_t then = outcome(g, &g->old, c);
    if (same_outcome(now, then)) return;
    stim_outcome_t *o = &c->expect_old[c->expect_old_count++];
    o->fault = then.fault, o->pa = then.pa;
    if (then.fault) o->causes[0] = then.cause, o->cause_count = 1;
}

/* ---- requests ---- */

/* The process of a request to device v (with a process directory): mostly one of its processes with its
 * process_id (Supervisor or User), else one nobody set up or one too wide for the PD mode, or none (process 0
 * with tc.DPE). Sets c->pv, pid, priv; returns the domain whose pages the IOVA is drawn from. */
static unsigned pick_process(live_t *g, const device_t *v, stim_cmd_t *c)
{
    const proc_t *pr = &v->proc[rng_below(&g->rng, v->nproc)];
    unsigned bits = v->mode == 1 ? 8 : v->mode == 2 ? 17 : 20;
    c->pv = rng_percent(&g->rng, 85);
    c->priv = rng_percent(&g->rng, 50);
    c->pid = pr->pid;
    unsigned r = (unsigned)rng_below(&g->rng, 100);
    if (!c->pv) {
        c->pid = rng_percent(&g->rng, 50) ? (uint32_t)rng_below(&g->rng, 1u << 20) : 0; /* no meaning with pv = 0 */
        for (unsigned k = 0; k < v->nproc; k++)
            if (v->proc[k].pid == 0) pr = &v->proc[k];
    } else if (r >= 90 && bits < 20) {
        c->pid = (uint32_t)rng_range(&g->rng, 1ull << bits, (1ull << 20) - 1); /* wider than pdtp.MODE */
    } else if (r >= 80) {
        uint32_t pid;
        bool known;
        do { /* a process nobody set up */
            pid = (uint32_t)rng_below(&g->rng, 1ull << bits);
            known = false;
            for (unsigned k = 0; k < v->nproc; k++) known |= v->proc[k].pid == pid;
        } while (known);
        c->pid = pid;
    }
    return pr->dom;
}

static void emit_dma(live_t *g)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_DMA);
    c->tag = g->next_tag++;
    uint64_t perm = 0; /* the permission of the page picked, when it is mapped */
    unsigned r = (unsigned)rng_below(&g->rng, 8);
    if (r < 4 && g->recent_did[r] != 0) {
        /* a device touching a page it used a moment ago: the caches hold it (stale after a change) */
        c->did = g->recent_did[r] - 1, c->iova = g->recent_iova[r];
        if (g->recent_pdt[r]) c->pv = g->recent_pv[r], c->pid = g->recent_pid[r], c->priv = g->recent_priv[r];
    } else {
        const device_t *v = &g->now.dev[rng_below(&g->rng, g->ndev)];
        if (!v->valid && rng_percent(&g->rng, 70)) v = &g->now.dev[rng_below(&g->rng, g->ndev)]; /* switched off: quiet */
        c->did = rng_percent(&g->rng, 2) ? (uint32_t)rng_below(&g->rng, 256) : v->did; /* now and then a stray one */
        unsigned dom_i = v->dom;
        bool pdt = v->pdt;
        if (pdt) dom_i = pick_process(g, v, c);
        const domain_t *dom = &g->now.dom[dom_i];
        const slot_t *s = &dom->slots[rng_below(&g->rng, MAX_SLOTS)];
        if (!s->mapped && rng_percent(&g->rng, 60)) s = &dom->slots[rng_below(&g->rng, MAX_SLOTS)];
        perm = s->mapped ? s->perm : 0;
        unsigned where = (unsigned)rng_below(&g->rng, 100);
        if (where < 85) c->iova = s->iova | rng_below(&g->rng, 1ull << (12 + 9 * s->level));
        else if (where < 97) c->iova = (s->iova & ~0x1fffffull) | rng_below(&g->rng, 1ull << 21); /* its region */
        else c->iova = rng_next(&g->rng);
        unsigned k = (unsigned)rng_below(&g->rng, 4);
        g->recent_did[k] = c->did + 1, g->recent_iova[k] = c->iova;
        g->recent_pdt[k] = pdt, g->recent_pv[k] = c->pv, g->recent_pid[k] = c->pid, g->recent_priv[k] = c->priv;
    }
    unsigned t = (unsigned)rng_below(&g->rng, 100);
    c->ttyp = t < 50 ? IOMMU_TTYP_UNTRANSLATED_READ : t < 85 ? IOMMU_TTYP_UNTRANSLATED_WRITE
            : t < 98 ? IOMMU_TTYP_UNTRANSLATED_EXEC : IOMMU_TTYP_TRANSLATED_READ;
    /* mostly an access the page allows, as a device using its buffer does */
    if (perm && rng_percent(&g->rng, 60)) {
        uint8_t ok[3];
        unsigned n = 0;
        if (perm & PTE_R) ok[n++] = IOMMU_TTYP_UNTRANSLATED_READ;
        if (perm & PTE_W) ok[n++] = IOMMU_TTYP_UNTRANSLATED_WRITE;
        if (perm & PTE_X) ok[n++] = IOMMU_TTYP_UNTRANSLATED_EXEC;
        c->ttyp = ok[rng_below(&g->rng, n)];
    }
    set_expectation(g, c);
}

static void dma_burst(live_t *g, unsigned max)
{
    for (unsigned n = (unsigned)rng_range(&g->rng, 0, max); n > 0; n--) emit_dma(g);
}

/* ---- the command queue ---- */

/* The fence every sync ends with: IOFENCE.C AV = 1 writes a sequence number software then sees; then cqh is
 * polled (nowait: DMA may still run) until the queue has run past it. */
static void fence_and_wait(live_t *g, bool wsi)
{
    uint32_t seq = ++g->fence_seq;
    uint64_t addr = g->fence_base + 4ull * (seq % 1024);
    emit_cmd(g, fence(1, wsi, rng_percent(&g->rng, 50), rng_percent(&g->rng, 50), seq), addr >> 2);
    dma_burst(g, 3);
    emit_poll(g, "cqh", 0xffffffffull, g->cq.cqt, true);
    if (wsi) {
        /* fence_w_ip (RW1C) then ipsr.cip (RW1C: cleared after its cause, else it stays set) */
        emit_read(g, "cqcsr");
        emit_write(g, "cqcsr", 1 | (g->cie ? 2 : 0) | 1ull << 11);
        emit_poll(g, "cqcsr", 1ull << 17, 0, false);
        emit_write(g, "ipsr", 1);
    }
}

/* Invalidations that cover every cached translation and device context, and a fence: closes any window. */
static void covering_sync(live_t *g)
{
    emit_cmd(g, ddt_inval(0, 0), 0);
    emit_cmd(g, vma(0, 0, 0, 0), 0);
    if (g->gs_levels) emit_cmd(g, gvma(0, 0, 0), 0); /* version 8: GV = 0 above leaves the VMs' entries */
    fence_and_wait(g, false);
    g->pending = g->dirty = false;
}

/* The invalidation a change needs (a list of commands); in live-omit each may be left out. */
static void issue(live_t *g, uint64_t dw0, uint64_t dw1)
{
    if (g->k.omit_percent && rng_percent(&g->rng, g->k.omit_percent)) {
        g->dirty = true;
        return;
    }
    emit_cmd(g, dw0, dw1);
    dma_burst(g, 2);
}

/* After a change: the guideline's commands were issued (or some omitted), then the fence. */
static void finish_change(live_t *g)
{
    if (g->k.omit_percent && rng_percent(&g->rng, g->k.omit_percent / 2)) {
        dma_burst(g, 6); /* no fence yet: the window stays open */
        g->dirty = true;
        return;
    }
    fence_and_wait(g, rng_percent(&g->rng, 15) && !g->msi);
    if (!g->dirty) g->pending = false;
}

/* Version 10: the AV = 1 invalidation dw0 of a changed leaf with NL = 1 (it invalidates what NL = 0 does: the IOTLB
 * holds only leaves, docs/microarch.md 5.8) or S = 1 with a range that holds the page (any size up to 2 MiB), or
 * first a range next to it that misses the page: that one covers nothing of the change, so the window stays open
 * (as an omitted invalidation: dirty) unless the covering one follows. */
static void inval_leaf_v10(live_t *g, uint64_t dw0, const slot_t *old)
{
    unsigned shift = 12 + 9 * old->level;
    if (g->nl && rng_percent(&g->rng, 50)) dw0 |= CMD_NL;
    if (!g->s || rng_percent(&g->rng, 30)) {
        issue(g, dw0, vma_addr(old->iova));
        return;
    }
    if (rng_percent(&g->rng, 40)) { /* a range that misses the changed page */
        emit_cmd(g, dw0, s_range(old->iova, (unsigned)rng_below(&g->rng, 9), true, shift));
        dma_burst(g, 2);
        if (rng_percent(&g->rng, 50)) { g->dirty = true; return; }
    }
    issue(g, dw0, s_range(old->iova, (unsigned)rng_below(&g->rng, 9), false, shift));
}

/* IOTINVAL.VMA for a leaf of domain d that changed at iova (old leaf global: every address space). */
static void inval_leaf(live_t *g, unsigned d, const slot_t *old)
{
    bool all_spaces = old->global || rng_percent(&g->rng, 10);
    /* a demoted superpage is 512 leaves: one ADDR names only one of them (spec IOTINVAL.VMA AV = 1 invalidates
     * the entries of ADDR), so software invalidates the whole address space */
    if (g->now.dom[d].guest) { /* a guest's first stage: the same with GV = 1 and the VM's GSCID (version 8) */
        if (old->split || rng_percent(&g->rng, 15)) issue(g, vma_gv(0, all_spaces ? 0 : 1, g->now.dom[d].pscid, g->gscid), 0);
        else if ((g->nl || g->s) && rng_percent(&g->rng, 50))
            inval_leaf_v10(g, vma_gv(1, all_spaces ? 0 : 1, g->now.dom[d].pscid, g->gscid), old);
        else issue(g, vma_gv(1, all_spaces ? 0 : 1, g->now.dom[d].pscid, g->gscid), vma_addr(old->iova));
        return;
    }
    if (old->split || rng_percent(&g->rng, 15)) issue(g, vma(0, 0, all_spaces ? 0 : 1, g->now.dom[d].pscid), 0); /* wider */
    else if ((g->nl || g->s) && rng_percent(&g->rng, 50)) inval_leaf_v10(g, vma(0, 1, all_spaces ? 0 : 1, g->now.dom[d].pscid), old);
    else issue(g, vma(0, 1, all_spaces ? 0 : 1, g->now.dom[d].pscid), vma_addr(old->iova));
}

/* ---- changes ---- */

static void begin_change(live_t *g)
{
    if (g->pending) covering_sync(g);
    g->old = g->now;
    g->pending = true;
}

static void change_mapping(live_t *g)
{
    unsigned d = (unsigned)rng_below(&g->rng, g->ndom), i = (unsigned)rng_below(&g->rng, MAX_SLOTS);
    domain_t *dom = &g->now.dom[d];
    slot_t *s = &dom->slots[i];
    begin_change(g);
    slot_t before = *s;
    bool direct = g->k.omit_percent && rng_percent(&g->rng, 30); /* live-omit: overwrite a valid leaf */
    if (!s->mapped) {
        random_leaf_in(g, dom, s); /* map: nothing of it can be cached (no fault is cached), no invalidation needed */
        s->split = false;
        write_slot(g, d, i);
        g->pending = false;
        return;
    }
    if (s->level == 1 && rng_percent(&g->rng, 25)) {
        /* Demote or promote the superpage: same translation either way (spec "page promotions") */
        uint64_t freed = 0;
        if (s->split) freed = s->split_table, s->split = false;
        else s->split = true, s->split_table = alloc_table(g);
        write_slot(g, d, i);
        dma_burst(g, 4);
        if (dom->guest) issue(g, vma_gv(0, before.global ? 0 : 1, dom->pscid, g->gscid), 0);
        else issue(g, vma(0, 0, before.global ? 0 : 1, dom->pscid), 0); /* a non-leaf entry changed */
        finish_change(g);
        if (freed && !g->pending && g->free_count < FREE_TABLES) g->free_tables[g->free_count++] = freed;
        return;
    }
    if (direct || rng_percent(&g->rng, 30)) {
        /* another address and permission over the valid leaf (live: the guideline's way to do it is to clear V
         * first; this is the implementation-defined shortcut whose outcome docs/microarch.md fixes: the old
         * leaf from the IOTLB or the new one from memory) */
        random_leaf_in(g, dom, s);
    } else {
        s->mapped = false; /* unmap (the guideline's way to change a valid leaf: clear V, invalidate, fence) */
    }
    write_slot(g, d, i);
    dma_burst(g, 4);
    inval_leaf(g, d, &before);
    finish_change(g);
}

static void change_device(live_t *g)
{
    device_t *v = &g->now.dev[rng_below(&g->rng, g->ndev)];
    begin_change(g);
    device_t before = *v;
    if (v->pdt) {
        /* tc.V or tc.DPE; spec "Changing device directory table entry" with PDTV = 1: IODIR.INVAL_DDT (which
         * drops the device's process contexts too) and IOTINVAL.VMA GV = AV = PSCV = 0 */
        if (!v->valid && rng_percent(&g->rng, 70)) v->valid = true;
        else if (rng_percent(&g->rng, 50)) v->dpe = !v->dpe;
        else v->valid = !v->valid;
        write_dc(g, v);
        dma_burst(g, 4);
        issue(g, ddt_inval(1, v->did), 0);
        issue(g, vma(0, 0, 0, 0), 0);
        finish_change(g);
        return;
    }
    /* a device that was switched off is mostly switched back on */
    if (!v->valid && rng_percent(&g->rng, 70)) v->valid = true;
    else if (rng_percent(&g->rng, 70) && g->ndom > 1) v->dom = (v->dom + 1 + (unsigned)rng_below(&g->rng, g->ndom - 1)) % g->ndom;
    else v->valid = !v->valid;
    write_dc(g, v);
    dma_burst(g, 4);
    /* spec "Changing device directory table entry": IODIR.INVAL_DDT DV = 1 DID = D, and (old fsc Sv39, no
     * PDTV) IOTINVAL.VMA GV = AV = 0, PSCV = 1, PSCID = the old DC.ta.PSCID */
    issue(g, rng_percent(&g->rng, 80) ? ddt_inval(1, before.did) : ddt_inval(0, (uint32_t)rng_below(&g->rng, 128)), 0);
    if (g->now.dom[before.dom].guest) {
        /* the old DC's iohgatp was not Bare: IOTINVAL.VMA GV = 1 AV = PSCV = 0 and IOTINVAL.GVMA GV = 1 AV = 0,
         * both with its GSCID (version 8) */
        issue(g, vma_gv(0, 0, 0, g->gscid), 0);
        issue(g, gvma(1, 0, g->gscid), 0);
    } else {
        issue(g, vma(0, 0, 1, g->now.dom[before.dom].pscid), 0);
    }
    finish_change(g);
}

/* Version 8: a G-stage leaf of the VM's data region changes (mapped, unmapped, another page or permission);
 * spec "Changing second-stage page table entry": IOTINVAL.GVMA GV = AV = 1 with the GSCID and the guest page
 * (now and then the wider AV = 0, or GV = 0 for every VM), then the fence. */
static void change_gstage(live_t *g)
{
    unsigned k = (unsigned)rng_below(&g->rng, G_SLOTS);
    gslot_t *gs = &g->now.gs[k];
    begin_change(g);
    if (!gs->mapped) random_gslot(g, gs);
    else if (rng_percent(&g->rng, 40)) gs->mapped = false;
    else if (rng_percent(&g->rng, 50)) gs->perm = gs->perm == PTE_R ? PTE_R | PTE_W | PTE_X : PTE_R;
    else random_gslot(g, gs);
    emit_mem(g, g->gl0 + 8ull * ((g->gdata >> 12) & 0x1ff) + 8ull * k, gslot_pte(gs));
    dma_burst(g, 4);
    unsigned r = (unsigned)rng_below(&g->rng, 100);
    if (r < 75) issue(g, gvma(1, 1, g->gscid), vma_addr(g->gdata + 4096ull * k));
    else if (r < 90) issue(g, gvma(1, 0, g->gscid), 0);
    else issue(g, gvma(0, 0, 0), 0);
    finish_change(g);
}

/* A process context or a non-leaf process-directory entry changes (spec "Changing process directory table
 * entry"): a PC: IODIR.INVAL_PDT DV = 1 with its DID and PID, and IOTINVAL.VMA PSCV = 1 with the old PC's
 * PSCID; a non-leaf entry: IODIR.INVAL_DDT DV = 1 with the DID. */
static void change_process(live_t *g)
{
    device_t *v;
    do v = &g->now.dev[rng_below(&g->rng, g->ndev)];
    while (!v->pdt);
    proc_t *pr = &v->proc[rng_below(&g->rng, v->nproc)];
    begin_change(g);
    proc_t before = *pr;
    unsigned r = (unsigned)rng_below(&g->rng, 100);
    if (r >= 88 && v->mode > 1) {
        unsigned e = pr->path[rng_below(&g->rng, v->mode - 1)];
        v->pdte_valid[e] = !v->pdte_valid[e];
        write_pdte(g, v, e);
        dma_burst(g, 4);
        issue(g, ddt_inval(1, v->did), 0);
        finish_change(g);
        return;
    }
    if (!pr->valid && rng_percent(&g->rng, 70)) pr->valid = true;
    else if (r < 25) pr->valid = !pr->valid;
    else if (r < 40) pr->ens = !pr->ens;
    else if (r < 55) pr->sum = !pr->sum;
    else if (r < 75 && g->ndom > 1) {
        pr->dom = (pr->dom + 1 + (unsigned)rng_below(&g->rng, g->ndom - 1)) % g->ndom;
        if (g->now.dom[pr->dom].guest) pr->dom = 0; /* a PC's domain is a host one (the DC's iohgatp is Bare) */
    }
    else if (r < 82) pr->bare = !pr->bare;
    else pr->misconf = !pr->misconf;
    write_pc(g, pr);
    dma_burst(g, 4);
    issue(g, rng_percent(&g->rng, 85) ? pdt_inval(1, v->did, pr->pid) : ddt_inval(1, v->did), 0);
    issue(g, vma(0, 0, 1, g->now.dom[before.dom].pscid), 0);
    finish_change(g);
}

/* ---- command-queue episodes (no change pending) ---- */

/* A command with every operand combination; extra invalidations only drop cache entries. */
static void random_command(live_t *g, bool allow_wsi)
{
    if (g->gs_levels && rng_percent(&g->rng, 25)) { /* version 8: IOTINVAL.GVMA, every legal form */
        unsigned gv = rng_percent(&g->rng, 70), av = rng_percent(&g->rng, 50);
        uint16_t gscid = rng_percent(&g->rng, 60) ? g->gscid : (uint16_t)rng_below(&g->rng, 1u << 16);
        emit_cmd(g, gvma(gv, av, gscid), av ? vma_addr(g->gdata + 4096 * rng_below(&g->rng, G_SLOTS)) : 0);
        return;
    }
    unsigned pick = (unsigned)rng_below(&g->rng, g->pd_modes ? 4 : 3);
    const domain_t *dom = &g->now.dom[rng_below(&g->rng, g->ndom)];
    if (pick == 3) { /* IODIR.INVAL_PDT: a device's process (or any PID, any device) */
        const device_t *v = &g->now.dev[rng_below(&g->rng, g->ndev)];
        uint32_t pid = v->pdt && rng_percent(&g->rng, 70) ? v->proc[rng_below(&g->rng, v->nproc)].pid
                                                          : (uint32_t)rng_below(&g->rng, 1u << 20);
        emit_cmd(g, pdt_inval(1, v->did, pid), 0);
        return;
    }
    if (pick == 0) {
        unsigned gv = rng_percent(&g->rng, 25), av = rng_percent(&g->rng, 50), pscv = rng_percent(&g->rng, 50);
        uint64_t dw0 = vma(gv, av, pscv, pscv ? dom->pscid : (uint32_t)rng_below(&g->rng, 1u << 20));
        if (gv) dw0 |= rng_below(&g->rng, 1u << 16) << 44; /* GSCID */
        uint64_t dw1 = av ? vma_addr(dom->slots[rng_below(&g->rng, MAX_SLOTS)].iova) : 0;
        /* version 10: NL = 1, and S = 1 ranges of any size (an extra invalidation only drops cache entries) */
        if (g->nl && rng_percent(&g->rng, 30)) dw0 |= CMD_NL;
        if (g->s && av && rng_percent(&g->rng, 40))
            dw1 = s_range(dw1 >> 10 << 12, (unsigned)rng_below(&g->rng, 20), rng_percent(&g->rng, 30), 12);
        emit_cmd(g, dw0, dw1);
    } else if (pick == 1) {
        emit_cmd(g, ddt_inval(rng_percent(&g->rng, 60), g->now.dev[rng_below(&g->rng, g->ndev)].did), 0);
    } else {
        /* the operand combinations in turn, so that a short run meets all sixteen */
        unsigned combo = g->fence_combo++ % 16;
        unsigned av = combo >> 3 & 1, wsi = allow_wsi && !g->msi && (combo >> 2 & 1);
        uint32_t seq = ++g->fence_seq;
        emit_cmd(g, fence(av, wsi, combo >> 1 & 1, combo & 1, seq),
                 av ? (g->fence_base + 4ull * (seq % 1024)) >> 2 : 0);
        if (wsi) {
            emit_poll(g, "cqh", 0xffffffffull, g->cq.cqt, true);
            emit_read(g, "ipsr");
            emit_read(g, "cqcsr");
            emit_write(g, "cqcsr", 1 | (g->cie ? 2 : 0) | 1ull << 11);
            emit_poll(g, "cqcsr", 1ull << 17, 0, false);
            emit_write(g, "ipsr", 1);
        }
    }
}

/* A command this configuration refuses (docs/microarch.md 5.4 StCmdExec 1): cmd_ill, cqh stays at it. */
static void illegal_command(live_t *g, uint64_t *dw0, uint64_t *dw1)
{
    *dw1 = 0;
    switch (rng_below(&g->rng, 9)) {
    case 0: *dw0 = rng_range(&g->rng, 5, 127); break;                           /* reserved opcode */
    case 1: *dw0 = 2 | rng_range(&g->rng, 1, 7) << 7; break;                   /* IOFENCE with func3 != C */
    case 2: /* a reserved bit (NL, bit 34, is one only without capabilities.NL) */
        *dw0 = vma(0, 0, 0, 0) | 1ull << (rng_percent(&g->rng, 50) ? 11 : rng_range(&g->rng, g->nl ? 35 : 34, 43));
        break;
    case 3: /* IOTINVAL.GVMA: no second stage; with one (version 8), PSCV = 1 is the refused form */
        *dw0 = 1 | 1 << 7 | (g->gs_levels ? 1ull << 32 : 0);
        break;
    case 4: /* IODIR.INVAL_PDT: refused without a process directory; with one, DV = 0 is the refused form */
        *dw0 = pdt_inval(g->pd_modes ? 0 : 1, g->now.dev[0].did, g->pd_modes ? (uint32_t)rng_below(&g->rng, 1u << 20) : 0);
        break;
    case 5: /* ATS.INVAL / ATS.PRGR; with capabilities.ATS (version 11) another func3 or a reserved bit */
        *dw0 = 4 | rng_below(&g->rng, 2) << 7;
        if (g->ats && rng_percent(&g->rng, 50)) *dw0 = 4 | rng_range(&g->rng, 2, 7) << 7;
        else if (g->ats) *dw0 |= 1ull << (rng_percent(&g->rng, 30) ? rng_range(&g->rng, 10, 11) : rng_range(&g->rng, 34, 39));
        *dw1 = rng_next(&g->rng);
        break;
    case 6: *dw0 = ddt_inval(1, (uint32_t)rng_range(&g->rng, g->ext ? 64 : 128, 0xffffff)); break; /* DID too wide for 1LVL */
    case 7: *dw0 = ddt_inval(1, 1) | rng_range(&g->rng, 1, 0xfffff) << 12; break;   /* INVAL_DDT with PID */
    default: *dw0 = fence(0, 0, 0, 0, 0) | 1ull << rng_range(&g->rng, 14, 31); break; /* fence reserved bits */
    }
}

static void recover(live_t *g, uint64_t bit);
static void resume(live_t *g, uint64_t bit);

/* Version 11 (capabilities.ATS): the driver invalidates a device's address-translation cache (spec "IOMMU PCIe
 * ATS commands"): one to three ATS.INVAL, taken by the IOMMU (cqh == cqt), each completed by the device in time,
 * late (after the IOFENCE.C that then waits), after a wrong ITag or device_id (ignored), or never: the
 * protocol timeout, the fence stops the queue with cmd_to, the driver clears it and the fence completes. Every
 * earlier ATS.INVAL has completed (each step ends with its fence done), so invalidation t holds ITag t. */
static void ats_inval_live(live_t *g)
{
    uint32_t did = g->now.dev[rng_below(&g->rng, g->ndev)].did;
    bool pv = rng_percent(&g->rng, 30);
    uint32_t pid = (uint32_t)rng_below(&g->rng, 1u << 20);
    unsigned n = (unsigned)rng_range(&g->rng, 1, 3);
    for (unsigned i = 0; i < n; i++) {
        bool dsv = (did >> 16) != 0;
        emit_cmd(g, 4 | (uint64_t)(pv ? pid : 0) << 12 | (uint64_t)pv << 32 | (uint64_t)dsv << 33 |
                        (uint64_t)(did & 0xffff) << 40 | (uint64_t)(did >> 16 & 0xff) << 56,
                 rng_next(&g->rng) & ~0x7feull);
    }
    emit_poll(g, "cqh", 0xffffffffull, g->cq.cqt, false);
    uint32_t late = 0;
    bool never = false;
    for (unsigned t = 0; t < n; t++) {
        unsigned r = (unsigned)rng_below(&g->rng, 100);
        if (r < 8) {
            never = true;
        } else if (r < 40) {
            late |= 1u << t;
            if (r < 20) { /* a wrong ITag first (ignored) */
                stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL);
                c->did = did, c->itags = 1u << rng_range(&g->rng, n, 31);
            }
        } else {
            stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL);
            c->did = did, c->itags = 1u << t;
        }
    }
    emit_cmd(g, fence(0, 0, 0, 0, 0), 0);
    if (late) {
        dma_burst(g, 2); /* DMA while the fence waits */
        stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL);
        c->did = did, c->itags = late;
    }
    if (never) {
        dma_burst(g, 2);
        stim_append(g->prog, STIM_ATSTIMEOUT);
        recover(g, 1ull << 9); /* cmd_to */
        resume(g, 1ull << 9);
    }
    emit_poll(g, "cqh", 0xffffffffull, g->cq.cqt, false);
}

/* Waits for the processor to stop on an error, fixes the cause, clears the bit (RW1C) and lets it resume. */
static void recover(live_t *g, uint64_t bit)
{
    emit_poll(g, "cqcsr", bit, bit, false);
    emit_read(g, "cqh");
    emit_read(g, "ipsr");
    if (g->unmask_at_recover >= 0) { /* cip pending behind the mask is sent now */
        char reg[20];
        snprintf(reg, sizeof reg, "msi_vec_ctl_%u", (unsigned)g->unmask_at_recover & 15);
        emit_write(g, reg, 0);
        g->unmask_at_recover = -1;
    }
}

static void resume(live_t *g, uint64_t bit)
{
    emit_write(g, "cqcsr", 1 | (g->cie ? 2 : 0) | bit);
    emit_poll(g, "cqcsr", 1ull << 17 | bit, 0, false);
    emit_write(g, "ipsr", 1);
    emit_poll(g, "cqh", 0xffffffffull, g->cq.cqt, false);
}

static void error_episode(live_t *g)
{
    unsigned pick = (unsigned)rng_below(&g->rng, 3);
    if (pick == 0) {
        uint64_t dw0, dw1;
        illegal_command(g, &dw0, &dw1);
        room(g, 2);
        g->queued++;
        uint64_t slot = g->cq_base + (uint64_t)g->cq.cqt * 16;
        stim_append_command(g->prog, &g->cq, dw0, dw1, false);
        if (rng_percent(&g->rng, 50)) random_command(g, false); /* queued behind it: waits */
        dma_burst(g, 3);
        recover(g, 1ull << 10);
        /* software rewrites the refused command as a harmless fence (no write, no interrupt) */
        emit_mem(g, slot, fence(0, 0, 0, 0, 0));
        emit_mem(g, slot + 8, 0);
        resume(g, 1ull << 10);
    } else if (pick == 1) {
        /* the next slot faults when fetched: cqmf; software fixes the memory and clears cqmf */
        room(g, 1);
        uint64_t slot = g->cq_base + (uint64_t)g->cq.cqt * 16 + 8 * rng_below(&g->rng, 2);
        emit_memerr(g, slot, rng_percent(&g->rng, 60) ? IOMMU_MEM_ACCESS_FAULT : IOMMU_MEM_DATA_CORRUPTION);
        random_command(g, false);
        dma_burst(g, 3);
        recover(g, 1ull << 8);
        emit_memerr(g, slot, IOMMU_MEM_OK);
        resume(g, 1ull << 8);
    } else {
        /* the fence's completion write faults: cqmf with cqh at the fence, which runs again once cleared */
        uint32_t seq = ++g->fence_seq;
        uint64_t addr = g->fence_base + 4ull * (seq % 1024);
        emit_memerr(g, addr & ~7ull, rng_percent(&g->rng, 60) ? IOMMU_MEM_ACCESS_FAULT : IOMMU_MEM_DATA_CORRUPTION);
        emit_cmd(g, fence(1, 0, 1, 1, seq), addr >> 2);
        dma_burst(g, 3);
        recover(g, 1ull << 8);
        emit_memerr(g, addr & ~7ull, IOMMU_MEM_OK);
        resume(g, 1ull << 8);
    }
}

/* MSI mode only: a vector masked while its cause may become pending (faults of the DMA in between, or a refused
 * command for cip), then unmasked: a pending message is sent then (spec "msi_vec_ctl"); or the MSI target made
 * to answer with an error for a while (an IOMMU MSI write access fault, cause 273, in the fault queue). */
static void msi_episode(live_t *g)
{
    char reg[20];
    unsigned v = rng_percent(&g->rng, 70) ? g->fiv : g->civ;
    if (rng_percent(&g->rng, 75)) {
        snprintf(reg, sizeof reg, "msi_vec_ctl_%u", v);
        emit_write(g, reg, 1);
        emit_write(g, "ipsr", 3); /* what is pending now is sent at the unmask */
        if (v == g->civ && v != g->fiv && rng_percent(&g->rng, 60)) {
            g->unmask_at_recover = (int)v; /* cmd_ill or cqmf: cip pending behind the mask until recover() */
            error_episode(g);
        } else {
            for (unsigned n = (unsigned)rng_range(&g->rng, 3, 10); n > 0; n--) emit_dma(g); /* faults: fip */
            emit_read(g, "ipsr");
            emit_write(g, reg, 0);
        }
    } else {
        uint64_t target = g->msi_base + 8ull * v;
        emit_memerr(g, target, rng_percent(&g->rng, 60) ? IOMMU_MEM_ACCESS_FAULT : IOMMU_MEM_DATA_CORRUPTION);
        emit_write(g, "ipsr", 3); /* a fresh fip or cip sends a message into the fault */
        dma_burst(g, 6);
        emit_read(g, "ipsr");
        emit_memerr(g, target, IOMMU_MEM_OK);
    }
    dma_burst(g, 2);
}

/* What a driver does besides: acknowledge interrupts, recycle the fault queue. */
static void housekeeping(live_t *g)
{
    if (g->msi && rng_percent(&g->rng, 60)) msi_episode(g);
    emit_read(g, "ipsr");
    emit_read(g, "cqcsr");
    if (rng_percent(&g->rng, 50)) {
        emit_write(g, "fqcsr", 0);
        emit_poll(g, "fqcsr", 0x30000, 0, false);
        emit_write(g, "fqh", 0);
        emit_write(g, "fqcsr", 3);
        emit_poll(g, "fqcsr", 0x30000, 0x10000, false);
    }
    emit_write(g, "ipsr", 3); /* fip and cip */
}

/* A process directory for device v: PD8, PD17 or PD20, tc.DPE, 1 to 4 processes (process 0 often, for DPE),
 * each on one of the domains, with ENS and SUM; the non-leaf entries their paths need. */
static void setup_pdt(live_t *g, device_t *v)
{
    unsigned modes[3], n = 0;
    for (unsigned m = 1; m <= 3; m++)
        if (g->pd_modes & (1u << m)) modes[n++] = m;
    v->pdt = true;
    v->mode = modes[rng_below(&g->rng, n)];
    v->dpe = rng_percent(&g->rng, 50);
    v->pdt_root = alloc_table(g);
    unsigned bits = v->mode == 1 ? 8 : v->mode == 2 ? 17 : 20;
    unsigned want = (unsigned)rng_range(&g->rng, 1, MAX_DEV_PROCS);
    for (unsigned q = 0; q < want; q++) {
        proc_t *pr = &v->proc[v->nproc];
        uint32_t pid = rng_percent(&g->rng, 30) ? (uint32_t)rng_below(&g->rng, 3)
                                                : (uint32_t)rng_below(&g->rng, 1ull << bits);
        bool dup = false;
        for (unsigned j = 0; j < v->nproc; j++) dup |= v->proc[j].pid == pid;
        if (dup) continue;
        memset(pr, 0, sizeof *pr);
        pr->pid = pid;
        pr->valid = rng_percent(&g->rng, 90);
        pr->ens = rng_percent(&g->rng, 70);
        pr->sum = rng_percent(&g->rng, 50);
        pr->bare = rng_percent(&g->rng, 10);
        pr->dom = (unsigned)rng_below(&g->rng, g->ndom); /* processes share domains, so PSCIDs */
        if (g->now.dom[pr->dom].guest) pr->dom = 0; /* version 8: a host domain (domain 0 always is) */
        /* the path: PDI[2] = pid[19:17] (PD20), PDI[1] = pid[16:8], PDI[0] = pid[7:0] */
        uint64_t table = v->pdt_root;
        for (unsigned j = v->mode - 1, step = 0; j >= 1; j--, step++) {
            uint64_t addr = table + (j == 2 ? (pid >> 17) & 7 : (pid >> 8) & 0x1ff) * 8;
            unsigned e;
            for (e = 0; e < v->npdte && v->pdte_addr[e] != addr; e++) continue;
            if (e == v->npdte) {
                v->pdte_addr[e] = addr, v->pdte_next[e] = alloc_table(g), v->pdte_valid[e] = true;
                v->npdte++;
            }
            pr->path[step] = e;
            table = v->pdte_next[e];
        }
        pr->pc_addr = table + (pid & 0xff) * 16;
        v->nproc++;
    }
    if (v->nproc == 0) v->pdt = false; /* cannot happen: the first process is never a duplicate */
    else g->npdt++;
}

void randgen_live_build(const randgen_config_t *cfg, const randgen_profile_t *k, stim_program_t *prog)
{
    live_t g;
    memset(&g, 0, sizeof g);
    rng_seed(&g.rng, cfg->seed ^ 0x11feu);
    g.k = *k;
    g.prog = prog;
    g.unmask_at_recover = -1;
    iommu_config_t rtl;
    const iommu_config_t *ic = cfg->iommu;
    if (ic == NULL) iommu_config_rtl(&rtl), ic = &rtl;
    g.ext = (ic->capabilities >> 22) & 1;                         /* capabilities.MSI_FLAT */
    g.ats = (ic->capabilities >> 25) & 1;                         /* capabilities.ATS */
    g.pd_modes = (unsigned)((ic->capabilities >> 38) & 7) << 1; /* PD8, PD17, PD20 */
    g.gs_levels = (unsigned)((ic->capabilities >> 17) & 7) << 3;  /* Sv39x4, Sv48x4, Sv57x4 (version 8) */
    g.nl = (ic->capabilities >> 42) & 1, g.s = (ic->capabilities >> 43) & 1; /* NL, S (version 10) */
    uint64_t region = rng_percent(&g.rng, 50) ? LOW_REGION : rng_below(&g.rng, 1ull << 20) << 32;
    g.ddt_base = region + DDT_OFFSET, g.fq_base = region + FQ_OFFSET, g.cq_base = region + CQ_OFFSET;
    g.fence_base = region + FENCE_OFFSET, g.next_table = region + POOL_OFFSET;
    g.fq_log2sz = (unsigned)rng_range(&g.rng, 2, 4);
    unsigned cq_log2szm1 = (unsigned)rng_range(&g.rng, 1, 4);
    g.cq_entries = 2u << cq_log2szm1;
    g.ndom = (unsigned)rng_range(&g.rng, 2, MAX_DOMAINS);
    g.ndev = (unsigned)rng_range(&g.rng, k->devices_min < MAX_DEVICES ? k->devices_min : MAX_DEVICES,
                                 k->devices_max < MAX_DEVICES ? k->devices_max : MAX_DEVICES);
    if (g.gs_levels) {
        /* version 8: the VM (one G-stage mode the configuration supports), its G-stage tables and data region */
        do g.glevels = (unsigned)rng_range(&g.rng, 3, 5);
        while (!(g.gs_levels & (1u << g.glevels)));
        g.gscid = (uint16_t)rng_below(&g.rng, 1u << 16);
        while (g.next_table & 0x3fff) g.next_table += 4096;
        g.groot = g.next_table, g.next_table += 0x4000;
        g.gl1 = alloc_table(&g), g.gl0 = alloc_table(&g);
        g.tbl_off = g.next_table & ~((1ull << 30) - 1); /* the pool's gigabyte is GPA 0 .. 1 GiB */
        g.gdata = (1ull + rng_below(&g.rng, 3)) << 30 | rng_below(&g.rng, 512) << 21;
        for (unsigned k = 0; k < G_SLOTS; k++)
            if (rng_percent(&g.rng, 85)) random_gslot(&g, &g.now.gs[k]);
    }
    for (unsigned d = 0; d < g.ndom; d++) {
        domain_t *dom = &g.now.dom[d];
        /* domain 0 stays a host one (process contexts use host domains) */
        dom->guest = g.gs_levels && d > 0 && rng_percent(&g.rng, 60);
        bool dup;
        do {
            dom->pscid = (uint32_t)rng_below(&g.rng, 1u << 20);
            dup = false;
            for (unsigned e = 0; e < d; e++) dup |= g.now.dom[e].pscid == dom->pscid;
        } while (dup);
        dom->root = alloc_table(&g);
        dom->l1 = alloc_table(&g);
        dom->vpn2 = rng_percent(&g.rng, 50) ? rng_below(&g.rng, 4) : 511 - rng_below(&g.rng, 4);
        for (unsigned i = 0; i < MAX_SLOTS; i++) {
            slot_t *s = &dom->slots[i];
            s->level = rng_percent(&g.rng, 30);
            uint64_t iova = dom->vpn2 << 30 | (uint64_t)(i * 3 + rng_below(&g.rng, 3)) << 21;
            if (s->level == 0) {
                iova |= rng_below(&g.rng, 512) << 12;
                dom->l0[i] = alloc_table(&g);
            }
            if (dom->vpn2 >= 256) iova |= 0xffffff8000000000ull;
            s->iova = iova;
            if (rng_percent(&g.rng, 80)) random_leaf_in(&g, dom, s);
        }
    }
    for (unsigned i = 0; i < g.ndev; i++) {
        device_t *v = &g.now.dev[i];
        bool dup;
        do {
            v->did = (uint32_t)rng_below(&g.rng, g.ext ? 64 : 128);
            dup = false;
            for (unsigned j = 0; j < i; j++) dup |= g.now.dev[j].did == v->did;
        } while (dup);
        v->valid = rng_percent(&g.rng, 95);
        v->dtf = rng_percent(&g.rng, 20);
        v->dom = (unsigned)rng_below(&g.rng, g.ndom); /* several devices share a domain */
    }
    /* process directories (only under a configuration with PD modes: no draw otherwise) */
    for (unsigned i = 0; i < g.ndev && g.pd_modes; i++)
        if (rng_percent(&g.rng, 45)) setup_pdt(&g, &g.now.dev[i]);
    /* the tables */
    if (g.gs_levels) { /* version 8: the VM's G-stage (VPN_G[2] of Sv39x4 is GPA bits 40:30) */
        unsigned top = g.glevels - 1;
        uint64_t l2 = g.groot; /* Sv48x4 / Sv57x4: the root's entry 0 leads to further tables down to level 2 */
        for (unsigned i = top; i > 2; i--) {
            uint64_t next = alloc_table(&g);
            emit_mem(&g, l2, (next >> 12) << 10 | PTE_V);
            l2 = next;
        }
        emit_mem(&g, l2, (g.tbl_off >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D); /* GPA 0: 1 GiB */
        emit_mem(&g, l2 + 8 * (g.gdata >> 30), (g.gl1 >> 12) << 10 | PTE_V);
        emit_mem(&g, g.gl1 + 8 * ((g.gdata >> 21) & 0x1ff), (g.gl0 >> 12) << 10 | PTE_V);
        for (unsigned k = 0; k < G_SLOTS; k++)
            emit_mem(&g, g.gl0 + 8 * ((g.gdata >> 12) & 0x1ff) + 8ull * k, gslot_pte(&g.now.gs[k]));
    }
    for (unsigned d = 0; d < g.ndom; d++) {
        domain_t *dom = &g.now.dom[d];
        uint64_t off = dom->guest ? g.tbl_off : 0; /* a guest's tables hold GPAs */
        emit_mem(&g, dom->root + dom->vpn2 * 8, ((dom->l1 - off) >> 12) << 10 | PTE_V);
        for (unsigned i = 0; i < MAX_SLOTS; i++) {
            const slot_t *s = &dom->slots[i];
            if (s->level == 0) emit_mem(&g, dom->l1 + ((s->iova >> 21) & 0x1ff) * 8, ((dom->l0[i] - off) >> 12) << 10 | PTE_V);
            write_slot(&g, d, i);
        }
    }
    for (unsigned i = 0; i < g.ndev; i++) {
        const device_t *v = &g.now.dev[i];
        for (unsigned e = 0; e < v->npdte; e++) write_pdte(&g, v, e);
        for (unsigned q = 0; q < v->nproc; q++) write_pc(&g, &v->proc[q]);
        write_dc(&g, v);
    }
    /* registers: fault queue, command queue (cie set, so cip reaches its wire), interrupt vectors, 1LVL */
    emit_read(&g, "capabilities");
    /* fctl resets to WSI = 0 (MSIs) since docs/microarch.md version 3; the agent takes wires or, with knob
     * msi_percent, MSIs through msi_cfg_tbl (IOFENCE.C WSI = 1 is legal only with fctl.WSI = 1). The draw is
     * made only when the knob is on, so other profiles keep their stimulus. */
    g.msi = k->msi_percent && rng_percent(&g.rng, k->msi_percent);
    g.msi_base = region + MSI_OFFSET;
    emit_write(&g, "fctl", g.msi ? 0 : 0x2);
    emit_write(&g, "fqb", (g.fq_base >> 12) << 10 | (g.fq_log2sz - 1));
    emit_write(&g, "fqcsr", 3);
    emit_poll(&g, "fqcsr", 0x30000, 0x10000, false);
    emit_write(&g, "cqb", (g.cq_base >> 12) << 10 | cq_log2szm1);
    emit_write(&g, "cqt", 0);
    g.cie = rng_percent(&g.rng, 85);
    emit_write(&g, "cqcsr", 1 | (g.cie ? 2 : 0));
    emit_poll(&g, "cqcsr", 0x30000, 0x10000, false);
    g.civ = (unsigned)rng_below(&g.rng, 16), g.fiv = (unsigned)rng_below(&g.rng, 16);
    emit_write(&g, "icvec", g.civ | g.fiv << 4);
    if (g.msi) {
        /* a message per vector: the target doubleword's low or high half, distinct data (the bench names the
         * vector of each write by address and data) */
        for (unsigned n = 0; n < 2; n++) {
            unsigned v = n ? g.fiv : g.civ;
            char reg[20];
            snprintf(reg, sizeof reg, "msi_addr_%u", v);
            emit_write(&g, reg, g.msi_base + 8ull * v + 4 * rng_below(&g.rng, 2));
            snprintf(reg, sizeof reg, "msi_data_%u", v);
            emit_write(&g, reg, (uint32_t)rng_next(&g.rng) ^ v);
            snprintf(reg, sizeof reg, "msi_vec_ctl_%u", v);
            emit_write(&g, reg, 0);
        }
    }
    emit_write(&g, "ddtp", (g.ddt_base >> 12) << 10 | 2);
    emit_poll(&g, "ddtp", 0x10, 0, false);
    unsigned done = 0;
    while (done < cfg->transactions) {
        unsigned before = (unsigned)prog->count;
        unsigned pick = (unsigned)rng_below(&g.rng, 100);
        if (pick < k->live_percent) {
            if (g.gs_levels && rng_percent(&g.rng, 30)) change_gstage(&g);
            else if (g.npdt && rng_percent(&g.rng, 35)) change_process(&g);
            else if (rng_percent(&g.rng, 65)) change_mapping(&g);
            else change_device(&g);
        } else if (pick < k->live_percent + k->cmd_error_percent) {
            if (g.pending) covering_sync(&g);
            if (g.ats && rng_percent(&g.rng, 30)) ats_inval_live(&g); /* version 11 */
            else if (rng_percent(&g.rng, 50)) error_episode(&g);
            else random_command(&g, true);
        } else if (pick < k->live_percent + k->cmd_error_percent + 2) {
            housekeeping(&g);
        } else {
            emit_dma(&g);
        }
        for (size_t i = before; i < prog->count; i++) done += prog->cmds[i].kind == STIM_DMA;
    }
    if (g.pending) covering_sync(&g);
    emit_read(&g, "cqh");
    emit_read(&g, "cqcsr");
    emit_read(&g, "fqt");
    emit_read(&g, "ipsr");
    stim_number_lines(prog);
}
