/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checked.h"
#include "random.h"

/* ---------------------------------------------------------------------------
 * Layout: the input seen as planes.
 */

/* Maps the input's shape onto batch x channels x in_h x in_w. 1-D operators
 * take (C, L) or (N, C, L); 2-D operators take (C, H, W) or (N, C, H, W),
 * and also a bare (H, W) matrix as one plane, which PyTorch would reject but
 * which is what a CSV file or a grayscale picture is. */
static bool
layout (pv_plan *p)
{
  const int64_t *d = p->in_shape.dims;

  if (p->info->spatial_dims == 1)
    {
      if (p->in_shape.rank == 2)
        p->batch = 1, p->channels = d[0], p->in_h = 1, p->in_w = d[1];
      else if (p->in_shape.rank == 3)
        p->batch = d[0], p->channels = d[1], p->in_h = 1, p->in_w = d[2];
      else
        return false;
    }
  else
    {
      if (p->in_shape.rank == 2)
        p->batch = 1, p->channels = 1, p->in_h = d[0], p->in_w = d[1];
      else if (p->in_shape.rank == 3)
        p->batch = 1, p->channels = d[0], p->in_h = d[1], p->in_w = d[2];
      else if (p->in_shape.rank == 4)
        p->batch = d[0], p->channels = d[1], p->in_h = d[2], p->in_w = d[3];
      else
        return false;
    }
  return true;
}

/* The sizes PyTorch sees, for messages: a 1-D operator's input gains a
 * size-1 axis before the last, as ATen's unsqueeze(-2) does. */
static void
format_torch_sizes (const pv_plan *p, char *buf, size_t size)
{
  pv_shape s = p->in_shape;

  if (p->info->spatial_dims == 1 && s.rank < PV_MAX_RANK && s.rank > 0)
    {
      s.dims[s.rank] = s.dims[s.rank - 1];
      s.dims[s.rank - 1] = 1;
      s.rank++;
    }
  pv_shape_format (&s, buf, size);
}

/* Returns the index (in PyTorch's view) of an empty non-batch dimension,
 * or -1. A bare matrix or unbatched input has no batch dimension. */
static int
empty_non_batch_dim (const pv_plan *p)
{
  int first = p->in_shape.rank == (p->info->spatial_dims == 1 ? 3 : 4) ? 1 : 0;

  for (int i = first; i < p->in_shape.rank; i++)
    if (p->in_shape.dims[i] == 0)
      return i;
  return -1;
}

static pv_status
check_input_dims (const pv_plan *p, pv_error *err)
{
  for (int i = 0; i < p->in_shape.rank; i++)
    if (p->in_shape.dims[i] < 0 || p->in_shape.dims[i] > PV_MAX_INPUT_DIM)
      return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                           "%s: input dimension %d has size %lld, more than %lld",
                           p->info->name, i, (long long) p->in_shape.dims[i],
                           (long long) PV_MAX_INPUT_DIM);
  return PV_OK;
}

static pv_status
rank_error_2to3 (const pv_plan *p, const char *name, pv_error *err)
{
  return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                       "Expected 2 to 3 dimensions, but got %d-dimensional tensor for "
                       "argument #1 'self' (while checking arguments for %s)",
                       p->in_shape.rank, name);
}

static pv_status
rank_error_2d (const pv_plan *p, pv_error *err)
{
  char sizes[96];

  pv_shape_format (&p->in_shape, sizes, sizeof sizes);
  return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                       "%s: expected a 2-D (H, W), 3-D (C, H, W) or 4-D (N, C, H, W) input, "
                       "but got %s",
                       p->info->name, sizes);
}

/* "Given input size: (1x5x5). Calculated output size: (1x0x0). Output size
 * is too small", which PyTorch prints for every operator whose output would
 * be empty (see "Empty output" in the pooling contract). */
static pv_status
too_small_error (const pv_plan *p, const char *prefix, int64_t oh, int64_t ow, pv_field field,
                 pv_error *err)
{
  return pv_error_set (err, PV_ERR_ARGUMENT, field,
                       "%sGiven input size: (%lldx%lldx%lld). Calculated output size: "
                       "(%lldx%lldx%lld). Output size is too small",
                       prefix, (long long) p->channels, (long long) p->in_h, (long long) p->in_w,
                       (long long) p->channels, (long long) oh, (long long) ow);
}

/* ---------------------------------------------------------------------------
 * Lists.
 */

/* PyTorch narrows these arguments to int32; larger values never make sense
 * and refusing them keeps all later arithmetic within int64. */
static pv_status
check_int32_list (const pv_plan *p, const pv_int_list *list, const char *arg, pv_field field,
                  pv_error *err)
{
  for (int i = 0; i < list->n; i++)
    if (list->v[i] != PV_OUTPUT_SIZE_KEEP && (list->v[i] > INT32_MAX || list->v[i] < INT32_MIN))
      return pv_error_set (err, PV_ERR_ARGUMENT, field,
                           "%s: %s value %lld is out of range (integer out of range)",
                           p->info->name, arg, (long long) list->v[i]);
  return PV_OK;
}

static pv_status
check_all_int32 (const pv_plan *p, pv_error *err)
{
  const pv_params *q = &p->params;
  pv_status s;

  if ((s = check_int32_list (p, &q->kernel, "kernel_size", PV_FIELD_KERNEL, err))
      || (s = check_int32_list (p, &q->stride, "stride", PV_FIELD_STRIDE, err))
      || (s = check_int32_list (p, &q->padding, "padding", PV_FIELD_PADDING, err))
      || (s = check_int32_list (p, &q->dilation, "dilation", PV_FIELD_DILATION, err))
      || (s = check_int32_list (p, &q->output_size, "output_size", PV_FIELD_OUTPUT_SIZE, err))
      || (s = check_int32_list (p, &q->levels, "levels", PV_FIELD_LEVELS, err)))
    return s;
  return PV_OK;
}

static pv_status
missing_error (const char *name, const char *arg, pv_field field, pv_error *err)
{
  return pv_error_set (err, PV_ERR_ARGUMENT, field,
                       "%s() missing 1 required positional argument: '%s'", name, arg);
}

/* Value i of a list of 1 or 2 ("a single int, or a tuple of two ints"). */
static int64_t
pair_at (const pv_int_list *list, int i, int64_t fallback)
{
  if (list->n == 0)
    return fallback;
  return list->n == 1 ? list->v[0] : list->v[i];
}

/* ATen's check1d(): a 1-D operator's list arguments hold exactly one int. */
static pv_status
check_1d_list (const char *name, const pv_int_list *list, const char *arg, bool optional,
               pv_field field, pv_error *err)
{
  if (list->n == 1 || (optional && list->n == 0))
    return PV_OK;
  return pv_error_set (err, PV_ERR_ARGUMENT, field,
                       "%s() argument '%s' should contain one int (got %d)", name, arg, list->n);
}

/* ---------------------------------------------------------------------------
 * Sliding windows: max, avg and LP pooling.
 */

typedef struct
{
  int64_t k[2], s[2], pad[2], d[2];
} sliding_args;

/* PyTorch's pad limit. With dilation 1 the effective kernel is the kernel,
 * and the legacy wording is the one every PyTorch user has seen. */
static pv_status
check_pad_limit (int64_t pad, int64_t k, int64_t d, pv_error *err)
{
  int64_t effective = d * (k - 1) + 1;

  /* C's truncating division, as in ATen, also for a non-positive kernel. */
  if (pad <= effective / 2)
    return PV_OK;
  if (d == 1)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_PADDING,
                         "pad should be at most half of kernel size, but got pad=%lld and "
                         "kernel_size=%lld",
                         (long long) pad, (long long) k);
  return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_PADDING,
                       "pad should be at most half of effective kernel size, but got pad=%lld, "
                       "kernel_size=%lld and dilation=%lld",
                       (long long) pad, (long long) k, (long long) d);
}

/* TensorFlow/ONNX SAME padding: out = ceil(in / s), the total padding split
 * with the odd cell at the end (SAME) or at the start (SAME_LOWER). */
static void
same_padding (int64_t in, int64_t k, int64_t s, int64_t d, bool lower,
              int64_t *before, int64_t *after)
{
  int64_t out = pv_ceil_div (in, s);
  int64_t total = (out - 1) * s + d * (k - 1) + 1 - in;

  if (total < 0)
    total = 0;
  *before = lower ? total - total / 2 : total / 2;
  *after = total - *before;
}

/* The checks of ATen's pooling_output_shape and pool2d_shape_check, in
 * their order, then the sizes. @a holds the 2-D view (a 1-D operator's H
 * axis is kernel 1, stride 1, pad 0, dilation 1). */
static pv_status
plan_sliding_axes (pv_plan *p, const sliding_args *a, pv_error *err)
{
  const pv_params *q = &p->params;
  bool explicit_pad = q->padding_mode == PV_PADDING_EXPLICIT;
  int64_t before[2], after[2];
  char sizes[96];

  for (int i = 0; i < 2; i++)
    {
      pv_status s;

      if (a->s[i] == 0)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_STRIDE, "stride should not be zero");
      if (!explicit_pad)
        continue;
      if (a->pad[i] < 0)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_PADDING,
                             "pad must be non-negative, but got pad: %lld", (long long) a->pad[i]);
      if ((s = check_pad_limit (a->pad[i], a->k[i], a->d[i], err)))
        return s;
    }

  if (a->k[0] <= 0 || a->k[1] <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "kernel size should be greater than zero, but got kH: %lld kW: %lld",
                         (long long) a->k[0], (long long) a->k[1]);
  if (a->s[0] <= 0 || a->s[1] <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_STRIDE,
                         "stride should be greater than zero, but got dH: %lld dW: %lld",
                         (long long) a->s[0], (long long) a->s[1]);
  if (a->d[0] <= 0 || a->d[1] <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_DILATION,
                         "dilation should be greater than zero, but got dilationH: %lld "
                         "dilationW: %lld",
                         (long long) a->d[0], (long long) a->d[1]);
  if (empty_non_batch_dim (p) >= 0)
    {
      format_torch_sizes (p, sizes, sizeof sizes);
      return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                           "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size "
                           "for input, but got:%s",
                           sizes);
    }
  if (p->params_only)
    return PV_OK;

  for (int i = 0; i < 2; i++)
    {
      int64_t in = i == 0 ? p->in_h : p->in_w;

      if (q->padding_mode == PV_PADDING_SAME || q->padding_mode == PV_PADDING_SAME_LOWER)
        same_padding (in, a->k[i], a->s[i], a->d[i], q->padding_mode == PV_PADDING_SAME_LOWER,
                      &before[i], &after[i]);
      else if (q->padding_mode == PV_PADDING_VALID)
        before[i] = after[i] = 0;
      else
        before[i] = after[i] = a->pad[i];

      p->size[i] = pv_derive_size (in, a->k[i], a->s[i], before[i], after[i], a->d[i],
                                   q->ceil_mode);
    }

  if (p->size[0].out < 1 || p->size[1].out < 1)
    return too_small_error (p, "", p->size[0].out, p->size[1].out, PV_FIELD_KERNEL, err);

  for (int i = 0; i < 2; i++)
    p->axis[i] = pv_axis_sliding (&p->size[i]);
  p->out_h = p->size[0].out;
  p->out_w = p->size[1].out;
  return PV_OK;
}

/* max_pool1d without indices: ATen's check_max_pool1d, whose messages and
 * raw-kernel pad rule differ from the 2-D path. */
static pv_status
plan_max_pool1d_fast (pv_plan *p, pv_error *err)
{
  const pv_params *q = &p->params;
  char sizes[96];
  int64_t k, s, pad, d;
  pv_status status;

  if (!layout (p) || empty_non_batch_dim (p) >= 0)
    {
      pv_shape_format (&p->in_shape, sizes, sizeof sizes);
      return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                           "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim "
                           "batch size for input, but got:%s",
                           sizes);
    }
  if ((status = check_input_dims (p, err)))
    return status;
  if (q->kernel.n == 0)
    return missing_error ("max_pool1d", "kernel_size", PV_FIELD_KERNEL, err);
  if (q->kernel.n != 1)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "max_pool1d() kernel_size must be an int, list of ints or tuple of ints "
                         "of size 1 but got size %d",
                         q->kernel.n);
  if (q->stride.n > 1)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_STRIDE,
                         "max_pool1d() stride must be None, an int, list of ints, or tuple of "
                         "ints of size 1 but got size %d",
                         q->stride.n);
  if (q->padding.n > 1)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_PADDING,
                         "max_pool1d() padding must be an int, list of ints, or tuple of ints of "
                         "size 1 but got size %d",
                         q->padding.n);
  if (q->dilation.n > 1)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_DILATION,
                         "max_pool1d() dilation must be an int, list of ints, or tuple of ints "
                         "of size 1 but got size %d",
                         q->dilation.n);
  if ((status = check_all_int32 (p, err)))
    return status;

  k = q->kernel.v[0];
  s = q->stride.n ? q->stride.v[0] : k;
  pad = q->padding.n ? q->padding.v[0] : 0;
  d = q->dilation.n ? q->dilation.v[0] : 1;

  if (k <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "max_pool1d() kernel_size must be greater than zero, but got %lld",
                         (long long) k);
  if (s <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_STRIDE,
                         "max_pool1d() stride must be greater than zero, but got %lld",
                         (long long) s);
  if (q->padding_mode == PV_PADDING_EXPLICIT)
    {
      if (pad < 0)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_PADDING,
                             "max_pool1d() padding must be non-negative, but got %lld",
                             (long long) pad);
      if (pad > k / 2)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_PADDING,
                             "max_pool1d() padding should be at most half of kernel size, but got "
                             "padding=%lld and kernel_size=%lld",
                             (long long) pad, (long long) k);
    }
  if (d <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_DILATION,
                         "max_pool1d() dilation must be greater than zero, but got %lld",
                         (long long) d);
  if (p->params_only)
    return PV_OK;

  {
    int64_t before = pad, after = pad;

    if (q->padding_mode == PV_PADDING_SAME || q->padding_mode == PV_PADDING_SAME_LOWER)
      same_padding (p->in_w, k, s, d, q->padding_mode == PV_PADDING_SAME_LOWER, &before, &after);
    else if (q->padding_mode == PV_PADDING_VALID)
      before = after = 0;
    p->size[0] = pv_derive_size (1, 1, 1, 0, 0, 1, q->ceil_mode);
    p->size[1] = pv_derive_size (p->in_w, k, s, before, after, d, q->ceil_mode);
  }
  if (p->size[1].out <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "max_pool1d() Invalid computed output size: %lld",
                         (long long) p->size[1].out);

  for (int i = 0; i < 2; i++)
    p->axis[i] = pv_axis_sliding (&p->size[i]);
  p->out_h = 1;
  p->out_w = p->size[1].out;
  return PV_OK;
}

static pv_status
plan_sliding (pv_plan *p, pv_error *err)
{
  const pv_params *q = &p->params;
  pv_op op = q->op;
  bool one_d = p->info->spatial_dims == 1;
  bool is_max = p->info->reduce == PV_REDUCE_MAX;
  bool is_lp = p->info->reduce == PV_REDUCE_LP;
  /* LP pooling is avg pooling of x^p in PyTorch, and fails with its messages. */
  const char *name = is_max ? p->info->name : one_d ? "avg_pool1d" : "avg_pool2d";
  sliding_args a;
  pv_status s;

  if (op == PV_OP_MAX_POOL1D && !q->return_indices)
    return plan_max_pool1d_fast (p, err);

  if (is_lp)
    {
      if (!q->has_norm_type)
        return missing_error (p->info->name, "norm_type", PV_FIELD_NORM_TYPE, err);
      if (q->norm_type == 0.0 || isnan (q->norm_type))
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NORM_TYPE,
                             "%s: norm_type must be a non-zero number (the result is raised to "
                             "1/norm_type), but got %g",
                             p->info->name, q->norm_type);
    }

  if (one_d)
    {
      /* ATen checks the rank (checkDimRange) before the lists (check1d). */
      if (!layout (p))
        return rank_error_2to3 (p, name, err);
      if (q->kernel.n == 0)
        return missing_error (p->info->name, "kernel_size", PV_FIELD_KERNEL, err);
      if ((s = check_1d_list (name, &q->kernel, "kernel_size", false, PV_FIELD_KERNEL, err))
          || (s = check_1d_list (name, &q->stride, "stride", true, PV_FIELD_STRIDE, err))
          || (s = check_1d_list (name, &q->padding, "padding", true, PV_FIELD_PADDING, err))
          || (s = check_1d_list (name, &q->dilation, "dilation", true, PV_FIELD_DILATION, err)))
        return s;
      if ((s = check_all_int32 (p, err)) || (s = check_input_dims (p, err)))
        return s;
      a.k[0] = 1, a.s[0] = 1, a.pad[0] = 0, a.d[0] = 1;
      a.k[1] = q->kernel.v[0];
      a.s[1] = q->stride.n ? q->stride.v[0] : a.k[1];
      a.pad[1] = q->padding.n ? q->padding.v[0] : 0;
      a.d[1] = q->dilation.n ? q->dilation.v[0] : 1;
    }
  else
    {
      if (q->kernel.n == 0)
        return missing_error (p->info->name, "kernel_size", PV_FIELD_KERNEL, err);
      if (q->kernel.n > 2)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                             "%s: kernel_size must either be a single int, or a tuple of two ints",
                             name);
      if (q->stride.n > 2)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_STRIDE,
                             "%s: stride must either be omitted, a single int, or a tuple of two "
                             "ints",
                             name);
      if (q->padding.n > 2)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_PADDING,
                             "%s: padding must either be a single int, or a tuple of two ints",
                             name);
      if (q->dilation.n > 2)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_DILATION,
                             "%s: dilation must be either a single int, or a tuple of two ints",
                             name);
      if ((s = check_all_int32 (p, err)))
        return s;
      if (!layout (p))
        return rank_error_2d (p, err);
      if ((s = check_input_dims (p, err)))
        return s;
      for (int i = 0; i < 2; i++)
        {
          a.k[i] = pair_at (&q->kernel, i, 0);
          a.s[i] = pair_at (&q->stride, i, a.k[i]);
          a.pad[i] = pair_at (&q->padding, i, 0);
          a.d[i] = pair_at (&q->dilation, i, 1);
        }
    }

  if (op == PV_OP_AVG_POOL2D && q->has_divisor_override && q->divisor_override == 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_DIVISOR, "divisor must be not zero");
  if (!is_max)
    a.d[0] = a.d[1] = 1;
  if (is_lp)
    a.pad[0] = a.pad[1] = 0;

  if ((s = plan_sliding_axes (p, &a, err)))
    return s;

  /* The same/valid extensions never count padding, as TensorFlow does. */
  p->count_padding = q->count_include_pad && q->padding_mode == PV_PADDING_EXPLICIT;
  if (is_lp)
    {
      p->count_padding = true; /* no padding exists, so this counts real taps */
      p->norm_type = q->norm_type;
      p->kernel_area = a.k[0] * a.k[1];
    }
  return PV_OK;
}

/* ---------------------------------------------------------------------------
 * Adaptive windows, pyramids.
 */

static pv_status
non_zero_dims_error (const pv_plan *p, const char *name, pv_error *err)
{
  char sizes[96];
  int dim = empty_non_batch_dim (p);

  format_torch_sizes (p, sizes, sizeof sizes);
  return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                       "%s(): Expected input to have non-zero size for non-batch dimensions, but "
                       "input has sizes %s with dimension %d being empty",
                       name, sizes, dim + (p->info->spatial_dims == 1 ? 1 : 0));
}

static pv_status
plan_adaptive (pv_plan *p, pv_error *err)
{
  const pv_params *q = &p->params;
  const char *name = p->info->name;
  const char *name2d = p->info->reduce == PV_REDUCE_MAX ? "adaptive_max_pool2d"
                                                         : "adaptive_avg_pool2d";
  int64_t o[2];
  pv_status s;

  if (p->info->spatial_dims == 1)
    {
      if (!layout (p))
        return rank_error_2to3 (p, name, err);
      if (q->output_size.n == 0)
        return missing_error (name, "output_size", PV_FIELD_OUTPUT_SIZE, err);
      if ((s = check_1d_list (name, &q->output_size, "output_size", false,
                              PV_FIELD_OUTPUT_SIZE, err)))
        return s;
      o[0] = 1;
      o[1] = q->output_size.v[0];
    }
  else
    {
      if (q->output_size.n == 0)
        return missing_error (name, "output_size", PV_FIELD_OUTPUT_SIZE, err);
      if (q->output_size.n > 2)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_SIZE,
                             "%s: output_size must be 2", name);
      if (!layout (p))
        return rank_error_2d (p, err);
      o[0] = pair_at (&q->output_size, 0, 0);
      o[1] = pair_at (&q->output_size, 1, 0);
    }
  if ((s = check_all_int32 (p, err)) || (s = check_input_dims (p, err)))
    return s;

  /* None keeps the input's size on that axis (Python's _list_with_default). */
  if (o[0] == PV_OUTPUT_SIZE_KEEP)
    o[0] = p->in_h;
  if (o[1] == PV_OUTPUT_SIZE_KEEP)
    o[1] = p->in_w;

  if (o[0] < 0 || o[1] < 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_SIZE,
                         "%s: elements of output_size must be greater than or equal to 0 but "
                         "received {%lld, %lld}",
                         name2d, (long long) o[0], (long long) o[1]);
  /* An output size of 0 fails for every input too, but PyTorch's message
   * gives the input's size, so it is left to each input. */
  if (p->params_only)
    return PV_OK;
  if (empty_non_batch_dim (p) >= 0)
    return non_zero_dims_error (p, name2d, err);
  if (o[0] == 0 || o[1] == 0)
    return too_small_error (p, "", o[0], o[1], PV_FIELD_OUTPUT_SIZE, err);

  p->axis[0] = pv_axis_adaptive (p->in_h, o[0]);
  p->axis[1] = pv_axis_adaptive (p->in_w, o[1]);
  p->out_h = o[0];
  p->out_w = o[1];
  return PV_OK;
}

static pv_status
plan_pyramid (pv_plan *p, pv_error *err)
{
  const pv_params *q = &p->params;
  const char *name = p->info->name;
  pv_status s;

  if (q->levels.n < 1)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_LEVELS,
                         "%s: levels must be whole numbers separated by commas, e.g. 1,2,4",
                         name);
  if ((s = check_all_int32 (p, err)))
    return s;
  p->n_levels = q->levels.n;
  p->pyramid_cells = 0;
  for (int i = 0; i < q->levels.n; i++)
    {
      int64_t l = q->levels.v[i];

      if (l < 1 || l > 4096)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_LEVELS,
                             "%s: each level must be between 1 and 4096, but got %lld", name,
                             (long long) l);
      p->levels[i] = l;
      p->pyramid_cells += l * l;
    }
  if (!layout (p))
    return rank_error_2d (p, err);
  if ((s = check_input_dims (p, err)))
    return s;
  if (empty_non_batch_dim (p) >= 0)
    return non_zero_dims_error (p, name, err);

  p->out_h = 1;
  p->out_w = p->pyramid_cells;
  p->axis[0] = pv_axis_adaptive (p->in_h, p->levels[0]);
  p->axis[1] = pv_axis_adaptive (p->in_w, p->levels[0]);
  return PV_OK;
}

/* ---------------------------------------------------------------------------
 * Fractional max pooling.
 */

static pv_status
load_samples (pv_plan *p, const pv_tensor *samples, pv_error *err)
{
  const char *name = "fractional_max_pool2d()";
  size_t n_values;
  double *values;

  if (!pv_size_mul ((size_t) p->n_planes, 2, &n_values))
    return pv_error_set (err, PV_ERR_OVERFLOW, PV_FIELD_SAMPLES, "too many planes");

  if (samples != NULL)
    {
      const int64_t *d = samples->shape.dims;

      if (samples->shape.rank != 3)
        return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_SAMPLES,
                             "%s: Expected _random_samples to have 3 dimensions (N, C, 2), but "
                             "got %d",
                             name, samples->shape.rank);
      if (d[0] < p->batch || d[1] != p->channels || d[2] != 2)
        {
          char got[96];

          pv_shape_format (&samples->shape, got, sizeof got);
          return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_SAMPLES,
                               "%s: Expected _random_samples of shape [%lld, %lld, 2], but got %s",
                               name, (long long) p->batch, (long long) p->channels, got);
        }
      if (samples->dtype != PV_DTYPE_F32 && samples->dtype != PV_DTYPE_F64)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_SAMPLES,
                             "%s: _random_samples must be float32 or float64, but got %s", name,
                             pv_dtype_name (samples->dtype));
    }

  values = malloc ((n_values ? n_values : 1) * sizeof *values);
  if (values == NULL)
    return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_SAMPLES, "out of memory");

  if (samples != NULL)
    {
      for (size_t i = 0; i < n_values; i++)
        {
          double u = pv_tensor_get (samples, i);

          /* PyTorch does not check, and reads outside the input for samples
           * outside [0, 1); refusing them is the only safe choice. */
          if (!(u >= 0.0 && u < 1.0))
            {
              free (values);
              return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_SAMPLES,
                                   "%s: _random_samples must lie in [0, 1), but sample %zu is %g",
                                   name, i, u);
            }
          values[i] = u;
        }
    }
  else
    {
      pv_random rng;

      pv_random_seed (&rng, p->params.has_seed ? p->params.seed : 0);
      for (size_t i = 0; i < n_values; i++)
        values[i] = p->dtype == PV_DTYPE_F64 ? pv_random_double (&rng)
                                             : (double) pv_random_float (&rng);
    }

  p->samples = values;
  return PV_OK;
}

static pv_status
plan_fractional (pv_plan *p, const pv_tensor *samples, pv_error *err)
{
  const pv_params *q = &p->params;
  const char *name = "fractional_max_pool2d";
  int64_t k[2], o[2];
  char sizes[96];
  pv_status s;

  if (q->kernel.n == 0)
    return missing_error (name, "kernel_size", PV_FIELD_KERNEL, err);
  if (q->output_size.n == 0 && q->n_output_ratio == 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_SIZE,
                         "fractional_max_pool2d requires specifying either an output_size or an "
                         "output_ratio");
  if (q->output_size.n > 0 && q->n_output_ratio > 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_RATIO,
                         "only one of output_size and output_ratio may be specified");
  for (int i = 0; i < q->n_output_ratio; i++)
    if (!(q->output_ratio[i] > 0.0 && q->output_ratio[i] < 1.0))
      return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_RATIO,
                           "output_ratio must be between 0 and 1 (got %g)", q->output_ratio[i]);
  if (q->n_output_ratio > 2)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_RATIO,
                         "%s: output_ratio must either be a single float or a tuple of two floats",
                         name);
  if (q->kernel.n > 2)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "%s: kernel_size must either be a single Int or tuple of Ints", name);
  if (q->output_size.n > 2)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_SIZE,
                         "%s: output_size must either be a single Int or tuple of Ints", name);
  if ((s = check_all_int32 (p, err)))
    return s;
  if (!layout (p))
    {
      pv_shape_format (&p->in_shape, sizes, sizeof sizes);
      return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                           "%s(): Expected 3D or 4D tensor, but got: %s", name, sizes);
    }
  if ((s = check_input_dims (p, err)))
    return s;
  if (empty_non_batch_dim (p) >= 0)
    {
      format_torch_sizes (p, sizes, sizeof sizes);
      return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                           "%s(): Expected input to have non-zero size for non-batch dimensions, "
                           "but got%s with dimension %d being empty.",
                           name, sizes, empty_non_batch_dim (p));
    }

  for (int i = 0; i < 2; i++)
    {
      int64_t in = i == 0 ? p->in_h : p->in_w;

      k[i] = pair_at (&q->kernel, i, 0);
      if (q->n_output_ratio > 0)
        {
          double r = q->n_output_ratio == 1 ? q->output_ratio[0] : q->output_ratio[i];

          o[i] = (int64_t) ((double) in * r); /* Python's int() truncates */
        }
      else
        {
          o[i] = pair_at (&q->output_size, i, 0);
          if (o[i] == PV_OUTPUT_SIZE_KEEP)
            o[i] = in;
        }
    }

  if (k[0] <= 0 || k[1] <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "%s(): kernel_size must be greater than zero, but got (%lld, %lld)", name,
                         (long long) k[0], (long long) k[1]);
  if (p->params_only)
    return PV_OK;
  if (o[0] <= 0 || o[1] <= 0)
    return too_small_error (p, "fractional_max_pool2d(): ", o[0], o[1],
                            q->n_output_ratio ? PV_FIELD_OUTPUT_RATIO : PV_FIELD_OUTPUT_SIZE,
                            err);
  if (o[0] + k[0] - 1 > p->in_h)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "%s(): pool height %lld too large relative to input height %lld", name,
                         (long long) k[0], (long long) p->in_h);
  if (o[1] + k[1] - 1 > p->in_w)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         "%s(): pool width %lld too large relative to input width %lld", name,
                         (long long) k[1], (long long) p->in_w);

  p->n_planes = p->batch * p->channels;
  if ((s = load_samples (p, samples, err)))
    return s;

  p->axis[0] = pv_axis_fractional (p->in_h, o[0], k[0], p->dtype == PV_DTYPE_F64);
  p->axis[1] = pv_axis_fractional (p->in_w, o[1], k[1], p->dtype == PV_DTYPE_F64);
  p->out_h = o[0];
  p->out_w = o[1];
  return PV_OK;
}

/* ---------------------------------------------------------------------------
 * Unpooling.
 */

static pv_status
plan_unpool (pv_plan *p, pv_error *err)
{
  const pv_params *q = &p->params;
  bool one_d = p->info->spatial_dims == 1;
  int n_axes = one_d ? 1 : 2;
  const char *name = p->info->name;
  int64_t k[2], st[2], pad[2], def[2], out[2];
  const int64_t *given;
  int n_given;
  pv_status s;

  if (q->kernel.n == 0)
    return missing_error (name, "kernel_size", PV_FIELD_KERNEL, err);
  if (q->kernel.n > n_axes || q->stride.n > n_axes || q->padding.n > n_axes)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_KERNEL,
                         one_d ? "%s: kernel_size, stride and padding must each be a single int"
                               : "%s: kernel_size, stride and padding must each be a single int "
                                 "or a tuple of two ints",
                         name);
  if ((s = check_all_int32 (p, err)))
    return s;
  if (!layout (p))
    return one_d ? rank_error_2to3 (p, name, err) : rank_error_2d (p, err);
  if ((s = check_input_dims (p, err)))
    return s;

  /* Work on the spatial axes that exist: (L) for 1-D, (H, W) for 2-D. */
  for (int i = 0; i < n_axes; i++)
    {
      int64_t in = one_d ? p->in_w : i == 0 ? p->in_h : p->in_w;

      k[i] = pair_at (&q->kernel, i, 0);
      st[i] = pair_at (&q->stride, i, k[i]);
      pad[i] = pair_at (&q->padding, i, 0);
      def[i] = (in - 1) * st[i] + k[i] - 2 * pad[i];
      out[i] = def[i];
    }

  /* Python's _unpool_output_size: (N, C, ...) may precede the sizes. */
  given = q->output_size.v;
  n_given = q->output_size.n;
  if (n_given == n_axes + 2)
    given += 2, n_given -= 2;
  if (q->output_size.n > 0 && n_given != n_axes)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_SIZE,
                         "output_size should be a sequence containing %d or %d elements, but it "
                         "has a length of '%d'",
                         n_axes, n_axes + 2, q->output_size.n);
  if (p->params_only)
    return PV_OK;

  if (q->output_size.n > 0)
    {
      char text[96];
      size_t used = 0;

      text[0] = '\0';
      for (int i = 0; i < n_given; i++)
        used += (size_t) snprintf (text + used, sizeof text - used, "%s%lld", i ? ", " : "",
                                   (long long) given[i]);
      for (int i = 0; i < n_axes; i++)
        {
          if (!(def[i] - st[i] < given[i] && given[i] < def[i] + st[i]))
            return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_SIZE,
                                 "invalid output_size \"(%s%s)\" (dim %d must be between %lld and "
                                 "%lld)",
                                 text, n_given == 1 ? "," : "", i, (long long) (def[i] - st[i]),
                                 (long long) (def[i] + st[i]));
          out[i] = given[i];
        }
    }

  if (empty_non_batch_dim (p) >= 0)
    {
      char sizes[96];

      format_torch_sizes (p, sizes, sizeof sizes);
      return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                           "max_unpooling2d_forward_out_cpu(): Expected input to have non-zero "
                           "size for non-batch dimensions, but got %s with dimension %d being "
                           "empty.",
                           sizes, empty_non_batch_dim (p));
    }

  p->out_h = one_d ? 1 : out[0];
  p->out_w = one_d ? out[0] : out[1];
  if (p->out_h <= 0 || p->out_w <= 0)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OUTPUT_SIZE,
                         "%s: Calculated output size: (%lldx%lldx%lld). Output size is too small",
                         name, (long long) p->channels, (long long) p->out_h,
                         (long long) p->out_w);

  /* Record the max pooling this unpooling inverts (its input is this
   * output), so that the interface can show which window each index came
   * from. */
  {
    int64_t sizes_out[2] = { p->out_h, p->out_w };

    for (int i = 0; i < 2; i++)
      {
        int ai = one_d ? 0 : i;

        if (one_d && i == 0)
          p->size[i] = pv_derive_size (1, 1, 1, 0, 0, 1, false);
        else
          p->size[i] = pv_derive_size (sizes_out[i], k[ai], st[ai], pad[ai], pad[ai], 1, false);
        p->axis[i] = pv_axis_sliding (&p->size[i]);
      }
  }
  return PV_OK;
}

/* ---------------------------------------------------------------------------
 * Output shape, entry points.
 */

static pv_status
finish_output_shape (pv_plan *p, pv_error *err)
{
  pv_shape *o = &p->out_shape;

  *o = p->in_shape;
  if (p->info->windows == PV_WINDOWS_PYRAMID)
    {
      int64_t per_batch = p->channels * p->pyramid_cells;

      if (p->in_shape.rank == 4)
        o->rank = 2, o->dims[0] = p->batch, o->dims[1] = per_batch;
      else
        o->rank = 1, o->dims[0] = per_batch;
    }
  else if (p->info->spatial_dims == 1)
    o->dims[o->rank - 1] = p->out_w;
  else
    {
      o->dims[o->rank - 2] = p->out_h;
      o->dims[o->rank - 1] = p->out_w;
    }

  p->n_planes = p->batch * p->channels;
  return PV_OK;
}

/* What PoolView will allocate and pool; shapes alone may be larger. */
static pv_status
check_output_limit (const pv_plan *p, pv_error *err)
{
  int64_t total;

  if (!pv_i64_mul (p->n_planes, p->out_h, &total) || !pv_i64_mul (total, p->out_w, &total)
      || total > PV_MAX_OUTPUT_ELEMENTS)
    return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_OUTPUT_SIZE,
                         "%s: the output would have more than %lld elements", p->info->name,
                         (long long) PV_MAX_OUTPUT_ELEMENTS);
  return PV_OK;
}

static pv_status
plan_init (pv_plan *plan, const pv_params *params, const pv_tensor *input,
           const pv_tensor *samples, bool limit_output, bool params_only, pv_error *err)
{
  pv_plan p;
  pv_status status;

  memset (&p, 0, sizeof p);
  if ((unsigned) params->op >= PV_OP_COUNT)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OPERATOR, "unknown operator");
  p.params_only = params_only;
  p.params = *params;
  p.info = pv_op_get_info (params->op);
  p.dtype = input->dtype;
  p.in_shape = input->shape;

  if (input->dtype == PV_DTYPE_I64)
    return pv_error_set (err, PV_ERR_UNSUPPORTED, PV_FIELD_INPUT,
                         "%s: signed integer data is not supported (NumPy's default integer "
                         "type is int64); save the array as float32, float64, uint8 or uint16",
                         p.info->name);

  switch (p.info->windows)
    {
    case PV_WINDOWS_SLIDING: status = plan_sliding (&p, err); break;
    case PV_WINDOWS_ADAPTIVE: status = plan_adaptive (&p, err); break;
    case PV_WINDOWS_PYRAMID: status = plan_pyramid (&p, err); break;
    case PV_WINDOWS_FRACTIONAL: status = plan_fractional (&p, samples, err); break;
    case PV_WINDOWS_UNPOOL: status = plan_unpool (&p, err); break;
    default: status = pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OPERATOR, "unknown operator");
    }
  if (status == PV_OK)
    status = finish_output_shape (&p, err);
  if (status == PV_OK && limit_output)
    status = check_output_limit (&p, err);
  if (status != PV_OK)
    {
      pv_plan_clear (&p);
      return status;
    }
  *plan = p;
  return PV_OK;
}

pv_status
pv_plan_init (pv_plan *plan, const pv_params *params, const pv_tensor *input,
              const pv_tensor *samples, pv_error *err)
{
  return plan_init (plan, params, input, samples, true, false, err);
}

pv_status
pv_plan_init_shape (pv_plan *plan, const pv_params *params, const pv_tensor *input,
                    pv_error *err)
{
  return plan_init (plan, params, input, NULL, false, false, err);
}

pv_status
pv_plan_check_params (const pv_params *params, pv_error *err)
{
  /* One plane of one cell, batched, passes every check of the input's
   * structure (rank, empty and oversized dimensions) for every operator;
   * params_only stops each planner before the input's sizes matter. */
  static const int64_t dims[] = { 1, 1, 1, 1 };
  pv_tensor stand_in = { PV_DTYPE_F32, { 0 }, NULL };
  pv_plan plan;
  pv_status status;

  stand_in.shape = pv_shape_make (pv_op_get_info (params->op)->spatial_dims + 2, dims);
  status = plan_init (&plan, params, &stand_in, NULL, false, true, err);
  if (status == PV_OK)
    pv_plan_clear (&plan);
  return status;
}

void
pv_plan_clear (pv_plan *plan)
{
  if (plan == NULL)
    return;
  free (plan->samples);
  plan->samples = NULL;
}

pv_dtype
pv_plan_output_dtype (const pv_plan *plan)
{
  return plan->dtype == PV_DTYPE_F64 ? PV_DTYPE_F64 : PV_DTYPE_F32;
}

pv_axis
pv_plan_plane_axis (const pv_plan *plan, int64_t plane, int which)
{
  pv_axis axis = plan->axis[which];

  if (axis.kind == PV_WINDOWS_FRACTIONAL && plan->samples != NULL)
    pv_axis_set_sample (&axis, plan->samples[2 * plane + (which == 0 ? 1 : 0)]);
  return axis;
}

pv_axis
pv_plan_level_axis (const pv_plan *plan, int level, int which)
{
  return pv_axis_adaptive (which == 0 ? plan->in_h : plan->in_w, plan->levels[level]);
}

int64_t
pv_plan_level_offset (const pv_plan *plan, int level)
{
  int64_t offset = 0;

  for (int i = 0; i < level && i < plan->n_levels; i++)
    offset += plan->channels * plan->levels[i] * plan->levels[i];
  return offset;
}

bool
pv_plan_cell_is_ceil_only (const pv_plan *plan, int64_t oh, int64_t ow)
{
  if (plan->axis[0].kind != PV_WINDOWS_SLIDING || plan->info->windows == PV_WINDOWS_UNPOOL)
    return false;
  return oh >= plan->axis[0].floor_out || ow >= plan->axis[1].floor_out;
}
