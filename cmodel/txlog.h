/* Transaction log format v1 (docs/formats.md): the one writer every implementation uses, so logs from
 * the functional runner, the timing model and the RTL compare byte for byte. */
#ifndef IOMMU_TXLOG_H
#define IOMMU_TXLOG_H

#include <stdint.h>
#include <stdio.h>

void txlog_header(FILE *f);
void txlog_rsp_ok(FILE *f, uint16_t tag, uint64_t pa);
void txlog_rsp_fault(FILE *f, uint16_t tag, unsigned cause);
void txlog_memwr(FILE *f, uint64_t addr, uint64_t data, int status /* enum iommu_mem_err */);
void txlog_irq(FILE *f, unsigned vector, unsigned level);
void txlog_read(FILE *f, const char *reg_name, uint64_t value);
void txlog_poll(FILE *f, const char *reg_name, uint64_t value);
void txlog_memwr4(FILE *f, uint64_t addr, uint32_t data, int status);
void txlog_memcas(FILE *f, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t old, int status);

/* The completion of a PCIe ATS translation request. */
typedef struct {
    enum { ATS_SUCCESS, ATS_UR, ATS_CA } status;
    uint64_t pa, size;
    uint8_t r, w, x, u, g, priv, n, ama;
} txlog_ats_t;
void txlog_ats(FILE *f, uint16_t tag, const txlog_ats_t *ats);
void txlog_rsp_mrif(FILE *f, uint16_t tag, uint64_t mrif_addr, uint64_t notice_addr, uint32_t notice_data);
/* Messages the IOMMU sends to devices; pv = 0 omits the pid key. */
void txlog_msg_inval(FILE *f, uint32_t did, unsigned itag, uint64_t payload, int pv, uint32_t pid);
void txlog_msg_prgr(FILE *f, uint32_t did, uint64_t payload, int pv, uint32_t pid);
void txlog_end(FILE *f);

#endif
