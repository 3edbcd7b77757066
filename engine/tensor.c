/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tensor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checked.h"

size_t
pv_dtype_size (pv_dtype dtype)
{
  switch (dtype)
    {
    case PV_DTYPE_F32: return 4;
    case PV_DTYPE_F64: return 8;
    case PV_DTYPE_U8: return 1;
    case PV_DTYPE_U16: return 2;
    case PV_DTYPE_I64: return 8;
    default: return 0;
    }
}

const char *
pv_dtype_name (pv_dtype dtype)
{
  switch (dtype)
    {
    case PV_DTYPE_F32: return "float32";
    case PV_DTYPE_F64: return "float64";
    case PV_DTYPE_U8: return "uint8";
    case PV_DTYPE_U16: return "uint16";
    case PV_DTYPE_I64: return "int64";
    default: return "unknown";
    }
}

pv_shape
pv_shape_make (int rank, const int64_t *dims)
{
  pv_shape shape = { 0 };

  if (rank < 0)
    rank = 0;
  if (rank > PV_MAX_RANK)
    rank = PV_MAX_RANK;
  shape.rank = rank;
  for (int i = 0; i < rank; i++)
    shape.dims[i] = dims[i];
  return shape;
}

pv_status
pv_shape_numel (const pv_shape *shape, size_t *numel)
{
  size_t n = 1;

  for (int i = 0; i < shape->rank; i++)
    {
      if (shape->dims[i] < 0)
        return PV_ERR_SHAPE;
      if ((uint64_t) shape->dims[i] > SIZE_MAX || !pv_size_mul (n, (size_t) shape->dims[i], &n))
        return PV_ERR_OVERFLOW;
    }
  *numel = n;
  return PV_OK;
}

bool
pv_shape_equal (const pv_shape *a, const pv_shape *b)
{
  if (a->rank != b->rank)
    return false;
  for (int i = 0; i < a->rank; i++)
    if (a->dims[i] != b->dims[i])
      return false;
  return true;
}

void
pv_shape_format (const pv_shape *shape, char *buf, size_t size)
{
  size_t used = 0;

  if (size == 0)
    return;
  buf[0] = '\0';
  used += (size_t) snprintf (buf, size, "[");
  for (int i = 0; i < shape->rank && used < size; i++)
    used += (size_t) snprintf (buf + used, size - used, "%s%lld", i ? ", " : "",
                               (long long) shape->dims[i]);
  if (used < size)
    snprintf (buf + used, size - used, "]");
}

pv_status
pv_tensor_alloc (pv_tensor *tensor, pv_dtype dtype, const pv_shape *shape, pv_error *err)
{
  size_t numel, bytes;
  pv_status status;
  void *data;

  status = pv_shape_numel (shape, &numel);
  if (status != PV_OK)
    return pv_error_set (err, status, PV_FIELD_NONE, "tensor shape is too large");
  if (!pv_size_mul (numel, pv_dtype_size (dtype), &bytes))
    return pv_error_set (err, PV_ERR_OVERFLOW, PV_FIELD_NONE, "tensor is too large");

  /* calloc(0) may return NULL; one byte keeps "data != NULL" an invariant. */
  data = calloc (bytes ? bytes : 1, 1);
  if (data == NULL)
    return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE,
                         "out of memory allocating %zu bytes", bytes);

  tensor->dtype = dtype;
  tensor->shape = *shape;
  tensor->data = data;
  return PV_OK;
}

void
pv_tensor_free (pv_tensor *tensor)
{
  if (tensor == NULL)
    return;
  free (tensor->data);
  memset (tensor, 0, sizeof *tensor);
}

double
pv_tensor_get (const pv_tensor *tensor, size_t i)
{
  switch (tensor->dtype)
    {
    case PV_DTYPE_F32: return ((const float *) tensor->data)[i];
    case PV_DTYPE_F64: return ((const double *) tensor->data)[i];
    case PV_DTYPE_U8: return ((const uint8_t *) tensor->data)[i];
    case PV_DTYPE_U16: return ((const uint16_t *) tensor->data)[i];
    case PV_DTYPE_I64: return (double) ((const int64_t *) tensor->data)[i];
    default: return 0.0;
    }
}

static double
round_clamp (double v, double lo, double hi)
{
  if (isnan (v))
    return 0.0;
  v = round (v); /* half away from zero */
  return v < lo ? lo : v > hi ? hi : v;
}

pv_status
pv_tensor_convert (const pv_tensor *src, pv_dtype dtype, pv_tensor *dst, pv_error *err)
{
  pv_tensor out;
  size_t numel = 0;
  pv_status status;

  status = pv_tensor_alloc (&out, dtype, &src->shape, err);
  if (status != PV_OK)
    return status;
  pv_shape_numel (&src->shape, &numel); /* cannot fail: the allocation succeeded */

  for (size_t i = 0; i < numel; i++)
    {
      double v = pv_tensor_get (src, i);

      switch (dtype)
        {
        case PV_DTYPE_F32:
          ((float *) out.data)[i] = (float) v;
          break;
        case PV_DTYPE_F64:
          ((double *) out.data)[i] = v;
          break;
        case PV_DTYPE_U8:
          ((uint8_t *) out.data)[i] = (uint8_t) round_clamp (v, 0, 255);
          break;
        case PV_DTYPE_U16:
          ((uint16_t *) out.data)[i] = (uint16_t) round_clamp (v, 0, 65535);
          break;
        case PV_DTYPE_I64:
          ((int64_t *) out.data)[i] = (int64_t) round_clamp (v, -9223372036854775808.0,
                                                             9223372036854774784.0);
          break;
        }
    }

  /* float -> float keeps NaN payloads only when copied bit for bit. */
  if (src->dtype == dtype)
    memcpy (out.data, src->data, numel * pv_dtype_size (dtype));

  *dst = out;
  return PV_OK;
}
