/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The fast kernels for one element type: included by fast-pool.c once per
 * type with FT (the element type), FN(x) (a name suffix), FS (the sum's
 * accumulator in separable passes), FR (the accumulator of sums taken in
 * PyTorch's row-major order: float for float32, as PyTorch's), F_FLOAT (1
 * for float32), F_LOWEST (the identity of max) and F_SAMPLE_MAX (the
 * largest sample, for rounding averages back) defined. See fast-pool.h
 * for what each path guarantees.
 *
 * A band of output rows is computed one span of output columns at a time
 * (fast_span), so that the rows of column results, sums and averages in
 * between stay in the second-level cache while each input row is read in
 * one run. Every index below is absolute:
 * column x of the input row, output column ow; a span only bounds loops.
 *
 * Loops are plain C over restrict pointers, written so that the compiler
 * vectorises them; FAST_CLONES compiles the hottest for several instruction
 * sets, chosen at run time. */

/* The later of two taps, b, replaces the earlier, a, when it is larger, or
 * when it is NaN: NaN propagates, as in PyTorch. Equal values keep the
 * earlier, which matters only for the sign of zero (see the fix-up). */
static inline FT
FN (vmax) (FT a, FT b)
{
#if F_FLOAT
  /* b > a ? b : a is exactly x86's maxps (b, a), one instruction, which
   * keeps a when either is NaN; the NaN test then takes b when it is NaN.
   * Three vector operations where ((b > a) | (b != b)) ? b : a takes four
   * (paired runs: float max 2-6% faster). No branch, so loops vectorise. */
  FT m = b > a ? b : a;

  return b != b ? b : m;
#else
  return b > a ? b : a;
#endif
}

/* ---------------------------------------------------------------------------
 * Vertical passes: @n rows of @len samples into one row.
 */

/* dst = max (dst, src), dst holding the earlier taps. */
FAST_CLONES static void
FN (max_into) (FT *restrict dst, const FT *restrict src, size_t len)
{
  for (size_t i = 0; i < len; i++)
    dst[i] = FN (vmax) (dst[i], src[i]);
}

/* The max of rows @r[0] .. @r[K - 1] (K from 4 to 8, a constant once
 * inlined), folded top to bottom into @dst in one pass. */
static inline __attribute__ ((always_inline)) void
FN (max_rows) (FT *restrict dst, const FT *const *r, int K, size_t len)
{
  const FT *restrict a = r[0], *restrict b = r[1], *restrict c = r[2], *restrict d = r[3];
  const FT *restrict e = r[K > 4 ? 4 : 0], *restrict f = r[K > 5 ? 5 : 0];
  const FT *restrict g = r[K > 6 ? 6 : 0], *restrict h = r[K > 7 ? 7 : 0];

  for (size_t i = 0; i < len; i++)
    {
      FT m = FN (vmax) (FN (vmax) (FN (vmax) (a[i], b[i]), c[i]), d[i]);

      if (K > 4)
        m = FN (vmax) (m, e[i]);
      if (K > 5)
        m = FN (vmax) (m, f[i]);
      if (K > 6)
        m = FN (vmax) (m, g[i]);
      if (K > 7)
        m = FN (vmax) (m, h[i]);
      dst[i] = m;
    }
}

/* The max of @n rows, taken top to bottom (the order matters for float
 * NaNs and signed zeros): first_pass_rows() in the first pass, four in
 * each after it. Each pass reloads and stores @dst, so fewer passes take less
 * (4K float32, k = 7 with ceil_mode, one thread, paired runs: 1.6 -> 1.4
 * ms with the seven rows in one pass instead of four and three; adaptive
 * windows of eight rows take one pass, of nine two). */
FAST_CLONES static void
FN (vert_max) (FT *restrict dst, const FT *const *rows, int n, size_t len)
{
  int j;

  switch (n)
    {
    case 0:
      for (size_t i = 0; i < len; i++)
        dst[i] = F_LOWEST;
      return;
    case 1:
      memcpy (dst, rows[0], len * sizeof (FT));
      return;
    case 2:
      for (size_t i = 0; i < len; i++)
        dst[i] = FN (vmax) (rows[0][i], rows[1][i]);
      return;
    case 3:
      for (size_t i = 0; i < len; i++)
        dst[i] = FN (vmax) (FN (vmax) (rows[0][i], rows[1][i]), rows[2][i]);
      return;
    default:
      break;
    }
  j = first_pass_rows (n, len * sizeof (FT));
  switch (j)
    {
    case 4: FN (max_rows) (dst, rows, 4, len); break;
    case 5: FN (max_rows) (dst, rows, 5, len); break;
    case 6: FN (max_rows) (dst, rows, 6, len); break;
    case 7: FN (max_rows) (dst, rows, 7, len); break;
    default: FN (max_rows) (dst, rows, 8, len); break;
    }
  /* The rest four rows a pass, then what is left in one pass. */
  for (; j + 4 <= n; j += 4)
    {
      const FT *restrict a = rows[j], *restrict b = rows[j + 1], *restrict c = rows[j + 2],
                         *restrict d = rows[j + 3];

      for (size_t i = 0; i < len; i++)
        dst[i] = FN (vmax) (FN (vmax) (FN (vmax) (FN (vmax) (dst[i], a[i]), b[i]), c[i]), d[i]);
    }
  switch (n - j)
    {
    case 3:
      {
        const FT *restrict a = rows[j], *restrict b = rows[j + 1], *restrict c = rows[j + 2];

        for (size_t i = 0; i < len; i++)
          dst[i] = FN (vmax) (FN (vmax) (FN (vmax) (dst[i], a[i]), b[i]), c[i]);
      }
      break;
    case 2:
      {
        const FT *restrict a = rows[j], *restrict b = rows[j + 1];

        for (size_t i = 0; i < len; i++)
          dst[i] = FN (vmax) (FN (vmax) (dst[i], a[i]), b[i]);
      }
      break;
    case 1:
      FN (max_into) (dst, rows[j], len);
      break;
    default:
      break;
    }
}

/* dst = max (a, b), a holding the earlier taps. */
FAST_CLONES static void
FN (max_of) (FT *restrict dst, const FT *restrict a, const FT *restrict b, size_t len)
{
  for (size_t i = 0; i < len; i++)
    dst[i] = FN (vmax) (a[i], b[i]);
}

FAST_CLONES static void
FN (add_into) (FS *restrict dst, const FT *restrict src, size_t len)
{
  for (size_t i = 0; i < len; i++)
    dst[i] += (FS) src[i];
}

/* The sum of rows @r[0] .. @r[K - 1] (K from 4 to 8, a constant once
 * inlined), added top to bottom into @dst in one pass. */
static inline __attribute__ ((always_inline)) void
FN (sum_rows) (FS *restrict dst, const FT *const *r, int K, size_t len)
{
  const FT *restrict a = r[0], *restrict b = r[1], *restrict c = r[2], *restrict d = r[3];
  const FT *restrict e = r[K > 4 ? 4 : 0], *restrict f = r[K > 5 ? 5 : 0];
  const FT *restrict g = r[K > 6 ? 6 : 0], *restrict h = r[K > 7 ? 7 : 0];

  for (size_t i = 0; i < len; i++)
    {
      FS t = (FS) a[i] + (FS) b[i] + (FS) c[i] + (FS) d[i];

      if (K > 4)
        t += (FS) e[i];
      if (K > 5)
        t += (FS) f[i];
      if (K > 6)
        t += (FS) g[i];
      if (K > 7)
        t += (FS) h[i];
      dst[i] = t;
    }
}

/* The sum of @n rows, added top to bottom (((a + b) + c) + d ...: the
 * order matters for float sums): first_pass_rows() in the first pass, two
 * in each after it
 * (adaptive averages of eight- and nine-row windows, 4K, one thread,
 * paired runs: float32 2.6 -> 2.07 ms, RGBA8 3.86 -> 2.85). */
FAST_CLONES static void
FN (vert_sum) (FS *restrict dst, const FT *const *rows, int n, size_t len)
{
  int j;

  switch (n)
    {
    case 0:
      memset (dst, 0, len * sizeof (FS));
      return;
    case 1:
      for (size_t i = 0; i < len; i++)
        dst[i] = (FS) rows[0][i];
      return;
    case 2:
      for (size_t i = 0; i < len; i++)
        dst[i] = (FS) rows[0][i] + (FS) rows[1][i];
      return;
    case 3:
      for (size_t i = 0; i < len; i++)
        dst[i] = (FS) rows[0][i] + (FS) rows[1][i] + (FS) rows[2][i];
      return;
    default:
      break;
    }
  j = first_pass_rows (n, len * sizeof (FT));
  switch (j)
    {
    case 4: FN (sum_rows) (dst, rows, 4, len); break;
    case 5: FN (sum_rows) (dst, rows, 5, len); break;
    case 6: FN (sum_rows) (dst, rows, 6, len); break;
    case 7: FN (sum_rows) (dst, rows, 7, len); break;
    default: FN (sum_rows) (dst, rows, 8, len); break;
    }
  for (; j + 2 <= n; j += 2)
    {
      const FT *restrict a = rows[j], *restrict b = rows[j + 1];

      for (size_t i = 0; i < len; i++)
        dst[i] = dst[i] + (FS) a[i] + (FS) b[i];
    }
  if (j < n)
    FN (add_into) (dst, rows[j], len);
}

/* A sliding vertical sum of integers moves down one row: @in enters, @out
 * leaves (either may be NULL, outside the input). Exact: sums wrap modulo
 * 2^32 but the true sum is below it. */
FAST_CLONES static void
FN (slide_sum) (FS *restrict dst, const FT *restrict in, const FT *restrict out, size_t len)
{
  if (in != NULL && out != NULL)
    for (size_t i = 0; i < len; i++)
      dst[i] = dst[i] + (FS) in[i] - (FS) out[i];
  else if (in != NULL)
    for (size_t i = 0; i < len; i++)
      dst[i] += (FS) in[i];
  else if (out != NULL)
    for (size_t i = 0; i < len; i++)
      dst[i] -= (FS) out[i];
}

/* ---------------------------------------------------------------------------
 * Horizontal max: a row of column maxima @cb into output columns.
 */

/* Max over the real taps of one window in channel @c, tap by tap. */
static inline FT
FN (window_max_channel) (const FT *cb, const fast_hwin *w, int64_t d, int C, int c)
{
  FT m = F_LOWEST;

  for (int64_t x = w->first; x < w->end; x += d)
    m = FN (vmax) (m, cb[x * C + c]);
  return m;
}

static inline void
FN (window_max_direct) (const FT *cb, const fast_hwin *w, int64_t d, int C, FT *dst)
{
  for (int c = 0; c < C; c++)
    dst[c] = FN (window_max_channel) (cb, w, d, C, c);
}

/* Interior windows (every tap real) with a few taps: each output reads its
 * k taps. Inlined with constant arguments below, so that the common shapes
 * get loops of their own. */
static inline __attribute__ ((always_inline)) void
FN (hmax_taps) (const FT *restrict cb, FT *restrict dst, int64_t ow0, int64_t ow1, int64_t s,
                int64_t k, int64_t d, int64_t pad, int C)
{
  for (int64_t ow = ow0; ow < ow1; ow++)
    {
      const FT *p = cb + (ow * s - pad) * C;

      for (int c = 0; c < C; c++)
        {
          FT m = p[c];

          for (int64_t j = 1; j < k; j++)
            m = FN (vmax) (m, p[j * d * C + c]);
          dst[ow * C + c] = m;
        }
    }
}

/* dst[i] = the max of src[i], src[i + o1], src[i + o2] and src[i + o3], the
 * first @m of those taps (1 to 4), in registers: a pass costs a store a
 * sample whatever its loads, so up to four taps go into one. */
FAST_CLONES static void
FN (max_taps) (FT *restrict dst, const FT *restrict src, int64_t n, int m, int64_t o1, int64_t o2,
               int64_t o3)
{
  switch (m)
    {
    case 1:
      memcpy (dst, src, (size_t) n * sizeof (FT));
      break;
    case 2:
      for (int64_t i = 0; i < n; i++)
        dst[i] = FN (vmax) (src[i], src[i + o1]);
      break;
    case 3:
      for (int64_t i = 0; i < n; i++)
        dst[i] = FN (vmax) (FN (vmax) (src[i], src[i + o1]), src[i + o2]);
      break;
    default:
      for (int64_t i = 0; i < n; i++)
        dst[i] = FN (vmax) (FN (vmax) (FN (vmax) (src[i], src[i + o1]), src[i + o2]), src[i + o3]);
    }
}

/* Stride 1: the windows of neighbouring outputs are neighbours, so each
 * output's k taps are k loads @step samples apart, whatever C and d. */
static void
FN (hmax_flat) (const FT *restrict cb, FT *restrict dst, int64_t n, int64_t k, int64_t step)
{
  FN (max_taps) (dst, cb, n, k < 4 ? (int) k : 4, step, 2 * step, 3 * step);
  /* Longer windows go through the doubling tables (h_table); should one
   * come here, a pass a tap. */
  for (int64_t j = 4; j < k; j++)
    FN (max_into) (dst, cb + j * step, (size_t) n);
}

FAST_CLONES static void
FN (hmax_interior) (const FT *restrict cb, FT *restrict dst, int64_t ow0, int64_t ow1, int64_t s,
                    int64_t k, int64_t d, int64_t pad, int C)
{
  if (s == 1)
    {
      FN (hmax_flat) (cb + (ow0 - pad) * C, dst + ow0 * C, (ow1 - ow0) * C, k, d * C);
      return;
    }
#define FAST_HMAX_CASE(CC, KK, SS)                                                            \
  if (C == CC && k == KK && s == SS && d == 1)                                                \
    {                                                                                         \
      FN (hmax_taps) (cb, dst, ow0, ow1, SS, KK, 1, pad, CC);                                 \
      return;                                                                                 \
    }
  FAST_COMMON_SHAPES (FAST_HMAX_CASE)
#undef FAST_HMAX_CASE
  switch (C)
    {
    case 1: FN (hmax_taps) (cb, dst, ow0, ow1, s, k, d, pad, 1); break;
    case 3: FN (hmax_taps) (cb, dst, ow0, ow1, s, k, d, pad, 3); break;
    case 4: FN (hmax_taps) (cb, dst, ow0, ow1, s, k, d, pad, 4); break;
    default: FN (hmax_taps) (cb, dst, ow0, ow1, s, k, d, pad, C); break;
    }
}

/* Doubling tables over @n samples of @src: afterwards tab[i] is the max of
 * taps i, i + step, ..., i + (p - 1) step (valid where those taps lie
 * within the n), p the largest power of two within @span (at least 2),
 * or less when the taps run out. Four taps go into the first pass, as
 * hmax_flat takes them: each pass costs a store a sample. Returns p. */
FAST_CLONES static int64_t
FN (max_table) (FT *restrict tab, const FT *restrict src, int64_t n, int64_t span, int64_t step)
{
  int64_t p;

  if (span < 2 || step >= n)
    {
      memcpy (tab, src, (size_t) n * sizeof (FT));
      return 1;
    }
  p = span >= 4 && 3 * step < n ? 4 : 2;
  {
    int64_t m = n - (p - 1) * step;
    /* Where the type and CPU allow, most of the first pass in lanes. */
    int64_t done = p == 4 ? (int64_t) F_MAX4_LANES (tab, src, (size_t) m, step) : 0;

    FN (max_taps) (tab + done, src + done, m - done, (int) p, step, 2 * step, 3 * step);
  }
  while (2 * p <= span && p * step < n)
    {
      int64_t shift = p * step;

      for (int64_t i = 0; i < n - shift; i++)
        tab[i] = FN (vmax) (tab[i], tab[i + shift]);
      p *= 2;
    }
  return p;
}

/* Windows from a doubling table: two lookups each, @second samples apart. */
static inline __attribute__ ((always_inline)) void
FN (pick_pairs) (const FT *restrict tab, FT *restrict dst, int64_t ow0, int64_t ow1, int64_t s,
                 int64_t pad, int64_t second, int C)
{
  for (int64_t ow = ow0; ow < ow1; ow++)
    {
      const FT *t = tab + (ow * s - pad) * C;

      for (int c = 0; c < C; c++)
        dst[ow * C + c] = FN (vmax) (t[c], t[second + c]);
    }
}

FAST_CLONES static void
FN (hmax_from_table) (const FT *restrict tab, FT *restrict dst, int64_t ow0, int64_t ow1,
                      int64_t s, int64_t k, int64_t d, int64_t pad, int64_t p, int C)
{
  int64_t second = (k - p) * d * C;

  if (s == 1)
    {
      /* Up to four lookups (see quad_span): p apart, the last at k - p. */
      int64_t n = (ow1 - ow0) * C, q = p * d * C;
      const FT *restrict t = tab + (ow0 - pad) * C;
      FT *restrict o = dst + ow0 * C;

      switch ((k + p - 1) / p)
        {
        case 1:
        case 2: FN (max_taps) (o, t, n, 2, second, 0, 0); break;
        case 3: FN (max_taps) (o, t, n, 3, q, second, 0); break;
        default: FN (max_taps) (o, t, n, 4, q, 2 * q, second); break;
        }
      return;
    }
  /* Stride 2, the usual one, known at compile time: vector loads and
   * shuffles instead of a scalar loop. */
  if (s == 2)
    switch (C)
      {
      case 1: FN (pick_pairs) (tab, dst, ow0, ow1, 2, pad, second, 1); return;
      case 3: FN (pick_pairs) (tab, dst, ow0, ow1, 2, pad, second, 3); return;
      case 4: FN (pick_pairs) (tab, dst, ow0, ow1, 2, pad, second, 4); return;
      default: break;
      }
  switch (C)
    {
    case 1: FN (pick_pairs) (tab, dst, ow0, ow1, s, pad, second, 1); break;
    case 3: FN (pick_pairs) (tab, dst, ow0, ow1, s, pad, second, 3); break;
    case 4: FN (pick_pairs) (tab, dst, ow0, ow1, s, pad, second, 4); break;
    default: FN (pick_pairs) (tab, dst, ow0, ow1, s, pad, second, C); break;
    }
}

/* Adaptive windows differ in length by a little: those no longer than
 * twice the table's span take two lookups, the rest tap by tap. */
static void
FN (hmax_adaptive) (const fast_job *job, const fast_span *sp, const FT *restrict cb,
                    FT *restrict tab, FT *restrict dst)
{
  int C = job->C;
  int64_t shortest = job->W, p;

  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    if (job->hwin[ow].end - job->hwin[ow].first < shortest)
      shortest = job->hwin[ow].end - job->hwin[ow].first;
  p = FN (max_table) (tab + sp->x0 * C, cb + sp->x0 * C, (sp->x1 - sp->x0) * C, shortest, C);
  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    {
      const fast_hwin *w = &job->hwin[ow];

      if (w->end - w->first >= p && w->end - w->first <= 2 * p)
        for (int c = 0; c < C; c++)
          dst[ow * C + c] = FN (vmax) (tab[w->first * C + c], tab[(w->end - p) * C + c]);
      else
        FN (window_max_direct) (cb, w, 1, C, dst + ow * C);
    }
}

static void
FN (horiz_max) (const fast_job *job, const fast_span *sp, const FT *restrict cb,
                FT *restrict tab, FT *restrict dst)
{
  int C = job->C;
  int64_t d = job->hd;

  if (job->adaptive)
    {
      FN (hmax_adaptive) (job, sp, cb, tab, dst);
      return;
    }
  /* The row's margins hold the identity (span_max), which is what PyTorch
   * pads a max with: border windows are windows like the rest, one vector
   * loop for the span where a scalar loop for each border took as long as
   * the interior's (1080p RGBA8, k = 15: a sixth of the horizontal pass). */
  if (!job->h_table)
    FN (hmax_interior) (cb, dst, sp->ow_a, sp->ow_b, job->hs, job->hk, d, job->hpad, C);
  else
    {
      /* The taps of the span's windows: [xa, xb), margins included. */
      int64_t xa = sp->ow_a * job->hs - job->hpad;
      int64_t xb = (sp->ow_b - 1) * job->hs - job->hpad + (job->hk - 1) * d + 1;
      int64_t p;

      /* Stride 1: up to three lookups a window, for one doubling pass
       * fewer than two lookups take; where four would be needed (k = 13 to
       * 16, 25 to 32), one more pass and two lookups cost less here (one
       * thread, paired runs: 1080p RGBA8 k = 15, the first pass in lanes,
       * 1.35 -> 1.23 ms; 4K RGBA16 12.5 -> 12.1, k = 31 13.6 -> 12.9; 4K
       * float32 6.15 -> 6.05). */
      int64_t quad = quad_span (job->hk);
      bool two_lookups = job->hs != 1 || (job->hk + quad - 1) / quad == 4;

      p = FN (max_table) (tab + xa * C, cb + xa * C, (xb - xa) * C,
                          two_lookups ? job->hk : quad, d * C);
      FN (hmax_from_table) (tab, dst, sp->ow_a, sp->ow_b, job->hs, job->hk, d, job->hpad, p, C);
    }
}

/* ---------------------------------------------------------------------------
 * Horizontal sums: a row of column sums @cb into window sums.
 */

static inline __attribute__ ((always_inline)) void
FN (hsum_taps) (const FS *restrict cb, FS *restrict dst, int64_t ow0, int64_t ow1, int64_t s,
                int64_t k, int64_t pad, int C)
{
  for (int64_t ow = ow0; ow < ow1; ow++)
    {
      const FS *p = cb + (ow * s - pad) * C;

      for (int c = 0; c < C; c++)
        {
          FS acc = p[c];

          for (int64_t j = 1; j < k; j++)
            acc += p[j * C + c];
          dst[ow * C + c] = acc;
        }
    }
}

/* Stride 1: as hmax_flat, up to four taps a pass, in registers, adding in
 * the order hsum_taps adds. */
FAST_CLONES static void
FN (hsum_flat) (const FS *restrict cb, FS *restrict dst, int64_t n, int64_t k, int64_t step)
{
  const int64_t s1 = step, s2 = 2 * step, s3 = 3 * step;

  switch (k)
    {
    case 1:
      memcpy (dst, cb, (size_t) n * sizeof (FS));
      return;
    case 2:
      for (int64_t i = 0; i < n; i++)
        dst[i] = cb[i] + cb[i + s1];
      return;
    case 3:
      for (int64_t i = 0; i < n; i++)
        dst[i] = (cb[i] + cb[i + s1]) + cb[i + s2];
      return;
    default:
      for (int64_t i = 0; i < n; i++)
        dst[i] = ((cb[i] + cb[i + s1]) + cb[i + s2]) + cb[i + s3];
    }
  /* Then up to three more taps a pass, beside the running sum: k <= 7
   * here (longer windows go through doubling levels, blocks or running
   * totals), so two passes at most. */
  for (int64_t j = 4; j < k; j += 3)
    {
      const FS *restrict e = cb + j * step;

      switch (k - j)
        {
        case 1:
          for (int64_t i = 0; i < n; i++)
            dst[i] += e[i];
          break;
        case 2:
          for (int64_t i = 0; i < n; i++)
            dst[i] = (dst[i] + e[i]) + e[i + s1];
          break;
        default:
          for (int64_t i = 0; i < n; i++)
            dst[i] = ((dst[i] + e[i]) + e[i + s1]) + e[i + s2];
        }
    }
}

FAST_CLONES static void
FN (hsum_interior) (const FS *restrict cb, FS *restrict dst, int64_t ow0, int64_t ow1, int64_t s,
                    int64_t k, int64_t pad, int C)
{
  if (s == 1)
    {
      FN (hsum_flat) (cb + (ow0 - pad) * C, dst + ow0 * C, (ow1 - ow0) * C, k, C);
      return;
    }
#define FAST_HSUM_CASE(CC, KK, SS)                                                            \
  if (C == CC && k == KK && s == SS)                                                          \
    {                                                                                         \
      FN (hsum_taps) (cb, dst, ow0, ow1, SS, KK, pad, CC);                                    \
      return;                                                                                 \
    }
  FAST_COMMON_SHAPES (FAST_HSUM_CASE)
#undef FAST_HSUM_CASE
  switch (C)
    {
    case 1: FN (hsum_taps) (cb, dst, ow0, ow1, s, k, pad, 1); break;
    case 3: FN (hsum_taps) (cb, dst, ow0, ow1, s, k, pad, 3); break;
    case 4: FN (hsum_taps) (cb, dst, ow0, ow1, s, k, pad, 4); break;
    default: FN (hsum_taps) (cb, dst, ow0, ow1, s, k, pad, C); break;
    }
}

/* Long sliding windows, summed from doubling levels: the window [x, x + k)
 * is tiled by one block per set bit of k, and the blocks of 2^b cells are
 * level b, built by adding level b - 1 to itself shifted. That is about
 * 2 log2 k vector passes over the span whatever k, and, with no
 * subtraction, as accurate as summing the window directly. */
FAST_CLONES static void
FN (add_shifted) (FS *restrict dst, const FS *restrict src, int64_t n)
{
  for (int64_t i = 0; i < n; i++)
    dst[i] += src[i];
}

/* One level: acc[i] += cur[i + off] for i < m (when @add), and
 * next[i] = cur[i] + cur[i + shift] for i < n - shift, in one pass where
 * both run. @next may be @cur: each index is read before it is written,
 * and later indices read only positions at or beyond their own. */
FAST_CLONES static void
FN (sum_level) (FS *restrict acc, bool add, const FS *cur, int64_t off, int64_t m,
                FS *next, int64_t shift, int64_t n)
{
  int64_t both = m < n - shift ? m : n - shift;
  int64_t i = 0;

  if (!add)
    both = 0;
  for (; i < both; i++)
    {
      FS a = cur[i + off], b = cur[i] + cur[i + shift];

      acc[i] += a;
      next[i] = b;
    }
  if (add)
    for (int64_t j = i; j < m; j++)
      acc[j] += cur[j + off];
  for (int64_t j = i; j < n - shift; j++)
    next[j] = cur[j] + cur[j + shift];
}

/* dst[ow] = src[ow * s - @back] for the outputs [ow0, ow1), C samples
 * each. */
static inline __attribute__ ((always_inline)) void
FN (pick_lanes) (FS *restrict dst, const FS *restrict src, int64_t ow0, int64_t ow1, int64_t s,
                 int64_t back, int C)
{
  for (int64_t ow = ow0; ow < ow1; ow++)
    for (int c = 0; c < C; c++)
      dst[ow * C + c] = src[ow * s * C - back + c];
}

FAST_CLONES static void
FN (pick_strided) (FS *restrict dst, const FS *restrict src, int64_t ow0, int64_t ow1, int64_t s,
                   int64_t back, int C)
{
  if (s == 2)
    switch (C)
      {
      case 1: FN (pick_lanes) (dst, src, ow0, ow1, 2, back, 1); return;
      case 3: FN (pick_lanes) (dst, src, ow0, ow1, 2, back, 3); return;
      case 4: FN (pick_lanes) (dst, src, ow0, ow1, 2, back, 4); return;
      default: break;
      }
  switch (C)
    {
    case 1: FN (pick_lanes) (dst, src, ow0, ow1, s, back, 1); break;
    case 3: FN (pick_lanes) (dst, src, ow0, ow1, s, back, 3); break;
    case 4: FN (pick_lanes) (dst, src, ow0, ow1, s, back, 4); break;
    default: FN (pick_lanes) (dst, src, ow0, ow1, s, back, C); break;
    }
}

/* Sums of @k consecutive pixels (@C samples each) from @cur, n samples
 * long: for every window start i < n - (k - 1) C, in @acc, or, when k is a
 * power of two, in the returned level itself (@acc untouched). */
static const FS *
FN (window_sums) (FS *restrict acc, FS *level, const FS *cur, int64_t n, int64_t k, int C)
{
  int64_t starts = n - (k - 1) * C; /* window starts, in samples */
  int64_t off = 0;
  bool first = true;

  for (int64_t p = 1; p <= k; p *= 2)
    {
      bool bit = (k & p) != 0;
      bool more = 2 * p <= k;

      if (bit && first && !more)
        return cur; /* the window is this one block */
      if (bit && first)
        {
          memcpy (acc, cur + off * C, (size_t) starts * sizeof (FS));
          first = false;
          bit = false;
          off += p;
        }
      if (more)
        {
          /* The window's next block, then the next level, in one pass. */
          FN (sum_level) (acc, bit, cur, off * C, starts, level, p * C, n);
          cur = level;
        }
      else if (bit)
        FN (add_shifted) (acc, cur + off * C, starts);
      if (bit)
        off += p;
    }
  return acc;
}

static void
FN (hsum_doubling) (const fast_job *job, fast_scratch *sc, int64_t in0, int64_t in1,
                    const FS *restrict cb, FS *restrict dst)
{
  int C = job->C;
  int64_t k = job->hk, s = job->hs;
  /* Window starts (in samples) of outputs in0 .. in1 - 1, and the input
   * they reach. With stride 1 the sums build up in the output row itself,
   * window start x landing on output (x + pad). */
  int64_t start = (in0 * s - job->hpad) * C, stop = ((in1 - 1) * s - job->hpad + k) * C;
  int64_t n = stop - start;
  FS *acc = s == 1 ? dst + job->hpad * C + start : (FS *) sc->acc;
  const FS *sums = FN (window_sums) (acc, (FS *) sc->level, cb + start, n, k, C);

  if (s != 1)
    FN (pick_strided) (dst, sums, in0, in1, s, job->hpad * C + start, C);
  else if (sums != acc)
    memcpy (acc, sums, (size_t) (n - (k - 1) * C) * sizeof (FS));
}

/* Each window: its first @shortest cells from @sums (which start at the
 * span's first pixel), then the rest, for the span's outputs. */
static inline __attribute__ ((always_inline)) void
FN (adaptive_lanes) (const fast_job *job, const fast_span *sp, const FS *restrict cb,
                     const FS *restrict sums, int64_t shortest, FS *restrict dst, int C)
{
  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    {
      const fast_hwin *w = &job->hwin[ow];

      if (w->end <= w->first)
        {
          for (int c = 0; c < C; c++)
            dst[ow * C + c] = 0;
          continue;
        }
      for (int c = 0; c < C; c++)
        {
          FS v = sums[(w->first - sp->x0) * C + c];

          for (int64_t x = w->first + shortest; x < w->end; x++)
            v += cb[x * C + c];
          dst[ow * C + c] = v;
        }
    }
}

/* Adaptive windows differ in length by a pixel or so: each is the sum of
 * the span's shortest length L, from doubling levels, plus its few cells
 * beyond. Unlike running sums, no output waits for the one before. */
static void
FN (hsum_adaptive) (const fast_job *job, fast_scratch *sc, const fast_span *sp,
                    const FS *restrict cb, FS *restrict dst)
{
  int C = job->C;
  int64_t shortest = 0;
  const FS *sums;

  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    {
      const fast_hwin *w = &job->hwin[ow];

      if (w->end > w->first && (shortest == 0 || w->end - w->first < shortest))
        shortest = w->end - w->first;
    }
  sums = shortest > 0 ? FN (window_sums) ((FS *) sc->acc, (FS *) sc->level, cb + sp->x0 * C,
                                          (sp->x1 - sp->x0) * C, shortest, C)
                      : NULL;
  switch (C)
    {
    case 1: FN (adaptive_lanes) (job, sp, cb, sums, shortest, dst, 1); break;
    case 3: FN (adaptive_lanes) (job, sp, cb, sums, shortest, dst, 3); break;
    case 4: FN (adaptive_lanes) (job, sp, cb, sums, shortest, dst, 4); break;
    default: FN (adaptive_lanes) (job, sp, cb, sums, shortest, dst, C); break;
    }
}

/* Output @ow's window summed cell by cell (the borders' short windows). */
static inline void
FN (hsum_direct) (const fast_job *job, const FS *restrict cb, FS *restrict dst, int64_t ow)
{
  const fast_hwin *w = &job->hwin[ow];

  for (int c = 0; c < job->C; c++)
    {
      FS acc = 0;

      for (int64_t x = w->first; x < w->end; x++)
        acc += cb[x * job->C + c];
      dst[ow * job->C + c] = acc;
    }
}

#if F_FLOAT
/* Border windows at the left edge start where the first interior window
 * does, at @first, and grow to the right: each is the one before plus its
 * new pixels. Those at the right edge end at the span's end and grow to
 * the left. Summed so, from the interior outwards, they cost a pass over
 * k pixels, not k passes; any other (empty, or cut by the span) is summed
 * directly. */
static inline void
FN (hsum_border_left) (const fast_job *job, const fast_span *sp, int64_t first, int64_t ow0,
                       int64_t ow1, const FS *restrict cb, FS *restrict dst)
{
  FS run = 0;
  int64_t reached = first; /* the run: pixels first .. reached - 1 */

  for (int64_t ow = ow0; ow < ow1; ow++)
    {
      const fast_hwin *w = &job->hwin[ow];

      if (w->first != first || w->end <= w->first || w->end > sp->x1 || w->end < reached)
        {
          FN (hsum_direct) (job, cb, dst, ow);
          continue;
        }
      for (; reached < w->end; reached++)
        run += cb[reached];
      dst[ow] = run;
    }
}

/* The same at the right edge, from the interior leftwards. */
static inline void
FN (hsum_border_right) (const fast_job *job, const fast_span *sp, int64_t ow0, int64_t ow1,
                        const FS *restrict cb, FS *restrict dst)
{
  FS run = 0;
  int64_t reached = sp->x1; /* the run: pixels reached .. x1 - 1 */

  for (int64_t ow = ow1 - 1; ow >= ow0; ow--)
    {
      const fast_hwin *w = &job->hwin[ow];

      if (w->end != sp->x1 || w->end <= w->first || w->first < sp->x0 || w->first > reached)
        {
          FN (hsum_direct) (job, cb, dst, ow);
          continue;
        }
      while (reached > w->first)
        run = cb[--reached] + run;
      dst[ow] = run;
    }
}

/* The span's interior windows, @in0 .. @in1 - 1, from blocks of eight
 * values (block-sums.h; planes only, see h_blocks), then its border
 * windows. */
FAST_CLONES static void
FN (hsum_blocks) (const fast_job *job, fast_scratch *sc, const fast_span *sp, int64_t in0,
                  int64_t in1, const FS *restrict cb, FS *restrict dst)
{
  int64_t first = in0 - job->hpad; /* the first window's first pixel */

  /* k >= 31 here (BLOCK_SUMS_FROM_PASSES), past PV_RUN_SUMS_MIN_K. */
  pv_run_sums_f64 (cb + first, sp->x1 - first, job->hk, dst + in0, in1 - in0,
                   (FS *) sc->level);
  FN (hsum_border_left) (job, sp, first, sp->ow_a, in0, cb, dst);
  FN (hsum_border_right) (job, sp, in1, sp->ow_b, cb, dst);
}
#endif

#if !F_FLOAT
/* Running totals of the span's columns, lane by lane: @pre at pixel
 * x - x0 is the sum of the columns x0 .. x - 1, kept in registers so that
 * each total waits only on its own lane's last addition. */
static inline __attribute__ ((always_inline)) void
FN (running_totals) (const FS *restrict cb, FS *restrict pre, int64_t n_px, int C)
{
  FS run[4] = { 0, 0, 0, 0 };

  for (int c = 0; c < C; c++)
    pre[c] = 0;
  for (int64_t x = 0; x < n_px; x++)
    for (int c = 0; c < C; c++)
      {
        run[c] += cb[x * C + c];
        pre[(x + 1) * C + c] = run[c];
      }
}

/* Integer window sums as differences of running totals: a window's sum is
 * the total at its end less the total at its start, exact in modular
 * 32-bit arithmetic whenever the sum itself fits, which
 * pv_fast_pool_applies() ensures. One pass to total and one to take the
 * differences, whatever the kernel, borders and adaptive windows alike. */
FAST_CLONES static void
FN (hsum_prefix) (const fast_job *job, fast_scratch *sc, const fast_span *sp,
                  const FS *restrict cb, FS *restrict dst)
{
  int C = job->C;
  int64_t x0 = sp->x0, n_px = sp->x1 - sp->x0;
  int64_t in0 = job->ow_in0 > sp->ow_a ? job->ow_in0 : sp->ow_a;
  int64_t in1 = job->ow_in1 < sp->ow_b ? job->ow_in1 : sp->ow_b;
  bool flat = !job->adaptive && job->hs == 1 && in1 > in0;
  FS *pre = (FS *) sc->level;

  switch (C)
    {
    case 1: FN (running_totals) (cb + x0, pre, n_px, 1); break;
    case 3: FN (running_totals) (cb + x0 * 3, pre, n_px, 3); break;
    case 4: FN (running_totals) (cb + x0 * 4, pre, n_px, 4); break;
    default: FN (running_totals) (cb + x0 * C, pre, n_px, C); break; /* C == 2 */
    }
  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    {
      const fast_hwin *w = &job->hwin[ow];

      if (flat && ow == in0)
        {
          /* Windows inside the input: k columns from ow - pad, one run. */
          const FS *restrict end = pre + (in0 - job->hpad + job->hk - x0) * C;
          const FS *restrict start = pre + (in0 - job->hpad - x0) * C;
          FS *restrict out = dst + in0 * C;

          for (int64_t i = 0; i < (in1 - in0) * C; i++)
            out[i] = end[i] - start[i];
          ow = in1 - 1;
          continue;
        }
      for (int c = 0; c < C; c++)
        dst[ow * C + c] = w->end > w->first ? pre[(w->end - x0) * C + c]
                                                - pre[(w->first - x0) * C + c]
                                            : 0;
    }
}
#endif

/* Window sums of one row: integers of adaptive and long windows from
 * running totals; floats of adaptive windows from doubling levels; sliding
 * ones directly, tap by tap, or for long windows from doubling levels or
 * (floats) blocks. No float sum subtracts, so float sums (in double) are
 * as accurate as summing each window directly. */
static void
FN (horiz_sum) (const fast_job *job, fast_scratch *sc, const fast_span *sp,
                const FS *restrict cb, FS *restrict dst, bool adaptive)
{
  int C = job->C;

#if !F_FLOAT
  if (job->h_prefix)
    {
      FN (hsum_prefix) (job, sc, sp, cb, dst);
      return;
    }
#endif
  if (adaptive)
    {
      FN (hsum_adaptive) (job, sc, sp, cb, dst);
      return;
    }
  {
    int64_t in0 = job->ow_in0 > sp->ow_a ? job->ow_in0 : sp->ow_a;
    int64_t in1 = job->ow_in1 < sp->ow_b ? job->ow_in1 : sp->ow_b;
    bool interior = in1 > in0;

#if F_FLOAT
    if (interior && job->h_blocks)
      {
        FN (hsum_blocks) (job, sc, sp, in0, in1, cb, dst);
        return;
      }
#endif
    for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
      {
        if (interior && ow == in0)
          ow = in1;
        if (ow >= sp->ow_b)
          break;
        FN (hsum_direct) (job, cb, dst, ow);
      }
    if (interior && job->h_doubling)
      FN (hsum_doubling) (job, sc, in0, in1, cb, dst);
    else if (interior)
      FN (hsum_interior) (cb, dst, in0, in1, job->hs, job->hk, job->hpad, C);
  }
}

/* ---------------------------------------------------------------------------
 * Finishing an output row.
 */

/* Averages from sums in one pass: divided as the reference divides (by
 * @first, 1 unless adaptive, then by the column's divisor; times the
 * temperature, 1 when there is none: both exact identities), then kept as
 * floats or rounded back to samples as pv_image_from_planes() does. */
FAST_CLONES static void
FN (finish_floats) (const FS *restrict sums, const float *restrict div, float first, float temp,
                    float *restrict out, size_t n)
{
  if (first != 1.0f)
    for (size_t i = 0; i < n; i++)
      out[i] = (float) sums[i] / first / div[i];
  else
    for (size_t i = 0; i < n; i++)
      out[i] = (float) sums[i] / div[i] * temp;
}

#if !F_FLOAT
/* Rounding half away from zero through double, where adding 0.5 to any
 * float is exact; clamped, NaN (which integer input never gives) as 0,
 * like pv_image_from_planes(). One comparison of floats only, so that GCC
 * vectorises the loop. */
FAST_CLONES static void
FN (finish_samples) (const FS *restrict sums, const float *restrict div, float first, float temp,
                     FT *restrict out, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      float y = first != 1.0f ? (float) sums[i] / first / div[i] : (float) sums[i] / div[i] * temp;
      int32_t r;

      y = !(y >= (float) F_SAMPLE_MAX) ? y : (float) F_SAMPLE_MAX;
      r = (int32_t) ((double) y + 0.5);
      out[i] = (FT) (r < 0 ? 0 : r);
    }
}
#endif

#if !F_FLOAT
/* Integer averages of whole windows rounded in integers: an estimate from
 * the reciprocal, within one of the answer, corrected against
 * 2 sum + d versus 2 d r. It equals rounding the float quotient, as the
 * reference does, because no quotient lies within half a float step of .5
 * without being .5 when the divisor is below 2^16 (uint8) or 2^8 (uint16):
 * finish_avg checks. Sums stay below 2^24, so nothing overflows. */
static inline __attribute__ ((always_inline)) FT
FN (rounded_quotient) (uint32_t s, uint32_t d, float rd)
{
  int32_t r = (int32_t) ((float) s * rd + 0.5f);
  uint32_t t = 2 * s + d, lo = 2 * d * (uint32_t) r;

  r -= t < lo ? 1 : 0;
  r += t >= lo + 2 * d ? 1 : 0;
  return (FT) r;
}

FAST_CLONES static void
FN (finish_samples_exact) (const FS *restrict sums, const uint32_t *restrict div,
                           const float *restrict rdiv, FT *restrict out, size_t n)
{
  for (size_t i = 0; i < n; i++)
    out[i] = FN (rounded_quotient) ((uint32_t) sums[i], div[i], rdiv[i]);
}

/* The same where every divisor of the span is @d (whole windows inside the
 * picture, or padding counted): no rows of divisors to read. */
FAST_CLONES static void
FN (finish_samples_uniform) (const FS *restrict sums, uint32_t d, FT *restrict out, size_t n)
{
  float rd = 1.0f / (float) d;

  for (size_t i = 0; i < n; i++)
    out[i] = FN (rounded_quotient) ((uint32_t) sums[i], d, rd);
}
#endif

/* Averages of a span of sums into the output row. */
static void
FN (finish_avg) (const fast_job *job, fast_scratch *sc, const fast_span *sp, const FS *sums,
                 const pv_window *wh, void *out_row)
{
  int C = job->C;
  size_t first = (size_t) (sp->ow_a * C), n = (size_t) ((sp->ow_b - sp->ow_a) * C);
  float pre, temp;

  if (!prepare_divisors (job, sc, sp, wh, &pre, &temp))
    {
      /* A window without a real cell: cell by cell. */
      float *f = sc->fsums;

      for (size_t i = first; i < first + n; i++)
        f[i] = (float) sums[i];
      divide_cells (job, sp, wh, f, f);
#if !F_FLOAT
      if (!job->out_float)
        {
          for (size_t i = first; i < first + n; i++)
            {
              float y = !(f[i] >= (float) F_SAMPLE_MAX) ? f[i] : (float) F_SAMPLE_MAX;
              int32_t r = (int32_t) ((double) y + 0.5);

              ((FT *) out_row)[i] = (FT) (r < 0 ? 0 : r);
            }
          return;
        }
#endif
      memcpy ((float *) out_row + first, f + first, n * sizeof (float));
      return;
    }
#if !F_FLOAT
  if (!job->out_float && !job->adaptive && !job->has_override && job->temperature == 1.0
      && sc->div_max < (F_SAMPLE_MAX == 255 ? 65536 : 256))
    {
      if (sc->div_min == sc->div_max)
        FN (finish_samples_uniform) (sums + first, (uint32_t) sc->div_max,
                                     (FT *) out_row + first, n);
      else
        FN (finish_samples_exact) (sums + first, sc->idiv + first, sc->rdiv + first,
                                   (FT *) out_row + first, n);
      return;
    }
  if (!job->out_float)
    {
      FN (finish_samples) (sums + first, sc->dvec + first, pre, temp, (FT *) out_row + first, n);
      return;
    }
#endif
  FN (finish_floats) (sums + first, sc->dvec + first, pre, temp, (float *) out_row + first, n);
}

/* The input rows of window @wh's real taps, top to bottom, from column
 * @x0 on. */
static int
FN (window_rows) (const fast_job *job, const FT *image, const pv_window *wh, int64_t x0,
                  const FT **rows)
{
  int n = 0;

  for (int64_t j = wh->real_first; j < wh->real_end; j++)
    rows[n++] = image + (size_t) pv_window_tap_pos (wh, j) * (size_t) job->row_len
                + (size_t) (x0 * job->C);
  return n;
}

/* The input rows of window @next below the last of window @wh (the rows
 * a fused row asks for ahead: those @wh has not read, but for rows between
 * its taps when they are dilated, which are only not asked for), from
 * column 0; none when @next is NULL or the input is not asked for ahead. */
static void
FN (new_rows) (const fast_job *job, const FT *image, const pv_window *wh,
               const pv_window *next, fused_ahead *ahead)
{
  int64_t last = pv_window_n_real (wh) > 0 ? pv_window_tap_pos (wh, wh->real_end - 1) : -1;

  ahead->n = 0;
  if (next == NULL || !job->prefetch)
    return;
  for (int64_t j = next->real_first; j < next->real_end && ahead->n < 3; j++)
    if (pv_window_tap_pos (next, j) > last)
      ahead->rows[ahead->n++]
        = image + (size_t) pv_window_tap_pos (next, j) * (size_t) job->row_len;
}

/* Float max only: PyTorch's max keeps the first of equal values and the
 * last NaN, in row-major order, and separable passes see the taps in
 * another order. That shows only as the sign of a zero maximum or the
 * payload of a NaN, and only when a column maximum was -0 or NaN: such
 * outputs are recomputed by the reference reduction. */
#if F_FLOAT
/* Whether a row holds -0 or a NaN. */
FAST_CLONES static bool
FN (row_is_special) (const FT *restrict row, size_t n)
{
  const uint32_t *restrict bits = (const uint32_t *) row;
  uint32_t found = 0;

  for (size_t i = 0; i < n; i++)
    found |= (uint32_t) (bits[i] == 0x80000000u)
             | (uint32_t) ((bits[i] & 0x7fffffffu) > 0x7f800000u);
  return found != 0;
}
#endif

static void
FN (fix_float_max) (const fast_job *job, const fast_span *sp, const FT *image, const FT *cb,
                    const pv_window *wh, float *out_row)
{
#if F_FLOAT
  if (!FN (row_is_special) (cb + sp->x0, (size_t) (sp->x1 - sp->x0)))
    return;
  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    if (out_row[ow] != out_row[ow] || out_row[ow] == 0.0f)
      {
        pv_window ww;
        pv_reduction r;

        pv_axis_window (&job->aw, ow, &ww);
        pv_reduce_cell_f32 (job->plan, image, wh, &ww, false, &out_row[ow], &r);
      }
#else
  (void) job, (void) sp, (void) image, (void) cb, (void) wh, (void) out_row;
#endif
}

/* Integer maxima into float planes. A window without a real tap is -inf as
 * a float, which integer samples cannot hold (as a picture it rounds to 0,
 * their identity, which is what they hold). */
FAST_CLONES static void
FN (to_floats) (const FT *restrict vals, float *restrict out, size_t n)
{
  for (size_t i = 0; i < n; i++)
    out[i] = (float) vals[i];
}

static void
FN (store_max) (const fast_job *job, const fast_span *sp, const FT *vals, const pv_window *wh,
                void *out_row)
{
  float *out = out_row;
  bool empty_rows = pv_window_n_real (wh) == 0;
  int C = job->C;

  if (!empty_rows && !job->empty_columns)
    {
      FN (to_floats) (vals + sp->ow_a * C, out + sp->ow_a * C,
                      (size_t) ((sp->ow_b - sp->ow_a) * C));
      return;
    }
  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    {
      bool empty = empty_rows || job->hwin[ow].n_real == 0;

      for (int c = 0; c < C; c++)
        out[ow * C + c] = empty ? -INFINITY : (float) vals[ow * C + c];
    }
}

/* The horizontal pass of a span of column maxima @cb, into the output row:
 * directly for floats and pictures, through the scratch for integer
 * samples that become float planes. */
static void
FN (finish_max) (const fast_job *job, fast_scratch *sc, const fast_span *sp, const FT *image,
                 const FT *cb, const pv_window *wh, void *out_row)
{
  bool convert = job->out_float && !F_FLOAT;
  FT *dst = convert ? (FT *) sc->vals : (FT *) out_row;

  FN (horiz_max) (job, sp, cb, (FT *) sc->spare, dst);
  if (convert)
    FN (store_max) (job, sp, dst, wh, out_row);
  if (F_FLOAT)
    FN (fix_float_max) (job, sp, image, cb, wh, out_row);
}

/* Small max windows with stride 2 (the slider's k = s = 2 and the
 * overlapping k = 3, s = 2) in one pass straight from the input rows: each
 * output folds its k x k taps in registers and is stored, where the
 * separable passes store and reload a row of column maxima in between
 * (k = s = 2 on 8K, one thread, medians of paired runs: float32 planes
 * 11.0 -> 8.5 ms, RGBA16 18.3 -> 14.9, RGBA8 10.1 -> 9.3; the window's
 * RGB8 planes into floats 15.0 -> 11.5). The taps go in
 * PyTorch's row-major order, so float NaNs and signed zeros come out as
 * its own, with no fix-up. Inlined for each shape with constant
 * arguments. */
static inline __attribute__ ((always_inline)) void
FN (max_fused_taps) (const FT *restrict r0, const FT *restrict r1, const FT *restrict r2,
                     void *restrict out, bool to_float, int64_t ow0, int64_t ow1, int64_t s,
                     int64_t k, int64_t pad, int C, const fused_ahead *ahead)
{
  for (int64_t a = ow0, b; a < ow1; a = b)
    {
      b = fused_piece (ahead, a, ow1, s, pad, C, sizeof (FT));
      for (int64_t ow = a; ow < b; ow++)
        for (int c = 0; c < C; c++)
          {
            int64_t x = (ow * s - pad) * C + c;
            FT m = r0[x];

            /* Written out, not looped: GCC vectorises the outer loop only
             * when no inner loop is left (float planes: 4x faster). */
            m = FN (vmax) (m, r0[x + C]);
            if (k == 3)
              m = FN (vmax) (m, r0[x + 2 * C]);
            m = FN (vmax) (m, r1[x]);
            m = FN (vmax) (m, r1[x + C]);
            if (k == 3)
              {
                m = FN (vmax) (m, r1[x + 2 * C]);
                m = FN (vmax) (m, r2[x]);
                m = FN (vmax) (m, r2[x + C]);
                m = FN (vmax) (m, r2[x + 2 * C]);
              }
            if (to_float)
              ((float *) out)[ow * C + c] = (float) m;
            else
              ((FT *) out)[ow * C + c] = m;
          }
    }
}

/* Into samples of the input's type, or (@to_float) float planes, as the
 * window pools pictures. */
FAST_CLONES static bool
FN (max_fused) (const FT *const *rows, void *out, bool to_float, int64_t ow0, int64_t ow1,
                int64_t s, int64_t k, int64_t pad, int C, const fused_ahead *ahead)
{
  const FT *r0 = rows[0], *r1 = rows[1], *r2 = k == 3 ? rows[2] : rows[1];

#define FAST_FUSED_CASE(CC, KK, SS)                                                           \
  if (C == CC && k == KK && s == SS)                                                          \
    {                                                                                         \
      if (to_float)                                                                           \
        FN (max_fused_taps) (r0, r1, r2, out, true, ow0, ow1, SS, KK, pad, CC, ahead);        \
      else                                                                                    \
        FN (max_fused_taps) (r0, r1, r2, out, false, ow0, ow1, SS, KK, pad, CC, ahead);       \
      return true;                                                                            \
    }
  FAST_FUSED_SHAPES (FAST_FUSED_CASE)
#undef FAST_FUSED_CASE
  return false;
}

/* One output row through the fused max, if its shape allows: every row of
 * the window real. Border columns (padding, the ceil_mode overhang) fold
 * their real taps in the same order, from the identity. */
static bool
FN (max_row_fused) (const fast_job *job, const fast_span *sp, const FT *image,
                    const pv_window *wh, const pv_window *next, void *out_row)
{
  int C = job->C;
  const FT *rows[3];
  fused_ahead ahead;
  int64_t in0 = job->ow_in0 > sp->ow_a ? job->ow_in0 : sp->ow_a;
  int64_t in1 = job->ow_in1 < sp->ow_b ? job->ow_in1 : sp->ow_b;
  bool to_float = job->out_float && !F_FLOAT;

  if (pv_window_n_real (wh) != job->vk || in1 <= in0)
    return false;
  FN (window_rows) (job, image, wh, 0, rows);
  FN (new_rows) (job, image, wh, next, &ahead);
  if (!FN (max_fused) (rows, out_row, to_float, in0, in1, job->hs, job->hk, job->hpad, C,
                       &ahead))
    return false;
  for (int64_t ow = skip_interior (sp->ow_a, in0, in1); ow < sp->ow_b;
       ow = skip_interior (ow + 1, in0, in1))
    {
      const fast_hwin *w = &job->hwin[ow];

      for (int c = 0; c < C; c++)
        {
          FT m = F_LOWEST;

          for (int r = 0; r < job->vk; r++)
            for (int64_t x = w->first; x < w->end; x++)
              m = FN (vmax) (m, rows[r][x * C + c]);
          /* A window without a real tap is -inf as a float (store_max). */
          if (to_float)
            ((float *) out_row)[ow * C + c] = w->n_real > 0 ? (float) m : -INFINITY;
          else
            ((FT *) out_row)[ow * C + c] = m;
        }
    }
  return true;
}

/* ---------------------------------------------------------------------------
 * A band of output rows of one image, span by span.
 */

/* Max pooling of output rows [oh0, oh1) over one span of columns. */
static void
FN (span_max) (const fast_job *job, fast_scratch *sc, const fast_span *sp, const FT *image,
               void *out_image, int64_t oh0, int64_t oh1)
{
  size_t out_len = (size_t) (job->OW * job->C);
  size_t len = (size_t) ((sp->x1 - sp->x0) * job->C);
  size_t x0 = (size_t) (sp->x0 * job->C);
  FT *cb = sc->row;
  const FT **rows = (const FT **) sc->rows;

  /* The margins read as padding (horiz_max): only the passes below write
   * the row, and only its span's columns. */
  for (int64_t i = 1; i <= job->h_margin; i++)
    cb[-i] = cb[job->row_len + i - 1] = F_LOWEST;
  if (!job->vslide)
    {
      for (int64_t oh = oh0; oh < oh1; oh++)
        {
          pv_window wh, next;
          void *out_row = (char *) out_image + (size_t) oh * out_len * job->out_size;
          int n;

          pv_axis_window (&job->ah, oh, &wh);
          if (job->fused && oh + 1 < oh1)
            pv_axis_window (&job->ah, oh + 1, &next);
          if (job->fused
              && FN (max_row_fused) (job, sp, image, &wh, oh + 1 < oh1 ? &next : NULL, out_row))
            continue;
          n = FN (window_rows) (job, image, &wh, sp->x0, rows);
          FN (vert_max) (cb + x0, rows, n, len);
          FN (finish_max) (job, sc, sp, image, cb, &wh, out_row);
        }
      return;
    }

  /* Stride 1, dilation 1 (van Herk / Gil-Werman): in chunks of k output
   * rows, suffix[t] is the max of chunk rows t .. k-1 and a running prefix
   * covers the rows after the chunk, so each output is max (suffix[t],
   * prefix) at three passes a row whatever k. Rows outside the input are
   * the identity. */
  {
    int64_t k = job->vk;
    FT *const *suffix = (FT *const *) sc->suffix;
    FT *prefix = sc->prefix;

    for (int64_t c0 = oh0; c0 < oh1; c0 += k)
      {
        int64_t y0 = c0 - job->vpad; /* the chunk's first window starts here */
        int64_t n_out = oh1 - c0 < k ? oh1 - c0 : k;
        bool have_prefix = false;

        for (int64_t t = k - 1; t >= 0; t--)
          {
            int64_t y = y0 + t;
            bool real = y >= 0 && y < job->H;
            const FT *row = real ? image + (size_t) y * (size_t) job->row_len + x0 : NULL;

            if (t == k - 1)
              {
                if (real)
                  memcpy (suffix[t], row, len * sizeof (FT));
                else
                  for (size_t i = 0; i < len; i++)
                    suffix[t][i] = F_LOWEST;
              }
            else if (real)
              FN (max_of) (suffix[t], row, suffix[t + 1], len);
            else
              memcpy (suffix[t], suffix[t + 1], len * sizeof (FT));
          }
        for (int64_t t = 0; t < n_out; t++)
          {
            pv_window wh;
            void *out_row = (char *) out_image + (size_t) (c0 + t) * out_len * job->out_size;

            pv_axis_window (&job->ah, c0 + t, &wh);
            if (t == 0)
              memcpy (cb + x0, suffix[0], len * sizeof (FT));
            else
              {
                int64_t y = y0 + k + t - 1; /* the row entering the prefix */

                if (y >= 0 && y < job->H)
                  {
                    const FT *row = image + (size_t) y * (size_t) job->row_len + x0;

                    if (have_prefix)
                      FN (max_into) (prefix, row, len);
                    else
                      memcpy (prefix, row, len * sizeof (FT));
                    have_prefix = true;
                  }
                if (have_prefix)
                  FN (max_of) (cb + x0, suffix[t], prefix, len);
                else
                  memcpy (cb + x0, suffix[t], len * sizeof (FT));
              }
            FN (finish_max) (job, sc, sp, image, cb, &wh, out_row);
          }
      }
  }
}

#if F_FLOAT
FAST_CLONES static void
FN (sum_of) (FS *restrict dst, const FT *restrict row, const FS *restrict below, size_t len)
{
  for (size_t i = 0; i < len; i++)
    dst[i] = (FS) row[i] + below[i];
}

FAST_CLONES static void
FN (sums_add) (FS *restrict dst, const FS *restrict a, const FS *restrict b, size_t len)
{
  for (size_t i = 0; i < len; i++)
    dst[i] = a[i] + b[i];
}

FAST_CLONES static void
FN (as_sums) (FS *restrict dst, const FT *restrict row, size_t len)
{
  for (size_t i = 0; i < len; i++)
    dst[i] = (FS) row[i];
}

/* The running sum takes @row (its first when @first), and @dst its
 * window's sums: one pass where adding and summing apart would read the
 * running sum twice. (GCC unswitches the loop on @first.) */
FAST_CLONES static void
FN (take_row) (FS *restrict dst, const FS *restrict suffix, FS *restrict ahead,
               const FT *restrict row, size_t len, bool first)
{
  for (size_t i = 0; i < len; i++)
    {
      ahead[i] = first ? (FS) row[i] : ahead[i] + (FS) row[i];
      dst[i] = suffix[i] + ahead[i];
    }
}

/* Float averages with stride 1: vertical sums in blocks of k rows, as the
 * van Herk / Gil-Werman max does, suffix sums of one block plus a running
 * sum of the next. Three passes a row whatever k, and, with no
 * subtraction, as accurate as summing the window directly (a running sum
 * would carry 1e30's rounding error after 1e30 left the window). */
static void
FN (span_avg_blocks) (const fast_job *job, fast_scratch *sc, const fast_span *sp,
                      const FT *image, void *out_image, int64_t oh0, int64_t oh1)
{
  size_t out_len = (size_t) (job->OW * job->C);
  size_t len = (size_t) ((sp->x1 - sp->x0) * job->C);
  size_t x0 = (size_t) (sp->x0 * job->C);
  int64_t k = job->vk;
  FS *cb = sc->row;
  FS *sums = sc->vals;
  FS *const *suffix = (FS *const *) sc->suffix;
  FS *ahead = sc->prefix;

  for (int64_t c0 = oh0; c0 < oh1; c0 += k)
    {
      int64_t y0 = c0 - job->vpad;
      int64_t n_out = oh1 - c0 < k ? oh1 - c0 : k;
      bool have_ahead = false;

      for (int64_t t = k - 1; t >= 0; t--)
        {
          int64_t y = y0 + t;
          const FT *row = y >= 0 && y < job->H ? image + (size_t) y * (size_t) job->row_len + x0
                                               : NULL;

          if (t == k - 1 && row != NULL)
            FN (as_sums) (suffix[t], row, len);
          else if (t == k - 1)
            memset (suffix[t], 0, len * sizeof (FS));
          else if (row != NULL)
            FN (sum_of) (suffix[t], row, suffix[t + 1], len);
          else
            memcpy (suffix[t], suffix[t + 1], len * sizeof (FS));
        }
      for (int64_t t = 0; t < n_out; t++)
        {
          pv_window wh;
          void *out_row = (char *) out_image + (size_t) (c0 + t) * out_len * job->out_size;

          pv_axis_window (&job->ah, c0 + t, &wh);
          if (t > 0)
            {
              int64_t y = y0 + k + t - 1; /* the row entering the running sum */

              if (y >= 0 && y < job->H)
                {
                  const FT *row = image + (size_t) y * (size_t) job->row_len + x0;

                  FN (take_row) (cb + x0, suffix[t], ahead, row, len, !have_ahead);
                  have_ahead = true;
                }
              else if (have_ahead)
                FN (sums_add) (cb + x0, suffix[t], ahead, len);
            }
          if (!have_ahead)
            memcpy (cb + x0, suffix[t], len * sizeof (FS));
          FN (horiz_sum) (job, sc, sp, cb, sums, job->h_adaptive);
          FN (finish_avg) (job, sc, sp, sums, &wh, out_row);
        }
    }
}
#endif

/* Small windows with stride (the slider's k = s = 2 and the overlapping
 * k = 3, s = 2) in one pass straight from the input rows: each output sums
 * its k x k taps in PyTorch's row-major order (integers exactly, floats in
 * float, so bit for bit PyTorch's sum, cancellation and overflow
 * included), is divided (and for pictures rounded) as finish_avg does, and
 * is stored; nothing goes through the rows of sums. Inlined for each shape
 * with constant arguments, each lane of a vector one output (float sums in
 * double took twice the lanes and a conversion a tap: 4K float32 planes,
 * one thread, paired runs: k = 3, s = 2 3.0 -> 2.45 ms; k = s = 2 2.2 ->
 * 1.5). */
static inline __attribute__ ((always_inline)) void
FN (avg_fused_taps) (const FT *restrict r0, const FT *restrict r1, const FT *restrict r2,
                     void *restrict out, bool out_float, bool whole, int64_t ow0, int64_t ow1,
                     int64_t s, int64_t k, int64_t pad, int C, const float *restrict div,
                     float temp, const fused_ahead *ahead)
{
  for (int64_t a = ow0, b; a < ow1; a = b)
    {
      b = fused_piece (ahead, a, ow1, s, pad, C, sizeof (FT));
      for (int64_t ow = a; ow < b; ow++)
        for (int c = 0; c < C; c++)
          {
            int64_t x = (ow * s - pad) * C + c;
            FR sum = 0;
            float y;

            /* Integers are exact in any order, and vectorise better a column
             * at a time (RGBA8, 4K, one thread, k = 3: 2.9 ms against 4.3 row
             * by row). */
            if (F_FLOAT)
              {
                for (int64_t j = 0; j < k; j++)
                  sum += (FR) r0[x + j * C];
                for (int64_t j = 0; j < k; j++)
                  sum += (FR) r1[x + j * C];
                if (k == 3)
                  for (int64_t j = 0; j < k; j++)
                    sum += (FR) r2[x + j * C];
              }
            else
              for (int64_t j = 0; j < k; j++)
                {
                  sum += (FR) r0[x + j * C] + (FR) r1[x + j * C];
                  if (k == 3)
                    sum += (FR) r2[x + j * C];
                }
            y = (float) sum / div[ow * C + c] * temp;
            if (out_float)
              ((float *) out)[ow * C + c] = y;
            else if (whole)
              {
                /* Every tap real, no override, no temperature: the divisor is
                 * k * k and the float quotient rounds as the exact one does
                 * (no quotient of a sum below 2^24 by a divisor below 256
                 * lies within half a float step of .5 without being .5), so
                 * integers round it: half away from zero. */
                uint32_t d = (uint32_t) (k * k);

                ((FT *) out)[ow * C + c] = (FT) ((2 * (uint32_t) sum + d) / (2 * d));
              }
            else
              {
                int32_t r;

                y = !(y >= (float) F_SAMPLE_MAX) ? y : (float) F_SAMPLE_MAX;
                r = (int32_t) ((double) y + 0.5);
                ((FT *) out)[ow * C + c] = (FT) (r < 0 ? 0 : r);
              }
          }
    }
}

FAST_CLONES static bool
FN (avg_fused) (const FT *const *rows, void *out, bool out_float, bool whole, int64_t ow0,
                int64_t ow1, int64_t s, int64_t k, int64_t pad, int C, const float *div,
                float temp, const fused_ahead *ahead)
{
  const FT *r0 = rows[0], *r1 = rows[1], *r2 = k == 3 ? rows[2] : rows[1];

#define FAST_FUSED_CASE(CC, KK, SS)                                                           \
  if (C == CC && k == KK && s == SS)                                                          \
    {                                                                                         \
      if (out_float)                                                                          \
        FN (avg_fused_taps) (r0, r1, r2, out, true, false, ow0, ow1, SS, KK, pad, CC, div,     \
                             temp, ahead);                                                    \
      else if (whole)                                                                         \
        FN (avg_fused_taps) (r0, r1, r2, out, false, true, ow0, ow1, SS, KK, pad, CC, div,     \
                             temp, ahead);                                                    \
      else                                                                                    \
        FN (avg_fused_taps) (r0, r1, r2, out, false, false, ow0, ow1, SS, KK, pad, CC, div,    \
                             temp, ahead);                                                    \
      return true;                                                                            \
    }
  FAST_FUSED_SHAPES (FAST_FUSED_CASE)
#undef FAST_FUSED_CASE
  return false;
}

/* One output row through the fused pass, if its shape allows: every row
 * of the window real, divisors the same down the band. Border columns
 * (padding, the ceil_mode overhang) are summed tap by tap. */
static bool
FN (avg_row_fused) (const fast_job *job, fast_scratch *sc, const fast_span *sp, const FT *image,
                    const pv_window *wh, const pv_window *next, void *out_row)
{
  int C = job->C;
  const FT *rows[3];
  fused_ahead ahead;
  int64_t in0 = job->ow_in0 > sp->ow_a ? job->ow_in0 : sp->ow_a;
  int64_t in1 = job->ow_in1 < sp->ow_b ? job->ow_in1 : sp->ow_b;
  float pre, temp;
  FS *sums = sc->vals;

  if (pv_window_n_real (wh) != job->vk || job->vk > 3 || in1 <= in0
      || !prepare_divisors (job, sc, sp, wh, &pre, &temp))
    return false;
  FN (window_rows) (job, image, wh, 0, rows);
  FN (new_rows) (job, image, wh, next, &ahead);
  if (!FN (avg_fused) (rows, out_row, job->out_float,
                       !job->has_override && job->temperature == 1.0, in0, in1, job->hs,
                       job->hk, job->hpad, C, sc->dvec, temp, &ahead))
    return false;
  for (int64_t ow = skip_interior (sp->ow_a, in0, in1); ow < sp->ow_b;
       ow = skip_interior (ow + 1, in0, in1))
    {
      const fast_hwin *w = &job->hwin[ow];

      for (int c = 0; c < C; c++)
        {
          FR sum = 0;

          for (int r = 0; r < job->vk; r++)
            for (int64_t x = w->first; x < w->end; x++)
              sum += (FR) rows[r][x * C + c];
          sums[ow * C + c] = (FS) sum;
        }
#if !F_FLOAT
      if (!job->out_float)
        {
          FN (finish_samples) (sums + ow * C, sc->dvec + ow * C, pre, temp,
                               (FT *) out_row + ow * C, (size_t) C);
          continue;
        }
#endif
      FN (finish_floats) (sums + ow * C, sc->dvec + ow * C, pre, temp,
                          (float *) out_row + ow * C, (size_t) C);
    }
  return true;
}

/* Average pooling of output rows [oh0, oh1) over one span, through
 * separable sums: integers exactly (running sums for stride 1), floats in
 * double. */
static void
FN (span_avg) (const fast_job *job, fast_scratch *sc, const fast_span *sp, const FT *image,
               void *out_image, int64_t oh0, int64_t oh1)
{
  size_t out_len = (size_t) (job->OW * job->C);
  size_t len = (size_t) ((sp->x1 - sp->x0) * job->C);
  size_t x0 = (size_t) (sp->x0 * job->C);
  FS *cb = sc->row;
  FS *sums = sc->vals;
  const FT **rows = (const FT **) sc->rows;
  pv_window prev = { 0 };

#if F_FLOAT
  if (job->vslide)
    {
      FN (span_avg_blocks) (job, sc, sp, image, out_image, oh0, oh1);
      return;
    }
#endif
  for (int64_t oh = oh0; oh < oh1; oh++)
    {
      pv_window wh, next;
      void *out_row = (char *) out_image + (size_t) oh * out_len * job->out_size;

      pv_axis_window (&job->ah, oh, &wh);
      if (job->fused && oh + 1 < oh1)
        pv_axis_window (&job->ah, oh + 1, &next);
      if (job->fused
          && FN (avg_row_fused) (job, sc, sp, image, &wh, oh + 1 < oh1 ? &next : NULL, out_row))
        continue;
      if (job->vslide && oh > oh0)
        {
          /* Stride 1: the row leaving and the row entering. */
          int64_t gone = pv_window_tap_pos (&prev, 0);
          int64_t come = pv_window_tap_pos (&wh, wh.n_taps - 1);

          FN (slide_sum) (cb + x0,
                          come >= 0 && come < job->H
                            ? image + (size_t) come * (size_t) job->row_len + x0
                            : NULL,
                          gone >= 0 && gone < job->H
                            ? image + (size_t) gone * (size_t) job->row_len + x0
                            : NULL,
                          len);
        }
      else
        {
          int n = FN (window_rows) (job, image, &wh, sp->x0, rows);

          FN (vert_sum) (cb + x0, rows, n, len);
        }
      prev = wh;
      FN (horiz_sum) (job, sc, sp, cb, sums, job->h_adaptive);
      FN (finish_avg) (job, sc, sp, sums, &wh, out_row);
    }
}

#if F_FLOAT
/* Float averages of windows that overlap little, bit for bit: every output
 * sums its real taps in PyTorch's row-major order, in float, from +0. */
static void
FN (span_avg_exact) (const fast_job *job, fast_scratch *sc, const fast_span *sp,
                     const FT *image, void *out_image, int64_t oh0, int64_t oh1)
{
  float *acc = sc->fsums;
  int64_t in0 = job->ow_in0 > sp->ow_a ? job->ow_in0 : sp->ow_a;
  int64_t in1 = job->ow_in1 < sp->ow_b ? job->ow_in1 : sp->ow_b;
  bool interior = in1 > in0;
  int64_t longest = job->max_cols;

  for (int64_t oh = oh0; oh < oh1; oh++)
    {
      pv_window wh;
      float *out_row = (float *) out_image + (size_t) oh * (size_t) job->OW;

      pv_axis_window (&job->ah, oh, &wh);
      for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
        acc[ow] = 0.0f;
      for (int64_t j = wh.real_first; j < wh.real_end; j++)
        {
          const float *row = image + (size_t) pv_window_tap_pos (&wh, j) * (size_t) job->row_len;

          if (interior)
            {
              acc_windows_f32 (acc, row, job->hwin, sp->ow_a, in0, longest);
              FN (acc_interior) (acc, row, in0, in1, job->hs, job->hk, job->hpad);
              acc_windows_f32 (acc, row, job->hwin, in1, sp->ow_b, longest);
            }
          else
            acc_windows_f32 (acc, row, job->hwin, sp->ow_a, sp->ow_b,
                             longest);
        }
      divide_floats (job, sc, sp, &wh, acc, out_row);
    }
}
#endif

/* Output rows [oh0, oh1) of one image, span by span. */
static void
FN (band) (const fast_job *job, const FT *image, void *out_image, int64_t oh0, int64_t oh1)
{
  fast_scratch *sc = fast_scratch_get (job);

  for (int64_t ow_a = 0; ow_a < job->OW; ow_a += job->span_ow)
    {
      fast_span sp;

      make_span (job, ow_a, &sp);
      if (job->is_max)
        FN (span_max) (job, sc, &sp, image, out_image, oh0, oh1);
#if F_FLOAT
      else if (job->exact_float_avg)
        FN (span_avg_exact) (job, sc, &sp, image, out_image, oh0, oh1);
#endif
      else
        FN (span_avg) (job, sc, &sp, image, out_image, oh0, oh1);
    }
}

/* The parameters of this template, for the next type. */
#undef F_MAX4_LANES
#undef FT
#undef FN
#undef FS
#undef FR
#undef F_FLOAT
#undef F_LOWEST
#undef F_SAMPLE_MAX
