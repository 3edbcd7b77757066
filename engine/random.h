/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A small seeded generator (SplitMix64) for fractional pooling's samples
 * when the caller gives none, and for the tests. It cannot reproduce
 * torch.rand; it only makes runs repeatable for a given seed. */

#include <stdint.h>

typedef struct
{
  uint64_t state;
} pv_random;

void pv_random_seed (pv_random *rng, uint64_t seed);
uint64_t pv_random_next (pv_random *rng);

/* Uniform in [0, 1), with 24 and 53 random bits respectively. */
float pv_random_float (pv_random *rng);
double pv_random_double (pv_random *rng);

/* Uniform integer in [lo, hi] (inclusive), lo <= hi. */
int64_t pv_random_range (pv_random *rng, int64_t lo, int64_t hi);
