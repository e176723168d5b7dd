/* GTKWave save file (.gtkw) for a mismatch window: opens the FST, places the marker and the view at the
 * failing cycle, and shows the interfaces and observation signals grouped, with the failing signal first;
 * under every output the golden model's value of it, and a `mismatch_o` trace that is 1 where they differ. */
#ifndef TB_WAVE_LAYOUT_H
#define TB_WAVE_LAYOUT_H

#include <stdint.h>

/* Returns 0 on success; on failure writes a message to stderr and returns -1. */
/* marker_time: the first mismatch (the primary marker); txn_start_time: where the transaction in flight
 * began (named marker A), or UINT64_MAX for none. */
int wave_layout_write(const char *gtkw_path, const char *fst_path, uint64_t marker_time, uint64_t txn_start_time,
                      const char *first_signal);

#endif
