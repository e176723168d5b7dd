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
void txlog_end(FILE *f);

#endif
