/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pool.h"

#include <stdlib.h>
#include <string.h>

#include "fast-pool.h"
#include "lp-pool.h"
#include "reduce.h"

pv_status
pv_pool_alloc_outputs (const pv_plan *plan, pv_tensor *output, pv_tensor *indices, pv_error *err)
{
  pv_tensor out, idx;
  pv_status status;

  status = pv_tensor_alloc (&out, pv_plan_output_dtype (plan), &plan->out_shape, err);
  if (status != PV_OK)
    return status;
  if (indices != NULL)
    {
      status = pv_tensor_alloc (&idx, PV_DTYPE_I64, &plan->out_shape, err);
      if (status != PV_OK)
        {
          pv_tensor_free (&out);
          return status;
        }
      *indices = idx;
    }
  *output = out;
  return PV_OK;
}

static pv_status
check_tensors (const pv_plan *plan, const pv_tensor *input, const pv_tensor *output,
               const pv_tensor *indices, pv_error *err)
{
  const char *name = plan->info->name;

  if (input->dtype != plan->dtype || !pv_shape_equal (&input->shape, &plan->in_shape))
    return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                         "%s: the input does not match the plan's shape and type", name);
  if (output->dtype != pv_plan_output_dtype (plan)
      || !pv_shape_equal (&output->shape, &plan->out_shape))
    return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_NONE,
                         "%s: the output tensor does not have the planned shape and type", name);
  if (indices != NULL)
    {
      if (!pv_op_has_indices (plan->params.op))
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                             "%s does not return indices", name);
      if (indices->dtype != PV_DTYPE_I64 || !pv_shape_equal (&indices->shape, &plan->out_shape))
        return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_NONE,
                             "%s: the indices tensor does not have the planned shape", name);
    }
  return PV_OK;
}

/* One cell through the reduction of the plan's element type. */
static void
reduce_into (const pv_plan *plan, const void *plane, const pv_window *wh, const pv_window *ww,
             bool mean, void *out, int64_t out_i, int64_t *indices)
{
  pv_reduction r;

  if (plan->dtype == PV_DTYPE_F64)
    pv_reduce_cell_f64 (plan, plane, wh, ww, mean, (double *) out + out_i, &r);
  else
    pv_reduce_cell_f32 (plan, plane, wh, ww, mean, (float *) out + out_i, &r);
  if (indices != NULL)
    indices[out_i] = r.index;
}

static bool
is_adaptive_mean (const pv_plan *plan, int64_t out_h, int64_t out_w)
{
  return plan->info->reduce == PV_REDUCE_AVG && plan->info->windows != PV_WINDOWS_SLIDING
         && out_h == 1 && out_w == 1;
}

/* The reference path: every cell through pv_axis_window() and the generic
 * reduction, in PyTorch's order. Fast paths are checked against it. */
static void
run_windows (const pv_plan *plan, const void *in, void *out, int64_t *indices)
{
  size_t es = pv_dtype_size (pv_plan_output_dtype (plan));
  int64_t in_plane = plan->in_h * plan->in_w;
  int64_t out_plane = plan->out_h * plan->out_w;
  bool mean = is_adaptive_mean (plan, plan->out_h, plan->out_w);

  for (int64_t p = 0; p < plan->n_planes; p++)
    {
      pv_axis ah = pv_plan_plane_axis (plan, p, 0);
      pv_axis aw = pv_plan_plane_axis (plan, p, 1);
      const char *src = (const char *) in + (size_t) (p * in_plane) * es;

      for (int64_t oh = 0; oh < plan->out_h; oh++)
        {
          pv_window wh;

          pv_axis_window (&ah, oh, &wh);
          for (int64_t ow = 0; ow < plan->out_w; ow++)
            {
              pv_window ww;

              pv_axis_window (&aw, ow, &ww);
              reduce_into (plan, src, &wh, &ww, mean, out, p * out_plane + oh * plan->out_w + ow,
                           indices);
            }
        }
    }
}

/* Spatial pyramid: level by level, each flattened per channel, levels
 * concatenated in the order given. */
static void
run_pyramid (const pv_plan *plan, const void *in, void *out, int64_t *indices)
{
  size_t es = pv_dtype_size (pv_plan_output_dtype (plan));
  int64_t in_plane = plan->in_h * plan->in_w;
  int64_t per_batch = plan->channels * plan->pyramid_cells;

  for (int64_t n = 0; n < plan->batch; n++)
    for (int level = 0; level < plan->n_levels; level++)
      {
        pv_axis ah = pv_plan_level_axis (plan, level, 0);
        pv_axis aw = pv_plan_level_axis (plan, level, 1);
        int64_t l = plan->levels[level];
        int64_t base = n * per_batch + pv_plan_level_offset (plan, level);
        bool mean = is_adaptive_mean (plan, l, l);

        for (int64_t c = 0; c < plan->channels; c++)
          {
            const char *src = (const char *) in + (size_t) ((n * plan->channels + c) * in_plane) * es;

            for (int64_t i = 0; i < l; i++)
              {
                pv_window wh;

                pv_axis_window (&ah, i, &wh);
                for (int64_t j = 0; j < l; j++)
                  {
                    pv_window ww;

                    pv_axis_window (&aw, j, &ww);
                    reduce_into (plan, src, &wh, &ww, mean, out, base + c * l * l + i * l + j,
                                 indices);
                  }
              }
          }
      }
}

static pv_status
check_unpool_indices (const pv_plan *plan, const pv_tensor *input, const pv_tensor *indices,
                      pv_error *err)
{
  int64_t in_plane = plan->in_h * plan->in_w;
  int64_t out_plane = plan->out_h * plan->out_w;
  const int64_t *idx;
  int64_t bad = 0;
  bool have_bad = false;

  if (indices == NULL)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_INDICES,
                         "%s needs the indices returned by max pooling", plan->info->name);
  if (indices->dtype != PV_DTYPE_I64)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_INDICES,
                         "elements in indices should be type int64, but got %s",
                         pv_dtype_name (indices->dtype));
  if (!pv_shape_equal (&indices->shape, &input->shape))
    {
      char a[96], b[96];

      pv_shape_format (&input->shape, a, sizeof a);
      pv_shape_format (&indices->shape, b, sizeof b);
      return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INDICES,
                           "Expected shape of indices to be same as that of the input tensor (%s) "
                           "but got indices tensor with shape: %s",
                           a, b);
    }

  /* ATen records every invalid index and reports the last one, so scan
   * everything rather than stop at the first. */
  idx = indices->data;
  for (int64_t i = 0; i < plan->n_planes * in_plane; i++)
    if (idx[i] < 0 || idx[i] >= out_plane)
      bad = idx[i], have_bad = true;
  if (have_bad)
    {
      /* 1-D unpooling runs as 2-D on (L, 1) in PyTorch, hence "Lx1". */
      if (plan->info->spatial_dims == 1)
        return pv_error_set (err, PV_ERR_INDEX, PV_FIELD_INDICES,
                             "Found an invalid max index: %lld (output volumes are of size "
                             "%lldx1",
                             (long long) bad, (long long) plan->out_w);
      return pv_error_set (err, PV_ERR_INDEX, PV_FIELD_INDICES,
                           "Found an invalid max index: %lld (output volumes are of size "
                           "%lldx%lld",
                           (long long) bad, (long long) plan->out_h, (long long) plan->out_w);
    }
  return PV_OK;
}

/* Scatters every input value to its index, in row-major order so that the
 * later of two writes to one cell wins, as in PyTorch's serial loop. */
static void
run_unpool (const pv_plan *plan, const void *in, const int64_t *idx, void *out)
{
  size_t es = pv_dtype_size (pv_plan_output_dtype (plan));
  int64_t in_plane = plan->in_h * plan->in_w;
  int64_t out_plane = plan->out_h * plan->out_w;

  memset (out, 0, (size_t) (plan->n_planes * out_plane) * es);
  for (int64_t p = 0; p < plan->n_planes; p++)
    for (int64_t i = 0; i < in_plane; i++)
      memcpy ((char *) out + (size_t) (p * out_plane + idx[p * in_plane + i]) * es,
              (const char *) in + (size_t) (p * in_plane + i) * es, es);
}

/* See pool.h. Each level's (C, level, level) result is that level's block
 * of the output, batch by batch. */
bool
pv_pool_pyramid_by_levels (const pv_plan *plan, const pv_tensor *input, pv_tensor *output)
{
  size_t in_es = pv_dtype_size (input->dtype), out_es = pv_dtype_size (output->dtype);
  int64_t in_image = plan->channels * plan->in_h * plan->in_w;
  int64_t per_batch = plan->channels * plan->pyramid_cells;
  int64_t in_dims[3] = { plan->channels, plan->in_h, plan->in_w };
  pv_params level;
  pv_plan plans[PV_LEVELS_MAX];
  int planned = 0;
  pv_tensor view = { input->dtype, pv_shape_make (3, in_dims), input->data };
  bool ok;

  pv_params_init (&level, plan->info->reduce == PV_REDUCE_MAX ? PV_OP_ADAPTIVE_MAX_POOL2D
                                                               : PV_OP_ADAPTIVE_AVG_POOL2D);
  level.output_size.n = 2;
  for (; planned < plan->n_levels; planned++)
    {
      level.output_size.v[0] = level.output_size.v[1] = plan->levels[planned];
      if (pv_plan_init (&plans[planned], &level, &view, NULL, NULL) != PV_OK)
        break;
    }
  ok = planned == plan->n_levels;
  for (int64_t n = 0; ok && n < plan->batch; n++)
    for (int l = 0; l < plan->n_levels; l++)
      {
        int64_t cells = plan->levels[l];
        int64_t out_dims[3] = { plan->channels, cells, cells };
        pv_tensor in_n = { input->dtype, view.shape,
                           (char *) input->data + (size_t) (n * in_image) * in_es };
        pv_tensor out_l = { output->dtype, pv_shape_make (3, out_dims),
                            (char *) output->data
                              + (size_t) (n * per_batch + pv_plan_level_offset (plan, l))
                                  * out_es };

        if (pv_pool_run (&plans[l], &in_n, NULL, &out_l, NULL, NULL) != PV_OK)
          abort (); /* planned for exactly these tensors */
      }
  for (int i = 0; i < planned; i++)
    pv_plan_clear (&plans[i]);
  return ok;
}

static pv_status
run (const pv_plan *plan, const pv_tensor *input, const pv_tensor *unpool_indices,
     pv_tensor *output, pv_tensor *indices, bool allow_fast, pv_error *err)
{
  pv_tensor converted = { 0 };
  const pv_tensor *in = input;
  pv_status status;

  status = check_tensors (plan, input, output, indices, err);
  if (status != PV_OK)
    return status;

  if (allow_fast && pv_fast_pool_applies (plan, input->dtype, indices != NULL))
    {
      pv_fast_pool_planes (plan, input->data, input->dtype, output->data);
      return PV_OK;
    }
  if (allow_fast && pv_lp_pool_applies (plan, input->dtype, indices != NULL)
      && pv_lp_pool_fast (plan, input, output))
    return PV_OK;
  if (allow_fast && plan->info->windows == PV_WINDOWS_PYRAMID && indices == NULL
      && pv_pool_pyramid_by_levels (plan, input, output))
    return PV_OK;

  if (plan->info->windows == PV_WINDOWS_UNPOOL)
    {
      status = check_unpool_indices (plan, input, unpool_indices, err);
      if (status != PV_OK)
        return status;
    }

  /* Image samples are pooled as float32, which holds them exactly. */
  if (input->dtype == PV_DTYPE_U8 || input->dtype == PV_DTYPE_U16)
    {
      status = pv_tensor_convert (input, PV_DTYPE_F32, &converted, err);
      if (status != PV_OK)
        return status;
      in = &converted;
    }

  switch (plan->info->windows)
    {
    case PV_WINDOWS_UNPOOL:
      run_unpool (plan, in->data, unpool_indices->data, output->data);
      break;
    case PV_WINDOWS_PYRAMID:
      run_pyramid (plan, in->data, output->data, indices ? indices->data : NULL);
      break;
    default:
      run_windows (plan, in->data, output->data, indices ? indices->data : NULL);
      break;
    }

  pv_tensor_free (&converted);
  return PV_OK;
}

pv_status
pv_pool_run (const pv_plan *plan, const pv_tensor *input, const pv_tensor *unpool_indices,
             pv_tensor *output, pv_tensor *indices, pv_error *err)
{
  return run (plan, input, unpool_indices, output, indices, true, err);
}

pv_status
pv_pool_run_reference (const pv_plan *plan, const pv_tensor *input,
                       const pv_tensor *unpool_indices, pv_tensor *output, pv_tensor *indices,
                       pv_error *err)
{
  return run (plan, input, unpool_indices, output, indices, false, err);
}

pv_status
pv_pool_image (const pv_plan *plan, const pv_image *in, pv_image *out, pv_error *err)
{
  pv_dtype dtype = in->bit_depth == 16 ? PV_DTYPE_U16 : PV_DTYPE_U8;
  pv_tensor planes = { 0 }, pooled = { 0 };
  pv_status status;

  if (plan->dtype != dtype || plan->batch != 1 || plan->channels != in->channels
      || plan->in_h != (int64_t) in->height || plan->in_w != (int64_t) in->width)
    return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_INPUT,
                         "%s: the picture does not match the plan's shape and type",
                         plan->info->name);
  if (pv_fast_pool_applies_interleaved (plan, dtype))
    {
      pv_image image;

      if (plan->out_h > UINT32_MAX || plan->out_w > UINT32_MAX)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                             "a %lldx%lld result cannot be a picture", (long long) plan->out_h,
                             (long long) plan->out_w);
      /* Reuse the caller's picture when it fits: no allocation (and no
       * page faults) when the same pooling runs again. */
      if (out->pixels != NULL && out->width == (uint32_t) plan->out_w
          && out->height == (uint32_t) plan->out_h && out->channels == in->channels
          && out->bit_depth == in->bit_depth)
        {
          pv_fast_pool_interleaved (plan, in->pixels, dtype, out->pixels);
          return PV_OK;
        }
      status = pv_image_alloc (&image, (uint32_t) plan->out_w, (uint32_t) plan->out_h,
                               in->channels, in->bit_depth, err);
      if (status != PV_OK)
        return status;
      pv_fast_pool_interleaved (plan, in->pixels, dtype, image.pixels);
      pv_image_free (out);
      *out = image;
      return PV_OK;
    }

  /* Everything else goes through planes and the general run. */
  status = pv_image_to_planes (in, &planes, err);
  if (status == PV_OK)
    status = pv_pool_alloc_outputs (plan, &pooled, NULL, err);
  if (status == PV_OK)
    status = pv_pool_run (plan, &planes, NULL, &pooled, NULL, err);
  if (status == PV_OK)
    {
      pv_image image;

      status = pv_image_from_planes (&pooled, in->bit_depth, -1, &image, err);
      if (status == PV_OK)
        {
          pv_image_free (out);
          *out = image;
        }
    }
  pv_tensor_free (&planes);
  pv_tensor_free (&pooled);
  return status;
}
