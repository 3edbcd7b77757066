/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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
 * outputs are untouched on failure. */
pv_status pv_pool_run (const pv_plan *plan, const pv_tensor *input,
                       const pv_tensor *unpool_indices, pv_tensor *output, pv_tensor *indices,
                       pv_error *err);
