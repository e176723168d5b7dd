/* Translation step machine (IOMMU spec "Process to translate an IOVA", "Process to locate the
 * Device-context"; privileged spec "Virtual Address Translation Process" for Sv39). */
#include "xlate.h"

#include <string.h>

#include "ddt.h"
#include "spec_fields.h"
#include "sv39.h"

void xlate_start(xlate_t *x, const iommu_request_t *req, uint64_t ddtp_active)
{
    memset(x, 0, sizeof(*x));
    x->req = *req;
    x->ddtp = ddtp_active;
    x->phase = XLATE_MODE_CHECK;
}

static enum arch_step finish_fault(xlate_t *x, enum fault_cause cause)
{
    x->phase = XLATE_DONE;
    memset(&x->acc, 0, sizeof(x->acc));
    x->result.fault = true;
    x->result.cause = cause;
    x->result.iotval = x->req.iova; /* every TTYP of this version carries an IOVA */
    x->result.iotval2 = 0;          /* no guest-page faults */
    x->result.dtf = x->dc_located && tc_DTF(x->dc[DC_TC]);
    x->result.pa = 0;
    x->result.leaf = false;
    return ARCH_STEP_DONE;
}

static enum arch_step finish_ok(xlate_t *x, uint64_t pa)
{
    x->phase = XLATE_DONE;
    memset(&x->acc, 0, sizeof(x->acc));
    x->result.fault = false;
    x->result.cause = CAUSE_NONE;
    x->result.dtf = x->dc_located && tc_DTF(x->dc[DC_TC]);
    x->result.pa = pa;
    return ARCH_STEP_DONE;
}

static enum arch_step want_read(xlate_t *x, uint64_t addr)
{
    x->acc.op = IOMMU_MEM_READ;
    x->acc.addr = addr;
    x->acc.wdata = 0;
    x->acc.cmp = 0;
    x->acc.be = 0xff;
    return ARCH_STEP_MEM;
}

static enum arch_step want_dc_word(xlate_t *x)
{
    x->phase = XLATE_DC_READ;
    return want_read(x, ddt_dc_addr(x->ddtp, x->req.did, x->k));
}

static enum arch_step want_pte(xlate_t *x)
{
    x->phase = XLATE_PTE_READ;
    return want_read(x, sv39_pte_addr(x->a, x->req.iova, x->i));
}

/* Steps 1 - 6 of "Process to translate an IOVA". */
static enum arch_step mode_check(xlate_t *x)
{
    switch (ddtp_iommu_mode(x->ddtp)) {
    case DDTP_MODE_OFF:
        return finish_fault(x, CAUSE_ALL_INBOUND_DISALLOWED);
    case DDTP_MODE_BARE:
        if (request_is_translated(&x->req) || x->req.ttyp == IOMMU_TTYP_ATS_TRANSLATION)
            return finish_fault(x, CAUSE_TRANSACTION_TYPE_DISALLOWED);
        return finish_ok(x, x->req.iova);
    default: /* 1LVL: base-format DC, DDI[0] = device_id[6:0] */
        if (ddt_did_too_wide_1lvl(x->req.did))
            return finish_fault(x, CAUSE_TRANSACTION_TYPE_DISALLOWED);
        x->k = 0;
        return want_dc_word(x);
    }
}

/* "Process to locate the Device-context" step 8: one DC doubleword arrived. */
static enum arch_step dc_word(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err == IOMMU_MEM_ACCESS_FAULT)
        return finish_fault(x, CAUSE_DDT_LOAD_ACCESS_FAULT);
    if (rsp->err != IOMMU_MEM_OK)
        return finish_fault(x, CAUSE_DDT_DATA_CORRUPTION);
    x->dc[x->k] = rsp->rdata;
    if (x->k < DC_DWORDS - 1) {
        x->k++;
        return want_dc_word(x);
    }
    x->phase = XLATE_DC_CHECK;
    memset(&x->acc, 0, sizeof(x->acc));
    return ARCH_STEP_BUSY;
}

/* Locate steps 9 - 10, then translate steps 7 - 16 up to the start of the Sv39 walk. */
static enum arch_step dc_check(xlate_t *x)
{
    enum fault_cause cause = ddt_dc_check(x->dc);
    if (cause != CAUSE_NONE)
        return finish_fault(x, cause);
    x->dc_located = true;
    cause = ddt_transaction_check(x->dc, &x->req);
    if (cause != CAUSE_NONE)
        return finish_fault(x, cause);
    /* step 8 (translated requests) cannot be reached: EN_ATS is always 0 in a valid DC */
    uint64_t root_ppn;
    if (ddt_first_stage(x->dc, &x->req, &root_ppn) == IOSATP_MODE_BARE)
        return finish_ok(x, x->req.iova);
    if (!sv39_iova_canonical(x->req.iova))
        return finish_fault(x, sv39_page_fault_cause(request_access(&x->req)));
    x->i = SV39_LEVELS - 1;
    x->a = root_ppn * SV39_PAGESIZE;
    return want_pte(x);
}

/* Sv39 step 2: the PTE read returned. */
static enum arch_step pte_word(xlate_t *x, const mem_result_t *rsp)
{
    if (rsp->err == IOMMU_MEM_ACCESS_FAULT)
        return finish_fault(x, sv39_access_fault_cause(request_access(&x->req)));
    if (rsp->err != IOMMU_MEM_OK)
        return finish_fault(x, CAUSE_PT_DATA_CORRUPTION);
    x->pte = rsp->rdata;
    x->phase = XLATE_PTE_CHECK;
    memset(&x->acc, 0, sizeof(x->acc));
    return ARCH_STEP_BUSY;
}

/* Sv39 steps 3 - 10 on the stored PTE. */
static enum arch_step pte_check(xlate_t *x)
{
    enum fault_cause pf = sv39_page_fault_cause(request_access(&x->req));
    switch (sv39_pte_classify(x->pte)) {
    case SV39_PTE_INVALID:
        return finish_fault(x, pf);
    case SV39_PTE_POINTER:
        if (x->i == 0)
            return finish_fault(x, pf);
        x->i--;
        x->a = pte_PPN(x->pte) * SV39_PAGESIZE;
        return want_pte(x);
    case SV39_PTE_LEAF:
        break;
    }
    if (sv39_leaf_misaligned(x->pte, x->i))
        return finish_fault(x, pf);
    sv39_perm_t perm = sv39_perm_from_pte(x->pte);
    enum fault_cause cause = sv39_leaf_permission_check(&perm, &x->req);
    if (cause != CAUSE_NONE)
        return finish_fault(x, cause);
    x->result.leaf = true;
    x->result.leaf_level = x->i;
    x->result.leaf_pte = x->pte;
    return finish_ok(x, sv39_leaf_pa(pte_PPN(x->pte), x->i, x->req.iova));
}

enum arch_step xlate_step(xlate_t *x, const mem_result_t *rsp)
{
    static const mem_result_t no_rsp = {IOMMU_MEM_ACCESS_FAULT, 0};
    switch (x->phase) {
    case XLATE_MODE_CHECK: return mode_check(x);
    case XLATE_DC_READ: return dc_word(x, rsp ? rsp : &no_rsp);
    case XLATE_DC_CHECK: return dc_check(x);
    case XLATE_PTE_READ: return pte_word(x, rsp ? rsp : &no_rsp);
    case XLATE_PTE_CHECK: return pte_check(x);
    default: return ARCH_STEP_DONE;
    }
}

const xlate_result_t *xlate_run(xlate_t *x, const iommu_mem_if_t *mem)
{
    mem_result_t res;
    enum arch_step st = xlate_step(x, NULL);
    while (st != ARCH_STEP_DONE) {
        if (st == ARCH_STEP_MEM) {
            mem_if_perform(mem, &x->acc, &res);
            st = xlate_step(x, &res);
        } else {
            st = xlate_step(x, NULL);
        }
    }
    return &x->result;
}
