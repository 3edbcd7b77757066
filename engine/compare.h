/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What comparing two results needs: their difference, and a result brought
 * back to its input's size so that it can be compared with the input. */

#include <stdint.h>

#include "status.h"
#include "tensor.h"

/* *@out = @a - @b, element by element, as float32 (float64 if either is).
 * The shapes must be equal (PV_ERR_SHAPE otherwise, saying both). */
pv_status pv_tensor_subtract (const pv_tensor *a, const pv_tensor *b, pv_tensor *out,
                              pv_error *err);

/* Resamples the last two axes of @src to @height x @width, nearest
 * neighbour: cell (h, w) takes src cell (floor(h * H / height),
 * floor(w * W / width)). Other axes are kept; float32 out (float64 for
 * float64). */
pv_status pv_tensor_resize_nearest (const pv_tensor *src, int64_t height, int64_t width,
                                    pv_tensor *out, pv_error *err);

/* The source index pv_tensor_resize_nearest() reads for index @i of an
 * axis resized from @from to @to: floor(i * from / to). */
static inline int64_t
pv_resize_source (int64_t i, int64_t from, int64_t to)
{
  return i * from / to;
}

/* The indices [*first, *end) of the resized axis that read source index
 * @s: those i with floor(i * from / to) == s. */
static inline void
pv_resize_targets (int64_t s, int64_t from, int64_t to, int64_t *first, int64_t *end)
{
  *first = (s * to + from - 1) / from;
  *end = ((s + 1) * to + from - 1) / from;
}
