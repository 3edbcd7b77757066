/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Where the engine meets GLib and GTK: engine failures become GErrors, and
 * engine data becomes what GTK draws. The only unit that knows both. */

#include <gtk/gtk.h>

#include "engine/status.h"
#include "engine/tensor.h"

G_BEGIN_DECLS

#define PV_ERROR (pv_error_quark ())
GQuark pv_error_quark (void);

/* Sets @error from an engine failure: domain PV_ERROR, code the pv_status,
 * message the engine's. */
void pv_set_gerror (GError **error, const pv_error *err);

/* An immutable, reference-counted tensor that worker threads may read
 * while the main thread keeps showing it. */
typedef struct _PvTensorRef PvTensorRef;

/* Takes ownership of @tensor's storage (which must come from
 * pv_tensor_alloc()) and clears @tensor. */
PvTensorRef *pv_tensor_ref_new_take (pv_tensor *tensor);
PvTensorRef *pv_tensor_ref_ref (PvTensorRef *self);
void pv_tensor_ref_unref (PvTensorRef *self);
const pv_tensor *pv_tensor_ref_get (PvTensorRef *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvTensorRef, pv_tensor_ref_unref)

/* How stored values map to screen brightness: [lo, hi] -> [0, 1]. */
typedef struct
{
  double lo, hi;
} PvDisplayRange;

/* Makes a cols x rows ARGB32 surface showing channel @channel of the
 * (C, H, W) tensor @planes as gray, or, with @channel == -1, channels 0-2
 * (and 3 as alpha) as colour. NaN shows as magenta, a reminder that it is
 * not a number. */
cairo_surface_t *pv_surface_from_planes (const pv_tensor *planes, int channel,
                                         const PvDisplayRange *range);

/* Like pv_surface_from_planes() for a difference: 0 is white, positive
 * values red and negative ones blue, up to @max_abs; in colour (@channel ==
 * -1), each channel's difference is centred on mid-gray instead. */
cairo_surface_t *pv_surface_from_difference (const pv_tensor *planes, int channel,
                                             double max_abs);

/* The largest |value| of finite elements of @t. */
double pv_tensor_max_abs (const pv_tensor *t);

/* Wraps a cairo image surface's pixels as a GdkTexture without copying. */
GdkTexture *pv_texture_from_surface (cairo_surface_t *surface);

G_END_DECLS
