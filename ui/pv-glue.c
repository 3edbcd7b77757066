/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-glue.h"

#include <math.h>

G_DEFINE_QUARK (pv-error-quark, pv_error)

void
pv_set_gerror (GError **error, const pv_error *err)
{
  g_set_error_literal (error, PV_ERROR, (int) err->status, err->message);
}

struct _PvTensorRef
{
  pv_tensor tensor;
};

PvTensorRef *
pv_tensor_ref_new_take (pv_tensor *tensor)
{
  PvTensorRef *self = g_atomic_rc_box_new0 (PvTensorRef);

  self->tensor = *tensor;
  memset (tensor, 0, sizeof *tensor);
  return self;
}

PvTensorRef *
pv_tensor_ref_ref (PvTensorRef *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
tensor_ref_clear (gpointer data)
{
  PvTensorRef *self = data;

  pv_tensor_free (&self->tensor);
}

void
pv_tensor_ref_unref (PvTensorRef *self)
{
  g_atomic_rc_box_release_full (self, tensor_ref_clear);
}

const pv_tensor *
pv_tensor_ref_get (PvTensorRef *self)
{
  return &self->tensor;
}

static inline guint8
to_byte (double v, const PvDisplayRange *range)
{
  double t = (v - range->lo) / (range->hi - range->lo);

  t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
  return (guint8) lround (t * 255.0);
}

/* One pixel of a picture: planes holds c_n planes of plane values each, i
 * is the pixel's index within a plane. Returns premultiplied ARGB. */
typedef guint32 (*PixelFunc) (const pv_tensor *planes, int64_t c_n, gsize plane, gsize i,
                              const void *user);

static cairo_surface_t *
paint_planes (const pv_tensor *planes, PixelFunc pixel, const void *user)
{
  const pv_shape *s = &planes->shape;
  int64_t c_n = s->rank == 3 ? s->dims[0] : 1;
  int64_t h = s->dims[s->rank - 2], w = s->dims[s->rank - 1];
  gsize plane = (gsize) (h * w);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) h);
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (int64_t y = 0; y < h; y++)
    {
      guint32 *row = (guint32 *) (data + y * stride);

      for (int64_t x = 0; x < w; x++)
        row[x] = pixel (planes, c_n, plane, (gsize) (y * w + x), user);
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

#define NAN_PIXEL 0xffff00ffu /* magenta: no value maps to it */

typedef struct
{
  int channel;
  const PvDisplayRange *range;
} ValuePaint;

static guint32
value_pixel (const pv_tensor *planes, int64_t c_n, gsize plane, gsize i, const void *user)
{
  const ValuePaint *paint = user;
  guint32 r, g, b, a = 255;

  if (paint->channel < 0 && c_n >= 3)
    {
      double vr = pv_tensor_get (planes, i), vg = pv_tensor_get (planes, plane + i);
      double vb = pv_tensor_get (planes, 2 * plane + i);

      if (isnan (vr) || isnan (vg) || isnan (vb))
        return NAN_PIXEL;
      r = to_byte (vr, paint->range), g = to_byte (vg, paint->range);
      b = to_byte (vb, paint->range);
    }
  else
    {
      double v = pv_tensor_get (planes, (gsize) MAX (paint->channel, 0) * plane + i);

      if (isnan (v))
        return NAN_PIXEL;
      r = g = b = to_byte (v, paint->range);
    }
  if (paint->channel < 0 && (c_n == 4 || c_n == 2))
    {
      /* Cairo stores premultiplied alpha. */
      a = to_byte (pv_tensor_get (planes, (gsize) (c_n - 1) * plane + i), paint->range);
      r = (r * a + 127) / 255, g = (g * a + 127) / 255, b = (b * a + 127) / 255;
    }
  return a << 24 | r << 16 | g << 8 | b;
}

cairo_surface_t *
pv_surface_from_planes (const pv_tensor *planes, int channel, const PvDisplayRange *range)
{
  ValuePaint paint = { channel, range };

  return paint_planes (planes, value_pixel, &paint);
}

double
pv_tensor_max_abs (const pv_tensor *t)
{
  size_t n = 0;
  double m = 0.0;

  pv_shape_numel (&t->shape, &n);
  for (size_t i = 0; i < n; i++)
    {
      double v = fabs (pv_tensor_get (t, i));

      if (isfinite (v) && v > m)
        m = v;
    }
  return m;
}

typedef struct
{
  int channel;
  double scale; /* 1 / the largest magnitude shown at full strength */
} DifferencePaint;

static guint32
difference_pixel (const pv_tensor *planes, int64_t c_n, gsize plane, gsize i, const void *user)
{
  const DifferencePaint *paint = user;
  guint32 r, g, b;

  if (paint->channel < 0 && c_n >= 3)
    {
      double d[3];

      /* Colour differences: mid-grey at 0, each channel brighter or darker. */
      for (int c = 0; c < 3; c++)
        d[c] = CLAMP (pv_tensor_get (planes, (gsize) c * plane + i) * paint->scale, -1.0, 1.0);
      r = (guint32) lround (127.5 + 127.5 * d[0]);
      g = (guint32) lround (127.5 + 127.5 * d[1]);
      b = (guint32) lround (127.5 + 127.5 * d[2]);
    }
  else
    {
      double v = pv_tensor_get (planes, (gsize) MAX (paint->channel, 0) * plane + i) * paint->scale;
      double t = CLAMP (fabs (v), 0.0, 1.0);

      /* White at 0, towards red (positive) or blue (negative). */
      if (isnan (v))
        return NAN_PIXEL;
      if (v >= 0)
        r = 255, g = b = (guint32) lround (255 * (1 - t * 0.85));
      else
        b = 255, r = g = (guint32) lround (255 * (1 - t * 0.85));
    }
  return 0xffu << 24 | r << 16 | g << 8 | b;
}

cairo_surface_t *
pv_surface_from_difference (const pv_tensor *planes, int channel, double max_abs)
{
  DifferencePaint paint = { channel, max_abs > 0 ? 1.0 / max_abs : 0.0 };

  return paint_planes (planes, difference_pixel, &paint);
}

GdkTexture *
pv_texture_from_surface (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr (GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  /* The bytes keep the surface alive instead of copying its pixels. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * (gsize) h,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  /* ARGB32 is premultiplied BGRA in memory on little-endian machines. */
  return gdk_memory_texture_new (w, h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, (gsize) stride);
}
