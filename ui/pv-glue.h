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

/* Keeps the storage of released tensors for the next tensor of the same
 * size: a new result of tens of megabytes then reuses memory that is
 * already mapped, instead of faulting in and zeroing fresh pages on every
 * parameter change. Thread-safe; keeps the two most recent. */
typedef struct _PvTensorRecycler PvTensorRecycler;

PvTensorRecycler *pv_tensor_recycler_new (void);
PvTensorRecycler *pv_tensor_recycler_ref (PvTensorRecycler *self);
void pv_tensor_recycler_unref (PvTensorRecycler *self);

/* Moves kept storage large enough for @dtype and @shape into *@out, with
 * that dtype and shape (its values are whatever they were), sets
 * *@capacity to its size in bytes and returns TRUE; or returns FALSE. */
gboolean pv_tensor_recycler_take (PvTensorRecycler *self, pv_dtype dtype, const pv_shape *shape,
                                  pv_tensor *out, size_t *capacity);

/* Like pv_tensor_ref_new_take(), the storage (of @capacity bytes, 0 for
 * just the tensor's) going to @recycler when the last reference goes. */
PvTensorRef *pv_tensor_ref_new_recycled (pv_tensor *tensor, size_t capacity,
                                         PvTensorRecycler *recycler);

/* How stored values map to screen brightness: [lo, hi] -> [0, 1]. */
typedef struct
{
  double lo, hi;
} PvDisplayRange;

/* The largest |value| of finite elements of @t. */
double pv_tensor_max_abs (const pv_tensor *t);

G_END_DECLS
