/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A template, included by reduce.c once per element type with PV_T (the
 * type), PV_NAME(x) (a name suffix), PV_SQRT and PV_POW defined. Each type
 * keeps its own arithmetic: PyTorch sums float32 windows in float, so a
 * double accumulator would be more accurate and not the same. */

static PV_T
PV_NAME (lp_pow) (PV_T x, double exponent)
{
  /* ATen's pow(tensor, scalar) special-cases these exponents. */
  if (exponent == 2.0)
    return x * x;
  if (exponent == 3.0)
    return x * x * x;
  if (exponent == 0.5)
    return PV_SQRT (x);
  if (exponent == -0.5)
    return (PV_T) 1 / PV_SQRT (x);
  if (exponent == -1.0)
    return (PV_T) 1 / x;
  if (exponent == -2.0)
    return (PV_T) 1 / (x * x);
  return PV_POW (x, (PV_T) exponent);
}

static PV_T
PV_NAME (window_max) (const PV_T *plane, int64_t W, const pv_window *wh, const pv_window *ww,
                      int64_t *index)
{
  PV_T best = (PV_T) -INFINITY;
  /* A window without a real tap keeps -inf and this index, even when it
   * lies outside the input (pooling contract, section 2.5). */
  int64_t best_i = wh->first_pos * W + ww->first_pos;

  for (int64_t jh = wh->real_first; jh < wh->real_end; jh++)
    {
      int64_t h = pv_window_tap_pos (wh, jh);
      const PV_T *row = plane + h * W;

      for (int64_t jw = ww->real_first; jw < ww->real_end; jw++)
        {
          int64_t w = pv_window_tap_pos (ww, jw);
          PV_T v = row[w];

          /* Strict ">" keeps the first maximum; "isnan" makes the last NaN
           * win, with its own payload and index. */
          if (v > best || isnan (v))
            {
              best = v;
              best_i = h * W + w;
            }
        }
    }
  *index = best_i;
  return best;
}

static PV_T
PV_NAME (window_sum) (const PV_T *plane, int64_t W, const pv_window *wh, const pv_window *ww,
                      double exponent, bool powered)
{
  PV_T acc = 0;

  for (int64_t jh = wh->real_first; jh < wh->real_end; jh++)
    {
      const PV_T *row = plane + pv_window_tap_pos (wh, jh) * W;

      for (int64_t jw = ww->real_first; jw < ww->real_end; jw++)
        {
          PV_T v = row[pv_window_tap_pos (ww, jw)];

          acc += powered ? PV_NAME (lp_pow) (v, exponent) : v;
        }
    }
  return acc;
}

void
PV_NAME (pv_reduce_cell) (const pv_plan *plan, const PV_T *plane, const pv_window *wh,
                          const pv_window *ww, bool mean_of_plane, PV_T *out, pv_reduction *r)
{
  int64_t W = plan->in_w;
  int64_t n_real = pv_window_n_real (wh) * pv_window_n_real (ww);

  r->index = -1;
  r->divisor = 0;
  r->rule = PV_DIVISOR_NONE;

  if (plan->info->reduce == PV_REDUCE_MAX)
    {
      *out = PV_NAME (window_max) (plane, W, wh, ww, &r->index);
      return;
    }

  if (plan->info->reduce == PV_REDUCE_LP)
    {
      /* PyTorch: avg_pool(x^p) with no padding, then sign(a) * relu(|a|),
       * times the full kernel area, to the power 1/p. The avg divides by
       * the real count, so a partial ceil_mode window is rescaled by
       * kernel_area / real_count. */
      PV_T a = PV_NAME (window_sum) (plane, W, wh, ww, plan->norm_type, true);

      r->divisor = n_real;
      r->rule = PV_DIVISOR_REAL_COUNT;
      a = a / (PV_T) n_real;
      if (a == 0)
        a = 0; /* sign(-0) * relu(0) is +0 */
      a = a * (PV_T) plan->kernel_area;
      *out = PV_NAME (lp_pow) (a, 1.0 / plan->norm_type);
      return;
    }

  if (plan->info->windows != PV_WINDOWS_SLIDING)
    {
      int64_t kh = wh->n_taps, kw = ww->n_taps;

      if (mean_of_plane)
        {
          /* PyTorch computes adaptive 1 x 1 with mean(), a different
           * summation order; a double sum is closer to it than a float one. */
          double acc = 0.0;

          for (int64_t i = 0; i < plan->in_h * W; i++)
            acc += (double) plane[i];
          r->divisor = plan->in_h * W;
          r->rule = PV_DIVISOR_MEAN;
          *out = (PV_T) (acc / (double) r->divisor);
          return;
        }
      r->divisor = kh * kw;
      r->rule = PV_DIVISOR_ADAPTIVE;
      *out = PV_NAME (window_sum) (plane, W, wh, ww, 1.0, false) / (PV_T) kh / (PV_T) kw;
      return;
    }

  /* Sliding average, as ATen's cpu_avg_pool. */
  {
    const pv_params *q = &plan->params;
    PV_T sum = PV_NAME (window_sum) (plane, W, wh, ww, 1.0, false);
    PV_T y;

    if (q->op == PV_OP_AVG_POOL2D && q->has_divisor_override)
      {
        r->divisor = q->divisor_override;
        r->rule = PV_DIVISOR_OVERRIDE;
      }
    else if (plan->count_padding)
      {
        r->divisor = wh->counted_end * ww->counted_end;
        r->rule = wh->counted_end == wh->n_taps && ww->counted_end == ww->n_taps
                    ? PV_DIVISOR_KERNEL_AREA
                    : PV_DIVISOR_CLIPPED;
      }
    else
      {
        r->divisor = n_real;
        r->rule = PV_DIVISOR_REAL_COUNT;
      }

    /* ATen skips a window without real elements, leaving 0; PyTorch's
     * argument limits make that unreachable, the same/valid extension too. */
    if (n_real == 0)
      y = 0;
    else
      y = sum / (PV_T) r->divisor;
    if (q->temperature != 1.0)
      y = y * (PV_T) q->temperature;
    *out = y;
  }
}
