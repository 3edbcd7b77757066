/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "compare.h"

#include "checked.h"

static pv_dtype
float_type (pv_dtype a, pv_dtype b)
{
  return a == PV_DTYPE_F64 || b == PV_DTYPE_F64 ? PV_DTYPE_F64 : PV_DTYPE_F32;
}

static void
store (pv_tensor *t, size_t i, double v)
{
  if (t->dtype == PV_DTYPE_F64)
    ((double *) t->data)[i] = v;
  else
    ((float *) t->data)[i] = (float) v;
}

pv_status
pv_tensor_subtract (const pv_tensor *a, const pv_tensor *b, pv_tensor *out, pv_error *err)
{
  pv_tensor t;
  pv_status status;
  size_t n;

  if (!pv_shape_equal (&a->shape, &b->shape))
    {
      char sa[96], sb[96];

      pv_shape_format (&a->shape, sa, sizeof sa);
      pv_shape_format (&b->shape, sb, sizeof sb);
      return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_NONE,
                           "the results have different shapes, %s and %s, so they cannot be "
                           "subtracted",
                           sa, sb);
    }
  status = pv_tensor_alloc (&t, float_type (a->dtype, b->dtype), &a->shape, err);
  if (status != PV_OK)
    return status;
  pv_shape_numel (&a->shape, &n);
  for (size_t i = 0; i < n; i++)
    store (&t, i, pv_tensor_get (a, i) - pv_tensor_get (b, i));
  *out = t;
  return PV_OK;
}

pv_status
pv_tensor_resize_nearest (const pv_tensor *src, int64_t height, int64_t width, pv_tensor *out,
                          pv_error *err)
{
  pv_shape shape = src->shape;
  int64_t H, W, planes = 1;
  pv_tensor t;
  pv_status status;

  if (shape.rank < 2 || height < 1 || width < 1)
    return pv_error_set (err, PV_ERR_SHAPE, PV_FIELD_NONE, "nothing to resize");
  H = shape.dims[shape.rank - 2];
  W = shape.dims[shape.rank - 1];
  for (int i = 0; i < shape.rank - 2; i++)
    planes *= shape.dims[i];
  shape.dims[shape.rank - 2] = height;
  shape.dims[shape.rank - 1] = width;
  status = pv_tensor_alloc (&t, float_type (src->dtype, src->dtype), &shape, err);
  if (status != PV_OK)
    return status;
  for (int64_t p = 0; p < planes; p++)
    for (int64_t h = 0; h < height; h++)
      {
        /* Exact integer floor(h * H / height), as for adaptive windows. */
        int64_t sh = pv_resize_source (h, H, height);

        for (int64_t w = 0; w < width; w++)
          store (&t, (size_t) ((p * height + h) * width + w),
                 pv_tensor_get (src, (size_t) ((p * H + sh) * W + pv_resize_source (w, W, width))));
      }
  *out = t;
  return PV_OK;
}
