/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer choice (ui/pv-renderer.c): with OpenGL in software, as on a
 * virtual display, the first window draws with cairo; an explicit
 * $GSK_RENDERER is never overridden. main() unsets it, as users run
 * without it. */
#include <gtk/gtk.h>
#include <string.h>

#include "pv-renderer.h"

static void
test_prefers_cairo (void)
{
  const char *why;
  GtkWidget *window;
  GskRenderer *renderer;

  g_assert_null (g_getenv ("GSK_RENDERER"));
  why = pv_renderer_prefer_cairo_without_gpu ();
  window = gtk_window_new ();
  gtk_widget_realize (window);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_test_message ("choice: %s; renderer: %s", why ? why : "GTK's", G_OBJECT_TYPE_NAME (renderer));
  if (why != NULL)
    {
      g_assert_nonnull (strstr (why, "software"));
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
    }
  else
    g_assert_null (g_getenv ("GSK_RENDERER"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_respects_explicit_choice (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_null (pv_renderer_prefer_cairo_without_gpu ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
}

int
main (int argc, char **argv)
{
  g_unsetenv ("GSK_RENDERER");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/renderer/prefers-cairo-without-gpu", test_prefers_cairo);
  g_test_add_func ("/ui/renderer/respects-explicit-choice", test_respects_explicit_choice);
  return g_test_run ();
}
