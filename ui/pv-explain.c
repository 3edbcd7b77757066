/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-explain.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "engine/formula.h"

/* Long windows are cut short in the text; the picture shows them whole. */
#define MAX_TERMS 12

void
pv_format_number (double v, char *buf, gsize size)
{
  if (isnan (v))
    g_strlcpy (buf, "nan", size);
  else if (isinf (v))
    g_strlcpy (buf, v > 0 ? "inf" : "-inf", size);
  else if (v == floor (v) && fabs (v) < 1e15)
    g_snprintf (buf, size, "%.0f", v);
  else
    g_snprintf (buf, size, "%.6g", v);
}

static void
append_number (GString *s, double v)
{
  char buf[48];

  pv_format_number (v, buf, sizeof buf);
  g_string_append (s, buf);
}

/* Appends the terms of the window in row-major order: real taps' values,
 * and with @with_padding the padding taps that the divisor counts (as 0). */
static guint
append_terms (GString *s, const pv_plan *plan, const float *plane, const pv_cell *cell,
              const char *separator, gboolean with_padding, double exponent)
{
  guint n = 0, shown = 0;

  for (int64_t jh = 0; jh < cell->row.n_taps; jh++)
    for (int64_t jw = 0; jw < cell->col.n_taps; jw++)
      {
        pv_tap_kind kh = pv_window_tap_kind (&cell->row, jh);
        pv_tap_kind kw = pv_window_tap_kind (&cell->col, jw);
        gboolean real = kh == PV_TAP_REAL && kw == PV_TAP_REAL;
        gboolean counted = kh != PV_TAP_OVERHANG && kw != PV_TAP_OVERHANG;
        double v;

        if (!real && !(with_padding && counted))
          continue;
        n++;
        if (shown == MAX_TERMS)
          continue;
        v = real ? plane[pv_window_tap_pos (&cell->row, jh) * plan->in_w
                         + pv_window_tap_pos (&cell->col, jw)]
                 : 0.0;
        if (shown++ > 0)
          g_string_append (s, separator);
        /* A power of a negative term is written (-9)^2: -9^2 reads as
         * -(9^2) to anyone who learnt algebra. */
        if (exponent != 1.0 && signbit (v))
          g_string_append_c (s, '(');
        append_number (s, v);
        if (exponent != 1.0)
          {
            if (signbit (v))
              g_string_append_c (s, ')');
            g_string_append_c (s, '^');
            append_number (s, exponent);
          }
      }
  if (n > shown)
    {
      g_string_append (s, separator);
      /* TRANSLATORS: the end of a long sum cut short, e.g. "1 + 2 + … (49 terms)". */
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "… (%u term)", "… (%u terms)", n), n);
    }
  return n;
}

char *
pv_explain_computation (const pv_plan *plan, const float *plane, const pv_cell *cell)
{
  GString *s = g_string_new (NULL);
  const pv_op_info *info = plan->info;
  const pv_params *q = &plan->params;

  if (info->windows == PV_WINDOWS_UNPOOL)
    {
      append_number (s, cell->value);
      return g_string_free (s, FALSE);
    }

  if (info->reduce == PV_REDUCE_MAX)
    {
      if (cell->empty)
        {
          g_string_append (s, _("no real cell in the window (dilation skips the input): "
                                "max() of nothing = -inf"));
          return g_string_free (s, FALSE);
        }
      g_string_append (s, "max(");
      append_terms (s, plan, plane, cell, ", ", FALSE, 1.0);
      g_string_append (s, ") = ");
      append_number (s, cell->value);
      return g_string_free (s, FALSE);
    }

  if (info->reduce == PV_REDUCE_LP)
    {
      g_string_append (s, "((");
      append_terms (s, plan, plane, cell, " + ", FALSE, plan->norm_type);
      g_string_append_printf (s, ") / %" PRId64 " × %" PRId64 ")^(1/",
                              cell->reduction.divisor, plan->kernel_area);
      append_number (s, plan->norm_type);
      g_string_append (s, ") = ");
      append_number (s, cell->value);
      return g_string_free (s, FALSE);
    }

  if (cell->reduction.rule == PV_DIVISOR_MEAN)
    {
      g_string_append_printf (s, _("mean of all %" PRId64 " values = "),
                              cell->reduction.divisor);
      append_number (s, cell->value);
      return g_string_free (s, FALSE);
    }

  g_string_append (s, "(");
  append_terms (s, plan, plane, cell, " + ", plan->count_padding
                && info->windows == PV_WINDOWS_SLIDING, 1.0);
  g_string_append (s, ")");
  if (cell->reduction.rule == PV_DIVISOR_ADAPTIVE)
    g_string_append_printf (s, " / %" PRId64 " / %" PRId64, cell->row.n_taps,
                            cell->col.n_taps);
  else
    g_string_append_printf (s, " / %" PRId64, cell->reduction.divisor);
  if (info->windows == PV_WINDOWS_SLIDING && q->temperature != 1.0)
    {
      g_string_append (s, " × ");
      append_number (s, q->temperature);
    }
  g_string_append (s, " = ");
  append_number (s, cell->value);
  return g_string_free (s, FALSE);
}

char *
pv_explain_divisor (const pv_plan *plan, const pv_cell *cell)
{
  const pv_reduction *r = &cell->reduction;

  switch (r->rule)
    {
    case PV_DIVISOR_KERNEL_AREA:
      return g_strdup_printf (_("Divisor %" PRId64 ": the kernel's %" PRId64
                                " × %" PRId64 " cells, padding included "
                                "(count_include_pad)"),
                              r->divisor, cell->row.n_taps, cell->col.n_taps);
    case PV_DIVISOR_CLIPPED:
      return g_strdup_printf (_("Divisor %" PRId64 ": the window clipped to the padded "
                                "input, %" PRId64 " × %" PRId64 "; the "
                                "ceil_mode overhang is not counted"),
                              r->divisor, cell->row.counted_end, cell->col.counted_end);
    case PV_DIVISOR_REAL_COUNT:
      if (plan->info->reduce == PV_REDUCE_LP)
        return g_strdup_printf (_("%" PRId64 " real cells, rescaled to the kernel's "
                                  "%" PRId64 " (LP pooling)"),
                                r->divisor, plan->kernel_area);
      return g_strdup_printf (_("Divisor %" PRId64 ": the real cells only; padding is "
                                "not counted"),
                              r->divisor);
    case PV_DIVISOR_OVERRIDE:
      return g_strdup_printf (_("Divisor %" PRId64 ": divisor_override"), r->divisor);
    case PV_DIVISOR_ADAPTIVE:
      return g_strdup_printf (_("Divided by the window's %" PRId64 " rows, then its %"
                                PRId64 " columns, as PyTorch does"),
                              cell->row.n_taps, cell->col.n_taps);
    case PV_DIVISOR_MEAN:
      return g_strdup (_("A 1 × 1 output is the mean of the whole plane"));
    case PV_DIVISOR_NONE:
    default:
      return NULL;
    }
}

/* "3–5" or "3". */
static void
append_range (GString *s, const pv_window *w)
{
  int64_t first = w->start, last = w->start + (w->n_taps - 1) * w->step;

  if (first == last)
    g_string_append_printf (s, "%" PRId64, first);
  else
    g_string_append_printf (s, "%" PRId64 "–%" PRId64, first, last);
  if (w->step > 1)
    g_string_append_printf (s, _(" every %" PRId64), w->step);
}

char *
pv_explain_window (const pv_plan *plan, const pv_cell *cell)
{
  GString *s = g_string_new (NULL);
  gboolean padding = FALSE, overhang = FALSE;

  if (plan->info->spatial_dims == 2)
    {
      g_string_append (s, _("rows "));
      append_range (s, &cell->row);
      g_string_append (s, _(", columns "));
    }
  else
    g_string_append (s, _("positions "));
  append_range (s, &cell->col);

  for (int64_t j = 0; j < cell->row.n_taps; j++)
    {
      padding |= pv_window_tap_kind (&cell->row, j) == PV_TAP_PADDING;
      overhang |= pv_window_tap_kind (&cell->row, j) == PV_TAP_OVERHANG;
    }
  for (int64_t j = 0; j < cell->col.n_taps; j++)
    {
      padding |= pv_window_tap_kind (&cell->col, j) == PV_TAP_PADDING;
      overhang |= pv_window_tap_kind (&cell->col, j) == PV_TAP_OVERHANG;
    }
  if (padding)
    g_string_append (s, plan->info->reduce == PV_REDUCE_MAX
                          ? _("; reaches into the padding (never wins)")
                          : _("; reaches into the padding"));
  if (overhang)
    g_string_append (s, _("; overhangs the padded input (ceil_mode)"));
  if (cell->ceil_only)
    g_string_append (s, _("; this cell exists only because of ceil_mode"));
  return g_string_free (s, FALSE);
}

static void
explain_sliding_axis (GString *s, const char *axis, const pv_size_derivation *d)
{
  char formula[160], test[96];

  pv_format_size_formula (d, formula, sizeof formula);
  g_string_append_printf (s, "%s: out = %s\n", axis, formula);
  if (d->ceil_mode)
    {
      pv_format_drop_test (d, test, sizeof test);
      if (d->drop_fired)
        g_string_append_printf (s, _("    the last window would start at %s, in the padding: "
                                     "dropped, so %" PRId64 "\n"),
                                test, d->out);
      else
        g_string_append_printf (s, _("    the last window starts at %s: kept\n"), test);
    }
  else
    {
      int64_t with_ceil = d->ceil_out - ((d->ceil_out - 1) * d->stride >= d->in + d->pad_before);

      if (with_ceil != d->out)
        g_string_append_printf (s, _("    with ceil_mode it would be %" PRId64 "\n"),
                                with_ceil);
    }
  if (d->pad_before != d->pad_after)
    g_string_append_printf (s, _("    padding %" PRId64 " before, %" PRId64
                                 " after\n"),
                            d->pad_before, d->pad_after);
}

static void
explain_adaptive_axis (GString *s, const char *axis, int64_t in, int64_t out,
                       const pv_window *pointed, int64_t o)
{
  int64_t k, st;

  g_string_append_printf (s, _("%s: window i covers [floor(i·%" PRId64 "/%" PRId64
                               "), ceil((i+1)·%" PRId64 "/%" PRId64 "))\n"),
                          axis, in, out, in, out);
  if (pointed != NULL)
    {
      char start[96], end[96];

      pv_format_adaptive_start (o, in, out, start, sizeof start);
      pv_format_adaptive_end (o, in, out, end, sizeof end);
      g_string_append_printf (s, _("    for i = %" PRId64 ": from %s to %s\n"), o, start,
                              end);
    }
  if (pv_adaptive_equivalent (in, out, &k, &st))
    g_string_append_printf (s, _("    %" PRId64 " mod %" PRId64 " = %"
                                 PRId64 ": the same windows as kernel %" PRId64
                                 ", stride %" PRId64 "\n"),
                            in, out, in % out, k, st);
  else if (out > in)
    g_string_append (s, _("    more outputs than inputs: windows repeat input cells\n"));
  else
    g_string_append_printf (s, _("    %" PRId64 " mod %" PRId64 " = %"
                                 PRId64 ", not 0 or 1: no fixed kernel and stride give "
                                 "these windows\n"),
                            in, out, in % out);
}

char *
pv_explain_formulas (const pv_plan *plan, const pv_cell *cell)
{
  GString *s = g_string_new (NULL);
  const pv_op_info *info = plan->info;
  const pv_params *q = &plan->params;
  gboolean one_d = info->spatial_dims == 1;

  switch (info->windows)
    {
    case PV_WINDOWS_SLIDING:
      if (!one_d)
        explain_sliding_axis (s, "H", &plan->size[0]);
      explain_sliding_axis (s, one_d ? "L" : "W", &plan->size[1]);
      if (info->reduce == PV_REDUCE_AVG)
        {
          if (q->op == PV_OP_AVG_POOL2D && q->has_divisor_override)
            g_string_append_printf (s, _("Every window is divided by divisor_override = %"
                                         PRId64 ".\n"),
                                    q->divisor_override);
          else if (q->padding_mode != PV_PADDING_EXPLICIT)
            g_string_append (s, _("Padding \"same\" or \"valid\" never counts: each window is "
                                  "divided by its real cells, as TensorFlow does.\n"));
          else if (q->count_include_pad)
            g_string_append (s, _("count_include_pad=True: padding counts in the divisor; the "
                                  "ceil_mode overhang past the padding does not.\n"));
          else
            g_string_append (s, _("count_include_pad=False: each window is divided by its real "
                                  "cells only.\n"));
        }
      else if (info->reduce == PV_REDUCE_LP)
        g_string_append (s, _("LP pooling is PyTorch's (sum of x^p / n × kernel area)^(1/p): no "
                              "abs(), and partial ceil_mode windows are rescaled.\n"));
      else
        g_string_append (s, _("Padding never wins a max; a NaN anywhere in a window makes it "
                              "NaN.\n"));
      break;
    case PV_WINDOWS_ADAPTIVE:
      if (!one_d)
        explain_adaptive_axis (s, "H", plan->in_h, plan->out_h, cell ? &cell->row : NULL,
                               cell ? cell->oh : 0);
      explain_adaptive_axis (s, one_d ? "L" : "W", plan->in_w, plan->out_w,
                             cell ? &cell->col : NULL, cell ? cell->ow : 0);
      if (info->reduce == PV_REDUCE_AVG)
        g_string_append (s, _("Each window is divided by its rows, then by its columns.\n"));
      break;
    case PV_WINDOWS_FRACTIONAL:
      if (q->n_output_ratio > 0)
        for (int i = 0; i < 2; i++)
          {
            char formula[96];

            pv_format_ratio_size (i == 0 ? plan->in_h : plan->in_w,
                                  q->output_ratio[q->n_output_ratio > 1 ? i : 0],
                                  i == 0 ? plan->out_h : plan->out_w, formula, sizeof formula);
            g_string_append_printf (s, "%s: out = %s\n", i == 0 ? "H" : "W", formula);
          }
      g_string_append_printf (s, _("Windows of %" PRId64 " × %" PRId64 " start "
                                   "at pseudo-random places drawn from the seed; the last one on "
                                   "each axis ends at the edge.\n"),
                              plan->axis[0].kernel, plan->axis[1].kernel);
      break;
    case PV_WINDOWS_PYRAMID:
      g_string_append_printf (s,
                              ngettext ("Levels: adaptive pooling to l × l for each level l, "
                                        "flattened and concatenated: %" PRId64 " value a "
                                        "channel.\n",
                                        "Levels: adaptive pooling to l × l for each level l, "
                                        "flattened and concatenated: %" PRId64 " values a "
                                        "channel.\n",
                                        (gulong) plan->pyramid_cells),
                              plan->pyramid_cells);
      break;
    default:
      break;
    }
  if (s->len > 0 && s->str[s->len - 1] == '\n')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}
