/* The IOMMU register file (IOMMU spec "Register layout" and every register section), driven by an
 * iommu_config_t: state and semantics of register reads and writes (WARL, RW1C, RW1S, read-only fields),
 * and the internal updates the engine makes (busy completion, queue events, ipsr). What a configuration
 * does not implement reads 0 and ignores writes, as the specification says for an IOMMU without the
 * capability. Written once and used by the functional runner (iommu_arch) and by the timing layer
 * (iommu_tm, with iommu_config_rtl()); the caller decides at which edge each internal update happens. */
#ifndef IOMMU_REGS_H
#define IOMMU_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "reg_map.h"

/* Register offsets: reg_map.h, generated from data/iommu.yaml. The MSI configuration table (spec "MSI
 * configuration table") starts with msi_addr_0; entry x is 16 bytes at +16x. */
#define REG_MSI_CFG_TBL REG_MSI_ADDR_0

/* ipsr bit numbers (spec "ipsr") */
enum ipsr_bit { IPSR_CIP = 0, IPSR_FIP = 1, IPSR_PMIP = 2, IPSR_PIP = 3 };

typedef struct {
    const iommu_config_t *cfg;
    uint32_t fctl;
    uint64_t ddtp;        /* stored value: iommu_mode and PPN (busy kept apart) */
    bool ddtp_busy;
    uint64_t ddtp_active; /* the value the translation engine uses */
    /* command queue */
    uint64_t cqb;
    uint32_t cqh, cqt;
    bool cqen, cie, cqmf, cmd_to, cmd_ill, fence_w_ip, cqon, cqcsr_busy;
    /* fault queue */
    uint64_t fqb;         /* LOG2SZ-1 and PPN */
    uint32_t fqh, fqt;
    bool fqen, fie, fqmf, fqof, fqon, fqcsr_busy;
    /* page-request queue */
    uint64_t pqb;
    uint32_t pqh, pqt;
    bool pqen, pie, pqmf, pqof, pqon, pqcsr_busy;
    /* ipsr */
    bool cip, fip, pmip, pip;
    /* performance monitor */
    uint32_t iocountinh;
    uint64_t iohpmcycles;          /* counter and OF */
    uint64_t iohpmctr[32];         /* [1..31] */
    uint64_t iohpmevt[32];         /* [1..31] */
    uint32_t hpm_evt_set;          /* bit n: iohpmevt[n].eventID != 0 (the counters a request may advance) */
    /* debug translation interface */
    uint64_t tr_req_iova, tr_req_ctl, tr_response;
    uint32_t iommu_qosid;
    uint64_t icvec;       /* civ, fiv, pmiv, piv */
    /* MSI configuration table */
    uint64_t msi_addr[16];
    uint32_t msi_data[16], msi_vec_ctl[16];
    uint16_t msi_pending; /* vectors with a message to send (an ipsr bit went 0 -> 1 with fctl.WSI = 0) */
} iommu_regs_t;

/* What the fault-queue reporting produced (docs/microarch.md section 5, StFault / StFqWait). The same
 * events are used for the page-request queue. */
enum fq_event {
    FQ_EVENT_NONE,     /* nothing to record (fault not reported, or discarded) */
    FQ_EVENT_OVERFLOW, /* queue full: fqof = 1 */
    FQ_EVENT_MEMFAULT, /* a record write failed: fqmf = 1 */
    FQ_EVENT_COMMIT,   /* a record was written: fqt advances */
};

/* Reset (spec "Reset behavior"); cfg must outlive r. */
void regs_reset(iommu_regs_t *r, const iommu_config_t *cfg);
/* Register read (no side effects). offset is the byte offset in the page; size8 selects 8-byte access. */
uint64_t regs_read(const iommu_regs_t *r, uint16_t offset, bool size8);
/* Register write with its side effects (busy set, RW1C clears, WARL masking). */
void regs_write(iommu_regs_t *r, uint16_t offset, bool size8, uint64_t wdata);

/* ddtp busy handshake completion: the active copy takes the stored value and busy clears. */
void regs_ddtp_complete(iommu_regs_t *r);
/* fqcsr busy handshake completion: fqon takes fqen; on 0 -> 1, fqt, fqmf and fqof clear. */
void regs_fqcsr_complete(iommu_regs_t *r);
/* cqcsr busy handshake completion: cqon takes cqen; on 0 -> 1, cqh, cmd_ill, cmd_to, cqmf, fence_w_ip clear. */
void regs_cqcsr_complete(iommu_regs_t *r);
/* pqcsr busy handshake completion: pqon takes pqen; on 0 -> 1, pqt, pqmf and pqof clear. */
void regs_pqcsr_complete(iommu_regs_t *r);
/* Applies a fault-queue event. */
void regs_fq_event(iommu_regs_t *r, enum fq_event ev);
/* Applies a page-request-queue event. */
void regs_pq_event(iommu_regs_t *r, enum fq_event ev);
/* ipsr.fip set rule (spec "ipsr", docs/microarch.md 4.3): sets fip if fie and (fqof or fqmf or a record
 * was committed). Call after every update of the other registers. */
void regs_update_fip(iommu_regs_t *r, bool record_committed);
/* ipsr.cip set rule: cie and (fence_w_ip or cmd_ill or cmd_to or cqmf). */
void regs_update_cip(iommu_regs_t *r);
/* ipsr.pip set rule: pie and (pqof or pqmf or a message was queued). */
void regs_update_pip(iommu_regs_t *r, bool message_queued);
/* Sets an ipsr bit; with fctl.WSI = 0 a 0 -> 1 transition makes the vector's message pending (MSIs have
 * edge semantics, spec "ipsr"). */
void regs_set_ip(iommu_regs_t *r, enum ipsr_bit bit);
/* The vector icvec assigns to an ipsr bit. */
unsigned regs_vector(const iommu_regs_t *r, enum ipsr_bit bit);
/* The wired-interrupt outputs (fctl.WSI = 1): bit v set when an ipsr bit whose icvec field is v is 1. */
uint16_t regs_wsi(const iommu_regs_t *r);

/* Queue geometry helpers. */
unsigned regs_fq_log2sz(const iommu_regs_t *r);
uint32_t regs_fq_index_mask(const iommu_regs_t *r);
uint32_t regs_cq_index_mask(const iommu_regs_t *r);
uint32_t regs_pq_index_mask(const iommu_regs_t *r);

/* Performance-monitor events (spec "iohpmevt1-31", standard events list). */
enum hpm_event {
    HPM_EV_UNTRANSLATED = 1, HPM_EV_TRANSLATED = 2, HPM_EV_ATS = 3, HPM_EV_TLB_MISS = 4, HPM_EV_DDT_WALK = 5,
    HPM_EV_PDT_WALK = 6, HPM_EV_S1_WALK = 7, HPM_EV_S2_WALK = 8,
};
/* Whether counter n (1..hpm.counters) counts event ev of this request: its eventID, not inhibited, its
 * filter matches (the decision alone, for a timed model that applies it at its own edge). */
bool regs_hpm_counts(const iommu_regs_t *r, unsigned n, enum hpm_event ev, uint32_t did, bool pv, uint32_t pid);
/* Counts one event of a transaction (device_id, process_id) in every counter selecting it whose filter
 * matches and that is not inhibited; an overflow sets OF and, when OF was 0, ipsr.pmip. */
void regs_hpm_count(iommu_regs_t *r, enum hpm_event ev, uint32_t did, bool pv, uint32_t pid);
/* Advances iohpmcycles by n cycles (unless inhibited); only a timed model has cycles. */
void regs_hpm_cycles(iommu_regs_t *r, uint64_t n);

#endif
