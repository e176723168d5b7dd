/* Fault causes of the RISC-V IOMMU fault record (IOMMU spec "Fault/Event-Queue", cause table), with the
 * table's "Reported if DTF is 1?" column as a function. Only the causes this version can raise are used,
 * but the whole table is named so the DTF rule is written once. */
#ifndef IOMMU_FAULT_CAUSE_H
#define IOMMU_FAULT_CAUSE_H

#include <stdbool.h>

enum fault_cause {
    CAUSE_NONE = 0, /* not a cause: "no fault" */
    CAUSE_INSTRUCTION_ACCESS_FAULT = 1,
    CAUSE_READ_ADDRESS_MISALIGNED = 4,
    CAUSE_READ_ACCESS_FAULT = 5,
    CAUSE_WRITE_ADDRESS_MISALIGNED = 6,
    CAUSE_WRITE_ACCESS_FAULT = 7,
    CAUSE_INSTRUCTION_PAGE_FAULT = 12,
    CAUSE_READ_PAGE_FAULT = 13,
    CAUSE_WRITE_PAGE_FAULT = 15,
    CAUSE_INSTRUCTION_GUEST_PAGE_FAULT = 20,
    CAUSE_READ_GUEST_PAGE_FAULT = 21,
    CAUSE_WRITE_GUEST_PAGE_FAULT = 23,
    CAUSE_ALL_INBOUND_DISALLOWED = 256,
    CAUSE_DDT_LOAD_ACCESS_FAULT = 257,
    CAUSE_DDT_ENTRY_NOT_VALID = 258,
    CAUSE_DDT_ENTRY_MISCONFIGURED = 259,
    CAUSE_TRANSACTION_TYPE_DISALLOWED = 260,
    CAUSE_MSI_PTE_LOAD_ACCESS_FAULT = 261,
    CAUSE_MSI_PTE_NOT_VALID = 262,
    CAUSE_MSI_PTE_MISCONFIGURED = 263,
    CAUSE_MRIF_ACCESS_FAULT = 264,
    CAUSE_PDT_LOAD_ACCESS_FAULT = 265,
    CAUSE_PDT_ENTRY_NOT_VALID = 266,
    CAUSE_PDT_ENTRY_MISCONFIGURED = 267,
    CAUSE_DDT_DATA_CORRUPTION = 268,
    CAUSE_PDT_DATA_CORRUPTION = 269,
    CAUSE_MSI_PT_DATA_CORRUPTION = 270,
    CAUSE_MSI_MRIF_DATA_CORRUPTION = 271,
    CAUSE_INTERNAL_DATAPATH_ERROR = 272,
    CAUSE_IOMMU_MSI_WRITE_ACCESS_FAULT = 273,
    CAUSE_PT_DATA_CORRUPTION = 274,
};

/* The cause table's "Reported if DTF is 1?" column: true for the causes that are still reported. */
static inline bool fault_cause_reported_if_dtf(enum fault_cause cause)
{
    switch (cause) {
    case CAUSE_ALL_INBOUND_DISALLOWED:
    case CAUSE_DDT_LOAD_ACCESS_FAULT:
    case CAUSE_DDT_ENTRY_NOT_VALID:
    case CAUSE_DDT_ENTRY_MISCONFIGURED:
    case CAUSE_DDT_DATA_CORRUPTION:
    case CAUSE_INTERNAL_DATAPATH_ERROR:
    case CAUSE_IOMMU_MSI_WRITE_ACCESS_FAULT:
        return true;
    default:
        return false;
    }
}

/* How a fault of a PCIe ATS translation request is answered (IOMMU spec "PCIe ATS translation request
 * handling"): a Completer Abort or an Unsupported Request (the fault is reported), or a Success with
 * R = W = 0 (not a fault: nothing is reported). That section's lists leave out the data-corruption and
 * internal-error causes (268 - 272, 274); the hardware guidelines ("Reliability, Availability, and
 * Serviceability") name a Completer Abort as the PCIe response for them, so CA (docs/decisions.md). */
enum ats_response_class { ATS_CLASS_UR, ATS_CLASS_CA, ATS_CLASS_NO_PERM };

static inline enum ats_response_class fault_cause_ats_class(enum fault_cause cause)
{
    switch (cause) {
    case CAUSE_INSTRUCTION_ACCESS_FAULT:
    case CAUSE_READ_ACCESS_FAULT:
    case CAUSE_WRITE_ACCESS_FAULT:
    case CAUSE_MSI_PTE_LOAD_ACCESS_FAULT:
    case CAUSE_MSI_PTE_MISCONFIGURED:
    case CAUSE_PDT_LOAD_ACCESS_FAULT:
    case CAUSE_PDT_ENTRY_MISCONFIGURED:
    case CAUSE_DDT_DATA_CORRUPTION:
    case CAUSE_PDT_DATA_CORRUPTION:
    case CAUSE_MSI_PT_DATA_CORRUPTION:
    case CAUSE_MSI_MRIF_DATA_CORRUPTION:
    case CAUSE_INTERNAL_DATAPATH_ERROR:
    case CAUSE_PT_DATA_CORRUPTION:
        return ATS_CLASS_CA;
    case CAUSE_INSTRUCTION_PAGE_FAULT:
    case CAUSE_READ_PAGE_FAULT:
    case CAUSE_WRITE_PAGE_FAULT:
    case CAUSE_INSTRUCTION_GUEST_PAGE_FAULT:
    case CAUSE_READ_GUEST_PAGE_FAULT:
    case CAUSE_WRITE_GUEST_PAGE_FAULT:
    case CAUSE_PDT_ENTRY_NOT_VALID:
    case CAUSE_MSI_PTE_NOT_VALID:
        return ATS_CLASS_NO_PERM;
    default:
        return ATS_CLASS_UR;
    }
}

#endif
