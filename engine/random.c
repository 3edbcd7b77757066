/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "random.h"

void
pv_random_seed (pv_random *rng, uint64_t seed)
{
  rng->state = seed;
}

uint64_t
pv_random_next (pv_random *rng)
{
  uint64_t z = (rng->state += UINT64_C (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

float
pv_random_float (pv_random *rng)
{
  return (float) (pv_random_next (rng) >> 40) * (1.0f / 16777216.0f);
}

double
pv_random_double (pv_random *rng)
{
  return (double) (pv_random_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

int64_t
pv_random_range (pv_random *rng, int64_t lo, int64_t hi)
{
  uint64_t span = (uint64_t) hi - (uint64_t) lo + 1;

  if (span == 0)
    return (int64_t) pv_random_next (rng);
  return lo + (int64_t) (pv_random_next (rng) % span);
}
