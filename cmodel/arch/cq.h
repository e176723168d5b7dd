/* The command queue (IOMMU spec "Command-Queue (CQ)", "cqb", "cqh", "cqt", "cqcsr"; extensions "Non-leaf PTE
 * Invalidation", "Address Range Invalidation"): fetch, decode with the illegal-command and operand rules,
 * and execute each command in the architectural model, which has no translation or directory cache, so
 * IOTINVAL and IODIR are architecturally no-ops after their checks. Observable effects: IOFENCE.C
 * (waits for every earlier ATS.INVAL, reports their timeout as cmd_to, writes DATA with AV = 1, sets
 * fence_w_ip with WSI = 1), ATS.INVAL ("Invalidation Request" message, ITag bookkeeping) and ATS.PRGR
 * ("Page Request Group Response" message). Errors set cmd_ill / cqmf / cmd_to and stop the queue with cqh
 * at the offending command. */
#ifndef IOMMU_CQ_H
#define IOMMU_CQ_H

#include <stdbool.h>
#include <stdint.h>

#include "mem_if.h"
#include "msg_if.h"
#include "regs.h"

/* ATS invalidations awaiting their "Invalidation Completion" (ITags are 5 bits in PCIe ATS, so at most 32
 * outstanding; this model allocates the lowest free ITag across all devices). */
typedef struct {
    uint32_t itag_busy;
    uint32_t itag_did[32];
    bool timed_out; /* an ATS.INVAL timed out and no IOFENCE.C has reported it yet */
} cq_ats_t;

/* What the last cq_process ended with. */
enum cq_stop {
    CQ_STOP_EMPTY,      /* cqh == cqt */
    CQ_STOP_OFF,        /* cqon = 0 or an error bit (cmd_ill, cmd_to, cqmf) is set */
    CQ_STOP_WAIT_FENCE, /* IOFENCE.C waits for ATS invalidations */
    CQ_STOP_WAIT_ITAG,  /* ATS.INVAL waits for a free ITag */
    CQ_STOP_ILLEGAL,    /* this call set cmd_ill */
    CQ_STOP_MEMFAULT,   /* this call set cqmf */
    CQ_STOP_TIMEOUT,    /* this call set cmd_to */
};

void cq_reset(cq_ats_t *ats);
/* Runs commands from cqh until the queue is empty, stalls or stops; updates cqh, the cqcsr error bits
 * and ipsr.cip. Memory accesses (fetches, the IOFENCE.C write) go through mem; messages through msg. */
enum cq_stop cq_process(iommu_regs_t *r, cq_ats_t *ats, const iommu_mem_if_t *mem, const iommu_msg_if_t *msg);
/* "Invalidation Completion" from device did for the ITags set in itags; others are ignored. */
void cq_inval_complete(cq_ats_t *ats, uint32_t did, uint32_t itags);
/* The lowest free ITag becomes busy for device did; returns it, or -1 when all 32 are busy (the ATS.INVAL
 * waits). The timing layer allocates at its StCmdExec edge with this too. */
int cq_itag_alloc(cq_ats_t *ats, uint32_t did);
/* The device a PCIe ATS command addresses: RID, and DSEG when DSV = 1 (bits 23:16 of device_id). */
uint32_t cq_ats_device(uint64_t dw0);
/* The protocol timeout of every outstanding ATS.INVAL. */
void cq_ats_timeout(cq_ats_t *ats);
/* The command queue turned off: outstanding invalidations are abandoned (spec "cqcsr": an implementation
 * may abort fetched commands when the queue is disabled). */
void cq_abort(cq_ats_t *ats);
/* The legality checks of one command (exposed for unit tests): true when it is illegal or unsupported. */
bool cq_command_illegal(const iommu_regs_t *r, uint64_t dw0, uint64_t dw1);

#endif
