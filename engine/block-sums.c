/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "block-sums.h"

#include <string.h>

#include "fast-clones.h"

/* GCC's vector extensions: eight doubles, lowered to AVX-512, AVX2 or SSE2
 * by each clone. */
typedef double v8d __attribute__ ((vector_size (64)));
typedef int64_t v8i __attribute__ ((vector_size (64)));

/* The helpers below pass vectors by value; they are static and inlined,
 * so the calling convention GCC warns about never applies. */
#pragma GCC diagnostic ignored "-Wpsabi"

#define LANES 8

static inline __attribute__ ((always_inline)) v8d
load (const double *p)
{
  v8d v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline __attribute__ ((always_inline)) void
store (double *p, v8d v)
{
  memcpy (p, &v, sizeof v);
}

static const v8d zero;

/* Lane j gets lane j - d (j >= d), or 0. (__builtin_shufflevector: GCC 12
 * and clang alike; indices 8 and up pick from the second vector.) */
#define UP(j, d) ((j) < (d) ? 8 : (j) - (d))
#define SHIFT_UP(v, d)                                                                          \
  __builtin_shufflevector ((v), zero, UP (0, d), UP (1, d), UP (2, d), UP (3, d), UP (4, d),     \
                           UP (5, d), UP (6, d), UP (7, d))
/* Lane j gets lane j + d (j + d < 8), or 0. */
#define DOWN(j, d) ((j) + (d) < 8 ? (j) + (d) : 8)
#define SHIFT_DOWN(v, d)                                                                        \
  __builtin_shufflevector ((v), zero, DOWN (0, d), DOWN (1, d), DOWN (2, d), DOWN (3, d),        \
                           DOWN (4, d), DOWN (5, d), DOWN (6, d), DOWN (7, d))

/* Lane j: the sum of lanes 0 .. j. */
static inline __attribute__ ((always_inline)) v8d
prefixes (v8d v)
{
  v += SHIFT_UP (v, 1);
  v += SHIFT_UP (v, 2);
  return v + SHIFT_UP (v, 4);
}

/* Lane j: the sum of lanes j .. 7. */
static inline __attribute__ ((always_inline)) v8d
suffixes (v8d v)
{
  v += SHIFT_DOWN (v, 1);
  v += SHIFT_DOWN (v, 2);
  return v + SHIFT_DOWN (v, 4);
}

static int64_t
vectors (int64_t n)
{
  return (n + LANES - 1) / LANES;
}

/* The prefix sums' row and eight zeros past its end (the last vector's
 * lanes past the windows asked for read there, and are never stored),
 * the vectors' totals, the runs of totals, and the same again for summing
 * those runs. */
size_t
pv_run_sums_scratch (int64_t n)
{
  int64_t nv = vectors (n);
  size_t own = (size_t) (LANES * nv + LANES + 2 * nv);

  return own + (nv - 1 >= PV_RUN_SUMS_MIN_K ? pv_run_sums_scratch (nv - 1) : 0);
}

FAST_CLONES void
pv_run_sums_f64 (const double *x, int64_t n, int64_t k, double *dst, int64_t n_starts,
                 double *scratch)
{
  int64_t nv = vectors (n), mv = vectors (n_starts);
  double *pre = scratch, *total = pre + LANES * nv + LANES, *runs = total + nv;
  /* A window from lane j of vector m ends at 8m + j + k - 1: in vector
   * m + q when j + c < 8, else in the one after, with one more whole
   * vector between. */
  int64_t q = (k - 1) / LANES, c = (k - 1) % LANES;
  v8i one_more;

  for (int j = 0; j < LANES; j++)
    one_more[j] = j + c >= LANES ? -1 : 0;

  /* Prefix sums within each vector, and each vector's total. */
  for (int64_t p = 0; p < nv; p++)
    {
      v8d v;

      if (LANES * (p + 1) <= n)
        v = load (x + LANES * p);
      else
        {
          double last[LANES] = { 0 };

          memcpy (last, x + LANES * p, (size_t) (n - LANES * p) * sizeof (double));
          v = load (last);
        }
      v = prefixes (v);
      store (pre + LANES * p, v);
      total[p] = v[LANES - 1];
    }
  store (pre + LANES * nv, zero);

  /* runs[m]: the q - 1 whole vectors m + 1 .. m + q - 1, summed one by
   * one when they are few, a pass over every m for each (vectorised,
   * where a sum per m would be a chain of scalar adds; from +0 as that
   * chain was, so a lone -0 total still becomes +0), else by this same
   * method. */
  if (q - 1 >= PV_RUN_SUMS_MIN_K)
    pv_run_sums_f64 (total + 1, nv - 1, q - 1, runs, mv, runs + nv);
  else
    {
      for (int64_t m = 0; m < mv; m++)
        runs[m] = q > 1 ? 0.0 + total[m + 1] : 0.0;
      for (int64_t t = 2; t < q; t++)
        for (int64_t m = 0; m < mv; m++)
          runs[m] += total[m + t];
    }

  /* Each window: its start's suffix, the whole vectors, one more where
   * the window reaches past vector m + q, and its end's prefix. */
  for (int64_t m = 0; m < mv; m++)
    {
      v8d sums = suffixes (load (x + LANES * m)) + runs[m];

      sums += (v8d) ((v8i) (zero + total[m + q]) & one_more);
      sums += load (pre + LANES * m + k - 1);
      if (LANES * (m + 1) <= n_starts)
        store (dst + LANES * m, sums);
      else
        {
          double last[LANES];

          store (last, sums);
          memcpy (dst + LANES * m, last, (size_t) (n_starts - LANES * m) * sizeof (double));
        }
    }
}
