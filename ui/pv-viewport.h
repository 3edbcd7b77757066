/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Zoom and position shared by the input and output views, so that zooming
 * or panning one moves the other and a window stays beside its cell. The
 * zoom is screen pixels per input cell; the centre is a fraction (0 to 1)
 * of the content's width and height, which means the same place in a
 * picture and in its pooled result. */

#include <glib-object.h>

G_BEGIN_DECLS

#define PV_TYPE_VIEWPORT (pv_viewport_get_type ())
G_DECLARE_FINAL_TYPE (PvViewport, pv_viewport, PV, VIEWPORT, GObject)

#define PV_VIEWPORT_MIN_ZOOM 0.02
#define PV_VIEWPORT_MAX_ZOOM 400.0

PvViewport *pv_viewport_new (void);

double pv_viewport_get_zoom (PvViewport *self);
void pv_viewport_get_center (PvViewport *self, double *u, double *v);

/* Sets zoom and centre (clamped) and emits "changed" once. */
void pv_viewport_set (PvViewport *self, double zoom, double u, double v);

/* Zooms by @factor keeping the content point at fraction (@u, @v) under
 * the same screen point. */
void pv_viewport_zoom_at (PvViewport *self, double factor, double u, double v);

/* Moves the centre by a fraction of the content. */
void pv_viewport_pan (PvViewport *self, double du, double dv);

G_END_DECLS
