/* Transaction log format v1 (docs/formats.md): the one writer every implementation uses, so logs from
 * the functional runner, the timing model and the RTL compare byte for byte. */
#ifndef IOMMU_TXLOG_H
#define IOMMU_TXLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "request.h" /* ats_completion_t */

/* A log being written: lines are formatted straight into the buffer, which goes to the stream when it is
 * nearly full and at txlog_flush. The functional runner writes a line per transaction, and a stdio call
 * per line was a large part of its cost. */
enum { TXLOG_BUFFER_BYTES = 1 << 16 };
typedef struct {
    FILE *f;
    size_t len;
    int err; /* a write to f failed */
    char buf[TXLOG_BUFFER_BYTES];
} txlog_t;

void txlog_init(txlog_t *t, FILE *f);
/* Writes the buffered lines to the stream (without fflush). Returns 0, or EOF if a write has failed. */
int txlog_flush(txlog_t *t);

void txlog_header(txlog_t *t);
/* pbmt: the Svpbmt memory type of the translation (docs/microarch.md 5.8); written as a key only when not 0, so
 * logs of translations without one keep the version 1 line. */
void txlog_rsp_ok(txlog_t *t, uint16_t tag, uint64_t pa, unsigned pbmt);
void txlog_rsp_fault(txlog_t *t, uint16_t tag, unsigned cause);
void txlog_memwr(txlog_t *t, uint64_t addr, uint64_t data, int status /* enum iommu_mem_err */);
void txlog_irq(txlog_t *t, unsigned vector, unsigned level);
void txlog_read(txlog_t *t, const char *reg_name, uint64_t value);
void txlog_poll(txlog_t *t, const char *reg_name, uint64_t value);
void txlog_memwr4(txlog_t *t, uint64_t addr, uint32_t data, int status);
void txlog_memcas(txlog_t *t, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t old, int status);

void txlog_ats(txlog_t *t, uint16_t tag, const ats_completion_t *ats);
void txlog_rsp_mrif(txlog_t *t, uint16_t tag, uint64_t mrif_addr, uint64_t notice_addr, uint32_t notice_data);
/* Messages the IOMMU sends to devices; pv = 0 omits the pid key. */
void txlog_msg_inval(txlog_t *t, uint32_t did, unsigned itag, uint64_t payload, int pv, uint32_t pid);
void txlog_msg_prgr(txlog_t *t, uint32_t did, uint64_t payload, int pv, uint32_t pid);
void txlog_end(txlog_t *t);

#endif
