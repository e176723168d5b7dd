/* Random stimulus: from one seed, builds a stimulus program that sets up random device contexts (valid,
 * invalid and misconfigured, base or extended format), process directories and process contexts (when the
 * configuration has them), random Sv39/Sv48/Sv57 page tables (mapped and unmapped pages, every permission mix,
 * superpages, broken entries, faulting table memory) and the fault queue, then issues random requests
 * interleaved with the driver-like register work an OS does (clearing interrupts, recycling the fault
 * queue, switching the IOMMU off and back on). */
#ifndef TB_RANDGEN_H
#define TB_RANDGEN_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "randgen_profile.h"
#include "stim.h"

/* Stimulus classes that can be switched off (iommu-lockstep --without NAME,...), so that a coverage run can
 * show which bins a class alone fills. */
enum randgen_class {
    RANDGEN_PV0_PID = 1u << 0,          /* "pv0-pid": pid/priv lines driven while pv = 0 */
    RANDGEN_NONLEAF_RESERVED = 1u << 1, /* "nonleaf-reserved": pointer PTEs with U/A/D or 63:54 set */
    RANDGEN_HIGH_DID = 1u << 2,         /* "high-did": a configured device ID plus one bit above the index */
    RANDGEN_HIGH_PPN = 1u << 3,         /* "high-ppn": pages and tables above 2^32 */
    RANDGEN_LEAF_RESERVED = 1u << 4,    /* "leaf-reserved": leaves with a bit of 63:54 set */
};

typedef struct {
    uint64_t seed;
    unsigned transactions;
    unsigned without; /* enum randgen_class bits: classes not produced */
    const randgen_profile_t *profile; /* the mix (randgen_profile.h); NULL = the default profile */
    /* The configuration the stimulus is for (the RTL build's, docs/microarch.md section 3.1); NULL =
     * config/rtl.cfg. With capabilities.MSI_FLAT = 1 device contexts are 64 bytes (extended format); with
     * PD8/PD17/PD20 some devices get process directories. Under config/rtl.cfg a seed gives the stimulus it
     * gave before this parameter existed. */
    const iommu_config_t *iommu;
} randgen_config_t;

void randgen_build(const randgen_config_t *cfg, stim_program_t *prog);
/* Parses "name[,name...]" into enum randgen_class bits; returns 0, or -1 with the unknown name in *bad. */
int randgen_parse_classes(const char *list, unsigned *bits, char *bad, size_t bad_size);
/* The class names, comma-separated, for messages; and the names of the bits set, for replay commands. */
const char *randgen_class_list(void);
void randgen_class_names(unsigned bits, char *buf, size_t size);

#endif
