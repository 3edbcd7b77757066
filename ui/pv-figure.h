/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A figure for slides: the input and the pooled result side by side, as
 * on screen (grid, values, the highlighted window), with the call above and
 * the computation below, at a chosen scale. */

#include <gtk/gtk.h>

#include "pv-tensor-view.h"

G_BEGIN_DECLS

/* Draws @views (@n of them, side by side at their on-screen sizes, each
 * cut to what pv_tensor_view_get_figure_bounds() says it shows) with
 * @title above and @caption below, @scale times the screen's size. Reads
 * widgets, so it runs on the main thread; saving does not need to. */
cairo_surface_t *pv_figure_draw (PvTensorView *const *views, guint n, const char *title,
                                 const char *caption, double scale, GError **error);

/* Writes @surface as a PNG at @path through the engine's atomic writer,
 * recording @title. Safe on any thread. */
gboolean pv_figure_save (cairo_surface_t *surface, const char *title, const char *path,
                         GError **error);

G_END_DECLS
