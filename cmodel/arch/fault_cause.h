/* How faults are answered beyond the fault record: the class of PCIe response for an ATS translation
 * request. The causes themselves (IOMMU spec "Fault/Event-Queue", cause table) and the table's "Reported if
 * DTF is 1?" column are generated from data/iommu.yaml into spec_enums.h. */
#ifndef IOMMU_FAULT_CAUSE_H
#define IOMMU_FAULT_CAUSE_H

#include <stdbool.h>

#include "spec_enums.h" /* enum fault_cause and the DTF column, generated from data/iommu.yaml */

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
