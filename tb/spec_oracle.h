/* The independent oracle of the golden model's random self-check (tb/model_random.c): the expected
 * outcome of an untranslated or translated request, or the completion of an ATS translation request
 * ("PCIe ATS translation request handling"), computed only from what software stored (the shadow of
 * tb/sw_tables.h) by the specification's rules, step by step: IOMMU spec "Process to translate an IOVA",
 * "Process to locate the Device-context", "Device-context configuration checks", "Process to locate the
 * Process-context", "Process-context configuration checks", "Process to translate addresses of MSIs"
 * (basic-translate MSI PTEs), and the privileged spec "Virtual Address Translation Process" with the
 * hypervisor's "Two-Stage Address Translation" (G-stage accesses are User; implicit accesses to VS-stage
 * tables are checked as loads / stores; guest-page faults carry the original access type), Svnapot,
 * Svpbmt, Svrsw60t59b, and hardware A/D updating (SADE/GADE). It shares no code with cmodel/. */
#ifndef TB_SPEC_ORACLE_H
#define TB_SPEC_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "sw_tables.h"

enum oracle_access { ORACLE_EXEC, ORACLE_READ, ORACLE_WRITE };

typedef struct {
    uint32_t did;
    bool pv;
    uint32_t pid;
    bool priv;               /* Supervisor (only with pv) */
    enum oracle_access acc;  /* read-for-execute / read / write */
    bool translated;         /* a Translated request (PCIe ATS-translated address) instead of an Untranslated one */
    bool ats;                /* a PCIe ATS translation request (acc ORACLE_READ: its walk checks a read,
                                docs/decisions.md "The walk of an ATS translation request is a read") */
    uint64_t iova;
} oracle_request_t;

/* What software configured that the oracle needs besides memory. */
typedef struct {
    const sw_shadow_t *shadow;
    const sw_shadow_t *bad;    /* the platform's bad memory: granule -> 1 access fault, 2 data corruption */
    const iommu_config_t *cfg; /* capabilities and ID widths */
    uint64_t ddtp;             /* iommu_mode and PPN as written */
    bool gxl, be;              /* fctl.GXL, fctl.BE */
} oracle_t;

#define ORACLE_MAX_TOUCH 48

typedef struct {
    bool known;     /* false: the specification leaves this outcome open (the caller changes the request) */
    bool fault;
    unsigned cause;
    uint64_t pa;
    /* an MSI to a virtual interrupt file in MRIF mode: what the IO bridge needs instead of an address */
    bool mrif;
    uint64_t mrif_addr, notice_addr;
    uint32_t notice_data;
    /* The fault record (IOMMU spec "Fault/Event-Queue"): whether it is reported (the cause table's DTF
     * column, with DTF = 0 when no valid device context was located), and for a guest-page fault the
     * iotval2 it carries: GPA[63:2], bit 0 = implicit access for the first stage, bit 1 = that access
     * was a write. */
    bool reported;
    uint64_t iotval2;
    /* Svpbmt: the memory type of a successful translation (0 = the PMA); a non-zero first-stage PBMT
     * overrides the second stage's (privileged spec "Svpbmt", two-stage rule) */
    unsigned pbmt;
    /* Every PTE doubleword the walk read: on success, the A/D bits that must be set in memory afterwards;
     * `ade` says whether hardware may change A/D bits of that PTE at all (SADE/GADE of its stage). */
    unsigned n_touch;
    struct {
        uint64_t addr;      /* 8-byte aligned */
        uint64_t ad_mask;   /* the A and D bits of the PTE at their place in the doubleword */
        uint64_t must_set;  /* subset of ad_mask */
        bool ade;
    } touch[ORACLE_MAX_TOUCH];
    /* An ATS translation request: the completion (IOMMU spec "PCIe ATS translation request handling"; what
     * it leaves to the implementation as docs/decisions.md records: W only with D = 1 in every non-Bare
     * stage's leaf, a Bare stage counts as 2 MiB, the range is the smaller page of the two stages and never
     * holds a virtual interrupt file's page without T2GPA). X, N and AMA are always 0. */
    struct {
        enum { ORACLE_ATS_SUCCESS, ORACLE_ATS_UR, ORACLE_ATS_CA } status;
        uint64_t pa, size;   /* success with R = W = 0: pa 0, size 4 KiB (docs/formats.md) */
        bool r, w, u, g, priv;
    } ats;
    char trace[6144];       /* the walk step by step, for the report */
    size_t trace_len;
} oracle_result_t;

void oracle_translate(const oracle_t *o, const oracle_request_t *req, oracle_result_t *res);

#endif
