/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* LP pooling through the average's fast paths. PyTorch computes it as
 * avg_pool(x^p) * kernel_area, to the power 1/p (pooling-spec.md section
 * 5); so does this, plane by plane: the powers on every thread, the
 * average by fast-pool.c, the rescaling and root on every thread. The
 * reference reduces each window tap by tap, on one thread (a 4K colour
 * picture, p = 2, k = 3: 230 ms). The sums are the average's: in float in
 * PyTorch's order for results up to 65536 cells and for k = s = 2 and
 * k = 3, s = 2 windows, else in double, within float rounding of it. */

#include <stdbool.h>

#include "plan.h"
#include "tensor.h"

/* Whether pv_lp_pool_fast() takes @plan (sliding LP windows, no indices)
 * for input of @dtype. */
bool pv_lp_pool_applies (const pv_plan *plan, pv_dtype dtype, bool want_indices);

/* Pools @input ((N,) C, (H,) W of uint8, uint16 or float32, the plan's
 * shape) into @output (float32, the plan's output), when
 * pv_lp_pool_applies(). False, with nothing written, when it cannot (no
 * memory for a plane of powers): the reference path then runs. */
bool pv_lp_pool_fast (const pv_plan *plan, const pv_tensor *input, pv_tensor *output);
