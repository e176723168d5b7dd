/* Functional coverage bins and sampling (see coverage.h). Bin names and indexes both derive from the
 * tables below, so they cannot drift apart. */
#include "coverage.h"

#include <string.h>

#include "stim.h"

static const char *const state_names[] = {"Idle",  "Lookup", "DcReq", "DcWait", "DcCheck", "PteReq",
                                          "PteWait", "PteCheck", "Fault", "FqReq", "FqWait", "Respond"};
#define N_STATES 12

/* The transitions docs/microarch.md section 5.1 allows, as "from to" state codes. */
static const uint8_t transitions[][2] = {
    {0, 1},  {1, 11}, {1, 8},  {1, 2},  {2, 3},  {3, 2},  {3, 4},  {3, 8},  {4, 11}, {4, 8},  {4, 5},
    {5, 6},  {6, 7},  {6, 8},  {7, 5},  {7, 8},  {7, 11}, {8, 11}, {8, 9},  {9, 10}, {10, 9}, {10, 11},
    {11, 0},
};
#define N_TRANSITIONS (sizeof transitions / sizeof transitions[0])

/* Causes this RTL can report (docs/microarch.md), 0 meaning success. */
static const unsigned causes[] = {0, 1, 5, 7, 12, 13, 15, 256, 257, 258, 259, 260, 268, 274};
#define N_CAUSES (sizeof causes / sizeof causes[0])

static const char *const ttyp_groups[] = {"exec", "read", "write", "translated"};
#define N_TTYP 4

static const char *const registers[] = {"capabilities", "fctl", "ddtp", "fqb", "fqh", "fqt", "fqcsr", "ipsr", "icvec"};
#define N_REGS (sizeof registers / sizeof registers[0])

/* Bin layout: offsets of each group. */
enum {
    B_TRANS = 0,
    B_STALL = B_TRANS + N_TRANSITIONS,           /* per state: held more than one cycle */
    B_CAUSE = B_STALL + N_STATES,                /* ttyp group x cause */
    B_TLB_HIT = B_CAUSE + N_TTYP * N_CAUSES,     /* per way */
    B_TLB_FILL = B_TLB_HIT + 8,                  /* per way */
    B_TLB_EVICT = B_TLB_FILL + 8,
    B_TLB_MISS = B_TLB_EVICT + 1,
    B_LEVEL = B_TLB_MISS + 1,                    /* walk read at level 2, 1, 0 */
    B_MEMERR = B_LEVEL + 3,                      /* {DC, PTE, FQ} x {access, corrupt} */
    B_FQ_WRITE = B_MEMERR + 6,
    B_IRQ_RISE = B_FQ_WRITE + 1,
    B_IRQ_FALL = B_IRQ_RISE + 1,
    B_IRQ_VECTOR = B_IRQ_FALL + 1,               /* per vector: rose at least once */
    B_REG_READ = B_IRQ_VECTOR + 16,
    B_REG_WRITE = B_REG_READ + N_REGS,
    B_RSP_STALL = B_REG_WRITE + N_REGS,          /* response held by back-pressure */
    B_REQ_STALL = B_RSP_STALL + 1,               /* request waiting for req_ready */
    B_TOTAL = B_REQ_STALL + 1,
};

_Static_assert((int)B_TOTAL <= (int)COV_MAX_BINS, "too many coverage bins");

unsigned coverage_bin_count(void) { return B_TOTAL; }

void coverage_bin_name(unsigned bin, char *buf, size_t len)
{
    static const char *const where[] = {"dc", "pte", "fq"};
    if (bin < B_STALL) {
        snprintf(buf, len, "engine.%s->%s", state_names[transitions[bin][0]], state_names[transitions[bin][1]]);
    } else if (bin < B_CAUSE) {
        snprintf(buf, len, "engine.%s.held", state_names[bin - B_STALL]);
    } else if (bin < B_TLB_HIT) {
        unsigned t = (bin - B_CAUSE) / N_CAUSES, k = (bin - B_CAUSE) % N_CAUSES;
        if (causes[k] == 0) snprintf(buf, len, "response.%s.ok", ttyp_groups[t]);
        else snprintf(buf, len, "response.%s.cause%u", ttyp_groups[t], causes[k]);
    } else if (bin < B_TLB_FILL) {
        snprintf(buf, len, "iotlb.hit.way%u", bin - B_TLB_HIT);
    } else if (bin < B_TLB_EVICT) {
        snprintf(buf, len, "iotlb.fill.way%u", bin - B_TLB_FILL);
    } else if (bin == B_TLB_EVICT) {
        snprintf(buf, len, "iotlb.evict");
    } else if (bin == B_TLB_MISS) {
        snprintf(buf, len, "iotlb.miss");
    } else if (bin < B_MEMERR) {
        snprintf(buf, len, "walk.read.level%u", 2 - (bin - B_LEVEL));
    } else if (bin < B_FQ_WRITE) {
        snprintf(buf, len, "memerr.%s.%s", where[(bin - B_MEMERR) / 2], (bin - B_MEMERR) % 2 ? "corrupt" : "access");
    } else if (bin == B_FQ_WRITE) {
        snprintf(buf, len, "fq.record_write");
    } else if (bin == B_IRQ_RISE) {
        snprintf(buf, len, "irq.rise");
    } else if (bin == B_IRQ_FALL) {
        snprintf(buf, len, "irq.fall");
    } else if (bin < B_REG_READ) {
        snprintf(buf, len, "irq.vector%u", bin - B_IRQ_VECTOR);
    } else if (bin < B_REG_WRITE) {
        snprintf(buf, len, "reg.read.%s", registers[bin - B_REG_READ]);
    } else if (bin < B_RSP_STALL) {
        snprintf(buf, len, "reg.write.%s", registers[bin - B_REG_WRITE]);
    } else if (bin == B_RSP_STALL) {
        snprintf(buf, len, "backpressure.response");
    } else if (bin == B_REQ_STALL) {
        snprintf(buf, len, "backpressure.request");
    } else {
        snprintf(buf, len, "?");
    }
}

void coverage_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now)
{
    if (prev->obs_state != now->obs_state) {
        for (unsigned i = 0; i < N_TRANSITIONS; i++)
            if (transitions[i][0] == prev->obs_state && transitions[i][1] == now->obs_state) c->count[B_TRANS + i]++;
    } else if (now->obs_state < N_STATES && now->obs_state != 0) {
        c->count[B_STALL + now->obs_state]++;
    }
    if (now->obs_tlb_lookup) {
        if (now->obs_tlb_hit) c->count[B_TLB_HIT + (now->obs_tlb_hit_way & 7)]++;
        else c->count[B_TLB_MISS]++;
    }
    if (now->obs_tlb_fill) c->count[B_TLB_FILL + (now->obs_tlb_fill_way & 7)]++;
    if (now->obs_tlb_evict) c->count[B_TLB_EVICT]++;
    if (now->obs_state == 5 && prev->obs_state != 5 && now->obs_walk_level <= 2)
        c->count[B_LEVEL + 2 - now->obs_walk_level]++;
    uint16_t rose = (uint16_t)(now->wsi & ~prev->wsi), fell = (uint16_t)(prev->wsi & ~now->wsi);
    if (rose) c->count[B_IRQ_RISE]++;
    if (fell) c->count[B_IRQ_FALL]++;
    for (unsigned v = 0; v < 16; v++)
        if (rose & (1u << v)) c->count[B_IRQ_VECTOR + v]++;
    if (now->rsp_valid && prev->rsp_valid && now->rsp_tag == prev->rsp_tag) c->count[B_RSP_STALL]++;
}

void coverage_response(coverage_t *c, unsigned ttyp, const iommu_outputs_t *o)
{
    unsigned t = ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC ? 0 : ttyp == IOMMU_TTYP_UNTRANSLATED_READ ? 1
               : ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE ? 2 : 3;
    unsigned cause = o->rsp_fault ? o->rsp_cause : 0;
    for (unsigned k = 0; k < N_CAUSES; k++)
        if (causes[k] == cause) c->count[B_CAUSE + t * N_CAUSES + k]++;
}

void coverage_memory(coverage_t *c, unsigned engine_state, unsigned op, int err)
{
    (void)op;
    unsigned where = engine_state <= 3 ? 0 : engine_state <= 7 ? 1 : 2;
    if (where == 2 && err == 0) c->count[B_FQ_WRITE]++;
    if (err == 1 || err == 2) c->count[B_MEMERR + 2 * where + (unsigned)(err - 1)]++;
}

void coverage_register(coverage_t *c, uint16_t offset, int write)
{
    for (unsigned r = 0; r < N_REGS; r++) {
        uint16_t off;
        uint8_t size;
        if (stim_register_by_name(registers[r], &off, &size) && off == offset)
            c->count[(write ? B_REG_WRITE : B_REG_READ) + r]++;
    }
}

void coverage_request_stall(coverage_t *c) { c->count[B_REQ_STALL]++; }

void coverage_add(coverage_t *sum, const coverage_t *c)
{
    for (unsigned i = 0; i < B_TOTAL; i++) sum->count[i] += c->count[i];
}

void coverage_write(const coverage_t *c, FILE *f)
{
    for (unsigned i = 0; i < B_TOTAL; i++) {
        char name[64];
        coverage_bin_name(i, name, sizeof name);
        fprintf(f, "%llu %s\n", (unsigned long long)c->count[i], name);
    }
}
