/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The PoolView window on a virtual display: opened on the sample and on
 * the worked examples, driven through its actions and by pointing, and
 * checked by what it renders and says. Run with GSK_RENDERER=cairo, under
 * xvfb-run; GTK warnings are fatal. */

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "engine/image.h"
#include "engine/options.h"
#include "pv-export.h"
#include "pv-figure.h"
#include "pv-presets.h"
#include "pv-ui.h"
#include "pv-window.h"

static PvWindow *
new_window (void)
{
  PvWindow *window = pv_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until the result matches the current parameters (or
 * they are invalid) and everything has been laid out and drawn. */
static void
wait_for_result (PvWindow *window)
{
  PvDocument *doc = pv_window_get_document (window);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      if (!pv_document_is_busy (doc)
          && (pv_document_get_params_error (doc) != NULL
              || (pv_document_has_result (doc) && !pv_document_is_stale (doc))))
        break;
    }
  g_assert_false (pv_document_is_busy (doc));
  iterate (150);
}

static void
set_param (PvWindow *window, const char *name, const char *value)
{
  gtk_widget_activate_action (GTK_WIDGET (pv_window_get_params_pane (window)), "params.set",
                              "(ss)", name, value);
  wait_for_result (window);
}

/* The path of PngSuite picture @name (tests/data/pngsuite/png). */
static char *
pngsuite_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "pngsuite", "png", name, NULL);
}

static GtkLabel *find_label (GtkWidget *widget, const char *prefix);
static void choose_mode (PvWindow *window, const char *mode);
static GtkWidget *find_action_button (GtkWidget *widget, const char *action);
static void open_and_wait (PvWindow *window, const char *path);

static void
load_preset (PvWindow *window, guint index)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-preset", "u", index);
  wait_for_result (window);
}


/* What a widget shows: its pixels as premultiplied BGRA. */
typedef struct
{
  guint8 *data;
  int width, height;
  gsize stride;
} Rendered;

static Rendered
render (GtkWidget *widget)
{
  Rendered r = { NULL, gtk_widget_get_width (widget), gtk_widget_get_height (widget), 0 };
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GdkTexture) texture = NULL;

  g_assert_cmpint (r.width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, r.width, r.height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, r.width, r.height));
  gsk_render_node_unref (node);
  r.stride = (gsize) r.width * 4;
  r.data = g_malloc (r.stride * (gsize) r.height);
  gdk_texture_download (texture, r.data, r.stride);
  return r;
}

static void
pixel (const Rendered *r, double x, double y, guint *red, guint *green, guint *blue)
{
  int ix = CLAMP ((int) x, 0, r->width - 1), iy = CLAMP ((int) y, 0, r->height - 1);
  const guint8 *p = r->data + (gsize) iy * r->stride + (gsize) ix * 4;

  *blue = p[0];
  *green = p[1];
  *red = p[2];
}

static void
cell_centre (PvTensorView *view, int panel, int row, int col, double *x, double *y)
{
  graphene_rect_t rect;

  g_assert_true (pv_tensor_view_get_cell_rect (view, panel, row, col, &rect));
  *x = rect.origin.x + rect.size.width / 2;
  *y = rect.origin.y + rect.size.height / 2;
}

static void
test_opens_on_sample (void)
{
  PvWindow *window = new_window ();
  PvDocument *doc = pv_window_get_document (window);
  const pv_plan *plan;
  const pv_tensor *out;
  Rendered r;
  PvTensorView *view = pv_window_get_output_view (window);

  wait_for_result (window);
  g_assert_cmpint (pv_document_get_source_kind (doc), ==, PV_SOURCE_PICTURE);
  plan = pv_document_get_plan (doc);
  g_assert_nonnull (plan);
  /* 320 x 480 with kernel 3, stride 2: floor((320 - 3) / 2) + 1 = 159. */
  g_assert_cmpint (plan->out_shape.dims[0], ==, 3);
  g_assert_cmpint (plan->out_shape.dims[1], ==, 159);
  g_assert_cmpint (plan->out_shape.dims[2], ==, 239);
  g_assert_cmpuint (pv_tensor_view_get_n_panels (view), ==, 1);

  /* The output view shows the engine's values at each cell. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-one", NULL);
  iterate (200);
  out = pv_tensor_ref_get (pv_document_get_output (doc));
  r = render (GTK_WIDGET (view));
  {
    int cells[][2] = { { 79, 119 }, { 75, 115 }, { 85, 125 } };

    for (gsize i = 0; i < G_N_ELEMENTS (cells); i++)
      {
        double x, y;
        guint red, green, blue;
        gsize plane = 159 * 239, at = (gsize) (cells[i][0] * 239 + cells[i][1]);

        cell_centre (view, 0, cells[i][0], cells[i][1], &x, &y);
        pixel (&r, x, y, &red, &green, &blue);
        g_assert_cmpuint (red, ==, (guint) ((const float *) out->data)[at]);
        g_assert_cmpuint (green, ==, (guint) ((const float *) out->data)[plane + at]);
        g_assert_cmpuint (blue, ==, (guint) ((const float *) out->data)[2 * plane + at]);
      }
  }
  g_free (r.data);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_highlighted_window (void)
{
  PvWindow *window = new_window ();
  PvTensorView *input = pv_window_get_input_view (window);
  double x, y;
  guint red, green, blue;
  Rendered r;

  load_preset (window, 1); /* 5 x 5, kernel 3, ceil_mode */
  pv_window_point_output (window, 0, 1, 1);
  iterate (100);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(1, 1, 1, 1) = 1");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "rows 3–5, columns 3–5"));
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "overhangs the padded input"));
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "only because of ceil_mode"));

  r = render (GTK_WIDGET (input));
  /* The winner, (3, 3), is outlined in the yellow marker's colour, its
   * value printed in the middle. */
  {
    graphene_rect_t rect;

    g_assert_true (pv_tensor_view_get_cell_rect (input, 0, 3, 3, &rect));
    g_assert_cmpfloat (rect.size.width, >=, 26); /* values printed */
    cell_centre (input, 0, 3, 3, &x, &y);
    pixel (&r, rect.origin.x + 1.5, y, &red, &green, &blue);
  }
  g_assert_cmpuint (red, >, 200);
  g_assert_cmpuint (green, >, 170);
  g_assert_cmpuint (blue, <, 120);
  /* (5, 5) lies past the input: the warning colour's hatch, drawn outside. */
  {
    graphene_rect_t rect;
    guint orange = 0;

    pv_tensor_view_get_cell_rect (input, 0, 5, 5, &rect);
    for (float dy = 4; dy < rect.size.height - 4; dy += 2)
      {
        pixel (&r, rect.origin.x + rect.size.width / 2, rect.origin.y + dy, &red, &green, &blue);
        orange += red > blue + 60;
      }
    g_assert_cmpuint (orange, >, 3);
  }
  /* (0, 0) is outside the window and untouched: the value 1's gray. */
  cell_centre (input, 0, 0, 0, &x, &y);
  pixel (&r, x + 8, y + 8, &red, &green, &blue);
  g_assert_cmpuint (red, ==, blue);
  g_free (r.data);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_ceil_mode_adds_cells (void)
{
  PvWindow *window = new_window ();
  PvTensorView *output = pv_window_get_output_view (window);

  load_preset (window, 2); /* 5 x 5, kernel 3, floor */
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->rows, ==, 1);
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->cols, ==, 1);
  set_param (window, "ceil-mode", "true");
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->rows, ==, 2);
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->cols, ==, 2);
  pv_window_point_output (window, 0, 0, 1);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "only because of ceil_mode"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Fractional pooling from a ratio: the formula says what size the ratio
 * gives, the engine's, as PyTorch's int() takes it. */
static void
test_fractional_ratio_formula (void)
{
  PvWindow *window = new_window ();
  PvTensorView *output = pv_window_get_output_view (window);

  wait_for_result (window); /* the sample, 320 x 480 */
  set_param (window, "operator", "fractional_max_pool2d");
  set_param (window, "kernel-size", "3");
  set_param (window, "output-ratio", "0.3");
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->rows, ==, 96);
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->cols, ==, 144);
  g_assert_nonnull (strstr (pv_window_get_formula_text (window), "H: out = int(320*0.3) = 96\n"
                                                                 "W: out = int(480*0.3) = 144"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A fitted window stays fitted when the result's layout changes: a spatial
 * pyramid's levels, each at the input's size, side by side. */
static void
test_pyramid_fits (void)
{
  PvWindow *window = new_window ();
  PvTensorView *output = pv_window_get_output_view (window);
  double width;

  wait_for_result (window); /* the sample, fitted */
  iterate (200);
  set_param (window, "operator", "spatial_pyramid_max_pool2d");
  iterate (200);
  width = gtk_widget_get_width (GTK_WIDGET (output));
  g_assert_cmpuint (pv_tensor_view_get_n_panels (output), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const PvPanel *panel = pv_tensor_view_get_panel (output, i);
      graphene_rect_t first, last;

      pv_tensor_view_get_cell_rect (output, (int) i, 0, 0, &first);
      pv_tensor_view_get_cell_rect (output, (int) i, panel->rows - 1, panel->cols - 1, &last);
      g_assert_cmpfloat (first.origin.x, >=, 0);
      g_assert_cmpfloat (last.origin.x + last.size.width, <=, width);
      g_assert_cmpfloat (first.origin.y, >=, 0);
      g_assert_cmpfloat (last.origin.y + last.size.height, <=,
                         gtk_widget_get_height (GTK_WIDGET (output)));
    }
  /* The levels wrap into the rows and columns that show them largest, so
   * that the input, at their scale, is not shrunk to fit three of it in a
   * row: in this window, stacked, it takes half its view's width. */
  {
    PvTensorView *input = pv_window_get_input_view (window);
    const PvPanel *panel = pv_tensor_view_get_panel (input, 0);
    graphene_rect_t first, last;

    pv_tensor_view_get_cell_rect (input, 0, 0, 0, &first);
    pv_tensor_view_get_cell_rect (input, 0, panel->rows - 1, panel->cols - 1, &last);
    g_assert_cmpfloat (last.origin.x + last.size.width - first.origin.x, >=,
                       0.45 * gtk_widget_get_width (GTK_WIDGET (input)));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_invalid_padding_explained (void)
{
  PvWindow *window = new_window ();
  PvDocument *doc = pv_window_get_document (window);
  PvTensorRef *before;

  load_preset (window, 1);
  set_param (window, "kernel-size", "5");
  before = pv_document_get_output (doc);
  set_param (window, "padding", "3");
  g_assert_cmpstr (pv_params_pane_get_error_text (pv_window_get_params_pane (window)), ==,
                   "pad should be at most half of kernel size, but got pad=3 and kernel_size=5");
  g_assert_true (pv_document_is_stale (doc));
  /* The last valid result stays on screen, marked stale. */
  g_assert_true (pv_document_has_result (doc));
  g_assert_cmpuint (pv_tensor_view_get_n_panels (pv_window_get_output_view (window)), ==, 1);
  g_assert_true (pv_document_get_output (doc) == before);
  /* So do its formulas, said to be old: they show padding 0, not 3. */
  g_assert_true (g_str_has_prefix (pv_window_get_formula_text (window), "Not updated"));
  g_assert_nonnull (strstr (pv_window_get_formula_text (window), "2*0"));
  set_param (window, "padding", "2");
  g_assert_null (pv_params_pane_get_error_text (pv_window_get_params_pane (window)));
  g_assert_false (pv_document_is_stale (doc));
  g_assert_false (g_str_has_prefix (pv_window_get_formula_text (window), "Not updated"));
  g_assert_nonnull (strstr (pv_window_get_formula_text (window), "2*2"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
check_output (PvWindow *window, const float *want, int n)
{
  const pv_tensor *out = pv_tensor_ref_get (pv_document_get_output (pv_window_get_document (window)));

  for (int i = 0; i < n; i++)
    g_assert_cmpfloat (((const float *) out->data)[i], ==, want[i]);
}

static void
test_worked_examples (void)
{
  PvWindow *window = new_window ();
  const float max4[] = { 6, 8, 14, 16 }, avg4[] = { 3.5f, 5.5f, 11.5f, 13.5f };
  const float ceil5[] = { 2, 3, 5, 1 }, one_d[] = { 2, 4, 6 };

  load_preset (window, 0);
  check_output (window, max4, 4);
  load_preset (window, 3);
  check_output (window, avg4, 4);
  pv_window_point_output (window, 0, 0, 0);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "(1 + 2 + 5 + 6) / 4 = 3.5");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Divisor 4: the kernel's 2 × 2"));
  load_preset (window, 1);
  check_output (window, ceil5, 4);
  load_preset (window, 4);
  check_output (window, one_d, 3);
  pv_window_point_output (window, 0, 0, 2);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(5, 6) = 6");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_input_readers_and_coverage (void)
{
  PvWindow *window = new_window ();

  wait_for_result (window); /* the sample, kernel 3, stride 2 */
  pv_window_point_input (window, 0, 10, 10);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Read by 4 output cells"));
  pv_window_point_input (window, -1, 0, 0);

  set_param (window, "kernel-size", "2");
  set_param (window, "stride", "3");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "coverage");
  iterate (100);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "red cells are read by no window"));
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "by 1 to 1 windows"));
  pv_window_point_input (window, 0, 2, 2);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "No output cell reads this"));
  /* The counts are kept while only the pointer moves, and counted again
   * for a new result: windows of 3 with stride 2 overlap, up to 4 a pixel. */
  set_param (window, "kernel-size", "3");
  set_param (window, "stride", "2");
  wait_for_result (window);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "by 1 to 4 windows"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "none");
  iterate (10);
  g_assert_null (strstr (pv_window_get_detail_text (window), "Coverage"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Winners: the input pixels some max keeps, counted by the engine, for
 * the channel shown or over the colour channels of the composite; an
 * average keeps none, and Winners turns off and stays off. */
static void
test_winners (void)
{
  PvWindow *window = new_window ();

  wait_for_result (window); /* the sample, 320 x 480, kernel 3, stride 2 */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  iterate (10);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window),
                            "of 153600 input pixels are some window's maximum in a colour "
                            "channel"));
  /* The classic 4 x 4 example: 2 x 2 windows keep 6, 8, 14 and 16. */
  load_preset (window, 0);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window),
                            "Winners: 4 of 16 input pixels are some window's maximum; the rest "
                            "are dimmed"));
  /* Overlapping windows: 3 x 3, stride 1, padding 1 over 1 .. 16 keep the
   * nine pixels from 6 on (each window's lower right), and 16 wins the
   * four windows of the lower right corner. */
  set_param (window, "kernel-size", "3");
  set_param (window, "stride", "1");
  set_param (window, "padding", "1");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window),
                            "9 of 16 input pixels are some window's maximum; the rest are "
                            "dimmed, yellow ones win 2 to 4 overlapping windows"));
  /* One overlay at a time. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "coverage");
  iterate (10);
  g_assert_null (strstr (pv_window_get_detail_text (window), "Winners"));
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Coverage"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  iterate (10);
  g_assert_null (strstr (pv_window_get_detail_text (window), "Coverage"));
  set_param (window, "operator", "avg_pool2d");
  g_assert_null (strstr (pv_window_get_detail_text (window), "Winners"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  iterate (10);
  g_assert_null (strstr (pv_window_get_detail_text (window), "Winners"));
  set_param (window, "operator", "max_pool2d");
  g_assert_null (strstr (pv_window_get_detail_text (window), "Winners"));
  /* Every max keeps winners: rows of 1-D pooling, adaptive, fractional and
   * pyramid windows, on the sample's colour channels. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-sample", NULL);
  wait_for_result (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  {
    static const char *const ops[] = { "max_pool1d", "adaptive_max_pool2d",
                                       "fractional_max_pool2d", "spatial_pyramid_max_pool2d" };

    for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
      {
        set_param (window, "operator", ops[i]);
        if (strstr (pv_window_get_detail_text (window), "of 153600 input pixels are some "
                                                        "window's maximum")
            == NULL)
          g_error ("%s: %s", ops[i], pv_window_get_detail_text (window));
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Waits (up to 20 s) until the status detail holds @text. */
static void
wait_for_detail (PvWindow *window, const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (strstr (pv_window_get_detail_text (window), text) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (strstr (pv_window_get_detail_text (window), text) == NULL)
    g_error ("no \"%s\" in: %s", text, pv_window_get_detail_text (window));
}

/* A picture of more than a million pixels counts its overlays on a worker:
 * the legend says so at once, and the counts follow, the window answering
 * meanwhile. A flat gray 1200 x 1000 picture: every window of 3, stride
 * 2, is a tie, which its first pixel wins, 499 x 599 of them. */
static void
test_overlay_counts_on_a_worker (void)
{
  PvWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("poolview-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "flat.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  pv_image flat;

  g_assert_cmpint (pv_image_alloc (&flat, 1200, 1000, 1, 8, NULL), ==, PV_OK);
  memset (flat.pixels, 7, 1200 * 1000);
  g_assert_cmpint (pv_png_write_file (path, &flat, NULL, 0, NULL), ==, PV_OK);
  pv_image_free (&flat);
  wait_for_result (window);
  pv_window_open_file (window, file);
  /* Until the flat picture's result replaces the sample's. */
  {
    PvDocument *doc = pv_window_get_document (window);
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while ((pv_document_get_plan (doc) == NULL || pv_document_get_plan (doc)->in_w != 1200)
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_nonnull (pv_document_get_plan (doc));
    g_assert_cmpint (pv_document_get_plan (doc)->in_w, ==, 1200);
  }
  wait_for_result (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Winners: counting…"));
  wait_for_detail (window, "Winners: 298901 of 1200000 input pixels are some window's maximum; "
                           "the rest are dimmed");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "coverage");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Coverage: counting…"));
  wait_for_detail (window, "Coverage: red cells are read by no window; blue to yellow, by 1 to "
                           "4 windows");
  /* A count under way when the parameters change is given up at once (it
   * would keep the thread pool from the new result); should the next change
   * come before that result and be refused, no result replaces the one
   * shown, whose count is made again rather than the legend left
   * "counting…" for ever. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Winners: counting…"));
  gtk_widget_activate_action (GTK_WIDGET (pv_window_get_params_pane (window)), "params.set",
                              "(ss)", "stride", "3");
  set_param (window, "padding", "2"); /* more than half the kernel of 3 */
  g_assert_nonnull (pv_document_get_params_error (pv_window_get_document (window)));
  wait_for_detail (window, "Winners: 298901 of 1200000 input pixels");
  set_param (window, "padding", "0");
  wait_for_detail (window, "Winners: 133200 of 1200000 input pixels"); /* 333 x 400 cells */
  set_param (window, "stride", "2");
  wait_for_detail (window, "Winners: 298901 of 1200000 input pixels");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "coverage");
  wait_for_detail (window, "Coverage: red cells");
  /* A count under way when another input comes is dropped: the 4 x 4
   * example's winners show, then and after the old count would be done. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Winners: counting…"));
  load_preset (window, 0);
  wait_for_detail (window, "Winners: 4 of 16 input pixels");
  iterate (600);
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Winners: 4 of 16 input pixels"));
  /* Nor does a count under way show over an input whose parameters are
   * refused, which has no result to replace it: kernel 7 on the 5 x 5
   * example of Matrix mode. */
  pv_window_open_file (window, file);
  wait_for_detail (window, "Winners: counting…");
  set_param (window, "kernel-size", "7");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "coverage");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  g_assert_nonnull (strstr (pv_window_get_detail_text (window), "Winners: counting…"));
  choose_mode (window, "Matrix");
  g_assert_null (pv_document_get_plan (pv_window_get_document (window)));
  iterate (1000);
  g_assert_cmpint (pv_tensor_view_get_heat_panel (pv_window_get_input_view (window)), ==, -1);
  /* A count under way when the window goes is dropped with it. */
  choose_mode (window, "Picture");
  set_param (window, "kernel-size", "3");
  pv_window_open_file (window, file);
  wait_for_detail (window, "Winners: counting…");
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (300);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_keyboard_moves_pinned_cell (void)
{
  PvWindow *window = new_window ();
  PvTensorView *output = pv_window_get_output_view (window);

  load_preset (window, 0);
  g_signal_emit_by_name (output, "move-cursor", 0, 0);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(1, 2, 5, 6) = 6");
  g_signal_emit_by_name (output, "move-cursor", 0, 1);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(3, 4, 7, 8) = 8");
  g_signal_emit_by_name (output, "move-cursor", 1, 0);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(11, 12, 15, 16) = 16");
  /* Past the edge: the pin stays. */
  g_signal_emit_by_name (output, "move-cursor", 0, 1);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(11, 12, 15, 16) = 16");
  g_signal_emit_by_name (output, "clear-selection");
  g_assert_nonnull (strstr (pv_window_get_computation_text (window), "Point at an output cell"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export_png (void)
{
  PvWindow *window = new_window ();
  PvDocument *doc = pv_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("poolview-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.png", NULL);
  g_autoptr (GError) error = NULL;
  const pv_tensor *out;
  pv_limits limits;
  pv_image image;
  pv_sample_fit fit;

  wait_for_result (window);
  g_assert_true (pv_export_write (doc, path, 8, -1, &fit, &error));
  g_assert_cmpuint (fit.below + fit.above, ==, 0);
  pv_limits_init (&limits);
  g_assert_cmpint (pv_image_read_file (path, &limits, &image, NULL), ==, PV_OK);
  out = pv_tensor_ref_get (pv_document_get_output (doc));
  g_assert_cmpuint (image.width, ==, 239);
  g_assert_cmpuint (image.height, ==, 159);
  g_assert_cmpint (image.channels, ==, 3);
  for (gsize i = 0; i < 239 * 159; i += 101)
    g_assert_cmpuint (((guint8 *) image.pixels)[i * 3 + 1], ==,
                      (guint) ((const float *) out->data)[239 * 159 + i]);
  pv_image_free (&image);

  /* At 16 bits the 8-bit picture's samples are rescaled: white stays
   * white. */
  g_assert_true (pv_export_write (doc, path, 16, -1, NULL, &error));
  g_assert_cmpint (pv_image_read_file (path, &limits, &image, NULL), ==, PV_OK);
  g_assert_cmpint (image.bit_depth, ==, 16);
  for (gsize i = 0; i < 239 * 159; i += 101)
    g_assert_cmpuint (((guint16 *) image.pixels)[i * 3 + 1], ==,
                      (guint) ((const float *) out->data)[239 * 159 + i] * 257u);
  pv_image_free (&image);

  /* LP pooling's sums pass white: the export says how many were clamped. */
  set_param (window, "operator", "lp_pool2d");
  g_assert_true (pv_export_write (doc, path, 8, -1, &fit, &error));
  g_assert_cmpuint (fit.n, ==, 3 * 239 * 159);
  g_assert_cmpuint (fit.above, >, fit.n / 2);

  /* An unwritable place fails and says so; nothing is left behind. */
  g_assert_false (pv_export_write (doc, "/proc/poolview.png", 8, -1, NULL, &error));
  g_assert_nonnull (error);
  g_remove (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_load_error_keeps_input (void)
{
  PvWindow *window = new_window ();
  PvDocument *doc = pv_window_get_document (window);
  g_autofree char *bad = pngsuite_file ("xcsn0g01.png");
  g_autoptr (GFile) file = g_file_new_for_path (bad);
  PvTensorRef *before;
  gint64 deadline;

  wait_for_result (window);
  before = pv_document_get_input (doc);
  pv_window_open_file (window, file);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (pv_window_get_error_text (window) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  /* The file named once, by its name; then what is wrong with it. */
  g_assert_cmpstr (pv_window_get_error_text (window), ==,
                   "Could not open xcsn0g01.png: invalid PNG: IDAT: CRC error. The previous "
                   "input is still shown.");
  g_assert_true (pv_document_get_input (doc) == before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Code popover shows the current parameters in every framework, and
 * follows changes made while it is closed (it is rebuilt when shown). */
static void
test_code_popover (void)
{
  PvWindow *window = new_window ();
  g_autofree char *first = NULL, *second = NULL;

  load_preset (window, 1); /* 5 x 5, max, kernel 3, ceil_mode */
  pv_window_show_code (window, TRUE);
  iterate (200);
  first = pv_window_get_code_text (window);
  g_assert_nonnull (strstr (first, "nn.MaxPool2d(kernel_size=3, ceil_mode=True)"));
  g_assert_nonnull (strstr (first, "F.max_pool2d("));
  g_assert_nonnull (strstr (first, "MaxPool"));
  pv_window_show_code (window, FALSE);
  iterate (100);
  set_param (window, "operator", "avg_pool2d");
  pv_window_show_code (window, TRUE);
  iterate (200);
  second = pv_window_get_code_text (window);
  g_assert_nonnull (strstr (second, "nn.AvgPool2d(kernel_size=3, ceil_mode=True)"));
  g_assert_null (strstr (second, "MaxPool2d"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Opens a file and waits for its result. */
static void
open_and_wait (PvWindow *window, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PvDocument *doc = pv_window_get_document (window);
  PvTensorRef *before = pv_document_get_input (doc);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  pv_window_open_file (window, file);
  while (pv_document_get_input (doc) == before && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  wait_for_result (window);
  iterate (200);
}

/* The "New Pictures Open" choice: fitted, or one screen pixel per pixel;
 * matrices are always fitted. */
static void
test_open_zoom (void)
{
  PvWindow *window = new_window ();
  g_autofree char *png = pngsuite_file ("basn2c08.png");
  PvTensorView *input = pv_window_get_input_view (window);
  graphene_rect_t r;

  wait_for_result (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-zoom", "s", "actual");
  open_and_wait (window, png);
  g_assert_true (pv_tensor_view_get_cell_rect (input, 0, 0, 0, &r));
  g_assert_cmpfloat_with_epsilon (r.size.width, 1.0, 1e-9);
  load_preset (window, 0);
  iterate (200);
  g_assert_true (pv_tensor_view_get_cell_rect (input, 0, 0, 0, &r));
  g_assert_cmpfloat (r.size.width, >, 20.0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-zoom", "s", "fit");
  open_and_wait (window, png);
  g_assert_true (pv_tensor_view_get_cell_rect (input, 0, 0, 0, &r));
  g_assert_cmpfloat (r.size.width, >, 2.0); /* 32 x 32 fitted to the view */
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
clipboard_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  char **text = data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
}

/* Copy PyTorch, then what the clipboard holds. */
static char *
copy_pytorch (PvWindow *window)
{
  char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-pytorch", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_cb, &text);
  while (text == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return text;
}

static void
test_copy_pytorch (void)
{
  PvWindow *window = new_window ();
  g_autofree char *module = NULL, *scaled = NULL, *padded = NULL;

  wait_for_result (window);
  set_param (window, "ceil-mode", "true");
  module = copy_pytorch (window);
  g_assert_cmpstr (module, ==, "nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)");

  /* PyTorch has no module for a temperature: the call that computes it. */
  set_param (window, "operator", "avg_pool2d");
  set_param (window, "temperature", "0.5");
  scaled = copy_pytorch (window);
  g_assert_cmpstr (scaled, ==, "F.avg_pool2d(x, kernel_size=3, stride=2, ceil_mode=True) * 0.5");

  /* Padding "same" as PyTorch pads, for the sample's size. */
  set_param (window, "operator", "max_pool2d");
  set_param (window, "padding", "same");
  /* The pane shows the padding "same" put in force for the sample's 320 x 480. */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (
    find_label (GTK_WIDGET (pv_window_get_params_pane (window)), "0+1 × 0+1"))));
  padded = copy_pytorch (window);
  g_assert_true (g_str_has_prefix (padded, "nn.Sequential(nn.ConstantPad2d((")
                 || g_str_has_prefix (padded, "nn.MaxPool2d(kernel_size=3, stride=2, padding="));
  g_assert_null (strstr (padded, "same"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The action a key runs in the window, from the window's own shortcuts. */
static char *
action_of_key (PvWindow *window, guint keyval, GdkModifierType modifiers)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  char *found = NULL;

  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; found == NULL && j < g_list_model_get_n_items (G_LIST_MODEL (controller));
           j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers
              && GTK_IS_NAMED_ACTION (action))
            found = g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  g_object_unref (controllers);
  return found;
}

/* The menu shows an action's last key, and the shortcuts window (help-overlay.ui)
 * the keys below: they must agree. */
static void
test_menu_keys (void)
{
  PvWindow *window = new_window ();
  static const struct
  {
    guint keyval;
    GdkModifierType modifiers;
    const char *action;
  } keys[] = {
    { GDK_KEY_o, GDK_CONTROL_MASK, "win.open" },
    { GDK_KEY_s, GDK_CONTROL_MASK, "win.export" },
    { GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-figure" },
    { GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-pytorch" },
    { GDK_KEY_Escape, 0, "win.clear-selection" },
    { GDK_KEY_F5, 0, "win.play" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *action = action_of_key (window, keys[i].keyval, keys[i].modifiers);

      g_assert_cmpstr (action, ==, keys[i].action);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_all_channels_and_pyramid (void)
{
  PvWindow *window = new_window ();

  wait_for_result (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.channel", "i", -2);
  iterate (100);
  g_assert_cmpuint (pv_tensor_view_get_n_panels (pv_window_get_input_view (window)), ==, 3);
  g_assert_cmpuint (pv_tensor_view_get_n_panels (pv_window_get_output_view (window)), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.channel", "i", -1);
  set_param (window, "operator", "spatial_pyramid_max_pool2d");
  /* Levels 1, 2, 4: a panel each. */
  g_assert_cmpuint (pv_tensor_view_get_n_panels (pv_window_get_output_view (window)), ==, 3);
  g_assert_cmpint (pv_tensor_view_get_panel (pv_window_get_output_view (window), 2)->rows, ==, 4);
  pv_window_point_output (window, 1, 1, 0);
  /* The panels look alike: the line says which level the cell is of. */
  g_assert_true (g_str_has_prefix (pv_window_get_detail_text (window),
                                   "Level 2 × 2, output (1, 0) reads rows 160–319, columns 0–239"));
  gtk_window_destroy (GTK_WINDOW (window));
}


static void
test_step_through (void)
{
  PvWindow *window = new_window ();
  int row, col;
  gint64 deadline;

  load_preset (window, 0); /* 4 x 4 of 1-16, kernel 2: four cells */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-forward", NULL);
  g_assert_true (pv_window_get_pinned (window, &row, &col));
  g_assert_cmpint (row * 10 + col, ==, 0);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(1, 2, 5, 6) = 6");
  for (int i = 0; i < 3; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.step-forward", NULL);
  g_assert_true (pv_window_get_pinned (window, &row, &col));
  g_assert_cmpint (row * 10 + col, ==, 11);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(11, 12, 15, 16) = 16");
  /* At the end it stays; back goes to the previous cell in raster order. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-forward", NULL);
  g_assert_true (pv_window_get_pinned (window, &row, &col));
  g_assert_cmpint (row * 10 + col, ==, 11);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-back", NULL);
  pv_window_get_pinned (window, &row, &col);
  g_assert_cmpint (row * 10 + col, ==, 10);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(9, 10, 13, 14) = 14");

  /* Play walks on by itself, the highlight following, and stops at the end. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  g_assert_true (pv_window_is_playing (window));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (pv_window_is_playing (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (pv_window_is_playing (window));
  pv_window_get_pinned (window, &row, &col);
  g_assert_cmpint (row * 10 + col, ==, 11);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, "max(11, 12, 15, 16) = 16");

  /* Escape stops playback and lets go of the cell, whether a view has the
   * focus (its own Escape, the view's signal) or the play button does (the
   * window's binding: its action; test_menu_keys checks the key is bound). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  g_assert_true (pv_window_is_playing (window));
  g_signal_emit_by_name (pv_window_get_output_view (window), "clear-selection");
  g_assert_false (pv_window_is_playing (window));
  g_assert_false (pv_window_get_pinned (window, &row, &col));
  iterate (1500);
  g_assert_false (pv_window_get_pinned (window, &row, &col));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  g_assert_true (pv_window_is_playing (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-selection", NULL);
  g_assert_false (pv_window_is_playing (window));
  g_assert_false (pv_window_get_pinned (window, &row, &col));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_formulas (void)
{
  PvWindow *window = new_window ();

  load_preset (window, 2); /* 5 x 5, kernel 3, floor */
  g_assert_nonnull (strstr (pv_window_get_formula_text (window),
                            "out = floor((5 + 2*0 - 1*(3-1) - 1) / 3) + 1 = 1"));
  g_assert_nonnull (strstr (pv_window_get_formula_text (window), "with ceil_mode it would be 2"));
  load_preset (window, 1); /* the same with ceil_mode */
  g_assert_nonnull (strstr (pv_window_get_formula_text (window),
                            "out = ceil((5 + 2*0 - 1*(3-1) - 1) / 3) + 1 = 2"));
  g_assert_nonnull (strstr (pv_window_get_formula_text (window),
                            "the last window starts at 3 < 5 + 0: kept"));
  load_preset (window, 5); /* average, the divisor example */
  g_assert_nonnull (strstr (pv_window_get_formula_text (window), "count_include_pad=True"));
  load_preset (window, 6); /* 36 -> 12, adaptive */
  g_assert_nonnull (strstr (pv_window_get_formula_text (window),
                            "36 mod 12 = 0: the same windows as kernel 3, stride 3"));
  pv_window_point_output (window, 0, 2, 5);
  g_assert_nonnull (strstr (pv_window_get_formula_text (window),
                            "for i = 2: from floor(2*36/12) = 6 to ceil(3*36/12) = 9"));
  load_preset (window, 7); /* 128 -> 14 */
  g_assert_nonnull (strstr (pv_window_get_formula_text (window),
                            "128 mod 14 = 2, not 0 or 1: no fixed kernel and stride"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first widget in @widget's tree, itself included, that @match
 * accepts. */
static GtkWidget *
find_first (GtkWidget *widget, gboolean (*match) (GtkWidget *, gconstpointer), gconstpointer data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_has_prefix (GtkWidget *widget, gconstpointer prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

/* The first label in @widget's tree whose text starts with @prefix. */
static GtkLabel *
find_label (GtkWidget *widget, const char *prefix)
{
  return (GtkLabel *) find_first (widget, label_has_prefix, prefix);
}

static gboolean
has_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type);
}

/* The first widget of @type in @widget's tree. */
static GtkWidget *
find_widget (GtkWidget *widget, GType type)
{
  return find_first (widget, has_type, &type);
}

static int
min_width (GtkWidget *widget)
{
  int min;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The window fits the small screens of laptops and projectors, 1024 x 700,
 * and with a comparison 1280 x 800: the toolbar's groups wrap, so its
 * width does not set the window's. And the window is never narrower than
 * its two sides need. (Before, a 1024-pixel screen cut the output view off
 * at the right: the views' side shrank below its minimum.) */
static void
test_fits_small_screens (void)
{
  PvWindow *window = new_window ();
  GtkWidget *w = GTK_WIDGET (window);
  GtkPaned *paned = GTK_PANED (find_widget (w, GTK_TYPE_PANED));
  int min_w, min_h;

  wait_for_result (window);
  g_assert_cmpint (min_width (GTK_WIDGET (paned)), >=,
                   min_width (gtk_paned_get_start_child (paned))
                     + min_width (gtk_paned_get_end_child (paned)));
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (w, GTK_ORIENTATION_VERTICAL, 1024, &min_h, NULL, NULL, NULL);
  g_test_message ("minimum %d x %d", min_w, min_h);
  g_assert_cmpint (min_w, <=, 1024);
  g_assert_cmpint (min_h, <=, 700);
  pv_window_set_comparing (window, TRUE);
  wait_for_result (window);
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (w, GTK_ORIENTATION_VERTICAL, 1280, &min_h, NULL, NULL, NULL);
  g_test_message ("comparing: minimum %d x %d", min_w, min_h);
  g_assert_cmpint (min_w, <=, 1280);
  g_assert_cmpint (min_h, <=, 800);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In a small window, pointing at a cell whose explanation runs to many
 * lines (three channels, narrow column) leaves the views their size: were
 * they to shrink, the cell would move from under the pointer and the
 * layout flicker. */
static void
test_pointing_keeps_layout (void)
{
  PvWindow *window = new_window ();
  GtkWidget *output = GTK_WIDGET (pv_window_get_output_view (window));
  int before;

  gtk_window_unmaximize (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  wait_for_result (window);
  iterate (300);
  before = gtk_widget_get_height (output);
  g_assert_cmpint (before, >, 200);
  pv_window_point_output (window, 0, 40, 60);
  iterate (300);
  g_assert_nonnull (strstr (pv_window_get_computation_text (window), "B: max("));
  g_assert_cmpint (gtk_widget_get_height (output), ==, before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Where @widget's top-left corner lies in @window. */
static graphene_point_t
place_in (GtkWidget *widget, PvWindow *window)
{
  graphene_point_t at = GRAPHENE_POINT_INIT (0, 0), in_window;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window), &at, &in_window));
  return in_window;
}

/* Choosing another channel or what to show in the toolbar, or turning an
 * overlay on, moves nothing after it: the Channel and Show drop-downs keep
 * the width of their widest choice, and those are short, Coverage and
 * Winners are toggle buttons and the zoom buttons icons, so that the
 * toolbar still fits one line of a 1280-pixel window (with the app's style
 * sheet, which main() loads). */
static void
test_toolbar_holds_still (void)
{
  PvWindow *window = new_window ();
  GtkWidget *compare, *zoom_in;
  graphene_point_t compare_at, zoom_at;

  wait_for_result (window);
  iterate (200);
  compare = GTK_WIDGET (find_label (GTK_WIDGET (window), "Compare"));
  zoom_in = find_action_button (GTK_WIDGET (window), "win.zoom-in");
  g_assert_nonnull (compare);
  g_assert_nonnull (zoom_in);
  compare_at = place_in (compare, window);
  zoom_at = place_in (zoom_in, window);
  /* One line: the zoom buttons beside Compare, not wrapped below it. */
  g_assert_cmpfloat (fabs (zoom_at.y - compare_at.y), <, 20);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.channel", "i", -2);
  wait_for_result (window);
  iterate (200);
  g_assert_cmpfloat (place_in (compare, window).x, ==, compare_at.x);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.channel", "i", 0);
  wait_for_result (window);
  iterate (200);
  {
    graphene_point_t compare_now = place_in (compare, window), zoom_now = place_in (zoom_in, window);

    g_assert_cmpfloat (compare_now.x, ==, compare_at.x);
    g_assert_cmpfloat (compare_now.y, ==, compare_at.y);
    g_assert_cmpfloat (zoom_now.x, ==, zoom_at.x);
    g_assert_cmpfloat (zoom_now.y, ==, zoom_at.y);
  }
  /* Coverage, Winners and neither: toggle buttons, as wide either way,
   * and the toolbar still one line with either on. */
  for (int i = 0; i < 4; i++)
    {
      static const char *const overlays[] = { "coverage", "winners", "none", "winners" };

      gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", overlays[i]);
      iterate (200);
      g_assert_cmpfloat (place_in (compare, window).x, ==, compare_at.x);
      g_assert_cmpfloat (place_in (zoom_in, window).y, ==, zoom_at.y);
    }
  /* Each Show choice that a single result offers, and back. */
  for (int mode = 0; mode <= 3; mode++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", mode % 3);
      wait_for_result (window);
      iterate (200);
      g_assert_cmpfloat (place_in (compare, window).x, ==, compare_at.x);
      g_assert_cmpfloat (place_in (zoom_in, window).x, ==, zoom_at.x);
      g_assert_cmpfloat (place_in (zoom_in, window).y, ==, zoom_at.y);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The drop-down whose first choice is @data. */
static gboolean
drop_down_starts_with (GtkWidget *widget, gconstpointer data)
{
  GListModel *model;
  g_autoptr (GObject) first = NULL;

  if (!GTK_IS_DROP_DOWN (widget))
    return FALSE;
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  if (model == NULL || g_list_model_get_n_items (model) == 0)
    return FALSE;
  first = g_list_model_get_item (model, 0);
  return GTK_IS_STRING_OBJECT (first)
         && g_str_equal (gtk_string_object_get_string (GTK_STRING_OBJECT (first)), data);
}

/* The Show drop-down's held width follows the font: after a larger one,
 * the widest choice still fits, and the toolbar moves nothing as the
 * choice changes. */
static void
test_hold_follows_font (void)
{
  PvWindow *window = new_window ();
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font = NULL;
  GtkWidget *show, *compare;
  int before, after;
  double compare_x;

  wait_for_result (window);
  g_object_get (settings, "gtk-font-name", &font, NULL);
  show = find_first (GTK_WIDGET (window), drop_down_starts_with, "Result");
  g_assert_nonnull (show);
  gtk_widget_get_size_request (show, &before, NULL);
  g_object_set (settings, "gtk-font-name", "Sans 18", NULL);
  iterate (300);
  gtk_widget_get_size_request (show, &after, NULL);
  g_assert_cmpint (after, >, before + 20);
  compare = GTK_WIDGET (find_label (GTK_WIDGET (window), "Compare"));
  compare_x = place_in (compare, window).x;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 1);
  wait_for_result (window);
  iterate (200);
  g_assert_cmpfloat (place_in (compare, window).x, ==, compare_x);
  g_object_set (settings, "gtk-font-name", font, NULL);
  iterate (300);
  gtk_widget_get_size_request (show, &after, NULL);
  g_assert_cmpint (after, ==, before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Export dialogs open where the last export went, else beside the input
 * file; a folder since removed is not forced on GTK. */
static void
test_export_starts_in_a_known_folder (void)
{
  PvWindow *window = new_window ();
  PvDocument *doc = pv_window_get_document (window);
  g_autofree char *picture = pngsuite_file ("basn2c08.png");
  g_autoptr (GFile) input_folder = NULL;
  g_autofree char *dir = g_dir_make_tmp ("poolview-XXXXXX", NULL);
  g_autoptr (GFile) last = g_file_new_for_path (dir);
  g_autofree char *gone_path = g_build_filename (dir, "gone", NULL);
  g_autoptr (GFile) gone = g_file_new_for_path (gone_path);

  open_and_wait (window, picture);
  input_folder = g_file_get_parent (pv_document_get_file (doc));
  {
    const struct
    {
      GFile *folder, *expected;
    } cases[] = { { NULL, input_folder }, { last, last }, { gone, NULL } };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        GtkFileChooserNative *chooser
          = gtk_file_chooser_native_new ("Export", GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);
        g_autoptr (GFile) current = NULL;

        pv_export_start_in (GTK_FILE_CHOOSER (chooser), cases[i].folder, doc);
        /* The chooser takes its folder when the folder has been read. */
        iterate (200);
        current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
        if (cases[i].expected == NULL)
          g_assert_null (current);
        else
          g_assert_true (current != NULL && g_file_equal (current, cases[i].expected));
        g_object_unref (chooser);
      }
  }
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The names the export dialogs offer: the input's name without its
 * extension (only the last), then what was made from it. */
static void
test_export_names (void)
{
  PvWindow *window = new_window ();
  PvDocument *doc = pv_window_get_document (window);
  g_autofree char *source = pngsuite_file ("basn2c08.png");
  g_autofree char *dir = g_dir_make_tmp ("poolview-XXXXXX", NULL);
  g_autofree char *picture = g_build_filename (dir, "holiday.2024.png", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *result = NULL, *figure = NULL, *both = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (picture, contents, (gssize) length, NULL));
  open_and_wait (window, picture);
  result = pv_export_suggest_name (doc, "max_pool2d", "csv");
  g_assert_cmpstr (result, ==, "holiday.2024-max_pool2d.csv");
  figure = pv_window_suggest_figure_name (window);
  g_assert_cmpstr (figure, ==, "holiday.2024-max_pool2d-figure.png");
  pv_window_set_comparing (window, TRUE);
  both = pv_window_suggest_figure_name (window);
  g_assert_cmpstr (both, ==, "holiday.2024-compare-figure.png");
  g_unlink (picture);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_compare (void)
{
  PvWindow *window = new_window ();
  PvDocument *b = pv_window_get_compare_document (window);
  PvTensorView *compare = pv_window_get_compare_view (window);
  const PvPanel *panel;
  const pv_tensor *ta, *tb;

  load_preset (window, 2); /* floor: 1 x 1 */
  pv_window_set_comparing (window, TRUE);
  wait_for_result (window);
  while (pv_document_is_busy (b))
    g_main_context_iteration (NULL, FALSE);
  iterate (200);
  /* B starts as A with ceil_mode flipped. */
  g_assert_true (pv_document_get_params (b)->ceil_mode);
  /* Three columns beside the side pane still fit a screen 1024 pixels wide. */
  {
    int min_width = 0;

    gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                        NULL, NULL);
    g_test_message ("minimum width in Compare: %d", min_width);
    g_assert_cmpint (min_width, <=, 1024);
  }
  panel = pv_tensor_view_get_panel (compare, 0);
  g_assert_cmpint (panel->rows, ==, 2);
  g_assert_cmpint (panel->cols, ==, 2);
  /* Each title names what sets its call apart from the other's, so that
   * two calls cut short in narrow columns cannot read the same; the
   * tooltip has the whole call. */
  {
    GtkLabel *title = find_label (GTK_WIDGET (window), "B: ");
    GtkLabel *title_a = find_label (GTK_WIDGET (window), "A: ");
    GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown = FALSE;

    g_assert_nonnull (title);
    g_assert_cmpstr (gtk_label_get_text (title), ==, "B: ceil_mode=True");
    g_assert_cmpstr (gtk_label_get_text (title_a), ==, "A: ceil_mode=False");
    g_assert_cmpint (gtk_label_get_ellipsize (title), ==, PANGO_ELLIPSIZE_MIDDLE);
    /* Whole in a tooltip, given in query-tooltip (a tooltip text is also
     * the accessible description, which would repeat the title). */
    g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (title)));
    g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (title)));
    g_signal_emit_by_name (title, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
    g_assert_true (shown);
    g_assert_cmpstr (g_object_get_data (G_OBJECT (title), "pv-whole-title"), ==,
                     "B: max_pool2d(kernel_size=3, ceil_mode=True)");
    /* Without Compare the title is the whole call: a tooltip only when it
     * is cut short. */
    pv_window_set_comparing (window, FALSE);
    iterate (100);
    title_a = find_label (GTK_WIDGET (window), "Output of ");
    g_assert_cmpstr (gtk_label_get_text (title_a), ==, "Output of max_pool2d(kernel_size=3)");
    g_signal_emit_by_name (title_a, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
    g_assert_false (shown);
    gtk_widget_set_size_request (GTK_WIDGET (window), 200, -1);
    gtk_window_set_default_size (GTK_WINDOW (window), 300, 800);
    iterate (300);
    g_signal_emit_by_name (title_a, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
    g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (title_a)));
    g_assert_true (shown);
    gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
    pv_window_set_comparing (window, TRUE);
    while (pv_document_is_busy (b))
      g_main_context_iteration (NULL, FALSE);
    iterate (200);
    g_object_unref (tooltip);
  }
  /* Shown at the input's size, B is too, so that the two compare. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 1);
  iterate (100);
  g_assert_cmpint (pv_tensor_view_get_panel (pv_window_get_output_view (window), 0)->rows, ==, 5);
  g_assert_cmpint (pv_tensor_view_get_panel (compare, 0)->rows, ==, 5);
  /* A figure's caption says what that means once, as A and B say the same. */
  {
    g_autofree char *caption = pv_window_get_figure_caption (window);
    g_auto (GStrv) around = g_strsplit (caption, "Result at the input's size: ", -1);

    g_assert_cmpuint (g_strv_length (around), ==, 2); /* there, once */
    g_assert_null (strstr (caption, "A: Result"));
  }

  /* A - B of different shapes cannot be shown, and says why, whole,
   * beneath the title (which is cut short in narrow columns). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 3);
  iterate (100);
  g_assert_cmpint (pv_tensor_view_get_panel (pv_window_get_output_view (window), 0)->rows, ==, 1);
  {
    GtkLabel *why = find_label (GTK_WIDGET (window), "Cannot show A − B: ");

    g_assert_nonnull (why);
    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (why)));
    g_assert_true (gtk_label_get_wrap (why));
    g_assert_null (strstr (gtk_label_get_text (find_label (GTK_WIDGET (window), "A: ")), "Cannot"));
  }

  /* Max and average of the same windows: A - B is their difference. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 0);
  load_preset (window, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-as-b", NULL);
  set_param (window, "operator", "avg_pool2d");
  while (pv_document_is_busy (b))
    g_main_context_iteration (NULL, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 3);
  iterate (200);
  ta = pv_tensor_ref_get (pv_document_get_output (pv_window_get_document (window)));
  tb = pv_tensor_ref_get (pv_document_get_output (b));
  panel = pv_tensor_view_get_panel (pv_window_get_output_view (window), 0);
  g_assert_nonnull (panel->values);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (panel->values[i], ==, ((const float *) ta->data)[i] - ((const float *) tb->data)[i]);
  g_assert_cmpfloat (panel->values[0], ==, 3.5f - 6.0f);
  {
    GtkLabel *legend = find_label (GTK_WIDGET (window), "A − B: ");

    g_assert_nonnull (legend);
    g_assert_nonnull (strstr (gtk_label_get_text (legend), "where A is higher"));
  }
  /* A figure has both calls, a line each, and says what the colours mean. */
  {
    g_autofree char *title = pv_window_get_figure_title (window);
    g_autofree char *caption = pv_window_get_figure_caption (window);
    g_auto (GStrv) lines = g_strsplit (title, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_true (g_str_has_prefix (lines[0], "A: avg_pool2d(kernel_size=2, stride=2)    "));
    g_assert_true (g_str_has_prefix (lines[1], "B: max_pool2d(kernel_size=2, stride=2)    "));
    /* The shapes, spaced with no-break spaces as in the window. */
    g_assert_nonnull (strstr (lines[1], "\u00a0→ 1\u00a0×\u00a02\u00a0×\u00a02"));
    g_assert_nonnull (strstr (caption, "A − B: white where they agree"));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_show_at_input_size (void)
{
  PvWindow *window = new_window ();
  PvTensorView *output = pv_window_get_output_view (window);
  g_autofree char *direct = NULL;

  wait_for_result (window); /* the sample: 320 x 480 -> 159 x 239 */
  pv_window_point_output (window, 0, 50, 60);
  direct = g_strdup (pv_window_get_computation_text (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 1);
  iterate (200);
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->rows, ==, 320);
  g_assert_cmpint (pv_tensor_view_get_panel (output, 0)->cols, ==, 480);
  /* Pixel (100, 121) of the enlarged result shows cell (floor(100 * 159 / 320),
   * floor(121 * 239 / 480)) = (49, 60); (101, 121) shows (50, 60). */
  pv_window_point_output (window, 0, 101, 121);
  g_assert_cmpstr (pv_window_get_computation_text (window), ==, direct);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 2);
  iterate (200);
  g_assert_nonnull (pv_tensor_view_get_panel (output, 0));
  /* A legend says what the colours of a difference mean, and at what
   * magnitude (the engine's largest) they are at full strength. */
  {
    GtkLabel *legend = find_label (GTK_WIDGET (window), "Result at the input's size − input: ");
    PvTensorView *view = pv_window_get_output_view (window);
    const PvPanel *panel = pv_tensor_view_get_panel (view, 0);
    float largest = 0.0f;
    g_autofree char *limit = NULL;

    g_assert_nonnull (legend);
    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (legend)));
    g_assert_nonnull (strstr (gtk_label_get_text (legend), "gray where pooling changed nothing"));
    for (int c = 0; c < 3; c++)
      for (int i = 0; i < panel->rows * panel->cols; i++)
        largest = MAX (largest, fabsf (((const float *) pv_tensor_ref_get (panel->values_owner)->data)
                                         [(gsize) c * panel->rows * panel->cols + i]));
    limit = g_strdup_printf ("±%.4g.", largest);
    g_assert_true (g_str_has_suffix (gtk_label_get_text (legend), limit));
    /* Pointing at the legend points at the view beneath it. */
    {
      graphene_point_t at;

      iterate (100);
      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (legend), GTK_WIDGET (window),
                                               &GRAPHENE_POINT_INIT (10, 5), &at));
      g_assert_true (gtk_widget_pick (GTK_WIDGET (window), at.x, at.y, GTK_PICK_DEFAULT)
                     == GTK_WIDGET (view));
    }
    /* Parameters PyTorch refuses: the notice that the view is out of date
     * takes the legend's place, and the legend comes back with a result. */
    set_param (window, "padding", "9");
    g_assert_nonnull (pv_tensor_view_get_stale (view));
    g_assert_false (gtk_widget_is_visible (GTK_WIDGET (legend)));
    set_param (window, "padding", "0");
    g_assert_null (pv_tensor_view_get_stale (view));
    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (legend)));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show", "i", 0);
    iterate (100);
    g_assert_false (gtk_widget_is_visible (GTK_WIDGET (legend)));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkTextView *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return GTK_TEXT_VIEW (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkTextView *found = find_text_view (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A matrix typed with an error keeps the last good one on screen, dimmed
 * and said not to be the one typed, until the text reads again. */
static void
test_matrix_typo_marks_input (void)
{
  PvWindow *window = new_window ();
  PvTensorView *input = pv_window_get_input_view (window);
  GtkTextBuffer *buffer;

  load_preset (window, 1); /* matrix mode, 5 x 5 */
  buffer = gtk_text_view_get_buffer (find_text_view (GTK_WIDGET (window)));
  g_assert_null (pv_tensor_view_get_stale (input));
  gtk_text_buffer_set_text (buffer, "1, 2\n3", -1);
  iterate (400);
  g_assert_nonnull (pv_tensor_view_get_stale (input));
  g_assert_nonnull (strstr (pv_tensor_view_get_stale (input), "matrix typed has an error"));
  g_assert_cmpint (pv_tensor_view_get_panel (input, 0)->cols, ==, 5);
  gtk_text_buffer_set_text (buffer, "1, 2\n3, 4", -1);
  iterate (400);
  wait_for_result (window);
  g_assert_null (pv_tensor_view_get_stale (input));
  g_assert_cmpint (pv_tensor_view_get_panel (input, 0)->cols, ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_toggle_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL
         && g_str_equal (gtk_button_get_label (GTK_BUTTON (widget)), label);
}

/* Presses the header bar's "Picture" or "Matrix". */
static void
choose_mode (PvWindow *window, const char *mode)
{
  GtkWidget *button = find_first (GTK_WIDGET (window), is_toggle_labelled, mode);

  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  iterate (300);
  wait_for_result (window);
}

/* Matrix mode starts from an example's matrix, but with the parameters the
 * user had: switching the input is not switching the pooling. */
static void
test_matrix_mode_keeps_parameters (void)
{
  PvWindow *window = new_window ();
  PvTensorView *input = pv_window_get_input_view (window);
  const pv_params *params;

  wait_for_result (window);
  set_param (window, "kernel-size", "2");
  set_param (window, "stride", "1");
  set_param (window, "ceil-mode", "false");
  choose_mode (window, "Matrix");
  g_assert_cmpint (pv_tensor_view_get_panel (input, 0)->rows, ==, 5);
  params = pv_document_get_params (pv_window_get_document (window));
  g_assert_cmpint (params->kernel.v[0], ==, 2);
  g_assert_cmpint (params->stride.v[0], ==, 1);
  g_assert_false (params->ceil_mode);
  /* 5 x 5, kernel 2, stride 1: 4 x 4. */
  g_assert_cmpint (pv_tensor_view_get_panel (pv_window_get_output_view (window), 0)->rows, ==, 4);
  choose_mode (window, "Picture");
  params = pv_document_get_params (pv_window_get_document (window));
  g_assert_cmpint (params->kernel.v[0], ==, 2);
  g_assert_cmpint (params->stride.v[0], ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A small matrix written as text opens in matrix mode, its text there to be
 * edited; a picture opened next goes back to picture mode. */
static void
test_text_matrix_opens_editable (void)
{
  PvWindow *window = new_window ();
  PvDocument *doc = pv_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("poolview-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "example.csv", NULL);
  g_autofree char *picture = pngsuite_file ("basn2c08.png");
  const char *text = "1, 2, 3\n4, 5, 6\n";
  GtkTextBuffer *buffer;
  g_autofree char *shown = NULL;
  GtkTextIter start, end;

  wait_for_result (window);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  open_and_wait (window, path);
  g_assert_cmpstr (pv_document_get_name (doc), ==, "example.csv");
  iterate (300);
  wait_for_result (window);
  buffer = gtk_text_view_get_buffer (find_text_view (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (find_text_view (GTK_WIDGET (window)))));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, text);
  g_assert_cmpstr (pv_document_get_name (doc), ==, "example.csv");
  g_assert_cmpint (pv_tensor_view_get_panel (pv_window_get_input_view (window), 0)->cols, ==, 3);

  open_and_wait (window, picture);
  g_assert_cmpstr (pv_document_get_name (doc), ==, "basn2c08.png");
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (find_text_view (GTK_WIDGET (window)))));
  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A new matrix the parameters are refused on: the input is fitted as it
 * is, the output says why there is none, and the shapes are the new
 * input's. */
static void
test_matrix_refused_by_parameters (void)
{
  PvWindow *window = new_window ();
  PvTensorView *input = pv_window_get_input_view (window);
  PvTensorView *output = pv_window_get_output_view (window);
  GtkTextBuffer *buffer;
  graphene_rect_t first, last;

  load_preset (window, 0); /* matrix mode, 4 x 4, kernel 2 */
  set_param (window, "kernel-size", "3");
  buffer = gtk_text_view_get_buffer (find_text_view (GTK_WIDGET (window)));
  gtk_text_buffer_set_text (buffer, "1, 2, 3, 4, 5, 6, 7", -1);
  iterate (600);
  g_assert_cmpuint (pv_tensor_view_get_n_panels (output), ==, 0);
  g_assert_true (g_str_has_prefix (pv_tensor_view_get_stale (output),
                                   "No result — PyTorch would refuse these parameters: "));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "1\u00a0×\u00a01\u00a0×\u00a07\u00a0→ —"));
  /* All seven cells in the view, each large enough to read. */
  g_assert_true (pv_tensor_view_get_cell_rect (input, 0, 0, 0, &first));
  g_assert_true (pv_tensor_view_get_cell_rect (input, 0, 0, 6, &last));
  g_assert_cmpfloat (first.size.width, >, 20);
  g_assert_cmpfloat (first.origin.x, >=, 0);
  g_assert_cmpfloat (last.origin.x + last.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (input)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The label of the item of @model (or its sections) that activates
 * @action with @target, or NULL. */
static char *
menu_label_for (GMenuModel *model, const char *action, GVariant *target)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr (GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      g_autofree char *item_action = NULL;
      g_autoptr (GVariant) item_target = NULL;
      char *label = NULL;

      if (section != NULL && (label = menu_label_for (section, action, target)) != NULL)
        return label;
      if (submenu != NULL && (label = menu_label_for (submenu, action, target)) != NULL)
        return label;
      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action)
          && g_str_equal (item_action, action)
          && (item_target = g_menu_model_get_item_attribute_value (model, i,
                                                                    G_MENU_ATTRIBUTE_TARGET,
                                                                    NULL)) != NULL
          && g_variant_equal (item_target, target)
          && g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        return label;
    }
  return NULL;
}

static void
collect_menu_models (GtkWidget *widget, GPtrArray *models)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    g_ptr_array_add (models, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_menu_models (c, models);
}

/* The window's menu item for @action with the string @target, or NULL. */
static char *
window_menu_label (PvWindow *window, const char *action, const char *target)
{
  g_autoptr (GPtrArray) models = g_ptr_array_new ();
  g_autoptr (GVariant) t = g_variant_ref_sink (g_variant_new_string (target));
  char *label = NULL;

  collect_menu_models (GTK_WIDGET (window), models);
  for (guint i = 0; i < models->len && label == NULL; i++)
    label = menu_label_for (models->pdata[i], action, t);
  return label;
}

static gboolean
activates (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

/* The first button in @widget's tree that activates @action. */
static GtkWidget *
find_action_button (GtkWidget *widget, const char *action)
{
  return find_first (widget, activates, action);
}

static const PvPreset *
user_preset_named (GPtrArray *list, const char *name)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((const PvPreset *) list->pdata[i])->title, name))
      return list->pdata[i];
  return NULL;
}

/* The Presets menu removes a preset of one's own ("Remove a Preset"), and
 * Undo in the toast brings it back as it was; the others stay. */
static void
test_remove_user_preset (void)
{
  PvWindow *window;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GPtrArray) restored = NULL;
  g_autofree char *label = NULL, *gone = NULL, *kept = NULL;
  const PvPreset *back;
  GtkWidget *undo;
  pv_params params, got;

  pv_params_init (&params, PV_OP_MAX_POOL2D);
  pv_params_set_option (&params, "kernel-size", "3", NULL);
  pv_params_set_option (&params, "ceil-mode", NULL, NULL);
  g_assert_true (pv_user_presets_save ("keep me", &params, NULL, &error));
  g_assert_true (pv_user_presets_save ("remove me", &params, "1, 2\n3, 4\n", &error));
  window = new_window ();
  label = window_menu_label (window, "win.remove-user-preset", "remove me");
  g_assert_cmpstr (label, ==, "remove me");
  undo = find_action_button (GTK_WIDGET (window), "win.undo-remove-preset");
  g_assert_true (undo == NULL || !gtk_widget_get_visible (undo));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-user-preset", "s", "remove me");
  after = pv_user_presets_load ();
  g_assert_null (user_preset_named (after, "remove me"));
  g_assert_nonnull (user_preset_named (after, "keep me"));
  gone = window_menu_label (window, "win.load-user-preset", "remove me");
  kept = window_menu_label (window, "win.load-user-preset", "keep me");
  g_assert_null (gone);
  g_assert_cmpstr (kept, ==, "keep me");
  undo = find_action_button (GTK_WIDGET (window), "win.undo-remove-preset");
  g_assert_true (gtk_widget_get_visible (undo));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (undo)), ==, "_Undo");

  g_signal_emit_by_name (undo, "clicked");
  restored = pv_user_presets_load ();
  back = user_preset_named (restored, "remove me");
  g_assert_nonnull (back);
  g_assert_cmpstr (back->matrix, ==, "1, 2\n3, 4\n");
  g_assert_true (pv_preset_get_params (back, &got));
  g_assert_cmpint (got.kernel.v[0], ==, 3);
  g_assert_true (got.ceil_mode);
  g_assert_false (gtk_widget_get_visible (undo));
  g_free (gone);
  gone = window_menu_label (window, "win.load-user-preset", "remove me");
  g_assert_cmpstr (gone, ==, "remove me");

  g_assert_true (pv_user_presets_remove ("keep me", &error));
  g_assert_true (pv_user_presets_remove ("remove me", &error));
  /* None of that name: nothing to do, no error. */
  g_assert_true (pv_user_presets_remove ("remove me", &error));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Menus read "_" as a mnemonic: the presets' titles keep theirs. */
static void
test_preset_titles_keep_underscores (void)
{
  PvWindow *window = new_window ();
  g_autoptr (GPtrArray) models = g_ptr_array_new ();
  g_autoptr (GVariant) target = g_variant_ref_sink (g_variant_new_uint32 (1));
  g_autofree char *label = NULL;

  collect_menu_models (GTK_WIDGET (window), models);
  for (guint i = 0; i < models->len && label == NULL; i++)
    label = menu_label_for (models->pdata[i], "win.load-preset", target);
  g_assert_nonnull (label);
  /* "ceil_mode", written for a menu. */
  g_assert_cmpstr (label, ==, "5 × 5, max pooling, kernel 3, ceil__mode");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_settings_round_trip (void)
{
  PvWindow *window = new_window ();
  const pv_params *p;

  load_preset (window, 1); /* matrix mode, 5 x 5, kernel 3, ceil_mode */
  set_param (window, "kernel-size", "2");
  gtk_window_close (GTK_WINDOW (window));
  iterate (100);

  window = new_window ();
  wait_for_result (window);
  p = pv_document_get_params (pv_window_get_document (window));
  g_assert_cmpint (p->op, ==, PV_OP_MAX_POOL2D);
  g_assert_cmpint (p->kernel.v[0], ==, 2);
  g_assert_true (p->ceil_mode);
  g_assert_cmpint (pv_document_get_source_kind (pv_window_get_document (window)), ==,
                   PV_SOURCE_MATRIX);
  g_assert_cmpint (pv_tensor_ref_get (pv_document_get_input (pv_window_get_document (window)))->shape.dims[2], ==, 5);
  /* Leave the defaults for the other tests. */
  {
    g_autoptr (GSettings) settings = g_settings_new ("io.github.poolview.PoolView");

    g_settings_reset (settings, "mode");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_figure (void)
{
  PvWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("poolview-fig-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *hint_caption = NULL;
  g_autofree char *caption = NULL;
  PvTensorView *views[2];
  graphene_rect_t bounds[2];
  cairo_surface_t *surface;
  g_autoptr (GError) error = NULL;
  pv_limits limits;
  pv_image image;

  load_preset (window, 5);
  views[0] = pv_window_get_input_view (window);
  views[1] = pv_window_get_output_view (window);
  /* Nothing pointed at: the status line's hint is no caption. */
  g_assert_nonnull (strstr (pv_window_get_computation_text (window), "Point at"));
  hint_caption = pv_window_get_figure_caption (window);
  g_assert_null (strstr (hint_caption, "Point at"));
  pv_window_point_output (window, 0, 2, 2);
  caption = pv_window_get_figure_caption (window);
  g_assert_nonnull (strstr (caption, pv_window_get_computation_text (window)));
  g_assert_nonnull (strstr (caption, "/ 4 = 4"));
  surface = pv_figure_draw (views, 2, "avg_pool2d(kernel_size=3)", caption, 2.0, &error);
  g_assert_no_error (error);
  g_assert_true (pv_figure_save (surface, "avg_pool2d(kernel_size=3)", path, &error));
  pv_limits_init (&limits);
  g_assert_cmpint (pv_image_read_file (path, &limits, &image, NULL), ==, PV_OK);
  /* Twice the views' content (4 x 4 and 3 x 3 cells, not the room around
   * them in the window), their gap and the margins. */
  for (int i = 0; i < 2; i++)
    {
      graphene_rect_t first;

      g_assert_true (pv_tensor_view_get_figure_bounds (views[i], &bounds[i]));
      pv_tensor_view_get_cell_rect (views[i], 0, 0, 0, &first);
      /* From the first cell, its title above (if any) and the marks'
       * reach... */
      g_assert_cmpfloat (bounds[i].origin.x, <=, first.origin.x);
      g_assert_cmpfloat (bounds[i].origin.x, >=, first.origin.x - 4);
      g_assert_cmpfloat (bounds[i].origin.y, <=, first.origin.y);
      g_assert_cmpfloat (bounds[i].origin.y, >=, first.origin.y - 24);
      /* ...to the last, or the window's marks in the padding beyond it. */
      g_assert_cmpfloat (bounds[i].size.height, <, gtk_widget_get_height (GTK_WIDGET (views[i])) - 100);
    }
  g_assert_cmpuint (image.width, ==,
                    (guint) ceil (2 * (bounds[0].size.width + bounds[1].size.width + 16 + 48)));
  g_assert_cmpint (image.channels, ==, 4);
  pv_image_free (&image);
  cairo_surface_destroy (surface);
  g_remove (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether @x (or @y, when !@horizontal) lies on an edge between cells of
 * one of @view's panels. */
static gboolean
on_cell_edge (PvTensorView *view, double at, gboolean horizontal)
{
  for (guint p = 0; p < pv_tensor_view_get_n_panels (view); p++)
    {
      const PvPanel *panel = pv_tensor_view_get_panel (view, p);
      int n = horizontal ? panel->cols : panel->rows;

      for (int i = 0; i <= n; i++)
        {
          graphene_rect_t rect;

          pv_tensor_view_get_cell_rect (view, (int) p, horizontal ? 0 : i, horizontal ? i : 0,
                                        &rect);
          if (fabs ((horizontal ? rect.origin.x : rect.origin.y) - at) < 0.01)
            return TRUE;
        }
    }
  return FALSE;
}

/* Zoomed in on a picture, the view's edges cut cells; a figure of it ends
 * at the last whole cells. */
static void
test_figure_whole_cells (void)
{
  PvWindow *window = new_window ();
  PvTensorView *view = pv_window_get_input_view (window);
  double width, height;
  graphene_rect_t b;

  wait_for_result (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-one", NULL);
  for (int i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  iterate (200);
  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  g_assert_true (pv_tensor_view_get_figure_bounds (view, &b));
  /* The picture is larger than the view on every side... */
  {
    const PvPanel *last = pv_tensor_view_get_panel (view, pv_tensor_view_get_n_panels (view) - 1);
    graphene_rect_t first_cell, last_cell;

    pv_tensor_view_get_cell_rect (view, 0, 0, 0, &first_cell);
    pv_tensor_view_get_cell_rect (view, (int) pv_tensor_view_get_n_panels (view) - 1,
                                  last->rows - 1, last->cols - 1, &last_cell);
    g_assert_cmpfloat (first_cell.origin.x, <, 0);
    g_assert_cmpfloat (first_cell.origin.y, <, 0);
    g_assert_cmpfloat (last_cell.origin.x, >, width);
    g_assert_cmpfloat (last_cell.origin.y, >, height);
  }
  /* ...so the figure is cut, within the view and near its edges... */
  g_assert_cmpfloat (b.origin.x, >=, 0);
  g_assert_cmpfloat (b.origin.y, >=, 0);
  g_assert_cmpfloat (b.origin.x + b.size.width, <=, width);
  g_assert_cmpfloat (b.origin.y + b.size.height, <=, height);
  g_assert_cmpfloat (b.origin.x, <, 40);
  g_assert_cmpfloat (b.origin.x + b.size.width, >, width - 40);
  /* ...at edges between cells. */
  g_assert_true (on_cell_edge (view, b.origin.x, TRUE));
  g_assert_true (on_cell_edge (view, b.origin.x + b.size.width, TRUE));
  g_assert_true (on_cell_edge (view, b.origin.y, FALSE));
  g_assert_true (on_cell_edge (view, b.origin.y + b.size.height, FALSE));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_user_presets (void)
{
  pv_params params, back;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  gboolean found = FALSE;

  pv_params_init (&params, PV_OP_AVG_POOL2D);
  pv_params_set_option (&params, "kernel-size", "3,2", NULL);
  pv_params_set_option (&params, "padding", "1,0", NULL);
  pv_params_set_option (&params, "no-count-include-pad", NULL, NULL);
  g_assert_true (pv_user_presets_save ("my average", &params, "1, 2\n3, 4\n", &error));
  list = pv_user_presets_load ();
  for (guint i = 0; i < list->len; i++)
    {
      const PvPreset *p = list->pdata[i];

      if (!g_str_equal (p->title, "my average"))
        continue;
      found = TRUE;
      g_assert_true (pv_preset_get_params (p, &back));
      g_assert_cmpint (back.op, ==, PV_OP_AVG_POOL2D);
      g_assert_cmpint (back.kernel.v[0], ==, 3);
      g_assert_cmpint (back.kernel.v[1], ==, 2);
      g_assert_false (back.count_include_pad);
      g_assert_cmpstr (p->matrix, ==, "1, 2\n3, 4\n");
    }
  g_assert_true (found);

  /* Names the file cannot keep are refused with a reason, and nothing is
   * written. */
  g_assert_false (pv_user_presets_save ("   ", &params, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Type a name for the preset");
  g_clear_error (&error);
  g_assert_false (pv_user_presets_save ("mine [old]", &params, NULL, &error));
  g_assert_nonnull (strstr (error->message, "cannot have “[”, “]”"));
  g_clear_error (&error);

  /* A presets file that does not read is reported and kept as it is, not
   * replaced by the one preset being saved. */
  {
    g_autofree char *path = g_build_filename (g_get_user_config_dir (), "poolview",
                                              "presets.ini", NULL);
    g_autofree char *kept = NULL, *after = NULL;
    const char *damaged = "[my average\noperator=avg_pool2d\n";

    g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
    g_assert_true (g_file_set_contents (path, damaged, -1, NULL));
    g_assert_false (pv_user_presets_save ("another", &params, NULL, &error));
    g_assert_nonnull (strstr (error->message, "do not read"));
    g_clear_error (&error);
    g_assert_false (pv_user_presets_remove ("my average", &error));
    g_assert_nonnull (strstr (error->message, "do not read"));
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, damaged);
    g_assert_true (g_file_set_contents (path, kept, -1, NULL));
  }
}

/* The dialog that names a preset: Save waits for a name it can keep, and a
 * name already taken says it replaces that preset. */
static void
test_preset_dialog (void)
{
  PvWindow *window = new_window ();
  g_autoptr (GError) error = NULL;
  pv_params params;
  GtkDialog *dialog = NULL;
  GtkWidget *save, *entry, *hint;
  GList *toplevels;

  pv_params_init (&params, PV_OP_MAX_POOL2D);
  g_assert_true (pv_user_presets_save ("taken", &params, NULL, &error));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-preset", NULL);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  save = gtk_dialog_get_widget_for_response (dialog, GTK_RESPONSE_ACCEPT);
  entry = gtk_widget_get_first_child (gtk_dialog_get_content_area (dialog));
  hint = gtk_widget_get_next_sibling (entry);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, "Type a name for the preset");
  gtk_editable_set_text (GTK_EDITABLE (entry), "a[1]");
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (entry), " taken ");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, "Replaces your preset “taken”");
  gtk_editable_set_text (GTK_EDITABLE (entry), "new one");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, "");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---------------------------------------------------------------------------
 * The Simplified Chinese interface: run by the "window-zh_CN" test with
 * LC_ALL=zh_CN.UTF-8 and the catalogues of the build tree.
 */

static gboolean
in_chinese (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  if (messages == NULL || !g_str_has_prefix (messages, "zh_CN"))
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not available (locale-gen zh_CN.UTF-8)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* po/zh_CN.po as msgid -> msgstr. Messages with a context are keyed
 * "context\004msgid", as gettext looks them up, so that a short msgid such
 * as the channel "B" does not stand for the result "B". Plural forms are
 * left out. */
static GHashTable *
read_catalogue (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "po", "zh_CN.po", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *catalogue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The entry being read: 0 context, 1 msgid, 2 msgstr. */
  GString *parts[3] = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  int part = -1;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0;; i++)
    {
      const char *line = lines[i];
      const char *quote = line != NULL ? strchr (line, '"') : NULL;

      /* A new entry, or the end, completes the one before. */
      if (line == NULL || g_str_has_prefix (line, "msgctxt ")
          || (g_str_has_prefix (line, "msgid ") && part != 0))
        {
          if (part == 2 && parts[1]->len > 0)
            g_hash_table_insert (catalogue,
                                 parts[0]->len > 0
                                   ? g_strdup_printf ("%s\004%s", parts[0]->str, parts[1]->str)
                                   : g_strdup (parts[1]->str),
                                 g_strdup (parts[2]->str));
          for (int k = 0; k < 3; k++)
            g_string_truncate (parts[k], 0);
          part = -1;
        }
      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "msgctxt "))
        part = 0;
      else if (g_str_has_prefix (line, "msgid "))
        part = 1;
      else if (g_str_has_prefix (line, "msgstr "))
        part = 2;
      else if (g_str_has_prefix (line, "msgid_plural") || g_str_has_prefix (line, "msgstr["))
        part = 3; /* plural forms: not collected */
      else if (!g_str_has_prefix (line, "\""))
        continue;
      if (part >= 0 && part < 3 && quote != NULL)
        {
          g_autofree char *quoted = g_strndup (quote + 1, strlen (quote + 1) - 1);
          g_autofree char *plain = g_strcompress (quoted);

          g_string_append (parts[part], plain);
        }
    }
  for (int k = 0; k < 3; k++)
    g_string_free (parts[k], TRUE);
  return catalogue;
}

/* Every text a widget tree shows or says: labels, button labels, tooltips. */
static void
collect_texts (GtkWidget *widget, GPtrArray *texts)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)))
    g_ptr_array_add (texts, g_strdup (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget))));
  if (tooltip != NULL)
    g_ptr_array_add (texts, g_strdup (tooltip));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static void
test_zh_cn_window (void)
{
  g_autoptr (GHashTable) catalogue = NULL;
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  PvWindow *window;
  guint translated = 0;

  if (!in_chinese ())
    return;
  catalogue = read_catalogue ();
  window = new_window ();
  wait_for_result (window);
  collect_texts (GTK_WIDGET (window), texts);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];
      const char *msgstr = g_hash_table_lookup (catalogue, text);

      /* An English text the catalogue translates must not be on screen. */
      if (msgstr != NULL && msgstr[0] != '\0' && g_strcmp0 (msgstr, text) != 0)
        g_error ("shown untranslated: \"%s\" (catalogue: \"%s\")", text, msgstr);
      if (has_han (text))
        translated++;
    }
  g_test_message ("%u texts, %u of them in Chinese", texts->len, translated);
  g_assert_cmpuint (translated, >=, 40);
  g_assert_true (has_han (pv_window_get_computation_text (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_zh_cn_explanations (void)
{
  PvWindow *window;
  const char *formula;

  if (!in_chinese ())
    return;
  window = new_window ();
  load_preset (window, 1); /* 5 x 5, kernel 3, ceil_mode */
  formula = pv_window_get_formula_text (window);
  /* The formula itself stays as PyTorch writes it; the words around it are
   * translated. */
  g_assert_nonnull (strstr (formula, "out = ceil((5 + 2*0 - 1*(3-1) - 1) / 3) + 1 = 2"));
  g_assert_true (has_han (formula));
  pv_window_point_output (window, 0, 1, 1);
  g_assert_true (has_han (pv_window_get_detail_text (window)));
  /* Numbers stay "0.5", never "0,5", whatever the language. */
  g_assert_cmpstr (setlocale (LC_NUMERIC, NULL), ==, "C");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_zh_cn_desktop_files (void)
{
  const char *dir = g_getenv ("POOLVIEW_RESOURCES_BUILDDIR");
  g_autofree char *desktop_path = NULL, *metainfo_path = NULL;
  g_autofree char *desktop = NULL, *metainfo = NULL;

  if (!in_chinese ())
    return;
  g_assert_nonnull (dir);
  desktop_path = g_build_filename (dir, "io.github.poolview.PoolView.desktop", NULL);
  metainfo_path = g_build_filename (dir, "io.github.poolview.PoolView.metainfo.xml", NULL);
  g_assert_true (g_file_get_contents (desktop_path, &desktop, NULL, NULL));
  g_assert_true (g_file_get_contents (metainfo_path, &metainfo, NULL, NULL));
  g_assert_nonnull (strstr (desktop, "GenericName[zh_CN]="));
  g_assert_nonnull (strstr (desktop, "Comment[zh_CN]="));
  g_assert_nonnull (strstr (desktop, "Keywords[zh_CN]="));
  g_assert_nonnull (strstr (metainfo, "<summary xml:lang=\"zh_CN\">"));
  g_assert_nonnull (strstr (metainfo, "<p xml:lang=\"zh_CN\">"));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* After gtk_test_init(), which sets en_US: the session's language for
   * messages (the test's LC_ALL), C for numbers, as the app does. */
  pv_ui_init_translations ();
  pv_ui_init ();
  pv_ui_load_style ();
  /* The "window-zh_CN" test runs the same program for the translation's
   * tests only; the "window" test runs the rest. */
  if (g_strcmp0 (g_getenv ("POOLVIEW_TEST_LANGUAGE"), "zh_CN") == 0)
    {
      g_test_add_func ("/ui/i18n/zh_CN/window", test_zh_cn_window);
      g_test_add_func ("/ui/i18n/zh_CN/explanations", test_zh_cn_explanations);
      g_test_add_func ("/ui/i18n/zh_CN/desktop-files", test_zh_cn_desktop_files);
    }
  else
    {
      g_test_add_func ("/ui/window/opens-on-sample", test_opens_on_sample);
      g_test_add_func ("/ui/window/highlighted-window", test_highlighted_window);
      g_test_add_func ("/ui/window/ceil-mode-adds-cells", test_ceil_mode_adds_cells);
      g_test_add_func ("/ui/window/invalid-padding-explained", test_invalid_padding_explained);
      g_test_add_func ("/ui/window/worked-examples", test_worked_examples);
      g_test_add_func ("/ui/window/input-readers-and-coverage", test_input_readers_and_coverage);
      g_test_add_func ("/ui/window/winners", test_winners);
      g_test_add_func ("/ui/window/overlay-counts-on-a-worker", test_overlay_counts_on_a_worker);
      g_test_add_func ("/ui/window/hold-follows-font", test_hold_follows_font);
      g_test_add_func ("/ui/window/keyboard-moves-pinned-cell", test_keyboard_moves_pinned_cell);
      g_test_add_func ("/ui/window/export-png", test_export_png);
      g_test_add_func ("/ui/window/export-starts-in-a-known-folder",
                       test_export_starts_in_a_known_folder);
      g_test_add_func ("/ui/window/load-error-keeps-input", test_load_error_keeps_input);
      g_test_add_func ("/ui/window/copy-pytorch", test_copy_pytorch);
      g_test_add_func ("/ui/window/menu-keys", test_menu_keys);
      g_test_add_func ("/ui/window/all-channels-and-pyramid", test_all_channels_and_pyramid);
      g_test_add_func ("/ui/window/step-through", test_step_through);
      g_test_add_func ("/ui/window/formulas", test_formulas);
      g_test_add_func ("/ui/window/compare", test_compare);
      g_test_add_func ("/ui/window/export-names", test_export_names);
      g_test_add_func ("/ui/window/fits-small-screens", test_fits_small_screens);
      g_test_add_func ("/ui/window/pointing-keeps-layout", test_pointing_keeps_layout);
      g_test_add_func ("/ui/window/toolbar-holds-still", test_toolbar_holds_still);
      g_test_add_func ("/ui/window/show-at-input-size", test_show_at_input_size);
      g_test_add_func ("/ui/window/settings-round-trip", test_settings_round_trip);
      g_test_add_func ("/ui/window/figure", test_figure);
      g_test_add_func ("/ui/window/preset-titles-keep-underscores",
                       test_preset_titles_keep_underscores);
      g_test_add_func ("/ui/window/pyramid-fits", test_pyramid_fits);
      g_test_add_func ("/ui/window/matrix-typo-marks-input", test_matrix_typo_marks_input);
      g_test_add_func ("/ui/window/matrix-refused-by-parameters",
                       test_matrix_refused_by_parameters);
      g_test_add_func ("/ui/window/matrix-mode-keeps-parameters",
                       test_matrix_mode_keeps_parameters);
      g_test_add_func ("/ui/window/text-matrix-opens-editable", test_text_matrix_opens_editable);
      g_test_add_func ("/ui/window/fractional-ratio-formula", test_fractional_ratio_formula);
      g_test_add_func ("/ui/window/figure-whole-cells", test_figure_whole_cells);
      g_test_add_func ("/ui/window/user-presets", test_user_presets);
      g_test_add_func ("/ui/window/preset-dialog", test_preset_dialog);
      g_test_add_func ("/ui/window/remove-user-preset", test_remove_user_preset);
      g_test_add_func ("/ui/window/open-zoom", test_open_zoom);
      g_test_add_func ("/ui/window/code-popover", test_code_popover);
    }
  return g_test_run ();
}
