/* The independent oracle of the golden model's random self-check: the spec's translation process applied
 * to what software stored (see spec_oracle.h). Written from the specification text only; every step
 * names the rule it implements. */
#include "spec_oracle.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* capabilities bit numbers (IOMMU spec "capabilities") */
enum {
    CAPB_SV32 = 8, CAPB_SV39 = 9, CAPB_SV48 = 10, CAPB_SV57 = 11, CAPB_SVRSW60T59B = 14, CAPB_SVPBMT = 15,
    CAPB_SV32X4 = 16, CAPB_SV39X4 = 17, CAPB_SV48X4 = 18, CAPB_SV57X4 = 19, CAPB_MSI_FLAT = 22, CAPB_MSI_MRIF = 23,
    CAPB_AMO_HWAD = 24, CAPB_ATS = 25, CAPB_T2GPA = 26, CAPB_END = 27, CAPB_PD8 = 38, CAPB_PD17 = 39,
    CAPB_PD20 = 40, CAPB_QOSID = 41,
};

#define PPN44(x) (((x) >> 10) & ((1ull << 44) - 1))
#define CTX_PPN(x) ((x) & ((1ull << 44) - 1)) /* iosatp / iohgatp / pdtp / msiptp PPN, bits 43:0 */
#define CTX_MODE(x) ((unsigned)((x) >> 60))

typedef struct {
    const oracle_t *o;
    oracle_result_t *r;
    enum oracle_access acc; /* the original access type: every page and guest-page fault carries it */
    bool sade, gade;
    bool sxl;
    bool dtf;               /* DC.tc.DTF of a located, valid device context */
    bool for_pdt;           /* the G-stage walk serves the process-directory walk */
    const pt_geom_t *g;     /* second stage; NULL = Bare */
    uint64_t g_root;
    unsigned leaf_pbmt[2];  /* PBMT of the last leaf each stage reached ([1] = G-stage) */
    uint64_t leaf_size[2];  /* bytes that leaf maps linearly (its level's page, 64 KiB for Svnapot) */
    bool leaf_wd[2];        /* that leaf has W = 1 and D = 1: a write needs no later D update */
    bool leaf_g;            /* G of the last first-stage leaf */
    /* for an ATS completion: what the request went through */
    bool ats, t2gpa, s1_used, g_used, msi_hit, msi_flat;
    uint64_t gpa, msi_mask, msi_pat;
    unsigned n_over;        /* A/D updates made earlier in this walk (read back by later steps) */
    struct { uint64_t addr, val; } over[ORACLE_MAX_TOUCH];
} walk_t;

static bool cap(const oracle_t *o, unsigned bit) { return (o->cfg->capabilities >> bit) & 1; }

/* The error mark of the bad-memory granules among n doublewords from addr (0 = none). */
static unsigned bad(const oracle_t *o, uint64_t addr, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        unsigned e = (unsigned)shadow_get(o->bad, addr + 8 * k);
        if (e) return e;
    }
    return 0;
}

static unsigned access_fault(enum oracle_access a) { return a == ORACLE_EXEC ? 1 : a == ORACLE_READ ? 5 : 7; }

static void tr(walk_t *w, const char *fmt, ...)
{
    oracle_result_t *r = w->r;
    if (r->trace_len + 2 >= sizeof r->trace) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->trace + r->trace_len, sizeof r->trace - r->trace_len - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    r->trace_len += (size_t)n;
    if (r->trace_len > sizeof r->trace - 2) r->trace_len = sizeof r->trace - 2;
    r->trace[r->trace_len++] = '\n';
    r->trace[r->trace_len] = 0;
}

static uint64_t rd8(walk_t *w, uint64_t addr)
{
    addr &= ~7ull;
    for (unsigned i = w->n_over; i-- > 0;)
        if (w->over[i].addr == addr) return w->over[i].val;
    return shadow_get(w->o->shadow, addr);
}

static uint64_t rd(walk_t *w, uint64_t addr, unsigned size)
{
    uint64_t v = rd8(w, addr);
    return size == 8 ? v : (v >> ((addr & 4) * 8)) & 0xffffffffull;
}

static void wr(walk_t *w, uint64_t addr, unsigned size, uint64_t val)
{
    uint64_t v = rd8(w, addr);
    if (size == 8) {
        v = val;
    } else {
        unsigned sh = (unsigned)(addr & 4) * 8;
        v = (v & ~(0xffffffffull << sh)) | (val << sh);
    }
    if (w->n_over < ORACLE_MAX_TOUCH) {
        w->over[w->n_over].addr = addr & ~7ull;
        w->over[w->n_over++].val = v;
    }
}

static void touch(walk_t *w, uint64_t addr, unsigned size, bool ade, uint64_t must_set)
{
    oracle_result_t *r = w->r;
    unsigned sh = size == 8 ? 0 : (unsigned)(addr & 4) * 8;
    unsigned k;
    for (k = 0; k < r->n_touch; k++)
        if (r->touch[k].addr == (addr & ~7ull)) break;
    if (k == r->n_touch) {
        if (k == ORACLE_MAX_TOUCH) return;
        r->n_touch++;
        r->touch[k].addr = addr & ~7ull;
        r->touch[k].ad_mask = r->touch[k].must_set = 0;
        r->touch[k].ade = false;
    }
    r->touch[k].ad_mask |= (PTE_A | PTE_D) << sh;
    r->touch[k].must_set |= must_set << sh;
    r->touch[k].ade |= ade;
}

static unsigned page_fault(enum oracle_access a) { return a == ORACLE_EXEC ? 12 : a == ORACLE_READ ? 13 : 15; }
static unsigned guest_page_fault(enum oracle_access a) { return a == ORACLE_EXEC ? 20 : a == ORACLE_READ ? 21 : 23; }

static unsigned g_translate(walk_t *w, uint64_t gpa, enum oracle_access check, bool implicit, uint64_t *spa);

/* Privileged spec "Virtual Address Translation Process" (steps 1-10) for one stage. For the G-stage
 * (hypervisor "Guest Physical Address Translation"): every access is User and faults are guest-page
 * faults. `check` is the access whose permissions and A/D needs are checked (an implicit load or store
 * of a VS-stage PTE for G-stage walks made for the first stage); the cause always names w->acc.
 * Returns 0 with *out, or the cause. */
static unsigned walk_stage(walk_t *w, bool gstage, const pt_geom_t *g, uint64_t root, uint64_t va,
                           enum oracle_access check, bool supervisor, bool sum, uint64_t *out)
{
    const oracle_t *o = w->o;
    const unsigned fault = gstage ? guest_page_fault(w->acc) : page_fault(w->acc);
    const bool ade = gstage ? w->gade : w->sade;
    const char *st = gstage ? "G " : "S1";
    uint64_t a = root; /* step 1 */
    int i = (int)g->levels - 1;
    for (;;) {
        uint64_t idx = (va >> (12 + (unsigned)i * g->vpn_bits)) & ((1ull << pt_index_bits(g, (unsigned)i)) - 1);
        uint64_t pte_gpa = a + idx * g->pte_size, pte_addr = pte_gpa;
        /* two-stage: the VS-stage PTE address is a GPA, translated by the G-stage as an implicit load */
        if (!gstage && w->g) {
            unsigned c = g_translate(w, pte_gpa, ORACLE_READ, true, &pte_addr);
            if (c) { tr(w, "  %s L%d pte GPA 0x%" PRIx64 ": G-stage fault %u", st, i, pte_gpa, c); return c; }
        }
        /* step 2: a PTE load that fails: access fault of the original type; poisoned data is "First/second-stage
         * PT data corruption" (274); for the PDT's second-stage walk 265 / 269 (spec "Process to locate the
         * Process-context") */
        unsigned err = bad(o, pte_addr & ~7ull, 1);
        if (err) {
            tr(w, "  %s L%d pte@0x%" PRIx64 ": memory %s", st, i, pte_addr, err == 1 ? "access fault" : "corrupt");
            if (gstage && w->for_pdt) return err == 1 ? 265 : 269;
            return err == 1 ? access_fault(w->acc) : 274;
        }
        uint64_t pte = rd(w, pte_addr, g->pte_size);
        touch(w, pte_addr, g->pte_size, ade, 0);
        tr(w, "  %s L%d pte@0x%" PRIx64 " = 0x%" PRIx64, st, i, pte_addr, pte);
        bool v = pte & PTE_V, r = pte & PTE_R, wb = pte & PTE_W, x = pte & PTE_X, u = pte & PTE_U;
        bool leaf = r || x;
        uint64_t ppn = (pte >> PTE_PPN_SHIFT) & ((1ull << g->ppn_bits) - 1);
        /* step 3: reserved bits and encodings */
        bool rsv = false;
        if (g->pte_size == 8) {
            /* bits 60-54 reserved; with Svrsw60t59b bits 60-59 belong to software */
            uint64_t hi = cap(o, CAPB_SVRSW60T59B) ? (0x1full << 54) : (0x7full << 54);
            unsigned pbmt = (unsigned)(pte >> PTE_PBMT_SHIFT) & 3;
            if (pte & hi) rsv = true;
            if (pbmt && (!cap(o, CAPB_SVPBMT) || !leaf || pbmt == 3)) rsv = true; /* Svpbmt */
            /* Svnapot: N is valid only in a leaf at level 0 with ppn[3:0] = 1000 (64 KiB) */
            if ((pte & PTE_N) && (!o->cfg->svnapot || !leaf || i != 0 || (ppn & 0xf) != 8)) rsv = true;
        }
        if (!leaf && (pte & (PTE_D | PTE_A | PTE_U))) rsv = true; /* reserved in non-leaf PTEs */
        if (!v || (!r && wb) || rsv) return fault;
        if (!leaf) { /* step 4 */
            if (--i < 0) return fault;
            a = ppn << 12;
            continue;
        }
        /* step 5: misaligned superpage */
        if (i > 0 && (ppn & ((1ull << ((unsigned)i * g->vpn_bits)) - 1))) { tr(w, "  misaligned superpage"); return fault; }
        /* step 6: U bit, privilege and SUM (IOMMU: ENS/SUM of the process context; exec never on U pages) */
        if (gstage || !supervisor) {
            if (!u) return fault;
        } else if (u && (check == ORACLE_EXEC || !sum)) {
            return fault;
        }
        /* step 8: R/W/X (an IOMMU has no MXR) */
        if ((check == ORACLE_EXEC && !x) || (check == ORACLE_READ && !r) || (check == ORACLE_WRITE && !wb))
            return fault;
        /* step 9: A and D */
        uint64_t need = PTE_A | (check == ORACLE_WRITE ? PTE_D : 0);
        if ((pte & need) != need) {
            if (!ade) { tr(w, "  A/D clear and %s = 0", gstage ? "GADE" : "SADE"); return fault; }
            /* the update of a VS-stage PTE is an implicit store: the G-stage checks it as a store */
            if (!gstage && w->g) {
                uint64_t spa;
                unsigned c = g_translate(w, pte_gpa, ORACLE_WRITE, true, &spa);
                if (c) { tr(w, "  A/D store to GPA 0x%" PRIx64 ": G-stage fault %u", pte_gpa, c); return c; }
            }
            pte |= need;
            wr(w, pte_addr, g->pte_size, pte);
            tr(w, "  %s sets%s%s", st, (need & PTE_A) ? " A" : "", (need & PTE_D) ? " D" : "");
        }
        touch(w, pte_addr, g->pte_size, ade, need);
        w->leaf_pbmt[gstage] = g->pte_size == 8 ? (unsigned)(pte >> PTE_PBMT_SHIFT) & 3 : 0;
        w->leaf_wd[gstage] = (pte & PTE_W) && (pte & PTE_D);
        w->leaf_size[gstage] = (g->pte_size == 8 && (pte & PTE_N)) ? 0x10000 : 1ull << (12 + (unsigned)i * g->vpn_bits);
        if (!gstage) w->leaf_g = pte & PTE_G;
        /* step 10 (Svnapot: ppn[3:0] comes from vpn[0][3:0]) */
        if (g->pte_size == 8 && (pte & PTE_N)) ppn = (ppn & ~0xfull) | ((va >> 12) & 0xf);
        unsigned off = 12 + (unsigned)i * g->vpn_bits;
        *out = ((ppn << 12) & ~((1ull << off) - 1)) | (va & ((1ull << off) - 1));
        return 0;
    }
}

/* G-stage translation of a GPA (hypervisor spec: bits above the x4 width must be 0, else guest-page
 * fault; IOMMU spec "Translation control (tc)", "When SXL is 1": with a second stage, a GPA with bits beyond
 * bit 33 set is a guest-page fault, whatever the x4 mode). `implicit`: an access for the first stage (its
 * PTEs, A/D updates, the PDT); a guest-page fault records the GPA and that in iotval2. */
static unsigned g_translate(walk_t *w, uint64_t gpa, enum oracle_access check, bool implicit, uint64_t *spa)
{
    unsigned c;
    if (gpa >> w->g->va_bits) {
        tr(w, "  GPA 0x%" PRIx64 " wider than %s", gpa, w->g->name);
        c = guest_page_fault(w->acc);
    } else if (w->sxl && (gpa >> 34)) {
        tr(w, "  GPA 0x%" PRIx64 " has bits beyond 33 set and DC.tc.SXL = 1", gpa);
        c = guest_page_fault(w->acc);
    } else {
        c = walk_stage(w, true, w->g, w->g_root, gpa, check, false, false, spa);
    }
    if (c) w->r->iotval2 = (gpa & ~3ull) | (implicit ? 1u : 0u) | ((implicit && check == ORACLE_WRITE) ? 2u : 0u);
    return c;
}

/* iosatp / PC.fsc MODE supported under SXL (IOMMU spec iosatp encodings and the capability checks) */
static bool fs_mode_ok(const oracle_t *o, unsigned mode, bool sxl)
{
    if (mode == 0) return true;
    if (sxl) return mode == 8 && cap(o, CAPB_SV32);
    return (mode == 8 && cap(o, CAPB_SV39)) || (mode == 9 && cap(o, CAPB_SV48)) || (mode == 10 && cap(o, CAPB_SV57));
}

static bool gs_mode_ok(const oracle_t *o, unsigned mode)
{
    if (mode == 0) return true;
    if (o->gxl) return mode == 8 && cap(o, CAPB_SV32X4);
    return (mode == 8 && cap(o, CAPB_SV39X4)) || (mode == 9 && cap(o, CAPB_SV48X4)) ||
           (mode == 10 && cap(o, CAPB_SV57X4));
}

/* IOMMU spec "Device-context configuration checks": the first rule that holds, or NULL. */
static const char *dc_misconfigured(const oracle_t *o, const uint64_t *dc)
{
    uint64_t tc = dc[0], gatp = dc[1], ta = dc[2], fsc = dc[3], msiptp = dc[4];
    bool en_ats = (tc >> 1) & 1, en_pri = (tc >> 2) & 1, t2gpa = (tc >> 3) & 1, pdtv = (tc >> 5) & 1;
    bool prpr = (tc >> 6) & 1, gade = (tc >> 7) & 1, sade = (tc >> 8) & 1, dpe = (tc >> 9) & 1;
    bool sbe = (tc >> 10) & 1, sxl = (tc >> 11) & 1;
    unsigned gmode = CTX_MODE(gatp), fmode = CTX_MODE(fsc);
    unsigned mgpaw = cap(o, CAPB_SV57X4) ? 59 : cap(o, CAPB_SV48X4) ? 50 : cap(o, CAPB_SV39X4) ? 41
                   : cap(o, CAPB_SV32X4) ? 34 : (unsigned)((o->cfg->capabilities >> 32) & 0x3f);
    uint64_t mp_rsv = ~((1ull << (mgpaw - 12)) - 1); /* bits 63:52 and 51:MGPAW-12 of mask / pattern */
    if (tc & ((0xfffull << 12) | (0xffffffffull << 32))) return "tc reserved bits";
    if (ta & (0xfffull | (0xffull << 32))) return "ta reserved bits";
    if (!cap(o, CAPB_QOSID) && (ta >> 40)) return "ta RCID/MCID without QOSID";
    if (fsc & (0xffffull << 44)) return "fsc reserved bits";
    if (cap(o, CAPB_MSI_FLAT)) {
        if (msiptp & (0xffffull << 44)) return "msiptp reserved bits";
        if ((dc[5] & mp_rsv) || (dc[6] & mp_rsv)) return "msi_addr_mask/pattern reserved bits";
        if (dc[7]) return "reserved doubleword";
    }
    if (!cap(o, CAPB_ATS) && (en_ats || en_pri || prpr)) return "ATS bits without capabilities.ATS";
    if (!en_ats && t2gpa) return "T2GPA without EN_ATS";
    if (!en_ats && en_pri) return "EN_PRI without EN_ATS";
    if (!en_pri && prpr) return "PRPR without EN_PRI";
    if (!cap(o, CAPB_T2GPA) && t2gpa) return "T2GPA without capability";
    if (t2gpa && gmode == 0) return "T2GPA with iohgatp Bare";
    if (pdtv && !(fmode == 0 || (fmode == 1 && cap(o, CAPB_PD8)) || (fmode == 2 && cap(o, CAPB_PD17)) ||
                  (fmode == 3 && cap(o, CAPB_PD20))))
        return "pdtp.MODE unsupported";
    if (!pdtv && !fs_mode_ok(o, fmode, sxl)) return "iosatp.MODE unsupported";
    if (!pdtv && dpe) return "DPE without PDTV";
    if (!gs_mode_ok(o, gmode)) return "iohgatp.MODE unsupported";
    if (cap(o, CAPB_MSI_FLAT) && CTX_MODE(msiptp) > 1) return "msiptp.MODE not Off/Flat";
    if (gmode != 0 && (CTX_PPN(gatp) & 3)) return "iohgatp root not 16-KiB aligned";
    if (!cap(o, CAPB_AMO_HWAD) && (sade || gade)) return "SADE/GADE without AMO_HWAD";
    if (!cap(o, CAPB_END) && sbe != o->be) return "SBE != fctl.BE";
    if (o->gxl && !sxl) return "SXL = 0 with fctl.GXL = 1";
    if (!o->gxl && !o->cfg->fctl_gxl_writable && sxl) return "SXL = 1, GXL not writable";
    if (!o->cfg->fctl_be_writable && sbe != o->be) return "SBE illegal";
    if (cap(o, CAPB_QOSID) && ((((ta >> 40) & 0xfff) >> o->cfg->rcid_bits) || ((ta >> 52) >> o->cfg->mcid_bits)))
        return "RCID/MCID too wide";
    return NULL;
}

/* IOMMU spec "Process-context configuration checks". */
static const char *pc_misconfigured(const oracle_t *o, uint64_t ta, uint64_t fsc, bool sxl)
{
    if (ta & ((0x1ffull << 3) | (0xffffffffull << 32))) return "PC.ta reserved bits";
    if (fsc & (0xffffull << 44)) return "PC.fsc reserved bits";
    if (!fs_mode_ok(o, CTX_MODE(fsc), sxl)) return "PC.fsc.MODE unsupported";
    return NULL;
}

/* IOMMU spec "Process to translate addresses of MSIs", basic-translate and invalid MSI PTEs. */
static unsigned msi_translate(walk_t *w, const uint64_t *dc, uint64_t gpa, uint64_t *pa)
{
    uint64_t mask = dc[5] & ((1ull << 52) - 1), x = gpa >> 12, idx = 0;
    for (unsigned b = 0, n = 0; b < 52; b++)
        if ((mask >> b) & 1) idx |= ((x >> b) & 1) << n++;
    uint64_t addr = (CTX_PPN(dc[4]) << 12) | (idx * 16);
    unsigned err = bad(w->o, addr, 2);
    if (err) { tr(w, "  MSI msipte@0x%" PRIx64 ": memory error", addr); return err == 1 ? 261 : 270; }
    uint64_t p0 = shadow_get(w->o->shadow, addr), p1 = shadow_get(w->o->shadow, addr + 8);
    tr(w, "  MSI GPA 0x%" PRIx64 ": file %" PRIu64 ", msipte@0x%" PRIx64 " = 0x%" PRIx64 " 0x%" PRIx64, gpa, idx, addr, p0, p1);
    if (!(p0 & 1)) return 262;
    unsigned m = (unsigned)(p0 >> 1) & 3;
    if (m == 0 || m == 2) return 263;
    if (m == 1) {
        /* MRIF mode (AIA MSI PTE format): first doubleword V, M, MRIF address[55:9] in 53:7, C; second
         * doubleword N[9:0] in 9:0, NPPN in 53:10, N10 in 60; the rest is reserved */
        if (!cap(w->o, CAPB_MSI_MRIF)) return 263;
        if ((p0 & ((0xfull << 3) | (0x1ffull << 54))) || (p1 & ((0x3full << 54) | (0x7ull << 61)))) return 263;
        if (w->acc == ORACLE_EXEC) return 1;
        if (w->acc == ORACLE_READ && !w->ats) { w->r->known = false; tr(w, "  a read of an MRIF-mode page: not specified"); }
        w->r->mrif = true;
        w->r->mrif_addr = ((p0 >> 7) & ((1ull << 47) - 1)) << 9;
        w->r->notice_addr = PPN44(p1) << 12;
        w->r->notice_data = (uint32_t)((((p1 >> 60) & 1) << 10) | (p1 & 0x3ff));
        *pa = 0;
        return 0;
    }
    /* basic translate (M = 3): V, M, PPN[53:10] and C; bits 9:3 and 62:54 are reserved (C = 1 not
     * generated). The second doubleword is ignored in this mode (docs/decisions.md). */
    (void)p1;
    if (p0 & ((0x7full << 3) | (0x1ffull << 54))) return 263;
    *pa = (PPN44(p0) << 12) | (gpa & 0xfff);
    /* permissions as a G-stage PTE with R = W = U = 1, X = 0 */
    if (w->acc == ORACLE_EXEC) return 1;
    return 0;
}

static unsigned translate(walk_t *w, const oracle_request_t *q, uint64_t *pa)
{
    const oracle_t *o = w->o;
    unsigned mode = (unsigned)(o->ddtp & 0xf);
    if (mode == 0) return 256;                 /* Off */
    if (mode == 1) { /* Bare: translated requests are disallowed, untranslated ones pass */
        if (q->translated || q->ats) return 260;
        *pa = q->iova;
        return 0;
    }
    /* extended-format device context (capabilities.MSI_FLAT = 1), else base format */
    uint32_t ddi[3];
    unsigned dc_size = cap(o, CAPB_MSI_FLAT) ? 64 : 32;
    if (dc_size == 64) { ddi[0] = q->did & 0x3f; ddi[1] = (q->did >> 6) & 0x1ff; ddi[2] = (q->did >> 15) & 0x1ff; }
    else { ddi[0] = q->did & 0x7f; ddi[1] = (q->did >> 7) & 0x1ff; ddi[2] = (q->did >> 16) & 0xff; }
    if (mode == 3 && ddi[2]) return 260;
    if (mode == 2 && (ddi[2] || ddi[1])) return 260;
    if (mode > 4) return 256; /* not generated */
    /* Process to locate the Device-context */
    uint64_t a = PPN44(o->ddtp) << 12;
    for (int i = (int)mode - 2; i > 0; i--) {
        unsigned err = bad(o, a + ddi[i] * 8, 1);
        if (err) { tr(w, "  DDT L%d ddte@0x%" PRIx64 ": memory error", i, a + ddi[i] * 8); return err == 1 ? 257 : 268; }
        uint64_t ddte = shadow_get(o->shadow, a + ddi[i] * 8);
        tr(w, "  DDT L%d ddte@0x%" PRIx64 " = 0x%" PRIx64, i, a + ddi[i] * 8, ddte);
        if (!(ddte & 1)) return 258;
        if (ddte & ((0x1ffull << 1) | (0x3ffull << 54))) return 259;
        a = PPN44(ddte) << 12;
    }
    uint64_t dc[8] = {0};
    a += (uint64_t)ddi[0] * dc_size;
    unsigned err = bad(o, a, dc_size / 8);
    if (err) { tr(w, "  DC@0x%" PRIx64 ": memory error", a); return err == 1 ? 257 : 268; }
    for (unsigned k = 0; k < dc_size / 8; k++) dc[k] = shadow_get(o->shadow, a + 8 * k);
    tr(w, "  DC@0x%" PRIx64 ": tc 0x%" PRIx64 " iohgatp 0x%" PRIx64 " ta 0x%" PRIx64 " fsc 0x%" PRIx64
          " msiptp 0x%" PRIx64 " mask 0x%" PRIx64 " pattern 0x%" PRIx64, a, dc[0], dc[1], dc[2], dc[3], dc[4], dc[5], dc[6]);
    if (!(dc[0] & 1)) return 258;
    const char *why = dc_misconfigured(o, dc);
    if (why) { tr(w, "  DC misconfigured: %s", why); return 259; }
    uint64_t tc = dc[0];
    bool pdtv = (tc >> 5) & 1, dpe = (tc >> 9) & 1;
    w->dtf = (tc >> 4) & 1; /* from here on a valid device context has been located */
    w->gade = (tc >> 7) & 1;
    w->sade = (tc >> 8) & 1;
    w->sxl = (tc >> 11) & 1;
    unsigned pdtp_mode = CTX_MODE(dc[3]);
    /* step 7: transaction type disallowed */
    bool en_ats = (tc >> 1) & 1, t2gpa = (tc >> 3) & 1;
    if ((q->translated || q->ats) && !en_ats) return 260;
    w->t2gpa = t2gpa;
    w->msi_flat = CTX_MODE(dc[4]) == 1;
    w->msi_mask = dc[5] & ((1ull << 52) - 1);
    w->msi_pat = dc[6] & ((1ull << 52) - 1);
    if (q->pv && !pdtv) return 260;
    if (q->pv && pdtv && ((pdtp_mode == 1 && (q->pid >> 8)) || (pdtp_mode == 2 && (q->pid >> 17)))) return 260;
    w->g = CTX_MODE(dc[1]) ? pt_geom_for_mode(CTX_MODE(dc[1]), o->gxl, true) : NULL;
    w->g_root = CTX_PPN(dc[1]) << 12;
    /* steps 8, 9: a translated request is complete (T2GPA = 0), or its IOVA is a GPA for the second stage
     * alone (T2GPA = 1, which the DC checks allow only with a second stage) */
    if (q->translated && !t2gpa) { *pa = q->iova; return 0; }
    if (q->translated) {
        if (CTX_MODE(dc[4]) == 1) {
            uint64_t mask = dc[5] & ((1ull << 52) - 1), pat = dc[6] & ((1ull << 52) - 1);
            if (((q->iova >> 12) & ~mask) == (pat & ~mask)) return msi_translate(w, dc, q->iova, pa);
        }
        unsigned c = g_translate(w, q->iova, w->acc, false, pa);
        w->r->pbmt = w->leaf_pbmt[1]; /* Svpbmt: the first stage is Bare, the G-leaf's PBMT applies */
        return c;
    }
    const bool supervisor = q->pv && q->priv;
    const pt_geom_t *s1 = NULL;
    uint64_t s1_root = 0;
    bool sum = false;
    if (!pdtv) {
        s1 = CTX_MODE(dc[3]) ? pt_geom_for_mode(CTX_MODE(dc[3]), w->sxl, false) : NULL;
        s1_root = CTX_PPN(dc[3]) << 12;
    } else {
        bool pv = q->pv;
        uint32_t pid = q->pid;
        if (!pv && dpe) { pv = true; pid = 0; } /* default process_id 0 (still a User request) */
        if (pv && pdtp_mode != 0) {
            /* Process to locate the Process-context; PDT addresses are GPAs under a G-stage */
            unsigned levels = pdtp_mode == 3 ? 3 : pdtp_mode == 2 ? 2 : 1;
            uint32_t pdi[3] = {pid & 0xff, (pid >> 8) & 0x1ff, (pid >> 17) & 0x7};
            uint64_t pa_ = CTX_PPN(dc[3]) << 12;
            for (int i = (int)levels - 1;; i--) {
                uint64_t addr = i ? pa_ + pdi[i] * 8 : pa_ + pdi[0] * 16;
                if (w->g) {
                    w->for_pdt = true;
                    unsigned c = g_translate(w, addr, ORACLE_READ, true, &addr);
                    w->for_pdt = false;
                    if (c) { tr(w, "  PDT L%d: G-stage fault %u", i, c); return c; }
                }
                if (i == 0) { pa_ = addr; break; }
                err = bad(o, addr, 1);
                if (err) { tr(w, "  PDT L%d pdte@0x%" PRIx64 ": memory error", i, addr); return err == 1 ? 265 : 269; }
                uint64_t pdte = shadow_get(o->shadow, addr);
                tr(w, "  PDT L%d pdte@0x%" PRIx64 " = 0x%" PRIx64, i, addr, pdte);
                if (!(pdte & 1)) return 266;
                if (pdte & ((0x1ffull << 1) | (0x3ffull << 54))) return 267;
                pa_ = PPN44(pdte) << 12;
            }
            err = bad(o, pa_, 2);
            if (err) { tr(w, "  PC@0x%" PRIx64 ": memory error", pa_); return err == 1 ? 265 : 269; }
            uint64_t pta = shadow_get(o->shadow, pa_), pfsc = shadow_get(o->shadow, pa_ + 8);
            tr(w, "  PC@0x%" PRIx64 ": ta 0x%" PRIx64 " fsc 0x%" PRIx64, pa_, pta, pfsc);
            if (!(pta & 1)) return 266;
            why = pc_misconfigured(o, pta, pfsc, w->sxl);
            if (why) { tr(w, "  PC misconfigured: %s", why); return 267; }
            if (supervisor && !((pta >> 1) & 1)) return 260; /* ENS */
            sum = (pta >> 2) & 1;
            s1 = CTX_MODE(pfsc) ? pt_geom_for_mode(CTX_MODE(pfsc), w->sxl, false) : NULL;
            s1_root = CTX_PPN(pfsc) << 12;
        }
    }
    uint64_t gpa = q->iova;
    unsigned s1_pbmt = 0;
    if (s1) {
        bool ok;
        if (w->sxl) {
            ok = (q->iova >> 32) == 0; /* DC.tc.SXL = 1: IOVA bits beyond 31 must be 0 */
        } else {
            int64_t sx = (int64_t)(q->iova << (64 - s1->va_bits)) >> (64 - s1->va_bits);
            ok = (uint64_t)sx == q->iova; /* bits 63:VA-width must equal bit VA-width - 1 */
        }
        if (!ok) { tr(w, "  IOVA not valid for %s", s1->name); return page_fault(w->acc); }
        unsigned c = walk_stage(w, false, s1, s1_root, q->iova, w->acc, supervisor, sum, &gpa);
        if (c) return c;
        w->s1_used = true;
        s1_pbmt = w->leaf_pbmt[0];
        tr(w, "  S1 -> GPA 0x%" PRIx64, gpa);
    }
    if (CTX_MODE(dc[4]) == 1) {
        uint64_t mask = dc[5] & ((1ull << 52) - 1), pat = dc[6] & ((1ull << 52) - 1);
        if (((gpa >> 12) & ~mask) == (pat & ~mask)) {
            w->r->pbmt = s1_pbmt;
            w->msi_hit = true;
            w->gpa = gpa;
            return msi_translate(w, dc, gpa, pa);
        }
    }
    w->gpa = gpa;
    if (!w->g) { *pa = gpa; w->r->pbmt = s1_pbmt; return 0; }
    unsigned c = g_translate(w, gpa, w->acc, false, pa);
    w->r->pbmt = s1_pbmt ? s1_pbmt : w->leaf_pbmt[1];
    w->g_used = c == 0; /* the last G-stage walk: leaf_size[1] and leaf_wd[1] are its leaf's */
    return c;
}

/* Whether the naturally aligned range of size bytes that holds gpa holds a page of a virtual interrupt file.
 * Those pages are the pattern with the mask's bits in every combination (IOMMU spec "MSI address mask and
 * pattern"): each is enumerated (the generator's masks have at most 3 bits; a wider one is left open). */
static bool range_has_vif(walk_t *w, uint64_t gpa, uint64_t size)
{
    uint64_t lo = (gpa & ~(size - 1)) >> 12, n = size >> 12, base = w->msi_pat & ~w->msi_mask, sub = 0;
    if (__builtin_popcountll(w->msi_mask) > 12) { w->r->known = false; return false; }
    do {
        uint64_t page = base | sub;
        if (page - lo < n) return true;
        sub = (sub - w->msi_mask) & w->msi_mask; /* the next subset of the mask's bits */
    } while (sub);
    return false;
}

/* The completion of an ATS translation request whose walk (a read) ended with cause (0: translated to pa). */
static void ats_completion(walk_t *w, const oracle_request_t *q, unsigned cause, uint64_t pa)
{
    oracle_result_t *r = w->r;
    memset(&r->ats, 0, sizeof r->ats);
    r->ats.size = 0x1000;
    r->ats.priv = q->pv && q->priv; /* Priv: the requested privilege, 0 without a PASID */
    switch (cause) {
    case 0: break;
    /* "configuration error": Completer Abort; with the data corruptions (docs/decisions.md, the RAS
     * guidelines' Completer Abort) */
    case 1: case 5: case 7: case 261: case 263: case 265: case 267:
    case 268: case 269: case 270: case 271: case 272: case 274:
        r->ats.status = ORACLE_ATS_CA;
        return;
    /* permanent error or ATS disabled: Unsupported Request */
    case 256: case 257: case 258: case 259: case 260:
        r->ats.status = ORACLE_ATS_UR;
        return;
    default: /* page and guest-page faults, 262, 266: Success with R = W = 0, nothing recorded */
        r->reported = false;
        tr(w, "  ATS: cause %u -> Success with R = W = 0", cause);
        return;
    }
    r->ats.r = true;
    /* W: every stage's leaf must allow a write without a later D update; an MSI PTE stands for the second
     * stage with W = 1 and A = D = 1 ("Process to translate addresses of MSIs") */
    bool s1_w = !w->s1_used || w->leaf_wd[0];
    bool g_w = w->msi_hit || !w->g_used || w->leaf_wd[1];
    r->ats.w = s1_w && g_w;
    if (r->mrif) { /* Untranslated access only: no address (docs/formats.md) */
        r->ats.u = true;
        tr(w, "  ATS: MRIF-mode MSI -> U = 1, W = %d", r->ats.w);
        return;
    }
    r->ats.g = q->pv && w->s1_used && !w->msi_hit && w->leaf_g;
    const uint64_t bare = 2ull << 20;
    uint64_t s1_size = w->s1_used ? w->leaf_size[0] : bare;
    uint64_t g_size = w->msi_hit ? 0x1000 : w->g_used ? w->leaf_size[1] : bare;
    uint64_t size = s1_size < g_size ? s1_size : g_size;
    /* without T2GPA the device uses the range's SPAs untranslated: no virtual interrupt file's page in it */
    if (w->msi_flat && !w->msi_hit && !w->t2gpa)
        while (size > 0x1000 && range_has_vif(w, w->gpa, size)) size >>= 1;
    uint64_t out = w->t2gpa ? w->gpa : pa;
    r->ats.pa = out & ~(size - 1);
    r->ats.size = size;
    tr(w, "  ATS: Success pa 0x%" PRIx64 " size 0x%" PRIx64 " W %d (first-stage page 0x%" PRIx64 ", second 0x%" PRIx64 ")",
       r->ats.pa, size, r->ats.w, s1_size, g_size);
}

void oracle_translate(const oracle_t *o, const oracle_request_t *q, oracle_result_t *res)
{
    res->n_touch = 0;
    res->known = true;
    res->mrif = false;
    res->mrif_addr = res->notice_addr = 0;
    res->notice_data = 0;
    res->iotval2 = 0;
    res->pbmt = 0;
    res->trace_len = 0;
    res->trace[0] = 0;
    walk_t w = {.o = o, .r = res, .acc = q->acc, .ats = q->ats};
    uint64_t pa = 0;
    unsigned cause = translate(&w, q, &pa);
    res->fault = cause != 0;
    res->cause = cause;
    /* the cause table's "Reported if DTF is 1?" column */
    bool always = cause == 256 || cause == 257 || cause == 258 || cause == 259 || cause == 268 || cause == 272 ||
                  cause == 273;
    res->reported = res->fault && (!w.dtf || always);
    if (q->ats) ats_completion(&w, q, cause, pa);
    if (cause < 20 || cause > 23) res->iotval2 = 0;
    res->pa = cause ? 0 : pa;
    if (cause) res->pbmt = 0;
}
