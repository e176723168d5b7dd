/* PCIe "Page Request" handling (IOMMU spec "PCIe ATS Page Request handling", "Page-Request-Queue (PQ)",
 * "pqcsr"): locate the device context, queue the request into the page-request queue, or discard it and,
 * when the request needs a response, send the IOMMU's own "Page Request Group Response" with the status
 * the specification assigns to the cause. Faults of the DC location are reported to the fault queue
 * (TTYP = PCIe message request, iotval = the message code). */
#ifndef IOMMU_PQ_H
#define IOMMU_PQ_H

#include <stdbool.h>
#include <stdint.h>

#include "fault_queue.h"
#include "mem_if.h"
#include "msg_if.h"
#include "regs.h"

/* A "Page Request" message as received. */
typedef struct {
    uint32_t did;
    bool pv;
    uint32_t pid;
    bool priv, exec;    /* only meaningful with pv */
    bool r, w, l;       /* read / write access requested; last request in the group */
    uint16_t prgi;      /* page request group index, 9 bits */
    uint64_t addr;      /* page address (bits 11:0 ignored) */
} pq_request_t;

/* What happened to a request (for tests). */
enum pq_outcome {
    PQ_QUEUED,          /* written to the PQ (pqt advanced) */
    PQ_DISCARDED,       /* dropped without a response */
    PQ_AUTO_RESPONSE,   /* dropped; the IOMMU sent a "Page Request Group Response" */
};

/* The record's two doublewords. */
void pq_record_encode(const pq_request_t *p, uint64_t dw[2]);
/* The pieces the timing layer (docs/microarch.md 5.9) reuses step by step: the fault record of a page
 * request's fault (TTYP 9, iotval = the Page Request message code); the response code after such a fault;
 * whether the message gets the IOMMU's own response (Last = 1 and not a Stop Marker); that response's payload
 * (PRGI and code, as ATS.PRGR's payload) and whether it carries the PASID. */
fault_info_t pq_fault_info(const pq_request_t *p, enum fault_cause cause, bool dtf);
unsigned pq_fault_response_code(enum fault_cause cause);
bool pq_needs_response(const pq_request_t *p);
uint64_t pq_response_payload(const pq_request_t *p, unsigned code);
bool pq_response_pv(const pq_request_t *p, unsigned code, bool prpr);
/* Handles one message: may read the DDT, write the PQ and the FQ (through mem) and send a message. *code
 * receives the response code of an auto-response (enum prgr_code). */
enum pq_outcome pq_page_request(iommu_regs_t *r, const pq_request_t *p, const iommu_mem_if_t *mem,
                                const iommu_msg_if_t *msg, unsigned *code);

#endif
