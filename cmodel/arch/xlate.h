/* The translation of one request as a resumable step machine, driven by a configuration (IOMMU spec
 * "Process to translate an IOVA" with "Process to locate the Device-context", "Process to locate the
 * Process-context", "Process to translate addresses of MSIs", "PCIe ATS translation request handling";
 * privileged spec "Virtual Address Translation Process" and hypervisor "Two-Stage Address Translation").
 *
 * Start it with xlate_start, then either call xlate_step repeatedly (the timing layer):
 *   ARCH_STEP_MEM  - x->acc is the memory access it wants (a read of one doubleword or of a block, or a
 *                    compare-and-swap for an A/D update); pass its result to the next xlate_step.
 *   ARCH_STEP_BUSY - it stored the DC, a first-stage PTE or a second-stage PTE; the next xlate_step (result
 *                    NULL) checks it.
 *   ARCH_STEP_DONE - x->result holds the outcome.
 * or call xlate_run (the functional runner), which gives the machine the memory at hand: each access is made
 * when a step wants it, and a walk checks all its levels within one step. The steps are the same functions
 * either way, so are the accesses and their order; tests/unit/test_xlate_walk.c checks every case's outcome
 * both ways.
 * Memory access order: non-leaf DDT entries from the root, the DC (one block read of 4 or 8 doublewords),
 * then, as the request needs them, PDT entries and the PC (one block read of 2), first-stage PTEs from the
 * root, each preceded by the second-stage walk of its guest-physical address when iohgatp is not Bare
 * (likewise every PDT access), A/D compare-and-swaps, the MSI PTE (one block read of 2), and the
 * second-stage walk of the final GPA. No caching: every walk is done in full.
 *
 * With iommu_config_rtl() the sequence of steps is exactly that of docs/microarch.md section 5 (1, 2 or 3
 * directory levels, each non-leaf entry one read whose result the next step checks, the DC read as 4
 * doublewords (the timing layer presents the block one doubleword per beat), Sv39 PTE reads, each followed
 * by one check step), which the timing layer relies on. */
#ifndef IOMMU_XLATE_H
#define IOMMU_XLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "fault_cause.h"
#include "mem_if.h"
#include "pagewalk.h"
#include "request.h"

enum xlate_phase {
    XLATE_MODE_CHECK, /* steps 1 - 5 (ddtp mode, device_id width) */
    XLATE_DC_READ,    /* waiting for the DC (one block read) */
    XLATE_DC_CHECK,   /* DC read complete: locate checks, transaction checks, first-stage set-up */
    XLATE_PTE_READ,   /* waiting for the first-stage PTE at level i */
    XLATE_PTE_CHECK,  /* first-stage PTE read: check it */
    XLATE_DONE,
    XLATE_DDTE_READ,  /* waiting for the non-leaf DDT entry at level dj */
    XLATE_PDT_READ,   /* waiting for the non-leaf PDT entry at level pj */
    XLATE_PC_READ,    /* waiting for the PC (one block read of 2 doublewords) */
    XLATE_PTE_CAS,    /* waiting for the A/D compare-and-swap of the first-stage leaf */
    XLATE_G_READ,     /* waiting for the second-stage PTE at level gi */
    XLATE_G_CHECK,    /* second-stage PTE read: check it */
    XLATE_G_CAS,      /* waiting for the A/D compare-and-swap of the second-stage leaf */
    XLATE_MSI_READ,   /* waiting for the MSI PTE (one block read of 2 doublewords) */
    XLATE_PHASES
};

/* What a second-stage walk is for (its continuation, and its fault causes). */
enum xlate_gfor { XLATE_G_FOR_PDT, XLATE_G_FOR_FS_PTE, XLATE_G_FOR_FS_AD, XLATE_G_FOR_FINAL };

typedef struct {
    bool fault;
    enum fault_cause cause;
    uint64_t iotval, iotval2;
    bool dtf;            /* tc.DTF of the located DC (0 when no DC was located) */
    uint64_t pa;         /* translated address (0 on a fault; for ATS: the completion address) */
    bool leaf;           /* success from a single-stage Sv39/48/57 leaf (what the timing layer's IOTLB caches) */
    unsigned leaf_level; /* level of that leaf */
    uint64_t leaf_pte;   /* the leaf PTE */
    unsigned pbmt;       /* memory type from the leaves' PBMT (privileged spec Svpbmt, two-stage override rule) */
    /* an MSI mapped by an MRIF-mode MSI PTE (untranslated requests): what the IO bridge needs */
    bool mrif;
    uint64_t mrif_addr, notice_addr;
    uint32_t notice_data;
    /* PCIe ATS translation request: the completion (also for UR / CA, where fault is true) */
    bool ats;
    ats_completion_t ats_cpl;
} xlate_result_t;

typedef struct {
    const iommu_config_t *cfg;
    pw_ext_t ext;        /* the PTE extensions of cfg */
    uint64_t fctl;       /* fctl at the start (BE, GXL) */
    iommu_request_t req;
    uint64_t ddtp;       /* the active ddtp at the start */
    enum xlate_phase phase;
    enum access_type acc_type; /* the access checked against PTEs (an ATS request checks a read) */
    uint64_t dc[8];
    uint64_t dc_spa;     /* where the DC is */
    unsigned dc_dwords;  /* its size: 4 or 8 doublewords */
    bool dc_located;
    unsigned dj;         /* DDT level */
    uint64_t da;         /* DDT table address */
    /* process context */
    uint32_t pid;
    unsigned pj;         /* PDT level */
    uint64_t pdt_a;      /* PDT table address (a GPA when iohgatp is not Bare) */
    uint64_t pc_spa;
    uint64_t pc[2];
    /* first stage */
    const pw_mode_t *fs; /* NULL: Bare */
    bool supervisor, sum;
    unsigned i;          /* current level */
    uint64_t a;          /* current table address */
    uint64_t pte;
    uint64_t pte_spa;    /* where the PTE was read */
    uint64_t pte_raw;    /* the doubleword read */
    uint64_t pte_new;    /* the PTE being stored by the A/D CAS */
    bool fs_leaf;
    uint64_t fs_size;
    uint64_t gpa;        /* first-stage output */
    /* second stage */
    const pw_mode_t *gs; /* NULL: Bare */
    enum xlate_gfor g_for;
    enum access_type g_acc;
    bool g_implicit;
    uint64_t g_gpa;
    unsigned gi;
    uint64_t ga;
    uint64_t gpte, gpte_spa, gpte_raw, gpte_new;
    bool g_leaf;
    uint64_t g_size;
    /* MSI */
    bool msi;            /* the GPA was translated by an MSI PTE */
    uint64_t msi_spa;
    uint64_t msipte[2];
    mem_access_t acc;    /* the access wanted after ARCH_STEP_MEM */
    /* memory at hand (set by xlate_run; NULL after xlate_start): each access is made when a step wants it,
     * its result taken by the same step, and a walk checks its next level in the same check step */
    const iommu_mem_if_t *mem;
    mem_result_t at_hand; /* the result of the access made last with memory at hand */
    xlate_result_t result;
} xlate_t;

/* cfg must outlive the machine; fctl is the current fctl register value. Clears the result, the wanted
 * access and the walk's flags; the other fields keep earlier values until the walk writes them. */
void xlate_start(xlate_t *x, const iommu_config_t *cfg, uint64_t fctl, const iommu_request_t *req,
                 uint64_t ddtp_active);
/* rsp: the result of x->acc when the previous step returned ARCH_STEP_MEM; NULL otherwise. */
enum arch_step xlate_step(xlate_t *x, const mem_result_t *rsp);
/* The DC located without the directory walk, after the mode check (x->phase XLATE_DDTE_READ or XLATE_DC_READ):
 * a cache outside this layer holds it (spec "Caching in-memory data structures"); dc holds its doublewords as
 * read from memory (err IOMMU_MEM_OK). Returns what the step taking the DC block read returns. */
enum arch_step xlate_dc_given(xlate_t *x, const mem_result_t *dc);
/* The PC located without the process-directory walk, right after the DC check (x->phase XLATE_PDT_READ or
 * XLATE_PC_READ, or over a second stage the G-walk of that first read, or its guest-page fault at the start):
 * a cache outside this layer holds it; pc holds its two doublewords as read from memory (err IOMMU_MEM_OK).
 * Returns what the step taking the PC block read returns. */
enum arch_step xlate_pc_given(xlate_t *x, const mem_result_t *pc);
/* Runs the machine to completion with mem at hand (x->mem); returns &x->result. The outcome and the order
 * of the accesses are those of driving xlate_step and answering each ARCH_STEP_MEM through mem. */
const xlate_result_t *xlate_run(xlate_t *x, const iommu_mem_if_t *mem);

#endif
