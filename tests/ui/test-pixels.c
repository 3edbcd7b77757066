/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The view's pixels (ui/pv-pixels.c): every pixel pv_pixels_render() draws
 * equals the colour of the values its header promises (the cell under it,
 * or the mean of 2 x 2 samples across it; nothing off the panel), worked
 * out here one pixel at a time through pv_pixels_get() on a one-cell
 * tensor. Random values reach past the display range and include NaN;
 * views are large enough to be drawn on several threads and placed partly
 * off the panel on every side. A few colours are worked out by hand. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "pv-pixels.h"
#include "pv-slot.h"

typedef struct
{
  int c_n, rows, cols;
  int channel;
  gboolean difference;
  double row0, col0, step_rows, step_cols;
  int width, height;
} Case;

static PvTensorRef *
random_planes (int c_n, int rows, int cols, GRand *rand)
{
  pv_shape shape = { .rank = 3, .dims = { c_n, rows, cols } };
  pv_tensor t;
  pv_error err;
  float *v;

  g_assert_cmpint (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, &err), ==, PV_OK);
  v = t.data;
  for (gsize i = 0; i < (gsize) c_n * rows * cols; i++)
    {
      double u = g_rand_double (rand);

      /* Mostly inside [0, 255], some beyond either end, a few NaN. */
      v[i] = u < 0.02 ? NAN : (float) g_rand_double_range (rand, -40.0, 300.0);
    }
  return pv_tensor_ref_new_take (&t);
}

static PvPixels *
pixels_for (const Case *c, PvTensorRef *planes)
{
  static const PvDisplayRange range = { 0.0, 255.0 };

  return c->difference ? pv_pixels_new_difference (planes, c->channel, 120.0)
                       : pv_pixels_new_values (planes, c->channel, &range);
}

/* The cell index of each of a pixel's samples along one axis, or -1 off
 * the panel, as the header describes them. */
static void
samples_along (double origin, double step, int i, int cells, int *first, int *second)
{
  double a = step > 1.0 ? origin + (i + 0.25) * step : origin + (i + 0.5) * step;
  double b = step > 1.0 ? origin + (i + 0.75) * step : a;
  int fa = (int) floor (a), fb = (int) floor (b);

  *first = fa >= 0 && fa < cells ? fa : -1;
  *second = fb >= 0 && fb < cells ? fb : -1;
  /* A sample off the panel is replaced by the one on it. */
  if (*first < 0)
    *first = *second;
  if (*second < 0)
    *second = *first;
}

/* What pixel (i, j) should be. */
static guint32
expected_pixel (const Case *c, const float *data, int i, int j)
{
  gboolean mean = c->step_rows > 1.0 || c->step_cols > 1.0;
  int xa, xb, ya, yb;
  pv_shape shape = { .rank = 3, .dims = { c->c_n, 1, 1 } };
  pv_tensor cell;
  pv_error err;
  PvTensorRef *ref;
  PvPixels *pixels;
  guint32 colour;

  samples_along (c->col0, c->step_cols, i, c->cols, &xa, &xb);
  samples_along (c->row0, c->step_rows, j, c->rows, &ya, &yb);
  if (xa < 0 || ya < 0)
    return 0;
  g_assert_cmpint (pv_tensor_alloc (&cell, PV_DTYPE_F32, &shape, &err), ==, PV_OK);
  for (int k = 0; k < c->c_n; k++)
    {
      const float *p = data + (gsize) k * c->rows * c->cols;
      float a = p[(gsize) ya * c->cols + xa], b = p[(gsize) ya * c->cols + xb];
      float d = p[(gsize) yb * c->cols + xa], e = p[(gsize) yb * c->cols + xb];

      ((float *) cell.data)[k] = mean ? (a + b + d + e) * 0.25f : a;
    }
  ref = pv_tensor_ref_new_take (&cell);
  pixels = pixels_for (c, ref);
  colour = pv_pixels_get (pixels, 0, 0);
  pv_pixels_free (pixels);
  pv_tensor_ref_unref (ref);
  return colour;
}

static void
check_case (const Case *c, GRand *rand)
{
  PvTensorRef *planes = random_planes (c->c_n, c->rows, c->cols, rand);
  const float *data = pv_tensor_ref_get (planes)->data;
  PvPixels *pixels = pixels_for (c, planes);
  cairo_surface_t *surface = pv_pixels_render (pixels, c->row0, c->col0, c->step_rows,
                                               c->step_cols, c->width, c->height);
  const guint8 *out = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int wrong = 0;

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, c->width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, c->height);
  for (int j = 0; j < c->height; j++)
    for (int i = 0; i < c->width; i++)
      {
        guint32 got = ((const guint32 *) (out + (gsize) j * stride))[i];
        guint32 want = expected_pixel (c, data, i, j);

        if (got != want && wrong++ < 5)
          g_test_message ("C=%d channel %d%s: pixel (%d, %d) is %08x, not %08x", c->c_n,
                          c->channel, c->difference ? " difference" : "", i, j, got, want);
      }
  g_assert_cmpint (wrong, ==, 0);
  cairo_surface_destroy (surface);
  pv_pixels_free (pixels);
  pv_tensor_ref_unref (planes);
}

/* Every shown combination of planes, in values and differences, over one
 * placement. */
static void
check_all_planes (Case c, GRand *rand)
{
  for (c.c_n = 1; c.c_n <= 5; c.c_n++)
    for (int d = 0; d < 2; d++)
      {
        int channels[] = { -1, 0, c.c_n - 1 };

        c.difference = d;
        for (guint k = 0; k < G_N_ELEMENTS (channels); k++)
          {
            c.channel = channels[k];
            check_case (&c, rand);
          }
      }
}

/* Reduced: each pixel spans several cells, and shows their samples' mean. */
static void
test_reduced (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  /* 260 x 150 pixels are drawn in bands on several threads. */
  Case c = { .rows = 333, .cols = 517, .step_rows = 2.3, .step_cols = 2.05, .width = 260,
             .height = 150 };

  check_all_planes (c, rand);
}

/* The view placed past the panel's edges: rows and columns of pixels off
 * it on all four sides, and pixels whose two samples straddle an edge. */
static void
test_partly_off_the_panel (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (12);
  Case c = { .rows = 97, .cols = 181, .row0 = -13.7, .col0 = -21.2, .step_rows = 3.1,
             .step_cols = 2.7, .width = 90, .height = 45 };

  check_all_planes (c, rand);
  c.row0 = 40.4, c.col0 = 120.9, c.width = 300, c.height = 200;
  check_all_planes (c, rand);
}

/* One axis reduced, the other not: two samples across, one down. */
static void
test_one_axis_reduced (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (13);
  Case c = { .rows = 64, .cols = 400, .step_rows = 0.5, .step_cols = 3.5, .width = 120,
             .height = 140 };

  check_all_planes (c, rand);
}

/* Magnified: one pixel a cell (the view scales the surface up). */
static void
test_one_pixel_a_cell (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (14);
  Case c = { .rows = 220, .cols = 300, .row0 = 7, .col0 = 11, .step_rows = 1.0, .step_cols = 1.0,
             .width = 260, .height = 180 };

  check_all_planes (c, rand);
}

/* Zoomed in and scrolled: one pixel a cell, the panel's corner inside the
 * view, with pixels off it above, to the left, below and to the right. */
static void
test_one_pixel_a_cell_off_the_panel (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (15);
  Case c = { .rows = 40, .cols = 70, .row0 = -5, .col0 = -7, .step_rows = 1.0, .step_cols = 1.0,
             .width = 90, .height = 60 };

  check_all_planes (c, rand);
}

/* Just below and at the size from which rows are drawn on several threads. */
static void
test_threading_threshold (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (16);
  Case below = { .c_n = 3, .channel = -1, .rows = 500, .cols = 500, .step_rows = 2.5,
                 .step_cols = 2.5, .width = 181, .height = 181 };
  Case at = below;

  at.width = 256, at.height = 128;
  check_case (&below, rand);
  check_case (&at, rand);
}

/* A tensor of @c_n planes of @rows x @cols from @values, plane by plane. */
static PvTensorRef *
planes_of (int c_n, int rows, int cols, const float *values)
{
  pv_shape shape = { .rank = 3, .dims = { c_n, rows, cols } };
  pv_tensor t;

  g_assert_cmpint (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
  memcpy (t.data, values, (gsize) c_n * rows * cols * sizeof (float));
  return pv_tensor_ref_new_take (&t);
}

static guint32
pixel_at (cairo_surface_t *surface, int i, int j)
{
  const guint8 *row = cairo_image_surface_get_data (surface)
                      + (gsize) j * cairo_image_surface_get_stride (surface);

  return ((const guint32 *) row)[i];
}

/* The @w x @h pixels pv_pixels_render() draws of @values (@c_n planes of
 * @rows x @cols, shown composite), each pixel @step cells wide, as values
 * in @range or (with no range) as differences up to 10. */
static guint32 *
render_values (const float *values, int c_n, int rows, int cols, const PvDisplayRange *range,
               double step, int w, int h)
{
  PvTensorRef *ref = planes_of (c_n, rows, cols, values);
  PvPixels *pixels = range != NULL ? pv_pixels_new_values (ref, PV_CHANNEL_COMPOSITE, range)
                                   : pv_pixels_new_difference (ref, PV_CHANNEL_COMPOSITE, 10.0);
  cairo_surface_t *s = pv_pixels_render (pixels, 0, 0, step, step, w, h);
  guint32 *out = g_new (guint32, (gsize) w * h);

  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      out[j * w + i] = pixel_at (s, i, j);
  cairo_surface_destroy (s);
  pv_pixels_free (pixels);
  pv_tensor_ref_unref (ref);
  return out;
}

/* Colours worked out by hand, not through the code under test. */
static void
test_known_colours (void)
{
  static const float gray[] = { 0, 255, 10, 20, 51, 102, 30, 40 }; /* 2 x 4 */
  static const float colour[] = { 255, 0, 127.5f, 127.5f };        /* 4 x 1 x 1 */
  static const float odd[] = { 15, 5, 25, NAN };                   /* 1 x 4 */
  const PvDisplayRange bytes = { 0, 255 }, narrow = { 10, 20 };
  g_autofree guint32 *halved = render_values (gray, 1, 2, 4, &bytes, 2.0, 2, 1);
  g_autofree guint32 *cells = render_values (gray, 1, 2, 4, &bytes, 1.0, 4, 2);
  g_autofree guint32 *rgb = render_values (colour, 3, 1, 1, &bytes, 1.0, 1, 1);
  g_autofree guint32 *rgba = render_values (colour, 4, 1, 1, &bytes, 1.0, 1, 1);
  g_autofree guint32 *ranged = render_values (odd, 1, 1, 4, &narrow, 1.0, 4, 1);
  g_autofree guint32 *differences = render_values (odd, 1, 1, 4, NULL, 1.0, 4, 1);

  /* Two cells to a pixel each way: the means 102 and 25. */
  g_assert_cmphex (halved[0], ==, 0xff666666);
  g_assert_cmphex (halved[1], ==, 0xff191919);
  /* One pixel a cell. */
  g_assert_cmphex (cells[1], ==, 0xffffffff);
  g_assert_cmphex (cells[4], ==, 0xff333333);
  /* Colour rounds 127.5 up; alpha 128 premultiplies red to 128. */
  g_assert_cmphex (rgb[0], ==, 0xffff0080);
  g_assert_cmphex (rgba[0], ==, 0x80800040);
  /* A range of [10, 20]: the middle, below, above; NaN is magenta. */
  g_assert_cmphex (ranged[0], ==, 0xff808080);
  g_assert_cmphex (ranged[1], ==, 0xff000000);
  g_assert_cmphex (ranged[2], ==, 0xffffffff);
  g_assert_cmphex (ranged[3], ==, 0xffff00ff);
  /* Differences up to 10: red, fading from white by 85% at full strength. */
  g_assert_cmphex (differences[1], ==, 0xffff9393); /* 5: 255 (1 - 0.5 x 0.85) */
  g_assert_cmphex (differences[0], ==, 0xffff2626); /* 15, beyond 10 */
}

/* Heat maps: @counts (@rows x @cols) up to @max drawn @w x @h from
 * (@row0, @col0), @step cells a pixel. */
static cairo_surface_t *
render_heat (const guint32 *counts, int rows, int cols, guint32 max, PvHeatScale scale,
             double row0, double col0, double step, int w, int h)
{
  g_autoptr (GBytes) bytes = g_bytes_new (counts, (gsize) rows * cols * sizeof (guint32));
  PvPixels *pixels = pv_pixels_new_heat (bytes, rows, cols, max, scale);
  cairo_surface_t *s = pv_pixels_render (pixels, row0, col0, step, step, w, h);

  pv_pixels_free (pixels);
  return s;
}

/* A heat map's colours worked out by hand: coverage from blue (one window)
 * to yellow (the most), red where none reads; winners dim the pixels no max
 * keeps, leave the single winners clear and tint the rest yellow. */
static void
test_heat_colours (void)
{
  static const guint32 counts[] = { 0, 1, 4, 2 };
  cairo_surface_t *coverage = render_heat (counts, 1, 4, 4, PV_HEAT_COVERAGE, 0, 0, 1.0, 4, 1);
  cairo_surface_t *wins = render_heat (counts, 1, 4, 4, PV_HEAT_WINS, 0, 0, 1.0, 4, 1);
  cairo_surface_t *halved = render_heat (counts, 1, 4, 4, PV_HEAT_COVERAGE, 0, 0, 2.0, 2, 1);

  g_assert_cmphex (pixel_at (coverage, 0, 0), ==, 0xd9be1b24); /* red at alpha 0.85 */
  g_assert_cmphex (pixel_at (coverage, 1, 0), ==, 0x9e20518d); /* #3584e4 at 0.62 */
  g_assert_cmphex (pixel_at (coverage, 2, 0), ==, 0x9e98821b); /* #f6d32d at 0.62 */
  g_assert_cmphex (pixel_at (wins, 0, 0), ==, 0x9e000000);     /* black at 0.62 */
  g_assert_cmphex (pixel_at (wins, 1, 0), ==, 0);
  g_assert_cmphex (pixel_at (wins, 3, 0), ==, 0x4c493f0d);     /* #f6d32d at 0.3 */
  /* Two cells a pixel: the mean of their colours, channel by channel
   * (0xd9 and 0x9e: 0xbc, rounded up). */
  g_assert_cmphex (pixel_at (halved, 0, 0), ==, 0xbc6f3659);
  cairo_surface_destroy (coverage);
  cairo_surface_destroy (wins);
  cairo_surface_destroy (halved);
}

/* The colour of one count, through a one-cell map. */
static guint32
heat_colour_of (guint32 count, guint32 max, PvHeatScale scale)
{
  cairo_surface_t *s = render_heat (&count, 1, 1, max, scale, 0, 0, 1.0, 1, 1);
  guint32 c = pixel_at (s, 0, 0);

  cairo_surface_destroy (s);
  return c;
}

/* The cells under pixel @i along one axis, as the header says: reduced,
 * from its edge to the next pixel's, within the panel, at least the cell
 * its first sample falls in; magnified, the cell the pictures sample. */
static void
box_along (double origin, double step, int i, int cells, int *from, int *to)
{
  int a = (int) floor (origin + i * step), b = (int) floor (origin + (i + 1) * step);
  int first, second;

  samples_along (origin, step, i, cells, &first, &second);
  *from = CLAMP (a, 0, cells);
  *to = CLAMP (b, 0, cells);
  if (step <= 1.0 || *to <= *from)
    *from = first, *to = first + 1;
}

/* Reduced, a heat map shows the mean colour of every cell under a pixel,
 * not of a few samples: coverage repeats with the stride, and samples
 * would draw that period beating with the screen's as stripes. Random
 * counts, every placement off the panel, one axis magnified; then the
 * coverage of k = 3, s = 2 windows (1 2 1 2 / 2 4 2 4) at a tenth of its
 * size is one even colour. */
static void
test_heat_reduced (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  const int rows = 90, cols = 140;
  g_autofree guint32 *counts = g_new (guint32, rows * cols);
  guint32 colours[6];
  const double placements[][4] = {
    /* row0, col0, step_rows, step_cols */
    { 0, 0, 3.7, 3.7 }, { -20.5, -33.2, 2.3, 4.9 }, { 40, 60, 1.5, 1.5 }, { 10, -5, 0.6, 2.5 },
  };

  for (int i = 0; i < rows * cols; i++)
    counts[i] = (guint32) g_rand_int_range (rand, 0, 6);
  for (guint32 c = 0; c < 6; c++)
    colours[c] = heat_colour_of (c, 5, PV_HEAT_COVERAGE);
  for (guint k = 0; k < G_N_ELEMENTS (placements); k++)
    {
      const double *p = placements[k];
      g_autoptr (GBytes) bytes = g_bytes_new (counts, (gsize) rows * cols * sizeof (guint32));
      PvPixels *pixels = pv_pixels_new_heat (bytes, rows, cols, 5, PV_HEAT_COVERAGE);
      int w = 260, h = 150, wrong = 0;
      cairo_surface_t *s = pv_pixels_render (pixels, p[0], p[1], p[2], p[3], w, h);

      for (int j = 0; j < h; j++)
        for (int i = 0; i < w; i++)
          {
            int x0, x1, y0, y1, xa, xb, ya, yb;
            guint32 want = 0;

            samples_along (p[1], p[3], i, cols, &xa, &xb);
            samples_along (p[0], p[2], j, rows, &ya, &yb);
            if (xa >= 0 && ya >= 0)
              {
                guint64 sum[4] = { 0 }, n;

                box_along (p[1], p[3], i, cols, &x0, &x1);
                box_along (p[0], p[2], j, rows, &y0, &y1);
                n = (guint64) (x1 - x0) * (y1 - y0);
                for (int y = y0; y < y1; y++)
                  for (int x = x0; x < x1; x++)
                    for (int c = 0; c < 4; c++)
                      sum[c] += (colours[counts[y * cols + x]] >> (8 * c)) & 0xff;
                for (int c = 0; c < 4; c++)
                  want |= (guint32) ((sum[c] + n / 2) / n) << (8 * c);
              }
            if (pixel_at (s, i, j) != want && wrong++ < 5)
              g_test_message ("placement %u: pixel (%d, %d) is %08x, not %08x", k, i, j,
                              pixel_at (s, i, j), want);
          }
      g_assert_cmpint (wrong, ==, 0);
      cairo_surface_destroy (s);
      pv_pixels_free (pixels);
    }

  {
    const int big = 400;
    g_autofree guint32 *coverage = g_new (guint32, big * big);
    cairo_surface_t *s;
    int spread = 0;

    for (int y = 0; y < big; y++)
      for (int x = 0; x < big; x++)
        coverage[y * big + x] = (x % 2 ? 1 : 2) * (y % 2 ? 1 : 2);
    s = render_heat (coverage, big, big, 4, PV_HEAT_COVERAGE, 0, 0, 9.7, 41, 41);
    for (int j = 0; j < 41; j++)
      for (int i = 0; i < 41; i++)
        for (int c = 0; c < 32; c += 8)
          spread = MAX (spread, abs ((int) ((pixel_at (s, i, j) >> c) & 0xff)
                                     - (int) ((pixel_at (s, 20, 20) >> c) & 0xff)));
    /* Boxes of 9 and 10 cells hold the odd and even columns in slightly
     * different shares (up to 14 apart in a channel); four samples a
     * pixel drew stripes 70 apart. */
    g_assert_cmpint (spread, <=, 16);
    cairo_surface_destroy (s);
  }
}

/* Nothing to draw, or less than nothing: one transparent pixel. */
static void
test_empty_views (void)
{
  static const float one[] = { 200 };
  const PvDisplayRange bytes = { 0, 255 };
  PvTensorRef *ref = planes_of (1, 1, 1, one);
  PvPixels *pixels = pv_pixels_new_values (ref, 0, &bytes);
  int sizes[][2] = { { 0, 0 }, { 0, 5 }, { 5, 0 }, { -3, 4 }, { 4, -3 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      cairo_surface_t *s = pv_pixels_render (pixels, 0, 0, 1.0, 1.0, sizes[i][0], sizes[i][1]);

      g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (s), ==, MAX (sizes[i][0], 1));
      g_assert_cmpint (cairo_image_surface_get_height (s), ==, MAX (sizes[i][1], 1));
      g_assert_cmphex (pixel_at (s, 0, 0), ==, 0);
      cairo_surface_destroy (s);
    }
  pv_pixels_free (pixels);
  pv_tensor_ref_unref (ref);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/pixels/reduced", test_reduced);
  g_test_add_func ("/ui/pixels/partly-off-the-panel", test_partly_off_the_panel);
  g_test_add_func ("/ui/pixels/one-axis-reduced", test_one_axis_reduced);
  g_test_add_func ("/ui/pixels/one-pixel-a-cell", test_one_pixel_a_cell);
  g_test_add_func ("/ui/pixels/one-pixel-a-cell-off-the-panel",
                   test_one_pixel_a_cell_off_the_panel);
  g_test_add_func ("/ui/pixels/threading-threshold", test_threading_threshold);
  g_test_add_func ("/ui/pixels/known-colours", test_known_colours);
  g_test_add_func ("/ui/pixels/empty-views", test_empty_views);
  g_test_add_func ("/ui/pixels/heat-colours", test_heat_colours);
  g_test_add_func ("/ui/pixels/heat-reduced", test_heat_reduced);
  return g_test_run ();
}
