/* Seeded pseudo-random numbers for the bench (xoshiro256** seeded through splitmix64). Every random
 * choice of a run comes from one of these, so the same seed and build give the same run. */
#ifndef TB_RNG_H
#define TB_RNG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t s[4];
} rng_t;

void rng_seed(rng_t *r, uint64_t seed);
uint64_t rng_next(rng_t *r);
/* Uniform in [0, n), n > 0. */
uint64_t rng_below(rng_t *r, uint64_t n);
/* Uniform in [lo, hi]. */
uint64_t rng_range(rng_t *r, uint64_t lo, uint64_t hi);
/* True with probability percent/100. */
bool rng_percent(rng_t *r, unsigned percent);

#endif
