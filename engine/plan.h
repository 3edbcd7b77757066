/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A plan is a validated pooling call: the parameters checked in PyTorch's
 * order, the input's layout, the output's shape and the geometry of every
 * axis. Planning is cheap and allocation-free except for fractional
 * pooling's per-plane samples, so callers re-plan on every parameter
 * change; the run (pool.h) and the geometry queries (cell.h) then read only
 * the plan. */

#include <stdbool.h>
#include <stdint.h>

#include "geometry.h"
#include "params.h"
#include "status.h"
#include "tensor.h"

/* Planning refuses outputs with more elements than this (2 GiB of float32),
 * so that an adaptive output size of a billion cannot exhaust memory. */
#define PV_MAX_OUTPUT_ELEMENTS ((int64_t) 1 << 29)

/* Input dimensions above this are refused before any size arithmetic; it is
 * far above any image, and it keeps every product in int64 range. */
#define PV_MAX_INPUT_DIM ((int64_t) INT32_MAX)

typedef struct
{
  pv_params params;
  const pv_op_info *info;
  pv_dtype dtype;               /* of the input */
  pv_shape in_shape;            /* as given */
  pv_shape out_shape;           /* in the same layout as the input */

  /* The input seen as batch x channels planes of in_h x in_w (1-D: in_h == 1). */
  int64_t batch, channels, in_h, in_w;
  int64_t n_planes;
  /* Each plane's output; pyramids: out_h == 1 and out_w == the cells of all levels. */
  int64_t out_h, out_w;

  pv_axis axis[2];              /* [0] rows (H), [1] columns (W) */
  pv_size_derivation size[2];   /* sliding operators: how each size came about */

  bool count_padding;           /* avg: padding counts in the divisor */
  double norm_type;             /* LP */
  int64_t kernel_area;          /* LP: the kernel area its result is rescaled by */

  int n_levels;                 /* pyramids */
  int64_t levels[PV_LEVELS_MAX];
  int64_t pyramid_cells;        /* the sum of level * level */

  /* Fractional pooling: two samples per plane, [2p] driving W and [2p + 1]
   * driving H as in PyTorch. Owned by the plan. */
  double *samples;

  /* Set only inside pv_plan_check_params(), whose input is a stand-in:
   * planning stops before the first check of the input's sizes. */
  bool params_only;
} pv_plan;

/* Validates @params for an input of @input's dtype and shape (its data is
 * not read), and fills *@plan. Checks run in PyTorch's order and fail with
 * PyTorch's messages where PyTorch has one. @samples are fractional
 * pooling's random samples, shape (N, C, 2), or NULL to draw them from
 * params->seed. On failure *@plan is untouched and @err says why
 * (PV_ERR_ARGUMENT, PV_ERR_SHAPE, PV_ERR_LIMIT or PV_ERR_NOMEM). A
 * successful plan must be released with pv_plan_clear(). */
pv_status pv_plan_init (pv_plan *plan, const pv_params *params, const pv_tensor *input,
                        const pv_tensor *samples, pv_error *err);

/* As pv_plan_init(), without the limit on the output's size: for the shape
 * arithmetic alone (poolview-cli shape). Such a plan may describe more
 * than PoolView will pool; pass it to no pooling function. */
pv_status pv_plan_init_shape (pv_plan *plan, const pv_params *params, const pv_tensor *input,
                              pv_error *err);

/* Checks @params as far as that needs no input: pv_plan_init()'s own
 * checks, in its order and with its messages, skipping those about the
 * input's shape and stopping before the first that depends on its sizes
 * (an output too small, a window larger than the input). A failure here
 * fails pv_plan_init() for every input, with the same message unless the
 * input's shape is refused first, so a caller with several inputs can
 * report it once, before reading any. PV_OK promises nothing about a given
 * input. Returns PV_ERR_ARGUMENT, with the message in @err. */
pv_status pv_plan_check_params (const pv_params *params, pv_error *err);

/* Releases what the plan owns. Safe on a zeroed or cleared plan. */
void pv_plan_clear (pv_plan *plan);

/* The dtype of the output: F64 for F64 input, F32 otherwise. */
pv_dtype pv_plan_output_dtype (const pv_plan *plan);

/* Returns axis @which (0 = rows, 1 = columns) as it applies to @plane:
 * identical for all planes except in fractional pooling, whose windows
 * depend on each plane's sample. */
pv_axis pv_plan_plane_axis (const pv_plan *plan, int64_t plane, int which);

/* Pyramids: the adaptive axis of level @level (0 = first listed), and the
 * offset of that level's first cell within one batch entry's output. */
pv_axis pv_plan_level_axis (const pv_plan *plan, int level, int which);
int64_t pv_plan_level_offset (const pv_plan *plan, int level);

/* Returns true if cell (@oh, @ow) exists only because of ceil_mode. */
bool pv_plan_cell_is_ceil_only (const pv_plan *plan, int64_t oh, int64_t ow);
