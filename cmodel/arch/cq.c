/* Command queue of the architectural model (IOMMU spec "Command-Queue (CQ)" and its command sections,
 * "cqcsr"; extensions "Non-leaf PTE Invalidation Extension" (NL, bit 34) and "Address Range Invalidation
 * Extension" (S, bit 73)). See cq.h for what is observable. */
#include "cq.h"

#include <string.h>

#include "ddt.h"
#include "spec_fields.h"

enum { CQ_ENTRY_BYTES = 16 };

void cq_reset(cq_ats_t *ats) { memset(ats, 0, sizeof(*ats)); }

/* Reserved-bit masks of each command format (the "rsvd" fields of the command layouts). */
#define BITS(hi, lo) (field_ones((hi) - (lo) + 1) << (lo))

static bool any_second_stage(const iommu_config_t *c) { return capabilities_SvNx4(c->capabilities) != 0; }

/* Width of process_id that IODIR.INVAL_PDT accepts (spec "capabilities" PD8/PD17/PD20); 0 = no PDT. */
static unsigned pid_width(const iommu_config_t *c)
{
    if (capabilities_PD20(c->capabilities)) return 20;
    if (capabilities_PD17(c->capabilities)) return 17;
    if (capabilities_PD8(c->capabilities)) return 8;
    return 0;
}

bool cq_command_illegal(const iommu_regs_t *r, uint64_t dw0, uint64_t dw1)
{
    const iommu_config_t *c = r->cfg;
    unsigned func3 = (unsigned)cmd_func3(dw0);
    switch (cmd_opcode(dw0)) {
    case CMD_IOTINVAL: {
        if (func3 != IOTINVAL_VMA && func3 != IOTINVAL_GVMA)
            return true;
        uint64_t rsv0 = BITS(11, 11) | BITS(43, 35) | BITS(63, 60);
        uint64_t rsv1 = BITS(8, 0) | BITS(63, 62);
        if (!capabilities_NL(c->capabilities)) rsv0 |= iotinval_NL_MASK;  /* bit 34 reserved without NL */
        if (!capabilities_S(c->capabilities)) rsv1 |= iotinval_dw1_S_MASK; /* bit 73 reserved without S */
        if ((dw0 & rsv0) || (dw1 & rsv1))
            return true;
        if (func3 == IOTINVAL_GVMA) {
            if (iotinval_PSCV(dw0))
                return true; /* "Setting PSCV to 1 with IOTINVAL.GVMA is illegal" */
            if (!any_second_stage(c))
                return true; /* unsupported: no second-stage translation in capabilities */
        }
        return false;
    }
    case CMD_IOFENCE:
        if (func3 != IOFENCE_C)
            return true;
        if ((dw0 & BITS(31, 14)) || (dw1 & BITS(63, 62)))
            return true;
        /* WSI is reserved when wire-signaled interrupts are not supported or not enabled (fctl.WSI = 0) */
        if (iofence_WSI(dw0) && !fctl_WSI(r->fctl))
            return true;
        return false;
    case CMD_IODIR:
        if (func3 != IODIR_INVAL_DDT && func3 != IODIR_INVAL_PDT)
            return true;
        if ((dw0 & (BITS(11, 10) | BITS(32, 32) | BITS(39, 34))) || dw1)
            return true;
        if (func3 == IODIR_INVAL_DDT) {
            if (iodir_PID(dw0))
                return true; /* PID is reserved for IODIR.INVAL_DDT */
        } else {
            if (!iodir_DV(dw0))
                return true; /* DV must be 1 for IODIR.INVAL_PDT */
            unsigned w = pid_width(c);
            if (w == 0)
                return true; /* unsupported: no process directory in capabilities */
            if (iodir_PID(dw0) >> w)
                return true; /* PID wider than the IOMMU supports */
        }
        /* DID must not be wider than ddtp.iommu_mode supports (checked when a directory is in use) */
        if (iodir_DV(dw0) && ddt_levels(r->ddtp_active) &&
            ddt_did_too_wide(c, r->ddtp_active, (uint32_t)iodir_DID(dw0)))
            return true;
        return false;
    case CMD_ATS:
        if (!capabilities_ATS(c->capabilities))
            return true; /* "This command is supported if capabilities.ATS is set to 1" */
        if (func3 != ATS_INVAL && func3 != ATS_PRGR)
            return true;
        if (dw0 & (BITS(11, 10) | BITS(39, 34)))
            return true;
        return false;
    default:
        return true; /* 0 and 5..63 reserved; 64..127 custom, none implemented */
    }
}

uint32_t cq_ats_device(uint64_t dw0)
{
    uint32_t did = (uint32_t)ats_cmd_RID(dw0);
    if (ats_cmd_DSV(dw0))
        did |= (uint32_t)ats_cmd_DSEG(dw0) << 16;
    return did;
}

void cq_inval_complete(cq_ats_t *ats, uint32_t did, uint32_t itags)
{
    for (unsigned t = 0; t < 32; t++)
        if ((itags >> t & 1u) && (ats->itag_busy >> t & 1u) && ats->itag_did[t] == did)
            ats->itag_busy &= ~(1u << t);
}

int cq_itag_alloc(cq_ats_t *ats, uint32_t did)
{
    if (ats->itag_busy == 0xffffffffu)
        return -1;
    unsigned t = 0;
    while (ats->itag_busy >> t & 1u)
        t++;
    ats->itag_busy |= 1u << t;
    ats->itag_did[t] = did;
    return (int)t;
}

void cq_ats_timeout(cq_ats_t *ats)
{
    if (ats->itag_busy)
        ats->timed_out = true;
    ats->itag_busy = 0;
}

void cq_abort(cq_ats_t *ats) { cq_reset(ats); }

static bool mem_write4(const iommu_mem_if_t *mem, uint64_t addr, uint32_t data)
{
    unsigned shift = (addr & 4u) ? 32 : 0;
    mem_access_t acc = {.op = IOMMU_MEM_WRITE, .addr = addr & ~7ull, .wdata = (uint64_t)data << shift,
                        .be = (uint8_t)(0x0fu << (shift / 8))};
    mem_result_t res;
    mem_if_perform(mem, &acc, &res);
    return res.err == IOMMU_MEM_OK;
}

/* Executes one fetched command. Returns true when cqh may advance past it; otherwise *stop says why. */
static bool execute(iommu_regs_t *r, cq_ats_t *ats, uint64_t dw0, uint64_t dw1, const iommu_mem_if_t *mem,
                    const iommu_msg_if_t *msg, enum cq_stop *stop)
{
    if (cq_command_illegal(r, dw0, dw1)) {
        r->cmd_ill = true;
        *stop = CQ_STOP_ILLEGAL;
        return false;
    }
    switch (cmd_opcode(dw0)) {
    case CMD_IOTINVAL:
    case CMD_IODIR:
        /* no address-translation or directory cache in the architectural model: every later access already
         * reads memory, which is what these commands guarantee */
        return true;
    case CMD_IOFENCE:
        if (ats->itag_busy) {
            *stop = CQ_STOP_WAIT_FENCE; /* earlier ATS.INVAL not complete yet */
            return false;
        }
        if (ats->timed_out) {
            ats->timed_out = false; /* reported now; cqh stays at this IOFENCE.C */
            r->cmd_to = true;
            *stop = CQ_STOP_TIMEOUT;
            return false;
        }
        /* PR / PW: every request the model processed is already complete and globally visible */
        if (iofence_AV(dw0) && !mem_write4(mem, iofence_dw1_ADDR(dw1) << 2,
                                              mem_order32(fctl_BE(r->fctl), (uint32_t)iofence_DATA(dw0)))) {
            r->cqmf = true; /* cqh holds the IOFENCE.C that did not complete */
            *stop = CQ_STOP_MEMFAULT;
            return false;
        }
        if (iofence_WSI(dw0))
            r->fence_w_ip = true;
        return true;
    case CMD_ATS: {
        uint32_t did = cq_ats_device(dw0);
        bool pv = ats_cmd_PV(dw0);
        uint32_t pid = pv ? (uint32_t)ats_cmd_PID(dw0) : 0;
        if (cmd_func3(dw0) == ATS_PRGR) {
            if (msg && msg->prgr) msg->prgr(msg->user, did, dw1, pv, pid);
            return true;
        }
        int t = cq_itag_alloc(ats, did);
        if (t < 0) {
            *stop = CQ_STOP_WAIT_ITAG;
            return false;
        }
        if (msg && msg->inval) msg->inval(msg->user, did, (unsigned)t, dw1, pv, pid);
        return true;
    }
    default:
        return true;
    }
}

enum cq_stop cq_process(iommu_regs_t *r, cq_ats_t *ats, const iommu_mem_if_t *mem, const iommu_msg_if_t *msg)
{
    enum cq_stop stop = CQ_STOP_EMPTY;
    if (r->cfg->cq_log2sz_max == 0)
        return CQ_STOP_OFF;
    for (;;) {
        if (!r->cqon || r->cqcsr_busy || r->cmd_ill || r->cmd_to || r->cqmf) {
            stop = CQ_STOP_OFF;
            break;
        }
        if (r->cqh == r->cqt) {
            stop = CQ_STOP_EMPTY;
            break;
        }
        uint64_t base = cqb_PPN(r->cqb) * 4096u + (uint64_t)r->cqh * CQ_ENTRY_BYTES;
        mem_access_t acc = {.op = IOMMU_MEM_READ, .dwords = 2, .addr = base, .be = 0xff}; /* one command */
        mem_result_t res;
        mem_if_perform(mem, &acc, &res);
        uint64_t dw[2];
        for (unsigned k = 0; k < 2; k++)
            dw[k] = mem_order64(fctl_BE(r->fctl), res.rdata[k]); /* commands follow fctl.BE */
        if (res.err != IOMMU_MEM_OK) {
            r->cqmf = true; /* cqh references the command whose fetch faulted */
            stop = CQ_STOP_MEMFAULT;
            break;
        }
        if (!execute(r, ats, dw[0], dw[1], mem, msg, &stop))
            break;
        r->cqh = (r->cqh + 1) & regs_cq_index_mask(r);
        regs_update_cip(r);
    }
    regs_update_cip(r);
    return stop;
}
