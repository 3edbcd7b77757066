/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "max-lanes.h"

/* A max over neighbouring pixels of interleaved bytes reads each tap from
 * an address a few bytes on, and every such load of a whole vector
 * straddles two cache lines, which costs two accesses. Here one load at
 * 16 bytes on serves every tap up to 15 bytes on: _mm512_alignr_epi8
 * shifts each 128-bit lane of the pair by a constant, within the core, at
 * one instruction a tap. Written with intrinsics, as GCC's vector
 * extensions turn the same shuffle into a permute of all 64 bytes (and on
 * AVX2 into hundreds of instructions); called only where the CPU has
 * AVX-512BW, the portable loop doing the rest. */

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* dst[i] = max (src[i], src[i + S], src[i + 2S], src[i + 3S]) for a
 * constant S: a macro, so that the shifts are immediates at any
 * optimisation level. The vectors stop where the load at +16 would pass
 * the last tap, src[n - 1 + 3S]. */
#define MAX4_LANES(S)                                                                         \
  for (; i + 80 <= n + 3 * (S); i += 64)                                                      \
    {                                                                                         \
      __m512i a = _mm512_loadu_si512 ((const void *) (src + i));                              \
      __m512i b = _mm512_loadu_si512 ((const void *) (src + i + 16));                         \
      __m512i m = _mm512_max_epu8 (a, _mm512_alignr_epi8 (b, a, (S)));                        \
                                                                                              \
      m = _mm512_max_epu8 (m, _mm512_alignr_epi8 (b, a, 2 * (S)));                            \
      m = _mm512_max_epu8 (m, _mm512_alignr_epi8 (b, a, 3 * (S)));                            \
      _mm512_storeu_si512 ((void *) (dst + i), m);                                            \
    }

__attribute__ ((target ("avx512f,avx512bw"))) static size_t
max4_lanes_avx512 (uint8_t *restrict dst, const uint8_t *restrict src, size_t n, int step)
{
  size_t i = 0;

  switch (step)
    {
    case 1: MAX4_LANES (1) break;
    case 2: MAX4_LANES (2) break;
    case 3: MAX4_LANES (3) break;
    case 4: MAX4_LANES (4) break;
    case 5: MAX4_LANES (5) break;
    default: break;
    }
  return i;
}

/* A load of a word the runtime set up before main(), every call alike. */
static bool
have_avx512bw (void)
{
  return __builtin_cpu_supports ("avx512bw");
}
#endif

size_t
pv_max4_lanes_u8 (uint8_t *restrict dst, const uint8_t *restrict src, size_t n, int64_t step)
{
#if defined(__x86_64__) && defined(__GNUC__)
  if (step >= 1 && step <= PV_MAX4_LANES_STEP && have_avx512bw ())
    return max4_lanes_avx512 (dst, src, n, (int) step);
#else
  (void) dst, (void) src, (void) n, (void) step;
#endif
  return 0;
}
