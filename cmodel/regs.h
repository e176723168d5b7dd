/* The IOMMU register file of this version (docs/microarch.md section 3, IOMMU spec "Register layout"):
 * state and semantics of register reads and writes (WARL, RW1C, read-only fields), and the internal
 * updates the engine makes (busy completion, fault-queue events, ipsr.fip). Written once and used by
 * both the functional runner and the timing layer; the timing layer decides at which edge each internal
 * update happens. */
#ifndef IOMMU_REGS_H
#define IOMMU_REGS_H

#include <stdbool.h>
#include <stdint.h>

/* Register offsets (spec "Register layout"). */
enum iommu_reg_offset {
    REG_CAPABILITIES = 0,
    REG_FCTL = 8,
    REG_DDTP = 16,
    REG_FQB = 40,
    REG_FQH = 48,
    REG_FQT = 52,
    REG_FQCSR = 76,
    REG_IPSR = 84,
    REG_ICVEC = 760,
};

/* capabilities: version 1.0, Sv39, IGS = WSI, PAS = 56 (docs/microarch.md section 3). */
#define IOMMU_CAPABILITIES 0x0000003810000210ull
#define IOMMU_FCTL 0x2u /* WSI = 1 */

typedef struct {
    uint64_t ddtp;        /* stored value: iommu_mode and PPN (busy kept apart) */
    bool ddtp_busy;
    uint64_t ddtp_active; /* the value the translation engine uses */
    uint64_t fqb;         /* LOG2SZ-1 and PPN */
    uint32_t fqh, fqt;
    bool fqen, fie, fqmf, fqof, fqon, fqcsr_busy;
    bool fip;
    uint64_t icvec;       /* civ, fiv, pmiv, piv */
} iommu_regs_t;

/* What the fault-queue reporting produced (section 5, StFault / StFqWait). */
enum fq_event {
    FQ_EVENT_NONE,     /* nothing to record (fault not reported, or discarded) */
    FQ_EVENT_OVERFLOW, /* queue full: fqof = 1 */
    FQ_EVENT_MEMFAULT, /* a record write failed: fqmf = 1 */
    FQ_EVENT_COMMIT,   /* a record was written: fqt advances */
};

void regs_reset(iommu_regs_t *r);
/* Register read (no side effects). offset is the byte offset in the page; size8 selects 8-byte access. */
uint64_t regs_read(const iommu_regs_t *r, uint16_t offset, bool size8);
/* Register write with its side effects (busy set, RW1C clears, WARL masking). */
void regs_write(iommu_regs_t *r, uint16_t offset, bool size8, uint64_t wdata);

/* ddtp busy handshake completion: the active copy takes the stored value and busy clears. */
void regs_ddtp_complete(iommu_regs_t *r);
/* fqcsr busy handshake completion: fqon takes fqen; on 0 -> 1, fqt, fqmf and fqof clear. */
void regs_fqcsr_complete(iommu_regs_t *r);
/* Applies a fault-queue event. */
void regs_fq_event(iommu_regs_t *r, enum fq_event ev);
/* ipsr.fip set rule (spec "ipsr", docs/microarch.md 4.3): sets fip if fie and (fqof or fqmf or a record
 * was committed). Call after every update of the other registers. */
void regs_update_fip(iommu_regs_t *r, bool record_committed);
/* The wired-interrupt outputs: bit v set when fip is 1 and icvec.fiv = v. */
uint16_t regs_wsi(const iommu_regs_t *r);

/* Queue geometry helpers. */
unsigned regs_fq_log2sz(const iommu_regs_t *r);
uint32_t regs_fq_index_mask(const iommu_regs_t *r);

#endif
