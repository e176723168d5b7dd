/* Register semantics of the IOMMU, driven by the configuration (IOMMU spec "Register layout", "Reset
 * behavior", and the sections of every register; docs/microarch.md section 3 for the RTL configuration).
 * Offsets that the configuration does not implement read 0 and ignore writes. */
#include "regs.h"

#include <string.h>

#include "spec_fields.h"

/* ---- what the configuration implements ---- */

static bool has_cq(const iommu_regs_t *r) { return r->cfg->cq_log2sz_max > 0; }
static bool has_pq(const iommu_regs_t *r) { return r->cfg->pq_log2sz_max > 0; }
static bool has_hpm(const iommu_regs_t *r) { return capabilities_HPM(r->cfg->capabilities) != 0; }
static bool has_dbg(const iommu_regs_t *r) { return capabilities_DBG(r->cfg->capabilities) != 0; }
static bool has_qosid(const iommu_regs_t *r) { return capabilities_QOSID(r->cfg->capabilities) != 0; }
static bool has_msi(const iommu_regs_t *r) { return capabilities_IGS(r->cfg->capabilities) != IGS_WSI; }

/* PPN fields are WARL to the physical address size (spec "capabilities": addresses 0 .. 2^PAS - 1). */
static uint64_t ppn_mask(const iommu_regs_t *r)
{
    unsigned pas = (unsigned)capabilities_PAS(r->cfg->capabilities);
    return field_ones(pas > 12 ? pas - 12 : 0) << 10;
}

void regs_reset(iommu_regs_t *r, const iommu_config_t *cfg)
{
    memset(r, 0, sizeof(*r));
    r->cfg = cfg;
    /* fctl: WSI reads 1 when only WSI exists; with BOTH it resets to 0 (docs/config.md table) */
    r->fctl = (uint32_t)fctl_WSI_ins(0, capabilities_IGS(cfg->capabilities) == IGS_WSI);
    r->ddtp = ddtp_iommu_mode_ins(0, DDTP_MODE_OFF);
    r->ddtp_active = r->ddtp;
}

/* LOG2SZ-1 is WARL: a size above the configuration's largest becomes the largest. */
static uint64_t warl_log2szm1(uint64_t v, unsigned log2sz_max)
{
    uint64_t m1 = v & 0x1f;
    return m1 + 1 > log2sz_max ? log2sz_max - 1 : m1;
}

unsigned regs_fq_log2sz(const iommu_regs_t *r) { return (unsigned)fqb_LOG2SZM1(r->fqb) + 1; }
uint32_t regs_fq_index_mask(const iommu_regs_t *r) { return (uint32_t)field_ones(regs_fq_log2sz(r)); }
uint32_t regs_cq_index_mask(const iommu_regs_t *r) { return (uint32_t)field_ones((unsigned)cqb_LOG2SZM1(r->cqb) + 1); }
uint32_t regs_pq_index_mask(const iommu_regs_t *r) { return (uint32_t)field_ones((unsigned)pqb_LOG2SZM1(r->pqb) + 1); }

static uint64_t ddtp_value(const iommu_regs_t *r) { return ddtp_busy_ins(r->ddtp, r->ddtp_busy); }

static uint32_t cqcsr_value(const iommu_regs_t *r)
{
    uint64_t v = 0;
    v = cqcsr_cqen_ins(v, r->cqen);
    v = cqcsr_cie_ins(v, r->cie);
    v = cqcsr_cqmf_ins(v, r->cqmf);
    v = cqcsr_cmd_to_ins(v, r->cmd_to);
    v = cqcsr_cmd_ill_ins(v, r->cmd_ill);
    v = cqcsr_fence_w_ip_ins(v, r->fence_w_ip);
    v = cqcsr_cqon_ins(v, r->cqon);
    v = cqcsr_busy_ins(v, r->cqcsr_busy);
    return (uint32_t)v;
}

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

static uint32_t pqcsr_value(const iommu_regs_t *r)
{
    uint64_t v = 0;
    v = pqcsr_pqen_ins(v, r->pqen);
    v = pqcsr_pie_ins(v, r->pie);
    v = pqcsr_pqmf_ins(v, r->pqmf);
    v = pqcsr_pqof_ins(v, r->pqof);
    v = pqcsr_pqon_ins(v, r->pqon);
    v = pqcsr_busy_ins(v, r->pqcsr_busy);
    return (uint32_t)v;
}

static uint32_t ipsr_value(const iommu_regs_t *r)
{
    uint64_t v = 0;
    v = ipsr_cip_ins(v, r->cip);
    v = ipsr_fip_ins(v, r->fip);
    v = ipsr_pmip_ins(v, r->pmip);
    v = ipsr_pip_ins(v, r->pip);
    return (uint32_t)v;
}

static uint32_t iocountovf_value(const iommu_regs_t *r)
{
    uint32_t v = (uint32_t)iohpmcycles_OF(r->iohpmcycles);
    for (unsigned n = 1; n <= r->cfg->hpm_counters; n++)
        v |= (uint32_t)iohpmevt_OF(r->iohpmevt[n]) << n;
    return v;
}

/* Index N of iohpmctrN / iohpmevtN at an 8-byte aligned offset, or 0 when not an implemented one. */
static unsigned hpm_index(const iommu_regs_t *r, uint16_t base, uint16_t first)
{
    if (!has_hpm(r) || base < first || base >= first + 31 * 8)
        return 0;
    unsigned n = (unsigned)(base - first) / 8 + 1;
    return n <= r->cfg->hpm_counters ? n : 0;
}

/* MSI table entry at an offset, or -1 (entries exist for the implemented vectors only). */
static int msi_entry(const iommu_regs_t *r, uint16_t off)
{
    if (!has_msi(r) || off < REG_MSI_CFG_TBL || off >= REG_MSI_CFG_TBL + 256)
        return -1;
    int x = (off - REG_MSI_CFG_TBL) / 16;
    return (unsigned)x < r->cfg->interrupt_vectors ? x : -1;
}

/* The value of the 8-byte register at an 8-byte aligned offset; false when the offset holds no
 * implemented 8-byte register. */
static bool reg64_value(const iommu_regs_t *r, uint16_t base, uint64_t *v)
{
    unsigned n;
    switch (base) {
    case REG_CAPABILITIES: *v = r->cfg->capabilities; return true;
    case REG_DDTP: *v = ddtp_value(r); return true;
    case REG_CQB: if (!has_cq(r)) return false; *v = r->cqb; return true;
    case REG_FQB: *v = r->fqb; return true;
    case REG_PQB: if (!has_pq(r)) return false; *v = r->pqb; return true;
    case REG_IOHPMCYCLES: if (!has_hpm(r)) return false; *v = r->iohpmcycles; return true;
    case REG_TR_REQ_IOVA: if (!has_dbg(r)) return false; *v = r->tr_req_iova; return true;
    case REG_TR_REQ_CTL: if (!has_dbg(r)) return false; *v = r->tr_req_ctl; return true;
    case REG_TR_RESPONSE: if (!has_dbg(r)) return false; *v = r->tr_response; return true;
    case REG_ICVEC: *v = r->icvec; return true;
    default: break;
    }
    if ((n = hpm_index(r, base, REG_IOHPMCTR1)) != 0) { *v = r->iohpmctr[n]; return true; }
    if ((n = hpm_index(r, base, REG_IOHPMEVT1)) != 0) { *v = r->iohpmevt[n]; return true; }
    int x = msi_entry(r, base);
    if (x >= 0 && (base & 8u) == 0) { *v = r->msi_addr[x]; return true; }
    return false;
}

/* The 32-bit word at a 4-byte aligned offset (a half of an 8-byte register, or a 4-byte register). */
static uint32_t read_word(const iommu_regs_t *r, uint16_t off)
{
    uint64_t v64;
    if (reg64_value(r, (uint16_t)(off & ~7u), &v64))
        return (uint32_t)(off & 4u ? v64 >> 32 : v64);
    int x = msi_entry(r, off);
    if (x >= 0)
        return (off & 4u) ? r->msi_vec_ctl[x] : r->msi_data[x];
    switch (off) {
    case REG_FCTL: return r->fctl;
    case REG_CQH: return has_cq(r) ? r->cqh : 0;
    case REG_CQT: return has_cq(r) ? r->cqt : 0;
    case REG_FQH: return r->fqh;
    case REG_FQT: return r->fqt;
    case REG_PQH: return has_pq(r) ? r->pqh : 0;
    case REG_PQT: return has_pq(r) ? r->pqt : 0;
    case REG_CQCSR: return has_cq(r) ? cqcsr_value(r) : 0;
    case REG_FQCSR: return fqcsr_value(r);
    case REG_PQCSR: return has_pq(r) ? pqcsr_value(r) : 0;
    case REG_IPSR: return ipsr_value(r);
    case REG_IOCOUNTOVF: return has_hpm(r) ? iocountovf_value(r) : 0;
    case REG_IOCOUNTINH: return has_hpm(r) ? r->iocountinh : 0;
    case REG_IOMMU_QOSID: return has_qosid(r) ? r->iommu_qosid : 0;
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
        return; /* a write while busy is ignored (spec "ddtp": UNSPECIFIED; docs/microarch.md 3) */
    uint64_t mode = ddtp_iommu_mode(v);
    if (mode > 31 || !((r->cfg->ddtp_modes >> mode) & 1u))
        return; /* unsupported mode: the write is ignored entirely */
    r->ddtp = v & (ddtp_iommu_mode_MASK | (ddtp_PPN_MASK & ppn_mask(r)));
    r->ddtp_busy = true;
}

/* A 4-byte write of ddtp bits 63:32 stores the upper PPN bits only: busy is set by a write of iommu_mode
 * (spec "ddtp"), so a driver writing the upper half first switches once, with its lower-half write
 * (docs/microarch.md section 3). */
static void write_ddtp_high(iommu_regs_t *r, uint32_t hi)
{
    if (r->ddtp_busy)
        return;
    uint64_t v = (r->ddtp & 0xffffffffull) | ((uint64_t)hi << 32);
    r->ddtp = v & (ddtp_iommu_mode_MASK | (ddtp_PPN_MASK & ppn_mask(r)));
}

static void write_cqb(iommu_regs_t *r, uint64_t v)
{
    r->cqb = cqb_LOG2SZM1_ins(v & cqb_PPN_MASK & ppn_mask(r), warl_log2szm1(v, r->cfg->cq_log2sz_max));
    r->cqt &= regs_cq_index_mask(r); /* spec "cqb": cqt bits 31:LOG2SZ read 0 after a cqb write */
}

static void write_fqb(iommu_regs_t *r, uint64_t v)
{
    r->fqb = fqb_LOG2SZM1_ins(v & fqb_PPN_MASK & ppn_mask(r), warl_log2szm1(v, r->cfg->fq_log2sz_max));
    r->fqh &= regs_fq_index_mask(r); /* fqh bits at and above the new LOG2SZ read 0 */
}

static void write_pqb(iommu_regs_t *r, uint64_t v)
{
    r->pqb = pqb_LOG2SZM1_ins(v & pqb_PPN_MASK & ppn_mask(r), warl_log2szm1(v, r->cfg->pq_log2sz_max));
    r->pqh &= regs_pq_index_mask(r);
}

static uint64_t icvec_field_warl(const iommu_regs_t *r, uint64_t x) { return x & (r->cfg->interrupt_vectors - 1u); }

static void write_icvec(iommu_regs_t *r, uint64_t v)
{
    uint64_t n = 0;
    n = icvec_civ_ins(n, icvec_field_warl(r, icvec_civ(v)));
    n = icvec_fiv_ins(n, icvec_field_warl(r, icvec_fiv(v)));
    n = icvec_pmiv_ins(n, icvec_field_warl(r, icvec_pmiv(v)));
    n = icvec_piv_ins(n, icvec_field_warl(r, icvec_piv(v)));
    r->icvec = n;
}

static void write_iohpmcycles(iommu_regs_t *r, uint64_t v)
{
    r->iohpmcycles = v & (iohpmcycles_counter_MASK | iohpmcycles_OF_MASK);
}

static void write_iohpmevt(iommu_regs_t *r, unsigned n, uint64_t v)
{
    /* eventID is WARL: the events this model counts (0..3: untranslated, translated and ATS translation
     * requests) are kept; TLB misses and walks (4..8), which the architectural layer has no caches to define,
     * and reserved and custom encodings become 0 (count nothing), a legal value (docs/decisions.md) */
    if (iohpmevt_eventID(v) > HPM_EV_ATS)
        v = iohpmevt_eventID_ins(v, 0);
    r->iohpmevt[n] = v;
    r->hpm_evt_set = (r->hpm_evt_set & ~(1u << n)) | ((uint32_t)(iohpmevt_eventID(v) != 0) << n);
}

static void write_tr_req_ctl(iommu_regs_t *r, uint64_t v)
{
    if (tr_req_ctl_Go_Busy(r->tr_req_ctl))
        return; /* spec "Debug support": modifying while Go/Busy is 1 is UNSPECIFIED; ignored here */
    r->tr_req_ctl = v & (tr_req_ctl_Go_Busy_MASK | tr_req_ctl_Priv_MASK | tr_req_ctl_Exe_MASK | tr_req_ctl_NW_MASK |
                         tr_req_ctl_PID_MASK | tr_req_ctl_PV_MASK | tr_req_ctl_DID_MASK);
}

/* ---- writes of the 4-byte registers ---- */

static void write_fctl(iommu_regs_t *r, uint32_t v)
{
    const iommu_config_t *c = r->cfg;
    uint64_t f = r->fctl;
    if (c->fctl_be_writable) f = fctl_BE_ins(f, fctl_BE(v));
    if (c->fctl_wsi_writable) f = fctl_WSI_ins(f, fctl_WSI(v));
    if (c->fctl_gxl_writable) f = fctl_GXL_ins(f, fctl_GXL(v));
    r->fctl = (uint32_t)f;
}

static void write_cqcsr(iommu_regs_t *r, uint32_t v)
{
    if (r->cqcsr_busy)
        return; /* a write while busy is ignored (spec "cqcsr": UNSPECIFIED) */
    r->cqen = cqcsr_cqen(v);
    r->cie = cqcsr_cie(v);
    if (cqcsr_cqmf(v)) r->cqmf = false;             /* RW1C */
    if (cqcsr_cmd_to(v)) r->cmd_to = false;         /* RW1C */
    if (cqcsr_cmd_ill(v)) r->cmd_ill = false;       /* RW1C */
    if (cqcsr_fence_w_ip(v)) r->fence_w_ip = false; /* RW1C */
    r->cqcsr_busy = true;
}

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

static void write_pqcsr(iommu_regs_t *r, uint32_t v)
{
    if (r->pqcsr_busy)
        return;
    r->pqen = pqcsr_pqen(v);
    r->pie = pqcsr_pie(v);
    if (pqcsr_pqmf(v)) r->pqmf = false; /* RW1C */
    if (pqcsr_pqof(v)) r->pqof = false; /* RW1C */
    r->pqcsr_busy = true;
}

static void write_word(iommu_regs_t *r, uint16_t off, uint32_t v)
{
    int x = msi_entry(r, off);
    if (x >= 0) {
        if (off & 4u)
            r->msi_vec_ctl[x] = (uint32_t)(v & msi_vec_ctl_M_MASK);
        else
            r->msi_data[x] = v;
        return;
    }
    switch (off) {
    case REG_FCTL: write_fctl(r, v); break;
    case REG_CQT: if (has_cq(r)) r->cqt = v & regs_cq_index_mask(r); break;
    case REG_FQH: r->fqh = v & regs_fq_index_mask(r); break;
    case REG_PQH: if (has_pq(r)) r->pqh = v & regs_pq_index_mask(r); break;
    case REG_CQCSR: if (has_cq(r)) write_cqcsr(r, v); break;
    case REG_FQCSR: write_fqcsr(r, v); break;
    case REG_PQCSR: if (has_pq(r)) write_pqcsr(r, v); break;
    case REG_IPSR:
        /* RW1C; re-set by the regs_update_* rules while the condition holds */
        if (ipsr_cip(v)) r->cip = false;
        if (ipsr_fip(v)) r->fip = false;
        if (ipsr_pmip(v)) r->pmip = false;
        if (ipsr_pip(v)) r->pip = false;
        break;
    case REG_IOCOUNTINH:
        if (has_hpm(r))
            r->iocountinh = v & (uint32_t)field_ones(r->cfg->hpm_counters + 1);
        break;
    case REG_IOMMU_QOSID:
        if (has_qosid(r))
            r->iommu_qosid = (uint32_t)(iommu_qosid_RCID_ins(0, v & field_ones(r->cfg->rcid_bits)) |
                                        iommu_qosid_MCID_ins(0, iommu_qosid_MCID(v) & field_ones(r->cfg->mcid_bits)));
        break;
    default:
        break; /* read-only, unimplemented or reserved */
    }
}

/* Writes the 8-byte register at base with its whole new value; false when base holds none. */
static bool write_reg64(iommu_regs_t *r, uint16_t base, uint64_t v)
{
    unsigned n;
    switch (base) {
    case REG_DDTP: write_ddtp(r, v); return true;
    case REG_CQB: if (!has_cq(r)) return false; write_cqb(r, v); return true;
    case REG_FQB: write_fqb(r, v); return true;
    case REG_PQB: if (!has_pq(r)) return false; write_pqb(r, v); return true;
    case REG_IOHPMCYCLES: if (!has_hpm(r)) return false; write_iohpmcycles(r, v); return true;
    case REG_TR_REQ_IOVA: if (!has_dbg(r)) return false; r->tr_req_iova = v & tr_req_iova_vpn_MASK; return true;
    case REG_TR_REQ_CTL: if (!has_dbg(r)) return false; write_tr_req_ctl(r, v); return true;
    case REG_ICVEC: write_icvec(r, v); return true;
    default: break;
    }
    if ((n = hpm_index(r, base, REG_IOHPMCTR1)) != 0) {
        r->iohpmctr[n] = v & field_ones(r->cfg->hpm_counter_bits);
        return true;
    }
    if ((n = hpm_index(r, base, REG_IOHPMEVT1)) != 0) {
        write_iohpmevt(r, n, v);
        return true;
    }
    int x = msi_entry(r, base);
    if (x >= 0 && (base & 8u) == 0) {
        r->msi_addr[x] = v & msi_addr_ADDR_MASK; /* bits 1:0 fixed 0, 63:56 reserved */
        return true;
    }
    return false;
}

void regs_write(iommu_regs_t *r, uint16_t offset, bool size8, uint64_t wdata)
{
    offset &= 0xfff;
    uint16_t base = (uint16_t)(offset & ~7u);
    uint64_t old;
    if (base != REG_CAPABILITIES && base != REG_TR_RESPONSE && reg64_value(r, base, &old)) {
        uint64_t v;
        if (base == REG_DDTP)
            old = r->ddtp; /* busy is not part of the stored value */
        if (base == REG_DDTP && !size8 && (offset & 4)) {
            write_ddtp_high(r, (uint32_t)wdata);
            return;
        }
        if (size8)
            v = wdata;
        else if (offset & 4)
            v = (old & 0xffffffffull) | (wdata << 32);
        else
            v = (old & ~0xffffffffull) | (wdata & 0xffffffffull);
        if (base == REG_TR_REQ_CTL && !size8 && (offset & 4))
            v = tr_req_ctl_Go_Busy_ins(v, 0); /* a write of the high half does not set Go */
        write_reg64(r, base, v);
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

/* ---- internal updates ---- */

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

void regs_cqcsr_complete(iommu_regs_t *r)
{
    if (!r->cqon && r->cqen) {
        r->cqh = 0;
        r->cmd_ill = r->cmd_to = r->cqmf = r->fence_w_ip = false;
    }
    r->cqon = r->cqen;
    r->cqcsr_busy = false;
}

void regs_pqcsr_complete(iommu_regs_t *r)
{
    if (!r->pqon && r->pqen) {
        r->pqt = 0;
        r->pqmf = false;
        r->pqof = false;
    }
    r->pqon = r->pqen;
    r->pqcsr_busy = false;
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

void regs_pq_event(iommu_regs_t *r, enum fq_event ev)
{
    switch (ev) {
    case FQ_EVENT_OVERFLOW: r->pqof = true; break;
    case FQ_EVENT_MEMFAULT: r->pqmf = true; break;
    case FQ_EVENT_COMMIT: r->pqt = (r->pqt + 1) & regs_pq_index_mask(r); break;
    default: break;
    }
}

unsigned regs_vector(const iommu_regs_t *r, enum ipsr_bit bit)
{
    switch (bit) {
    case IPSR_CIP: return (unsigned)icvec_civ(r->icvec);
    case IPSR_FIP: return (unsigned)icvec_fiv(r->icvec);
    case IPSR_PMIP: return (unsigned)icvec_pmiv(r->icvec);
    default: return (unsigned)icvec_piv(r->icvec);
    }
}

void regs_set_ip(iommu_regs_t *r, enum ipsr_bit bit)
{
    bool *p = bit == IPSR_CIP ? &r->cip : bit == IPSR_FIP ? &r->fip : bit == IPSR_PMIP ? &r->pmip : &r->pip;
    if (!*p && !fctl_WSI(r->fctl))
        r->msi_pending |= (uint16_t)(1u << regs_vector(r, bit));
    *p = true;
}

void regs_update_fip(iommu_regs_t *r, bool record_committed)
{
    if (r->fie && (r->fqof || r->fqmf || record_committed))
        regs_set_ip(r, IPSR_FIP);
}

void regs_update_cip(iommu_regs_t *r)
{
    if (r->cie && (r->fence_w_ip || r->cmd_ill || r->cmd_to || r->cqmf))
        regs_set_ip(r, IPSR_CIP);
}

void regs_update_pip(iommu_regs_t *r, bool message_queued)
{
    if (r->pie && (r->pqof || r->pqmf || message_queued))
        regs_set_ip(r, IPSR_PIP);
}

uint16_t regs_wsi(const iommu_regs_t *r)
{
    /* spec "ipsr": with fctl.WSI = 1 each pending bit drives the wire its icvec field selects */
    if (!fctl_WSI(r->fctl))
        return 0;
    uint16_t w = 0;
    if (r->cip) w |= (uint16_t)(1u << regs_vector(r, IPSR_CIP));
    if (r->fip) w |= (uint16_t)(1u << regs_vector(r, IPSR_FIP));
    if (r->pmip) w |= (uint16_t)(1u << regs_vector(r, IPSR_PMIP));
    if (r->pip) w |= (uint16_t)(1u << regs_vector(r, IPSR_PIP));
    return w;
}

/* ---- performance monitor (spec "iohpmcycles", "iohpmctr1-31", "iohpmevt1-31") ---- */

static bool hpm_filter_match(uint64_t evt, uint32_t did, bool pv, uint32_t pid)
{
    /* events 1..3 (and this model's use of the others) support IDT = 0 only: with IDT = 1 the counter does
     * not increment (spec: "When the programmed IDT setting is not supported ...") */
    if (iohpmevt_IDT(evt))
        return false;
    if (iohpmevt_DV_GSCV(evt)) {
        uint64_t want = iohpmevt_DID_GSCID(evt), mask = 0;
        if (iohpmevt_DMASK(evt))
            mask = want ^ (want + 1); /* the low bits up to and including the first 0 */
        if (((uint64_t)did & ~mask & 0xffffff) != (want & ~mask & 0xffffff))
            return false;
    }
    if (iohpmevt_PV_PSCV(evt) && (!pv || pid != iohpmevt_PID_PSCID(evt)))
        return false;
    return true;
}

bool regs_hpm_counts(const iommu_regs_t *r, unsigned n, enum hpm_event ev, uint32_t did, bool pv, uint32_t pid)
{
    if (!has_hpm(r) || n == 0 || n > r->cfg->hpm_counters)
        return false;
    uint64_t evt = r->iohpmevt[n];
    return iohpmevt_eventID(evt) == (uint64_t)ev && !((r->iocountinh >> n) & 1u) &&
           hpm_filter_match(evt, did, pv, pid);
}

void regs_hpm_count(iommu_regs_t *r, enum hpm_event ev, uint32_t did, bool pv, uint32_t pid)
{
    if (r->hpm_evt_set == 0 || !has_hpm(r)) /* only counters programmed with an event can count */
        return;
    uint64_t mask = field_ones(r->cfg->hpm_counter_bits);
    for (unsigned n = 1; n <= r->cfg->hpm_counters && (r->hpm_evt_set >> n) != 0; n++) {
        uint64_t evt = r->iohpmevt[n];
        if (!regs_hpm_counts(r, n, ev, did, pv, pid))
            continue;
        r->iohpmctr[n] = (r->iohpmctr[n] + 1) & mask;
        if (r->iohpmctr[n] == 0 && !iohpmevt_OF(evt)) {
            r->iohpmevt[n] = iohpmevt_OF_ins(evt, 1);
            regs_set_ip(r, IPSR_PMIP);
        }
    }
}

void regs_hpm_cycles(iommu_regs_t *r, uint64_t n)
{
    if (!has_hpm(r) || (r->iocountinh & 1u))
        return;
    uint64_t c = iohpmcycles_counter(r->iohpmcycles);
    uint64_t nc = (c + n) & iohpmcycles_counter_MASK;
    bool wrapped = nc < c || n > iohpmcycles_counter_MASK;
    r->iohpmcycles = iohpmcycles_counter_ins(r->iohpmcycles, nc);
    if (wrapped && !iohpmcycles_OF(r->iohpmcycles)) {
        r->iohpmcycles = iohpmcycles_OF_ins(r->iohpmcycles, 1);
        regs_set_ip(r, IPSR_PMIP);
    }
}
