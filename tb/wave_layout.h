/* GTKWave save file (.gtkw) for a mismatch window: opens the FST, places the marker and the view at the
 * failing cycle, and shows the interfaces and observation signals grouped, with the failing signal first;
 * under every output the golden model's value of it, and a `mismatch_o` trace that is 1 where they differ. */
#ifndef TB_WAVE_LAYOUT_H
#define TB_WAVE_LAYOUT_H

#include <stdint.h>

/* Returns 0 on success; on failure writes a message to stderr and returns -1. */
int wave_layout_write(const char *gtkw_path, const char *fst_path, uint64_t marker_time,
                      const char *first_signal);

#endif
