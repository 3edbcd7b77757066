/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "params.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const pv_op_info op_table[PV_OP_COUNT] = {
  [PV_OP_MAX_POOL1D] = { "max_pool1d", "MaxPool1d", 1, PV_REDUCE_MAX, PV_WINDOWS_SLIDING },
  [PV_OP_MAX_POOL2D] = { "max_pool2d", "MaxPool2d", 2, PV_REDUCE_MAX, PV_WINDOWS_SLIDING },
  [PV_OP_AVG_POOL1D] = { "avg_pool1d", "AvgPool1d", 1, PV_REDUCE_AVG, PV_WINDOWS_SLIDING },
  [PV_OP_AVG_POOL2D] = { "avg_pool2d", "AvgPool2d", 2, PV_REDUCE_AVG, PV_WINDOWS_SLIDING },
  [PV_OP_ADAPTIVE_MAX_POOL1D] = { "adaptive_max_pool1d", "AdaptiveMaxPool1d", 1,
                                  PV_REDUCE_MAX, PV_WINDOWS_ADAPTIVE },
  [PV_OP_ADAPTIVE_MAX_POOL2D] = { "adaptive_max_pool2d", "AdaptiveMaxPool2d", 2,
                                  PV_REDUCE_MAX, PV_WINDOWS_ADAPTIVE },
  [PV_OP_ADAPTIVE_AVG_POOL1D] = { "adaptive_avg_pool1d", "AdaptiveAvgPool1d", 1,
                                  PV_REDUCE_AVG, PV_WINDOWS_ADAPTIVE },
  [PV_OP_ADAPTIVE_AVG_POOL2D] = { "adaptive_avg_pool2d", "AdaptiveAvgPool2d", 2,
                                  PV_REDUCE_AVG, PV_WINDOWS_ADAPTIVE },
  [PV_OP_LP_POOL1D] = { "lp_pool1d", "LPPool1d", 1, PV_REDUCE_LP, PV_WINDOWS_SLIDING },
  [PV_OP_LP_POOL2D] = { "lp_pool2d", "LPPool2d", 2, PV_REDUCE_LP, PV_WINDOWS_SLIDING },
  [PV_OP_FRACTIONAL_MAX_POOL2D] = { "fractional_max_pool2d", "FractionalMaxPool2d", 2,
                                    PV_REDUCE_MAX, PV_WINDOWS_FRACTIONAL },
  [PV_OP_MAX_UNPOOL1D] = { "max_unpool1d", "MaxUnpool1d", 1, PV_REDUCE_UNPOOL,
                           PV_WINDOWS_UNPOOL },
  [PV_OP_MAX_UNPOOL2D] = { "max_unpool2d", "MaxUnpool2d", 2, PV_REDUCE_UNPOOL,
                           PV_WINDOWS_UNPOOL },
  [PV_OP_SPATIAL_PYRAMID_MAX_POOL2D] = { "spatial_pyramid_max_pool2d", NULL, 2,
                                         PV_REDUCE_MAX, PV_WINDOWS_PYRAMID },
  [PV_OP_SPATIAL_PYRAMID_AVG_POOL2D] = { "spatial_pyramid_avg_pool2d", NULL, 2,
                                         PV_REDUCE_AVG, PV_WINDOWS_PYRAMID },
};

const pv_op_info *
pv_op_get_info (pv_op op)
{
  if ((unsigned) op >= PV_OP_COUNT)
    op = PV_OP_MAX_POOL2D;
  return &op_table[op];
}

bool
pv_op_from_name (const char *name, pv_op *op)
{
  for (int i = 0; i < PV_OP_COUNT; i++)
    if (strcmp (op_table[i].name, name) == 0)
      {
        *op = (pv_op) i;
        return true;
      }
  return false;
}

void
pv_params_init (pv_params *params, pv_op op)
{
  memset (params, 0, sizeof *params);
  params->op = op;
  params->padding_mode = PV_PADDING_EXPLICIT;
  params->count_include_pad = true;
  params->temperature = 1.0;
  params->levels.n = 3;
  params->levels.v[0] = 1;
  params->levels.v[1] = 2;
  params->levels.v[2] = 4;
}

bool
pv_op_uses_field (pv_op op, pv_field field)
{
  const pv_op_info *info = pv_op_get_info (op);
  bool sliding = info->windows == PV_WINDOWS_SLIDING;
  bool unpool = info->windows == PV_WINDOWS_UNPOOL;

  switch (field)
    {
    case PV_FIELD_INPUT:
    case PV_FIELD_OPERATOR:
      return true;
    case PV_FIELD_KERNEL:
      return sliding || unpool || info->windows == PV_WINDOWS_FRACTIONAL;
    case PV_FIELD_STRIDE:
      return sliding || unpool;
    case PV_FIELD_PADDING:
      return (sliding && info->reduce != PV_REDUCE_LP) || unpool;
    case PV_FIELD_DILATION:
      return sliding && info->reduce == PV_REDUCE_MAX;
    case PV_FIELD_DIVISOR:
      return op == PV_OP_AVG_POOL2D;
    case PV_FIELD_TEMPERATURE:
      return sliding && info->reduce == PV_REDUCE_AVG;
    case PV_FIELD_OUTPUT_SIZE:
      return info->windows == PV_WINDOWS_ADAPTIVE || info->windows == PV_WINDOWS_FRACTIONAL
             || unpool;
    case PV_FIELD_OUTPUT_RATIO:
    case PV_FIELD_SAMPLES:
      return info->windows == PV_WINDOWS_FRACTIONAL;
    case PV_FIELD_NORM_TYPE:
      return info->reduce == PV_REDUCE_LP;
    case PV_FIELD_LEVELS:
      return info->windows == PV_WINDOWS_PYRAMID;
    case PV_FIELD_INDICES:
      return unpool;
    case PV_FIELD_NONE:
    default:
      return false;
    }
}

bool
pv_op_uses_ceil_mode (pv_op op)
{
  return pv_op_get_info (op)->windows == PV_WINDOWS_SLIDING;
}

bool
pv_op_uses_count_include_pad (pv_op op)
{
  const pv_op_info *info = pv_op_get_info (op);

  return info->windows == PV_WINDOWS_SLIDING && info->reduce == PV_REDUCE_AVG;
}

bool
pv_op_has_indices (pv_op op)
{
  return pv_op_get_info (op)->reduce == PV_REDUCE_MAX;
}

/* A small append-only writer over a caller buffer that never overflows. */
#define WRITER_MAX_ARGS 16

typedef struct
{
  char *buf;
  size_t size;
  size_t used;
  int n_args;
  bool defaults;                   /* write arguments left at PyTorch's defaults too */
  size_t starts[WRITER_MAX_ARGS];  /* where each argument's name begins */
} writer;

static void
w_printf (writer *w, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static void
w_printf (writer *w, const char *format, ...)
{
  va_list args;
  int n;

  if (w->used >= w->size)
    return;
  va_start (args, format);
  n = vsnprintf (w->buf + w->used, w->size - w->used, format, args);
  va_end (args);
  if (n > 0)
    w->used += (size_t) n;
  if (w->used >= w->size)
    w->used = w->size - 1;
}

static void
w_arg (writer *w, const char *name)
{
  w_printf (w, "%s", w->n_args ? ", " : "");
  if (w->n_args < WRITER_MAX_ARGS)
    w->starts[w->n_args] = w->used;
  w->n_args++;
  w_printf (w, "%s=", name);
}

/* Python's repr of a float: "2.0", "1.5", "inf". */
static void
w_float (writer *w, double v)
{
  if (isinf (v))
    w_printf (w, "float('%sinf')", v < 0 ? "-" : "");
  else if (isnan (v))
    w_printf (w, "float('nan')");
  else if (v == floor (v) && fabs (v) < 1e15)
    w_printf (w, "%.1f", v);
  else
    w_printf (w, "%.9g", v);
}

static void
w_int_list (writer *w, const pv_int_list *list)
{
  bool all_same = true;

  for (int i = 1; i < list->n; i++)
    all_same = all_same && list->v[i] == list->v[0];

  if (list->n == 1 || (all_same && list->n == 2))
    {
      if (list->v[0] == PV_OUTPUT_SIZE_KEEP)
        w_printf (w, "None");
      else
        w_printf (w, "%lld", (long long) list->v[0]);
      return;
    }
  w_printf (w, "(");
  for (int i = 0; i < list->n; i++)
    {
      if (list->v[i] == PV_OUTPUT_SIZE_KEEP)
        w_printf (w, "%sNone", i ? ", " : "");
      else
        w_printf (w, "%s%lld", i ? ", " : "", (long long) list->v[i]);
    }
  w_printf (w, list->n == 1 ? ",)" : ")");
}

/* A list, or PyTorch's default for it when it is not given. */
static void
w_int_list_or (writer *w, const pv_int_list *list, const char *unset)
{
  if (list->n > 0)
    w_int_list (w, list);
  else
    w_printf (w, "%s", unset);
}

static bool
list_is_all (const pv_int_list *list, int64_t value)
{
  for (int i = 0; i < list->n; i++)
    if (list->v[i] != value)
      return false;
  return true;
}

static void
write_arguments (writer *w, const pv_params *p)
{
  const pv_op_info *info = pv_op_get_info (p->op);

  if (pv_op_uses_field (p->op, PV_FIELD_NORM_TYPE))
    {
      w_arg (w, "norm_type");
      w_float (w, p->has_norm_type ? p->norm_type : 2.0);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_KERNEL) && p->kernel.n > 0)
    {
      w_arg (w, "kernel_size");
      w_int_list (w, &p->kernel);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_STRIDE) && (p->stride.n > 0 || w->defaults))
    {
      w_arg (w, "stride");
      w_int_list_or (w, &p->stride, "None");
    }
  if (pv_op_uses_field (p->op, PV_FIELD_PADDING))
    {
      static const char *const mode_names[] = {
        [PV_PADDING_SAME] = "same", [PV_PADDING_SAME_LOWER] = "same-lower",
        [PV_PADDING_VALID] = "valid",
      };

      if (p->padding_mode != PV_PADDING_EXPLICIT)
        {
          w_arg (w, "padding");
          w_printf (w, "'%s'", mode_names[p->padding_mode]);
        }
      else if (w->defaults || (p->padding.n > 0 && !list_is_all (&p->padding, 0)))
        {
          w_arg (w, "padding");
          w_int_list_or (w, &p->padding, "0");
        }
    }
  if (pv_op_uses_field (p->op, PV_FIELD_DILATION)
      && (w->defaults || (p->dilation.n > 0 && !list_is_all (&p->dilation, 1))))
    {
      w_arg (w, "dilation");
      w_int_list_or (w, &p->dilation, "1");
    }
  if (pv_op_uses_field (p->op, PV_FIELD_OUTPUT_SIZE) && p->output_size.n > 0)
    {
      w_arg (w, "output_size");
      w_int_list (w, &p->output_size);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_OUTPUT_RATIO) && p->n_output_ratio > 0)
    {
      w_arg (w, "output_ratio");
      if (p->n_output_ratio == 1 || p->output_ratio[0] == p->output_ratio[1])
        w_float (w, p->output_ratio[0]);
      else
        {
          w_printf (w, "(");
          w_float (w, p->output_ratio[0]);
          w_printf (w, ", ");
          w_float (w, p->output_ratio[1]);
          w_printf (w, ")");
        }
    }
  if (pv_op_uses_field (p->op, PV_FIELD_LEVELS))
    {
      w_arg (w, "levels");
      w_printf (w, "(");
      for (int i = 0; i < p->levels.n; i++)
        w_printf (w, "%s%lld", i ? ", " : "", (long long) p->levels.v[i]);
      w_printf (w, p->levels.n == 1 ? ",)" : ")");
    }
  if (pv_op_uses_ceil_mode (p->op) && (w->defaults || p->ceil_mode))
    {
      w_arg (w, "ceil_mode");
      w_printf (w, p->ceil_mode ? "True" : "False");
    }
  if (pv_op_uses_count_include_pad (p->op) && (w->defaults || !p->count_include_pad)
      && p->padding_mode == PV_PADDING_EXPLICIT)
    {
      w_arg (w, "count_include_pad");
      w_printf (w, p->count_include_pad ? "True" : "False");
    }
  if (pv_op_uses_field (p->op, PV_FIELD_DIVISOR) && (w->defaults || p->has_divisor_override))
    {
      w_arg (w, "divisor_override");
      if (p->has_divisor_override)
        w_printf (w, "%lld", (long long) p->divisor_override);
      else
        w_printf (w, "None");
    }
  if (pv_op_uses_field (p->op, PV_FIELD_TEMPERATURE) && (w->defaults || p->temperature != 1.0))
    {
      w_arg (w, "temperature");
      w_float (w, p->temperature);
    }
  if (info->reduce == PV_REDUCE_MAX && (w->defaults || p->return_indices))
    {
      w_arg (w, "return_indices");
      w_printf (w, p->return_indices ? "True" : "False");
    }
}

void
pv_params_format_call (const pv_params *params, char *buf, size_t size)
{
  writer w = { buf, size, 0, 0, false, { 0 } };

  if (size == 0)
    return;
  buf[0] = '\0';
  w_printf (&w, "%s(", pv_op_get_info (params->op)->name);
  write_arguments (&w, params);
  w_printf (&w, ")");
}

/* Argument @i of a call written with every argument: its text, "name=value",
 * and its length. */
static const char *
nth_argument (const writer *w, int i, size_t *len)
{
  size_t end = i + 1 < w->n_args ? w->starts[i + 1] - 2 : w->used - 1; /* ", " or ")" */

  *len = end - w->starts[i];
  return w->buf + w->starts[i];
}

/* Whether @w holds an argument whose text is exactly @arg (@len bytes). */
static bool
has_argument (const writer *w, const char *arg, size_t len)
{
  for (int i = 0; i < w->n_args; i++)
    {
      size_t n;
      const char *a = nth_argument (w, i, &n);

      if (n == len && memcmp (a, arg, len) == 0)
        return true;
    }
  return false;
}

/* Writes every argument of @params into @w, between parentheses. */
static void
write_all_arguments (writer *w, const pv_params *params)
{
  w_printf (w, "(");
  write_arguments (w, params);
  w_printf (w, ")");
}

/* @params with what PyTorch reads the same written the same: a stride not
 * given (None) is the kernel's. */
static pv_params
as_pytorch_reads (const pv_params *params)
{
  pv_params p = *params;

  if (p.stride.n == 0)
    p.stride = p.kernel;
  return p;
}

void
pv_params_format_difference (const pv_params *params, const pv_params *other, char *buf,
                             size_t size)
{
  char mine[512], theirs[512], mine_read[512], theirs_read[512];
  writer a = { mine, sizeof mine, 0, 0, true, { 0 } };
  writer b = { theirs, sizeof theirs, 0, 0, true, { 0 } };
  writer ar = { mine_read, sizeof mine_read, 0, 0, true, { 0 } };
  writer br = { theirs_read, sizeof theirs_read, 0, 0, true, { 0 } };
  writer w = { buf, size, 0, 0, false, { 0 } };
  pv_params pa = as_pytorch_reads (params), pb = as_pytorch_reads (other);

  write_all_arguments (&a, params);
  write_all_arguments (&b, other);
  write_all_arguments (&ar, &pa);
  write_all_arguments (&br, &pb);
  /* Other operators, and calls too long to take apart (never from the
   * window's fields), are written whole; so are calls with nothing that
   * differs (below). */
  if (params->op != other->op || a.used + 1 >= a.size || b.used + 1 >= b.size
      || ar.used + 1 >= ar.size || br.used + 1 >= br.size || a.n_args > WRITER_MAX_ARGS
      || b.n_args > WRITER_MAX_ARGS || ar.n_args != a.n_args || br.n_args != b.n_args)
    {
      pv_params_format_call (params, buf, size);
      return;
    }
  if (size == 0)
    return;
  buf[0] = '\0';
  /* An argument differs when PyTorch reads it differently (stride=None
   * and stride=3 with kernel_size=3 do not); it is told as written. */
  for (int i = 0; i < a.n_args; i++)
    {
      size_t len, read_len;
      const char *arg = nth_argument (&a, i, &len);
      const char *read = nth_argument (&ar, i, &read_len);

      if (!has_argument (&br, read, read_len))
        w_printf (&w, "%s%.*s", w.n_args++ ? ", " : "", (int) len, arg);
    }
  if (w.n_args == 0)
    pv_params_format_call (params, buf, size);
}

void
pv_params_format_module (const pv_params *params, char *buf, size_t size)
{
  const pv_op_info *info = pv_op_get_info (params->op);
  writer w = { buf, size, 0, 0, false, { 0 } };

  if (info->module == NULL)
    {
      pv_params_format_call (params, buf, size);
      return;
    }
  if (size == 0)
    return;
  buf[0] = '\0';
  w_printf (&w, "nn.%s(", info->module);
  write_arguments (&w, params);
  w_printf (&w, ")");
}

static void
w_list_option (writer *w, const char *name, const pv_int_list *list)
{
  if (list->n == 0)
    return;
  w_printf (w, "%s--%s ", w->used ? " " : "", name);
  for (int i = 0; i < list->n; i++)
    {
      if (list->v[i] == PV_OUTPUT_SIZE_KEEP)
        w_printf (w, "%snone", i ? "," : "");
      else
        w_printf (w, "%s%lld", i ? "," : "", (long long) list->v[i]);
    }
}

void
pv_params_format_options (const pv_params *p, char *buf, size_t size)
{
  static const char *const modes[] = { [PV_PADDING_SAME] = "same",
                                       [PV_PADDING_SAME_LOWER] = "same-lower",
                                       [PV_PADDING_VALID] = "valid" };
  writer w = { buf, size, 0, 0, false, { 0 } };

  if (size == 0)
    return;
  buf[0] = '\0';
  if (pv_op_uses_field (p->op, PV_FIELD_NORM_TYPE) && p->has_norm_type)
    w_printf (&w, "%s--norm-type %.17g", w.used ? " " : "", p->norm_type);
  if (pv_op_uses_field (p->op, PV_FIELD_KERNEL))
    w_list_option (&w, "kernel-size", &p->kernel);
  if (pv_op_uses_field (p->op, PV_FIELD_STRIDE))
    w_list_option (&w, "stride", &p->stride);
  if (pv_op_uses_field (p->op, PV_FIELD_PADDING))
    {
      if (p->padding_mode != PV_PADDING_EXPLICIT)
        w_printf (&w, "%s--padding %s", w.used ? " " : "", modes[p->padding_mode]);
      else
        w_list_option (&w, "padding", &p->padding);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_DILATION))
    w_list_option (&w, "dilation", &p->dilation);
  if (pv_op_uses_ceil_mode (p->op) && p->ceil_mode)
    w_printf (&w, "%s--ceil-mode", w.used ? " " : "");
  if (pv_op_uses_count_include_pad (p->op) && !p->count_include_pad)
    w_printf (&w, "%s--no-count-include-pad", w.used ? " " : "");
  if (pv_op_uses_field (p->op, PV_FIELD_DIVISOR) && p->has_divisor_override)
    w_printf (&w, "%s--divisor-override %lld", w.used ? " " : "",
              (long long) p->divisor_override);
  if (pv_op_uses_field (p->op, PV_FIELD_TEMPERATURE) && p->temperature != 1.0)
    w_printf (&w, "%s--temperature %.17g", w.used ? " " : "", p->temperature);
  if (pv_op_uses_field (p->op, PV_FIELD_OUTPUT_SIZE))
    w_list_option (&w, "output-size", &p->output_size);
  if (pv_op_uses_field (p->op, PV_FIELD_OUTPUT_RATIO) && p->n_output_ratio > 0)
    {
      w_printf (&w, "%s--output-ratio %.17g", w.used ? " " : "", p->output_ratio[0]);
      for (int i = 1; i < p->n_output_ratio; i++)
        w_printf (&w, ",%.17g", p->output_ratio[i]);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_SAMPLES) && p->has_seed)
    w_printf (&w, "%s--seed %llu", w.used ? " " : "", (unsigned long long) p->seed);
  if (pv_op_uses_field (p->op, PV_FIELD_LEVELS))
    w_list_option (&w, "levels", &p->levels);
}

/* Value i of a 1- or 2-element list, or @fallback when empty. */
static int64_t
list_at (const pv_int_list *list, int i, int64_t fallback)
{
  if (list->n == 0)
    return fallback;
  return list->n == 1 ? list->v[0] : list->v[i < list->n ? i : 0];
}

/* Writes "(a, b)" or "[a, b]" for the two axes of a list (one for 1-D). */
static void
w_axes (writer *w, const pv_int_list *list, int64_t fallback, int dims, bool brackets)
{
  w_printf (w, brackets ? "[" : "(");
  for (int i = 2 - dims; i < 2; i++)
    w_printf (w, "%s%lld", i > 2 - dims ? ", " : "",
              (long long) list_at (list, dims == 1 ? 0 : i, fallback));
  w_printf (w, brackets ? "]" : dims == 1 ? ",)" : ")");
}

static bool
all_zero (const pv_int_list *list)
{
  for (int i = 0; i < list->n; i++)
    if (list->v[i] != 0)
      return false;
  return true;
}

static bool
all_one (const pv_int_list *list)
{
  for (int i = 0; i < list->n; i++)
    if (list->v[i] != 1)
      return false;
  return true;
}

bool
pv_params_format_keras (const pv_params *p, char *buf, size_t size)
{
  const pv_op_info *info = pv_op_get_info (p->op);
  writer w = { buf, size, 0, 0, false, { 0 } };
  int dims = info->spatial_dims;
  bool is_max = info->reduce == PV_REDUCE_MAX;
  const pv_int_list *stride = p->stride.n ? &p->stride : &p->kernel;

  if (size == 0)
    return false;
  buf[0] = '\0';
  if (info->windows == PV_WINDOWS_ADAPTIVE)
    {
      bool global = p->output_size.n > 0 && list_at (&p->output_size, 0, 0) == 1
                    && list_at (&p->output_size, 1, 0) == 1;

      if (!global || info->reduce == PV_REDUCE_LP)
        {
          w_printf (&w, "Keras has no adaptive pooling layer (only global pooling, output 1)");
          return false;
        }
      w_printf (&w, "tf.keras.layers.Global%sPooling%dD(keepdims=True)",
                is_max ? "Max" : "Average", dims);
      return true;
    }
  if (info->windows != PV_WINDOWS_SLIDING || info->reduce == PV_REDUCE_LP)
    {
      w_printf (&w, "Keras has no layer for %s", info->name);
      return false;
    }
  if (p->ceil_mode)
    {
      w_printf (&w, "Keras has no ceil_mode; padding=\"same\" gives ceil(in / stride) windows, "
                    "placed differently");
      return false;
    }
  if (p->dilation.n > 0 && !all_one (&p->dilation))
    {
      w_printf (&w, "Keras pooling layers have no dilation");
      return false;
    }
  if (p->has_divisor_override || p->temperature != 1.0)
    {
      w_printf (&w, "Keras has no divisor_override or temperature");
      return false;
    }
  if (p->padding_mode == PV_PADDING_SAME_LOWER)
    {
      w_printf (&w, "Keras's \"same\" puts the extra padding cell at the end, not the start");
      return false;
    }
  if (p->padding_mode == PV_PADDING_EXPLICIT && !all_zero (&p->padding))
    {
      w_printf (&w, "Keras cannot pad explicitly: only \"valid\" (none) or \"same\"");
      return false;
    }
  w_printf (&w, "tf.keras.layers.%sPooling%dD(pool_size=", is_max ? "Max" : "Average", dims);
  w_axes (&w, &p->kernel, 1, dims, false);
  w_printf (&w, ", strides=");
  w_axes (&w, stride, 1, dims, false);
  w_printf (&w, ", padding=\"%s\")", p->padding_mode == PV_PADDING_SAME ? "same" : "valid");
  return true;
}

bool
pv_params_format_onnx (const pv_params *p, char *buf, size_t size)
{
  const pv_op_info *info = pv_op_get_info (p->op);
  writer w = { buf, size, 0, 0, false, { 0 } };
  int dims = info->spatial_dims;
  const pv_int_list *stride = p->stride.n ? &p->stride : &p->kernel;

  if (size == 0)
    return false;
  buf[0] = '\0';
  if (info->windows == PV_WINDOWS_ADAPTIVE)
    {
      bool global = list_at (&p->output_size, 0, 0) == 1 && list_at (&p->output_size, 1, 0) == 1;

      if (!global)
        {
          w_printf (&w, "ONNX has no adaptive pooling (only Global%sPool, output 1)",
                    info->reduce == PV_REDUCE_MAX ? "Max" : "Average");
          return false;
        }
      w_printf (&w, "Global%sPool()", info->reduce == PV_REDUCE_MAX ? "Max" : "Average");
      return true;
    }
  if (info->windows == PV_WINDOWS_UNPOOL)
    {
      w_printf (&w, "MaxUnpool(kernel_shape=");
      w_axes (&w, &p->kernel, 1, dims, true);
      w_printf (&w, ", strides=");
      w_axes (&w, stride, 1, dims, true);
      w_printf (&w, ")");
      return true;
    }
  if (info->windows != PV_WINDOWS_SLIDING)
    {
      w_printf (&w, "ONNX has no operator for %s", info->name);
      return false;
    }
  if (info->reduce == PV_REDUCE_LP)
    {
      w_printf (&w, "ONNX LpPool takes abs() and does not rescale partial windows: it equals "
                    "PyTorch only for even p without ceil_mode");
      return false;
    }
  if (p->has_divisor_override || p->temperature != 1.0)
    {
      w_printf (&w, "ONNX AveragePool has no divisor_override or temperature");
      return false;
    }
  w_printf (&w, "%s(kernel_shape=", info->reduce == PV_REDUCE_MAX ? "MaxPool" : "AveragePool");
  w_axes (&w, &p->kernel, 1, dims, true);
  w_printf (&w, ", strides=");
  w_axes (&w, stride, 1, dims, true);
  if (p->padding_mode == PV_PADDING_SAME || p->padding_mode == PV_PADDING_SAME_LOWER)
    w_printf (&w, ", auto_pad=\"%s\"",
              p->padding_mode == PV_PADDING_SAME ? "SAME_UPPER" : "SAME_LOWER");
  else if (p->padding_mode == PV_PADDING_EXPLICIT && !all_zero (&p->padding))
    {
      /* ONNX lists all begins, then all ends. */
      w_printf (&w, ", pads=[");
      for (int e = 0; e < 2; e++)
        for (int i = 2 - dims; i < 2; i++)
          w_printf (&w, "%s%lld", e || i > 2 - dims ? ", " : "",
                    (long long) list_at (&p->padding, dims == 1 ? 0 : i, 0));
      w_printf (&w, "]");
    }
  if (p->dilation.n > 0 && !all_one (&p->dilation))
    {
      w_printf (&w, ", dilations=");
      w_axes (&w, &p->dilation, 1, dims, true);
    }
  if (p->ceil_mode)
    w_printf (&w, ", ceil_mode=1");
  /* ONNX's default is 0, PyTorch's True; padding never counts for "same". */
  if (info->reduce == PV_REDUCE_AVG && p->count_include_pad
      && p->padding_mode == PV_PADDING_EXPLICIT)
    w_printf (&w, ", count_include_pad=1");
  w_printf (&w, ")");
  return true;
}
