/* Register semantics of the IOMMU (docs/microarch.md section 3; IOMMU spec "capabilities", "fctl",
 * "ddtp", "fqb", "fqh", "fqt", "fqcsr", "ipsr", "icvec"). Every offset not implemented here reads 0 and
 * ignores writes. */
#include "regs.h"

#include <string.h>

#include "spec_fields.h"

void regs_reset(iommu_regs_t *r)
{
    memset(r, 0, sizeof(*r));
    r->ddtp = ddtp_iommu_mode_ins(0, DDTP_MODE_OFF);
    r->ddtp_active = r->ddtp;
}

unsigned regs_fq_log2sz(const iommu_regs_t *r) { return (unsigned)fqb_LOG2SZM1(r->fqb) + 1; }

uint32_t regs_fq_index_mask(const iommu_regs_t *r) { return (uint32_t)field_ones(regs_fq_log2sz(r)); }

static uint64_t ddtp_value(const iommu_regs_t *r) { return ddtp_busy_ins(r->ddtp, r->ddtp_busy); }

static uint32_t fqcsr_value(const iommu_regs_t *r)
{
    uint64_t v = 0;
    v = fqcsr_fqen_ins(v, r->fqen);
    v = fqcsr_fie_ins(v, r->fie);
    v = fqcsr_fqmf_ins(v, r->fqmf);
    v = fqcsr_fqof_ins(v, r->fqof);
    v = fqcsr_fqon_ins(v, r->fqon);
    v = fqcsr_busy_ins(v, r->fqcsr_busy);
    return (uint32_t)v;
}

/* The 32-bit word at a 4-byte aligned offset (a half of an 8-byte register, or a 4-byte register). */
static uint32_t read_word(const iommu_regs_t *r, uint16_t off)
{
    switch (off) {
    case REG_CAPABILITIES: return (uint32_t)IOMMU_CAPABILITIES;
    case REG_CAPABILITIES + 4: return (uint32_t)(IOMMU_CAPABILITIES >> 32);
    case REG_FCTL: return IOMMU_FCTL;
    case REG_DDTP: return (uint32_t)ddtp_value(r);
    case REG_DDTP + 4: return (uint32_t)(ddtp_value(r) >> 32);
    case REG_FQB: return (uint32_t)r->fqb;
    case REG_FQB + 4: return (uint32_t)(r->fqb >> 32);
    case REG_FQH: return r->fqh;
    case REG_FQT: return r->fqt;
    case REG_FQCSR: return fqcsr_value(r);
    case REG_IPSR: return (uint32_t)ipsr_fip_ins(0, r->fip);
    case REG_ICVEC: return (uint32_t)r->icvec;
    case REG_ICVEC + 4: return (uint32_t)(r->icvec >> 32);
    default: return 0;
    }
}

uint64_t regs_read(const iommu_regs_t *r, uint16_t offset, bool size8)
{
    offset &= 0xfff;
    if (size8) {
        offset &= (uint16_t)~7u;
        return (uint64_t)read_word(r, offset) | ((uint64_t)read_word(r, (uint16_t)(offset + 4)) << 32);
    }
    return read_word(r, (uint16_t)(offset & ~3u));
}

/* ---- writes of the 8-byte registers (whole new value, after merging a 4-byte half) ---- */

static void write_ddtp(iommu_regs_t *r, uint64_t v)
{
    if (r->ddtp_busy)
        return; /* a write while busy is ignored */
    uint64_t mode = ddtp_iommu_mode(v);
    if (mode != DDTP_MODE_OFF && mode != DDTP_MODE_BARE && mode != DDTP_MODE_1LVL)
        return; /* unsupported mode: the write is ignored entirely */
    r->ddtp = v & (ddtp_iommu_mode_MASK | ddtp_PPN_MASK);
    r->ddtp_busy = true;
}

static void write_fqb(iommu_regs_t *r, uint64_t v)
{
    r->fqb = v & (fqb_LOG2SZM1_MASK | fqb_PPN_MASK);
    r->fqh &= regs_fq_index_mask(r); /* fqh bits at and above the new LOG2SZ read 0 */
}

static void write_icvec(iommu_regs_t *r, uint64_t v)
{
    r->icvec = v & (icvec_civ_MASK | icvec_fiv_MASK | icvec_pmiv_MASK | icvec_piv_MASK);
}

/* ---- writes of the 4-byte registers ---- */

static void write_fqcsr(iommu_regs_t *r, uint32_t v)
{
    if (r->fqcsr_busy)
        return; /* a write while busy is ignored */
    r->fqen = fqcsr_fqen(v);
    r->fie = fqcsr_fie(v);
    if (fqcsr_fqmf(v))
        r->fqmf = false; /* RW1C */
    if (fqcsr_fqof(v))
        r->fqof = false; /* RW1C */
    r->fqcsr_busy = true;
}

static void write_word(iommu_regs_t *r, uint16_t off, uint32_t v)
{
    switch (off) {
    case REG_FQH:
        r->fqh = v & regs_fq_index_mask(r);
        break;
    case REG_FQCSR:
        write_fqcsr(r, v);
        break;
    case REG_IPSR:
        if (ipsr_fip(v))
            r->fip = false; /* RW1C; re-set by regs_update_fip while the condition holds */
        break;
    default:
        break; /* read-only, unimplemented or reserved */
    }
}

void regs_write(iommu_regs_t *r, uint16_t offset, bool size8, uint64_t wdata)
{
    offset &= 0xfff;
    uint16_t base = (uint16_t)(offset & ~7u);
    void (*write64)(iommu_regs_t *, uint64_t) = NULL;
    uint64_t old = 0;
    switch (base) {
    case REG_DDTP: write64 = write_ddtp; old = r->ddtp; break;
    case REG_FQB: write64 = write_fqb; old = r->fqb; break;
    case REG_ICVEC: write64 = write_icvec; old = r->icvec; break;
    default: break;
    }
    if (write64) {
        uint64_t v;
        if (size8)
            v = wdata;
        else if (offset & 4)
            v = (old & 0xffffffffull) | (wdata << 32);
        else
            v = (old & ~0xffffffffull) | (wdata & 0xffffffffull);
        write64(r, v);
        return;
    }
    if (size8) {
        /* two neighbouring 4-byte registers (or an unimplemented 8-byte one), low half first */
        write_word(r, base, (uint32_t)wdata);
        write_word(r, (uint16_t)(base + 4), (uint32_t)(wdata >> 32));
    } else {
        write_word(r, (uint16_t)(offset & ~3u), (uint32_t)wdata);
    }
}

void regs_ddtp_complete(iommu_regs_t *r)
{
    r->ddtp_active = r->ddtp;
    r->ddtp_busy = false;
}

void regs_fqcsr_complete(iommu_regs_t *r)
{
    if (!r->fqon && r->fqen) {
        r->fqt = 0;
        r->fqmf = false;
        r->fqof = false;
    }
    r->fqon = r->fqen;
    r->fqcsr_busy = false;
}

void regs_fq_event(iommu_regs_t *r, enum fq_event ev)
{
    switch (ev) {
    case FQ_EVENT_OVERFLOW: r->fqof = true; break;
    case FQ_EVENT_MEMFAULT: r->fqmf = true; break;
    case FQ_EVENT_COMMIT: r->fqt = (r->fqt + 1) & regs_fq_index_mask(r); break;
    default: break;
    }
}

void regs_update_fip(iommu_regs_t *r, bool record_committed)
{
    if (r->fie && (r->fqof || r->fqmf || record_committed))
        r->fip = true;
}

uint16_t regs_wsi(const iommu_regs_t *r)
{
    /* fctl.WSI is 1: the fip bit drives the wire selected by icvec.fiv (spec "ipsr") */
    return r->fip ? (uint16_t)(1u << icvec_fiv(r->icvec)) : 0;
}
