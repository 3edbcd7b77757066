/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What PoolView shows: an input (a picture or a matrix, as float32 planes
 * (C, H, W)), pooling parameters, and the result of pooling the one with
 * the other. Loading and pooling run on worker threads; a newer request
 * makes older results stale, and they are dropped. Views read from here
 * and never compute anything themselves. */

#include <gio/gio.h>

#include "engine/array-io.h"
#include "engine/params.h"
#include "engine/plan.h"
#include "pv-glue.h"

G_BEGIN_DECLS

#define PV_TYPE_DOCUMENT (pv_document_get_type ())
G_DECLARE_FINAL_TYPE (PvDocument, pv_document, PV, DOCUMENT, GObject)

typedef enum
{
  PV_SOURCE_NONE,
  PV_SOURCE_PICTURE,   /* a PNG or JPEG, or the built-in sample */
  PV_SOURCE_ARRAY,     /* a .npy or CSV file */
  PV_SOURCE_MATRIX,    /* typed or pasted in matrix mode */
} PvSourceKind;

PvDocument *pv_document_new (void);

/* Loading. The previous input stays until the new one has loaded; a
 * failure leaves everything as it was. */
void pv_document_load_file_async (PvDocument *self, GFile *file, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean pv_document_load_file_finish (PvDocument *self, GAsyncResult *result, GError **error);
gboolean pv_document_load_sample (PvDocument *self, GError **error);
/* Takes a (H, W) float32 matrix. */
gboolean pv_document_load_matrix (PvDocument *self, pv_tensor *matrix, const char *name,
                                  GError **error);

/* Shows the input @source shows (the same tensor, not a copy), as compare
 * mode's second result does. */
void pv_document_share_input (PvDocument *self, PvDocument *source);

/* The input. */
PvSourceKind pv_document_get_source_kind (PvDocument *self);
const char *pv_document_get_name (PvDocument *self);
GFile *pv_document_get_file (PvDocument *self);
int pv_document_get_bit_depth (PvDocument *self);   /* pictures: 8 or 16; else 0 */
PvTensorRef *pv_document_get_input (PvDocument *self); /* (C, H, W) float32, or NULL */
const PvDisplayRange *pv_document_get_display_range (PvDocument *self);

/* Parameters. Setting them plans at once (so errors show immediately)
 * and pools in the background. */
const pv_params *pv_document_get_params (PvDocument *self);
void pv_document_set_params (PvDocument *self, const pv_params *params);
/* The current parameters' error, or NULL when they are valid. */
const pv_error *pv_document_get_params_error (PvDocument *self);

/* The result shown: the plan it was computed with and the output. They may
 * be stale: computed for other parameters than the current ones (invalid,
 * or still being pooled). */
gboolean pv_document_has_result (PvDocument *self);
const pv_plan *pv_document_get_plan (PvDocument *self);
PvTensorRef *pv_document_get_output (PvDocument *self);
gboolean pv_document_is_stale (PvDocument *self);
gboolean pv_document_is_busy (PvDocument *self);
/* Waits until @budget_ms after the parameters changed for their result,
 * if it is being pooled and the previous one took less than twice that, and
 * delivers it at once (result-changed). Called as a frame begins, so that
 * the frame shows the new parameters with their result rather than the
 * old result, then the new one a frame later. TRUE if it was delivered. */
gboolean pv_document_await_result (PvDocument *self, double budget_ms);

/* For POOLVIEW_DEBUG=timing: milliseconds from the last parameter change
 * to its result, and of that the engine's work (planning, the output's
 * allocation, pooling) on the worker thread. */
double pv_document_get_last_pool_ms (PvDocument *self);
double pv_document_get_last_run_ms (PvDocument *self);

G_END_DECLS
