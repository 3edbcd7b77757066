/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "geometry.h"

#include "checked.h"

pv_size_derivation
pv_derive_size (int64_t in, int64_t kernel, int64_t stride, int64_t pad_before,
                int64_t pad_after, int64_t dilation, bool ceil_mode)
{
  pv_size_derivation d = {
    .in = in, .kernel = kernel, .stride = stride, .pad_before = pad_before,
    .pad_after = pad_after, .dilation = dilation, .ceil_mode = ceil_mode,
  };

  /* Parameters are int32 and sizes far below 2^62, so none of these
   * products or sums can overflow int64. */
  d.effective = dilation * (kernel - 1) + 1;
  d.numerator = in + pad_before + pad_after - d.effective;
  if (stride == 0)
    return d; /* rejected by the plan before the size is used */

  d.floor_out = pv_floor_div (d.numerator, stride) + 1;
  d.ceil_out = pv_floor_div (d.numerator + stride - 1, stride) + 1;
  d.last_start = (d.ceil_out - 1) * stride;
  d.out = d.floor_out;
  if (ceil_mode)
    {
      d.out = d.ceil_out;
      /* PyTorch drops a last window that would start in the right padding
       * (or beyond it); it compares in padded coordinates, hence + pad_before. */
      if ((d.ceil_out - 1) * stride >= in + pad_before)
        {
          d.out--;
          d.drop_fired = true;
        }
    }
  return d;
}

pv_axis
pv_axis_sliding (const pv_size_derivation *size)
{
  pv_axis axis = {
    .kind = PV_WINDOWS_SLIDING,
    .in = size->in,
    .out = size->out,
    .kernel = size->kernel,
    .stride = size->stride,
    .dilation = size->dilation,
    .pad_before = size->pad_before,
    .pad_after = size->pad_after,
    .ceil_mode = size->ceil_mode,
    .floor_out = size->floor_out < 0 ? 0 : size->floor_out,
  };

  return axis;
}

pv_axis
pv_axis_adaptive (int64_t in, int64_t out)
{
  pv_axis axis = {
    .kind = PV_WINDOWS_ADAPTIVE, .in = in, .out = out, .stride = 1, .dilation = 1,
    .floor_out = out,
  };

  return axis;
}

pv_axis
pv_axis_fractional (int64_t in, int64_t out, int64_t kernel, bool in_double)
{
  pv_axis axis = {
    .kind = PV_WINDOWS_FRACTIONAL, .in = in, .out = out, .kernel = kernel, .stride = 1,
    .dilation = 1, .floor_out = out, .fractional_double = in_double,
  };

  return axis;
}

void
pv_axis_set_sample (pv_axis *axis, double sample)
{
  axis->sample = sample;
}

int64_t
pv_adaptive_start (int64_t o, int64_t in, int64_t out)
{
  /* floor(o * in / out), in the overflow-safe form modern ATen uses. */
  return (o / out) * in + ((o % out) * in) / out;
}

int64_t
pv_adaptive_end (int64_t o, int64_t in, int64_t out)
{
  /* ceil((o + 1) * in / out) */
  return 1 + ((o + 1) * in - 1) / out;
}

int64_t
pv_fractional_start (const pv_axis *axis, int64_t o)
{
  int64_t span = axis->in - axis->kernel;

  if (o >= axis->out - 1)
    return span; /* the last window is pinned to the end of the axis */

  /* The arithmetic type matters: PyTorch works in the input's dtype, and
   * computing a float input's starts in double changes the truncation in
   * rare cases. */
  if (axis->fractional_double)
    {
      double u = axis->sample;
      double alpha = (double) span / (double) (axis->out - 1);

      return (int) (((double) o + u) * alpha) - (int) (u * alpha);
    }
  else
    {
      float u = (float) axis->sample;
      float alpha = (float) span / (float) (axis->out - 1);
      float scaled = ((float) o + u) * alpha;
      float offset = u * alpha;

      return (int) scaled - (int) offset;
    }
}

void
pv_axis_window (const pv_axis *axis, int64_t o, pv_window *w)
{
  int64_t jb, je, je_counted;

  switch (axis->kind)
    {
    case PV_WINDOWS_ADAPTIVE:
      w->start = pv_adaptive_start (o, axis->in, axis->out);
      w->step = 1;
      w->n_taps = pv_adaptive_end (o, axis->in, axis->out) - w->start;
      break;
    case PV_WINDOWS_FRACTIONAL:
      w->start = pv_fractional_start (axis, o);
      w->step = 1;
      w->n_taps = axis->kernel;
      break;
    case PV_WINDOWS_SLIDING:
    default:
      w->start = o * axis->stride - axis->pad_before;
      w->step = axis->dilation;
      w->n_taps = axis->kernel;
      break;
    }

  /* The same classification for every kind keeps reads in bounds even if a
   * window were to stray outside the input. */
  jb = w->start >= 0 ? 0 : pv_ceil_div (-w->start, w->step);
  je = pv_ceil_div (axis->in - w->start, w->step);
  je_counted = pv_ceil_div (axis->in + axis->pad_after - w->start, w->step);

  w->first_pos = w->start + jb * w->step;
  w->real_first = jb < w->n_taps ? jb : w->n_taps;
  w->real_end = je < w->real_first ? w->real_first : je > w->n_taps ? w->n_taps : je;
  w->counted_end = je_counted < 0 ? 0 : je_counted > w->n_taps ? w->n_taps : je_counted;
}

size_t
pv_axis_readers (const pv_axis *axis, int64_t pos, int64_t *outs, size_t max)
{
  size_t count = 0;
  int64_t lo = 0, hi = axis->out - 1;

  if (pos < 0 || pos >= axis->in)
    return 0;

  if (axis->kind == PV_WINDOWS_SLIDING && axis->stride > 0)
    {
      int64_t extent = axis->dilation * (axis->kernel - 1);
      int64_t first = pv_ceil_div (pos + axis->pad_before - extent, axis->stride);
      int64_t last = pv_floor_div (pos + axis->pad_before, axis->stride);

      lo = first > lo ? first : lo;
      hi = last < hi ? last : hi;
    }

  for (int64_t o = lo; o <= hi; o++)
    {
      pv_window w;
      int64_t offset;

      pv_axis_window (axis, o, &w);
      offset = pos - w.start;
      if (offset < 0 || offset % w.step != 0)
        continue;
      if (offset / w.step < w.real_first || offset / w.step >= w.real_end)
        continue;
      if (count < max)
        outs[count] = o;
      count++;
    }
  return count;
}

void
pv_axis_coverage (const pv_axis *axis, uint32_t *counts)
{
  for (int64_t o = 0; o < axis->out; o++)
    {
      pv_window w;

      pv_axis_window (axis, o, &w);
      for (int64_t j = w.real_first; j < w.real_end; j++)
        counts[pv_window_tap_pos (&w, j)]++;
    }
}
