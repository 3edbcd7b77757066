/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fast-pool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block-sums.h"
#include "fast-clones.h"
#include "geometry.h"
#include "max-lanes.h"
#include "parallel.h"
#include "reduce.h"

#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif

/* Float averages are summed in float, in PyTorch's order, for results of up
 * to this many cells (every matrix and worked example: what the interface
 * explains, term by term, is then the very number shown), unless windows
 * overlap so much that each input would be read more than this many times
 * and the taps of all windows together are more than EXACT_FLOAT_AVG_TAPS
 * (a few milliseconds of adding). Others are summed in double, separably:
 * within float rounding of PyTorch, and faster, but a double sum does not
 * overflow where PyTorch's float sum does (3e38 + 3e38 + -3e38 is inf in
 * float), so those differ where samples come near FLT_MAX. */
#define EXACT_FLOAT_AVG_OUTPUTS 65536
#define EXACT_FLOAT_AVG_READS 4
#define EXACT_FLOAT_AVG_TAPS (1 << 22)

/* One output column's window, from pv_axis_window(). */
typedef struct
{
  int64_t first, end;  /* real taps at first, first + d, ... < end */
  int64_t n_real;      /* real taps */
  int64_t n_counted;   /* taps inside the padded input (count_include_pad) */
  int64_t n_taps;      /* every tap (adaptive divisors) */
} fast_hwin;

typedef struct
{
  const pv_plan *plan;
  pv_dtype dtype;
  int C;                   /* samples per pixel: interleaved channels, 1 for planes */
  int64_t H, W, OH, OW;
  int64_t row_len;         /* W * C */
  int64_t n_images;
  int64_t plane;           /* whose windows: fractional windows differ by plane */
  const void *in;
  size_t in_image;         /* samples between images */
  void *out;
  size_t out_image;        /* samples between output images */
  bool out_float;          /* float planes out, else samples of the input's type */
  size_t out_size;         /* bytes per output sample */

  bool is_max, adaptive, exact_float_avg;
  bool count_padding, has_override;
  bool empty_columns;      /* some output column's window has no real tap */
  int64_t divisor_override;
  double temperature;

  pv_axis ah, aw;
  /* Vertical: stride 1, dilation 1, sliding (van Herk / running sums). */
  bool vslide;
  int64_t vk, vpad;
  /* Horizontal: the sliding axis' numbers, the windows, and which columns
   * have every tap inside the input. */
  int64_t hk, hs, hd, hpad;
  bool h_adaptive, h_table, h_doubling, h_blocks, h_prefix;
  bool fused;              /* small windows with stride 2: one pass */
  bool prefetch;           /* fused rows ask for the next rows ahead */
  fast_hwin *hwin;
  int64_t ow_in0, ow_in1;
  /* Max rows are framed by this many samples of the identity on either
   * side, so that border windows read them as padding (see horiz_max). */
  int64_t h_margin;

  int64_t span_ow;         /* output columns computed together (see fast_span) */
  int64_t max_rows;        /* the most rows a window has */
  int64_t max_cols;        /* the most columns */
  int64_t band_rows, bands;
  size_t scratch_bytes;
} fast_job;

/* Output columns [ow_a, ow_b), whose windows read input columns [x0, x1):
 * a band is computed one span at a time (up to PV_FAST_SPAN_SAMPLES of
 * input; see setup_bands), so that its rows of intermediate results stay
 * in the second-level cache. */
typedef struct
{
  int64_t ow_a, ow_b, x0, x1;
} fast_span;

/* Per-thread working memory, kept between jobs so that pooling allocates
 * nothing once warm. */
typedef struct
{
  void *block;
  size_t cap;
  void *row, *spare, *prefix, *vals;
  void *level, *acc;       /* doubling sums */
  float *fsums, *dvec;     /* a row of sums as floats; its divisors */
  uint32_t *idiv;          /* the divisors as integers, */
  float *rdiv;             /* and their reciprocals */
  int64_t div_min, div_max; /* the span's smallest and largest divisors */
  int64_t div_key;         /* the row count dvec was made for, */
  int64_t div_span;        /* in the span starting at this column */
  void **rows, **suffix;
} fast_scratch;

static _Thread_local fast_scratch thread_scratch;

static size_t
align_up (size_t n)
{
  return (n + 63) & ~(size_t) 63;
}

/* Sliding windows down the rows keep blocks of k rows: a max in the
 * input's type, float sums in double; integer sums slide without. Returns
 * the rows of blocks (0 for none) and sets *@sample_bytes. */
static size_t
sliding_blocks (const fast_job *job, size_t *sample_bytes)
{
  *sample_bytes = job->is_max ? pv_dtype_size (job->dtype) : sizeof (double);
  return job->vslide && (job->is_max || job->dtype == PV_DTYPE_F32) ? (size_t) job->vk : 0;
}

static size_t
scratch_layout (const fast_job *job, fast_scratch *sc, char *base)
{
  size_t len = (size_t) job->row_len, off = 0;
  size_t block_sample;
  size_t suffix_rows = sliding_blocks (job, &block_sample);

#define TAKE(field, bytes)                                                                    \
  do                                                                                          \
    {                                                                                         \
      if (sc != NULL)                                                                         \
        sc->field = (void *) (base + off);                                                    \
      off += align_up (bytes);                                                                \
    }                                                                                         \
  while (0)
  /* The max's rows of column maxima and its doubling table, framed by
   * margins. */
  off += align_up ((size_t) job->h_margin * 8);
  TAKE (row, (len + (size_t) job->h_margin) * 8);
  off += align_up ((size_t) job->h_margin * 4);
  TAKE (spare, (len + (size_t) job->h_margin) * 4);
  TAKE (prefix, len * 8);
  /* Doubling levels or running totals (len + C of them), or the scratch
   * of the float planes' sums in blocks of eight. */
  TAKE (level, job->h_blocks                                      ? pv_run_sums_scratch (job->W) * 8
               : job->h_doubling || job->h_adaptive || job->h_prefix ? (len + (size_t) job->C) * 8
                                                                     : 0);
  TAKE (acc, job->h_doubling || job->h_adaptive ? len * 8 : 0);
  TAKE (vals, (size_t) (job->OW * job->C) * 8);
  TAKE (fsums, (size_t) (job->OW * job->C) * 4);
  TAKE (dvec, (size_t) (job->OW * job->C) * 4);
  TAKE (idiv, (size_t) (job->OW * job->C) * 4);
  TAKE (rdiv, (size_t) (job->OW * job->C) * 4);
  TAKE (rows, (size_t) job->max_rows * sizeof (void *));
  TAKE (suffix, suffix_rows * sizeof (void *));
#undef TAKE
  for (size_t t = 0; t < suffix_rows; t++)
    {
      if (sc != NULL)
        sc->suffix[t] = base + off;
      off += align_up (len * block_sample);
    }
  return off;
}

/* Returns this thread's scratch, laid out for @job. Aborts only when memory
 * is exhausted: the scratch is a few rows as wide as the input, blocks of k
 * rows of a span, and margins, and windows reach at most twice the input
 * and FAST_REACH_SLACK (pv_fast_pool_applies), so none of it grows with a
 * parameter alone. */
static fast_scratch *
fast_scratch_get (const fast_job *job)
{
  fast_scratch *sc = &thread_scratch;

  if (sc->cap < job->scratch_bytes)
    {
      void *grown = realloc (sc->block, job->scratch_bytes);

      if (grown == NULL)
        abort ();
      sc->block = grown;
      sc->cap = job->scratch_bytes;
    }
  scratch_layout (job, sc, sc->block);
  sc->div_key = -1;
  sc->div_span = -1;
  return sc;
}

/* The same for windows of any start and length (adaptive windows, the
 * borders'): each window's taps left to right, as many as the longest
 * window has, so that the loop's end is the same for every window where
 * ending at each one's own length mispredicted it (adaptive windows of
 * 1080p to 250 columns are 8 or 9 wide: 0.95 -> 0.64 ms). A window adds +0
 * for each tap it lacks, which leaves a float sum begun at +0 as it was:
 * such a sum is never -0. */
FAST_CLONES static void
acc_windows_f32 (float *restrict acc, const float *restrict row, const fast_hwin *restrict hwin,
                 int64_t ow0, int64_t ow1, int64_t longest)
{
  for (int64_t ow = ow0; ow < ow1; ow++)
    {
      const float *w = row + hwin[ow].first;
      int64_t n = hwin[ow].end - hwin[ow].first;
      float sum = acc[ow];

      if (n <= 0)
        continue; /* no real tap, and perhaps none to read */
      for (int64_t t = 0; t < longest; t++)
        {
          /* Read within the window either way, then ignored. */
          float v = w[t < n ? t : 0];

          sum += t < n ? v : 0.0f;
        }
      acc[ow] = sum;
    }
}

/* Float averages of small windows keep PyTorch's order: j outer, so each
 * output's sum takes the row's taps left to right. */
FAST_CLONES static void
acc_interior_f32 (float *restrict acc, const float *restrict row, int64_t ow0, int64_t ow1,
                  int64_t s, int64_t k, int64_t pad)
{
  for (int64_t j = 0; j < k; j++)
    for (int64_t ow = ow0; ow < ow1; ow++)
      acc[ow] += row[ow * s - pad + j];
}

/* One average from its sum, as the reference computes it: sliding windows
 * divide by the kernel's counted cells (or divisor_override) and scale by
 * the temperature; adaptive windows divide by their rows, then columns. */
static float
average (const fast_job *job, float sum, const pv_window *wh, const fast_hwin *w)
{
  float y;

  if (job->adaptive)
    return sum / (float) wh->n_taps / (float) w->n_taps;
  /* The reference leaves 0 for a window without a real cell. */
  if (pv_window_n_real (wh) == 0 || w->n_real == 0)
    y = 0;
  else if (job->has_override)
    y = sum / (float) job->divisor_override;
  else
    {
      int64_t dh = job->count_padding ? wh->counted_end : pv_window_n_real (wh);
      int64_t dw = job->count_padding ? w->n_counted : w->n_real;

      y = sum / (float) (dh * dw);
    }
  if (job->temperature != 1.0)
    y = y * (float) job->temperature;
  return y;
}

/* Cell by cell, for rows with a window without a real tap (@y may be
 * @sums). */
static void
divide_cells (const fast_job *job, const fast_span *sp, const pv_window *wh, const float *sums,
              float *y)
{
  int C = job->C;

  for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
    for (int c = 0; c < C; c++)
      y[ow * C + c] = average (job, sums[ow * C + c], wh, &job->hwin[ow]);
}

/* Makes sc->dvec the divisors of a span's columns for rows like @wh, and
 * *@first and *@temp what every average is divided by first (adaptive: the
 * row count) and multiplied by after (the temperature), 1 when nothing.
 * Each output's divisor depends on its column and on the row's count, so
 * they are kept while that count and the span stay the same. Returns false
 * when the row has a window without a real cell, which goes cell by cell. */
static bool
prepare_divisors (const fast_job *job, fast_scratch *sc, const fast_span *sp,
                  const pv_window *wh, float *first, float *temp)
{
  int C = job->C;
  int64_t key;

  if (pv_window_n_real (wh) == 0 || (!job->adaptive && job->empty_columns))
    return false;
  key = job->adaptive || job->has_override ? 0
        : job->count_padding             ? wh->counted_end
                                         : pv_window_n_real (wh);
  if (sc->div_key != key || sc->div_span != sp->ow_a)
    {
      sc->div_min = INT64_MAX;
      sc->div_max = 0;
      for (int64_t ow = sp->ow_a; ow < sp->ow_b; ow++)
        {
          const fast_hwin *w = &job->hwin[ow];
          int64_t d = job->adaptive       ? w->n_taps
                      : job->has_override ? job->divisor_override
                                          : key * (job->count_padding ? w->n_counted : w->n_real);

          sc->div_min = MIN (sc->div_min, d);
          sc->div_max = MAX (sc->div_max, d);
          for (int c = 0; c < C; c++)
            {
              sc->dvec[ow * C + c] = (float) d;
              sc->idiv[ow * C + c] = (uint32_t) d;
              sc->rdiv[ow * C + c] = 1.0f / (float) d;
            }
        }
      sc->div_key = key;
      sc->div_span = sp->ow_a;
    }
  *first = job->adaptive ? (float) wh->n_taps : 1.0f;
  *temp = job->adaptive ? 1.0f : (float) job->temperature;
  return true;
}

FAST_CLONES static void
divide_floats_by (float *restrict y, const float *restrict sums, const float *restrict div,
                  float first, float temp, size_t n)
{
  if (first != 1.0f)
    for (size_t i = 0; i < n; i++)
      y[i] = sums[i] / first / div[i];
  else
    for (size_t i = 0; i < n; i++)
      y[i] = sums[i] / div[i] * temp;
}

/* The averages of a span from float sums, into float outputs. */
static void
divide_floats (const fast_job *job, fast_scratch *sc, const fast_span *sp, const pv_window *wh,
               const float *sums, float *y)
{
  size_t first = (size_t) (sp->ow_a * job->C), n = (size_t) ((sp->ow_b - sp->ow_a) * job->C);
  float pre, temp;

  if (!prepare_divisors (job, sc, sp, wh, &pre, &temp))
    divide_cells (job, sp, wh, sums, y);
  else
    divide_floats_by (y + first, sums + first, sc->dvec + first, pre, temp, n);
}

/* The span of output columns from @ow_a, and the input columns it reads. */
static void
make_span (const fast_job *job, int64_t ow_a, fast_span *sp)
{
  int64_t x0 = job->W, x1 = 0;

  sp->ow_a = ow_a;
  sp->ow_b = ow_a + job->span_ow < job->OW ? ow_a + job->span_ow : job->OW;
  for (int64_t ow = ow_a; ow < sp->ow_b; ow++)
    if (job->hwin[ow].n_real > 0)
      {
        x0 = job->hwin[ow].first < x0 ? job->hwin[ow].first : x0;
        x1 = job->hwin[ow].end > x1 ? job->hwin[ow].end : x1;
      }
  if (x1 <= x0)
    x0 = x1 = 0;
  sp->x0 = x0;
  sp->x1 = x1;
}

/* Window shapes (channels, kernel, stride) that get loops of their own:
 * pictures and planes with the slider's k = s = 2, AlexNet's k = 3, s = 2,
 * and k = s = 4. */
#define FAST_COMMON_SHAPES(X)                                                                 \
  X (1, 2, 2) X (1, 3, 2) X (1, 4, 4) X (2, 2, 2) X (3, 2, 2) X (3, 3, 2) X (4, 2, 2)        \
  X (4, 3, 2) X (4, 4, 4)

/* Border columns of a fused row: column @ow, or past the interior run
 * [@in0, @in1) when it starts there. */
static inline int64_t
skip_interior (int64_t ow, int64_t in0, int64_t in1)
{
  return ow == in0 ? in1 : ow;
}

/* Fused rows of inputs larger than PV_FAST_PREFETCH_BYTES (which come
 * from memory, not the last-level cache) are computed a piece at a time, each
 * piece first asking for the same columns of the next output row's new
 * input rows: the hardware's prefetcher alone loses the rows where one
 * ends and the next begins (4K float32 planes, one thread, paired runs:
 * k = 3, s = 2 2.35 -> 1.63 ms; RGBA16 5.1 -> 3.5; k = s = 2 1.66 -> 1.51).
 * Inputs the cache holds gain nothing and lose the time the requests take
 * (1080p RGBA8, k = 3, s = 2, two threads: 13% slower). */
/* A piece spans this many bytes of an input row: a burst of more requests
 * than the core has room for stalls it (2 KB: RGBA16 k = 3 took 6.4 ms). */
#define FUSED_PIECE_BYTES 1024

/* The input rows a fused output row asks for ahead: those of the next
 * output row's window that its own does not read. */
typedef struct
{
  const void *rows[3];
  int n;
} fused_ahead;

/* The end of the piece of outputs that starts at @a (of those up to @end,
 * stride @s, @C samples of @size bytes a pixel), having asked for its
 * columns of the rows @ahead: all the rest when there are none. Lines are
 * asked for, not waited for. */
static inline int64_t
fused_piece (const fused_ahead *ahead, int64_t a, int64_t end, int64_t s, int64_t pad, int C,
             size_t size)
{
  int64_t b;

  if (ahead->n == 0)
    return end;
  b = a + FUSED_PIECE_BYTES / (s * C * (int64_t) size);
  if (b > end)
    b = end;
  for (int r = 0; r < ahead->n; r++)
    for (size_t x = (size_t) ((a * s - pad) * C) * size; x < (size_t) ((b * s - pad) * C) * size;
         x += 64)
      __builtin_prefetch ((const char *) ahead->rows[r] + x, 0, 2);
  return b;
}

/* How far, in input cells, a sliding window may reach beyond twice the
 * input's side and still take the fast paths (pv_fast_pool_applies). */
#define FAST_REACH_SLACK 4096

/* How many of @n rows (4 or more) of @row_bytes each a vertical pass
 * takes first, in one loop: up to eight, but four of rows longer than
 * 32 KB (8K RGBA16, 60 KB rows: eight at once were 10% slower). */
static inline int
first_pass_rows (int n, size_t row_bytes)
{
  return row_bytes > 32768 || n <= 4 ? 4 : n < 8 ? n : 8;
}

/* The shapes (C, k, s) that max_fused and avg_fused take in one pass: every
 * channel count, k = s = 2 and the overlapping k = 3, s = 2. */
#define FAST_FUSED_SHAPES(X)                                                                  \
  X (4, 2, 2) X (4, 3, 2) X (3, 2, 2) X (3, 3, 2) X (1, 2, 2) X (1, 3, 2) X (2, 2, 2)        \
  X (2, 3, 2)

/* The doubling table's span for stride-1 max windows of @k taps, taken
 * with up to four lookups each (hmax_from_table): the smallest power of
 * two of at least 4 that four lookups cover, one doubling pass fewer than
 * two lookups need (k = 9: 4, not 8). horiz_max takes it where it needs
 * three lookups or fewer. */
static int64_t
quad_span (int64_t k)
{
  int64_t p = 4;

  while (4 * p < k)
    p *= 2;
  return p;
}

#define FT uint8_t
#define FN(x) x##_u8
#define FS uint32_t
#define FR uint32_t
#define F_FLOAT 0
#define F_LOWEST 0
#define F_SAMPLE_MAX 255
#define F_MAX4_LANES(dst, src, n, step) pv_max4_lanes_u8 (dst, src, n, step)
#include "fast-pool-impl.h"

#define FT uint16_t
#define FN(x) x##_u16
#define FS uint32_t
#define FR uint32_t
#define F_FLOAT 0
#define F_LOWEST 0
#define F_SAMPLE_MAX 65535
#define F_MAX4_LANES(dst, src, n, step) 0
#include "fast-pool-impl.h"

#define FT float
#define FN(x) x##_f32
#define FS double
#define FR float
#define F_FLOAT 1
#define F_LOWEST (-INFINITY)
#define F_SAMPLE_MAX 0
#define F_MAX4_LANES(dst, src, n, step) 0
#include "fast-pool-impl.h"

/* ---------------------------------------------------------------------------
 * Which plans, and how.
 */

#define BLOCK_SUMS_FROM_PASSES 9

/* Passes of doubling for windows of @k: one a level, one a set bit. */
static int
doubling_passes (int64_t k)
{
  int passes = 0;

  for (int64_t p = 1; p <= k; p *= 2)
    passes += 1 + ((k & p) != 0);
  return passes - 1;
}

/* Whether (channels, kernel, stride, dilation) has loops of its own. */
static bool
common_shape (int C, int64_t k, int64_t s, int64_t d)
{
#define FAST_IS_SHAPE(CC, KK, SS)                                                             \
  if (C == CC && k == KK && s == SS && d == 1)                                                \
    return true;
  FAST_COMMON_SHAPES (FAST_IS_SHAPE)
#undef FAST_IS_SHAPE
  return false;
}

/* Adaptive average to 1 x 1: PyTorch's mean(). */
static bool
is_global_mean (const pv_plan *plan)
{
  return plan->info->reduce == PV_REDUCE_AVG && plan->info->windows == PV_WINDOWS_ADAPTIVE
         && plan->out_h == 1 && plan->out_w == 1;
}

static int64_t
max_window (const pv_axis *axis)
{
  if (axis->kind != PV_WINDOWS_ADAPTIVE)
    return axis->kernel; /* sliding, and fractional: k taps from each start */
  /* Adaptive windows span at most ceil(in / out) + 1 positions. */
  return (axis->in + axis->out - 1) / axis->out + 1;
}

bool
pv_fast_pool_applies (const pv_plan *plan, pv_dtype dtype, bool want_indices)
{
  const pv_op_info *info = plan->info;
  int64_t area;

  if (want_indices || (dtype != PV_DTYPE_U8 && dtype != PV_DTYPE_U16 && dtype != PV_DTYPE_F32))
    return false;
  /* Fractional windows are k taps from starts that vary: to the passes
   * below, adaptive windows of one length, different in every plane. */
  if (info->windows != PV_WINDOWS_SLIDING && info->windows != PV_WINDOWS_ADAPTIVE
      && !(info->windows == PV_WINDOWS_FRACTIONAL && info->reduce == PV_REDUCE_MAX))
    return false;
  if (info->reduce != PV_REDUCE_MAX && info->reduce != PV_REDUCE_AVG)
    return false;
  if (plan->n_planes < 1 || plan->in_h < 1 || plan->in_w < 1 || plan->out_h < 1
      || plan->out_w < 1)
    return false;
  /* Adaptive to 1 x 1 is PyTorch's mean(), which the reference sums in
   * double over the plane in one pass: for samples, exactly the integer
   * sum (global_mean below); for floats, an order a faster sum would
   * change. */
  if (is_global_mean (plan))
    return dtype != PV_DTYPE_F32;
  /* Windows reaching far beyond the input are mostly padding, which the
   * reference skips, where the passes here keep rows of blocks, pointers
   * and margins as long as the window (a kernel of 10^9 down 10 rows took
   * gigabytes). */
  if (info->windows == PV_WINDOWS_SLIDING)
    for (int a = 0; a < 2; a++)
      if ((plan->axis[a].kernel - 1) * plan->axis[a].dilation + 1
          > 2 * plan->axis[a].in + FAST_REACH_SLACK)
        return false;
  area = max_window (&plan->axis[0]) * max_window (&plan->axis[1]);
  /* Integer window sums must fit the 32-bit accumulator. */
  if (info->reduce == PV_REDUCE_AVG && dtype != PV_DTYPE_F32
      && area > (int64_t) (UINT32_MAX / (dtype == PV_DTYPE_U8 ? 255u : 65535u)))
    return false;
  return true;
}

static void
setup_geometry (fast_job *job)
{
  const pv_plan *plan = job->plan;
  const pv_params *q = &plan->params;
  bool sliding = plan->info->windows == PV_WINDOWS_SLIDING;

  job->H = plan->in_h;
  job->W = plan->in_w;
  job->OH = plan->out_h;
  job->OW = plan->out_w;
  job->row_len = job->W * job->C;
  job->is_max = plan->info->reduce == PV_REDUCE_MAX;
  job->adaptive = !sliding;
  job->count_padding = plan->count_padding;
  job->has_override = q->op == PV_OP_AVG_POOL2D && q->has_divisor_override;
  job->divisor_override = q->divisor_override;
  job->temperature = q->temperature;
  job->ah = pv_plan_plane_axis (plan, job->plane, 0);
  job->aw = pv_plan_plane_axis (plan, job->plane, 1);
  job->max_rows = max_window (&job->ah);
  job->max_cols = max_window (&job->aw);

  job->vk = job->ah.kernel;
  job->vpad = job->ah.pad_before;
  /* Down the rows, a stride-1 window slides (running integer sums, van
   * Herk's blocks for maxima and float sums) where that was measured
   * faster than taking its rows directly (vert_max, vert_sum): integer
   * sums from k = 3, maxima from k = 4 (4K, k = 4, one thread, paired
   * runs: float32 planes 5.3 ms sliding, 6.3 directly), float sums from
   * k = 7 (k = 5: 10.4 ms sliding, 9.1 directly, two passes of double
   * sums a row where the blocks take three). */
  job->vslide = sliding && job->ah.stride == 1 && job->ah.dilation == 1
                && job->ah.kernel > (job->is_max ? 3 : job->dtype == PV_DTYPE_F32 ? 6 : 2);

  job->hk = sliding ? job->aw.kernel : 0;
  job->hs = sliding ? job->aw.stride : 0;
  job->hd = sliding ? job->aw.dilation : 1;
  job->hpad = sliding ? job->aw.pad_before : 0;
  job->exact_float_avg = !job->is_max && job->dtype == PV_DTYPE_F32
                         && job->n_images * job->OH * job->OW <= EXACT_FLOAT_AVG_OUTPUTS
                         && (!sliding
                             || job->ah.kernel * job->aw.kernel
                                  <= EXACT_FLOAT_AVG_READS * job->ah.stride * job->aw.stride
                             || job->n_images * job->OH * job->OW * job->ah.kernel
                                    * job->aw.kernel
                                  <= EXACT_FLOAT_AVG_TAPS);
  /* Adaptive sums from doubling levels (hsum_adaptive; integers of up to
   * four lanes take running totals instead, h_prefix below). */
  job->h_adaptive = !job->is_max && !sliding;
  job->ow_in0 = job->ow_in1 = 0;
  for (int64_t ow = 0; ow < job->OW; ow++)
    {
      pv_window w;
      fast_hwin *h = &job->hwin[ow];

      pv_axis_window (&job->aw, ow, &w);
      h->n_real = pv_window_n_real (&w);
      h->first = w.start + w.real_first * w.step;
      h->end = h->n_real > 0 ? pv_window_tap_pos (&w, w.real_end - 1) + 1 : h->first;
      h->n_counted = w.counted_end;
      h->n_taps = w.n_taps;
      if (h->n_real == 0)
        job->empty_columns = true;
      /* Sliding windows move one way, so those with every tap real form
       * one run of columns. */
      if (sliding && w.real_first == 0 && w.real_end == w.n_taps)
        {
          if (job->ow_in1 == job->ow_in0)
            job->ow_in0 = ow;
          job->ow_in1 = ow + 1;
        }
    }
  /* Long windows, and strided ones without loops of their own (whose
   * tap-by-tap loop, with the kernel and stride known only at run time,
   * compiles to scalar code ten times slower), go through doubling tables
   * or levels: whole-row vector passes, then one pick per output. */
  {
    bool generic = sliding && job->hk > 1 && job->hs > 1
                   && !common_shape (job->C, job->hk, job->hs, job->hd);

    job->h_table = job->is_max && sliding && (job->hk > 4 || generic);
    /* Stride-1 sums of up to seven taps go tap by tap, in two vector
     * passes (hsum_flat), fewer than doubling levels or running totals
     * take: the pass count, not the loads, sets the cost (paired runs, 4K,
     * one thread: avg k = 5 on RGBA8 41 -> 36 ms, on float32 25 -> 21;
     * k = 7 on float32 29 -> 24; from k = 8 no faster). */
    job->h_doubling = !job->is_max && sliding && job->hd == 1
                      && (job->hk > (job->hs == 1 ? 7 : 4) || generic);
    /* Stride 1: doubling takes a pass per level and per set bit of k,
     * blocks about nine whatever k (measured on 4K float32 planes: k = 31,
     * 46 -> 39 ms; k = 16, 26 ms by doubling against 36). */
    job->h_blocks = job->h_doubling && job->hs == 1 && job->C == 1
                    && doubling_passes (job->hk) >= BLOCK_SUMS_FROM_PASSES;
    job->h_doubling = job->h_doubling && !job->h_blocks;
  }
  /* The padding and the ceil_mode overhang that max windows reach past
   * either end of the row (a window wholly outside reads only margin):
   * within the input's width and FAST_REACH_SLACK. */
  if (job->is_max && sliding)
    {
      int64_t right = (job->OW - 1) * job->hs - job->hpad + (job->hk - 1) * job->hd + 1 - job->W;

      job->h_margin = (job->hpad > right ? job->hpad : right > 0 ? right : 0) * job->C;
    }
  /* Integer sums of adaptive windows and long stride-1 ones: running
   * totals, one scan whatever k (1080p RGBA8, k = 31: 26 ms by doubling
   * -> 9). Windows of up to seven taps add faster tap by tap (above). */
  job->h_prefix = !job->is_max && job->dtype != PV_DTYPE_F32 && job->C <= 4
                  && (job->h_adaptive || ((job->h_doubling || job->h_blocks) && job->hs == 1));
  job->h_doubling = job->h_doubling && !job->h_prefix;
  job->h_blocks = job->h_blocks && !job->h_prefix;
  /* Small windows with stride 2 in one pass (avg_fused, max_fused); a max
   * only when its columns are not dilated. */
  job->fused = sliding && !job->exact_float_avg && !job->vslide && job->vk == job->hk
               && job->hk >= 2 && job->hk <= 3 && job->hs == 2 && (!job->is_max || job->hd == 1);
  job->prefetch = job->fused
                  && (size_t) (job->n_images * job->H * job->row_len) * pv_dtype_size (job->dtype)
                       > PV_FAST_PREFETCH_BYTES;
}

static void
setup_bands (fast_job *job)
{
  int threads = pv_parallel_threads ();
  /* Enough tasks for the threads to balance, each a few hundred kilobytes
   * of input or more so that hand-over costs nothing. */
  int64_t per_image = (4 * threads + job->n_images - 1) / job->n_images;
  int64_t rows = (job->OH + per_image - 1) / per_image;
  int64_t min_rows = (int64_t) (262144 / (job->row_len * 4 + 1)) + 1;

  if (rows < min_rows)
    rows = min_rows;
  /* A sliding band starts by summing or maxing its whole first window. */
  if (job->vslide && rows < 4 * job->vk)
    rows = 4 * job->vk;
  if (job->vslide && job->is_max)
    rows = (rows + job->vk - 1) / job->vk * job->vk;
  if (rows > job->OH)
    rows = job->OH;
  job->band_rows = rows;
  /* Spans of up to 65536 samples of input, whole rows of pictures up to
   * 16384 pixels wide: each input row is read in one run, which the
   * prefetcher follows (spans of 8192 samples, a quarter of an 8K RGBA row,
   * cost M2 and M7S1 on pictures a third more time on an AMD EPYC, as each
   * restarted the stream); intermediate rows stay within the second-level
   * cache, and the k rows of sliding blocks within 1 MB. */
  {
    int64_t samples = PV_FAST_SPAN_SAMPLES;
    size_t sample_bytes;
    int64_t block_bytes = (int64_t) (sliding_blocks (job, &sample_bytes) * sample_bytes);
    int64_t px;

    if (block_bytes > 0 && samples > (1 << 20) / block_bytes)
      samples = (1 << 20) / block_bytes;
    px = samples / job->C;
    if (px < 16)
      px = 16;

    job->span_ow = px * job->OW / job->W;
    if (job->span_ow < 1)
      job->span_ow = 1;
  }
  job->bands = (job->OH + rows - 1) / rows;
  job->scratch_bytes = scratch_layout (job, NULL, NULL);
}

static void
run_task (void *data, size_t task)
{
  const fast_job *job = data;
  int64_t image = (int64_t) task / job->bands;
  int64_t oh0 = ((int64_t) task % job->bands) * job->band_rows;
  int64_t oh1 = oh0 + job->band_rows < job->OH ? oh0 + job->band_rows : job->OH;
  void *out = (char *) job->out + (size_t) image * job->out_image * job->out_size;

  switch (job->dtype)
    {
    case PV_DTYPE_U8:
      band_u8 (job, (const uint8_t *) job->in + (size_t) image * job->in_image, out, oh0, oh1);
      break;
    case PV_DTYPE_U16:
      band_u16 (job, (const uint16_t *) job->in + (size_t) image * job->in_image, out, oh0, oh1);
      break;
    default:
      band_f32 (job, (const float *) job->in + (size_t) image * job->in_image, out, oh0, oh1);
      break;
    }
}

/* ---------------------------------------------------------------------------
 * Global average pooling (adaptive to 1 x 1) of samples: the sum of each
 * plane, in integers, a chunk of pixels a task.
 */

typedef struct
{
  const void *in;
  pv_dtype dtype;
  int C;                 /* interleaved lanes (1 for planes) */
  int64_t pixels;        /* per image */
  int64_t chunk;         /* pixels per task */
  int64_t tasks;         /* per image */
  uint64_t *sums;        /* [image][task][lane] */
} mean_job;

#define MEAN_SUM(T, CC)                                                                       \
  for (int64_t i = 0; i < n; i++)                                                             \
    for (int c = 0; c < (CC); c++)                                                            \
      acc[c] += ((const T *) p)[i * (CC) + c]

static void
mean_task (void *data, size_t task)
{
  const mean_job *job = data;
  int64_t image = (int64_t) task / job->tasks, t = (int64_t) task % job->tasks;
  int64_t first = t * job->chunk;
  int64_t n = first + job->chunk < job->pixels ? job->chunk : job->pixels - first;
  int C = job->C;
  size_t size = pv_dtype_size (job->dtype);
  const char *p = (const char *) job->in + ((size_t) (image * job->pixels + first) * (size_t) C) * size;
  uint64_t lanes[4] = { 0, 0, 0, 0 };
  /* Pictures have up to 4 lanes; more (interleaved data of other kinds)
   * add up in place. */
  uint64_t *acc = C <= 4 ? lanes : job->sums + (size_t) task * (size_t) C;

  if (C > 4)
    memset (acc, 0, (size_t) C * sizeof *acc);

  if (job->dtype == PV_DTYPE_U8)
    switch (C)
      {
      case 1: MEAN_SUM (uint8_t, 1); break;
      case 3: MEAN_SUM (uint8_t, 3); break;
      case 4: MEAN_SUM (uint8_t, 4); break;
      default: MEAN_SUM (uint8_t, C); break;
      }
  else
    switch (C)
      {
      case 1: MEAN_SUM (uint16_t, 1); break;
      case 3: MEAN_SUM (uint16_t, 3); break;
      case 4: MEAN_SUM (uint16_t, 4); break;
      default: MEAN_SUM (uint16_t, C); break;
      }
  if (C <= 4)
    memcpy (job->sums + (size_t) task * (size_t) C, acc, (size_t) C * sizeof *acc);
}
#undef MEAN_SUM

/* Writes each image's (and lane's) mean as the reference computes it:
 * (float) (sum / count) with the sum in double, which holds these integer
 * sums exactly; as samples, rounded as pv_image_from_planes() rounds. */
static void
global_mean (const pv_plan *plan, const void *in, pv_dtype dtype, int C, int64_t n_images,
             void *out, bool out_float)
{
  mean_job job = { in, dtype, C, plan->in_h * plan->in_w, 0, 0, NULL };
  double count = (double) job.pixels;
  double max = dtype == PV_DTYPE_U8 ? 255.0 : 65535.0;

  /* Chunks of a megabyte or so, enough of them to share among threads. */
  job.chunk = MAX ((int64_t) 1, ((int64_t) 1 << 20) / (C * (int64_t) pv_dtype_size (dtype)));
  job.tasks = (job.pixels + job.chunk - 1) / job.chunk;
  job.sums = malloc ((size_t) (n_images * job.tasks * C) * sizeof *job.sums);
  if (job.sums == NULL)
    abort ();
  pv_parallel_run ((size_t) (n_images * job.tasks), mean_task, &job);
  for (int64_t image = 0; image < n_images; image++)
    for (int c = 0; c < C; c++)
      {
        uint64_t total = 0;
        float mean;

        for (int64_t t = 0; t < job.tasks; t++)
          total += job.sums[(size_t) ((image * job.tasks + t) * C + c)];
        mean = (float) ((double) total / count);
        if (out_float)
          ((float *) out)[image * C + c] = mean;
        else
          {
            double v = round ((double) mean);

            v = v < 0.0 ? 0.0 : v > max ? max : v;
            if (dtype == PV_DTYPE_U8)
              ((uint8_t *) out)[image * C + c] = (uint8_t) v;
            else
              ((uint16_t *) out)[image * C + c] = (uint16_t) v;
          }
      }
  free (job.sums);
}

/* The job pv_fast_pool_planes() or pv_fast_pool_interleaved() runs, but
 * for its input and output. */
static fast_job
job_for (const pv_plan *plan, pv_dtype dtype, bool interleaved)
{
  fast_job job = {
    .plan = plan,
    .dtype = dtype,
    .C = interleaved ? (int) plan->n_planes : 1,
    .n_images = interleaved ? 1 : plan->n_planes,
    .in_image = interleaved ? 0 : (size_t) (plan->in_h * plan->in_w),
    .out_image = interleaved ? 0 : (size_t) (plan->out_h * plan->out_w),
    .out_float = !interleaved,
    .out_size = interleaved ? pv_dtype_size (dtype) : sizeof (float),
  };

  return job;
}

void
pv_fast_pool_describe (const pv_plan *plan, pv_dtype dtype, bool interleaved, char *buf,
                       size_t size)
{
  fast_job job = job_for (plan, dtype, interleaved);
  const char *vertical, *horizontal;

  if (is_global_mean (plan))
    {
      snprintf (buf, size, "global mean");
      return;
    }
  job.hwin = malloc ((size_t) plan->out_w * sizeof *job.hwin);
  if (job.hwin == NULL)
    {
      snprintf (buf, size, "unknown (out of memory)");
      return;
    }
  setup_geometry (&job);
  free (job.hwin);
  if (job.fused)
    {
      snprintf (buf, size, job.prefetch ? "one pass; rows ahead" : "one pass");
      return;
    }
  if (job.exact_float_avg)
    {
      snprintf (buf, size, "exact float sums");
      return;
    }
  vertical = !job.vslide ? "rows direct"
             : job.is_max || job.dtype == PV_DTYPE_F32 ? "van Herk blocks"
                                                       : "running sums";
  /* In the order horiz_max() and horiz_sum() choose. */
  horizontal = job.adaptive && job.is_max ? "adaptive doubling table"
               : job.h_prefix             ? "running totals"
               : job.h_adaptive           ? "adaptive doubling levels"
               : job.h_blocks             ? "block sums"
               : job.h_doubling           ? "doubling levels"
               : job.h_table              ? "doubling table"
                                          : "taps";
  snprintf (buf, size, "vertical %s; horizontal %s", vertical, horizontal);
}

static void
run_job (fast_job *job)
{
  fast_hwin *hwin = malloc ((size_t) job->plan->out_w * sizeof *hwin);

  /* Planning bounds out_w, so this is a few hundred kilobytes at most. */
  if (hwin == NULL)
    abort ();
  job->hwin = hwin;
  setup_geometry (job);
  setup_bands (job);
  pv_parallel_run ((size_t) (job->n_images * job->bands), run_task, job);
  free (hwin);
}

void
pv_fast_pool_planes (const pv_plan *plan, const void *in, pv_dtype dtype, float *out)
{
  fast_job job = job_for (plan, dtype, false);

  if (is_global_mean (plan))
    {
      global_mean (plan, in, dtype, 1, plan->n_planes, out, true);
      return;
    }
  if (plan->info->windows == PV_WINDOWS_FRACTIONAL)
    {
      /* Each plane has windows of its own: a job a plane, its bands on
       * every thread. */
      job.n_images = 1;
      for (job.plane = 0; job.plane < plan->n_planes; job.plane++)
        {
          job.in = (const char *) in + (size_t) job.plane * job.in_image * pv_dtype_size (dtype);
          job.out = out + (size_t) job.plane * job.out_image;
          run_job (&job);
        }
      return;
    }
  job.in = in;
  job.out = out;
  run_job (&job);
}

bool
pv_fast_pool_applies_interleaved (const pv_plan *plan, pv_dtype dtype)
{
  return (dtype == PV_DTYPE_U8 || dtype == PV_DTYPE_U16) && plan->batch == 1
         && pv_fast_pool_applies (plan, dtype, false)
         && (plan->info->windows != PV_WINDOWS_FRACTIONAL || plan->n_planes == 1);
}

void
pv_fast_pool_interleaved (const pv_plan *plan, const void *in, pv_dtype dtype, void *out)
{
  fast_job job = job_for (plan, dtype, true);

  if (is_global_mean (plan))
    {
      global_mean (plan, in, dtype, job.C, 1, out, false);
      return;
    }
  job.in = in;
  job.out = out;
  run_job (&job);
}
