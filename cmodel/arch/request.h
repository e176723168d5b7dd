/* An inbound translation request as the architectural layer sees it (device_id, process_id, privilege,
 * transaction type, IOVA), and the request properties the spec derives from it. */
#ifndef IOMMU_REQUEST_H
#define IOMMU_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "spec_enums.h"

typedef struct {
    uint32_t did;  /* device_id, 24 bits */
    bool pv;       /* process_id valid */
    uint32_t pid;  /* process_id, 20 bits */
    bool priv;     /* Supervisor requested; only meaningful with pv */
    uint8_t ttyp;  /* enum iommu_ttyp */
    uint64_t iova;
} iommu_request_t;

/* The kind of access a transaction makes, which selects the access-fault and page-fault causes. */
/* The access type of a request: enum access_type and ttyp_access() come from data/iommu.yaml. */
static inline enum access_type request_access(const iommu_request_t *req) { return ttyp_access(req->ttyp); }

/* spec "Overview": a request without a process_id is a User request. */
static inline bool request_is_supervisor(const iommu_request_t *req) { return req->pv && req->priv; }

static inline bool request_is_translated(const iommu_request_t *req)
{
    return req->ttyp == IOMMU_TTYP_TRANSLATED_EXEC || req->ttyp == IOMMU_TTYP_TRANSLATED_READ ||
           req->ttyp == IOMMU_TTYP_TRANSLATED_WRITE;
}

static inline bool request_is_untranslated(const iommu_request_t *req)
{
    return req->ttyp == IOMMU_TTYP_UNTRANSLATED_EXEC || req->ttyp == IOMMU_TTYP_UNTRANSLATED_READ ||
           req->ttyp == IOMMU_TTYP_UNTRANSLATED_WRITE;
}

/* The completion of a PCIe ATS translation request (spec "PCIe ATS translation request handling"). */
typedef struct {
    enum { ATS_SUCCESS, ATS_UR, ATS_CA } status;
    uint64_t pa, size;
    uint8_t r, w, x, u, g, priv, n, ama;
} ats_completion_t;

#endif
