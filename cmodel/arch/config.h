/* One IOMMU configuration: the capabilities register and the other implementation choices that the
 * specification leaves open (WARL widths, queue sizes, ID widths, counters). The model is built from one of
 * these; the file format and every key are in docs/config.md. */
#ifndef IOMMU_CONFIG_H
#define IOMMU_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t capabilities;     /* the value of the capabilities register */
    bool fctl_be_writable;     /* fctl.BE: writable only with capabilities.END = 1 */
    bool fctl_wsi_writable;    /* fctl.WSI: writable only with capabilities.IGS = BOTH */
    bool fctl_gxl_writable;    /* fctl.GXL */
    uint32_t ddtp_modes;       /* bit m set: ddtp.iommu_mode m is supported (Off and Bare always are) */
    unsigned interrupt_vectors; /* 1, 2, 4, 8 or 16; icvec fields are WARL to this many vectors */
    unsigned cq_log2sz_max, fq_log2sz_max, pq_log2sz_max; /* largest queue sizes, as LOG2SZ */
    unsigned pscid_bits, gscid_bits;
    unsigned hpm_counters;     /* iohpmctr1..N implemented, N <= 31 (0 when capabilities.HPM = 0) */
    unsigned hpm_counter_bits; /* width of iohpmctr; iohpmcycles is 63 bits plus OF */
    unsigned rcid_bits, mcid_bits; /* QoS ID widths (0 when capabilities.QOSID = 0) */
    bool svnapot;              /* Svnapot (mandatory for an IOMMU, spec "capabilities"; no capability bit). The RTL of
                                * docs/microarch.md predates it and treats PTE.N as reserved: false only there */
} iommu_config_t;

/* The configuration the RTL implements (docs/microarch.md section 3). */
void iommu_config_rtl(iommu_config_t *cfg);
/* Every capability of the specification enabled (config/full.cfg holds the same values). */
void iommu_config_full(iommu_config_t *cfg);

/* Reads a configuration file (docs/config.md): keys not given keep the values of iommu_config_rtl().
 * Returns 0, or -1 with "FILE:LINE: message" in err. */
int iommu_config_load(const char *path, iommu_config_t *cfg, char *err, size_t err_len);
/* Whether two configurations are the same, field by field. When they differ, writes the first differing
 * field and both values ("capabilities: 0x... vs 0x...") into why (may be NULL). */
bool iommu_config_equal(const iommu_config_t *a, const iommu_config_t *b, char *why, size_t why_len);
/* Rejects a configuration the specification forbids, naming the field. Returns 0 or -1. */
int iommu_config_validate(const iommu_config_t *cfg, char *err, size_t err_len);

#endif
