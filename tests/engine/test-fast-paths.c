/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The fast paths (engine/fast-pool.c) against the reference path, on seeded
 * random inputs and parameters: uint8, uint16 and float32 planes and
 * interleaved pictures; borders, padding, ceil_mode, dilation, adaptive
 * windows, odd sizes; float data with NaNs of several payloads, signed
 * zeros, infinities and values of wildly different scales; one thread and
 * all of them.
 *
 * Max must agree to the bit everywhere. Averages must agree to the bit
 * wherever fast-pool.h promises it (integer samples whose window sums stay
 * below 2^24; float windows summed in PyTorch's order, among them the
 * rows of k = 2 and k = 3 windows at stride 2) and otherwise within
 * float rounding of the sum: 2 n eps times the sum of the magnitudes. */

#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "engine/fast-pool.h"
#include "engine/parallel.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "engine/random.h"

typedef struct
{
  pv_op op;
  pv_dtype dtype;
  int64_t C, H, W;
  int64_t k[2], s[2], p[2], d[2];
  bool ceil_mode, cip, has_override;
  int64_t divisor;
  double temperature;
  int64_t out_size[2];
  uint64_t seed;    /* fractional windows' samples */
  int values;       /* float data: 0 plain, 1 specials, 2 mixed scales, 3 near FLT_MAX */
} fast_case;

static const pv_op ops[] = {
  PV_OP_MAX_POOL2D, PV_OP_MAX_POOL2D, PV_OP_AVG_POOL2D, PV_OP_AVG_POOL2D,
  PV_OP_ADAPTIVE_MAX_POOL2D, PV_OP_ADAPTIVE_AVG_POOL2D, PV_OP_MAX_POOL1D, PV_OP_AVG_POOL1D,
  PV_OP_ADAPTIVE_MAX_POOL1D, PV_OP_ADAPTIVE_AVG_POOL1D, PV_OP_FRACTIONAL_MAX_POOL2D,
};

static float
float_value (pv_random *rng, int kind)
{
  static const uint32_t nans[] = { 0x7fc00000u, 0xffc00000u, 0x7fc01234u, 0xff800001u };
  uint32_t bits;
  float v;

  if (kind == 3 && pv_random_range (rng, 0, 5) == 0)
    {
      /* Now and then a sample whose sums overflow float: PyTorch's float
       * sums then give inf or NaN where a double sum would not. */
      v = 1e38f + pv_random_float (rng) * 2.4e38f;
      return pv_random_range (rng, 0, 1) ? v : -v;
    }
  if (kind == 2)
    {
      /* Scales from 1e-30 to 1e30: running sums cannot stay exact. */
      v = pv_random_float (rng) * 2.0f - 1.0f;
      return v * powf (10.0f, (float) pv_random_range (rng, -30, 30));
    }
  if (kind == 1)
    switch (pv_random_range (rng, 0, 15))
      {
      case 0:
        bits = nans[pv_random_range (rng, 0, 3)];
        memcpy (&v, &bits, sizeof v);
        return v;
      case 1: return INFINITY;
      case 2: return -INFINITY;
      case 3: return -0.0f;
      case 4: return 0.0f;
      default: break;
      }
  if (pv_random_range (rng, 0, 3) == 0)
    return (float) pv_random_range (rng, -3, 3); /* ties */
  return pv_random_float (rng) * 200.0f - 100.0f;
}

static void
fill (pv_random *rng, const fast_case *c, void *data, size_t n)
{
  for (size_t i = 0; i < n; i++)
    switch (c->dtype)
      {
      case PV_DTYPE_U8:
        ((uint8_t *) data)[i] = (uint8_t) pv_random_range (rng, 0, 255);
        break;
      case PV_DTYPE_U16:
        ((uint16_t *) data)[i] = (uint16_t) (pv_random_range (rng, 0, 3) == 0
                                               ? pv_random_range (rng, 65500, 65535)
                                               : pv_random_range (rng, 0, 65535));
        break;
      default:
        ((float *) data)[i] = float_value (rng, c->values);
        break;
      }
}

static void
random_case (pv_random *rng, fast_case *c, bool large)
{
  const pv_op_info *info;
  static const pv_dtype dtypes[] = { PV_DTYPE_U8, PV_DTYPE_U16, PV_DTYPE_F32 };

  memset (c, 0, sizeof *c);
  c->op = ops[pv_random_range (rng, 0, G_N_ELEMENTS (ops) - 1)];
  info = pv_op_get_info (c->op);
  c->dtype = dtypes[pv_random_range (rng, 0, 2)];
  c->C = pv_random_range (rng, 1, 4);
  c->H = info->spatial_dims == 1 ? 1 : pv_random_range (rng, 1, large ? 300 : 40);
  c->W = pv_random_range (rng, 1, large ? 300 : 40);
  c->values = c->dtype == PV_DTYPE_F32 ? (int) pv_random_range (rng, 0, 3) : 0;
  for (int i = 0; i < 2; i++)
    {
      bool trivial = info->spatial_dims == 1 && i == 0;
      int64_t in = i == 0 ? c->H : c->W;
      int64_t kmax = in < 9 ? in : 9;

      c->k[i] = trivial ? 1 : pv_random_range (rng, 1, kmax);
      /* Now and then the long stride-1 kernels of the sliding paths. */
      if (!trivial && in >= 31 && pv_random_range (rng, 0, 6) == 0)
        c->k[i] = pv_random_range (rng, 0, 1) ? 15 : 31;
      c->s[i] = trivial ? 1 : pv_random_range (rng, 0, 2) == 0 ? 1
                                                                : pv_random_range (rng, 1, c->k[i] + 1);
      c->d[i] = trivial || info->reduce != PV_REDUCE_MAX || c->k[i] > 9
                  ? 1
                  : pv_random_range (rng, 1, 3);
      c->p[i] = trivial ? 0 : pv_random_range (rng, 0, (c->d[i] * (c->k[i] - 1) + 1) / 2);
      if (info->reduce != PV_REDUCE_MAX && c->p[i] > c->k[i] / 2)
        c->p[i] = c->k[i] / 2;
      c->out_size[i] = trivial ? 1 : pv_random_range (rng, 1, in + 3);
      /* Fractional windows: k taps from each of out starts, all inside. */
      if (info->windows == PV_WINDOWS_FRACTIONAL)
        c->out_size[i] = pv_random_range (rng, 1, in - c->k[i] + 1);
    }
  c->seed = (uint64_t) pv_random_range (rng, 0, 1000000);
  c->ceil_mode = pv_random_range (rng, 0, 1);
  c->cip = pv_random_range (rng, 0, 1);
  c->has_override = c->op == PV_OP_AVG_POOL2D && pv_random_range (rng, 0, 5) == 0;
  c->divisor = pv_random_range (rng, 1, 9);
  c->temperature = info->reduce == PV_REDUCE_AVG && pv_random_range (rng, 0, 5) == 0 ? 0.75 : 1.0;
}

static void
to_params (const fast_case *c, pv_params *p)
{
  const pv_op_info *info = pv_op_get_info (c->op);
  int first = info->spatial_dims == 1 ? 1 : 0;

  pv_params_init (p, c->op);
  if (info->windows == PV_WINDOWS_FRACTIONAL)
    {
      /* Each plane's windows start where its own samples put them. */
      p->kernel.n = p->output_size.n = 2;
      for (int i = 0; i < 2; i++)
        {
          p->kernel.v[i] = c->k[i];
          p->output_size.v[i] = c->out_size[i];
        }
      p->has_seed = true;
      p->seed = c->seed;
      return;
    }
  if (info->windows == PV_WINDOWS_ADAPTIVE)
    {
      p->output_size.n = 2 - first;
      for (int i = first; i < 2; i++)
        p->output_size.v[i - first] = c->out_size[i];
      return;
    }
  p->kernel.n = p->stride.n = p->padding.n = 2 - first;
  for (int i = first; i < 2; i++)
    {
      p->kernel.v[i - first] = c->k[i];
      p->stride.v[i - first] = c->s[i];
      p->padding.v[i - first] = c->p[i];
    }
  if (info->reduce == PV_REDUCE_MAX)
    {
      p->dilation.n = 2 - first;
      for (int i = first; i < 2; i++)
        p->dilation.v[i - first] = c->d[i];
    }
  p->ceil_mode = c->ceil_mode;
  p->count_include_pad = c->cip;
  p->has_divisor_override = c->has_override;
  p->divisor_override = c->divisor;
  p->temperature = c->temperature;
}

static bool
same_bits (float a, float b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* The sum of |x| over the finite samples of cell @i's window of plane
 * @plane, and its real taps. */
static double
window_magnitude (const pv_plan *plan, const float *values, int64_t plane, int64_t i,
                  int64_t *n)
{
  pv_axis ah = pv_plan_plane_axis (plan, plane, 0), aw = pv_plan_plane_axis (plan, plane, 1);
  pv_window wh, ww;
  const float *x = values + plane * plan->in_h * plan->in_w;
  double sum = 0.0;

  pv_axis_window (&ah, i / plan->out_w, &wh);
  pv_axis_window (&aw, i % plan->out_w, &ww);
  *n = 0;
  for (int64_t jh = wh.real_first; jh < wh.real_end; jh++)
    for (int64_t jw = ww.real_first; jw < ww.real_end; jw++)
      {
        float v = x[pv_window_tap_pos (&wh, jh) * plan->in_w + pv_window_tap_pos (&ww, jw)];

        if (isfinite (v))
          sum += fabs ((double) v);
        ++*n;
      }
  return sum;
}

/* Whether fast-pool.h promises the reference's bits for this average. */
static bool
avg_bit_exact (const fast_case *c, const pv_plan *plan)
{
  int64_t area = 1;

  for (int i = 0; i < 2; i++)
    {
      const pv_axis *a = &plan->axis[i];

      area *= a->kind == PV_WINDOWS_SLIDING ? a->kernel : (a->in + a->out - 1) / a->out + 1;
    }
  if (c->dtype == PV_DTYPE_U8)
    return area * 255 < (1 << 24);
  if (c->dtype == PV_DTYPE_U16)
    return area * 65535 < (1 << 24);
  if (plan->n_planes * plan->out_h * plan->out_w > 65536)
    return false;
  if (plan->info->windows == PV_WINDOWS_ADAPTIVE)
    return true;
  return plan->axis[0].kernel * plan->axis[1].kernel
           <= 4 * plan->axis[0].stride * plan->axis[1].stride
         || plan->n_planes * plan->out_h * plan->out_w * area <= (1 << 22);
}

/* Whether fast-pool.h promises the reference's bits for float averages of
 * small stride-2 windows in output row @oh: those whose rows all lie in
 * the input are summed in PyTorch's order, whatever the result's size. */
static bool
fused_row_exact (const fast_case *c, const pv_plan *plan, int64_t oh)
{
  pv_window wh;

  if (c->dtype != PV_DTYPE_F32 || c->op != PV_OP_AVG_POOL2D || c->k[0] != c->k[1]
      || c->k[0] < 2 || c->k[0] > 3 || c->s[0] != 2 || c->s[1] != 2)
    return false;
  pv_axis_window (&plan->axis[0], oh, &wh);
  return pv_window_n_real (&wh) == c->k[0];
}

static void
compare (const fast_case *c, int n, const pv_plan *plan, const pv_tensor *input,
         const float *fast, const float *ref)
{
  bool is_max = plan->info->reduce == PV_REDUCE_MAX;
  bool exact = is_max || avg_bit_exact (c, plan);
  int64_t plane_out = plan->out_h * plan->out_w;
  g_autofree float *values = NULL;

  if (!exact)
    {
      pv_tensor f;

      g_assert_cmpint (pv_tensor_convert (input, PV_DTYPE_F32, &f, NULL), ==, PV_OK);
      values = g_memdup2 (f.data, (gsize) (plan->n_planes * plan->in_h * plan->in_w) * 4);
      pv_tensor_free (&f);
    }
  for (int64_t i = 0; i < plan->n_planes * plane_out; i++)
    {
      float a = fast[i], b = ref[i];
      bool ok;

      if (exact || fused_row_exact (c, plan, (i % plane_out) / plan->out_w))
        /* A sum's NaN takes either operand's sign, as compilers may swap
         * the operands of an addition; max NaNs must match exactly. */
        ok = same_bits (a, b) || (!is_max && isnan (a) && isnan (b));
      else
        {
          int64_t taps;
          double mag = window_magnitude (plan, values, i / plane_out, i % plane_out, &taps);
          double scale = fabs (plan->params.temperature);
          int64_t divisor = taps > 0 ? taps : 1;

          if (plan->info->windows == PV_WINDOWS_SLIDING)
            {
              pv_axis ah = plan->axis[0], aw = plan->axis[1];
              pv_window wh, ww;

              pv_axis_window (&ah, (i % plane_out) / plan->out_w, &wh);
              pv_axis_window (&aw, (i % plane_out) % plan->out_w, &ww);
              divisor = plan->params.has_divisor_override ? plan->params.divisor_override
                        : plan->count_padding ? wh.counted_end * ww.counted_end
                                              : taps;
              if (divisor < 1)
                divisor = 1;
            }
          if (mag > FLT_MAX / 2)
            /* Sums in double do not overflow where float sums may:
             * fast-pool.h promises nothing here (values=3 cases). */
            ok = true;
          else if (isnan (b) || isinf (b))
            ok = isnan (b) ? isnan (a) : a == b;
          else
            ok = fabs ((double) a - (double) b)
               <= (2.0 * (double) taps + 4.0) * FLT_EPSILON * mag / (double) divisor * scale
                    + 4.0 * FLT_EPSILON * fabs ((double) b) + FLT_MIN;
        }
      if (!ok)
        g_error ("case %d: %s %s C=%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT
                 " k=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " s=%" G_GINT64_FORMAT
                 ",%" G_GINT64_FORMAT " p=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                 " d=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " ceil=%d cip=%d values=%d:"
                 " output %" G_GINT64_FORMAT " fast %.9g (0x%08x), reference %.9g (0x%08x)",
                 n, plan->info->name, pv_dtype_name (c->dtype), c->C, c->H, c->W, c->k[0],
                 c->k[1], c->s[0], c->s[1], c->p[0], c->p[1], c->d[0], c->d[1], c->ceil_mode,
                 c->cip, c->values, i, a, *(const guint32 *) &fast[i], b,
                 *(const guint32 *) &ref[i]);
    }
}

/* Whether a fast path computes @c (planes of its shape and type); if so
 * and @buf is not NULL, which one (pv_fast_pool_describe), as planes or,
 * with @picture, as the interleaved pixels of a picture. */
static bool
fast_path_of (const fast_case *c, bool picture, char *buf, size_t size)
{
  pv_params params;
  pv_plan plan;
  pv_tensor input;
  int64_t dims[3] = { c->C, c->H, c->W };
  pv_shape shape = pv_shape_make (3, dims);
  bool applies = false;

  to_params (c, &params);
  g_assert_cmpint (pv_tensor_alloc (&input, c->dtype, &shape, NULL), ==, PV_OK);
  if (pv_plan_init (&plan, &params, &input, NULL, NULL) == PV_OK)
    {
      applies = pv_fast_pool_applies (&plan, c->dtype, false);
      if (applies && buf != NULL)
        pv_fast_pool_describe (&plan, c->dtype, picture, buf, size);
      pv_plan_clear (&plan);
    }
  pv_tensor_free (&input);
  return applies;
}

static bool
fast_applies (const fast_case *c)
{
  return fast_path_of (c, false, NULL, 0);
}

/* The fast path @c takes, which must be one. */
static void
describe_case (const fast_case *c, bool picture, char *buf, size_t size)
{
  g_assert_true (fast_path_of (c, picture, buf, size));
}

/* One case through both paths, with @threads threads; returns false if the
 * parameters are invalid or no fast path applies. */
static bool
run_case (const fast_case *c, int n, pv_random *rng, int threads)
{
  pv_params params;
  pv_plan plan;
  pv_tensor input, fast, ref;
  int64_t dims[3] = { c->C, c->H, c->W };
  pv_shape shape = pv_shape_make (3, dims);
  bool applies;

  to_params (c, &params);
  g_assert_cmpint (pv_tensor_alloc (&input, c->dtype, &shape, NULL), ==, PV_OK);
  fill (rng, c, input.data, (size_t) (c->C * c->H * c->W));
  if (pv_plan_init (&plan, &params, &input, NULL, NULL) != PV_OK)
    {
      pv_tensor_free (&input);
      return false;
    }
  applies = pv_fast_pool_applies (&plan, c->dtype, false);
  if (applies)
    {
      g_assert_cmpint (pv_pool_alloc_outputs (&plan, &fast, NULL, NULL), ==, PV_OK);
      g_assert_cmpint (pv_pool_alloc_outputs (&plan, &ref, NULL, NULL), ==, PV_OK);
      pv_parallel_set_threads (threads);
      g_assert_cmpint (pv_pool_run (&plan, &input, NULL, &fast, NULL, NULL), ==, PV_OK);
      pv_parallel_set_threads (0);
      g_assert_cmpint (pv_pool_run_reference (&plan, &input, NULL, &ref, NULL, NULL), ==, PV_OK);
      compare (c, n, &plan, &input, fast.data, ref.data);
      pv_tensor_free (&fast);
      pv_tensor_free (&ref);
    }
  pv_plan_clear (&plan);
  pv_tensor_free (&input);
  return applies;
}

static void
run_random (guint64 seed, int n_cases, bool large)
{
  pv_random rng;
  int ran = 0, fast = 0;

  pv_random_seed (&rng, seed);
  for (int n = 0; n < n_cases; n++)
    {
      fast_case c;

      random_case (&rng, &c, large);
      ran++;
      if (run_case (&c, n, &rng, n % 2 ? 1 : 0))
        fast++;
    }
  g_test_message ("%d cases, %d through a fast path", ran, fast);
  g_assert_cmpint (fast, >, ran * 3 / 4);
}

static void
test_random_small (void)
{
  run_random (20261121, 4000, false);
}

static void
test_random_large (void)
{
  run_random (7, 300, true);
}

/* Case @t of six: max or average of uint8, uint16 or float32, with no
 * dilation; the caller sets the rest. */
static fast_case
case_of_kind (int t)
{
  fast_case c = { 0 };

  c.op = t % 2 ? PV_OP_AVG_POOL2D : PV_OP_MAX_POOL2D;
  c.dtype = t / 2 == 0 ? PV_DTYPE_U8 : t / 2 == 1 ? PV_DTYPE_U16 : PV_DTYPE_F32;
  c.d[0] = c.d[1] = 1;
  c.temperature = 1.0;
  return c;
}

/* The slider: kernel = stride from 1 to 32, max and avg, every type, on a
 * picture whose sides no kernel divides. */
static void
test_kernel_equals_stride (void)
{
  pv_random rng;

  pv_random_seed (&rng, 42);
  for (int k = 1; k <= 32; k++)
    for (int t = 0; t < 6; t++)
      {
        fast_case c = case_of_kind (t);

        c.C = 3;
        c.H = 131;
        c.W = 197;
        c.k[0] = c.k[1] = c.s[0] = c.s[1] = k;
        c.ceil_mode = k % 3 == 0;
        c.cip = true;
        c.values = 1;
        g_assert_true (run_case (&c, k * 10 + t, &rng, 0));
      }
}

/* Stride 1 with long kernels: van Herk / Gil-Werman, doubling tables,
 * running sums, with NaNs and signed zeros in the data. */
static void
test_long_kernels (void)
{
  pv_random rng;
  static const int kernels[] = { 3, 4, 5, 7, 15, 31 };

  pv_random_seed (&rng, 1234);
  for (guint i = 0; i < G_N_ELEMENTS (kernels); i++)
    for (int t = 0; t < 6; t++)
      {
        fast_case c = case_of_kind (t);

        c.C = 2;
        c.H = 97;
        c.W = 103;
        c.k[0] = c.k[1] = kernels[i];
        c.s[0] = c.s[1] = 1;
        c.p[0] = c.p[1] = kernels[i] / 2;
        c.cip = t == 1;
        c.values = 1;
        g_assert_true (run_case (&c, (int) i * 10 + t, &rng, t % 3 == 0 ? 1 : 0));
      }
  /* Wide rows of two interleaved channels (floats: doubling levels) whose
   * last windows start near the end (tail kw - 2) or well before (tail
   * 13). */
  for (int kw = 31; kw <= 63; kw += 16)
    for (int t = 0; t < 12; t++)
      {
        fast_case c = case_of_kind (t % 6);

        c.C = 2;
        c.H = 9;
        c.W = 9 * kw + (t < 6 ? 13 : kw - 2);
        c.k[0] = 3;
        c.k[1] = kw;
        c.s[0] = c.s[1] = 1;
        c.p[0] = 1;
        c.p[1] = kw / 2;
        c.cip = t == 1;
        /* Float data: specials, mixed scales, plain (a NaN or infinity
         * in most of these wide windows would hide every other cell). */
        c.values = t == 5 ? 2 : t == 11 ? 0 : 1;
        g_assert_true (run_case (&c, 100 + kw + t, &rng, t % 3 == 0 ? 1 : 0));
      }
}

/* Float planes with long stride-1 windows: the horizontal sums from blocks
 * of eight (block-sums.h) on rows ending at every lane of a vector, and
 * the border windows summed outwards from the interior, with padding on
 * one side or both, ceil_mode's overhang, and every kind of value. */
static void
test_long_float_planes (void)
{
  pv_random rng;

  pv_random_seed (&rng, 2718);
  for (int kw = 31; kw <= 95; kw += 32)
    for (int tail = 0; tail < 8; tail++)
      for (int v = 0; v < 3; v++)
        {
          fast_case c = case_of_kind (5);

          c.C = 1;
          c.H = 4;
          c.W = 5 * kw + tail;
          c.k[0] = 2;
          c.k[1] = kw;
          c.s[0] = c.s[1] = 1;
          c.p[0] = 1;
          c.p[1] = v == 1 ? 0 : tail % 2 ? kw / 2 : kw / 3;
          c.ceil_mode = tail % 3 == 0;
          c.cip = v == 2;
          c.values = v;
          g_assert_true (run_case (&c, 300 + kw + tail * 3 + v, &rng, tail % 2));
        }
}

/* Float averages of results larger than 65536 cells, summed in double: the
 * one-pass k = 2 and k = 3 (stride 2) paths and the separable one, with
 * NaNs, infinities and scales from 1e-30 to 1e30 in the data. */
static void
test_large_float_averages (void)
{
  pv_random rng;
  static const int shapes[][3] = { { 2, 2, 0 }, { 3, 2, 1 }, { 4, 3, 1 }, { 5, 1, 2 } };

  pv_random_seed (&rng, 5150);
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    for (int values = 0; values < 4; values++)
      {
        fast_case c = { 0 };

        c.op = PV_OP_AVG_POOL2D;
        c.dtype = PV_DTYPE_F32;
        c.C = 1;
        c.H = 601;
        c.W = 523;
        c.k[0] = c.k[1] = shapes[i][0];
        c.s[0] = c.s[1] = shapes[i][1];
        c.p[0] = c.p[1] = shapes[i][2];
        c.d[0] = c.d[1] = 1;
        c.ceil_mode = values == 1;
        c.cip = values != 2;
        c.temperature = 1.0;
        c.values = values;
        g_assert_true (run_case (&c, (int) i * 10 + values, &rng, values == 0 ? 1 : 0));
      }
}

/* Two pictures of the same size agree to within @steps per sample. */
static void
assert_samples_close (const pv_image *got, const pv_image *want, int steps)
{
  size_t n = (size_t) got->width * got->height * (size_t) got->channels;

  g_assert_cmpuint (got->bit_depth, ==, want->bit_depth);
  g_assert_cmpint (got->channels, ==, want->channels);
  for (size_t i = 0; i < n; i++)
    {
      int a = got->bit_depth == 16 ? ((const uint16_t *) got->pixels)[i]
                                   : ((const uint8_t *) got->pixels)[i];
      int b = want->bit_depth == 16 ? ((const uint16_t *) want->pixels)[i]
                                    : ((const uint8_t *) want->pixels)[i];

      if (abs (a - b) > steps)
        g_error ("sample %zu: fast %d, reference %d", i, a, b);
    }
}

/* One picture through pv_pool_image() (twice: the second time into the
 * first result's memory) and through the reference as planes, compared
 * sample for sample. Returns false if the parameters are invalid. */
static bool
check_picture (const fast_case *c, pv_random *rng)
{
  pv_params params;
  pv_plan plan;
  pv_image picture, got = { 0 }, want;
  pv_tensor planes, ref;
  int depth = c->dtype == PV_DTYPE_U16 ? 16 : 8;
  void *first;

  g_assert_cmpint (pv_image_alloc (&picture, (uint32_t) c->W, (uint32_t) c->H, (int) c->C, depth,
                                   NULL),
                   ==, PV_OK);
  fill (rng, c, picture.pixels, (size_t) (c->C * c->H * c->W));
  g_assert_cmpint (pv_image_to_planes (&picture, &planes, NULL), ==, PV_OK);
  to_params (c, &params);
  if (pv_plan_init (&plan, &params, &planes, NULL, NULL) != PV_OK)
    {
      pv_tensor_free (&planes);
      pv_image_free (&picture);
      return false;
    }
  g_assert_cmpint (pv_pool_image (&plan, &picture, &got, NULL), ==, PV_OK);
  first = got.pixels;
  g_assert_cmpint (pv_pool_image (&plan, &picture, &got, NULL), ==, PV_OK);
  if (pv_fast_pool_applies_interleaved (&plan, c->dtype))
    g_assert_true (got.pixels == first);
  g_assert_cmpint (pv_pool_alloc_outputs (&plan, &ref, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_pool_run_reference (&plan, &planes, NULL, &ref, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_image_from_planes (&ref, depth, -1, &want, NULL), ==, PV_OK);
  g_assert_cmpuint (got.width, ==, want.width);
  g_assert_cmpuint (got.height, ==, want.height);
  if (plan.info->reduce == PV_REDUCE_MAX || avg_bit_exact (c, &plan))
    g_assert_cmpmem (got.pixels, pv_image_stride (&got) * got.height, want.pixels,
                     pv_image_stride (&want) * want.height);
  else
    /* Large 16-bit windows: the reference's float sum rounds, the fast
     * path's integer sum does not; they may differ by one step. */
    assert_samples_close (&got, &want, 1);
  pv_image_free (&got);
  pv_image_free (&want);
  pv_tensor_free (&ref);
  pv_plan_clear (&plan);
  pv_tensor_free (&planes);
  pv_image_free (&picture);
  return true;
}

/* Rows wider than a span (65536 samples of input, fast-pool.c): a row is
 * then computed a span of columns at a time, and the windows that straddle
 * the seam between two spans must come out as the reference's, for planes
 * and for interleaved pictures, with strides, stride 1 (sliding blocks) and
 * dilation. */
static void
test_wide_rows (void)
{
  pv_random rng;
  /* kernel, stride, padding, dilation, ceil_mode */
  static const int shapes[][5] = {
    { 2, 2, 0, 1, 1 }, { 3, 2, 1, 1, 0 }, { 3, 1, 1, 1, 0 }, { 7, 1, 3, 1, 1 }, { 3, 1, 2, 2, 0 },
    /* Rows this long take their vertical max four rows a pass (vert_max). */
    { 7, 7, 0, 1, 1 }, { 9, 9, 1, 1, 1 },
  };

  pv_random_seed (&rng, 65536);
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    for (int t = 0; t < 6; t++)
      for (int picture = 0; picture <= 1; picture++)
        {
          fast_case c = case_of_kind (t);

          if (shapes[i][3] > 1 && c.op != PV_OP_MAX_POOL2D)
            continue; /* avg_pool2d has no dilation */
          if (picture && c.dtype == PV_DTYPE_F32)
            continue;
          c.C = picture ? 4 : 1;
          c.H = 5 + (int64_t) i;
          /* Two spans and a part, at the least. */
          c.W = (picture ? PV_FAST_SPAN_SAMPLES / 4 : PV_FAST_SPAN_SAMPLES) * 2 + 4099;
          c.k[0] = c.k[1] = shapes[i][0];
          c.s[0] = c.s[1] = shapes[i][1];
          c.p[0] = c.p[1] = shapes[i][2];
          c.d[0] = c.d[1] = shapes[i][3];
          c.ceil_mode = shapes[i][4];
          c.cip = t % 2 == 1;
          c.values = 1;
          pv_parallel_set_threads (t % 2 ? 1 : 0);
          if (picture)
            {
              g_assert_true (check_picture (&c, &rng));
              g_assert_true (fast_applies (&c));
            }
          else
            g_assert_true (run_case (&c, 600 + (int) i * 10 + t, &rng, t % 2 ? 1 : 0));
          pv_parallel_set_threads (0);
        }
}

/* Small windows with stride 2 (k = s = 2, k = 3, s = 2), which max and
 * average take in one pass from the input rows: every channel count of
 * pictures, planes with NaNs and signed zeros (whose max must come out of
 * the taps in PyTorch's order), padding, rows of both parities (so that
 * ceil_mode's overhang comes for each kernel) and rows dilated (max).
 * Float averages of results this small are summed exactly instead
 * (fast-pool.h); test_large_float_averages takes their fused pass. */
static void
test_small_strided_windows (void)
{
  pv_random rng;
  int checked = 0;
  char path[64];

  pv_random_seed (&rng, 2222);
  for (int k = 2; k <= 3; k++)
    for (int pad = 0; pad <= 1; pad++)
      for (int ceil_mode = 0; ceil_mode <= 1; ceil_mode++)
        for (int dh = 1; dh <= 2; dh++)
          for (int w = 41; w <= 42; w++)
            for (int t = 0; t < 6; t++)
              {
                fast_case c = case_of_kind (t);
                int n = (((k * 2 + pad) * 2 + ceil_mode) * 2 + dh - 1) * 12 + (w - 41) * 6 + t;

                if (dh > 1 && c.op != PV_OP_MAX_POOL2D)
                  continue; /* avg_pool2d has no dilation */
                c.H = 37 + pad;
                c.W = w;
                c.k[0] = c.k[1] = k;
                c.s[0] = c.s[1] = 2;
                c.p[0] = c.p[1] = pad;
                c.d[0] = dh;
                c.ceil_mode = ceil_mode;
                c.cip = t % 2 == 1 && pad == 1;
                c.values = 1;
                c.C = 2;
                g_assert_true (run_case (&c, 700 + n, &rng, n % 2 ? 1 : 0));
                /* ... through the one pass, which these tests are for. */
                describe_case (&c, false, path, sizeof path);
                g_assert_cmpstr (path, ==,
                                 c.dtype == PV_DTYPE_F32 && c.op == PV_OP_AVG_POOL2D
                                   ? "exact float sums"
                                   : "one pass");
                checked++;
                if (c.dtype == PV_DTYPE_F32)
                  continue;
                for (c.C = 1; c.C <= 4; c.C++)
                  {
                    pv_parallel_set_threads (c.C % 2 ? 1 : 0);
                    g_assert_true (check_picture (&c, &rng));
                    g_assert_true (fast_applies (&c));
                    describe_case (&c, true, path, sizeof path);
                    g_assert_cmpstr (path, ==, "one pass");
                    pv_parallel_set_threads (0);
                    checked++;
                  }
              }
  /* Each shape and row parity: integer kinds as planes and four pictures,
   * floats as planes; rows dilated for max only. */
  g_assert_cmpint (checked, ==, 2 * 2 * 2 * 2 * ((4 * 5 + 2) + (2 * 5 + 1)));
}

/* Inputs larger than PV_FAST_PREFETCH_BYTES, whose one-pass rows of small
 * strided windows are computed a piece at a time while asking for the next
 * rows ahead: every output of every piece, and of the borders around
 * them, must still come out as the reference's. Planes of each type and
 * pictures of three and four channels, widths no piece divides. */
static void
test_inputs_from_memory (void)
{
  pv_random rng;
  int checked = 0;
  char path[64];

  pv_random_seed (&rng, 1212);
  for (int k = 2; k <= 3; k++)
    for (int t = 0; t < 6; t++)
      for (int picture = 0; picture <= 1; picture++)
        {
          fast_case c = case_of_kind (t);
          size_t size = c.dtype == PV_DTYPE_U8 ? 1 : c.dtype == PV_DTYPE_U16 ? 2 : 4;

          if (picture && c.dtype == PV_DTYPE_F32)
            continue;
          c.C = picture ? 3 + (t / 2) : 1;
          c.W = 1531;
          c.H = (int64_t) (PV_FAST_PREFETCH_BYTES / ((size_t) (c.C * c.W) * size)) + 3 + k;
          c.k[0] = c.k[1] = k;
          c.s[0] = c.s[1] = 2;
          c.p[0] = c.p[1] = k - 2;
          c.ceil_mode = true;
          c.cip = t % 2 == 1;
          c.values = 1;
          g_assert_cmpuint ((size_t) (c.C * c.H * c.W) * size, >, PV_FAST_PREFETCH_BYTES);
          pv_parallel_set_threads (t % 2 ? 1 : 0);
          if (picture)
            g_assert_true (check_picture (&c, &rng));
          else
            g_assert_true (run_case (&c, 900 + k * 10 + t, &rng, t % 2 ? 1 : 0));
          g_assert_true (fast_applies (&c));
          /* ... through the one pass that asks for rows ahead. */
          describe_case (&c, picture, path, sizeof path);
          g_assert_cmpstr (path, ==, "one pass; rows ahead");
          pv_parallel_set_threads (0);
          checked++;
        }
  g_assert_cmpint (checked, ==, 2 * (6 + 4));
}

/* Long stride-1 averages of pictures of every channel count: the running
 * totals of horizontal integer sums with 1 to 4 lanes, on rows wider than
 * many windows; windows of 2 x 63 at most, so both paths are exact. */
static void
test_long_picture_averages (void)
{
  pv_random rng;

  pv_random_seed (&rng, 3141);
  for (int C = 1; C <= 4; C++)
    for (int kw = 31; kw <= 63; kw += 16)
      for (int depth = 8; depth <= 16; depth += 8)
        {
          fast_case c = { 0 };

          c.op = PV_OP_AVG_POOL2D;
          c.dtype = depth == 16 ? PV_DTYPE_U16 : PV_DTYPE_U8;
          c.C = C;
          c.H = 6;
          c.W = 9 * kw + 7 + C;
          c.k[0] = 2;
          c.k[1] = kw;
          c.s[0] = c.s[1] = 1;
          c.p[0] = 1;
          c.p[1] = kw / 2;
          c.cip = (C + kw) % 2;
          c.temperature = 1.0;
          pv_parallel_set_threads (C % 2 ? 1 : 0);
          g_assert_true (check_picture (&c, &rng));
          pv_parallel_set_threads (0);
        }
}

/* Integer sums of long and adaptive windows are differences of running
 * totals along each row, which pass 2^32 on wide 16-bit rows of tall
 * windows and wrap: each window's sum must still come out whole, for
 * pictures of four lanes and one, and for planes. */
static void
test_running_totals_wrap (void)
{
  pv_random rng;

  pv_random_seed (&rng, 2032);
  for (int adaptive = 0; adaptive <= 1; adaptive++)
    for (int C = 1; C <= 4; C += 3)
      {
        fast_case c = case_of_kind (3); /* avg of uint16 */

        c.op = adaptive ? PV_OP_ADAPTIVE_AVG_POOL2D : PV_OP_AVG_POOL2D;
        c.C = C;
        c.H = adaptive ? 130 : 66;
        c.W = 2600;
        c.k[0] = 64;
        c.k[1] = 63;
        c.s[0] = c.s[1] = 1;
        c.p[1] = 31;
        c.cip = C == 1;
        c.out_size[0] = 2;
        c.out_size[1] = 701;
        g_assert_true (check_picture (&c, &rng));
        g_assert_true (run_case (&c, 200 + adaptive * 10 + C, &rng, C == 1 ? 1 : 0));
      }
}

/* Max windows reaching far beyond the input, as a padding of half the
 * kernel and a dilation of thousands (or billions) allow: the fast paths
 * take those that reach up to twice the input and a few thousand cells
 * more (margins of thousands of cells either side of a row, blocks of
 * thousands of rows down a column), and leave the rest to the reference,
 * which skips the padding (a kernel of 2^31 along a row of 10 once asked
 * the fast path for gigabytes of scratch and aborted). Planes and
 * pictures, every type; kernels through the doubling table and the taps'
 * loops. */
static void
test_far_padding (void)
{
  static const struct
  {
    int64_t H, kh, ph, W, kw, dw, pw, sw;
    bool fast;
  } shapes[] = {
    { 5, 2, 0, 3000, 9, 1100, 4400, 1, true },
    { 5, 4001, 2000, 300, 3, 1, 1, 1, true },
    { 5, 2, 0, 10, 2, 2147483647, 1073741823, 1, false },
    { 5, 2, 0, 700, 3, 4000, 4000, 1, false },
    { 5, 2, 0, 300, 5, 2500, 5000, 3, false },
    { 5, 1000000001, 500000000, 30, 3, 1, 1, 1, false },
  };
  pv_random rng;

  pv_random_seed (&rng, 1122);
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    for (int t = 0; t < 3; t++)
      for (int C = 1; C <= 4; C += 3)
        {
          fast_case c = case_of_kind (2 * t);

          c.C = C;
          c.H = shapes[i].H;
          c.W = shapes[i].W;
          c.k[0] = shapes[i].kh;
          c.p[0] = shapes[i].ph;
          c.k[1] = shapes[i].kw;
          c.d[1] = shapes[i].dw;
          c.p[1] = shapes[i].pw;
          c.s[0] = 1;
          c.s[1] = shapes[i].sw;
          c.values = 1;
          g_assert_cmpint (run_case (&c, (int) i * 10 + t, &rng, C == 1 ? 1 : 0), ==,
                           shapes[i].fast);
          if (c.dtype != PV_DTYPE_F32)
            g_assert_true (check_picture (&c, &rng));
        }
}

/* Interleaved pictures: pv_pool_image() against planes through the
 * reference, rounded as pv_image_from_planes() rounds. */
static void
test_interleaved_pictures (void)
{
  pv_random rng;
  int checked = 0;

  pv_random_seed (&rng, 99);
  for (int n = 0; n < 600; n++)
    {
      fast_case c;

      random_case (&rng, &c, n % 10 == 0);
      if (pv_op_get_info (c.op)->spatial_dims == 1 || c.dtype == PV_DTYPE_F32)
        continue;
      if (check_picture (&c, &rng))
        checked++;
    }
  g_assert_cmpint (checked, >, 200);
}

/* Global average pooling (adaptive to 1 x 1) of samples: integer sums,
 * bit for bit the reference's double sum, for planes and pictures, up to
 * sums far beyond 2^32 and with every thread count. */
static void
test_global_mean (void)
{
  pv_random rng;
  static const int sizes[][3] = { { 1, 1, 1 }, { 3, 7, 5 }, { 4, 601, 523 }, { 2, 1100, 1000 } };

  pv_random_seed (&rng, 1121);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int dtype = 0; dtype < 2; dtype++)
      for (int values = 0; values < 2; values++)
        {
          fast_case c = { 0 };
          pv_params params;
          pv_plan plan;
          pv_image picture, got = { 0 }, want;
          pv_tensor planes, fast, ref;
          int depth = dtype ? 16 : 8;
          size_t n;

          c.op = PV_OP_ADAPTIVE_AVG_POOL2D;
          c.dtype = dtype ? PV_DTYPE_U16 : PV_DTYPE_U8;
          c.C = sizes[i][0];
          c.H = sizes[i][1];
          c.W = sizes[i][2];
          c.out_size[0] = c.out_size[1] = 1;
          n = (size_t) (c.C * c.H * c.W);
          g_assert_cmpint (pv_image_alloc (&picture, (uint32_t) c.W, (uint32_t) c.H, (int) c.C,
                                           depth, NULL),
                           ==, PV_OK);
          if (values == 0)
            fill (&rng, &c, picture.pixels, n);
          else if (dtype)
            for (size_t j = 0; j < n; j++) /* the largest sums */
              ((uint16_t *) picture.pixels)[j] = 65535;
          else
            memset (picture.pixels, 255, n);
          g_assert_cmpint (pv_image_to_planes (&picture, &planes, NULL), ==, PV_OK);
          to_params (&c, &params);
          g_assert_cmpint (pv_plan_init (&plan, &params, &planes, NULL, NULL), ==, PV_OK);
          g_assert_true (pv_fast_pool_applies (&plan, c.dtype, false));
          g_assert_cmpint (pv_pool_alloc_outputs (&plan, &fast, NULL, NULL), ==, PV_OK);
          g_assert_cmpint (pv_pool_alloc_outputs (&plan, &ref, NULL, NULL), ==, PV_OK);
          g_assert_cmpint (pv_pool_run_reference (&plan, &planes, NULL, &ref, NULL, NULL), ==,
                           PV_OK);
          for (int threads = 1; threads <= 3; threads++)
            {
              pv_parallel_set_threads (threads);
              memset (fast.data, 0xff, (size_t) c.C * sizeof (float));
              g_assert_cmpint (pv_pool_run (&plan, &planes, NULL, &fast, NULL, NULL), ==, PV_OK);
              g_assert_cmpmem (fast.data, (size_t) c.C * sizeof (float), ref.data,
                               (size_t) c.C * sizeof (float));
              g_assert_cmpint (pv_pool_image (&plan, &picture, &got, NULL), ==, PV_OK);
              g_assert_cmpint (pv_image_from_planes (&ref, depth, -1, &want, NULL), ==, PV_OK);
              g_assert_cmpmem (got.pixels, pv_image_stride (&got), want.pixels,
                               pv_image_stride (&want));
              pv_image_free (&want);
            }
          pv_parallel_set_threads (0);
          pv_image_free (&got);
          pv_tensor_free (&fast);
          pv_tensor_free (&ref);
          pv_plan_clear (&plan);
          pv_tensor_free (&planes);
          pv_image_free (&picture);
        }
}

/* Spatial pyramids run level by level as adaptive pooling (pool.c): the
 * same cells as the reference's, max to the bit and averages too (small
 * results sum in PyTorch's order; integers exactly), with one image and a
 * batch of two, on one thread and all. */
static void
test_pyramids (void)
{
  static const int64_t level_sets[][4] = { { 1, 2, 4 }, { 3, 5 }, { 1 }, { 2, 7, 1 } };
  static const pv_dtype dtypes[] = { PV_DTYPE_U8, PV_DTYPE_U16, PV_DTYPE_F32 };
  pv_random rng;
  int n = 0;

  pv_random_seed (&rng, 1124);
  for (guint set = 0; set < G_N_ELEMENTS (level_sets); set++)
    for (int op = 0; op < 2; op++)
      for (guint t = 0; t < G_N_ELEMENTS (dtypes); t++)
        for (int batch = 1; batch <= 2; batch++, n++)
          {
            fast_case c = { .dtype = dtypes[t], .values = n % 3 == 0 ? 1 : 0 };
            int64_t dims[4] = { batch, pv_random_range (&rng, 1, 4), pv_random_range (&rng, 7, 60),
                                pv_random_range (&rng, 7, 60) };
            pv_shape shape = pv_shape_make (batch > 1 ? 4 : 3, batch > 1 ? dims : dims + 1);
            pv_params params;
            pv_plan plan;
            pv_tensor input, fast, ref;

            pv_params_init (&params, op ? PV_OP_SPATIAL_PYRAMID_AVG_POOL2D
                                        : PV_OP_SPATIAL_PYRAMID_MAX_POOL2D);
            for (int i = 0; i < 4 && level_sets[set][i] > 0; i++)
              params.levels.v[params.levels.n++] = level_sets[set][i];
            g_assert_cmpint (pv_tensor_alloc (&input, c.dtype, &shape, NULL), ==, PV_OK);
            fill (&rng, &c, input.data, (size_t) (batch * dims[1] * dims[2] * dims[3]));
            g_assert_cmpint (pv_plan_init (&plan, &params, &input, NULL, NULL), ==, PV_OK);
            g_assert_cmpint (pv_pool_alloc_outputs (&plan, &fast, NULL, NULL), ==, PV_OK);
            g_assert_cmpint (pv_pool_alloc_outputs (&plan, &ref, NULL, NULL), ==, PV_OK);
            pv_parallel_set_threads (n % 2 ? 1 : 0);
            g_assert_true (pv_pool_pyramid_by_levels (&plan, &input, &fast));
            pv_parallel_set_threads (0);
            g_assert_cmpint (pv_pool_run_reference (&plan, &input, NULL, &ref, NULL, NULL), ==,
                             PV_OK);
            for (int64_t i = 0; i < batch * plan.channels * plan.pyramid_cells; i++)
              {
                float a = ((float *) fast.data)[i], b = ((float *) ref.data)[i];

                /* 16-bit averages: the reference's float sum rounds (by
                 * up to n eps of the mean), the fast path's integer sum
                 * does not, as for adaptive pooling itself. */
                bool rounded = op && c.dtype == PV_DTYPE_U16
                               && fabs ((double) a - (double) b)
                                    <= (double) (plan.in_h * plan.in_w) * FLT_EPSILON * fabs (b);

                if (!same_bits (a, b) && !(op && isnan (a) && isnan (b)) && !rounded)
                  g_error ("case %d: %s %s levels %u, batch %d: output %" G_GINT64_FORMAT
                           " fast %.9g, reference %.9g",
                           n, plan.info->name, pv_dtype_name (c.dtype), set, batch, i, a, b);
              }
            pv_tensor_free (&fast);
            pv_tensor_free (&ref);
            pv_plan_clear (&plan);
            pv_tensor_free (&input);
          }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/fast-paths/random-small", test_random_small);
  g_test_add_func ("/engine/fast-paths/random-large", test_random_large);
  g_test_add_func ("/engine/fast-paths/kernel-equals-stride", test_kernel_equals_stride);
  g_test_add_func ("/engine/fast-paths/long-kernels", test_long_kernels);
  g_test_add_func ("/engine/fast-paths/long-float-planes", test_long_float_planes);
  g_test_add_func ("/engine/fast-paths/wide-rows", test_wide_rows);
  g_test_add_func ("/engine/fast-paths/small-strided-windows", test_small_strided_windows);
  g_test_add_func ("/engine/fast-paths/large-float-averages", test_large_float_averages);
  g_test_add_func ("/engine/fast-paths/interleaved-pictures", test_interleaved_pictures);
  g_test_add_func ("/engine/fast-paths/global-mean", test_global_mean);
  g_test_add_func ("/engine/fast-paths/long-picture-averages", test_long_picture_averages);
  g_test_add_func ("/engine/fast-paths/running-totals-wrap", test_running_totals_wrap);
  g_test_add_func ("/engine/fast-paths/inputs-from-memory", test_inputs_from_memory);
  g_test_add_func ("/engine/fast-paths/pyramids", test_pyramids);
  g_test_add_func ("/engine/fast-paths/far-padding", test_far_padding);
  return g_test_run ();
}
