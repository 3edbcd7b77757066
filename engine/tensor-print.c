/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tensor-print.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define THRESHOLD 1000
#define EDGE 3
#define LINE_WIDTH 80
#define PRECISION 4
#define INDENT 7 /* strlen ("tensor(") */

typedef struct
{
  bool floating;
  bool int_mode;
  bool sci_mode;
  size_t width;
} formatter;

typedef struct
{
  const pv_tensor *t;
  bool summarize;
  formatter f;
  pv_strbuf out;
} printer;

static void
format_raw (const formatter *f, const pv_tensor *t, size_t i, char *buf, size_t size)
{
  if (!f->floating)
    {
      long long v = t->dtype == PV_DTYPE_I64 ? (long long) ((const int64_t *) t->data)[i]
                                             : (long long) pv_tensor_get (t, i);

      snprintf (buf, size, "%lld", v);
      return;
    }
  {
    double v = pv_tensor_get (t, i);

    if (f->sci_mode)
      snprintf (buf, size, "%.*e", PRECISION, v);
    else if (f->int_mode)
      snprintf (buf, size, isfinite (v) ? "%.0f." : "%.0f", v);
    else
      snprintf (buf, size, "%.*f", PRECISION, v);
    /* C prints a negative NaN as "-nan"; Python prints "nan". */
    if (isnan (v))
      snprintf (buf, size, "nan");
  }
}

/* Visits the flat indices PyTorch's formatter looks at: all of them, or
 * with summarizing only the first and last EDGE along every axis. */
static void
visit (const pv_tensor *t, int dim, size_t base, bool summarize,
       void (*fn) (void *data, size_t i), void *data)
{
  int64_t n = t->shape.dims[dim];
  size_t stride = 1;

  for (int d = dim + 1; d < t->shape.rank; d++)
    stride *= (size_t) t->shape.dims[d];
  for (int64_t i = 0; i < n; i++)
    {
      if (summarize && n > 2 * EDGE && i == EDGE)
        i = n - EDGE;
      if (dim + 1 == t->shape.rank)
        fn (data, base + (size_t) i);
      else
        visit (t, dim + 1, base + (size_t) i * stride, summarize, fn, data);
    }
}

typedef struct
{
  const pv_tensor *t;
  bool all_int;
  bool any;
  double min_abs, max_abs;
} stats;

static void
collect_stats (void *data, size_t i)
{
  stats *s = data;
  double v = pv_tensor_get (s->t, i);

  if (!isfinite (v) || v == 0.0)
    return;
  if (v != ceil (v))
    s->all_int = false;
  if (!s->any || fabs (v) < s->min_abs)
    s->min_abs = fabs (v);
  if (!s->any || fabs (v) > s->max_abs)
    s->max_abs = fabs (v);
  s->any = true;
}

typedef struct
{
  const pv_tensor *t;
  formatter *f;
  bool int_width;   /* int mode: width of "%.0f" + 1 */
} width_pass;

static void
collect_width (void *data, size_t i)
{
  width_pass *w = data;
  char buf[64];
  size_t len;

  if (w->f->floating)
    {
      double v = pv_tensor_get (w->t, i);

      if (!isfinite (v) || v == 0.0)
        return;
    }
  format_raw (w->f, w->t, i, buf, sizeof buf);
  len = strlen (buf);
  if (len > w->f->width)
    w->f->width = len;
}

static void
build_formatter (printer *pr)
{
  const pv_tensor *t = pr->t;
  formatter *f = &pr->f;
  stats s = { t, true, false, 0, 0 };
  width_pass w = { t, f, false };

  f->floating = t->dtype == PV_DTYPE_F32 || t->dtype == PV_DTYPE_F64;
  f->int_mode = true;
  f->sci_mode = false;
  f->width = 1;

  if (!f->floating)
    {
      visit (t, 0, 0, pr->summarize, collect_width, &w);
      return;
    }
  visit (t, 0, 0, pr->summarize, collect_stats, &s);
  if (!s.any)
    return;
  f->int_mode = s.all_int;
  if (s.max_abs / s.min_abs > 1000.0 || s.max_abs > 1.0e8 || (!s.all_int && s.min_abs < 1.0e-4))
    f->sci_mode = true;
  /* In integer mode the width counts the trailing "." too: "%.0f." is one
   * longer than "%.0f", which format_raw() already includes. */
  visit (t, 0, 0, pr->summarize, collect_width, &w);
}

static void
append_value (printer *pr, size_t i)
{
  char buf[64];
  size_t len;

  format_raw (&pr->f, pr->t, i, buf, sizeof buf);
  len = strlen (buf);
  if (len < pr->f.width)
    pv_strbuf_append_repeat (&pr->out, ' ', pr->f.width - len);
  pv_strbuf_append (&pr->out, buf);
}

static void
print_vector (printer *pr, size_t base, size_t indent)
{
  int64_t n = pr->t->shape.dims[pr->t->shape.rank - 1];
  size_t element = pr->f.width + 2;
  size_t per_line = indent < LINE_WIDTH ? (LINE_WIDTH - indent) / element : 0;
  size_t on_line = 0;
  bool summarized = pr->summarize && n > 2 * EDGE;

  if (per_line < 1)
    per_line = 1;
  pv_strbuf_append (&pr->out, "[");
  for (int64_t i = 0; i < n; i++)
    {
      if (i > 0)
        {
          if (on_line == per_line)
            {
              pv_strbuf_append (&pr->out, ",\n");
              pv_strbuf_append_repeat (&pr->out, ' ', indent + 1);
              on_line = 0;
            }
          else
            pv_strbuf_append (&pr->out, ", ");
        }
      if (summarized && i == EDGE)
        {
          pv_strbuf_append (&pr->out, " ...");
          on_line++;
          i = n - EDGE - 1;
          continue;
        }
      append_value (pr, base + (size_t) i);
      on_line++;
    }
  pv_strbuf_append (&pr->out, "]");
}

static void
print_tensor (printer *pr, int dim, size_t base, size_t indent)
{
  const pv_tensor *t = pr->t;
  int64_t n = t->shape.dims[dim];
  size_t stride = 1;
  int remaining = t->shape.rank - dim;

  if (remaining == 1)
    {
      print_vector (pr, base, indent);
      return;
    }
  for (int d = dim + 1; d < t->shape.rank; d++)
    stride *= (size_t) t->shape.dims[d];

  pv_strbuf_append (&pr->out, "[");
  for (int64_t i = 0; i < n; i++)
    {
      if (i > 0)
        {
          pv_strbuf_append (&pr->out, ",");
          pv_strbuf_append_repeat (&pr->out, '\n', (size_t) (remaining - 1));
          pv_strbuf_append_repeat (&pr->out, ' ', indent + 1);
        }
      if (pr->summarize && n > 2 * EDGE && i == EDGE)
        {
          pv_strbuf_append (&pr->out, "...");
          i = n - EDGE - 1;
          continue;
        }
      print_tensor (pr, dim + 1, base + (size_t) i * stride, indent + 1);
    }
  pv_strbuf_append (&pr->out, "]");
}

/* PyTorch's _add_suffixes(): each suffix ("size=...", "dtype=...") follows
 * ", " on the last line, or goes on a line of its own under "tensor(" when
 * that line would pass the line width. PyTorch measures the last line as
 * len(s) - s.rfind("\n") + 1, two more than the characters on it, and
 * that is what decides where a suffix wraps. */
static void
add_suffixes (pv_strbuf *out, const char *const *suffixes, int n)
{
  const char *newline;
  size_t last;

  if (out->failed)
    return;
  newline = strrchr (out->s, '\n');
  last = out->len - (newline != NULL ? (size_t) (newline - out->s) + 1 : 0) + 2;
  for (int i = 0; i < n; i++)
    {
      size_t len = strlen (suffixes[i]);

      if (last + len + 2 > LINE_WIDTH)
        {
          pv_strbuf_append (out, ",\n");
          pv_strbuf_append_repeat (out, ' ', INDENT);
          last = INDENT + len;
        }
      else
        {
          pv_strbuf_append (out, ", ");
          last += len + 2;
        }
      pv_strbuf_append (out, suffixes[i]);
    }
  pv_strbuf_append (out, ")");
}

pv_status
pv_tensor_format_torch (const pv_tensor *tensor, char **text, pv_error *err)
{
  printer pr = { tensor, false, { 0 }, { 0 } };
  const char *suffixes[2];
  char size[32 + PV_MAX_RANK * 24], dtype[32];
  int n_suffixes = 0;
  size_t numel;

  if (pv_shape_numel (&tensor->shape, &numel) != PV_OK)
    return pv_error_set (err, PV_ERR_OVERFLOW, PV_FIELD_NONE, "tensor is too large");

  pv_strbuf_append (&pr.out, "tensor(");
  if (tensor->shape.rank == 0)
    {
      printer scalar = pr;

      build_formatter (&scalar);
      scalar.f.width = 0;
      append_value (&scalar, 0);
      pr.out = scalar.out;
    }
  else if (numel == 0)
    {
      /* PyTorch gives an empty tensor's size unless it is 1-D, as NumPy
       * does. */
      pv_strbuf_append (&pr.out, "[]");
      if (tensor->shape.rank > 1)
        {
          size_t used = (size_t) snprintf (size, sizeof size, "size=(");

          for (int i = 0; i < tensor->shape.rank; i++)
            used += (size_t) snprintf (size + used, sizeof size - used, "%s%lld", i ? ", " : "",
                                       (long long) tensor->shape.dims[i]);
          snprintf (size + used, sizeof size - used, ")");
          suffixes[n_suffixes++] = size;
        }
    }
  else
    {
      pr.summarize = numel > THRESHOLD;
      build_formatter (&pr);
      print_tensor (&pr, 0, 0, INDENT);
    }
  /* float32 is PyTorch's default dtype and goes without saying; int64
   * shows in its values ("tensor([1, 2])"), so it is said only when there
   * are none. */
  if (tensor->dtype != PV_DTYPE_F32 && (tensor->dtype != PV_DTYPE_I64 || numel == 0))
    {
      snprintf (dtype, sizeof dtype, "dtype=torch.%s", pv_dtype_name (tensor->dtype));
      suffixes[n_suffixes++] = dtype;
    }
  add_suffixes (&pr.out, suffixes, n_suffixes);

  if (pr.out.failed)
    {
      free (pr.out.s);
      return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory");
    }
  *text = pr.out.s;
  return PV_OK;
}
