/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pv-renderer.h"

#include <epoxy/gl.h>
#include <gtk/gtk.h>
#include <string.h>

/* Mesa's software rasterisers, as GL_RENDERER names them. */
static gboolean
is_software (const char *renderer)
{
  static const char *const names[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (renderer, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

const char *
pv_renderer_prefer_cairo_without_gpu (void)
{
  static char reason[160];
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr (GdkGLContext) context = NULL;
  const char *renderer;

  if (g_getenv ("GSK_RENDERER") != NULL || display == NULL)
    return NULL;
  /* Without OpenGL at all GTK falls back to cairo by itself. */
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return NULL;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  if (renderer != NULL && is_software (renderer))
    {
      /* GTK reads the variable when it makes the first window's renderer. */
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
      g_snprintf (reason, sizeof reason, "cairo, as OpenGL would run in software (%s)", renderer);
    }
  gdk_gl_context_clear_current ();
  return reason[0] != '\0' ? reason : NULL;
}
