/* The built-in configurations (docs/config.md): the one the RTL implements and the full one. The file
 * reader and the validation are in config_file.c. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* capabilities register bit positions (IOMMU spec "capabilities") */
#define CAP_BIT(n) (1ull << (n))

void iommu_config_rtl(iommu_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->capabilities = 0x10 | CAP_BIT(9) | CAP_BIT(10) | CAP_BIT(11) /* Sv39 Sv48 Sv57 (version 5) */
                      | CAP_BIT(24) /* AMO_HWAD (version 6) */
                      | (2ull << 28) /* IGS = BOTH (version 3) */ | (56ull << 32) /* PAS */;
    cfg->fctl_wsi_writable = true; /* MSI or wires, software's choice (docs/microarch.md 5.5, version 3) */
    cfg->ddtp_modes = 0x1f; /* Off Bare 1LVL 2LVL 3LVL (docs/microarch.md version 4) */
    cfg->interrupt_vectors = 16;
    cfg->cq_log2sz_max = 32; /* the command queue of docs/microarch.md 5.4 (version 2) */
    cfg->fq_log2sz_max = 32;
    cfg->pscid_bits = 20;
}

void iommu_config_full(iommu_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->capabilities = 0x10;
    for (unsigned b = 8; b <= 11; b++) cfg->capabilities |= CAP_BIT(b);  /* Sv32 Sv39 Sv48 Sv57 */
    for (unsigned b = 14; b <= 19; b++) cfg->capabilities |= CAP_BIT(b); /* Svrsw60t59b Svpbmt SvNx4 */
    for (unsigned b = 21; b <= 26; b++) cfg->capabilities |= CAP_BIT(b); /* AMO_MRIF .. T2GPA */
    cfg->capabilities |= 2ull << 28;                                      /* IGS = BOTH */
    cfg->capabilities |= CAP_BIT(30) | CAP_BIT(31);                       /* HPM DBG */
    cfg->capabilities |= 56ull << 32;                                     /* PAS */
    for (unsigned b = 38; b <= 43; b++) cfg->capabilities |= CAP_BIT(b); /* PD8 PD17 PD20 QOSID NL S */
    cfg->fctl_wsi_writable = true;
    cfg->fctl_gxl_writable = true;
    cfg->ddtp_modes = 0x1f;
    cfg->interrupt_vectors = 16;
    cfg->cq_log2sz_max = cfg->fq_log2sz_max = cfg->pq_log2sz_max = 20;
    cfg->pscid_bits = 20;
    cfg->gscid_bits = 16;
    cfg->hpm_counters = 31;
    cfg->hpm_counter_bits = 64;
    cfg->rcid_bits = cfg->mcid_bits = 4;
    cfg->svnapot = true;
}

/* Field by field (not memcmp: padding), so that a stimulus that states a configuration file is matched against
 * a built-in one by content, whatever the file's path or key order. */
bool iommu_config_equal(const iommu_config_t *a, const iommu_config_t *b, char *why, size_t why_len)
{
    /* a field added to iommu_config_t changes its size: it must be compared below too (then update the size) */
    _Static_assert(sizeof(iommu_config_t) == 64, "iommu_config_equal: compare every field of iommu_config_t");
#define SAME(field, fmt)                                                                                  \
    do {                                                                                                  \
        if (a->field != b->field) {                                                                       \
            if (why) snprintf(why, why_len, #field ": " fmt " vs " fmt, a->field, b->field);               \
            return false;                                                                                 \
        }                                                                                                 \
    } while (0)
    SAME(capabilities, "0x%" PRIx64);
    SAME(fctl_be_writable, "%d");
    SAME(fctl_wsi_writable, "%d");
    SAME(fctl_gxl_writable, "%d");
    SAME(ddtp_modes, "0x%" PRIx32);
    SAME(interrupt_vectors, "%u");
    SAME(cq_log2sz_max, "%u");
    SAME(fq_log2sz_max, "%u");
    SAME(pq_log2sz_max, "%u");
    SAME(pscid_bits, "%u");
    SAME(gscid_bits, "%u");
    SAME(hpm_counters, "%u");
    SAME(hpm_counter_bits, "%u");
    SAME(rcid_bits, "%u");
    SAME(mcid_bits, "%u");
    SAME(svnapot, "%d");
#undef SAME
    if (why && why_len) why[0] = '\0';
    return true;
}
