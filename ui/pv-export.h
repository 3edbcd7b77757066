/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Exporting the pooled result: a save dialog (PNG, NumPy or CSV; bit depth;
 * all channels or the one shown), then the engine's writers on a worker
 * thread, which write to a temporary file and rename, so that a failure
 * never loses the previous file. */

#include <gtk/gtk.h>

#include "engine/image.h"
#include "pv-document.h"

G_BEGIN_DECLS

/* Asks where to export @document's result and writes it. @channel is the
 * channel shown, or -1 when all are. The dialog opens in @folder (the last
 * export's), else in the input file's. The callback runs when the export is
 * done, failed, or was cancelled (G_IO_ERROR_CANCELLED). */
void pv_export_run (GtkWindow *parent, PvDocument *document, int channel, GFile *folder,
                    GAsyncReadyCallback callback, gpointer user_data);

/* Opens @chooser in @folder, else in the folder of @document's file; with
 * neither (the sample, a typed matrix), where GTK chooses. */
void pv_export_start_in (GtkFileChooser *chooser, GFile *folder, PvDocument *document);

/* A file name to offer for something made from @document:
 * "<input's name without extension>-<what>.<extension>". */
char *pv_export_suggest_name (PvDocument *document, const char *what, const char *extension);

/* Returns the path written, or NULL with @error set. */
char *pv_export_finish (GAsyncResult *result, GError **error);

/* For a PNG that pv_export_run() wrote: how many of its @n values lay
 * outside 0 .. @top and were clamped (LP pooling's sums, say), @top being
 * white on the picture's own scale, or the PNG's for numbers; 0 for other
 * results. */
gsize pv_export_get_clamped (GAsyncResult *result, gsize *n, int *top);

/* The work itself, without a dialog (for tests): writes @document's result
 * to @path by its extension; for a PNG, @fit (may be NULL) says what was
 * clamped, as pv_export_get_clamped() tells the dialog's caller. */
gboolean pv_export_write (PvDocument *document, const char *path, int bit_depth, int channel,
                          pv_sample_fit *fit, GError **error);

G_END_DECLS
