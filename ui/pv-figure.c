/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-figure.h"

#include <glib/gi18n.h>
#include <math.h>

#include "engine/image.h"
#include "pv-glue.h"

#define MARGIN 24.0
#define GAP 16.0

static double
text_height (cairo_t *cr, PangoLayout *layout, double width)
{
  int w, h;

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

static PangoLayout *
make_layout (cairo_t *cr, const char *text, const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text ? text : "", -1);
  pango_font_description_free (desc);
  return layout;
}

/* Cairo's premultiplied ARGB to straight RGBA for the PNG writer. */
static gboolean
surface_to_image (cairo_surface_t *surface, pv_image *image, GError **error)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  pv_error err;

  if (pv_image_alloc (image, (uint32_t) w, (uint32_t) h, 4, 8, &err) != PV_OK)
    {
      pv_set_gerror (error, &err);
      return FALSE;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        guint a = px >> 24;
        guint8 *o = (guint8 *) image->pixels + ((gsize) y * (gsize) w + (gsize) x) * 4;

        o[3] = (guint8) a;
        for (int c = 0; c < 3; c++)
          {
            guint v = (px >> (16 - 8 * c)) & 0xff;

            o[c] = a ? (guint8) MIN (255u, (v * 255 + a / 2) / a) : 0;
          }
      }
  return TRUE;
}

cairo_surface_t *
pv_figure_draw (PvTensorView *const *views, guint n, const char *title, const char *caption,
                double scale, GError **error)
{
  double content_w = 0, content_h = 0, title_h, caption_h, width, height;
  cairo_surface_t *measure, *surface;
  cairo_t *cr;
  PangoLayout *title_layout, *caption_layout;
  g_autofree graphene_rect_t *bounds = g_new0 (graphene_rect_t, n);
  g_autofree gboolean *shown = g_new0 (gboolean, n);
  guint n_shown = 0;

  /* Each view's content, not the empty room around it in the window. */
  for (guint i = 0; i < n; i++)
    {
      shown[i] = pv_tensor_view_get_figure_bounds (views[i], &bounds[i]);
      if (!shown[i])
        continue;
      content_w += bounds[i].size.width + (n_shown ? GAP : 0);
      content_h = MAX (content_h, bounds[i].size.height);
      n_shown++;
    }
  if (n_shown == 0)
    {
      g_set_error_literal (error, PV_ERROR, PV_ERR_ARGUMENT, _("There is nothing to draw yet"));
      return NULL;
    }

  /* Measure the texts at the figure's width first. */
  measure = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (measure);
  title_layout = make_layout (cr, title, "Sans Bold 13");
  caption_layout = make_layout (cr, caption, "Monospace 11");
  title_h = text_height (cr, title_layout, content_w);
  caption_h = caption && caption[0] ? text_height (cr, caption_layout, content_w) : 0;
  cairo_destroy (cr);
  cairo_surface_destroy (measure);

  width = content_w + 2 * MARGIN;
  height = MARGIN + title_h + GAP + content_h + (caption_h > 0 ? GAP + caption_h : 0) + MARGIN;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                        (int) ceil (height * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  pango_cairo_update_layout (cr, title_layout);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, title_layout);
  {
    double x = MARGIN, y = MARGIN + title_h + GAP;

    for (guint i = 0; i < n; i++)
      {
        const graphene_rect_t *b = &bounds[i];

        if (!shown[i])
          continue;
        /* Views of different heights share a middle line, as on screen. */
        cairo_save (cr);
        cairo_translate (cr, x - b->origin.x,
                         y + (content_h - b->size.height) / 2 - b->origin.y);
        cairo_rectangle (cr, b->origin.x, b->origin.y, b->size.width, b->size.height);
        cairo_clip (cr);
        pv_tensor_view_draw (views[i], cr);
        cairo_restore (cr);
        x += b->size.width + GAP;
      }
    if (caption_h > 0)
      {
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        pango_cairo_update_layout (cr, caption_layout);
        cairo_move_to (cr, MARGIN, y + content_h + GAP);
        pango_cairo_show_layout (cr, caption_layout);
      }
  }
  cairo_destroy (cr);
  g_object_unref (title_layout);
  g_object_unref (caption_layout);
  return surface;
}

gboolean
pv_figure_save (cairo_surface_t *surface, const char *title, const char *path, GError **error)
{
  char software[64];
  pv_png_text texts[2] = { { "Software", software }, { "Description", title } };
  pv_image image;
  pv_error err;

  if (!surface_to_image (surface, &image, error))
    return FALSE;
  g_snprintf (software, sizeof software, "PoolView %s", PACKAGE_VERSION);
  if (pv_png_write_file (path, &image, texts, 2, &err) != PV_OK)
    {
      pv_image_free (&image);
      pv_set_gerror (error, &err);
      return FALSE;
    }
  pv_image_free (&image);
  return TRUE;
}
