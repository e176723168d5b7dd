/* Functional coverage of a bench run: bins named after what they cover (engine transitions of
 * docs/microarch.md, response causes per transaction type, IOTLB ways, walk levels, fault-queue and
 * interrupt events, register accesses). Sampled from the outputs the bench sees every cycle. */
#ifndef TB_COVERAGE_H
#define TB_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iommu_port.h"

enum { COV_MAX_BINS = 704 };

typedef struct {
    uint64_t count[COV_MAX_BINS];
    unsigned fault_level; /* walk level + 1 at which the transaction in flight went to StFault, or 0 */
    /* the device directory (docs/microarch.md version 4): the ddtp.iommu_mode software last wrote (a mode
     * the IOMMU supports), and for the translation in flight its non-leaf reads, whether a device-context
     * cache lookup happened and the state it went to StFault from */
    unsigned ddt_mode, dir_reads, dir_fault_from;
    bool dir_lookup;
    /* interrupts (docs/microarch.md 4.3, 5.5): icvec's cip and fip vectors as software wrote them, the last
     * ipsr value software read, and per vector whether it was unmasked while software saw its cause pending */
    unsigned civ, fiv;
    uint64_t ipsr_seen;
    bool unmasked_pending[16];
    /* first-stage modes (version 5): the iosatp.MODE of each device context the bench saw read (by
     * device_id, direct-mapped; a DDTC hit reads nothing), and for the translation in flight its device_id,
     * the mode its walk started in (LEVELS from the first PTE read's level) and the state before StFault */
    uint32_t fs_did[64];
    uint8_t fs_mode[64]; /* 0: not seen */
    uint32_t fs_req_did;
    unsigned fs_walk_levels, fs_leaf_level, fs_fault_from;
    /* version 7 (docs/microarch.md 5.1 StPdtReq .. StPcCheck, 6.4): what the configuration has (set by the
     * bench: the bins of the process directory and of the extended device context are written only then),
     * the DC words of each device_id the bench saw read (direct-mapped like fs_mode), and for the translation
     * in flight its request, its non-leaf PDT reads, where its process-context cache lookup happened, its last
     * leaf PTE and the state before StFault; the command in StCmdExec */
    bool process_dir;       /* capabilities has PD8, PD17 or PD20 */
    unsigned dc_dwords;     /* 4 (base format) or 8 (extended, MSI_FLAT); 0 is taken as 4 */
    uint64_t dc_tc[64], dc_fsc[64], dc_ext[64][4];
    bool req_pv, req_priv;
    uint32_t req_pid;
    unsigned req_ttyp, pdt_reads, pdt_fault_from;
    bool pc_seen;           /* the translation reached StPcCheck */
    uint64_t leaf_pte;      /* the last PTE read by the walk in flight */
    bool leaf_seen;
    uint64_t exec_dw0;      /* doubleword 0 of the command the engine fetched last */
    /* version 8 (docs/microarch.md 5.6, 6.5): whether the configuration has a second stage (its bins are
     * written only then), each device_id's iohgatp as read, for the translation in flight the state before
     * StFault and whether it passed an MSI PTE check, the cause of the fault record being written */
    bool second_stage;
    uint64_t dc_iohgatp[64];
    unsigned g_fault_from, rec_cause;
    bool msi_checked;
    /* version 9 (docs/microarch.md 5.7): which of HPM, DBG, QOSID the configuration has (its bins are written
     * only then), the QoS ID widths, icvec.pmiv and fctl.WSI as written, each device_id's DC ta as read */
    bool hpm, dbg, qosid;
    unsigned rcid_bits, mcid_bits, pmiv;
    bool wsi_mode;
    uint64_t dc_ta[64];
    /* version 10 (docs/microarch.md 5.8, 6.6): which of its features the configuration has (COV_V10_*: each bin
     * is written only with its feature), the queue maxima, fctl.BE and fctl.GXL as software wrote them, the
     * request's IOVA */
    unsigned v10;
    unsigned cq_max, fq_max;
    bool be, gxl;
    uint64_t req_iova;
    /* version 11 (docs/microarch.md 5.9): whether the configuration has ATS (its bins are written only then),
     * the state the engine entered StMsgReq from (a command in StCmdExec, else a page request's own response),
     * the queue slot of the command fetched last, plus 1 (a command fetched twice in a row waited) */
    bool ats;
    unsigned msg_from;
    uint64_t exec_slot;
} coverage_t;

enum {
    COV_V10_SV32 = 1u << 0, COV_V10_SV32X4 = 1u << 1, COV_V10_NAPOT = 1u << 2, COV_V10_PBMT = 1u << 3,
    COV_V10_RSW = 1u << 4, COV_V10_END = 1u << 5, COV_V10_NL = 1u << 6, COV_V10_S = 1u << 7,
    COV_V10_FQ = 1u << 8, COV_V10_CQ = 1u << 9, COV_V10_SV32_G = 1u << 10, /* Sv32 with an Sv39x4.. stage */
};

/* The configuration of the run (docs/microarch.md 3.1): its DC format and whether it has a process
 * directory. Call after clearing the coverage and before sampling. */
void coverage_configure(coverage_t *c, unsigned dc_dwords, bool process_dir);
/* Version 8: whether the configuration has a second stage (capabilities.Sv39x4 .. Sv57x4). */
void coverage_configure_second_stage(coverage_t *c, bool second_stage);
/* Version 9: the configuration's HPM, DBG and QOSID (with its RCID and MCID widths). */
void coverage_configure_v9(coverage_t *c, bool hpm, bool dbg, bool qosid, unsigned rcid_bits, unsigned mcid_bits);
/* Version 10: the COV_V10_* features of the configuration and its cq/fq.log2sz_max. */
void coverage_configure_v10(coverage_t *c, unsigned features, unsigned cq_max, unsigned fq_max);
/* A fault-record doubleword the engine wrote (StFqReq): addr, data (in the record's byte order). */
/* Version 11: whether the configuration has capabilities.ATS. */
void coverage_configure_v11(coverage_t *c, bool ats);
/* A fault-record doubleword the engine wrote (StFqReq): addr, data. */
void coverage_fault_record(coverage_t *c, uint64_t addr, uint64_t wdata);
/* The command the engine fetched (both doublewords read) from queue slot `slot`, which it executes in StCmdExec. */
void coverage_command_fetched(coverage_t *c, uint64_t dw0, uint64_t slot);

/* The bins, in a fixed order: their number and names. */
unsigned coverage_bin_count(void);
void coverage_bin_name(unsigned bin, char *buf, size_t len);

/* Sampling hooks, called by the bench. */
void coverage_cycle(coverage_t *c, const iommu_outputs_t *prev, const iommu_outputs_t *now);
/* A request accepted (stimulus fields: device ID and IOVA bits, pv/pid/priv classes). */
struct stim_cmd;
void coverage_request(coverage_t *c, const struct stim_cmd *cmd);
/* stale: the oracle accepted the response only as an older outcome (a stale cache entry). */
void coverage_response(coverage_t *c, const struct stim_cmd *cmd, const iommu_outputs_t *o, int stale);
void coverage_memory(coverage_t *c, unsigned engine_state, unsigned op, int err);
/* A software store (`mem ... cas`) landing at a compare-and-swap: the PTE before it and the value stored. */
void coverage_cas_race(coverage_t *c, uint64_t before, uint64_t stored);
/* A doubleword of a device context the engine read (addr: its address; the fsc word gives the mode; the
 * others the version-7 checks). */
void coverage_dc_word(coverage_t *c, uint64_t addr, uint64_t data);
/* A first-stage PTE the walker read at a level: the doubleword at addr as memory holds it (decoded here by the
 * DC's tc.SBE and tc.SXL: Sv32 PTEs are the half at address bit 2). */
void coverage_pte(coverage_t *c, unsigned level, uint64_t addr, uint64_t data);
/* A register access handshake; under_traffic: requests were outstanding (a `nowait` access). */
void coverage_register(coverage_t *c, uint16_t offset, int write, uint64_t data, int under_traffic);
void coverage_request_stall(coverage_t *c);
/* A register value software read (read or poll): cqcsr error bits, ipsr.cip. */
void coverage_register_value(coverage_t *c, uint16_t offset, uint64_t value);
/* A command software put in the queue (a `cmd`, at its cqt write): its form. */
void coverage_command(coverage_t *c, uint64_t dw0, uint64_t dw1);
/* An MSI write the bench saw (vector as software's msi_cfg_tbl names it, -1: none; err: it faulted). */
void coverage_msi(coverage_t *c, int vector, int err);

void coverage_add(coverage_t *sum, const coverage_t *c);
/* Writes "count name" lines, one per bin (the format tools/coverage_report.py merges). */
void coverage_write(const coverage_t *c, FILE *f);

#endif
