/* Random stimulus generator (see randgen.h). Tables are built in a scratch sim_memory so the generator
 * can see what it already wrote, then emitted as `mem` commands. What it builds follows the configuration
 * (randgen_config_t.iommu): DC format, directory index widths, process directories. Every draw that only a
 * configuration with MSI_FLAT or a PD mode needs is made only under such a configuration, so config/rtl.cfg
 * keeps each seed's stimulus. Version 11 (capabilities.ATS, docs/microarch.md 5.9): device contexts with
 * EN_ATS/EN_PRI/PRPR/T2GPA, ATS translation and translated requests with their expected completions, page
 * requests into a page-request queue that software drains and answers with ATS.PRGR, and ATS.INVAL with a
 * device that completes (late, with a wrong ITag, or never: the timeout) and IOFENCE.C; all drawn only under
 * such a configuration. */
#include "randgen.h"
#include "randgen_live.h"

#include <stdio.h>
#include <string.h>

#include "fault_record.h"
#include "iommu_port.h"
#include "memory.h"
#include "pte_bits.h"
#include "rng.h"

/* Where the tables live: half the seeds use the low region, the others a random 4 GiB-aligned region
 * anywhere below 2^56 (PAS), so register base fields (ddtp.PPN, fqb.PPN) and every PTE pointer carry
 * large PPNs too. */
#define LOW_REGION 0x80000000ull
#define DDT_OFFSET 0x0ull
#define FQ_OFFSET 0x1000ull
#define POOL_OFFSET 0x100000ull
#define MAX_DEVICES 64 /* the knob devices_max allows at most this many (1LVL holds 128) */
#define MAX_PAGES 32
#define RECENT 8
#define MAX_PROCS 128 /* process contexts of all devices together */
#define MAX_DEVICE_PROCS 6
/* version 11: the page-request queue and the command queue (ATS.INVAL, ATS.PRGR, IOFENCE.C) */
#define PQ_OFFSET 0x3000ull
#define CQ_OFFSET 0x4000ull
#define CQ_LOG2SZ 6
#define MAX_GROUPS 32


typedef struct {
    uint64_t iova;  /* page base */
    unsigned level; /* 0 4 KiB, 1 2 MiB, 2 1 GiB, 3 512 GiB, 4 256 TiB */
    uint64_t pte;   /* the leaf as written */
    bool memerr;    /* the leaf's memory is marked faulting */
    int memerr_kind; /* how (enum iommu_mem_err), when memerr */
    bool path_broken; /* a non-leaf PTE on its path has a bit the spec reserves there (U, A, D, 63:54) */
    uint64_t leaf_addr; /* where the leaf is */
    int cas_memerr;     /* knob cas_memerr_percent: the error (enum iommu_mem_err) the leaf's A/D update gets, its
                           reads none (`memerr ... write`); 0 none */
    bool raced;         /* knob cas_race_percent: a software store to the leaf was armed for its CAS */
    bool hw_a;          /* knob cas_race_percent: a request that succeeded through the leaf has set A in memory */
    /* version 10 (docs/microarch.md 5.8): log2 of the page size (12 + 9 level; Sv32 12 + 10 level; a NAPOT leaf
     * 16), whether the PTE is a 4-byte Sv32 one, and whether it is one of 16 equal NAPOT PTEs */
    unsigned shift;
    bool four, napot;
} mapped_page_t;

/* How a device context was built, which is all the software side knows about it. */
struct device_s;
/* DC_PAGED: a first-stage mode (Sv39, Sv48 or Sv57: device_t.levels) */
/* DC_PDT: tc.PDTV = 1, a process directory (device_t.pdtp_mode; version 7) */
enum dc_kind { DC_PAGED, DC_BARE, DC_INVALID, DC_MISCONFIGURED, DC_PDT };

typedef struct device_s {
    uint32_t did;
    enum dc_kind kind;
    bool dc_memerr;
    int dc_memerr_kind; /* enum iommu_mem_err of the faulting doubleword, when dc_memerr */
    bool dtf;           /* tc.DTF as written */
    bool sade;          /* tc.SADE as written: hardware sets A and D (version 6) instead of a page fault */
    uint64_t root;  /* first-stage root table, 0 when the device does not translate through one */
    unsigned levels; /* its mode's LEVELS: 3 Sv39, 4 Sv48, 5 Sv57 */
    mapped_page_t pages[MAX_PAGES];
    unsigned page_count;
    /* DC_PDT: pdtp.MODE (0 Bare, 1 PD8, 2 PD17, 3 PD20), its root, tc.DPE and the processes set up
     * (gen_t.procs[proc_first .. proc_first + proc_n - 1]) */
    unsigned pdtp_mode;
    uint64_t pdt_root;
    bool dpe;
    unsigned proc_first, proc_n;
    bool proc_space; /* this is a process's address space (proc_t.as), not a device */
    /* version 8: the VM the device is assigned to (gen_t.vms[vm - 1]; 0 none: iohgatp Bare), and its MSI page
     * table (msiptp.MODE Flat: msi_flat, the table's address, msi_addr_mask and msi_addr_pattern) */
    unsigned vm;
    bool msi_flat;
    uint64_t msi_table, msi_mask, msi_pattern;
    /* version 10: tc.SXL (levels = 2: the first stage is Sv32) and tc.SBE as written */
    bool sxl, sbe;
    /* version 11: tc.EN_ATS, EN_PRI, PRPR, T2GPA as written (a legal combination) */
    bool en_ats, en_pri, prpr, t2gpa;
} device_t;

/* ---- The second stage (version 8; privileged spec "Two-Stage Address Translation", IOMMU spec "Process to
 * translate an IOVA" steps 17 to 19). A VM has one G-stage table (Sv39x4/Sv48x4/Sv57x4) and a GSCID; its
 * devices' first-stage tables, process directories and MSI-free GPAs are guest physical. The first-stage
 * tables live in the pool like every table; one 1 GiB G-stage leaf maps the pool's gigabyte from the GPA
 * `tbl_gpa`, so a table's GPA is its address minus tbl_off, and every implicit access of a walk goes through
 * that leaf (which gtable_broken_percent breaks). */
#define MAX_VMS 4
#define MAX_GLEAVES 96
typedef struct {
    uint64_t gpa;       /* page base */
    unsigned level;     /* 0 4 KiB .. 3 512 GiB */
    uint64_t pte;       /* the leaf as written */
    int memerr;         /* enum iommu_mem_err of the leaf's memory, 0 none */
    bool path_broken;   /* a G-stage pointer on its path has a reserved bit */
} gleaf_t;

typedef struct {
    uint16_t gscid;
    unsigned levels;    /* GLEVELS: 3 Sv39x4, 4 Sv48x4, 5 Sv57x4; 2 Sv32x4 (version 10, fctl.GXL = 1) */
    uint64_t root;      /* 16 KiB, 16-KiB aligned */
    bool gade;          /* tc.GADE of every device of the VM */
    uint64_t tbl_off;   /* first-stage table address minus its GPA */
    gleaf_t leaves[MAX_GLEAVES];
    unsigned n;
} vm_t;

/* Version 11: what software's reading of a translation found, for the ATS completion it expects of an ATS
 * translation request (docs/microarch.md 5.9): the first-stage leaf's and the Final G-leaf's size and whether
 * each grants a write (W and D), whether an MSI PTE translated it (MRIF mode: mrif), the GPA (the first-stage
 * output) and whether hardware may have set a D that software wrote clear (tc.SADE/GADE, or a store armed
 * for the leaf's compare-and-swap): then W is not known. */
typedef struct {
    const struct device_s *dev; /* the device context that decides; NULL: no ATS completion computed */
    bool fs_leaf, g_leaf, msi, mrif, fs_w, g_w, w_unsure;
    bool ats_req; /* an ATS translation request (not a translated one) */
    unsigned fs_log2, g_log2;
    uint64_t gpa;
} ats_rec_t;

/* A process context as software wrote it, and the address space its fsc names (when Sv39/Sv48/Sv57). */
typedef struct {
    uint32_t pid;
    uint64_t ta, fsc; /* as written (possibly broken) */
    device_t as;      /* root, levels, pages; as.sade is the DC's tc.SADE */
} proc_t;

typedef struct {
    rng_t rng;
    randgen_profile_t k; /* the knobs of the mix */
    unsigned without; /* enum randgen_class bits switched off */
    /* a stream of sequential requests through one mapped page (knob stream_percent) */
    uint32_t stream_did;
    uint64_t stream_iova;
    unsigned stream_left;
    uint8_t stream_ttyp;
    sim_memory_t *scratch;
    stim_program_t *prog;
    uint64_t next_table;
    device_t devices[MAX_DEVICES];
    unsigned device_count;
    uint64_t recent_iova[RECENT];
    uint32_t recent_did[RECENT];
    unsigned recent_count;
    uint16_t next_tag;
    unsigned fq_log2sz;
    unsigned mode; /* ddtp.iommu_mode as last set */
    unsigned ddt_levels; /* the directory's levels in this run (knobs ddt_levels_min/max) */
    uint64_t ddt_base, fq_base, pool_base;
    /* the configuration (randgen_config_t.iommu) */
    bool ext;          /* capabilities.MSI_FLAT: extended (64-byte) device contexts */
    unsigned pd_modes; /* bit m set: pdtp.MODE m (1 PD8, 2 PD17, 3 PD20) supported */
    unsigned pscid_bits;
    proc_t procs[MAX_PROCS];
    unsigned proc_count;
    /* the process random_iova picked for the request being built (a device with a process directory) */
    bool pick_set, pick_pv;
    uint32_t pick_pid;
    bool recent_pdt[RECENT], recent_pv[RECENT];
    uint32_t recent_pid[RECENT];
    /* version 8: bit L set when the G-stage mode of GLEVELS L is supported (0: no second stage, nothing of
     * this section is drawn); MSI_MRIF; gscid_bits; the VMs */
    unsigned gs_levels;
    bool mrif;
    unsigned gscid_bits;
    vm_t vms[MAX_VMS];
    unsigned vm_count;
    /* version 9 (docs/microarch.md 5.7): capabilities.HPM (with its counters and their width), DBG, QOSID (with
     * the ID widths); without them nothing of that section is drawn, so earlier configurations' stimulus is
     * unchanged per seed */
    unsigned hpm_counters, hpm_counter_bits;
    bool dbg, qosid;
    unsigned rcid_bits, mcid_bits;
    /* version 10 (docs/microarch.md 5.8): what the configuration has (tc.SXL = 1 legal with Sv32, Sv32x4, svnapot,
     * Svpbmt, Svrsw60t59b, both byte orders), what this run chose at its start (fctl.GXL, fctl.BE) and the byte
     * order of each 4 KiB page of tables that does not follow fctl.BE or is made of 4-byte PTEs (`order`, by
     * page: ORDER_*); without these capabilities nothing of this is drawn */
    bool sv32, sv32x4, napot, pbmt, rsw, end, gxl_writable, ats;
    bool gxl, be;
    unsigned fq_max, cq_max;
    sim_memory_t *order;
    /* version 11 (docs/microarch.md 5.9): capabilities.ATS and T2GPA; without ATS nothing of this section is
     * drawn. ar points at ar_store: set_expectation (const gen_t) records there what it found for the ATS
     * completion. The page-request queue as software set it up (pq_*), and software's prediction of it:
     * tail, head, on, pqmf, pqof, the slot whose memory fails; the groups whose last request software saw
     * queued and has not answered; the command queue; the ITags software believes busy (the IOMMU allocates
     * the lowest free one, docs/microarch.md 5.9) with their device, and whether one timed out unreported. */
    bool t2gpa;
    ats_rec_t *ar, ar_store;
    unsigned pq_log2sz, pqt, pqh;
    uint64_t pq_base, cq_base;
    bool pq_on, pqmf, pqof;
    int pq_bad_slot;
    struct { uint32_t did; uint16_t prgi; bool pv; uint32_t pid; } groups[MAX_GROUPS];
    unsigned ngroups;
    stim_cq_track_t cq;
    uint32_t itag_busy, itag_did[32];
    bool itag_timed_out;
    uint16_t open_prgi[MAX_DEVICES]; /* a page-request group in progress per device (prgi + 1; 0 none) */
} gen_t;

#define ORDER_SET 1u  /* the page's byte order is ORDER_BE, not fctl.BE's */
#define ORDER_BE 2u
#define ORDER_FOUR 4u /* 4-byte PTEs (Sv32, Sv32x4): each half of a doubleword is byte-reversed on its own */

/* Records the byte order (a DC's tc.SBE: its first-stage tables, PDT and PCs) and PTE size of the table page
 * holding addr. */
static void order_mark(gen_t *g, uint64_t addr, bool set, bool be, bool four)
{
    if (!set && !four) return;
    unsigned v = (set ? ORDER_SET : 0) | (be ? ORDER_BE : 0) | (four ? ORDER_FOUR : 0);
    sim_memory_poke(g->order, addr & ~0xfffull, v, 0xff);
}

static uint64_t bswap_halves(uint64_t v)
{
    uint64_t lo = __builtin_bswap32((uint32_t)v), hi = __builtin_bswap32((uint32_t)(v >> 32));
    return hi << 32 | lo;
}

/* A doubleword as it lies in memory (spec "Endianness of in-memory data structures"): byte-reversed when its
 * structure is big-endian, within each 4-byte half for 4-byte PTEs. */
static uint64_t in_memory(const gen_t *g, uint64_t addr, uint64_t v)
{
    unsigned o = g->order ? (unsigned)sim_memory_peek(g->order, addr & ~0xfffull) : 0;
    bool be = o & ORDER_SET ? (o & ORDER_BE) != 0 : g->be;
    if (!be) return v;
    return o & ORDER_FOUR ? bswap_halves(v) : __builtin_bswap64(v);
}

/* A PTE of `four` bytes (Sv32, Sv32x4) or eight at addr in the scratch memory. */
static uint64_t pte_peek(gen_t *g, uint64_t addr, bool four)
{
    uint64_t v = sim_memory_peek(g->scratch, addr & ~7ull);
    return four ? (v >> (8 * (addr & 4))) & 0xffffffffull : v;
}

static void pte_poke(gen_t *g, uint64_t addr, uint64_t pte, bool four)
{
    if (four) sim_memory_poke(g->scratch, addr & ~7ull, (pte & 0xffffffffull) << (8 * (addr & 4)), addr & 4 ? 0xf0 : 0x0f);
    else sim_memory_poke(g->scratch, addr, pte, 0xff);
}

/* The bits 63:54 of a PTE that make it invalid (docs/microarch.md 5.8, privileged spec Svnapot, Svpbmt,
 * Svrsw60t59b): 58:54; 60:59 without Svrsw60t59b; PBMT not 0 without Svpbmt, in a pointer, or 3; N without
 * Svnapot, in a pointer, above level 0 or without PPN 3:0 = 1000b. Without the extensions: any of 63:54. A 4-byte
 * PTE has none of these bits. */
static bool pte_rsv(const gen_t *g, uint64_t pte, bool leaf, unsigned level)
{
    if ((pte >> 54) & 0x1f) return true;
    if (((pte >> 59) & 3) && !g->rsw) return true;
    unsigned pbmt = (unsigned)(pte >> 61) & 3;
    if (pbmt && (!g->pbmt || !leaf || pbmt == 3)) return true;
    if ((pte & PTE_N) && (!g->napot || !leaf || level != 0 || ((pte >> 10) & 0xf) != 8)) return true;
    return false;
}

static uint64_t alloc_table(gen_t *g)
{
    uint64_t a = g->next_table;
    g->next_table += 4096;
    return a;
}

static stim_cmd_t *emit_write(gen_t *g, const char *reg, uint64_t value)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_WRITE);
    stim_register_by_name(reg, &c->reg_offset, &c->reg_size);
    strcpy(c->reg_name, reg);
    c->data = value;
    return c;
}

/* A driver's write that may go out while DMA is in flight (knob overlap_percent): only writes whose effect on
 * the requests in flight the software's record does not depend on (fault-queue control, interrupt
 * acknowledgement, ddtp rewritten with its value in Off), so the mapping oracle stays exact. */
static void emit_read_nowait(gen_t *g, const char *reg)
{
    stim_cmd_t *r = stim_append(g->prog, STIM_READ);
    stim_register_by_name(reg, &r->reg_offset, &r->reg_size);
    strcpy(r->reg_name, reg);
    r->nowait = true;
}

static void emit_write_overlapping(gen_t *g, const char *reg, uint64_t value)
{
    if (!(g->k.overlap_percent && rng_percent(&g->rng, g->k.overlap_percent))) {
        emit_write(g, reg, value);
        return;
    }
    /* Reads while the request goes on move the write to a random point of its translation (a fault-record
     * write takes tens of cycles); reads after it show busy and the status bits as they move. */
    for (unsigned i = (unsigned)rng_below(&g->rng, 12); i > 0; i--) emit_read_nowait(g, reg);
    emit_write(g, reg, value)->nowait = true;
    for (unsigned i = (unsigned)rng_range(&g->rng, 1, 6); i > 0; i--) emit_read_nowait(g, reg);
}

static void emit_read(gen_t *g, const char *reg)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_READ);
    stim_register_by_name(reg, &c->reg_offset, &c->reg_size);
    strcpy(c->reg_name, reg);
}

static void emit_poll(gen_t *g, const char *reg, uint64_t mask, uint64_t value)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_POLL);
    stim_register_by_name(reg, &c->reg_offset, &c->reg_size);
    strcpy(c->reg_name, reg);
    c->poll_mask = mask;
    c->poll_value = value;
    c->poll_max = 1000;
}

static int emit_memerr(gen_t *g, uint64_t addr, int err)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_MEMERR);
    c->addr = addr;
    c->mem_err = err;
    return err;
}

static int random_mem_error(gen_t *g)
{
    return rng_percent(&g->rng, 60) ? IOMMU_MEM_ACCESS_FAULT : IOMMU_MEM_DATA_CORRUPTION;
}

/* Leaf permission bits: every R/W/X mix including the reserved ones, U, A and D mostly set. */
static uint64_t random_leaf_bits(gen_t *g)
{
    /* Most pages are what a driver maps (valid, readable, accessed, dirty, user); the rest are broken in
     * every way the walk must catch. */
    if (rng_percent(&g->rng, g->k.good_leaf_percent)) {
        uint64_t good = PTE_V | PTE_R | PTE_U | PTE_A | PTE_D;
        if (rng_percent(&g->rng, 60)) good |= PTE_W;
        if (rng_percent(&g->rng, 30)) good |= PTE_X;
        /* knob sade_percent: some leaves a driver leaves for hardware to mark accessed or dirty (version 6);
         * drawn only when the knob is on, so the other profiles' stimulus is unchanged */
        if (g->k.sade_percent && rng_percent(&g->rng, 40))
            good &= rng_percent(&g->rng, 50) ? ~(PTE_A | PTE_D) : ~PTE_D;
        return good;
    }
    static const uint64_t xwr[] = {PTE_R, PTE_R | PTE_W, PTE_X, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X,
                                   PTE_R, PTE_R | PTE_W, PTE_W, PTE_W | PTE_X};
    uint64_t bits = xwr[rng_below(&g->rng, sizeof xwr / sizeof xwr[0])];
    if (rng_percent(&g->rng, 97)) bits |= PTE_V;
    if (rng_percent(&g->rng, 85)) bits |= PTE_U;
    if (rng_percent(&g->rng, 90)) bits |= PTE_A;
    if (rng_percent(&g->rng, 80)) bits |= PTE_D;
    if (rng_percent(&g->rng, 20)) bits |= PTE_G;
    if (rng_percent(&g->rng, 15) && !(g->without & RANDGEN_LEAF_RESERVED))
        bits |= 1ull << rng_range(&g->rng, 54, 63); /* reserved / N / PBMT */
    return bits;
}

static uint64_t vpn_index(uint64_t iova, unsigned level) { return (iova >> (12 + 9 * level)) & 0x1ff; }

/* VPN[level] of an Sv39/48/57 IOVA, or of an Sv32 one (10 bits a level, version 10). */
static uint64_t pt_vpn(uint64_t iova, unsigned level, bool four)
{
    return four ? (iova >> (12 + 10 * level)) & 0x3ff : vpn_index(iova, level);
}

/* A pointer (non-leaf) PTE to the table at next. Now and then it carries one of the bits the privileged spec
 * reserves in a non-leaf PTE (D, A, U, or one of 63:54): every walk through it must page-fault. */
static uint64_t pointer_pte(gen_t *g, uint64_t next, bool four)
{
    uint64_t pte = ((next >> 12) << 10) | PTE_V;
    if (rng_percent(&g->rng, 3) && !(g->without & RANDGEN_NONLEAF_RESERVED)) {
        static const uint64_t reserved[] = {PTE_D, PTE_A, PTE_U};
        pte |= rng_percent(&g->rng, 60) ? reserved[rng_below(&g->rng, 3)] : 1ull << rng_range(&g->rng, 54, 63);
        if (four && (pte >> 32)) pte = (pte & 0xffffffffull) | PTE_D; /* a 4-byte PTE has no bits 63:54 */
    }
    /* version 10: bits 60:59, ignored in a pointer with Svrsw60t59b */
    if (g->rsw && !four && rng_percent(&g->rng, g->k.rsw_percent)) pte |= rng_range(&g->rng, 1, 3) << 59;
    if (four) pte &= 0xffffffffull;
    return pte;
}

static bool pointer_broken(const gen_t *g, uint64_t pte)
{
    return (pte & (PTE_D | PTE_A | PTE_U)) || pte_rsv(g, pte, false, 0);
}

/* A VPN field: half the time one of a few values (so pages share tables and hit the same IOTLB tags), else
 * anywhere in its 9 bits. */
static uint64_t random_vpn(gen_t *g, uint64_t few)
{
    static const uint64_t edges[] = {0, 1, 2, 255, 256, 510, 511};
    if (rng_percent(&g->rng, g->k.iova_few_percent)) return rng_below(&g->rng, few);
    if (rng_percent(&g->rng, 20)) return edges[rng_below(&g->rng, sizeof edges / sizeof edges[0])];
    return rng_below(&g->rng, 512);
}

/* ---- The second stage (version 8): building G-stage tables, and software's reading of them. ---- */

/* GAW of a G-stage mode: 41, 50, 59 (the root index has 2 more bits than the others). */
static unsigned g_gaw(unsigned levels) { return levels == 2 ? 34 : 12 + 9 * levels + 2; } /* Sv32x4: 34 */

/* The largest GAW the configuration supports: MGPAW of msi_addr_mask and msi_addr_pattern (spec
 * "Device-context fields"); PAS = 56 without a second stage. */
static unsigned g_mgpaw(const gen_t *g)
{
    return g->gs_levels & (1u << 5) ? 59 : g->gs_levels & (1u << 4) ? 50 : g->gs_levels ? 41 : 56;
}

/* VPN_G[i]: 9 bits, 11 at the root level (hypervisor spec "Two-Stage Address Translation"). */
static uint64_t g_vpn(const vm_t *vm, uint64_t gpa, unsigned i)
{
    if (vm->levels == 2) return (gpa >> (12 + 10 * i)) & (i == 1 ? 0xfffull : 0x3ffull); /* Sv32x4 */
    return (gpa >> (12 + 9 * i)) & (i == vm->levels - 1 ? 0x7ffull : 0x1ffull);
}

/* Sv32x4 (version 10): 4-byte G-PTEs, levels of 10 bits, 22-bit PPNs. */
static bool g_four(const vm_t *vm) { return vm->levels == 2; }
static unsigned g_shift(const vm_t *vm, unsigned level) { return 12 + (g_four(vm) ? 10 : 9) * level; }
static uint64_t g_ppn_mask(const vm_t *vm) { return g_four(vm) ? (1ull << 22) - 1 : (1ull << 44) - 1; }

/* Writes a G-stage leaf for gpa at level (creating pointers on the way, some with a reserved bit); false when
 * the slot is taken by a different shape. *leaf_addr gets the leaf's address. */
static bool g_map(gen_t *g, vm_t *vm, uint64_t gpa, unsigned level, uint64_t pte, uint64_t *leaf_addr)
{
    if (vm->n == MAX_GLEAVES || gpa >> g_gaw(vm->levels)) return false;
    bool four = g_four(vm);
    unsigned ps = four ? 4 : 8;
    uint64_t size = 1ull << g_shift(vm, level);
    uint64_t table = vm->root;
    bool broken = false;
    for (unsigned i = vm->levels - 1; i > level; i--) {
        uint64_t a = table + g_vpn(vm, gpa, i) * ps;
        uint64_t e = pte_peek(g, a, four);
        if (e == 0) {
            uint64_t t = alloc_table(g);
            order_mark(g, t, false, false, four);
            e = pointer_pte(g, t, four);
            pte_poke(g, a, e, four);
        } else if ((e & (PTE_R | PTE_W | PTE_X)) != 0 || !(e & PTE_V)) {
            return false;
        }
        broken |= pointer_broken(g, e);
        table = ((e >> 10) & g_ppn_mask(vm)) << 12;
    }
    uint64_t a = table + g_vpn(vm, gpa, level) * ps;
    if (pte_peek(g, a, four) != 0) return false;
    pte_poke(g, a, pte, four);
    gleaf_t *l = &vm->leaves[vm->n++];
    l->gpa = gpa & ~(size - 1);
    l->level = level;
    l->pte = pte;
    l->memerr = 0;
    l->path_broken = broken;
    *leaf_addr = a;
    return true;
}

/* A G-stage leaf's bits: mostly what a hypervisor maps (V, R, W, U, A, D, X now and then; with tc.GADE some
 * with A or D clear for hardware to set), else (gleaf_deny_percent) one way of denying: U = 0, R and W
 * missing, W missing, X missing, A or D clear, V = 0, a reserved bit (63:54: no Svnapot, Svpbmt or
 * Svrsw60t59b), W without R. */
static uint64_t g_leaf_bits(gen_t *g, const vm_t *vm)
{
    uint64_t b = PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
    if (rng_percent(&g->rng, 50)) b |= PTE_X;
    if (vm->gade && rng_percent(&g->rng, 30)) b &= rng_percent(&g->rng, 50) ? ~(PTE_A | PTE_D) : ~PTE_D;
    if (!rng_percent(&g->rng, g->k.gleaf_deny_percent)) return b;
    switch (rng_below(&g->rng, 9)) {
    case 0: return b & ~PTE_U;
    case 1: return (b & ~(PTE_R | PTE_W)) | PTE_X;
    case 2: return b & ~PTE_W;
    case 3: return b & ~PTE_X;
    case 4: return b & ~PTE_A;
    case 5: return b & ~PTE_D;
    case 6: return b & ~PTE_V;
    case 7: {
        uint64_t r = 1ull << rng_range(&g->rng, 54, 63);
        return g_four(vm) ? b & ~PTE_V : b | r; /* an Sv32x4 G-PTE has no bits 63:54 */
    }
    default: return (b & ~PTE_R) | PTE_W;
    }
}

/* Version 10: a G-leaf's PBMT (1 - 3; 3 denies) and bits 60:59 (ignored with Svrsw60t59b), drawn only under a
 * configuration with them, on 8-byte G-PTEs. */
static uint64_t g_leaf_ext(gen_t *g, const vm_t *vm, uint64_t bits)
{
    if (g_four(vm)) return bits;
    if (g->pbmt && rng_percent(&g->rng, g->k.pbmt_percent)) bits |= rng_range(&g->rng, 1, 3) << PTE_PBMT_SHIFT;
    if (g->rsw && rng_percent(&g->rng, g->k.rsw_percent)) bits |= rng_range(&g->rng, 1, 3) << 59;
    return bits;
}

/* A physical page for a leaf: anywhere in the 44-bit PPN half the time. */
static uint64_t random_spa_ppn(gen_t *g)
{
    return rng_percent(&g->rng, 50) && !(g->without & RANDGEN_HIGH_PPN) ? rng_below(&g->rng, 1ull << 44)
                                                                       : rng_below(&g->rng, 1ull << 19) + 0x100000;
}

/* Maps the GPA page of a first-stage leaf (or an IOVA of a Bare first stage) in the VM's G-stage, at the
 * first-stage level or another (a smaller one maps only part of it), aligned or now and then misaligned;
 * some leaves in memory that answers with an error. */
static void g_map_data(gen_t *g, vm_t *vm, uint64_t gpa, unsigned fs_level)
{
    unsigned top = vm->levels - 1 < 3 ? vm->levels - 1 : 3;
    unsigned level = rng_percent(&g->rng, 75) ? fs_level : (unsigned)rng_below(&g->rng, 3);
    if (level > top) level = top;
    unsigned vb = g_four(vm) ? 10 : 9;
    uint64_t ppn = random_spa_ppn(g) & ~((1ull << (vb * level)) - 1) & g_ppn_mask(vm);
    uint64_t bits = g_leaf_ext(g, vm, g_leaf_bits(g, vm));
    if (level > 0 && rng_percent(&g->rng, g->k.gleaf_deny_percent / 3))
        ppn |= rng_range(&g->rng, 1, 511) << (vb * rng_below(&g->rng, level)); /* misaligned superpage */
    uint64_t a;
    /* version 10: a 64 KiB NAPOT G-leaf (16 equal G-PTEs, privileged spec "Svnapot"), where none of the 16 slots
     * is mapped yet; none of them in faulting memory */
    if (g->napot && level == 0 && !g_four(vm) && vm->n + 16 <= MAX_GLEAVES && rng_percent(&g->rng, g->k.napot_percent)) {
        uint64_t base = gpa & ~0xffffull;
        bool free = true;
        for (unsigned i = 0; i < vm->n; i++) {
            uint64_t size = 1ull << g_shift(vm, vm->leaves[i].level);
            free &= !(vm->leaves[i].gpa < base + 0x10000 && vm->leaves[i].gpa + size > base);
        }
        if (free) {
            uint64_t pte = ((ppn & ~0xfull) | 8) << 10 | bits | PTE_N;
            for (unsigned k = 0; k < 16; k++) g_map(g, vm, base + 4096ull * k, 0, pte, &a);
            return;
        }
    }
    if (!g_map(g, vm, gpa, level, ppn << 10 | bits, &a)) return;
    if (rng_percent(&g->rng, g->k.leaf_memerr_percent) && !g_four(vm)) /* an Sv32x4 leaf shares its doubleword */
        vm->leaves[vm->n - 1].memerr = emit_memerr(g, a, random_mem_error(g));
}

/* A VM: its G-stage mode (one the configuration supports), a GSCID of its own, tc.GADE, a 16 KiB root, and
 * the 1 GiB leaf that maps the pool's gigabyte for the first-stage tables (gtable_broken_percent: one that
 * denies every implicit access, or only the A/D update's write, or lies in memory that fails). */
static void build_vm(gen_t *g, vm_t *vm)
{
    unsigned modes[3], n = 0;
    for (unsigned l = 3; l <= 5; l++)
        if (g->gs_levels & (1u << l)) modes[n++] = l;
    /* fctl.GXL = 1 (version 10): Sv32x4 is the only second-stage mode */
    vm->levels = g->gxl ? 2 : modes[rng_below(&g->rng, n)];
    bool dup;
    do {
        vm->gscid = (uint16_t)(rng_percent(&g->rng, 15) ? (rng_percent(&g->rng, 50) ? 0 : (1u << g->gscid_bits) - 1)
                                                        : rng_below(&g->rng, 1ull << g->gscid_bits));
        dup = false;
        for (const vm_t *o = g->vms; o < vm; o++) dup |= o->gscid == vm->gscid;
    } while (dup);
    vm->gade = rng_percent(&g->rng, 50);
    while (g->next_table & 0x3fff) g->next_table += 4096;
    vm->root = g->next_table;
    g->next_table += 0x4000;
    for (unsigned k = 0; k < 4; k++) order_mark(g, vm->root + 4096 * k, false, false, g_four(vm)); /* Sv32x4 */
    /* the tables' GPAs fit a PTE's and iosatp's 44-bit PPN: below 2^56 */
    unsigned top = g_gaw(vm->levels) < 56 ? g_gaw(vm->levels) : 56;
    /* version 10: a device with tc.SXL = 1 reaches only GPAs below 2^34, its tables' too */
    if (g->sv32 && g->k.sv32_percent && top > 34) top = 34;
    uint64_t gpa = rng_below(&g->rng, 1ull << (top - 30)) << 30;
    uint64_t spa = g->pool_base & ~((1ull << 30) - 1);
    vm->tbl_off = spa - gpa;
    uint64_t bits = PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D | (rng_percent(&g->rng, 30) ? PTE_X : 0);
    int memerr = 0;
    if (rng_percent(&g->rng, g->k.gtable_broken_percent)) {
        switch (rng_below(&g->rng, 7)) {
        case 0: bits &= ~PTE_U; break;
        case 1: bits = (bits & ~(PTE_R | PTE_W)) | PTE_X; break;
        case 2: bits &= ~PTE_W; break; /* reads pass; a first-stage A/D update's write faults */
        case 3: bits &= ~PTE_A; break;
        case 4: bits &= ~PTE_D; break;
        case 5: bits |= 1ull << rng_range(&g->rng, 54, 63); break;
        default: memerr = random_mem_error(g); break;
        }
    }
    uint64_t a;
    if (g_four(vm)) {
        /* Sv32x4 has no 1 GiB leaf: eight 4 MiB leaves with the same bits map the pool's first 32 MiB (an Sv32x4
         * G-PTE has no bits 63:54, and one leaf in faulting memory would decide only part of the tables: a
         * reserved bit becomes U = 0, a memory error none) */
        if (bits >> 32) bits = (bits & 0xffffffffull) & ~PTE_U;
        for (unsigned k = 0; k < 8; k++)
            g_map(g, vm, gpa + ((uint64_t)k << 22), 1, ((spa >> 12) + ((uint64_t)k << 10)) << 10 | bits, &a);
        return;
    }
    g_map(g, vm, gpa, 2, (spa >> 12) << 10 | bits, &a); /* the first leaf: its slot is free */
    if (memerr) vm->leaves[vm->n - 1].memerr = emit_memerr(g, a, memerr);
}

/* extract(x, y) of "Process to translate addresses of MSIs": the bits of x where y is 1, packed. */
static uint64_t bit_extract(uint64_t x, uint64_t y)
{
    uint64_t r = 0;
    unsigned k = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((y >> i) & 1) r |= ((x >> i) & 1) << k++;
    return r;
}

/* The inverse: the page number of interrupt file i. */
static uint64_t msi_file_page(const device_t *d, uint64_t i)
{
    uint64_t page = d->msi_pattern & ~d->msi_mask;
    unsigned k = 0;
    for (unsigned b = 0; b < 64; b++)
        if ((d->msi_mask >> b) & 1) page |= ((i >> k++) & 1) << b;
    return page;
}

static unsigned msi_files(const device_t *d) { return 1u << __builtin_popcountll(d->msi_mask); }

/* The MSI page table of a VM device (msiptp.MODE Flat): a mask of up to three bits of the page number, a
 * pattern within the VM's GAW, one 16-byte MSI PTE per interrupt file: basic translate (M = 3) or MRIF (M =
 * 1), or (msipte_broken_percent) not valid, C = 1, M = 0 or 2, a reserved bit of either doubleword, MRIF
 * without capabilities.MSI_MRIF, or in memory that answers with an error (spec "MSI page tables"). */
static void build_msi(gen_t *g, device_t *d, const vm_t *vm)
{
    d->msi_flat = true;
    d->msi_table = alloc_table(g);
    d->msi_mask = 0;
    for (unsigned n = (unsigned)rng_below(&g->rng, 4); n > 0; n--) d->msi_mask |= 1ull << rng_below(&g->rng, 8);
    d->msi_pattern = rng_below(&g->rng, 1ull << (g_gaw(vm->levels) - 12));
    if (rng_percent(&g->rng, 30)) d->msi_pattern |= d->msi_mask; /* bits under the mask are ignored */
    for (unsigned i = 0; i < msi_files(d); i++) {
        uint64_t a = d->msi_table + 16 * (uint64_t)i, w0, w1;
        bool mrif = rng_percent(&g->rng, 30);
        if (mrif) {
            w0 = 1 | 1ull << 1 | rng_below(&g->rng, 1ull << 47) << 7; /* MRIF Address[55:9] */
            w1 = rng_below(&g->rng, 1ull << 10) | rng_below(&g->rng, 1ull << 44) << 10 |
                 (rng_percent(&g->rng, 50) ? 1ull << 60 : 0); /* N[9:0], NPPN, N10 */
        } else {
            w0 = 1 | 3ull << 1 | random_spa_ppn(g) << 10;
            w1 = rng_percent(&g->rng, 50) ? rng_next(&g->rng) : 0; /* unused in basic translate */
        }
        if (rng_percent(&g->rng, g->k.msipte_broken_percent)) {
            switch (rng_below(&g->rng, 6)) {
            case 0: w0 &= ~1ull; break;
            case 1: w0 |= 1ull << 63; break; /* C: no custom format here */
            case 2: w0 = (w0 & ~6ull) | (rng_percent(&g->rng, 50) ? 0 : 4); break;
            case 3:
                w0 |= 1ull << (rng_percent(&g->rng, 50) ? rng_range(&g->rng, 54, 62)
                                                        : rng_range(&g->rng, 3, mrif ? 6 : 9));
                break;
            case 4:
                if (mrif) w1 |= 1ull << (rng_percent(&g->rng, 50) ? rng_range(&g->rng, 54, 59) : rng_range(&g->rng, 61, 63));
                else w0 &= ~1ull;
                break;
            default: {
                uint64_t at = a + 8 * rng_below(&g->rng, 2);
                sim_memory_set_error(g->scratch, at, emit_memerr(g, at, random_mem_error(g)));
                break;
            }
            }
        }
        sim_memory_poke(g->scratch, a, w0, 0xff);
        sim_memory_poke(g->scratch, a + 8, w1, 0xff);
    }
}

/* Assigns a translating device to one of the VMs, with an MSI page table now and then. */
static void assign_vm(gen_t *g, device_t *d)
{
    d->vm = 1 + (unsigned)rng_below(&g->rng, g->vm_count);
    if (g->ext && rng_percent(&g->rng, g->k.msi_flat_percent)) build_msi(g, d, &g->vms[d->vm - 1]);
}

/* A GPA for a VM device's first-stage leaf of this level: mostly within the VM's GAW, now and then an
 * interrupt file's page, else anywhere in 56 bits (too wide for the G-stage mode). */
static uint64_t vm_leaf_ppn(gen_t *g, const device_t *d)
{
    const vm_t *vm = &g->vms[d->vm - 1];
    uint64_t ppn_max = (1ull << 44) - 1; /* a PTE's PPN field */
    if (d->msi_flat && rng_percent(&g->rng, 15))
        return msi_file_page(d, rng_below(&g->rng, msi_files(d))) & ppn_max;
    if (rng_percent(&g->rng, 90)) return rng_below(&g->rng, 1ull << (g_gaw(vm->levels) - 12)) & ppn_max;
    return rng_below(&g->rng, 1ull << 44);
}

/* Maps one random page of a device; returns false when the slot is taken by a different shape. Version 10:
 * an Sv32 space (d->sxl: 4-byte PTEs, 4 MiB superpages, IOVAs below 4 GiB), 64 KiB NAPOT leaves (16 equal
 * PTEs), PBMT values and bits 60:59 on leaves, all drawn only under a configuration with them. */
static bool map_random_page(gen_t *g, device_t *d)
{
    if (d->page_count == MAX_PAGES) return false;
    unsigned levels = d->levels;
    bool four = d->sxl;
    unsigned vb = four ? 10 : 9, ps = four ? 4 : 8;
    uint64_t ppn_max = four ? (1ull << 22) - 1 : (1ull << 44) - 1;
    unsigned level = rng_percent(&g->rng, 100 - g->k.superpage_percent) ? 0 : rng_percent(&g->rng, 75) ? 1 : 2;
    /* Sv48/Sv57 (version 5): half the 1 GiB draws become 512 GiB, or in Sv57 256 TiB, leaves (Sv39 draws
     * nothing more, so its stimulus is unchanged) */
    if (levels > 3 && level == 2 && rng_percent(&g->rng, 50))
        level = levels == 5 && rng_percent(&g->rng, 40) ? 4 : 3;
    if (four && level > 1) level = 1; /* Sv32: 4 MiB superpages */
    uint64_t iova;
    if (four) {
        static const uint64_t edges[] = {0, 1, 2, 511, 512, 1022, 1023};
        uint64_t vpn1 = rng_percent(&g->rng, 40) ? edges[rng_below(&g->rng, 7)] : random_vpn(g, 3);
        iova = vpn1 << 22 | rng_below(&g->rng, 1024) << 12;
    } else if (levels == 3) {
        uint64_t vpn2 = rng_percent(&g->rng, 40) ? (rng_percent(&g->rng, 50) ? 0 : 511) : random_vpn(g, 3);
        uint64_t vpn1 = random_vpn(g, 4), vpn0 = rng_below(&g->rng, 512);
        iova = (vpn2 << 30) | (vpn1 << 21) | (vpn0 << 12);
        if (vpn2 >= 256) iova |= 0xffffff8000000000ull; /* sign-extend bit 38 */
    } else {
        /* the top VPN at its edges (0, 511: the sign of the IOVA) often, the others as Sv39's */
        uint64_t top = rng_percent(&g->rng, 40) ? (rng_percent(&g->rng, 50) ? 0 : 511) : random_vpn(g, 3);
        iova = top << (12 + 9 * (levels - 1));
        for (unsigned i = levels - 1; i-- > 1;)
            iova |= random_vpn(g, i == 1 ? 4 : 3) << (12 + 9 * i);
        iova |= rng_below(&g->rng, 512) << 12;
        if (top >= 256) iova |= ~0ull << (12 + 9 * levels); /* sign-extend bit VAW - 1 */
    }
    /* a 64 KiB NAPOT leaf: 16 equal PTEs at the 16 level-0 slots of its range (privileged spec "Svnapot") */
    bool napot = g->napot && !four && level == 0 && rng_percent(&g->rng, g->k.napot_percent);
    unsigned shift = napot ? 16 : 12 + vb * level;
    iova &= ~((1ull << shift) - 1);
    uint64_t table = d->root;
    bool path_broken = false;
    /* a VM device's tables hold GPAs: the table at address t has GPA t - off (version 8) */
    uint64_t off = d->vm ? g->vms[d->vm - 1].tbl_off : 0;
    for (unsigned i = levels - 1; i > level; i--) {
        uint64_t pte_addr = table + pt_vpn(iova, i, four) * ps;
        uint64_t pte = pte_peek(g, pte_addr, four);
        if (pte == 0) {
            uint64_t t = alloc_table(g);
            order_mark(g, t, g->end, d->sbe, four);
            pte = pointer_pte(g, t - off, four);
            pte_poke(g, pte_addr, pte, four);
        } else if ((pte & (PTE_R | PTE_W | PTE_X)) != 0 || !(pte & PTE_V)) {
            return false; /* a leaf or a broken entry is already here */
        }
        path_broken |= pointer_broken(g, pte);
        table = (((pte >> 10) & ppn_max) << 12) + off;
    }
    uint64_t leaf_addr = table + pt_vpn(iova, level, four) * ps;
    for (unsigned k = 0; k < (napot ? 16u : 1u); k++)
        if (pte_peek(g, leaf_addr + k * ps, four) != 0) return false;
    /* the physical page: anywhere in the 44-bit PPN half the time; a VM's guest-physical page */
    uint64_t ppn = d->vm ? vm_leaf_ppn(g, d)
                 : rng_percent(&g->rng, 50) && !(g->without & RANDGEN_HIGH_PPN) ? rng_below(&g->rng, 1ull << 44)
                                                                               : rng_below(&g->rng, 1ull << 19) + 0x100000;
    ppn &= ppn_max;
    if (level > 0) {
        ppn &= ~((1ull << (vb * level)) - 1); /* aligned */
        if (rng_percent(&g->rng, 30)) {
            /* misaligned: a non-zero PPN field below the level, any of them */
            unsigned field = (unsigned)rng_below(&g->rng, level);
            ppn |= rng_range(&g->rng, 1, 511) << (vb * field);
        }
    }
    uint64_t bits = random_leaf_bits(g);
    /* a process's pages: U = 0 pages too (Supervisor requests reach them, User ones fault; drawn only in
     * process spaces, which exist only under a configuration with a process directory) */
    if (d->proc_space && rng_percent(&g->rng, 25)) bits ^= PTE_U;
    if (level == 0 && rng_percent(&g->rng, 3)) {
        bits = PTE_V; /* a pointer at the last level: page fault, whatever else it carries */
        if (rng_percent(&g->rng, 30)) bits |= PTE_U | PTE_A | PTE_D;
        if (rng_percent(&g->rng, 20) && !(g->without & RANDGEN_NONLEAF_RESERVED)) bits |= 1ull << rng_range(&g->rng, 54, 63);
        if (g->without & RANDGEN_NONLEAF_RESERVED) bits &= ~(PTE_U | PTE_A | PTE_D);
    }
    if (!four && (g->pbmt || g->rsw) && (bits & (PTE_R | PTE_W | PTE_X))) { /* version 10 */
        if (g->pbmt && rng_percent(&g->rng, g->k.pbmt_percent))
            bits = (bits & ~(3ull << PTE_PBMT_SHIFT)) | rng_range(&g->rng, 1, 3) << PTE_PBMT_SHIFT;
        if (g->rsw && rng_percent(&g->rng, g->k.rsw_percent)) bits |= rng_range(&g->rng, 1, 3) << 59;
    }
    if (napot) {
        bits |= PTE_N;
        ppn = (ppn & ~0xfull) | 8;
    } else if (g->napot && (bits & PTE_N) && (ppn & 0xf) == 8) {
        ppn ^= 1; /* a drawn N bit stays a broken encoding, not a NAPOT leaf of one PTE */
    }
    uint64_t pte = (ppn << 10) | bits;
    if (four) pte &= 0xffffffffull; /* an Sv32 PTE has no bits 63:32 */
    for (unsigned k = 0; k < (napot ? 16u : 1u); k++) pte_poke(g, leaf_addr + k * ps, pte, four);
    /* the guest-physical page in the VM's G-stage (most of them; the others fault there) */
    if (d->vm && rng_percent(&g->rng, 90)) g_map_data(g, &g->vms[d->vm - 1], (napot ? ppn & ~0xfull : ppn) << 12, level);
    mapped_page_t *p = &d->pages[d->page_count++];
    p->iova = iova;
    p->level = level;
    p->shift = shift;
    p->four = four;
    p->napot = napot;
    p->pte = pte;
    p->path_broken = path_broken;
    /* a NAPOT leaf is 16 PTEs: one in faulting memory would make the page's outcome depend on which one a walk
     * reads and which one the IOTLB holds, so none is */
    p->memerr = rng_percent(&g->rng, g->k.leaf_memerr_percent) && !napot && !four; /* and an Sv32 leaf shares its
                                                                       doubleword (the unit of memerr) with another */
    if (p->memerr) p->memerr_kind = emit_memerr(g, leaf_addr, random_mem_error(g));
    p->leaf_addr = leaf_addr;
    p->cas_memerr = 0;
    /* knob cas_race_percent: a store to one of 16 NAPOT PTEs would race only some walks, and an Sv32 leaf is half
     * of the doubleword a `mem` store writes */
    p->raced = napot || four;
    /* knob cas_memerr_percent: a leaf that hardware would update (tc.SADE = 1, A or D clear) in memory that
     * fails the update alone: its reads succeed, so the walk reaches the CAS (docs/decisions.md, issue 11).
     * Drawn only when the knob is on, so the other profiles' stimulus is unchanged. */
    if (g->k.cas_memerr_percent && d->sade && !p->memerr && !napot && !four && (~pte & (PTE_A | PTE_D)) &&
        rng_percent(&g->rng, g->k.cas_memerr_percent)) {
        stim_cmd_t *c = stim_append(g->prog, STIM_MEMERR);
        c->addr = leaf_addr;
        c->mem_err = p->cas_memerr = random_mem_error(g);
        c->mem_err_write = true;
    }
    return true;
}

/* ---- The two- and three-level device directory (docs/microarch.md version 4; knobs ddt_levels_min/max,
 * ddte_broken_percent). Spec "Device-Directory-Table (DDT)": base-format DDI[0] = device_id[6:0], DDI[1] =
 * device_id[15:7], DDI[2] = device_id[23:16]; a non-leaf entry holds V (bit 0) and PPN (53:10), and bits
 * 9:1 and 63:54 are reserved. With one level nothing here draws from the random source, so the stimulus of
 * a 1LVL run is what it was before these knobs. */

static uint32_t ddt_ddi(const gen_t *g, uint32_t did, unsigned i)
{
    if (g->ext) /* extended format: DDI[0] = device_id[5:0], DDI[1] = [14:6], DDI[2] = [23:15] */
        return i == 0 ? did & 0x3f : i == 1 ? (did >> 6) & 0x1ff : (did >> 15) & 0x1ff;
    return i == 0 ? did & 0x7f : i == 1 ? (did >> 7) & 0x1ff : (did >> 16) & 0xff;
}

/* Width of DDI[0]: device IDs a 1LVL directory holds (7 bits, or 6 with extended DCs). */
static unsigned ddi0_bits(const gen_t *g) { return g->ext ? 6 : 7; }

/* ddtp.iommu_mode of the run's directory: 1LVL (2), 2LVL (3) or 3LVL (4). */
static unsigned ddt_dir_mode(const gen_t *g) { return 1 + g->ddt_levels; }

static unsigned ddt_draw_levels(gen_t *g)
{
    if (g->k.ddt_levels_min == g->k.ddt_levels_max) return g->k.ddt_levels_min;
    return (unsigned)rng_range(&g->rng, g->k.ddt_levels_min, g->k.ddt_levels_max);
}

/* A device_id for a directory of more than one level: the upper indexes half the time one of a few values
 * (devices share leaf and middle tables), now and then the largest, else anywhere in their width. */
static uint32_t ddt_random_did(gen_t *g)
{
    unsigned lo = ddi0_bits(g);
    uint32_t did = (uint32_t)rng_below(&g->rng, 1u << lo);
    uint32_t mid = rng_percent(&g->rng, 50) ? (uint32_t)rng_below(&g->rng, 3)
                 : rng_percent(&g->rng, 20) ? 0x1ff : (uint32_t)rng_below(&g->rng, 512);
    did |= mid << lo;
    if (g->ddt_levels == 3) {
        uint32_t top_max = g->ext ? 0x1ff : 0xff; /* DDI[2]: 9 bits extended, 8 base */
        uint32_t top = rng_percent(&g->rng, 50) ? (uint32_t)rng_below(&g->rng, 2)
                     : rng_percent(&g->rng, 20) ? top_max : (uint32_t)rng_below(&g->rng, top_max + 1);
        did |= top << (lo + 9);
    }
    return did;
}

/* A new non-leaf entry at addr pointing to next: now and then (ddte_broken_percent) not valid (the pointer
 * kept: every other bit is don't-care), with a reserved bit, or in memory that answers with an error. */
static uint64_t dir_new_entry(gen_t *g, uint64_t addr, uint64_t next, unsigned broken_percent)
{
    uint64_t e = ((next >> 12) << 10) | 1;
    if (!broken_percent || !rng_percent(&g->rng, broken_percent)) return e;
    switch (rng_below(&g->rng, 3)) {
    case 0: return e & ~1ull;
    case 1: return e | 1ull << (rng_percent(&g->rng, 50) ? rng_range(&g->rng, 1, 9) : rng_range(&g->rng, 54, 63));
    default:
        sim_memory_set_error(g->scratch, addr, emit_memerr(g, addr, rng_percent(&g->rng, 50) ? IOMMU_MEM_ACCESS_FAULT
                                                                                       : IOMMU_MEM_DATA_CORRUPTION));
        return e;
    }
}

static uint64_t ddt_new_entry(gen_t *g, uint64_t addr, uint64_t next)
{
    return dir_new_entry(g, addr, next, g->k.ddte_broken_percent);
}

/* The leaf table that holds did's device context, creating the non-leaf entries on the way from the root. */
static uint64_t ddt_leaf_table(gen_t *g, uint32_t did)
{
    uint64_t table = g->ddt_base;
    for (unsigned j = g->ddt_levels - 1; j >= 1; j--) {
        uint64_t addr = table + ddt_ddi(g, did, j) * 8;
        uint64_t e = sim_memory_peek(g->scratch, addr);
        if (e == 0) {
            e = ddt_new_entry(g, addr, alloc_table(g));
            sim_memory_poke(g->scratch, addr, e, 0xff);
        }
        table = ((e >> 10) & ((1ull << 44) - 1)) << 12;
    }
    return table;
}

/* Software's expectation up to the leaf table ("Process to translate an IOVA" step 5, "Process to locate
 * the Device-context" steps 1 - 7) in the active mode: the cause, or 0 when the walk reaches it. */
static uint16_t ddt_expect_walk(const gen_t *g, uint32_t did)
{
    unsigned levels = g->mode - 1;
    /* base format: 1LVL device_id[23:7] = 0, 2LVL [23:16] = 0; extended: [23:6], [23:15] */
    if ((levels == 1 && did >> ddi0_bits(g)) || (levels == 2 && did >> (ddi0_bits(g) + 9))) return FR_TTYP_DISALLOWED;
    uint64_t table = g->ddt_base;
    for (unsigned j = levels - 1; j >= 1; j--) {
        uint64_t addr = table + ddt_ddi(g, did, j) * 8;
        int err = sim_memory_error(g->scratch, addr);
        if (err) return err == IOMMU_MEM_ACCESS_FAULT ? FR_DDT_LOAD_ACCESS_FAULT : FR_DDT_DATA_CORRUPTION;
        uint64_t e = sim_memory_peek(g->scratch, addr);
        if (!(e & 1)) return FR_DDT_NOT_VALID;
        if ((e & 0x3feull) || (e >> 54)) return FR_DDT_MISCONFIGURED;
        table = ((e >> 10) & ((1ull << 44) - 1)) << 12;
    }
    return 0;
}

/* Device context doublewords (spec "Device-context fields"). */
#define TC_V (1ull << 0)
#define TC_EN_ATS (1ull << 1)
#define TC_EN_PRI (1ull << 2)
#define TC_T2GPA (1ull << 3)
#define TC_PRPR (1ull << 6)
#define TC_DTF (1ull << 4)
#define TC_PDTV (1ull << 5)
#define TC_GADE (1ull << 7)
#define TC_SADE (1ull << 8)
#define TC_DPE (1ull << 9)
#define TC_SBE (1ull << 10)
#define TC_SXL (1ull << 11)
#define FSC_MODE_SV39 (8ull << 60)

/* Process-context ta (spec "Process-context fields"): V, ENS, SUM, PSCID 31:12; bits 11:3 and 63:32 reserved. */
#define PC_TA_V (1ull << 0)
#define PC_TA_ENS (1ull << 1)
#define PC_TA_SUM (1ull << 2)

/* ---- Process directories (version 7; spec "Process-Directory-Table (PDT)"): PDI[0] = process_id[7:0],
 * PDI[1] = [16:8], PDI[2] = [19:17]; PD8 has one level, PD17 two, PD20 three; a non-leaf entry is laid
 * out as a DDT one (V, PPN 53:10, reserved 9:1 and 63:54); a process context is two doublewords (ta, fsc). */

static uint32_t pdt_pdi(uint32_t pid, unsigned i)
{
    return i == 0 ? pid & 0xff : i == 1 ? (pid >> 8) & 0x1ff : (pid >> 17) & 0x7;
}

/* process_id bits a pdtp.MODE takes (PD8 8, PD17 17, PD20 20; Bare takes none: 20, nothing is checked). */
static unsigned pdt_pid_bits(unsigned mode) { return mode == 1 ? 8 : mode == 2 ? 17 : 20; }

/* The first-stage LEVELS of a new address space: Sv39 unless the knobs sv48/sv57_percent draw another. */
static unsigned draw_fs_levels(gen_t *g)
{
    if (!(g->k.sv48_percent + g->k.sv57_percent)) return 3;
    unsigned m = (unsigned)rng_below(&g->rng, 100);
    return m < g->k.sv48_percent ? 4 : m < g->k.sv48_percent + g->k.sv57_percent ? 5 : 3;
}

/* Address of the process context of pid in d's directory, creating the non-leaf entries on the way. */
static uint64_t pdt_pc_addr(gen_t *g, const device_t *d, uint32_t pid)
{
    uint64_t table = d->pdt_root;
    uint64_t off = d->vm ? g->vms[d->vm - 1].tbl_off : 0; /* in a VM the entries hold GPAs (version 8) */
    for (unsigned j = d->pdtp_mode - 1; j >= 1; j--) {
        uint64_t addr = table + pdt_pdi(pid, j) * 8;
        uint64_t e = sim_memory_peek(g->scratch, addr);
        if (e == 0) {
            uint64_t t = alloc_table(g);
            order_mark(g, t, g->end, d->sbe, false); /* PDT pages follow the DC's tc.SBE (version 10) */
            e = dir_new_entry(g, addr, t - off, g->k.pdte_broken_percent);
            sim_memory_poke(g->scratch, addr, e, 0xff);
        }
        table = (((e >> 10) & ((1ull << 44) - 1)) << 12) + off;
    }
    return table + pdt_pdi(pid, 0) * 16;
}

/* A process_id of `bits` bits: a few small ones (DPE's 0 among them), the edges of each index, or any. */
static uint32_t random_pid(gen_t *g, unsigned bits)
{
    unsigned r = (unsigned)rng_below(&g->rng, 100);
    if (r < 30) return (uint32_t)rng_below(&g->rng, 4);
    if (r < 45) {
        static const uint32_t edges[] = {0xff, 0x100, 0x1ff00, 0x1ffff, 0x20000, 0xfffff, 0xe0000};
        uint32_t e = edges[rng_below(&g->rng, sizeof edges / sizeof edges[0])];
        return e & ((1u << bits) - 1);
    }
    return (uint32_t)rng_below(&g->rng, 1ull << bits);
}

/* One process of device d: a PC (valid, or broken with knob pc_broken_percent) and its address space. A new
 * process shares an earlier one's PSCID now and then, and then its tables too (a PSCID names one address
 * space; the IOTLB does not tag the process_id, docs/microarch.md section 6). */
static void build_proc(gen_t *g, device_t *d, proc_t *pr, uint32_t pid)
{
    memset(pr, 0, sizeof *pr);
    pr->pid = pid;
    pr->as.did = d->did;
    pr->as.kind = DC_PAGED;
    pr->as.sade = d->sade;
    pr->as.proc_space = true;
    pr->as.sxl = d->sxl, pr->as.sbe = d->sbe; /* version 10: the DC's SXL and SBE govern the PC's tables */
    /* a process of a VM device: its tables are guest-physical, its GPAs may be interrupt files (version 8) */
    pr->as.vm = d->vm;
    pr->as.msi_flat = d->msi_flat, pr->as.msi_table = d->msi_table;
    pr->as.msi_mask = d->msi_mask, pr->as.msi_pattern = d->msi_pattern;
    uint64_t ta = PC_TA_V, fsc = 0;
    if (rng_percent(&g->rng, 70)) ta |= PC_TA_ENS;
    if (rng_percent(&g->rng, 50)) ta |= PC_TA_SUM;
    const proc_t *share = NULL;
    if (pr != &g->procs[d->proc_first] && rng_percent(&g->rng, 20)) {
        const proc_t *o = &g->procs[d->proc_first + rng_below(&g->rng, (uint64_t)(pr - &g->procs[d->proc_first]))];
        if ((o->ta & PC_TA_V) && o->as.root) share = o;
    }
    if (share) {
        ta |= share->ta & (0xfffffull << 12);
        fsc = share->fsc;
        memcpy(&pr->as, &share->as, sizeof pr->as);
    } else {
        uint32_t pscid = rng_percent(&g->rng, 10) ? (rng_percent(&g->rng, 50) ? 0 : (1u << g->pscid_bits) - 1)
                                                  : (uint32_t)rng_below(&g->rng, 1ull << g->pscid_bits);
        ta |= (uint64_t)pscid << 12;
        if (rng_percent(&g->rng, 12)) {
            /* iosatp Bare: the PPN is not used (any value) */
            fsc = rng_percent(&g->rng, 40) ? rng_below(&g->rng, 1ull << 44) : 0;
        } else {
            pr->as.levels = d->sxl ? 2 : draw_fs_levels(g); /* the DC's tc.SXL = 1: Sv32 (version 10) */
            pr->as.root = alloc_table(g);
            order_mark(g, pr->as.root, g->end, d->sbe, d->sxl);
            unsigned want = (unsigned)rng_range(&g->rng, 4, 16);
            for (unsigned tries = 0; pr->as.page_count < want && tries < 64; tries++) map_random_page(g, &pr->as);
            uint64_t root_gpa = pr->as.root - (d->vm ? g->vms[d->vm - 1].tbl_off : 0);
            fsc = (d->sxl ? FSC_MODE_SV39 : FSC_MODE_SV39 + ((uint64_t)(pr->as.levels - 3) << 60)) | (root_gpa >> 12);
        }
    }
    uint64_t addr = pdt_pc_addr(g, d, pid);
    if (g->k.pc_broken_percent && rng_percent(&g->rng, g->k.pc_broken_percent)) {
        static const unsigned reserved_modes[] = {1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15};
        switch (rng_below(&g->rng, 5)) {
        case 0: ta &= ~PC_TA_V; break; /* not valid: the rest is don't-care */
        case 1: ta |= 1ull << (rng_percent(&g->rng, 40) ? rng_range(&g->rng, 3, 11) : rng_range(&g->rng, 32, 63)); break;
        case 2: fsc |= 1ull << rng_range(&g->rng, 44, 59); break;
        case 3: fsc = (fsc & ~(0xfull << 60)) | (uint64_t)reserved_modes[rng_below(&g->rng, 12)] << 60; break;
        default: {
            uint64_t at = addr + 8 * rng_below(&g->rng, 2);
            sim_memory_set_error(g->scratch, at, emit_memerr(g, at, random_mem_error(g)));
            break;
        }
        }
    }
    pr->ta = ta, pr->fsc = fsc;
    sim_memory_poke(g->scratch, addr, ta, 0xff);
    sim_memory_poke(g->scratch, addr + 8, fsc, 0xff);
}

/* A DC with tc.PDTV = 1: pdtp.MODE one of the supported PD modes (now and then Bare), tc.DPE, processes. */
static void build_pdt_device(gen_t *g, device_t *d, uint64_t *tc, uint64_t *fsc)
{
    d->kind = DC_PDT;
    if (g->k.sade_percent) d->sade = rng_percent(&g->rng, g->k.sade_percent);
    *tc |= TC_PDTV | (d->sade ? TC_SADE : 0);
    if (g->gs_levels && rng_percent(&g->rng, g->k.vm_percent)) assign_vm(g, d); /* version 8 */
    d->dpe = rng_percent(&g->rng, 40);
    if (d->dpe) *tc |= TC_DPE;
    unsigned modes[3], n = 0;
    for (unsigned m = 1; m <= 3; m++)
        if (g->pd_modes & (1u << m)) modes[n++] = m;
    d->pdtp_mode = rng_percent(&g->rng, 8) ? 0 : modes[rng_below(&g->rng, n)];
    if (d->pdtp_mode == 0) { /* pdtp Bare: no process context, the PPN unused */
        *fsc = rng_percent(&g->rng, 50) ? rng_below(&g->rng, 1ull << 44) : 0;
        return;
    }
    d->pdt_root = alloc_table(g);
    order_mark(g, d->pdt_root, g->end, d->sbe, false);
    *fsc = (uint64_t)d->pdtp_mode << 60 | (d->pdt_root - (d->vm ? g->vms[d->vm - 1].tbl_off : 0)) >> 12;
    d->proc_first = g->proc_count;
    unsigned want = (unsigned)rng_range(&g->rng, 1, MAX_DEVICE_PROCS);
    if (want > MAX_PROCS - g->proc_count) want = MAX_PROCS - g->proc_count;
    for (unsigned i = 0; i < want; i++) {
        uint32_t pid = random_pid(g, pdt_pid_bits(d->pdtp_mode));
        bool dup = false;
        for (unsigned j = 0; j < d->proc_n; j++) dup |= g->procs[d->proc_first + j].pid == pid;
        if (dup) continue;
        build_proc(g, d, &g->procs[d->proc_first + d->proc_n], pid);
        d->proc_n++;
    }
    g->proc_count += d->proc_n;
}

/* Version 11: a device context's tc bits of ATS that the configuration forbids together (docs/microarch.md
 * 5.9, StDcCheck: each is 259): T2GPA or EN_PRI without EN_ATS, PRPR without EN_PRI, T2GPA with iohgatp Bare
 * (every misconfigured context here has iohgatp Bare unless its breakage is the G-stage mode), and T2GPA without
 * capabilities.T2GPA. */
static uint64_t ats_illegal_tc(gen_t *g)
{
    switch (rng_below(&g->rng, 4)) {
    case 0: return TC_T2GPA | (rng_percent(&g->rng, 50) ? TC_EN_PRI : 0);
    case 1: return TC_EN_PRI | (rng_percent(&g->rng, 50) ? TC_PRPR : 0);
    case 2: return TC_EN_ATS | TC_PRPR;
    default: return TC_EN_ATS | TC_T2GPA | (rng_percent(&g->rng, 50) ? TC_EN_PRI : 0);
    }
}

/* Version 11: the ATS bits of a device context that translates (knobs ats_dc_percent, pri_percent,
 * t2gpa_percent): a legal combination; T2GPA only in a VM (iohgatp not Bare) under capabilities.T2GPA. */
static void ats_dc_bits(gen_t *g, device_t *d, uint64_t *tc)
{
    if (d->kind == DC_INVALID || d->kind == DC_MISCONFIGURED) return;
    d->en_ats = rng_percent(&g->rng, g->k.ats_dc_percent);
    if (!d->en_ats) return;
    d->en_pri = rng_percent(&g->rng, g->k.pri_percent);
    d->prpr = d->en_pri && rng_percent(&g->rng, 50);
    d->t2gpa = g->t2gpa && d->vm && rng_percent(&g->rng, g->k.t2gpa_percent);
    *tc |= TC_EN_ATS | (d->en_pri ? TC_EN_PRI : 0) | (d->prpr ? TC_PRPR : 0) | (d->t2gpa ? TC_T2GPA : 0);
}

static void build_device(gen_t *g, device_t *d)
{
    unsigned dc_size = g->ext ? 64 : 32;
    uint64_t dc_addr = ddt_leaf_table(g, d->did) + (uint64_t)ddt_ddi(g, d->did, 0) * dc_size;
    uint64_t tc = TC_V, iohgatp = 0, ta = rng_below(&g->rng, 1u << 20) << 12, fsc = 0;
    /* extended format (MSI_FLAT): msiptp, msi_addr_mask, msi_addr_pattern, reserved; msiptp.MODE Off (no
     * second stage: docs/microarch.md version 7), the fields it leaves unused now and then any legal value */
    uint64_t msiptp = 0, mask = 0, pattern = 0, dw7 = 0;
    unsigned kind = (unsigned)rng_below(&g->rng, 100);
    if (rng_percent(&g->rng, 20)) tc |= TC_DTF;
    d->dtf = (tc & TC_DTF) != 0;
    /* version 10: tc.SBE (fctl.BE's value, or with both byte orders now and then the other one) and tc.SXL (1 in
     * a fctl.GXL = 1 run, else now and then with Sv32) */
    d->sbe = g->be;
    if (g->end && rng_percent(&g->rng, g->k.sbe_percent)) d->sbe = !g->be;
    d->sxl = g->gxl || (g->sv32 && rng_percent(&g->rng, g->k.sv32_percent));
    if (d->sbe) tc |= TC_SBE;
    if (d->sxl) tc |= TC_SXL;
    unsigned sv39_end = 100 - g->k.bare_dc_percent - g->k.broken_dc_percent;
    unsigned bare_end = sv39_end + g->k.bare_dc_percent;
    unsigned invalid_end = bare_end + g->k.broken_dc_percent * 6 / 13; /* about half of the broken ones */
    if (kind < sv39_end && g->pd_modes && rng_percent(&g->rng, g->k.pdt_percent)) {
        build_pdt_device(g, d, &tc, &fsc);
    } else if (kind < sv39_end) {
        /* A first-stage mode (Sv39 unless the knobs sv48/sv57_percent draw another), possibly sharing another
         * device's tables of the same mode. */
        d->kind = DC_PAGED;
        if (g->gs_levels && rng_percent(&g->rng, g->k.vm_percent)) assign_vm(g, d); /* version 8 */
        d->levels = d->sxl ? 2 : draw_fs_levels(g); /* Sv32: LEVELS 2 */
        if (d != &g->devices[0] && rng_percent(&g->rng, 20) && g->devices[0].root != 0 &&
            g->devices[0].levels == d->levels && g->devices[0].vm == d->vm && g->devices[0].sbe == d->sbe) {
            d->root = g->devices[0].root; /* shares device 0's address space */
            memcpy(d->pages, g->devices[0].pages, sizeof d->pages);
            d->page_count = g->devices[0].page_count;
            d->sade = g->devices[0].sade; /* one address space, one A/D policy: what one device's access sets
                                             in a shared leaf must not change another's outcome */
        } else {
            if (g->k.sade_percent) d->sade = rng_percent(&g->rng, g->k.sade_percent);
            d->root = alloc_table(g);
            order_mark(g, d->root, g->end, d->sbe, d->sxl);
            unsigned want = (unsigned)rng_range(&g->rng, 8, MAX_PAGES);
            for (unsigned tries = 0; d->page_count < want && tries < 4 * MAX_PAGES; tries++)
                map_random_page(g, d);
        }
        uint64_t root_gpa = d->root - (d->vm ? g->vms[d->vm - 1].tbl_off : 0);
        fsc = (d->sxl ? FSC_MODE_SV39 : FSC_MODE_SV39 + ((uint64_t)(d->levels - 3) << 60)) | (root_gpa >> 12); /* MODE 8
                                                                                   (Sv39, or Sv32 with SXL), 9, 10 */
        if (d->sade) tc |= TC_SADE;
    } else if (kind < bare_end) {
        d->kind = DC_BARE;
        fsc = 0; /* iosatp Bare: the IOVA is the address (a GPA in a VM) */
        if (g->gs_levels && rng_percent(&g->rng, g->k.vm_percent)) {
            assign_vm(g, d);
            vm_t *vm = &g->vms[d->vm - 1];
            for (unsigned n = (unsigned)rng_range(&g->rng, 2, 10); n > 0; n--) {
                unsigned level = rng_percent(&g->rng, 100 - g->k.superpage_percent) ? 0 : rng_percent(&g->rng, 75) ? 1 : 2;
                uint64_t gpa = rng_percent(&g->rng, 60) ? rng_below(&g->rng, 3ull << 30)
                                                        : rng_below(&g->rng, 1ull << g_gaw(vm->levels));
                g_map_data(g, vm, gpa, level);
            }
        }
    } else if (kind < invalid_end) {
        d->kind = DC_INVALID;
        tc &= ~TC_V;
    } else {
        d->kind = DC_MISCONFIGURED;
        /* tc.SADE is legal since version 6 (capabilities.AMO_HWAD = 1): reserved bit 12 takes its place */
        static const uint64_t breakage[] = {TC_EN_ATS, 1ull << 12, TC_SBE, TC_SXL, 1ull << 13, 1ull << 40};
        /* version 7: the extended format's fields (cases 5 - 8) and the process-directory ones (9 - 11) join
         * the draw only under a configuration that has them */
        unsigned b = (unsigned)rng_below(&g->rng, 5 + (g->ext ? 4 : 0) + (g->pd_modes ? 3 : 0));
        if (b >= 5 && !g->ext) b += 4;
        if (g->qosid && (g->rcid_bits < 12 || g->mcid_bits < 12) && rng_percent(&g->rng, g->k.qos_wide_percent)) {
            /* version 9: ta.RCID or ta.MCID wider than the configuration's QoS IDs, alone (259) */
            bool rcid = g->mcid_bits >= 12 || (g->rcid_bits < 12 && rng_percent(&g->rng, 50));
            unsigned bits = rcid ? g->rcid_bits : g->mcid_bits;
            ta |= rng_range(&g->rng, 1ull << bits, 0xfff) << (rcid ? 40 : 52);
            b = ~0u;
        }
        if (g->ats && b != ~0u && rng_percent(&g->rng, g->k.ats_bad_dc_percent)) { /* version 11 */
            tc |= ats_illegal_tc(g);
            b = ~0u;
        }
        switch (b) {
        case ~0u: break;
        case 0: {
            uint64_t bit = breakage[rng_below(&g->rng, 6)];
            /* version 10: with both byte orders every tc.SBE is legal (a reserved bit instead); tc.SXL flipped is
             * illegal under fctl.GXL = 1 (SXL = 0) and legal under a writable GXL = 0, where Sv48 then is not a
             * mode of SXL = 1 (5.8) */
            if (bit == TC_SBE && g->end) bit = 1ull << 13;
            if (bit == TC_EN_ATS && g->ats) bit = ats_illegal_tc(g); /* EN_ATS alone is legal with ATS */
            if (bit == TC_SXL && g->gxl) tc &= ~TC_SXL, bit = 0;
            else if (bit == TC_SXL && g->gxl_writable) fsc = 9ull << 60 | 0x80200;
            tc |= bit;
            break;
        }
        case 1:
            if (!g->gs_levels) {
                iohgatp = 8ull << 60; /* Sv39x4: not supported */
            } else if (rng_percent(&g->rng, 50)) { /* version 8: a mode that is not Bare nor supported */
                unsigned m;
                do m = (unsigned)rng_range(&g->rng, 1, 15);
                while (m >= 8 && m <= 10 && (g->gs_levels & (1u << (m - 5))));
                iohgatp = (uint64_t)m << 60 | 0x80200;
            } else { /* a supported mode whose root is not 16-KiB aligned */
                unsigned m;
                do m = (unsigned)rng_range(&g->rng, 8, 10);
                while (!(g->gs_levels & (1u << (m - 5))));
                iohgatp = (uint64_t)m << 60 | rng_below(&g->rng, 1ull << 16) << 44 | 0x80200 | rng_range(&g->rng, 1, 3);
            }
            break;
        case 2: fsc = (13ull << 60) | 0x80200; break;          /* reserved (Sv48 is supported since version 5) */
        case 3: fsc = (3ull << 60) | 0x80200; break;           /* reserved encoding */
        case 4: ta |= 1ull << rng_range(&g->rng, 0, 11); break; /* reserved ta bits */
        case 5: /* msiptp.MODE not Off: Flat needs a second stage here, the rest are reserved */
            msiptp = (uint64_t)rng_range(&g->rng, 1, 15) << 60 | rng_below(&g->rng, 1ull << 44);
            break;
        case 6: msiptp = 1ull << rng_range(&g->rng, 44, 59); break; /* reserved msiptp bits, MODE Off */
        case 7: /* mask or pattern: bits 63:52 reserved, and 51:44 (MGPAW = PAS = 56, no second stage) */
            if (rng_percent(&g->rng, 50)) mask = 1ull << rng_range(&g->rng, g_mgpaw(g) - 12, 63);
            else pattern = 1ull << rng_range(&g->rng, g_mgpaw(g) - 12, 63);
            break;
        case 8: dw7 = rng_next(&g->rng) | 1ull << rng_range(&g->rng, 0, 63); break; /* reserved doubleword */
        case 9: { /* pdtp.MODE not supported (reserved 4 - 15, or a PD mode the configuration lacks) */
            unsigned m;
            do m = (unsigned)rng_range(&g->rng, 1, 15);
            while (m <= 3 && (g->pd_modes & (1u << m)));
            tc |= TC_PDTV, fsc = (uint64_t)m << 60 | 0x80200;
            break;
        }
        case 10: /* pdtp bits 59:44 are reserved */
            tc |= TC_PDTV, fsc = 1ull << 60 | 0x80200 | 1ull << rng_range(&g->rng, 44, 59);
            if (!(g->pd_modes & 2)) fsc = (fsc & ~(0xfull << 60)) | (uint64_t)(g->pd_modes & 4 ? 2 : 3) << 60;
            break;
        default: tc |= TC_DPE, fsc = FSC_MODE_SV39 | 0x80200; break; /* tc.DPE with tc.PDTV = 0 */
        }
    }
    if (g->ext && d->kind != DC_MISCONFIGURED && !d->msi_flat && rng_percent(&g->rng, 25)) {
        msiptp = rng_below(&g->rng, 1ull << 44);
        mask = rng_below(&g->rng, 1ull << 44);
        pattern = rng_below(&g->rng, 1ull << 44);
        if (g->gs_levels) { /* bits MGPAW-12 and up are reserved (version 8: MGPAW is the largest GAW) */
            mask &= (1ull << (g_mgpaw(g) - 12)) - 1;
            pattern &= (1ull << (g_mgpaw(g) - 12)) - 1;
        }
    }
    if (d->vm) { /* version 8: the VM's G-stage, and the MSI page table */
        const vm_t *vm = &g->vms[d->vm - 1];
        iohgatp = (uint64_t)(vm->levels == 2 ? 8 : vm->levels + 5) << 60 /* Sv32x4: 8 under GXL */ | (uint64_t)vm->gscid << 44 | vm->root >> 12;
        if (vm->gade) tc |= TC_GADE;
        if (d->msi_flat) msiptp = 1ull << 60 | d->msi_table >> 12, mask = d->msi_mask, pattern = d->msi_pattern;
    }
    if (g->ats) ats_dc_bits(g, d, &tc); /* version 11 */
    if (g->qosid && d->kind != DC_MISCONFIGURED) /* version 9: QoS IDs that fit (no effect on the outcome) */
        ta |= rng_below(&g->rng, 1ull << g->rcid_bits) << 40 | rng_below(&g->rng, 1ull << g->mcid_bits) << 52;
    uint64_t words[8] = {tc, iohgatp, ta, fsc, msiptp, mask, pattern, dw7};
    for (unsigned k = 0; k < dc_size / 8; k++) sim_memory_poke(g->scratch, dc_addr + 8 * k, words[k], 0xff);
    d->dc_memerr = rng_percent(&g->rng, g->k.dc_memerr_percent);
    if (d->dc_memerr)
        d->dc_memerr_kind = emit_memerr(g, dc_addr + 8 * rng_below(&g->rng, dc_size / 8), random_mem_error(g));
}

/* A request of a device with a process directory: with a process_id (knob pdt_pv_percent) of one of its
 * processes, of a process nobody set up, or too wide for its PD mode; or without one (process 0 with tc.DPE,
 * else no first stage). Sets g->pick_*; returns the IOVA, mostly in a page of the process. */
static uint64_t pdt_iova(gen_t *g, const device_t *d)
{
    g->pick_set = true;
    g->pick_pv = rng_percent(&g->rng, g->k.pdt_pv_percent);
    unsigned bits = pdt_pid_bits(d->pdtp_mode);
    const proc_t *pr = NULL;
    unsigned r = (unsigned)rng_below(&g->rng, 100);
    if (!g->pick_pv) {
        g->pick_pid = 0;
        for (unsigned j = 0; j < d->proc_n && d->dpe; j++)
            if (g->procs[d->proc_first + j].pid == 0) pr = &g->procs[d->proc_first + j];
    } else if (r < 75 && d->proc_n) {
        pr = &g->procs[d->proc_first + rng_below(&g->rng, d->proc_n)];
        g->pick_pid = pr->pid;
    } else if (r < 90 || bits == 20) {
        g->pick_pid = random_pid(g, bits);
    } else {
        g->pick_pid = (uint32_t)rng_range(&g->rng, 1ull << bits, (1ull << 20) - 1); /* wider than the mode */
    }
    if (pr && pr->as.page_count && rng_percent(&g->rng, g->k.mapped_percent)) {
        const mapped_page_t *p = &pr->as.pages[rng_below(&g->rng, pr->as.page_count)];
        return p->iova | rng_below(&g->rng, 1ull << p->shift);
    }
    return rng_percent(&g->rng, 50) ? rng_below(&g->rng, 3ull << 30) : rng_next(&g->rng);
}

/* A request of a VM device with a Bare first stage (the IOVA is a GPA): into a page the G-stage maps, an
 * interrupt file's page, near the bottom, anywhere within GAW, or too wide. */
static uint64_t vm_bare_iova(gen_t *g, const device_t *d)
{
    const vm_t *vm = &g->vms[d->vm - 1];
    unsigned r = (unsigned)rng_below(&g->rng, 100);
    if (r < 20 && d->msi_flat)
        return msi_file_page(d, rng_below(&g->rng, msi_files(d))) << 12 | rng_below(&g->rng, 4096);
    if (r < 75 && vm->n > 1) {
        const gleaf_t *l = &vm->leaves[1 + rng_below(&g->rng, vm->n - 1)];
        return l->gpa | rng_below(&g->rng, 1ull << (12 + 9 * l->level));
    }
    if (r < 82) return rng_next(&g->rng);
    if (r < 90) return rng_below(&g->rng, 3ull << 30);
    return rng_below(&g->rng, 1ull << g_gaw(vm->levels));
}

static uint64_t random_iova(gen_t *g, device_t **dev_out, uint32_t *did_out)
{
    if (g->recent_count > 0 && rng_percent(&g->rng, g->k.recent_percent)) {
        unsigned i = (unsigned)rng_below(&g->rng, g->recent_count);
        *did_out = g->recent_did[i];
        *dev_out = NULL;
        /* the same process too (no draw: under a configuration without process directories nothing is set) */
        g->pick_set = g->recent_pdt[i], g->pick_pv = g->recent_pv[i], g->pick_pid = g->recent_pid[i];
        return g->recent_iova[i];
    }
    unsigned pick = (unsigned)rng_below(&g->rng, 100);
    unsigned stray = g->k.stray_percent; /* split 4 : 5 : 3 as the default mix has it */
    unsigned lo = ddi0_bits(g);
    if (pick < stray * 4 / 12) {
        *did_out = (uint32_t)rng_range(&g->rng, 1u << lo, 0xffffff); /* too wide for 1LVL */
        *dev_out = NULL;
        return rng_next(&g->rng) & ~7ull;
    }
    if (pick < stray * 9 / 12) {
        *did_out = (uint32_t)rng_below(&g->rng, 1u << lo); /* maybe a device nobody set up */
        *dev_out = NULL;
        return rng_below(&g->rng, 1ull << 32);
    }
    if (pick < stray && !(g->without & RANDGEN_HIGH_DID)) {
        /* a configured device's ID with one bit above the 1LVL index set (any of 7..23, 6..23 extended):
         * must not reach that device's context nor hit its IOTLB entries */
        const device_t *d = &g->devices[rng_below(&g->rng, g->device_count)];
        *did_out = d->did | 1u << rng_range(&g->rng, lo, 23);
        *dev_out = NULL;
        return d->page_count ? d->pages[rng_below(&g->rng, d->page_count)].iova : 0;
    }
    device_t *d = &g->devices[rng_below(&g->rng, g->device_count)];
    *dev_out = d;
    *did_out = d->did;
    if (d->kind == DC_PDT) return pdt_iova(g, d);
    if (d->kind == DC_BARE && d->vm) return vm_bare_iova(g, d);
    unsigned kind = (unsigned)rng_below(&g->rng, 100);
    unsigned mapped = g->k.mapped_percent, rest = 100 - mapped; /* rest split 10 : 8 : 7 */
    if (kind < mapped && d->page_count > 0) {
        const mapped_page_t *p = &d->pages[rng_below(&g->rng, d->page_count)];
        return p->iova | rng_below(&g->rng, 1ull << p->shift);
    }
    if (kind < mapped + rest * 10 / 25) return rng_below(&g->rng, 3ull << 30); /* near the mapped window */
    if (kind < mapped + rest * 18 / 25) {
        unsigned vaw = d->levels ? 12 + 9 * d->levels : 39; /* not canonical for the device's mode */
        return (rng_next(&g->rng) | (1ull << vaw)) & ~(1ull << (vaw - 1));
    }
    return rng_next(&g->rng);
}

/* The software's view of a leaf: does it grant this access? (privileged spec Sv39/Sv48/Sv57 rules as a driver
 * writing tables understands them: a valid, well-formed, aligned, accessed leaf with the permission, user
 * pages only since requests without a process ID are User.) */
static bool leaf_grants_priv(const gen_t *g, const mapped_page_t *p, unsigned ttyp, bool sade, bool supervisor,
                             bool sum)
{
    uint64_t pte = p->pte;
    bool r = pte & PTE_R, w = pte & PTE_W, x = pte & PTE_X;
    /* bits 63:54 as the configuration reads them (version 10: NAPOT, PBMT 0 - 2, bits 60:59; Sv32 has none) */
    if (p->memerr || p->path_broken || !(pte & PTE_V) || (w && !r) || pte_rsv(g, pte, true, p->level)) return false;
    uint64_t ppn = (pte >> 10) & ((1ull << (p->four ? 22 : 44)) - 1);
    unsigned vb = p->four ? 10 : 9;
    if (p->level > 0 && (ppn & ((1ull << (vb * p->level)) - 1)) != 0) return false; /* misaligned */
    /* A User request needs U = 1. A Supervisor one (a process context with ENS = 1) reaches U = 0 pages, and
     * U = 1 pages only with the PC's SUM = 1 and never to execute (spec "Process-context fields"). */
    if (supervisor ? (pte & PTE_U) && (!sum || ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC) : !(pte & PTE_U)) return false;
    /* with tc.SADE = 1 the IOMMU sets A (and D for a write) itself (version 6); without, they must be set */
    if (!(pte & PTE_A) && !sade) return false;
    switch (ttyp) {
    case IOMMU_TTYP_UNTRANSLATED_READ: return r;
    case IOMMU_TTYP_UNTRANSLATED_WRITE: return r && w && ((pte & PTE_D) || sade);
    case IOMMU_TTYP_UNTRANSLATED_EXEC: return x;
    default: return false;
    }
}

/* Whether a walk that grants this access must update A, or D (a write), of the leaf as software wrote it
 * (with tc.SADE = 1: the compare-and-swap of StAdReq). */
static bool leaf_needs_update(const mapped_page_t *p, unsigned ttyp)
{
    return !(p->pte & PTE_A) || (ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE && !(p->pte & PTE_D));
}

static bool leaf_grants(const gen_t *g, const mapped_page_t *p, unsigned ttyp, bool sade)
{
    return leaf_grants_priv(g, p, ttyp, sade, false, false);
}

static void expect_fault(stim_cmd_t *c, uint16_t cause)
{
    c->expect = STIM_EXPECT_FAULT;
    c->expect_causes[0] = cause;
    c->expect_cause_count = 1;
}

/* The fault "corresponding to the original access type" (spec cause table) of each kind. */
static uint16_t page_fault_cause(unsigned ttyp)
{
    return ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? FR_INSTR_PAGE_FAULT
         : ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ? FR_WRITE_PAGE_FAULT : FR_READ_PAGE_FAULT;
}

static uint16_t access_fault_cause(unsigned ttyp)
{
    return ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? FR_INSTR_ACCESS_FAULT
         : ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ? FR_WRITE_ACCESS_FAULT : FR_READ_ACCESS_FAULT;
}

/* What software expects of a request: the third oracle (see stim.h): ok at which address, or which fault
 * causes the spec allows. The checks run in the order of the spec's "Process to translate an IOVA" and
 * "Process to locate the Device-context"; each fault this generator can set up is decided by exactly one
 * of them (docs/decisions.md, "The third oracle"), so every set below has one cause. */
static void expect_walk(const gen_t *g, stim_cmd_t *c, const device_t *d, bool supervisor, bool sum);
static void expect_pdt(const gen_t *g, const device_t *d, stim_cmd_t *c);

/* ---- Software's reading of the second stage (version 8) ---- */

/* A guest-page fault "corresponding to the original access type" (spec cause table), whatever access the
 * G-stage walk made for it (an implicit one included). */
static uint16_t guest_page_fault_cause(unsigned ttyp)
{
    return ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? FR_INSTR_GUEST_PAGE_FAULT
         : ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ? FR_WRITE_GUEST_PAGE_FAULT : FR_READ_GUEST_PAGE_FAULT;
}

typedef struct {
    bool ok;
    uint16_t cause;
    uint64_t spa;
    uint64_t iotval2; /* a guest-page fault's: the GPA with bit 0 (implicit) and bit 1 (implicit write) */
    unsigned pbmt;    /* the G-leaf's PBMT (version 10) */
    unsigned log2;    /* ok: log2 of the G-leaf's page size and the leaf as written (version 11: the ATS range, W) */
    uint64_t pte;
} g_outcome_t;

/* What flags iotval2 carries for a G-stage access (docs/microarch.md 5.6): none for the request's own GPA,
 * bit 0 for an implicit read (a first-stage PTE, a PDT entry or a PC), bits 0 and 1 for a first-stage A/D
 * update's write. */
enum { G_FINAL = 0, G_IMPLICIT = 1, G_IMPLICIT_WRITE = 3 };

enum g_access { G_READ, G_WRITE, G_EXEC };

/* The G-stage translation of gpa for an access of request ttyp (privileged spec "Two-Stage Address
 * Translation": every G-stage access is a User one): a GPA wider than GAW, a broken pointer, no leaf, a leaf
 * with V = 0, W without R, a reserved bit or misaligned, U = 0, the access's permission missing, or A (D for a
 * write) clear with tc.GADE = 0: the guest-page fault; a memory error on the leaf: the access fault of the
 * request's type or PT data corruption. */
static g_outcome_t g_translate(const gen_t *g, const vm_t *vm, bool sxl, uint64_t gpa, enum g_access acc,
                               unsigned ttyp, bool dir, unsigned flags)
{
    g_outcome_t o = {false, guest_page_fault_cause(ttyp), 0, (gpa & ~3ull) | flags, 0, 0, 0};
    if (gpa >> g_gaw(vm->levels)) return o;
    if (sxl && (gpa >> 34)) return o; /* tc.SXL = 1: every GPA is 34 bits (version 10, 5.8) */
    const gleaf_t *l = NULL;
    for (unsigned i = 0; i < vm->n && l == NULL; i++) {
        uint64_t size = 1ull << g_shift(vm, vm->leaves[i].level);
        if ((gpa & ~(size - 1)) == vm->leaves[i].gpa) l = &vm->leaves[i];
    }
    if (l == NULL || l->path_broken) return o;
    if (l->memerr) {
        /* for a process-directory read (dir), the PDT causes (docs/microarch.md 5.6 StGpteWait) */
        o.cause = l->memerr == IOMMU_MEM_ACCESS_FAULT ? (dir ? FR_PDT_LOAD_ACCESS_FAULT : access_fault_cause(ttyp))
                                                      : dir ? FR_PDT_DATA_CORRUPTION : FR_PT_DATA_CORRUPTION;
        o.iotval2 = 0;
        return o;
    }
    uint64_t pte = l->pte, ppn = (pte >> 10) & g_ppn_mask(vm), size = 1ull << g_shift(vm, l->level);
    bool r = pte & PTE_R, w = pte & PTE_W, x = pte & PTE_X;
    if (!(pte & PTE_V) || (w && !r) || pte_rsv(g, pte, true, l->level) || !(r || w || x)) return o;
    if (l->level > 0 && (ppn & ((1ull << ((g_four(vm) ? 10 : 9) * l->level)) - 1))) return o;
    if (pte & PTE_N) size = 1ull << 16; /* a NAPOT G-leaf (valid: pte_rsv passed) */
    if (!(pte & PTE_U)) return o;
    if (acc == G_READ ? !r : acc == G_WRITE ? !(r && w) : !x) return o;
    if (!vm->gade && (!(pte & PTE_A) || (acc == G_WRITE && !(pte & PTE_D)))) return o;
    o.ok = true;
    o.spa = ((ppn << 12) & ~(size - 1)) | (gpa & (size - 1));
    o.pbmt = g_four(vm) ? 0 : (unsigned)(pte >> PTE_PBMT_SHIFT) & 3;
    o.log2 = (unsigned)__builtin_ctzll(size), o.pte = pte;
    return o;
}

/* The fault of a G-stage outcome, with the iotval2 of a guest-page fault. */
static void expect_g_fault(stim_cmd_t *c, g_outcome_t o)
{
    expect_fault(c, o.cause);
    bool guest = o.cause == FR_INSTR_GUEST_PAGE_FAULT || o.cause == FR_READ_GUEST_PAGE_FAULT ||
                 o.cause == FR_WRITE_GUEST_PAGE_FAULT;
    c->expect_iotval2 = guest ? o.iotval2 : 0;
}

static enum g_access g_access_of(unsigned ttyp)
{
    return ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? G_EXEC : ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ? G_WRITE : G_READ;
}

/* "Process to translate addresses of MSIs" for gpa, an interrupt file's address of device d. */
static void expect_msi(const gen_t *g, const device_t *d, stim_cmd_t *c, uint64_t gpa)
{
    uint64_t a = d->msi_table | bit_extract(gpa >> 12, d->msi_mask) * 16;
    for (unsigned k = 0; k < 2; k++) {
        int err = sim_memory_error(g->scratch, a + 8 * k);
        if (err) {
            expect_fault(c, err == IOMMU_MEM_ACCESS_FAULT ? FR_MSI_PTE_LOAD_ACCESS_FAULT : FR_MSI_PT_DATA_CORRUPTION);
            return;
        }
    }
    uint64_t w0 = sim_memory_peek(g->scratch, a), w1 = sim_memory_peek(g->scratch, a + 8);
    unsigned m = (unsigned)(w0 >> 1) & 3;
    if (!(w0 & 1)) { expect_fault(c, FR_MSI_PTE_NOT_VALID); return; }
    if ((w0 >> 63) || m == 0 || m == 2) { expect_fault(c, FR_MSI_PTE_MISCONFIGURED); return; }
    uint64_t pa;
    if (m == 3) { /* basic translate: bits 9:3 and 62:54 reserved */
        if ((w0 & 0x3f8ull) || ((w0 >> 54) & 0x1ff)) { expect_fault(c, FR_MSI_PTE_MISCONFIGURED); return; }
        pa = (((w0 >> 10) & ((1ull << 44) - 1)) << 12) | (gpa & 0xfff);
    } else { /* MRIF: bits 6:3 and 62:54 of the first doubleword, 59:54 and 63:61 of the second reserved */
        if (!g->mrif || (w0 & 0x78ull) || ((w0 >> 54) & 0x1ff) || ((w1 >> 54) & 0x3f) || (w1 >> 61)) {
            expect_fault(c, FR_MSI_PTE_MISCONFIGURED);
            return;
        }
        pa = 0; /* the response carries the MRIF; rsp_pa is 0 (docs/microarch.md 5.6) */
        /* rsp_pbmt is 0 with rsp_mrif (5.8); an ATS completion has rsp_mrif = 0 and keeps the first stage's
         * PBMT (5.9) */
        if (!g->ar->ats_req) c->expect_pbmt = 0;
    }
    /* the translation grants R and W only */
    if (c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC) { expect_fault(c, FR_INSTR_ACCESS_FAULT); return; }
    c->expect = STIM_EXPECT_OK, c->expect_pa = pa;
    g->ar->msi = true, g->ar->mrif = m != 3; /* version 11: the MSI PTE grants W; MRIF: Untranslated only */
}

/* The GPA a VM device's first stage gave ("Process to translate an IOVA" steps 17 to 19): an interrupt
 * file's address (msiptp.MODE Flat) is MSI-translated, any other goes through the G-stage. */
static void expect_final(const gen_t *g, const device_t *d, stim_cmd_t *c, uint64_t gpa)
{
    g->ar->gpa = gpa;
    if (d->msi_flat && ((gpa >> 12) & ~d->msi_mask) == (d->msi_pattern & ~d->msi_mask)) {
        expect_msi(g, d, c, gpa);
        return;
    }
    g_outcome_t o = g_translate(g, &g->vms[d->vm - 1], d->sxl, gpa, g_access_of(c->ttyp), c->ttyp, false, G_FINAL);
    /* rsp_pbmt: the first stage's PBMT when not 0, else the final G-leaf's (docs/microarch.md 5.8) */
    if (o.ok && !c->expect_pbmt) c->expect_pbmt = (uint8_t)o.pbmt;
    if (o.ok) {
        c->expect = STIM_EXPECT_OK, c->expect_pa = o.spa;
        /* version 11: the Final G-leaf of an ATS completion (hardware sets its D with GADE on a write) */
        bool w = o.pte & PTE_W, dirty = o.pte & PTE_D;
        g->ar->g_leaf = true, g->ar->g_log2 = o.log2, g->ar->g_w = w && dirty;
        g->ar->w_unsure |= w && !dirty && g->vms[d->vm - 1].gade;
    } else {
        expect_g_fault(c, o);
    }
}

static void expect_ats_path(const gen_t *g, stim_cmd_t *c, const device_t *d);

static void expect_core(const gen_t *g, stim_cmd_t *c)
{
    bool untranslated = c->ttyp == IOMMU_TTYP_UNTRANSLATED_READ || c->ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ||
                        c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC;
    c->expect = STIM_EXPECT_FAULT;
    c->expect_cause_count = 0;
    c->expect_dtf = false; /* no device context located yet: DTF is taken as 0 (spec "Fault/Event-Queue") */
    /* "Process to translate an IOVA", step 1: Off. */
    if (g->mode == 0) { expect_fault(c, FR_ALL_INBOUND_DISALLOWED); return; }
    /* Step 2: Bare passes untranslated requests through; translated and ATS translation requests are
     * disallowed. */
    if (g->mode == 1) {
        if (untranslated) c->expect = STIM_EXPECT_OK, c->expect_pa = c->iova;
        else expect_fault(c, FR_TTYP_DISALLOWED);
        return;
    }
    /* Step 5 (1LVL indexes the table with device_id[6:0], 2LVL with [15:0]; any bit above is "wider than
     * supported"), then the non-leaf entries of 2LVL and 3LVL. */
    uint16_t walk = ddt_expect_walk(g, c->did);
    if (walk) { expect_fault(c, walk); return; }
    const device_t *d = NULL;
    for (unsigned i = 0; i < g->device_count; i++)
        if (g->devices[i].did == c->did) d = &g->devices[i];
    /* "Process to locate the Device-context", steps 8-10: the read of the whole DC (a memory error on any
     * of its doublewords), then DC.tc.V (a device nobody set up has a zero DC), then the configuration
     * checks. */
    if (d == NULL) { expect_fault(c, FR_DDT_NOT_VALID); return; }
    if (d->dc_memerr) {
        expect_fault(c, d->dc_memerr_kind == IOMMU_MEM_ACCESS_FAULT ? FR_DDT_LOAD_ACCESS_FAULT : FR_DDT_DATA_CORRUPTION);
        return;
    }
    if (d->kind == DC_INVALID) { expect_fault(c, FR_DDT_NOT_VALID); return; }
    if (d->kind == DC_MISCONFIGURED) { expect_fault(c, FR_DDT_MISCONFIGURED); return; }
    /* The DC is located: its DTF now governs reporting. */
    c->expect_dtf = d->dtf;
    /* "Process to translate an IOVA", step 7: a translated or ATS translation request with DC.tc.EN_ATS = 0
     * (without capabilities.ATS there is none: docs/decisions.md), or a valid process_id with DC.tc.PDTV = 0. */
    if ((!untranslated && !(g->ats && d->en_ats)) || (c->pv && d->kind != DC_PDT)) {
        expect_fault(c, FR_TTYP_DISALLOWED);
        return;
    }
    if (!untranslated) { expect_ats_path(g, c, d); return; } /* version 11 */
    if (d->kind == DC_PDT) { expect_pdt(g, d, c); return; }
    if (d->kind == DC_BARE) {
        if (d->vm) expect_final(g, d, c, c->iova);
        else c->expect = STIM_EXPECT_OK, c->expect_pa = c->iova;
        return;
    }
    expect_walk(g, c, d, false, false);
}

/* Version 11, "Process to translate an IOVA" steps 7 to 9 for a translated request (TTYP 5, 6, 7) or an ATS
 * translation request (8) of a device with tc.EN_ATS = 1: a process_id too wide for pdtp.MODE is 260; a
 * translated request with T2GPA = 0 passes through, with T2GPA = 1 its IOVA is a GPA for the second stage
 * (the MSI check of step 18 included) with the request's access; an ATS translation request is translated as
 * a read (docs/microarch.md 5.9) and set_expectation turns the outcome into the completion. The checks read
 * c->ttyp as the access, so they run on a copy with the untranslated type of the same access. */
static void expect_ats_path(const gen_t *g, stim_cmd_t *c, const device_t *d)
{
    if (d->kind == DC_PDT && c->pv && d->pdtp_mode && c->pid >> pdt_pid_bits(d->pdtp_mode)) {
        expect_fault(c, FR_TTYP_DISALLOWED);
        return;
    }
    bool translated = c->ttyp != IOMMU_TTYP_ATS_TRANSLATION;
    if (translated && !d->t2gpa) { c->expect = STIM_EXPECT_OK, c->expect_pa = c->iova; return; }
    stim_cmd_t t = *c;
    t.ttyp = translated ? (uint8_t)(c->ttyp - 4) : IOMMU_TTYP_UNTRANSLATED_READ; /* 5, 6, 7 -> 1, 2, 3 */
    g->ar->dev = d;
    g->ar->ats_req = !translated;
    g->ar->gpa = c->iova;
    if (translated) expect_final(g, d, &t, c->iova);
    else if (d->kind == DC_PDT) expect_pdt(g, d, &t);
    else if (d->kind == DC_BARE && d->vm) expect_final(g, d, &t, c->iova);
    else if (d->kind == DC_BARE) t.expect = STIM_EXPECT_OK, t.expect_pa = c->iova;
    else expect_walk(g, &t, d, false, false);
    c->expect = t.expect, c->expect_pa = t.expect_pa, c->expect_iotval2 = t.expect_iotval2;
    c->expect_pbmt = t.expect == STIM_EXPECT_OK ? t.expect_pbmt : 0; /* version 10: the PBMT (5.8, 5.9) */
    c->expect_cause_count = t.expect_cause_count;
    memcpy(c->expect_causes, t.expect_causes, sizeof c->expect_causes);
}

/* Version 11: how software's expectation of an ATS translation request becomes its completion
 * (docs/microarch.md 5.9, "PCIe ATS translation request handling"): a page or guest-page fault, a PDT entry
 * or MSI PTE not valid answer Success without access (no fault record); other faults keep their cause (a
 * record, then Unsupported Request or Completer Abort); a translation answers Success with R, W (every stage's
 * leaf W and D; a Bare stage and an MSI PTE grant), U (MRIF mode) and the range: the smaller leaf size, a
 * Bare stage 2 MiB, an MSI translation 4 KiB, without T2GPA halved while it holds a virtual-interrupt-file
 * page of msiptp Flat; the range's base from the GPA (T2GPA) or the address. */
static void ats_completion_expect(const gen_t *g, stim_cmd_t *c)
{
    static const uint16_t no_access[] = {FR_INSTR_PAGE_FAULT, FR_READ_PAGE_FAULT, FR_WRITE_PAGE_FAULT,
                                         FR_INSTR_GUEST_PAGE_FAULT, FR_READ_GUEST_PAGE_FAULT,
                                         FR_WRITE_GUEST_PAGE_FAULT, FR_PDT_NOT_VALID, FR_MSI_PTE_NOT_VALID};
    const ats_rec_t *a = g->ar;
    if (c->expect == STIM_EXPECT_FAULT && c->expect_cause_count == 1) {
        for (unsigned i = 0; i < sizeof no_access / sizeof no_access[0]; i++) {
            if (c->expect_causes[0] != no_access[i]) continue;
            c->expect = STIM_EXPECT_OK, c->expect_pa = 0, c->expect_iotval2 = 0, c->expect_cause_count = 0;
            c->expect_ats = true, c->expect_ats_r = 0, c->expect_ats_w = 0, c->expect_ats_u = 0;
            c->expect_ats_log2 = 12;
            return;
        }
        return;
    }
    if (c->expect != STIM_EXPECT_OK || a->dev == NULL) return;
    const device_t *d = a->dev;
    c->expect_ats = true;
    c->expect_ats_r = 1;
    c->expect_ats_w = a->w_unsure ? STIM_ATS_EITHER : (!a->fs_leaf || a->fs_w) && (!a->g_leaf || a->g_w);
    if (a->msi && a->mrif) {
        c->expect_ats_u = 1, c->expect_ats_log2 = 12, c->expect_pa = 0;
        return;
    }
    c->expect_ats_u = 0;
    unsigned s = 12;
    if (!a->msi) {
        unsigned fs = a->fs_leaf ? a->fs_log2 : 21, gs = a->g_leaf ? a->g_log2 : 21;
        s = fs < gs ? fs : gs;
        if (d->msi_flat && !d->t2gpa)
            while (s > 12 && ((((a->gpa >> 12) ^ d->msi_pattern) & ~d->msi_mask & ~((1ull << (s - 12)) - 1)) == 0))
                s--;
    }
    uint64_t out = d->t2gpa ? a->gpa : c->expect_pa;
    c->expect_ats_log2 = (uint8_t)s;
    c->expect_pa = out & ~((1ull << s) - 1);
}

static void set_expectation(const gen_t *g, stim_cmd_t *c)
{
    memset(g->ar, 0, sizeof *g->ar);
    expect_core(g, c);
    if (g->ats && c->ttyp == IOMMU_TTYP_ATS_TRANSLATION) ats_completion_expect(g, c);
}

/* The first-stage walk through address space d (a device's, or a process's) for request c, as privilege
 * supervisor with the PC's SUM. */
static void expect_walk(const gen_t *g, stim_cmd_t *c, const device_t *d, bool supervisor, bool sum)
{
    const vm_t *vm = d->vm ? &g->vms[d->vm - 1] : NULL;
    /* Sv39/Sv48/Sv57 (privileged spec "Virtual Address Translation Process"): an IOVA whose bits 63:VAW
     * are not all bit VAW - 1 (VAW 39, 48, 57), a PTE with V = 0,
     * reserved bits or W without R, a pointer at level 0, a misaligned superpage, a missing permission, U or
     * A, or D for a write: all the page fault of the access type; a memory error reading the leaf: the
     * access fault of the access type or PT data corruption. */
    uint16_t pf = page_fault_cause(c->ttyp);
    if (d->sxl) { /* Sv32 (version 10): IOVA bits 63:32 must be 0 */
        if (c->iova >> 32) { expect_fault(c, pf); return; }
    } else {
        unsigned vaw = 12 + 9 * d->levels;
        uint64_t upper = c->iova >> (vaw - 1);
        if (upper != 0 && upper != ~0ull >> (vaw - 1)) { expect_fault(c, pf); return; }
    }
    /* In a VM every table read is an implicit G-stage read; the tables share one G-stage leaf, so the first
     * one (the root's) decides them all. */
    if (vm) {
        uint64_t pte_gpa = d->root - vm->tbl_off + pt_vpn(c->iova, d->levels - 1, d->sxl) * (d->sxl ? 4 : 8); /* the root PTE's */
        g_outcome_t o = g_translate(g, vm, d->sxl, pte_gpa, G_READ, c->ttyp, false, G_IMPLICIT);
        if (!o.ok) { expect_g_fault(c, o); return; }
    }
    for (unsigned i = 0; i < d->page_count; i++) {
        const mapped_page_t *p = &d->pages[i];
        uint64_t size = 1ull << p->shift;
        if ((c->iova & ~(size - 1)) != p->iova) continue;
        if (p->path_broken) { expect_fault(c, pf); return; } /* met on the way, before the leaf is read */
        if (p->memerr) {
            expect_fault(c, p->memerr_kind == IOMMU_MEM_ACCESS_FAULT ? access_fault_cause(c->ttyp)
                                                                     : FR_PT_DATA_CORRUPTION);
            return;
        }
        /* A leaf that passes every check but needs the A/D update, in memory that fails the update's CAS: the
         * access fault of the access type or PT data corruption (the IOMMU spec's cause table); the update
         * never succeeds, so the leaf keeps the A and D bits it was written with. */
        /* In a VM the A/D update is an implicit G-stage write to the leaf's GPA, before its CAS. */
        if (vm && leaf_grants_priv(g, p, c->ttyp, d->sade, supervisor, sum) && leaf_needs_update(p, c->ttyp)) {
            g_outcome_t o = g_translate(g, vm, d->sxl, p->leaf_addr - vm->tbl_off, G_WRITE, c->ttyp, false, G_IMPLICIT_WRITE);
            if (!o.ok) { expect_g_fault(c, o); return; }
        }
        if (leaf_grants_priv(g, p, c->ttyp, d->sade, supervisor, sum) && p->cas_memerr && leaf_needs_update(p, c->ttyp)) {
            expect_fault(c, p->cas_memerr == IOMMU_MEM_ACCESS_FAULT ? access_fault_cause(c->ttyp)
                                                                    : FR_PT_DATA_CORRUPTION);
            return;
        }
        if (leaf_grants_priv(g, p, c->ttyp, d->sade, supervisor, sum)) {
            c->expect = STIM_EXPECT_OK;
            c->expect_pa = ((((p->pte >> 10) & ((1ull << (p->four ? 22 : 44)) - 1)) << 12) & ~(size - 1)) | (c->iova & (size - 1));
            c->expect_pbmt = p->four ? 0 : (uint8_t)((p->pte >> PTE_PBMT_SHIFT) & 3); /* Svpbmt (version 10) */
            /* version 11: the first-stage leaf of an ATS completion: its size (NAPOT 64 KiB, Sv32 4 MiB: size)
             * and W (W and D as written; with tc.SADE a write may have set D since, and a store armed for its
             * CAS may change it) */
            bool w = p->pte & PTE_W, dirty = p->pte & PTE_D;
            g->ar->fs_leaf = true, g->ar->fs_log2 = (unsigned)__builtin_ctzll(size), g->ar->fs_w = w && dirty;
            g->ar->w_unsure |= p->raced || (w && !dirty && d->sade);
            g->ar->gpa = c->expect_pa;
            if (vm) expect_final(g, d, c, c->expect_pa);
            return;
        }
        expect_fault(c, pf);
        return;
    }
    /* Not mapped: the walk meets a zero entry (V = 0) or a broken pointer, never a faulting memory word (the
     * generator marks only leaves faulting). */
    expect_fault(c, pf);
}

/* A located DC with tc.PDTV = 1 ("Process to translate an IOVA" steps 7.3 and 10 to 16, "Process to locate
 * the Process-context", "Process-context configuration checks"), read from what software wrote. */
static void expect_pdt(const gen_t *g, const device_t *d, stim_cmd_t *c)
{
    unsigned mode = d->pdtp_mode;
    if (c->pv && mode && c->pid >> pdt_pid_bits(mode)) { expect_fault(c, FR_TTYP_DISALLOWED); return; }
    /* no process_id and DPE = 0, or pdtp Bare: no first stage */
    if ((!c->pv && !d->dpe) || mode == 0) {
        if (d->vm) expect_final(g, d, c, c->iova);
        else c->expect = STIM_EXPECT_OK, c->expect_pa = c->iova;
        return;
    }
    uint32_t p = c->pv ? c->pid : 0;
    uint64_t a = d->pdt_root;
    /* In a VM every directory read is an implicit G-stage read through the one leaf that maps the tables. */
    uint64_t off = 0;
    if (d->vm) {
        const vm_t *vm = &g->vms[d->vm - 1];
        off = vm->tbl_off;
        /* the first read: the root entry (PD17, PD20) or the PC (PD8) */
        uint64_t first = mode == 1 ? pdt_pdi(p, 0) * 16 : pdt_pdi(p, mode - 1) * 8;
        g_outcome_t o = g_translate(g, vm, d->sxl, d->pdt_root - off + first, G_READ, c->ttyp, true, G_IMPLICIT);
        if (!o.ok) { expect_g_fault(c, o); return; }
    }
    for (unsigned j = mode - 1; j >= 1; j--) {
        uint64_t addr = a + pdt_pdi(p, j) * 8;
        int err = sim_memory_error(g->scratch, addr);
        if (err) { expect_fault(c, err == IOMMU_MEM_ACCESS_FAULT ? FR_PDT_LOAD_ACCESS_FAULT : FR_PDT_DATA_CORRUPTION); return; }
        uint64_t e = sim_memory_peek(g->scratch, addr);
        if (!(e & 1)) { expect_fault(c, FR_PDT_NOT_VALID); return; }
        if ((e & 0x3feull) || (e >> 54)) { expect_fault(c, FR_PDT_MISCONFIGURED); return; }
        a = (((e >> 10) & ((1ull << 44) - 1)) << 12) + off;
    }
    uint64_t pc = a + pdt_pdi(p, 0) * 16;
    for (unsigned k = 0; k < 2; k++) { /* ta then fsc: the first error stops the read */
        int err = sim_memory_error(g->scratch, pc + 8 * k);
        if (err) { expect_fault(c, err == IOMMU_MEM_ACCESS_FAULT ? FR_PDT_LOAD_ACCESS_FAULT : FR_PDT_DATA_CORRUPTION); return; }
    }
    uint64_t ta = sim_memory_peek(g->scratch, pc), fsc = sim_memory_peek(g->scratch, pc + 8);
    if (!(ta & PC_TA_V)) { expect_fault(c, FR_PDT_NOT_VALID); return; }
    unsigned fs_mode = (unsigned)(fsc >> 60);
    bool fs_ok = fs_mode == 0 || fs_mode == 8 || (!d->sxl && (fs_mode == 9 || fs_mode == 10)); /* Bare, Sv39, Sv48,
                                                                  Sv57; with tc.SXL = 1 Bare and Sv32 (version 10) */
    if ((ta & 0xff8ull) || (ta >> 32) || ((ta >> 12) & 0xfffff) >> g->pscid_bits || ((fsc >> 44) & 0xffff) || !fs_ok) {
        expect_fault(c, FR_PDT_MISCONFIGURED);
        return;
    }
    bool supervisor = c->pv && c->priv;
    if (supervisor && !(ta & PC_TA_ENS)) { expect_fault(c, FR_TTYP_DISALLOWED); return; }
    if (fs_mode == 0) {
        if (d->vm) expect_final(g, d, c, c->iova);
        else c->expect = STIM_EXPECT_OK, c->expect_pa = c->iova;
        return;
    }
    const proc_t *pr = NULL;
    for (unsigned j = 0; j < d->proc_n; j++)
        if (g->procs[d->proc_first + j].pid == p) pr = &g->procs[d->proc_first + j];
    if (pr == NULL) { /* every valid PC software wrote is a process it recorded: cannot happen */
        c->expect = STIM_EXPECT_UNKNOWN;
        return;
    }
    expect_walk(g, c, &pr->as, supervisor, (ta & PC_TA_SUM) != 0);
}

/* The next access of a DMA stream (knob stream_percent): 64 sequential 64-byte accesses through 4 KiB of a
 * page that software mapped for the device with the permission the stream uses, as a device streaming into
 * a buffer does (one IOTLB miss, then hits). Starts a new stream when the last one ended; false when no
 * device has such a page. */
static bool next_stream_access(gen_t *g, uint32_t *did, uint64_t *iova, uint8_t *ttyp)
{
    for (unsigned tries = 0; g->stream_left == 0 && tries < 16; tries++) {
        const device_t *d = &g->devices[rng_below(&g->rng, g->device_count)];
        if (d->kind != DC_PAGED || d->page_count == 0 || d->dc_memerr) continue;
        const mapped_page_t *p = &d->pages[rng_below(&g->rng, d->page_count)];
        uint8_t t = rng_percent(&g->rng, 50) && leaf_grants(g, p, IOMMU_TTYP_UNTRANSLATED_WRITE, d->sade)
                        ? IOMMU_TTYP_UNTRANSLATED_WRITE
                        : leaf_grants(g, p, IOMMU_TTYP_UNTRANSLATED_READ, d->sade) ? IOMMU_TTYP_UNTRANSLATED_READ : 0;
        if (t == 0) continue;
        g->stream_did = d->did;
        g->stream_iova = p->iova + (rng_below(&g->rng, 1ull << (p->shift - 12)) << 12);
        g->stream_ttyp = t;
        g->stream_left = 64;
    }
    if (g->stream_left == 0) return false;
    *did = g->stream_did;
    *iova = g->stream_iova;
    *ttyp = g->stream_ttyp;
    g->stream_iova += 64;
    g->stream_left--;
    return true;
}

/* Every copy of the leaf at addr (a device sharing device 0's tables holds a copy of its pages). */
static void for_each_copy(gen_t *g, uint64_t addr, void (*fn)(mapped_page_t *))
{
    for (unsigned j = 0; j < g->device_count; j++)
        for (unsigned m = 0; m < g->devices[j].page_count; m++)
            if (g->devices[j].pages[m].leaf_addr == addr) fn(&g->devices[j].pages[m]);
}

static void mark_raced(mapped_page_t *p) { p->raced = true; }
static void mark_invalidated(mapped_page_t *p) { p->raced = true, p->pte &= ~PTE_V; }
static void mark_accessed(mapped_page_t *p) { p->hw_a = true; }

/* The leaf of a translating device's request (NULL: none, the device has no tc.SADE, or ddtp is Off or Bare
 * now): the device and the page set_expectation takes (the last device with the ID, its first page holding the
 * IOVA). */
static mapped_page_t *sade_leaf(gen_t *g, const stim_cmd_t *c)
{
    if (g->mode < 2) return NULL;
    device_t *d = NULL;
    for (unsigned i = 0; i < g->device_count; i++)
        if (g->devices[i].did == c->did) d = &g->devices[i];
    if (d == NULL || d->kind != DC_PAGED || !d->sade) return NULL;
    for (unsigned k = 0; k < d->page_count; k++) {
        uint64_t size = 1ull << d->pages[k].shift;
        if ((c->iova & ~(size - 1)) == d->pages[k].iova) return &d->pages[k];
    }
    return NULL;
}

/* Knob cas_race_percent: before a request whose walk updates A/D (it is expected to succeed, the leaf as
 * written lacks A, or D for a write), software's store to the leaf, armed to land between the walk's read and
 * its CAS (`mem LEAF DATA cas`, docs/formats.md): the CAS compares unequal and the walk reads the leaf again
 * (docs/microarch.md 5.1 StAdWait). One store per leaf, none on a leaf whose update fails in memory (the store
 * would set the bits the expectation counts on staying clear). The request c is the last command; the store
 * goes in before it, and like every `mem` line waits for the requests before it (docs/decisions.md, issue 11).
 * Most stores keep every outcome software expects, whenever they land: a bit the walk ignores set (RSW), A and
 * D set by software (the second read passes without a CAS), or cleared (software ageing the page: the walk
 * updates them again; RSW bit 9 set too, so that the store always changes the PTE). A quarter clear V instead, when the leaf's A is still clear in memory (written so, and
 * no request has succeeded through it): then no IOTLB holds the leaf, this request's walk is the first to
 * update it whatever order requests in flight with it take, and it, and every later request through the leaf,
 * gets the page fault. */
static void cas_race(gen_t *g, stim_cmd_t *c)
{
    if (c->expect != STIM_EXPECT_OK || !rng_percent(&g->rng, g->k.cas_race_percent)) return;
    /* version 11: an ATS or translated request expected ok (never without capabilities.ATS) gets no store:
     * the page fault it would meet is an ATS completion without access, not the fault below */
    if (c->ttyp > IOMMU_TTYP_UNTRANSLATED_WRITE) return;
    mapped_page_t *p = sade_leaf(g, c);
    if (p == NULL || p->raced || p->cas_memerr || !leaf_needs_update(p, c->ttyp)) return;
    unsigned v = (unsigned)rng_below(&g->rng, 4);
    if (v == 3 && ((p->pte & PTE_A) || p->hw_a)) v = 0;
    uint64_t data = v == 0 ? p->pte | (rng_percent(&g->rng, 50) ? 1ull << 8 : 1ull << 9)
                  : v == 1 ? p->pte | PTE_A | PTE_D
                  : v == 2 ? (p->pte & ~(PTE_A | PTE_D)) | 1ull << 9 : p->pte & ~PTE_V;
    uint64_t addr = p->leaf_addr;
    for_each_copy(g, addr, v == 3 ? mark_invalidated : mark_raced);
    if (v == 3) expect_fault(c, page_fault_cause(c->ttyp));
    stim_cmd_t dma = *c;
    *c = (stim_cmd_t){.kind = STIM_MEM, .addr = addr, .data = in_memory(g, addr, data), .at_cas = true};
    *stim_append(g->prog, STIM_DMA) = dma;
}

static void version9_after_dma(gen_t *g, const stim_cmd_t *c, const device_t *d);

static void emit_dma(gen_t *g)
{
    device_t *d = NULL;
    uint32_t did;
    uint64_t iova;
    uint8_t stream_ttyp = 0;
    g->pick_set = false;
    if (!(g->k.stream_percent && rng_percent(&g->rng, g->k.stream_percent) &&
          next_stream_access(g, &did, &iova, &stream_ttyp)))
        iova = random_iova(g, &d, &did);
    stim_cmd_t *c = stim_append(g->prog, STIM_DMA);
    c->tag = g->next_tag++;
    c->did = did;
    c->iova = iova;
    unsigned t = stream_ttyp ? 0 : (unsigned)rng_below(&g->rng, 100);
    unsigned tr = g->k.translated_percent, u = 100 - tr; /* untranslated 40 : 35 : 15, translated 3 : 3 : 2 : 2 */
    c->ttyp = t < u * 40 / 90 ? IOMMU_TTYP_UNTRANSLATED_READ
            : t < u * 75 / 90 ? IOMMU_TTYP_UNTRANSLATED_WRITE
            : t < u           ? IOMMU_TTYP_UNTRANSLATED_EXEC
            : t < u + tr * 3 / 10 ? IOMMU_TTYP_TRANSLATED_READ
            : t < u + tr * 6 / 10 ? IOMMU_TTYP_TRANSLATED_WRITE
            : t < u + tr * 8 / 10 ? IOMMU_TTYP_TRANSLATED_EXEC
                                  : IOMMU_TTYP_ATS_TRANSLATION;
    if (stream_ttyp) c->ttyp = stream_ttyp;
    /* version 11: an ATS translation request of a VM device with a Bare first stage and an MSI page table, now
     * and then at a virtual interrupt file (flat or MRIF PTE: U) or a page beside one (the range kept off it) */
    if (g->ats && d && c->ttyp == IOMMU_TTYP_ATS_TRANSLATION && d->kind == DC_BARE && d->vm && d->msi_flat &&
        rng_percent(&g->rng, 50)) {
        uint64_t f = msi_file_page(d, rng_below(&g->rng, msi_files(d))) << 12;
        c->iova = iova = rng_percent(&g->rng, 50) ? f | rng_below(&g->rng, 4096) : f ^ 1ull << rng_range(&g->rng, 12, 20);
    }
    /* version 11: a translated request of a device with tc.T2GPA = 1 carries a GPA: mostly one its VM maps */
    if (g->ats && d && d->t2gpa && c->ttyp >= IOMMU_TTYP_TRANSLATED_EXEC && c->ttyp <= IOMMU_TTYP_TRANSLATED_WRITE &&
        rng_percent(&g->rng, 70)) {
        const vm_t *vm = &g->vms[d->vm - 1];
        const gleaf_t *l = &vm->leaves[rng_below(&g->rng, vm->n)];
        c->iova = iova = l->gpa | rng_below(&g->rng, 1ull << (12 + 9 * l->level));
    }
    /* The pid and priv lines carry any value; only with pv = 1 do they mean anything (a fault record of a
     * request without a process_id must say PID = 0, PRIV = 0). */
    c->pv = rng_percent(&g->rng, g->k.pv_percent);
    c->pid = rng_percent(&g->rng, 50) ? (uint32_t)rng_below(&g->rng, 1u << 20) : 0;
    c->priv = rng_percent(&g->rng, 50);
    /* a device with a process directory: the process random_iova picked */
    if (g->pick_set) {
        c->pv = g->pick_pv;
        if (c->pv) c->pid = g->pick_pid;
    }
    if (!c->pv && (g->without & RANDGEN_PV0_PID)) c->pid = 0, c->priv = false;
    set_expectation(g, c);
    if (g->k.cas_race_percent) {
        cas_race(g, c);
        c = &g->prog->cmds[g->prog->count - 1]; /* the request, after the store cas_race may put before it */
        mapped_page_t *p = c->expect == STIM_EXPECT_OK ? sade_leaf(g, c) : NULL;
        if (p != NULL) for_each_copy(g, p->leaf_addr, mark_accessed);
    }
    unsigned slot = g->recent_count < RECENT ? g->recent_count++ : (unsigned)rng_below(&g->rng, RECENT);
    g->recent_iova[slot] = iova;
    g->recent_did[slot] = did;
    g->recent_pdt[slot] = g->pick_set, g->recent_pv[slot] = c->pv, g->recent_pid[slot] = c->pid;
    if (g->hpm_counters || g->dbg || g->qosid) version9_after_dma(g, c, stream_ttyp ? NULL : d);
}

/* ---- version 9 (docs/microarch.md 5.7): performance monitor, debug translations, QoS IDs ---- */

static void emit_reg_indexed(gen_t *g, bool write, const char *base, unsigned n, uint64_t value)
{
    char name[24];
    snprintf(name, sizeof name, "%s%u", base, n);
    if (write) emit_write(g, name, value);
    else emit_read(g, name);
}

/* An event selector: eventID 1 - 3 (now and then another, which the WARL stores as 0) with one filter form
 * (none, device_id, device_id with DMASK, process_id, IDT = 1), sometimes OF set. */
static uint64_t random_event_selector(gen_t *g)
{
    uint64_t ev = rng_percent(&g->rng, 90) ? rng_range(&g->rng, 1, 3) : rng_range(&g->rng, 4, 0x7fff);
    const device_t *d = g->device_count ? &g->devices[rng_below(&g->rng, g->device_count)] : NULL;
    uint64_t did = d ? d->did : rng_below(&g->rng, 1u << 24);
    switch (rng_below(&g->rng, 5)) {
    case 0: break;
    case 1: ev |= 1ull << 61 | did << 36; break;
    case 2: { /* DMASK: the low bits up to the first 0 are ignored */
        unsigned ones = (unsigned)rng_range(&g->rng, 0, 6);
        did = (did & ~((2ull << ones) - 1)) | ((1ull << ones) - 1);
        ev |= 1ull << 61 | 1ull << 15 | (did & 0xffffff) << 36;
        break;
    }
    case 3: ev |= 1ull << 60 | (rng_percent(&g->rng, 50) ? 0 : rng_below(&g->rng, 1u << 20)) << 16; break;
    default: ev |= 1ull << 62; break; /* IDT = 1: never counts events 1 - 3 */
    }
    if (rng_percent(&g->rng, 10)) ev |= 1ull << 63;
    return ev;
}

static void hpm_step(gen_t *g)
{
    unsigned n = (unsigned)rng_range(&g->rng, 1, g->hpm_counters);
    uint64_t ctr_max = g->hpm_counter_bits >= 64 ? ~0ull : (1ull << g->hpm_counter_bits) - 1;
    switch (rng_below(&g->rng, 6)) {
    case 0:
        emit_reg_indexed(g, true, "iohpmevt", n, random_event_selector(g));
        emit_reg_indexed(g, false, "iohpmevt", n, 0);
        break;
    case 1: { /* inhibits: mostly none */
        uint64_t inh = rng_percent(&g->rng, 60) ? 0 : rng_below(&g->rng, 1ull << (g->hpm_counters + 1));
        emit_write_overlapping(g, "iocountinh", inh);
        break;
    }
    case 2: /* a counter near overflow, with traffic to come */
        emit_reg_indexed(g, true, "iohpmctr", n, ctr_max - rng_below(&g->rng, 4));
        break;
    case 3:
        emit_write(g, "iohpmcycles", (0x7fffffffffffffffull - rng_below(&g->rng, 200)) |
                                         (uint64_t)rng_percent(&g->rng, 20) << 63);
        break;
    case 4: /* acknowledge the overflow interrupt */
        emit_read(g, "iocountovf");
        emit_write_overlapping(g, "ipsr", 0x4);
        break;
    default:
        emit_read(g, "iohpmcycles");
        emit_reg_indexed(g, false, "iohpmctr", n, 0);
        emit_read(g, "iocountovf");
        break;
    }
}

/* A debug translation of the page of request c, which software expects to translate (so that no fault record
 * follows that the mapping oracle could not place), asked while c is in flight: tr_req_iova and tr_req_ctl
 * written without waiting, Go/Busy polled, tr_response read. */
static void debug_step(gen_t *g, const stim_cmd_t *req)
{
    const stim_cmd_t copy = *req, *c = &copy; /* req lives in the program, which the writes below may move */
    emit_write(g, "tr_req_iova", c->iova & ~0xfffull)->nowait = true;
    uint64_t ctl = 1 | (uint64_t)(c->pv && c->priv) << 1 | (uint64_t)(c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC) << 2 |
                   (uint64_t)(c->ttyp == IOMMU_TTYP_UNTRANSLATED_READ) << 3 | (uint64_t)(c->pv ? c->pid : 0) << 12 |
                   (uint64_t)c->pv << 32 | (uint64_t)c->did << 40;
    emit_write(g, "tr_req_ctl", ctl)->nowait = true;
    /* no write while Go/Busy is 1 (ignored entirely, 5.7; test_tm_hpm and tests/rtl/hpm_debug.stim check it):
     * whether it lands while busy depends on timing, which the transaction check (an arch layer that translates
     * at the Go write) cannot follow */
    emit_poll(g, "tr_req_ctl", 1, 0);
    emit_read(g, "tr_response");
}

static void version9_after_dma(gen_t *g, const stim_cmd_t *c, const device_t *d)
{
    if (g->dbg && d != NULL && !d->msi_flat && c->expect == STIM_EXPECT_OK &&
        (c->ttyp == IOMMU_TTYP_UNTRANSLATED_READ || c->ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ||
         c->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC) &&
        rng_percent(&g->rng, g->k.dbg_percent))
        debug_step(g, c);
    if (g->hpm_counters && rng_percent(&g->rng, g->k.hpm_percent))
        hpm_step(g);
    if (g->qosid && rng_percent(&g->rng, 2)) {
        emit_write(g, "iommu_qosid", rng_next(&g->rng) & 0xffffffffull);
        emit_read(g, "iommu_qosid");
    }
}

static void fault_queue_on(gen_t *g)
{
    emit_write_overlapping(g, "fqcsr", 0x3); /* fqen | fie */
    emit_poll(g, "fqcsr", 0x30000, 0x10000);
}

static void fault_queue_off(gen_t *g)
{
    emit_write_overlapping(g, "fqcsr", 0x0);
    emit_poll(g, "fqcsr", 0x30000, 0x0);
}

static void set_mode(gen_t *g, unsigned mode)
{
    g->mode = mode;
    emit_write(g, "ddtp", ((g->ddt_base >> 12) << 10) | mode);
    emit_poll(g, "ddtp", 0x10, 0x0);
}

static void emit_pgreq(gen_t *g);

/* A short episode with the IOMMU in Off or Bare mode, then back to the run's directory mode through Off
 * (spec "ddtp": the directory levels may only be entered from Off or Bare). */
static void mode_episode(gen_t *g, unsigned mode)
{
    set_mode(g, 0);
    if (mode == 1) set_mode(g, 1);
    unsigned n = (unsigned)rng_range(&g->rng, 1, 4);
    for (unsigned i = 0; i < n; i++) {
        emit_dma(g);
        if (g->ats && rng_percent(&g->rng, 40)) { /* version 11: a page request in Off or Bare, finished before */
            emit_pgreq(g);                         /* the mode changes (the request after it waits for it) */
            emit_dma(g);
        }
        /* Off rewritten with its own value while the request is in flight: the busy handshake under traffic */
        if (i == 0 && mode == 0 && g->k.overlap_percent && rng_percent(&g->rng, g->k.overlap_percent)) {
            for (unsigned k = (unsigned)rng_below(&g->rng, 8); k > 0; k--) emit_read_nowait(g, "ddtp");
            emit_write(g, "ddtp", (g->ddt_base >> 12) << 10)->nowait = true;
            emit_read_nowait(g, "ddtp");
            emit_poll(g, "ddtp", 0x10, 0x0);
        }
    }
    set_mode(g, 0);
    set_mode(g, ddt_dir_mode(g));
}

/* What an OS driver does between bursts of DMA. */
static void software_step(gen_t *g)
{
    /* An interrupt acknowledgement while the last requests are still in flight (nothing waits before it). */
    if (g->k.overlap_percent) emit_write_overlapping(g, "ipsr", 0x2);
    unsigned pick = (unsigned)rng_below(&g->rng, 100);
    if (pick < 35) {
        emit_read(g, "fqt");
        emit_read(g, "fqcsr");
        emit_write_overlapping(g, "ipsr", 0x2); /* acknowledge the fault interrupt */
    } else if (pick < 65) {
        /* Recycle the fault queue: off, drop the records, on (fqt, fqof, fqmf reset). */
        fault_queue_off(g);
        emit_write(g, "fqh", 0);
        fault_queue_on(g);
        emit_write(g, "ipsr", 0x2);
    } else if (pick < 70) {
        /* Software consumed records: fqh moves to any slot, so the tail wraps and "full" moves. */
        emit_write(g, "fqh", rng_below(&g->rng, 1u << g->fq_log2sz));
        emit_write(g, "ipsr", 0x2);
    } else if (pick < 75) {
        /* clear fqmf, fqof or both (RW1C), keep the queue on */
        static const uint64_t clears[] = {0x103, 0x203, 0x303};
        emit_write_overlapping(g, "fqcsr", clears[rng_below(&g->rng, 3)]);
        emit_poll(g, "fqcsr", 0x20000, 0x0);
    } else if (pick < 85) {
        mode_episode(g, 0);
    } else if (pick < 90) {
        mode_episode(g, 1);
    } else if (pick < 93) {
        emit_write(g, "icvec", rng_next(&g->rng)); /* every field and reserved bit (WARL) */
        emit_read(g, "icvec");
    } else if (pick < 95) {
        /* ddtp's low half with a mode this IOMMU does not support (5 - 15) and any other bits: ignored
         * entirely. A 4-byte write, so that an IOMMU on a 32-bit register bus sees the same access (an
         * 8-byte write would reach it as two, and its high half alone would be a legal write). Then Off
         * with the reserved bits 63:54 and 9:5 set, which read back as 0, and back to the mode. */
        stim_cmd_t *c = stim_append(g->prog, STIM_WRITE);
        stim_register_by_name("ddtp", &c->reg_offset, &c->reg_size);
        strcpy(c->reg_name, "ddtp");
        c->reg_size = 4;
        c->data = (rng_next(&g->rng) & 0xfffffff0ull) | rng_range(&g->rng, 3, 15);
        if ((c->data & 0xf) == 3 || (c->data & 0xf) == 4) c->data += 2; /* 2LVL, 3LVL: supported (version 4) */
        emit_poll(g, "ddtp", 0x10, 0x0);
        unsigned mode = g->mode; /* through Off, as the spec's "ddtp" asks before a directory mode */
        set_mode(g, 0);
        emit_write(g, "ddtp", ((g->ddt_base >> 12) << 10) | (rng_next(&g->rng) & 0xffc00000000003e0ull));
        emit_poll(g, "ddtp", 0x10, 0x0);
        emit_read(g, "ddtp");
        set_mode(g, mode);
        emit_write(g, "ipsr", rng_below(&g->rng, 1ull << 32)); /* RW1C bits and reserved ones */
    } else {
        /* Read-only registers ignore writes; read everything back. */
        emit_write(g, "capabilities", rng_next(&g->rng));
        /* fctl.WSI is writable since docs/microarch.md version 3: the value keeps WSI = 1 (wires), the rest
         * is random, except BE (bit 0) and GXL (bit 2) where they are writable (version 10): they keep the run's
         * values (a change while the IOMMU is on is UNSPECIFIED, spec "fctl"); where they are read-only the value
         * is what it was, so that earlier configurations keep each seed's stimulus */
        uint64_t fctl = rng_below(&g->rng, 1ull << 32) | 0x2;
        if (g->end || g->gxl_writable) fctl = (fctl & ~5ull) | (g->be ? 1 : 0) | (g->gxl ? 4 : 0);
        emit_write(g, "fctl", fctl);
        emit_write(g, "fqt", rng_below(&g->rng, 1ull << 32));
        /* version 10: cqb (the command queue stays off here; with ATS it carries ATS.INVAL, so no such write)
         * with LOG2SZ-1 above cq.log2sz_max - 1: the WARL field reads back the maximum's */
        if (!g->ats && g->cq_max < 32 && g->k.queue_oversize_percent && rng_percent(&g->rng, g->k.queue_oversize_percent)) {
            emit_write(g, "cqb", rng_below(&g->rng, 1ull << 44) << 10 | rng_range(&g->rng, g->cq_max, 31));
            emit_read(g, "cqb");
        }
        emit_read(g, "capabilities");
        emit_read(g, "fctl");
        emit_read(g, "fqb");
        emit_read(g, "fqh");
        emit_read(g, "fqt");
    }
    emit_read(g, "ipsr");
}

/* ---- version 11 (docs/microarch.md 5.9): page requests, the page-request queue, ATS commands ---- */

static uint32_t pq_mask(const gen_t *g) { return (1u << g->pq_log2sz) - 1; }

/* The device context software wrote for did (the last device with that ID, as set_expectation reads it). */
static const device_t *device_of(const gen_t *g, uint32_t did)
{
    const device_t *d = NULL;
    for (unsigned i = 0; i < g->device_count; i++)
        if (g->devices[i].did == did) d = &g->devices[i];
    return d;
}

/* A PCIe "Page Request" from a device (spec "PCIe ATS Page Request handling"): mostly from a set-up device,
 * continuing its open page-request group or starting one; now and then a Stop Marker. Software predicts what
 * the IOMMU does with it: the fault it reports (set as the command's expectation, for the mapping oracle's
 * record check) or the queue's response, and follows the queue (tail, pqof, pqmf) and the groups whose last
 * request was queued (software answers them with ATS.PRGR, pq_drain). */
static void emit_pgreq(gen_t *g)
{
    stim_cmd_t *c = stim_append(g->prog, STIM_PGREQ);
    const device_t *d = NULL;
    unsigned di = 0;
    if (rng_percent(&g->rng, 85)) {
        di = (unsigned)rng_below(&g->rng, g->device_count);
        d = &g->devices[di];
        c->did = d->did;
    } else {
        unsigned lo = ddi0_bits(g);
        c->did = rng_percent(&g->rng, 50) ? (uint32_t)rng_below(&g->rng, 1u << lo)
                                          : (uint32_t)rng_range(&g->rng, 1u << lo, 0xffffff);
    }
    c->pv = rng_percent(&g->rng, 40);
    if (c->pv) {
        c->pid = d && d->proc_n && rng_percent(&g->rng, 60)
                     ? g->procs[d->proc_first + rng_below(&g->rng, d->proc_n)].pid
                     : (uint32_t)rng_below(&g->rng, 1u << 20);
        c->priv = rng_percent(&g->rng, 30);
        c->exec = rng_percent(&g->rng, 20);
    }
    bool stop = c->pv && rng_percent(&g->rng, 5); /* a Stop Marker: L = 1, R = W = 0 */
    c->pg_r = !stop && rng_percent(&g->rng, 80);
    c->pg_w = !stop && (!c->pg_r || rng_percent(&g->rng, 50));
    c->pg_last = stop || rng_percent(&g->rng, 40);
    c->prgi = d && g->open_prgi[di] ? (uint16_t)(g->open_prgi[di] - 1) : (uint16_t)rng_below(&g->rng, 512);
    if (d) g->open_prgi[di] = c->pg_last ? 0 : (uint16_t)(c->prgi + 1);
    c->addr = d && d->page_count && rng_percent(&g->rng, 70) ? d->pages[rng_below(&g->rng, d->page_count)].iova
                                                             : rng_next(&g->rng) & ~0xfffull;
    if (rng_percent(&g->rng, 30)) c->addr |= rng_below(&g->rng, 4096); /* bits 11:0 are ignored */
    /* software's prediction (docs/microarch.md 5.9 StPgrStart, StDcCheck, the queue) */
    uint16_t cause = 0;
    c->expect_dtf = false;
    if (g->mode == 0) cause = FR_ALL_INBOUND_DISALLOWED;
    else if (g->mode == 1) cause = FR_TTYP_DISALLOWED;
    else if ((cause = ddt_expect_walk(g, c->did)) == 0) {
        const device_t *x = device_of(g, c->did);
        /* the read of the whole DC first (a memory error on any doubleword), then V, then the checks */
        if (x == NULL) cause = FR_DDT_NOT_VALID;
        else if (x->dc_memerr)
            cause = x->dc_memerr_kind == IOMMU_MEM_ACCESS_FAULT ? FR_DDT_LOAD_ACCESS_FAULT : FR_DDT_DATA_CORRUPTION;
        else if (x->kind == DC_INVALID) cause = FR_DDT_NOT_VALID;
        else if (x->kind == DC_MISCONFIGURED) cause = FR_DDT_MISCONFIGURED;
        else {
            c->expect_dtf = x->dtf;
            if (!x->en_ats || !x->en_pri) cause = FR_TTYP_DISALLOWED;
        }
    }
    if (cause) {
        expect_fault(c, cause);
        return;
    }
    c->expect = STIM_EXPECT_OK;
    if (!g->pq_on || g->pqmf || g->pqof) return; /* Response Failure, or Success while pqof */
    if (((g->pqt + 1) & pq_mask(g)) == g->pqh) { g->pqof = true; return; } /* full: pqof, Success */
    if ((int)g->pqt == g->pq_bad_slot) { g->pqmf = true; return; }         /* the record's write fails */
    g->pqt = (g->pqt + 1) & pq_mask(g);
    if (c->pg_last && !stop && g->ngroups < MAX_GROUPS) {
        g->groups[g->ngroups].did = c->did, g->groups[g->ngroups].prgi = c->prgi;
        g->groups[g->ngroups].pv = c->pv, g->groups[g->ngroups].pid = c->pid;
        g->ngroups++;
    }
}

/* An ATS command's first doubleword (spec "IOMMU PCIe ATS commands"): the destination as RID with DSEG/DSV
 * (DSV also now and then when device_id[23:16] is 0), PV and PID. */
static uint64_t ats_cmd(gen_t *g, unsigned func3, uint32_t did, bool pv, uint32_t pid)
{
    bool dsv = (did >> 16) != 0 || rng_percent(&g->rng, 20);
    return 4 | (uint64_t)func3 << 7 | (uint64_t)(pv ? pid & 0xfffff : 0) << 12 | (uint64_t)pv << 32 |
           (uint64_t)dsv << 33 | (uint64_t)(did & 0xffff) << 40 | (dsv ? (uint64_t)(did >> 16 & 0xff) << 56 : 0);
}

static void emit_command(gen_t *g, uint64_t dw0, uint64_t dw1)
{
    stim_append_command(g->prog, &g->cq, dw0, dw1, false);
}

/* Software waits until the IOMMU has taken every command it wrote (cqh == cqt). */
static void cq_drain(gen_t *g) { emit_poll(g, "cqh", 0xffffffffull, g->cq.cqt); }

/* IOFENCE.C, now and then with AV = 1 (a 4-byte write of DATA to a scratch word in the queue's page). */
static void emit_fence(gen_t *g)
{
    bool av = rng_percent(&g->rng, 15);
    uint64_t addr = g->cq_base + 0x800 + 4 * rng_below(&g->rng, 64);
    emit_command(g, 2 | (uint64_t)av << 10 | rng_below(&g->rng, 1ull << 32) << 32, av ? addr >> 2 : 0);
}

/* Software drains the page-request queue (spec "Page-Request-Queue (PQ)"): reads pqt, consumes the records
 * it predicts (some or all: pqh moves), answers the groups it saw complete with ATS.PRGR (mostly Success,
 * now and then Invalid Request or Response Failure), clears pqof/pqmf and pip, or recycles the queue (off,
 * on: pqt, pqof, pqmf reset). */
static void pq_drain(gen_t *g)
{
    /* A request first: the IOMMU takes it only once it has finished the page requests before it (one engine,
     * docs/microarch.md 5.9: a pgreq line completes at its handshake), and software's next access waits for its
     * response, so what software reads and writes below follows every page request it sent. */
    emit_dma(g);
    /* software's prediction of the queue is checked here: pqt, pqmf, pqof must be what it expects (a poll
     * waits for a record write still in flight, and fails the run when they never match) */
    emit_poll(g, "pqt", 0xffffffffull, g->pqt);
    emit_poll(g, "pqcsr", 0x30300, 0x10000 | (g->pqmf ? 0x100 : 0) | (g->pqof ? 0x200 : 0));
    unsigned used = (g->pqt - g->pqh) & pq_mask(g);
    g->pqh = (g->pqh + (rng_percent(&g->rng, 70) ? used : (unsigned)rng_below(&g->rng, used + 1))) & pq_mask(g);
    emit_write(g, "pqh", g->pqh);
    unsigned n = g->ngroups < 4 ? g->ngroups : 4;
    for (unsigned i = 0; i < n; i++) {
        unsigned r = (unsigned)rng_below(&g->rng, 100);
        uint64_t code = r < 80 ? 0 : r < 90 ? 1 : 0xf;
        emit_command(g, ats_cmd(g, 1, g->groups[i].did, g->groups[i].pv, g->groups[i].pid),
                     (uint64_t)g->groups[i].prgi << 32 | code << 44);
    }
    memmove(g->groups, g->groups + n, (g->ngroups - n) * sizeof g->groups[0]);
    g->ngroups -= n;
    if (n) cq_drain(g);
    unsigned r = (unsigned)rng_below(&g->rng, 100);
    if (r < 15) { /* recycle: off, on; the page that failed is repaired */
        emit_write(g, "pqcsr", 0);
        emit_poll(g, "pqcsr", 0x30000, 0);
        g->pqh = 0;
        emit_write(g, "pqh", 0);
        if (g->pq_bad_slot >= 0) {
            stim_cmd_t *m = stim_append(g->prog, STIM_MEMERR);
            m->addr = g->pq_base + 16 * (unsigned)g->pq_bad_slot;
            m->mem_err = IOMMU_MEM_OK;
            g->pq_bad_slot = -1;
        }
        emit_write(g, "pqcsr", 3);
        emit_poll(g, "pqcsr", 0x30000, 0x10000);
        g->pqt = 0, g->pqof = g->pqmf = false, g->pq_on = true;
    } else if (r < 60 && (g->pqof || g->pqmf)) { /* clear pqof and pqmf (RW1C), keep the queue on */
        emit_write(g, "pqcsr", 0x303);
        emit_poll(g, "pqcsr", 0x20000, 0);
        g->pqof = g->pqmf = false;
    }
    emit_write(g, "ipsr", 0x8); /* acknowledge pip */
}

/* ATS.INVAL for devices with ATS, and the device agent's Invalidation Completions (spec "IOMMU PCIe ATS
 * commands", "IOFENCE.C"): software writes one to three invalidations (now and then 33 or 34: more than the 32
 * ITags, so the queue waits for a free one) and waits until the IOMMU took them; each device answers in time,
 * late (after the IOFENCE.C that waits for it), first with a wrong ITag or device_id (ignored), or never:
 * then the protocol timeout comes, the fence stops the queue with cmd_to, and software clears it and the
 * fence completes. Every ITag is free after each step (the fence waits for them all). */
static void ats_inval_step(gen_t *g)
{
    const device_t *d = &g->devices[rng_below(&g->rng, g->device_count)];
    for (unsigned tries = 0; tries < 8 && !d->en_ats; tries++) d = &g->devices[rng_below(&g->rng, g->device_count)];
    uint32_t did = d->did;
    bool pv = rng_percent(&g->rng, 30);
    uint32_t pid = (uint32_t)rng_below(&g->rng, 1u << 20);
    bool exhaust = rng_percent(&g->rng, g->k.itag_exhaust_percent);
    unsigned n = exhaust ? 33 + (unsigned)rng_below(&g->rng, 2) : (unsigned)rng_range(&g->rng, 1, 3);
    uint64_t page = d->page_count ? d->pages[rng_below(&g->rng, d->page_count)].iova : rng_next(&g->rng);
    for (unsigned i = 0; i < n; i++) {
        /* payload: the untranslated address range (bits 63:12, S at bit 11) and Global at bit 0 */
        uint64_t payload = (page & ~0xfffull) | (rng_percent(&g->rng, 30) ? 1ull << 11 | 0x7ff000 : 0) |
                           (uint64_t)rng_percent(&g->rng, 10);
        emit_command(g, ats_cmd(g, 0, did, pv, pid), payload);
    }
    if (exhaust) {
        /* ITags 0 - 31 taken; the 33rd waits until a completion frees one (the lowest free is taken next) */
        emit_poll(g, "cqh", 0xffffffffull, (g->cq.cqt - (n - 32)) & ((1u << CQ_LOG2SZ) - 1));
        stim_cmd_t *w = stim_append(g->prog, STIM_WAIT); /* time to fetch the 33rd and find no free ITag */
        w->cycles = 150;
        for (unsigned i = 0; i < n - 32; i++) {
            stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL);
            c->did = did, c->itags = 1u << i;
        }
        cq_drain(g);
        stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL);
        c->did = did, c->itags = 0xffffffffu;
        emit_fence(g);
        cq_drain(g);
        return;
    }
    cq_drain(g);
    uint32_t late = 0;
    bool never = false;
    for (unsigned t = 0; t < n; t++) { /* ITag t went to invalidation t (every ITag was free) */
        unsigned r = (unsigned)rng_below(&g->rng, 100);
        if (r < g->k.ats_never_percent) {
            never = true;
        } else if (r < g->k.ats_never_percent + g->k.ats_wrong_percent) {
            stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL); /* a wrong ITag, or the right one from another device */
            bool wrong_did = rng_percent(&g->rng, 50);
            c->did = wrong_did ? did ^ (1u + (uint32_t)rng_below(&g->rng, 0xffffff)) : did;
            c->itags = wrong_did ? 1u << t : 1u << rng_range(&g->rng, n, 31);
            late |= 1u << t;
        } else if (r < g->k.ats_never_percent + g->k.ats_wrong_percent + g->k.ats_late_percent) {
            late |= 1u << t;
        } else {
            stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL);
            c->did = did, c->itags = 1u << t;
        }
    }
    emit_fence(g);
    if (late) {
        stim_cmd_t *w = stim_append(g->prog, STIM_WAIT); /* the fence meets the busy ITags and waits */
        w->cycles = (uint32_t)rng_range(&g->rng, 1, 40);
        stim_cmd_t *c = stim_append(g->prog, STIM_INVCPL);
        c->did = did, c->itags = late;
    }
    if (never) {
        stim_cmd_t *w = stim_append(g->prog, STIM_WAIT);
        w->cycles = (uint32_t)rng_range(&g->rng, 1, 40);
        stim_append(g->prog, STIM_ATSTIMEOUT);
        emit_poll(g, "cqcsr", 0x200, 0x200); /* cmd_to: the fence reported the timeout; cqh stays */
        emit_read(g, "cqh");
        emit_write(g, "cqcsr", 0x203);        /* recovery: clear cmd_to; the fence runs again and completes */
        emit_write(g, "ipsr", 0x1);
    }
    cq_drain(g);
}

/* The queues of version 11 set up after the fault queue: the page-request queue (a small one, so that it
 * fills; now and then a slot whose memory fails) and the command queue for ATS.INVAL, ATS.PRGR, IOFENCE.C. */
static void ats_setup(gen_t *g, uint64_t region)
{
    g->pq_base = region + PQ_OFFSET;
    g->cq_base = region + CQ_OFFSET;
    g->pq_log2sz = (unsigned)rng_range(&g->rng, 1, 4);
    /* one of the first slots, which the tail reaches before software recycles the queue (and repairs it) */
    g->pq_bad_slot = rng_percent(&g->rng, 35) ? (int)rng_below(&g->rng, 2) : -1;
    if (g->pq_bad_slot >= 0) emit_memerr(g, g->pq_base + 16 * (unsigned)g->pq_bad_slot, random_mem_error(g));
    emit_write(g, "pqb", ((g->pq_base >> 12) << 10) | (g->pq_log2sz - 1));
    emit_write(g, "pqcsr", 3); /* pqen | pie */
    emit_poll(g, "pqcsr", 0x30000, 0x10000);
    g->pq_on = true;
    stim_cq_track_write(&g->cq, emit_write(g, "cqb", ((g->cq_base >> 12) << 10) | (CQ_LOG2SZ - 1)));
    stim_cq_track_write(&g->cq, emit_write(g, "cqt", 0));
    emit_write(g, "cqcsr", 3); /* cqen | cie */
    emit_poll(g, "cqcsr", 0x30000, 0x10000);
}

void randgen_build(const randgen_config_t *cfg, stim_program_t *prog)
{
    if (cfg->profile && cfg->profile->live_percent) {
        randgen_live_build(cfg, cfg->profile, prog);
        return;
    }
    gen_t g;
    memset(&g, 0, sizeof g);
    rng_seed(&g.rng, cfg->seed ^ 0x5eed0f1004d11ull);
    g.scratch = sim_memory_new();
    g.prog = prog;
    g.ar = &g.ar_store;
    g.fq_log2sz = (unsigned)rng_range(&g.rng, 1, 4);
    g.without = cfg->without;
    if (cfg->profile) g.k = *cfg->profile;
    else randgen_profile_named("default", &g.k);
    iommu_config_t rtl;
    const iommu_config_t *ic = cfg->iommu;
    if (ic == NULL) iommu_config_rtl(&rtl), ic = &rtl;
    g.ext = (ic->capabilities >> 22) & 1; /* capabilities.MSI_FLAT */
    g.pd_modes = (unsigned)((ic->capabilities >> 38) & 7) << 1; /* PD8, PD17, PD20: bits 38, 39, 40 */
    g.pscid_bits = ic->pscid_bits;
    /* version 8: capabilities.Sv39x4, Sv48x4, Sv57x4 (bits 17 - 19) as GLEVELS 3 - 5, MSI_MRIF (bit 23) */
    g.gs_levels = (unsigned)((ic->capabilities >> 17) & 7) << 3;
    g.mrif = (ic->capabilities >> 23) & 1;
    g.gscid_bits = ic->gscid_bits;
    if ((ic->capabilities >> 30) & 1) /* capabilities.HPM */
        g.hpm_counters = ic->hpm_counters, g.hpm_counter_bits = ic->hpm_counter_bits;
    g.dbg = (ic->capabilities >> 31) & 1;
    if ((ic->capabilities >> 41) & 1) /* capabilities.QOSID */
        g.qosid = true, g.rcid_bits = ic->rcid_bits, g.mcid_bits = ic->mcid_bits;
    /* version 10 (docs/microarch.md 5.8): capabilities.Sv32 (bit 8) with a writable fctl.GXL (tc.SXL = 1 is legal
     * only then), Sv32x4 (bit 16), Svrsw60t59b (bit 14), Svpbmt (bit 15), END (bit 27) with fctl.BE writable,
     * svnapot; fctl.GXL and fctl.BE of the run are drawn only when the knob is on and the field writable */
    g.gxl_writable = ic->fctl_gxl_writable;
    g.ats = (ic->capabilities >> 25) & 1;
    g.sv32 = ((ic->capabilities >> 8) & 1) && ic->fctl_gxl_writable;
    g.sv32x4 = ((ic->capabilities >> 16) & 1) && ic->fctl_gxl_writable && g.sv32;
    g.rsw = (ic->capabilities >> 14) & 1;
    g.pbmt = (ic->capabilities >> 15) & 1;
    g.napot = ic->svnapot;
    g.end = ((ic->capabilities >> 27) & 1) && ic->fctl_be_writable;
    g.fq_max = ic->fq_log2sz_max, g.cq_max = ic->cq_log2sz_max;
    if (g.sv32x4 && g.k.gxl_percent) g.gxl = rng_percent(&g.rng, g.k.gxl_percent);
    if (g.end && g.k.be_percent) g.be = rng_percent(&g.rng, g.k.be_percent);
    if (g.gxl && !g.gs_levels) g.gs_levels = 1u << 2; /* Sv32x4 is then the only second-stage mode */
    if (g.gxl || g.end || g.sv32) g.order = sim_memory_new();
    g.t2gpa = g.ats && ((ic->capabilities >> 26) & 1); /* version 11: T2GPA (bit 26) */
    uint64_t region = rng_percent(&g.rng, 50) || (g.without & RANDGEN_HIGH_PPN) ? LOW_REGION
                    : g.sv32 && g.k.sv32_percent ? rng_range(&g.rng, 1, 3) << 32 /* Sv32 PTEs hold 22-bit PPNs */
                                                 : rng_below(&g.rng, 1ull << 24) << 32;
    g.ddt_base = region + DDT_OFFSET;
    g.fq_base = region + FQ_OFFSET;
    g.pool_base = region + POOL_OFFSET;
    g.next_table = g.pool_base;

    if (g.gs_levels) { /* version 8: the VMs, before the devices that use them */
        g.vm_count = (unsigned)rng_range(&g.rng, 1, MAX_VMS);
        for (unsigned i = 0; i < g.vm_count; i++) build_vm(&g, &g.vms[i]);
    }
    g.ddt_levels = ddt_draw_levels(&g);
    g.device_count = (unsigned)rng_range(&g.rng, g.k.devices_min, g.k.devices_max);
    for (unsigned i = 0; i < g.device_count; i++) {
        uint32_t did;
        bool dup;
        do {
            did = g.ddt_levels == 1 ? (uint32_t)rng_below(&g.rng, 1u << ddi0_bits(&g)) : ddt_random_did(&g);
            dup = false;
            for (unsigned j = 0; j < i; j++) dup |= g.devices[j].did == did;
        } while (dup);
        g.devices[i].did = did;
        build_device(&g, &g.devices[i]);
    }
    if (rng_percent(&g.rng, 10)) emit_memerr(&g, g.fq_base + 8 * rng_below(&g.rng, 8), random_mem_error(&g));
    /* Emit every word the tables hold, in address order. */
    /* each doubleword as it lies in memory: big-endian structures byte-reversed (version 10) */
    for (uint64_t a = g.ddt_base; a < g.ddt_base + 4096; a += 8) {
        uint64_t v = sim_memory_peek(g.scratch, a);
        if (v) {
            stim_cmd_t *c = stim_append(prog, STIM_MEM);
            c->addr = a;
            c->data = in_memory(&g, a, v);
        }
    }
    for (uint64_t a = g.pool_base; a < g.next_table; a += 8) {
        uint64_t v = sim_memory_peek(g.scratch, a);
        if (v) {
            stim_cmd_t *c = stim_append(prog, STIM_MEM);
            c->addr = a;
            c->data = in_memory(&g, a, v);
        }
    }
    emit_read(&g, "capabilities");
    emit_read(&g, "fctl");
    /* wired interrupts: fctl resets to WSI = 0 (MSIs) since docs/microarch.md version 3, and these profiles
     * check the interrupt wires; no random number drawn, so each seed's stimulus is otherwise unchanged. The
     * run's fctl.BE and fctl.GXL (version 10) are set here, while the IOMMU is Off (spec "fctl"). */
    emit_write(&g, "fctl", 0x2 | (g.be ? 1 : 0) | (g.gxl ? 4 : 0));
    /* version 10: now and then an fqb LOG2SZ-1 above fq.log2sz_max - 1, which the WARL field stores as the
     * maximum's (docs/microarch.md section 3); software then takes the queue at that size */
    unsigned fq_field = g.fq_log2sz - 1;
    bool oversize = (g.fq_max < 32 || g.cq_max < 32) && g.k.queue_oversize_percent &&
                    rng_percent(&g.rng, g.k.queue_oversize_percent);
    if (oversize && g.fq_max < 32) {
        fq_field = (unsigned)rng_range(&g.rng, g.fq_max, 31);
        g.fq_log2sz = g.fq_max;
    }
    if (oversize && g.cq_max < 32) { /* cqb likewise (the command queue stays off in this generator) */
        emit_write(&g, "cqb", rng_below(&g.rng, 1ull << 44) << 10 | rng_range(&g.rng, g.cq_max, 31));
        emit_read(&g, "cqb");
    }
    emit_write(&g, "fqb", ((g.fq_base >> 12) << 10) | fq_field);
    fault_queue_on(&g);
    emit_write(&g, "icvec", rng_below(&g.rng, 16) << 4);
    if (g.ats) ats_setup(&g, region);
    set_mode(&g, ddt_dir_mode(&g));
    for (unsigned n = 0; n < cfg->transactions; n++) {
        emit_dma(&g);
        if (rng_percent(&g.rng, g.k.software_percent)) software_step(&g);
        if (!g.ats) continue; /* version 11 */
        if (rng_percent(&g.rng, g.k.pgreq_percent)) emit_pgreq(&g);
        /* commands are written little-endian by the stimulus format (`cmd`), so a big-endian run (fctl.BE = 1)
         * sends none: its page requests meet a queue nobody drains */
        if (rng_percent(&g.rng, g.k.pq_drain_percent) && !g.be) pq_drain(&g);
        if (rng_percent(&g.rng, g.k.ats_inval_percent) && !g.be) ats_inval_step(&g);
    }
    if (g.ats) emit_dma(&g); /* after the last page request (see pq_drain) */
    emit_read(&g, "fqt");
    emit_read(&g, "fqcsr");
    emit_read(&g, "ipsr");
    if (g.ats) {
        emit_read(&g, "pqt");
        emit_read(&g, "pqcsr");
        emit_read(&g, "cqcsr");
    }
    stim_number_lines(prog); /* line numbers as in the text that stim_write() produces */
    sim_memory_free(g.scratch);
    if (g.order) sim_memory_free(g.order);
}

static const struct {
    const char *name;
    unsigned bit;
} class_names[] = {
    {"pv0-pid", RANDGEN_PV0_PID},           {"nonleaf-reserved", RANDGEN_NONLEAF_RESERVED},
    {"high-did", RANDGEN_HIGH_DID},         {"high-ppn", RANDGEN_HIGH_PPN},
    {"leaf-reserved", RANDGEN_LEAF_RESERVED},
};
#define N_CLASS_NAMES (sizeof class_names / sizeof class_names[0])

int randgen_parse_classes(const char *list, unsigned *bits, char *bad, size_t bad_size)
{
    *bits = 0;
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        size_t k;
        for (k = 0; k < N_CLASS_NAMES; k++)
            if (strlen(class_names[k].name) == n && strncmp(class_names[k].name, p, n) == 0) break;
        if (k == N_CLASS_NAMES) {
            snprintf(bad, bad_size, "%.*s", (int)n, p);
            return -1;
        }
        *bits |= class_names[k].bit;
        if (p[n] == '\0') return 0;
        p += n + 1;
    }
}

const char *randgen_class_list(void) { return "pv0-pid, nonleaf-reserved, high-did, high-ppn, leaf-reserved"; }

void randgen_class_names(unsigned bits, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < N_CLASS_NAMES && len < size; k++)
        if (bits & class_names[k].bit)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "", class_names[k].name);
}
