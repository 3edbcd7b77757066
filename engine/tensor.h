/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Element types the engine reads and writes. Pooling itself runs on F32
 * (float arithmetic, as PyTorch does for float32) and F64 (double); U8 and
 * U16 image samples are converted to F32 exactly; I64 holds indices. */
typedef enum
{
  PV_DTYPE_F32,
  PV_DTYPE_F64,
  PV_DTYPE_U8,
  PV_DTYPE_U16,
  PV_DTYPE_I64,
} pv_dtype;

#define PV_MAX_RANK 4

typedef struct
{
  int rank;                     /* 0 .. PV_MAX_RANK */
  int64_t dims[PV_MAX_RANK];    /* each >= 0 */
} pv_shape;

/* A dense, C-ordered array. The struct does not own @data unless it was
 * filled by pv_tensor_alloc(), in which case pv_tensor_free() releases it. */
typedef struct
{
  pv_dtype dtype;
  pv_shape shape;
  void *data;
} pv_tensor;

/* Returns the size in bytes of one element of @dtype. */
size_t pv_dtype_size (pv_dtype dtype);

/* Returns the NumPy-style name of @dtype ("float32", "uint8", ...). */
const char *pv_dtype_name (pv_dtype dtype);

/* Builds a shape from @rank sizes. */
pv_shape pv_shape_make (int rank, const int64_t *dims);

/* Stores the number of elements of @shape in *@numel. Returns
 * PV_ERR_OVERFLOW if the product does not fit in size_t, PV_ERR_SHAPE if a
 * dimension is negative. */
pv_status pv_shape_numel (const pv_shape *shape, size_t *numel);

/* Returns true if the two shapes have the same rank and sizes. */
bool pv_shape_equal (const pv_shape *a, const pv_shape *b);

/* Writes @shape as PyTorch prints a size list, "[1, 0, 4, 4]", into @buf
 * (always NUL-terminated when @size > 0). */
void pv_shape_format (const pv_shape *shape, char *buf, size_t size);

/* Allocates zero-filled storage for a tensor of @dtype and @shape into
 * *@tensor. On failure *@tensor is left untouched. Returns PV_ERR_OVERFLOW
 * or PV_ERR_NOMEM on failure. A tensor with no elements gets a valid,
 * non-NULL buffer so that callers need not special-case it. */
pv_status pv_tensor_alloc (pv_tensor *tensor, pv_dtype dtype, const pv_shape *shape,
                           pv_error *err);

/* Releases storage allocated by pv_tensor_alloc() and resets @tensor to an
 * empty tensor. Safe to call twice and on a zeroed struct. */
void pv_tensor_free (pv_tensor *tensor);

/* Allocates *@dst with @dtype and @src's shape and converts every element.
 * Integer targets receive values rounded to nearest (half away from zero)
 * and clamped to the target's range; NaN becomes 0. */
pv_status pv_tensor_convert (const pv_tensor *src, pv_dtype dtype, pv_tensor *dst,
                             pv_error *err);

/* Reads element @i of @tensor as a double (exact for every dtype except
 * I64 values beyond 2^53). */
double pv_tensor_get (const pv_tensor *tensor, size_t i);
