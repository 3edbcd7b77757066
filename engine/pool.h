/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "image.h"
#include "plan.h"
#include "status.h"
#include "tensor.h"

/* Allocates the tensors pv_pool_run() writes: *@output with the plan's output
 * shape and dtype, and, when @indices is not NULL, *@indices as int64 of the
 * same shape. On failure nothing is allocated. Release with
 * pv_tensor_free(). */
pv_status pv_pool_alloc_outputs (const pv_plan *plan, pv_tensor *output, pv_tensor *indices,
                                 pv_error *err);

/* Runs @plan on @input, which must have the shape and dtype the plan was
 * made for (U8 and U16 input is pooled as float32). @unpool_indices is the
 * int64 index tensor of max_unpool (the input's shape) and NULL otherwise.
 * @output must have the plan's output shape and pv_plan_output_dtype();
 * @indices, if not NULL, int64 of the same shape, receives max-type
 * operators' indices (flat offsets within each input plane, as PyTorch's
 * return_indices). Returns PV_ERR_ARGUMENT or PV_ERR_SHAPE for mismatched
 * tensors, PV_ERR_INDEX for an unpooling index outside the output; the
 * outputs are untouched on failure.
 *
 * The common cases take the fast paths of fast-pool.h, on all the
 * machine's cores; the rest, and everything that asks for indices, the
 * reference path. */
pv_status pv_pool_run (const pv_plan *plan, const pv_tensor *input,
                       const pv_tensor *unpool_indices, pv_tensor *output, pv_tensor *indices,
                       pv_error *err);

/* A spatial pyramid (plan and tensors checked as pv_pool_run() checks
 * them, no indices) level by level as adaptive pooling to level x level
 * cells, each through pv_pool_run() and so its fast path where one applies
 * (a 4K colour picture, levels 1, 2, 4: 125 ms on the reference path, 1.2
 * ms so). pv_pool_run() calls it; the tests call it to know it ran. False,
 * with nothing written, when a level cannot be planned. */
bool pv_pool_pyramid_by_levels (const pv_plan *plan, const pv_tensor *input, pv_tensor *output);

/* The same through the reference path only: every cell through the
 * geometry and the reduction the interface explains, in PyTorch's order.
 * For the tests and the benchmark, which compare the fast paths with it. */
pv_status pv_pool_run_reference (const pv_plan *plan, const pv_tensor *input,
                                 const pv_tensor *unpool_indices, pv_tensor *output,
                                 pv_tensor *indices, pv_error *err);

/* Pools a picture into a picture of the same channels and bit depth,
 * *@out: what pv_image_to_planes(), pv_pool_run() and
 * pv_image_from_planes() give, without the planes when a fast path applies.
 * @plan must have been made for the picture's planes, (C, H, W) of U8 or
 * U16. *@out is either zeroed or a picture from an earlier call, reused
 * when its size fits and replaced otherwise; on failure it is unchanged. */
pv_status pv_pool_image (const pv_plan *plan, const pv_image *in, pv_image *out, pv_error *err);
