/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-pixels.h"

#include <math.h>

#include "pv-slot.h"

#define NAN_PIXEL 0xffff00ffu /* magenta: no value maps to it */

struct _PvPixels
{
  PvTensorRef *planes;
  const float *data;
  int64_t c_n, rows, cols;
  int channel;
  gboolean difference;
  PvDisplayRange range;
  double scale; /* differences: 1 / the largest magnitude at full strength */
};

static PvPixels *
pixels_new (PvTensorRef *planes, int channel)
{
  PvPixels *self = g_new0 (PvPixels, 1);
  const pv_tensor *t = pv_tensor_ref_get (planes);
  const pv_shape *s = &t->shape;

  /* Everything the views show is float32: inputs are kept so, and results
   * and differences are computed so. */
  g_return_val_if_fail (t->dtype == PV_DTYPE_F32, NULL);
  self->planes = pv_tensor_ref_ref (planes);
  self->data = t->data;
  self->c_n = s->rank == 3 ? s->dims[0] : 1;
  self->rows = s->dims[s->rank - 2];
  self->cols = s->dims[s->rank - 1];
  self->channel = channel;
  return self;
}

PvPixels *
pv_pixels_new_values (PvTensorRef *planes, int channel, const PvDisplayRange *range)
{
  PvPixels *self = pixels_new (planes, channel);

  self->range = *range;
  return self;
}

PvPixels *
pv_pixels_new_difference (PvTensorRef *planes, int channel, double max_abs)
{
  PvPixels *self = pixels_new (planes, channel);

  self->difference = TRUE;
  self->scale = max_abs > 0 ? 1.0 / max_abs : 0.0;
  return self;
}

void
pv_pixels_free (PvPixels *self)
{
  if (self == NULL)
    return;
  pv_tensor_ref_unref (self->planes);
  g_free (self);
}

static inline guint32
to_byte (float v, float lo, float inv)
{
  float t = (v - lo) * inv;

  t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
  return (guint32) (t * 255.0f + 0.5f);
}

/* The colour of values @v (one per channel shown: 1, or 3 or 4 for the
 * composite, 2 for gray with alpha). */
static guint32
colour_of (const PvPixels *self, const float *v, int n)
{
  float lo = (float) self->range.lo;
  float inv = (float) (1.0 / (self->range.hi - self->range.lo));
  guint32 r, g, b, a = 255;

  if (self->difference)
    {
      if (n >= 3)
        {
          /* Colour differences: mid-gray at 0, each channel up or down. */
          guint32 c[3];

          for (int k = 0; k < 3; k++)
            {
              double d = CLAMP (v[k] * self->scale, -1.0, 1.0);

              if (isnan (v[k]))
                return NAN_PIXEL;
              c[k] = (guint32) lround (127.5 + 127.5 * d);
            }
          return 0xffu << 24 | c[0] << 16 | c[1] << 8 | c[2];
        }
      else
        {
          double d = v[0] * self->scale;
          double t = CLAMP (fabs (d), 0.0, 1.0);
          guint32 fade = (guint32) lround (255 * (1 - t * 0.85));

          /* White at 0, towards red (positive) or blue (negative). */
          if (isnan (d))
            return NAN_PIXEL;
          return d >= 0 ? 0xffff0000u | fade << 8 | fade : 0xff0000ffu | fade << 16 | fade << 8;
        }
    }
  if (n >= 3)
    {
      if (isnan (v[0]) || isnan (v[1]) || isnan (v[2]))
        return NAN_PIXEL;
      r = to_byte (v[0], lo, inv), g = to_byte (v[1], lo, inv), b = to_byte (v[2], lo, inv);
    }
  else
    {
      if (isnan (v[0]))
        return NAN_PIXEL;
      r = g = b = to_byte (v[0], lo, inv);
    }
  if (n == 4 || n == 2)
    {
      /* Cairo stores premultiplied alpha. */
      a = to_byte (v[n - 1], lo, inv);
      r = (r * a + 127) / 255, g = (g * a + 127) / 255, b = (b * a + 127) / 255;
    }
  return a << 24 | r << 16 | g << 8 | b;
}

/* The planes a pixel reads, and how many. */
static int
shown_planes (const PvPixels *self, const float **planes)
{
  gsize plane = (gsize) (self->rows * self->cols);

  if (self->channel < 0 && self->c_n >= 2)
    {
      int n = (int) MIN (self->c_n, 4);

      for (int k = 0; k < n; k++)
        planes[k] = self->data + (gsize) k * plane;
      /* Gray with alpha shows as gray, alpha; three or four as colour. */
      return self->difference ? MIN (n, 3) : n;
    }
  planes[0] = self->data + (gsize) MAX (self->channel, 0) * plane;
  return 1;
}

guint32
pv_pixels_get (const PvPixels *self, int row, int col)
{
  const float *planes[4];
  float v[4];
  int n = shown_planes (self, planes);
  gsize i = (gsize) row * (gsize) self->cols + (gsize) col;

  for (int k = 0; k < n; k++)
    v[k] = planes[k][i];
  return colour_of (self, v, n);
}

/* Sample positions along one axis: for each of @n pixels, one or two cell
 * indices inside [0, @cells), or -1 off the panel. */
static void
sample_positions (double origin, double step, int n, int64_t cells, int *first, int *second)
{
  for (int i = 0; i < n; i++)
    {
      double a = origin + (i + (step > 1.0 ? 0.25 : 0.5)) * step;
      double b = origin + (i + 0.75) * step;
      int64_t fa = (int64_t) floor (a), fb = (int64_t) floor (b);

      first[i] = fa >= 0 && fa < cells ? (int) fa : -1;
      second[i] = step > 1.0 && fb >= 0 && fb < cells ? (int) fb : first[i];
      if (first[i] < 0)
        first[i] = second[i];
      if (second[i] < 0)
        second[i] = first[i];
    }
}

cairo_surface_t *
pv_pixels_render (const PvPixels *self, double row0, double col0, double step_rows,
                  double step_cols, int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1),
                                                         MAX (height, 1));
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autofree int *xa = g_new (int, MAX (width, 1));
  g_autofree int *xb = g_new (int, MAX (width, 1));
  g_autofree int *ya = g_new (int, MAX (height, 1));
  g_autofree int *yb = g_new (int, MAX (height, 1));
  const float *planes[4];
  int n = shown_planes (self, planes);
  gboolean mean = step_rows > 1.0 || step_cols > 1.0;

  cairo_surface_flush (surface);
  sample_positions (col0, step_cols, width, self->cols, xa, xb);
  sample_positions (row0, step_rows, height, self->rows, ya, yb);
  for (int j = 0; j < height; j++)
    {
      guint32 *out = (guint32 *) (data + (gsize) j * (gsize) stride);
      gsize ra = (gsize) ya[j] * (gsize) self->cols, rb = (gsize) yb[j] * (gsize) self->cols;

      if (ya[j] < 0)
        {
          memset (out, 0, (gsize) width * 4);
          continue;
        }
      if (!self->difference && (n == 1 || n == 3))
        {
          /* The common cases, gray and colour, without the general colour
           * mapping's calls. */
          float lo = (float) self->range.lo;
          float scale = (float) (255.0 / (self->range.hi - self->range.lo));

          for (int i = 0; i < width; i++)
            {
              guint32 px = 0xff000000u;

              if (xa[i] < 0)
                {
                  out[i] = 0;
                  continue;
                }
              for (int k = 0; k < n; k++)
                {
                  const float *p = planes[k];
                  float v = mean ? (p[ra + (gsize) xa[i]] + p[ra + (gsize) xb[i]]
                                    + p[rb + (gsize) xa[i]] + p[rb + (gsize) xb[i]])
                                     * 0.25f
                                 : p[ra + (gsize) xa[i]];
                  float t = (v - lo) * scale;

                  if (v != v)
                    {
                      px = NAN_PIXEL;
                      break;
                    }
                  t = t < 0.0f ? 0.0f : t > 255.0f ? 255.0f : t;
                  px |= n == 1 ? (guint32) (t + 0.5f) * 0x010101u
                               : (guint32) (t + 0.5f) << (16 - 8 * k);
                }
              out[i] = px;
            }
          continue;
        }
      for (int i = 0; i < width; i++)
        {
          float v[4];

          if (xa[i] < 0)
            {
              out[i] = 0;
              continue;
            }
          for (int k = 0; k < n; k++)
            {
              const float *p = planes[k];

              /* A pixel larger than a cell shows their mean (NaN stays
               * NaN); a smaller one the cell under it. */
              v[k] = mean ? (p[ra + (gsize) xa[i]] + p[ra + (gsize) xb[i]] + p[rb + (gsize) xa[i]]
                             + p[rb + (gsize) xb[i]])
                              * 0.25f
                          : p[ra + (gsize) xa[i]];
            }
          out[i] = colour_of (self, v, n);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}
