/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The input's overlays, counted by the engine for one channel of a
 * result's plan: how many windows read each pixel (coverage) and how many
 * maxima each pixel is (winners). Counting the winners of a large picture
 * takes a tenth of a second and more, so the window counts large inputs
 * on a worker thread (pv_overlay_count_async). */

#include <gio/gio.h>

#include "engine/plan.h"
#include "pv-glue.h"

G_BEGIN_DECLS

typedef enum
{
  PV_OVERLAY_COVERAGE,
  PV_OVERLAY_WINNERS,
} PvOverlayKind;

typedef struct
{
  PvOverlayKind kind;
  guint32 *counts;      /* in_h * in_w, row-major */
  guint32 max;          /* the largest count */
  gsize zeros, pixels;  /* pixels counted 0, and in all */
  gboolean channels;    /* winners of the composite: the colour channel where each wins most */
} PvOverlayCounts;

/* Whether @plan keeps a winning pixel for each cell (max pooling). */
gboolean pv_overlay_has_winners (const pv_plan *plan);

/* Counts @kind for @plan over @input ((C, H, W) float planes, the plan's
 * input) in channel @channel, or for PV_CHANNEL_COMPOSITE (< 0) channel 0
 * (coverage, the same in every channel) or the colour channels (winners).
 * FALSE, with *@out cleared, when the plan has no such overlay. */
gboolean pv_overlay_count (const pv_plan *plan, const pv_tensor *input, int channel,
                           PvOverlayKind kind, PvOverlayCounts *out);

/* The same on a worker thread, for @source_object (kept alive until
 * @callback runs): the plan is made again there from @plan's parameters
 * and @input, which is kept. */
void pv_overlay_count_async (gpointer source_object, const pv_plan *plan, PvTensorRef *input,
                             int channel, PvOverlayKind kind, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
gboolean pv_overlay_count_finish (GAsyncResult *result, PvOverlayCounts *out, GError **error);

void pv_overlay_counts_clear (PvOverlayCounts *counts);

G_END_DECLS
