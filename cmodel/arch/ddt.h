/* The device directory (IOMMU spec "Device-Directory-Table (DDT)", "Process to locate the Device-context",
 * "Device-context configuration checks", "Process to translate an IOVA" steps 3 - 7): 1, 2 and 3-level
 * directories, base-format (32-byte) and extended-format (64-byte, capabilities.MSI_FLAT = 1) device
 * contexts, and every DC check, all driven by the configuration. */
#ifndef IOMMU_DDT_H
#define IOMMU_DDT_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "fault_cause.h"
#include "request.h"

enum { DDT_DC_SIZE = 32, DDT_DC_SIZE_EXT = 64 };

/* capabilities.MSI_FLAT selects the extended format (steps 3 and 4). */
bool ddt_extended(const iommu_config_t *cfg);
/* Doublewords in a DC: 4 or 8. */
unsigned ddt_dc_dwords(const iommu_config_t *cfg);
/* LEVELS of the directory for ddtp.iommu_mode 1LVL/2LVL/3LVL (0 for Off/Bare). */
unsigned ddt_levels(uint64_t ddtp);
/* DDI[i] of device_id (steps 3 and 4). */
uint32_t ddt_ddi(const iommu_config_t *cfg, uint32_t did, unsigned i);
/* Step 5: the device_id is wider than the mode supports. */
bool ddt_did_too_wide(const iommu_config_t *cfg, uint64_t ddtp, uint32_t did);
/* Locate step 3: address of the non-leaf entry at level i of the table at a. */
uint64_t ddt_ddte_addr(const iommu_config_t *cfg, uint64_t a, uint32_t did, unsigned i);
/* Locate steps 5 - 6 on a non-leaf entry: CAUSE_DDT_ENTRY_NOT_VALID, _MISCONFIGURED or CAUSE_NONE. */
enum fault_cause ddt_ddte_check(uint64_t ddte);
/* Locate step 8: address of DC doubleword k in the leaf table at a. */
uint64_t ddt_dc_addr(const iommu_config_t *cfg, uint64_t a, uint32_t did, unsigned k);
/* Locate steps 9 - 10: tc.V and "Device-context configuration checks" (fctl: the current fctl value). */
enum fault_cause ddt_dc_check(const iommu_config_t *cfg, uint64_t fctl, const uint64_t *dc);
/* iosatp.MODE / PC.fsc.MODE valid for SXL and supported by the capabilities (checks 9 - 11). */
bool ddt_fs_mode_supported(const iommu_config_t *cfg, bool sxl, unsigned mode);
/* "Process to translate an IOVA" step 7: CAUSE_TRANSACTION_TYPE_DISALLOWED or CAUSE_NONE. */
enum fault_cause ddt_transaction_check(const uint64_t *dc, const iommu_request_t *req);

#endif
