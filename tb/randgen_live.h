/* The software agent of the random stimulus (profiles `live` and `live-omit`): changes tables while DMA
 * runs and keeps the caches coherent through the command queue (tb/randgen_live.c says how). */
#ifndef TB_RANDGEN_LIVE_H
#define TB_RANDGEN_LIVE_H

#include "randgen.h"

/* Builds the whole program (tables, registers, requests, changes, commands) from cfg->seed with the knobs k. */
void randgen_live_build(const randgen_config_t *cfg, const randgen_profile_t *k, stim_program_t *prog);

#endif
