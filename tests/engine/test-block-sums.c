/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sums in blocks (engine/block-sums.c) against sums taken one term at a
 * time: with integer values every sum is exact in double, so each prefix,
 * suffix and window must be equal, whatever the row's length, the block
 * size, and where the vectors of eight fall against the blocks; with
 * values of every scale, within rounding; and NaN and infinities stay in
 * the windows that hold them, and only there. */
#include <float.h>
#include <glib.h>
#include <math.h>

#include "engine/block-sums.h"

typedef struct
{
  double *x, *pre, *suf, *dst;
} Rows;

static Rows
rows_new (int64_t n)
{
  /* One value of slack either side, checked untouched. */
  Rows r = { g_new0 (double, n + 2), g_new0 (double, n + 2), g_new0 (double, n + 2),
             g_new0 (double, n + 2) };

  r.pre[0] = r.suf[0] = r.dst[0] = r.pre[n + 1] = r.suf[n + 1] = r.dst[n + 1] = 12345.0;
  return r;
}

static void
rows_free (Rows *r)
{
  g_free (r->x), g_free (r->pre), g_free (r->suf), g_free (r->dst);
}

/* The sum of x[a..b], one term at a time. */
static double
direct (const double *x, int64_t a, int64_t b, double *magnitude)
{
  double s = 0.0, m = 0.0;

  for (int64_t i = a; i <= b; i++)
    s += x[i], m += fabs (x[i]);
  if (magnitude != NULL)
    *magnitude = m;
  return s;
}

static void
expect (double got, double want, double magnitude, int64_t terms, gboolean exact,
        const char *what, int64_t n, int64_t k, int64_t i)
{
  gboolean ok;

  if (isnan (want))
    ok = isnan (got);
  else if (isinf (want) || exact)
    ok = got == want;
  else
    ok = fabs (got - want) <= 2.0 * (double) terms * DBL_EPSILON * magnitude;
  if (!ok)
    g_error ("n=%" G_GINT64_FORMAT " k=%" G_GINT64_FORMAT ": %s[%" G_GINT64_FORMAT
             "] is %.17g, not %.17g",
             n, k, what, i, got, want);
}

/* Values: 0 small integers, 1 every scale from 1e-30 to 1e30 with either
 * sign, 2 integers with a NaN and infinities here and there. */
static void
fill (GRand *rand, double *x, int64_t n, int kind)
{
  for (int64_t i = 0; i < n; i++)
    {
      if (kind == 1)
        x[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double (rand)
               * pow (10.0, g_rand_int_range (rand, -30, 31));
      else
        x[i] = g_rand_int_range (rand, -1000, 1001);
      if (kind == 2 && g_rand_int_range (rand, 0, 97) == 0)
        x[i] = g_rand_int_range (rand, 0, 3) == 0 ? NAN : g_rand_boolean (rand) ? INFINITY
                                                                                : -INFINITY;
    }
}

static void
check (GRand *rand, int64_t n, int64_t k, int kind)
{
  Rows r = rows_new (n);
  int64_t n_starts = n - k + 1;
  double *x = r.x + 1;
  gboolean exact = kind == 0;

  fill (rand, x, n, kind);
  pv_block_sums_f64 (x, r.suf + 1, r.pre + 1, r.dst + 1, n, n_starts, k);
  for (int64_t i = 0; i < n; i++)
    {
      int64_t start = i / k * k, end = MIN (start + k, n) - 1;
      double m, want;

      want = direct (x, start, i, &m);
      expect (r.pre[i + 1], want, m, i - start + 1, exact, "pre", n, k, i);
      want = direct (x, i, end, &m);
      expect (r.suf[i + 1], want, m, end - i + 1, exact, "suf", n, k, i);
    }
  for (int64_t w = 0; w < n_starts; w++)
    {
      double m, want = direct (x, w, w + k - 1, &m);

      expect (r.dst[w + 1], want, m, k, exact, "window", n, k, w);
    }
  /* Nothing written outside the rows, nor past the last window. */
  g_assert_cmpfloat (r.pre[0], ==, 12345.0);
  g_assert_cmpfloat (r.pre[n + 1], ==, 12345.0);
  g_assert_cmpfloat (r.suf[0], ==, 12345.0);
  g_assert_cmpfloat (r.suf[n + 1], ==, 12345.0);
  g_assert_cmpfloat (r.dst[0], ==, 12345.0);
  for (int64_t w = n_starts; w < n; w++)
    g_assert_cmpfloat (r.dst[w + 1], ==, 0.0);
  g_assert_cmpfloat (r.dst[n + 1], ==, 12345.0);
  rows_free (&r);
}

/* Every row length from one block to several hundred values, for block
 * sizes on both sides of the vector's eight and of its multiples. */
static void
test_lengths_and_blocks (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2026);
  static const int64_t blocks[] = { 8, 9, 15, 16, 17, 23, 31, 32, 33, 47, 63, 64, 65 };

  for (int kind = 0; kind < 3; kind++)
    for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
      for (int64_t n = blocks[b]; n <= blocks[b] + 200; n++)
        check (rand, n, blocks[b], kind);
}

/* Rows as long as the engine's spans. */
static void
test_long_rows (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2027);

  for (int kind = 0; kind < 3; kind++)
    {
      check (rand, 4228, 31, kind);
      check (rand, 8193, 127, kind);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/block-sums/lengths-and-blocks", test_lengths_and_blocks);
  g_test_add_func ("/engine/block-sums/long-rows", test_long_rows);
  return g_test_run ();
}
