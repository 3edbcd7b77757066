/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "block-sums.h"

#include <pthread.h>
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
#define ALL (-1)

/* For a vector whose block starts at lane s (0-7; 8 when none does), the
 * lanes split into [0, s) and [s, 8). Masks, all bits or none, by s: */
typedef struct
{
  v8i up[3];      /* lane j takes lane j - d (d = 1, 2, 4): same part */
  v8i down[3];    /* lane j takes lane j + d: same part */
  v8i from_left;  /* the part that began in an earlier vector: j < s */
  v8i to_right;   /* the part that goes on into the next: j >= s, or all */
  v8i not_start;  /* every lane but s */
  v8i no_start;   /* all lanes when no block starts here (s = 8) */
  v8i no_start_0; /* all lanes unless a block starts at lane 0 */
} part_masks;

static part_masks masks[LANES + 1];

static void
init_masks (void)
{
  for (int s = 0; s <= LANES; s++)
    for (int j = 0; j < LANES; j++)
      {
        part_masks *m = &masks[s];

        for (int t = 0; t < 3; t++)
          {
            int d = 1 << t;

            m->up[t][j] = j >= d && (j - d >= s) == (j >= s) ? ALL : 0;
            m->down[t][j] = j + d < LANES && (j + d >= s) == (j >= s) ? ALL : 0;
          }
        m->from_left[j] = j < s ? ALL : 0;
        m->to_right[j] = j >= s || s == LANES ? ALL : 0;
        m->not_start[j] = j != s ? ALL : 0;
        m->no_start[j] = s == LANES ? ALL : 0;
        m->no_start_0[j] = s != 0 ? ALL : 0;
      }
}

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

/* @v where @m is set, +0 elsewhere (a masked-out term adds nothing). */
static inline __attribute__ ((always_inline)) v8d
keep (v8d v, v8i m)
{
  return (v8d) ((v8i) v & m);
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

/* Every lane from lane @j. */
#define SPREAD(v, j) __builtin_shufflevector ((v), (v), j, j, j, j, j, j, j, j)

/* The lane where a block starts in the vector at @r = its first value's
 * position modulo k, or 8. */
static inline int
start_lane (int64_t r, int64_t k)
{
  int64_t s = r == 0 ? 0 : k - r;

  return s < LANES ? (int) s : LANES;
}

FAST_CLONES void
pv_block_sums_f64 (const double *x, double *suf, double *pre, double *dst, int64_t n,
                   int64_t n_starts, int64_t k)
{
  static pthread_once_t masks_once = PTHREAD_ONCE_INIT;
  int64_t full = n / LANES * LANES; /* values in whole vectors */
  int64_t i, r;
  v8d carry; /* in every lane: the sum carried into the next vector */
  double tail;

  pthread_once (&masks_once, init_masks);

  /* Prefix sums, left to right. */
  carry = zero;
  for (i = 0, r = 0; i < full; i += LANES)
    {
      int s = start_lane (r, k);
      const part_masks *m = &masks[s];
      v8d v = load (x + i);

      v += keep (SHIFT_UP (v, 1), m->up[0]);
      v += keep (SHIFT_UP (v, 2), m->up[1]);
      v += keep (SHIFT_UP (v, 4), m->up[2]);
      store (pre + i, v + keep (carry, m->from_left));
      /* The last lane's sum, as just stored, worked out so that the
       * vectors wait on one addition each, not on a whole vector's. */
      carry = SPREAD (v, 7) + keep (carry, m->no_start);
      r += LANES;
      if (r >= k)
        r -= k;
    }
  tail = carry[0];
  for (; i < n; i++)
    {
      tail = r == 0 ? x[i] : tail + x[i];
      pre[i] = tail;
      if (++r == k)
        r = 0;
    }

  /* Suffix sums, right to left: the tail after the last whole vector one
   * at a time, then the vectors. */
  tail = 0.0;
  r = (n - 1) % k; /* i modulo k below, kept without dividing again */
  for (i = n - 1; i >= full; i--)
    {
      tail = i == n - 1 || r == k - 1 ? x[i] : x[i] + tail;
      suf[i] = tail;
      r = r == 0 ? k - 1 : r - 1;
    }
  /* r: i modulo k, kept without dividing; carry: the suffix sum at i + 8
   * when i + 8 is in lane 7's block, else 0. */
  carry = zero + (full < n && full % k != 0 ? suf[full] : 0.0);
  for (i = full - LANES, r = i >= 0 ? i % k : 0; i >= 0; i -= LANES)
    {
      int s = start_lane (r, k);
      const part_masks *m = &masks[s];
      v8d v = load (x + i), sums;

      r = r >= LANES ? r - LANES : r - LANES + k;
      v += keep (SHIFT_DOWN (v, 1), m->down[0]);
      v += keep (SHIFT_DOWN (v, 2), m->down[1]);
      v += keep (SHIFT_DOWN (v, 4), m->down[2]);
      sums = v + keep (carry, m->to_right);
      store (suf + i, sums);
      /* The windows starting here, while their suffixes are at hand: a
       * block, or a block's suffix and the next one's prefix. */
      if (i + LANES <= n_starts)
        store (dst + i, sums + keep (load (pre + i + k - 1), m->not_start));
      /* What lane 0's block holds from here on, for the vector before
       * (nothing if a block starts at lane 0), worked out as above. */
      carry = keep (SPREAD (v, 0), m->no_start_0) + keep (carry, m->no_start);
    }
  i = n_starts / LANES * LANES;
  for (r = i % k; i < n_starts; i++)
    {
      dst[i] = r == 0 ? suf[i] : suf[i] + pre[i + k - 1];
      r = r == k - 1 ? 0 : r + 1;
    }
}
