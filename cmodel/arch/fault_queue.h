/* Fault reporting through the in-memory fault queue (IOMMU spec "Fault/Event-Queue", "fqcsr") as a
 * resumable step machine: fault_report_start decides whether the fault is recorded (DTF, fqon, fqmf,
 * fqof, queue full) and returns either ARCH_STEP_DONE or the first record write; fault_report_step takes
 * each write's result. The register updates are returned as an enum fq_event, applied by the caller with
 * regs_fq_event at the moment its timing dictates. */
#ifndef IOMMU_FAULT_QUEUE_H
#define IOMMU_FAULT_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "fault_cause.h"
#include "mem_if.h"
#include "regs.h"
#include "request.h"

/* Everything a fault record holds, plus the DTF of the DC (0 when no DC was located). */
typedef struct {
    enum fault_cause cause;
    uint8_t ttyp;
    uint32_t did;
    bool pv;
    uint32_t pid;
    bool priv;
    uint64_t iotval, iotval2;
    bool dtf;
} fault_info_t;

typedef struct {
    uint64_t dw[4];       /* the record */
    uint64_t base;        /* address of the record slot: fqb.PPN * 4096 + fqt * 32 */
    unsigned k;           /* doubleword being written */
    mem_access_t acc;     /* the write wanted after ARCH_STEP_MEM */
    enum fq_event event;  /* outcome once ARCH_STEP_DONE */
} fq_report_t;

/* The fault-record fields of a fault of a request. */
fault_info_t fault_info_for_request(const iommu_request_t *req, enum fault_cause cause, uint64_t iotval,
                                    uint64_t iotval2, bool dtf);
/* The four doublewords of the record. */
void fault_record_encode(const fault_info_t *f, uint64_t dw[4]);

/* Reports a fault: reads the queue state from regs (not modified). */
enum arch_step fault_report_start(fq_report_t *w, const iommu_regs_t *regs, const fault_info_t *f);
/* rsp: result of the write w->acc. */
enum arch_step fault_report_step(fq_report_t *w, const mem_result_t *rsp);
/* Runs the machine to completion through mem; returns the event (not applied). */
enum fq_event fault_report_run(fq_report_t *w, const iommu_regs_t *regs, const fault_info_t *f,
                               const iommu_mem_if_t *mem);

#endif
