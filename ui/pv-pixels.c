/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-pixels.h"

#include <math.h>

#include "pv-bands.h"
#include "pv-palette.h"
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
  /* Heat maps: counts (no planes), coloured through a table of each count
   * up to @heat_max when that is short, else one by one. */
  GBytes *counts_bytes;
  const guint32 *counts;
  guint32 heat_max;
  PvHeatScale heat_scale;
  guint32 *heat_table;
  guint64 *heat_wide; /* the table's colours spread (see spread()) */
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

/* Premultiplied ARGB of @rgb at opacity @a. */
static guint32
premultiplied (guint32 rgb, double a)
{
  return (guint32) (a * 255) << 24 | (guint32) (((rgb >> 16) & 0xff) * a) << 16
         | (guint32) (((rgb >> 8) & 0xff) * a) << 8 | (guint32) ((rgb & 0xff) * a);
}

/* Winners: pixels no maximum keeps are veiled, so what survives max
 * pooling stands out in its own colours; those kept by several
 * overlapping windows are tinted the winner's yellow, more for more. */
static guint32
wins_colour (guint32 count, guint32 max)
{
  if (count == 0)
    return premultiplied (0x000000, 0.62);
  if (count == 1 || max < 2)
    return 0;
  return premultiplied (COLOR_WINNER, 0.3 + 0.4 * (double) (count - 2) / (double) MAX (max - 2, 1));
}

/* A sequential scale for coverage; 0, never read, stands apart in red. */
static guint32
heat_colour (guint32 count, guint32 max, PvHeatScale scale)
{
  double t, r, g, b, a = 0.62;

  if (scale == PV_HEAT_WINS)
    return wins_colour (count, max);
  if (count == 0)
    return 0xd9u << 24 | 0xbe1b24u; /* premultiplied by alpha 0.85 */
  t = max > 1 ? (double) (count - 1) / (double) (max - 1) : 1.0;
  r = 0x35 + t * (0xf6 - 0x35);
  g = 0x84 + t * (0xd3 - 0x84);
  b = 0xe4 + t * (0x2d - 0xe4);
  return (guint32) (a * 255) << 24 | (guint32) (r * a) << 16 | (guint32) (g * a) << 8
         | (guint32) (b * a);
}

/* A colour's four channels in 16-bit lanes, so that the colours of up to
 * 257 cells add in one 64-bit sum. */
static inline guint64
spread (guint32 c)
{
  return (guint64) (c & 0xff) | (guint64) ((c >> 8) & 0xff) << 16
         | (guint64) ((c >> 16) & 0xff) << 32 | (guint64) (c >> 24) << 48;
}

/* Counts run from 0 to the largest, a few dozen for real windows: their
 * colours are worked out once each, not once a pixel. */
#define HEAT_TABLE_MAX 65536

PvPixels *
pv_pixels_new_heat (GBytes *counts, int rows, int cols, guint32 max, PvHeatScale scale)
{
  PvPixels *self;

  g_return_val_if_fail (rows > 0 && cols > 0, NULL);
  g_return_val_if_fail (g_bytes_get_size (counts) == (gsize) rows * (gsize) cols * sizeof (guint32),
                        NULL);
  self = g_new0 (PvPixels, 1);
  self->counts_bytes = g_bytes_ref (counts);
  self->counts = g_bytes_get_data (counts, NULL);
  self->rows = rows;
  self->cols = cols;
  self->c_n = 1;
  self->heat_max = max;
  self->heat_scale = scale;
  if (max < HEAT_TABLE_MAX)
    {
      self->heat_table = g_new (guint32, (gsize) max + 1);
      self->heat_wide = g_new (guint64, (gsize) max + 1);
      for (guint32 i = 0; i <= max; i++)
        {
          self->heat_table[i] = heat_colour (i, max, scale);
          self->heat_wide[i] = spread (self->heat_table[i]);
        }
    }
  return self;
}

static inline guint32
heat_of (const PvPixels *self, guint32 count)
{
  return self->heat_table != NULL && count <= self->heat_max
           ? self->heat_table[count]
           : heat_colour (count, self->heat_max, self->heat_scale);
}

void
pv_pixels_free (PvPixels *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->planes, pv_tensor_ref_unref);
  g_clear_pointer (&self->counts_bytes, g_bytes_unref);
  g_free (self->heat_table);
  g_free (self->heat_wide);
  g_free (self);
}

/* A value's byte: [lo, hi] onto [0, 255], rounded; NaN gives 0 (callers
 * check NaN first). Written as selects so the row loops below vectorise. */
static inline guint32
to_byte (float v, float lo, float scale)
{
  float t = (v - lo) * scale;

  t = t > 0.0f ? t : 0.0f;
  t = t < 255.0f ? t : 255.0f;
  return (guint32) (t + 0.5f);
}

/* Cairo stores premultiplied alpha. */
static inline guint32
premultiply (guint32 c, guint32 a)
{
  return (c * a + 127) / 255;
}

static float
byte_scale (const PvPixels *self)
{
  return (float) (255.0 / (self->range.hi - self->range.lo));
}

/* The colour of values @v (one per channel shown: 1, or 3 or 4 for the
 * composite, 2 for gray with alpha). */
static guint32
colour_of (const PvPixels *self, const float *v, int n)
{
  float lo = (float) self->range.lo, scale = byte_scale (self);
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
      r = to_byte (v[0], lo, scale), g = to_byte (v[1], lo, scale), b = to_byte (v[2], lo, scale);
    }
  else
    {
      if (isnan (v[0]))
        return NAN_PIXEL;
      r = g = b = to_byte (v[0], lo, scale);
    }
  if (n == 4 || n == 2)
    {
      if (isnan (v[n - 1]))
        return NAN_PIXEL;
      a = to_byte (v[n - 1], lo, scale);
      r = premultiply (r, a), g = premultiply (g, a), b = premultiply (b, a);
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

gboolean
pv_pixels_difference_in_colour (const PvPixels *self)
{
  const float *planes[4];

  return self->difference && self->counts == NULL && shown_planes (self, planes) >= 3;
}

guint32
pv_pixels_get (const PvPixels *self, int row, int col)
{
  const float *planes[4];
  float v[4];
  int n = self->counts != NULL ? 0 : shown_planes (self, planes);
  gsize i = (gsize) row * (gsize) self->cols + (gsize) col;

  if (self->counts != NULL)
    return heat_of (self, self->counts[i]);
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

/* One row of what the pixels show of one plane: the cell under each pixel,
 * or the mean of the four samples around it (NaN stays NaN). */
static void
gather_row (const float *plane, gsize ra, gsize rb, const int *xa, const int *xb, int begin,
            int end, gboolean mean, float *out)
{
  const float *a = plane + ra, *b = plane + rb;

  if (mean)
    for (int i = begin; i < end; i++)
      out[i] = (a[xa[i]] + a[xb[i]] + b[xa[i]] + b[xb[i]]) * 0.25f;
  else
    for (int i = begin; i < end; i++)
      out[i] = a[xa[i]];
}

/* Values rows @v (@n of them: gray, gray and alpha, colour, colour and
 * alpha) to pixels, as colour_of() does one at a time. Inlined with @n a
 * constant, each loop is straight-line and GCC vectorises it. */
static inline __attribute__ ((always_inline)) void
map_values (float *const *v, int n, int begin, int end, float lo, float scale, guint32 *out)
{
  for (int i = begin; i < end; i++)
    {
      gboolean nan = v[0][i] != v[0][i];
      guint32 r = to_byte (v[0][i], lo, scale), g = r, b = r, a = 255;

      if (n >= 3)
        {
          nan |= (v[1][i] != v[1][i]) | (v[2][i] != v[2][i]);
          g = to_byte (v[1][i], lo, scale);
          b = to_byte (v[2][i], lo, scale);
        }
      if (n == 2 || n == 4)
        {
          nan |= v[n - 1][i] != v[n - 1][i];
          a = to_byte (v[n - 1][i], lo, scale);
          r = premultiply (r, a), g = premultiply (g, a), b = premultiply (b, a);
        }
      out[i] = nan ? NAN_PIXEL : a << 24 | r << 16 | g << 8 | b;
    }
}

/* Scratch memory, one block per thread and @key, kept between frames so
 * that drawing a new result allocates nothing but its surface. */
static gpointer
scratch (GPrivate *key, gsize bytes)
{
  gsize *block = g_private_get (key);

  if (block == NULL || block[0] < bytes)
    {
      /* The first 16 bytes hold the capacity, keeping the rest aligned.
       * g_private_replace frees the old block. */
      gsize *grown = g_malloc (16 + bytes);

      grown[0] = bytes;
      g_private_replace (key, grown);
      block = grown;
    }
  return (char *) block + 16;
}

typedef struct
{
  const PvPixels *self;
  const float *planes[4];
  int n;
  gboolean mean;
  int width, begin, end; /* pixels [begin, end) of a row are on the panel */
  const int *xa, *xb, *ya, *yb;
  const int *box_x, *box_y; /* heat maps reduced: cell edges of each pixel */
  guint8 *data;
  int stride;
} Render;

static void
render_rows (gpointer data, int row0, int row1)
{
  const Render *r = data;
  const PvPixels *self = r->self;
  float lo = (float) self->range.lo, scale = byte_scale (self);
  static GPrivate rows_key = G_PRIVATE_INIT (g_free);
  float *rows = scratch (&rows_key, 4 * (gsize) r->width * sizeof (float));
  float *v[4] = { rows, rows + r->width, rows + 2 * r->width, rows + 3 * r->width };

  for (int j = row0; j < row1; j++)
    {
      guint32 *out = (guint32 *) (r->data + (gsize) j * (gsize) r->stride);
      gsize ra, rb;

      /* Pixels off the panel stay as cairo creates them: transparent. */
      if (r->ya[j] < 0)
        continue;
      ra = (gsize) r->ya[j] * (gsize) self->cols, rb = (gsize) r->yb[j] * (gsize) self->cols;
      for (int k = 0; k < r->n; k++)
        gather_row (r->planes[k], ra, rb, r->xa, r->xb, r->begin, r->end, r->mean, v[k]);
      if (self->difference)
        {
          for (int i = r->begin; i < r->end; i++)
            {
              float px[4];

              for (int k = 0; k < r->n; k++)
                px[k] = v[k][i];
              out[i] = colour_of (self, px, r->n);
            }
          continue;
        }
      switch (r->n)
        {
        case 1:
          map_values (v, 1, r->begin, r->end, lo, scale, out);
          break;
        case 2:
          map_values (v, 2, r->begin, r->end, lo, scale, out);
          break;
        case 3:
          map_values (v, 3, r->begin, r->end, lo, scale, out);
          break;
        default:
          map_values (v, 4, r->begin, r->end, lo, scale, out);
          break;
        }
    }
}

#define SPREAD_RUN 256

/* The mean colour of the cells under a pixel, box [x0, x1) x [y0, y1). A
 * reduced heat map must not sample: coverage repeats with the stride, and
 * a few samples a pixel show that period beating with the screen's as
 * stripes the counts do not have (a 4K map at a tenth of its size). */
static guint32
heat_box (const PvPixels *self, int x0, int x1, int y0, int y1)
{
  guint64 sum[4] = { 0, 0, 0, 0 };
  guint64 n = (guint64) (x1 - x0) * (guint64) (y1 - y0);
  guint32 mean = 0;

  for (int y = y0; y < y1; y++)
    {
      const guint32 *row = self->counts + (gsize) y * (gsize) self->cols;

      for (int x = x0; x < x1; x += SPREAD_RUN)
        {
          int end = MIN (x1, x + SPREAD_RUN);
          guint64 lanes = 0;

          if (self->heat_wide != NULL)
            for (int i = x; i < end; i++)
              lanes += row[i] <= self->heat_max ? self->heat_wide[row[i]]
                                                : spread (heat_of (self, row[i]));
          else
            for (int i = x; i < end; i++)
              lanes += spread (heat_of (self, row[i]));
          for (int k = 0; k < 4; k++)
            sum[k] += (lanes >> (16 * k)) & 0xffff;
        }
    }
  for (int k = 0; k < 4; k++)
    mean |= (guint32) ((sum[k] + n / 2) / n) << (8 * k);
  return mean;
}

/* A heat map's rows: the colour of the count under each pixel, or, reduced,
 * the mean colour of every cell under it. */
static void
heat_rows (gpointer data, int row0, int row1)
{
  const Render *r = data;
  const PvPixels *self = r->self;

  for (int j = row0; j < row1; j++)
    {
      guint32 *out = (guint32 *) (r->data + (gsize) j * (gsize) r->stride);
      const guint32 *a;

      if (r->ya[j] < 0)
        continue;
      if (r->box_x != NULL)
        {
          for (int i = r->begin; i < r->end; i++)
            out[i] = heat_box (self, r->box_x[2 * i], r->box_x[2 * i + 1], r->box_y[2 * j],
                               r->box_y[2 * j + 1]);
          continue;
        }
      a = self->counts + (gsize) r->ya[j] * (gsize) self->cols;
      for (int i = r->begin; i < r->end; i++)
        out[i] = heat_of (self, a[r->xa[i]]);
    }
}

/* The cells under each of @n pixels along one axis, [box[2i], box[2i + 1])
 * within [0, @cells): reduced (@step > 1), from the pixel's edge to the
 * next pixel's; magnified, the one cell @sample the pictures show there
 * (a pixel's edge may lie in the cell before). */
static void
box_edges (double origin, double step, int n, int64_t cells, const int *sample, int *box)
{
  for (int i = 0; i < n; i++)
    {
      int64_t a = (int64_t) floor (origin + i * step);
      int64_t b = (int64_t) floor (origin + (i + 1) * step);

      a = CLAMP (a, 0, cells);
      b = CLAMP (b, 0, cells);
      if ((step <= 1.0 || b <= a) && sample[i] >= 0)
        a = sample[i], b = sample[i] + 1;
      box[2 * i] = (int) a;
      box[2 * i + 1] = (int) b;
    }
}

/* Below this many pixels a helper thread costs more than it saves. */
#define PARALLEL_PIXELS 32768
#define BAND_ROWS 16

cairo_surface_t *
pv_pixels_render (const PvPixels *self, double row0, double col0, double step_rows,
                  double step_cols, int width, int height)
{
  static GPrivate positions_key = G_PRIVATE_INIT (g_free);
  int w = MAX (width, 0), h = MAX (height, 0);
  /* Nothing to draw still gets a surface, one transparent pixel. */
  int w1 = MAX (w, 1), h1 = MAX (h, 1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w1, h1);
  int *xa = scratch (&positions_key, (2 * (gsize) w1 + 2 * (gsize) h1) * sizeof (int));
  int *xb = xa + w1, *ya = xb + w1, *yb = ya + h1;
  Render r = {
    .self = self,
    .mean = step_rows > 1.0 || step_cols > 1.0,
    .width = w,
    .xa = xa,
    .xb = xb,
    .ya = ya,
    .yb = yb,
    .data = cairo_image_surface_get_data (surface),
    .stride = cairo_image_surface_get_stride (surface),
  };

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  r.n = self->counts != NULL ? 0 : shown_planes (self, r.planes);
  sample_positions (col0, step_cols, w, self->cols, xa, xb);
  sample_positions (row0, step_rows, h, self->rows, ya, yb);
  /* Positions grow along a row, so the pixels off the panel are a prefix
   * and a suffix of it. */
  for (r.begin = 0; r.begin < w && xa[r.begin] < 0; r.begin++)
    ;
  for (r.end = w; r.end > r.begin && xa[r.end - 1] < 0; r.end--)
    ;
  if (self->counts != NULL && r.mean)
    {
      static GPrivate boxes_key = G_PRIVATE_INIT (g_free);
      int *box_x = scratch (&boxes_key, (2 * (gsize) w1 + 2 * (gsize) h1) * sizeof (int));
      int *box_y = box_x + 2 * w1;

      box_edges (col0, step_cols, w, self->cols, xa, box_x);
      box_edges (row0, step_rows, h, self->rows, ya, box_y);
      r.box_x = box_x, r.box_y = box_y;
    }
  if ((gint64) w * h >= PARALLEL_PIXELS)
    pv_bands_run (h, BAND_ROWS, self->counts != NULL ? heat_rows : render_rows, &r);
  else
    (self->counts != NULL ? heat_rows : render_rows) (&r, 0, h);
  cairo_surface_mark_dirty (surface);
  return surface;
}
