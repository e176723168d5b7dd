/* --reorder: a DUT wrapped so that it answers out of order and with other latencies, the way an IOMMU with
 * several walkers or hit-under-miss would. It implements the DUT interface around another DUT: it accepts
 * up to REORDER_QUEUE requests while the inner DUT works on one (they reach the inner DUT in the order they
 * were accepted), keeps finished responses and releases them in a random order, and delays every memory
 * response to the inner DUT by a random number of extra cycles (memory responses stay in order, as the
 * port requires). Register accesses, memory requests and interrupts pass straight through. Everything
 * random comes from the seed, so a run is reproducible. Such a DUT must pass the transaction check and
 * fail the cycle check (docs/checking.md). */
#ifndef TB_DUT_REORDER_H
#define TB_DUT_REORDER_H

#include <stdint.h>

#include "dut_if.h"

/* Takes ownership of inner (freed with the wrapper). Returns 0, or -1 with a message on stderr. */
int dut_reorder_new(dut_t inner, uint64_t seed, dut_t *out);

#endif
