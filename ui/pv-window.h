/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pv-document.h"
#include "pv-params-pane.h"
#include "pv-tensor-view.h"

G_BEGIN_DECLS

#define PV_TYPE_WINDOW (pv_window_get_type ())
G_DECLARE_FINAL_TYPE (PvWindow, pv_window, PV, WINDOW, GtkApplicationWindow)

PvWindow *pv_window_new (GtkApplication *application);

/* Opens @file (a picture, .npy or CSV); errors show in the window. */
void pv_window_open_file (PvWindow *self, GFile *file);

/* For tests and scripts: the document and views this window shows. */
PvDocument *pv_window_get_document (PvWindow *self);
PvTensorView *pv_window_get_input_view (PvWindow *self);
PvTensorView *pv_window_get_output_view (PvWindow *self);

/* Points at output cell (@row, @col) of output panel @panel, as the mouse
 * does; -1 stops pointing. */
void pv_window_point_output (PvWindow *self, int panel, int row, int col);
void pv_window_point_input (PvWindow *self, int panel, int row, int col);

PvParamsPane *pv_window_get_params_pane (PvWindow *self);
PvDocument *pv_window_get_compare_document (PvWindow *self);
PvTensorView *pv_window_get_compare_view (PvWindow *self);

/* Compare mode on or off, as the Compare button does. */
void pv_window_set_comparing (PvWindow *self, gboolean on);

/* The step-through's state: whether it plays, and the pinned cell. */
gboolean pv_window_is_playing (PvWindow *self);
gboolean pv_window_get_pinned (PvWindow *self, int *row, int *col);

/* The status line's texts, as shown. */
const char *pv_window_get_computation_text (PvWindow *self);
const char *pv_window_get_detail_text (PvWindow *self);
const char *pv_window_get_error_text (PvWindow *self);
const char *pv_window_get_formula_text (PvWindow *self);

/* The name the figure dialog offers: "<input>-<operator>-figure.png", in
 * Compare "<input>-compare-figure.png". */
char *pv_window_suggest_figure_name (PvWindow *self);

/* What a figure prints above the views: the call and the shapes; in
 * Compare, A's and B's, a line each. */
char *pv_window_get_figure_title (PvWindow *self);

/* What a figure prints under the views: the computation and its details
 * as the status line shows them, without the hint on how to point, and
 * what the colours mean when a view shows differences. */
char *pv_window_get_figure_caption (PvWindow *self);

/* Opens or closes the Code popover, as its button does; and what it
 * shows: every label, a line each. */
void pv_window_show_code (PvWindow *self, gboolean shown);
char *pv_window_get_code_text (PvWindow *self);

G_END_DECLS
