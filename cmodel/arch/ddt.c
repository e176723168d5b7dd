/* Device-directory walk and device-context checks (IOMMU spec "Device-Directory-Table (DDT)", "Process to
 * locate the Device-context", "Device-context configuration checks", "Process to translate an IOVA" steps
 * 3 - 7, "MSI address mask and pattern" for MGPAW). */
#include "ddt.h"

#include "spec_fields.h"

bool ddt_extended(const iommu_config_t *cfg) { return capabilities_MSI_FLAT(cfg->capabilities) != 0; }

unsigned ddt_dc_dwords(const iommu_config_t *cfg) { return ddt_extended(cfg) ? DC_EXT_DWORDS : DC_DWORDS; }

unsigned ddt_levels(uint64_t ddtp)
{
    switch (ddtp_iommu_mode(ddtp)) {
    case DDTP_MODE_1LVL: return 1;
    case DDTP_MODE_2LVL: return 2;
    case DDTP_MODE_3LVL: return 3;
    default: return 0;
    }
}

uint32_t ddt_ddi(const iommu_config_t *cfg, uint32_t did, unsigned i)
{
    /* base: [6:0] [15:7] [23:16]; extended: [5:0] [14:6] [23:15] */
    unsigned w0 = ddt_extended(cfg) ? 6 : 7;
    switch (i) {
    case 0: return did & ((1u << w0) - 1);
    case 1: return (did >> w0) & 0x1ff;
    default: return (did >> (w0 + 9)) & 0x3ff;
    }
}

bool ddt_did_too_wide(const iommu_config_t *cfg, uint64_t ddtp, uint32_t did)
{
    switch (ddtp_iommu_mode(ddtp)) {
    case DDTP_MODE_2LVL: return ddt_ddi(cfg, did, 2) != 0;
    case DDTP_MODE_1LVL: return ddt_ddi(cfg, did, 2) != 0 || ddt_ddi(cfg, did, 1) != 0;
    default: return false;
    }
}

uint64_t ddt_ddte_addr(const iommu_config_t *cfg, uint64_t a, uint32_t did, unsigned i)
{
    return a + (uint64_t)ddt_ddi(cfg, did, i) * 8u;
}

enum fault_cause ddt_ddte_check(uint64_t ddte)
{
    if (!ddte_V(ddte))
        return CAUSE_DDT_ENTRY_NOT_VALID;
    if (ddte_reserved_lo(ddte) || ddte_reserved_hi(ddte))
        return CAUSE_DDT_ENTRY_MISCONFIGURED;
    return CAUSE_NONE;
}

uint64_t ddt_dc_addr(const iommu_config_t *cfg, uint64_t a, uint32_t did, unsigned k)
{
    uint64_t size = ddt_extended(cfg) ? DDT_DC_SIZE_EXT : DDT_DC_SIZE;
    return a + (uint64_t)ddt_ddi(cfg, did, 0) * size + 8u * k;
}

/* MGPAW ("MSI address mask and pattern") */
static unsigned mgpaw(uint64_t caps)
{
    if (capabilities_Sv57x4(caps)) return 59;
    if (capabilities_Sv48x4(caps)) return 50;
    if (capabilities_Sv39x4(caps)) return 41;
    if (capabilities_Sv32x4(caps)) return 34;
    return (unsigned)capabilities_PAS(caps);
}

/* iosatp.MODE / PC.fsc.MODE: valid encoding for SXL and supported by the capabilities (checks 9 - 11;
 * also used by the process-context checks). */
bool ddt_fs_mode_supported(const iommu_config_t *cfg, bool sxl, unsigned mode)
{
    uint64_t c = cfg->capabilities;
    if (mode == IOSATP_MODE_BARE)
        return true;
    if (sxl)
        return mode == IOSATP_MODE_SV32 && capabilities_Sv32(c);
    switch (mode) {
    case IOSATP_MODE_SV39: return capabilities_Sv39(c);
    case IOSATP_MODE_SV48: return capabilities_Sv48(c);
    case IOSATP_MODE_SV57: return capabilities_Sv57(c);
    default: return false; /* reserved, or custom (no custom modes implemented) */
    }
}

static bool gs_mode_supported(const iommu_config_t *cfg, bool gxl, unsigned mode)
{
    uint64_t c = cfg->capabilities;
    if (mode == IOHGATP_MODE_BARE)
        return true;
    if (gxl)
        return mode == IOHGATP_MODE_SV32X4 && capabilities_Sv32x4(c);
    switch (mode) {
    case IOHGATP_MODE_SV39X4: return capabilities_Sv39x4(c);
    case IOHGATP_MODE_SV48X4: return capabilities_Sv48x4(c);
    case IOHGATP_MODE_SV57X4: return capabilities_Sv57x4(c);
    default: return false;
    }
}

static bool pd_mode_supported(const iommu_config_t *cfg, unsigned mode)
{
    uint64_t c = cfg->capabilities;
    switch (mode) {
    case PDTP_MODE_BARE: return true;
    case PDTP_MODE_PD8: return capabilities_PD8(c);
    case PDTP_MODE_PD17: return capabilities_PD17(c);
    case PDTP_MODE_PD20: return capabilities_PD20(c);
    default: return false;
    }
}

/* "Device-context configuration checks", numbered as in the spec. */
static bool dc_misconfigured(const iommu_config_t *cfg, uint64_t fctl, const uint64_t *dc)
{
    uint64_t caps = cfg->capabilities;
    uint64_t tc = dc[DC_TC], iohgatp = dc[DC_IOHGATP], ta = dc[DC_TA], fsc = dc[DC_FSC];
    bool ext = ddt_extended(cfg);
    bool gxl = fctl_GXL(fctl), be = fctl_BE(fctl);
    bool g_bare = iohgatp_MODE(iohgatp) == IOHGATP_MODE_BARE;

    /* 1: reserved bits (tc custom bits 31:24 are not reserved for standard use) */
    if (tc_reserved_lo(tc) || tc_reserved_hi(tc) || ta_reserved_lo(ta) || ta_reserved_mid(ta))
        return true;
    if (!capabilities_QOSID(caps) && (ta_RCID(ta) || ta_MCID(ta)))
        return true;
    if (iosatp_reserved(fsc)) /* bits 59:44 of iosatp and of pdtp */
        return true;
    if (ext) {
        unsigned w = mgpaw(caps) - 12; /* mask/pattern bits 51:MGPAW-12 reserved when MGPAW < 64 */
        uint64_t resv = w < 52 ? (field_ones(52) & ~field_ones(w)) : 0;
        if (msiptp_reserved(dc[DC_MSIPTP]) || msi_addr_mask_reserved(dc[DC_MSI_ADDR_MASK]) ||
            msi_addr_pattern_reserved(dc[DC_MSI_ADDR_PATTERN]) || (dc[DC_MSI_ADDR_MASK] & resv) ||
            (dc[DC_MSI_ADDR_PATTERN] & resv) || dc[DC_RESERVED7])
            return true;
    }
    /* 2 - 7: ATS, PRI, T2GPA */
    if (!capabilities_ATS(caps) && (tc_EN_ATS(tc) || tc_EN_PRI(tc) || tc_PRPR(tc)))
        return true;
    if (!tc_EN_ATS(tc) && (tc_T2GPA(tc) || tc_EN_PRI(tc)))
        return true;
    if (!tc_EN_PRI(tc) && tc_PRPR(tc))
        return true;
    if (!capabilities_T2GPA(caps) && tc_T2GPA(tc))
        return true;
    if (tc_T2GPA(tc) && g_bare)
        return true;
    /* 8: pdtp.MODE supported */
    if (tc_PDTV(tc) && !pd_mode_supported(cfg, (unsigned)pdtp_MODE(fsc)))
        return true;
    /* 9 - 11: iosatp.MODE valid and supported for SXL */
    if (!tc_PDTV(tc) && !ddt_fs_mode_supported(cfg, tc_SXL(tc), (unsigned)iosatp_MODE(fsc)))
        return true;
    /* 12 */
    if (!tc_PDTV(tc) && tc_DPE(tc))
        return true;
    /* 13 - 15: iohgatp.MODE valid and supported for GXL */
    if (!gs_mode_supported(cfg, gxl, (unsigned)iohgatp_MODE(iohgatp)))
        return true;
    /* 16: msiptp.MODE Off or Flat; and (recommended) Off when iohgatp is Bare */
    if (ext) {
        unsigned mm = (unsigned)msiptp_MODE(dc[DC_MSIPTP]);
        if (mm != MSIPTP_MODE_OFF && mm != MSIPTP_MODE_FLAT)
            return true;
        if (g_bare && mm != MSIPTP_MODE_OFF)
            return true;
    }
    /* 17: 16 KiB aligned second-stage root */
    if (!g_bare && (iohgatp_PPN(iohgatp) & 3))
        return true;
    /* 18 */
    if (!capabilities_AMO_HWAD(caps) && (tc_SADE(tc) || tc_GADE(tc)))
        return true;
    /* 19 */
    if (!capabilities_END(caps) && tc_SBE(tc) != (uint64_t)be)
        return true;
    /* 20: SXL legal */
    if (gxl && !tc_SXL(tc))
        return true;
    if (!gxl && !cfg->fctl_gxl_writable && tc_SXL(tc))
        return true;
    /* 21: SBE legal */
    if (!cfg->fctl_be_writable && tc_SBE(tc) != (uint64_t)be)
        return true;
    /* 22: QoS IDs wider than implemented */
    if (capabilities_QOSID(caps) && ((ta_RCID(ta) >> cfg->rcid_bits) || (ta_MCID(ta) >> cfg->mcid_bits)))
        return true;
    return false;
}

enum fault_cause ddt_dc_check(const iommu_config_t *cfg, uint64_t fctl, const uint64_t *dc)
{
    if (!tc_V(dc[DC_TC]))
        return CAUSE_DDT_ENTRY_NOT_VALID;
    if (dc_misconfigured(cfg, fctl, dc))
        return CAUSE_DDT_ENTRY_MISCONFIGURED;
    return CAUSE_NONE;
}

enum fault_cause ddt_transaction_check(const uint64_t *dc, const iommu_request_t *req)
{
    uint64_t tc = dc[DC_TC], fsc = dc[DC_FSC];
    /* 7.1 */
    if ((request_is_translated(req) || req->ttyp == IOMMU_TTYP_ATS_TRANSLATION) && !tc_EN_ATS(tc))
        return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    /* 7.2 */
    if (req->pv && !tc_PDTV(tc))
        return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    /* 7.3: process_id wider than pdtp.MODE (PD8: 8 bits, PD17: 17 bits; Bare uses no process_id) */
    if (req->pv && tc_PDTV(tc)) {
        unsigned m = (unsigned)pdtp_MODE(fsc);
        if ((m == PDTP_MODE_PD8 && (req->pid >> 8)) || (m == PDTP_MODE_PD17 && (req->pid >> 17)))
            return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    }
    /* 7.4 */
    if (!request_is_untranslated(req) && !request_is_translated(req) && req->ttyp != IOMMU_TTYP_ATS_TRANSLATION)
        return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    return CAUSE_NONE;
}
