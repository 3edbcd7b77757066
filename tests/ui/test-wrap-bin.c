/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wrapping labels' bin (ui/pv-wrap-bin.c): asked for its width at any
 * height it answers with its child's width for no particular height (so a
 * wrapping label never searches for the narrowest width that fits), and
 * otherwise measures and allocates exactly as its child would; it draws
 * its child behind a transparent rectangle covering all the child draws,
 * a different one at each snapshot, so that a change anywhere in the child
 * is one rectangle of damage. */
#include <gtk/gtk.h>

#include "pv-wrap-bin.h"

#define TEXT                                                                                    \
  "R: max(224, 225, 226, 225, 224, 227, 226, 227, 224) = 227 "                                \
  "G: max(112, 112, 112, 112, 112, 112, 112, 112, 112) = 112"

typedef struct
{
  int min, nat;
} Size;

static Size
measure (GtkWidget *widget, GtkOrientation orientation, int for_size)
{
  Size s;

  gtk_widget_measure (widget, orientation, for_size, &s.min, &s.nat, NULL, NULL);
  return s;
}

static void
test_width_whatever_the_height (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bin = pv_wrap_bin_new ();
  GtkWidget *label = gtk_label_new (TEXT);
  Size line, wanted, given, label_at_height;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  pv_wrap_bin_set_child (PV_WRAP_BIN (bin), label);
  gtk_window_set_child (GTK_WINDOW (window), bin);
  g_assert_true (pv_wrap_bin_get_child (PV_WRAP_BIN (bin)) == label);
  g_assert_cmpint (gtk_widget_get_request_mode (bin), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  line = measure (label, GTK_ORIENTATION_VERTICAL, -1);
  wanted = measure (label, GTK_ORIENTATION_HORIZONTAL, -1);
  /* What the label alone answers at two lines' height: its search's
   * narrowest fit, not its width for no height. */
  label_at_height = measure (label, GTK_ORIENTATION_HORIZONTAL, 2 * line.nat);
  g_assert_true (label_at_height.min != wanted.min || label_at_height.nat != wanted.nat);

  given = measure (bin, GTK_ORIENTATION_HORIZONTAL, 2 * line.nat);
  g_assert_cmpint (given.min, ==, wanted.min);
  g_assert_cmpint (given.nat, ==, wanted.nat);

  /* Height for width: the label's own. */
  for (int width = 80; width <= 800; width += 120)
    {
      Size want = measure (label, GTK_ORIENTATION_VERTICAL, width);
      Size got = measure (bin, GTK_ORIENTATION_VERTICAL, width);

      g_assert_cmpint (got.min, ==, want.min);
      g_assert_cmpint (got.nat, ==, want.nat);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_allocates_its_child (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bin = pv_wrap_bin_new ();
  GtkWidget *label = gtk_label_new (TEXT);
  Size h;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  g_object_set (bin, "child", label, NULL);
  gtk_window_set_child (GTK_WINDOW (window), bin);
  h = measure (bin, GTK_ORIENTATION_VERTICAL, 300);
  gtk_widget_allocate (bin, 300, h.nat, -1, NULL);
  g_assert_cmpint (gtk_widget_get_width (label), ==, 300);
  g_assert_cmpint (gtk_widget_get_height (label), ==, h.nat);

  /* Replaced and removed children are unparented; an empty bin is 0 x 0. */
  g_object_ref (label);
  pv_wrap_bin_set_child (PV_WRAP_BIN (bin), gtk_label_new ("b"));
  g_assert_null (gtk_widget_get_parent (label));
  g_object_unref (label);
  pv_wrap_bin_set_child (PV_WRAP_BIN (bin), NULL);
  h = measure (bin, GTK_ORIENTATION_HORIZONTAL, -1);
  g_assert_cmpint (h.min, ==, 0);
  g_assert_cmpint (h.nat, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The bin's own snapshot, as GTK takes it when the bin must be drawn again. */
static GskRenderNode *
snapshot_bin (GtkWidget *bin)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (bin)->snapshot (bin, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static gboolean
rect_contains (const graphene_rect_t *outer, const graphene_rect_t *inner)
{
  return outer->origin.x <= inner->origin.x && outer->origin.y <= inner->origin.y
         && outer->origin.x + outer->size.width >= inner->origin.x + inner->size.width
         && outer->origin.y + outer->size.height >= inner->origin.y + inner->size.height;
}

static void
test_one_rectangle_of_damage (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bin = pv_wrap_bin_new ();
  GtkWidget *label = gtk_label_new (TEXT);
  GskRenderNode *first, *second;
  const GdkRGBA *first_colour, *second_colour;
  graphene_rect_t own = GRAPHENE_RECT_INIT (0, 0, 0, 0), marker, text, again;
  GtkCssProvider *css = gtk_css_provider_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* A child that draws past its allocation, as a label's ink may. */
  gtk_css_provider_load_from_data (css, ".ink-out { box-shadow: 0 0 0 6px black; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_widget_add_css_class (label, "ink-out");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  pv_wrap_bin_set_child (PV_WRAP_BIN (bin), label);
  gtk_window_set_child (GTK_WINDOW (window), bin);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 100);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (label) || gtk_widget_get_width (bin) == 0)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  own.size.width = gtk_widget_get_width (bin);
  own.size.height = gtk_widget_get_height (bin);

  first = snapshot_bin (bin);
  g_assert_nonnull (first);
  g_assert_cmpint (gsk_render_node_get_node_type (first), ==, GSK_CONTAINER_NODE);
  g_assert_cmpuint (gsk_container_node_get_n_children (first), ==, 2);
  g_assert_cmpint (gsk_render_node_get_node_type (gsk_container_node_get_child (first, 0)), ==,
                   GSK_COLOR_NODE);
  first_colour = gsk_color_node_get_color (gsk_container_node_get_child (first, 0));
  g_assert_cmpfloat (first_colour->alpha, ==, 0.0);
  gsk_render_node_get_bounds (gsk_container_node_get_child (first, 0), &marker);
  gsk_render_node_get_bounds (gsk_container_node_get_child (first, 1), &text);
  g_assert_true (rect_contains (&marker, &own));
  /* The shadow reaches 6 px past the bin's allocation; so does the rectangle. */
  g_assert_cmpfloat (marker.origin.x, <=, -6.0);
  g_assert_cmpfloat (marker.size.width, >=, own.size.width + 12.0);
  g_assert_true (rect_contains (&marker, &text));

  /* Drawn again (as after a change in the child): another colour, so that
   * GTK counts the whole rectangle as changed. */
  second = snapshot_bin (bin);
  g_assert_cmpint (gsk_render_node_get_node_type (second), ==, GSK_CONTAINER_NODE);
  second_colour = gsk_color_node_get_color (gsk_container_node_get_child (second, 0));
  g_assert_cmpfloat (second_colour->alpha, ==, 0.0);
  g_assert_false (gdk_rgba_equal (first_colour, second_colour));
  gsk_render_node_get_bounds (gsk_container_node_get_child (second, 0), &again);
  g_assert_true (graphene_rect_equal (&again, &marker));
  gsk_render_node_unref (first);
  gsk_render_node_unref (second);

  /* Nothing to draw, nothing drawn. */
  gtk_widget_set_visible (label, FALSE);
  g_assert_null (snapshot_bin (bin));
  pv_wrap_bin_set_child (PV_WRAP_BIN (bin), NULL);
  g_assert_null (snapshot_bin (bin));
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  g_object_unref (css);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/wrap-bin/width-whatever-the-height", test_width_whatever_the_height);
  g_test_add_func ("/ui/wrap-bin/allocates-its-child", test_allocates_its_child);
  g_test_add_func ("/ui/wrap-bin/one-rectangle-of-damage", test_one_rectangle_of_damage);
  return g_test_run ();
}
