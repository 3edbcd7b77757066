/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internal: the reduction of one output cell over its two windows. The
 * generic run (pool.c) and the cell query (cell.c) both call these, so the
 * number the interface explains is the number the run computed. */

#include <stdbool.h>
#include <stdint.h>

#include "geometry.h"
#include "plan.h"

/* Why an average or LP cell was divided by what it was divided by. */
typedef enum
{
  PV_DIVISOR_NONE,        /* max pooling */
  PV_DIVISOR_KERNEL_AREA, /* count_include_pad: the window lies inside the padded input */
  PV_DIVISOR_CLIPPED,     /* count_include_pad: the ceil_mode overhang is not counted */
  PV_DIVISOR_REAL_COUNT,  /* padding not counted (count_include_pad off, same/valid, LP) */
  PV_DIVISOR_OVERRIDE,    /* divisor_override */
  PV_DIVISOR_ADAPTIVE,    /* adaptive: (sum / rows) / columns */
  PV_DIVISOR_MEAN,        /* adaptive to 1 x 1: the plane's mean */
} pv_divisor_rule;

typedef struct
{
  int64_t index;          /* max: PyTorch's flat index h * W + w within the plane */
  int64_t divisor;        /* avg and LP */
  pv_divisor_rule rule;
} pv_reduction;

/* Reduces one cell of @plan over windows @wh (rows) and @ww (columns) of
 * @plane (in_h x in_w values), storing the result in *@out and the details
 * in *@r. @mean_of_plane selects PyTorch's mean() path for adaptive 1 x 1. */
void pv_reduce_cell_f32 (const pv_plan *plan, const float *plane, const pv_window *wh,
                         const pv_window *ww, bool mean_of_plane, float *out, pv_reduction *r);
void pv_reduce_cell_f64 (const pv_plan *plan, const double *plane, const pv_window *wh,
                         const pv_window *ww, bool mean_of_plane, double *out, pv_reduction *r);

/* x^@exponent in float, as ATen's pow (tensor, scalar): LP pooling's
 * powers and root, shared by the reference and the fast LP path. */
float pv_lp_pow_f32 (float x, double exponent);
