/* The translation of one request as a resumable step machine (IOMMU spec "Process to translate an IOVA"
 * with a 1LVL DDT and Sv39 single stage). Start it with a request and the active ddtp, then call
 * xlate_step repeatedly:
 *   ARCH_STEP_MEM  - x->acc is the memory access it wants; pass its result to the next xlate_step.
 *   ARCH_STEP_BUSY - it stored a DC doubleword 3 or a PTE; the next xlate_step (result NULL) checks it.
 *   ARCH_STEP_DONE - x->result holds the outcome.
 * Memory access sequence: DC doublewords 0..3 in order (stop at the first error), then PTEs at levels
 * 2, 1, 0. The machine has no cache: every walk is done in full. */
#ifndef IOMMU_XLATE_H
#define IOMMU_XLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "fault_cause.h"
#include "mem_if.h"
#include "request.h"

enum xlate_phase {
    XLATE_MODE_CHECK, /* steps 1 - 5 (ddtp mode, device_id width) */
    XLATE_DC_READ,    /* waiting for DC doubleword k */
    XLATE_DC_CHECK,   /* DC read complete: locate checks, transaction checks, first-stage set-up */
    XLATE_PTE_READ,   /* waiting for the PTE at level i */
    XLATE_PTE_CHECK,  /* PTE read: check it */
    XLATE_DONE,
};

typedef struct {
    bool fault;
    enum fault_cause cause;
    uint64_t iotval, iotval2;
    bool dtf;            /* tc.DTF of the located DC (0 when no DC was located) */
    uint64_t pa;         /* translated address (0 on a fault) */
    bool leaf;           /* success from an Sv39 leaf (what an IOTLB may cache) */
    unsigned leaf_level; /* level of that leaf */
    uint64_t leaf_pte;   /* the leaf PTE */
} xlate_result_t;

typedef struct {
    iommu_request_t req;
    uint64_t ddtp;       /* the active ddtp at the start */
    enum xlate_phase phase;
    unsigned k;          /* DC doubleword counter */
    uint64_t dc[4];
    bool dc_located;
    unsigned i;          /* current level */
    uint64_t a;          /* current table address */
    uint64_t pte;
    mem_access_t acc;    /* the access wanted after ARCH_STEP_MEM */
    xlate_result_t result;
} xlate_t;

void xlate_start(xlate_t *x, const iommu_request_t *req, uint64_t ddtp_active);
/* rsp: the result of x->acc when the previous step returned ARCH_STEP_MEM; NULL otherwise. */
enum arch_step xlate_step(xlate_t *x, const mem_result_t *rsp);
/* Runs the machine to completion answering accesses through mem; returns &x->result. */
const xlate_result_t *xlate_run(xlate_t *x, const iommu_mem_if_t *mem);

#endif
