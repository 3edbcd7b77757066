/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A zoomable view of one or more grids of cells ("panels"): the channels
 * of an input or of a pooled result. Pixels are drawn nearest-neighbour,
 * with grid lines once cells are about 8 pixels wide and the values printed
 * in the cells once they are large enough. Overlays (marks) come from the
 * window, which takes every number from the engine; this widget only draws
 * them and reports where the pointer and the keyboard go. */

#include <gtk/gtk.h>

#include "pv-glue.h"
#include "pv-pixels.h"
#include "pv-viewport.h"

G_BEGIN_DECLS

#define PV_TYPE_TENSOR_VIEW (pv_tensor_view_get_type ())
G_DECLARE_FINAL_TYPE (PvTensorView, pv_tensor_view, PV, TENSOR_VIEW, GtkWidget)

typedef struct
{
  int rows, cols;
  PvPixels *pixels;          /* how the cells look; owned, never replaced (what is
                              * drawn of it below is kept on that ground) */
  const float *values;       /* rows * cols values to print, or NULL */
  PvTensorRef *values_owner; /* keeps @values alive */
  char *title;               /* shown above the panel; owned */
  int id;                    /* the caller's: which channel, level... */
  double cell_scale;         /* this panel's cells are this many of the view's wide (1) */
  /* The part last drawn, kept while the view does not move. */
  cairo_surface_t *drawn;
  double drawn_key[6];
  /* The render node last given to GTK for it, given again while the view
   * does not move: GTK repaints only nodes that are not the same. */
  GskRenderNode *node;
  double node_key[9];
} PvPanel;

/* Creates a panel; takes ownership of @pixels and a reference to @owner,
 * the tensor @values points into (which may be NULL). */
PvPanel *pv_panel_new (int rows, int cols, PvPixels *pixels, PvTensorRef *owner,
                       const float *values, const char *title, int id);
void pv_panel_free (PvPanel *panel);

typedef enum
{
  PV_MARK_TAP,          /* a real tap of the pointed window: solid outline */
  PV_MARK_PADDING,      /* a tap in the padding: hatched, outside the picture */
  PV_MARK_OVERHANG,     /* a tap beyond the padded input (ceil_mode): dashed, warning */
  PV_MARK_WINNER,       /* the tap a max took: filled marker */
  PV_MARK_WINDOW,       /* the window's bounding box */
  PV_MARK_SELECTED,     /* the output cell pointed at or pinned */
  PV_MARK_READER,       /* an output cell reading the pointed input pixel: tinted */
  PV_MARK_POINTED,      /* the input pixel pointed at */
  PV_MARK_EMPTY,        /* a window without a real tap: crossed out */
} PvMarkKind;

typedef struct
{
  int panel;
  double row, col;      /* may lie outside the panel (padding) */
  double rows, cols;    /* extent in cells, usually 1 x 1 */
  PvMarkKind kind;
  char label[24];       /* printed in the cell when it is large enough */
} PvMark;

PvTensorView *pv_tensor_view_new (void);

/* Shows @panels (a GPtrArray of PvPanel, taken) side by side (see
 * pv_tensor_view_set_wrap()). */
void pv_tensor_view_set_panels (PvTensorView *self, GPtrArray *panels);
guint pv_tensor_view_get_n_panels (PvTensorView *self);
const PvPanel *pv_tensor_view_get_panel (PvTensorView *self, guint index);

/* Panels in groups of @wrap (a spatial pyramid's level, in each channel
 * shown) go into as many groups a row as shows them largest in the view;
 * 0 keeps them all in one row, as channels are beside the input's. */
void pv_tensor_view_set_wrap (PvTensorView *self, guint wrap);

/* Follows @viewport; this view's cells are @factor_x x @factor_y input
 * cells wide (1 for the input, in / out for a pooled result), so that both
 * views show their content at the same size. */
void pv_tensor_view_set_viewport (PvTensorView *self, PvViewport *viewport, double factor_x,
                                  double factor_y);

/* Moves the shared viewport so that cell (@row, @col) of panel @panel is in
 * the middle, unless @only_if_hidden and it is already fully on screen. */
void pv_tensor_view_scroll_to_cell (PvTensorView *self, int panel, int row, int col,
                                    gboolean only_if_hidden);

/* Cells of room to keep around the content when fitting, for windows that
 * reach into the padding or past it. */
void pv_tensor_view_set_fit_margin (PvTensorView *self, double rows, double cols);

/* Where cell (@row, @col) of panel @panel is drawn, in widget
 * coordinates; FALSE if there is no such panel. Cells outside the panel
 * (padding) have positions too. */
gboolean pv_tensor_view_get_cell_rect (PvTensorView *self, int panel, int row, int col,
                                       graphene_rect_t *rect);

/* The zoom at which the content (and its margin) fits the view. */
double pv_tensor_view_get_fit_zoom (PvTensorView *self);

/* Overlays; @marks is an array of PvMark (copied). */
void pv_tensor_view_set_marks (PvTensorView *self, const PvMark *marks, guint n);

/* Cells in rows >= @row_from or columns >= @col_from exist only because of
 * ceil_mode and get a corner mark; -1 for none. */
void pv_tensor_view_set_ceil_from (PvTensorView *self, int row_from, int col_from);

/* A heat map over panel @panel (the panel's rows x cols counts, guint32,
 * up to @max, coloured by @scale; a reference is taken), or NULL to remove
 * it. Counts of another size are refused. */
void pv_tensor_view_set_heat (PvTensorView *self, int panel, GBytes *counts, guint32 max,
                              PvHeatScale scale);

/* The panel the heat map lies over, or -1 for none. */
int pv_tensor_view_get_heat_panel (PvTensorView *self);

/* Dims the content and says why: the result does not match the current
 * parameters. NULL when it does. */
void pv_tensor_view_set_stale (PvTensorView *self, const char *reason);
const char *pv_tensor_view_get_stale (PvTensorView *self);

/* Draws the view as it is on screen (pixels, grid, values, marks) into @cr
 * at the view's size; for figures, which may be scaled. */
void pv_tensor_view_draw (PvTensorView *self, cairo_t *cr);

/* The part of the view a figure shows, in the view's coordinates: the
 * panels, their titles and the marks around them, within what the view
 * shows and cut back to whole cells where the view's edge cuts cells.
 * FALSE when nothing is shown. */
gboolean pv_tensor_view_get_figure_bounds (PvTensorView *self, graphene_rect_t *bounds);

/* Whether values are printed in large cells, and grid lines drawn. */
void pv_tensor_view_set_show_values (PvTensorView *self, gboolean show);
void pv_tensor_view_set_show_grid (PvTensorView *self, gboolean show);

/* Text shown when there is nothing to draw. */
void pv_tensor_view_set_placeholder (PvTensorView *self, const char *text);

G_END_DECLS
