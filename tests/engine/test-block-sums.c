/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sums in blocks of eight (engine/block-sums.c) against sums taken one
 * term at a time: with integer values every sum is exact in double, so
 * each window must be equal, whatever the row's length, k, and where the
 * windows fall against the vectors; with values of every scale, within
 * rounding; and NaN and infinities stay in the windows that hold them,
 * and only there. Nothing is written outside the windows asked for or
 * the scratch the call said it needs. */
#include <float.h>
#include <glib.h>
#include <math.h>

#include "engine/block-sums.h"

#define GUARD 12345.0

typedef struct
{
  double *x, *dst, *scratch;
  size_t n_scratch;
} Rows;

/* One value of slack either side of dst and after the scratch, checked
 * untouched. */
static Rows
rows_new (int64_t n)
{
  Rows r = { g_new0 (double, n), g_new0 (double, n + 2), NULL, pv_run_sums_scratch (n) };

  r.scratch = g_new0 (double, r.n_scratch + 1);
  r.dst[0] = r.dst[n + 1] = r.scratch[r.n_scratch] = GUARD;
  return r;
}

static void
rows_free (Rows *r)
{
  g_free (r->x), g_free (r->dst), g_free (r->scratch);
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
check (GRand *rand, int64_t n, int64_t k, int64_t n_starts, int kind)
{
  Rows r = rows_new (n);
  double *x = r.x;

  fill (rand, x, n, kind);
  pv_run_sums_f64 (x, n, k, r.dst + 1, n_starts, r.scratch);
  for (int64_t w = 0; w < n_starts; w++)
    {
      double m, want = direct (x, w, w + k - 1, &m);

      expect (r.dst[w + 1], want, m, k, kind == 0, "window", n, k, w);
    }
  g_assert_cmpfloat (r.dst[0], ==, GUARD);
  for (int64_t w = n_starts; w < n; w++)
    g_assert_cmpfloat (r.dst[w + 1], ==, 0.0);
  g_assert_cmpfloat (r.dst[n + 1], ==, GUARD);
  g_assert_cmpfloat (r.scratch[r.n_scratch], ==, GUARD);
  rows_free (&r);
}

/* Every row length from one window to a few hundred values, for kernels
 * on both sides of the vector's eight and of its multiples, with every
 * window and with fewer. */
static void
test_lengths_and_kernels (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2026);
  static const int64_t kernels[] = { PV_RUN_SUMS_MIN_K, 15, 16, 17, 23, 24, 25, 31, 32, 33,
                                     47, 63, 64, 65, 80, 81, 89 };

  for (int kind = 0; kind < 3; kind++)
    for (guint i = 0; i < G_N_ELEMENTS (kernels); i++)
      for (int64_t n = kernels[i]; n <= kernels[i] + 200; n++)
        {
          int64_t all = n - kernels[i] + 1;

          check (rand, n, kernels[i], all, kind);
          check (rand, n, kernels[i], g_rand_int_range (rand, 0, (gint32) all + 1), kind);
        }
}

/* Rows as long as the engine's spans, and kernels so long that the runs of
 * whole vectors are themselves summed in blocks, once (k = 127) or twice
 * (k = 1025). */
static void
test_long_rows (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2027);

  for (int kind = 0; kind < 3; kind++)
    {
      check (rand, 4228, 31, 4228 - 30, kind);
      check (rand, 8193, 127, 8193 - 126, kind);
      check (rand, 20001, 1025, 20001 - 1024, kind);
      check (rand, 20001, 1025, 777, kind);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/block-sums/lengths-and-kernels", test_lengths_and_kernels);
  g_test_add_func ("/engine/block-sums/long-rows", test_long_rows);
  return g_test_run ();
}
