/* The device directory (IOMMU spec "Device-Directory-Table (DDT)", "Process to locate the
 * Device-context", "Device-context configuration checks") for this version: 1LVL only, base-format 32-byte
 * device context, and the checks that apply to the capabilities of docs/microarch.md section 3. */
#ifndef IOMMU_DDT_H
#define IOMMU_DDT_H

#include <stdbool.h>
#include <stdint.h>

#include "fault_cause.h"
#include "request.h"

enum { DDT_DC_SIZE = 32 };

/* Address of doubleword k of the DC of device_id in a 1LVL directory: ddtp.PPN * 4096 + DDI[0] * 32 + 8k. */
uint64_t ddt_dc_addr(uint64_t ddtp, uint32_t did, unsigned k);
/* "Process to translate an IOVA" step 5 for 1LVL: DDI[2] or DDI[1] (device_id[23:7]) not 0. */
bool ddt_did_too_wide_1lvl(uint32_t did);
/* "Process to locate the Device-context" steps 9 and 10: CAUSE_DDT_ENTRY_NOT_VALID,
 * CAUSE_DDT_ENTRY_MISCONFIGURED or CAUSE_NONE (the DC is located). */
enum fault_cause ddt_dc_check(const uint64_t dc[4]);
/* "Process to translate an IOVA" step 7 on a located DC: CAUSE_TRANSACTION_TYPE_DISALLOWED or CAUSE_NONE. */
enum fault_cause ddt_transaction_check(const uint64_t dc[4], const iommu_request_t *req);
/* The first-stage mode the located DC selects for the request (steps 10 to 13): IOSATP_MODE_BARE or
 * IOSATP_MODE_SV39; *root_ppn receives the root page-table PPN for Sv39. */
unsigned ddt_first_stage(const uint64_t dc[4], const iommu_request_t *req, uint64_t *root_ppn);

#endif
