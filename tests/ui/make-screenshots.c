/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Makes the README's and the metainfo's screenshots: opens the PoolView
 * window, sets it up through its own actions, points at a cell as the
 * mouse would, and renders the window to a PNG exactly as it is displayed.
 * Run it with build-aux/make-screenshots.sh, which provides the virtual
 * display: "make-screenshots DIR" makes the English set, and
 * "make-screenshots DIR zh_CN" (in that locale) the Chinese one. */

#include <gtk/gtk.h>

#include <string.h>

#include "pv-ui.h"
#include "pv-window.h"

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
settle (PvWindow *window)
{
  PvDocument *doc = pv_window_get_document (window);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  do
    iterate (50);
  while ((pv_document_is_busy (doc) || pv_document_is_stale (doc))
         && g_get_monotonic_time () < deadline);
  iterate (400);
}

static void
save (GtkWidget *widget, const char *path)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  g_autoptr (GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  gsk_render_node_unref (node);
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("cannot write %s", path);
  g_print ("wrote %s (%dx%d)\n", path, w, h);
}

static void
load_preset (PvWindow *window, guint index)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-preset", "u", index);
  settle (window);
}

/* The divisor example, pointed at: the sentence that explains the divisor,
 * the formulas, the window. Also the shot of a translation. */
static void
shoot_divisor (PvWindow *window, const char *path)
{
  load_preset (window, 5);
  pv_window_point_output (window, 0, 2, 2);
  iterate (300);
  save (GTK_WIDGET (window), path);
}

static void
shoot_english (PvWindow *window, const char *dir)
{
  g_autofree char *main_shot = g_build_filename (dir, "poolview-picture.png", NULL);
  g_autofree char *matrix_shot = g_build_filename (dir, "poolview-divisor.png", NULL);
  g_autofree char *ceil_shot = g_build_filename (dir, "poolview-ceil-mode.png", NULL);
  g_autofree char *compare_shot = g_build_filename (dir, "poolview-compare.png", NULL);
  g_autofree char *winners_shot = g_build_filename (dir, "poolview-winners.png", NULL);

  /* The sample, kernel 3, stride 2, zoomed onto the zone plate, with one
   * output cell's window highlighted. */
  for (int i = 0; i < 7; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  settle (window);
  pv_tensor_view_scroll_to_cell (pv_window_get_output_view (window), 0, 124, 48, FALSE);
  settle (window);
  pv_window_point_output (window, 0, 124, 48);
  iterate (300);
  save (GTK_WIDGET (window), main_shot);

  /* The same with Winners on: what max pooling keeps of the zone plate. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "winners");
  settle (window);
  pv_window_point_output (window, 0, 124, 48);
  iterate (300);
  save (GTK_WIDGET (window), winners_shot);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", "s", "none");
  settle (window);

  shoot_divisor (window, matrix_shot);

  /* The 5 x 5 example with ceil_mode: the extra cells and the overhang. */
  load_preset (window, 1);
  pv_window_point_output (window, 0, 1, 1);
  iterate (300);
  save (GTK_WIDGET (window), ceil_shot);

  /* Floor against ceil_mode on the same matrix: B is A with ceil_mode
   * flipped, the extra cells side by side. */
  load_preset (window, 2);
  pv_window_set_comparing (window, TRUE);
  settle (window);
  pv_window_point_output (window, 0, 0, 0);
  iterate (300);
  save (GTK_WIDGET (window), compare_shot);
}

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : ".";
  const char *language = argc > 2 ? argv[2] : NULL;
  PvWindow *window;

  pv_ui_init_translations ();
  gtk_init ();
  pv_ui_init ();
  pv_ui_load_style ();
  window = pv_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 860);
  gtk_window_present (GTK_WINDOW (window));
  settle (window);

  if (language != NULL)
    {
      g_autofree char *name = g_strdup_printf ("poolview-%s.png", language);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      shoot_divisor (window, path);
    }
  else
    shoot_english (window, dir);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
