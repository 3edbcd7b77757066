/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Four-tap maxima in lanes (engine/max-lanes.c) against the taps taken
 * one by one: every tap distance it takes and one it must refuse, lengths
 * around its vector of 64 and the load 16 bytes on, random bytes and
 * runs of equal ones. The source is allocated to the last tap exactly, so
 * that a sanitizer build sees any read past it; the destination has guard
 * bytes after what the call says it wrote. On a CPU without AVX-512BW
 * the call must write nothing and say so. */
#include <glib.h>
#include <string.h>

#include "engine/max-lanes.h"
#include "engine/random.h"

#define GUARD 0xa5

static void
check_one (pv_random *rng, size_t n, int64_t step, bool runs)
{
  size_t n_src = n + 3 * (size_t) step;
  uint8_t *src = g_malloc (n_src);
  uint8_t *dst = g_malloc (n + 64);
  size_t done;

  for (size_t i = 0; i < n_src; i++)
    src[i] = runs ? (uint8_t) (i / 37 * 50) : (uint8_t) pv_random_next (rng);
  memset (dst, GUARD, n + 64);
  done = pv_max4_lanes_u8 (dst, src, n, step);
  g_assert_cmpuint (done % 64, ==, 0);
  g_assert_cmpuint (done, <=, n);
  if (step > PV_MAX4_LANES_STEP || step < 1)
    g_assert_cmpuint (done, ==, 0);
  for (size_t i = 0; i < done; i++)
    {
      uint8_t m = src[i];

      for (int j = 1; j < 4; j++)
        m = src[i + (size_t) j * (size_t) step] > m ? src[i + (size_t) j * (size_t) step] : m;
      if (dst[i] != m)
        g_error ("n %zu, step %" G_GINT64_FORMAT ": dst[%zu] = %u, the taps' max %u", n, step, i,
                 dst[i], m);
    }
  for (size_t i = done; i < n + 64; i++)
    g_assert_cmpuint (dst[i], ==, GUARD);
  g_free (src);
  g_free (dst);
}

static void
test_against_taps (void)
{
  pv_random rng;
  size_t lengths[] = { 0, 1, 48, 63, 64, 65, 79, 80, 81, 127, 128, 129, 200, 1000, 7680 };
  size_t largest = 0;

  pv_random_seed (&rng, 0x1a9e5);
  for (int64_t step = 0; step <= PV_MAX4_LANES_STEP + 1; step++)
    for (size_t l = 0; l < G_N_ELEMENTS (lengths); l++)
      for (int runs = 0; runs < 2; runs++)
        check_one (&rng, lengths[l], step, runs);
  /* Somewhere the vectors must have done most of a row. */
  for (int64_t step = 1; step <= PV_MAX4_LANES_STEP; step++)
    {
      uint8_t *src = g_malloc0 (1000 + 15), *dst = g_malloc (1000);
      size_t done = pv_max4_lanes_u8 (dst, src, 1000, step);

      largest = done > largest ? done : largest;
      g_free (src);
      g_free (dst);
    }
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports ("avx512bw"))
    g_assert_cmpuint (largest, >=, 900);
  else
#endif
    g_assert_cmpuint (largest, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/max-lanes/against-taps", test_against_taps);
  return g_test_run ();
}
