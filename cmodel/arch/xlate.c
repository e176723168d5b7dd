/* Translation step machine (IOMMU spec "Process to translate an IOVA", "Process to locate the
 * Device-context", "Process to locate the Process-context", "Process to translate addresses of MSIs",
 * "IOMMU updating of PTE accessed (A) and dirty (D) updates", "PCIe ATS translation request handling";
 * privileged spec "Virtual Address Translation Process", hypervisor "Two-Stage Address Translation").
 * The rules are in ddt.c, pdt.c, pagewalk.c, msi.c; this file sequences the memory accesses. */
#include "xlate.h"

#include <string.h>

#include "ddt.h"
#include "msi.h"
#include "pdt.h"
#include "spec_fields.h"

/* For the small functions on the path from one level of a walk to the next, and for those that take the
 * paging mode as a parameter: inlined where they are used (the mode then a constant where the caller's is). */
#define XLATE_INLINE static inline __attribute__((always_inline))

/* A PTE in the byte order of its table (4-byte Sv32/Sv32x4 PTEs, 8-byte otherwise); mem_if.h has the rule. */
static inline uint64_t pte_order(const pw_mode_t *m, bool big_endian, uint64_t pte)
{
    return m->pte_size == 4 ? mem_order32(big_endian, (uint32_t)pte) : mem_order64(big_endian, pte);
}

void xlate_start(xlate_t *x, const iommu_config_t *cfg, uint64_t fctl, const iommu_request_t *req,
                 uint64_t ddtp_active)
{
    /* Only the state a walk reads before it writes it starts cleared: the outcome, the wanted access and
     * the flags below. Everything else (DC, PC and PTE words, addresses, levels) is written by the step
     * that first needs it; clearing the whole machine cost as much as several memory reads. */
    static const xlate_result_t no_result; /* all zero; copied rather than cleared, which compiled to rep stos */
    x->result = no_result;
    x->acc = (mem_access_t){0};
    x->dc_located = x->supervisor = x->sum = x->fs_leaf = x->g_leaf = x->msi = false;
    x->fs = x->gs = NULL;
    x->cfg = cfg;
    x->mem = NULL;
    x->ext = (pw_ext_t){cfg->svnapot, capabilities_Svpbmt(cfg->capabilities), capabilities_Svrsw60t59b(cfg->capabilities)};
    x->fctl = fctl;
    x->req = *req;
    x->ddtp = ddtp_active;
    x->phase = XLATE_MODE_CHECK;
    /* an ATS translation request asks for read (and, per the page tables, write) permission; the walk
     * checks a read and the completion reports W from the leaves (see ats_complete) */
    x->acc_type = req->ttyp == IOMMU_TTYP_ATS_TRANSLATION ? ACCESS_READ : request_access(req);
}

static bool is_ats(const xlate_t *x) { return x->req.ttyp == IOMMU_TTYP_ATS_TRANSLATION; }
/* The request is answered with an ATS completion only where the implementation has the ATS completion path
 * (capabilities.ATS). Without it an ATS request is answered like any other request: with a fault response
 * carrying the cause (docs/decisions.md "ATS requests without capabilities.ATS"). */
static bool ats_completion(const xlate_t *x) { return is_ats(x) && capabilities_ATS(x->cfg->capabilities); }
static bool sbe(const xlate_t *x) { return x->dc_located && tc_SBE(x->dc[DC_TC]); }

/* Step 18 applies: an extended DC with msiptp.MODE = Flat. */
static bool msi_flat(const xlate_t *x)
{
    return x->dc_located && ddt_extended(x->cfg) && msiptp_MODE(x->dc[DC_MSIPTP]) == MSIPTP_MODE_FLAT;
}

static void clear_acc(xlate_t *x) { memset(&x->acc, 0, sizeof(x->acc)); }

static void ats_fill_common(xlate_t *x)
{
    x->result.ats = true;
    x->result.ats_cpl.priv = x->req.pv ? x->req.priv : 0; /* Priv: the requested privilege with a PASID */
    x->result.ats_cpl.n = 0;
    x->result.ats_cpl.ama = 0;
}

static enum arch_step finish_fault2(xlate_t *x, enum fault_cause cause, uint64_t iotval2)
{
    x->phase = XLATE_DONE;
    clear_acc(x);
    x->result.dtf = x->dc_located && tc_DTF(x->dc[DC_TC]);
    x->result.pa = 0;
    x->result.leaf = false;
    x->result.mrif = false;
    if (ats_completion(x)) {
        ats_fill_common(x);
        enum ats_response_class c = fault_cause_ats_class(cause);
        if (c == ATS_CLASS_NO_PERM) {
            /* Success with R = W = 0: not a fault, nothing reported (formats.md: pa 0, size 4 KiB) */
            x->result.fault = false;
            x->result.cause = CAUSE_NONE;
            x->result.ats_cpl.status = ATS_SUCCESS;
            x->result.ats_cpl.pa = 0;
            x->result.ats_cpl.size = 0x1000;
            return ARCH_STEP_DONE;
        }
        x->result.ats_cpl.status = c == ATS_CLASS_CA ? ATS_CA : ATS_UR;
    }
    x->result.fault = true;
    x->result.cause = cause;
    x->result.iotval = x->req.iova; /* every TTYP here carries an IOVA ("Fault/Event-Queue") */
    x->result.iotval2 = iotval2;
    return ARCH_STEP_DONE;
}

static enum arch_step finish_fault(xlate_t *x, enum fault_cause cause) { return finish_fault2(x, cause, 0); }

/* The size an ATS completion may report for a stage (Bare: implementation-defined; 2 MiB chosen, as the
 * spec recommends a large size). */
enum { ATS_BARE_SIZE = 2 * 1024 * 1024 };

static enum arch_step finish_ok(xlate_t *x, uint64_t pa)
{
    x->phase = XLATE_DONE;
    clear_acc(x);
    x->result.fault = false;
    x->result.cause = CAUSE_NONE;
    x->result.dtf = x->dc_located && tc_DTF(x->dc[DC_TC]);
    x->result.pa = pa;
    /* Svpbmt: a non-zero first-stage PBMT overrides the second stage's, which overrides the PMA (0) */
    unsigned fs_pbmt = x->fs_leaf ? (unsigned)pte_PBMT(x->pte) : 0;
    x->result.pbmt = fs_pbmt ? fs_pbmt : x->g_leaf ? (unsigned)pte_PBMT(x->gpte) : 0;
    if (ats_completion(x)) {
        ats_completion_t *c = &x->result.ats_cpl;
        ats_fill_common(x);
        c->status = ATS_SUCCESS;
        c->r = 1;
        c->x = 0; /* the request carries no execute-requested flag: X is granted only when requested */
        /* W only where every non-Bare stage allows a write without a later D update ("PCIe ATS translation
         * request handling": a permission missing in either stage is denied). For an MSI the MSI PTE takes
         * the second stage's place with W = 1 (and A = D = 1 as if: "Process to translate addresses of
         * MSIs"); the first stage's leaf still decides, for MRIF-mode PTEs too ("the granted permissions") */
        bool fs_w = !x->fs_leaf || (pte_W(x->pte) && pte_D(x->pte));
        bool g_w = !x->g_leaf || (pte_W(x->gpte) && pte_D(x->gpte)); /* no G-stage leaf for an MSI */
        c->w = fs_w && g_w;
        if (x->result.mrif) {
            /* MRIF-mode MSI: Untranslated access only; no address to give */
            c->u = 1;
            c->pa = 0;
            c->size = 0x1000;
        } else {
            bool msi = x->msi;
            uint64_t size;
            if (msi)
                size = 0x1000;
            else {
                uint64_t fsz = x->fs_leaf ? x->fs_size : ATS_BARE_SIZE;
                uint64_t gsz = x->g_leaf ? x->g_size : ATS_BARE_SIZE;
                size = fsz < gsz ? fsz : gsz;
                /* Without T2GPA the device uses the range's SPAs with no further translation, so it may not
                 * cover a virtual interrupt file's page, whose MSI translation differs from the second
                 * stage's ("Process to translate an IOVA" step 18); with T2GPA its translated requests go
                 * through step 18 again (docs/decisions.md "ATS range and MSI pages") */
                if (msi_flat(x) && !tc_T2GPA(x->dc[DC_TC]))
                    size = msi_free_range(x->dc, x->gpa, size);
            }
            c->g = (x->req.pv && x->fs_leaf && !msi) ? (uint8_t)pte_G(x->pte) : 0;
            /* T2GPA: the completion holds the GPA (the first-stage output) */
            uint64_t out = tc_T2GPA(x->dc[DC_TC]) ? x->gpa : pa;
            c->pa = out & ~(size - 1);
            c->size = size;
        }
        x->result.pa = c->pa;
        x->result.mrif = false;
    }
    return ARCH_STEP_DONE;
}

/* The steps that take a memory result (below). */
static enum arch_step ddte_word(xlate_t *x, const mem_result_t *rsp);
static enum arch_step dc_block(xlate_t *x, const mem_result_t *rsp);
static enum arch_step pdte_word(xlate_t *x, const mem_result_t *rsp);
static enum arch_step pc_block(xlate_t *x, const mem_result_t *rsp);
static enum arch_step pte_word(xlate_t *x, const mem_result_t *rsp);
static enum arch_step pte_cas(xlate_t *x, const mem_result_t *rsp);
static enum arch_step g_word(xlate_t *x, const mem_result_t *rsp);
static enum arch_step g_cas(xlate_t *x, const mem_result_t *rsp);
static enum arch_step msi_block(xlate_t *x, const mem_result_t *rsp);

/* Every phase's step as one signature: the steps that check what the previous step stored take no result
 * (the table is below). */
typedef enum arch_step (*xlate_step_fn)(xlate_t *x, const mem_result_t *rsp);
static const xlate_step_fn step_of_phase[XLATE_PHASES];

/* With memory at hand (xlate_run): the read of dwords doublewords from the 8-byte aligned addr, made now. */
XLATE_INLINE const mem_result_t *read_at_hand(xlate_t *x, uint64_t addr, unsigned dwords)
{
    x->at_hand.err = (uint8_t)mem_if_read(x->mem, addr, dwords, x->at_hand.rdata);
    return &x->at_hand;
}

/* The doubleword that holds the PTE at addr: an 8-byte PTE's own address (the mask then folds away where m
 * is a constant, off the path from one PTE to the next), the containing doubleword of a 4-byte one. */
XLATE_INLINE uint64_t pte_dword(const pw_mode_t *m, uint64_t addr) { return pw_is_sv32(m) ? addr & ~7ull : addr; }

/* A read of dwords doublewords from addr (a block: one structure the spec defines as a unit) for phase ph.
 * With memory at hand the read is made at once and its result goes straight to the phase's step; inline, so
 * that at each call site that step is a direct call. The chain this makes is short: each such step ends with
 * a check step (ARCH_STEP_BUSY), a finish, or the next entry of a directory walk. */
XLATE_INLINE enum arch_step want_block(xlate_t *x, enum xlate_phase ph, uint64_t addr, unsigned dwords)
{
    if (x->mem)
        return step_of_phase[ph](x, read_at_hand(x, addr & ~7ull, dwords));
    x->phase = ph;
    x->acc.op = IOMMU_MEM_READ;
    x->acc.dwords = (uint8_t)dwords;
    x->acc.addr = addr & ~7ull;
    x->acc.be = 0xff; /* wdata and cmp are left as they are: a read has none (mem_if.h) */
    return ARCH_STEP_MEM;
}

XLATE_INLINE enum arch_step want_read(xlate_t *x, enum xlate_phase ph, uint64_t addr)
{
    return want_block(x, ph, addr, 1);
}

static enum arch_step want_cas(xlate_t *x, enum xlate_phase ph, uint64_t addr, uint64_t cmp, uint64_t data)
{
    x->phase = ph;
    x->acc.op = IOMMU_MEM_CAS;
    x->acc.dwords = 1;
    x->acc.addr = addr & ~7ull;
    x->acc.wdata = data;
    x->acc.cmp = cmp; /* the step compares the old value with it */
    x->acc.be = 0xff;
    if (x->mem) { /* at hand, as want_block */
        mem_if_perform(x->mem, &x->acc, &x->at_hand);
        return step_of_phase[ph](x, &x->at_hand);
    }
    return ARCH_STEP_MEM;
}

static enum arch_step busy(xlate_t *x, enum xlate_phase ph)
{
    x->phase = ph;
    return ARCH_STEP_BUSY;
}

/* Whether a walk's fetch (which returned st) left the next PTE to check in phase ph: with memory at hand the
 * fetch has read it, and the walk checks it in the same step instead of returning to the driver. */
static inline bool fetched_for(const xlate_t *x, enum arch_step st, enum xlate_phase ph)
{
    return st == ARCH_STEP_BUSY && x->phase == ph;
}

/* ---------------------------------------------------------------- second stage */

static enum arch_step pdt_read_at(xlate_t *x, uint64_t spa);
XLATE_INLINE enum arch_step fs_read_at(xlate_t *x, uint64_t spa);
static enum arch_step fs_cas_at(xlate_t *x, uint64_t spa);

XLATE_INLINE enum arch_step g_word_in(xlate_t *x, const pw_mode_t *m, const mem_result_t *rsp);

/* Reads the second-stage PTE of gpa at level gi of the table at ga (m: the second-stage mode, x->gs, passed
 * so that g_check_in can make it a constant). The values are kept in the machine, but the address is computed
 * from the arguments: in a walk each address depends on the PTE just read, and taking it back from the
 * machine would put a store and a load on that path. */
XLATE_INLINE enum arch_step g_fetch_at(xlate_t *x, const pw_mode_t *m, uint64_t ga, unsigned gi, uint64_t gpa)
{
    x->ga = ga;
    x->gi = gi;
    x->gpte_spa = pw_pte_addr(m, ga, gpa, gi);
    if (x->mem)
        return g_word_in(x, m, read_at_hand(x, pte_dword(m, x->gpte_spa), 1));
    return want_read(x, XLATE_G_READ, x->gpte_spa);
}

static enum arch_step g_fetch(xlate_t *x) { return g_fetch_at(x, x->gs, x->ga, x->gi, x->g_gpa); }

/* Guest-page fault: cause of the original access; iotval2 = GPA[63:2], bit 0 implicit, bit 1 implicit write
 * ("Fault/Event-Queue"). */
static enum arch_step g_page_fault(xlate_t *x)
{
    uint64_t v2 = x->g_gpa & ~3ull;
    if (x->g_implicit) {
        v2 |= 1;
        if (x->g_acc == ACCESS_WRITE)
            v2 |= 2;
    }
    return finish_fault2(x, access_guest_page_fault(x->acc_type), v2);
}

/* Memory error on a second-stage PTE access: for PDT accesses 265 / 269 ("Process to locate the
 * Process-context"), otherwise the access fault of the original access / PT data corruption. */
static enum arch_step g_mem_error(xlate_t *x, uint8_t err)
{
    if (x->g_for == XLATE_G_FOR_PDT)
        return finish_fault(x, err == IOMMU_MEM_ACCESS_FAULT ? CAUSE_PDT_LOAD_ACCESS_FAULT : CAUSE_PDT_DATA_CORRUPTION);
    return finish_fault(x, err == IOMMU_MEM_ACCESS_FAULT ? access_access_fault(x->acc_type) : CAUSE_PT_DATA_CORRUPTION);
}

/* Second-stage translation of gpa ("Guest Physical Address Translation"): acc is the access checked
 * against the leaf (implicit accesses: read, or write for an A/D update); then continues by g_for. */
static enum arch_step g_walk(xlate_t *x, bool from_root);

static enum arch_step g_start(xlate_t *x, uint64_t gpa, enum xlate_gfor gfor, enum access_type acc, bool implicit)
{
    x->g_gpa = gpa;
    x->g_for = gfor;
    x->g_acc = acc;
    x->g_implicit = implicit;
    return g_walk(x, true);
}

XLATE_INLINE uint64_t g_pte_decode(const xlate_t *x, const pw_mode_t *m, uint64_t dword)
{
    uint64_t pte = pw_pte_from_dword(m, x->gpte_spa, dword);
    return pte_order(m, fctl_BE(x->fctl), pte); /* second-stage PTEs follow fctl.BE */
}

static uint64_t pte_encode(const pw_mode_t *m, bool be, uint64_t addr, uint64_t raw, uint64_t pte)
{
    return pw_pte_into_dword(m, addr, raw, pte_order(m, be, pte));
}


/* The second-stage leaf in x->gpte is checked (m: the mode x->gs, as in g_fetch_at): on to what the walk was for. */
XLATE_INLINE enum arch_step g_leaf_done(xlate_t *x, const pw_mode_t *m)
{
    uint64_t spa = pw_leaf_pa(m, x->gpte, x->gi, x->g_gpa);
    switch (x->g_for) {
    case XLATE_G_FOR_PDT: return pdt_read_at(x, spa);
    case XLATE_G_FOR_FS_PTE: return fs_read_at(x, spa);
    case XLATE_G_FOR_FS_AD: return fs_cas_at(x, spa);
    default:
        x->g_leaf = true;
        x->g_size = pw_leaf_size(m, x->gpte, x->gi);
        return finish_ok(x, spa);
    }
}

XLATE_INLINE enum arch_step g_word_in(xlate_t *x, const pw_mode_t *m, const mem_result_t *rsp)
{
    if (rsp->err != IOMMU_MEM_OK)
        return g_mem_error(x, rsp->err);
    x->gpte_raw = rsp->rdata[0];
    x->gpte = g_pte_decode(x, m, rsp->rdata[0]);
    return busy(x, XLATE_G_CHECK);
}

static enum arch_step g_word(xlate_t *x, const mem_result_t *rsp) { return g_word_in(x, x->gs, rsp); }

/* g_check with the second-stage mode m (x->gs) as a parameter: see g_check. */
XLATE_INLINE enum arch_step g_check_in(xlate_t *x, const pw_mode_t *m)
{
    enum pw_pte_kind kind;
    /* with memory at hand the next level's PTE is read by g_fetch_at, which then ends ARCH_STEP_BUSY in
     * phase XLATE_G_CHECK: it is checked here, without a step of its own */
    uint64_t pte = x->gpte;
    while ((kind = pw_pte_classify(m, &x->ext, pte, x->gi)) == PW_PTE_POINTER) {
        if (x->gi == 0)
            return g_page_fault(x);
        enum arch_step st = g_fetch_at(x, m, pw_pte_table(m, pte), x->gi - 1, x->g_gpa);
        if (!fetched_for(x, st, XLATE_G_CHECK))
            return st;
        pte = x->gpte;
    }
    if (kind == PW_PTE_INVALID)
        return g_page_fault(x);
    if (pw_leaf_misaligned(m, x->gpte, x->gi))
        return g_page_fault(x);
    pw_perm_t p = pw_perm_from_pte(x->gpte);
    /* the second stage treats every access as User (U must be 1) */
    pw_access_t a = {.acc = x->g_acc, .supervisor = false, .sum = false, .mxr = false};
    switch (pw_leaf_check(&p, &a, tc_GADE(x->dc[DC_TC]))) {
    case PW_LEAF_FAULT:
        return g_page_fault(x);
    case PW_LEAF_NEED_AD:
        x->gpte_new = pw_pte_with_ad(x->gpte, x->g_acc);
        return want_cas(x, XLATE_G_CAS, x->gpte_spa, x->gpte_raw,
                        pte_encode(m, fctl_BE(x->fctl), x->gpte_spa, x->gpte_raw, x->gpte_new));
    case PW_LEAF_OK:
        break;
    }
    return g_leaf_done(x, m);
}

/* The second-stage walk of x->g_gpa in mode m: from the root (the GPA's width checked, the read of the root
 * PTE wanted, or with memory at hand made and the walk going on here), or from the PTE in x->gpte. */
XLATE_INLINE enum arch_step g_walk_in(xlate_t *x, const pw_mode_t *m, bool from_root)
{
    if (from_root) {
        /* GPA bits above the mode's width; and with DC.tc.SXL = 1 every GPA the second stage translates (the
         * request's, and those of first-stage tables and the PDT) is 34 bits, whatever the mode: spec
         * "Translation control (tc)", "When SXL is 1" (a second stage other than Sv32x4 exists when fctl.GXL
         * is 0 and writable) */
        if (!pw_va_ok(m, x->g_gpa) || (tc_SXL(x->dc[DC_TC]) && (x->g_gpa >> 34) != 0))
            return g_page_fault(x);
        enum arch_step st = g_fetch_at(x, m, iohgatp_PPN(x->dc[DC_IOHGATP]) * 4096u, m->levels - 1, x->g_gpa);
        if (!fetched_for(x, st, XLATE_G_CHECK))
            return st;
    }
    return g_check_in(x, m);
}

/* One copy of the second-stage walk per mode, each with its mode a constant: the mode's parameters (levels,
 * index widths, PTE size) fold into the code instead of being loaded at every level. */
static enum arch_step g_walk(xlate_t *x, bool from_root)
{
    if (x->gs == pw_mode(PW_SV39X4))
        return g_walk_in(x, pw_mode(PW_SV39X4), from_root);
    if (x->gs == pw_mode(PW_SV48X4))
        return g_walk_in(x, pw_mode(PW_SV48X4), from_root);
    if (x->gs == pw_mode(PW_SV57X4))
        return g_walk_in(x, pw_mode(PW_SV57X4), from_root);
    return g_walk_in(x, pw_mode(PW_SV32X4), from_root);
}

/* The second-stage PTE of level x->gi is in x->gpte: pointer (with memory at hand the walk goes down here),
 * leaf (permissions, A/D) or fault. */
static enum arch_step g_check(xlate_t *x) { return g_walk(x, false); }

static enum arch_step g_cas(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err != IOMMU_MEM_OK)
        return g_mem_error(x, rsp->err);
    if (rsp->rdata[0] != x->acc.cmp)
        return g_fetch(x); /* the PTE changed: privileged spec step 9, "return to step 2" */
    x->gpte = x->gpte_new;
    return g_leaf_done(x, x->gs);
}

/* ---------------------------------------------------------------- step 18 - 19 */

static enum arch_step final_stage(xlate_t *x)
{
    /* step 18: MSI address translation (extended DC, msiptp.MODE = Flat, GPA in a virtual interrupt file) */
    if (msi_flat(x) && msi_is_vif(x->dc, x->gpa)) {
        x->msi_spa = msi_pte_addr(x->dc, x->gpa);
        return want_block(x, XLATE_MSI_READ, x->msi_spa, 2);
    }
    /* step 19 */
    if (!x->gs)
        return finish_ok(x, x->gpa);
    return g_start(x, x->gpa, XLATE_G_FOR_FINAL, x->acc_type, false);
}

static enum arch_step msi_block(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err == IOMMU_MEM_ACCESS_FAULT)
        return finish_fault(x, CAUSE_MSI_PTE_LOAD_ACCESS_FAULT);
    if (rsp->err != IOMMU_MEM_OK)
        return finish_fault(x, CAUSE_MSI_PT_DATA_CORRUPTION);
    for (unsigned k = 0; k < 2; k++)
        x->msipte[k] = mem_order64(fctl_BE(x->fctl), rsp->rdata[k]); /* MSI page table: fctl.BE */
    msi_result_t m = msi_pte_decode(x->cfg, x->msipte, x->gpa, x->acc_type == ACCESS_EXEC);
    if (m.cause != CAUSE_NONE)
        return finish_fault(x, m.cause);
    x->msi = true;
    if (m.mrif) {
        x->result.mrif = true;
        x->result.mrif_addr = m.mrif_addr;
        x->result.notice_addr = m.notice_addr;
        x->result.notice_data = m.notice_data;
        return finish_ok(x, 0);
    }
    return finish_ok(x, m.pa);
}

/* ---------------------------------------------------------------- first stage */

static const pw_mode_t *fs_mode_of(bool sxl, unsigned mode)
{
    if (sxl)
        return mode == IOSATP_MODE_SV32 ? pw_mode(PW_SV32) : 0;
    switch (mode) {
    case IOSATP_MODE_SV39: return pw_mode(PW_SV39);
    case IOSATP_MODE_SV48: return pw_mode(PW_SV48);
    case IOSATP_MODE_SV57: return pw_mode(PW_SV57);
    default: return 0;
    }
}

XLATE_INLINE enum arch_step pte_word_in(xlate_t *x, const pw_mode_t *m, const mem_result_t *rsp);

/* The first-stage PTE at system address spa (m: the first-stage mode x->fs, as in g_fetch_at). */
XLATE_INLINE enum arch_step fs_read_in(xlate_t *x, const pw_mode_t *m, uint64_t spa)
{
    x->pte_spa = spa;
    if (x->mem)
        return pte_word_in(x, m, read_at_hand(x, pte_dword(m, spa), 1));
    return want_read(x, XLATE_PTE_READ, spa);
}

XLATE_INLINE enum arch_step fs_read_at(xlate_t *x, uint64_t spa) { return fs_read_in(x, x->fs, spa); }

/* The first-stage PTE at level i of the table at a (from the arguments, as g_fetch_at). */
XLATE_INLINE enum arch_step fs_fetch_in(xlate_t *x, const pw_mode_t *m, uint64_t a, unsigned i)
{
    x->a = a;
    x->i = i;
    uint64_t addr = pw_pte_addr(m, a, x->req.iova, i);
    if (x->gs) /* implicit access: its GPA goes through the second stage as a read */
        return g_start(x, addr, XLATE_G_FOR_FS_PTE, ACCESS_READ, true);
    return fs_read_in(x, m, addr);
}

static enum arch_step fs_fetch(xlate_t *x) { return fs_fetch_in(x, x->fs, x->a, x->i); }

static enum arch_step fs_cas_at(xlate_t *x, uint64_t spa)
{
    x->pte_spa = spa;
    return want_cas(x, XLATE_PTE_CAS, spa, x->pte_raw, pte_encode(x->fs, sbe(x), spa, x->pte_raw, x->pte_new));
}

static enum arch_step fs_walk(xlate_t *x, bool from_root, uint64_t root);

/* Step 17 from a first-stage context (mode as in iosatp / PC.fsc, root PPN). */
static enum arch_step fs_begin(xlate_t *x, unsigned mode, uint64_t root_ppn)
{
    if (mode == IOSATP_MODE_BARE) {
        x->gpa = x->req.iova;
        return final_stage(x);
    }
    x->fs = fs_mode_of(tc_SXL(x->dc[DC_TC]), mode);
    if (!pw_va_ok(x->fs, x->req.iova)) /* not canonical; SXL = 1: bits beyond 31 set */
        return finish_fault(x, access_page_fault(x->acc_type));
    return fs_walk(x, true, root_ppn * 4096u);
}

XLATE_INLINE enum arch_step pte_word_in(xlate_t *x, const pw_mode_t *m, const mem_result_t *rsp)
{
    if (rsp->err == IOMMU_MEM_ACCESS_FAULT)
        return finish_fault(x, access_access_fault(x->acc_type));
    if (rsp->err != IOMMU_MEM_OK)
        return finish_fault(x, CAUSE_PT_DATA_CORRUPTION);
    x->pte_raw = rsp->rdata[0];
    x->pte = pw_pte_from_dword(m, x->pte_spa, rsp->rdata[0]);
    x->pte = pte_order(m, sbe(x), x->pte); /* first-stage PTEs follow DC.tc.SBE */
    return busy(x, XLATE_PTE_CHECK);
}

static enum arch_step pte_word(xlate_t *x, const mem_result_t *rsp) { return pte_word_in(x, x->fs, rsp); }

/* The first-stage leaf in x->pte is checked (m: the mode x->fs, as in fs_read_in): on to the final stage. */
XLATE_INLINE enum arch_step fs_leaf_done(xlate_t *x, const pw_mode_t *m)
{
    x->fs_leaf = true;
    x->fs_size = pw_leaf_size(m, x->pte, x->i);
    x->gpa = pw_leaf_pa(m, x->pte, x->i, x->req.iova);
    if ((m == pw_mode(PW_SV39) || m == pw_mode(PW_SV48) || m == pw_mode(PW_SV57)) && !x->gs) {
        x->result.leaf = true;
        x->result.leaf_level = x->i;
        x->result.leaf_pte = x->pte;
    }
    return final_stage(x);
}

/* pte_check with the first-stage mode m (x->fs) as a parameter: see pte_check. */
XLATE_INLINE enum arch_step pte_check_in(xlate_t *x, const pw_mode_t *m)
{
    enum fault_cause pf = access_page_fault(x->acc_type);
    enum pw_pte_kind kind;
    /* with memory at hand (and no second stage) the next level's PTE is read by fs_fetch_in, which then ends
     * ARCH_STEP_BUSY in phase XLATE_PTE_CHECK: it is checked here, without a step of its own */
    uint64_t pte = x->pte;
    while ((kind = pw_pte_classify(m, &x->ext, pte, x->i)) == PW_PTE_POINTER) {
        if (x->i == 0)
            return finish_fault(x, pf);
        enum arch_step st = fs_fetch_in(x, m, pw_pte_table(m, pte), x->i - 1);
        if (!fetched_for(x, st, XLATE_PTE_CHECK))
            return st;
        pte = x->pte;
    }
    if (kind == PW_PTE_INVALID)
        return finish_fault(x, pf);
    if (pw_leaf_misaligned(m, x->pte, x->i))
        return finish_fault(x, pf);
    pw_perm_t p = pw_perm_from_pte(x->pte);
    pw_access_t a = {.acc = x->acc_type, .supervisor = x->supervisor, .sum = x->sum, .mxr = false};
    switch (pw_leaf_check(&p, &a, tc_SADE(x->dc[DC_TC]))) {
    case PW_LEAF_FAULT:
        return finish_fault(x, pf);
    case PW_LEAF_NEED_AD: {
        x->pte_new = pw_pte_with_ad(x->pte, x->acc_type);
        if (x->gs) /* the update is an implicit write: second stage checked for a store */
            return g_start(x, pw_pte_addr(m, x->a, x->req.iova, x->i), XLATE_G_FOR_FS_AD, ACCESS_WRITE, true);
        return fs_cas_at(x, x->pte_spa);
    }
    case PW_LEAF_OK:
        break;
    }
    return fs_leaf_done(x, m);
}

/* The first-stage walk in mode m: from the root table at root (its PTE read wanted, or with memory at hand
 * made and, without a second stage, the walk going on here), or from the PTE in x->pte. */
XLATE_INLINE enum arch_step fs_walk_in(xlate_t *x, const pw_mode_t *m, bool from_root, uint64_t root)
{
    if (from_root) {
        enum arch_step st = fs_fetch_in(x, m, root, m->levels - 1);
        if (!fetched_for(x, st, XLATE_PTE_CHECK))
            return st;
    }
    return pte_check_in(x, m);
}

/* One copy of the first-stage walk per mode, as g_walk. */
static enum arch_step fs_walk(xlate_t *x, bool from_root, uint64_t root)
{
    if (x->fs == pw_mode(PW_SV39))
        return fs_walk_in(x, pw_mode(PW_SV39), from_root, root);
    if (x->fs == pw_mode(PW_SV48))
        return fs_walk_in(x, pw_mode(PW_SV48), from_root, root);
    if (x->fs == pw_mode(PW_SV57))
        return fs_walk_in(x, pw_mode(PW_SV57), from_root, root);
    return fs_walk_in(x, pw_mode(PW_SV32), from_root, root);
}

/* The first-stage PTE of level x->i is in x->pte: pointer (with memory at hand and no second stage the walk
 * goes down here), leaf (permissions, A/D) or fault. */
static enum arch_step pte_check(xlate_t *x) { return fs_walk(x, false, 0); }

static enum arch_step pte_cas(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err == IOMMU_MEM_ACCESS_FAULT) /* a store to the PTE violates PMA/PMP: access fault (step 9) */
        return finish_fault(x, access_access_fault(x->acc_type));
    if (rsp->err != IOMMU_MEM_OK)
        return finish_fault(x, CAUSE_PT_DATA_CORRUPTION);
    if (rsp->rdata[0] != x->acc.cmp)
        return fs_fetch(x); /* comparison failed: "return to step 2" (re-read this PTE) */
    x->pte = x->pte_new;
    return fs_leaf_done(x, x->fs);
}

/* ---------------------------------------------------------------- process directory */

/* The PDT entry at level pj of the table at a (from the arguments, as g_fetch_at). */
static enum arch_step pdt_next(xlate_t *x, uint64_t a, unsigned pj)
{
    x->pdt_a = a;
    x->pj = pj;
    uint64_t addr = pdt_entry_addr(a, x->pid, pj);
    if (x->gs) /* locate step 3: a is a GPA, implicit read through the second stage */
        return g_start(x, addr, XLATE_G_FOR_PDT, ACCESS_READ, true);
    return pdt_read_at(x, addr);
}

static enum arch_step pdt_read_at(xlate_t *x, uint64_t spa)
{
    if (x->pj != 0)
        return want_read(x, XLATE_PDT_READ, spa);
    x->pc_spa = spa;
    return want_block(x, XLATE_PC_READ, spa, 2);
}

static enum arch_step pdt_mem_error(xlate_t *x, uint8_t err)
{
    return finish_fault(x, err == IOMMU_MEM_ACCESS_FAULT ? CAUSE_PDT_LOAD_ACCESS_FAULT : CAUSE_PDT_DATA_CORRUPTION);
}

static enum arch_step pdte_word(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err != IOMMU_MEM_OK)
        return pdt_mem_error(x, rsp->err);
    uint64_t pdte = mem_order64(sbe(x), rsp->rdata[0]);
    enum fault_cause c = pdt_pdte_check(pdte);
    if (c != CAUSE_NONE)
        return finish_fault(x, c);
    return pdt_next(x, pdte_PPN(pdte) * 4096u, x->pj - 1);
}

static enum arch_step pc_block(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err != IOMMU_MEM_OK)
        return pdt_mem_error(x, rsp->err);
    for (unsigned k = 0; k < 2; k++)
        x->pc[k] = mem_order64(sbe(x), rsp->rdata[k]);
    enum fault_cause c = pdt_pc_check(x->cfg, tc_SXL(x->dc[DC_TC]), x->pc);
    if (c != CAUSE_NONE)
        return finish_fault(x, c);
    /* translate step 15: Supervisor requests need PC.ta.ENS */
    if (x->supervisor && !pc_ta_ENS(x->pc[PC_TA]))
        return finish_fault(x, CAUSE_TRANSACTION_TYPE_DISALLOWED);
    x->sum = pc_ta_ENS(x->pc[PC_TA]) && pc_ta_SUM(x->pc[PC_TA]);
    return fs_begin(x, (unsigned)pc_fsc_MODE(x->pc[PC_FSC]), pc_fsc_PPN(x->pc[PC_FSC]));
}

/* ---------------------------------------------------------------- device directory */

/* Locate step 8 begins: the DC in the leaf table at x->da. */
static enum arch_step dc_begin(xlate_t *x)
{
    x->dc_spa = ddt_dc_addr(x->cfg, x->da, x->req.did, 0);
    x->dc_dwords = ddt_dc_dwords(x->cfg);
    return want_block(x, XLATE_DC_READ, x->dc_spa, x->dc_dwords);
}

/* Steps 1 - 6 of "Process to translate an IOVA", then the start of the DDT walk. */
static enum arch_step mode_check(xlate_t *x)
{
    unsigned mode = (unsigned)ddtp_iommu_mode(x->ddtp);
    if (mode == DDTP_MODE_BARE) {
        if (request_is_translated(&x->req) || is_ats(x))
            return finish_fault(x, CAUSE_TRANSACTION_TYPE_DISALLOWED);
        return finish_ok(x, x->req.iova);
    }
    unsigned levels = ddt_levels(x->ddtp);
    if (levels == 0) /* Off (other values cannot be active: ddtp ignores unsupported modes) */
        return finish_fault(x, CAUSE_ALL_INBOUND_DISALLOWED);
    if (ddt_did_too_wide(x->cfg, x->ddtp, x->req.did))
        return finish_fault(x, CAUSE_TRANSACTION_TYPE_DISALLOWED);
    x->da = ddtp_PPN(x->ddtp) * 4096u;
    x->dj = levels - 1;
    if (x->dj == 0)
        return dc_begin(x);
    return want_read(x, XLATE_DDTE_READ, ddt_ddte_addr(x->cfg, x->da, x->req.did, x->dj));
}

/* Locate steps 3 - 7: a non-leaf DDT entry arrived. */
static enum arch_step ddte_word(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err == IOMMU_MEM_ACCESS_FAULT)
        return finish_fault(x, CAUSE_DDT_LOAD_ACCESS_FAULT);
    if (rsp->err != IOMMU_MEM_OK)
        return finish_fault(x, CAUSE_DDT_DATA_CORRUPTION);
    uint64_t ddte = mem_order64(fctl_BE(x->fctl), rsp->rdata[0]);
    enum fault_cause c = ddt_ddte_check(ddte);
    if (c != CAUSE_NONE)
        return finish_fault(x, c);
    x->dj--;
    x->da = ddte_PPN(ddte) * 4096u;
    if (x->dj == 0)
        return dc_begin(x);
    return want_read(x, XLATE_DDTE_READ, ddt_ddte_addr(x->cfg, x->da, x->req.did, x->dj));
}

/* Locate step 8: the DC arrived. */
static enum arch_step dc_block(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err == IOMMU_MEM_ACCESS_FAULT)
        return finish_fault(x, CAUSE_DDT_LOAD_ACCESS_FAULT);
    if (rsp->err != IOMMU_MEM_OK)
        return finish_fault(x, CAUSE_DDT_DATA_CORRUPTION);
    if (fctl_BE(x->fctl))
        for (unsigned k = 0; k < x->dc_dwords; k++)
            x->dc[k] = mem_order64(true, rsp->rdata[k]);
    else
        memcpy(x->dc, rsp->rdata, 8u * x->dc_dwords);
    return busy(x, XLATE_DC_CHECK);
}

static const pw_mode_t *gs_mode_of(bool gxl, unsigned mode)
{
    if (gxl)
        return mode == IOHGATP_MODE_SV32X4 ? pw_mode(PW_SV32X4) : 0;
    switch (mode) {
    case IOHGATP_MODE_SV39X4: return pw_mode(PW_SV39X4);
    case IOHGATP_MODE_SV48X4: return pw_mode(PW_SV48X4);
    case IOHGATP_MODE_SV57X4: return pw_mode(PW_SV57X4);
    default: return 0;
    }
}

/* Locate steps 9 - 10, then translate steps 7 - 17 up to the first memory access of the walk. */
static enum arch_step dc_check(xlate_t *x)
{
    enum fault_cause cause = ddt_dc_check(x->cfg, x->fctl, x->dc);
    if (cause != CAUSE_NONE)
        return finish_fault(x, cause);
    x->dc_located = true;
    cause = ddt_transaction_check(x->dc, &x->req);
    if (cause != CAUSE_NONE)
        return finish_fault(x, cause);
    uint64_t tc = x->dc[DC_TC], fsc = x->dc[DC_FSC];
    x->gs = gs_mode_of(fctl_GXL(x->fctl), (unsigned)iohgatp_MODE(x->dc[DC_IOHGATP]));
    x->supervisor = request_is_supervisor(&x->req);
    /* steps 8 - 9: translated requests */
    if (request_is_translated(&x->req)) {
        if (!tc_T2GPA(tc))
            return finish_ok(x, x->req.iova);
        x->gpa = x->req.iova; /* the IOVA is a GPA; first stage Bare */
        return final_stage(x);
    }
    /* step 10 */
    if (!tc_PDTV(tc))
        return fs_begin(x, (unsigned)iosatp_MODE(fsc), iosatp_PPN(fsc));
    /* steps 11 - 13 */
    if (!x->req.pv && !tc_DPE(tc))
        return fs_begin(x, IOSATP_MODE_BARE, 0);
    x->pid = x->req.pv ? x->req.pid : 0;
    if (pdtp_MODE(fsc) == PDTP_MODE_BARE)
        return fs_begin(x, IOSATP_MODE_BARE, 0);
    /* step 14: locate the process context */
    return pdt_next(x, pdtp_PPN(fsc) * 4096u, pdt_levels((unsigned)pdtp_MODE(fsc)) - 1);
}

/* ---------------------------------------------------------------- dispatch */

static enum arch_step step_mode_check(xlate_t *x, const mem_result_t *rsp) { (void)rsp; return mode_check(x); }
static enum arch_step step_dc_check(xlate_t *x, const mem_result_t *rsp) { (void)rsp; return dc_check(x); }
static enum arch_step step_pte_check(xlate_t *x, const mem_result_t *rsp) { (void)rsp; return pte_check(x); }
static enum arch_step step_g_check(xlate_t *x, const mem_result_t *rsp) { (void)rsp; return g_check(x); }
static enum arch_step step_done(xlate_t *x, const mem_result_t *rsp) { (void)x, (void)rsp; return ARCH_STEP_DONE; }

/* A table rather than a switch: each step stays a small function of its own (one indirect jump per step,
 * instead of one large function whose every call saves and restores what its biggest path needs). */
static const xlate_step_fn step_of_phase[XLATE_PHASES] = {
    [XLATE_MODE_CHECK] = step_mode_check,
    [XLATE_DC_READ] = dc_block,
    [XLATE_DC_CHECK] = step_dc_check,
    [XLATE_PTE_READ] = pte_word,
    [XLATE_PTE_CHECK] = step_pte_check,
    [XLATE_DONE] = step_done,
    [XLATE_DDTE_READ] = ddte_word,
    [XLATE_PDT_READ] = pdte_word,
    [XLATE_PC_READ] = pc_block,
    [XLATE_PTE_CAS] = pte_cas,
    [XLATE_G_READ] = g_word,
    [XLATE_G_CHECK] = step_g_check,
    [XLATE_G_CAS] = g_cas,
    [XLATE_MSI_READ] = msi_block,
};

/* What a step that takes no memory result is given (the machine never reads it). */
static const mem_result_t no_rsp = {.err = IOMMU_MEM_ACCESS_FAULT};

enum arch_step xlate_dc_given(xlate_t *x, const mem_result_t *dc)
{
    if (x->phase != XLATE_DDTE_READ && x->phase != XLATE_DC_READ)
        return xlate_step(x, NULL); /* not waiting for the directory: the DC is not what it wants */
    x->dc_dwords = ddt_dc_dwords(x->cfg);
    return dc_block(x, dc);
}

/* Whether the machine, just after the DC check, waits for the process directory: its first read, or over a
 * second stage the G-walk of that read, or that G-walk's guest-page fault at its start (a GPA wider than the
 * second stage: with the PC at hand the directory is not read, so no such fault arises). */
static bool wants_pdt(const xlate_t *x)
{
    if (x->phase == XLATE_PDT_READ || x->phase == XLATE_PC_READ)
        return true;
    if (x->g_for != XLATE_G_FOR_PDT)
        return false;
    if (x->phase == XLATE_G_READ)
        return true;
    return x->phase == XLATE_DONE && x->result.fault && x->result.cause == access_guest_page_fault(x->acc_type);
}

enum arch_step xlate_pc_given(xlate_t *x, const mem_result_t *pc)
{
    if (!wants_pdt(x))
        return xlate_step(x, NULL); /* not waiting for the process directory: the PC is not what it wants */
    clear_acc(x);
    return pc_block(x, pc);
}

enum arch_step xlate_step(xlate_t *x, const mem_result_t *rsp)
{
    if ((unsigned)x->phase >= XLATE_PHASES)
        return ARCH_STEP_DONE;
    return step_of_phase[x->phase](x, rsp ? rsp : &no_rsp);
}

const xlate_result_t *xlate_run(xlate_t *x, const iommu_mem_if_t *mem)
{
    /* with memory at hand every access is made when a step wants it, so steps end ARCH_STEP_BUSY or DONE */
    x->mem = mem;
    while (xlate_step(x, NULL) != ARCH_STEP_DONE) {
    }
    return &x->result;
}
