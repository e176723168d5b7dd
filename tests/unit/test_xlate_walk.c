/* Unit test of the translation step machine (cmodel/arch/xlate.c) with the full configuration, against a small
 * in-memory table set. Expected outcomes come from the rules written out below (privileged spec "Virtual
 * Address Translation Process" steps 3, 6, 8, 9; IOMMU spec "Process-context fields" ENS/SUM;
 * "Fault/Event-Queue" iotval2), not from the model's check functions:
 *   1. every R/W/X/U/A/D leaf (xwr != 000) x access (exec/read/write) x privilege (User/Supervisor) x SUM x
 *      hardware A/D (SADE) at every leaf level of Sv32, Sv39, Sv48, Sv57 (PD8 process context);
 *   2. two-stage Sv39 + Sv39x4: success, guest-page faults on the implicit first-stage access and on the
 *      final GPA (iotval2), GADE updates of the second-stage leaf, ENS;
 *   3. second stage alone (first stage Bare): every R/W/X/U/A/D leaf x access x hardware A/D (GADE) at every
 *      leaf level of Sv32x4 (fctl.GXL = 1), Sv39x4, Sv48x4, Sv57x4, with a GPA that uses the two extra root
 *      index bits; misaligned superpages; GPA bits beyond the mode's width (hypervisor spec "Two-Stage
 *      Address Translation": every G-stage access is a User access, guest-page faults, 16 KiB root).
 * Every case runs twice: through xlate_run (memory at hand: each access made when a step wants it, a walk's
 * levels checked in one step), and step by step through xlate_step as the timing layer drives it (each
 * ARCH_STEP_MEM answered, each check step a step of its own); both must give the expected outcome.
 * Prints every failure with both values; exit 0 when all pass. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "xlate.h"

typedef struct {
    uint64_t addr[256], val[256];
    unsigned n, cas_count, cas_stored;
} tmem_t;

static uint64_t *slot(tmem_t *m, uint64_t addr, bool create)
{
    for (unsigned i = 0; i < m->n; i++)
        if (m->addr[i] == addr) return &m->val[i];
    if (!create || m->n == 256) return NULL;
    m->addr[m->n] = addr;
    m->val[m->n] = 0;
    return &m->val[m->n++];
}
static void poke(tmem_t *m, uint64_t addr, uint64_t v) { *slot(m, addr & ~7ull, true) = v; }
/* 4-byte store into the doubleword (Sv32 PTEs) */
static void poke32(tmem_t *m, uint64_t addr, uint32_t v)
{
    uint64_t *p = slot(m, addr & ~7ull, true);
    unsigned sh = (unsigned)(addr & 4) * 8;
    *p = (*p & ~(0xffffffffull << sh)) | ((uint64_t)v << sh);
}
static uint64_t peek(tmem_t *m, uint64_t addr)
{
    uint64_t *p = slot(m, addr & ~7ull, false);
    return p ? *p : 0;
}
static int m_read(void *u, uint64_t addr, unsigned n, uint64_t *d)
{
    for (unsigned k = 0; k < n; k++) d[k] = peek(u, addr + 8u * k);
    return 0;
}
static int m_write(void *u, uint64_t addr, uint64_t d, uint8_t be) { (void)be; poke(u, addr, d); return 0; }
static int m_cas(void *u, uint64_t addr, uint64_t cmp, uint64_t d, uint64_t *old)
{
    tmem_t *m = u;
    m->cas_count++;
    *old = peek(m, addr);
    if (*old == cmp) { poke(m, addr, d); m->cas_stored++; }
    return 0;
}

static unsigned failures, checks;

/* How the cases drive the machine (see the top): false = xlate_run, true = xlate_step. */
static bool by_steps;

static const xlate_result_t *drive(xlate_t *x, const iommu_mem_if_t *mif)
{
    if (!by_steps)
        return xlate_run(x, mif);
    mem_result_t res;
    enum arch_step st = xlate_step(x, NULL);
    for (unsigned n = 0; st != ARCH_STEP_DONE; n++) {
        if (n > 1000) { /* a walk has far fewer steps: the machine is stuck */
            printf("FAIL: the step machine did not finish in 1000 steps\n");
            failures++;
            break;
        }
        if (st == ARCH_STEP_MEM) {
            mem_if_perform(mif, &x->acc, &res);
            st = xlate_step(x, &res);
        } else {
            st = xlate_step(x, NULL);
        }
    }
    return &x->result;
}

#define CHECK_EQ(what, got, want)                                                                          \
    do {                                                                                                   \
        checks++;                                                                                          \
        if ((uint64_t)(got) != (uint64_t)(want)) {                                                         \
            failures++;                                                                                    \
            if (failures < 40)                                                                             \
                printf("FAIL %s%s: %s = 0x%" PRIx64 ", expected 0x%" PRIx64 "\n", by_steps ? "(by steps) " : "", \
                       ctx, what, (uint64_t)(got), (uint64_t)(want));                                      \
        }                                                                                                  \
    } while (0)

/* PTE bits (privileged spec "Sv32"/"Sv39" PTE format) */
enum { V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128 };

/* ------------------------------------------------------------------ part 1: single stage, every leaf */

typedef struct {
    const char *name;
    unsigned mode, levels, vpn_bits, pte_size;
} mode_row_t;
static const mode_row_t modes[] = {
    {"Sv32", 8, 2, 10, 4}, {"Sv39", 8, 3, 9, 8}, {"Sv48", 9, 4, 9, 8}, {"Sv57", 10, 5, 9, 8},
};

enum { DDT_PPN = 0x100, PDT_PPN = 0x200, PT_PPN = 0x300, DID = 1, PID = 1 };
static const uint64_t IOVA = 0x12345678;

/* The spec rule table for a leaf: returns true if the access is allowed (before A/D). */
static bool rule_allows(unsigned perm, int acc /* 0 x, 1 r, 2 w */, bool sup, bool sum)
{
    bool r = perm & R, w = perm & W, x = perm & X, u = perm & U;
    if (!r && w) return false;                        /* step 3: reserved encoding */
    if (!sup && !u) return false;                     /* step 6: User needs U */
    if (sup && u && (!sum || acc == 0)) return false; /* step 6: SUM; never execute from U pages */
    if (acc == 0 && !x) return false;                 /* step 8 */
    if (acc == 1 && !r) return false;
    if (acc == 2 && !w) return false;
    return true;
}

static void build_single(tmem_t *m, const mode_row_t *md, unsigned leaf_level, uint64_t leaf, bool sxl,
                         bool sade, bool sum)
{
    memset(m, 0, sizeof(*m));
    /* extended-format DC (MSI_FLAT = 1 in the full configuration): DDI[0] = did[5:0], 64 bytes */
    uint64_t dc = DDT_PPN * 4096ull + DID * 64;
    uint64_t tc = 1 | (1u << 5) /* PDTV */ | (sade ? 1u << 8 : 0) | (sxl ? 1u << 11 : 0);
    poke(m, dc + 0, tc);
    poke(m, dc + 24, (1ull << 60) | PDT_PPN); /* pdtp PD8 */
    uint64_t pc = PDT_PPN * 4096ull + PID * 16;
    poke(m, pc, 1 | 2 /* ENS */ | (sum ? 4 : 0));
    poke(m, pc + 8, ((uint64_t)md->mode << 60) | PT_PPN);
    for (unsigned i = md->levels - 1;; i--) {
        uint64_t table = (PT_PPN + (md->levels - 1 - i)) * 4096ull;
        uint64_t vpn = (IOVA >> (12 + md->vpn_bits * i)) & ((1u << md->vpn_bits) - 1);
        uint64_t addr = table + vpn * md->pte_size;
        uint64_t pte = i == leaf_level ? leaf : (((uint64_t)(PT_PPN + (md->levels - i)) << 10) | V);
        if (md->pte_size == 4) poke32(m, addr, (uint32_t)pte);
        else poke(m, addr, pte);
        if (i == leaf_level) break;
    }
}

static uint64_t read_leaf(tmem_t *m, const mode_row_t *md, unsigned leaf_level)
{
    uint64_t table = (PT_PPN + (md->levels - 1 - leaf_level)) * 4096ull;
    uint64_t vpn = (IOVA >> (12 + md->vpn_bits * leaf_level)) & ((1u << md->vpn_bits) - 1);
    uint64_t addr = table + vpn * md->pte_size;
    uint64_t v = peek(m, addr);
    return md->pte_size == 4 ? (v >> ((addr & 4) * 8)) & 0xffffffff : v;
}

static void part1(const iommu_config_t *cfg)
{
    char ctx[200];
    static const uint8_t ttyp_of[3] = {IOMMU_TTYP_UNTRANSLATED_EXEC, IOMMU_TTYP_UNTRANSLATED_READ,
                                       IOMMU_TTYP_UNTRANSLATED_WRITE};
    static const unsigned pf_of[3] = {12, 13, 15};
    tmem_t m;
    iommu_mem_if_t mif = {.read = m_read, .write = m_write, .cas = m_cas, .user = &m}; /* reads through the hook */
    for (unsigned mi = 0; mi < 4; mi++) {
        const mode_row_t *md = &modes[mi];
        for (unsigned lvl = 0; lvl < md->levels; lvl++) {
            /* a leaf PPN aligned to its level: a superpage when lvl > 0 */
            uint64_t ppn = (uint64_t)0x5 << (md->vpn_bits * lvl);
            for (unsigned perm = 0; perm < 256; perm += 2) { /* V set below; bits R..D */
                if (!(perm & (R | W | X)) || (perm & G)) continue; /* xwr = 000 is a pointer */
                for (int acc = 0; acc < 3; acc++)
                    for (int sup = 0; sup < 2; sup++)
                        for (int sum = 0; sum < 2; sum++)
                            for (int sade = 0; sade < 2; sade++) {
                                uint64_t leaf = (ppn << 10) | perm | V;
                                build_single(&m, md, lvl, leaf, md->pte_size == 4, sade, sum);
                                iommu_request_t req = {.did = DID, .pv = true, .pid = PID, .priv = sup,
                                                       .ttyp = ttyp_of[acc], .iova = IOVA};
                                xlate_t x;
                                xlate_start(&x, cfg, 0, &req, (1ull << 0) * 2 | ((uint64_t)DDT_PPN << 10));
                                const xlate_result_t *r = drive(&x, &mif);
                                bool allowed = rule_allows(perm, acc, sup, sum);
                                bool need_ad = !(perm & A) || (acc == 2 && !(perm & D));
                                bool ok = allowed && (!need_ad || sade);
                                snprintf(ctx, sizeof ctx, "%s leaf L%u perm=0x%02x acc=%d sup=%d sum=%d sade=%d",
                                         md->name, lvl, perm, acc, sup, sum, sade);
                                CHECK_EQ("fault", r->fault, !ok);
                                if (ok) {
                                    uint64_t low = (1ull << (12 + md->vpn_bits * lvl)) - 1;
                                    CHECK_EQ("pa", r->pa, ((ppn << 12) & ~low) | (IOVA & low));
                                    uint64_t want_leaf = leaf | (need_ad ? (A | (acc == 2 ? D : 0)) : 0);
                                    CHECK_EQ("leaf after A/D", read_leaf(&m, md, lvl), want_leaf);
                                    CHECK_EQ("CAS count", m.cas_count, need_ad ? 1 : 0);
                                } else {
                                    CHECK_EQ("cause", r->cause, pf_of[acc]);
                                    CHECK_EQ("iotval", r->iotval, IOVA);
                                    CHECK_EQ("iotval2", r->iotval2, 0);
                                    CHECK_EQ("CAS count", m.cas_count, 0);
                                }
                            }
            }
        }
    }
}

/* ------------------------------------------------------------------ part 2: two stages */

/* GPA g maps to SPA 0x40000000 + g through one 1 GiB Sv39x4 leaf (root entry 0). First stage Sv39 at GPA
 * 0x10000: L2 -> GPA 0x11000 -> 2 MiB leaf at GPA 0x200000. */
enum { G_ROOT = 0x400, SPA_BASE = 0x40000000 };
static void build_two(tmem_t *m, uint64_t g_leaf_perm, uint64_t fs_leaf_ppn, bool gade, bool supervisor_pc)
{
    memset(m, 0, sizeof(*m));
    uint64_t dc = DDT_PPN * 4096ull + DID * 64;
    poke(m, dc + 0, 1 | (gade ? 1u << 7 : 0) | (supervisor_pc ? 1u << 5 : 0));
    poke(m, dc + 8, (8ull << 60) | G_ROOT); /* Sv39x4 */
    if (supervisor_pc) {
        poke(m, dc + 24, (1ull << 60) | 0x20); /* pdtp PD8 at GPA 0x20000 */
        poke(m, SPA_BASE + 0x20000 + PID * 16, 1);          /* PC: V, ENS = 0 */
        poke(m, SPA_BASE + 0x20000 + PID * 16 + 8, (8ull << 60) | 0x10);
    } else {
        poke(m, dc + 24, (8ull << 60) | 0x10); /* iosatp Sv39, root GPA 0x10000 */
    }
    poke(m, G_ROOT * 4096ull, ((uint64_t)(SPA_BASE >> 12) << 10) | g_leaf_perm);
    uint64_t vpn1 = (IOVA >> 21) & 0x1ff;
    poke(m, SPA_BASE + 0x10000 + 0 * 8, (0x11ull << 10) | V);
    poke(m, SPA_BASE + 0x11000 + vpn1 * 8, (fs_leaf_ppn << 10) | V | R | W | U | A | D);
}

static void part2(const iommu_config_t *cfg)
{
    char ctx[200];
    tmem_t m;
    iommu_mem_if_t mif = {.read = m_read, .write = m_write, .cas = m_cas, .user = &m}; /* reads through the hook */
    uint64_t ddtp = 2 | ((uint64_t)DDT_PPN << 10);
    iommu_request_t rd = {.did = DID, .ttyp = IOMMU_TTYP_UNTRANSLATED_READ, .iova = IOVA};
    iommu_request_t wr = rd;
    wr.ttyp = IOMMU_TTYP_UNTRANSLATED_WRITE;
    xlate_t x;
    const xlate_result_t *r;
    uint64_t gfull = V | R | W | X | U | A | D;

    snprintf(ctx, sizeof ctx, "two-stage success");
    build_two(&m, gfull, 0x200, false, false);
    xlate_start(&x, cfg, 0, &rd, ddtp);
    r = drive(&x, &mif);
    CHECK_EQ("fault", r->fault, 0);
    CHECK_EQ("pa", r->pa, SPA_BASE + 0x200000 + (IOVA & 0x1fffff));

    snprintf(ctx, sizeof ctx, "G leaf U=0: implicit access to the first-stage root PTE");
    build_two(&m, gfull & ~(uint64_t)U, 0x200, false, false);
    xlate_start(&x, cfg, 0, &rd, ddtp);
    r = drive(&x, &mif);
    CHECK_EQ("cause", r->cause, 21);
    CHECK_EQ("iotval", r->iotval, IOVA);
    CHECK_EQ("iotval2", r->iotval2, 0x10000 | 1); /* GPA of the root PTE, implicit read */

    snprintf(ctx, sizeof ctx, "final GPA outside the G mapping (write)");
    build_two(&m, gfull, 0x40000, false, false);
    xlate_start(&x, cfg, 0, &wr, ddtp);
    r = drive(&x, &mif);
    CHECK_EQ("cause", r->cause, 23);
    CHECK_EQ("iotval2", r->iotval2, (0x40000000ull + (IOVA & 0x1fffff)) & ~3ull);

    snprintf(ctx, sizeof ctx, "G leaf A=0 without GADE");
    build_two(&m, gfull & ~(uint64_t)(A | D), 0x200, false, false);
    xlate_start(&x, cfg, 0, &rd, ddtp);
    r = drive(&x, &mif);
    CHECK_EQ("cause", r->cause, 21);
    CHECK_EQ("iotval2", r->iotval2, 0x10001);

    snprintf(ctx, sizeof ctx, "G leaf A=D=0 with GADE, write");
    build_two(&m, gfull & ~(uint64_t)(A | D), 0x200, true, false);
    xlate_start(&x, cfg, 0, &wr, ddtp);
    r = drive(&x, &mif);
    CHECK_EQ("fault", r->fault, 0);
    CHECK_EQ("pa", r->pa, SPA_BASE + 0x200000 + (IOVA & 0x1fffff));
    /* implicit reads set A only; the final write sets D */
    CHECK_EQ("G leaf", peek(&m, G_ROOT * 4096ull), ((uint64_t)(SPA_BASE >> 12) << 10) | gfull);
    CHECK_EQ("CAS stored", m.cas_stored, 2);

    snprintf(ctx, sizeof ctx, "Supervisor request, PC.ta.ENS = 0");
    build_two(&m, gfull, 0x200, false, true);
    iommu_request_t sr = rd;
    sr.pv = true;
    sr.pid = PID;
    sr.priv = true;
    xlate_start(&x, cfg, 0, &sr, ddtp);
    r = drive(&x, &mif);
    CHECK_EQ("cause", r->cause, 260);
    sr.priv = false;
    snprintf(ctx, sizeof ctx, "User request through PD8 with second stage");
    xlate_start(&x, cfg, 0, &sr, ddtp);
    r = drive(&x, &mif);
    CHECK_EQ("fault", r->fault, 0);
    CHECK_EQ("pa", r->pa, SPA_BASE + 0x200000 + (IOVA & 0x1fffff));
}

/* ------------------------------------------------------------------ part 3: second stage, every leaf */

typedef struct {
    const char *name;
    unsigned mode, levels, vpn_bits, pte_size, gpa_bits;
    bool gxl;
} gmode_row_t;
static const gmode_row_t gmodes[] = {
    {"Sv32x4", 8, 2, 10, 4, 34, true}, {"Sv39x4", 8, 3, 9, 8, 41, false},
    {"Sv48x4", 9, 4, 9, 8, 50, false}, {"Sv57x4", 10, 5, 9, 8, 59, false},
};
enum { G3_ROOT = 0x400 /* 16 KiB aligned */, G3_NEXT = 0x500 };

/* The VPN[i] of a GPA: the root index (i = levels - 1) has two more bits. */
static uint64_t gvpn(const gmode_row_t *md, uint64_t gpa, unsigned i)
{
    unsigned bits = md->vpn_bits + (i == md->levels - 1 ? 2 : 0);
    return (gpa >> (12 + md->vpn_bits * i)) & ((1ull << bits) - 1);
}

static uint64_t gpte_addr(const gmode_row_t *md, uint64_t gpa, unsigned i)
{
    uint64_t table = i == md->levels - 1 ? G3_ROOT * 4096ull : (G3_NEXT + (md->levels - 2 - i)) * 4096ull;
    return table + gvpn(md, gpa, i) * md->pte_size;
}

static void build_gstage(tmem_t *m, const gmode_row_t *md, uint64_t gpa, unsigned leaf_level, uint64_t leaf,
                         bool gade)
{
    memset(m, 0, sizeof(*m));
    uint64_t dc = DDT_PPN * 4096ull + DID * 64;
    poke(m, dc + 0, 1 | (gade ? 1u << 7 : 0) | (md->gxl ? 1u << 11 : 0)); /* V, GADE, SXL = GXL */
    poke(m, dc + 8, ((uint64_t)md->mode << 60) | G3_ROOT);               /* iohgatp */
    for (unsigned i = md->levels - 1;; i--) {
        uint64_t pte = i == leaf_level ? leaf : (((uint64_t)(G3_NEXT + (md->levels - 2 - (i - 1))) << 10) | V);
        if (md->pte_size == 4) poke32(m, gpte_addr(md, gpa, i), (uint32_t)pte);
        else poke(m, gpte_addr(md, gpa, i), pte);
        if (i == leaf_level) break;
    }
}

static uint64_t read_gleaf(tmem_t *m, const gmode_row_t *md, uint64_t gpa, unsigned leaf_level)
{
    uint64_t addr = gpte_addr(md, gpa, leaf_level);
    uint64_t v = peek(m, addr);
    return md->pte_size == 4 ? (v >> ((addr & 4) * 8)) & 0xffffffff : v;
}

/* The G-stage rule for a leaf: every access is a User access, so U must be 1 (no SUM, no Supervisor). */
static bool grule_allows(unsigned perm, int acc /* 0 x, 1 r, 2 w */)
{
    if (!(perm & R) && (perm & W)) return false;
    if (!(perm & U)) return false;
    return acc == 0 ? (perm & X) != 0 : acc == 1 ? (perm & R) != 0 : (perm & W) != 0;
}

static void part3(const iommu_config_t *cfg)
{
    char ctx[200];
    static const uint8_t ttyp_of[3] = {IOMMU_TTYP_UNTRANSLATED_EXEC, IOMMU_TTYP_UNTRANSLATED_READ,
                                       IOMMU_TTYP_UNTRANSLATED_WRITE};
    static const unsigned gpf_of[3] = {20, 21, 23}; /* instruction, load, store guest-page faults */
    tmem_t m;
    iommu_mem_if_t mif = {.read = m_read, .write = m_write, .cas = m_cas, .user = &m}; /* reads through the hook */
    uint64_t ddtp = 2 | ((uint64_t)DDT_PPN << 10);
    for (unsigned mi = 0; mi < 4; mi++) {
        const gmode_row_t *md = &gmodes[mi];
        uint64_t fctl = md->gxl ? 1u << 2 : 0;
        /* the top GPA bit is one of the two extra root-index bits */
        uint64_t gpa = (1ull << (md->gpa_bits - 1)) | 0x12345678;
        for (unsigned lvl = 0; lvl < md->levels; lvl++) {
            uint64_t ppn = (uint64_t)0x5 << (md->vpn_bits * lvl);
            uint64_t low = (1ull << (12 + md->vpn_bits * lvl)) - 1;
            for (unsigned perm = 0; perm < 256; perm += 2) {
                if (!(perm & (R | W | X)) || (perm & G)) continue;
                for (int acc = 0; acc < 3; acc++)
                    for (int gade = 0; gade < 2; gade++) {
                        uint64_t leaf = (ppn << 10) | perm | V;
                        build_gstage(&m, md, gpa, lvl, leaf, gade);
                        iommu_request_t req = {.did = DID, .ttyp = ttyp_of[acc], .iova = gpa};
                        xlate_t x;
                        xlate_start(&x, cfg, fctl, &req, ddtp);
                        const xlate_result_t *r = drive(&x, &mif);
                        bool need_ad = !(perm & A) || (acc == 2 && !(perm & D));
                        bool ok = grule_allows(perm, acc) && (!need_ad || gade);
                        snprintf(ctx, sizeof ctx, "%s G leaf L%u perm=0x%02x acc=%d gade=%d", md->name, lvl, perm,
                                 acc, gade);
                        CHECK_EQ("fault", r->fault, !ok);
                        if (ok) {
                            CHECK_EQ("pa", r->pa, ((ppn << 12) & ~low) | (gpa & low));
                            uint64_t want = leaf | (need_ad ? (A | (acc == 2 ? D : 0)) : 0);
                            CHECK_EQ("G leaf after A/D", read_gleaf(&m, md, gpa, lvl), want);
                            CHECK_EQ("CAS count", m.cas_count, need_ad ? 1 : 0);
                        } else {
                            CHECK_EQ("cause", r->cause, gpf_of[acc]);
                            CHECK_EQ("iotval", r->iotval, gpa);
                            CHECK_EQ("iotval2", r->iotval2, gpa & ~3ull); /* not an implicit access */
                            CHECK_EQ("CAS count", m.cas_count, 0);
                        }
                    }
            }
            if (lvl > 0) {
                /* a superpage whose PPN is not aligned to its level: guest-page fault */
                uint64_t leaf = ((ppn + 1) << 10) | V | R | W | X | U | A | D;
                build_gstage(&m, md, gpa, lvl, leaf, false);
                iommu_request_t req = {.did = DID, .ttyp = IOMMU_TTYP_UNTRANSLATED_READ, .iova = gpa};
                xlate_t x;
                xlate_start(&x, cfg, fctl, &req, ddtp);
                const xlate_result_t *r = drive(&x, &mif);
                snprintf(ctx, sizeof ctx, "%s misaligned G superpage L%u", md->name, lvl);
                CHECK_EQ("fault", r->fault, 1);
                CHECK_EQ("cause", r->cause, 21);
            }
        }
        /* a GPA with a bit set beyond the mode's width: guest-page fault before any G-stage PTE read */
        uint64_t wide = gpa | (1ull << md->gpa_bits);
        build_gstage(&m, md, gpa, 0, (0x5ull << 10) | V | R | W | X | U | A | D, false);
        iommu_request_t req = {.did = DID, .ttyp = IOMMU_TTYP_UNTRANSLATED_WRITE, .iova = wide};
        xlate_t x;
        xlate_start(&x, cfg, fctl, &req, ddtp);
        const xlate_result_t *r = drive(&x, &mif);
        snprintf(ctx, sizeof ctx, "%s GPA bit %u set", md->name, md->gpa_bits);
        CHECK_EQ("fault", r->fault, 1);
        CHECK_EQ("cause", r->cause, 23);
        CHECK_EQ("iotval2", r->iotval2, wide & ~3ull);
    }
}

int main(void)
{
    iommu_config_t cfg;
    iommu_config_full(&cfg);
    for (int steps = 0; steps < 2; steps++) {
        by_steps = steps;
        part1(&cfg);
        part2(&cfg);
        part3(&cfg);
    }
    printf("%s: %u checks, %u failures\n", failures ? "FAIL" : "PASS", checks, failures);
    return failures ? 1 : 0;
}
