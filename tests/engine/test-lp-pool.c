/* SPDX-License-Identifier: GPL-3.0-or-later */

/* LP pooling's fast path (engine/lp-pool.c) against the reference path, on
 * seeded random inputs and parameters: 1-D and 2-D, uint8, uint16 and
 * float32 planes (negative values, NaN, infinities and signed zeros among
 * the floats), ceil_mode's partial windows, exponents PyTorch treats
 * specially (1, 2, 3, 0.5, -1, inf) and others, batches, and avg_pool's
 * fields (padding, divisor, temperature) left set by a caller, which LP
 * ignores; one thread and all.
 *
 * Where the average underneath sums in float in PyTorch's order (results
 * of up to 65536 cells a plane with few taps, see fast-pool.h) the result
 * must be the reference's to the bit; elsewhere the sums are in double,
 * and y^p must lie within float rounding of the reference's: 2 n eps
 * times the sum of |x^p| over the window, and a few ulps of the root. */

#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "engine/lp-pool.h"
#include "engine/parallel.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "engine/random.h"

typedef struct
{
  bool one_d;
  pv_dtype dtype;
  int64_t N, C, H, W; /* N > 1: a batch */
  int64_t k[2], s[2];
  bool ceil_mode;
  double p;
  bool specials;
  bool stray;         /* padding, a divisor and a temperature set, which LP ignores */
} lp_case;

static const double exponents[] = { 1.0, 2.0, 3.0, 0.5, -1.0, INFINITY, 1.5, 4.0 };

static float
float_value (pv_random *rng, bool specials)
{
  if (specials)
    switch (pv_random_range (rng, 0, 20))
      {
      case 0: return NAN;
      case 1: return INFINITY;
      case 2: return -INFINITY;
      case 3: return -0.0f;
      case 4: return 0.0f;
      default: break;
      }
  /* Mostly positive; negatives make odd and fractional powers NaN or
   * cancel in the sums. */
  return pv_random_float (rng) * 4.0f - (pv_random_range (rng, 0, 3) == 0 ? 2.0f : 0.0f);
}

static void
fill (pv_random *rng, const lp_case *c, void *data, size_t n)
{
  for (size_t i = 0; i < n; i++)
    switch (c->dtype)
      {
      case PV_DTYPE_U8: ((uint8_t *) data)[i] = (uint8_t) pv_random_range (rng, 0, 255); break;
      case PV_DTYPE_U16:
        ((uint16_t *) data)[i] = (uint16_t) pv_random_range (rng, 0, 65535);
        break;
      default: ((float *) data)[i] = float_value (rng, c->specials); break;
      }
}

static void
to_params (const lp_case *c, pv_params *p)
{
  int first = c->one_d ? 1 : 0;

  pv_params_init (p, c->one_d ? PV_OP_LP_POOL1D : PV_OP_LP_POOL2D);
  p->has_norm_type = true;
  p->norm_type = c->p;
  p->kernel.n = p->stride.n = 2 - first;
  for (int i = first; i < 2; i++)
    {
      p->kernel.v[i - first] = c->k[i];
      p->stride.v[i - first] = c->s[i];
    }
  p->ceil_mode = c->ceil_mode;
  if (c->stray)
    {
      /* Fields of avg_pool a direct caller may leave set: the LP plan and
       * the reference ignore them, so the fast path must too. */
      p->padding.n = 2 - first;
      p->padding.v[0] = p->padding.v[1] = 1;
      p->has_divisor_override = true;
      p->divisor_override = 3;
      p->temperature = 2.0;
    }
}

/* Whether the fast path must give the reference's bits: where the sums
 * of powers are exact integers below 2^24 in float (8-bit samples to the
 * power 1 or 2, 16-bit ones to the power 1), whatever adds them; or where
 * the average under it sums in float in PyTorch's order, as the reference
 * does (fast-pool.h; a plane at a time). */
static bool
bit_exact (const pv_plan *plan, pv_dtype dtype)
{
  int64_t cells = plan->out_h * plan->out_w;
  int64_t taps = plan->axis[0].kernel * plan->axis[1].kernel;
  double top = dtype == PV_DTYPE_U8 ? 255.0 : dtype == PV_DTYPE_U16 ? 65535.0 : 0.0;

  if (top > 0 && (plan->norm_type == 1.0 || (plan->norm_type == 2.0 && top == 255.0))
      && (double) taps * pow (top, plan->norm_type) < 16777216.0)
    return true;
  return cells <= 65536
         && (taps <= 4 * plan->axis[0].stride * plan->axis[1].stride
             || cells * taps <= ((int64_t) 1 << 22));
}

/* The sum of |x^p| over cell @i's window in plane @plane, and its taps. */
static double
window_powers (const pv_plan *plan, const float *x, int64_t plane, int64_t i, int64_t *taps)
{
  pv_window wh, ww;
  double sum = 0.0;

  pv_axis_window (&plan->axis[0], i / plan->out_w, &wh);
  pv_axis_window (&plan->axis[1], i % plan->out_w, &ww);
  *taps = 0;
  for (int64_t jh = wh.real_first; jh < wh.real_end; jh++)
    for (int64_t jw = ww.real_first; jw < ww.real_end; jw++)
      {
        double v = x[plane * plan->in_h * plan->in_w + pv_window_tap_pos (&wh, jh) * plan->in_w
                     + pv_window_tap_pos (&ww, jw)];

        sum += fabs (pow (v, plan->norm_type));
        ++*taps;
      }
  return sum;
}

static bool
agrees (const pv_plan *plan, const float *x, int64_t plane, int64_t i, float fast, float ref,
        bool exact)
{
  double p = plan->norm_type, a, b, mag, scale;
  int64_t taps;

  if (memcmp (&fast, &ref, sizeof fast) == 0 || (isnan (fast) && isnan (ref)))
    return true;
  if (exact || !isfinite (ref) || !isfinite (fast))
    return false;
  /* Compare y^p, the rescaled average the root was taken of. */
  mag = window_powers (plan, x, plane, i, &taps);
  scale = (double) plan->kernel_area / (double) (taps > 0 ? taps : 1);
  a = pow (fast, p), b = pow (ref, p);
  return fabs (a - b) <= (2.0 * (double) taps + 4.0) * FLT_EPSILON * mag * scale
                           + 8.0 * fabs (p) * FLT_EPSILON * fabs (b) + FLT_MIN;
}

/* One case through both paths; false when its parameters are refused. */
static bool
run_case (const lp_case *c, int n, pv_random *rng, int threads)
{
  pv_params params;
  pv_plan plan;
  pv_tensor input, fast, ref, floats;
  int64_t dims[4] = { c->N, c->C, c->H, c->W };
  int64_t dims_1d[3] = { c->N, c->C, c->W };
  bool batch = c->N > 1;
  pv_shape shape = c->one_d ? pv_shape_make (batch ? 3 : 2, batch ? dims_1d : dims_1d + 1)
                            : pv_shape_make (batch ? 4 : 3, batch ? dims : dims + 1);
  bool exact;

  to_params (c, &params);
  g_assert_cmpint (pv_tensor_alloc (&input, c->dtype, &shape, NULL), ==, PV_OK);
  fill (rng, c, input.data, (size_t) (c->N * c->C * c->H * c->W));
  if (pv_plan_init (&plan, &params, &input, NULL, NULL) != PV_OK)
    {
      pv_tensor_free (&input);
      return false;
    }
  g_assert_true (pv_lp_pool_applies (&plan, c->dtype, false));
  g_assert_cmpint (pv_pool_alloc_outputs (&plan, &fast, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_pool_alloc_outputs (&plan, &ref, NULL, NULL), ==, PV_OK);
  pv_parallel_set_threads (threads);
  g_assert_true (pv_lp_pool_fast (&plan, &input, &fast));
  pv_parallel_set_threads (0);
  g_assert_cmpint (pv_pool_run_reference (&plan, &input, NULL, &ref, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_tensor_convert (&input, PV_DTYPE_F32, &floats, NULL), ==, PV_OK);
  exact = bit_exact (&plan, c->dtype);
  for (int64_t i = 0; i < plan.n_planes * plan.out_h * plan.out_w; i++)
    {
      int64_t cells = plan.out_h * plan.out_w;
      float a = ((float *) fast.data)[i], b = ((float *) ref.data)[i];

      if (!agrees (&plan, floats.data, i / cells, i % cells, a, b, exact))
        g_error ("case %d: %s %s C=%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT
                 " k=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " s=%" G_GINT64_FORMAT
                 ",%" G_GINT64_FORMAT " ceil=%d p=%g N=%" G_GINT64_FORMAT
                 " stray=%d: output %" G_GINT64_FORMAT " fast %.9g, reference %.9g%s",
                 n, plan.info->name, pv_dtype_name (c->dtype), c->C, c->H, c->W, c->k[0],
                 c->k[1], c->s[0], c->s[1], c->ceil_mode, c->p, c->N, c->stray, i, a, b,
                 exact ? " (should be the same bits)" : "");
    }
  pv_tensor_free (&floats);
  pv_tensor_free (&fast);
  pv_tensor_free (&ref);
  pv_plan_clear (&plan);
  pv_tensor_free (&input);
  return true;
}

static void
random_case (pv_random *rng, lp_case *c, bool large)
{
  static const pv_dtype dtypes[] = { PV_DTYPE_U8, PV_DTYPE_U16, PV_DTYPE_F32 };

  memset (c, 0, sizeof *c);
  c->one_d = pv_random_range (rng, 0, 3) == 0;
  c->dtype = dtypes[pv_random_range (rng, 0, 2)];
  c->N = pv_random_range (rng, 0, 4) == 0 ? 2 : 1;
  c->stray = pv_random_range (rng, 0, 9) == 0;
  c->C = pv_random_range (rng, 1, 4);
  c->H = c->one_d ? 1 : pv_random_range (rng, 1, large ? 400 : 40);
  c->W = pv_random_range (rng, 1, large ? 400 : 40);
  for (int i = 0; i < 2; i++)
    {
      int64_t in = i == 0 ? c->H : c->W;
      bool trivial = c->one_d && i == 0;

      c->k[i] = trivial ? 1 : pv_random_range (rng, 1, in < 7 ? in : 7);
      c->s[i] = trivial ? 1 : pv_random_range (rng, 1, c->k[i] + 1);
    }
  c->ceil_mode = pv_random_range (rng, 0, 1);
  c->p = exponents[pv_random_range (rng, 0, G_N_ELEMENTS (exponents) - 1)];
  c->specials = pv_random_range (rng, 0, 3) == 0;
}

static void
run_random (guint64 seed, int n_cases, bool large)
{
  pv_random rng;
  int ran = 0;

  pv_random_seed (&rng, seed);
  for (int n = 0; n < n_cases; n++)
    {
      lp_case c;

      random_case (&rng, &c, large);
      if (run_case (&c, n, &rng, n % 2 ? 1 : 0))
        ran++;
    }
  g_test_message ("%d of %d cases planned", ran, n_cases);
  g_assert_cmpint (ran, >, n_cases / 2);
}

/* Small results: the average sums in PyTorch's order, so the bits agree. */
static void
test_random_small (void)
{
  run_random (20261122, 1500, false);
}

/* Results of more than 65536 cells a plane: sums in double. */
static void
test_random_large (void)
{
  run_random (5, 60, true);
}

/* The worked examples of pooling-spec.md section 5, through pv_pool_run
 * (which takes the fast path). */
static void
test_spec_examples (void)
{
  static const struct
  {
    float in[5];
    int n;
    double p;
    int64_t k;
    bool ceil_mode;
    float out[3];
    int n_out;
  } examples[] = {
    { { 1, 2, 3, 4, 5 }, 5, 2.0, 2, true, { 2.236068f, 5.0f, 7.071068f }, 3 },
    { { -1, -2, 3, -4 }, 4, 1.0, 2, false, { -3, -1 }, 2 },
    { { -1, -2, 3, -4 }, 4, 3.0, 2, false, { NAN, NAN }, 2 },
    { { 0.5f, -2, 3, 1 }, 4, INFINITY, 2, false, { 1, 1 }, 2 },
    { { 4, 9, 1, 1 }, 4, 0.5, 2, false, { 25, 4 }, 2 },
  };

  for (guint e = 0; e < G_N_ELEMENTS (examples); e++)
    {
      pv_tensor input = { PV_DTYPE_F32, pv_shape_make (2, (int64_t[]) { 1, examples[e].n }),
                          (void *) examples[e].in };
      pv_params params;
      pv_plan plan;
      pv_tensor out;

      pv_params_init (&params, PV_OP_LP_POOL1D);
      params.has_norm_type = true;
      params.norm_type = examples[e].p;
      params.kernel.n = 1;
      params.kernel.v[0] = examples[e].k;
      params.ceil_mode = examples[e].ceil_mode;
      g_assert_cmpint (pv_plan_init (&plan, &params, &input, NULL, NULL), ==, PV_OK);
      g_assert_true (pv_lp_pool_applies (&plan, PV_DTYPE_F32, false));
      g_assert_cmpint (pv_pool_alloc_outputs (&plan, &out, NULL, NULL), ==, PV_OK);
      g_assert_cmpint (pv_pool_run (&plan, &input, NULL, &out, NULL, NULL), ==, PV_OK);
      g_assert_cmpint (plan.out_w, ==, examples[e].n_out);
      for (int i = 0; i < examples[e].n_out; i++)
        {
          float got = ((float *) out.data)[i], want = examples[e].out[i];

          if (isnan (want))
            g_assert_true (isnan (got));
          else
            g_assert_cmpfloat_with_epsilon (got, want, 1e-6);
        }
      pv_tensor_free (&out);
      pv_plan_clear (&plan);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/lp-pool/random-small", test_random_small);
  g_test_add_func ("/engine/lp-pool/random-large", test_random_large);
  g_test_add_func ("/engine/lp-pool/spec-examples", test_spec_examples);
  return g_test_run ();
}
