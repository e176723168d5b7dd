/* The ATS side of the ports (docs/microarch.md 5.9): the outbound message StMsgReq presents on msg_* (an
 * ATS.INVAL's Invalidation Request, an ATS.PRGR's or the IOMMU's own Page Request Group Response), and the
 * ATS completion of a translation request on rsp_ats_* (from the architectural layer's ats_completion_t). */
#ifndef IOMMU_TM_ATS_MSG_H
#define IOMMU_TM_ATS_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include "iommu_port.h"
#include "pq.h"
#include "request.h"

typedef struct {
    bool prgr;         /* 0 Invalidation Request, 1 Page Request Group Response */
    uint32_t did;
    bool pv;
    uint32_t pid;      /* 0 unless pv */
    unsigned itag;     /* 0 for a response */
    uint64_t payload;
    bool from_cmd;     /* a command's message: cqh advances after its handshake */
} ats_msg_t;

/* The message of ATS.INVAL (itag: the ITag allocated) or ATS.PRGR, from the command's two doublewords. */
ats_msg_t ats_msg_of_command(uint64_t dw0, uint64_t dw1, unsigned itag);
/* The IOMMU's own Page Request Group Response to p with the response code; prpr: the located DC's tc.PRPR
 * (0 when no valid DC was located). */
ats_msg_t ats_msg_of_page_response(const pq_request_t *p, unsigned code, bool prpr);
/* Drives msg_* for m. */
void ats_msg_drive(const ats_msg_t *m, iommu_outputs_t *out);
/* Drives rsp_ats_* for the completion c of an ATS translation request (rsp_ats_o = 1); the size as log2 of
 * the range, 0 for an Unsupported Request or a Completer Abort. */
void ats_cpl_drive(const ats_completion_t *c, iommu_outputs_t *out);

/* The completion rsp_ats_* carry (rsp_ats_o = 1), in the architectural layer's terms (size in bytes; x, n and
 * ama, which this implementation never grants, 0), for the transaction log and the transaction check. */
void ats_cpl_from_outputs(const iommu_outputs_t *out, ats_completion_t *c);

#endif
