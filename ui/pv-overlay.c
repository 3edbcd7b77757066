/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pv-overlay.h"

#include <string.h>

#include "engine/cell.h"

gboolean
pv_overlay_has_winners (const pv_plan *plan)
{
  return plan != NULL && plan->info->reduce == PV_REDUCE_MAX
         && plan->info->windows != PV_WINDOWS_UNPOOL;
}

/* The level every count covers: all of a pyramid's, else the one. */
static int
all_levels (const pv_plan *plan)
{
  return plan->info->windows == PV_WINDOWS_PYRAMID ? -1 : 0;
}

/* How many windows read each pixel of @channel. */
static gboolean
count_coverage (const pv_plan *plan, int64_t h, int64_t w, int channel, guint32 *counts)
{
  gboolean one_d = plan->info->spatial_dims == 1;

  if (plan->info->windows == PV_WINDOWS_UNPOOL
      || pv_plan_coverage (plan, one_d ? (int64_t) channel * h : channel, all_levels (plan),
                           counts, NULL)
           != PV_OK)
    return FALSE;
  /* 1-D windows are the same for every row: count one and repeat it. */
  if (one_d)
    for (int64_t r = 1; r < h; r++)
      memcpy (counts + r * w, counts, sizeof (guint32) * (gsize) w);
  return TRUE;
}

static bool
cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* How many maxima each pixel is in channels @first .. @last: in the
 * channel where it wins most. A cancelled count stops within a row of
 * cells, so that the newer count or the next pooling it gives way to need
 * not wait for the thread pool (a 4K plane's count: 50 ms). */
static gboolean
count_winners (const pv_plan *plan, const pv_tensor *input, int first, int last,
               GCancellable *cancellable, guint32 *counts)
{
  int64_t h = input->shape.dims[1], w = input->shape.dims[2];
  gboolean one_d = plan->info->spatial_dims == 1;
  int64_t n = one_d ? w : h * w;
  g_autofree guint32 *plane = g_new (guint32, (gsize) n);

  if (!pv_overlay_has_winners (plan))
    return FALSE;
  for (int c = first; c <= last; c++)
    /* 1-D operators pool each row of a channel as its own plane. */
    for (int64_t r = 0; r < (one_d ? h : 1); r++)
      {
        guint32 *dst = counts + (one_d ? r * w : 0);

        if (g_cancellable_is_cancelled (cancellable))
          return FALSE;
        if (pv_plan_wins_until (plan, input, one_d ? c * h + r : c, all_levels (plan), plane,
                                cancellable != NULL ? cancelled : NULL, cancellable, NULL)
            != PV_OK)
          return FALSE;
        for (int64_t i = 0; i < n; i++)
          dst[i] = MAX (dst[i], plane[i]);
      }
  return TRUE;
}

/* pv_overlay_count(), given up when @cancellable is cancelled. */
static gboolean
count_overlay (const pv_plan *plan, const pv_tensor *input, int channel, PvOverlayKind kind,
               GCancellable *cancellable, PvOverlayCounts *out)
{
  int64_t C = input->shape.dims[0], h = input->shape.dims[1], w = input->shape.dims[2];
  gboolean counted;

  memset (out, 0, sizeof *out);
  out->kind = kind;
  out->pixels = (gsize) (h * w);
  out->counts = g_new0 (guint32, out->pixels);
  if (kind == PV_OVERLAY_COVERAGE)
    counted = count_coverage (plan, h, w, MAX (channel, 0), out->counts);
  else
    {
      /* The composite: its colour channels, not its alpha (whose ties
       * would crown every window's first pixel). */
      out->channels = channel < 0 && C >= 3;
      counted = count_winners (plan, input, MAX (channel, 0), channel >= 0 ? channel
                                                              : C >= 3  ? 2
                                                                        : 0,
                               cancellable, out->counts);
    }
  if (!counted)
    {
      pv_overlay_counts_clear (out);
      return FALSE;
    }
  for (gsize i = 0; i < out->pixels; i++)
    {
      out->max = MAX (out->max, out->counts[i]);
      out->zeros += out->counts[i] == 0;
    }
  return TRUE;
}

gboolean
pv_overlay_count (const pv_plan *plan, const pv_tensor *input, int channel, PvOverlayKind kind,
                  PvOverlayCounts *out)
{
  return count_overlay (plan, input, channel, kind, NULL, out);
}

void
pv_overlay_counts_clear (PvOverlayCounts *counts)
{
  g_clear_pointer (&counts->counts, g_free);
  memset (counts, 0, sizeof *counts);
}

typedef struct
{
  pv_params params;
  PvTensorRef *input;
  int channel;
  PvOverlayKind kind;
  PvOverlayCounts out;
} CountJob;

static void
count_job_free (CountJob *job)
{
  pv_tensor_ref_unref (job->input);
  pv_overlay_counts_clear (&job->out);
  g_free (job);
}

static void
count_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CountJob *job = task_data;
  pv_plan plan;
  gboolean counted;

  /* Given up before it starts, it keeps the thread pool from the newer
   * count. The parameters and input make the same plan the result was
   * pooled with (the document draws fractional samples from the seed
   * too). */
  if (g_cancellable_is_cancelled (cancellable)
      || pv_plan_init (&plan, &job->params, pv_tensor_ref_get (job->input), NULL, NULL) != PV_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no plan");
      return;
    }
  counted = count_overlay (&plan, pv_tensor_ref_get (job->input), job->channel, job->kind,
                           cancellable, &job->out);
  pv_plan_clear (&plan);
  if (counted)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no overlay");
}

void
pv_overlay_count_async (gpointer source_object, const pv_plan *plan, PvTensorRef *input,
                        int channel, PvOverlayKind kind, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);
  CountJob *job = g_new0 (CountJob, 1);

  job->params = plan->params;
  job->input = pv_tensor_ref_ref (input);
  job->channel = channel;
  job->kind = kind;
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_set_source_tag (task, pv_overlay_count_async);
  g_task_run_in_thread (task, count_thread);
  g_object_unref (task);
}

gboolean
pv_overlay_count_finish (GAsyncResult *result, PvOverlayCounts *out, GError **error)
{
  CountJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      memset (out, 0, sizeof *out);
      return FALSE;
    }
  *out = job->out;
  memset (&job->out, 0, sizeof job->out);
  return TRUE;
}
