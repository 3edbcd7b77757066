/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cell.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"

static bool
is_pyramid (const pv_plan *plan)
{
  return plan->info->windows == PV_WINDOWS_PYRAMID;
}

/* The axes and the output size that cells of @level are laid out on. */
static void
cell_axes (const pv_plan *plan, int64_t plane, int level, pv_axis *ah, pv_axis *aw)
{
  if (is_pyramid (plan))
    {
      *ah = pv_plan_level_axis (plan, level, 0);
      *aw = pv_plan_level_axis (plan, level, 1);
    }
  else
    {
      *ah = pv_plan_plane_axis (plan, plane, 0);
      *aw = pv_plan_plane_axis (plan, plane, 1);
    }
}

static bool
valid_level (const pv_plan *plan, int level)
{
  return is_pyramid (plan) ? level >= 0 && level < plan->n_levels : level == 0;
}

/* The levels [*@first, *@last] that @level names for plane @plane: all of
 * a pyramid's for -1, else that one. PV_ERR_ARGUMENT for no such plane or
 * level. */
static pv_status
levels_of (const pv_plan *plan, int64_t plane, int level, int *first, int *last, pv_error *err)
{
  if (plane < 0 || plane >= plan->n_planes)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "no such plane");
  if (is_pyramid (plan) && level == -1)
    {
      *first = 0;
      *last = plan->n_levels - 1;
      return PV_OK;
    }
  if (!valid_level (plan, level))
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "no such level");
  *first = *last = level;
  return PV_OK;
}

/* Unpooling: the value at (oh, ow) is the last input element, in row-major
 * order, whose index points there. */
static void
unpool_cell (const pv_plan *plan, const pv_tensor *input, const pv_tensor *indices, pv_cell *cell)
{
  int64_t in_plane = plan->in_h * plan->in_w;
  int64_t target = cell->oh * plan->out_w + cell->ow;
  const int64_t *idx = (const int64_t *) indices->data + cell->plane * in_plane;

  cell->value = 0.0;
  for (int64_t i = 0; i < in_plane; i++)
    if (idx[i] == target)
      {
        cell->has_source = true;
        cell->source_h = i / plan->in_w;
        cell->source_w = i % plan->in_w;
        cell->value = pv_tensor_get (input, (size_t) (cell->plane * in_plane + i));
      }
}

pv_status
pv_plan_cell (const pv_plan *plan, const pv_tensor *input, const pv_tensor *unpool_indices,
              int64_t plane, int level, int64_t oh, int64_t ow, pv_cell *cell, pv_error *err)
{
  pv_cell c;
  pv_axis ah, aw;
  int64_t in_plane = plan->in_h * plan->in_w;
  size_t es;
  const char *src;

  if (input->dtype != plan->dtype || !pv_shape_equal (&input->shape, &plan->in_shape)
      || (input->dtype != PV_DTYPE_F32 && input->dtype != PV_DTYPE_F64))
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_INPUT,
                         "the input does not match the plan, or is not floating-point");
  if (plane < 0 || plane >= plan->n_planes || !valid_level (plan, level))
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "no such plane or level");

  memset (&c, 0, sizeof c);
  c.plane = plane;
  c.level = level;
  c.oh = oh;
  c.ow = ow;

  if (plan->info->windows == PV_WINDOWS_UNPOOL)
    {
      if (oh < 0 || oh >= plan->out_h || ow < 0 || ow >= plan->out_w)
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "no such output cell");
      if (unpool_indices == NULL || unpool_indices->dtype != PV_DTYPE_I64
          || !pv_shape_equal (&unpool_indices->shape, &input->shape))
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_INDICES,
                             "unpooling needs indices of the input's shape");
      unpool_cell (plan, input, unpool_indices, &c);
      *cell = c;
      return PV_OK;
    }

  cell_axes (plan, plane, level, &ah, &aw);
  if (oh < 0 || oh >= ah.out || ow < 0 || ow >= aw.out)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "no such output cell");

  pv_axis_window (&ah, oh, &c.row);
  pv_axis_window (&aw, ow, &c.col);

  es = pv_dtype_size (input->dtype);
  src = (const char *) input->data + (size_t) (plane * in_plane) * es;
  {
    bool mean = plan->info->reduce == PV_REDUCE_AVG && plan->info->windows != PV_WINDOWS_SLIDING
                && ah.out == 1 && aw.out == 1;

    if (input->dtype == PV_DTYPE_F64)
      {
        double v;

        pv_reduce_cell_f64 (plan, (const double *) src, &c.row, &c.col, mean, &v, &c.reduction);
        c.value = v;
      }
    else
      {
        float v;

        pv_reduce_cell_f32 (plan, (const float *) src, &c.row, &c.col, mean, &v, &c.reduction);
        c.value = v;
      }
  }

  c.empty = pv_window_n_real (&c.row) == 0 || pv_window_n_real (&c.col) == 0;
  if (plan->info->reduce == PV_REDUCE_MAX && !c.empty)
    {
      c.has_winner = true;
      c.winner_h = c.reduction.index / plan->in_w;
      c.winner_w = c.reduction.index % plan->in_w;
    }
  c.ceil_only = !is_pyramid (plan) && pv_plan_cell_is_ceil_only (plan, oh, ow);
  *cell = c;
  return PV_OK;
}

size_t
pv_plan_readers (const pv_plan *plan, const pv_tensor *unpool_indices, int64_t plane, int level,
                 int64_t ih, int64_t iw, int64_t *cells, size_t max)
{
  pv_axis ah, aw;
  size_t nh, nw, count = 0;
  int64_t *rows, *cols;

  if (plane < 0 || plane >= plan->n_planes || !valid_level (plan, level) || ih < 0
      || ih >= plan->in_h || iw < 0 || iw >= plan->in_w)
    return 0;

  if (plan->info->windows == PV_WINDOWS_UNPOOL)
    {
      int64_t idx;

      if (unpool_indices == NULL || unpool_indices->dtype != PV_DTYPE_I64
          || !pv_shape_equal (&unpool_indices->shape, &plan->in_shape))
        return 0;
      idx = ((const int64_t *) unpool_indices->data)[plane * plan->in_h * plan->in_w
                                                     + ih * plan->in_w + iw];
      if (idx < 0 || idx >= plan->out_h * plan->out_w)
        return 0;
      if (max > 0)
        {
          cells[0] = idx / plan->out_w;
          cells[1] = idx % plan->out_w;
        }
      return 1;
    }

  cell_axes (plan, plane, level, &ah, &aw);
  nh = pv_axis_readers (&ah, ih, NULL, 0);
  nw = pv_axis_readers (&aw, iw, NULL, 0);
  if (nh == 0 || nw == 0)
    return 0;

  rows = malloc (nh * sizeof *rows);
  cols = malloc (nw * sizeof *cols);
  if (rows == NULL || cols == NULL)
    {
      free (rows);
      free (cols);
      return 0;
    }
  pv_axis_readers (&ah, ih, rows, nh);
  pv_axis_readers (&aw, iw, cols, nw);
  for (size_t i = 0; i < nh; i++)
    for (size_t j = 0; j < nw; j++, count++)
      if (count < max)
        {
          cells[2 * count] = rows[i];
          cells[2 * count + 1] = cols[j];
        }
  free (rows);
  free (cols);
  return nh * nw;
}

pv_status
pv_plan_coverage (const pv_plan *plan, int64_t plane, int level, uint32_t *counts, pv_error *err)
{
  uint32_t *ch, *cw;
  int first, last;
  pv_status status;

  if (plan->info->windows == PV_WINDOWS_UNPOOL)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OPERATOR,
                         "unpooling has no windows, so no coverage");
  status = levels_of (plan, plane, level, &first, &last, err);
  if (status != PV_OK)
    return status;

  ch = calloc ((size_t) plan->in_h, sizeof *ch);
  cw = calloc ((size_t) plan->in_w, sizeof *cw);
  if (ch == NULL || cw == NULL)
    {
      free (ch);
      free (cw);
      return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory");
    }

  memset (counts, 0, (size_t) (plan->in_h * plan->in_w) * sizeof *counts);
  for (int l = first; l <= last; l++)
    {
      pv_axis ah, aw;

      cell_axes (plan, plane, l, &ah, &aw);
      memset (ch, 0, (size_t) plan->in_h * sizeof *ch);
      memset (cw, 0, (size_t) plan->in_w * sizeof *cw);
      pv_axis_coverage (&ah, ch);
      pv_axis_coverage (&aw, cw);
      /* A cell reads (h, w) exactly when its row window reads h and its
       * column window reads w, so the 2-D count is the product. */
      for (int64_t h = 0; h < plan->in_h; h++)
        for (int64_t w = 0; w < plan->in_w; w++)
          counts[h * plan->in_w + w] += ch[h] * cw[w];
    }
  free (ch);
  free (cw);
  return PV_OK;
}

/* Winners are counted in bands of output rows on the thread pool (a 4K
 * picture's three channels, k = 3, s = 2: 190 ms on one thread, 140 on
 * two). Neighbouring bands'
 * windows may share input rows, so the even bands run together, then the
 * odd ones: each adds to counts no other band of its half touches. */
typedef struct
{
  const pv_plan *plan;
  const char *src;            /* the plane */
  pv_dtype dtype;
  const pv_window *rows, *cols;
  int64_t n_rows, n_cols;
  int64_t band_rows;          /* output rows a band */
  size_t parity;              /* which bands run: 2 i + parity */
  uint32_t *counts;
  pv_stop_func stopped;       /* asked before each row, or NULL */
  void *stop_data;
  atomic_bool *stop;          /* it said so: the remaining tasks return at once */
} wins_job;

/* The input rows [*@first, *@last] that band @b reads (none: last < first). */
static void
band_input_rows (const wins_job *job, int64_t b, int64_t *first, int64_t *last)
{
  int64_t oh0 = b * job->band_rows;
  int64_t oh1 = oh0 + job->band_rows < job->n_rows ? oh0 + job->band_rows : job->n_rows;

  *first = job->plan->in_h;
  *last = -1;
  for (int64_t oh = oh0; oh < oh1; oh++)
    {
      const pv_window *w = &job->rows[oh];

      if (pv_window_n_real (w) == 0)
        continue;
      if (pv_window_tap_pos (w, w->real_first) < *first)
        *first = pv_window_tap_pos (w, w->real_first);
      if (pv_window_tap_pos (w, w->real_end - 1) > *last)
        *last = pv_window_tap_pos (w, w->real_end - 1);
    }
}

static void
wins_task (void *data, size_t task)
{
  const wins_job *job = data;
  int64_t oh0 = (int64_t) (2 * task + job->parity) * job->band_rows;
  int64_t oh1 = oh0 + job->band_rows < job->n_rows ? oh0 + job->band_rows : job->n_rows;
  int64_t n_in = job->plan->in_h * job->plan->in_w;

  for (int64_t oh = oh0; oh < oh1; oh++)
    for (int64_t ow = 0; ow < job->n_cols; ow++)
      {
        pv_reduction r;

        if (ow == 0 && job->stopped != NULL
            && (atomic_load_explicit (job->stop, memory_order_relaxed)
                || job->stopped (job->stop_data)))
          {
            atomic_store_explicit (job->stop, true, memory_order_relaxed);
            return;
          }

        if (pv_window_n_real (&job->rows[oh]) == 0 || pv_window_n_real (&job->cols[ow]) == 0)
          continue;
        /* The same reduction as the run and the cell query, so the winner
         * counted is the winner explained. */
        if (job->dtype == PV_DTYPE_F64)
          {
            double v;

            pv_reduce_cell_f64 (job->plan, (const double *) job->src, &job->rows[oh],
                                &job->cols[ow], false, &v, &r);
          }
        else
          {
            float v;

            pv_reduce_cell_f32 (job->plan, (const float *) job->src, &job->rows[oh],
                                &job->cols[ow], false, &v, &r);
          }
        if (r.index >= 0 && r.index < n_in)
          job->counts[r.index]++;
      }
}

/* The cells of one plane (one level) of max pooling: each real winner's
 * count goes up by one. */
static pv_status
count_wins (const pv_plan *plan, const pv_tensor *input, int64_t plane, int level,
            uint32_t *counts, pv_stop_func stopped, void *stop_data)
{
  pv_axis ah, aw;
  wins_job job = { 0 };
  atomic_bool stop;
  pv_window *rows, *cols;
  int64_t n_bands;

  cell_axes (plan, plane, level, &ah, &aw);
  rows = malloc ((size_t) (ah.out > 0 ? ah.out : 1) * sizeof *rows);
  cols = malloc ((size_t) (aw.out > 0 ? aw.out : 1) * sizeof *cols);
  if (rows == NULL || cols == NULL)
    {
      free (rows);
      free (cols);
      return PV_ERR_NOMEM;
    }
  for (int64_t oh = 0; oh < ah.out; oh++)
    pv_axis_window (&ah, oh, &rows[oh]);
  for (int64_t ow = 0; ow < aw.out; ow++)
    pv_axis_window (&aw, ow, &cols[ow]);
  job.plan = plan;
  job.dtype = input->dtype;
  job.src = (const char *) input->data
            + (size_t) (plane * plan->in_h * plan->in_w) * pv_dtype_size (input->dtype);
  job.rows = rows;
  job.cols = cols;
  job.n_rows = ah.out;
  job.n_cols = aw.out;
  job.counts = counts;
  job.stopped = stopped;
  job.stop_data = stop_data;
  atomic_init (&stop, false);
  job.stop = &stop;
  /* Eight bands a thread, unless some band's rows reach those of an
   * earlier band of its half (windows taller than two bands, or going
   * back): then one band, on one thread. */
  n_bands = 8 * (int64_t) pv_parallel_threads ();
  job.band_rows = ah.out > 0 ? (ah.out + n_bands - 1) / n_bands : 1;
  n_bands = ah.out > 0 ? (ah.out + job.band_rows - 1) / job.band_rows : 0;
  {
    int64_t reached[2] = { -1, -1 }; /* the last input row each half reads so far */

    for (int64_t b = 0; b < n_bands; b++)
      {
        int64_t first, last;

        band_input_rows (&job, b, &first, &last);
        if (last < first)
          continue; /* no real tap: counts nothing */
        if (first <= reached[b % 2])
          {
            job.band_rows = ah.out;
            n_bands = 1;
            break;
          }
        reached[b % 2] = last;
      }
  }
  for (job.parity = 0; job.parity < 2; job.parity++)
    pv_parallel_run ((size_t) (n_bands - (int64_t) job.parity + 1) / 2, wins_task, &job);
  free (rows);
  free (cols);
  return atomic_load (&stop) ? PV_ERR_CANCELLED : PV_OK;
}

pv_status
pv_plan_wins (const pv_plan *plan, const pv_tensor *input, int64_t plane, int level,
              uint32_t *counts, pv_error *err)
{
  return pv_plan_wins_until (plan, input, plane, level, counts, NULL, NULL, err);
}

pv_status
pv_plan_wins_until (const pv_plan *plan, const pv_tensor *input, int64_t plane, int level,
                    uint32_t *counts, pv_stop_func stopped, void *stop_data, pv_error *err)
{
  int first, last;
  pv_status status;

  if (plan->info->reduce != PV_REDUCE_MAX || plan->info->windows == PV_WINDOWS_UNPOOL)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OPERATOR,
                         "only max pooling keeps a winning pixel");
  if (input->dtype != plan->dtype || !pv_shape_equal (&input->shape, &plan->in_shape)
      || (input->dtype != PV_DTYPE_F32 && input->dtype != PV_DTYPE_F64))
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_INPUT,
                         "the input does not match the plan, or is not floating-point");
  status = levels_of (plan, plane, level, &first, &last, err);
  if (status != PV_OK)
    return status;

  memset (counts, 0, (size_t) (plan->in_h * plan->in_w) * sizeof *counts);
  for (int l = first; l <= last; l++)
    {
      status = count_wins (plan, input, plane, l, counts, stopped, stop_data);
      if (status == PV_ERR_CANCELLED)
        return pv_error_set (err, status, PV_FIELD_NONE, "the count was cancelled");
      if (status != PV_OK)
        return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory");
    }
  return PV_OK;
}
