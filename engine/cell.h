/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Geometry queries for the user interface: what one output cell read, which
 * cells read one input pixel, and how often each input pixel is read. They
 * run the same window and reduction code as pv_pool_run(), so the value,
 * the winning tap and the divisor shown are the ones computed. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "geometry.h"
#include "plan.h"
#include "reduce.h"
#include "status.h"
#include "tensor.h"

typedef struct
{
  int64_t plane;          /* batch * channels + channel */
  int level;              /* pyramids: which level; 0 otherwise */
  int64_t oh, ow;         /* the cell, within its plane (or level) */
  pv_window row, col;     /* the window along each axis */
  double value;           /* the result, as computed in the input's precision */
  pv_reduction reduction; /* max index, avg/LP divisor and why */
  bool has_winner;        /* max: a real tap won */
  int64_t winner_h, winner_w;
  bool empty;             /* no real tap: max gives -inf, avg cannot occur */
  bool ceil_only;         /* the cell exists only because of ceil_mode */
  /* Unpooling: the input element whose value landed here, if any. */
  bool has_source;
  int64_t source_h, source_w;
} pv_cell;

/* Describes cell (@oh, @ow) of plane @plane (level @level for pyramids) of
 * @plan applied to @input; @unpool_indices as for pv_pool_run(). Returns
 * PV_ERR_ARGUMENT if the cell is outside the output or the tensors do not
 * match the plan. */
pv_status pv_plan_cell (const pv_plan *plan, const pv_tensor *input,
                        const pv_tensor *unpool_indices, int64_t plane, int level, int64_t oh,
                        int64_t ow, pv_cell *cell, pv_error *err);

/* Lists the output cells of plane @plane (level @level) that read input
 * pixel (@ih, @iw) as a real tap: returns their number and stores up to
 * @max of them in @cells as (oh, ow) pairs, row-major. Unpooling reports
 * the cell the pixel's index sends it to (needs @unpool_indices). */
size_t pv_plan_readers (const pv_plan *plan, const pv_tensor *unpool_indices, int64_t plane,
                        int level, int64_t ih, int64_t iw, int64_t *cells, size_t max);

/* Fills @counts (in_h * in_w entries) with how many output cells of plane
 * @plane read each input pixel; @level selects one pyramid level, or -1 for
 * all of them. 0 marks pixels no window reads (for example dropped by floor
 * mode); more than 1 marks overlapping windows. */
pv_status pv_plan_coverage (const pv_plan *plan, int64_t plane, int level, uint32_t *counts,
                            pv_error *err);

/* Fills @counts (in_h * in_w entries) with how many output cells of plane
 * @plane of @input take each input pixel as their maximum: the winner
 * pv_plan_cell() reports, PyTorch's return_indices. @level as for
 * pv_plan_coverage(). 0 marks pixels no max keeps; cells without a real
 * tap have no winner. PV_ERR_ARGUMENT for operators that do not take a
 * maximum, or tensors that do not match the plan. */
pv_status pv_plan_wins (const pv_plan *plan, const pv_tensor *input, int64_t plane, int level,
                        uint32_t *counts, pv_error *err);

/* The same, asking @stopped (@stop_data) before each row of cells: a count
 * given up returns PV_ERR_CANCELLED within a row's time, so that a newer
 * count or the next pooling need not wait for the thread pool to finish
 * it (a 4K plane's winners: 50 ms). @counts are then incomplete. */
pv_status pv_plan_wins_until (const pv_plan *plan, const pv_tensor *input, int64_t plane,
                              int level, uint32_t *counts, pv_stop_func stopped, void *stop_data,
                              pv_error *err);
