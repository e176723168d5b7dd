/* Stimulus format v1 (docs/formats.md): parsed into an array of commands that a functional runner or
 * a cycle bench executes. Parse errors name file, line and what was expected. */
#ifndef IOMMU_STIM_H
#define IOMMU_STIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum stim_kind {
    STIM_MEM, STIM_MEMERR, STIM_WRITE, STIM_READ, STIM_POLL, STIM_DMA, STIM_WAIT,
    STIM_PGREQ, STIM_INVCPL, STIM_ATSTIMEOUT,
};

#define STIM_EXPECT_CAUSES_MAX 4
#define STIM_EXPECT_OLD_MAX 3

/* One outcome of a dma that software allows besides the one its tables give now (docs/formats.md,
 * `expect=` alternatives): an earlier state of the tables that a cache may still hold. */
typedef struct {
    bool fault;              /* false: ok at pa */
    uint64_t pa;
    uint16_t causes[STIM_EXPECT_CAUSES_MAX]; /* fault: allowed causes; none = any */
    uint8_t cause_count;
} stim_outcome_t;

typedef struct stim_cmd {
    enum stim_kind kind;
    unsigned line;           /* source line, for messages */
    /* mem, memerr */
    uint64_t addr;
    uint64_t data;           /* mem: value; write: value */
    int mem_err;             /* memerr: enum iommu_mem_err */
    bool at_cas;             /* mem ... cas: the store lands at the IOMMU's next compare-and-swap of addr */
    bool mem_err_write;      /* memerr ... write: the mark fails writes and compare-and-swaps only */
    /* write, read, poll */
    char reg_name[24];       /* as written in the file (a name or an offset) */
    uint16_t reg_offset;
    uint8_t reg_size;        /* 4 or 8 */
    bool nowait;             /* write, read, poll: issued without waiting for outstanding dma (cycle check only) */
    /* write of cqt that a `cmd` line expanded into (docs/formats.md): the command's two doublewords, for
     * messages and coverage; the two `mem` stores before it carry cmd_part = true. */
    bool cmd, cmd_part;
    uint64_t cmd_dw0, cmd_dw1;
    uint64_t poll_mask, poll_value;
    unsigned poll_max;
    /* dma */
    uint16_t tag;
    uint32_t did;
    uint8_t ttyp;            /* enum iommu_ttyp */
    uint64_t iova;
    bool pv;
    uint32_t pid;
    bool priv;
    /* wait */
    uint32_t cycles;
    /* pgreq (did, pv, pid, priv as for dma; addr is the page address) */
    bool exec, pg_r, pg_w, pg_last;
    uint16_t prgi;
    /* invcpl (did as for dma) */
    uint32_t itags;
    /* dma: what the software that built the tables expects (set by a generator, or by the keys expect= and
     * dtf= of a stimulus file): the bench's third oracle, independent of both implementations. */
    enum { STIM_EXPECT_UNKNOWN, STIM_EXPECT_OK, STIM_EXPECT_FAULT } expect;
    uint64_t expect_pa;
    /* dma expected to fault: the causes the spec allows given what software wrote (spec cause-table codes;
     * none listed: not known), and whether the device context that decides it has tc.DTF = 1 (then only the
     * causes the cause table reports with DTF = 1 may write a fault record). */
    uint16_t expect_causes[STIM_EXPECT_CAUSES_MAX];
    uint8_t expect_cause_count;
    bool expect_dtf;
    /* dma expected to fault with a guest-page fault (causes 20, 21, 23): the fault record's iotval2 (the GPA,
     * bit 0 set for an implicit access, bit 1 for an implicit write; spec "Fault/Event-Queue"); 0 otherwise
     * (key iotval2=) */
    uint64_t expect_iotval2;
    /* dma expected to succeed (the first outcome, expect=ok@PA): the Svpbmt memory type rsp_pbmt must carry
     * (docs/microarch.md 5.8; key pbmt=, default 0) */
    uint8_t expect_pbmt;
    /* Further allowed outcomes (expect=A|B|...): the first alternative above is what the tables give now,
     * these are older states a cache may still hold until software's invalidation completes. */
    stim_outcome_t expect_old[STIM_EXPECT_OLD_MAX];
    uint8_t expect_old_count;
    /* dma ttyp=ats expected ok (key ats=R,W,U,LOG2SIZE, version 11): the ATS completion software expects for
     * the first outcome: R, W (STIM_ATS_EITHER: either, where hardware may have set a leaf's D since software
     * wrote it), U, and log2 of the translation range; expect_pa is then the range's base (0 without access) */
    bool expect_ats;
    uint8_t expect_ats_r, expect_ats_w, expect_ats_u, expect_ats_log2;
} stim_cmd_t;

#define STIM_ATS_EITHER 2

#define STIM_PATH_MAX 1024

typedef struct {
    stim_cmd_t *cmds;
    size_t count, capacity;
    /* `config PATH` (docs/formats.md): the configuration the stimulus is written for. config_line is 0 when
     * the stimulus states none (then the tools' default, the RTL's, applies). config_text is PATH as
     * written; config_path is PATH resolved against the stimulus file's folder (PATH itself when absolute). */
    unsigned config_line;
    char config_text[STIM_PATH_MAX];
    char config_path[2 * STIM_PATH_MAX];
} stim_program_t;

/* Parses a file. On failure returns -1 and writes "FILE:LINE: message" into err. */
int stim_parse_file(const char *path, stim_program_t *prog, char *err, size_t err_len);
/* Parses text held in memory; name is used in messages. */
int stim_parse_text(const char *name, const char *text, stim_program_t *prog, char *err, size_t err_len);
/* The configuration a stimulus states (`config PATH`), read and validated (docs/config.md). Returns 1 with
 * *cfg filled when the program states one, 0 when it states none (cfg untouched), -1 with
 * "FILE:LINE: config PATH: ..." in err when the file cannot be read or is not a valid configuration.
 * name is the stimulus file's name, for messages. The type is iommu_config_t (config.h); void keeps this
 * header free of the arch layer's. */
int stim_load_config(const stim_program_t *prog, const char *name, void *cfg, char *err, size_t err_len);

/* Appends one command (used by generators that build programs without text). */
stim_cmd_t *stim_append(stim_program_t *prog, enum stim_kind kind);
void stim_free(stim_program_t *prog);

/* Register names of the specification's register layout: offset and natural size. Returns false for an
 * unknown name. */
bool stim_register_by_name(const char *name, uint16_t *offset, uint8_t *size);

/* The command queue as the stimulus' register writes set it (cqb as written, cqt), tracked so that a `cmd`
 * line lands where the IOMMU will fetch it. */
typedef struct {
    uint64_t cqb;
    uint32_t cqt;
    bool cqb_written;
} stim_cq_track_t;
/* Follows a register write c (cqb, either half, or cqt) into t. */
void stim_cq_track_write(stim_cq_track_t *t, const stim_cmd_t *c);
/* Appends a command's expansion: the two `mem` stores at cqb.PPN * 4096 + cqt * 16 and the write of cqt + 1
 * (mod the queue size), nowait as given; advances t->cqt. Returns the cqt write. */
stim_cmd_t *stim_append_command(stim_program_t *prog, stim_cq_track_t *t, uint64_t dw0, uint64_t dw1, bool nowait);
/* Encodes `NAME key=value ...` (the operands of a `cmd` line, fields[0] is NAME) into two doublewords; -1
 * with a message (what was expected) in err. */
int stim_command_encode(char **fields, int n, uint64_t *dw0, uint64_t *dw1, char *err, size_t err_len);
/* Whether response (fault, cause, pa) is one of the outcomes c's expect= allows; *old set when it is allowed
 * only as an older outcome (a stale cache entry), not as the first one. expect unknown: true. */
bool stim_expect_allows(const stim_cmd_t *c, bool fault, unsigned cause, uint64_t pa, bool *old);
/* Whether any allowed outcome is a fault (for fault-record matching), and whether cause is allowed by one. */
bool stim_expect_may_fault(const stim_cmd_t *c);
bool stim_expect_cause_allowed(const stim_cmd_t *c, unsigned cause);

/* Sets every command's line to the line stim_write() puts it on (a generated program's messages then name
 * the lines of its saved text). */
void stim_number_lines(stim_program_t *prog);
/* Writes a program back as stimulus text (a generated run can be saved and replayed). */
void stim_write(const stim_program_t *prog, void *file /* FILE* */);

/* Carries out a `mem` or `memerr` command on a simulated memory (cmodel/arch/memory.h) the way every runner
 * of a stimulus does: a backdoor store, a store armed for the next compare-and-swap (`mem ... cas`), or an
 * error mark for every access or for writes only. Other commands are ignored. */
struct sim_memory;
void stim_apply_memory(const stim_cmd_t *c, struct sim_memory *mem);

#endif
