/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a tensor view (ui/pv-tensor-view.c) gives GTK to draw: each panel's
 * pixels as a node that stays the same node while the view does not move
 * (GTK repaints only what changed, so pointing at cells does not repaint
 * the pictures), the titles, grid and values in a node kept while they do
 * not change, the marks in a node no larger than they are; and all of
 * them together draw exactly what the view draws in one go. */
#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/tensor.h"
#include "pv-glue.h"
#include "pv-pixels.h"
#include "pv-tensor-view.h"
#include "pv-ui.h"
#include "pv-viewport.h"

#define ROWS 40
#define COLS 60
#define CELL 8.0 /* screen pixels per cell */

typedef struct
{
  GtkWidget *window;
  PvTensorView *view;
  PvViewport *viewport;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  static const PvDisplayRange range = { 0.0, 255.0 };
  pv_shape shape = { .rank = 3, .dims = { 1, ROWS, COLS } };
  pv_tensor t;
  pv_error err;
  PvTensorRef *planes;
  GPtrArray *panels = g_ptr_array_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_cmpint (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, &err), ==, PV_OK);
  /* The decorated panels are of one value: where a cell's edge falls
   * between two screen pixels, the view (through GTK's nodes) and a
   * figure (at once) may sample either cell, and the test compares them. */
  for (int i = 0; i < ROWS * COLS; i++)
    ((float *) t.data)[i] = data ? 200.0f : (float) ((i * 37) % 256);
  planes = pv_tensor_ref_new_take (&t);
  /* @data: two panels with titles and printed values, or one bare panel. */
  g_ptr_array_add (panels, pv_panel_new (ROWS, COLS, pv_pixels_new_values (planes, 0, &range),
                                         data ? planes : NULL,
                                         data ? pv_tensor_ref_get (planes)->data : NULL,
                                         data ? "level 1" : NULL, 0));
  if (data != NULL)
    g_ptr_array_add (panels,
                     pv_panel_new (ROWS, COLS, pv_pixels_new_values (planes, 0, &range), planes,
                                   pv_tensor_ref_get (planes)->data, "level 2 (Bdfhk)", 1));
  pv_tensor_ref_unref (planes);

  f->window = gtk_window_new ();
  f->view = pv_tensor_view_new ();
  f->viewport = pv_viewport_new ();
  pv_tensor_view_set_show_values (f->view, data != NULL);
  pv_tensor_view_set_show_grid (f->view, data != NULL);
  pv_tensor_view_set_viewport (f->view, f->viewport, CELL, CELL);
  pv_tensor_view_set_panels (f->view, panels);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 480);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->view))
         || gtk_widget_get_width (GTK_WIDGET (f->view)) == 0)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->viewport);
}

/* The view's cairo nodes, in drawing order: the panel's pixels, then the
 * overlays when there are any. */
static void
collect_cairo_nodes (GskRenderNode *node, GPtrArray *found)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CAIRO_NODE:
      g_ptr_array_add (found, node);
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_cairo_nodes (gsk_container_node_get_child (node, i), found);
      break;
    case GSK_CLIP_NODE:
      collect_cairo_nodes (gsk_clip_node_get_child (node), found);
      break;
    case GSK_TRANSFORM_NODE:
      collect_cairo_nodes (gsk_transform_node_get_child (node), found);
      break;
    default:
      break;
    }
}

/* The view's own snapshot, as GTK takes it when the view must be drawn
 * again; the nodes found stay alive with the returned root. */
static GskRenderNode *
snapshot_view (PvTensorView *view, GPtrArray *found)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *root;

  GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  root = gtk_snapshot_free_to_node (snapshot);
  g_ptr_array_set_size (found, 0);
  if (root != NULL)
    collect_cairo_nodes (root, found);
  return root;
}

static void
test_pixels_node_kept (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) first = g_ptr_array_new ();
  g_autoptr (GPtrArray) again = g_ptr_array_new ();
  GskRenderNode *root1 = snapshot_view (f->view, first);
  GskRenderNode *root2 = snapshot_view (f->view, again);
  PvMark mark = { .panel = 0, .row = 10, .col = 20, .rows = 1, .cols = 1,
                  .kind = PV_MARK_SELECTED };
  GskRenderNode *root3, *root4;

  /* Nothing over the pixels: one node, and the same one twice. */
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_true (first->pdata[0] == again->pdata[0]);

  /* A mark changes the overlays, not the pixels. */
  pv_tensor_view_set_marks (f->view, &mark, 1);
  root3 = snapshot_view (f->view, again);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_true (again->pdata[0] == first->pdata[0]);

  /* Zoomed, the pixels are drawn anew. */
  pv_viewport_set (f->viewport, 1.5, 0.5, 0.5);
  root4 = snapshot_view (f->view, again);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_true (again->pdata[0] != first->pdata[0]);

  gsk_render_node_unref (root1);
  gsk_render_node_unref (root2);
  gsk_render_node_unref (root3);
  gsk_render_node_unref (root4);
}

static void
test_marks_node_as_large_as_the_marks (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  PvMark marks[2] = {
    { .panel = 0, .row = 10, .col = 20, .rows = 1, .cols = 1, .kind = PV_MARK_SELECTED },
    { .panel = 0, .row = 12, .col = 23, .rows = 1, .cols = 1, .kind = PV_MARK_WINNER },
  };
  graphene_rect_t a, b, cells, bounds;
  GskRenderNode *root;

  pv_tensor_view_set_marks (f->view, marks, 2);
  root = snapshot_view (f->view, found);
  g_assert_cmpuint (found->len, ==, 2);
  gsk_render_node_get_bounds (found->pdata[1], &bounds);
  g_assert_true (pv_tensor_view_get_cell_rect (f->view, 0, 10, 20, &a));
  g_assert_true (pv_tensor_view_get_cell_rect (f->view, 0, 12, 23, &b));
  graphene_rect_union (&a, &b, &cells);

  /* It covers both marks (outlines reach a few pixels past their cells)... */
  g_assert_true (graphene_rect_contains_rect (&bounds, &cells));
  /* ...and little more: the marks span 4 x 3 cells of a 60 x 40 panel. */
  g_assert_cmpfloat (bounds.size.width, <=, cells.size.width + 4 * CELL);
  g_assert_cmpfloat (bounds.size.height, <=, cells.size.height + 4 * CELL);
  g_assert_cmpfloat (bounds.origin.x, ==, floor (bounds.origin.x));
  g_assert_cmpfloat (bounds.origin.y, ==, floor (bounds.origin.y));
  gsk_render_node_unref (root);

  /* Marks gone, overlays gone. */
  pv_tensor_view_set_marks (f->view, NULL, 0);
  root = snapshot_view (f->view, found);
  g_assert_cmpuint (found->len, ==, 1);
  gsk_render_node_unref (root);
}

static cairo_surface_t *
new_surface (PvTensorView *view)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (GTK_WIDGET (view)),
                                     gtk_widget_get_height (GTK_WIDGET (view)));
}

/* @node drawn alone on @surface. */
static void
render (cairo_surface_t *surface, GskRenderNode *node)
{
  cairo_t *cr = cairo_create (surface);

  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
}

/* The largest difference of a channel between two surfaces of one size. */
static int
max_difference (cairo_surface_t *a, cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a), worst = 0;
  const guint8 *pa, *pb;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  pa = cairo_image_surface_get_data (a);
  pb = cairo_image_surface_get_data (b);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w * 4; x++)
      worst = MAX (worst, abs (pa[y * stride + x] - pb[y * stride + x]));
  return worst;
}

/* What the nodes draw is what the view draws in one go (as for a figure):
 * no title, number, mark or notice cut short by the bounds of its node. */
static void
test_nodes_draw_the_whole_view (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  PvMark marks[3] = {
    { .panel = 0, .row = 0, .col = 0, .rows = 3, .cols = 3, .kind = PV_MARK_WINDOW },
    { .panel = 1, .row = 2, .col = 5, .rows = 1, .cols = 1, .kind = PV_MARK_SELECTED,
      .label = "255" },
    { .panel = 0, .row = -1, .col = 4, .rows = 1, .cols = 1, .kind = PV_MARK_PADDING },
  };
  guint32 heat[ROWS * COLS];
  const char *cases[] = { "bare", "decorated", "marked", "stale" };
  const double zooms[] = { 0.3, 0.77, 1.3, 3.1, 5.05, 7.7, 9.3, 12.5, 30.0 };

  /* One count, for the reason the panels hold one value (see the fixture). */
  for (gsize i = 0; i < ROWS * COLS; i++)
    heat[i] = 3;
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      cairo_surface_t *by_nodes = new_surface (f->view), *at_once = new_surface (f->view);
      GskRenderNode *root, *whole;

      if (c == 1)
        {
          pv_tensor_view_set_ceil_from (f->view, ROWS - 2, COLS - 3);
          g_autoptr (GBytes) counts = g_bytes_new (heat, sizeof heat);

          pv_tensor_view_set_heat (f->view, 1, counts, 4, PV_HEAT_COVERAGE);
        }
      if (c == 2)
        pv_tensor_view_set_marks (f->view, marks, G_N_ELEMENTS (marks));
      if (c == 3)
        pv_tensor_view_set_stale (f->view, "Not updated: a reason long enough to wrap in two");
      /* From cells of a third of a pixel to cells of 30 px, with titles,
       * grid lines and values; fitted (centred) and off centre. */
      for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
        {
          cairo_t *cr;

          pv_viewport_set (f->viewport, zooms[z] / CELL, z % 2 ? 0.5 : 0.02, z % 2 ? 0.5 : 0.1);
          root = snapshot_view (f->view, found);
          render (by_nodes, root);
          /* At once, into one node the size of the view (text through a
           * node is laid out as the screen's is, not as on an image). */
          whole = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (
            0, 0, gtk_widget_get_width (GTK_WIDGET (f->view)),
            gtk_widget_get_height (GTK_WIDGET (f->view))));
          cr = gsk_cairo_node_get_draw_context (whole);
          pv_tensor_view_draw (f->view, cr);
          cairo_destroy (cr);
          render (at_once, whole);
          gsk_render_node_unref (whole);
          if (g_test_verbose ())
            g_printerr ("%s at %g px a cell: %u nodes, difference %d\n", cases[c], zooms[z],
                        found->len, max_difference (by_nodes, at_once));
          g_assert_cmpint (max_difference (by_nodes, at_once), <=, 8);
          gsk_render_node_unref (root);
        }
      cairo_surface_destroy (by_nodes);
      cairo_surface_destroy (at_once);
    }
}

/* The decorations' node is kept while only the marks change, and made
 * again when something it shows changes. */
static void
test_decorations_node_kept (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) first = g_ptr_array_new ();
  g_autoptr (GPtrArray) again = g_ptr_array_new ();
  PvMark mark = { .panel = 0, .row = 3, .col = 4, .rows = 1, .cols = 1,
                  .kind = PV_MARK_SELECTED };
  GskRenderNode *roots[4];

  pv_viewport_set (f->viewport, 30.0 / CELL, 0.02, 0.02);
  /* The first panel's pixels (the second is off screen), then the
   * decorations. */
  roots[0] = snapshot_view (f->view, first);
  g_assert_cmpuint (first->len, ==, 2);
  pv_tensor_view_set_marks (f->view, &mark, 1);
  roots[1] = snapshot_view (f->view, again);
  g_assert_cmpuint (again->len, ==, 3);
  g_assert_true (again->pdata[1] == first->pdata[1]);

  pv_tensor_view_set_show_grid (f->view, FALSE);
  roots[2] = snapshot_view (f->view, again);
  g_assert_true (again->pdata[1] != first->pdata[1]);
  g_assert_true (again->pdata[0] == first->pdata[0]);

  g_ptr_array_set_size (first, 0);
  g_ptr_array_extend (first, again, NULL, NULL);
  pv_tensor_view_set_ceil_from (f->view, 5, 5);
  roots[3] = snapshot_view (f->view, again);
  g_assert_true (again->pdata[1] != first->pdata[1]);
  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    gsk_render_node_unref (roots[i]);
}

/* Wrapping panels in groups (a pyramid's level in each channel shown)
 * takes as many groups a row as shows them largest, and never splits a
 * group across rows; without it they stay in one row. */
static void
test_wrap_keeps_groups (Fixture *f, gconstpointer data)
{
  static const PvDisplayRange range = { 0.0, 255.0 };
  PvTensorRef *planes = pv_tensor_ref_ref (pv_tensor_view_get_panel (f->view, 0)->values_owner);
  GPtrArray *panels = g_ptr_array_new ();
  graphene_rect_t r[4];
  double one_row;

  for (int i = 0; i < 4; i++)
    g_ptr_array_add (panels, pv_panel_new (ROWS, COLS, pv_pixels_new_values (planes, 0, &range),
                                           planes, pv_tensor_ref_get (planes)->data, "level",
                                           i % 2));
  pv_tensor_ref_unref (planes);
  pv_tensor_view_set_panels (f->view, panels);
  one_row = pv_tensor_view_get_fit_zoom (f->view);
  pv_viewport_set (f->viewport, one_row, 0.5, 0.5);
  for (int i = 0; i < 4; i++)
    g_assert_true (pv_tensor_view_get_cell_rect (f->view, i, 0, 0, &r[i]));
  for (int i = 1; i < 4; i++)
    {
      g_assert_cmpfloat (r[i].origin.y, ==, r[0].origin.y);
      g_assert_cmpfloat (r[i].origin.x, >, r[i - 1].origin.x);
    }

  /* In the 640 x 480 window two groups of two fit best as two rows. */
  pv_tensor_view_set_wrap (f->view, 2);
  g_assert_cmpfloat (pv_tensor_view_get_fit_zoom (f->view), >, 2 * one_row);
  pv_viewport_set (f->viewport, pv_tensor_view_get_fit_zoom (f->view), 0.5, 0.5);
  for (int i = 0; i < 4; i++)
    g_assert_true (pv_tensor_view_get_cell_rect (f->view, i, 0, 0, &r[i]));
  g_assert_cmpfloat (r[1].origin.y, ==, r[0].origin.y);
  g_assert_cmpfloat (r[1].origin.x, >, r[0].origin.x);
  g_assert_cmpfloat (r[2].origin.x, ==, r[0].origin.x);
  g_assert_cmpfloat (r[2].origin.y, >, r[0].origin.y + ROWS * r[0].size.height);
  g_assert_cmpfloat (r[3].origin.x, ==, r[1].origin.x);
  g_assert_cmpfloat (r[3].origin.y, ==, r[2].origin.y);
  /* All of it inside the view. */
  g_assert_cmpfloat (r[3].origin.y + ROWS * r[3].size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (f->view)));
}

/* A 3 x 3 panel in a window, each cell @cell pixels wide, its values
 * printed: the middle cell holds @value, the others @others. */
static PvTensorView *
show_values_view (double cell, float value, float others, GtkWidget **window)
{
  static const PvDisplayRange range = { 0.0, 65535.0 };
  pv_shape shape = { .rank = 3, .dims = { 1, 3, 3 } };
  PvTensorView *view = pv_tensor_view_new ();
  PvViewport *viewport = pv_viewport_new ();
  GPtrArray *panels = g_ptr_array_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  PvTensorRef *planes;
  pv_tensor t;

  *window = gtk_window_new ();
  g_assert_cmpint (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
  for (int i = 0; i < 9; i++)
    ((float *) t.data)[i] = i == 4 ? value : others;
  planes = pv_tensor_ref_new_take (&t);
  g_ptr_array_add (panels, pv_panel_new (3, 3, pv_pixels_new_values (planes, 0, &range), planes,
                                         pv_tensor_ref_get (planes)->data, NULL, 0));
  pv_tensor_ref_unref (planes);
  pv_tensor_view_set_show_values (view, TRUE);
  pv_tensor_view_set_show_grid (view, FALSE);
  pv_tensor_view_set_viewport (view, viewport, cell, cell);
  /* The view keeps its viewport. */
  g_object_set_data_full (G_OBJECT (view), "test-viewport", viewport, g_object_unref);
  pv_tensor_view_set_panels (view, panels);
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (*window), 400, 300);
  gtk_window_present (GTK_WINDOW (*window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (view)) || gtk_widget_get_width (GTK_WIDGET (view)) == 0)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  pv_viewport_set (viewport, 1.0, 0.5, 0.5);
  return view;
}

/* What @view draws, as the figures draw it. */
static cairo_surface_t *
draw_view (PvTensorView *view)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         gtk_widget_get_width (GTK_WIDGET (view)),
                                                         gtk_widget_get_height (GTK_WIDGET (view)));
  cairo_t *cr = cairo_create (surface);

  pv_tensor_view_draw (view, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Where the middle cell of show_values_view()'s panel has ink from printed
 * values: its leftmost and rightmost columns relative to the cell, or
 * FALSE when there is none. */
static gboolean
value_ink (double cell, float value, float others, double *left, double *right)
{
  GtkWidget *window;
  PvTensorView *view = show_values_view (cell, value, others, &window);
  cairo_surface_t *surface = draw_view (view);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  graphene_rect_t rect;
  guint32 background;
  gboolean inked = FALSE;

  g_assert_true (pv_tensor_view_get_cell_rect (view, 0, 1, 1, &rect));
  g_assert_cmpfloat (fabs (rect.size.width - cell), <, 0.01);
  /* The cell's colour, from its top edge, which no label reaches. */
  background = *(const guint32 *) (data + (gsize) (rect.origin.y + 1) * (gsize) stride
                                   + (gsize) (rect.origin.x + cell / 2) * 4);
  *left = G_MAXDOUBLE;
  *right = -G_MAXDOUBLE;
  /* A label that spills over, its own or a neighbour's, inks the cell's
   * edge columns: those wholly inside it, as a column shared with a
   * neighbour of another colour is a blend of the two. */
  for (int y = (int) rect.origin.y + 2; y < (int) (rect.origin.y + cell) - 2; y++)
    for (int x = (int) ceil (rect.origin.x); x < (int) floor (rect.origin.x + cell); x++)
      if ((*(const guint32 *) (data + (gsize) y * (gsize) stride + (gsize) x * 4) & 0xffffff)
          != (background & 0xffffff))
        {
          inked = TRUE;
          *left = MIN (*left, x - rect.origin.x);
          *right = MAX (*right, x + 1 - rect.origin.x);
        }
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  return inked;
}

/* The max's winner is marked without covering the value it took: the
 * middle of the cell, where the value is printed, is drawn as it is
 * without the mark; where values are not printed, the mark is there. */
static void
test_winner_leaves_the_value (void)
{
  for (int printed = 0; printed < 2; printed++)
    {
      GtkWidget *window;
      double cell = printed ? 60.0 : 20.0;
      PvTensorView *view = show_values_view (cell, 12345.0f, 7.0f, &window);
      PvMark winner = { .panel = 0, .row = 1, .col = 1, .rows = 1, .cols = 1,
                        .kind = PV_MARK_WINNER };
      cairo_surface_t *plain = draw_view (view), *marked;
      int stride = cairo_image_surface_get_stride (plain);
      graphene_rect_t rect;
      int changed = 0;

      pv_tensor_view_set_marks (view, &winner, 1);
      marked = draw_view (view);
      g_assert_true (pv_tensor_view_get_cell_rect (view, 0, 1, 1, &rect));
      /* The middle: the cell's inner 60% across, 40% down. */
      for (int y = (int) (rect.origin.y + 0.3 * cell); y < (int) (rect.origin.y + 0.7 * cell); y++)
        for (int x = (int) (rect.origin.x + 0.2 * cell); x < (int) (rect.origin.x + 0.8 * cell); x++)
          {
            gsize at = (gsize) y * (gsize) stride + (gsize) x * 4;

            changed += *(const guint32 *) (cairo_image_surface_get_data (plain) + at)
                       != *(const guint32 *) (cairo_image_surface_get_data (marked) + at);
          }
      if (printed)
        g_assert_cmpint (changed, ==, 0);
      else
        g_assert_cmpint (changed, >, 0);
      cairo_surface_destroy (plain);
      cairo_surface_destroy (marked);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* Values stay within their cells, clear of the neighbours' digits, or are
 * not printed at all: 16-bit samples have five digits, which at low zoom
 * ran into each other. */
static void
test_values_fit_their_cells (void)
{
  double left, right;

  /* Five digits fit from 29-pixel cells, their ink (antialiased beyond
   * the text's box) at least 1.5 pixels clear of each edge: neighbours'
   * digits are three pixels apart or more. */
  for (double cell = 29.0; cell <= 44.0; cell += 1.0)
    {
      g_assert_true (value_ink (cell, 65535.0f, 65535.0f, &left, &right));
      g_assert_cmpfloat (left, >=, 1.5);
      g_assert_cmpfloat (right, <=, cell - 1.5);
    }
  /* The size suits the widest value, not the one with most characters:
   * "12345" is wider than "-1234". */
  for (double cell = 29.0; cell <= 44.0; cell += 1.0)
    {
      g_assert_true (value_ink (cell, 12345.0f, -1234.0f, &left, &right));
      g_assert_cmpfloat (left, >=, 1.5);
      g_assert_cmpfloat (right, <=, cell - 1.5);
    }
  /* In smaller cells they would be below seven pixels: none printed. */
  g_assert_false (value_ink (27.0, 65535.0f, 65535.0f, &left, &right));
  /* A single digit fits there. */
  g_assert_true (value_ink (27.0, 5.0f, 5.0f, &left, &right));
  g_assert_cmpfloat (left, >=, 1.5);
  g_assert_cmpfloat (right, <=, 25.5);
  g_assert_true (value_ink (80.0, -1.234e-5f, -1.234e-5f, &left, &right));
  g_assert_cmpfloat (left, >=, 1.5);
  g_assert_cmpfloat (right, <=, 78.5);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  pv_ui_init ();
  g_test_add ("/ui/tensor-view/pixels-node-kept", Fixture, NULL, fixture_set_up,
              test_pixels_node_kept, fixture_tear_down);
  g_test_add ("/ui/tensor-view/marks-node-as-large-as-the-marks", Fixture, NULL,
              fixture_set_up, test_marks_node_as_large_as_the_marks, fixture_tear_down);
  g_test_add ("/ui/tensor-view/nodes-draw-the-whole-view", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_nodes_draw_the_whole_view, fixture_tear_down);
  g_test_add ("/ui/tensor-view/decorations-node-kept", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_decorations_node_kept, fixture_tear_down);
  g_test_add ("/ui/tensor-view/wrap-keeps-groups", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_wrap_keeps_groups, fixture_tear_down);
  g_test_add_func ("/ui/tensor-view/values-fit-their-cells", test_values_fit_their_cells);
  g_test_add_func ("/ui/tensor-view/winner-leaves-the-value", test_winner_leaves_the_value);
  return g_test_run ();
}
