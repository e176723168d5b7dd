/* The transaction-level scoreboard: checks a DUT that may answer in any order and with any latency against
 * the architectural layer of the golden model (docs/checking.md).
 *
 * sb_new runs the whole stimulus program through the arch layer first (as build/iommu-run does: no time,
 * program order) and keeps, per command, what the spec says must be observable: the response of each dma,
 * each memory write and compare-and-swap the IOMMU makes, each interrupt-wire change, each register value
 * read. The program is cut into intervals: a run of consecutive dma commands (requests that may be
 * outstanding together) or one other command. The bench starts a command only through sb_enter, which
 * closes the open interval once everything it expects has been seen (every wait on that is bounded by the
 * bench). Inside an interval the DUT's outcomes may come in any order the spec allows:
 *   - responses are matched by tag;
 *   - fault records may land in the interval's fault-queue slots in any order (each slot must hold the
 *     record of a distinct transaction of the interval, the slots are the ones the arch layer filled);
 *   - other memory writes must each equal one the arch layer made (address, data, byte enables, status);
 *   - an A/D update (compare-and-swap) may come from any request of the interval but may set only bits the
 *     arch layer had set at that address by the interval's end, and memory there must end equal;
 *   - each interrupt wire must change the same number of times to the same levels.
 * Each check function returns 0, or -1 with the sentence that describes the mismatch in msg (the bench
 * prefixes "MISMATCH (transaction check) at cycle N: "). */
#ifndef TB_SCOREBOARD_H
#define TB_SCOREBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "iommu_port.h"
#include "memory.h"
#include "stim.h"
#include "txlog.h"

typedef struct scoreboard scoreboard_t;

/* Runs prog through the arch layer in cfg (the configuration the RTL was built from, docs/microarch.md
 * section 3.1; copied). dut_memory is the bench's
 * memory, read (never written) to check A/D updates. stim_name names the stimulus in messages. Returns NULL
 * when out of memory. */
scoreboard_t *sb_new(const stim_program_t *prog, const char *stim_name, sim_memory_t *dut_memory,
                     const iommu_config_t *cfg);
void sb_free(scoreboard_t *sb);

/* Where the passing run's transaction log goes (NULL: none). Lines are written when an interval closes, in
 * program order, with the DUT's values (docs/checking.md). */
void sb_set_log(scoreboard_t *sb, txlog_t *log);

/* May the bench start command pc (pc == count: end the program)? True when pc is in the open interval, or
 * when the open interval is complete, which closes it and opens pc's. */
bool sb_enter(scoreboard_t *sb, size_t pc);
/* What the open interval still waits for, as a sentence (for a bounded wait's message). */
void sb_pending(const scoreboard_t *sb, char *buf, size_t n);

/* The response of the dma command idx (the bench matched it by tag). */
bool sb_response_expected(const scoreboard_t *sb, size_t idx, const iommu_outputs_t *o);
/* The response port that differs first from the arch layer's outcome for request idx (for the report and the
 * failure signature): rsp_fault (the fault flag or the cause), rsp_pa (the address or the MRIF information), or
 * rsp_pbmt when only the memory type differs (docs/microarch.md 5.8). */
const char *sb_response_field(const scoreboard_t *sb, size_t idx, const iommu_outputs_t *o);
int sb_response(scoreboard_t *sb, size_t idx, const iommu_outputs_t *o, char *msg, size_t n);
/* A memory write or compare-and-swap the DUT made, with the status the memory gave it (and, for the
 * compare-and-swap, the old value it found: one that differs from cmp stored nothing). */
int sb_mem_write(scoreboard_t *sb, uint64_t addr, uint64_t data, uint8_t be, int status, char *msg, size_t n);
int sb_mem_cas(scoreboard_t *sb, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t old, int status, char *msg,
               size_t n);
/* The interrupt wires changed to wsi. */
int sb_irq(scoreboard_t *sb, uint16_t wsi, char *msg, size_t n);
/* The register command idx (write, read, poll) completed; value is the value read (the final one of a poll). */
int sb_command_done(scoreboard_t *sb, size_t idx, uint64_t value, char *msg, size_t n);

/* An outbound ATS message the DUT handshook on msg_* (version 11): the arch layer's messages (msg_if) of the
 * interval, in order. */
int sb_msg(scoreboard_t *sb, const iommu_outputs_t *o, char *msg, size_t n);

/* Fault records the DUT put in another slot than the arch layer did (proof that the order was free). */
uint64_t sb_records_moved(const scoreboard_t *sb);

#endif
