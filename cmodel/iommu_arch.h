/* The architectural IOMMU with no notion of time (used by the functional runner): register accesses take
 * effect at once (busy handshakes complete immediately) and a translation runs to its response, fault
 * record included, answering memory accesses through an iommu_mem_if_t. It is a thin composition of the
 * step machines in xlate.h and fault_queue.h and the register file in regs.h, which the timing layer
 * reuses cycle by cycle. */
#ifndef IOMMU_ARCH_H
#define IOMMU_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "mem_if.h"
#include "regs.h"
#include "request.h"

typedef struct {
    iommu_regs_t regs;
} iommu_arch_t;

typedef struct {
    bool fault;
    unsigned cause; /* 0 without fault */
    uint64_t pa;    /* 0 on a fault */
} iommu_response_t;

void iommu_arch_reset(iommu_arch_t *a);
uint64_t iommu_arch_reg_read(const iommu_arch_t *a, uint16_t offset, bool size8);
void iommu_arch_reg_write(iommu_arch_t *a, uint16_t offset, bool size8, uint64_t wdata);
/* Translates a request, reports its fault (if any) to the fault queue, and updates ipsr. */
iommu_response_t iommu_arch_translate(iommu_arch_t *a, const iommu_request_t *req, const iommu_mem_if_t *mem);
/* Current level of the wired-interrupt outputs. */
uint16_t iommu_arch_wsi(const iommu_arch_t *a);

#endif
