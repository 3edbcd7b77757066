/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wrapping labels' bin (ui/pv-wrap-bin.c): asked for its width at any
 * height it answers with its child's width for no particular height (so a
 * wrapping label never searches for the narrowest width that fits), and
 * otherwise measures and allocates exactly as its child would. */
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

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/wrap-bin/width-whatever-the-height", test_width_whatever_the_height);
  g_test_add_func ("/ui/wrap-bin/allocates-its-child", test_allocates_its_child);
  return g_test_run ();
}
