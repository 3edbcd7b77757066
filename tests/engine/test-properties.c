/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The engine's reference path against a deliberately naive reference
 * written from the pooling contract's pseudocode, on thousands of seeded
 * random parameter sets and inputs full of ties, signed zeros, infinities
 * and NaNs. The
 * reference counts windows by enumerating them rather than with the size
 * formula, and walks taps the way ATen's loops do.
 *
 * The same cases then check the geometry API: each cell's taps reproduce
 * its value and divisor, the reverse mapping agrees with the windows, and
 * coverage counts the windows that read each pixel. */

#include <glib.h>
#include <math.h>
#include <string.h>

#include "engine/cell.h"
#include "engine/options.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "engine/random.h"

#define N_CASES 6000

typedef struct
{
  pv_op op;
  int64_t H, W;                 /* one plane; 1-D operators have H == 1 */
  int64_t k[2], s[2], p[2], d[2];
  bool ceil_mode, cip, has_override;
  int64_t divisor;
  double norm;
  int64_t out_size[2];          /* adaptive */
} params_case;

/* ---------------------------------------------------------------------------
 * The naive reference.
 */

/* Windows start at o * s in padded coordinates. Floor mode keeps a window
 * that fits inside the padded input; ceil mode keeps one whenever the
 * previous window did not reach the padded input's end, and never one that
 * starts in the right padding. */
static int64_t
naive_count (int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool ceil_mode)
{
  int64_t extent = d * (k - 1) + 1, padded = in + 2 * p, n = 0;

  for (int64_t o = 0; o < 100000; o++)
    {
      bool keep = ceil_mode ? (o * s - s + extent < padded) && (o * s < in + p)
                            : o * s + extent <= padded;

      if (!keep)
        break;
      n++;
    }
  return n;
}

static bool
naive_valid (const params_case *c, int64_t *oh, int64_t *ow)
{
  const pv_op_info *info = pv_op_get_info (c->op);

  if (info->windows == PV_WINDOWS_ADAPTIVE)
    {
      *oh = c->out_size[0];
      *ow = c->out_size[1];
      return *oh > 0 && *ow > 0;
    }
  for (int i = 0; i < 2; i++)
    {
      int64_t limit = info->reduce == PV_REDUCE_MAX ? (c->d[i] * (c->k[i] - 1) + 1) / 2
                                                    : c->k[i] / 2;

      if (c->k[i] <= 0 || c->s[i] <= 0 || c->d[i] <= 0 || c->p[i] < 0 || c->p[i] > limit)
        return false;
    }
  if (c->op == PV_OP_AVG_POOL2D && c->has_override && c->divisor == 0)
    return false;
  *oh = naive_count (c->H, c->k[0], c->s[0], c->p[0], c->d[0], c->ceil_mode);
  *ow = naive_count (c->W, c->k[1], c->s[1], c->p[1], c->d[1], c->ceil_mode);
  return *oh > 0 && *ow > 0;
}

/* Section 2.1, as written. */
static void
naive_max (const params_case *c, const float *x, int64_t oh_n, int64_t ow_n, float *y,
           int64_t *idx)
{
  for (int64_t oh = 0; oh < oh_n; oh++)
    for (int64_t ow = 0; ow < ow_n; ow++)
      {
        int64_t h0 = oh * c->s[0] - c->p[0];
        int64_t h1 = MIN (h0 + (c->k[0] - 1) * c->d[0] + 1, c->H);
        int64_t w0 = ow * c->s[1] - c->p[1];
        int64_t w1 = MIN (w0 + (c->k[1] - 1) * c->d[1] + 1, c->W);
        float best = -INFINITY;
        int64_t best_i;

        while (h0 < 0)
          h0 += c->d[0];
        while (w0 < 0)
          w0 += c->d[1];
        best_i = h0 * c->W + w0;
        for (int64_t h = h0; h < h1; h += c->d[0])
          for (int64_t w = w0; w < w1; w += c->d[1])
            {
              float v = x[h * c->W + w];

              if (v > best || isnan (v))
                {
                  best = v;
                  best_i = h * c->W + w;
                }
            }
        y[oh * ow_n + ow] = best;
        idx[oh * ow_n + ow] = best_i;
      }
}

/* Sections 3.1 and 5. */
static void
naive_avg_lp (const params_case *c, const float *x, int64_t oh_n, int64_t ow_n, float *y)
{
  bool lp = pv_op_get_info (c->op)->reduce == PV_REDUCE_LP;

  for (int64_t oh = 0; oh < oh_n; oh++)
    for (int64_t ow = 0; ow < ow_n; ow++)
      {
        int64_t h0 = oh * c->s[0] - c->p[0], w0 = ow * c->s[1] - c->p[1];
        int64_t h1 = MIN (h0 + c->k[0], c->H + c->p[0]);
        int64_t w1 = MIN (w0 + c->k[1], c->W + c->p[1]);
        int64_t pool_size = (h1 - h0) * (w1 - w0), div;
        float acc = 0;

        h0 = MAX (h0, 0);
        w0 = MAX (w0, 0);
        h1 = MIN (h1, c->H);
        w1 = MIN (w1, c->W);
        for (int64_t h = h0; h < h1; h++)
          for (int64_t w = w0; w < w1; w++)
            {
              float v = x[h * c->W + w];

              if (!lp)
                acc += v;
              else if (c->norm == 2.0)
                acc += v * v;
              else
                acc += powf (v, (float) c->norm);
            }
        if (lp)
          {
            float a = acc / (float) ((h1 - h0) * (w1 - w0));
            float e = (float) (1.0 / c->norm);

            a = (a > 0 || a < 0 || isnan (a)) ? a : 0.0f;
            a = a * (float) (c->k[0] * c->k[1]);
            y[oh * ow_n + ow] = e == 0.5f ? sqrtf (a) : powf (a, e);
            continue;
          }
        if (c->op == PV_OP_AVG_POOL2D && c->has_override)
          div = c->divisor;
        else if (c->cip)
          div = pool_size;
        else
          div = (h1 - h0) * (w1 - w0);
        y[oh * ow_n + ow] = acc / (float) div;
      }
}

/* Section 4. */
static void
naive_adaptive (const params_case *c, const float *x, int64_t oh_n, int64_t ow_n, float *y,
                int64_t *idx)
{
  bool is_max = pv_op_get_info (c->op)->reduce == PV_REDUCE_MAX;

  for (int64_t oh = 0; oh < oh_n; oh++)
    for (int64_t ow = 0; ow < ow_n; ow++)
      {
        int64_t h0 = (int64_t) floor ((double) (oh * c->H) / (double) oh_n);
        int64_t h1 = (int64_t) ceil ((double) ((oh + 1) * c->H) / (double) oh_n);
        int64_t w0 = (int64_t) floor ((double) (ow * c->W) / (double) ow_n);
        int64_t w1 = (int64_t) ceil ((double) ((ow + 1) * c->W) / (double) ow_n);
        float best = -INFINITY, acc = 0;
        int64_t best_i = h0 * c->W + w0;

        for (int64_t h = h0; h < h1; h++)
          for (int64_t w = w0; w < w1; w++)
            {
              float v = x[h * c->W + w];

              acc += v;
              if (v > best || isnan (v))
                best = v, best_i = h * c->W + w;
            }
        if (is_max)
          y[oh * ow_n + ow] = best, idx[oh * ow_n + ow] = best_i;
        else
          y[oh * ow_n + ow] = acc / (float) (h1 - h0) / (float) (w1 - w0);
      }
}

/* ---------------------------------------------------------------------------
 * Random cases.
 */

static const pv_op random_ops[] = {
  PV_OP_MAX_POOL2D, PV_OP_MAX_POOL1D, PV_OP_AVG_POOL2D, PV_OP_AVG_POOL1D, PV_OP_LP_POOL2D,
  PV_OP_ADAPTIVE_MAX_POOL2D, PV_OP_ADAPTIVE_AVG_POOL2D,
};

static float
random_value (pv_random *rng)
{
  switch (pv_random_range (rng, 0, 19))
    {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return -INFINITY;
    case 3: return -0.0f;
    case 4: return 0.0f;
    case 5: case 6: case 7: case 8: case 9:
      return (float) pv_random_range (rng, -2, 2); /* ties */
    default:
      return pv_random_float (rng) * 8.0f - 4.0f;
    }
}

static void
random_case (pv_random *rng, params_case *c)
{
  const pv_op_info *info;

  memset (c, 0, sizeof *c);
  c->op = random_ops[pv_random_range (rng, 0, G_N_ELEMENTS (random_ops) - 1)];
  info = pv_op_get_info (c->op);
  c->H = info->spatial_dims == 1 ? 1 : pv_random_range (rng, 1, 12);
  c->W = pv_random_range (rng, 1, 12);
  for (int i = 0; i < 2; i++)
    {
      bool trivial = info->spatial_dims == 1 && i == 0;

      c->k[i] = trivial ? 1 : pv_random_range (rng, 1, 5);
      c->s[i] = trivial ? 1 : pv_random_range (rng, 1, 5);
      c->d[i] = trivial || info->reduce != PV_REDUCE_MAX ? 1 : pv_random_range (rng, 1, 3);
      c->p[i] = trivial || info->reduce == PV_REDUCE_LP
                  ? 0
                  : pv_random_range (rng, 0, (c->d[i] * (c->k[i] - 1) + 1) / 2 + 1);
      c->out_size[i] = trivial ? 1 : pv_random_range (rng, 0, 14);
    }
  /* A few invalid parameters, to check that both sides refuse the same. */
  if (pv_random_range (rng, 0, 30) == 0)
    c->k[1] = pv_random_range (rng, -1, 0);
  if (pv_random_range (rng, 0, 30) == 0)
    c->s[1] = pv_random_range (rng, -1, 0);
  c->ceil_mode = pv_random_range (rng, 0, 1);
  c->cip = pv_random_range (rng, 0, 2) != 0;
  c->has_override = c->op == PV_OP_AVG_POOL2D && pv_random_range (rng, 0, 5) == 0;
  c->divisor = pv_random_range (rng, -3, 9);
  c->norm = pv_random_range (rng, 0, 1) ? 2.0 : 1.5;
}

static void
to_params (const params_case *c, pv_params *p)
{
  const pv_op_info *info = pv_op_get_info (c->op);
  bool one_d = info->spatial_dims == 1;
  int first = one_d ? 1 : 0;

  pv_params_init (p, c->op);
  if (info->windows == PV_WINDOWS_ADAPTIVE)
    {
      p->output_size.n = 2;
      p->output_size.v[0] = c->out_size[0];
      p->output_size.v[1] = c->out_size[1];
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
      p->return_indices = true;
    }
  if (info->reduce == PV_REDUCE_LP)
    {
      p->padding.n = 0;
      p->has_norm_type = true;
      p->norm_type = c->norm;
    }
  p->ceil_mode = info->windows == PV_WINDOWS_SLIDING && c->ceil_mode;
  p->count_include_pad = c->cip;
  p->has_divisor_override = c->has_override;
  p->divisor_override = c->divisor;
}

static gboolean
same_float (float a, float b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* Sums may produce a NaN of either sign: which operand's NaN an addition
 * propagates depends on operand order, which a compiler may swap. The
 * contract asks for NaN where PyTorch has NaN, and the same bits otherwise. */
static gboolean
same_sum (float a, float b)
{
  return (isnan (a) && isnan (b)) || same_float (a, b);
}

static gboolean
close_float (float a, float b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  if (isinf (a) || isinf (b))
    return a == b;
  return fabsf (a - b) <= 1e-5f + 1e-5f * fabsf (b);
}

/* ---------------------------------------------------------------------------
 * Geometry checks.
 */

static void
check_geometry (const params_case *c, const pv_plan *plan, const pv_tensor *input,
                const float *y)
{
  const float *x = input->data;
  const pv_op_info *info = plan->info;
  int64_t H = plan->in_h, W = plan->in_w;
  g_autofree uint32_t *readers = g_new0 (uint32_t, H * W);
  g_autofree uint32_t *coverage = g_new0 (uint32_t, H * W);
  g_autofree int64_t *cells = g_new0 (int64_t, 2 * plan->out_h * plan->out_w);

  for (int64_t oh = 0; oh < plan->out_h; oh++)
    for (int64_t ow = 0; ow < plan->out_w; ow++)
      {
        pv_cell cell;
        pv_error err;
        float best = -INFINITY, acc = 0;
        int64_t counted = 0, real = 0;

        g_assert_cmpint (pv_plan_cell (plan, input, NULL, 0, 0, oh, ow, &cell, &err), ==, PV_OK);
        g_assert_true (same_float ((float) cell.value, y[oh * plan->out_w + ow]));

        for (int64_t jh = 0; jh < cell.row.n_taps; jh++)
          for (int64_t jw = 0; jw < cell.col.n_taps; jw++)
            {
              int64_t h = pv_window_tap_pos (&cell.row, jh), w = pv_window_tap_pos (&cell.col, jw);
              pv_tap_kind kh = pv_window_tap_kind (&cell.row, jh);
              pv_tap_kind kw = pv_window_tap_kind (&cell.col, jw);

              /* Each axis' classification matches the tap's position. */
              g_assert_cmpint (kh == PV_TAP_REAL, ==, h >= 0 && h < H);
              g_assert_cmpint (kw == PV_TAP_REAL, ==, w >= 0 && w < W);
              g_assert_cmpint (kh == PV_TAP_OVERHANG, ==, h >= H + plan->axis[0].pad_after);
              g_assert_cmpint (kw == PV_TAP_OVERHANG, ==, w >= W + plan->axis[1].pad_after);
              if (kh != PV_TAP_OVERHANG && kw != PV_TAP_OVERHANG)
                counted++;
              if (kh != PV_TAP_REAL || kw != PV_TAP_REAL)
                continue;
              real++;
              acc += info->reduce == PV_REDUCE_AVG ? x[h * W + w] : 0;
              if (x[h * W + w] > best || isnan (x[h * W + w]))
                best = x[h * W + w];
              readers[h * W + w]++;
            }

        g_assert_cmpint (cell.empty, ==, real == 0);
        if (info->reduce == PV_REDUCE_MAX)
          {
            /* The taps reproduce the value, and the winner holds it. */
            g_assert_true (same_float (best, (float) cell.value));
            if (cell.has_winner)
              g_assert_true (same_float (x[cell.winner_h * W + cell.winner_w], (float) cell.value));
            else
              g_assert_true (isinf (cell.value) && cell.value < 0);
          }
        else if (info->reduce == PV_REDUCE_AVG && info->windows == PV_WINDOWS_SLIDING)
          {
            if (c->has_override)
              g_assert_cmpint (cell.reduction.divisor, ==, c->divisor);
            else
              g_assert_cmpint (cell.reduction.divisor, ==, c->cip ? counted : real);
            if (!same_sum (acc / (float) cell.reduction.divisor, (float) cell.value))
              g_error ("avg cell %" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ": taps give %.9g / %" G_GINT64_FORMAT ", cell %.9g (real %" G_GINT64_FORMAT ")", oh, ow, acc, cell.reduction.divisor, cell.value, real);
          }
        g_assert_cmpint (cell.ceil_only, ==,
                         info->windows == PV_WINDOWS_SLIDING
                           && (oh >= naive_count (c->H, c->k[0], c->s[0], c->p[0], c->d[0], false)
                               || ow >= naive_count (c->W, c->k[1], c->s[1], c->p[1], c->d[1],
                                                     false)));
      }

  /* Reverse mapping and coverage agree with the windows. */
  g_assert_cmpint (pv_plan_coverage (plan, 0, 0, coverage, NULL), ==, PV_OK);
  for (int64_t h = 0; h < H; h++)
    for (int64_t w = 0; w < W; w++)
      {
        size_t n = pv_plan_readers (plan, NULL, 0, 0, h, w, cells, plan->out_h * plan->out_w);

        g_assert_cmpuint (n, ==, readers[h * W + w]);
        g_assert_cmpuint (coverage[h * W + w], ==, readers[h * W + w]);
        for (size_t i = 0; i < n; i++)
          {
            pv_cell cell;

            pv_plan_cell (plan, input, NULL, 0, 0, cells[2 * i], cells[2 * i + 1], &cell, NULL);
            g_assert_true ((h - cell.row.start) % cell.row.step == 0);
            g_assert_true ((w - cell.col.start) % cell.col.step == 0);
          }
      }
}

static bool
never_stop (void *asked)
{
  g_atomic_int_inc ((int *) asked);
  return false;
}

static bool
stop_now (void *data)
{
  return true;
}

/* The winners counted over the input are the indices the run returns
 * (@indices, checked against the naive reference), one per cell with a
 * real tap; operators without a maximum have none to count. */
static void
check_wins (const pv_plan *plan, const pv_tensor *input, const int64_t *indices)
{
  int64_t n_in = plan->in_h * plan->in_w;
  g_autofree uint32_t *wins = g_new (uint32_t, n_in);
  g_autofree uint32_t *want = g_new0 (uint32_t, n_in);
  pv_error err;

  if (indices == NULL)
    {
      g_assert_cmpint (pv_plan_wins (plan, input, 0, 0, wins, &err), ==, PV_ERR_ARGUMENT);
      g_assert_nonnull (strstr (err.message, "only max pooling"));
      return;
    }
  for (int64_t i = 0; i < plan->out_h * plan->out_w; i++)
    {
      pv_cell cell;

      g_assert_cmpint (pv_plan_cell (plan, input, NULL, 0, 0, i / plan->out_w, i % plan->out_w,
                                     &cell, NULL),
                       ==, PV_OK);
      if (cell.has_winner)
        want[indices[i]]++;
    }
  memset (wins, 0xff, (size_t) n_in * sizeof *wins);
  g_assert_cmpint (pv_plan_wins (plan, input, 0, 0, wins, NULL), ==, PV_OK);
  g_assert_cmpmem (wins, (size_t) n_in * sizeof *wins, want, (size_t) n_in * sizeof *want);
  g_assert_cmpint (pv_plan_wins (plan, input, 1, 0, wins, &err), ==, PV_ERR_ARGUMENT);
  /* Asked to go on, the count is the same; asked to stop, it stops. */
  {
    int asked = 0;

    memset (wins, 0xff, (size_t) n_in * sizeof *wins);
    g_assert_cmpint (pv_plan_wins_until (plan, input, 0, 0, wins, never_stop, &asked, NULL), ==,
                     PV_OK);
    g_assert_cmpmem (wins, (size_t) n_in * sizeof *wins, want, (size_t) n_in * sizeof *want);
    g_assert_cmpint (asked, >=, 1);
    if (plan->out_h * plan->out_w > 0)
      {
        g_assert_cmpint (pv_plan_wins_until (plan, input, 0, 0, wins, stop_now, NULL, &err), ==,
                         PV_ERR_CANCELLED);
        g_assert_cmpint (err.status, ==, PV_ERR_CANCELLED);
      }
  }
}

static void
test_random_cases (void)
{
  pv_random rng;
  guint n_valid = 0, n_invalid = 0;

  pv_random_seed (&rng, 20261121);
  for (int n = 0; n < N_CASES; n++)
    {
      params_case c;
      pv_params params;
      pv_plan plan;
      pv_error err;
      pv_tensor input, output, indices;
      int64_t oh, ow;
      bool valid;
      gboolean is_max, adaptive;

      random_case (&rng, &c);
      {
        int64_t dims[2] = { c.H, c.W };
        int64_t dims1[2] = { 1, c.W };
        pv_shape shape = pv_op_get_info (c.op)->spatial_dims == 1 ? pv_shape_make (2, dims1)
                                                                   : pv_shape_make (2, dims);

        g_assert_cmpint (pv_tensor_alloc (&input, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
      }
      for (int64_t i = 0; i < c.H * c.W; i++)
        ((float *) input.data)[i] = random_value (&rng);

      to_params (&c, &params);
      valid = naive_valid (&c, &oh, &ow);
      if (pv_plan_init (&plan, &params, &input, NULL, &err) != PV_OK)
        {
          if (valid)
            g_error ("case %d (%s): the engine refused valid parameters: %s", n,
                     pv_op_get_info (c.op)->name, err.message);
          n_invalid++;
          pv_tensor_free (&input);
          continue;
        }
      if (!valid)
        g_error ("case %d (%s): the engine accepted invalid parameters", n,
                 pv_op_get_info (c.op)->name);
      g_assert_cmpint (plan.out_h, ==, oh);
      g_assert_cmpint (plan.out_w, ==, ow);
      n_valid++;

      is_max = pv_op_get_info (c.op)->reduce == PV_REDUCE_MAX;
      adaptive = pv_op_get_info (c.op)->windows == PV_WINDOWS_ADAPTIVE;
      g_assert_cmpint (pv_pool_alloc_outputs (&plan, &output, is_max ? &indices : NULL, NULL), ==,
                       PV_OK);
      g_assert_cmpint (pv_pool_run_reference (&plan, &input, NULL, &output,
                                              is_max ? &indices : NULL, NULL),
                       ==, PV_OK);
      {
        g_autofree float *y = g_new0 (float, oh * ow);
        g_autofree int64_t *idx = g_new0 (int64_t, oh * ow);
        const float *got = output.data;

        if (adaptive)
          naive_adaptive (&c, input.data, oh, ow, y, idx);
        else if (is_max)
          naive_max (&c, input.data, oh, ow, y, idx);
        else
          naive_avg_lp (&c, input.data, oh, ow, y);

        for (int64_t i = 0; i < oh * ow; i++)
          {
            /* Adaptive 1 x 1 is PyTorch's mean(), summed in another order. */
            gboolean exact = !adaptive && pv_op_get_info (c.op)->reduce == PV_REDUCE_AVG;
            gboolean ok = is_max ? same_float (got[i], y[i])
                          : exact || (adaptive && oh * ow > 1) ? same_sum (got[i], y[i])
                                                                : close_float (got[i], y[i]);

            if (!ok)
              g_error ("case %d (%s) cell %" G_GINT64_FORMAT ": engine %.9g, reference %.9g", n,
                       pv_op_get_info (c.op)->name, i, got[i], y[i]);
            if (is_max)
              g_assert_cmpint (((int64_t *) indices.data)[i], ==, idx[i]);
          }
        check_wins (&plan, &input, is_max ? indices.data : NULL);
        check_geometry (&c, &plan, &input, got);
        /* Without indices, max takes the fast paths, which must agree to
         * the bit (test-fast-paths.c covers them fully). */
        if (is_max)
          {
            pv_tensor fast;

            g_assert_cmpint (pv_pool_alloc_outputs (&plan, &fast, NULL, NULL), ==, PV_OK);
            g_assert_cmpint (pv_pool_run (&plan, &input, NULL, &fast, NULL, NULL), ==, PV_OK);
            for (int64_t i = 0; i < oh * ow; i++)
              if (!same_float (((float *) fast.data)[i], got[i]))
                g_error ("case %d (%s) cell %" G_GINT64_FORMAT ": fast %.9g, reference %.9g", n,
                         pv_op_get_info (c.op)->name, i, ((float *) fast.data)[i], got[i]);
            pv_tensor_free (&fast);
          }
      }
      pv_plan_clear (&plan);
      pv_tensor_free (&input);
      pv_tensor_free (&output);
      if (is_max)
        pv_tensor_free (&indices);
    }
  g_test_message ("%u valid and %u invalid parameter sets", n_valid, n_invalid);
  g_assert_cmpuint (n_valid, >, N_CASES / 2);
  g_assert_cmpuint (n_invalid, >, 50);
}

/* Winners of a plane large enough to be counted in many bands on the
 * thread pool, with windows that overlap the next band's rows (k = 3,
 * s = 2) and without (k = s = 2): the same counts as the indices. */
static void
test_wins_in_bands (void)
{
  pv_random rng;
  static const int shapes[][2] = { { 3, 2 }, { 2, 2 }, { 7, 1 } };

  pv_random_seed (&rng, 4096);
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      int64_t dims[2] = { 301, 257 };
      pv_shape shape = pv_shape_make (2, dims);
      pv_params params;
      pv_plan plan;
      pv_tensor input, output, indices;
      char k[8], st[8];

      g_assert_cmpint (pv_tensor_alloc (&input, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
      for (int64_t j = 0; j < dims[0] * dims[1]; j++)
        ((float *) input.data)[j] = random_value (&rng);
      pv_params_init (&params, PV_OP_MAX_POOL2D);
      g_snprintf (k, sizeof k, "%d", shapes[i][0]);
      g_snprintf (st, sizeof st, "%d", shapes[i][1]);
      pv_params_set_option (&params, "kernel-size", k, NULL);
      pv_params_set_option (&params, "stride", st, NULL);
      pv_params_set_option (&params, "padding", "1", NULL);
      g_assert_cmpint (pv_plan_init (&plan, &params, &input, NULL, NULL), ==, PV_OK);
      g_assert_cmpint (pv_pool_alloc_outputs (&plan, &output, &indices, NULL), ==, PV_OK);
      g_assert_cmpint (pv_pool_run_reference (&plan, &input, NULL, &output, &indices, NULL), ==,
                       PV_OK);
      check_wins (&plan, &input, indices.data);
      pv_plan_clear (&plan);
      pv_tensor_free (&input);
      pv_tensor_free (&output);
      pv_tensor_free (&indices);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/properties/random-against-naive-reference", test_random_cases);
  g_test_add_func ("/engine/properties/wins-in-bands", test_wins_in_bands);
  return g_test_run ();
}
