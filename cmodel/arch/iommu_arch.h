/* The architectural IOMMU with no notion of time (used by the functional runner), built from one
 * configuration: register accesses take effect at once (busy handshakes complete immediately), and after
 * every register write the command queue runs until it is empty or stalls, a debug translation request
 * (tr_req_ctl.Go/Busy) is performed, and pending MSIs are sent. A translation runs to its response, fault
 * record included. Page requests, invalidation completions and the ATS timeout arrive as calls. It is a
 * thin composition of regs.h, xlate.h, fault_queue.h, cq.h, pq.h and irq.h; the timing layer reuses the
 * same pieces cycle by cycle. */
#ifndef IOMMU_ARCH_H
#define IOMMU_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "cq.h"
#include "mem_if.h"
#include "msg_if.h"
#include "pq.h"
#include "regs.h"
#include "request.h"
#include "xlate.h"

typedef struct {
    const iommu_config_t *cfg;
    const iommu_mem_if_t *mem; /* memory for accesses started by register writes and messages */
    const iommu_msg_if_t *msg; /* messages to devices (may be NULL) */
    iommu_regs_t regs;
    cq_ats_t cq;
    xlate_t xlate;
} iommu_arch_t;

typedef struct {
    bool fault;
    unsigned cause; /* 0 without fault */
    uint64_t pa;    /* 0 on a fault */
    /* from the translation layer (xlate_result_t): an MRIF-mode MSI, and the ATS completion of ttyp=ats */
    bool mrif;
    uint64_t mrif_addr, notice_addr;
    uint32_t notice_data;
    bool ats;
    ats_completion_t ats_cpl;
    unsigned pbmt;       /* memory type of a successful translation (Svpbmt; 0 = PMA) */
} iommu_response_t;

/* cfg, mem and msg must outlive a; resets it. */
void iommu_arch_init(iommu_arch_t *a, const iommu_config_t *cfg, const iommu_mem_if_t *mem, const iommu_msg_if_t *msg);
void iommu_arch_reset(iommu_arch_t *a);
uint64_t iommu_arch_reg_read(const iommu_arch_t *a, uint16_t offset, bool size8);
void iommu_arch_reg_write(iommu_arch_t *a, uint16_t offset, bool size8, uint64_t wdata);
/* Translates a request, reports its fault (if any) to the fault queue, updates ipsr and the counters. */
iommu_response_t iommu_arch_translate(iommu_arch_t *a, const iommu_request_t *req, const iommu_mem_if_t *mem);
/* A PCIe "Page Request" message. */
enum pq_outcome iommu_arch_page_request(iommu_arch_t *a, const pq_request_t *p);
/* A PCIe "Invalidation Completion" from device did for the ITags set in itags. */
void iommu_arch_inval_completion(iommu_arch_t *a, uint32_t did, uint32_t itags);
/* Every outstanding ATS invalidation times out. */
void iommu_arch_ats_timeout(iommu_arch_t *a);
/* Current level of the wired-interrupt outputs. */
uint16_t iommu_arch_wsi(const iommu_arch_t *a);

#endif
