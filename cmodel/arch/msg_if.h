/* The messages the IOMMU sends to PCIe devices (IOMMU spec "IOMMU PCIe ATS commands", "PCIe ATS Page
 * Request handling"): "Invalidation Request" and "Page Request Group Response". The architectural layer
 * calls these; the functional runner logs them (txlog_msg_inval / txlog_msg_prgr). */
#ifndef IOMMU_MSG_IF_H
#define IOMMU_MSG_IF_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    void (*inval)(void *user, uint32_t did, unsigned itag, uint64_t payload, bool pv, uint32_t pid);
    void (*prgr)(void *user, uint32_t did, uint64_t payload, bool pv, uint32_t pid);
    void *user;
} iommu_msg_if_t;

#endif
