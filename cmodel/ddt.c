/* Device-context location and checks (IOMMU spec "Process to locate the Device-context",
 * "Device-context configuration checks", "Process to translate an IOVA" steps 5, 7, 10-13).
 * Capabilities assumed (docs/microarch.md section 3): Sv39 only, no second stage, no ATS/PRI/T2GPA, no PD
 * modes, AMO_HWAD = 0, END = 0 with fctl.BE = 0 read-only, fctl.GXL = 0 read-only, no QOSID, no
 * MSI_FLAT (so base format and no msiptp). */
#include "ddt.h"

#include "spec_fields.h"

uint64_t ddt_dc_addr(uint64_t ddtp, uint32_t did, unsigned k)
{
    return ddtp_PPN(ddtp) * 4096u + (uint64_t)(did & 0x7f) * DDT_DC_SIZE + 8u * k;
}

bool ddt_did_too_wide_1lvl(uint32_t did) { return (did >> 7) != 0; }

/* "Device-context configuration checks" for a DC with tc.V = 1. */
static bool dc_misconfigured(const uint64_t dc[4])
{
    uint64_t tc = dc[DC_TC], iohgatp = dc[DC_IOHGATP], ta = dc[DC_TA], fsc = dc[DC_FSC];

    /* 1: reserved bits and encodings (the tc custom bits 31:24 are not reserved for standard use) */
    if (tc_reserved_lo(tc) || tc_reserved_hi(tc))
        return true;
    if (ta_reserved_lo(ta) || ta_reserved_mid(ta))
        return true;
    if (ta_RCID(ta) || ta_MCID(ta)) /* reserved: capabilities.QOSID = 0 */
        return true;
    if (iosatp_reserved(fsc)) /* same bits 59:44 in iosatp and pdtp */
        return true;
    /* 2: capabilities.ATS = 0 */
    if (tc_EN_ATS(tc) || tc_EN_PRI(tc) || tc_PRPR(tc))
        return true;
    /* 3 - 5 are implied by 2 (EN_ATS and EN_PRI are 0); 6: capabilities.T2GPA = 0 */
    if (tc_T2GPA(tc))
        return true;
    /* 8: PDTV = 1 and pdtp.MODE not supported (PD8/PD17/PD20 not supported; others reserved/custom) */
    if (tc_PDTV(tc) && pdtp_MODE(fsc) != PDTP_MODE_BARE)
        return true;
    /* 9 - 11: PDTV = 0 and iosatp.MODE not valid or not supported (only Bare and Sv39; SXL = 0 here,
     * SXL = 1 is itself misconfigured below) */
    if (!tc_PDTV(tc) && iosatp_MODE(fsc) != IOSATP_MODE_BARE && iosatp_MODE(fsc) != IOSATP_MODE_SV39)
        return true;
    /* 12: PDTV = 0 and DPE = 1 */
    if (!tc_PDTV(tc) && tc_DPE(tc))
        return true;
    /* 13 - 15: iohgatp.MODE invalid or unsupported: no second stage, so only Bare */
    if (iohgatp_MODE(iohgatp) != IOHGATP_MODE_BARE)
        return true;
    /* 16 (MSI_FLAT = 0) and 17 (iohgatp Bare) do not apply. 18: AMO_HWAD = 0 */
    if (tc_SADE(tc) || tc_GADE(tc))
        return true;
    /* 19 and 21: END = 0 and fctl.BE = 0 read-only, so SBE must be 0 */
    if (tc_SBE(tc))
        return true;
    /* 20: fctl.GXL = 0 and not writable, so SXL must be 0 */
    if (tc_SXL(tc))
        return true;
    /* 22: capabilities.QOSID = 0, covered by the reserved-bit check */
    return false;
}

enum fault_cause ddt_dc_check(const uint64_t dc[4])
{
    if (!tc_V(dc[DC_TC]))
        return CAUSE_DDT_ENTRY_NOT_VALID;
    if (dc_misconfigured(dc))
        return CAUSE_DDT_ENTRY_MISCONFIGURED;
    return CAUSE_NONE;
}

enum fault_cause ddt_transaction_check(const uint64_t dc[4], const iommu_request_t *req)
{
    uint64_t tc = dc[DC_TC];
    /* 7.1: translated or ATS translation request with EN_ATS = 0 */
    if ((request_is_translated(req) || req->ttyp == IOMMU_TTYP_ATS_TRANSLATION) && !tc_EN_ATS(tc))
        return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    /* 7.2: a valid process_id and PDTV = 0 */
    if (req->pv && !tc_PDTV(tc))
        return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    /* 7.3: PDTV = 1 and process_id wider than pdtp.MODE supports: pdtp.MODE is Bare here (anything else
     * is misconfigured), which does not use the process_id, so nothing is too wide. */
    /* 7.4: transaction types the IOMMU does not support */
    if (!request_is_untranslated(req) && !request_is_translated(req) && req->ttyp != IOMMU_TTYP_ATS_TRANSLATION)
        return CAUSE_TRANSACTION_TYPE_DISALLOWED;
    return CAUSE_NONE;
}

unsigned ddt_first_stage(const uint64_t dc[4], const iommu_request_t *req, uint64_t *root_ppn)
{
    (void)req;
    uint64_t tc = dc[DC_TC], fsc = dc[DC_FSC];
    *root_ppn = 0;
    /* step 10: PDTV = 0 uses iosatp. Steps 11 - 13 with PDTV = 1: pdtp.MODE is Bare, so first stage is
     * Bare whether or not there is a process_id (default or not). */
    if (!tc_PDTV(tc) && iosatp_MODE(fsc) == IOSATP_MODE_SV39) {
        *root_ppn = iosatp_PPN(fsc);
        return IOSATP_MODE_SV39;
    }
    return IOSATP_MODE_BARE;
}
