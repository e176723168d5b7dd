/* The software side's reading of the spec's fault reporting, for the mapping oracle (randgen.c writes the
 * causes it expects, bench.c decodes the fault records the DUT writes): cause codes, the cause table's
 * "Reported if DTF is 1?" column and the fault-record layout, written from the spec ("Fault/Event-Queue")
 * on purpose independently of the model's cmodel/arch/spec_fields.h, so that a misreading there is not
 * shared by the oracle. */
#ifndef TB_FAULT_RECORD_H
#define TB_FAULT_RECORD_H

#include <stdbool.h>
#include <stdint.h>

/* Spec "Fault/Event-Queue", table "Fault record CAUSE field encodings". */
enum {
    FR_INSTR_ACCESS_FAULT = 1,
    FR_READ_ACCESS_FAULT = 5,
    FR_INSTR_GUEST_PAGE_FAULT = 20,
    FR_READ_GUEST_PAGE_FAULT = 21,
    FR_WRITE_GUEST_PAGE_FAULT = 23,
    FR_WRITE_ACCESS_FAULT = 7,
    FR_INSTR_PAGE_FAULT = 12,
    FR_READ_PAGE_FAULT = 13,
    FR_WRITE_PAGE_FAULT = 15,
    FR_ALL_INBOUND_DISALLOWED = 256,
    FR_DDT_LOAD_ACCESS_FAULT = 257,
    FR_DDT_NOT_VALID = 258,
    FR_DDT_MISCONFIGURED = 259,
    FR_TTYP_DISALLOWED = 260,
    FR_MSI_PTE_LOAD_ACCESS_FAULT = 261,
    FR_MSI_PTE_NOT_VALID = 262,
    FR_MSI_PTE_MISCONFIGURED = 263,
    FR_PDT_LOAD_ACCESS_FAULT = 265,
    FR_PDT_NOT_VALID = 266,
    FR_PDT_MISCONFIGURED = 267,
    FR_DDT_DATA_CORRUPTION = 268,
    FR_PDT_DATA_CORRUPTION = 269,
    FR_MSI_PT_DATA_CORRUPTION = 270,
    FR_PT_DATA_CORRUPTION = 274,
};

/* The cause table's "Reported if DTF is 1?" column: the causes a device context with tc.DTF = 1 still
 * reports (Yes: 256-259, 268, 272, 273); every other cause is suppressed. */
static inline bool fr_reported_if_dtf(unsigned cause)
{
    return (cause >= 256 && cause <= 259) || cause == 268 || cause == 272 || cause == 273;
}

/* A fault record: four doublewords (spec "Fault/Event-Queue", figure "Fault-queue record"): doubleword 0
 * holds CAUSE 11:0, PID 31:12, PV 32, PRIV 33, TTYP 39:34, DID 63:40; doubleword 1 is for custom use and
 * reserved; doubleword 2 is iotval, doubleword 3 iotval2. Little-endian (fctl.BE = 0: this configuration
 * has no big-endian support). */
typedef struct {
    unsigned cause, pid, ttyp;
    bool pv, priv;
    uint32_t did;
    uint64_t iotval, iotval2;
} fault_record_t;

static inline fault_record_t fr_decode(const uint64_t dw[4])
{
    fault_record_t r;
    r.cause = (unsigned)(dw[0] & 0xfff);
    r.pid = (unsigned)((dw[0] >> 12) & 0xfffff);
    r.pv = (dw[0] >> 32) & 1;
    r.priv = (dw[0] >> 33) & 1;
    r.ttyp = (unsigned)((dw[0] >> 34) & 0x3f);
    r.did = (uint32_t)(dw[0] >> 40);
    r.iotval = dw[2];
    r.iotval2 = dw[3];
    return r;
}

#endif
